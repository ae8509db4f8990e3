// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// Every derivation rule of APM Server, one row each, citing its section of
// reference/apm-server-behaviour.md.
#include "config/ApmServerYaml.h"
#include "config/EffectiveSettings.h"
#include "config/SettingsIo.h"

#include <QTest>

using namespace Config;

namespace {

EffectiveSettings deriveFrom(const QByteArray& yaml, Profile profile)
{
    auto parsed = ApmServerYaml::parse(yaml);
    if (!parsed)
        qFatal("test YAML does not parse: %s", qPrintable(parsed.error().toString()));
    return derive(readSettings(*parsed).settings, profile);
}

QString valueOf(const EffectiveSettings& e, const QString& key)
{
    for (const Explanation& x : e.explain()) {
        if (x.key == key)
            return x.value;
    }
    return QStringLiteral("<no such row>");
}

QString sectionOf(const EffectiveSettings& e, const QString& key)
{
    for (const Explanation& x : e.explain()) {
        if (x.key == key)
            return x.section;
    }
    return {};
}

} // namespace

class TestEffectiveSettings : public QObject
{
    Q_OBJECT

private slots:
    void derivedValue_data();
    void derivedValue();
    void startupErrors_data();
    void startupErrors();
    void ruleTextExplains();
    void burstIsThreeTimesEventLimit_data();
    void burstIsThreeTimesEventLimit();
};

