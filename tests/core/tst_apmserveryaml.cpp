// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// ApmServerYaml: parsing, flattening to dotted paths, and lossless edits of apm-server.yml
// (comments, blank lines, order and unrelated keys survive byte for byte).
#include "config/ApmServerYaml.h"

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Config;

Q_DECLARE_METATYPE(Config::YamlValue)

namespace Config {
// Lets QCOMPARE print a YamlValue on failure (found by argument-dependent lookup).
char* toString(const YamlValue& v)
{
    QString s;
    switch (v.kind) {
    case YamlValue::Kind::Null:
        s = QStringLiteral("Null");
        break;
    case YamlValue::Kind::Scalar:
        s = QStringLiteral("Scalar(%1)").arg(v.scalar);
        break;
    case YamlValue::Kind::List:
        s = QStringLiteral("List[%1]").arg(v.list.join(QStringLiteral(" | ")));
        break;
    case YamlValue::Kind::Map: {
        QStringList items;
        for (const auto& [key, values] : v.map)
            items.append(key + QStringLiteral(": ") + values.join(QStringLiteral(" | ")));
        s = QStringLiteral("Map{%1}").arg(items.join(QStringLiteral(", ")));
        break;
    }
    }
    return qstrdup(s.toUtf8().constData());
}
} // namespace Config

namespace {

YamlValue S(const QString& s)
{
    return YamlValue::fromScalar(s);
}

YamlValue L(const QStringList& l)
{
    return YamlValue::fromList(l);
}

YamlValue M(const QList<QPair<QString, QStringList>>& m)
{
    return YamlValue::fromMap(m);
}

YamlValue N()
{
    return YamlValue{};
}

const QStringList kFixtures = {
    QStringLiteral("apm-server-7.15.2.yml"),
    QStringLiteral("apm-server-8.19.20.yml"),
    QStringLiteral("apm-server.docker-7.15.2.yml"),
};

const QByteArray kNestedDoc = "# A small hand-written configuration\n"
                              "apm-server:\n"
                              "  host: \"localhost:8200\"   # where agents connect\n"
                              "\n"
                              "  # Agent authorization\n"
                              "  auth:\n"
                              "    secret_token: 'old-token'\n"
                              "    api_key:\n"
                              "      enabled: false\n"
                              "      #limit: 100\n"
                              "\n"
                              "  rum:\n"
                              "    enabled: true\n"
                              "    allow_origins:\n"
                              "      - \"https://a.example.com\"\n"
                              "    # more rum settings below\n"
                              "  ssl:\n"
                              "    enabled: false\n"
                              "\n"
                              "#================================ Outputs =================================\n"
                              "output.elasticsearch:\n"
                              "  hosts: [\"localhost:9200\"]\n"
                              "  # trailing comment\n";

const QByteArray kDottedDoc = "# Settings written with dotted keys\n"
                              "apm-server.host: \"localhost:8200\"\n"
                              "apm-server.rum.enabled: true\n"
                              "\n"
                              "output.elasticsearch.hosts: [\"localhost:9200\"]\n"
                              "# end\n";

QList<QByteArray> lines(const QByteArray& text)
{
    QList<QByteArray> result = text.split('\n');
    for (QByteArray& l : result) {
        if (l.endsWith('\r'))
            l.chop(1);
    }
    return result;
}

QList<QByteArray> commentLines(const QByteArray& text)
{
    QList<QByteArray> result;
    for (const QByteArray& l : lines(text)) {
        if (l.trimmed().startsWith('#'))
            result.append(l);
    }
    return result;
}

// Whether `needle` appears in `haystack` in order (other lines may be interleaved).
bool isSubsequence(const QList<QByteArray>& needle, const QList<QByteArray>& haystack)
{
    qsizetype i = 0;
    for (const QByteArray& l : haystack) {
        if (i < needle.size() && needle.at(i) == l)
            ++i;
    }
    return i == needle.size();
}

// The original lines an edit of `leaf` may legitimately change: the key's own line(s) and the
// items of a list that is replaced.
QList<QByteArray> untouchableLines(const QByteArray& text, const QString& leaf)
{
    QList<QByteArray> result;
    const QByteArray key = leaf.toUtf8() + ':';
    for (const QByteArray& l : lines(text)) {
        const QByteArray t = l.trimmed();
        if (!t.startsWith('#') && (t.contains(key) || t.startsWith("- ")))
            continue;
        result.append(l);
    }
    return result;
}

QList<QPair<QString, YamlValue>> entriesExcept(const ApmServerYaml& doc, const QString& path)
{
    QList<QPair<QString, YamlValue>> result;
    for (const YamlEntry& e : doc.entries()) {
        if (e.path == path || e.path.startsWith(path + QLatin1Char('.')) || path.startsWith(e.path + QLatin1Char('.')))
            continue;
        result.append({e.path, e.value});
    }
    return result;
}

} // namespace

#define PARSE_OK(var, text)                                                                                            \
    auto var##Parsed = ApmServerYaml::parse(text);                                                                     \
    QVERIFY2(var##Parsed.ok(), var##Parsed.ok() ? "" : qPrintable(var##Parsed.error().toString()));                    \
    ApmServerYaml var = std::move(var##Parsed.value())

#define SET_OK(doc, path, value)                                                                                       \
    do {                                                                                                               \
        const auto r_ = (doc).set((path), (value));                                                                    \
        QVERIFY2(r_.ok(), r_.ok() ? "" : qPrintable(r_.error().toString()));                                           \
    } while (false)

#define VALUE_IS(doc, path, expected)                                                                                  \
    do {                                                                                                               \
        const std::optional<YamlValue> v_ = (doc).value(path);                                                         \
        QVERIFY2(v_.has_value(), qPrintable(QStringLiteral("no value at ") + (path)));                                 \
        QCOMPARE(*v_, (expected));                                                                                     \
    } while (false)

class TestApmServerYaml : public QObject
{
    Q_OBJECT

private slots:
    void fixtureRoundTrip_data();
    void fixtureRoundTrip();
    void fixtureInsertAfterHost();
    void entries_data();
    void entries();
    void entryPositions();
    void duplicateKeysLastWins();
    void managedKeys_data();
    void managedKeys();
    void replaceStyles_data();
    void replaceStyles();
    void setTwice();
    void setSameValueIsNoOp();
    void refusedEdits_data();
    void refusedEdits();
    void remove_data();
    void remove();
    void removeRefused_data();
    void removeRefused();
    void removeFromFixture();
    void malformed_data();
    void malformed();
    void nonMappingRoot_data();
    void nonMappingRoot();
    void emptyDocuments_data();
    void emptyDocuments();
    void quoting_data();
    void quoting();
    void saveKeepsBackup();
    void saveFailureLeavesOriginal();
    void loadErrors();
    void copyAndMove();
};

// ---------------------------------------------------------------------------------------------

void TestApmServerYaml::fixtureRoundTrip_data()
{
    QTest::addColumn<QString>("fixture");
    for (const QString& f : kFixtures)
        QTest::newRow(qPrintable(f)) << f;
}

void TestApmServerYaml::fixtureRoundTrip()
{
    QFETCH(QString, fixture);
    const QByteArray original = TestSupport::readFixture(fixture);
    auto loaded = ApmServerYaml::load(TestSupport::fixturePath(fixture));
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().toString()));
    QCOMPARE(loaded->text(), original);

    PARSE_OK(doc, original);
    QCOMPARE(doc.text(), original);
    QVERIFY(doc.entry(QStringLiteral("apm-server.host")).has_value());
    QCOMPARE(doc.entry(QStringLiteral("apm-server.host"))->value.kind, YamlValue::Kind::Scalar);
    QCOMPARE(doc.entry(QStringLiteral("apm-server.host"))->line, 7);
    QCOMPARE(doc.entry(QStringLiteral("apm-server.host"))->column, 3);
    const std::optional<YamlValue> hosts = doc.value(QStringLiteral("output.elasticsearch.hosts"));
    QVERIFY(hosts.has_value());
    QCOMPARE(hosts->kind, YamlValue::Kind::List);
    QCOMPARE(hosts->list.size(), 1);
    QVERIFY(hosts->list.first().endsWith(QLatin1String(":9200")));
}

