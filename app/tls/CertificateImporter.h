// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "tls/Certificate.h"
#include "tls/PrivateKey.h"
#include "core/SecretBuffer.h"

#include <QStringList>

namespace Tls {

enum class FileFormat { Pem, Der, Pkcs12 };
QString fileFormatName(FileFormat format);

// What one file holds, in file order.
struct ImportedFile
{
    QString path;
    FileFormat format = FileFormat::Pem;
    QList<Certificate> certificates;
    QList<PrivateKey> keys;
    bool encryptedKey = false;       // the file holds an encrypted key
    bool encryptedKeyLocked = false; // … that could not be read without a passphrase
    QStringList contents;            // one line per item: "certificate CN=…", "encrypted private key", …
};

// A chain put in order: leaf first, each next certificate the issuer of the one before.
struct OrderedChain
{
    QList<Certificate> certificates;
    bool reordered = false;        // the input was not in this order
    bool endsAtSelfSigned = false; // the last certificate is a root
    QList<Certificate> unrelated;  // certificates that are not part of the leaf's chain
};

class CertificateImporter
{
public:
    // Reads PEM (certificates, chains, keys, encrypted keys, several in one file), DER (certificate
    // or key) or PKCS#12 (with `password`). An encrypted PEM key without a passphrase is not an
    // error: the file is reported with encryptedKeyLocked set. Errors name the file.
    static Core::Result<ImportedFile> read(const QString& path, const Core::SecretBuffer& password = {});
    static Core::Result<ImportedFile> parse(const QByteArray& data, const QString& name,
                                            const Core::SecretBuffer& password = {});

    // Orders `certificates` from the leaf (the one that issued none of the others) to the top.
    static OrderedChain orderChain(const QList<Certificate>& certificates);
    // Index of the certificate `key` belongs to, or -1.
    static int certificateForKey(const QList<Certificate>& certificates, const PrivateKey& key);
};

} // namespace Tls
