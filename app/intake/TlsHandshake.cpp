// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/TlsHandshake.h"

#include "core/Logging.h"

#include <QDateTime>
#include <QSslCipher>

namespace Intake {

namespace {
constexpr qint64 kHandshakeReadBuffer = 64 * 1024; // TLS records are at most 16 KiB + overhead
constexpr qsizetype kRecordHeader = 5;
constexpr char kHandshakeRecord = 0x16;

bool isUntrustedIssuer(QSslError::SslError e)
{
    switch (e) {
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::CertificateUntrusted:
    case QSslError::CertificateRejected:
    case QSslError::InvalidCaCertificate:
        return true;
    default:
        return false;
    }
}
} // namespace

TlsHandshake::TlsHandshake(QSslSocket* socket, const TlsServerSetup& setup, std::chrono::milliseconds timeout,
                           QObject* parent)
    : QObject(parent), m_socket(socket), m_setup(setup)
{
    socket->setParent(this);
    m_peer = socket->peerAddress().toString();
    socket->setReadBufferSize(kHandshakeReadBuffer);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        fail(m_started ? QStringLiteral("handshake timeout: the client did not finish the TLS handshake in time")
                       : QStringLiteral("timeout: the client sent nothing"),
             QStringLiteral("i/o timeout"));
    });
    m_deadline.start(timeout);

    connect(socket, &QSslSocket::readyRead, this, [this] {
        if (!m_started)
            inspectFirstBytes();
    });
    connect(socket, &QSslSocket::encrypted, this, &TlsHandshake::onEncrypted);
    connect(socket, &QSslSocket::alertSent, this,
            [this](QSsl::AlertLevel, QSsl::AlertType type, const QString& description) {
                m_alertsSent << description;
                if (type == QSsl::AlertType::CertificateRequired)
                    m_noClientCertificate = true;
            });
    connect(socket, &QSslSocket::alertReceived, this,
            [this](QSsl::AlertLevel, QSsl::AlertType, const QString& description) { m_alertsReceived << description; });
    connect(socket, &QSslSocket::handshakeInterruptedOnError, this,
            [this](const QSslError& error) { m_verifyErrors << error; });
    connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError>& errors) {
        for (const QSslError& e : errors) {
            if (e.error() == QSslError::NoPeerCertificate) {
                m_noClientCertificate = true;
                continue;
            }
            if (!m_verifyErrors.contains(e))
                m_verifyErrors << e;
        }
    });
    connect(socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (m_done)
            return;
        m_socketError = m_socket ? m_socket->errorString() : QString();
        if (!m_started) {
            // Go logs "http: TLS handshake error from …: EOF" for a connection closed before
            // its first record (port probes, health checks) too.
            if (error == QAbstractSocket::RemoteHostClosedError)
                fail(QStringLiteral("EOF: the client closed the connection before sending a TLS record"),
                     QStringLiteral("EOF"));
            else
                fail(QStringLiteral("connection error before the handshake"), m_socketError);
            return;
        }
        fail(classify(), m_socketError);
    });
    connect(socket, &QSslSocket::disconnected, this, [this] {
        if (!m_done)
            fail(m_started ? classify()
                           : QStringLiteral("EOF: the client closed the connection before sending a TLS record"),
                 QStringLiteral("EOF"));
    });
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &TlsHandshake::inspectFirstBytes, Qt::QueuedConnection);
}

TlsHandshake::~TlsHandshake() = default;

QByteArray TlsHandshake::plainHttpAnswer()
{
    // Go's net/http (server.go) writes exactly this when the first TLS record header looks like
    // an HTTP request (§5 "plain HTTP to the TLS port").
    return QByteArrayLiteral("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n");
}

bool TlsHandshake::looksLikeHttp(const QByteArray& header)
{
    // Go's tlsRecordHeaderLooksLikeHTTP: only these five-byte prefixes get the 400 answer.
    static const QByteArray prefixes[] = {"GET /", "HEAD ", "POST ", "PUT /", "OPTIO"};
    for (const QByteArray& p : prefixes) {
        if (header.startsWith(p))
            return true;
    }
    return false;
}

