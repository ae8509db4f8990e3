// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "secrets/SecretStore.h"

#include <map>

namespace Secrets {

// A store in process memory for unit tests of other modules. Behaves like the keychain store:
// callbacks run later from the event loop. setUnavailable() simulates a missing or locked keychain.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT

public:
    explicit MemorySecretStore(QObject* parent = nullptr);

    void read(const QString& name, ReadCallback done) override;
    void write(const QString& name, QByteArrayView value, DoneCallback done) override;
    void remove(const QString& name, DoneCallback done) override;
    QString backendName() const override { return QStringLiteral("memory"); }

    // Simulates "no secure store available" (every call then fails with kErrorUnavailable).
    void simulateUnavailable(bool unavailable);
    // Test helpers: what is stored right now.
    bool contains(const QString& name) const { return m_entries.count(name) != 0; }
    qsizetype size() const { return qsizetype(m_entries.size()); }

private:
    bool checkAvailable(const std::function<void(const Core::Error&)>& fail);

    std::map<QString, ApiKeys::Secret> m_entries;
    bool m_unavailable = false;
};

} // namespace Secrets
