// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/ApiKeysPanel.h"

#include "apikeys/ApiKeyRegistry.h"
#include "apikeys/Credentials.h"
#include "apikeys/Expiration.h"
#include "config/Document.h"
#include "config/SecretReference.h"
#include "models/ApiKeyTableModel.h"
#include "secrets/SecretStore.h"
#include "support/SecretClipboard.h"

#include "ui_ApiKeysPanel.h"

#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

const QString kEnabledKey = QStringLiteral("apm-server.auth.api_key.enabled");
const QString kLimitKey = QStringLiteral("apm-server.auth.api_key.limit");

QJsonObject requestBody(const QString& name, const QList<ApiKeys::Privilege>& privileges, const QString& expiration)
{
    QJsonArray names;
    for (const ApiKeys::Privilege p : ApiKeys::normalisedPrivileges(privileges))
        names.append(ApiKeys::privilegeName(p));
    const QJsonObject application{{QStringLiteral("application"), QStringLiteral("apm")},
                                  {QStringLiteral("privileges"), names},
                                  {QStringLiteral("resources"), QJsonArray{QStringLiteral("*")}}};
    QJsonObject body{{QStringLiteral("name"), name},
                     {QStringLiteral("role_descriptors"),
                      QJsonObject{{QStringLiteral("apm"),
                                   QJsonObject{{QStringLiteral("applications"), QJsonArray{application}}}}}},
                     {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("application"), QStringLiteral("apm")}}}};
    if (!expiration.trimmed().isEmpty())
        body.insert(QStringLiteral("expiration"), expiration.trimmed());
    return body;
}

} // namespace

ApiKeysPanel::ApiKeysPanel(Config::Document* document, ApiKeys::ApiKeyRegistry* registry, Secrets::SecretStore* store,
                           QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ApiKeysPanel>()), m_document(document), m_registry(registry),
      m_store(store), m_model(new ApiKeyTableModel(this)), m_clipboard(new SecretClipboard(this))
{
    Q_ASSERT(m_document && m_registry && m_store);
    m_ui->setupUi(this);
    m_ui->keysView->setModel(m_model);
    m_ui->keysView->verticalHeader()->hide();
    m_ui->keysView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->keysView->horizontalHeader()->setSectionResizeMode(ApiKeyTableModel::PrivilegesColumn, QHeaderView::Stretch);

    auto edited = [this] {
        if (m_loading)
            return;
        refreshSettingsNote();
        emit changed();
    };
    connect(m_ui->enabledCheck, &QCheckBox::toggled, this, edited);
    connect(m_ui->limitSpin, &QSpinBox::valueChanged, this, edited);
    connect(m_ui->applyButton, &QPushButton::clicked, this, &ApiKeysPanel::apply);
    connect(m_ui->refreshButton, &QPushButton::clicked, this, &ApiKeysPanel::reload);
    connect(m_ui->invalidateButton, &QPushButton::clicked, this, &ApiKeysPanel::invalidateSelected);
    connect(m_ui->createButton, &QPushButton::clicked, this, &ApiKeysPanel::createKey);
    connect(m_ui->verifyButton, &QPushButton::clicked, this, &ApiKeysPanel::verify);
    connect(m_ui->credentialsEdit, &QLineEdit::returnPressed, this, &ApiKeysPanel::verify);
    connect(m_ui->keysView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApiKeysPanel::refreshButtons);
    for (QCheckBox* box : {m_ui->eventWriteCheck, m_ui->configAgentCheck, m_ui->sourcemapCheck})
        connect(box, &QCheckBox::toggled, this, &ApiKeysPanel::refreshRequest);
    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &ApiKeysPanel::refreshRequest);
    connect(m_ui->expirationEdit, &QLineEdit::textChanged, this, &ApiKeysPanel::refreshRequest);
    connect(m_ui->requestFormatCombo, &QComboBox::currentIndexChanged, this, &ApiKeysPanel::refreshRequest);
    connect(m_ui->copyRequestButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_ui->requestEdit->toPlainText()); });
    connect(m_document, &Config::Document::changed, this, [this] {
        // Follow the document unless the user has edits here that are not applied yet.
        const ApiKeySettings doc = fromDocument(*m_document);
        const bool pristine = value() == m_synced;
        m_synced = doc;
        if (pristine && value() != doc) {
            load(doc);
            return;
        }
        refreshSettingsNote();
    });
    m_synced = fromDocument(*m_document);
    load(m_synced);
    reload();
    refreshRequest();
}

ApiKeysPanel::~ApiKeysPanel()
{
    if (m_dialog)
        delete m_dialog;
}

