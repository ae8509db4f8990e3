// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/ApmServerYaml.h"

#include "core/AtomicFile.h"

#include <QCoreApplication>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>
#include <utility>

namespace Config {

namespace {

// Guards against pathological documents (deep nesting, alias "bombs" that expand exponentially).
constexpr int kMaxDepth = 100;
constexpr int kMaxVisits = 200000;
// A list written in flow style (`key: [a, b]`) must fit on a line this long, otherwise it is
// written as a block sequence.
constexpr int kMaxFlowLine = 100;

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

// ---------------------------------------------------------------------------------------------
// The parsed structure: every key of every mapping reachable from the root through mappings,
// with its position, so that edits can be applied to the original text.

enum class NodeKind { Null, Scalar, Sequence, Map };

struct KeyRec
{
    QStringList parentPath; // dotted path of the mapping holding the key
    QStringList segments;   // the key itself, split at dots (libbeat semantics)
    int line = 0;           // 0-based, as yaml-cpp reports it
    int column = 0;         // 0-based; yaml-cpp does not count a UTF-8 BOM
    NodeKind kind = NodeKind::Null;
    int mapIndex = -1;   // MapRec holding this key
    int childMap = -1;   // MapRec of the value when it is a mapping
    bool flow = false;   // the key sits inside a flow mapping (`{a: b}`)
    bool shared = false; // reached through an alias or inside an anchored node

    QStringList fullPath() const { return parentPath + segments; }
};

struct MapRec
{
    QStringList path;
    int ownerKey = -1; // -1: the document root
    int indent = -1;   // column of the keys of a block mapping
    bool flow = false;
    bool shared = false;
    QList<int> keys;
};

struct Model
{
    QList<YamlEntry> entries;
    QList<KeyRec> keys;
    QList<MapRec> maps; // maps[0] is the root when the document is a mapping
    int indentStep = 2;
};

// A problem found after yaml-cpp accepted the text (positions are 0-based).
struct SyntaxProblem
{
    int line = 0;
    int column = 0;
    QString detail;
};

bool startsWith(const QStringList& list, const QStringList& prefix)
{
    if (prefix.size() > list.size())
        return false;
    return std::equal(prefix.begin(), prefix.end(), list.begin());
}

std::optional<QStringList> splitPath(const QString& path)
{
    if (path.isEmpty())
        return std::nullopt;
    const QStringList segments = path.split(QLatin1Char('.'));
    for (const QString& s : segments) {
        if (s.isEmpty())
            return std::nullopt;
    }
    return segments;
}

// ---------------------------------------------------------------------------------------------
// Text scanning. yaml-cpp reports where a node starts but not where it ends, so the extent of a
// value is found here, on text that yaml-cpp has already accepted.

struct LineTable
{
    QList<qsizetype> starts; // first byte of each line
    QList<qsizetype> ends;   // end of each line's content (before "\r\n" or "\n")
    QList<qsizetype> nexts;  // start of the following line (or the text's size)

    explicit LineTable(const QByteArray& text)
    {
        qsizetype pos = 0;
        while (true) {
            const qsizetype nl = text.indexOf('\n', pos);
            starts.append(pos);
            if (nl < 0) {
                ends.append(text.size());
                nexts.append(text.size());
                break;
            }
            ends.append(nl > pos && text.at(nl - 1) == '\r' ? nl - 1 : nl);
            nexts.append(nl + 1);
            pos = nl + 1;
        }
    }

    int count() const { return static_cast<int>(starts.size()); }

    int lineOf(qsizetype offset) const
    {
        const auto it = std::upper_bound(starts.begin(), starts.end(), offset);
        return static_cast<int>(std::distance(starts.begin(), it)) - 1;
    }
};

enum class Style {
    Empty, // nothing after `key:` (a null)
    Block, // the value is on the following lines (block mapping/sequence, or a scalar)
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Flow,        // `[...]` or `{...}`
    BlockScalar, // `|` or `>`
    Alias,       // `*name`
};

// Where a key's value sits in the text.
struct Span
{
    Style style = Style::Empty;
    qsizetype colonEnd = 0; // just after the key's ':'
    qsizetype start = 0;    // first byte of the value (properties included)
    qsizetype content = 0;  // first byte after the properties
    qsizetype end = 0;      // end of the value (a trailing comment and spaces excluded)
    int endLine = 0;        // line holding `end`
    int firstLine = -1;     // Style::Block: first and last content line
    int lastLine = -1;
    int blockIndent = 0;   // Style::Block: indentation of the first content line
    bool blockSeq = false; // Style::Block: the content is a block sequence (`- a`)
    bool anchor = false;   // `&name` before the value
    bool tag = false;      // `!tag` before the value
};

struct Head
{
    qsizetype colonEnd = 0;
    qsizetype start = 0;
    qsizetype content = 0;
    bool anchor = false;
    bool tag = false;
    bool alias = false;
};

class Scanner
{
public:
    explicit Scanner(const QByteArray& text)
        : m_text(text), m_lines(text), m_bom(text.startsWith("\xEF\xBB\xBF") ? 3 : 0)
    {
    }

    const QByteArray& text() const { return m_text; }
    const LineTable& lines() const { return m_lines; }

    // yaml-cpp's columns do not count a UTF-8 byte order mark; the text does.
    qsizetype lineStart(int line) const { return m_lines.starts.at(line) + (line == 0 ? m_bom : 0); }

    std::optional<qsizetype> offsetOf(int line, int column) const
    {
        if (line < 0 || line >= m_lines.count() || column < 0)
            return std::nullopt;
        const qsizetype offset = lineStart(line) + column;
        if (offset > m_lines.ends.at(line))
            return std::nullopt;
        return offset;
    }

    int indentOf(int line) const
    {
        const qsizetype start = lineStart(line);
        qsizetype i = start;
        while (i < m_lines.ends.at(line) && m_text.at(i) == ' ')
            ++i;
        return static_cast<int>(i - start);
    }

    bool isBlankOrComment(int line) const
    {
        qsizetype i = lineStart(line);
        const qsizetype end = m_lines.ends.at(line);
        while (i < end && isBlank(m_text.at(i)))
            ++i;
        return i >= end || m_text.at(i) == '#';
    }

