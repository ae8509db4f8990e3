// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The Probe and Doctor panels with their real services: the probe against the embedded stub (all
// rows pass, then a failing target), the doctor against a closed port, and the error-text matcher.
// With GATEKEEPER_SCREENSHOT_DIR set, each state is also saved as a PNG.
#include "config/Document.h"
#include "doctor/Doctor.h"
#include "panels/DoctorPanel.h"
#include "panels/ProbePanel.h"
#include "probe/ProbeSession.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTcpServer>
#include <QTest>

namespace {

void screenshot(QWidget& w, const QString& name)
{
    const QString dir = qEnvironmentVariable("GATEKEEPER_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(w.grab().save(dir + QLatin1Char('/') + name));
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
        ProbePanel panel(&session, &document);
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
        table->selectRow(7);
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
