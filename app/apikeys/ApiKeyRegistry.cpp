// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "apikeys/ApiKeyRegistry.h"

#include "apikeys/Credentials.h"
#include "core/AtomicFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QLoggingCategory>
#include <QSet>
#include <QStandardPaths>

#include <openssl/rand.h>

#include <algorithm>
#include <utility>

namespace {
// Debug messages only (off unless QT_LOGGING_RULES turns them on): the CLI's stderr stays for errors.
Q_LOGGING_CATEGORY(lcApiKeys, "gatekeeper.apikeys", QtInfoMsg)
} // namespace

namespace ApiKeys {

namespace {

constexpr char kUrlSafeAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr int kMaxRegistryBytes = 64 * 1024 * 1024;

// `length` random characters from the URL-safe base64 alphabet, written straight into a Secret.
// 64 divides 256, so taking the low six bits of each random byte keeps the choice uniform.
Core::Result<Secret> randomUrlSafe(int length)
{
    Secret out(length);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), length) != 1)
        return Core::makeError(
            QStringLiteral("apikeys.crypto"),
            QCoreApplication::translate("ApiKeys::ApiKeyRegistry", "The random number generator failed."));
    for (int i = 0; i < length; ++i)
        out.data()[i] = kUrlSafeAlphabet[static_cast<unsigned char>(out.data()[i]) & 63];
    return out;
}

