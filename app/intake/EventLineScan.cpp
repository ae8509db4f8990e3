// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/EventLineScan.h"

#include "core/Hex.h"

#include <QVarLengthArray>

namespace Intake {

namespace {

constexpr int kMaxDepth = 128;           // deeper lines take the full parse (Qt allows 1024)
constexpr qsizetype kMaxNumberDigits = 300; // longer numbers might not fit a double: full parse

// A strict recursive-descent JSON scanner over one line. Every method returns false for "not
// handled here" (invalid, or a case left to the full parse).
class Scanner
{
public:
    explicit Scanner(QByteArrayView text) : m_p(text.data()), m_end(text.data() + text.size()) {}

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\r' || *m_p == '\n'))
            ++m_p;
    }
    bool atEnd() const { return m_p == m_end; }
    bool peek(char c) const { return m_p < m_end && *m_p == c; }
    bool take(char c)
    {
        if (!peek(c))
            return false;
        ++m_p;
        return true;
    }

    // A string; its raw bytes between the quotes (escapes not decoded) in *raw.
    bool string(QByteArrayView* raw = nullptr)
    {
        if (!take('"'))
            return false;
        const char* start = m_p;
        while (m_p < m_end) {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                if (raw)
                    *raw = QByteArrayView(start, m_p - start);
                ++m_p;
                return true;
            }
            if (c == '\\') {
                if (!escape())
                    return false;
                continue;
            }
            if (c < 0x20)
                return false;
            if (c >= 0x80) {
                if (!utf8())
                    return false;
                continue;
            }
            ++m_p;
        }
        return false;
    }

    // A value; *set tells whether the intake decoders' IsSet would hold for it (null: no, empty
    // array: no, object: when a direct member is a set scalar or non-empty array — else not handled).
    bool value(int depth, bool* set)
    {
        if (m_p == m_end)
            return false;
        switch (*m_p) {
        case '{':
            return object(depth + 1, set);
        case '[':
            return array(depth + 1, set);
        case '"':
            *set = true;
            return string();
        case 't':
            *set = true;
            return literal("true");
        case 'f':
            *set = true;
            return literal("false");
        case 'n':
            *set = false;
            return literal("null");
        default:
            *set = true;
            return number();
        }
    }

    // An object inside the event: valid, and set when a direct scalar or array member is set.
    bool object(int depth, bool* set)
    {
        if (depth > kMaxDepth || !take('{'))
            return false;
        bool anySet = false;
        skipSpace();
        if (!take('}')) {
            for (;;) {
                skipSpace();
                if (!string())
                    return false;
                skipSpace();
                if (!take(':'))
                    return false;
                skipSpace();
                const bool isObject = peek('{');
                bool memberSet = false;
                if (!value(depth, &memberSet))
                    return false;
                anySet = anySet || (memberSet && !isObject);
                skipSpace();
                if (take('}'))
                    break;
                if (!take(','))
                    return false;
            }
        }
        *set = anySet;
        return true;
    }

    bool array(int depth, bool* set)
    {
        if (depth > kMaxDepth || !take('['))
            return false;
        skipSpace();
        if (take(']')) {
            *set = false;
            return true;
        }
        for (;;) {
            skipSpace();
            bool ignored = false;
            if (!value(depth, &ignored))
                return false;
            skipSpace();
            if (take(']'))
                break;
            if (!take(','))
                return false;
        }
        *set = true;
        return true;
    }

