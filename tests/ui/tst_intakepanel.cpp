// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "MainWindow.h"
#include "RawHttpClient.h"
#include "config/Document.h"
#include "intake/AgentConfigStore.h"
#include "models/RequestLogModel.h"
#include "panels/IntakePanel.h"
#include "support/StubController.h"
#include "widgets/MessageBar.h"

#include <QClipboard>
#include <QComboBox>
#include <QFrame>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using TestSupport::buildRequest;
using TestSupport::rawRequest;

namespace {

const QByteArray kToken = "s3cr3t-panel-token-0123456789";
const QByteArray kBearer = "Bearer " + kToken;
const QByteArray kNodeMeta = R"({"metadata":{"service":{"name":"checkout","agent":{"name":"nodejs","version":"4.18.0"}}}})";
const QByteArray kRumMeta = R"({"metadata":{"service":{"name":"web","agent":{"name":"rum-js","version":"5.17.5"}}}})";
const QByteArray kTx = R"({"transaction":{"id":"0123456789abcdef","trace_id":"0123456789abcdef0123456789abcdef","duration":1.5,"type":"request","span_count":{"started":0}}})";

QByteArray configYaml(bool rum)
{
    return "apm-server:\n"
           "  host: \"127.0.0.1:8200\"\n"
           "  auth:\n"
           "    secret_token: \"" + kToken + "\"\n"
           "  rum:\n"
           "    enabled: " + QByteArray(rum ? "true" : "false") + "\n";
}

QByteArray intake(const QByteArray& authorization)
{
    QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/x-ndjson"}};
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    return buildRequest("POST", "/intake/v2/events", headers, kNodeMeta + '\n' + kTx + '\n');
}

Intake::RequestLogEntry syntheticEntry(int n)
{
    Intake::RequestLogEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.method = QStringLiteral("GET");
    e.target = QStringLiteral("/%1").arg(n);
    e.status = 200;
    e.verdict = QStringLiteral("synthetic");
    return e;
}

void saveShot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("GATEKEEPER_UI_SHOTS");
    if (dir.isEmpty())
        return;
    QTest::qWait(50); // let pending layout requests settle
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace

class TestIntakePanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsRunningStateAndUrl();
    void requestAppearsWithStatusAndVerdict();
    void detailShowsTraceAndRedactedHeaders();
    void filtersHideRows();
    void historyBoundDropsOldest();
    void copyAsCurlUsesVariables();
    void agentConfigEditsAreServed();
    void agentConfigSaveAndLoad();
    void restartsWhenSettingsChange();
    void sessionTokenWhenReferenceUnset();
    void refusedSettingsAreExplained();
    void stopAndStart();
    void mainWindowStatusShowsStub();

private:
    // Starts the panel's stub on any free port and waits for it.
    void startStub();
    quint16 port() const { return m_stub->port(); }
    template <typename T>
    T* child(const char* name) const
    {
        return m_panel->findChild<T*>(QLatin1String(name));
    }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dataDir;
    std::unique_ptr<Config::Document> m_document;
    std::unique_ptr<StubController> m_stub;
    std::unique_ptr<IntakePanel> m_panel;
};

void TestIntakePanel::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("APM Gatekeeper Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_intakepanel"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestIntakePanel::init()
{
    m_dataDir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dataDir->isValid());
    m_document = std::make_unique<Config::Document>();
    m_document->setProfile(Config::Profile::V8_19);
    QVERIFY(m_document->setText(configYaml(false)).ok());
    m_stub = std::make_unique<StubController>(m_document.get());
    // Never port 8200: ctest runs tests in parallel and a developer's stub may hold it.
    m_stub->setStartPort(0);
    m_stub->setDataDir(m_dataDir->path());
    m_stub->setRestartDelay(50);
    m_stub->setSecretLookup([](const QString&) { return std::optional<QString>(); });
    m_panel = std::make_unique<IntakePanel>(m_stub.get(), m_document.get());
    m_panel->resize(1000, 700);
    m_panel->show();
}

void TestIntakePanel::cleanup()
{
    m_panel.reset();
    m_stub.reset();
    m_document.reset();
}

void TestIntakePanel::startStub()
{
    m_stub->start();
    QCOMPARE(m_stub->state(), StubController::State::Running);
    QVERIFY(port() != 0);
}

