// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/CertificateValidator.h"

#include "tls/CertificateImporter.h"
#include "tls/CertificateInfo.h"
#include "tls/HostNames.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <openssl/err.h>

namespace Tls {

using Config::Finding;
using Config::Severity;

namespace {

const QString kCertKey = QStringLiteral("apm-server.ssl.certificate");
const QString kKeyKey = QStringLiteral("apm-server.ssl.key");
const QString kCaKey = QStringLiteral("apm-server.ssl.certificate_authorities");

class Collector
{
public:
    void add(Severity s, const char* code, const QString& message, const QString& fix, const QString& key = {},
             const QString& section = {})
    {
        Finding f;
        f.severity = s;
        f.code = QString::fromLatin1(code);
        f.message = message;
        f.fix = fix;
        f.key = key;
        f.section = section;
        m_findings << f;
    }
    QList<Finding> take() { return std::move(m_findings); }

private:
    QList<Finding> m_findings;
};

QString sanList(const CertificateInfo& info)
{
    QStringList l;
    for (const QString& d : info.dnsNames)
        l << QStringLiteral("DNS:") + d;
    for (const QString& ip : info.ipAddresses)
        l << QStringLiteral("IP:") + ip;
    return l.isEmpty() ? QCoreApplication::translate("Tls::CertificateValidator", "none")
                       : l.join(QStringLiteral(", "));
}

// X509_verify_cert against `anchors` (or the system store when empty); returns the OpenSSL error
// (X509_V_OK on success). Time is not checked here: validity has findings of its own.
int verifyChain(const QList<Certificate>& ordered, const QList<Certificate>& anchors, QString* text)
{
    X509StorePtr store(X509_STORE_new());
    if (!store)
        return X509_V_ERR_UNSPECIFIED;
    if (anchors.isEmpty())
        X509_STORE_set_default_paths(store.get());
    for (const Certificate& a : anchors)
        X509_STORE_add_cert(store.get(), a.handle());
    // An intermediate in the CA file is a valid anchor for Go, Java and curl (agent-options §6.1);
    // whether Node/Python accept it is a separate finding.
    X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
    X509StackPtr untrusted(sk_X509_new_null());
    for (int i = 1; i < ordered.size(); ++i) {
        X509_up_ref(ordered[i].handle());
        sk_X509_push(untrusted.get(), ordered[i].handle());
    }
    X509StoreCtxPtr ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), ordered.constFirst().handle(), untrusted.get()) != 1)
        return X509_V_ERR_UNSPECIFIED;
    const int ok = X509_verify_cert(ctx.get());
    const int err = ok == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx.get());
    if (text)
        *text = QString::fromLatin1(X509_verify_cert_error_string(err));
    ERR_clear_error();
    return err;
}

void checkValidity(Collector& c, const CertificateInfo& info, const QDateTime& now, bool leaf)
{
    const QString what =
        leaf ? QCoreApplication::translate("Tls::CertificateValidator", "The certificate")
             : QCoreApplication::translate("Tls::CertificateValidator", "The CA certificate %1").arg(info.subject);
    if (now > info.notAfter)
        c.add(Severity::Error, leaf ? "tls.expired" : "tls.ca-expired",
              QCoreApplication::translate("Tls::CertificateValidator", "%1 expired on %2 (%3).")
                  .arg(what, info.notAfter.toString(Qt::ISODate), info.countdown(now)),
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "Issue a new certificate; every agent refuses an expired one unless it pins it."),
              leaf ? kCertKey : kCaKey);
    else if (now < info.notBefore)
        c.add(Severity::Error, leaf ? "tls.not-yet-valid" : "tls.ca-not-yet-valid",
              QCoreApplication::translate("Tls::CertificateValidator", "%1 is not valid before %2 (%3).")
                  .arg(what, info.notBefore.toString(Qt::ISODate), info.countdown(now)),
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "Check the clock of the machine that issued it, or wait."),
              leaf ? kCertKey : kCaKey);
    else if (info.daysLeft(now) <= CertificateValidator::kExpiryWarningDays)
        c.add(
            Severity::Warning, leaf ? "tls.expiring-soon" : "tls.ca-expiring-soon",
            QCoreApplication::translate("Tls::CertificateValidator", "%1 expires on %2 (%3).")
                .arg(what, info.notAfter.toString(Qt::ISODate), info.countdown(now)),
            QCoreApplication::translate("Tls::CertificateValidator", "Renew it now and roll it out before it expires."),
            leaf ? kCertKey : kCaKey);
}

