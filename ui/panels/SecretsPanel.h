// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "apikeys/Secret.h"
#include "support/SecretClipboard.h"

#include <QPointer>
#include <QString>
#include <QWidget>

#include <memory>

namespace Config {
class Document;
}
namespace Secrets {
class SecretStore;
}
namespace Ui {
class SecretsPanel;
}

// The secret token: generate or rotate it into the keychain (the injected SecretStore), write
// `apm-server.auth.secret_token: ${NAME}` into the document, show it masked with reveal and copy
// (clipboard hint, cleared after 30 s), its strength, the keychain's state, and how APM Server gets
// the value without it being in the file. Passive: load()/value()/changed() carry the token name.
class SecretsPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kClipboardClearMs = SecretClipboard::kClearMs;

    SecretsPanel(Config::Document* document, Secrets::SecretStore* store, QWidget* parent = nullptr);
    ~SecretsPanel() override;

    void load(const QString& tokenName);
    QString value() const;

signals:
    void changed();
    // A generate/load finished (successfully or not); for tests and the status bar.
    void operationFinished(bool ok);
    // The keychain holds `value` under `name` (just generated or loaded): the embedded stub can
    // serve the document's ${name} with it. Kept in memory only.
    void tokenAvailable(const QString& name, const QString& value);

public slots:
    void generateToken();
    void loadFromKeychain();
    void copyToken();

private:
    void showToken(ApiKeys::Secret token);
    void refresh();
    void showStoreState();

    const std::unique_ptr<Ui::SecretsPanel> m_ui;
    Config::Document* const m_document;
    QPointer<Secrets::SecretStore> m_store;
    ApiKeys::Secret m_token;
    QString m_syncedName; // the name the document referred to when the panel last matched it
    SecretClipboard* m_clipboard;
    bool m_loading = false;
    bool m_busy = false;
};
