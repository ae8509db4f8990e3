// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/BodyDecoder.h"
#include "intake/NdjsonStream.h"

#include <QTest>

#include <zlib.h>

using namespace Intake;
using Config::Profile;
using Coding = BodyDecoder::Coding;
using Endpoint = NdjsonStream::Endpoint;

Q_DECLARE_METATYPE(Profile)
Q_DECLARE_METATYPE(Coding)
Q_DECLARE_METATYPE(Endpoint)

namespace {

const QByteArray kMeta = R"({"metadata":{"service":{"name":"svc-a","agent":{"name":"nodejs","version":"4.18.0"}}}})";
const QByteArray kMetaV3 = R"({"m":{"se":{"n":"rum-svc","a":{"n":"rum-js","ve":"5.17.5"}}}})";

QByteArray tx(int i)
{
    return R"({"transaction":{"id":"t)" + QByteArray::number(i) +
           R"(","trace_id":"abc","type":"request","duration":1}})";
}

// Test fixtures compressed with zlib's deflate (our own encoder side, not the code under test).
QByteArray deflateWith(const QByteArray& data, int windowBits, int flush = Z_FINISH)
{
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&z, uLong(data.size())) + 64), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, flush);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

QByteArray gzip(const QByteArray& data)
{
    return deflateWith(data, 16 + MAX_WBITS);
}

QByteArray zlibWrap(const QByteArray& data)
{
    return deflateWith(data, MAX_WBITS);
}

QByteArray rawDeflate(const QByteArray& data)
{
    return deflateWith(data, -MAX_WBITS);
}

// A gzip stream cut off after a sync flush: everything written so far is decodable, the end never comes.
QByteArray gzipUnfinished(const QByteArray& data)
{
    return deflateWith(data, 16 + MAX_WBITS, Z_SYNC_FLUSH);
}

QByteArray le32(quint32 v)
{
    QByteArray b(4, '\0');
    for (int i = 0; i < 4; ++i)
        b[i] = char((v >> (8 * i)) & 0xff);
    return b;
}

// A gzip member with every optional header field (RFC 1952 FEXTRA, FNAME, FCOMMENT, FHCRC).
QByteArray gzipWithAllHeaderFields(const QByteArray& data, const QByteArray& name)
{
    QByteArray header = QByteArray::fromHex("1f8b08") + char(0x02 | 0x04 | 0x08 | 0x10) + le32(0) + char(0) + char(3);
    header += QByteArray::fromHex("0400") + "abcd"; // FEXTRA
    header += name + '\0';
    header += QByteArray("a comment") + '\0';
    const auto crc = quint32(crc32(0, reinterpret_cast<const Bytef*>(header.constData()), uInt(header.size())));
    header += char(crc & 0xff);
    header += char((crc >> 8) & 0xff);
    const auto dataCrc = quint32(crc32(0, reinterpret_cast<const Bytef*>(data.constData()), uInt(data.size())));
    return header + rawDeflate(data) + le32(dataCrc) + le32(quint32(data.size()));
}

struct Decoded
{
    QByteArray out;
    BodyDecoder::Status last = BodyDecoder::Status::NeedInput;
    QString error;
    bool opening = false;
    Coding effective = Coding::Identity;
};

Decoded decodeAll(Coding coding, const QByteArray& input, qsizetype step, qsizetype readSize = 13)
{
    BodyDecoder decoder(coding);
    Decoded d;
    QByteArray buffer(readSize, '\0');
    auto drain = [&] {
        for (;;) {
            const BodyDecoder::ReadResult r = decoder.read(buffer.data(), readSize);
            d.last = r.status;
            if (r.status != BodyDecoder::Status::Data)
                return;
            d.out += buffer.first(r.size);
        }
    };
    for (qsizetype offset = 0; offset < input.size(); offset += step) {
        decoder.append(QByteArrayView(input).sliced(offset, std::min(step, input.size() - offset)));
        drain();
    }
    decoder.finish();
    drain();
    d.error = decoder.errorMessage();
    d.opening = decoder.failedWhileOpening();
    d.effective = decoder.effectiveCoding();
    return d;
}

struct StreamRun
{
    IntakeResult result;
    QList<int> batchSizes;
    QList<IntakeEvent> events;
    qsizetype peak = 0;
    int yields = 0;
    qint64 decodedBytes = 0;
};

// Drives an NdjsonStream like the connection will: feed pieces, process every batch (accepting all its
// events), finish the body.
StreamRun runStream(const NdjsonStream::Options& options, const QByteArray& body, qsizetype step,
                    const QString& transportError = {})
{
    NdjsonStream stream(options);
    StreamRun run;
    auto drive = [&] {
        for (;;) {
            switch (stream.next()) {
            case NdjsonStream::Step::Batch: {
                const QList<IntakeEvent> batch = stream.takeBatch();
                int events = 0;
                for (const IntakeEvent& e : batch)
                    events += e.eventCount;
                stream.result().addAccepted(events);
                run.batchSizes.append(int(batch.size()));
                run.events += batch;
                break;
            }
            case NdjsonStream::Step::Yield:
                ++run.yields;
                break;
            case NdjsonStream::Step::NeedInput:
            case NdjsonStream::Step::Done:
                return;
            }
        }
    };
    for (qsizetype offset = 0; offset < body.size() && !stream.isDone(); offset += step) {
        stream.appendBody(QByteArrayView(body).sliced(offset, std::min(step, body.size() - offset)));
        drive();
    }
    if (transportError.isEmpty())
        stream.finishBody();
    else
        stream.failBody(transportError);
    drive();
    run.result = stream.result();
    run.peak = stream.peakBufferedBytes();
    run.decodedBytes = stream.decoder().totalOut();
    return run;
}

