// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "intake/Engine.h"
#include "intake/HttpRequestParser.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace Intake {

// One client connection: bytes → HttpRequestParser → Exchange → bytes. Keep-alive and pipelining:
// a request's answer is written before the next request is parsed. The body is streamed into the
// exchange; a 2xx is only written after the whole body was read (real-agents.md: an early 2xx is
// an error for the Node.js agent), an early rejection is written at once.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    HttpConnection(QTcpSocket* socket, Engine& engine, QObject* parent = nullptr);
    ~HttpConnection() override;

    bool isIdle() const; // between requests (safe to close on shutdown)
    // Steps every log entry of this connection starts with (the TLS handshake's outcome); empty
    // on plain HTTP.
    void setConnectionTrace(QList<TraceStep> steps) { m_connectionTrace = std::move(steps); }
    void closeWhenIdle(); // graceful shutdown: finish the request in flight, then close

signals:
    void requestFinished(const Intake::RequestLogEntry& entry);
    void closed();

private:
    void readFromSocket();
    void feedPending();
    void continuePending(); // feedPending() again after a time slice ended inside it
    void onHead(const HttpRequest& request);
    void onBody(QByteArrayView data);
    void onMessageComplete();
    void onParseError(const GoHttpError& error);
    void pump();
    void respond();
    void startNextRequest();
    void closeConnection();
    void halfCloseAndLinger();
    void armTimers();
    void emitLogged(const RequestLogEntry& entry);

    QPointer<QTcpSocket> m_socket;
    Engine& m_engine;
    HttpRequestParser m_parser;
    std::unique_ptr<Exchange> m_exchange;
    QByteArray m_pending;          // received bytes not yet consumed by the parser
    bool m_readingBody = false;    // the exchange wants the body
    bool m_messageComplete = false;
    bool m_responded = false;      // the answer for the current request is written
    bool m_waiting = false;        // rate limiter delay in progress
    bool m_closeAfterResponse = false;
    bool m_shuttingDown = false;
    qint64 m_discarded = 0;        // body bytes discarded after an early answer
    QTimer m_waitTimer;
    QTimer m_readTimer;            // read_timeout: the whole request
    QTimer m_idleTimer;            // idle_timeout: between requests
    QTimer m_lingerTimer;          // after a half-close, time for the client to read the answer
    bool m_closing = false;
    bool m_feeding = false;         // inside m_parser.feed() (its callbacks run now)
    bool m_resumeAfterFeed = false; // the next request starts once feed() returns
    QList<TraceStep> m_connectionTrace;

    // Limits (see the bounds at the top of HttpConnection.cpp).
    void onBytesWritten();
    void accountBuffers();
    QTimer m_writeTimer;           // write_timeout: an answer the client does not read
    QTimer m_budgetTimer;          // retries reading while the engine is over its buffer budget
    qint64 m_accounted = 0;        // bytes reported to Engine::adjustBuffered
    bool m_servedRequest = false;  // a first request was read: idle_timeout applies between requests
};

} // namespace Intake
