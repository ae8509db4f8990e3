// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/Profile.h"
#include "intake/BodyDecoder.h"
#include "intake/IntakeEvent.h"
#include "intake/IntakeResult.h"
#include "intake/StreamMetadata.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace Intake {

// Decodes an intake body the way APM Server's stream processor does (§4.1): decompression, NDJSON lines
// limited to max_event_size, the metadata line first, then events in batches of up to 10 lines, with the
// 7.15 or 8.19 error messages.
//
// Driving it: append body bytes as they arrive (appendBody), mark the end (finishBody), and call next()
// until it returns Done:
//   Batch     -> takeBatch(), run rate limit / authorization / publishing, result().addAccepted(n) or
//                result().addStreamError(...) and stop; call next() again when ready (the stream waits).
//   NeedInput -> more body bytes are needed (resume the HTTP parser).
//   Yield     -> a slice of work was done; call next() again later (keeps the event loop responsive).
//   Done      -> result() is final (unless the owner adds to it).
// Memory stays bounded by max_event_size + one decoded chunk + the batch + the undecoded input the owner
// let in (pause the HTTP parser while inputBacklog() is large).
class NdjsonStream
{
public:
    enum class Endpoint {
        V2,    // /intake/v2/events and /intake/v2/rum/events
        RumV3, // /intake/v3/rum/events
    };
    struct Options
    {
        Config::Profile profile = Config::Profile::V8_19;
        Endpoint endpoint = Endpoint::V2;
        qsizetype maxEventSize = 307200; // APM Server's max_event_size
        BodyDecoder::Coding coding = BodyDecoder::Coding::Identity;
    };
    enum class Step { Batch, NeedInput, Yield, Done };

    static constexpr int kBatchLines = 10;             // batchSize in the intake handler
    static constexpr qsizetype kReadChunk = 32 * 1024; // decoded bytes pulled at a time
    static constexpr qsizetype kYieldAfterBytes = 4 * 1024 * 1024;

    explicit NdjsonStream(Options options);

    // Raw (possibly compressed) body bytes, in order.
    void appendBody(QByteArrayView bytes);
    // The request body is complete.
    void finishBody();
    // The body broke off (e.g. "unexpected EOF" when the client went away, "i/o timeout" at read_timeout):
    // handled like a read error of Go's body reader at the current position.
    void failBody(const QString& goError);

    Step next();
    // The events of the batch next() announced (may be fewer than 10; invalid lines are in result()).
    QList<IntakeEvent> takeBatch();

    const std::optional<StreamMetadata>& metadata() const { return m_metadata; }
    IntakeResult& result() { return m_result; }
    const IntakeResult& result() const { return m_result; }
    bool isDone() const { return m_phase == Phase::Done; }
    qsizetype inputBacklog() const { return m_decoder.bufferedInput(); }
    // Decoded bytes held right now / at most so far (line buffer + unread part of the decoded chunk).
    qsizetype bufferedBytes() const;
    qsizetype peakBufferedBytes() const { return m_peakBuffered; }
    const BodyDecoder& decoder() const { return m_decoder; }

private:
    enum class Phase { Metadata, Events, Done };
    enum class LineStatus { Line, TooLong, ReadError, NeedInput, Yield };
    struct LineRead
    {
        LineStatus status = LineStatus::NeedInput;
        QByteArray line; // the line (Line), its first max_event_size bytes (TooLong), partial data (ReadError)
        bool atEof = false;
        bool opening = false; // the error is a gzip/zlib header error (Go's NewReader failed)
        QString error;
    };

    LineRead readLine();
    bool fillChunk(LineRead& result);
    void handleMetadata(LineRead read);
    void handleEventLine(QByteArray line);
    void finishWithStreamError(const QString& message, IntakeError::Kind kind, QByteArray document = {});
    void notePeak();

    Options m_options;
    qsizetype m_bufferSize; // Go's bufio.Reader size for the line reader: max(max_event_size, 16)
    BodyDecoder m_decoder;
    IntakeResult m_result;
    std::optional<StreamMetadata> m_metadata;
    Phase m_phase = Phase::Metadata;

    QByteArray m_chunk; // decoded bytes not yet split into lines
    qsizetype m_chunkPos = 0;
    QByteArray m_line;
    bool m_skipping = false; // discarding the rest of a too long line
    bool m_eof = false;
    QString m_readError;
    QString m_injectedError;
    qint64 m_lineNumber = 0;
    qint64 m_budget = 0;

    QList<IntakeEvent> m_batch;
    int m_batchLines = 0;
    bool m_batchReady = false;
    qsizetype m_peakBuffered = 0;
};

} // namespace Intake