NdjsonStream::Options options(Profile profile, const QByteArray& contentEncoding = {}, Endpoint endpoint = Endpoint::V2,
                              qsizetype maxEventSize = 307200)
{
    NdjsonStream::Options o;
    o.profile = profile;
    o.endpoint = endpoint;
    o.maxEventSize = maxEventSize;
    o.coding = BodyDecoder::codingFor(profile, contentEncoding);
    return o;
}

QStringList messagesOf(const IntakeResult& r)
{
    QStringList m;
    for (const IntakeError& e : r.errors())
        m << e.message;
    return m;
}

QList<QByteArray> documentsOf(const IntakeResult& r)
{
    QList<QByteArray> d;
    for (const IntakeError& e : r.errors())
        d << e.document;
    return d;
}

} // namespace

class TestBodyDecoder : public QObject
{
    Q_OBJECT

private slots:
    void codingFor_data();
    void codingFor();
    void decode_data();
    void decode();
    void stream_data();
    void stream();
    void maxEventSize_data();
    void maxEventSize();
    void batching_data();
    void batching();
    void eventNames_data();
    void eventNames();
    void rumV3NestedEventsCount();
    void atMostFiveErrorsListed();
    void decompressionBombStaysBounded();
    void newlineBombYields();
    void pausedStreamDoesNotInflateAhead();
    void transportErrorMidBody();
};

void TestBodyDecoder::codingFor_data()
{
    QTest::addColumn<Profile>("profile");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<Coding>("coding");

    QTest::newRow("§4.1 gzip 7.15") << Profile::V7_15 << QByteArray("gzip") << Coding::Gzip;
    QTest::newRow("§4.1 gzip 8.19") << Profile::V8_19 << QByteArray("gzip") << Coding::Gzip;
    QTest::newRow("§4.1 deflate 7.15") << Profile::V7_15 << QByteArray("deflate") << Coding::Deflate;
    QTest::newRow("§4.1 deflate 8.19") << Profile::V8_19 << QByteArray("deflate") << Coding::Deflate;
    QTest::newRow("§4.1 no header 7.15: identity") << Profile::V7_15 << QByteArray() << Coding::Identity;
    QTest::newRow("§4.1 no header 8.19: sniff") << Profile::V8_19 << QByteArray() << Coding::Sniff;
    QTest::newRow("§4.1 exact match only: GZIP 7.15") << Profile::V7_15 << QByteArray("GZIP") << Coding::Identity;
    QTest::newRow("§4.1 exact match only: GZIP 8.19 sniffs") << Profile::V8_19 << QByteArray("GZIP") << Coding::Sniff;
    QTest::newRow("§4.1 br 8.19 sniffs") << Profile::V8_19 << QByteArray("br") << Coding::Sniff;
}

void TestBodyDecoder::codingFor()
{
    QFETCH(Profile, profile);
    QFETCH(QByteArray, header);
    QFETCH(Coding, coding);
    QCOMPARE(BodyDecoder::codingFor(profile, header), coding);
}

