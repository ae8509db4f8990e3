// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"

#include <QStringList>

#include <initializer_list>
#include <utility>

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

// Prints an error as every command does: "apm-gatekeeper: message (detail)" and the fix.
void printError(QTextStream& err, const Core::Error& error);

// Runs the subcommand of a command group ("config lint …", "apikey create …") by name; an unknown
// one gets a message listing the known ones and kExitUsage.
using SubcommandHandler = int (*)(const QStringList& args, QTextStream& out, QTextStream& err);
int dispatchSubcommand(const char* group, std::initializer_list<std::pair<const char*, SubcommandHandler>> handlers,
                       const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace Cli
