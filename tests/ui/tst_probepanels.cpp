// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The Probe and Doctor panels with their real services: the probe against the embedded stub (all
// rows pass, then a failing target), the doctor against a closed port, and the error-text matcher.
// Credentials come from a MemorySecretStore under the document's `${NAME}`s (checked on the wire
// by a recording server), and the matcher's confirm button runs only what confirms the case.
// With GATEKEEPER_SCREENSHOT_DIR set, each state is also saved as a PNG.
#include "config/Document.h"
#include "TestSupport.h"
#include "doctor/Doctor.h"
#include "intake/IntakeServer.h"
#include "panels/DoctorPanel.h"
#include "panels/ProbePanel.h"
#include "probe/ProbeSession.h"
#include "secrets/MemorySecretStore.h"
#include "widgets/TimingBar.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {

void screenshot(QWidget& w, const QString& name)
{
    const QString dir = qEnvironmentVariable("GATEKEEPER_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(w.grab().save(dir + QLatin1Char('/') + name));
}

// Answers every request with 200 {} and keeps the raw request heads it received.
class RecordingServer : public QTcpServer
{
public:
    RecordingServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    if (!buffer->contains("\r\n\r\n"))
                        return;
                    received += *buffer;
                    buffer->clear();
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                                  "Connection: close\r\n\r\n{}");
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QByteArray received;
};

void store(Secrets::MemorySecretStore& store, const QString& name, const QByteArray& value)
{
    bool done = false;
    store.write(name, value, [&](Core::Result<void> r) {
        QVERIFY(r.ok());
        done = true;
    });
    QTRY_VERIFY(done);
}

} // namespace

class TestProbePanels : public QObject
{
    Q_OBJECT

private slots:
    void probeEmbeddedThenFailingTarget()
    {
        // GIVEN a document with a token and RUM, and the panel over a real ProbeSession
        Config::Document document;
        QVERIFY(document.setText("apm-server:\n  auth.secret_token: panel-token\n  rum:\n    enabled: true\n"
                                 "    allow_origins: ['https://shop.example.com']\n"));
        document.setProfile(Config::Profile::V8_19);
        Probe::ProbeSession session;
        ProbePanel panel(&session, &document, nullptr);
        panel.resize(1200, 800);
        panel.show();
        QSignalSpy done(&panel, &ProbePanel::runFinished);

        // WHEN it probes the embedded stub
        panel.run();
        QVERIFY(done.wait(20000));
        // THEN every row passes and the status says so
        QVERIFY(panel.model()->rowCount() > 40);
        for (int r = 0; r < panel.model()->rowCount(); ++r)
            QVERIFY2(panel.model()->item(r, 0)->text().contains(QStringLiteral("pass")), qPrintable(panel.model()->item(r, 3)->text()));
        QVERIFY(panel.statusText().contains(QStringLiteral("as expected")));
        auto* table = panel.findChild<QTableView*>(QStringLiteral("probeTable"));
        QVERIFY(table);
        // ... and the timing bar splits a request that opened its connection into its phases,
        // while one on a reused connection says so
        auto* bar = panel.findChild<TimingBar*>(QStringLiteral("probeTiming"));
        QVERIFY(bar);
        int freshRow = -1;
        bool sawReused = false;
        for (int r = 0; r < panel.model()->rowCount(); ++r) {
            table->selectRow(r);
            double sum = 0;
            bool connect = false;
            for (const TimingBar::Segment& seg : bar->segments()) {
                sum += seg.ms;
                connect = connect || (seg.label == QLatin1String("connect") && seg.ms > 0);
            }
            QVERIFY2(sum > 0, qPrintable(bar->summary()));
            QVERIFY2(bar->summary().contains(QLatin1String("total")), qPrintable(bar->summary()));
            if (connect && freshRow < 0)
                freshRow = r;
            sawReused = sawReused || bar->summary().startsWith(QLatin1String("reused connection"));
        }
        QVERIFY(freshRow >= 0);
        QVERIFY(sawReused);
        // ... and a category of the filter shows exactly that category's rows (matched by data, so
        // the entry's text may be translated)
        auto* filter = panel.findChild<QComboBox*>(QStringLiteral("probeFilter"));
        QVERIFY(filter);
        const int anonymous = filter->findData(QStringLiteral("anonymous"));
        QVERIFY(anonymous > 1);
        filter->setCurrentIndex(anonymous);
        int shown = 0;
        for (int r = 0; r < panel.model()->rowCount(); ++r) {
            const bool isAnonymous = panel.model()->item(r, 1)->text() == QLatin1String("anonymous");
            shown += isAnonymous ? 1 : 0;
        }
        int visible = 0;
        for (int r = 0; r < table->model()->rowCount(); ++r)
            visible += table->isRowHidden(r) ? 0 : 1;
        QVERIFY(shown > 0);
        QCOMPARE(visible, shown);
        filter->setCurrentIndex(0);
        table->selectRow(freshRow);
        screenshot(panel, QStringLiteral("probe-passing.png"));

        // WHEN it probes a port where nothing listens
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        panel.setTargetUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        panel.run();
        QVERIFY(done.wait(20000));
        // THEN rows fail as unreachable, and "failures only" keeps them visible
        QVERIFY(panel.model()->rowCount() > 0);
        QVERIFY(panel.model()->item(0, 0)->text().contains(QStringLiteral("FAIL")));
        QVERIFY(panel.model()->item(0, 5)->text().contains(QStringLiteral("ConnectionRefused")));
        panel.setFailuresOnly(true);
        QVERIFY(!table->isRowHidden(0));
        table->selectRow(0);
        screenshot(panel, QStringLiteral("probe-failing.png"));
    }

