// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/AccessRules.h"

#include <QList>
#include <QString>

#include <optional>

namespace ApiKeys {

// The three application privileges of the `apm` application (reference §3.4) are part of the one
// model of APM Server's rules (app/config); the registry stores them by that enum.
using Privilege = Config::Privilege;
using Config::privilegeName; // "event:write", "config_agent:read", "sourcemap:write"

// The privilege with that exact (case-sensitive) name; nullopt for anything else.
std::optional<Privilege> parsePrivilege(const QString& name);
// All three, in enum order.
QList<Privilege> allPrivileges();
// Sorted into enum order without duplicates.
QList<Privilege> normalisedPrivileges(const QList<Privilege>& privileges);

} // namespace ApiKeys
