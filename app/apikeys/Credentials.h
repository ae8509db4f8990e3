// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "apikeys/Secret.h"
#include "core/Result.h"

#include <QByteArrayView>
#include <QString>

namespace ApiKeys {

// The token agents send as `Authorization: ApiKey <token>`: base64(id ":" api_key) (§3.4).
class Credentials
{
public:
    // Decodes a token exactly as APM Server does (§3.3): strict standard base64 (`+/` alphabet,
    // padding required, CR/LF ignored as Go's decoder does), then split at the first ':'.
    // Errors: code "apikeys.credentials.encoding" with detail "illegal base64 data at input byte N"
    // (N as Go reports it), or "apikeys.credentials.format" when there is no ':'.
    static Core::Result<Credentials> decode(QByteArrayView token);
    // base64(id ":" apiKey), standard alphabet with padding: what `apikey create` prints.
    static Secret encode(const QString& id, QByteArrayView apiKey);
    // The 401 body text APM Server 8.x (and 7.16+) answers for a decode() error (§3.3).
    static QString serverMessage(const Core::Error& decodeError);

    const QString& id() const { return m_id; }
    const Secret& apiKey() const { return m_apiKey; }

private:
    QString m_id;
    Secret m_apiKey;
};

} // namespace ApiKeys
