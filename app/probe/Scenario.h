// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/AccessRules.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Probe {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// One HTTP request of the matrix. The Authorization value is kept apart so reports and curl
// commands can show `$VARIABLE` instead of the secret.
struct ProbeRequest
{
    QByteArray method = "GET";
    QString path = QStringLiteral("/");
    QString query;              // without '?', already encoded
    Headers headers;            // everything but Authorization
    QByteArray authorization;   // empty: no header
    QString authorizationShown; // what reports print, e.g. "Bearer $APM_SECRET_TOKEN"
    QByteArray body;
};

// The TLS variant a scenario connects with (only when the target speaks TLS).
enum class TlsCase {
    Normal,            // the trust the user gave (--ca, the served certificate for the stub, or the system)
    UntrustedCa,       // an empty trust store: the server's chain cannot verify
    WrongHostname,     // verify against a name that is in no certificate
    BelowFloor,        // only a protocol version below apm-server.ssl.supported_protocols
    NoClientCert,      // no client certificate
    ForeignClientCert, // a client certificate no configured CA signed
    ValidClientCert,   // the client certificate the user gave
};
QString tlsCaseName(TlsCase c);

// What a scenario should get, and why (the decision of APM Server's rules, with its section).
struct Expectation
{
    enum class Kind { Http, TlsFailure };
    Kind kind = Kind::Http;
    int status = 0;
    QString message;               // the error text ({"error": …} or errors[0].message); empty: none
    bool rootInfo = false;         // GET /: a body with the version is expected
    bool preflight = false;        // OPTIONS: judged as a browser would
    bool corsAllowOrigin = false;  // preflight: Access-Control-Allow-Origin expected
    QString reason;                // the rule in one sentence
    QString section;               // "§3.3"
    QString caseId;                // the troubleshooting case a rejection corresponds to
    int burstMinRateLimited = 0;   // burst: at least this many 429 answers
};

struct Scenario
{
    QString id;       // stable, e.g. "backend-intake/wrong-token"
    QString category; // "credentials", "anonymous", "RUM origin", "burst", "TLS", "version"
    QString family;   // "server info", "backend intake", "RUM intake v2", …
    QString variant;  // "correct token", "API key (event:write)", …
    ProbeRequest request;
    TlsCase tls = TlsCase::Normal;
    QString clientProtocol; // TlsCase::BelowFloor: the only version offered ("TLSv1.1")
    // ALPN: false offers only http/1.1 (every scenario but one); true offers h2 and http/1.1, as
    // strict HTTP/2 clients and browsers do (APM Server negotiates h2 on TLS, §5; case C18).
    bool offerHttp2 = false;
    Expectation expected;
    int repeat = 1;   // > 1: the bounded burst (sent concurrently, judged as a whole)
};

// A credential the probe may use, with how to print it.
struct ApiKeyVariant
{
    enum class State { Valid, Expired, Invalidated, Unknown };
    QString label;            // "all privileges", "event:write", "expired", …
    QByteArray credentials;   // base64(id:api_key)
    QSet<Config::Privilege> privileges;
    State state = State::Valid;
    QString variable;         // curl shows $variable
    bool privilegesAssumed = false; // a user's key: privileges not known, assumed all three
};

// Everything the matrix is built from besides the effective settings.
struct ProbeInputs
{
    QString secretToken;                  // the correct token (empty: unknown / none)
    QString secretTokenVariable = QStringLiteral("APM_SECRET_TOKEN");
    QList<ApiKeyVariant> apiKeys;         // valid, expired, invalidated keys
    QStringList origins;                  // the user's origins (--origin), tried as allowed/disallowed as the rules say
    bool tls = false;                     // the target URL is https
    bool haveClientCert = false;          // --client-cert given
    bool burst = false;                   // include the bounded burst
    int burstCap = 0;                     // 0: 3 × event_limit + 10
};

} // namespace Probe
