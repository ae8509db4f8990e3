// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// `apm-gatekeeper cert …` end to end, checked with tools we did not write: openssl verify and
// x509 -text on what `cert ca|server|client` made, curl --cacert (and --cert/--key for mutual TLS)
// against `apm-gatekeeper serve` using those files, and the real Node.js agent with the CA file from
// `cert kit --agent nodejs`.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString& program, const QStringList& args, const QProcessEnvironment& env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 60000))
        qFatal("%s hangs", qPrintable(program));
    return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
               p.readAllStandardError()};
}

const char* const kPass = "cli-key-passphrase-9";

} // namespace

class TestCertCommands : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void opensslAcceptsWhatWasMade();
    void validateExitCodes_data();
    void validateExitCodes();
    void inspectJson();
    void passphraseOptionErrors_data();
    void passphraseOptionErrors();
    void curlReachesServe_data();
    void curlReachesServe();
    void nodeAgentWithKit();

private:
    Run gatekeeper(const QStringList& args) const { return run(QStringLiteral(GATEKEEPER_APP_PATH), args, m_env); }
    QString file(const QString& name) const { return m_dir.filePath(name); }
    // Starts `serve` with the ssl block; returns the https URL (empty on failure, with the output).
    QString startServe(QProcess& serve, const QByteArray& sslBlock, QByteArray* output);

    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
};

