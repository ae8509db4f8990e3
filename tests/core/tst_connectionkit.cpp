// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// Per-agent connection kits: every option name checked against the reference's summary matrix
// (../shared/reference/agent-options.md §2), and what the kits write for credentials, trust and
// the server's rules.
#include "agents/ConnectionKit.h"
#include "config/ApmServerYaml.h"
#include "config/SettingsIo.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Agents;

namespace {

// The §2 summary matrix: row label → one cell per agent, in the catalog's order.
QHash<QString, QStringList> g_matrix;
QString g_reference;

const int kColumns = 8;

KitRequest requestFor(const QByteArray& yaml, const QString& url)
{
    auto parsed = Config::ApmServerYaml::parse(yaml);
    if (!parsed)
        qFatal("bad test yaml");
    KitRequest r = KitRequest::fromSettings(Config::derive(Config::readSettings(*parsed).settings, Config::Profile::V8_19));
    r.serverUrl = url;
    return r;
}

const QByteArray kTokenTls = "apm-server:\n  auth.secret_token: ${APM_SECRET_TOKEN}\n  ssl.enabled: true\n"
                             "  ssl.certificate: /etc/apm/server.pem\n  ssl.key: /etc/apm/server.key\n";

} // namespace

class TestConnectionKit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void optionNamesMatchReference_data();
    void optionNamesMatchReference();
    void envNamesFollowTheRule_data();
    void envNamesFollowTheRule();
    void clientCertificates_data();
    void clientCertificates();
    void secretsByReference_data();
    void secretsByReference();
    void revealWritesTheValue();
    void trustFile_data();
    void trustFile();
    void warnings_data();
    void warnings();
    void environmentIsShellSafe();
};

void TestConnectionKit::initTestCase()
{
    QFile f(QStringLiteral(GATEKEEPER_SHARED_DIR "/reference/agent-options.md"));
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    g_reference = QString::fromUtf8(f.readAll());
    const QStringList lines = g_reference.split(QLatin1Char('\n'));
    qsizetype i = lines.indexOf(QStringLiteral("| | Node.js | Java | Python | Go | .NET | Ruby | PHP | RUM JS |"));
    QVERIFY2(i >= 0, "summary matrix header not found in agent-options.md");
    for (i += 2; i < lines.size() && lines.at(i).startsWith(QLatin1Char('|')); ++i) {
        QStringList cells = lines.at(i).split(QLatin1Char('|'));
        cells = cells.mid(1, cells.size() - 2);
        QCOMPARE(cells.size(), kColumns + 1);
        QStringList trimmed;
        for (const QString& c : cells)
            trimmed << c.trimmed();
        g_matrix.insert(trimmed.takeFirst(), trimmed);
    }
    QVERIFY(g_matrix.contains(QStringLiteral("Server URL")));
    QCOMPARE(allAgents().size(), kColumns);
}

void TestConnectionKit::optionNamesMatchReference_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("matrixRow");
    QTest::addColumn<QString>("name"); // the catalog's config name ("" = not supported)
    const QList<std::pair<QString, std::function<OptionName(const AgentInfo&)>>> roles = {
        {QStringLiteral("Server URL"), [](const AgentInfo& a) { return a.serverUrl; }},
        {QStringLiteral("Secret token"), [](const AgentInfo& a) { return a.secretToken; }},
        {QStringLiteral("API key (base64 id:key)"), [](const AgentInfo& a) { return a.apiKey; }},
        {QStringLiteral("Verify server cert (default true)"), [](const AgentInfo& a) { return a.verifyServerCert; }},
        {QStringLiteral("CA file (PEM)"), [](const AgentInfo& a) { return a.caFile; }},
        {QStringLiteral("Pinning"), [](const AgentInfo& a) { return a.serverCert; }},
    };
    for (int c = 0; c < allAgents().size(); ++c) {
        const AgentInfo& a = allAgents().at(c);
        for (const auto& [row, get] : roles)
            QTest::addRow("%s %s", qPrintable(a.id), qPrintable(row)) << c << row << get(a).config;
    }
}

void TestConnectionKit::optionNamesMatchReference()
{
    QFETCH(int, column);
    QFETCH(QString, matrixRow);
    QFETCH(QString, name);
    QVERIFY2(g_matrix.contains(matrixRow), qPrintable(matrixRow));
    const QString cell = g_matrix.value(matrixRow).at(column);
    if (name.isEmpty()) {
        // Not supported: the reference says "none" or "—".
        QVERIFY2(cell.startsWith(QLatin1String("none")) || cell.startsWith(QStringLiteral("—")), qPrintable(cell));
    } else {
        // The exact name, as the reference writes it in backticks, with its "since" version.
        QVERIFY2(cell.startsWith(QLatin1Char('`') + name + QLatin1Char('`')), qPrintable(cell + QStringLiteral(" vs ") + name));
    }
}

