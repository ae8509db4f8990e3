// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/ApiKeyCommands.h"

#include "apikeys/ApiKeyRegistry.h"
#include "apikeys/Credentials.h"
#include "apikeys/Expiration.h"
#include "cli/Cli.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace Cli {

using namespace ApiKeys;

namespace {

const char* const kCreateUsage =
    "Usage: apm-gatekeeper apikey create [--name NAME] [--expiration DURATION] [--ingest] [--agent-config]\n"
    "                                    [--sourcemap] [--json] [--data-dir DIR]\n"
    "  --name NAME          the key's name (default apm-key)\n"
    "  --expiration D       lifetime such as 30m, 12h, 1d, 3w (units ms s m h d w); default: never expires\n"
    "  --ingest             grant event:write (intake)\n"
    "  --agent-config       grant config_agent:read (central agent configuration)\n"
    "  --sourcemap          grant sourcemap:write (7.x sourcemap upload)\n"
    "                       none of the three = all three, as apm-server does\n";
const char* const kInfoUsage =
    "Usage: apm-gatekeeper apikey info [--id ID | --name NAME] [--valid-only] [--json] [--data-dir DIR]\n"
    "  --id ID              only the key with this id (wins over --name)\n"
    "  --name NAME          only keys with this name; neither = all keys\n"
    "  --valid-only         leave out invalidated and expired keys\n";
const char* const kInvalidateUsage =
    "Usage: apm-gatekeeper apikey invalidate --id ID | --name NAME [--json] [--data-dir DIR]\n"
    "  --id ID              invalidate the key with this id (wins over --name)\n"
    "  --name NAME          invalidate every key with this name\n";
const char* const kVerifyUsage =
    "Usage: apm-gatekeeper apikey verify --credentials CREDENTIALS|- [--ingest] [--agent-config] [--sourcemap]\n"
    "                                    [--json] [--data-dir DIR]\n"
    "  --credentials C      base64(id:api_key) as printed by create; '-' reads it from standard input\n"
    "                       (keeps it out of the process list and shell history)\n"
    "  --ingest, --agent-config, --sourcemap\n"
    "                       the privileges to check; none = all three\n"
    "  Exit code 0 when every checked privilege is granted, 1 otherwise.\n";
const char* const kCommonUsage =
    "  --json               print JSON instead of text\n"
    "  --data-dir DIR       the registry's folder (default: the application data folder)\n";

const QString kDataDir = QStringLiteral("data-dir");
const QString kJson = QStringLiteral("json");
const QString kName = QStringLiteral("name");
const QString kId = QStringLiteral("id");
const QString kExpiration = QStringLiteral("expiration");
const QString kIngest = QStringLiteral("ingest");
const QString kAgentConfig = QStringLiteral("agent-config");
const QString kSourcemap = QStringLiteral("sourcemap");
const QString kValidOnly = QStringLiteral("valid-only");
const QString kCredentials = QStringLiteral("credentials");

QCommandLineOption valueOption(const QString& name, const QString& valueName, const QString& defaultValue = {})
{
    QCommandLineOption o(name, QString(), valueName);
    if (!defaultValue.isEmpty())
        o.setDefaultValue(defaultValue);
    return o;
}

// Parses `args` with the common options plus `extra`. Prints the problem and returns false on
// unknown options or positional arguments; sets *helpShown when --help was asked for.
bool parse(QCommandLineParser& parser, const QStringList& args, const QList<QCommandLineOption>& extra,
           const char* usage, QTextStream& out, QTextStream& err, bool* helpShown)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(valueOption(kDataDir, QStringLiteral("DIR")));
    parser.addOption(QCommandLineOption(kJson));
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("help"), QStringLiteral("h")}));
    parser.addOptions(extra);
    if (!parser.parse(QStringList{QStringLiteral("apm-gatekeeper")} + args)) {
        err << "apm-gatekeeper: " << parser.errorText() << "\n" << usage << kCommonUsage;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << usage << kCommonUsage;
        *helpShown = true;
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "apm-gatekeeper: unexpected argument '" << parser.positionalArguments().constFirst() << "'\n"
            << usage << kCommonUsage;
        return false;
    }
    if (parser.isSet(kDataDir) && parser.value(kDataDir).isEmpty()) {
        err << "apm-gatekeeper: --data-dir needs a folder\n";
        return false;
    }
    if (!parser.isSet(kDataDir) && ApiKeyRegistry::defaultDataDir().isEmpty()) {
        err << "apm-gatekeeper: cannot determine the application data folder; give one with --data-dir\n";
        return false;
    }
    return true;
}

