// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The `serve` contract, run as a real process and spoken to by real curl.
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

const QByteArray kToken = "serve-test-token-0123456789abcdef";

using TestSupport::writeFile;

struct Curl
{
    int exitCode = -1;
    int status = 0;
    QByteArray body;
    QByteArray headers;
};

// Real curl: -sS, headers dumped separately, the status from --write-out.
Curl curl(const QStringList& args)
{
    QProcess p;
    QTemporaryDir d;
    const QString headerFile = d.filePath(QStringLiteral("h"));
    p.start(QStringLiteral("curl"), QStringList{QStringLiteral("-sS"), QStringLiteral("-D"), headerFile,
                                                QStringLiteral("-o"), QStringLiteral("-"), QStringLiteral("--max-time"),
                                                QStringLiteral("10")} +
                                        args);
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 15000))
        qFatal("curl hangs");
    Curl c;
    c.exitCode = p.exitCode();
    c.body = p.readAllStandardOutput();
    QFile h(headerFile);
    if (h.open(QIODevice::ReadOnly))
        c.headers = h.readAll();
    c.status = c.headers.split(' ').value(1).toInt();
    return c;
}

} // namespace

class TestServeCommand : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void servesAndLogs_data();
    void servesAndLogs();
    void refusesWhatApmServerRefuses_data();
    void refusesWhatApmServerRefuses();
    void agentConfigFile();
    void gracefulStopOnSigterm();

private:
    // Starts `serve`, waits for the "listening on" line; returns the URL or an empty string.
    QString startServe(QProcess& p, const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

    QTemporaryDir m_dir;
    QString m_config;
};

void TestServeCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_config = writeFile(m_dir, QStringLiteral("apm-server.yml"),
                         "apm-server:\n  host: \"127.0.0.1:8200\"\n  auth:\n    secret_token: ${SERVE_TEST_TOKEN}\n");
}

QString TestServeCommand::startServe(QProcess& p, const QStringList& args, const QProcessEnvironment& env)
{
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GATEKEEPER_APP_PATH), QStringList{QStringLiteral("serve")} + args);
    QByteArray out;
    (void)QTest::qWaitFor(
        [&] {
            out += p.readAllStandardOutput();
            return out.contains("listening on ") || p.state() == QProcess::NotRunning;
        },
        15000);
    const auto m = QRegularExpression(QStringLiteral("listening on (http://[^\\s]+)")).match(QString::fromUtf8(out));
    return m.hasMatch() ? m.captured(1) : QString();
}

void TestServeCommand::servesAndLogs_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("logFormat");
    QTest::addColumn<QString>("workers"); // empty: the default (one per core)
    QTest::newRow("7.15 text log, one event loop") << "7.15" << "text" << "1";
    QTest::newRow("8.19 json log, default workers") << "8.19" << "json" << "";
    QTest::newRow("8.19 text log, 3 worker threads") << "8.19" << "text" << "3";
}

void TestServeCommand::servesAndLogs()
{
    QFETCH(QString, profile);
    QFETCH(QString, logFormat);
    QFETCH(QString, workers);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SERVE_TEST_TOKEN"), QString::fromLatin1(kToken));
    QProcess serve;
    QStringList args{QStringLiteral("--config"), m_config, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--emulate"), profile, QStringLiteral("--log-format"), logFormat,
                     QStringLiteral("--data-dir"), m_dir.path()};
    if (!workers.isEmpty())
        args << QStringLiteral("--workers") << workers;
    const QString url = startServe(serve, args, env);
    QVERIFY2(!url.isEmpty(), serve.readAllStandardError());
    QVERIFY(!url.endsWith(QLatin1String(":0")));

    // curl with the token: the info endpoint answers with the emulated version.
    Curl info = curl({QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(kToken), url + QStringLiteral("/")});
    QCOMPARE(info.exitCode, 0);
    QCOMPARE(info.status, 200);
    QVERIFY2(info.body.contains(profile == QLatin1String("7.15") ? "\"version\": \"7.15.2\"" : "\"version\": \"8.19.20\""), info.body);
    // curl sends Accept: */* → pretty JSON (§1).
    QVERIFY(info.headers.contains("Content-Type: application/json"));

    // curl posting NDJSON events.
    const QString body = QStringLiteral("{\"metadata\":{\"service\":{\"name\":\"curl-svc\",\"agent\":{\"name\":\"nodejs\",\"version\":\"1\"}}}}\n"
                                        "{\"transaction\":{\"id\":\"1\",\"trace_id\":\"2\",\"duration\":1,\"type\":\"t\",\"span_count\":{\"started\":0}}}\n");
    Curl ok = curl({QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(kToken),
                    QStringLiteral("-H"), QStringLiteral("Content-Type: application/x-ndjson"), QStringLiteral("--data-binary"),
                    body, url + QStringLiteral("/intake/v2/events?verbose")});
    QCOMPARE(ok.status, 202);
    QVERIFY2(ok.body.contains("\"accepted\": 1"), ok.body);
    Curl bad = curl({QStringLiteral("-H"), QStringLiteral("Authorization: Bearer wrong"), QStringLiteral("-H"),
                     QStringLiteral("Content-Type: application/x-ndjson"), QStringLiteral("--data-binary"), body,
                     url + QStringLiteral("/intake/v2/events")});
    QCOMPARE(bad.status, 401);
    QCOMPARE(bad.body, QByteArray("{\n  \"error\": \"authentication failed\"\n}\n"));

    // One log line per request, with the decision and its reason, never the token.
    QByteArray log;
    (void)QTest::qWaitFor([&] {
        log += serve.readAllStandardOutput();
        return log.count('\n') >= 3;
    }, 5000);
    QVERIFY2(!log.contains(kToken), "the secret token appeared in the log");
    const QList<QByteArray> lines = log.trimmed().split('\n');
    QVERIFY2(lines.size() >= 3, log);
    if (logFormat == QLatin1String("json")) {
        const QJsonObject last = QJsonDocument::fromJson(lines.constLast()).object();
        QCOMPARE(last.value(QStringLiteral("status")).toInt(), 401);
        QVERIFY(last.value(QStringLiteral("trace")).toArray().size() >= 2);
        QVERIFY(last.value(QStringLiteral("verdict")).toString().contains(QStringLiteral("does not match")));
    } else {
        QVERIFY2(lines.constLast().contains("401"), lines.constLast());
        QVERIFY2(lines.at(lines.size() - 2).contains("202"), log);
    }
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitCode(), 0);
}

