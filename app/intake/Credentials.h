// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Intake {

// The Authorization header as APM Server splits it (reference §3.2): at the *first* space, scheme
// compared case-sensitively later. No space, or a space at index 0, means "no credentials".
struct AuthorizationHeader
{
    QByteArray scheme; // empty: absent or unparseable
    QByteArray token;  // everything after the first space, verbatim

    static AuthorizationHeader parse(const QByteArray& firstHeaderValue);
};

// Go's base64.StdEncoding.DecodeString, including its error offsets ("illegal base64 data at input
// byte N"): padding required, '+/' alphabet, '\r' and '\n' skipped. On failure returns nullopt and
// the byte offset Go reports.
std::optional<QByteArray> goStdBase64Decode(const QByteArray& input, qsizetype* errorOffset);

// The ID/secret pair inside "ApiKey base64(id:key)" (§3.3, §3.4).
struct ApiKeyCredentials
{
    QString id;
    QByteArray secret;
    QByteArray encoded; // the original token, as APM Server forwards it
};

enum class ApiKeyParseError { None, Base64, NoColon };
ApiKeyParseError parseApiKeyCredentials(const QByteArray& token, ApiKeyCredentials* out, qsizetype* base64Offset);

} // namespace Intake
