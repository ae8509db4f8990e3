// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "intake/Engine.h"

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QUrl>

#include <memory>

namespace Intake {

class HttpConnection;

// The embedded APM Server stand-in: listens on a socket and answers every agent request from the
// effective settings exactly as the emulated release would. Lives on the thread that creates it.
class IntakeServer : public QObject
{
    Q_OBJECT

public:
    explicit IntakeServer(QObject* parent = nullptr);
    ~IntakeServer() override;

    // Starts listening (port 0 picks a free port). Refuses settings APM Server would not start with.
    Core::Result<void> start(Engine::Options options, const QHostAddress& address, quint16 port);
    // Stops accepting; requests in flight finish, then connections close (graceful, §7
    // shutdown_timeout). Emits stopped() when the last connection is gone or the timeout passed.
    void stop();
    bool isListening() const { return m_server.isListening(); }
    QHostAddress address() const { return m_server.serverAddress(); }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const;
    Engine* engine() const { return m_engine.get(); }
    int connectionCount() const { return int(m_connections.size()); }

signals:
    void requestLogged(const Intake::RequestLogEntry& entry);
    void stopped();

private:
    void acceptConnections();
    void connectionClosed(HttpConnection* connection);

    QTcpServer m_server;
    std::unique_ptr<Engine> m_engine;
    QSet<HttpConnection*> m_connections;
    bool m_stopping = false;
};

// "127.0.0.1:8200", "localhost:8200", "[::1]:8200", ":8200" → address and port.
Core::Result<QPair<QHostAddress, quint16>> parseListenAddress(const QString& hostPort);

} // namespace Intake
