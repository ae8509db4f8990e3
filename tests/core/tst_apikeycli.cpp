// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// `apm-gatekeeper apikey …` run as a real process against a registry in a temporary folder:
// output formats, the base64(id:api_key) round trip, privileges, bad credentials, exit codes.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runApp(const QStringList& args, const QByteArray& input = {})
{
    QProcess p;
    p.setProgram(QStringLiteral(GATEKEEPER_APP_PATH));
    p.setArguments(args);
    p.start();
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000))
        qFatal("apm-gatekeeper %s did not finish", qPrintable(args.join(' ')));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QJsonObject jsonOf(const Run& r)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &e);
    if (e.error != QJsonParseError::NoError)
        qWarning("not JSON (%s): %s", qPrintable(e.errorString()), r.out.constData());
    return doc.object();
}

} // namespace

class TestApiKeyCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createJson_data();
    void createJson();
    void createText();
    void info();
    void invalidate();
    void verifyPrivileges_data();
    void verifyPrivileges();
    void verifyRejects_data();
    void verifyRejects();
    void verifyReadsStdin();
    void verifyExpiredKey();
    void exitCodes_data();
    void exitCodes();
    void damagedRegistry_data();
    void damagedRegistry();
    void helpListsApikey();

private:
    // apikey SUBCOMMAND ARGS --data-dir <temp>
    Run apikey(const QString& sub, QStringList args, const QByteArray& input = {}) const;
    QJsonObject create(const QStringList& args) const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestApiKeyCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestApiKeyCli::cleanup()
{
    m_dir.reset();
}

Run TestApiKeyCli::apikey(const QString& sub, QStringList args, const QByteArray& input) const
{
    args.prepend(sub);
    args.prepend(QStringLiteral("apikey"));
    args << QStringLiteral("--data-dir") << m_dir->filePath(QStringLiteral("data"));
    return runApp(args, input);
}

QJsonObject TestApiKeyCli::create(const QStringList& args) const
{
    const Run r = apikey(QStringLiteral("create"), args + QStringList{QStringLiteral("--json")});
    if (r.exitCode != 0)
        qWarning("create failed: %s", r.err.constData());
    return jsonOf(r);
}

void TestApiKeyCli::createJson_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("privileges");
    QTest::addColumn<qint64>("lifetimeMs"); // -1 = never expires
    const QStringList all{"event:write", "config_agent:read", "sourcemap:write"};
    QTest::newRow("defaults: apm-key, all privileges, no expiration")
        << QStringList{} << "apm-key" << all << qint64(-1);
    QTest::newRow("named, ingest only, 1h") << QStringList{"--name", "ingest", "--ingest", "--expiration", "1h"}
                                            << "ingest" << QStringList{"event:write"} << qint64(3600000);
    QTest::newRow("agent config + sourcemap, 3w")
        << QStringList{"--agent-config", "--sourcemap", "--expiration", "3w"} << "apm-key"
        << QStringList{"config_agent:read", "sourcemap:write"} << qint64(3 * 7 * 86400000LL);
}

