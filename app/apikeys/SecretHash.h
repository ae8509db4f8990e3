// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace ApiKeys {

// A salted slow hash of an API key's secret, with the parameters that produced it, so the
// defaults can change without invalidating stored keys. Only this is stored, never the secret.
struct SecretHash
{
    static constexpr const char* kPbkdf2Sha256 = "pbkdf2-hmac-sha256";
    // The floor and the default: 210 000 PBKDF2-HMAC-SHA256 rounds cost ~0.1 s, far above the
    // 100 000 floor; the secrets are 132 random bits, so this is defence in depth, not their
    // only protection (verification results are meant to be cached, as APM Server does, §3.4).
    static constexpr int kMinIterations = 100000;
    static constexpr int kDefaultIterations = 210000;
    static constexpr int kSaltBytes = 16;
    static constexpr int kHashBytes = 32;

    QString algorithm; // kPbkdf2Sha256
    int iterations = 0;
    QByteArray salt; // kSaltBytes random bytes (RAND_bytes)
    QByteArray hash; // kHashBytes derived bytes

    // Hashes `secret` with a fresh random salt. Fails only when OpenSSL does (no RNG, no PBKDF2).
    static Core::Result<SecretHash> compute(QByteArrayView secret, int iterations = kDefaultIterations);
    // Recomputes with the stored parameters and compares in constant time (CRYPTO_memcmp).
    // Fails for an unknown algorithm or unusable parameters (a damaged record), not for a mismatch.
    Core::Result<bool> matches(QByteArrayView secret) const;
    // Whether the stored parameters are ones matches() can use (checked when a registry is read).
    bool isUsable() const;
};

} // namespace ApiKeys
