// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/CertificateIssuer.h"

#include <QCoreApplication>
#include <QHostAddress>

#include <openssl/err.h>
#include <openssl/rand.h>

namespace Tls {

namespace {

QString tr(const char* s)
{
    return QCoreApplication::translate("Tls::CertificateIssuer", s);
}

Core::Error fail(const QString& message, const QString& detail = {}, const QString& fix = {})
{
    return Core::makeError(QStringLiteral("tls.issue"), message, detail, fix);
}

bool addExtension(X509* cert, X509V3_CTX* ctx, int nid, const QByteArray& value)
{
    X509ExtPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.constData()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool setTime(ASN1_TIME* field, const QDateTime& when)
{
    return ASN1_TIME_set(field, time_t(when.toSecsSinceEpoch())) != nullptr;
}

// RFC 5280 §4.1.2.2: positive, at most 20 octets; CA/B Forum asks for ≥ 64 bits of randomness.
bool setRandomSerial(X509* cert)
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return false;
    bytes[0] &= 0x7f; // positive
    bytes[0] |= 0x40; // and always 16 octets long
    BignumPtr bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
    return bn && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) != nullptr;
}

bool addNameEntry(X509_NAME* name, const char* field, const QString& value)
{
    if (value.isEmpty())
        return true;
    const QByteArray utf8 = value.toUtf8();
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(utf8.constData()), int(utf8.size()), -1,
                                      0) == 1;
}

} // namespace

QString roleName(CertificateRole role)
{
    switch (role) {
    case CertificateRole::Ca:
        return QStringLiteral("ca");
    case CertificateRole::Server:
        return QStringLiteral("server");
    case CertificateRole::Client:
        return QStringLiteral("client");
    }
    return {};
}

const EVP_MD* CertificateIssuer::defaultDigest(EVP_PKEY* signingKey)
{
    const int id = EVP_PKEY_get_base_id(signingKey);
    if (id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448)
        return nullptr; // EdDSA signs without a separate digest
    if (id == EVP_PKEY_EC && EVP_PKEY_get_bits(signingKey) > 256)
        return EVP_sha384();
    return EVP_sha256();
}

