// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/TlsSetup.h"

#include "core/SecretBuffer.h"
#include "tls/OpenSslPtr.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslEllipticCurve>
#include <QSslKey>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace Intake {

namespace {

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;

using Tls::openSslErrors;

// PEM password callback: hands OpenSSL the passphrase, or nothing (never a terminal prompt).
int passphraseCallback(char* buf, int size, int /*rwflag*/, void* userData)
{
    const auto* pass = static_cast<const QByteArray*>(userData);
    if (!pass || pass->isEmpty() || pass->size() > size)
        return 0;
    std::memcpy(buf, pass->constData(), size_t(pass->size()));
    return int(pass->size());
}

// Reads a configured file, or says what is wrong with it.
Core::Result<QByteArray> readConfiguredFile(const QString& key, const QString& path, const QString& code)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Core::makeError(
            code, QCoreApplication::translate("Intake::TlsSetup", "%1: %2 does not exist.").arg(key, path), {},
            QCoreApplication::translate("Intake::TlsSetup",
                                        "Check the path in apm-server.yml (relative paths are relative to the working "
                                        "directory)."));
    QFile f(path);
    if (info.isDir() || !f.open(QIODevice::ReadOnly))
        return Core::makeError(
            code, QCoreApplication::translate("Intake::TlsSetup", "%1: %2 cannot be read.").arg(key, path),
            f.errorString(),
            QCoreApplication::translate("Intake::TlsSetup", "Make the file readable by the user running the stub."));
    return f.readAll();
}

// Loads and checks the private key with OpenSSL (Qt's QSslKey cannot say "wrong passphrase" apart
// from "not a key", nor compare a key with a certificate).
Core::Result<QSslKey> loadKey(const QString& path, const QByteArray& pem, const Core::SecretBuffer& passphrase,
                              const QSslCertificate& leaf, const QString& certificatePath)
{
    const QString key = QStringLiteral("apm-server.ssl.key");
    if (!pem.contains("PRIVATE KEY-----"))
        return Core::makeError(
            QStringLiteral("tls.key"),
            QCoreApplication::translate("Intake::TlsSetup", "%1: %2 contains no PEM private key.").arg(key, path));
    const bool encrypted = pem.contains("BEGIN ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED");
    if (encrypted && passphrase.isEmpty())
        return Core::makeError(
            QStringLiteral("tls.passphrase"),
            QCoreApplication::translate("Intake::TlsSetup",
                                        "%1: %2 is encrypted and apm-server.ssl.key_passphrase is not set.")
                .arg(key, path),
            {},
            QCoreApplication::translate("Intake::TlsSetup",
                                        "Set ssl.key_passphrase (a ${NAME} reference keeps it out of the file)."));
    ERR_clear_error();
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())), &BIO_free);
    // The callback only reads the passphrase; OpenSSL's API wants a non-const pointer.
    void* pass = const_cast<QByteArray*>(&passphrase.bytes());
    PkeyPtr pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, &passphraseCallback, pass) : nullptr,
                 &EVP_PKEY_free);
    if (!pkey) {
        const QString detail = openSslErrors();
        if (encrypted)
            return Core::makeError(QStringLiteral("tls.passphrase"),
                                   QCoreApplication::translate(
                                       "Intake::TlsSetup", "%1: %2 cannot be decrypted: the key passphrase is wrong.")
                                       .arg(key, path),
                                   detail,
                                   QCoreApplication::translate(
                                       "Intake::TlsSetup", "Check ssl.key_passphrase (or the variable it refers to)."));
        return Core::makeError(
            QStringLiteral("tls.key"),
            QCoreApplication::translate("Intake::TlsSetup", "%1: %2 is not a valid PEM private key.").arg(key, path),
            detail);
    }

    // Compare public keys (what Go's tls.X509KeyPair does): a key for another certificate
    // would only fail at the first handshake otherwise.
    const QByteArray der = leaf.toDer();
    const auto* derData = reinterpret_cast<const unsigned char*>(der.constData());
    X509Ptr x509(d2i_X509(nullptr, &derData, long(der.size())), &X509_free);
    EVP_PKEY* certKey = x509 ? X509_get0_pubkey(x509.get()) : nullptr;
    if (!certKey || EVP_PKEY_eq(certKey, pkey.get()) != 1) {
        ERR_clear_error();
        return Core::makeError(
            QStringLiteral("tls.keymismatch"),
            QCoreApplication::translate("Intake::TlsSetup",
                                        "%1: the private key in %2 does not match the certificate in %3.")
                .arg(key, path, certificatePath),
            {}, QCoreApplication::translate("Intake::TlsSetup", "Use the key the certificate was issued for."));
    }

    QSsl::KeyAlgorithm algorithm = QSsl::Opaque;
    switch (EVP_PKEY_get_base_id(pkey.get())) {
    case EVP_PKEY_RSA:
        algorithm = QSsl::Rsa;
        break;
    case EVP_PKEY_EC:
        algorithm = QSsl::Ec;
        break;
    case EVP_PKEY_DSA:
        algorithm = QSsl::Dsa;
        break;
    default:
        break;
    }
    QSslKey qtKey;
    if (algorithm == QSsl::Opaque) {
        // Ed25519 and other types QSslKey cannot parse: hand Qt the EVP_PKEY (it takes ownership).
        qtKey = QSslKey(Qt::HANDLE(pkey.release()), QSsl::PrivateKey);
    } else {
        qtKey = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase.bytes());
    }
    if (qtKey.isNull())
        return Core::makeError(
            QStringLiteral("tls.key"),
            QCoreApplication::translate("Intake::TlsSetup", "%1: Qt cannot use the private key in %2.").arg(key, path));
    return qtKey;
}

