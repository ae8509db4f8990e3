// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/NdjsonStream.h"

#include "intake/EventLineScan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>
#include <cstring>
#include <utility>
#include <variant>

namespace Intake {

namespace {

using Profile = Config::Profile;

// Go's bufio.NewReaderSize never goes below 16 bytes.
constexpr qsizetype kMinBufioSize = 16;
constexpr qsizetype kMaxFieldRunes = 1024;

// What APM Server's decoders call the parts of a line, for Go-like error paths
// ("v2.metadataRoot.Metadata: v2.metadata.Service: ...", jsoniter's "<type>.<Field>: " nesting).
struct EventSchema
{
    IntakeEvent::Type type;
    const char* package; // "v2" or "rumv3"
    const char* root;    // "transactionRoot"
    const char* field;   // "Transaction"
    const char* inner;   // "transaction"
    bool rumV3;
};

std::optional<EventSchema> schemaFor(Profile profile, QByteArrayView key)
{
    using T = IntakeEvent::Type;
    // Both profiles accept v2 and RUM v3 keys on every intake endpoint (one switch in the stream processor);
    // top-level "me" exists only in 7.15, "log" only in 8.x (§4.1).
    if (key == "transaction")
        return EventSchema{T::Transaction, "v2", "transactionRoot", "Transaction", "transaction", false};
    if (key == "span")
        return EventSchema{T::Span, "v2", "spanRoot", "Span", "span", false};
    if (key == "error")
        return EventSchema{T::Error, "v2", "errorRoot", "Error", "errorEvent", false};
    if (key == "metricset")
        return EventSchema{T::Metricset, "v2", "metricsetRoot", "Metricset", "metricset", false};
    if (key == "log" && profile == Profile::V8_19)
        return EventSchema{T::Log, "v2", "logRoot", "Log", "log", false};
    if (key == "x")
        return EventSchema{T::Transaction, "rumv3", "transactionRoot", "Transaction", "transaction", true};
    if (key == "e")
        return EventSchema{T::Error, "rumv3", "errorRoot", "Error", "errorEvent", true};
    if (key == "me" && profile == Profile::V7_15)
        return EventSchema{T::Metricset, "rumv3", "metricsetRoot", "Metricset", "metricset", true};
    return std::nullopt;
}

// APM Server's identifyEventType: the text between the first quote (double or single) and the next
// quote of the same kind. No JSON parsing, no escapes.
QByteArray identifyKey(const QByteArray& line)
{
    const auto quote = std::find_if(line.begin(), line.end(), [](char c) { return c == '"' || c == '\''; });
    if (quote == line.end())
        return {};
    const qsizetype start = quote - line.begin();
    const qsizetype end = line.indexOf(*quote, start + 1);
    if (end < 0)
        return {};
    return line.sliced(start + 1, end - start - 1);
}

// Go's %q for the unrecognised key in 8.19's message.
QString goQuote(const QByteArray& bytes)
{
    QString out = QStringLiteral("\"");
    const QString text = QString::fromUtf8(bytes);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

// utf8.RuneCountInString
qsizetype runeCount(const QString& s)
{
    return s.toUcs4().size();
}

// patternAlphaNumericExt: ^[a-zA-Z0-9 _-]+$
bool matchesAlphaNumericExt(const QString& s)
{
    return std::all_of(s.begin(), s.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == ' ' || u == '_' ||
               u == '-';
    });
}

// The generated decoders' IsSet: null and empty containers are "not set", unknown keys do not count.
bool isSet(const QJsonValue& v)
{
    if (v.isNull() || v.isUndefined())
        return false;
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        return std::any_of(o.begin(), o.end(), [](const QJsonValue& child) { return isSet(child); });
    }
    if (v.isArray())
        return !v.toArray().isEmpty();
    return true;
}

struct ParsedLine
{
    enum Kind { Value, Null, NotObject, SyntaxError } kind = Null;
    QJsonValue value;
    QString error;
    QJsonParseError::ParseError errorCode = QJsonParseError::NoError;
    qsizetype errorOffset = 0;
};

// Object/array nesting depth before offset, outside strings (Qt reports the offset after the bad token).
int depthAt(const QByteArray& line, qsizetype offset)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < std::min(offset, line.size()); ++i) {
        const char c = line[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return depth;
}

// The text after "<root>.<Field>: " for a JSON syntax error inside the value. jsoniter's wording is only
// reproduced for a missing ':' directly in the value object ("v2.metadata.readFieldHash: expect :,",
// APM Server's own InvalidJSONMetadata case); other errors carry Qt's description.
QString syntaxDetail(const QByteArray& line, const ParsedLine& parsed, const QString& innerType)
{
    if (parsed.errorCode == QJsonParseError::MissingNameSeparator && depthAt(line, parsed.errorOffset - 1) == 2)
        return innerType + QStringLiteral(".readFieldHash: expect :,");
    return parsed.error;
}

// One JSON value per line like jsoniter's ReadVal: trailing bytes after the value are ignored and
// whitespace only reads as nothing.
ParsedLine parseLine(const QByteArray& line)
{
    ParsedLine parsed;
    qsizetype i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n'))
        ++i;
    if (i == line.size())
        return parsed;
    const char c = line[i];
    if (c == '{' || c == '[') {
        QJsonParseError error;
        QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error == QJsonParseError::GarbageAtEnd)
            doc = QJsonDocument::fromJson(line.first(error.offset), &error);
        if (error.error != QJsonParseError::NoError) {
            parsed.kind = ParsedLine::SyntaxError;
            parsed.error = error.errorString();
            parsed.errorCode = error.error;
            parsed.errorOffset = error.offset;
            return parsed;
        }
        parsed.kind = ParsedLine::Value;
        parsed.value = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        return parsed;
    }
    if (line.sliced(i).startsWith("null"))
        return parsed;
    parsed.kind = ParsedLine::NotObject;
    return parsed;
}

