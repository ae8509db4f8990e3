// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// KeyGenerator, CertificateIssuer, CertificateFiles and HostNames; the generated certificates are
// checked by the openssl command line too (`openssl verify`, `openssl x509 -text`, `openssl pkey`).
#include "tls/CertificateFiles.h"
#include "tls/CertificateInfo.h"
#include "tls/CertificateIssuer.h"
#include "tls/HostNames.h"
#include "tls/KeyGenerator.h"

#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Tls;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
};

Run openssl(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(30000))
        qFatal("openssl hangs");
    return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAll()};
}

// The octal mode as `ls` would show it ("600").
QString mode(const QString& path)
{
    const int p = int(QFileInfo(path).permissions());
    return QString::number((((p >> 12) & 7) << 6) | (((p >> 4) & 7) << 3) | (p & 7), 8);
}

PrivateKey makeKey(KeyType type = KeyType::EcP256)
{
    auto k = KeyGenerator::generate(type);
    if (!k)
        qFatal("key generation failed: %s", qPrintable(k.error().toString()));
    return *k;
}

} // namespace

class TestCertificateIssuer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keyTypes_data();
    void keyTypes();
    void serialsAreRandom128Bit();
    void defaultValidity();
    void refuses_data();
    void refuses();
    void keyFiles();
    void asyncGenerationReportsAndFinishes();
    void asyncGenerationCancels();
    void sanProposal_data();
    void sanProposal();
    void hostCoverage_data();
    void hostCoverage();

private:
    QTemporaryDir m_dir;
    Certificate m_ca;
    PrivateKey m_caKey;
    QString m_caPath;
};

void TestCertificateIssuer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    IssueRequest r;
    r.role = CertificateRole::Ca;
    r.commonName = QStringLiteral("Issuer Test CA");
    r.subjectKey = m_caKey = makeKey();
    auto ca = CertificateIssuer::issue(r);
    QVERIFY2(ca.ok(), ca.ok() ? "" : qPrintable(ca.error().toString()));
    m_ca = *ca;
    m_caPath = m_dir.filePath(QStringLiteral("ca.pem"));
    QVERIFY(CertificateFiles::writeCertificates(m_caPath, {m_ca}).ok());
}

void TestCertificateIssuer::keyTypes_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("description");
    QTest::addColumn<QString>("opensslKeyText");
    // RSA 4096 stays out of the unit tests (seconds per key); the bench times it.
    QTest::newRow("EC P-256 (default)") << int(KeyType::EcP256) << "EC P-256"
                                        << "NIST CURVE: P-256";
    QTest::newRow("EC P-384") << int(KeyType::EcP384) << "EC P-384"
                              << "NIST CURVE: P-384";
    QTest::newRow("RSA 2048") << int(KeyType::Rsa2048) << "RSA 2048"
                              << "Public-Key: (2048 bit)";
    QTest::newRow("Ed25519") << int(KeyType::Ed25519) << "Ed25519"
                             << "ED25519";
}

