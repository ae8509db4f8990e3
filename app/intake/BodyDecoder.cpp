// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/BodyDecoder.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace Intake {

namespace {

// Go's error texts (compress/gzip, compress/zlib, compress/flate, io).
const char kUnexpectedEof[] = "unexpected EOF";
const char kGzipInvalidHeader[] = "gzip: invalid header";
const char kGzipInvalidChecksum[] = "gzip: invalid checksum";
const char kZlibInvalidHeader[] = "zlib: invalid header";
const char kZlibInvalidChecksum[] = "zlib: invalid checksum";
const char kZlibInvalidDictionary[] = "zlib: invalid dictionary";

constexpr quint8 kGzipId1 = 0x1f;
constexpr quint8 kGzipId2 = 0x8b;
constexpr quint8 kDeflateMethod = 8;
constexpr quint8 kFlagHeaderCrc = 1 << 1;
constexpr quint8 kFlagExtra = 1 << 2;
constexpr quint8 kFlagName = 1 << 3;
constexpr quint8 kFlagComment = 1 << 4;
// Go's gzip.Reader reads FNAME/FCOMMENT into a 512-byte buffer and calls a longer one an invalid header.
constexpr qsizetype kGoGzipStringLimit = 512;
constexpr qsizetype kCompactThreshold = 64 * 1024;

enum HeaderStep { StepFixed, StepExtraLength, StepExtraData, StepName, StepComment, StepHeaderCrc, StepDone };

quint32 readLe32(const uchar* p)
{
    return quint32(p[0]) | quint32(p[1]) << 8 | quint32(p[2]) << 16 | quint32(p[3]) << 24;
}

quint32 readBe32(const uchar* p)
{
    return quint32(p[0]) << 24 | quint32(p[1]) << 16 | quint32(p[2]) << 8 | quint32(p[3]);
}

uInt clampToUInt(qsizetype n)
{
    return uInt(std::min<qsizetype>(n, std::numeric_limits<uInt>::max()));
}

} // namespace

struct BodyDecoder::ZState
{
    z_stream stream{};
    bool initialised = false;

    ~ZState()
    {
        if (initialised)
            inflateEnd(&stream);
    }
};

BodyDecoder::Coding BodyDecoder::codingFor(Config::Profile profile, QByteArrayView contentEncoding)
{
    // The intake handler switches on the exact header value (§4.1): "GZIP" or "x-gzip" are not gzip.
    if (contentEncoding == QByteArrayView("gzip"))
        return Coding::Gzip;
    if (contentEncoding == QByteArrayView("deflate"))
        return Coding::Deflate;
    // 8.5+ sniffs every other body (absent or unknown Content-Encoding) for the RUM Beacon API; 7.15 reads
    // it as is.
    return profile == Config::Profile::V7_15 ? Coding::Identity : Coding::Sniff;
}

BodyDecoder::BodyDecoder(Coding coding) : m_z(std::make_unique<ZState>()), m_coding(coding), m_effective(coding)
{
    switch (coding) {
    case Coding::Identity:
        m_stage = Stage::Identity;
        break;
    case Coding::Gzip:
        m_stage = Stage::GzipHeader;
        break;
    case Coding::Deflate:
        m_stage = Stage::ZlibHeader;
        break;
    case Coding::Sniff:
        m_stage = Stage::Sniff;
        break;
    }
}

BodyDecoder::~BodyDecoder() = default;

void BodyDecoder::append(QByteArrayView bytes)
{
    // Nothing after the end (zlib ignores trailing data) or an error is ever read: do not keep it.
    if (m_finished || m_stage == Stage::End || m_stage == Stage::Failed || bytes.isEmpty())
        return;
    m_in.append(bytes.data(), bytes.size());
    m_totalIn += bytes.size();
}

void BodyDecoder::finish()
{
    m_finished = true;
}

void BodyDecoder::consume(qsizetype n)
{
    m_inPos += n;
    if (m_inPos >= m_in.size()) {
        m_in.clear();
        m_inPos = 0;
    } else if (m_inPos > kCompactThreshold && m_inPos * 2 > m_in.size()) {
        m_in.remove(0, m_inPos);
        m_inPos = 0;
    }
}

