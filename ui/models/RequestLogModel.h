// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "intake/RequestLog.h"

#include <QAbstractTableModel>

#include <deque>

// The stub's request log as a table, newest last, with a bounded history: past maxRows() the
// oldest rows are dropped. Status cells carry an icon and the status class in words.
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        ClientColumn,
        AgentColumn,
        ServiceColumn,
        EndpointColumn,
        AuthColumn,
        StatusColumn,
        VerdictColumn,
        ColumnCount
    };
    enum Role {
        StatusRole = Qt::UserRole + 1, // the HTTP status as an int
        SortRole,                      // time as ms since the epoch, status as an int, else the text
    };
    static constexpr int kDefaultMaxRows = 5000;

    explicit RequestLogModel(QObject* parent = nullptr);

    void append(const Intake::RequestLogEntry& entry);
    void clear();
    void setMaxRows(int rows);
    int maxRows() const { return m_maxRows; }
    const Intake::RequestLogEntry& entry(int row) const { return m_rows.at(size_t(row)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void trim();

    std::deque<Intake::RequestLogEntry> m_rows;
    int m_maxRows = kDefaultMaxRows;
};
