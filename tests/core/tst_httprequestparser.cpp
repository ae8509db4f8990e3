// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/HttpRequestParser.h"

#include <QTest>

using namespace Intake;

namespace {

constexpr char kGoErrorHeaders[] = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";

// Feeds a byte stream the way a connection would: in pieces of `step` bytes, re-feeding what the parser
// left unconsumed, and answering every request at once (resume after each message).
struct Drive
{
    QList<HttpRequest> heads;
    QList<QByteArray> bodies;
    int completed = 0;
    std::optional<GoHttpError> error;
    qsizetype consumed = 0;

    Drive(HttpRequestParser& parser, const QByteArray& input, qsizetype step, bool resumeAfterMessage = true)
    {
        parser.setHandlers({
            [this](const HttpRequest& head) {
                heads.append(head);
                bodies.append(QByteArray());
            },
            [this](QByteArrayView piece) { bodies.last().append(piece.data(), piece.size()); },
            [this] { ++completed; },
            [this](const GoHttpError& e) { error = e; },
        });
        QByteArray pending;
        qsizetype offset = 0;
        for (;;) {
            const qsizetype used = parser.feed(pending);
            consumed += used;
            pending.remove(0, used);
            if (parser.state() == HttpRequestParser::State::Failed)
                break;
            if (parser.state() == HttpRequestParser::State::MessageComplete) {
                if (!resumeAfterMessage)
                    break;
                parser.resume();
                if (!pending.isEmpty())
                    continue;
            } else if (used == 0 && !pending.isEmpty()) {
                break; // paused by a handler
            }
            if (offset >= input.size())
                break;
            const qsizetype n = std::min(step, input.size() - offset);
            pending += input.mid(offset, n);
            offset += n;
        }
    }
};

QByteArray headOfSize(qsizetype size)
{
    // "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: <pad>\r\n\r\n" with the pad chosen to hit `size` bytes.
    const QByteArray prefix = "GET /intake/v2/events HTTP/1.1\r\nHost: x\r\nX-Pad: ";
    const QByteArray suffix = "\r\n\r\n";
    return prefix + QByteArray(size - prefix.size() - suffix.size(), 'p') + suffix;
}

} // namespace

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void pipelinedRequestsWaitForResume();
    void repeatedHeadersAndTrimming();
    void headerLimit_data();
    void headerLimit();
    void malformed_data();
    void malformed();
    void malformedChunkAfterHead();
    void query_data();
    void query();
    void pauseInHandlersKeepsBytes();
    void bodyLimit();
    void finishMidMessage();
    void goErrorBytes_data();
    void goErrorBytes();
};

void TestHttpRequestParser::parse_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<qsizetype>("step");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("rawQuery");
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<bool>("keepAlive");
    QTest::addColumn<qint64>("contentLength"); // -1: none
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<QByteArray>("body");

    struct Case
    {
        const char* name;
        QByteArray raw;
        QByteArray method, path, query, version;
        bool keepAlive;
        qint64 contentLength;
        bool chunked;
        QByteArray body;
    };
    const QList<Case> cases = {
        {"§2 simple GET /", "GET / HTTP/1.1\r\nHost: localhost:8200\r\nUser-Agent: curl\r\n\r\n", "GET", "/", "",
         "HTTP/1.1", true, -1, false, ""},
        {"§2 POST intake with Content-Length",
         "POST /intake/v2/events HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-ndjson\r\n"
         "Content-Length: 11\r\n\r\nhello world",
         "POST", "/intake/v2/events", "", "HTTP/1.1", true, 11, false, "hello world"},
        {"real-agents §1 Node chunked body with extensions and trailers",
         "POST /intake/v2/events HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n"
         "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
         "POST", "/intake/v2/events", "", "HTTP/1.1", true, -1, true, "hello world"},
        {"chunked and Content-Length: chunked wins like Go",
         "POST /intake/v2/events HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
         "2\r\nab\r\n0\r\n\r\n",
         "POST", "/intake/v2/events", "", "HTTP/1.1", true, -1, true, "ab"},
        {"Connection: close", "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", "GET", "/", "", "HTTP/1.1",
         false, -1, false, ""},
        {"HTTP/1.0 closes by default", "GET / HTTP/1.0\r\n\r\n", "GET", "/", "", "HTTP/1.0", false, -1, false, ""},
        {"HTTP/1.0 with keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET", "/", "", "HTTP/1.0",
         true, -1, false, ""},
        {"query and raw path kept", "GET /config/v1/agents?service.name=a%20b&verbose HTTP/1.1\r\nHost: h\r\n\r\n",
         "GET", "/config/v1/agents", "service.name=a%20b&verbose", "HTTP/1.1", true, -1, false, ""},
        {"percent-encoded path stays raw", "POST /intake%2Fv2/events HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
         "POST", "/intake%2Fv2/events", "", "HTTP/1.1", true, 0, false, ""},
        {"absolute-form target", "GET http://h:8200/config/v1/agents?x=1 HTTP/1.1\r\nHost: h\r\n\r\n", "GET",
         "/config/v1/agents", "x=1", "HTTP/1.1", true, -1, false, ""},
        {"OPTIONS preflight", "OPTIONS /intake/v2/rum/events HTTP/1.1\r\nHost: h\r\nOrigin: http://a\r\n\r\n",
         "OPTIONS", "/intake/v2/rum/events", "", "HTTP/1.1", true, -1, false, ""},
        {"bare LF line endings", "GET / HTTP/1.1\nHost: h\n\n", "GET", "/", "", "HTTP/1.1", true, -1, false, ""},
    };
    for (const Case& c : cases) {
        for (const qsizetype step : {qsizetype(1 << 20), qsizetype(1), qsizetype(7)}) {
            const QByteArray name = QByteArray(c.name) + (step == 1   ? " / byte by byte"
                                                          : step == 7 ? " / 7-byte pieces"
                                                                      : "");
            QTest::newRow(name.constData()) << c.raw << step << c.method << c.path << c.query << c.version
                                            << c.keepAlive << c.contentLength << c.chunked << c.body;
        }
    }
}

