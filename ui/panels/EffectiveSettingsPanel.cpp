// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/EffectiveSettingsPanel.h"

#include "config/Document.h"
#include "models/EffectiveSettingsModel.h"

#include "ui_EffectiveSettingsPanel.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>

EffectiveSettingsPanel::EffectiveSettingsPanel(Config::Document* document, QWidget* parent)
    : QWidget(parent),
      m_ui(std::make_unique<Ui::EffectiveSettingsPanel>()),
      m_document(document),
      m_model(new EffectiveSettingsModel(this)),
      m_proxy(new QSortFilterProxyModel(this))
{
    Q_ASSERT(m_document);
    m_ui->setupUi(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_ui->effectiveView->setModel(m_proxy);

    QHeaderView* header = m_ui->effectiveView->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(EffectiveSettingsModel::KeyColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(EffectiveSettingsModel::ValueColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(EffectiveSettingsModel::SourceColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(EffectiveSettingsModel::RuleColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(EffectiveSettingsModel::SectionColumn, QHeaderView::ResizeToContents);
    header->resizeSection(EffectiveSettingsModel::ValueColumn, fontMetrics().horizontalAdvance(QLatin1Char('x')) * 24);

    QFont title = m_ui->titleLabel->font();
    title.setBold(true);
    m_ui->titleLabel->setFont(title);
    m_ui->legendLabel->setForegroundRole(QPalette::PlaceholderText);

    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, &EffectiveSettingsPanel::setFilterText);
    connect(m_document, &Config::Document::changed, this, &EffectiveSettingsPanel::refresh);
    refresh();
}

EffectiveSettingsPanel::~EffectiveSettingsPanel() = default;

void EffectiveSettingsPanel::setFilterText(const QString& text)
{
    if (m_ui->filterEdit->text() != text)
        m_ui->filterEdit->setText(text);
    m_proxy->setFilterFixedString(text);
}

void EffectiveSettingsPanel::refresh()
{
    const Config::EffectiveSettings& effective = m_document->effective();
    m_ui->titleLabel->setText(tr("What APM Server %1 does with %2")
                                  .arg(Config::profileVersion(m_document->profile()), m_document->displayName()));
    m_model->setEffectiveSettings(effective);

    if (effective.canStart()) {
        m_ui->startupErrorBar->clear();
        return;
    }
    QStringList reasons;
    for (const Config::StartupError& e : effective.startupErrors) {
        QString reason = e.key.isEmpty() ? e.message : QStringLiteral("%1: %2").arg(e.key, e.message);
        if (!e.section.isEmpty())
            reason += QStringLiteral(" (%1)").arg(e.section);
        reasons << reason;
    }
    m_ui->startupErrorBar->showMessage(
        tr("APM Server would refuse to start: %1").arg(reasons.join(QStringLiteral("; "))), Config::Severity::Error);
}
