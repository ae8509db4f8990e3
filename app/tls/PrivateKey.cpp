// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/PrivateKey.h"

#include "tls/Certificate.h"

#include <QCoreApplication>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <cstring>

namespace Tls {

namespace {

QString tr(const char* s)
{
    return QCoreApplication::translate("Tls::PrivateKey", s);
}

PkeyPtr share(const PkeyPtr& p)
{
    if (p)
        EVP_PKEY_up_ref(p.get());
    return PkeyPtr(p.get());
}

// Hands OpenSSL the passphrase, or nothing: an encrypted key without one fails instead of
// prompting on a terminal.
int passphraseCallback(char* buf, int size, int /*rwflag*/, void* userData)
{
    const auto* pass = static_cast<const QByteArray*>(userData);
    if (!pass || pass->isEmpty() || pass->size() > size)
        return 0;
    std::memcpy(buf, pass->constData(), size_t(pass->size()));
    return int(pass->size());
}

} // namespace

PrivateKey::PrivateKey(const PrivateKey& other) : m_key(share(other.m_key))
{
}

PrivateKey& PrivateKey::operator=(const PrivateKey& other)
{
    if (this != &other)
        m_key = share(other.m_key);
    return *this;
}

bool PrivateKey::isEncryptedPem(const QByteArray& pem)
{
    return pem.contains("BEGIN ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED");
}

Core::Result<PrivateKey> PrivateKey::fromPem(const QByteArray& pem, const Core::SecretBuffer& passphrase)
{
    const bool encrypted = isEncryptedPem(pem);
    if (encrypted && passphrase.isEmpty())
        return Core::makeError(QStringLiteral("tls.key-encrypted"), tr("The private key is encrypted."), {},
                               tr("Give its passphrase."));
    ERR_clear_error();
    BioPtr bio = memoryBio(pem);
    // The callback only reads the passphrase; OpenSSL's API wants a non-const pointer.
    void* pass = const_cast<QByteArray*>(&passphrase.bytes());
    PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, &passphraseCallback, pass) : nullptr);
    if (!key) {
        const QString detail = openSslErrors();
        if (encrypted)
            return Core::makeError(QStringLiteral("tls.key-passphrase"),
                                   tr("The private key cannot be decrypted: the passphrase is wrong."), detail,
                                   tr("Check the passphrase."));
        return Core::makeError(QStringLiteral("tls.key-invalid"), tr("This is not a valid PEM private key."), detail);
    }
    return PrivateKey(std::move(key));
}

Core::Result<PrivateKey> PrivateKey::fromDer(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    PkeyPtr key(d2i_AutoPrivateKey(nullptr, &p, long(der.size())));
    if (!key)
        return Core::makeError(QStringLiteral("tls.key-invalid"), tr("This is not a DER private key."),
                               openSslErrors());
    return PrivateKey(std::move(key));
}

Core::Result<QByteArray> PrivateKey::toPkcs8Pem(const Core::SecretBuffer& passphrase) const
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    int ok = 0;
    if (bio && m_key) {
        if (passphrase.isEmpty()) {
            ok = PEM_write_bio_PKCS8PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
        } else {
            // AES-256-CBC under PBES2/PBKDF2 (OpenSSL 3's PKCS#8 default KDF): what APM Server's Go
            // code (x509.DecryptPEMBlock is not needed for PKCS#8) and every agent tool can read.
            ok = PEM_write_bio_PKCS8PrivateKey(bio.get(), m_key.get(), EVP_aes_256_cbc(), passphrase.data(),
                                               passphrase.size(), nullptr, nullptr);
        }
    }
    if (ok != 1)
        return Core::makeError(QStringLiteral("tls.key-write"), tr("Cannot encode the private key."), openSslErrors());
    return bioContents(bio.get());
}

bool PrivateKey::matches(const Certificate& certificate) const
{
    if (!m_key || certificate.isNull())
        return false;
    EVP_PKEY* pub = X509_get0_pubkey(certificate.handle());
    const bool eq = pub && EVP_PKEY_eq(pub, m_key.get()) == 1;
    ERR_clear_error();
    return eq;
}

QString PrivateKey::typeName() const
{
    return m_key ? QString::fromLatin1(EVP_PKEY_get0_type_name(m_key.get())) : QString();
}

int PrivateKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

QString describeKey(EVP_PKEY* key)
{
    if (!key)
        return {};
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        return QStringLiteral("RSA %1").arg(EVP_PKEY_get_bits(key));
    case EVP_PKEY_EC: {
        char group[64] = {};
        size_t len = 0;
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) == 1) {
            const QString name = QString::fromLatin1(group, qsizetype(len));
            if (name == QLatin1String("prime256v1"))
                return QStringLiteral("EC P-256");
            if (name == QLatin1String("secp384r1"))
                return QStringLiteral("EC P-384");
            if (name == QLatin1String("secp521r1"))
                return QStringLiteral("EC P-521");
            return QStringLiteral("EC ") + name;
        }
        return QStringLiteral("EC %1").arg(EVP_PKEY_get_bits(key));
    }
    case EVP_PKEY_ED25519:
        return QStringLiteral("Ed25519");
    case EVP_PKEY_ED448:
        return QStringLiteral("Ed448");
    case EVP_PKEY_DSA:
        return QStringLiteral("DSA %1").arg(EVP_PKEY_get_bits(key));
    default:
        return QString::fromLatin1(EVP_PKEY_get0_type_name(key));
    }
}

} // namespace Tls