void checkAlgorithms(Collector& c, const CertificateInfo& info, bool isRoot)
{
    if (info.keyType == QLatin1String("RSA") && info.keyBits < 2048)
        c.add(Severity::Error, "tls.weak-key",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "%1 has a %2-bit RSA key; OpenSSL at security level 2, Go and browsers refuse keys under 2048 "
                  "bits.")
                  .arg(info.subject)
                  .arg(info.keyBits),
              QCoreApplication::translate("Tls::CertificateValidator", "Reissue with EC P-256 or RSA 2048 or more."),
              kCertKey, QStringLiteral("agent-options §4"));
    // A root's self-signature is never checked by clients; any other SHA-1 signature is refused.
    if (info.sha1Signature && !isRoot)
        c.add(Severity::Error, "tls.sha1-signature",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "%1 is signed with %2; Go ≥1.18, browsers and OpenSSL at security level 2 refuse SHA-1.")
                  .arg(info.subject, info.signatureAlgorithm),
              QCoreApplication::translate("Tls::CertificateValidator", "Reissue it with a SHA-256 signature."),
              kCertKey, QStringLiteral("agent-options §4"));
    if (info.keyType == QLatin1String("ED25519") || info.keyType == QLatin1String("ED448"))
        c.add(Severity::Warning, "tls.ed25519",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "%1 uses an %2 key: browsers (RUM), Java before JDK 16 and .NET on Windows cannot use it.")
                  .arg(info.subject, info.keyDescription),
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "Use EC P-256 unless every agent runtime is known to support EdDSA."),
              kCertKey, QStringLiteral("agent-options §6.3"));
}

void checkNames(Collector& c, const CertificateInfo& leaf, const QStringList& urls)
{
    if (!leaf.hasSubjectAltName) {
        c.add(Severity::Error, "tls.cn-only",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "The certificate has no subjectAltName, only the Common Name \"%1\": Go agents fail with "
                  "\"x509: certificate relies on legacy Common Name field\", Python (urllib3 2) and browsers "
                  "refuse it too.")
                  .arg(leaf.commonName),
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "Reissue it with DNS and IP subjectAltNames for every name agents use."),
              kCertKey, QStringLiteral("C10"));
    } else {
        bool onlyLoopback = true;
        for (const QString& d : leaf.dnsNames)
            onlyLoopback = onlyLoopback && HostNames::isLoopback(d);
        for (const QString& ip : leaf.ipAddresses)
            onlyLoopback = onlyLoopback && HostNames::isLoopback(ip);
        if (onlyLoopback)
            c.add(Severity::Warning, "tls.loopback-only",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "The certificate is valid only for loopback names (%1): agents on other machines connect by "
                      "a real name or IP and fail the hostname check.")
                      .arg(sanList(leaf)),
                  QCoreApplication::translate("Tls::CertificateValidator",
                                              "Add the host names, IPs, service and load-balancer names agents use."),
                  kCertKey, QStringLiteral("C12"));
    }
    if (urls.isEmpty()) {
        c.add(Severity::Info, "tls.no-urls",
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "No agent URL was given, so host names were not checked."),
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "Give the URLs agents use for APM Server (--url)."));
        return;
    }
    for (const QString& url : urls) {
        const QString host = HostNames::hostOf(url);
        if (host.isEmpty()) {
            c.add(Severity::Error, "tls.url-invalid",
                  QCoreApplication::translate("Tls::CertificateValidator", "%1 is not a URL with a host.").arg(url),
                  QCoreApplication::translate("Tls::CertificateValidator", "Write it as https://host:8200."));
            continue;
        }
        if (url.startsWith(QLatin1String("http://"), Qt::CaseInsensitive))
            c.add(Severity::Warning, "tls.url-plain-http",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "%1 uses http://: the agent will not use TLS at all (or gets \"wrong version number\" "
                      "from a TLS server).")
                      .arg(url),
                  QCoreApplication::translate("Tls::CertificateValidator", "Use https:// in the agent's server URL."),
                  {}, QStringLiteral("C16"));
        switch (HostNames::coverage(leaf, host)) {
        case HostCoverage::BySan:
            break;
        case HostCoverage::ByCommonName:
            c.add(Severity::Error, "tls.host-cn-only",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "%1 matches only the Common Name: Node, Java, Ruby and PHP accept that, Go, Python and browsers "
                      "do not.")
                      .arg(host),
                  QCoreApplication::translate("Tls::CertificateValidator", "Reissue with DNS:%1 in the subjectAltName.")
                      .arg(host),
                  kCertKey, QStringLiteral("C10"));
            break;
        case HostCoverage::IpAsDnsSan:
            c.add(Severity::Error, "tls.ip-as-dns-san",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "%1 is listed as a DNS name, not as an IP address: clients connecting by IP need an IP "
                      "subjectAltName.")
                      .arg(host),
                  QCoreApplication::translate("Tls::CertificateValidator", "Reissue with IP:%1 in the subjectAltName.")
                      .arg(host),
                  kCertKey, QStringLiteral("C12"));
            break;
        case HostCoverage::NotCovered:
            c.add(Severity::Error, "tls.host-not-covered",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "%1 (from %2) is not in the certificate's names (%3): agents fail the hostname check "
                      "(\"Hostname/IP does not match certificate's altnames\").")
                      .arg(host, url, sanList(leaf)),
                  HostNames::isIpAddress(host)
                      ? QCoreApplication::translate("Tls::CertificateValidator",
                                                    "Reissue with IP:%1 in the subjectAltName.")
                            .arg(host)
                      : QCoreApplication::translate("Tls::CertificateValidator",
                                                    "Reissue with DNS:%1 in the subjectAltName.")
                            .arg(host),
                  kCertKey, QStringLiteral("C12"));
            break;
        }
    }
}

