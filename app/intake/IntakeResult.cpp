// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/IntakeResult.h"

#include <algorithm>
#include <utility>

namespace Intake {

void IntakeResult::addEventError(IntakeError error)
{
    if (error.kind == IntakeError::Kind::TooLarge)
        ++m_tooLarge;
    else
        ++m_invalid;
    if (m_errors.size() < kMaxListedEventErrors)
        m_errors.append(std::move(error));
}

void IntakeResult::addStreamError(IntakeError error)
{
    m_errors.append(std::move(error));
}

int IntakeResult::httpStatus() const
{
    int status = 202;
    for (const IntakeError& e : m_errors)
        status = std::max(status, e.httpStatus());
    return status;
}

} // namespace Intake