void TestEffectiveSettings::derivedValue_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("section");

    const QByteArray empty = "apm-server:\n  host: \"localhost:8200\"\n";
    const QByteArray token = "apm-server:\n  auth:\n    secret_token: s3cr3t\n";
    const QByteArray rumToken = "apm-server:\n  auth:\n    secret_token: s3cr3t\n  rum:\n    enabled: true\n";
    const QByteArray rumApiKey = "apm-server:\n  auth:\n    api_key:\n      enabled: true\n  rum:\n    enabled: true\n";
    const QByteArray rumNoAuth = "apm-server:\n  rum:\n    enabled: true\n";
    const QByteArray rumTokenAllowService =
        "apm-server:\n  auth:\n    secret_token: s\n    anonymous:\n      allow_service: [web]\n  rum:\n    enabled: true\n";
    const QByteArray rumTokenRateLimit = "apm-server:\n  auth:\n    secret_token: s\n    anonymous:\n      rate_limit:\n"
                                         "        event_limit: 10\n  rum:\n    enabled: true\n";
    const QByteArray rumTokenAnonOff =
        "apm-server:\n  auth:\n    secret_token: s\n    anonymous:\n      enabled: false\n  rum:\n    enabled: true\n";
    const QByteArray tokenAnonOn = "apm-server:\n  auth:\n    secret_token: s\n    anonymous:\n      enabled: true\n";
    const QByteArray anonOnNoAuth = "apm-server:\n  auth:\n    anonymous:\n      enabled: true\n";
    const QByteArray dotted = "apm-server.auth.secret_token: s\napm-server.rum.enabled: true\n";

    // §3.1 method "none"
    QTest::newRow("§3.1 no credentials: authentication off") << "8.19" << empty << "(authentication)" << "off" << "§3.1";
    QTest::newRow("§3.1 no credentials: anonymous not applicable") << "8.19" << rumNoAuth << "apm-server.auth.anonymous.enabled" << "off" << "§3.1";
    QTest::newRow("§3.1 anonymous enabled but no auth: ignored") << "8.19" << anonOnNoAuth << "apm-server.auth.anonymous.enabled" << "off" << "§3.1";
    QTest::newRow("§3.1 secret token: authentication on") << "7.15" << token << "(authentication)" << "on" << "§3.1";
    QTest::newRow("§3.4 API keys: authentication on") << "8.19" << rumApiKey << "(authentication)" << "on" << "§3.1";
    QTest::newRow("§3.1 empty token is no token") << "8.19" << QByteArray("apm-server:\n  auth:\n    secret_token: \"\"\n") << "(authentication)" << "off" << "§3.1";
    // §3.5 anonymous auto-enable
    QTest::newRow("§3.5 RUM + token: anonymous auto-on (7.15)") << "7.15" << rumToken << "apm-server.auth.anonymous.enabled" << "on" << "§3.5";
    QTest::newRow("§3.5 RUM + token: anonymous auto-on (8.19)") << "8.19" << rumToken << "apm-server.auth.anonymous.enabled" << "on" << "§3.5";
    QTest::newRow("§3.5 RUM + API keys: anonymous auto-on") << "8.19" << rumApiKey << "apm-server.auth.anonymous.enabled" << "on" << "§3.5";
    QTest::newRow("§3.5 token without RUM: anonymous off") << "8.19" << token << "apm-server.auth.anonymous.enabled" << "off" << "§3.5";
    QTest::newRow("§3.5 explicit enabled false wins") << "8.19" << rumTokenAnonOff << "apm-server.auth.anonymous.enabled" << "off" << "§3.5";
    QTest::newRow("§3.5 explicit enabled true without RUM") << "8.19" << tokenAnonOn << "apm-server.auth.anonymous.enabled" << "on" << "§3.5";
    QTest::newRow("§3.5/§8 7.15 allow_service alone suppresses auto-enable") << "7.15" << rumTokenAllowService << "apm-server.auth.anonymous.enabled" << "off" << "§3.5";
    QTest::newRow("§3.5/§8 8.19 allow_service alone keeps auto-enable") << "8.19" << rumTokenAllowService << "apm-server.auth.anonymous.enabled" << "on" << "§3.5";
    QTest::newRow("§3.5/§8 7.15 rate_limit alone suppresses auto-enable") << "7.15" << rumTokenRateLimit << "apm-server.auth.anonymous.enabled" << "off" << "§3.5";
    QTest::newRow("§3.5/§8 8.19 rate_limit alone keeps auto-enable") << "8.19" << rumTokenRateLimit << "apm-server.auth.anonymous.enabled" << "on" << "§3.5";
    QTest::newRow("§3.5 dotted keys read like nesting") << "8.19" << dotted << "apm-server.auth.anonymous.enabled" << "on" << "§3.5";
    QTest::newRow("§3.5 allow_agent default") << "8.19" << rumToken << "apm-server.auth.anonymous.allow_agent" << "[rum-js, js-base]" << "§3.5";
    QTest::newRow("§3.5 allow_service default empty") << "8.19" << rumToken << "apm-server.auth.anonymous.allow_service" << "[]" << "§3.5";
    QTest::newRow("§3.5 allow_service from file") << "8.19" << rumTokenAllowService << "apm-server.auth.anonymous.allow_service" << "[web]" << "§3.5";
    // §3.6 rate limits
    QTest::newRow("§3.6 ip_limit default") << "8.19" << rumToken << "apm-server.auth.anonymous.rate_limit.ip_limit" << "1000" << "§3.6";
    QTest::newRow("§3.6 event_limit default") << "8.19" << rumToken << "apm-server.auth.anonymous.rate_limit.event_limit" << "300" << "§3.6";
    QTest::newRow("§3.6 burst default 900") << "8.19" << rumToken << "(anonymous burst)" << "900" << "§3.6";
    QTest::newRow("§3.6 burst 3x configured") << "8.19" << rumTokenRateLimit << "(anonymous burst)" << "30" << "§3.6";
    // §5 TLS
    QTest::newRow("§5 no ssl key: TLS off") << "8.19" << token << "apm-server.ssl.enabled" << "off" << "§5";
    QTest::newRow("§5 any ssl key: TLS on") << "8.19" << QByteArray("apm-server:\n  ssl:\n    certificate: c.pem\n    key: k.pem\n") << "apm-server.ssl.enabled" << "on" << "§5";
    QTest::newRow("§5 ssl.enabled false wins") << "8.19" << QByteArray("apm-server:\n  ssl:\n    enabled: false\n    certificate: c.pem\n") << "apm-server.ssl.enabled" << "off" << "§5";
    QTest::newRow("§5 ssl.enabled true") << "7.15" << QByteArray("apm-server:\n  ssl.enabled: true\n  ssl.certificate: c\n  ssl.key: k\n") << "apm-server.ssl.enabled" << "on" << "§5";
    QTest::newRow("§5 CAs without client_authentication: required") << "8.19" << QByteArray("apm-server:\n  ssl:\n    certificate: c\n    key: k\n    certificate_authorities: [ca.pem]\n") << "apm-server.ssl.client_authentication" << "required" << "§5";
    QTest::newRow("§5 CAs with optional: optional") << "8.19" << QByteArray("apm-server:\n  ssl:\n    certificate: c\n    key: k\n    certificate_authorities: [ca.pem]\n    client_authentication: optional\n") << "apm-server.ssl.client_authentication" << "optional" << "§5";
    QTest::newRow("§5 client_authentication default none") << "8.19" << QByteArray("apm-server:\n  ssl:\n    certificate: c\n    key: k\n") << "apm-server.ssl.client_authentication" << "none" << "§5";
    QTest::newRow("§5 protocols default 1.1-1.3") << "8.19" << token << "apm-server.ssl.supported_protocols" << "[TLSv1.1, TLSv1.2, TLSv1.3]" << "§5";
    // §7 defaults per profile
    QTest::newRow("§7 host default 7.15") << "7.15" << QByteArray("apm-server:\n  rum.enabled: false\n") << "apm-server.host" << "localhost:8200" << "§7";
    QTest::newRow("§7 host default 8.19") << "8.19" << QByteArray("apm-server:\n  rum.enabled: false\n") << "apm-server.host" << "127.0.0.1:8200" << "§7";
    QTest::newRow("§7 shutdown_timeout 7.15") << "7.15" << token << "apm-server.shutdown_timeout" << "5s" << "§7";
    QTest::newRow("§7 shutdown_timeout 8.19") << "8.19" << token << "apm-server.shutdown_timeout" << "30s" << "§7";
    QTest::newRow("§4.1 max_event_size default") << "8.19" << token << "apm-server.max_event_size" << "307200" << "§4.1";
    QTest::newRow("§4.1 read_timeout from file") << "8.19" << QByteArray("apm-server:\n  read_timeout: 1m30s\n") << "apm-server.read_timeout" << "1m30s" << "§4.1";
    QTest::newRow("§4.1 idle_timeout as number of seconds") << "8.19" << QByteArray("apm-server:\n  idle_timeout: 10\n") << "apm-server.idle_timeout" << "10s" << "§4.1";
    // §8 deprecated keys
    QTest::newRow("§8 7.15 maps apm-server.secret_token") << "7.15" << QByteArray("apm-server:\n  secret_token: old\n") << "(authentication)" << "on" << "§3.1";
    QTest::newRow("§8 8.19 ignores removed secret_token") << "8.19" << QByteArray("apm-server:\n  secret_token: old\n") << "(authentication)" << "off" << "§3.1";
    QTest::newRow("§8 new key wins over deprecated") << "7.15" << QByteArray("apm-server:\n  secret_token: old\n  auth.secret_token: \"\"\n") << "(authentication)" << "off" << "§3.1";
    QTest::newRow("§8 7.15 rum.event_rate.limit maps") << "7.15" << QByteArray("apm-server:\n  rum.event_rate.limit: 50\n") << "apm-server.auth.anonymous.rate_limit.event_limit" << "50" << "§8";
    QTest::newRow("§8 7.15 rum.event_rate.lru_size maps") << "7.15" << QByteArray("apm-server:\n  rum.event_rate.lru_size: 5\n") << "apm-server.auth.anonymous.rate_limit.ip_limit" << "5" << "§8";
    QTest::newRow("§8 7.15 api_key.enabled maps") << "7.15" << QByteArray("apm-server:\n  api_key.enabled: true\n") << "apm-server.auth.api_key.enabled" << "on" << "§8";
    QTest::newRow("§8 7.15 rum.allow_service_names maps") << "7.15" << QByteArray("apm-server:\n  rum.allow_service_names: [a]\n") << "apm-server.auth.anonymous.allow_service" << "[a]" << "§8";
    // §3.8 kill switches and §2 endpoints
    QTest::newRow("§3.8 7.15 agent config off without kibana") << "7.15" << token << "(agent configuration endpoints)" << "off" << "§3.8";
    QTest::newRow("§3.8 7.15 agent config on with kibana") << "7.15" << QByteArray("apm-server:\n  kibana.enabled: true\n") << "(agent configuration endpoints)" << "on" << "§3.8";
    QTest::newRow("§3.8 8.19 agent config on") << "8.19" << token << "(agent configuration endpoints)" << "on" << "§3.8";
    QTest::newRow("§2 8.19 has no sourcemap endpoint") << "8.19" << rumToken << "(sourcemap upload endpoint)" << "absent" << "§3.8";
    QTest::newRow("§3.8 7.15 sourcemap on with RUM") << "7.15" << rumToken << "(sourcemap upload endpoint)" << "on" << "§3.8";
    QTest::newRow("§3.8 7.15 sourcemap off without RUM") << "7.15" << token << "(sourcemap upload endpoint)" << "off" << "§3.8";
    QTest::newRow("§3.8 7.15 sourcemap off with data streams") << "7.15" << QByteArray(rumToken + "  data_streams.enabled: true\n") << "(sourcemap upload endpoint)" << "off" << "§3.8";
    QTest::newRow("§3.8 RUM default off") << "8.19" << token << "apm-server.rum.enabled" << "off" << "§3.8";
    QTest::newRow("§3.7 allow_origins default") << "8.19" << rumToken << "apm-server.rum.allow_origins" << "[*]" << "§3.7";
    QTest::newRow("§3.7 allow_origins scalar is a list") << "8.19" << QByteArray("apm-server:\n  rum.allow_origins: \"https://a.example\"\n") << "apm-server.rum.allow_origins" << "[https://a.example]" << "§3.7";
}

