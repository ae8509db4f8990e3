// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The QtKeychain store against a real Secret Service (gnome-keyring on a private D-Bus session,
// packaging/with-keyring.sh): write, read, replace, delete, the index with "forget this
// document's secrets", and the "no secure store" state of a process without a Secret Service.
// Without a Secret Service the keychain rows skip with the reason, unless REQUIRE_SECRET_SERVICE=1
// (packaging/test.sh and CI), where they fail.
#include "secrets/KeychainSecretStore.h"
#include "secrets/SecretKeeper.h"

#include "TestSupport.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace Secrets;

namespace {

const QString kService = QStringLiteral("APM Gatekeeper Tests");

QString uniqueName(const QString& prefix)
{
    return prefix + QUuid::createUuid().toString(QUuid::Id128).left(12).toUpper();
}

} // namespace

class TestKeychainStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void replaceKeepsOneEntry();
    void missingEntry();
    void indexAndForgetDocument();
    void unavailableWithoutSecretService();
    void certKeyPassphraseInKeychain();

private:
    std::optional<QByteArray> read(KeychainSecretStore& store, const QString& name, QString* code);
    QString write(KeychainSecretStore& store, const QString& name, const QByteArray& value);
    QString remove(KeychainSecretStore& store, const QString& name);

    bool m_available = false;
    QString m_why;
};

void TestKeychainStore::initTestCase()
{
    KeychainSecretStore store(kService);
    QString code;
    read(store, uniqueName(QStringLiteral("PROBE_")), &code);
    m_available = store.state() == SecretStore::State::Available;
    m_why = store.unavailableReason().toString();
    if (!m_available && qEnvironmentVariableIntValue("REQUIRE_SECRET_SERVICE"))
        QFAIL(qPrintable(QStringLiteral("REQUIRE_SECRET_SERVICE=1 but no Secret Service: ") + m_why));
}

std::optional<QByteArray> TestKeychainStore::read(KeychainSecretStore& store, const QString& name, QString* code)
{
    std::optional<QByteArray> value;
    bool done = false;
    store.read(name, [&](Core::Result<ApiKeys::Secret> r) {
        if (r)
            value = r->view().toByteArray();
        else
            *code = r.error().code;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 40000))
        qFatal("the keychain store never called back");
    return value;
}

QString TestKeychainStore::write(KeychainSecretStore& store, const QString& name, const QByteArray& value)
{
    QString code = QStringLiteral("pending");
    store.write(name, value, [&](Core::Result<void> r) { code = r ? QString() : r.error().code; });
    if (!QTest::qWaitFor([&] { return code != QLatin1String("pending"); }, 40000))
        qFatal("the keychain store never called back");
    return code;
}

QString TestKeychainStore::remove(KeychainSecretStore& store, const QString& name)
{
    QString code = QStringLiteral("pending");
    store.remove(name, [&](Core::Result<void> r) { code = r ? QString() : r.error().code; });
    if (!QTest::qWaitFor([&] { return code != QLatin1String("pending"); }, 40000))
        qFatal("the keychain store never called back");
    return code;
}

#define REQUIRE_KEYCHAIN()                                                                                             \
    if (!m_available)                                                                                                  \
    QSKIP(qPrintable(QStringLiteral("no Secret Service (run under packaging/with-keyring.sh): ") + m_why))

void TestKeychainStore::roundTrip_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("generated token") << QByteArray("Zq8n-3fJ_kP0wX2yV7uR5tL1mN9bC4dEa7Hs2LpQw9x");
    QTest::newRow("utf-8 passphrase with spaces") << QByteArray("pässwörd with spaces €");
    QTest::newRow("API key credentials") << QByteArray("bXlpZDpteWtleQ==");
}

void TestKeychainStore::roundTrip()
{
    REQUIRE_KEYCHAIN();
    QFETCH(QByteArray, secret);
    KeychainSecretStore store(kService);
    const QString name = uniqueName(QStringLiteral("ROUND_TRIP_"));
    QCOMPARE(write(store, name, secret), QString());
    QString code;
    QCOMPARE(read(store, name, &code), std::optional<QByteArray>(secret));
    QCOMPARE(remove(store, name), QString());
    QCOMPARE(read(store, name, &code), std::nullopt);
    QCOMPARE(code, QLatin1String(kErrorNotFound));
}

