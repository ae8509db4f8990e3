// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/GoDuration.h"
#include "config/SecretReference.h"

#include <QTest>

using namespace Config;

class TestGoDuration : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void format_data();
    void format();
    void secretReference_data();
    void secretReference();
};

void TestGoDuration::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms"); // -1 = invalid
    QTest::newRow("seconds") << "30s" << qint64(30000);
    QTest::newRow("minutes+seconds") << "1m30s" << qint64(90000);
    QTest::newRow("hours") << "1h" << qint64(3600000);
    QTest::newRow("millis") << "250ms" << qint64(250);
    QTest::newRow("fraction") << "1.5s" << qint64(1500);
    QTest::newRow("micro") << "1500us" << qint64(2);
    QTest::newRow("bare number is seconds (go-ucfg)") << "45" << qint64(45000);
    QTest::newRow("zero") << "0s" << qint64(0);
    QTest::newRow("no unit inside") << "1m30" << qint64(-1);
    QTest::newRow("unknown unit") << "3d" << qint64(-1);
    QTest::newRow("empty") << "" << qint64(-1);
    QTest::newRow("garbage") << "soon" << qint64(-1);
}

void TestGoDuration::parse()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    const auto d = parseGoDuration(text);
    if (ms < 0)
        QVERIFY(!d.has_value());
    else
        QCOMPARE(d.value().count(), ms);
}

void TestGoDuration::format_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("30s") << qint64(30000) << "30s";
    QTest::newRow("5m") << qint64(300000) << "5m";
    QTest::newRow("1m30s") << qint64(90000) << "1m30s";
    QTest::newRow("1h") << qint64(3600000) << "1h";
    QTest::newRow("250ms") << qint64(250) << "250ms";
    QTest::newRow("1.5s") << qint64(1500) << "1.5s";
    QTest::newRow("0s") << qint64(0) << "0s";
}

void TestGoDuration::format()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(formatGoDuration(Duration(ms)), text);
    QCOMPARE(parseGoDuration(text).value().count(), ms);
}

void TestGoDuration::secretReference_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("isReference");
    QTest::addColumn<QString>("name");
    QTest::newRow("plain ref") << "${APM_SECRET_TOKEN}" << true << "APM_SECRET_TOKEN";
    QTest::newRow("with default") << "${TOKEN:fallback}" << true << "TOKEN";
    QTest::newRow("dotted name") << "${apm.token}" << true << "apm.token";
    QTest::newRow("literal") << "s3cr3t" << false << "";
    QTest::newRow("partial") << "x${A}" << false << "";
    QTest::newRow("unclosed") << "${A" << false << "";
    QTest::newRow("bad name") << "${1A}" << false << "";
}

void TestGoDuration::secretReference()
{
    QFETCH(QString, value);
    QFETCH(bool, isReference);
    QFETCH(QString, name);
    const auto ref = SecretReference::parse(value);
    QCOMPARE(ref.has_value(), isReference);
    if (ref) {
        QCOMPARE(ref->name, name);
        QCOMPARE(SecretReference::parse(ref->toString())->name, name);
        const auto resolved = resolveSecret(value, [](const QString& n) -> std::optional<QString> {
            return n == QLatin1String("TOKEN") ? std::optional<QString>() : std::optional(QStringLiteral("v-") + n);
        });
        QVERIFY(resolved.has_value());
        QCOMPARE(*resolved, name == QLatin1String("TOKEN") ? QStringLiteral("fallback") : QStringLiteral("v-") + name);
    } else {
        QCOMPARE(resolveSecret(value, {}).value(), value);
    }
}

QTEST_GUILESS_MAIN(TestGoDuration)
#include "tst_goduration.moc"