QString decodeError(const QString& detail)
{
    return QStringLiteral("decode error: data read error: ") + detail;
}

const QString kExpectObject = QStringLiteral("readObjectStart: expect { or n,");
const QString kExpectString = QStringLiteral("ReadString: expects \" or n,");

// A string field read through nullable.String: absent/null = unset, a non-string is a decode error.
struct StringField
{
    bool set = false;
    bool typeError = false;
    QString value;
};

StringField stringField(const QJsonObject& o, const QString& key)
{
    StringField f;
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return f;
    if (!v.isString()) {
        f.typeError = true;
        return f;
    }
    f.set = true;
    f.value = v.toString();
    return f;
}

// Decodes and validates the metadata line the way the v2 / rumv3 DecodeNestedMetadata do (generated
// validation order and messages, limited to service and agent, which the stub needs).
std::variant<StreamMetadata, QString> decodeMetadata(const QByteArray& line, bool rumV3)
{
    const QString pkg = rumV3 ? QStringLiteral("rumv3") : QStringLiteral("v2");
    const QString rootKey = rumV3 ? QStringLiteral("m") : QStringLiteral("metadata");
    const QString kService = rumV3 ? QStringLiteral("se") : QStringLiteral("service");
    const QString kAgent = rumV3 ? QStringLiteral("a") : QStringLiteral("agent");
    const QString kName = rumV3 ? QStringLiteral("n") : QStringLiteral("name");
    const QString kVersion = rumV3 ? QStringLiteral("ve") : QStringLiteral("version");
    const QString kEnvironment = rumV3 ? QStringLiteral("en") : QStringLiteral("environment");
    const QString required = QStringLiteral("validation error: '%1' required").arg(rootKey);
    const QString rootPath = pkg + QStringLiteral(".metadataRoot");
    const QString metaPath = rootPath + QStringLiteral(".Metadata: ");

    const ParsedLine parsed = parseLine(line);
    switch (parsed.kind) {
    case ParsedLine::Null:
        return required;
    case ParsedLine::NotObject:
        return decodeError(kExpectObject);
    case ParsedLine::SyntaxError: {
        const qsizetype keyAt = line.indexOf(QByteArray('"' + rootKey.toUtf8() + '"'));
        const bool insideMetadata = keyAt >= 0 && parsed.errorOffset > keyAt + rootKey.size() + 2;
        if (insideMetadata)
            return decodeError(metaPath + syntaxDetail(line, parsed, pkg + QStringLiteral(".metadata")));
        return decodeError(rootPath + QStringLiteral(": ") + parsed.error);
    }
    case ParsedLine::Value:
        break;
    }
    if (!parsed.value.isObject())
        return decodeError(kExpectObject);
    const QJsonValue metaValue = parsed.value.toObject().value(rootKey);
    if (!metaValue.isUndefined() && !metaValue.isNull() && !metaValue.isObject())
        return decodeError(metaPath + kExpectObject);
    const QJsonObject meta = metaValue.toObject();

    // jsoniter type errors on the fields we read
    const QString servicePath = metaPath + pkg + QStringLiteral(".metadata.Service: ");
    const QJsonValue serviceValue = meta.value(kService);
    if (!serviceValue.isUndefined() && !serviceValue.isNull() && !serviceValue.isObject())
        return decodeError(servicePath + kExpectObject);
    const QJsonObject service = serviceValue.toObject();
    const StringField name = stringField(service, kName);
    const StringField version = stringField(service, kVersion);
    const StringField environment = stringField(service, kEnvironment);
    if (name.typeError)
        return decodeError(servicePath + pkg + QStringLiteral(".metadataService.Name: ") + kExpectString);
    if (version.typeError)
        return decodeError(servicePath + pkg + QStringLiteral(".metadataService.Version: ") + kExpectString);
    if (environment.typeError)
        return decodeError(servicePath + pkg + QStringLiteral(".metadataService.Environment: ") + kExpectString);
    const QString agentPath = servicePath + pkg + QStringLiteral(".metadataService.Agent: ");
    const QJsonValue agentValue = service.value(kAgent);
    if (!agentValue.isUndefined() && !agentValue.isNull() && !agentValue.isObject())
        return decodeError(agentPath + kExpectObject);
    const QJsonObject agent = agentValue.toObject();
    const StringField agentName = stringField(agent, kName);
    const StringField agentVersion = stringField(agent, kVersion);
    if (agentName.typeError)
        return decodeError(agentPath + pkg + QStringLiteral(".metadataServiceAgent.Name: ") + kExpectString);
    if (agentVersion.typeError)
        return decodeError(agentPath + pkg + QStringLiteral(".metadataServiceAgent.Version: ") + kExpectString);

    // Validation, in the generated order: metadata -> service -> agent -> service name.
    if (!isSet(metaValue))
        return required;
    const QString metaPrefix = QStringLiteral("validation error: %1: ").arg(rootKey);
    if (!isSet(serviceValue))
        return metaPrefix + QStringLiteral("'%1' required").arg(kService);
    const QString servicePrefix = metaPrefix + kService + QStringLiteral(": ");
    if (isSet(agentValue)) {
        const QString agentPrefix = servicePrefix + kAgent + QStringLiteral(": ");
        if (agentName.set && runeCount(agentName.value) > kMaxFieldRunes)
            return agentPrefix + QStringLiteral("'%1': validation rule 'maxLength(1024)' violated").arg(kName);
        if (agentName.set && agentName.value.isEmpty())
            return agentPrefix + QStringLiteral("'%1': validation rule 'minLength(1)' violated").arg(kName);
        if (!agentName.set)
            return agentPrefix + QStringLiteral("'%1' required").arg(kName);
        if (agentVersion.set && runeCount(agentVersion.value) > kMaxFieldRunes)
            return agentPrefix + QStringLiteral("'%1': validation rule 'maxLength(1024)' violated").arg(kVersion);
        if (!agentVersion.set)
            return agentPrefix + QStringLiteral("'%1' required").arg(kVersion);
    } else {
        return servicePrefix + QStringLiteral("'%1' required").arg(kAgent);
    }
    if (name.set && runeCount(name.value) > kMaxFieldRunes)
        return servicePrefix + QStringLiteral("'%1': validation rule 'maxLength(1024)' violated").arg(kName);
    if (name.set && name.value.isEmpty())
        return servicePrefix + QStringLiteral("'%1': validation rule 'minLength(1)' violated").arg(kName);
    if (name.set && !matchesAlphaNumericExt(name.value))
        return servicePrefix +
               QStringLiteral("'%1': validation rule 'pattern(patternAlphaNumericExt)' violated").arg(kName);
    if (!name.set)
        return servicePrefix + QStringLiteral("'%1' required").arg(kName);

    StreamMetadata m;
    m.rumV3 = rumV3;
    m.serviceName = name.value;
    m.serviceVersion = version.value;
    m.serviceEnvironment = environment.value;
    m.agentName = agentName.value;
    m.agentVersion = agentVersion.value;
    m.line = line;
    return m;
}

} // namespace

