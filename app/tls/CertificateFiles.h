// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "tls/Certificate.h"
#include "tls/PrivateKey.h"

#include <QList>
#include <QString>

namespace Tls {

// Writing certificates and keys to disk: atomically (core/AtomicFile), the previous file kept as
// ".bak", keys with mode 0600.
class CertificateFiles
{
public:
    // PKCS#8 PEM, AES-256 encrypted when `passphrase` is not empty; mode 0600.
    static Core::Result<void> writeKey(const QString& path, const PrivateKey& key, const Core::SecretBuffer& passphrase);
    // PEM certificates in the given order; mode 0644 (certificates are public).
    static Core::Result<void> writeCertificates(const QString& path, const QList<Certificate>& certificates);
    // Any other kit file (PKCS#12 stores are 0600: they may hold a key).
    static Core::Result<void> writeFile(const QString& path, const QByteArray& data, bool secret);
};

} // namespace Tls
