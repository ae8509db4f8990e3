// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "TestSupport.h"
#include "config/ApmServerYaml.h"
#include "config/ConfigLinter.h"

#include <QTest>

using namespace Config;

namespace {

QList<Finding> lintText(const QByteArray& text, Profile profile)
{
    auto yaml = ApmServerYaml::parse(text);
    if (!yaml)
        qFatal("test YAML does not parse: %s", qPrintable(yaml.error().toString()));
    return ConfigLinter::lint(*yaml, profile);
}

const Finding* findCode(const QList<Finding>& findings, const QString& code)
{
    for (const Finding& f : findings) {
        if (f.code == code)
            return &f;
    }
    return nullptr;
}

QString codes(const QList<Finding>& findings)
{
    QStringList c;
    for (const Finding& f : findings)
        c << f.code;
    return c.join(QLatin1Char(','));
}

} // namespace

class TestConfigLinter : public QObject
{
    Q_OBJECT

private slots:
    void finds_data();
    void finds();
    void doesNotFind_data();
    void doesNotFind();
    void findingCarriesLineKeyAndFix();
    void shippedFixtures_data();
    void shippedFixtures();
    void errorsSortFirst();
};

void TestConfigLinter::finds_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("severity");

    const int E = int(Severity::Error), W = int(Severity::Warning), I = int(Severity::Info);
    QTest::newRow("token without TLS (C21)") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n") << "auth.token-without-tls" << W;
    QTest::newRow("token in clear text") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: abcdefghijklmnopqrstuvwxyz123456\n") << "auth.token-cleartext" << W;
    QTest::newRow("weak token") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: abc\n") << "auth.token-weak" << W;
    QTest::newRow("token with whitespace (C19)") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: \"abc def ghi jkl mno pqr\"\n") << "auth.token-whitespace" << E;
    QTest::newRow("token literally false (C21)") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: \"false\"\n") << "auth.token-literal" << E;
    QTest::newRow("passphrase in clear text") << "8.19" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k, key_passphrase: hunter2}\n") << "ssl.passphrase-cleartext" << W;
    QTest::newRow("origin with path") << "8.19" << QByteArray("apm-server:\n  rum: {enabled: true, allow_origins: ['https://a.example/app']}\n") << "rum.origin-path" << E;
    QTest::newRow("origin trailing slash") << "8.19" << QByteArray("apm-server:\n  rum: {enabled: true, allow_origins: ['https://a.example/']}\n") << "rum.origin-trailing-slash" << E;
    QTest::newRow("origin with quotes (C28)") << "8.19" << QByteArray("apm-server:\n  rum: {enabled: true, allow_origins: ['\"*\"']}\n") << "rum.origin-quoted" << E;
    QTest::newRow("origin without scheme") << "8.19" << QByteArray("apm-server:\n  rum: {enabled: true, allow_origins: ['a.example']}\n") << "rum.origin-no-scheme" << E;
    QTest::newRow("origin with spaces") << "8.19" << QByteArray("apm-server:\n  rum: {enabled: true, allow_origins: ['https://a.example, https://b.example']}\n") << "rum.origin-whitespace" << E;
    QTest::newRow("origin without host") << "8.19" << QByteArray("apm-server:\n  rum: {enabled: true, allow_origins: ['https://']}\n") << "rum.origin-no-host" << E;
    QTest::newRow("origin * exposure") << "8.19" << QByteArray("apm-server:\n  rum.enabled: true\n") << "rum.origin-any" << W;
    QTest::newRow("7.15 allow_service without enabled (C26)") << "7.15" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n  auth.anonymous.allow_service: [web]\n  rum.enabled: true\n") << "anonymous.715-not-enabled" << E;
    QTest::newRow("RUM blocked: anonymous off") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n  auth.anonymous.enabled: false\n  rum.enabled: true\n") << "anonymous.rum-blocked" << W;
    QTest::newRow("ip_limit 0: will not start") << "8.19" << QByteArray("apm-server:\n  auth.anonymous.rate_limit.ip_limit: 0\n") << "anonymous.ip-limit-invalid" << E;
    QTest::newRow("event_limit 0") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n  rum.enabled: true\n  auth.anonymous.rate_limit.event_limit: 0\n") << "anonymous.event-limit-zero" << E;
    QTest::newRow("anonymous capacity") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n  rum.enabled: true\n") << "anonymous.capacity" << I;
    QTest::newRow("allow_agent without rum-js") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n  rum.enabled: true\n  auth.anonymous.allow_agent: [nodejs]\n") << "anonymous.rum-agent-not-allowed" << W;
    QTest::newRow("anonymous ignored without auth") << "8.19" << QByteArray("apm-server:\n  auth.anonymous.enabled: true\n") << "anonymous.ignored" << I;
    QTest::newRow("client auth without CAs") << "8.19" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k, client_authentication: required}\n") << "ssl.client-auth-without-ca" << W;
    QTest::newRow("CA implies required (C14)") << "8.19" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k, certificate_authorities: [ca.pem]}\n") << "ssl.ca-implies-required" << W;
    QTest::newRow("TLS 1.1 by default") << "8.19" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k}\n") << "ssl.old-protocol" << W;
    QTest::newRow("TLS 1.0 configured") << "7.15" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k, supported_protocols: [TLSv1.0, TLSv1.2]}\n") << "ssl.old-protocol" << W;
    QTest::newRow("TLS on without files") << "8.19" << QByteArray("apm-server:\n  ssl.enabled: true\n") << "ssl.missing-file" << E;
    QTest::newRow("removed key under 8.19") << "8.19" << QByteArray("apm-server:\n  secret_token: ${T}\n") << "config.removed-key" << E;
    QTest::newRow("deprecated key under 7.15") << "7.15" << QByteArray("apm-server:\n  secret_token: ${T}\n") << "config.deprecated-key" << W;
    QTest::newRow("unknown key with suggestion") << "8.19" << QByteArray("apm-server:\n  auth:\n    secret_tokn: x\n") << "config.unknown-key" << W;
    QTest::newRow("wrong type") << "8.19" << QByteArray("apm-server:\n  rum.enabled: maybe\n") << "config.type" << E;
    QTest::newRow("rum at top level (C30)") << "8.19" << QByteArray("apm-server:\n  host: x\nrum:\n  enabled: true\n") << "config.misplaced-section" << E;
    QTest::newRow("exposed host without auth") << "8.19" << QByteArray("apm-server:\n  host: \"0.0.0.0:8200\"\n") << "host.exposed-without-auth" << W;
    QTest::newRow("exposed host without TLS") << "8.19" << QByteArray("apm-server:\n  host: \":8200\"\n  auth.secret_token: ${T}\n") << "host.exposed-without-tls" << W;
    QTest::newRow("expvar unauthenticated") << "8.19" << QByteArray("apm-server:\n  expvar.enabled: true\n") << "debug.unauthenticated" << W;
    QTest::newRow("7.15 agent config disabled") << "7.15" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n") << "agent-config.disabled" << I;
    QTest::newRow("no authentication on loopback") << "8.19" << QByteArray("apm-server:\n  host: \"127.0.0.1:8200\"\n") << "auth.none" << I;
    QTest::newRow("rum settings while disabled") << "8.19" << QByteArray("apm-server:\n  rum.allow_origins: ['https://a.example']\n") << "rum.disabled-with-settings" << I;
    QTest::newRow("ssl disabled with settings") << "8.19" << QByteArray("apm-server:\n  ssl: {enabled: false, certificate: c}\n") << "ssl.disabled-with-settings" << I;
    QTest::newRow("allow_agent empty") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n  rum.enabled: true\n  auth.anonymous.allow_agent: []\n") << "anonymous.any-agent" << W;
    QTest::newRow("api_key limit 0") << "8.19" << QByteArray("apm-server:\n  auth.api_key: {enabled: true, limit: 0}\n") << "api-key.limit" << W;
}

