// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace Cli {

// Exit codes shared by every subcommand (README "Command line").
enum ExitCode {
    kExitOk = 0,
    kExitFindings = 1,   // lint errors, failed check
    kExitUsage = 2,      // bad arguments
    kExitInput = 3,      // unreadable or malformed input file, refused edit
};

// True when argv names a subcommand (or --version/--help), i.e. the CLI should run, not the GUI.
bool isCommandLineInvocation(const QStringList& arguments);

// Runs a subcommand; returns the process exit code. Needs a QCoreApplication.
int run(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace Cli
