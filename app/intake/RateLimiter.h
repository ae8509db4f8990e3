// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>

namespace Intake {

using Clock = std::function<std::chrono::steady_clock::time_point()>;
Clock systemClock();

// golang.org/x/time/rate.Limiter, the bucket APM Server gives each anonymous client IP
// (reference §3.6): `rate` tokens per second, capacity `burst`, starts full. Thread-safe: one
// client's bucket is shared by its connections, which may run on different worker threads.
class TokenBucket
{
public:
    TokenBucket(double rate, int burst, std::chrono::steady_clock::time_point now);

    // Allow(): take one token now if there is one.
    bool allow(std::chrono::steady_clock::time_point now);
    // WaitN(n) with a deadline: reserves n tokens and returns how long the caller must wait, or
    // nullopt (and reserves nothing) when n > burst or the wait would exceed maxWait.
    std::optional<std::chrono::nanoseconds> reserve(int n, std::chrono::steady_clock::time_point now,
                                                    std::chrono::nanoseconds maxWait);
    double tokens(std::chrono::steady_clock::time_point now) const;

private:
    void advance(std::chrono::steady_clock::time_point now); // with m_mutex held

    mutable std::mutex m_mutex;
    double m_rate;
    int m_burst;
    double m_tokens;
    std::chrono::steady_clock::time_point m_last;
};

// APM Server's ratelimit.Store: an LRU of `ipLimit` buckets keyed by client IP. When full, the
// least recently used IP's bucket — with its state — is handed to the newcomer, on purpose, so
// rotating IPs cannot reset their budget (§3.6).
class RateLimitStore
{
public:
    RateLimitStore(int ipLimit, int eventLimit, Clock clock = systemClock());

    struct Lookup
    {
        std::shared_ptr<TokenBucket> bucket;
        bool reusedEvicted = false; // the bucket came from an evicted IP
        QString evictedIp;
    };
    Lookup forIp(const QString& ip);
    std::chrono::steady_clock::time_point now() const { return m_clock(); }
    int size() const;

private:
    int m_ipLimit;
    int m_eventLimit;
    Clock m_clock;
    mutable std::mutex m_mutex;
    std::list<std::pair<QString, std::shared_ptr<TokenBucket>>> m_lru; // front = most recent
    QHash<QString, std::list<std::pair<QString, std::shared_ptr<TokenBucket>>>::iterator> m_index;
};

// The client IP APM Server keys the limiter on (§3.6): the first valid address of
// `Forwarded: for=` (first element), `X-Real-Ip`, `X-Forwarded-For` (first element), else the peer.
QString clientIpFromHeaders(const QByteArray& forwarded, const QByteArray& xRealIp, const QByteArray& xForwardedFor,
                            const QString& peer, QString* source = nullptr);

} // namespace Intake
