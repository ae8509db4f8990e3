// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/CertificateImporter.h"

#include "core/AtomicFile.h"
#include "tls/CertificateInfo.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <openssl/err.h>
#include <openssl/pem.h>

namespace Tls {

namespace {

QString describe(const Certificate& c)
{
    const CertificateInfo info = CertificateInfo::of(c);
    return QCoreApplication::translate("Tls::CertificateImporter", "certificate %1%2")
        .arg(info.subject, info.isCa ? QCoreApplication::translate("Tls::CertificateImporter", " (CA)") : QString());
}

Core::Result<ImportedFile> parsePem(const QByteArray& data, const QString& name, const Core::SecretBuffer& password)
{
    ImportedFile f;
    f.format = FileFormat::Pem;
    static const QRegularExpression block(QStringLiteral("-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n.*?-----END \\1-----"),
                                          QRegularExpression::DotMatchesEverythingOption);
    const QString text = QString::fromLatin1(data);
    auto it = block.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString label = m.captured(1);
        const QByteArray pem = m.captured(0).toLatin1() + '\n';
        if (label == QLatin1String("CERTIFICATE") || label == QLatin1String("TRUSTED CERTIFICATE")) {
            const QList<Certificate> certs = Certificate::listFromPem(pem);
            if (certs.isEmpty())
                return Core::makeError(
                    QStringLiteral("tls.pem"),
                    QCoreApplication::translate("Tls::CertificateImporter", "%1: a CERTIFICATE block is damaged.")
                        .arg(name),
                    openSslErrors());
            f.certificates += certs;
            f.contents << describe(certs.constFirst());
        } else if (label.endsWith(QLatin1String("PRIVATE KEY"))) {
            const bool encrypted = PrivateKey::isEncryptedPem(pem);
            f.encryptedKey = f.encryptedKey || encrypted;
            if (encrypted && password.isEmpty()) {
                f.encryptedKeyLocked = true;
                f.contents << QCoreApplication::translate("Tls::CertificateImporter",
                                                          "encrypted private key (needs its passphrase)");
                continue;
            }
            auto key = PrivateKey::fromPem(pem, password);
            if (!key) {
                Core::Error e = key.error();
                e.message = name + QStringLiteral(": ") + e.message;
                return e;
            }
            f.contents << (encrypted
                               ? QCoreApplication::translate("Tls::CertificateImporter", "encrypted private key, %1")
                               : QCoreApplication::translate("Tls::CertificateImporter", "private key, %1"))
                              .arg(describeKey(key->handle()));
            f.keys << *key;
        } else if (label.contains(QLatin1String("CERTIFICATE REQUEST"))) {
            f.contents << QCoreApplication::translate(
                "Tls::CertificateImporter", "certificate signing request (not a certificate: have it signed by a CA)");
        } else {
            f.contents
                << QCoreApplication::translate("Tls::CertificateImporter", "%1 block (not used here)").arg(label);
        }
    }
    if (f.contents.isEmpty())
        return Core::makeError(
            QStringLiteral("tls.pem"),
            QCoreApplication::translate("Tls::CertificateImporter", "%1 holds no PEM block.").arg(name), {},
            QCoreApplication::translate(
                "Tls::CertificateImporter",
                "Expected \"-----BEGIN CERTIFICATE-----\" or \"-----BEGIN PRIVATE KEY-----\"."));
    return f;
}

Core::Result<ImportedFile> parsePkcs12(const QByteArray& data, const QString& name, const Core::SecretBuffer& password)
{
    BioPtr bio = memoryBio(data);
    Pkcs12Ptr p12(bio ? d2i_PKCS12_bio(bio.get(), nullptr) : nullptr);
    if (!p12)
        return Core::makeError(
            QStringLiteral("tls.format"),
            QCoreApplication::translate("Tls::CertificateImporter", "%1 is not PEM, DER or PKCS#12.").arg(name),
            openSslErrors());
    // An empty password and no password are different things in PKCS#12; try both.
    const char* pass = password.isEmpty() ? "" : password.data();
    if (password.isEmpty() && PKCS12_verify_mac(p12.get(), nullptr, 0) == 1)
        pass = nullptr;
    else if (PKCS12_verify_mac(p12.get(), pass, -1) != 1) {
        ERR_clear_error();
        return Core::makeError(
            QStringLiteral("tls.p12-password"),
            password.isEmpty()
                ? QCoreApplication::translate("Tls::CertificateImporter",
                                              "%1 is a PKCS#12 file protected by a password.")
                      .arg(name)
                : QCoreApplication::translate("Tls::CertificateImporter", "%1: the PKCS#12 password is wrong.")
                      .arg(name),
            {}, QCoreApplication::translate("Tls::CertificateImporter", "Give the PKCS#12 password."));
    }
    EVP_PKEY* rawKey = nullptr;
    X509* rawCert = nullptr;
    STACK_OF(X509)* rawCa = nullptr;
    if (PKCS12_parse(p12.get(), pass, &rawKey, &rawCert, &rawCa) != 1)
        return Core::makeError(
            QStringLiteral("tls.p12"),
            QCoreApplication::translate("Tls::CertificateImporter", "%1: cannot read the PKCS#12 contents.").arg(name),
            openSslErrors(),
            QCoreApplication::translate("Tls::CertificateImporter",
                                        "Old RC2-40 encrypted files need re-exporting with AES."));
    PkeyPtr key(rawKey);
    X509Ptr cert(rawCert);
    X509StackPtr ca(rawCa);
    ImportedFile f;
    f.format = FileFormat::Pkcs12;
    if (cert) {
        f.certificates << Certificate(std::move(cert));
        f.contents << describe(f.certificates.constLast());
    }
    for (int i = 0; ca && i < sk_X509_num(ca.get()); ++i) {
        X509* c = sk_X509_value(ca.get(), i);
        X509_up_ref(c);
        f.certificates << Certificate(X509Ptr(c));
        f.contents << describe(f.certificates.constLast());
    }
    if (key) {
        f.keys << PrivateKey(std::move(key));
        f.contents << QCoreApplication::translate("Tls::CertificateImporter", "private key, %1")
                          .arg(describeKey(f.keys.constLast().handle()));
    }
    if (f.contents.isEmpty())
        f.contents << QCoreApplication::translate("Tls::CertificateImporter", "empty PKCS#12 (no certificate, no key)");
    return f;
}

} // namespace