    void probeCredentialsFromKeychain_data()
    {
        QTest::addColumn<QString>("tokenEntry");    // chosen entry ("" = typed)
        QTest::addColumn<QString>("apiKeyEntry");
        QTest::addColumn<QString>("typedToken");
        QTest::addColumn<bool>("unavailable");
        QTest::addColumn<QByteArray>("expectedOnWire"); // empty: the run must not start
        QTest::addColumn<QString>("expectedStatus");
        QTest::newRow("token from the document's ${PANEL_TOKEN} entry (the default)")
            << QStringLiteral("PANEL_TOKEN") << QString() << QString() << false
            << QByteArray("Authorization: Bearer keychain-token-value") << QStringLiteral("against");
        QTest::newRow("API key credentials from the ${PANEL_API_KEY} entry")
            << QStringLiteral("PANEL_TOKEN") << QStringLiteral("PANEL_API_KEY") << QString() << false
            << QByteArray("Authorization: ApiKey aWQ6a2V5LXZhbHVl") << QStringLiteral("against");
        QTest::newRow("typed token when 'typed' is chosen")
            << QString() << QString() << QStringLiteral("typed-token-value") << false
            << QByteArray("Authorization: Bearer typed-token-value") << QStringLiteral("against");
        QTest::newRow("entry missing from the keychain: message, no run")
            << QStringLiteral("PANEL_MISSING") << QString() << QString() << false << QByteArray()
            << QStringLiteral("Cannot read the credentials from the keychain: ${PANEL_MISSING}");
        QTest::newRow("keychain unavailable: message, no run")
            << QStringLiteral("PANEL_TOKEN") << QString() << QString() << true << QByteArray()
            << QStringLiteral("Cannot read the credentials from the keychain: ${PANEL_TOKEN}");
    }

