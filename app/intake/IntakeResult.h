// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "intake/IntakeError.h"

#include <QList>

namespace Intake {

// What an intake request produced so far: {"accepted": N, "errors": [...]} (§4.1). NdjsonStream fills in
// the decoding errors; the owner adds accepted counts and its own batch-level errors (auth, rate limit).
class IntakeResult
{
public:
    // 7.15 errorsLimit / apm-data's five-slot array: per-event errors beyond five are counted, not listed.
    static constexpr int kMaxListedEventErrors = 5;

    void addAccepted(int events) { m_accepted += events; }
    // A per-event error (invalid or too large line); listed only while fewer than five errors are listed.
    void addEventError(IntakeError error);
    // A request- or stream-level error (metadata, content encoding, broken stream, 403/429/503 of a
    // batch); always listed, after the per-event ones, and it ends the request.
    void addStreamError(IntakeError error);

    int accepted() const { return m_accepted; }
    const QList<IntakeError>& errors() const { return m_errors; }
    int invalidEvents() const { return m_invalid; }
    int tooLargeEvents() const { return m_tooLarge; }
    // 202 without errors, else the highest status of the listed errors (§4.1).
    int httpStatus() const;

private:
    int m_accepted = 0;
    int m_invalid = 0;
    int m_tooLarge = 0;
    QList<IntakeError> m_errors;
};

} // namespace Intake
