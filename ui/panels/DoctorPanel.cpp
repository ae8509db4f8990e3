// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/DoctorPanel.h"

#include "doctor/Doctor.h"
#include "doctor/ErrorMatcher.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

DoctorPanel::DoctorPanel(Doctor::Doctor* doctor, QWidget* parent) : QWidget(parent), m_doctor(doctor)
{
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("doctorUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://apm.example.com:8200"));
    m_url->setAccessibleName(tr("APM Server URL"));
    m_url->setToolTip(tr("The server URL the agents use (ELASTIC_APM_SERVER_URL / serverUrl)"));
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("doctorToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setInputMethodHints(Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    m_token->setAccessibleName(tr("Secret token"));
    m_token->setToolTip(tr("apm-server.auth.secret_token as the agent sends it (memory only)"));
    m_ca = new QLineEdit(this);
    m_ca->setObjectName(QStringLiteral("doctorCa"));
    m_ca->setAccessibleName(tr("CA certificate file"));
    m_ca->setToolTip(tr("The CA file the agent is given (serverCaCertFile)"));
    m_origin = new QLineEdit(this);
    m_origin->setObjectName(QStringLiteral("doctorOrigin"));
    m_origin->setAccessibleName(tr("Page origin"));
    m_origin->setToolTip(tr("scheme://host:port of the page the RUM agent runs in (apm-server.rum.allow_origins)"));
    form->addRow(tr("&URL:"), m_url);
    auto* creds = new QHBoxLayout;
    creds->addWidget(m_token, 1);
    auto* caLabel = new QLabel(tr("&CA file:"), this);
    caLabel->setBuddy(m_ca);
    creds->addWidget(caLabel);
    creds->addWidget(m_ca, 1);
    auto* originLabel = new QLabel(tr("&Origin:"), this);
    originLabel->setBuddy(m_origin);
    creds->addWidget(originLabel);
    creds->addWidget(m_origin, 1);
    auto* tokenLabel = new QLabel(tr("Secret &token:"), this);
    tokenLabel->setBuddy(m_token);
    form->addRow(tokenLabel, creds);
    layout->addLayout(form);
    auto* actions = new QHBoxLayout;
    m_run = new QPushButton(tr("Run doctor"), this);
    m_run->setObjectName(QStringLiteral("doctorRun"));
    m_run->setToolTip(tr("Runs every step against the URL above (Ctrl+Return)"));
    m_run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_summary = new QLabel(tr("Checks the URL layer by layer: URL, DNS, TCP, TLS, HTTP, intake, RUM preflight."), this);
    m_summary->setObjectName(QStringLiteral("doctorSummary"));
    m_summary->setWordWrap(true);
    actions->addWidget(m_run);
    actions->addWidget(m_summary, 1);
    layout->addLayout(actions);

    m_steps = new QListWidget(this);
    m_steps->setObjectName(QStringLiteral("doctorSteps"));
    m_steps->setAccessibleName(tr("Doctor steps"));
    m_steps->setWordWrap(true);
    m_steps->setAlternatingRowColors(true);
    m_steps->setToolTip(tr("Each step's status, time, evidence, likely causes and fix"));

    auto* matcher = new QGroupBox(tr("Explain an error message"), this);
    auto* ml = new QVBoxLayout(matcher);
    m_log = new QPlainTextEdit(matcher);
    m_log->setObjectName(QStringLiteral("doctorLogText"));
    m_log->setAccessibleName(tr("Error text"));
    m_log->setPlaceholderText(tr("Paste an agent, server or browser error, e.g. x509: certificate signed by unknown authority"));
    m_log->setMaximumHeight(70);
    m_log->setTabChangesFocus(true);
    m_log->setToolTip(tr("The error text is matched against the known cases as you type"));
    m_cases = new QListWidget(matcher);
    m_cases->setObjectName(QStringLiteral("doctorCases"));
    m_cases->setAccessibleName(tr("Matching cases"));
    m_cases->setWordWrap(true);
    m_cases->setToolTip(tr("Known cases the text matches, best first: cause, fix and what confirms it"));
    m_confirm = new QPushButton(tr("Run the doctor to confirm"), matcher);
    m_confirm->setObjectName(QStringLiteral("doctorConfirm"));
    m_confirm->setToolTip(tr("Runs what confirms or rules out the selected case: the doctor up to its step, or its probe scenario"));
    m_confirm->setEnabled(false);
    ml->addWidget(m_log);
    ml->addWidget(m_cases, 1);
    ml->addWidget(m_confirm);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_steps);
    split->addWidget(matcher);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_run, &QPushButton::clicked, this, &DoctorPanel::run);
    connect(m_confirm, &QPushButton::clicked, this, &DoctorPanel::confirmSelectedCase);
    connect(m_log, &QPlainTextEdit::textChanged, this, [this] { matchLogText(m_log->toPlainText()); });
    connect(m_cases, &QListWidget::currentRowChanged, this, &DoctorPanel::updateConfirm);
    connect(m_url, &QLineEdit::textChanged, this, &DoctorPanel::updateConfirm);
    connect(m_doctor, &Doctor::Doctor::stepFinished, this, &DoctorPanel::showStep);
    connect(m_doctor, &Doctor::Doctor::finished, this, [this] {
        const Doctor::StepResult* p = m_doctor->firstProblem();
        m_summary->setText(p ? tr("Problem at the %1 layer (%2).").arg(Doctor::layerName(p->layer), p->name)
                             : tr("Every step passed: agents with these settings can connect."));
        m_run->setEnabled(true);
        m_highlight = m_lastStep;
        if (m_highlight >= 0 && m_highlight < m_steps->count()) {
            QListWidgetItem* item = m_steps->item(m_highlight);
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
            m_steps->setCurrentItem(item);
            m_steps->scrollToItem(item);
            const Doctor::StepResult& s = m_doctor->steps().at(m_highlight);
            m_summary->setText(tr("The %1 step confirms the case: %2.").arg(s.name, Doctor::statusName(s.status)) +
                               QLatin1Char(' ') + m_summary->text());
        }
        updateConfirm();
        emit runFinished();
    });
    setTabOrder(m_url, m_token);
    setTabOrder(m_token, m_ca);
    setTabOrder(m_ca, m_origin);
    setTabOrder(m_origin, m_run);
    setTabOrder(m_run, m_steps);
    setTabOrder(m_steps, m_log);
    setTabOrder(m_log, m_cases);
    setTabOrder(m_cases, m_confirm);
}

