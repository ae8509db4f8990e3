// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "tls/Certificate.h"
#include "tls/PrivateKey.h"

#include <QDateTime>
#include <QStringList>

#include <optional>

namespace Tls {

enum class CertificateRole { Ca, Server, Client };
QString roleName(CertificateRole role); // "ca", "server", "client"

struct IssueRequest
{
    static constexpr int kDefaultCaDays = 3650;
    // CA/Browser Forum limit for publicly trusted leaves since 2020; agents do not care, Safari does
    // (agent-options.md §4), and short lives keep renewals practised.
    static constexpr int kDefaultLeafDays = 397;

    CertificateRole role = CertificateRole::Server;
    QString commonName;
    QString organization;
    QStringList dnsNames;               // subjectAltName DNS entries
    QStringList ipAddresses;            // subjectAltName IP entries
    int validityDays = 0;               // 0: the default for the role
    std::optional<QDateTime> notBefore; // explicit window (defaults: now − 5 min … + validityDays)
    std::optional<QDateTime> notAfter;
    PrivateKey subjectKey;         // the new certificate's key
    Certificate issuerCertificate; // null: self-signed (a CA, or a self-signed leaf)
    PrivateKey issuerKey;          // the issuer's key (or subjectKey when self-signed)
    int pathLength = -1;           // CA only; -1 = no limit

    // Deliberately bad certificates, only for tests of the validator (never offered in the UI/CLI).
    QString signatureDigestOverride; // e.g. "SHA1"
    bool omitSubjectAltName = false; // CN-only
    bool omitExtendedKeyUsage = false;
    bool omitAuthorityKeyIdentifier = false;
};

class CertificateIssuer
{
public:
    // Builds and signs an X.509 v3 certificate: random positive 128-bit serial, SHA-256 (SHA-384 for
    // P-384 issuers; none for Ed25519), basicConstraints, keyUsage, extendedKeyUsage, SKI/AKI and SANs
    // for the role. Refuses a server certificate without SANs, an issuer that is no CA and an issuer
    // key that does not match the issuer certificate.
    static Core::Result<Certificate> issue(const IssueRequest& request);

    // Default digest for a signing key: SHA-256, SHA-384 for P-384/P-521, none for EdDSA.
    static const EVP_MD* defaultDigest(EVP_PKEY* signingKey);
};

} // namespace Tls
