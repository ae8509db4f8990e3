// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "tls/OpenSslPtr.h"
#include "core/SecretBuffer.h"

#include <QByteArray>
#include <QString>

namespace Tls {

class Certificate;

// A private key (any type OpenSSL 3 reads). Copies share the EVP_PKEY through its reference count.
class PrivateKey
{
public:
    PrivateKey() = default;
    explicit PrivateKey(PkeyPtr key) : m_key(std::move(key)) {}
    PrivateKey(const PrivateKey& other);
    PrivateKey& operator=(const PrivateKey& other);
    PrivateKey(PrivateKey&&) noexcept = default;
    PrivateKey& operator=(PrivateKey&&) noexcept = default;

    // Reads a PEM key (PKCS#8, encrypted PKCS#8, traditional RSA/EC). An encrypted key needs
    // `passphrase`; the error says "wrong passphrase" apart from "not a key". Never prompts.
    static Core::Result<PrivateKey> fromPem(const QByteArray& pem, const Core::SecretBuffer& passphrase = {});
    static Core::Result<PrivateKey> fromDer(const QByteArray& der);
    static bool isEncryptedPem(const QByteArray& pem);

    bool isNull() const { return !m_key; }
    EVP_PKEY* handle() const { return m_key.get(); }

    // PKCS#8 PEM; with a passphrase encrypted with AES-256-CBC (PBES2, PBKDF2), else plain.
    Core::Result<QByteArray> toPkcs8Pem(const Core::SecretBuffer& passphrase = {}) const;
    // True when the certificate carries this key's public half (EVP_PKEY_eq).
    bool matches(const Certificate& certificate) const;

    QString typeName() const; // "RSA", "EC", "ED25519", …
    int bits() const;

private:
    PkeyPtr m_key;
};

// "RSA 2048", "EC P-256", "Ed25519" for any public or private key.
QString describeKey(EVP_PKEY* key);

} // namespace Tls
