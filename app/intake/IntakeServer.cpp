// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/IntakeServer.h"

#include "intake/HttpConnection.h"
#include "intake/TlsHandshake.h"

#include <QCoreApplication>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace Intake {

IntakeServer::IntakeServer(QObject* parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &IntakeServer::acceptConnections);
}

IntakeServer::~IntakeServer()
{
    m_server.close();
    for (HttpConnection* c : std::as_const(m_connections)) {
        c->disconnect(this);
        delete c;
    }
    qDeleteAll(m_handshakes);
    // Closed connections still waiting for deleteLater() are children too: delete them while the engine they
    // report their buffers to (HttpConnection's destructor) still exists, not in ~QObject after m_engine.
    const QList<HttpConnection*> closing = findChildren<HttpConnection*>(Qt::FindDirectChildrenOnly);
    for (HttpConnection* c : closing) {
        c->disconnect(this);
        delete c;
    }
}

Core::Result<void> IntakeServer::start(Engine::Options options, const QHostAddress& address, quint16 port)
{
    auto tr = [](const char* s) { return QCoreApplication::translate("Intake::IntakeServer", s); };
    if (!options.effective.canStart()) {
        const auto& err = options.effective.startupErrors.constFirst();
        return Core::makeError(QStringLiteral("serve.config"),
                               tr("APM Server would not start with this configuration: %1: %2").arg(err.key, err.message),
                               err.section, tr("Fix the setting (see `apm-gatekeeper config lint`)."));
    }
    m_tls.reset();
    if (options.effective.tlsEnabled.value) {
        auto tls = TlsSetup::build(options.effective, options.secretLookup);
        if (!tls)
            return tls.error();
        m_tls = std::move(*tls);
    }
    m_server.setTlsEnabled(m_tls.has_value());
    m_engine = std::make_unique<Engine>(std::move(options));
    // max_connections: extra connections wait in the backlog, as Go's LimitListener makes them (§4.1).
    if (m_engine->effective().maxConnections.value > 0)
        m_server.setMaxPendingConnections(int(m_engine->effective().maxConnections.value));
    m_server.setListenBacklogSize(1024); // Qt's default of 50 drops SYNs under a burst of clients
    if (!m_server.listen(address, port))
        return Core::makeError(QStringLiteral("serve.listen"),
                               tr("Cannot listen on %1:%2.").arg(address.toString()).arg(port), m_server.errorString(),
                               tr("Choose another port (or 0 for any free port)."));
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

void IntakeServer::acceptConnections()
{
    // max_connections (§4.1): like Go's netutil.LimitListener, connections beyond the limit are not
    // refused; they wait (in the kernel's backlog, or in QTcpServer's queue) until one of the active ones
    // closes. pauseAccepting() stops taking new ones off the listen socket while at the limit.
    const qint64 limit = m_engine ? m_engine->effective().maxConnections.value : 0;
    while (m_server.hasPendingConnections()) {
        if (limit > 0 && m_connections.size() >= limit && !m_stopping) {
            m_server.pauseAccepting();
            return;
        }
        QTcpSocket* socket = m_server.nextPendingConnection();
        if (m_stopping) {
            socket->close();
            socket->deleteLater();
            continue;
        }
        if (m_tls)
            acceptTls(socket);
        else
            addConnection(socket);
    }
}

HttpConnection* IntakeServer::addConnection(QTcpSocket* socket)
{
    auto* connection = new HttpConnection(socket, *m_engine, this);
    m_connections.insert(connection);
    connect(connection, &HttpConnection::requestFinished, this, &IntakeServer::requestLogged);
    connect(connection, &HttpConnection::closed, this, [this, connection] { connectionClosed(connection); });
    return connection;
}

void IntakeServer::acceptTls(QTcpSocket* socket)
{
    auto* ssl = qobject_cast<QSslSocket*>(socket);
    if (!ssl) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    // Go's handshake deadline is the shortest of ReadHeaderTimeout, ReadTimeout and WriteTimeout
    // (net/http tlsHandshakeTimeout); APM Server sets read_timeout and write_timeout (§4.1).
    const auto& e = m_engine->effective();
    std::chrono::milliseconds timeout{0};
    for (const auto d : {std::chrono::duration_cast<std::chrono::milliseconds>(e.readTimeout.value),
                         std::chrono::duration_cast<std::chrono::milliseconds>(e.writeTimeout.value)}) {
        if (d.count() > 0 && (timeout.count() == 0 || d < timeout))
            timeout = d;
    }
    if (timeout.count() == 0)
        timeout = std::chrono::seconds(10);
    auto* handshake = new TlsHandshake(ssl, *m_tls, timeout, this);
    m_handshakes.insert(handshake);
    connect(handshake, &TlsHandshake::failed, this, &IntakeServer::requestLogged);
    connect(handshake, &TlsHandshake::ready, this,
            [this](QSslSocket* encrypted, const QList<TraceStep>& trace) {
                if (m_stopping) {
                    encrypted->abort();
                    encrypted->deleteLater();
                    return;
                }
                addConnection(encrypted)->setConnectionTrace(trace);
            });
    connect(handshake, &TlsHandshake::finished, this, [this, handshake] {
        if (m_handshakes.remove(handshake))
            handshake->deleteLater();
    });
}

void IntakeServer::connectionClosed(HttpConnection* connection)
{
    if (!m_connections.remove(connection))
        return;
    connection->deleteLater();
    if (m_stopping && m_connections.isEmpty())
        emit stopped();
    const qint64 limit = m_engine ? m_engine->effective().maxConnections.value : 0;
    if (!m_stopping && limit > 0 && m_connections.size() < limit) {
        m_server.resumeAccepting();
        acceptConnections(); // connections Qt accepted before the pause are still queued
    }
}

void IntakeServer::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_server.close();
    // Handshakes in progress never reach a request: close them (Go's Shutdown closes idle and
    // new connections too).
    for (TlsHandshake* h : m_handshakes.values())
        h->deleteLater();
    m_handshakes.clear();
    if (m_connections.isEmpty()) {
        QMetaObject::invokeMethod(this, &IntakeServer::stopped, Qt::QueuedConnection);
        return;
    }
    for (HttpConnection* c : std::as_const(m_connections))
        c->closeWhenIdle();
    const auto timeout = m_engine ? m_engine->effective().shutdownTimeout.value : std::chrono::milliseconds(5000);
    QTimer::singleShot(timeout, this, [this] {
        if (m_connections.isEmpty())
            return;
        for (HttpConnection* c : m_connections.values()) {
            c->disconnect(this);
            c->deleteLater();
        }
        m_connections.clear();
        emit stopped();
    });
}