void TestHttpRequestParser::parse()
{
    QFETCH(QByteArray, raw);
    QFETCH(qsizetype, step);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, rawQuery);
    QFETCH(QByteArray, version);
    QFETCH(bool, keepAlive);
    QFETCH(qint64, contentLength);
    QFETCH(bool, chunked);
    QFETCH(QByteArray, body);

    HttpRequestParser parser;
    Drive d(parser, raw, step);
    QVERIFY2(!d.error, d.error ? qPrintable(d.error->diagnostic()) : "");
    QCOMPARE(d.heads.size(), 1);
    QCOMPARE(d.completed, 1);
    QCOMPARE(d.consumed, raw.size());
    const HttpRequest& r = d.heads.first();
    QCOMPARE(r.method(), method);
    QCOMPARE(r.path(), path);
    QCOMPARE(r.rawQuery(), rawQuery);
    QCOMPARE(r.httpVersion(), version);
    QCOMPARE(r.keepAlive(), keepAlive);
    QCOMPARE(r.contentLength().has_value() ? qint64(*r.contentLength()) : qint64(-1), contentLength);
    QCOMPARE(r.isChunked(), chunked);
    QCOMPARE(d.bodies.first(), body);
    QCOMPARE(r.headBytes(),
             qint64(raw.indexOf(raw.contains("\r\n\r\n") ? "\r\n\r\n" : "\n\n")) + (raw.contains("\r\n\r\n") ? 4 : 2));
}

void TestHttpRequestParser::pipelinedRequestsWaitForResume()
{
    // GIVEN two requests in one buffer (pipelining)
    const QByteArray first = "POST /intake/v2/events HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab";
    const QByteArray second = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    HttpRequestParser parser;
    int heads = 0;
    int completes = 0;
    parser.setHandlers({[&](const HttpRequest&) { ++heads; }, {}, [&] { ++completes; }, {}});

    // WHEN the buffer is fed at once
    const QByteArray buffer = first + second;
    const qsizetype used = parser.feed(buffer);

    // THEN only the first request is consumed and the parser waits
    QCOMPARE(used, first.size());
    QCOMPARE(parser.state(), HttpRequestParser::State::MessageComplete);
    QVERIFY(parser.isPaused());
    QCOMPARE(parser.feed(buffer.mid(used)), qsizetype(0));
    QCOMPARE(heads, 1);

    // AND after resume() the kept bytes make the second request
    parser.resume();
    QCOMPARE(parser.feed(buffer.mid(used)), second.size());
    QCOMPARE(heads, 2);
    QCOMPARE(completes, 2);
    QCOMPARE(parser.request().method(), QByteArray("GET"));
}