void TestKeychainStore::replaceKeepsOneEntry()
{
    REQUIRE_KEYCHAIN();
    // GIVEN a token rotated (written twice under one name) THEN the second value is read and one
    // delete removes it.
    KeychainSecretStore store(kService);
    const QString name = uniqueName(QStringLiteral("ROTATED_"));
    QCOMPARE(write(store, name, "first-value-0000000000000000"), QString());
    QCOMPARE(write(store, name, "second-value-111111111111111"), QString());
    QString code;
    QCOMPARE(read(store, name, &code), std::optional<QByteArray>("second-value-111111111111111"));
    QCOMPARE(remove(store, name), QString());
    QCOMPARE(remove(store, name), QLatin1String(kErrorNotFound));
}

void TestKeychainStore::missingEntry()
{
    REQUIRE_KEYCHAIN();
    KeychainSecretStore store(kService);
    QString code;
    QCOMPARE(read(store, uniqueName(QStringLiteral("NEVER_WRITTEN_")), &code), std::nullopt);
    QCOMPARE(code, QLatin1String(kErrorNotFound));
    QCOMPARE(store.state(), SecretStore::State::Available);
}

void TestKeychainStore::indexAndForgetDocument()
{
    REQUIRE_KEYCHAIN();
    QTemporaryDir dir;
    const QString doc = TestSupport::writeFile(dir, QStringLiteral("apm-server.yml"), "apm-server: {}\n");
    const QString other = TestSupport::writeFile(dir, QStringLiteral("other.yml"), "apm-server: {}\n");
    KeychainSecretStore store(kService);
    SecretKeeper keeper(&store, dir.filePath(QStringLiteral("data")));
    const QString token = uniqueName(QStringLiteral("TOKEN_"));
    const QString pass = uniqueName(QStringLiteral("PASS_"));
    const QString kept = uniqueName(QStringLiteral("KEPT_"));
    int stored = 0;
    auto count = [&](Core::Result<void> r) { stored += r ? 1 : 100; };
    keeper.store(token, "token-value-aaaaaaaaaaaaaaaa", doc, count);
    keeper.store(pass, "passphrase-value", doc, count);
    keeper.store(kept, "kept-value", other, count);
    QTRY_COMPARE_WITH_TIMEOUT(stored, 3, 40000);
    QCOMPARE(keeper.index().namesFor(doc)->size(), 2);

    // WHEN the document's secrets are forgotten THEN both entries are gone from the keychain,
    // the other document's entry stays
    std::optional<QStringList> forgotten;
    keeper.forgetDocument(
        doc, [&](Core::Result<QStringList> r) { forgotten = r ? *r : QStringList{QStringLiteral("error")}; });
    QTRY_VERIFY_WITH_TIMEOUT(forgotten.has_value(), 40000);
    QStringList expected{token, pass};
    expected.sort();
    QCOMPARE(*forgotten, expected);
    QString code;
    QCOMPARE(read(store, token, &code), std::nullopt);
    QCOMPARE(read(store, pass, &code), std::nullopt);
    QCOMPARE(read(store, kept, &code), std::optional<QByteArray>("kept-value"));
    QCOMPARE(remove(store, kept), QString());
}

void TestKeychainStore::unavailableWithoutSecretService()
{
    // GIVEN a process whose session bus does not exist (no Secret Service can answer)
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
               QStringLiteral("unix:path=") + home.filePath(QStringLiteral("no-bus")));
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.filePath(QStringLiteral("run")));
    env.remove(QStringLiteral("DISPLAY"));
    QProcess p;
    p.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    p.start(QStringLiteral(GATEKEEPER_APP_PATH),
            {QStringLiteral("secret"), QStringLiteral("set"), QStringLiteral("UNREACHABLE_TOKEN"),
             QStringLiteral("--data-dir"), home.filePath(QStringLiteral("index"))});
    p.write("value-that-must-not-land-on-disk\n");
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(60000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    qInfo("unavailable reported after %lld ms", timer.elapsed());

    // THEN it says so, with a way forward, and exits 3 — and nothing was written instead
    QCOMPARE(p.exitCode(), 3);
    QVERIFY2(err.contains(QStringLiteral("No secure store is available")), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("never written to a file")), qPrintable(err));
    QVERIFY(!QFile::exists(home.filePath(QStringLiteral("index/secrets-index.json"))));
    // AND `token generate --config` leaves the document as it was (the file is edited only after the
    // keychain took the token)
    const QByteArray original = "apm-server:\n  host: 127.0.0.1:8200\n";
    const QString doc = TestSupport::writeFile(home, QStringLiteral("apm-server.yml"), original);
    QProcess token;
    token.setProcessEnvironment(env);
    token.start(QStringLiteral(GATEKEEPER_APP_PATH),
                {QStringLiteral("token"), QStringLiteral("generate"), QStringLiteral("--config"), doc,
                 QStringLiteral("--data-dir"), home.filePath(QStringLiteral("index"))});
    token.closeWriteChannel();
    QVERIFY(token.waitForFinished(60000));
    QCOMPARE(token.exitCode(), 3);
    QCOMPARE(token.readAllStandardOutput(), QByteArray());
    QFile docFile(doc);
    QVERIFY(docFile.open(QIODevice::ReadOnly));
    QCOMPARE(docFile.readAll(), original);
    QVERIFY(!QFile::exists(doc + QStringLiteral(".bak")));

    QDirIterator it(home.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains("value-that-must-not-land-on-disk"), qPrintable(f.fileName()));
    }
}

