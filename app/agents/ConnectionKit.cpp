// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "agents/ConnectionKit.h"

#include "config/SecretReference.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

namespace Agents {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Agents", text);
}

QString shellSingleQuoted(const QString& value)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@%+=,-]*$"));
    if (plain.match(value).hasMatch())
        return value;
    QString escaped = value;
    escaped.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QString jsString(const QString& value)
{
    QString s = value;
    s.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}

QString pyString(const QString& value)
{
    QString s = value;
    s.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + s + QLatin1Char('"');
}

QString yamlString(const QString& value)
{
    QString s = value;
    s.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}

bool isJavaStore(const QString& file)
{
    const QString suffix = QFileInfo(file).suffix().toLower();
    return suffix == QLatin1String("p12") || suffix == QLatin1String("pfx") || suffix == QLatin1String("jks");
}

QString javaStoreFor(const QString& caFile)
{
    if (isJavaStore(caFile))
        return caFile;
    const QFileInfo info(caFile);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral("-truststore.p12"));
}

// The credential as the snippet language refers to it: an environment lookup in the agent's own
// syntax, never the value unless revealed.
struct Credential
{
    const OptionName* option = nullptr;
    QString referenceName; // the ${NAME}
    std::optional<QString> value;
    bool present() const { return option != nullptr; }
};

} // namespace

QString agentNameOnWire(const QString& agentId)
{
    return agentId == QLatin1String("rum") ? QStringLiteral("rum-js") : agentId;
}

KitRequest KitRequest::fromSettings(const Config::EffectiveSettings& effective)
{
    KitRequest r;
    r.serverTls = effective.tlsEnabled.value;
    r.clientAuth = effective.clientAuth.value;
    r.authRequired = effective.authRequired.value;
    r.rumEnabled = effective.rumEnabled.value;
    r.anonymousEnabled = effective.anonymousEnabled.value;
    r.allowAgent = effective.allowAgent.value;
    r.allowOrigins = effective.allowOrigins.value;
    const QString token = effective.secretToken.value;
    if (!token.isEmpty()) {
        r.credential = Credential::SecretToken;
        if (const auto ref = Config::SecretReference::parse(token))
            r.credentialName = ref->name;
        else
            r.revealed = token; // already in clear text in the file; the kit still hides it unless asked
    } else if (effective.apiKeyEnabled.value) {
        r.credential = Credential::ApiKey;
        r.credentialName = QStringLiteral("APM_API_KEY");
    }
    return r;
}

