// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "core/SecretBuffer.h"

#include <openssl/crypto.h>

#include <utility>

namespace Core {

SecretBuffer::SecretBuffer(const QByteArray& bytes) : m_bytes(bytes.constData(), bytes.size())
{
    // The constructor above deep-copies; the caller's buffer is the caller's to wipe.
}

SecretBuffer::SecretBuffer(const QString& text) : m_bytes(text.toUtf8())
{
}

SecretBuffer::~SecretBuffer()
{
    wipe();
}

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept : m_bytes(std::exchange(other.m_bytes, QByteArray()))
{
}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept
{
    if (this != &other) {
        wipe();
        m_bytes = std::exchange(other.m_bytes, QByteArray());
    }
    return *this;
}

void SecretBuffer::wipe()
{
    // Only a buffer this object owns alone is wiped in place; data() on a shared one would copy.
    if (!m_bytes.isEmpty() && m_bytes.isDetached())
        OPENSSL_cleanse(m_bytes.data(), size_t(m_bytes.size()));
    m_bytes.clear();
}

} // namespace Core
