// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/ConfigLinter.h"

#include "config/SecretReference.h"
#include "config/SettingsSchema.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace Config {

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Info: return QStringLiteral("info");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Error: return QStringLiteral("error");
    }
    return {};
}

namespace {

class Collector
{
public:
    Collector(const ApmServerYaml* yaml) : m_yaml(yaml) {}

    void add(Severity severity, const QString& code, const QString& key, const QString& message, const QString& fix,
             const QString& section)
    {
        Finding f{severity, code, message, fix, key, 0, section};
        if (m_yaml && !key.isEmpty()) {
            if (auto e = m_yaml->entry(key))
                f.line = e->line;
        }
        m_findings.append(f);
    }
    QList<Finding> take() { return std::move(m_findings); }

private:
    const ApmServerYaml* m_yaml;
    QList<Finding> m_findings;
};

bool isLoopbackHost(const QString& hostPort)
{
    QString host = hostPort;
    if (host.startsWith(QLatin1String("unix:")))
        return true;
    if (host.startsWith(QLatin1Char('['))) {
        host = host.mid(1, host.indexOf(QLatin1Char(']')) - 1);
    } else if (host.count(QLatin1Char(':')) == 1) {
        host = host.section(QLatin1Char(':'), 0, 0);
    }
    if (host.isEmpty())
        return false; // ":8200" listens on every interface
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress addr(host);
    return !addr.isNull() && addr.isLoopback();
}

// Checks one allow_origins entry as a browser's Origin header would have to match it (§3.7).
void lintOrigin(Collector& c, const QString& origin, bool rumEnabled)
{
    const QString key = QStringLiteral("apm-server.rum.allow_origins");
    if (origin == QLatin1String("*")) {
        if (rumEnabled)
            c.add(Severity::Warning, QStringLiteral("rum.origin-any"), key,
                  QCoreApplication::translate(
                      "Config::ConfigLinter",
                      "allow_origins contains '*': any web site can send RUM events to this server."),
                  QCoreApplication::translate("Config::ConfigLinter",
                                              "List the exact origins of your pages, e.g. https://shop.example.com."),
                  QStringLiteral("§3.7"));
        return;
    }
    if ((origin.startsWith(QLatin1Char('"')) && origin.endsWith(QLatin1Char('"'))) ||
        (origin.startsWith(QLatin1Char('\'')) && origin.endsWith(QLatin1Char('\''))) || origin.contains(QLatin1Char('"'))) {
        c.add(Severity::Error, QStringLiteral("rum.origin-quoted"), key,
              QCoreApplication::translate(
                  "Config::ConfigLinter",
                  "allow_origins entry %1 contains quote characters, so it never matches a browser's Origin.")
                  .arg(origin),
              QCoreApplication::translate("Config::ConfigLinter",
                                          "Write the origin without extra quotes: - https://shop.example.com"),
              QStringLiteral("§3.7, C28"));
        return;
    }
    if (origin != origin.trimmed() || origin.contains(QLatin1Char(' '))) {
        c.add(Severity::Error, QStringLiteral("rum.origin-whitespace"), key,
              QCoreApplication::translate("Config::ConfigLinter",
                                          "allow_origins entry '%1' contains spaces; origins are matched exactly.")
                  .arg(origin),
              QCoreApplication::translate("Config::ConfigLinter", "Remove the spaces."), QStringLiteral("§3.7"));
        return;
    }
    static const QRegularExpression schemeRe(QStringLiteral(R"(^([A-Za-z*][A-Za-z0-9+.\-*]*)://(.*)$)"));
    const auto m = schemeRe.match(origin);
    if (!m.hasMatch()) {
        c.add(Severity::Error, QStringLiteral("rum.origin-no-scheme"), key,
              QCoreApplication::translate(
                  "Config::ConfigLinter",
                  "allow_origins entry '%1' has no scheme; a browser's Origin always starts with http:// or https://.")
                  .arg(origin),
              QCoreApplication::translate("Config::ConfigLinter", "Write https://%1 (or http:// for plain HTTP pages).")
                  .arg(origin),
              QStringLiteral("§3.7"));
        return;
    }
    const QString rest = m.captured(2);
    if (rest.isEmpty()) {
        c.add(Severity::Error, QStringLiteral("rum.origin-no-host"), key,
              QCoreApplication::translate("Config::ConfigLinter", "allow_origins entry '%1' has no host.").arg(origin),
              QCoreApplication::translate("Config::ConfigLinter", "Add the host name of your pages."),
              QStringLiteral("§3.7"));
        return;
    }
    if (rest.indexOf(QLatin1Char('/')) == rest.size() - 1) {
        c.add(
            Severity::Error, QStringLiteral("rum.origin-trailing-slash"), key,
            QCoreApplication::translate(
                "Config::ConfigLinter",
                "allow_origins entry '%1' ends with '/'; a browser's Origin never does, so it never matches.")
                .arg(origin),
            QCoreApplication::translate("Config::ConfigLinter", "Remove the trailing slash: %1").arg(origin.chopped(1)),
            QStringLiteral("§3.7, C27"));
        return;
    }
    if (rest.contains(QLatin1Char('/'))) {
        c.add(Severity::Error, QStringLiteral("rum.origin-path"), key,
              QCoreApplication::translate(
                  "Config::ConfigLinter",
                  "allow_origins entry '%1' has a path; an Origin is only scheme://host[:port], so it never matches.")
                  .arg(origin),
              QCoreApplication::translate("Config::ConfigLinter", "Use %1://%2")
                  .arg(m.captured(1), rest.section(QLatin1Char('/'), 0, 0)),
              QStringLiteral("§3.7, C27"));
        return;
    }
}

} // namespace

