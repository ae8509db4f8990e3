// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// CertificateImporter over static files made with the openssl command line (tests/data/tls/make.sh),
// and TrustKitWriter's outputs read back by openssl (and keytool when a JDK happens to be installed).
#include "GeneratedTls.h"
#include "TestSupport.h"
#include "tls/CertificateImporter.h"
#include "tls/CertificateInfo.h"
#include "tls/TrustKit.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Tls;

namespace {

QString data(const QString& name)
{
    return TestSupport::dataPath(QStringLiteral("tls/") + name);
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
};

Run tool(const QString& program, const QStringList& args, const QString& passVar, const QString& pass)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(passVar, pass);
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(60000))
        qFatal("%s hangs", qPrintable(program));
    return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAll()};
}

} // namespace

class TestCertificateImporter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void identifies_data();
    void identifies();
    void refuses_data();
    void refuses();
    void fixesChainOrder();
    void javaTrustStore();
    void kits_data();
    void kits();

private:
    QTemporaryDir m_dir;
    TestSupport::GeneratedTls m_g;
};

void TestCertificateImporter::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_g = TestSupport::GeneratedTls::create(m_dir.path());
    QVERIFY2(m_g.error.isEmpty(), qPrintable(m_g.error));
}

void TestCertificateImporter::identifies_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("certificates");
    QTest::addColumn<int>("keys");
    QTest::addColumn<bool>("locked");
    QTest::addColumn<int>("keyBelongsTo"); // index of the certificate the first key matches, -1 none

    QTest::newRow("PEM CA certificate") << "ca.pem"
                                        << ""
                                        << "PEM" << 1 << 0 << false << -1;
    QTest::newRow("PEM leaf") << "leaf.pem"
                              << ""
                              << "PEM" << 1 << 0 << false << -1;
    QTest::newRow("PEM PKCS#8 key") << "leaf.key"
                                    << ""
                                    << "PEM" << 0 << 1 << false << -1;
    QTest::newRow("PEM traditional EC key") << "leaf-traditional.key"
                                            << ""
                                            << "PEM" << 0 << 1 << false << -1;
    QTest::newRow("encrypted PKCS#8 key without passphrase: locked, not an error") << "leaf-encrypted.key"
                                                                                   << ""
                                                                                   << "PEM" << 0 << 0 << true << -1;
    QTest::newRow("encrypted PKCS#8 key with passphrase") << "leaf-encrypted.key"
                                                          << "static-pass"
                                                          << "PEM" << 0 << 1 << false << -1;
    QTest::newRow("DER certificate") << "leaf.der"
                                     << ""
                                     << "DER" << 1 << 0 << false << -1;
    QTest::newRow("DER key") << "leaf-key.der"
                             << ""
                             << "DER" << 0 << 1 << false << -1;
    QTest::newRow("PEM bundle: leaf, key, CA split") << "bundle.pem"
                                                     << ""
                                                     << "PEM" << 2 << 1 << false << 0;
    QTest::newRow("PKCS#12 with password: leaf, CA and key") << "bundle.p12"
                                                             << "p12-pass"
                                                             << "PKCS#12" << 2 << 1 << false << 0;
    QTest::newRow("PKCS#12 made with -nokeys") << "openssl-nokeys.p12"
                                               << "p12-pass"
                                               << "PKCS#12" << 1 << 0 << false << -1;
}

void TestCertificateImporter::identifies()
{
    QFETCH(QString, file);
    QFETCH(QString, password);
    QFETCH(QString, format);
    QFETCH(int, certificates);
    QFETCH(int, keys);
    QFETCH(bool, locked);
    QFETCH(int, keyBelongsTo);
    auto f = CertificateImporter::read(data(file), Core::SecretBuffer(password));
    QVERIFY2(f.ok(), f.ok() ? "" : qPrintable(f.error().toString()));
    QCOMPARE(fileFormatName(f->format), format);
    QCOMPARE(f->certificates.size(), certificates);
    QCOMPARE(f->keys.size(), keys);
    QCOMPARE(f->encryptedKeyLocked, locked);
    QCOMPARE(f->contents.size(), certificates + keys + (locked ? 1 : 0));
    if (keys > 0)
        QCOMPARE(CertificateImporter::certificateForKey(f->certificates, f->keys.constFirst()), keyBelongsTo);
    // The leaf made by openssl reads as openssl wrote it.
    for (const Certificate& c : f->certificates) {
        const CertificateInfo info = CertificateInfo::of(c);
        if (info.commonName == QLatin1String("apm.static.test")) {
            QCOMPARE(info.dnsNames, QStringList{QStringLiteral("apm.static.test")});
            QCOMPARE(info.ipAddresses, QStringList{QStringLiteral("192.0.2.10")});
            QCOMPARE(info.serial, QStringLiteral("1092")); // -set_serial 4242
            QCOMPARE(info.keyDescription, QStringLiteral("EC P-384"));
            QCOMPARE(info.signatureAlgorithm, QStringLiteral("sha256WithRSAEncryption"));
        }
    }
}

