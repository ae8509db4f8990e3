// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1String>

#include <cstddef>
#include <memory>

namespace ApiKeys {

// A fixed-size, non-sharing buffer for secret bytes (an API key, credentials), wiped with
// OPENSSL_cleanse when it goes away. Move-only: copies would be buffers nobody wipes (a QByteArray
// is implicitly shared, so it cannot promise that). The size is fixed at construction, so the
// bytes never move to a new allocation behind our back.
class Secret
{
public:
    Secret() = default;
    // A zero-filled secret of `size` bytes, to be written through data().
    explicit Secret(qsizetype size);
    // A private copy of `bytes` (the caller stays responsible for wiping its own buffer).
    static Secret copyOf(QByteArrayView bytes);
    ~Secret();

    Secret(Secret&& other) noexcept;
    Secret& operator=(Secret&& other) noexcept;
    Secret(const Secret&) = delete;
    Secret& operator=(const Secret&) = delete;

    char* data() { return m_data.get(); }
    const char* data() const { return m_data.get(); }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    QByteArrayView view() const { return QByteArrayView(m_data.get(), m_size); }
    // For printing; the text is ASCII (URL-safe or base64 alphabet).
    QLatin1String latin1() const { return QLatin1String(m_data.get(), m_size); }
    // Constant-time comparison (CRYPTO_memcmp) with another secret's bytes.
    bool equals(QByteArrayView other) const;

private:
    void wipe();

    std::unique_ptr<char[]> m_data;
    qsizetype m_size = 0;
};

// Overwrites a QByteArray's bytes with OPENSSL_cleanse (after detaching it, so only this copy is
// wiped: other implicitly shared copies are the caller's to clean) and clears it.
void cleanse(QByteArray& bytes);

} // namespace ApiKeys
