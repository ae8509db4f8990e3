// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/TrustVerdicts.h"

#include "tls/CertificateImporter.h"
#include "tls/CertificateInfo.h"
#include "tls/HostNames.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <openssl/err.h>

namespace Tls {

namespace {

// One row of agent-options.md §6 for one agent.
struct Cell
{
    char kind = 'A';          // A, O, U, X
    QString option;           // for O
    QString reason;           // for O, U, X
    bool pinnable = false;    // X that a pin turns into A (Python, Go, .NET: rule 6.4.2)
    bool survivesPin = false; // an O that still applies with a pin (mutual TLS)
};

Cell accepted()
{
    return {};
}
Cell option(const QString& what, const QString& why)
{
    return Cell{'O', what, why, false};
}
Cell rejected(const QString& why, bool pinnable = false)
{
    return Cell{'X', {}, why, pinnable};
}
Cell newer(const QString& why)
{
    return Cell{'U', {}, why, false};
}

bool hasPin(Agent a)
{
    return a == Agent::Python || a == Agent::Go || a == Agent::DotNet;
}

QString pinOption(Agent a)
{
    switch (a) {
    case Agent::Python:
        return QCoreApplication::translate(
            "Tls::TrustVerdicts",
            "pin: ELASTIC_APM_SERVER_CERT=<server certificate PEM> (agent ≥ 4.2.0; renew with every "
            "certificate)");
    case Agent::Go:
        return QCoreApplication::translate(
            "Tls::TrustVerdicts",
            "pin: ELASTIC_APM_SERVER_CERT=<server certificate PEM> (agent ≥ 1.1.0; renew with every "
            "certificate)");
    case Agent::DotNet:
        return QCoreApplication::translate(
            "Tls::TrustVerdicts",
            "pin: ServerCert / ELASTIC_APM_SERVER_CERT=<server certificate PEM> (agent ≥ 1.9; pins the "
            "public key; not with VerifyServerCert=false)");
    default:
        return {};
    }
}

QString caFileOption(Agent a, const QString& what)
{
    switch (a) {
    case Agent::NodeJs:
        return QCoreApplication::translate(
                   "Tls::TrustVerdicts",
                   "serverCaCertFile / ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (agent ≥ 3.3.0; older: NODE_EXTRA_CA_CERTS)")
            .arg(what);
    case Agent::Java:
        return QCoreApplication::translate(
                   "Tls::TrustVerdicts",
                   "-Djavax.net.ssl.trustStore=<trust store with %1> -Djavax.net.ssl.trustStorePassword=… "
                   "-Djavax.net.ssl.trustStoreType=PKCS12")
            .arg(what);
    case Agent::Python:
        return QCoreApplication::translate("Tls::TrustVerdicts", "ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (agent ≥ 6.17.0)")
            .arg(what);
    case Agent::Go:
        return QCoreApplication::translate("Tls::TrustVerdicts", "ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (agent ≥ 1.13.0)")
            .arg(what);
    case Agent::DotNet:
        return QCoreApplication::translate(
                   "Tls::TrustVerdicts",
                   "%1 installed in the OS trust store (Windows LocalMachine\\Root; Linux update-ca-certificates)")
            .arg(what);
    case Agent::Ruby:
        return QCoreApplication::translate(
                   "Tls::TrustVerdicts",
                   "server_ca_cert_file / ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (agent ≥ 3.13.0; 2.4–3.12: "
                   "server_ca_cert)")
            .arg(what);
    case Agent::Php:
        return QCoreApplication::translate(
                   "Tls::TrustVerdicts",
                   "%1 installed in the OS trust store (update-ca-certificates): PHP has no CA-file option")
            .arg(what);
    case Agent::Rum:
        return QCoreApplication::translate("Tls::TrustVerdicts",
                                           "%1 trusted by every visitor's browser (managed devices only)")
            .arg(what);
    }
    return {};
}

QList<Cell> cells(const TrustFacts& f, Agent a)
{
    QList<Cell> out;
    using Anchor = TrustFacts::Anchor;
    const QString ca = QCoreApplication::translate("Tls::TrustVerdicts", "the CA certificate (ca.pem)");
    // §6.1 Trust anchor
    switch (f.anchor) {
    case Anchor::PublicRoot:
        out << accepted();
        break;
    case Anchor::PrivateCa:
        if (a == Agent::Rum)
            out << rejected(QCoreApplication::translate(
                "Tls::TrustVerdicts", "browsers trust only public CAs (a private CA works only on managed devices)"));
        else if (f.servedChainIncomplete && a == Agent::DotNet)
            out << rejected(
                QCoreApplication::translate("Tls::TrustVerdicts",
                                            "the server sends no intermediate; .NET's behaviour is unverified"),
                true);
        else
            out << option(
                caFileOption(a, f.servedChainIncomplete ? QCoreApplication::translate(
                                                              "Tls::TrustVerdicts", "the intermediate and the root CA")
                                                        : ca),
                f.servedChainIncomplete
                    ? QCoreApplication::translate("Tls::TrustVerdicts",
                                                  "private CA, and the server does not send the intermediate")
                    : QCoreApplication::translate("Tls::TrustVerdicts", "the certificate comes from a private CA"));
        break;
    case Anchor::SelfSignedLeaf:
        if (a == Agent::Rum)
            out << rejected(
                QCoreApplication::translate("Tls::TrustVerdicts", "browsers do not accept a self-signed certificate"));
        else
            out << option(
                caFileOption(a, QCoreApplication::translate("Tls::TrustVerdicts", "the server certificate itself")),
                QCoreApplication::translate("Tls::TrustVerdicts", "the certificate is self-signed"));
        break;
    case Anchor::Untrusted:
        out << rejected(
            QCoreApplication::translate("Tls::TrustVerdicts",
                                        "the chain does not verify against the CA given (or any system root)"),
            true);
        break;
    }
    if (f.caFileIntermediateOnly) {
        if (a == Agent::NodeJs || a == Agent::Ruby)
            out << rejected(QCoreApplication::translate(
                "Tls::TrustVerdicts", "the CA file holds only the intermediate; this agent needs the root too"));
        else if (a == Agent::Python)
            out << rejected(
                QCoreApplication::translate(
                    "Tls::TrustVerdicts", "the CA file holds only the intermediate; Python ≤ 3.12 needs the root too"),
                true);
    }
    if (f.clientCertificateRequired) {
        if (a == Agent::Java)
            out << option(
                QCoreApplication::translate("Tls::TrustVerdicts",
                                            "-Djavax.net.ssl.keyStore=<client.p12> -Djavax.net.ssl.keyStorePassword=… "
                                            "-Djavax.net.ssl.keyStoreType=PKCS12 (agent ≥ 1.28.3)"),
                QCoreApplication::translate("Tls::TrustVerdicts", "the server requires a client certificate"));
        else if (a == Agent::Go)
            out << option(
                QCoreApplication::translate(
                    "Tls::TrustVerdicts",
                    "client certificate from code only: transport.HTTPTransportOptions{TLSClientConfig} "
                    "(the TLS environment variables are then ignored)"),
                QCoreApplication::translate("Tls::TrustVerdicts", "the server requires a client certificate"));
        if (a == Agent::Java || a == Agent::Go)
            out.last().survivesPin = true;
        else
            out << rejected(QCoreApplication::translate(
                "Tls::TrustVerdicts", "the server requires a client certificate and this agent cannot send one"));
    }
    // §6.2 Names
    for (const QString& h : f.hostsNotCovered)
        out << rejected(
            QCoreApplication::translate("Tls::TrustVerdicts", "%1 is not in the certificate's names").arg(h), true);
    for (const QString& h : f.hostsCnOnly) {
        if (a == Agent::NodeJs || a == Agent::Java || a == Agent::Ruby || a == Agent::Php)
            out << accepted();
        else
            out << rejected(
                QCoreApplication::translate("Tls::TrustVerdicts", "%1 matches only the legacy Common Name").arg(h),
                a != Agent::Rum);
    }
    for (const QString& h : f.ipHostsWithoutIpSan)
        out << rejected(QCoreApplication::translate("Tls::TrustVerdicts",
                                                    "%1 is an IP address and the certificate has no IP SAN for it")
                            .arg(h),
                        true);
    // §6.3 Key type and other properties
    if (f.edDsa) {
        if (a == Agent::Java)
            out << newer(QCoreApplication::translate("Tls::TrustVerdicts", "Ed25519 needs JDK 16 or later"));
        else if (a == Agent::DotNet || a == Agent::Rum)
            out << rejected(QCoreApplication::translate(
                "Tls::TrustVerdicts", "Ed25519 is not supported (browsers; .NET on Windows, unverified on Linux)"));
    }
    if (f.weakCrypto)
        out << rejected(
            QCoreApplication::translate("Tls::TrustVerdicts", "RSA key under 2048 bits or SHA-1 signature"));
    if (f.notValidNow)
        out << rejected(
            QCoreApplication::translate("Tls::TrustVerdicts", "the certificate is expired or not yet valid"), true);
    if (f.ekuWithoutServerAuth)
        out << rejected(QCoreApplication::translate("Tls::TrustVerdicts", "the extended key usage lacks serverAuth"),
                        true);
    if (f.strictX509Problem && (a == Agent::Python || a == Agent::DotNet || a == Agent::Rum))
        out << rejected(
            a == Agent::Python
                ? QCoreApplication::translate("Tls::TrustVerdicts",
                                              "no Authority Key Identifier or CA basicConstraints not critical: "
                                              "Python ≥ 3.13 with urllib3 ≥ 2.3 refuses it")
                : QCoreApplication::translate("Tls::TrustVerdicts",
                                              "no Authority Key Identifier or CA basicConstraints not critical "
                                              "(unverified for this client)"),
            a != Agent::Rum);
    if (f.validityOver825Days && (a == Agent::Rum || a == Agent::Go || a == Agent::DotNet))
        out << rejected(QCoreApplication::translate(
                            "Tls::TrustVerdicts",
                            "valid for more than 825 days: refused by Safari and by the macOS system verifier"),
                        a != Agent::Rum);
    return out;
}

} // namespace

QList<Agent> allAgents()
{
    return {Agent::NodeJs, Agent::Java, Agent::Python, Agent::Go, Agent::DotNet, Agent::Ruby, Agent::Php, Agent::Rum};
}

QString agentName(Agent agent)
{
    static const char* const names[] = {"nodejs", "java", "python", "go", "dotnet", "ruby", "php", "rum"};
    return QString::fromLatin1(names[int(agent)]);
}

QString agentLabel(Agent agent)
{
    static const char* const labels[] = {"Node.js", "Java", "Python", "Go", ".NET", "Ruby", "PHP", "RUM (browser)"};
    return QString::fromLatin1(labels[int(agent)]);
}

std::optional<Agent> agentFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    for (const Agent a : allAgents()) {
        if (agentName(a) == n)
            return a;
    }
    if (n == QLatin1String("node") || n == QLatin1String("node.js"))
        return Agent::NodeJs;
    if (n == QLatin1String(".net") || n == QLatin1String("net"))
        return Agent::DotNet;
    if (n == QLatin1String("js") || n == QLatin1String("browser") || n == QLatin1String("rum-js"))
        return Agent::Rum;
    return std::nullopt;
}

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Accepted:
        return QStringLiteral("accepted");
    case Verdict::NeedsOption:
        return QStringLiteral("needs-option");
    case Verdict::NeedsNewerRuntime:
        return QStringLiteral("needs-newer-runtime");
    case Verdict::Rejected:
        return QStringLiteral("rejected");
    }
    return {};
}