void TlsHandshake::inspectFirstBytes()
{
    if (m_started || m_done || !m_socket)
        return;
    // Peeking an unencrypted QSslSocket leaves the bytes for the handshake.
    const QByteArray head = m_socket->peek(kRecordHeader);
    if (head.isEmpty())
        return;
    if (head.at(0) == kHandshakeRecord) {
        startHandshake();
        return;
    }
    if (head.size() < kRecordHeader)
        return; // wait for the whole record header (or the deadline)
    if (looksLikeHttp(head)) {
        rejectPlainHttp();
        return;
    }
    // Go: "tls: first record does not look like a TLS handshake", logged, connection closed.
    fail(QStringLiteral("first record does not look like a TLS handshake"), QString());
}

void TlsHandshake::rejectPlainHttp()
{
    m_done = true;
    m_deadline.stop();
    RequestLogEntry entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.peer = entry.client = m_peer;
    entry.clientSource = QStringLiteral("peer address");
    entry.method = QStringLiteral("TLS");
    entry.target = QStringLiteral("(plain HTTP)");
    entry.status = 400;
    entry.verdict = QStringLiteral("plain HTTP on the TLS port: Go's 400 \"Client sent an HTTP request to an HTTPS "
                                   "server.\" — the client must use https://");
    entry.trace.append({QStringLiteral("TLS"), QStringLiteral("rejected 400"),
                        QStringLiteral("the first bytes are an HTTP request, not a TLS record; Go's net/http answers "
                                       "with a fixed HTTP/1.0 400 and closes"),
                        QStringLiteral("§5")});
    entry.response.status = 400;
    qCInfo(lcIntake) << "plain HTTP on the TLS port from" << m_peer;
    emit failed(entry);
    if (m_socket) {
        m_socket->write(plainHttpAnswer());
        m_socket->disconnectFromHost(); // unencrypted mode: the answer is sent, then FIN
    }
    // The socket stays ours until it is closed (or the object goes with the server).
    if (m_socket && m_socket->state() != QAbstractSocket::UnconnectedState)
        connect(m_socket, &QSslSocket::disconnected, this, &TlsHandshake::finished);
    else
        emit finished();
    QTimer::singleShot(std::chrono::seconds(2), this, &TlsHandshake::finished);
}

void TlsHandshake::startHandshake()
{
    m_started = true;
    m_socket->setSslConfiguration(m_setup.configuration);
    if (m_setup.clientAuth == Config::ClientAuth::Optional) {
        // "verify if given" (§5): a missing certificate is fine, a bad one is not.
        m_socket->ignoreSslErrors({QSslError(QSslError::NoPeerCertificate)});
    }
    m_socket->startServerEncryption();
}

void TlsHandshake::onEncrypted()
{
    if (m_done || !m_socket)
        return;
    m_done = true;
    m_deadline.stop();
    QSslSocket* socket = m_socket;
    socket->disconnect(this);
    socket->setReadBufferSize(0); // the plain-HTTP path does not cap it either
    socket->setParent(nullptr);
    m_socket = nullptr;
    QList<TraceStep> trace;
    const QSslCertificate client = socket->peerCertificate();
    trace.append({QStringLiteral("TLS"),
                  QStringLiteral("%1 %2").arg(socket->sessionCipher().protocolString(), socket->sessionCipher().name()),
                  client.isNull() ? QStringLiteral("handshake done (%1); no client certificate").arg(m_setup.summary)
                                  : QStringLiteral("handshake done (%1); client certificate %2 verified")
                                        .arg(m_setup.summary, client.subjectDisplayName()),
                  QStringLiteral("§5")});
    for (const QString& w : m_setup.warnings)
        trace.append({QStringLiteral("TLS"), QStringLiteral("warning"), w, QStringLiteral("§5")});
    emit ready(socket, trace);
    emit finished();
}

