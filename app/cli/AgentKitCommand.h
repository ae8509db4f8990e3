// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace Cli {

// `apm-gatekeeper agent-kit --agent ID --config FILE --url URL [--format env|snippet] [--reveal] …`:
// what one agent needs to reach the APM Server the document describes (args start after
// "agent-kit"). Exit: 0 ok, 2 usage, 3 unreadable document or a secret that cannot be revealed.
int runAgentKit(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace Cli
