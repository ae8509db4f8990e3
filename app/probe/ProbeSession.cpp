// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "probe/ProbeSession.h"

#include "apikeys/ApiKeyRegistry.h"
#include "apikeys/SecretHash.h"
#include "config/SecretReference.h"
#include "core/AtomicFile.h"
#include "intake/IntakeServer.h"
#include "intake/StubOptions.h"
#include "probe/ScenarioMatrix.h"

#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QRandomGenerator>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace Probe {

namespace {

struct OsslDeleter
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, OsslDeleter>;

QByteArray bioBytes(BIO* bio)
{
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(n));
}

// A throwaway self-signed client certificate (P-256, one day): the "foreign" client the server's
// CAs never signed. Made here so the probe does not depend on files the user may not have.
std::pair<QSslCertificate, QSslKey> foreignIdentity()
{
    Owned<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    Owned<X509> cert(X509_new());
    if (!key || !cert)
        return std::pair<QSslCertificate, QSslKey>();
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), long(QRandomGenerator::system()->bounded(1, 1 << 30)));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("apm-gatekeeper probe foreign client"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
        return std::pair<QSslCertificate, QSslKey>();
    Owned<BIO> certBio(BIO_new(BIO_s_mem()));
    Owned<BIO> keyBio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(certBio.get(), cert.get());
    PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return {QSslCertificate(bioBytes(certBio.get()), QSsl::Pem), QSslKey(bioBytes(keyBio.get()), QSsl::Ec, QSsl::Pem)};
}

Core::Result<QList<QSslCertificate>> readCertificates(const QString& path, const char* what)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Core::makeError(
            QStringLiteral("probe.file"),
            QCoreApplication::translate("Probe::ProbeSession", "Cannot read the %1 %2").arg(QLatin1String(what), path),
            f.errorString(), QCoreApplication::translate("Probe::ProbeSession", "Check the path and its permissions."));
    const QList<QSslCertificate> certs = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
    if (certs.isEmpty())
        return Core::makeError(
            QStringLiteral("probe.file"),
            QCoreApplication::translate("Probe::ProbeSession", "%1 holds no PEM certificate").arg(path), {},
            QCoreApplication::translate("Probe::ProbeSession", "Give a PEM file (-----BEGIN CERTIFICATE-----)."));
    return certs;
}

Core::Result<QSslKey> readKey(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Core::makeError(
            QStringLiteral("probe.file"),
            QCoreApplication::translate("Probe::ProbeSession", "Cannot read the client key %1").arg(path),
            f.errorString(), QCoreApplication::translate("Probe::ProbeSession", "Check the path and its permissions."));
    const QByteArray pem = f.readAll();
    for (QSsl::KeyAlgorithm a : {QSsl::Rsa, QSsl::Ec}) {
        QSslKey k(pem, a, QSsl::Pem);
        if (!k.isNull())
            return k;
    }
    return Core::makeError(
        QStringLiteral("probe.file"),
        QCoreApplication::translate("Probe::ProbeSession", "%1 holds no unencrypted PEM private key").arg(path), {},
        QCoreApplication::translate("Probe::ProbeSession", "Give the client certificate's key as unencrypted PEM."));
}

} // namespace

ProbeSession::ProbeSession(QObject* parent) : QObject(parent)
{
    connect(&m_runner, &ProbeRunner::progress, this, &ProbeSession::progress);
    connect(&m_runner, &ProbeRunner::finished, this, &ProbeSession::runnerFinished);
}

ProbeSession::~ProbeSession()
{
    m_runner.cancel();
}

bool ProbeSession::isLoopbackHost(const QString& host)
{
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress a(host);
    return !a.isNull() && a.isLoopback();
}

