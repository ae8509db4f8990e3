// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/EventLineScan.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Intake;

namespace {
bool scan(const QByteArray& line, const QByteArray& key = "transaction")
{
    const bool v3 = key.size() <= 2;
    return EventLineScan::plainValidEvent(line, key, v3 ? "c" : "context", v3 ? "se" : "service");
}
} // namespace

// The fast path of NdjsonStream: a line it accepts must be one the full JSON parse accepts with the
// same outcome (a set event, no context.service); everything else goes to the full parse.
class TestEventLineScan : public QObject
{
    Q_OBJECT

private slots:
    void lines_data();
    void lines();
    void acceptedMutationsAreValidJson();
};

void TestEventLineScan::lines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<bool>("fast");

    const QByteArray tx = "transaction";
    QTest::newRow("plain transaction") << QByteArray(R"({"transaction":{"id":"01","duration":1.5,"sampled":true}})") << tx << true;
    QTest::newRow("whitespace everywhere") << QByteArray(" { \"transaction\" : { \"id\" : \"a\" } } \r") << tx << true;
    QTest::newRow("nested objects and arrays") << QByteArray(R"({"transaction":{"id":"a","span_count":{"started":0},"marks":[1,2,{"x":null}]}})") << tx << true;
    QTest::newRow("context without service") << QByteArray(R"({"transaction":{"id":"a","context":{"request":{"method":"GET"}}}})") << tx << true;
    QTest::newRow("context null") << QByteArray(R"({"transaction":{"id":"a","context":null}})") << tx << true;
    QTest::newRow("context.service null") << QByteArray(R"({"transaction":{"id":"a","context":{"service":null}}})") << tx << true;
    QTest::newRow("escapes and UTF-8") << QByteArray("{\"error\":{\"m\":\"a\\\"b\\\\c\\u00e9\\n \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}}") << QByteArray("error") << true;
    QTest::newRow("negative and zero numbers") << QByteArray(R"({"span":{"a":-0.5,"b":0,"c":-12}})") << QByteArray("span") << true;
    QTest::newRow("RUM v3 error") << QByteArray(R"({"e":{"id":"a","c":{"p":{}}}})") << QByteArray("e") << true;

    // Everything below takes the full parse.
    QTest::newRow("context.service overrides") << QByteArray(R"({"transaction":{"id":"a","context":{"service":{"name":"x"}}}})") << tx << false;
    QTest::newRow("RUM v3 c.se overrides") << QByteArray(R"({"e":{"id":"a","c":{"se":{"n":"x"}}}})") << QByteArray("e") << false;
    QTest::newRow("context not an object") << QByteArray(R"({"transaction":{"id":"a","context":"x"}})") << tx << false;
    QTest::newRow("escaped key in context") << QByteArray(R"({"transaction":{"id":"a","context":{"s\u0065rvice":{"name":"x"}}}})") << tx << false;
    QTest::newRow("event null") << QByteArray(R"({"transaction":null})") << tx << false;
    QTest::newRow("event empty") << QByteArray(R"({"transaction":{}})") << tx << false;
    QTest::newRow("event only nulls") << QByteArray(R"({"transaction":{"id":null,"marks":[]}})") << tx << false;
    QTest::newRow("event only nested objects") << QByteArray(R"({"transaction":{"span_count":{"started":0}}})") << tx << false;
    QTest::newRow("duplicate event key") << QByteArray(R"({"transaction":{"id":"a","id":null}})") << tx << false;
    QTest::newRow("two top-level members") << QByteArray(R"({"transaction":{"id":"a"},"span":{"id":"b"}})") << tx << false;
    QTest::newRow("other first key") << QByteArray(R"({"span":{"id":"a"}})") << tx << false;
    QTest::newRow("trailing garbage") << QByteArray(R"({"transaction":{"id":"a"}} x)") << tx << false;
    QTest::newRow("missing colon") << QByteArray(R"({"transaction":{"id" "a"}})") << tx << false;
    QTest::newRow("trailing comma") << QByteArray(R"({"transaction":{"id":"a",}})") << tx << false;
    QTest::newRow("unterminated") << QByteArray(R"({"transaction":{"id":"a")") << tx << false;
    QTest::newRow("exponent") << QByteArray(R"({"transaction":{"d":1e999}})") << tx << false;
    QTest::newRow("leading zero") << QByteArray(R"({"transaction":{"d":01}})") << tx << false;
    QTest::newRow("bare dot") << QByteArray(R"({"transaction":{"d":1.}})") << tx << false;
    QTest::newRow("control byte in string") << QByteArray("{\"transaction\":{\"id\":\"a\tb\"}}") << tx << false;
    QTest::newRow("bad escape") << QByteArray(R"({"transaction":{"id":"\x"}})") << tx << false;
    QTest::newRow("lone surrogate escape") << QByteArray(R"({"transaction":{"id":"\ud800"}})") << tx << false;
    QTest::newRow("invalid UTF-8") << QByteArray("{\"transaction\":{\"id\":\"\xc3\x28\"}}") << tx << false;
    QTest::newRow("overlong UTF-8") << QByteArray("{\"transaction\":{\"id\":\"\xc0\xaf\"}}") << tx << false;
    QTest::newRow("single quotes") << QByteArray(R"({'transaction':{'id':'a'}})") << tx << false;
    QTest::newRow("deep nesting") << QByteArray(R"({"transaction":{"id":"a","x":)" + QByteArray(200, '[') +
                                                    QByteArray(200, ']') + "}}")
                                  << tx << false;
}

void TestEventLineScan::lines()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, key);
    QFETCH(bool, fast);
    QCOMPARE(scan(line, key), fast);
    if (fast) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(doc.object().value(QString::fromLatin1(key)).isObject());
    }
}

void TestEventLineScan::acceptedMutationsAreValidJson()
{
    // GIVEN valid event lines WHEN single bytes are replaced, inserted or dropped THEN every variant the
    // scan still accepts parses as JSON with the event object (the scan is never more lenient).
    const QByteArray seeds[] = {
        R"({"transaction":{"id":"0123456789abcdef","name":"GET /a","duration":12.5,"sampled":true,"context":{"request":{"url":{"full":"http://x/"}}},"marks":[1,2]}})",
        R"({"error":{"id":"f","exception":{"message":"caf\u00e9 \"x\"","stacktrace":[{"lineno":10,"function":"h"}]},"culprit":null}})",
    };
    const char alphabet[] = "{}[]:,\"\\ -.0123456789eEtrufalsn\x01\xc3\xa9\xff/u";
    QRandomGenerator rng(4711);
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        QByteArray line = seeds[i % 2];
        const QByteArray key = i % 2 ? "error" : "transaction";
        const int pos = int(rng.bounded(line.size()));
        const char c = alphabet[rng.bounded(int(sizeof(alphabet) - 1))];
        switch (rng.bounded(3)) {
        case 0:
            line[pos] = c;
            break;
        case 1:
            line.insert(pos, c);
            break;
        default:
            line.remove(pos, 1);
        }
        if (!scan(line, key))
            continue;
        ++accepted;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
        QVERIFY2(doc.object().value(QString::fromLatin1(key)).isObject(), line.constData());
    }
    QVERIFY(accepted > 1000); // the mutations kept many lines valid: the check checked something
}

QTEST_GUILESS_MAIN(TestEventLineScan)
#include "tst_eventlinescan.moc"