void TestEffectiveSettings::derivedValue()
{
    QFETCH(QString, profile);
    QFETCH(QByteArray, yaml);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    QFETCH(QString, section);
    const EffectiveSettings e = deriveFrom(yaml, *parseProfile(profile));
    QCOMPARE(valueOf(e, key), expected);
    QCOMPARE(sectionOf(e, key), section);
}

void TestEffectiveSettings::startupErrors_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QStringList>("errorKeys");

    QTest::newRow("§3.6 ip_limit 0 refuses to start") << "8.19" << QByteArray("apm-server:\n  auth.anonymous.rate_limit.ip_limit: 0\n") << QStringList{"apm-server.auth.anonymous.rate_limit.ip_limit"};
    QTest::newRow("§3.6 ip_limit negative") << "7.15" << QByteArray("apm-server:\n  auth.anonymous.rate_limit.ip_limit: -5\n") << QStringList{"apm-server.auth.anonymous.rate_limit.ip_limit"};
    QTest::newRow("§5 TLS on without certificate and key") << "8.19" << QByteArray("apm-server:\n  ssl.enabled: true\n") << QStringList{"apm-server.ssl.certificate", "apm-server.ssl.key"};
    QTest::newRow("§5 TLS on without key") << "8.19" << QByteArray("apm-server:\n  ssl.certificate: c.pem\n") << QStringList{"apm-server.ssl.key"};
    QTest::newRow("§5 TLS off: files not needed") << "8.19" << QByteArray("apm-server:\n  ssl.enabled: false\n") << QStringList{};
    QTest::newRow("§5 unknown protocol") << "8.19" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k, supported_protocols: [TLSv1.4]}\n") << QStringList{"apm-server.ssl.supported_protocols"};
    QTest::newRow("§5 unknown cipher suite") << "8.19" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k, cipher_suites: [AES-FAST]}\n") << QStringList{"apm-server.ssl.cipher_suites"};
    QTest::newRow("§5 known cipher suite (lib spelling)") << "8.19" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k, cipher_suites: [ECDHE-RSA-CHACHA20-POLY1205]}\n") << QStringList{};
    QTest::newRow("§5 unknown curve") << "8.19" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k, curve_types: [P-999]}\n") << QStringList{"apm-server.ssl.curve_types"};
    QTest::newRow("§5 bad client_authentication") << "8.19" << QByteArray("apm-server:\n  ssl: {certificate: c, key: k, client_authentication: maybe}\n") << QStringList{"apm-server.ssl.client_authentication"};
    QTest::newRow("§8 8.19 rejects removed secret_token") << "8.19" << QByteArray("apm-server:\n  secret_token: x\n") << QStringList{"apm-server.secret_token"};
    QTest::newRow("§8 8.19 rejects removed rum.event_rate") << "8.19" << QByteArray("apm-server:\n  rum.event_rate.limit: 1\n") << QStringList{"apm-server.rum.event_rate.limit"};
    QTest::newRow("§8 7.15 accepts deprecated keys") << "7.15" << QByteArray("apm-server:\n  secret_token: x\n  rum.event_rate.limit: 1\n") << QStringList{};
    QTest::newRow("§7 defaults start") << "8.19" << QByteArray("apm-server:\n  host: \"127.0.0.1:8200\"\n") << QStringList{};
}