void TestBodyDecoder::decode_data()
{
    QTest::addColumn<Coding>("coding");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QString>("error"); // empty: clean end
    QTest::addColumn<bool>("opening");
    QTest::addColumn<Coding>("effective");

    const QByteArray text = kMeta + "\n" + tx(1) + "\n";
    const QByteArray big = QByteArray(100000, 'z') + text;
    QTest::newRow("gzip round trip") << Coding::Gzip << gzip(big) << big << QString() << false << Coding::Gzip;
    QTest::newRow("gzip, two members (Go multistream)")
        << Coding::Gzip << gzip(text) + gzip(big) << text + big << QString() << false << Coding::Gzip;
    QTest::newRow("gzip with FEXTRA, FNAME, FCOMMENT and FHCRC")
        << Coding::Gzip << gzipWithAllHeaderFields(text, "events.ndjson") << text << QString() << false << Coding::Gzip;
    QTest::newRow("gzip FNAME of 511 bytes (fits Go's buffer)")
        << Coding::Gzip << gzipWithAllHeaderFields(text, QByteArray(511, 'n')) << text << QString() << false
        << Coding::Gzip;
    QTest::newRow("deflate = zlib wrapper")
        << Coding::Deflate << zlibWrap(big) << big << QString() << false << Coding::Deflate;
    QTest::newRow("zlib: data after the checksum is ignored")
        << Coding::Deflate << zlibWrap(text) + "trailing junk" << text << QString() << false << Coding::Deflate;
    QTest::newRow("§4.1 8.19 sniffs gzip") << Coding::Sniff << gzip(text) << text << QString() << false << Coding::Gzip;
    QTest::newRow("§4.1 8.19 sniffs zlib")
        << Coding::Sniff << zlibWrap(text) << text << QString() << false << Coding::Deflate;
    QTest::newRow("§4.1 8.19 sniffs plain NDJSON")
        << Coding::Sniff << text << text << QString() << false << Coding::Identity;
    QTest::newRow("§4.1 7.15 passes gzip bytes through without Content-Encoding")
        << Coding::Identity << gzip(text) << gzip(text) << QString() << false << Coding::Identity;
    QTest::newRow("identity empty body") << Coding::Identity << QByteArray() << QByteArray() << QString() << false
                                         << Coding::Identity;
    QTest::newRow("sniff empty body") << Coding::Sniff << QByteArray() << QByteArray() << QString() << false
                                      << Coding::Identity;

    // Errors, with Go's texts
    QTest::newRow("§4.1 gzip: invalid header (plain body)")
        << Coding::Gzip << text << QByteArray() << "gzip: invalid header" << true << Coding::Gzip;
    QTest::newRow("gzip: body shorter than the 10-byte header")
        << Coding::Gzip << QByteArray("{\"m\"") << QByteArray() << "unexpected EOF" << true << Coding::Gzip;
    QTest::newRow("gzip: empty body is io.EOF")
        << Coding::Gzip << QByteArray() << QByteArray() << "EOF" << true << Coding::Gzip;
    QTest::newRow("gzip: FNAME longer than Go's 512-byte buffer")
        << Coding::Gzip << gzipWithAllHeaderFields(text, QByteArray(512, 'n')) << QByteArray() << "gzip: invalid header"
        << true << Coding::Gzip;
    QByteArray badHeaderCrc = gzipWithAllHeaderFields(text, "x");
    badHeaderCrc[10 + 6 + 2 + 10] = char(badHeaderCrc[10 + 6 + 2 + 10] ^ 0x01);
    QTest::newRow("gzip: FHCRC mismatch")
        << Coding::Gzip << badHeaderCrc << QByteArray() << "gzip: invalid header" << true << Coding::Gzip;
    QTest::newRow("§4.1 zlib: invalid header (plain body)")
        << Coding::Deflate << text << QByteArray() << "zlib: invalid header" << true << Coding::Deflate;
    QTest::newRow("zlib: empty body is unexpected EOF")
        << Coding::Deflate << QByteArray() << QByteArray() << "unexpected EOF" << true << Coding::Deflate;
    QTest::newRow("zlib: preset dictionary") << Coding::Deflate << QByteArray::fromHex("78bb00000002abcdef")
                                             << QByteArray() << "zlib: invalid dictionary" << true << Coding::Deflate;
    QTest::newRow("§4.1 8.19 sniffed zlib nibble with a bad FCHECK")
        << Coding::Sniff << QByteArray("x-not-zlib") << QByteArray() << "zlib: invalid header" << true
        << Coding::Deflate;
    const QByteArray whole = gzip(big);
    // (the output of a cut stream is whatever inflated before the cut: a prefix, checked below)
    QTest::newRow("truncated gzip stream")
        << Coding::Gzip << whole.first(whole.size() / 2) << big << "unexpected EOF" << false << Coding::Gzip;
    QTest::newRow("gzip trailer cut short")
        << Coding::Gzip << whole.first(whole.size() - 3) << big << "unexpected EOF" << false << Coding::Gzip;
    QByteArray badCrc = gzip(text);
    badCrc[badCrc.size() - 8] = char(badCrc[badCrc.size() - 8] ^ 0x55);
    QTest::newRow("gzip: invalid checksum (CRC-32)")
        << Coding::Gzip << badCrc << text << "gzip: invalid checksum" << false << Coding::Gzip;
    QByteArray badSize = gzip(text);
    badSize[badSize.size() - 1] = char(badSize[badSize.size() - 1] ^ 0x01);
    QTest::newRow("gzip: invalid checksum (ISIZE)")
        << Coding::Gzip << badSize << text << "gzip: invalid checksum" << false << Coding::Gzip;
    QByteArray badAdler = zlibWrap(text);
    badAdler[badAdler.size() - 1] = char(badAdler[badAdler.size() - 1] ^ 0x01);
    QTest::newRow("zlib: invalid checksum")
        << Coding::Deflate << badAdler << text << "zlib: invalid checksum" << false << Coding::Deflate;
    QTest::newRow("flate: reserved block type")
        << Coding::Gzip << gzip(text).first(10) + QByteArray::fromHex("07") << QByteArray()
        << "flate: corrupt input before offset 1" << false << Coding::Gzip;
    QTest::newRow("gzip: garbage after a member") << Coding::Gzip << gzip(text) + "garbage after the member" << text
                                                  << "gzip: invalid header" << false << Coding::Gzip;
    QTest::newRow("gzip: 3 stray bytes after a member")
        << Coding::Gzip << gzip(text) + "abc" << text << "unexpected EOF" << false << Coding::Gzip;
}

void TestBodyDecoder::decode()
{
    QFETCH(Coding, coding);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, output);
    QFETCH(QString, error);
    QFETCH(bool, opening);
    QFETCH(Coding, effective);

    for (const qsizetype step : {input.size() + 1, qsizetype(1), qsizetype(4096)}) {
        const Decoded d = decodeAll(coding, input, step);
        if (QByteArrayView(QTest::currentDataTag()) == "truncated gzip stream")
            QVERIFY(output.startsWith(d.out) && d.out.size() > 1000 && d.out.size() < output.size());
        else
            QCOMPARE(d.out, output);
        QCOMPARE(d.error, error);
        QCOMPARE(d.last, error.isEmpty() ? BodyDecoder::Status::End : BodyDecoder::Status::Error);
        QCOMPARE(d.opening, opening);
        QCOMPARE(d.effective, effective);
    }
}