Core::Result<QList<QSslCertificate>> loadCertificates(const QString& key, const QString& path, const QString& code)
{
    auto data = readConfiguredFile(key, path, code);
    if (!data)
        return data.error();
    const QList<QSslCertificate> certs = QSslCertificate::fromData(*data, QSsl::Pem);
    if (certs.isEmpty())
        return Core::makeError(
            code, QCoreApplication::translate("Intake::TlsSetup", "%1: %2 contains no PEM certificate.").arg(key, path),
            {},
            QCoreApplication::translate("Intake::TlsSetup",
                                        "The file must hold \"-----BEGIN CERTIFICATE-----\" blocks."));
    return certs;
}

} // namespace

// libbeat's name table (§5): "TLSv1" and "TLSv1.0" are the same version.
static const QHash<QString, int>& protocolTable()
{
    static const QHash<QString, int> versions = {
        {QStringLiteral("TLSv1"), 0x0301},   {QStringLiteral("TLSv1.0"), 0x0301}, {QStringLiteral("TLSv1.1"), 0x0302},
        {QStringLiteral("TLSv1.2"), 0x0303}, {QStringLiteral("TLSv1.3"), 0x0304},
    };
    return versions;
}

std::optional<int> TlsSetup::protocolVersion(const QString& goName)
{
    const QHash<QString, int>& versions = protocolTable();
    const auto it = versions.constFind(goName);
    if (it == versions.constEnd())
        return std::nullopt;
    return *it;
}

QString TlsSetup::protocolName(int version)
{
    switch (version) {
    case 0x0301:
        return QStringLiteral("TLSv1.0");
    case 0x0302:
        return QStringLiteral("TLSv1.1");
    case 0x0303:
        return QStringLiteral("TLSv1.2");
    case 0x0304:
        return QStringLiteral("TLSv1.3");
    default:
        return QStringLiteral("0x%1").arg(version, 4, 16, QLatin1Char('0'));
    }
}