QJsonObject AgentVerdict::toJson() const
{
    return QJsonObject{{QStringLiteral("agent"), agentName(agent)},
                       {QStringLiteral("verdict"), verdictName(verdict)},
                       {QStringLiteral("options"), QJsonArray::fromStringList(options)},
                       {QStringLiteral("reasons"), QJsonArray::fromStringList(reasons)}};
}

TrustFacts TrustFacts::of(const ValidationInput& in)
{
    TrustFacts f;
    if (in.chain.isEmpty())
        return f;
    const OrderedChain ordered = CertificateImporter::orderChain(in.chain);
    const CertificateInfo leaf = CertificateInfo::of(ordered.certificates.constFirst());
    const Certificate& top = ordered.certificates.constLast();

    // Which anchor makes the chain verify: a given CA, the system store, or nothing.
    auto verifies = [&](const QList<Certificate>& anchors, bool system) {
        X509StorePtr store(X509_STORE_new());
        if (system)
            X509_STORE_set_default_paths(store.get());
        for (const Certificate& c : anchors)
            X509_STORE_add_cert(store.get(), c.handle());
        X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
        X509StackPtr untrusted(sk_X509_new_null());
        for (int i = 1; i < ordered.certificates.size(); ++i) {
            X509_up_ref(ordered.certificates[i].handle());
            sk_X509_push(untrusted.get(), ordered.certificates[i].handle());
        }
        X509StoreCtxPtr ctx(X509_STORE_CTX_new());
        const bool ok = ctx &&
                        X509_STORE_CTX_init(ctx.get(), store.get(), ordered.certificates.constFirst().handle(),
                                            untrusted.get()) == 1 &&
                        X509_verify_cert(ctx.get()) == 1;
        ERR_clear_error();
        return ok;
    };
    if (leaf.selfSigned && !leaf.isCa)
        f.anchor = Anchor::SelfSignedLeaf;
    else if (verifies({}, true))
        f.anchor = Anchor::PublicRoot;
    else if (!in.authorities.isEmpty() && verifies(in.authorities, false))
        f.anchor = Anchor::PrivateCa;
    else if (leaf.selfSigned)
        f.anchor = Anchor::SelfSignedLeaf;
    if (f.anchor == Anchor::PrivateCa) {
        // The server should send every intermediate: the top of the served chain must be issued by
        // a root in the CA file (or be one).
        bool topIssuedByRoot = top.isSelfSigned();
        bool rootGiven = false;
        for (const Certificate& a : in.authorities) {
            if (a.isSelfSigned()) {
                rootGiven = true;
                topIssuedByRoot = topIssuedByRoot || top.isIssuedBy(a);
            }
        }
        f.servedChainIncomplete = !topIssuedByRoot;
        f.caFileIntermediateOnly = !rootGiven;
    }
    for (const QString& url : in.urls) {
        const QString host = HostNames::hostOf(url);
        if (host.isEmpty())
            continue;
        switch (HostNames::coverage(leaf, host)) {
        case HostCoverage::BySan:
            break;
        case HostCoverage::ByCommonName:
            f.hostsCnOnly << host;
            break;
        case HostCoverage::IpAsDnsSan:
            f.ipHostsWithoutIpSan << host;
            break;
        case HostCoverage::NotCovered:
            if (HostNames::isIpAddress(host) && !leaf.hasSubjectAltName)
                f.ipHostsWithoutIpSan << host;
            else
                f.hostsNotCovered << host;
            break;
        }
    }
    for (const Certificate& c : ordered.certificates) {
        const CertificateInfo info = CertificateInfo::of(c);
        f.edDsa = f.edDsa || info.keyType.startsWith(QLatin1String("ED"));
        f.weakCrypto = f.weakCrypto || (info.keyType == QLatin1String("RSA") && info.keyBits < 2048) ||
                       (info.sha1Signature && !info.selfSigned);
        f.notValidNow = f.notValidNow || in.now < info.notBefore || in.now > info.notAfter;
        f.strictX509Problem = f.strictX509Problem || (info.isCa && !info.basicConstraintsCritical);
    }
    for (const Certificate& c : in.authorities) {
        const CertificateInfo info = CertificateInfo::of(c);
        f.strictX509Problem = f.strictX509Problem || (info.isCa && !info.basicConstraintsCritical);
        f.edDsa = f.edDsa || info.keyType.startsWith(QLatin1String("ED"));
    }
    f.strictX509Problem = f.strictX509Problem || (!leaf.selfSigned && !leaf.hasAuthorityKeyIdentifier);
    f.ekuWithoutServerAuth = leaf.hasExtendedKeyUsage && !leaf.serverAuth;
    f.validityOver825Days = leaf.notBefore.daysTo(leaf.notAfter) > 825;
    // apm-server-behaviour §5: a CA list without client_authentication means "required".
    const QString mode = in.clientAuthentication.value_or(QString()).trimmed().toLower();
    f.clientCertificateRequired =
        mode == QLatin1String("required") || (!in.clientAuthentication && in.caListConfigured);
    return f;
}

