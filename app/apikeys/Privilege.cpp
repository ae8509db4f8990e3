// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "apikeys/Privilege.h"

#include <algorithm>

namespace ApiKeys {

std::optional<Privilege> parsePrivilege(const QString& name)
{
    for (const Privilege p : allPrivileges()) {
        if (privilegeName(p) == name)
            return p;
    }
    return std::nullopt;
}

QList<Privilege> allPrivileges()
{
    return {Privilege::EventWrite, Privilege::ConfigAgentRead, Privilege::SourcemapWrite};
}

QList<Privilege> normalisedPrivileges(const QList<Privilege>& privileges)
{
    QList<Privilege> result;
    for (const Privilege p : allPrivileges()) {
        if (std::find(privileges.cbegin(), privileges.cend(), p) != privileges.cend())
            result.append(p);
    }
    return result;
}

} // namespace ApiKeys
