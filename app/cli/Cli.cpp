// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/Cli.h"

#include "cli/AgentKitCommand.h"
#include "cli/ApiKeyCommands.h"
#include "cli/CertCommands.h"
#include "cli/ConfigCommands.h"
#include "cli/SecretCommands.h"
#include "cli/ProbeCommand.h"
#include "cli/SelfCheck.h"
#include "cli/ServeCommand.h"

#include <QCoreApplication>
#include <QTextStream>

namespace Cli {

namespace {

const char* const kUsage =
    "Usage: apm-gatekeeper [COMMAND] [OPTIONS]\n"
    "\n"
    "Without a command the desktop application starts.\n"
    "\n"
    "Commands:\n"
    "  config lint FILE [--profile 7.15|8.19] [--format text|json]\n"
    "                      check an apm-server.yml; exit 1 on error-level findings\n"
    "  config effective FILE [--profile 7.15|8.19] [--format text|json]\n"
    "                      every effective value with the rule that produced it\n"
    "  config get FILE KEY  print a key's value as written (e.g. apm-server.auth.secret_token)\n"
    "  config set FILE KEY VALUE\n"
    "                      set a key losslessly (comments and layout kept, .bak written)\n"
    "  serve --config FILE [--listen HOST:PORT] [--emulate 7.15|8.19] [--data-dir DIR]\n"
    "        [--agent-config FILE] [--log-format text|json]\n"
    "                      answer agents as APM Server would, until SIGINT/SIGTERM\n"
    "  apikey create [--name NAME] [--expiration 1d] [--ingest] [--agent-config] [--sourcemap] [--json]\n"
    "                      create an API key in the local registry (no privilege flag = all three)\n"
    "  apikey info [--id ID | --name NAME] [--valid-only] [--json]\n"
    "                      list API keys (never their secrets)\n"
    "  apikey invalidate --id ID | --name NAME [--json]\n"
    "                      invalidate keys (they stay listed, marked invalidated)\n"
    "  apikey verify --credentials CREDENTIALS|- [--ingest] [--agent-config] [--sourcemap] [--json]\n"
    "                      check credentials as APM Server would ('-' reads them from stdin)\n"
    "                      every apikey command takes --data-dir DIR (default: the app data folder)\n"
    "  cert ca|server|client [--key-type T] [--days N] [--subject CN] [--san NAME]... [--url URL]...\n"
    "        [--ca FILE --ca-key FILE] [--out-dir DIR] [--passphrase-env VAR]\n"
    "                      create a private CA, a server or a client certificate (keys 0600, PKCS#8)\n"
    "  cert inspect FILE... [--password-env VAR] [--format text|json]\n"
    "                      what PEM, DER and PKCS#12 files hold, with every certificate's details\n"
    "  cert validate --cert FILE|--config FILE [--key FILE] [--ca FILE] [--url URL]... [--format text|json]\n"
    "                      every certificate problem and each agent's verdict; exit 1 on errors\n"
    "  cert kit --agent NAME --ca FILE --out-dir DIR [--cert FILE] [--url URL] [--client-cert FILE --client-key FILE]\n"
    "                      the trust files and exact options one agent needs\n"
    "  secret set NAME [--document FILE]\n"
    "                      store a value read from stdin in the OS keychain as ${NAME}\n"
    "  secret get NAME [--reveal]\n"
    "                      print a stored value (to a pipe; a terminal needs --reveal)\n"
    "  secret delete NAME  delete a keychain entry\n"
    "  secret list [--document FILE] [--json]\n"
    "                      names of the entries this application created (never values)\n"
    "  secret forget --document FILE\n"
    "                      delete every entry only FILE used\n"
    "                      every secret command takes --data-dir DIR (where the index of names lives)\n"
    "  token generate [--name NAME] [--config FILE] [--bytes N]\n"
    "                      new random secret token in the keychain; prints only ${NAME}\n"
    "  agent-kit --agent nodejs|java|python|go|dotnet|ruby|php|rum --config FILE --url URL\n"
    "            [--format env|snippet] [--reveal] [--ca FILE] [--api-key-ref NAME]\n"
    "                      what one agent needs to reach this APM Server (secrets as ${NAME})\n"
    "  probe (--embedded | --url URL) [--config FILE] [--profile 7.15|8.19] [--secret-token-env VAR]\n"
    "        [--api-key-env VAR] [--ca FILE] [--client-cert FILE --client-key FILE] [--origin ORIGIN]\n"
    "        [--burst|--no-burst] [--reveal] [--format table|json|junit|html] [--output FILE]\n"
    "                      send the scenario matrix and compare every answer with the rules; exit 1 on a mismatch\n"
    "  doctor URL [--secret-token-env VAR] [--api-key-env VAR] [--ca FILE] [--client-cert FILE --client-key FILE]\n"
    "        [--origin ORIGIN] [--format text|json]\n"
    "                      test the connection layer by layer (URL, DNS, TCP, TLS, HTTP, auth, intake, RUM)\n"
    "  explain \"LOG LINE\"  the known cases an agent, server or browser error text matches\n"
    "  selfcheck           headless check: load the default settings, derive and lint them\n"
    "  --version           print the version\n"
    "  --help              print this help\n"
    "\n"
    "Exit codes: 0 ok, 1 findings/check failed (apikey: not found, not authorized), 2 usage error,\n"
    "3 unreadable or malformed input (apikey: registry not readable, writable or intact).\n";

} // namespace

bool isCommandLineInvocation(const QStringList& arguments)
{
    if (arguments.size() < 2)
        return false;
    static const QStringList commands = {QStringLiteral("config"),    QStringLiteral("selfcheck"),
                                         QStringLiteral("serve"),     QStringLiteral("apikey"),
                                         QStringLiteral("cert"),
                                         QStringLiteral("secret"),    QStringLiteral("token"),
                                         QStringLiteral("agent-kit"),
                                         QStringLiteral("probe"),     QStringLiteral("doctor"),
                                         QStringLiteral("explain"),
                                         QStringLiteral("--version"), QStringLiteral("-v"),
                                         QStringLiteral("--help"),    QStringLiteral("-h"),
                                         QStringLiteral("help"),      QStringLiteral("version")};
    return commands.contains(arguments.at(1));
}

void printError(QTextStream& err, const Core::Error& e)
{
    err << "apm-gatekeeper: " << e.message;
    if (!e.detail.isEmpty())
        err << " (" << e.detail << ")";
    err << "\n";
    if (!e.fix.isEmpty())
        err << "  " << e.fix << "\n";
}

int dispatchSubcommand(const char* group, std::initializer_list<std::pair<const char*, SubcommandHandler>> handlers,
                       const QStringList& args, QTextStream& out, QTextStream& err)
{
    const QString sub = args.value(0);
    QStringList names;
    for (const auto& [name, handler] : handlers) {
        if (sub == QLatin1String(name))
            return handler(args.mid(1), out, err);
        names << QLatin1String(name);
    }
    err << "apm-gatekeeper: unknown " << group << " command '" << sub << "' (" << names.join(QStringLiteral(", "))
        << ")\n";
    return kExitUsage;
}

int run(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    const QStringList args = arguments.mid(1);
    if (args.isEmpty()) {
        err << kUsage;
        return kExitUsage;
    }
    const QString command = args.constFirst();
    if (command == QLatin1String("--version") || command == QLatin1String("-v") || command == QLatin1String("version")) {
        out << "apm-gatekeeper " << GATEKEEPER_VERSION << Qt::endl;
        return kExitOk;
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        out << kUsage;
        return kExitOk;
    }
    if (command == QLatin1String("config"))
        return runConfigCommand(args.mid(1), out, err);
    if (command == QLatin1String("serve"))
        return runServe(args.mid(1), out, err);
    if (command == QLatin1String("apikey"))
        return runApiKeyCommand(args.mid(1), out, err);
    if (command == QLatin1String("cert"))
        return runCertCommand(args.mid(1), out, err);
    if (command == QLatin1String("agent-kit"))
        return runAgentKit(args.mid(1), out, err);
    if (command == QLatin1String("secret"))
        return runSecretCommand(args.mid(1), out, err);
    if (command == QLatin1String("token"))
        return runTokenCommand(args.mid(1), out, err);
    if (command == QLatin1String("probe"))
        return runProbe(args.mid(1), out, err);
    if (command == QLatin1String("doctor"))
        return runDoctor(args.mid(1), out, err);
    if (command == QLatin1String("explain"))
        return runExplain(args.mid(1), out, err);
    if (command == QLatin1String("selfcheck"))
        return runSelfCheck(args.mid(1), out, err);
    err << "apm-gatekeeper: unknown command '" << command << "'\n\n" << kUsage;
    return kExitUsage;
}

} // namespace Cli