NdjsonStream::NdjsonStream(Options options)
    : m_options(options), m_bufferSize(std::max(options.maxEventSize, kMinBufioSize)), m_decoder(options.coding)
{
}

void NdjsonStream::appendBody(QByteArrayView bytes)
{
    m_decoder.append(bytes);
}

void NdjsonStream::finishBody()
{
    m_decoder.finish();
}

void NdjsonStream::failBody(const QString& goError)
{
    if (m_injectedError.isEmpty())
        m_injectedError = goError;
}

qsizetype NdjsonStream::bufferedBytes() const
{
    return m_line.size() + (m_chunk.size() - m_chunkPos);
}

void NdjsonStream::notePeak()
{
    m_peakBuffered = std::max(m_peakBuffered, bufferedBytes());
}

bool NdjsonStream::fillChunk(LineRead& result)
{
    m_chunk.resize(0); // keeps the allocation for the next piece
    m_chunkPos = 0;
    if (!m_readError.isEmpty()) {
        result.status = LineStatus::ReadError;
        result.error = m_readError;
        return false;
    }
    if (m_eof) {
        result.status = LineStatus::Line;
        result.atEof = true;
        return false;
    }
    if (m_budget >= kYieldAfterBytes) {
        result.status = LineStatus::Yield;
        return false;
    }
    m_chunk.resize(kReadChunk);
    const BodyDecoder::ReadResult r = m_decoder.read(m_chunk.data(), kReadChunk);
    m_chunk.resize(r.size);
    switch (r.status) {
    case BodyDecoder::Status::Data:
        m_budget += r.size;
        notePeak();
        return true;
    case BodyDecoder::Status::NeedInput:
        if (m_injectedError.isEmpty()) {
            result.status = LineStatus::NeedInput;
            return false;
        }
        m_readError = m_injectedError;
        break;
    case BodyDecoder::Status::End:
        // Go's LineReader returns the last line together with io.EOF; while skipping a too long line it
        // returns nothing.
        m_eof = true;
        result.status = LineStatus::Line;
        result.atEof = true;
        if (!m_skipping)
            result.line = std::exchange(m_line, {});
        m_skipping = false;
        return false;
    case BodyDecoder::Status::Error:
        m_readError = m_decoder.errorMessage();
        result.opening = m_decoder.failedWhileOpening();
        break;
    }
    result.status = LineStatus::ReadError;
    result.error = m_readError;
    if (!m_skipping)
        result.line = std::exchange(m_line, {});
    m_skipping = false;
    return false;
}

