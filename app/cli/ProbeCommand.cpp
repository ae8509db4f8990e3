// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/ProbeCommand.h"

#include "cli/Cli.h"
#include "config/ApmServerYaml.h"
#include "config/Document.h"
#include "config/EffectiveSettings.h"
#include "config/SecretReference.h"
#include "config/SettingsIo.h"
#include "core/AtomicFile.h"
#include "doctor/Doctor.h"
#include "doctor/ErrorMatcher.h"
#include "probe/ProbeSession.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslKey>
#include <QTextStream>

namespace Cli {

namespace {

const char* const kProbeUsage =
    "Usage: apm-gatekeeper probe (--embedded | --url URL) [--config FILE] [--profile 7.15|8.19]\n"
    "           [--secret-token-env VAR] [--api-key-env VAR] [--ca FILE] [--client-cert FILE --client-key FILE]\n"
    "           [--origin ORIGIN]... [--burst | --no-burst] [--reveal] [--timeout MS]\n"
    "           [--format table|json|junit|html] [--output FILE] [--verbose]\n";

void addCredentialOptions(QCommandLineParser& p)
{
    p.addOption({QStringLiteral("secret-token-env"), QStringLiteral("Environment variable holding the secret token."),
                 QStringLiteral("var")});
    p.addOption({QStringLiteral("api-key-env"),
                 QStringLiteral("Environment variable holding API key credentials (base64 of id:api_key)."),
                 QStringLiteral("var")});
    p.addOption({QStringLiteral("ca"), QStringLiteral("CA certificate (PEM) that signed the server's certificate."),
                 QStringLiteral("file")});
    p.addOption({QStringLiteral("client-cert"), QStringLiteral("Client certificate (PEM)."), QStringLiteral("file")});
    p.addOption({QStringLiteral("client-key"), QStringLiteral("Client key (PEM)."), QStringLiteral("file")});
    p.addOption({QStringLiteral("origin"), QStringLiteral("Origin of the page the RUM agent runs in."),
                 QStringLiteral("origin")});
}

// Reads credentials from the environment variables the options name. Returns kExitOk or a usage error.
int readCredentialOptions(const QCommandLineParser& p, const char* command, QString* token, QString* tokenVar,
                          QByteArray* apiKey, QString* apiKeyVar, QTextStream& err)
{
    if (p.isSet(QStringLiteral("secret-token-env"))) {
        *tokenVar = p.value(QStringLiteral("secret-token-env"));
        *token = qEnvironmentVariable(tokenVar->toLocal8Bit().constData());
        if (token->isEmpty()) {
            err << "apm-gatekeeper " << command << ": the environment variable " << *tokenVar
                << " is not set (export the secret token in it; it never goes on the command line)\n";
            return kExitUsage;
        }
    }
    if (p.isSet(QStringLiteral("api-key-env"))) {
        *apiKeyVar = p.value(QStringLiteral("api-key-env"));
        *apiKey = qgetenv(apiKeyVar->toLocal8Bit().constData()).trimmed();
        if (apiKey->isEmpty()) {
            err << "apm-gatekeeper " << command << ": the environment variable " << *apiKeyVar
                << " is not set (export the API key credentials, base64 of id:api_key, in it)\n";
            return kExitUsage;
        }
    }
    if (p.isSet(QStringLiteral("client-cert")) != p.isSet(QStringLiteral("client-key"))) {
        err << "apm-gatekeeper " << command << ": --client-cert and --client-key go together\n";
        return kExitUsage;
    }
    return kExitOk;
}

} // namespace

int runProbe(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("embedded"), QStringLiteral("Probe the in-process stub serving the configuration.")});
    p.addOption({QStringLiteral("url"), QStringLiteral("APM Server URL to probe."), QStringLiteral("url")});
    p.addOption({QStringLiteral("config"), QStringLiteral("apm-server.yml the expectations come from."),
                 QStringLiteral("file")});
    p.addOption({QStringLiteral("profile"), QStringLiteral("APM Server profile: 7.15 or 8.19."), QStringLiteral("profile"),
                 QStringLiteral("7.15")});
    addCredentialOptions(p);
    p.addOption({QStringLiteral("burst"), QStringLiteral("Include the bounded burst against a non-loopback URL.")});
    p.addOption({QStringLiteral("no-burst"), QStringLiteral("Leave the burst out.")});
    p.addOption({QStringLiteral("reveal"), QStringLiteral("Show credentials in curl commands.")});
    p.addOption({QStringLiteral("timeout"), QStringLiteral("Per-request timeout in ms."), QStringLiteral("ms"),
                 QStringLiteral("5000")});
    p.addOption({QStringLiteral("format"), QStringLiteral("table, json, junit or html."), QStringLiteral("format"),
                 QStringLiteral("table")});
    p.addOption({QStringLiteral("output"), QStringLiteral("Write the report to FILE."), QStringLiteral("file")});
    p.addOption({QStringLiteral("verbose"), QStringLiteral("Table: reason and curl for every row.")});
    if (!p.parse(QStringList{QStringLiteral("apm-gatekeeper")} + args)) {
        err << "apm-gatekeeper probe: " << p.errorText() << "\n" << kProbeUsage;
        return kExitUsage;
    }
    const bool embedded = p.isSet(QStringLiteral("embedded"));
    if (embedded == p.isSet(QStringLiteral("url")) || !p.positionalArguments().isEmpty()) {
        err << "apm-gatekeeper probe: give exactly one of --embedded and --url\n" << kProbeUsage;
        return kExitUsage;
    }
    const QString format = p.value(QStringLiteral("format"));
    if (!QStringList{QStringLiteral("table"), QStringLiteral("json"), QStringLiteral("junit"), QStringLiteral("html")}.contains(format)) {
        err << "apm-gatekeeper probe: unknown format '" << format << "' (use table, json, junit or html)\n";
        return kExitUsage;
    }
    const auto profile = Config::parseProfile(p.value(QStringLiteral("profile")));
    if (!profile) {
        err << "apm-gatekeeper probe: unknown profile '" << p.value(QStringLiteral("profile")) << "' (use 7.15 or 8.19)\n";
        return kExitUsage;
    }
    bool timeoutOk = false;
    const int timeout = p.value(QStringLiteral("timeout")).toInt(&timeoutOk);
    if (!timeoutOk || timeout <= 0) {
        err << "apm-gatekeeper probe: --timeout takes a positive number of milliseconds\n";
        return kExitUsage;
    }
    Probe::ProbeRequestSpec spec;
    spec.embedded = embedded;
    spec.timeoutMs = timeout;
    spec.reveal = p.isSet(QStringLiteral("reveal"));
    spec.origins = p.values(QStringLiteral("origin"));
    if (int rc = readCredentialOptions(p, "probe", &spec.secretToken, &spec.secretTokenVariable, &spec.apiKey,
                                       &spec.apiKeyVariable, err);
        rc != kExitOk)
        return rc;
    spec.caFile = p.value(QStringLiteral("ca"));
    spec.clientCertFile = p.value(QStringLiteral("client-cert"));
    spec.clientKeyFile = p.value(QStringLiteral("client-key"));
    if (!embedded) {
        spec.url = QUrl(p.value(QStringLiteral("url")), QUrl::StrictMode);
        if (!spec.url.isValid() || spec.url.host().isEmpty() ||
            (spec.url.scheme() != QLatin1String("http") && spec.url.scheme() != QLatin1String("https"))) {
            err << "apm-gatekeeper probe: '" << p.value(QStringLiteral("url"))
                << "' is not an http:// or https:// URL with a host\n";
            return kExitUsage;
        }
    }

    // The expectations: the file, else what the credentials imply (token ⇒ secret_token, key ⇒ api_key).
    Config::ServerSettings settings;
    if (p.isSet(QStringLiteral("config"))) {
        auto yaml = Config::ApmServerYaml::load(p.value(QStringLiteral("config")));
        if (!yaml) {
            err << "apm-gatekeeper probe: " << yaml.error().toString() << "\n";
            return kExitInput;
        }
        const Config::SettingsReadResult read = Config::readSettings(*yaml);
        for (const Config::ReadIssue& issue : read.issues)
            err << "apm-gatekeeper probe: " << issue.key << ": " << issue.message << "\n";
        if (!read.issues.isEmpty())
            return kExitInput;
        settings = read.settings;
    } else if (embedded) {
        err << "apm-gatekeeper probe: no --config: the stub serves the default document (the app's secure "
               "defaults, as `selfcheck` does); pass --config FILE to probe yours\n";
        settings = Config::Document().settings();
    } else {
        err << "apm-gatekeeper probe: no --config: the expectations assume APM Server's defaults plus the credentials "
               "given (RUM off, no client authentication); pass the server's apm-server.yml for exact ones\n";
        if (!spec.secretToken.isEmpty())
            settings.auth.secretToken = QStringLiteral("${%1}").arg(spec.secretTokenVariable);
        if (!spec.apiKey.isEmpty())
            settings.auth.apiKeyEnabled = true;
        if (spec.url.scheme() == QLatin1String("https"))
            settings.ssl.enabled = true;
    }
    spec.effective = Config::derive(settings, *profile);
    if (embedded && !spec.effective.canStart()) {
        for (const auto& e : spec.effective.startupErrors)
            err << "apm-gatekeeper probe: APM Server would not start: " << e.key << ": " << e.message << " ("
                << e.section << ")\n";
        return kExitFindings;
    }
    // The token the document refers to (${NAME}) may be in the environment already.
    if (spec.secretToken.isEmpty() && !spec.effective.secretToken.value.isEmpty()) {
        if (auto ref = Config::SecretReference::parse(spec.effective.secretToken.value)) {
            spec.secretTokenVariable = ref->name;
            spec.secretToken = Config::lookupEnvironment(ref->name).value_or(QString());
        }
    }
    const bool loopback = embedded || Probe::ProbeSession::isLoopbackHost(spec.url.host());
    spec.burst = !p.isSet(QStringLiteral("no-burst")) && (loopback || p.isSet(QStringLiteral("burst")));
    if (!embedded && !spec.url.host().isEmpty() && !loopback && !p.isSet(QStringLiteral("burst")))
        err << "apm-gatekeeper probe: the rate-limit burst is left out for " << spec.url.host()
            << " (pass --burst to include it against your own server)\n";
    else if (!embedded && !loopback && spec.burst)
        err << "apm-gatekeeper probe: warning: the burst sends up to " << 3 * spec.effective.eventLimit.value + 10
            << " anonymous requests within 2 s to " << spec.url.host() << "\n";

    Probe::ProbeSession session;
    if (auto r = session.start(spec); !r) {
        printError(err, r.error());
        return kExitInput;
    }
    QObject::connect(&session, &Probe::ProbeSession::finished, QCoreApplication::instance(), &QCoreApplication::quit,
                     Qt::QueuedConnection);
    if (session.runner().isRunning())
        QCoreApplication::exec();
    const Probe::ProbeReport& report = session.report();
    QByteArray rendered;
    if (format == QLatin1String("json"))
        rendered = Probe::renderJson(report);
    else if (format == QLatin1String("junit"))
        rendered = Probe::renderJUnit(report);
    else if (format == QLatin1String("html"))
        rendered = Probe::renderHtml(report);
    else
        rendered = Probe::renderTable(report, p.isSet(QStringLiteral("verbose"))).toUtf8();
    if (p.isSet(QStringLiteral("output"))) {
        if (auto w = Core::writeFileAtomically(p.value(QStringLiteral("output")), rendered); !w) {
            printError(err, w.error());
            return kExitInput;
        }
        out << report.matchedCount() << " of " << report.outcomes.size() << " scenarios as expected; report written to "
            << p.value(QStringLiteral("output")) << "\n";
    } else {
        out << rendered;
    }
    out.flush();
    return report.allMatch() ? kExitOk : kExitFindings;
}

