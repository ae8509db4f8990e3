// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/AgentKitPanel.h"

#include "agents/ConnectionKit.h"
#include "config/Document.h"

#include "ui_AgentKitPanel.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QMimeData>

AgentKitPanel::AgentKitPanel(const Config::Document* document, QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::AgentKitPanel>()), m_document(document)
{
    Q_ASSERT(m_document);
    m_ui->setupUi(this);
    for (const Agents::AgentInfo& a : Agents::allAgents())
        m_ui->agentCombo->addItem(a.displayName, a.id);
    m_ui->formatCombo->addItem(tr("Environment variables"), false);
    m_ui->formatCombo->addItem(tr("Configuration snippet"), true);
    m_ui->kitView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->urlEdit->setPlaceholderText(defaultUrl(*m_document));

    auto edited = [this] {
        if (m_loading)
            return;
        refresh();
        emit changed();
    };
    connect(m_ui->agentCombo, &QComboBox::currentIndexChanged, this, edited);
    connect(m_ui->formatCombo, &QComboBox::currentIndexChanged, this, edited);
    for (QLineEdit* e : {m_ui->urlEdit, m_ui->serviceEdit, m_ui->environmentEdit, m_ui->caEdit})
        connect(e, &QLineEdit::textEdited, this, edited);
    connect(m_ui->copyButton, &QPushButton::clicked, this, &AgentKitPanel::copyToClipboard);
    connect(m_document, &Config::Document::changed, this, [this] {
        m_ui->urlEdit->setPlaceholderText(defaultUrl(*m_document));
        refresh();
    });
    load(AgentKitChoice{});
}

AgentKitPanel::~AgentKitPanel() = default;

QString AgentKitPanel::defaultUrl(const Config::Document& document)
{
    const Config::EffectiveSettings& e = document.effective();
    QString host = e.host.value;
    const qsizetype colon = host.lastIndexOf(QLatin1Char(':'));
    QString name = colon >= 0 ? host.left(colon) : host;
    const QString port = colon >= 0 ? host.mid(colon + 1) : QStringLiteral("8200");
    if (name.isEmpty() || name == QLatin1String("0.0.0.0") || name == QLatin1String("[::]") || name == QLatin1String("::"))
        name = QStringLiteral("localhost");
    return QStringLiteral("%1://%2:%3").arg(e.tlsEnabled.value ? QStringLiteral("https") : QStringLiteral("http"), name, port);
}

void AgentKitPanel::load(const AgentKitChoice& choice)
{
    m_loading = true;
    const int agent = m_ui->agentCombo->findData(choice.agentId);
    m_ui->agentCombo->setCurrentIndex(agent >= 0 ? agent : 0);
    m_ui->urlEdit->setText(choice.serverUrl);
    m_ui->serviceEdit->setText(choice.serviceName);
    m_ui->environmentEdit->setText(choice.environment);
    m_ui->caEdit->setText(choice.caFile);
    m_ui->formatCombo->setCurrentIndex(choice.snippet ? 1 : 0);
    m_loading = false;
    refresh();
}

AgentKitChoice AgentKitPanel::value() const
{
    AgentKitChoice c;
    c.agentId = m_ui->agentCombo->currentData().toString();
    c.serverUrl = m_ui->urlEdit->text().trimmed();
    c.serviceName = m_ui->serviceEdit->text().trimmed();
    c.environment = m_ui->environmentEdit->text().trimmed();
    c.caFile = m_ui->caEdit->text().trimmed();
    c.snippet = m_ui->formatCombo->currentData().toBool();
    return c;
}

QString AgentKitPanel::kitText() const
{
    return m_ui->kitView->toPlainText();
}

void AgentKitPanel::refresh()
{
    const AgentKitChoice c = value();
    const Agents::AgentInfo* agent = Agents::findAgent(c.agentId);
    if (!agent)
        return;
    Agents::KitRequest request = Agents::KitRequest::fromSettings(m_document->effective());
    // The panel never shows a secret, not even one the file holds in clear text.
    if (!request.credentialName.isEmpty() || request.revealed)
        request.revealed.reset();
    request.serverUrl = c.serverUrl.isEmpty() ? defaultUrl(*m_document) : c.serverUrl;
    request.serviceName = c.serviceName.isEmpty() ? QStringLiteral("my-service") : c.serviceName;
    request.environment = c.environment.isEmpty() ? QStringLiteral("production") : c.environment;
    request.caFile = c.caFile;
    const Agents::ConnectionKit kit = Agents::buildKit(*agent, request);
    // The browser agent is configured in page code only: its kit is always the snippet.
    const bool rum = agent->id == QLatin1String("rum");
    m_ui->formatCombo->setEnabled(!rum);
    const bool snippet = c.snippet || rum;
    QString text = snippet ? kit.snippet : Agents::renderEnvironment(kit);
    if (snippet) {
        QString notes;
        for (const QString& n : kit.notes)
            notes += QStringLiteral("• ") + n + QLatin1Char('\n');
        m_ui->fileLabel->setText(tr("Goes into: %1").arg(kit.snippetFile));
        text = kit.snippet;
        m_ui->kitView->setToolTip(notes.trimmed());
    } else {
        m_ui->fileLabel->setText(tr("Source it in the service's environment (set -a; . ./apm-agent.env)"));
    }
    m_ui->warningLabel->setText(kit.warnings.join(QLatin1Char('\n')));
    m_ui->warningLabel->setVisible(!kit.warnings.isEmpty());
    m_ui->kitView->setPlainText(text);
}

void AgentKitPanel::copyToClipboard()
{
    auto* mime = new QMimeData;
    mime->setText(kitText());
    // Clipboard managers should not keep it (KeePassXC's hint); it holds references, but a user
    // may paste revealed values next to it.
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QGuiApplication::clipboard()->setMimeData(mime);
}