// The example from the issue: the new section goes right after the host line, above the
// hundreds of commented-out settings that follow.
void TestApmServerYaml::fixtureInsertAfterHost()
{
    const QByteArray original = TestSupport::readFixture(QStringLiteral("apm-server-7.15.2.yml"));
    PARSE_OK(doc, original);
    SET_OK(doc, QStringLiteral("apm-server.auth.secret_token"), S(QStringLiteral("${APM_SECRET_TOKEN}")));
    QByteArray expected = original;
    const QByteArray hostLine = "  host: \"localhost:8200\"\n";
    const qsizetype at = expected.indexOf(hostLine);
    QVERIFY(at > 0);
    expected.insert(at + hostLine.size(), "  auth:\n    secret_token: ${APM_SECRET_TOKEN}\n");
    QCOMPARE(doc.text(), expected);
}

// ---------------------------------------------------------------------------------------------

void TestApmServerYaml::entries_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("path");
    QTest::addColumn<YamlValue>("expected");

    const YamlValue t = S(QStringLiteral("true"));
    QTest::newRow("nested blocks") << QByteArray("apm-server:\n  rum:\n    enabled: true\n") << "apm-server.rum.enabled"
                                   << t;
    QTest::newRow("dotted at top level") << QByteArray("apm-server.rum.enabled: true\n") << "apm-server.rum.enabled"
                                         << t;
    QTest::newRow("dotted under apm-server")
        << QByteArray("apm-server:\n  rum.enabled: true\n") << "apm-server.rum.enabled" << t;
    QTest::newRow("dotted section") << QByteArray("apm-server.rum:\n  enabled: true\n") << "apm-server.rum.enabled"
                                    << t;
    QTest::newRow("flow mapping") << QByteArray("apm-server: {rum.enabled: true}\n") << "apm-server.rum.enabled" << t;
    QTest::newRow("double-quoted scalar") << QByteArray("a: \"x\\ty\\\"z\"\n") << "a" << S(QStringLiteral("x\ty\"z"));
    QTest::newRow("single-quoted scalar") << QByteArray("a: 'it''s'\n") << "a" << S(QStringLiteral("it's"));
    QTest::newRow("env reference") << QByteArray("a: ${APM_SECRET_TOKEN}\n") << "a"
                                   << S(QStringLiteral("${APM_SECRET_TOKEN}"));
    QTest::newRow("number stays text") << QByteArray("a: 8200\n") << "a" << S(QStringLiteral("8200"));
    QTest::newRow("empty value is null") << QByteArray("a:\nb: 1\n") << "a" << N();
    QTest::newRow("tilde is null") << QByteArray("a: ~\n") << "a" << N();
    QTest::newRow("null is null") << QByteArray("a: null\n") << "a" << N();
    QTest::newRow("empty string is scalar") << QByteArray("a: ''\n") << "a" << S(QString());
    QTest::newRow("flow list") << QByteArray("a: [x, 'y']\n") << "a" << L({QStringLiteral("x"), QStringLiteral("y")});
    QTest::newRow("block list") << QByteArray("a:\n  - x\n  - y\n") << "a"
                                << L({QStringLiteral("x"), QStringLiteral("y")});
    QTest::newRow("block list at key column")
        << QByteArray("a:\n- x\n- y\nb: 1\n") << "a" << L({QStringLiteral("x"), QStringLiteral("y")});
    QTest::newRow("empty flow list") << QByteArray("a: []\n") << "a" << L({});
    QTest::newRow("header map (flow)") << QByteArray("apm-server:\n  response_headers: {X-A: \"1\", X-B: [a, b]}\n")
                                       << "apm-server.response_headers"
                                       << M({{QStringLiteral("X-A"), {QStringLiteral("1")}},
                                             {QStringLiteral("X-B"), {QStringLiteral("a"), QStringLiteral("b")}}});
    QTest::newRow("header map (block)")
        << QByteArray("apm-server:\n  response_headers:\n    X-A: \"1\"\n    X-B:\n      - a\n      - b\n")
        << "apm-server.response_headers"
        << M({{QStringLiteral("X-A"), {QStringLiteral("1")}},
              {QStringLiteral("X-B"), {QStringLiteral("a"), QStringLiteral("b")}}});
    QTest::newRow("header map child") << QByteArray("apm-server:\n  response_headers: {X-A: \"1\", X-B: [a, b]}\n")
                                      << "apm-server.response_headers.X-B"
                                      << L({QStringLiteral("a"), QStringLiteral("b")});
    QTest::newRow("multi-line plain") << QByteArray("a: one\n  two\nb: 1\n") << "a" << S(QStringLiteral("one two"));
    QTest::newRow("literal block scalar")
        << QByteArray("a: |\n  one\n  two\nb: 1\n") << "a" << S(QStringLiteral("one\ntwo\n"));
    QTest::newRow("alias") << QByteArray("base: &b\n  host: x\napm-server: *b\n") << "apm-server.host"
                           << S(QStringLiteral("x"));
    QTest::newRow("CRLF") << QByteArray("apm-server:\r\n  host: \"h:1\"\r\n") << "apm-server.host"
                          << S(QStringLiteral("h:1"));
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF"
                                                   "apm-server:\n  host: x\n")
                                     << "apm-server.host" << S(QStringLiteral("x"));
    QTest::newRow("unicode") << QByteArray("a: \xC3\xBCn\xC3\xAF\n") << "a" << S(QStringLiteral("ünï"));
}

void TestApmServerYaml::entries()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, path);
    QFETCH(YamlValue, expected);
    PARSE_OK(doc, yaml);
    QCOMPARE(doc.text(), yaml);
    VALUE_IS(doc, path, expected);
    QCOMPARE(doc.entry(path)->path, path);
}

void TestApmServerYaml::entryPositions()
{
    PARSE_OK(doc, QByteArray("# comment\napm-server:\n  host: x\n  rum:\n    enabled: true\n"
                             "  response_headers: {X-A: b}\nout.a: [1]\n"));
    const QList<YamlEntry> entries = doc.entries();
    QStringList paths;
    for (const YamlEntry& e : entries)
        paths.append(e.path);
    // Document order; a mapping of scalars (rum, response_headers) gets its own Map entry first.
    QCOMPARE(paths, QStringList({"apm-server.host", "apm-server.rum", "apm-server.rum.enabled",
                                 "apm-server.response_headers", "apm-server.response_headers.X-A", "out.a"}));
    QCOMPARE(entries.at(0).line, 3);
    QCOMPARE(entries.at(0).column, 3);
    QCOMPARE(entries.at(2).line, 5);
    QCOMPARE(entries.at(2).column, 5);
    QCOMPARE(entries.at(4).line, 6);
    QCOMPARE(entries.at(4).column, 22);
    QCOMPARE(entries.at(5).line, 7);
    QCOMPARE(entries.at(5).column, 1);
    QCOMPARE(entries.at(1).value.kind, YamlValue::Kind::Map);
    QVERIFY(!doc.entry(QStringLiteral("apm-server")).has_value()); // has a nested mapping: no Map entry
    QVERIFY(!doc.value(QStringLiteral("apm-server.nope")).has_value());
}

