// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "apikeys/Expiration.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace ApiKeys {

namespace {

// Longest unit first so "ms" is not read as "m" followed by garbage.
constexpr std::array<std::pair<const char*, qint64>, 6> kUnits{{
    {"ms", 1},
    {"s", 1000},
    {"m", 60 * 1000},
    {"h", 60 * 60 * 1000},
    {"d", 24 * 60 * 60 * 1000},
    {"w", 7 * 24 * 60 * 60 * 1000},
}};

// Far enough for any real key, near enough that the date stays printable as ISO 8601.
constexpr qint64 kMaxMs = qint64(1000) * 366 * 24 * 60 * 60 * 1000;

} // namespace

Core::Result<std::chrono::milliseconds> parseExpiration(const QString& text)
{
    const auto invalid = [&text](const QString& why) {
        return Core::makeError(
            QStringLiteral("apikeys.invalid-expiration"),
            QCoreApplication::translate("ApiKeys::Expiration", "Invalid expiration '%1': %2.").arg(text, why), {},
            QCoreApplication::translate("ApiKeys::Expiration",
                                        "Use a whole number with a unit ms, s, m, h, d or w, e.g. 1d or 12h."));
    };
    // Elasticsearch's TimeValue parsing trims and lower-cases before looking at the unit.
    const QString normalised = text.trimmed().toLower();
    if (normalised.isEmpty())
        return invalid(QCoreApplication::translate("ApiKeys::Expiration", "it is empty"));
    for (const auto& [unit, factor] : kUnits) {
        const QLatin1String suffix(unit);
        if (!normalised.endsWith(suffix))
            continue;
        const QString number = normalised.chopped(suffix.size());
        bool digitsOnly = !number.isEmpty();
        for (const QChar c : number)
            digitsOnly = digitsOnly && c >= QLatin1Char('0') && c <= QLatin1Char('9');
        if (!digitsOnly) {
            if (number.contains(QLatin1Char('.')))
                return invalid(
                    QCoreApplication::translate("ApiKeys::Expiration", "fractional values are not supported"));
            if (number.startsWith(QLatin1Char('-')))
                return invalid(QCoreApplication::translate("ApiKeys::Expiration", "it must be positive"));
            return invalid(
                QCoreApplication::translate("ApiKeys::Expiration", "'%1' is not a whole number").arg(number));
        }
        bool ok = false;
        const qint64 value = number.toLongLong(&ok);
        if (!ok || value > kMaxMs / factor)
            return invalid(QCoreApplication::translate("ApiKeys::Expiration", "it is longer than 1000 years"));
        if (value == 0)
            return invalid(QCoreApplication::translate("ApiKeys::Expiration", "it must be positive"));
        return std::chrono::milliseconds(value * factor);
    }
    return invalid(QCoreApplication::translate("ApiKeys::Expiration", "the unit is missing or unknown"));
}

} // namespace ApiKeys
