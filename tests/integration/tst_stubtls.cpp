// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// TLS and mutual TLS of the intake stub (reference §5) against real clients: curl, QSslSocket,
// the `serve` process and the real Node.js agent. Fixtures come from the openssl command line.
#include "TlsFixtures.h"
#include "config/ApmServerYaml.h"
#include "config/SettingsIo.h"
#include "intake/IntakeServer.h"
#include "intake/TlsHandshake.h"
#include "intake/TlsSetup.h"

#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <unistd.h>

using namespace Intake;

namespace {

const QByteArray kEvents =
    "{\"metadata\":{\"service\":{\"name\":\"tls-svc\",\"agent\":{\"name\":\"nodejs\",\"version\":\"1\"}}}}\n"
    "{\"transaction\":{\"id\":\"1\",\"trace_id\":\"2\",\"duration\":1,\"type\":\"t\",\"span_count\":{\"started\":0}}}"
    "\n";

struct CurlResult
{
    int exitCode = -1;
    int status = 0;
    QByteArray body;
    QByteArray stderrText;
};

// Real curl (-sS); status from --write-out on the last line of stdout.
CurlResult curl(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral("curl"),
            QStringList{QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("15"), QStringLiteral("-w"),
                        QStringLiteral("\n%{http_code}")} +
                args);
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 20000))
        qFatal("curl hangs");
    CurlResult r;
    r.exitCode = p.exitCode();
    const QByteArray out = p.readAllStandardOutput();
    const qsizetype nl = out.lastIndexOf('\n');
    r.body = out.left(nl);
    r.status = out.mid(nl + 1).toInt();
    r.stderrText = p.readAllStandardError();
    return r;
}

using TestSupport::writeFile;

QByteArray q(const QString& s)
{
    return "\"" + s.toUtf8() + "\"";
}

} // namespace

class TestStubTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void curlOutcomes_data();
    void curlOutcomes();
    void plainBytesOnTlsPort_data();
    void plainBytesOnTlsPort();
    void qsslClient_data();
    void qsslClient();
    void serveRefusesBadFiles_data();
    void serveRefusesBadFiles();
    void serveSpeaksHttps();
    void handshakeDeadline_data();
    void handshakeDeadline();
    void nodeAgent_data();
    void nodeAgent();

private:
    // ssl block lines (indented by 4) for the fixtures' server certificate and key.
    QByteArray sslYaml(const QByteArray& extra, const QString& cert = {}, const QString& key = {}) const;
    // Starts an in-process stub (same thread: the tests pump the event loop while they wait).
    std::unique_ptr<IntakeServer> startStub(const QByteArray& yaml, const QString& profile = QStringLiteral("8.19"));
    QString logText() const;

    QTemporaryDir m_dir;
    TestSupport::TlsFixtures m_f;
    QList<RequestLogEntry> m_log;
};

void TestStubTls::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_f = TestSupport::TlsFixtures::generate(m_dir.path());
    QVERIFY2(m_f.error.isEmpty(), qPrintable(m_f.error));
}

QByteArray TestStubTls::sslYaml(const QByteArray& extra, const QString& cert, const QString& key) const
{
    return "apm-server:\n  ssl:\n    certificate: " + q(cert.isEmpty() ? m_f.serverCert : cert) +
           "\n    key: " + q(key.isEmpty() ? m_f.serverKey : key) + "\n" + extra;
}

std::unique_ptr<IntakeServer> TestStubTls::startStub(const QByteArray& yaml, const QString& profile)
{
    auto parsed = Config::ApmServerYaml::parse(yaml);
    if (!parsed)
        qFatal("bad test yaml: %s", qPrintable(parsed.error().toString()));
    Engine::Options options;
    options.effective = Config::derive(Config::readSettings(*parsed).settings, *Config::parseProfile(profile));
    options.agentConfig = std::make_shared<AgentConfigStore>();
    auto server = std::make_unique<IntakeServer>();
    if (auto r = server->start(options, QHostAddress::LocalHost, 0); !r)
        qFatal("cannot start the stub: %s", qPrintable(r.error().toString()));
    m_log.clear();
    QObject::connect(server.get(), &IntakeServer::requestLogged, server.get(),
                     [this](const RequestLogEntry& e) { m_log.append(e); });
    return server;
}

