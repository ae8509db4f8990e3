// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/EffectiveSettings.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Config {

// The request-level rules of APM Server that the stub applies and the probe predicts. Pure
// functions over EffectiveSettings, so there is one copy of each rule.

// ryanuber/go-glob as APM Server uses it for rum.allow_origins (§3.7): '*' matches any run
// (including none), everything else literally and case-sensitively, whole string.
bool goGlobMatch(const QString& pattern, const QString& subject);
// Whether an Origin header value (empty when absent) passes rum.allow_origins (§3.7).
bool originAllowed(const EffectiveSettings& e, const QString& origin);
// The Access-Control-Allow-Headers value of a preflight: configured headers first (§3.7).
QString preflightAllowHeaders(const EffectiveSettings& e);

// The three APM application privileges (§3.4).
enum class Privilege { EventWrite, ConfigAgentRead, SourcemapWrite };
QString privilegeName(Privilege p); // "event:write", …

// Anonymous access to event ingest: service first, then agent (§3.5). Returns the denial
// message ("anonymous access not permitted for service \"S\"") or nullopt when allowed.
std::optional<QString> anonymousEventDenial(const EffectiveSettings& e, const QString& serviceName,
                                            const QString& agentName);
// Anonymous access to agent configuration: allow_service only (§3.5).
std::optional<QString> anonymousConfigDenial(const EffectiveSettings& e, const QString& serviceName);
// Which stored agent configurations anonymous callers may see: agent name empty or prefixed by an
// allow_agent entry (§2, §3.5). They only ever get transaction_sample_rate.
bool anonymousMaySeeConfigFor(const EffectiveSettings& e, const QString& configAgentName);

} // namespace Config