Core::Result<QPair<QHostAddress, quint16>> parseListenAddress(const QString& hostPort)
{
    auto tr = [](const char* s) { return QCoreApplication::translate("Intake::IntakeServer", s); };
    QString host;
    QString portText;
    if (hostPort.startsWith(QLatin1Char('['))) {
        const qsizetype close = hostPort.indexOf(QLatin1Char(']'));
        host = hostPort.mid(1, close - 1);
        portText = hostPort.mid(close + 2);
    } else {
        const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
        if (colon < 0)
            return Core::makeError(QStringLiteral("serve.address"),
                                   tr("'%1' is not HOST:PORT.").arg(hostPort), {}, tr("Write e.g. 127.0.0.1:8200."));
        host = hostPort.left(colon);
        portText = hostPort.mid(colon + 1);
    }
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port > 65535)
        return Core::makeError(QStringLiteral("serve.address"), tr("'%1' has no valid port.").arg(hostPort));
    QHostAddress address;
    if (host.isEmpty())
        address = QHostAddress::Any;
    else if (host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        return Core::makeError(QStringLiteral("serve.address"),
                               tr("'%1' is not an IP address (or localhost).").arg(host), {},
                               tr("The stub listens on addresses of this machine; use 127.0.0.1."));
    return QPair<QHostAddress, quint16>{address, quint16(port)};
}

} // namespace Intake
