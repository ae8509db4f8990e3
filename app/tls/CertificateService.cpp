// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/CertificateService.h"

#include "tls/CertificateFiles.h"
#include "tls/CertificateImporter.h"
#include "tls/CertificateInfo.h"
#include "tls/CertificateIssuer.h"
#include "tls/CertificateValidator.h"
#include "tls/HostNames.h"
#include "tls/KeyGenerator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPromise>
#include <QtConcurrent>

namespace Tls {

namespace {

QString tr(const char* s)
{
    return QCoreApplication::translate("Tls::CertificateService", s);
}

// Generates one key and counts it as a progress step; false when cancelled or failed.
bool generateInto(QPromise<GeneratedSetup>& promise, GeneratedSetup& out, KeyType type, PrivateKey* key, int* step)
{
    auto k = KeyGenerator::generate(type, [&promise](int) { return !promise.isCanceled(); });
    if (!k) {
        out.error = k.error();
        return false;
    }
    *key = *k;
    promise.setProgressValue(++*step);
    return true;
}

} // namespace

QFuture<GeneratedSetup> CertificateService::generateSetup(const SetupRequest& request)
{
    return QtConcurrent::run([request](QPromise<GeneratedSetup>& promise) {
        GeneratedSetup out;
        const bool client = !request.clientName.isEmpty();
        promise.setProgressRange(0, client ? 4 : 3);
        int step = 0;
        const QDir dir(request.outDir);
        auto finish = [&promise, &out] { promise.addResult(std::move(out)); };
        if (!dir.exists() && !QDir().mkpath(request.outDir)) {
            out.error =
                Core::makeError(QStringLiteral("tls.setup"), tr("Cannot create the folder %1.").arg(request.outDir));
            return finish();
        }
        // The CA is always EC P-256: fast, and accepted by every agent; the leaf gets the chosen type.
        PrivateKey caKey, serverKey, clientKey;
        if (!generateInto(promise, out, KeyType::EcP256, &caKey, &step) ||
            !generateInto(promise, out, request.keyType, &serverKey, &step) ||
            (client && !generateInto(promise, out, KeyType::EcP256, &clientKey, &step)))
            return finish();
        static const Core::SecretBuffer kNone;
        const Core::SecretBuffer& passphrase = request.keyPassphrase ? *request.keyPassphrase : kNone;
        IssueRequest ca;
        ca.role = CertificateRole::Ca;
        ca.commonName = tr("APM Gatekeeper private CA");
        ca.subjectKey = caKey;
        auto caCert = CertificateIssuer::issue(ca);
        const SanProposal sans = HostNames::propose(request.urls, request.localHostName);
        out.notes = sans.notes;
        IssueRequest server;
        server.role = CertificateRole::Server;
        server.dnsNames = sans.dnsNames;
        server.ipAddresses = sans.ipAddresses;
        server.subjectKey = serverKey;
        server.issuerKey = caKey;
        if (caCert)
            server.issuerCertificate = *caCert;
        auto serverCert = caCert ? CertificateIssuer::issue(server) : Core::Result<Certificate>(caCert.error());
        if (!serverCert) {
            out.error = serverCert.error();
            return finish();
        }
        out.caCertificate = dir.absoluteFilePath(QStringLiteral("ca.pem"));
        out.caKey = dir.absoluteFilePath(QStringLiteral("ca.key"));
        out.serverCertificate = dir.absoluteFilePath(QStringLiteral("server.pem"));
        out.serverKey = dir.absoluteFilePath(QStringLiteral("server.key"));
        Core::Result<void> w = CertificateFiles::writeCertificates(out.caCertificate, {*caCert});
        if (w)
            w = CertificateFiles::writeKey(out.caKey, caKey, passphrase);
        if (w)
            w = CertificateFiles::writeCertificates(out.serverCertificate, {*serverCert});
        if (w)
            w = CertificateFiles::writeKey(out.serverKey, serverKey, passphrase);
        if (w && client) {
            IssueRequest c;
            c.role = CertificateRole::Client;
            c.commonName = request.clientName;
            c.subjectKey = clientKey;
            c.issuerCertificate = *caCert;
            c.issuerKey = caKey;
            auto clientCert = CertificateIssuer::issue(c);
            if (!clientCert) {
                out.error = clientCert.error();
                return finish();
            }
            out.clientCertificate = dir.absoluteFilePath(QStringLiteral("client.pem"));
            out.clientKey = dir.absoluteFilePath(QStringLiteral("client.key"));
            w = CertificateFiles::writeCertificates(out.clientCertificate, {*clientCert});
            if (w)
                w = CertificateFiles::writeKey(out.clientKey, clientKey, {});
        }
        if (!w)
            out.error = w.error();
        promise.setProgressValue(client ? 4 : 3);
        finish();
    });
}

TlsReport CertificateService::check(const TlsCheck& c)
{
    TlsReport report;
    if (c.certificate.isEmpty()) {
        Config::Finding f;
        f.severity = Config::Severity::Info;
        f.code = QStringLiteral("tls.no-certificate");
        f.message = tr("No server certificate is configured.");
        f.fix = tr("Generate a CA and a server certificate, or import yours (drop the files here).");
        f.key = QStringLiteral("apm-server.ssl.certificate");
        report.findings << f;
        return report;
    }
    ValidationFiles files;
    files.certificate = c.certificate;
    files.key = c.key;
    if (!c.agentCa.isEmpty())
        files.authorities << c.agentCa;
    files.urls = c.urls;
    if (!c.keyPassphrase.isEmpty()) {
        const std::optional<QString> resolved = Config::resolveSecret(c.keyPassphrase, m_lookup);
        files.passphrase = Core::SecretBuffer(resolved.value_or(QString()));
    }
    auto input = CertificateValidator::load(std::move(files));
    if (!input) {
        Config::Finding f;
        f.severity = Config::Severity::Error;
        f.code = QStringLiteral("tls.unreadable");
        f.message = input.error().message;
        f.fix = input.error().fix.isEmpty() ? tr("Check the path and the file.") : input.error().fix;
        f.key = QStringLiteral("apm-server.ssl.certificate");
        report.findings << f;
        return report;
    }
    input->clientAuthentication = c.clientAuthentication;
    input->caListConfigured = c.caListConfigured;
    report.findings = CertificateValidator::validate(*input);
    report.verdicts = TrustVerdicts::evaluate(TrustFacts::of(*input));
    const OrderedChain ordered = CertificateImporter::orderChain(input->chain);
    QStringList details;
    for (int i = 0; i < ordered.certificates.size(); ++i)
        details << (i == 0 ? tr("Server certificate") : tr("Issuer %1").arg(i)) + QLatin1Char('\n') +
                       CertificateInfo::of(ordered.certificates[i]).toText();
    report.details = details.join(QStringLiteral("\n\n"));
    return report;
}

bool CertificateService::needsPassword(const QString& path)
{
    auto f = CertificateImporter::read(path);
    return !f && f.error().code == QLatin1String("tls.p12-password");
}

Core::Result<ImportedPaths> CertificateService::importFile(const QString& path, const Core::SecretBuffer& password)
{
    auto file = CertificateImporter::read(path, password);
    if (!file)
        return file.error();
    ImportedPaths out;
    out.notes = file->contents;
    const QFileInfo info(path);
    const QString base = info.absoluteDir().absoluteFilePath(info.completeBaseName());
    const OrderedChain chain = CertificateImporter::orderChain(file->certificates);
    if (!chain.certificates.isEmpty()) {
        const Certificate& first = chain.certificates.constFirst();
        const bool isAuthority = first.isCa() && chain.certificates.size() == 1 && file->keys.isEmpty();
        // APM Server reads PEM only: DER and PKCS#12 contents, and chains out of order, are rewritten.
        const bool rewrite = file->format != FileFormat::Pem || chain.reordered;
        QString target = path;
        if (rewrite) {
            target = base + (isAuthority ? QStringLiteral("-ca.pem") : QStringLiteral("-chain.pem"));
            // The root stays out of the served chain; agents have it.
            QList<Certificate> served;
            for (const Certificate& c : chain.certificates) {
                if (isAuthority || !c.isSelfSigned() || served.isEmpty())
                    served << c;
            }
            if (auto w = CertificateFiles::writeCertificates(target, served); !w)
                return w.error();
            out.notes << (chain.reordered ? tr("The chain was put in order (leaf first) in %1.").arg(target)
                                          : tr("Written as PEM: %1.").arg(target));
        }
        if (isAuthority) {
            out.authority = target;
        } else {
            out.certificate = target;
            if (chain.endsAtSelfSigned && chain.certificates.size() > 1 && rewrite) {
                const QString ca = base + QStringLiteral("-ca.pem");
                if (auto w = CertificateFiles::writeCertificates(ca, {chain.certificates.constLast()}); !w)
                    return w.error();
                out.authority = ca;
            }
        }
    }
    if (!file->keys.isEmpty()) {
        if (file->format == FileFormat::Pem && !file->encryptedKey && file->certificates.isEmpty()) {
            out.key = path;
        } else {
            out.key = base + QStringLiteral(".key");
            // Written unencrypted but 0600; the panel's passphrase reference can re-encrypt later.
            if (auto w = CertificateFiles::writeKey(out.key, file->keys.constFirst(), password); !w)
                return w.error();
            out.notes << tr("The private key was written to %1 (mode 0600).").arg(out.key);
        }
    } else if (file->encryptedKeyLocked) {
        out.key = path;
        out.notes << tr("The key is encrypted: set its passphrase as a ${NAME} reference.");
    }
    return out;
}

Core::Result<TrustKit> CertificateService::writeKit(Agent agent, const QString& outDir, const TlsCheck& check,
                                                    const Core::SecretBuffer& storePassword)
{
    TrustKitRequest r;
    r.agent = agent;
    r.outDir = outDir;
    r.serverUrl = check.urls.value(0);
    if (!check.agentCa.isEmpty()) {
        auto ca = CertificateImporter::read(check.agentCa);
        if (!ca)
            return ca.error();
        r.caCertificates = ca->certificates;
    }
    if (!check.certificate.isEmpty()) {
        auto chain = CertificateImporter::read(check.certificate);
        if (!chain)
            return chain.error();
        r.serverChain = CertificateImporter::orderChain(chain->certificates).certificates;
    }
    r.storePassword = Core::SecretBuffer(QByteArray(storePassword.data(), storePassword.size()));
    return TrustKitWriter::write(r);
}

} // namespace Tls
