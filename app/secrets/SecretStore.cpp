// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "secrets/SecretStore.h"

#include <QCoreApplication>

namespace Secrets {

SecretStore::SecretStore(QObject* parent) : QObject(parent) {}

SecretStore::~SecretStore() = default;

Core::Error SecretStore::invalidNameError(const QString& name)
{
    return Core::makeError(QLatin1String(kErrorInvalidName),
                           QCoreApplication::translate("Secrets", "'%1' cannot be used as a secret name.").arg(name),
                           {},
                           QCoreApplication::translate(
                               "Secrets", "Use letters, digits, '_', '.' or '-', starting with a letter or '_' "
                                          "(it is written into apm-server.yml as ${NAME})."));
}

void SecretStore::setAvailable()
{
    m_reason = {};
    if (m_state != State::Available) {
        m_state = State::Available;
        emit stateChanged(m_state);
    }
}

void SecretStore::setUnavailable(const Core::Error& reason)
{
    m_reason = reason;
    if (m_state != State::Unavailable) {
        m_state = State::Unavailable;
        emit stateChanged(m_state);
    }
}

} // namespace Secrets
