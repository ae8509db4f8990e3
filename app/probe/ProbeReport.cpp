// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "probe/ProbeReport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QXmlStreamWriter>

namespace Probe {

namespace {

QString shellQuote(const QString& s)
{
    QString q = s;
    q.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

// Double quotes keep $VARIABLE expandable; everything else that the shell would touch is escaped.
QString shellDoubleQuote(const QString& s)
{
    QString q;
    for (const QChar c : s) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\') || c == QLatin1Char('`'))
            q += QLatin1Char('\\');
        q += c;
    }
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QString expectedText(const Expectation& x)
{
    if (x.kind == Expectation::Kind::TlsFailure)
        return QStringLiteral("handshake fails");
    if (x.burstMinRateLimited > 0)
        return QStringLiteral("429 after the burst");
    QString t = QString::number(x.status);
    if (!x.message.isEmpty())
        t += QStringLiteral(" ") + x.message;
    if (x.preflight)
        t += x.corsAllowOrigin ? QStringLiteral(", Access-Control-Allow-Origin") : QStringLiteral(", no Access-Control-Allow-Origin");
    return t;
}

QString ms(double v)
{
    return QStringLiteral("%1 ms").arg(v, 0, 'f', v < 10 ? 2 : 1);
}

} // namespace

QString timingText(const Observation& o)
{
    QStringList parts;
    if (!o.newConnection && o.totalMs >= 0 && o.answered)
        parts << QStringLiteral("reused connection");
    if (o.queuedMs > 0.05)
        parts << QStringLiteral("queued ") + ms(o.queuedMs);
    if (o.dnsMs > 0) // 0: an address, nothing to look up
        parts << QStringLiteral("DNS ") + ms(o.dnsMs);
    if (o.connectMs >= 0)
        parts << QStringLiteral("connect ") + ms(o.connectMs);
    if (o.tlsMs >= 0)
        parts << QStringLiteral("TLS ") + ms(o.tlsMs);
    if (o.headersMs >= 0)
        parts << QStringLiteral("first byte ") + ms(o.headersMs);
    if (o.totalMs >= 0)
        parts << QStringLiteral("total ") + ms(o.totalMs);
    return parts.join(QStringLiteral(", "));
}

TimingPhases timingPhases(const Observation& o)
{
    TimingPhases p;
    p.queued = std::max(0.0, o.queuedMs);
    p.dns = std::max(0.0, o.dnsMs);
    p.connect = std::max(0.0, o.connectMs);
    p.tls = std::max(0.0, o.tlsMs);
    const double setup = p.queued + p.dns + p.connect + p.tls;
    const double head = o.headersMs >= 0 ? o.headersMs : o.totalMs;
    p.wait = std::max(0.0, head - setup);
    p.download = o.totalMs >= 0 && head >= 0 ? std::max(0.0, o.totalMs - std::max(head, setup)) : 0.0;
    return p;
}

namespace {

QString html(const QString& s)
{
    return s.toHtmlEscaped();
}

} // namespace

QString curlCommand(const QUrl& base, const Scenario& s, const CurlOptions& options)
{
    QUrl url = base;
    url.setPath(s.request.path);
    url.setQuery(s.request.query.isEmpty() ? QString() : s.request.query);
    QStringList parts{QStringLiteral("curl -sS -i")};
    if (s.request.method != "GET" && !(s.request.method == "POST" && !s.request.body.isEmpty()))
        parts << QStringLiteral("-X ") + QString::fromLatin1(s.request.method);
    if (url.scheme() == QLatin1String("https")) {
        if (s.tls == TlsCase::UntrustedCa)
            parts << QStringLiteral("--cacert /dev/null");
        else if (!options.caFile.isEmpty())
            parts << QStringLiteral("--cacert ") + shellQuote(options.caFile);
        else if (!options.pinnedCertFile.isEmpty())
            parts << QStringLiteral("--cacert ") + shellQuote(options.pinnedCertFile);
        if (s.tls == TlsCase::WrongHostname)
            parts << QStringLiteral("--connect-to probe-wrong-name.invalid:%1:%2:%1").arg(url.port(443)).arg(url.host());
        if (s.tls == TlsCase::BelowFloor)
            parts << QStringLiteral("--tls-max ") + s.clientProtocol.mid(4);
        if ((s.tls == TlsCase::Normal || s.tls == TlsCase::ValidClientCert) && !options.clientCert.isEmpty())
            parts << QStringLiteral("--cert ") + shellQuote(options.clientCert) << QStringLiteral("--key ") + shellQuote(options.clientKey);
        if (s.tls == TlsCase::ForeignClientCert)
            parts << QStringLiteral("--cert FOREIGN.pem --key FOREIGN-key.pem");
        parts << (s.offerHttp2 ? QStringLiteral("--http2") : QStringLiteral("--http1.1"));
    }
    if (!s.request.authorization.isEmpty()) {
        const QString value = options.reveal || s.request.authorizationShown.isEmpty()
                                  ? QString::fromLatin1(s.request.authorization)
                                  : s.request.authorizationShown;
        parts << QStringLiteral("-H ") + shellDoubleQuote(QStringLiteral("Authorization: ") + value);
    }
    for (const auto& [k, v] : s.request.headers)
        parts << QStringLiteral("-H ") + shellQuote(QString::fromLatin1(k) + QStringLiteral(": ") + QString::fromUtf8(v));
    if (!s.request.body.isEmpty())
        parts << QStringLiteral("--data-binary ") + shellQuote(QString::fromUtf8(s.request.body));
    else if (s.request.method == "POST")
        parts << QStringLiteral("--data-binary ''");
    QString target = url.toString(QUrl::FullyEncoded);
    if (s.tls == TlsCase::WrongHostname) {
        QUrl wrong = url;
        wrong.setHost(QStringLiteral("probe-wrong-name.invalid"));
        target = wrong.toString(QUrl::FullyEncoded);
    }
    parts << shellQuote(target);
    if (s.repeat > 1)
        return QStringLiteral("for i in $(seq %1); do %2 -o /dev/null -w '%{http_code}\\n'; done | sort | uniq -c")
            .arg(s.repeat)
            .arg(parts.join(QLatin1Char(' ')).replace(QStringLiteral(" -i"), QString()));
    return parts.join(QLatin1Char(' '));
}

int ProbeReport::matchedCount() const
{
    int n = 0;
    for (const Outcome& o : outcomes)
        n += o.matches ? 1 : 0;
    return n;
}

void ProbeReport::classifyAll()
{
    outcomes.clear();
    for (int i = 0; i < scenarios.size(); ++i)
        outcomes << classify(scenarios.at(i), observations.value(i));
    identity = identifyServer(scenarios, observations);
}

QString renderTable(const ProbeReport& r, bool verbose)
{
    QString out;
    out += QStringLiteral("Probe of %1 (%2), expectations for APM Server %3\n")
               .arg(r.target.toString(), r.mode, r.profile);
    for (const QString& n : r.notes)
        out += QStringLiteral("note: %1\n").arg(n);
    out += QStringLiteral("%1 %2 %3 %4\n")
               .arg(QStringLiteral("RESULT"), -6)
               .arg(QStringLiteral("SCENARIO"), -52)
               .arg(QStringLiteral("EXPECTED"), -34)
               .arg(QStringLiteral("ACTUAL"));
    for (int i = 0; i < r.scenarios.size(); ++i) {
        const Scenario& s = r.scenarios.at(i);
        const Outcome& o = r.outcomes.at(i);
        const QString badge = o.matches ? QStringLiteral("ok") : QStringLiteral("FAIL");
        out += QStringLiteral("%1 %2 %3 %4\n")
                   .arg(badge, -6)
                   .arg((s.family + QStringLiteral(" · ") + s.variant).left(52), -52)
                   .arg(expectedText(s.expected).left(34), -34)
                   .arg(o.actual.left(100));
        if (!o.matches || verbose) {
            for (const QString& d : o.differences)
                out += QStringLiteral("       ≠ %1\n").arg(d);
            out += QStringLiteral("       why: %1 (%2)\n").arg(s.expected.reason, s.expected.section);
            if (!o.caseId.isEmpty())
                out += QStringLiteral("       %1: %2 Fix: %3\n").arg(o.caseId, o.cause, o.fix);
            out += QStringLiteral("       %1\n").arg(curlCommand(r.target, s, r.curl));
        }
    }
    if (!r.identity.behavesLike.isEmpty())
        out += QStringLiteral("server: behaves like APM Server %1%2 (%3)\n")
                   .arg(r.identity.behavesLike,
                        r.identity.version.isEmpty() ? QString() : QStringLiteral(", reports version ") + r.identity.version,
                        r.identity.evidence.join(QStringLiteral("; ")));
    out += QStringLiteral("%1 of %2 scenarios as expected, %3 ms\n")
               .arg(r.matchedCount())
               .arg(r.outcomes.size())
               .arg(qRound(r.wallMs));
    return out;
}

QByteArray renderJson(const ProbeReport& r)
{
    QJsonArray rows;
    for (int i = 0; i < r.scenarios.size(); ++i) {
        const Scenario& s = r.scenarios.at(i);
        const Observation& ob = r.observations.value(i);
        const Outcome& o = r.outcomes.at(i);
        QJsonObject expected{{QStringLiteral("kind"), s.expected.kind == Expectation::Kind::TlsFailure
                                                          ? QStringLiteral("tls-failure") : QStringLiteral("http")},
                             {QStringLiteral("status"), s.expected.status},
                             {QStringLiteral("message"), s.expected.message},
                             {QStringLiteral("reason"), s.expected.reason},
                             {QStringLiteral("section"), s.expected.section}};
        QJsonObject actual{{QStringLiteral("answered"), ob.answered},
                           {QStringLiteral("status"), ob.status},
                           {QStringLiteral("summary"), o.actual},
                           {QStringLiteral("error"), ob.errorText},
                           {QStringLiteral("tlsProtocol"), ob.tlsProtocol},
                           {QStringLiteral("tlsCipher"), ob.tlsCipher},
                           {QStringLiteral("peerChain"), QJsonArray::fromStringList(ob.peerChain)},
                           {QStringLiteral("sslErrors"), QJsonArray::fromStringList(ob.sslErrors)},
                           {QStringLiteral("body"), QString::fromUtf8(ob.body.left(2048))},
                           {QStringLiteral("httpVersion"), ob.httpVersion},
                           {QStringLiteral("alpn"), ob.alpn},
                           {QStringLiteral("timing"), QJsonObject{{QStringLiteral("newConnection"), ob.newConnection},
                                                                  {QStringLiteral("queuedMs"), ob.queuedMs},
                                                                  {QStringLiteral("dnsMs"), ob.dnsMs},
                                                                  {QStringLiteral("connectMs"), ob.connectMs},
                                                                  {QStringLiteral("tlsMs"), ob.tlsMs},
                                                                  {QStringLiteral("sentMs"), ob.sentMs},
                                                                  {QStringLiteral("firstByteMs"), ob.headersMs},
                                                                  {QStringLiteral("totalMs"), ob.totalMs}}}};
        if (s.repeat > 1) {
            QJsonArray st;
            for (int v : ob.burstStatuses)
                st.append(v);
            actual.insert(QStringLiteral("burstStatuses"), st);
        }
        rows.append(QJsonObject{{QStringLiteral("id"), s.id},
                                {QStringLiteral("category"), s.category},
                                {QStringLiteral("family"), s.family},
                                {QStringLiteral("variant"), s.variant},
                                {QStringLiteral("tls"), tlsCaseName(s.tls)},
                                {QStringLiteral("method"), QString::fromLatin1(s.request.method)},
                                {QStringLiteral("path"), s.request.path},
                                {QStringLiteral("expected"), expected},
                                {QStringLiteral("actual"), actual},
                                {QStringLiteral("verdict"), verdictName(o.verdict)},
                                {QStringLiteral("matches"), o.matches},
                                {QStringLiteral("differences"), QJsonArray::fromStringList(o.differences)},
                                {QStringLiteral("case"), o.caseId},
                                {QStringLiteral("cause"), o.cause},
                                {QStringLiteral("fix"), o.fix},
                                {QStringLiteral("curl"), curlCommand(r.target, s, r.curl)}});
    }
    const QJsonObject root{{QStringLiteral("target"), r.target.toString()},
                           {QStringLiteral("mode"), r.mode},
                           {QStringLiteral("profile"), r.profile},
                           {QStringLiteral("notes"), QJsonArray::fromStringList(r.notes)},
                           {QStringLiteral("server"), QJsonObject{{QStringLiteral("version"), r.identity.version},
                                                                  {QStringLiteral("behavesLike"), r.identity.behavesLike},
                                                                  {QStringLiteral("evidence"), QJsonArray::fromStringList(r.identity.evidence)}}},
                           {QStringLiteral("total"), int(r.outcomes.size())},
                           {QStringLiteral("matched"), r.matchedCount()},
                           {QStringLiteral("wallMs"), r.wallMs},
                           {QStringLiteral("scenarios"), rows}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray renderJUnit(const ProbeReport& r)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("testsuites"));
    w.writeStartElement(QStringLiteral("testsuite"));
    w.writeAttribute(QStringLiteral("name"), QStringLiteral("apm-gatekeeper probe ") + r.target.toString());
    w.writeAttribute(QStringLiteral("tests"), QString::number(r.outcomes.size()));
    w.writeAttribute(QStringLiteral("failures"), QString::number(r.outcomes.size() - r.matchedCount()));
    w.writeAttribute(QStringLiteral("time"), QString::number(r.wallMs / 1000.0, 'f', 3));
    w.writeAttribute(QStringLiteral("timestamp"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    for (int i = 0; i < r.scenarios.size(); ++i) {
        const Scenario& s = r.scenarios.at(i);
        const Outcome& o = r.outcomes.at(i);
        w.writeStartElement(QStringLiteral("testcase"));
        w.writeAttribute(QStringLiteral("classname"), s.category + QLatin1Char('.') + s.family);
        w.writeAttribute(QStringLiteral("name"), s.id);
        w.writeAttribute(QStringLiteral("time"), QString::number(r.observations.value(i).totalMs / 1000.0, 'f', 3));
        if (!o.matches) {
            w.writeStartElement(QStringLiteral("failure"));
            w.writeAttribute(QStringLiteral("type"), verdictName(o.verdict));
            w.writeAttribute(QStringLiteral("message"), o.differences.join(QStringLiteral("; ")));
            w.writeCharacters(QStringLiteral("expected: %1\nactual: %2\nwhy: %3 (%4)\n%5 %6\nfix: %7\n%8\n")
                                  .arg(expectedText(s.expected), o.actual, s.expected.reason, s.expected.section,
                                       o.caseId, o.cause, o.fix, curlCommand(r.target, s, r.curl)));
            w.writeEndElement();
        }
        w.writeTextElement(QStringLiteral("system-out"), QStringLiteral("%1\n%2").arg(o.actual, curlCommand(r.target, s, r.curl)));
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

QByteArray renderHtml(const ProbeReport& r)
{
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                        "<title>APM Gatekeeper probe: %1</title><style>"
                        "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
                        "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 6px;"
                        "text-align:left;vertical-align:top;font-size:13px}th{background:#f3f3f3}"
                        ".ok{background:#1a7f37;color:#fff;border-radius:3px;padding:1px 6px}"
                        ".fail{background:#cf222e;color:#fff;border-radius:3px;padding:1px 6px}"
                        "code,pre{font-family:ui-monospace,monospace;font-size:12px;white-space:pre-wrap;word-break:break-all}"
                        "details{margin:2px 0}.bar{display:inline-flex;height:8px}.bar span{display:inline-block;height:8px}"
                        ".dns{background:#8250df}.con{background:#bf8700}.tls{background:#1a7f37}.wait{background:#0969da}"
                        ".dl{background:#57606a}.q{background:#8c959f}td.t{min-width:200px}"
                        "</style></head><body>\n")
             .arg(html(r.target.toString()));
    h += QStringLiteral("<h1>Probe of %1</h1><p>%2 · expectations for APM Server %3 · %4 of %5 as expected · %6 ms</p>\n")
             .arg(html(r.target.toString()), html(r.mode), html(r.profile))
             .arg(r.matchedCount())
             .arg(r.outcomes.size())
             .arg(qRound(r.wallMs));
    if (!r.identity.behavesLike.isEmpty())
        h += QStringLiteral("<p>Server behaves like APM Server %1 %2: %3</p>\n")
                 .arg(html(r.identity.behavesLike), html(r.identity.version), html(r.identity.evidence.join(QStringLiteral("; "))));
    for (const QString& n : r.notes)
        h += QStringLiteral("<p><strong>Note:</strong> %1</p>\n").arg(html(n));
    h += QStringLiteral("<p><small>Time bars: <span class=\"bar\"><span class=\"q\" style=\"width:10px\"></span></span> queued "
                        "<span class=\"bar\"><span class=\"dns\" style=\"width:10px\"></span></span> DNS "
                        "<span class=\"bar\"><span class=\"con\" style=\"width:10px\"></span></span> connect "
                        "<span class=\"bar\"><span class=\"tls\" style=\"width:10px\"></span></span> TLS "
                        "<span class=\"bar\"><span class=\"wait\" style=\"width:10px\"></span></span> until the first byte "
                        "<span class=\"bar\"><span class=\"dl\" style=\"width:10px\"></span></span> rest of the answer; "
                        "a request on a reused connection has no DNS, connect or TLS phase.</small></p>\n");
    double maxMs = 1;
    for (const Observation& o : r.observations)
        maxMs = std::max(maxMs, o.totalMs);
    h += QStringLiteral("<table><tr><th>Result</th><th>Category</th><th>Scenario</th><th>Expected</th><th>Actual</th>"
                        "<th>Time</th></tr>\n");
    for (int i = 0; i < r.scenarios.size(); ++i) {
        const Scenario& s = r.scenarios.at(i);
        const Outcome& o = r.outcomes.at(i);
        const Observation& ob = r.observations.value(i);
        h += QStringLiteral("<tr><td><span class=\"%1\">%2</span><br>%3</td><td>%4</td><td>%5<br><small>%6</small>")
                 .arg(o.matches ? QStringLiteral("ok") : QStringLiteral("fail"), o.matches ? QStringLiteral("PASS") : QStringLiteral("FAIL"),
                      html(verdictName(o.verdict)), html(s.category), html(s.family), html(s.variant));
        h += QStringLiteral("<details><summary>details</summary><p>Why: %1 (%2)</p>").arg(html(s.expected.reason), html(s.expected.section));
        for (const QString& d : o.differences)
            h += QStringLiteral("<p>≠ %1</p>").arg(html(d));
        if (!o.caseId.isEmpty())
            h += QStringLiteral("<p><strong>%1</strong>: %2<br>Fix: %3</p>").arg(html(o.caseId), html(o.cause), html(o.fix));
        if (!ob.tlsProtocol.isEmpty())
            h += QStringLiteral("<p>TLS: %1, %2, ALPN: %3, chain: %4</p>")
                     .arg(html(ob.tlsProtocol), html(ob.tlsCipher), html(ob.alpn.isEmpty() ? QStringLiteral("none") : ob.alpn),
                          html(ob.peerChain.join(QStringLiteral(" → "))));
        h += QStringLiteral("<pre>%1</pre><pre>%2</pre></details></td>")
                 .arg(html(curlCommand(r.target, s, r.curl)), html(QString::fromUtf8(ob.body.left(1024))));
        const TimingPhases ph = timingPhases(ob);
        QString bar;
        const std::pair<const char*, double> spans[] = {{"q", ph.queued}, {"dns", ph.dns}, {"con", ph.connect}, {"tls", ph.tls},
                                                         {"wait", ph.wait}, {"dl", ph.download}};
        for (const auto& [cls, v] : spans) {
            const int px = int(std::lround(120 * v / maxMs));
            if (px > 0)
                bar += QStringLiteral("<span class=\"%1\" style=\"width:%2px\"></span>").arg(QLatin1String(cls)).arg(px);
        }
        h += QStringLiteral("<td>%1</td><td>%2</td><td class=\"t\"><span class=\"bar\" title=\"%3\">%4</span> %5<br><small>%3</small></td></tr>\n")
                 .arg(html(expectedText(s.expected)), html(o.actual), html(timingText(ob)), bar,
                      html(QStringLiteral("%1 ms").arg(ob.totalMs, 0, 'f', 1)));
    }
    h += QStringLiteral("</table></body></html>\n");
    return h.toUtf8();
}

} // namespace Probe
