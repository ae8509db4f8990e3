// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/ServerSettings.h"
#include "tls/CertificateService.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>

namespace Ui {
class TlsPanel;
}
namespace Secrets {
class SecretStore;
}

// What the TLS panel edits: the document's apm-server.ssl.* values, plus what only the panel keeps
// (the URLs agents use, the CA file agents are given).
struct TlsPanelValue
{
    Config::ServerSettings::Ssl ssl;
    QStringList agentUrls;
    QString agentCa;
};

// TLS off / generate / import; certificate, key, passphrase reference and client CAs; client
// authentication with its effective mode; protocols, suites and curves by APM Server's names; the
// agent URLs; findings with fixes; per-agent verdicts; trust-kit export; drag and drop of
// PEM/DER/P12 files. Passive: load()/value()/changed(); the certificate work is the injected
// Tls::CertificateService.
class TlsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TlsPanel(Tls::CertificateService* service, QWidget* parent = nullptr);
    ~TlsPanel() override;

    void load(const TlsPanelValue& value);
    TlsPanelValue value() const;
    // Where generated and converted files go (the document's folder).
    void setWorkingDirectory(const QString& dir) { m_workingDirectory = dir; }
    // Where the passphrases of generated keys go (the OS keychain). Without one, or when it is
    // unavailable, the panel says so and offers an unencrypted key (0600) — never a passphrase file.
    void setSecretStore(Secrets::SecretStore* store);
    // The keychain entry generated keys' passphrase is stored under; ssl.key_passphrase: ${NAME}.
    static constexpr char kPassphraseName[] = "APM_SERVER_SSL_KEY_PASSPHRASE";

    // The last check's results (for tests and the status bar).
    const Tls::TlsReport& report() const { return m_report; }
    bool isGenerating() const { return m_watcher.isRunning(); }

public slots:
    // Re-checks the certificate now (changes trigger it after a short pause).
    void recheck();
    // A new passphrase into the keychain, then CA and server keys encrypted with it.
    void generate();
    // After the "no secure store" warning: the same setup with unencrypted keys (mode 0600).
    void generateUnencrypted();
    void cancelGeneration();
    // Imports one file (what the Import button and a drop do); PKCS#12 passwords are asked for.
    void importFile(const QString& path);
    void exportKit(const QString& outDir);

signals:
    void changed();
    // The keychain now holds `value` under `name` (a generated key passphrase): the embedded stub
    // can decrypt the key with it. Kept in memory only.
    void secretAvailable(const QString& name, const QString& value);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void edited();
    void generationFinished();
    void startGeneration(std::shared_ptr<const Core::SecretBuffer> passphrase);
    void offerUnencrypted(const QString& why);
    void showReport();
    void updateClientAuthExplanation();
    void importWithDialog();
    void exportKitWithDialog();
    Tls::TlsCheck currentCheck() const;

    const std::unique_ptr<Ui::TlsPanel> m_ui;
    Tls::CertificateService* const m_service;
    QFutureWatcher<Tls::GeneratedSetup> m_watcher;
    QTimer m_checkTimer;
    Tls::TlsReport m_report;
    QString m_workingDirectory;
    QPointer<Secrets::SecretStore> m_store;
    std::shared_ptr<const Core::SecretBuffer> m_passphrase; // of the generation running
    bool m_loading = false;
    std::optional<bool> m_enabled; // ssl.enabled as written
};
