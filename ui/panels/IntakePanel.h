// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "intake/AgentConfigStore.h"
#include "intake/RequestLog.h"

#include <QUrl>
#include <QWidget>

#include <memory>

namespace Config {
class Document;
}
namespace Ui {
class IntakePanel;
}
class RequestLogModel;
class RequestFilterProxy;
class StubController;

// The embedded stub: its state and URL, start/stop, the live request log with filtering and a
// detail pane (request, decision trace, response, copy as curl), and the agent-configuration
// store it serves. The stub itself is the injected StubController.
class IntakePanel : public QWidget
{
    Q_OBJECT

public:
    enum class StatusFilter { All, Success, ClientError, ServerError }; // combo order: all/2xx/4xx/5xx

    IntakePanel(StubController* stub, Config::Document* document, QWidget* parent = nullptr);
    ~IntakePanel() override;

    RequestLogModel* model() const { return m_model; }

    // The agent-configuration editor: load() replaces the rows (and what the stub serves);
    // agentConfigs() is what the rows hold; agentConfigsChanged() after every applied edit.
    void loadAgentConfigs(const QList<Intake::AgentConfigEntry>& entries);
    QList<Intake::AgentConfigEntry> agentConfigs() const;
    Core::Result<void> loadAgentConfigFile(const QString& path);
    Core::Result<void> saveAgentConfigFile(const QString& path) const;

    // A curl command repeating `entry` against `base`: credentials as $APM_SECRET_TOKEN /
    // $APM_API_KEY (the log holds none anyway), the body as a file the user supplies.
    static QString curlCommand(const Intake::RequestLogEntry& entry, const QUrl& base);
    // "k=v, k2=v2" ↔ settings map; pairs without '=' are returned in `invalid`.
    static QString settingsText(const QMap<QString, QString>& settings);
    static QMap<QString, QString> parseSettings(const QString& text, QStringList* invalid = nullptr);

public slots:
    void setFilterText(const QString& text);
    void setStatusFilter(IntakePanel::StatusFilter filter);
    // Copies the selected request as a curl command; empty when nothing is selected.
    QString copyAsCurl();

signals:
    void agentConfigsChanged();

private:
    void refreshState();
    void refreshEmptyState();
    void appendEntry(const Intake::RequestLogEntry& entry);
    void showEntry(const QModelIndex& proxyIndex);
    void applyAgentConfigs();
    void addAgentConfig();
    void removeAgentConfig();
    void loadAgentConfigWithDialog();
    void saveAgentConfigWithDialog();
    void copySecretToClipboard(const QString& secret);

    const std::unique_ptr<Ui::IntakePanel> m_ui;
    StubController* const m_stub;
    Config::Document* const m_document;
    RequestLogModel* const m_model;
    RequestFilterProxy* const m_proxy;
    bool m_loadingAgentConfigs = false;
};
