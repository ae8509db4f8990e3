// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/Credentials.h"

namespace Intake {

AuthorizationHeader AuthorizationHeader::parse(const QByteArray& firstHeaderValue)
{
    // Go's Header.Get already trimmed the value (§3.2).
    const QByteArray v = firstHeaderValue.trimmed();
    const qsizetype space = v.indexOf(' ');
    if (space <= 0)
        return {};
    return {v.left(space), v.mid(space + 1)};
}

namespace {

int decodeChar(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

} // namespace

std::optional<QByteArray> goStdBase64Decode(const QByteArray& src, qsizetype* errorOffset)
{
    // A transcription of the state machine of Go's encoding/base64 decodeQuantum for StdEncoding
    // (padding '=', strict): the reported offset is what users see in the 401 message (§3.3).
    QByteArray out;
    qsizetype si = 0;
    const qsizetype n = src.size();
    auto fail = [&](qsizetype at) -> std::optional<QByteArray> {
        if (errorOffset)
            *errorOffset = at;
        return std::nullopt;
    };
    while (si < n) {
        int dbuf[4] = {0, 0, 0, 0};
        int dlen = 4;
        int j = 0;
        for (; j < 4; ++j) {
            if (si == n) {
                if (j == 0)
                    return out;
                // j == 1 or padding required: the quantum is incomplete.
                return fail(si - j);
            }
            const char in = src.at(si);
            ++si;
            if (in == '\n' || in == '\r') {
                --j;
                continue;
            }
            const int d = decodeChar(in);
            if (d >= 0) {
                dbuf[j] = d;
                continue;
            }
            if (in != '=')
                return fail(si - 1);
            // Padding: only valid at positions 2 or 3 of a quantum.
            switch (j) {
            case 0:
            case 1:
                return fail(si - 1);
            case 2:
                // "==" expected: skip newlines, then the second '='.
                while (si < n && (src.at(si) == '\n' || src.at(si) == '\r'))
                    ++si;
                if (si == n)
                    return fail(n);
                if (src.at(si) != '=')
                    return fail(si - 1);
                ++si;
                break;
            default:
                break;
            }
            // Skip trailing newlines; anything else after padding is an error.
            while (si < n && (src.at(si) == '\n' || src.at(si) == '\r'))
                ++si;
            if (si < n)
                return fail(si);
            dlen = j;
            break;
        }
        const quint32 val = (quint32(dbuf[0]) << 18) | (quint32(dbuf[1]) << 12) | (quint32(dbuf[2]) << 6) | quint32(dbuf[3]);
        const char b0 = static_cast<char>(val >> 16), b1 = static_cast<char>(val >> 8), b2 = static_cast<char>(val);
        switch (dlen) {
        case 4: out += b0; out += b1; out += b2; break;
        case 3: out += b0; out += b1; break;
        case 2: out += b0; break;
        default: break;
        }
        if (dlen < 4)
            return out;
    }
    return out;
}

ApiKeyParseError parseApiKeyCredentials(const QByteArray& token, ApiKeyCredentials* out, qsizetype* base64Offset)
{
    const auto decoded = goStdBase64Decode(token, base64Offset);
    if (!decoded)
        return ApiKeyParseError::Base64;
    const qsizetype colon = decoded->indexOf(':');
    if (colon < 0)
        return ApiKeyParseError::NoColon;
    out->id = QString::fromUtf8(decoded->left(colon));
    out->secret = decoded->mid(colon + 1);
    out->encoded = token;
    return ApiKeyParseError::None;
}

} // namespace Intake
