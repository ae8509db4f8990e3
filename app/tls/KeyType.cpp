// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/KeyType.h"

#include <QCoreApplication>

namespace Tls {

QList<KeyType> allKeyTypes()
{
    return {KeyType::EcP256, KeyType::EcP384, KeyType::Rsa2048, KeyType::Rsa3072, KeyType::Rsa4096, KeyType::Ed25519};
}

QString keyTypeName(KeyType type)
{
    switch (type) {
    case KeyType::EcP256:
        return QStringLiteral("ec-p256");
    case KeyType::EcP384:
        return QStringLiteral("ec-p384");
    case KeyType::Rsa2048:
        return QStringLiteral("rsa-2048");
    case KeyType::Rsa3072:
        return QStringLiteral("rsa-3072");
    case KeyType::Rsa4096:
        return QStringLiteral("rsa-4096");
    case KeyType::Ed25519:
        return QStringLiteral("ed25519");
    }
    return {};
}

std::optional<KeyType> keyTypeFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    for (const KeyType t : allKeyTypes()) {
        if (keyTypeName(t) == n)
            return t;
    }
    if (n == QLatin1String("ec") || n == QLatin1String("p-256") || n == QLatin1String("p256"))
        return KeyType::EcP256;
    if (n == QLatin1String("p-384") || n == QLatin1String("p384"))
        return KeyType::EcP384;
    if (n == QLatin1String("rsa"))
        return KeyType::Rsa2048;
    return std::nullopt;
}

QString keyTypeLabel(KeyType type)
{
    switch (type) {
    case KeyType::EcP256:
        return QCoreApplication::translate("Tls::KeyType", "EC P-256 (recommended)");
    case KeyType::EcP384:
        return QCoreApplication::translate("Tls::KeyType", "EC P-384");
    case KeyType::Rsa2048:
        return QCoreApplication::translate("Tls::KeyType", "RSA 2048");
    case KeyType::Rsa3072:
        return QCoreApplication::translate("Tls::KeyType", "RSA 3072");
    case KeyType::Rsa4096:
        return QCoreApplication::translate("Tls::KeyType", "RSA 4096 (slow to generate)");
    case KeyType::Ed25519:
        return QCoreApplication::translate("Tls::KeyType", "Ed25519 (not for browsers)");
    }
    return {};
}

QString keyTypeWarning(KeyType type)
{
    // agent-options.md §4 and §6.3: browsers fail the handshake with Ed25519, JDK < 16 and .NET on
    // Windows cannot use it.
    if (type == KeyType::Ed25519)
        return QCoreApplication::translate(
            "Tls::KeyType",
            "Ed25519 certificates are refused by browsers (the RUM agent), by Java before JDK 16 and by .NET "
            "on Windows; use EC P-256 unless every client is known to support Ed25519.");
    return {};
}

} // namespace Tls