void TestBodyDecoder::stream_data()
{
    QTest::addColumn<Profile>("profile");
    QTest::addColumn<Endpoint>("endpoint");
    QTest::addColumn<QByteArray>("contentEncoding");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("accepted");
    QTest::addColumn<QStringList>("messages");
    QTest::addColumn<QList<QByteArray>>("documents");

    const Profile v7 = Profile::V7_15;
    const Profile v8 = Profile::V8_19;
    const Endpoint v2 = Endpoint::V2;
    const Endpoint v3 = Endpoint::RumV3;
    const QByteArray none;
    const QByteArray good = kMeta + "\n" + tx(1) + "\n" + tx(2) + "\n";
    using Docs = QList<QByteArray>;

    QTest::newRow("§4.1 empty body 7.15") << v7 << v2 << none << QByteArray() << 400 << 0
                                          << QStringList{"validation error: 'metadata' required"} << Docs{""};
    QTest::newRow("§4.1 empty body 8.19") << v8 << v2 << none << QByteArray() << 202 << 0 << QStringList{} << Docs{};
    QTest::newRow("§4.1 valid body 7.15") << v7 << v2 << none << good << 202 << 2 << QStringList{} << Docs{};
    QTest::newRow("§4.1 valid body 8.19") << v8 << v2 << none << good << 202 << 2 << QStringList{} << Docs{};
    QTest::newRow("§4.1 first line not metadata 7.15")
        << v7 << v2 << none << tx(1) + "\n"
        << 400 << 0 << QStringList{"validation error: 'metadata' required"} << Docs{tx(1)};
    QTest::newRow("§4.1 first line not metadata 8.19")
        << v8 << v2 << none << tx(1) + "\n"
        << 400 << 0 << QStringList{R"("metadata" or "m" required)"} << Docs{tx(1)};
    QTest::newRow("§4.1 empty first line 7.15") << v7 << v2 << none << "\n" + good << 400 << 0
                                                << QStringList{"validation error: 'metadata' required"} << Docs{""};
    QTest::newRow("§4.1 empty first line 8.19")
        << v8 << v2 << none << "\n" + good << 400 << 0 << QStringList{R"("metadata" or "m" required)"} << Docs{""};
    const QByteArray invalidJsonMeta = R"({"metadata": {"invalid-json"}})";
    QTest::newRow("§4.1 metadata invalid JSON 7.15")
        << v7 << v2 << none << invalidJsonMeta + "\n"
        << 400 << 0
        << QStringList{"decode error: data read error: v2.metadataRoot.Metadata: v2.metadata.readFieldHash: expect :,"}
        << Docs{invalidJsonMeta};
    QTest::newRow("§4.1 metadata invalid JSON 8.19")
        << v8 << v2 << none << invalidJsonMeta + "\n"
        << 400 << 0
        << QStringList{"decode error: data read error: v2.metadataRoot.Metadata: v2.metadata.readFieldHash: expect :,"}
        << Docs{invalidJsonMeta};
    QTest::newRow("§4.1 metadata {\"user\": null} 7.15")
        << v7 << v2 << none << QByteArray(R"({"metadata": {"user": null}})") + "\n"
        << 400 << 0 << QStringList{"validation error: 'metadata' required"} << Docs{R"({"metadata": {"user": null}})"};
    QTest::newRow("§4.1 metadata {\"user\": null} 8.19")
        << v8 << v2 << none << QByteArray(R"({"metadata": {"user": null}})") + "\n"
        << 400 << 0 << QStringList{"validation error: 'metadata' required"} << Docs{R"({"metadata": {"user": null}})"};
    QTest::newRow("§4.1 {\"not\": \"metadata\"} 7.15")
        << v7 << v2 << none << QByteArray(R"({"not": "metadata"})") + "\n"
        << 400 << 0 << QStringList{"validation error: 'metadata' required"} << Docs{R"({"not": "metadata"})"};
    const QByteArray noService = R"({"metadata":{"process":{"pid":1}}})";
    QTest::newRow("§4.1 metadata without service 8.19")
        << v8 << v2 << none << noService + "\n"
        << 400 << 0 << QStringList{"validation error: metadata: 'service' required"} << Docs{noService};
    const QByteArray noAgentName = R"({"metadata":{"service":{"name":"s","agent":{"version":"1"}}}})";
    QTest::newRow("§4.1 metadata without agent name 7.15")
        << v7 << v2 << none << noAgentName + "\n"
        << 400 << 0 << QStringList{"validation error: metadata: service: agent: 'name' required"} << Docs{noAgentName};
    const QByteArray badName = R"({"metadata":{"service":{"name":"a/b","agent":{"name":"x","version":"1"}}}})";
    QTest::newRow("§4.1 service name outside patternAlphaNumericExt 8.19")
        << v8 << v2 << none << badName + "\n"
        << 400 << 0
        << QStringList{"validation error: metadata: service: 'name': validation rule 'pattern(patternAlphaNumericExt)' "
                       "violated"}
        << Docs{badName};
    const QByteArray numericName = R"({"metadata":{"service":{"name":1,"agent":{"name":"x","version":"1"}}}})";
    QTest::newRow("§4.1 service name not a string 7.15")
        << v7 << v2 << none << numericName + "\n"
        << 400 << 0
        << QStringList{"decode error: data read error: v2.metadataRoot.Metadata: v2.metadata.Service: "
                       "v2.metadataService.Name: ReadString: expects \" or n,"}
        << Docs{numericName};
    const QByteArray unknown = R"({"tennis-court": {"name": "Centre Court, Wimbledon"}})";
    QTest::newRow("§4.1 unknown event key 7.15")
        << v7 << v2 << none << kMeta + "\n" + unknown + "\n" + tx(1) + "\n"
        << 400 << 1 << QStringList{"tennis-court: did not recognize object type"} << Docs{unknown};
    QTest::newRow("§4.1 unknown event key 8.19")
        << v8 << v2 << none << kMeta + "\n" + unknown + "\n" + tx(1) + "\n"
        << 400 << 1 << QStringList{R"(did not recognize object type: "tennis-court")"} << Docs{unknown};
    const QByteArray invalidJsonEvent = R"({ "invalid-json" })";
    QTest::newRow("§4.1 line without a known key 7.15 (type read before JSON)")
        << v7 << v2 << none << kMeta + "\n" + invalidJsonEvent + "\n"
        << 400 << 0 << QStringList{"invalid-json: did not recognize object type"} << Docs{invalidJsonEvent};
    QTest::newRow("§4.1 line without a known key 8.19 (type read before JSON)")
        << v8 << v2 << none << kMeta + "\n" + invalidJsonEvent + "\n"
        << 400 << 0 << QStringList{R"(did not recognize object type: "invalid-json")"} << Docs{invalidJsonEvent};
    const QByteArray brokenEvent = R"({"transaction": {"id": "a",)";
    QTest::newRow("§4.1 invalid event JSON 7.15")
        << v7 << v2 << none << kMeta + "\n" + brokenEvent + "\n" + tx(1) + "\n"
        << 400 << 1 << QStringList{"decode error: data read error: v2.transactionRoot.Transaction: unterminated object"}
        << Docs{brokenEvent};
    QTest::newRow("§4.1 invalid event JSON 8.19")
        << v8 << v2 << none << kMeta + "\n" + brokenEvent + "\n" + tx(1) + "\n"
        << 400 << 1 << QStringList{"decode error: data read error: v2.transactionRoot.Transaction: unterminated object"}
        << Docs{brokenEvent};
    QTest::newRow("§4.1 event null 8.19")
        << v8 << v2 << none << kMeta + "\n{\"span\": null}\n"
        << 400 << 0 << QStringList{"validation error: 'span' required"} << Docs{"{\"span\": null}"};
    QTest::newRow("§4.1 event key with a string value 7.15")
        << v7 << v2 << none << kMeta + "\n{\"error\": \"boom\"}\n"
        << 400 << 0 << QStringList{"decode error: data read error: v2.errorRoot.Error: readObjectStart: expect { or n,"}
        << Docs{"{\"error\": \"boom\"}"};
    QTest::newRow("§4.1 RUM v3 endpoint with a v2 metadata line 7.15")
        << v7 << v3 << none << good << 400 << 0 << QStringList{"validation error: 'm' required"} << Docs{kMeta};
    QTest::newRow("§4.1 RUM v3 endpoint with a v2 metadata line 8.19")
        << v8 << v3 << none << good << 202 << 2 << QStringList{} << Docs{};
    QTest::newRow("§4.1 RUM v3 metadata on the v3 endpoint 7.15")
        << v7 << v3 << none << kMetaV3 + "\n{\"x\":{\"id\":\"1\"}}\n"
        << 202 << 1 << QStringList{} << Docs{};
    QTest::newRow("§4.1 RUM v3 metadata on the backend endpoint 8.19")
        << v8 << v2 << none << kMetaV3 + "\n{\"e\":{\"id\":\"1\"}}\n"
        << 202 << 1 << QStringList{} << Docs{};
    QTest::newRow("§4.1 RUM v3 metadata on the backend endpoint 7.15")
        << v7 << v2 << none << kMetaV3 + "\n"
        << 400 << 0 << QStringList{"validation error: 'metadata' required"} << Docs{kMetaV3};
    QTest::newRow("§4.1 metadata only, no trailing newline 7.15")
        << v7 << v2 << none << kMeta << 202 << 0 << QStringList{} << Docs{};
    QTest::newRow("§4.1 metadata only, no trailing newline 8.19")
        << v8 << v2 << none << kMeta << 400 << 0 << QStringList{"EOF while reading metadata"} << Docs{kMeta};
    QTest::newRow("§4.1 last event without trailing newline 8.19")
        << v8 << v2 << none << kMeta + "\n" + tx(1) << 202 << 1 << QStringList{} << Docs{};
    QTest::newRow("§4.1 empty lines are skipped")
        << v8 << v2 << none << kMeta + "\n\n" + tx(1) + "\n\n\n" + tx(2) + "\n\n"
        << 202 << 2 << QStringList{} << Docs{};
    QTest::newRow("CRLF line endings") << v7 << v2 << none << kMeta + "\r\n" + tx(1) + "\r\n"
                                       << 202 << 1 << QStringList{} << Docs{};
    QTest::newRow("§4.1 log event 8.19") << v8 << v2 << none << kMeta + "\n{\"log\":{\"message\":\"m\"}}\n"
                                         << 202 << 1 << QStringList{} << Docs{};
    QTest::newRow("§4.1 log event 7.15 is unknown")
        << v7 << v2 << none << kMeta + "\n{\"log\":{\"message\":\"m\"}}\n"
        << 400 << 0 << QStringList{"log: did not recognize object type"} << Docs{"{\"log\":{\"message\":\"m\"}}"};
    QTest::newRow("§4.1 top-level RUM v3 metricset 7.15")
        << v7 << v3 << none << kMetaV3 + "\n{\"me\":{\"sa\":{}, \"t\":1}}\n"
        << 202 << 1 << QStringList{} << Docs{};
    QTest::newRow("§4.1 top-level RUM v3 metricset 8.19 is unknown")
        << v8 << v3 << none << kMetaV3 + "\n{\"me\":{\"t\":1}}\n"
        << 400 << 0 << QStringList{R"(did not recognize object type: "me")"} << Docs{"{\"me\":{\"t\":1}}"};

    // Content-Encoding (§4.1): header errors are a bare 400 before any line is read.
    QTest::newRow("§4.1 gzip: invalid header 7.15")
        << v7 << v2 << QByteArray("gzip") << good << 400 << 0 << QStringList{"gzip: invalid header"} << Docs{""};
    QTest::newRow("§4.1 gzip: invalid header 8.19")
        << v8 << v2 << QByteArray("gzip") << good << 400 << 0 << QStringList{"gzip: invalid header"} << Docs{""};
    QTest::newRow("§4.1 zlib: invalid header 8.19")
        << v8 << v2 << QByteArray("deflate") << good << 400 << 0 << QStringList{"zlib: invalid header"} << Docs{""};
    QTest::newRow("§4.1 empty gzip body")
        << v8 << v2 << QByteArray("gzip") << QByteArray() << 400 << 0 << QStringList{"EOF"} << Docs{""};
    QTest::newRow("§4.1 gzip body 7.15") << v7 << v2 << QByteArray("gzip") << gzip(good) << 202 << 2 << QStringList{}
                                         << Docs{};
    QTest::newRow("§4.1 deflate body 8.19")
        << v8 << v2 << QByteArray("deflate") << zlibWrap(good) << 202 << 2 << QStringList{} << Docs{};
    QTest::newRow("§4.1 8.19 sniffs a gzip body without Content-Encoding")
        << v8 << v2 << none << gzip(good) << 202 << 2 << QStringList{} << Docs{};
    QTest::newRow("§4.1 8.19 sniffs a zlib body without Content-Encoding")
        << v8 << v2 << none << zlibWrap(good) << 202 << 2 << QStringList{} << Docs{};
    const QByteArray cutAfterEvents = gzipUnfinished(good);
    QTest::newRow("§4.1 gzip cut off after two events 7.15: 500 after the accepted ones")
        << v7 << v2 << QByteArray("gzip") << cutAfterEvents << 500 << 2 << QStringList{"unexpected EOF"} << Docs{""};
    QTest::newRow("§4.1 gzip cut off after two events 8.19: 500 after the accepted ones")
        << v8 << v2 << QByteArray("gzip") << cutAfterEvents << 500 << 2
        << QStringList{"cannot handle stream: unexpected EOF"} << Docs{""};
    const QByteArray cutInMetadata = gzipUnfinished(kMeta.first(20));
    QTest::newRow("§4.1 gzip cut off inside the metadata 7.15")
        << v7 << v2 << QByteArray("gzip") << cutInMetadata << 400 << 0 << QStringList{"decode error: unexpected EOF"}
        << Docs{kMeta.first(20)};
    QTest::newRow("§4.1 gzip cut off inside the metadata 8.19")
        << v8 << v2 << QByteArray("gzip") << cutInMetadata << 400 << 0 << QStringList{"unexpected EOF"} << Docs{""};
    QByteArray badCrc = gzip(good);
    badCrc[badCrc.size() - 8] = char(badCrc[badCrc.size() - 8] ^ 0x55);
    QTest::newRow("§4.1 gzip checksum error after the events 7.15")
        << v7 << v2 << QByteArray("gzip") << badCrc << 500 << 2 << QStringList{"gzip: invalid checksum"} << Docs{""};
}

