// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The secrets module without a keychain: the memory store (what other modules' tests use), the
// index of created entries, the keeper that ties them together ("forget this document's
// secrets"), and the token generator with its strength estimate.
#include "secrets/MemorySecretStore.h"
#include "secrets/SecretIndex.h"
#include "secrets/SecretKeeper.h"
#include "secrets/TokenGenerator.h"

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Secrets;

namespace {

// Waits (through QTRY in the caller) for an asynchronous callback's result.
template <typename T>
struct Outcome
{
    std::optional<T> value;
    bool done() const { return value.has_value(); }
};

} // namespace

class TestSecretKeeper : public QObject
{
    Q_OBJECT

private slots:
    void memoryStoreIsAsynchronous();
    void memoryStoreRoundTrip();
    void memoryStoreUnavailable();
    void invalidNames_data();
    void invalidNames();
    void indexHoldsNamesOnly();
    void forgetDocument();
    void forgetUnknownName();
    void readAllReportsMissingAndUnavailable();
    void tokenFormat();
    void tokensDiffer();
    void tokenSizeLimits_data();
    void tokenSizeLimits();
    void strength_data();
    void strength();
};

void TestSecretKeeper::memoryStoreIsAsynchronous()
{
    // GIVEN a store WHEN a call is made THEN its callback has not run when the call returns.
    MemorySecretStore store;
    bool called = false;
    store.write(QStringLiteral("A"), "v", [&](Core::Result<void>) { called = true; });
    QVERIFY(!called);
    QTRY_VERIFY(called);
}

void TestSecretKeeper::memoryStoreRoundTrip()
{
    MemorySecretStore store;
    Outcome<bool> written;
    store.write(QStringLiteral("APM_SECRET_TOKEN"), "s3cr3t-value", [&](Core::Result<void> r) { written.value = r.ok(); });
    QTRY_VERIFY(written.done());
    QVERIFY(*written.value);
    QCOMPARE(store.state(), SecretStore::State::Available);

    Outcome<QByteArray> read;
    store.read(QStringLiteral("APM_SECRET_TOKEN"), [&](Core::Result<ApiKeys::Secret> r) {
        read.value = r ? r->view().toByteArray() : QByteArray("error");
    });
    QTRY_VERIFY(read.done());
    QCOMPARE(*read.value, QByteArray("s3cr3t-value"));

    Outcome<QString> removed, again;
    store.remove(QStringLiteral("APM_SECRET_TOKEN"), [&](Core::Result<void> r) { removed.value = r ? QString() : r.error().code; });
    QTRY_VERIFY(removed.done());
    QCOMPARE(*removed.value, QString());
    store.read(QStringLiteral("APM_SECRET_TOKEN"), [&](Core::Result<ApiKeys::Secret> r) { again.value = r ? QString() : r.error().code; });
    QTRY_VERIFY(again.done());
    QCOMPARE(*again.value, QLatin1String(kErrorNotFound));
}

void TestSecretKeeper::memoryStoreUnavailable()
{
    // GIVEN no secure store WHEN writing THEN the call fails with the state and a reason.
    MemorySecretStore store;
    QSignalSpy stateSpy(&store, &SecretStore::stateChanged);
    store.simulateUnavailable(true);
    Outcome<QString> code;
    store.write(QStringLiteral("A"), "v", [&](Core::Result<void> r) { code.value = r ? QString() : r.error().code; });
    QTRY_VERIFY(code.done());
    QCOMPARE(*code.value, QLatin1String(kErrorUnavailable));
    QCOMPARE(store.state(), SecretStore::State::Unavailable);
    QVERIFY(!store.unavailableReason().message.isEmpty());
    QCOMPARE(stateSpy.count(), 1);
    QCOMPARE(store.size(), 0);
}

void TestSecretKeeper::invalidNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("starts with a digit") << QStringLiteral("1TOKEN");
    QTest::newRow("contains a space") << QStringLiteral("APM TOKEN");
    QTest::newRow("contains a brace") << QStringLiteral("A}B");
}

void TestSecretKeeper::invalidNames()
{
    QFETCH(QString, name);
    MemorySecretStore store;
    Outcome<QString> code;
    store.write(name, "v", [&](Core::Result<void> r) { code.value = r ? QString() : r.error().code; });
    QTRY_VERIFY(code.done());
    QCOMPARE(*code.value, QLatin1String(kErrorInvalidName));
}

