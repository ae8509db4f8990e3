// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/AgentKitCommand.h"

#include "agents/ConnectionKit.h"
#include "cli/Cli.h"
#include "cli/SecretLookup.h"
#include "config/ApmServerYaml.h"
#include "config/EffectiveSettings.h"
#include "config/SecretReference.h"
#include "config/SettingsIo.h"

#include <QCommandLineParser>
#include <QTextStream>
#include <QUrl>

namespace Cli {

namespace {

const char* const kUsage =
    "Usage: apm-gatekeeper agent-kit --agent nodejs|java|python|go|dotnet|ruby|php|rum --config FILE --url URL\n"
    "                                [--format env|snippet] [--reveal] [--ca FILE] [--api-key-ref NAME]\n"
    "                                [--service-name NAME] [--environment ENV] [--profile 7.15|8.19]\n"
    "  --url URL            the APM Server URL the agent uses (written explicitly: agents' defaults differ)\n"
    "  --format F           env: ELASTIC_APM_* variables a shell can source (default; not for rum);\n"
    "                       snippet: the agent's own configuration file\n"
    "  --reveal             write secrets' values (from the environment, then the keychain) instead of ${NAME}\n"
    "  --ca FILE            the CA file (PEM; a .p12/.jks trust store for Java) agents should trust\n"
    "  --api-key-ref NAME   use the API key credentials stored as NAME instead of the secret token\n"
    "  --service-name NAME  default my-service; --environment ENV default production\n";

} // namespace

int runAgentKit(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption agentOpt(QStringLiteral("agent"), QString(), QStringLiteral("ID"));
    const QCommandLineOption configOpt(QStringLiteral("config"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption urlOpt(QStringLiteral("url"), QString(), QStringLiteral("URL"));
    const QCommandLineOption formatOpt(QStringLiteral("format"), QString(), QStringLiteral("F"));
    const QCommandLineOption revealOpt(QStringLiteral("reveal"));
    const QCommandLineOption caOpt(QStringLiteral("ca"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption apiKeyOpt(QStringLiteral("api-key-ref"), QString(), QStringLiteral("NAME"));
    const QCommandLineOption serviceOpt(QStringLiteral("service-name"), QString(), QStringLiteral("NAME"),
                                        QStringLiteral("my-service"));
    const QCommandLineOption envOpt(QStringLiteral("environment"), QString(), QStringLiteral("ENV"),
                                    QStringLiteral("production"));
    const QCommandLineOption profileOpt(QStringLiteral("profile"), QString(), QStringLiteral("P"), QStringLiteral("7.15"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("help"), QStringLiteral("h")});
    parser.addOptions({agentOpt, configOpt, urlOpt, formatOpt, revealOpt, caOpt, apiKeyOpt, serviceOpt, envOpt,
                       profileOpt, helpOpt});
    if (!parser.parse(QStringList{QStringLiteral("apm-gatekeeper")} + args)) {
        err << "apm-gatekeeper: " << parser.errorText() << "\n" << kUsage;
        return kExitUsage;
    }
    if (parser.isSet(helpOpt)) {
        out << kUsage;
        return kExitOk;
    }
    if (!parser.isSet(agentOpt) || !parser.isSet(configOpt) || !parser.isSet(urlOpt) ||
        !parser.positionalArguments().isEmpty()) {
        err << kUsage;
        return kExitUsage;
    }
    const Agents::AgentInfo* agent = Agents::findAgent(parser.value(agentOpt));
    if (!agent) {
        err << "apm-gatekeeper: unknown agent '" << parser.value(agentOpt) << "' ("
            << Agents::agentIds().join(QStringLiteral(", ")) << ")\n";
        return kExitUsage;
    }
    const bool rum = agent->id == QLatin1String("rum");
    const QString format = parser.isSet(formatOpt) ? parser.value(formatOpt)
                                                   : (rum ? QStringLiteral("snippet") : QStringLiteral("env"));
    if (format != QLatin1String("env") && format != QLatin1String("snippet")) {
        err << "apm-gatekeeper: unknown format '" << format << "' (use env or snippet)\n";
        return kExitUsage;
    }
    if (rum && format == QLatin1String("env")) {
        err << "apm-gatekeeper: the RUM agent is configured in page code only; use --format snippet\n";
        return kExitUsage;
    }
    const QUrl url(parser.value(urlOpt), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty()) {
        err << "apm-gatekeeper: --url needs an http:// or https:// URL with a host, e.g. https://apm.example.com:8200\n";
        return kExitUsage;
    }
    const auto profile = Config::parseProfile(parser.value(profileOpt));
    if (!profile) {
        err << "apm-gatekeeper: unknown profile '" << parser.value(profileOpt) << "' (use 7.15 or 8.19)\n";
        return kExitUsage;
    }
    if (parser.isSet(apiKeyOpt) && !Config::SecretReference::isValidName(parser.value(apiKeyOpt))) {
        err << "apm-gatekeeper: '" << parser.value(apiKeyOpt) << "' cannot be a secret name\n";
        return kExitUsage;
    }

    auto yaml = Config::ApmServerYaml::load(parser.value(configOpt));
    if (!yaml) {
        printError(err, yaml.error());
        return kExitInput;
    }
    const Config::EffectiveSettings effective = Config::derive(Config::readSettings(*yaml).settings, *profile);
    Agents::KitRequest request = Agents::KitRequest::fromSettings(effective);
    request.serverUrl = url.toString(QUrl::StripTrailingSlash);
    request.serviceName = parser.value(serviceOpt);
    request.environment = parser.value(envOpt);
    request.caFile = parser.value(caOpt);
    if (parser.isSet(apiKeyOpt)) {
        request.credential = Agents::KitRequest::Credential::ApiKey;
        request.credentialName = parser.value(apiKeyOpt);
        request.revealed.reset();
    }
    const bool hasCredential = !rum && request.credential != Agents::KitRequest::Credential::None;
    if (!parser.isSet(revealOpt)) {
        if (!request.credentialName.isEmpty())
            request.revealed.reset();
    } else if (hasCredential && !request.credentialName.isEmpty()) {
        // --reveal: the environment first, then the keychain, as `serve` resolves references.
        const Config::SecretLookup lookup = environmentThenKeychain(QStringList{request.credentialName}, err);
        request.revealed = lookup(request.credentialName);
        if (!request.revealed) {
            err << "apm-gatekeeper: cannot reveal ${" << request.credentialName
                << "}: it is set neither in the environment nor in the keychain (store it with `apm-gatekeeper secret "
                   "set "
                << request.credentialName << "`)\n";
            return kExitInput;
        }
    }
    // A clear-text token from the file is shown only when asked for, like any other secret.
    const bool clearTextHidden = !parser.isSet(revealOpt) && request.credentialName.isEmpty() && request.revealed;
    if (clearTextHidden)
        request.revealed.reset();
    const Agents::ConnectionKit kit = Agents::buildKit(*agent, request);
    out << (format == QLatin1String("env") ? Agents::renderEnvironment(kit) : Agents::renderSnippet(kit));
    return kExitOk;
}

} // namespace Cli
