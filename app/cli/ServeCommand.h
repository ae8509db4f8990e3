// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace Cli {

// `apm-gatekeeper serve --config FILE [--listen HOST:PORT] [--emulate 7.15|8.19] [--data-dir DIR]
//  [--agent-config FILE] [--log-format text|json]`: serves the file's effective settings in the
// foreground until SIGINT/SIGTERM. Prints "listening on http://HOST:PORT" when ready.
int runServe(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace Cli