void TestConfigLinter::finds()
{
    QFETCH(QString, profile);
    QFETCH(QByteArray, yaml);
    QFETCH(QString, code);
    QFETCH(int, severity);
    const QList<Finding> findings = lintText(yaml, *parseProfile(profile));
    const Finding* f = findCode(findings, code);
    QVERIFY2(f, qPrintable(QStringLiteral("%1 not in [%2]").arg(code, codes(findings))));
    QCOMPARE(int(f->severity), severity);
    QVERIFY(!f->message.isEmpty());
    QVERIFY(!f->fix.isEmpty());
    QVERIFY(!f->section.isEmpty());
}

void TestConfigLinter::doesNotFind_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("code");

    QTest::newRow("reference token is not clear text") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n") << "auth.token-cleartext";
    QTest::newRow("token with TLS") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n  ssl: {certificate: c, key: k}\n") << "auth.token-without-tls";
    QTest::newRow("good origin") << "8.19" << QByteArray("apm-server:\n  rum: {enabled: true, allow_origins: ['https://*.example.com:8443']}\n") << "rum.origin-path";
    QTest::newRow("8.19 allow_service keeps anonymous") << "8.19" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n  auth.anonymous.allow_service: [web]\n  rum.enabled: true\n") << "anonymous.715-not-enabled";
    QTest::newRow("7.15 explicit enabled fixes it") << "7.15" << QByteArray("apm-server:\n  auth.secret_token: ${T}\n  auth.anonymous: {enabled: true, allow_service: [web]}\n  rum.enabled: true\n") << "anonymous.715-not-enabled";
    QTest::newRow("explicit client auth: no implicit warning") << "8.19" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k, certificate_authorities: [ca], client_authentication: required}\n") << "ssl.ca-implies-required";
    QTest::newRow("TLS 1.2+ only") << "8.19" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k, supported_protocols: [TLSv1.2, TLSv1.3]}\n") << "ssl.old-protocol";
    QTest::newRow("unmanaged known key") << "8.19" << QByteArray("apm-server:\n  jaeger.grpc.enabled: true\n") << "config.unknown-key";
    QTest::newRow("header map children are not keys") << "8.19" << QByteArray("apm-server:\n  response_headers:\n    X-Frame-Options: DENY\n") << "config.unknown-key";
    QTest::newRow("loopback host") << "8.19" << QByteArray("apm-server:\n  host: \"localhost:8200\"\n") << "host.exposed-without-auth";
    QTest::newRow("deprecated keys are fine in 7.15") << "7.15" << QByteArray("apm-server:\n  secret_token: ${T}\n") << "config.removed-key";
}

