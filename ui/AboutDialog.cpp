// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "AboutDialog.h"

#include "ui_AboutDialog.h"

#include <QIcon>
#include <QPushButton>
#include <QSslSocket>

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent), m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("aboutDialog"));
    m_ui->iconLabel->setPixmap(QIcon(QStringLiteral(":/icons/apm-gatekeeper.svg")).pixmap(64, 64));
    QFont name = m_ui->nameLabel->font();
    name.setBold(true);
    name.setPointSizeF(name.pointSizeF() * 1.5);
    m_ui->nameLabel->setFont(name);
    m_ui->versionLabel->setText(tr("Version %1").arg(QStringLiteral(GATEKEEPER_VERSION)));
    const QString ssl = QSslSocket::sslLibraryVersionString();
    m_ui->librariesLabel->setText(tr("Qt %1 (built with %2) · %3")
                                      .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
                                           ssl.isEmpty() ? tr("no TLS library loaded") : ssl));
    m_ui->buttonBox->button(QDialogButtonBox::Close)->setToolTip(tr("Close this window"));
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

AboutDialog::~AboutDialog() = default;
