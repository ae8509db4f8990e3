// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "doctor/Doctor.h"

#include "doctor/ErrorMatcher.h"

#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace Doctor {

QString statusName(StepResult::Status s)
{
    switch (s) {
    case StepResult::Status::Passed: return QStringLiteral("passed");
    case StepResult::Status::Failed: return QStringLiteral("failed");
    case StepResult::Status::Warning: return QStringLiteral("warning");
    case StepResult::Status::Skipped: return QStringLiteral("skipped");
    }
    return {};
}

QJsonObject StepResult::toJson() const
{
    QJsonArray c;
    for (const RankedCause& r : causes) {
        const Case* k = KnowledgeBase::find(r.caseId);
        c.append(QJsonObject{{QStringLiteral("case"), r.caseId},
                             {QStringLiteral("title"), k ? k->title : QString()},
                             {QStringLiteral("why"), r.why},
                             {QStringLiteral("cause"), k ? k->cause : QString()},
                             {QStringLiteral("fix"), k ? k->fix : QString()}});
    }
    return {{QStringLiteral("step"), name},
            {QStringLiteral("layer"), layerName(layer)},
            {QStringLiteral("status"), statusName(status)},
            {QStringLiteral("ms"), ms},
            {QStringLiteral("evidence"), QJsonArray::fromStringList(evidence)},
            {QStringLiteral("causes"), c},
            {QStringLiteral("fix"), fix}};
}

