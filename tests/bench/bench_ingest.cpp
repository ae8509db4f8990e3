// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// gzip NDJSON ingest throughput of the stub's intake path without sockets: bytes → gunzip →
// NDJSON lines → batches of 10 → authorization → 202. Prints MB/s of uncompressed data.
#include "RawHttpClient.h"
#include "config/ApmServerYaml.h"
#include "config/SettingsIo.h"
#include "intake/Engine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>


using namespace Intake;


int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QByteArray token = "bench-token";
    auto yaml = Config::ApmServerYaml::parse("apm-server:\n  auth.secret_token: " + token + "\n");
    Engine::Options options;
    options.effective = Config::derive(Config::readSettings(*yaml).settings, Config::Profile::V8_19);
    options.secretToken = QString::fromLatin1(token);
    Engine engine(options);

    // ~64 MiB of realistic events: transactions, spans and errors as the Node.js agent sends them.
    QByteArray body = R"({"metadata":{"service":{"name":"bench","agent":{"name":"nodejs","version":"4.18.0"}}}})" "\n";
    const QByteArray lines[] = {
        R"({"transaction":{"id":"0123456789abcdef","trace_id":"0123456789abcdef0123456789abcdef","name":"GET /api/orders","duration":12.5,"type":"request","result":"HTTP 2xx","span_count":{"started":3},"context":{"request":{"method":"GET","url":{"full":"http://localhost/api/orders"}}}}})",
        R"({"span":{"id":"abcdef0123456789","transaction_id":"0123456789abcdef","parent_id":"0123456789abcdef","trace_id":"0123456789abcdef0123456789abcdef","name":"SELECT FROM orders","type":"db","subtype":"postgresql","start":1.2,"duration":3.4}})",
        R"({"error":{"id":"fedcba9876543210","trace_id":"0123456789abcdef0123456789abcdef","exception":{"message":"connection refused","type":"Error","handled":true,"stacktrace":[{"filename":"app.js","lineno":10,"function":"handler"}]}}})"};
    int i = 0;
    while (body.size() < 64 * 1024 * 1024)
        body += lines[i++ % 3] + '\n';
    const QByteArray compressed = TestSupport::gzip(body, 1); // agents use a fast level

    const QByteArray head = "Bearer " + token;
    double best = 0;
    for (int run = 0; run < 3; ++run) {
        RequestHead h;
        h.method = "POST";
        h.path = "/intake/v2/events";
        h.headers = {{"Authorization", head}, {"Content-Type", "application/x-ndjson"}, {"Content-Encoding", "gzip"}};
        h.peerAddress = QStringLiteral("127.0.0.1");
        Exchange ex(engine, h);
        QElapsedTimer t;
        t.start();
        if (ex.begin() != Exchange::Next::ReadBody)
            return 1;
        for (qsizetype pos = 0; pos < compressed.size(); pos += 64 * 1024) {
            ex.bodyData(QByteArrayView(compressed).sliced(pos, std::min<qsizetype>(64 * 1024, compressed.size() - pos)));
            while (ex.process().state == Exchange::Progress::State::Yield) {
            }
        }
        ex.bodyComplete();
        while (ex.process().state != Exchange::Progress::State::Done) {
        }
        ex.finish();
        const double secs = double(t.nsecsElapsed()) / 1e9;
        const double mbps = double(body.size()) / 1e6 / secs;
        best = std::max(best, mbps);
        out << QStringLiteral("gzip ingest run %1: %2 MB uncompressed (%3 MB gzip) in %4 s = %5 MB/s, status %6, %7 events\n")
                   .arg(run + 1)
                   .arg(double(body.size()) / 1e6, 0, 'f', 1)
                   .arg(double(compressed.size()) / 1e6, 0, 'f', 1)
                   .arg(secs, 0, 'f', 3)
                   .arg(mbps, 0, 'f', 1)
                   .arg(ex.response().status)
                   .arg(ex.log().eventsAccepted);
    }
    out << QStringLiteral("gzip ingest best: %1 MB/s (target >= 150)\n").arg(best, 0, 'f', 1);
    return 0;
}
