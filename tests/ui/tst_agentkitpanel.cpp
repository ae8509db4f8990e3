// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The Agent kits panel over a document: load/value round trip, the kit it shows per agent and
// format (option names from app/agents, secrets by reference), following document edits, and
// every control reachable by name with a tooltip.
#include "config/Document.h"
#include "panels/AgentKitPanel.h"
#include "secrets/MemorySecretStore.h"

#include "TestSupport.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

class TestAgentKitPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void loadValueRoundTrip();
    void kitPerAgent_data();
    void kitPerAgent();
    void followsTheDocument();
    void editsEmitChanged();
    void copyMarksTheClipboard();
    void controlsAreNamedAndExplained();
    void revealReadsTheKeychain_data();
    void revealReadsTheKeychain();
    void revealEndsWhenHiddenOrReferenceChanges();

private:
    template <typename T>
    T* child(const char* name)
    {
        return TestSupport::requireChild<T>(m_panel, name);
    }

    Config::Document* m_document = nullptr;
    AgentKitPanel* m_panel = nullptr;
};

void TestAgentKitPanel::init()
{
    m_document = new Config::Document;
    QVERIFY(m_document->setText("apm-server:\n  host: 0.0.0.0:8200\n  auth.secret_token: ${APM_SECRET_TOKEN}\n  rum.enabled: true\n").ok());
    m_panel = new AgentKitPanel(m_document);
}

void TestAgentKitPanel::cleanup()
{
    delete m_panel;
    delete m_document;
}

void TestAgentKitPanel::loadValueRoundTrip()
{
    AgentKitChoice c;
    c.agentId = QStringLiteral("python");
    c.serverUrl = QStringLiteral("https://apm.example.com:8200");
    c.serviceName = QStringLiteral("checkout");
    c.environment = QStringLiteral("staging");
    c.caFile = QStringLiteral("/etc/apm/ca.pem");
    c.snippet = true;
    m_panel->load(c);
    QCOMPARE(m_panel->value(), c);
}

void TestAgentKitPanel::kitPerAgent_data()
{
    QTest::addColumn<QString>("agent");
    QTest::addColumn<bool>("snippet");
    QTest::addColumn<QString>("expected");
    QTest::newRow("nodejs env: token by reference") << "nodejs" << false << "ELASTIC_APM_SECRET_TOKEN=\"${APM_SECRET_TOKEN}\"";
    QTest::newRow("nodejs env: unspecified host becomes localhost") << "nodejs" << false << "ELASTIC_APM_SERVER_URL=http://localhost:8200";
    QTest::newRow("java properties") << "java" << true << "server_url=http://localhost:8200";
    QTest::newRow("dotnet appsettings") << "dotnet" << true << "\"ServerUrl\": \"http://localhost:8200\"";
    QTest::newRow("rum is always the page snippet") << "rum" << false << "elasticApm.init({";
}

void TestAgentKitPanel::kitPerAgent()
{
    QFETCH(QString, agent);
    QFETCH(bool, snippet);
    QFETCH(QString, expected);
    AgentKitChoice c;
    c.agentId = agent;
    c.snippet = snippet;
    m_panel->load(c);
    QVERIFY2(m_panel->kitText().contains(expected), qPrintable(m_panel->kitText()));
    QCOMPARE(child<QComboBox>("formatCombo")->isEnabled(), agent != QLatin1String("rum"));
}

void TestAgentKitPanel::followsTheDocument()
{
    // GIVEN the Node.js kit WHEN the document turns on TLS THEN the default URL is https
    m_panel->load(AgentKitChoice{});
    QVERIFY(m_panel->kitText().contains(QStringLiteral("http://localhost:8200")));
    QVERIFY(m_document->setText("apm-server:\n  host: apm.internal:8200\n  auth.secret_token: ${APM_SECRET_TOKEN}\n"
                                "  ssl.enabled: true\n  ssl.certificate: /c.pem\n  ssl.key: /k.pem\n").ok());
    QVERIFY2(m_panel->kitText().contains(QStringLiteral("ELASTIC_APM_SERVER_URL=https://apm.internal:8200")),
             qPrintable(m_panel->kitText()));
    QVERIFY(m_panel->kitText().contains(QStringLiteral("ELASTIC_APM_VERIFY_SERVER_CERT=true")));
}

void TestAgentKitPanel::editsEmitChanged()
{
    QSignalSpy spy(m_panel, &AgentKitPanel::changed);
    child<QLineEdit>("serviceEdit")->setFocus();
    QTest::keyClicks(child<QLineEdit>("serviceEdit"), QStringLiteral("x"));
    QCOMPARE(spy.count(), 1);
    child<QComboBox>("agentCombo")->setCurrentIndex(2);
    QCOMPARE(spy.count(), 2);
    QVERIFY(m_panel->kitText().contains(QStringLiteral("my-servicex")));
    // load() itself is not an edit.
    m_panel->load(AgentKitChoice{});
    QCOMPARE(spy.count(), 2);
}

