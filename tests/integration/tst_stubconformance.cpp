// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// Conformance of the intake stub with APM Server 7.15 / 8.19, over real loopback sockets. Every row
// names the section of reference/apm-server-behaviour.md it checks; bodies are compared byte for
// byte where the reference gives them.
#include "RawHttpClient.h"
#include "TestSupport.h"
#include "apikeys/ApiKeyRegistry.h"
#include "config/ApmServerYaml.h"
#include "config/SettingsIo.h"
#include "intake/ApiKeyBackendAdapter.h"
#include "intake/IntakeServer.h"

#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Intake;
using TestSupport::buildRequest;
using TestSupport::RawResponse;

namespace {

const QByteArray kToken = "s3cr3t-token-0123456789abcdef";
const QByteArray kExp =
    "expected 'Authorization: Bearer secret_token' or 'Authorization: ApiKey base64(API key ID:API key)'";
const QByteArray kNodeMeta = R"({"metadata":{"service":{"name":"checkout","agent":{"name":"nodejs","version":"4.18.0"}}}})";
const QByteArray kRumMeta = R"({"metadata":{"service":{"name":"web","agent":{"name":"rum-js","version":"5.17.5"}}}})";
const QByteArray kRumV3Meta = R"({"m":{"se":{"n":"web","a":{"n":"rum-js","ve":"5.17.5"}}}})";
const QByteArray kTx = R"({"transaction":{"id":"0123456789abcdef","trace_id":"0123456789abcdef0123456789abcdef","duration":1.5,"type":"request","span_count":{"started":0}}})";
const QByteArray kV3Tx = R"({"x":{"id":"0123456789abcdef","tid":"0123456789abcdef0123456789abcdef","d":1.5,"t":"page-load","yc":{"sd":0}}})";

QByteArray ndjson(const QList<QByteArray>& lines)
{
    QByteArray out;
    for (const QByteArray& l : lines)
        out += l + '\n';
    return out;
}

QByteArray configYaml(const QString& name)
{
    const QByteArray token = "    secret_token: " + kToken + "\n";
    if (name == QLatin1String("none"))
        return "apm-server:\n  host: \"127.0.0.1:0\"\n";
    if (name == QLatin1String("full")) // §3.9: token, API keys, RUM ⇒ anonymous auto-enabled
        return "apm-server:\n  auth:\n" + token + "    api_key.enabled: true\n  rum.enabled: true\n";
    if (name == QLatin1String("token"))
        return "apm-server:\n  auth:\n" + token;
    if (name == QLatin1String("anon-off"))
        return "apm-server:\n  auth:\n" + token + "    anonymous.enabled: false\n  rum.enabled: true\n";
    if (name == QLatin1String("restricted"))
        return "apm-server:\n  auth:\n" + token + "    anonymous:\n      enabled: true\n      allow_service: [web]\n"
               "  rum.enabled: true\n";
    if (name == QLatin1String("allow-service-only"))
        return "apm-server:\n  auth:\n" + token + "    anonymous:\n      allow_service: [web]\n  rum.enabled: true\n";
    if (name == QLatin1String("origins"))
        return "apm-server:\n  auth:\n" + token + "  rum:\n    enabled: true\n    allow_origins: ['https://*.example.com']\n"
               "    allow_headers: [X-Custom]\n";
    if (name == QLatin1String("headers"))
        return "apm-server:\n  auth:\n" + token + "  response_headers:\n    X-Frame-Options: DENY\n  rum:\n    enabled: true\n"
               "    response_headers:\n      X-Rum: r1\n";
    if (name == QLatin1String("ratelimit"))
        // anonymous.enabled is explicit: in 7.15 any auth.anonymous.* key turns auto-enable off (§3.5).
        return "apm-server:\n  auth:\n" + token + "    anonymous.enabled: true\n    anonymous.rate_limit.event_limit: 1\n"
               "  rum.enabled: true\n";
    if (name == QLatin1String("ratelimit-zero"))
        return "apm-server:\n  auth:\n" + token + "    anonymous.enabled: true\n    anonymous.rate_limit.event_limit: 0\n"
               "  rum.enabled: true\n";
    if (name == QLatin1String("kibana"))
        return "apm-server:\n  auth:\n" + token + "  kibana.enabled: true\n  rum.enabled: true\n  agent.config.cache.expiration: 60s\n";
    if (name == QLatin1String("small-events"))
        return "apm-server:\n  auth:\n" + token + "  max_event_size: 200\n";
    if (name == QLatin1String("apikey-limit"))
        return "apm-server:\n  auth:\n    api_key: {enabled: true, limit: 1}\n";
    if (name == QLatin1String("rum-off-token"))
        return "apm-server:\n  auth:\n" + token + "  rum.enabled: false\n";
    if (name == QLatin1String("rum-no-star"))
        return "apm-server:\n  rum:\n    enabled: true\n    allow_origins: ['http://localhost:*']\n";
    qFatal("unknown config %s", qPrintable(name));
}

struct Expect
{
    int status = 0;
    QByteArray body;          // exact body when set (checkBody)
    bool checkBody = false;
    QList<QByteArray> contains;
    QList<QPair<QByteArray, QByteArray>> headers; // exact header values
    QList<QByteArray> absentHeaders;
    int closes = -1; // 1: server closes after answering; 0: keeps alive; -1: don't care
};

QByteArray errorBody(const QByteArray& message) // compact: no Accept header in these requests
{
    return "{\"error\":\"" + message + "\"}\n";
}

QByteArray intakeBody(int accepted, const QByteArray& message)
{
    return "{\"accepted\":" + QByteArray::number(accepted) + ",\"errors\":[{\"message\":\"" + message + "\"}]}\n";
}

} // namespace

Q_DECLARE_METATYPE(Expect)

class TestStubConformance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void conformance_data();
    void conformance();
    void anonymousRateLimitPerRequest_data();
    void anonymousRateLimitPerRequest();
    void credentialsAreNotRateLimited();
    void forwardedHeadersSelectTheLimiter();
    void apiKeyCacheAndLimit();
    void keepAliveAndPipelining();
    void chunkedGzipBody();
    void everyResponseHasNosniff();
    void workersShareTheRateLimiter_data();
    void workersShareTheRateLimiter();

private:
    struct Server
    {
        std::unique_ptr<IntakeServer> server;
        quint16 port = 0;
    };
    Server startServer(const QString& profile, const QString& config, int workers = 0, Clock clock = {});
    QByteArray substitute(QByteArray request) const;

    QTemporaryDir m_dataDir;
    QHash<QByteArray, QByteArray> m_placeholders;
    std::shared_ptr<AgentConfigStore> m_agentConfig;
};

