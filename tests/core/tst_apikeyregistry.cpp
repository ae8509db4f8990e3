// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The local API-key registry (ApiKeys::ApiKeyRegistry) and its helpers: creation, verification,
// expiry with an injected clock, invalidation, the on-disk format (no secrets, 0600, hash
// parameters), damaged files refused and left untouched, locking, and the credential encoding.
#include "apikeys/ApiKeyRegistry.h"
#include "apikeys/Credentials.h"
#include "apikeys/Expiration.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QRegularExpression>
#include <QSet>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace ApiKeys;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(ApiKeys::VerifyOutcome)

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeAll(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

const QRegularExpression kUrlSafe(QStringLiteral("^[A-Za-z0-9_-]+$"));

} // namespace

class TestApiKeyRegistry : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createAndVerify_data();
    void createAndVerify();
    void verifyOutcomes_data();
    void verifyOutcomes();
    void expiresAtTheInstant();
    void createRejects_data();
    void createRejects();
    void findByNameAndList();
    void invalidateByIdAndName();
    void invalidateUnknownLeavesFileAlone();
    void secondInstanceSeesChanges();
    void threadsNeverLoseKeys();
    void fileNeverContainsSecrets();
    void fileModeIsPrivate_data();
    void fileModeIsPrivate();
    void hashParametersStored();
    void hashParametersCanChange();
    void damagedFileRefusedAndUntouched_data();
    void damagedFileRefusedAndUntouched();
    void heldLockTimesOut();
    void staleLockIsBroken_data();
    void staleLockIsBroken();
    void defaultDataDirUsesAppName();

    void parseExpiration_data();
    void parseExpiration();
    void decodeCredentials_data();
    void decodeCredentials();
    void encodeCredentials_data();
    void encodeCredentials();
    void goBase64Offsets_data();
    void goBase64Offsets();

private:
    ApiKeyRegistry makeRegistry() const;
    CreatedKey createKey(ApiKeyRegistry& registry, const QString& name = QStringLiteral("apm-key"),
                         const QList<Privilege>& privileges = allPrivileges(),
                         std::optional<std::chrono::milliseconds> expiresIn = std::nullopt);

    std::unique_ptr<QTemporaryDir> m_dir;
    QDateTime m_now;
};

void TestApiKeyRegistry::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_now = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
}

void TestApiKeyRegistry::cleanup()
{
    m_dir.reset();
}

ApiKeyRegistry TestApiKeyRegistry::makeRegistry() const
{
    // The injected clock: expiry is tested by moving m_now, not by sleeping.
    return ApiKeyRegistry(m_dir->filePath(QStringLiteral("data")), [this] { return m_now; });
}

CreatedKey TestApiKeyRegistry::createKey(ApiKeyRegistry& registry, const QString& name,
                                         const QList<Privilege>& privileges,
                                         std::optional<std::chrono::milliseconds> expiresIn)
{
    auto created = registry.create(name, privileges, expiresIn);
    if (!created)
        qFatal("create failed: %s", qPrintable(created.error().toString()));
    return std::move(*created);
}

void TestApiKeyRegistry::createAndVerify_data()
{
    QTest::addColumn<QList<Privilege>>("privileges");
    QTest::newRow("all three") << allPrivileges();
    QTest::newRow("ingest only") << QList<Privilege>{Privilege::EventWrite};
    QTest::newRow("agent config only") << QList<Privilege>{Privilege::ConfigAgentRead};
    QTest::newRow("sourcemap only") << QList<Privilege>{Privilege::SourcemapWrite};
    QTest::newRow("two, given out of order and twice")
        << QList<Privilege>{Privilege::SourcemapWrite, Privilege::EventWrite, Privilege::SourcemapWrite};
}

