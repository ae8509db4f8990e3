// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/EffectiveSettings.h"
#include "probe/Scenario.h"

#include <QList>

namespace Probe {

// The scenario matrix for a target configured by `effective` (reference §3, §5): every endpoint
// family × every credential variant, anonymous allow-lists, RUM origins (preflight and POST), a
// version check, the bounded burst and the TLS cases. Each scenario carries its expected outcome,
// decided by Predictor (the stub's own rules) or, for handshakes, by the ssl.* settings.
QList<Scenario> buildMatrix(const Config::EffectiveSettings& effective, const ProbeInputs& inputs);

// The lowest protocol apm-server.ssl.supported_protocols allows ("TLSv1.2"), and the one below it
// the probe offers for "protocol below the floor" (empty when there is none below).
QString protocolFloor(const Config::EffectiveSettings& effective);
QString protocolBelow(const QString& floor);

// An origin that rum.allow_origins admits (the first glob made concrete), or empty when none does.
QString allowedOriginFor(const Config::EffectiveSettings& effective);
inline constexpr char kDisallowedOrigin[] = "https://probe-disallowed.invalid";

} // namespace Probe