void TestStubConformance::initTestCase()
{
    QVERIFY(m_dataDir.isValid());
    using ApiKeys::ApiKeyRegistry;
    using Config::Privilege;
    ApiKeyRegistry registry(m_dataDir.path());
    auto make = [&](const QByteArray& placeholder, QList<Privilege> privileges) {
        auto created = registry.create(QString::fromLatin1(placeholder), privileges);
        QVERIFY2(created.ok(), qPrintable(created ? QString() : created.error().toString()));
        m_placeholders.insert(placeholder, created->credentials.view().toByteArray());
        m_placeholders.insert(placeholder + "_ID", created->key.id.toUtf8());
    };
    make("$KEY_ALL", {Privilege::EventWrite, Privilege::ConfigAgentRead, Privilege::SourcemapWrite});
    make("$KEY_CONFIG", {Privilege::ConfigAgentRead});
    make("$KEY_EVENT", {Privilege::EventWrite});
    make("$KEY_INVALID", {Privilege::EventWrite});
    QVERIFY(registry.invalidateById(QString::fromLatin1(m_placeholders.value("$KEY_INVALID_ID"))).ok());
    {
        // A key that expired an hour ago: created by a registry whose clock runs a day behind.
        ApiKeyRegistry past(m_dataDir.path(), [] { return QDateTime::currentDateTimeUtc().addDays(-1); });
        auto created = past.create(QStringLiteral("expired"), {Privilege::EventWrite}, std::chrono::hours(1));
        QVERIFY(created.ok());
        m_placeholders.insert("$KEY_EXPIRED", created->credentials.view().toByteArray());
    }
    m_placeholders.insert("$KEY_WRONGSECRET",
                          (m_placeholders.value("$KEY_ALL_ID") + ":not-the-secret").toBase64());
    m_placeholders.insert("$KEY_UNKNOWN", QByteArray("unknownid0123456789:whatever").toBase64());
    m_placeholders.insert("$KEY_NOCOLON", QByteArray("nocolonhere").toBase64());

    m_agentConfig = std::make_shared<AgentConfigStore>();
    AgentConfigEntry checkout{QStringLiteral("checkout"), QStringLiteral("production"), QStringLiteral("nodejs"),
                              {{QStringLiteral("transaction_sample_rate"), QStringLiteral("0.2")},
                               {QStringLiteral("capture_body"), QStringLiteral("all")}},
                              QStringLiteral("etag-checkout")};
    AgentConfigEntry web{QStringLiteral("web"), QString(), QStringLiteral("rum-js"),
                         {{QStringLiteral("transaction_sample_rate"), QStringLiteral("0.5")},
                          {QStringLiteral("log_level"), QStringLiteral("debug")}},
                         QStringLiteral("etag-web")};
    m_agentConfig->setEntries({checkout, web});
}

TestStubConformance::Server TestStubConformance::startServer(const QString& profile, const QString& config, int workers,
                                                             Clock clock)
{
    auto yaml = Config::ApmServerYaml::parse(configYaml(config));
    if (!yaml)
        qFatal("config %s: %s", qPrintable(config), qPrintable(yaml.error().toString()));
    Engine::Options options;
    options.effective = Config::derive(Config::readSettings(*yaml).settings, *Config::parseProfile(profile));
    options.secretToken = options.effective.secretToken.value;
    options.apiKeys = std::make_shared<ApiKeyBackendAdapter>(m_dataDir.path());
    options.agentConfig = m_agentConfig;
    if (clock)
        options.clock = std::move(clock);
    Server s;
    s.server = std::make_unique<IntakeServer>();
    s.server->setWorkerCount(workers > 0 ? workers : TestSupport::stubWorkers());
    const auto r = s.server->start(options, QHostAddress::LocalHost, 0);
    if (!r)
        qFatal("cannot start the stub: %s", qPrintable(r.error().toString()));
    s.port = s.server->port();
    return s;
}

QByteArray TestStubConformance::substitute(QByteArray request) const
{
    // Longest placeholders first ($KEY_ALL_ID before $KEY_ALL).
    QList<QByteArray> keys = m_placeholders.keys();
    std::sort(keys.begin(), keys.end(), [](const QByteArray& a, const QByteArray& b) { return a.size() > b.size(); });
    for (const QByteArray& k : keys)
        request.replace(k, m_placeholders.value(k));
    return request;
}