void TestApiKeyRegistry::createAndVerify()
{
    QFETCH(QList<Privilege>, privileges);
    // GIVEN an empty registry
    ApiKeyRegistry registry = makeRegistry();
    // WHEN a key is created
    const CreatedKey created = createKey(registry, QStringLiteral("my key"), privileges, 2h);
    // THEN it has ES-like id and secret shapes and credentials = base64(id:api_key)
    const ApiKey& key = created.key;
    QCOMPARE(key.id.size(), ApiKeyRegistry::kIdLength);
    QVERIFY(kUrlSafe.match(key.id).hasMatch());
    QVERIFY(created.apiKey.size() >= 22);
    QVERIFY(kUrlSafe.match(QString(created.apiKey.latin1())).hasMatch());
    const QByteArray credentials = created.credentials.view().toByteArray();
    QCOMPARE(QByteArray::fromBase64(credentials, QByteArray::AbortOnBase64DecodingErrors),
             key.id.toLatin1() + ':' + created.apiKey.view().toByteArray());
    QCOMPARE(credentials, (key.id.toLatin1() + ':' + created.apiKey.view().toByteArray()).toBase64());
    QCOMPARE(key.name, QStringLiteral("my key"));
    QCOMPARE(key.privileges, normalisedPrivileges(privileges));
    QCOMPARE(key.creation, m_now);
    QCOMPARE(key.creation.timeSpec(), Qt::UTC);
    QCOMPARE(key.expiration.value(), m_now.addSecs(7200));
    QVERIFY(!key.invalidated);

    // AND it verifies with exactly its privileges, also through a fresh registry object
    ApiKeyRegistry other = makeRegistry();
    auto v = other.verify(key.id, created.apiKey.view());
    QVERIFY2(v.ok(), qPrintable(v.ok() ? QString() : v.error().toString()));
    QCOMPARE(v->outcome, VerifyOutcome::Valid);
    for (const Privilege p : allPrivileges())
        QCOMPARE(v->grants(p), privileges.contains(p));
    auto found = other.find(key.id);
    QVERIFY(found.ok() && found->has_value());
    QCOMPARE(found->value().name, key.name);
}

void TestApiKeyRegistry::verifyOutcomes_data()
{
    QTest::addColumn<QString>("state");     // valid | invalidated | expired
    QTest::addColumn<QString>("presented"); // right | wrong | longer | shorter | empty | unknown-id
    QTest::addColumn<VerifyOutcome>("outcome");
    QTest::newRow("valid key, right secret") << "valid"
                                             << "right" << VerifyOutcome::Valid;
    QTest::newRow("wrong secret") << "valid"
                                  << "wrong" << VerifyOutcome::WrongSecret;
    QTest::newRow("secret with an extra character") << "valid"
                                                    << "longer" << VerifyOutcome::WrongSecret;
    QTest::newRow("secret missing its last character") << "valid"
                                                       << "shorter" << VerifyOutcome::WrongSecret;
    QTest::newRow("empty secret") << "valid"
                                  << "empty" << VerifyOutcome::WrongSecret;
    QTest::newRow("unknown id") << "valid"
                                << "unknown-id" << VerifyOutcome::UnknownId;
    QTest::newRow("invalidated key, right secret") << "invalidated"
                                                   << "right" << VerifyOutcome::Invalidated;
    QTest::newRow("invalidated key, wrong secret") << "invalidated"
                                                   << "wrong" << VerifyOutcome::WrongSecret;
    QTest::newRow("expired key, right secret") << "expired"
                                               << "right" << VerifyOutcome::Expired;
    QTest::newRow("expired key, wrong secret") << "expired"
                                               << "wrong" << VerifyOutcome::WrongSecret;
}

void TestApiKeyRegistry::verifyOutcomes()
{
    QFETCH(QString, state);
    QFETCH(QString, presented);
    QFETCH(VerifyOutcome, outcome);
    ApiKeyRegistry registry = makeRegistry();
    const CreatedKey created = createKey(registry, QStringLiteral("k"), allPrivileges(), 1s);
    if (state == QLatin1String("invalidated"))
        QVERIFY(registry.invalidateById(created.key.id).ok());
    if (state == QLatin1String("expired"))
        m_now = m_now.addSecs(1);

    QByteArray secret = created.apiKey.view().toByteArray();
    QString id = created.key.id;
    if (presented == QLatin1String("wrong"))
        secret[0] = secret.at(0) == 'A' ? 'B' : 'A';
    else if (presented == QLatin1String("longer"))
        secret += 'x';
    else if (presented == QLatin1String("shorter"))
        secret.chop(1);
    else if (presented == QLatin1String("empty"))
        secret.clear();
    else if (presented == QLatin1String("unknown-id"))
        id = QStringLiteral("AAAAAAAAAAAAAAAAAAAA");

    auto v = registry.verify(id, secret);
    QVERIFY(v.ok());
    QCOMPARE(v->outcome, outcome);
    QCOMPARE(v->key.has_value(), outcome != VerifyOutcome::UnknownId);
    // Only a valid key is authorized for anything (§3.4: ES answers 401 otherwise).
    for (const Privilege p : allPrivileges())
        QCOMPARE(v->grants(p), outcome == VerifyOutcome::Valid);
}

void TestApiKeyRegistry::expiresAtTheInstant()
{
    // GIVEN a key created at T with a 1 s lifetime (the injected clock, no sleeping)
    ApiKeyRegistry registry = makeRegistry();
    const CreatedKey created = createKey(registry, QStringLiteral("short"), allPrivileges(), 1s);
    createKey(registry, QStringLiteral("forever"));
    // WHEN the clock stands 1 ms before the expiration THEN the key is valid
    m_now = m_now.addMSecs(999);
    QCOMPARE(registry.verify(created.key.id, created.apiKey.view())->outcome, VerifyOutcome::Valid);
    QCOMPARE(registry.list(true)->size(), 2);
    // WHEN it reaches the expiration instant THEN the key is expired and no longer listed as valid
    m_now = m_now.addMSecs(1);
    QCOMPARE(registry.verify(created.key.id, created.apiKey.view())->outcome, VerifyOutcome::Expired);
    QCOMPARE(registry.list(true)->size(), 1);
    QCOMPARE(registry.list(true)->constFirst().name, QStringLiteral("forever"));
    QCOMPARE(registry.list(false)->size(), 2);
}