void TestCertificateIssuer::keyTypes()
{
    QFETCH(int, type);
    QFETCH(QString, description);
    QFETCH(QString, opensslKeyText);
    // GIVEN a key of each type WHEN a server certificate is issued by the CA
    IssueRequest r;
    r.role = CertificateRole::Server;
    r.dnsNames = {QStringLiteral("apm.example.com"), QStringLiteral("*.apm.example.com")};
    r.ipAddresses = {QStringLiteral("10.0.0.5"), QStringLiteral("::1")};
    r.subjectKey = makeKey(KeyType(type));
    r.issuerCertificate = m_ca;
    r.issuerKey = m_caKey;
    auto cert = CertificateIssuer::issue(r);
    QVERIFY2(cert.ok(), cert.ok() ? "" : qPrintable(cert.error().toString()));
    // THEN our own inspection agrees
    const CertificateInfo info = CertificateInfo::of(*cert);
    QCOMPARE(info.keyDescription, description);
    QCOMPARE(info.commonName, QStringLiteral("apm.example.com"));
    QCOMPARE(info.dnsNames, (QStringList{QStringLiteral("apm.example.com"), QStringLiteral("*.apm.example.com")}));
    QCOMPARE(info.ipAddresses, (QStringList{QStringLiteral("10.0.0.5"), QStringLiteral("::1")}));
    QCOMPARE(info.signatureAlgorithm, QStringLiteral("ecdsa-with-SHA256"));
    QCOMPARE(info.extendedKeyUsage, QStringList{QStringLiteral("serverAuth")});
    QVERIFY(!info.isCa);
    QVERIFY(info.hasAuthorityKeyIdentifier && info.hasSubjectKeyIdentifier);
    QVERIFY(r.subjectKey.matches(*cert));
    // AND so do tools we did not write: openssl verify accepts the chain …
    const QString leafPath = m_dir.filePath(QStringLiteral("leaf-%1.pem").arg(type));
    QVERIFY(CertificateFiles::writeCertificates(leafPath, {*cert}).ok());
    const Run verify = openssl({QStringLiteral("verify"), QStringLiteral("-CAfile"), m_caPath, leafPath});
    QVERIFY2(verify.exitCode == 0 && verify.out.contains(": OK"), verify.out.constData());
    // … and openssl x509 -text shows the SANs and extensions
    const Run text = openssl(
        {QStringLiteral("x509"), QStringLiteral("-in"), leafPath, QStringLiteral("-noout"), QStringLiteral("-text")});
    QCOMPARE(text.exitCode, 0);
    for (const char* expected :
         {"DNS:apm.example.com, DNS:*.apm.example.com, IP Address:10.0.0.5, IP Address:0:0:0:0:0:0:0:1",
          "X509v3 Basic Constraints: critical", "CA:FALSE", "X509v3 Key Usage: critical", "Digital Signature",
          "TLS Web Server Authentication", "X509v3 Subject Key Identifier", "X509v3 Authority Key Identifier",
          "Signature Algorithm: ecdsa-with-SHA256", "Version: 3 (0x2)"})
        QVERIFY2(text.out.contains(expected),
                 qPrintable(QString::fromLatin1(expected) + QLatin1Char('\n') + QString::fromUtf8(text.out)));
    QVERIFY2(text.out.contains(opensslKeyText.toLatin1()), text.out.constData());
    // RSA keys may do RSA key exchange (TLS 1.2): keyEncipherment; EC/EdDSA keys must not.
    QCOMPARE(text.out.contains("Key Encipherment"), KeyType(type) == KeyType::Rsa2048);
}

void TestCertificateIssuer::serialsAreRandom128Bit()
{
    QSet<QString> serials;
    IssueRequest r;
    r.role = CertificateRole::Client;
    r.commonName = QStringLiteral("svc");
    r.subjectKey = makeKey();
    r.issuerCertificate = m_ca;
    r.issuerKey = m_caKey;
    for (int i = 0; i < 20; ++i) {
        auto c = CertificateIssuer::issue(r);
        QVERIFY(c.ok());
        const QString serial = CertificateInfo::of(*c).serial;
        QCOMPARE(serial.size(), 32); // 16 octets, positive, never shortened by a leading zero
        serials.insert(serial);
    }
    QCOMPARE(serials.size(), 20);
}

void TestCertificateIssuer::defaultValidity()
{
    const CertificateInfo ca = CertificateInfo::of(m_ca);
    QCOMPARE(ca.notBefore.daysTo(ca.notAfter), qint64(IssueRequest::kDefaultCaDays));
    QVERIFY(ca.isCa && ca.basicConstraintsCritical && ca.selfSigned);
    QVERIFY(ca.keyUsage.contains(QStringLiteral("keyCertSign")));
    IssueRequest r;
    r.role = CertificateRole::Server;
    r.dnsNames = {QStringLiteral("a.example")};
    r.subjectKey = makeKey();
    r.issuerCertificate = m_ca;
    r.issuerKey = m_caKey;
    auto leaf = CertificateIssuer::issue(r);
    QVERIFY(leaf.ok());
    const CertificateInfo info = CertificateInfo::of(*leaf);
    QCOMPARE(info.notBefore.daysTo(info.notAfter), qint64(397));
    // Backdated a little for clients with a slow clock, never in the future.
    QVERIFY(info.notBefore <= QDateTime::currentDateTimeUtc());
    QVERIFY(info.notBefore.secsTo(QDateTime::currentDateTimeUtc()) < 600);
}

void TestCertificateIssuer::refuses_data()
{
    QTest::addColumn<QString>("what");
    QTest::newRow("server certificate without any SAN") << "no-san";
    QTest::newRow("issuer is not a CA") << "leaf-issuer";
    QTest::newRow("CA key does not match the CA certificate") << "wrong-ca-key";
    QTest::newRow("an IP SAN that is no IP") << "bad-ip";
}