// libbeat lets the later of two duplicate settings win; so do value() and set().
void TestApmServerYaml::duplicateKeysLastWins()
{
    PARSE_OK(doc, QByteArray("apm-server:\n  rum:\n    enabled: false\napm-server.rum.enabled: true\n"));
    VALUE_IS(doc, QStringLiteral("apm-server.rum.enabled"), S(QStringLiteral("true")));
    SET_OK(doc, QStringLiteral("apm-server.rum.enabled"), S(QStringLiteral("yes")));
    QCOMPARE(doc.text(), QByteArray("apm-server:\n  rum:\n    enabled: false\napm-server.rum.enabled: yes\n"));
}

// ---------------------------------------------------------------------------------------------

void TestApmServerYaml::managedKeys_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("path");
    QTest::addColumn<YamlValue>("value");

    const QList<QPair<QString, YamlValue>> keys = {
        {"apm-server.host", S("0.0.0.0:8200")},
        {"apm-server.max_header_size", S("1048576")},
        {"apm-server.idle_timeout", S("45s")},
        {"apm-server.read_timeout", S("3600s")},
        {"apm-server.write_timeout", S("30s")},
        {"apm-server.shutdown_timeout", S("30s")},
        {"apm-server.max_event_size", S("307200")},
        {"apm-server.max_connections", S("0")},
        {"apm-server.response_headers", M({{"X-Content-Type-Options", {"nosniff"}}, {"X-Multi", {"a", "b c"}}})},
        {"apm-server.capture_personal_data", S("true")},
        {"apm-server.auth.secret_token", S("${APM_SECRET_TOKEN}")},
        {"apm-server.auth.api_key.enabled", S("true")},
        {"apm-server.auth.api_key.limit", S("100")},
        {"apm-server.auth.anonymous.enabled", S("true")},
        {"apm-server.auth.anonymous.allow_agent", L({"rum-js", "js-base"})},
        {"apm-server.auth.anonymous.allow_service", L({"my-frontend"})},
        {"apm-server.auth.anonymous.rate_limit.ip_limit", S("1000")},
        {"apm-server.auth.anonymous.rate_limit.event_limit", S("300")},
        {"apm-server.ssl.enabled", S("true")},
        {"apm-server.ssl.certificate", S("/etc/apm-server/certs/apm-server.crt")},
        {"apm-server.ssl.key", S("/etc/apm-server/certs/apm-server.key")},
        {"apm-server.ssl.key_passphrase", S("${APM_KEY_PASSPHRASE}")},
        {"apm-server.ssl.certificate_authorities", L({"/etc/apm-server/certs/ca.crt", "/etc/pki/other ca.pem"})},
        {"apm-server.ssl.client_authentication", S("optional")},
        {"apm-server.ssl.supported_protocols", L({"TLSv1.2", "TLSv1.3"})},
        {"apm-server.ssl.cipher_suites", L({"ECDHE-ECDSA-AES-128-GCM-SHA256", "ECDHE-RSA-AES-256-GCM-SHA384"})},
        {"apm-server.ssl.curve_types", L({"P-256", "P-384"})},
        {"apm-server.rum.enabled", S("true")},
        {"apm-server.rum.allow_origins", L({"*", "https://*.example.com"})},
        {"apm-server.rum.allow_headers", L({"X-Custom-Header"})},
        {"apm-server.rum.response_headers", M({{"X-Frame-Options", {"DENY"}}})},
        {"apm-server.kibana.enabled", S("true")},
        {"apm-server.agent.config.cache.expiration", S("30s")},
    };
    QList<QPair<QString, QByteArray>> docs;
    for (const QString& f : kFixtures)
        docs.append({f, TestSupport::readFixture(f)});
    docs.append({QStringLiteral("nested"), kNestedDoc});
    docs.append({QStringLiteral("dotted"), kDottedDoc});
    for (const auto& [docName, text] : docs) {
        for (const auto& [path, value] : keys)
            QTest::addRow("%s | %s", qPrintable(docName), qPrintable(path)) << text << path << value;
    }
}

void TestApmServerYaml::managedKeys()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, path);
    QFETCH(YamlValue, value);

    PARSE_OK(doc, yaml);
    const ApmServerYaml before = doc;
    SET_OK(doc, path, value);
    VALUE_IS(doc, path, value);

    // The new text reads back on its own.
    PARSE_OK(reread, doc.text());
    VALUE_IS(reread, path, value);
    QCOMPARE(entriesExcept(reread, path), entriesExcept(before, path));
    QVERIFY(reread.value(QStringLiteral("output.elasticsearch.hosts")).has_value());

    // Every comment line survives, in order; every other line too.
    QCOMPARE(commentLines(doc.text()), commentLines(yaml));
    const QString leaf = path.section(QLatin1Char('.'), -1);
    QVERIFY(isSubsequence(untouchableLines(yaml, leaf), lines(doc.text())));

    // Setting it again (the same value) changes nothing; a second value replaces the first in place.
    const QByteArray once = doc.text();
    SET_OK(doc, path, value);
    QCOMPARE(doc.text(), once);
    const YamlValue other = value.kind == YamlValue::Kind::Scalar ? S(QStringLiteral("changed"))
                            : value.kind == YamlValue::Kind::List ? L({QStringLiteral("changed")})
                                                                  : M({{QStringLiteral("X-Changed"), {"1"}}});
    SET_OK(doc, path, other);
    VALUE_IS(doc, path, other);
    QCOMPARE(commentLines(doc.text()), commentLines(yaml));
    if (value.kind == YamlValue::Kind::Scalar)
        QCOMPARE(lines(doc.text()).size(), lines(once).size());
}

// ---------------------------------------------------------------------------------------------