void TestHttpRequestParser::repeatedHeadersAndTrimming()
{
    const QByteArray raw = "GET / HTTP/1.1\r\nHost: h\r\nAuthorization:   Bearer first  \t\r\n"
                           "authorization: Bearer second\r\nX-Empty:\r\nX-Tabs:\t\tv\t\r\n\r\n";
    HttpRequestParser parser;
    Drive d(parser, raw, 3);
    QVERIFY(!d.error);
    const HttpRequest& r = d.heads.first();
    // §3.2: the first Authorization header, whitespace trimmed like Go's Header.Get
    QCOMPARE(r.header("AUTHORIZATION"), QByteArray("Bearer first"));
    QCOMPARE(r.headerValues("authorization"), (QList<QByteArray>{"Bearer first", "Bearer second"}));
    QCOMPARE(r.headers().at(1).name, QByteArray("Authorization"));
    QVERIFY(r.hasHeader("x-empty"));
    QCOMPARE(r.header("x-empty"), QByteArray());
    QVERIFY(!r.hasHeader("x-missing"));
    QCOMPARE(r.header("X-Tabs"), QByteArray("v"));
}

void TestHttpRequestParser::headerLimit_data()
{
    QTest::addColumn<qint64>("maxHeaderBytes");
    QTest::addColumn<qint64>("headSize");
    QTest::addColumn<qsizetype>("step");
    QTest::addColumn<bool>("tooLarge");

    // §4.1: Go allows max_header_size + 4096 bytes for the request line and headers.
    for (const qsizetype step : {qsizetype(1 << 22), qsizetype(1), qsizetype(1000)}) {
        const QByteArray how = step == 1 ? " / byte by byte" : step == 1000 ? " / 1000-byte pieces" : "";
        QTest::newRow(("§4.1 1 KiB limit, head = limit+4096-1" + how).constData())
            << qint64(1024) << qint64(1024 + 4096 - 1) << step << false;
        QTest::newRow(("§4.1 1 KiB limit, head = limit+4096" + how).constData())
            << qint64(1024) << qint64(1024 + 4096) << step << false;
        QTest::newRow(("§4.1 1 KiB limit, head = limit+4096+1 -> 431" + how).constData())
            << qint64(1024) << qint64(1024 + 4096 + 1) << step << true;
    }
    QTest::newRow("§4.1 default 1 MiB, head = 1 MiB+4096")
        << qint64(0) << qint64(1048576 + 4096) << qsizetype(65536) << false;
    QTest::newRow("§4.1 default 1 MiB, head = 1 MiB+4097 -> 431")
        << qint64(0) << qint64(1048576 + 4097) << qsizetype(65536) << true;
    QTest::newRow("§4.1 above http-parser's own 80 KiB cap")
        << qint64(1048576) << qint64(200 * 1024) << qsizetype(4096) << false;
}

void TestHttpRequestParser::headerLimit()
{
    QFETCH(qint64, maxHeaderBytes);
    QFETCH(qint64, headSize);
    QFETCH(qsizetype, step);
    QFETCH(bool, tooLarge);

    HttpRequestParser parser(HttpRequestParser::Limits{maxHeaderBytes, -1});
    const QByteArray head = headOfSize(headSize);
    QCOMPARE(head.size(), headSize);
    Drive d(parser, head + "GET / HTTP/1.1\r\nHost: h\r\n\r\n", step);
    if (tooLarge) {
        QVERIFY(d.error.has_value());
        QCOMPARE(d.error->kind(), GoHttpError::Kind::HeaderTooLarge);
        QCOMPARE(d.error->status(), 431);
        QCOMPARE(d.error->toBytes(), QByteArray("HTTP/1.1 431 Request Header Fields Too Large") + kGoErrorHeaders +
                                         "431 Request Header Fields Too Large");
        QVERIFY(d.heads.isEmpty());
    } else {
        QVERIFY2(!d.error, d.error ? qPrintable(d.error->diagnostic()) : "");
        QCOMPARE(d.heads.size(), 2); // the limit applies per request
        QCOMPARE(d.heads.first().headBytes(), headSize);
    }
}

