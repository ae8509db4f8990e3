// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/HttpConnection.h"

#include "core/Logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTcpSocket>
#include <QThread>

#include <sys/socket.h>

namespace Intake {

// Memory bounds of one connection (nothing a client sends grows memory without limit):
//   socket read buffer   kSocketReadBuffer (64 KiB; further input stays in the kernel)
//   pending input        < 2 * kReadChunk (128 KiB) bytes not yet parsed
//   request head         max_header_size + 4 KiB (the parser's head budget, §4.1)
//   undecoded body       < kMaxBacklog + kReadChunk (~1.1 MiB) before reading pauses
//   decoded lines        max_event_size + 32 KiB in NdjsonStream, one batch of 10 events (each <= max_event_size),
//                        at most 5 error documents (each <= max_event_size)
//   small bodies         8 MiB (agent config POST, 7.15 sourcemaps; Engine.cpp kMaxSmallBody)
//   unsent output        one response + kMaxUnsentOutput: pipelined requests are not parsed while more is
//                        queued, and write_timeout drops a client that does not read
// All of it is reported to Engine::adjustBuffered; over the engine's budget (64 MiB by default) every
// connection stops reading until the total drops. The connection count itself is bounded only by
// max_connections (0 = unlimited, as in APM Server) and the process's file-descriptor limit.
namespace {
constexpr qint64 kReadChunk = 64 * 1024;
constexpr qsizetype kMaxBacklog = 1024 * 1024;     // undecoded body held before reading pauses
constexpr qint64 kMaxDiscard = 256 * 1024;         // Go discards up to 256 KiB of an unread body
constexpr qint64 kSocketReadBuffer = 64 * 1024;    // QTcpSocket's buffer is unbounded by default
constexpr qint64 kMaxUnsentOutput = 256 * 1024;    // queued answers before pipelined requests wait
constexpr int kBudgetRetryMs = 20;
constexpr qint64 kSliceMs = 20;

// Event-loop slices: the stub shares its thread with the GUI, and under load one pass of the event
// loop would otherwise serve every ready connection (hundreds of requests) before a timer or a repaint
// runs. Work starts a slice and posts a boundary marker; once a slice has run kSliceMs, connections
// re-post their read instead, so they run in the next pass after the GUI's events.
struct WorkSlice
{
    QElapsedTimer started;
    bool boundaryPosted = false;
};
thread_local WorkSlice t_slice;

bool sliceLeft()
{
    // Only the application's main thread shares its loop with the GUI; worker threads run flat out.
    thread_local const bool t_mainThread =
        QCoreApplication::instance() && QThread::currentThread() == QCoreApplication::instance()->thread();
    if (!t_mainThread)
        return true;
    if (!t_slice.boundaryPosted) {
        t_slice.boundaryPosted = true;
        t_slice.started.start();
        QTimer::singleShot(0, [] { t_slice.boundaryPosted = false; });
    }
    return t_slice.started.elapsed() < kSliceMs;
}
} // namespace

HttpConnection::HttpConnection(QTcpSocket* socket, Engine& engine, QObject* parent)
    : QObject(parent), m_socket(socket), m_engine(engine),
      m_parser(HttpRequestParser::Limits{engine.effective().maxHeaderSize.value, -1})
{
    socket->setParent(this);
    socket->setReadBufferSize(kSocketReadBuffer);
    m_parser.setHandlers({[this](const HttpRequest& r) { onHead(r); }, [this](QByteArrayView d) { onBody(d); },
                          [this] { onMessageComplete(); }, [this](const GoHttpError& e) { onParseError(e); }});
    m_waitTimer.setSingleShot(true);
    connect(&m_waitTimer, &QTimer::timeout, this, [this] {
        m_waiting = false;
        pump();
    });
    m_readTimer.setSingleShot(true);
    connect(&m_readTimer, &QTimer::timeout, this, [this] {
        // read_timeout (§4.1): a request still arriving is cut off; Go closes without an answer.
        qCInfo(lcIntake) << "read_timeout: closing" << m_socket->peerAddress().toString();
        if (m_exchange && m_readingBody && !m_responded)
            m_exchange->bodyFailed(QStringLiteral("i/o timeout"));
        closeConnection();
    });
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] { closeConnection(); });
    m_lingerTimer.setSingleShot(true);
    connect(&m_lingerTimer, &QTimer::timeout, this, [this] {
        if (m_socket)
            m_socket->abort();
        emit closed();
    });
    m_writeTimer.setSingleShot(true);
    connect(&m_writeTimer, &QTimer::timeout, this, [this] {
        // write_timeout (§4.1): Go's write deadline fails the write and the connection closes. Here it runs
        // from the moment an answer is queued until the client has taken all of it.
        if (m_socket) {
            qCInfo(lcIntake) << "write_timeout: closing" << m_socket->peerAddress().toString();
            m_socket->abort();
        }
        emit closed();
    });
    m_budgetTimer.setSingleShot(true);
    connect(&m_budgetTimer, &QTimer::timeout, this, &HttpConnection::readFromSocket);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::readFromSocket);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        m_readTimer.stop();
        m_idleTimer.stop();
        emit closed();
    });
    armTimers();
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::readFromSocket, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    m_engine.adjustBuffered(-m_accounted);
}

