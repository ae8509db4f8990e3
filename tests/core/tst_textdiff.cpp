// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/TextDiff.h"

#include <QTest>

using Config::DiffHunk;
using Config::DiffLine;

class TestTextDiff : public QObject
{
    Q_OBJECT

private slots:
    void unifiedDiff_data();
    void unifiedDiff();
    void hunkLineNumbers();
    void separateHunks();
};

void TestTextDiff::unifiedDiff_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<int>("hunkCount");
    QTest::addColumn<QString>("expected");

    const QString head = QStringLiteral("--- a.yml\n+++ b.yml\n");

    QTest::newRow("identical") << QStringLiteral("a\nb\nc\n") << QStringLiteral("a\nb\nc\n") << 0 << QString();
    QTest::newRow("both empty") << QString() << QString() << 0 << QString();
    QTest::newRow("one line changed") << QStringLiteral("a\nb\nc\nd\ne\nf\ng\nh\n")
                                      << QStringLiteral("a\nb\nc\nd\nE\nf\ng\nh\n") << 1
                                      << head + QStringLiteral("@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
    QTest::newRow("inserted") << QStringLiteral("a\nb\nc\nd\n") << QStringLiteral("a\nb\nnew\nc\nd\n") << 1
                              << head + QStringLiteral("@@ -1,4 +1,5 @@\n a\n b\n+new\n c\n d\n");
    QTest::newRow("removed") << QStringLiteral("a\nb\nc\nd\n") << QStringLiteral("a\nb\nd\n") << 1
                             << head + QStringLiteral("@@ -1,4 +1,3 @@\n a\n b\n-c\n d\n");
    QTest::newRow("changed at start") << QStringLiteral("a\nb\nc\nd\ne\nf\n") << QStringLiteral("A\nb\nc\nd\ne\nf\n")
                                      << 1 << head + QStringLiteral("@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n");
    QTest::newRow("changed at end") << QStringLiteral("a\nb\nc\nd\ne\nf\n") << QStringLiteral("a\nb\nc\nd\ne\nF\n") << 1
                                    << head + QStringLiteral("@@ -3,4 +3,4 @@\n c\n d\n e\n-f\n+F\n");
    QTest::newRow("appended to empty") << QString() << QStringLiteral("a\nb\n") << 1
                                       << head + QStringLiteral("@@ -0,0 +1,2 @@\n+a\n+b\n");
    QTest::newRow("everything removed") << QStringLiteral("a\nb\n") << QString() << 1
                                        << head + QStringLiteral("@@ -1,2 +0,0 @@\n-a\n-b\n");
    QTest::newRow("no final newline") << QStringLiteral("a\nb") << QStringLiteral("a\nb\n") << 1
                                      << head + QStringLiteral(
                                                    "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
    QTest::newRow("CRLF, one line changed") << QStringLiteral("a\r\nb\r\nc\r\n") << QStringLiteral("a\r\nB\r\nc\r\n")
                                            << 1 << head + QStringLiteral("@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    QTest::newRow("CRLF to LF is a change")
        << QStringLiteral("a\r\n") << QStringLiteral("a\n") << 1 << head + QStringLiteral("@@ -1,1 +1,1 @@\n-a\n+a\n");
}

void TestTextDiff::unifiedDiff()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(int, hunkCount);
    QFETCH(QString, expected);

    QCOMPARE(Config::diffHunks(before, after).size(), hunkCount);
    QCOMPARE(Config::unifiedDiff(before, after, QStringLiteral("a.yml"), QStringLiteral("b.yml")), expected);
}

void TestTextDiff::hunkLineNumbers()
{
    // GIVEN a YAML text WHEN one value changes THEN the hunk names that line in both texts
    const QString before = QStringLiteral("apm-server:\n  rum:\n    enabled: false\n");
    const QString after = QStringLiteral("apm-server:\n  rum:\n    enabled: true\n");
    const QList<DiffHunk> hunks = Config::diffHunks(before, after);
    QCOMPARE(hunks.size(), 1);
    QList<DiffLine> changed;
    for (const DiffLine& line : hunks.first().lines) {
        if (line.kind != DiffLine::Kind::Context)
            changed.append(line);
    }
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(0).kind, DiffLine::Kind::Removed);
    QCOMPARE(changed.at(0).text, QStringLiteral("    enabled: false"));
    QCOMPARE(changed.at(0).oldLine, 3);
    QCOMPARE(changed.at(1).kind, DiffLine::Kind::Added);
    QCOMPARE(changed.at(1).text, QStringLiteral("    enabled: true"));
    QCOMPARE(changed.at(1).newLine, 3);
}

void TestTextDiff::separateHunks()
{
    // Changes more than 2 × context lines apart give two hunks; closer ones merge into one.
    QStringList lines;
    for (int i = 1; i <= 20; ++i)
        lines << QString::number(i);
    const QString before = lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    QStringList far = lines;
    far[1] = QStringLiteral("two");
    far[18] = QStringLiteral("nineteen");
    QCOMPARE(Config::diffHunks(before, far.join(QLatin1Char('\n')) + QLatin1Char('\n')).size(), 2);
    QStringList near = lines;
    near[1] = QStringLiteral("two");
    near[8] = QStringLiteral("nine");
    QCOMPARE(Config::diffHunks(before, near.join(QLatin1Char('\n')) + QLatin1Char('\n')).size(), 1);
}

QTEST_GUILESS_MAIN(TestTextDiff)
#include "tst_textdiff.moc"
