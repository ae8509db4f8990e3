// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/CertificateFiles.h"

#include "core/AtomicFile.h"

#include <openssl/crypto.h>

namespace Tls {

namespace {
constexpr QFileDevice::Permissions kPrivate = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kPublic =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
} // namespace

Core::Result<void> CertificateFiles::writeKey(const QString& path, const PrivateKey& key, const Core::SecretBuffer& passphrase)
{
    auto pem = key.toPkcs8Pem(passphrase);
    if (!pem)
        return pem.error();
    Core::WriteOptions options;
    options.mode = kPrivate; // C33: private keys readable by their owner only
    auto written = Core::writeFileAtomically(path, *pem, options);
    OPENSSL_cleanse(pem->data(), size_t(pem->size()));
    return written;
}

Core::Result<void> CertificateFiles::writeCertificates(const QString& path, const QList<Certificate>& certificates)
{
    Core::WriteOptions options;
    options.mode = kPublic;
    return Core::writeFileAtomically(path, certificatesToPem(certificates), options);
}

Core::Result<void> CertificateFiles::writeFile(const QString& path, const QByteArray& data, bool secret)
{
    Core::WriteOptions options;
    options.mode = secret ? kPrivate : kPublic;
    return Core::writeFileAtomically(path, data, options);
}

} // namespace Tls
