// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "apikeys/ApiKey.h"
#include "apikeys/Privilege.h"
#include "apikeys/Secret.h"
#include "core/Result.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace ApiKeys {

// What create() hands back once: the stored record plus the secret and the credentials, which
// are not kept anywhere else (both wiped when this goes away).
struct CreatedKey
{
    ApiKey key;
    Secret apiKey;      // 22 URL-safe characters, like Elasticsearch's `api_key`
    Secret credentials; // base64(id ":" api_key), standard alphabet with padding (§3.4)
};

enum class VerifyOutcome {
    Valid,
    UnknownId,
    WrongSecret,
    Expired,
    Invalidated,
};

// "valid", "unknown id", "wrong secret", "expired", "invalidated".
QString verifyOutcomeName(VerifyOutcome outcome);

struct Verification
{
    VerifyOutcome outcome = VerifyOutcome::UnknownId;
    std::optional<ApiKey> key; // the record, for every outcome except UnknownId

    bool isValid() const { return outcome == VerifyOutcome::Valid; }
    // What Elasticsearch's _has_privileges answers for the key: true only for a valid key that
    // holds the privilege (§3.4).
    bool grants(Privilege privilege) const { return isValid() && key && key->hasPrivilege(privilege); }
};

struct Invalidation
{
    QStringList invalidated;           // ids invalidated by this call
    QStringList previouslyInvalidated; // ids that matched but were already invalidated
    bool matchedNothing() const { return invalidated.isEmpty() && previouslyInvalidated.isEmpty(); }
};

// A local API-key registry in a data directory, playing the part Elasticsearch plays for APM
// Server: it creates keys, lists and invalidates them, and verifies id + secret.
//
// Storage: one JSON file, <dataDir>/apikeys.json (mode 0600, previous version kept as .bak).
// Every change takes <dataDir>/apikeys.json.lock (QLockFile) and does read-modify-write from disk,
// so several processes (the CLI, the stub server, the desktop app) can share a registry without
// losing keys. Reads re-read the file whenever its size or modification time changed.
// A damaged file is never overwritten: every call fails with a message naming it until it is fixed.
//
// Thread-safe: verify() may run on a worker thread (it costs one PBKDF2 computation) while other
// calls run elsewhere.
class ApiKeyRegistry
{
public:
    using Clock = std::function<QDateTime()>;

    static constexpr const char* kFileName = "apikeys.json";
    static constexpr int kFormatVersion = 1;
    static constexpr int kIdLength = 20;
    static constexpr int kSecretLength = 22;
    static constexpr int kMaxNameLength = 1024;

    // Error codes beyond the Core::readFile/writeFileAtomically ones.
    static constexpr const char* kErrorInvalidArgument = "apikeys.invalid-argument"; // bad name, no privilege…
    static constexpr const char* kErrorCorrupt = "apikeys.corrupt";                  // damaged registry file
    static constexpr const char* kErrorLocked = "apikeys.locked";                    // lock not obtained

    // `clock` gives the time used for creation and expiry checks (tests inject one); by default
    // the current UTC time.
    explicit ApiKeyRegistry(QString dataDir, Clock clock = {});

    // QStandardPaths::AppDataLocation; with the names main.cpp sets (organisation "APM Gatekeeper",
    // application "apm-gatekeeper") that is ~/.local/share/APM Gatekeeper/apm-gatekeeper on Linux.
    static QString defaultDataDir();

    QString dataDir() const { return m_dataDir; }
    QString filePath() const;

    // Settings; call before sharing the registry between threads.
    // PBKDF2 rounds for keys created from now on (existing keys keep theirs). At least
    // SecretHash::kMinIterations; lower values are ignored.
    void setHashIterations(int iterations);
    // How long a change waits for another process's lock (default 15 s).
    void setLockTimeout(std::chrono::milliseconds timeout);

    // Creates a key with a fresh id and secret. `expiresIn` counts from now; none = never.
    // Fails with kErrorInvalidArgument for an empty or too long name, no privileges or a
    // non-positive lifetime, and with an I/O, lock or kErrorCorrupt error when the file cannot be updated.
    Core::Result<CreatedKey> create(const QString& name, const QList<Privilege>& privileges,
                                    std::optional<std::chrono::milliseconds> expiresIn = std::nullopt);

    // The key with that id (nullopt when there is none). Fails when the file cannot be read.
    Core::Result<std::optional<ApiKey>> find(const QString& id) const;
    // All keys with that exact name (names are not unique). Fails when the file cannot be read.
    Core::Result<QList<ApiKey>> findByName(const QString& name) const;
    // All keys in creation order; `validOnly` drops invalidated and expired ones. Fails when the
    // file cannot be read.
    Core::Result<QList<ApiKey>> list(bool validOnly = false) const;

    // Marks the key invalidated (it stays listed, as in Elasticsearch). Fails on I/O problems;
    // an unknown id is not an error but an empty Invalidation.
    Core::Result<Invalidation> invalidateById(const QString& id);
    // Invalidates every key with that name. Same failure rules as invalidateById().
    Core::Result<Invalidation> invalidateByName(const QString& name);

    // Checks an id + secret pair. Fails only when the file cannot be read or the key's stored hash
    // is unusable; a bad secret, an unknown id etc. are outcomes, not errors.
    Core::Result<Verification> verify(const QString& id, QByteArrayView secret) const;

private:
    struct FileStamp
    {
        bool exists = false;
        qint64 size = -1;
        QDateTime modified;
        QDateTime born;
        bool operator==(const FileStamp&) const = default;
    };

    QDateTime now() const;
    FileStamp currentStamp() const;
    Core::Result<QList<ApiKey>> readFromDisk() const;
    Core::Result<QList<ApiKey>> currentKeys() const;
    // Runs `change` on the keys read from disk under the lock and saves them when it returns true.
    Core::Result<void> update(const std::function<Core::Result<bool>(QList<ApiKey>&)>& change);
    Core::Result<Invalidation> invalidateMatching(const std::function<bool(const ApiKey&)>& matches);

    QString m_dataDir;
    Clock m_clock;
    int m_iterations = SecretHash::kDefaultIterations;
    std::chrono::milliseconds m_lockTimeout{15000};

    mutable QMutex m_mutex; // guards the cache below
    mutable QList<ApiKey> m_cache;
    mutable std::optional<FileStamp> m_cacheStamp;
};

} // namespace ApiKeys