void TestApmServerYaml::replaceStyles_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("path");
    QTest::addColumn<YamlValue>("value");
    QTest::addColumn<QByteArray>("expected");

    const QString host = QStringLiteral("apm-server.host");
    const QString token = QStringLiteral("apm-server.auth.secret_token");
    const QString origins = QStringLiteral("apm-server.rum.allow_origins");
    const QString headers = QStringLiteral("apm-server.response_headers");
    const YamlValue headerMap = M({{"X-A", {"1"}}, {"X-B", {"a", "b"}}});

    QTest::newRow("plain") << QByteArray("apm-server:\n  host: localhost:8200\n  x: 1\n") << host << S("0.0.0.0:9200")
                           << QByteArray("apm-server:\n  host: 0.0.0.0:9200\n  x: 1\n");
    QTest::newRow("single-quoted") << QByteArray("apm-server:\n  host: 'it''s' # c\n") << host << S("new")
                                   << QByteArray("apm-server:\n  host: new # c\n");
    QTest::newRow("double-quoted with escapes") << QByteArray("apm-server:\n  host: \"a\\\"b\\\\\" # c \"x\"\n") << host
                                                << S("new") << QByteArray("apm-server:\n  host: new # c \"x\"\n");
    QTest::newRow("trailing comment kept") << QByteArray("apm-server:\n  host: old   # the address\n") << host
                                           << S("new") << QByteArray("apm-server:\n  host: new   # the address\n");
    QTest::newRow("plain with hash inside") << QByteArray("apm-server:\n  host: a#b # c\n") << host << S("new")
                                            << QByteArray("apm-server:\n  host: new # c\n");
    QTest::newRow("empty value") << QByteArray("apm-server:\n  host:\n  x: 1\n") << host << S("h")
                                 << QByteArray("apm-server:\n  host: h\n  x: 1\n");
    QTest::newRow("empty value with comment") << QByteArray("apm-server:\n  host: # todo\n") << host << S("h")
                                              << QByteArray("apm-server:\n  host: h # todo\n");
    QTest::newRow("multi-line plain") << QByteArray("apm-server:\n  host: one\n    two\n  x: 1\n") << host << S("h")
                                      << QByteArray("apm-server:\n  host: h\n  x: 1\n");
    QTest::newRow("multi-line double-quoted") << QByteArray("apm-server:\n  host: \"one\n    two\" # c\n  x: 1\n")
                                              << host << S("h") << QByteArray("apm-server:\n  host: h # c\n  x: 1\n");
    QTest::newRow("literal block scalar") << QByteArray("apm-server:\n  host: |\n    one\n\n    two\n  x: 1\n") << host
                                          << S("h") << QByteArray("apm-server:\n  host: h\n  x: 1\n");
    QTest::newRow("scalar on the next line") << QByteArray("apm-server:\n  host:\n    far\n  x: 1\n") << host << S("h")
                                             << QByteArray("apm-server:\n  host: h\n  x: 1\n");
    QTest::newRow("tagged scalar") << QByteArray("apm-server:\n  host: !!str 8200\n") << host << S("9000")
                                   << QByteArray("apm-server:\n  host: 9000\n");
    QTest::newRow("alias value") << QByteArray("defaults: &d x\napm-server:\n  host: *d # c\n") << host << S("h")
                                 << QByteArray("defaults: &d x\napm-server:\n  host: h # c\n");
    QTest::newRow("quoted key") << QByteArray("apm-server:\n  \"host\": x\n") << host << S("h")
                                << QByteArray("apm-server:\n  \"host\": h\n");
    QTest::newRow("to null") << QByteArray("apm-server:\n  host: x # c\n") << host << N()
                             << QByteArray("apm-server:\n  host: null # c\n");
    QTest::newRow("explicit document start")
        << QByteArray("---\napm-server:\n  host: x\n") << host << S("h") << QByteArray("---\napm-server:\n  host: h\n");
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF"
                                                   "apm-server:\n  host: x\n")
                                     << host << S("h")
                                     << QByteArray("\xEF\xBB\xBF"
                                                   "apm-server:\n  host: h\n");

    QTest::newRow("flow list") << QByteArray("apm-server:\n  rum:\n    allow_origins: ['a', \"b\"] # c\n") << origins
                               << L({"x", "y"}) << QByteArray("apm-server:\n  rum:\n    allow_origins: [x, y] # c\n");
    QTest::newRow("multi-line flow list")
        << QByteArray("apm-server:\n  rum:\n    allow_origins: [a,\n      b]\n    enabled: true\n") << origins
        << L({"x"}) << QByteArray("apm-server:\n  rum:\n    allow_origins: [x]\n    enabled: true\n");
    QTest::newRow("block list")
        << QByteArray("apm-server:\n  rum:\n    allow_origins:\n      - a\n      - b\n    enabled: true\n") << origins
        << L({"x", "y", "z"})
        << QByteArray("apm-server:\n  rum:\n    allow_origins:\n      - x\n      - y\n      - z\n    enabled: true\n");
    QTest::newRow("block list at key column")
        << QByteArray("apm-server:\n  rum:\n    allow_origins: # c\n    - a\n    - b\n    enabled: true\n") << origins
        << L({"x"}) << QByteArray("apm-server:\n  rum:\n    allow_origins: # c\n    - x\n    enabled: true\n");
    QTest::newRow("scalar to list") << QByteArray("apm-server:\n  rum:\n    allow_origins: '*' # c\n") << origins
                                    << L({"a", "b"})
                                    << QByteArray("apm-server:\n  rum:\n    allow_origins: [a, b] # c\n");
    QTest::newRow("null to list") << QByteArray("apm-server:\n  rum:\n    allow_origins:\n") << origins << L({"*"})
                                  << QByteArray("apm-server:\n  rum:\n    allow_origins: ['*']\n");
    QTest::newRow("list to scalar") << QByteArray(
                                           "apm-server:\n  rum:\n    allow_origins:\n      - a\n      - b\n  host: x\n")
                                    << origins << S("*")
                                    << QByteArray("apm-server:\n  rum:\n    allow_origins: '*'\n  host: x\n");
    QTest::newRow("list to empty list") << QByteArray("apm-server:\n  rum:\n    allow_origins:\n      - a\n") << origins
                                        << L({}) << QByteArray("apm-server:\n  rum:\n    allow_origins: []\n");
    const QStringList longList = {"https://one.example.com", "https://two.example.com", "https://three.example.com",
                                  "https://four.example.com"};
    QTest::newRow("long list becomes a block list")
        << QByteArray("apm-server:\n  rum:\n    allow_origins: '*' # c\n    enabled: true\n") << origins << L(longList)
        << QByteArray("apm-server:\n  rum:\n    allow_origins: # c\n      - https://one.example.com\n"
                      "      - https://two.example.com\n      - https://three.example.com\n"
                      "      - https://four.example.com\n    enabled: true\n");
    QTest::newRow("new long list") << QByteArray("apm-server:\n  host: x\n") << origins << L(longList)
                                   << QByteArray("apm-server:\n  host: x\n  rum:\n    allow_origins:\n"
                                                 "      - https://one.example.com\n      - https://two.example.com\n"
                                                 "      - https://three.example.com\n"
                                                 "      - https://four.example.com\n");

    QTest::newRow("dotted key at top level")
        << QByteArray("apm-server.rum.enabled: true # c\nx: 1\n") << "apm-server.rum.enabled" << S("false")
        << QByteArray("apm-server.rum.enabled: false # c\nx: 1\n");
    QTest::newRow("dotted key under apm-server")
        << QByteArray("apm-server:\n  rum.enabled: true\n  host: x\n") << "apm-server.rum.enabled" << S("false")
        << QByteArray("apm-server:\n  rum.enabled: false\n  host: x\n");
    QTest::newRow("dotted section") << QByteArray("apm-server.rum:\n  enabled: true\n")
                                    << "apm-server.rum.allow_origins" << L({"*"})
                                    << QByteArray("apm-server.rum:\n  enabled: true\n  allow_origins: ['*']\n");

    QTest::newRow("insert into nested auth with children")
        << QByteArray("apm-server:\n  host: x\n  auth:\n    api_key:\n      enabled: true\n"
                      "      # commented limit\n    # trailing comment in auth\n\n  #rum:\n  #  enabled: true\n")
        << token << S("${APM_SECRET_TOKEN}")
        << QByteArray("apm-server:\n  host: x\n  auth:\n    api_key:\n      enabled: true\n"
                      "    secret_token: ${APM_SECRET_TOKEN}\n"
                      "      # commented limit\n    # trailing comment in auth\n\n  #rum:\n  #  enabled: true\n");
    QTest::newRow("insert several levels deep")
        << QByteArray("apm-server:\n  auth:\n    secret_token: x\n") << "apm-server.auth.anonymous.rate_limit.ip_limit"
        << S("1000")
        << QByteArray("apm-server:\n  auth:\n    secret_token: x\n    anonymous:\n      rate_limit:\n"
                      "        ip_limit: 1000\n");
    QTest::newRow("insert after a block list child")
        << QByteArray("apm-server:\n  rum:\n    allow_origins:\n      - a\n    # about the next one\n  host: x\n")
        << "apm-server.rum.enabled" << S("true")
        << QByteArray("apm-server:\n  rum:\n    allow_origins:\n      - a\n    enabled: true\n"
                      "    # about the next one\n  host: x\n");
    QTest::newRow("insert under empty parent") << QByteArray("apm-server:\n  auth:\n  host: x\n") << token << S("t")
                                               << QByteArray("apm-server:\n  auth:\n    secret_token: t\n  host: x\n");
    QTest::newRow("insert under explicit null parent")
        << QByteArray("apm-server:\n  auth: ~ # none\n") << token << S("t")
        << QByteArray("apm-server:\n  auth: # none\n    secret_token: t\n");
    QTest::newRow("insert keeps 4-space indentation") << QByteArray("apm-server:\n    host: x\n") << token << S("t")
                                                      << QByteArray("apm-server:\n    host: x\n    auth:\n"
                                                                    "        secret_token: t\n");
    QTest::newRow("no apm-server section")
        << QByteArray("output.elasticsearch:\n  hosts: [\"localhost:9200\"]\n# end\n") << host << S("h")
        << QByteArray("output.elasticsearch:\n  hosts: [\"localhost:9200\"]\n# end\napm-server:\n  host: h\n");
    QTest::newRow("no trailing newline") << QByteArray("output.elasticsearch:\n  hosts: [x]") << host << S("h")
                                         << QByteArray("output.elasticsearch:\n  hosts: [x]\napm-server:\n  host: h\n");
    QTest::newRow("insert at end without trailing newline") << QByteArray("apm-server:\n  host: x") << token << S("t")
                                                            << QByteArray("apm-server:\n  host: x\n  auth:\n"
                                                                          "    secret_token: t\n");
    QTest::newRow("empty document") << QByteArray() << host << S("h") << QByteArray("apm-server:\n  host: h\n");
    QTest::newRow("comment-only document") << QByteArray("# only a comment\n") << host << S("h")
                                           << QByteArray("# only a comment\napm-server:\n  host: h\n");
    QTest::newRow("CRLF replace") << QByteArray("apm-server:\r\n  host: old # c\r\n  x: 1\r\n") << host << S("new")
                                  << QByteArray("apm-server:\r\n  host: new # c\r\n  x: 1\r\n");
    QTest::newRow("CRLF insert") << QByteArray("apm-server:\r\n  host: x\r\n# end\r\n") << "apm-server.ssl.enabled"
                                 << S("true")
                                 << QByteArray("apm-server:\r\n  host: x\r\n  ssl:\r\n    enabled: true\r\n# end\r\n");
    QTest::newRow("CRLF block list") << QByteArray("apm-server:\r\n  rum:\r\n    allow_origins:\r\n      - a\r\n")
                                     << origins << L({"x", "y"})
                                     << QByteArray("apm-server:\r\n  rum:\r\n    allow_origins:\r\n      - x\r\n"
                                                   "      - y\r\n");
    QTest::newRow("CRLF new map") << QByteArray("apm-server:\r\n  host: x\r\n") << headers << headerMap
                                  << QByteArray("apm-server:\r\n  host: x\r\n  response_headers:\r\n    X-A: 1\r\n"
                                                "    X-B: [a, b]\r\n");

    QTest::newRow("new map") << QByteArray("apm-server:\n  host: x\n") << headers << headerMap
                             << QByteArray(
                                    "apm-server:\n  host: x\n  response_headers:\n    X-A: 1\n    X-B: [a, b]\n");
    QTest::newRow("block map replaced")
        << QByteArray("apm-server:\n  response_headers:\n    X-Old: 1\n    X-Older: 2\n  host: x\n") << headers
        << headerMap << QByteArray("apm-server:\n  response_headers:\n    X-A: 1\n    X-B: [a, b]\n  host: x\n");
    QTest::newRow("flow map replaced") << QByteArray("apm-server:\n  response_headers: {X-Old: 1} # c\n") << headers
                                       << headerMap
                                       << QByteArray("apm-server:\n  response_headers: {X-A: 1, X-B: [a, b]} # c\n");
    QTest::newRow("null to map") << QByteArray("apm-server:\n  response_headers: # c\n  host: x\n") << headers
                                 << headerMap
                                 << QByteArray("apm-server:\n  response_headers: # c\n    X-A: 1\n    X-B: [a, b]\n"
                                               "  host: x\n");
    QTest::newRow("scalar to map") << QByteArray("apm-server:\n  response_headers: nope # c\n") << headers << headerMap
                                   << QByteArray("apm-server:\n  response_headers: # c\n    X-A: 1\n    X-B: [a, b]\n");
    QTest::newRow("empty map") << QByteArray("apm-server:\n  response_headers:\n    X-A: 1\n") << headers << M({})
                               << QByteArray("apm-server:\n  response_headers: {}\n");
    QTest::newRow("map to scalar") << QByteArray("apm-server:\n  ssl:\n    enabled: true\n  host: x\n")
                                   << "apm-server.ssl" << S("off")
                                   << QByteArray("apm-server:\n  ssl: off\n  host: x\n");
}