    bool isWhitespaceOnly(int line) const
    {
        for (qsizetype i = lineStart(line); i < m_lines.ends.at(line); ++i) {
            if (!isBlank(m_text.at(i)))
                return false;
        }
        return true;
    }

    bool isSeqItem(int line) const
    {
        const qsizetype i = lineStart(line) + indentOf(line);
        const qsizetype end = m_lines.ends.at(line);
        return i < end && m_text.at(i) == '-' && (i + 1 == end || isBlank(m_text.at(i + 1)));
    }

    qsizetype skipBlanks(qsizetype i, qsizetype end) const
    {
        while (i < end && isBlank(m_text.at(i)))
            ++i;
        return i;
    }

    // Skips node properties (`!tag`, `&anchor`) and the blanks after them.
    qsizetype skipProperties(qsizetype i, qsizetype end, bool* anchor, bool* tag) const
    {
        while (i < end && (m_text.at(i) == '!' || m_text.at(i) == '&')) {
            if (m_text.at(i) == '&')
                *anchor = true;
            else
                *tag = true;
            while (i < end && !isBlank(m_text.at(i)))
                ++i;
            i = skipBlanks(i, end);
        }
        return i;
    }

    // Offset just after the closing quote of the quoted scalar starting at `at`, or -1.
    qsizetype endOfQuoted(qsizetype at) const
    {
        const char quote = m_text.at(at);
        for (qsizetype i = at + 1; i < m_text.size(); ++i) {
            const char c = m_text.at(i);
            if (quote == '"' && c == '\\') {
                ++i; // the escaped character, whatever it is
            } else if (c == quote) {
                // In single quotes, '' is an escaped quote, not the end.
                if (quote == '\'' && i + 1 < m_text.size() && m_text.at(i + 1) == '\'')
                    ++i;
                else
                    return i + 1;
            }
        }
        return -1;
    }

    // Offset just after the bracket closing the flow collection starting at `at`, or -1.
    qsizetype endOfFlow(qsizetype at) const
    {
        int depth = 0;
        char previous = 0; // last significant character
        for (qsizetype i = at; i < m_text.size(); ++i) {
            const char c = m_text.at(i);
            if ((c == '"' || c == '\'') && (previous == 0 || QByteArrayView("[{,:?").contains(previous))) {
                // A quote only opens a quoted scalar where a scalar starts; inside a plain scalar
                // (`[it's]`) it is an ordinary character.
                const qsizetype e = endOfQuoted(i);
                if (e < 0)
                    return -1;
                i = e - 1;
                previous = c;
                continue;
            }
            if (c == '#' && i > at && (isBlank(m_text.at(i - 1)) || m_text.at(i - 1) == '\n')) {
                while (i < m_text.size() && m_text.at(i) != '\n')
                    ++i;
                continue;
            }
            if (c == '[' || c == '{') {
                ++depth;
            } else if (c == ']' || c == '}') {
                if (--depth == 0)
                    return i + 1;
            }
            if (!isBlank(c) && c != '\n' && c != '\r')
                previous = c;
        }
        return -1;
    }

    // Offset just after the ':' that ends the key starting at `keyOffset` on its line, or -1.
    qsizetype findColon(qsizetype keyOffset, qsizetype lineEnd) const
    {
        bool anchor = false;
        bool tag = false;
        qsizetype i = skipProperties(keyOffset, lineEnd, &anchor, &tag);
        if (i < lineEnd && (m_text.at(i) == '"' || m_text.at(i) == '\'')) {
            const qsizetype e = endOfQuoted(i);
            if (e < 0 || e > lineEnd)
                return -1;
            i = skipBlanks(e, lineEnd);
            return i < lineEnd && m_text.at(i) == ':' ? i + 1 : -1;
        }
        for (; i < lineEnd; ++i) {
            if (m_text.at(i) == ':' && (i + 1 == lineEnd || isBlank(m_text.at(i + 1))))
                return i + 1;
        }
        return -1;
    }

    // The key, its ':' and what directly follows on the key's line. Only for keys of block
    // mappings, which start their line.
    std::optional<Head> valueHead(const KeyRec& key) const
    {
        const std::optional<qsizetype> keyOffset = offsetOf(key.line, key.column);
        if (!keyOffset)
            return std::nullopt;
        for (qsizetype i = lineStart(key.line); i < *keyOffset; ++i) {
            if (m_text.at(i) != ' ')
                return std::nullopt;
        }
        const qsizetype lineEnd = m_lines.ends.at(key.line);
        const qsizetype colonEnd = findColon(*keyOffset, lineEnd);
        if (colonEnd < 0)
            return std::nullopt;
        Head head;
        head.colonEnd = colonEnd;
        head.start = skipBlanks(colonEnd, lineEnd);
        head.content = skipProperties(head.start, lineEnd, &head.anchor, &head.tag);
        head.alias = head.content < lineEnd && m_text.at(head.content) == '*';
        return head;
    }