void BodyDecoder::failWith(const QString& message)
{
    // Header errors of the first gzip member and of the zlib wrapper are where Go's NewReader fails.
    m_failedWhileOpening =
        m_stage == Stage::Sniff || m_stage == Stage::ZlibHeader || (m_stage == Stage::GzipHeader && m_gzipFirstMember);
    m_stage = Stage::Failed;
    m_errorMessage = message;
    m_in.clear();
    m_inPos = 0;
}

bool BodyDecoder::decideSniffed()
{
    if (available() < 2 && !m_finished)
        return false;
    // Same test as APM Server's CompressedRequestReader: gzip magic, else a deflate method nibble means
    // zlib (its full header check then happens in zlib.NewReader), else plain.
    const uchar* p = cursor();
    if (available() >= 2 && p[0] == kGzipId1 && p[1] == kGzipId2) {
        m_effective = Coding::Gzip;
        m_stage = Stage::GzipHeader;
    } else if (available() >= 1 && (p[0] & 0x0f) == kDeflateMethod) {
        m_effective = Coding::Deflate;
        m_stage = Stage::ZlibHeader;
    } else {
        m_effective = Coding::Identity;
        m_stage = Stage::Identity;
    }
    return true;
}

bool BodyDecoder::parseGzipHeader()
{
    // Incremental version of Go's gzip.Reader.readHeader, including its error choices: fewer than 10
    // bytes is EOF (nothing) or unexpected EOF, a bad magic/method or FHCRC is an invalid header,
    // reserved flag bits are ignored.
    while (m_headerStep != StepDone) {
        const qsizetype avail = available();
        const uchar* p = cursor();
        switch (m_headerStep) {
        case StepFixed:
            if (avail < 10) {
                if (!m_finished)
                    return false;
                if (avail == 0 && !m_gzipFirstMember) {
                    m_stage = Stage::End; // no further member: a clean end of a multi-member stream
                    return false;
                }
                failWith(avail == 0 ? QStringLiteral("EOF") : QString::fromLatin1(kUnexpectedEof));
                return false;
            }
            if (p[0] != kGzipId1 || p[1] != kGzipId2 || p[2] != kDeflateMethod) {
                failWith(QString::fromLatin1(kGzipInvalidHeader));
                return false;
            }
            m_headerFlags = p[3];
            m_headerCrc = quint32(crc32(0L, p, 10));
            consume(10);
            m_headerStep = StepExtraLength;
            break;
        case StepExtraLength:
            if (!(m_headerFlags & kFlagExtra)) {
                m_headerStep = StepName;
                break;
            }
            if (avail < 2) {
                if (m_finished)
                    failWith(QString::fromLatin1(kUnexpectedEof));
                return false;
            }
            m_extraLeft = qsizetype(p[0]) | qsizetype(p[1]) << 8;
            m_headerCrc = quint32(crc32(m_headerCrc, p, 2));
            consume(2);
            m_headerStep = StepExtraData;
            break;
        case StepExtraData: {
            const qsizetype n = std::min(avail, m_extraLeft);
            m_headerCrc = quint32(crc32(m_headerCrc, p, uInt(n)));
            consume(n);
            m_extraLeft -= n;
            if (m_extraLeft > 0) {
                if (m_finished)
                    failWith(QString::fromLatin1(kUnexpectedEof));
                return false;
            }
            m_headerStep = StepName;
            break;
        }
        case StepName:
        case StepComment: {
            const quint8 flag = m_headerStep == StepName ? kFlagName : kFlagComment;
            if (!(m_headerFlags & flag)) {
                m_headerStep += 1;
                m_stringLength = 0;
                break;
            }
            qsizetype i = 0;
            bool terminated = false;
            while (i < avail) {
                if (m_stringLength >= kGoGzipStringLimit) {
                    failWith(QString::fromLatin1(kGzipInvalidHeader));
                    return false;
                }
                ++m_stringLength;
                if (p[i++] == 0) {
                    terminated = true;
                    break;
                }
            }
            m_headerCrc = quint32(crc32(m_headerCrc, p, uInt(i)));
            consume(i);
            if (!terminated) {
                if (m_stringLength >= kGoGzipStringLimit) {
                    failWith(QString::fromLatin1(kGzipInvalidHeader));
                } else if (m_finished) {
                    failWith(QString::fromLatin1(kUnexpectedEof));
                }
                return false;
            }
            m_stringLength = 0;
            m_headerStep += 1;
            break;
        }
        case StepHeaderCrc:
            if (!(m_headerFlags & kFlagHeaderCrc)) {
                m_headerStep = StepDone;
                break;
            }
            if (avail < 2) {
                if (m_finished)
                    failWith(QString::fromLatin1(kUnexpectedEof));
                return false;
            }
            if ((quint32(p[0]) | quint32(p[1]) << 8) != (m_headerCrc & 0xffff)) {
                failWith(QString::fromLatin1(kGzipInvalidHeader));
                return false;
            }
            consume(2);
            m_headerStep = StepDone;
            break;
        default:
            m_headerStep = StepDone;
            break;
        }
    }
    m_headerStep = StepFixed;
    m_check = quint32(crc32(0L, Z_NULL, 0));
    m_size = 0;
    return startInflate();
}

