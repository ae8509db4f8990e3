// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "GeneratedTls.h"

#include "tls/CertificateFiles.h"
#include "tls/CertificateIssuer.h"
#include "tls/KeyGenerator.h"

#include <QDir>
#include <QFile>

namespace TestSupport {

using namespace Tls;

namespace {

class Maker
{
public:
    explicit Maker(const QString& dir) : m_dir(dir) {}

    PrivateKey key(KeyType type = KeyType::EcP256)
    {
        auto k = KeyGenerator::generate(type);
        if (!k) {
            fail(k.error().toString());
            return {};
        }
        return *k;
    }
    Certificate issue(IssueRequest r)
    {
        if (!error.isEmpty())
            return {};
        auto c = CertificateIssuer::issue(r);
        if (!c) {
            fail(c.error().toString());
            return {};
        }
        return *c;
    }
    QString certs(const char* name, const QList<Certificate>& list)
    {
        const QString p = m_dir.absoluteFilePath(QString::fromLatin1(name));
        if (auto w = CertificateFiles::writeCertificates(p, list); !w)
            fail(w.error().toString());
        return p;
    }
    QString keyFile(const char* name, const PrivateKey& k, const QByteArray& pass = {})
    {
        const QString p = m_dir.absoluteFilePath(QString::fromLatin1(name));
        if (auto w = CertificateFiles::writeKey(p, k, Core::SecretBuffer(pass)); !w)
            fail(w.error().toString());
        return p;
    }
    void fail(const QString& e)
    {
        if (error.isEmpty())
            error = e;
    }
    QString error;

private:
    QDir m_dir;
};

IssueRequest server(const Certificate& issuer, const PrivateKey& issuerKey, const PrivateKey& key)
{
    IssueRequest r;
    r.role = CertificateRole::Server;
    r.commonName = QString::fromLatin1(GeneratedTls::kHost);
    r.dnsNames = {QString::fromLatin1(GeneratedTls::kHost), QStringLiteral("localhost")};
    r.ipAddresses = {QStringLiteral("127.0.0.1")};
    r.subjectKey = key;
    r.issuerCertificate = issuer;
    r.issuerKey = issuerKey;
    return r;
}

} // namespace

GeneratedTls GeneratedTls::create(const QString& dirPath)
{
    GeneratedTls g;
    g.dir = QDir(dirPath).absolutePath();
    Maker m(g.dir);
    const QDateTime now = QDateTime::currentDateTimeUtc();

    IssueRequest ca;
    ca.role = CertificateRole::Ca;
    ca.commonName = QStringLiteral("Generated Test Root");
    ca.subjectKey = m.key();
    const Certificate root = m.issue(ca);
    const PrivateKey rootKey = ca.subjectKey;
    g.caCert = m.certs("ca.pem", {root});
    g.caKey = m.keyFile("ca.key", rootKey);

    IssueRequest inter = ca;
    inter.commonName = QStringLiteral("Generated Test Intermediate");
    inter.subjectKey = m.key();
    inter.issuerCertificate = root;
    inter.issuerKey = rootKey;
    inter.pathLength = 0;
    const Certificate intermediate = m.issue(inter);
    g.intermediateCert = m.certs("intermediate.pem", {intermediate});
    g.intermediateKey = m.keyFile("intermediate.key", inter.subjectKey);
    g.caBundle = m.certs("ca-bundle.pem", {intermediate, root});

    IssueRequest foreign = ca;
    foreign.commonName = QStringLiteral("Generated Foreign Root");
    foreign.subjectKey = m.key();
    g.foreignCaCert = m.certs("foreign-ca.pem", {m.issue(foreign)});

    const PrivateKey leafKey = m.key();
    g.leafKey = m.keyFile("leaf.key", leafKey);
    g.leafCert = m.certs("leaf.pem", {m.issue(server(root, rootKey, leafKey))});
    g.encryptedKey = m.keyFile("leaf-encrypted.key", leafKey, kPassphrase);
    g.looseKey = m.keyFile("leaf-loose.key", leafKey);
    QFile::setPermissions(g.looseKey, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                          QFileDevice::ReadOther);

    const PrivateKey rsaKey = m.key(KeyType::Rsa2048);
    g.leafRsaKey = m.keyFile("leaf-rsa.key", rsaKey);
    g.leafRsaCert = m.certs("leaf-rsa.pem", {m.issue(server(root, rootKey, rsaKey))});

    const PrivateKey chainKey = m.key();
    g.chainKey = m.keyFile("chain.key", chainKey);
    const Certificate chainLeaf = m.issue(server(intermediate, inter.subjectKey, chainKey));
    g.chainFile = m.certs("chain.pem", {chainLeaf, intermediate});
    g.leafOnlyFile = m.certs("chain-leaf-only.pem", {chainLeaf});
    g.reversedFile = m.certs("chain-reversed.pem", {intermediate, chainLeaf});

    IssueRequest r = server(root, rootKey, leafKey);
    r.notBefore = now.addDays(-400);
    r.notAfter = now.addDays(-3);
    g.expiredCert = m.certs("expired.pem", {m.issue(r)});
    r = server(root, rootKey, leafKey);
    r.notBefore = now.addDays(2);
    r.notAfter = now.addDays(300);
    g.notYetValidCert = m.certs("not-yet-valid.pem", {m.issue(r)});
    r = server(root, rootKey, leafKey);
    r.notBefore = now.addDays(-380);
    r.notAfter = now.addDays(10);
    g.expiringSoonCert = m.certs("expiring-soon.pem", {m.issue(r)});
    r = server(root, rootKey, leafKey);
    r.dnsNames = {QStringLiteral("other.example.org")};
    r.ipAddresses.clear();
    g.wrongHostCert = m.certs("wrong-host.pem", {m.issue(r)});
    r = server(root, rootKey, leafKey);
    r.omitSubjectAltName = true;
    g.cnOnlyCert = m.certs("cn-only.pem", {m.issue(r)});
    r = server(root, rootKey, leafKey);
    r.signatureDigestOverride = QStringLiteral("SHA1");
    g.sha1Cert = m.certs("sha1.pem", {m.issue(r)});
    r = server(root, rootKey, leafKey);
    r.dnsNames = {QStringLiteral("127.0.0.1")};
    r.ipAddresses.clear();
    g.ipAsDnsCert = m.certs("ip-as-dns.pem", {m.issue(r)});
    r = server(root, rootKey, leafKey);
    r.omitAuthorityKeyIdentifier = true;
    g.noAkiCert = m.certs("no-aki.pem", {m.issue(r)});
    r = server(root, rootKey, leafKey);
    r.validityDays = 900;
    g.longLivedCert = m.certs("long-lived.pem", {m.issue(r)});

    auto weak = KeyGenerator::generateRsa(1024);
    if (!weak)
        m.fail(weak.error().toString());
    else {
        g.weakRsaKey = m.keyFile("weak-rsa.key", *weak);
        g.weakRsaCert = m.certs("weak-rsa.pem", {m.issue(server(root, rootKey, *weak))});
    }

    const PrivateKey selfKey = m.key();
    r = server({}, {}, selfKey);
    g.selfSignedKey = m.keyFile("self-signed.key", selfKey);
    g.selfSignedCert = m.certs("self-signed.pem", {m.issue(r)});

    const PrivateKey edKey = m.key(KeyType::Ed25519);
    g.ed25519Key = m.keyFile("ed25519.key", edKey);
    g.ed25519Cert = m.certs("ed25519.pem", {m.issue(server(root, rootKey, edKey))});

    IssueRequest client;
    client.role = CertificateRole::Client;
    client.commonName = QStringLiteral("checkout-service");
    client.subjectKey = m.key();
    client.issuerCertificate = root;
    client.issuerKey = rootKey;
    g.clientKey = m.keyFile("client.key", client.subjectKey);
    g.clientCert = m.certs("client.pem", {m.issue(client)});
    client.subjectKey = leafKey;
    g.clientEkuCert = m.certs("client-eku.pem", {m.issue(client)});

    g.otherKey = m.keyFile("other.key", m.key());
    g.error = m.error;
    return g;
}

} // namespace TestSupport
