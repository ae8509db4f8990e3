// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/SelfCheck.h"

#include "cli/Cli.h"
#include "cli/ConfigCommands.h"
#include "config/ConfigLinter.h"
#include "config/Document.h"

#include "intake/IntakeServer.h"
#include "probe/ProbeSession.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTextStream>
#include <QTimer>

namespace Cli {

namespace {

// Serves the default document on loopback and asks it two questions over a real socket: the
// server information with the right token (200 + version) and an intake request with a wrong one
// (401 "authentication failed"). Runs the application's event loop until both are answered.
QStringList serveAndAsk(Config::Document& document)
{
    QStringList problems;
    Intake::Engine::Options options;
    options.effective = document.effective();
    // The document holds a ${NAME} reference; the check uses a throwaway value of its own.
    options.secretToken = QString::number(QRandomGenerator::system()->generate64(), 36) +
                          QString::number(QRandomGenerator::system()->generate64(), 36);
    Intake::IntakeServer server;
    if (auto r = server.start(options, QHostAddress::LocalHost, 0); !r)
        return {r.error().toString()};
    const QList<QByteArray> requests = {
        "GET / HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + options.secretToken.toLatin1() + "\r\n\r\n",
        "POST /intake/v2/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer wrong\r\n"
        "Content-Type: application/x-ndjson\r\nContent-Length: 0\r\n\r\n"};
    const QList<QPair<QByteArray, QByteArray>> expected = {
        {"HTTP/1.1 200 OK", "\"version\":\"" + Config::profileVersion(options.effective.profile).toLatin1() + "\""},
        {"HTTP/1.1 401 Unauthorized", "{\"error\":\"authentication failed\"}"}};
    qsizetype next = 0;
    QTcpSocket socket;
    QByteArray received;
    auto finish = [&](const QString& problem) {
        if (!problem.isEmpty())
            problems << problem;
        QCoreApplication::exit(0);
    };
    QObject::connect(&socket, &QTcpSocket::connected, &socket, [&] { socket.write(requests.at(0)); });
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] {
        received += socket.readAll();
        const qsizetype end = received.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const qsizetype length = received.mid(received.indexOf("Content-Length: ") + 16).split('\r').value(0).toLongLong();
        if (received.size() < end + 4 + length)
            return;
        const QByteArray answer = received.left(end + 4 + length);
        received.remove(0, end + 4 + length);
        if (!answer.startsWith(expected.at(next).first) || !answer.contains(expected.at(next).second)) {
            finish(QStringLiteral("unexpected answer to request %1: %2").arg(next + 1).arg(QString::fromLatin1(answer.left(200))));
            return;
        }
        if (++next == requests.size())
            finish({});
        else
            socket.write(requests.at(next));
    });
    QTimer::singleShot(10000, &socket, [&] { finish(QStringLiteral("the stub did not answer within 10 s")); });
    socket.connectToHost(QHostAddress::LocalHost, server.port());
    QCoreApplication::exec();
    return problems;
}

// Serves the document with the embedded stub and runs the probe's whole matrix against it.
QString probeDocument(const Config::Document& document, QString* table)
{
    Probe::ProbeRequestSpec spec;
    spec.embedded = true;
    spec.effective = document.effective();
    Probe::ProbeSession session;
    if (auto r = session.start(spec); !r)
        return r.error().toString();
    QObject::connect(&session, &Probe::ProbeSession::finished, QCoreApplication::instance(), &QCoreApplication::quit,
                     Qt::QueuedConnection);
    if (session.runner().isRunning())
        QCoreApplication::exec();
    *table = Probe::renderTable(session.report());
    const Probe::ProbeReport& report = session.report();
    return report.allMatch() ? QString()
                             : QStringLiteral("%1 of %2 scenarios differ from the rules")
                                   .arg(report.outcomes.size() - report.matchedCount())
                                   .arg(report.outcomes.size());
}

} // namespace

int runSelfCheck(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (!args.isEmpty()) {
        err << "Usage: apm-gatekeeper selfcheck\n";
        return kExitUsage;
    }
    int failures = 0;
    auto check = [&](bool ok, const QString& what, const QString& detail = {}) {
        out << (ok ? "  ok    " : "  FAIL  ") << what;
        if (!detail.isEmpty())
            out << " — " << detail;
        out << "\n";
        failures += ok ? 0 : 1;
    };
    out << "apm-gatekeeper " << GATEKEEPER_VERSION << " selfcheck\n";
    check(QSslSocket::supportsSsl(), QStringLiteral("TLS backend"),
          QSslSocket::activeBackend() + QStringLiteral(", ") + QSslSocket::sslLibraryVersionString());

    Config::Document document;
    check(!document.yaml().entries().isEmpty(), QStringLiteral("default document loads"),
          QStringLiteral("%1 keys").arg(document.yaml().entries().size()));
    for (const Config::Profile profile : {Config::Profile::V7_15, Config::Profile::V8_19}) {
        document.setProfile(profile);
        const Config::EffectiveSettings& e = document.effective();
        QStringList problems;
        for (const auto& s : e.startupErrors)
            problems << s.key + QStringLiteral(": ") + s.message;
        check(e.canStart(), QStringLiteral("APM Server %1 would start with it").arg(Config::profileVersion(profile)),
              problems.join(QStringLiteral("; ")));
        check(e.authRequired.value && !e.anonymousEnabled.value,
              QStringLiteral("authentication required, anonymous off (%1)").arg(Config::profileName(profile)),
              e.anonymousEnabled.rule);
        const QList<Config::Finding> findings = document.findings();
        check(!Config::hasErrors(findings), QStringLiteral("lint (%1)").arg(Config::profileName(profile)),
              QStringLiteral("%1 finding(s)").arg(findings.size()));
    }
    const QStringList served = serveAndAsk(document);
    check(served.isEmpty(), QStringLiteral("the stub serves it on loopback (GET / and a rejected intake request)"),
          served.join(QStringLiteral("; ")));
    QString table;
    const QString probed = probeDocument(document, &table);
    check(probed.isEmpty(), QStringLiteral("the probe's matrix against the stub matches the rules"), probed);
    out << "\nProbe of the default document (8.19) on loopback:\n" << table;
    out << "\nLint of the default document (8.19):\n";
    printFindingsText(out, QStringLiteral("<default>"), document.findings());
    out << (failures ? "selfcheck: FAILED\n" : "selfcheck: ok\n");
    return failures ? kExitFindings : kExitOk;
}

} // namespace Cli