void TestIntakePanel::showsRunningStateAndUrl()
{
    QCOMPARE(child<QLabel>("stateLabel")->text(), QStringLiteral("Stub stopped"));
    startStub();
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port());
    QCOMPARE(m_stub->url().toString(), url);
    QCOMPARE(child<QLabel>("urlLabel")->text(), url);
    QVERIFY(child<QLabel>("stateLabel")->text().contains(QStringLiteral("running")));
    QVERIFY(child<QLabel>("profileLabel")->text().contains(QStringLiteral("8.19")));
    QVERIFY(child<QLabel>("tlsLabel")->text().contains(QStringLiteral("TLS off")));
    QVERIFY(child<QLabel>("tlsLabel")->toolTip().contains(QStringLiteral("apm-server.ssl.enabled")));
    QVERIFY(child<QLabel>("clientAuthLabel")->toolTip().contains(QStringLiteral("apm-server.ssl.client_authentication")));
    QVERIFY(child<QLabel>("emptyLabel")->text().contains(QStringLiteral("No requests yet — point an agent at ") + url));
    QVERIFY(child<QFrame>("tokenFrame")->isHidden());
    QVERIFY(child<MessageBar>("messageBar")->isHidden());
    child<QToolButton>("copyUrlButton")->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), url);
    saveShot(m_panel.get(), QStringLiteral("intake-empty"));
}

void TestIntakePanel::requestAppearsWithStatusAndVerdict()
{
    startStub();
    // WHEN a real agent request arrives over a socket
    const auto response = rawRequest(port(), intake(kBearer));
    QCOMPARE(response.status, 202);
    // THEN it is a row with its status, verdict and who sent it
    QTRY_COMPARE(m_panel->model()->rowCount(), 1);
    const RequestLogModel* model = m_panel->model();
    QCOMPARE(model->index(0, RequestLogModel::StatusColumn).data().toInt(), 202);
    QVERIFY(!model->index(0, RequestLogModel::VerdictColumn).data().toString().isEmpty());
    QCOMPARE(model->index(0, RequestLogModel::AgentColumn).data().toString(), QStringLiteral("nodejs"));
    QCOMPARE(model->index(0, RequestLogModel::ServiceColumn).data().toString(), QStringLiteral("checkout"));
    QCOMPARE(model->index(0, RequestLogModel::AuthColumn).data().toString(),
             Intake::authMethodName(Intake::AuthMethod::SecretToken));
    QVERIFY(child<QTableView>("requestView")->isVisible());
    QVERIFY(!child<QLabel>("emptyLabel")->isVisible());
}

void TestIntakePanel::detailShowsTraceAndRedactedHeaders()
{
    startStub();
    QCOMPARE(rawRequest(port(), intake(kBearer)).status, 202);
    QTRY_COMPARE(m_panel->model()->rowCount(), 1);
    auto* view = child<QTableView>("requestView");
    view->setFocus();
    view->selectRow(0);
    const QString request = child<QPlainTextEdit>("requestText")->toPlainText();
    QVERIFY2(request.startsWith(QStringLiteral("POST /intake/v2/events HTTP/1.1\n")), qPrintable(request));
    QVERIFY2(request.contains(QStringLiteral("Authorization: Bearer ***")), qPrintable(request));
    QVERIFY(!request.contains(QString::fromLatin1(kToken)));
    auto* trace = child<QTreeWidget>("decisionTree");
    QVERIFY(trace->topLevelItemCount() > 0);
    bool authStep = false;
    for (int i = 0; i < trace->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = trace->topLevelItem(i);
        if (item->text(0) == QLatin1String("auth")) {
            authStep = true;
            QVERIFY(!item->text(2).isEmpty());
            QVERIFY(item->text(3).startsWith(QStringLiteral("§")));
        }
    }
    QVERIFY(authStep);
    const QString response = child<QPlainTextEdit>("responseText")->toPlainText();
    QVERIFY2(response.startsWith(QStringLiteral("HTTP/1.1 202 Accepted")), qPrintable(response));
    saveShot(m_panel.get(), QStringLiteral("intake-detail"));
    auto* tabs = child<QTabWidget>("detailTabs");
    tabs->setCurrentWidget(child<QWidget>("decisionTab"));
    saveShot(m_panel.get(), QStringLiteral("intake-decision"));
    tabs->setCurrentWidget(child<QWidget>("responseTab"));
    saveShot(m_panel.get(), QStringLiteral("intake-response"));
}

