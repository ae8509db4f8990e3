// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/ConfigurationPanel.h"

#include "config/Document.h"
#include "widgets/FindingsView.h"
#include "widgets/YamlHighlighter.h"

#include "ui_ConfigurationPanel.h"

#include <QDir>
#include <QEvent>
#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBlock>

namespace {

// The editor works with "\n"; a CRLF document gets its line endings back when applied.
QString editorText(const QByteArray& documentText)
{
    QString text = QString::fromUtf8(documentText);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    return text;
}

} // namespace

ConfigurationPanel::ConfigurationPanel(Config::Document* document, QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ConfigurationPanel>()), m_document(document)
{
    Q_ASSERT(m_document);
    m_ui->setupUi(this);

    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->yamlEditor->setFont(mono);
    m_ui->yamlEditor->setTabStopDistance(QFontMetricsF(mono).horizontalAdvance(QLatin1Char(' ')) * 2);
    m_highlighter = new YamlHighlighter(m_ui->yamlEditor->document());
    m_highlighter->setPalette(palette());

    QFont header = m_ui->findingsHeader->font();
    header.setBold(true);
    m_ui->findingsHeader->setFont(header);
    m_ui->findingsHeader->setBuddy(m_ui->findingsView);
    m_ui->titleLabel->setFont(header);
    m_ui->pendingDiffView->setEmptyText(tr("No unsaved changes: the editor matches the saved file."));
    m_ui->findingDetail->hide();
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 1);

    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(kApplyDelayMs);
    connect(&m_applyTimer, &QTimer::timeout, this, &ConfigurationPanel::applyEditorText);
    connect(m_ui->yamlEditor, &QPlainTextEdit::textChanged, this, &ConfigurationPanel::editorTextEdited);
    connect(m_ui->pendingChangesButton, &QPushButton::toggled, this, &ConfigurationPanel::showPendingChanges);
    connect(m_ui->findingsView, &FindingsView::currentFindingChanged, this, &ConfigurationPanel::selectFinding);
    connect(m_ui->findingsView, &FindingsView::findingActivated, this,
            [this](const Config::Finding&) { m_ui->yamlEditor->setFocus(Qt::OtherFocusReason); });
    connect(m_document, &Config::Document::changed, this, &ConfigurationPanel::refreshFromDocument);
    connect(m_document, &Config::Document::pathChanged, this, &ConfigurationPanel::updateTitle);

    syncEditorFromDocument();
    refreshFromDocument();
}

ConfigurationPanel::~ConfigurationPanel() = default;

Core::Result<void> ConfigurationPanel::applyPendingEdit()
{
    if (m_applyTimer.isActive() || !m_ui->parseErrorBar->isHidden())
        applyEditorText();
    if (!m_ui->parseErrorBar->isHidden()) {
        return Core::makeError(QStringLiteral("yaml.parse"), tr("The YAML in the editor does not parse."),
                               m_ui->parseErrorBar->text(),
                               tr("Correct the text, or use Revert to go back to the saved file."));
    }
    return {};
}

bool ConfigurationPanel::hasUnappliedEdit() const
{
    return m_applyTimer.isActive() || !m_ui->parseErrorBar->isHidden();
}

QByteArray ConfigurationPanel::saveState() const
{
    return m_ui->splitter->saveState();
}

void ConfigurationPanel::restoreState(const QByteArray& state)
{
    m_ui->splitter->restoreState(state);
}

void ConfigurationPanel::showPendingChanges(bool show)
{
    if (m_ui->pendingChangesButton->isChecked() != show)
        m_ui->pendingChangesButton->setChecked(show); // re-enters through toggled()
    if (show)
        refreshPendingChanges();
    m_ui->editorStack->setCurrentWidget(show ? static_cast<QWidget*>(m_ui->pendingDiffView) : m_ui->yamlEditor);
}

void ConfigurationPanel::goToLine(int line)
{
    if (line <= 0)
        return;
    showPendingChanges(false);
    QPlainTextEdit* editor = m_ui->yamlEditor;
    const QTextBlock block = editor->document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    // Put the cursor on the first non-blank character, where the key starts.
    const QString text = block.text();
    int column = 0;
    while (column < text.size() && text.at(column).isSpace())
        ++column;
    cursor.setPosition(block.position() + column);
    editor->setTextCursor(cursor);
    editor->centerCursor();
}

void ConfigurationPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->setPalette(palette());
}

void ConfigurationPanel::editorTextEdited()
{
    if (m_updatingEditor)
        return;
    m_applyTimer.start();
}

void ConfigurationPanel::applyEditorText()
{
    m_applyTimer.stop();
    QString text = m_ui->yamlEditor->toPlainText();
    if (m_syncedText.contains("\r\n"))
        text.replace(QLatin1Char('\n'), QStringLiteral("\r\n"));
    const QByteArray bytes = text.toUtf8();
    Core::Result<void> result;
    if (bytes != m_document->yaml().text()) {
        m_applyingEdit = true;
        result = m_document->setText(bytes);
        m_applyingEdit = false;
    }
    const bool hadError = !m_ui->parseErrorBar->isHidden();
    if (result) {
        m_ui->parseErrorBar->clear();
    } else {
        // The document keeps its last valid text; the message names line and column.
        m_ui->parseErrorBar->showMessage(tr("Not applied: %1").arg(result.error().toString()), Config::Severity::Error);
    }
    updateFindingsHeader();
    if (hadError != !result.ok())
        emit unappliedEditChanged();
}

