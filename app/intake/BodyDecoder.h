// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/Profile.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

namespace Intake {

// Incremental request-body decompression as APM Server does it (§4.1), with Go's compress/gzip and
// compress/zlib error texts. Pull-based: the caller appends raw body bytes as they arrive and reads
// decoded bytes in pieces of its chosen size, so a decompression bomb never inflates beyond one piece.
class BodyDecoder
{
public:
    enum class Coding {
        Identity, // body used as is
        Gzip,     // "Content-Encoding: gzip" (multi-member, like Go's gzip.Reader)
        Deflate,  // "Content-Encoding: deflate" = zlib-wrapped deflate (Go's zlib.NewReader)
        Sniff,    // 8.19: no known Content-Encoding, look at the first two body bytes
    };
    enum class Status {
        Data,      // size > 0 bytes were written
        NeedInput, // nothing more until append() or finish()
        End,       // the decoded stream ended cleanly
        Error,     // errorMessage() holds Go's text; sticky
    };
    struct ReadResult
    {
        Status status = Status::NeedInput;
        qsizetype size = 0;
    };

    // The decoder APM Server picks for a Content-Encoding value (Go's Header.Get, exact match): "gzip"
    // and "deflate" in both profiles; anything else is identity in 7.15 and sniffed in 8.19 (8.5+).
    static Coding codingFor(Config::Profile profile, QByteArrayView contentEncoding);

    explicit BodyDecoder(Coding coding);
    ~BodyDecoder();
    BodyDecoder(const BodyDecoder&) = delete;
    BodyDecoder& operator=(const BodyDecoder&) = delete;

    // Queues raw body bytes (copied). The caller bounds memory by pausing its input when
    // bufferedInput() grows.
    void append(QByteArrayView bytes);
    // The body is complete; a stream that needs more bytes now fails with "unexpected EOF".
    void finish();
    // Decodes up to maxLen bytes into out. Data that precedes an error is returned first.
    ReadResult read(char* out, qsizetype maxLen);

    Coding coding() const { return m_coding; }
    // After sniffing: the coding actually used (Sniff until decided).
    Coding effectiveCoding() const { return m_effective; }
    QString errorMessage() const { return m_errorMessage; }
    // The error happened while reading the gzip/zlib header, i.e. where Go's gzip.NewReader/zlib.NewReader
    // fails before the stream is read: APM Server answers it as a bare 400 (no document, nothing accepted).
    bool failedWhileOpening() const { return m_failedWhileOpening; }
    qsizetype bufferedInput() const { return m_in.size() - m_inPos; }
    qint64 totalIn() const { return m_totalIn; }
    qint64 totalOut() const { return m_totalOut; }

private:
    enum class Stage { Sniff, Identity, GzipHeader, ZlibHeader, Inflate, GzipTrailer, ZlibTrailer, End, Failed };

    bool decideSniffed();
    bool parseGzipHeader();
    bool parseZlibHeader();
    bool startInflate();
    ReadResult inflateInto(char* out, qsizetype maxLen);
    bool parseGzipTrailer();
    bool parseZlibTrailer();
    void failWith(const QString& message);
    qsizetype available() const { return m_in.size() - m_inPos; }
    const uchar* cursor() const { return reinterpret_cast<const uchar*>(m_in.constData()) + m_inPos; }
    void consume(qsizetype n);

    struct ZState;
    std::unique_ptr<ZState> m_z;
    Coding m_coding;
    Coding m_effective;
    Stage m_stage = Stage::Sniff;
    QByteArray m_in;
    qsizetype m_inPos = 0;
    bool m_finished = false;
    bool m_gzipFirstMember = true;
    bool m_failedWhileOpening = false;
    QString m_errorMessage;
    QString m_pendingError; // reported after the data decoded before it
    qint64 m_totalIn = 0;
    qint64 m_totalOut = 0;

    // gzip header parsing state (RFC 1952 2.3, as Go's gzip.Reader.readHeader reads it)
    int m_headerStep = 0;
    quint8 m_headerFlags = 0;
    quint32 m_headerCrc = 0;
    qsizetype m_extraLeft = 0;
    qsizetype m_stringLength = 0;
    // running check values of the member being inflated
    quint32 m_check = 0;
    quint32 m_size = 0;
};

} // namespace Intake
