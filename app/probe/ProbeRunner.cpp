// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "probe/ProbeRunner.h"

#include <QHostAddress>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

#include <memory>

namespace Probe {

QByteArray Observation::header(const QByteArray& name) const
{
    for (const auto& [k, v] : headers) {
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

bool Observation::hasHeader(const QByteArray& name) const
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

namespace {

constexpr qint64 kMaxBody = 64 * 1024;

QString protocolName(QSsl::SslProtocol p)
{
    switch (p) {
    case QSsl::TlsV1_2: return QStringLiteral("TLSv1.2");
    case QSsl::TlsV1_3: return QStringLiteral("TLSv1.3");
    default: break;
    }
    return QStringLiteral("other (%1)").arg(int(p));
}

QSsl::SslProtocol protocolFor(const QString& name)
{
    // The probe must offer what APM Server refuses: protocols Qt deprecated on purpose.
    QT_WARNING_PUSH
    QT_WARNING_DISABLE_DEPRECATED
    if (name == QLatin1String("TLSv1.2"))
        return QSsl::TlsV1_2;
    if (name == QLatin1String("TLSv1.1"))
        return QSsl::TlsV1_1;
    return QSsl::TlsV1_0;
    QT_WARNING_POP
}

} // namespace

ProbeRunner::ProbeRunner(QObject* parent) : QObject(parent) {}

ProbeRunner::~ProbeRunner()
{
    delete m_calibration;
    m_calibration = nullptr;
    cancel();
}

QNetworkAccessManager* ProbeRunner::managerFor(const Scenario& s)
{
    auto*& m = m_managers[int(s.tls) + (s.offerHttp2 ? 100 : 0)];
    if (!m) {
        m = new QNetworkAccessManager(this);
        m->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return m;
}

void ProbeRunner::start(const QUrl& base, const QList<Scenario>& scenarios, const RunnerOptions& options)
{
    cancel();
    m_base = base;
    m_scenarios = scenarios;
    m_options = options;
    m_observations = QList<Observation>(scenarios.size());
    m_queue.clear();
    m_burstIndex = -1;
    m_burstSent = m_burstDone = 0;
    m_burstFinished = false;
    m_inFlight = m_done = 0;
    m_cancelled = false;
    m_running = true;
    for (int i = 0; i < scenarios.size(); ++i) {
        if (scenarios.at(i).repeat > 1 && m_burstIndex < 0)
            m_burstIndex = i;
        else
            m_queue << i;
    }
    m_wall.start();
    measureConnect();
}

void ProbeRunner::measureConnect()
{
    m_connectRttMs = -1;
    const bool https = m_base.scheme() == QLatin1String("https");
    QAbstractSocket* socket = nullptr;
    if (https) {
        auto* ssl = new QSslSocket(this);
        // Only the timing matters here; trust is judged by the scenarios themselves.
        ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
        if (!m_options.clientCertificate.isNull()) {
            ssl->setLocalCertificate(m_options.clientCertificate);
            ssl->setPrivateKey(m_options.clientKey);
        }
        socket = ssl;
    } else {
        socket = new QTcpSocket(this);
    }
    m_calibration = socket;
    m_lookupMs = -1;
    auto marks = std::make_shared<QElapsedTimer>();
    marks->start();
    auto done = [this, socket] {
        if (m_calibration != socket)
            return;
        m_calibration = nullptr;
        if (socket->state() == QAbstractSocket::ConnectedState)
            socket->disconnectFromHost();
        else
            socket->abort();
        socket->deleteLater();
        beginSending();
    };
    const bool literal = !QHostAddress(m_base.host()).isNull();
    connect(socket, &QAbstractSocket::hostFound, this, [this, marks, literal] {
        m_lookupMs = literal ? 0.0 : double(marks->nsecsElapsed()) / 1e6;
        marks->start();
    });
    connect(socket, &QAbstractSocket::connected, this, [this, marks, https, done] {
        if (m_lookupMs >= 0)
            m_connectRttMs = double(marks->nsecsElapsed()) / 1e6;
        if (!https)
            done();
    });
    if (auto* ssl = qobject_cast<QSslSocket*>(socket))
        connect(ssl, &QSslSocket::encrypted, this, done);
    connect(socket, &QAbstractSocket::errorOccurred, this, done);
    QTimer::singleShot(std::min(m_options.timeoutMs, 2000), socket, done);
    const quint16 port = quint16(m_base.port(https ? 443 : 80));
    if (auto* ssl = qobject_cast<QSslSocket*>(socket))
        ssl->connectToHostEncrypted(m_base.host(), port);
    else
        socket->connectToHost(m_base.host(), port);
}

void ProbeRunner::beginSending()
{
    if (!m_running)
        return;
    pump();
    finishIfDone();
}

void ProbeRunner::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    m_queue.clear();
    if (m_calibration) {
        // Not sending yet: nothing else will end the run.
        m_calibration->abort();
        m_calibration->deleteLater();
        m_calibration = nullptr;
        finishIfDone();
        return;
    }
    const QList<QNetworkReply*> replies = m_replies;
    for (QNetworkReply* r : replies)
        r->abort();
}

void ProbeRunner::pump()
{
    while (!m_cancelled && m_inFlight < m_options.concurrency && !m_queue.isEmpty())
        send(m_queue.takeFirst(), -1);
    // The burst runs alone, after everything else, so it neither disturbs nor is disturbed.
    if (m_cancelled || !m_queue.isEmpty() || m_burstIndex < 0)
        return;
    const Scenario& burst = m_scenarios.at(m_burstIndex);
    if (m_burstSent == 0 && m_inFlight > 0)
        return;
    if (m_burstSent == 0) {
        m_burstTimer.start();
        m_observations[m_burstIndex].burstStatuses = QList<int>(burst.repeat, 0);
    }
    while (m_inFlight < 16 && m_burstSent < burst.repeat && m_burstTimer.elapsed() < m_options.burstWindowMs)
        send(m_burstIndex, m_burstSent++);
    if (m_burstTimer.elapsed() >= m_options.burstWindowMs && m_burstSent < burst.repeat) {
        // The window is over: the rest is not sent (it stays 0 = "not sent").
        m_burstDone += burst.repeat - m_burstSent;
        m_burstSent = burst.repeat;
        completeBurst();
    }
}

void ProbeRunner::completeBurst()
{
    if (m_burstFinished || m_burstDone < m_scenarios.at(m_burstIndex).repeat)
        return;
    m_burstFinished = true;
    Observation& o = m_observations[m_burstIndex];
    o.answered = true;
    o.totalMs = o.burstMs = double(m_burstTimer.nsecsElapsed()) / 1e6;
    ++m_done;
    emit scenarioFinished(m_burstIndex);
    emit progress(m_done, int(m_scenarios.size()));
}

void ProbeRunner::send(int index, int burstSlot)
{
    const Scenario& s = m_scenarios.at(index);
    QUrl url = m_base;
    url.setPath(s.request.path);
    url.setQuery(s.request.query.isEmpty() ? QString() : s.request.query, QUrl::StrictMode);
    QNetworkRequest req(url);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, s.offerHttp2);
    req.setTransferTimeout(m_options.timeoutMs);
    req.setRawHeader("User-Agent", "apm-gatekeeper-probe/" GATEKEEPER_VERSION);
    if (!s.request.authorization.isEmpty())
        req.setRawHeader("Authorization", s.request.authorization);
    for (const auto& [k, v] : s.request.headers)
        req.setRawHeader(k, v);

    if (url.scheme() == QLatin1String("https")) {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        if (!m_options.caCertificates.isEmpty())
            conf.addCaCertificates(m_options.caCertificates);
        switch (s.tls) {
        case TlsCase::UntrustedCa:
            conf.setCaCertificates({});
            break;
        case TlsCase::WrongHostname:
            req.setPeerVerifyName(QStringLiteral("probe-wrong-name.invalid"));
            break;
        case TlsCase::BelowFloor:
            conf.setProtocol(protocolFor(s.clientProtocol));
            break;
        case TlsCase::ForeignClientCert:
            conf.setLocalCertificate(m_options.foreignCertificate);
            conf.setPrivateKey(m_options.foreignKey);
            break;
        case TlsCase::NoClientCert:
            break;
        case TlsCase::Normal:
        case TlsCase::ValidClientCert:
            if (!m_options.clientCertificate.isNull()) {
                conf.setLocalCertificate(m_options.clientCertificate);
                conf.setPrivateKey(m_options.clientKey);
            }
            break;
        }
        req.setSslConfiguration(conf);
    }

    QNetworkAccessManager* nam = managerFor(s);
    QNetworkReply* reply = nullptr;
    if (s.request.method == "GET")
        reply = nam->get(req);
    else
        reply = nam->sendCustomRequest(req, s.request.method, s.request.body);
    ++m_inFlight;
    m_replies << reply;
    QElapsedTimer timer;
    timer.start();
    Observation* obs = burstSlot < 0 ? &m_observations[index] : nullptr;
    auto marks = std::make_shared<ConnectionMarks>();
    connect(reply, &QNetworkReply::socketStartedConnecting, this, [marks, timer] {
        if (marks->started < 0)
            marks->started = double(timer.nsecsElapsed()) / 1e6;
    });
    connect(reply, &QNetworkReply::encrypted, this, [marks, timer, reply] {
        marks->encrypted = double(timer.nsecsElapsed()) / 1e6;
        marks->alpn = reply->sslConfiguration().nextNegotiatedProtocol();
    });
    connect(reply, &QNetworkReply::requestSent, this, [obs, timer] {
        if (obs && obs->sentMs < 0)
            obs->sentMs = double(timer.nsecsElapsed()) / 1e6;
    });
    connect(reply, &QNetworkReply::metaDataChanged, this, [obs, timer] {
        if (obs && obs->headersMs < 0)
            obs->headersMs = double(timer.nsecsElapsed()) / 1e6;
    });
    const bool pinned = !m_options.pinnedLeaf.isNull() && s.tls != TlsCase::UntrustedCa;
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply, obs, pinned](const QList<QSslError>& errors) {
        QList<QSslError> ignorable;
        for (const QSslError& e : errors) {
            if (obs)
                obs->sslErrors << e.errorString();
            // The stub's own certificate is trusted by pinning; a name mismatch never is.
            if (pinned && e.error() != QSslError::HostNameMismatch &&
                reply->sslConfiguration().peerCertificate() == m_options.pinnedLeaf)
                ignorable << e;
        }
        if (!ignorable.isEmpty())
            reply->ignoreSslErrors(ignorable);
    });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, index, burstSlot, timer, marks] { complete(reply, index, burstSlot, timer, *marks); });
}

