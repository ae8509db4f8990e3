// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/DoctorPanel.h"

#include "ui_DoctorPanel.h"

#include "doctor/Doctor.h"
#include "doctor/ErrorMatcher.h"

#include <QFont>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSslCertificate>

DoctorPanel::DoctorPanel(Doctor::Doctor* doctor, QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::DoctorPanel>()), m_doctor(doctor)
{
    // The form holds the widgets, the tab order and the Ctrl+Return shortcut; the step rows and the matching
    // cases are filled in here as the doctor runs and the error text changes.
    m_ui->setupUi(this);
    // The live step list is what the panel is for; the matcher below takes a quarter.
    m_ui->doctorSplitter->setStretchFactor(0, 3);
    m_ui->doctorSplitter->setStretchFactor(1, 1);
    m_ui->doctorSplitter->setSizes({3000, 1000});

    connect(m_ui->doctorRun, &QPushButton::clicked, this, &DoctorPanel::run);
    connect(m_ui->doctorConfirm, &QPushButton::clicked, this, &DoctorPanel::confirmSelectedCase);
    connect(m_ui->doctorLogText, &QPlainTextEdit::textChanged, this,
            [this] { matchLogText(m_ui->doctorLogText->toPlainText()); });
    connect(m_ui->doctorCases, &QListWidget::currentRowChanged, this, &DoctorPanel::updateConfirm);
    connect(m_ui->doctorUrl, &QLineEdit::textChanged, this, &DoctorPanel::updateConfirm);
    connect(m_doctor, &Doctor::Doctor::stepFinished, this, &DoctorPanel::showStep);
    connect(m_doctor, &Doctor::Doctor::finished, this, [this] {
        const Doctor::StepResult* p = m_doctor->firstProblem();
        m_ui->doctorSummary->setText(p ? tr("Problem at the %1 layer (%2).").arg(Doctor::layerName(p->layer), p->name)
                                       : tr("Every step passed: agents with these settings can connect."));
        m_ui->doctorRun->setEnabled(true);
        m_highlight = m_lastStep;
        if (m_highlight >= 0 && m_highlight < m_ui->doctorSteps->count()) {
            QListWidgetItem* item = m_ui->doctorSteps->item(m_highlight);
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
            m_ui->doctorSteps->setCurrentItem(item);
            m_ui->doctorSteps->scrollToItem(item);
            const Doctor::StepResult& s = m_doctor->steps().at(m_highlight);
            m_ui->doctorSummary->setText(
                tr("The %1 step confirms the case: %2.").arg(s.name, Doctor::statusName(s.status)) + QLatin1Char(' ') +
                m_ui->doctorSummary->text());
        }
        updateConfirm();
        emit runFinished();
    });
}

DoctorPanel::~DoctorPanel() = default;

QListWidget* DoctorPanel::stepList() const
{
    return m_ui->doctorSteps;
}

QListWidget* DoctorPanel::caseList() const
{
    return m_ui->doctorCases;
}

void DoctorPanel::setUrl(const QString& url)
{
    m_ui->doctorUrl->setText(url);
}

QString DoctorPanel::url() const
{
    return m_ui->doctorUrl->text();
}

void DoctorPanel::setOrigin(const QString& origin)
{
    m_ui->doctorOrigin->setText(origin);
}

void DoctorPanel::run()
{
    startRun(-1);
}

DoctorPanel::ConfirmTarget DoctorPanel::confirmTarget(const QString& confirmWith)
{
    ConfirmTarget t;
    const qsizetype colon = confirmWith.indexOf(QLatin1Char(':'));
    if (colon < 0)
        return t;
    const QString kind = confirmWith.left(colon).trimmed();
    const QString what = confirmWith.mid(colon + 1).trimmed();
    if (kind == QLatin1String("probe")) {
        t.probe = what;
    } else if (kind == QLatin1String("doctor")) {
        // "TCP/TLS": the later step, which needs the earlier one to pass.
        const QString step = what.section(QLatin1Char('/'), -1).trimmed();
        const QStringList names = Doctor::Doctor::stepNames();
        for (int i = 0; i < names.size(); ++i) {
            if (!step.isEmpty() && names.at(i).startsWith(step, Qt::CaseInsensitive))
                t.step = i;
        }
    }
    return t;
}

void DoctorPanel::updateConfirm()
{
    QListWidgetItem* item = m_ui->doctorCases->currentItem();
    const Doctor::Case* k = item ? Doctor::KnowledgeBase::find(item->data(Qt::UserRole).toString()) : nullptr;
    if (!k) {
        m_ui->doctorConfirm->setText(tr("Run the doctor to confirm"));
        m_ui->doctorConfirm->setEnabled(false);
        return;
    }
    const ConfirmTarget t = confirmTarget(k->confirmWith);
    if (!t.probe.isEmpty()) {
        m_ui->doctorConfirm->setText(tr("Run the probe's %1 scenarios to confirm %2").arg(t.probe, k->id));
        m_ui->doctorConfirm->setEnabled(true);
        return;
    }
    m_ui->doctorConfirm->setText(
        t.step >= 0
            ? tr("Run the doctor up to the %1 step to confirm %2").arg(Doctor::Doctor::stepNames().at(t.step), k->id)
            : tr("Run the doctor to confirm %1").arg(k->id));
    m_ui->doctorConfirm->setEnabled(!m_ui->doctorUrl->text().trimmed().isEmpty() && !m_doctor->running());
}

