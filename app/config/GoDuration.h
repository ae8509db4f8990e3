// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/ServerSettings.h"

#include <QString>

#include <optional>

namespace Config {

// Parses a duration as APM Server's config library does: a Go duration string ("30s", "1m30s",
// "250ms", "1h") or a bare number, which go-ucfg reads as seconds. nullopt when malformed.
std::optional<Duration> parseGoDuration(const QString& text);
// Formats compactly in Go's units: 30s, 5m, 1m30s, 250ms, 1h.
QString formatGoDuration(Duration d);

} // namespace Config
