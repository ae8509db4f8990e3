// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The command line, run as a real process: exit codes, output formats, lossless `config set`.
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runApp(const QStringList& args)
{
    QProcess p;
    p.setProgram(QStringLiteral(GATEKEEPER_APP_PATH));
    p.setArguments(args);
    p.start();
    if (!p.waitForFinished(30000))
        qFatal("apm-gatekeeper %s did not finish", qPrintable(args.join(' ')));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exitCodes_data();
    void exitCodes();
    void version();
    void lintJson();
    void lintTextNamesLineAndFix();
    void effectiveJson();
    void getValue();
    void setIsLossless();
    void setRefusesSecretLiteral();
    void setRefusesWrongType();
    void setKeepsFileOnMalformedDocument();
    void selfcheck();

private:
    QTemporaryDir m_dir;
    QString m_good;
    QString m_bad;
    QString m_malformed;
};

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_good = TestSupport::writeFile(m_dir, QStringLiteral("good.yml"),
                       "# keep me\napm-server:\n  host: \"127.0.0.1:8200\" # inline\n  auth:\n    secret_token: ${T}\n"
                       "  ssl:\n    certificate: c.pem\n    key: k.pem\n    supported_protocols: [TLSv1.2, TLSv1.3]\n");
    m_bad = TestSupport::writeFile(m_dir, QStringLiteral("bad.yml"), "apm-server:\n  auth.anonymous.rate_limit.ip_limit: 0\n");
    m_malformed = TestSupport::writeFile(m_dir, QStringLiteral("malformed.yml"), "apm-server:\n  host: \"unclosed\n  x: [\n");
}

void TestCli::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("help") << QStringList{"--help"} << 0;
    QTest::newRow("lint clean") << QStringList{"config", "lint", "@good"} << 0;
    QTest::newRow("lint errors") << QStringList{"config", "lint", "@bad"} << 1;
    QTest::newRow("lint malformed") << QStringList{"config", "lint", "@malformed"} << 3;
    QTest::newRow("lint missing file") << QStringList{"config", "lint", "/nonexistent/apm-server.yml"} << 3;
    QTest::newRow("lint bad profile") << QStringList{"config", "lint", "@good", "--profile", "6.8"} << 2;
    QTest::newRow("lint bad format") << QStringList{"config", "lint", "@good", "--format", "xml"} << 2;
    QTest::newRow("lint no file") << QStringList{"config", "lint"} << 2;
    QTest::newRow("unknown subcommand") << QStringList{"config", "frobnicate"} << 2;
    QTest::newRow("unknown option") << QStringList{"config", "lint", "@good", "--bogus"} << 2;
    QTest::newRow("serve with 0 workers") << QStringList{"serve", "--config", "@good", "--workers", "0"} << 2;
    QTest::newRow("serve with workers not a number") << QStringList{"serve", "--config", "@good", "--workers", "many"} << 2;
    QTest::newRow("effective") << QStringList{"config", "effective", "@good", "--profile", "8.19"} << 0;
    QTest::newRow("effective malformed") << QStringList{"config", "effective", "@malformed"} << 3;
    QTest::newRow("get missing key") << QStringList{"config", "get", "@good", "apm-server.rum.enabled"} << 1;
    QTest::newRow("get wrong arity") << QStringList{"config", "get", "@good"} << 2;
    QTest::newRow("fixture 7.15 lints clean") << QStringList{"config", "lint", TestSupport::fixturePath("apm-server-7.15.2.yml")} << 0;
    QTest::newRow("fixture 8.19 lints clean") << QStringList{"config", "lint", TestSupport::fixturePath("apm-server-8.19.20.yml"), "--profile", "8.19"} << 0;
}

void TestCli::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    for (QString& a : args) {
        if (a == QLatin1String("@good"))
            a = m_good;
        else if (a == QLatin1String("@bad"))
            a = m_bad;
        else if (a == QLatin1String("@malformed"))
            a = m_malformed;
    }
    const Run r = runApp(args);
    QVERIFY2(r.exitCode == exitCode, r.out + r.err);
    if (exitCode >= 2)
        QVERIFY2(!r.err.isEmpty(), "a failure must say why on stderr");
}

