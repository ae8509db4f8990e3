// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "apikeys/ApiKey.h"

namespace ApiKeys {

bool ApiKey::isExpired(const QDateTime& now) const
{
    return expiration.has_value() && *expiration <= now;
}

} // namespace ApiKeys
