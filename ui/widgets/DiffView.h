// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/TextDiff.h"

#include <QPlainTextEdit>

// A read-only unified diff: line numbers, +/- markers, added and removed lines on backgrounds
// derived from the palette (the markers carry the meaning too, not colour alone). Monospace.
class DiffView : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit DiffView(QWidget* parent = nullptr);

    // Diffs `before` against `after` and shows the result (or `emptyText` when they are equal).
    void setTexts(const QString& before, const QString& after);
    const QList<Config::DiffHunk>& hunks() const { return m_hunks; }
    int addedLines() const;
    int removedLines() const;
    // Shown when there is no difference.
    void setEmptyText(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    QList<Config::DiffHunk> m_hunks;
    QString m_emptyText;
};
