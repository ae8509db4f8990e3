// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "TlsFixtures.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>

namespace TestSupport {

namespace {

const char* const kConfig = R"([req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
[client]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
)";

class Runner
{
public:
    explicit Runner(const QString& dir) : m_dir(dir) {}

    bool run(const QStringList& args)
    {
        if (!m_error.isEmpty())
            return false;
        QProcess p;
        p.setWorkingDirectory(m_dir);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("FIXTURE_PASS"), QString::fromLatin1(TlsFixtures::kPassphrase));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("openssl"), args);
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            m_error = QStringLiteral("openssl %1 failed: %2")
                          .arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAllStandardError()));
            return false;
        }
        return true;
    }
    bool key(const QString& name, bool rsa = false)
    {
        if (rsa)
            return run({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-out"),
                        name});
        return run({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-out"),
                    name});
    }
    bool selfSignedCa(const QString& key, const QString& cn, const QString& out)
    {
        return run({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-x509"), QStringLiteral("-key"), key,
                    QStringLiteral("-subj"), QStringLiteral("/CN=") + cn, QStringLiteral("-days"),
                    QStringLiteral("3650"), QStringLiteral("-config"), QStringLiteral("fixtures.cnf"),
                    QStringLiteral("-extensions"), QStringLiteral("ca"), QStringLiteral("-out"), out});
    }
    bool sign(const QString& key, const QString& cn, const QString& caCert, const QString& caKey,
              const QString& extensions, const QString& out, const QString& days = QStringLiteral("825"))
    {
        const QString csr = out + QStringLiteral(".csr");
        return run({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"), key, QStringLiteral("-subj"),
                    QStringLiteral("/CN=") + cn, QStringLiteral("-config"), QStringLiteral("fixtures.cnf"),
                    QStringLiteral("-out"), csr}) &&
               run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr, QStringLiteral("-CA"),
                    caCert, QStringLiteral("-CAkey"), caKey, QStringLiteral("-set_serial"), QString::number(++m_serial),
                    QStringLiteral("-days"), days, QStringLiteral("-extfile"), QStringLiteral("fixtures.cnf"),
                    QStringLiteral("-extensions"), extensions, QStringLiteral("-out"), out});
    }
    QString error() const { return m_error; }
    void setError(const QString& e) { m_error = e; }

private:
    QString m_dir;
    QString m_error;
    int m_serial = 1000;
};

} // namespace

TlsFixtures TlsFixtures::generate(const QString& dirPath)
{
    TlsFixtures f;
    const QDir dir(dirPath);
    f.dir = dir.absolutePath();
    auto path = [&dir](const char* name) { return dir.absoluteFilePath(QString::fromLatin1(name)); };
    f.caCert = path("ca.pem");
    f.caKey = path("ca.key");
    f.serverCert = path("server.pem");
    f.serverKey = path("server.key");
    f.intermediateCert = path("intermediate.pem");
    f.chainCert = path("chain.pem");
    f.chainKey = path("chain.key");
    f.clientCert = path("client.pem");
    f.clientKey = path("client.key");
    f.foreignCaCert = path("foreign-ca.pem");
    f.foreignClientCert = path("foreign-client.pem");
    f.foreignClientKey = path("foreign-client.key");
    f.encryptedKey = path("server-encrypted.key");
    f.otherKey = path("other.key");
    f.expiredCert = path("expired.pem");
    f.expiredKey = path("expired.key");
    f.notPem = path("not-pem.txt");

    QFile cnf(dir.absoluteFilePath(QStringLiteral("fixtures.cnf")));
    if (!cnf.open(QIODevice::WriteOnly) || cnf.write(kConfig) < 0) {
        f.error = QStringLiteral("cannot write fixtures.cnf");
        return f;
    }
    cnf.close();
    QFile junk(f.notPem);
    if (!junk.open(QIODevice::WriteOnly) || junk.write("this is not a PEM file\n") < 0) {
        f.error = QStringLiteral("cannot write not-pem.txt");
        return f;
    }
    junk.close();

    Runner r(f.dir);
    r.key(f.caKey);
    r.selfSignedCa(f.caKey, QStringLiteral("Gatekeeper Test CA"), f.caCert);
    r.key(f.serverKey, true);
    r.sign(f.serverKey, QStringLiteral("localhost"), f.caCert, f.caKey, QStringLiteral("server"), f.serverCert);
    const QString intermediateKey = path("intermediate.key");
    r.key(intermediateKey);
    r.sign(intermediateKey, QStringLiteral("Gatekeeper Test Intermediate"), f.caCert, f.caKey, QStringLiteral("ca"),
           f.intermediateCert);
    const QString chainLeaf = path("chain-leaf.pem");
    r.key(f.chainKey);
    r.sign(f.chainKey, QStringLiteral("localhost"), f.intermediateCert, intermediateKey, QStringLiteral("server"),
           chainLeaf);
    r.key(f.clientKey);
    r.sign(f.clientKey, QStringLiteral("gatekeeper-agent"), f.caCert, f.caKey, QStringLiteral("client"), f.clientCert);
    const QString foreignCaKey = path("foreign-ca.key");
    r.key(foreignCaKey);
    r.selfSignedCa(foreignCaKey, QStringLiteral("Foreign Test CA"), f.foreignCaCert);
    r.key(f.foreignClientKey);
    r.sign(f.foreignClientKey, QStringLiteral("foreign-agent"), f.foreignCaCert, foreignCaKey, QStringLiteral("client"),
           f.foreignClientCert);
    // The passphrase comes from the environment, not the command line.
    r.run({QStringLiteral("pkey"), QStringLiteral("-in"), f.serverKey, QStringLiteral("-aes256"),
           QStringLiteral("-passout"), QStringLiteral("env:FIXTURE_PASS"), QStringLiteral("-out"), f.encryptedKey});
    r.key(f.otherKey, true);
    // -days -1: notAfter lies a day before notBefore, so the certificate is expired now.
    r.key(f.expiredKey);
    r.sign(f.expiredKey, QStringLiteral("localhost"), f.caCert, f.caKey, QStringLiteral("server"), f.expiredCert,
           QStringLiteral("-1"));
    if (r.error().isEmpty()) {
        QFile leaf(chainLeaf);
        QFile intermediate(f.intermediateCert);
        QFile chain(f.chainCert);
        if (!leaf.open(QIODevice::ReadOnly) || !intermediate.open(QIODevice::ReadOnly) ||
            !chain.open(QIODevice::WriteOnly) || chain.write(leaf.readAll() + intermediate.readAll()) < 0)
            r.setError(QStringLiteral("cannot write chain.pem"));
    }
    f.error = r.error();
    return f;
}

} // namespace TestSupport