QByteArray Doctor::HttpAnswer::header(const QByteArray& name) const
{
    for (const auto& [k, v] : headers) {
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

namespace {

const QByteArray kIntakeBody =
    R"({"metadata":{"service":{"name":"apm-gatekeeper-doctor","agent":{"name":"nodejs","version":"1.0.0"}}}})"
    "\n"
    R"({"transaction":{"id":"0123456789abcdef","trace_id":"0123456789abcdef0123456789abcdef","duration":1.5,"type":"request","span_count":{"started":0}}})"
    "\n";

QString certName(const QSslCertificate& c)
{
    const QString cn = c.subjectInfo(QSslCertificate::CommonName).join(QLatin1Char(' '));
    return cn.isEmpty() ? c.subjectDisplayName() : cn;
}

bool selfSigned(const QSslCertificate& c)
{
    return c.isSelfSigned();
}

} // namespace

Doctor::Doctor(QObject* parent) : QObject(parent) {}
Doctor::~Doctor() = default;

QStringList Doctor::stepNames()
{
    return {QStringLiteral("URL"),          QStringLiteral("DNS"),           QStringLiteral("TCP connect"),
            QStringLiteral("TLS handshake"), QStringLiteral("HTTP GET /"),   QStringLiteral("HTTP/2 (ALPN h2)"),
            QStringLiteral("intake request"), QStringLiteral("RUM preflight")};
}

const StepResult* Doctor::firstProblem() const
{
    for (const StepResult& s : m_steps) {
        if (s.status == StepResult::Status::Failed)
            return &s;
    }
    for (const StepResult& s : m_steps) {
        if (s.status == StepResult::Status::Warning)
            return &s;
    }
    return nullptr;
}

void Doctor::start(const DoctorSpec& spec)
{
    m_spec = spec;
    m_steps.clear();
    m_running = true;
    m_serverVersion.clear();
    stepUrl();
}

void Doctor::addCause(StepResult& step, const QString& caseId, const QString& why) const
{
    for (const RankedCause& c : step.causes) {
        if (c.caseId == caseId)
            return;
    }
    step.causes.append({caseId, why});
    if (step.fix.isEmpty()) {
        if (const Case* k = KnowledgeBase::find(caseId))
            step.fix = k->fix;
    }
}

void Doctor::finishStep(StepResult step)
{
    step.ms = double(m_timer.nsecsElapsed()) / 1e6;
    m_steps.append(step);
    emit stepFinished(int(m_steps.size() - 1));
}

void Doctor::finishSkipped(const QString& name, Layer layer, const QString& why)
{
    StepResult s;
    s.name = name;
    s.layer = layer;
    s.status = StepResult::Status::Skipped;
    s.evidence << why;
    finishStep(s);
}

void Doctor::skipRest(const QString& why)
{
    const QStringList names = stepNames();
    static const QList<Layer> layers = {Layer::Url,  Layer::Dns,  Layer::Tcp,    Layer::Tls,
                                        Layer::Http, Layer::Http, Layer::Intake, Layer::Rum};
    for (qsizetype i = m_steps.size(); i < names.size(); ++i) {
        StepResult s;
        s.name = names.at(i);
        s.layer = layers.at(i);
        s.status = StepResult::Status::Skipped;
        s.evidence << why;
        m_steps.append(s);
        emit stepFinished(int(i));
    }
    done();
}

bool Doctor::stopHere()
{
    if (m_spec.lastStep < 0 || m_steps.size() <= m_spec.lastStep)
        return false;
    skipRest(QStringLiteral("not needed: the run stops after the %1 step").arg(stepNames().value(m_spec.lastStep)));
    return true;
}

void Doctor::done()
{
    m_running = false;
    emit finished();
}

void Doctor::stepUrl()
{
    m_timer.start();
    StepResult s;
    s.name = QStringLiteral("URL");
    s.layer = Layer::Url;
    const QUrl& u = m_spec.url;
    if (!u.isValid() || u.host().isEmpty() ||
        (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https"))) {
        s.status = StepResult::Status::Failed;
        s.evidence << QStringLiteral("'%1' is not an http:// or https:// URL with a host").arg(u.toString());
        addCause(s, QStringLiteral("N1"), QStringLiteral("scheme '%1', host '%2'").arg(u.scheme(), u.host()));
        finishStep(s);
        skipRest(QStringLiteral("the URL cannot be used"));
        return;
    }
    m_tls = u.scheme() == QLatin1String("https");
    s.status = StepResult::Status::Passed;
    s.evidence << QStringLiteral("scheme %1, host %2, port %3").arg(u.scheme(), u.host()).arg(u.port(m_tls ? 443 : 80));
    if (u.port() == -1)
        s.evidence << QStringLiteral("no port given: %1 is used; APM Server listens on 8200 by default").arg(m_tls ? 443 : 80);
    if (!u.path().isEmpty() && u.path() != QLatin1String("/"))
        s.evidence << QStringLiteral("the path %1 is ignored: agents append /intake/v2/events to the server URL").arg(u.path());
    finishStep(s);
    stepDns();
}

void Doctor::stepDns()
{
    if (stopHere())
        return;
    m_timer.start();
    const QString host = m_spec.url.host();
    QHostAddress literal(host);
    if (!literal.isNull()) {
        m_address = literal;
        StepResult s;
        s.name = QStringLiteral("DNS");
        s.layer = Layer::Dns;
        s.status = StepResult::Status::Passed;
        s.evidence << QStringLiteral("%1 is an IP address; no lookup needed").arg(host);
        finishStep(s);
        stepTcp();
        return;
    }
    QHostInfo::lookupHost(host, this, [this, host](const QHostInfo& info) {
        StepResult s;
        s.name = QStringLiteral("DNS");
        s.layer = Layer::Dns;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            s.status = StepResult::Status::Failed;
            s.evidence << QStringLiteral("%1 does not resolve: %2").arg(host, info.errorString());
            addCause(s, QStringLiteral("N2"), QStringLiteral("the resolver has no address for %1").arg(host));
            finishStep(s);
            skipRest(QStringLiteral("no address to connect to"));
            return;
        }
        // Prefer IPv4 (APM Server's default host is 127.0.0.1 / localhost).
        m_address = info.addresses().constFirst();
        for (const QHostAddress& a : info.addresses()) {
            if (a.protocol() == QAbstractSocket::IPv4Protocol) {
                m_address = a;
                break;
            }
        }
        QStringList all;
        for (const QHostAddress& a : info.addresses())
            all << a.toString();
        s.status = StepResult::Status::Passed;
        s.evidence << QStringLiteral("%1 → %2 (using %3)").arg(host, all.join(QStringLiteral(", ")), m_address.toString());
        finishStep(s);
        stepTcp();
    });
}

void Doctor::stepTcp()
{
    if (stopHere())
        return;
    m_timer.start();
    auto* socket = new QTcpSocket(this);
    auto* timer = new QTimer(socket);
    timer->setSingleShot(true);
    const quint16 port = quint16(m_spec.url.port(m_tls ? 443 : 80));
    auto finish = [this, socket](bool ok, const QString& error, QAbstractSocket::SocketError code, bool timedOut) {
        socket->disconnect();
        socket->abort();
        socket->deleteLater();
        StepResult s;
        s.name = QStringLiteral("TCP connect");
        s.layer = Layer::Tcp;
        const QString target = QStringLiteral("%1:%2").arg(m_address.toString()).arg(m_spec.url.port(m_tls ? 443 : 80));
        if (ok) {
            s.status = StepResult::Status::Passed;
            s.evidence << QStringLiteral("connected to %1").arg(target);
            finishStep(s);
            stepTls();
            return;
        }
        s.status = StepResult::Status::Failed;
        s.evidence << QStringLiteral("%1: %2").arg(target, timedOut ? QStringLiteral("no answer within %1 ms").arg(m_spec.timeoutMs) : error);
        if (timedOut)
            addCause(s, QStringLiteral("N4"), QStringLiteral("the SYN got no answer"));
        else if (code == QAbstractSocket::ConnectionRefusedError)
            addCause(s, QStringLiteral("N3"), QStringLiteral("the host answered with a reset: nothing listens on the port"));
        else
            addCause(s, QStringLiteral("N4"), error);
        finishStep(s);
        skipRest(QStringLiteral("no TCP connection"));
    };
    connect(socket, &QTcpSocket::connected, this, [finish] { finish(true, {}, QAbstractSocket::UnknownSocketError, false); });
    connect(socket, &QTcpSocket::errorOccurred, this, [finish, socket](QAbstractSocket::SocketError e) {
        finish(false, socket->errorString(), e, false);
    });
    connect(timer, &QTimer::timeout, this, [finish] { finish(false, {}, QAbstractSocket::SocketTimeoutError, true); });
    timer->start(m_spec.timeoutMs);
    socket->connectToHost(m_address, port);
}

void Doctor::stepTls()
{
    if (stopHere())
        return;
    m_timer.start();
    if (!m_tls) {
        finishSkipped(QStringLiteral("TLS handshake"), Layer::Tls,
                      QStringLiteral("http:// URL: no TLS (the secret token and API keys travel in clear text)"));
        stepHttp();
        return;
    }
    auto* socket = new QSslSocket(this);
    auto* timer = new QTimer(socket);
    timer->setSingleShot(true);
    socket->setSslConfiguration(clientConfiguration());
    socket->setPeerVerifyName(m_spec.url.host());
    auto errors = std::make_shared<QList<QSslError>>();
    auto received = std::make_shared<QByteArray>();
    auto handshakeDone = std::make_shared<bool>(false);
    auto finished = std::make_shared<bool>(false);

    auto judge = [this, socket, errors, received, handshakeDone, finished](const QString& failure) {
        if (*finished)
            return;
        *finished = true;
        StepResult s;
        s.name = QStringLiteral("TLS handshake");
        s.layer = Layer::Tls;
        const QList<QSslCertificate> chain = socket->peerCertificateChain();
        if (*handshakeDone) {
            s.evidence << QStringLiteral("%1, %2").arg(socket->sessionCipher().protocolString(), socket->sessionCipher().name());
            QStringList names;
            for (const QSslCertificate& c : chain)
                names << certName(c) + (selfSigned(c) ? QStringLiteral(" (self-signed)") : QString());
            s.evidence << QStringLiteral("presented chain: %1").arg(names.join(QStringLiteral(" → ")));
            if (!chain.isEmpty()) {
                const QSslCertificate& leaf = chain.constFirst();
                QStringList sans;
                const auto alt = leaf.subjectAlternativeNames();
                for (auto it = alt.cbegin(); it != alt.cend(); ++it)
                    sans << it.value();
                s.evidence << QStringLiteral("leaf SANs: %1; valid until %2")
                                  .arg(sans.isEmpty() ? QStringLiteral("none") : sans.join(QStringLiteral(", ")),
                                       leaf.expiryDate().toString(Qt::ISODate));
                s.evidence << QStringLiteral("leaf SHA-256: %1")
                                  .arg(QString::fromLatin1(leaf.digest(QCryptographicHash::Sha256).toHex(':')));
                // Against the system store too, when the user gave a CA of their own.
                if (!m_spec.caCertificates.isEmpty()) {
                    const QList<QSslError> sys = QSslCertificate::verify(chain, m_spec.url.host());
                    s.evidence << (sys.isEmpty() ? QStringLiteral("the system trust store also verifies the chain")
                                                 : QStringLiteral("the system trust store does not verify it (%1): agents "
                                                                  "without the CA file fail")
                                                       .arg(sys.constFirst().errorString()));
                }
            }
        }
        s.evidence << QStringLiteral("verified against %1").arg(m_spec.caFile.isEmpty() ? QStringLiteral("the system trust store")
                                                                                          : m_spec.caFile);
        for (const QSslError& e : *errors)
            s.evidence << QStringLiteral("verification error: %1").arg(e.errorString());
        if (!failure.isEmpty())
            s.evidence << QStringLiteral("handshake failed: %1").arg(failure);

        const QString f = failure.toLower();
        if (!failure.isEmpty()) {
            s.status = StepResult::Status::Failed;
            if (f.contains(QLatin1String("wrong version number")) || f.contains(QLatin1String("packet length too long")) ||
                f.contains(QLatin1String("record layer failure")) || f.contains(QLatin1String("http request"))) {
                addCause(s, QStringLiteral("C16"), QStringLiteral("the server answered the TLS hello with plain text: it speaks HTTP, use http://"));
            } else if (f.contains(QLatin1String("certificate required")) || f.contains(QLatin1String("bad certificate")) ||
                       (m_spec.clientCertificate.isNull() && f.contains(QLatin1String("handshake failure")))) {
                addCause(s, QStringLiteral("C14"), m_spec.clientCertificate.isNull()
                                                       ? QStringLiteral("the server requires a client certificate and none was sent")
                                                       : QStringLiteral("the server refused the client certificate (not signed by its CAs)"));
            } else if (f.contains(QLatin1String("protocol version")) || f.contains(QLatin1String("unsupported protocol"))) {
                addCause(s, QStringLiteral("C15"), QStringLiteral("no protocol version in common"));
            } else if (f.contains(QLatin1String("remote host closed")) || f.contains(QLatin1String("reset"))) {
                addCause(s, QStringLiteral("C16"), QStringLiteral("the server closed the connection during the handshake: "
                                                                  "it may not speak TLS"));
                addCause(s, QStringLiteral("C14"), QStringLiteral("or it requires a client certificate"));
            } else {
                const QList<CaseMatch> m = matchErrorText(failure);
                if (!m.isEmpty())
                    addCause(s, m.constFirst().kase->id, failure);
            }
        }
        bool hostMismatch = false;
        bool untrusted = false;
        for (const QSslError& e : *errors) {
            if (e.error() == QSslError::HostNameMismatch)
                hostMismatch = true;
            else
                untrusted = true;
        }
        if (untrusted) {
            s.status = StepResult::Status::Failed;
            // "Chain incomplete" vs "root untrusted" (C2 vs C1): with the user's own CA, a leaf sent alone
            // means the intermediate is missing; without one, the root is simply not trusted.
            const bool onlyLeaf = chain.size() == 1 && !selfSigned(chain.constFirst());
            const QString missing = onlyLeaf ? QStringLiteral("the server sends only its leaf; its issuer '%1' is neither "
                                                              "sent nor in the trust store (missing intermediate?)")
                                                   .arg(chain.constFirst().issuerDisplayName())
                                             : QString();
            if (onlyLeaf && !m_spec.caCertificates.isEmpty())
                addCause(s, QStringLiteral("C2"), missing);
            addCause(s, QStringLiteral("C1"), chain.size() == 1 && selfSigned(chain.constFirst())
                                                  ? QStringLiteral("the server's certificate is self-signed")
                                                  : QStringLiteral("the chain does not end in a CA the client trusts"));
            if (onlyLeaf && m_spec.caCertificates.isEmpty())
                addCause(s, QStringLiteral("C2"), missing);
        }
        if (hostMismatch) {
            s.status = StepResult::Status::Failed;
            addCause(s, QStringLiteral("C12"), QStringLiteral("%1 is not in the certificate's subject alternative names").arg(m_spec.url.host()));
        }
        if (s.status != StepResult::Status::Failed)
            s.status = StepResult::Status::Passed;
        socket->disconnect();
        socket->abort();
        socket->deleteLater();
        finishStep(s);
        if (*handshakeDone && failure.isEmpty())
            stepHttp();
        else
            skipRest(QStringLiteral("no TLS session"));
    };
    connect(socket, &QSslSocket::sslErrors, this, [socket, errors](const QList<QSslError>& e) {
        *errors = e;
        socket->ignoreSslErrors(); // judged in the step; the chain and session details are still wanted
    });
    connect(socket, &QSslSocket::encrypted, this, [socket, handshakeDone, host = m_spec.url.host()] {
        *handshakeDone = true;
        // TLS 1.3 reports a refused client certificate only after the handshake: read once.
        socket->write("GET / HTTP/1.1\r\nHost: " + host.toUtf8() + "\r\nConnection: close\r\n\r\n");
    });
    connect(socket, &QSslSocket::readyRead, this, [socket, received, judge] {
        *received += socket->readAll();
        if (received->contains("\r\n\r\n"))
            judge({});
    });
    connect(socket, &QSslSocket::errorOccurred, this, [socket, handshakeDone, received, judge](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError && *handshakeDone && !received->isEmpty()) {
            judge({});
            return;
        }
        judge(socket->errorString());
    });
    connect(socket, &QSslSocket::handshakeInterruptedOnError, this, [socket](const QSslError&) {
        socket->continueInterruptedHandshake();
    });
    connect(timer, &QTimer::timeout, this, [handshakeDone, judge] {
        judge(*handshakeDone ? QString() : QStringLiteral("no TLS answer within the timeout"));
    });
    timer->start(m_spec.timeoutMs);
    socket->connectToHostEncrypted(m_spec.url.host(), quint16(m_spec.url.port(443)));
}

QByteArray Doctor::authorizationValue() const
{
    if (!m_spec.secretToken.isEmpty())
        return "Bearer " + m_spec.secretToken.toUtf8();
    if (!m_spec.apiKey.isEmpty())
        return "ApiKey " + m_spec.apiKey;
    return {};
}

QByteArray Doctor::authorizationLine() const
{
    const QByteArray value = authorizationValue();
    return value.isEmpty() ? QByteArray() : "Authorization: " + value + "\r\n";
}

QSslConfiguration Doctor::clientConfiguration() const
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    if (!m_spec.caCertificates.isEmpty())
        conf.setCaCertificates(m_spec.caCertificates);
    if (!m_spec.clientCertificate.isNull()) {
        conf.setLocalCertificate(m_spec.clientCertificate);
        conf.setPrivateKey(m_spec.clientKey);
    }
    return conf;
}

