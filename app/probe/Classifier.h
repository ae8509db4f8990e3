// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "probe/Observation.h"
#include "probe/Scenario.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Probe {

enum class Verdict {
    Accepted,           // the request got through, as expected
    RejectedAsExpected, // refused exactly as the rules say (status and reason)
    Unexpected,         // the answer differs from the expectation (see differences)
    TlsFailure,         // the handshake failed although it should not have
    Unreachable,        // no connection at all (refused, unresolvable, timed out, reset)
};
QString verdictName(Verdict v);

struct Outcome
{
    Verdict verdict = Verdict::Unexpected;
    bool matches = false;     // accepted or rejected as expected
    QStringList differences;  // expected vs actual, one line each
    QString actual;           // one-line summary of what came back
    QString caseId;           // the troubleshooting case that explains the answer
    QString cause;
    QString fix;
};

// Judges one observation against its scenario's expectation.
Outcome classify(const Scenario& scenario, const Observation& observation);

// What the target looks like, from the answers (reference §8, §9).
struct ServerIdentity
{
    QString version;      // from GET / when the credentials authenticated
    QString behavesLike;  // "7.15", "8.19" (or "8.0–8.11"), empty when unknown
    QStringList evidence;
};
ServerIdentity identifyServer(const QList<Scenario>& scenarios, const QList<Observation>& observations);

} // namespace Probe
