// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/Profile.h"
#include "core/Result.h"

#include <QMainWindow>

#include <memory>

namespace Config {
class Document;
}
namespace Ui {
class MainWindow;
}
class ConfigurationPanel;
class EffectiveSettingsPanel;
class IntakePanel;
class AgentKitPanel;
class SecretsPanel;
class RumPanel;
class TlsPanel;
class ApiKeysPanel;
namespace ApiKeys {
class ApiKeyRegistry;
}
namespace Secrets {
class KeychainSecretStore;
}
namespace Tls {
class CertificateService;
}
class StubController;
class QActionGroup;
class QComboBox;
class QLabel;
class QToolButton;
class RecentFiles;

// The application window: a sidebar of panels over one Config::Document, document handling
// (New/Open/Save with a diff preview/Revert, quit protection), the emulation profile, and a status
// bar with the document, the profile, the findings and the embedded stub. Window state lives in
// QSettings. The stub is created here but started by the caller (main.cpp starts it at once; tests
// choose a port first), so constructing a window never binds a port.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Uses `document` (not owned) or, when null, creates and owns one.
    explicit MainWindow(Config::Document* document = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    Config::Document* document() const { return m_document; }
    RecentFiles* recentFiles() const { return m_recentFiles; }
    StubController* stubController() const { return m_stub; }

    // Adds a panel to the sidebar and to View (Ctrl+<position>); `id` names it for showPanel().
    void addPanel(const QString& id, const QString& title, const QIcon& icon, QWidget* panel, const QString& toolTip);
    QStringList panelIds() const;
    QString currentPanelId() const;

public slots:
    // Opens `path` without asking about unsaved changes; errors are shown. True on success.
    bool openFile(const QString& path);
    // Shows the panel named `id` ("configuration", "effective", "intake"); false if there is none.
    bool showPanel(const QString& id);
    void setProfile(Config::Profile profile);

    void newDocument();
    void openWithDialog();
    void openRecent(const QString& path);
    // Saves to the document's file (Save As when untitled) after showing the diff. True if saved.
    bool save();
    bool saveAs();
    void revert();
    void showAbout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    struct Panel
    {
        QString id;
        QWidget* widget = nullptr;
        QAction* action = nullptr;
    };

    void setupProfileSelector();
    void setupStatusBar();
    void setupSidebarWidth();
    // Asks Save / Discard / Cancel when there are unsaved changes; true if it is fine to go on.
    bool maybeSave(const QString& question);
    bool writeDocument(const QString& path);
    void showError(const QString& title, const Core::Error& error);
    void updateTitle();
    void updateStatus();
    void updateProfileControls();
    void updateStubStatus();
    void copyStubUrl();
    void rebuildRecentMenu();
    void restoreWindowState();
    void storeWindowState();

    const std::unique_ptr<Ui::MainWindow> m_ui;
    Config::Document* const m_document;
    RecentFiles* const m_recentFiles;
    QActionGroup* const m_panelActions;
    StubController* const m_stub;
    ConfigurationPanel* m_configurationPanel = nullptr;
    EffectiveSettingsPanel* m_effectivePanel = nullptr;
    IntakePanel* m_intakePanel = nullptr;
    AgentKitPanel* m_agentKitPanel = nullptr;
    SecretsPanel* m_secretsPanel = nullptr;
    RumPanel* m_rumPanel = nullptr;
    ApiKeysPanel* m_apiKeysPanel = nullptr;
    std::unique_ptr<ApiKeys::ApiKeyRegistry> m_apiKeyRegistry;
    Secrets::KeychainSecretStore* m_secretStore = nullptr;
    std::unique_ptr<Tls::CertificateService> m_certificateService;
    TlsPanel* m_tlsPanel = nullptr;
    bool m_applyingTls = false;
    QComboBox* m_profileCombo = nullptr;
    QLabel* m_statusDocument = nullptr;
    QLabel* m_statusProfile = nullptr;
    QLabel* m_statusFindings = nullptr;
    QToolButton* m_statusStub = nullptr;
    QList<Panel> m_panels;
};