void TestCertificateImporter::refuses_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("code");
    QTest::newRow("PKCS#12 without its password") << "bundle.p12"
                                                  << ""
                                                  << "tls.p12-password";
    QTest::newRow("PKCS#12 with a wrong password") << "bundle.p12"
                                                   << "Xq9-not-it"
                                                   << "tls.p12-password";
    QTest::newRow("encrypted key with a wrong passphrase") << "leaf-encrypted.key"
                                                           << "Xq9-not-it"
                                                           << "tls.key-passphrase";
    QTest::newRow("not a certificate file") << "make.sh"
                                            << ""
                                            << "tls.format";
    QTest::newRow("missing file") << "does-not-exist.pem"
                                  << ""
                                  << "file.missing";
}

void TestCertificateImporter::refuses()
{
    QFETCH(QString, file);
    QFETCH(QString, password);
    QFETCH(QString, code);
    auto f = CertificateImporter::read(data(file), Core::SecretBuffer(password));
    QVERIFY(!f.ok());
    QCOMPARE(f.error().code, code);
    QVERIFY2(f.error().message.contains(file), qPrintable(f.error().message)); // names the file
    if (!password.isEmpty())
        QVERIFY(!f.error().toString().contains(password));
}

void TestCertificateImporter::fixesChainOrder()
{
    // GIVEN the CA first and the leaf second (as openssl users often concatenate)
    auto f = CertificateImporter::read(data(QStringLiteral("reversed-chain.pem")));
    QVERIFY(f.ok());
    const OrderedChain chain = CertificateImporter::orderChain(f->certificates);
    // THEN the order is detected as wrong and fixed: leaf, then its issuer, ending at the root
    QVERIFY(chain.reordered);
    QVERIFY(chain.endsAtSelfSigned);
    QVERIFY(chain.unrelated.isEmpty());
    QCOMPARE(CertificateInfo::of(chain.certificates.at(0)).commonName, QStringLiteral("apm.static.test"));
    QCOMPARE(CertificateInfo::of(chain.certificates.at(1)).commonName, QStringLiteral("Static Test CA"));
    // AND an already ordered chain is left alone
    QVERIFY(!CertificateImporter::orderChain(chain.certificates).reordered);
}

void TestCertificateImporter::javaTrustStore()
{
    QTemporaryDir dir;
    auto ca = CertificateImporter::read(data(QStringLiteral("ca.pem")));
    QVERIFY(ca.ok());
    // GIVEN a trust store written by TrustKitWriter
    auto der = TrustKitWriter::javaTrustStore(ca->certificates, Core::SecretBuffer(QByteArray("store-pass")));
    QVERIFY(der.ok());
    const QString ours = TestSupport::writeFile(dir, QStringLiteral("truststore.p12"), *der);
    // THEN openssl reads it with the password and shows Java's trusted-key-usage attribute on the bag,
    // which the store `openssl pkcs12 -export -nokeys` made lacks (why Java sees zero entries there)
    const QStringList info{QStringLiteral("pkcs12"),  QStringLiteral("-info"),         QStringLiteral("-nokeys"),
                           QStringLiteral("-passin"), QStringLiteral("env:STOREPASS"), QStringLiteral("-in")};
    const Run r = tool(QStringLiteral("openssl"), info + QStringList{ours}, QStringLiteral("STOREPASS"),
                       QStringLiteral("store-pass"));
    QVERIFY2(r.exitCode == 0, r.out.constData());
    QVERIFY2(r.out.contains(TrustKitWriter::kJavaTrustedKeyUsageOid), r.out.constData());
    QVERIFY2(r.out.contains("friendlyName: apm-ca-1"), r.out.constData());
    QVERIFY2(r.out.contains("MAC: sha256"), r.out.constData());
    const Run plain = tool(QStringLiteral("openssl"), info + QStringList{data(QStringLiteral("openssl-nokeys.p12"))},
                           QStringLiteral("STOREPASS"), QStringLiteral("p12-pass"));
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(!plain.out.contains(TrustKitWriter::kJavaTrustedKeyUsageOid));
    // AND our importer reads it back
    auto back = CertificateImporter::read(ours, Core::SecretBuffer(QByteArray("store-pass")));
    QVERIFY(back.ok());
    QCOMPARE(back->certificates.size(), 1);
    // A store without a password would load with zero anchors in Java: refused.
    QVERIFY(!TrustKitWriter::javaTrustStore(ca->certificates, Core::SecretBuffer()).ok());
    // keytool is optional here (no JDK is installed for the tests); when present it must list the entry.
    const QString keytool = QStandardPaths::findExecutable(QStringLiteral("keytool"));
    if (keytool.isEmpty()) {
        qInfo("keytool not installed: the Java check ran through openssl only");
    } else {
        const Run k =
            tool(keytool,
                 {QStringLiteral("-list"), QStringLiteral("-storetype"), QStringLiteral("PKCS12"),
                  QStringLiteral("-keystore"), ours, QStringLiteral("-storepass:env"), QStringLiteral("STOREPASS")},
                 QStringLiteral("STOREPASS"), QStringLiteral("store-pass"));
        QVERIFY2(k.out.contains("trustedCertEntry"), k.out.constData());
    }
}