QString TestStubTls::logText() const
{
    QStringList lines;
    for (const RequestLogEntry& e : m_log) {
        QString line = e.toText();
        for (const TraceStep& s : e.trace)
            line += QStringLiteral(" | %1: %2: %3").arg(s.stage, s.outcome, s.rule);
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

void TestStubTls::curlOutcomes_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QByteArray>("ssl");     // extra lines of the ssl block
    QTest::addColumn<QString>("serverCert"); // empty: the CA-signed server certificate
    QTest::addColumn<QStringList>("curlArgs");
    QTest::addColumn<QList<int>>("exitCodes"); // any of these
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("logContains");

    const QStringList ca = {QStringLiteral("--cacert"), m_f.caCert};
    const QStringList clientCert = {QStringLiteral("--cert"), m_f.clientCert, QStringLiteral("--key"), m_f.clientKey};
    const QStringList foreignCert = {QStringLiteral("--cert"), m_f.foreignClientCert, QStringLiteral("--key"),
                                     m_f.foreignClientKey};
    const QByteArray required = "    certificate_authorities: [" + q(m_f.caCert) + "]\n";
    const QByteArray optional = required + "    client_authentication: optional\n";
    const QList<int> handshakeFailed = {35, 56};

    QTest::newRow("§5 --cacert: 202 over https (8.19)")
        << "8.19" << QByteArray() << QString() << ca << QList<int>{0} << 202 << "TLSv1.3";
    QTest::newRow("§5 --cacert: 202 over https (7.15)")
        << "7.15" << QByteArray() << QString() << ca << QList<int>{0} << 202 << "TLSv1.3";
    QTest::newRow("§5 chain file: leaf + intermediate served")
        << "8.19" << QByteArray() << m_f.chainCert << ca << QList<int>{0} << 202 << "TLSv1.3";
    QTest::newRow("§5 no --cacert: curl refuses (60)")
        << "8.19" << QByteArray() << QString() << QStringList() << QList<int>{60} << 0
        << "TLS handshake error: the client rejected the handshake";
    QTest::newRow("§5 required (CAs set): client certificate accepted")
        << "8.19" << required << QString() << ca + clientCert << QList<int>{0} << 202
        << "client certificate gatekeeper-agent verified";
    QTest::newRow("§5 required, no client certificate")
        << "8.19" << required << QString() << ca << handshakeFailed << 0 << "no client certificate";
    QTest::newRow("§5 required, foreign client certificate")
        << "8.19" << required << QString() << ca + foreignCert << handshakeFailed << 0 << "unknown CA";
    QTest::newRow("§5 optional, no client certificate: ok")
        << "8.19" << optional << QString() << ca << QList<int>{0} << 202 << "no client certificate";
    QTest::newRow("§5 optional, CA-signed client certificate: ok")
        << "8.19" << optional << QString() << ca + clientCert << QList<int>{0} << 202 << "verified";
    QTest::newRow("§5 optional, foreign client certificate: refused")
        << "8.19" << optional << QString() << ca + foreignCert << handshakeFailed << 0 << "unknown CA";
    QTest::newRow("§5 TLSv1.3 only vs curl --tls-max 1.2")
        << "8.19" << QByteArray("    supported_protocols: [TLSv1.3]\n") << QString()
        << ca + QStringList{QStringLiteral("--tls-max"), QStringLiteral("1.2")} << handshakeFailed << 0
        << "protocol version";
    QTest::newRow("§5 TLSv1.2 only vs curl --tlsv1.3")
        << "8.19" << QByteArray("    supported_protocols: [TLSv1.2]\n") << QString()
        << ca + QStringList{QStringLiteral("--tlsv1.3")} << handshakeFailed << 0 << "protocol version";
    if (!TlsSetup::localOpenSslAllows(0x0302)) {
        // APM Server's default allows TLS 1.1; OpenSSL 3 here refuses it at its security level.
        QTest::newRow("§5 default 1.1–1.3: a TLS 1.1 client is refused by the local OpenSSL")
            << "8.19" << QByteArray() << QString()
            << ca + QStringList{QStringLiteral("--tlsv1.1"), QStringLiteral("--tls-max"), QStringLiteral("1.1"),
                                QStringLiteral("--ciphers"), QStringLiteral("DEFAULT@SECLEVEL=0")}
            << handshakeFailed << 0 << "the local OpenSSL refuses them";
    }
    QTest::newRow("§5 TLSv1.2 only: curl gets TLSv1.2") << "8.19" << QByteArray("    supported_protocols: [TLSv1.2]\n")
                                                        << QString() << ca << QList<int>{0} << 202 << "TLSv1.2";
    QTest::newRow("§5 cipher_suites mismatch (TLS 1.2)")
        << "8.19"
        << QByteArray("    supported_protocols: [TLSv1.2]\n    cipher_suites: [ECDHE-RSA-AES-128-GCM-SHA256]\n")
        << QString()
        << ca + QStringList{QStringLiteral("--tls-max"), QStringLiteral("1.2"), QStringLiteral("--ciphers"),
                            QStringLiteral("ECDHE-RSA-AES256-GCM-SHA384")}
        << handshakeFailed << 0 << "no shared cipher";
    QTest::newRow("§5 cipher_suites match (TLS 1.2)")
        << "8.19"
        << QByteArray("    supported_protocols: [TLSv1.2]\n    cipher_suites: [ECDHE-RSA-AES-128-GCM-SHA256]\n")
        << QString() << ca + QStringList{QStringLiteral("--tls-max"), QStringLiteral("1.2")} << QList<int>{0} << 202
        << "ECDHE-RSA-AES128-GCM-SHA256";
}

void TestStubTls::curlOutcomes()
{
    QFETCH(QString, profile);
    QFETCH(QByteArray, ssl);
    QFETCH(QString, serverCert);
    QFETCH(QStringList, curlArgs);
    QFETCH(QList<int>, exitCodes);
    QFETCH(int, status);
    QFETCH(QString, logContains);
    const QString key = serverCert == m_f.chainCert ? m_f.chainKey : QString();
    auto server = startStub(sslYaml(ssl, serverCert, key), profile);
    QCOMPARE(server->url().scheme(), QStringLiteral("https"));

    // GIVEN the TLS stub WHEN curl posts events over https://127.0.0.1 THEN …
    const CurlResult r =
        curl(curlArgs + QStringList{QStringLiteral("-H"), QStringLiteral("Content-Type: application/x-ndjson"),
                                    QStringLiteral("--data-binary"), QString::fromLatin1(kEvents),
                                    server->url().toString() + QStringLiteral("/intake/v2/events")});
    QVERIFY2(exitCodes.contains(r.exitCode),
             qPrintable(QStringLiteral("curl exit %1: %2").arg(r.exitCode).arg(QString::fromLocal8Bit(r.stderrText))));
    QCOMPARE(r.status, status);
    // … and the stub's log says why (one entry per request or failed handshake).
    (void)QTest::qWaitFor([&] { return logText().contains(logContains); }, 5000);
    QVERIFY2(logText().contains(logContains), qPrintable(logText()));
}

void TestStubTls::plainBytesOnTlsPort_data()
{
    QTest::addColumn<QByteArray>("send");
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("logContains");
    QTest::newRow("§5 plain HTTP GET: Go's 400 text")
        << QByteArray("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") << TlsHandshake::plainHttpAnswer()
        << "plain HTTP on the TLS port";
    QTest::newRow("§5 plain HTTP POST: Go's 400 text")
        << QByteArray("POST /intake/v2/events HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        << TlsHandshake::plainHttpAnswer() << "plain HTTP on the TLS port";
    QTest::newRow("Go: other bytes get no answer") << QByteArray("\x01\x02\x03\x04\x05\x06", 6) << QByteArray()
                                                   << "first record does not look like a TLS handshake";
}

void TestStubTls::plainBytesOnTlsPort()
{
    QFETCH(QByteArray, send);
    QFETCH(QByteArray, answer);
    QFETCH(QString, logContains);
    QCOMPARE(TlsHandshake::plainHttpAnswer(),
             QByteArray("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"));
    auto server = startStub(sslYaml({}));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server->port());
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000));
    socket.write(send);
    QByteArray received;
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        10000));
    received += socket.readAll();
    QCOMPARE(received, answer);
    QVERIFY2(logText().contains(logContains), qPrintable(logText()));
}