void TestHttpRequestParser::malformed_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("reply");

    const QByteArray plain400 = QByteArray("HTTP/1.1 400 Bad Request") + kGoErrorHeaders + "400 Bad Request";
    QTest::newRow("garbage request line")
        << QByteArray("HELLO\r\n\r\n") << int(GoHttpError::Kind::BadRequest) << plain400;
    QTest::newRow("missing HTTP version")
        << QByteArray("GET /\r\n\r\n") << int(GoHttpError::Kind::BadRequest) << plain400;
    QTest::newRow("header line without colon")
        << QByteArray("GET / HTTP/1.1\r\nHost h\r\n\r\n") << int(GoHttpError::Kind::BadRequest) << plain400;
    QTest::newRow("space before colon (Go 1.20+)")
        << QByteArray("GET / HTTP/1.1\r\nHost : h\r\n\r\n") << int(GoHttpError::Kind::BadRequest) << plain400;
    QTest::newRow("control byte in a value") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\x01z\r\n\r\n")
                                             << int(GoHttpError::Kind::BadRequest) << plain400;
    QTest::newRow("non-numeric Content-Length")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n") << int(GoHttpError::Kind::BadRequest)
        << plain400;
    QTest::newRow("two different Content-Length")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
        << int(GoHttpError::Kind::BadRequest) << plain400;
    QTest::newRow("HTTP/1.1 without Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << int(GoHttpError::Kind::BadRequest)
                                           << QByteArray("HTTP/1.1 400 Bad Request: missing required Host header") +
                                                  kGoErrorHeaders + "400 Bad Request: missing required Host header";
    QTest::newRow("two Host headers") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
                                      << int(GoHttpError::Kind::BadRequest)
                                      << QByteArray("HTTP/1.1 400 Bad Request: too many Host headers") +
                                             kGoErrorHeaders + "400 Bad Request: too many Host headers";
    QTest::newRow("HTTP/2.0 request line")
        << QByteArray("GET / HTTP/2.0\r\nHost: h\r\n\r\n") << int(GoHttpError::Kind::VersionNotSupported)
        << QByteArray("HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version") + kGoErrorHeaders +
               "505 HTTP Version Not Supported: unsupported protocol version";
    const QByteArray unsupportedTe =
        QByteArray("HTTP/1.1 501 Not Implemented") + kGoErrorHeaders + "Unsupported transfer encoding";
    QTest::newRow("Transfer-Encoding: gzip")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n")
        << int(GoHttpError::Kind::UnsupportedTransferEncoding) << unsupportedTe;
    QTest::newRow("Transfer-Encoding: gzip, chunked")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
        << int(GoHttpError::Kind::UnsupportedTransferEncoding) << unsupportedTe;
    QTest::newRow("unknown method (http-parser only knows registered methods)")
        << QByteArray("FOO / HTTP/1.1\r\nHost: h\r\n\r\n") << int(GoHttpError::Kind::BadRequest) << plain400;
    QTest::newRow("§5 TLS ClientHello on the plain port")
        << QByteArray::fromHex("1603010200010001fc0303") + QByteArray(40, 'r') << int(GoHttpError::Kind::TlsOnPlainPort)
        << plain400;
}

void TestHttpRequestParser::malformed()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, kind);
    QFETCH(QByteArray, reply);

    for (const qsizetype step : {raw.size(), qsizetype(1)}) {
        HttpRequestParser parser;
        Drive d(parser, raw, step);
        QVERIFY2(d.error.has_value(), qPrintable(QStringLiteral("step %1").arg(step)));
        QCOMPARE(int(d.error->kind()), kind);
        QCOMPARE(d.error->toBytes(), reply);
        QCOMPARE(parser.state(), HttpRequestParser::State::Failed);
        QCOMPARE(parser.feed(QByteArrayView("GET / HTTP/1.1\r\n")), qsizetype(0));
    }
}

void TestHttpRequestParser::malformedChunkAfterHead()
{
    // A broken chunk after the head is not a Go-level reply: the handler's body read fails instead.
    HttpRequestParser parser;
    Drive d(parser,
            "POST /intake/v2/events HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n", 5);
    QCOMPARE(d.heads.size(), 1);
    QCOMPARE(d.bodies.first(), QByteArray("abc"));
    QVERIFY(d.error.has_value());
    QCOMPARE(d.error->kind(), GoHttpError::Kind::MalformedBody);
    QCOMPARE(GoHttpError::goBodyReadError(), QStringLiteral("malformed chunked encoding"));
}