    void probeCredentialsFromKeychain()
    {
        QFETCH(QString, tokenEntry);
        QFETCH(QString, apiKeyEntry);
        QFETCH(QString, typedToken);
        QFETCH(bool, unavailable);
        QFETCH(QByteArray, expectedOnWire);
        QFETCH(QString, expectedStatus);
        // GIVEN a document referencing ${PANEL_TOKEN} (and others), a store holding two of them
        Config::Document document;
        QVERIFY(document.setText("apm-server:\n  auth.secret_token: ${PANEL_TOKEN}\n  auth.api_key.enabled: true\n"
                                 "  ssl.key_passphrase: ${PANEL_API_KEY}\n  ssl.certificate_authorities: ['${PANEL_MISSING}']\n"));
        Secrets::MemorySecretStore secrets;
        store(secrets, QStringLiteral("PANEL_TOKEN"), "keychain-token-value");
        store(secrets, QStringLiteral("PANEL_API_KEY"), "aWQ6a2V5LXZhbHVl");
        secrets.simulateUnavailable(unavailable);
        Probe::ProbeSession session;
        ProbePanel panel(&session, &document, &secrets);
        // THEN the entries offered are the document's references, the token's preselected
        QCOMPARE(panel.keychainEntries(),
                 QStringList({QStringLiteral("PANEL_TOKEN"), QStringLiteral("PANEL_API_KEY"), QStringLiteral("PANEL_MISSING")}));
        QCOMPARE(panel.tokenEntry(), QStringLiteral("PANEL_TOKEN"));
        QCOMPARE(panel.apiKeyEntry(), QString());

        // WHEN the user picks the entries (or types) and probes a recording server
        panel.setTokenEntry(tokenEntry);
        panel.setApiKeyEntry(apiKeyEntry);
        auto* token = panel.findChild<QLineEdit*>(QStringLiteral("probeToken"));
        QVERIFY(token);
        QCOMPARE(token->isEnabled(), tokenEntry.isEmpty());
        token->setText(typedToken);
        RecordingServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        panel.setTargetUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()));
        QSignalSpy done(&panel, &ProbePanel::runFinished);
        panel.run();
        QVERIFY(done.wait(30000));

        // THEN the stored (or typed) value went on the wire, and no value shows in the panel
        QVERIFY2(panel.statusText().contains(expectedStatus), qPrintable(panel.statusText()));
        if (expectedOnWire.isEmpty()) {
            QCOMPARE(server.received, QByteArray());
            QCOMPARE(panel.model()->rowCount(), 0);
        } else {
            QVERIFY2(server.received.contains(expectedOnWire), server.received.left(600).constData());
            QVERIFY(panel.model()->rowCount() > 0);
        }
        for (const char* value : {"keychain-token-value", "aWQ6a2V5LXZhbHVl"}) {
            QVERIFY(!panel.statusText().contains(QLatin1String(value)));
            for (int r = 0; r < panel.model()->rowCount(); ++r)
                for (int c = 0; c < panel.model()->columnCount(); ++c)
                    QVERIFY(!panel.model()->item(r, c)->text().contains(QLatin1String(value)));
        }
    }

    void doctorPassesAgainstAWorkingServer()
    {
        // GIVEN the stub serving a token-protected configuration with RUM (a working APM Server)
        const auto stub = TestSupport::serveDocument("apm-server:\n  auth.secret_token: doctor-panel-token\n  rum:\n"
                                                     "    enabled: true\n    allow_origins: ['https://shop.example.com']\n",
                                                     QStringLiteral("doctor-panel-token"));
        Doctor::Doctor doctor;
        DoctorPanel panel(&doctor);
        panel.resize(1000, 700);
        panel.show();
        panel.setUrl(QStringLiteral("http://127.0.0.1:%1").arg(stub->port()));
        TestSupport::requireChild<QLineEdit>(&panel, "doctorToken")->setText(QStringLiteral("doctor-panel-token"));
        panel.setOrigin(QStringLiteral("https://shop.example.com"));
        QSignalSpy finished(&panel, &DoctorPanel::runFinished);

        // WHEN the doctor runs
        panel.run();
        QVERIFY(finished.wait(15000));

        // THEN no step failed (HTTP/2 is skipped on http://) and the summary says agents can connect
        QVERIFY2(!doctor.firstProblem(), qPrintable(doctor.firstProblem() ? doctor.firstProblem()->name + QStringLiteral(": ") +
                                                                                doctor.firstProblem()->evidence.join(QStringLiteral(" | "))
                                                                          : QString()));
        QCOMPARE(panel.stepList()->count(), Doctor::Doctor::stepNames().size());
        QVERIFY(TestSupport::requireChild<QLabel>(&panel, "doctorSummary")->text().contains(QStringLiteral("Every step passed")));
        screenshot(panel, QStringLiteral("doctor-passing.png"));
    }

    void doctorConfirmRunsTheCaseStep_data()
    {
        QTest::addColumn<QString>("logText");
        QTest::addColumn<QString>("caseId");
        QTest::addColumn<bool>("listening");   // a server accepts TCP (plain HTTP) on the port
        QTest::addColumn<int>("highlighted");  // the step the run stops at; -1: no doctor run
        QTest::addColumn<QString>("probe");    // the probe scenario requested instead
        QTest::newRow("connection refused (N3): runs up to TCP connect, stops there")
            << QStringLiteral("dial tcp 10.0.0.5:8200: connect: connection refused") << QStringLiteral("N3") << false
            << 2 << QString();
        QTest::newRow("unknown authority (C1): runs up to the TLS handshake, not HTTP/intake/RUM")
            << QStringLiteral("x509: certificate signed by unknown authority") << QStringLiteral("C1") << true << 3
            << QString();
        QTest::newRow("CORS blocked (C27): asks the probe for the RUM origin scenarios, no doctor run")
            << QStringLiteral("has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header")
            << QStringLiteral("C27") << false << -1 << QStringLiteral("RUM origins");
    }

    void doctorConfirmRunsTheCaseStep()
    {
        QFETCH(QString, logText);
        QFETCH(QString, caseId);
        QFETCH(bool, listening);
        QFETCH(int, highlighted);
        QFETCH(QString, probe);
        Doctor::Doctor doctor;
        DoctorPanel panel(&doctor);
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const quint16 port = server.serverPort();
        if (!listening)
            server.close();
        panel.setUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        panel.matchLogText(logText);
        QVERIFY(panel.caseList()->count() >= 1);
        QCOMPARE(panel.caseList()->currentItem()->data(Qt::UserRole).toString(), caseId);
        auto* confirm = panel.findChild<QPushButton*>(QStringLiteral("doctorConfirm"));
        QVERIFY(confirm && confirm->isEnabled());
        QSignalSpy finished(&panel, &DoctorPanel::runFinished);
        QSignalSpy probeRequested(&panel, &DoctorPanel::probeRequested);

        // WHEN the confirm button is clicked
        QTest::mouseClick(confirm, Qt::LeftButton);

        if (highlighted < 0) {
            // THEN the probe is asked for the scenario and the doctor does not run
            QCOMPARE(probeRequested.size(), 1);
            QCOMPARE(probeRequested.at(0).at(0).toString(), probe);
            QVERIFY(!doctor.running());
            QCOMPARE(panel.stepList()->count(), 0);
            return;
        }
        // THEN the chain runs up to the case's step, highlights it, and skips the rest
        QVERIFY(finished.wait(10000));
        QCOMPARE(probeRequested.size(), 0);
        QCOMPARE(panel.highlightedStep(), highlighted);
        QCOMPARE(panel.stepList()->currentRow(), highlighted);
        QVERIFY(panel.stepList()->item(highlighted)->font().bold());
        QCOMPARE(doctor.steps().size(), Doctor::Doctor::stepNames().size());
        for (int i = highlighted + 1; i < doctor.steps().size(); ++i) {
            QCOMPARE(doctor.steps().at(i).status, Doctor::StepResult::Status::Skipped);
            QVERIFY(doctor.steps().at(i).evidence.join(QLatin1Char(' ')).contains(QStringLiteral("not needed")) ||
                    doctor.steps().at(highlighted).status == Doctor::StepResult::Status::Failed);
        }
    }

    void doctorPinsClosedPortAndMatcherExplains()
    {
        Doctor::Doctor doctor;
        DoctorPanel panel(&doctor);
        panel.resize(1000, 700);
        panel.show();
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        panel.setUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        QSignalSpy done(&panel, &DoctorPanel::runFinished);
        panel.run();
        QVERIFY(done.wait(10000));
        QCOMPARE(panel.stepList()->count(), Doctor::Doctor::stepNames().size());
        QVERIFY(panel.stepList()->item(2)->text().contains(QStringLiteral("TCP connect")));
        QVERIFY(panel.stepList()->item(2)->text().contains(QStringLiteral("N3")));
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("doctorSummary"))->text().contains(QStringLiteral("TCP")));
        panel.matchLogText(QStringLiteral("Post \"https://apm:8200/intake/v2/events\": x509: certificate signed by unknown authority"));
        QVERIFY(panel.caseList()->count() >= 1);
        QCOMPARE(panel.caseList()->item(0)->data(Qt::UserRole).toString(), QStringLiteral("C1"));
        screenshot(panel, QStringLiteral("doctor-failing.png"));
    }
};

QTEST_MAIN(TestProbePanels)
#include "tst_probepanels.moc"
