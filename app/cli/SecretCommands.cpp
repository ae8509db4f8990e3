// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/SecretCommands.h"

#include "apikeys/ApiKeyRegistry.h"
#include "cli/Cli.h"
#include "cli/SecretLookup.h"
#include "config/ApmServerYaml.h"
#include "config/SecretReference.h"
#include "secrets/SecretKeeper.h"
#include "secrets/TokenGenerator.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace Cli {

namespace {

const char* const kSetUsage =
    "Usage: apm-gatekeeper secret set NAME [--document FILE] [--data-dir DIR]\n"
    "  Reads the value from standard input (one trailing newline is dropped) and stores it in the\n"
    "  OS keychain as NAME, the name apm-server.yml refers to as ${NAME}.\n"
    "  --document FILE      record that FILE uses it (for `secret forget --document FILE`)\n";
const char* const kGetUsage =
    "Usage: apm-gatekeeper secret get NAME [--reveal]\n"
    "  Prints the value to standard output, for a pipe such as\n"
    "  `apm-gatekeeper secret get NAME | apm-server keystore add NAME --stdin --force`.\n"
    "  --reveal             print it to a terminal too (refused without it)\n";
const char* const kDeleteUsage = "Usage: apm-gatekeeper secret delete NAME [--data-dir DIR]\n";
const char* const kListUsage =
    "Usage: apm-gatekeeper secret list [--document FILE] [--json] [--data-dir DIR]\n"
    "  The names of the keychain entries this application created (never their values).\n";
const char* const kForgetUsage =
    "Usage: apm-gatekeeper secret forget --document FILE [--data-dir DIR]\n"
    "  Deletes every keychain entry that only FILE used.\n";
const char* const kTokenUsage =
    "Usage: apm-gatekeeper token generate [--name NAME] [--config FILE] [--bytes N] [--data-dir DIR]\n"
    "  A new secret token (N random bytes from the CSPRNG, default 32, URL-safe base64) stored in the\n"
    "  OS keychain as NAME (default APM_SECRET_TOKEN). Prints only the reference ${NAME}.\n"
    "  --config FILE        also write apm-server.auth.secret_token: ${NAME} into FILE (lossless, .bak kept)\n";
const char* const kCommon = "  --data-dir DIR       folder of the secrets index (default: the application data folder)\n";

const QString kDataDir = QStringLiteral("data-dir");

bool parse(QCommandLineParser& parser, const QStringList& args, const QList<QCommandLineOption>& options,
           const char* usage, int positional, QTextStream& out, QTextStream& err, int* exitCode)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(QCommandLineOption(kDataDir, QString(), QStringLiteral("DIR")));
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("help"), QStringLiteral("h")}));
    parser.addOptions(options);
    if (!parser.parse(QStringList{QStringLiteral("apm-gatekeeper")} + args)) {
        err << "apm-gatekeeper: " << parser.errorText() << "\n" << usage << kCommon;
        *exitCode = kExitUsage;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << usage << kCommon;
        *exitCode = kExitOk;
        return false;
    }
    if (parser.positionalArguments().size() != positional) {
        err << usage << kCommon;
        *exitCode = kExitUsage;
        return false;
    }
    if (positional == 1 && !Config::SecretReference::isValidName(parser.positionalArguments().constFirst())) {
        printError(err, Secrets::SecretStore::invalidNameError(parser.positionalArguments().constFirst()));
        *exitCode = kExitUsage;
        return false;
    }
    const QString dir = parser.isSet(kDataDir) ? parser.value(kDataDir) : ApiKeys::ApiKeyRegistry::defaultDataDir();
    if (dir.isEmpty()) {
        err << "apm-gatekeeper: cannot determine the application data folder; give one with --data-dir\n";
        *exitCode = kExitUsage;
        return false;
    }
    return true;
}

QString dataDir(const QCommandLineParser& parser)
{
    return parser.isSet(kDataDir) ? parser.value(kDataDir) : ApiKeys::ApiKeyRegistry::defaultDataDir();
}

int storeError(QTextStream& err, const Core::Error& e)
{
    printError(err, e);
    if (e.code == QLatin1String(Secrets::kErrorNotFound))
        return kExitFindings;
    if (e.code == QLatin1String(Secrets::kErrorInvalidName))
        return kExitUsage;
    return kExitInput;
}

