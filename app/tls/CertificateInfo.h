// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "tls/Certificate.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace Tls {

// What `cert inspect` and the certificate detail view show about one certificate.
struct CertificateInfo
{
    QString subject; // RFC 2253, e.g. "CN=apm.example.com,O=Example"
    QString issuer;
    QString commonName;
    QStringList dnsNames;
    QStringList ipAddresses;
    QStringList otherNames; // email, URI, … as "URI:…"
    QDateTime notBefore;
    QDateTime notAfter;
    QString keyDescription; // "EC P-256", "RSA 2048", "Ed25519"
    QString keyType;        // "RSA", "EC", "ED25519", …
    int keyBits = 0;
    QString signatureAlgorithm; // "ecdsa-with-SHA256", "sha1WithRSAEncryption", …
    bool sha1Signature = false;
    QString sha256Fingerprint; // "AB:CD:…"
    QString sha1Fingerprint;
    QString serial; // hex
    bool isCa = false;
    bool basicConstraintsCritical = false;
    bool selfSigned = false;
    bool hasSubjectAltName = false;
    bool hasSubjectKeyIdentifier = false;
    bool hasAuthorityKeyIdentifier = false;
    bool hasExtendedKeyUsage = false;
    QStringList keyUsage;         // "digitalSignature", "keyCertSign", …
    QStringList extendedKeyUsage; // "serverAuth", "clientAuth", … (OIDs for unknown ones)
    bool serverAuth = false;      // no EKU counts as any purpose (RFC 5280)
    bool clientAuth = false;

    static CertificateInfo of(const Certificate& certificate);

    // Days until notAfter (negative when expired) relative to `now`.
    qint64 daysLeft(const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    // "valid for 396 more days" / "expired 3 days ago" / "not valid for another 2 days".
    QString countdown(const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    // Indented text block for the CLI; JSON for --format json.
    QString toText(const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    QJsonObject toJson(const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
};

// SHA-256 over the DER encoding as colon-separated hex, as `openssl x509 -fingerprint` prints it.
QString fingerprint(const Certificate& certificate, const EVP_MD* md);

} // namespace Tls
