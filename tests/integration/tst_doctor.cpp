// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The doctor against servers that are not our stub, so its classification is honest: `openssl
// s_server` with an untrusted, a self-signed, a wrongly named and an incomplete chain and with client
// authentication; nginx speaking plain HTTP on a TLS URL and answering preflights without CORS
// headers; an s_server behind an http:// URL; a closed port; an unresolvable host. Each must be
// pinned to its layer with the right case.
#include "ServerProcess.h"
#include "TestSupport.h"
#include "TlsFixtures.h"
#include "doctor/Doctor.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using TestSupport::acceptsConnections;
using TestSupport::freeLoopbackPort;

class TestDoctor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestSupport::TlsFixtures m_tls;
    QString m_selfSignedCert, m_selfSignedKey, m_leafOnly;
    TestSupport::ChildServers m_servers;

    quint16 startSServer(const QStringList& extra) { return m_servers.startSServer(extra); }

    quint16 startNginx()
    {
        // An APM-Server-like answer on / and the intake path, and preflights without any CORS header.
        return m_servers.startNginx(m_dir, QStringLiteral("  server { listen 127.0.0.1:%1;\n") +
                                               TestSupport::nginxServerInfoLocation() +
                                               QStringLiteral("    location /intake/ { if ($request_method = OPTIONS) "
                                                              "{ return 204; } return 202; }\n  }"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_tls = TestSupport::TlsFixtures::generate(m_dir.path());
        QVERIFY2(m_tls.error.isEmpty(), qPrintable(m_tls.error));
        m_selfSignedCert = m_dir.filePath(QStringLiteral("self.pem"));
        m_selfSignedKey = m_dir.filePath(QStringLiteral("self-key.pem"));
        QCOMPARE(QProcess::execute(QStringLiteral("openssl"),
                                   {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                                    QStringLiteral("-subj"), QStringLiteral("/CN=self-signed"), QStringLiteral("-addext"),
                                    QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-days"), QStringLiteral("1"),
                                    QStringLiteral("-keyout"), m_selfSignedKey, QStringLiteral("-out"), m_selfSignedCert}),
                 0);
        // The chain fixture holds leaf + intermediate; the server that "forgot" its intermediate sends the leaf alone.
        const QList<QSslCertificate> chain = QSslCertificate::fromPath(m_tls.chainCert);
        QVERIFY(chain.size() >= 2);
        m_leafOnly = TestSupport::writeFile(m_dir, QStringLiteral("leaf-only.pem"), chain.constFirst().toPem());
    }

    void cleanup() { m_servers.stopAll(); }

    void pinsLayerAndCause_data()
    {
        QTest::addColumn<QString>("server"); // what to start
        QTest::addColumn<QString>("url");    // %1 = its port
        QTest::addColumn<bool>("withCa");
        QTest::addColumn<QString>("origin");
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("caseId");

        QTest::newRow("closed port → TCP, nothing listens") << "none" << "http://127.0.0.1:%1" << false << "" << "TCP" << "N3";
        QTest::newRow("unresolvable host → DNS") << "none" << "http://apm-server.invalid:8200" << false << "" << "DNS" << "N2";
        QTest::newRow("s_server, private CA not given → TLS, untrusted") << "s_server" << "https://127.0.0.1:%1" << false << "" << "TLS" << "C1";
        QTest::newRow("s_server, self-signed certificate → TLS, untrusted") << "s_server-self" << "https://127.0.0.1:%1" << true << "" << "TLS" << "C1";
        QTest::newRow("s_server, name not in SAN → TLS, hostname") << "s_server" << "https://127.0.0.2:%1" << true << "" << "TLS" << "C12";
        QTest::newRow("s_server, intermediate missing → TLS, chain incomplete") << "s_server-leaf" << "https://127.0.0.1:%1" << true << "" << "TLS" << "C2";
        QTest::newRow("s_server, client certificate required → TLS, client auth") << "s_server-verify" << "https://127.0.0.1:%1" << true << "" << "TLS" << "C14";
        QTest::newRow("plain HTTP nginx on an https URL → TLS, scheme") << "nginx" << "https://127.0.0.1:%1" << false << "" << "TLS" << "C16";
        QTest::newRow("TLS s_server on an http URL → HTTP, scheme") << "s_server" << "http://127.0.0.1:%1" << false << "" << "HTTP" << "C16";
        QTest::newRow("nginx without CORS headers → RUM preflight") << "nginx" << "http://127.0.0.1:%1" << false << "http://shop.example:3000" << "RUM/CORS" << "C27";
    }

    void pinsLayerAndCause()
    {
        QFETCH(QString, server);
        QFETCH(QString, url);
        QFETCH(bool, withCa);
        QFETCH(QString, origin);
        QFETCH(QString, layer);
        QFETCH(QString, caseId);

        // GIVEN a server that is not our stub
        quint16 port = freeLoopbackPort();
        if (server == QLatin1String("s_server"))
            port = startSServer({QStringLiteral("-cert"), m_tls.serverCert, QStringLiteral("-key"), m_tls.serverKey});
        else if (server == QLatin1String("s_server-self"))
            port = startSServer({QStringLiteral("-cert"), m_selfSignedCert, QStringLiteral("-key"), m_selfSignedKey});
        else if (server == QLatin1String("s_server-leaf"))
            port = startSServer({QStringLiteral("-cert"), m_leafOnly, QStringLiteral("-key"), m_tls.chainKey});
        else if (server == QLatin1String("s_server-verify"))
            port = startSServer({QStringLiteral("-cert"), m_tls.serverCert, QStringLiteral("-key"), m_tls.serverKey,
                                 QStringLiteral("-Verify"), QStringLiteral("1"), QStringLiteral("-CAfile"), m_tls.caCert});
        else if (server == QLatin1String("nginx"))
            QVERIFY2((port = startNginx()) != 0, qPrintable(m_servers.error()));
        if (server != QLatin1String("none"))
            QVERIFY2(acceptsConnections(port), qPrintable(server + QStringLiteral(" did not start")));

        // WHEN the doctor runs its chain
        Doctor::DoctorSpec spec;
        spec.url = QUrl(url.contains(QLatin1String("%1")) ? url.arg(port) : url);
        spec.secretToken = QStringLiteral("doctor-token");
        spec.origin = origin;
        // s_server -www never answers the POST of the intake step: keep that wait short.
        spec.timeoutMs = 1500;
        if (withCa) {
            spec.caCertificates = QSslCertificate::fromPath(m_tls.caCert);
            spec.caFile = m_tls.caCert;
        }
        Doctor::Doctor doctor;
        QSignalSpy finished(&doctor, &Doctor::Doctor::finished);
        QElapsedTimer timer;
        timer.start();
        doctor.start(spec);
        QVERIFY(finished.count() == 1 || finished.wait(15000));
        qInfo("doctor took %lld ms", timer.elapsed());

        // THEN the first problem is at the right layer, with the right case first
        QCOMPARE(doctor.steps().size(), Doctor::Doctor::stepNames().size());
        const Doctor::StepResult* problem = doctor.firstProblem();
        QString dump;
        for (const Doctor::StepResult& s : doctor.steps())
            dump += s.name + QLatin1Char(' ') + Doctor::statusName(s.status) + QStringLiteral(": ") +
                    s.evidence.join(QStringLiteral(" | ")) + QLatin1Char('\n');
        QVERIFY2(problem, qPrintable(dump));
        QCOMPARE(Doctor::layerName(problem->layer), layer);
        QVERIFY2(!problem->causes.isEmpty(), qPrintable(dump));
        QVERIFY2(problem->causes.constFirst().caseId == caseId,
                 qPrintable(problem->causes.constFirst().caseId + QStringLiteral(" first\n") + dump));
        QVERIFY(!problem->fix.isEmpty());
    }

    void http2Step_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("status");   // of the HTTP/2 step
        QTest::addColumn<QString>("evidence"); // part of its evidence
        QTest::addColumn<QString>("caseId");   // its first cause ("" = none)
        QTest::newRow("nginx with http2: HTTP/2 answered") << "nginx-h2" << "https://127.0.0.1:%1" << "passed" << "over HTTP/2" << "";
        QTest::newRow("server choosing h2 without speaking it: C18") << "s_server-h2" << "https://127.0.0.1:%1" << "failed"
                                                                      << "ALPN chose h2" << "C18";
        QTest::newRow("plain HTTP: skipped") << "nginx" << "http://127.0.0.1:%1" << "skipped" << "only over TLS" << "";
    }

    void http2Step()
    {
        QFETCH(QString, server);
        QFETCH(QString, url);
        QFETCH(QString, status);
        QFETCH(QString, evidence);
        QFETCH(QString, caseId);
        // GIVEN a server that is not our stub
        quint16 port = 0;
        if (server == QLatin1String("nginx-h2"))
            port = m_servers.startNginx(m_dir, QStringLiteral("  server { listen 127.0.0.1:%1 ssl http2; ssl_certificate ") +
                                                   m_tls.serverCert + QStringLiteral("; ssl_certificate_key ") + m_tls.serverKey +
                                                   QStringLiteral(";\n") + TestSupport::nginxServerInfoLocation() + QStringLiteral("  }"));
        else if (server == QLatin1String("nginx"))
            port = startNginx();
        else
            port = startSServer({QStringLiteral("-alpn"), QStringLiteral("h2"), QStringLiteral("-cert"), m_tls.serverCert,
                                 QStringLiteral("-key"), m_tls.serverKey});
        QVERIFY2(port && acceptsConnections(port), qPrintable(server + QStringLiteral(" did not start ") + m_servers.error()));

        // WHEN the doctor runs up to its HTTP/2 step
        Doctor::DoctorSpec spec;
        spec.url = QUrl(url.arg(port));
        spec.caCertificates = QSslCertificate::fromPath(m_tls.caCert);
        spec.caFile = m_tls.caCert;
        spec.timeoutMs = 1500;
        spec.lastStep = int(Doctor::Doctor::stepNames().indexOf(QStringLiteral("HTTP/2 (ALPN h2)")));
        QVERIFY(spec.lastStep > 0);
        Doctor::Doctor doctor;
        QSignalSpy finished(&doctor, &Doctor::Doctor::finished);
        doctor.start(spec);
        QVERIFY(finished.count() == 1 || finished.wait(15000));

        // THEN that step says what happened over HTTP/2, with C18 when only HTTP/1.1 works
        const Doctor::StepResult& step = doctor.steps().at(spec.lastStep);
        const QString dump = step.evidence.join(QStringLiteral(" | "));
        QCOMPARE(step.layer, Doctor::Layer::Http);
        QCOMPARE(Doctor::statusName(step.status), status);
        QVERIFY2(dump.contains(evidence), qPrintable(dump));
        QCOMPARE(step.causes.isEmpty() ? QString() : step.causes.constFirst().caseId, caseId);
        if (!caseId.isEmpty())
            QVERIFY(!step.fix.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDoctor)
#include "tst_doctor.moc"