    std::optional<Span> valueSpan(const KeyRec& key) const
    {
        const std::optional<Head> head = valueHead(key);
        if (!head)
            return std::nullopt;
        const qsizetype lineEnd = m_lines.ends.at(key.line);
        Span span;
        span.colonEnd = head->colonEnd;
        span.start = head->start;
        span.content = head->content;
        span.anchor = head->anchor;
        span.tag = head->tag;
        const qsizetype i = head->content;
        if (i >= lineEnd || m_text.at(i) == '#') {
            scanBlock(key, &span);
        } else {
            switch (m_text.at(i)) {
            case '"':
            case '\'':
                span.style = m_text.at(i) == '"' ? Style::DoubleQuoted : Style::SingleQuoted;
                span.end = endOfQuoted(i);
                break;
            case '[':
            case '{':
                span.style = Style::Flow;
                span.end = endOfFlow(i);
                break;
            case '|':
            case '>':
                span.style = Style::BlockScalar;
                span.end = endOfBlockScalar(key, i);
                break;
            case '*': {
                span.style = Style::Alias;
                qsizetype e = i;
                while (e < lineEnd && !isBlank(m_text.at(e)))
                    ++e;
                span.end = e;
                break;
            }
            default:
                span.style = Style::Plain;
                span.end = endOfPlain(key, i);
                break;
            }
            if (span.end < 0)
                return std::nullopt;
            span.endLine = m_lines.lineOf(span.end);
        }
        if (!consistent(key, span))
            return std::nullopt;
        return span;
    }

private:
    // A value on the lines after `key:`: lines indented deeper than the key, and (for a block
    // sequence) `- ` lines at the key's own column, which YAML allows for mapping values.
    void scanBlock(const KeyRec& key, Span* span) const
    {
        int first = -1;
        int last = -1;
        bool seqAtKeyColumn = false;
        for (int l = key.line + 1; l < m_lines.count(); ++l) {
            if (isBlankOrComment(l))
                continue;
            const int indent = indentOf(l);
            const bool item = indent == key.column && isSeqItem(l);
            if (indent > key.column || (item && (first < 0 || seqAtKeyColumn))) {
                if (first < 0) {
                    first = l;
                    seqAtKeyColumn = indent == key.column;
                }
                last = l;
            } else {
                break;
            }
        }
        if (first < 0) {
            span->style = Style::Empty;
            span->start = span->content = span->end = span->colonEnd;
            span->endLine = key.line;
            return;
        }
        span->style = Style::Block;
        span->firstLine = first;
        span->lastLine = last;
        span->blockIndent = indentOf(first);
        span->blockSeq = isSeqItem(first);
        span->end = m_lines.ends.at(last);
        span->endLine = last;
    }

    qsizetype endOfBlockScalar(const KeyRec& key, qsizetype header) const
    {
        // An explicit indentation indicator (`|2`) is relative to the parent's indentation.
        int contentIndent = -1;
        for (qsizetype i = header + 1; i < m_lines.ends.at(key.line) && !isBlank(m_text.at(i)); ++i) {
            const char c = m_text.at(i);
            if (c >= '1' && c <= '9')
                contentIndent = key.column + (c - '0');
        }
        qsizetype end = m_lines.ends.at(key.line);
        for (int l = key.line + 1; l < m_lines.count(); ++l) {
            if (isWhitespaceOnly(l))
                continue;
            const int indent = indentOf(l);
            if (contentIndent < 0) {
                if (indent <= key.column)
                    break;
                contentIndent = indent;
            }
            if (indent < contentIndent)
                break;
            end = m_lines.ends.at(l);
        }
        return end;
    }

    // End of the plain scalar text on one line: a comment starts at " #".
    qsizetype plainEndOnLine(qsizetype from, qsizetype lineEnd, bool* comment) const
    {
        qsizetype e = from;
        *comment = false;
        for (; e < lineEnd; ++e) {
            if (m_text.at(e) == '#' && e > from && isBlank(m_text.at(e - 1))) {
                *comment = true;
                break;
            }
        }
        while (e > from && isBlank(m_text.at(e - 1)))
            --e;
        return e;
    }

    // A plain scalar continues on following lines indented deeper than its key.
    qsizetype endOfPlain(const KeyRec& key, qsizetype from) const
    {
        bool comment = false;
        qsizetype end = plainEndOnLine(from, m_lines.ends.at(key.line), &comment);
        if (comment)
            return end;
        for (int l = key.line + 1; l < m_lines.count(); ++l) {
            if (isWhitespaceOnly(l))
                continue;
            if (isBlankOrComment(l))
                break;
            const int indent = indentOf(l);
            if (indent <= key.column)
                break;
            end = plainEndOnLine(lineStart(l) + indent, m_lines.ends.at(l), &comment);
            if (comment)
                break;
        }
        return end;
    }

    // The text scan must agree with what yaml-cpp parsed; otherwise the value is not edited.
    bool consistent(const KeyRec& key, const Span& span) const
    {
        switch (span.style) {
        case Style::Empty:
            return key.kind == NodeKind::Null;
        case Style::Block:
            return key.kind != NodeKind::Null;
        case Style::Plain:
            return key.kind == NodeKind::Scalar || key.kind == NodeKind::Null;
        case Style::SingleQuoted:
        case Style::DoubleQuoted:
        case Style::BlockScalar:
            return key.kind == NodeKind::Scalar;
        case Style::Flow:
            return m_text.at(span.content) == '[' ? key.kind == NodeKind::Sequence : key.kind == NodeKind::Map;
        case Style::Alias:
            return true;
        }
        return false;
    }

    const QByteArray& m_text;
    LineTable m_lines;
    qsizetype m_bom = 0;
};

// ---------------------------------------------------------------------------------------------
// Building the model from yaml-cpp's tree.

NodeKind kindOf(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Scalar:
        return NodeKind::Scalar;
    case YAML::NodeType::Sequence:
        return NodeKind::Sequence;
    case YAML::NodeType::Map:
        return NodeKind::Map;
    default:
        return NodeKind::Null;
    }
}

QString fromStd(const std::string& s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::optional<QStringList> scalarList(const YAML::Node& node)
{
    QStringList list;
    for (const YAML::Node& item : node) {
        if (!item.IsScalar())
            return std::nullopt;
        list.append(fromStd(item.Scalar()));
    }
    return list;
}

std::optional<QList<QPair<QString, QStringList>>> flatMap(const YAML::Node& node)
{
    QList<QPair<QString, QStringList>> map;
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar())
            return std::nullopt;
        QStringList values;
        const YAML::Node value = it->second;
        if (value.IsScalar()) {
            values.append(fromStd(value.Scalar()));
        } else if (value.IsSequence()) {
            const std::optional<QStringList> list = scalarList(value);
            if (!list)
                return std::nullopt;
            values = *list;
        } else if (!value.IsNull()) {
            return std::nullopt;
        }
        map.append({fromStd(it->first.Scalar()), values});
    }
    return map;
}

class ModelBuilder
{
public:
    explicit ModelBuilder(const Scanner& scanner) : m_scan(scanner) {}

