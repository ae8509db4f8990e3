// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/RequestLog.h"

#include <QJsonArray>

namespace Intake {

QString endpointName(Endpoint e)
{
    switch (e) {
    case Endpoint::Root: return QStringLiteral("server information");
    case Endpoint::Intake: return QStringLiteral("intake");
    case Endpoint::RumIntakeV2: return QStringLiteral("RUM intake v2");
    case Endpoint::RumIntakeV3: return QStringLiteral("RUM intake v3");
    case Endpoint::AgentConfig: return QStringLiteral("agent configuration");
    case Endpoint::RumAgentConfig: return QStringLiteral("RUM agent configuration");
    case Endpoint::Sourcemap: return QStringLiteral("sourcemap upload");
    case Endpoint::Profile: return QStringLiteral("profile intake");
    case Endpoint::NotFound: return QStringLiteral("unknown path");
    case Endpoint::Redirect: return QStringLiteral("unclean path");
    }
    return {};
}

bool isRumEndpoint(Endpoint e)
{
    return e == Endpoint::RumIntakeV2 || e == Endpoint::RumIntakeV3 || e == Endpoint::RumAgentConfig;
}

QString authMethodName(AuthMethod m)
{
    switch (m) {
    case AuthMethod::NotChecked: return QStringLiteral("-");
    case AuthMethod::None: return QStringLiteral("none (no auth configured)");
    case AuthMethod::Anonymous: return QStringLiteral("anonymous");
    case AuthMethod::SecretToken: return QStringLiteral("secret token");
    case AuthMethod::ApiKey: return QStringLiteral("API key");
    case AuthMethod::Failed: return QStringLiteral("failed");
    }
    return {};
}

QByteArray redactAuthorization(const QByteArray& value)
{
    const qsizetype space = value.trimmed().indexOf(' ');
    if (space <= 0)
        return value.isEmpty() ? QByteArray() : QByteArray("***");
    return value.trimmed().left(space) + " ***";
}

QJsonObject RequestLogEntry::toJson() const
{
    QJsonArray steps;
    for (const TraceStep& s : trace)
        steps.append(QJsonObject{{QStringLiteral("stage"), s.stage},
                                 {QStringLiteral("outcome"), s.outcome},
                                 {QStringLiteral("rule"), s.rule},
                                 {QStringLiteral("section"), s.section}});
    return QJsonObject{{QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("client"), client},
                       {QStringLiteral("client_source"), clientSource},
                       {QStringLiteral("method"), method},
                       {QStringLiteral("target"), target},
                       {QStringLiteral("endpoint"), endpointName(endpoint)},
                       {QStringLiteral("agent"), agentName},
                       {QStringLiteral("service"), serviceName},
                       {QStringLiteral("auth"), authMethodName(auth)},
                       {QStringLiteral("auth_detail"), authDetail},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("events_accepted"), eventsAccepted},
                       {QStringLiteral("body_bytes"), bodyBytes},
                       {QStringLiteral("verdict"), verdict},
                       {QStringLiteral("trace"), steps}};
}

QString RequestLogEntry::toText() const
{
    QString s = QStringLiteral("%1 %2 %3 %4 → %5 [%6]")
                    .arg(time.toUTC().toString(Qt::ISODateWithMs), client, method, target)
                    .arg(status)
                    .arg(authMethodName(auth));
    if (!agentName.isEmpty() || !serviceName.isEmpty())
        s += QStringLiteral(" agent=%1 service=%2").arg(agentName.isEmpty() ? QStringLiteral("-") : agentName,
                                                         serviceName.isEmpty() ? QStringLiteral("-") : serviceName);
    s += QStringLiteral(" — ") + verdict;
    return s;
}

} // namespace Intake
