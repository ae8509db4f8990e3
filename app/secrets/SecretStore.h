// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "apikeys/Secret.h"
#include "core/Result.h"

#include <QObject>
#include <QString>

#include <functional>

namespace Secrets {

// Stable error codes of every store.
inline constexpr char kErrorNotFound[] = "secrets.not-found";       // no entry under that name
inline constexpr char kErrorUnavailable[] = "secrets.unavailable";  // no secure store (none, locked, denied)
inline constexpr char kErrorInvalidName[] = "secrets.invalid-name"; // not a `${NAME}`-able name
inline constexpr char kErrorFailed[] = "secrets.failed";            // the store answered with another error

// Where the secrets the document references (`${NAME}`) live: the OS keychain in the application,
// memory in unit tests of other modules. Asynchronous: every call returns at once and its callback
// runs later from the event loop (never before the call returns, never through a nested loop).
class SecretStore : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Unknown,     // nothing asked yet
        Available,   // the last call reached the store
        Unavailable, // no secure store: no Secret Service, locked, or access denied (see unavailableReason())
    };
    Q_ENUM(State)

    using ReadCallback = std::function<void(Core::Result<ApiKeys::Secret>)>;
    using DoneCallback = std::function<void(Core::Result<void>)>;

    explicit SecretStore(QObject* parent = nullptr);
    ~SecretStore() override;

    // Reads the secret stored under `name`; kErrorNotFound when there is none.
    virtual void read(const QString& name, ReadCallback done) = 0;
    // Stores `value` under `name`, replacing an older value.
    virtual void write(const QString& name, QByteArrayView value, DoneCallback done) = 0;
    // Removes the entry; kErrorNotFound when there was none.
    virtual void remove(const QString& name, DoneCallback done) = 0;
    // A short name for messages ("Secret Service", "memory").
    virtual QString backendName() const = 0;

    State state() const { return m_state; }
    // Why the store is unavailable, with what to do about it (empty while available).
    Core::Error unavailableReason() const { return m_reason; }

    // The error every store gives for a name that cannot be written as `${NAME}`.
    static Core::Error invalidNameError(const QString& name);

signals:
    void stateChanged(Secrets::SecretStore::State state);

protected:
    void setAvailable();
    void setUnavailable(const Core::Error& reason);

private:
    State m_state = State::Unknown;
    Core::Error m_reason;
};

} // namespace Secrets
