// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "apikeys/SecretHash.h"

#include "apikeys/Secret.h"

#include <QCoreApplication>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <array>
#include <memory>

namespace ApiKeys {

namespace {

using KdfPtr = std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)>;
using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)>;

// Iteration counts above this would take minutes; a stored value beyond it means a damaged file.
constexpr int kMaxIterations = 100000000;

QString opensslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    return QString::fromLatin1(text.data());
}

// PBKDF2-HMAC-SHA256 through the OpenSSL 3 EVP_KDF interface.
Core::Result<void> pbkdf2(QByteArrayView secret, QByteArrayView salt, int iterations, Secret& out)
{
    KdfPtr kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_PBKDF2, nullptr), &EVP_KDF_free);
    if (!kdf)
        return Core::makeError(
            QStringLiteral("apikeys.crypto"),
            QCoreApplication::translate("ApiKeys::SecretHash", "PBKDF2 is not available in OpenSSL."), opensslError());
    KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()), &EVP_KDF_CTX_free);
    if (!ctx)
        return Core::makeError(QStringLiteral("apikeys.crypto"),
                               QCoreApplication::translate("ApiKeys::SecretHash", "Cannot set up PBKDF2."),
                               opensslError());
    // OSSL_PARAM wants mutable pointers for input buffers it only reads.
    char digest[] = "SHA256";
    uint64_t rounds = static_cast<uint64_t>(iterations);
    // An empty password still needs a valid pointer.
    char empty = 0;
    void* password = secret.isEmpty() ? static_cast<void*>(&empty) : const_cast<char*>(secret.data());
    const std::array<OSSL_PARAM, 5> params{
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, password, static_cast<size_t>(secret.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()),
                                          static_cast<size_t>(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &rounds),
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    out = Secret(SecretHash::kHashBytes);
    if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), static_cast<size_t>(out.size()),
                       params.data()) != 1)
        return Core::makeError(QStringLiteral("apikeys.crypto"),
                               QCoreApplication::translate("ApiKeys::SecretHash", "PBKDF2 failed."), opensslError());
    return {};
}

} // namespace

Core::Result<SecretHash> SecretHash::compute(QByteArrayView secret, int iterations)
{
    if (iterations < kMinIterations || iterations > kMaxIterations)
        return Core::makeError(
            QStringLiteral("apikeys.invalid-argument"),
            QCoreApplication::translate("ApiKeys::SecretHash", "The hash iteration count %1 is outside %2…%3.")
                .arg(iterations)
                .arg(kMinIterations)
                .arg(kMaxIterations));
    SecretHash h;
    h.algorithm = QString::fromLatin1(kPbkdf2Sha256);
    h.iterations = iterations;
    h.salt = QByteArray(kSaltBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(h.salt.data()), kSaltBytes) != 1)
        return Core::makeError(
            QStringLiteral("apikeys.crypto"),
            QCoreApplication::translate("ApiKeys::SecretHash", "The random number generator failed."), opensslError());
    Secret derived;
    if (auto r = pbkdf2(secret, h.salt, iterations, derived); !r)
        return r.error();
    // The derived bytes are not secret once stored; a plain copy is fine here.
    h.hash = derived.view().toByteArray();
    return h;
}

Core::Result<bool> SecretHash::matches(QByteArrayView secret) const
{
    if (!isUsable())
        return Core::makeError(
            QStringLiteral("apikeys.hash-unsupported"),
            QCoreApplication::translate("ApiKeys::SecretHash",
                                        "The stored hash uses an unsupported algorithm or parameters."),
            QStringLiteral("algorithm=%1 iterations=%2").arg(algorithm).arg(iterations));
    Secret derived;
    if (auto r = pbkdf2(secret, salt, iterations, derived); !r)
        return r.error();
    return derived.equals(hash);
}

bool SecretHash::isUsable() const
{
    // Any positive count up to the cap is accepted when reading, so older, cheaper records keep
    // working after the default rises; only new hashes must meet kMinIterations.
    return algorithm == QLatin1String(kPbkdf2Sha256) && iterations > 0 && iterations <= kMaxIterations &&
           salt.size() >= 8 && hash.size() == kHashBytes;
}

} // namespace ApiKeys
