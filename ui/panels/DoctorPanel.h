// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace Doctor {
class Doctor;
}

// The connection doctor: a URL with credentials, the step chain as a vertical list that fills in
// live (status, duration, evidence, causes, fix), and the error-text matcher with a button that runs
// the doctor step confirming the selected case. The doctor is the injected service.
class DoctorPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DoctorPanel(Doctor::Doctor* doctor, QWidget* parent = nullptr);
    ~DoctorPanel() override;

    QListWidget* stepList() const { return m_steps; }
    QListWidget* caseList() const { return m_cases; }

public slots:
    void setUrl(const QString& url);
    void setOrigin(const QString& origin);
    void run();
    void matchLogText(const QString& text);

signals:
    void runFinished();

private:
    void showStep(int index);

    Doctor::Doctor* const m_doctor;
    QLineEdit* m_url;
    QLineEdit* m_token;
    QLineEdit* m_ca;
    QLineEdit* m_origin;
    QPushButton* m_run;
    QLabel* m_summary;
    QListWidget* m_steps;
    QPlainTextEdit* m_log;
    QListWidget* m_cases;
    QPushButton* m_confirm;
};