void TestStubConformance::conformance_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("config");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<Expect>("expect");

    using H = QList<QPair<QByteArray, QByteArray>>;
    const H ndjsonCt{{"Content-Type", "application/x-ndjson"}};
    auto with = [](H h, const QByteArray& k, const QByteArray& v) {
        h.append({k, v});
        return h;
    };
    const QByteArray nodeBody = ndjson({kNodeMeta, kTx});
    const QByteArray rumBody = ndjson({kRumMeta, kTx});
    auto intake = [&](const QByteArray& auth, const QByteArray& body = {}, const QByteArray& path = "/intake/v2/events") {
        H h = ndjsonCt;
        if (!auth.isEmpty())
            h.append({"Authorization", auth});
        return buildRequest("POST", path, h, body.isNull() ? nodeBody : body);
    };
    auto get = [](const QByteArray& target, const QByteArray& auth = {}, H h = {}) {
        if (!auth.isEmpty())
            h.append({"Authorization", auth});
        return buildRequest("GET", target, h);
    };
    auto status = [](int s) {
        Expect e;
        e.status = s;
        return e;
    };
    auto exact = [](int s, const QByteArray& body) {
        Expect e;
        e.status = s;
        e.body = body;
        e.checkBody = true;
        return e;
    };
    auto containing = [](int s, QList<QByteArray> parts) {
        Expect e;
        e.status = s;
        e.contains = std::move(parts);
        return e;
    };
    const QByteArray bearer = "Bearer " + kToken;
    const QStringList both{QStringLiteral("7.15"), QStringLiteral("8.19")};
    auto prefix = [](const QString& p) {
        return p == QLatin1String("8.19") ? QByteArray("cannot handle stream: cannot process batch: ") : QByteArray();
    };

    // ---- §3.9 quick outcome matrix (token + API keys + RUM), server information
    for (const QString& p : both) {
        const QByteArray version = p == QLatin1String("7.15") ? "7.15.2" : "8.19.20";
        QTest::addRow("§3.9 / no header → 200 empty [%s]", qPrintable(p)) << p << "full" << get("/") << exact(200, "");
        Expect info = containing(200, {"\"version\":\"" + version + "\""});
        if (p == QLatin1String("8.19"))
            info.contains << "\"publish_ready\":true";
        else
            info.contains << "\"build_sha\":";
        QTest::addRow("§3.9 / Bearer S → info [%s]", qPrintable(p)) << p << "full" << get("/", bearer) << info;
        QTest::addRow("§3.9 / Bearer wrong → 200 empty [%s]", qPrintable(p)) << p << "full" << get("/", "Bearer nope") << exact(200, "");
        QTest::addRow("§3.9 / ApiKey valid → info [%s]", qPrintable(p)) << p << "full" << get("/", "ApiKey $KEY_ALL") << info;
    }
    QTest::newRow("§3.9 / ApiKey unknown → 200 empty") << "8.19" << "full" << get("/", "ApiKey $KEY_UNKNOWN") << exact(200, "");
    QTest::newRow("§3.9 / ApiKey !!! → 200 empty") << "8.19" << "full" << get("/", "ApiKey !!!") << exact(200, "");
    QTest::newRow("§3.9 / Basic x → 200 empty") << "7.15" << "full" << get("/", "Basic x") << exact(200, "");
    QTest::newRow("§2 / any method") << "8.19" << "full" << buildRequest("DELETE", "/", {{"Authorization", bearer}}) << containing(200, {"\"version\""});
    QTest::newRow("§2 / 8.19 pretty with Accept */*") << "8.19" << "token" << get("/", bearer, {{"Accept", "*/*"}})
                                                      << containing(200, {"{\n  \"build_date\": ", "\n  \"version\": \"8.19.20\"\n}\n"});
    QTest::newRow("§3.1 / no auth configured → info") << "7.15" << "none" << get("/") << containing(200, {"\"version\":\"7.15.2\""});

    // ---- §3.9 backend intake
    for (const QString& p : both) {
        QTest::addRow("§3.9 intake anonymous nodejs → 403 [%s]", qPrintable(p))
            << p << "full" << intake({}) << exact(403, intakeBody(0, prefix(p) + "unauthorized: anonymous access not permitted for agent \\\"nodejs\\\""));
        Expect ok = exact(202, "");
        ok.closes = 0;
        QTest::addRow("§3.9 intake Bearer S → 202 [%s]", qPrintable(p)) << p << "full" << intake(bearer) << ok;
        QTest::addRow("§3.3 intake Bearer wrong → 401 [%s]", qPrintable(p)) << p << "full" << intake("Bearer wrong") << exact(401, errorBody("authentication failed"));
        QTest::addRow("§3.4 intake ApiKey without event:write → 403 [%s]", qPrintable(p))
            << p << "full" << intake("ApiKey $KEY_CONFIG") << exact(403, intakeBody(0, prefix(p) + "unauthorized: API Key not permitted action \\\"event:write\\\""));
        QTest::addRow("§3.3 intake ApiKey !!! [%s]", qPrintable(p))
            << p << "full" << intake("ApiKey !!!")
            << exact(401, errorBody(p == QLatin1String("7.15") ? QByteArray("authentication failed: illegal base64 data at input byte 0")
                                                               : QByteArray("authentication failed: improperly encoded ApiKey credentials: expected base64(ID:APIKey): illegal base64 data at input byte 0")));
        QTest::addRow("§3.3 intake Basic → 401 unknown header [%s]", qPrintable(p))
            << p << "full" << intake("Basic dXNlcjpwYXNz") << exact(401, errorBody("authentication failed: unknown Authentication header Basic: " + kExp));
        QTest::addRow("§3.3 intake no header, anonymous off → 401 missing [%s]", qPrintable(p))
            << p << "token" << intake({}) << exact(401, errorBody("authentication failed: missing or improperly formatted Authorization header: " + kExp));
    }
    QTest::newRow("§3.9 intake ApiKey all → 202") << "8.19" << "full" << intake("ApiKey $KEY_ALL") << exact(202, "");
    QTest::newRow("§3.4 intake ApiKey event-only → 202") << "7.15" << "full" << intake("ApiKey $KEY_EVENT") << exact(202, "");
    QTest::newRow("§3.4 intake ApiKey expired → 401") << "8.19" << "full" << intake("ApiKey $KEY_EXPIRED") << exact(401, errorBody("authentication failed"));
    QTest::newRow("§3.4 intake ApiKey invalidated → 401") << "8.19" << "full" << intake("ApiKey $KEY_INVALID") << exact(401, errorBody("authentication failed"));
    QTest::newRow("§3.4 intake ApiKey wrong secret → 401") << "7.15" << "full" << intake("ApiKey $KEY_WRONGSECRET") << exact(401, errorBody("authentication failed"));
    QTest::newRow("§3.4 intake ApiKey unknown id → 401") << "8.19" << "full" << intake("ApiKey $KEY_UNKNOWN") << exact(401, errorBody("authentication failed"));
    QTest::newRow("§3.3 intake ApiKey raw id:key → 401 base64 byte 6") << "7.15" << "full" << intake("ApiKey abcdef:ghij")
                                                                        << exact(401, errorBody("authentication failed: illegal base64 data at input byte 6"));
    QTest::newRow("§3.3 intake ApiKey without colon") << "8.19" << "full" << intake("ApiKey $KEY_NOCOLON")
                                                       << exact(401, errorBody("authentication failed: improperly formatted ApiKey credentials: expected base64(ID:APIKey)"));
    QTest::newRow("§3.2 lowercase bearer → unknown header") << "8.19" << "full" << intake("bearer " + kToken)
                                                             << exact(401, errorBody("authentication failed: unknown Authentication header bearer: " + kExp));
    QTest::newRow("§3.2 APIKey (CLI spelling) → unknown header") << "7.15" << "full" << intake("APIKey $KEY_ALL")
                                                                  << exact(401, errorBody("authentication failed: unknown Authentication header APIKey: " + kExp));
    QTest::newRow("§3.2 'Bearer' without space → missing") << "8.19" << "token" << intake("Bearer")
                                                            << exact(401, errorBody("authentication failed: missing or improperly formatted Authorization header: " + kExp));
    QTest::newRow("§3.1 Bearer while API keys only → 401") << "8.19" << "apikey-limit" << intake(bearer) << exact(401, errorBody("authentication failed"));
    QTest::newRow("§3.1 ApiKey while API keys disabled → 401") << "8.19" << "token" << intake("ApiKey $KEY_ALL") << exact(401, errorBody("authentication failed"));
    QTest::newRow("§3.3 no fallback to anonymous for a wrong token on RUM") << "8.19" << "full"
        << buildRequest("POST", "/intake/v2/rum/events", with(with(ndjsonCt, "Authorization", "Bearer wrong"), "Origin", "http://localhost:3000"), rumBody)
        << exact(401, errorBody("authentication failed"));

    // ---- §3.1 method none
    for (const QString& p : both)
        QTest::addRow("§3.1 no auth configured: no header → 202 [%s]", qPrintable(p)) << p << "none" << intake({}) << exact(202, "");
    QTest::newRow("§3.1 no auth configured: garbage scheme → 202") << "8.19" << "none" << intake("Garbage x y") << exact(202, "");
    QTest::newRow("§3.1 no auth configured: any Bearer → 202") << "7.15" << "none" << intake("Bearer anything") << exact(202, "");

    // ---- RUM intake, anonymous and CORS (§3.5, §3.7)
    const H rumHeaders = with(ndjsonCt, "Origin", "http://localhost:3000");
    for (const QString& p : both) {
        Expect ok = exact(202, "");
        ok.headers = {{"Access-Control-Allow-Origin", "http://localhost:3000"}};
        QTest::addRow("§3.9 RUM v2 anonymous rum-js → 202 [%s]", qPrintable(p)) << p << "full" << buildRequest("POST", "/intake/v2/rum/events", rumHeaders, rumBody) << ok;
        QTest::addRow("§3.9 RUM v3 anonymous → 202 [%s]", qPrintable(p)) << p << "full" << buildRequest("POST", "/intake/v3/rum/events", rumHeaders, ndjson({kRumV3Meta, kV3Tx})) << ok;
        QTest::addRow("§3.8 RUM disabled + token → 403 [%s]", qPrintable(p))
            << p << "rum-off-token" << buildRequest("POST", "/intake/v2/rum/events", with(rumHeaders, "Authorization", bearer), rumBody)
            << exact(403, errorBody("forbidden request: RUM endpoint is disabled. Configure the `apm-server.rum` section in apm-server.yml to enable ingestion of RUM events. If you are not using the RUM agent, you can safely ignore this error."));
        QTest::addRow("§3.7 disallowed origin → 403 before auth [%s]", qPrintable(p))
            << p << "origins" << buildRequest("POST", "/intake/v2/rum/events", with(ndjsonCt, "Origin", "https://evil.example"), rumBody)
            << exact(403, errorBody("forbidden request: origin: 'https://evil.example' is not allowed"));
        Expect pre = exact(200, "");
        pre.headers = {{"Access-Control-Allow-Origin", "https://shop.example.com"},
                       {"Access-Control-Max-Age", "3600"},
                       {"Vary", "Origin"},
                       {"Access-Control-Allow-Methods", "POST, OPTIONS"},
                       {"Access-Control-Allow-Headers", "X-Custom, Content-Type, Content-Encoding, Accept"},
                       {"Access-Control-Expose-Headers", "Etag"},
                       {"Content-Length", "0"}};
        QTest::addRow("§3.7 preflight allowed origin [%s]", qPrintable(p))
            << p << "origins" << buildRequest("OPTIONS", "/intake/v2/rum/events", {{"Origin", "https://shop.example.com"}, {"Access-Control-Request-Method", "POST"}}) << pre;
        QTest::addRow("§3.5 RUM service not allowed → 403 [%s]", qPrintable(p))
            << p << "restricted" << buildRequest("POST", "/intake/v2/rum/events", rumHeaders, ndjson({R"({"metadata":{"service":{"name":"shop","agent":{"name":"rum-js","version":"5"}}}})", kTx}))
            << exact(403, intakeBody(0, prefix(p) + "unauthorized: anonymous access not permitted for service \\\"shop\\\""));
        QTest::addRow("§3.5 7.15 allow_service alone turns anonymous off [%s]", qPrintable(p))
            << p << "allow-service-only" << buildRequest("POST", "/intake/v2/rum/events", rumHeaders, rumBody)
            << (p == QLatin1String("7.15") ? exact(401, errorBody("authentication failed: missing or improperly formatted Authorization header: " + kExp)) : exact(202, ""));
    }
    QTest::newRow("§4.1 7.15 v3 endpoint with v2 metadata → 400") << "7.15" << "full" << buildRequest("POST", "/intake/v3/rum/events", rumHeaders, rumBody)
                                                                   << containing(400, {"{\"accepted\":0,\"errors\":[{\"message\":\"validation error: 'm' required\",\"document\":"});
    QTest::newRow("§4.1 8.19 v3 endpoint accepts v2 metadata") << "8.19" << "full" << buildRequest("POST", "/intake/v3/rum/events", rumHeaders, rumBody) << exact(202, "");
    {
        Expect e = exact(401, errorBody("authentication failed"));
        e.headers = {{"Access-Control-Allow-Origin", "http://localhost:3000"}};
        QTest::newRow("§3.7 401 on RUM carries ACAO") << "8.19" << "full" << buildRequest("POST", "/intake/v2/rum/events", with(rumHeaders, "Authorization", "Bearer bad"), rumBody) << e;
    }
    QTest::newRow("§3.5 RUM with token → 202") << "7.15" << "full" << buildRequest("POST", "/intake/v2/rum/events", with(rumHeaders, "Authorization", bearer), rumBody) << exact(202, "");
    QTest::newRow("§3.5 allowed service web → 202") << "8.19" << "restricted" << buildRequest("POST", "/intake/v2/rum/events", rumHeaders, rumBody) << exact(202, "");
    QTest::newRow("§3.5 event-level service override is checked") << "7.15" << "restricted"
        << buildRequest("POST", "/intake/v2/rum/events", rumHeaders, ndjson({kRumMeta, R"({"transaction":{"id":"1","trace_id":"2","duration":1,"type":"t","span_count":{"started":0},"context":{"service":{"name":"other"}}}})"}))
        << exact(403, intakeBody(0, "unauthorized: anonymous access not permitted for service \\\"other\\\""));
    QTest::newRow("§3.5 event-level agent override is checked") << "8.19" << "full"
        << buildRequest("POST", "/intake/v2/rum/events", rumHeaders, ndjson({kRumMeta, R"({"error":{"id":"1","exception":{"message":"x"},"context":{"service":{"agent":{"name":"python"}}}}})"}))
        << exact(403, intakeBody(0, "cannot handle stream: cannot process batch: unauthorized: anonymous access not permitted for agent \\\"python\\\""));
    QTest::newRow("§3.5 anonymous off: RUM gets 401") << "8.19" << "anon-off" << buildRequest("POST", "/intake/v2/rum/events", rumHeaders, rumBody)
                                                       << exact(401, errorBody("authentication failed: missing or improperly formatted Authorization header: " + kExp));
    {
        Expect e = exact(200, "");
        e.absentHeaders = {"Access-Control-Allow-Origin"};
        e.headers = {{"Vary", "Origin"}};
        QTest::newRow("§3.7 preflight disallowed origin: 200 without ACAO") << "8.19" << "origins"
            << buildRequest("OPTIONS", "/intake/v2/rum/events", {{"Origin", "https://evil.example"}}) << e;
        QTest::newRow("§3.7 preflight works while RUM is disabled") << "7.15" << "rum-off-token"
            << buildRequest("OPTIONS", "/intake/v3/rum/events", {{"Origin", "https://evil.example"}}) << status(200);
    }
    {
        Expect e = exact(202, "");
        e.headers = {{"Access-Control-Allow-Origin", ""}};
        QTest::newRow("§3.7 '*' and no Origin: ACAO present and empty") << "8.19" << "full" << buildRequest("POST", "/intake/v2/rum/events", ndjsonCt, rumBody) << e;
    }
    QTest::newRow("§3.7 missing Origin without '*' → 403") << "8.19" << "rum-no-star" << buildRequest("POST", "/intake/v2/rum/events", ndjsonCt, rumBody)
                                                            << exact(403, errorBody("forbidden request: origin: '' is not allowed"));
    QTest::newRow("§3.7 port glob matches") << "7.15" << "rum-no-star" << buildRequest("POST", "/intake/v2/rum/events", rumHeaders, rumBody) << exact(202, "");

    // ---- §2 agent configuration
    QTest::newRow("§3.8 7.15 agent config disabled without kibana") << "7.15" << "full" << get("/config/v1/agents?service.name=checkout", bearer)
        << exact(403, errorBody("forbidden request: Agent remote configuration is disabled. Configure the `apm-server.kibana` section in apm-server.yml to enable it. If you are using a RUM agent, you also need to configure the `apm-server.rum` section. If you are not using remote configuration, you can safely ignore this error."));
    {
        Expect e = exact(200, "{\"capture_body\":\"all\",\"transaction_sample_rate\":\"0.2\"}\n");
        e.headers = {{"Etag", "\"etag-checkout\""}, {"Cache-Control", "max-age=30, must-revalidate"}};
        QTest::newRow("§2 agent config with token → settings") << "8.19" << "full" << get("/config/v1/agents?service.name=checkout&service.environment=production", bearer) << e;
        e.headers = {{"Etag", "\"etag-checkout\""}, {"Cache-Control", "max-age=60, must-revalidate"}};
        QTest::newRow("§2 7.15 with kibana enabled, 60s cache") << "7.15" << "kibana" << get("/config/v1/agents?service.name=checkout&service.environment=production", bearer) << e;
    }
    {
        Expect e = exact(200, "{}\n");
        e.headers = {{"Etag", "\"-\""}};
        QTest::newRow("§2 agent config: nothing stored → {} and Etag \"-\"") << "8.19" << "full" << get("/config/v1/agents?service.name=unknown", bearer) << e;
    }
    {
        Expect e = status(304);
        e.headers = {{"Etag", "\"etag-checkout\""}};
        QTest::newRow("§2 agent config If-None-Match → 304") << "8.19" << "full"
            << get("/config/v1/agents?service.name=checkout&service.environment=production", bearer, {{"If-None-Match", "\"etag-checkout\""}}) << e;
        QTest::newRow("§2 agent config ifnonematch query → 304") << "7.15" << "kibana"
            << get("/config/v1/agents?service.name=checkout&service.environment=production&ifnonematch=etag-checkout", bearer) << e;
    }
    QTest::newRow("§2 agent config stale etag → 200") << "8.19" << "full"
        << get("/config/v1/agents?service.name=checkout&service.environment=production", bearer, {{"If-None-Match", "\"old\""}}) << status(200);
    QTest::newRow("§3.4 agent config ApiKey config-only → 200") << "8.19" << "full" << get("/config/v1/agents?service.name=checkout", "ApiKey $KEY_CONFIG") << status(200);
    QTest::newRow("§3.4 agent config ApiKey event-only → 403") << "8.19" << "full" << get("/config/v1/agents?service.name=checkout", "ApiKey $KEY_EVENT")
                                                              << exact(403, errorBody("unauthorized: API Key not permitted action \\\"config_agent:read\\\""));
    QTest::newRow("§3.3 agent config Bearer wrong → 401") << "8.19" << "full" << get("/config/v1/agents?service.name=checkout", "Bearer x") << exact(401, errorBody("authentication failed"));
    QTest::newRow("§2 agent config PUT → 405 with method") << "8.19" << "full" << buildRequest("PUT", "/config/v1/agents?service.name=a", {{"Authorization", bearer}})
                                                          << exact(405, errorBody("method not supported: PUT"));
    QTest::newRow("§3.5 agent config PUT anonymous → short 405") << "8.19" << "full" << buildRequest("PUT", "/config/v1/agents?service.name=a", {})
                                                                << exact(405, errorBody("method not supported"));
    QTest::newRow("§2 agent config without service.name → 400") << "8.19" << "full" << get("/config/v1/agents", bearer) << exact(400, errorBody("service.name is required"));
    QTest::newRow("§3.5 agent config anonymous without service.name → short 400") << "8.19" << "full" << get("/config/v1/agents") << exact(400, errorBody("invalid query"));
    QTest::newRow("§3.5 anonymous agent config: only transaction_sample_rate") << "8.19" << "full" << get("/config/v1/agents?service.name=web")
                                                                               << exact(200, "{\"transaction_sample_rate\":\"0.5\"}\n");
    QTest::newRow("§3.5 anonymous agent config: nodejs config hidden") << "8.19" << "full" << get("/config/v1/agents?service.name=checkout&service.environment=production")
                                                                      << exact(200, "{}\n");
    QTest::newRow("§3.5 anonymous agent config: service not allowed") << "8.19" << "restricted" << get("/config/v1/agents?service.name=checkout")
                                                                     << exact(403, errorBody("unauthorized: anonymous access not permitted for service \\\"checkout\\\""));
    QTest::newRow("§2 agent config POST body") << "8.19" << "full"
        << buildRequest("POST", "/config/v1/agents", {{"Authorization", bearer}, {"Content-Type", "application/json"}}, R"({"service":{"name":"checkout","environment":"production"}})")
        << containing(200, {"\"transaction_sample_rate\":\"0.2\""});
    {
        Expect e = exact(200, "{\"transaction_sample_rate\":\"0.5\"}\n");
        e.headers = {{"Access-Control-Allow-Origin", "http://localhost:3000"}, {"Access-Control-Expose-Headers", "Etag"}};
        QTest::newRow("§2 RUM agent config anonymous") << "8.19" << "full" << get("/config/v1/rum/agents?service.name=web", {}, {{"Origin", "http://localhost:3000"}}) << e;
    }

    // ---- §3.8 sourcemaps (7.x) and §2 routing
    const QByteArray multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"service_name\"\r\n\r\nweb\r\n"
                                 "--XyZ\r\nContent-Disposition: form-data; name=\"service_version\"\r\n\r\n1.0\r\n"
                                 "--XyZ\r\nContent-Disposition: form-data; name=\"bundle_filepath\"\r\n\r\nhttp://x/app.js\r\n"
                                 "--XyZ\r\nContent-Disposition: form-data; name=\"sourcemap\"; filename=\"a.map\"\r\n\r\n{}\r\n--XyZ--\r\n";
    const H mpHeaders{{"Content-Type", "multipart/form-data; boundary=XyZ"}};
    QTest::newRow("§2 7.15 sourcemap upload with token → 202") << "7.15" << "full" << buildRequest("POST", "/assets/v1/sourcemaps", with(mpHeaders, "Authorization", bearer), multipart) << exact(202, "");
    QTest::newRow("§3.5 7.15 sourcemap anonymous → 403") << "7.15" << "full" << buildRequest("POST", "/assets/v1/sourcemaps", mpHeaders, multipart)
                                                         << exact(403, errorBody("unauthorized: anonymous access not permitted for sourcemap uploads"));
    QTest::newRow("§3.4 7.15 sourcemap ApiKey without sourcemap:write") << "7.15" << "full" << buildRequest("POST", "/assets/v1/sourcemaps", with(mpHeaders, "Authorization", "ApiKey $KEY_EVENT"), multipart)
                                                                        << exact(403, errorBody("unauthorized: API Key not permitted action \\\"sourcemap:write\\\""));
    QTest::newRow("§2 7.15 sourcemap GET → 405") << "7.15" << "full" << get("/assets/v1/sourcemaps", bearer) << exact(405, errorBody("method not supported"));
    QTest::newRow("§3.8 7.15 sourcemap with RUM off → 403") << "7.15" << "token" << buildRequest("POST", "/assets/v1/sourcemaps", with(mpHeaders, "Authorization", bearer), multipart)
        << exact(403, errorBody("forbidden request: Sourcemap upload endpoint is disabled. Configure the `apm-server.rum` section in apm-server.yml to enable sourcemap uploads. If you are not using the RUM agent, you can safely ignore this error."));
    QTest::newRow("§8 8.19 has no sourcemap endpoint → 404") << "8.19" << "full" << buildRequest("POST", "/assets/v1/sourcemaps", with(mpHeaders, "Authorization", bearer), multipart)
                                                           << exact(404, errorBody("404 page not found"));
    for (const QString& p : both) {
        QTest::addRow("§2 unknown path → 404 [%s]", qPrintable(p)) << p << "token" << get("/nope", bearer) << exact(404, errorBody("404 page not found"));
        QTest::addRow("§2 trailing slash is an unknown path [%s]", qPrintable(p)) << p << "token" << intake(bearer, nodeBody, "/intake/v2/events/") << exact(404, errorBody("404 page not found"));
    }
    QTest::newRow("§2 7.15 unknown path: optional auth, wrong token still 404") << "7.15" << "token" << get("/x/y", "Bearer wrong") << exact(404, errorBody("404 page not found"));
    {
        Expect e = status(301);
        e.headers = {{"Location", "/intake/v2/events"}};
        QTest::newRow("§2 unclean path → 301") << "8.19" << "token" << intake(bearer, nodeBody, "//intake/v2/events") << e;
        e.headers = {{"Location", "/config/v1/agents?service.name=a"}};
        QTest::newRow("§2 dot segments → 301 keeping the query") << "7.15" << "token" << get("/config/v1/../v1/agents?service.name=a", bearer) << e;
    }

    // ---- §2/§4.1 intake handler
    for (const QString& p : both) {
        Expect e = exact(400, intakeBody(0, "only POST requests are supported"));
        e.headers = {{"Connection", "Close"}};
        e.closes = 1;
        QTest::addRow("§2 GET intake → 400 only POST [%s]", qPrintable(p)) << p << "token" << get("/intake/v2/events", bearer) << e;
        QTest::addRow("§4.1 bad Content-Type → 400 [%s]", qPrintable(p))
            << p << "token" << buildRequest("POST", "/intake/v2/events", {{"Authorization", bearer}, {"Content-Type", "application/json"}}, nodeBody)
            << exact(400, intakeBody(0, "invalid content type: 'application/json'"));
        QTest::addRow("§4.1 empty body [%s]", qPrintable(p)) << p << "token" << intake(bearer, "")
            << (p == QLatin1String("7.15") ? exact(400, intakeBody(0, "validation error: 'metadata' required")) : exact(202, ""));
        QTest::addRow("§4.1 first line not metadata [%s]", qPrintable(p)) << p << "token" << intake(bearer, ndjson({kTx}))
            << containing(400, {p == QLatin1String("7.15") ? QByteArray("validation error: 'metadata' required") : QByteArray("\\\"metadata\\\" or \\\"m\\\" required")});
        QTest::addRow("§4.1 unknown event key [%s]", qPrintable(p)) << p << "token" << intake(bearer, ndjson({kNodeMeta, R"({"bogus":{}})"}))
            << containing(400, {p == QLatin1String("7.15") ? QByteArray("bogus: did not recognize object type") : QByteArray("did not recognize object type: \\\"bogus\\\""),
                                "\"document\":"});
        QTest::addRow("§4.1 line above max_event_size [%s]", qPrintable(p)) << p << "small-events"
            << intake(bearer, ndjson({kNodeMeta, R"({"transaction":{"name":")" + QByteArray(400, 'x') + "\"}}"}))
            << containing(400, {p == QLatin1String("7.15") ? QByteArray("\"event exceeded the permitted size.\"") : QByteArray("\"event exceeded the permitted size\"")});
        QTest::addRow("§2 ?verbose → accepted count [%s]", qPrintable(p)) << p << "token" << intake(bearer, ndjson({kNodeMeta, kTx, kTx, kTx}), "/intake/v2/events?verbose")
                                                                    << exact(202, "{\"accepted\":3}\n");
        QTest::addRow("§4.1 gzip body [%s]", qPrintable(p))
            << p << "token" << buildRequest("POST", "/intake/v2/events", with(with(ndjsonCt, "Authorization", bearer), "Content-Encoding", "gzip"), TestSupport::gzip(nodeBody)) << exact(202, "");
        QTest::addRow("§4.1/§8 gzip without Content-Encoding [%s]", qPrintable(p))
            << p << "token" << buildRequest("POST", "/intake/v2/events", with(ndjsonCt, "Authorization", bearer), TestSupport::gzip(nodeBody))
            << (p == QLatin1String("7.15") ? status(400) : exact(202, ""));
    }
    QTest::newRow("§4.1 deflate body") << "8.19" << "token"
        << buildRequest("POST", "/intake/v2/events", with(with(ndjsonCt, "Authorization", bearer), "Content-Encoding", "deflate"), TestSupport::zlibDeflate(nodeBody)) << exact(202, "");
    QTest::newRow("§4.1 corrupt gzip → gzip: invalid header") << "7.15" << "token"
        << buildRequest("POST", "/intake/v2/events", with(with(ndjsonCt, "Authorization", bearer), "Content-Encoding", "gzip"), "not gzip at all")
        << containing(400, {"gzip: invalid header"});
    QTest::newRow("§4.1 8.19 empty Content-Type accepted") << "8.19" << "token" << buildRequest("POST", "/intake/v2/events", {{"Authorization", bearer}}, nodeBody) << exact(202, "");
    QTest::newRow("§4.1 7.15 empty Content-Type refused") << "7.15" << "token" << buildRequest("POST", "/intake/v2/events", {{"Authorization", bearer}}, nodeBody)
                                                           << exact(400, intakeBody(0, "invalid content type: ''"));
    QTest::newRow("§4.1 invalid JSON event: decode error, others accepted") << "8.19" << "token" << intake(bearer, ndjson({kNodeMeta, kTx, "{not json", kTx}), "/intake/v2/events")
                                                                             << containing(400, {"\"accepted\":2", "\"document\":\"{not json\""});
    {
        QList<QByteArray> lines{kNodeMeta};
        for (int i = 0; i < 7; ++i)
            lines << "{\"bogus" + QByteArray::number(i) + "\":{}}";
        Expect e = containing(400, {"bogus4"});
        e.body = "bogus5"; // not listed
        QTest::newRow("§4.1 at most 5 errors listed") << "7.15" << "token" << intake(bearer, ndjson(lines)) << e;
    }
    QTest::newRow("§2 OPTIONS on backend intake → 400") << "8.19" << "token" << buildRequest("OPTIONS", "/intake/v2/events", {{"Authorization", bearer}})
                                                        << exact(400, intakeBody(0, "only POST requests are supported"));

    // ---- §1 response mechanics
    {
        Expect e = exact(401, "{\n  \"error\": \"authentication failed\"\n}\n");
        e.headers = {{"Content-Type", "application/json"}, {"X-Content-Type-Options", "nosniff"}};
        QTest::newRow("§1 Accept application/json → pretty") << "8.19" << "token"
            << buildRequest("POST", "/intake/v2/events", with(with(ndjsonCt, "Authorization", "Bearer no"), "Accept", "application/json"), nodeBody) << e;
        e = exact(401, errorBody("authentication failed"));
        e.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
        QTest::newRow("§1 no Accept → compact text/plain") << "7.15" << "token" << intake("Bearer no") << e;
    }
    {
        Expect e = status(200);
        e.headers = {{"X-Frame-Options", "DENY"}};
        e.absentHeaders = {"X-Rum"};
        QTest::newRow("§1 response_headers on root") << "8.19" << "headers" << get("/") << e;
        e = status(401);
        e.headers = {{"X-Frame-Options", "DENY"}};
        QTest::newRow("§1 response_headers on middleware errors") << "7.15" << "headers" << intake("Bearer no") << e;
        e = status(202);
        e.headers = {{"X-Frame-Options", "DENY"}, {"X-Rum", "r1"}};
        QTest::newRow("§1 rum.response_headers on RUM routes") << "8.19" << "headers" << buildRequest("POST", "/intake/v2/rum/events", rumHeaders, rumBody) << e;
        e = status(404);
        e.absentHeaders = {"X-Frame-Options"};
        QTest::newRow("§1/§8 8.19 404 without configured headers") << "8.19" << "headers" << get("/nope") << e;
        e = status(404);
        e.headers = {{"X-Frame-Options", "DENY"}};
        QTest::newRow("§1/§8 7.15 404 with configured headers") << "7.15" << "headers" << get("/nope") << e;
    }
    QTest::newRow("§3.6 event_limit 0 → every anonymous request 429") << "8.19" << "ratelimit-zero"
        << buildRequest("POST", "/intake/v2/rum/events", rumHeaders, rumBody) << exact(429, errorBody("too many requests: rate limit exceeded"));
    for (const QString& p : both) {
        QList<QByteArray> lines{kRumMeta};
        for (int i = 0; i < 12; ++i)
            lines << kTx;
        QTest::addRow("§3.6 batch beyond the burst → 429 intake shape [%s]", qPrintable(p))
            << p << "ratelimit" << buildRequest("POST", "/intake/v2/rum/events", rumHeaders, ndjson(lines))
            << exact(429, intakeBody(0, prefix(p) + "rate limit exceeded"));
    }
    // ---- HTTP level (Go's net/http)
    QTest::newRow("Go 431 on oversized headers") << "8.19" << "apikey-limit"
        << buildRequest("GET", "/", {{"X-Big", QByteArray(1048576 + 8192, 'a')}}) << status(431);
    QTest::newRow("Go 400 on a malformed request line") << "8.19" << "token" << QByteArray("NONSENSE\r\n\r\n") << status(400);
}