void TestApiKeyRegistry::createRejects_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QList<Privilege>>("privileges");
    QTest::addColumn<qint64>("expiresInMs"); // 0 = no expiration given
    QTest::newRow("empty name") << "" << allPrivileges() << qint64(0);
    QTest::newRow("blank name") << "   " << allPrivileges() << qint64(0);
    QTest::newRow("name over 1024 characters") << QString(1025, QLatin1Char('n')) << allPrivileges() << qint64(0);
    QTest::newRow("no privilege") << "k" << QList<Privilege>{} << qint64(0);
    QTest::newRow("negative lifetime") << "k" << allPrivileges() << qint64(-1000);
}

void TestApiKeyRegistry::createRejects()
{
    QFETCH(QString, name);
    QFETCH(QList<Privilege>, privileges);
    QFETCH(qint64, expiresInMs);
    ApiKeyRegistry registry = makeRegistry();
    const auto expiresIn = expiresInMs != 0 ? std::optional(std::chrono::milliseconds(expiresInMs)) : std::nullopt;
    auto created = registry.create(name, privileges, expiresIn);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().code, QString::fromLatin1(ApiKeyRegistry::kErrorInvalidArgument));
    QVERIFY(!QFileInfo::exists(registry.filePath()));
}

void TestApiKeyRegistry::findByNameAndList()
{
    ApiKeyRegistry registry = makeRegistry();
    const CreatedKey a = createKey(registry, QStringLiteral("shared"));
    m_now = m_now.addSecs(1);
    const CreatedKey b = createKey(registry, QStringLiteral("other"));
    m_now = m_now.addSecs(1);
    const CreatedKey c = createKey(registry, QStringLiteral("shared"));
    // Names are not unique, as in Elasticsearch.
    auto shared = registry.findByName(QStringLiteral("shared"));
    QVERIFY(shared.ok());
    QCOMPARE(shared->size(), 2);
    QCOMPARE(shared->at(0).id, a.key.id);
    QCOMPARE(shared->at(1).id, c.key.id);
    QVERIFY(registry.findByName(QStringLiteral("Shared"))->isEmpty());
    auto all = registry.list();
    QCOMPARE(all->size(), 3);
    QCOMPARE(all->at(1).id, b.key.id); // creation order
    QVERIFY(!registry.find(QStringLiteral("nope"))->has_value());
}

void TestApiKeyRegistry::invalidateByIdAndName()
{
    ApiKeyRegistry registry = makeRegistry();
    const CreatedKey a = createKey(registry, QStringLiteral("team"));
    const CreatedKey b = createKey(registry, QStringLiteral("team"));
    const CreatedKey c = createKey(registry, QStringLiteral("solo"));

    auto byId = registry.invalidateById(a.key.id);
    QVERIFY(byId.ok());
    QCOMPARE(byId->invalidated, QStringList{a.key.id});
    // By name: the not yet invalidated key is invalidated now, the other reported as before.
    auto byName = registry.invalidateByName(QStringLiteral("team"));
    QVERIFY(byName.ok());
    QCOMPARE(byName->invalidated, QStringList{b.key.id});
    QCOMPARE(byName->previouslyInvalidated, QStringList{a.key.id});

    // Invalidated keys stay listed, marked; the other key is untouched.
    QCOMPARE(registry.list()->size(), 3);
    QVERIFY(registry.find(a.key.id)->value().invalidated);
    QVERIFY(registry.find(b.key.id)->value().invalidated);
    QVERIFY(!registry.find(c.key.id)->value().invalidated);
    QCOMPARE(registry.list(true)->size(), 1);
    QCOMPARE(registry.verify(c.key.id, c.apiKey.view())->outcome, VerifyOutcome::Valid);
}

void TestApiKeyRegistry::invalidateUnknownLeavesFileAlone()
{
    ApiKeyRegistry registry = makeRegistry();
    createKey(registry);
    const QByteArray before = readAll(registry.filePath());
    const QByteArray backupBefore = readAll(registry.filePath() + QStringLiteral(".bak"));
    auto r = registry.invalidateById(QStringLiteral("unknown"));
    QVERIFY(r.ok());
    QVERIFY(r->matchedNothing());
    QCOMPARE(readAll(registry.filePath()), before);
    QCOMPARE(readAll(registry.filePath() + QStringLiteral(".bak")), backupBefore);
}