void TestConnectionKit::envNamesFollowTheRule_data()
{
    QTest::addColumn<QString>("config");
    QTest::addColumn<QString>("env");
    for (const AgentInfo& a : allAgents()) {
        for (const OptionName& o : {a.serverUrl, a.secretToken, a.apiKey, a.verifyServerCert, a.caFile, a.serverCert,
                                    a.serviceName, a.environment}) {
            if (o.env.isEmpty())
                continue;
            QTest::addRow("%s %s", qPrintable(a.id), qPrintable(o.env)) << o.config << o.env;
        }
    }
}

void TestConnectionKit::envNamesFollowTheRule()
{
    // §1: "the env var is always ELASTIC_APM_ + upper snake case", and the reference names it.
    QFETCH(QString, config);
    QFETCH(QString, env);
    QString snake = config;
    if (!snake.startsWith(QLatin1String("ELASTIC_APM_"))) {
        snake.replace(QRegularExpression(QStringLiteral("([a-z0-9])([A-Z])")), QStringLiteral("\\1_\\2"));
        snake = QStringLiteral("ELASTIC_APM_") + snake.toUpper();
    }
    QCOMPARE(env, snake);
    QVERIFY2(g_reference.contains(env), qPrintable(env));
}

void TestConnectionKit::clientCertificates_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("mode");
    for (int c = 0; c < allAgents().size(); ++c)
        QTest::addRow("%s", qPrintable(allAgents().at(c).id)) << c << int(allAgents().at(c).clientCertificates);
}

void TestConnectionKit::clientCertificates()
{
    QFETCH(int, column);
    QFETCH(int, mode);
    const QString cell = g_matrix.value(QStringLiteral("Client cert (mTLS)")).at(column);
    switch (ClientCertificates(mode)) {
    case ClientCertificates::No:
        QVERIFY2(cell.startsWith(QLatin1String("no")), qPrintable(cell));
        break;
    case ClientCertificates::JvmProperties:
        QVERIFY2(cell.startsWith(QLatin1String("yes, JVM")), qPrintable(cell));
        break;
    case ClientCertificates::CodeOnly:
        QVERIFY2(cell.startsWith(QLatin1String("code only")), qPrintable(cell));
        break;
    }
}

void TestConnectionKit::secretsByReference_data()
{
    QTest::addColumn<QString>("agent");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("expected");
    QTest::newRow("nodejs env") << "nodejs" << "env" << "ELASTIC_APM_SECRET_TOKEN=\"${APM_SECRET_TOKEN}\"";
    QTest::newRow("nodejs module") << "nodejs" << "snippet" << "secretToken: process.env.APM_SECRET_TOKEN,";
    QTest::newRow("java env") << "java" << "env" << "ELASTIC_APM_SECRET_TOKEN=\"${APM_SECRET_TOKEN}\"";
    QTest::newRow("java properties keep it in the environment") << "java" << "snippet"
                                                                << "# secret_token: from ELASTIC_APM_SECRET_TOKEN=\"${APM_SECRET_TOKEN}\"";
    QTest::newRow("python dict") << "python" << "snippet" << "\"SECRET_TOKEN\": os.environ[\"APM_SECRET_TOKEN\"],";
    QTest::newRow("go env") << "go" << "env" << "ELASTIC_APM_SECRET_TOKEN=\"${APM_SECRET_TOKEN}\"";
    QTest::newRow("go systemd") << "go" << "snippet" << "Environment=\"ELASTIC_APM_SECRET_TOKEN=${APM_SECRET_TOKEN}\"";
    QTest::newRow("dotnet env") << "dotnet" << "env" << "ELASTIC_APM_SECRET_TOKEN=\"${APM_SECRET_TOKEN}\"";
    QTest::newRow("ruby erb") << "ruby" << "snippet" << "secret_token: <%= ENV[\"APM_SECRET_TOKEN\"] %>";
    QTest::newRow("php ini expansion") << "php" << "snippet" << "elastic_apm.secret_token=${APM_SECRET_TOKEN}";
}

void TestConnectionKit::secretsByReference()
{
    QFETCH(QString, agent);
    QFETCH(QString, format);
    QFETCH(QString, expected);
    const ConnectionKit kit = buildKit(*findAgent(agent), requestFor(kTokenTls, QStringLiteral("https://apm.example.com:8200")));
    const QString text = format == QLatin1String("env") ? renderEnvironment(kit) : renderSnippet(kit);
    QVERIFY2(text.contains(expected), qPrintable(text));
}

void TestConnectionKit::revealWritesTheValue()
{
    KitRequest r = requestFor(kTokenTls, QStringLiteral("https://apm.example.com:8200"));
    r.revealed = QStringLiteral("the-revealed-token");
    const ConnectionKit kit = buildKit(*findAgent(QStringLiteral("nodejs")), r);
    QVERIFY(renderEnvironment(kit).contains(QStringLiteral("ELASTIC_APM_SECRET_TOKEN=the-revealed-token\n")));
    QVERIFY(renderSnippet(kit).contains(QStringLiteral("secretToken: 'the-revealed-token',")));
    // RUM never carries a credential, revealed or not.
    const ConnectionKit rum = buildKit(*findAgent(QStringLiteral("rum")), r);
    QVERIFY(!renderSnippet(rum).contains(QStringLiteral("the-revealed-token")));
}