QList<Finding> ConfigLinter::lint(const ApmServerYaml& yaml, Profile profile)
{
    return lint(readSettings(yaml), profile, &yaml);
}

QList<Finding> ConfigLinter::lint(const SettingsReadResult& read, Profile profile, const ApmServerYaml* yaml)
{
    Collector c(yaml);
    const ServerSettings& s = read.settings;
    const EffectiveSettings e = derive(s, profile);
    const bool v715 = profile == Profile::V7_15;

    // Values APM Server cannot read as their type: it would refuse to start.
    for (const ReadIssue& issue : read.issues) {
        Finding f{Severity::Error,
                  QStringLiteral("config.type"),
                  QCoreApplication::translate("Config::ConfigLinter", "%1: %2").arg(issue.key, issue.message),
                  QCoreApplication::translate("Config::ConfigLinter", "Correct the value's type."),
                  issue.key,
                  issue.line,
                  QStringLiteral("§7")};
        c.add(f.severity, f.code, f.key, f.message, f.fix, f.section);
    }
    // Everything derive() says APM Server refuses to start with.
    for (const StartupError& err : e.startupErrors) {
        QString code = QStringLiteral("startup.") + err.key.section(QLatin1Char('.'), -1);
        QString fix =
            QCoreApplication::translate("Config::ConfigLinter", "Fix this setting; APM Server will not start with it.");
        if (err.key.endsWith(QLatin1String("ip_limit"))) {
            code = QStringLiteral("anonymous.ip-limit-invalid");
            fix = QCoreApplication::translate(
                "Config::ConfigLinter", "Set auth.anonymous.rate_limit.ip_limit to a positive number (default 1000).");
        } else if (err.section == QStringLiteral("§8")) {
            code = QStringLiteral("config.removed-key");
            fix = QCoreApplication::translate("Config::ConfigLinter", "Rename the key as the message says.");
        } else if (err.key.endsWith(QLatin1String("ssl.certificate")) || err.key.endsWith(QLatin1String("ssl.key"))) {
            code = QStringLiteral("ssl.missing-file");
            fix = QCoreApplication::translate("Config::ConfigLinter",
                                              "Set ssl.certificate and ssl.key, or set ssl.enabled: false.");
        }
        c.add(Severity::Error, code, err.key,
              QCoreApplication::translate("Config::ConfigLinter", "APM Server will not start: %1").arg(err.message),
              fix, err.section);
    }

    // --- secret token
    const QString tokenKey = s.auth.secretToken ? QStringLiteral("apm-server.auth.secret_token")
                                                : QStringLiteral("apm-server.secret_token");
    const QString token = e.secretToken.value;
    if (!token.isEmpty()) {
        if (!e.tlsEnabled.value)
            c.add(Severity::Warning, QStringLiteral("auth.token-without-tls"), tokenKey,
                  QCoreApplication::translate(
                      "Config::ConfigLinter",
                      "A secret token is set but TLS is off: agents send it in clear text over the network."),
                  QCoreApplication::translate(
                      "Config::ConfigLinter",
                      "Enable TLS (apm-server.ssl) or keep the server on a trusted network only."),
                  QStringLiteral("§5, C21"));
        if (!SecretReference::isReference(token)) {
            c.add(Severity::Warning, QStringLiteral("auth.token-cleartext"), tokenKey,
                  QCoreApplication::translate("Config::ConfigLinter",
                                              "The secret token is written in clear text in the file."),
                  QCoreApplication::translate(
                      "Config::ConfigLinter",
                      "Store it in APM Server's keystore (apm-server keystore add APM_SECRET_TOKEN) or an environment "
                      "variable, and write secret_token: ${APM_SECRET_TOKEN}."),
                  QStringLiteral("§3.1"));
            const QString lower = token.trimmed().toLower();
            if (lower == QLatin1String("false") || lower == QLatin1String("true") || lower == QLatin1String("null"))
                c.add(Severity::Error, QStringLiteral("auth.token-literal"), tokenKey,
                      QCoreApplication::translate(
                          "Config::ConfigLinter",
                          "The secret token is the literal word '%1'; agents must send exactly that.")
                          .arg(token.trimmed()),
                      QCoreApplication::translate("Config::ConfigLinter",
                                                  "Remove the key to disable the token, or generate a real one."),
                      QStringLiteral("C21"));
            if (token != token.trimmed() || token.contains(QRegularExpression(QStringLiteral("\\s"))))
                c.add(Severity::Error, QStringLiteral("auth.token-whitespace"), tokenKey,
                      QCoreApplication::translate(
                          "Config::ConfigLinter",
                          "The secret token contains whitespace; agents and environment variables often strip it, "
                          "giving 401 'authentication failed'."),
                      QCoreApplication::translate("Config::ConfigLinter", "Generate a token without whitespace."),
                      QStringLiteral("§3.2, C19"));
            else if (token.size() < 16)
                c.add(
                    Severity::Warning, QStringLiteral("auth.token-weak"), tokenKey,
                    QCoreApplication::translate("Config::ConfigLinter", "The secret token is only %1 characters long.")
                        .arg(token.size()),
                    QCoreApplication::translate("Config::ConfigLinter",
                                                "Use at least 32 random characters (the Secrets panel generates one)."),
                    QStringLiteral("§3.1"));
        }
    }
    if (s.ssl.keyPassphrase && !s.ssl.keyPassphrase->isEmpty() && !SecretReference::isReference(*s.ssl.keyPassphrase))
        c.add(Severity::Warning, QStringLiteral("ssl.passphrase-cleartext"),
              QStringLiteral("apm-server.ssl.key_passphrase"),
              QCoreApplication::translate("Config::ConfigLinter",
                                          "The key passphrase is written in clear text in the file."),
              QCoreApplication::translate(
                  "Config::ConfigLinter",
                  "Keep it in APM Server's keystore and write key_passphrase: ${SSL_KEY_PASSPHRASE}."),
              QStringLiteral("§5"));

    // --- anonymous access and rate limits
    if (!e.authRequired.value && (s.auth.anonymousEnabled || s.auth.allowAgent || s.auth.allowService ||
                                  s.auth.ipLimit || s.auth.eventLimit))
        c.add(
            Severity::Info, QStringLiteral("anonymous.ignored"), QStringLiteral("apm-server.auth.anonymous"),
            QCoreApplication::translate(
                "Config::ConfigLinter",
                "auth.anonymous settings have no effect: without a secret token or API keys every request is allowed."),
            QCoreApplication::translate("Config::ConfigLinter",
                                        "Set a secret token or enable API keys, or remove the anonymous settings."),
            QStringLiteral("§3.1"));
    if (v715 && e.authRequired.value && e.rumEnabled.value && !s.auth.anonymousEnabled &&
        s.presentKeys.filter(QRegularExpression(QStringLiteral("^auth\\.anonymous\\."))).size() > 0)
        c.add(Severity::Error, QStringLiteral("anonymous.715-not-enabled"), QStringLiteral("apm-server.auth.anonymous"),
              QCoreApplication::translate(
                  "Config::ConfigLinter",
                  "APM Server 7.15 turns anonymous access off because auth.anonymous.* keys are set without "
                  "auth.anonymous.enabled: the RUM agent will get 401."),
              QCoreApplication::translate("Config::ConfigLinter", "Add auth.anonymous.enabled: true."),
              QStringLiteral("§3.5, C26"));
    if (e.authRequired.value && e.rumEnabled.value && !e.anonymousEnabled.value && !(v715 && !s.auth.anonymousEnabled &&
        s.presentKeys.filter(QRegularExpression(QStringLiteral("^auth\\.anonymous\\."))).size() > 0))
        c.add(
            Severity::Warning, QStringLiteral("anonymous.rum-blocked"),
            QStringLiteral("apm-server.auth.anonymous.enabled"),
            QCoreApplication::translate(
                "Config::ConfigLinter",
                "RUM is enabled but anonymous access is off: browsers cannot send a token, so RUM requests get 401."),
            QCoreApplication::translate("Config::ConfigLinter",
                                        "Set auth.anonymous.enabled: true (restricted by allow_agent/allow_service)."),
            QStringLiteral("§3.5, C26"));
    if (e.anonymousEnabled.value) {
        if (e.eventLimit.value <= 0)
            c.add(Severity::Error, QStringLiteral("anonymous.event-limit-zero"),
                  QStringLiteral("apm-server.auth.anonymous.rate_limit.event_limit"),
                  QCoreApplication::translate(
                      "Config::ConfigLinter",
                      "event_limit is %1: every anonymous request is answered 429 (rate 0, burst 0).")
                      .arg(e.eventLimit.value),
                  QCoreApplication::translate("Config::ConfigLinter",
                                              "Set event_limit to a positive number (default 300)."),
                  QStringLiteral("§3.6"));
        else
            c.add(
                Severity::Info, QStringLiteral("anonymous.capacity"),
                QStringLiteral("apm-server.auth.anonymous.rate_limit.event_limit"),
                QCoreApplication::translate(
                    "Config::ConfigLinter",
                    "Anonymous capacity: %1 events/s per client IP (bursts of %2), for up to %3 IPs (about %4 events/s "
                    "in total). Clients behind one NAT or proxy share one limit.")
                    .arg(e.eventLimit.value)
                    .arg(e.burst.value)
                    .arg(e.ipLimit.value)
                    .arg(e.eventLimit.value * std::max<qint64>(0, e.ipLimit.value)),
                QCoreApplication::translate(
                    "Config::ConfigLinter",
                    "Raise event_limit for busy pages behind NAT; the client IP comes from Forwarded/X-Real-Ip/"
                    "X-Forwarded-For headers, which clients can spoof unless a proxy rewrites them."),
                QStringLiteral("§3.6, C32"));
        if (e.rumEnabled.value && !e.allowAgent.value.isEmpty() && !e.allowAgent.value.contains(QStringLiteral("rum-js")))
            c.add(Severity::Warning, QStringLiteral("anonymous.rum-agent-not-allowed"),
                  QStringLiteral("apm-server.auth.anonymous.allow_agent"),
                  QCoreApplication::translate(
                      "Config::ConfigLinter",
                      "allow_agent does not contain rum-js: the browser agent's events will be refused with 403."),
                  QCoreApplication::translate("Config::ConfigLinter", "Add rum-js (and js-base) to allow_agent."),
                  QStringLiteral("§3.5"));
        if (e.allowAgent.fromFile && e.allowAgent.value.isEmpty())
            c.add(
                Severity::Warning, QStringLiteral("anonymous.any-agent"),
                QStringLiteral("apm-server.auth.anonymous.allow_agent"),
                QCoreApplication::translate(
                    "Config::ConfigLinter",
                    "allow_agent is empty: any agent, backend agents included, may send data without credentials."),
                QCoreApplication::translate("Config::ConfigLinter", "List only the browser agents: [rum-js, js-base]."),
                QStringLiteral("§3.5"));
    }

    // --- RUM and CORS
    if (s.rum.allowOrigins) {
        for (const QString& o : *s.rum.allowOrigins)
            lintOrigin(c, o, e.rumEnabled.value);
    } else if (e.rumEnabled.value) {
        lintOrigin(c, QStringLiteral("*"), true);
    }
    if (!e.rumEnabled.value && (s.rum.allowOrigins || s.rum.allowHeaders || s.rum.responseHeaders))
        c.add(
            Severity::Info, QStringLiteral("rum.disabled-with-settings"), QStringLiteral("apm-server.rum.enabled"),
            QCoreApplication::translate(
                "Config::ConfigLinter",
                "rum.* settings are present but RUM is disabled: the RUM endpoints answer 403."),
            QCoreApplication::translate("Config::ConfigLinter", "Set rum.enabled: true if you use the browser agent."),
            QStringLiteral("§3.8"));

    // --- TLS
    if (e.tlsEnabled.value) {
        for (const QString& p : e.supportedProtocols.value) {
            if (p == QLatin1String("TLSv1") || p == QLatin1String("TLSv1.0") || p == QLatin1String("TLSv1.1")) {
                c.add(
                    Severity::Warning, QStringLiteral("ssl.old-protocol"),
                    QStringLiteral("apm-server.ssl.supported_protocols"),
                    e.supportedProtocols.fromFile
                        ? QCoreApplication::translate("Config::ConfigLinter",
                                                      "%1 is enabled; it is deprecated and weak.")
                              .arg(p)
                        : QCoreApplication::translate("Config::ConfigLinter",
                                                      "%1 is enabled by APM Server's default protocol list.")
                              .arg(p),
                    QCoreApplication::translate("Config::ConfigLinter", "Set supported_protocols: [TLSv1.2, TLSv1.3]."),
                    QStringLiteral("§5"));
                break;
            }
        }
        if (!s.ssl.clientAuthentication && !e.certificateAuthorities.value.isEmpty())
            c.add(Severity::Warning, QStringLiteral("ssl.ca-implies-required"),
                  QStringLiteral("apm-server.ssl.certificate_authorities"),
                  QCoreApplication::translate(
                      "Config::ConfigLinter",
                      "certificate_authorities is set without client_authentication, so client certificates are "
                      "required: agents without one fail the TLS handshake."),
                  QCoreApplication::translate("Config::ConfigLinter",
                                              "Set client_authentication: required if that is intended, or "
                                              "none/optional, or remove the CA list."),
                  QStringLiteral("§5, C14"));
        if (e.clientAuth.value != ClientAuth::None && e.certificateAuthorities.value.isEmpty())
            c.add(Severity::Warning, QStringLiteral("ssl.client-auth-without-ca"),
                  QStringLiteral("apm-server.ssl.client_authentication"),
                  QCoreApplication::translate(
                      "Config::ConfigLinter",
                      "Client authentication is %1 but no certificate_authorities are set: client certificates are "
                      "verified against the host's system roots.")
                      .arg(clientAuthName(e.clientAuth.value)),
                  QCoreApplication::translate(
                      "Config::ConfigLinter",
                      "Add the CA that issued your agents' client certificates to certificate_authorities."),
                  QStringLiteral("§5"));
    } else if (s.ssl.enabled && !*s.ssl.enabled &&
               (s.ssl.certificate || s.ssl.key || s.ssl.certificateAuthorities))
        c.add(Severity::Info, QStringLiteral("ssl.disabled-with-settings"), QStringLiteral("apm-server.ssl.enabled"),
              QCoreApplication::translate(
                  "Config::ConfigLinter",
                  "ssl.enabled is false, so the certificate settings are ignored and agents connect over plain HTTP."),
              QCoreApplication::translate("Config::ConfigLinter", "Remove ssl.enabled: false to turn TLS on."),
              QStringLiteral("§5"));

    // --- exposure
    if (!e.authRequired.value && isLoopbackHost(e.host.value))
        c.add(
            Severity::Info, QStringLiteral("auth.none"), QStringLiteral("apm-server.auth"),
            QCoreApplication::translate(
                "Config::ConfigLinter",
                "No secret token and no API keys: APM Server accepts every request, whatever credentials it carries."),
            QCoreApplication::translate(
                "Config::ConfigLinter",
                "Fine on loopback for a first test; set auth.secret_token (as a ${NAME} reference) before agents "
                "on other hosts connect."),
            QStringLiteral("§3.1"));
    if (!isLoopbackHost(e.host.value)) {
        if (!e.authRequired.value)
            c.add(Severity::Warning, QStringLiteral("host.exposed-without-auth"), QStringLiteral("apm-server.host"),
                  QCoreApplication::translate(
                      "Config::ConfigLinter",
                      "The server listens on %1 without any authentication: anyone who reaches it can send data.")
                      .arg(e.host.value),
                  QCoreApplication::translate("Config::ConfigLinter",
                                              "Set a secret token or API keys, or listen on a loopback address."),
                  QStringLiteral("§3.1"));
        else if (!e.tlsEnabled.value)
            c.add(Severity::Warning, QStringLiteral("host.exposed-without-tls"), QStringLiteral("apm-server.host"),
                  QCoreApplication::translate(
                      "Config::ConfigLinter",
                      "The server listens on %1 without TLS: credentials and data cross the network in clear text.")
                      .arg(e.host.value),
                  QCoreApplication::translate("Config::ConfigLinter", "Enable TLS."), QStringLiteral("§5"));
    }
    if (s.expvarEnabled.value_or(false) || s.pprofEnabled.value_or(false))
        c.add(Severity::Warning, QStringLiteral("debug.unauthenticated"),
              s.expvarEnabled.value_or(false) ? QStringLiteral("apm-server.expvar.enabled")
                                              : QStringLiteral("apm-server.pprof.enabled"),
              QCoreApplication::translate("Config::ConfigLinter",
                                          "expvar/pprof endpoints are enabled; they need no authentication at all."),
              QCoreApplication::translate("Config::ConfigLinter", "Disable them in production."), QStringLiteral("§2"));

    // --- API keys
    if (e.apiKeyEnabled.value && e.apiKeyLimit.value < 1)
        c.add(Severity::Warning, QStringLiteral("api-key.limit"), QStringLiteral("apm-server.auth.api_key.limit"),
              QCoreApplication::translate("Config::ConfigLinter",
                                          "auth.api_key.limit is %1; 8.19 then uses 8192, 7.15 refuses every key.")
                  .arg(e.apiKeyLimit.value),
              QCoreApplication::translate("Config::ConfigLinter",
                                          "Set it to at least the number of distinct API keys your agents use."),
              QStringLiteral("§3.4"));

    // --- 7.15 agent configuration kill switch
    if (v715 && !e.agentConfigEnabled.value)
        c.add(Severity::Info, QStringLiteral("agent-config.disabled"), QStringLiteral("apm-server.kibana.enabled"),
              QCoreApplication::translate(
                  "Config::ConfigLinter",
                  "Agent central configuration answers 403 under 7.15 unless apm-server.kibana is enabled."),
              QCoreApplication::translate("Config::ConfigLinter",
                                          "Enable apm-server.kibana if you use central configuration."),
              QStringLiteral("§3.8"));

    // --- keys: deprecated, unknown, misplaced
    for (const QString& rel : s.presentKeys) {
        const QString full = QStringLiteral("apm-server.") + rel;
        const KeyInfo* info = findKey(rel);
        if (info) {
            if (info->availability == Availability::Removed8 && v715)
                c.add(Severity::Warning, QStringLiteral("config.deprecated-key"), full,
                      QCoreApplication::translate("Config::ConfigLinter",
                                                  "apm-server.%1 is deprecated and removed in 8.0.")
                          .arg(rel),
                      QCoreApplication::translate("Config::ConfigLinter", "Use apm-server.%1 instead.")
                          .arg(info->replacement),
                      QStringLiteral("§8"));
            continue;
        }
        // Children of a header map or of a known key are not keys of their own.
        bool childOfKnown = false;
        for (const KeyInfo& k : settingsSchema()) {
            if (rel.startsWith(k.key + QLatin1Char('.')) && k.type == ValueType::Headers)
                childOfKnown = true;
        }
        if (childOfKnown || isKnownUnmanagedKey(rel))
            continue;
        // Intermediate mapping keys ("auth", "auth.anonymous") are prefixes of managed keys.
        bool isPrefix = false;
        for (const KeyInfo& k : settingsSchema()) {
            if (k.key.startsWith(rel + QLatin1Char('.')))
                isPrefix = true;
        }
        for (const QString& other : s.presentKeys) {
            if (other.startsWith(rel + QLatin1Char('.')))
                isPrefix = true;
        }
        if (isPrefix)
            continue;
        const QStringList suggestions = suggestKeys(rel);
        c.add(Severity::Warning, QStringLiteral("config.unknown-key"), full,
              suggestions.isEmpty()
                  ? QCoreApplication::translate("Config::ConfigLinter",
                                                "apm-server.%1 is not a setting APM Server knows; it is ignored.")
                        .arg(rel)
                  : QCoreApplication::translate(
                        "Config::ConfigLinter",
                        "apm-server.%1 is not a setting APM Server knows; did you mean apm-server.%2?")
                        .arg(rel, suggestions.constFirst()),
              suggestions.isEmpty()
                  ? QCoreApplication::translate("Config::ConfigLinter",
                                                "Check the spelling against the APM Server reference.")
                  : QCoreApplication::translate("Config::ConfigLinter", "Rename it to apm-server.%1.")
                        .arg(suggestions.constFirst()),
              QStringLiteral("§7"));
    }
    if (yaml) {
        // Sections written at the wrong level are silently ignored by APM Server (C30).
        static const QStringList orphanRoots = {QStringLiteral("rum"), QStringLiteral("auth"), QStringLiteral("ssl"),
                                                QStringLiteral("secret_token"), QStringLiteral("api_key"),
                                                QStringLiteral("host"), QStringLiteral("kibana")};
        QStringList reported;
        for (const YamlEntry& entry : yaml->entries()) {
            const QString root = entry.path.section(QLatin1Char('.'), 0, 0);
            if (orphanRoots.contains(root) && !reported.contains(root)) {
                reported << root;
                c.add(
                    Severity::Error, QStringLiteral("config.misplaced-section"), entry.path,
                    QCoreApplication::translate(
                        "Config::ConfigLinter",
                        "'%1' is at the top level of the file; APM Server only reads it under apm-server:, so it is "
                        "ignored.")
                        .arg(root),
                    QCoreApplication::translate("Config::ConfigLinter", "Indent it under apm-server: (apm-server.%1).")
                        .arg(root),
                    QStringLiteral("C30"));
            }
        }
    }
    QList<Finding> out = c.take();
    std::stable_sort(out.begin(), out.end(),
                     [](const Finding& a, const Finding& b) { return int(a.severity) > int(b.severity); });
    return out;
}

} // namespace Config