void TestApiKeyRegistry::secondInstanceSeesChanges()
{
    // GIVEN two registry objects on one folder, as the CLI and the stub server would have
    ApiKeyRegistry first = makeRegistry();
    ApiKeyRegistry second = makeRegistry();
    QVERIFY(second.list()->isEmpty()); // fills second's cache
    // WHEN the first creates a key THEN the second sees it without being told
    const CreatedKey created = createKey(first);
    QCOMPARE(second.verify(created.key.id, created.apiKey.view())->outcome, VerifyOutcome::Valid);
    // WHEN the second invalidates it THEN the first sees that
    QVERIFY(second.invalidateById(created.key.id).ok());
    QCOMPARE(first.verify(created.key.id, created.apiKey.view())->outcome, VerifyOutcome::Invalidated);
    // AND a key the first creates now does not resurrect the invalidated one (read-modify-write)
    createKey(first);
    QVERIFY(second.find(created.key.id)->value().invalidated);
    QCOMPARE(second.list()->size(), 2);
}

void TestApiKeyRegistry::threadsNeverLoseKeys()
{
    // Two registry objects on two threads (the locking path within one process); the
    // cross-process case is tst_apikeyconcurrency.
    constexpr int kPerThread = 6;
    QStringList ids[2];
    QString failures[2];
    const QString dir = m_dir->filePath(QStringLiteral("data"));
    auto worker = [&dir](QStringList* out, QString* failure, const QString& name) {
        ApiKeyRegistry registry(dir);
        for (int i = 0; i < kPerThread; ++i) {
            auto created = registry.create(name, allPrivileges());
            if (!created) {
                *failure = created.error().toString();
                return;
            }
            out->append(created->key.id);
        }
    };
    std::unique_ptr<QThread> a(QThread::create(worker, &ids[0], &failures[0], QStringLiteral("a")));
    std::unique_ptr<QThread> b(QThread::create(worker, &ids[1], &failures[1], QStringLiteral("b")));
    a->start();
    b->start();
    QVERIFY(a->wait(120000));
    QVERIFY(b->wait(120000));
    QVERIFY2(failures[0].isEmpty(), qPrintable(failures[0]));
    QVERIFY2(failures[1].isEmpty(), qPrintable(failures[1]));
    ApiKeyRegistry registry(dir);
    auto all = registry.list();
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 2 * kPerThread);
    for (const QString& id : ids[0] + ids[1])
        QVERIFY2(registry.find(id)->has_value(), qPrintable(id));
}

void TestApiKeyRegistry::fileNeverContainsSecrets()
{
    ApiKeyRegistry registry = makeRegistry();
    QList<QByteArray> secrets;
    for (int i = 0; i < 4; ++i) {
        const CreatedKey created = createKey(registry, QStringLiteral("k%1").arg(i));
        secrets << created.apiKey.view().toByteArray() << created.credentials.view().toByteArray()
                << created.apiKey.view().toByteArray().toBase64();
    }
    QVERIFY(registry.invalidateByName(QStringLiteral("k0")).ok());
    const QDir dir(registry.dataDir());
    const QStringList files = dir.entryList(QDir::Files | QDir::Hidden);
    QVERIFY(files.contains(QStringLiteral("apikeys.json")));
    QVERIFY(files.contains(QStringLiteral("apikeys.json.bak")));
    for (const QString& file : files) {
        const QByteArray content = readAll(dir.filePath(file));
        for (const QByteArray& secret : std::as_const(secrets))
            QVERIFY2(!content.contains(secret), qPrintable(file + QStringLiteral(" contains a secret")));
    }
}

void TestApiKeyRegistry::fileModeIsPrivate_data()
{
    QTest::addColumn<bool>("folderExists");
    QTest::newRow("folder created by the registry: 0700") << false;
    QTest::newRow("existing folder keeps its mode") << true;
}

