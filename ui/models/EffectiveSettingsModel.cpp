// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "models/EffectiveSettingsModel.h"

#include "config/SettingsSchema.h"

#include <QFont>
#include <QPalette>

EffectiveSettingsModel::EffectiveSettingsModel(QObject* parent) : QAbstractTableModel(parent)
{
}

void EffectiveSettingsModel::setEffectiveSettings(const Config::EffectiveSettings& effective)
{
    const QList<Config::Explanation> rows = effective.explain();
    if (rows.size() == m_rows.size() && m_profile == effective.profile) {
        // Same shape (the usual case while typing): update in place, keeping selection and scroll.
        m_rows = rows;
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    m_profile = effective.profile;
    endResetModel();
}

int EffectiveSettingsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EffectiveSettingsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EffectiveSettingsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Config::Explanation& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return row.key;
        case ValueColumn:
            return row.value.isEmpty() ? tr("(none)") : row.value;
        case SourceColumn:
            return sourceText(row);
        case RuleColumn:
            return row.rule;
        case SectionColumn:
            return row.section;
        }
        break;
    case Qt::ToolTipRole:
        return toolTip(row);
    case Qt::FontRole:
        if (row.fromFile) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == ValueColumn && row.value.isEmpty())
            return QPalette().color(QPalette::PlaceholderText);
        break;
    case Qt::AccessibleTextRole:
        if (index.column() == KeyColumn)
            return row.fromFile ? tr("%1 (set in the file)").arg(row.key) : row.key;
        break;
    default:
        break;
    }
    return {};
}

QVariant EffectiveSettingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case KeyColumn:
            return tr("Key");
        case ValueColumn:
            return tr("Effective value");
        case SourceColumn:
            return tr("Source");
        case RuleColumn:
            return tr("Rule (why)");
        case SectionColumn:
            return tr("Section");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case KeyColumn:
            return tr("The apm-server.yml key, or a behaviour in parentheses that several keys decide");
        case ValueColumn:
            return tr("What APM Server will actually use");
        case SourceColumn:
            return tr("file: set in this file · default: APM Server's default · derived: decided by a rule");
        case RuleColumn:
            return tr("Why APM Server ends up with this value");
        case SectionColumn:
            return tr("Section of the APM Server behaviour reference");
        }
    }
    return {};
}

QString EffectiveSettingsModel::sourceText(const Config::Explanation& row) const
{
    if (row.fromFile)
        return tr("file");
    return row.key.startsWith(QLatin1Char('(')) ? tr("derived") : tr("default");
}

QString EffectiveSettingsModel::toolTip(const Config::Explanation& row) const
{
    QStringList lines;
    lines << row.key;
    if (const Config::KeyInfo* info = Config::findKey(row.key)) {
        lines << info->helpText();
        const QString def = info->defaultFor(m_profile);
        lines << tr("Default in APM Server %1: %2")
                     .arg(Config::profileName(m_profile), def.isEmpty() ? tr("(none)") : def);
    }
    lines << tr("Effective: %1").arg(row.value.isEmpty() ? tr("(none)") : row.value);
    if (!row.rule.isEmpty())
        lines << tr("Why: %1").arg(row.rule);
    return lines.join(QLatin1Char('\n'));
}
