// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/SecretReference.h"

#include <QRegularExpression>

namespace Config {

std::optional<SecretReference> SecretReference::parse(const QString& value)
{
    static const QRegularExpression re(QStringLiteral(R"(^\$\{([A-Za-z_][A-Za-z0-9_.\-]*)(?::([^}]*))?\}$)"));
    const auto m = re.match(value.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    SecretReference ref;
    ref.name = m.captured(1);
    if (m.capturedStart(2) >= 0)
        ref.defaultValue = m.captured(2);
    return ref;
}

bool SecretReference::isValidName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral(R"(^[A-Za-z_][A-Za-z0-9_.\-]*$)"));
    return re.match(name).hasMatch();
}

QString SecretReference::toString() const
{
    return defaultValue ? QStringLiteral("${%1:%2}").arg(name, *defaultValue) : QStringLiteral("${%1}").arg(name);
}

std::optional<QString> resolveSecret(const QString& value, const SecretLookup& lookup)
{
    const auto ref = SecretReference::parse(value);
    if (!ref)
        return value;
    if (lookup) {
        if (auto v = lookup(ref->name))
            return v;
    }
    return ref->defaultValue;
}

std::optional<QString> lookupEnvironment(const QString& name)
{
    if (!qEnvironmentVariableIsSet(name.toLocal8Bit().constData()))
        return std::nullopt;
    return qEnvironmentVariable(name.toLocal8Bit().constData());
}

} // namespace Config
