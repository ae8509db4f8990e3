// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The real Elastic APM Node.js agent (elastic-apm-node from npm, see tests/integration/node)
// against the intake stub on loopback: what the agent logs and what the stub answered.
#include "apikeys/ApiKeyRegistry.h"
#include "config/ApmServerYaml.h"
#include "config/SettingsIo.h"
#include "intake/ApiKeyBackendAdapter.h"
#include "intake/IntakeServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Intake;

namespace {

const QString kToken = QStringLiteral("node-agent-token-0123456789abcdef");

struct AgentRun
{
    QStringList errors;             // error-level log lines of the agent
    QStringList all;                // every log line
    QList<RequestLogEntry> requests; // what the stub saw
    int statusOf(Endpoint e) const
    {
        for (const RequestLogEntry& r : requests)
            if (r.endpoint == e)
                return r.status;
        return 0;
    }
};

} // namespace

class TestNodeAgent : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void outcomes_data();
    void outcomes();
    void centralConfigAnswered();

private:
    AgentRun runAgent(const QByteArray& yaml, const QString& profile, const QProcessEnvironment& env);

    QString m_harnessDir;
    QTemporaryDir m_dataDir;
    QString m_apiKeyCredentials;
    std::shared_ptr<AgentConfigStore> m_agentConfig = std::make_shared<AgentConfigStore>();
};

void TestNodeAgent::initTestCase()
{
    m_harnessDir = QStringLiteral(GATEKEEPER_SOURCE_DIR "/tests/integration/node");
    // The agent comes from npm through packaging/install-node-deps.sh (run by packaging/test.sh).
    QVERIFY2(QFile::exists(m_harnessDir + QStringLiteral("/node_modules/elastic-apm-node/package.json")),
             "elastic-apm-node is not installed: run packaging/install-node-deps.sh");
    QVERIFY(m_dataDir.isValid());
    ApiKeys::ApiKeyRegistry registry(m_dataDir.path());
    auto key = registry.create(QStringLiteral("node-agent"), {Config::Privilege::EventWrite, Config::Privilege::ConfigAgentRead});
    QVERIFY(key.ok());
    m_apiKeyCredentials = QString::fromLatin1(key->credentials.view().toByteArray());
}

AgentRun TestNodeAgent::runAgent(const QByteArray& yaml, const QString& profile, const QProcessEnvironment& env)
{
    AgentRun run;
    auto parsed = Config::ApmServerYaml::parse(yaml);
    if (!parsed)
        qFatal("bad test yaml");
    Engine::Options options;
    options.effective = Config::derive(Config::readSettings(*parsed).settings, *Config::parseProfile(profile));
    options.secretToken = options.effective.secretToken.value;
    options.apiKeys = std::make_shared<ApiKeyBackendAdapter>(m_dataDir.path());
    options.agentConfig = m_agentConfig;
    IntakeServer server;
    if (!server.start(options, QHostAddress::LocalHost, 0))
        qFatal("cannot start the stub");
    QObject::connect(&server, &IntakeServer::requestLogged, &server,
                     [&run](const RequestLogEntry& e) { run.requests.append(e); });

    QProcess node;
    node.setWorkingDirectory(m_harnessDir);
    QProcessEnvironment e = env;
    e.insert(QStringLiteral("ELASTIC_APM_SERVER_URL"), server.url().toString());
    node.setProcessEnvironment(e);
    node.start(QStringLiteral("node"), {QStringLiteral("agent-harness.js")});
    if (!QTest::qWaitFor([&] { return node.state() == QProcess::NotRunning; }, 30000))
        qFatal("the Node.js agent did not finish");
    const QByteArray out = node.readAllStandardOutput();
    const QJsonObject o = QJsonDocument::fromJson(out.trimmed().split('\n').constLast()).object();
    for (const auto& v : o.value(QStringLiteral("logs")).toArray()) {
        const QString line = v.toObject().value(QStringLiteral("message")).toString();
        run.all << line;
        if (v.toObject().value(QStringLiteral("level")).toString() == QLatin1String("error"))
            run.errors << line;
    }
    if (o.isEmpty())
        qWarning("agent output: %s / %s", out.constData(), node.readAllStandardError().constData());
    return run;
}

