// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/AgentKitPanel.h"

#include "agents/ConnectionKit.h"
#include "config/Document.h"
#include "secrets/SecretStore.h"
#include "support/SecretClipboard.h"

#include "ui_AgentKitPanel.h"

#include <QCheckBox>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QMimeData>
#include <QPointer>
#include <QSignalBlocker>

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
    connect(m_ui->revealCheck, &QCheckBox::toggled, this, &AgentKitPanel::setRevealed);
    connect(m_document, &Config::Document::changed, this, [this] {
        m_ui->urlEdit->setPlaceholderText(defaultUrl(*m_document));
        // A value belongs to the reference it was read for.
        if (m_revealed && credentialName() != m_revealedName)
            dropRevealed();
        refresh();
    });
    m_clipboard = new SecretClipboard(this);
    setSecretStore(nullptr);
    load(AgentKitChoice{});
}

AgentKitPanel::~AgentKitPanel() = default;

void AgentKitPanel::setSecretStore(Secrets::SecretStore* store)
{
    m_store = store;
    m_ui->revealCheck->setEnabled(store != nullptr);
    if (!store)
        m_ui->revealCheck->setToolTip(tr("No keychain: values cannot be shown here (the kit keeps ${NAME} references)"));
}

QString AgentKitPanel::credentialName() const
{
    return Agents::KitRequest::fromSettings(m_document->effective()).credentialName;
}

void AgentKitPanel::dropRevealed()
{
    m_revealed.reset();
    m_revealedName.clear();
    ++m_revealRequest;
    const QSignalBlocker block(m_ui->revealCheck);
    m_ui->revealCheck->setChecked(false);
}

void AgentKitPanel::setRevealed(bool reveal)
{
    m_revealError.clear();
    if (!reveal) {
        dropRevealed();
        refresh();
        return;
    }
    {
        const QSignalBlocker block(m_ui->revealCheck);
        m_ui->revealCheck->setChecked(true);
    }
    const Agents::KitRequest request = Agents::KitRequest::fromSettings(m_document->effective());
    if (request.credential == Agents::KitRequest::Credential::None) {
        m_revealError = tr("The document sets no secret token: there is no value to show.");
        dropRevealed();
        refresh();
        emit revealFinished(false);
        return;
    }
    if (request.credentialName.isEmpty()) {
        // The file holds the value in clear text: showing it reads nothing new.
        m_revealed = request.revealed.value_or(QString());
        refresh();
        emit revealFinished(true);
        return;
    }
    if (!m_store) {
        m_revealError = tr("No keychain: ${%1} cannot be read here.").arg(request.credentialName);
        dropRevealed();
        refresh();
        emit revealFinished(false);
        return;
    }
    const int ticket = ++m_revealRequest;
    const QString name = request.credentialName;
    m_store->read(name, [this, guard = QPointer<AgentKitPanel>(this), ticket, name](Core::Result<ApiKeys::Secret> r) {
        if (!guard || ticket != m_revealRequest)
            return;
        if (!r) {
            m_revealError = tr("Cannot show ${%1}: %2").arg(name, r.error().message);
            dropRevealed();
            refresh();
            emit revealFinished(false);
            return;
        }
        m_revealed = QString::fromUtf8(r->view().data(), r->view().size());
        m_revealedName = name;
        refresh();
        emit revealFinished(true);
    });
}

void AgentKitPanel::hideEvent(QHideEvent* event)
{
    // Values are not left on screen for whoever opens the panel next.
    if (m_revealed) {
        dropRevealed();
        refresh();
    }
    QWidget::hideEvent(event);
}

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
    // Secrets by reference (or hidden, when the file holds one in clear text) unless the user
    // asked for the values.
    request.revealed = m_revealed;
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
    QStringList warnings = kit.warnings;
    if (!m_revealError.isEmpty())
        warnings.prepend(m_revealError);
    m_ui->warningLabel->setText(warnings.join(QLatin1Char('\n')));
    m_ui->warningLabel->setVisible(!warnings.isEmpty());
    m_ui->kitView->setPlainText(text);
}

void AgentKitPanel::copyToClipboard()
{
    if (m_revealed) {
        // Values in it: marked for password managers and cleared after a while.
        m_clipboard->copy(kitText().toUtf8());
        return;
    }
    auto* mime = new QMimeData;
    mime->setText(kitText());
    // Clipboard managers should not keep it (KeePassXC's hint); it holds references, but a user
    // may paste revealed values next to it.
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QGuiApplication::clipboard()->setMimeData(mime);
}
