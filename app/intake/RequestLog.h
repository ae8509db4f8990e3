// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "intake/HttpResponse.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Intake {

enum class Endpoint {
    Root,
    Intake,          // /intake/v2/events
    RumIntakeV2,     // /intake/v2/rum/events
    RumIntakeV3,     // /intake/v3/rum/events
    AgentConfig,     // /config/v1/agents
    RumAgentConfig,  // /config/v1/rum/agents
    Sourcemap,       // 7.x /assets/v1/sourcemaps
    Profile,         // 7.x /intake/v2/profile
    NotFound,
    Redirect,        // unclean path → 301
};
QString endpointName(Endpoint e);
bool isRumEndpoint(Endpoint e);

enum class AuthMethod { NotChecked, None, Anonymous, SecretToken, ApiKey, Failed };
QString authMethodName(AuthMethod m);

// One middleware step of the decision, with the rule and the reference section that decided it.
struct TraceStep
{
    QString stage;   // "router", "response headers", "CORS", "auth", "rate limit", "kill switch", "handler"
    QString outcome; // "passed", "rejected 401", …
    QString rule;    // the rule in one sentence
    QString section; // "§3.3"
};

// Every request the stub answers becomes one entry. Never holds a secret: Authorization values
// are redacted to their scheme.
struct RequestLogEntry
{
    QDateTime time;
    QString client;          // IP the rate limiter used
    QString clientSource;    // "peer address", "X-Forwarded-For", …
    QString peer;            // TCP peer
    QString agentName;
    QString serviceName;
    QString method;
    QString target;          // path + query
    Endpoint endpoint = Endpoint::NotFound;
    AuthMethod auth = AuthMethod::NotChecked;
    QString authDetail;      // e.g. API key id, "from cache"
    int status = 0;
    QString verdict;         // one line: why this status
    QList<TraceStep> trace;
    HeaderList requestHeaders; // credentials redacted
    HttpResponse response;     // status, headers and (bounded) body
    qint64 bodyBytes = 0;
    int eventsAccepted = 0;

    QJsonObject toJson() const;
    QString toText() const; // one line
};

// "Bearer ***", "ApiKey ***": what may be shown of a credential header.
QByteArray redactAuthorization(const QByteArray& value);

} // namespace Intake
