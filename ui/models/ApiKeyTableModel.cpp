// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "models/ApiKeyTableModel.h"

#include <QStringList>

namespace {

QString timeText(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

} // namespace

ApiKeyTableModel::ApiKeyTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ApiKeyTableModel::setKeys(const QList<ApiKeys::ApiKey>& keys, const QDateTime& now)
{
    beginResetModel();
    m_keys = keys;
    m_now = now;
    endResetModel();
}

QString ApiKeyTableModel::statusText(const ApiKeys::ApiKey& key, const QDateTime& now)
{
    if (key.invalidated)
        return tr("invalidated");
    if (key.isExpired(now))
        return tr("expired");
    return tr("valid");
}

int ApiKeyTableModel::rowOfId(const QString& id) const
{
    for (int i = 0; i < m_keys.size(); ++i)
        if (m_keys.at(i).id == id)
            return i;
    return -1;
}

int ApiKeyTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int ApiKeyTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApiKeyTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_keys.size())
        return {};
    const ApiKeys::ApiKey& key = m_keys.at(index.row());
    if (role == IdRole)
        return key.id;
    if (role == Qt::ToolTipRole && index.column() == StatusColumn) {
        if (key.invalidated)
            return tr("Invalidated: APM Server answers 401 for it.");
        if (key.isExpired(m_now))
            return tr("Expired: APM Server answers 401 for it.");
        return tr("Accepted by APM Server for the privileges it holds.");
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return key.name;
    case IdColumn:
        return key.id;
    case PrivilegesColumn: {
        QStringList names;
        for (const ApiKeys::Privilege p : key.privileges)
            names << ApiKeys::privilegeName(p);
        return names.join(QStringLiteral(", "));
    }
    case CreatedColumn:
        return timeText(key.creation);
    case ExpiresColumn:
        return key.expiration ? timeText(*key.expiration) : tr("never");
    case StatusColumn:
        return statusText(key, m_now);
    default:
        return {};
    }
}

QVariant ApiKeyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case IdColumn:
        return tr("ID");
    case PrivilegesColumn:
        return tr("Privileges");
    case CreatedColumn:
        return tr("Created");
    case ExpiresColumn:
        return tr("Expires");
    case StatusColumn:
        return tr("Status");
    default:
        return {};
    }
}
