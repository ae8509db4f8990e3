// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/EffectiveSettings.h"
#include "config/SecretReference.h"
#include "core/Result.h"

#include <QByteArray>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>

#include <optional>

namespace Intake {

// The stub's server-side TLS, built from `apm-server.ssl.*` (reference §5) the way libbeat's
// tlscommon.ServerConfig builds Go's tls.Config, mapped onto Qt's OpenSSL backend.
struct TlsServerSetup
{
    QSslConfiguration configuration;
    Config::ClientAuth clientAuth = Config::ClientAuth::None;
    int minVersion = 0; // TLS wire versions, 0x0301 (TLS 1.0) … 0x0304 (TLS 1.3)
    int maxVersion = 0;
    // What the local OpenSSL refuses although APM Server would allow it (old protocol versions,
    // RC4/3DES suites). The caller logs these and every log entry of the stub carries them.
    QStringList warnings;
    QString summary; // one line for the log: versions, client authentication, suites
};

class TlsSetup
{
public:
    // Loads certificate chain, key (with key_passphrase, a `${NAME}` reference resolved through
    // `lookup`) and client CAs and maps versions, suites and curves. Errors name the file and the
    // problem; the passphrase never appears in an error.
    static Core::Result<TlsServerSetup> build(const Config::EffectiveSettings& settings,
                                              const Config::SecretLookup& lookup);

    // "TLSv1"/"TLSv1.0" → 0x0301 … "TLSv1.3" → 0x0304; nullopt for an unknown name.
    static std::optional<int> protocolVersion(const QString& goName);
    // 0x0303 → "TLSv1.2" (OpenSSL's and libbeat's spelling).
    static QString protocolName(int version);
    // APM Server's Go suite name → OpenSSL's name ("RSA-AES-128-GCM-SHA256" → "AES128-GCM-SHA256").
    static std::optional<QByteArray> openSslCipherName(const QString& goName);
    // "P-256" → "prime256v1", "X25519" → "X25519".
    static std::optional<QByteArray> openSslCurveName(const QString& goName);
    // APM Server's names as pick lists offer them, from the same tables as the mappings above
    // (protocols without the "TLSv1" alias), sorted.
    static QStringList protocolNames();
    static QStringList cipherSuiteNames();
    static QStringList curveNames();
    // True when the local OpenSSL can negotiate `version` at its configured security level.
    static bool localOpenSslAllows(int version);
};

} // namespace Intake
