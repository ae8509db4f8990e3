// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/Profile.h"
#include "config/ServerSettings.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Config {

// A value APM Server will actually use, with the rule that produced it: the UI, the linter, the
// stub's decision traces and the probe's expectations all quote `rule` and `section`.
template <typename T>
struct Derived
{
    T value{};
    QString rule;     // one sentence, e.g. "on, because RUM is enabled and a secret token is set"
    QString section;  // reference section, e.g. "§3.5"
    bool fromFile = false; // the file set this key itself
};

enum class ClientAuth { None, Optional, Required };
QString clientAuthName(ClientAuth mode);

// A setting APM Server refuses to start with (the stub refuses it the same way).
struct StartupError
{
    QString key;      // full dotted key
    QString message;  // APM Server's reason
    QString section;
};

// One line of `config effective`: key, value as text, rule, section.
struct Explanation
{
    QString key;
    QString value;
    QString rule;
    QString section;
    bool fromFile = false;
};

// What APM Server does with a file under a profile. Produced only by derive(): every implicit rule
// of APM Server (reference §3, §5, §7, §8) lives in EffectiveSettings.cpp and nowhere else.
struct EffectiveSettings
{
    Profile profile = Profile::V8_19;

    Derived<QString> host;
    Derived<qint64> maxHeaderSize;
    Derived<Duration> idleTimeout;
    Derived<Duration> readTimeout;
    Derived<Duration> writeTimeout;
    Derived<Duration> shutdownTimeout;
    Derived<qint64> maxEventSize;
    Derived<qint64> maxConnections;
    Derived<HeaderMap> responseHeaders;
    Derived<bool> capturePersonalData;

    // §3.1: no secret token and no API keys ⇒ method "none": everything is allowed.
    Derived<bool> authRequired;
    Derived<QString> secretToken;      // empty = none; may be a ${NAME} reference
    Derived<bool> apiKeyEnabled;
    Derived<qint64> apiKeyLimit;
    Derived<bool> anonymousEnabled;
    Derived<QStringList> allowAgent;   // empty = any agent
    Derived<QStringList> allowService; // empty = any service
    Derived<qint64> ipLimit;
    Derived<qint64> eventLimit;
    Derived<qint64> burst;             // 3 × event_limit

    Derived<bool> tlsEnabled;
    Derived<QString> certificate;
    Derived<QString> key;
    Derived<QString> keyPassphrase;
    Derived<QStringList> certificateAuthorities;
    Derived<ClientAuth> clientAuth;
    Derived<QStringList> supportedProtocols;
    Derived<QStringList> cipherSuites;
    Derived<QStringList> curveTypes;

    Derived<bool> rumEnabled;
    Derived<QStringList> allowOrigins;
    Derived<QStringList> allowHeaders;
    Derived<HeaderMap> rumResponseHeaders;

    Derived<bool> agentConfigEnabled;      // kill switch (7.15: kibana.enabled)
    Derived<Duration> agentConfigCacheExpiration;
    Derived<bool> sourcemapEndpointExists; // 7.x only
    Derived<bool> sourcemapUploadEnabled;  // 7.15 kill switch
    Derived<bool> dataStreamsEnabled;      // 7.15: Fleet-managed sourcemap message
    Derived<QString> defaultServiceEnvironment;

    QList<StartupError> startupErrors;

    bool canStart() const { return startupErrors.isEmpty(); }
    // Every derived value, in reference order, for `config effective` and the Effective view.
    QList<Explanation> explain() const;
};

EffectiveSettings derive(const ServerSettings& settings, Profile profile);

// Go names APM Server's TLS library accepts (reference §5).
const QStringList& knownTlsProtocols();
const QStringList& knownCipherSuites();
const QStringList& knownCurveTypes();

} // namespace Config
