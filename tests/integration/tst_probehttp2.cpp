// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The probe's ALPN pair (tls/alpn-h2, tls/alpn-http1.1; case C18) against servers that are not our
// stub: nginx speaking HTTP/2 on TLS must be recognised as such with the same answer as over
// HTTP/1.1, and a server that chooses h2 by ALPN but does not speak HTTP/2 framing (`openssl
// s_server -alpn h2`, which answers the connection preface with HTTP/1.0 text) must be pinned to
// C18 while its HTTP/1.1 counterpart gets an answer.
#include "ServerProcess.h"
#include "TestSupport.h"
#include "TlsFixtures.h"
#include "config/ApmServerYaml.h"
#include "config/EffectiveSettings.h"
#include "config/SettingsIo.h"
#include "probe/ProbeSession.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using TestSupport::acceptsConnections;

class TestProbeHttp2 : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestSupport::TlsFixtures m_tls;
    TestSupport::ChildServers m_servers;

private slots:
    void initTestCase()
    {
        m_tls = TestSupport::TlsFixtures::generate(m_dir.path());
        QVERIFY2(m_tls.error.isEmpty(), qPrintable(m_tls.error));
    }

    void cleanup() { m_servers.stopAll(); }

    void alpnPair_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("h2Version");   // the HTTP version the h2 scenario got ("" = no answer)
        QTest::addColumn<bool>("h2Matches");
        QTest::addColumn<QString>("h2Case");      // the case the h2 scenario is explained by ("" = none)
        QTest::addColumn<bool>("http1Answered");
        QTest::addColumn<bool>("alpnSeen"); // Qt reports the chosen protocol only for a completed exchange

        QTest::newRow("nginx with http2: h2 negotiated, same answer as HTTP/1.1")
            << "nginx-h2" << "HTTP/2" << true << "" << true << true;
        QTest::newRow("server choosing h2 without speaking it: C18, HTTP/1.1 still answered")
            << "s_server-h2" << "" << false << "C18" << true << false;
    }

    void alpnPair()
    {
        QFETCH(QString, server);
        QFETCH(QString, h2Version);
        QFETCH(bool, h2Matches);
        QFETCH(QString, h2Case);
        QFETCH(bool, http1Answered);
        QFETCH(bool, alpnSeen);

        // GIVEN a TLS server that is not our stub
        quint16 port = 0;
        if (server == QLatin1String("nginx-h2")) {
            // An APM-Server-like GET / over TLS with HTTP/2 enabled.
            port = m_servers.startNginx(m_dir, QStringLiteral("  server { listen 127.0.0.1:%1 ssl http2; ssl_certificate ") +
                                                   m_tls.serverCert + QStringLiteral("; ssl_certificate_key ") + m_tls.serverKey +
                                                   QStringLiteral(";\n") + TestSupport::nginxServerInfoLocation() + QStringLiteral("  }"));
            QVERIFY2(port, qPrintable(m_servers.error()));
        } else {
            port = m_servers.startSServer({QStringLiteral("-alpn"), QStringLiteral("h2"), QStringLiteral("-cert"), m_tls.serverCert,
                                           QStringLiteral("-key"), m_tls.serverKey});
        }
        QVERIFY2(acceptsConnections(port), qPrintable(server + QStringLiteral(" did not start")));

        // WHEN the probe runs with expectations for a plain TLS configuration without credentials
        auto parsed = Config::ApmServerYaml::parse(
            QStringLiteral("apm-server:\n  ssl:\n    certificate: %1\n    key: %2\n").arg(m_tls.serverCert, m_tls.serverKey).toUtf8());
        QVERIFY(parsed);
        Probe::ProbeRequestSpec spec;
        spec.url = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(port));
        spec.effective = Config::derive(Config::readSettings(*parsed).settings, Config::Profile::V8_19);
        spec.caFile = m_tls.caCert;
        spec.burst = false;
        spec.timeoutMs = 2000; // s_server -www never answers the intake POSTs
        Probe::ProbeSession session;
        QSignalSpy done(&session, &Probe::ProbeSession::finished);
        auto started = session.start(spec);
        QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
        QVERIFY(done.wait(30000));
        const Probe::ProbeReport& r = session.report();

        // THEN the two ALPN scenarios tell HTTP/2 from HTTP/1.1
        int h2 = -1;
        int http1 = -1;
        for (int i = 0; i < r.scenarios.size(); ++i) {
            if (r.scenarios.at(i).id == QLatin1String("tls/alpn-h2"))
                h2 = i;
            if (r.scenarios.at(i).id == QLatin1String("tls/alpn-http1.1"))
                http1 = i;
        }
        QVERIFY(h2 >= 0 && http1 >= 0);
        const Probe::Observation& o2 = r.observations.at(h2);
        const Probe::Outcome& out2 = r.outcomes.at(h2);
        const QString dump = out2.actual + QStringLiteral(" | ") + out2.differences.join(QStringLiteral("; ")) +
                             QStringLiteral(" | alpn ") + o2.alpn + QStringLiteral(" | ") + o2.errorText + QStringLiteral(" | ") + Probe::timingText(o2);
        if (alpnSeen)
            QVERIFY2(o2.alpn == QLatin1String("h2"), qPrintable(dump));
        QCOMPARE(o2.answered ? o2.httpVersion : QString(), h2Version);
        QVERIFY2(out2.matches == h2Matches, qPrintable(dump));
        QVERIFY2(out2.caseId == h2Case || (h2Case.isEmpty() && out2.matches), qPrintable(dump));
        if (!h2Case.isEmpty())
            QVERIFY(!out2.fix.isEmpty());
        const Probe::Observation& o1 = r.observations.at(http1);
        QCOMPARE(o1.answered, http1Answered);
        QCOMPARE(o1.httpVersion, QStringLiteral("HTTP/1.1"));
        QVERIFY2(o1.alpn.isEmpty() || o1.alpn == QLatin1String("http/1.1"), qPrintable(o1.alpn));
        // the curl commands say which protocol each one used
        QVERIFY(Probe::curlCommand(r.target, r.scenarios.at(h2), r.curl).contains(QLatin1String("--http2")));
        QVERIFY(Probe::curlCommand(r.target, r.scenarios.at(http1), r.curl).contains(QLatin1String("--http1.1")));
    }
};

QTEST_GUILESS_MAIN(TestProbeHttp2)
#include "tst_probehttp2.moc"
