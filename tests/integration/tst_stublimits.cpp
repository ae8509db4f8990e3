// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The stub's connection limits and timeouts (reference §4.1: max_connections, read_timeout,
// write_timeout, idle_timeout) and its buffer budget, over real loopback sockets with short timeouts.
// Clients are plain non-blocking POSIX sockets so a test controls exactly what is sent and read; the
// stub runs on this thread and the waits pump its event loop.
#include "TestSupport.h"
#include "config/ApmServerYaml.h"
#include "config/SettingsIo.h"
#include "intake/IntakeServer.h"

#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Intake;

namespace {

const QByteArray kGetRoot = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

// A loopback client socket; closes on destruction.
class RawSocket
{
public:
    explicit RawSocket(quint16 port, int receiveBuffer = 0)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (receiveBuffer > 0)
            ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        // Loopback: the kernel completes the handshake even while the server does not accept.
        m_connected = ::connect(m_fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    }
    ~RawSocket() { close(); }
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;

    bool connected() const { return m_connected; }
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }
    // Sends what the kernel takes now; returns the number of bytes sent (-1: the peer is gone).
    qsizetype sendSome(QByteArrayView data)
    {
        const ssize_t n = ::send(m_fd, data.data(), size_t(data.size()), MSG_NOSIGNAL);
        if (n < 0)
            return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
        return qsizetype(n);
    }
    // Sends everything, pumping the event loop while the kernel buffer is full.
    bool sendAll(QByteArrayView data, int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (!data.isEmpty() && t.elapsed() < timeoutMs) {
            const qsizetype n = sendSome(data);
            if (n < 0)
                return false;
            data = data.sliced(n);
            if (!data.isEmpty())
                QTest::qWait(5);
        }
        return data.isEmpty();
    }
    // Reads what is there; sets closed() on EOF or reset.
    QByteArray readAvailable()
    {
        QByteArray out;
        char buf[16384];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n > 0) {
                out.append(buf, qsizetype(n));
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
                m_closed = true;
            break;
        }
        m_received += out;
        return out;
    }
    bool closedByPeer() const { return m_closed; }
    const QByteArray& received() const { return m_received; }
    // Pumps the event loop until the server closed this connection; returns the time it took (-1: it did not).
    qint64 waitForClose(int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        const bool closed = QTest::qWaitFor(
            [&] {
                readAvailable();
                return m_closed;
            },
            timeoutMs);
        return closed ? t.elapsed() : -1;
    }

private:
    int m_fd = -1;
    bool m_connected = false;
    bool m_closed = false;
    QByteArray m_received;
};

std::unique_ptr<IntakeServer> startStub(const QByteArray& yamlText, qint64 bufferBudget = 0)
{
    auto yaml = Config::ApmServerYaml::parse(yamlText);
    if (!yaml)
        qFatal("config: %s", qPrintable(yaml.error().toString()));
    Engine::Options options;
    options.effective = Config::derive(Config::readSettings(*yaml).settings, Config::Profile::V8_19);
    if (bufferBudget > 0)
        options.bufferBudget = bufferBudget;
    auto server = std::make_unique<IntakeServer>();
    server->setWorkerCount(TestSupport::stubWorkers());
    const auto r = server->start(options, QHostAddress::LocalHost, 0);
    if (!r)
        qFatal("cannot start the stub: %s", qPrintable(r.error().toString()));
    return server;
}

} // namespace

class TestStubLimits : public QObject
{
    Q_OBJECT

private slots:
    void maxConnectionsMakesExtraConnectionsWait();
    void readTimeoutCoversHeadAndBody_data();
    void readTimeoutCoversHeadAndBody();
    void idleTimeoutBetweenRequests();
    void writeTimeoutDropsAClientThatDoesNotRead();
    void bufferBudgetPausesReading();
    void pipelinedBacklogYieldsToTheLoop();
};

void TestStubLimits::maxConnectionsMakesExtraConnectionsWait()
{
    // GIVEN max_connections: 2 and two open connections
    auto server = startStub("apm-server:\n  max_connections: 2\n");
    RawSocket first(server->port());
    RawSocket second(server->port());
    QTRY_COMPARE(server->connectionCount(), 2);
    // WHEN a third client connects and sends a request
    RawSocket third(server->port());
    QVERIFY(third.connected()); // not refused (§4.1: netutil.LimitListener makes it wait)
    QVERIFY(third.sendAll(kGetRoot));
    QTest::qWait(700);
    // THEN it is not answered while two connections are active ...
    QVERIFY(third.readAvailable().isEmpty());
    QVERIFY(!third.closedByPeer());
    QCOMPARE(server->connectionCount(), 2);
    // ... and is answered once one of them closes.
    QElapsedTimer t;
    t.start();
    first.close();
    QVERIFY(QTest::qWaitFor(
        [&] {
            third.readAvailable();
            return third.received().contains("\r\n\r\n");
        },
        5000));
    QVERIFY2(third.received().startsWith("HTTP/1.1 200 OK"), third.received().constData());
    qInfo("connection 3 answered %lld ms after connection 1 closed", t.elapsed());
    QCOMPARE(server->connectionCount(), 2);
}

