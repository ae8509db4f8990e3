// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QString>

namespace Intake {

// One entry of an intake response's "errors" list: {"message": ..., "document": ...} (§4.1).
struct IntakeError
{
    // What kind of failure it is; decides the HTTP status (the response takes the maximum, §4.1).
    enum class Kind {
        Validation,       // invalid line, metadata, content type or content encoding
        TooLarge,         // a line longer than max_event_size
        MethodNotAllowed, // not POST
        Forbidden,        // per-event authorization (§3.4, §3.5)
        RateLimit,        // per-batch anonymous rate limit (§3.6)
        QueueFull,
        ShuttingDown,
        Internal, // e.g. the body stream broke off mid-way (a decompression error after the metadata)
    };

    Kind kind = Kind::Validation;
    QString message;
    QByteArray document; // the offending line (at most max_event_size bytes); omitted from JSON when empty

    // The status APM Server's intake handler maps the kind to. Intake never answers 405 or 413: both
    // are sent as 400 (explicit "breaking bugfix" TODOs in the handler, §4.1/§4.2).
    int httpStatus() const
    {
        switch (kind) {
        case Kind::Validation:
        case Kind::TooLarge:
        case Kind::MethodNotAllowed:
            return 400;
        case Kind::Forbidden:
            return 403;
        case Kind::RateLimit:
            return 429;
        case Kind::QueueFull:
        case Kind::ShuttingDown:
            return 503;
        case Kind::Internal:
            break;
        }
        return 500;
    }
};

} // namespace Intake