void TestApiKeyRegistry::fileModeIsPrivate()
{
    QFETCH(bool, folderExists);
    const QFileDevice::Permissions groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                  QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                  QFileDevice::WriteOther | QFileDevice::ExeOther;
    const QFileDevice::Permissions shared = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                            QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                            QFileDevice::ExeOther;
    ApiKeyRegistry registry = makeRegistry();
    if (folderExists) {
        QVERIFY(QDir().mkpath(registry.dataDir()));
        QVERIFY(QFile::setPermissions(registry.dataDir(), shared));
    }
    createKey(registry);
    createKey(registry); // the second write also produces the .bak
    for (const QString& path : {registry.filePath(), registry.filePath() + QStringLiteral(".bak")}) {
        const QFileDevice::Permissions p = QFile::permissions(path);
        QVERIFY2((p & groupOrOther) == 0, qPrintable(path));
        QVERIFY(p.testFlag(QFileDevice::ReadOwner) && p.testFlag(QFileDevice::WriteOwner));
        QVERIFY(!p.testFlag(QFileDevice::ExeOwner));
    }
    const QFileDevice::Permissions folder =
        QFile::permissions(registry.dataDir()) &
        (groupOrOther | QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (folderExists)
        QCOMPARE(folder, shared);
    else
        QCOMPARE(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

void TestApiKeyRegistry::hashParametersStored()
{
    ApiKeyRegistry registry = makeRegistry();
    createKey(registry, QStringLiteral("a"));
    createKey(registry, QStringLiteral("b"));
    const QJsonObject root = QJsonDocument::fromJson(readAll(registry.filePath())).object();
    QCOMPARE(root.value(QStringLiteral("format")).toInt(), ApiKeyRegistry::kFormatVersion);
    const QJsonArray keys = root.value(QStringLiteral("api_keys")).toArray();
    QCOMPARE(keys.size(), 2);
    QSet<QByteArray> salts;
    for (const QJsonValue& k : keys) {
        const QJsonObject hash = k.toObject().value(QStringLiteral("secret_hash")).toObject();
        QCOMPARE(hash.value(QStringLiteral("algorithm")).toString(), QStringLiteral("pbkdf2-hmac-sha256"));
        QCOMPARE(hash.value(QStringLiteral("iterations")).toInt(), SecretHash::kDefaultIterations);
        QVERIFY(SecretHash::kDefaultIterations >= 100000);
        const QByteArray salt = QByteArray::fromBase64(hash.value(QStringLiteral("salt")).toString().toLatin1());
        QCOMPARE(salt.size(), 16);
        QCOMPARE(QByteArray::fromBase64(hash.value(QStringLiteral("hash")).toString().toLatin1()).size(), 32);
        salts.insert(salt);
    }
    QCOMPARE(salts.size(), 2); // a fresh salt per key
}

void TestApiKeyRegistry::hashParametersCanChange()
{
    // GIVEN a key hashed with the default rounds
    ApiKeyRegistry registry = makeRegistry();
    const CreatedKey before = createKey(registry, QStringLiteral("before"));
    // WHEN the rounds change (values under the floor are ignored) and another key is created
    registry.setHashIterations(1000);
    registry.setHashIterations(SecretHash::kMinIterations + 1);
    const CreatedKey after = createKey(registry, QStringLiteral("after"));
    // THEN each record keeps its own parameters and both verify
    QCOMPARE(registry.find(before.key.id)->value().secretHash.iterations, SecretHash::kDefaultIterations);
    QCOMPARE(registry.find(after.key.id)->value().secretHash.iterations, SecretHash::kMinIterations + 1);
    QCOMPARE(registry.verify(before.key.id, before.apiKey.view())->outcome, VerifyOutcome::Valid);
    QCOMPARE(registry.verify(after.key.id, after.apiKey.view())->outcome, VerifyOutcome::Valid);
}

void TestApiKeyRegistry::damagedFileRefusedAndUntouched_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("mentions");
    const QByteArray goodKey =
        R"({"id":"AAAAAAAAAAAAAAAAAAAA","name":"k","privileges":["event:write"],)"
        R"("creation":"2024-05-01T12:00:00.000Z","expiration":null,"invalidated":false,)"
        R"("secret_hash":{"algorithm":"pbkdf2-hmac-sha256","iterations":210000,)"
        R"("salt":"AAAAAAAAAAAAAAAAAAAAAA==","hash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}})";
    const auto withKey = [](QByteArray key) { return R"({"format":1,"api_keys":[)" + key + "]}"; };
    QTest::newRow("empty file") << QByteArray() << "not JSON";
    QTest::newRow("truncated JSON") << QByteArray(R"({"format":1,"api_keys":[{"id":)") << "not JSON";
    QTest::newRow("top level is a list") << QByteArray("[]") << "top level";
    QTest::newRow("format missing") << QByteArray(R"({"api_keys":[]})") << "format";
    QTest::newRow("newer format") << QByteArray(R"({"format":2,"api_keys":[]})") << "newer version";
    QTest::newRow("api_keys not a list") << QByteArray(R"({"format":1,"api_keys":{}})") << "api_keys";
    QTest::newRow("entry without id") << withKey(R"({"name":"k"})") << "id";
    QTest::newRow("unknown privilege") << withKey(QByteArray(goodKey).replace("event:write", "event:read"))
                                       << "unknown privilege";
    QTest::newRow("bad creation time") << withKey(QByteArray(goodKey).replace("2024-05-01T12:00:00.000Z", "yesterday"))
                                       << "creation";
    QTest::newRow("unknown hash algorithm")
        << withKey(QByteArray(goodKey).replace("pbkdf2-hmac-sha256", "md5")) << "secret_hash";
    QTest::newRow("zero iterations") << withKey(QByteArray(goodKey).replace("210000", "0")) << "secret_hash";
    QTest::newRow("duplicate id") << withKey(goodKey + ',' + goodKey) << "twice";
}

