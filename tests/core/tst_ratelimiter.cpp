// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/AccessRules.h"
#include "intake/RateLimiter.h"

#include <QTest>

using namespace Intake;
using namespace std::chrono_literals;

namespace {
struct FakeClock
{
    std::chrono::steady_clock::time_point t{std::chrono::seconds(1000)};
    Clock clock()
    {
        return [this] { return t; };
    }
};
} // namespace

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void burstThenRate();
    void reserveWaitsUpToOneSecond_data();
    void reserveWaitsUpToOneSecond();
    void zeroEventLimitRefusesAll();
    void lruHandsEvictedLimiterToNewcomer();
    void clientIp_data();
    void clientIp();
    void goGlob_data();
    void goGlob();
};

void TestRateLimiter::burstThenRate()
{
    // §3.6: starts full with burst = 3 × event_limit, refills at event_limit per second.
    FakeClock c;
    RateLimitStore store(10, 2, c.clock());
    auto bucket = store.forIp(QStringLiteral("10.0.0.1")).bucket;
    for (int i = 0; i < 6; ++i)
        QVERIFY2(bucket->allow(c.t), qPrintable(QString::number(i)));
    QVERIFY(!bucket->allow(c.t));
    c.t += 500ms; // one token back
    QVERIFY(bucket->allow(c.t));
    QVERIFY(!bucket->allow(c.t));
    c.t += 10s; // capped at the burst
    int n = 0;
    while (bucket->allow(c.t))
        ++n;
    QCOMPARE(n, 6);
}

void TestRateLimiter::reserveWaitsUpToOneSecond_data()
{
    QTest::addColumn<int>("eventLimit");
    QTest::addColumn<int>("alreadyTaken");
    QTest::addColumn<int>("batch");
    QTest::addColumn<qint64>("expectedWaitMs"); // -1 = refused
    QTest::newRow("§3.6 tokens available: no wait") << 10 << 0 << 10 << qint64(0);
    QTest::newRow("§3.6 short: waits") << 10 << 30 << 5 << qint64(500);
    QTest::newRow("§3.6 exactly one second") << 10 << 30 << 10 << qint64(1000);
    QTest::newRow("§3.6 over a second: refused") << 10 << 30 << 11 << qint64(-1);
    QTest::newRow("§3.6 batch above burst: refused") << 3 << 0 << 10 << qint64(-1);
}

void TestRateLimiter::reserveWaitsUpToOneSecond()
{
    QFETCH(int, eventLimit);
    QFETCH(int, alreadyTaken);
    QFETCH(int, batch);
    QFETCH(qint64, expectedWaitMs);
    FakeClock c;
    TokenBucket b(eventLimit, 3 * eventLimit, c.t);
    for (int i = 0; i < alreadyTaken; ++i)
        QVERIFY(b.allow(c.t));
    const auto wait = b.reserve(batch, c.t, 1s);
    if (expectedWaitMs < 0) {
        QVERIFY(!wait.has_value());
        QCOMPARE(b.tokens(c.t), double(3 * eventLimit - alreadyTaken)); // nothing reserved
    } else {
        QVERIFY(wait.has_value());
        QCOMPARE(std::chrono::duration_cast<std::chrono::milliseconds>(*wait).count(), expectedWaitMs);
    }
}

void TestRateLimiter::zeroEventLimitRefusesAll()
{
    FakeClock c;
    RateLimitStore store(5, 0, c.clock());
    QVERIFY(!store.forIp(QStringLiteral("1.2.3.4")).bucket->allow(c.t));
}

