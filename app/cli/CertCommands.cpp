// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/CertCommands.h"

#include "cli/Cli.h"
#include "cli/ConfigCommands.h"
#include "cli/SecretLookup.h"
#include "config/ApmServerYaml.h"
#include "config/SecretReference.h"
#include "config/SettingsIo.h"
#include "secrets/TokenGenerator.h"
#include "tls/CertificateFiles.h"
#include "tls/CertificateImporter.h"
#include "tls/CertificateInfo.h"
#include "tls/CertificateIssuer.h"
#include "tls/CertificateValidator.h"
#include "tls/HostNames.h"
#include "tls/KeyGenerator.h"
#include "tls/PassphraseSource.h"
#include "tls/TrustKit.h"
#include "tls/TrustVerdicts.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <memory>
#include <optional>

namespace Cli {

using namespace Tls;

namespace {

const char* const kIssueCommon =
    "  --key-type T         ec-p256 (default), ec-p384, rsa-2048, rsa-3072, rsa-4096, ed25519\n"
    "  --days N             validity in days (CA: 3650, server/client: 397)\n"
    "  --subject CN         the subject's common name\n"
    "  --organization O     the subject's organization\n"
    "  --out-dir DIR        where to write NAME.pem and NAME.key (default: .); existing files are kept as .bak\n"
    "  --name NAME          file base name (default: ca, server or client)\n"
    "  --passphrase-env VAR encrypt the new key (PKCS#8, AES-256) with the passphrase in $VAR\n"
    "                       (never give a passphrase as an argument: it would show in the process list)\n"
    "  --passphrase-keychain NAME  generate a strong passphrase, store it in the OS keychain as NAME and\n"
    "                       encrypt the new key with it (ssl.key_passphrase: ${NAME})\n";
const char* const kSignCommon =
    "  --ca FILE            the CA certificate to sign with (intermediates after it are appended to the chain)\n"
    "  --ca-key FILE        the CA's private key\n"
    "  --ca-passphrase-env VAR  the CA key's passphrase, when it is encrypted\n"
    "  --ca-passphrase-keychain NAME  the CA key's passphrase, from the OS keychain entry NAME\n";
const char* const kCaUsage = "Usage: apm-gatekeeper cert ca [OPTIONS]\n  Creates a private CA (self-signed).\n";
const char* const kServerUsage =
    "Usage: apm-gatekeeper cert server --ca FILE --ca-key FILE (--san NAME | --url URL)... [OPTIONS]\n"
    "  Creates a server certificate for APM Server signed by the CA.\n"
    "  --san NAME           a DNS name or IP address (repeat); IPs become IP SANs\n"
    "  --url URL            a URL agents use (repeat): its host becomes a SAN (Kubernetes names expanded)\n";
const char* const kClientUsage = "Usage: apm-gatekeeper cert client --ca FILE --ca-key FILE --subject CN [OPTIONS]\n"
                                 "  Creates a client certificate (extendedKeyUsage clientAuth) for mutual TLS.\n";
const char* const kInspectUsage =
    "Usage: apm-gatekeeper cert inspect FILE... [--password-env VAR] [--format text|json]\n"
    "  Shows what each file holds (PEM, DER, PKCS#12) and every certificate's details.\n"
    "  --password-env VAR   password of encrypted keys or PKCS#12 files, from $VAR\n";
const char* const kValidateUsage =
    "Usage: apm-gatekeeper cert validate (--cert FILE | --config FILE) [--key FILE] [--ca FILE]... [--url URL]...\n"
    "                                    [--passphrase-env VAR] [--client] [--client-authentication MODE]\n"
    "                                    [--ca-list-configured] [--format text|json]\n"
    "  Every problem at once, then whether each agent accepts the certificate. Exit 1 on error findings.\n"
    "  --cert FILE          the certificate file (as served: leaf first, then intermediates)\n"
    "  --key FILE           its private key\n"
    "  --ca FILE            the CA agents trust (repeat)\n"
    "  --url URL            a URL agents use for APM Server (repeat); its host is checked against the SANs\n"
    "  --passphrase-env VAR the key's passphrase, from $VAR (as ssl.key_passphrase would give it)\n"
    "  --client             check a client certificate (clientAuth) instead of a server certificate\n"
    "  --client-authentication MODE  apm-server.ssl.client_authentication as written (none|optional|required)\n"
    "  --ca-list-configured apm-server.ssl.certificate_authorities is set in the server configuration\n"
    "  --config FILE        take certificate, key, key_passphrase (${NAME} from the environment, then the keychain),\n"
    "                       certificate_authorities and client_authentication from an apm-server.yml\n";
const char* const kKitUsage =
    "Usage: apm-gatekeeper cert kit --agent NAME --ca FILE --out-dir DIR [--cert FILE] [--url URL]\n"
    "                               [--client-cert FILE --client-key FILE [--client-key-passphrase-env VAR]]\n"
    "                               [--store-password-env VAR]\n"
    "  Writes what one agent needs to trust APM Server (and, for mutual TLS, its client certificate),\n"
    "  with README.txt naming the exact options.\n"
    "  --agent NAME         nodejs, java, python, go, dotnet, ruby, php or rum\n"
    "  --cert FILE          the server certificate (pin files for Python/Go/.NET, and the verdict)\n"
    "  --store-password-env VAR  password of Java's trust/key store and of the client key, from $VAR\n";
const char* const kFormatUsage = "  --format text|json   output format (default text)\n";

QCommandLineOption value(const QString& name, const QString& valueName)
{
    return QCommandLineOption(name, QString(), valueName);
}

// Parses; prints the problem (or the help) and returns nullopt on failure. *exit gets the code.
bool parse(QCommandLineParser& parser, const QStringList& args, const QList<QCommandLineOption>& options,
           const QString& usage, bool positional, QTextStream& out, QTextStream& err, int* exit)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("help"), QStringLiteral("h")}));
    parser.addOptions(options);
    if (!parser.parse(QStringList{QStringLiteral("apm-gatekeeper")} + args)) {
        err << "apm-gatekeeper: " << parser.errorText() << "\n" << usage;
        *exit = kExitUsage;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << usage;
        *exit = kExitOk;
        return false;
    }
    if (!positional && !parser.positionalArguments().isEmpty()) {
        err << "apm-gatekeeper: unexpected argument '" << parser.positionalArguments().constFirst() << "'\n" << usage;
        *exit = kExitUsage;
        return false;
    }
    return true;
}