void TestStubConformance::conformance()
{
    QFETCH(QString, profile);
    QFETCH(QString, config);
    QFETCH(QByteArray, request);
    QFETCH(Expect, expect);
    Server s = startServer(profile, config);
    const RawResponse r = TestSupport::rawRequest(s.port, substitute(request));
    QVERIFY2(r.complete, r.raw.left(400));
    QVERIFY2(r.status == expect.status, qPrintable(QStringLiteral("status %1, body %2").arg(r.status).arg(QString::fromUtf8(r.body))));
    if (expect.checkBody)
        QCOMPARE(r.body, expect.body);
    for (const QByteArray& part : expect.contains)
        QVERIFY2(r.body.contains(part), qPrintable(QStringLiteral("%1 not in %2").arg(QString::fromUtf8(part), QString::fromUtf8(r.body))));
    if (!expect.checkBody && !expect.body.isEmpty())
        QVERIFY2(!r.body.contains(expect.body), r.body); // "must not contain"
    for (const auto& [k, v] : expect.headers) {
        QVERIFY2(r.hasHeader(k), qPrintable(QStringLiteral("header %1 missing in\n%2").arg(QString::fromLatin1(k), QString::fromLatin1(r.raw.left(800)))));
        QCOMPARE(r.header(k), v);
    }
    for (const QByteArray& k : expect.absentHeaders)
        QVERIFY2(!r.hasHeader(k), qPrintable(QStringLiteral("unexpected header %1").arg(QString::fromLatin1(k))));
    if (expect.closes >= 0)
        QCOMPARE(r.closedByServer, expect.closes == 1);
}

