// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "models/RequestLogModel.h"

#include <QApplication>
#include <QStyle>

RequestLogModel::RequestLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void RequestLogModel::append(const Intake::RequestLogEntry& entry)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.push_back(entry);
    endInsertRows();
    trim();
}

void RequestLogModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void RequestLogModel::setMaxRows(int rows)
{
    m_maxRows = std::max(1, rows);
    trim();
}

void RequestLogModel::trim()
{
    const int excess = int(m_rows.size()) - m_maxRows;
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + excess);
    endRemoveRows();
}

int RequestLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Intake::RequestLogEntry& e = entry(index.row());
    if (role == StatusRole)
        return e.status;
    if (role == SortRole) {
        if (index.column() == TimeColumn)
            return e.time.toMSecsSinceEpoch();
        return data(index, index.column() == StatusColumn ? StatusRole : int(Qt::DisplayRole));
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn:
            return e.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        case ClientColumn:
            return e.client;
        case AgentColumn:
            return e.agentName;
        case ServiceColumn:
            return e.serviceName;
        case EndpointColumn:
            return e.method + QLatin1Char(' ') + e.target.section(QLatin1Char('?'), 0, 0);
        case AuthColumn:
            return Intake::authMethodName(e.auth);
        case StatusColumn:
            return e.status;
        case VerdictColumn:
            return e.verdict;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case TimeColumn:
            return e.time.toLocalTime().toString(Qt::ISODateWithMs);
        case ClientColumn:
            return tr("%1 (from the %2)").arg(e.client, e.clientSource.isEmpty() ? tr("peer address") : e.clientSource);
        case EndpointColumn:
            return tr("%1: %2 %3").arg(Intake::endpointName(e.endpoint), e.method, e.target);
        case AuthColumn:
            return e.authDetail.isEmpty() ? Intake::authMethodName(e.auth) : e.authDetail;
        default:
            return e.verdict;
        }
    }
    if (role == Qt::DecorationRole && index.column() == StatusColumn) {
        // Icon and number, never colour alone.
        QStyle* style = QApplication::style();
        if (e.status >= 500)
            return style->standardIcon(QStyle::SP_MessageBoxCritical);
        if (e.status >= 400)
            return style->standardIcon(QStyle::SP_MessageBoxWarning);
        return style->standardIcon(QStyle::SP_DialogApplyButton);
    }
    if (role == Qt::AccessibleTextRole && index.column() == StatusColumn)
        return tr("Status %1").arg(e.status);
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ClientColumn:
        return tr("Client");
    case AgentColumn:
        return tr("Agent");
    case ServiceColumn:
        return tr("Service");
    case EndpointColumn:
        return tr("Endpoint");
    case AuthColumn:
        return tr("Auth");
    case StatusColumn:
        return tr("Status");
    case VerdictColumn:
        return tr("Verdict");
    default:
        return {};
    }
}