// Reads a passphrase from the source an option names; nullopt-and-message when it is missing.
std::optional<Core::SecretBuffer> passphraseFrom(const QCommandLineParser& parser, const QString& option, QTextStream& err,
                                          int* exit)
{
    const QString keychainOption = option.endsWith(QLatin1String("-env"))
                                       ? option.chopped(4) + QStringLiteral("-keychain")
                                       : QString();
    if (!keychainOption.isEmpty() && parser.optionNames().contains(keychainOption) && parser.isSet(keychainOption)) {
        if (parser.isSet(option)) {
            err << "apm-gatekeeper: give either --" << option << " or --" << keychainOption << ", not both\n";
            *exit = kExitUsage;
            return std::nullopt;
        }
        const QString name = parser.value(keychainOption);
        auto secret = readFromKeychain(name);
        if (!secret) {
            printError(err, secret.error());
            *exit = kExitInput;
            return std::nullopt;
        }
        if (secret->isEmpty()) {
            err << "apm-gatekeeper: the keychain entry " << name << " is empty\n";
            *exit = kExitInput;
            return std::nullopt;
        }
        return std::move(secret.value());
    }
    if (!parser.isSet(option))
        return Core::SecretBuffer();
    const std::unique_ptr<PassphraseSource> source = std::make_unique<EnvironmentPassphrase>(parser.value(option));
    auto secret = source->read();
    if (!secret) {
        printError(err, secret.error());
        *exit = kExitUsage;
        return std::nullopt;
    }
    return std::move(secret.value());
}

bool jsonFormat(const QCommandLineParser& parser, QTextStream& err, int* exit)
{
    const QString format = parser.value(QStringLiteral("format"));
    if (format.isEmpty() || format == QLatin1String("text"))
        return false;
    if (format != QLatin1String("json")) {
        err << "apm-gatekeeper: unknown format '" << format << "' (use text or json)\n";
        *exit = kExitUsage;
    }
    return true;
}

