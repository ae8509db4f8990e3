// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "secrets/MemorySecretStore.h"

#include "config/SecretReference.h"

#include <QCoreApplication>
#include <QTimer>

namespace Secrets {

namespace {

Core::Error notFound(const QString& name)
{
    return Core::makeError(QLatin1String(kErrorNotFound),
                           QCoreApplication::translate("Secrets", "No secret named %1 is stored.").arg(name));
}

} // namespace

MemorySecretStore::MemorySecretStore(QObject* parent) : SecretStore(parent) {}

void MemorySecretStore::simulateUnavailable(bool unavailable)
{
    m_unavailable = unavailable;
}

bool MemorySecretStore::checkAvailable(const std::function<void(const Core::Error&)>& fail)
{
    if (!m_unavailable) {
        setAvailable();
        return true;
    }
    const Core::Error e = Core::makeError(QLatin1String(kErrorUnavailable),
                                          QCoreApplication::translate("Secrets", "No secure store is available."),
                                          QStringLiteral("memory store set unavailable"));
    setUnavailable(e);
    fail(e);
    return false;
}

void MemorySecretStore::read(const QString& name, ReadCallback done)
{
    // Callbacks always run later, as with the keychain: callers must not rely on re-entrancy.
    QTimer::singleShot(0, this, [this, name, done = std::move(done)] {
        if (!checkAvailable([&](const Core::Error& e) { done(e); }))
            return;
        const auto it = m_entries.find(name);
        if (it == m_entries.end()) {
            done(notFound(name));
            return;
        }
        done(ApiKeys::Secret::copyOf(it->second.view()));
    });
}

void MemorySecretStore::write(const QString& name, QByteArrayView value, DoneCallback done)
{
    auto copy = std::make_shared<ApiKeys::Secret>(ApiKeys::Secret::copyOf(value));
    QTimer::singleShot(0, this, [this, name, copy, done = std::move(done)] {
        if (!Config::SecretReference::isValidName(name)) {
            done(invalidNameError(name));
            return;
        }
        if (!checkAvailable([&](const Core::Error& e) { done(e); }))
            return;
        m_entries[name] = std::move(*copy);
        done({});
    });
}

void MemorySecretStore::remove(const QString& name, DoneCallback done)
{
    QTimer::singleShot(0, this, [this, name, done = std::move(done)] {
        if (!checkAvailable([&](const Core::Error& e) { done(e); }))
            return;
        if (m_entries.erase(name) == 0) {
            done(notFound(name));
            return;
        }
        done({});
    });
}

} // namespace Secrets
