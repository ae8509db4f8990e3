// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/Finding.h"
#include "core/Result.h"
#include "tls/Certificate.h"
#include "tls/PrivateKey.h"
#include "core/SecretBuffer.h"

#include <QDateTime>
#include <QStringList>

#include <optional>

namespace Tls {

enum class CertificatePurpose { Server, Client };

// Everything the validator looks at; loadValidationInput() fills it from files.
struct ValidationInput
{
    CertificatePurpose purpose = CertificatePurpose::Server;
    QList<Certificate> chain; // the certificate file, in file order (what APM Server serves)
    QString certificatePath;
    QList<Certificate> authorities; // the CA file(s): what agents (or, for client certs, the server) trust
    std::optional<PrivateKey> key;  // the decrypted key, when one was given and could be read
    QString keyPath;
    bool keyEncrypted = false;
    bool keyLocked = false; // encrypted and no passphrase was available
    bool passphraseWrong = false;
    bool passphraseConfigured = false;
    QStringList urls; // the URLs agents use for APM Server
    // The server configuration around the certificate (apm-server.ssl.*), when known.
    std::optional<QString> clientAuthentication; // as written; nullopt = not written
    bool caListConfigured = false;               // ssl.certificate_authorities is set
    QDateTime now = QDateTime::currentDateTimeUtc();
};

struct ValidationFiles
{
    CertificatePurpose purpose = CertificatePurpose::Server;
    QString certificate;
    QString key;
    QStringList authorities;
    QStringList urls;
    std::optional<Core::SecretBuffer> passphrase; // nullopt: none configured
};

class CertificateValidator
{
public:
    static constexpr int kExpiryWarningDays = 30;

    // Reads the files. Unreadable or malformed files are errors (the CLI exits 3); a key that is
    // locked, has a wrong passphrase or does not match is left to validate() as a finding.
    static Core::Result<ValidationInput> load(ValidationFiles files);

    // Every problem at once (STYLE "Errors"): validity, names, chain, key, algorithms, EKU, file
    // permissions and the client-authentication trap. Each finding has a stable code and a fix.
    static QList<Config::Finding> validate(const ValidationInput& input);
};

} // namespace Tls
