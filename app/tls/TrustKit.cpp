// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/TrustKit.h"

#include "tls/CertificateFiles.h"
#include "tls/CertificateInfo.h"

#include <QCoreApplication>
#include <QDir>

#include <openssl/err.h>

namespace Tls {

namespace {

QString tr(const char* s)
{
    return QCoreApplication::translate("Tls::TrustKitWriter", s);
}

Core::Error fail(const QString& message)
{
    return Core::makeError(QStringLiteral("tls.kit"), message, openSslErrors());
}

QByteArray pkcs12Der(PKCS12* p12)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || i2d_PKCS12_bio(bio.get(), p12) != 1)
        return {};
    return bioContents(bio.get());
}

struct Settings
{
    QStringList lines;
    void add(const QString& line) { lines << line; }
};

} // namespace

Core::Result<QByteArray> TrustKitWriter::javaTrustStore(const QList<Certificate>& certificates,
                                                        const Core::SecretBuffer& password)
{
    if (password.isEmpty())
        // A password-less PKCS#12 trust store gives Java zero anchors (agent-options.md §3.2).
        return Core::makeError(QStringLiteral("tls.kit-password"), tr("A Java trust store needs a password."));
    ERR_clear_error();
    Asn1ObjectPtr trustedOid(OBJ_txt2obj(kJavaTrustedKeyUsageOid, 1));
    Asn1ObjectPtr anyEku(OBJ_nid2obj(NID_anyExtendedKeyUsage) ? OBJ_dup(OBJ_nid2obj(NID_anyExtendedKeyUsage))
                                                              : nullptr);
    if (!trustedOid || !anyEku)
        return fail(tr("Cannot create the Java trust attribute."));
    STACK_OF(PKCS12_SAFEBAG)* rawBags = nullptr;
    SafebagStackPtr bags;
    int n = 0;
    for (const Certificate& c : certificates) {
        PKCS12_SAFEBAG* bag = PKCS12_add_cert(&rawBags, c.handle());
        bags.release();
        bags.reset(rawBags);
        if (!bag)
            return fail(tr("Cannot add a certificate to the trust store."));
        const QByteArray alias = (QStringLiteral("apm-ca-%1").arg(++n)).toUtf8();
        // The attribute value is an OBJECT IDENTIFIER: len -1 hands OpenSSL the ASN1_OBJECT itself.
        if (PKCS12_add_friendlyname_utf8(bag, alias.constData(), int(alias.size())) != 1 ||
            PKCS12_add1_attr_by_txt(bag, kJavaTrustedKeyUsageOid, V_ASN1_OBJECT,
                                    reinterpret_cast<const unsigned char*>(anyEku.get()), -1) != 1)
            return fail(tr("Cannot mark a certificate as trusted for Java."));
    }
    STACK_OF(PKCS7)* rawSafes = nullptr;
    // Certificates are public: the bag is not encrypted (as JDK 18+ keytool writes it); the MAC
    // protects the store's integrity with the password.
    if (!PKCS12_add_safe(&rawSafes, bags.get(), -1, PKCS12_DEFAULT_ITER, password.data()))
        return fail(tr("Cannot build the trust store."));
    Pkcs7StackPtr safes(rawSafes);
    Pkcs12Ptr p12(PKCS12_add_safes(safes.get(), 0));
    if (!p12 ||
        PKCS12_set_mac(p12.get(), password.data(), password.size(), nullptr, 0, PKCS12_DEFAULT_ITER, EVP_sha256()) != 1)
        return fail(tr("Cannot protect the trust store."));
    const QByteArray der = pkcs12Der(p12.get());
    if (der.isEmpty())
        return fail(tr("Cannot encode the trust store."));
    return der;
}

Core::Result<QByteArray> TrustKitWriter::keyStore(const PrivateKey& key, const Certificate& certificate,
                                                  const QList<Certificate>& chain, const Core::SecretBuffer& password)
{
    if (password.isEmpty())
        return Core::makeError(QStringLiteral("tls.kit-password"), tr("A key store needs a password."));
    ERR_clear_error();
    X509StackPtr ca(sk_X509_new_null());
    for (const Certificate& c : chain) {
        X509_up_ref(c.handle());
        sk_X509_push(ca.get(), c.handle());
    }
    // AES-256-CBC for key and certificates, SHA-256 MAC (NID 0 = OpenSSL 3's PBES2 defaults).
    Pkcs12Ptr p12(PKCS12_create(password.data(), "client", key.handle(), certificate.handle(), ca.get(),
                                NID_aes_256_cbc, NID_aes_256_cbc, 0, 0, 0));
    if (!p12)
        return fail(tr("Cannot build the key store."));
    const QByteArray der = pkcs12Der(p12.get());
    if (der.isEmpty())
        return fail(tr("Cannot encode the key store."));
    return der;
}