    Model build(const YAML::Node& root)
    {
        lint(root, 0);
        walkMap(root, {}, -1, false, false, 0);
        computeIndentStep();
        return std::move(m_model);
    }

private:
    // Checks yaml-cpp does not make: it accepts a quoted scalar left open at the end of the
    // file, and a key with no name (`: x`), which libbeat cannot use.
    void lint(const YAML::Node& node, int depth)
    {
        if (depth > kMaxDepth || ++m_visits > kMaxVisits) {
            const YAML::Mark mark = node.Mark();
            throw SyntaxProblem{mark.line, mark.column, QStringLiteral("nesting too deep or too many aliases")};
        }
        switch (node.Type()) {
        case YAML::NodeType::Map:
            for (auto it = node.begin(); it != node.end(); ++it) {
                if (it->first.IsNull()) {
                    const YAML::Mark mark = it->first.Mark();
                    throw SyntaxProblem{mark.line, mark.column, QStringLiteral("a key has no name")};
                }
                lint(it->first, depth + 1);
                lint(it->second, depth + 1);
            }
            break;
        case YAML::NodeType::Sequence:
            for (const YAML::Node& item : node)
                lint(item, depth + 1);
            break;
        case YAML::NodeType::Scalar:
            checkQuoteClosed(node);
            break;
        default:
            break;
        }
    }

    void checkQuoteClosed(const YAML::Node& node) const
    {
        if (node.Tag() != "!") // "!" marks a non-plain scalar (quoted or block)
            return;
        const YAML::Mark mark = node.Mark();
        const std::optional<qsizetype> offset = m_scan.offsetOf(mark.line, mark.column);
        if (!offset)
            return;
        const qsizetype lineEnd = m_scan.lines().ends.at(mark.line);
        bool anchor = false;
        bool tag = false;
        const qsizetype i = m_scan.skipProperties(*offset, lineEnd, &anchor, &tag);
        if (i < lineEnd && (m_scan.text().at(i) == '"' || m_scan.text().at(i) == '\'') && m_scan.endOfQuoted(i) < 0)
            throw SyntaxProblem{mark.line, mark.column, QStringLiteral("a quoted value is not closed")};
    }

    void walkMap(const YAML::Node& node, const QStringList& path, int ownerKey, bool flow, bool shared, int depth)
    {
        const int mapIndex = static_cast<int>(m_model.maps.size());
        MapRec map;
        map.path = path;
        map.ownerKey = ownerKey;
        map.flow = flow || node.Style() == YAML::EmitterStyle::Flow;
        map.shared = shared;
        m_model.maps.append(map);
        for (auto it = node.begin(); it != node.end(); ++it) {
            const YAML::Node key = it->first;
            const YAML::Node value = it->second;
            if (!key.IsScalar())
                continue; // complex keys (`? [a, b]`) cannot be addressed by a dotted path
            const YAML::Mark mark = key.Mark();
            KeyRec rec;
            rec.parentPath = path;
            // libbeat (go-ucfg) treats dots in keys as nesting: `rum.enabled: true` is rum → enabled.
            rec.segments = fromStd(key.Scalar()).split(QLatin1Char('.'));
            rec.line = mark.line;
            rec.column = mark.column;
            rec.kind = kindOf(value);
            rec.mapIndex = mapIndex;
            rec.flow = map.flow;
            rec.shared = shared;
            if (m_model.maps[mapIndex].indent < 0)
                m_model.maps[mapIndex].indent = rec.column;
            bool valueShared = shared;
            if (!shared && !map.flow) {
                // An alias shares the anchored node: its keys carry the anchor's positions, and
                // an edit there would change both places.
                if (const std::optional<Head> head = m_scan.valueHead(rec))
                    valueShared = head->anchor || head->alias;
            }
            const int keyIndex = static_cast<int>(m_model.keys.size());
            m_model.keys.append(rec);
            m_model.maps[mapIndex].keys.append(keyIndex);
            const QStringList full = rec.fullPath();
            addEntry(full, value, mark);
            if (value.IsMap() && depth < kMaxDepth) {
                m_model.keys[keyIndex].childMap = static_cast<int>(m_model.maps.size());
                walkMap(value, full, keyIndex, map.flow, valueShared, depth + 1);
            }
        }
    }

    void addEntry(const QStringList& path, const YAML::Node& value, const YAML::Mark& mark)
    {
        YamlEntry entry;
        entry.path = path.join(QLatin1Char('.'));
        entry.line = mark.line + 1;
        entry.column = mark.column + 1;
        switch (value.Type()) {
        case YAML::NodeType::Scalar:
            entry.value = YamlValue::fromScalar(fromStd(value.Scalar()));
            break;
        case YAML::NodeType::Sequence:
            if (const std::optional<QStringList> list = scalarList(value))
                entry.value = YamlValue::fromList(*list);
            else
                return;
            break;
        case YAML::NodeType::Map:
            if (const auto map = flatMap(value))
                entry.value = YamlValue::fromMap(*map);
            else
                return;
            break;
        default:
            break; // null
        }
        m_model.entries.append(entry);
    }

    void computeIndentStep()
    {
        for (const MapRec& map : std::as_const(m_model.maps)) {
            if (map.ownerKey < 0 || map.flow || map.indent < 0)
                continue;
            const MapRec& parent = m_model.maps.at(m_model.keys.at(map.ownerKey).mapIndex);
            if (parent.flow || parent.indent < 0)
                continue;
            const int step = map.indent - parent.indent;
            if (step > 0) {
                m_model.indentStep = step;
                return;
            }
        }
    }

    const Scanner& m_scan;
    Model m_model;
    int m_visits = 0;
};

// ---------------------------------------------------------------------------------------------
// Rendering values.

bool needsEscapes(const QString& s)
{
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7F || (u >= 0x80 && u <= 0x9F) || u == 0x2028 || u == 0x2029 || u == 0xFEFF)
            return true;
    }
    return false;
}

// Whether `s` can be written as a plain (unquoted) scalar and read back as the same text.
bool isPlainSafe(const QString& s, bool flow)
{
    if (s.isEmpty() || needsEscapes(s))
        return false;
    // A plain `~` or `null` reads back as a YAML null, not as the string.
    if (s == u"~" || s == u"null" || s == u"Null" || s == u"NULL")
        return false;
    if (QStringView(u"-?:,[]{}#&*!|>'\"%@`").contains(s.front()))
        return false;
    if (s.front().isSpace() || s.back().isSpace())
        return false;
    if (s.contains(QLatin1String(": ")) || s.contains(QLatin1String(" #")) || s.endsWith(QLatin1Char(':')))
        return false;
    if (flow) {
        // Flow indicators end a plain scalar inside [ ]; yaml-cpp also reads `?` there as the
        // start of a mapping key (`[x?y]` fails to parse), so those are quoted too.
        for (const QChar c : s) {
            if (QStringView(u",[]{}?").contains(c))
                return false;
        }
    }
    return true;
}