ConnectionKit buildKit(const AgentInfo& agent, const KitRequest& request)
{
    ConnectionKit kit;
    kit.agentId = agent.id;
    kit.snippetFile = agent.snippetFile;
    const bool rum = agent.id == QLatin1String("rum");
    const QUrl url(request.serverUrl);
    const bool https = url.scheme() == QLatin1String("https");

    // --- credential (RUM never sends one, §3.8)
    Credential cred;
    if (!rum && request.credential != KitRequest::Credential::None) {
        cred.option = request.credential == KitRequest::Credential::ApiKey ? &agent.apiKey : &agent.secretToken;
        cred.referenceName = request.credentialName;
        cred.value = request.revealed;
    }
    const bool showValue = cred.present() && (cred.referenceName.isEmpty() || request.revealed.has_value());
    auto credentialText = [&](const std::function<QString(const QString& name)>& lookup,
                              const std::function<QString(const QString& v)>& literal) {
        if (showValue && cred.value)
            return literal(*cred.value);
        if (!cred.referenceName.isEmpty())
            return lookup(cred.referenceName);
        return lookup(QStringLiteral("APM_SECRET_TOKEN"));
    };
    if (cred.present() && cred.referenceName.isEmpty() && !request.revealed)
        kit.warnings << tr("The file holds the secret token in clear text; store it with `apm-gatekeeper token "
                           "generate --config FILE` and give agents the reference.");
    if (cred.present() && request.credential == KitRequest::Credential::ApiKey)
        kit.notes << tr("The API key value is base64(id:api_key), the Credentials `apm-gatekeeper apikey create` "
                        "prints; store it with `apm-gatekeeper secret set %1`.")
                         .arg(cred.referenceName);

    // --- environment
    auto addEnv = [&](const OptionName& o, const QString& value, bool secret = false) {
        if (!o.env.isEmpty())
            kit.environment << KitSetting{o.env, value, secret};
    };
    addEnv(agent.serverUrl, request.serverUrl);
    addEnv(agent.serviceName, request.serviceName);
    addEnv(agent.environment, request.environment);
    if (cred.present() && cred.option->supported())
        addEnv(*cred.option, credentialText([](const QString& n) { return QStringLiteral("${%1}").arg(n); },
                                            [](const QString& v) { return v; }),
               true);
    if (https && agent.verifyServerCert.supported())
        addEnv(agent.verifyServerCert, QStringLiteral("true"));
    if (https && !request.caFile.isEmpty() && agent.caFile.supported())
        addEnv(agent.caFile, request.caFile);
    if (https && !request.caFile.isEmpty() && agent.id == QLatin1String("java")) {
        const QString store = javaStoreFor(request.caFile);
        kit.environment << KitSetting{QStringLiteral("JAVA_TOOL_OPTIONS"),
                                      QStringLiteral("-Djavax.net.ssl.trustStore=%1 -Djavax.net.ssl.trustStorePassword=${"
                                                     "APM_TRUSTSTORE_PASSWORD} -Djavax.net.ssl.trustStoreType=%2")
                                          .arg(store, QFileInfo(store).suffix().toLower() == QLatin1String("jks")
                                                          ? QStringLiteral("JKS")
                                                          : QStringLiteral("PKCS12")),
                                      false};
        if (!isJavaStore(request.caFile))
            kit.notes << tr("Java reads no PEM file: build the trust store with keytool (OpenSSL-made PKCS#12 files "
                            "are empty for Java): keytool -importcert -noprompt -alias apm-ca -file %1 -keystore %2 "
                            "-storetype PKCS12 -storepass \"$APM_TRUSTSTORE_PASSWORD\"")
                             .arg(request.caFile, store);
        kit.notes << tr("The javax.net.ssl.* properties are JVM-wide: the application's own HTTPS uses this trust "
                        "store too; start from a copy of the JDK's cacerts if it also needs public CAs.");
    }

    // --- trust notes
    if (https) {
        if (!request.caFile.isEmpty() && agent.caFile.supported()) {
            kit.notes << tr("%1 (since %2) replaces the default roots: a public CA the application also needs must be "
                            "in %3 too.")
                             .arg(agent.caFile.config, agent.caFile.since, request.caFile);
        } else if (!request.caFile.isEmpty() && agent.id == QLatin1String("php")) {
            kit.notes << tr("PHP trusts only the operating system's store: sudo cp %1 "
                            "/usr/local/share/ca-certificates/apm-server-ca.crt && sudo update-ca-certificates")
                             .arg(request.caFile);
        } else if (!request.caFile.isEmpty() && agent.id == QLatin1String("dotnet")) {
            kit.notes << tr(".NET has no CA-file option: add %1 to the operating system's store (Linux: sudo cp %1 "
                            "/usr/local/share/ca-certificates/apm-server-ca.crt && sudo update-ca-certificates; "
                            "Windows: LocalMachine\\Root), or pin the server's own certificate with %2.")
                             .arg(request.caFile, agent.serverCert.env);
        } else if (!request.caFile.isEmpty() && rum) {
            kit.notes << tr("The browser agent has no trust options: %1 helps only on machines whose browsers trust "
                            "it; public visitors need a publicly trusted certificate.")
                             .arg(request.caFile);
        }
        if (!agent.trustWithoutCaFile.isEmpty() && agent.id != QLatin1String("java"))
            kit.notes << tr("Trust: %1.").arg(agent.trustWithoutCaFile);
        if (agent.serverCert.supported())
            kit.notes << tr("Alternative: pin the server's leaf certificate with %1 (since %2); it must be renewed "
                            "in the kit with every new server certificate.")
                             .arg(agent.serverCert.env, agent.serverCert.since);
    } else if (!request.caFile.isEmpty()) {
        kit.warnings << tr("The URL is http://, so the CA file %1 is not used.").arg(request.caFile);
    }

    // --- what APM Server will do with this agent
    if (https && !request.serverTls)
        kit.warnings << tr("The document serves plain HTTP (no apm-server.ssl.*): an https:// URL fails the "
                           "handshake.");
    if (!https && request.serverTls)
        kit.warnings << tr("The document enables TLS (apm-server.ssl.enabled): use an https:// URL; plain HTTP gets "
                           "a 400 or a reset connection.");
    if (!https && cred.present())
        kit.warnings << tr("The credential travels in clear text over http://; enable TLS on APM Server.");
    if (request.serverTls && request.clientAuth == Config::ClientAuth::Required) {
        if (agent.clientCertificates == ClientCertificates::No)
            kit.warnings << tr("APM Server requires client certificates (ssl.client_authentication: required) and "
                               "the %1 agent cannot present one: it will fail the handshake.")
                                .arg(agent.displayName);
        else if (agent.clientCertificates == ClientCertificates::JvmProperties)
            kit.notes << tr("Client certificate: -Djavax.net.ssl.keyStore=<store> -Djavax.net.ssl.keyStorePassword=<pw> "
                            "-Djavax.net.ssl.keyStoreType=PKCS12 (agent 1.28.3 or later; without keyStoreType none is sent).");
        else
            kit.notes << tr("Client certificate: only from code (transport.HTTPTransportOptions{TLSClientConfig: …}); "
                            "the TLS environment variables are then ignored.");
    }
    const QString wireName = agentNameOnWire(agent.id);
    const bool agentAllowed = request.allowAgent.isEmpty() || request.allowAgent.contains(wireName);
    if (rum) {
        if (!request.rumEnabled)
            kit.warnings << tr("apm-server.rum.enabled is false: the RUM endpoint answers 403.");
        if (request.authRequired && !request.anonymousEnabled)
            kit.warnings << tr("A secret token or API keys are set and anonymous access is off: the RUM agent sends no "
                               "credentials and gets 401 (apm-server.auth.anonymous.enabled).");
        else if (request.authRequired && !agentAllowed)
            kit.warnings << tr("apm-server.auth.anonymous.allow_agent does not list rum-js: the RUM agent gets 403.");
        if (!request.allowOrigins.isEmpty())
            kit.notes << tr("Pages may send from these origins (apm-server.rum.allow_origins): %1.")
                             .arg(request.allowOrigins.join(QStringLiteral(", ")));
    } else if (!cred.present() && request.authRequired) {
        if (!request.anonymousEnabled)
            kit.warnings << tr("APM Server requires a secret token or an API key and the kit has none: intake gets 401.");
        else if (!agentAllowed)
            kit.warnings << tr("Without a credential the %1 agent relies on anonymous access, which "
                               "apm-server.auth.anonymous.allow_agent does not grant it (403).")
                                .arg(agent.displayName);
    }
    if (!agent.precedenceTrap.isEmpty())
        kit.notes << tr("Precedence: %1.").arg(agent.precedenceTrap);

    // --- snippet, in the agent's own configuration language
    QStringList s;
    switch (agent.snippet) {
    case SnippetStyle::NodeModule: {
        s << QStringLiteral("// %1 (the agent reads it from the working directory; environment variables win)")
                 .arg(agent.snippetFile)
          << QStringLiteral("module.exports = {")
          << QStringLiteral("  serverUrl: %1,").arg(jsString(request.serverUrl))
          << QStringLiteral("  serviceName: %1,").arg(jsString(request.serviceName))
          << QStringLiteral("  environment: %1,").arg(jsString(request.environment));
        if (cred.present())
            s << QStringLiteral("  %1: %2,").arg(cred.option->config,
                                                 credentialText([](const QString& n) { return QStringLiteral("process.env.") + n; },
                                                                jsString));
        if (https) {
            s << QStringLiteral("  verifyServerCert: true,");
            if (!request.caFile.isEmpty())
                s << QStringLiteral("  serverCaCertFile: %1,").arg(jsString(request.caFile));
        }
        s << QStringLiteral("};");
        break;
    }
    case SnippetStyle::JavaProperties:
        s << QStringLiteral("# %1 (next to the agent jar; it beats -D options and the environment)").arg(agent.snippetFile)
          << QStringLiteral("server_url=%1").arg(request.serverUrl)
          << QStringLiteral("service_name=%1").arg(request.serviceName)
          << QStringLiteral("environment=%1").arg(request.environment);
        if (https)
            s << QStringLiteral("verify_server_cert=true");
        if (cred.present()) {
            if (showValue && cred.value)
                s << QStringLiteral("%1=%2").arg(cred.option->config, *cred.value);
            else
                s << QStringLiteral("# %1: from %2=\"${%3}\" in the environment (kept out of this file and the process "
                                    "list)")
                         .arg(cred.option->config, cred.option->env,
                              cred.referenceName.isEmpty() ? QStringLiteral("APM_SECRET_TOKEN") : cred.referenceName);
        }
        break;
    case SnippetStyle::PythonDict:
        s << QStringLiteral("# Django settings.py (Flask: app.config[\"ELASTIC_APM\"]); environment variables win")
          << QStringLiteral("import os") << QStringLiteral("ELASTIC_APM = {")
          << QStringLiteral("    \"SERVER_URL\": %1,").arg(pyString(request.serverUrl))
          << QStringLiteral("    \"SERVICE_NAME\": %1,").arg(pyString(request.serviceName))
          << QStringLiteral("    \"ENVIRONMENT\": %1,").arg(pyString(request.environment));
        if (cred.present())
            s << QStringLiteral("    \"%1\": %2,").arg(cred.option->config,
                                                       credentialText([](const QString& n) { return QStringLiteral("os.environ[\"%1\"]").arg(n); },
                                                                      pyString));
        if (https) {
            s << QStringLiteral("    \"VERIFY_SERVER_CERT\": True,");
            if (!request.caFile.isEmpty())
                s << QStringLiteral("    \"SERVER_CA_CERT_FILE\": %1,").arg(pyString(request.caFile));
        }
        s << QStringLiteral("}");
        break;
    case SnippetStyle::GoEnvironment:
        s << QStringLiteral("# Go reads its connection and TLS settings from the environment only, e.g. a systemd drop-in:")
          << QStringLiteral("[Service]");
        for (const KitSetting& e : kit.environment)
            s << QStringLiteral("Environment=\"%1=%2\"").arg(e.name, e.value);
        break;
    case SnippetStyle::DotNetJson: {
        QJsonObject apm{{QStringLiteral("ServerUrl"), request.serverUrl},
                        {QStringLiteral("ServiceName"), request.serviceName},
                        {QStringLiteral("Environment"), request.environment}};
        if (https)
            apm.insert(QStringLiteral("VerifyServerCert"), true);
        if (cred.present() && showValue && cred.value)
            apm.insert(cred.option->config, *cred.value);
        s << QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("ElasticApm"), apm}}).toJson(QJsonDocument::Indented))
                 .trimmed();
        if (cred.present() && !(showValue && cred.value))
            kit.notes << tr("%1 is not in appsettings.json: give it as %2=\"${%3}\" in the environment (a value in "
                            "appsettings.json would override it).")
                             .arg(cred.option->config, cred.option->env,
                                  cred.referenceName.isEmpty() ? QStringLiteral("APM_SECRET_TOKEN") : cred.referenceName);
        break;
    }
    case SnippetStyle::RubyYaml:
        s << QStringLiteral("# %1 (evaluated as ERB; environment variables win)").arg(agent.snippetFile)
          << QStringLiteral("server_url: %1").arg(yamlString(request.serverUrl))
          << QStringLiteral("service_name: %1").arg(yamlString(request.serviceName))
          << QStringLiteral("environment: %1").arg(yamlString(request.environment));
        if (cred.present())
            s << QStringLiteral("%1: %2").arg(cred.option->config,
                                              credentialText([](const QString& n) { return QStringLiteral("<%= ENV[\"%1\"] %>").arg(n); },
                                                             yamlString));
        if (https) {
            s << QStringLiteral("verify_server_cert: true");
            if (!request.caFile.isEmpty())
                s << QStringLiteral("server_ca_cert_file: %1").arg(yamlString(request.caFile));
        }
        break;
    case SnippetStyle::PhpIni:
        s << QStringLiteral("; php.ini (or a conf.d file); php.ini beats the environment")
          << QStringLiteral("elastic_apm.server_url=\"%1\"").arg(request.serverUrl)
          << QStringLiteral("elastic_apm.service_name=\"%1\"").arg(request.serviceName)
          << QStringLiteral("elastic_apm.environment=\"%1\"").arg(request.environment);
        if (cred.present())
            s << QStringLiteral("elastic_apm.%1=%2").arg(cred.option->config,
                                                         credentialText([](const QString& n) { return QStringLiteral("${%1}").arg(n); },
                                                                        [](const QString& v) { return QLatin1Char('"') + v + QLatin1Char('"'); }));
        if (https)
            s << QStringLiteral("elastic_apm.verify_server_cert=true");
        break;
    case SnippetStyle::RumScript:
        s << QStringLiteral("<!-- the page loads the agent (elastic-apm-rum.umd.min.js from @elastic/apm-rum) -->")
          << QStringLiteral("<script src=\"elastic-apm-rum.umd.min.js\" crossorigin></script>")
          << QStringLiteral("<script>")
          << QStringLiteral("  elasticApm.init({")
          << QStringLiteral("    serviceName: %1,").arg(jsString(request.serviceName))
          << QStringLiteral("    serverUrl: %1,").arg(jsString(request.serverUrl))
          << QStringLiteral("    environment: %1,").arg(jsString(request.environment))
          << QStringLiteral("  });")
          << QStringLiteral("</script>");
        break;
    }
    kit.snippet = s.join(QLatin1Char('\n')) + QLatin1Char('\n');
    return kit;
}

