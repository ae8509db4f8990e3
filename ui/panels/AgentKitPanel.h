// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>

class SecretClipboard;
namespace Config {
class Document;
}
namespace Secrets {
class SecretStore;
}
namespace Ui {
class AgentKitPanel;
}

// What the Agent kits panel edits: which kit, for which URL and service, in which form.
struct AgentKitChoice
{
    QString agentId = QStringLiteral("nodejs");
    QString serverUrl;              // empty = derived from the document's host and TLS
    QString serviceName = QStringLiteral("my-service");
    QString environment = QStringLiteral("production");
    QString caFile;
    bool snippet = false;           // false: environment variables
    bool operator==(const AgentKitChoice&) const = default;
};

// Per-agent connection kits for the open document (app/agents): pick an agent, see its
// environment variables or configuration snippet with secrets by reference, copy it. Passive:
// load()/value()/changed(). Only "Show secret values" reads the keychain (the injected store),
// on the user's request: the value lives in memory while it is shown, is dropped when the box is
// cleared, the panel is hidden or the reference changes, and a copy with it is cleared from the
// clipboard after SecretClipboard::kClearMs.
class AgentKitPanel : public QWidget
{
    Q_OBJECT

public:
    explicit AgentKitPanel(const Config::Document* document, QWidget* parent = nullptr);
    ~AgentKitPanel() override;

    void load(const AgentKitChoice& choice);
    AgentKitChoice value() const;
    // The kit text shown right now.
    QString kitText() const;
    // Where "Show secret values" reads from; null: the box is disabled.
    void setSecretStore(Secrets::SecretStore* store);
    // Reveals (reads the referenced secret, asynchronously) or hides the values.
    void setRevealed(bool reveal);
    bool isRevealed() const { return m_revealed.has_value(); }

    // The URL agents would use for the document: scheme from TLS, host from apm-server.host
    // (an unspecified address becomes localhost).
    static QString defaultUrl(const Config::Document& document);

signals:
    void changed();
    void revealFinished(bool shown); // after setRevealed(true): the value is shown, or not (message in the panel)

public slots:
    void copyToClipboard();

protected:
    void hideEvent(QHideEvent* event) override;

private:
    void refresh();
    QString credentialName() const;
    void dropRevealed();

    const std::unique_ptr<Ui::AgentKitPanel> m_ui;
    const Config::Document* const m_document;
    Secrets::SecretStore* m_store = nullptr;
    SecretClipboard* m_clipboard = nullptr;
    std::optional<QString> m_revealed;  // the value while shown
    QString m_revealedName;             // the reference it belongs to
    QString m_revealError;
    int m_revealRequest = 0;            // answers to an older request are ignored
    bool m_loading = false;
};