    // The object under a context key: valid, and whether it has a non-null service member.
    bool context(int depth, QByteArrayView serviceKey, bool* hasService)
    {
        *hasService = false;
        if (peek('n'))
            return literal("null");
        if (depth > kMaxDepth || !take('{'))
            return false;
        skipSpace();
        if (take('}'))
            return true;
        for (;;) {
            skipSpace();
            QByteArrayView key;
            if (!string(&key))
                return false;
            skipSpace();
            if (!take(':'))
                return false;
            skipSpace();
            // Escaped keys could spell the service key: leave them to the full parse.
            if (key.contains('\\'))
                return false;
            const bool isNull = peek('n');
            bool ignored = false;
            if (!value(depth, &ignored))
                return false;
            if (key == serviceKey && !isNull)
                *hasService = true;
            skipSpace();
            if (take('}'))
                return true;
            if (!take(','))
                return false;
        }
    }

private:
    bool literal(const char* word)
    {
        for (const char* w = word; *w; ++w) {
            if (m_p == m_end || *m_p != *w)
                return false;
            ++m_p;
        }
        return true;
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    bool number()
    {
        const char* start = m_p;
        take('-');
        if (m_p == m_end)
            return false;
        if (*m_p == '0') {
            ++m_p;
        } else if (*m_p >= '1' && *m_p <= '9') {
            while (m_p < m_end && isDigit(*m_p))
                ++m_p;
        } else {
            return false;
        }
        if (take('.')) {
            if (m_p == m_end || !isDigit(*m_p))
                return false;
            while (m_p < m_end && isDigit(*m_p))
                ++m_p;
        }
        // Exponents may overflow a double (an error for the full parse): not handled here.
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E'))
            return false;
        return m_p - start <= kMaxNumberDigits;
    }

    bool escape()
    {
        ++m_p; // backslash
        if (m_p == m_end)
            return false;
        switch (*m_p) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            ++m_p;
            return true;
        case 'u': {
            if (m_end - m_p < 5)
                return false;
            int code = 0;
            for (int i = 1; i <= 4; ++i) {
                const int h = Core::hexDigitValue(m_p[i]);
                if (h < 0)
                    return false;
                code = code * 16 + h;
            }
            if (code == 0 || (code >= 0xD800 && code <= 0xDFFF))
                return false; // NUL and surrogates (paired or lone): the full parse decides
            m_p += 5;
            return true;
        }
        default:
            return false;
        }
    }

    // One well-formed UTF-8 sequence (no overlong forms, no surrogates, at most U+10FFFF).
    bool utf8()
    {
        const auto b0 = static_cast<unsigned char>(*m_p);
        int length = 0;
        unsigned min = 0;
        unsigned code = 0;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2;
            code = b0 & 0x1F;
            min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3;
            code = b0 & 0x0F;
            min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4;
            code = b0 & 0x07;
            min = 0x10000;
        } else {
            return false;
        }
        if (m_end - m_p < length)
            return false;
        for (int i = 1; i < length; ++i) {
            const auto b = static_cast<unsigned char>(m_p[i]);
            if ((b & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (b & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return false;
        if ((code & 0xFFFE) == 0xFFFE || (code >= 0xFDD0 && code <= 0xFDEF))
            return false; // noncharacters: left to the full parse
        m_p += length;
        return true;
    }

    const char* m_p;
    const char* m_end;
};

} // namespace

bool EventLineScan::plainValidEvent(QByteArrayView line, QByteArrayView key, QByteArrayView contextKey,
                                    QByteArrayView serviceKey)
{
    Scanner s(line);
    s.skipSpace();
    if (!s.take('{'))
        return false;
    s.skipSpace();
    QByteArrayView topKey;
    if (!s.string(&topKey) || topKey != key)
        return false;
    s.skipSpace();
    if (!s.take(':'))
        return false;
    s.skipSpace();
    if (!s.take('{'))
        return false; // null, not an object: errors of the full parse
    // The event object: its direct keys must be unique (with duplicates the last one wins, which this
    // scan does not model), and one direct member must be set.
    QVarLengthArray<QByteArrayView, 32> keys;
    bool eventSet = false;
    s.skipSpace();
    if (s.take('}'))
        return false; // empty: "'<key>' required"
    for (;;) {
        s.skipSpace();
        QByteArrayView member;
        if (!s.string(&member) || member.contains('\\'))
            return false;
        for (const QByteArrayView& k : keys) {
            if (k == member)
                return false;
        }
        keys.append(member);
        s.skipSpace();
        if (!s.take(':'))
            return false;
        s.skipSpace();
        if (member == contextKey) {
            bool hasService = false;
            if (!s.context(2, serviceKey, &hasService) || hasService)
                return false; // context.service may override service and agent: full parse
        } else {
            const bool isObject = s.peek('{');
            bool set = false;
            if (!s.value(2, &set))
                return false;
            eventSet = eventSet || (set && !isObject);
        }
        s.skipSpace();
        if (s.take('}'))
            break;
        if (!s.take(','))
            return false;
    }
    s.skipSpace();
    if (!s.take('}')) // exactly one top-level member
        return false;
    s.skipSpace();
    return s.atEnd() && eventSet;
}

} // namespace Intake