NdjsonStream::LineRead NdjsonStream::readLine()
{
    // Mirrors APM Server's LineReader over a bufio.Reader of max_event_size bytes: a line that does not
    // fit the buffer (content + '\n' > size) is "too long"; its first max_event_size bytes become the
    // error document and the rest up to the next '\n' is dropped without being buffered.
    LineRead result;
    for (;;) {
        while (m_chunkPos < m_chunk.size()) {
            if (!m_skipping && m_line.size() == m_bufferSize) {
                // Full buffer and more bytes follow: bufio.ErrBufferFull.
                result.status = LineStatus::TooLong;
                result.line = m_line.first(std::min(m_options.maxEventSize, m_line.size()));
                m_line.clear();
                m_skipping = true;
                ++m_lineNumber;
                return result;
            }
            const char* begin = m_chunk.constData() + m_chunkPos;
            const qsizetype avail = m_chunk.size() - m_chunkPos;
            const auto* nl = static_cast<const char*>(std::memchr(begin, '\n', size_t(avail)));
            if (m_skipping) {
                if (!nl) {
                    m_chunkPos = m_chunk.size();
                    break;
                }
                m_chunkPos += (nl - begin) + 1;
                m_skipping = false;
                continue;
            }
            const qsizetype contentHere = nl ? qsizetype(nl - begin) : avail;
            const qsizetype room = m_bufferSize - m_line.size();
            if (nl && contentHere < room) {
                m_line.append(begin, contentHere);
                m_chunkPos += contentHere + 1;
                result.status = LineStatus::Line;
                result.line = std::exchange(m_line, {});
                ++m_lineNumber;
                notePeak();
                return result;
            }
            const qsizetype take = std::min(contentHere, room);
            m_line.append(begin, take);
            m_chunkPos += take;
            notePeak();
        }
        if (!fillChunk(result)) {
            if (result.status == LineStatus::Line || result.status == LineStatus::ReadError)
                ++m_lineNumber;
            return result;
        }
    }
}

