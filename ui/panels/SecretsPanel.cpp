// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/SecretsPanel.h"

#include "config/Document.h"
#include "config/SecretReference.h"
#include "secrets/SecretStore.h"
#include "secrets/TokenGenerator.h"
#include "support/SecretClipboard.h"

#include "ui_SecretsPanel.h"


namespace {

const QString kTokenKey = QStringLiteral("apm-server.auth.secret_token");

} // namespace

SecretsPanel::SecretsPanel(Config::Document* document, Secrets::SecretStore* store, QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::SecretsPanel>()), m_document(document), m_store(store),
      m_clipboard(new SecretClipboard(this))
{
    Q_ASSERT(m_document && m_store);
    m_ui->setupUi(this);
    connect(m_ui->generateButton, &QPushButton::clicked, this, &SecretsPanel::generateToken);
    connect(m_ui->loadButton, &QPushButton::clicked, this, &SecretsPanel::loadFromKeychain);
    connect(m_ui->copyButton, &QToolButton::clicked, this, &SecretsPanel::copyToken);
    connect(m_ui->revealButton, &QToolButton::toggled, this, [this](bool on) {
        m_ui->tokenEdit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
    });
    connect(m_ui->nameEdit, &QLineEdit::textEdited, this, [this] {
        if (m_loading)
            return;
        refresh();
        emit changed();
    });
    connect(m_document, &Config::Document::changed, this, [this] {
        // Follow the name the document refers to (a file opened) unless the user typed another.
        const auto ref = Config::SecretReference::parse(m_document->effective().secretToken.value);
        const QString documentName = ref ? ref->name : m_syncedName;
        if (value() == m_syncedName && documentName != m_syncedName) {
            m_syncedName = documentName;
            m_token = ApiKeys::Secret();
            m_ui->tokenEdit->clear();
            m_ui->strengthLabel->clear();
            load(documentName);
            return;
        }
        m_syncedName = documentName;
        refresh();
    });
    connect(m_store, &Secrets::SecretStore::stateChanged, this, &SecretsPanel::showStoreState);
    // The name the document already refers to, else the usual one.
    const auto ref = Config::SecretReference::parse(m_document->effective().secretToken.value);
    m_syncedName = ref ? ref->name : QStringLiteral("APM_SECRET_TOKEN");
    load(m_syncedName);
}

SecretsPanel::~SecretsPanel() = default;

void SecretsPanel::load(const QString& tokenName)
{
    m_loading = true;
    m_ui->nameEdit->setText(tokenName);
    m_loading = false;
    refresh();
}

QString SecretsPanel::value() const
{
    return m_ui->nameEdit->text().trimmed();
}

void SecretsPanel::showStoreState()
{
    switch (m_store->state()) {
    case Secrets::SecretStore::State::Unknown:
        m_ui->storeLabel->setText(tr("Keychain: %1 (not asked yet)").arg(m_store->backendName()));
        break;
    case Secrets::SecretStore::State::Available:
        m_ui->storeLabel->setText(tr("Keychain: %1, available").arg(m_store->backendName()));
        break;
    case Secrets::SecretStore::State::Unavailable: {
        const Core::Error e = m_store->unavailableReason();
        m_ui->storeLabel->setText(e.message + (e.fix.isEmpty() ? QString() : QLatin1Char('\n') + e.fix));
        break;
    }
    }
}

void SecretsPanel::refresh()
{
    showStoreState();
    const QString name = value();
    const bool validName = Config::SecretReference::isValidName(name);
    m_ui->generateButton->setEnabled(validName && !m_busy);
    m_ui->loadButton->setEnabled(validName && !m_busy);
    m_ui->copyButton->setEnabled(!m_token.isEmpty());
    m_ui->revealButton->setEnabled(!m_token.isEmpty());

    QStringList warnings;
    const Config::EffectiveSettings& e = m_document->effective();
    const QString written = e.secretToken.value;
    if (!validName)
        warnings << tr("'%1' cannot be written as ${NAME}: use letters, digits, '_', '.' or '-'.").arg(name);
    if (!written.isEmpty() && !Config::SecretReference::isReference(written))
        warnings << tr("apm-server.auth.secret_token is in clear text in the file: generate a token to move it to the "
                       "keychain.");
    if (!written.isEmpty() && !e.tlsEnabled.value)
        warnings << tr("The token is sent without TLS (apm-server.ssl.enabled is off): anyone on the path can read it.");
    m_ui->warningLabel->setText(warnings.join(QLatin1Char('\n')));
    m_ui->warningLabel->setVisible(!warnings.isEmpty());
    m_ui->howToLabel->setText(
        tr("Give APM Server the value without writing it into the file:\n"
           "  apm-gatekeeper secret get %1 | apm-server keystore add %1 --stdin --force\n"
           "or set the environment variable %1 for APM Server. Agents: the Agent kits panel.")
            .arg(validName ? name : QStringLiteral("NAME")));
}

void SecretsPanel::showToken(ApiKeys::Secret token)
{
    m_token = std::move(token);
    m_ui->tokenEdit->setText(QString::fromLatin1(m_token.view()));
    const Secrets::TokenStrength s = Secrets::estimateStrength(m_token.view());
    m_ui->strengthLabel->setText(s.problems.isEmpty()
                                     ? tr("%1 (about %2 bits)").arg(s.levelName()).arg(s.bits)
                                     : tr("%1 (about %2 bits): %3").arg(s.levelName()).arg(s.bits).arg(s.problems.join(QStringLiteral("; "))));
    refresh();
}

void SecretsPanel::generateToken()
{
    const QString name = value();
    auto token = Secrets::TokenGenerator::generate();
    if (!token) {
        m_ui->storeLabel->setText(token.error().toString());
        emit operationFinished(false);
        return;
    }
    m_busy = true;
    refresh();
    auto shared = std::make_shared<ApiKeys::Secret>(std::move(*token));
    // Asynchronous: the window stays responsive while the keychain (maybe a prompt) answers.
    m_store->write(name, shared->view(), [self = QPointer<SecretsPanel>(this), name, shared](Core::Result<void> r) {
        if (!self)
            return;
        self->m_busy = false;
        if (!r) {
            // Nothing is written into the document when the keychain refused the value.
            self->m_ui->storeLabel->setText(r.error().toString());
            self->refresh();
            if (r.error().code == QLatin1String(Secrets::kErrorUnavailable))
                self->showStoreState();
            emit self->operationFinished(false);
            return;
        }
        const QString reference = Config::SecretReference{name, std::nullopt}.toString();
        if (self->m_document->yaml().value(kTokenKey) != Config::YamlValue::fromScalar(reference))
            (void)self->m_document->setValue(kTokenKey, Config::YamlValue::fromScalar(reference));
        self->showToken(std::move(*shared));
        emit self->tokenAvailable(name, self->m_ui->tokenEdit->text());
        emit self->operationFinished(true);
    });
}

void SecretsPanel::loadFromKeychain()
{
    m_busy = true;
    refresh();
    m_store->read(value(), [self = QPointer<SecretsPanel>(this), name = value()](Core::Result<ApiKeys::Secret> r) {
        if (!self)
            return;
        self->m_busy = false;
        if (!r) {
            self->m_ui->storeLabel->setText(r.error().toString());
            self->refresh();
            emit self->operationFinished(false);
            return;
        }
        self->showToken(std::move(r).value());
        emit self->tokenAvailable(name, self->m_ui->tokenEdit->text());
        emit self->operationFinished(true);
    });
}

void SecretsPanel::copyToken()
{
    m_clipboard->copy(m_token.view());
}