QByteArray Doctor::requestHead(const QByteArray& method, const QByteArray& path) const
{
    QByteArray host = m_spec.url.host().toUtf8();
    if (m_spec.url.port() != -1)
        host += ':' + QByteArray::number(m_spec.url.port());
    return method + ' ' + path + " HTTP/1.1\r\nHost: " + host +
           "\r\nUser-Agent: apm-gatekeeper-doctor/" GATEKEEPER_VERSION "\r\nAccept: application/json\r\nConnection: close\r\n";
}

void Doctor::exchange(const QByteArray& request, AnswerHandler handler)
{
    auto* socket = new QSslSocket(this);
    auto* timer = new QTimer(socket);
    timer->setSingleShot(true);
    auto data = std::make_shared<QByteArray>();
    auto done = std::make_shared<bool>(false);
    auto finish = [socket, data, done, handler](const QString& error) {
        if (*done)
            return;
        *done = true;
        HttpAnswer a;
        a.raw = data->left(512);
        const qsizetype end = data->indexOf("\r\n\r\n");
        if (data->startsWith("HTTP/") && end > 0) {
            const QList<QByteArray> lines = data->left(end).split('\n');
            a.ok = true;
            a.status = lines.value(0).split(' ').value(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray l = lines.at(i).trimmed();
                const qsizetype colon = l.indexOf(':');
                if (colon > 0)
                    a.headers.append({l.left(colon).trimmed(), l.mid(colon + 1).trimmed()});
            }
            a.body = data->mid(end + 4);
            if (a.header("Transfer-Encoding").contains("chunked")) {
                // De-chunk (the doctor only needs the text).
                QByteArray plain;
                QByteArray rest = a.body;
                while (true) {
                    const qsizetype nl = rest.indexOf("\r\n");
                    if (nl < 0)
                        break;
                    bool ok = false;
                    const qsizetype n = rest.left(nl).toLongLong(&ok, 16);
                    if (!ok || n <= 0)
                        break;
                    plain += rest.mid(nl + 2, n);
                    rest = rest.mid(nl + 2 + n + 2);
                }
                a.body = plain;
            }
        } else {
            a.error = error.isEmpty() ? QStringLiteral("the answer is not HTTP") : error;
        }
        socket->disconnect();
        socket->abort();
        socket->deleteLater();
        handler(a);
    };
    connect(socket, &QSslSocket::readyRead, this, [socket, data, finish] {
        *data += socket->readAll();
        // Done once the head and Content-Length bytes of body are in (servers that keep the
        // connection open would otherwise cost a timeout); without a length, the close ends it.
        const qsizetype end = data->indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = data->left(end).toLower();
        const qsizetype at = head.indexOf("\ncontent-length:");
        if (at < 0)
            return;
        const qsizetype lineEnd = head.indexOf('\r', at + 1);
        const qint64 length = head.mid(at + 16, lineEnd - at - 16).trimmed().toLongLong();
        if (data->size() - end - 4 >= length)
            finish({});
    });
    connect(socket, &QSslSocket::disconnected, this, [finish] { finish({}); });
    connect(socket, &QSslSocket::errorOccurred, this, [socket, data, finish](QAbstractSocket::SocketError e) {
        *data += socket->readAll();
        finish(e == QAbstractSocket::RemoteHostClosedError ? QString() : socket->errorString());
    });
    connect(socket, &QSslSocket::sslErrors, this, [socket](const QList<QSslError>&) {
        socket->ignoreSslErrors(); // the TLS step has judged trust already
    });
    connect(timer, &QTimer::timeout, this, [finish] { finish(QStringLiteral("no answer within the timeout")); });
    timer->start(m_spec.timeoutMs);
    if (m_tls) {
        QSslConfiguration conf = clientConfiguration();
        conf.setPeerVerifyMode(QSslSocket::VerifyNone);
        socket->setSslConfiguration(conf);
        connect(socket, &QSslSocket::encrypted, this, [socket, request] { socket->write(request); });
        socket->connectToHostEncrypted(m_spec.url.host(), quint16(m_spec.url.port(443)));
    } else {
        connect(socket, &QSslSocket::connected, this, [socket, request] { socket->write(request); });
        socket->connectToHost(m_address, quint16(m_spec.url.port(80)));
    }
}

