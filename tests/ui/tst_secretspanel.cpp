// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The Secrets panel with a memory store injected: generating a token stores it and writes only
// the reference into the document, the token is masked until revealed, copying marks the
// clipboard and clears it after the delay, and an unavailable keychain leaves the document as it
// was with the reason shown.
#include "config/Document.h"
#include "panels/SecretsPanel.h"
#include "secrets/MemorySecretStore.h"

#include "TestSupport.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QToolButton>

class TestSecretsPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void generateStoresAndReferences();
    void revealToggles();
    void copyHintsAndClears();
    void unavailableKeychain();
    void warnings_data();
    void warnings();
    void followsTheDocumentsName();
    void loadValueAndNames();

private:
    template <typename T>
    T* child(const char* name)
    {
        return TestSupport::requireChild<T>(m_panel, name);
    }
    bool generate();

    Config::Document* m_document = nullptr;
    Secrets::MemorySecretStore* m_store = nullptr;
    SecretsPanel* m_panel = nullptr;
};

void TestSecretsPanel::init()
{
    m_document = new Config::Document;
    QVERIFY(m_document->setText("# kept\napm-server:\n  host: 127.0.0.1:8200\n").ok());
    m_store = new Secrets::MemorySecretStore;
    m_panel = new SecretsPanel(m_document, m_store);
}

void TestSecretsPanel::cleanup()
{
    delete m_panel;
    delete m_store;
    delete m_document;
}

bool TestSecretsPanel::generate()
{
    QSignalSpy done(m_panel, &SecretsPanel::operationFinished);
    QTest::mouseClick(child<QPushButton>("generateButton"), Qt::LeftButton);
    if (!done.wait(5000))
        return false;
    return done.at(0).at(0).toBool();
}

void TestSecretsPanel::generateStoresAndReferences()
{
    QSignalSpy available(m_panel, &SecretsPanel::tokenAvailable);
    QVERIFY(generate());
    // The embedded stub learns the value (memory only) to serve ${APM_SECRET_TOKEN}.
    QCOMPARE(available.count(), 1);
    QCOMPARE(available.at(0).at(0).toString(), QStringLiteral("APM_SECRET_TOKEN"));
    QCOMPARE(available.at(0).at(1).toString(), child<QLineEdit>("tokenEdit")->text());
    // THEN the keychain has it and the document holds only the reference
    QVERIFY(m_store->contains(QStringLiteral("APM_SECRET_TOKEN")));
    const QByteArray text = m_document->yaml().text();
    QVERIFY2(text.contains("secret_token: ${APM_SECRET_TOKEN}"), text.constData());
    QVERIFY(text.startsWith("# kept\n"));
    const QString token = child<QLineEdit>("tokenEdit")->text();
    QCOMPARE(token.size(), 43);
    QVERIFY(!text.contains(token.toLatin1()));
    QVERIFY2(child<QLabel>("strengthLabel")->text().startsWith(QStringLiteral("strong")), qPrintable(child<QLabel>("strengthLabel")->text()));
    QVERIFY(child<QLabel>("storeLabel")->text().contains(QStringLiteral("available")));
    QVERIFY(child<QLabel>("howToLabel")->text().contains(QStringLiteral("apm-server keystore add APM_SECRET_TOKEN --stdin")));

    // WHEN rotated THEN a new value replaces it, the document is unchanged
    QVERIFY(generate());
    QVERIFY(child<QLineEdit>("tokenEdit")->text() != token);
    QCOMPARE(m_document->yaml().text(), text);
}

void TestSecretsPanel::revealToggles()
{
    QVERIFY(generate());
    auto* edit = child<QLineEdit>("tokenEdit");
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
    child<QToolButton>("revealButton")->click();
    QCOMPARE(edit->echoMode(), QLineEdit::Normal);
    child<QToolButton>("revealButton")->click();
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
}

