// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The one place that knows APM Server's implicit configuration rules. Every rule cites the
// section of reference/apm-server-behaviour.md it copies.
#include "config/EffectiveSettings.h"

#include "config/GoDuration.h"
#include "config/SettingsIo.h"
#include "config/SettingsSchema.h"

#include <QCoreApplication>

namespace Config {

namespace {

template <typename T>
Derived<T> fromFileOr(const std::optional<T>& v, const T& fallback, const QString& section,
                      const QString& defaultRule = {})
{
    if (v)
        return {*v, QCoreApplication::translate("Config::EffectiveSettings", "set in the file"), section, true};
    return {fallback,
            defaultRule.isEmpty() ? QCoreApplication::translate("Config::EffectiveSettings", "APM Server's default")
                                  : defaultRule,
            section, false};
}

bool present(const ServerSettings& s, const QString& prefix)
{
    for (const QString& k : s.presentKeys) {
        if (k == prefix || k.startsWith(prefix + QLatin1Char('.')))
            return true;
    }
    return false;
}

// 7.15 maps a deprecated key onto its replacement unless the replacement is set (§8).
template <typename T>
Derived<T> withDeprecated(const std::optional<T>& current, const std::optional<T>& deprecated, const T& fallback,
                          Profile profile, const QString& oldKey, const QString& section)
{
    if (current)
        return {*current, QCoreApplication::translate("Config::EffectiveSettings", "set in the file"), section, true};
    if (deprecated && profile == Profile::V7_15)
        return {
            *deprecated,
            QCoreApplication::translate("Config::EffectiveSettings",
                                        "from the deprecated key apm-server.%1 (7.15 maps it; the new key would win)")
                .arg(oldKey),
            QStringLiteral("§8"), true};
    return {fallback, QCoreApplication::translate("Config::EffectiveSettings", "APM Server's default"), section, false};
}

QString onOff(bool b)
{
    return b ? QCoreApplication::translate("Config::EffectiveSettings", "on")
             : QCoreApplication::translate("Config::EffectiveSettings", "off");
}

} // namespace

QString clientAuthName(ClientAuth mode)
{
    switch (mode) {
    case ClientAuth::None: return QStringLiteral("none");
    case ClientAuth::Optional: return QStringLiteral("optional");
    case ClientAuth::Required: return QStringLiteral("required");
    }
    return {};
}

const QStringList& knownTlsProtocols()
{
    // libbeat's name table; "TLSv1" and "TLSv1.0" are the same version (§5).
    static const QStringList names = {QStringLiteral("TLSv1"), QStringLiteral("TLSv1.0"), QStringLiteral("TLSv1.1"),
                                      QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.3")};
    return names;
}

const QStringList& knownCipherSuites()
{
    static const QStringList names = {
        QStringLiteral("ECDHE-ECDSA-AES-128-CBC-SHA"),    QStringLiteral("ECDHE-ECDSA-AES-128-CBC-SHA256"),
        QStringLiteral("ECDHE-ECDSA-AES-128-GCM-SHA256"), QStringLiteral("ECDHE-ECDSA-AES-256-CBC-SHA"),
        QStringLiteral("ECDHE-ECDSA-AES-256-GCM-SHA384"), QStringLiteral("ECDHE-ECDSA-CHACHA20-POLY1305"),
        QStringLiteral("ECDHE-ECDSA-RC4-128-SHA"),        QStringLiteral("ECDHE-RSA-3DES-CBC3-SHA"),
        QStringLiteral("ECDHE-RSA-AES-128-CBC-SHA"),      QStringLiteral("ECDHE-RSA-AES-128-CBC-SHA256"),
        QStringLiteral("ECDHE-RSA-AES-128-GCM-SHA256"),   QStringLiteral("ECDHE-RSA-AES-256-CBC-SHA"),
        QStringLiteral("ECDHE-RSA-AES-256-GCM-SHA384"),   QStringLiteral("ECDHE-RSA-CHACHA20-POLY1205"),
        QStringLiteral("ECDHE-RSA-RC4-128-SHA"),          QStringLiteral("RSA-3DES-CBC3-SHA"),
        QStringLiteral("RSA-AES-128-CBC-SHA"),            QStringLiteral("RSA-AES-128-CBC-SHA256"),
        QStringLiteral("RSA-AES-128-GCM-SHA256"),         QStringLiteral("RSA-AES-256-CBC-SHA"),
        QStringLiteral("RSA-AES-256-GCM-SHA384"),         QStringLiteral("RSA-RC4-128-SHA"),
    };
    return names;
}

const QStringList& knownCurveTypes()
{
    static const QStringList names = {QStringLiteral("P-256"), QStringLiteral("P-384"), QStringLiteral("P-521"),
                                      QStringLiteral("X25519")};
    return names;
}

EffectiveSettings derive(const ServerSettings& s, Profile profile)
{
    using namespace std::chrono_literals;
    EffectiveSettings e;
    e.profile = profile;
    const bool v715 = profile == Profile::V7_15;

    // --- server basics (§7, §4.1)
    e.host = fromFileOr(
        s.host, v715 ? QStringLiteral("localhost:8200") : QStringLiteral("127.0.0.1:8200"), QStringLiteral("§7"),
        v715 ? QCoreApplication::translate("Config::EffectiveSettings", "APM Server 7.15's default")
             : QCoreApplication::translate("Config::EffectiveSettings", "APM Server 8.19's default (127.0.0.1:8200)"));
    e.maxHeaderSize = fromFileOr<qint64>(s.maxHeaderSize, 1048576, QStringLiteral("§4.1"));
    e.idleTimeout = fromFileOr<Duration>(s.idleTimeout, 45s, QStringLiteral("§4.1"));
    e.readTimeout = fromFileOr<Duration>(s.readTimeout, 30s, QStringLiteral("§4.1"));
    e.writeTimeout = fromFileOr<Duration>(s.writeTimeout, 30s, QStringLiteral("§4.1"));
    e.shutdownTimeout = fromFileOr<Duration>(s.shutdownTimeout, v715 ? Duration(5s) : Duration(30s),
                                             QStringLiteral("§7"));
    e.maxEventSize = fromFileOr<qint64>(s.maxEventSize, 307200, QStringLiteral("§4.1"));
    e.maxConnections = fromFileOr<qint64>(s.maxConnections, 0, QStringLiteral("§4.1"));
    if (e.maxConnections.value == 0 && !e.maxConnections.fromFile)
        e.maxConnections.rule =
            QCoreApplication::translate("Config::EffectiveSettings", "APM Server's default: unlimited");
    e.responseHeaders = fromFileOr<HeaderMap>(s.responseHeaders, {}, QStringLiteral("§1"));
    e.capturePersonalData = fromFileOr(s.capturePersonalData, true, QStringLiteral("§2"));

    // --- 8.x refuses the keys 7.x deprecated and 8.0 removed (§8).
    if (!v715) {
        for (const KeyInfo& info : settingsSchema()) {
            if (info.availability == Availability::Removed8 && present(s, info.key))
                e.startupErrors.append(
                    {info.fullKey(),
                     QCoreApplication::translate("Config::EffectiveSettings",
                                                 "apm-server.%1 was removed in APM Server 8.0; use apm-server.%2")
                         .arg(info.key, info.replacement),
                     QStringLiteral("§8")});
        }
    }

    // --- authentication (§3.1, §3.4)
    e.secretToken = withDeprecated(s.auth.secretToken, s.deprecated.secretToken, QString(), profile,
                                   QStringLiteral("secret_token"), QStringLiteral("§3.1"));
    e.apiKeyEnabled = withDeprecated(s.auth.apiKeyEnabled, s.deprecated.apiKeyEnabled, false, profile,
                                     QStringLiteral("api_key.enabled"), QStringLiteral("§3.4"));
    e.apiKeyLimit = withDeprecated<qint64>(s.auth.apiKeyLimit, s.deprecated.apiKeyLimit, 100, profile,
                                           QStringLiteral("api_key.limit"), QStringLiteral("§3.4"));
    const bool hasToken = !e.secretToken.value.isEmpty();
    const bool hasApiKeys = e.apiKeyEnabled.value;
    e.authRequired.section = QStringLiteral("§3.1");
    e.authRequired.value = hasToken || hasApiKeys;
    if (hasToken && hasApiKeys)
        e.authRequired.rule =
            QCoreApplication::translate("Config::EffectiveSettings",
                                        "on: a secret token is set and API keys are enabled; each request is judged by "
                                        "the scheme it sends");
    else if (hasToken)
        e.authRequired.rule =
            QCoreApplication::translate("Config::EffectiveSettings", "on, because a secret token is set");
    else if (hasApiKeys)
        e.authRequired.rule =
            QCoreApplication::translate("Config::EffectiveSettings", "on, because API keys are enabled");
    else
        e.authRequired.rule = QCoreApplication::translate(
            "Config::EffectiveSettings",
            "off: no secret token and no API keys, so every request is allowed whatever its "
            "Authorization header says, and the anonymous settings are ignored");

    // --- RUM (§3.7, §3.8)
    e.rumEnabled = fromFileOr(s.rum.enabled, false, QStringLiteral("§3.8"));
    e.allowOrigins = fromFileOr(s.rum.allowOrigins, QStringList{QStringLiteral("*")}, QStringLiteral("§3.7"));
    e.allowHeaders = fromFileOr(s.rum.allowHeaders, QStringList{}, QStringLiteral("§3.7"));
    e.rumResponseHeaders = fromFileOr<HeaderMap>(s.rum.responseHeaders, {}, QStringLiteral("§1"));

    // --- anonymous access (§3.5): auto-enabled iff RUM on and (token or API keys), unless explicit.
    // 7.15.2 counts *any* auth.anonymous.* key as explicit; 7.16/8.0 only `enabled` (§3.5, §8).
    e.anonymousEnabled.section = QStringLiteral("§3.5");
    const bool explicitAnonymous = v715 ? present(s, QStringLiteral("auth.anonymous")) : s.auth.anonymousEnabled.has_value();
    if (!e.authRequired.value) {
        e.anonymousEnabled.value = false;
        e.anonymousEnabled.fromFile = s.auth.anonymousEnabled.has_value();
        e.anonymousEnabled.rule = QCoreApplication::translate(
            "Config::EffectiveSettings", "not applicable: no authentication is configured, so every request is allowed "
                                         "and the anonymous settings are ignored");
        e.anonymousEnabled.section = QStringLiteral("§3.1");
    } else if (explicitAnonymous) {
        e.anonymousEnabled.value = s.auth.anonymousEnabled.value_or(false);
        e.anonymousEnabled.fromFile = true;
        if (s.auth.anonymousEnabled)
            e.anonymousEnabled.rule = s.auth.anonymousEnabled.value()
                                          ? QCoreApplication::translate("Config::EffectiveSettings",
                                                                        "on, because auth.anonymous.enabled is true")
                                          : QCoreApplication::translate("Config::EffectiveSettings",
                                                                        "off, because auth.anonymous.enabled is false");
        else
            e.anonymousEnabled.rule = QCoreApplication::translate(
                "Config::EffectiveSettings",
                "off: APM Server 7.15.2 treats any auth.anonymous.* key as an explicit configuration and then "
                "does not auto-enable anonymous access; write auth.anonymous.enabled: true");
    } else if (e.rumEnabled.value) {
        e.anonymousEnabled.value = true;
        e.anonymousEnabled.rule =
            hasToken
                ? QCoreApplication::translate("Config::EffectiveSettings",
                                              "on, because RUM is enabled and a secret token is set (auto-enabled)")
                : QCoreApplication::translate("Config::EffectiveSettings",
                                              "on, because RUM is enabled and API keys are enabled (auto-enabled)");
    } else {
        e.anonymousEnabled.value = false;
        e.anonymousEnabled.rule = QCoreApplication::translate("Config::EffectiveSettings",
                                                              "off: it is only auto-enabled when RUM is enabled");
    }
    e.allowAgent = fromFileOr(s.auth.allowAgent, QStringList{QStringLiteral("rum-js"), QStringLiteral("js-base")},
                              QStringLiteral("§3.5"));
    if (e.allowAgent.fromFile && e.allowAgent.value.isEmpty())
        e.allowAgent.rule =
            QCoreApplication::translate("Config::EffectiveSettings", "set to an empty list: any agent name is allowed");
    e.allowService = withDeprecated(s.auth.allowService, s.deprecated.allowServiceNames, QStringList{}, profile,
                                    QStringLiteral("rum.allow_service_names"), QStringLiteral("§3.5"));
    if (e.allowService.value.isEmpty())
        e.allowService.rule +=
            QCoreApplication::translate("Config::EffectiveSettings", " (empty: any service name is allowed)");
    e.ipLimit = withDeprecated<qint64>(s.auth.ipLimit, s.deprecated.eventRateLruSize, 1000, profile,
                                       QStringLiteral("rum.event_rate.lru_size"), QStringLiteral("§3.6"));
    e.eventLimit = withDeprecated<qint64>(s.auth.eventLimit, s.deprecated.eventRateLimit, 300, profile,
                                          QStringLiteral("rum.event_rate.limit"), QStringLiteral("§3.6"));
    e.burst = {3 * e.eventLimit.value,
               QCoreApplication::translate("Config::EffectiveSettings",
                                           "3 × event_limit (%1): the token bucket's capacity per client IP")
                   .arg(e.eventLimit.value),
               QStringLiteral("§3.6"), false};
    if (e.ipLimit.value <= 0)
        e.startupErrors.append({QStringLiteral("apm-server.auth.anonymous.rate_limit.ip_limit"),
                                QStringLiteral("cache initialization: size must be greater than zero"),
                                QStringLiteral("§3.6")});

    // --- TLS (§5)
    const bool anySsl = present(s, QStringLiteral("ssl"));
    e.tlsEnabled.section = QStringLiteral("§5");
    if (s.ssl.enabled) {
        e.tlsEnabled.value = *s.ssl.enabled;
        e.tlsEnabled.fromFile = true;
        e.tlsEnabled.rule =
            *s.ssl.enabled
                ? QCoreApplication::translate("Config::EffectiveSettings", "on, because ssl.enabled is true")
                : QCoreApplication::translate("Config::EffectiveSettings", "off, because ssl.enabled is false");
    } else if (anySsl) {
        e.tlsEnabled.value = true;
        e.tlsEnabled.fromFile = true;
        e.tlsEnabled.rule = QCoreApplication::translate(
            "Config::EffectiveSettings", "on, because ssl.* keys are present and ssl.enabled is not set to false");
    } else {
        e.tlsEnabled.value = false;
        e.tlsEnabled.rule = QCoreApplication::translate("Config::EffectiveSettings", "off: no ssl.* key in the file");
    }
    e.certificate = fromFileOr(s.ssl.certificate, QString(), QStringLiteral("§5"));
    e.key = fromFileOr(s.ssl.key, QString(), QStringLiteral("§5"));
    e.keyPassphrase = fromFileOr(s.ssl.keyPassphrase, QString(), QStringLiteral("§5"));
    e.certificateAuthorities = fromFileOr(s.ssl.certificateAuthorities, QStringList{}, QStringLiteral("§5"));
    e.clientAuth.section = QStringLiteral("§5");
    if (s.ssl.clientAuthentication) {
        const QString mode = s.ssl.clientAuthentication->trimmed().toLower();
        e.clientAuth.fromFile = true;
        e.clientAuth.rule = QCoreApplication::translate("Config::EffectiveSettings", "set in the file");
        if (mode == QLatin1String("none"))
            e.clientAuth.value = ClientAuth::None;
        else if (mode == QLatin1String("optional"))
            e.clientAuth.value = ClientAuth::Optional;
        else if (mode == QLatin1String("required"))
            e.clientAuth.value = ClientAuth::Required;
        else
            e.startupErrors.append(
                {QStringLiteral("apm-server.ssl.client_authentication"),
                 QCoreApplication::translate("Config::EffectiveSettings",
                                             "unknown client authentication mode '%1' (none, optional or required)")
                     .arg(*s.ssl.clientAuthentication),
                 QStringLiteral("§5")});
    } else if (!e.certificateAuthorities.value.isEmpty()) {
        e.clientAuth.value = ClientAuth::Required;
        e.clientAuth.rule = QCoreApplication::translate(
            "Config::EffectiveSettings",
            "required, because ssl.certificate_authorities is set and ssl.client_authentication "
            "is not: agents must present a client certificate");
    } else {
        e.clientAuth.value = ClientAuth::None;
        e.clientAuth.rule = QCoreApplication::translate("Config::EffectiveSettings", "APM Server's default (none)");
    }
    e.supportedProtocols = fromFileOr(
        s.ssl.supportedProtocols,
        QStringList{QStringLiteral("TLSv1.1"), QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.3")},
        QStringLiteral("§5"),
        QCoreApplication::translate("Config::EffectiveSettings",
                                    "APM Server's default (TLS 1.1 to 1.3, restored by SetInsecureDefaults in 8.x)"));
    e.cipherSuites = fromFileOr(
        s.ssl.cipherSuites, QStringList{}, QStringLiteral("§5"),
        QCoreApplication::translate("Config::EffectiveSettings", "APM Server's default: Go's cipher suites"));
    e.curveTypes =
        fromFileOr(s.ssl.curveTypes, QStringList{}, QStringLiteral("§5"),
                   QCoreApplication::translate("Config::EffectiveSettings", "APM Server's default: Go's curves"));
    if (e.tlsEnabled.value) {
        // libbeat's config errors when TLS is on (§5).
        if (e.certificate.value.isEmpty())
            e.startupErrors.append({QStringLiteral("apm-server.ssl.certificate"),
                                    QStringLiteral("certificate file not configured"), QStringLiteral("§5")});
        if (e.key.value.isEmpty())
            e.startupErrors.append(
                {QStringLiteral("apm-server.ssl.key"), QStringLiteral("key file not configured"), QStringLiteral("§5")});
        for (const QString& p : e.supportedProtocols.value) {
            if (!knownTlsProtocols().contains(p))
                e.startupErrors.append(
                    {QStringLiteral("apm-server.ssl.supported_protocols"),
                     QCoreApplication::translate("Config::EffectiveSettings", "invalid tls version '%1'").arg(p),
                     QStringLiteral("§5")});
        }
        for (const QString& c : e.cipherSuites.value) {
            if (!knownCipherSuites().contains(c))
                e.startupErrors.append(
                    {QStringLiteral("apm-server.ssl.cipher_suites"),
                     QCoreApplication::translate("Config::EffectiveSettings", "invalid tls cipher suite '%1'").arg(c),
                     QStringLiteral("§5")});
        }
        for (const QString& c : e.curveTypes.value) {
            if (!knownCurveTypes().contains(c))
                e.startupErrors.append(
                    {QStringLiteral("apm-server.ssl.curve_types"),
                     QCoreApplication::translate("Config::EffectiveSettings", "invalid tls curve type '%1'").arg(c),
                     QStringLiteral("§5")});
        }
    }

    // --- kill switches (§3.8) and endpoints that differ per profile (§2, §8)
    e.agentConfigCacheExpiration = fromFileOr<Duration>(s.agentConfigCacheExpiration, 30s, QStringLiteral("§2"));
    e.agentConfigEnabled.section = QStringLiteral("§3.8");
    if (v715) {
        e.agentConfigEnabled.value = s.kibanaEnabled.value_or(false);
        e.agentConfigEnabled.fromFile = s.kibanaEnabled.has_value();
        e.agentConfigEnabled.rule =
            e.agentConfigEnabled.value
                ? QCoreApplication::translate("Config::EffectiveSettings",
                                              "on, because apm-server.kibana.enabled is true")
                : QCoreApplication::translate("Config::EffectiveSettings",
                                              "off: APM Server 7.15 serves agent configuration only with "
                                              "apm-server.kibana enabled (403 otherwise)");
    } else {
        e.agentConfigEnabled.value = true;
        e.agentConfigEnabled.rule = QCoreApplication::translate(
            "Config::EffectiveSettings", "on: APM Server 8.7+ reads agent configuration from Elasticsearch; the stub "
                                         "answers from its own agent-configuration store");
    }
    e.sourcemapEndpointExists = {
        v715,
        v715 ? QCoreApplication::translate("Config::EffectiveSettings", "7.x has /assets/v1/sourcemaps")
             : QCoreApplication::translate("Config::EffectiveSettings", "removed in 8.0 (404)"),
        QStringLiteral("§2"), false};
    e.dataStreamsEnabled = fromFileOr(s.dataStreamsEnabled, !v715, QStringLiteral("§3.8"));
    e.defaultServiceEnvironment = fromFileOr(s.defaultServiceEnvironment, QString(), QStringLiteral("§7"));
    e.sourcemapUploadEnabled.section = QStringLiteral("§3.8");
    if (!v715) {
        e.sourcemapUploadEnabled.value = false;
        e.sourcemapUploadEnabled.rule = QCoreApplication::translate(
            "Config::EffectiveSettings", "8.x has no sourcemap endpoint; upload through Kibana");
    } else {
        const bool mapping = s.rum.sourceMappingEnabled.value_or(true);
        const bool dataStreams = s.dataStreamsEnabled.value_or(false);
        e.sourcemapUploadEnabled.value = e.rumEnabled.value && mapping && !dataStreams;
        e.sourcemapUploadEnabled.rule =
            !e.rumEnabled.value
                ? QCoreApplication::translate("Config::EffectiveSettings", "off, because RUM is disabled")
            : !mapping    ? QCoreApplication::translate("Config::EffectiveSettings",
                                                        "off, because rum.source_mapping.enabled is false")
            : dataStreams ? QCoreApplication::translate("Config::EffectiveSettings",
                                                        "off, because data streams are enabled (Fleet-managed)")
                          : QCoreApplication::translate("Config::EffectiveSettings",
                                                        "on, because RUM and source mapping are enabled");
    }
    return e;
}

QList<Explanation> EffectiveSettings::explain() const
{
    QList<Explanation> out;
    auto add = [&](const QString& name, const QString& value, const auto& d) {
        out.append({QStringLiteral("apm-server.") + name, value, d.rule, d.section, d.fromFile});
    };
    auto list = [](const QStringList& l) { return QLatin1Char('[') + l.join(QStringLiteral(", ")) + QLatin1Char(']'); };
    auto headers = [](const HeaderMap& m) { return formatValue(SettingValue(m)); };
    auto dur = [](Duration d) { return formatGoDuration(d); };
    auto num = [](qint64 v) { return QString::number(v); };
    auto secret = [](const QString& v) {
        if (v.isEmpty())
            return QString();
        return v.startsWith(QLatin1String("${"))
                   ? v
                   : QCoreApplication::translate("Config::EffectiveSettings", "(set, %1 characters, hidden)")
                         .arg(v.size());
    };

    add(QStringLiteral("host"), host.value, host);
    add(QStringLiteral("max_header_size"), num(maxHeaderSize.value), maxHeaderSize);
    add(QStringLiteral("idle_timeout"), dur(idleTimeout.value), idleTimeout);
    add(QStringLiteral("read_timeout"), dur(readTimeout.value), readTimeout);
    add(QStringLiteral("write_timeout"), dur(writeTimeout.value), writeTimeout);
    add(QStringLiteral("shutdown_timeout"), dur(shutdownTimeout.value), shutdownTimeout);
    add(QStringLiteral("max_event_size"), num(maxEventSize.value), maxEventSize);
    add(QStringLiteral("max_connections"), num(maxConnections.value), maxConnections);
    add(QStringLiteral("response_headers"), headers(responseHeaders.value), responseHeaders);
    add(QStringLiteral("capture_personal_data"), onOff(capturePersonalData.value), capturePersonalData);
    out.append({QStringLiteral("(authentication)"), onOff(authRequired.value), authRequired.rule, authRequired.section,
                false});
    add(QStringLiteral("auth.secret_token"), secret(secretToken.value), secretToken);
    add(QStringLiteral("auth.api_key.enabled"), onOff(apiKeyEnabled.value), apiKeyEnabled);
    add(QStringLiteral("auth.api_key.limit"), num(apiKeyLimit.value), apiKeyLimit);
    add(QStringLiteral("auth.anonymous.enabled"), onOff(anonymousEnabled.value), anonymousEnabled);
    add(QStringLiteral("auth.anonymous.allow_agent"), list(allowAgent.value), allowAgent);
    add(QStringLiteral("auth.anonymous.allow_service"), list(allowService.value), allowService);
    add(QStringLiteral("auth.anonymous.rate_limit.ip_limit"), num(ipLimit.value), ipLimit);
    add(QStringLiteral("auth.anonymous.rate_limit.event_limit"), num(eventLimit.value), eventLimit);
    out.append({QStringLiteral("(anonymous burst)"), num(burst.value), burst.rule, burst.section, false});
    add(QStringLiteral("ssl.enabled"), onOff(tlsEnabled.value), tlsEnabled);
    add(QStringLiteral("ssl.certificate"), certificate.value, certificate);
    add(QStringLiteral("ssl.key"), key.value, key);
    add(QStringLiteral("ssl.key_passphrase"), secret(keyPassphrase.value), keyPassphrase);
    add(QStringLiteral("ssl.certificate_authorities"), list(certificateAuthorities.value), certificateAuthorities);
    add(QStringLiteral("ssl.client_authentication"), clientAuthName(clientAuth.value), clientAuth);
    add(QStringLiteral("ssl.supported_protocols"), list(supportedProtocols.value), supportedProtocols);
    add(QStringLiteral("ssl.cipher_suites"), list(cipherSuites.value), cipherSuites);
    add(QStringLiteral("ssl.curve_types"), list(curveTypes.value), curveTypes);
    add(QStringLiteral("rum.enabled"), onOff(rumEnabled.value), rumEnabled);
    add(QStringLiteral("rum.allow_origins"), list(allowOrigins.value), allowOrigins);
    add(QStringLiteral("rum.allow_headers"), list(allowHeaders.value), allowHeaders);
    add(QStringLiteral("rum.response_headers"), headers(rumResponseHeaders.value), rumResponseHeaders);
    out.append({QStringLiteral("(agent configuration endpoints)"), onOff(agentConfigEnabled.value),
                agentConfigEnabled.rule, agentConfigEnabled.section, agentConfigEnabled.fromFile});
    add(QStringLiteral("agent.config.cache.expiration"), dur(agentConfigCacheExpiration.value),
        agentConfigCacheExpiration);
    out.append({QStringLiteral("(sourcemap upload endpoint)"),
                sourcemapEndpointExists.value ? onOff(sourcemapUploadEnabled.value)
                                              : QCoreApplication::translate("Config::EffectiveSettings", "absent"),
                sourcemapEndpointExists.value ? sourcemapUploadEnabled.rule : sourcemapEndpointExists.rule,
                sourcemapUploadEnabled.section, false});
    return out;
}

} // namespace Config
