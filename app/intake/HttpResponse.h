// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>

namespace Intake {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Go's textproto.CanonicalMIMEHeaderKey: "x-content-type-options" → "X-Content-Type-Options".
QByteArray canonicalHeaderKey(const QByteArray& key);
// Go's http.StatusText.
QByteArray statusText(int status);

// A response as an APM Server handler builds it: status, the handler's headers, body. serialize()
// writes it the way Go's net/http does (reference §1): the handler's headers sorted by key, then
// Date and Content-Length, then "Connection: close" when the server closes and the handler did not
// say so itself.
struct HttpResponse
{
    int status = 200;
    HeaderList headers;
    QByteArray body;
    bool closeConnection = false;

    void setHeader(const QByteArray& name, const QByteArray& value);  // replaces (Header.Set)
    void addHeader(const QByteArray& name, const QByteArray& value);  // appends (Header.Add)
    void removeHeader(const QByteArray& name);
    QByteArray header(const QByteArray& name) const;                  // first value or empty
    bool hasHeader(const QByteArray& name) const;

    QByteArray serialize(const QDateTime& now, bool headRequest = false) const;
};

} // namespace Intake
