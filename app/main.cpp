// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// Composition root: no arguments → the GUI; a subcommand → the command line (app/cli).
#include "MainWindow.h"
#include "cli/Cli.h"
#include "support/StubController.h"
#include "support/Palette.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QStyleFactory>
#include <QTextStream>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <optional>

namespace {

// GUI options main.cpp handles itself, so they never reach the CLI dispatch.
bool isGuiArgument(const QString& arg)
{
    static const QStringList options = {QStringLiteral("--quit-after"), QStringLiteral("--screenshot"),
                                        QStringLiteral("--open"),       QStringLiteral("--panel"),
                                        QStringLiteral("--dark"),       QStringLiteral("--size")};
    for (const QString& option : options) {
        if (arg == option || arg.startsWith(option + QLatin1Char('=')))
            return true;
    }
    // Qt's own options (-style, -platform, -reverse, …) and a file to open.
    if (arg.startsWith(QLatin1Char('-')) && !arg.startsWith(QLatin1String("--")) && arg.size() > 2)
        return true;
    return arg.endsWith(QLatin1String(".yml"), Qt::CaseInsensitive) ||
           arg.endsWith(QLatin1String(".yaml"), Qt::CaseInsensitive);
}

bool hasDisplay(const QStringList& args)
{
    if (!qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
        !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return true;
    return args.contains(QStringLiteral("-platform"));
}

std::optional<QSize> parseSize(const QString& text)
{
    const QStringList parts = text.split(QLatin1Char('x'));
    bool okW = false;
    bool okH = false;
    if (parts.size() != 2)
        return std::nullopt;
    const int w = parts.at(0).toInt(&okW);
    const int h = parts.at(1).toInt(&okH);
    if (!okW || !okH || w <= 0 || h <= 0)
        return std::nullopt;
    return QSize(w, h);
}

} // namespace

int main(int argc, char* argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    const bool gui = args.size() < 2 || isGuiArgument(args.at(1));
    if (!gui && Cli::isCommandLineInvocation(args)) {
        QCoreApplication app(argc, argv);
        // Threads started from here on (the stub's worker event loops in `serve`) run Qt's own
        // poll()-based event loop instead of GLib's, which wakes itself (an eventfd write) for every
        // socket-notifier change, several times per request. The main thread keeps GLib's: the
        // keychain (libsecret, behind QtKeychain) answers through GLib's main context.
        if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
            qputenv("QT_NO_GLIB", "1");
        QCoreApplication::setOrganizationName(QStringLiteral("APM Gatekeeper"));
        QCoreApplication::setApplicationName(QStringLiteral("apm-gatekeeper"));
        QCoreApplication::setApplicationVersion(QStringLiteral(GATEKEEPER_VERSION));
        QTextStream out(stdout);
        QTextStream err(stderr);
        return Cli::run(args, out, err);
    }

    // Without a display Qt would abort with a long plugin message; say what to do instead.
    if (!hasDisplay(args)) {
        std::fputs("apm-gatekeeper: no display: run `apm-gatekeeper selfcheck` for the headless check, "
                   "or set QT_QPA_PLATFORM=offscreen\n",
                   stderr);
        return 3;
    }

    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("APM Gatekeeper"));
    QCoreApplication::setApplicationName(QStringLiteral("apm-gatekeeper"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEKEEPER_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("APM Gatekeeper"));
    QGuiApplication::setDesktopFileName(QStringLiteral("apm-gatekeeper"));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("apm-gatekeeper"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "APM Gatekeeper: edit and explain apm-server.yml"));
    const QCommandLineOption openOption(QStringLiteral("open"), QCoreApplication::translate("main", "Open FILE."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption panelOption(
        QStringLiteral("panel"), QCoreApplication::translate("main", "Show panel NAME (configuration, effective, intake, tls, secrets, apikeys, rum, agents, probe, doctor)."),
        QStringLiteral("NAME"));
    const QCommandLineOption quitOption(QStringLiteral("quit-after"),
                                        QCoreApplication::translate("main", "Quit after MS milliseconds."),
                                        QStringLiteral("MS"));
    const QCommandLineOption shotOption(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main",
                                    "Save the window as a PNG just before quitting (after 1 s without --quit-after)."),
        QStringLiteral("FILE"));
    const QCommandLineOption darkOption(
        QStringLiteral("dark"), QCoreApplication::translate("main", "Use the Fusion style with a dark palette."));
    const QCommandLineOption sizeOption(QStringLiteral("size"),
                                        QCoreApplication::translate("main", "Window size, e.g. 1024x700."),
                                        QStringLiteral("WxH"));
    parser.addOptions({openOption, panelOption, quitOption, shotOption, darkOption, sizeOption});
    parser.addPositionalArgument(QStringLiteral("file"), QCoreApplication::translate("main", "apm-server.yml to open."),
                                 QStringLiteral("[file]"));
    if (!parser.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "apm-gatekeeper: %s\n", qPrintable(parser.errorText()));
        return 2;
    }

    if (parser.isSet(darkOption)) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(Palette::darkPalette());
    }

    MainWindow window;
    QString file = parser.value(openOption);
    if (file.isEmpty() && !parser.positionalArguments().isEmpty())
        file = parser.positionalArguments().constFirst();
    if (!file.isEmpty())
        window.openFile(file);
    // The embedded stub serves the open document at once (127.0.0.1:8200 or the next free port),
    // so the probe and real agents have a target as soon as the window is there.
    StubController* stub = window.stubController();
    stub->start();
    std::fprintf(stderr, "apm-gatekeeper: %s\n", qPrintable(stub->summary()));
    if (parser.isSet(panelOption) && !window.showPanel(parser.value(panelOption))) {
        std::fprintf(stderr, "apm-gatekeeper: unknown panel %s (known: %s)\n", qPrintable(parser.value(panelOption)),
                     qPrintable(window.panelIds().join(QStringLiteral(", "))));
    }
    if (parser.isSet(sizeOption)) {
        if (const auto size = parseSize(parser.value(sizeOption)))
            window.resize(*size);
        else
            std::fprintf(stderr, "apm-gatekeeper: --size wants WxH, e.g. 1024x700\n");
    }
    window.show();

    // --screenshot alone takes its picture after a second, so it always quits.
    if (parser.isSet(quitOption) || parser.isSet(shotOption)) {
        bool ok = true;
        const int ms = parser.isSet(quitOption) ? parser.value(quitOption).toInt(&ok) : 1000;
        if (!ok || ms < 0) {
            std::fprintf(stderr, "apm-gatekeeper: --quit-after wants milliseconds\n");
            return 2;
        }
        const QString screenshot = parser.value(shotOption);
        QTimer::singleShot(ms, &app, [&window, screenshot] {
            int code = 0;
            if (!screenshot.isEmpty() && !window.grab().save(screenshot, "PNG")) {
                std::fprintf(stderr, "apm-gatekeeper: could not write %s\n", qPrintable(screenshot));
                code = 1;
            }
            // exit(), not quit(): a timed run must not stop at the unsaved-changes question.
            QCoreApplication::exit(code);
        });
    }
    return app.exec();
}
