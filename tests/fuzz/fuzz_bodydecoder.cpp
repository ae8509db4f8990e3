// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// libFuzzer target for intake body decoding. The first bytes choose the profile, endpoint, content coding,
// max_event_size, feeding piece size and whether the rest goes through HttpRequestParser; the payload can
// be gzip/zlib-compressed here first so the fuzzer reaches the NDJSON layer through valid streams too.
// Invariants (memory bound, error list bound) are checked with __builtin_trap so a violation is a crash.
#include "intake/HttpRequestParser.h"
#include "intake/NdjsonStream.h"

#include <zlib.h>

#include <cstddef>
#include <cstdint>

using namespace Intake;

namespace {

QByteArray compress(const QByteArray& data, int windowBits)
{
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&z, uLong(data.size())) + 64), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

void check(bool invariant)
{
    if (!invariant)
        __builtin_trap();
}

// Runs the stream until it wants input or is done, accepting every batch.
void drive(NdjsonStream& stream, qsizetype maxEventSize)
{
    for (int guard = 0; guard < 100000; ++guard) {
        const NdjsonStream::Step step = stream.next();
        if (step == NdjsonStream::Step::Batch) {
            const QList<IntakeEvent> batch = stream.takeBatch();
            check(!batch.isEmpty() && batch.size() <= NdjsonStream::kBatchLines);
            for (const IntakeEvent& e : batch) {
                check(e.line.size() <= std::max<qsizetype>(maxEventSize, 16));
                stream.result().addAccepted(e.eventCount);
            }
        } else if (step != NdjsonStream::Step::Yield) {
            break;
        }
    }
    check(stream.peakBufferedBytes() <= std::max<qsizetype>(maxEventSize, 16) + NdjsonStream::kReadChunk);
    check(stream.result().errors().size() <= IntakeResult::kMaxListedEventErrors + 1);
}

void feedStream(NdjsonStream& stream, const QByteArray& body, qsizetype step, qsizetype maxEventSize)
{
    for (qsizetype offset = 0; offset < body.size() && !stream.isDone(); offset += step) {
        stream.appendBody(QByteArrayView(body).sliced(offset, std::min(step, body.size() - offset)));
        drive(stream, maxEventSize);
    }
}

void viaHttp(const QByteArray& raw, qsizetype step, Config::Profile profile, qsizetype maxEventSize)
{
    HttpRequestParser parser(HttpRequestParser::Limits{512, -1});
    std::unique_ptr<NdjsonStream> stream;
    bool complete = false;
    parser.setHandlers({
        [&](const HttpRequest& head) {
            NdjsonStream::Options o;
            o.profile = profile;
            o.endpoint = head.path().contains("v3") ? NdjsonStream::Endpoint::RumV3 : NdjsonStream::Endpoint::V2;
            o.maxEventSize = maxEventSize;
            o.coding = BodyDecoder::codingFor(profile, head.header("Content-Encoding"));
            stream = std::make_unique<NdjsonStream>(o);
            (void)head.queryValue(u"service.name");
        },
        [&](QByteArrayView piece) {
            if (stream) {
                stream->appendBody(piece);
                drive(*stream, maxEventSize);
            }
        },
        [&] { complete = true; },
        [&](const GoHttpError& e) { check(!e.toBytes().isEmpty()); },
    });
    QByteArray pending;
    for (qsizetype offset = 0; offset < raw.size() || !pending.isEmpty();) {
        if (offset < raw.size()) {
            const qsizetype n = std::min(step, raw.size() - offset);
            pending += raw.mid(offset, n);
            offset += n;
        }
        const qsizetype used = parser.feed(pending);
        check(used >= 0 && used <= pending.size());
        pending.remove(0, used);
        if (complete) {
            complete = false;
            if (stream) {
                stream->finishBody();
                drive(*stream, maxEventSize);
                check(stream->isDone());
                stream.reset();
            }
            parser.resume();
            continue;
        }
        if (parser.state() == HttpRequestParser::State::Failed || (used == 0 && offset >= raw.size()))
            break;
    }
    if (stream)
        stream->failBody(QStringLiteral("unexpected EOF"));
    if (stream)
        drive(*stream, maxEventSize);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 3)
        return 0;
    const uint8_t mode = data[0];
    const Config::Profile profile = (mode & 0x01) ? Config::Profile::V7_15 : Config::Profile::V8_19;
    const qsizetype maxEventSize = 1 + qsizetype(data[1]) * 4;
    const qsizetype step = 1 + qsizetype(data[2] % 97);
    QByteArray payload(reinterpret_cast<const char*>(data + 3), qsizetype(size - 3));

    if (mode & 0x10) {
        viaHttp(payload, step, profile, maxEventSize);
        return 0;
    }
    static const char* const kEncodings[] = {"", "gzip", "deflate", "br"};
    const QByteArray contentEncoding = kEncodings[(mode >> 2) & 3];
    if (mode & 0x20) {
        if (contentEncoding == "gzip" || (contentEncoding.isEmpty() && (mode & 0x40)))
            payload = compress(payload, 16 + MAX_WBITS);
        else if (contentEncoding == "deflate" || contentEncoding.isEmpty())
            payload = compress(payload, MAX_WBITS);
        if (mode & 0x80)
            payload.chop(payload.size() / 3); // a stream cut off mid-way
    }
    NdjsonStream::Options o;
    o.profile = profile;
    o.endpoint = (mode & 0x02) ? NdjsonStream::Endpoint::RumV3 : NdjsonStream::Endpoint::V2;
    o.maxEventSize = maxEventSize;
    o.coding = BodyDecoder::codingFor(profile, contentEncoding);
    NdjsonStream stream(o);
    feedStream(stream, payload, step, maxEventSize);
    stream.finishBody();
    drive(stream, maxEventSize);
    check(stream.isDone());
    return 0;
}
