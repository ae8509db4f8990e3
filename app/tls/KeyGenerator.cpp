// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/KeyGenerator.h"

#include <QCoreApplication>
#include <QPromise>
#include <QtConcurrent>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

namespace Tls {

namespace {

// OpenSSL calls this during generation (RSA: per prime candidate and test); returning 0 aborts.
int generationCallback(EVP_PKEY_CTX* ctx)
{
    const auto* onStep = static_cast<const KeyGenerator::StepCallback*>(EVP_PKEY_CTX_get_app_data(ctx));
    if (!onStep || !*onStep)
        return 1;
    // keygen_info(0) is the phase: 3 means "a prime has been found" for RSA.
    return (*onStep)(EVP_PKEY_CTX_get_keygen_info(ctx, 0)) ? 1 : 0;
}

Core::Result<PrivateKey> run(const char* algorithm, int rsaBits, const char* group,
                             const KeyGenerator::StepCallback& onStep)
{
    ERR_clear_error();
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
    bool ok = ctx && EVP_PKEY_keygen_init(ctx.get()) == 1;
    if (ok && rsaBits > 0)
        ok = EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), rsaBits) == 1;
    if (ok && group)
        ok = EVP_PKEY_CTX_set_group_name(ctx.get(), group) == 1;
    if (!ok)
        return Core::makeError(QStringLiteral("tls.keygen"),
                               QCoreApplication::translate("Tls::KeyGenerator", "Cannot set up key generation."),
                               openSslErrors());
    bool cancelled = false;
    KeyGenerator::StepCallback wrapped;
    if (onStep) {
        wrapped = [&onStep, &cancelled](int step) {
            if (!onStep(step))
                cancelled = true;
            return !cancelled;
        };
        EVP_PKEY_CTX_set_app_data(ctx.get(), &wrapped);
        EVP_PKEY_CTX_set_cb(ctx.get(), &generationCallback);
    }
    EVP_PKEY* raw = nullptr;
    const int rc = EVP_PKEY_generate(ctx.get(), &raw);
    PkeyPtr key(raw);
    if (cancelled) {
        ERR_clear_error();
        return Core::makeError(QString::fromLatin1(KeyGenerator::kErrorCancelled),
                               QCoreApplication::translate("Tls::KeyGenerator", "Key generation was cancelled."));
    }
    if (rc != 1 || !key)
        return Core::makeError(QStringLiteral("tls.keygen"),
                               QCoreApplication::translate("Tls::KeyGenerator", "Key generation failed."),
                               openSslErrors());
    return PrivateKey(std::move(key));
}

} // namespace

Core::Result<PrivateKey> KeyGenerator::generateRsa(int bits, const StepCallback& onStep)
{
    return run("RSA", bits, nullptr, onStep);
}

Core::Result<PrivateKey> KeyGenerator::generate(KeyType type, const StepCallback& onStep)
{
    switch (type) {
    case KeyType::EcP256:
        return run("EC", 0, "P-256", onStep);
    case KeyType::EcP384:
        return run("EC", 0, "P-384", onStep);
    case KeyType::Rsa2048:
        return generateRsa(2048, onStep);
    case KeyType::Rsa3072:
        return generateRsa(3072, onStep);
    case KeyType::Rsa4096:
        return generateRsa(4096, onStep);
    case KeyType::Ed25519:
        return run("ED25519", 0, nullptr, onStep);
    }
    return Core::makeError(QStringLiteral("tls.keygen"),
                           QCoreApplication::translate("Tls::KeyGenerator", "Unknown key type."));
}

QFuture<GeneratedKey> KeyGenerator::generateAsync(KeyType type)
{
    return QtConcurrent::run([type](QPromise<GeneratedKey>& promise) {
        const bool rsa = type == KeyType::Rsa2048 || type == KeyType::Rsa3072 || type == KeyType::Rsa4096;
        promise.setProgressRange(0, rsa ? 2 : 1);
        int primes = 0;
        auto result = generate(type, [&promise, &primes](int step) {
            if (step == 3)
                promise.setProgressValue(++primes);
            return !promise.isCanceled();
        });
        GeneratedKey out;
        if (result)
            out.key = std::move(result.value());
        else
            out.error = result.error();
        // A pool thread may live on idle until the process ends: release OpenSSL's per-thread state
        // (its random generators) now rather than leave it to a thread-exit that may never come.
        OPENSSL_thread_stop();
        promise.setProgressValue(rsa ? 2 : 1);
        promise.addResult(std::move(out));
    });
}

} // namespace Tls
