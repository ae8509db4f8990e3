// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QPalette>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

// Syntax highlighting for apm-server.yml: comments, keys, quoted strings, `${NAME}` references,
// booleans/numbers/null and list dashes. Colours come from the palette (light and dark).
class YamlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    enum class Kind { Comment, Key, String, Reference, Literal, Dash };

    explicit YamlHighlighter(QTextDocument* document);

    // Derives the formats from `palette` and re-highlights the document.
    void setPalette(const QPalette& palette);
    // The format used for one kind of token.
    QTextCharFormat format(Kind kind) const;

protected:
    void highlightBlock(const QString& text) override;

private:
    void highlightValue(const QString& text, int start, int end);

    QTextCharFormat m_comment;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_reference;
    QTextCharFormat m_literal;
    QTextCharFormat m_dash;
};