int inputError(QTextStream& err, const Core::Error& e)
{
    printError(err, e);
    return kExitInput;
}

// The CA to sign with: certificate (first block, intermediates after it) and key.
struct Signer
{
    QList<Certificate> chain;
    PrivateKey key;
};

std::optional<Signer> loadSigner(const QCommandLineParser& parser, QTextStream& err, int* exit)
{
    if (!parser.isSet(QStringLiteral("ca")) || !parser.isSet(QStringLiteral("ca-key"))) {
        err << "apm-gatekeeper: --ca and --ca-key are required (create a CA with: apm-gatekeeper cert ca)\n";
        *exit = kExitUsage;
        return std::nullopt;
    }
    auto pass = passphraseFrom(parser, QStringLiteral("ca-passphrase-env"), err, exit);
    if (!pass)
        return std::nullopt;
    auto ca = CertificateImporter::read(parser.value(QStringLiteral("ca")));
    if (!ca || ca->certificates.isEmpty()) {
        *exit = kExitInput;
        if (!ca)
            printError(err, ca.error());
        else
            err << "apm-gatekeeper: " << parser.value(QStringLiteral("ca")) << " holds no certificate\n";
        return std::nullopt;
    }
    auto key = CertificateImporter::read(parser.value(QStringLiteral("ca-key")), *pass);
    if (!key || key->keys.isEmpty()) {
        *exit = kExitInput;
        if (!key)
            printError(err, key.error());
        else if (key->encryptedKeyLocked)
            err << "apm-gatekeeper: " << parser.value(QStringLiteral("ca-key"))
                << " is encrypted: give its passphrase with --ca-passphrase-env VAR or --ca-passphrase-keychain NAME\n";
        else
            err << "apm-gatekeeper: " << parser.value(QStringLiteral("ca-key")) << " holds no private key\n";
        return std::nullopt;
    }
    Signer s;
    s.chain = CertificateImporter::orderChain(ca->certificates).certificates;
    s.key = key->keys.constFirst();
    return s;
}

QList<QCommandLineOption> issueOptions()
{
    return {value(QStringLiteral("key-type"), QStringLiteral("TYPE")),
            value(QStringLiteral("days"), QStringLiteral("N")),
            value(QStringLiteral("subject"), QStringLiteral("CN")),
            value(QStringLiteral("organization"), QStringLiteral("O")),
            value(QStringLiteral("out-dir"), QStringLiteral("DIR")),
            value(QStringLiteral("name"), QStringLiteral("NAME")),
            value(QStringLiteral("passphrase-env"), QStringLiteral("VAR")),
            value(QStringLiteral("passphrase-keychain"), QStringLiteral("NAME"))};
}

QList<QCommandLineOption> signOptions()
{
    return {value(QStringLiteral("ca"), QStringLiteral("FILE")),
            value(QStringLiteral("ca-key"), QStringLiteral("FILE")),
            value(QStringLiteral("ca-passphrase-env"), QStringLiteral("VAR")),
            value(QStringLiteral("ca-passphrase-keychain"), QStringLiteral("NAME"))};
}

