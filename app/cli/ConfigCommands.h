// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/ConfigLinter.h"
#include "config/EffectiveSettings.h"

#include <QJsonArray>
#include <QStringList>

class QTextStream;

namespace Cli {

// `apm-gatekeeper config lint|effective|get|set …`; args start after "config".
int runConfigCommand(const QStringList& args, QTextStream& out, QTextStream& err);

// Shared renderings (selfcheck and later commands print the same way).
void printFindingsText(QTextStream& out, const QString& fileName, const QList<Config::Finding>& findings);
QJsonArray findingsToJson(const QList<Config::Finding>& findings);
void printEffectiveText(QTextStream& out, const Config::EffectiveSettings& effective);
QJsonArray effectiveToJson(const Config::EffectiveSettings& effective);

} // namespace Cli
