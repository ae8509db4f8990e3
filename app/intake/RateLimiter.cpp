// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/RateLimiter.h"

#include <QHostAddress>

#include <algorithm>
#include <cmath>

namespace Intake {

Clock systemClock()
{
    return [] { return std::chrono::steady_clock::now(); };
}

TokenBucket::TokenBucket(double rate, int burst, std::chrono::steady_clock::time_point now)
    : m_rate(rate), m_burst(burst), m_tokens(burst), m_last(now)
{
}

void TokenBucket::advance(std::chrono::steady_clock::time_point now)
{
    if (now <= m_last)
        return;
    const double elapsed = std::chrono::duration<double>(now - m_last).count();
    m_tokens = std::min<double>(m_burst, m_tokens + elapsed * m_rate);
    m_last = now;
}

double TokenBucket::tokens(std::chrono::steady_clock::time_point now) const
{
    std::lock_guard lock(m_mutex);
    if (now <= m_last)
        return m_tokens;
    return std::min<double>(m_burst, m_tokens + std::chrono::duration<double>(now - m_last).count() * m_rate);
}

bool TokenBucket::allow(std::chrono::steady_clock::time_point now)
{
    std::lock_guard lock(m_mutex);
    advance(now);
    if (m_tokens >= 1) {
        m_tokens -= 1;
        return true;
    }
    return false;
}

std::optional<std::chrono::nanoseconds> TokenBucket::reserve(int n, std::chrono::steady_clock::time_point now,
                                                             std::chrono::nanoseconds maxWait)
{
    // rate.Limiter.WaitN: n beyond the burst can never be satisfied; otherwise tokens may go
    // negative and the caller waits until they are paid back — unless that exceeds the deadline.
    std::lock_guard lock(m_mutex);
    if (n > m_burst)
        return std::nullopt;
    advance(now);
    const double after = m_tokens - n;
    std::chrono::nanoseconds wait{0};
    if (after < 0) {
        if (m_rate <= 0)
            return std::nullopt;
        wait = std::chrono::nanoseconds(qint64(std::ceil(-after / m_rate * 1e9)));
    }
    if (wait > maxWait)
        return std::nullopt;
    m_tokens = after;
    return wait;
}

RateLimitStore::RateLimitStore(int ipLimit, int eventLimit, Clock clock)
    : m_ipLimit(std::max(1, ipLimit)), m_eventLimit(eventLimit), m_clock(std::move(clock))
{
}

int RateLimitStore::size() const
{
    std::lock_guard lock(m_mutex);
    return int(m_lru.size());
}

RateLimitStore::Lookup RateLimitStore::forIp(const QString& ip)
{
    std::lock_guard lock(m_mutex);
    Lookup result;
    if (auto it = m_index.find(ip); it != m_index.end()) {
        m_lru.splice(m_lru.begin(), m_lru, it.value());
        result.bucket = m_lru.front().second;
        return result;
    }
    std::shared_ptr<TokenBucket> bucket;
    if (int(m_lru.size()) >= m_ipLimit) {
        auto& victim = m_lru.back();
        result.reusedEvicted = true;
        result.evictedIp = victim.first;
        bucket = victim.second; // the evicted limiter, state and all, goes to the newcomer (§3.6)
        m_index.remove(victim.first);
        m_lru.pop_back();
    } else {
        bucket = std::make_shared<TokenBucket>(double(m_eventLimit), 3 * m_eventLimit, m_clock());
    }
    m_lru.emplace_front(ip, bucket);
    m_index.insert(ip, m_lru.begin());
    result.bucket = bucket;
    return result;
}

namespace {

QString validIp(QString candidate)
{
    candidate = candidate.trimmed();
    if (candidate.startsWith(QLatin1Char('"')) && candidate.endsWith(QLatin1Char('"')) && candidate.size() >= 2)
        candidate = candidate.mid(1, candidate.size() - 2);
    // "[2001:db8::1]:4711", "192.0.2.1:80" and bare addresses.
    if (candidate.startsWith(QLatin1Char('['))) {
        const qsizetype close = candidate.indexOf(QLatin1Char(']'));
        if (close < 0)
            return {};
        candidate = candidate.mid(1, close - 1);
    } else if (candidate.count(QLatin1Char(':')) == 1) {
        candidate = candidate.section(QLatin1Char(':'), 0, 0);
    }
    QHostAddress addr;
    if (!addr.setAddress(candidate))
        return {};
    return addr.toString();
}

} // namespace

QString clientIpFromHeaders(const QByteArray& forwarded, const QByteArray& xRealIp, const QByteArray& xForwardedFor,
                            const QString& peer, QString* source)
{
    auto set = [&](const char* s) {
        if (source)
            *source = QString::fromLatin1(s);
    };
    if (!forwarded.isEmpty()) {
        const QByteArray first = forwarded.split(',').constFirst();
        for (const QByteArray& pair : first.split(';')) {
            const QByteArray p = pair.trimmed();
            if (p.toLower().startsWith("for=")) {
                const QString ip = validIp(QString::fromLatin1(p.mid(4)));
                if (!ip.isEmpty()) {
                    set("Forwarded");
                    return ip;
                }
            }
        }
    }
    if (!xRealIp.isEmpty()) {
        const QString ip = validIp(QString::fromLatin1(xRealIp));
        if (!ip.isEmpty()) {
            set("X-Real-Ip");
            return ip;
        }
    }
    if (!xForwardedFor.isEmpty()) {
        const QString ip = validIp(QString::fromLatin1(xForwardedFor.split(',').constFirst()));
        if (!ip.isEmpty()) {
            set("X-Forwarded-For");
            return ip;
        }
    }
    set("peer address");
    QHostAddress addr(peer);
    // "::ffff:127.0.0.1" from a dual-stack socket is the IPv4 client.
    bool ok = false;
    const quint32 v4 = addr.toIPv4Address(&ok);
    return ok ? QHostAddress(v4).toString() : peer;
}

} // namespace Intake
