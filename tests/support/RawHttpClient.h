// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace TestSupport {

// A response as it came off the wire.
struct RawResponse
{
    bool complete = false;
    int status = 0;
    QByteArray statusLine;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray raw;
    bool closedByServer = false;

    QByteArray header(const QByteArray& name) const; // first value, case-insensitive
    QList<QByteArray> headerValues(const QByteArray& name) const;
    bool hasHeader(const QByteArray& name) const;
};

// Sends raw bytes to 127.0.0.1:port over a real socket and reads one response, pumping the event
// loop while it waits (the server may live on the same thread). For HEAD/304 no body is read.
RawResponse rawRequest(quint16 port, const QByteArray& request, int timeoutMs = 10000);
// Several requests on one keep-alive connection; one response per request, in order.
QList<RawResponse> rawRequests(quint16 port, const QList<QByteArray>& requests, int timeoutMs = 10000);

// Builds "METHOD path HTTP/1.1" with Host, the given headers and a Content-Length body.
QByteArray buildRequest(const QByteArray& method, const QByteArray& target,
                        const QList<QPair<QByteArray, QByteArray>>& headers = {}, const QByteArray& body = {});

// gzip at zlib's default level, or `level` 1–9 (agents use a fast level).
QByteArray gzip(const QByteArray& data, int level = -1);
QByteArray zlibDeflate(const QByteArray& data);

} // namespace TestSupport