// Standard input, without echo when it is a terminal; one trailing newline dropped.
QByteArray readValueFromStdin(const QString& name, QTextStream& err)
{
    const bool tty = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (tty) {
        err << "Value for " << name << " (not shown; end with Enter): ";
        err.flush();
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QFile in;
    QByteArray value;
    if (in.open(stdin, QIODevice::ReadOnly))
        value = tty ? in.readLine() : in.readAll();
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        err << "\n";
    }
    if (value.endsWith('\n'))
        value.chop(1);
    if (value.endsWith('\r'))
        value.chop(1);
    return value;
}

int set(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    int rc = kExitOk;
    const QCommandLineOption document(QStringLiteral("document"), QString(), QStringLiteral("FILE"));
    if (!parse(parser, args, {document}, kSetUsage, 1, out, err, &rc))
        return rc;
    const QString name = parser.positionalArguments().constFirst();
    QByteArray value = readValueFromStdin(name, err);
    if (value.isEmpty()) {
        err << "apm-gatekeeper: no value on standard input for " << name
            << " (pipe it in, e.g. from your password manager; it is never taken from the command line)\n";
        return kExitUsage;
    }
    auto store = makeCliSecretStore();
    Secrets::SecretKeeper keeper(store.get(), dataDir(parser));
    const auto r = waitForStore([&](auto done) { keeper.store(name, value, parser.value(document), done); });
    ApiKeys::cleanse(value);
    if (!r)
        return storeError(err, r.error());
    out << "stored " << name << " in the " << store->backendName() << "; refer to it as ${" << name << "}\n";
    return kExitOk;
}

int get(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    int rc = kExitOk;
    const QCommandLineOption reveal(QStringLiteral("reveal"));
    if (!parse(parser, args, {reveal}, kGetUsage, 1, out, err, &rc))
        return rc;
    if (::isatty(STDOUT_FILENO) == 1 && !parser.isSet(reveal)) {
        err << "apm-gatekeeper: refusing to print a secret to a terminal; pipe it into the command that needs it, "
               "or add --reveal\n";
        return kExitUsage;
    }
    const QString name = parser.positionalArguments().constFirst();
    const Core::Result<Core::SecretBuffer> value = readFromKeychain(name);
    if (!value)
        return storeError(err, value.error());
    out.flush();
    // Written straight to the file descriptor: no copy of the value in QTextStream's buffers.
    const Core::SecretBuffer& v = *value;
    ::fwrite(v.data(), 1, size_t(v.size()), stdout);
    if (::isatty(STDOUT_FILENO) == 1)
        ::fputc('\n', stdout);
    ::fflush(stdout);
    return kExitOk;
}

int remove(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    int rc = kExitOk;
    if (!parse(parser, args, {}, kDeleteUsage, 1, out, err, &rc))
        return rc;
    const QString name = parser.positionalArguments().constFirst();
    auto store = makeCliSecretStore();
    Secrets::SecretKeeper keeper(store.get(), dataDir(parser));
    const auto r = waitForStore([&](auto done) { keeper.forget(name, done); });
    if (!r)
        return storeError(err, r.error());
    out << "deleted " << name << "\n";
    return kExitOk;
}

