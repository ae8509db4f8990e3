// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "agents/AgentCatalog.h"

namespace Agents {

namespace {

OptionName opt(const char* config, const char* env, const char* since = "")
{
    return OptionName{QString::fromLatin1(config), QString::fromLatin1(env), QString::fromLatin1(since)};
}

// Same name in the agent's config and the environment (Go: configuration is the environment).
OptionName envOnly(const char* env, const char* since = "")
{
    return opt(env, env, since);
}

QList<AgentInfo> build()
{
    QList<AgentInfo> agents;

    // §3.1: env > apm.start() object > elastic-apm-node.js. No pin, no client certificate.
    AgentInfo node;
    node.id = QStringLiteral("nodejs");
    node.displayName = QStringLiteral("Node.js");
    node.package = QStringLiteral("elastic-apm-node");
    node.snippet = SnippetStyle::NodeModule;
    node.snippetFile = QStringLiteral("elastic-apm-node.js");
    node.serverUrl = opt("serverUrl", "ELASTIC_APM_SERVER_URL");
    node.secretToken = opt("secretToken", "ELASTIC_APM_SECRET_TOKEN");
    node.apiKey = opt("apiKey", "ELASTIC_APM_API_KEY", "3.10.0");
    node.verifyServerCert = opt("verifyServerCert", "ELASTIC_APM_VERIFY_SERVER_CERT", "1.0.0");
    node.caFile = opt("serverCaCertFile", "ELASTIC_APM_SERVER_CA_CERT_FILE", "3.3.0");
    node.serviceName = opt("serviceName", "ELASTIC_APM_SERVICE_NAME");
    node.environment = opt("environment", "ELASTIC_APM_ENVIRONMENT");
    node.trustWithoutCaFile = QStringLiteral("agents before 3.3.0: NODE_EXTRA_CA_CERTS=<ca.pem> (ignored once serverCaCertFile is set)");
    agents << node;

    // §3.2: elasticapm.properties > -Delastic.apm.* > env. Trust only through the JVM trust store.
    AgentInfo java;
    java.id = QStringLiteral("java");
    java.displayName = QStringLiteral("Java");
    java.package = QStringLiteral("elastic-apm-agent");
    java.snippet = SnippetStyle::JavaProperties;
    java.snippetFile = QStringLiteral("elasticapm.properties");
    java.serverUrl = opt("server_url", "ELASTIC_APM_SERVER_URL");
    java.secretToken = opt("secret_token", "ELASTIC_APM_SECRET_TOKEN");
    java.apiKey = opt("api_key", "ELASTIC_APM_API_KEY", "1.15.0");
    java.verifyServerCert = opt("verify_server_cert", "ELASTIC_APM_VERIFY_SERVER_CERT", "0.1.0");
    java.serviceName = opt("service_name", "ELASTIC_APM_SERVICE_NAME");
    java.environment = opt("environment", "ELASTIC_APM_ENVIRONMENT");
    java.clientCertificates = ClientCertificates::JvmProperties;
    java.trustWithoutCaFile = QStringLiteral("the JVM trust store: -Djavax.net.ssl.trustStore=<store> "
                                             "-Djavax.net.ssl.trustStorePassword=<pw> -Djavax.net.ssl.trustStoreType=PKCS12");
    java.precedenceTrap = QStringLiteral("an elasticapm.properties file beats system properties and the environment");
    agents << java;

    // §3.3: env > Client() kwargs > framework dict. Pin (SERVER_CERT) wins over VERIFY_SERVER_CERT.
    AgentInfo python;
    python.id = QStringLiteral("python");
    python.displayName = QStringLiteral("Python");
    python.package = QStringLiteral("elastic-apm");
    python.snippet = SnippetStyle::PythonDict;
    python.snippetFile = QStringLiteral("settings.py");
    python.serverUrl = opt("SERVER_URL", "ELASTIC_APM_SERVER_URL");
    python.secretToken = opt("SECRET_TOKEN", "ELASTIC_APM_SECRET_TOKEN");
    python.apiKey = opt("API_KEY", "ELASTIC_APM_API_KEY", "5.4.0");
    python.verifyServerCert = opt("VERIFY_SERVER_CERT", "ELASTIC_APM_VERIFY_SERVER_CERT", "1.0");
    python.caFile = opt("SERVER_CA_CERT_FILE", "ELASTIC_APM_SERVER_CA_CERT_FILE", "6.17.0");
    python.serverCert = opt("SERVER_CERT", "ELASTIC_APM_SERVER_CERT", "4.2.0");
    python.serviceName = opt("SERVICE_NAME", "ELASTIC_APM_SERVICE_NAME");
    python.environment = opt("ENVIRONMENT", "ELASTIC_APM_ENVIRONMENT");
    python.trustWithoutCaFile = QStringLiteral("agents before 6.17.0: pin the server certificate with SERVER_CERT (4.2.0)");
    agents << python;

    // §3.4: TLS settings are environment only unless the program builds its own transport.
    AgentInfo go;
    go.id = QStringLiteral("go");
    go.displayName = QStringLiteral("Go");
    go.package = QStringLiteral("go.elastic.co/apm/v2");
    go.snippet = SnippetStyle::GoEnvironment;
    go.snippetFile = QStringLiteral("apm-agent.env");
    go.serverUrl = envOnly("ELASTIC_APM_SERVER_URL");
    go.secretToken = envOnly("ELASTIC_APM_SECRET_TOKEN");
    go.apiKey = envOnly("ELASTIC_APM_API_KEY", "1.7.0");
    go.verifyServerCert = envOnly("ELASTIC_APM_VERIFY_SERVER_CERT", "0.4.0");
    go.caFile = envOnly("ELASTIC_APM_SERVER_CA_CERT_FILE", "1.13.0");
    go.serverCert = envOnly("ELASTIC_APM_SERVER_CERT", "1.1.0");
    go.serviceName = envOnly("ELASTIC_APM_SERVICE_NAME");
    go.environment = envOnly("ELASTIC_APM_ENVIRONMENT");
    go.clientCertificates = ClientCertificates::CodeOnly;
    go.trustWithoutCaFile = QStringLiteral("agents before 1.13.0: pin the server certificate with ELASTIC_APM_SERVER_CERT (1.1.0)");
    go.precedenceTrap = QStringLiteral("a TLSClientConfig built in code makes the agent ignore the three TLS variables");
    agents << go;

    // §3.5: appsettings.json (ASP.NET Core) beats the environment. No CA-file option.
    AgentInfo dotnet;
    dotnet.id = QStringLiteral("dotnet");
    dotnet.displayName = QStringLiteral(".NET");
    dotnet.package = QStringLiteral("Elastic.Apm");
    dotnet.snippet = SnippetStyle::DotNetJson;
    dotnet.snippetFile = QStringLiteral("appsettings.json");
    dotnet.serverUrl = opt("ServerUrl", "ELASTIC_APM_SERVER_URL");
    dotnet.secretToken = opt("SecretToken", "ELASTIC_APM_SECRET_TOKEN");
    dotnet.apiKey = opt("ApiKey", "ELASTIC_APM_API_KEY", "1.4");
    dotnet.verifyServerCert = opt("VerifyServerCert", "ELASTIC_APM_VERIFY_SERVER_CERT", "1.3");
    dotnet.serverCert = opt("ServerCert", "ELASTIC_APM_SERVER_CERT", "1.9");
    dotnet.serviceName = opt("ServiceName", "ELASTIC_APM_SERVICE_NAME");
    dotnet.environment = opt("Environment", "ELASTIC_APM_ENVIRONMENT");
    dotnet.trustWithoutCaFile = QStringLiteral("the operating system's store (Windows LocalMachine\\Root; the distribution's CA "
                                               "store on Linux), or ServerCert with the server's own certificate (a CA "
                                               "certificate there never matches)");
    dotnet.precedenceTrap = QStringLiteral("appsettings.json (IConfiguration) overrides the environment in ASP.NET Core");
    agents << dotnet;

    // §3.6: env beats config/elastic_apm.yml (ERB). server_ca_cert before 3.13.0.
    AgentInfo ruby;
    ruby.id = QStringLiteral("ruby");
    ruby.displayName = QStringLiteral("Ruby");
    ruby.package = QStringLiteral("elastic-apm");
    ruby.snippet = SnippetStyle::RubyYaml;
    ruby.snippetFile = QStringLiteral("config/elastic_apm.yml");
    ruby.serverUrl = opt("server_url", "ELASTIC_APM_SERVER_URL");
    ruby.secretToken = opt("secret_token", "ELASTIC_APM_SECRET_TOKEN");
    ruby.apiKey = opt("api_key", "ELASTIC_APM_API_KEY", "3.4.0");
    ruby.verifyServerCert = opt("verify_server_cert", "ELASTIC_APM_VERIFY_SERVER_CERT", "0.4.0");
    ruby.caFile = opt("server_ca_cert_file", "ELASTIC_APM_SERVER_CA_CERT_FILE", "3.13.0");
    ruby.serviceName = opt("service_name", "ELASTIC_APM_SERVICE_NAME");
    ruby.environment = opt("environment", "ELASTIC_APM_ENVIRONMENT");
    ruby.trustWithoutCaFile = QStringLiteral("agents 2.4 to 3.12 name the option server_ca_cert");
    agents << ruby;

    // §3.7: php.ini beats the environment; trust only through the OS store (system libcurl).
    AgentInfo php;
    php.id = QStringLiteral("php");
    php.displayName = QStringLiteral("PHP");
    php.package = QStringLiteral("elastic_apm");
    php.snippet = SnippetStyle::PhpIni;
    php.snippetFile = QStringLiteral("php.ini");
    php.serverUrl = opt("server_url", "ELASTIC_APM_SERVER_URL");
    php.secretToken = opt("secret_token", "ELASTIC_APM_SECRET_TOKEN");
    php.apiKey = opt("api_key", "ELASTIC_APM_API_KEY", "0.1");
    php.verifyServerCert = opt("verify_server_cert", "ELASTIC_APM_VERIFY_SERVER_CERT", "0.3");
    php.serviceName = opt("service_name", "ELASTIC_APM_SERVICE_NAME");
    php.environment = opt("environment", "ELASTIC_APM_ENVIRONMENT");
    php.trustWithoutCaFile = QStringLiteral("the operating system's trust store only (update-ca-certificates); "
                                            "SSL_CERT_FILE and CURL_CA_BUNDLE do not help");
    php.precedenceTrap = QStringLiteral("php.ini beats the environment; PHP-FPM clear_env or Apache PassEnv may hide "
                                        "the variables");
    agents << php;

    // §3.8: configured in page code only; no credentials, no TLS options (the browser decides).
    AgentInfo rum;
    rum.id = QStringLiteral("rum");
    rum.displayName = QStringLiteral("RUM JavaScript");
    rum.package = QStringLiteral("@elastic/apm-rum");
    rum.snippet = SnippetStyle::RumScript;
    rum.snippetFile = QStringLiteral("index.html");
    rum.serverUrl = opt("serverUrl", "");
    rum.serviceName = opt("serviceName", "");
    rum.environment = opt("environment", "");
    rum.trustWithoutCaFile = QStringLiteral("every visitor's browser: the server certificate must chain to a root the "
                                            "browsers already trust");
    agents << rum;
    return agents;
}

} // namespace

const QList<AgentInfo>& allAgents()
{
    static const QList<AgentInfo> agents = build();
    return agents;
}

const AgentInfo* findAgent(const QString& id)
{
    for (const AgentInfo& a : allAgents())
        if (a.id == id)
            return &a;
    return nullptr;
}

QStringList agentIds()
{
    QStringList ids;
    for (const AgentInfo& a : allAgents())
        ids << a.id;
    return ids;
}

} // namespace Agents
