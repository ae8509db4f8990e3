// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "secrets/TokenGenerator.h"

#include <QCoreApplication>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include <cmath>
#include <set>

namespace Secrets {

Core::Result<ApiKeys::Secret> TokenGenerator::generate(int bytes)
{
    if (bytes < kMinimumBytes || bytes > kMaximumBytes)
        return Core::makeError(
            QStringLiteral("secrets.token-size"),
            QCoreApplication::translate("Secrets", "A secret token needs %1 to %2 random bytes, not %3.")
                .arg(kMinimumBytes)
                .arg(kMaximumBytes)
                .arg(bytes));
    ApiKeys::Secret raw(bytes);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), bytes) != 1) {
        const unsigned long code = ERR_get_error();
        char text[256] = {};
        ERR_error_string_n(code, text, sizeof text);
        return Core::makeError(QStringLiteral("secrets.rand"),
                               QCoreApplication::translate("Secrets", "The random number generator failed."),
                               QString::fromLatin1(text));
    }
    // URL-safe base64 without padding (RFC 4648 §5), encoded into a wiped buffer by hand so no
    // QByteArray copy of the token is left behind.
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const qsizetype outLength = (qsizetype(bytes) * 8 + 5) / 6;
    ApiKeys::Secret token(outLength);
    const auto* in = reinterpret_cast<const unsigned char*>(raw.data());
    qsizetype o = 0;
    unsigned int acc = 0;
    int bitsHeld = 0;
    for (int i = 0; i < bytes; ++i) {
        acc = (acc << 8) | in[i];
        bitsHeld += 8;
        while (bitsHeld >= 6) {
            bitsHeld -= 6;
            token.data()[o++] = alphabet[(acc >> bitsHeld) & 0x3f];
        }
    }
    if (bitsHeld > 0)
        token.data()[o++] = alphabet[(acc << (6 - bitsHeld)) & 0x3f];
    acc = 0;
    return token;
}

QString TokenStrength::levelName() const
{
    switch (level) {
    case Level::Unusable:
        return QStringLiteral("unusable");
    case Level::Weak:
        return QStringLiteral("weak");
    case Level::Fair:
        return QStringLiteral("fair");
    case Level::Strong:
        return QStringLiteral("strong");
    }
    return {};
}

TokenStrength estimateStrength(QByteArrayView token)
{
    TokenStrength s;
    if (token.isEmpty()) {
        s.problems << QCoreApplication::translate("Secrets", "the token is empty");
        return s;
    }
    bool lower = false, upper = false, digit = false, symbol = false, whitespace = false, nonAscii = false;
    std::set<char> distinct;
    for (const char c : token) {
        const auto u = static_cast<unsigned char>(c);
        distinct.insert(c);
        if (u >= 0x80)
            nonAscii = true;
        else if (u <= 0x20 || u == 0x7f)
            whitespace = true;
        else if (c >= 'a' && c <= 'z')
            lower = true;
        else if (c >= 'A' && c <= 'Z')
            upper = true;
        else if (c >= '0' && c <= '9')
            digit = true;
        else
            symbol = true;
    }
    // Agents send the token in an HTTP header (`Authorization: Bearer …`); whitespace or control
    // characters break it (agent-options §6.4 rule 7).
    if (whitespace)
        s.problems << QCoreApplication::translate(
            "Secrets", "it contains whitespace or control characters, which an Authorization header cannot carry");
    if (nonAscii)
        s.problems << QCoreApplication::translate(
            "Secrets", "it contains non-ASCII characters, which agents may encode differently");
    const int alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 32 : 0);
    // Entropy per character from the alphabet, scaled down when characters repeat a lot (a
    // token of one repeated character carries almost nothing).
    const double perChar = alphabet > 1 ? std::log2(double(alphabet)) : 0.0;
    const double variety = std::min(1.0, double(distinct.size()) / std::min<double>(double(token.size()), alphabet));
    s.bits = int(std::floor(perChar * double(token.size()) * variety));
    if (token.size() < 20)
        s.problems << QCoreApplication::translate("Secrets", "it is shorter than 20 characters");
    if (whitespace || nonAscii)
        s.level = TokenStrength::Level::Unusable;
    else if (s.bits >= 128)
        s.level = TokenStrength::Level::Strong;
    else if (s.bits >= 80)
        s.level = TokenStrength::Level::Fair;
    else
        s.level = TokenStrength::Level::Weak;
    return s;
}

} // namespace Secrets
