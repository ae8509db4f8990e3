// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/Finding.h"

#include <QFrame>

class QLabel;

// An inline message strip at the top of a panel (parse errors, start-up errors): an icon, the
// severity in words and the message, on a background tinted from the palette. Hidden when clear.
class MessageBar : public QFrame
{
    Q_OBJECT

public:
    explicit MessageBar(QWidget* parent = nullptr);

    // Shows `text` (plain text) with the severity's icon and title; the bar becomes visible.
    void showMessage(const QString& text, Config::Severity severity = Config::Severity::Error);
    // Hides the bar.
    void clear();
    QString text() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyColours();

    QLabel* m_icon;
    QLabel* m_label;
    Config::Severity m_severity = Config::Severity::Error;
};