QByteArray doubleQuoted(const QString& s)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : s) {
        switch (c.unicode()) {
        case u'\\':
            out += QLatin1String("\\\\");
            break;
        case u'"':
            out += QLatin1String("\\\"");
            break;
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        case u'\0':
            out += QLatin1String("\\0");
            break;
        default:
            if (needsEscapes(QString(c)))
                out += QStringLiteral("\\u%1").arg(static_cast<uint>(c.unicode()), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out.toUtf8();
}

QByteArray renderScalar(const QString& s, bool flow)
{
    if (isPlainSafe(s, flow))
        return s.toUtf8();
    if (needsEscapes(s))
        return doubleQuoted(s);
    QString quoted = s;
    quoted.replace(QLatin1Char('\''), QLatin1String("''"));
    return "'" + quoted.toUtf8() + "'";
}

QByteArray renderFlowList(const QStringList& list)
{
    QByteArrayList items;
    for (const QString& s : list)
        items.append(renderScalar(s, true));
    return "[" + items.join(", ") + "]";
}

QByteArray renderMapValue(const QStringList& values, bool flow)
{
    return values.size() == 1 ? renderScalar(values.first(), flow) : renderFlowList(values);
}

QByteArray renderFlowMap(const QList<QPair<QString, QStringList>>& map)
{
    QByteArrayList items;
    for (const auto& [key, values] : map)
        items.append(renderScalar(key, true) + ": " + renderMapValue(values, true));
    return "{" + items.join(", ") + "}";
}

QByteArray renderInlineScalar(const YamlValue& value)
{
    return value.kind == YamlValue::Kind::Null ? QByteArray("null") : renderScalar(value.scalar, false);
}

QByteArrayList blockListLines(const QStringList& list, int indent)
{
    QByteArrayList lines;
    for (const QString& s : list)
        lines.append(QByteArray(indent, ' ') + "- " + renderScalar(s, false));
    return lines;
}

QByteArrayList blockMapLines(const QList<QPair<QString, QStringList>>& map, int indent)
{
    QByteArrayList lines;
    for (const auto& [key, values] : map)
        lines.append(QByteArray(indent, ' ') + renderScalar(key, false) + ": " + renderMapValue(values, false));
    return lines;
}

YamlValue normalized(const YamlValue& v)
{
    switch (v.kind) {
    case YamlValue::Kind::Scalar:
        return YamlValue::fromScalar(v.scalar);
    case YamlValue::Kind::List:
        return YamlValue::fromList(v.list);
    case YamlValue::Kind::Map:
        return YamlValue::fromMap(v.map);
    case YamlValue::Kind::Null:
        break;
    }
    return YamlValue{};
}

// ---------------------------------------------------------------------------------------------
// Planning edits on the original text.

struct Edit
{
    qsizetype offset = 0;
    qsizetype length = 0;
    QByteArray text;
};

std::optional<QByteArray> applyEdits(QByteArray text, QList<Edit> edits)
{
    std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.offset > b.offset; });
    qsizetype limit = text.size();
    for (const Edit& e : std::as_const(edits)) {
        if (e.offset < 0 || e.length < 0 || e.offset + e.length > limit)
            return std::nullopt; // overlapping edits: a bug, never a silent corruption
        text.replace(e.offset, e.length, e.text);
        limit = e.offset;
    }
    return text;
}

Core::Error editError(const QString& message, const QString& detail = {})
{
    return Core::makeError(QStringLiteral("yaml.edit"), message, detail);
}

class Editor
{
public:
    Editor(const QByteArray& text, const Model& model)
        : m_text(text), m_scan(text), m_model(model),
          m_nl(text.indexOf('\n') > 0 && text.at(text.indexOf('\n') - 1) == '\r' ? "\r\n" : "\n")
    {
    }

    Core::Result<QList<Edit>> planSet(const QStringList& path, const QString& name, const YamlValue& value) const
    {
        int exact = -1;
        bool covering = false;
        for (int i = 0; i < m_model.keys.size(); ++i) {
            const KeyRec& key = m_model.keys.at(i);
            const QStringList full = key.fullPath();
            if (full == path)
                exact = i; // the last one wins, as in libbeat and value()
            else if (startsWith(full, path) && key.parentPath.size() < path.size())
                covering = true;
        }
        if (exact >= 0)
            return planReplace(m_model.keys.at(exact), name, value);
        if (covering)
            return editError(QCoreApplication::translate(
                                 "Config::ApmServerYaml",
                                 "Cannot change %1: the file sets it through dotted keys below it; edit it by hand.")
                                 .arg(name));
        return planInsert(path, name, value);
    }

    Core::Result<QList<Edit>> planRemove(const QStringList& path, const QString& name) const
    {
        QList<Edit> edits;
        for (const KeyRec& key : m_model.keys) {
            if (!startsWith(key.fullPath(), path) || key.parentPath.size() >= path.size())
                continue;
            if (std::optional<Core::Error> error = checkEditable(key, name))
                return *error;
            const std::optional<Span> span = m_scan.valueSpan(key);
            if (!span)
                return unlocatable(name);
            if (span->anchor)
                return aliasError(name);
            const int last = span->style == Style::Block ? span->lastLine : span->endLine;
            const LineTable& lines = m_scan.lines();
            const qsizetype from = m_scan.lineStart(key.line); // a byte order mark stays
            edits.append({from, lines.nexts.at(last) - from, {}});
        }
        return edits;
    }

private:
    static Core::Error unlocatable(const QString& name)
    {
        return editError(QCoreApplication::translate(
                             "Config::ApmServerYaml",
                             "Cannot change %1: its place in the file could not be located safely; edit it by hand.")
                             .arg(name));
    }

