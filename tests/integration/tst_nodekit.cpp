// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The Node.js connection kit, end to end: `apm-gatekeeper agent-kit --agent nodejs --format env`
// is written to a file, a shell sources exactly that file (its ${NAME} references filled in from
// the shell's environment, as a user's service manager would) and starts the real Elastic APM
// Node.js agent (tests/integration/node) against the intake stub, which must accept its events.
#include "intake/IntakeServer.h"

#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Intake;

namespace {

const QByteArray kToken = "kit-token-Zq8n-3fJ_kP0wX2yV7uR5tL1mN9bC4dE";
const QByteArray kYaml = "apm-server:\n  host: 127.0.0.1:8200\n  auth.secret_token: ${NODE_KIT_TOKEN}\n";

} // namespace

class TestNodeKit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void kitEnvironment_data();
    void kitEnvironment();

private:
    QString m_harnessDir;
    QTemporaryDir m_dir;
};

void TestNodeKit::initTestCase()
{
    m_harnessDir = QStringLiteral(GATEKEEPER_SOURCE_DIR "/tests/integration/node");
    QVERIFY2(QFile::exists(m_harnessDir + QStringLiteral("/node_modules/elastic-apm-node/package.json")),
             "elastic-apm-node is not installed: run packaging/install-node-deps.sh");
    QVERIFY(m_dir.isValid());
}

void TestNodeKit::kitEnvironment_data()
{
    QTest::addColumn<QByteArray>("shellToken"); // what the sourcing shell has in NODE_KIT_TOKEN
    QTest::addColumn<int>("intakeStatus");
    QTest::newRow("kit with the token in the environment: events accepted") << kToken << 202;
    QTest::newRow("same kit, wrong value behind the reference: 401") << QByteArray("not-the-token") << 401;
}

void TestNodeKit::kitEnvironment()
{
    QFETCH(QByteArray, shellToken);
    QFETCH(int, intakeStatus);

    // GIVEN the stub serving the document, its token resolved as the CLI would
    const QString doc = TestSupport::writeFile(m_dir, QStringLiteral("apm-server.yml"), kYaml);
    const auto stub = TestSupport::serveDocument(kYaml, QString::fromLatin1(kToken));
    IntakeServer& server = *stub;
    QList<RequestLogEntry> requests;
    connect(&server, &IntakeServer::requestLogged, &server, [&](const RequestLogEntry& e) { requests.append(e); });

    // AND the Node.js kit for it, written to a file
    QProcess kit;
    kit.start(QStringLiteral(GATEKEEPER_APP_PATH),
              {QStringLiteral("agent-kit"), QStringLiteral("--agent"), QStringLiteral("nodejs"), QStringLiteral("--config"), doc,
               QStringLiteral("--url"), server.url().toString(), QStringLiteral("--service-name"), QStringLiteral("kit-node-service"),
               QStringLiteral("--environment"), QStringLiteral("kit-test")});
    QVERIFY(QTest::qWaitFor([&] { return kit.state() == QProcess::NotRunning; }, 30000));
    QCOMPARE(kit.exitCode(), 0);
    const QByteArray env = kit.readAllStandardOutput();
    QVERIFY2(env.contains("ELASTIC_APM_SECRET_TOKEN=\"${NODE_KIT_TOKEN}\""), env.constData());
    QVERIFY(!env.contains(kToken));
    const QString envFile = TestSupport::writeFile(m_dir, QStringLiteral("kit.env"), env);

    // WHEN a shell sources exactly that file and starts the agent
    QProcess node;
    node.setWorkingDirectory(m_harnessDir);
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString& k : e.keys())
        if (k.startsWith(QLatin1String("ELASTIC_APM_")))
            e.remove(k);
    e.insert(QStringLiteral("NODE_KIT_TOKEN"), QString::fromLatin1(shellToken));
    node.setProcessEnvironment(e);
    node.start(QStringLiteral("bash"), {QStringLiteral("-c"), QStringLiteral("set -a; . \"$1\"; set +a; exec node agent-harness.js"),
                                        QStringLiteral("kit"), envFile});
    QVERIFY(QTest::qWaitFor([&] { return node.state() == QProcess::NotRunning; }, 30000));
    const QByteArray out = node.readAllStandardOutput();
    const QJsonObject o = QJsonDocument::fromJson(out.trimmed().split('\n').constLast()).object();
    QVERIFY2(!o.isEmpty(), (out + node.readAllStandardError()).constData());
    QStringList errors;
    for (const auto& v : o.value(QStringLiteral("logs")).toArray())
        if (v.toObject().value(QStringLiteral("level")).toString() == QLatin1String("error"))
            errors << v.toObject().value(QStringLiteral("message")).toString();

    // THEN the stub saw the kit's service and answered intake as expected
    int intake = 0, accepted = 0;
    for (const RequestLogEntry& r : requests) {
        if (r.endpoint != Endpoint::Intake)
            continue;
        intake = r.status;
        accepted += r.eventsAccepted;
        if (intakeStatus == 202)
            QCOMPARE(r.serviceName, QStringLiteral("kit-node-service"));
    }
    QCOMPARE(intake, intakeStatus);
    if (intakeStatus == 202) {
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY2(accepted >= 3, qPrintable(QString::number(accepted))); // transaction, span, error
    } else {
        QVERIFY2(errors.join(QLatin1Char('\n')).contains(QStringLiteral("APM Server transport error (401)")),
                 qPrintable(errors.join(QLatin1Char('\n'))));
    }
}

QTEST_GUILESS_MAIN(TestNodeKit)
#include "tst_nodekit.moc"