void TestIntakePanel::filtersHideRows()
{
    startStub();
    QCOMPARE(rawRequest(port(), intake(kBearer)).status, 202);
    QCOMPARE(rawRequest(port(), intake("Bearer wrong")).status, 401);
    QTRY_COMPARE(m_panel->model()->rowCount(), 2);
    auto* view = child<QTableView>("requestView");
    QCOMPARE(view->model()->rowCount(), 2);

    m_panel->setFilterText(QStringLiteral("no-such-service"));
    QCOMPARE(view->model()->rowCount(), 0);
    m_panel->setFilterText(QStringLiteral("/INTAKE/v2/events"));
    QCOMPARE(view->model()->rowCount(), 2);
    m_panel->setFilterText(QStringLiteral("checkout"));
    QCOMPARE(view->model()->rowCount(), 1);
    m_panel->setFilterText({});

    auto* combo = child<QComboBox>("statusCombo");
    combo->setCurrentIndex(2); // 4xx
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->index(0, RequestLogModel::StatusColumn).data().toInt(), 401);
    m_panel->setStatusFilter(IntakePanel::StatusFilter::Success);
    QCOMPARE(combo->currentIndex(), 1);
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->index(0, RequestLogModel::StatusColumn).data().toInt(), 202);
    m_panel->setStatusFilter(IntakePanel::StatusFilter::ServerError);
    QCOMPARE(view->model()->rowCount(), 0);
}

void TestIntakePanel::historyBoundDropsOldest()
{
    RequestLogModel model;
    QCOMPARE(model.maxRows(), RequestLogModel::kDefaultMaxRows);
    model.setMaxRows(3);
    for (int i = 0; i < 5; ++i)
        model.append(syntheticEntry(i));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.entry(0).target, QStringLiteral("/2"));
    QCOMPARE(model.entry(2).target, QStringLiteral("/4"));
    model.setMaxRows(1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entry(0).target, QStringLiteral("/4"));
}

void TestIntakePanel::copyAsCurlUsesVariables()
{
    startStub();
    QCOMPARE(rawRequest(port(), intake(kBearer)).status, 202);
    QTRY_COMPARE(m_panel->model()->rowCount(), 1);
    child<QTableView>("requestView")->selectRow(0);
    const QString curl = m_panel->copyAsCurl();
    QCOMPARE(QGuiApplication::clipboard()->text(), curl);
    QVERIFY2(curl.contains(QStringLiteral("\"Authorization: Bearer $APM_SECRET_TOKEN\"")), qPrintable(curl));
    QVERIFY(curl.contains(QStringLiteral("http://127.0.0.1:%1/intake/v2/events").arg(port())));
    QVERIFY(curl.contains(QStringLiteral("-X POST")));
    QVERIFY(curl.contains(QStringLiteral("--data-binary @events.ndjson")));
    QVERIFY(!curl.contains(QString::fromLatin1(kToken)));
    QVERIFY(!curl.contains(QStringLiteral("***")));

    Intake::RequestLogEntry apiKey = syntheticEntry(1);
    apiKey.requestHeaders = {{"Authorization", "ApiKey ***"}, {"User-Agent", "it's me"}};
    const QString apiCurl = IntakePanel::curlCommand(apiKey, QUrl(QStringLiteral("http://127.0.0.1:8200")));
    QVERIFY(apiCurl.contains(QStringLiteral("\"Authorization: ApiKey $APM_API_KEY\"")));
    QVERIFY2(apiCurl.contains(QStringLiteral("'User-Agent: it'\\''s me'")), qPrintable(apiCurl));
}