QString dataDir(const QCommandLineParser& parser)
{
    return parser.isSet(kDataDir) ? parser.value(kDataDir) : ApiKeyRegistry::defaultDataDir();
}

// Problems with arguments are usage errors; everything else the registry reports is I/O.
int reportError(QTextStream& err, const Core::Error& e)
{
    printError(err, e);
    return e.code == QLatin1String(ApiKeyRegistry::kErrorInvalidArgument) ? kExitUsage : kExitInput;
}

QList<Privilege> privilegeFlags(const QCommandLineParser& parser)
{
    QList<Privilege> privileges;
    if (parser.isSet(kIngest))
        privileges << Privilege::EventWrite;
    if (parser.isSet(kAgentConfig))
        privileges << Privilege::ConfigAgentRead;
    if (parser.isSet(kSourcemap))
        privileges << Privilege::SourcemapWrite;
    // No privilege flag means all three (§6).
    return privileges.isEmpty() ? allPrivileges() : privileges;
}

QList<QCommandLineOption> privilegeOptions()
{
    return {QCommandLineOption(kIngest), QCommandLineOption(kAgentConfig), QCommandLineOption(kSourcemap)};
}

QString privilegeList(const QList<Privilege>& privileges)
{
    QStringList names;
    for (const Privilege p : privileges)
        names << privilegeName(p);
    return names.join(QStringLiteral(", "));
}

QJsonArray privilegeArray(const QList<Privilege>& privileges)
{
    QJsonArray a;
    for (const Privilege p : privileges)
        a.append(privilegeName(p));
    return a;
}

QString timeText(const std::optional<QDateTime>& t)
{
    return t ? t->toUTC().toString(Qt::ISODateWithMs) : QStringLiteral("never");
}

// Elasticsearch reports times as milliseconds since the epoch; "expiration" is null for never.
QJsonValue msValue(const std::optional<QDateTime>& t)
{
    return t ? QJsonValue(t->toMSecsSinceEpoch()) : QJsonValue(QJsonValue::Null);
}

void printJson(QTextStream& out, const QJsonObject& o)
{
    out << QJsonDocument(o).toJson(QJsonDocument::Indented);
}

int create(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    bool help = false;
    QList<QCommandLineOption> options = privilegeOptions();
    options << valueOption(kName, QStringLiteral("NAME"), QStringLiteral("apm-key"))
            << valueOption(kExpiration, QStringLiteral("DURATION"));
    if (!parse(parser, args, options, kCreateUsage, out, err, &help))
        return help ? kExitOk : kExitUsage;

    std::optional<std::chrono::milliseconds> lifetime;
    if (parser.isSet(kExpiration)) {
        auto parsed = parseExpiration(parser.value(kExpiration));
        if (!parsed) {
            printError(err, parsed.error());
            return kExitUsage;
        }
        lifetime = *parsed;
    }
    ApiKeyRegistry registry(dataDir(parser));
    auto created = registry.create(parser.value(kName), privilegeFlags(parser), lifetime);
    if (!created)
        return reportError(err, created.error());
    const ApiKey& key = created->key;
    if (parser.isSet(kJson)) {
        // The fields `apm-server apikey create --json` prints, plus creation and privileges.
        printJson(out, QJsonObject{{QStringLiteral("id"), key.id},
                                   {QStringLiteral("name"), key.name},
                                   {QStringLiteral("api_key"), QString(created->apiKey.latin1())},
                                   {QStringLiteral("credentials"), QString(created->credentials.latin1())},
                                   {QStringLiteral("creation"), key.creation.toMSecsSinceEpoch()},
                                   {QStringLiteral("expiration"), msValue(key.expiration)},
                                   {QStringLiteral("privileges"), privilegeArray(key.privileges)}});
        return kExitOk;
    }
    out << "API Key created:\n\n"
        << "Name ........... " << key.name << "\n"
        << "Expiration ..... " << timeText(key.expiration) << "\n"
        << "Privileges ..... " << privilegeList(key.privileges) << "\n"
        << "Id ............. " << key.id << "\n"
        << "API Key ........ " << created->apiKey.latin1() << " (won't be shown again)\n"
        << "Credentials .... " << created->credentials.latin1()
        << " (won't be shown again)\n\n"
        // 7.15's CLI says "APIKey" here, a scheme its own server rejects (§3.2): print the right one.
        << "Agents send the credentials as the header \"Authorization: ApiKey <credentials>\" (the agent's\n"
        << "api_key setting). Only a hash of the API key is stored; it cannot be shown again.\n";
    return kExitOk;
}

