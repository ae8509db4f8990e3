// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/CertificateInfo.h"

#include "tls/PrivateKey.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonArray>

#include <openssl/err.h>

#include <ctime>

namespace Tls {

namespace {

QString tr(const char* s, const char* disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("Tls::CertificateInfo", s, disambiguation, n);
}

QString nameText(const X509_NAME* name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
        return {};
    return QString::fromUtf8(bioContents(bio.get()));
}

QString commonNameOf(const X509_NAME* name)
{
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (index < 0)
        return {};
    const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, data);
    if (len < 0)
        return {};
    const QString cn = QString::fromUtf8(reinterpret_cast<const char*>(utf8), len);
    OPENSSL_free(utf8);
    return cn;
}

QDateTime toDateTime(const ASN1_TIME* t)
{
    std::tm tm{};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec),
                     Qt::UTC);
}

QString objectName(const ASN1_OBJECT* obj)
{
    const int nid = OBJ_obj2nid(obj);
    if (nid != NID_undef)
        return QString::fromLatin1(OBJ_nid2sn(nid));
    char buf[128];
    OBJ_obj2txt(buf, sizeof buf, obj, 1);
    return QString::fromLatin1(buf);
}

QString ipText(const ASN1_OCTET_STRING* ip)
{
    const unsigned char* d = ASN1_STRING_get0_data(ip);
    const int len = ASN1_STRING_length(ip);
    if (len == 4)
        return QHostAddress(quint32((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3])).toString();
    if (len == 16) {
        Q_IPV6ADDR a;
        for (int i = 0; i < 16; ++i)
            a[i] = d[i];
        return QHostAddress(a).toString();
    }
    return QStringLiteral("<invalid IP>");
}

QString asciiText(const ASN1_IA5STRING* s)
{
    return QString::fromLatin1(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s));
}

} // namespace

QString fingerprint(const Certificate& certificate, const EVP_MD* md)
{
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (certificate.isNull() || X509_digest(certificate.handle(), md, buf, &len) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char*>(buf), int(len)).toHex(':').toUpper();
}

CertificateInfo CertificateInfo::of(const Certificate& certificate)
{
    CertificateInfo i;
    X509* x = certificate.handle();
    if (!x)
        return i;
    i.subject = nameText(X509_get_subject_name(x));
    i.issuer = nameText(X509_get_issuer_name(x));
    i.commonName = commonNameOf(X509_get_subject_name(x));
    i.notBefore = toDateTime(X509_get0_notBefore(x));
    i.notAfter = toDateTime(X509_get0_notAfter(x));
    EVP_PKEY* pub = X509_get0_pubkey(x);
    i.keyDescription = describeKey(pub);
    i.keyType = pub ? QString::fromLatin1(EVP_PKEY_get0_type_name(pub)) : QString();
    i.keyBits = pub ? EVP_PKEY_get_bits(pub) : 0;
    const int sigNid = X509_get_signature_nid(x);
    i.signatureAlgorithm = QString::fromLatin1(OBJ_nid2ln(sigNid));
    int mdNid = NID_undef;
    if (OBJ_find_sigid_algs(sigNid, &mdNid, nullptr) == 1)
        i.sha1Signature = mdNid == NID_sha1 || mdNid == NID_md5;
    i.sha256Fingerprint = fingerprint(certificate, EVP_sha256());
    i.sha1Fingerprint = fingerprint(certificate, EVP_sha1());
    if (BignumPtr bn{ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), nullptr)}) {
        OpenSslStringPtr hex(BN_bn2hex(bn.get()));
        i.serial = hex ? QString::fromLatin1(hex.get()) : QString();
    }
    i.isCa = X509_check_ca(x) > 0 && (X509_get_extension_flags(x) & EXFLAG_CA);
    const int bcIndex = X509_get_ext_by_NID(x, NID_basic_constraints, -1);
    i.basicConstraintsCritical = bcIndex >= 0 && X509_EXTENSION_get_critical(X509_get_ext(x, bcIndex)) == 1;
    i.selfSigned = X509_self_signed(x, 0) == 1;
    i.hasSubjectKeyIdentifier = X509_get0_subject_key_id(x) != nullptr;
    i.hasAuthorityKeyIdentifier = X509_get0_authority_key_id(x) != nullptr;

    int crit = 0;
    GeneralNamesPtr sans(static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x, NID_subject_alt_name, &crit, nullptr)));
    i.hasSubjectAltName = sans != nullptr;
    for (int n = 0; sans && n < sk_GENERAL_NAME_num(sans.get()); ++n) {
        const GENERAL_NAME* gn = sk_GENERAL_NAME_value(sans.get(), n);
        switch (gn->type) {
        case GEN_DNS:
            i.dnsNames << asciiText(gn->d.dNSName);
            break;
        case GEN_IPADD:
            i.ipAddresses << ipText(gn->d.iPAddress);
            break;
        case GEN_EMAIL:
            i.otherNames << QStringLiteral("email:") + asciiText(gn->d.rfc822Name);
            break;
        case GEN_URI:
            i.otherNames << QStringLiteral("URI:") + asciiText(gn->d.uniformResourceIdentifier);
            break;
        default:
            i.otherNames << QStringLiteral("other");
            break;
        }
    }

    const uint32_t ku = X509_get_key_usage(x);
    if (ku != UINT32_MAX) {
        const std::pair<uint32_t, const char*> bits[] = {{KU_DIGITAL_SIGNATURE, "digitalSignature"},
                                                         {KU_NON_REPUDIATION, "nonRepudiation"},
                                                         {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
                                                         {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
                                                         {KU_KEY_AGREEMENT, "keyAgreement"},
                                                         {KU_KEY_CERT_SIGN, "keyCertSign"},
                                                         {KU_CRL_SIGN, "cRLSign"},
                                                         {KU_ENCIPHER_ONLY, "encipherOnly"},
                                                         {KU_DECIPHER_ONLY, "decipherOnly"}};
        for (const auto& [bit, name] : bits) {
            if (ku & bit)
                i.keyUsage << QString::fromLatin1(name);
        }
    }
    EkuPtr eku(static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(x, NID_ext_key_usage, &crit, nullptr)));
    i.hasExtendedKeyUsage = eku != nullptr;
    for (int n = 0; eku && n < sk_ASN1_OBJECT_num(eku.get()); ++n)
        i.extendedKeyUsage << objectName(sk_ASN1_OBJECT_value(eku.get(), n));
    const uint32_t xku = X509_get_extended_key_usage(x);
    i.serverAuth = (xku & XKU_SSL_SERVER) || (xku & XKU_ANYEKU);
    i.clientAuth = (xku & XKU_SSL_CLIENT) || (xku & XKU_ANYEKU);
    ERR_clear_error();
    return i;
}

