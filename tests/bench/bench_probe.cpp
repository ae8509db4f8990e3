// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// Prints the wall time of the probe's full matrix (without the burst) against the embedded stub, and of
// the same requests sent one by one with curl (the commands the report prints, credentials revealed).
#include "config/ApmServerYaml.h"
#include "config/EffectiveSettings.h"
#include "config/SettingsIo.h"
#include "probe/ProbeSession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTextStream>

#include <functional>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QByteArray yaml = "apm-server:\n  auth:\n    secret_token: bench-token\n    api_key.enabled: true\n"
                            "  kibana.enabled: true\n  rum:\n    enabled: true\n    allow_origins: ['https://*.example.com']\n";
    auto parsed = Config::ApmServerYaml::parse(yaml);
    if (!parsed)
        return 1;
    for (const Config::Profile profile : {Config::Profile::V7_15, Config::Profile::V8_19}) {
        Probe::ProbeRequestSpec spec;
        spec.embedded = true;
        spec.burst = false;
        spec.reveal = true;
        spec.effective = Config::derive(Config::readSettings(*parsed).settings, profile);
        Probe::ProbeSession session;
        QObject::connect(&session, &Probe::ProbeSession::finished, &app, &QCoreApplication::quit, Qt::QueuedConnection);
        if (!session.start(spec))
            return 1;
        app.exec();
        const Probe::ProbeReport& r = session.report();
        // A second run on the same stub: API-key verdicts are cached (1 min, §3.4) as for a real server.
        Probe::ProbeRunner again;
        QObject::connect(&again, &Probe::ProbeRunner::finished, &app, &QCoreApplication::quit, Qt::QueuedConnection);
        again.start(r.target, r.scenarios, Probe::RunnerOptions());
        app.exec();
        out << "profile " << Config::profileName(profile) << ": " << r.scenarios.size() << " scenarios, "
            << r.matchedCount() << " as expected\n";
        out << "  probe (QNetworkAccessManager, 6 connections): first run " << qRound(r.wallMs)
            << " ms (includes API-key hashing), second run " << qRound(again.wallMs()) << " ms\n";
        // One curl after the other, the event loop running so the in-process stub answers them.
        QElapsedTimer t;
        t.start();
        int failures = 0;
        int next = 0;
        QProcess curl;
        std::function<void()> startNext = [&] {
            if (next >= r.scenarios.size()) {
                app.quit();
                return;
            }
            const Probe::Scenario& s = r.scenarios.at(next++);
            curl.start(QStringLiteral("sh"), {QStringLiteral("-c"), Probe::curlCommand(r.target, s, r.curl) + QStringLiteral(" -o /dev/null")});
        };
        QObject::connect(&curl, &QProcess::finished, &app, [&](int code) {
            failures += code == 0 ? 0 : 1;
            QMetaObject::invokeMethod(&app, startNext, Qt::QueuedConnection);
        });
        startNext();
        app.exec();
        QObject::disconnect(&curl, nullptr, &app, nullptr);
        out << "  curl one by one: " << t.elapsed() << " ms (" << failures << " curl errors)\n";
        out.flush();
    }
    return 0;
}
