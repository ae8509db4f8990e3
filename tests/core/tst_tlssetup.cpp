// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// TlsSetup: APM Server's TLS names (§5) onto Qt/OpenSSL, and what it says about bad files.
#include "TlsFixtures.h"
#include "intake/TlsSetup.h"

#include <QSslCipher>
#include <QSslEllipticCurve>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using Intake::TlsSetup;

class TestTlsSetup : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cipherNames_data();
    void cipherNames();
    void everyKnownSuiteIsMapped();
    void curveNames_data();
    void curveNames();
    void protocolVersions_data();
    void protocolVersions();
    void refusesBadFiles_data();
    void refusesBadFiles();
    void builds_data();
    void builds();

private:
    Config::EffectiveSettings settings(const QString& cert, const QString& key) const;

    QTemporaryDir m_dir;
    TestSupport::TlsFixtures m_f;
};

void TestTlsSetup::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_f = TestSupport::TlsFixtures::generate(m_dir.path());
    QVERIFY2(m_f.error.isEmpty(), qPrintable(m_f.error));
}

Config::EffectiveSettings TestTlsSetup::settings(const QString& cert, const QString& key) const
{
    Config::EffectiveSettings e;
    e.tlsEnabled.value = true;
    e.certificate.value = cert;
    e.key.value = key;
    e.supportedProtocols.value = {QStringLiteral("TLSv1.1"), QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.3")};
    return e;
}

void TestTlsSetup::cipherNames_data()
{
    QTest::addColumn<QString>("goName");
    QTest::addColumn<QByteArray>("openSsl");
    QTest::addColumn<bool>("offeredHere"); // Debian's OpenSSL 3 has it at its default level
    QTest::newRow("§5 ECDHE-ECDSA-AES-128-GCM-SHA256")
        << "ECDHE-ECDSA-AES-128-GCM-SHA256" << QByteArray("ECDHE-ECDSA-AES128-GCM-SHA256") << true;
    QTest::newRow("§5 ECDHE-ECDSA-AES-256-GCM-SHA384")
        << "ECDHE-ECDSA-AES-256-GCM-SHA384" << QByteArray("ECDHE-ECDSA-AES256-GCM-SHA384") << true;
    QTest::newRow("§5 ECDHE-ECDSA-CHACHA20-POLY1305")
        << "ECDHE-ECDSA-CHACHA20-POLY1305" << QByteArray("ECDHE-ECDSA-CHACHA20-POLY1305") << true;
    QTest::newRow("§5 ECDHE-ECDSA-AES-128-CBC-SHA")
        << "ECDHE-ECDSA-AES-128-CBC-SHA" << QByteArray("ECDHE-ECDSA-AES128-SHA") << true;
    QTest::newRow("§5 ECDHE-ECDSA-AES-128-CBC-SHA256")
        << "ECDHE-ECDSA-AES-128-CBC-SHA256" << QByteArray("ECDHE-ECDSA-AES128-SHA256") << true;
    QTest::newRow("§5 ECDHE-ECDSA-AES-256-CBC-SHA")
        << "ECDHE-ECDSA-AES-256-CBC-SHA" << QByteArray("ECDHE-ECDSA-AES256-SHA") << true;
    QTest::newRow("§5 ECDHE-RSA-AES-128-GCM-SHA256")
        << "ECDHE-RSA-AES-128-GCM-SHA256" << QByteArray("ECDHE-RSA-AES128-GCM-SHA256") << true;
    QTest::newRow("§5 ECDHE-RSA-AES-256-GCM-SHA384")
        << "ECDHE-RSA-AES-256-GCM-SHA384" << QByteArray("ECDHE-RSA-AES256-GCM-SHA384") << true;
    QTest::newRow("§5 POLY1205 typo maps to POLY1305")
        << "ECDHE-RSA-CHACHA20-POLY1205" << QByteArray("ECDHE-RSA-CHACHA20-POLY1305") << true;
    QTest::newRow("§5 ECDHE-RSA-AES-128-CBC-SHA")
        << "ECDHE-RSA-AES-128-CBC-SHA" << QByteArray("ECDHE-RSA-AES128-SHA") << true;
    QTest::newRow("§5 ECDHE-RSA-AES-128-CBC-SHA256")
        << "ECDHE-RSA-AES-128-CBC-SHA256" << QByteArray("ECDHE-RSA-AES128-SHA256") << true;
    QTest::newRow("§5 ECDHE-RSA-AES-256-CBC-SHA")
        << "ECDHE-RSA-AES-256-CBC-SHA" << QByteArray("ECDHE-RSA-AES256-SHA") << true;
    QTest::newRow("§5 RSA-AES-128-GCM-SHA256") << "RSA-AES-128-GCM-SHA256" << QByteArray("AES128-GCM-SHA256") << true;
    QTest::newRow("§5 RSA-AES-256-GCM-SHA384") << "RSA-AES-256-GCM-SHA384" << QByteArray("AES256-GCM-SHA384") << true;
    QTest::newRow("§5 RSA-AES-128-CBC-SHA") << "RSA-AES-128-CBC-SHA" << QByteArray("AES128-SHA") << true;
    QTest::newRow("§5 RSA-AES-128-CBC-SHA256") << "RSA-AES-128-CBC-SHA256" << QByteArray("AES128-SHA256") << true;
    QTest::newRow("§5 RSA-AES-256-CBC-SHA") << "RSA-AES-256-CBC-SHA" << QByteArray("AES256-SHA") << true;
    QTest::newRow("§5 ECDHE-RSA-3DES-CBC3-SHA")
        << "ECDHE-RSA-3DES-CBC3-SHA" << QByteArray("ECDHE-RSA-DES-CBC3-SHA") << false;
    QTest::newRow("§5 RSA-3DES-CBC3-SHA") << "RSA-3DES-CBC3-SHA" << QByteArray("DES-CBC3-SHA") << false;
    QTest::newRow("§5 ECDHE-ECDSA-RC4-128-SHA")
        << "ECDHE-ECDSA-RC4-128-SHA" << QByteArray("ECDHE-ECDSA-RC4-SHA") << false;
    QTest::newRow("§5 ECDHE-RSA-RC4-128-SHA") << "ECDHE-RSA-RC4-128-SHA" << QByteArray("ECDHE-RSA-RC4-SHA") << false;
    QTest::newRow("§5 RSA-RC4-128-SHA") << "RSA-RC4-128-SHA" << QByteArray("RC4-SHA") << false;
}

void TestTlsSetup::cipherNames()
{
    QFETCH(QString, goName);
    QFETCH(QByteArray, openSsl);
    QFETCH(bool, offeredHere);
    QCOMPARE(TlsSetup::openSslCipherName(goName), std::optional<QByteArray>(openSsl));
    if (offeredHere)
        QVERIFY2(!QSslCipher(QString::fromLatin1(openSsl)).isNull(), openSsl.constData());
}

void TestTlsSetup::everyKnownSuiteIsMapped()
{
    for (const QString& name : Config::knownCipherSuites())
        QVERIFY2(TlsSetup::openSslCipherName(name).has_value(), qPrintable(name));
    QVERIFY(!TlsSetup::openSslCipherName(QStringLiteral("TLS_AES_128_GCM_SHA256")).has_value());
}

void TestTlsSetup::curveNames_data()
{
    QTest::addColumn<QString>("goName");
    QTest::addColumn<QByteArray>("openSsl");
    QTest::newRow("§5 P-256") << "P-256" << QByteArray("prime256v1");
    QTest::newRow("§5 P-384") << "P-384" << QByteArray("secp384r1");
    QTest::newRow("§5 P-521") << "P-521" << QByteArray("secp521r1");
    QTest::newRow("§5 X25519") << "X25519" << QByteArray("X25519");
}

void TestTlsSetup::curveNames()
{
    QFETCH(QString, goName);
    QFETCH(QByteArray, openSsl);
    QCOMPARE(TlsSetup::openSslCurveName(goName), std::optional<QByteArray>(openSsl));
    QVERIFY(QSslEllipticCurve::fromShortName(QString::fromLatin1(openSsl)).isValid());
}

void TestTlsSetup::protocolVersions_data()
{
    QTest::addColumn<QString>("goName");
    QTest::addColumn<int>("version");
    QTest::newRow("§5 TLSv1 is 1.0") << "TLSv1" << 0x0301;
    QTest::newRow("§5 TLSv1.0") << "TLSv1.0" << 0x0301;
    QTest::newRow("§5 TLSv1.1") << "TLSv1.1" << 0x0302;
    QTest::newRow("§5 TLSv1.2") << "TLSv1.2" << 0x0303;
    QTest::newRow("§5 TLSv1.3") << "TLSv1.3" << 0x0304;
    QTest::newRow("§5 SSLv3 is not in the table") << "SSLv3" << 0;
}

void TestTlsSetup::protocolVersions()
{
    QFETCH(QString, goName);
    QFETCH(int, version);
    QCOMPARE(TlsSetup::protocolVersion(goName).value_or(0), version);
    if (version)
        QCOMPARE(TlsSetup::protocolName(version),
                 goName == QLatin1String("TLSv1") ? QStringLiteral("TLSv1.0") : goName);
}

void TestTlsSetup::refusesBadFiles_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("passphrase");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message"); // the file and the problem
    const QString missing = m_dir.filePath(QStringLiteral("missing.pem"));
    const QString pass = QString::fromLatin1(TestSupport::TlsFixtures::kPassphrase);
    QTest::newRow("certificate missing") << missing << m_f.serverKey << ""
                                         << ""
                                         << "tls.certificate" << missing + QStringLiteral(" does not exist");
    QTest::newRow("certificate is a directory")
        << m_dir.path() << m_f.serverKey << ""
        << ""
        << "tls.certificate" << m_dir.path() + QStringLiteral(" cannot be read");
    QTest::newRow("certificate not PEM") << m_f.notPem << m_f.serverKey << ""
                                         << ""
                                         << "tls.certificate"
                                         << m_f.notPem + QStringLiteral(" contains no PEM certificate");
    QTest::newRow("key missing") << m_f.serverCert << missing << ""
                                 << ""
                                 << "tls.key" << missing + QStringLiteral(" does not exist");
    QTest::newRow("key not PEM") << m_f.serverCert << m_f.notPem << ""
                                 << ""
                                 << "tls.key" << m_f.notPem + QStringLiteral(" contains no PEM private key");
    QTest::newRow("key is a certificate") << m_f.serverCert << m_f.serverCert << ""
                                          << ""
                                          << "tls.key" << QStringLiteral("contains no PEM private key");
    QTest::newRow("encrypted key, no passphrase")
        << m_f.serverCert << m_f.encryptedKey << ""
        << ""
        << "tls.passphrase"
        << m_f.encryptedKey + QStringLiteral(" is encrypted and apm-server.ssl.key_passphrase is not set");
    QTest::newRow("encrypted key, wrong passphrase")
        << m_f.serverCert << m_f.encryptedKey << "not-the-passphrase"
        << ""
        << "tls.passphrase" << m_f.encryptedKey + QStringLiteral(" cannot be decrypted");
    QTest::newRow("passphrase ${NAME} not set") << m_f.serverCert << m_f.encryptedKey << "${TLS_TEST_UNSET_PASS}"
                                                << ""
                                                << "tls.passphrase"
                                                << "TLS_TEST_UNSET_PASS";
    QTest::newRow("key does not match the certificate")
        << m_f.serverCert << m_f.otherKey << ""
        << ""
        << "tls.keymismatch"
        << QStringLiteral("the private key in %1 does not match the certificate in %2")
               .arg(m_f.otherKey, m_f.serverCert);
    QTest::newRow("CA file missing") << m_f.serverCert << m_f.serverKey << "" << missing << "tls.ca"
                                     << QStringLiteral("apm-server.ssl.certificate_authorities: ") + missing;
    QTest::newRow("CA file not PEM") << m_f.serverCert << m_f.serverKey << "" << m_f.notPem << "tls.ca"
                                     << m_f.notPem + QStringLiteral(" contains no PEM certificate");
    Q_UNUSED(pass);
}

