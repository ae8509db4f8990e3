// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/Finding.h"
#include "config/SecretReference.h"
#include "core/Result.h"
#include "core/SecretBuffer.h"
#include "tls/KeyType.h"
#include "tls/TrustKit.h"
#include "tls/TrustVerdicts.h"

#include <QFuture>
#include <QStringList>

#include <memory>
#include <optional>

namespace Tls {

// What the TLS panel asks to have checked: the document's apm-server.ssl.* values plus what only
// the panel knows (the URLs agents use, the CA file agents are given).
struct TlsCheck
{
    QString certificate;
    QString key;
    QString keyPassphrase; // as written: usually a ${NAME} reference
    QString agentCa;       // the CA agents trust (empty: the document's CA list or none)
    QStringList urls;
    std::optional<QString> clientAuthentication;
    bool caListConfigured = false;
};

struct TlsReport
{
    QList<Config::Finding> findings;
    QList<AgentVerdict> verdicts;
    QString details; // the server certificate's details (inspect text), empty when unreadable
};

struct SetupRequest
{
    QString outDir;
    KeyType keyType = KeyType::EcP256;
    QStringList urls; // drives the SAN proposal
    QString localHostName;
    QString clientName; // non-empty: also a client certificate for mutual TLS
    // Set: the CA and server keys are written encrypted with it (PKCS#8, AES-256); unset: not
    // encrypted (mode 0600 all the same). Shared so the request can be copied to the worker.
    std::shared_ptr<const Core::SecretBuffer> keyPassphrase;
};

// A private CA and a server certificate (and optionally a client certificate) written to disk.
struct GeneratedSetup
{
    QString caCertificate, caKey, serverCertificate, serverKey, clientCertificate, clientKey;
    QStringList notes;
    std::optional<Core::Error> error; // also set when cancelled (code KeyGenerator::kErrorCancelled)
};

// A dropped or chosen file turned into what apm-server.yml can point at (PEM files).
struct ImportedPaths
{
    QString certificate; // a server/leaf certificate chain (PEM)
    QString key;         // its private key (PEM)
    QString authority;   // a CA certificate
    QStringList notes;
};

// The TLS services the UI uses (injected, so panels never touch OpenSSL or files themselves and
// tests can replace them). The default implementation is the real app/tls code.
class CertificateService
{
public:
    virtual ~CertificateService() = default;

    // Key generation and issuing on the QtConcurrent pool, with progress and cancel.
    virtual QFuture<GeneratedSetup> generateSetup(const SetupRequest& request);
    // Validation and per-agent verdicts; unreadable files become error findings.
    virtual TlsReport check(const TlsCheck& check);
    // Reads PEM/DER/PKCS#12 and writes PEM files next to it where APM Server needs PEM.
    virtual Core::Result<ImportedPaths> importFile(const QString& path, const Core::SecretBuffer& password);
    // True when `path` is a PKCS#12 file (the UI then asks for its password).
    virtual bool needsPassword(const QString& path);
    virtual Core::Result<TrustKit> writeKit(Agent agent, const QString& outDir, const TlsCheck& check,
                                            const Core::SecretBuffer& storePassword);

    void setSecretLookup(Config::SecretLookup lookup) { m_lookup = std::move(lookup); }

protected:
    Config::SecretLookup m_lookup = &Config::lookupEnvironment;
};

} // namespace Tls
