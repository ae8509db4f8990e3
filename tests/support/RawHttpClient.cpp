// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "RawHttpClient.h"

#include <QTcpSocket>
#include <QTest>

#include <zlib.h>

namespace TestSupport {

QByteArray RawResponse::header(const QByteArray& name) const
{
    for (const auto& [k, v] : headers)
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

QList<QByteArray> RawResponse::headerValues(const QByteArray& name) const
{
    QList<QByteArray> out;
    for (const auto& [k, v] : headers)
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            out << v;
    return out;
}

bool RawResponse::hasHeader(const QByteArray& name) const
{
    for (const auto& h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

namespace {

// Tries to parse one response from the front of buf; returns bytes used or 0 when incomplete.
qsizetype parseOne(const QByteArray& buf, RawResponse* r, bool headRequest, bool eof)
{
    const qsizetype end = buf.indexOf("\r\n\r\n");
    if (end < 0)
        return 0;
    const QList<QByteArray> lines = buf.left(end).split('\n');
    r->statusLine = lines.value(0).trimmed();
    r->status = r->statusLine.split(' ').value(1).toInt();
    r->headers.clear();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            r->headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    const qsizetype bodyStart = end + 4;
    if (headRequest || r->status == 304 || r->status == 204) {
        r->body.clear();
        r->raw = buf.left(bodyStart);
        return bodyStart;
    }
    if (r->hasHeader("Content-Length")) {
        const qsizetype len = r->header("Content-Length").toLongLong();
        if (buf.size() < bodyStart + len)
            return 0;
        r->body = buf.mid(bodyStart, len);
        r->raw = buf.left(bodyStart + len);
        return bodyStart + len;
    }
    if (!eof)
        return 0; // read until close (HTTP/1.0 style)
    r->body = buf.mid(bodyStart);
    r->raw = buf;
    return buf.size();
}

} // namespace

QList<RawResponse> rawRequests(quint16 port, const QList<QByteArray>& requests, int timeoutMs)
{
    QList<RawResponse> out;
    QTcpSocket socket;
    QByteArray buf;
    bool closed = false;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { buf += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [&] { closed = true; });
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, timeoutMs))
        return out;
    for (const QByteArray& req : requests) {
        socket.write(req);
        const bool head = req.startsWith("HEAD ");
        RawResponse r;
        qsizetype used = 0;
        (void)QTest::qWaitFor(
            [&] {
                used = parseOne(buf, &r, head, closed);
                return used > 0 || (closed && buf.isEmpty());
            },
            timeoutMs);
        if (used == 0) {
            r.closedByServer = closed;
            out << r;
            break;
        }
        buf.remove(0, used);
        r.complete = true;
        out << r;
        if (closed)
            break;
    }
    // Did the server close after the last answer?
    if (!out.isEmpty())
        (void)QTest::qWaitFor([&] { return closed; }, 150);
    if (!out.isEmpty())
        out.last().closedByServer = closed;
    return out;
}

RawResponse rawRequest(quint16 port, const QByteArray& request, int timeoutMs)
{
    const QList<RawResponse> r = rawRequests(port, {request}, timeoutMs);
    return r.isEmpty() ? RawResponse{} : r.constFirst();
}

QByteArray buildRequest(const QByteArray& method, const QByteArray& target,
                        const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& body)
{
    QByteArray r = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto& [k, v] : headers)
        r += k + ": " + v + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    r += "\r\n" + body;
    return r;
}

namespace {
QByteArray deflateWith(const QByteArray& data, int windowBits, int level = Z_DEFAULT_COMPRESSION)
{
    z_stream zs{};
    deflateInit2(&zs, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(data.size()))) + 32, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return out;
}
} // namespace

QByteArray gzip(const QByteArray& data, int level)
{
    return deflateWith(data, 16 + MAX_WBITS, level);
}

QByteArray zlibDeflate(const QByteArray& data)
{
    return deflateWith(data, MAX_WBITS);
}

} // namespace TestSupport