QString fileFormatName(FileFormat format)
{
    switch (format) {
    case FileFormat::Pem:
        return QStringLiteral("PEM");
    case FileFormat::Der:
        return QStringLiteral("DER");
    case FileFormat::Pkcs12:
        return QStringLiteral("PKCS#12");
    }
    return {};
}

Core::Result<ImportedFile> CertificateImporter::read(const QString& path, const Core::SecretBuffer& password)
{
    auto data = Core::readFile(path, 16 * 1024 * 1024);
    if (!data)
        return data.error();
    auto parsed = parse(*data, path, password);
    OPENSSL_cleanse(data->data(), size_t(data->size()));
    if (parsed)
        parsed->path = path;
    return parsed;
}

Core::Result<ImportedFile> CertificateImporter::parse(const QByteArray& data, const QString& name,
                                                      const Core::SecretBuffer& password)
{
    ERR_clear_error();
    if (data.contains("-----BEGIN "))
        return parsePem(data, name, password);
    // DER: a certificate, a private key, or else PKCS#12 (all start with a SEQUENCE).
    if (auto cert = Certificate::fromDer(data)) {
        ImportedFile f;
        f.format = FileFormat::Der;
        f.certificates << *cert;
        f.contents << describe(*cert);
        return f;
    }
    ERR_clear_error();
    if (!data.isEmpty()) {
        // PKCS#12 first: d2i_AutoPrivateKey would not recognise it anyway, but try it cheaply.
        auto p12 = parsePkcs12(data, name, password);
        if (p12 || p12.error().code != QLatin1String("tls.format"))
            return p12;
        ERR_clear_error();
        if (auto key = PrivateKey::fromDer(data)) {
            ImportedFile f;
            f.format = FileFormat::Der;
            f.keys << *key;
            f.contents << QCoreApplication::translate("Tls::CertificateImporter", "private key, %1")
                              .arg(describeKey(key->handle()));
            return f;
        }
        ERR_clear_error();
    }
    return Core::makeError(
        QStringLiteral("tls.format"),
        QCoreApplication::translate("Tls::CertificateImporter",
                                    "%1 is not a certificate or key file (PEM, DER or PKCS#12).")
            .arg(name),
        {},
        QCoreApplication::translate("Tls::CertificateImporter",
                                    "Export the certificate as PEM (\"-----BEGIN CERTIFICATE-----\")."));
}

OrderedChain CertificateImporter::orderChain(const QList<Certificate>& input)
{
    OrderedChain out;
    if (input.isEmpty())
        return out;
    // The leaf issued nothing else in the list; prefer a non-CA when several qualify.
    int leaf = -1;
    for (int i = 0; i < input.size(); ++i) {
        bool issuesOther = false;
        for (int j = 0; j < input.size() && !issuesOther; ++j)
            issuesOther = j != i && !input[j].isSelfSigned() && input[j].isIssuedBy(input[i]);
        if (!issuesOther && (leaf < 0 || (input[leaf].isCa() && !input[i].isCa())))
            leaf = i;
    }
    if (leaf < 0)
        leaf = 0;
    QList<bool> used(input.size(), false);
    out.certificates << input[leaf];
    used[leaf] = true;
    while (!out.certificates.constLast().isSelfSigned()) {
        int next = -1;
        for (int j = 0; j < input.size() && next < 0; ++j) {
            if (!used[j] && out.certificates.constLast().isIssuedBy(input[j]))
                next = j;
        }
        if (next < 0)
            break;
        used[next] = true;
        out.certificates << input[next];
    }
    out.endsAtSelfSigned = out.certificates.constLast().isSelfSigned();
    for (int j = 0; j < input.size(); ++j) {
        if (!used[j])
            out.unrelated << input[j];
    }
    for (int j = 0; j < out.certificates.size(); ++j) {
        if (!(out.certificates[j] == input[j]))
            out.reordered = true;
    }
    return out;
}

int CertificateImporter::certificateForKey(const QList<Certificate>& certificates, const PrivateKey& key)
{
    for (int i = 0; i < certificates.size(); ++i) {
        if (key.matches(certificates[i]))
            return i;
    }
    return -1;
}

} // namespace Tls
