// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace Config {

using Duration = std::chrono::milliseconds;
// Header name → values (APM Server adds each value as its own header line; reference §1).
using HeaderMap = QMap<QString, QStringList>;

// What an apm-server.yml *says*, key by key (reference §7): std::nullopt means "not written in
// the file". Defaults and implicit rules are applied by derive() (EffectiveSettings.h), never
// here, because APM Server's behaviour depends on whether a key was set at all (e.g. the
// anonymous auto-enable, "certificate_authorities without client_authentication").
struct ServerSettings
{
    std::optional<QString> host;
    std::optional<qint64> maxHeaderSize;
    std::optional<Duration> idleTimeout;
    std::optional<Duration> readTimeout;
    std::optional<Duration> writeTimeout;
    std::optional<Duration> shutdownTimeout;
    std::optional<qint64> maxEventSize;
    std::optional<qint64> maxConnections;
    std::optional<HeaderMap> responseHeaders;
    std::optional<bool> capturePersonalData;
    std::optional<QString> defaultServiceEnvironment;
    std::optional<bool> expvarEnabled;
    std::optional<bool> pprofEnabled;

    struct Auth
    {
        std::optional<QString> secretToken;
        std::optional<bool> apiKeyEnabled;
        std::optional<qint64> apiKeyLimit;
        std::optional<bool> anonymousEnabled;
        std::optional<QStringList> allowAgent;
        std::optional<QStringList> allowService;
        std::optional<qint64> ipLimit;
        std::optional<qint64> eventLimit;
    } auth;

    struct Ssl
    {
        std::optional<bool> enabled;
        std::optional<QString> certificate;
        std::optional<QString> key;
        std::optional<QString> keyPassphrase;
        std::optional<QStringList> certificateAuthorities;
        std::optional<QString> clientAuthentication; // none | optional | required
        std::optional<QStringList> supportedProtocols;
        std::optional<QStringList> cipherSuites;
        std::optional<QStringList> curveTypes;
        std::optional<QString> verificationMode;
    } ssl;

    struct Rum
    {
        std::optional<bool> enabled;
        std::optional<QStringList> allowOrigins;
        std::optional<QStringList> allowHeaders;
        std::optional<HeaderMap> responseHeaders;
        std::optional<QString> libraryPattern;
        std::optional<QString> excludeFromGrouping;
        std::optional<bool> sourceMappingEnabled;
    } rum;

    std::optional<bool> kibanaEnabled;
    std::optional<Duration> agentConfigCacheExpiration;
    std::optional<bool> dataStreamsEnabled; // 7.15: sourcemap upload kill switch

    // 7.15 deprecated keys (removed in 8.0); mapped onto auth.* by derive(), the new key winning.
    struct Deprecated
    {
        std::optional<QString> secretToken;                // apm-server.secret_token
        std::optional<bool> apiKeyEnabled;                 // apm-server.api_key.enabled
        std::optional<qint64> apiKeyLimit;                 // apm-server.api_key.limit
        std::optional<qint64> eventRateLimit;              // apm-server.rum.event_rate.limit
        std::optional<qint64> eventRateLruSize;            // apm-server.rum.event_rate.lru_size
        std::optional<QStringList> allowServiceNames;      // apm-server.rum.allow_service_names
    } deprecated;

    // Every key written under apm-server (dotted, relative to "apm-server."), known or not, in
    // file order. The 7.15 anonymous rule and the unknown-key linter read it.
    QStringList presentKeys;

    bool operator==(const ServerSettings&) const = default;
};

} // namespace Config