void TestApiKeyCli::createJson()
{
    QFETCH(QStringList, args);
    QFETCH(QString, name);
    QFETCH(QStringList, privileges);
    QFETCH(qint64, lifetimeMs);
    const Run r = apikey(QStringLiteral("create"), args + QStringList{QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = jsonOf(r);
    const QString id = o.value(QStringLiteral("id")).toString();
    const QString apiKey = o.value(QStringLiteral("api_key")).toString();
    QCOMPARE(id.size(), 20);
    QVERIFY(apiKey.size() >= 22);
    QCOMPARE(o.value(QStringLiteral("name")).toString(), name);
    // credentials = standard base64 (padded) of "id:api_key", and it round-trips
    const QByteArray credentials = o.value(QStringLiteral("credentials")).toString().toLatin1();
    QCOMPARE(credentials, (id + QLatin1Char(':') + apiKey).toLatin1().toBase64());
    QCOMPARE(QByteArray::fromBase64(credentials), (id + QLatin1Char(':') + apiKey).toLatin1());
    QVERIFY(o.contains(QStringLiteral("expiration")));
    if (lifetimeMs < 0)
        QVERIFY(o.value(QStringLiteral("expiration")).isNull());
    else
        QCOMPARE(qint64(o.value(QStringLiteral("expiration")).toDouble()) -
                     qint64(o.value(QStringLiteral("creation")).toDouble()),
                 lifetimeMs);
    QCOMPARE(o.value(QStringLiteral("privileges")).toVariant().toStringList(), privileges);
    // The credentials work right away.
    const Run v = apikey(QStringLiteral("verify"), {QStringLiteral("--credentials"), QString::fromLatin1(credentials)});
    QCOMPARE(v.out.count("Yes"), privileges.size());
}

void TestApiKeyCli::createText()
{
    const Run r = apikey(QStringLiteral("create"), {QStringLiteral("--name"), QStringLiteral("text key")});
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(QStringLiteral("Name ........... text key")), r.out);
    QVERIFY(out.contains(QStringLiteral("Expiration ..... never")));
    QVERIFY(out.contains(QStringLiteral("Id ............. ")));
    QCOMPARE(out.count(QStringLiteral("(won't be shown again)")), 2);
    QVERIFY(out.contains(QStringLiteral("Authorization: ApiKey <credentials>")));
    QVERIFY(r.err.isEmpty());
}

void TestApiKeyCli::info()
{
    // GIVEN two keys named "a" and one named "b", one of the "a" keys invalidated
    const QJsonObject a1 = create({QStringLiteral("--name"), QStringLiteral("a")});
    const QJsonObject a2 = create({QStringLiteral("--name"), QStringLiteral("a"), QStringLiteral("--ingest")});
    const QJsonObject b =
        create({QStringLiteral("--name"), QStringLiteral("b"), QStringLiteral("--expiration"), QStringLiteral("1d")});
    const QString a1Id = a1.value(QStringLiteral("id")).toString();
    QCOMPARE(apikey(QStringLiteral("invalidate"), {QStringLiteral("--id"), a1Id}).exitCode, 0);

    const auto ids = [](const Run& r) {
        QStringList list;
        for (const QJsonValue& k : jsonOf(r).value(QStringLiteral("api_keys")).toArray())
            list << k.toObject().value(QStringLiteral("id")).toString();
        return list;
    };
    // WHEN listing everything THEN all three come with the documented fields
    const Run all = apikey(QStringLiteral("info"), {QStringLiteral("--json")});
    QCOMPARE(all.exitCode, 0);
    const QJsonArray keys = jsonOf(all).value(QStringLiteral("api_keys")).toArray();
    QCOMPARE(keys.size(), 3);
    const QJsonObject first = keys.at(0).toObject();
    for (const char* field : {"id", "name", "creation", "expiration", "invalidated", "privileges"})
        QVERIFY2(first.contains(QLatin1String(field)), field);
    QVERIFY(first.value(QStringLiteral("invalidated")).toBool());
    QVERIFY(first.value(QStringLiteral("expiration")).isNull());
    QCOMPARE(keys.at(1).toObject().value(QStringLiteral("privileges")).toArray(),
             QJsonArray{QStringLiteral("event:write")});
    QVERIFY(keys.at(2).toObject().value(QStringLiteral("expiration")).isDouble());
    // Never a secret in the listing.
    QVERIFY(!all.out.contains(a1.value(QStringLiteral("api_key")).toString().toLatin1()));
    QVERIFY(!all.out.contains("api_key\""));

    // AND the filters: --name, --id, --id wins over --name, --valid-only
    const QString a2Id = a2.value(QStringLiteral("id")).toString();
    const QString bId = b.value(QStringLiteral("id")).toString();
    QCOMPARE(
        ids(apikey(QStringLiteral("info"), {QStringLiteral("--json"), QStringLiteral("--name"), QStringLiteral("a")})),
        (QStringList{a1Id, a2Id}));
    QCOMPARE(ids(apikey(QStringLiteral("info"), {QStringLiteral("--json"), QStringLiteral("--id"), bId})),
             QStringList{bId});
    QCOMPARE(ids(apikey(QStringLiteral("info"), {QStringLiteral("--json"), QStringLiteral("--id"), bId,
                                                 QStringLiteral("--name"), QStringLiteral("a")})),
             QStringList{bId});
    QCOMPARE(ids(apikey(QStringLiteral("info"), {QStringLiteral("--json"), QStringLiteral("--valid-only")})),
             (QStringList{a2Id, bId}));
    QCOMPARE(ids(apikey(QStringLiteral("info"), {QStringLiteral("--json"), QStringLiteral("--valid-only"),
                                                 QStringLiteral("--name"), QStringLiteral("a")})),
             QStringList{a2Id});

    // AND the text form shows every key
    const Run text = apikey(QStringLiteral("info"), {});
    QCOMPARE(text.exitCode, 0);
    QCOMPARE(text.out.count("Id ............. "), 3);
    QVERIFY(text.out.contains("Invalidated .... yes"));
}

void TestApiKeyCli::invalidate()
{
    const QJsonObject a = create({QStringLiteral("--name"), QStringLiteral("team")});
    const QJsonObject b = create({QStringLiteral("--name"), QStringLiteral("team")});
    const QString aId = a.value(QStringLiteral("id")).toString();
    const QString bId = b.value(QStringLiteral("id")).toString();

    // By id: only that key.
    const Run byId = apikey(QStringLiteral("invalidate"), {QStringLiteral("--id"), aId, QStringLiteral("--json")});
    QCOMPARE(byId.exitCode, 0);
    QJsonObject o = jsonOf(byId);
    QCOMPARE(o.value(QStringLiteral("invalidated_api_keys")).toArray(), QJsonArray{aId});
    QCOMPARE(o.value(QStringLiteral("error_count")).toInt(-1), 0);
    // By name: the other one; the first reported as previously invalidated.
    const Run byName = apikey(QStringLiteral("invalidate"),
                              {QStringLiteral("--name"), QStringLiteral("team"), QStringLiteral("--json")});
    QCOMPARE(byName.exitCode, 0);
    o = jsonOf(byName);
    QCOMPARE(o.value(QStringLiteral("invalidated_api_keys")).toArray(), QJsonArray{bId});
    QCOMPARE(o.value(QStringLiteral("previously_invalidated_api_keys")).toArray(), QJsonArray{aId});
    // Text form.
    const QJsonObject c = create({QStringLiteral("--name"), QStringLiteral("solo")});
    const Run text = apikey(QStringLiteral("invalidate"), {QStringLiteral("--name"), QStringLiteral("solo")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains(c.value(QStringLiteral("id")).toString().toLatin1()), text.out);
    // Nothing matched: exit 1, the (empty) answer still printed as JSON.
    const Run none = apikey(QStringLiteral("invalidate"),
                            {QStringLiteral("--id"), QStringLiteral("nope"), QStringLiteral("--json")});
    QCOMPARE(none.exitCode, 1);
    QVERIFY(jsonOf(none).value(QStringLiteral("invalidated_api_keys")).toArray().isEmpty());
    QVERIFY(none.err.contains("nope"));
    // The invalidated key no longer verifies.
    const Run v = apikey(QStringLiteral("verify"),
                         {QStringLiteral("--credentials"), a.value(QStringLiteral("credentials")).toString()});
    QCOMPARE(v.exitCode, 1);
    QVERIFY2(v.err.contains("invalidated"), v.err);
    QVERIFY(v.err.contains("APM Server would answer 401 {\"error\": \"authentication failed\"}"));
}

void TestApiKeyCli::verifyPrivileges_data()
{
    QTest::addColumn<QStringList>("granted"); // create flags
    QTest::addColumn<QStringList>("asked");   // verify flags
    QTest::addColumn<QStringList>("answers"); // "event:write=Yes", … in print order
    QTest::addColumn<int>("exitCode");
    QTest::newRow("all granted, all asked")
        << QStringList{} << QStringList{}
        << QStringList{"event:write=Yes", "config_agent:read=Yes", "sourcemap:write=Yes"} << 0;
    QTest::newRow("ingest granted, all asked")
        << QStringList{"--ingest"} << QStringList{}
        << QStringList{"event:write=Yes", "config_agent:read=No", "sourcemap:write=No"} << 1;
    QTest::newRow("ingest granted, ingest asked")
        << QStringList{"--ingest"} << QStringList{"--ingest"} << QStringList{"event:write=Yes"} << 0;
    QTest::newRow("ingest granted, agent config asked")
        << QStringList{"--ingest"} << QStringList{"--agent-config"} << QStringList{"config_agent:read=No"} << 1;
    QTest::newRow("agent config + sourcemap granted, two asked")
        << QStringList{"--agent-config", "--sourcemap"} << QStringList{"--sourcemap", "--ingest"}
        << QStringList{"event:write=No", "sourcemap:write=Yes"} << 1;
}

void TestApiKeyCli::verifyPrivileges()
{
    QFETCH(QStringList, granted);
    QFETCH(QStringList, asked);
    QFETCH(QStringList, answers);
    QFETCH(int, exitCode);
    const QString credentials = create(granted).value(QStringLiteral("credentials")).toString();
    QVERIFY(!credentials.isEmpty());

    const Run text =
        apikey(QStringLiteral("verify"), asked + QStringList{QStringLiteral("--credentials"), credentials});
    QCOMPARE(text.exitCode, exitCode);
    QStringList expectedLines;
    for (const QString& a : answers) {
        const QStringList parts = a.split(QLatin1Char('='));
        expectedLines << QStringLiteral("Authorized for privilege \"%1\"...: %2").arg(parts.at(0), parts.at(1));
    }
    QCOMPARE(QString::fromUtf8(text.out).trimmed().split(QLatin1Char('\n')), expectedLines);

    const Run json = apikey(QStringLiteral("verify"), asked + QStringList{QStringLiteral("--credentials"), credentials,
                                                                          QStringLiteral("--json")});
    QCOMPARE(json.exitCode, exitCode);
    const QJsonObject o = jsonOf(json);
    QCOMPARE(o.size(), answers.size());
    for (const QString& a : answers) {
        const QStringList parts = a.split(QLatin1Char('='));
        QVERIFY2(o.value(parts.at(0)).isBool(), qPrintable(parts.at(0)));
        QCOMPARE(o.value(parts.at(0)).toBool(), parts.at(1) == QLatin1String("Yes"));
    }
}

void TestApiKeyCli::verifyRejects_data()
{
    QTest::addColumn<QString>("credentials"); // @wrong-secret / @unknown-id are built from a real key
    QTest::addColumn<QString>("serverAnswer");
    QTest::newRow("not base64") << "!!!"
                                << "authentication failed: improperly encoded ApiKey credentials: expected "
                                   "base64(ID:APIKey): illegal base64 data at input byte 0";
    QTest::newRow("URL-safe base64 is not accepted")
        << "aWQ6a2V5-_=="
        << "authentication failed: improperly encoded ApiKey credentials: expected base64(ID:APIKey): illegal "
           "base64 data at input byte 8";
    QTest::newRow("missing padding") << "YWJjZA"
                                     << "authentication failed: improperly encoded ApiKey credentials: expected "
                                        "base64(ID:APIKey): illegal base64 data at input byte 4";
    QTest::newRow("no colon") << QString::fromLatin1(QByteArray("just-a-key").toBase64())
                              << "authentication failed: improperly formatted ApiKey credentials: expected "
                                 "base64(ID:APIKey)";
    QTest::newRow("unknown id") << "@unknown-id"
                                << "authentication failed";
    QTest::newRow("wrong secret") << "@wrong-secret"
                                  << "authentication failed";
}

void TestApiKeyCli::verifyRejects()
{
    QFETCH(QString, credentials);
    QFETCH(QString, serverAnswer);
    const QJsonObject key = create({});
    const QString id = key.value(QStringLiteral("id")).toString();
    if (credentials == QLatin1String("@unknown-id"))
        credentials = QString::fromLatin1(
            ("AAAAAAAAAAAAAAAAAAAA:" + key.value(QStringLiteral("api_key")).toString()).toLatin1().toBase64());
    else if (credentials == QLatin1String("@wrong-secret"))
        credentials = QString::fromLatin1((id + QStringLiteral(":0000000000000000000000")).toLatin1().toBase64());

    const Run r = apikey(QStringLiteral("verify"), {QStringLiteral("--credentials"), credentials});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out.count(": No\n"), 3); // not authorized for anything
    QVERIFY2(
        r.err.contains(QStringLiteral("APM Server would answer 401 {\"error\": \"%1\"}").arg(serverAnswer).toUtf8()),
        r.err);
    const Run json =
        apikey(QStringLiteral("verify"), {QStringLiteral("--credentials"), credentials, QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 1);
    QCOMPARE(jsonOf(json),
             (QJsonObject{{"event:write", false}, {"config_agent:read", false}, {"sourcemap:write", false}}));
}

void TestApiKeyCli::verifyReadsStdin()
{
    // `--credentials -` keeps the secret off the command line.
    const QString credentials = create({QStringLiteral("--ingest")}).value(QStringLiteral("credentials")).toString();
    const Run r = apikey(QStringLiteral("verify"),
                         {QStringLiteral("--credentials"), QStringLiteral("-"), QStringLiteral("--ingest")},
                         credentials.toLatin1() + '\n');
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("Authorized for privilege \"event:write\"...: Yes"), r.out + r.err);
}

void TestApiKeyCli::verifyExpiredKey()
{
    // GIVEN a key that lives one second (a real process has no injectable clock)
    const QString credentials =
        create({QStringLiteral("--expiration"), QStringLiteral("1s")}).value(QStringLiteral("credentials")).toString();
    // THEN it stops verifying once the second is over, and says why
    QTRY_VERIFY_WITH_TIMEOUT(
        apikey(QStringLiteral("verify"), {QStringLiteral("--credentials"), credentials}).err.contains("expired"),
        10000);
    const Run r = apikey(QStringLiteral("verify"), {QStringLiteral("--credentials"), credentials});
    QCOMPARE(r.exitCode, 1);
    const Run valid = apikey(QStringLiteral("info"), {QStringLiteral("--valid-only"), QStringLiteral("--json")});
    QVERIFY(jsonOf(valid).value(QStringLiteral("api_keys")).toArray().isEmpty());
}

void TestApiKeyCli::exitCodes_data()
{
    QTest::addColumn<QStringList>("args"); // after "apikey"; --data-dir is appended
    QTest::addColumn<int>("exitCode");
    QTest::newRow("create") << QStringList{"create"} << 0;
    QTest::newRow("info on an empty registry") << QStringList{"info"} << 0;
    QTest::newRow("help") << QStringList{"verify", "--help"} << 0;
    QTest::newRow("no subcommand") << QStringList{} << 2;
    QTest::newRow("unknown subcommand") << QStringList{"rotate"} << 2;
    QTest::newRow("unknown option") << QStringList{"create", "--bogus"} << 2;
    QTest::newRow("stray argument") << QStringList{"info", "extra"} << 2;
    QTest::newRow("bad expiration") << QStringList{"create", "--expiration", "1y"} << 2;
    QTest::newRow("fractional expiration") << QStringList{"create", "--expiration", "1.5h"} << 2;
    QTest::newRow("empty name") << QStringList{"create", "--name", ""} << 2;
    QTest::newRow("privilege flag on info") << QStringList{"info", "--ingest"} << 2;
    QTest::newRow("invalidate without id or name") << QStringList{"invalidate"} << 2;
    QTest::newRow("verify without credentials") << QStringList{"verify"} << 2;
    QTest::newRow("info of an unknown id") << QStringList{"info", "--id", "nope"} << 1;
    QTest::newRow("info of an unknown name") << QStringList{"info", "--name", "nope"} << 1;
    QTest::newRow("invalidate an unknown name") << QStringList{"invalidate", "--name", "nope"} << 1;
    QTest::newRow("verify garbage") << QStringList{"verify", "--credentials", "%%%"} << 1;
}

void TestApiKeyCli::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    const QString sub = args.isEmpty() ? QString() : args.takeFirst();
    QStringList full{QStringLiteral("apikey")};
    if (!sub.isEmpty())
        full << sub;
    full << args << QStringLiteral("--data-dir") << m_dir->filePath(QStringLiteral("data"));
    const Run r = runApp(full);
    QVERIFY2(r.exitCode == exitCode, r.out + r.err);
    if (exitCode != 0)
        QVERIFY2(!r.err.isEmpty(), "a failure must say why on stderr");
}