QJsonObject keyJson(const ApiKey& key, const QDateTime& now)
{
    return QJsonObject{{QStringLiteral("id"), key.id},
                       {QStringLiteral("name"), key.name},
                       {QStringLiteral("creation"), key.creation.toMSecsSinceEpoch()},
                       {QStringLiteral("expiration"), msValue(key.expiration)},
                       {QStringLiteral("expired"), key.isExpired(now)},
                       {QStringLiteral("invalidated"), key.invalidated},
                       {QStringLiteral("privileges"), privilegeArray(key.privileges)}};
}

void printKeyText(QTextStream& out, const ApiKey& key, const QDateTime& now)
{
    out << "Id ............. " << key.id << "\n"
        << "Name ........... " << key.name << "\n"
        << "Creation ....... " << timeText(key.creation) << "\n"
        << "Expiration ..... " << timeText(key.expiration) << (key.isExpired(now) ? " (expired)" : "") << "\n"
        << "Invalidated .... " << (key.invalidated ? "yes" : "no") << "\n"
        << "Privileges ..... " << privilegeList(key.privileges) << "\n";
}

int info(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    bool help = false;
    const QList<QCommandLineOption> options{valueOption(kId, QStringLiteral("ID")),
                                            valueOption(kName, QStringLiteral("NAME")), QCommandLineOption(kValidOnly)};
    if (!parse(parser, args, options, kInfoUsage, out, err, &help))
        return help ? kExitOk : kExitUsage;

    ApiKeyRegistry registry(dataDir(parser));
    const bool validOnly = parser.isSet(kValidOnly);
    auto all = registry.list(validOnly);
    if (!all)
        return reportError(err, all.error());
    // --id wins over --name, as in apm-server (§6).
    QList<ApiKey> keys;
    QString wanted;
    if (parser.isSet(kId)) {
        wanted = QStringLiteral("with id '%1'").arg(parser.value(kId));
        for (const ApiKey& k : std::as_const(*all))
            if (k.id == parser.value(kId))
                keys << k;
    } else if (parser.isSet(kName)) {
        wanted = QStringLiteral("named '%1'").arg(parser.value(kName));
        for (const ApiKey& k : std::as_const(*all))
            if (k.name == parser.value(kName))
                keys << k;
    } else {
        keys = *all;
    }

    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (parser.isSet(kJson)) {
        QJsonArray array;
        for (const ApiKey& k : std::as_const(keys))
            array.append(keyJson(k, now));
        printJson(out, QJsonObject{{QStringLiteral("api_keys"), array}});
    } else {
        for (qsizetype i = 0; i < keys.size(); ++i) {
            if (i > 0)
                out << "\n";
            printKeyText(out, keys.at(i), now);
        }
        if (keys.isEmpty() && wanted.isEmpty())
            out << (validOnly ? "No valid API keys in " : "No API keys in ") << registry.filePath() << "\n";
    }
    if (keys.isEmpty() && !wanted.isEmpty()) {
        err << "apm-gatekeeper: no " << (validOnly ? "valid " : "") << "API key " << wanted << " in "
            << registry.filePath() << "\n";
        return kExitFindings;
    }
    return kExitOk;
}