void TestCertificateIssuer::refuses()
{
    QFETCH(QString, what);
    IssueRequest r;
    r.role = CertificateRole::Server;
    r.dnsNames = {QStringLiteral("a.example")};
    r.subjectKey = makeKey();
    r.issuerCertificate = m_ca;
    r.issuerKey = m_caKey;
    if (what == QLatin1String("no-san")) {
        r.dnsNames.clear();
    } else if (what == QLatin1String("leaf-issuer")) {
        auto leaf = CertificateIssuer::issue(r);
        QVERIFY(leaf.ok());
        r.issuerCertificate = *leaf;
        r.issuerKey = r.subjectKey;
    } else if (what == QLatin1String("wrong-ca-key")) {
        r.issuerKey = makeKey();
    } else {
        r.ipAddresses = {QStringLiteral("apm.example.com")};
    }
    auto cert = CertificateIssuer::issue(r);
    QVERIFY(!cert.ok());
    QVERIFY(!cert.error().message.isEmpty());
}

void TestCertificateIssuer::keyFiles()
{
    // GIVEN a key written encrypted WHEN the openssl command line reads it with the passphrase
    const PrivateKey key = makeKey();
    const QString path = m_dir.filePath(QStringLiteral("server.key"));
    QVERIFY(CertificateFiles::writeKey(path, key, Core::SecretBuffer(QByteArray("file-pass-1"))).ok());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray pem = f.readAll();
    // THEN it is PKCS#8, encrypted, mode 0600, and openssl decrypts it to the same key
    QVERIFY(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    QCOMPARE(mode(path), QStringLiteral("600"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("KEYPASS"), QStringLiteral("file-pass-1"));
    const Run info = openssl({QStringLiteral("pkcs8"), QStringLiteral("-in"), path, QStringLiteral("-passin"),
                              QStringLiteral("env:KEYPASS"), QStringLiteral("-topk8"), QStringLiteral("-nocrypt")},
                             env);
    QVERIFY2(info.exitCode == 0, info.out.constData());
    const Run asn1 = openssl({QStringLiteral("asn1parse"), QStringLiteral("-in"), path});
    QVERIFY2(asn1.out.contains("aes-256-cbc") && asn1.out.contains("PBKDF2"), asn1.out.constData());
    auto back = PrivateKey::fromPem(pem, Core::SecretBuffer(QByteArray("file-pass-1")));
    QVERIFY(back.ok());
    auto wrong = PrivateKey::fromPem(pem, Core::SecretBuffer(QByteArray("nope")));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, QStringLiteral("tls.key-passphrase"));
    // AND writing again keeps the previous file as .bak, still private
    QVERIFY(CertificateFiles::writeKey(path, makeKey(), Core::SecretBuffer()).ok());
    QVERIFY(QFileInfo::exists(path + QStringLiteral(".bak")));
    QCOMPARE(mode(path + QStringLiteral(".bak")), QStringLiteral("600"));
    QFile plain(path);
    QVERIFY(plain.open(QIODevice::ReadOnly));
    QVERIFY(plain.readAll().startsWith("-----BEGIN PRIVATE KEY-----"));
}

void TestCertificateIssuer::asyncGenerationReportsAndFinishes()
{
    // GIVEN an RSA key generated on the thread pool WHEN it finishes THEN the watcher saw progress and
    // the result is a usable key
    QFutureWatcher<GeneratedKey> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcher<GeneratedKey>::finished);
    QSignalSpy progress(&watcher, &QFutureWatcher<GeneratedKey>::progressValueChanged);
    watcher.setFuture(KeyGenerator::generateAsync(KeyType::Rsa2048));
    QVERIFY(finished.wait(30000));
    const GeneratedKey result = watcher.result();
    QVERIFY(!result.error);
    QCOMPARE(result.key.bits(), 2048);
    QCOMPARE(watcher.progressMaximum(), 2);
    QCOMPARE(watcher.progressValue(), 2);
    QVERIFY(!progress.isEmpty());
}

void TestCertificateIssuer::asyncGenerationCancels()
{
    // GIVEN an RSA-4096 generation WHEN it is cancelled at once THEN it stops within moments (the
    // OpenSSL callback aborts) instead of running for seconds
    QFutureWatcher<GeneratedKey> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcher<GeneratedKey>::finished);
    QElapsedTimer t;
    t.start();
    watcher.setFuture(KeyGenerator::generateAsync(KeyType::Rsa4096));
    watcher.cancel();
    QVERIFY(finished.count() == 1 || finished.wait(10000));
    QVERIFY(watcher.isCanceled());
    // The pool thread itself must be free again soon: the generation really stopped.
    QVERIFY(QTest::qWaitFor([&] { return QThreadPool::globalInstance()->activeThreadCount() == 0; }, 5000));
    QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
    // AND the synchronous path reports the cancellation by its code
    auto r = KeyGenerator::generate(KeyType::Rsa4096, [](int) { return false; });
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QString::fromLatin1(KeyGenerator::kErrorCancelled));
}

