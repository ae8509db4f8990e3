// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "intake/Engine.h"
#include "intake/Listener.h"
#include "intake/TlsSetup.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QUrl>

#include <memory>
#include <optional>

class QThread;

namespace Intake {

class IntakeWorker;

// The embedded APM Server stand-in: listens on a socket and answers every agent request from the
// effective settings exactly as the emulated release would. Lives on the thread that creates it.
//
// Threads (ARCHITECTURE.md "Threads"): with one worker (the default) the connections are served on
// this object's own thread, as one event loop. With N > 1 workers, N threads each run an event loop
// with an IntakeWorker; the listener stays on this thread, accepts, and hands each descriptor to the
// worker with the fewest connections. Decisions go through the one Engine, whose shared state is
// thread-safe; log rows come back as queued signals, so this thread never waits for a worker.
class IntakeServer : public QObject
{
    Q_OBJECT

public:
    explicit IntakeServer(QObject* parent = nullptr);
    ~IntakeServer() override;

    // Starts listening (port 0 picks a free port). Refuses settings APM Server would not start with,
    // including unusable TLS files (§5: APM Server does not start either); the error names the file.
    Core::Result<void> start(Engine::Options options, const QHostAddress& address, quint16 port);
    // Event loops serving connections, set before start(): 1 = this thread only, N > 1 = N worker
    // threads, 0 = one per core (QThread::idealThreadCount()).
    void setWorkerCount(int workers) { m_requestedWorkers = workers; }
    int workerCount() const { return int(m_workers.size()); }
    static int defaultWorkerCount();
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
    // Connections being served (TLS handshakes included), as this thread knows them: a worker's
    // report of a closed connection arrives through the event loop.
    int connectionCount() const { return m_active; }

signals:
    void requestLogged(const Intake::RequestLogEntry& entry);
    void stopped();

private:
    void onDescriptor(qintptr descriptor);
    void dispatch(qintptr descriptor);
    void connectionEnded(int worker);
    void workerDrained();
    void shutDownWorkers();

    struct Worker
    {
        IntakeWorker* worker = nullptr;
        QThread* thread = nullptr; // null: the worker lives on this thread
        int connections = 0;
    };

    Listener m_server;
    std::optional<TlsServerSetup> m_tls;
    std::unique_ptr<Engine> m_engine;
    QList<Worker> m_workers;
    int m_requestedWorkers = 1;
    int m_nextWorker = 0;
    int m_active = 0;                // descriptors handed to workers and not yet ended
    QList<qintptr> m_waiting;        // accepted beyond max_connections, in arrival order
    int m_drainedWorkers = 0;
    bool m_stopping = false;
};

// "127.0.0.1:8200", "localhost:8200", "[::1]:8200", ":8200" → address and port.
Core::Result<QPair<QHostAddress, quint16>> parseListenAddress(const QString& hostPort);

} // namespace Intake
