// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QString>

namespace Intake {

// The metadata line that opens every intake body: {"metadata": {...}} or RUM v3 {"m": {...}}.
struct StreamMetadata
{
    bool rumV3 = false; // the "m" form with abbreviated keys
    QString serviceName;
    QString serviceVersion;
    QString serviceEnvironment;
    QString agentName;
    QString agentVersion;
    QByteArray line;
};

} // namespace Intake
