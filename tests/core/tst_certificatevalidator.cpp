// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// CertificateValidator and TrustVerdicts over certificates generated with app/tls (GeneratedTls):
// every check of the validator by its stable code, and the per-agent verdicts of
// agent-options.md §6.
#include "GeneratedTls.h"
#include "tls/CertificateValidator.h"
#include "tls/TrustVerdicts.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Tls;
using TestSupport::GeneratedTls;

namespace {

QStringList codes(const QList<Config::Finding>& findings, bool includeInfo = false)
{
    QStringList c;
    for (const Config::Finding& f : findings) {
        if (includeInfo || f.severity != Config::Severity::Info)
            c << f.code;
    }
    return c;
}

} // namespace

class TestCertificateValidator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void findings_data();
    void findings();
    void everyFindingHasAFix();
    void unreadableInputIsAnError_data();
    void unreadableInputIsAnError();
    void verdicts_data();
    void verdicts();

private:
    // Field of GeneratedTls by name, so the data tables stay readable.
    QString path(const QString& name) const;
    QTemporaryDir m_dir;
    GeneratedTls m_g;
};

void TestCertificateValidator::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_g = GeneratedTls::create(m_dir.path());
    QVERIFY2(m_g.error.isEmpty(), qPrintable(m_g.error));
}

QString TestCertificateValidator::path(const QString& name) const
{
    const QHash<QString, QString> files = {
        {QStringLiteral("ca"), m_g.caCert},
        {QStringLiteral("intermediate"), m_g.intermediateCert},
        {QStringLiteral("ca-bundle"), m_g.caBundle},
        {QStringLiteral("foreign-ca"), m_g.foreignCaCert},
        {QStringLiteral("leaf"), m_g.leafCert},
        {QStringLiteral("leaf.key"), m_g.leafKey},
        {QStringLiteral("leaf-rsa"), m_g.leafRsaCert},
        {QStringLiteral("leaf-rsa.key"), m_g.leafRsaKey},
        {QStringLiteral("chain"), m_g.chainFile},
        {QStringLiteral("chain.key"), m_g.chainKey},
        {QStringLiteral("leaf-only"), m_g.leafOnlyFile},
        {QStringLiteral("reversed"), m_g.reversedFile},
        {QStringLiteral("expired"), m_g.expiredCert},
        {QStringLiteral("not-yet-valid"), m_g.notYetValidCert},
        {QStringLiteral("expiring-soon"), m_g.expiringSoonCert},
        {QStringLiteral("wrong-host"), m_g.wrongHostCert},
        {QStringLiteral("cn-only"), m_g.cnOnlyCert},
        {QStringLiteral("sha1"), m_g.sha1Cert},
        {QStringLiteral("weak-rsa"), m_g.weakRsaCert},
        {QStringLiteral("weak-rsa.key"), m_g.weakRsaKey},
        {QStringLiteral("self-signed"), m_g.selfSignedCert},
        {QStringLiteral("self-signed.key"), m_g.selfSignedKey},
        {QStringLiteral("client-eku"), m_g.clientEkuCert},
        {QStringLiteral("client"), m_g.clientCert},
        {QStringLiteral("client.key"), m_g.clientKey},
        {QStringLiteral("ip-as-dns"), m_g.ipAsDnsCert},
        {QStringLiteral("no-aki"), m_g.noAkiCert},
        {QStringLiteral("long-lived"), m_g.longLivedCert},
        {QStringLiteral("ed25519"), m_g.ed25519Cert},
        {QStringLiteral("encrypted.key"), m_g.encryptedKey},
        {QStringLiteral("other.key"), m_g.otherKey},
        {QStringLiteral("loose.key"), m_g.looseKey},
    };
    if (name.isEmpty())
        return {};
    if (!files.contains(name))
        qFatal("no generated file %s", qPrintable(name));
    return files.value(name);
}

