// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/TextDiff.h"

#include <dtl/dtl.hpp>

#include <vector>

namespace Config {

namespace {

// Splits into lines that keep their terminator ("\n" or "\r\n"); the last line may have none.
std::vector<QString> splitKeepingTerminators(const QString& text)
{
    std::vector<QString> lines;
    qsizetype start = 0;
    while (start < text.size()) {
        const qsizetype nl = text.indexOf(QLatin1Char('\n'), start);
        if (nl < 0) {
            lines.push_back(text.mid(start));
            break;
        }
        lines.push_back(text.mid(start, nl - start + 1));
        start = nl + 1;
    }
    return lines;
}

DiffLine makeLine(DiffLine::Kind kind, const QString& raw, int oldLine, int newLine)
{
    DiffLine line;
    line.kind = kind;
    line.oldLine = oldLine;
    line.newLine = newLine;
    line.missingNewline = !raw.endsWith(QLatin1Char('\n'));
    line.text = raw;
    if (line.text.endsWith(QLatin1Char('\n')))
        line.text.chop(1);
    if (line.text.endsWith(QLatin1Char('\r')))
        line.text.chop(1);
    return line;
}

} // namespace

QString DiffHunk::header() const
{
    return QStringLiteral("@@ -%1,%2 +%3,%4 @@").arg(oldStart).arg(oldCount).arg(newStart).arg(newCount);
}

QList<DiffHunk> diffHunks(const QString& before, const QString& after, int context)
{
    if (before == after)
        return {};
    context = std::max(context, 0);
    const std::vector<QString> a = splitKeepingTerminators(before);
    const std::vector<QString> b = splitKeepingTerminators(after);

    // dtl computes the shortest edit script; grouping it into hunks with context is ours.
    dtl::Diff<QString, std::vector<QString>> diff(a, b);
    diff.compose();
    const auto ses = diff.getSes().getSequence();

    QList<DiffLine> all;
    all.reserve(static_cast<qsizetype>(ses.size()));
    int oldLine = 0;
    int newLine = 0;
    for (const auto& [text, info] : ses) {
        if (info.type == dtl::SES_COMMON)
            all.append(makeLine(DiffLine::Kind::Context, text, ++oldLine, ++newLine));
        else if (info.type == dtl::SES_DELETE)
            all.append(makeLine(DiffLine::Kind::Removed, text, ++oldLine, 0));
        else
            all.append(makeLine(DiffLine::Kind::Added, text, 0, ++newLine));
    }

    // Each change keeps `context` lines either side; changes whose context touches merge.
    QList<DiffHunk> hunks;
    const qsizetype n = all.size();
    qsizetype i = 0;
    while (i < n) {
        if (all.at(i).kind == DiffLine::Kind::Context) {
            ++i;
            continue;
        }
        qsizetype first = std::max<qsizetype>(0, i - context);
        qsizetype last = i; // last changed line in this hunk
        qsizetype j = i + 1;
        while (j < n) {
            if (all.at(j).kind != DiffLine::Kind::Context) {
                last = j;
                ++j;
                continue;
            }
            // Run of unchanged lines: does another change follow within 2 × context?
            qsizetype k = j;
            while (k < n && all.at(k).kind == DiffLine::Kind::Context)
                ++k;
            if (k < n && k - j <= 2 * context) {
                j = k;
                continue;
            }
            break;
        }
        const qsizetype end = std::min(n, last + 1 + context);

        DiffHunk hunk;
        for (qsizetype x = first; x < end; ++x) {
            const DiffLine& line = all.at(x);
            hunk.lines.append(line);
            if (line.kind != DiffLine::Kind::Added) {
                if (hunk.oldCount++ == 0)
                    hunk.oldStart = line.oldLine;
            }
            if (line.kind != DiffLine::Kind::Removed) {
                if (hunk.newCount++ == 0)
                    hunk.newStart = line.newLine;
            }
        }
        // As diff(1) does: an empty side names the line before the hunk.
        if (hunk.oldCount == 0)
            hunk.oldStart = first > 0 ? all.at(first - 1).oldLine : 0;
        if (hunk.newCount == 0)
            hunk.newStart = first > 0 ? all.at(first - 1).newLine : 0;
        hunks.append(hunk);
        i = end;
    }
    return hunks;
}

QString unifiedDiff(const QString& before, const QString& after, const QString& nameA, const QString& nameB,
                    int context)
{
    const QList<DiffHunk> hunks = diffHunks(before, after, context);
    if (hunks.isEmpty())
        return {};
    QString out;
    out += QStringLiteral("--- ") + nameA + QLatin1Char('\n');
    out += QStringLiteral("+++ ") + nameB + QLatin1Char('\n');
    for (const DiffHunk& hunk : hunks) {
        out += hunk.header() + QLatin1Char('\n');
        for (const DiffLine& line : hunk.lines) {
            const QChar mark = line.kind == DiffLine::Kind::Added     ? QLatin1Char('+')
                               : line.kind == DiffLine::Kind::Removed ? QLatin1Char('-')
                                                                      : QLatin1Char(' ');
            out += mark + line.text + QLatin1Char('\n');
            if (line.missingNewline)
                out += QStringLiteral("\\ No newline at end of file\n");
        }
    }
    return out;
}

} // namespace Config
