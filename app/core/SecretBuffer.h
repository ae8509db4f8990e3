// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QString>

namespace Core {

// A passphrase in a buffer of its own that is wiped with OPENSSL_cleanse when it goes away
// (STYLE: secrets live in a non-sharing buffer). Move-only so no second copy lingers.
class SecretBuffer
{
public:
    SecretBuffer() = default;
    explicit SecretBuffer(const QByteArray& bytes);
    explicit SecretBuffer(const QString& text);
    ~SecretBuffer();
    SecretBuffer(SecretBuffer&& other) noexcept;
    SecretBuffer& operator=(SecretBuffer&& other) noexcept;
    SecretBuffer(const SecretBuffer&) = delete;
    SecretBuffer& operator=(const SecretBuffer&) = delete;

    bool isEmpty() const { return m_bytes.isEmpty(); }
    const char* data() const { return m_bytes.constData(); }
    int size() const { return int(m_bytes.size()); }
    // For OpenSSL's password callbacks (they take a void*).
    const QByteArray& bytes() const { return m_bytes; }

private:
    void wipe();
    QByteArray m_bytes;
};

} // namespace Core
