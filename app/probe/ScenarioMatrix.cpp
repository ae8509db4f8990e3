// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "probe/ScenarioMatrix.h"

#include "doctor/ErrorMatcher.h"
#include "probe/Predictor.h"

namespace Probe {

QString tlsCaseName(TlsCase c)
{
    switch (c) {
    case TlsCase::Normal: return QStringLiteral("trusted CA");
    case TlsCase::UntrustedCa: return QStringLiteral("untrusted CA");
    case TlsCase::WrongHostname: return QStringLiteral("hostname not in SAN");
    case TlsCase::BelowFloor: return QStringLiteral("protocol below the floor");
    case TlsCase::NoClientCert: return QStringLiteral("no client certificate");
    case TlsCase::ForeignClientCert: return QStringLiteral("foreign client certificate");
    case TlsCase::ValidClientCert: return QStringLiteral("valid client certificate");
    }
    return {};
}

namespace {

const QByteArray kTx = R"({"transaction":{"id":"0123456789abcdef","trace_id":"0123456789abcdef0123456789abcdef","duration":1.5,"type":"request","span_count":{"started":0}}})";
const QByteArray kV3Tx = R"({"x":{"id":"0123456789abcdef","tid":"0123456789abcdef0123456789abcdef","d":1.5,"t":"page-load","yc":{"sd":0}}})";
const char* const kBackendService = "probe-backend";
const char* const kRumService = "probe-web";

QByteArray metadata(const QString& service, const QString& agent)
{
    return QStringLiteral(R"({"metadata":{"service":{"name":"%1","agent":{"name":"%2","version":"1.0.0"}}}})")
        .arg(service, agent)
        .toUtf8();
}

QByteArray v3Metadata(const QString& service, const QString& agent)
{
    return QStringLiteral(R"({"m":{"se":{"n":"%1","a":{"n":"%2","ve":"1.0.0"}}}})").arg(service, agent).toUtf8();
}

struct Credential
{
    QString id;
    QString label;
    QByteArray authorization;
    QString shown;
};

QList<Credential> credentialVariants(const Config::EffectiveSettings& e, const ProbeInputs& in)
{
    QList<Credential> all;
    all << Credential{QStringLiteral("none"), QStringLiteral("no credentials"), {}, {}};
    const QString var = QLatin1Char('$') + in.secretTokenVariable;
    if (!in.secretToken.isEmpty())
        all << Credential{QStringLiteral("token"), QStringLiteral("correct secret token"),
                          "Bearer " + in.secretToken.toUtf8(), QStringLiteral("Bearer ") + var};
    all << Credential{QStringLiteral("wrong-token"), QStringLiteral("wrong secret token"), "Bearer probe-wrong-token",
                      QStringLiteral("Bearer probe-wrong-token")};
    // §3.2: no space after the scheme counts as no header at all.
    all << Credential{QStringLiteral("malformed"), QStringLiteral("malformed header (scheme only)"), "Bearer",
                      QStringLiteral("Bearer")};
    // §3.2: the scheme is compared case-sensitively.
    if (!in.secretToken.isEmpty())
        all << Credential{QStringLiteral("lowercase-scheme"), QStringLiteral("lowercase scheme with the correct token"),
                          "bearer " + in.secretToken.toUtf8(), QStringLiteral("bearer ") + var};
    all << Credential{QStringLiteral("unknown-scheme"), QStringLiteral("unknown scheme (Basic)"),
                      "Basic cHJvYmU6cHJvYmU=", QStringLiteral("Basic cHJvYmU6cHJvYmU=")};
    for (const ApiKeyVariant& k : in.apiKeys) {
        all << Credential{QStringLiteral("apikey-") + QString(k.label).replace(QLatin1Char(' '), QLatin1Char('-')),
                          QStringLiteral("API key (%1)").arg(k.label), "ApiKey " + k.credentials,
                          QStringLiteral("ApiKey $") + k.variable};
    }
    if (e.apiKeyEnabled.value || !in.apiKeys.isEmpty()) {
        const QByteArray unknown = QByteArray("probe-unknown-id:probe-unknown-secret").toBase64();
        all << Credential{QStringLiteral("apikey-unknown"), QStringLiteral("unknown API key"), "ApiKey " + unknown,
                          QStringLiteral("ApiKey ") + QString::fromLatin1(unknown)}
            << Credential{QStringLiteral("apikey-invalid-base64"), QStringLiteral("API key, invalid base64"),
                          "ApiKey !!!not-base64", QStringLiteral("ApiKey !!!not-base64")};
        const QByteArray noColon = QByteArray("probe-no-colon").toBase64();
        all << Credential{QStringLiteral("apikey-no-colon"), QStringLiteral("API key without id:key"),
                          "ApiKey " + noColon, QStringLiteral("ApiKey ") + QString::fromLatin1(noColon)};
    }
    return all;
}

struct FamilyRequest
{
    QString id;
    QString name;
    ProbeRequest request;
};

ProbeRequest intakeRequest(const QString& path, const QByteArray& body)
{
    ProbeRequest r;
    r.method = "POST";
    r.path = path;
    r.headers = {{"Content-Type", "application/x-ndjson"}, {"Accept", "application/json"}};
    r.body = body;
    return r;
}

QList<FamilyRequest> families(const QString& origin)
{
    QList<FamilyRequest> f;
    ProbeRequest root;
    root.headers = {{"Accept", "application/json"}};
    f << FamilyRequest{QStringLiteral("server-info"), QStringLiteral("server info"), root};
    f << FamilyRequest{QStringLiteral("backend-intake"), QStringLiteral("backend intake"),
                       intakeRequest(QStringLiteral("/intake/v2/events"),
                                     metadata(QLatin1String(kBackendService), QStringLiteral("nodejs")) + '\n' + kTx + '\n')};
    ProbeRequest rum2 = intakeRequest(QStringLiteral("/intake/v2/rum/events"),
                                      metadata(QLatin1String(kRumService), QStringLiteral("rum-js")) + '\n' + kTx + '\n');
    ProbeRequest rum3 = intakeRequest(QStringLiteral("/intake/v3/rum/events"),
                                      v3Metadata(QLatin1String(kRumService), QStringLiteral("rum-js")) + '\n' + kV3Tx + '\n');
    ProbeRequest config;
    config.path = QStringLiteral("/config/v1/agents");
    config.query = QStringLiteral("service.name=") + QLatin1String(kBackendService);
    config.headers = {{"Accept", "application/json"}};
    ProbeRequest rumConfig = config;
    rumConfig.path = QStringLiteral("/config/v1/rum/agents");
    rumConfig.query = QStringLiteral("service.name=") + QLatin1String(kRumService);
    if (!origin.isEmpty()) {
        for (ProbeRequest* r : {&rum2, &rum3, &rumConfig})
            r->headers.append({"Origin", origin.toUtf8()});
    }
    f << FamilyRequest{QStringLiteral("rum-intake-v2"), QStringLiteral("RUM intake v2"), rum2}
      << FamilyRequest{QStringLiteral("rum-intake-v3"), QStringLiteral("RUM intake v3"), rum3}
      << FamilyRequest{QStringLiteral("agent-config"), QStringLiteral("agent config"), config}
      << FamilyRequest{QStringLiteral("rum-agent-config"), QStringLiteral("RUM agent config"), rumConfig};
    ProbeRequest sourcemap;
    sourcemap.method = "POST";
    sourcemap.path = QStringLiteral("/assets/v1/sourcemaps");
    sourcemap.headers = {{"Content-Type", "multipart/form-data; boundary=ProbeBoundary"}, {"Accept", "application/json"}};
    sourcemap.body = "--ProbeBoundary\r\nContent-Disposition: form-data; name=\"service_name\"\r\n\r\nprobe-web\r\n"
                     "--ProbeBoundary\r\nContent-Disposition: form-data; name=\"service_version\"\r\n\r\n1.0\r\n"
                     "--ProbeBoundary\r\nContent-Disposition: form-data; name=\"bundle_filepath\"\r\n\r\n"
                     "http://localhost/app.js\r\n--ProbeBoundary\r\nContent-Disposition: form-data; "
                     "name=\"sourcemap\"; filename=\"app.js.map\"\r\n\r\n{}\r\n--ProbeBoundary--\r\n";
    f << FamilyRequest{QStringLiteral("sourcemap"), QStringLiteral("sourcemap upload (7.x)"), sourcemap};
    return f;
}

QString caseFor(int status, const QString& message, bool rum)
{
    if (status == 401 && rum && message.contains(QLatin1String("missing or improperly formatted")))
        return QStringLiteral("C26");
    if (status < 400 || message.isEmpty())
        return {};
    const QList<Doctor::CaseMatch> m = Doctor::matchErrorText(message);
    return m.isEmpty() ? QString() : m.constFirst().kase->id;
}

Expectation expectFrom(const Predictor& predictor, const ProbeRequest& request)
{
    const Predictor::Prediction p = predictor.predict(request);
    Expectation x;
    x.status = p.response.status;
    x.message = errorMessageOf(p.response.body);
    x.rootInfo = p.log.endpoint == Intake::Endpoint::Root && x.status == 200 && !p.response.body.isEmpty();
    x.preflight = request.method == "OPTIONS";
    // A browser needs a non-empty Access-Control-Allow-Origin (an empty echo of a missing Origin does not count).
    x.corsAllowOrigin = !p.response.header("Access-Control-Allow-Origin").isEmpty();
    x.reason = p.log.verdict;
    if (!p.log.trace.isEmpty()) {
        const Intake::TraceStep& last = p.log.trace.constLast();
        x.section = last.section;
        if (x.reason.isEmpty())
            x.reason = last.rule;
    }
    x.caseId = caseFor(x.status, x.message, Intake::isRumEndpoint(p.log.endpoint));
    return x;
}

Expectation tlsFailure(const QString& reason, const QString& caseId)
{
    Expectation x;
    x.kind = Expectation::Kind::TlsFailure;
    x.reason = reason;
    x.section = QStringLiteral("§5");
    x.caseId = caseId;
    return x;
}

} // namespace

QString protocolFloor(const Config::EffectiveSettings& e)
{
    static const QStringList order = {QStringLiteral("TLSv1.0"), QStringLiteral("TLSv1.1"), QStringLiteral("TLSv1.2"),
                                      QStringLiteral("TLSv1.3")};
    for (const QString& p : order) {
        for (const QString& s : e.supportedProtocols.value) {
            if (s == p || (p == QLatin1String("TLSv1.0") && s == QLatin1String("TLSv1")))
                return p;
        }
    }
    return QStringLiteral("TLSv1.1");
}

QString protocolBelow(const QString& floor)
{
    if (floor == QLatin1String("TLSv1.3"))
        return QStringLiteral("TLSv1.2");
    if (floor == QLatin1String("TLSv1.2"))
        return QStringLiteral("TLSv1.1");
    if (floor == QLatin1String("TLSv1.1"))
        return QStringLiteral("TLSv1.0");
    return {};
}

QString allowedOriginFor(const Config::EffectiveSettings& e)
{
    for (const QString& glob : e.allowOrigins.value) {
        QString candidate = glob == QLatin1String("*") ? QStringLiteral("https://probe.example") : glob;
        candidate.replace(QStringLiteral(":*"), QStringLiteral(":8080"));
        candidate.replace(QLatin1Char('*'), QStringLiteral("probe"));
        if (Config::originAllowed(e, candidate))
            return candidate;
    }
    return {};
}

QList<Scenario> buildMatrix(const Config::EffectiveSettings& e, const ProbeInputs& in)
{
    const Predictor predictor(e, in);
    QList<Scenario> out;
    const QString allowedOrigin = !in.origins.isEmpty() && Config::originAllowed(e, in.origins.constFirst())
                                      ? in.origins.constFirst()
                                      : allowedOriginFor(e);
    const QString rumOrigin = allowedOrigin.isEmpty() ? QString::fromLatin1(kDisallowedOrigin) : allowedOrigin;
    const QList<Credential> creds = credentialVariants(e, in);
    const QList<FamilyRequest> fams = families(rumOrigin);
    const bool v715 = e.profile == Config::Profile::V7_15;

    // §3.1–§3.4: every family with every credential.
    for (const FamilyRequest& f : fams) {
        for (const Credential& c : creds) {
            Scenario s;
            s.id = f.id + QLatin1Char('/') + c.id;
            s.category = QStringLiteral("credentials");
            s.family = f.name;
            s.variant = c.label;
            s.request = f.request;
            s.request.authorization = c.authorization;
            s.request.authorizationShown = c.shown;
            s.expected = expectFrom(predictor, s.request);
            out << s;
        }
    }
    // The credential that should work everywhere: the token, else a valid key with event:write.
    const Credential* good = nullptr;
    for (const Credential& c : creds) {
        if (c.id == QLatin1String("token")) {
            good = &c;
            break;
        }
        for (const ApiKeyVariant& k : in.apiKeys) {
            if (!good && k.state == ApiKeyVariant::State::Valid && k.privileges.contains(Config::Privilege::EventWrite) &&
                c.authorization == "ApiKey " + k.credentials)
                good = &c;
        }
    }

    // §3.5: anonymous allow-lists, on the backend intake (they apply to every required-auth route).
    {
        const QString agentOk = e.allowAgent.value.value(0, QStringLiteral("rum-js"));
        const QString serviceOk = e.allowService.value.value(0, QLatin1String(kBackendService));
        struct Anon
        {
            const char* id;
            const char* label;
            QString service, agent;
        };
        const QList<Anon> anon = {
            {"allowed", "allowed agent and service", serviceOk, agentOk},
            {"agent-not-allowed", "agent not in allow_agent", serviceOk, QStringLiteral("python")},
            {"service-not-allowed", "service not in allow_service", QStringLiteral("probe-not-allowed"), agentOk},
        };
        for (const Anon& a : anon) {
            Scenario s;
            s.id = QStringLiteral("anonymous/") + QLatin1String(a.id);
            s.category = QStringLiteral("anonymous");
            s.family = QStringLiteral("backend intake");
            s.variant = QLatin1String(a.label) + QStringLiteral(" (%1 / %2)").arg(a.service, a.agent);
            s.request = intakeRequest(QStringLiteral("/intake/v2/events"), metadata(a.service, a.agent) + '\n' + kTx + '\n');
            s.expected = expectFrom(predictor, s.request);
            out << s;
        }
        Scenario s;
        s.id = QStringLiteral("anonymous/config-service-not-allowed");
        s.category = QStringLiteral("anonymous");
        s.family = QStringLiteral("agent config");
        s.variant = QStringLiteral("service not in allow_service");
        s.request.path = QStringLiteral("/config/v1/agents");
        s.request.query = QStringLiteral("service.name=probe-not-allowed");
        s.request.headers = {{"Accept", "application/json"}};
        s.expected = expectFrom(predictor, s.request);
        out << s;
    }

    // §3.7: RUM origins, preflight then POST, as a browser sends them.
    {
        QList<QPair<QString, QString>> origins; // id, origin (empty: no Origin header)
        if (!allowedOrigin.isEmpty())
            origins << qMakePair(QStringLiteral("allowed"), allowedOrigin);
        origins << qMakePair(QStringLiteral("disallowed"), QString::fromLatin1(kDisallowedOrigin))
                << qMakePair(QStringLiteral("missing"), QString());
        for (const QString& o : in.origins) {
            if (o != allowedOrigin)
                origins << qMakePair(QStringLiteral("user ") + o, o);
        }
        for (const auto& [oid, origin] : origins) {
            Scenario pre;
            pre.id = QStringLiteral("rum-origin/%1/preflight").arg(oid);
            pre.category = QStringLiteral("RUM origin");
            pre.family = QStringLiteral("RUM intake v2 preflight");
            pre.variant = origin.isEmpty() ? QStringLiteral("no Origin header") : QStringLiteral("Origin ") + origin;
            pre.request.method = "OPTIONS";
            pre.request.path = QStringLiteral("/intake/v2/rum/events");
            if (!origin.isEmpty())
                pre.request.headers.append({"Origin", origin.toUtf8()});
            pre.request.headers.append(qMakePair(QByteArray("Access-Control-Request-Method"), QByteArray("POST")));
            pre.request.headers.append(qMakePair(QByteArray("Access-Control-Request-Headers"), QByteArray("content-type")));
            pre.expected = expectFrom(predictor, pre.request);
            if (!pre.expected.corsAllowOrigin)
                pre.expected.caseId = QStringLiteral("C27");
            out << pre;
            Scenario post = pre;
            post.id = QStringLiteral("rum-origin/%1/post").arg(oid);
            post.family = QStringLiteral("RUM intake v2");
            post.request = intakeRequest(QStringLiteral("/intake/v2/rum/events"),
                                         metadata(QLatin1String(kRumService), QStringLiteral("rum-js")) + '\n' + kTx + '\n');
            if (!origin.isEmpty())
                post.request.headers.append({"Origin", origin.toUtf8()});
            post.expected = expectFrom(predictor, post.request);
            out << post;
        }
    }

    // §8: the empty intake body tells 7.x/≤ 8.11 (400) from 8.12+ (202).
    {
        Scenario s;
        s.id = QStringLiteral("version/empty-intake-body");
        s.category = QStringLiteral("version");
        s.family = QStringLiteral("backend intake");
        s.variant = QStringLiteral("empty body (%1)").arg(good ? good->label : QStringLiteral("no credentials"));
        s.request = intakeRequest(QStringLiteral("/intake/v2/events"), {});
        if (good) {
            s.request.authorization = good->authorization;
            s.request.authorizationShown = good->shown;
        }
        s.expected = expectFrom(predictor, s.request);
        s.expected.reason += v715 ? QStringLiteral(" (7.x answers 400 to an empty body)")
                                  : QStringLiteral(" (8.12+ accepts an empty body)");
        out << s;
    }

    // §3.6: the bounded burst to the anonymous rate limit.
    if (in.burst && e.authRequired.value && e.anonymousEnabled.value) {
        Scenario s;
        s.id = QStringLiteral("burst/anonymous");
        s.category = QStringLiteral("burst");
        const bool rum = e.rumEnabled.value && !allowedOrigin.isEmpty();
        s.family = rum ? QStringLiteral("RUM intake v2") : QStringLiteral("backend intake");
        const qint64 cap = 3 * e.eventLimit.value + 10;
        s.repeat = int(in.burstCap > 0 ? std::min<qint64>(cap, in.burstCap) : cap);
        s.variant = QStringLiteral("%1 anonymous requests (event_limit %2, burst %3)")
                        .arg(s.repeat)
                        .arg(e.eventLimit.value)
                        .arg(e.burst.value);
        const QString agent = e.allowAgent.value.value(0, QStringLiteral("rum-js"));
        const QString service = e.allowService.value.value(0, QLatin1String(kRumService));
        // Ten events per request (one decoding batch): each request then takes eleven tokens, so the
        // bucket empties after a tenth of the requests and the 429 does not depend on how fast the
        // client can send (a slow machine still reaches it within the 2 s window).
        QByteArray body = metadata(service, agent) + '\n';
        for (int i = 0; i < 10; ++i)
            body += kTx + '\n';
        s.request = intakeRequest(rum ? QStringLiteral("/intake/v2/rum/events") : QStringLiteral("/intake/v2/events"), body);
        if (rum)
            s.request.headers.append({"Origin", allowedOrigin.toUtf8()});
        const QList<int> statuses = predictor.predictBurst(s.request, s.repeat);
        s.expected.status = statuses.value(0);
        s.expected.burstMinRateLimited = statuses.contains(429) ? 1 : 0;
        s.expected.message = QStringLiteral("too many requests: rate limit exceeded");
        s.expected.reason = QStringLiteral("anonymous requests share one bucket per client IP: %1 tokens, refilled at %2/s; "
                                           "each request takes one and each of its 10 events one more, so %3 requests "
                                           "in ≤ 2 s run into 429")
                                .arg(e.burst.value)
                                .arg(e.eventLimit.value)
                                .arg(s.repeat);
        s.expected.section = QStringLiteral("§3.6");
        s.expected.caseId = QStringLiteral("C32");
        out << s;
    }

    // §3.6: anonymous requests are rate-limited per client IP, and APM Server takes the IP from
    // X-Forwarded-For as sent. Each scenario gets its own documentation address (RFC 5737), so it
    // meets a fresh bucket as its prediction assumes; the burst keeps one address for all requests.
    for (int i = 0; i < out.size(); ++i) {
        static const char* const nets[] = {"192.0.2.", "198.51.100.", "203.0.113."};
        const QByteArray ip = out[i].repeat > 1 ? QByteArray("203.0.113.254")
                                                : QByteArray(nets[(i / 250) % 3]) + QByteArray::number(1 + i % 250);
        out[i].request.headers.append(qMakePair(QByteArray("X-Forwarded-For"), ip));
    }

    // §5: handshakes. Every other scenario needs a client certificate when it is required.
    if (in.tls) {
        const Config::ClientAuth auth = e.clientAuth.value;
        if (auth == Config::ClientAuth::Required && !in.haveClientCert) {
            for (Scenario& s : out) {
                s.expected = tlsFailure(QStringLiteral("client certificates are required (%1) and none is sent")
                                            .arg(e.clientAuth.rule),
                                        QStringLiteral("C14"));
                s.expected.burstMinRateLimited = 0;
            }
        }
        ProbeRequest root;
        root.headers = {{"Accept", "application/json"}};
        if (good) {
            root.authorization = good->authorization;
            root.authorizationShown = good->shown;
        }
        const Expectation reachable = in.haveClientCert || auth != Config::ClientAuth::Required
                                          ? expectFrom(predictor, root)
                                          : tlsFailure(QStringLiteral("client certificates are required"),
                                                       QStringLiteral("C14"));
        auto add = [&](TlsCase c, const Expectation& x) {
            Scenario s;
            s.clientProtocol = protocolBelow(protocolFloor(e));
            s.id = QStringLiteral("tls/") + tlsCaseName(c).replace(QLatin1Char(' '), QLatin1Char('-'));
            s.category = QStringLiteral("TLS");
            s.family = QStringLiteral("server info");
            s.variant = tlsCaseName(c);
            s.request = root;
            s.request.headers.append(qMakePair(QByteArray("X-Forwarded-For"), QByteArray("192.0.2.253")));
            s.tls = c;
            s.expected = x;
            out << s;
        };
        add(TlsCase::UntrustedCa,
            tlsFailure(QStringLiteral("the client verifies the server's chain and trusts no CA here"), QStringLiteral("C1")));
        add(TlsCase::WrongHostname,
            tlsFailure(QStringLiteral("the name the client verifies is in no subject alternative name"),
                       QStringLiteral("C12")));
        const QString floor = protocolFloor(e);
        if (!protocolBelow(floor).isEmpty()) {
            add(TlsCase::BelowFloor,
                tlsFailure(QStringLiteral("the client offers only %1, below the floor %2 (%3)")
                               .arg(protocolBelow(floor), floor, e.supportedProtocols.rule),
                           QStringLiteral("C15")));
        }
        if (auth == Config::ClientAuth::Required) {
            add(TlsCase::NoClientCert, tlsFailure(QStringLiteral("client_authentication is required: %1")
                                                      .arg(e.clientAuth.rule),
                                                  QStringLiteral("C14")));
        } else {
            Expectation x = expectFrom(predictor, root);
            x.reason = QStringLiteral("client_authentication is %1: no certificate is needed; %2")
                           .arg(Config::clientAuthName(auth), x.reason);
            add(TlsCase::NoClientCert, x);
        }
        if (auth == Config::ClientAuth::None) {
            Expectation x = expectFrom(predictor, root);
            x.reason = QStringLiteral("client_authentication is none: the server asks for no certificate; ") + x.reason;
            add(TlsCase::ForeignClientCert, x);
        } else {
            add(TlsCase::ForeignClientCert,
                tlsFailure(QStringLiteral("client_authentication is %1: a certificate is verified against "
                                          "ssl.certificate_authorities, and no configured CA signed this one")
                               .arg(Config::clientAuthName(auth)),
                           QStringLiteral("C14")));
        }
        if (in.haveClientCert)
            add(TlsCase::ValidClientCert, reachable);

        // §5, C18: APM Server negotiates h2 by ALPN; a server whose HTTP/2 framing is broken fails
        // strict HTTP/2 clients and browsers while HTTP/1.1 clients work. The same request, once
        // offering h2 and once only http/1.1, tells the two apart.
        for (const bool h2 : {true, false}) {
            Scenario s;
            s.id = h2 ? QStringLiteral("tls/alpn-h2") : QStringLiteral("tls/alpn-http1.1");
            s.category = QStringLiteral("TLS");
            s.family = QStringLiteral("server info");
            s.variant = h2 ? QStringLiteral("ALPN offers h2 and http/1.1") : QStringLiteral("ALPN offers http/1.1 only");
            s.request = root;
            s.request.headers.append(qMakePair(QByteArray("X-Forwarded-For"), QByteArray("192.0.2.252")));
            s.offerHttp2 = h2;
            s.expected = reachable;
            if (s.expected.kind == Expectation::Kind::Http) {
                s.expected.reason = (h2 ? QStringLiteral("the answer is the same over HTTP/2 (APM Server offers h2 by ALPN) "
                                                         "and HTTP/1.1; ")
                                        : QStringLiteral("the HTTP/1.1 counterpart of the h2 scenario; ")) +
                                    s.expected.reason;
                s.expected.caseId = QStringLiteral("C18");
            }
            out << s;
        }
    }
    return out;
}

} // namespace Probe