void NdjsonStream::finishWithStreamError(const QString& message, IntakeError::Kind kind, QByteArray document)
{
    m_result.addStreamError(IntakeError{kind, message, std::move(document)});
    m_phase = Phase::Done;
}

void NdjsonStream::handleMetadata(LineRead read)
{
    const bool v7 = m_options.profile == Profile::V7_15;
    const bool v3Endpoint = m_options.endpoint == Endpoint::RumV3;
    switch (read.status) {
    case LineStatus::TooLong:
        finishWithStreamError(v7 ? QStringLiteral("event exceeded the permitted size.")
                                 : QStringLiteral("event exceeded the permitted size"),
                              IntakeError::Kind::TooLarge, read.line);
        return;
    case LineStatus::ReadError:
        // A gzip/zlib header error is where Go's NewReader fails, before the stream processor runs: the
        // handler answers it as a bare 400 (compressedRequestReaderError, §4.1).
        if (read.opening)
            finishWithStreamError(read.error, IntakeError::Kind::Validation);
        // 7.15 reads the metadata through the JSON decoder, which wraps the read error; 8.19 reports it bare.
        else if (v7)
            finishWithStreamError(QStringLiteral("decode error: ") + read.error, IntakeError::Kind::Validation,
                                  read.line);
        else
            finishWithStreamError(read.error, IntakeError::Kind::Validation);
        return;
    case LineStatus::Line:
    case LineStatus::NeedInput:
    case LineStatus::Yield:
        break;
    }

    std::variant<StreamMetadata, QString> decoded;
    if (v7) {
        // 7.15: each endpoint has its own metadata decoder ("metadata", or "m" on the v3 endpoint); an empty
        // first line or empty body is an unset metadata object (§4.1: 'metadata' required).
        if (read.line.isEmpty()) {
            finishWithStreamError(QStringLiteral("validation error: '%1' required")
                                      .arg(v3Endpoint ? QStringLiteral("m") : QStringLiteral("metadata")),
                                  IntakeError::Kind::Validation);
            return;
        }
        decoded = decodeMetadata(read.line, v3Endpoint);
    } else {
        // 8.7+ (apm-data): one decoder for every endpoint, chosen by the first key.
        if (read.atEof) {
            if (read.line.isEmpty()) {
                // 8.12+: an empty body is accepted (202, nothing accepted).
                m_phase = Phase::Done;
                return;
            }
            finishWithStreamError(QStringLiteral("EOF while reading metadata"), IntakeError::Kind::Validation,
                                  read.line);
            return;
        }
        const QByteArray key = identifyKey(read.line);
        if (key == "metadata" || key == "m") {
            decoded = decodeMetadata(read.line, key == "m");
        } else {
            finishWithStreamError(QStringLiteral("\"metadata\" or \"m\" required"), IntakeError::Kind::Validation,
                                  read.line);
            return;
        }
    }
    if (const QString* error = std::get_if<QString>(&decoded)) {
        finishWithStreamError(*error, IntakeError::Kind::Validation, read.line);
        return;
    }
    m_metadata = std::get<StreamMetadata>(std::move(decoded));
    m_phase = Phase::Events;
    // 7.15: a metadata line without a trailing newline ends the stream (nothing to read, 202).
    if (read.atEof)
        m_eof = true;
}