void TestTlsSetup::refusesBadFiles()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, passphrase);
    QFETCH(QString, ca);
    QFETCH(QString, code);
    QFETCH(QString, message);
    Config::EffectiveSettings e = settings(cert, key);
    e.keyPassphrase.value = passphrase;
    if (!ca.isEmpty())
        e.certificateAuthorities.value = {ca};
    const auto r = TlsSetup::build(e, [](const QString&) { return std::optional<QString>(); });
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, code);
    QVERIFY2(r.error().message.contains(message), qPrintable(r.error().toString()));
    if (!passphrase.isEmpty() && !passphrase.startsWith(QLatin1String("${")))
        QVERIFY2(!r.error().toString().contains(passphrase), "the passphrase appeared in the error");
}

void TestTlsSetup::builds_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("passphrase");
    QTest::addColumn<QStringList>("protocols");
    QTest::addColumn<QStringList>("suites");
    QTest::addColumn<int>("clientAuth");
    QTest::addColumn<int>("chainLength");
    QTest::addColumn<QString>("maxProtocol"); // backend option, empty when not capped
    QTest::addColumn<QString>("warningContains");
    const QStringList all = {QStringLiteral("TLSv1.1"), QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.3")};
    const bool tls11Refused = !TlsSetup::localOpenSslAllows(0x0302);
    QTest::newRow("§5 defaults: 1.1–1.3, none") << m_f.serverCert << m_f.serverKey << "" << all << QStringList() << 0
                                                << 1 << "" << (tls11Refused ? "TLSv1.1 is allowed" : "");
    QTest::newRow("§5 encrypted key with passphrase")
        << m_f.serverCert << m_f.encryptedKey << QString::fromLatin1(TestSupport::TlsFixtures::kPassphrase)
        << QStringList{"TLSv1.3"} << QStringList() << 0 << 1 << ""
        << "";
    QTest::newRow("§5 passphrase through ${NAME}") << m_f.serverCert << m_f.encryptedKey << "${TLS_TEST_PASS}"
                                                   << QStringList{"TLSv1.3"} << QStringList() << 0 << 1 << ""
                                                   << "";
    QTest::newRow("§5 chain: leaf + intermediate served")
        << m_f.chainCert << m_f.chainKey << "" << QStringList{"TLSv1.2", "TLSv1.3"} << QStringList() << 0 << 2 << ""
        << "";
    QTest::newRow("§5 TLSv1.2 only: capped by MaxProtocol")
        << m_f.serverCert << m_f.serverKey << "" << QStringList{"TLSv1.2"} << QStringList() << 0 << 1 << "TLSv1.2"
        << "";
    QTest::newRow("§5 gap TLSv1.2+TLSv1.0 served as the range")
        << m_f.serverCert << m_f.serverKey << "" << QStringList{"TLSv1.2", "TLSv1"} << QStringList() << 0 << 1
        << "TLSv1.2" << (TlsSetup::localOpenSslAllows(0x0301) ? "" : "TLSv1.0 is allowed");
    QTest::newRow("§5 cipher suites, RC4 not offered here")
        << m_f.serverCert << m_f.serverKey << "" << QStringList{"TLSv1.2"}
        << QStringList{"ECDHE-RSA-AES-128-GCM-SHA256", "RSA-RC4-128-SHA"} << 0 << 1 << "TLSv1.2"
        << "RSA-RC4-128-SHA";
    QTest::newRow("§5 optional client auth")
        << m_f.serverCert << m_f.serverKey << "" << QStringList{"TLSv1.3"} << QStringList() << 1 << 1 << ""
        << "";
    QTest::newRow("§5 required client auth")
        << m_f.serverCert << m_f.serverKey << "" << QStringList{"TLSv1.3"} << QStringList() << 2 << 1 << ""
        << "";
    QTest::newRow("expired certificate is served with a warning")
        << m_f.expiredCert << m_f.expiredKey << "" << QStringList{"TLSv1.3"} << QStringList() << 0 << 1 << ""
        << "is not valid now";
}

