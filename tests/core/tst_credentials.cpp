// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/Credentials.h"
#include "intake/GoJson.h"

#include <QTest>

using namespace Intake;

class TestCredentials : public QObject
{
    Q_OBJECT

private slots:
    void authorizationHeader_data();
    void authorizationHeader();
    void goJson_data();
    void goJson();
};

void TestCredentials::authorizationHeader_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("§3.2 bearer") << QByteArray("Bearer abc") << QByteArray("Bearer") << QByteArray("abc");
    QTest::newRow("§3.2 first space only") << QByteArray("Bearer a b  c") << QByteArray("Bearer") << QByteArray("a b  c");
    QTest::newRow("§3.2 no space: absent") << QByteArray("Bearer") << QByteArray() << QByteArray();
    QTest::newRow("§3.2 trailing spaces trimmed: absent") << QByteArray("Bearer   ") << QByteArray() << QByteArray();
    QTest::newRow("§3.2 leading space trimmed") << QByteArray(" ApiKey xyz") << QByteArray("ApiKey") << QByteArray("xyz");
    QTest::newRow("§3.2 lowercase kept as is") << QByteArray("bearer x") << QByteArray("bearer") << QByteArray("x");
    QTest::newRow("§3.2 empty") << QByteArray() << QByteArray() << QByteArray();
}

void TestCredentials::authorizationHeader()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, token);
    const AuthorizationHeader h = AuthorizationHeader::parse(value);
    QCOMPARE(h.scheme, scheme);
    QCOMPARE(h.token, token);
}

void TestCredentials::goJson_data()
{
    QTest::addColumn<bool>("pretty");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("§1 compact error") << false << QByteArray("{\"error\":\"a <b> & c\\\"\"}\n");
    QTest::newRow("§1 pretty error") << true << QByteArray("{\n  \"error\": \"a <b> & c\\\"\"\n}\n");
}

void TestCredentials::goJson()
{
    QFETCH(bool, pretty);
    QFETCH(QByteArray, expected);
    // Go escapes <, > and & (§1).
    GoJson j(GoJson::Object{{QStringLiteral("error"), QStringLiteral("a <b> & c\"")}});
    QByteArray out = j.encode(pretty);
    out.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&");
    QCOMPARE(out, expected);
    QVERIFY(j.encode(pretty).contains("\\u003cb\\u003e \\u0026"));
    // Nested intake shape, as Go's encoder indents it.
    GoJson intake(GoJson::Object{{QStringLiteral("accepted"), 0},
                                 {QStringLiteral("errors"), GoJson(GoJson::Array{GoJson(GoJson::Object{
                                                                {QStringLiteral("message"), QStringLiteral("x")}})})}});
    QCOMPARE(intake.encode(true),
             QByteArray("{\n  \"accepted\": 0,\n  \"errors\": [\n    {\n      \"message\": \"x\"\n    }\n  ]\n}\n"));
    QCOMPARE(intake.encode(false), QByteArray("{\"accepted\":0,\"errors\":[{\"message\":\"x\"}]}\n"));
    QCOMPARE(GoJson(GoJson::Object{}).encode(true), QByteArray("{}\n"));
    QCOMPARE(GoJson::quote(QStringLiteral("\u2028\n\x01")), QByteArray("\"\\u2028\\n\\u0001\""));
}

QTEST_GUILESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
