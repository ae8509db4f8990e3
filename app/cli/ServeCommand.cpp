// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/ServeCommand.h"

#include "apikeys/ApiKeyRegistry.h"
#include "cli/Cli.h"
#include "cli/SecretLookup.h"
#include "config/ApmServerYaml.h"
#include "config/EffectiveSettings.h"
#include "config/SecretReference.h"
#include "config/SettingsIo.h"
#include "intake/IntakeServer.h"
#include "intake/StubOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace Cli {

namespace {

int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    // Async-signal-safe: only write() to the self-pipe; the event loop does the rest.
    [[maybe_unused]] const auto n = ::write(g_signalFd[0], &c, 1);
}

const char* const kUsage =
    "Usage: apm-gatekeeper serve --config FILE [--listen HOST:PORT] [--emulate 7.15|8.19] [--data-dir DIR]\n"
    "                            [--agent-config FILE] [--log-format text|json] [--workers N]\n";

bool isLoopback(const QHostAddress& a)
{
    return a.isLoopback();
}

} // namespace

int runServe(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("config"), QStringLiteral("apm-server.yml to serve."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("listen"), QStringLiteral("HOST:PORT (port 0 = any free port)."),
                      QStringLiteral("address")});
    parser.addOption({QStringLiteral("emulate"), QStringLiteral("APM Server profile: 7.15 or 8.19."),
                      QStringLiteral("profile"), QStringLiteral("7.15")});
    parser.addOption({QStringLiteral("data-dir"), QStringLiteral("Directory of the API key registry."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("agent-config"), QStringLiteral("JSON file of agent configurations."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("log-format"), QStringLiteral("text or json."), QStringLiteral("format"),
                      QStringLiteral("text")});
    parser.addOption({QStringLiteral("workers"),
                      QStringLiteral("Event-loop threads serving connections (default: one per core; 1 = one loop)."),
                      QStringLiteral("n")});
    if (!parser.parse(QStringList{QStringLiteral("apm-gatekeeper")} + args)) {
        err << "apm-gatekeeper serve: " << parser.errorText() << "\n" << kUsage;
        return kExitUsage;
    }
    if (!parser.isSet(QStringLiteral("config")) || !parser.positionalArguments().isEmpty()) {
        err << kUsage;
        return kExitUsage;
    }
    const auto profile = Config::parseProfile(parser.value(QStringLiteral("emulate")));
    if (!profile) {
        err << "apm-gatekeeper serve: unknown profile '" << parser.value(QStringLiteral("emulate"))
            << "' (use 7.15 or 8.19)\n";
        return kExitUsage;
    }
    int workers = Intake::IntakeServer::defaultWorkerCount();
    if (parser.isSet(QStringLiteral("workers"))) {
        bool ok = false;
        workers = parser.value(QStringLiteral("workers")).toInt(&ok);
        if (!ok || workers < 1 || workers > 256) {
            err << "apm-gatekeeper serve: --workers takes a number from 1 to 256, not '"
                << parser.value(QStringLiteral("workers")) << "'\n";
            return kExitUsage;
        }
    }
    const QString logFormat = parser.value(QStringLiteral("log-format"));
    if (logFormat != QLatin1String("text") && logFormat != QLatin1String("json")) {
        err << "apm-gatekeeper serve: unknown log format '" << logFormat << "' (use text or json)\n";
        return kExitUsage;
    }

    const QString configPath = parser.value(QStringLiteral("config"));
    auto yaml = Config::ApmServerYaml::load(configPath);
    if (!yaml) {
        err << "apm-gatekeeper serve: " << yaml.error().toString() << "\n";
        return kExitInput;
    }
    const Config::SettingsReadResult read = Config::readSettings(*yaml);
    for (const Config::ReadIssue& issue : read.issues) {
        err << "apm-gatekeeper serve: APM Server would not start: " << issue.key << ": " << issue.message << "\n";
    }
    if (!read.issues.isEmpty())
        return kExitFindings;
    Config::EffectiveSettings effective = Config::derive(read.settings, *profile);
    if (!effective.canStart()) {
        for (const auto& e : effective.startupErrors)
            err << "apm-gatekeeper serve: APM Server would not start: " << e.key << ": " << e.message << " ("
                << e.section << ")\n";
        return kExitFindings;
    }

    std::shared_ptr<Intake::AgentConfigStore> agentConfig;
    if (parser.isSet(QStringLiteral("agent-config"))) {
        auto store = Intake::AgentConfigStore::load(parser.value(QStringLiteral("agent-config")));
        if (!store) {
            err << "apm-gatekeeper serve: " << store.error().toString() << "\n";
            return kExitInput;
        }
        agentConfig = std::make_shared<Intake::AgentConfigStore>(*store);
    }
    const QString dataDir = parser.isSet(QStringLiteral("data-dir")) ? parser.value(QStringLiteral("data-dir"))
                                                                      : ApiKeys::ApiKeyRegistry::defaultDataDir();
    // ${NAME} references are resolved from the environment, as APM Server resolves them, then from
    // the keychain (entries stored with `secret set` or `token generate`).
    const Config::SecretLookup lookup = environmentThenKeychain(*yaml, err);
    auto stubOptions = Intake::stubOptionsFor(effective, lookup, dataDir, agentConfig);
    if (!stubOptions) {
        if (stubOptions.error().code == QLatin1String(Intake::kStubSecretUnsetCode)) {
            err << "apm-gatekeeper serve: the secret token refers to " << effective.secretToken.value
                << ", which is set neither in the environment nor in the keychain; export it, or store it with "
                   "`apm-gatekeeper secret set NAME` (its value never goes on the command line)\n";
        } else {
            err << "apm-gatekeeper serve: " << stubOptions.error().toString() << "\n";
        }
        return kExitInput;
    }
    Intake::Engine::Options options = *stubOptions;
    // The text log prints one line per request: no decision trace is built for it.
    options.detailedLog = logFormat == QLatin1String("json");

    // Listen address: --listen, else the file's host — on loopback unless the user asks otherwise.
    QString listen = parser.value(QStringLiteral("listen"));
    bool movedToLoopback = false;
    if (listen.isEmpty())
        listen = effective.host.value;
    auto address = Intake::parseListenAddress(listen);
    if (!address) {
        err << "apm-gatekeeper serve: " << address.error().toString() << "\n";
        return kExitUsage;
    }
    if (!parser.isSet(QStringLiteral("listen")) && !isLoopback(address->first)) {
        address->first = QHostAddress::LocalHost;
        movedToLoopback = true;
    }

    Intake::IntakeServer server;
    server.setWorkerCount(workers);
    if (auto r = server.start(std::move(options), address->first, address->second); !r) {
        err << "apm-gatekeeper serve: " << r.error().toString() << "\n";
        return kExitInput;
    }
    if (movedToLoopback)
        err << "apm-gatekeeper serve: the file's host " << listen
            << " is not a loopback address; serving on 127.0.0.1 (pass --listen to choose)\n";

    const bool json = logFormat == QLatin1String("json");
    // Lines are written together once per event-loop pass (one write() for many requests under load).
    bool flushPosted = false;
    QObject::connect(&server, &Intake::IntakeServer::requestLogged, &server,
                     [&out, &flushPosted, &server, json](const Intake::RequestLogEntry& e) {
                         if (json)
                             out << QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) << "\n";
                         else
                             out << e.toText() << "\n";
                         if (!flushPosted) {
                             flushPosted = true;
                             QMetaObject::invokeMethod(
                                 &server,
                                 [&out, &flushPosted] {
                                     flushPosted = false;
                                     out.flush();
                                 },
                                 Qt::QueuedConnection);
                         }
                     });

    // Graceful stop on SIGINT/SIGTERM through a self-pipe.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) != 0) {
        err << "apm-gatekeeper serve: cannot set up signal handling\n";
        return kExitInput;
    }
    QSocketNotifier notifier(g_signalFd[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &server, [&] {
        char c;
        [[maybe_unused]] const auto n = ::read(g_signalFd[1], &c, 1);
        notifier.setEnabled(false);
        err << "apm-gatekeeper serve: stopping (requests in flight finish first)\n";
        err.flush();
        server.stop();
    });
    QObject::connect(&server, &Intake::IntakeServer::stopped, QCoreApplication::instance(), &QCoreApplication::quit);
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    out << "apm-gatekeeper " << GATEKEEPER_VERSION << " emulating APM Server " << Config::profileVersion(*profile)
        << " for " << configPath << "\n";
    QString host = server.address().toString();
    if (server.address().protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    if (server.tlsEnabled()) {
        out << "TLS: " << server.tlsSummary() << "\n";
        for (const QString& w : server.tlsWarnings())
            err << "apm-gatekeeper serve: warning: " << w << "\n";
        err.flush();
    }
    out << "listening on " << server.url().scheme() << "://" << host << ":" << server.port() << "\n";
    out.flush();
    const int rc = QCoreApplication::exec();
    out.flush();
    ::close(g_signalFd[0]);
    ::close(g_signalFd[1]);
    return rc;
}

} // namespace Cli