void TestApmServerYaml::replaceStyles()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, path);
    QFETCH(YamlValue, value);
    QFETCH(QByteArray, expected);

    PARSE_OK(doc, yaml);
    SET_OK(doc, path, value);
    QCOMPARE(doc.text(), expected);
    VALUE_IS(doc, path, value);
    PARSE_OK(reread, expected);
    VALUE_IS(reread, path, value);
}

void TestApmServerYaml::setTwice()
{
    const QByteArray original = TestSupport::readFixture(QStringLiteral("apm-server-8.19.20.yml"));
    PARSE_OK(doc, original);
    SET_OK(doc, QStringLiteral("apm-server.host"), S(QStringLiteral("0.0.0.0:8200")));
    SET_OK(doc, QStringLiteral("apm-server.host"), S(QStringLiteral("10.0.0.1:8200")));
    QByteArray expected = original;
    expected.replace("  host: \"127.0.0.1:8200\"", "  host: 10.0.0.1:8200");
    QCOMPARE(doc.text(), expected);

    SET_OK(doc, QStringLiteral("apm-server.rum.allow_origins"), L({QStringLiteral("*")}));
    SET_OK(doc, QStringLiteral("apm-server.rum.allow_origins"),
           L({QStringLiteral("https://a.example.com"), QStringLiteral("https://*.example.com")}));
    SET_OK(doc, QStringLiteral("apm-server.rum.enabled"), S(QStringLiteral("true")));
    QVERIFY(doc.text().contains("  host: 10.0.0.1:8200\n  rum:\n    allow_origins: [https://a.example.com, "
                                "https://*.example.com]\n    enabled: true\n"));
    QCOMPARE(commentLines(doc.text()), commentLines(original));
}

void TestApmServerYaml::setSameValueIsNoOp()
{
    const QByteArray yaml = "apm-server:\n  host: \"localhost:8200\" # c\n";
    PARSE_OK(doc, yaml);
    SET_OK(doc, QStringLiteral("apm-server.host"), S(QStringLiteral("localhost:8200")));
    QCOMPARE(doc.text(), yaml); // the quotes stay
}