void checkChain(Collector& c, const ValidationInput& in, const OrderedChain& ordered)
{
    const Certificate& leafCert = ordered.certificates.constFirst();
    const CertificateInfo leaf = CertificateInfo::of(leafCert);
    if (!(in.chain.constFirst() == leafCert))
        c.add(Severity::Error, "tls.chain-leaf-not-first",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "The certificate file starts with %1, not with the server certificate %2: APM Server serves the "
                  "first certificate as its own.")
                  .arg(CertificateInfo::of(in.chain.constFirst()).subject, leaf.subject),
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "Put the server certificate first, then its intermediates (the fixed order can be saved)."),
              kCertKey);
    else if (ordered.reordered)
        c.add(Severity::Warning, "tls.chain-order",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "The intermediates in the certificate file are not in issuing order; strict clients may fail."),
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "Order the file leaf, intermediate, …, root (the fixed order can be saved)."),
              kCertKey);
    for (const Certificate& u : ordered.unrelated)
        c.add(Severity::Warning, "tls.chain-unrelated",
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "%1 in the certificate file is not part of the server certificate's chain.")
                  .arg(CertificateInfo::of(u).subject),
              QCoreApplication::translate("Tls::CertificateValidator", "Remove it from the file."), kCertKey);

    if (leaf.selfSigned && !leaf.isCa)
        c.add(Severity::Warning, "tls.self-signed-leaf",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "The certificate is self-signed: every agent must be given this very certificate as its CA file "
                  "or pin, browsers (RUM) will not accept it, and it cannot be revoked or rotated without "
                  "touching every agent."),
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "Issue it from a private CA (cert ca, then cert server) and give agents the CA."),
              kCertKey, QStringLiteral("C2, C4"));
    else if (leaf.isCa && in.purpose == CertificatePurpose::Server)
        c.add(Severity::Warning, "tls.leaf-is-ca",
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "The server certificate is itself a CA (basicConstraints CA:TRUE)."),
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "Issue a separate server certificate from the CA."),
              kCertKey);
    if (!leaf.selfSigned && !leaf.hasAuthorityKeyIdentifier)
        c.add(Severity::Warning, "tls.missing-aki",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "The certificate has no Authority Key Identifier: Python 3.13 with urllib3 ≥2.3 refuses it "
                  "(\"Missing Authority Key Identifier\")."),
              QCoreApplication::translate("Tls::CertificateValidator", "Reissue it with authorityKeyIdentifier."),
              kCertKey, QStringLiteral("agent-options §3.3"));

    for (const Certificate& cert : ordered.certificates + in.authorities) {
        const CertificateInfo info = CertificateInfo::of(cert);
        if (info.isCa && !info.basicConstraintsCritical)
            c.add(Severity::Warning, "tls.ca-constraints-not-critical",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "The CA %1 does not mark basicConstraints critical: Python 3.13 with urllib3 ≥2.3 refuses it.")
                      .arg(info.subject),
                  QCoreApplication::translate("Tls::CertificateValidator",
                                              "Reissue the CA with critical basicConstraints."),
                  kCaKey, QStringLiteral("agent-options §3.3"));
    }

    // Trust: against the CA file, or the system store when none was given.
    QString text;
    const int err = verifyChain(ordered.certificates, in.authorities, &text);
    const Certificate& top = ordered.certificates.constLast();
    const CertificateInfo topInfo = CertificateInfo::of(top);
    if (in.authorities.isEmpty()) {
        if (err == X509_V_OK)
            c.add(Severity::Info, "tls.chain-public",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "The chain verifies against this machine's system trust store (a public or installed CA)."),
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "Agents that use the system store accept it; those given a CA file need that root in it."));
        else
            c.add(Severity::Info, "tls.chain-not-checked",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "No CA file was given and the chain does not verify against the system store (%1).")
                      .arg(text),
                  QCoreApplication::translate("Tls::CertificateValidator",
                                              "Give the CA file (--ca) to check the chain."));
        return;
    }
    if (err == X509_V_OK) {
        // Verified. Leaf-only served while the anchor is an intermediate: Node, Python ≤3.12 and Ruby
        // need the root too (agent-options §6.1 "CA file holds only the intermediate").
        bool anchoredAtRoot = false;
        for (const Certificate& a : in.authorities)
            anchoredAtRoot = anchoredAtRoot || (a.isSelfSigned() && (top == a || top.isIssuedBy(a)));
        if (!anchoredAtRoot && !topInfo.selfSigned)
            c.add(Severity::Warning, "tls.ca-intermediate-only",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "The chain verifies only because the CA file holds the intermediate %1; Node.js, Ruby and "
                      "Python up to 3.12 also need the root in the CA file.")
                      .arg(topInfo.issuer),
                  QCoreApplication::translate("Tls::CertificateValidator", "Put the root CA into the CA file as well."),
                  kCaKey, QStringLiteral("C2"));
        return;
    }
    if (!topInfo.selfSigned) {
        bool issuerNameKnown = false;
        for (const Certificate& a : in.authorities)
            issuerNameKnown = issuerNameKnown || CertificateInfo::of(a).subject == topInfo.issuer;
        if (issuerNameKnown)
            c.add(Severity::Error, "tls.chain-untrusted",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "%1 names %2 as its issuer, but the CA of that name in the CA file did not sign it (%3).")
                      .arg(topInfo.subject, topInfo.issuer, text),
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "Use the CA that really issued the certificate, or reissue the certificate from this CA."),
                  kCaKey, QStringLiteral("C1, C2"));
        else
            c.add(Severity::Error, "tls.chain-incomplete",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "The chain is incomplete: %1 was issued by %2, which is neither in the certificate file nor "
                      "in the CA file (%3). Agents report \"unable to get local issuer certificate\".")
                      .arg(topInfo.subject, topInfo.issuer, text),
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "Append the intermediate CA certificate(s) to the certificate file, or give the CA that "
                      "issued it."),
                  kCertKey, QStringLiteral("C2"));
        return;
    }
    c.add(Severity::Error, "tls.chain-untrusted",
          QCoreApplication::translate(
              "Tls::CertificateValidator",
              "The chain ends at %1, which is not in the CA file (%2): agents report \"certificate signed by unknown "
              "authority\".")
              .arg(topInfo.subject, text),
          QCoreApplication::translate("Tls::CertificateValidator",
                                      "Give agents (and the CA file here) the CA that issued the certificate."),
          kCaKey, QStringLiteral("C1"));
}