void TestHttpRequestParser::query_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QString>("value");

    QTest::newRow("§2 ?verbose without value") << QByteArray("/intake/v2/events?verbose") << "verbose" << true << "";
    QTest::newRow("§2 ?verbose=") << QByteArray("/intake/v2/events?verbose=") << "verbose" << true << "";
    QTest::newRow("§2 service.name=a%20b")
        << QByteArray("/config/v1/agents?service.name=a%20b") << "service.name" << true << "a b";
    QTest::newRow("'+' is a space") << QByteArray("/config/v1/agents?service.name=a+b") << "service.name" << true
                                    << "a b";
    QTest::newRow("first of repeated values")
        << QByteArray("/c?service.name=one&service.name=two") << "service.name" << true << "one";
    QTest::newRow("§2 ifnonematch with quotes")
        << QByteArray("/config/v1/rum/agents?ifnonematch=%22abc%22") << "ifnonematch" << true << "\"abc\"";
    QTest::newRow("bad escape drops the pair")
        << QByteArray("/c?service.name=%zz&x=1") << "service.name" << false << "";
    QTest::newRow("pair after a bad one still parsed") << QByteArray("/c?service.name=%zz&x=1") << "x" << true << "1";
    QTest::newRow("semicolon pair dropped (Go 1.17+)") << QByteArray("/c?a=1;b=2") << "a" << false << "";
    QTest::newRow("encoded key") << QByteArray("/c?service%2Ename=s") << "service.name" << true << "s";
    QTest::newRow("absent key") << QByteArray("/c?a=1") << "verbose" << false << "";
    QTest::newRow("empty query") << QByteArray("/c?") << "verbose" << false << "";
}

void TestHttpRequestParser::query()
{
    QFETCH(QByteArray, target);
    QFETCH(QString, key);
    QFETCH(bool, present);
    QFETCH(QString, value);

    HttpRequestParser parser;
    Drive d(parser, "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n", 4);
    QVERIFY(!d.error);
    QCOMPARE(d.heads.first().hasQueryItem(key), present);
    QCOMPARE(d.heads.first().queryValue(key), value);
}

void TestHttpRequestParser::pauseInHandlersKeepsBytes()
{
    // GIVEN a handler that pauses on the head (async auth) and on every body piece (a backed-up decoder)
    const QByteArray raw = "POST /intake/v2/events HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n";
    HttpRequestParser parser;
    QByteArray body;
    int heads = 0;
    bool complete = false;
    parser.setHandlers({[&](const HttpRequest&) {
                            ++heads;
                            parser.pause();
                        },
                        [&](QByteArrayView piece) {
                            body.append(piece.data(), piece.size());
                            parser.pause();
                        },
                        [&] { complete = true; },
                        {}});

    // WHEN the owner re-feeds what was left after every resume
    QByteArray pending = raw;
    int rounds = 0;
    while (!complete && rounds < 100) {
        const qsizetype used = parser.feed(pending);
        pending.remove(0, used);
        parser.resume();
        ++rounds;
    }

    // THEN nothing is lost or delivered twice
    QVERIFY(complete);
    QCOMPARE(heads, 1);
    QCOMPARE(body, QByteArray("abcdefg"));
    QVERIFY(pending.isEmpty());
    QVERIFY(rounds >= 3);
}

void TestHttpRequestParser::bodyLimit()
{
    HttpRequestParser parser(HttpRequestParser::Limits{0, 10});
    Drive d(parser, "POST /config/v1/agents HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n01234567890", 4);
    QVERIFY(d.error.has_value());
    QCOMPARE(d.error->kind(), GoHttpError::Kind::BodyTooLarge);
    QCOMPARE(d.error->status(), 413);
}

void TestHttpRequestParser::finishMidMessage()
{
    HttpRequestParser parser;
    QVERIFY(parser.finish());
    Drive d(parser, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc", 100);
    QCOMPARE(parser.state(), HttpRequestParser::State::Body);
    QVERIFY(!parser.finish());
    QCOMPARE(parser.bodyBytes(), qint64(3));

    HttpRequestParser continueParser;
    Drive c(continueParser, "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx", 100);
    QVERIFY(c.heads.first().expectsContinue());
    QVERIFY(continueParser.finish());
}

void TestHttpRequestParser::goErrorBytes_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("detail");
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("plain 400") << int(GoHttpError::Kind::BadRequest) << QByteArray()
                               << QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                             "Connection: close\r\n\r\n400 Bad Request");
    QTest::newRow("§5 TLS on the plain port")
        << int(GoHttpError::Kind::TlsOnPlainPort) << QByteArray()
        << QByteArray("HTTP/1.1 400 Bad Request") + kGoErrorHeaders + "400 Bad Request";
    QTest::newRow("§4.1 431") << int(GoHttpError::Kind::HeaderTooLarge) << QByteArray()
                              << QByteArray("HTTP/1.1 431 Request Header Fields Too Large") + kGoErrorHeaders +
                                     "431 Request Header Fields Too Large";
}

void TestHttpRequestParser::goErrorBytes()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, detail);
    QFETCH(QByteArray, bytes);
    QCOMPARE(GoHttpError(GoHttpError::Kind(kind), detail).toBytes(), bytes);
}

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