// ---------------------------------------------------------------------------------------------

void TestApmServerYaml::refusedEdits_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("path");
    QTest::addColumn<YamlValue>("value");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("key in flow mapping") << QByteArray("apm-server: {host: x}\n") << "apm-server.host" << S("h")
                                         << "flow style";
    QTest::newRow("insert into flow mapping")
        << QByteArray("apm-server: {host: x}\n") << "apm-server.rum.enabled" << S("true") << "flow style";
    QTest::newRow("key under alias") << QByteArray("base: &b\n  host: x\napm-server: *b\n") << "apm-server.host"
                                     << S("h") << "anchor or alias";
    QTest::newRow("insert under alias") << QByteArray("base: &b\n  host: x\napm-server: *b\n")
                                        << "apm-server.rum.enabled" << S("true") << "anchor or alias";
    QTest::newRow("key in anchored mapping")
        << QByteArray("apm-server: &a\n  host: x\nother: *a\n") << "apm-server.host" << S("h") << "anchor or alias";
    QTest::newRow("anchored value") << QByteArray("apm-server:\n  host: &h x\nother: *h\n") << "apm-server.host"
                                    << S("h") << "anchor or alias";
    QTest::newRow("parent is a scalar") << QByteArray("apm-server:\n  auth: yes\n") << "apm-server.auth.secret_token"
                                        << S("t") << "not a section";
    QTest::newRow("parent is a list") << QByteArray("apm-server:\n  auth: [a]\n") << "apm-server.auth.secret_token"
                                      << S("t") << "not a section";
    QTest::newRow("empty path") << QByteArray("a: 1\n") << "" << S("t") << "not a valid setting name";
    QTest::newRow("empty segment") << QByteArray("a: 1\n") << "a..b" << S("t") << "not a valid setting name";
    QTest::newRow("written as dotted keys below")
        << QByteArray("apm-server.rum.response_headers.X-A: 1\n") << "apm-server.rum.response_headers"
        << M({{"X-B", {"2"}}}) << "dotted keys";
}

void TestApmServerYaml::refusedEdits()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, path);
    QFETCH(YamlValue, value);
    QFETCH(QString, messagePart);

    PARSE_OK(doc, yaml);
    const QList<YamlEntry> before = doc.entries();
    const auto r = doc.set(path, value);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("yaml.edit"));
    QVERIFY2(r.error().message.contains(messagePart), qPrintable(r.error().message));
    QCOMPARE(doc.text(), yaml);
    QCOMPARE(doc.entries().size(), before.size());
}

// ---------------------------------------------------------------------------------------------

void TestApmServerYaml::remove_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("scalar") << QByteArray("apm-server:\n  host: x # c\n  # keep\n  port: 1\n") << "apm-server.host"
                            << QByteArray("apm-server:\n  # keep\n  port: 1\n");
    QTest::newRow("block list") << QByteArray("apm-server:\n  rum:\n    allow_origins:\n      - a\n      # inner\n"
                                              "      - b\n    enabled: true\n")
                                << "apm-server.rum.allow_origins"
                                << QByteArray("apm-server:\n  rum:\n    enabled: true\n");
    QTest::newRow("flow list") << QByteArray("a:\n  b: [1,\n    2]\n  c: 3\n") << "a.b" << QByteArray("a:\n  c: 3\n");
    QTest::newRow("nested map") << QByteArray(
                                       "apm-server:\n  auth:\n    api_key:\n      enabled: true\n    secret_token: x\n"
                                       "  # after auth\n  host: y\n")
                                << "apm-server.auth" << QByteArray("apm-server:\n  # after auth\n  host: y\n");
    QTest::newRow("multi-line scalar") << QByteArray("a:\n  b: one\n    two\n  c: |\n    x\n    y\n  d: 1\n") << "a.c"
                                       << QByteArray("a:\n  b: one\n    two\n  d: 1\n");
    QTest::newRow("last child leaves parent empty")
        << QByteArray("apm-server:\n  auth:\n    secret_token: x\nout: 1\n") << "apm-server.auth.secret_token"
        << QByteArray("apm-server:\n  auth:\nout: 1\n");
    QTest::newRow("dotted key") << QByteArray("apm-server.rum.enabled: true\nother: 1\n") << "apm-server.rum.enabled"
                                << QByteArray("other: 1\n");
    QTest::newRow("section written as dotted keys")
        << QByteArray("apm-server:\n  rum.enabled: true\n  host: x\n  rum.allow_origins: ['*']\n") << "apm-server.rum"
        << QByteArray("apm-server:\n  host: x\n");
    QTest::newRow("duplicates all go") << QByteArray("a: 1\nb: 2\na: 3\n") << "a" << QByteArray("b: 2\n");
    QTest::newRow("last line without newline") << QByteArray("a: 1\nb: 2") << "b" << QByteArray("a: 1\n");
    QTest::newRow("CRLF") << QByteArray("a:\r\n  b: 1\r\n  c: 2\r\n") << "a.b" << QByteArray("a:\r\n  c: 2\r\n");
    QTest::newRow("absent key") << QByteArray("apm-server:\n  host: x\n") << "apm-server.port"
                                << QByteArray("apm-server:\n  host: x\n");
    QTest::newRow("absent parent") << QByteArray("apm-server:\n  host: x\n") << "apm-server.ssl.enabled"
                                   << QByteArray("apm-server:\n  host: x\n");
    QTest::newRow("empty document") << QByteArray() << "apm-server.host" << QByteArray();
    QTest::newRow("first line after byte order mark") << QByteArray("\xEF\xBB\xBF"
                                                                    "a: 1\nb: 2\n")
                                                      << "a"
                                                      << QByteArray("\xEF\xBB\xBF"
                                                                    "b: 2\n");
}

void TestApmServerYaml::removeRefused_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("path");
    QTest::newRow("key in flow mapping") << QByteArray("apm-server: {host: x, port: 1}\n") << "apm-server.host";
    QTest::newRow("key under alias") << QByteArray("base: &b\n  host: x\napm-server: *b\n") << "apm-server.host";
    QTest::newRow("anchored value") << QByteArray("a: &x 1\nb: *x\n") << "a";
}

void TestApmServerYaml::removeRefused()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, path);
    PARSE_OK(doc, yaml);
    const auto r = doc.remove(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("yaml.edit"));
    QCOMPARE(doc.text(), yaml);
    QVERIFY(doc.value(path).has_value());
}

void TestApmServerYaml::remove()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, path);
    QFETCH(QByteArray, expected);

    PARSE_OK(doc, yaml);
    const auto r = doc.remove(path);
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().toString()));
    QCOMPARE(doc.text(), expected);
    QVERIFY(!doc.value(path).has_value());
    PARSE_OK(reread, expected);
    QVERIFY(!reread.value(path).has_value());
}

void TestApmServerYaml::removeFromFixture()
{
    const QByteArray original = TestSupport::readFixture(QStringLiteral("apm-server-7.15.2.yml"));
    PARSE_OK(doc, original);
    QVERIFY(doc.remove(QStringLiteral("output.elasticsearch.hosts")).ok());
    QByteArray expected = original;
    expected.replace("  hosts: [\"localhost:9200\"]\n", "");
    QCOMPARE(doc.text(), expected);
    QVERIFY(doc.value(QStringLiteral("apm-server.host")).has_value());

    // Removing and setting again restores a working file with every comment.
    SET_OK(doc, QStringLiteral("output.elasticsearch.hosts"), L({QStringLiteral("localhost:9200")}));
    QCOMPARE(commentLines(doc.text()), commentLines(original));
}