void TestSecretsPanel::copyHintsAndClears()
{
    QVERIFY(generate());
    child<QToolButton>("copyButton")->click();
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    QVERIFY(mime);
    QCOMPARE(mime->text(), child<QLineEdit>("tokenEdit")->text());
    QCOMPARE(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
    // The timer clears it (30 s in use; triggered here instead of waiting).
    QTimer* timer = m_panel->findChild<QTimer*>();
    QVERIFY(timer && timer->isActive());
    QCOMPARE(timer->interval(), SecretsPanel::kClipboardClearMs);
    timer->start(10);
    QTRY_VERIFY(QGuiApplication::clipboard()->text().isEmpty());
}

void TestSecretsPanel::unavailableKeychain()
{
    // GIVEN no secure store WHEN generating THEN the reason shows and the document is untouched
    m_store->simulateUnavailable(true);
    const QByteArray before = m_document->yaml().text();
    QVERIFY(!generate());
    QCOMPARE(m_document->yaml().text(), before);
    QVERIFY2(child<QLabel>("storeLabel")->text().contains(QStringLiteral("No secure store")),
             qPrintable(child<QLabel>("storeLabel")->text()));
    QVERIFY(child<QLineEdit>("tokenEdit")->text().isEmpty());
}

void TestSecretsPanel::warnings_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("expected"); // "" = no warning
    QTest::newRow("clear-text token") << QByteArray("apm-server:\n  auth.secret_token: plain-token-in-file\n  ssl.enabled: true\n"
                                                    "  ssl.certificate: /c.pem\n  ssl.key: /k.pem\n")
                                      << "in clear text";
    QTest::newRow("token without TLS") << QByteArray("apm-server:\n  auth.secret_token: ${APM_SECRET_TOKEN}\n") << "without TLS";
    QTest::newRow("reference with TLS") << QByteArray("apm-server:\n  auth.secret_token: ${APM_SECRET_TOKEN}\n  ssl.enabled: true\n"
                                                      "  ssl.certificate: /c.pem\n  ssl.key: /k.pem\n")
                                        << "";
}

void TestSecretsPanel::warnings()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, expected);
    QVERIFY(m_document->setText(yaml).ok());
    auto* label = child<QLabel>("warningLabel");
    if (expected.isEmpty())
        QVERIFY2(label->text().isEmpty(), qPrintable(label->text()));
    else
        QVERIFY2(label->text().contains(expected), qPrintable(label->text()));
}

void TestSecretsPanel::followsTheDocumentsName()
{
    QVERIFY(m_document->setText("apm-server:\n  auth.secret_token: ${PROD_APM_TOKEN}\n").ok());
    QCOMPARE(m_panel->value(), QStringLiteral("PROD_APM_TOKEN"));
    QVERIFY(child<QLabel>("howToLabel")->text().contains(QStringLiteral("keystore add PROD_APM_TOKEN")));
}

void TestSecretsPanel::loadValueAndNames()
{
    QSignalSpy spy(m_panel, &SecretsPanel::changed);
    m_panel->load(QStringLiteral("PROD_TOKEN"));
    QCOMPARE(m_panel->value(), QStringLiteral("PROD_TOKEN"));
    QCOMPARE(spy.count(), 0);
    child<QLineEdit>("nameEdit")->setFocus();
    QTest::keyClicks(child<QLineEdit>("nameEdit"), QStringLiteral(" X"));
    QCOMPARE(spy.count(), 2);
    QVERIFY(!child<QPushButton>("generateButton")->isEnabled()); // "PROD_TOKEN X" is no ${NAME}
    for (const char* name : {"nameEdit", "tokenEdit", "revealButton", "copyButton", "generateButton", "loadButton"}) {
        auto* w = child<QWidget>(name);
        QVERIFY2(!w->accessibleName().isEmpty() && !w->toolTip().isEmpty(), name);
    }
    QVERIFY(child<QLineEdit>("nameEdit")->toolTip().contains(QStringLiteral("apm-server.auth.secret_token")));
}

QTEST_MAIN(TestSecretsPanel)
#include "tst_secretspanel.moc"