// libbeat's cipher-suite names (§5, including its "POLY1205" typo) → OpenSSL's names for the
// same IANA suites.
static const QHash<QString, QByteArray>& cipherTable()
{
    static const QHash<QString, QByteArray> names = {
        {QStringLiteral("ECDHE-ECDSA-AES-128-CBC-SHA"), "ECDHE-ECDSA-AES128-SHA"},
        {QStringLiteral("ECDHE-ECDSA-AES-128-CBC-SHA256"), "ECDHE-ECDSA-AES128-SHA256"},
        {QStringLiteral("ECDHE-ECDSA-AES-128-GCM-SHA256"), "ECDHE-ECDSA-AES128-GCM-SHA256"},
        {QStringLiteral("ECDHE-ECDSA-AES-256-CBC-SHA"), "ECDHE-ECDSA-AES256-SHA"},
        {QStringLiteral("ECDHE-ECDSA-AES-256-GCM-SHA384"), "ECDHE-ECDSA-AES256-GCM-SHA384"},
        {QStringLiteral("ECDHE-ECDSA-CHACHA20-POLY1305"), "ECDHE-ECDSA-CHACHA20-POLY1305"},
        {QStringLiteral("ECDHE-ECDSA-RC4-128-SHA"), "ECDHE-ECDSA-RC4-SHA"},
        {QStringLiteral("ECDHE-RSA-3DES-CBC3-SHA"), "ECDHE-RSA-DES-CBC3-SHA"},
        {QStringLiteral("ECDHE-RSA-AES-128-CBC-SHA"), "ECDHE-RSA-AES128-SHA"},
        {QStringLiteral("ECDHE-RSA-AES-128-CBC-SHA256"), "ECDHE-RSA-AES128-SHA256"},
        {QStringLiteral("ECDHE-RSA-AES-128-GCM-SHA256"), "ECDHE-RSA-AES128-GCM-SHA256"},
        {QStringLiteral("ECDHE-RSA-AES-256-CBC-SHA"), "ECDHE-RSA-AES256-SHA"},
        {QStringLiteral("ECDHE-RSA-AES-256-GCM-SHA384"), "ECDHE-RSA-AES256-GCM-SHA384"},
        {QStringLiteral("ECDHE-RSA-CHACHA20-POLY1205"), "ECDHE-RSA-CHACHA20-POLY1305"},
        {QStringLiteral("ECDHE-RSA-RC4-128-SHA"), "ECDHE-RSA-RC4-SHA"},
        {QStringLiteral("RSA-3DES-CBC3-SHA"), "DES-CBC3-SHA"},
        {QStringLiteral("RSA-AES-128-CBC-SHA"), "AES128-SHA"},
        {QStringLiteral("RSA-AES-128-CBC-SHA256"), "AES128-SHA256"},
        {QStringLiteral("RSA-AES-128-GCM-SHA256"), "AES128-GCM-SHA256"},
        {QStringLiteral("RSA-AES-256-CBC-SHA"), "AES256-SHA"},
        {QStringLiteral("RSA-AES-256-GCM-SHA384"), "AES256-GCM-SHA384"},
        {QStringLiteral("RSA-RC4-128-SHA"), "RC4-SHA"},
    };
    return names;
}

std::optional<QByteArray> TlsSetup::openSslCipherName(const QString& goName)
{
    const QHash<QString, QByteArray>& names = cipherTable();
    const auto it = names.constFind(goName);
    if (it == names.constEnd())
        return std::nullopt;
    return *it;
}

static const QHash<QString, QByteArray>& curveTable()
{
    static const QHash<QString, QByteArray> names = {
        {QStringLiteral("P-256"), "prime256v1"},
        {QStringLiteral("P-384"), "secp384r1"},
        {QStringLiteral("P-521"), "secp521r1"},
        {QStringLiteral("X25519"), "X25519"},
    };
    return names;
}

std::optional<QByteArray> TlsSetup::openSslCurveName(const QString& goName)
{
    const QHash<QString, QByteArray>& names = curveTable();
    const auto it = names.constFind(goName);
    if (it == names.constEnd())
        return std::nullopt;
    return *it;
}

QStringList TlsSetup::protocolNames()
{
    QStringList out;
    for (auto it = protocolTable().constBegin(); it != protocolTable().constEnd(); ++it) {
        if (protocolName(it.value()) == it.key())
            out << it.key();
    }
    out.sort();
    return out;
}

QStringList TlsSetup::cipherSuiteNames()
{
    QStringList out = cipherTable().keys();
    out.sort();
    return out;
}

QStringList TlsSetup::curveNames()
{
    QStringList out = curveTable().keys();
    out.sort();
    return out;
}

bool TlsSetup::localOpenSslAllows(int version)
{
    if (version >= 0x0303)
        return true;
    // OpenSSL 3 needs security level 0 for TLS 1.0/1.1 (their handshakes sign with SHA-1/MD5);
    // Debian's build defaults to level 2. Qt only lowers the level in its own autotests.
    SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()), &SSL_CTX_free);
    return ctx && SSL_CTX_get_security_level(ctx.get()) <= 0;
}

