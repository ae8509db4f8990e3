// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// `apm-gatekeeper probe`, `doctor`, `explain` and `selfcheck` as a user runs them: exit codes (0 all as
// expected, 1 a mismatch or failed step, 2 usage), the report formats, and no secret in the output.
#include "TestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run app(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GATEKEEPER_APP_PATH), args);
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 25000))
        qFatal("apm-gatekeeper hangs");
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

quint16 closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

} // namespace

class TestProbeCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_config;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_config = TestSupport::writeFile(m_dir, QStringLiteral("apm-server.yml"),
                                          "apm-server:\n  auth:\n    secret_token: ${PROBE_CLI_TOKEN}\n    api_key.enabled: true\n"
                                          "  rum:\n    enabled: true\n    allow_origins: ['https://shop.example.com']\n");
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("probe without a target") << QStringList{QStringLiteral("probe")};
        QTest::newRow("probe with both targets") << QStringList{QStringLiteral("probe"), QStringLiteral("--embedded"),
                                                                QStringLiteral("--url"), QStringLiteral("http://x:8200")};
        QTest::newRow("probe with an unknown format") << QStringList{QStringLiteral("probe"), QStringLiteral("--url"),
                                                                     QStringLiteral("http://x:8200"), QStringLiteral("--format"), QStringLiteral("pdf")};
        QTest::newRow("probe with a URL without scheme") << QStringList{QStringLiteral("probe"), QStringLiteral("--url"), QStringLiteral("apm:8200")};
        QTest::newRow("probe with an unset token variable") << QStringList{QStringLiteral("probe"), QStringLiteral("--url"),
                                                                           QStringLiteral("http://x:8200"), QStringLiteral("--secret-token-env"),
                                                                           QStringLiteral("PROBE_CLI_UNSET_VARIABLE")};
        QTest::newRow("probe with a client cert but no key") << QStringList{QStringLiteral("probe"), QStringLiteral("--url"),
                                                                            QStringLiteral("https://x:8200"), QStringLiteral("--client-cert"), QStringLiteral("c.pem")};
        QTest::newRow("doctor without a URL") << QStringList{QStringLiteral("doctor")};
        QTest::newRow("explain without text") << QStringList{QStringLiteral("explain")};
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        const Run r = app(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
    }

    void embeddedProbeAllAsExpected()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PROBE_CLI_TOKEN"), QStringLiteral("cli-secret-value"));
        const Run r = app({QStringLiteral("probe"), QStringLiteral("--embedded"), QStringLiteral("--config"), m_config,
                           QStringLiteral("--profile"), QStringLiteral("8.19"), QStringLiteral("--format"), QStringLiteral("json")},
                          env);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY(o.value(QStringLiteral("total")).toInt() > 80);
        QCOMPARE(o.value(QStringLiteral("matched")).toInt(), o.value(QStringLiteral("total")).toInt());
        QCOMPARE(o.value(QStringLiteral("server")).toObject().value(QStringLiteral("behavesLike")).toString(), QStringLiteral("8.19"));
        // The token is printed as the variable the document names, never as its value.
        QVERIFY(!r.out.contains("cli-secret-value"));
        QVERIFY(r.out.contains("$PROBE_CLI_TOKEN"));
    }

    void embeddedWithoutConfigProbesTheDefaultDocument()
    {
        const Run r = app({QStringLiteral("probe"), QStringLiteral("--embedded"), QStringLiteral("--no-burst"),
                           QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.contains("default document"));
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY(o.value(QStringLiteral("total")).toInt() > 10);
        QCOMPARE(o.value(QStringLiteral("matched")).toInt(), o.value(QStringLiteral("total")).toInt());
    }

    void reportFiles()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PROBE_CLI_TOKEN"), QStringLiteral("cli-secret-value"));
        for (const char* format : {"html", "junit"}) {
            const QString out = m_dir.filePath(QStringLiteral("report.") + QLatin1String(format));
            const Run r = app({QStringLiteral("probe"), QStringLiteral("--embedded"), QStringLiteral("--config"), m_config,
                               QStringLiteral("--no-burst"), QStringLiteral("--format"), QLatin1String(format),
                               QStringLiteral("--output"), out},
                              env);
            QCOMPARE(r.exitCode, 0);
            QVERIFY(r.out.contains("scenarios as expected; report written to"));
            QFile f(out);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray text = f.readAll();
            QVERIFY(!text.contains("cli-secret-value"));
            QVERIFY(text.contains(qstrcmp(format, "html") == 0 ? QByteArray("<table>") : QByteArray("<testsuite ")));
        }
    }

    void unreachableUrlIsAMismatch()
    {
        const Run r = app({QStringLiteral("probe"), QStringLiteral("--url"),
                           QStringLiteral("http://127.0.0.1:%1").arg(closedPort()), QStringLiteral("--no-burst")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("FAIL"));
        QVERIFY(r.out.contains("N3"));
    }

    void doctorPinsTheLayer()
    {
        const Run r = app({QStringLiteral("doctor"), QStringLiteral("http://127.0.0.1:%1").arg(closedPort())});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("problem at the TCP layer"));
        const Run json = app({QStringLiteral("doctor"), QStringLiteral("http://apm-server.invalid:8200"), QStringLiteral("--format"),
                              QStringLiteral("json")});
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(QJsonDocument::fromJson(json.out).object().value(QStringLiteral("problemLayer")).toString(), QStringLiteral("DNS"));
    }

    void explainMatchesCases()
    {
        const Run r = app({QStringLiteral("explain"), QStringLiteral("x509: certificate signed by unknown authority")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("C1 [TLS]"));
        QCOMPARE(app({QStringLiteral("explain"), QStringLiteral("all good here")}).exitCode, 1);
    }

    void selfcheckPrintsTheMatrix()
    {
        const Run r = app({QStringLiteral("selfcheck")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("the probe's matrix against the stub matches the rules"));
        QVERIFY(r.out.contains("scenarios as expected"));
    }
};

QTEST_GUILESS_MAIN(TestProbeCli)
#include "tst_probecli.moc"