void TestCli::version()
{
    const Run r = runApp({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("apm-gatekeeper "));
}

void TestCli::lintJson()
{
    const Run r = runApp({QStringLiteral("config"), QStringLiteral("lint"), m_bad, QStringLiteral("--format"),
                          QStringLiteral("json"), QStringLiteral("--profile"), QStringLiteral("8.19")});
    QCOMPARE(r.exitCode, 1);
    QJsonParseError pe;
    const QJsonObject o = QJsonDocument::fromJson(r.out, &pe).object();
    QCOMPARE(pe.error, QJsonParseError::NoError);
    QCOMPARE(o.value(QStringLiteral("profile")).toString(), QStringLiteral("8.19"));
    QVERIFY(o.value(QStringLiteral("errors")).toInt() >= 1);
    bool found = false;
    for (const auto& f : o.value(QStringLiteral("findings")).toArray())
        found |= f.toObject().value(QStringLiteral("code")).toString() == QLatin1String("anonymous.ip-limit-invalid");
    QVERIFY(found);
}

void TestCli::lintTextNamesLineAndFix()
{
    const Run r = runApp({QStringLiteral("config"), QStringLiteral("lint"), m_bad});
    QVERIFY2(r.out.contains(":2: error [anonymous.ip-limit-invalid]"), r.out);
    QVERIFY(r.out.contains("fix: "));
}

void TestCli::effectiveJson()
{
    const Run r = runApp({QStringLiteral("config"), QStringLiteral("effective"), m_good, QStringLiteral("--format"),
                          QStringLiteral("json"), QStringLiteral("--profile"), QStringLiteral("8.19")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QVERIFY(o.value(QStringLiteral("can_start")).toBool());
    QHash<QString, QJsonObject> byKey;
    for (const auto& v : o.value(QStringLiteral("settings")).toArray())
        byKey.insert(v.toObject().value(QStringLiteral("key")).toString(), v.toObject());
    QCOMPARE(byKey.value(QStringLiteral("apm-server.ssl.enabled")).value(QStringLiteral("value")).toString(), QStringLiteral("on"));
    QVERIFY(!byKey.value(QStringLiteral("apm-server.ssl.enabled")).value(QStringLiteral("rule")).toString().isEmpty());
    // The token is a reference: shown as the reference, never resolved.
    QCOMPARE(byKey.value(QStringLiteral("apm-server.auth.secret_token")).value(QStringLiteral("value")).toString(), QStringLiteral("${T}"));
}

void TestCli::getValue()
{
    Run r = runApp({QStringLiteral("config"), QStringLiteral("get"), m_good, QStringLiteral("apm-server.host")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("127.0.0.1:8200\n"));
    r = runApp({QStringLiteral("config"), QStringLiteral("get"), m_good, QStringLiteral("ssl.supported_protocols")});
    QCOMPARE(r.out, QByteArray("[TLSv1.2, TLSv1.3]\n"));
}

void TestCli::setIsLossless()
{
    const QString path = TestSupport::writeFile(m_dir, QStringLiteral("set.yml"), "# top comment\napm-server:\n  host: \"127.0.0.1:8200\" # inline\n\n  # rum below\n  rum:\n    enabled: false\nother: keep\n");
    QFile before(path);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray original = before.readAll();
    before.close();
    Run r = runApp({QStringLiteral("config"), QStringLiteral("set"), path, QStringLiteral("apm-server.rum.enabled"), QStringLiteral("true")});
    QVERIFY2(r.exitCode == 0, r.err);
    r = runApp({QStringLiteral("config"), QStringLiteral("set"), path, QStringLiteral("apm-server.rum.allow_origins"), QStringLiteral("[https://a.example, '*']")});
    QVERIFY2(r.exitCode == 0, r.err);
    QFile after(path);
    QVERIFY(after.open(QIODevice::ReadOnly));
    const QByteArray text = after.readAll();
    QVERIFY(text.contains("# top comment\n"));
    QVERIFY(text.contains("host: \"127.0.0.1:8200\" # inline\n"));
    QVERIFY(text.contains("  # rum below\n"));
    QVERIFY(text.contains("other: keep\n"));
    r = runApp({QStringLiteral("config"), QStringLiteral("get"), path, QStringLiteral("apm-server.rum.enabled")});
    QCOMPARE(r.out, QByteArray("true\n"));
    r = runApp({QStringLiteral("config"), QStringLiteral("get"), path, QStringLiteral("rum.allow_origins")});
    QCOMPARE(r.out, QByteArray("[https://a.example, *]\n"));
    QFile bak(path + QStringLiteral(".bak"));
    QVERIFY(bak.exists());
}

void TestCli::setRefusesSecretLiteral()
{
    const QString path = TestSupport::writeFile(m_dir, QStringLiteral("secret.yml"), "apm-server:\n  host: x\n");
    Run r = runApp({QStringLiteral("config"), QStringLiteral("set"), path, QStringLiteral("apm-server.auth.secret_token"), QStringLiteral("hunter2")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("keystore"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("apm-server:\n  host: x\n"));
    r = runApp({QStringLiteral("config"), QStringLiteral("set"), path, QStringLiteral("auth.secret_token"), QStringLiteral("${APM_SECRET_TOKEN}")});
    QVERIFY2(r.exitCode == 0, r.err);
}

void TestCli::setRefusesWrongType()
{
    const QString path = TestSupport::writeFile(m_dir, QStringLiteral("type.yml"), "apm-server:\n  host: x\n");
    const Run r = runApp({QStringLiteral("config"), QStringLiteral("set"), path, QStringLiteral("apm-server.rum.enabled"), QStringLiteral("perhaps")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("true or false"));
}

void TestCli::setKeepsFileOnMalformedDocument()
{
    QFile f(m_malformed);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray before = f.readAll();
    f.close();
    const Run r = runApp({QStringLiteral("config"), QStringLiteral("set"), m_malformed, QStringLiteral("apm-server.host"), QStringLiteral("y")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("line"), r.err);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
}

void TestCli::selfcheck()
{
    const Run r = runApp({QStringLiteral("selfcheck")});
    QVERIFY2(r.exitCode == 0, r.out + r.err);
    QVERIFY(r.out.contains("selfcheck: ok"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
