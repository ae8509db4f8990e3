// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "probe/Classifier.h"
#include "probe/Observation.h"
#include "probe/Scenario.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace Probe {

// How curl commands are written: trust and identity files, and whether secrets are shown.
struct CurlOptions
{
    QString caFile;
    QString clientCert;
    QString clientKey;
    bool insecurePinned = false; // the stub's own certificate: --cacert with its certificate file
    QString pinnedCertFile;
    bool reveal = false;         // print credentials instead of $VARIABLES
};

// The equivalent curl command of a scenario. Credentials appear as "$VARIABLE" (inside double
// quotes, so the shell expands them) unless `reveal` is set.
QString curlCommand(const QUrl& base, const Scenario& scenario, const CurlOptions& options);

// "DNS 0.12 ms, connect 0.05 ms, TLS 1.90 ms, first byte 2.40 ms, total 2.61 ms" (or "reused connection, …").
QString timingText(const Observation& observation);

// A request's phases as consecutive spans of its total time (ms), for timing bars: queued, DNS,
// connect, TLS, request until the first byte, first byte until complete. Phases that did not
// happen are 0.
struct TimingPhases
{
    double queued = 0, dns = 0, connect = 0, tls = 0, wait = 0, download = 0;
    double total() const { return queued + dns + connect + tls + wait + download; }
};
TimingPhases timingPhases(const Observation& observation);

// A finished run: the matrix, what came back, the verdicts.
struct ProbeReport
{
    QUrl target;
    QString mode;                 // "embedded stub" or "URL"
    QString profile;              // the profile the expectations were derived for
    QStringList notes;            // warnings and assumptions (burst, assumed privileges, …)
    QList<Scenario> scenarios;
    QList<Observation> observations;
    QList<Outcome> outcomes;
    ServerIdentity identity;
    double wallMs = 0;
    CurlOptions curl;

    int matchedCount() const;
    bool allMatch() const { return matchedCount() == int(outcomes.size()); }
    // Fills outcomes and identity from scenarios and observations.
    void classifyAll();
};

QString renderTable(const ProbeReport& report, bool verbose = false);
QByteArray renderJson(const ProbeReport& report);
QByteArray renderJUnit(const ProbeReport& report);
QByteArray renderHtml(const ProbeReport& report); // self-contained: inline CSS, no scripts, no external files

} // namespace Probe