bool HttpConnection::isIdle() const
{
    return !m_exchange && m_pending.isEmpty();
}

void HttpConnection::closeWhenIdle()
{
    m_shuttingDown = true;
    if (isIdle())
        closeConnection();
}

void HttpConnection::armTimers()
{
    const auto& e = m_engine.effective();
    // read_timeout also covers a head that is partly parsed, and the first request from the accept on
    // (Go sets the read deadline before reading the first request; idle_timeout only between requests).
    const bool inRequest = m_exchange || !m_pending.isEmpty() || m_parser.state() == HttpRequestParser::State::Head ||
                           m_parser.state() == HttpRequestParser::State::Body || !m_servedRequest;
    if (inRequest) {
        m_idleTimer.stop();
        if (!m_readTimer.isActive() && e.readTimeout.value.count() > 0)
            m_readTimer.start(std::chrono::milliseconds(e.readTimeout.value));
    } else {
        m_readTimer.stop();
        if (e.idleTimeout.value.count() > 0)
            m_idleTimer.start(std::chrono::milliseconds(e.idleTimeout.value));
    }
}

void HttpConnection::emitLogged(const RequestLogEntry& entry)
{
    if (m_connectionTrace.isEmpty() || !m_engine.options().detailedLog) {
        emit requestFinished(entry);
        return;
    }
    RequestLogEntry withTls = entry;
    withTls.trace = m_connectionTrace + entry.trace;
    emit requestFinished(withTls);
}

void HttpConnection::readFromSocket()
{
    if (!m_socket)
        return;
    if (m_closing) {
        m_socket->readAll(); // discard what arrives while the answer drains
        return;
    }
    if (!sliceLeft()) {
        QMetaObject::invokeMethod(this, &HttpConnection::readFromSocket, Qt::QueuedConnection);
        return;
    }
    // Back-pressure: while the decoder holds a lot of undecoded input, or a rate-limit wait is in
    // progress, leave the bytes in the kernel.
    while (m_socket->bytesAvailable() > 0) {
        if (m_waiting || (m_exchange && m_exchange->inputBacklog() > kMaxBacklog) || m_pending.size() > kReadChunk)
            break;
        if (m_engine.overBufferBudget()) {
            // All connections together hold too much: leave the input in the kernel and look again soon.
            if (!m_budgetTimer.isActive())
                m_budgetTimer.start(kBudgetRetryMs);
            break;
        }
        m_pending += m_socket->read(kReadChunk);
        feedPending();
        if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
            return;
    }
    accountBuffers();
    armTimers();
}

