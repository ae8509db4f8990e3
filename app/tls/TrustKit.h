// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "tls/Certificate.h"
#include "tls/PrivateKey.h"
#include "tls/TrustVerdicts.h"

#include <QStringList>

namespace Tls {

struct TrustKitRequest
{
    Agent agent = Agent::NodeJs;
    QString outDir;
    QList<Certificate> caCertificates; // what the agent must trust
    QList<Certificate> serverChain;    // optional: the served chain (pin files, the verdict)
    Certificate clientCertificate;     // optional: mutual TLS
    PrivateKey clientKey;
    QList<Certificate> clientChain; // intermediates of the client certificate
    QString serverUrl;              // written into the settings
    // Password of Java's trust/key stores and of the client key; referenced in the settings by
    // its variable name only, never written in clear.
    Core::SecretBuffer storePassword;
    QString storePasswordVariable = QStringLiteral("APM_TRUSTSTORE_PASSWORD");
};

struct TrustKit
{
    QStringList files;    // written, absolute paths
    QString settings;     // the agent settings to apply (README.txt holds the same)
    AgentVerdict verdict; // when a server chain was given
    bool hasVerdict = false;
};

class TrustKitWriter
{
public:
    // Java's OID for "trusted for any purpose" in a PKCS#12 certificate bag (what keytool writes;
    // without it Java loads an OpenSSL-made store with zero entries — agent-options.md §3.2).
    static constexpr const char* kJavaTrustedKeyUsageOid = "2.16.840.1.113894.746875.1.1";

    // Writes what `request.agent` needs into request.outDir: ca.pem, server pin files, the Java
    // trust store, the client certificate material for mutual TLS, and README.txt with the exact
    // option names. Files are written atomically with backups; secrets only in 0600 files.
    static Core::Result<TrustKit> write(const TrustKitRequest& request);

    // A PKCS#12 trust store Java loads: one certificate bag per CA with a friendlyName and the
    // trusted-key-usage attribute (anyExtendedKeyUsage), integrity MAC with SHA-256.
    static Core::Result<QByteArray> javaTrustStore(const QList<Certificate>& certificates, const Core::SecretBuffer& password);
    // A PKCS#12 key store (key + certificate + chain), AES-256 protected.
    static Core::Result<QByteArray> keyStore(const PrivateKey& key, const Certificate& certificate,
                                             const QList<Certificate>& chain, const Core::SecretBuffer& password);
};

} // namespace Tls