int list(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    int rc = kExitOk;
    const QCommandLineOption document(QStringLiteral("document"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"));
    if (!parse(parser, args, {document, json}, kListUsage, 0, out, err, &rc))
        return rc;
    // The index, not the keychain: keychains cannot be listed portably, and the index holds
    // exactly the entries this application created (names only).
    const Secrets::SecretIndex index(dataDir(parser));
    auto entries = index.entries();
    if (!entries)
        return storeError(err, entries.error());
    const QString doc = Secrets::SecretIndex::normaliseDocument(parser.value(document));
    QJsonArray array;
    for (const Secrets::IndexEntry& e : *entries) {
        if (!doc.isEmpty() && !e.documents.contains(doc))
            continue;
        if (parser.isSet(json)) {
            array.append(QJsonObject{{QStringLiteral("name"), e.name},
                                     {QStringLiteral("documents"), QJsonArray::fromStringList(e.documents)},
                                     {QStringLiteral("updated"), e.updated.toString(Qt::ISODate)}});
        } else {
            out << e.name;
            if (!e.documents.isEmpty())
                out << "  (" << e.documents.join(QStringLiteral(", ")) << ")";
            out << "\n";
        }
    }
    if (parser.isSet(json))
        out << QJsonDocument(array).toJson(QJsonDocument::Indented);
    return kExitOk;
}

int forget(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    int rc = kExitOk;
    const QCommandLineOption document(QStringLiteral("document"), QString(), QStringLiteral("FILE"));
    if (!parse(parser, args, {document}, kForgetUsage, 0, out, err, &rc))
        return rc;
    if (!parser.isSet(document)) {
        err << kForgetUsage << kCommon;
        return kExitUsage;
    }
    auto store = makeCliSecretStore();
    Secrets::SecretKeeper keeper(store.get(), dataDir(parser));
    QEventLoop loop;
    std::optional<Core::Result<QStringList>> result;
    keeper.forgetDocument(parser.value(document), [&](Core::Result<QStringList> r) {
        result.emplace(std::move(r));
        loop.quit();
    });
    if (!result)
        loop.exec();
    if (!*result)
        return storeError(err, result->error());
    for (const QString& name : **result)
        out << "deleted " << name << "\n";
    out << (*result)->size() << " secret(s) of " << parser.value(document) << " forgotten\n";
    return kExitOk;
}

int generate(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    int rc = kExitOk;
    const QCommandLineOption name(QStringLiteral("name"), QString(), QStringLiteral("NAME"),
                                  QStringLiteral("APM_SECRET_TOKEN"));
    const QCommandLineOption config(QStringLiteral("config"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption bytes(QStringLiteral("bytes"), QString(), QStringLiteral("N"),
                                   QString::number(Secrets::TokenGenerator::kDefaultBytes));
    if (!parse(parser, args, {name, config, bytes}, kTokenUsage, 0, out, err, &rc))
        return rc;
    const QString tokenName = parser.value(name);
    if (!Config::SecretReference::isValidName(tokenName)) {
        printError(err, Secrets::SecretStore::invalidNameError(tokenName));
        return kExitUsage;
    }
    bool ok = false;
    const int byteCount = parser.value(bytes).toInt(&ok);
    if (!ok) {
        err << "apm-gatekeeper: --bytes needs a number\n";
        return kExitUsage;
    }
    const QString reference = Config::SecretReference{tokenName, std::nullopt}.toString();

    // The file is checked (and the edit prepared) before anything is stored, so a bad file leaves
    // neither a stray keychain entry nor a half-edited document.
    std::optional<Config::ApmServerYaml> yaml;
    const QString configPath = parser.value(config);
    if (!configPath.isEmpty()) {
        auto loaded = Config::ApmServerYaml::load(configPath);
        if (!loaded) {
            printError(err, loaded.error());
            return kExitInput;
        }
        if (auto r = loaded->set(QStringLiteral("apm-server.auth.secret_token"), Config::YamlValue::fromScalar(reference));
            !r) {
            printError(err, r.error());
            return kExitInput;
        }
        yaml = std::move(*loaded);
    }

    auto token = Secrets::TokenGenerator::generate(byteCount);
    if (!token) {
        printError(err, token.error());
        return token.error().code == QLatin1String("secrets.token-size") ? kExitUsage : kExitInput;
    }
    const Secrets::TokenStrength strength = Secrets::estimateStrength(token->view());
    auto store = makeCliSecretStore();
    Secrets::SecretKeeper keeper(store.get(), dataDir(parser));
    const auto stored = waitForStore([&](auto done) { keeper.store(tokenName, token->view(), configPath, done); });
    if (!stored)
        return storeError(err, stored.error());
    if (yaml) {
        if (auto r = yaml->save(configPath); !r) {
            printError(err, r.error());
            return kExitInput;
        }
        err << "apm-gatekeeper: " << configPath << ": apm-server.auth.secret_token = " << reference << "\n";
    }
    err << "apm-gatekeeper: stored a new token (" << byteCount * 8 << " random bits, strength " << strength.levelName()
        << ") as " << tokenName << " in the " << store->backendName() << "\n"
        << "  give APM Server the value without writing it into a file:\n"
        << "    apm-gatekeeper secret get " << tokenName << " | apm-server keystore add " << tokenName
        << " --stdin --force\n"
        << "  or export " << tokenName << " in APM Server's environment; agents get it with "
        << "`apm-gatekeeper agent-kit`\n";
    out << reference << "\n";
    return kExitOk;
}

} // namespace

int runSecretCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    return dispatchSubcommand("secret",
                              {{"set", set}, {"get", get}, {"delete", remove}, {"list", list}, {"forget", forget}},
                              args, out, err);
}

int runTokenCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    return dispatchSubcommand("token", {{"generate", generate}}, args, out, err);
}

} // namespace Cli
