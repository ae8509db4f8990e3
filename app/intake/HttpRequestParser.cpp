// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/HttpRequestParser.h"

#include <http_parser.h>

#include <QString>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <mutex>

namespace Intake {

namespace {

constexpr qint64 kGoDefaultMaxHeaderBytes = 1 << 20;
// Go's connReader allows MaxHeaderBytes plus 4096 bytes of bufio slack before it reports
// errTooLarge (net/http initialReadLimitSize; §4.1).
constexpr qint64 kGoHeaderSlack = 4096;
constexpr unsigned char kTlsHandshakeRecord = 0x16;

QByteArray trimmedGo(const QByteArray& value)
{
    // textproto trims ASCII space, tab, CR and LF around a header value.
    qsizetype begin = 0;
    qsizetype end = value.size();
    auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (begin < end && isSpace(value[begin]))
        ++begin;
    while (end > begin && isSpace(value[end - 1]))
        --end;
    return value.sliced(begin, end - begin);
}

bool hasControlBytes(const QByteArray& value)
{
    // Go rejects header values with CTLs other than horizontal tab (httpguts.ValidHeaderFieldValue).
    return std::any_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    });
}

} // namespace

struct HttpRequestParser::ParserState
{
    http_parser parser{};
    http_parser_settings settings{};
};

// Static trampolines from http-parser's C callbacks into the owning parser.
struct HttpRequestParser::Callbacks
{
    static HttpRequestParser* self(http_parser* p) { return static_cast<HttpRequestParser*>(p->data); }

    static int onMessageBegin(http_parser* p)
    {
        HttpRequestParser* s = self(p);
        s->m_state = State::Head;
        return 0;
    }

    static int onUrl(http_parser* p, const char* at, size_t len)
    {
        self(p)->m_request.m_target.append(at, qsizetype(len));
        return 0;
    }

    static int onHeaderField(http_parser* p, const char* at, size_t len)
    {
        HttpRequestParser* s = self(p);
        if (s->m_state != State::Head)
            return 0; // a trailer after a chunked body: Go drops trailers for intake, so do we
        if (s->m_lastWasValue)
            s->flushHeaderField();
        s->m_field.append(at, qsizetype(len));
        return 0;
    }

    static int onHeaderValue(http_parser* p, const char* at, size_t len)
    {
        HttpRequestParser* s = self(p);
        if (s->m_state != State::Head)
            return 0;
        s->m_value.append(at, qsizetype(len));
        s->m_lastWasValue = true;
        return 0;
    }

    static int onHeadersComplete(http_parser* p)
    {
        HttpRequestParser* s = self(p);
        if (std::optional<GoHttpError> error = s->finishHead()) {
            s->m_callbackError = std::move(error);
            return -1;
        }
        s->m_state = State::Body;
        // Stop here so feed() can count the head exactly and call the handler outside http-parser.
        s->m_headPending = true;
        http_parser_pause(p, 1);
        return 0;
    }

    static int onBody(http_parser* p, const char* at, size_t len)
    {
        HttpRequestParser* s = self(p);
        s->m_bodyBytes += qint64(len);
        if (s->m_maxBodyBytes >= 0 && s->m_bodyBytes > s->m_maxBodyBytes) {
            s->m_callbackError = GoHttpError(GoHttpError::Kind::BodyTooLarge, {},
                                             QStringLiteral("body exceeds %1 bytes").arg(s->m_maxBodyBytes));
            return -1;
        }
        if (s->m_handlers.body)
            s->m_handlers.body(QByteArrayView(at, qsizetype(len)));
        if (s->m_userPaused)
            http_parser_pause(p, 1);
        return 0;
    }

    static int onMessageComplete(http_parser* p)
    {
        HttpRequestParser* s = self(p);
        s->m_state = State::MessageComplete;
        if (s->m_handlers.messageComplete)
            s->m_handlers.messageComplete();
        // Always stop after a request: Go serves one request at a time, and a pipelined next request
        // must wait in the caller's buffer until the response has been written.
        http_parser_pause(p, 1);
        return 0;
    }
};

HttpRequestParser::HttpRequestParser() : HttpRequestParser(Limits{})
{
}

