// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// A whole command-line session with secrets — token generation into the document, API key
// credentials and a passphrase in the keychain, agent kits, the stub resolving the token from the
// keychain, the desktop application opening the document — then every file the application wrote
// (document, .bak, registry, secrets index, QSettings, logs, caches) is scanned: no secret value
// may be in any of them. Needs a Secret Service (packaging/with-keyring.sh); without one it skips
// with the reason, unless REQUIRE_SECRET_SERVICE=1 (CI), where it fails.
#include "core/AtomicFile.h"
#include "secrets/KeychainSecretStore.h"

#include "RawHttpClient.h"
#include "TestSupport.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestSecretSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void session();

private:
    Run app(const QStringList& args, const QByteArray& stdinData = {}, bool gui = false);

    QTemporaryDir m_root;
    QProcessEnvironment m_env;
    QString m_data;
    QString m_doc;
};

void TestSecretSession::initTestCase()
{
    Secrets::KeychainSecretStore probe;
    bool done = false;
    probe.read(QStringLiteral("APM_GATEKEEPER_PROBE"), [&](Core::Result<ApiKeys::Secret>) { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 40000);
    if (probe.state() != Secrets::SecretStore::State::Available) {
        const QString why = probe.unavailableReason().toString();
        if (qEnvironmentVariableIntValue("REQUIRE_SECRET_SERVICE"))
            QFAIL(qPrintable(QStringLiteral("REQUIRE_SECRET_SERVICE=1 but no Secret Service: ") + why));
        QSKIP(qPrintable(QStringLiteral("no Secret Service (run under packaging/with-keyring.sh): ") + why));
    }
    QVERIFY(m_root.isValid());
    // Every place the application may write goes under one folder, so the scan sees all of it;
    // the session bus stays the test keyring's.
    m_env = QProcessEnvironment::systemEnvironment();
    for (const char* var : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"}) {
        const QString dir = m_root.filePath(QString::fromLatin1(var).toLower());
        QDir().mkpath(dir);
        m_env.insert(QString::fromLatin1(var), dir);
    }
    m_env.remove(QStringLiteral("APM_SECRET_TOKEN"));
    m_env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    m_data = m_root.filePath(QStringLiteral("data"));
    m_doc = TestSupport::writeFile(m_root, QStringLiteral("apm-server.yml"),
                                   "# the session's document\napm-server:\n  host: 127.0.0.1:8200\n  rum.enabled: true\n"
                                   "  auth.api_key.enabled: true\n");
}

Run TestSecretSession::app(const QStringList& args, const QByteArray& stdinData, bool gui)
{
    QProcess p;
    p.setProcessEnvironment(m_env);
    p.start(QStringLiteral(GATEKEEPER_APP_PATH), args);
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(gui ? 30000 : 60000))
        qFatal("apm-gatekeeper %s did not finish", qPrintable(args.join(QLatin1Char(' '))));
    return Run{p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

void TestSecretSession::session()
{
    const QStringList dataDir{QStringLiteral("--data-dir"), m_data};
    // Unique names: run outside packaging/with-keyring.sh, the session must not touch a
    // developer's own entries (the application's service name is shared).
    const QString suffix = QUuid::createUuid().toString(QUuid::Id128).left(8).toUpper();
    const QString tokenName = QStringLiteral("SESSION_TOKEN_") + suffix;
    const QString apiKeyName = QStringLiteral("SESSION_API_KEY_") + suffix;
    const QString passName = QStringLiteral("SESSION_PASS_") + suffix;

    // GIVEN a token generated into the document
    Run r = app(QStringList{QStringLiteral("token"), QStringLiteral("generate"), QStringLiteral("--name"), tokenName,
                            QStringLiteral("--config"), m_doc} + dataDir);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QStringLiteral("${%1}\n").arg(tokenName).toLatin1());
    auto yaml = Core::readFile(m_doc);
    QVERIFY(yaml.ok());
    QVERIFY2(yaml->contains("secret_token: ${" + tokenName.toLatin1() + "}"), yaml->constData());
    QVERIFY(yaml->startsWith("# the session's document\n"));
    r = app({QStringLiteral("secret"), QStringLiteral("get"), tokenName});
    QCOMPARE(r.exitCode, 0);
    const QByteArray token = r.out;
    QCOMPARE(token.size(), 43);

    // AND an API key whose credentials and a passphrase go to the keychain
    r = app(QStringList{QStringLiteral("apikey"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("kit"),
                        QStringLiteral("--json")} + dataDir);
    QCOMPARE(r.exitCode, 0);
    const QJsonObject key = QJsonDocument::fromJson(r.out).object();
    const QByteArray credentials = key.value(QStringLiteral("credentials")).toString().toLatin1();
    const QByteArray apiKey = key.value(QStringLiteral("api_key")).toString().toLatin1();
    QVERIFY(!credentials.isEmpty() && !apiKey.isEmpty());
    r = app(QStringList{QStringLiteral("secret"), QStringLiteral("set"), apiKeyName, QStringLiteral("--document"), m_doc} + dataDir,
            credentials + "\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray passphrase = "session passphrase with spaces 42";
    r = app(QStringList{QStringLiteral("secret"), QStringLiteral("set"), passName, QStringLiteral("--document"), m_doc} + dataDir,
            passphrase + "\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // WHEN kits are printed THEN they refer to the secrets by name
    r = app({QStringLiteral("agent-kit"), QStringLiteral("--agent"), QStringLiteral("nodejs"), QStringLiteral("--config"), m_doc,
             QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:8200")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("ELASTIC_APM_SECRET_TOKEN=\"${" + tokenName.toLatin1() + "}\""), r.out.constData());
    QVERIFY(!r.out.contains(token));
    r = app({QStringLiteral("agent-kit"), QStringLiteral("--agent"), QStringLiteral("python"), QStringLiteral("--config"), m_doc,
             QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:8200"), QStringLiteral("--api-key-ref"),
             apiKeyName, QStringLiteral("--reveal")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("ELASTIC_APM_API_KEY=" + credentials), r.out.constData()); // revealed from the keychain

    // AND the stub resolves the token's ${NAME} from the keychain (the environment does not set it)
    {
        QProcess serve;
        serve.setProcessEnvironment(m_env);
        serve.start(QStringLiteral(GATEKEEPER_APP_PATH), QStringList{QStringLiteral("serve"), QStringLiteral("--config"), m_doc,
                                                                      QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} + dataDir);
        QByteArray out;
        QVERIFY2(QTest::qWaitFor([&] {
                     out += serve.readAllStandardOutput();
                     return out.contains("listening on") || serve.state() == QProcess::NotRunning;
                 }, 40000),
                 serve.readAllStandardError().constData());
        const auto m = QRegularExpression(QStringLiteral("listening on http://127.0.0.1:(\\d+)")).match(QString::fromLatin1(out));
        QVERIFY2(m.hasMatch(), (out + serve.readAllStandardError()).constData());
        const quint16 port = quint16(m.captured(1).toUInt());
        const auto ok = TestSupport::rawRequest(port, TestSupport::buildRequest("GET", "/", {{"Authorization", "Bearer " + token}}));
        const auto wrong = TestSupport::rawRequest(port, TestSupport::buildRequest("GET", "/", {{"Authorization", "Bearer nope"}}));
        serve.terminate();
        QVERIFY(serve.waitForFinished(15000));
        QCOMPARE(ok.status, 200);
        QVERIFY2(ok.body.contains("\"version\""), ok.raw.constData()); // authenticated: build info
        QCOMPARE(wrong.status, 200);
        QVERIFY(wrong.body.isEmpty());
        QVERIFY(!(out + serve.readAllStandardOutput()).contains(token));
    }

    // AND the desktop application opens the document (it writes its preferences)
    r = app({QStringLiteral("--open"), m_doc, QStringLiteral("--quit-after"), QStringLiteral("800")}, {}, true);
    QVERIFY2(r.exitCode == 0, r.err.constData());

    r = app(QStringList{QStringLiteral("secret"), QStringLiteral("list")} + dataDir);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.count('\n'), 3);
    QVERIFY(r.out.contains(tokenName.toLatin1()) && r.out.contains(apiKeyName.toLatin1()) && r.out.contains(passName.toLatin1()));

    // THEN no file anywhere under the session's folders holds a secret value
    const QList<QPair<const char*, QByteArray>> secrets = {{"secret token", token},
                                                          {"API key credentials", credentials},
                                                          {"API key", apiKey},
                                                          {"passphrase", passphrase}};
    int scanned = 0;
    QStringList kinds;
    QDirIterator it(m_root.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray content = f.readAll();
        ++scanned;
        kinds << QFileInfo(path).fileName();
        for (const auto& [what, value] : secrets)
            QVERIFY2(!content.contains(value), qPrintable(QStringLiteral("%1 found in %2").arg(QLatin1String(what), path)));
    }
    qInfo("scanned %d files: %s", scanned, qPrintable(kinds.join(QStringLiteral(", "))));
    // The scan saw what the session wrote: the document and its backup, registry, index, preferences.
    for (const char* expected : {"apm-server.yml", "apm-server.yml.bak", "apikeys.json", "secrets-index.json"})
        QVERIFY2(kinds.contains(QLatin1String(expected)), expected);
    QVERIFY2(std::any_of(kinds.cbegin(), kinds.cend(), [](const QString& k) { return k.endsWith(QLatin1String(".conf")); }),
             qPrintable(kinds.join(QStringLiteral(", "))));

    // FINALLY forgetting the document's secrets removes all three entries
    r = app(QStringList{QStringLiteral("secret"), QStringLiteral("forget"), QStringLiteral("--document"), m_doc} + dataDir);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("3 secret(s)"), r.out.constData());
    r = app({QStringLiteral("secret"), QStringLiteral("get"), tokenName});
    QCOMPARE(r.exitCode, 1);
    r = app(QStringList{QStringLiteral("secret"), QStringLiteral("list")} + dataDir);
    QCOMPARE(r.out, QByteArray());
}

QTEST_GUILESS_MAIN(TestSecretSession)
#include "tst_secretsession.moc"