void TestApiKeyCli::damagedRegistry_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("create") << QStringList{"create"};
    QTest::newRow("info") << QStringList{"info"};
    QTest::newRow("invalidate") << QStringList{"invalidate", "--name", "apm-key"};
    QTest::newRow("verify") << QStringList{"verify", "--credentials", "QUFBQUFBQUFBQUFBQUFBQUFBQUE6eA=="};
}

void TestApiKeyCli::damagedRegistry()
{
    QFETCH(QStringList, args);
    // GIVEN a registry file that is not JSON
    const QString dir = m_dir->filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(dir));
    const QString file = dir + QStringLiteral("/apikeys.json");
    const QByteArray damaged = "{\"format\":1,\"api_keys\":[{";
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(damaged) == damaged.size());
    f.close();
    // WHEN any subcommand runs THEN exit 3 with the file named, and the file untouched
    const QString sub = args.takeFirst();
    const Run r = apikey(sub, args);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(file.toUtf8()), r.err);
    QVERIFY(r.err.contains("damaged"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), damaged);
    QVERIFY(!QFile::exists(file + QStringLiteral(".bak")));
}

void TestApiKeyCli::helpListsApikey()
{
    const Run r = runApp({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    for (const char* line : {"apikey create", "apikey info", "apikey invalidate", "apikey verify"})
        QVERIFY2(r.out.contains(line), line);
}

QTEST_GUILESS_MAIN(TestApiKeyCli)
#include "tst_apikeycli.moc"
