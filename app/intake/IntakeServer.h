// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "intake/Engine.h"
#include "intake/TlsListener.h"
#include "intake/TlsSetup.h"

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QUrl>

#include <memory>
#include <optional>

namespace Intake {

class HttpConnection;
class TlsHandshake;

// The embedded APM Server stand-in: listens on a socket and answers every agent request from the
// effective settings exactly as the emulated release would. Lives on the thread that creates it.
class IntakeServer : public QObject
{
    Q_OBJECT

public:
    explicit IntakeServer(QObject* parent = nullptr);
    ~IntakeServer() override;

    // Starts listening (port 0 picks a free port). Refuses settings APM Server would not start with,
    // including unusable TLS files (§5: APM Server does not start either); the error names the file.
    Core::Result<void> start(Engine::Options options, const QHostAddress& address, quint16 port);
    // Stops accepting; requests in flight finish, then connections close (graceful, §7
    // shutdown_timeout). Emits stopped() when the last connection is gone or the timeout passed.
    void stop();
    bool isListening() const { return m_server.isListening(); }
    QHostAddress address() const { return m_server.serverAddress(); }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const; // https:// when ssl is enabled
    bool tlsEnabled() const { return m_tls.has_value(); }
    // What the local OpenSSL cannot do although APM Server would (logged by the caller).
    QStringList tlsWarnings() const { return m_tls ? m_tls->warnings : QStringList(); }
    QString tlsSummary() const { return m_tls ? m_tls->summary : QString(); }
    Engine* engine() const { return m_engine.get(); }
    int connectionCount() const { return int(m_connections.size()); }

signals:
    void requestLogged(const Intake::RequestLogEntry& entry);
    void stopped();

private:
    void acceptConnections();
    void connectionClosed(HttpConnection* connection);
    void acceptTls(QTcpSocket* socket);
    HttpConnection* addConnection(QTcpSocket* socket);

    TlsListener m_server;
    std::optional<TlsServerSetup> m_tls;
    QSet<TlsHandshake*> m_handshakes;
    std::unique_ptr<Engine> m_engine;
    QSet<HttpConnection*> m_connections;
    bool m_stopping = false;
};

// "127.0.0.1:8200", "localhost:8200", "[::1]:8200", ":8200" → address and port.
Core::Result<QPair<QHostAddress, quint16>> parseListenAddress(const QString& hostPort);

} // namespace Intake
