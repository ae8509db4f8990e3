// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QWidget>

#include <memory>

class QListWidget;

namespace Ui {
class DoctorPanel;
}

namespace Doctor {
class Doctor;
}

// The connection doctor: a URL with credentials, the step chain as a vertical list that fills in
// live (status, duration, evidence, causes, fix), and the error-text matcher with a button that runs
// what confirms the selected case: the doctor chain up to the case's step (that step highlighted),
// or, for a case a probe scenario confirms, a request to run that scenario (probeRequested()).
// The doctor is the injected service.
class DoctorPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DoctorPanel(Doctor::Doctor* doctor, QWidget* parent = nullptr);
    ~DoctorPanel() override;

    QListWidget* stepList() const;
    QListWidget* caseList() const;
    QString url() const;

public slots:
    void setUrl(const QString& url);
    void setOrigin(const QString& origin);
    void run();
    void matchLogText(const QString& text);
    // Runs what confirms the selected case (see confirmTarget()).
    void confirmSelectedCase();

public:
    // What confirms a case, from its "confirmWith": a doctor step index (probe empty), a probe
    // scenario (step -1, probe = category or family), or the whole chain (both empty/-1).
    struct ConfirmTarget
    {
        int step = -1;
        QString probe;
    };
    static ConfirmTarget confirmTarget(const QString& confirmWith);
    // The step the last run stopped after and highlighted (-1: the whole chain ran).
    int highlightedStep() const { return m_highlight; }

signals:
    void runFinished();
    // The selected case is confirmed by a probe scenario: the window runs it in the Probe panel.
    void probeRequested(const QString& scenario);

private:
    void showStep(int index);
    void startRun(int lastStep);
    void updateConfirm();

    const std::unique_ptr<Ui::DoctorPanel> m_ui;
    Doctor::Doctor* const m_doctor;
    int m_lastStep = -1;
    int m_highlight = -1;
};