void TestBodyDecoder::stream()
{
    QFETCH(Profile, profile);
    QFETCH(Endpoint, endpoint);
    QFETCH(QByteArray, contentEncoding);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(int, accepted);
    QFETCH(QStringList, messages);
    QFETCH(QList<QByteArray>, documents);

    for (const qsizetype step : {body.size() + 1, qsizetype(1), qsizetype(5)}) {
        const StreamRun run = runStream(options(profile, contentEncoding, endpoint), body, step);
        QCOMPARE(messagesOf(run.result), messages);
        QCOMPARE(documentsOf(run.result), documents);
        QCOMPARE(run.result.accepted(), accepted);
        QCOMPARE(run.result.httpStatus(), status);
    }
}

void TestBodyDecoder::maxEventSize_data()
{
    QTest::addColumn<Profile>("profile");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("accepted");
    QTest::addColumn<QStringList>("messages");
    QTest::addColumn<QList<QByteArray>>("documents");

    constexpr int kMax = 200; // max_event_size for these rows
    auto span = [](int length) {
        const QByteArray shell = R"({"span":{"id":""}})";
        return QByteArray(R"({"span":{"id":")") + QByteArray(length - shell.size(), 's') + R"("}})";
    };
    const QByteArray meta = kMeta + "\n";
    const QString tooLarge8 = QStringLiteral("event exceeded the permitted size");
    const QString tooLarge7 = QStringLiteral("event exceeded the permitted size.");
    using Docs = QList<QByteArray>;

    QTest::newRow("§4.1 line of max_event_size-1 bytes is accepted") << Profile::V8_19 << meta + span(kMax - 1) + "\n"
                                                                     << 1 << QStringList{} << Docs{};
    QTest::newRow("§4.1 line of exactly max_event_size bytes is too large 8.19")
        << Profile::V8_19 << meta + span(kMax) + "\n" + tx(1) + "\n"
        << 1 << QStringList{tooLarge8} << Docs{span(kMax)};
    QTest::newRow("§4.1 line of exactly max_event_size bytes is too large 7.15")
        << Profile::V7_15 << meta + span(kMax) + "\n" + tx(1) + "\n"
        << 1 << QStringList{tooLarge7} << Docs{span(kMax)};
    QTest::newRow("§4.1 line of max_event_size+1 bytes is too large")
        << Profile::V8_19 << meta + span(kMax + 1) + "\n"
        << 0 << QStringList{tooLarge8} << Docs{span(kMax + 1).first(kMax)};
    QTest::newRow("§4.1 a long line is skipped, the next one is read")
        << Profile::V7_15 << meta + span(100000) + "\n" + tx(2) + "\n"
        << 1 << QStringList{tooLarge7} << Docs{span(100000).first(kMax)};
    QTest::newRow("§4.1 long last line without newline") << Profile::V8_19 << meta + tx(1) + "\n" + span(5000) << 1
                                                         << QStringList{tooLarge8} << Docs{span(5000).first(kMax)};
    QTest::newRow("§4.1 last line of exactly max_event_size bytes, EOF with the data")
        << Profile::V8_19 << meta + span(kMax) << 1 << QStringList{} << Docs{};
    QTest::newRow("§4.1 too long metadata line 7.15") << Profile::V7_15 << QByteArray(300, ' ') + kMeta + "\n"
                                                      << 0 << QStringList{tooLarge7} << Docs{QByteArray(kMax, ' ')};
    QTest::newRow("§4.1 too long metadata line 8.19") << Profile::V8_19 << QByteArray(300, ' ') + kMeta + "\n"
                                                      << 0 << QStringList{tooLarge8} << Docs{QByteArray(kMax, ' ')};
}

void TestBodyDecoder::maxEventSize()
{
    QFETCH(Profile, profile);
    QFETCH(QByteArray, body);
    QFETCH(int, accepted);
    QFETCH(QStringList, messages);
    QFETCH(QList<QByteArray>, documents);

    for (const qsizetype step : {body.size() + 1, qsizetype(1), qsizetype(64)}) {
        const StreamRun run = runStream(options(profile, "gzip", Endpoint::V2, 200), gzip(body), step);
        QCOMPARE(messagesOf(run.result), messages);
        QCOMPARE(documentsOf(run.result), documents);
        QCOMPARE(run.result.accepted(), accepted);
        for (const IntakeError& e : run.result.errors())
            QCOMPARE(e.kind, IntakeError::Kind::TooLarge);
        // max_event_size + one decoded chunk, however long the line
        QVERIFY2(run.peak <= 200 + NdjsonStream::kReadChunk, qPrintable(QString::number(run.peak)));
    }
}

void TestBodyDecoder::batching_data()
{
    QTest::addColumn<QList<QByteArray>>("lines");
    QTest::addColumn<QList<int>>("batchSizes");
    QTest::addColumn<int>("accepted");

    QList<QByteArray> events;
    for (int i = 0; i < 25; ++i)
        events << tx(i);
    QTest::newRow("§4.1 25 events -> 10/10/5") << events << QList<int>{10, 10, 5} << 25;
    QTest::newRow("§4.1 exactly 10 events -> one batch") << events.mid(0, 10) << QList<int>{10} << 10;
    // readBatch counts lines, not events: empty and invalid lines use up a slot of the 10.
    QList<QByteArray> mixed = {tx(1), "",    tx(2), "{\"bad\":1}", tx(3), tx(4),
                               tx(5), tx(6), tx(7), tx(8),         tx(9), tx(10)};
    QTest::newRow("§4.1 empty and invalid lines count towards the 10") << mixed << QList<int>{8, 2} << 10;
    QTest::newRow("§4.1 ten empty lines then events")
        << (QList<QByteArray>(10, QByteArray()) + events.mid(0, 3)) << QList<int>{3} << 3;
}

void TestBodyDecoder::batching()
{
    QFETCH(QList<QByteArray>, lines);
    QFETCH(QList<int>, batchSizes);
    QFETCH(int, accepted);

    const QByteArray body = kMeta + "\n" + lines.join('\n') + "\n";
    for (const Profile profile : {Profile::V7_15, Profile::V8_19}) {
        const StreamRun run = runStream(options(profile), body, 17);
        QCOMPARE(run.batchSizes, batchSizes);
        QCOMPARE(run.result.accepted(), accepted);
    }
}

void TestBodyDecoder::eventNames_data()
{
    QTest::addColumn<QByteArray>("metadata");
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("agent");
    QTest::addColumn<QString>("key");

    QTest::newRow("§3.5 names from metadata") << kMeta << tx(1) << "svc-a"
                                              << "nodejs"
                                              << "transaction";
    QTest::newRow("§3.5 context.service.name overrides")
        << kMeta << QByteArray(R"({"span":{"id":"1","context":{"service":{"name":"svc-b"}}}})") << "svc-b"
        << "nodejs"
        << "span";
    QTest::newRow("§3.5 context.service.agent.name overrides")
        << kMeta << QByteArray(R"({"error":{"id":"1","context":{"service":{"agent":{"name":"python"}}}}})") << "svc-a"
        << "python"
        << "error";
    QTest::newRow("§3.5 both overridden")
        << kMeta
        << QByteArray(R"({"transaction":{"id":"1","context":{"service":{"name":"c","agent":{"name":"rum-js"}}}}})")
        << "c"
        << "rum-js"
        << "transaction";
    QTest::newRow("§3.5 null override keeps the metadata's")
        << kMeta << QByteArray(R"({"metricset":{"samples":{"a":{"value":1}},"context":{"service":{"name":null}}}})")
        << "svc-a"
        << "nodejs"
        << "metricset";
    QTest::newRow("§3.5 RUM v3 names from m.se") << kMetaV3 << QByteArray(R"({"e":{"id":"1"}})") << "rum-svc"
                                                 << "rum-js"
                                                 << "e";
    QTest::newRow("§3.5 RUM v3 c.se.n and c.se.a.n override")
        << kMetaV3 << QByteArray(R"({"x":{"id":"1","c":{"se":{"n":"other","a":{"n":"js-base"}}}}})") << "other"
        << "js-base"
        << "x";
    QTest::newRow("§3.5 v2 event under v3 metadata") << kMetaV3 << tx(1) << "rum-svc"
                                                     << "rum-js"
                                                     << "transaction";
}

void TestBodyDecoder::eventNames()
{
    QFETCH(QByteArray, metadata);
    QFETCH(QByteArray, event);
    QFETCH(QString, service);
    QFETCH(QString, agent);
    QFETCH(QString, key);

    const StreamRun run = runStream(options(Profile::V8_19), metadata + "\n" + event + "\n", 1 << 20);
    QVERIFY2(run.result.errors().isEmpty(), qPrintable(messagesOf(run.result).join('|')));
    QCOMPARE(run.events.size(), 1);
    QCOMPARE(run.events.first().serviceName, service);
    QCOMPARE(run.events.first().agentName, agent);
    QCOMPARE(run.events.first().key, key);
    QCOMPARE(run.events.first().line, event);
    QCOMPARE(run.events.first().lineNumber, qint64(2));
}

void TestBodyDecoder::rumV3NestedEventsCount()
{
    // A RUM v3 transaction line carries its spans and breakdown metricsets; APM Server counts each.
    const QByteArray line = R"({"x":{"id":"1","y":[{"id":"a"},{"id":"b"}],"me":[{"sa":{}}]}})";
    const StreamRun run = runStream(options(Profile::V8_19, {}, Endpoint::RumV3), kMetaV3 + "\n" + line + "\n", 3);
    QCOMPARE(run.events.size(), 1);
    QCOMPARE(run.events.first().eventCount, 4);
    QCOMPARE(run.events.first().type, IntakeEvent::Type::Transaction);
    QCOMPARE(run.result.accepted(), 4);
}

void TestBodyDecoder::atMostFiveErrorsListed()
{
    // GIVEN eight invalid lines, one valid event, then a broken gzip stream
    QByteArray body = kMeta + "\n";
    for (int i = 0; i < 8; ++i)
        body += "{\"bogus" + QByteArray::number(i) + "\":{}}\n";
    body += tx(1) + "\n";
    const StreamRun run = runStream(options(Profile::V7_15, "gzip"), gzipUnfinished(body), 100);

    // THEN five per-event errors are listed, all eight counted, and the stream error comes last (§4.1)
    QCOMPARE(run.result.invalidEvents(), 8);
    QCOMPARE(run.result.accepted(), 1);
    QCOMPARE(run.result.errors().size(), IntakeResult::kMaxListedEventErrors + 1);
    QCOMPARE(run.result.errors().at(4).message, QStringLiteral("bogus4: did not recognize object type"));
    QCOMPARE(run.result.errors().last().message, QStringLiteral("unexpected EOF"));
    QCOMPARE(run.result.httpStatus(), 500);
}

void TestBodyDecoder::decompressionBombStaysBounded()
{
    // GIVEN 1 GiB of zeros as one "line" between a metadata line and an event, gzip'd as 1024 identical
    // members of 1 MiB each (Go's gzip reader is multistream) -- about 1 MiB on the wire.
    const QByteArray zerosMember = gzip(QByteArray(1 << 20, '\0'));
    QByteArray body = gzip(kMeta + "\n");
    body.reserve(body.size() + 1024 * zerosMember.size() + 256);
    for (int i = 0; i < 1024; ++i)
        body += zerosMember;
    body += gzip("\n" + tx(1) + "\n");
    QVERIFY(body.size() < 2 * 1024 * 1024);

    // WHEN it is fed in 64 KiB pieces
    const StreamRun run = runStream(options(Profile::V8_19, "gzip"), body, 64 * 1024);

    // THEN all of it was inflated, one piece at a time, and never held
    QCOMPARE(run.decodedBytes, qint64(kMeta.size() + 1) + (qint64(1) << 30) + tx(1).size() + 2);
    QVERIFY2(run.peak <= 307200 + NdjsonStream::kReadChunk, qPrintable(QString::number(run.peak)));
    QVERIFY(run.yields > 100);
    QCOMPARE(messagesOf(run.result), QStringList{"event exceeded the permitted size"});
    QCOMPARE(run.result.errors().first().document, QByteArray(307200, '\0'));
    QCOMPARE(run.result.accepted(), 1);
}

void TestBodyDecoder::newlineBombYields()
{
    // 8 MiB of empty lines: nothing accepted, no error, and the work is handed back in slices.
    const QByteArray body = gzip(kMeta + "\n" + QByteArray(8 << 20, '\n'));
    const StreamRun run = runStream(options(Profile::V7_15, "gzip"), body, 1 << 20);
    QVERIFY(run.result.errors().isEmpty());
    QCOMPARE(run.result.accepted(), 0);
    QVERIFY(run.yields >= 1);
    QVERIFY(run.batchSizes.isEmpty());
}

void TestBodyDecoder::pausedStreamDoesNotInflateAhead()
{
    // GIVEN a whole compressed body already received (about 200 KB once inflated)
    QByteArray text = kMeta + "\n";
    for (int i = 0; i < 2000; ++i)
        text += tx(i) + "\n";
    NdjsonStream stream(options(Profile::V8_19, "gzip"));
    stream.appendBody(gzip(text));
    stream.finishBody();

    // WHEN the owner takes one batch and then waits (e.g. the rate limiter delays it)
    QCOMPARE(stream.next(), NdjsonStream::Step::Batch);
    QCOMPARE(stream.takeBatch().size(), qsizetype(10));

    // THEN only what that batch needed was inflated
    QVERIFY2(stream.decoder().totalOut() <= NdjsonStream::kReadChunk,
             qPrintable(QString::number(stream.decoder().totalOut())));
    QVERIFY(stream.bufferedBytes() <= NdjsonStream::kReadChunk);
    QVERIFY(stream.inputBacklog() > 0);

    // AND the rest follows when it asks again
    int events = 10;
    for (;;) {
        const NdjsonStream::Step step = stream.next();
        if (step == NdjsonStream::Step::Batch)
            events += int(stream.takeBatch().size());
        else if (step == NdjsonStream::Step::Done)
            break;
    }
    QCOMPARE(events, 2000);
}

void TestBodyDecoder::transportErrorMidBody()
{
    const QByteArray body = kMeta + "\n" + tx(1) + "\n" + tx(2).first(10);
    const StreamRun v7 = runStream(options(Profile::V7_15), body, 7, QStringLiteral("unexpected EOF"));
    QCOMPARE(messagesOf(v7.result), QStringList{"unexpected EOF"});
    QCOMPARE(v7.result.accepted(), 1);
    QCOMPARE(v7.result.httpStatus(), 500);
    const StreamRun v8 = runStream(options(Profile::V8_19), body, 7, QStringLiteral("i/o timeout"));
    QCOMPARE(messagesOf(v8.result), QStringList{"cannot handle stream: i/o timeout"});
}

QTEST_GUILESS_MAIN(TestBodyDecoder)
#include "tst_bodydecoder.moc"
