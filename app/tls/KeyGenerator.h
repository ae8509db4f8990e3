// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "tls/KeyType.h"
#include "tls/PrivateKey.h"

#include <QFuture>

#include <functional>
#include <optional>

namespace Tls {

// What an asynchronous key generation delivers (QFuture needs a default-constructible type).
struct GeneratedKey
{
    PrivateKey key;
    std::optional<Core::Error> error; // set when generation failed or was cancelled
};

class KeyGenerator
{
public:
    static constexpr const char* kErrorCancelled = "tls.keygen-cancelled";

    // Called from inside OpenSSL's key generation with a step counter; returning false cancels.
    using StepCallback = std::function<bool(int step)>;

    // Generates a key on the calling thread (RSA 4096 takes seconds: use generateAsync from the GUI).
    static Core::Result<PrivateKey> generate(KeyType type, const StepCallback& onStep = {});
    // Any RSA size, for tests of weak keys; new keys should use generate().
    static Core::Result<PrivateKey> generateRsa(int bits, const StepCallback& onStep = {});

    // Generates on the QtConcurrent pool. The future reports progress (primes found, 0..2 for RSA)
    // and honours cancel(): OpenSSL's generation callback returns 0 and the future ends with an
    // error whose code is kErrorCancelled.
    static QFuture<GeneratedKey> generateAsync(KeyType type);
};

} // namespace Tls
