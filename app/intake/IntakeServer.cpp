// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/IntakeServer.h"

#include "intake/IntakeWorker.h"

#include <QCoreApplication>
#include <QThread>

#include <unistd.h>

namespace Intake {

IntakeServer::IntakeServer(QObject* parent)
    : QObject(parent), m_server([this](qintptr descriptor) { onDescriptor(descriptor); })
{
    qRegisterMetaType<Intake::RequestLogEntry>();
    qRegisterMetaType<QList<Intake::RequestLogEntry>>();
}

IntakeServer::~IntakeServer()
{
    m_server.close();
    for (const qintptr d : std::as_const(m_waiting))
        ::close(int(d));
    m_waiting.clear();
    shutDownWorkers();
}

int IntakeServer::defaultWorkerCount()
{
    return std::max(1, QThread::idealThreadCount());
}

void IntakeServer::shutDownWorkers()
{
    // Each worker is deleted on its own thread (its connections and sockets belong to that thread),
    // before the engine they all use.
    for (Worker& w : m_workers) {
        w.worker->disconnect(this);
        if (w.thread) {
            QMetaObject::invokeMethod(w.worker, [worker = w.worker] { delete worker; }, Qt::BlockingQueuedConnection);
            w.thread->quit();
            w.thread->wait();
            delete w.thread;
        } else {
            delete w.worker;
        }
    }
    m_workers.clear();
}

Core::Result<void> IntakeServer::start(Engine::Options options, const QHostAddress& address, quint16 port)
{
    if (!options.effective.canStart()) {
        const auto& err = options.effective.startupErrors.constFirst();
        return Core::makeError(
            QStringLiteral("serve.config"),
            QCoreApplication::translate("Intake::IntakeServer",
                                        "APM Server would not start with this configuration: %1: %2")
                .arg(err.key, err.message),
            err.section,
            QCoreApplication::translate("Intake::IntakeServer", "Fix the setting (see `apm-gatekeeper config lint`)."));
    }
    m_server.close();
    shutDownWorkers();
    m_tls.reset();
    if (options.effective.tlsEnabled.value) {
        auto tls = TlsSetup::build(options.effective, options.secretLookup);
        if (!tls)
            return tls.error();
        m_tls = std::move(*tls);
    }
    m_engine = std::make_unique<Engine>(std::move(options));
    m_server.setListenBacklogSize(1024); // Qt's default of 50 drops SYNs under a burst of clients
    if (!m_server.listen(address, port))
        return Core::makeError(
            QStringLiteral("serve.listen"),
            QCoreApplication::translate("Intake::IntakeServer", "Cannot listen on %1:%2.")
                .arg(address.toString())
                .arg(port),
            m_server.errorString(),
            QCoreApplication::translate("Intake::IntakeServer", "Choose another port (or 0 for any free port)."));
    const int workers = m_requestedWorkers > 0 ? m_requestedWorkers : defaultWorkerCount();
    for (int i = 0; i < workers; ++i) {
        Worker w;
        w.worker = new IntakeWorker(*m_engine, m_tls, workers > 1);
        if (workers > 1) {
            w.thread = new QThread;
            w.thread->setObjectName(QStringLiteral("intake-worker-%1").arg(i + 1));
            w.worker->moveToThread(w.thread);
            w.thread->start();
        }
        // Signal to signal: queued when the worker runs on its own thread, direct otherwise.
        connect(w.worker, &IntakeWorker::requestLogged, this, &IntakeServer::requestLogged);
        connect(w.worker, &IntakeWorker::requestsLogged, this, [this](const QList<RequestLogEntry>& entries) {
            for (const RequestLogEntry& e : entries)
                emit requestLogged(e);
        });
        connect(w.worker, &IntakeWorker::connectionEnded, this, [this, i] { connectionEnded(i); });
        connect(w.worker, &IntakeWorker::drained, this, &IntakeServer::workerDrained);
        m_workers.append(w);
    }
    m_active = 0;
    m_drainedWorkers = 0;
    m_stopping = false;
    return {};
}

QUrl IntakeServer::url() const
{
    QUrl u;
    u.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    u.setHost(m_server.serverAddress().toString());
    u.setPort(m_server.serverPort());
    return u;
}

void IntakeServer::onDescriptor(qintptr descriptor)
{
    if (m_stopping || m_workers.isEmpty()) {
        ::close(int(descriptor));
        return;
    }
    // max_connections (§4.1): like Go's netutil.LimitListener, connections beyond the limit are not
    // refused; they wait until one of the active ones closes. Those already accepted wait here (not
    // read from); pauseAccepting() leaves the next ones in the kernel's backlog.
    const qint64 limit = m_engine->effective().maxConnections.value;
    if (limit > 0 && m_active >= limit) {
        m_waiting.append(descriptor);
        m_server.pauseAccepting();
        return;
    }
    dispatch(descriptor);
}

void IntakeServer::dispatch(qintptr descriptor)
{
    // The worker with the fewest connections (keep-alive clients stay where they landed); ties go
    // round the workers, so short connections one after the other still spread.
    const int n = int(m_workers.size());
    int best = m_nextWorker % n;
    for (int k = 1; k < n; ++k) {
        const int i = (m_nextWorker + k) % n;
        if (m_workers[i].connections < m_workers[best].connections)
            best = i;
    }
    m_nextWorker = (best + 1) % n;
    Worker& w = m_workers[best];
    ++w.connections;
    ++m_active;
    if (w.thread)
        QMetaObject::invokeMethod(w.worker, [worker = w.worker, descriptor] { worker->adopt(descriptor); },
                                  Qt::QueuedConnection);
    else
        w.worker->adopt(descriptor);
}

void IntakeServer::connectionEnded(int worker)
{
    if (worker < m_workers.size())
        --m_workers[worker].connections;
    --m_active;
    if (m_stopping)
        return;
    const qint64 limit = m_engine ? m_engine->effective().maxConnections.value : 0;
    while (!m_waiting.isEmpty() && (limit <= 0 || m_active < limit))
        dispatch(m_waiting.takeFirst());
    if (m_waiting.isEmpty() && (limit <= 0 || m_active < limit))
        m_server.resumeAccepting();
}

void IntakeServer::workerDrained()
{
    if (++m_drainedWorkers == m_workers.size())
        QMetaObject::invokeMethod(this, &IntakeServer::stopped, Qt::QueuedConnection);
}

void IntakeServer::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_server.close();
    for (const qintptr d : std::as_const(m_waiting))
        ::close(int(d));
    m_waiting.clear();
    if (m_workers.isEmpty()) {
        QMetaObject::invokeMethod(this, &IntakeServer::stopped, Qt::QueuedConnection);
        return;
    }
    // Each worker finishes the requests in flight and closes its connections (graceful, §7
    // shutdown_timeout), then reports drained().
    for (const Worker& w : std::as_const(m_workers)) {
        if (w.thread)
            QMetaObject::invokeMethod(w.worker, &IntakeWorker::stop, Qt::QueuedConnection);
        else
            w.worker->stop();
    }
}

