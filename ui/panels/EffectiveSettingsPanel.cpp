// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/EffectiveSettingsPanel.h"

#include "config/Document.h"
#include "models/EffectiveSettingsModel.h"

#include "ui_EffectiveSettingsPanel.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>

namespace {

bool wraps(int column)
{
    return column == EffectiveSettingsModel::ValueColumn || column == EffectiveSettingsModel::RuleColumn;
}

// Rules are sentences: rows grow to show values and rules whole, wrapped at the column's current
// width (QTreeView asks the delegate for a height without telling it the width). Keys never wrap.
class WrappingDelegate : public QStyledItemDelegate
{
public:
    explicit WrappingDelegate(QTreeView* view) : QStyledItemDelegate(view), m_view(view) {}

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem opt = option;
        // The style wraps only within a valid rectangle; the height is irrelevant to the hint.
        if (wraps(index.column()))
            opt.rect = QRect(0, 0, m_view->columnWidth(index.column()), 1);
        return QStyledItemDelegate::sizeHint(opt, index);
    }

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (!wraps(index.column()))
            option->features &= ~QStyleOptionViewItem::WrapText;
        option->displayAlignment = Qt::AlignLeft | Qt::AlignTop;
    }

private:
    QTreeView* m_view;
};

} // namespace

EffectiveSettingsPanel::EffectiveSettingsPanel(Config::Document* document, QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::EffectiveSettingsPanel>()), m_document(document),
      m_model(new EffectiveSettingsModel(this)), m_proxy(new QSortFilterProxyModel(this))
{
    Q_ASSERT(m_document);
    m_ui->setupUi(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_ui->effectiveView->setModel(m_proxy);

    m_ui->effectiveView->setItemDelegate(new WrappingDelegate(m_ui->effectiveView));
    QHeaderView* header = m_ui->effectiveView->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(EffectiveSettingsModel::KeyColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(EffectiveSettingsModel::ValueColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(EffectiveSettingsModel::SourceColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(EffectiveSettingsModel::RuleColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(EffectiveSettingsModel::SectionColumn, QHeaderView::ResizeToContents);
    header->resizeSection(EffectiveSettingsModel::ValueColumn, fontMetrics().horizontalAdvance(QLatin1Char('x')) * 20);
    connect(header, &QHeaderView::sectionResized, m_ui->effectiveView, &QTreeView::doItemsLayout);

    QFont title = m_ui->titleLabel->font();
    title.setBold(true);
    m_ui->titleLabel->setFont(title);
    m_ui->legendLabel->setForegroundRole(QPalette::PlaceholderText);

    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, &EffectiveSettingsPanel::setFilterText);
    // The tooltip's content (help text, default, rule) for the current row, reachable by keyboard.
    m_ui->detailLabel->hide();
    connect(m_ui->effectiveView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                const QString detail = current.siblingAtColumn(0).data(Qt::ToolTipRole).toString();
                m_ui->detailLabel->setText(detail);
                m_ui->detailLabel->setVisible(!detail.isEmpty());
            });
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
    const QString text = reasons.size() == 1 ? tr("APM Server would refuse to start: %1").arg(reasons.first())
                                             : tr("APM Server would refuse to start:") + QStringLiteral("\n• ") +
                                                   reasons.join(QStringLiteral("\n• "));
    m_ui->startupErrorBar->showMessage(text, Config::Severity::Error);
}