    static Core::Error aliasError(const QString& name)
    {
        return editError(QCoreApplication::translate(
                             "Config::ApmServerYaml",
                             "Cannot change %1: it is part of a YAML anchor or alias (& or *); edit it by hand.")
                             .arg(name));
    }

    static Core::Error flowError(const QString& name)
    {
        return editError(QCoreApplication::translate(
                             "Config::ApmServerYaml",
                             "Cannot change %1: its section is written in flow style ({ … }); edit it by hand.")
                             .arg(name));
    }

    std::optional<Core::Error> checkEditable(const KeyRec& key, const QString& name) const
    {
        if (key.flow)
            return flowError(name);
        if (key.shared)
            return aliasError(name);
        return std::nullopt;
    }

    // Writes `text` as the value on the key's line.
    void putInline(const Span& span, const QByteArray& text, QList<Edit>* edits) const
    {
        const LineTable& lines = m_scan.lines();
        switch (span.style) {
        case Style::Empty:
            edits->append({span.colonEnd, 0, " " + text});
            break;
        case Style::Block:
            edits->append({span.colonEnd, 0, " " + text});
            edits->append(
                {lines.starts.at(span.firstLine), lines.nexts.at(span.lastLine) - lines.starts.at(span.firstLine), {}});
            break;
        default:
            edits->append({span.start, span.end - span.start, text});
            break;
        }
    }

    // Writes `blockLines` as the value, on the lines after the key.
    void putBlock(const KeyRec& key, const Span& span, const QByteArrayList& blockLines, QList<Edit>* edits) const
    {
        const LineTable& lines = m_scan.lines();
        const QByteArray block = blockLines.join(m_nl);
        switch (span.style) {
        case Style::Block:
            edits->append({lines.starts.at(span.firstLine),
                           lines.ends.at(span.lastLine) - lines.starts.at(span.firstLine), block});
            break;
        case Style::Empty:
            edits->append({lines.ends.at(key.line), 0, m_nl + block});
            break;
        default:
            // `key: old # comment` → `key: # comment` followed by the block.
            edits->append({span.colonEnd, span.end - span.colonEnd, {}});
            edits->append({lines.ends.at(span.endLine), 0, m_nl + block});
            break;
        }
    }

    bool fitsInline(const KeyRec& key, const QByteArray& flow) const
    {
        return key.column + key.segments.join(QLatin1Char('.')).toUtf8().size() + 2 + flow.size() <= kMaxFlowLine;
    }

    Core::Result<QList<Edit>> planReplace(const KeyRec& key, const QString& name, const YamlValue& value) const
    {
        if (std::optional<Core::Error> error = checkEditable(key, name))
            return *error;
        const std::optional<Span> found = m_scan.valueSpan(key);
        if (!found)
            return unlocatable(name);
        const Span& span = *found;
        if (span.anchor)
            return aliasError(name);
        if ((span.style == Style::Empty || span.style == Style::Block) && span.tag)
            return editError(QCoreApplication::translate("Config::ApmServerYaml",
                                                         "Cannot change %1: its value carries a YAML tag (!); edit "
                                                         "it by hand.")
                                 .arg(name));
        const char first = span.content < m_text.size() ? m_text.at(span.content) : '\0';
        QList<Edit> edits;
        switch (value.kind) {
        case YamlValue::Kind::Null:
        case YamlValue::Kind::Scalar:
            putInline(span, renderInlineScalar(value), &edits);
            break;
        case YamlValue::Kind::List: {
            const QByteArray flow = renderFlowList(value.list);
            if (value.list.isEmpty()) {
                putInline(span, flow, &edits);
            } else if (span.style == Style::Block && span.blockSeq) {
                putBlock(key, span, blockListLines(value.list, span.blockIndent), &edits);
            } else if (span.style == Style::Flow && first == '[') {
                edits.append({span.start, span.end - span.start, flow});
            } else if (fitsInline(key, flow)) {
                putInline(span, flow, &edits);
            } else {
                const int indent = span.style == Style::Block ? span.blockIndent : key.column + m_model.indentStep;
                putBlock(key, span, blockListLines(value.list, indent), &edits);
            }
            break;
        }
        case YamlValue::Kind::Map:
            if (value.map.isEmpty()) {
                putInline(span, "{}", &edits);
            } else if (span.style == Style::Flow && first == '{') {
                edits.append({span.start, span.end - span.start, renderFlowMap(value.map)});
            } else {
                // A mapping must be indented deeper than its key (a sequence may sit at the key's column).
                const int indent = span.style == Style::Block && span.blockIndent > key.column
                                       ? span.blockIndent
                                       : key.column + m_model.indentStep;
                putBlock(key, span, blockMapLines(value.map, indent), &edits);
            }
            break;
        }
        return edits;
    }

    // The lines for `rest` (the missing path segments) as nested block mappings, and the value.
    QByteArrayList newLines(const QStringList& rest, const YamlValue& value, int indent) const
    {
        QByteArrayList lines;
        const int step = m_model.indentStep;
        for (qsizetype i = 0; i + 1 < rest.size(); ++i) {
            lines.append(QByteArray(indent, ' ') + renderScalar(rest.at(i), false) + ":");
            indent += step;
        }
        const QByteArray head = QByteArray(indent, ' ') + renderScalar(rest.last(), false) + ":";
        switch (value.kind) {
        case YamlValue::Kind::Null:
        case YamlValue::Kind::Scalar:
            lines.append(head + " " + renderInlineScalar(value));
            break;
        case YamlValue::Kind::List: {
            const QByteArray flow = renderFlowList(value.list);
            if (value.list.isEmpty() || head.size() + 1 + flow.size() <= kMaxFlowLine) {
                lines.append(head + " " + flow);
            } else {
                lines.append(head);
                lines += blockListLines(value.list, indent + step);
            }
            break;
        }
        case YamlValue::Kind::Map:
            if (value.map.isEmpty()) {
                lines.append(head + " {}");
            } else {
                lines.append(head);
                lines += blockMapLines(value.map, indent + step);
            }
            break;
        }
        return lines;
    }

