// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/PassphraseSource.h"

#include <QCoreApplication>

namespace Tls {

Core::Result<Core::SecretBuffer> EnvironmentPassphrase::read() const
{
    const QByteArray name = m_variable.toLocal8Bit();
    if (m_variable.isEmpty() || !qEnvironmentVariableIsSet(name.constData()))
        return Core::makeError(
            QStringLiteral("tls.passphrase-missing"),
            QCoreApplication::translate("Tls::PassphraseSource", "The environment variable %1 is not set.")
                .arg(m_variable),
            {},
            QCoreApplication::translate("Tls::PassphraseSource",
                                        "Export it before running the command (read -rs %1 && export %1).")
                .arg(m_variable));
    QByteArray value = qgetenv(name.constData());
    Core::SecretBuffer secret(value);
    value.fill('\0');
    if (secret.isEmpty())
        return Core::makeError(
            QStringLiteral("tls.passphrase-missing"),
            QCoreApplication::translate("Tls::PassphraseSource", "The environment variable %1 is empty.")
                .arg(m_variable));
    return secret;
}

QString EnvironmentPassphrase::description() const
{
    return QCoreApplication::translate("Tls::PassphraseSource", "environment variable %1").arg(m_variable);
}

} // namespace Tls