void TestCertificateValidator::findings_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<QStringList>("urls");
    QTest::addColumn<QString>("passphrase"); // "-" = none configured
    QTest::addColumn<bool>("client");
    QTest::addColumn<QStringList>("expected"); // warning/error codes, exactly

    const QStringList host{QStringLiteral("https://apm.example.com:8200")};
    const QStringList loopback{QStringLiteral("https://127.0.0.1:8200"), QStringLiteral("https://localhost:8200")};
    const QString none = QStringLiteral("-");
    QTest::newRow("good leaf from the CA: no findings") << "leaf"
                                                        << "leaf.key"
                                                        << "ca" << (host + loopback) << none << false << QStringList();
    QTest::newRow("good RSA 2048 leaf: no findings") << "leaf-rsa"
                                                     << "leaf-rsa.key"
                                                     << "ca" << host << none << false << QStringList();
    QTest::newRow("good chain leaf+intermediate against the root: no findings")
        << "chain"
        << "chain.key"
        << "ca" << host << none << false << QStringList();
    QTest::newRow("expired") << "expired"
                             << "leaf.key"
                             << "ca" << host << none << false << QStringList{"tls.expired"};
    QTest::newRow("not yet valid") << "not-yet-valid"
                                   << "leaf.key"
                                   << "ca" << host << none << false << QStringList{"tls.not-yet-valid"};
    QTest::newRow("expiring within 30 days") << "expiring-soon"
                                             << "leaf.key"
                                             << "ca" << host << none << false << QStringList{"tls.expiring-soon"};
    QTest::newRow("C12 wrong host") << "wrong-host"
                                    << "leaf.key"
                                    << "ca" << host << none << false << QStringList{"tls.host-not-covered"};
    QTest::newRow("C12 IP URL against DNS-only SANs") << "wrong-host"
                                                      << "leaf.key"
                                                      << "ca" << QStringList{QStringLiteral("https://10.1.2.3:8200")}
                                                      << none << false << QStringList{"tls.host-not-covered"};
    QTest::newRow("C10 CN-only, host matches the CN")
        << "cn-only"
        << "leaf.key"
        << "ca" << host << none << false << QStringList{"tls.cn-only", "tls.host-cn-only"};
    QTest::newRow("IP written as a DNS SAN") << "ip-as-dns"
                                             << "leaf.key"
                                             << "ca" << QStringList{QStringLiteral("https://127.0.0.1:8200")} << none
                                             << false << QStringList{"tls.loopback-only", "tls.ip-as-dns-san"};
    QTest::newRow("key mismatch") << "leaf"
                                  << "other.key"
                                  << "ca" << host << none << false << QStringList{"tls.key-mismatch"};
    QTest::newRow("SHA-1 signature") << "sha1"
                                     << "leaf.key"
                                     << "ca" << host << none << false << QStringList{"tls.sha1-signature"};
    QTest::newRow("weak RSA 1024") << "weak-rsa"
                                   << "weak-rsa.key"
                                   << "ca" << host << none << false << QStringList{"tls.weak-key"};
    QTest::newRow("encrypted key without a passphrase")
        << "leaf"
        << "encrypted.key"
        << "ca" << host << none << false << QStringList{"tls.key-encrypted-no-passphrase"};
    QTest::newRow("encrypted key with its passphrase: no findings")
        << "leaf"
        << "encrypted.key"
        << "ca" << host << QString::fromLatin1(GeneratedTls::kPassphrase) << false << QStringList();
    QTest::newRow("encrypted key with a wrong passphrase")
        << "leaf"
        << "encrypted.key"
        << "ca" << host << "not-the-passphrase" << false << QStringList{"tls.key-passphrase-wrong"};
    QTest::newRow("C33 key readable by others") << "leaf"
                                                << "loose.key"
                                                << "ca" << host << none << false << QStringList{"tls.key-permissions"};
    QTest::newRow("C2 broken chain: intermediate not served, CA file holds the root")
        << "leaf-only"
        << "chain.key"
        << "ca" << host << none << false << QStringList{"tls.chain-incomplete"};
    QTest::newRow("reversed chain: intermediate first")
        << "reversed"
        << "chain.key"
        << "ca" << host << none << false << QStringList{"tls.chain-leaf-not-first"};
    QTest::newRow("C1 chain from another CA")
        << "leaf"
        << "leaf.key"
        << "foreign-ca" << host << none << false << QStringList{"tls.chain-incomplete"};
    QTest::newRow("CA file holds only the intermediate")
        << "leaf-only"
        << "chain.key"
        << "intermediate" << host << none << false << QStringList{"tls.ca-intermediate-only"};
    QTest::newRow("self-signed leaf given as its own CA")
        << "self-signed"
        << "self-signed.key"
        << "self-signed" << host << none << false << QStringList{"tls.self-signed-leaf"};
    QTest::newRow("server certificate with clientAuth EKU only")
        << "client-eku"
        << "leaf.key"
        << "ca" << QStringList() << none << false << QStringList{"tls.cn-only", "tls.eku-server-auth-missing"};
    QTest::newRow("client certificate checked as client: no findings")
        << "client"
        << "client.key"
        << "ca" << QStringList() << none << true << QStringList();
    QTest::newRow("server certificate checked as client")
        << "leaf"
        << "leaf.key"
        << "ca" << QStringList() << none << true << QStringList{"tls.eku-client-auth-missing"};
    QTest::newRow("Python 3.13: no authority key identifier")
        << "no-aki"
        << "leaf.key"
        << "ca" << host << none << false << QStringList{"tls.missing-aki"};
    QTest::newRow("valid for more than 825 days") << "long-lived"
                                                  << "leaf.key"
                                                  << "ca" << host << none << false << QStringList{"tls.validity-long"};
    QTest::newRow("Ed25519 key") << "ed25519"
                                 << ""
                                 << "ca" << host << none << false << QStringList{"tls.ed25519"};
    QTest::newRow("C16 plain http URL") << "leaf"
                                        << "leaf.key"
                                        << "ca" << QStringList{QStringLiteral("http://apm.example.com:8200")} << none
                                        << false << QStringList{"tls.url-plain-http"};
}