Core::Result<QPair<QHostAddress, quint16>> parseListenAddress(const QString& hostPort)
{
    QString host;
    QString portText;
    if (hostPort.startsWith(QLatin1Char('['))) {
        const qsizetype close = hostPort.indexOf(QLatin1Char(']'));
        host = hostPort.mid(1, close - 1);
        portText = hostPort.mid(close + 2);
    } else {
        const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
        if (colon < 0)
            return Core::makeError(
                QStringLiteral("serve.address"),
                QCoreApplication::translate("Intake::IntakeServer", "'%1' is not HOST:PORT.").arg(hostPort), {},
                QCoreApplication::translate("Intake::IntakeServer", "Write e.g. 127.0.0.1:8200."));
        host = hostPort.left(colon);
        portText = hostPort.mid(colon + 1);
    }
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port > 65535)
        return Core::makeError(
            QStringLiteral("serve.address"),
            QCoreApplication::translate("Intake::IntakeServer", "'%1' has no valid port.").arg(hostPort));
    QHostAddress address;
    if (host.isEmpty())
        address = QHostAddress::Any;
    else if (host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        return Core::makeError(
            QStringLiteral("serve.address"),
            QCoreApplication::translate("Intake::IntakeServer", "'%1' is not an IP address (or localhost).").arg(host),
            {},
            QCoreApplication::translate("Intake::IntakeServer",
                                        "The stub listens on addresses of this machine; use 127.0.0.1."));
    return QPair<QHostAddress, quint16>{address, quint16(port)};
}

} // namespace Intake