void TestStubLimits::readTimeoutCoversHeadAndBody_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<QByteArray>("trickle");
    QTest::newRow("nothing sent") << QByteArray() << QByteArray();
    QTest::newRow("slow head") << QByteArray("POST /intake/v2/events HTTP/1.1\r\n") << QByteArray("X-A: b\r\n");
    // A valid metadata line, then one event line that never ends.
    QTest::newRow("slow body") << QByteArray("POST /intake/v2/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                             "application/x-ndjson\r\nContent-Length: 100000\r\n\r\n"
                                             R"({"metadata":{"service":{"name":"s","agent":{"name":"nodejs",)"
                                             R"("version":"4.18.0"}}}})"
                                             "\n{\"transaction\":")
                               << QByteArray(" ");
}

void TestStubLimits::readTimeoutCoversHeadAndBody()
{
    QFETCH(QByteArray, start);
    QFETCH(QByteArray, trickle);
    // GIVEN read_timeout: 1s (the whole request, §4.1) and a much longer idle_timeout
    auto server = startStub("apm-server:\n  read_timeout: 1s\n  idle_timeout: 30s\n");
    RawSocket client(server->port());
    QVERIFY(client.sendAll(start));
    // WHEN the client keeps sending a few bytes every 200 ms
    QElapsedTimer t;
    t.start();
    while (!client.closedByPeer() && t.elapsed() < 6000) {
        if (!trickle.isEmpty() && client.sendSome(trickle) < 0)
            break;
        QTest::qWait(200);
        client.readAvailable();
    }
    // THEN the stub closes the connection after read_timeout, without an answer
    const qint64 elapsed = t.elapsed();
    qInfo("closed after %lld ms", elapsed);
    QVERIFY(client.closedByPeer());
    QVERIFY2(elapsed >= 800 && elapsed < 3000, qPrintable(QString::number(elapsed)));
    QVERIFY2(!client.received().startsWith("HTTP/1.1 2"), client.received().constData());
    QTRY_COMPARE(server->connectionCount(), 0);
}

void TestStubLimits::idleTimeoutBetweenRequests()
{
    // GIVEN idle_timeout: 1s and read_timeout: 5s
    auto server = startStub("apm-server:\n  read_timeout: 5s\n  idle_timeout: 1s\n");
    RawSocket client(server->port());
    QVERIFY(client.sendAll(kGetRoot));
    QVERIFY(QTest::qWaitFor(
        [&] {
            client.readAvailable();
            return client.received().contains("\r\n\r\n");
        },
        5000));
    QVERIFY(client.received().startsWith("HTTP/1.1 200 OK"));
    QVERIFY(!client.received().contains("Connection: close"));
    // WHEN the client sends nothing more, THEN the stub closes after idle_timeout (not read_timeout)
    const qint64 elapsed = client.waitForClose(6000);
    qInfo("idle connection closed after %lld ms", elapsed);
    QVERIFY2(elapsed >= 800 && elapsed < 3000, qPrintable(QString::number(elapsed)));
}

void TestStubLimits::writeTimeoutDropsAClientThatDoesNotRead()
{
    // GIVEN write_timeout: 1s and a client with a tiny receive buffer that pipelines many requests and
    // never reads
    auto server = startStub("apm-server:\n  write_timeout: 1s\n  read_timeout: 60s\n  idle_timeout: 60s\n");
    RawSocket client(server->port(), 4096);
    QByteArray requests;
    for (int i = 0; i < 40000; ++i)
        requests += kGetRoot;
    QElapsedTimer t;
    t.start();
    qint64 peak = 0;
    QByteArrayView rest(requests);
    bool sawConnection = false;
    while (t.elapsed() < 30000) {
        const qsizetype n = rest.isEmpty() ? 0 : client.sendSome(rest);
        if (n > 0)
            rest = rest.sliced(n);
        QTest::qWait(5);
        peak = std::max(peak, server->engine()->bufferedBytes());
        sawConnection = sawConnection || server->connectionCount() > 0;
        if (sawConnection && server->connectionCount() == 0)
            break;
    }
    // THEN the stub dropped the connection (read and idle timeouts are 60 s) ...
    qInfo("closed after %lld ms; %lld request bytes unsent; peak buffered %lld bytes", t.elapsed(),
          qint64(rest.size()), peak);
    QVERIFY(sawConnection);
    QCOMPARE(server->connectionCount(), 0);
    QVERIFY(t.elapsed() < 30000);
    // ... and never queued more than about kMaxUnsentOutput + the input bounds meanwhile.
    QVERIFY2(peak < 1024 * 1024, qPrintable(QString::number(peak)));
    QCOMPARE(server->engine()->bufferedBytes(), 0);
}

