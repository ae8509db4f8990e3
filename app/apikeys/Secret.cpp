// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "apikeys/Secret.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace ApiKeys {

Secret::Secret(qsizetype size)
    : m_data(size > 0 ? std::make_unique<char[]>(static_cast<std::size_t>(size)) : nullptr),
      m_size(std::max<qsizetype>(size, 0))
{
}

Secret Secret::copyOf(QByteArrayView bytes)
{
    Secret s(bytes.size());
    if (!bytes.isEmpty())
        std::memcpy(s.data(), bytes.data(), static_cast<std::size_t>(bytes.size()));
    return s;
}

Secret::~Secret()
{
    wipe();
}

Secret::Secret(Secret&& other) noexcept : m_data(std::move(other.m_data)), m_size(std::exchange(other.m_size, 0))
{
}

Secret& Secret::operator=(Secret&& other) noexcept
{
    if (this != &other) {
        wipe();
        m_data = std::move(other.m_data);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

bool Secret::equals(QByteArrayView other) const
{
    if (other.size() != m_size)
        return false;
    return m_size == 0 || CRYPTO_memcmp(m_data.get(), other.data(), static_cast<std::size_t>(m_size)) == 0;
}

void Secret::wipe()
{
    if (m_data && m_size > 0)
        OPENSSL_cleanse(m_data.get(), static_cast<std::size_t>(m_size));
    m_data.reset();
    m_size = 0;
}

void cleanse(QByteArray& bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), static_cast<std::size_t>(bytes.size()));
    bytes.clear();
}

} // namespace ApiKeys
