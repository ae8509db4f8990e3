// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/AccessRules.h"

namespace Config {

bool goGlobMatch(const QString& pattern, const QString& subject)
{
    if (pattern.isEmpty())
        return subject.isEmpty();
    if (pattern == QLatin1String("*"))
        return true;
    const QStringList parts = pattern.split(QLatin1Char('*'));
    if (parts.size() == 1)
        return subject == pattern;
    const bool leadingGlob = pattern.startsWith(QLatin1Char('*'));
    const bool trailingGlob = pattern.endsWith(QLatin1Char('*'));
    const qsizetype end = parts.size() - 1;
    QString rest = subject;
    for (qsizetype i = 0; i < end; ++i) {
        const qsizetype idx = rest.indexOf(parts.at(i));
        if (i == 0) {
            if (!leadingGlob && idx != 0)
                return false;
        } else if (idx < 0) {
            return false;
        }
        rest = rest.mid(idx + parts.at(i).size());
    }
    return trailingGlob || rest.endsWith(parts.at(end));
}

bool originAllowed(const EffectiveSettings& e, const QString& origin)
{
    for (const QString& glob : e.allowOrigins.value) {
        if (goGlobMatch(glob, origin))
            return true;
    }
    return false;
}

QString preflightAllowHeaders(const EffectiveSettings& e)
{
    QStringList h = e.allowHeaders.value;
    h << QStringLiteral("Content-Type") << QStringLiteral("Content-Encoding") << QStringLiteral("Accept");
    return h.join(QStringLiteral(", "));
}

QString privilegeName(Privilege p)
{
    switch (p) {
    case Privilege::EventWrite: return QStringLiteral("event:write");
    case Privilege::ConfigAgentRead: return QStringLiteral("config_agent:read");
    case Privilege::SourcemapWrite: return QStringLiteral("sourcemap:write");
    }
    return {};
}

std::optional<QString> anonymousEventDenial(const EffectiveSettings& e, const QString& serviceName,
                                            const QString& agentName)
{
    // Exact, case-sensitive matches; an empty list allows everything (§3.5).
    if (!e.allowService.value.isEmpty() && !e.allowService.value.contains(serviceName))
        return QStringLiteral("anonymous access not permitted for service \"%1\"").arg(serviceName);
    if (!e.allowAgent.value.isEmpty() && !e.allowAgent.value.contains(agentName))
        return QStringLiteral("anonymous access not permitted for agent \"%1\"").arg(agentName);
    return std::nullopt;
}

std::optional<QString> anonymousConfigDenial(const EffectiveSettings& e, const QString& serviceName)
{
    if (!e.allowService.value.isEmpty() && !e.allowService.value.contains(serviceName))
        return QStringLiteral("anonymous access not permitted for service \"%1\"").arg(serviceName);
    return std::nullopt;
}

bool anonymousMaySeeConfigFor(const EffectiveSettings& e, const QString& configAgentName)
{
    if (configAgentName.isEmpty())
        return true;
    for (const QString& allowed : e.allowAgent.value) {
        if (configAgentName.startsWith(allowed))
            return true;
    }
    return false;
}

} // namespace Config
