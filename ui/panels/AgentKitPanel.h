// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QString>
#include <QWidget>

#include <memory>

namespace Config {
class Document;
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
// load()/value()/changed(); reads the document, never the keychain.
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

    // The URL agents would use for the document: scheme from TLS, host from apm-server.host
    // (an unspecified address becomes localhost).
    static QString defaultUrl(const Config::Document& document);

signals:
    void changed();

public slots:
    void copyToClipboard();

private:
    void refresh();

    const std::unique_ptr<Ui::AgentKitPanel> m_ui;
    const Config::Document* const m_document;
    bool m_loading = false;
};