void TestCertificateIssuer::sanProposal_data()
{
    QTest::addColumn<QStringList>("urls");
    QTest::addColumn<QStringList>("dns");
    QTest::addColumn<QStringList>("ips");
    QTest::newRow("URL host name and IP URL")
        << QStringList{QStringLiteral("https://APM.example.com:8200/"), QStringLiteral("https://10.1.2.3:8200")}
        << QStringList{QStringLiteral("apm.example.com")} << QStringList{QStringLiteral("10.1.2.3")};
    QTest::newRow("IPv6 URL") << QStringList{QStringLiteral("https://[fd00::5]:8200")} << QStringList()
                              << QStringList{QStringLiteral("fd00::5")};
    QTest::newRow("C12 Kubernetes service name: short and long forms")
        << QStringList{QStringLiteral("https://apm.observability.svc:8200")}
        << QStringList{QStringLiteral("apm.observability.svc"), QStringLiteral("apm"),
                       QStringLiteral("apm.observability"), QStringLiteral("apm.observability.svc.cluster.local")}
        << QStringList();
    QTest::newRow("C12 never only localhost: the machine's name is added")
        << QStringList{QStringLiteral("https://localhost:8200")}
        << QStringList{QStringLiteral("localhost"), QStringLiteral("buildhost")}
        << QStringList{QStringLiteral("127.0.0.1")};
    QTest::newRow("no URL at all: loopback and the machine's name")
        << QStringList() << QStringList{QStringLiteral("localhost"), QStringLiteral("buildhost")}
        << QStringList{QStringLiteral("127.0.0.1")};
    QTest::newRow("bare host:port") << QStringList{QStringLiteral("lb.example.net:443")}
                                    << QStringList{QStringLiteral("lb.example.net")} << QStringList();
}

void TestCertificateIssuer::sanProposal()
{
    QFETCH(QStringList, urls);
    QFETCH(QStringList, dns);
    QFETCH(QStringList, ips);
    const SanProposal p = HostNames::propose(urls, QStringLiteral("BuildHost"));
    QCOMPARE(p.dnsNames, dns);
    QCOMPARE(p.ipAddresses, ips);
}

void TestCertificateIssuer::hostCoverage_data()
{
    QTest::addColumn<QStringList>("dns");
    QTest::addColumn<QStringList>("ips");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("coverage");
    const QStringList names{QStringLiteral("apm.example.com"), QStringLiteral("*.svc.example.com")};
    QTest::newRow("exact DNS, any case") << names << QStringList() << "APM.example.com" << int(HostCoverage::BySan);
    QTest::newRow("wildcard covers one label")
        << names << QStringList() << "a.svc.example.com" << int(HostCoverage::BySan);
    QTest::newRow("wildcard does not cover two labels")
        << names << QStringList() << "a.b.svc.example.com" << int(HostCoverage::NotCovered);
    QTest::newRow("wildcard does not cover the bare domain")
        << names << QStringList() << "svc.example.com" << int(HostCoverage::NotCovered);
    QTest::newRow("IP host needs an IP SAN")
        << names << QStringList{QStringLiteral("10.0.0.1")} << "10.0.0.1" << int(HostCoverage::BySan);
    QTest::newRow("IPv6 written differently") << QStringList() << QStringList{QStringLiteral("fd00::1")}
                                              << "https://[fd00:0::1]:8200" << int(HostCoverage::BySan);
    QTest::newRow("IP listed as DNS") << QStringList{QStringLiteral("10.0.0.1")} << QStringList() << "10.0.0.1"
                                      << int(HostCoverage::IpAsDnsSan);
}

void TestCertificateIssuer::hostCoverage()
{
    QFETCH(QStringList, dns);
    QFETCH(QStringList, ips);
    QFETCH(QString, host);
    QFETCH(int, coverage);
    CertificateInfo info;
    info.dnsNames = dns;
    info.ipAddresses = ips;
    info.hasSubjectAltName = true;
    QCOMPARE(int(HostNames::coverage(info, host)), coverage);
}

QTEST_GUILESS_MAIN(TestCertificateIssuer)
#include "tst_certificateissuer.moc"