void TestIntakePanel::agentConfigEditsAreServed()
{
    startStub();
    const QByteArray get = buildRequest("GET", "/config/v1/agents?service.name=checkout", {{"Authorization", kBearer}});
    QCOMPARE(rawRequest(port(), get).body.trimmed(), QByteArray("{}"));

    // WHEN the user adds a row in the editor
    auto* table = child<QTableWidget>("agentConfigTable");
    QSignalSpy changed(m_panel.get(), &IntakePanel::agentConfigsChanged);
    m_panel->findChild<QPushButton*>(QStringLiteral("addConfigButton"))->click();
    QCOMPARE(table->rowCount(), 1);
    table->item(0, 0)->setText(QStringLiteral("checkout"));
    table->item(0, 3)->setText(QStringLiteral("transaction_sample_rate=0.2, capture_body=all"));
    QVERIFY(changed.count() >= 2);

    // THEN the running stub serves it at once
    const auto response = rawRequest(port(), get);
    QCOMPARE(response.status, 200);
    QVERIFY2(response.body.contains("\"transaction_sample_rate\":\"0.2\""), response.body.constData());
    QVERIFY(response.body.contains("\"capture_body\":\"all\""));
    QCOMPARE(m_stub->agentConfig()->entries().size(), 1);
    child<QTabWidget>("mainTabs")->setCurrentWidget(child<QWidget>("agentConfigTab"));
    saveShot(m_panel.get(), QStringLiteral("intake-agent-config"));

    // and removing it takes it away again
    table->selectRow(0);
    m_panel->findChild<QPushButton*>(QStringLiteral("removeConfigButton"))->click();
    QCOMPARE(table->rowCount(), 0);
    QCOMPARE(rawRequest(port(), get).body.trimmed(), QByteArray("{}"));

    QStringList invalid;
    const auto parsed = IntakePanel::parseSettings(QStringLiteral("a=1; b = two\nbroken"), &invalid);
    QCOMPARE(parsed.value(QStringLiteral("a")), QStringLiteral("1"));
    QCOMPARE(parsed.value(QStringLiteral("b")), QStringLiteral("two"));
    QCOMPARE(invalid, QStringList{QStringLiteral("broken")});
}

void TestIntakePanel::agentConfigSaveAndLoad()
{
    Intake::AgentConfigEntry entry;
    entry.serviceName = QStringLiteral("checkout");
    entry.environment = QStringLiteral("production");
    entry.agentName = QStringLiteral("nodejs");
    entry.settings = {{QStringLiteral("transaction_sample_rate"), QStringLiteral("0.5")}};
    m_panel->loadAgentConfigs({entry});
    const QString path = m_dataDir->filePath(QStringLiteral("agents.json"));
    QVERIFY(m_panel->saveAgentConfigFile(path).ok());
    m_panel->loadAgentConfigs({});
    QVERIFY(m_stub->agentConfig()->entries().isEmpty());
    QVERIFY(m_panel->loadAgentConfigFile(path).ok());
    const auto loaded = m_panel->agentConfigs();
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded.first().serviceName, entry.serviceName);
    QCOMPARE(loaded.first().environment, entry.environment);
    QCOMPARE(loaded.first().agentName, entry.agentName);
    QCOMPARE(loaded.first().settings, entry.settings);
    QCOMPARE(m_stub->agentConfig()->entries().size(), 1);
    QVERIFY(!m_panel->loadAgentConfigFile(m_dataDir->filePath(QStringLiteral("missing.json"))).ok());
}

void TestIntakePanel::restartsWhenSettingsChange()
{
    startStub();
    const quint16 before = port();
    const QByteArray rum = buildRequest(
        "POST", "/intake/v2/rum/events",
        {{"Content-Type", "application/x-ndjson"}, {"Origin", "http://localhost:3000"}, {"Authorization", kBearer}},
        kRumMeta + '\n' + kTx + '\n');
    QCOMPARE(rawRequest(port(), rum).status, 403);

    // WHEN the document turns RUM on
    QSignalSpy restarted(m_stub.get(), &StubController::stateChanged);
    QVERIFY(m_document->setText(configYaml(true)).ok());
    // THEN the stub restarts (debounced) on the same port and serves the new settings
    QVERIFY(restarted.wait(5000));
    QCOMPARE(m_stub->state(), StubController::State::Running);
    QCOMPARE(port(), before);
    QCOMPARE(rawRequest(port(), rum).status, 202);

    // An unrelated change of nothing (same text) does not restart it.
    restarted.clear();
    QVERIFY(m_document->setText(configYaml(true)).ok());
    QVERIFY(!restarted.wait(300));
}

