// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace Intake {

// The head of one HTTP/1.x request as HttpRequestParser saw it. A value type; the body is streamed
// separately and never stored here.
class HttpRequest
{
public:
    struct Header
    {
        QByteArray name;  // as sent (Go canonicalises for lookup only; we keep the original spelling)
        QByteArray value; // surrounding spaces and tabs trimmed, like Go's textproto
    };
    struct QueryItem
    {
        QString key;
        QString value;
    };

    QByteArray method() const { return m_method; }
    // The request-target exactly as sent, e.g. "/config/v1/agents?service.name=a%20b".
    QByteArray target() const { return m_target; }
    // The path without percent-decoding: the stub routes on it as sent (§2; "/intake/v2/events/" is unknown).
    QByteArray path() const { return m_path; }
    QByteArray rawQuery() const { return m_rawQuery; }
    // Query items decoded like Go's url.ParseQuery (Go 1.17+): "+" is a space, a pair with a bad escape
    // or a ';' is dropped, "?verbose" gives key "verbose" with an empty value.
    const QList<QueryItem>& queryItems() const { return m_query; }
    bool hasQueryItem(QStringView key) const;
    // The first value for key, like Go's url.Values.Get; empty when absent.
    QString queryValue(QStringView key) const;

    const QList<Header>& headers() const { return m_headers; }
    // The first value of a header, case-insensitive, like Go's Header.Get (§3.2 reads the first
    // Authorization header). Empty when absent; use hasHeader() to tell absent from empty.
    QByteArray header(QByteArrayView name) const;
    // Every value of a header, in order.
    QList<QByteArray> headerValues(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;

    int httpMajor() const { return m_major; }
    int httpMinor() const { return m_minor; }
    QByteArray httpVersion() const;
    // http_should_keep_alive(): HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "keep-alive".
    bool keepAlive() const { return m_keepAlive; }
    std::optional<quint64> contentLength() const { return m_contentLength; }
    bool isChunked() const { return m_chunked; }
    // "Expect: 100-continue" on HTTP/1.1: Go sends "HTTP/1.1 100 Continue" once the handler reads the body.
    bool expectsContinue() const;
    // Bytes of the request line and headers, including the blank line.
    qint64 headBytes() const { return m_headBytes; }

    // Go's url.ParseQuery semantics (see queryItems()).
    static QList<QueryItem> parseQuery(QByteArrayView rawQuery);

private:
    friend class HttpRequestParser;

    QByteArray m_method;
    QByteArray m_target;
    QByteArray m_path;
    QByteArray m_rawQuery;
    QList<QueryItem> m_query;
    QList<Header> m_headers;
    int m_major = 1;
    int m_minor = 1;
    bool m_keepAlive = true;
    std::optional<quint64> m_contentLength;
    bool m_chunked = false;
    qint64 m_headBytes = 0;
};

} // namespace Intake