void TestAgentKitPanel::copyMarksTheClipboard()
{
    m_panel->load(AgentKitChoice{});
    QTest::mouseClick(child<QPushButton>("copyButton"), Qt::LeftButton);
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    QVERIFY(mime);
    QCOMPARE(mime->text(), m_panel->kitText());
    QCOMPARE(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
}

void TestAgentKitPanel::controlsAreNamedAndExplained()
{
    for (const char* name : {"agentCombo", "urlEdit", "serviceEdit", "environmentEdit", "caEdit", "formatCombo", "kitView",
                             "revealCheck", "copyButton"}) {
        auto* w = child<QWidget>(name);
        QVERIFY2(!w->accessibleName().isEmpty(), name);
        QVERIFY2(!w->toolTip().isEmpty(), name);
    }
    QVERIFY(child<QLineEdit>("urlEdit")->toolTip().contains(QStringLiteral("apm-server.host")));
}

void TestAgentKitPanel::revealReadsTheKeychain_data()
{
    QTest::addColumn<bool>("withStore");
    QTest::addColumn<QByteArray>("stored"); // empty: nothing under the name
    QTest::addColumn<bool>("shown");
    QTest::addColumn<QString>("message");   // part of the panel's message ("" = none)

    QTest::newRow("value in the keychain: shown in the kit") << true << QByteArray("kit-secret-value-0123456789") << true << "";
    QTest::newRow("nothing under the name: not shown, says why") << true << QByteArray() << false << "Cannot show ${APM_SECRET_TOKEN}";
    QTest::newRow("no keychain: the box is disabled") << false << QByteArray() << false << "No keychain";
}

void TestAgentKitPanel::revealReadsTheKeychain()
{
    QFETCH(bool, withStore);
    QFETCH(QByteArray, stored);
    QFETCH(bool, shown);
    QFETCH(QString, message);

    // GIVEN a document referencing ${APM_SECRET_TOKEN} and (maybe) a keychain holding it
    Secrets::MemorySecretStore store;
    if (!stored.isEmpty()) {
        bool written = false;
        store.write(QStringLiteral("APM_SECRET_TOKEN"), stored, [&](Core::Result<void> r) { written = r.ok(); });
        QTRY_VERIFY(written);
    }
    if (withStore)
        m_panel->setSecretStore(&store);
    auto* box = child<QCheckBox>("revealCheck");
    QCOMPARE(box->isEnabled(), withStore);
    QVERIFY(m_panel->kitText().contains(QStringLiteral("${APM_SECRET_TOKEN}")));

    // WHEN the user asks for the values
    QSignalSpy done(m_panel, &AgentKitPanel::revealFinished);
    m_panel->setRevealed(true);
    QVERIFY(done.count() == 1 || done.wait(2000));

    // THEN the kit holds the value (and no reference), or stays with references and says why
    QCOMPARE(done.constFirst().constFirst().toBool(), shown);
    QCOMPARE(m_panel->isRevealed(), shown);
    QCOMPARE(box->isChecked(), shown);
    if (shown) {
        QVERIFY(m_panel->kitText().contains(QString::fromUtf8(stored)));
        QVERIFY(!m_panel->kitText().contains(QStringLiteral("${APM_SECRET_TOKEN}")));
        // ... copied with the password-manager hint (and cleared later by SecretClipboard)
        m_panel->copyToClipboard();
        QVERIFY(QGuiApplication::clipboard()->mimeData()->hasFormat(QStringLiteral("x-kde-passwordManagerHint")));
        QVERIFY(QGuiApplication::clipboard()->text().contains(QString::fromUtf8(stored)));
        // WHEN the user clears the box THEN references again
        box->setChecked(false);
        QVERIFY(!m_panel->isRevealed());
        QVERIFY(!m_panel->kitText().contains(QString::fromUtf8(stored)));
        QVERIFY(m_panel->kitText().contains(QStringLiteral("${APM_SECRET_TOKEN}")));
    } else {
        QVERIFY(m_panel->kitText().contains(QStringLiteral("${APM_SECRET_TOKEN}")));
        const QString said = child<QLabel>("warningLabel")->text();
        QVERIFY2(said.contains(message), qPrintable(said));
    }
}

void TestAgentKitPanel::revealEndsWhenHiddenOrReferenceChanges()
{
    Secrets::MemorySecretStore store;
    store.write(QStringLiteral("APM_SECRET_TOKEN"), QByteArrayLiteral("first-value-0123456789abc"), [](Core::Result<void>) {});
    m_panel->setSecretStore(&store);
    m_panel->show();
    QSignalSpy done(m_panel, &AgentKitPanel::revealFinished);
    m_panel->setRevealed(true);
    QVERIFY(done.count() == 1 || done.wait(2000));
    QVERIFY(m_panel->kitText().contains(QStringLiteral("first-value-0123456789abc")));

    // WHEN the document references another name THEN the old value is dropped
    QVERIFY(m_document->setText("apm-server:\n  auth.secret_token: ${OTHER_TOKEN}\n").ok());
    QVERIFY(!m_panel->isRevealed());
    QVERIFY(!m_panel->kitText().contains(QStringLiteral("first-value-0123456789abc")));
    QVERIFY(m_panel->kitText().contains(QStringLiteral("${OTHER_TOKEN}")));

    // WHEN revealed again and the panel is hidden THEN nothing stays on screen
    QVERIFY(m_document->setText("apm-server:\n  auth.secret_token: ${APM_SECRET_TOKEN}\n").ok());
    m_panel->setRevealed(true);
    QVERIFY(done.count() == 2 || done.wait(2000));
    QVERIFY(m_panel->isRevealed());
    m_panel->hide();
    QVERIFY(!m_panel->isRevealed());
    QVERIFY(!m_panel->kitText().contains(QStringLiteral("first-value-0123456789abc")));
}

QTEST_MAIN(TestAgentKitPanel)
#include "tst_agentkitpanel.moc"
