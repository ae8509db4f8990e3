// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/GoHttpError.h"

namespace Intake {

namespace {

// net/http server.go: every early error reply carries these headers and no Content-Length.
constexpr char kErrorHeaders[] = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";

} // namespace

GoHttpError::GoHttpError(Kind kind, QByteArray detail, QString diagnostic)
    : m_kind(kind), m_detail(std::move(detail)), m_diagnostic(std::move(diagnostic))
{
}

int GoHttpError::status() const
{
    switch (m_kind) {
    case Kind::HeaderTooLarge:
        return 431;
    case Kind::UnsupportedTransferEncoding:
        return 501;
    case Kind::VersionNotSupported:
        return 505;
    case Kind::BodyTooLarge:
        return 413;
    case Kind::BadRequest:
    case Kind::TlsOnPlainPort:
    case Kind::MalformedBody:
        break;
    }
    return 400;
}

QByteArray GoHttpError::reasonPhrase() const
{
    switch (m_kind) {
    case Kind::HeaderTooLarge:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case Kind::UnsupportedTransferEncoding:
        return QByteArrayLiteral("Not Implemented");
    case Kind::VersionNotSupported:
        return QByteArrayLiteral("HTTP Version Not Supported");
    case Kind::BodyTooLarge:
        return QByteArrayLiteral("Request Entity Too Large");
    case Kind::BadRequest:
    case Kind::TlsOnPlainPort:
    case Kind::MalformedBody:
        break;
    }
    return QByteArrayLiteral("Bad Request");
}

QByteArray GoHttpError::toBytes() const
{
    const QByteArray statusText = QByteArray::number(status()) + ' ' + reasonPhrase();
    // Go (server.go, conn.serve): 501 has its own fixed body and does not echo the encoding.
    if (m_kind == Kind::UnsupportedTransferEncoding)
        return "HTTP/1.1 " + statusText + kErrorHeaders + "Unsupported transfer encoding";
    // Go's statusError replies repeat "<code> <text>: <detail>" in the status line and the body; everything
    // else (including a TLS ClientHello parsed as a request line, §5) gets the bare "400 Bad Request".
    QByteArray publicText = statusText;
    if (!m_detail.isEmpty())
        publicText += ": " + m_detail;
    return "HTTP/1.1 " + publicText + kErrorHeaders + publicText;
}

} // namespace Intake
