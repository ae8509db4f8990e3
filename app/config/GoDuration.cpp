// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/GoDuration.h"

#include <QRegularExpression>

#include <cmath>

namespace Config {

std::optional<Duration> parseGoDuration(const QString& input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const double seconds = text.toDouble(&isNumber);
    if (isNumber) // go-ucfg: a plain number is a count of seconds
        return std::isfinite(seconds) && seconds >= 0 ? std::optional(Duration(qint64(std::llround(seconds * 1000))))
                                                      : std::nullopt;
    // Go's time.ParseDuration: optional sign, then one or more <decimal><unit> pairs.
    qsizetype i = 0;
    bool negative = false;
    if (text.at(0) == QLatin1Char('-') || text.at(0) == QLatin1Char('+')) {
        negative = text.at(0) == QLatin1Char('-');
        ++i;
    }
    if (i >= text.size())
        return std::nullopt;
    double totalMs = 0;
    while (i < text.size()) {
        const qsizetype numStart = i;
        while (i < text.size() && (text.at(i).isDigit() || text.at(i) == QLatin1Char('.')))
            ++i;
        if (i == numStart)
            return std::nullopt;
        bool ok = false;
        const double value = text.mid(numStart, i - numStart).toDouble(&ok);
        if (!ok)
            return std::nullopt;
        const qsizetype unitStart = i;
        while (i < text.size() && !text.at(i).isDigit() && text.at(i) != QLatin1Char('.'))
            ++i;
        const QString unit = text.mid(unitStart, i - unitStart);
        double factorMs = 0;
        if (unit == QLatin1String("ns"))
            factorMs = 1e-6;
        else if (unit == QLatin1String("us") || unit == QStringLiteral("\u00b5s") || unit == QStringLiteral("\u03bcs"))
            factorMs = 1e-3;
        else if (unit == QLatin1String("ms"))
            factorMs = 1;
        else if (unit == QLatin1String("s"))
            factorMs = 1000;
        else if (unit == QLatin1String("m"))
            factorMs = 60 * 1000;
        else if (unit == QLatin1String("h"))
            factorMs = 3600 * 1000;
        else
            return std::nullopt; // includes a missing unit ("30"), which Go rejects inside a string like "1m30"
        totalMs += value * factorMs;
    }
    if (negative)
        totalMs = -totalMs;
    return Duration(qint64(std::llround(totalMs)));
}

QString formatGoDuration(Duration d)
{
    qint64 ms = d.count();
    if (ms == 0)
        return QStringLiteral("0s");
    QString out;
    if (ms < 0) {
        out += QLatin1Char('-');
        ms = -ms;
    }
    if (ms < 1000)
        return out + QString::number(ms) + QStringLiteral("ms");
    const qint64 h = ms / 3600000;
    const qint64 m = (ms / 60000) % 60;
    const qint64 s = (ms / 1000) % 60;
    const qint64 rest = ms % 1000;
    if (h)
        out += QString::number(h) + QLatin1Char('h');
    if (m)
        out += QString::number(m) + QLatin1Char('m');
    if (s || rest) {
        out += QString::number(s);
        if (rest)
            out += QLatin1Char('.') + QString::number(rest).rightJustified(3, QLatin1Char('0')).remove(QRegularExpression(QStringLiteral("0+$")));
        out += QLatin1Char('s');
    }
    return out;
}

} // namespace Config