int runDoctor(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser p;
    addCredentialOptions(p);
    p.addOption({QStringLiteral("format"), QStringLiteral("text or json."), QStringLiteral("format"), QStringLiteral("text")});
    p.addOption({QStringLiteral("timeout"), QStringLiteral("Per-step timeout in ms."), QStringLiteral("ms"),
                 QStringLiteral("5000")});
    const char* usage = "Usage: apm-gatekeeper doctor URL [--secret-token-env VAR] [--api-key-env VAR] [--ca FILE]\n"
                        "           [--client-cert FILE --client-key FILE] [--origin ORIGIN] [--format text|json]\n";
    if (!p.parse(QStringList{QStringLiteral("apm-gatekeeper")} + args) || p.positionalArguments().size() != 1) {
        err << "apm-gatekeeper doctor: " << (p.errorText().isEmpty() ? QStringLiteral("give one URL") : p.errorText())
            << "\n" << usage;
        return kExitUsage;
    }
    const QString format = p.value(QStringLiteral("format"));
    if (format != QLatin1String("text") && format != QLatin1String("json")) {
        err << "apm-gatekeeper doctor: unknown format '" << format << "' (use text or json)\n";
        return kExitUsage;
    }
    Doctor::DoctorSpec spec;
    spec.url = QUrl(p.positionalArguments().constFirst());
    spec.timeoutMs = qMax(100, p.value(QStringLiteral("timeout")).toInt());
    QString tokenVar, keyVar;
    if (int rc = readCredentialOptions(p, "doctor", &spec.secretToken, &tokenVar, &spec.apiKey, &keyVar, err); rc != kExitOk)
        return rc;
    spec.origin = p.value(QStringLiteral("origin"));
    if (p.isSet(QStringLiteral("ca"))) {
        spec.caFile = p.value(QStringLiteral("ca"));
        spec.caCertificates = QSslCertificate::fromPath(spec.caFile, QSsl::Pem);
        if (spec.caCertificates.isEmpty()) {
            err << "apm-gatekeeper doctor: " << spec.caFile << " holds no readable PEM certificate\n";
            return kExitInput;
        }
    }
    if (p.isSet(QStringLiteral("client-cert"))) {
        const QList<QSslCertificate> c = QSslCertificate::fromPath(p.value(QStringLiteral("client-cert")), QSsl::Pem);
        QFile keyFile(p.value(QStringLiteral("client-key")));
        QByteArray keyPem;
        if (keyFile.open(QIODevice::ReadOnly))
            keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (c.isEmpty() || key.isNull()) {
            err << "apm-gatekeeper doctor: the client certificate or key cannot be read as unencrypted PEM\n";
            return kExitInput;
        }
        spec.clientCertificate = c.constFirst();
        spec.clientKey = key;
    }
    Doctor::Doctor doctor;
    QObject::connect(&doctor, &Doctor::Doctor::finished, QCoreApplication::instance(), &QCoreApplication::quit,
                     Qt::QueuedConnection);
    doctor.start(spec);
    if (doctor.running())
        QCoreApplication::exec();
    const Doctor::StepResult* problem = doctor.firstProblem();
    if (format == QLatin1String("json")) {
        QJsonArray steps;
        for (const Doctor::StepResult& s : doctor.steps())
            steps.append(s.toJson());
        out << QJsonDocument(QJsonObject{{QStringLiteral("url"), spec.url.toString()},
                                         {QStringLiteral("steps"), steps},
                                         {QStringLiteral("problemLayer"),
                                          problem ? Doctor::layerName(problem->layer) : QString()}})
                   .toJson(QJsonDocument::Indented);
    } else {
        out << "Doctor for " << spec.url.toString() << "\n";
        for (const Doctor::StepResult& s : doctor.steps()) {
            out << QStringLiteral("%1 %2 [%3] %4 ms\n")
                       .arg(Doctor::statusName(s.status).toUpper(), -8)
                       .arg(s.name, -16)
                       .arg(Doctor::layerName(s.layer))
                       .arg(s.ms, 0, 'f', 1);
            for (const QString& e : s.evidence)
                out << "           " << e << "\n";
            int rank = 1;
            for (const Doctor::RankedCause& c : s.causes) {
                const Doctor::Case* k = Doctor::KnowledgeBase::find(c.caseId);
                out << "           cause " << rank++ << ": " << c.caseId << " " << (k ? k->title : QString()) << " — " << c.why
                    << "\n";
            }
            if (!s.fix.isEmpty())
                out << "           fix: " << s.fix << "\n";
        }
        out << (problem ? QStringLiteral("problem at the %1 layer: %2\n").arg(Doctor::layerName(problem->layer), problem->name)
                        : QStringLiteral("every step passed\n"));
    }
    out.flush();
    return problem && problem->status == Doctor::StepResult::Status::Failed ? kExitFindings : kExitOk;
}

int runExplain(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.isEmpty() || args.constFirst().startsWith(QLatin1String("--"))) {
        err << "Usage: apm-gatekeeper explain \"LOG LINE\"\n";
        return kExitUsage;
    }
    const QString text = args.join(QLatin1Char(' '));
    const QList<Doctor::CaseMatch> matches = Doctor::matchErrorText(text);
    if (matches.isEmpty()) {
        out << "No known case matches. Run `apm-gatekeeper doctor URL` to test the connection step by step.\n";
        return kExitFindings;
    }
    for (const Doctor::CaseMatch& m : matches) {
        const Doctor::Case& k = *m.kase;
        out << k.id << " [" << Doctor::layerName(k.layer) << "] " << k.title << "\n"
            << "  matched: " << m.matchedText << "\n"
            << "  cause:   " << k.cause << "\n"
            << "  fix:     " << k.fix << "\n"
            << "  confirm: " << k.confirmWith << " · " << k.reference << "\n";
    }
    return kExitOk;
}

} // namespace Cli