void ProbeRunner::complete(QNetworkReply* reply, int index, int burstSlot, QElapsedTimer timer,
                           const ConnectionMarks& marks)
{
    m_replies.removeOne(reply);
    reply->deleteLater();
    --m_inFlight;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (burstSlot >= 0) {
        Observation& o = m_observations[index];
        o.burstStatuses[burstSlot] = status.isValid() ? status.toInt() : -1;
        o.burstMs = double(m_burstTimer.nsecsElapsed()) / 1e6;
        if (!status.isValid() && o.errorText.isEmpty())
            o.errorText = reply->errorString();
        ++m_burstDone;
        completeBurst();
    } else {
        Observation& o = m_observations[index];
        o.totalMs = double(timer.nsecsElapsed()) / 1e6;
        o.answered = status.isValid();
        o.status = status.toInt();
        for (const auto& h : reply->rawHeaderPairs())
            o.headers.append(h);
        if (reply->isOpen())
            o.body = reply->read(kMaxBody);
        if (reply->error() != QNetworkReply::NoError && !o.answered) {
            o.networkError = QString::fromLatin1(
                QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(reply->error()));
            o.errorText = reply->errorString();
        }
        if (o.answered)
            o.httpVersion = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool() ? QStringLiteral("HTTP/2")
                                                                                              : QStringLiteral("HTTP/1.1");
        if (marks.started >= 0) {
            // A connection of its own: lookup until the socket started, then the set-up until the
            // handshake ended (https) or the request was written (http).
            o.newConnection = true;
            o.dnsMs = m_lookupMs >= 0 ? std::min(m_lookupMs, marks.started) : marks.started;
            o.queuedMs = marks.started - o.dnsMs;
            const bool https = m_base.scheme() == QLatin1String("https");
            double setupEnd = https ? marks.encrypted : o.sentMs;
            const bool handshakeFailed = o.networkError.startsWith(QLatin1String("Ssl")) || !o.sslErrors.isEmpty() ||
                                         o.networkError == QLatin1String("RemoteHostClosedError");
            if (https && setupEnd < 0 && !o.answered && handshakeFailed)
                setupEnd = o.totalMs; // the handshake failed: it lasted until the end
            if (setupEnd >= marks.started) {
                const double setup = setupEnd - marks.started;
                if (!https) {
                    o.connectMs = setup;
                } else if (m_connectRttMs >= 0) {
                    o.connectMs = std::min(m_connectRttMs, setup);
                    o.tlsMs = setup - o.connectMs;
                } else {
                    o.tlsMs = setup; // connect round trip unknown: counted in the handshake
                }
            }
        }
        const QSslConfiguration ssl = reply->sslConfiguration();
        o.alpn = QString::fromLatin1(marks.alpn.isEmpty() ? ssl.nextNegotiatedProtocol() : marks.alpn);
        if (!ssl.sessionCipher().isNull()) {
            o.tlsProtocol = protocolName(ssl.sessionProtocol());
            o.tlsCipher = ssl.sessionCipher().name();
        }
        for (const QSslCertificate& c : ssl.peerCertificateChain())
            o.peerChain << c.subjectInfo(QSslCertificate::CommonName).join(QLatin1Char(' '));
        ++m_done;
        emit scenarioFinished(index);
        emit progress(m_done, int(m_scenarios.size()));
    }
    pump();
    finishIfDone();
}

void ProbeRunner::finishIfDone()
{
    if (!m_running || m_inFlight > 0)
        return;
    const bool burstOpen = m_burstIndex >= 0 && !m_cancelled && !m_burstFinished;
    if ((!m_queue.isEmpty() && !m_cancelled) || burstOpen)
        return;
    m_running = false;
    m_wallMs = double(m_wall.nsecsElapsed()) / 1e6;
    emit finished();
}

} // namespace Probe