void TestTlsSetup::builds()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, passphrase);
    QFETCH(QStringList, protocols);
    QFETCH(QStringList, suites);
    QFETCH(int, clientAuth);
    QFETCH(int, chainLength);
    QFETCH(QString, maxProtocol);
    QFETCH(QString, warningContains);
    Config::EffectiveSettings e = settings(cert, key);
    e.keyPassphrase.value = passphrase;
    e.supportedProtocols.value = protocols;
    e.cipherSuites.value = suites;
    e.clientAuth.value = Config::ClientAuth(clientAuth);
    if (clientAuth != 0)
        e.certificateAuthorities.value = {m_f.caCert};
    const auto lookup = [](const QString& name) {
        return name == QLatin1String("TLS_TEST_PASS")
                   ? std::optional<QString>(QString::fromLatin1(TestSupport::TlsFixtures::kPassphrase))
                   : std::nullopt;
    };
    const auto r = TlsSetup::build(e, lookup);
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().toString()));
    const QSslConfiguration& c = r->configuration;
    QCOMPARE(c.localCertificateChain().size(), chainLength);
    QVERIFY(!c.privateKey().isNull());
    QCOMPARE(c.backendConfiguration().value("MaxProtocol").toString(), maxProtocol);
    QCOMPARE(c.allowedNextProtocols(), QList<QByteArray>{QByteArrayLiteral("http/1.1")});
    switch (Config::ClientAuth(clientAuth)) {
    case Config::ClientAuth::None:
        QCOMPARE(c.peerVerifyMode(), QSslSocket::VerifyNone);
        break;
    case Config::ClientAuth::Optional:
        QCOMPARE(c.peerVerifyMode(), QSslSocket::VerifyPeer);
        QVERIFY(!c.missingCertificateIsFatal());
        QVERIFY(c.handshakeMustInterruptOnError());
        QCOMPARE(c.caCertificates().size(), 1);
        break;
    case Config::ClientAuth::Required:
        QCOMPARE(c.peerVerifyMode(), QSslSocket::VerifyPeer);
        QVERIFY(c.missingCertificateIsFatal());
        QCOMPARE(c.caCertificates().size(), 1);
        break;
    }
    if (!suites.isEmpty()) {
        const QList<QSslCipher> ciphers = c.ciphers();
        QVERIFY(ciphers.contains(QSslCipher(QStringLiteral("ECDHE-RSA-AES128-GCM-SHA256"))));
        QVERIFY(!ciphers.contains(QSslCipher(QStringLiteral("ECDHE-RSA-AES256-GCM-SHA384"))));
        bool tls13 = false;
        for (const QSslCipher& cipher : ciphers)
            tls13 = tls13 || cipher.protocol() == QSsl::TlsV1_3;
        QVERIFY2(tls13, "TLS 1.3 suites are not configurable and must stay on (§5)");
    }
    const QString warnings = r->warnings.join(QLatin1Char('\n'));
    if (warningContains.isEmpty())
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings));
    else
        QVERIFY2(warnings.contains(warningContains), qPrintable(warnings));
    QVERIFY(!warnings.contains(QString::fromLatin1(TestSupport::TlsFixtures::kPassphrase)));
}

QTEST_GUILESS_MAIN(TestTlsSetup)
#include "tst_tlssetup.moc"
