// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/TextDiff.h"

#include <QDialog>

#include <memory>

namespace Ui {
class DiffDialog;
}

// "Nothing destructive without a preview": the diff of what Save would write, with Save/Cancel.
class DiffDialog : public QDialog
{
    Q_OBJECT

public:
    explicit DiffDialog(QWidget* parent = nullptr);
    ~DiffDialog() override;

    // Shows the diff of the saved text against the text about to be written to `targetPath`.
    void setTexts(const QString& before, const QString& after, const QString& targetPath);
    // The hunks on display (for tests and the summary).
    const QList<Config::DiffHunk>& hunks() const;

private:
    const std::unique_ptr<Ui::DiffDialog> m_ui;
};
