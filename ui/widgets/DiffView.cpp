// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "widgets/DiffView.h"

#include "support/Palette.h"

#include <QEvent>
#include <QFontDatabase>
#include <QTextBlock>

using Config::DiffLine;

DiffView::DiffView(QWidget* parent) : QPlainTextEdit(parent), m_emptyText(tr("No changes."))
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setAccessibleName(tr("Changes"));
    setAccessibleDescription(tr("Unified diff: lines starting with - are removed, lines starting with + are added."));
    render();
}

void DiffView::setTexts(const QString& before, const QString& after)
{
    m_hunks = Config::diffHunks(before, after);
    render();
}

int DiffView::addedLines() const
{
    int n = 0;
    for (const auto& hunk : m_hunks) {
        for (const auto& line : hunk.lines)
            n += line.kind == DiffLine::Kind::Added ? 1 : 0;
    }
    return n;
}

int DiffView::removedLines() const
{
    int n = 0;
    for (const auto& hunk : m_hunks) {
        for (const auto& line : hunk.lines)
            n += line.kind == DiffLine::Kind::Removed ? 1 : 0;
    }
    return n;
}

void DiffView::setEmptyText(const QString& text)
{
    m_emptyText = text;
    render();
}

void DiffView::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}

void DiffView::render()
{
    clear();
    if (m_hunks.isEmpty()) {
        setPlaceholderText(m_emptyText);
        return;
    }
    setPlaceholderText({});
    const QPalette pal = palette();
    const bool dark = Palette::isDark(pal);
    QTextBlockFormat addedBlock;
    addedBlock.setBackground(Palette::tint(pal, Palette::addedColor(pal), dark ? 0.25 : 0.15));
    QTextBlockFormat removedBlock;
    removedBlock.setBackground(Palette::tint(pal, Palette::removedColor(pal), dark ? 0.25 : 0.15));
    QTextBlockFormat headerBlock;
    headerBlock.setBackground(pal.color(QPalette::AlternateBase));
    QTextCharFormat plain;
    plain.setForeground(pal.color(QPalette::Text));
    QTextCharFormat header;
    header.setForeground(pal.color(QPalette::PlaceholderText));

    QTextCursor cursor(document());
    cursor.beginEditBlock();
    bool first = true;
    auto number = [](int n) { return n > 0 ? QStringLiteral("%1").arg(n, 5) : QString(5, QLatin1Char(' ')); };
    for (const auto& hunk : m_hunks) {
        if (!first)
            cursor.insertBlock();
        first = false;
        cursor.setBlockFormat(headerBlock);
        cursor.insertText(hunk.header(), header);
        for (const DiffLine& line : hunk.lines) {
            const bool added = line.kind == DiffLine::Kind::Added;
            const bool removed = line.kind == DiffLine::Kind::Removed;
            cursor.insertBlock(added ? addedBlock : removed ? removedBlock : QTextBlockFormat());
            const QChar mark = added ? QLatin1Char('+') : removed ? QLatin1Char('-') : QLatin1Char(' ');
            cursor.insertText(number(line.oldLine) + QLatin1Char(' ') + number(line.newLine) + QStringLiteral(" ") +
                                  mark + QLatin1Char(' ') + line.text,
                              plain);
            if (line.missingNewline)
                cursor.insertText(QStringLiteral("  ") + tr("(no newline at end of file)"), header);
        }
    }
    cursor.endEditBlock();
    moveCursor(QTextCursor::Start);
}