int issue(CertificateRole role, const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString usage = QString::fromLatin1(role == CertificateRole::Ca       ? kCaUsage
                                        : role == CertificateRole::Server ? kServerUsage
                                                                          : kClientUsage);
    usage += QString::fromLatin1(kIssueCommon);
    QList<QCommandLineOption> options = issueOptions();
    if (role != CertificateRole::Ca) {
        usage += QString::fromLatin1(kSignCommon);
        options += signOptions();
    }
    if (role == CertificateRole::Server)
        options << value(QStringLiteral("san"), QStringLiteral("NAME"))
                << value(QStringLiteral("url"), QStringLiteral("URL"));
    QCommandLineParser parser;
    int exit = kExitOk;
    if (!parse(parser, args, options, usage, false, out, err, &exit))
        return exit;

    KeyType type = KeyType::EcP256;
    if (parser.isSet(QStringLiteral("key-type"))) {
        const auto t = keyTypeFromName(parser.value(QStringLiteral("key-type")));
        if (!t) {
            err << "apm-gatekeeper: unknown key type '" << parser.value(QStringLiteral("key-type"))
                << "' (ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096, ed25519)\n";
            return kExitUsage;
        }
        type = *t;
    }
    IssueRequest request;
    request.role = role;
    if (parser.isSet(QStringLiteral("days"))) {
        bool ok = false;
        request.validityDays = parser.value(QStringLiteral("days")).toInt(&ok);
        if (!ok || request.validityDays <= 0 || request.validityDays > 36500) {
            err << "apm-gatekeeper: --days needs a number of days between 1 and 36500\n";
            return kExitUsage;
        }
    }
    request.commonName = parser.value(QStringLiteral("subject"));
    request.organization = parser.value(QStringLiteral("organization"));
    if (role == CertificateRole::Ca && request.commonName.isEmpty())
        request.commonName = QStringLiteral("APM Gatekeeper private CA");
    if (role == CertificateRole::Client && request.commonName.isEmpty()) {
        err << "apm-gatekeeper: --subject is required: name the agent or service the client certificate is for\n";
        return kExitUsage;
    }
    QStringList notes;
    if (role == CertificateRole::Server) {
        for (const QString& san : parser.values(QStringLiteral("san"))) {
            const QString host = san.trimmed();
            if (HostNames::isIpAddress(host))
                request.ipAddresses << host;
            else if (!host.isEmpty())
                request.dnsNames << host.toLower();
        }
        // --url hosts are expanded (Kubernetes names, never only localhost); with neither --san nor
        // --url the proposal covers loopback and this machine's name.
        if (parser.isSet(QStringLiteral("url")) || (request.dnsNames.isEmpty() && request.ipAddresses.isEmpty())) {
            const SanProposal proposal =
                HostNames::propose(parser.values(QStringLiteral("url")), QHostInfo::localHostName());
            for (const QString& d : proposal.dnsNames) {
                if (!request.dnsNames.contains(d))
                    request.dnsNames << d;
            }
            for (const QString& ip : proposal.ipAddresses) {
                if (!request.ipAddresses.contains(ip))
                    request.ipAddresses << ip;
            }
            notes += proposal.notes;
        }
    }
    // --passphrase-keychain NAME: a new passphrase, stored before any file is written.
    const QString keychainName = parser.value(QStringLiteral("passphrase-keychain"));
    if (parser.isSet(QStringLiteral("passphrase-keychain"))) {
        if (parser.isSet(QStringLiteral("passphrase-env"))) {
            err << "apm-gatekeeper: give either --passphrase-env or --passphrase-keychain, not both\n";
            return kExitUsage;
        }
        if (!Config::SecretReference::isValidName(keychainName)) {
            err << "apm-gatekeeper: '" << keychainName
                << "' cannot be a ${NAME} reference: use letters, digits and underscores (e.g. APM_SERVER_KEY_PASS)\n";
            return kExitUsage;
        }
    }
    std::optional<Core::SecretBuffer> passphrase;
    if (parser.isSet(QStringLiteral("passphrase-keychain"))) {
        auto generated = Secrets::TokenGenerator::generate();
        if (!generated) {
            printError(err, generated.error());
            return kExitInput;
        }
        passphrase.emplace(QByteArray::fromRawData(generated->view().data(), generated->view().size()));
    } else {
        passphrase = passphraseFrom(parser, QStringLiteral("passphrase-env"), err, &exit);
        if (!passphrase)
            return exit;
    }
    Signer signer;
    if (role != CertificateRole::Ca) {
        auto s = loadSigner(parser, err, &exit);
        if (!s)
            return exit;
        signer = std::move(*s);
        request.issuerCertificate = signer.chain.constFirst();
        request.issuerKey = signer.key;
    }
    const QString warning = keyTypeWarning(type);
    if (!warning.isEmpty())
        err << "apm-gatekeeper: warning: " << warning << "\n";
    if (role != CertificateRole::Ca && request.validityDays > IssueRequest::kDefaultLeafDays)
        err << "apm-gatekeeper: warning: " << request.validityDays
            << " days is longer than the 397 days publicly trusted certificates may have; over 825 days Apple "
               "platforms refuse it\n";

    auto key = KeyGenerator::generate(type);
    if (!key) {
        printError(err, key.error());
        return kExitFindings;
    }
    request.subjectKey = *key;
    auto cert = CertificateIssuer::issue(request);
    if (!cert) {
        printError(err, cert.error());
        return kExitUsage;
    }
    const QString name = parser.isSet(QStringLiteral("name")) ? parser.value(QStringLiteral("name")) : roleName(role);
    const QDir dir(parser.isSet(QStringLiteral("out-dir")) ? parser.value(QStringLiteral("out-dir"))
                                                           : QStringLiteral("."));
    if (!dir.exists() && !QDir().mkpath(dir.path())) {
        err << "apm-gatekeeper: cannot create the folder " << dir.path() << "\n";
        return kExitInput;
    }
    const QString certPath = dir.absoluteFilePath(name + QStringLiteral(".pem"));
    const QString keyPath = dir.absoluteFilePath(name + QStringLiteral(".key"));
    // The served chain: leaf, then the CA's intermediates (the root stays with the agents).
    QList<Certificate> chain{*cert};
    for (int i = 0; i < signer.chain.size(); ++i) {
        if (!signer.chain[i].isSelfSigned())
            chain << signer.chain[i];
    }
    if (!keychainName.isEmpty()) {
        if (auto stored = storeInKeychain(keychainName, QByteArrayView(passphrase->data(), passphrase->size()));
            !stored) {
            printError(err, stored.error());
            err << "apm-gatekeeper: nothing was written; without a keychain use --passphrase-env VAR\n";
            return kExitInput;
        }
        err << "apm-gatekeeper: stored the key's passphrase in the OS keychain as " << keychainName << "\n";
    }
    if (auto w = CertificateFiles::writeKey(keyPath, *key, *passphrase); !w)
        return inputError(err, w.error());
    if (auto w = CertificateFiles::writeCertificates(certPath, chain); !w)
        return inputError(err, w.error());

    const CertificateInfo info = CertificateInfo::of(*cert);
    out << "wrote " << certPath << "\n";
    out << "wrote " << keyPath << " (mode 0600, " << (passphrase->isEmpty() ? "not encrypted" : "PKCS#8 AES-256")
        << ")\n";
    out << info.toText() << "\n";
    if (!keychainName.isEmpty() && role != CertificateRole::Server)
        out << "apm-server.ssl.key_passphrase: ${" << keychainName << "}\n";
    for (const QString& n : notes)
        out << "note: " << n << "\n";
    if (role == CertificateRole::Server) {
        out << "\napm-server.yml:\n  apm-server:\n    ssl:\n      enabled: true\n"
            << "      certificate: " << certPath << "\n      key: " << keyPath << "\n";
        if (!passphrase->isEmpty())
            out << "      key_passphrase: ${"
                << (keychainName.isEmpty() ? parser.value(QStringLiteral("passphrase-env")) : keychainName) << "}\n";
    } else if (role == CertificateRole::Ca) {
        out << "\nGive agents " << certPath << " (cert kit --agent NAME); keep " << keyPath << " offline.\n";
    }
    return kExitOk;
}