    // Inserts whole lines after line `line` (after its line break).
    void insertAfterLine(int line, const QByteArrayList& newLines, QList<Edit>* edits) const
    {
        const qsizetype pos = m_scan.lines().nexts.at(line);
        QByteArray text = newLines.join(m_nl) + m_nl;
        if (pos == m_text.size() && !m_text.isEmpty() && !m_text.endsWith('\n'))
            text.prepend(m_nl);
        edits->append({pos, 0, text});
    }

    void appendAtEnd(const QByteArrayList& newLines, QList<Edit>* edits) const
    {
        QByteArray text = newLines.join(m_nl) + m_nl;
        if (!m_text.isEmpty() && !m_text.endsWith('\n'))
            text.prepend(m_nl);
        edits->append({m_text.size(), 0, text});
    }

    Core::Result<QList<Edit>> planInsert(const QStringList& path, const QString& name, const YamlValue& value) const
    {
        // The deepest existing ancestor: a mapping, or a key whose value is empty (`auth:`).
        // Between equally deep ones, the last in the document (the one libbeat lets win).
        int bestDepth = -1;
        int bestLine = -2;
        int bestMap = -1;
        int bestKey = -1;
        for (int i = 0; i < m_model.maps.size(); ++i) {
            const MapRec& map = m_model.maps.at(i);
            const int depth = static_cast<int>(map.path.size());
            const int line = map.ownerKey < 0 ? -1 : m_model.keys.at(map.ownerKey).line;
            if (depth < path.size() && startsWith(path, map.path) &&
                (depth > bestDepth || (depth == bestDepth && line >= bestLine))) {
                bestDepth = depth;
                bestLine = line;
                bestMap = i;
                bestKey = -1;
            }
        }
        for (int i = 0; i < m_model.keys.size(); ++i) {
            const KeyRec& key = m_model.keys.at(i);
            if (key.kind == NodeKind::Map)
                continue; // covered by its MapRec
            const QStringList full = key.fullPath();
            const int depth = static_cast<int>(full.size());
            if (depth < path.size() && startsWith(path, full) &&
                (depth > bestDepth || (depth == bestDepth && key.line >= bestLine))) {
                bestDepth = depth;
                bestLine = key.line;
                bestMap = -1;
                bestKey = i;
            }
        }

        QList<Edit> edits;
        if (bestMap < 0 && bestKey < 0) {
            // An empty document: start it.
            appendAtEnd(newLines(path, value, 0), &edits);
            return edits;
        }
        const QStringList rest = path.mid(bestDepth);
        if (bestKey >= 0) {
            const KeyRec& key = m_model.keys.at(bestKey);
            if (key.kind != NodeKind::Null)
                return editError(QCoreApplication::translate("Config::ApmServerYaml",
                                                             "Cannot add %1: %2 already has a value that is not a "
                                                             "section of settings.")
                                     .arg(name, key.fullPath().join(QLatin1Char('.'))));
            if (std::optional<Core::Error> error = checkEditable(key, name))
                return *error;
            const std::optional<Span> span = m_scan.valueSpan(key);
            if (!span)
                return unlocatable(name);
            if (span->anchor || span->tag)
                return aliasError(name);
            const QByteArrayList lines = newLines(rest, value, key.column + m_model.indentStep);
            if (span->style == Style::Plain) // an explicit `~` or `null`
                edits.append({span->colonEnd, span->end - span->colonEnd, {}});
            else if (span->style != Style::Empty)
                return unlocatable(name);
            insertAfterLine(span->endLine, lines, &edits);
            return edits;
        }
        const MapRec& map = m_model.maps.at(bestMap);
        if (map.flow)
            return flowError(name);
        if (map.shared)
            return aliasError(name);
        const int indent = std::max(map.indent, 0);
        if (map.ownerKey < 0) {
            // Nothing of the path exists yet: append the whole section at the end.
            appendAtEnd(newLines(rest, value, indent), &edits);
            return edits;
        }
        if (map.keys.isEmpty())
            return unlocatable(name);
        // Directly after the last content line of the mapping's last child, so that comment
        // blocks that follow (often commented-out settings of the next section) stay below.
        const KeyRec& last = m_model.keys.at(map.keys.last());
        if (last.flow || last.shared)
            return unlocatable(name);
        const std::optional<Span> span = m_scan.valueSpan(last);
        if (!span)
            return unlocatable(name);
        insertAfterLine(span->style == Style::Block ? span->lastLine : span->endLine, newLines(rest, value, indent),
                        &edits);
        return edits;
    }

    const QByteArray& m_text;
    Scanner m_scan;
    const Model& m_model;
    QByteArray m_nl;
};

Core::Error syntaxError(const QString& sourceName, int line, int column, const QString& detail)
{
    const int l = std::max(line, 0) + 1;
    const int c = std::max(column, 0) + 1;
    const QString message =
        sourceName.isEmpty()
            ? QCoreApplication::translate("Config::ApmServerYaml",
                                          "The configuration is not valid YAML: the problem is at line %1, column %2.")
                  .arg(l)
                  .arg(c)
            : QCoreApplication::translate("Config::ApmServerYaml",
                                          "%1 is not valid YAML: the problem is at line %2, column %3.")
                  .arg(sourceName)
                  .arg(l)
                  .arg(c);
    return Core::makeError(QStringLiteral("yaml.parse"), message, detail,
                           QCoreApplication::translate("Config::ApmServerYaml",
                                                       "Check the indentation (spaces, not tabs), quotes and "
                                                       "brackets near that position."));
}

} // namespace

// -------------------------------------------------------------------------------------------------

struct ApmServerYaml::Private
{
    QByteArray text;
    QString sourceName;
    Model model;

