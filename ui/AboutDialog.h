// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class AboutDialog;
}

// Help → About: name, version, what the application does, and the Qt and OpenSSL versions in use.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget* parent = nullptr);
    ~AboutDialog() override;

private:
    const std::unique_ptr<Ui::AboutDialog> m_ui;
};
