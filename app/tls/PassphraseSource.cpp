// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/PassphraseSource.h"

#include <QCoreApplication>

namespace Tls {

namespace {
QString tr(const char* s)
{
    return QCoreApplication::translate("Tls::PassphraseSource", s);
}
} // namespace

Core::Result<Core::SecretBuffer> EnvironmentPassphrase::read() const
{
    const QByteArray name = m_variable.toLocal8Bit();
    if (m_variable.isEmpty() || !qEnvironmentVariableIsSet(name.constData()))
        return Core::makeError(QStringLiteral("tls.passphrase-missing"),
                               tr("The environment variable %1 is not set.").arg(m_variable), {},
                               tr("Export it before running the command (read -rs %1 && export %1).").arg(m_variable));
    QByteArray value = qgetenv(name.constData());
    Core::SecretBuffer secret(value);
    value.fill('\0');
    if (secret.isEmpty())
        return Core::makeError(QStringLiteral("tls.passphrase-missing"),
                               tr("The environment variable %1 is empty.").arg(m_variable));
    return secret;
}

QString EnvironmentPassphrase::description() const
{
    return tr("environment variable %1").arg(m_variable);
}

} // namespace Tls