void DoctorPanel::confirmSelectedCase()
{
    QListWidgetItem* item = m_ui->doctorCases->currentItem();
    const Doctor::Case* k = item ? Doctor::KnowledgeBase::find(item->data(Qt::UserRole).toString()) : nullptr;
    if (!k)
        return;
    const ConfirmTarget t = confirmTarget(k->confirmWith);
    if (!t.probe.isEmpty()) {
        emit probeRequested(t.probe);
        return;
    }
    startRun(t.step);
}

void DoctorPanel::startRun(int lastStep)
{
    if (m_doctor->running())
        return;
    m_lastStep = lastStep;
    m_highlight = -1;
    Doctor::DoctorSpec spec;
    spec.url = QUrl(m_ui->doctorUrl->text().trimmed());
    spec.secretToken = m_ui->doctorToken->text();
    spec.origin = m_ui->doctorOrigin->text().trimmed();
    if (!m_ui->doctorCa->text().trimmed().isEmpty()) {
        spec.caFile = m_ui->doctorCa->text().trimmed();
        spec.caCertificates = QSslCertificate::fromPath(spec.caFile);
    }
    m_ui->doctorSteps->clear();
    for (const QString& name : Doctor::Doctor::stepNames())
        m_ui->doctorSteps->addItem(QStringLiteral("…  %1").arg(name));
    m_ui->doctorSummary->setText(tr("Running…"));
    spec.lastStep = lastStep;
    m_ui->doctorRun->setEnabled(false);
    m_ui->doctorConfirm->setEnabled(false);
    m_doctor->start(spec);
}

void DoctorPanel::showStep(int index)
{
    const Doctor::StepResult& s = m_doctor->steps().at(index);
    QString text;
    const char* mark = "";
    QColor color;
    switch (s.status) {
    case Doctor::StepResult::Status::Passed: mark = "✔"; color = QColor(0x1a7f37); break;
    case Doctor::StepResult::Status::Failed: mark = "✘"; color = QColor(0xcf222e); break;
    case Doctor::StepResult::Status::Warning: mark = "!"; color = QColor(0x9a6700); break;
    case Doctor::StepResult::Status::Skipped: mark = "–"; color = palette().placeholderText().color(); break;
    }
    text = QStringLiteral("%1  %2  [%3]  %4 ms")
               .arg(QString::fromUtf8(mark), s.name, Doctor::layerName(s.layer))
               .arg(s.ms, 0, 'f', 1);
    for (const QString& e : s.evidence)
        text += QStringLiteral("\n      ") + e;
    int rank = 1;
    for (const Doctor::RankedCause& c : s.causes) {
        const Doctor::Case* k = Doctor::KnowledgeBase::find(c.caseId);
        text += QStringLiteral("\n      %1. %2 %3 — %4").arg(rank++).arg(c.caseId, k ? k->title : QString(), c.why);
    }
    if (!s.fix.isEmpty())
        text += QStringLiteral("\n      ") + tr("Fix: %1").arg(s.fix);
    QListWidgetItem* item =
        index < m_ui->doctorSteps->count() ? m_ui->doctorSteps->item(index) : new QListWidgetItem(m_ui->doctorSteps);
    item->setText(text);
    item->setForeground(color);
    item->setData(Qt::AccessibleTextRole, Doctor::statusName(s.status) + QLatin1Char(' ') + s.name);
}

void DoctorPanel::matchLogText(const QString& text)
{
    if (m_ui->doctorLogText->toPlainText() != text)
        m_ui->doctorLogText->setPlainText(text); // re-enters through textChanged
    m_ui->doctorCases->clear();
    for (const Doctor::CaseMatch& m : Doctor::matchErrorText(text)) {
        const Doctor::Case& k = *m.kase;
        auto* item =
            new QListWidgetItem(QStringLiteral("%1 [%2] %3\n      %4\n      %5\n      %6")
                                    .arg(k.id, Doctor::layerName(k.layer), k.title, tr("Cause: %1").arg(k.cause),
                                         tr("Fix: %1").arg(k.fix), tr("Confirm with: %1").arg(k.confirmWith)),
                                m_ui->doctorCases);
        item->setData(Qt::UserRole, k.id);
    }
    if (m_ui->doctorCases->count() > 0)
        m_ui->doctorCases->setCurrentRow(0);
}