void TestEffectiveSettings::startupErrors()
{
    QFETCH(QString, profile);
    QFETCH(QByteArray, yaml);
    QFETCH(QStringList, errorKeys);
    const EffectiveSettings e = deriveFrom(yaml, *parseProfile(profile));
    QStringList keys;
    for (const StartupError& s : e.startupErrors)
        keys << s.key;
    QCOMPARE(keys, errorKeys);
    QCOMPARE(e.canStart(), errorKeys.isEmpty());
}

void TestEffectiveSettings::ruleTextExplains()
{
    // The rule text is what the UI shows: it must name the cause, not just the value.
    const EffectiveSettings e = deriveFrom("apm-server:\n  auth.secret_token: s\n  rum.enabled: true\n", Profile::V8_19);
    QVERIFY2(e.anonymousEnabled.rule.contains(QStringLiteral("RUM")), qPrintable(e.anonymousEnabled.rule));
    QVERIFY2(e.anonymousEnabled.rule.contains(QStringLiteral("secret token")), qPrintable(e.anonymousEnabled.rule));
    const EffectiveSettings q = deriveFrom("apm-server:\n  auth.secret_token: s\n  auth.anonymous.allow_service: [a]\n"
                                           "  rum.enabled: true\n",
                                           Profile::V7_15);
    QVERIFY2(q.anonymousEnabled.rule.contains(QStringLiteral("7.15")), qPrintable(q.anonymousEnabled.rule));
    const EffectiveSettings ca = deriveFrom("apm-server:\n  ssl: {certificate: c, key: k, certificate_authorities: [ca]}\n",
                                            Profile::V8_19);
    QVERIFY2(ca.clientAuth.rule.contains(QStringLiteral("certificate_authorities")), qPrintable(ca.clientAuth.rule));
}

void TestEffectiveSettings::burstIsThreeTimesEventLimit_data()
{
    QTest::addColumn<int>("eventLimit");
    QTest::addColumn<int>("burst");
    QTest::newRow("§3.6 1") << 1 << 3;
    QTest::newRow("§3.6 300") << 300 << 900;
    QTest::newRow("§3.6 0") << 0 << 0;
    QTest::newRow("§3.6 1000") << 1000 << 3000;
}

void TestEffectiveSettings::burstIsThreeTimesEventLimit()
{
    QFETCH(int, eventLimit);
    QFETCH(int, burst);
    ServerSettings s;
    s.auth.eventLimit = eventLimit;
    QCOMPARE(derive(s, Profile::V8_19).burst.value, qint64(burst));
}

QTEST_GUILESS_MAIN(TestEffectiveSettings)
#include "tst_effectivesettings.moc"