int ca(const QStringList& args, QTextStream& out, QTextStream& err)
{
    return issue(CertificateRole::Ca, args, out, err);
}
int server(const QStringList& args, QTextStream& out, QTextStream& err)
{
    return issue(CertificateRole::Server, args, out, err);
}
int client(const QStringList& args, QTextStream& out, QTextStream& err)
{
    return issue(CertificateRole::Client, args, out, err);
}

int inspect(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    int exit = kExitOk;
    const QString usage = QString::fromLatin1(kInspectUsage) + QString::fromLatin1(kFormatUsage);
    if (!parse(parser, args,
               {value(QStringLiteral("password-env"), QStringLiteral("VAR")),
                value(QStringLiteral("format"), QStringLiteral("FORMAT"))},
               usage, true, out, err, &exit))
        return exit;
    const bool json = jsonFormat(parser, err, &exit);
    if (exit != kExitOk)
        return exit;
    if (parser.positionalArguments().isEmpty()) {
        err << "apm-gatekeeper: name at least one file\n" << usage;
        return kExitUsage;
    }
    auto password = passphraseFrom(parser, QStringLiteral("password-env"), err, &exit);
    if (!password)
        return exit;
    QJsonArray files;
    int result = kExitOk;
    for (const QString& path : parser.positionalArguments()) {
        auto file = CertificateImporter::read(path, *password);
        if (!file) {
            printError(err, file.error());
            result = kExitInput;
            continue;
        }
        const OrderedChain ordered = CertificateImporter::orderChain(file->certificates);
        if (json) {
            QJsonArray certs;
            for (const Certificate& c : file->certificates)
                certs.append(CertificateInfo::of(c).toJson());
            QJsonArray keys;
            for (const PrivateKey& k : file->keys) {
                const int match = CertificateImporter::certificateForKey(file->certificates, k);
                keys.append(QJsonObject{{QStringLiteral("key"), describeKey(k.handle())},
                                        {QStringLiteral("certificate_index"), match}});
            }
            files.append(QJsonObject{{QStringLiteral("file"), path},
                                     {QStringLiteral("format"), fileFormatName(file->format)},
                                     {QStringLiteral("contents"), QJsonArray::fromStringList(file->contents)},
                                     {QStringLiteral("certificates"), certs},
                                     {QStringLiteral("keys"), keys},
                                     {QStringLiteral("encrypted_key_locked"), file->encryptedKeyLocked},
                                     {QStringLiteral("chain_out_of_order"), ordered.reordered}});
            continue;
        }
        out << path << " (" << fileFormatName(file->format) << "):\n";
        for (const QString& line : file->contents)
            out << "  - " << line << "\n";
        for (int i = 0; i < file->certificates.size(); ++i)
            out << "Certificate " << (i + 1) << ":\n" << CertificateInfo::of(file->certificates[i]).toText() << "\n";
        for (const PrivateKey& k : file->keys) {
            const int match = CertificateImporter::certificateForKey(file->certificates, k);
            if (match >= 0)
                out << "The private key belongs to certificate " << (match + 1) << ".\n";
            else if (!file->certificates.isEmpty())
                out << "The private key matches none of the certificates in this file.\n";
        }
        if (file->certificates.size() > 1 && ordered.reordered)
            out << "The chain is not in order (leaf first, then each issuer); `cert validate` explains.\n";
        if (file->encryptedKeyLocked)
            out << "The key is encrypted: give its passphrase with --password-env VAR to read it.\n";
    }
    if (json)
        out << QJsonDocument(files).toJson(QJsonDocument::Indented);
    return result;
}

