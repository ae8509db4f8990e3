// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace Tls {

// Key types offered for new keys. EC P-256 is the default: every agent runtime and browser
// accepts it (agent-options.md §6.3) and it is fast to generate.
enum class KeyType { EcP256, EcP384, Rsa2048, Rsa3072, Rsa4096, Ed25519 };

QList<KeyType> allKeyTypes();
QString keyTypeName(KeyType type); // "ec-p256", "rsa-4096", …
std::optional<KeyType> keyTypeFromName(const QString& name);
QString keyTypeLabel(KeyType type); // "EC P-256 (recommended)"
// Why a key type may be refused by some agents or browsers; empty when all accept it.
QString keyTypeWarning(KeyType type);

} // namespace Tls