void TestCertCommands::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("GK_TEST_KEY_PASS"), QString::fromLatin1(kPass));
    m_env.insert(QStringLiteral("GK_TEST_STORE_PASS"), QStringLiteral("store-pass-2"));
    // GIVEN a CA with an encrypted key, a server certificate for the loopback URLs agents use here,
    // and a client certificate — all made by the command line
    Run r = gatekeeper({QStringLiteral("cert"), QStringLiteral("ca"), QStringLiteral("--out-dir"), m_dir.path(),
                        QStringLiteral("--passphrase-env"), QStringLiteral("GK_TEST_KEY_PASS")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = gatekeeper({QStringLiteral("cert"), QStringLiteral("server"), QStringLiteral("--ca"), file("ca.pem"),
                    QStringLiteral("--ca-key"), file("ca.key"), QStringLiteral("--ca-passphrase-env"),
                    QStringLiteral("GK_TEST_KEY_PASS"), QStringLiteral("--url"),
                    QStringLiteral("https://127.0.0.1:8200"), QStringLiteral("--url"),
                    QStringLiteral("https://localhost:8200"), QStringLiteral("--san"),
                    QStringLiteral("apm.example.com"), QStringLiteral("--passphrase-env"),
                    QStringLiteral("GK_TEST_KEY_PASS"), QStringLiteral("--out-dir"), m_dir.path()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("key_passphrase: ${GK_TEST_KEY_PASS}"), r.out.constData());
    r = gatekeeper({QStringLiteral("cert"), QStringLiteral("client"), QStringLiteral("--ca"), file("ca.pem"),
                    QStringLiteral("--ca-key"), file("ca.key"), QStringLiteral("--ca-passphrase-env"),
                    QStringLiteral("GK_TEST_KEY_PASS"), QStringLiteral("--subject"), QStringLiteral("checkout"),
                    QStringLiteral("--key-type"), QStringLiteral("rsa-2048"), QStringLiteral("--out-dir"),
                    m_dir.path()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // The passphrase never shows up in anything printed.
    QVERIFY(!r.out.contains(kPass) && !r.err.contains(kPass));
}

void TestCertCommands::opensslAcceptsWhatWasMade()
{
    // THEN openssl verify accepts both leaves against the CA …
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* leaf : {"server.pem", "client.pem"}) {
        const Run v =
            run(QStringLiteral("openssl"),
                {QStringLiteral("verify"), QStringLiteral("-CAfile"), file("ca.pem"), QStringLiteral("-purpose"),
                 QString::fromLatin1(leaf) == QLatin1String("server.pem") ? QStringLiteral("sslserver")
                                                                          : QStringLiteral("sslclient"),
                 file(QString::fromLatin1(leaf))},
                env);
        QVERIFY2(v.exitCode == 0 && v.out.contains(": OK"), (v.out + v.err).constData());
    }
    // … and x509 -text shows the proposed SANs (the machine's name, never only localhost) and extensions
    const Run t = run(QStringLiteral("openssl"),
                      {QStringLiteral("x509"), QStringLiteral("-in"), file("server.pem"), QStringLiteral("-noout"),
                       QStringLiteral("-text")},
                      env);
    for (const char* expected : {"DNS:apm.example.com", "DNS:localhost", "IP Address:127.0.0.1",
                                 "TLS Web Server Authentication", "CA:FALSE", "X509v3 Authority Key Identifier"})
        QVERIFY2(t.out.contains(expected), qPrintable(QString::fromLatin1(expected) + QString::fromUtf8(t.out)));
    const Run c = run(QStringLiteral("openssl"),
                      {QStringLiteral("x509"), QStringLiteral("-in"), file("client.pem"), QStringLiteral("-noout"),
                       QStringLiteral("-text")},
                      env);
    QVERIFY2(c.out.contains("TLS Web Client Authentication") && c.out.contains("Public-Key: (2048 bit)"),
             c.out.constData());
    // Keys: 0600, the server key encrypted (PKCS#8)
    QCOMPARE(QFileInfo(file("server.key")).permissions() &
                 (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
    QFile key(file("server.key"));
    QVERIFY(key.open(QIODevice::ReadOnly));
    QVERIFY(key.readAll().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
}

void TestCertCommands::validateExitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("output");
    const QString cert = file("server.pem");
    QTest::newRow("good: exit 0, verdicts listed") << QStringList{"--cert",
                                                                  cert,
                                                                  "--key",
                                                                  file("server.key"),
                                                                  "--ca",
                                                                  file("ca.pem"),
                                                                  "--passphrase-env",
                                                                  "GK_TEST_KEY_PASS",
                                                                  "--url",
                                                                  "https://127.0.0.1:8200"}
                                                   << 0 << "Node.js       needs-option";
    QTest::newRow("host not covered: exit 1")
        << QStringList{"--cert", cert, "--ca", file("ca.pem"), "--url", "https://10.9.9.9:8200"} << 1
        << "tls.host-not-covered";
    QTest::newRow("encrypted key, no passphrase: exit 1")
        << QStringList{"--cert", cert, "--key", file("server.key"), "--ca", file("ca.pem")} << 1
        << "tls.key-encrypted-no-passphrase";
    QTest::newRow("client key for the server certificate: exit 1")
        << QStringList{"--cert",          cert, "--key", file("client.key"), "--ca", file("ca.pem"), "--passphrase-env",
                       "GK_TEST_KEY_PASS"}
        << 1 << "tls.key-mismatch";
    QTest::newRow("C14 CA list without client_authentication: warning, exit 0")
        << QStringList{"--cert", cert, "--ca", file("ca.pem"), "--ca-list-configured"} << 0
        << "tls.client-auth-implicit";
    QTest::newRow("missing --cert: usage, exit 2") << QStringList{"--ca", file("ca.pem")} << 2 << "--cert FILE";
    QTest::newRow("passphrase variable not set: exit 2")
        << QStringList{"--cert", cert, "--passphrase-env", "GK_TEST_UNSET_VARIABLE"} << 2 << "GK_TEST_UNSET_VARIABLE";
    QTest::newRow("unreadable certificate: exit 3") << QStringList{"--cert", file("nope.pem")} << 3 << "nope.pem";
    const QString yml = file(QStringLiteral("validate.yml"));
    QFile f(yml);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(yml));
    f.write("apm-server:\n  ssl:\n    certificate: \"" + cert.toUtf8() + "\"\n    key: \"" +
            file("server.key").toUtf8() +
            "\"\n    key_passphrase: ${GK_TEST_KEY_PASS}\n    certificate_authorities: [\"" + file("ca.pem").toUtf8() +
            "\"]\n");
    f.close();
    QTest::newRow("--config: key decrypted with ${NAME} from the environment, C14 found")
        << QStringList{"--config", yml, "--ca", file("ca.pem")} << 0 << "tls.client-auth-implicit";
    QTest::newRow("json format") << QStringList{"--cert", cert, "--ca", file("ca.pem"), "--format", "json"} << 0
                                 << "\"agents\"";
}

void TestCertCommands::validateExitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, output);
    const Run r = gatekeeper(QStringList{QStringLiteral("cert"), QStringLiteral("validate")} + args);
    QVERIFY2(r.exitCode == exitCode, (r.out + r.err).constData());
    QVERIFY2((r.out + r.err).contains(output.toUtf8()), (r.out + r.err).constData());
    QVERIFY(!(r.out + r.err).contains(kPass));
}

void TestCertCommands::passphraseOptionErrors_data()
{
    // Refused before any keychain is asked or any file written.
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("output");
    const QString out = file(QStringLiteral("refused"));
    QTest::newRow("--passphrase-env and --passphrase-keychain together: usage") << QStringList{"ca",
                                                                                               "--out-dir",
                                                                                               out,
                                                                                               "--passphrase-env",
                                                                                               "GK_TEST_KEY_PASS",
                                                                                               "--passphrase-keychain",
                                                                                               "GK_TEST_CA_PASS"}
                                                                                << "not both";
    QTest::newRow("--passphrase-keychain with a name ${NAME} cannot hold: usage")
        << QStringList{"ca", "--out-dir", out, "--passphrase-keychain", "not a name"}
        << "letters, digits and underscores";
    QTest::newRow("--ca-passphrase-env and --ca-passphrase-keychain together: usage")
        << QStringList{"client",
                       "--out-dir",
                       out,
                       "--subject",
                       "checkout",
                       "--ca",
                       file("ca.pem"),
                       "--ca-key",
                       file("ca.key"),
                       "--ca-passphrase-env",
                       "GK_TEST_KEY_PASS",
                       "--ca-passphrase-keychain",
                       "GK_TEST_CA_PASS"}
        << "not both";
}

void TestCertCommands::passphraseOptionErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, output);
    const Run r = gatekeeper(QStringList{QStringLiteral("cert")} + args);
    QVERIFY2(r.exitCode == 2, (r.out + r.err).constData());
    QVERIFY2(r.err.contains(output.toUtf8()), r.err.constData());
    QVERIFY(!QFile::exists(file(QStringLiteral("refused/ca.key"))));
    QVERIFY(!QFile::exists(file(QStringLiteral("refused/client.key"))));
}