// ---------------------------------------------------------------------------------------------

void TestApmServerYaml::malformed_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    QTest::newRow("unclosed quote at end") << QByteArray("apm-server:\n  host: \"localhost:8200\n") << 2 << 9;
    QTest::newRow("unclosed quote before key") << QByteArray("apm-server:\n  host: \"x\n  port: 1\n") << 2 << 9;
    QTest::newRow("unclosed single quote") << QByteArray("a: 'x\nb: 1\n") << 1 << 4;
    QTest::newRow("bad indentation") << QByteArray("apm-server:\n  host: x\n port: 1\n") << 3 << 2;
    QTest::newRow("over-indented key") << QByteArray("apm-server:\n  host: x\n    port: 1\n") << 3 << 9;
    QTest::newRow("tab indentation") << QByteArray("apm-server:\n\thost: x\n") << 2 << 6;
    QTest::newRow("tab after spaces") << QByteArray("apm-server:\n  host: x\n\tport: 1\n") << 3 << 1;
    QTest::newRow("unclosed flow sequence") << QByteArray("output:\n  hosts: [\"a\", \"b\"\n") << 3 << 1;
    QTest::newRow("unclosed flow mapping") << QByteArray("a: {b: 1\n") << 2 << 1;
    QTest::newRow("key without name") << QByteArray(": :\n") << 1 << 1;
    QTest::newRow("key without name later") << QByteArray("a: 1\n: x\n") << 2 << 1;
    QTest::newRow("two values on a line") << QByteArray("a: b: c\n") << 1 << 5;
    QTest::newRow("list item in mapping") << QByteArray("a: 1\n- b\n") << 2 << 1;
    QTest::newRow("reserved character") << QByteArray("a: @x\n") << 1 << 4;
    QTest::newRow("stray closing bracket") << QByteArray("a: [1]]\n") << 1 << 7;
}

void TestApmServerYaml::malformed()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(int, column);

    const auto r = ApmServerYaml::parse(yaml, QStringLiteral("/etc/apm-server/apm-server.yml"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("yaml.parse"));
    const QString message = r.error().message;
    QVERIFY2(message.contains(QStringLiteral("line %1, column %2").arg(line).arg(column)), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("/etc/apm-server/apm-server.yml")), qPrintable(message));
    QVERIFY(!r.error().detail.isEmpty());

    const auto anonymous = ApmServerYaml::parse(yaml);
    QVERIFY(!anonymous.ok());
    QVERIFY(anonymous.error().message.contains(QLatin1String("line")));
    QVERIFY(anonymous.error().message.contains(QLatin1String("column")));
}

void TestApmServerYaml::nonMappingRoot_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("block list") << QByteArray("- a\n- b\n");
    QTest::newRow("flow list") << QByteArray("[a, b]\n");
    QTest::newRow("scalar") << QByteArray("hello\n");
    QTest::newRow("number") << QByteArray("# comment\n42\n");
}

void TestApmServerYaml::nonMappingRoot()
{
    QFETCH(QByteArray, yaml);
    const auto r = ApmServerYaml::parse(yaml, QStringLiteral("x.yml"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("yaml.root"));
    QVERIFY(r.error().message.contains(QLatin1String("x.yml")));
}

void TestApmServerYaml::emptyDocuments_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blank lines") << QByteArray("\n\n  \n");
    QTest::newRow("comments") << QByteArray("# one\n  # two\n");
    QTest::newRow("document marker") << QByteArray("---\n# c\n");
}

void TestApmServerYaml::emptyDocuments()
{
    QFETCH(QByteArray, yaml);
    PARSE_OK(doc, yaml);
    QCOMPARE(doc.text(), yaml);
    QVERIFY(doc.entries().isEmpty());
    QVERIFY(doc.remove(QStringLiteral("apm-server.host")).ok());
    QCOMPARE(doc.text(), yaml);
    SET_OK(doc, QStringLiteral("apm-server.auth.secret_token"), S(QStringLiteral("${APM_SECRET_TOKEN}")));
    VALUE_IS(doc, QStringLiteral("apm-server.auth.secret_token"), S(QStringLiteral("${APM_SECRET_TOKEN}")));
    QVERIFY(doc.text().startsWith(yaml));
    QCOMPARE(commentLines(doc.text()), commentLines(yaml));
}

// ---------------------------------------------------------------------------------------------

void TestApmServerYaml::quoting_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("rendered"); // as a block scalar value; empty: not checked

    QTest::newRow("star") << QStringLiteral("*") << QByteArray("'*'");
    QTest::newRow("empty") << QString() << QByteArray("''");
    QTest::newRow("leading space") << QStringLiteral(" lead") << QByteArray("' lead'");
    QTest::newRow("trailing space") << QStringLiteral("trail ") << QByteArray("'trail '");
    QTest::newRow("colon space") << QStringLiteral("a: b") << QByteArray("'a: b'");
    QTest::newRow("space hash") << QStringLiteral("a #b") << QByteArray("'a #b'");
    QTest::newRow("leading hash") << QStringLiteral("#x") << QByteArray("'#x'");
    QTest::newRow("true") << QStringLiteral("true") << QByteArray("true");
    QTest::newRow("number") << QStringLiteral("8200") << QByteArray("8200");
    QTest::newRow("float") << QStringLiteral("1.0") << QByteArray("1.0");
    QTest::newRow("null word") << QStringLiteral("null") << QByteArray("'null'");
    QTest::newRow("tilde") << QStringLiteral("~") << QByteArray("'~'");
    QTest::newRow("env reference") << QStringLiteral("${X}") << QByteArray("${X}");
    QTest::newRow("env reference with default") << QStringLiteral("${X:default}") << QByteArray("${X:default}");
    QTest::newRow("leading dash") << QStringLiteral("-x") << QByteArray("'-x'");
    QTest::newRow("brackets") << QStringLiteral("[x]") << QByteArray("'[x]'");
    QTest::newRow("braces") << QStringLiteral("{x}") << QByteArray("'{x}'");
    QTest::newRow("apostrophe") << QStringLiteral("it's") << QByteArray("it's");
    QTest::newRow("leading apostrophe") << QStringLiteral("'s") << QByteArray("'''s'");
    QTest::newRow("double quotes") << QStringLiteral("\"q\"") << QByteArray("'\"q\"'");
    QTest::newRow("tab") << QStringLiteral("tab\tx") << QByteArray("\"tab\\tx\"");
    QTest::newRow("newline") << QStringLiteral("two\nlines") << QByteArray("\"two\\nlines\"");
    QTest::newRow("control character") << QStringLiteral("bell\x07") << QByteArray("\"bell\\u0007\"");
    QTest::newRow("backslash and quote with tab") << QStringLiteral("a\\\"\t") << QByteArray("\"a\\\\\\\"\\t\"");
    QTest::newRow("unicode") << QStringLiteral("ünïcode")
                             << QByteArray("\xC3\xBCn\xC3\xAF"
                                           "code");
    QTest::newRow("url") << QStringLiteral("https://*.example.com:443/x?y=1")
                         << QByteArray("https://*.example.com:443/x?y=1");
    QTest::newRow("trailing colon") << QStringLiteral("ends:") << QByteArray("'ends:'");
    QTest::newRow("comma") << QStringLiteral("a,b") << QByteArray("a,b");
    QTest::newRow("percent") << QStringLiteral("%x") << QByteArray("'%x'");
    QTest::newRow("at") << QStringLiteral("@x") << QByteArray("'@x'");
    QTest::newRow("backtick") << QStringLiteral("`x") << QByteArray("'`x'");
    QTest::newRow("pipe") << QStringLiteral("|x") << QByteArray("'|x'");
    QTest::newRow("question mark") << QStringLiteral("? x") << QByteArray("'? x'");
    QTest::newRow("document marker") << QStringLiteral("---") << QByteArray("'---'");
    QTest::newRow("outside the BMP") << QStringLiteral("rocket \U0001F680") << QByteArray("rocket \xF0\x9F\x9A\x80");
    QTest::newRow("line separator") << QStringLiteral("a\u2028b") << QByteArray("\"a\\u2028b\"");
    QTest::newRow("only spaces") << QStringLiteral("   ") << QByteArray("'   '");
}