Core::Result<void> ProbeSession::prepareEmbedded(const ProbeRequestSpec& spec, ProbeInputs& inputs,
                                                 RunnerOptions& options)
{
    m_dataDir = std::make_unique<QTemporaryDir>();
    if (!m_dataDir->isValid())
        return Core::makeError(
            QStringLiteral("probe.tempdir"),
            QCoreApplication::translate("Probe::ProbeSession", "Cannot create a temporary directory"),
            m_dataDir->errorString(), {});
    const Config::EffectiveSettings& e = spec.effective;
    // The token: the user's value, else a throwaway one (the document holds only a reference).
    if (!e.secretToken.value.isEmpty() && !Config::SecretReference::isReference(e.secretToken.value)) {
        inputs.secretToken = e.secretToken.value; // written in clear in the file (the linter says so)
    } else if (!e.secretToken.value.isEmpty()) {
        inputs.secretToken = !spec.secretToken.isEmpty()
                                 ? spec.secretToken
                                 : QString::number(QRandomGenerator::system()->generate64(), 36) +
                                       QString::number(QRandomGenerator::system()->generate64(), 36);
    }
    // API keys of every kind in a registry only this run uses (§3.4).
    if (e.apiKeyEnabled.value) {
        using P = Config::Privilege;
        ApiKeys::ApiKeyRegistry registry(m_dataDir->path());
        registry.setHashIterations(ApiKeys::SecretHash::kMinIterations);
        struct Make
        {
            const char* label;
            QList<P> privileges;
            ApiKeyVariant::State state;
            const char* variable;
        };
        const QList<Make> makes = {
            {"all privileges", {P::EventWrite, P::ConfigAgentRead, P::SourcemapWrite}, ApiKeyVariant::State::Valid, "APM_API_KEY_ALL"},
            {"event:write", {P::EventWrite}, ApiKeyVariant::State::Valid, "APM_API_KEY_INGEST"},
            {"config_agent:read", {P::ConfigAgentRead}, ApiKeyVariant::State::Valid, "APM_API_KEY_CONFIG"},
            {"invalidated", {P::EventWrite}, ApiKeyVariant::State::Invalidated, "APM_API_KEY_INVALIDATED"},
        };
        for (const Make& m : makes) {
            auto created = registry.create(QStringLiteral("probe ") + QLatin1String(m.label), m.privileges);
            if (!created)
                return created.error();
            if (m.state == ApiKeyVariant::State::Invalidated) {
                if (auto inv = registry.invalidateById(created->key.id); !inv)
                    return inv.error();
            }
            inputs.apiKeys << ApiKeyVariant{QLatin1String(m.label), QByteArray(created->credentials.view().data(), created->credentials.size()),
                                            QSet<P>(m.privileges.cbegin(), m.privileges.cend()), m.state,
                                            QLatin1String(m.variable), false};
        }
        // An expired key: created "two days ago" with a one-day lifetime.
        ApiKeys::ApiKeyRegistry past(m_dataDir->path(), [] { return QDateTime::currentDateTimeUtc().addDays(-2); });
        past.setHashIterations(ApiKeys::SecretHash::kMinIterations);
        auto expired = past.create(QStringLiteral("probe expired"), {P::EventWrite}, std::chrono::hours(24));
        if (!expired)
            return expired.error();
        inputs.apiKeys << ApiKeyVariant{QStringLiteral("expired"), QByteArray(expired->credentials.view().data(), expired->credentials.size()),
                                        {P::EventWrite}, ApiKeyVariant::State::Expired,
                                        QStringLiteral("APM_API_KEY_EXPIRED"), false};
    }
    const QString token = inputs.secretToken;
    auto stub = Intake::stubOptionsFor(e, [token](const QString&) { return std::optional<QString>(token); },
                                       m_dataDir->path(), nullptr);
    if (!stub)
        return stub.error();
    m_server = std::make_unique<Intake::IntakeServer>();
    if (auto r = m_server->start(*stub, QHostAddress::LocalHost, 0); !r)
        return r.error();
    m_report.target = m_server->url();
    m_report.mode = QCoreApplication::translate("Probe::ProbeSession", "embedded stub");
    // Without --ca, the stub's own certificate is trusted by pinning its leaf.
    if (m_server->tlsEnabled() && spec.caFile.isEmpty()) {
        auto certs = readCertificates(e.certificate.value, "certificate");
        if (certs) {
            options.pinnedLeaf = certs->constFirst();
            m_report.curl.pinnedCertFile = e.certificate.value;
        }
    }
    return {};
}