void TestStubLimits::bufferBudgetPausesReading()
{
    // GIVEN a 512 KiB budget for all connections and read_timeout: 3s
    const qint64 budget = 512 * 1024;
    auto server = startStub("apm-server:\n  kibana.enabled: true\n  read_timeout: 3s\n", budget);
    // WHEN one client sends a 4 MiB agent configuration query (a "small body", held until complete)
    RawSocket big(server->port());
    const QByteArray head = "POST /config/v1/agents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Content-Length: 4194304\r\n\r\n";
    QByteArray payload = head + QByteArray(4 * 1024 * 1024, ' ');
    QByteArrayView rest(payload);
    QElapsedTimer t;
    t.start();
    qint64 peak = 0;
    std::unique_ptr<RawSocket> small;
    qint64 smallSent = -1;
    qint64 smallAnswered = -1;
    while (t.elapsed() < 10000 && smallAnswered < 0) {
        const qsizetype n = rest.isEmpty() ? 0 : big.sendSome(rest);
        if (n > 0)
            rest = rest.sliced(n);
        QTest::qWait(5);
        peak = std::max(peak, server->engine()->bufferedBytes());
        // ... and another client asks for something small while the first holds the budget
        if (!small && t.elapsed() > 1500) {
            small = std::make_unique<RawSocket>(server->port());
            QVERIFY(small->sendAll(kGetRoot));
            smallSent = t.elapsed();
        }
        if (small) {
            small->readAvailable();
            if (small->received().contains("\r\n\r\n"))
                smallAnswered = t.elapsed();
        }
    }
    qInfo("peak buffered %lld bytes (budget %lld); small request sent at %lld ms, answered at %lld ms", peak, budget,
          smallSent, smallAnswered);
    // THEN memory stays near the budget (plus one connection's read-ahead), the big request is cut off by
    // read_timeout, and the small one is answered once the budget is free again.
    QVERIFY2(peak < budget + 512 * 1024, qPrintable(QString::number(peak)));
    QVERIFY(smallAnswered > 2500);
    QVERIFY(small->received().startsWith("HTTP/1.1 200 OK"));
    QVERIFY(big.waitForClose(3000) >= 0);
    QVERIFY2(big.received().isEmpty(), big.received().constData()); // cut off, never answered
}

// A client that pipelines a long backlog of small requests in one write: every answer arrives, in
// order, and the event loop keeps running in between (the stub yields after each time slice when it
// shares the GUI's thread instead of answering the whole backlog in one pass). Prints the longest
// gap between two 2 ms timer ticks.
void TestStubLimits::pipelinedBacklogYieldsToTheLoop()
{
    auto server = startStub("apm-server:\n  host: 127.0.0.1:0\n");
    QByteArray backlog;
    int requests = 0;
    while (backlog.size() + kGetRoot.size() <= 96 * 1024) {
        backlog += kGetRoot;
        ++requests;
    }
    RawSocket client(server->port());
    QVERIFY(client.connected());

    QElapsedTimer sinceTick;
    sinceTick.start();
    qint64 maxGap = 0;
    QTimer ticker;
    ticker.setInterval(2);
    QObject::connect(&ticker, &QTimer::timeout, &ticker, [&] {
        maxGap = std::max(maxGap, sinceTick.restart());
    });
    ticker.start();
    QVERIFY(client.sendAll(backlog));
    const bool all = QTest::qWaitFor(
        [&] {
            client.readAvailable();
            return client.received().count("HTTP/1.1 200 OK\r\n") >= requests || client.closedByPeer();
        },
        30000);
    ticker.stop();
    QVERIFY2(all, qPrintable(QStringLiteral("%1 of %2 answers").arg(client.received().count("HTTP/1.1 200 OK\r\n")).arg(requests)));
    QCOMPARE(client.received().count("HTTP/1.1 200 OK\r\n"), requests);
    QVERIFY(!client.closedByPeer());
    qInfo("%d pipelined requests (%lld bytes) answered; longest event-loop gap %lld ms", requests,
          qint64(backlog.size()), maxGap);
    // One slice is 20 ms; answering the whole backlog in one pass took 190–240 ms in a dev build.
    QVERIFY2(maxGap < 200, qPrintable(QStringLiteral("the event loop stalled for %1 ms").arg(maxGap)));
}

QTEST_GUILESS_MAIN(TestStubLimits)
#include "tst_stublimits.moc"