void TestCertCommands::inspectJson()
{
    // GIVEN the chain file (leaf) and the CA WHEN inspected as JSON THEN each file's contents and
    // fingerprints are there, matching openssl's SHA-256 fingerprint
    const Run r = gatekeeper({QStringLiteral("cert"), QStringLiteral("inspect"), file("server.pem"), file("ca.pem"),
                              QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray files = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(files.size(), 2);
    const QJsonObject leaf = files.at(0).toObject().value(QStringLiteral("certificates")).toArray().at(0).toObject();
    const Run fp = run(QStringLiteral("openssl"),
                       {QStringLiteral("x509"), QStringLiteral("-in"), file("server.pem"), QStringLiteral("-noout"),
                        QStringLiteral("-fingerprint"), QStringLiteral("-sha256")},
                       QProcessEnvironment::systemEnvironment());
    QVERIFY2(fp.out.trimmed().endsWith(leaf.value(QStringLiteral("sha256_fingerprint")).toString().toLatin1()),
             fp.out.constData());
    QCOMPARE(leaf.value(QStringLiteral("key")).toString(), QStringLiteral("EC P-256"));
    QVERIFY(leaf.value(QStringLiteral("days_left")).toInt() >= 395);
    // An encrypted key without its passphrase is identified, not an error.
    const Run k = gatekeeper({QStringLiteral("cert"), QStringLiteral("inspect"), file("server.key")});
    QCOMPARE(k.exitCode, 0);
    QVERIFY2(k.out.contains("encrypted private key"), k.out.constData());
}

QString TestCertCommands::startServe(QProcess& serve, const QByteArray& sslBlock, QByteArray* output)
{
    static int n = 0;
    const QString config = file(QStringLiteral("serve-%1.yml").arg(++n));
    QFile f(config);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write("apm-server:\n  ssl:\n    enabled: true\n    certificate: \"" + file("server.pem").toUtf8() +
            "\"\n    key: \"" + file("server.key").toUtf8() + "\"\n    key_passphrase: ${GK_TEST_KEY_PASS}\n" +
            sslBlock);
    f.close();
    serve.setProcessEnvironment(m_env);
    serve.start(QStringLiteral(GATEKEEPER_APP_PATH),
                {QStringLiteral("serve"), QStringLiteral("--config"), config, QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1:0"), QStringLiteral("--emulate"), QStringLiteral("8.19")});
    const bool ready = QTest::qWaitFor(
        [&] {
            *output += serve.readAllStandardOutput();
            return output->contains("listening on ") || serve.state() == QProcess::NotRunning;
        },
        15000);
    const auto m =
        QRegularExpression(QStringLiteral("listening on (https://[^\\s]+)")).match(QString::fromUtf8(*output));
    *output += serve.readAllStandardError();
    return ready && m.hasMatch() ? m.captured(1) : QString();
}

void TestCertCommands::curlReachesServe_data()
{
    QTest::addColumn<QByteArray>("sslBlock");
    QTest::addColumn<bool>("clientCert");
    QTest::addColumn<int>("curlExit");
    QTest::newRow("curl --cacert reaches serve with the generated certificate") << QByteArray() << false << 0;
    const QByteArray mtls =
        "    certificate_authorities: [\"" + file("ca.pem").toUtf8() + "\"]\n    client_authentication: required\n";
    QTest::newRow("mutual TLS required: curl --cert/--key with the generated client certificate") << mtls << true << 0;
    // curl reports a TLS alert from the server as 56 (receive) or 35 (handshake), by timing.
    QTest::newRow("mutual TLS required: curl without a client certificate fails") << mtls << false << -1;
}

void TestCertCommands::curlReachesServe()
{
    QFETCH(QByteArray, sslBlock);
    QFETCH(bool, clientCert);
    QFETCH(int, curlExit);
    QProcess serve;
    QByteArray output;
    const QString url = startServe(serve, sslBlock, &output);
    QVERIFY2(!url.isEmpty(), output.constData());
    // WHEN curl connects by the name in the SAN (localhost) with only the CA to trust
    const QString port = url.section(QLatin1Char(':'), -1);
    QStringList args{QStringLiteral("-sS"),
                     QStringLiteral("--max-time"),
                     QStringLiteral("15"),
                     QStringLiteral("--cacert"),
                     file("ca.pem"),
                     QStringLiteral("-w"),
                     QStringLiteral("%{http_code}"),
                     QStringLiteral("-o"),
                     QStringLiteral("/dev/null"),
                     QStringLiteral("https://localhost:%1/").arg(port)};
    if (clientCert)
        args << QStringLiteral("--cert") << file("client.pem") << QStringLiteral("--key") << file("client.key");
    const Run c = run(QStringLiteral("curl"), args, QProcessEnvironment::systemEnvironment());
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
    // THEN it gets APM Server's answer (200 for the unauthenticated server information)
    if (curlExit == 0) {
        QVERIFY2(c.exitCode == 0, (c.err + output).constData());
        QCOMPARE(c.out, QByteArray("200"));
    } else {
        QVERIFY2(c.exitCode == 56 || c.exitCode == 35, (c.err + QByteArray::number(c.exitCode)).constData());
    }
    QVERIFY(!output.contains(kPass));
}

void TestCertCommands::nodeAgentWithKit()
{
    const QString harness = QStringLiteral(GATEKEEPER_SOURCE_DIR "/tests/integration/node");
    QVERIFY2(QFile::exists(harness + QStringLiteral("/node_modules/elastic-apm-node/package.json")),
             "elastic-apm-node is not installed: run packaging/install-node-deps.sh");
    // GIVEN the Node.js kit for the generated CA and server certificate
    const QString kitDir = file(QStringLiteral("kit-node"));
    const Run k = gatekeeper({QStringLiteral("cert"), QStringLiteral("kit"), QStringLiteral("--agent"),
                              QStringLiteral("nodejs"), QStringLiteral("--ca"), file("ca.pem"),
                              QStringLiteral("--cert"), file("server.pem"), QStringLiteral("--url"),
                              QStringLiteral("https://127.0.0.1:8200"), QStringLiteral("--out-dir"), kitDir});
    QVERIFY2(k.exitCode == 0, (k.out + k.err).constData());
    QVERIFY2(k.out.contains("Node.js: needs-option"), k.out.constData());
    QProcess serve;
    QByteArray output;
    const QString url = startServe(serve, {}, &output);
    QVERIFY2(!url.isEmpty(), output.constData());
    // WHEN the real agent sends with ELASTIC_APM_SERVER_CA_CERT_FILE (serverCaCertFile) from the kit
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ELASTIC_APM_SERVER_URL"), url);
    env.insert(QStringLiteral("ELASTIC_APM_SERVER_CA_CERT_FILE"), kitDir + QStringLiteral("/ca.pem"));
    QProcess node;
    node.setWorkingDirectory(harness);
    node.setProcessEnvironment(env);
    node.start(QStringLiteral("node"), {QStringLiteral("agent-harness.js")});
    QVERIFY(QTest::qWaitFor([&] { return node.state() == QProcess::NotRunning; }, 30000));
    const QByteArray out = node.readAllStandardOutput();
    QTest::qWait(200);
    output += serve.readAllStandardOutput();
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
    const QJsonObject o = QJsonDocument::fromJson(out.trimmed().split('\n').constLast()).object();
    QVERIFY2(!o.isEmpty(), (out + node.readAllStandardError()).constData());
    // THEN it logs no error and the stub accepted its events over TLS
    QStringList errors;
    for (const auto& v : o.value(QStringLiteral("logs")).toArray()) {
        if (v.toObject().value(QStringLiteral("level")).toString() == QLatin1String("error"))
            errors << v.toObject().value(QStringLiteral("message")).toString();
    }
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY2(output.contains(" 202 "), output.constData());
}

QTEST_GUILESS_MAIN(TestCertCommands)
#include "tst_certcommands.moc"