int invalidate(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    bool help = false;
    const QList<QCommandLineOption> options{valueOption(kId, QStringLiteral("ID")),
                                            valueOption(kName, QStringLiteral("NAME"))};
    if (!parse(parser, args, options, kInvalidateUsage, out, err, &help))
        return help ? kExitOk : kExitUsage;
    if (!parser.isSet(kId) && !parser.isSet(kName)) {
        err << "apm-gatekeeper: apikey invalidate needs --id or --name\n" << kInvalidateUsage << kCommonUsage;
        return kExitUsage;
    }

    ApiKeyRegistry registry(dataDir(parser));
    const bool byId = parser.isSet(kId);
    auto result = byId ? registry.invalidateById(parser.value(kId)) : registry.invalidateByName(parser.value(kName));
    if (!result)
        return reportError(err, result.error());
    if (parser.isSet(kJson)) {
        // Elasticsearch's invalidate response (DELETE /_security/api_key, §6).
        printJson(out,
                  QJsonObject{{QStringLiteral("invalidated_api_keys"), QJsonArray::fromStringList(result->invalidated)},
                              {QStringLiteral("previously_invalidated_api_keys"),
                               QJsonArray::fromStringList(result->previouslyInvalidated)},
                              {QStringLiteral("error_count"), 0}});
    } else {
        if (!result->invalidated.isEmpty())
            out << "Invalidated keys ........ " << result->invalidated.join(QStringLiteral(", ")) << "\n";
        if (!result->previouslyInvalidated.isEmpty())
            out << "Already invalidated ..... " << result->previouslyInvalidated.join(QStringLiteral(", ")) << "\n";
    }
    if (result->matchedNothing()) {
        err << "apm-gatekeeper: no API key "
            << (byId ? QStringLiteral("with id '%1'").arg(parser.value(kId))
                     : QStringLiteral("named '%1'").arg(parser.value(kName)))
            << " in " << registry.filePath() << "\n";
        return kExitFindings;
    }
    return kExitOk;
}

// One line from standard input, without its line break.
QByteArray readCredentialsFromStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    QByteArray line = in.readLine(64 * 1024);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line;
}

int verify(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    bool help = false;
    QList<QCommandLineOption> options = privilegeOptions();
    options << valueOption(kCredentials, QStringLiteral("CREDENTIALS"));
    if (!parse(parser, args, options, kVerifyUsage, out, err, &help))
        return help ? kExitOk : kExitUsage;
    if (!parser.isSet(kCredentials)) {
        err << "apm-gatekeeper: apikey verify needs --credentials\n" << kVerifyUsage << kCommonUsage;
        return kExitUsage;
    }
    QByteArray token = parser.value(kCredentials) == QLatin1String("-") ? readCredentialsFromStdin()
                                                                        : parser.value(kCredentials).toUtf8();
    const QList<Privilege> asked = privilegeFlags(parser);

    // APM Server's authenticator: decode, then ask the key store (§3.4). Any failure means no
    // privilege at all and a 401 from the server.
    QString reason;
    QString serverAnswer = QStringLiteral("authentication failed");
    std::optional<Verification> verification;
    auto credentials = Credentials::decode(token);
    cleanse(token);
    if (!credentials) {
        reason = credentials.error().message + QLatin1Char(' ') + credentials.error().fix;
        serverAnswer = Credentials::serverMessage(credentials.error());
    } else {
        ApiKeyRegistry registry(dataDir(parser));
        auto checked = registry.verify(credentials->id(), credentials->apiKey().view());
        if (!checked)
            return reportError(err, checked.error());
        verification = std::move(*checked);
        switch (verification->outcome) {
        case VerifyOutcome::Valid:
            break;
        case VerifyOutcome::UnknownId:
            reason =
                QStringLiteral("There is no API key with id '%1' in %2.").arg(credentials->id(), registry.filePath());
            break;
        case VerifyOutcome::WrongSecret:
            reason = QStringLiteral("The API key does not match the key with id '%1'.").arg(credentials->id());
            break;
        case VerifyOutcome::Expired:
            reason = QStringLiteral("The API key '%1' expired at %2.")
                         .arg(credentials->id(), timeText(verification->key->expiration));
            break;
        case VerifyOutcome::Invalidated:
            reason = QStringLiteral("The API key '%1' has been invalidated.").arg(credentials->id());
            break;
        }
    }

    bool allGranted = true;
    QJsonObject json;
    for (const Privilege p : asked) {
        const bool granted = verification && verification->grants(p);
        allGranted = allGranted && granted;
        if (parser.isSet(kJson))
            json.insert(privilegeName(p), granted);
        else
            out << "Authorized for privilege \"" << privilegeName(p) << "\"...: " << (granted ? "Yes" : "No") << "\n";
    }
    if (parser.isSet(kJson))
        printJson(out, json);
    if (!reason.isEmpty()) {
        err << "apm-gatekeeper: " << reason << "\n"
            << "  APM Server would answer 401 {\"error\": \"" << serverAnswer << "\"}\n";
    }
    return allGranted ? kExitOk : kExitFindings;
}

} // namespace

int runApiKeyCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    return dispatchSubcommand("apikey",
                              {{"create", create}, {"info", info}, {"invalidate", invalidate}, {"verify", verify}}, args,
                              out, err);
}

} // namespace Cli