void checkKey(Collector& c, const ValidationInput& in, const OrderedChain& ordered)
{
    if (in.keyPath.isEmpty())
        return;
    const QFileInfo fi(in.keyPath);
    const QFileDevice::Permissions loose =
        QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (fi.exists() && (fi.permissions() & loose))
        c.add(Severity::Warning, "tls.key-permissions",
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "The private key %1 can be read by other users (mode %2).")
                  .arg(in.keyPath,
                       QString::number((((int(fi.permissions()) >> 12) & 7) << 6) |
                                           (((int(fi.permissions()) >> 4) & 7) << 3) | (int(fi.permissions()) & 7),
                                       8)),
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "chmod 600 %1 (owned by the user APM Server runs as).")
                  .arg(in.keyPath),
              kKeyKey, QStringLiteral("C33"));
    if (in.keyLocked && !in.passphraseConfigured) {
        c.add(Severity::Error, "tls.key-encrypted-no-passphrase",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "The private key %1 is encrypted, but no passphrase is configured: APM Server cannot load it.")
                  .arg(in.keyPath),
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "Set apm-server.ssl.key_passphrase to a ${NAME} reference and keep the passphrase in the keystore "
                  "or environment."),
              QStringLiteral("apm-server.ssl.key_passphrase"));
        return;
    }
    if (in.passphraseWrong) {
        c.add(Severity::Error, "tls.key-passphrase-wrong",
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "The private key %1 cannot be decrypted with the configured passphrase.")
                  .arg(in.keyPath),
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "Check the passphrase (ssl.key_passphrase or the variable it refers to)."),
              QStringLiteral("apm-server.ssl.key_passphrase"));
        return;
    }
    if (!in.key)
        return;
    if (!in.key->matches(ordered.certificates.constFirst())) {
        const int other = CertificateImporter::certificateForKey(in.chain, *in.key);
        c.add(Severity::Error, "tls.key-mismatch",
              other >= 0
                  ? QCoreApplication::translate("Tls::CertificateValidator",
                                                "The private key belongs to %1, not to the server certificate %2.")
                        .arg(CertificateInfo::of(in.chain[other]).subject,
                             CertificateInfo::of(ordered.certificates.constFirst()).subject)
                  : QCoreApplication::translate("Tls::CertificateValidator",
                                                "The private key %1 does not match the certificate %2.")
                        .arg(in.keyPath, in.certificatePath),
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "Use the key the certificate was issued for (or reissue the certificate for this key)."),
              kKeyKey);
    }
}

} // namespace

