// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/Cli.h"

#include <QTextStream>

namespace Cli {

bool isCommandLineInvocation(const QStringList& arguments)
{
    return arguments.size() > 1 && !arguments.at(1).startsWith(QLatin1String("--quit-after")) &&
           !arguments.at(1).startsWith(QLatin1String("--screenshot"));
}

int run(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    Q_UNUSED(arguments);
    Q_UNUSED(out);
    err << "not yet\n";
    return 2;
}

} // namespace Cli
