// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/SettingsSchema.h"

#include <QCoreApplication>

#include <algorithm>

namespace Config {

#define GK_FIELD(T, member) static_cast<FieldRef<T>>([](ServerSettings& s) -> std::optional<T>& { return s.member; })

QString KeyInfo::helpText() const
{
    return QCoreApplication::translate("Config::Schema", help);
}

const QList<KeyInfo>& settingsSchema()
{
    using V = ValueType;
    static const QList<KeyInfo> table = {
        {QStringLiteral("host"), V::String, QStringLiteral("localhost:8200"), QStringLiteral("127.0.0.1:8200"),
         QStringLiteral("§7"), QT_TRANSLATE_NOOP("Config::Schema", "Address and port APM Server listens on."),
         GK_FIELD(QString, host)},
        {QStringLiteral("max_header_size"), V::Int, QStringLiteral("1048576"), QStringLiteral("1048576"),
         QStringLiteral("§4.1"),
         QT_TRANSLATE_NOOP("Config::Schema", "Largest request header block accepted; larger ones get 431."),
         GK_FIELD(qint64, maxHeaderSize)},
        {QStringLiteral("idle_timeout"), V::Timespan, QStringLiteral("45s"), QStringLiteral("45s"),
         QStringLiteral("§4.1"), QT_TRANSLATE_NOOP("Config::Schema", "How long an idle keep-alive connection stays open."),
         GK_FIELD(Duration, idleTimeout)},
        {QStringLiteral("read_timeout"), V::Timespan, QStringLiteral("30s"), QStringLiteral("30s"),
         QStringLiteral("§4.1"), QT_TRANSLATE_NOOP("Config::Schema", "Longest time to read a whole request, body included."),
         GK_FIELD(Duration, readTimeout)},
        {QStringLiteral("write_timeout"), V::Timespan, QStringLiteral("30s"), QStringLiteral("30s"),
         QStringLiteral("§4.1"), QT_TRANSLATE_NOOP("Config::Schema", "Longest time to write a response."),
         GK_FIELD(Duration, writeTimeout)},
        {QStringLiteral("shutdown_timeout"), V::Timespan, QStringLiteral("5s"), QStringLiteral("30s"),
         QStringLiteral("§7"), QT_TRANSLATE_NOOP("Config::Schema", "How long in-flight requests may finish on shutdown."),
         GK_FIELD(Duration, shutdownTimeout)},
        {QStringLiteral("max_event_size"), V::Int, QStringLiteral("307200"), QStringLiteral("307200"),
         QStringLiteral("§4.1"), QT_TRANSLATE_NOOP("Config::Schema", "Largest single NDJSON event line, in bytes."),
         GK_FIELD(qint64, maxEventSize)},
        {QStringLiteral("max_connections"), V::Int, QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("§4.1"),
         QT_TRANSLATE_NOOP("Config::Schema", "Simultaneous connections; further ones wait (0 = unlimited)."),
         GK_FIELD(qint64, maxConnections)},
        {QStringLiteral("response_headers"), V::Headers, {}, {}, QStringLiteral("§1"),
         QT_TRANSLATE_NOOP("Config::Schema", "Headers added to every response of the agent endpoints."),
         GK_FIELD(HeaderMap, responseHeaders)},
        {QStringLiteral("capture_personal_data"), V::Bool, QStringLiteral("true"), QStringLiteral("true"),
         QStringLiteral("§2"), QT_TRANSLATE_NOOP("Config::Schema", "Record client IP and user agent with events."),
         GK_FIELD(bool, capturePersonalData)},
        {QStringLiteral("default_service_environment"), V::String, {}, {}, QStringLiteral("§7"),
         QT_TRANSLATE_NOOP("Config::Schema", "Environment recorded for events that name none."),
         GK_FIELD(QString, defaultServiceEnvironment)},
        {QStringLiteral("expvar.enabled"), V::Bool, QStringLiteral("false"), QStringLiteral("false"),
         QStringLiteral("§2"), QT_TRANSLATE_NOOP("Config::Schema", "Expose /debug/vars without authentication."),
         GK_FIELD(bool, expvarEnabled)},
        {QStringLiteral("pprof.enabled"), V::Bool, QStringLiteral("false"), QStringLiteral("false"),
         QStringLiteral("§2"), QT_TRANSLATE_NOOP("Config::Schema", "Expose /debug/pprof without authentication."),
         GK_FIELD(bool, pprofEnabled)},

        // --- auth (§3)
        {QStringLiteral("auth.secret_token"), V::String, {}, {}, QStringLiteral("§3.1"),
         QT_TRANSLATE_NOOP("Config::Schema", "Shared secret agents send as \"Authorization: Bearer <token>\"."),
         GK_FIELD(QString, auth.secretToken), Availability::Both, {}, true},
        {QStringLiteral("auth.api_key.enabled"), V::Bool, QStringLiteral("false"), QStringLiteral("false"),
         QStringLiteral("§3.4"),
         QT_TRANSLATE_NOOP("Config::Schema", "Accept \"Authorization: ApiKey base64(id:key)\" checked against Elasticsearch."),
         GK_FIELD(bool, auth.apiKeyEnabled)},
        {QStringLiteral("auth.api_key.limit"), V::Int, QStringLiteral("100"), QStringLiteral("100"),
         QStringLiteral("§3.4"),
         QT_TRANSLATE_NOOP("Config::Schema", "Distinct API key IDs cached per minute; more answer 503."),
         GK_FIELD(qint64, auth.apiKeyLimit)},
        {QStringLiteral("auth.anonymous.enabled"), V::Bool, {}, {}, QStringLiteral("§3.5"),
         QT_TRANSLATE_NOOP("Config::Schema", "Allow requests without credentials (for the RUM agent), restricted by the allow-lists."),
         GK_FIELD(bool, auth.anonymousEnabled)},
        {QStringLiteral("auth.anonymous.allow_agent"), V::StringList, QStringLiteral("[rum-js, js-base]"),
         QStringLiteral("[rum-js, js-base]"), QStringLiteral("§3.5"),
         QT_TRANSLATE_NOOP("Config::Schema", "Agent names allowed anonymous access (exact match)."),
         GK_FIELD(QStringList, auth.allowAgent)},
        {QStringLiteral("auth.anonymous.allow_service"), V::StringList, QStringLiteral("[]"), QStringLiteral("[]"),
         QStringLiteral("§3.5"),
         QT_TRANSLATE_NOOP("Config::Schema", "Service names allowed anonymous access (empty = any)."),
         GK_FIELD(QStringList, auth.allowService)},
        {QStringLiteral("auth.anonymous.rate_limit.ip_limit"), V::Int, QStringLiteral("1000"), QStringLiteral("1000"),
         QStringLiteral("§3.6"),
         QT_TRANSLATE_NOOP("Config::Schema", "How many client IPs get their own anonymous rate limiter."),
         GK_FIELD(qint64, auth.ipLimit)},
        {QStringLiteral("auth.anonymous.rate_limit.event_limit"), V::Int, QStringLiteral("300"),
         QStringLiteral("300"), QStringLiteral("§3.6"),
         QT_TRANSLATE_NOOP("Config::Schema", "Anonymous events per second per client IP (burst three times that)."),
         GK_FIELD(qint64, auth.eventLimit)},

        // --- ssl (§5)
        {QStringLiteral("ssl.enabled"), V::Bool, {}, {}, QStringLiteral("§5"),
         QT_TRANSLATE_NOOP("Config::Schema", "TLS on or off; any other ssl key turns TLS on unless this is false."),
         GK_FIELD(bool, ssl.enabled)},
        {QStringLiteral("ssl.certificate"), V::String, {}, {}, QStringLiteral("§5"),
         QT_TRANSLATE_NOOP("Config::Schema", "PEM file with the server certificate (and its chain)."),
         GK_FIELD(QString, ssl.certificate)},
        {QStringLiteral("ssl.key"), V::String, {}, {}, QStringLiteral("§5"),
         QT_TRANSLATE_NOOP("Config::Schema", "PEM file with the server's private key."), GK_FIELD(QString, ssl.key)},
        {QStringLiteral("ssl.key_passphrase"), V::String, {}, {}, QStringLiteral("§5"),
         QT_TRANSLATE_NOOP("Config::Schema", "Passphrase of an encrypted key; keep it in the keystore."),
         GK_FIELD(QString, ssl.keyPassphrase), Availability::Both, {}, true},
        {QStringLiteral("ssl.certificate_authorities"), V::StringList, QStringLiteral("[]"), QStringLiteral("[]"),
         QStringLiteral("§5"),
         QT_TRANSLATE_NOOP("Config::Schema", "CAs that verify agents' client certificates; setting it makes them required."),
         GK_FIELD(QStringList, ssl.certificateAuthorities)},
        {QStringLiteral("ssl.client_authentication"), V::String, QStringLiteral("none"), QStringLiteral("none"),
         QStringLiteral("§5"),
         QT_TRANSLATE_NOOP("Config::Schema", "Whether agents must present a client certificate: none, optional or required."),
         GK_FIELD(QString, ssl.clientAuthentication), Availability::Both, {}, false,
         {QStringLiteral("none"), QStringLiteral("optional"), QStringLiteral("required")}},
        {QStringLiteral("ssl.supported_protocols"), V::StringList, QStringLiteral("[TLSv1.1, TLSv1.2, TLSv1.3]"),
         QStringLiteral("[TLSv1.1, TLSv1.2, TLSv1.3]"), QStringLiteral("§5"),
         QT_TRANSLATE_NOOP("Config::Schema", "TLS versions the server accepts."),
         GK_FIELD(QStringList, ssl.supportedProtocols)},
        {QStringLiteral("ssl.cipher_suites"), V::StringList, QStringLiteral("[]"), QStringLiteral("[]"),
         QStringLiteral("§5"),
         QT_TRANSLATE_NOOP("Config::Schema", "TLS 1.2 cipher suites by Go name (empty = Go's defaults)."),
         GK_FIELD(QStringList, ssl.cipherSuites)},
        {QStringLiteral("ssl.curve_types"), V::StringList, QStringLiteral("[]"), QStringLiteral("[]"),
         QStringLiteral("§5"), QT_TRANSLATE_NOOP("Config::Schema", "ECDHE curves (P-256, P-384, P-521, X25519)."),
         GK_FIELD(QStringList, ssl.curveTypes)},
        {QStringLiteral("ssl.verification_mode"), V::String, QStringLiteral("full"), QStringLiteral("full"),
         QStringLiteral("§5"), QT_TRANSLATE_NOOP("Config::Schema", "Client certificate verification (undocumented on the server)."),
         GK_FIELD(QString, ssl.verificationMode), Availability::Both, {}, false,
         {QStringLiteral("full"), QStringLiteral("strict"), QStringLiteral("certificate"), QStringLiteral("none")}},

        // --- rum (§3.7, §3.8)
        {QStringLiteral("rum.enabled"), V::Bool, QStringLiteral("false"), QStringLiteral("false"),
         QStringLiteral("§3.8"), QT_TRANSLATE_NOOP("Config::Schema", "Accept events from the browser (RUM) agent."),
         GK_FIELD(bool, rum.enabled)},
        {QStringLiteral("rum.allow_origins"), V::StringList, QStringLiteral("['*']"), QStringLiteral("['*']"),
         QStringLiteral("§3.7"),
         QT_TRANSLATE_NOOP("Config::Schema", "Origins (scheme://host[:port], * globs) allowed to send RUM events."),
         GK_FIELD(QStringList, rum.allowOrigins)},
        {QStringLiteral("rum.allow_headers"), V::StringList, QStringLiteral("[]"), QStringLiteral("[]"),
         QStringLiteral("§3.7"),
         QT_TRANSLATE_NOOP("Config::Schema", "Extra request headers allowed in CORS preflights."),
         GK_FIELD(QStringList, rum.allowHeaders)},
        {QStringLiteral("rum.response_headers"), V::Headers, {}, {}, QStringLiteral("§1"),
         QT_TRANSLATE_NOOP("Config::Schema", "Headers added to RUM endpoint responses."),
         GK_FIELD(HeaderMap, rum.responseHeaders)},
        {QStringLiteral("rum.library_pattern"), V::String, QStringLiteral("node_modules|bower_components|~"),
         QStringLiteral("node_modules|bower_components|~"), QStringLiteral("§7"),
         QT_TRANSLATE_NOOP("Config::Schema", "Stack frames matching this are marked as library code."),
         GK_FIELD(QString, rum.libraryPattern)},
        {QStringLiteral("rum.exclude_from_grouping"), V::String, QStringLiteral("^/webpack"),
         QStringLiteral("^/webpack"), QStringLiteral("§7"),
         QT_TRANSLATE_NOOP("Config::Schema", "Stack frames matching this are ignored when grouping errors."),
         GK_FIELD(QString, rum.excludeFromGrouping)},
        {QStringLiteral("rum.source_mapping.enabled"), V::Bool, QStringLiteral("true"), QStringLiteral("true"),
         QStringLiteral("§2"), QT_TRANSLATE_NOOP("Config::Schema", "Apply uploaded source maps to RUM stack traces."),
         GK_FIELD(bool, rum.sourceMappingEnabled)},

        {QStringLiteral("kibana.enabled"), V::Bool, QStringLiteral("false"), QStringLiteral("false"),
         QStringLiteral("§3.8"),
         QT_TRANSLATE_NOOP("Config::Schema", "Connect to Kibana (7.15: required for agent central configuration)."),
         GK_FIELD(bool, kibanaEnabled)},
        {QStringLiteral("agent.config.cache.expiration"), V::Timespan, QStringLiteral("30s"), QStringLiteral("30s"),
         QStringLiteral("§2"),
         QT_TRANSLATE_NOOP("Config::Schema", "How long agents cache central configuration (Cache-Control max-age)."),
         GK_FIELD(Duration, agentConfigCacheExpiration)},
        {QStringLiteral("data_streams.enabled"), V::Bool, QStringLiteral("false"), QStringLiteral("true"),
         QStringLiteral("§3.8"), QT_TRANSLATE_NOOP("Config::Schema", "Write to data streams (7.15: disables sourcemap upload)."),
         GK_FIELD(bool, dataStreamsEnabled)},

        // --- 7.15 deprecated keys (§7, §8)
        {QStringLiteral("secret_token"), V::String, {}, {}, QStringLiteral("§8"),
         QT_TRANSLATE_NOOP("Config::Schema", "Deprecated in 7.x, removed in 8.0: use auth.secret_token."),
         GK_FIELD(QString, deprecated.secretToken), Availability::Removed8, QStringLiteral("auth.secret_token"), true},
        {QStringLiteral("api_key.enabled"), V::Bool, {}, {}, QStringLiteral("§8"),
         QT_TRANSLATE_NOOP("Config::Schema", "Deprecated in 7.x, removed in 8.0: use auth.api_key.enabled."),
         GK_FIELD(bool, deprecated.apiKeyEnabled), Availability::Removed8, QStringLiteral("auth.api_key.enabled")},
        {QStringLiteral("api_key.limit"), V::Int, {}, {}, QStringLiteral("§8"),
         QT_TRANSLATE_NOOP("Config::Schema", "Deprecated in 7.x, removed in 8.0: use auth.api_key.limit."),
         GK_FIELD(qint64, deprecated.apiKeyLimit), Availability::Removed8, QStringLiteral("auth.api_key.limit")},
        {QStringLiteral("rum.event_rate.limit"), V::Int, {}, {}, QStringLiteral("§8"),
         QT_TRANSLATE_NOOP("Config::Schema", "Deprecated in 7.x, removed in 8.0: use auth.anonymous.rate_limit.event_limit."),
         GK_FIELD(qint64, deprecated.eventRateLimit), Availability::Removed8,
         QStringLiteral("auth.anonymous.rate_limit.event_limit")},
        {QStringLiteral("rum.event_rate.lru_size"), V::Int, {}, {}, QStringLiteral("§8"),
         QT_TRANSLATE_NOOP("Config::Schema", "Deprecated in 7.x, removed in 8.0: use auth.anonymous.rate_limit.ip_limit."),
         GK_FIELD(qint64, deprecated.eventRateLruSize), Availability::Removed8,
         QStringLiteral("auth.anonymous.rate_limit.ip_limit")},
        {QStringLiteral("rum.allow_service_names"), V::StringList, {}, {}, QStringLiteral("§8"),
         QT_TRANSLATE_NOOP("Config::Schema", "Deprecated in 7.x, removed in 8.0: use auth.anonymous.allow_service."),
         GK_FIELD(QStringList, deprecated.allowServiceNames), Availability::Removed8,
         QStringLiteral("auth.anonymous.allow_service")},
    };
    return table;
}

#undef GK_FIELD

const KeyInfo* findKey(const QString& key)
{
    QString k = key;
    if (k.startsWith(QLatin1String("apm-server.")))
        k = k.mid(11);
    const auto& table = settingsSchema();
    const auto it = std::find_if(table.begin(), table.end(), [&](const KeyInfo& info) { return info.key == k; });
    return it == table.end() ? nullptr : &*it;
}

namespace {

// Keys APM Server 7.15/8.19 accept that the product passes through untouched (prefixes).
const QStringList& unmanagedPrefixes()
{
    static const QStringList prefixes = {
        QStringLiteral("expvar.url"), QStringLiteral("pprof."), QStringLiteral("register.ingest.pipeline"),
        QStringLiteral("rum.source_mapping."), QStringLiteral("rum.event_rate."), QStringLiteral("kibana."),
        QStringLiteral("agent.config."), QStringLiteral("auth.api_key.elasticsearch"),
        QStringLiteral("api_key.elasticsearch"), QStringLiteral("ilm."), QStringLiteral("jaeger."),
        QStringLiteral("sampling."), QStringLiteral("aggregation."), QStringLiteral("data_streams."),
        QStringLiteral("instrumentation."), QStringLiteral("max_concurrent_decoders"),
        QStringLiteral("java_attacher."), QStringLiteral("tail_sampling."), QStringLiteral("ssl.renegotiation"),
        QStringLiteral("ssl.ca_sha256"), QStringLiteral("ssl.ca_trusted_fingerprint"), QStringLiteral("storage."),
        QStringLiteral("output."),
        QStringLiteral("mode"), QStringLiteral("profiling."), QStringLiteral("agent_config."),
    };
    return prefixes;
}

int levenshtein(const QString& a, const QString& b)
{
    QList<int> prev(b.size() + 1), cur(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        prev[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int cost = a.at(i - 1) == b.at(j - 1) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace

bool isKnownUnmanagedKey(const QString& relativeKey)
{
    for (const QString& p : unmanagedPrefixes()) {
        if (relativeKey == p || relativeKey.startsWith(p) ||
            (p.endsWith(QLatin1Char('.')) && relativeKey == p.chopped(1)))
            return true;
    }
    return false;
}

QStringList suggestKeys(const QString& relativeKey, int max)
{
    QList<QPair<int, QString>> scored;
    for (const KeyInfo& info : settingsSchema()) {
        // Compare the whole key and the last segment, so "auth.secret_tokn" and "secrettoken" both match.
        const int whole = levenshtein(relativeKey, info.key);
        const int leaf = levenshtein(relativeKey.section(QLatin1Char('.'), -1), info.key.section(QLatin1Char('.'), -1)) +
                         (relativeKey.count(QLatin1Char('.')) == info.key.count(QLatin1Char('.')) ? 0 : 2);
        scored.append({std::min(whole, leaf), info.key});
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    QStringList out;
    const int threshold = std::max(2, int(relativeKey.size() / 3));
    for (const auto& [score, key] : scored) {
        if (score > threshold || out.size() >= max)
            break;
        out << key;
    }
    return out;
}

} // namespace Config