void TestStubTls::qsslClient_data()
{
    QTest::addColumn<QByteArray>("ssl");
    QTest::addColumn<QString>("serverCert");
    QTest::addColumn<bool>("useCa");
    QTest::addColumn<QString>("peerName");
    QTest::addColumn<int>("clientProtocol"); // QSsl::SslProtocol
    QTest::addColumn<bool>("encrypted");
    QTest::addColumn<int>("sslError"); // QSslError::SslError the client reports, -1: none checked
    QTest::addColumn<int>("chainLength");
    const int any = int(QSsl::TlsV1_2OrLater);
    QTest::newRow("CA set, name 127.0.0.1 (SAN IP)")
        << QByteArray() << QString() << true << "127.0.0.1" << any << true << -1 << 1;
    QTest::newRow("CA set, name localhost (SAN DNS)")
        << QByteArray() << QString() << true << "localhost" << any << true << -1 << 1;
    QTest::newRow("CA set, name example.com: mismatch")
        << QByteArray() << QString() << true << "example.com" << any << false << int(QSslError::HostNameMismatch) << 0;
    QTest::newRow("no CA: issuer unknown") << QByteArray() << QString() << false << "127.0.0.1" << any << false
                                           << int(QSslError::UnableToGetLocalIssuerCertificate) << 0;
    QTest::newRow("§5 chain: leaf + intermediate sent")
        << QByteArray() << m_f.chainCert << true << "localhost" << any << true << -1 << 2;
    QTest::newRow("expired server certificate") << QByteArray() << m_f.expiredCert << true << "localhost" << any
                                                << false << int(QSslError::CertificateExpired) << 0;
    QTest::newRow("§5 server TLSv1.3 only, client TLS 1.2")
        << QByteArray("    supported_protocols: [TLSv1.3]\n") << QString() << true << "127.0.0.1" << int(QSsl::TlsV1_2)
        << false << -1 << 0;
    QTest::newRow("§5 server TLSv1.2 only, client TLS 1.3")
        << QByteArray("    supported_protocols: [TLSv1.2]\n") << QString() << true << "127.0.0.1" << int(QSsl::TlsV1_3)
        << false << -1 << 0;
    QTest::newRow("§5 server TLSv1.2 only, client 1.2 or later")
        << QByteArray("    supported_protocols: [TLSv1.2]\n") << QString() << true << "127.0.0.1" << any << true << -1
        << 1;
}