void TestConfigLinter::doesNotFind()
{
    QFETCH(QString, profile);
    QFETCH(QByteArray, yaml);
    QFETCH(QString, code);
    const QList<Finding> findings = lintText(yaml, *parseProfile(profile));
    QVERIFY2(!findCode(findings, code), qPrintable(codes(findings)));
}

void TestConfigLinter::findingCarriesLineKeyAndFix()
{
    const QByteArray text = "# comment\napm-server:\n  host: \"127.0.0.1:8200\"\n  auth:\n    secret_tokn: x\n";
    const QList<Finding> findings = lintText(text, Profile::V8_19);
    const Finding* f = findCode(findings, QStringLiteral("config.unknown-key"));
    QVERIFY(f);
    QCOMPARE(f->key, QStringLiteral("apm-server.auth.secret_tokn"));
    QCOMPARE(f->line, 5);
    QVERIFY2(f->message.contains(QStringLiteral("did you mean apm-server.auth.secret_token")), qPrintable(f->message));
}

void TestConfigLinter::shippedFixtures_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QStringList>("expectedCodes");
    // The shipped files only set host: their findings are about authentication, exposure and the
    // 7.15 agent-configuration kill switch, nothing else.
    QTest::newRow("7.15.2 on 7.15") << "apm-server-7.15.2.yml" << "7.15"
                                    << QStringList{QStringLiteral("auth.none"), QStringLiteral("agent-config.disabled")};
    QTest::newRow("8.19.20 on 8.19") << "apm-server-8.19.20.yml" << "8.19" << QStringList{QStringLiteral("auth.none")};
    QTest::newRow("7.15.2 on 8.19") << "apm-server-7.15.2.yml" << "8.19" << QStringList{QStringLiteral("auth.none")};
    QTest::newRow("docker 7.15.2 exposed") << "apm-server.docker-7.15.2.yml" << "7.15"
                                          << QStringList{QStringLiteral("host.exposed-without-auth"),
                                                         QStringLiteral("agent-config.disabled")};
}

void TestConfigLinter::shippedFixtures()
{
    QFETCH(QString, fixture);
    QFETCH(QString, profile);
    QFETCH(QStringList, expectedCodes);
    const QList<Finding> findings = lintText(TestSupport::readFixture(fixture), *parseProfile(profile));
    QStringList got;
    for (const Finding& f : findings)
        got << f.code;
    QCOMPARE(got, expectedCodes);
}

void TestConfigLinter::errorsSortFirst()
{
    const QList<Finding> findings =
        lintText("apm-server:\n  auth.secret_token: abc\n  auth.anonymous.rate_limit.ip_limit: 0\n", Profile::V8_19);
    QVERIFY(findings.size() >= 2);
    QCOMPARE(findings.constFirst().severity, Severity::Error);
}

QTEST_GUILESS_MAIN(TestConfigLinter)
#include "tst_configlinter.moc"