void TestSecretKeeper::indexHoldsNamesOnly()
{
    // GIVEN a secret stored through the keeper for a document
    QTemporaryDir dir;
    const QString doc = TestSupport::writeFile(dir, QStringLiteral("apm-server.yml"), "apm-server: {}\n");
    MemorySecretStore store;
    SecretKeeper keeper(&store, dir.filePath(QStringLiteral("data")));
    Outcome<bool> ok;
    keeper.store(QStringLiteral("APM_SECRET_TOKEN"), "index-must-not-hold-this", doc,
                 [&](Core::Result<void> r) { ok.value = r.ok(); });
    QTRY_VERIFY(ok.done());
    QVERIFY(*ok.value);

    // THEN the index lists the name and the document, with mode 0600, and never the value
    auto entries = keeper.index().entries();
    QVERIFY(entries.ok());
    QCOMPARE(entries->size(), 1);
    QCOMPARE(entries->at(0).name, QStringLiteral("APM_SECRET_TOKEN"));
    QCOMPARE(entries->at(0).documents, QStringList{SecretIndex::normaliseDocument(doc)});
    QFile file(keeper.index().path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("index-must-not-hold-this"));
    QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
}

void TestSecretKeeper::forgetDocument()
{
    // GIVEN two documents; one secret used by both, one by each
    QTemporaryDir dir;
    const QString a = TestSupport::writeFile(dir, QStringLiteral("a.yml"), "{}\n");
    const QString b = TestSupport::writeFile(dir, QStringLiteral("b.yml"), "{}\n");
    MemorySecretStore store;
    SecretKeeper keeper(&store, dir.path());
    int stored = 0;
    auto count = [&](Core::Result<void> r) { stored += r.ok() ? 1 : 100; };
    keeper.store(QStringLiteral("ONLY_A"), "1", a, count);
    keeper.store(QStringLiteral("SHARED"), "2", a, count);
    keeper.store(QStringLiteral("SHARED"), "2", b, count);
    keeper.store(QStringLiteral("ONLY_B"), "3", b, count);
    QTRY_COMPARE(stored, 4);

    // WHEN document a's secrets are forgotten
    Outcome<QStringList> forgotten;
    keeper.forgetDocument(a, [&](Core::Result<QStringList> r) { forgotten.value = r ? *r : QStringList{QStringLiteral("error")}; });
    QTRY_VERIFY(forgotten.done());

    // THEN only the entry no other document uses is gone, from the keychain and the index
    QCOMPARE(*forgotten.value, QStringList{QStringLiteral("ONLY_A")});
    QVERIFY(!store.contains(QStringLiteral("ONLY_A")));
    QVERIFY(store.contains(QStringLiteral("SHARED")));
    QVERIFY(store.contains(QStringLiteral("ONLY_B")));
    auto names = keeper.index().namesFor(b);
    QVERIFY(names.ok());
    QCOMPARE(*names, (QStringList{QStringLiteral("ONLY_B"), QStringLiteral("SHARED")}));
    QCOMPARE(keeper.index().namesFor(a)->size(), 0);
}

void TestSecretKeeper::forgetUnknownName()
{
    QTemporaryDir dir;
    MemorySecretStore store;
    SecretKeeper keeper(&store, dir.path());
    Outcome<QString> code;
    keeper.forget(QStringLiteral("NEVER_STORED"), [&](Core::Result<void> r) { code.value = r ? QString() : r.error().code; });
    QTRY_VERIFY(code.done());
    QCOMPARE(*code.value, QLatin1String(kErrorNotFound));
}