QString TlsHandshake::classify() const
{
    const QString all = (m_alertsSent + m_alertsReceived + QStringList{m_socketError}).join(QLatin1Char(' ')).toLower();
    if (m_noClientCertificate || all.contains(QLatin1String("peer did not return a certificate")) ||
        all.contains(QLatin1String("certificate required")))
        return QStringLiteral("no client certificate: apm-server.ssl.client_authentication is required (Go: \"tls: "
                              "client didn't provide a certificate\")");
    for (const QSslError& e : m_verifyErrors) {
        if (isUntrustedIssuer(e.error()))
            return QStringLiteral("bad client certificate: unknown CA (%1)").arg(e.errorString());
    }
    if (!m_verifyErrors.isEmpty())
        return QStringLiteral("bad client certificate: %1").arg(m_verifyErrors.constFirst().errorString());
    if (all.contains(QLatin1String("unsupported protocol")) || all.contains(QLatin1String("protocol version")) ||
        all.contains(QLatin1String("version too low")) || all.contains(QLatin1String("wrong version number")))
        return QStringLiteral("no common protocol version (server allows %1–%2)")
            .arg(TlsSetup::protocolName(m_setup.minVersion), TlsSetup::protocolName(m_setup.maxVersion));
    if (all.contains(QLatin1String("no shared cipher")))
        return QStringLiteral("no shared cipher suite");
    if (!m_alertsReceived.isEmpty())
        return QStringLiteral("the client rejected the handshake with alert \"%1\" (it does not trust the "
                              "server certificate?)")
            .arg(m_alertsReceived.constFirst());
    if (!m_alertsSent.isEmpty()) {
        QString reason = QStringLiteral("handshake failure (alert \"%1\" sent)").arg(m_alertsSent.constFirst());
        // OpenSSL 3 answers a TLS 1.0/1.1 ClientHello it refuses at its security level with
        // "internal error" rather than "protocol version"; Go would have accepted it (§5).
        if (m_setup.minVersion < 0x0303 && !TlsSetup::localOpenSslAllows(m_setup.minVersion))
            reason += QStringLiteral("; if the client offered only TLS 1.0/1.1: the local OpenSSL refuses them "
                                     "although APM Server would accept them");
        return reason;
    }
    if (m_socketError.isEmpty() || all.contains(QLatin1String("closed")))
        return QStringLiteral("the client closed the connection during the handshake (it does not trust the server "
                              "certificate?)");
    return QStringLiteral("handshake failure");
}

void TlsHandshake::fail(const QString& reason, const QString& detail)
{
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    if (!reason.isEmpty()) {
        RequestLogEntry entry;
        entry.time = QDateTime::currentDateTimeUtc();
        entry.peer = entry.client = m_peer;
        entry.clientSource = QStringLiteral("peer address");
        entry.method = QStringLiteral("TLS");
        entry.target = QStringLiteral("(handshake)");
        entry.status = 0; // no HTTP status ever results from a failed handshake (§5)
        entry.verdict = QStringLiteral("TLS handshake error: %1").arg(reason);
        QStringList facts;
        if (!m_alertsSent.isEmpty())
            facts << QStringLiteral("alert sent: %1").arg(m_alertsSent.join(QStringLiteral(", ")));
        if (!m_alertsReceived.isEmpty())
            facts << QStringLiteral("alert received: %1").arg(m_alertsReceived.join(QStringLiteral(", ")));
        if (!detail.isEmpty())
            facts << detail;
        entry.trace.append({QStringLiteral("TLS"), QStringLiteral("handshake failed"),
                            QStringLiteral("APM Server logs \"http: TLS handshake error from %1: …\" and closes; %2")
                                .arg(m_peer, facts.join(QStringLiteral("; "))),
                            QStringLiteral("§5")});
        for (const QString& w : m_setup.warnings)
            entry.trace.append({QStringLiteral("TLS"), QStringLiteral("warning"), w, QStringLiteral("§5")});
        qCInfo(lcIntake) << "TLS handshake error from" << m_peer << reason << detail;
        emit failed(entry);
    }
    if (m_socket) {
        m_socket->disconnect(this);
        // Queued: Qt sends its pending fatal alert after errorOccurred() returns.
        QMetaObject::invokeMethod(m_socket, &QAbstractSocket::abort, Qt::QueuedConnection);
    }
    emit finished();
}

} // namespace Intake