void TestKeychainStore::certKeyPassphraseInKeychain()
{
    REQUIRE_KEYCHAIN();
    // GIVEN a scratch index (the CLI records what it stores) and two fresh entry names
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    const QString caName = uniqueName(QStringLiteral("GK_TEST_CA_PASS_"));
    const QString serverName = uniqueName(QStringLiteral("GK_TEST_SERVER_PASS_"));
    env.remove(caName);
    env.remove(serverName);
    const auto gatekeeper = [&](const QStringList& args, QByteArray* out, QByteArray* err) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(GATEKEEPER_APP_PATH), args);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000))
            return -1;
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitCode();
    };
    QByteArray out, err;

    // WHEN a CA and a server certificate are made with keychain passphrases
    QCOMPARE(gatekeeper({QStringLiteral("cert"), QStringLiteral("ca"), QStringLiteral("--out-dir"), dir.path(),
                         QStringLiteral("--passphrase-keychain"), caName},
                        &out, &err),
             0);
    QVERIFY2(out.contains("apm-server.ssl.key_passphrase: ${" + caName.toUtf8() + "}"), out.constData());
    const int server = gatekeeper(
        {QStringLiteral("cert"), QStringLiteral("server"), QStringLiteral("--ca"),
         dir.filePath(QStringLiteral("ca.pem")), QStringLiteral("--ca-key"), dir.filePath(QStringLiteral("ca.key")),
         QStringLiteral("--ca-passphrase-keychain"), caName, QStringLiteral("--san"), QStringLiteral("localhost"),
         QStringLiteral("--out-dir"), dir.path(), QStringLiteral("--passphrase-keychain"), serverName},
        &out, &err);
    QVERIFY2(server == 0, err.constData());
    QVERIFY2(out.contains("key_passphrase: ${" + serverName.toUtf8() + "}"), out.constData());

    // THEN both keys are encrypted, the passphrases are in the keychain and in no file or output
    KeychainSecretStore store;
    QString code;
    const std::optional<QByteArray> caPass = read(store, caName, &code);
    const std::optional<QByteArray> serverPass = read(store, serverName, &code);
    QVERIFY2(caPass && serverPass, qPrintable(code));
    QVERIFY(caPass->size() >= 43 && *caPass != *serverPass);
    QVERIFY(!out.contains(*serverPass) && !err.contains(*serverPass));
    for (const char* key : {"ca.key", "server.key"}) {
        QFile f(dir.filePath(QString::fromLatin1(key)));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    }
    QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY2(!bytes.contains(*caPass) && !bytes.contains(*serverPass), qPrintable(f.fileName()));
    }

    // AND cert validate --config resolves ${NAME} from the keychain (not set in the environment)
    const QString yml = TestSupport::writeFile(
        dir, QStringLiteral("apm-server.yml"),
        "apm-server:\n  ssl:\n    certificate: \"" + dir.filePath(QStringLiteral("server.pem")).toUtf8() +
            "\"\n    key: \"" + dir.filePath(QStringLiteral("server.key")).toUtf8() + "\"\n    key_passphrase: ${" +
            serverName.toUtf8() + "}\n");
    const int validate = gatekeeper({QStringLiteral("cert"), QStringLiteral("validate"), QStringLiteral("--config"),
                                     yml, QStringLiteral("--ca"), dir.filePath(QStringLiteral("ca.pem")),
                                     QStringLiteral("--url"), QStringLiteral("https://localhost:8200")},
                                    &out, &err);
    QVERIFY2(validate == 0, (out + err).constData());
    QVERIFY2(!(out + err).contains("tls.key-encrypted-no-passphrase"), (out + err).constData());
    QVERIFY2(!err.contains("set neither"), err.constData());

    QCOMPARE(remove(store, caName), QString());
    QCOMPARE(remove(store, serverName), QString());
}

QTEST_GUILESS_MAIN(TestKeychainStore)
#include "tst_keychainstore.moc"