void TestApiKeyRegistry::damagedFileRefusedAndUntouched()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, mentions);
    // GIVEN a damaged registry file
    ApiKeyRegistry registry = makeRegistry();
    QVERIFY(QDir().mkpath(registry.dataDir()));
    QVERIFY(writeAll(registry.filePath(), content));
    // WHEN any call touches it THEN it fails naming the file and the problem, and says how to fix it
    const auto check = [&](const Core::Error& e) {
        QCOMPARE(e.code, QString::fromLatin1(ApiKeyRegistry::kErrorCorrupt));
        QVERIFY2(e.message.contains(registry.filePath()), qPrintable(e.message));
        QVERIFY2((e.message + e.detail).contains(mentions), qPrintable(e.toString()));
        QVERIFY(!e.fix.isEmpty());
    };
    auto listed = registry.list();
    QVERIFY(!listed.ok());
    check(listed.error());
    auto found = registry.find(QStringLiteral("AAAAAAAAAAAAAAAAAAAA"));
    QVERIFY(!found.ok());
    check(found.error());
    auto verified = registry.verify(QStringLiteral("AAAAAAAAAAAAAAAAAAAA"), QByteArrayView("x"));
    QVERIFY(!verified.ok());
    check(verified.error());
    auto created = registry.create(QStringLiteral("new"), allPrivileges());
    QVERIFY(!created.ok());
    check(created.error());
    auto invalidated = registry.invalidateByName(QStringLiteral("k"));
    QVERIFY(!invalidated.ok());
    check(invalidated.error());
    // AND the file is exactly as it was, with no backup made over it
    QCOMPARE(readAll(registry.filePath()), content);
    QVERIFY(!QFileInfo::exists(registry.filePath() + QStringLiteral(".bak")));
}

void TestApiKeyRegistry::heldLockTimesOut()
{
    ApiKeyRegistry registry = makeRegistry();
    createKey(registry);
    // GIVEN another holder of the lock
    QLockFile other(registry.filePath() + QStringLiteral(".lock"));
    QVERIFY(other.tryLock(0));
    registry.setLockTimeout(300ms);
    // WHEN a change is attempted THEN it fails with a message naming the lock file, and reads still work
    auto created = registry.create(QStringLiteral("blocked"), allPrivileges());
    QVERIFY(!created.ok());
    QCOMPARE(created.error().code, QString::fromLatin1(ApiKeyRegistry::kErrorLocked));
    QVERIFY2(created.error().fix.contains(QStringLiteral("apikeys.json.lock")), qPrintable(created.error().toString()));
    QCOMPARE(registry.list()->size(), 1);
    // WHEN the lock is released THEN changes work again
    other.unlock();
    QVERIFY(registry.create(QStringLiteral("unblocked"), allPrivileges()).ok());
    QCOMPARE(registry.list()->size(), 2);
}

void TestApiKeyRegistry::staleLockIsBroken_data()
{
    QTest::addColumn<QByteArray>("lockContent");
    QTest::addColumn<int>("ageSeconds");
    // QLockFile's format: pid, application, host, machine id, boot id.
    const QByteArray deadPid = "2147483646\napm-gatekeeper\n" + QSysInfo::machineHostName().toUtf8() + '\n' +
                               QSysInfo::machineUniqueId() + '\n' + QSysInfo::bootUniqueId() + '\n';
    QTest::newRow("holder process is gone") << deadPid << 0;
    QTest::newRow("unreadable lock, an hour old") << QByteArray("garbage") << 3600;
}

void TestApiKeyRegistry::staleLockIsBroken()
{
    QFETCH(QByteArray, lockContent);
    QFETCH(int, ageSeconds);
    // GIVEN a lock file left behind by a crashed process
    ApiKeyRegistry registry = makeRegistry();
    QVERIFY(QDir().mkpath(registry.dataDir()));
    const QString lockPath = registry.filePath() + QStringLiteral(".lock");
    QVERIFY(writeAll(lockPath, lockContent));
    if (ageSeconds > 0) {
        QFile lock(lockPath);
        QVERIFY(lock.open(QIODevice::ReadWrite));
        QVERIFY(lock.setFileTime(QDateTime::currentDateTime().addSecs(-ageSeconds), QFileDevice::FileModificationTime));
    }
    registry.setLockTimeout(5s);
    // WHEN a key is created THEN the stale lock is taken over
    auto created = registry.create(QStringLiteral("after crash"), allPrivileges());
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
    QVERIFY(!QFileInfo::exists(lockPath)); // and released afterwards
}

