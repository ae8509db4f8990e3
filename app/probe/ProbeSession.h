// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/EffectiveSettings.h"
#include "core/Result.h"
#include "probe/ProbeReport.h"
#include "probe/ProbeRunner.h"

#include <QObject>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace Intake {
class IntakeServer;
}

namespace Probe {

// What the user asks for: a target and the credentials and trust to use (values, never written anywhere).
struct ProbeRequestSpec
{
    bool embedded = false;               // serve `effective` with the in-process stub on 127.0.0.1:0
    QUrl url;                            // the target otherwise
    Config::EffectiveSettings effective; // the expectations (and what the stub serves)
    QString secretToken;                 // value (from --secret-token-env)
    QString secretTokenVariable = QStringLiteral("APM_SECRET_TOKEN");
    QByteArray apiKey;                   // credentials base64(id:key) (from --api-key-env)
    QString apiKeyVariable = QStringLiteral("APM_API_KEY");
    QString caFile;
    QString clientCertFile;
    QString clientKeyFile;
    QStringList origins;
    bool burst = true;                   // embedded and loopback: on; other targets only when asked
    bool reveal = false;
    int timeoutMs = 5000;
};

// One probe run end to end: sets up the embedded stub (with API keys of every kind in a throwaway
// registry) when asked, builds the matrix, runs it and classifies the answers. Asynchronous:
// finished() carries the report.
class ProbeSession : public QObject
{
    Q_OBJECT

public:
    explicit ProbeSession(QObject* parent = nullptr);
    ~ProbeSession() override;

    // Validates the spec, starts the stub if asked, and starts the run. Errors: unreadable CA or
    // client files, a stub that cannot start.
    Core::Result<void> start(const ProbeRequestSpec& spec);
    void cancel();
    const ProbeReport& report() const { return m_report; }
    ProbeRunner& runner() { return m_runner; }
    QUrl target() const { return m_report.target; }

    // Whether a host is this machine (the burst is allowed against it without asking).
    static bool isLoopbackHost(const QString& host);

signals:
    void progress(int done, int total);
    void finished();

private:
    Core::Result<void> prepareEmbedded(const ProbeRequestSpec& spec, ProbeInputs& inputs, RunnerOptions& options);
    void runnerFinished();

    ProbeRunner m_runner;
    ProbeReport m_report;
    std::unique_ptr<QTemporaryDir> m_dataDir;
    std::unique_ptr<Intake::IntakeServer> m_server;
};

} // namespace Probe
