// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/IntakeWorker.h"

#include "intake/HttpConnection.h"
#include "intake/TlsHandshake.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <unistd.h>

#include <utility>

namespace Intake {

IntakeWorker::IntakeWorker(Engine& engine, std::optional<TlsServerSetup> tls, bool batchLog, QObject* parent)
    : QObject(parent), m_engine(engine), m_tls(std::move(tls)), m_batchLog(batchLog)
{
    // Go's handshake deadline is the shortest of ReadHeaderTimeout, ReadTimeout and WriteTimeout
    // (net/http tlsHandshakeTimeout); APM Server sets read_timeout and write_timeout (§4.1).
    const auto& e = m_engine.effective();
    std::chrono::milliseconds timeout{0};
    for (const auto d : {std::chrono::duration_cast<std::chrono::milliseconds>(e.readTimeout.value),
                         std::chrono::duration_cast<std::chrono::milliseconds>(e.writeTimeout.value)}) {
        if (d.count() > 0 && (timeout.count() == 0 || d < timeout))
            timeout = d;
    }
    if (timeout.count() > 0)
        m_handshakeTimeout = timeout;
}

IntakeWorker::~IntakeWorker()
{
    flushLog();
    // Connections report their buffers to the engine in their destructors: delete them here, on this
    // thread, while the engine still exists (closed ones waiting for deleteLater() are children too).
    for (HttpConnection* c : std::as_const(m_connections)) {
        c->disconnect(this);
        delete c;
    }
    m_connections.clear();
    qDeleteAll(m_handshakes);
    m_handshakes.clear();
    const QList<HttpConnection*> closing = findChildren<HttpConnection*>(Qt::FindDirectChildrenOnly);
    for (HttpConnection* c : closing) {
        c->disconnect(this);
        delete c;
    }
}

void IntakeWorker::adopt(qintptr descriptor)
{
    if (m_stopping) {
        ::close(int(descriptor));
        emit connectionEnded();
        return;
    }
    if (m_tls) {
        acceptTls(descriptor);
        return;
    }
    auto* socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket; // the descriptor was not adopted
        ::close(int(descriptor));
        emit connectionEnded();
        return;
    }
    addConnection(socket, {});
}

void IntakeWorker::addConnection(QTcpSocket* socket, const QList<TraceStep>& trace)
{
    auto* connection = new HttpConnection(socket, m_engine, this);
    if (!trace.isEmpty())
        connection->setConnectionTrace(trace);
    m_connections.insert(connection);
    connect(connection, &HttpConnection::requestFinished, this, &IntakeWorker::log);
    connect(connection, &HttpConnection::closed, this, [this, connection] { connectionClosed(connection); });
}

void IntakeWorker::acceptTls(qintptr descriptor)
{
    // An unencrypted QSslSocket: TlsHandshake peeks the first bytes before starting the handshake.
    auto* ssl = new QSslSocket;
    if (!ssl->setSocketDescriptor(descriptor)) {
        delete ssl;
        ::close(int(descriptor));
        emit connectionEnded();
        return;
    }
    auto* handshake = new TlsHandshake(ssl, *m_tls, m_handshakeTimeout, this);
    m_handshakes.insert(handshake);
    connect(handshake, &TlsHandshake::failed, this, &IntakeWorker::log);
    connect(handshake, &TlsHandshake::ready, this,
            [this, handshake](QSslSocket* encrypted, const QList<TraceStep>& trace) {
                if (m_stopping) {
                    encrypted->abort();
                    encrypted->deleteLater();
                    return;
                }
                m_handedOn.insert(handshake); // its max_connections slot now belongs to the connection
                addConnection(encrypted, trace);
            });
    connect(handshake, &TlsHandshake::finished, this, [this, handshake] {
        if (!m_handshakes.remove(handshake))
            return;
        handshake->deleteLater();
        if (m_handedOn.remove(handshake))
            return;
        emit connectionEnded();
        checkDrained();
    });
}

void IntakeWorker::log(const RequestLogEntry& entry)
{
    if (!m_batchLog) {
        emit requestLogged(entry);
        return;
    }
    if (m_logBatch.isEmpty())
        QMetaObject::invokeMethod(this, &IntakeWorker::flushLog, Qt::QueuedConnection);
    m_logBatch.append(entry);
}

void IntakeWorker::flushLog()
{
    if (!m_logBatch.isEmpty())
        emit requestsLogged(std::exchange(m_logBatch, {}));
}

void IntakeWorker::connectionClosed(HttpConnection* connection)
{
    if (!m_connections.remove(connection))
        return;
    connection->deleteLater();
    emit connectionEnded();
    checkDrained();
}

void IntakeWorker::checkDrained()
{
    if (m_stopping && !m_drained && m_connections.isEmpty() && m_handshakes.isEmpty()) {
        m_drained = true;
        flushLog();
        emit drained();
    }
}

void IntakeWorker::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    // Handshakes in progress never reach a request: close them (Go's Shutdown closes idle and new
    // connections too).
    for (TlsHandshake* h : m_handshakes.values()) {
        h->disconnect(this);
        h->deleteLater();
        emit connectionEnded();
    }
    m_handshakes.clear();
    m_handedOn.clear();
    for (HttpConnection* c : m_connections.values())
        c->closeWhenIdle(); // may close (and remove) idle ones at once
    checkDrained();
    if (m_drained)
        return;
    const auto timeout = m_engine.effective().shutdownTimeout.value;
    QTimer::singleShot(timeout, this, [this] {
        if (m_drained)
            return;
        for (HttpConnection* c : m_connections.values()) {
            c->disconnect(this);
            c->deleteLater();
            emit connectionEnded();
        }
        m_connections.clear();
        checkDrained();
    });
}

} // namespace Intake