void TestStubTls::qsslClient()
{
    QFETCH(QByteArray, ssl);
    QFETCH(QString, serverCert);
    QFETCH(bool, useCa);
    QFETCH(QString, peerName);
    QFETCH(int, clientProtocol);
    QFETCH(bool, encrypted);
    QFETCH(int, sslError);
    QFETCH(int, chainLength);
    QString key;
    if (serverCert == m_f.chainCert)
        key = m_f.chainKey;
    else if (serverCert == m_f.expiredCert)
        key = m_f.expiredKey;
    auto server = startStub(sslYaml(ssl, serverCert, key));

    QSslSocket client;
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setProtocol(QSsl::SslProtocol(clientProtocol));
    if (useCa)
        conf.setCaCertificates(QSslCertificate::fromPath(m_f.caCert));
    else
        conf.setCaCertificates({});
    // ALPN: the stub offers http/1.1 only (APM Server would also take h2, §5).
    conf.setAllowedNextProtocols({QByteArrayLiteral("h2"), QByteArrayLiteral("http/1.1")});
    client.setSslConfiguration(conf);
    QList<QSslError> errors;
    connect(&client, &QSslSocket::sslErrors, this, [&errors](const QList<QSslError>& e) { errors += e; });
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server->port(), peerName);
    const bool done = QTest::qWaitFor(
        [&] { return client.isEncrypted() || client.state() == QAbstractSocket::UnconnectedState; }, 10000);
    QVERIFY(done);
    QCOMPARE(client.isEncrypted(), encrypted);
    if (sslError >= 0) {
        bool found = false;
        for (const QSslError& e : errors)
            found = found || e.error() == QSslError::SslError(sslError);
        QVERIFY2(found, qPrintable(client.errorString()));
    }
    if (encrypted) {
        QCOMPARE(client.peerCertificateChain().size(), chainLength);
        QCOMPARE(client.sslConfiguration().nextNegotiatedProtocol(), QByteArray("http/1.1"));
        // A request over the encrypted stream reaches the same HTTP logic.
        client.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QByteArray answer;
        QVERIFY(QTest::qWaitFor(
            [&] {
                answer += client.readAll();
                return answer.contains("\r\n\r\n");
            },
            5000));
        QVERIFY2(answer.startsWith("HTTP/1.1 200 OK"), answer.constData());
    }
}

