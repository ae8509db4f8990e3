// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QList>
#include <QString>

namespace Config {

enum class Severity { Info, Warning, Error };
QString severityName(Severity s); // "info", "warning", "error"

// One problem found in a configuration (or, later, a certificate or a probe): the same shape
// everywhere so the UI shows them alike.
struct Finding
{
    Severity severity = Severity::Info;
    QString code;     // stable, e.g. "auth.token-without-tls"
    QString message;  // one line
    QString fix;      // what to do
    QString key;      // YAML key it concerns, e.g. "apm-server.auth.secret_token" (may be empty)
    int line = 0;     // 1-based line in the document, 0 if unknown
    QString section;  // reference section or troubleshooting case, e.g. "§3.5, C26"
};

inline bool hasErrors(const QList<Finding>& findings)
{
    for (const Finding& f : findings) {
        if (f.severity == Severity::Error)
            return true;
    }
    return false;
}

} // namespace Config