ApiKeySettings ApiKeysPanel::fromDocument(const Config::Document& document)
{
    const Config::EffectiveSettings& e = document.effective();
    return ApiKeySettings{e.apiKeyEnabled.value, e.apiKeyLimit.value};
}

void ApiKeysPanel::load(const ApiKeySettings& settings)
{
    m_loading = true;
    m_ui->enabledCheck->setChecked(settings.enabled);
    m_ui->limitSpin->setValue(int(qBound(qint64(0), settings.limit, qint64(m_ui->limitSpin->maximum()))));
    m_loading = false;
    refreshSettingsNote();
}

ApiKeySettings ApiKeysPanel::value() const
{
    return ApiKeySettings{m_ui->enabledCheck->isChecked(), m_ui->limitSpin->value()};
}

void ApiKeysPanel::apply()
{
    const ApiKeySettings s = value();
    auto r = m_document->setValue(kEnabledKey, Config::YamlValue::fromScalar(s.enabled ? QStringLiteral("true")
                                                                                       : QStringLiteral("false")));
    if (r)
        r = m_document->setValue(kLimitKey, Config::YamlValue::fromScalar(QString::number(s.limit)));
    if (!r) {
        m_ui->settingsNoteLabel->setText(r.error().toString());
        m_ui->settingsNoteLabel->setVisible(true);
    }
}

void ApiKeysPanel::refreshSettingsNote()
{
    const Config::EffectiveSettings& e = m_document->effective();
    QStringList notes;
    if (value() != fromDocument(*m_document))
        notes << tr("Not applied yet.");
    else
        notes << (e.apiKeyEnabled.value ? tr("API keys are accepted: %1 (%2).") : tr("API keys are off: %1 (%2)."))
                     .arg(e.apiKeyEnabled.rule, e.apiKeyEnabled.section);
    if (!e.apiKeyEnabled.value)
        notes << tr("Agents sending Authorization: ApiKey get 401 \"authentication failed\" while this is off.");
    for (const Config::Finding& f : m_document->findings())
        if (f.key.startsWith(QLatin1String("apm-server.auth.api_key")))
            notes << f.message + (f.fix.isEmpty() ? QString() : QStringLiteral(" — ") + f.fix);
    m_ui->settingsNoteLabel->setText(notes.join(QLatin1Char('\n')));
    m_ui->settingsNoteLabel->setVisible(!notes.isEmpty());
}

void ApiKeysPanel::reload()
{
    auto keys = m_registry->list();
    if (!keys) {
        m_model->setKeys({}, QDateTime::currentDateTimeUtc());
        m_ui->registryLabel->setText(keys.error().toString());
    } else {
        m_model->setKeys(*keys, QDateTime::currentDateTimeUtc());
        m_ui->registryLabel->setText(tr("%n key(s) in %1 (shared with the apikey command and the stub)", nullptr,
                                        int(keys->size()))
                                         .arg(m_registry->filePath()));
    }
    refreshButtons();
}

void ApiKeysPanel::refreshButtons()
{
    const QModelIndexList rows = m_ui->keysView->selectionModel()->selectedRows();
    bool canInvalidate = false;
    if (!rows.isEmpty())
        canInvalidate = !m_model->keys().at(rows.first().row()).invalidated;
    m_ui->invalidateButton->setEnabled(canInvalidate);
}

QList<ApiKeys::Privilege> ApiKeysPanel::chosenPrivileges() const
{
    QList<ApiKeys::Privilege> p;
    if (m_ui->eventWriteCheck->isChecked())
        p << ApiKeys::Privilege::EventWrite;
    if (m_ui->configAgentCheck->isChecked())
        p << ApiKeys::Privilege::ConfigAgentRead;
    if (m_ui->sourcemapCheck->isChecked())
        p << ApiKeys::Privilege::SourcemapWrite;
    return p;
}

bool ApiKeysPanel::createKey()
{
    const QList<ApiKeys::Privilege> privileges = chosenPrivileges();
    std::optional<std::chrono::milliseconds> expiresIn;
    const QString expiration = m_ui->expirationEdit->text().trimmed();
    QString problem;
    if (privileges.isEmpty())
        problem = tr("Choose at least one privilege.");
    if (problem.isEmpty() && !expiration.isEmpty()) {
        auto parsed = ApiKeys::parseExpiration(expiration);
        if (!parsed)
            problem = parsed.error().toString();
        else
            expiresIn = *parsed;
    }
    if (problem.isEmpty()) {
        auto created = m_registry->create(m_ui->nameEdit->text().trimmed(), privileges, expiresIn);
        if (!created) {
            problem = created.error().toString();
        } else {
            m_ui->createProblemLabel->clear();
            reload();
            const int row = m_model->rowOfId(created->key.id);
            if (row >= 0)
                m_ui->keysView->selectRow(row);
            showCredentials(created->key.id, QString::fromLatin1(created->apiKey.latin1()),
                            QString::fromLatin1(created->credentials.latin1()));
            emit keysChanged();
            return true;
        }
    }
    m_ui->createProblemLabel->setText(problem);
    return false;
}

