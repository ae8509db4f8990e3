// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/EffectiveSettings.h"
#include "config/SecretReference.h"
#include "core/Result.h"
#include "intake/Engine.h"

#include <memory>

namespace Intake {

// Error codes stubOptionsFor() returns.
inline constexpr char kStubRefusedCode[] = "stub.refused";           // APM Server would not start
inline constexpr char kStubSecretUnsetCode[] = "stub.secret-unset";  // ${NAME} cannot be resolved

// The options a stub serving `effective` runs with, shared by `serve` and the desktop app:
// refuses settings APM Server would not start with, resolves the secret token through `lookup`
// (a `${NAME}` reference that cannot be resolved is an error naming it), uses the API key registry
// in `dataDir` and `agentConfig` (an empty store when null).
Core::Result<Engine::Options> stubOptionsFor(const Config::EffectiveSettings& effective,
                                             const Config::SecretLookup& lookup, const QString& dataDir,
                                             std::shared_ptr<AgentConfigStore> agentConfig);

} // namespace Intake
