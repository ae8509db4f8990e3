// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/EffectiveSettings.h"

#include <QAbstractTableModel>

// The rows of EffectiveSettings::explain(): key, effective value, where it comes from (the file,
// APM Server's default, or derived by a rule), the rule in one sentence, and the reference section.
// Values set in the file are bold and say "file" in the Source column (not colour alone).
class EffectiveSettingsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { KeyColumn, ValueColumn, SourceColumn, RuleColumn, SectionColumn, ColumnCount };

    explicit EffectiveSettingsModel(QObject* parent = nullptr);

    // Replaces the rows with `effective.explain()`.
    void setEffectiveSettings(const Config::EffectiveSettings& effective);
    const Config::Explanation& explanation(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString sourceText(const Config::Explanation& row) const;
    QString toolTip(const Config::Explanation& row) const;

    QList<Config::Explanation> m_rows;
    Config::Profile m_profile = Config::Profile::V8_19;
};
