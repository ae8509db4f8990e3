// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace Cli {

// `apm-gatekeeper selfcheck`: the headless check run where no display exists. Loads the default
// document, derives it under both profiles and lints it; exit 0 when all is well.
int runSelfCheck(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace Cli