int validate(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    int exit = kExitOk;
    const QString usage = QString::fromLatin1(kValidateUsage) + QString::fromLatin1(kFormatUsage);
    if (!parse(parser, args,
               {value(QStringLiteral("cert"), QStringLiteral("FILE")),
                value(QStringLiteral("key"), QStringLiteral("FILE")),
                value(QStringLiteral("ca"), QStringLiteral("FILE")),
                value(QStringLiteral("url"), QStringLiteral("URL")),
                value(QStringLiteral("passphrase-env"), QStringLiteral("VAR")),
                QCommandLineOption(QStringLiteral("client")),
                value(QStringLiteral("client-authentication"), QStringLiteral("MODE")),
                QCommandLineOption(QStringLiteral("ca-list-configured")),
                value(QStringLiteral("config"), QStringLiteral("FILE")),
                value(QStringLiteral("format"), QStringLiteral("FORMAT"))},
               usage, false, out, err, &exit))
        return exit;
    const bool json = jsonFormat(parser, err, &exit);
    if (exit != kExitOk)
        return exit;
    // --config: the ssl.* values as APM Server reads them; explicit options win.
    std::optional<Config::ServerSettings::Ssl> ssl;
    if (parser.isSet(QStringLiteral("config"))) {
        auto loaded = Config::ApmServerYaml::load(parser.value(QStringLiteral("config")));
        if (!loaded)
            return inputError(err, loaded.error());
        ssl = Config::readSettings(*loaded).settings.ssl;
    }
    const QString certPath = parser.isSet(QStringLiteral("cert"))
                                 ? parser.value(QStringLiteral("cert"))
                                 : (ssl ? ssl->certificate.value_or(QString()) : QString());
    if (certPath.isEmpty()) {
        err << "apm-gatekeeper: --cert FILE (or --config with apm-server.ssl.certificate) is required\n" << usage;
        return kExitUsage;
    }
    std::optional<QString> clientAuth = ssl ? ssl->clientAuthentication : std::nullopt;
    if (parser.isSet(QStringLiteral("client-authentication"))) {
        clientAuth = parser.value(QStringLiteral("client-authentication")).trimmed().toLower();
        if (*clientAuth != QLatin1String("none") && *clientAuth != QLatin1String("optional") &&
            *clientAuth != QLatin1String("required")) {
            err << "apm-gatekeeper: --client-authentication is none, optional or required\n";
            return kExitUsage;
        }
    }
    ValidationFiles files;
    files.purpose = parser.isSet(QStringLiteral("client")) ? CertificatePurpose::Client : CertificatePurpose::Server;
    files.certificate = certPath;
    files.key = parser.isSet(QStringLiteral("key")) ? parser.value(QStringLiteral("key"))
                                                    : (ssl ? ssl->key.value_or(QString()) : QString());
    files.authorities = parser.values(QStringLiteral("ca"));
    files.urls = parser.values(QStringLiteral("url"));
    if (parser.isSet(QStringLiteral("passphrase-env"))) {
        auto pass = passphraseFrom(parser, QStringLiteral("passphrase-env"), err, &exit);
        if (!pass)
            return exit;
        files.passphrase = std::move(*pass);
    } else if (ssl && ssl->keyPassphrase) {
        // key_passphrase is normally a ${NAME} reference: resolved from the environment, then the
        // keychain, the lookup `serve` uses.
        const Config::SecretLookup lookup =
            Config::SecretReference::isReference(*ssl->keyPassphrase)
                ? environmentThenKeychain(QStringList{Config::SecretReference::parse(*ssl->keyPassphrase)->name}, err)
                : Config::SecretLookup(&Config::lookupEnvironment);
        const std::optional<QString> resolved = Config::resolveSecret(*ssl->keyPassphrase, lookup);
        if (resolved)
            files.passphrase = Core::SecretBuffer(*resolved);
        else
            err << "apm-gatekeeper: warning: apm-server.ssl.key_passphrase refers to " << *ssl->keyPassphrase
                << ", which is set neither in the environment nor in the keychain\n";
    }
    auto input = CertificateValidator::load(std::move(files));
    if (!input)
        return inputError(err, input.error());
    input->clientAuthentication = clientAuth;
    input->caListConfigured = parser.isSet(QStringLiteral("ca-list-configured")) ||
                              (ssl && ssl->certificateAuthorities && !ssl->certificateAuthorities->isEmpty());
    const QList<Config::Finding> findings = CertificateValidator::validate(*input);
    QList<AgentVerdict> verdicts;
    if (input->purpose == CertificatePurpose::Server)
        verdicts = TrustVerdicts::evaluate(TrustFacts::of(*input));
    if (json) {
        QJsonArray v;
        for (const AgentVerdict& a : verdicts)
            v.append(a.toJson());
        out << QJsonDocument(QJsonObject{{QStringLiteral("file"), input->certificatePath},
                                         {QStringLiteral("findings"), findingsToJson(findings)},
                                         {QStringLiteral("agents"), v}})
                   .toJson(QJsonDocument::Indented);
    } else {
        printFindingsText(out, input->certificatePath, findings);
        if (!verdicts.isEmpty())
            out << "\nAgents:\n";
        for (const AgentVerdict& a : verdicts) {
            out << "  " << QStringLiteral("%1").arg(agentLabel(a.agent), -14) << verdictName(a.verdict) << "\n";
            for (const QString& o : a.options)
                out << "      set: " << o << "\n";
            for (const QString& r : a.reasons)
                out << "      because: " << r << "\n";
        }
    }
    return Config::hasErrors(findings) ? kExitFindings : kExitOk;
}