Core::Result<ValidationInput> CertificateValidator::load(ValidationFiles files)
{
    ValidationInput in;
    in.purpose = files.purpose;
    in.urls = files.urls;
    in.certificatePath = files.certificate;
    in.keyPath = files.key;
    in.passphraseConfigured = files.passphrase.has_value() && !files.passphrase->isEmpty();
    auto cert = CertificateImporter::read(files.certificate);
    if (!cert)
        return cert.error();
    if (cert->certificates.isEmpty())
        return Core::makeError(
            QStringLiteral("tls.no-certificate"),
            QCoreApplication::translate("Tls::CertificateValidator", "%1 holds no certificate.").arg(files.certificate),
            cert->contents.join(QStringLiteral("; ")));
    in.chain = cert->certificates;
    for (const QString& path : files.authorities) {
        auto ca = CertificateImporter::read(path);
        if (!ca)
            return ca.error();
        if (ca->certificates.isEmpty())
            return Core::makeError(
                QStringLiteral("tls.no-certificate"),
                QCoreApplication::translate("Tls::CertificateValidator", "%1 holds no certificate.").arg(path));
        in.authorities += ca->certificates;
    }
    if (!files.key.isEmpty()) {
        const Core::SecretBuffer none;
        auto key = CertificateImporter::read(files.key, files.passphrase ? *files.passphrase : none);
        if (!key) {
            if (key.error().code != QLatin1String("tls.key-passphrase"))
                return key.error();
            in.keyEncrypted = true;
            in.passphraseWrong = true;
        } else {
            in.keyEncrypted = key->encryptedKey;
            in.keyLocked = key->encryptedKeyLocked;
            if (!key->keys.isEmpty())
                in.key = key->keys.constFirst();
            else if (!key->encryptedKeyLocked)
                return Core::makeError(
                    QStringLiteral("tls.no-key"),
                    QCoreApplication::translate("Tls::CertificateValidator", "%1 holds no private key.")
                        .arg(files.key));
        }
    } else if (!cert->keys.isEmpty()) {
        in.key = cert->keys.constFirst(); // certificate and key in one file (PKCS#12 or a PEM bundle)
    }
    return in;
}