void TestServeCommand::refusesWhatApmServerRefuses_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("§3.6 ip_limit 0") << QByteArray("apm-server:\n  auth.anonymous.rate_limit.ip_limit: 0\n") << "7.15" << 1
                                     << "cache initialization: size must be greater than zero";
    QTest::newRow("§5 TLS without certificate") << QByteArray("apm-server:\n  ssl.enabled: true\n") << "8.19" << 1 << "certificate file not configured";
    QTest::newRow("§8 removed key on 8.19") << QByteArray("apm-server:\n  secret_token: x\n") << "8.19" << 1 << "removed in APM Server 8.0";
    QTest::newRow("§7 wrong type") << QByteArray("apm-server:\n  rum.enabled: sometimes\n") << "8.19" << 1 << "true or false";
    QTest::newRow("unresolved ${NAME}") << QByteArray("apm-server:\n  auth.secret_token: ${NOT_SET_ANYWHERE_42}\n") << "8.19" << 3 << "NOT_SET_ANYWHERE_42";
    QTest::newRow("malformed YAML") << QByteArray("apm-server:\n  host: \"x\n") << "8.19" << 3 << "line";
}

void TestServeCommand::refusesWhatApmServerRefuses()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, profile);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString path = writeFile(m_dir, QStringLiteral("refused.yml"), yaml);
    QProcess p;
    p.start(QStringLiteral(GATEKEEPER_APP_PATH), {QStringLiteral("serve"), QStringLiteral("--config"), path,
                                                  QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                                  QStringLiteral("--emulate"), profile});
    QVERIFY(p.waitForFinished(15000));
    QCOMPARE(p.exitCode(), exitCode);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains(message.toUtf8()), err);
    QVERIFY(!p.readAllStandardOutput().contains("listening on"));
}

void TestServeCommand::agentConfigFile()
{
    const QString agentConfig = writeFile(m_dir, QStringLiteral("agent-config.json"),
                                          R"([{"service": {"name": "checkout"}, "settings": {"transaction_sample_rate": 0.25}}])");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SERVE_TEST_TOKEN"), QString::fromLatin1(kToken));
    QProcess serve;
    const QString url = startServe(serve,
                                   {QStringLiteral("--config"), m_config, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                    QStringLiteral("--emulate"), QStringLiteral("8.19"), QStringLiteral("--agent-config"), agentConfig},
                                   env);
    QVERIFY(!url.isEmpty());
    Curl c = curl({QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(kToken),
                   url + QStringLiteral("/config/v1/agents?service.name=checkout")});
    QCOMPARE(c.status, 200);
    QVERIFY2(c.body.contains("\"transaction_sample_rate\": \"0.25\""), c.body);
    const QByteArray etag = QRegularExpression(QStringLiteral("Etag: (\"[^\"]+\")")).match(QString::fromLatin1(c.headers)).captured(1).toLatin1();
    QVERIFY(!etag.isEmpty());
    Curl again = curl({QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(kToken), QStringLiteral("-H"),
                       QStringLiteral("If-None-Match: ") + QString::fromLatin1(etag), url + QStringLiteral("/config/v1/agents?service.name=checkout")});
    QCOMPARE(again.status, 304);
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
}

void TestServeCommand::gracefulStopOnSigterm()
{
    // A request in flight when SIGTERM arrives still gets its answer.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SERVE_TEST_TOKEN"), QString::fromLatin1(kToken));
    QProcess serve;
    const QString url = startServe(serve, {QStringLiteral("--config"), m_config, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")}, env);
    QVERIFY(!url.isEmpty());
    // curl streams a body slowly (--limit-rate), SIGTERM goes out meanwhile.
    QProcess slow;
    QByteArray body = "{\"metadata\":{\"service\":{\"name\":\"s\",\"agent\":{\"name\":\"nodejs\",\"version\":\"1\"}}}}\n";
    for (int i = 0; i < 40; ++i)
        body += "{\"transaction\":{\"id\":\"1\",\"trace_id\":\"2\",\"duration\":1,\"type\":\"t\",\"span_count\":{\"started\":0}}}\n";
    const QString bodyFile = writeFile(m_dir, QStringLiteral("slow.ndjson"), body);
    slow.start(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                                        QStringLiteral("%{http_code}"), QStringLiteral("--limit-rate"), QStringLiteral("2k"),
                                        QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(kToken),
                                        QStringLiteral("-H"), QStringLiteral("Content-Type: application/x-ndjson"),
                                        QStringLiteral("--data-binary"), QStringLiteral("@") + bodyFile, url + QStringLiteral("/intake/v2/events")});
    QVERIFY(slow.waitForStarted());
    QTest::qWait(700);
    ::kill(pid_t(serve.processId()), SIGTERM);
    QVERIFY(slow.waitForFinished(20000));
    QCOMPARE(slow.readAllStandardOutput(), QByteArray("202"));
    QVERIFY(serve.waitForFinished(20000));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestServeCommand)
#include "tst_servecommand.moc"
