// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "apikeys/Privilege.h"
#include "apikeys/SecretHash.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace ApiKeys {

// One API key as the registry stores it (the role Elasticsearch's API-key documents play):
// everything except the secret, of which only a salted slow hash is kept.
struct ApiKey
{
    QString id;                          // 20 URL-safe characters, like Elasticsearch ids
    QString name;                        // not unique, as in Elasticsearch
    QList<Privilege> privileges;         // in enum order, at least one
    QDateTime creation;                  // UTC
    std::optional<QDateTime> expiration; // UTC; none = never expires
    bool invalidated = false;
    SecretHash secretHash;

    bool hasPrivilege(Privilege privilege) const { return privileges.contains(privilege); }
    // Expired at `now` (the expiration instant itself counts as expired).
    bool isExpired(const QDateTime& now) const;
    // Neither invalidated nor expired: what `apikey info --valid-only` lists.
    bool isValid(const QDateTime& now) const { return !invalidated && !isExpired(now); }
};

} // namespace ApiKeys