void TestCertificateImporter::kits_data()
{
    QTest::addColumn<QString>("agent");
    QTest::addColumn<bool>("mtls");
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QStringList>("settings"); // exact option names the kit must name
    QTest::newRow("Node.js: CA file") << "nodejs" << false << QStringList{"ca.pem", "README.txt"}
                                      << QStringList{"ELASTIC_APM_SERVER_CA_CERT_FILE=", "NODE_EXTRA_CA_CERTS"};
    QTest::newRow("Java: PKCS#12 trust store and key store for mTLS")
        << "java" << true << QStringList{"ca.pem", "truststore.p12", "client-keystore.p12", "README.txt"}
        << QStringList{"-Djavax.net.ssl.trustStore=", "-Djavax.net.ssl.trustStoreType=PKCS12",
                       "-Djavax.net.ssl.keyStoreType=PKCS12",
                       "-Djavax.net.ssl.keyStorePassword=$APM_TRUSTSTORE_PASSWORD"};
    QTest::newRow("Python: CA file and leaf pin")
        << "python" << false << QStringList{"ca.pem", "server-cert.pem", "server-cert.sha256"}
        << QStringList{"ELASTIC_APM_SERVER_CA_CERT_FILE=", "ELASTIC_APM_SERVER_CERT="};
    QTest::newRow("Go: CA file, pin, mTLS from code")
        << "go" << true << QStringList{"ca.pem", "server-cert.pem", "client.pem", "client.key"}
        << QStringList{"ELASTIC_APM_SERVER_CA_CERT_FILE=", "TLSClientConfig"};
    QTest::newRow(".NET: OS store or ServerCert pin")
        << "dotnet" << false << QStringList{"server-cert.pem"}
        << QStringList{"ELASTIC_APM_SERVER_CERT=", "update-ca-certificates"};
    QTest::newRow("Ruby: server_ca_cert_file")
        << "ruby" << false << QStringList{"ca.pem"} << QStringList{"server_ca_cert_file:"};
    QTest::newRow("PHP: OS store only, mTLS impossible")
        << "php" << true << QStringList{"ca.pem"}
        << QStringList{"update-ca-certificates", "cannot send a client certificate"};
    QTest::newRow("RUM: the browser decides") << "rum" << false << QStringList{"ca.pem"} << QStringList{"serverUrl"};
}

void TestCertificateImporter::kits()
{
    QFETCH(QString, agent);
    QFETCH(bool, mtls);
    QFETCH(QStringList, files);
    QFETCH(QStringList, settings);
    QTemporaryDir dir;
    const TestSupport::GeneratedTls& g = m_g;
    TrustKitRequest r;
    r.agent = *agentFromName(agent);
    r.outDir = dir.filePath(QStringLiteral("kit"));
    r.caCertificates = CertificateImporter::read(g.caCert)->certificates;
    r.serverChain = CertificateImporter::read(g.leafCert)->certificates;
    r.serverUrl = QStringLiteral("https://apm.example.com:8200");
    r.storePassword = Core::SecretBuffer(QByteArray("kit-pass"));
    if (mtls) {
        r.clientCertificate = CertificateImporter::read(g.clientCert)->certificates.constFirst();
        r.clientKey = CertificateImporter::read(g.clientKey)->keys.constFirst();
    }
    auto kit = TrustKitWriter::write(r);
    QVERIFY2(kit.ok(), kit.ok() ? "" : qPrintable(kit.error().toString()));
    for (const QString& f : files)
        QVERIFY2(QFile::exists(r.outDir + QLatin1Char('/') + f), qPrintable(f));
    for (const QString& s : settings)
        QVERIFY2(kit->settings.contains(s), qPrintable(s + QLatin1Char('\n') + kit->settings));
    QVERIFY(kit->hasVerdict);
    QVERIFY(!kit->settings.contains(QStringLiteral("kit-pass"))); // the password is referenced, never written
    QFile readme(r.outDir + QStringLiteral("/README.txt"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    QVERIFY(!readme.readAll().contains("kit-pass"));
}

QTEST_GUILESS_MAIN(TestCertificateImporter)
#include "tst_certificateimporter.moc"