void NdjsonStream::handleEventLine(QByteArray line)
{
    const bool v7 = m_options.profile == Profile::V7_15;
    const QByteArray key = identifyKey(line);
    const std::optional<EventSchema> schema = schemaFor(m_options.profile, key);
    auto reject = [&](const QString& message) {
        m_result.addEventError(IntakeError{IntakeError::Kind::Validation, message, line});
    };
    if (!schema) {
        reject(v7 ? QString::fromUtf8(key) + QStringLiteral(": did not recognize object type")
                  : QStringLiteral("did not recognize object type: ") + goQuote(key));
        return;
    }

    // The common case — a valid event without context.service — needs no JSON document (the scan
    // hands everything else to the full parse below, which has APM Server's error texts).
    const bool rumV3Transaction = schema->rumV3 && schema->type == IntakeEvent::Type::Transaction;
    if (!rumV3Transaction &&
        EventLineScan::plainValidEvent(line, key, schema->rumV3 ? QByteArrayView("c") : QByteArrayView("context"),
                                       schema->rumV3 ? QByteArrayView("se") : QByteArrayView("service"))) {
        IntakeEvent out;
        out.type = schema->type;
        out.key = QString::fromLatin1(key);
        if (m_metadata) {
            out.serviceName = m_metadata->serviceName;
            out.agentName = m_metadata->agentName;
        }
        out.line = std::move(line);
        out.lineNumber = m_lineNumber;
        m_batch.append(std::move(out));
        return;
    }

    const QString pkg = QString::fromLatin1(schema->package);
    const QString rootPath = pkg + QLatin1Char('.') + QString::fromLatin1(schema->root);
    const QString fieldPath = rootPath + QLatin1Char('.') + QString::fromLatin1(schema->field) + QStringLiteral(": ");
    const QString keyText = QString::fromUtf8(key);
    const ParsedLine parsed = parseLine(line);
    switch (parsed.kind) {
    case ParsedLine::Null:
        reject(QStringLiteral("validation error: '%1' required").arg(keyText));
        return;
    case ParsedLine::NotObject:
        reject(decodeError(kExpectObject));
        return;
    case ParsedLine::SyntaxError: {
        const qsizetype keyAt = line.indexOf(key);
        const bool insideValue = keyAt >= 0 && parsed.errorOffset > keyAt + key.size() + 1;
        if (insideValue)
            reject(decodeError(
                fieldPath + syntaxDetail(line, parsed, pkg + QLatin1Char('.') + QString::fromLatin1(schema->inner))));
        else
            reject(decodeError(rootPath + QStringLiteral(": ") + parsed.error));
        return;
    }
    case ParsedLine::Value:
        break;
    }
    if (!parsed.value.isObject()) {
        reject(decodeError(kExpectObject));
        return;
    }
    const QJsonValue value = parsed.value.toObject().value(keyText);
    if (!value.isUndefined() && !value.isNull() && !value.isObject()) {
        reject(decodeError(fieldPath + kExpectObject));
        return;
    }
    if (!isSet(value)) {
        reject(QStringLiteral("validation error: '%1' required").arg(keyText));
        return;
    }
    const QJsonObject event = value.toObject();

    IntakeEvent out;
    out.type = schema->type;
    out.key = keyText;
    out.serviceName = m_metadata ? m_metadata->serviceName : QString();
    out.agentName = m_metadata ? m_metadata->agentName : QString();

    // Event-level context.service overrides the metadata's service and agent names (§3.5).
    const QString kContext = schema->rumV3 ? QStringLiteral("c") : QStringLiteral("context");
    const QString kService = schema->rumV3 ? QStringLiteral("se") : QStringLiteral("service");
    const QString kAgent = schema->rumV3 ? QStringLiteral("a") : QStringLiteral("agent");
    const QString kName = schema->rumV3 ? QStringLiteral("n") : QStringLiteral("name");
    const QString contextPath =
        fieldPath + pkg + QLatin1Char('.') + QString::fromLatin1(schema->inner) + QStringLiteral(".Context: ");
    const QJsonValue contextValue = event.value(kContext);
    if (!contextValue.isUndefined() && !contextValue.isNull()) {
        if (!contextValue.isObject()) {
            reject(decodeError(contextPath + kExpectObject));
            return;
        }
        const QString servicePath = contextPath + pkg + QStringLiteral(".context.Service: ");
        const QJsonValue serviceValue = contextValue.toObject().value(kService);
        if (!serviceValue.isUndefined() && !serviceValue.isNull()) {
            if (!serviceValue.isObject()) {
                reject(decodeError(servicePath + kExpectObject));
                return;
            }
            const QJsonObject service = serviceValue.toObject();
            const StringField name = stringField(service, kName);
            if (name.typeError) {
                reject(decodeError(servicePath + pkg + QStringLiteral(".contextService.Name: ") + kExpectString));
                return;
            }
            const QString agentPath = servicePath + pkg + QStringLiteral(".contextService.Agent: ");
            const QJsonValue agentValue = service.value(kAgent);
            if (!agentValue.isUndefined() && !agentValue.isNull() && !agentValue.isObject()) {
                reject(decodeError(agentPath + kExpectObject));
                return;
            }
            const StringField agentName = stringField(agentValue.toObject(), kName);
            if (agentName.typeError) {
                reject(decodeError(agentPath + pkg + QStringLiteral(".contextServiceAgent.Name: ") + kExpectString));
                return;
            }
            if (name.set)
                out.serviceName = name.value;
            if (agentName.set)
                out.agentName = agentName.value;
        }
    }
    if (schema->rumV3 && schema->type == IntakeEvent::Type::Transaction) {
        // RUM v3 nests a transaction's spans ("y") and breakdown metricsets ("me"); each becomes an event.
        out.eventCount += int(event.value(QStringLiteral("y")).toArray().size());
        out.eventCount += int(event.value(QStringLiteral("me")).toArray().size());
    }
    out.line = std::move(line);
    out.lineNumber = m_lineNumber;
    m_batch.append(std::move(out));
}