Core::Result<TrustKit> TrustKitWriter::write(const TrustKitRequest& r)
{
    if (r.caCertificates.isEmpty() && r.serverChain.isEmpty())
        return Core::makeError(QStringLiteral("tls.kit"), tr("A trust kit needs the CA certificate."), {},
                               tr("Give the CA that issued the server certificate."));
    const QDir dir(r.outDir);
    if (!dir.exists() && !QDir().mkpath(r.outDir))
        return Core::makeError(QStringLiteral("tls.kit"), tr("Cannot create the folder %1.").arg(r.outDir));
    TrustKit kit;
    auto path = [&dir](const char* name) { return dir.absoluteFilePath(QString::fromLatin1(name)); };
    auto check = [&kit](const Core::Result<void>& written, const QString& file) -> std::optional<Core::Error> {
        if (!written)
            return written.error();
        kit.files << file;
        return std::nullopt;
    };
    const QList<Certificate> trusted =
        r.caCertificates.isEmpty() ? QList<Certificate>{r.serverChain.constFirst()} : r.caCertificates;
    const QString url = r.serverUrl.isEmpty() ? QStringLiteral("https://apm-server.example:8200") : r.serverUrl;
    const QString caPem = path("ca.pem");
    if (auto e = check(CertificateFiles::writeCertificates(caPem, trusted), caPem))
        return *e;
    QString pemPin;
    if (!r.serverChain.isEmpty()) {
        // Python and Go pin the exact leaf (first CERTIFICATE in the file), .NET its public key.
        pemPin = path("server-cert.pem");
        if (auto e = check(CertificateFiles::writeCertificates(pemPin, {r.serverChain.constFirst()}), pemPin))
            return *e;
        const QString sha = path("server-cert.sha256");
        const QByteArray line =
            fingerprint(r.serverChain.constFirst(), EVP_sha256()).toLatin1() + "  server-cert.pem\n";
        if (auto e = check(CertificateFiles::writeFile(sha, line, false), sha))
            return *e;
        ValidationInput in;
        in.chain = r.serverChain;
        in.authorities = r.caCertificates;
        in.urls = QStringList{url};
        kit.verdict = TrustVerdicts::evaluate(TrustFacts::of(in), r.agent);
        kit.hasVerdict = true;
    }
    const bool mtls = !r.clientCertificate.isNull() && !r.clientKey.isNull();
    if (mtls && !r.clientKey.matches(r.clientCertificate))
        return Core::makeError(QStringLiteral("tls.kit"), tr("The client key does not match the client certificate."));

    Settings s;
    const QString pwRef = QStringLiteral("$") + r.storePasswordVariable;
    switch (r.agent) {
    case Agent::NodeJs:
        s.add(QStringLiteral("ELASTIC_APM_SERVER_URL=%1").arg(url));
        s.add(QStringLiteral("ELASTIC_APM_SERVER_CA_CERT_FILE=%1  # serverCaCertFile, agent >= 3.3.0").arg(caPem));
        s.add(tr("# agents before 3.3.0: NODE_EXTRA_CA_CERTS=%1 (ignored once serverCaCertFile is set)").arg(caPem));
        break;
    case Agent::Java: {
        const QString store = path("truststore.p12");
        auto der = javaTrustStore(trusted, r.storePassword);
        if (!der)
            return der.error();
        if (auto e = check(CertificateFiles::writeFile(store, *der, false), store))
            return *e;
        s.add(QStringLiteral("-Delastic.apm.server_url=%1").arg(url));
        s.add(QStringLiteral("-Djavax.net.ssl.trustStore=%1").arg(store));
        s.add(QStringLiteral("-Djavax.net.ssl.trustStorePassword=%1  # the value of %2")
                  .arg(pwRef, r.storePasswordVariable));
        s.add(QStringLiteral("-Djavax.net.ssl.trustStoreType=PKCS12"));
        s.add(tr("# JVM-wide: the application's own HTTPS uses this trust store too; add public roots if it needs "
                 "them."));
        if (mtls) {
            const QString ks = path("client-keystore.p12");
            auto kder = keyStore(r.clientKey, r.clientCertificate, r.clientChain, r.storePassword);
            if (!kder)
                return kder.error();
            if (auto e = check(CertificateFiles::writeFile(ks, *kder, true), ks))
                return *e;
            s.add(QStringLiteral("-Djavax.net.ssl.keyStore=%1  # agent >= 1.28.3").arg(ks));
            s.add(QStringLiteral("-Djavax.net.ssl.keyStorePassword=%1").arg(pwRef));
            s.add(QStringLiteral("-Djavax.net.ssl.keyStoreType=PKCS12  # without it no client certificate is sent"));
        }
        break;
    }
    case Agent::Python:
        s.add(QStringLiteral("ELASTIC_APM_SERVER_URL=%1").arg(url));
        s.add(QStringLiteral("ELASTIC_APM_SERVER_CA_CERT_FILE=%1  # agent >= 6.17.0").arg(caPem));
        if (!pemPin.isEmpty())
            s.add(tr("# or pin the leaf (agent >= 4.2.0; renew with every certificate): ELASTIC_APM_SERVER_CERT=%1")
                      .arg(pemPin));
        break;
    case Agent::Go:
        s.add(QStringLiteral("ELASTIC_APM_SERVER_URL=%1").arg(url));
        s.add(QStringLiteral("ELASTIC_APM_SERVER_CA_CERT_FILE=%1  # agent >= 1.13.0").arg(caPem));
        if (!pemPin.isEmpty())
            s.add(tr("# or pin the leaf (agent >= 1.1.0): ELASTIC_APM_SERVER_CERT=%1").arg(pemPin));
        if (mtls)
            s.add(tr("# client certificate: only from code, transport.HTTPTransportOptions{TLSClientConfig: "
                     "&tls.Config{Certificates: …}} (client.pem, client.key)"));
        break;
    case Agent::DotNet:
        s.add(QStringLiteral("ELASTIC_APM_SERVER_URL=%1").arg(url));
        s.add(tr("# trust: install %1 into the OS store (Windows: LocalMachine\\Root; Debian: copy to "
                 "/usr/local/share/ca-certificates/apm-ca.crt and run update-ca-certificates)")
                  .arg(caPem));
        if (!pemPin.isEmpty())
            s.add(QStringLiteral("ELASTIC_APM_SERVER_CERT=%1  # ServerCert pin, agent >= 1.9; .NET has no CA-file "
                                 "option")
                      .arg(pemPin));
        break;
    case Agent::Ruby:
        s.add(QStringLiteral("server_url: %1").arg(url));
        s.add(QStringLiteral("server_ca_cert_file: %1  # agent >= 3.13.0; 2.4-3.12: server_ca_cert").arg(caPem));
        break;
    case Agent::Php:
        s.add(QStringLiteral("elastic_apm.server_url=%1").arg(url));
        s.add(tr("; PHP has no CA-file option: install %1 into the OS store (Debian: "
                 "/usr/local/share/ca-certificates/apm-ca.crt, then update-ca-certificates)")
                  .arg(caPem));
        break;
    case Agent::Rum:
        s.add(QStringLiteral("serverUrl: '%1'").arg(url));
        s.add(tr("// The browser decides trust: the server certificate must chain to a root every visitor's browser "
                 "already trusts (a public CA)."));
        break;
    }
    if (mtls && r.agent != Agent::Java) {
        const QString cert = path("client.pem");
        const QString key = path("client.key");
        if (auto e = check(
                CertificateFiles::writeCertificates(cert, QList<Certificate>{r.clientCertificate} + r.clientChain),
                cert))
            return *e;
        if (auto e = check(CertificateFiles::writeKey(key, r.clientKey, r.storePassword), key))
            return *e;
        if (r.agent != Agent::Go)
            s.add(tr("# %1 cannot send a client certificate: set apm-server.ssl.client_authentication to none or "
                     "optional for it.")
                      .arg(agentLabel(r.agent)));
    }
    QStringList readme;
    readme << tr("Trust kit for the %1 agent").arg(agentLabel(r.agent)) << QString();
    if (kit.hasVerdict) {
        readme << tr("Verdict for %1: %2").arg(url, verdictName(kit.verdict.verdict));
        for (const QString& reason : kit.verdict.reasons)
            readme << QStringLiteral("  - ") + reason;
        readme << QString();
    }
    readme << tr("Settings:") << s.lines << QString();
    kit.settings = s.lines.join(QLatin1Char('\n'));
    const QString readmePath = path("README.txt");
    if (auto e =
            check(CertificateFiles::writeFile(readmePath, readme.join(QLatin1Char('\n')).toUtf8(), false), readmePath))
        return *e;
    return kit;
}

} // namespace Tls