void TestNodeAgent::outcomes_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("credential"); // token | wrong | apikey | none
    QTest::addColumn<int>("intakeStatus");
    QTest::addColumn<int>("rootBodyEmpty"); // 1: the agent warns about an empty info body
    QTest::addColumn<QString>("errorContains");

    const QByteArray token = "apm-server:\n  auth:\n    secret_token: " + kToken.toUtf8() + "\n    api_key.enabled: true\n";
    QTest::newRow("secret token accepted (8.19)") << "8.19" << token << "token" << 202 << 0 << "";
    QTest::newRow("secret token accepted (7.15)") << "7.15" << token << "token" << 202 << 0 << "";
    QTest::newRow("wrong token rejected, message in the agent's log") << "8.19" << token << "wrong" << 401 << 1
                                                                      << "authentication failed";
    QTest::newRow("API key accepted") << "8.19" << token << "apikey" << 202 << 0 << "";
    QTest::newRow("no credential, anonymous on: 403 for nodejs") << "8.19" << QByteArray(token + "  rum.enabled: true\n")
                                                                 << "none" << 403 << 1
                                                                 << "anonymous access not permitted for agent \"nodejs\"";
    QTest::newRow("no credential, anonymous off: 401 missing") << "7.15" << token << "none" << 401 << 1
                                                               << "missing or improperly formatted Authorization header";
}

void TestNodeAgent::outcomes()
{
    QFETCH(QString, profile);
    QFETCH(QByteArray, yaml);
    QFETCH(QString, credential);
    QFETCH(int, intakeStatus);
    QFETCH(int, rootBodyEmpty);
    QFETCH(QString, errorContains);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (credential == QLatin1String("token"))
        env.insert(QStringLiteral("ELASTIC_APM_SECRET_TOKEN"), kToken);
    else if (credential == QLatin1String("wrong"))
        env.insert(QStringLiteral("ELASTIC_APM_SECRET_TOKEN"), QStringLiteral("not-the-token"));
    else if (credential == QLatin1String("apikey"))
        env.insert(QStringLiteral("ELASTIC_APM_API_KEY"), m_apiKeyCredentials);
    const AgentRun run = runAgent(yaml, profile, env);

    // GIVEN the agent ran THEN the stub saw its version fetch, config poll and intake stream.
    QCOMPARE(run.statusOf(Endpoint::Root), 200);
    QVERIFY2(run.statusOf(Endpoint::AgentConfig) != 0, "no central-config poll seen");
    QCOMPARE(run.statusOf(Endpoint::Intake), intakeStatus);
    if (intakeStatus == 202) {
        QVERIFY2(run.errors.isEmpty(), qPrintable(run.errors.join(QLatin1Char('\n'))));
        int accepted = 0;
        for (const RequestLogEntry& r : run.requests)
            if (r.endpoint == Endpoint::Intake)
                accepted += r.eventsAccepted;
        QVERIFY2(accepted >= 3, qPrintable(QString::number(accepted))); // transaction, span, error
    } else {
        const QString joined = run.errors.join(QLatin1Char('\n'));
        QVERIFY2(joined.contains(QStringLiteral("APM Server transport error (%1)").arg(intakeStatus)), qPrintable(joined));
        QVERIFY2(joined.contains(errorContains), qPrintable(joined));
    }
    const bool emptyBodyWarning = run.all.join(QLatin1Char('\n')).contains(QStringLiteral("returned no body"));
    QCOMPARE(emptyBodyWarning, rootBodyEmpty == 1);
}

void TestNodeAgent::centralConfigAnswered()
{
    // The agent's config poll gets settings and an ETag as APM Server answers them (§2).
    m_agentConfig->setEntries({AgentConfigEntry{QStringLiteral("harness-node-service"), QStringLiteral("production"),
                                                QStringLiteral("nodejs"),
                                                {{QStringLiteral("transaction_sample_rate"), QStringLiteral("0.5")}},
                                                QStringLiteral("etag-harness")}});
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ELASTIC_APM_SECRET_TOKEN"), kToken);
    const AgentRun run =
        runAgent("apm-server:\n  auth.secret_token: " + kToken.toUtf8() + "\n", QStringLiteral("8.19"), env);
    bool sawConfig = false;
    for (const RequestLogEntry& r : run.requests) {
        if (r.endpoint != Endpoint::AgentConfig)
            continue;
        sawConfig = true;
        QCOMPARE(r.status, 200);
        QCOMPARE(r.response.header("Etag"), QByteArray("\"etag-harness\""));
        QCOMPARE(r.serviceName, QStringLiteral("harness-node-service"));
    }
    QVERIFY(sawConfig);
    QVERIFY2(run.errors.isEmpty(), qPrintable(run.errors.join(QLatin1Char('\n'))));
    m_agentConfig->setEntries({});
}

QTEST_GUILESS_MAIN(TestNodeAgent)
#include "tst_nodeagent.moc"
