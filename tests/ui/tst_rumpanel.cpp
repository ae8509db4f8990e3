// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The RUM and anonymous-access panel over a document: load/value, applying into the document,
// sample origins against APM Server's glob (§3.7), the linter's origin findings, and the
// effective anonymous access and rate-limit math for the profile (§3.5, §3.6).
#include "config/Document.h"
#include "panels/RumPanel.h"

#include "TestSupport.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

class TestRumPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void loadsTheDocument();
    void followsTheDocumentUnlessEdited();
    void applyWritesTheDocument();
    void sampleOrigins_data();
    void sampleOrigins();
    void originFindings();
    void anonymousAndRates();
    void controlsAreNamedAndExplained();

private:
    template <typename T>
    T* child(const char* name)
    {
        return TestSupport::requireChild<T>(m_panel, name);
    }

    Config::Document* m_document = nullptr;
    RumPanel* m_panel = nullptr;
};

void TestRumPanel::init()
{
    m_document = new Config::Document;
    QVERIFY(m_document->setText("# kept\napm-server:\n  auth.secret_token: ${APM_SECRET_TOKEN}\n  rum.enabled: true\n"
                                "  rum.allow_origins: ['https://shop.example.com', 'https://*.example.org']\n").ok());
    m_panel = new RumPanel(m_document);
}

void TestRumPanel::cleanup()
{
    delete m_panel;
    delete m_document;
}

void TestRumPanel::loadsTheDocument()
{
    const RumChoice expected{true, {QStringLiteral("https://shop.example.com"), QStringLiteral("https://*.example.org")}};
    QCOMPARE(m_panel->value(), expected);
    QSignalSpy spy(m_panel, &RumPanel::changed);
    m_panel->load(RumChoice{false, {QStringLiteral("http://localhost:3000")}});
    QCOMPARE(spy.count(), 0);
    QCOMPARE(m_panel->value(), (RumChoice{false, {QStringLiteral("http://localhost:3000")}}));
}

void TestRumPanel::followsTheDocumentUnlessEdited()
{
    // GIVEN no edits WHEN the document changes THEN the panel shows it
    QVERIFY(m_document->setText("apm-server:\n  rum.enabled: true\n  rum.allow_origins: ['http://localhost:*']\n").ok());
    QCOMPARE(m_panel->value(), (RumChoice{true, {QStringLiteral("http://localhost:*")}}));
    // GIVEN an edit not applied yet WHEN the document changes elsewhere THEN the edit stays
    child<QPlainTextEdit>("originsEdit")->setPlainText(QStringLiteral("https://typed.example.com"));
    QVERIFY(m_document->setValue(QStringLiteral("apm-server.rum.enabled"), Config::YamlValue::fromScalar(QStringLiteral("false"))).ok());
    QCOMPARE(m_panel->value().allowOrigins, QStringList{QStringLiteral("https://typed.example.com")});
}

void TestRumPanel::applyWritesTheDocument()
{
    QSignalSpy spy(m_panel, &RumPanel::changed);
    child<QPlainTextEdit>("originsEdit")->setPlainText(QStringLiteral("https://app.example.com\n"));
    QVERIFY(spy.count() >= 1);
    QTest::mouseClick(child<QPushButton>("applyButton"), Qt::LeftButton);
    QCOMPARE(m_document->effective().allowOrigins.value, QStringList{QStringLiteral("https://app.example.com")});
    QVERIFY(m_document->effective().rumEnabled.value);
    QVERIFY(m_document->yaml().text().startsWith("# kept\n"));
}

void TestRumPanel::sampleOrigins_data()
{
    QTest::addColumn<QString>("origin");
    QTest::addColumn<QString>("expected");
    QTest::newRow("exact origin") << "https://shop.example.com" << "allowed (matches https://shop.example.com)";
    QTest::newRow("glob subdomain") << "https://eu.example.org" << "allowed (matches https://*.example.org)";
    QTest::newRow("other scheme") << "http://shop.example.com" << "not allowed";
    QTest::newRow("port makes another origin") << "https://shop.example.com:8443" << "not allowed";
}

void TestRumPanel::sampleOrigins()
{
    QFETCH(QString, origin);
    QFETCH(QString, expected);
    child<QLineEdit>("sampleEdit")->setText(origin);
    QVERIFY2(child<QLabel>("sampleResultLabel")->text().startsWith(expected), qPrintable(child<QLabel>("sampleResultLabel")->text()));
}

void TestRumPanel::originFindings()
{
    // GIVEN an origin with a trailing slash applied THEN the linter's finding shows under the list
    child<QPlainTextEdit>("originsEdit")->setPlainText(QStringLiteral("https://shop.example.com/"));
    QVERIFY(child<QLabel>("originProblemsLabel")->text().contains(QStringLiteral("Not applied yet")));
    m_panel->apply();
    const QString problems = child<QLabel>("originProblemsLabel")->text();
    QVERIFY2(!problems.isEmpty() && !problems.contains(QStringLiteral("Not applied yet")), qPrintable(problems));
    QVERIFY2(problems.contains(QStringLiteral("https://shop.example.com/")), qPrintable(problems));
}

void TestRumPanel::anonymousAndRates()
{
    // RUM + token: anonymous access turns on by default, for rum-js and js-base (§3.5)
    const QString anonymous = child<QLabel>("anonymousLabel")->text();
    QVERIFY2(anonymous.startsWith(QStringLiteral("Anonymous access: on, because RUM is enabled")), qPrintable(anonymous));
    QVERIFY2(anonymous.contains(QStringLiteral("rum-js")), qPrintable(anonymous));
    const QString rates = child<QLabel>("rateLabel")->text();
    QVERIFY2(rates.contains(QStringLiteral("300 events per second, in bursts of up to 900")), qPrintable(rates));
    QVERIFY2(rates.contains(QStringLiteral("300000 events per second")), qPrintable(rates));
    QVERIFY(rates.contains(QStringLiteral("spoofed")));

    // WHEN anonymous access is switched off THEN the panel says RUM gets 401
    QVERIFY(m_document->setValue(QStringLiteral("apm-server.auth.anonymous.enabled"), Config::YamlValue::fromScalar(QStringLiteral("false"))).ok());
    QVERIFY2(child<QLabel>("anonymousLabel")->text().contains(QStringLiteral("401")), qPrintable(child<QLabel>("anonymousLabel")->text()));
}

void TestRumPanel::controlsAreNamedAndExplained()
{
    for (const char* name : {"rumCheck", "originsEdit", "sampleEdit", "applyButton", "anonymousLabel", "rateLabel"}) {
        auto* w = child<QWidget>(name);
        QVERIFY2(!w->accessibleName().isEmpty() && !w->toolTip().isEmpty(), name);
    }
    QVERIFY(child<QCheckBox>("rumCheck")->toolTip().contains(QStringLiteral("apm-server.rum.enabled")));
    QVERIFY(child<QPlainTextEdit>("originsEdit")->toolTip().contains(QStringLiteral("apm-server.rum.allow_origins")));
}

QTEST_MAIN(TestRumPanel)
#include "tst_rumpanel.moc"
