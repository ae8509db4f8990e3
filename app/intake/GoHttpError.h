// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QString>

#include <utility>

namespace Intake {

// A connection-level error that Go's net/http answers itself, before APM Server's handlers run
// (reference §4.1 max_header_size, §5 "TLS to a plain-HTTP port"). The connection is closed afterwards.
class GoHttpError
{
public:
    enum class Kind {
        BadRequest,                  // malformed request line or headers
        HeaderTooLarge,              // request line + headers above max_header_size + 4096
        UnsupportedTransferEncoding, // Transfer-Encoding other than a single "chunked"
        VersionNotSupported,         // HTTP major version other than 1
        TlsOnPlainPort,              // a TLS ClientHello (first byte 0x16) on the plain-HTTP port
        BodyTooLarge,                // the owner's optional per-request body cap (not a Go reply)
        MalformedBody,               // chunked framing broke after the head was delivered (see below)
    };

    GoHttpError() = default;
    // detail: Go's statusError text, e.g. "missing required Host header" (empty: plain "400 Bad Request").
    // diagnostic: what the parser saw, for the log only (never sent).
    GoHttpError(Kind kind, QByteArray detail = {}, QString diagnostic = {});

    Kind kind() const { return m_kind; }
    int status() const;
    QByteArray reasonPhrase() const;
    QByteArray detail() const { return m_detail; }
    QString diagnostic() const { return m_diagnostic; }
    bool isTlsOnPlainPort() const { return m_kind == Kind::TlsOnPlainPort; }

    // For MalformedBody Go writes nothing itself: the handler's body read fails with this text and the
    // handler answers (intake: a stream error, §4.1).
    static QString goBodyReadError() { return QStringLiteral("malformed chunked encoding"); }

    // The exact bytes Go writes before closing the connection (MalformedBody: a plain 400, if the owner
    // has nothing better to send).
    QByteArray toBytes() const;

private:
    Kind m_kind = Kind::BadRequest;
    QByteArray m_detail;
    QString m_diagnostic;
};

} // namespace Intake