    // Applies the edits, re-parses the result and checks it before adopting it: the changed
    // path must read back as `expected` (nullopt: be gone) and every other setting must be as
    // before. Otherwise the document stays as it was.
    Core::Result<void> commit(const QString& path, const QList<Edit>& edits, const std::optional<YamlValue>& expected)
    {
        const std::optional<QByteArray> changed = applyEdits(text, edits);
        if (!changed)
            return editError(QCoreApplication::translate("Config::ApmServerYaml",
                                                         "Cannot change %1: the edit could not be placed safely; "
                                                         "edit it by hand.")
                                 .arg(path));
        Core::Result<ApmServerYaml> reparsed = ApmServerYaml::parse(*changed, sourceName);
        if (!reparsed)
            return editError(QCoreApplication::translate("Config::ApmServerYaml",
                                                         "Cannot change %1: the result would not be valid YAML, so "
                                                         "the file was left unchanged.")
                                 .arg(path),
                             reparsed.error().detail);
        const QList<YamlEntry>& after = reparsed->d->model.entries;
        const QString prefix = path + QLatin1Char('.');
        if (expected) {
            if (reparsed->value(path) != *expected)
                return editError(QCoreApplication::translate("Config::ApmServerYaml",
                                                             "Cannot change %1: the file would not read back the "
                                                             "new value, so it was left unchanged.")
                                     .arg(path));
        } else {
            for (const YamlEntry& e : after) {
                if (e.path == path || e.path.startsWith(prefix))
                    return editError(QCoreApplication::translate("Config::ApmServerYaml",
                                                                 "Cannot remove %1: it is still set after the edit, "
                                                                 "so the file was left unchanged.")
                                         .arg(path));
            }
        }
        const auto unrelated = [&](const QList<YamlEntry>& list) {
            QList<QPair<QString, YamlValue>> result;
            for (const YamlEntry& e : list) {
                if (e.path == path || e.path.startsWith(prefix) || path.startsWith(e.path + QLatin1Char('.')))
                    continue;
                result.append({e.path, e.value});
            }
            return result;
        };
        if (unrelated(model.entries) != unrelated(after))
            return editError(QCoreApplication::translate("Config::ApmServerYaml",
                                                         "Cannot change %1 without also changing other settings; "
                                                         "edit it by hand.")
                                 .arg(path));
        text = *changed;
        model = std::move(reparsed->d->model);
        return {};
    }
};

ApmServerYaml::ApmServerYaml() : d(std::make_unique<Private>())
{
}

ApmServerYaml::~ApmServerYaml() = default;

ApmServerYaml::ApmServerYaml(const ApmServerYaml& other) : d(std::make_unique<Private>(*other.d))
{
}

ApmServerYaml& ApmServerYaml::operator=(const ApmServerYaml& other)
{
    if (this != &other)
        d = std::make_unique<Private>(*other.d);
    return *this;
}

// A moved-from document is left empty but usable (never with a null d).
ApmServerYaml::ApmServerYaml(ApmServerYaml&& other) noexcept : d(std::make_unique<Private>())
{
    std::swap(d, other.d);
}

ApmServerYaml& ApmServerYaml::operator=(ApmServerYaml&& other) noexcept
{
    std::swap(d, other.d);
    return *this;
}

Core::Result<ApmServerYaml> ApmServerYaml::parse(const QByteArray& text, const QString& sourceName)
{
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text.constData(), static_cast<size_t>(text.size())));
    } catch (const YAML::Exception& e) {
        return syntaxError(sourceName, e.mark.line, e.mark.column, fromStd(e.msg));
    }
    ApmServerYaml doc;
    doc.d->text = text;
    doc.d->sourceName = sourceName;
    if (root.IsNull())
        return doc; // empty, or comments only
    if (!root.IsMap()) {
        const QString name = sourceName.isEmpty()
                                 ? QCoreApplication::translate("Config::ApmServerYaml", "The configuration")
                                 : sourceName;
        return Core::makeError(QStringLiteral("yaml.root"),
                               QCoreApplication::translate("Config::ApmServerYaml",
                                                           "%1 must contain settings (key: value) at the top level, "
                                                           "not a list or a single value.")
                                   .arg(name));
    }
    try {
        const Scanner scanner(doc.d->text);
        doc.d->model = ModelBuilder(scanner).build(root);
    } catch (const SyntaxProblem& problem) {
        return syntaxError(sourceName, problem.line, problem.column, problem.detail);
    }
    return doc;
}

Core::Result<ApmServerYaml> ApmServerYaml::load(const QString& path)
{
    Core::Result<QByteArray> data = Core::readFile(path);
    if (!data)
        return data.error();
    return parse(data.value(), path);
}

Core::Result<void> ApmServerYaml::save(const QString& path) const
{
    Core::WriteOptions options;
    options.keepBackup = true; // the previous file stays as "<path>.bak"
    return Core::writeFileAtomically(path, d->text, options);
}

const QByteArray& ApmServerYaml::text() const
{
    return d->text;
}

QList<YamlEntry> ApmServerYaml::entries() const
{
    return d->model.entries;
}

std::optional<YamlEntry> ApmServerYaml::entry(const QString& path) const
{
    // With duplicate keys (or a path written both nested and dotted) the last one wins, as in libbeat.
    const QList<YamlEntry>& entries = d->model.entries;
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        if (it->path == path)
            return *it;
    }
    return std::nullopt;
}

std::optional<YamlValue> ApmServerYaml::value(const QString& path) const
{
    if (const std::optional<YamlEntry> e = entry(path))
        return e->value;
    return std::nullopt;
}

Core::Result<void> ApmServerYaml::set(const QString& path, const YamlValue& value)
{
    const std::optional<QStringList> segments = splitPath(path);
    if (!segments)
        return editError(
            QCoreApplication::translate("Config::ApmServerYaml", "“%1” is not a valid setting name.").arg(path));
    const YamlValue wanted = normalized(value);
    if (this->value(path) == wanted)
        return {};
    const Editor editor(d->text, d->model);
    Core::Result<QList<Edit>> plan = editor.planSet(*segments, path, wanted);
    if (!plan)
        return plan.error();
    return d->commit(path, plan.value(), wanted);
}

Core::Result<void> ApmServerYaml::remove(const QString& path)
{
    const std::optional<QStringList> segments = splitPath(path);
    if (!segments)
        return editError(
            QCoreApplication::translate("Config::ApmServerYaml", "“%1” is not a valid setting name.").arg(path));
    const Editor editor(d->text, d->model);
    Core::Result<QList<Edit>> plan = editor.planRemove(*segments, path);
    if (!plan)
        return plan.error();
    if (plan->isEmpty())
        return {};
    return d->commit(path, plan.value(), std::nullopt);
}

} // namespace Config
