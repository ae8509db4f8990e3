// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace ApiKeys {

// The three application privileges of the `apm` application that APM Server asks Elasticsearch
// about (reference §3.4); the enum order is the order the CLI prints them in.
enum class Privilege {
    EventWrite,      // "event:write": intake
    ConfigAgentRead, // "config_agent:read": central agent configuration
    SourcemapWrite,  // "sourcemap:write": 7.x sourcemap upload
};

// "event:write", "config_agent:read", "sourcemap:write".
QString privilegeName(Privilege privilege);
// The privilege with that exact (case-sensitive) name; nullopt for anything else.
std::optional<Privilege> parsePrivilege(const QString& name);
// All three, in enum order.
QList<Privilege> allPrivileges();
// Sorted into enum order without duplicates.
QList<Privilege> normalisedPrivileges(const QList<Privilege>& privileges);

} // namespace ApiKeys
