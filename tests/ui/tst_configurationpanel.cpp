// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/Document.h"
#include "panels/ConfigurationPanel.h"
#include "widgets/FindingsView.h"
#include "widgets/YamlHighlighter.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

namespace {

// Token without TLS (line 4), an origin with a trailing slash (line 8) and a deprecated 7.15 key.
const QByteArray kWithFindings = "apm-server:\n"
                                 "  host: \"127.0.0.1:8200\"\n"
                                 "  auth:\n"
                                 "    secret_token: ${APM_SECRET_TOKEN}\n"
                                 "  rum:\n"
                                 "    enabled: true\n"
                                 "    # the shop\n"
                                 "    allow_origins: [\"https://shop.example.com/\"]\n";

QString describe(const QList<Config::Finding>& findings)
{
    QStringList out;
    for (const auto& f : findings)
        out << QStringLiteral("%1@%2 (%3)").arg(f.code).arg(f.line).arg(f.key);
    return out.join(QStringLiteral(", "));
}

// With GATEKEEPER_UI_SHOTS=<dir>, widgets under test are saved as PNGs for a human to look at.
void saveShot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("GATEKEEPER_UI_SHOTS");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace

class TestConfigurationPanel : public QObject
{
    Q_OBJECT

private slots:
    void findingSelectionMovesCursor_data();
    void findingSelectionMovesCursor();
    void highlighterFormats_data();
    void highlighterFormats();
    void emptyFindingsState();
    void externalChangeKeepsCursor();
};

void TestConfigurationPanel::findingSelectionMovesCursor_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("fixWord");

    QTest::newRow("token without TLS") << QStringLiteral("auth.token-without-tls") << 4 << QStringLiteral("TLS");
    QTest::newRow("origin with trailing slash")
        << QStringLiteral("rum.origin-trailing-slash") << 8 << QStringLiteral("https://shop.example.com");
}

void TestConfigurationPanel::findingSelectionMovesCursor()
{
    QFETCH(QString, code);
    QFETCH(int, line);
    QFETCH(QString, fixWord);

    // GIVEN a document with findings in the panel
    Config::Document document;
    QVERIFY(document.setText(kWithFindings).ok());
    ConfigurationPanel panel(&document);
    panel.resize(900, 600);
    panel.show();
    auto* findings = panel.findChild<FindingsView*>(QStringLiteral("findingsView"));
    auto* editor = panel.findChild<QPlainTextEdit*>(QStringLiteral("yamlEditor"));
    auto* detail = panel.findChild<QLabel*>(QStringLiteral("findingDetail"));
    QVERIFY(findings && editor && detail);
    int row = -1;
    for (int i = 0; i < findings->findings().size(); ++i) {
        if (findings->findings().at(i).code == code)
            row = i;
    }
    QVERIFY2(row >= 0, qPrintable(describe(findings->findings())));
    const Config::Finding finding = findings->findings().at(row);

    // WHEN the user selects it
    findings->setCurrentRow(row);

    // THEN the editor's cursor is on its line and the detail shows key, message and fix
    QCOMPARE(editor->textCursor().blockNumber() + 1, line);
    QVERIFY(detail->isVisible());
    QVERIFY2(detail->text().contains(finding.key), qPrintable(detail->text()));
    QVERIFY2(detail->text().contains(finding.fix.toHtmlEscaped()), qPrintable(detail->text()));
    QVERIFY2(finding.fix.contains(fixWord), qPrintable(finding.fix));
    saveShot(&panel, QStringLiteral("finding-") + code);
}

