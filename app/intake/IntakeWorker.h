// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "intake/Engine.h"
#include "intake/TlsSetup.h"

#include <QObject>
#include <QSet>

#include <chrono>
#include <optional>

namespace Intake {

class HttpConnection;
class TlsHandshake;

// One event loop's share of the stub's connections. IntakeServer's listener hands it accepted socket
// descriptors (adopt()); it runs their TLS handshakes and HTTP exchanges on the thread it lives in and
// reports back with signals only, so it may live on a worker thread (queued to the server's thread) or
// on the server's own thread. Everything it shares with other workers goes through the Engine.
class IntakeWorker : public QObject
{
    Q_OBJECT

public:
    // tls: the server's TLS setup (copied; Qt's TLS types are implicitly shared and read-only here).
    // batchLog: collect log rows and emit them once per event-loop pass (requestsLogged) instead of one
    // requestLogged each; for a worker on its own thread, where every signal is a cross-thread post.
    IntakeWorker(Engine& engine, std::optional<TlsServerSetup> tls, bool batchLog, QObject* parent = nullptr);
    ~IntakeWorker() override; // deletes its connections (on its own thread)

    // Serves an accepted descriptor (call on the worker's thread). Every adopted descriptor ends with
    // exactly one connectionEnded().
    void adopt(qintptr descriptor);
    // Graceful stop: handshakes are dropped, requests in flight finish, idle connections close; after
    // shutdown_timeout the rest is cut. Emits drained() when nothing is left.
    void stop();
    int connectionCount() const { return int(m_connections.size() + m_handshakes.size()); }

signals:
    void requestLogged(const Intake::RequestLogEntry& entry);          // without batchLog
    void requestsLogged(const QList<Intake::RequestLogEntry>& entries); // with batchLog
    void connectionEnded(); // a connection (or a handshake that never became one) is gone
    void drained();         // after stop(): no connection left

private:
    void acceptTls(qintptr descriptor);
    void addConnection(QTcpSocket* socket, const QList<TraceStep>& trace);
    void connectionClosed(HttpConnection* connection);
    void checkDrained();
    void log(const RequestLogEntry& entry);
    void flushLog();

    Engine& m_engine;
    const std::optional<TlsServerSetup> m_tls;
    std::chrono::milliseconds m_handshakeTimeout{10000};
    QSet<TlsHandshake*> m_handshakes;
    QSet<TlsHandshake*> m_handedOn; // handshakes whose socket became a connection
    QSet<HttpConnection*> m_connections;
    const bool m_batchLog;
    QList<RequestLogEntry> m_logBatch;
    bool m_stopping = false;
    bool m_drained = false;
};

} // namespace Intake
