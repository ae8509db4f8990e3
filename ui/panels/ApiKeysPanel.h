// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "apikeys/Privilege.h"

#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <memory>

namespace ApiKeys {
class ApiKeyRegistry;
}
namespace Config {
class Document;
}
namespace Secrets {
class SecretStore;
}
namespace Ui {
class ApiKeysPanel;
}
class ApiKeyTableModel;
class SecretClipboard;
class QDialog;

// What the API keys panel edits in the document.
struct ApiKeySettings
{
    bool enabled = false;
    qint64 limit = 100;
    bool operator==(const ApiKeySettings&) const = default;
};

// What a pasted credentials value gets from APM Server (§3.3, §3.4): each privilege granted or
// not, and when none is, why and the 401 body text.
struct ApiKeyCheck
{
    QList<QPair<ApiKeys::Privilege, bool>> privileges;
    QString reason;       // empty for a valid key
    QString serverAnswer; // the 401 "error" text; empty for a valid key
};

// API keys over the local registry (the one the embedded stub checks): the keys as a table,
// create (credentials shown once, with copy and an option to keep them in the keychain),
// invalidate, verify pasted credentials, auth.api_key.enabled/limit written into the document, and
// the equivalent Elasticsearch request for a real cluster. Passive: load()/value()/changed() carry
// the settings; apply() writes them into the document.
class ApiKeysPanel : public QWidget
{
    Q_OBJECT

public:
    ApiKeysPanel(Config::Document* document, ApiKeys::ApiKeyRegistry* registry, Secrets::SecretStore* store,
                 QWidget* parent = nullptr);
    ~ApiKeysPanel() override;

    void load(const ApiKeySettings& settings);
    ApiKeySettings value() const;
    static ApiKeySettings fromDocument(const Config::Document& document);

    ApiKeyTableModel* model() const { return m_model; }
    // The credentials dialog of the last key created, while it is open.
    QDialog* credentialsDialog() const { return m_dialog; }

    // Kibana Dev Tools text for the same key on Elasticsearch (`PUT /_security/api_key` with the
    // `apm` application privileges, as `apm-server apikey create` sends it); `expiration` as
    // typed ("30d"), empty for none.
    static QString devToolsRequest(const QString& name, const QList<ApiKeys::Privilege>& privileges,
                                   const QString& expiration);
    // The same as a curl command line (asks for the elastic user's password).
    static QString curlRequest(const QString& name, const QList<ApiKeys::Privilege>& privileges,
                               const QString& expiration);
    // Decodes and verifies `credentials` against `registry` as APM Server's authenticator does.
    static ApiKeyCheck check(const ApiKeys::ApiKeyRegistry& registry, QByteArrayView credentials);

signals:
    void changed();
    // The registry changed here (a key created or invalidated).
    void keysChanged();
    // A keychain store of the credentials finished.
    void credentialsStored(bool ok);

public slots:
    void apply();
    void reload();
    // Creates a key from the Create tab; on success shows the credentials dialog (not modal).
    bool createKey();
    // Asks, then invalidates the selected key.
    void invalidateSelected();
    // Invalidates without asking. False when the registry could not be changed.
    bool invalidateKey(const QString& id);
    void verify();

private:
    QList<ApiKeys::Privilege> chosenPrivileges() const;
    void refreshRequest();
    void refreshSettingsNote();
    void refreshButtons();
    void showCredentials(const QString& id, const QString& apiKey, const QString& credentials);

    const std::unique_ptr<Ui::ApiKeysPanel> m_ui;
    Config::Document* const m_document;
    ApiKeys::ApiKeyRegistry* const m_registry;
    QPointer<Secrets::SecretStore> m_store;
    ApiKeyTableModel* const m_model;
    SecretClipboard* const m_clipboard;
    QPointer<QDialog> m_dialog;
    ApiKeySettings m_synced;
    bool m_loading = false;
};