QList<Finding> CertificateValidator::validate(const ValidationInput& in)
{
    Collector c;
    if (in.chain.isEmpty()) {
        c.add(Severity::Error, "tls.no-certificate",
              QCoreApplication::translate("Tls::CertificateValidator", "No certificate to check."),
              QCoreApplication::translate("Tls::CertificateValidator", "Give the certificate file."), kCertKey);
        return c.take();
    }
    const OrderedChain ordered = CertificateImporter::orderChain(in.chain);
    const CertificateInfo leaf = CertificateInfo::of(ordered.certificates.constFirst());

    checkValidity(c, leaf, in.now, true);
    for (int i = 1; i < ordered.certificates.size(); ++i)
        checkValidity(c, CertificateInfo::of(ordered.certificates[i]), in.now, false);
    for (const Certificate& a : in.authorities)
        checkValidity(c, CertificateInfo::of(a), in.now, false);
    const qint64 lifetimeDays = leaf.notBefore.daysTo(leaf.notAfter);
    if (!leaf.isCa && lifetimeDays > 825)
        c.add(Severity::Warning, "tls.validity-long",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "The certificate is valid for %1 days: Apple platforms (Safari, and Go/.NET on macOS) refuse "
                  "private-CA certificates valid for more than 825 days.")
                  .arg(lifetimeDays),
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "Issue leaves for at most 397 days and renew them."),
              kCertKey, QStringLiteral("agent-options §4"));

    if (in.purpose == CertificatePurpose::Server) {
        checkNames(c, leaf, in.urls);
        if (leaf.hasExtendedKeyUsage && !leaf.serverAuth)
            c.add(Severity::Error, "tls.eku-server-auth-missing",
                  QCoreApplication::translate(
                      "Tls::CertificateValidator",
                      "The certificate's extended key usage (%1) does not include serverAuth: OpenSSL, Go and Java "
                      "refuse it as a server certificate.")
                      .arg(leaf.extendedKeyUsage.join(QStringLiteral(", "))),
                  QCoreApplication::translate("Tls::CertificateValidator",
                                              "Reissue it with extendedKeyUsage serverAuth."),
                  kCertKey, QStringLiteral("agent-options §4"));
    } else if (leaf.hasExtendedKeyUsage && !leaf.clientAuth) {
        c.add(Severity::Error, "tls.eku-client-auth-missing",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "The client certificate's extended key usage (%1) does not include clientAuth: APM Server refuses "
                  "it in the handshake.")
                  .arg(leaf.extendedKeyUsage.join(QStringLiteral(", "))),
              QCoreApplication::translate("Tls::CertificateValidator",
                                          "Reissue it with extendedKeyUsage clientAuth (cert client)."));
    }

    for (int i = 0; i < ordered.certificates.size(); ++i)
        checkAlgorithms(c, CertificateInfo::of(ordered.certificates[i]), ordered.certificates[i].isSelfSigned());
    checkChain(c, in, ordered);
    checkKey(c, in, ordered);

    // C14: a CA list without an explicit client_authentication makes client certificates required
    // (apm-server-behaviour §5), which no backend agent but Java can satisfy.
    if (in.purpose == CertificatePurpose::Server && in.caListConfigured && !in.clientAuthentication)
        c.add(Severity::Warning, "tls.client-auth-implicit",
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "ssl.certificate_authorities is set and ssl.client_authentication is not, so APM Server requires "
                  "a client certificate from every agent; only the Java agent (and Go from code) can send one."),
              QCoreApplication::translate(
                  "Tls::CertificateValidator",
                  "Set client_authentication: none or optional, or required if that is really intended."),
              QStringLiteral("apm-server.ssl.client_authentication"), QStringLiteral("C14"));
    return c.take();
}

} // namespace Tls
