// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "widgets/DiffDialog.h"

#include "ui_DiffDialog.h"

#include <QDir>
#include <QPushButton>

DiffDialog::DiffDialog(QWidget* parent) : QDialog(parent), m_ui(std::make_unique<Ui::DiffDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("diffDialog"));
    QPushButton* save = m_ui->buttonBox->button(QDialogButtonBox::Save);
    save->setDefault(true);
    save->setToolTip(tr("Write these changes to the file (the previous version is kept as a .bak file)"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setToolTip(tr("Keep editing; nothing is written"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_ui->diffView->setFocus();
}

DiffDialog::~DiffDialog() = default;

void DiffDialog::setTexts(const QString& before, const QString& after, const QString& targetPath)
{
    m_ui->diffView->setTexts(before, after);
    const QString file = QDir::toNativeSeparators(targetPath);
    m_ui->introLabel->setText(
        tr("These changes will be written to %1. The previous version is kept as %1.bak.").arg(file));
    const int added = m_ui->diffView->addedLines();
    const int removed = m_ui->diffView->removedLines();
    const QString addedText = added == 1 ? tr("1 line added") : tr("%1 lines added").arg(added);
    const QString removedText = removed == 1 ? tr("1 line removed") : tr("%1 lines removed").arg(removed);
    m_ui->summaryLabel->setText(tr("%1, %2").arg(removedText, addedText));
}

const QList<Config::DiffHunk>& DiffDialog::hunks() const
{
    return m_ui->diffView->hunks();
}
