// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// Prints how long each key type takes to generate, and how long the event loop is stalled at most
// while an RSA-4096 key is generated through QtConcurrent (what the TLS panel does).
// Usage: bench_keygen [rounds] (default 3 per RSA size, 10x that for EC and Ed25519)
#include "tls/KeyGenerator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Tls;

namespace {

// Runs the event loop with a 1 ms timer until `done`, returning the largest gap between ticks (ms).
double maxStall(const std::function<bool()>& done, int minimumMs)
{
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    double worst = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        worst = std::max(worst, double(now - last) / 1e6);
        last = now;
        if (done() && clock.elapsed() >= minimumMs)
            QCoreApplication::exit(0);
    });
    tick.start(1);
    QCoreApplication::exec();
    return worst;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 3;
    QTextStream out(stdout);
    out << "key generation, OpenSSL " << OPENSSL_VERSION_TEXT << ", " << rounds << " RSA rounds\n";
    for (const KeyType type : allKeyTypes()) {
        const bool rsa = type == KeyType::Rsa2048 || type == KeyType::Rsa3072 || type == KeyType::Rsa4096;
        const int n = rsa ? rounds : rounds * 10;
        std::vector<double> ms;
        for (int i = 0; i < n; ++i) {
            QElapsedTimer t;
            t.start();
            auto key = KeyGenerator::generate(type);
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
            if (!key) {
                out << keyTypeName(type) << ": failed: " << key.error().toString() << "\n";
                return 1;
            }
        }
        std::sort(ms.begin(), ms.end());
        double sum = 0;
        for (double v : ms)
            sum += v;
        out << QStringLiteral("  %1 mean %2 ms, median %3 ms, max %4 ms (n=%5)\n")
                   .arg(keyTypeName(type), -9)
                   .arg(sum / double(ms.size()), 0, 'f', 2)
                   .arg(ms[ms.size() / 2], 0, 'f', 2)
                   .arg(ms.back(), 0, 'f', 2)
                   .arg(n);
    }
    out.flush();

    // Event-loop responsiveness: the same timer idle, then while RSA-4096 keys are generated.
    const double idle = maxStall([] { return true; }, 1000);
    double worst = 0;
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < rounds; ++i) {
        QFutureWatcher<GeneratedKey> watcher;
        watcher.setFuture(KeyGenerator::generateAsync(KeyType::Rsa4096));
        worst = std::max(worst, maxStall([&] { return watcher.isFinished(); }, 0));
        if (watcher.result().error) {
            out << "rsa-4096 async failed\n";
            return 1;
        }
    }
    out << QStringLiteral("event loop (1 ms timer): max stall idle %1 ms; while %2 x RSA-4096 generate on the pool "
                          "(%3 ms in all): max stall %4 ms\n")
               .arg(idle, 0, 'f', 2)
               .arg(rounds)
               .arg(total.elapsed())
               .arg(worst, 0, 'f', 2);
    return 0;
}
