// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "widgets/FindingsView.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {
enum Column { SeverityColumn, MessageColumn, FixColumn, KeyColumn, ColumnCount };

int rank(Config::Severity s)
{
    return s == Config::Severity::Error ? 0 : s == Config::Severity::Warning ? 1 : 2;
}
} // namespace

FindingsView::FindingsView(QWidget* parent)
    : QWidget(parent), m_stack(new QStackedWidget(this)), m_emptyLabel(new QLabel(this)), m_tree(new QTreeWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    m_emptyLabel->setObjectName(QStringLiteral("findingsEmptyLabel"));
    m_emptyLabel->setText(tr("No problems found"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setFrameShape(QFrame::StyledPanel);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_emptyLabel->setFocusPolicy(Qt::TabFocus);
    m_emptyLabel->setAccessibleName(tr("Findings"));

    m_tree->setObjectName(QStringLiteral("findingsList"));
    m_tree->setAccessibleName(tr("Findings"));
    m_tree->setAccessibleDescription(tr("Problems found in the configuration; select one to see its fix."));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Severity"), tr("Message"), tr("Fix"), tr("Key")});
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(SeverityColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(FixColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(KeyColumn, QHeaderView::ResizeToContents);

    m_stack->addWidget(m_emptyLabel);
    m_stack->addWidget(m_tree);
    setFocusProxy(m_tree);

    connect(m_tree, &QTreeWidget::currentItemChanged, this, &FindingsView::emitCurrent);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const int row = m_tree->indexOfTopLevelItem(item);
        if (row >= 0 && row < m_findings.size())
            emit findingActivated(m_findings.at(row));
    });
}

void FindingsView::setCompact(bool compact)
{
    m_tree->setColumnHidden(KeyColumn, compact);
    m_tree->setUniformRowHeights(!compact);
    m_tree->setWordWrap(compact);
    m_tree->setTextElideMode(compact ? Qt::ElideNone : Qt::ElideRight);
}

void FindingsView::setFindings(const QList<Config::Finding>& findings)
{
    const std::optional<Config::Finding> previous = currentFinding();
    m_findings = findings;
    std::stable_sort(m_findings.begin(), m_findings.end(), [](const Config::Finding& a, const Config::Finding& b) {
        return rank(a.severity) < rank(b.severity);
    });

    const QSignalBlocker blocker(m_tree);
    m_tree->clear();
    int reselect = -1;
    for (int i = 0; i < m_findings.size(); ++i) {
        const Config::Finding& f = m_findings.at(i);
        auto* item = new QTreeWidgetItem(m_tree);
        item->setIcon(SeverityColumn, severityIcon(f.severity));
        item->setText(SeverityColumn, severityText(f.severity));
        item->setText(MessageColumn, f.message);
        item->setText(FixColumn, f.fix);
        item->setText(KeyColumn, f.key);
        const QString tip = f.key.isEmpty() ? f.message : tr("%1\nKey: %2").arg(f.message, f.key);
        item->setToolTip(SeverityColumn, tip);
        item->setToolTip(MessageColumn, tip);
        item->setToolTip(FixColumn, f.fix);
        item->setToolTip(KeyColumn, f.key);
        if (previous && previous->code == f.code && previous->key == f.key && previous->message == f.message)
            reselect = i;
    }
    m_stack->setCurrentWidget(m_findings.isEmpty() ? static_cast<QWidget*>(m_emptyLabel) : m_tree);
    if (reselect >= 0)
        m_tree->setCurrentItem(m_tree->topLevelItem(reselect));
}

std::optional<Config::Finding> FindingsView::currentFinding() const
{
    const int row = currentRow();
    if (row < 0 || row >= m_findings.size())
        return std::nullopt;
    return m_findings.at(row);
}

void FindingsView::setCurrentRow(int row)
{
    if (row < 0 || row >= m_tree->topLevelItemCount()) {
        m_tree->setCurrentItem(nullptr);
        return;
    }
    m_tree->setCurrentItem(m_tree->topLevelItem(row));
}

int FindingsView::currentRow() const
{
    QTreeWidgetItem* item = m_tree->currentItem();
    return item ? m_tree->indexOfTopLevelItem(item) : -1;
}

void FindingsView::setEmptyText(const QString& text)
{
    m_emptyLabel->setText(text);
}

QString FindingsView::severityText(Config::Severity severity)
{
    switch (severity) {
    case Config::Severity::Error:
        return tr("Error");
    case Config::Severity::Warning:
        return tr("Warning");
    case Config::Severity::Info:
        return tr("Info");
    }
    return {};
}

QString FindingsView::summary(const QList<Config::Finding>& findings)
{
    int errors = 0;
    int warnings = 0;
    int infos = 0;
    for (const Config::Finding& f : findings) {
        errors += f.severity == Config::Severity::Error ? 1 : 0;
        warnings += f.severity == Config::Severity::Warning ? 1 : 0;
        infos += f.severity == Config::Severity::Info ? 1 : 0;
    }
    QStringList parts;
    if (errors > 0)
        parts << (errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors));
    if (warnings > 0)
        parts << (warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings));
    if (infos > 0)
        parts << (infos == 1 ? tr("1 note") : tr("%1 notes").arg(infos));
    return parts.isEmpty() ? tr("No problems found") : parts.join(QStringLiteral(", "));
}

QIcon FindingsView::severityIcon(Config::Severity severity) const
{
    const QStyle::StandardPixmap pixmap = severity == Config::Severity::Error     ? QStyle::SP_MessageBoxCritical
                                          : severity == Config::Severity::Warning ? QStyle::SP_MessageBoxWarning
                                                                                  : QStyle::SP_MessageBoxInformation;
    return style()->standardIcon(pixmap, nullptr, this);
}

void FindingsView::emitCurrent()
{
    if (const auto f = currentFinding())
        emit currentFindingChanged(*f);
}