void TestRateLimiter::lruHandsEvictedLimiterToNewcomer()
{
    // §3.6: the evicted IP's limiter, depleted state and all, goes to the new IP.
    FakeClock c;
    RateLimitStore store(2, 1, c.clock());
    auto a = store.forIp(QStringLiteral("10.0.0.1"));
    while (a.bucket->allow(c.t)) {
    }
    store.forIp(QStringLiteral("10.0.0.2"));
    store.forIp(QStringLiteral("10.0.0.2")); // a is now least recently used
    auto c3 = store.forIp(QStringLiteral("10.0.0.3"));
    QVERIFY(c3.reusedEvicted);
    QCOMPARE(c3.evictedIp, QStringLiteral("10.0.0.1"));
    QCOMPARE(c3.bucket.get(), a.bucket.get());
    QVERIFY(!c3.bucket->allow(c.t)); // still depleted
    QCOMPARE(store.size(), 2);
    QVERIFY(!store.forIp(QStringLiteral("10.0.0.2")).reusedEvicted);
}

void TestRateLimiter::clientIp_data()
{
    QTest::addColumn<QByteArray>("forwarded");
    QTest::addColumn<QByteArray>("xRealIp");
    QTest::addColumn<QByteArray>("xff");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("source");
    QTest::newRow("§3.6 peer") << QByteArray() << QByteArray() << QByteArray() << "127.0.0.1" << "peer address";
    QTest::newRow("§3.6 forwarded first") << QByteArray("for=192.0.2.60;proto=http, for=198.51.100.1") << QByteArray("10.1.1.1") << QByteArray("10.2.2.2") << "192.0.2.60" << "Forwarded";
    QTest::newRow("§3.6 forwarded ipv6 with port") << QByteArray("For=\"[2001:db8::1]:4711\"") << QByteArray() << QByteArray() << "2001:db8::1" << "Forwarded";
    QTest::newRow("§3.6 invalid forwarded falls through") << QByteArray("for=unknown") << QByteArray("10.1.1.1") << QByteArray() << "10.1.1.1" << "X-Real-Ip";
    QTest::newRow("§3.6 x-forwarded-for first element") << QByteArray() << QByteArray() << QByteArray("203.0.113.9, 10.0.0.1") << "203.0.113.9" << "X-Forwarded-For";
    QTest::newRow("§3.6 garbage everywhere: peer") << QByteArray("for=x") << QByteArray("nope") << QByteArray("also-nope") << "127.0.0.1" << "peer address";
}

void TestRateLimiter::clientIp()
{
    QFETCH(QByteArray, forwarded);
    QFETCH(QByteArray, xRealIp);
    QFETCH(QByteArray, xff);
    QFETCH(QString, expected);
    QFETCH(QString, source);
    QString got;
    QCOMPARE(clientIpFromHeaders(forwarded, xRealIp, xff, QStringLiteral("::ffff:127.0.0.1"), &got), expected);
    QCOMPARE(got, source);
}

void TestRateLimiter::goGlob_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<bool>("match");
    QTest::newRow("§3.7 star") << "*" << "http://anything" << true;
    QTest::newRow("§3.7 star matches empty origin") << "*" << "" << true;
    QTest::newRow("§3.7 exact") << "https://a.example" << "https://a.example" << true;
    QTest::newRow("§3.7 case-sensitive") << "https://A.example" << "https://a.example" << false;
    QTest::newRow("§3.7 subdomain glob") << "https://*.example.com" << "https://shop.example.com" << true;
    QTest::newRow("§3.7 glob needs the dot") << "https://*.example.com" << "https://example.com" << false;
    QTest::newRow("§3.7 port glob") << "http://localhost:*" << "http://localhost:3000" << true;
    QTest::newRow("§3.7 trailing slash never matches") << "https://a.example/" << "https://a.example" << false;
    QTest::newRow("§3.7 empty pattern only matches empty") << "" << "" << true;
    QTest::newRow("§3.7 whole string") << "https://a.example" << "https://a.example.evil" << false;
    QTest::newRow("§3.7 middle glob") << "https://*.example.*" << "https://x.example.org" << true;
}

void TestRateLimiter::goGlob()
{
    QFETCH(QString, pattern);
    QFETCH(QString, subject);
    QFETCH(bool, match);
    QCOMPARE(Config::goGlobMatch(pattern, subject), match);
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