bool BodyDecoder::parseZlibHeader()
{
    // Go's zlib.NewReader: two header bytes (an empty body is "unexpected EOF" too), CM 8, window <= 32K,
    // FCHECK; a preset dictionary is only accepted with the empty dictionary's Adler-32 (1).
    const qsizetype avail = available();
    if (avail < 2) {
        if (m_finished)
            failWith(QString::fromLatin1(kUnexpectedEof));
        return false;
    }
    const uchar* p = cursor();
    const uint h = uint(p[0]) << 8 | p[1];
    if ((p[0] & 0x0f) != kDeflateMethod || (p[0] >> 4) > 7 || h % 31 != 0) {
        failWith(QString::fromLatin1(kZlibInvalidHeader));
        return false;
    }
    const bool hasDictionary = (p[1] & 0x20) != 0;
    if (hasDictionary) {
        if (avail < 6) {
            if (m_finished)
                failWith(QString::fromLatin1(kUnexpectedEof));
            return false;
        }
        if (readBe32(p + 2) != quint32(adler32(0L, Z_NULL, 0))) {
            failWith(QString::fromLatin1(kZlibInvalidDictionary));
            return false;
        }
    }
    consume(hasDictionary ? 6 : 2);
    m_check = quint32(adler32(0L, Z_NULL, 0));
    m_size = 0;
    return startInflate();
}

bool BodyDecoder::startInflate()
{
    // Raw deflate: the gzip/zlib framing is handled above so the errors match Go's readers.
    z_stream& z = m_z->stream;
    const int rc = m_z->initialised ? inflateReset(&z) : inflateInit2(&z, -MAX_WBITS);
    if (rc != Z_OK) {
        failWith(QStringLiteral("zlib: cannot initialise inflate (%1)").arg(rc));
        return false;
    }
    m_z->initialised = true;
    m_stage = Stage::Inflate;
    return true;
}

