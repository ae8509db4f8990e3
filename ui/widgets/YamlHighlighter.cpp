// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "widgets/YamlHighlighter.h"

#include "support/Palette.h"

#include <QGuiApplication>
#include <QRegularExpression>

namespace {

// Index of the '#' that starts a comment (outside quotes, at the start or after a blank), or -1.
int commentStart(const QString& text)
{
    QChar quote;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else if (c == QLatin1Char('\\') && quote == QLatin1Char('"'))
                ++i;
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            // A quote only opens a string at the start of a scalar.
            if (i == 0 || text.at(i - 1).isSpace() || QStringLiteral("[{,:-").contains(text.at(i - 1)))
                quote = c;
        } else if (c == QLatin1Char('#') && (i == 0 || text.at(i - 1).isSpace())) {
            return i;
        }
    }
    return -1;
}

} // namespace

YamlHighlighter::YamlHighlighter(QTextDocument* document) : QSyntaxHighlighter(document)
{
    setPalette(QGuiApplication::palette());
}

void YamlHighlighter::setPalette(const QPalette& palette)
{
    using namespace Palette;
    const QColor muted = palette.color(QPalette::PlaceholderText);
    m_comment = {};
    m_comment.setForeground(muted);
    m_comment.setFontItalic(true);
    m_key = {};
    m_key.setForeground(readable(palette, QColor(0x1f, 0x5f, 0xbf)));
    m_string = {};
    m_string.setForeground(readable(palette, QColor(0x2e, 0x7d, 0x32)));
    m_reference = {};
    m_reference.setForeground(readable(palette, QColor(0x8e, 0x24, 0xaa)));
    m_reference.setFontWeight(QFont::Bold);
    m_literal = {};
    m_literal.setForeground(readable(palette, QColor(0xc6, 0x28, 0x28)));
    m_dash = {};
    m_dash.setForeground(palette.color(QPalette::Text));
    m_dash.setFontWeight(QFont::Bold);
    rehighlight();
}

QTextCharFormat YamlHighlighter::format(Kind kind) const
{
    switch (kind) {
    case Kind::Comment:
        return m_comment;
    case Kind::Key:
        return m_key;
    case Kind::String:
        return m_string;
    case Kind::Reference:
        return m_reference;
    case Kind::Literal:
        return m_literal;
    case Kind::Dash:
        return m_dash;
    }
    return {};
}

void YamlHighlighter::highlightBlock(const QString& text)
{
    const int comment = commentStart(text);
    const int end = comment < 0 ? static_cast<int>(text.size()) : comment;
    if (comment >= 0)
        setFormat(comment, static_cast<int>(text.size()) - comment, m_comment);

    // Leading list dashes ("- ", "- - "), then an optional "key:" and the value after it.
    int pos = 0;
    while (pos < end && text.at(pos).isSpace())
        ++pos;
    while (pos < end && text.at(pos) == QLatin1Char('-') && (pos + 1 >= end || text.at(pos + 1).isSpace())) {
        setFormat(pos, 1, m_dash);
        ++pos;
        while (pos < end && text.at(pos).isSpace())
            ++pos;
    }
    if (pos >= end)
        return;

    static const QRegularExpression keyRe(QStringLiteral(R"(\G("[^"]*"|'[^']*'|[^\s#'"{\[][^#]*?)\s*:(?=\s|$))"));
    const QString head = text.left(end);
    const QRegularExpressionMatch m = keyRe.match(head, pos);
    if (m.hasMatch()) {
        setFormat(static_cast<int>(m.capturedStart(1)), static_cast<int>(m.capturedLength(1)), m_key);
        pos = static_cast<int>(m.capturedEnd());
    }
    highlightValue(text, pos, end);
}

void YamlHighlighter::highlightValue(const QString& text, int start, int end)
{
    const QString value = text.mid(start, end - start).trimmed();
    if (value.isEmpty())
        return;
    const int valueStart = static_cast<int>(text.indexOf(value, start));

    static const QRegularExpression literalRe(QStringLiteral(
        R"(^(true|false|True|False|TRUE|FALSE|yes|no|on|off|null|Null|NULL|~|[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|0x[0-9a-fA-F]+|\.inf|\.nan)(ms|s|m|h)?)$)"));
    if (value.startsWith(QLatin1Char('"')) || value.startsWith(QLatin1Char('\'')))
        setFormat(valueStart, static_cast<int>(value.size()), m_string);
    else if (literalRe.match(value).hasMatch())
        setFormat(valueStart, static_cast<int>(value.size()), m_literal);

    // ${NAME} and ${NAME:default} references anywhere in the value, quoted or not.
    static const QRegularExpression refRe(QStringLiteral(R"(\$\{[^}\s]+\})"));
    auto it = refRe.globalMatch(text.left(end), start);
    while (it.hasNext()) {
        const auto r = it.next();
        setFormat(static_cast<int>(r.capturedStart()), static_cast<int>(r.capturedLength()), m_reference);
    }
}
