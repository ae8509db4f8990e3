// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/DoctorPanel.h"

#include "doctor/Doctor.h"
#include "doctor/ErrorMatcher.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
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
    form->addRow(tr("URL:"), m_url);
    auto* creds = new QHBoxLayout;
    creds->addWidget(m_token, 1);
    creds->addWidget(new QLabel(tr("CA file:"), this));
    creds->addWidget(m_ca, 1);
    creds->addWidget(new QLabel(tr("Origin:"), this));
    creds->addWidget(m_origin, 1);
    form->addRow(tr("Secret token:"), creds);
    layout->addLayout(form);
    auto* actions = new QHBoxLayout;
    m_run = new QPushButton(tr("Run doctor"), this);
    m_run->setObjectName(QStringLiteral("doctorRun"));
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

    auto* matcher = new QGroupBox(tr("Explain an error message"), this);
    auto* ml = new QVBoxLayout(matcher);
    m_log = new QPlainTextEdit(matcher);
    m_log->setObjectName(QStringLiteral("doctorLogText"));
    m_log->setAccessibleName(tr("Log line"));
    m_log->setPlaceholderText(tr("Paste an agent, server or browser error, e.g. x509: certificate signed by unknown authority"));
    m_log->setMaximumHeight(70);
    m_cases = new QListWidget(matcher);
    m_cases->setObjectName(QStringLiteral("doctorCases"));
    m_cases->setAccessibleName(tr("Matching cases"));
    m_cases->setWordWrap(true);
    m_confirm = new QPushButton(tr("Run the doctor to confirm"), matcher);
    m_confirm->setObjectName(QStringLiteral("doctorConfirm"));
    m_confirm->setToolTip(tr("Runs the doctor on the URL above; the step named by the case confirms or rules it out"));
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
    connect(m_confirm, &QPushButton::clicked, this, &DoctorPanel::run);
    connect(m_log, &QPlainTextEdit::textChanged, this, [this] { matchLogText(m_log->toPlainText()); });
    connect(m_cases, &QListWidget::currentRowChanged, this, [this](int row) { m_confirm->setEnabled(row >= 0 && !m_url->text().isEmpty()); });
    connect(m_doctor, &Doctor::Doctor::stepFinished, this, &DoctorPanel::showStep);
    connect(m_doctor, &Doctor::Doctor::finished, this, [this] {
        const Doctor::StepResult* p = m_doctor->firstProblem();
        m_summary->setText(p ? tr("Problem at the %1 layer (%2).").arg(Doctor::layerName(p->layer), p->name)
                             : tr("Every step passed: agents with these settings can connect."));
        m_run->setEnabled(true);
        emit runFinished();
    });
    setTabOrder(m_url, m_token);
    setTabOrder(m_token, m_ca);
    setTabOrder(m_ca, m_origin);
    setTabOrder(m_origin, m_run);
}

DoctorPanel::~DoctorPanel() = default;

void DoctorPanel::setUrl(const QString& url)
{
    m_url->setText(url);
}

void DoctorPanel::setOrigin(const QString& origin)
{
    m_origin->setText(origin);
}

void DoctorPanel::run()
{
    if (m_doctor->running())
        return;
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
    m_run->setEnabled(false);
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
