// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "intake/GoHttpError.h"
#include "intake/HttpRequest.h"

#include <QByteArrayView>

#include <functional>
#include <memory>
#include <optional>

namespace Intake {

// Incremental, socket-free HTTP/1.x request parser on top of nodejs http-parser.
//
// The owner feeds whatever bytes arrived (one byte at a time works) and gets events through handlers:
// the head as soon as it is complete, de-chunked body pieces as they arrive (never accumulated), then the
// end of the message. After a message the parser pauses: bytes of a pipelined next request stay
// unconsumed until the owner calls resume() and feeds them again. Handlers may call pause() (e.g. while
// an API key is checked or the intake decoder is backed up); feed() then returns early and the owner
// re-feeds the unconsumed rest after resume(). Handlers must not call feed() or destroy the parser.
class HttpRequestParser
{
public:
    struct Limits
    {
        // APM Server's max_header_size (§4.1); <= 0 means Go's default of 1 MiB.
        qint64 maxHeaderBytes = 1048576;
        // Optional cap on one request body (de-chunked bytes); < 0 = none, as intake has no body limit.
        qint64 maxBodyBytes = -1;
    };
    struct Handlers
    {
        std::function<void(const HttpRequest&)> headersComplete;
        std::function<void(QByteArrayView)> body;
        std::function<void()> messageComplete;
        // Go would write error.toBytes() and close; the parser stays failed.
        std::function<void(const GoHttpError&)> error;
    };
    enum class State {
        Idle,            // between requests, nothing of the next one seen yet
        Head,            // inside the request line / headers
        Body,            // head delivered, body (if any) in progress
        MessageComplete, // paused after a request; resume() starts the next one
        Failed,          // a GoHttpError was reported; feed() consumes nothing
    };

    HttpRequestParser();
    explicit HttpRequestParser(Limits limits);
    ~HttpRequestParser();
    HttpRequestParser(const HttpRequestParser&) = delete;
    HttpRequestParser& operator=(const HttpRequestParser&) = delete;

    void setHandlers(Handlers handlers);

    // Consumes up to len bytes and returns how many were consumed. Fewer than len means the parser is
    // paused (message complete or pause()) or failed; the rest must be fed again after resume().
    qsizetype feed(const char* data, qsizetype len);
    qsizetype feed(QByteArrayView data) { return feed(data.data(), data.size()); }

    // Stops consumption at the next opportunity; safe to call from a handler.
    void pause();
    // Lifts a pause() and, after a complete message, starts parsing the next request. After a request
    // whose keepAlive() is false Go closes the connection instead; do the same rather than resume.
    void resume();
    bool isPaused() const;

    // The peer closed its side. Returns true if that happened between requests (Go closes silently);
    // false if a request was cut off (head or body incomplete).
    bool finish() const;

    State state() const { return m_state; }
    // The current (or last) request head; valid from headersComplete on.
    const HttpRequest& request() const { return m_request; }
    const std::optional<GoHttpError>& error() const { return m_error; }
    qint64 bodyBytes() const { return m_bodyBytes; }
    // The head budget Go applies: max_header_size + 4096 bytes of bufio slack (§4.1).
    qint64 headBudget() const { return m_headBudget; }

private:
    struct Callbacks;
    friend struct Callbacks;

    void startMessage();
    void fail(const GoHttpError& error);
    std::optional<GoHttpError> finishHead();
    void flushHeaderField();

    struct ParserState;
    std::unique_ptr<ParserState> m_p;
    Handlers m_handlers;
    qint64 m_headBudget = 0;
    qint64 m_maxBodyBytes = -1;
    State m_state = State::Idle;
    bool m_userPaused = false;
    HttpRequest m_request;
    qint64 m_headBytes = 0;
    qint64 m_bodyBytes = 0;
    QByteArray m_field;
    QByteArray m_value;
    bool m_lastWasValue = false;
    bool m_headPending = false;
    std::optional<GoHttpError> m_error;
    std::optional<GoHttpError> m_callbackError;
};

} // namespace Intake