void TestApiKeyRegistry::defaultDataDirUsesAppName()
{
    QCoreApplication::setApplicationName(QStringLiteral("apm-gatekeeper"));
    QVERIFY2(ApiKeyRegistry::defaultDataDir().endsWith(QStringLiteral("/apm-gatekeeper")),
             qPrintable(ApiKeyRegistry::defaultDataDir()));
}

void TestApiKeyRegistry::parseExpiration_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms"); // -1 = refused
    QTest::newRow("1s") << "1s" << qint64(1000);
    QTest::newRow("10m") << "10m" << qint64(600000);
    QTest::newRow("2h") << "2h" << qint64(7200000);
    QTest::newRow("1d") << "1d" << qint64(86400000);
    QTest::newRow("3w") << "3w" << qint64(3 * 7 * 86400000LL);
    QTest::newRow("250ms") << "250ms" << qint64(250);
    QTest::newRow("upper case, as ES lower-cases") << "1D" << qint64(86400000);
    QTest::newRow("surrounding spaces") << " 5m " << qint64(300000);
    QTest::newRow("365d") << "365d" << qint64(365 * 86400000LL);
    QTest::newRow("no unit") << "10" << qint64(-1);
    QTest::newRow("unknown unit y") << "1y" << qint64(-1);
    QTest::newRow("fraction") << "1.5h" << qint64(-1);
    QTest::newRow("zero") << "0s" << qint64(-1);
    QTest::newRow("negative") << "-1d" << qint64(-1);
    QTest::newRow("plus sign") << "+1d" << qint64(-1);
    QTest::newRow("compound Go duration") << "1h30m" << qint64(-1);
    QTest::newRow("empty") << "" << qint64(-1);
    QTest::newRow("only a unit") << "ms" << qint64(-1);
    QTest::newRow("beyond 1000 years") << "60000w" << qint64(-1);
    QTest::newRow("overflow") << "99999999999999999999ms" << qint64(-1);
}

void TestApiKeyRegistry::parseExpiration()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    const auto parsed = ApiKeys::parseExpiration(text);
    if (ms < 0) {
        QVERIFY(!parsed.ok());
        QVERIFY(parsed.error().message.contains(text));
        QVERIFY(!parsed.error().fix.isEmpty());
    } else {
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(parsed->count(), ms);
    }
}

void TestApiKeyRegistry::decodeCredentials_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("id");        // expected id, or the error code
    QTest::addColumn<QByteArray>("secret"); // expected secret, or the error detail
    QTest::newRow("id:key") << QByteArray("aWQ6a2V5") << "id" << QByteArray("key");
    QTest::newRow("split at the first colon") << QByteArray("aWQ6YTpi") << "id" << QByteArray("a:b");
    QTest::newRow("one padding character") << QByteArray("aWQ6a2V5eg==") << "id" << QByteArray("keyz");
    QTest::newRow("empty id") << QByteArray("OmtleQ==") << "" << QByteArray("key");
    QTest::newRow("line breaks ignored, as Go does") << QByteArray("aWQ6\r\na2V5") << "id" << QByteArray("key");
    QTest::newRow("illegal character at 0")
        << QByteArray("!!!") << "apikeys.credentials.encoding" << QByteArray("illegal base64 data at input byte 0");
    QTest::newRow("URL-safe alphabet refused") << QByteArray("aWQ6a2V5-_==") << "apikeys.credentials.encoding"
                                               << QByteArray("illegal base64 data at input byte 8");
    QTest::newRow("missing padding") << QByteArray("YWJjZA") << "apikeys.credentials.encoding"
                                     << QByteArray("illegal base64 data at input byte 4");
    QTest::newRow("half the padding") << QByteArray("YWJjZA=") << "apikeys.credentials.encoding"
                                      << QByteArray("illegal base64 data at input byte 7");
    QTest::newRow("data after padding") << QByteArray("YQ==YQ==") << "apikeys.credentials.encoding"
                                        << QByteArray("illegal base64 data at input byte 4");
    QTest::newRow("padding too early") << QByteArray("Y===") << "apikeys.credentials.encoding"
                                       << QByteArray("illegal base64 data at input byte 1");
    QTest::newRow("space inside") << QByteArray("aWQ6 a2V5") << "apikeys.credentials.encoding"
                                  << QByteArray("illegal base64 data at input byte 4");
    QTest::newRow("no colon") << QByteArray("YWJj") << "apikeys.credentials.format" << QByteArray();
    QTest::newRow("empty token") << QByteArray() << "apikeys.credentials.format" << QByteArray();
}