void TestCertificateValidator::findings()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, ca);
    QFETCH(QStringList, urls);
    QFETCH(QString, passphrase);
    QFETCH(bool, client);
    QFETCH(QStringList, expected);
    // GIVEN the files WHEN they are loaded and validated THEN exactly the expected warnings/errors appear
    ValidationFiles files;
    files.purpose = client ? CertificatePurpose::Client : CertificatePurpose::Server;
    files.certificate = path(cert);
    files.key = path(key);
    files.authorities = QStringList{path(ca)};
    files.urls = urls;
    if (passphrase != QLatin1String("-"))
        files.passphrase = Core::SecretBuffer(passphrase);
    auto input = CertificateValidator::load(std::move(files));
    QVERIFY2(input.ok(), input.ok() ? "" : qPrintable(input.error().toString()));
    const QList<Config::Finding> findings = CertificateValidator::validate(*input);
    QStringList got = codes(findings);
    got.sort();
    expected.sort();
    QCOMPARE(got, expected);
}

void TestCertificateValidator::everyFindingHasAFix()
{
    // GIVEN a certificate with many problems at once WHEN validated THEN all are reported together,
    // each with a stable code, a message and a fix
    ValidationFiles files;
    files.certificate = m_g.cnOnlyCert;
    files.key = m_g.looseKey;
    files.authorities = QStringList{m_g.foreignCaCert};
    files.urls = QStringList{QStringLiteral("https://10.0.0.1:8200")};
    auto input = CertificateValidator::load(std::move(files));
    QVERIFY(input.ok());
    input->caListConfigured = true; // and client_authentication not written (C14)
    const QList<Config::Finding> findings = CertificateValidator::validate(*input);
    const QStringList got = codes(findings);
    for (const char* code : {"tls.cn-only", "tls.host-not-covered", "tls.chain-incomplete", "tls.key-permissions",
                             "tls.client-auth-implicit"})
        QVERIFY2(got.contains(QString::fromLatin1(code)), qPrintable(got.join(QLatin1Char(','))));
    for (const Config::Finding& f : findings) {
        QVERIFY2(f.code.startsWith(QLatin1String("tls.")), qPrintable(f.code));
        QVERIFY2(!f.message.isEmpty() && !f.fix.isEmpty(), qPrintable(f.code));
    }
}

void TestCertificateValidator::unreadableInputIsAnError_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<QString>("code");
    QTest::newRow("missing certificate file") << "/nonexistent/cert.pem"
                                              << ""
                                              << "file.missing";
    QTest::newRow("certificate file holds only a key") << "leaf.key"
                                                       << ""
                                                       << "tls.no-certificate";
    QTest::newRow("CA file missing") << "leaf"
                                     << "/nonexistent/ca.pem"
                                     << "file.missing";
}