void TestStubConformance::anonymousRateLimitPerRequest_data()
{
    QTest::addColumn<QString>("profile");
    QTest::newRow("§3.6 7.15") << "7.15";
    QTest::newRow("§3.6 8.19") << "8.19";
}

void TestStubConformance::anonymousRateLimitPerRequest()
{
    // event_limit 1 ⇒ burst 3: one token per request, the batch then takes one per event.
    QFETCH(QString, profile);
    Server s = startServer(profile, QStringLiteral("ratelimit"));
    const QByteArray req = buildRequest("POST", "/intake/v2/rum/events",
                                        {{"Content-Type", "application/x-ndjson"}, {"Origin", "http://localhost:3000"}},
                                        ndjson({kRumMeta}));
    QList<int> statuses;
    for (int i = 0; i < 5; ++i)
        statuses << TestSupport::rawRequest(s.port, req).status;
    QCOMPARE(statuses.mid(0, 3), (QList<int>{202, 202, 202}));
    const RawResponse last = TestSupport::rawRequest(s.port, req);
    QCOMPARE(last.status, 429);
    QCOMPARE(last.body, errorBody("too many requests: rate limit exceeded"));
}

void TestStubConformance::credentialsAreNotRateLimited()
{
    Server s = startServer(QStringLiteral("8.19"), QStringLiteral("ratelimit"));
    const QByteArray req = buildRequest("POST", "/intake/v2/rum/events",
                                        {{"Content-Type", "application/x-ndjson"}, {"Origin", "http://localhost:3000"},
                                         {"Authorization", "Bearer " + kToken}},
                                        ndjson({kRumMeta, kTx, kTx, kTx, kTx, kTx}));
    for (int i = 0; i < 8; ++i)
        QCOMPARE(TestSupport::rawRequest(s.port, req).status, 202);
}