void Doctor::stepHttp()
{
    if (stopHere())
        return;
    m_timer.start();
    exchange(requestHead("GET", "/") + authorizationLine() + "\r\n", [this](const HttpAnswer& a) {
        StepResult s;
        s.name = QStringLiteral("HTTP GET /");
        s.layer = Layer::Http;
        const bool credentials = !m_spec.secretToken.isEmpty() || !m_spec.apiKey.isEmpty();
        if (!a.ok) {
            s.status = StepResult::Status::Failed;
            s.evidence << QStringLiteral("no HTTP answer: %1").arg(a.error);
            if (!a.raw.isEmpty())
                s.evidence << QStringLiteral("first bytes: %1").arg(QString::fromLatin1(a.raw.left(16).toHex(' ')));
            if (!m_tls && (a.raw.isEmpty() || a.raw.startsWith('\x15') || a.raw.startsWith('\x16')))
                addCause(s, QStringLiteral("C16"), QStringLiteral("the server does not answer plain HTTP (it closed the "
                                                                  "connection or sent a TLS record): it expects TLS, use https://"));
            else
                addCause(s, QStringLiteral("N5"), QStringLiteral("the answer is not HTTP"));
            finishStep(s);
            skipRest(QStringLiteral("no HTTP answer"));
            return;
        }
        s.evidence << QStringLiteral("HTTP %1, %2 bytes%3")
                          .arg(a.status)
                          .arg(a.body.size())
                          .arg(a.header("Server").isEmpty() ? QString() : QStringLiteral(", Server: ") + QString::fromLatin1(a.header("Server")));
        // One line: JSON compacted, anything else with its line breaks folded.
        const QJsonDocument json = QJsonDocument::fromJson(a.body);
        QString text = json.isNull() ? QString::fromUtf8(a.body.left(300)).simplified()
                                     : QString::fromUtf8(json.toJson(QJsonDocument::Compact));
        if (text.size() > 300)
            text = text.left(299) + QChar(0x2026);
        if (!text.isEmpty())
            s.evidence << QStringLiteral("body: %1").arg(text);
        if (a.status == 400 && (a.body.contains("HTTPS") || a.body.contains("https"))) {
            s.status = StepResult::Status::Failed;
            addCause(s, QStringLiteral("C16"), QStringLiteral("the server says the request was plain HTTP to its HTTPS port: use https://"));
            finishStep(s);
            skipRest(QStringLiteral("wrong scheme"));
            return;
        }
        const QJsonObject info = QJsonDocument::fromJson(a.body).object();
        if (a.status == 200 && info.contains(QLatin1String("version")) && info.contains(QLatin1String("build_sha"))) {
            m_serverVersion = info.value(QLatin1String("version")).toString();
            s.status = StepResult::Status::Passed;
            s.evidence << QStringLiteral("APM Server %1%2; %3")
                              .arg(m_serverVersion,
                                   info.contains(QLatin1String("publish_ready")) ? QStringLiteral(" (8.x: publish_ready present)")
                                                                                 : QStringLiteral(" (7.x: no publish_ready)"),
                                   credentials ? QStringLiteral("the credentials authenticate")
                                               : QStringLiteral("no authentication is configured"));
        } else if (a.status == 200 && a.body.isEmpty()) {
            // §2: APM Server answers 200 with an empty body to anonymous or failed credentials.
            s.status = credentials ? StepResult::Status::Warning : StepResult::Status::Passed;
            s.evidence << (credentials ? QStringLiteral("APM Server answered 200 without details: the credentials do not authenticate")
                                       : QStringLiteral("APM Server requires credentials (200 without details to anonymous callers)"));
            if (credentials)
                addCause(s, m_spec.apiKey.isEmpty() ? QStringLiteral("C19") : QStringLiteral("C22"),
                         QStringLiteral("GET / gives server details only to authenticated callers"));
        } else {
            s.status = StepResult::Status::Failed;
            if (a.status == 301 || a.status == 302 || a.status == 307 || a.status == 308)
                s.evidence << QStringLiteral("redirect to %1").arg(QString::fromLatin1(a.header("Location")));
            addCause(s, QStringLiteral("N5"), QStringLiteral("APM Server answers GET / with 200 (JSON or empty), never %1%2")
                                                  .arg(a.status)
                                                  .arg(a.body.contains("<html") || a.body.contains("<!DOCTYPE") ? QStringLiteral(" with HTML") : QString()));
            addCause(s, QStringLiteral("C31"), QStringLiteral("a proxy or another product answers on this URL"));
        }
        finishStep(s);
        stepHttp2();
    });
}

