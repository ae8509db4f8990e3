// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "apikeys/Credentials.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>

namespace ApiKeys {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ApiKeys::Credentials", text);
}

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr unsigned char kInvalid = 0xff;

constexpr std::array<unsigned char, 256> makeDecodeMap()
{
    std::array<unsigned char, 256> map{};
    for (auto& v : map)
        v = kInvalid;
    for (unsigned char i = 0; i < 64; ++i)
        map[static_cast<unsigned char>(kAlphabet[i])] = i;
    return map;
}
constexpr std::array<unsigned char, 256> kDecodeMap = makeDecodeMap();

bool isNewline(char c)
{
    return c == '\n' || c == '\r';
}

// Standard base64 with mandatory padding, reporting the first bad offset the way Go's
// base64.StdEncoding.DecodeString does (its CorruptInputError), because APM Server puts that
// offset into its 401 message (§3.3). Returns -1 on success, else the offset; `out` is wiped on error.
qsizetype decodeBase64(QByteArrayView in, Secret& out)
{
    const qsizetype n = in.size();
    Secret buffer((n / 4 + 1) * 3);
    qsizetype written = 0;
    qsizetype si = 0;
    const auto skipNewlines = [&] {
        while (si < n && isNewline(in[si]))
            ++si;
    };
    for (;;) {
        std::array<unsigned char, 4> quantum{};
        int j = 0;
        bool finalQuantum = false;
        while (j < 4) {
            if (si == n) {
                if (j == 0) {
                    out = Secret::copyOf(QByteArrayView(buffer.data(), written));
                    return -1;
                }
                return si - j; // padding is mandatory in the standard encoding
            }
            const char c = in[si++];
            const unsigned char v = kDecodeMap[static_cast<unsigned char>(c)];
            if (v != kInvalid) {
                quantum[static_cast<std::size_t>(j++)] = v;
                continue;
            }
            if (isNewline(c))
                continue;
            if (c != '=' || j < 2)
                return si - 1;
            if (j == 2) {
                // "xx==": the second '=' must follow.
                skipNewlines();
                if (si == n)
                    return n;
                if (in[si] != '=')
                    return si - 1;
                ++si;
            }
            skipNewlines();
            if (si < n)
                return si; // data after the padding
            finalQuantum = true;
            break;
        }
        const unsigned bits = (unsigned(quantum[0]) << 18) | (unsigned(quantum[1]) << 12) |
                              (unsigned(quantum[2]) << 6) | unsigned(quantum[3]);
        const int bytes = finalQuantum ? j - 1 : 3;
        for (int k = 0; k < bytes; ++k)
            buffer.data()[written++] = static_cast<char>((bits >> (16 - 8 * k)) & 0xff);
        if (finalQuantum) {
            out = Secret::copyOf(QByteArrayView(buffer.data(), written));
            return -1;
        }
    }
}

} // namespace

Core::Result<Credentials> Credentials::decode(QByteArrayView token)
{
    Secret decoded;
    const qsizetype badOffset = decodeBase64(token, decoded);
    if (badOffset >= 0)
        return Core::makeError(QStringLiteral("apikeys.credentials.encoding"),
                               tr("The credentials are not valid base64."),
                               QStringLiteral("illegal base64 data at input byte %1").arg(badOffset),
                               tr("Use the credentials `apikey create` printed: base64(id:api_key), standard "
                                  "alphabet with '=' padding."));
    const QByteArrayView view = decoded.view();
    const qsizetype colon = view.indexOf(':');
    if (colon < 0)
        return Core::makeError(QStringLiteral("apikeys.credentials.format"),
                               tr("The decoded credentials have no ':' between id and key."), {},
                               tr("Encode \"id:api_key\", not the API key alone."));
    Credentials c;
    // The id is the ASCII part before the first ':', as the server splits it (§3.4).
    c.m_id = QString::fromUtf8(view.first(colon));
    c.m_apiKey = Secret::copyOf(view.sliced(colon + 1));
    return c;
}

Secret Credentials::encode(const QString& id, QByteArrayView apiKey)
{
    const QByteArray idBytes = id.toUtf8();
    Secret plain(idBytes.size() + 1 + apiKey.size());
    std::copy(idBytes.cbegin(), idBytes.cend(), plain.data());
    plain.data()[idBytes.size()] = ':';
    std::copy(apiKey.begin(), apiKey.end(), plain.data() + idBytes.size() + 1);

    const qsizetype n = plain.size();
    Secret encoded((n + 2) / 3 * 4);
    const auto* src = reinterpret_cast<const unsigned char*>(plain.data());
    char* dst = encoded.data();
    for (qsizetype i = 0; i < n; i += 3) {
        const qsizetype left = n - i;
        const unsigned bits = (unsigned(src[i]) << 16) | (left > 1 ? unsigned(src[i + 1]) << 8 : 0u) |
                              (left > 2 ? unsigned(src[i + 2]) : 0u);
        *dst++ = kAlphabet[(bits >> 18) & 63];
        *dst++ = kAlphabet[(bits >> 12) & 63];
        *dst++ = left > 1 ? kAlphabet[(bits >> 6) & 63] : '=';
        *dst++ = left > 2 ? kAlphabet[bits & 63] : '=';
    }
    return encoded;
}

QString Credentials::serverMessage(const Core::Error& decodeError)
{
    if (decodeError.code == QLatin1String("apikeys.credentials.encoding"))
        return QStringLiteral("authentication failed: improperly encoded ApiKey credentials: expected "
                              "base64(ID:APIKey): ") +
               decodeError.detail;
    return QStringLiteral("authentication failed: improperly formatted ApiKey credentials: expected base64(ID:APIKey)");
}

} // namespace ApiKeys