qint64 CertificateInfo::daysLeft(const QDateTime& now) const
{
    const qint64 secs = now.secsTo(notAfter);
    return secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
}

QString CertificateInfo::countdown(const QDateTime& now) const
{
    if (now < notBefore)
        return tr("not valid for another %n day(s)", nullptr, int((now.secsTo(notBefore) + 86399) / 86400));
    const qint64 left = daysLeft(now);
    if (now > notAfter)
        return tr("expired %n day(s) ago", nullptr, int(-left));
    return tr("valid for %n more day(s)", nullptr, int(left));
}

QString CertificateInfo::toText(const QDateTime& now) const
{
    QStringList l;
    auto add = [&l](const QString& label, const QString& value) {
        l << QStringLiteral("  %1 %2").arg(label + QLatin1Char(':'), -21).arg(value);
    };
    add(tr("Subject"), subject);
    add(tr("Issuer"), issuer + (selfSigned ? tr(" (self-signed)") : QString()));
    QStringList sans;
    for (const QString& d : dnsNames)
        sans << QStringLiteral("DNS:") + d;
    for (const QString& ip : ipAddresses)
        sans << QStringLiteral("IP:") + ip;
    sans += otherNames;
    add(tr("Subject alt names"), sans.isEmpty() ? tr("(none)") : sans.join(QStringLiteral(", ")));
    add(tr("Valid from"), notBefore.toString(Qt::ISODate));
    add(tr("Valid until"), notAfter.toString(Qt::ISODate) + QStringLiteral(" (") + countdown(now) + QLatin1Char(')'));
    add(tr("Key"), keyDescription);
    add(tr("Signature"), signatureAlgorithm);
    add(tr("Serial"), serial);
    add(tr("SHA-256"), sha256Fingerprint);
    add(tr("SHA-1"), sha1Fingerprint);
    add(tr("CA"), isCa ? tr("yes") : tr("no"));
    add(tr("Key usage"), keyUsage.isEmpty() ? tr("(not set)") : keyUsage.join(QStringLiteral(", ")));
    add(tr("Extended key usage"),
        extendedKeyUsage.isEmpty() ? tr("(not set: any)") : extendedKeyUsage.join(QStringLiteral(", ")));
    return l.join(QLatin1Char('\n'));
}

QJsonObject CertificateInfo::toJson(const QDateTime& now) const
{
    return QJsonObject{
        {QStringLiteral("subject"), subject},
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("common_name"), commonName},
        {QStringLiteral("dns_names"), QJsonArray::fromStringList(dnsNames)},
        {QStringLiteral("ip_addresses"), QJsonArray::fromStringList(ipAddresses)},
        {QStringLiteral("not_before"), notBefore.toString(Qt::ISODate)},
        {QStringLiteral("not_after"), notAfter.toString(Qt::ISODate)},
        {QStringLiteral("days_left"), daysLeft(now)},
        {QStringLiteral("key"), keyDescription},
        {QStringLiteral("key_bits"), keyBits},
        {QStringLiteral("signature_algorithm"), signatureAlgorithm},
        {QStringLiteral("serial"), serial},
        {QStringLiteral("sha256_fingerprint"), sha256Fingerprint},
        {QStringLiteral("sha1_fingerprint"), sha1Fingerprint},
        {QStringLiteral("ca"), isCa},
        {QStringLiteral("self_signed"), selfSigned},
        {QStringLiteral("key_usage"), QJsonArray::fromStringList(keyUsage)},
        {QStringLiteral("extended_key_usage"), QJsonArray::fromStringList(extendedKeyUsage)},
    };
}

} // namespace Tls
