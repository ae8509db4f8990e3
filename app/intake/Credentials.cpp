// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/Credentials.h"

namespace Intake {

AuthorizationHeader AuthorizationHeader::parse(const QByteArray& firstHeaderValue)
{
    // Go's Header.Get already trimmed the value (§3.2).
    const QByteArray v = firstHeaderValue.trimmed();
    const qsizetype space = v.indexOf(' ');
    if (space <= 0)
        return {};
    return {v.left(space), v.mid(space + 1)};
}

} // namespace Intake
