// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "apikeys/Secret.h"
#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace Secrets {

// Secret tokens for `apm-server.auth.secret_token`: random bytes from OpenSSL's CSPRNG
// (RAND_bytes), written as URL-safe base64 without padding — no whitespace, nothing a shell,
// YAML or an HTTP header would need to quote.
class TokenGenerator
{
public:
    static constexpr int kDefaultBytes = 32; // 256 bits, 43 characters
    static constexpr int kMinimumBytes = 32;
    static constexpr int kMaximumBytes = 128;

    // A token from `bytes` random bytes (kMinimumBytes…kMaximumBytes); fails only when the CSPRNG does.
    static Core::Result<ApiKeys::Secret> generate(int bytes = kDefaultBytes);
};

// How strong a token is, estimated from its text (the generator's tokens carry 6 bits per
// character; hand-made ones are judged by the alphabet they use and repeated characters).
struct TokenStrength
{
    enum class Level { Unusable, Weak, Fair, Strong };
    Level level = Level::Unusable;
    int bits = 0;           // estimated entropy
    QStringList problems;   // e.g. whitespace (agents send it in a header), too short

    QString levelName() const; // "unusable", "weak", "fair", "strong"
};

TokenStrength estimateStrength(QByteArrayView token);

} // namespace Secrets