Core::Result<Certificate> CertificateIssuer::issue(const IssueRequest& r)
{
    if (r.subjectKey.isNull())
        return fail(tr("No key for the new certificate."));
    if (r.commonName.trimmed().isEmpty() && r.role != CertificateRole::Server)
        return fail(tr("The certificate needs a subject name (CN)."), {}, tr("Give a subject."));
    for (const QString& ip : r.ipAddresses) {
        if (QHostAddress(ip).isNull())
            return fail(tr("%1 is not an IP address.").arg(ip), {}, tr("Put host names in the DNS list."));
    }
    // A server certificate without SANs is refused by Go, Python and browsers (C10).
    if (r.role == CertificateRole::Server && !r.omitSubjectAltName && r.dnsNames.isEmpty() && r.ipAddresses.isEmpty())
        return fail(tr("A server certificate needs at least one host name or IP address (subjectAltName)."), {},
                    tr("Add the names and addresses agents use in their server URL."));
    const bool selfSigned = r.issuerCertificate.isNull();
    const PrivateKey& signer = selfSigned ? (r.issuerKey.isNull() ? r.subjectKey : r.issuerKey) : r.issuerKey;
    if (signer.isNull())
        return fail(tr("No key to sign with."), {}, tr("Give the CA's private key."));
    if (!selfSigned) {
        if (!r.issuerCertificate.isCa())
            return fail(tr("The issuing certificate is not a CA (basicConstraints CA:TRUE with keyCertSign)."), {},
                        tr("Sign with the CA certificate, not a server or client certificate."));
        if (!signer.matches(r.issuerCertificate))
            return fail(tr("The CA key does not match the CA certificate."), {},
                        tr("Use the key the CA certificate was made with."));
    }

    ERR_clear_error();
    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1 || !setRandomSerial(cert.get()))
        return fail(tr("Cannot create the certificate."), openSslErrors());

    int days = r.validityDays;
    if (days <= 0)
        days = r.role == CertificateRole::Ca ? IssueRequest::kDefaultCaDays : IssueRequest::kDefaultLeafDays;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Five minutes back so a client with a slightly slow clock does not see "not yet valid".
    const QDateTime notBefore = r.notBefore.value_or(now.addSecs(-300));
    const QDateTime notAfter = r.notAfter.value_or(notBefore.addDays(days));
    if (!setTime(X509_getm_notBefore(cert.get()), notBefore) || !setTime(X509_getm_notAfter(cert.get()), notAfter))
        return fail(tr("Cannot set the validity."), openSslErrors());

    X509_NAME* subject = X509_get_subject_name(cert.get());
    QString cn = r.commonName.trimmed();
    if (cn.isEmpty())
        cn = r.dnsNames.value(0, r.ipAddresses.value(0));
    if (!addNameEntry(subject, "O", r.organization) || !addNameEntry(subject, "CN", cn))
        return fail(tr("Cannot set the subject name."), openSslErrors());
    X509* issuerX509 = selfSigned ? cert.get() : r.issuerCertificate.handle();
    if (X509_set_issuer_name(cert.get(), X509_get_subject_name(issuerX509)) != 1 ||
        X509_set_pubkey(cert.get(), r.subjectKey.handle()) != 1)
        return fail(tr("Cannot set issuer or public key."), openSslErrors());

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuerX509, cert.get(), nullptr, nullptr, 0);
    bool ok = true;
    switch (r.role) {
    case CertificateRole::Ca: {
        // Critical basicConstraints: Python ≥3.13 with urllib3 ≥2.3 refuses a CA without it (§6.3).
        QByteArray bc = "critical,CA:TRUE";
        if (r.pathLength >= 0)
            bc += ",pathlen:" + QByteArray::number(r.pathLength);
        ok = addExtension(cert.get(), &ctx, NID_basic_constraints, bc) &&
             addExtension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature");
        break;
    }
    case CertificateRole::Server:
    case CertificateRole::Client: {
        // keyEncipherment only matters for RSA key exchange (TLS ≤ 1.2 RSA suites).
        const bool rsa = EVP_PKEY_get_base_id(r.subjectKey.handle()) == EVP_PKEY_RSA;
        ok = addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
             addExtension(cert.get(), &ctx, NID_key_usage,
                          rsa ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature");
        if (ok && !r.omitExtendedKeyUsage)
            ok = addExtension(cert.get(), &ctx, NID_ext_key_usage,
                              r.role == CertificateRole::Server ? "serverAuth" : "clientAuth");
        break;
    }
    }
    ok = ok && addExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
    // AKI links the leaf to its issuer; Python 3.13's strict mode requires it (§6.3).
    if (ok && !r.omitAuthorityKeyIdentifier && !selfSigned)
        ok = addExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
    if (ok && !r.omitSubjectAltName && (!r.dnsNames.isEmpty() || !r.ipAddresses.isEmpty())) {
        QStringList entries;
        for (const QString& dns : r.dnsNames)
            entries << QStringLiteral("DNS:") + dns.trimmed();
        for (const QString& ip : r.ipAddresses)
            entries << QStringLiteral("IP:") + QHostAddress(ip).toString();
        ok = addExtension(cert.get(), &ctx, NID_subject_alt_name, entries.join(QLatin1Char(',')).toUtf8());
    }
    if (!ok)
        return fail(tr("Cannot add the certificate extensions."), openSslErrors());

    const EVP_MD* md = defaultDigest(signer.handle());
    if (!r.signatureDigestOverride.isEmpty())
        md = EVP_get_digestbyname(r.signatureDigestOverride.toLatin1().constData());
    if (X509_sign(cert.get(), signer.handle(), md) <= 0)
        return fail(tr("Signing the certificate failed."), openSslErrors());
    return Certificate(std::move(cert));
}

} // namespace Tls