void Doctor::stepHttp2()
{
    if (stopHere())
        return;
    m_timer.start();
    if (!m_tls) {
        finishSkipped(QStringLiteral("HTTP/2 (ALPN h2)"), Layer::Http,
                      QStringLiteral("http:// URL: APM Server offers HTTP/2 only over TLS (ALPN h2); agents speak HTTP/1.1 here"));
        stepIntake();
        return;
    }
    // The GET / of the previous step again, offering h2 by ALPN as browsers and strict HTTP/2
    // clients do (§5, case C18). Qt has no HTTP/2 on a raw socket: QNetworkAccessManager speaks it.
    if (!m_nam)
        m_nam = new QNetworkAccessManager(this);
    QUrl url = m_spec.url;
    url.setPath(QStringLiteral("/"));
    url.setQuery(QString());
    QNetworkRequest req(url);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    req.setTransferTimeout(m_spec.timeoutMs);
    req.setRawHeader("Accept", "application/json");
    const QByteArray auth = authorizationValue();
    if (!auth.isEmpty())
        req.setRawHeader("Authorization", auth);
    req.setSslConfiguration(clientConfiguration());
    QNetworkReply* reply = m_nam->get(req);
    auto alpn = std::make_shared<QByteArray>();
    connect(reply, &QNetworkReply::encrypted, this, [reply, alpn] { *alpn = reply->sslConfiguration().nextNegotiatedProtocol(); });
    // The TLS step judged the chain; here only the protocol matters.
    connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError>&) { reply->ignoreSslErrors(); });
    connect(reply, &QNetworkReply::finished, this, [this, reply, alpn] {
        reply->deleteLater();
        StepResult s;
        s.name = QStringLiteral("HTTP/2 (ALPN h2)");
        s.layer = Layer::Http;
        if (alpn->isEmpty())
            *alpn = reply->sslConfiguration().nextNegotiatedProtocol();
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        const bool h2 = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
        if (status.isValid()) {
            s.status = StepResult::Status::Passed;
            s.evidence << QStringLiteral("GET / offering h2: HTTP %1 over %2 (ALPN chose %3)")
                              .arg(status.toInt())
                              .arg(h2 ? QStringLiteral("HTTP/2") : QStringLiteral("HTTP/1.1"),
                                   alpn->isEmpty() ? QStringLiteral("nothing") : QString::fromLatin1(*alpn));
            if (!h2)
                s.evidence << QStringLiteral("the server chose HTTP/1.1 although h2 was offered: APM Server itself offers h2, "
                                             "so a proxy (or the embedded stub) answers here; browsers and agents use HTTP/1.1 with it");
        } else {
            s.status = StepResult::Status::Failed;
            s.evidence << QStringLiteral("GET / offering h2: no answer%1: %2")
                              .arg(alpn->isEmpty() ? QString() : QStringLiteral(" (ALPN chose %1)").arg(QString::fromLatin1(*alpn)),
                                   reply->errorString());
            s.evidence << QStringLiteral("the same request over HTTP/1.1 was answered (previous step)");
            addCause(s, QStringLiteral("C18"), QStringLiteral("HTTP/1.1 works and HTTP/2 does not: strict HTTP/2 clients and "
                                                              "browsers (net::ERR_HTTP2_PROTOCOL_ERROR) fail here"));
        }
        finishStep(s);
        stepIntake();
    });
}

