// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/HttpResponse.h"

#include <QLocale>

#include <algorithm>

namespace Intake {

QByteArray canonicalHeaderKey(const QByteArray& key)
{
    QByteArray out = key;
    bool upper = true;
    for (char& c : out) {
        if (c == ' ' || static_cast<unsigned char>(c) >= 0x80)
            return key; // Go leaves keys with spaces or non-token bytes unchanged
        if (upper && c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
        else if (!upper && c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        upper = c == '-';
    }
    return out;
}

QByteArray statusText(int status)
{
    switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Request Entity Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

void HttpResponse::setHeader(const QByteArray& name, const QByteArray& value)
{
    removeHeader(name);
    headers.append({canonicalHeaderKey(name), value});
}

void HttpResponse::addHeader(const QByteArray& name, const QByteArray& value)
{
    headers.append({canonicalHeaderKey(name), value});
}

void HttpResponse::removeHeader(const QByteArray& name)
{
    const QByteArray key = canonicalHeaderKey(name);
    headers.removeIf([&](const auto& h) { return h.first == key; });
}

QByteArray HttpResponse::header(const QByteArray& name) const
{
    const QByteArray key = canonicalHeaderKey(name);
    for (const auto& h : headers) {
        if (h.first == key)
            return h.second;
    }
    return {};
}

bool HttpResponse::hasHeader(const QByteArray& name) const
{
    const QByteArray key = canonicalHeaderKey(name);
    return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return h.first == key; });
}

namespace {
// Go's http.TimeFormat ("Mon, 02 Jan 2006 15:04:05 GMT"), formatted once per second and thread.
QByteArray httpDate(const QDateTime& now)
{
    thread_local qint64 t_second = -1;
    thread_local QByteArray t_text;
    const qint64 second = now.toSecsSinceEpoch();
    if (second != t_second) {
        t_second = second;
        t_text = QLocale::c().toString(now.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")).toLatin1() + " GMT";
    }
    return t_text;
}
} // namespace

QByteArray HttpResponse::serialize(const QDateTime& now, bool headRequest) const
{
    QByteArray out;
    out.reserve(256 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status) + "\r\n";
    // Go writes the handler's header map sorted by key; values of one key keep their order.
    HeaderList sorted = headers;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [k, v] : sorted)
        out += k + ": " + v + "\r\n";
    const bool bodyAllowed = status != 304 && status != 204 && !(status >= 100 && status < 200);
    out += "Date: " + httpDate(now) + "\r\n";
    if (bodyAllowed && !hasHeader("Content-Length"))
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (closeConnection && !hasHeader("Connection"))
        out += "Connection: close\r\n";
    out += "\r\n";
    if (bodyAllowed && !headRequest)
        out += body;
    return out;
}

} // namespace Intake