DoctorPanel::~DoctorPanel() = default;

void DoctorPanel::setUrl(const QString& url)
{
    m_url->setText(url);
}

QString DoctorPanel::url() const
{
    return m_url->text();
}

void DoctorPanel::setOrigin(const QString& origin)
{
    m_origin->setText(origin);
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
    QListWidgetItem* item = m_cases->currentItem();
    const Doctor::Case* k = item ? Doctor::KnowledgeBase::find(item->data(Qt::UserRole).toString()) : nullptr;
    if (!k) {
        m_confirm->setText(tr("Run the doctor to confirm"));
        m_confirm->setEnabled(false);
        return;
    }
    const ConfirmTarget t = confirmTarget(k->confirmWith);
    if (!t.probe.isEmpty()) {
        m_confirm->setText(tr("Run the probe's %1 scenarios to confirm %2").arg(t.probe, k->id));
        m_confirm->setEnabled(true);
        return;
    }
    m_confirm->setText(t.step >= 0 ? tr("Run the doctor up to the %1 step to confirm %2").arg(Doctor::Doctor::stepNames().at(t.step), k->id)
                                   : tr("Run the doctor to confirm %1").arg(k->id));
    m_confirm->setEnabled(!m_url->text().trimmed().isEmpty() && !m_doctor->running());
}

void DoctorPanel::confirmSelectedCase()
{
    QListWidgetItem* item = m_cases->currentItem();
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
    spec.url = QUrl(m_url->text().trimmed());
    spec.secretToken = m_token->text();
    spec.origin = m_origin->text().trimmed();
    if (!m_ca->text().trimmed().isEmpty()) {
        spec.caFile = m_ca->text().trimmed();
        spec.caCertificates = QSslCertificate::fromPath(spec.caFile);
    }
    m_steps->clear();
    for (const QString& name : Doctor::Doctor::stepNames())
        m_steps->addItem(QStringLiteral("…  %1").arg(name));
    m_summary->setText(tr("Running…"));
    spec.lastStep = lastStep;
    m_run->setEnabled(false);
    m_confirm->setEnabled(false);
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
    QListWidgetItem* item = index < m_steps->count() ? m_steps->item(index) : new QListWidgetItem(m_steps);
    item->setText(text);
    item->setForeground(color);
    item->setData(Qt::AccessibleTextRole, Doctor::statusName(s.status) + QLatin1Char(' ') + s.name);
}

void DoctorPanel::matchLogText(const QString& text)
{
    if (m_log->toPlainText() != text)
        m_log->setPlainText(text); // re-enters through textChanged
    m_cases->clear();
    for (const Doctor::CaseMatch& m : Doctor::matchErrorText(text)) {
        const Doctor::Case& k = *m.kase;
        auto* item = new QListWidgetItem(QStringLiteral("%1 [%2] %3\n      %4\n      %5\n      %6")
                                             .arg(k.id, Doctor::layerName(k.layer), k.title, tr("Cause: %1").arg(k.cause),
                                                  tr("Fix: %1").arg(k.fix), tr("Confirm with: %1").arg(k.confirmWith)),
                                         m_cases);
        item->setData(Qt::UserRole, k.id);
    }
    if (m_cases->count() > 0)
        m_cases->setCurrentRow(0);
}
