// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/EffectiveSettings.h"
#include "config/SecretReference.h"
#include "intake/AgentConfigStore.h"
#include "intake/ApiKeyAuth.h"
#include "intake/HttpRequest.h"
#include "intake/HttpResponse.h"
#include "intake/NdjsonStream.h"
#include "intake/RateLimiter.h"
#include "intake/RequestLog.h"

#include <QByteArray>
#include <QSet>
#include <QString>
#include <QUrlQuery>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace Intake {

// The parts of a request the decisions need (everything but the body).
struct RequestHead
{
    QByteArray method;
    QByteArray path;     // raw, as sent
    QByteArray rawQuery; // without '?'
    HeaderList headers;  // in order, names as sent
    QString peerAddress;
    bool closeRequested = false; // client sent Connection: close / HTTP/1.0

    // The parts of a parsed request the decisions use (the socket path and the fuzz target share it).
    static RequestHead from(const HttpRequest& request, const QString& peerAddress);

    // Go's Header.Get: the first value, case-insensitive name, whitespace trimmed.
    QByteArray header(const QByteArray& name) const;
    bool hasQueryItem(const QString& key) const;
    QString queryItem(const QString& key) const; // percent-decoded, first value
};

// Shared state of one running stub: settings, the anonymous rate limiter, the API-key cache and
// agent configuration. Thread-safe (connections may live on worker threads).
class Engine
{
public:
    struct Options
    {
        Config::EffectiveSettings effective;
        QString secretToken; // resolved value (the settings may hold a ${NAME} reference)
        std::shared_ptr<ApiKeyBackend> apiKeys;
        std::shared_ptr<AgentConfigStore> agentConfig;
        Clock clock = systemClock();
        // Resolves ${NAME} in ssl.key_passphrase (§5); the environment, as APM Server does.
        Config::SecretLookup secretLookup = &Config::lookupEnvironment;
        // Total bytes all connections may hold in their buffers (see bufferBudget() below).
        qint64 bufferBudget = 64 * 1024 * 1024;
        // Log entries with the decision trace and the (redacted) request headers, for a consumer that
        // shows them (the Intake panel, the JSON log). Off: only the one-line fields (verdict, status,
        // who, what), and no trace text is built per request.
        bool detailedLog = true;
    };
    explicit Engine(Options options);

    const Config::EffectiveSettings& effective() const { return m_options.effective; }
    const Options& options() const { return m_options; }
    const QByteArray& secretTokenBytes() const { return m_secretToken; } // UTF-8, computed once
    RateLimitStore& rateLimits() { return m_rateLimits; }
    ApiKeyCache& apiKeyCache() { return m_apiKeyCache; }
    AgentConfigStore& agentConfig() { return *m_options.agentConfig; }
    std::chrono::steady_clock::time_point now() const { return m_options.clock(); }

    // The root endpoint's build information for the emulated release.
    QString version() const;

    // The shared memory budget of all connections. Each connection reports what it holds (pending input,
    // undecoded body, small bodies, unsent output) as a delta; while the total is over the budget,
    // connections stop reading their sockets (data stays in the kernel) until it drops. The stub's own
    // defence: APM Server has no such limit, but nothing a client sends may grow memory without bound.
    void adjustBuffered(qint64 delta) { m_buffered.fetch_add(delta, std::memory_order_relaxed); }
    qint64 bufferedBytes() const { return m_buffered.load(std::memory_order_relaxed); }
    bool overBufferBudget() const { return bufferedBytes() > m_options.bufferBudget; }

private:
    Options m_options;
    QByteArray m_secretToken;
    RateLimitStore m_rateLimits;
    ApiKeyCache m_apiKeyCache;
    std::atomic<qint64> m_buffered{0};
};

// One request through APM Server's middleware chain (reference §2): response headers → CORS →
// auth → anonymous rate limit → kill switches → handler. begin() decides everything the head
// allows; intake bodies then arrive as decoded batches; finish() writes the answer.
class Exchange
{
public:
    Exchange(Engine& engine, RequestHead head);

    enum class Next { Respond, ReadBody };
    Next begin();

    Endpoint endpoint() const { return m_endpoint; }
    bool isIntake() const; // the body is an NDJSON event stream

    // The request body, as it arrives (de-chunked, still compressed).
    void bodyData(QByteArrayView data);
    void bodyComplete();
    void bodyFailed(const QString& goError); // e.g. "unexpected EOF", "i/o timeout"

    // Drives intake decoding: batches run the rate limiter (which may make the stream wait up to
    // 1 s, §3.6) and per-event authorization. The owner calls process() after new body bytes,
    // after bodyComplete(), and when a Wait has elapsed.
    struct Progress
    {
        enum class State { NeedInput, Wait, Yield, Done } state = State::NeedInput;
        std::chrono::nanoseconds wait{0};
    };
    Progress process();
    // Undecoded body bytes held: the owner stops reading the socket while this is large.
    qsizetype inputBacklog() const;
    // Everything this exchange holds of the body: undecoded input, decoded lines, a small body.
    qsizetype bufferedBytes() const;

    // Builds the final response (after the whole body was read, or when processing stopped early).
    void finish();
    bool finished() const { return m_finished; }

    const HttpResponse& response() const { return m_response; }
    const RequestLogEntry& log() const { return m_log; }

private:
    void step(const QString& stage, const QString& outcome, const QString& rule, const QString& section);
    void respondError(int status, const QString& message, const QString& stage, const QString& rule,
                      const QString& section);
    void respondIntakeError(IntakeError::Kind kind, const QString& message);
    void writeJson(int status, const class GoJson& body);
    bool acceptsJson() const;
    void route();
    bool runCors();
    bool runAuth(bool required);
    bool runRateLimit();
    bool runKillSwitches();
    void handleRoot();
    void handleAgentConfig();
    void handleSourcemap(bool afterBody);
    void prepareIntake();
    void finishIntake();
    QString batchPrefix() const;

    Engine& m_engine;
    const Config::EffectiveSettings& m_e;
    const bool m_detailed;
    RequestHead m_head;
    Endpoint m_endpoint = Endpoint::NotFound;
    HttpResponse m_response;
    RequestLogEntry m_log;
    QSet<Config::Privilege> m_privileges;
    bool m_authenticated = false; // token, valid API key, or no auth configured
    bool m_responded = false;
    std::shared_ptr<TokenBucket> m_bucket;

    // intake state
    std::unique_ptr<NdjsonStream> m_stream;
    IntakeResult m_preResult; // errors decided before the body (method, content type)
    bool m_stopped = false;
    bool m_finished = false;
    QByteArray m_body; // non-intake bodies
    bool m_bodyTooLarge = false;
    IntakeResult& result() { return m_stream ? m_stream->result() : m_preResult; }
    void authorizeBatch(const QList<IntakeEvent>& events, std::chrono::nanoseconds* wait);
};

} // namespace Intake