void TestConnectionKit::trustFile_data()
{
    QTest::addColumn<QString>("agent");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<QString>("expected");
    QTest::newRow("nodejs CA file variable") << "nodejs" << "/etc/apm/ca.pem" << "ELASTIC_APM_SERVER_CA_CERT_FILE=/etc/apm/ca.pem";
    QTest::newRow("python CA file variable") << "python" << "/etc/apm/ca.pem" << "ELASTIC_APM_SERVER_CA_CERT_FILE=/etc/apm/ca.pem";
    QTest::newRow("go CA file variable") << "go" << "/etc/apm/ca.pem" << "ELASTIC_APM_SERVER_CA_CERT_FILE=/etc/apm/ca.pem";
    QTest::newRow("ruby CA file variable") << "ruby" << "/etc/apm/ca.pem" << "ELASTIC_APM_SERVER_CA_CERT_FILE=/etc/apm/ca.pem";
    QTest::newRow("java trust store from PEM via keytool") << "java" << "/etc/apm/ca.pem"
                                                           << "-Djavax.net.ssl.trustStore=/etc/apm/ca-truststore.p12";
    QTest::newRow("java keytool command") << "java" << "/etc/apm/ca.pem" << "keytool -importcert";
    QTest::newRow("java given a p12 uses it") << "java" << "/etc/apm/store.p12" << "-Djavax.net.ssl.trustStoreType=PKCS12";
    QTest::newRow("dotnet has no CA file: OS store or pin") << "dotnet" << "/etc/apm/ca.pem" << "ELASTIC_APM_SERVER_CERT";
    QTest::newRow("php: OS store only") << "php" << "/etc/apm/ca.pem" << "update-ca-certificates";
    QTest::newRow("verify flag stays on") << "python" << "/etc/apm/ca.pem" << "ELASTIC_APM_VERIFY_SERVER_CERT=true";
}

void TestConnectionKit::trustFile()
{
    QFETCH(QString, agent);
    QFETCH(QString, ca);
    QFETCH(QString, expected);
    KitRequest r = requestFor(kTokenTls, QStringLiteral("https://apm.example.com:8200"));
    r.caFile = ca;
    const QString text = renderEnvironment(buildKit(*findAgent(agent), r));
    QVERIFY2(text.contains(expected), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("VERIFY_SERVER_CERT=false")), qPrintable(text));
}

void TestConnectionKit::warnings_data()
{
    QTest::addColumn<QString>("agent");
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected"); // "" = no warning at all
    QTest::newRow("clean TLS kit") << "nodejs" << kTokenTls << "https://apm.example.com:8200" << "";
    QTest::newRow("token over http") << "nodejs" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n")
                                     << "http://127.0.0.1:8200" << "clear text over http://";
    QTest::newRow("https against a plain server") << "go" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n")
                                                  << "https://127.0.0.1:8200" << "fails the handshake";
    QTest::newRow("node cannot present a client certificate")
        << "nodejs" << QByteArray(kTokenTls + "  ssl.certificate_authorities: [/etc/apm/ca.pem]\n  ssl.client_authentication: required\n")
        << "https://apm.example.com:8200" << "cannot present one";
    QTest::newRow("rum disabled") << "rum" << QByteArray("apm-server:\n  host: localhost:8200\n") << "http://localhost:8200"
                                  << "rum.enabled is false";
    QTest::newRow("rum with anonymous off")
        << "rum" << QByteArray("apm-server:\n  rum.enabled: true\n  auth.secret_token: ${T}\n  auth.anonymous.enabled: false\n")
        << "http://localhost:8200" << "gets 401";
    QTest::newRow("rum not in allow_agent")
        << "rum" << QByteArray("apm-server:\n  rum.enabled: true\n  auth.secret_token: ${T}\n  auth.anonymous.allow_agent: [nodejs]\n")
        << "http://localhost:8200" << "does not list rum-js";
}

void TestConnectionKit::warnings()
{
    QFETCH(QString, agent);
    QFETCH(QByteArray, yaml);
    QFETCH(QString, url);
    QFETCH(QString, expected);
    const ConnectionKit kit = buildKit(*findAgent(agent), requestFor(yaml, url));
    const QString all = kit.warnings.join(QLatin1Char('\n'));
    if (expected.isEmpty())
        QVERIFY2(kit.warnings.isEmpty(), qPrintable(all));
    else
        QVERIFY2(all.contains(expected), qPrintable(all));
}

void TestConnectionKit::environmentIsShellSafe()
{
    // A value with shell metacharacters stays one literal word when the kit is sourced.
    KitRequest r = requestFor(kTokenTls, QStringLiteral("https://apm.example.com:8200"));
    r.serviceName = QStringLiteral("svc $(touch /tmp/x) 'q'");
    const QString text = renderEnvironment(buildKit(*findAgent(QStringLiteral("nodejs")), r));
    QVERIFY2(text.contains(QStringLiteral("ELASTIC_APM_SERVICE_NAME='svc $(touch /tmp/x) '\\''q'\\'''\n")), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestConnectionKit)
#include "tst_connectionkit.moc"
