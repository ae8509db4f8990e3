// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/ApiKeyAuth.h"

namespace Intake {

ApiKeyCache::ApiKeyCache(std::shared_ptr<ApiKeyBackend> backend, int limit, Clock clock)
    : m_backend(std::move(backend)), m_limit(limit < 1 ? 8192 : limit), m_clock(std::move(clock))
{
    // limit < 1: 8.19's freelru falls back to 8192 entries (§3.4).
}

ApiKeyCache::Result ApiKeyCache::authenticate(const QString& id, QByteArrayView secret)
{
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    m_entries.removeIf([&](const auto& it) { return it.value().expires <= now; });
    if (auto it = m_entries.constFind(id); it != m_entries.constEnd())
        return {it->answer, true, false};
    if (m_entries.size() >= m_limit)
        return {{ApiKeyBackend::Status::Unavailable, {}, QStringLiteral("api_key limit reached")}, false, true};
    Result r;
    r.answer = m_backend ? m_backend->check(id, secret)
                         : ApiKeyBackend::Answer{ApiKeyBackend::Status::Unavailable, {},
                                                 QStringLiteral("no API key registry")};
    // Back-end failures are not cached (APM Server caches only Elasticsearch's answers).
    if (r.answer.status != ApiKeyBackend::Status::Unavailable)
        m_entries.insert(id, {r.answer, now + std::chrono::minutes(1)});
    return r;
}

} // namespace Intake
