// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "probe/Classifier.h"

#include "doctor/ErrorMatcher.h"
#include "probe/Predictor.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Probe {

QString verdictName(Verdict v)
{
    switch (v) {
    case Verdict::Accepted: return QStringLiteral("accepted");
    case Verdict::RejectedAsExpected: return QStringLiteral("rejected as expected");
    case Verdict::Unexpected: return QStringLiteral("unexpected");
    case Verdict::TlsFailure: return QStringLiteral("TLS failure");
    case Verdict::Unreachable: return QStringLiteral("unreachable");
    }
    return {};
}

namespace {

void explain(Outcome& o, const QString& caseId)
{
    const Doctor::Case* k = Doctor::KnowledgeBase::find(caseId);
    if (!k)
        return;
    o.caseId = k->id;
    o.cause = k->cause;
    o.fix = k->fix;
}

QString matchCase(const QString& text)
{
    const QList<Doctor::CaseMatch> m = Doctor::matchErrorText(text);
    return m.isEmpty() ? QString() : m.constFirst().kase->id;
}

bool looksLikeTls(const Observation& o)
{
    static const QRegularExpression tlsWords(QStringLiteral("ssl|tls|certificate|handshake|alert|x509"),
                                             QRegularExpression::CaseInsensitiveOption);
    return o.networkError.startsWith(QLatin1String("Ssl")) || !o.sslErrors.isEmpty() ||
           tlsWords.match(o.errorText).hasMatch();
}

QString transportCase(const Observation& o)
{
    if (o.networkError == QLatin1String("ConnectionRefusedError"))
        return QStringLiteral("N3");
    if (o.networkError == QLatin1String("HostNotFoundError"))
        return QStringLiteral("N2");
    if (o.networkError == QLatin1String("TimeoutError") || o.networkError == QLatin1String("OperationCanceledError"))
        return QStringLiteral("N4");
    if (o.networkError == QLatin1String("RemoteHostClosedError"))
        return QStringLiteral("C17");
    return matchCase(o.errorText);
}

QString tlsCase(const Observation& o)
{
    const QString text = o.sslErrors.join(QLatin1Char(' ')) + QLatin1Char(' ') + o.errorText;
    if (text.contains(QLatin1String("host name", Qt::CaseInsensitive)) || text.contains(QLatin1String("hostname")))
        return QStringLiteral("C12");
    const QString c = matchCase(text);
    if (!c.isEmpty())
        return c;
    if (!o.sslErrors.isEmpty())
        return QStringLiteral("C1");
    return QStringLiteral("C14");
}

} // namespace