void HttpConnection::feedPending()
{
    while (!m_pending.isEmpty()) {
        if (m_socket && m_socket->bytesToWrite() > kMaxUnsentOutput)
            return; // a pipelining client that does not read its answers: onBytesWritten() resumes
        if (m_parser.state() == HttpRequestParser::State::MessageComplete ||
            m_parser.state() == HttpRequestParser::State::Failed)
            return; // the answer of the current request comes first (pipelining)
        m_feeding = true;
        const qsizetype used = m_parser.feed(m_pending.constData(), m_pending.size());
        m_feeding = false;
        m_pending.remove(0, used);
        if (m_resumeAfterFeed) {
            // The request answered inside the parser's callbacks; the next one starts here, without a
            // trip through the event loop (each posted event costs a wake-up).
            m_resumeAfterFeed = false;
            if (m_exchange || m_closing)
                return;
            m_parser.resume();
            if (!sliceLeft()) {
                // A long pipelined backlog on the GUI's thread: go on in the next pass of the loop.
                QMetaObject::invokeMethod(this, &HttpConnection::continuePending, Qt::QueuedConnection);
                return;
            }
            continue;
        }
        if (used == 0)
            return;
    }
}

void HttpConnection::continuePending()
{
    if (!m_socket || m_exchange || m_closing)
        return;
    feedPending();
    if (m_socket && m_socket->bytesAvailable() > 0) {
        readFromSocket();
        return;
    }
    accountBuffers();
    armTimers();
}

void HttpConnection::onHead(const HttpRequest& request)
{
    RequestHead head = RequestHead::from(request, m_socket ? m_socket->peerAddress().toString() : QString());
    m_servedRequest = true;
    m_closeAfterResponse = head.closeRequested || m_shuttingDown;
    m_exchange = std::make_unique<Exchange>(m_engine, std::move(head));
    m_responded = false;
    m_messageComplete = false;
    m_discarded = 0;
    armTimers();
    if (m_exchange->begin() == Exchange::Next::Respond) {
        m_readingBody = false;
        respond(); // early answer; the rest of the body is discarded
    } else {
        m_readingBody = true;
    }
}

void HttpConnection::onBody(QByteArrayView data)
{
    if (m_readingBody && m_exchange) {
        m_exchange->bodyData(data);
        pump();
        return;
    }
    m_discarded += data.size();
    if (m_discarded > kMaxDiscard)
        m_closeAfterResponse = true;
}

void HttpConnection::onMessageComplete()
{
    m_messageComplete = true;
    if (m_readingBody && m_exchange) {
        m_exchange->bodyComplete();
        pump();
    } else if (m_responded) {
        startNextRequest();
    }
}

void HttpConnection::onParseError(const GoHttpError& error)
{
    qCInfo(lcIntake) << "HTTP error from" << (m_socket ? m_socket->peerAddress().toString() : QString())
                     << error.diagnostic();
    RequestLogEntry entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.peer = entry.client = m_socket ? m_socket->peerAddress().toString() : QString();
    entry.status = error.status();
    entry.verdict = error.isTlsOnPlainPort()
                        ? QStringLiteral("TLS handshake on the plain-HTTP port: the client uses https:// but the "
                                         "server speaks http:// (C16)")
                        : QStringLiteral("%1 %2 — %3").arg(error.status()).arg(QString::fromLatin1(error.reasonPhrase()),
                                                                                error.diagnostic());
    entry.trace.append({QStringLiteral("HTTP"), QStringLiteral("rejected %1").arg(error.status()), entry.verdict,
                        QStringLiteral("§4.1")});
    emitLogged(entry);
    if (m_socket) {
        m_socket->write(error.toBytes());
        if (m_engine.effective().writeTimeout.value.count() > 0)
            m_writeTimer.start(std::chrono::milliseconds(m_engine.effective().writeTimeout.value));
        m_socket->disconnectFromHost();
    }
    m_exchange.reset();
}

void HttpConnection::pump()
{
    if (!m_exchange || m_responded || m_waiting)
        return;
    const Exchange::Progress p = m_exchange->process();
    switch (p.state) {
    case Exchange::Progress::State::Wait:
        m_waiting = true;
        m_waitTimer.start(std::chrono::duration_cast<std::chrono::milliseconds>(p.wait) + std::chrono::milliseconds(1));
        return;
    case Exchange::Progress::State::Yield:
        QMetaObject::invokeMethod(this, &HttpConnection::pump, Qt::QueuedConnection);
        return;
    case Exchange::Progress::State::NeedInput:
        if (m_messageComplete) // cannot happen after bodyComplete(); be safe
            respond();
        else if (!m_feeding) // while feeding, readFromSocket()'s loop reads on (and re-checks its back-pressure)
            QMetaObject::invokeMethod(this, &HttpConnection::readFromSocket, Qt::QueuedConnection);
        return;
    case Exchange::Progress::State::Done:
        // A success only once the whole body is in (§ real-agents); an error may go early.
        m_exchange->finish();
        if (m_messageComplete || m_exchange->response().status >= 400)
            respond();
        return;
    }
}

