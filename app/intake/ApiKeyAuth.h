// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/AccessRules.h"
#include "intake/RateLimiter.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

#include <memory>
#include <mutex>

namespace Intake {

// What "Elasticsearch" says about an API key: the stub asks the local registry (app/apikeys).
class ApiKeyBackend
{
public:
    virtual ~ApiKeyBackend() = default;

    enum class Status {
        Valid,       // has privileges (possibly none of the three)
        Rejected,    // ES answers 401: unknown, wrong secret, expired, invalidated
        Unavailable, // ES unreachable / failing
    };
    struct Answer
    {
        Status status = Status::Rejected;
        QSet<Config::Privilege> privileges;
        QString detail; // why (for the decision trace; never the secret)
    };
    virtual Answer check(const QString& id, QByteArrayView secret) = 0;
};

// APM Server's API-key cache (reference §3.4): results — negative ones included — are cached per
// key ID for one minute, and at most `limit` IDs are cached; an uncached ID beyond that is refused
// with "api_key limit reached" (503). The secret is not part of the cache key, so within the
// minute any token with a cached-valid ID authenticates: the stub copies that on purpose.
class ApiKeyCache
{
public:
    ApiKeyCache(std::shared_ptr<ApiKeyBackend> backend, int limit, Clock clock = systemClock());

    struct Result
    {
        ApiKeyBackend::Answer answer;
        bool fromCache = false;
        bool limitReached = false; // 503, detail only in the server log
    };
    Result authenticate(const QString& id, QByteArrayView secret);

private:
    struct Entry
    {
        ApiKeyBackend::Answer answer;
        std::chrono::steady_clock::time_point expires;
    };
    std::shared_ptr<ApiKeyBackend> m_backend;
    int m_limit;
    Clock m_clock;
    std::mutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace Intake