void ApiKeysPanel::showCredentials(const QString& id, const QString& apiKey, const QString& credentials)
{
    if (m_dialog)
        delete m_dialog;
    auto* dialog = new QDialog(this);
    m_dialog = dialog;
    dialog->setObjectName(QStringLiteral("credentialsDialog"));
    dialog->setWindowTitle(tr("API key created"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(dialog);
    auto* warning = new QLabel(tr("These credentials are shown only once: the registry keeps only a hash of the "
                                  "secret. Agents send the credentials as Authorization: ApiKey <credentials> "
                                  "(ELASTIC_APM_API_KEY)."),
                               dialog);
    warning->setWordWrap(true);
    layout->addWidget(warning);
    auto* form = new QFormLayout;
    auto addField = [&](const QString& label, const QString& text, const QString& objectName, bool secret) {
        auto* edit = new QLineEdit(text, dialog);
        edit->setObjectName(objectName);
        edit->setReadOnly(true);
        edit->setAccessibleName(label);
        edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(text) + 24);
        if (secret)
            edit->setToolTip(tr("Secret: copy it now; it cannot be shown again"));
        auto* l = new QLabel(label + QLatin1Char(':'), dialog);
        l->setBuddy(edit);
        form->addRow(l, edit);
        return edit;
    };
    addField(tr("ID"), id, QStringLiteral("idEdit"), false);
    addField(tr("API key"), apiKey, QStringLiteral("apiKeyEdit"), true);
    QLineEdit* credentialsEdit = addField(tr("Credentials"), credentials, QStringLiteral("credentialsValueEdit"), true);
    layout->addLayout(form);

    auto* copyButton = new QPushButton(tr("&Copy credentials"), dialog);
    copyButton->setObjectName(QStringLiteral("copyCredentialsButton"));
    copyButton->setToolTip(tr("Copies the credentials; the clipboard is cleared after 30 s if it still holds them"));
    connect(copyButton, &QPushButton::clicked, this,
            [this, credentialsEdit] { m_clipboard->copy(credentialsEdit->text().toLatin1()); });
    layout->addWidget(copyButton);

    auto* keepLayout = new QHBoxLayout;
    auto* keepLabel = new QLabel(tr("Keep in the keychain as:"), dialog);
    auto* keepName = new QLineEdit(QStringLiteral("APM_API_KEY"), dialog);
    keepName->setObjectName(QStringLiteral("keychainNameEdit"));
    keepName->setAccessibleName(tr("Keychain entry name"));
    keepName->setToolTip(tr("Agent kits and probes refer to it as ${NAME}; the value stays out of every file"));
    keepLabel->setBuddy(keepName);
    auto* keepButton = new QPushButton(tr("&Keep"), dialog);
    keepButton->setObjectName(QStringLiteral("keepButton"));
    keepButton->setToolTip(tr("Stores the credentials in the keychain (%1) for probing").arg(m_store->backendName()));
    auto* keepStatus = new QLabel(dialog);
    keepStatus->setObjectName(QStringLiteral("keepStatusLabel"));
    keepStatus->setWordWrap(true);
    keepLayout->addWidget(keepLabel);
    keepLayout->addWidget(keepName);
    keepLayout->addWidget(keepButton);
    layout->addLayout(keepLayout);
    layout->addWidget(keepStatus);
    connect(keepButton, &QPushButton::clicked, this, [this, keepName, keepButton, keepStatus, credentialsEdit] {
        const QString name = keepName->text().trimmed();
        if (!Config::SecretReference::isValidName(name)) {
            keepStatus->setText(tr("'%1' cannot be written as ${NAME}: use letters, digits, '_', '.' or '-'.").arg(name));
            return;
        }
        keepButton->setEnabled(false);
        QByteArray value = credentialsEdit->text().toLatin1();
        // The store keeps its own copy of the value.
        m_store->write(name, value,
                       [self = QPointer<ApiKeysPanel>(this), status = QPointer<QLabel>(keepStatus),
                        button = QPointer<QPushButton>(keepButton), name](Core::Result<void> r) {
                           if (button)
                               button->setEnabled(true);
                           if (status)
                               status->setText(r ? tr("Stored in the keychain as %1; refer to it as ${%1}.").arg(name)
                                                 : r.error().toString());
                           if (self)
                               emit self->credentialsStored(bool(r));
                       });
        ApiKeys::cleanse(value);
    });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->open();
}

void ApiKeysPanel::invalidateSelected()
{
    const QModelIndexList rows = m_ui->keysView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const ApiKeys::ApiKey key = m_model->keys().at(rows.first().row());
    const auto answer = QMessageBox::question(
        this, tr("Invalidate API key"),
        tr("Invalidate the key '%1' (id %2)? Agents using it get 401 from then on; this cannot be undone.")
            .arg(key.name, key.id),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        invalidateKey(key.id);
}

bool ApiKeysPanel::invalidateKey(const QString& id)
{
    auto r = m_registry->invalidateById(id);
    if (!r) {
        m_ui->registryLabel->setText(r.error().toString());
        return false;
    }
    reload();
    emit keysChanged();
    return true;
}

ApiKeyCheck ApiKeysPanel::check(const ApiKeys::ApiKeyRegistry& registry, QByteArrayView credentials)
{
    using ApiKeys::VerifyOutcome;
    ApiKeyCheck result;
    std::optional<ApiKeys::Verification> verification;
    auto decoded = ApiKeys::Credentials::decode(credentials);
    if (!decoded) {
        result.reason = decoded.error().message + QLatin1Char(' ') + decoded.error().fix;
        result.serverAnswer = ApiKeys::Credentials::serverMessage(decoded.error());
    } else {
        auto checked = registry.verify(decoded->id(), decoded->apiKey().view());
        if (!checked) {
            result.reason = checked.error().toString();
            result.serverAnswer = tr("unavailable");
        } else {
            verification = std::move(*checked);
            switch (verification->outcome) {
            case VerifyOutcome::Valid:
                break;
            case VerifyOutcome::UnknownId:
                result.reason = tr("There is no API key with id '%1' in %2.").arg(decoded->id(), registry.filePath());
                break;
            case VerifyOutcome::WrongSecret:
                result.reason = tr("The API key does not match the key with id '%1'.").arg(decoded->id());
                break;
            case VerifyOutcome::Expired:
                result.reason = tr("The API key '%1' has expired.").arg(decoded->id());
                break;
            case VerifyOutcome::Invalidated:
                result.reason = tr("The API key '%1' has been invalidated.").arg(decoded->id());
                break;
            }
            if (!verification->isValid())
                result.serverAnswer = QStringLiteral("authentication failed");
        }
    }
    for (const ApiKeys::Privilege p : ApiKeys::allPrivileges())
        result.privileges.append({p, verification && verification->grants(p)});
    return result;
}

void ApiKeysPanel::verify()
{
    QByteArray token = m_ui->credentialsEdit->text().trimmed().toLatin1();
    const ApiKeyCheck c = check(*m_registry, token);
    ApiKeys::cleanse(token);
    QStringList lines;
    for (const auto& [privilege, granted] : c.privileges)
        lines << tr("%1: %2").arg(ApiKeys::privilegeName(privilege), granted ? tr("granted") : tr("not granted"));
    if (!c.reason.isEmpty())
        lines << c.reason << tr("APM Server would answer 401 {\"error\": \"%1\"}").arg(c.serverAnswer);
    m_ui->verifyResultLabel->setText(lines.join(QLatin1Char('\n')));
}

QString ApiKeysPanel::devToolsRequest(const QString& name, const QList<ApiKeys::Privilege>& privileges,
                                      const QString& expiration)
{
    return QStringLiteral("PUT /_security/api_key\n") +
           QString::fromUtf8(QJsonDocument(requestBody(name, privileges, expiration)).toJson(QJsonDocument::Indented));
}

QString ApiKeysPanel::curlRequest(const QString& name, const QList<ApiKeys::Privilege>& privileges,
                                  const QString& expiration)
{
    QString body =
        QString::fromUtf8(QJsonDocument(requestBody(name, privileges, expiration)).toJson(QJsonDocument::Compact));
    body.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QStringLiteral("curl -u elastic -X PUT \"$ES_URL/_security/api_key\" \\\n"
                          "  -H 'Content-Type: application/json' \\\n"
                          "  -d '%1'\n")
        .arg(body);
}

void ApiKeysPanel::refreshRequest()
{
    const QList<ApiKeys::Privilege> privileges = chosenPrivileges();
    const QString name = m_ui->nameEdit->text().trimmed();
    const QString expiration = m_ui->expirationEdit->text().trimmed();
    m_ui->requestEdit->setPlainText(m_ui->requestFormatCombo->currentIndex() == 1
                                        ? curlRequest(name, privileges, expiration)
                                        : devToolsRequest(name, privileges, expiration));
    m_ui->createButton->setEnabled(!privileges.isEmpty() && !name.isEmpty());
}