QString renderEnvironment(const ConnectionKit& kit)
{
    QString text;
    for (const QString& w : kit.warnings)
        text += QStringLiteral("# WARNING: ") + w + QLatin1Char('\n');
    for (const QString& n : kit.notes)
        text += QStringLiteral("# ") + n + QLatin1Char('\n');
    static const QRegularExpression reference(QStringLiteral(R"(\$\{[A-Za-z_][A-Za-z0-9_]*\})"));
    for (const KitSetting& s : kit.environment) {
        // A value holding a reference goes in double quotes so the shell fills it in; nothing else
        // in those values needs expanding (URLs, paths, names are checked by the pattern above).
        if (reference.match(s.value).hasMatch()) {
            QString v = s.value;
            v.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""))
                .replace(QLatin1Char('`'), QStringLiteral("\\`"));
            text += s.name + QStringLiteral("=\"") + v + QStringLiteral("\"\n");
        } else {
            text += s.name + QLatin1Char('=') + shellSingleQuoted(s.value) + QLatin1Char('\n');
        }
    }
    return text;
}

QString renderSnippet(const ConnectionKit& kit)
{
    QString prefix = QStringLiteral("# ");
    QString suffix;
    if (kit.snippetFile.endsWith(QLatin1String(".js"))) {
        prefix = QStringLiteral("// ");
    } else if (kit.snippetFile.endsWith(QLatin1String(".ini"))) {
        prefix = QStringLiteral("; ");
    } else if (kit.snippetFile.endsWith(QLatin1String(".html"))) {
        prefix = QStringLiteral("<!-- ");
        suffix = QStringLiteral(" -->");
    } else if (kit.snippetFile.endsWith(QLatin1String(".json"))) {
        prefix = QStringLiteral("// (not part of the file) ");
    }
    QString text;
    for (const QString& w : kit.warnings)
        text += prefix + QStringLiteral("WARNING: ") + w + suffix + QLatin1Char('\n');
    for (const QString& n : kit.notes)
        text += prefix + n + suffix + QLatin1Char('\n');
    return text + kit.snippet;
}

} // namespace Agents