void TestStubConformance::forwardedHeadersSelectTheLimiter()
{
    // §3.6: X-Forwarded-For is trusted as-is, so each client IP gets its own bucket.
    Server s = startServer(QStringLiteral("8.19"), QStringLiteral("ratelimit"));
    for (int ip = 1; ip <= 3; ++ip) {
        const QByteArray req = buildRequest("POST", "/intake/v2/rum/events",
                                            {{"Content-Type", "application/x-ndjson"},
                                             {"X-Forwarded-For", "203.0.113." + QByteArray::number(ip)}},
                                            ndjson({kRumMeta}));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(TestSupport::rawRequest(s.port, req).status, 202);
        QCOMPARE(TestSupport::rawRequest(s.port, req).status, 429);
    }
}

void TestStubConformance::apiKeyCacheAndLimit()
{
    // §3.4: the cache is per key ID for a minute, negative answers included, and the secret is
    // not re-checked; with limit 1 a second distinct ID gets 503.
    Server s = startServer(QStringLiteral("8.19"), QStringLiteral("apikey-limit"));
    auto req = [&](const QByteArray& creds) {
        return substitute(buildRequest("POST", "/intake/v2/events",
                                       {{"Content-Type", "application/x-ndjson"}, {"Authorization", "ApiKey " + creds}},
                                       ndjson({kNodeMeta, kTx})));
    };
    QCOMPARE(TestSupport::rawRequest(s.port, req("$KEY_ALL")).status, 202);
    QCOMPARE(TestSupport::rawRequest(s.port, req("$KEY_WRONGSECRET")).status, 202); // cached ID
    const RawResponse limited = TestSupport::rawRequest(s.port, req("$KEY_EVENT"));
    QCOMPARE(limited.status, 503);
    QCOMPARE(limited.body, errorBody("service unavailable"));
}