void TestConfigurationPanel::highlighterFormats_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("kind");

    using K = YamlHighlighter::Kind;
    QTest::newRow("comment line") << QStringLiteral("# a comment") << 3 << int(K::Comment);
    QTest::newRow("indented comment") << QStringLiteral("    #enabled: false") << 6 << int(K::Comment);
    QTest::newRow("trailing comment") << QStringLiteral("host: x # note") << 10 << int(K::Comment);
    QTest::newRow("key") << QStringLiteral("  secret_token: abc") << 4 << int(K::Key);
    QTest::newRow("quoted string") << QStringLiteral("host: \"localhost:8200\"") << 9 << int(K::String);
    QTest::newRow("hash inside a string") << QStringLiteral("x: \"a # b\"") << 6 << int(K::String);
    QTest::newRow("reference") << QStringLiteral("secret_token: ${APM_SECRET_TOKEN}") << 18 << int(K::Reference);
    QTest::newRow("boolean") << QStringLiteral("    enabled: false") << 14 << int(K::Literal);
    QTest::newRow("number") << QStringLiteral("limit: 100") << 8 << int(K::Literal);
    QTest::newRow("duration") << QStringLiteral("idle_timeout: 45s") << 15 << int(K::Literal);
    QTest::newRow("list dash") << QStringLiteral("  - https://a.example") << 2 << int(K::Dash);
}

void TestConfigurationPanel::highlighterFormats()
{
    QFETCH(QString, line);
    QFETCH(int, column);
    QFETCH(int, kind);

    Config::Document document;
    ConfigurationPanel panel(&document);
    auto* editor = panel.findChild<QPlainTextEdit*>(QStringLiteral("yamlEditor"));
    QVERIFY(editor);
    // Highlighting needs no valid YAML: put the line straight into the editor.
    editor->setPlainText(line);
    auto* highlighter = editor->document()->findChild<YamlHighlighter*>();
    QVERIFY(highlighter);
    const QTextBlock block = editor->document()->firstBlock();
    const QList<QTextLayout::FormatRange> formats = block.layout()->formats();
    const QTextCharFormat expected = highlighter->format(static_cast<YamlHighlighter::Kind>(kind));
    bool found = false;
    for (const QTextLayout::FormatRange& range : formats) {
        if (column >= range.start && column < range.start + range.length) {
            found = true;
            QCOMPARE(range.format.foreground().color(), expected.foreground().color());
            QCOMPARE(range.format.fontItalic(), expected.fontItalic());
            QCOMPARE(range.format.fontWeight(), expected.fontWeight());
        }
    }
    QVERIFY2(found, "no format at that column");
}

void TestConfigurationPanel::emptyFindingsState()
{
    // A configuration with nothing to report: token by reference, TLS 1.2+ (8.19).
    Config::Document document;
    document.setProfile(Config::Profile::V8_19);
    QVERIFY(document.setText("apm-server:\n  host: \"127.0.0.1:8200\"\n  auth.secret_token: ${T}\n"
                             "  ssl: {certificate: c.pem, key: k.pem, supported_protocols: [TLSv1.2, TLSv1.3]}\n")
                .ok());
    ConfigurationPanel panel(&document);
    panel.show();
    auto* empty = panel.findChild<QLabel*>(QStringLiteral("findingsEmptyLabel"));
    QVERIFY(empty);
    QVERIFY2(document.findings().isEmpty(), qPrintable(describe(document.findings())));
    QVERIFY(empty->isVisible());
    QCOMPARE(empty->text(), QStringLiteral("No problems found"));
}

void TestConfigurationPanel::externalChangeKeepsCursor()
{
    // GIVEN the cursor on line 3 of the editor
    Config::Document document;
    ConfigurationPanel panel(&document);
    auto* editor = panel.findChild<QPlainTextEdit*>(QStringLiteral("yamlEditor"));
    QVERIFY(editor);
    QTextCursor cursor(editor->document()->findBlockByNumber(2));
    cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, 2);
    editor->setTextCursor(cursor);

    // WHEN another part of the app changes the document
    QVERIFY(
        document
            .setValue(QStringLiteral("apm-server.rum.enabled"), Config::YamlValue::fromScalar(QStringLiteral("true")))
            .ok());

    // THEN the editor shows the new text and the cursor stays where it was
    QCOMPARE(editor->toPlainText().toUtf8(), document.yaml().text());
    QCOMPARE(editor->textCursor().blockNumber(), 2);
    QCOMPARE(editor->textCursor().positionInBlock(), 2);
}

QTEST_MAIN(TestConfigurationPanel)
#include "tst_configurationpanel.moc"
