// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QString>

namespace Intake {

// One decoded NDJSON event line.
struct IntakeEvent
{
    enum class Type { Transaction, Span, Error, Metricset, Log };

    Type type = Type::Transaction;
    QString key; // the line's object key as sent: "transaction", "span", ..., RUM v3 "x", "e", "me"
    // Effective per-event names for anonymous authorization (§3.5): from the metadata, overridden by the
    // event's context.service.name / context.service.agent.name (RUM v3: c.se.n / c.se.a.n).
    QString serviceName;
    QString agentName;
    // Events this line stands for: a RUM v3 transaction carries its spans ("y") and metricsets ("me"),
    // which APM Server decodes into separate events and counts in "accepted".
    int eventCount = 1;
    QByteArray line;       // the raw line, at most max_event_size bytes
    qint64 lineNumber = 0; // 1-based line of the (decoded) body
};

} // namespace Intake