void TestIntakePanel::sessionTokenWhenReferenceUnset()
{
    // GIVEN the secure default document: secret_token: ${APM_SECRET_TOKEN}, unset here
    m_document->newDocument();
    startStub();
    QVERIFY(m_stub->usesSessionToken());
    QCOMPARE(m_stub->secretReference(), QStringLiteral("${APM_SECRET_TOKEN}"));
    const QString token = m_stub->sessionToken();
    QVERIFY(token.size() >= 32);
    QVERIFY(!m_document->yaml().text().contains(token.toUtf8()));

    // THEN the panel says so and offers the token, masked until revealed
    QVERIFY(child<QFrame>("tokenFrame")->isVisible());
    QVERIFY(child<QLabel>("tokenInfoLabel")->text().contains(QStringLiteral("${APM_SECRET_TOKEN} is not set")));
    QVERIFY(child<QLabel>("tokenInfoLabel")->text().contains(QStringLiteral("session token (not saved")));
    auto* edit = child<QLineEdit>("tokenEdit");
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
    child<QToolButton>("revealTokenButton")->click();
    QCOMPARE(edit->echoMode(), QLineEdit::Normal);
    QCOMPARE(edit->text(), token);
    child<QToolButton>("copyTokenButton")->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), token);
    saveShot(m_panel.get(), QStringLiteral("intake-session-token"));

    // and the stub wants that token
    QCOMPARE(rawRequest(port(), intake("Bearer " + token.toUtf8())).status, 202);
    QCOMPARE(rawRequest(port(), intake("Bearer wrong")).status, 401);
    QCOMPARE(rawRequest(port(), intake({})).status, 401);
}

void TestIntakePanel::refusedSettingsAreExplained()
{
    QVERIFY(m_document->setText("apm-server:\n  host: \"127.0.0.1:8200\"\n  ssl:\n    enabled: true\n").ok());
    m_stub->start();
    QCOMPARE(m_stub->state(), StubController::State::Refused);
    QVERIFY2(m_stub->reason().startsWith(QStringLiteral("APM Server would not start: ")), qPrintable(m_stub->reason()));
    QVERIFY(child<MessageBar>("messageBar")->isVisible());
    QCOMPARE(child<MessageBar>("messageBar")->text(), m_stub->reason());
    QCOMPARE(child<QLabel>("stateLabel")->text(), QStringLiteral("Stub refused"));
    QVERIFY(m_stub->url().isEmpty());

    // Fixing the document starts it again.
    QSignalSpy spy(m_stub.get(), &StubController::stateChanged);
    QVERIFY(m_document->setText(configYaml(false)).ok());
    QVERIFY(spy.wait(5000));
    QCOMPARE(m_stub->state(), StubController::State::Running);
}

void TestIntakePanel::stopAndStart()
{
    startStub();
    const quint16 was = port();
    child<QPushButton>("stopButton")->click();
    QCOMPARE(m_stub->state(), StubController::State::Stopped);
    QVERIFY(!child<QPushButton>("stopButton")->isEnabled());
    QVERIFY(child<QLabel>("urlLabel")->isHidden());
    // Stopped means stopped: settings changes do not start it behind the user's back.
    QSignalSpy spy(m_stub.get(), &StubController::stateChanged);
    QVERIFY(m_document->setText(configYaml(true)).ok());
    QVERIFY(!spy.wait(300));
    QTRY_VERIFY(rawRequest(was, buildRequest("GET", "/"), 1000).status == 0);
    child<QPushButton>("startButton")->click();
    QCOMPARE(m_stub->state(), StubController::State::Running);
}

void TestIntakePanel::mainWindowStatusShowsStub()
{
    MainWindow window;
    QVERIFY(window.panelIds().contains(QStringLiteral("intake")));
    auto* status = window.findChild<QToolButton*>(QStringLiteral("statusStub"));
    QVERIFY(status);
    QCOMPARE(status->text(), QStringLiteral("Stub stopped"));
    // Constructing a window binds nothing; the caller picks the port and starts.
    QVERIFY(!window.stubController()->server());
    window.stubController()->setStartPort(0);
    window.stubController()->setSecretLookup([](const QString&) { return std::optional<QString>(); });
    window.stubController()->start();
    const QString url = window.stubController()->url().toString();
    QCOMPARE(status->text(), QStringLiteral("Stub running on ") + url);
    status->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), url);
    QVERIFY(window.showPanel(QStringLiteral("intake")));
}

QTEST_MAIN(TestIntakePanel)
#include "tst_intakepanel.moc"