Outcome classify(const Scenario& s, const Observation& o)
{
    Outcome out;
    const Expectation& x = s.expected;

    if (s.repeat > 1) {
        const int limited = int(std::count(o.burstStatuses.cbegin(), o.burstStatuses.cend(), 429));
        const int sent = int(o.burstStatuses.size() - std::count(o.burstStatuses.cbegin(), o.burstStatuses.cend(), 0));
        const int failed = int(std::count(o.burstStatuses.cbegin(), o.burstStatuses.cend(), -1));
        out.actual = QStringLiteral("%1 of %2 sent in %3 ms: %4 × 429, %5 without answer")
                         .arg(sent)
                         .arg(o.burstStatuses.size())
                         .arg(qRound(o.burstMs))
                         .arg(limited)
                         .arg(failed);
        if (x.kind == Expectation::Kind::TlsFailure) {
            out.matches = failed == sent;
        } else if (x.burstMinRateLimited > 0) {
            out.matches = limited >= x.burstMinRateLimited;
            if (!out.matches)
                out.differences << QStringLiteral("expected at least %1 × 429, got none").arg(x.burstMinRateLimited);
        } else {
            out.matches = limited == 0;
            if (!out.matches)
                out.differences << QStringLiteral("expected no 429, got %1").arg(limited);
        }
        out.verdict = out.matches ? Verdict::RejectedAsExpected : Verdict::Unexpected;
        explain(out, QStringLiteral("C32"));
        return out;
    }

    if (!o.answered && s.offerHttp2 && x.kind == Expectation::Kind::Http && !looksLikeTls(o) &&
        o.networkError != QLatin1String("ConnectionRefusedError") && o.networkError != QLatin1String("HostNotFoundError")) {
        // The handshake went through (ALPN chose %1) and the HTTP/2 exchange failed.
        out.verdict = Verdict::Unexpected;
        out.actual = QStringLiteral("no answer over %1: %2 (%3)")
                         .arg(o.alpn.isEmpty() ? QStringLiteral("HTTP/2") : o.alpn, o.errorText, o.networkError);
        out.differences << QStringLiteral("expected %1 whichever protocol ALPN chooses; the exchange failed after "
                                          "offering h2 (compare tls/alpn-http1.1)")
                               .arg(x.status);
        explain(out, QStringLiteral("C18"));
        return out;
    }

    if (!o.answered) {
        const bool tls = looksLikeTls(o) || (s.tls != TlsCase::Normal && o.networkError == QLatin1String("RemoteHostClosedError"));
        out.actual = QStringLiteral("no answer: %1 (%2)").arg(o.errorText, o.networkError);
        if (!o.sslErrors.isEmpty())
            out.actual += QStringLiteral("; verification: ") + o.sslErrors.join(QStringLiteral("; "));
        if (x.kind == Expectation::Kind::TlsFailure && (tls || o.networkError == QLatin1String("RemoteHostClosedError"))) {
            out.verdict = Verdict::RejectedAsExpected;
            out.matches = true;
            explain(out, x.caseId.isEmpty() ? tlsCase(o) : x.caseId);
            return out;
        }
        out.verdict = tls ? Verdict::TlsFailure : Verdict::Unreachable;
        out.differences << QStringLiteral("expected %1, got no HTTP answer")
                               .arg(x.kind == Expectation::Kind::TlsFailure ? QStringLiteral("a failed handshake")
                                                                              : QString::number(x.status));
        explain(out, tls ? tlsCase(o) : transportCase(o));
        return out;
    }

    const QString message = errorMessageOf(o.body);
    out.actual = QString::number(o.status);
    if (!message.isEmpty())
        out.actual += QStringLiteral(" ") + message;
    else if (o.body.isEmpty())
        out.actual += QStringLiteral(" (empty body)");
    if (s.offerHttp2 && !o.httpVersion.isEmpty())
        out.actual += QStringLiteral(" over ") + o.httpVersion;
    if (x.preflight)
        out.actual += o.hasHeader("Access-Control-Allow-Origin")
                          ? QStringLiteral(", Access-Control-Allow-Origin: ") + QString::fromLatin1(o.header("Access-Control-Allow-Origin"))
                          : QStringLiteral(", no Access-Control-Allow-Origin");

    if (x.kind == Expectation::Kind::TlsFailure) {
        out.verdict = Verdict::Unexpected;
        out.differences << QStringLiteral("expected the handshake to fail (%1), got HTTP %2").arg(x.reason).arg(o.status);
        explain(out, x.caseId);
        return out;
    }
    if (o.status != x.status)
        out.differences << QStringLiteral("status: expected %1, got %2").arg(x.status).arg(o.status);
    if (o.status >= 400 && message != x.message)
        out.differences << QStringLiteral("error: expected \"%1\", got \"%2\"").arg(x.message, message);
    const bool isRoot = s.request.path == QLatin1String("/") && o.status == 200;
    if (isRoot) {
        const bool info = QJsonDocument::fromJson(o.body).object().contains(QLatin1String("version"));
        if (info != x.rootInfo)
            out.differences << (x.rootInfo ? QStringLiteral("expected server information (credentials accepted), got an empty body")
                                           : QStringLiteral("expected an empty body (credentials not accepted), got server information"));
    }
    if (x.preflight) {
        const bool acao = !o.header("Access-Control-Allow-Origin").isEmpty();
        if (acao != x.corsAllowOrigin)
            out.differences << (x.corsAllowOrigin ? QStringLiteral("expected Access-Control-Allow-Origin, it is missing: a browser blocks the POST")
                                                  : QStringLiteral("expected no Access-Control-Allow-Origin, it is present"));
    }
    out.matches = out.differences.isEmpty();
    if (!out.matches) {
        out.verdict = Verdict::Unexpected;
        QString c = o.status >= 400 ? matchCase(message) : QString();
        if (c.isEmpty() && x.preflight && !o.hasHeader("Access-Control-Allow-Origin"))
            c = QStringLiteral("C27");
        if (c.isEmpty() && (o.body.contains("<html") || o.body.contains("<HTML") || (isRoot && !o.body.isEmpty() &&
                                                                                    !o.body.trimmed().startsWith('{'))))
            c = QStringLiteral("N5");
        if (c.isEmpty() && o.status == 400 && o.body.contains("HTTPS"))
            c = QStringLiteral("C16");
        explain(out, c);
        return out;
    }
    const bool accepted = x.preflight ? x.corsAllowOrigin : o.status < 300;
    out.verdict = accepted ? Verdict::Accepted : Verdict::RejectedAsExpected;
    if (!accepted)
        explain(out, x.caseId);
    return out;
}

