// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/HttpRequest.h"

#include "core/Hex.h"

namespace Intake {

namespace {

// Go's url.QueryUnescape: '+' becomes a space; a '%' must be followed by two hex digits, else the
// whole pair is rejected.
std::optional<QByteArray> queryUnescape(QByteArrayView in)
{
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= in.size())
                return std::nullopt;
            const int hi = Core::hexDigitValue(in[i + 1]);
            const int lo = Core::hexDigitValue(in[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            out += char(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

bool HttpRequest::hasQueryItem(QStringView key) const
{
    for (const QueryItem& item : m_query) {
        if (item.key == key)
            return true;
    }
    return false;
}

QString HttpRequest::queryValue(QStringView key) const
{
    for (const QueryItem& item : m_query) {
        if (item.key == key)
            return item.value;
    }
    return {};
}

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const Header& h : m_headers) {
        if (name.compare(h.name, Qt::CaseInsensitive) == 0)
            return h.value;
    }
    return {};
}

QList<QByteArray> HttpRequest::headerValues(QByteArrayView name) const
{
    QList<QByteArray> values;
    for (const Header& h : m_headers) {
        if (name.compare(h.name, Qt::CaseInsensitive) == 0)
            values.append(h.value);
    }
    return values;
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const Header& h : m_headers) {
        if (name.compare(h.name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray HttpRequest::httpVersion() const
{
    return "HTTP/" + QByteArray::number(m_major) + '.' + QByteArray::number(m_minor);
}

bool HttpRequest::expectsContinue() const
{
    return (m_major > 1 || (m_major == 1 && m_minor >= 1)) &&
           header("Expect").compare(QByteArrayView("100-continue"), Qt::CaseInsensitive) == 0;
}

QList<HttpRequest::QueryItem> HttpRequest::parseQuery(QByteArrayView rawQuery)
{
    QList<QueryItem> items;
    qsizetype start = 0;
    while (start <= rawQuery.size()) {
        qsizetype end = rawQuery.indexOf('&', start);
        if (end < 0)
            end = rawQuery.size();
        const QByteArrayView pair = rawQuery.sliced(start, end - start);
        start = end + 1;
        // Go 1.17+ rejects a pair containing ';' (it used to be a separator) and skips empty pairs.
        if (pair.isEmpty() || pair.contains(';'))
            continue;
        const qsizetype eq = pair.indexOf('=');
        const QByteArrayView rawKey = eq < 0 ? pair : pair.first(eq);
        const QByteArrayView rawValue = eq < 0 ? QByteArrayView() : pair.sliced(eq + 1);
        const std::optional<QByteArray> key = queryUnescape(rawKey);
        const std::optional<QByteArray> value = queryUnescape(rawValue);
        if (!key || !value)
            continue;
        items.append(QueryItem{QString::fromUtf8(*key), QString::fromUtf8(*value)});
    }
    return items;
}

} // namespace Intake