HttpRequestParser::HttpRequestParser(Limits limits) : m_p(std::make_unique<ParserState>())
{
    // http-parser's own header cap is a process-wide 80 KiB compiled default; Go's limit (max_header_size
    // + 4096) is enforced here instead, so lift the library's cap once for the whole process.
    static std::once_flag liftLibraryCap;
    std::call_once(liftLibraryCap, [] { http_parser_set_max_header_size(std::numeric_limits<uint32_t>::max()); });

    const qint64 maxHeader = limits.maxHeaderBytes > 0 ? limits.maxHeaderBytes : kGoDefaultMaxHeaderBytes;
    m_headBudget = maxHeader + kGoHeaderSlack;
    m_maxBodyBytes = limits.maxBodyBytes;

    http_parser_settings_init(&m_p->settings);
    m_p->settings.on_message_begin = &Callbacks::onMessageBegin;
    m_p->settings.on_url = &Callbacks::onUrl;
    m_p->settings.on_header_field = &Callbacks::onHeaderField;
    m_p->settings.on_header_value = &Callbacks::onHeaderValue;
    m_p->settings.on_headers_complete = &Callbacks::onHeadersComplete;
    m_p->settings.on_body = &Callbacks::onBody;
    m_p->settings.on_message_complete = &Callbacks::onMessageComplete;
    http_parser_init(&m_p->parser, HTTP_REQUEST);
    m_p->parser.data = this;
    // Go accepts "Transfer-Encoding: chunked" together with Content-Length (chunked wins, the length is
    // dropped); http-parser would reject it without this flag.
    m_p->parser.allow_chunked_length = 1;
}

HttpRequestParser::~HttpRequestParser() = default;

void HttpRequestParser::setHandlers(Handlers handlers)
{
    m_handlers = std::move(handlers);
}

void HttpRequestParser::startMessage()
{
    m_request = HttpRequest();
    m_headBytes = 0;
    m_bodyBytes = 0;
    m_field.clear();
    m_value.clear();
    m_lastWasValue = false;
    m_headPending = false;
    m_callbackError.reset();
    m_state = State::Head;
}

qsizetype HttpRequestParser::feed(const char* data, qsizetype len)
{
    qsizetype consumed = 0;
    while (consumed < len) {
        if (m_state == State::Failed || m_state == State::MessageComplete || m_userPaused)
            break;
        if (m_state == State::Idle) {
            // A TLS record where a request line should start: a client speaking https:// to the plain port.
            // Go parses it as a malformed request line and answers a plain 400 (§5).
            if (static_cast<unsigned char>(data[consumed]) == kTlsHandshakeRecord) {
                fail(GoHttpError(GoHttpError::Kind::TlsOnPlainPort, {},
                                 QStringLiteral("TLS handshake record on the plain-HTTP port")));
                break;
            }
            startMessage();
        }
        const bool inHead = m_state == State::Head;
        qsizetype chunk = len - consumed;
        if (inHead)
            chunk = qsizetype(std::min<qint64>(chunk, m_headBudget - m_headBytes));
        const size_t n = http_parser_execute(&m_p->parser, &m_p->settings, data + consumed, size_t(chunk));
        consumed += qsizetype(n);
        if (inHead)
            m_headBytes += qint64(n);

        const http_errno err = HTTP_PARSER_ERRNO(&m_p->parser);
        if (err == HPE_PAUSED) {
            // Our own pause (head or message end, or pause()); clear the library's flag, our state tracks it.
            http_parser_pause(&m_p->parser, 0);
            if (m_headPending) {
                // Paused on the blank line's LF, which http-parser leaves unconsumed and re-reads on resume.
                m_headPending = false;
                m_headBytes += 1;
                m_request.m_headBytes = m_headBytes;
                if (m_handlers.headersComplete)
                    m_handlers.headersComplete(m_request);
            }
            continue;
        }
        if (err != HPE_OK) {
            if (m_callbackError) {
                fail(*m_callbackError);
            } else if (err == HPE_INVALID_TRANSFER_ENCODING) {
                fail(GoHttpError(GoHttpError::Kind::UnsupportedTransferEncoding, {},
                                 QString::fromLatin1(http_errno_description(err))));
            } else if (err == HPE_HEADER_OVERFLOW) {
                fail(GoHttpError(GoHttpError::Kind::HeaderTooLarge));
            } else if (m_state == State::Body) {
                fail(GoHttpError(GoHttpError::Kind::MalformedBody, {},
                                 QStringLiteral("%1: %2").arg(QString::fromLatin1(http_errno_name(err)),
                                                              QString::fromLatin1(http_errno_description(err)))));
            } else {
                fail(GoHttpError(GoHttpError::Kind::BadRequest, {},
                                 QStringLiteral("%1: %2").arg(QString::fromLatin1(http_errno_name(err)),
                                                              QString::fromLatin1(http_errno_description(err)))));
            }
            break;
        }
        if (m_state == State::Head && m_headBytes >= m_headBudget) {
            // Go's read limit is exhausted before the blank line: errTooLarge, 431 and close.
            fail(GoHttpError(GoHttpError::Kind::HeaderTooLarge, {},
                             QStringLiteral("request head exceeds %1 bytes").arg(m_headBudget)));
            break;
        }
        if (qsizetype(n) < chunk && m_state != State::MessageComplete)
            break; // http-parser stopped early (upgrade); nothing more to consume
    }
    return consumed;
}

