// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/SelfCheck.h"

#include "cli/Cli.h"
#include "cli/ConfigCommands.h"
#include "config/ConfigLinter.h"
#include "config/Document.h"

#include <QSslSocket>
#include <QTextStream>

namespace Cli {

int runSelfCheck(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (!args.isEmpty()) {
        err << "Usage: apm-gatekeeper selfcheck\n";
        return kExitUsage;
    }
    int failures = 0;
    auto check = [&](bool ok, const QString& what, const QString& detail = {}) {
        out << (ok ? "  ok    " : "  FAIL  ") << what;
        if (!detail.isEmpty())
            out << " — " << detail;
        out << "\n";
        failures += ok ? 0 : 1;
    };
    out << "apm-gatekeeper " << GATEKEEPER_VERSION << " selfcheck\n";
    check(QSslSocket::supportsSsl(), QStringLiteral("TLS backend"),
          QSslSocket::activeBackend() + QStringLiteral(", ") + QSslSocket::sslLibraryVersionString());

    Config::Document document;
    check(!document.yaml().entries().isEmpty(), QStringLiteral("default document loads"),
          QStringLiteral("%1 keys").arg(document.yaml().entries().size()));
    for (const Config::Profile profile : {Config::Profile::V7_15, Config::Profile::V8_19}) {
        document.setProfile(profile);
        const Config::EffectiveSettings& e = document.effective();
        QStringList problems;
        for (const auto& s : e.startupErrors)
            problems << s.key + QStringLiteral(": ") + s.message;
        check(e.canStart(), QStringLiteral("APM Server %1 would start with it").arg(Config::profileVersion(profile)),
              problems.join(QStringLiteral("; ")));
        check(e.authRequired.value && !e.anonymousEnabled.value,
              QStringLiteral("authentication required, anonymous off (%1)").arg(Config::profileName(profile)),
              e.anonymousEnabled.rule);
        const QList<Config::Finding> findings = document.findings();
        check(!Config::hasErrors(findings), QStringLiteral("lint (%1)").arg(Config::profileName(profile)),
              QStringLiteral("%1 finding(s)").arg(findings.size()));
    }
    out << "\nLint of the default document (8.19):\n";
    printFindingsText(out, QStringLiteral("<default>"), document.findings());
    out << (failures ? "selfcheck: FAILED\n" : "selfcheck: ok\n");
    return failures ? kExitFindings : kExitOk;
}

} // namespace Cli