void TestStubTls::serveRefusesBadFiles_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<QString>("envPassphrase"); // exported as TLS_STUB_PASS when set
    QTest::addColumn<QString>("message");
    const QString missing = m_dir.filePath(QStringLiteral("no-such-cert.pem"));
    // Root reads every file: there, a directory stands in for an unreadable file.
    QString unreadable = m_dir.path();
    if (::geteuid() != 0) {
        unreadable = m_dir.filePath(QStringLiteral("unreadable.pem"));
        QFile::copy(m_f.serverCert, unreadable);
        QFile::setPermissions(unreadable, QFileDevice::Permissions());
    }
    const QString pass = QString::fromLatin1(TestSupport::TlsFixtures::kPassphrase);
    QTest::newRow("§5 certificate missing")
        << missing << m_f.serverKey << QByteArray() << "" << missing + QStringLiteral(" does not exist");
    QTest::newRow("§5 certificate unreadable")
        << unreadable << m_f.serverKey << QByteArray() << "" << unreadable + QStringLiteral(" cannot be read");
    QTest::newRow("§5 wrong passphrase") << m_f.serverCert << m_f.encryptedKey
                                         << QByteArray("    key_passphrase: not-it\n") << ""
                                         << m_f.encryptedKey + QStringLiteral(" cannot be decrypted");
    QTest::newRow("§5 passphrase ${NAME} unset")
        << m_f.serverCert << m_f.encryptedKey << QByteArray("    key_passphrase: ${TLS_STUB_PASS}\n") << ""
        << "TLS_STUB_PASS";
    QTest::newRow("§5 passphrase ${NAME} wrong in the environment")
        << m_f.serverCert << m_f.encryptedKey << QByteArray("    key_passphrase: ${TLS_STUB_PASS}\n") << "nope"
        << m_f.encryptedKey + QStringLiteral(" cannot be decrypted");
    QTest::newRow("§5 key does not match")
        << m_f.serverCert << m_f.otherKey << QByteArray() << ""
        << QStringLiteral("the private key in %1 does not match the certificate in %2")
               .arg(m_f.otherKey, m_f.serverCert);
    Q_UNUSED(pass);
}

void TestStubTls::serveRefusesBadFiles()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QByteArray, extra);
    QFETCH(QString, envPassphrase);
    QFETCH(QString, message);
    const QString config = writeFile(m_dir, QStringLiteral("bad-tls.yml"), sslYaml(extra, cert, key));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("TLS_STUB_PASS"));
    if (!envPassphrase.isEmpty())
        env.insert(QStringLiteral("TLS_STUB_PASS"), envPassphrase);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GATEKEEPER_APP_PATH), {QStringLiteral("serve"), QStringLiteral("--config"), config,
                                                  QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(p.waitForFinished(15000));
    QCOMPARE(p.exitCode(), 3);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains(message.toUtf8()), err.constData());
    QVERIFY(!p.readAllStandardOutput().contains("listening on"));
    if (!envPassphrase.isEmpty())
        QVERIFY2(!err.contains(envPassphrase.toUtf8()), "the passphrase appeared in the message");
}

void TestStubTls::serveSpeaksHttps()
{
    // GIVEN an encrypted key whose passphrase comes from ${TLS_STUB_PASS} in the environment
    const QString config =
        writeFile(m_dir, QStringLiteral("tls.yml"),
                  sslYaml("    key_passphrase: ${TLS_STUB_PASS}\n", m_f.serverCert, m_f.encryptedKey));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TLS_STUB_PASS"), QString::fromLatin1(TestSupport::TlsFixtures::kPassphrase));
    QProcess serve;
    serve.setProcessEnvironment(env);
    serve.start(QStringLiteral(GATEKEEPER_APP_PATH),
                {QStringLiteral("serve"), QStringLiteral("--config"), config, QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1:0"), QStringLiteral("--log-format"), QStringLiteral("json")});
    QByteArray out;
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += serve.readAllStandardOutput();
            return out.contains("listening on ") || serve.state() == QProcess::NotRunning;
        },
        15000));
    // THEN serve says https:// and curl with the CA gets the server information
    const auto m = QRegularExpression(QStringLiteral("listening on (https://[^\\s]+)")).match(QString::fromUtf8(out));
    QByteArray err = serve.readAllStandardError();
    QVERIFY2(m.hasMatch(), (out + err).constData());
    const CurlResult r = curl({QStringLiteral("--cacert"), m_f.caCert, m.captured(1) + QStringLiteral("/")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.status, 200);
    // AND a failed handshake becomes a log line too
    const CurlResult bad = curl({m.captured(1) + QStringLiteral("/")});
    QCOMPARE(bad.exitCode, 60);
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += serve.readAllStandardOutput();
            return out.contains("TLS handshake error");
        },
        5000));
    QVERIFY(!out.contains(TestSupport::TlsFixtures::kPassphrase));
    // AND the default TLSv1.1 that the local OpenSSL refuses is called out (§5 default 1.1–1.3)
    err += serve.readAllStandardError();
    QVERIFY2(err.contains("warning: TLSv1.1 is allowed") == !TlsSetup::localOpenSslAllows(0x0302), err.constData());
    QVERIFY(!err.contains(TestSupport::TlsFixtures::kPassphrase));
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitCode(), 0);
}