void HttpRequestParser::pause()
{
    m_userPaused = true;
}

void HttpRequestParser::resume()
{
    m_userPaused = false;
    if (m_state == State::MessageComplete)
        m_state = State::Idle;
}

bool HttpRequestParser::isPaused() const
{
    return m_userPaused || m_state == State::MessageComplete;
}

bool HttpRequestParser::finish() const
{
    return m_state == State::Idle || m_state == State::MessageComplete;
}

void HttpRequestParser::fail(const GoHttpError& error)
{
    m_state = State::Failed;
    m_error = error;
    if (m_handlers.error)
        m_handlers.error(error);
}

void HttpRequestParser::flushHeaderField()
{
    m_request.m_headers.append(HttpRequest::Header{m_field, trimmedGo(m_value)});
    m_field.clear();
    m_value.clear();
    m_lastWasValue = false;
}

std::optional<GoHttpError> HttpRequestParser::finishHead()
{
    if (!m_field.isEmpty() || m_lastWasValue)
        flushHeaderField();
    const http_parser& p = m_p->parser;
    HttpRequest& r = m_request;
    r.m_method = http_method_str(static_cast<http_method>(p.method));
    r.m_major = p.http_major;
    r.m_minor = p.http_minor;
    r.m_keepAlive = http_should_keep_alive(&p) != 0;
    r.m_chunked = (p.flags & F_CHUNKED) != 0;
    if ((p.flags & F_CONTENTLENGTH) && !r.m_chunked)
        r.m_contentLength = p.content_length;
    // Split the target like Go's url.ParseRequestURI: origin-form keeps everything after the first '?'
    // (no fragment handling); absolute-form goes through http-parser's URL parser.
    const QByteArray& target = r.m_target;
    if (target.startsWith('/') || target == "*") {
        const qsizetype q = target.indexOf('?');
        r.m_path = q < 0 ? target : target.first(q);
        r.m_rawQuery = q < 0 ? QByteArray() : target.sliced(q + 1);
    } else {
        http_parser_url url;
        http_parser_url_init(&url);
        if (http_parser_parse_url(target.constData(), size_t(target.size()), p.method == HTTP_CONNECT, &url) == 0) {
            if (url.field_set & (1 << UF_PATH))
                r.m_path = target.mid(url.field_data[UF_PATH].off, url.field_data[UF_PATH].len);
            if (url.field_set & (1 << UF_QUERY))
                r.m_rawQuery = target.mid(url.field_data[UF_QUERY].off, url.field_data[UF_QUERY].len);
        } else {
            r.m_path = target;
        }
    }
    r.m_query = HttpRequest::parseQuery(r.m_rawQuery);

    // Checks net/http's readRequest makes after the headers were read. http-parser reads a request line
    // without a version as HTTP/0.9; Go calls that a malformed request line.
    if (r.m_major == 0)
        return GoHttpError(GoHttpError::Kind::BadRequest, {}, QStringLiteral("malformed HTTP request line"));
    if (r.m_major != 1) {
        return GoHttpError(GoHttpError::Kind::VersionNotSupported, QByteArrayLiteral("unsupported protocol version"),
                           QStringLiteral("HTTP/%1.%2").arg(r.m_major).arg(r.m_minor));
    }
    for (const HttpRequest::Header& h : std::as_const(r.m_headers)) {
        // Go 1.20+ textproto rejects "Name :" and control characters in values (plain 400).
        if (h.name.contains(' ') || h.name.contains('\t') || hasControlBytes(h.value))
            return GoHttpError(GoHttpError::Kind::BadRequest, {}, QStringLiteral("malformed MIME header line"));
    }
    const QList<QByteArray> hosts = r.headerValues("Host");
    if (r.m_minor >= 1 && hosts.isEmpty() && p.method != HTTP_CONNECT)
        return GoHttpError(GoHttpError::Kind::BadRequest, QByteArrayLiteral("missing required Host header"));
    if (hosts.size() > 1)
        return GoHttpError(GoHttpError::Kind::BadRequest, QByteArrayLiteral("too many Host headers"));
    const QList<QByteArray> encodings = r.headerValues("Transfer-Encoding");
    if (!encodings.isEmpty() && r.m_minor >= 1) {
        // Go (transfer.go) accepts exactly one Transfer-Encoding header whose value is "chunked";
        // anything else ("gzip, chunked", two headers) is answered with 501.
        if (encodings.size() != 1 || encodings.first().compare(QByteArrayView("chunked"), Qt::CaseInsensitive) != 0)
            return GoHttpError(GoHttpError::Kind::UnsupportedTransferEncoding, {},
                               QString::fromLatin1(encodings.join(", ")));
    }
    return std::nullopt;
}

} // namespace Intake
