// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/GoJson.h"

namespace Intake {

QByteArray GoJson::quote(const QString& s)
{
    static const char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(s.size() + 2);
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8.at(i));
        switch (c) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        default: break;
        }
        // Go escapes control characters and, for HTML safety, <, > and &.
        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
            continue;
        }
        // U+2028 / U+2029 (E2 80 A8 / E2 80 A9) are escaped too.
        if (c == 0xE2 && i + 2 < utf8.size() && static_cast<unsigned char>(utf8.at(i + 1)) == 0x80 &&
            (static_cast<unsigned char>(utf8.at(i + 2)) == 0xA8 || static_cast<unsigned char>(utf8.at(i + 2)) == 0xA9)) {
            out += static_cast<unsigned char>(utf8.at(i + 2)) == 0xA8 ? "\\u2028" : "\\u2029";
            i += 2;
            continue;
        }
        out += static_cast<char>(c);
    }
    out += '"';
    return out;
}

void GoJson::write(QByteArray& out, bool pretty, int depth) const
{
    auto newline = [&](int d) {
        if (!pretty)
            return;
        out += '\n';
        out += QByteArray(2 * d, ' ');
    };
    if (std::holds_alternative<std::monostate>(m_v)) {
        out += "null";
    } else if (const bool* b = std::get_if<bool>(&m_v)) {
        out += *b ? "true" : "false";
    } else if (const qint64* i = std::get_if<qint64>(&m_v)) {
        out += QByteArray::number(*i);
    } else if (const QString* s = std::get_if<QString>(&m_v)) {
        out += quote(*s);
    } else if (const auto* a = std::get_if<std::shared_ptr<Array>>(&m_v)) {
        const Array& arr = **a;
        if (arr.isEmpty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (qsizetype k = 0; k < arr.size(); ++k) {
            if (k)
                out += ',';
            newline(depth + 1);
            arr.at(k).write(out, pretty, depth + 1);
        }
        newline(depth);
        out += ']';
    } else if (const auto* o = std::get_if<std::shared_ptr<Object>>(&m_v)) {
        const Object& obj = **o;
        if (obj.isEmpty()) {
            out += "{}";
            return;
        }
        out += '{';
        for (qsizetype k = 0; k < obj.size(); ++k) {
            if (k)
                out += ',';
            newline(depth + 1);
            out += quote(obj.at(k).first);
            out += pretty ? ": " : ":";
            obj.at(k).second.write(out, pretty, depth + 1);
        }
        newline(depth);
        out += '}';
    }
}

QByteArray GoJson::encode(bool pretty) const
{
    QByteArray out;
    write(out, pretty, 0);
    out += '\n';
    return out;
}

} // namespace Intake
