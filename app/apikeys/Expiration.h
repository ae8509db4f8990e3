// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"

#include <QString>

#include <chrono>

namespace ApiKeys {

// Parses an API-key lifetime the way `apm-server apikey create --expiration` passes it on to
// Elasticsearch: a whole positive number followed by a unit, ms, s, m, h or d (Elasticsearch's time
// units, case-insensitive, surrounding spaces ignored), plus w for weeks, e.g. "1s", "10m", "2h",
// "1d", "3w". Fails with a message that shows a valid example; zero, negative, fractional and
// unit-less values, and lifetimes beyond 1000 years, are refused.
Core::Result<std::chrono::milliseconds> parseExpiration(const QString& text);

} // namespace ApiKeys
