// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace Cli {

// `apm-gatekeeper apikey create|info|invalidate|verify …` (the `apm-server apikey` commands, §6,
// against the local registry); args start after "apikey". Returns the exit code: 0 ok, 1 not
// found / not authorized, 2 usage error, 3 registry I/O problem or damaged registry.
int runApiKeyCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace Cli
