// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QString>

namespace Tls {

// A passphrase in a buffer of its own that is wiped with OPENSSL_cleanse when it goes away
// (STYLE: secrets live in a non-sharing buffer). Move-only so no second copy lingers.
class SecretBytes
{
public:
    SecretBytes() = default;
    explicit SecretBytes(const QByteArray& bytes);
    explicit SecretBytes(const QString& text);
    ~SecretBytes();
    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;

    bool isEmpty() const { return m_bytes.isEmpty(); }
    const char* data() const { return m_bytes.constData(); }
    int size() const { return int(m_bytes.size()); }
    // For OpenSSL's password callbacks (they take a void*).
    const QByteArray& bytes() const { return m_bytes; }

private:
    void wipe();
    QByteArray m_bytes;
};

} // namespace Tls
