// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The probe against the embedded stub in many configurations: every scenario's expectation (the
// rules of app/config as the in-memory pipeline applies them) must equal what the stub answers over
// real sockets, TLS and mutual TLS included. This cross-checks the network path of the stub, the
// runner and the classifier, in both profiles.
#include "TlsFixtures.h"
#include "config/ApmServerYaml.h"
#include "config/EffectiveSettings.h"
#include "config/SettingsIo.h"
#include "probe/ProbeSession.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestProbeStub : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestSupport::TlsFixtures m_tls;

    QByteArray expand(QByteArray yaml) const
    {
        yaml.replace("@CERT@", m_tls.serverCert.toUtf8());
        yaml.replace("@KEY@", m_tls.serverKey.toUtf8());
        yaml.replace("@CA@", m_tls.caCert.toUtf8());
        return yaml;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_tls = TestSupport::TlsFixtures::generate(m_dir.path());
        QVERIFY2(m_tls.error.isEmpty(), qPrintable(m_tls.error));
    }

    void matrixMatchesStub_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("profile");
        QTest::addColumn<bool>("clientCert");
        QTest::addColumn<QStringList>("mustHave"); // scenario ids the matrix must contain

        const QByteArray noAuth = "apm-server:\n  rum.enabled: true\n";
        const QByteArray token = "apm-server:\n  auth:\n    secret_token: probe-token\n"
                                 "    anonymous.rate_limit.event_limit: 4\n  rum.enabled: true\n";
        const QByteArray tokenDefaultLimit = "apm-server:\n  auth.secret_token: probe-token\n  rum.enabled: true\n";
        const QByteArray apiKeys = "apm-server:\n  auth:\n    secret_token: probe-token\n    api_key.enabled: true\n"
                                   "  kibana.enabled: true\n  rum:\n    enabled: true\n"
                                   "    allow_origins: ['https://*.example.com']\n    allow_headers: [X-Custom]\n";
        const QByteArray anonymous = "apm-server:\n  auth:\n    secret_token: probe-token\n    anonymous:\n"
                                     "      enabled: true\n      allow_agent: [rum-js]\n      allow_service: [probe-web]\n"
                                     "      rate_limit.event_limit: 3\n  rum:\n    enabled: true\n"
                                     "    allow_origins: ['http://localhost:*']\n";
        const QByteArray anonymousOff = "apm-server:\n  auth:\n    api_key.enabled: true\n    anonymous.enabled: false\n"
                                        "  rum.enabled: true\n";
        const QByteArray tls = "apm-server:\n  auth.secret_token: probe-token\n  ssl:\n    certificate: @CERT@\n"
                               "    key: @KEY@\n";
        const QByteArray tls13 = "apm-server:\n  ssl:\n    certificate: @CERT@\n    key: @KEY@\n"
                                 "    supported_protocols: [TLSv1.3]\n";
        const QByteArray mtls = "apm-server:\n  auth.secret_token: probe-token\n  ssl:\n    certificate: @CERT@\n"
                                "    key: @KEY@\n    certificate_authorities: [@CA@]\n";
        const QByteArray mtlsOptional = "apm-server:\n  ssl:\n    certificate: @CERT@\n    key: @KEY@\n"
                                        "    certificate_authorities: [@CA@]\n    client_authentication: optional\n";
        const QStringList creds = {QStringLiteral("backend-intake/wrong-token"), QStringLiteral("server-info/none")};
        for (const char* p : {"7.15", "8.19"}) {
            const QString profile = QLatin1String(p);
            QTest::addRow("no auth [%s]", p) << noAuth << profile << false << creds;
            QTest::addRow("secret token, anonymous via RUM, burst [%s]", p) << token << profile << false
                                                                              << QStringList{QStringLiteral("backend-intake/token")};
            QTest::addRow("API keys of every kind, agent config on [%s]", p)
                << apiKeys << profile << false
                << QStringList{QStringLiteral("agent-config/apikey-event:write"), QStringLiteral("backend-intake/apikey-expired"),
                               QStringLiteral("rum-intake-v2/apikey-invalidated"), QStringLiteral("rum-origin/allowed/preflight")};
            QTest::addRow("anonymous allow-lists, origin globs [%s]", p)
                << anonymous << profile << false
                << QStringList{QStringLiteral("anonymous/agent-not-allowed"), QStringLiteral("burst/anonymous"),
                               QStringLiteral("rum-origin/disallowed/post")};
            QTest::addRow("API keys only, anonymous off [%s]", p) << anonymousOff << profile << false
                                                                   << QStringList{QStringLiteral("backend-intake/apikey-no-colon")};
            QTest::addRow("TLS [%s]", p) << tls << profile << false
                                         << QStringList{QStringLiteral("tls/untrusted-CA"), QStringLiteral("tls/hostname-not-in-SAN"),
                                                        QStringLiteral("tls/foreign-client-certificate"),
                                                        QStringLiteral("tls/alpn-h2"), QStringLiteral("tls/alpn-http1.1")};
            QTest::addRow("mutual TLS required [%s]", p) << mtls << profile << true
                                                         << QStringList{QStringLiteral("tls/no-client-certificate"),
                                                                        QStringLiteral("tls/valid-client-certificate")};
        }
        QTest::addRow("TLS 1.3 only [8.19]") << tls13 << QStringLiteral("8.19") << false
                                             << QStringList{QStringLiteral("tls/protocol-below-the-floor")};
        QTest::addRow("client certificates optional [8.19]") << mtlsOptional << QStringLiteral("8.19") << false
                                                             << QStringList{QStringLiteral("tls/foreign-client-certificate")};
        QTest::addRow("secret token, default event_limit 300: 910-request burst [8.19]")
            << tokenDefaultLimit << QStringLiteral("8.19") << false << QStringList{QStringLiteral("burst/anonymous")};
    }

    void matrixMatchesStub()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, profile);
        QFETCH(bool, clientCert);
        QFETCH(QStringList, mustHave);

        // GIVEN the configuration served by the embedded stub
        auto parsed = Config::ApmServerYaml::parse(expand(yaml));
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().toString()));
        Probe::ProbeRequestSpec spec;
        spec.embedded = true;
        spec.effective = Config::derive(Config::readSettings(*parsed).settings, *Config::parseProfile(profile));
        QVERIFY(spec.effective.canStart());
        if (spec.effective.tlsEnabled.value)
            spec.caFile = m_tls.caCert;
        if (clientCert) {
            spec.clientCertFile = m_tls.clientCert;
            spec.clientKeyFile = m_tls.clientKey;
        }
        // WHEN the whole matrix runs against it
        Probe::ProbeSession session;
        QSignalSpy done(&session, &Probe::ProbeSession::finished);
        QElapsedTimer timer;
        timer.start();
        auto started = session.start(spec);
        QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
        QVERIFY(done.wait(25000));
        const Probe::ProbeReport& report = session.report();

        // THEN every scenario got what the rules predict
        QStringList ids;
        for (const Probe::Scenario& s : report.scenarios)
            ids << s.id;
        for (const QString& id : mustHave)
            QVERIFY2(ids.contains(id), qPrintable(QStringLiteral("missing scenario %1 in %2").arg(id, ids.join(QLatin1Char(' ')))));
        QVERIFY2(report.scenarios.size() >= 30, qPrintable(QString::number(report.scenarios.size())));
        QStringList failing;
        for (int i = 0; i < report.outcomes.size(); ++i) {
            if (!report.outcomes.at(i).matches)
                failing << report.scenarios.at(i).id + QStringLiteral(": ") + report.outcomes.at(i).differences.join(QStringLiteral("; ")) +
                               QStringLiteral(" | ") + report.outcomes.at(i).actual;
        }
        QVERIFY2(failing.isEmpty(), qPrintable(failing.join(QLatin1Char('\n'))));
        // ... and the target is recognised as the profile it emulates
        QCOMPARE(report.identity.behavesLike, profile);
        qInfo("%s: %d scenarios in %.0f ms", QTest::currentDataTag(), int(report.scenarios.size()), report.wallMs);
    }

    void timingsSplitEachConnection_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<bool>("https");
        QTest::newRow("plain HTTP: DNS and connect, no TLS phase") << QByteArray("apm-server:\n  auth.secret_token: probe-token\n") << false;
        QTest::newRow("TLS: DNS, connect and a handshake")
            << QByteArray("apm-server:\n  auth.secret_token: probe-token\n  ssl:\n    certificate: @CERT@\n    key: @KEY@\n") << true;
    }

    void timingsSplitEachConnection()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(bool, https);
        auto parsed = Config::ApmServerYaml::parse(expand(yaml));
        QVERIFY(parsed);
        Probe::ProbeRequestSpec spec;
        spec.embedded = true;
        spec.effective = Config::derive(Config::readSettings(*parsed).settings, Config::Profile::V8_19);
        spec.burst = false;
        if (https)
            spec.caFile = m_tls.caCert;
        Probe::ProbeSession session;
        QSignalSpy done(&session, &Probe::ProbeSession::finished);
        QVERIFY(session.start(spec));
        QVERIFY(done.wait(15000));
        const Probe::ProbeReport& r = session.report();
        QVERIFY(session.runner().connectRoundTripMs() >= 0);

        int fresh = 0;
        int reused = 0;
        for (int i = 0; i < r.observations.size(); ++i) {
            const Probe::Observation& o = r.observations.at(i);
            const QString what = r.scenarios.at(i).id + QStringLiteral(": ") + Probe::timingText(o);
            if (!o.answered)
                continue;
            if (o.newConnection) {
                ++fresh;
                // a connection of its own: every phase measured, in order, within the total
                QVERIFY2(o.dnsMs >= 0 && o.queuedMs >= 0 && o.connectMs >= 0, qPrintable(what));
                QVERIFY2(https ? o.tlsMs > 0 : o.tlsMs < 0, qPrintable(what));
                QVERIFY2(o.headersMs >= o.dnsMs + o.queuedMs + o.connectMs + std::max(0.0, o.tlsMs) - 0.01, qPrintable(what));
            } else {
                ++reused;
                QVERIFY2(o.dnsMs < 0 && o.connectMs < 0 && o.tlsMs < 0, qPrintable(what));
                QVERIFY2(Probe::timingText(o).startsWith(QLatin1String("reused connection")), qPrintable(what));
            }
            QVERIFY2(o.headersMs >= 0 && o.totalMs >= o.headersMs, qPrintable(what));
            // the bar's phases add up to the total
            QVERIFY2(qAbs(Probe::timingPhases(o).total() - o.totalMs) < 0.01, qPrintable(what));
        }
        QVERIFY2(fresh >= 1 && reused >= 1, qPrintable(QStringLiteral("%1 fresh, %2 reused").arg(fresh).arg(reused)));
        qInfo("%s: %d requests on fresh connections, %d on reused ones; connect round trip %.3f ms",
              QTest::currentDataTag(), fresh, reused, session.runner().connectRoundTripMs());
    }

    void reportsAreWellFormed()
    {
        auto parsed = Config::ApmServerYaml::parse("apm-server:\n  auth.secret_token: probe-token\n  rum.enabled: true\n");
        QVERIFY(parsed);
        Probe::ProbeRequestSpec spec;
        spec.embedded = true;
        spec.effective = Config::derive(Config::readSettings(*parsed).settings, Config::Profile::V8_19);
        spec.burst = false;
        Probe::ProbeSession session;
        QSignalSpy done(&session, &Probe::ProbeSession::finished);
        QVERIFY(session.start(spec));
        QVERIFY(done.wait(15000));
        const Probe::ProbeReport& r = session.report();
        // JSON: parseable, one row per scenario, no secret token anywhere.
        const QByteArray json = Probe::renderJson(r);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.object().value(QStringLiteral("scenarios")).toArray().size(), r.scenarios.size());
        QVERIFY(!json.contains("probe-token"));
        QVERIFY(json.contains("$APM_SECRET_TOKEN"));
        // JUnit: one testcase per scenario, zero failures.
        const QByteArray junit = Probe::renderJUnit(r);
        QCOMPARE(junit.count("<testcase "), r.scenarios.size());
        QVERIFY(junit.contains("failures=\"0\""));
        // HTML: self-contained (no external resource, no script).
        const QByteArray html = Probe::renderHtml(r);
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(!html.contains("<script") && !html.contains("src=") && !html.contains("href=\"http"));
        QVERIFY(!html.contains("probe-token"));
        // curl: the token as a variable unless revealed.
        Probe::CurlOptions reveal = r.curl;
        reveal.reveal = true;
        const Probe::Scenario* tokenScenario = nullptr;
        for (const Probe::Scenario& s : r.scenarios) {
            if (s.id == QLatin1String("backend-intake/token"))
                tokenScenario = &s;
        }
        QVERIFY(tokenScenario);
        QVERIFY(Probe::curlCommand(r.target, *tokenScenario, r.curl).contains(QLatin1String("\"Authorization: Bearer $APM_SECRET_TOKEN\"")));
        QVERIFY(Probe::curlCommand(r.target, *tokenScenario, reveal).contains(QLatin1String("Bearer probe-token")));
    }
};

QTEST_GUILESS_MAIN(TestProbeStub)
#include "tst_probestub.moc"