BodyDecoder::ReadResult BodyDecoder::inflateInto(char* out, qsizetype maxLen)
{
    z_stream& z = m_z->stream;
    const qsizetype availIn = available();
    z.next_in = const_cast<Bytef*>(cursor());
    z.avail_in = clampToUInt(availIn);
    const uInt outCapacity = clampToUInt(maxLen);
    z.next_out = reinterpret_cast<Bytef*>(out);
    z.avail_out = outCapacity;
    const uInt inBefore = z.avail_in;
    const int rc = inflate(&z, Z_NO_FLUSH);
    const qsizetype usedIn = qsizetype(inBefore - z.avail_in);
    const qsizetype produced = qsizetype(outCapacity - z.avail_out);
    consume(usedIn);
    if (produced > 0) {
        const auto* bytes = reinterpret_cast<const Bytef*>(out);
        if (m_effective == Coding::Gzip) {
            m_check = quint32(crc32(m_check, bytes, uInt(produced)));
            m_size += quint32(produced);
        } else {
            m_check = quint32(adler32(m_check, bytes, uInt(produced)));
        }
        m_totalOut += produced;
    }
    switch (rc) {
    case Z_STREAM_END:
        m_stage = m_effective == Coding::Gzip ? Stage::GzipTrailer : Stage::ZlibTrailer;
        break;
    case Z_OK:
        break;
    case Z_BUF_ERROR:
        if (produced == 0 && usedIn == 0 && m_finished)
            m_pendingError = QString::fromLatin1(kUnexpectedEof);
        break;
    default:
        // Go's flate reports the input offset at which it gave up.
        m_pendingError = QStringLiteral("flate: corrupt input before offset %1").arg(qulonglong(z.total_in));
        break;
    }
    if (produced == 0 && !m_pendingError.isEmpty()) {
        failWith(m_pendingError);
        m_pendingError.clear();
        return {Status::Error, 0};
    }
    if (produced > 0)
        return {Status::Data, produced};
    if (rc == Z_BUF_ERROR || (usedIn == 0 && rc == Z_OK))
        return {Status::NeedInput, 0};
    return {Status::Data, 0}; // progress without output; the caller loops
}

bool BodyDecoder::parseGzipTrailer()
{
    if (available() < 8) {
        if (m_finished)
            failWith(QString::fromLatin1(kUnexpectedEof));
        return false;
    }
    const uchar* p = cursor();
    if (readLe32(p) != m_check || readLe32(p + 4) != m_size) {
        failWith(QString::fromLatin1(kGzipInvalidChecksum));
        return false;
    }
    consume(8);
    // Go's gzip.Reader is multistream: another member may follow.
    m_gzipFirstMember = false;
    m_headerStep = StepFixed;
    m_stage = Stage::GzipHeader;
    return true;
}

bool BodyDecoder::parseZlibTrailer()
{
    if (available() < 4) {
        if (m_finished)
            failWith(QString::fromLatin1(kUnexpectedEof));
        return false;
    }
    if (readBe32(cursor()) != m_check) {
        failWith(QString::fromLatin1(kZlibInvalidChecksum));
        return false;
    }
    // Go's zlib reader ignores anything after the checksum.
    m_in.clear();
    m_inPos = 0;
    m_stage = Stage::End;
    return true;
}

BodyDecoder::ReadResult BodyDecoder::read(char* out, qsizetype maxLen)
{
    if (!m_pendingError.isEmpty()) {
        failWith(m_pendingError);
        m_pendingError.clear();
    }
    if (maxLen <= 0)
        return {m_stage == Stage::Failed ? Status::Error : Status::NeedInput, 0};
    for (;;) {
        switch (m_stage) {
        case Stage::Sniff:
            if (!decideSniffed())
                return {Status::NeedInput, 0};
            break;
        case Stage::Identity: {
            const qsizetype n = std::min(available(), maxLen);
            if (n > 0) {
                std::copy_n(m_in.constData() + m_inPos, n, out);
                consume(n);
                m_totalOut += n;
                return {Status::Data, n};
            }
            if (!m_finished)
                return {Status::NeedInput, 0};
            m_stage = Stage::End;
            break;
        }
        case Stage::GzipHeader:
            if (!parseGzipHeader() && m_stage == Stage::GzipHeader)
                return {Status::NeedInput, 0};
            break;
        case Stage::ZlibHeader:
            if (!parseZlibHeader() && m_stage == Stage::ZlibHeader)
                return {Status::NeedInput, 0};
            break;
        case Stage::Inflate: {
            const ReadResult r = inflateInto(out, maxLen);
            if (r.status != Status::Data || r.size > 0)
                return r;
            break;
        }
        case Stage::GzipTrailer:
            if (!parseGzipTrailer() && m_stage == Stage::GzipTrailer)
                return {Status::NeedInput, 0};
            break;
        case Stage::ZlibTrailer:
            if (!parseZlibTrailer() && m_stage == Stage::ZlibTrailer)
                return {Status::NeedInput, 0};
            break;
        case Stage::End:
            return {Status::End, 0};
        case Stage::Failed:
            return {Status::Error, 0};
        }
    }
}

} // namespace Intake