AgentVerdict TrustVerdicts::evaluate(const TrustFacts& facts, Agent agent)
{
    AgentVerdict v;
    v.agent = agent;
    const QList<Cell> row = cells(facts, agent);
    bool anyX = false;
    bool allXPinnable = true;
    bool anyU = false;
    QStringList rejections;
    QStringList survivingOptions;
    for (const Cell& c : row) {
        if (c.kind == 'X') {
            anyX = true;
            allXPinnable = allXPinnable && c.pinnable;
            if (!rejections.contains(c.reason))
                rejections << c.reason;
        }
        anyU = anyU || c.kind == 'U';
        if ((c.kind == 'O' || c.kind == 'U') && !v.reasons.contains(c.reason))
            v.reasons << c.reason;
        if (c.kind == 'O' && !v.options.contains(c.option))
            v.options << c.option;
        if (c.kind == 'O' && c.survivesPin)
            survivingOptions << c.option;
    }
    // §6.4 rule 2: a pin turns name, chain and validity rows into A for Python, Go (exact leaf) and
    // .NET (same public key); key-type and mTLS rows still apply.
    if (anyX && allXPinnable && hasPin(agent)) {
        v.verdict = Verdict::NeedsOption;
        v.options = QStringList{pinOption(agent)} + survivingOptions;
        v.reasons = rejections + v.reasons;
        v.reasons.removeDuplicates();
        return v;
    }
    if (anyX) {
        // Only what rules the agent out: the options would not help.
        v.verdict = Verdict::Rejected;
        v.reasons = rejections;
        v.options.clear();
        return v;
    }
    if (anyU)
        v.verdict = Verdict::NeedsNewerRuntime;
    else if (!v.options.isEmpty())
        v.verdict = Verdict::NeedsOption;
    else
        v.verdict = Verdict::Accepted;
    if (v.verdict == Verdict::NeedsOption && hasPin(agent) && facts.anchor != TrustFacts::Anchor::PublicRoot &&
        !facts.clientCertificateRequired)
        v.options << pinOption(agent);
    return v;
}

QList<AgentVerdict> TrustVerdicts::evaluate(const TrustFacts& facts)
{
    QList<AgentVerdict> out;
    for (const Agent a : allAgents())
        out << evaluate(facts, a);
    return out;
}

} // namespace Tls