void Doctor::stepIntake()
{
    if (stopHere())
        return;
    m_timer.start();
    const QByteArray request = requestHead("POST", "/intake/v2/events") + authorizationLine() +
                               "Content-Type: application/x-ndjson\r\nContent-Length: " +
                               QByteArray::number(kIntakeBody.size()) + "\r\n\r\n" + kIntakeBody;
    exchange(request, [this](const HttpAnswer& a) {
        StepResult s;
        s.name = QStringLiteral("intake request");
        s.layer = Layer::Intake;
        if (!a.ok) {
            s.status = StepResult::Status::Failed;
            s.evidence << QStringLiteral("no HTTP answer: %1").arg(a.error);
            addCause(s, QStringLiteral("C17"), a.error);
            finishStep(s);
            stepPreflight();
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(a.body).object();
        QString message = o.value(QLatin1String("error")).toString();
        if (message.isEmpty() && o.contains(QLatin1String("errors")))
            message = o.value(QLatin1String("errors")).toArray().first().toObject().value(QLatin1String("message")).toString();
        s.evidence << QStringLiteral("POST /intake/v2/events (1 transaction): HTTP %1%2")
                          .arg(a.status)
                          .arg(message.isEmpty() ? QString() : QStringLiteral(" — ") + message);
        if (a.status == 202) {
            s.status = StepResult::Status::Passed;
            s.evidence << QStringLiteral("the event was accepted: an agent with these settings can send data");
        } else {
            s.status = StepResult::Status::Failed;
            s.layer = a.status == 401 || a.status == 403 ? Layer::Auth : Layer::Intake;
            const bool credentials = !m_spec.secretToken.isEmpty() || !m_spec.apiKey.isEmpty();
            if (a.status == 401 && message == QLatin1String("authentication failed"))
                addCause(s, m_spec.apiKey.isEmpty() ? QStringLiteral("C19") : QStringLiteral("C22"),
                         credentials ? QStringLiteral("the server refused the credentials given")
                                     : QStringLiteral("Bearer/ApiKey refused"));
            const QList<CaseMatch> m = matchErrorText(message.isEmpty() ? QString::fromUtf8(a.body.left(300)) : message);
            for (const CaseMatch& c : m)
                addCause(s, c.kase->id, message);
            if (s.causes.isEmpty())
                addCause(s, QStringLiteral("N5"), QStringLiteral("HTTP %1 is not an APM Server intake answer").arg(a.status));
        }
        finishStep(s);
        stepPreflight();
    });
}

void Doctor::stepPreflight()
{
    if (stopHere())
        return;
    m_timer.start();
    if (m_spec.origin.isEmpty()) {
        finishSkipped(QStringLiteral("RUM preflight"), Layer::Rum, QStringLiteral("no --origin given (the page's scheme://host:port)"));
        done();
        return;
    }
    const QByteArray request = requestHead("OPTIONS", "/intake/v2/rum/events") + "Origin: " + m_spec.origin.toUtf8() +
                               "\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n";
    exchange(request, [this](const HttpAnswer& a) {
        StepResult s;
        s.name = QStringLiteral("RUM preflight");
        s.layer = Layer::Rum;
        if (!a.ok) {
            s.status = StepResult::Status::Failed;
            s.evidence << QStringLiteral("no HTTP answer: %1").arg(a.error);
            addCause(s, QStringLiteral("C27"), a.error);
            finishStep(s);
            done();
            return;
        }
        const QByteArray acao = a.header("Access-Control-Allow-Origin");
        const QByteArray acah = a.header("Access-Control-Allow-Headers");
        s.evidence << QStringLiteral("OPTIONS from %1: HTTP %2, Access-Control-Allow-Origin: %3, Access-Control-Allow-Headers: %4")
                          .arg(m_spec.origin)
                          .arg(a.status)
                          .arg(acao.isEmpty() ? QStringLiteral("(none)") : QString::fromLatin1(acao),
                               acah.isEmpty() ? QStringLiteral("(none)") : QString::fromLatin1(acah));
        const bool originOk = acao == m_spec.origin.toUtf8() || acao == "*";
        const bool headersOk = acah.toLower().contains("content-type");
        const bool statusOk = a.status >= 200 && a.status < 300;
        if (originOk && headersOk && statusOk) {
            s.status = StepResult::Status::Passed;
            s.evidence << QStringLiteral("a browser on %1 may send RUM data").arg(m_spec.origin);
        } else {
            s.status = StepResult::Status::Failed;
            if (!statusOk)
                s.evidence << QStringLiteral("a browser needs a 2xx preflight answer");
            if (!originOk)
                addCause(s, QStringLiteral("C27"), acao.isEmpty() ? QStringLiteral("the answer has no Access-Control-Allow-Origin: a "
                                                                                   "browser blocks the request")
                                                                  : QStringLiteral("Access-Control-Allow-Origin is %1, not the page's origin")
                                                                        .arg(QString::fromLatin1(acao)));
            if (!headersOk)
                addCause(s, QStringLiteral("C29"), QStringLiteral("Access-Control-Allow-Headers does not allow Content-Type"));
            if (a.status == 404)
                addCause(s, QStringLiteral("C31"), QStringLiteral("the RUM path is unknown to whatever answered"));
        }
        finishStep(s);
        done();
    });
}

} // namespace Doctor