void HttpConnection::respond()
{
    if (!m_exchange || m_responded || !m_socket)
        return;
    if (!m_exchange->finished())
        m_exchange->finish();
    m_responded = true;
    m_readingBody = false;
    const HttpResponse& response = m_exchange->response();
    m_closeAfterResponse = m_closeAfterResponse || response.closeConnection || m_shuttingDown;
    HttpResponse out = response;
    out.closeConnection = m_closeAfterResponse;
    m_socket->write(out.serialize(QDateTime::currentDateTimeUtc(), m_exchange->log().method == QLatin1String("HEAD")));
    // Send now, as Go's handler does, instead of on the write notifier's next round.
    m_socket->flush();
    if (m_socket->bytesToWrite() > 0 && !m_writeTimer.isActive() && m_engine.effective().writeTimeout.value.count() > 0)
        m_writeTimer.start(std::chrono::milliseconds(m_engine.effective().writeTimeout.value));
    accountBuffers();
    emitLogged(m_exchange->log());
    if (m_closeAfterResponse) {
        closeConnection();
        return;
    }
    if (m_messageComplete)
        startNextRequest();
    // else: the body of an early-answered request is still arriving and is discarded.
}

void HttpConnection::startNextRequest()
{
    m_exchange.reset();
    m_readingBody = false;
    m_messageComplete = false;
    m_responded = false;
    if (m_shuttingDown) {
        closeConnection();
        return;
    }
    armTimers();
    // Inside a parser callback the parser must not be fed re-entrantly: feedPending() goes on once
    // feed() returns. Elsewhere the next (possibly pipelined) request is parsed from the event loop.
    if (m_feeding) {
        m_resumeAfterFeed = true;
        return;
    }
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_exchange || m_closing)
                return;
            m_parser.resume();
            feedPending();
            if (m_socket && m_socket->bytesAvailable() > 0)
                readFromSocket();
        },
        Qt::QueuedConnection);
}

void HttpConnection::onBytesWritten()
{
    if (!m_socket)
        return;
    if (m_socket->bytesToWrite() == 0)
        m_writeTimer.stop();
    accountBuffers();
    // Pipelined requests held back by kMaxUnsentOutput go on once the client reads.
    if (!m_closing && !m_exchange && m_socket->bytesToWrite() <= kMaxUnsentOutput &&
        (!m_pending.isEmpty() || m_socket->bytesAvailable() > 0)) {
        feedPending();
        if (m_socket && m_socket->bytesAvailable() > 0)
            readFromSocket();
    }
}

void HttpConnection::accountBuffers()
{
    qint64 held = m_pending.size() + (m_exchange ? m_exchange->bufferedBytes() : 0);
    if (m_socket)
        held += m_socket->bytesAvailable() + m_socket->bytesToWrite();
    m_engine.adjustBuffered(held - m_accounted);
    m_accounted = held;
}

void HttpConnection::closeConnection()
{
    m_readTimer.stop();
    m_idleTimer.stop();
    m_waitTimer.stop();
    m_budgetTimer.stop();
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        emit closed();
        return;
    }
    if (m_closing)
        return;
    m_closing = true;
    // Like Go's closeWriteAndWait: send everything, half-close, and give the client a moment to
    // read the answer before the socket goes away (closing with unread input would send a RST).
    if (m_socket->bytesToWrite() > 0)
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
            if (m_socket && m_socket->bytesToWrite() == 0)
                halfCloseAndLinger();
        });
    else
        halfCloseAndLinger();
}

void HttpConnection::halfCloseAndLinger()
{
    if (!m_socket || m_lingerTimer.isActive())
        return;
    m_socket->flush();
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    m_lingerTimer.start(std::chrono::milliseconds(500));
}

} // namespace Intake