void TestCertificateValidator::unreadableInputIsAnError()
{
    QFETCH(QString, cert);
    QFETCH(QString, ca);
    QFETCH(QString, code);
    ValidationFiles files;
    files.certificate = cert.startsWith(QLatin1Char('/')) ? cert : path(cert);
    if (!ca.isEmpty())
        files.authorities = QStringList{ca.startsWith(QLatin1Char('/')) ? ca : path(ca)};
    auto input = CertificateValidator::load(std::move(files));
    QVERIFY(!input.ok());
    QCOMPARE(input.error().code, code);
}

void TestCertificateValidator::verdicts_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("clientAuth"); // "" = not written
    QTest::addColumn<QString>("expected");   // one letter per agent: Node Java Python Go .NET Ruby PHP RUM

    // A accepted, O needs an option, U newer runtime, X rejected (agent-options.md §6).
    const QString host = QStringLiteral("https://apm.example.com:8200");
    QTest::newRow("§6.1 private CA, full chain") << "leaf"
                                                 << "ca" << host << ""
                                                 << "OOOOOOOX";
    QTest::newRow("§6.1 self-signed leaf") << "self-signed"
                                           << "self-signed" << host << ""
                                           << "OOOOOOOX";
    QTest::newRow("§6.1 private CA, intermediate not served, CA file = intermediate + root")
        << "leaf-only"
        << "ca-bundle" << host << ""
        << "OOOOOOOX";
    QTest::newRow("§6.1 intermediate neither served nor in the CA file: only pins help") << "leaf-only"
                                                                                         << "ca" << host << ""
                                                                                         << "XXOOOXXX";
    QTest::newRow("§6.1 CA file holds only the intermediate") << "leaf-only"
                                                              << "intermediate" << host << ""
                                                              << "XOOOOXOX";
    QTest::newRow("§6.1 mutual TLS required") << "leaf"
                                              << "ca" << host << "required"
                                              << "XOXOXXXX";
    QTest::newRow("§6.3 optional client authentication changes nothing") << "leaf"
                                                                         << "ca" << host << "optional"
                                                                         << "OOOOOOOX";
    QTest::newRow("§6.2 host not in SAN: only pins help") << "wrong-host"
                                                          << "ca" << host << ""
                                                          << "XXOOOXXX";
    QTest::newRow("§6.2 CN-only, DNS host") << "cn-only"
                                            << "ca" << host << ""
                                            << "OOOOOOOX";
    QTest::newRow("§6.3 Ed25519") << "ed25519"
                                  << "ca" << host << ""
                                  << "OUOOXOOX";
    QTest::newRow("§6.3 expired: only pins help") << "expired"
                                                  << "ca" << host << ""
                                                  << "XXOOOXXX";
    QTest::newRow("§6.3 SHA-1: nobody") << "sha1"
                                        << "ca" << host << ""
                                        << "XXXXXXXX";
    QTest::newRow("§6.3 EKU without serverAuth") << "client-eku"
                                                 << "ca" << host << ""
                                                 << "XXOOOXXX";
}

void TestCertificateValidator::verdicts()
{
    QFETCH(QString, cert);
    QFETCH(QString, ca);
    QFETCH(QString, url);
    QFETCH(QString, clientAuth);
    QFETCH(QString, expected);
    ValidationFiles files;
    files.certificate = path(cert);
    files.authorities = QStringList{path(ca)};
    files.urls = QStringList{url};
    auto input = CertificateValidator::load(std::move(files));
    QVERIFY(input.ok());
    if (!clientAuth.isEmpty())
        input->clientAuthentication = clientAuth;
    const QList<AgentVerdict> verdicts = TrustVerdicts::evaluate(TrustFacts::of(*input));
    QCOMPARE(verdicts.size(), 8);
    QString got;
    for (const AgentVerdict& v : verdicts) {
        const char letter[] = {'A', 'O', 'U', 'X'};
        got += QLatin1Char(letter[int(v.verdict)]);
        // Every non-accepted verdict says why; every "needs option" says which option.
        if (v.verdict != Verdict::Accepted)
            QVERIFY2(!v.reasons.isEmpty(), qPrintable(agentName(v.agent)));
        if (v.verdict == Verdict::NeedsOption)
            QVERIFY2(!v.options.isEmpty(), qPrintable(agentName(v.agent)));
    }
    QCOMPARE(got, expected);
}

QTEST_GUILESS_MAIN(TestCertificateValidator)
#include "tst_certificatevalidator.moc"