NdjsonStream::Step NdjsonStream::next()
{
    m_budget = 0;
    if (m_batchReady)
        return Step::Batch;
    for (;;) {
        switch (m_phase) {
        case Phase::Done:
            return Step::Done;
        case Phase::Metadata: {
            LineRead read = readLine();
            if (read.status == LineStatus::NeedInput)
                return Step::NeedInput;
            if (read.status == LineStatus::Yield)
                return Step::Yield;
            handleMetadata(std::move(read));
            break;
        }
        case Phase::Events: {
            // readBatch: up to 10 lines (empty and invalid ones count), stopping at the end of the body.
            QString terminal;
            while (m_batchLines < kBatchLines && !m_eof) {
                LineRead read = readLine();
                if (read.status == LineStatus::NeedInput)
                    return Step::NeedInput;
                if (read.status == LineStatus::Yield)
                    return Step::Yield;
                ++m_batchLines;
                if (read.status == LineStatus::ReadError) {
                    terminal = read.error;
                    break;
                }
                if (read.status == LineStatus::TooLong) {
                    m_result.addEventError(IntakeError{IntakeError::Kind::TooLarge,
                                                       m_options.profile == Profile::V7_15
                                                           ? QStringLiteral("event exceeded the permitted size.")
                                                           : QStringLiteral("event exceeded the permitted size"),
                                                       read.line});
                    continue;
                }
                if (read.atEof)
                    m_eof = true;
                // Empty lines are skipped (still counted towards the batch), for backwards compatibility.
                if (!read.line.isEmpty())
                    handleEventLine(std::move(read.line));
            }
            m_batchLines = 0;
            if (!terminal.isEmpty()) {
                // A broken body after the metadata is not an input error: 500, after the events read before
                // it have been processed; 8.12+ prefixes it like every stream error.
                m_readError = terminal;
            }
            if (!m_batch.isEmpty()) {
                m_batchReady = true;
                return Step::Batch;
            }
            if (!m_readError.isEmpty()) {
                finishWithStreamError(m_options.profile == Profile::V7_15
                                          ? m_readError
                                          : QStringLiteral("cannot handle stream: ") + m_readError,
                                      IntakeError::Kind::Internal);
                return Step::Done;
            }
            if (m_eof) {
                m_phase = Phase::Done;
                return Step::Done;
            }
            break;
        }
        }
    }
}

QList<IntakeEvent> NdjsonStream::takeBatch()
{
    m_batchReady = false;
    return std::exchange(m_batch, {});
}

} // namespace Intake
