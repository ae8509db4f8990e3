// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// Composition root: no arguments → the GUI; a subcommand → the command line (app/cli).
#include "MainWindow.h"
#include "cli/Cli.h"

#include <QApplication>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char* argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (Cli::isCommandLineInvocation(args)) {
        QCoreApplication app(argc, argv);
        QTextStream out(stdout);
        QTextStream err(stderr);
        return Cli::run(args, out, err);
    }
    QApplication app(argc, argv);
    MainWindow window;
    window.show();
    return app.exec();
}