void ConfigurationPanel::refreshFromDocument()
{
    if (m_applyingEdit) {
        // The change came from this editor: never rewrite what the user is typing.
        m_syncedText = m_document->yaml().text();
    } else if (m_document->yaml().text() != m_syncedText) {
        // Changed elsewhere (open, revert, another panel): the editor follows.
        syncEditorFromDocument();
    }
    m_ui->findingsView->setFindings(m_document->findings());
    updateFindingsHeader();
    if (const auto f = m_ui->findingsView->currentFinding())
        showFindingDetail(*f);
    else
        clearFindingDetail();
    if (m_ui->editorStack->currentWidget() == m_ui->pendingDiffView)
        refreshPendingChanges();
    m_ui->pendingChangesButton->setText(m_document->isModified() ? tr("&Pending Changes •") : tr("&Pending Changes"));
    updateTitle();
}

void ConfigurationPanel::syncEditorFromDocument()
{
    m_applyTimer.stop();
    if (!m_ui->parseErrorBar->isHidden()) {
        m_ui->parseErrorBar->clear(); // the user's unparsable text is replaced
        emit unappliedEditChanged();
    }
    m_syncedText = m_document->yaml().text();
    QPlainTextEdit* editor = m_ui->yamlEditor;
    const QString text = editorText(m_syncedText);
    if (editor->toPlainText() == text)
        return;

    // Keep the cursor's line and column and the scroll position where the text still allows it.
    const QTextCursor old = editor->textCursor();
    const int line = old.blockNumber();
    const int column = old.positionInBlock();
    const int scroll = editor->verticalScrollBar()->value();

    m_updatingEditor = true;
    QTextCursor all(editor->document());
    all.beginEditBlock(); // one undo step
    all.select(QTextCursor::Document);
    all.insertText(text);
    all.endEditBlock();
    m_updatingEditor = false;

    const QTextBlock block = editor->document()->findBlockByNumber(std::min(line, editor->blockCount() - 1));
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + std::min(column, block.length() - 1));
    editor->setTextCursor(cursor);
    editor->verticalScrollBar()->setValue(scroll);
}

void ConfigurationPanel::refreshPendingChanges()
{
    m_ui->pendingDiffView->setTexts(QString::fromUtf8(m_document->savedText()),
                                    QString::fromUtf8(m_document->yaml().text()));
}

void ConfigurationPanel::selectFinding(const Config::Finding& finding)
{
    showFindingDetail(finding);
    goToLine(findingLine(finding));
}

int ConfigurationPanel::findingLine(const Config::Finding& finding) const
{
    if (finding.line > 0 || finding.key.isEmpty())
        return finding.line;
    const auto entry = m_document->yaml().entry(finding.key);
    return entry ? entry->line : 0;
}

void ConfigurationPanel::showFindingDetail(const Config::Finding& finding)
{
    const int line = findingLine(finding);
    QStringList parts;
    QString head = QStringLiteral("<b>%1</b>").arg(FindingsView::severityText(finding.severity).toHtmlEscaped());
    if (!finding.key.isEmpty())
        head += QStringLiteral(" · <code>%1</code>").arg(finding.key.toHtmlEscaped());
    if (line > 0)
        head += QStringLiteral(" · ") + tr("line %1").arg(line);
    parts << head << finding.message.toHtmlEscaped();
    if (!finding.fix.isEmpty())
        parts << tr("<b>Fix:</b> %1").arg(finding.fix.toHtmlEscaped());
    if (!finding.section.isEmpty())
        parts << tr("Reference: %1").arg(finding.section.toHtmlEscaped());
    m_ui->findingDetail->setText(parts.join(QStringLiteral("<br>")));
    m_ui->findingDetail->setAccessibleDescription(m_ui->findingDetail->text());
    m_ui->findingDetail->show();
}

void ConfigurationPanel::clearFindingDetail()
{
    m_ui->findingDetail->clear();
    m_ui->findingDetail->hide();
}

void ConfigurationPanel::updateFindingsHeader()
{
    const int count = static_cast<int>(m_document->findings().size());
    QString text = count == 0 ? tr("&Problems") : tr("&Problems (%1)").arg(count);
    // While the editor's text does not parse, the findings are those of the last valid text.
    if (!m_ui->parseErrorBar->isHidden())
        text += QStringLiteral(" — ") + tr("of the last text that parsed");
    m_ui->findingsHeader->setText(text);
}

void ConfigurationPanel::updateTitle()
{
    const QString path = m_document->path();
    m_ui->titleLabel->setText(path.isEmpty() ? tr("Untitled apm-server.yml (not saved yet)")
                                             : QDir::toNativeSeparators(path));
    m_ui->titleLabel->setToolTip(m_ui->titleLabel->text());
}