void TestApiKeyRegistry::decodeCredentials()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, id);
    QFETCH(QByteArray, secret);
    const auto decoded = Credentials::decode(token);
    if (id.startsWith(QLatin1String("apikeys.credentials."))) {
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().code, id);
        QCOMPARE(decoded.error().detail.toLatin1(), secret);
        // The 401 text APM Server 8.x answers (§3.3).
        const QString server = Credentials::serverMessage(decoded.error());
        if (id.endsWith(QLatin1String("encoding")))
            QCOMPARE(server, QStringLiteral("authentication failed: improperly encoded ApiKey credentials: expected "
                                            "base64(ID:APIKey): ") +
                                 QString::fromLatin1(secret));
        else
            QCOMPARE(server, QStringLiteral("authentication failed: improperly formatted ApiKey credentials: "
                                            "expected base64(ID:APIKey)"));
    } else {
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().toString()));
        QCOMPARE(decoded->id(), id);
        QCOMPARE(decoded->apiKey().view().toByteArray(), secret);
    }
}

void TestApiKeyRegistry::encodeCredentials_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("no padding needed") << "id" << QByteArray("key");        // 6 bytes
    QTest::newRow("one padding character") << "id" << QByteArray("keyz");   // 7 bytes
    QTest::newRow("two padding characters") << "id" << QByteArray("keyzz"); // 8 bytes
    QTest::newRow("ES-shaped") << "VuaCfGcBCdbkQm-e5aOx" << QByteArray("ui2lp2axTNmsyakw9tvNnw");
}

void TestApiKeyRegistry::encodeCredentials()
{
    QFETCH(QString, id);
    QFETCH(QByteArray, secret);
    const Secret encoded = Credentials::encode(id, secret);
    QCOMPARE(encoded.view().toByteArray(), (id.toLatin1() + ':' + secret).toBase64());
    const auto decoded = Credentials::decode(encoded.view());
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->id(), id);
    QCOMPARE(decoded->apiKey().view().toByteArray(), secret);
}

void TestApiKeyRegistry::goBase64Offsets_data()
{
    // Expected offsets from Go's own encoding/base64 TestDecodeCorrupt table: APM Server prints
    // Go's offset in its 401 message (§3.3), so ours must match Go's, not just any decoder's.
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("offset"); // -1 = valid base64
    QTest::newRow("empty") << QByteArray("") << -1;
    QTest::newRow("newline only") << QByteArray("\n") << -1;
    QTest::newRow("AAA= newline") << QByteArray("AAA=\n") << -1;
    QTest::newRow("AAAA newline") << QByteArray("AAAA\n") << -1;
    QTest::newRow("!!!!") << QByteArray("!!!!") << 0;
    QTest::newRow("====") << QByteArray("====") << 0;
    QTest::newRow("x===") << QByteArray("x===") << 1;
    QTest::newRow("=AAA") << QByteArray("=AAA") << 0;
    QTest::newRow("A=AA") << QByteArray("A=AA") << 1;
    QTest::newRow("AA=A") << QByteArray("AA=A") << 2;
    QTest::newRow("AA==A") << QByteArray("AA==A") << 4;
    QTest::newRow("AAA=AAAA") << QByteArray("AAA=AAAA") << 4;
    QTest::newRow("AAAAA") << QByteArray("AAAAA") << 4;
    QTest::newRow("AAAAAA") << QByteArray("AAAAAA") << 4;
    QTest::newRow("A=") << QByteArray("A=") << 1;
    QTest::newRow("A==") << QByteArray("A==") << 1;
    QTest::newRow("AA=") << QByteArray("AA=") << 3;
    QTest::newRow("AA==") << QByteArray("AA==") << -1;
    QTest::newRow("AAA=") << QByteArray("AAA=") << -1;
    QTest::newRow("AAAA") << QByteArray("AAAA") << -1;
    QTest::newRow("AAAAAA=") << QByteArray("AAAAAA=") << 7;
    QTest::newRow("YWJjZA=====") << QByteArray("YWJjZA=====") << 8;
    QTest::newRow("A! newline") << QByteArray("A!\n") << 1;
    QTest::newRow("A= newline") << QByteArray("A=\n") << 1;
}

void TestApiKeyRegistry::goBase64Offsets()
{
    QFETCH(QByteArray, token);
    QFETCH(int, offset);
    const auto decoded = Credentials::decode(token);
    QVERIFY(!decoded.ok()); // none of these decodes to something with a ':'
    if (offset < 0) {
        QCOMPARE(decoded.error().code, QStringLiteral("apikeys.credentials.format"));
    } else {
        QCOMPARE(decoded.error().code, QStringLiteral("apikeys.credentials.encoding"));
        QCOMPARE(decoded.error().detail, QStringLiteral("illegal base64 data at input byte %1").arg(offset));
    }
}

QTEST_GUILESS_MAIN(TestApiKeyRegistry)
#include "tst_apikeyregistry.moc"
