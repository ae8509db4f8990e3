// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace Cli {

// apm-gatekeeper probe (--embedded | --url URL) [--config FILE] [credentials, trust, --origin]
//                      [--format table|json|junit|html] [--output FILE]
int runProbe(const QStringList& args, QTextStream& out, QTextStream& err);
// apm-gatekeeper doctor URL [credentials, trust, --origin] [--format text|json]
int runDoctor(const QStringList& args, QTextStream& out, QTextStream& err);
// apm-gatekeeper explain "LOG LINE": the troubleshooting cases a log line matches.
int runExplain(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace Cli