QString isoUtc(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject toJson(const ApiKey& key)
{
    QJsonArray privileges;
    for (const Privilege p : key.privileges)
        privileges.append(privilegeName(p));
    const QJsonObject hash{
        {QStringLiteral("algorithm"), key.secretHash.algorithm},
        {QStringLiteral("iterations"), key.secretHash.iterations},
        {QStringLiteral("salt"), QString::fromLatin1(key.secretHash.salt.toBase64())},
        {QStringLiteral("hash"), QString::fromLatin1(key.secretHash.hash.toBase64())},
    };
    return QJsonObject{
        {QStringLiteral("id"), key.id},
        {QStringLiteral("name"), key.name},
        {QStringLiteral("privileges"), privileges},
        {QStringLiteral("creation"), isoUtc(key.creation)},
        {QStringLiteral("expiration"), key.expiration ? QJsonValue(isoUtc(*key.expiration)) : QJsonValue()},
        {QStringLiteral("invalidated"), key.invalidated},
        {QStringLiteral("secret_hash"), hash},
    };
}

QByteArray serialise(const QList<ApiKey>& keys)
{
    QJsonArray array;
    for (const ApiKey& key : keys)
        array.append(toJson(key));
    const QJsonObject root{{QStringLiteral("format"), ApiKeyRegistry::kFormatVersion},
                           {QStringLiteral("api_keys"), array}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<QDateTime> parseTime(const QJsonValue& v)
{
    if (!v.isString())
        return std::nullopt;
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    return t.toUTC();
}

std::optional<QByteArray> parseBase64(const QJsonValue& v)
{
    if (!v.isString())
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(v.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

// One record from the file; an empty string when it is complete, else what is wrong with it.
QString fromJson(const QJsonValue& value, ApiKey& key)
{
    if (!value.isObject())
        return QStringLiteral("an entry is not an object");
    const QJsonObject o = value.toObject();
    key.id = o.value(QStringLiteral("id")).toString();
    if (key.id.isEmpty())
        return QStringLiteral("an entry has no \"id\"");
    const QString where = QStringLiteral("key %1: ").arg(key.id);
    if (!o.value(QStringLiteral("name")).isString())
        return where + QStringLiteral("\"name\" is missing");
    key.name = o.value(QStringLiteral("name")).toString();
    const QJsonValue privileges = o.value(QStringLiteral("privileges"));
    if (!privileges.isArray() || privileges.toArray().isEmpty())
        return where + QStringLiteral("\"privileges\" is missing or empty");
    for (const QJsonValue& p : privileges.toArray()) {
        const auto privilege = parsePrivilege(p.toString());
        if (!privilege)
            return where + QStringLiteral("unknown privilege %1")
                               .arg(QString::fromUtf8(QJsonDocument(QJsonArray{p}).toJson(QJsonDocument::Compact)));
        key.privileges.append(*privilege);
    }
    key.privileges = normalisedPrivileges(key.privileges);
    const auto creation = parseTime(o.value(QStringLiteral("creation")));
    if (!creation)
        return where + QStringLiteral("\"creation\" is not an ISO 8601 time");
    key.creation = *creation;
    const QJsonValue expiration = o.value(QStringLiteral("expiration"));
    if (!expiration.isNull() && !expiration.isUndefined()) {
        const auto t = parseTime(expiration);
        if (!t)
            return where + QStringLiteral("\"expiration\" is neither null nor an ISO 8601 time");
        key.expiration = *t;
    }
    if (!o.value(QStringLiteral("invalidated")).isBool())
        return where + QStringLiteral("\"invalidated\" is not true/false");
    key.invalidated = o.value(QStringLiteral("invalidated")).toBool();
    const QJsonObject hash = o.value(QStringLiteral("secret_hash")).toObject();
    key.secretHash.algorithm = hash.value(QStringLiteral("algorithm")).toString();
    key.secretHash.iterations = hash.value(QStringLiteral("iterations")).toInt(-1);
    const auto salt = parseBase64(hash.value(QStringLiteral("salt")));
    const auto digest = parseBase64(hash.value(QStringLiteral("hash")));
    if (salt)
        key.secretHash.salt = *salt;
    if (digest)
        key.secretHash.hash = *digest;
    if (!salt || !digest || !key.secretHash.isUsable())
        return where + QStringLiteral("\"secret_hash\" is missing or uses unsupported parameters");
    return {};
}

Core::Error corruptError(const QString& path, const QString& what)
{
    return Core::makeError(
        QString::fromLatin1(ApiKeyRegistry::kErrorCorrupt),
        QCoreApplication::translate("ApiKeys::ApiKeyRegistry",
                                    "The API key registry %1 is damaged; it was left untouched.")
            .arg(path),
        what,
        QCoreApplication::translate("ApiKeys::ApiKeyRegistry",
                                    "Repair the file, or move it aside (its previous version may be in %1.bak) "
                                    "and create the keys again.")
            .arg(path));
}

} // namespace

QString verifyOutcomeName(VerifyOutcome outcome)
{
    switch (outcome) {
    case VerifyOutcome::Valid:
        return QStringLiteral("valid");
    case VerifyOutcome::UnknownId:
        return QStringLiteral("unknown id");
    case VerifyOutcome::WrongSecret:
        return QStringLiteral("wrong secret");
    case VerifyOutcome::Expired:
        return QStringLiteral("expired");
    case VerifyOutcome::Invalidated:
        return QStringLiteral("invalidated");
    }
    return {};
}

ApiKeyRegistry::ApiKeyRegistry(QString dataDir, Clock clock) : m_dataDir(std::move(dataDir)), m_clock(std::move(clock))
{
}

QString ApiKeyRegistry::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString ApiKeyRegistry::filePath() const
{
    return QDir(m_dataDir).filePath(QString::fromLatin1(kFileName));
}

void ApiKeyRegistry::setHashIterations(int iterations)
{
    if (iterations >= SecretHash::kMinIterations)
        m_iterations = iterations;
}

void ApiKeyRegistry::setLockTimeout(std::chrono::milliseconds timeout)
{
    m_lockTimeout = timeout;
}

QDateTime ApiKeyRegistry::now() const
{
    return (m_clock ? m_clock() : QDateTime::currentDateTimeUtc()).toUTC();
}

ApiKeyRegistry::FileStamp ApiKeyRegistry::currentStamp() const
{
    const QFileInfo info(filePath());
    FileStamp stamp;
    stamp.exists = info.exists();
    if (stamp.exists) {
        stamp.size = info.size();
        stamp.modified = info.lastModified();
        // Each save is a new file (QSaveFile renames), so the birth time changes too where the
        // file system reports it: this catches two saves of equal size within one mtime tick.
        stamp.born = info.birthTime();
    }
    return stamp;
}

Core::Result<QList<ApiKey>> ApiKeyRegistry::readFromDisk() const
{
    const QString path = filePath();
    if (!QFileInfo::exists(path))
        return QList<ApiKey>{};
    auto bytes = Core::readFile(path, kMaxRegistryBytes);
    if (!bytes)
        return bytes.error();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return corruptError(
            path, QStringLiteral("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return corruptError(path, QStringLiteral("the top level is not an object"));
    const QJsonObject root = doc.object();
    const int format = root.value(QStringLiteral("format")).toInt(-1);
    if (format > kFormatVersion)
        return Core::makeError(
            QString::fromLatin1(kErrorCorrupt),
            QCoreApplication::translate("ApiKeys::ApiKeyRegistry",
                                        "The API key registry %1 was written by a newer version (format %2); it was "
                                        "left untouched.")
                .arg(path)
                .arg(format),
            {},
            QCoreApplication::translate("ApiKeys::ApiKeyRegistry",
                                        "Use that newer version of APM Gatekeeper, or point --data-dir elsewhere."));
    if (format != kFormatVersion)
        return corruptError(path, QStringLiteral("\"format\" is missing or not %1").arg(kFormatVersion));
    const QJsonValue array = root.value(QStringLiteral("api_keys"));
    if (!array.isArray())
        return corruptError(path, QStringLiteral("\"api_keys\" is not a list"));
    QList<ApiKey> keys;
    QSet<QString> ids;
    for (const QJsonValue& v : array.toArray()) {
        ApiKey key;
        if (const QString problem = fromJson(v, key); !problem.isEmpty())
            return corruptError(path, problem);
        if (ids.contains(key.id))
            return corruptError(path, QStringLiteral("the id %1 appears twice").arg(key.id));
        ids.insert(key.id);
        keys.append(std::move(key));
    }
    return keys;
}

Core::Result<QList<ApiKey>> ApiKeyRegistry::currentKeys() const
{
    QMutexLocker locker(&m_mutex);
    // Stat before reading: if the file changes in between, the cache holds newer data than the
    // stamp says and the next call simply reads again (the other order could keep stale data).
    const FileStamp stamp = currentStamp();
    if (m_cacheStamp && *m_cacheStamp == stamp)
        return m_cache;
    auto keys = readFromDisk();
    if (!keys)
        return keys.error();
    m_cache = *keys;
    m_cacheStamp = stamp;
    return keys;
}

Core::Result<void> ApiKeyRegistry::update(const std::function<Core::Result<bool>(QList<ApiKey>&)>& change)
{
    if (m_dataDir.isEmpty())
        return Core::makeError(
            QStringLiteral("file.unwritable"),
            QCoreApplication::translate("ApiKeys::ApiKeyRegistry", "No folder for the API key registry."), {},
            QCoreApplication::translate("ApiKeys::ApiKeyRegistry",
                                        "Choose a data folder (--data-dir on the command line)."));
    if (!QFileInfo(m_dataDir).isDir()) {
        if (!QDir().mkpath(m_dataDir))
            return Core::makeError(
                QStringLiteral("file.unwritable"),
                QCoreApplication::translate("ApiKeys::ApiKeyRegistry", "Cannot create the folder %1.").arg(m_dataDir),
                {},
                QCoreApplication::translate("ApiKeys::ApiKeyRegistry", "Check the permissions of its parent folder."));
        // A folder we create is private to the user, like a key store's; an existing one (the user's
        // choice of --data-dir) keeps its permissions, the file itself is 0600 anyway.
        QFile::setPermissions(m_dataDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    const QString lockPath = filePath() + QStringLiteral(".lock");
    QLockFile lock(lockPath);
    // A crashed holder leaves its lock file behind: QLockFile treats a lock as stale when its
    // process is gone (same host) or it is older than this. Changes hold it for milliseconds (the
    // slow hashing happens before locking), so 30 s is never reached by a live holder.
    lock.setStaleLockTime(30000);
    if (!lock.tryLock(static_cast<int>(m_lockTimeout.count()))) {
        qint64 pid = 0;
        QString host, app;
        lock.getLockInfo(&pid, &host, &app);
        const QString detail = lock.error() == QLockFile::LockFailedError
                                   ? QStringLiteral("held by pid %1 (%2) on %3").arg(pid).arg(app, host)
                                   : QStringLiteral("QLockFile error %1").arg(int(lock.error()));
        return Core::makeError(
            QString::fromLatin1(kErrorLocked),
            QCoreApplication::translate("ApiKeys::ApiKeyRegistry",
                                        "The API key registry %1 is locked by another process.")
                .arg(filePath()),
            detail,
            QCoreApplication::translate("ApiKeys::ApiKeyRegistry",
                                        "Try again; if no other apm-gatekeeper is running, delete %1.")
                .arg(lockPath));
    }

    // Read-modify-write from disk under the lock: another process may have changed the file since
    // our cache was filled, and writing the cache back would lose its keys.
    QMutexLocker locker(&m_mutex);
    auto keys = readFromDisk();
    if (!keys)
        return keys.error();
    auto changed = change(*keys);
    if (!changed)
        return changed.error();
    // Nothing to save (e.g. invalidating an unknown id): leave the file and its .bak alone.
    if (!*changed)
        return {};
    Core::WriteOptions options;
    options.keepBackup = true;
    options.mode = QFile::ReadOwner | QFile::WriteOwner;
    if (auto r = Core::writeFileAtomically(filePath(), serialise(*keys), options); !r)
        return r;
    m_cache = *keys;
    m_cacheStamp = currentStamp();
    return {};
}

Core::Result<CreatedKey> ApiKeyRegistry::create(const QString& name, const QList<Privilege>& privileges,
                                                std::optional<std::chrono::milliseconds> expiresIn)
{
    const auto invalid = [](const QString& message) {
        return Core::makeError(QString::fromLatin1(kErrorInvalidArgument), message);
    };
    if (name.trimmed().isEmpty())
        return invalid(QCoreApplication::translate("ApiKeys::ApiKeyRegistry", "An API key needs a name."));
    // Elasticsearch rejects longer API-key names.
    if (name.size() > kMaxNameLength)
        return invalid(
            QCoreApplication::translate("ApiKeys::ApiKeyRegistry", "An API key name may have at most %1 characters.")
                .arg(kMaxNameLength));
    const QList<Privilege> granted = normalisedPrivileges(privileges);
    // A key without any apm privilege can never authenticate (§3.4), so refuse to make one.
    if (granted.isEmpty())
        return invalid(
            QCoreApplication::translate("ApiKeys::ApiKeyRegistry", "An API key needs at least one privilege."));
    if (expiresIn && expiresIn->count() <= 0)
        return invalid(QCoreApplication::translate("ApiKeys::ApiKeyRegistry", "The expiration must be in the future."));

    auto secret = randomUrlSafe(kSecretLength);
    if (!secret)
        return secret.error();
    // The slow hash runs before taking the lock, so concurrent creators do not queue behind it.
    auto hash = SecretHash::compute(secret->view(), m_iterations);
    if (!hash)
        return hash.error();

    ApiKey key;
    key.name = name;
    key.privileges = granted;
    key.creation = now();
    if (expiresIn)
        key.expiration = key.creation.addMSecs(expiresIn->count());
    key.secretHash = std::move(*hash);

    auto r = update([&key](QList<ApiKey>& keys) -> Core::Result<bool> {
        for (;;) {
            auto id = randomUrlSafe(kIdLength);
            if (!id)
                return id.error();
            key.id = QString(id->latin1());
            const bool taken =
                std::any_of(keys.cbegin(), keys.cend(), [&key](const ApiKey& k) { return k.id == key.id; });
            if (!taken)
                break;
        }
        keys.append(key);
        return true;
    });
    if (!r)
        return r.error();
    qCDebug(lcApiKeys) << "created API key" << key.id << "named" << key.name; // never the secret
    CreatedKey created;
    created.credentials = Credentials::encode(key.id, secret->view());
    created.apiKey = std::move(*secret);
    created.key = std::move(key);
    return created;
}

Core::Result<std::optional<ApiKey>> ApiKeyRegistry::find(const QString& id) const
{
    auto keys = currentKeys();
    if (!keys)
        return keys.error();
    for (const ApiKey& key : *keys) {
        if (key.id == id)
            return std::optional<ApiKey>(key);
    }
    return std::optional<ApiKey>();
}

Core::Result<QList<ApiKey>> ApiKeyRegistry::findByName(const QString& name) const
{
    auto keys = currentKeys();
    if (!keys)
        return keys.error();
    QList<ApiKey> result;
    for (const ApiKey& key : *keys) {
        if (key.name == name)
            result.append(key);
    }
    return result;
}

Core::Result<QList<ApiKey>> ApiKeyRegistry::list(bool validOnly) const
{
    auto keys = currentKeys();
    if (!keys || !validOnly)
        return keys;
    const QDateTime t = now();
    QList<ApiKey> result;
    for (const ApiKey& key : *keys) {
        if (key.isValid(t))
            result.append(key);
    }
    return result;
}

Core::Result<Invalidation> ApiKeyRegistry::invalidateMatching(const std::function<bool(const ApiKey&)>& matches)
{
    Invalidation result;
    auto r = update([&](QList<ApiKey>& keys) -> Core::Result<bool> {
        for (ApiKey& key : keys) {
            if (!matches(key))
                continue;
            // Elasticsearch reports keys that were already invalidated separately and keeps
            // invalidated keys listed (they show `"invalidated": true` in `apikey info`, §6).
            if (key.invalidated) {
                result.previouslyInvalidated.append(key.id);
            } else {
                key.invalidated = true;
                result.invalidated.append(key.id);
            }
        }
        return !result.invalidated.isEmpty();
    });
    if (!r)
        return r.error();
    for (const QString& id : std::as_const(result.invalidated))
        qCDebug(lcApiKeys) << "invalidated API key" << id;
    return result;
}

Core::Result<Invalidation> ApiKeyRegistry::invalidateById(const QString& id)
{
    return invalidateMatching([&id](const ApiKey& key) { return key.id == id; });
}

Core::Result<Invalidation> ApiKeyRegistry::invalidateByName(const QString& name)
{
    return invalidateMatching([&name](const ApiKey& key) { return key.name == name; });
}

Core::Result<Verification> ApiKeyRegistry::verify(const QString& id, QByteArrayView secret) const
{
    auto found = find(id);
    if (!found)
        return found.error();
    Verification v;
    // Ids are not secret (they appear in `apikey info` and in logs), so answering an unknown id
    // faster than a known one gives nothing away.
    if (!found->has_value())
        return v;
    v.key = std::move(**found);
    auto matches = v.key->secretHash.matches(secret);
    if (!matches)
        return matches.error();
    // The secret is checked first, so only its holder learns whether a key expired or was
    // invalidated; APM Server answers all of these with the same 401 (§3.3).
    if (!*matches)
        v.outcome = VerifyOutcome::WrongSecret;
    else if (v.key->invalidated)
        v.outcome = VerifyOutcome::Invalidated;
    else if (v.key->isExpired(now()))
        v.outcome = VerifyOutcome::Expired;
    else
        v.outcome = VerifyOutcome::Valid;
    return v;
}

} // namespace ApiKeys