void TestStubConformance::keepAliveAndPipelining()
{
    Server s = startServer(QStringLiteral("7.15"), QStringLiteral("token"));
    const QByteArray a = buildRequest("GET", "/", {{"Authorization", "Bearer " + kToken}});
    const QByteArray b = buildRequest("POST", "/intake/v2/events",
                                      {{"Content-Type", "application/x-ndjson"}, {"Authorization", "Bearer " + kToken}},
                                      ndjson({kNodeMeta, kTx}));
    // Keep-alive: three requests, one after the other, on one connection.
    const QList<RawResponse> seq = TestSupport::rawRequests(s.port, {a, b, a});
    QCOMPARE(seq.size(), 3);
    QCOMPARE(seq.at(0).status, 200);
    QCOMPARE(seq.at(1).status, 202);
    QCOMPARE(seq.at(2).status, 200);
    QVERIFY(!seq.at(2).closedByServer);
    // Pipelining: both requests in one write; answers come in order.
    const QList<RawResponse> piped = TestSupport::rawRequests(s.port, {a + b + a});
    QVERIFY(!piped.isEmpty());
    QCOMPARE(piped.at(0).status, 200);
}

void TestStubConformance::chunkedGzipBody()
{
    // The Node.js agent streams a chunked gzip body (real-agents.md §1).
    Server s = startServer(QStringLiteral("8.19"), QStringLiteral("token"));
    const QByteArray body = TestSupport::gzip(ndjson({kNodeMeta, kTx, kTx}));
    QByteArray req = "POST /intake/v2/events?verbose HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + kToken +
                     "\r\nContent-Type: application/x-ndjson\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (qsizetype i = 0; i < body.size(); i += 7) {
        const QByteArray chunk = body.mid(i, 7);
        req += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
    }
    req += "0\r\n\r\n";
    const RawResponse r = TestSupport::rawRequest(s.port, req);
    QCOMPARE(r.status, 202);
    QCOMPARE(r.body, QByteArray("{\"accepted\":2}\n"));
}

