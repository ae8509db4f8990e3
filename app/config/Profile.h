// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QString>

#include <optional>

namespace Config {

// The APM Server release whose behaviour is emulated and explained (reference §8).
enum class Profile {
    V7_15, // APM Server 7.15.2
    V8_19, // APM Server 8.19.x
};

inline QString profileName(Profile p)
{
    return p == Profile::V7_15 ? QStringLiteral("7.15") : QStringLiteral("8.19");
}

inline QString profileVersion(Profile p)
{
    return p == Profile::V7_15 ? QStringLiteral("7.15.2") : QStringLiteral("8.19.20");
}

// Accepts "7.15", "7.15.2", "8.19", "8.19.20", "7", "8".
inline std::optional<Profile> parseProfile(const QString& text)
{
    const QString t = text.trimmed();
    if (t == QLatin1String("7.15") || t == QLatin1String("7.15.2") || t == QLatin1String("7"))
        return Profile::V7_15;
    if (t == QLatin1String("8.19") || t.startsWith(QLatin1String("8.19.")) || t == QLatin1String("8"))
        return Profile::V8_19;
    return std::nullopt;
}

} // namespace Config
