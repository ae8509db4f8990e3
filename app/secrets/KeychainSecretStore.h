// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "secrets/SecretStore.h"

#include <QPointer>

#include <deque>
#include <memory>

namespace QKeychain {
class Job;
}

namespace Secrets {

// The service name entries are filed under in the OS keychain.
inline constexpr char kKeychainService[] = "APM Gatekeeper";

// The OS keychain through QtKeychain (the Secret Service — gnome-keyring, KWallet — on Linux, the
// Keychain on macOS, the Credential Manager on Windows). Never falls back to a plain-text file:
// when no secure store answers, the call fails with kErrorUnavailable and state() says why.
// Calls run one after another (a queue), each with a time limit; a call that fails because the
// back end is not ready yet (D-Bus activation of the Secret Service) is retried once.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT

public:
    explicit KeychainSecretStore(QString service = QLatin1String(kKeychainService), QObject* parent = nullptr);
    ~KeychainSecretStore() override;

    void read(const QString& name, ReadCallback done) override;
    void write(const QString& name, QByteArrayView value, DoneCallback done) override;
    void remove(const QString& name, DoneCallback done) override;
    QString backendName() const override;

    QString service() const { return m_service; }
    // How long one call may take before the store counts as unavailable (default 15 s: a locked
    // keyring may be waiting for a password prompt nobody answers).
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    // Delay before the one retry (default 500 ms).
    void setRetryDelay(int milliseconds) { m_retryDelayMs = milliseconds; }

private:
    struct Operation;
    void enqueue(std::shared_ptr<Operation> op);
    void startNext();
    void finish(const std::shared_ptr<Operation>& op, QKeychain::Job* job, bool timedOut);

    QString m_service;
    int m_timeoutMs = 15000;
    int m_retryDelayMs = 500;
    std::deque<std::shared_ptr<Operation>> m_queue;
    bool m_busy = false;
};

} // namespace Secrets
