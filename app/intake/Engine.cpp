// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// APM Server's request pipeline, per profile. Every status, body and header here copies
// reference/apm-server-behaviour.md; the section is cited where each is produced. The rules
// themselves (who is anonymous, which origin passes, …) come from app/config.
#include "intake/Engine.h"

#include "config/AccessRules.h"
#include "apikeys/Credentials.h"
#include "intake/Credentials.h"
#include "intake/GoJson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <openssl/crypto.h>

namespace Intake {

using Config::Privilege;
using Config::Profile;

namespace {

const char* const kExpected =
    "expected 'Authorization: Bearer secret_token' or 'Authorization: ApiKey base64(API key ID:API key)'";
const char* const kRumDisabled =
    "RUM endpoint is disabled. Configure the `apm-server.rum` section in apm-server.yml to enable ingestion of RUM "
    "events. If you are not using the RUM agent, you can safely ignore this error.";
const char* const kAgentConfigDisabled =
    "Agent remote configuration is disabled. Configure the `apm-server.kibana` section in apm-server.yml to enable "
    "it. If you are using a RUM agent, you also need to configure the `apm-server.rum` section. If you are not using "
    "remote configuration, you can safely ignore this error.";
const char* const kSourcemapDisabled =
    "Sourcemap upload endpoint is disabled. Configure the `apm-server.rum` section in apm-server.yml to enable "
    "sourcemap uploads. If you are not using the RUM agent, you can safely ignore this error.";
const char* const kSourcemapFleet =
    "When APM Server is managed by Fleet, Sourcemaps must be uploaded directly to Elasticsearch.";
constexpr qsizetype kMaxSmallBody = 8 * 1024 * 1024; // agent config POST, sourcemaps

// Go's path.Clean plus ServeMux's "keep the trailing slash" (§2: unclean paths get a 301).
QByteArray cleanPath(const QByteArray& p)
{
    if (p.isEmpty())
        return "/";
    // Already clean (every agent's path): no "//", "." or ".." segment.
    if (p.startsWith('/') && !p.contains("//") && !p.contains("/./") && !p.contains("/../") && !p.endsWith("/.") &&
        !p.endsWith("/.."))
        return p;
    QByteArray path = p.startsWith('/') ? p : "/" + p;
    QList<QByteArray> out;
    for (const QByteArray& seg : path.split('/')) {
        if (seg.isEmpty() || seg == ".")
            continue;
        if (seg == "..") {
            if (!out.isEmpty())
                out.removeLast();
            continue;
        }
        out.append(seg);
    }
    QByteArray cleaned = "/" + out.join('/');
    if (path.endsWith('/') && cleaned != "/")
        cleaned += '/';
    return cleaned;
}

QString agentFromUserAgent(const QByteArray& ua)
{
    // "apm-agent-nodejs/4.18.0 (svc 1.0.0)" → "nodejs"; "elasticapm-python/6.0" → "python".
    const QString s = QString::fromLatin1(ua).section(QLatin1Char('/'), 0, 0);
    if (s.startsWith(QLatin1String("apm-agent-")))
        return s.mid(10);
    if (s.startsWith(QLatin1String("elasticapm-")))
        return s.mid(11);
    if (s.startsWith(QLatin1String("elastic-apm-")))
        return s.mid(12);
    return {};
}

} // namespace

// --- RequestHead

RequestHead RequestHead::from(const HttpRequest& request, const QString& peerAddress)
{
    RequestHead head;
    head.method = request.method();
    head.path = request.path();
    head.rawQuery = request.rawQuery();
    for (const auto& h : request.headers())
        head.headers.append({h.name, h.value});
    head.peerAddress = peerAddress;
    head.closeRequested = !request.keepAlive();
    return head;
}

QByteArray RequestHead::header(const QByteArray& name) const
{
    for (const auto& [k, v] : headers) {
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v.trimmed();
    }
    return {};
}

bool RequestHead::hasQueryItem(const QString& key) const
{
    if (rawQuery.isEmpty())
        return false;
    return QUrlQuery(QString::fromUtf8(rawQuery)).hasQueryItem(key);
}

QString RequestHead::queryItem(const QString& key) const
{
    QUrlQuery q;
    q.setQuery(QString::fromUtf8(rawQuery));
    return q.queryItemValue(key, QUrl::FullyDecoded);
}

// --- Engine

Engine::Engine(Options options)
    : m_options(std::move(options)), m_secretToken(m_options.secretToken.toUtf8()),
      m_rateLimits(int(m_options.effective.ipLimit.value), int(m_options.effective.eventLimit.value), m_options.clock),
      m_apiKeyCache(m_options.apiKeys, int(m_options.effective.apiKeyLimit.value), m_options.clock)
{
    if (!m_options.agentConfig)
        m_options.agentConfig = std::make_shared<AgentConfigStore>();
}

QString Engine::version() const
{
    return Config::profileVersion(m_options.effective.profile);
}

// --- Exchange

Exchange::Exchange(Engine& engine, RequestHead head)
    : m_engine(engine), m_e(engine.effective()), m_detailed(engine.options().detailedLog), m_head(std::move(head))
{
    m_log.time = QDateTime::currentDateTimeUtc();
    m_log.peer = m_head.peerAddress;
    m_log.client = m_head.peerAddress;
    m_log.clientSource = QStringLiteral("peer address");
    m_log.method = QString::fromLatin1(m_head.method);
    m_log.target = QString::fromLatin1(m_head.path + (m_head.rawQuery.isEmpty() ? QByteArray() : "?" + m_head.rawQuery));
    if (m_detailed) {
        for (const auto& [k, v] : m_head.headers)
            m_log.requestHeaders.append(
                {k, k.compare("Authorization", Qt::CaseInsensitive) == 0 ? redactAuthorization(v) : v});
    }
    m_log.agentName = agentFromUserAgent(m_head.header("User-Agent"));
    m_response.closeConnection = m_head.closeRequested;
}

bool Exchange::isIntake() const
{
    return m_endpoint == Endpoint::Intake || m_endpoint == Endpoint::RumIntakeV2 || m_endpoint == Endpoint::RumIntakeV3;
}

void Exchange::step(const QString& stage, const QString& outcome, const QString& rule, const QString& section)
{
    if (!m_detailed)
        return;
    m_log.trace.append({stage, outcome, rule, section});
}

bool Exchange::acceptsJson() const
{
    // §1: substring match on Accept.
    const QByteArray accept = m_head.header("Accept");
    return accept.contains("application/json") || accept.contains("*/*");
}

void Exchange::writeJson(int status, const GoJson& body)
{
    m_response.status = status;
    const bool pretty = acceptsJson();
    m_response.setHeader("Content-Type", pretty ? "application/json" : "text/plain; charset=utf-8");
    m_response.body = body.encode(pretty);
    m_responded = true;
}

void Exchange::respondError(int status, const QString& message, const QString& stage, const QString& rule,
                            const QString& section)
{
    step(stage, QStringLiteral("rejected %1").arg(status), rule, section);
    writeJson(status, GoJson(GoJson::Object{{QStringLiteral("error"), message}}));
    m_log.verdict = QStringLiteral("%1 %2 — %3").arg(status).arg(message, rule);
}

QString Exchange::batchPrefix() const
{
    // 8.12+ prefixes batch-level errors (§4.1, §8).
    return m_e.profile == Profile::V8_19 ? QStringLiteral("cannot handle stream: cannot process batch: ") : QString();
}

void Exchange::route()
{
    const bool v715 = m_e.profile == Profile::V7_15;
    const QByteArray clean = cleanPath(m_head.path);
    if (clean != m_head.path) {
        m_endpoint = Endpoint::Redirect;
        return;
    }
    const QByteArray& p = m_head.path;
    if (p == "/")
        m_endpoint = Endpoint::Root;
    else if (p == "/intake/v2/events")
        m_endpoint = Endpoint::Intake;
    else if (p == "/intake/v2/rum/events")
        m_endpoint = Endpoint::RumIntakeV2;
    else if (p == "/intake/v3/rum/events")
        m_endpoint = Endpoint::RumIntakeV3;
    else if (p == "/config/v1/agents")
        m_endpoint = Endpoint::AgentConfig;
    else if (p == "/config/v1/rum/agents")
        m_endpoint = Endpoint::RumAgentConfig;
    else if (v715 && p == "/assets/v1/sourcemaps")
        m_endpoint = Endpoint::Sourcemap;
    else if (v715 && p == "/intake/v2/profile")
        m_endpoint = Endpoint::Profile;
    else
        m_endpoint = Endpoint::NotFound;
}

Exchange::Next Exchange::begin()
{
    const bool v715 = m_e.profile == Profile::V7_15;
    route();
    m_log.endpoint = m_endpoint;

    if (m_endpoint == Endpoint::Redirect) {
        // Go's router answers unclean paths itself, before any APM Server middleware (§2).
        const QByteArray location = cleanPath(m_head.path) + (m_head.rawQuery.isEmpty() ? "" : "?" + m_head.rawQuery);
        m_response.status = 301;
        m_response.setHeader("Location", location);
        if (v715 && (m_head.method == "GET" || m_head.method == "HEAD")) {
            m_response.setHeader("Content-Type", "text/html; charset=utf-8");
            m_response.body = "<a href=\"" + location + "\">Moved Permanently</a>.\n\n";
        }
        step(QStringLiteral("router"), QStringLiteral("redirect 301"),
             QStringLiteral("Go's router redirects unclean paths (//, /./, /../) to their clean form"), QStringLiteral("§2"));
        m_log.verdict = QStringLiteral("301 to %1").arg(QString::fromLatin1(location));
        m_log.status = 301;
        m_log.response = m_response;
        m_responded = true;
        return Next::Respond;
    }

    m_response.setHeader("X-Content-Type-Options", "nosniff");
    if (m_endpoint == Endpoint::NotFound && !v715) {
        // 8.2+: gorilla/mux's not-found handler, no auth and no configured headers (§2, §8).
        respondError(404, QStringLiteral("404 page not found"), QStringLiteral("router"),
                     QStringLiteral("8.2+ answers unknown paths from a dedicated handler, without auth or configured "
                                    "response headers"),
                     QStringLiteral("§2"));
        finish();
        return Next::Respond;
    }
    if (m_detailed) // the common path builds no trace text nobody reads
        step(QStringLiteral("router"), endpointName(m_endpoint),
         m_endpoint == Endpoint::NotFound ? QStringLiteral("7.15 routes unknown paths through the root handler")
                                          : QStringLiteral("route %1").arg(QString::fromLatin1(m_head.path)),
         QStringLiteral("§2"));

    // response_headers, then rum.response_headers (§1).
    if (m_e.responseHeaders.value.size() || (isRumEndpoint(m_endpoint) && m_e.rumResponseHeaders.value.size())) {
        for (auto it = m_e.responseHeaders.value.cbegin(); it != m_e.responseHeaders.value.cend(); ++it)
            for (const QString& v : it.value())
                m_response.addHeader(it.key().toLatin1(), v.toUtf8());
        if (isRumEndpoint(m_endpoint))
            for (auto it = m_e.rumResponseHeaders.value.cbegin(); it != m_e.rumResponseHeaders.value.cend(); ++it)
                for (const QString& v : it.value())
                    m_response.addHeader(it.key().toLatin1(), v.toUtf8());
        step(QStringLiteral("response headers"), QStringLiteral("added"),
             QStringLiteral("apm-server.response_headers (and rum.response_headers on RUM routes) go on every response"),
             QStringLiteral("§1"));
    }

    if (isRumEndpoint(m_endpoint) && !runCors()) {
        finish();
        return Next::Respond;
    }

    const bool optionalAuth = m_endpoint == Endpoint::Root || m_endpoint == Endpoint::NotFound;
    if (!runAuth(!optionalAuth)) {
        finish();
        return Next::Respond;
    }
    if (optionalAuth) {
        if (m_endpoint == Endpoint::NotFound)
            respondError(404, QStringLiteral("404 page not found"), QStringLiteral("handler"),
                         QStringLiteral("no route matches this path"), QStringLiteral("§2"));
        else
            handleRoot();
        finish();
        return Next::Respond;
    }
    if (!runRateLimit() || !runKillSwitches()) {
        finish();
        return Next::Respond;
    }

    switch (m_endpoint) {
    case Endpoint::AgentConfig:
    case Endpoint::RumAgentConfig:
        if (m_head.method == "POST")
            return Next::ReadBody;
        handleAgentConfig();
        finish();
        return Next::Respond;
    case Endpoint::Sourcemap:
        handleSourcemap(false);
        if (m_responded) {
            finish();
            return Next::Respond;
        }
        return Next::ReadBody;
    case Endpoint::Profile:
        if (m_head.method != "POST") {
            respondIntakeError(IntakeError::Kind::MethodNotAllowed, QStringLiteral("only POST requests are supported"));
            finish();
            return Next::Respond;
        }
        return Next::ReadBody;
    default:
        prepareIntake();
        if (m_responded) {
            finish();
            return Next::Respond;
        }
        return Next::ReadBody;
    }
}

bool Exchange::runCors()
{
    // §3.7: before auth and before the RUM kill switch.
    const QString origin = QString::fromUtf8(m_head.header("Origin"));
    const bool allowed = Config::originAllowed(m_e, origin);
    const QString globs = QLatin1Char('[') + m_e.allowOrigins.value.join(QStringLiteral(", ")) + QLatin1Char(']');
    if (m_head.method == "OPTIONS") {
        if (allowed)
            m_response.setHeader("Access-Control-Allow-Origin", origin.toUtf8());
        m_response.setHeader("Access-Control-Max-Age", "3600");
        m_response.setHeader("Vary", "Origin");
        m_response.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
        m_response.setHeader("Access-Control-Allow-Headers", Config::preflightAllowHeaders(m_e).toUtf8());
        m_response.setHeader("Access-Control-Expose-Headers", "Etag");
        m_response.setHeader("Content-Length", "0");
        m_response.status = 200;
        m_responded = true;
        const QString rule = allowed ? QStringLiteral("origin '%1' matches rum.allow_origins %2: the preflight echoes it")
                                           .arg(origin, globs)
                                     : QStringLiteral("origin '%1' does not match rum.allow_origins %2: 200 without "
                                                      "Access-Control-Allow-Origin, so the browser blocks the POST")
                                           .arg(origin, globs);
        step(QStringLiteral("CORS"), allowed ? QStringLiteral("preflight allowed") : QStringLiteral("preflight refused"),
             rule, QStringLiteral("§3.7"));
        m_log.verdict = QStringLiteral("200 preflight — ") + rule;
        return false;
    }
    if (!allowed) {
        respondError(403, QStringLiteral("forbidden request: origin: '%1' is not allowed").arg(origin),
                     QStringLiteral("CORS"),
                     QStringLiteral("origin '%1' does not match rum.allow_origins %2").arg(origin, globs),
                     QStringLiteral("§3.7"));
        return false;
    }
    m_response.setHeader("Access-Control-Allow-Origin", origin.toUtf8());
    step(QStringLiteral("CORS"), QStringLiteral("passed"),
         QStringLiteral("origin '%1' matches rum.allow_origins %2").arg(origin, globs), QStringLiteral("§3.7"));
    return true;
}

bool Exchange::runAuth(bool required)
{
    const bool v715 = m_e.profile == Profile::V7_15;
    const QString section31 = QStringLiteral("§3.1");
    if (!m_e.authRequired.value) {
        m_log.auth = AuthMethod::None;
        m_authenticated = true;
        m_privileges = {Privilege::EventWrite, Privilege::ConfigAgentRead, Privilege::SourcemapWrite};
        step(QStringLiteral("auth"), QStringLiteral("passed"), m_e.authRequired.rule, section31);
        return true;
    }
    // With optional auth (root, 7.15 unknown paths) a failure is not an answer of its own (§2).
    auto reject = [&](const QString& message, const QString& rule, const QString& section) {
        m_log.auth = AuthMethod::Failed;
        if (!required) {
            step(QStringLiteral("auth"), QStringLiteral("not authenticated (optional here)"), rule, section);
            return true;
        }
        respondError(401, message, QStringLiteral("auth"), rule, section);
        return false;
    };
    const AuthorizationHeader h = AuthorizationHeader::parse(m_head.header("Authorization"));
    if (h.scheme.isEmpty()) {
        if (m_e.anonymousEnabled.value) {
            m_log.auth = AuthMethod::Anonymous;
            step(QStringLiteral("auth"), QStringLiteral("anonymous"),
                 QStringLiteral("no credentials, and anonymous access is %1").arg(m_e.anonymousEnabled.rule),
                 QStringLiteral("§3.5"));
            return true;
        }
        return reject(QStringLiteral("authentication failed: missing or improperly formatted Authorization header: ") +
                          QLatin1String(kExpected),
                      QStringLiteral("no usable Authorization header (no space after the scheme counts as missing) "
                                     "and anonymous access is %1")
                          .arg(m_e.anonymousEnabled.rule),
                      QStringLiteral("§3.2, §3.3"));
    }
    if (h.scheme == "ApiKey") {
        if (!m_e.apiKeyEnabled.value)
            return reject(QStringLiteral("authentication failed"),
                          QStringLiteral("ApiKey sent but auth.api_key.enabled is off"), QStringLiteral("§3.1, §3.3"));
        // One decoder for the credentials, shared with `apikey verify` (§3.3).
        const auto creds = ApiKeys::Credentials::decode(h.token);
        if (!creds) {
            const bool encoding = creds.error().code == QLatin1String("apikeys.credentials.encoding");
            return reject(encoding && v715 ? QStringLiteral("authentication failed: ") + creds.error().detail
                                           : ApiKeys::Credentials::serverMessage(creds.error()),
                          encoding ? QStringLiteral("the ApiKey value is not standard base64 (padding required); agents "
                                                    "send it verbatim, so configure the encoded base64(id:api_key)")
                                   : QStringLiteral("the ApiKey value decodes but holds no ':' between ID and key"),
                          encoding ? QStringLiteral("§3.3, C22") : QStringLiteral("§3.3"));
        }
        const ApiKeyCache::Result r = m_engine.apiKeyCache().authenticate(creds->id(), creds->apiKey().view());
        const QString cacheNote =
            r.fromCache ? QStringLiteral(" (answer from the one-minute API-key cache for ID %1; the secret is not "
                                         "re-checked within that minute, as in APM Server)")
                              .arg(creds->id())
                        : QString();
        m_log.authDetail = QStringLiteral("key id %1%2").arg(creds->id(), r.fromCache ? QStringLiteral(", from cache") : QString());
        if (r.limitReached || r.answer.status == ApiKeyBackend::Status::Unavailable) {
            m_log.auth = AuthMethod::Failed;
            respondError(503, QStringLiteral("service unavailable"), QStringLiteral("auth"),
                         r.limitReached
                             ? QStringLiteral("api_key limit reached: %1 distinct key IDs are cached; raise "
                                              "apm-server.auth.api_key.limit")
                                   .arg(m_e.apiKeyLimit.value)
                             : QStringLiteral("the API key back end is unavailable: %1").arg(r.answer.detail),
                         QStringLiteral("§3.4"));
            return false;
        }
        if (r.answer.status == ApiKeyBackend::Status::Rejected || r.answer.privileges.isEmpty())
            return reject(QStringLiteral("authentication failed"),
                          (r.answer.privileges.isEmpty() && r.answer.status == ApiKeyBackend::Status::Valid
                               ? QStringLiteral("the API key has none of the apm application privileges")
                               : QStringLiteral("the API key was refused: %1").arg(r.answer.detail)) +
                              cacheNote,
                          QStringLiteral("§3.4"));
        m_log.auth = AuthMethod::ApiKey;
        m_authenticated = true;
        m_privileges = r.answer.privileges;
        QStringList names;
        for (Privilege p : {Privilege::EventWrite, Privilege::ConfigAgentRead, Privilege::SourcemapWrite})
            if (m_privileges.contains(p))
                names << Config::privilegeName(p);
        step(QStringLiteral("auth"), QStringLiteral("API key %1").arg(creds->id()),
             QStringLiteral("valid API key with %1").arg(names.join(QStringLiteral(", "))) + cacheNote,
             QStringLiteral("§3.4"));
        return true;
    }
    if (h.scheme == "Bearer") {
        const QByteArray& expected = m_engine.secretTokenBytes();
        // Constant-time comparison, as APM Server does (subtle.ConstantTimeCompare).
        const bool match = !expected.isEmpty() && expected.size() == h.token.size() &&
                           CRYPTO_memcmp(expected.constData(), h.token.constData(), size_t(expected.size())) == 0;
        if (!match)
            return reject(QStringLiteral("authentication failed"),
                          expected.isEmpty() ? QStringLiteral("Bearer sent but no secret token is configured")
                                             : QStringLiteral("the Bearer token does not match the secret token "
                                                              "(compare length and hash, watch for whitespace)"),
                          QStringLiteral("§3.3, C19"));
        m_log.auth = AuthMethod::SecretToken;
        m_authenticated = true;
        m_privileges = {Privilege::EventWrite, Privilege::ConfigAgentRead, Privilege::SourcemapWrite};
        step(QStringLiteral("auth"), QStringLiteral("secret token"), QStringLiteral("the Bearer token matches"),
             QStringLiteral("§3.1"));
        return true;
    }
    return reject(QStringLiteral("authentication failed: unknown Authentication header %1: ")
                          .arg(QString::fromLatin1(h.scheme)) +
                      QLatin1String(kExpected),
                  QStringLiteral("scheme '%1' is neither Bearer nor ApiKey (case-sensitive); there is no fallback to "
                                 "anonymous")
                      .arg(QString::fromLatin1(h.scheme)),
                  QStringLiteral("§3.2, §3.3"));
}

bool Exchange::runRateLimit()
{
    if (m_log.auth != AuthMethod::Anonymous)
        return true; // §3.6: only anonymous requests are limited
    QString source;
    const QString ip = clientIpFromHeaders(m_head.header("Forwarded"), m_head.header("X-Real-Ip"),
                                           m_head.header("X-Forwarded-For"), m_head.peerAddress, &source);
    m_log.client = ip;
    m_log.clientSource = source;
    const RateLimitStore::Lookup lookup = m_engine.rateLimits().forIp(ip);
    m_bucket = lookup.bucket;
    const QString evicted =
        lookup.reusedEvicted
            ? QStringLiteral("; the limiter store was full, so this IP took over the limiter of %1 with its state")
                  .arg(lookup.evictedIp)
            : QString();
    const QString limits = QStringLiteral("%1 (from %2), event_limit %3/s, burst %4")
                               .arg(ip, source)
                               .arg(m_e.eventLimit.value)
                               .arg(m_e.burst.value) +
                           evicted;
    if (!m_bucket->allow(m_engine.now())) {
        respondError(429, QStringLiteral("too many requests: rate limit exceeded"), QStringLiteral("rate limit"),
                     QStringLiteral("no token left for %1").arg(limits), QStringLiteral("§3.6"));
        return false;
    }
    step(QStringLiteral("rate limit"), QStringLiteral("token taken"),
         QStringLiteral("anonymous client had a token: %1").arg(limits), QStringLiteral("§3.6"));
    return true;
}

bool Exchange::runKillSwitches()
{
    if (isRumEndpoint(m_endpoint) && !m_e.rumEnabled.value) {
        respondError(403, QStringLiteral("forbidden request: ") + QLatin1String(kRumDisabled),
                     QStringLiteral("kill switch"), QStringLiteral("RUM is %1").arg(m_e.rumEnabled.rule),
                     QStringLiteral("§3.8, C30"));
        return false;
    }
    if ((m_endpoint == Endpoint::AgentConfig || m_endpoint == Endpoint::RumAgentConfig) && !m_e.agentConfigEnabled.value) {
        respondError(403, QStringLiteral("forbidden request: ") + QLatin1String(kAgentConfigDisabled),
                     QStringLiteral("kill switch"), m_e.agentConfigEnabled.rule, QStringLiteral("§3.8"));
        return false;
    }
    if (m_endpoint == Endpoint::Sourcemap && !m_e.sourcemapUploadEnabled.value) {
        const bool fleet = m_e.rumEnabled.value && m_e.dataStreamsEnabled.value;
        respondError(403, QStringLiteral("forbidden request: ") + QLatin1String(fleet ? kSourcemapFleet : kSourcemapDisabled),
                     QStringLiteral("kill switch"), m_e.sourcemapUploadEnabled.rule, QStringLiteral("§3.8"));
        return false;
    }
    return true;
}

void Exchange::handleRoot()
{
    // §2: full build information only for authenticated callers (or when no auth is configured).
    if (!m_authenticated) {
        m_response.status = 200;
        m_responded = true;
        step(QStringLiteral("handler"), QStringLiteral("200 empty"),
             QStringLiteral("the caller is not authenticated: 200 with an empty body (never 401 on /)"),
             QStringLiteral("§2"));
        m_log.verdict = QStringLiteral("200 empty body — not authenticated (optional auth on /)");
        return;
    }
    const bool v8 = m_e.profile == Profile::V8_19;
    GoJson::Object info{{QStringLiteral("build_date"), v8 ? QStringLiteral("2026-01-20T12:00:00Z")
                                                          : QStringLiteral("2021-11-04T09:22:47Z")},
                        {QStringLiteral("build_sha"), v8 ? QStringLiteral("de5a381fce0043bfe4d0eb9ec3fae0abd2b48209")
                                                         : QStringLiteral("0702551667e5319822d00dee613ea2a1501615bf")}};
    if (v8)
        info.append({QStringLiteral("publish_ready"), true});
    info.append({QStringLiteral("version"), m_engine.version()});
    writeJson(200, GoJson(info));
    step(QStringLiteral("handler"), QStringLiteral("200 server information"),
         m_log.auth == AuthMethod::None ? QStringLiteral("no auth configured: full server information")
                                        : QStringLiteral("authenticated: full server information"),
         QStringLiteral("§2"));
    m_log.verdict = QStringLiteral("200 server information (%1)").arg(authMethodName(m_log.auth));
}

void Exchange::handleAgentConfig()
{
    const bool anonymous = m_log.auth == AuthMethod::Anonymous;
    auto fail = [&](int status, const QString& full, const QString& shortMsg, const QString& rule) {
        // Handler errors carry the long cache header (§2) and shortened texts for anonymous callers (§3.5).
        m_response.setHeader("Cache-Control", "max-age=300, must-revalidate");
        respondError(status, anonymous ? shortMsg : full, QStringLiteral("handler"), rule, QStringLiteral("§2, §3.5"));
    };
    QString service, environment, etag;
    if (m_head.method == "GET") {
        service = m_head.queryItem(QStringLiteral("service.name"));
        environment = m_head.queryItem(QStringLiteral("service.environment"));
        etag = m_head.queryItem(QStringLiteral("ifnonematch"));
    } else if (m_head.method == "POST") {
        if (m_bodyTooLarge) {
            fail(400, QStringLiteral("request body too large"), QStringLiteral("invalid query"),
                 QStringLiteral("the query body is too large"));
            return;
        }
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(m_body, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
            fail(400, pe.error != QJsonParseError::NoError ? QStringLiteral("invalid character in request body: %1").arg(pe.errorString())
                                                           : QStringLiteral("json: cannot unmarshal into query"),
                 QStringLiteral("invalid query"), QStringLiteral("the POST body is not a JSON query object"));
            return;
        }
        const QJsonObject o = doc.object();
        service = o.value(QStringLiteral("service")).toObject().value(QStringLiteral("name")).toString();
        environment = o.value(QStringLiteral("service")).toObject().value(QStringLiteral("environment")).toString();
        etag = o.value(QStringLiteral("etag")).toString();
    } else {
        fail(405, QStringLiteral("method not supported: %1").arg(QString::fromLatin1(m_head.method)),
             QStringLiteral("method not supported"), QStringLiteral("agent configuration takes GET or POST"));
        return;
    }
    if (etag.isEmpty()) {
        QByteArray inm = m_head.header("If-None-Match");
        if (inm.startsWith('"') && inm.endsWith('"') && inm.size() >= 2)
            inm = inm.mid(1, inm.size() - 2);
        etag = QString::fromUtf8(inm);
    }
    m_log.serviceName = service;
    // Query validation happens before authorization (§3.5).
    if (service.isEmpty()) {
        fail(400, QStringLiteral("service.name is required"), QStringLiteral("invalid query"),
             QStringLiteral("the query names no service.name"));
        return;
    }
    if (environment.isEmpty())
        environment = m_e.defaultServiceEnvironment.value;
    if (anonymous) {
        if (auto denial = Config::anonymousConfigDenial(m_e, service)) {
            fail(403, QStringLiteral("unauthorized: ") + *denial, QStringLiteral("unauthorized: ") + *denial,
                 QStringLiteral("service \"%1\" is not in auth.anonymous.allow_service").arg(service));
            return;
        }
    } else if (!m_privileges.contains(Privilege::ConfigAgentRead)) {
        fail(403, QStringLiteral("unauthorized: API Key not permitted action \"config_agent:read\""), QString(),
             QStringLiteral("the API key lacks config_agent:read"));
        return;
    }
    const auto entry = m_engine.agentConfig().find(service, environment);
    QMap<QString, QString> settings;
    QString currentEtag = QStringLiteral("-");
    if (entry) {
        settings = entry->settings;
        currentEtag = entry->etag;
        if (anonymous) {
            // Anonymous callers only ever see transaction_sample_rate, and only for allowed agents (§2).
            QMap<QString, QString> filtered;
            if (Config::anonymousMaySeeConfigFor(m_e, entry->agentName) &&
                settings.contains(QStringLiteral("transaction_sample_rate")))
                filtered.insert(QStringLiteral("transaction_sample_rate"), settings.value(QStringLiteral("transaction_sample_rate")));
            settings = filtered;
        }
    }
    const qint64 maxAge = m_e.agentConfigCacheExpiration.value.count() / 1000;
    m_response.setHeader("Cache-Control", QByteArray("max-age=") + QByteArray::number(maxAge) + ", must-revalidate");
    m_response.setHeader("Etag", "\"" + currentEtag.toUtf8() + "\"");
    m_response.setHeader("Access-Control-Expose-Headers", "Etag");
    if (!etag.isEmpty() && etag == currentEtag) {
        m_response.status = 304;
        m_responded = true;
        step(QStringLiteral("handler"), QStringLiteral("304"),
             QStringLiteral("the agent already has configuration %1").arg(currentEtag), QStringLiteral("§2"));
        m_log.verdict = QStringLiteral("304 not modified (etag %1)").arg(currentEtag);
        return;
    }
    GoJson::Object body;
    for (auto it = settings.cbegin(); it != settings.cend(); ++it) // QMap: sorted like Go's map encoding
        body.append({it.key(), it.value()});
    writeJson(200, GoJson(body));
    const QString what = entry ? QStringLiteral("%1 setting(s) for %2/%3").arg(settings.size()).arg(service,
                                                                                                    environment.isEmpty() ? QStringLiteral("any environment") : environment)
                               : QStringLiteral("no configuration for %1: {} with Etag \"-\"").arg(service);
    step(QStringLiteral("handler"), QStringLiteral("200"),
         anonymous ? what + QStringLiteral(" (anonymous: only transaction_sample_rate)") : what, QStringLiteral("§2"));
    m_log.verdict = QStringLiteral("200 agent configuration — ") + what;
}

void Exchange::handleSourcemap(bool afterBody)
{
    if (afterBody) {
        // Second call, after the body: validate the multipart upload (§2).
        const QByteArray ct = m_head.header("Content-Type");
        const qsizetype b = ct.indexOf("boundary=");
        if (!ct.startsWith("multipart/form-data") || b < 0) {
            respondError(400, QStringLiteral("data decoding error: request Content-Type isn't multipart/form-data"),
                         QStringLiteral("handler"), QStringLiteral("sourcemaps are uploaded as multipart/form-data"),
                         QStringLiteral("§2"));
            return;
        }
        QByteArray boundary = ct.mid(b + 9);
        if (boundary.startsWith('"'))
            boundary = boundary.mid(1, boundary.indexOf('"', 1) - 1);
        QStringList fields;
        const QByteArray delimiter = "--" + boundary;
        qsizetype pos = 0;
        while ((pos = m_body.indexOf(delimiter, pos)) >= 0) {
            pos += delimiter.size();
            const qsizetype headerEnd = m_body.indexOf("\r\n\r\n", pos);
            if (headerEnd < 0)
                break;
            const QByteArray partHeaders = m_body.mid(pos, headerEnd - pos);
            const qsizetype n = partHeaders.indexOf("name=\"");
            if (n >= 0)
                fields << QString::fromUtf8(partHeaders.mid(n + 6, partHeaders.indexOf('"', n + 6) - n - 6));
        }
        if (!fields.contains(QStringLiteral("sourcemap"))) {
            respondError(400, QStringLiteral("data decoding error: http: no such file"), QStringLiteral("handler"),
                         QStringLiteral("the upload has no 'sourcemap' file field"), QStringLiteral("§2"));
            return;
        }
        QStringList missing;
        for (const char* f : {"service_name", "service_version", "bundle_filepath"})
            if (!fields.contains(QLatin1String(f)))
                missing << QLatin1String(f);
        if (!missing.isEmpty()) {
            respondError(400, QStringLiteral("data validation error: missing properties: %1").arg(missing.join(QStringLiteral(", "))),
                         QStringLiteral("handler"), QStringLiteral("service_name, service_version and bundle_filepath are required"),
                         QStringLiteral("§2"));
            return;
        }
        m_response.status = 202;
        m_responded = true;
        step(QStringLiteral("handler"), QStringLiteral("202"), QStringLiteral("sourcemap accepted"), QStringLiteral("§2"));
        m_log.verdict = QStringLiteral("202 sourcemap accepted");
        return;
    }
    if (m_head.method != "POST") {
        respondError(405, QStringLiteral("method not supported"), QStringLiteral("handler"),
                     QStringLiteral("sourcemap upload takes POST only"), QStringLiteral("§2"));
        return;
    }
    if (m_log.auth == AuthMethod::Anonymous) {
        respondError(403, QStringLiteral("unauthorized: anonymous access not permitted for sourcemap uploads"),
                     QStringLiteral("handler"), QStringLiteral("anonymous callers may never upload sourcemaps"),
                     QStringLiteral("§3.5"));
        return;
    }
    if (!m_privileges.contains(Privilege::SourcemapWrite))
        respondError(403, QStringLiteral("unauthorized: API Key not permitted action \"sourcemap:write\""),
                     QStringLiteral("handler"), QStringLiteral("the API key lacks sourcemap:write"), QStringLiteral("§3.4"));
}

void Exchange::respondIntakeError(IntakeError::Kind kind, const QString& message)
{
    IntakeError error;
    error.kind = kind;
    error.message = message;
    m_preResult.addStreamError(error);
    m_stopped = true;
    finishIntake();
}

void Exchange::prepareIntake()
{
    if (m_head.method != "POST") {
        // Intake answers 400, never 405 (§2).
        step(QStringLiteral("handler"), QStringLiteral("rejected 400"),
             QStringLiteral("intake takes POST only and answers other methods with 400"), QStringLiteral("§2"));
        respondIntakeError(IntakeError::Kind::MethodNotAllowed, QStringLiteral("only POST requests are supported"));
        return;
    }
    const QByteArray ct = m_head.header("Content-Type");
    const bool v715 = m_e.profile == Profile::V7_15;
    // 7.15 requires application/x-ndjson; 8.2+ also accepts an empty Content-Type (§4.1, §8).
    if (!ct.contains("application/x-ndjson") && (v715 || !ct.isEmpty())) {
        step(QStringLiteral("handler"), QStringLiteral("rejected 400"),
             v715 ? QStringLiteral("7.15 requires Content-Type application/x-ndjson")
                  : QStringLiteral("a Content-Type must contain application/x-ndjson"),
             QStringLiteral("§4.1"));
        respondIntakeError(IntakeError::Kind::Validation,
                           QStringLiteral("invalid content type: '%1'").arg(QString::fromUtf8(ct)));
        return;
    }
    NdjsonStream::Options options;
    options.profile = m_e.profile;
    options.endpoint = m_endpoint == Endpoint::RumIntakeV3 ? NdjsonStream::Endpoint::RumV3 : NdjsonStream::Endpoint::V2;
    options.maxEventSize = qsizetype(m_e.maxEventSize.value);
    options.coding = BodyDecoder::codingFor(m_e.profile, m_head.header("Content-Encoding"));
    m_stream = std::make_unique<NdjsonStream>(options);
    step(QStringLiteral("handler"), QStringLiteral("reading events"),
         QStringLiteral("NDJSON decoded in batches of 10; each batch: rate limit, then per-event authorization"),
         QStringLiteral("§4.1"));
}

void Exchange::authorizeBatch(const QList<IntakeEvent>& events, std::chrono::nanoseconds* wait)
{
    IntakeResult& r = result();
    if (m_log.serviceName.isEmpty() && !events.isEmpty()) {
        m_log.serviceName = events.constFirst().serviceName;
        if (!events.constFirst().agentName.isEmpty())
            m_log.agentName = events.constFirst().agentName;
    }
    auto stop = [&](IntakeError::Kind kind, const QString& message) {
        IntakeError e;
        e.kind = kind;
        e.message = batchPrefix() + message;
        r.addStreamError(e);
        m_stopped = true;
    };
    int count = 0;
    for (const IntakeEvent& ev : events)
        count += ev.eventCount;
    if (m_log.auth == AuthMethod::Anonymous && m_bucket) {
        // §3.6 step 2: WaitN(batch size) with a one-second deadline.
        const auto reserved = m_bucket->reserve(count, m_engine.now(), std::chrono::seconds(1));
        if (!reserved) {
            step(QStringLiteral("rate limit"), QStringLiteral("rejected 429"),
                 QStringLiteral("a batch of %1 events would wait more than 1 s for tokens (event_limit %2/s, burst %3)")
                     .arg(count)
                     .arg(m_e.eventLimit.value)
                     .arg(m_e.burst.value),
                 QStringLiteral("§3.6"));
            stop(IntakeError::Kind::RateLimit, QStringLiteral("rate limit exceeded"));
            return;
        }
        *wait = *reserved;
    }
    for (const IntakeEvent& ev : events) {
        if (m_log.auth == AuthMethod::Anonymous) {
            if (auto denial = Config::anonymousEventDenial(m_e, ev.serviceName, ev.agentName)) {
                step(QStringLiteral("authorization"), QStringLiteral("rejected 403"),
                     *denial + QStringLiteral(" (allow_service [%1], allow_agent [%2])")
                                   .arg(m_e.allowService.value.join(QStringLiteral(", ")),
                                        m_e.allowAgent.value.join(QStringLiteral(", "))),
                     QStringLiteral("§3.5"));
                stop(IntakeError::Kind::Forbidden, QStringLiteral("unauthorized: ") + *denial);
                return;
            }
        } else if (!m_privileges.contains(Privilege::EventWrite)) {
            step(QStringLiteral("authorization"), QStringLiteral("rejected 403"),
                 QStringLiteral("the API key lacks event:write (checked per decoded batch)"), QStringLiteral("§3.4"));
            stop(IntakeError::Kind::Forbidden, QStringLiteral("unauthorized: API Key not permitted action \"event:write\""));
            return;
        }
    }
    r.addAccepted(count);
}

Exchange::Progress Exchange::process()
{
    using State = Progress::State;
    if (m_stopped || m_finished)
        return {State::Done, {}};
    // A buffered body (agent config query, sourcemap upload) is complete only with the message: answering
    // "Done" here made the owner finish on the first body piece and parse a partial body (a 400 "invalid
    // character" for any query split across two reads).
    if (!m_stream)
        return {State::NeedInput, {}};
    for (int guard = 0; guard < 64; ++guard) {
        switch (m_stream->next()) {
        case NdjsonStream::Step::NeedInput:
            return {State::NeedInput, {}};
        case NdjsonStream::Step::Yield:
            return {State::Yield, {}};
        case NdjsonStream::Step::Done:
            return {State::Done, {}};
        case NdjsonStream::Step::Batch: {
            std::chrono::nanoseconds wait{0};
            authorizeBatch(m_stream->takeBatch(), &wait);
            if (m_stopped)
                return {State::Done, {}};
            if (wait.count() > 0)
                return {State::Wait, wait};
            break;
        }
        }
    }
    return {State::Yield, {}};
}

qsizetype Exchange::inputBacklog() const
{
    return m_stream ? m_stream->inputBacklog() : 0;
}

qsizetype Exchange::bufferedBytes() const
{
    return m_body.size() + (m_stream ? m_stream->inputBacklog() + m_stream->bufferedBytes() : 0);
}

void Exchange::bodyData(QByteArrayView data)
{
    if (m_stream) {
        if (!m_stopped)
            m_stream->appendBody(data);
        return;
    }
    if (m_bodyTooLarge)
        return;
    if (m_body.size() + data.size() > kMaxSmallBody) {
        m_bodyTooLarge = true;
        m_body.clear();
        return;
    }
    if (m_body.isNull())
        m_body = QByteArray("");
    m_body.append(data.data(), data.size());
}

void Exchange::bodyComplete()
{
    if (m_stream && !m_stopped)
        m_stream->finishBody();
}

void Exchange::bodyFailed(const QString& goError)
{
    if (m_stream && !m_stopped)
        m_stream->failBody(goError);
}

void Exchange::finishIntake()
{
    const IntakeResult& r = result();
    if (r.errors().isEmpty()) {
        m_response.status = 202;
        if (m_head.hasQueryItem(QStringLiteral("verbose")))
            writeJson(202, GoJson(GoJson::Object{{QStringLiteral("accepted"), r.accepted()}}));
        m_responded = true;
        if (m_detailed)
            step(QStringLiteral("handler"), QStringLiteral("202"),
                 QStringLiteral("%1 event(s) accepted").arg(r.accepted()), QStringLiteral("§2"));
        m_log.verdict = QStringLiteral("202 — %1 event(s) accepted").arg(r.accepted());
        return;
    }
    GoJson::Array errs;
    for (const IntakeError& e : r.errors()) {
        GoJson::Object o{{QStringLiteral("message"), e.message}};
        if (!e.document.isEmpty())
            o.append({QStringLiteral("document"), QString::fromUtf8(e.document)});
        errs.append(GoJson(o));
    }
    const int status = r.httpStatus();
    writeJson(status, GoJson(GoJson::Object{{QStringLiteral("accepted"), r.accepted()},
                                            {QStringLiteral("errors"), GoJson(errs)}}));
    // Every intake error closes the connection (§2).
    m_response.setHeader("Connection", "Close");
    m_response.closeConnection = true;
    if (m_log.trace.isEmpty() || !m_log.trace.constLast().outcome.startsWith(QLatin1String("rejected")))
        step(QStringLiteral("handler"), QStringLiteral("rejected %1").arg(status), r.errors().constFirst().message,
             QStringLiteral("§4.1"));
    m_log.verdict = QStringLiteral("%1 — %2 (%3 accepted)").arg(status).arg(r.errors().constFirst().message).arg(r.accepted());
}

void Exchange::finish()
{
    if (m_finished)
        return;
    if (!m_responded) {
        if (isIntake() || m_endpoint == Endpoint::Profile)
            finishIntake();
        else if (m_endpoint == Endpoint::AgentConfig || m_endpoint == Endpoint::RumAgentConfig)
            handleAgentConfig();
        else if (m_endpoint == Endpoint::Sourcemap)
            handleSourcemap(true);
    }
    m_finished = true;
    m_log.status = m_response.status;
    m_log.eventsAccepted = (m_stream || isIntake()) ? result().accepted() : 0;
    m_log.response = m_response;
    if (m_log.response.body.size() > 16 * 1024)
        m_log.response.body.truncate(16 * 1024);
}

} // namespace Intake