Core::Result<void> ProbeSession::start(const ProbeRequestSpec& spec)
{
    m_runner.cancel();
    m_server.reset();
    m_report = ProbeReport();
    m_report.profile = Config::profileVersion(spec.effective.profile);
    ProbeInputs inputs;
    RunnerOptions options;
    options.timeoutMs = spec.timeoutMs;
    inputs.secretTokenVariable = spec.secretTokenVariable;
    inputs.origins = spec.origins;
    if (!spec.caFile.isEmpty()) {
        auto ca = readCertificates(spec.caFile, "CA file");
        if (!ca)
            return ca.error();
        options.caCertificates = *ca;
        m_report.curl.caFile = spec.caFile;
    }
    if (!spec.clientCertFile.isEmpty()) {
        auto cert = readCertificates(spec.clientCertFile, "client certificate");
        if (!cert)
            return cert.error();
        auto key = readKey(spec.clientKeyFile);
        if (!key)
            return key.error();
        options.clientCertificate = cert->constFirst();
        options.clientKey = *key;
        inputs.haveClientCert = true;
        m_report.curl.clientCert = spec.clientCertFile;
        m_report.curl.clientKey = spec.clientKeyFile;
    }
    m_report.curl.reveal = spec.reveal;

    if (spec.embedded) {
        if (auto r = prepareEmbedded(spec, inputs, options); !r)
            return r;
        inputs.burst = spec.burst;
    } else {
        m_report.target = spec.url;
        m_report.mode = QCoreApplication::translate("Probe::ProbeSession", "URL");
        inputs.secretToken = spec.secretToken;
        if (!spec.apiKey.isEmpty()) {
            using P = Config::Privilege;
            inputs.apiKeys << ApiKeyVariant{QStringLiteral("your key"), spec.apiKey,
                                            {P::EventWrite, P::ConfigAgentRead, P::SourcemapWrite},
                                            ApiKeyVariant::State::Valid, spec.apiKeyVariable, true};
            m_report.notes << QCoreApplication::translate(
                "Probe::ProbeSession", "the expectations assume your API key holds all three privileges");
        }
        inputs.burst = spec.burst;
        if (spec.burst && !isLoopbackHost(spec.url.host()))
            m_report.notes << QCoreApplication::translate(
                                  "Probe::ProbeSession",
                                  "the burst sends up to 3 × event_limit + 10 anonymous requests within 2 s to %1: "
                                  "run it only against your own server")
                                  .arg(spec.url.host());
    }
    if (inputs.burst && spec.effective.authRequired.value && spec.effective.anonymousEnabled.value)
        m_report.notes << QCoreApplication::translate("Probe::ProbeSession",
                                                      "burst: at most %1 requests within 2 s to %2")
                              .arg(3 * spec.effective.eventLimit.value + 10)
                              .arg(m_report.target.host());
    inputs.tls = m_report.target.scheme() == QLatin1String("https");
    if (inputs.tls) {
        auto [cert, key] = foreignIdentity();
        options.foreignCertificate = cert;
        options.foreignKey = key;
    }
    m_report.scenarios = buildMatrix(spec.effective, inputs);
    m_runner.start(m_report.target, m_report.scenarios, options);
    return {};
}

void ProbeSession::cancel()
{
    m_runner.cancel();
}

void ProbeSession::runnerFinished()
{
    m_report.observations = m_runner.observations();
    m_report.wallMs = m_runner.wallMs();
    m_report.classifyAll();
    emit finished();
}

} // namespace Probe