ServerIdentity identifyServer(const QList<Scenario>& scenarios, const QList<Observation>& observations)
{
    ServerIdentity id;
    bool publishReady = false;
    int votes7 = 0;
    int votes8 = 0;
    for (int i = 0; i < scenarios.size() && i < observations.size(); ++i) {
        const Scenario& s = scenarios.at(i);
        const Observation& o = observations.at(i);
        if (!o.answered)
            continue;
        if (s.request.path == QLatin1String("/") && o.status == 200 && id.version.isEmpty()) {
            const QJsonObject info = QJsonDocument::fromJson(o.body).object();
            if (info.contains(QLatin1String("version"))) {
                id.version = info.value(QLatin1String("version")).toString();
                publishReady = info.contains(QLatin1String("publish_ready"));
                id.evidence << QStringLiteral("GET / answers version %1%2")
                                   .arg(id.version, publishReady ? QStringLiteral(" with publish_ready (8.0+)")
                                                                 : QStringLiteral(" without publish_ready (7.x)"));
                (publishReady ? votes8 : votes7) += 2;
            }
        }
        if (s.id == QLatin1String("version/empty-intake-body")) {
            if (o.status == 202) {
                id.evidence << QStringLiteral("an empty intake body gets 202 (8.12+)");
                ++votes8;
            } else if (o.status == 400) {
                id.evidence << QStringLiteral("an empty intake body gets 400 (7.x or ≤ 8.11)");
                ++votes7;
            }
        }
        if (s.family.startsWith(QLatin1String("sourcemap")) && s.id.endsWith(QLatin1String("/none"))) {
            if (o.status == 404) {
                id.evidence << QStringLiteral("/assets/v1/sourcemaps is 404 (removed in 8.0)");
                ++votes8;
            } else {
                id.evidence << QStringLiteral("/assets/v1/sourcemaps exists (7.x)");
                ++votes7;
            }
        }
    }
    for (int i = 0; i < scenarios.size() && i < observations.size(); ++i) {
        if (scenarios.at(i).offerHttp2 && observations.at(i).answered) {
            id.evidence << (observations.at(i).httpVersion == QLatin1String("HTTP/2")
                                ? QStringLiteral("negotiates h2 by ALPN, as APM Server does")
                                : QStringLiteral("chooses http/1.1 when h2 is offered (APM Server would choose h2; "
                                                 "the embedded stub and proxies in front of APM Server may not)"));
        }
    }
    if (votes7 || votes8)
        id.behavesLike = votes8 > votes7 ? QStringLiteral("8.19") : QStringLiteral("7.15");
    return id;
}

} // namespace Probe