int kit(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    int exit = kExitOk;
    const QString usage = QString::fromLatin1(kKitUsage);
    if (!parse(parser, args,
               {value(QStringLiteral("agent"), QStringLiteral("NAME")),
                value(QStringLiteral("ca"), QStringLiteral("FILE")),
                value(QStringLiteral("cert"), QStringLiteral("FILE")),
                value(QStringLiteral("url"), QStringLiteral("URL")),
                value(QStringLiteral("out-dir"), QStringLiteral("DIR")),
                value(QStringLiteral("client-cert"), QStringLiteral("FILE")),
                value(QStringLiteral("client-key"), QStringLiteral("FILE")),
                value(QStringLiteral("client-key-passphrase-env"), QStringLiteral("VAR")),
                value(QStringLiteral("store-password-env"), QStringLiteral("VAR"))},
               usage, false, out, err, &exit))
        return exit;
    const auto agent = agentFromName(parser.value(QStringLiteral("agent")));
    if (!agent) {
        err << "apm-gatekeeper: --agent is one of nodejs, java, python, go, dotnet, ruby, php, rum\n" << usage;
        return kExitUsage;
    }
    if (!parser.isSet(QStringLiteral("out-dir")) ||
        (!parser.isSet(QStringLiteral("ca")) && !parser.isSet(QStringLiteral("cert")))) {
        err << "apm-gatekeeper: --out-dir and --ca (or --cert for a self-signed server) are required\n" << usage;
        return kExitUsage;
    }
    TrustKitRequest request;
    request.agent = *agent;
    request.outDir = parser.value(QStringLiteral("out-dir"));
    request.serverUrl = parser.value(QStringLiteral("url"));
    if (parser.isSet(QStringLiteral("ca"))) {
        auto ca = CertificateImporter::read(parser.value(QStringLiteral("ca")));
        if (!ca)
            return inputError(err, ca.error());
        request.caCertificates = ca->certificates;
    }
    if (parser.isSet(QStringLiteral("cert"))) {
        auto cert = CertificateImporter::read(parser.value(QStringLiteral("cert")));
        if (!cert)
            return inputError(err, cert.error());
        request.serverChain = CertificateImporter::orderChain(cert->certificates).certificates;
    }
    auto storePassword = passphraseFrom(parser, QStringLiteral("store-password-env"), err, &exit);
    if (!storePassword)
        return exit;
    request.storePassword = std::move(*storePassword);
    if (parser.isSet(QStringLiteral("store-password-env")))
        request.storePasswordVariable = parser.value(QStringLiteral("store-password-env"));
    const bool mtls = parser.isSet(QStringLiteral("client-cert")) || parser.isSet(QStringLiteral("client-key"));
    if (mtls) {
        auto keyPass = passphraseFrom(parser, QStringLiteral("client-key-passphrase-env"), err, &exit);
        if (!keyPass)
            return exit;
        auto cert = CertificateImporter::read(parser.value(QStringLiteral("client-cert")));
        if (!cert)
            return inputError(err, cert.error());
        auto key = CertificateImporter::read(parser.value(QStringLiteral("client-key")), *keyPass);
        if (!key)
            return inputError(err, key.error());
        if (cert->certificates.isEmpty() || key->keys.isEmpty()) {
            err << "apm-gatekeeper: --client-cert needs a certificate and --client-key a readable key"
                << (key->encryptedKeyLocked ? " (it is encrypted: --client-key-passphrase-env VAR)" : "") << "\n";
            return kExitInput;
        }
        const OrderedChain chain = CertificateImporter::orderChain(cert->certificates);
        request.clientCertificate = chain.certificates.constFirst();
        request.clientChain = chain.certificates.mid(1);
        request.clientKey = key->keys.constFirst();
    }
    if (*agent == Agent::Java && request.storePassword.isEmpty()) {
        err << "apm-gatekeeper: the Java trust store needs a password: --store-password-env VAR\n";
        return kExitUsage;
    }
    auto written = TrustKitWriter::write(request);
    if (!written) {
        printError(err, written.error());
        return kExitInput;
    }
    for (const QString& f : written->files)
        out << "wrote " << f << "\n";
    if (written->hasVerdict) {
        out << "\n" << agentLabel(*agent) << ": " << verdictName(written->verdict.verdict) << "\n";
        for (const QString& r : written->verdict.reasons)
            out << "  because: " << r << "\n";
    }
    out << "\n" << written->settings << "\n";
    return written->hasVerdict && written->verdict.verdict == Verdict::Rejected ? kExitFindings : kExitOk;
}

} // namespace

int runCertCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    return dispatchSubcommand("cert",
                              {{"ca", ca},
                               {"server", server},
                               {"client", client},
                               {"inspect", inspect},
                               {"validate", validate},
                               {"kit", kit}},
                              args, out, err);
}

} // namespace Cli
