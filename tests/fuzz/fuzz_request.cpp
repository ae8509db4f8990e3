// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// libFuzzer target for the whole request path without a socket: bytes → HttpRequestParser → Exchange
// (begin, bodyData, process, bodyComplete, finish) → HttpResponse::serialize, for keep-alive streams of
// pipelined requests. The first input byte picks one of a set of apm-server.yml configurations and the
// profile, the second the feeding piece size; the rest is what a client would send. API keys are answered
// by a fake backend (no registry, no files). Invariants are checked with __builtin_trap.
#include "config/ApmServerYaml.h"
#include "config/EffectiveSettings.h"
#include "config/SettingsIo.h"
#include "intake/Engine.h"
#include "intake/HttpRequestParser.h"

#include <cstddef>
#include <cstdint>

using namespace Intake;

namespace {

void check(bool invariant)
{
    if (!invariant)
        __builtin_trap();
}

// "Elasticsearch": a few fixed key IDs with fixed answers; the secret must be "secret" for Valid ones.
class FakeApiKeys : public ApiKeyBackend
{
public:
    Answer check(const QString& id, QByteArrayView secret) override
    {
        Answer a;
        if (id == QLatin1String("down")) {
            a.status = Status::Unavailable;
            return a;
        }
        if (secret != QByteArrayView("secret"))
            return a; // Rejected
        a.status = Status::Valid;
        if (id == QLatin1String("all"))
            a.privileges = {Config::Privilege::EventWrite, Config::Privilege::ConfigAgentRead,
                            Config::Privilege::SourcemapWrite};
        else if (id == QLatin1String("ingest"))
            a.privileges = {Config::Privilege::EventWrite};
        else if (id == QLatin1String("config"))
            a.privileges = {Config::Privilege::ConfigAgentRead};
        // any other ID: valid but without privileges
        return a;
    }
};

// Varied configurations: auth on/off, API keys (with a tiny cache limit), anonymous, RUM + CORS,
// response headers, small max_event_size, rate limits, Kibana agent config, sourcemaps (7.15).
const char* const kConfigs[] = {
    "apm-server:\n  host: \"127.0.0.1:0\"\n",
    "apm-server:\n  auth:\n    secret_token: tok\n    api_key.enabled: true\n  rum.enabled: true\n",
    "apm-server:\n  auth:\n    secret_token: tok\n    anonymous.enabled: false\n  rum.enabled: true\n",
    "apm-server:\n  auth:\n    secret_token: tok\n    anonymous:\n      enabled: true\n      allow_service: [web]\n"
    "      allow_agent: [rum-js]\n  rum.enabled: true\n",
    "apm-server:\n  auth:\n    secret_token: tok\n  rum:\n    enabled: true\n"
    "    allow_origins: ['https://*.example.com']\n    allow_headers: [X-Custom]\n"
    "    response_headers:\n      X-Rum: r1\n  response_headers:\n    X-Frame-Options: DENY\n",
    "apm-server:\n  auth:\n    secret_token: tok\n    anonymous.enabled: true\n"
    "    anonymous.rate_limit.event_limit: 1\n"
    "    anonymous.rate_limit.ip_limit: 2\n  rum.enabled: true\n",
    "apm-server:\n  auth:\n    secret_token: tok\n    anonymous.enabled: true\n"
    "    anonymous.rate_limit.event_limit: 0\n"
    "  rum.enabled: true\n",
    "apm-server:\n  auth:\n    secret_token: tok\n  max_event_size: 40\n",
    "apm-server:\n  auth:\n    api_key: {enabled: true, limit: 2}\n  kibana.enabled: true\n  rum.enabled: true\n",
    "apm-server:\n  rum:\n    enabled: true\n    allow_origins: ['http://localhost:*']\n  max_header_size: 300\n",
};
constexpr int kConfigCount = int(sizeof(kConfigs) / sizeof(kConfigs[0]));

const Config::EffectiveSettings& settings(int index, Config::Profile profile)
{
    static std::vector<Config::EffectiveSettings> cache = [] {
        std::vector<Config::EffectiveSettings> all;
        for (int i = 0; i < kConfigCount; ++i) {
            const auto yaml = Config::ApmServerYaml::parse(kConfigs[i]);
            check(bool(yaml));
            for (Config::Profile p : {Config::Profile::V7_15, Config::Profile::V8_19})
                all.push_back(Config::derive(Config::readSettings(*yaml).settings, p));
        }
        return all;
    }();
    return cache[size_t(index * 2 + (profile == Config::Profile::V8_19 ? 1 : 0))];
}

// One client connection's worth of requests, the way HttpConnection drives them, minus the socket.
class Driver
{
public:
    Driver(Engine& engine, qint64 maxHeaderBytes)
        : m_engine(engine), m_parser(HttpRequestParser::Limits{maxHeaderBytes, -1})
    {
        m_parser.setHandlers({[this](const HttpRequest& r) { onHead(r); }, [this](QByteArrayView d) { onBody(d); },
                              [this] { m_complete = true; }, [this](const GoHttpError& e) { onError(e); }});
    }