void TestSecretKeeper::readAllReportsMissingAndUnavailable()
{
    QTemporaryDir dir;
    MemorySecretStore store;
    SecretKeeper keeper(&store, dir.path());
    bool ok = false;
    keeper.store(QStringLiteral("PRESENT"), "here", {}, [&](Core::Result<void> r) { ok = r.ok(); });
    QTRY_VERIFY(ok);

    // GIVEN one stored and one missing name THEN the map holds the stored one and no problem
    std::optional<std::pair<QStringList, int>> result;
    keeper.readAll({QStringLiteral("PRESENT"), QStringLiteral("MISSING")}, [&](SecretMap found, QList<Core::Error> problems) {
        QStringList names;
        for (const auto& [name, value] : found)
            names << name + QLatin1Char('=') + QString::fromLatin1(value.view());
        result = {names, int(problems.size())};
    });
    QTRY_VERIFY(result.has_value());
    QCOMPARE(result->first, QStringList{QStringLiteral("PRESENT=here")});
    QCOMPARE(result->second, 0);

    // GIVEN an unavailable store THEN one problem, asked once
    store.simulateUnavailable(true);
    result.reset();
    keeper.readAll({QStringLiteral("PRESENT"), QStringLiteral("MISSING")}, [&](SecretMap found, QList<Core::Error> problems) {
        result = {QStringList{QString::number(found.size())}, int(problems.size())};
    });
    QTRY_VERIFY(result.has_value());
    QCOMPARE(result->first, QStringList{QStringLiteral("0")});
    QCOMPARE(result->second, 1);
}

void TestSecretKeeper::tokenFormat()
{
    auto token = TokenGenerator::generate();
    QVERIFY(token.ok());
    // 32 bytes → 43 URL-safe base64 characters without padding.
    QCOMPARE(token->size(), 43);
    static const QRegularExpression urlSafe(QStringLiteral("^[A-Za-z0-9_-]+$"));
    QVERIFY(urlSafe.match(QString::fromLatin1(token->view())).hasMatch());
    // It decodes back to 32 bytes.
    const QByteArray decoded = QByteArray::fromBase64(token->view().toByteArray(), QByteArray::Base64UrlEncoding |
                                                                                 QByteArray::AbortOnBase64DecodingErrors);
    QCOMPARE(decoded.size(), 32);
    QCOMPARE(estimateStrength(token->view()).level, TokenStrength::Level::Strong);
}

void TestSecretKeeper::tokensDiffer()
{
    QSet<QByteArray> seen;
    for (int i = 0; i < 200; ++i) {
        auto token = TokenGenerator::generate();
        QVERIFY(token.ok());
        seen.insert(token->view().toByteArray());
    }
    QCOMPARE(seen.size(), 200);
}

void TestSecretKeeper::tokenSizeLimits_data()
{
    QTest::addColumn<int>("bytes");
    QTest::addColumn<int>("characters"); // 0 = refused
    QTest::newRow("31 bytes refused (below 256 bits)") << 31 << 0;
    QTest::newRow("32 bytes") << 32 << 43;
    QTest::newRow("48 bytes") << 48 << 64;
    QTest::newRow("129 bytes refused") << 129 << 0;
}

void TestSecretKeeper::tokenSizeLimits()
{
    QFETCH(int, bytes);
    QFETCH(int, characters);
    auto token = TokenGenerator::generate(bytes);
    QCOMPARE(token.ok(), characters != 0);
    if (characters)
        QCOMPARE(token->size(), characters);
}

void TestSecretKeeper::strength_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("level");
    QTest::newRow("empty is unusable") << QByteArray() << "unusable";
    QTest::newRow("trailing newline is unusable (header)") << QByteArray("Zq8n3fJkP0wX2yV7uR5tL1mN9bC4dE66\n") << "unusable";
    QTest::newRow("inner space is unusable") << QByteArray("Zq8n3fJkP0wX2y V7uR5tL1mN9bC4dE") << "unusable";
    QTest::newRow("a word is weak") << QByteArray("changeme") << "weak";
    QTest::newRow("one repeated character is weak") << QByteArray(64, 'a') << "weak";
    QTest::newRow("20 mixed characters is fair") << QByteArray("Zq8n3fJkP0wX2yV7uR5t") << "fair";
    QTest::newRow("43 URL-safe characters is strong") << QByteArray("Zq8n-3fJ_kP0wX2yV7uR5tL1mN9bC4dEa7Hs2LpQw9x") << "strong";
}

void TestSecretKeeper::strength()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, level);
    const TokenStrength s = estimateStrength(token);
    QCOMPARE(s.levelName(), level);
    if (level == QLatin1String("unusable"))
        QVERIFY(!s.problems.isEmpty());
}

QTEST_GUILESS_MAIN(TestSecretKeeper)
#include "tst_secretkeeper.moc"