void TestStubTls::handshakeDeadline_data()
{
    QTest::addColumn<QByteArray>("send");
    QTest::addColumn<QString>("logContains");
    QTest::newRow("Go: handshake deadline, half a ClientHello")
        << QByteArray("\x16\x03\x01\x00", 4) << "handshake timeout";
    QTest::newRow("Go: handshake deadline, nothing sent") << QByteArray() << "the client sent nothing";
    QTest::newRow("Go: closed before the first record logs EOF") << QByteArray("close") << "EOF: the client closed";
}

void TestStubTls::handshakeDeadline()
{
    QFETCH(QByteArray, send);
    QFETCH(QString, logContains);
    // GIVEN read_timeout 1s: Go's handshake deadline is the shortest of read/write timeouts
    auto server = startStub("apm-server:\n  read_timeout: 1s\n" + sslYaml({}).mid(QByteArray("apm-server:\n").size()));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server->port());
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000));
    if (send == "close")
        socket.disconnectFromHost();
    else
        socket.write(send);
    // WHEN the client stalls (or leaves) THEN the stub closes and logs why
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 5000));
    QVERIFY2(QTest::qWaitFor([&] { return logText().contains(logContains); }, 5000), qPrintable(logText()));
}

void TestStubTls::nodeAgent_data()
{
    QTest::addColumn<bool>("caFile");
    QTest::newRow("§5 ELASTIC_APM_SERVER_CA_CERT_FILE set: 202") << true;
    QTest::newRow("§5 no CA file: UNABLE_TO_VERIFY_LEAF_SIGNATURE") << false;
}

void TestStubTls::nodeAgent()
{
    QFETCH(bool, caFile);
    const QString harness = QStringLiteral(GATEKEEPER_SOURCE_DIR "/tests/integration/node");
    QVERIFY2(QFile::exists(harness + QStringLiteral("/node_modules/elastic-apm-node/package.json")),
             "elastic-apm-node is not installed: run packaging/install-node-deps.sh");
    auto server = startStub(sslYaml({}));
    QProcess node;
    node.setWorkingDirectory(harness);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ELASTIC_APM_SERVER_URL"), server->url().toString());
    if (caFile)
        env.insert(QStringLiteral("ELASTIC_APM_SERVER_CA_CERT_FILE"), m_f.caCert);
    node.setProcessEnvironment(env);
    node.start(QStringLiteral("node"), {QStringLiteral("agent-harness.js")});
    QVERIFY(QTest::qWaitFor([&] { return node.state() == QProcess::NotRunning; }, 30000));
    const QByteArray out = node.readAllStandardOutput();
    const QJsonObject o = QJsonDocument::fromJson(out.trimmed().split('\n').constLast()).object();
    QVERIFY2(!o.isEmpty(), (out + node.readAllStandardError()).constData());
    QStringList errors;
    for (const auto& v : o.value(QStringLiteral("logs")).toArray()) {
        if (v.toObject().value(QStringLiteral("level")).toString() == QLatin1String("error"))
            errors << v.toObject().value(QStringLiteral("message")).toString();
    }
    const QString joined = errors.join(QLatin1Char('\n'));
    if (caFile) {
        QVERIFY2(errors.isEmpty(), qPrintable(joined));
        int accepted = 0;
        for (const RequestLogEntry& e : m_log) {
            if (e.endpoint == Endpoint::Intake && e.status == 202)
                accepted += e.eventsAccepted;
        }
        QVERIFY2(accepted >= 3, qPrintable(logText()));
    } else {
        QVERIFY2(joined.contains(QStringLiteral("UNABLE_TO_VERIFY_LEAF_SIGNATURE")) ||
                     joined.contains(QStringLiteral("SELF_SIGNED_CERT_IN_CHAIN")),
                 qPrintable(joined));
        QVERIFY2(logText().contains(QStringLiteral("TLS handshake error")), qPrintable(logText()));
    }
}

QTEST_GUILESS_MAIN(TestStubTls)
#include "tst_stubtls.moc"