void TestStubConformance::everyResponseHasNosniff()
{
    // §1: every APM Server answer carries X-Content-Type-Options: nosniff.
    Server s = startServer(QStringLiteral("8.19"), QStringLiteral("full"));
    for (const QByteArray& target : {QByteArray("/"), QByteArray("/nope"), QByteArray("/config/v1/agents"),
                                     QByteArray("/intake/v2/events")}) {
        const RawResponse r = TestSupport::rawRequest(s.port, buildRequest("GET", target));
        QCOMPARE(r.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QVERIFY(r.hasHeader("Date"));
    }
}

void TestStubConformance::workersShareTheRateLimiter_data()
{
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("clients");
    QTest::newRow("§3.6 one loop, 12 concurrent clients") << 1 << 12;
    QTest::newRow("§3.6 two worker threads, 12 concurrent clients") << 2 << 12;
    QTest::newRow("§3.6 four worker threads, 24 concurrent clients") << 4 << 24;
}

void TestStubConformance::workersShareTheRateLimiter()
{
    // GIVEN event_limit 1 (burst 3) and a clock that stands still (no refill), served by N event loops
    QFETCH(int, workers);
    QFETCH(int, clients);
    const auto frozen = std::chrono::steady_clock::now();
    Server s = startServer(QStringLiteral("8.19"), QStringLiteral("ratelimit"), workers, [frozen] { return frozen; });
    QCOMPARE(s.server->workerCount(), workers);
    int logged = 0;
    connect(s.server.get(), &IntakeServer::requestLogged, this, [&logged] { ++logged; });
    // WHEN many clients from one IP send an anonymous request at the same time (and one authenticated)
    const QByteArray anonymous = buildRequest("POST", "/intake/v2/rum/events",
                                              {{"Content-Type", "application/x-ndjson"}, {"Origin", "http://localhost:3000"}},
                                              ndjson({kRumMeta}));
    const QByteArray withToken = buildRequest("POST", "/intake/v2/events",
                                              {{"Content-Type", "application/x-ndjson"}, {"Authorization", "Bearer " + kToken}},
                                              ndjson({kNodeMeta, kTx}));
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i <= clients; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, s.port);
        sockets.push_back(std::move(socket));
    }
    for (auto& socket : sockets)
        QVERIFY(socket->waitForConnected(5000));
    for (int i = 0; i <= clients; ++i)
        sockets[size_t(i)]->write(i == clients ? withToken : anonymous);
    auto statusOf = [](QTcpSocket* socket) { return socket->peek(12).mid(9, 3).toInt(); };
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(sockets.begin(), sockets.end(),
                                         [](const auto& socket) {
                                             return socket->bytesAvailable() > 0 && socket->peek(4096).contains("\r\n\r\n");
                                         }),
                             10000);
    // THEN the one shared limiter let exactly the burst through, whichever loop served a client
    QList<int> statuses;
    for (int i = 0; i < clients; ++i)
        statuses << statusOf(sockets[size_t(i)].get());
    QCOMPARE(statuses.count(202), 3);
    QCOMPARE(statuses.count(429), clients - 3);
    QCOMPARE(statusOf(sockets.back().get()), 202); // credentials are not rate limited
    // and every request reached this thread's log consumer
    QTRY_COMPARE(logged, clients + 1);
}

QTEST_GUILESS_MAIN(TestStubConformance)
#include "tst_stubconformance.moc"
