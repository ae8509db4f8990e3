// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "apikeys/ApiKey.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

// The API keys of a registry as a table: name, id, privileges, created, expires and the status
// (valid, expired or invalidated at the time given to setKeys()). Times are shown in UTC.
class ApiKeyTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, IdColumn, PrivilegesColumn, CreatedColumn, ExpiresColumn, StatusColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1, // the key's id, on every cell
    };

    explicit ApiKeyTableModel(QObject* parent = nullptr);

    void setKeys(const QList<ApiKeys::ApiKey>& keys, const QDateTime& now);
    const QList<ApiKeys::ApiKey>& keys() const { return m_keys; }
    // "valid", "expired" or "invalidated".
    static QString statusText(const ApiKeys::ApiKey& key, const QDateTime& now);
    int rowOfId(const QString& id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ApiKeys::ApiKey> m_keys;
    QDateTime m_now;
};
