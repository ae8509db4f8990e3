// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QList>
#include <QString>

namespace Config {

// One line of a diff hunk. `text` is the line without its terminator.
struct DiffLine
{
    enum class Kind { Context, Removed, Added };
    Kind kind = Kind::Context;
    QString text;
    int oldLine = 0;             // 1-based line in the old text, 0 for an added line
    int newLine = 0;             // 1-based line in the new text, 0 for a removed line
    bool missingNewline = false; // last line of its text, without a line terminator

    bool operator==(const DiffLine&) const = default;
};

// A unified-diff hunk: changed lines with up to `context` unchanged lines around them.
struct DiffHunk
{
    int oldStart = 0; // 1-based first line of the hunk in the old text (0 if it covers no old line)
    int oldCount = 0;
    int newStart = 0;
    int newCount = 0;
    QList<DiffLine> lines;

    // "@@ -oldStart,oldCount +newStart,newCount @@"
    QString header() const;
};

// Line diff of two texts (computed by dtl). Lines compare with their terminators, so a change of
// line ending ("\n" vs "\r\n") or of the final newline counts as a change. No hunks if equal.
QList<DiffHunk> diffHunks(const QString& before, const QString& after, int context = 3);

// The diff as unified-diff text ("--- nameA", "+++ nameB", hunks); empty if the texts are equal.
QString unifiedDiff(const QString& before, const QString& after, const QString& nameA, const QString& nameB,
                    int context = 3);

} // namespace Config
