// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace Cli {

// `apm-gatekeeper cert ca|server|client|inspect|validate|kit …`; args start after "cert".
int runCertCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace Cli