void TestApmServerYaml::quoting()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, rendered);

    // As a scalar replacing an existing value.
    {
        PARSE_OK(doc, QByteArray("apm-server:\n  host: x # c\n"));
        SET_OK(doc, QStringLiteral("apm-server.host"), S(value));
        QCOMPARE(doc.text(), "apm-server:\n  host: " + rendered + " # c\n");
        PARSE_OK(reread, doc.text());
        VALUE_IS(reread, QStringLiteral("apm-server.host"), S(value));
    }
    // As a new scalar key.
    {
        PARSE_OK(doc, QByteArray("apm-server:\n  host: x\n"));
        SET_OK(doc, QStringLiteral("apm-server.ssl.key_passphrase"), S(value));
        PARSE_OK(reread, doc.text());
        VALUE_IS(reread, QStringLiteral("apm-server.ssl.key_passphrase"), S(value));
    }
    // Inside a flow list, a block list and a map.
    {
        const YamlValue list = L({value, QStringLiteral("b")});
        PARSE_OK(doc, QByteArray("apm-server:\n  rum:\n    allow_origins: [a]\n    allow_headers:\n      - a\n"));
        SET_OK(doc, QStringLiteral("apm-server.rum.allow_origins"), list);
        SET_OK(doc, QStringLiteral("apm-server.rum.allow_headers"), list);
        SET_OK(doc, QStringLiteral("apm-server.rum.response_headers"), M({{QStringLiteral("X-V"), {value}}}));
        SET_OK(doc, QStringLiteral("apm-server.response_headers"), M({{QStringLiteral("X-V"), {value, value}}}));
        PARSE_OK(reread, doc.text());
        VALUE_IS(reread, QStringLiteral("apm-server.rum.allow_origins"), list);
        VALUE_IS(reread, QStringLiteral("apm-server.rum.allow_headers"), list);
        VALUE_IS(reread, QStringLiteral("apm-server.rum.response_headers"), M({{QStringLiteral("X-V"), {value}}}));
        VALUE_IS(reread, QStringLiteral("apm-server.response_headers"), M({{QStringLiteral("X-V"), {value, value}}}));
    }
    // As a map key (a header name).
    if (!value.isEmpty() && !value.contains(QLatin1Char('.'))) {
        PARSE_OK(doc, QByteArray("apm-server:\n  host: x\n"));
        const YamlValue map = M({{value, {QStringLiteral("v")}}});
        SET_OK(doc, QStringLiteral("apm-server.response_headers"), map);
        VALUE_IS(doc, QStringLiteral("apm-server.response_headers"), map);
    }
}

// ---------------------------------------------------------------------------------------------

void TestApmServerYaml::saveKeepsBackup()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("apm-server.yml"));
    const QByteArray original = TestSupport::readFixture(QStringLiteral("apm-server.docker-7.15.2.yml"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(original), original.size());
    }
    auto loaded = ApmServerYaml::load(path);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().toString()));
    ApmServerYaml doc = std::move(loaded.value());
    SET_OK(doc, QStringLiteral("apm-server.auth.secret_token"), S(QStringLiteral("${APM_SECRET_TOKEN}")));
    const auto saved = doc.save(path);
    QVERIFY2(saved.ok(), saved.ok() ? "" : qPrintable(saved.error().toString()));

    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), doc.text());
    QFile backup(path + QStringLiteral(".bak"));
    QVERIFY(backup.open(QIODevice::ReadOnly));
    QCOMPARE(backup.readAll(), original);

    auto reloaded = ApmServerYaml::load(path);
    QVERIFY(reloaded.ok());
    VALUE_IS(*reloaded, QStringLiteral("apm-server.auth.secret_token"), S(QStringLiteral("${APM_SECRET_TOKEN}")));
}

void TestApmServerYaml::saveFailureLeavesOriginal()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("apm-server.yml"));
    const QByteArray original = "apm-server:\n  host: x\n";
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(original);
    }
    // Tests run as root, so permissions do not stop a write; a "folder" that is a file does.
    const QString notADir = dir.filePath(QStringLiteral("not-a-folder"));
    {
        QFile f(notADir);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("plain file\n");
    }
    auto loaded = ApmServerYaml::load(path);
    QVERIFY(loaded.ok());
    ApmServerYaml doc = std::move(loaded.value());
    SET_OK(doc, QStringLiteral("apm-server.host"), S(QStringLiteral("h")));
    const auto r = doc.save(notADir + QStringLiteral("/apm-server.yml"));
    QVERIFY(!r.ok());
    QVERIFY2(r.error().code.startsWith(QLatin1String("file.")), qPrintable(r.error().code));
    QVERIFY(!r.error().message.isEmpty());

    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), original);
    QFile g(notADir);
    QVERIFY(g.open(QIODevice::ReadOnly));
    QCOMPARE(g.readAll(), QByteArray("plain file\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::NoDotAndDotDot).size(), 2);
}

void TestApmServerYaml::loadErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto missing = ApmServerYaml::load(dir.filePath(QStringLiteral("nope.yml")));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, QStringLiteral("file.missing"));

    const QString bad = dir.filePath(QStringLiteral("bad.yml"));
    {
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apm-server:\n  host: [x\n");
    }
    const auto r = ApmServerYaml::load(bad);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("yaml.parse"));
    QVERIFY(r.error().message.contains(bad));
}

void TestApmServerYaml::copyAndMove()
{
    PARSE_OK(doc, QByteArray("apm-server:\n  host: x\n"));
    ApmServerYaml copy = doc;
    SET_OK(copy, QStringLiteral("apm-server.host"), S(QStringLiteral("y")));
    VALUE_IS(doc, QStringLiteral("apm-server.host"), S(QStringLiteral("x")));
    VALUE_IS(copy, QStringLiteral("apm-server.host"), S(QStringLiteral("y")));

    ApmServerYaml moved = std::move(copy);
    VALUE_IS(moved, QStringLiteral("apm-server.host"), S(QStringLiteral("y")));
    copy = doc; // a moved-from document can be assigned again
    VALUE_IS(copy, QStringLiteral("apm-server.host"), S(QStringLiteral("x")));
    ApmServerYaml empty;
    QVERIFY(empty.text().isEmpty());
    QVERIFY(empty.entries().isEmpty());
    SET_OK(empty, QStringLiteral("apm-server.host"), S(QStringLiteral("h")));
    QCOMPARE(empty.text(), QByteArray("apm-server:\n  host: h\n"));
}

QTEST_GUILESS_MAIN(TestApmServerYaml)
#include "tst_apmserveryaml.moc"
