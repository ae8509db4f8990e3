// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArrayView>

namespace Intake {

// A single pass over one NDJSON event line that settles the common case without building a JSON
// document: `{"<key>": {...}}` that is valid JSON (strict: RFC 8259, valid UTF-8) and needs nothing
// but its validity from the intake path — the event object is set (a direct member with a non-null
// scalar or a non-empty array) and has no context.service that would override the metadata's service
// or agent (§3.5). Anything else — invalid JSON, other shapes, duplicate keys in the event object,
// exponents, escapes that decode to surrogates, deep nesting — is "not handled" and takes the full
// parse, which produces APM Server's error texts. So a line the scan accepts is one the full parse
// accepts with the same outcome, and the scan never rejects anything itself.
struct EventLineScan
{
    // key: the event's object key as identifyKey found it ("transaction", "x", …); contextKey and
    // serviceKey: "context"/"service" (v2) or "c"/"se" (RUM v3).
    static bool plainValidEvent(QByteArrayView line, QByteArrayView key, QByteArrayView contextKey,
                                QByteArrayView serviceKey);
};

} // namespace Intake
