// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/SecretReference.h"
#include "intake/RequestLog.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace Config {
class Document;
}
namespace Intake {
class AgentConfigStore;
class IntakeServer;
}

// Owns the embedded intake stub for the one document: serves its effective settings on
// 127.0.0.1:<start port> (or the next free port), restarts when the settings change, and says
// why when it cannot run. A ${NAME} secret token that cannot be resolved gets a per-session token
// held in memory only, so the probe and agents have a target at once.
class StubController : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Running, Refused };
    Q_ENUM(State)

    static constexpr quint16 kDefaultPort = 8200;
    static constexpr int kPortAttempts = 20; // 8200…8219, then any free port

    explicit StubController(Config::Document* document, QObject* parent = nullptr);
    ~StubController() override;

    // The first port tried (0: any free port, for tests). Takes effect at the next start.
    void setStartPort(quint16 port) { m_startPort = port; }
    quint16 startPort() const { return m_startPort; }
    // Where ${NAME} references are resolved (the environment by default).
    void setSecretLookup(Config::SecretLookup lookup) { m_lookup = std::move(lookup); }
    // The API key registry's directory (the registry's default when empty).
    void setDataDir(const QString& dir) { m_dataDir = dir; }
    // Where the API-key registry the stub checks keys against lives (the app data folder by default).
    QString dataDir() const;
    // How long settings must be quiet before the stub restarts with them.
    void setRestartDelay(int ms) { m_restartTimer.setInterval(ms); }

    State state() const { return m_state; }
    // Why it is stopped or refused, or a note while running; one sentence.
    QString reason() const { return m_reason; }
    QUrl url() const;
    quint16 port() const;
    // Text for a status line: "Stub running on http://127.0.0.1:8200", "Stub refused: …".
    QString summary() const;

    // True while the stub runs with the generated session token because the document's token
    // reference cannot be resolved; secretReference() names it ("${APM_SECRET_TOKEN}").
    bool usesSessionToken() const { return m_usesSessionToken; }
    QString secretReference() const;
    // The per-session token (memory only, never written anywhere).
    QString sessionToken() const { return m_sessionToken; }

    // The agent-configuration store the stub serves; edits apply to the running stub at once.
    std::shared_ptr<Intake::AgentConfigStore> agentConfig() const { return m_agentConfig; }
    Intake::IntakeServer* server() const { return m_server; }

public slots:
    // Starts (or restarts) with the document's current settings.
    void start();
    // Stops until start() is called again; settings changes no longer restart it.
    void stop();

signals:
    void stateChanged();
    void requestLogged(const Intake::RequestLogEntry& entry);

private:
    void scheduleRestart();
    void restartIfChanged();
    void retire(Intake::IntakeServer* server);
    void setState(State state, const QString& reason);
    QByteArray signature() const;

    Config::Document* const m_document;
    std::shared_ptr<Intake::AgentConfigStore> m_agentConfig;
    Config::SecretLookup m_lookup;
    QString m_dataDir;
    QString m_sessionToken;
    quint16 m_startPort = kDefaultPort;
    Intake::IntakeServer* m_server = nullptr;
    State m_state = State::Stopped;
    QString m_reason;
    bool m_wanted = false; // started by the user/app and not stopped since
    bool m_usesSessionToken = false;
    QByteArray m_startedSignature;
    QTimer m_restartTimer;
};
