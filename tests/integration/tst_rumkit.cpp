// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The RUM connection kit in a real browser: `apm-gatekeeper agent-kit --agent rum` prints the page
// snippet, a page served from a loopback origin uses exactly that snippet with the real
// @elastic/apm-rum bundle, and headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; tests/integration/node/rum-harness.js) loads it against the intake stub. An
// allowed origin gets its events accepted; another origin is stopped by CORS (the preflight is
// answered without Access-Control-Allow-Origin, as APM Server does, §3.7).
#include "intake/IntakeServer.h"

#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Intake;

class TestRumKit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void browser_data();
    void browser();

private:
    QString m_harnessDir;
    QTemporaryDir m_dir;
};

void TestRumKit::initTestCase()
{
    m_harnessDir = QStringLiteral(GATEKEEPER_SOURCE_DIR "/tests/integration/node");
    QVERIFY2(QFile::exists(m_harnessDir + QStringLiteral("/node_modules/playwright-core/package.json")) &&
                 QFile::exists(m_harnessDir + QStringLiteral("/node_modules/@elastic/apm-rum/package.json")),
             "playwright-core or @elastic/apm-rum is not installed: run packaging/install-node-deps.sh");
    QVERIFY2(QFile::exists(QStringLiteral("/usr/bin/chromium")), "chromium is not installed: run packaging/install-deps.sh");
    QVERIFY(m_dir.isValid());
}

void TestRumKit::browser_data()
{
    QTest::addColumn<QByteArray>("allowOrigins");
    QTest::addColumn<QString>("pageHost");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("page origin allowed by a glob: events accepted") << QByteArray("['http://127.0.0.1:*']") << "127.0.0.1" << true;
    QTest::newRow("page origin not allowed: blocked by CORS") << QByteArray("['https://shop.example.com']") << "127.0.0.1" << false;
    QTest::newRow("localhost is another origin than 127.0.0.1") << QByteArray("['http://127.0.0.1:*']") << "localhost" << false;
}

void TestRumKit::browser()
{
    QFETCH(QByteArray, allowOrigins);
    QFETCH(QString, pageHost);
    QFETCH(bool, accepted);

    // GIVEN a document with RUM on (and a secret token, so anonymous access is what admits RUM)
    const QByteArray yaml = "apm-server:\n  auth.secret_token: ${RUM_KIT_TOKEN}\n  rum.enabled: true\n  rum.allow_origins: " +
                            allowOrigins + "\n";
    const QString doc = TestSupport::writeFile(m_dir, QStringLiteral("apm-server.yml"), yaml);
    const auto stub = TestSupport::serveDocument(yaml, QStringLiteral("rum-kit-token-never-sent-by-browsers"));
    IntakeServer& server = *stub;
    QList<RequestLogEntry> requests;
    connect(&server, &IntakeServer::requestLogged, &server, [&](const RequestLogEntry& e) { requests.append(e); });

    // AND the RUM kit's snippet for it
    QProcess kit;
    kit.start(QStringLiteral(GATEKEEPER_APP_PATH),
              {QStringLiteral("agent-kit"), QStringLiteral("--agent"), QStringLiteral("rum"), QStringLiteral("--config"), doc,
               QStringLiteral("--url"), server.url().toString(), QStringLiteral("--service-name"), QStringLiteral("rum-kit-service")});
    QVERIFY(QTest::qWaitFor([&] { return kit.state() == QProcess::NotRunning; }, 30000));
    QCOMPARE(kit.exitCode(), 0);
    const QByteArray snippet = kit.readAllStandardOutput();
    QVERIFY2(snippet.contains("elasticApm.init({") && !snippet.contains("WARNING"), snippet.constData());
    const QString snippetFile = TestSupport::writeFile(m_dir, QStringLiteral("snippet.html"), snippet);

    // WHEN Chromium loads a page using it
    QProcess node;
    node.setWorkingDirectory(m_harnessDir);
    node.start(QStringLiteral("node"), {QStringLiteral("rum-harness.js"), snippetFile, pageHost});
    QVERIFY(QTest::qWaitFor([&] { return node.state() == QProcess::NotRunning; }, 60000));
    const QByteArray out = node.readAllStandardOutput();
    const QJsonObject result = QJsonDocument::fromJson(out.trimmed().split('\n').constLast()).object();
    QVERIFY2(!result.isEmpty(), (out + node.readAllStandardError()).constData());
    const QString origin = result.value(QStringLiteral("origin")).toString();

    int posts202 = 0, eventsAccepted = 0, preflights = 0;
    QByteArray preflightAllowOrigin = "unset";
    for (const RequestLogEntry& r : requests) {
        if (!isRumEndpoint(r.endpoint))
            continue;
        if (r.method == QLatin1String("OPTIONS")) {
            ++preflights;
            preflightAllowOrigin = r.response.header("Access-Control-Allow-Origin");
        } else if (r.method == QLatin1String("POST") && r.status == 202) {
            ++posts202;
            eventsAccepted += r.eventsAccepted;
            QCOMPARE(r.serviceName, QStringLiteral("rum-kit-service"));
            QCOMPARE(r.agentName, QStringLiteral("rum-js"));
        }
    }
    int browserSaw202 = 0;
    for (const auto& v : result.value(QStringLiteral("responses")).toArray())
        browserSaw202 += v.toObject().value(QStringLiteral("status")).toInt() == 202;
    const QJsonArray failures = result.value(QStringLiteral("failures")).toArray();
    const QString console = result.value(QStringLiteral("console")).toVariant().toStringList().join(QLatin1Char('\n'));

    // THEN the stub saw the CORS preflight, and accepted or refused as the origin rule says
    QVERIFY2(preflights >= 1, qPrintable(console));
    if (accepted) {
        QCOMPARE(preflightAllowOrigin, origin.toLatin1());
        QVERIFY2(posts202 >= 1 && eventsAccepted >= 2, qPrintable(QStringLiteral("%1 POSTs, %2 events; %3").arg(posts202).arg(eventsAccepted).arg(console)));
        QVERIFY(browserSaw202 >= 1);
        QVERIFY2(failures.isEmpty(), QJsonDocument(failures).toJson().constData());
    } else {
        QCOMPARE(preflightAllowOrigin, QByteArray()); // 200 without Access-Control-Allow-Origin
        QCOMPARE(posts202, 0);
        QCOMPARE(browserSaw202, 0);
        QVERIFY2(!failures.isEmpty(), qPrintable(console));
        QVERIFY2(console.contains(QStringLiteral("CORS policy")), qPrintable(console));
    }
}

QTEST_GUILESS_MAIN(TestRumKit)
#include "tst_rumkit.moc"