Core::Result<TlsServerSetup> TlsSetup::build(const Config::EffectiveSettings& settings,
                                             const Config::SecretLookup& lookup)
{
    TlsServerSetup setup;
    setup.clientAuth = settings.clientAuth.value;
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();

    // --- passphrase: resolved, held in a wiped buffer, never put in a message
    std::optional<QString> resolved = QString();
    if (!settings.keyPassphrase.value.isEmpty()) {
        resolved = Config::resolveSecret(settings.keyPassphrase.value, lookup);
        if (!resolved)
            return Core::makeError(
                QStringLiteral("tls.passphrase"),
                QCoreApplication::translate("Intake::TlsSetup",
                                            "apm-server.ssl.key_passphrase refers to %1, which is not set.")
                    .arg(settings.keyPassphrase.value),
                {},
                QCoreApplication::translate("Intake::TlsSetup", "Export the variable in the environment of the stub."));
    }
    const Core::SecretBuffer passphrase(*resolved);
    resolved->fill(QLatin1Char('\0'));

    // --- certificate chain: leaf first, then intermediates, served in file order (Go's
    // tls.LoadX509KeyPair does the same).
    const QString certPath = settings.certificate.value;
    auto chain =
        loadCertificates(QStringLiteral("apm-server.ssl.certificate"), certPath, QStringLiteral("tls.certificate"));
    if (!chain)
        return chain.error();
    const QSslCertificate leaf = chain->constFirst();

    const QString keyPath = settings.key.value;
    auto keyPem = readConfiguredFile(QStringLiteral("apm-server.ssl.key"), keyPath, QStringLiteral("tls.key"));
    if (!keyPem)
        return keyPem.error();
    auto key = loadKey(keyPath, *keyPem, passphrase, leaf, certPath);
    OPENSSL_cleanse(keyPem->data(), size_t(keyPem->size()));
    if (!key)
        return key.error();
    conf.setLocalCertificateChain(*chain);
    conf.setPrivateKey(*key);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (leaf.expiryDate() < now || leaf.effectiveDate() > now)
        setup.warnings << QCoreApplication::translate(
                              "Intake::TlsSetup",
                              "The certificate in %1 is not valid now (valid %2 to %3): APM Server serves it "
                              "anyway; agents that verify it fail the handshake.")
                              .arg(certPath, leaf.effectiveDate().toString(Qt::ISODate),
                                   leaf.expiryDate().toString(Qt::ISODate));

    // --- client CAs. Without any, optional/required verify against the system roots (§5, docs).
    QList<QSslCertificate> cas;
    for (const QString& path : settings.certificateAuthorities.value) {
        auto certs =
            loadCertificates(QStringLiteral("apm-server.ssl.certificate_authorities"), path, QStringLiteral("tls.ca"));
        if (!certs)
            return certs.error();
        cas += *certs;
    }
    if (!cas.isEmpty())
        conf.setCaCertificates(cas);

    // --- client authentication (§5): none / optional ("verify if given") / required.
    // Qt's QueryPeer would request a certificate but never verify it, so "optional" is VerifyPeer
    // with a missing certificate tolerated (the acceptor ignores exactly NoPeerCertificate).
    // Verification errors interrupt the handshake, so the client gets an alert as from Go.
    switch (setup.clientAuth) {
    case Config::ClientAuth::None:
        conf.setPeerVerifyMode(QSslSocket::VerifyNone);
        break;
    case Config::ClientAuth::Optional:
        conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
        conf.setMissingCertificateIsFatal(false);
        conf.setHandshakeMustInterruptOnError(true);
        break;
    case Config::ClientAuth::Required:
        conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
        conf.setMissingCertificateIsFatal(true);
        conf.setHandshakeMustInterruptOnError(true);
        break;
    }

    // --- protocol versions. libbeat takes the lowest and the highest listed version as Go's
    // MinVersion/MaxVersion (§5), so a list with a gap is served as the whole range.
    int minVersion = 0x0304;
    int maxVersion = 0x0301;
    for (const QString& name : settings.supportedProtocols.value) {
        const auto v = protocolVersion(name);
        if (!v)
            return Core::makeError(
                QStringLiteral("tls.protocol"),
                QCoreApplication::translate("Intake::TlsSetup",
                                            "apm-server.ssl.supported_protocols: invalid tls version '%1'")
                    .arg(name));
        minVersion = std::min(minVersion, *v);
        maxVersion = std::max(maxVersion, *v);
    }
    if (settings.supportedProtocols.value.isEmpty()) {
        minVersion = 0x0302; // APM Server's default 1.1–1.3 (§5, SetInsecureDefaults)
        maxVersion = 0x0304;
    }
    setup.minVersion = minVersion;
    setup.maxVersion = maxVersion;
    // Qt 6.4 has no non-deprecated "TLS 1.0/1.1 or later" value: AnyProtocol (TLS 1.0 or later)
    // plus OpenSSL's MinProtocol. The openssl backend hands backend options to SSL_CONF_cmd after
    // its own settings, so MinProtocol/MaxProtocol win.
    if (minVersion >= 0x0304)
        conf.setProtocol(QSsl::TlsV1_3OrLater);
    else if (minVersion == 0x0303)
        conf.setProtocol(QSsl::TlsV1_2OrLater);
    else
        conf.setProtocol(QSsl::AnyProtocol);
    conf.setBackendConfigurationOption("MinProtocol", protocolName(minVersion).toLatin1());
    if (maxVersion < 0x0304)
        conf.setBackendConfigurationOption("MaxProtocol", protocolName(maxVersion).toLatin1());
    for (int v = minVersion; v <= maxVersion; ++v) {
        if (!localOpenSslAllows(v))
            setup.warnings << QCoreApplication::translate(
                                  "Intake::TlsSetup",
                                  "%1 is allowed by apm-server.ssl.supported_protocols and APM Server would accept "
                                  "it, but the local OpenSSL refuses it at its security level: clients limited "
                                  "to %1 fail the handshake with the stub.")
                                  .arg(protocolName(v));
    }

    // --- cipher suites (TLS ≤ 1.2 only: TLS 1.3 suites are not configurable, as in Go).
    if (!settings.cipherSuites.value.isEmpty()) {
        QList<QSslCipher> ciphers;
        for (const QString& goName : settings.cipherSuites.value) {
            const auto name = openSslCipherName(goName);
            if (!name)
                return Core::makeError(
                    QStringLiteral("tls.cipher"),
                    QCoreApplication::translate("Intake::TlsSetup",
                                                "apm-server.ssl.cipher_suites: invalid tls cipher suite '%1'")
                        .arg(goName));
            const QSslCipher cipher(QString::fromLatin1(*name));
            if (cipher.isNull())
                setup.warnings << QCoreApplication::translate(
                                      "Intake::TlsSetup",
                                      "Cipher suite %1 (OpenSSL %2) is not offered by the local OpenSSL; APM Server "
                                      "would offer it.")
                                      .arg(goName, QString::fromLatin1(*name));
            else
                ciphers << cipher;
        }
        // Qt's setCiphers sets both lists; keep every TLS 1.3 suite OpenSSL has.
        const QList<QSslCipher> supported = QSslConfiguration::supportedCiphers();
        for (const QSslCipher& c : supported) {
            if (c.protocol() == QSsl::TlsV1_3)
                ciphers << c;
        }
        conf.setCiphers(ciphers);
    }

    // --- curves
    if (!settings.curveTypes.value.isEmpty()) {
        QList<QSslEllipticCurve> curves;
        for (const QString& goName : settings.curveTypes.value) {
            const auto name = openSslCurveName(goName);
            if (!name)
                return Core::makeError(
                    QStringLiteral("tls.curve"),
                    QCoreApplication::translate("Intake::TlsSetup",
                                                "apm-server.ssl.curve_types: invalid tls curve type '%1'")
                        .arg(goName));
            const QSslEllipticCurve curve = QSslEllipticCurve::fromShortName(QString::fromLatin1(*name));
            if (!curve.isValid())
                setup.warnings << QCoreApplication::translate("Intake::TlsSetup",
                                                              "Curve %1 is not offered by the local OpenSSL.")
                                      .arg(goName);
            else
                curves << curve;
        }
        conf.setEllipticCurves(curves);
    }

    // HTTP/1.1 only: APM Server also offers h2 through gmux (§5); clients fall back to http/1.1.
    conf.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});

    setup.summary =
        QCoreApplication::translate("Intake::TlsSetup", "%1–%2, client authentication %3%4")
            .arg(protocolName(minVersion), protocolName(maxVersion), Config::clientAuthName(setup.clientAuth),
                 settings.cipherSuites.value.isEmpty() ? QString()
                                                       : QCoreApplication::translate("Intake::TlsSetup", ", suites %1")
                                                             .arg(settings.cipherSuites.value.join(QLatin1Char(','))));
    setup.configuration = conf;
    return setup;
}

} // namespace Intake
