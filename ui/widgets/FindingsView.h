// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/Finding.h"

#include <QWidget>

#include <optional>

class QLabel;
class QStackedWidget;
class QTreeWidget;

// The list of findings every panel shows alike (linter, certificates, probe): severity as icon and
// word, the one-line message, the fix and the YAML key. Errors first. Shows an empty state when
// there is nothing to report.
class FindingsView : public QWidget
{
    Q_OBJECT

public:
    explicit FindingsView(QWidget* parent = nullptr);

    // Replaces the list; the selected finding stays selected when it is still present.
    void setFindings(const QList<Config::Finding>& findings);
    // The findings in display order (errors, warnings, information).
    QList<Config::Finding> findings() const { return m_findings; }
    std::optional<Config::Finding> currentFinding() const;
    // Selects the finding at `row` of the display order (-1 clears the selection).
    void setCurrentRow(int row);
    int currentRow() const;
    // Text shown when there are no findings (default "No problems found").
    void setEmptyText(const QString& text);
    // For narrow places: no Key column (the key stays in the tooltip), messages and fixes wrap
    // instead of being cut to a few letters.
    void setCompact(bool compact);

    static QString severityText(Config::Severity severity);
    // "2 errors, 3 warnings" (or "No problems found").
    static QString summary(const QList<Config::Finding>& findings);
    QIcon severityIcon(Config::Severity severity) const;

signals:
    // The selection moved to `finding` (not emitted when the selection is cleared).
    void currentFindingChanged(const Config::Finding& finding);
    // Enter or double-click on a finding.
    void findingActivated(const Config::Finding& finding);

private:
    void emitCurrent();

    QStackedWidget* m_stack;
    QLabel* m_emptyLabel;
    QTreeWidget* m_tree;
    QList<Config::Finding> m_findings;
};