    // Returns false once the connection would be closed.
    bool feed(QByteArrayView bytes)
    {
        m_pending.append(bytes.data(), bytes.size());
        while (!m_pending.isEmpty() && !m_closed) {
            const qsizetype used = m_parser.feed(m_pending.constData(), m_pending.size());
            check(used >= 0 && used <= m_pending.size());
            m_pending.remove(0, used);
            if (m_complete) {
                completeMessage();
                continue;
            }
            if (used == 0)
                break;
        }
        return !m_closed;
    }

    void end()
    {
        if (m_exchange && !m_exchange->finished()) {
            m_exchange->bodyFailed(QStringLiteral("unexpected EOF"));
            drive();
            m_exchange->finish();
            check(m_exchange->finished());
        }
    }

private:
    void onHead(const HttpRequest& request)
    {
        RequestHead head = RequestHead::from(request, QStringLiteral("192.0.2.7"));
        m_exchange = std::make_unique<Exchange>(m_engine, std::move(head));
        m_readingBody = m_exchange->begin() == Exchange::Next::ReadBody;
        if (!m_readingBody)
            respond();
    }

    void onBody(QByteArrayView data)
    {
        if (!m_readingBody || !m_exchange)
            return;
        m_exchange->bodyData(data);
        if (drive() == Exchange::Progress::State::Done) {
            // As HttpConnection::pump(): an error is answered at once and the rest of the body discarded.
            m_exchange->finish();
            if (m_exchange->response().status >= 400) {
                respond();
                m_readingBody = false;
            }
            return;
        }
        // The undecoded backlog is what HttpConnection bounds by pausing its reads; here every piece is
        // decoded at once, so it stays within what was just appended.
        check(m_exchange->inputBacklog() <= data.size() + 64 * 1024);
    }

    void completeMessage()
    {
        m_complete = false;
        if (m_exchange && m_readingBody) {
            m_exchange->bodyComplete();
            drive();
            respond();
        }
        m_exchange.reset();
        m_readingBody = false;
        if (m_closeAfter) {
            m_closed = true;
            return;
        }
        m_parser.resume();
    }

    // Runs the exchange until it needs input or is done; rate-limit waits are treated as elapsed.
    Exchange::Progress::State drive()
    {
        for (int guard = 0; guard < 100000; ++guard) {
            const Exchange::Progress p = m_exchange->process();
            if (p.state == Exchange::Progress::State::NeedInput || p.state == Exchange::Progress::State::Done)
                return p.state;
            check(p.state != Exchange::Progress::State::Wait || p.wait <= std::chrono::seconds(1));
        }
        check(false); // process() must not spin
        return Exchange::Progress::State::Done;
    }

    void respond()
    {
        if (!m_exchange || m_responded == m_exchange.get())
            return;
        m_responded = m_exchange.get();
        m_exchange->finish();
        const HttpResponse& r = m_exchange->response();
        check(r.status >= 100 && r.status <= 599);
        const bool head = m_exchange->log().method == QLatin1String("HEAD");
        const QByteArray wire = r.serialize(QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC), head);
        check(wire.startsWith("HTTP/1.1 "));
        // No response splitting: in the head every line break is CRLF, and no header value holds CR or LF.
        const qsizetype headEnd = wire.indexOf("\r\n\r\n");
        check(headEnd > 0);
        for (qsizetype i = 0; i < headEnd; ++i) {
            if (wire[i] == '\n')
                check(i > 0 && wire[i - 1] == '\r');
            if (wire[i] == '\r')
                check(wire[i + 1] == '\n');
        }
        m_closeAfter = m_closeAfter || r.closeConnection;
    }

    void onError(const GoHttpError& error)
    {
        check(!error.toBytes().isEmpty());
        m_closed = true;
    }

    Engine& m_engine;
    HttpRequestParser m_parser;
    std::unique_ptr<Exchange> m_exchange;
    const Exchange* m_responded = nullptr;
    QByteArray m_pending;
    bool m_complete = false;
    bool m_readingBody = false;
    bool m_closeAfter = false;
    bool m_closed = false;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    const int config = (data[0] >> 1) % kConfigCount;
    const Config::Profile profile = (data[0] & 1) ? Config::Profile::V7_15 : Config::Profile::V8_19;
    const qsizetype step = 1 + qsizetype(data[1]);
    static const std::chrono::steady_clock::time_point kNow{std::chrono::hours(1000)};

    Engine::Options options;
    options.effective = settings(config, profile);
    options.secretToken = QStringLiteral("tok");
    options.apiKeys = std::make_shared<FakeApiKeys>();
    options.clock = [] { return kNow; }; // deterministic rate limiting and API-key cache
    Engine engine(std::move(options));

    Driver driver(engine, engine.effective().maxHeaderSize.value);
    const QByteArrayView input(reinterpret_cast<const char*>(data + 2), qsizetype(size - 2));
    for (qsizetype offset = 0; offset < input.size(); offset += step) {
        if (!driver.feed(input.sliced(offset, std::min(step, input.size() - offset))))
            return 0;
    }
    driver.end();
    return 0;
}
