// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The API keys panel over a real registry in a temporary directory and a memory keychain:
// creating adds a row and shows the credentials once (copy marked for password managers, kept in
// the keychain on request), invalidating changes the status, verifying pasted credentials names the
// privileges granted and APM Server's 401 text, the settings go into the document, and the
// Elasticsearch request carries the `apm` application privileges.
#include "apikeys/ApiKeyRegistry.h"
#include "apikeys/Credentials.h"
#include "config/Document.h"
#include "models/ApiKeyTableModel.h"
#include "panels/ApiKeysPanel.h"
#include "secrets/MemorySecretStore.h"
#include "support/SecretClipboard.h"

#include "TestSupport.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QAbstractItemView>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using ApiKeys::Privilege;

class TestApiKeysPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void createAddsRow_data();
    void createAddsRow();
    void createRefused_data();
    void createRefused();
    void credentialsCopyAndKeep();
    void invalidateChangesStatus();
    void expiredStatus();
    void verify_data();
    void verify();
    void settingsWritten_data();
    void settingsWritten();
    void followsTheDocument();
    void elasticsearchRequest_data();
    void elasticsearchRequest();

private:
    template <typename T>
    T* child(const char* name, QObject* parent = nullptr)
    {
        return TestSupport::requireChild<T>(parent ? parent : m_panel, name);
    }
    void setCreateForm(const QString& name, bool event, bool config, bool sourcemap, const QString& expiration);
    QString cell(int row, int column) const
    {
        return m_panel->model()->index(row, column).data().toString();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ApiKeys::ApiKeyRegistry> m_registry;
    QDateTime m_clockNow;
    Config::Document* m_document = nullptr;
    Secrets::MemorySecretStore* m_store = nullptr;
    ApiKeysPanel* m_panel = nullptr;
};

void TestApiKeysPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clockNow = QDateTime::currentDateTimeUtc();
    m_registry = std::make_unique<ApiKeys::ApiKeyRegistry>(m_dir->path(), [this] { return m_clockNow; });
    m_registry->setHashIterations(ApiKeys::SecretHash::kMinIterations); // the fastest allowed: tests create many keys
    m_document = new Config::Document;
    QVERIFY(m_document->setText("# kept\napm-server:\n  host: 127.0.0.1:8200\n").ok());
    m_store = new Secrets::MemorySecretStore;
    m_panel = new ApiKeysPanel(m_document, m_registry.get(), m_store);
}

void TestApiKeysPanel::cleanup()
{
    delete m_panel;
    delete m_store;
    delete m_document;
    m_registry.reset();
    m_dir.reset();
}

void TestApiKeysPanel::setCreateForm(const QString& name, bool event, bool config, bool sourcemap,
                                     const QString& expiration)
{
    child<QLineEdit>("nameEdit")->setText(name);
    child<QCheckBox>("eventWriteCheck")->setChecked(event);
    child<QCheckBox>("configAgentCheck")->setChecked(config);
    child<QCheckBox>("sourcemapCheck")->setChecked(sourcemap);
    child<QLineEdit>("expirationEdit")->setText(expiration);
}

void TestApiKeysPanel::createAddsRow_data()
{
    QTest::addColumn<bool>("event");
    QTest::addColumn<bool>("config");
    QTest::addColumn<bool>("sourcemap");
    QTest::addColumn<QString>("expiration");
    QTest::addColumn<QString>("privileges");
    QTest::addColumn<bool>("expires");
    QTest::newRow("ingest only, never expires") << true << false << false << QString() << "event:write" << false;
    QTest::newRow("agent config and ingest, 30d") << true << true << false << "30d" << "event:write, config_agent:read"
                                                   << true;
    QTest::newRow("all three, 12h") << true << true << true << "12h"
                                    << "event:write, config_agent:read, sourcemap:write" << true;
    QTest::newRow("source maps only") << false << false << true << QString() << "sourcemap:write" << false;
}

void TestApiKeysPanel::createAddsRow()
{
    QFETCH(bool, event);
    QFETCH(bool, config);
    QFETCH(bool, sourcemap);
    QFETCH(QString, expiration);
    QFETCH(QString, privileges);
    QFETCH(bool, expires);
    QCOMPARE(m_panel->model()->rowCount(), 0);
    QSignalSpy changedKeys(m_panel, &ApiKeysPanel::keysChanged);
    setCreateForm(QStringLiteral("checkout"), event, config, sourcemap, expiration);
    QTest::mouseClick(child<QPushButton>("createButton"), Qt::LeftButton);
    QCOMPARE(changedKeys.count(), 1);
    // THEN a row appears with what was asked
    QCOMPARE(m_panel->model()->rowCount(), 1);
    QCOMPARE(cell(0, ApiKeyTableModel::NameColumn), QStringLiteral("checkout"));
    QCOMPARE(cell(0, ApiKeyTableModel::PrivilegesColumn), privileges);
    QCOMPARE(cell(0, ApiKeyTableModel::StatusColumn), QStringLiteral("valid"));
    QCOMPARE(cell(0, ApiKeyTableModel::ExpiresColumn) != QStringLiteral("never"), expires);
    const QString id = cell(0, ApiKeyTableModel::IdColumn);
    QCOMPARE(id.size(), ApiKeys::ApiKeyRegistry::kIdLength);
    // AND the credentials are shown once, and they verify against the registry
    QDialog* dialog = m_panel->credentialsDialog();
    QVERIFY(dialog && dialog->isVisible());
    QCOMPARE(child<QLineEdit>("idEdit", dialog)->text(), id);
    const QString credentials = child<QLineEdit>("credentialsValueEdit", dialog)->text();
    const ApiKeyCheck c = ApiKeysPanel::check(*m_registry, credentials.toLatin1());
    QVERIFY2(c.reason.isEmpty(), qPrintable(c.reason));
    QVERIFY(!m_panel->findChild<QLabel*>(QStringLiteral("createProblemLabel"))->text().size());
    // AND nothing of the secret is in the table
    const QString apiKey = child<QLineEdit>("apiKeyEdit", dialog)->text();
    for (int column = 0; column < ApiKeyTableModel::ColumnCount; ++column)
        QVERIFY(!cell(0, column).contains(apiKey));
    dialog->reject();
    QTRY_VERIFY(!m_panel->credentialsDialog());
}

void TestApiKeysPanel::createRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("event");
    QTest::addColumn<QString>("expiration");
    QTest::addColumn<QString>("problem");
    QTest::newRow("no privilege") << "k" << false << QString() << "privilege";
    QTest::newRow("expiration without unit") << "k" << true << "10" << "10";
    QTest::newRow("negative expiration") << "k" << true << "-1d" << "-1d";
    QTest::newRow("name too long") << QString(ApiKeys::ApiKeyRegistry::kMaxNameLength + 1, QLatin1Char('n')) << true
                                   << QString() << "name";
}

void TestApiKeysPanel::createRefused()
{
    QFETCH(QString, name);
    QFETCH(bool, event);
    QFETCH(QString, expiration);
    QFETCH(QString, problem);
    setCreateForm(name, event, false, false, expiration);
    QVERIFY(!m_panel->createKey());
    const QString text = child<QLabel>("createProblemLabel")->text();
    QVERIFY2(text.contains(problem, Qt::CaseInsensitive), qPrintable(text));
    QCOMPARE(m_panel->model()->rowCount(), 0);
    QVERIFY(!m_panel->credentialsDialog());
    QCOMPARE(m_registry->list()->size(), 0);
}

void TestApiKeysPanel::credentialsCopyAndKeep()
{
    setCreateForm(QStringLiteral("probe"), true, false, false, QString());
    QVERIFY(m_panel->createKey());
    QDialog* dialog = m_panel->credentialsDialog();
    QVERIFY(dialog);
    const QString credentials = child<QLineEdit>("credentialsValueEdit", dialog)->text();
    // Copy: marked for password managers, cleared after 30 s while it still holds them
    QTest::mouseClick(child<QPushButton>("copyCredentialsButton", dialog), Qt::LeftButton);
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    QVERIFY(mime);
    QCOMPARE(mime->text(), credentials);
    QCOMPARE(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
    auto* clipboard = m_panel->findChild<SecretClipboard*>();
    QVERIFY(clipboard);
    QTimer* timer = clipboard->findChild<QTimer*>();
    QVERIFY(timer && timer->isActive());
    QCOMPARE(timer->interval(), SecretClipboard::kClearMs);
    timer->start(10);
    QTRY_VERIFY(QGuiApplication::clipboard()->text().isEmpty());
    // Keep: into the keychain under the name given
    child<QLineEdit>("keychainNameEdit", dialog)->setText(QStringLiteral("CHECKOUT_API_KEY"));
    QSignalSpy stored(m_panel, &ApiKeysPanel::credentialsStored);
    QTest::mouseClick(child<QPushButton>("keepButton", dialog), Qt::LeftButton);
    QVERIFY(stored.wait(5000));
    QCOMPARE(stored.at(0).at(0).toBool(), true);
    QVERIFY(m_store->contains(QStringLiteral("CHECKOUT_API_KEY")));
    QVERIFY(child<QLabel>("keepStatusLabel", dialog)->text().contains(QStringLiteral("${CHECKOUT_API_KEY}")));
    // A name that cannot be a ${NAME} reference is refused before the keychain is asked
    child<QLineEdit>("keychainNameEdit", dialog)->setText(QStringLiteral("bad name"));
    QTest::mouseClick(child<QPushButton>("keepButton", dialog), Qt::LeftButton);
    QVERIFY(child<QLabel>("keepStatusLabel", dialog)->text().contains(QStringLiteral("cannot be written")));
    QCOMPARE(m_store->size(), 1);
}

void TestApiKeysPanel::invalidateChangesStatus()
{
    setCreateForm(QStringLiteral("old"), true, false, false, QString());
    QVERIFY(m_panel->createKey());
    setCreateForm(QStringLiteral("new"), true, false, false, QString());
    QVERIFY(m_panel->createKey());
    const QString id = cell(0, ApiKeyTableModel::IdColumn);
    QVERIFY(m_panel->invalidateKey(id));
    QCOMPARE(cell(0, ApiKeyTableModel::StatusColumn), QStringLiteral("invalidated"));
    QCOMPARE(cell(1, ApiKeyTableModel::StatusColumn), QStringLiteral("valid"));
    QVERIFY(m_registry->find(id)->value().invalidated);
    // An invalidated key cannot be invalidated again from the table
    auto* view = m_panel->findChild<QAbstractItemView*>(QStringLiteral("keysView"));
    view->selectionModel()->clear();
    view->selectionModel()->select(m_panel->model()->index(0, 0),
                                   QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QVERIFY(!child<QPushButton>("invalidateButton")->isEnabled());
    view->selectionModel()->clear();
    view->selectionModel()->select(m_panel->model()->index(1, 0),
                                   QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QVERIFY(child<QPushButton>("invalidateButton")->isEnabled());
}

void TestApiKeysPanel::expiredStatus()
{
    // Created two days ago with one hour to live
    m_clockNow = QDateTime::currentDateTimeUtc().addDays(-2);
    setCreateForm(QStringLiteral("short"), true, false, false, QStringLiteral("1h"));
    QVERIFY(m_panel->createKey());
    QCOMPARE(cell(0, ApiKeyTableModel::StatusColumn), QStringLiteral("expired"));
}

void TestApiKeysPanel::verify_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("granted"); // privileges granted, comma-separated
    QTest::addColumn<QString>("answer");  // 401 text, empty when valid
    QTest::newRow("valid ingest key") << "valid" << "event:write" << QString();
    QTest::newRow("wrong secret") << "wrong-secret" << QString() << "authentication failed";
    QTest::newRow("invalidated key") << "invalidated" << QString() << "authentication failed";
    QTest::newRow("unknown id") << "unknown" << QString() << "authentication failed";
    QTest::newRow("not base64") << "not-base64" << QString() << "?";
    QTest::newRow("no colon") << "no-colon" << QString() << "?";
}

void TestApiKeysPanel::verify()
{
    QFETCH(QString, kind);
    QFETCH(QString, granted);
    QFETCH(QString, answer);
    setCreateForm(QStringLiteral("agent"), true, false, false, QString());
    QVERIFY(m_panel->createKey());
    const QString id = m_panel->model()->keys().first().id;
    const QString credentials = child<QLineEdit>("credentialsValueEdit", m_panel->credentialsDialog())->text();
    QByteArray token = credentials.toLatin1();
    if (kind == QLatin1String("wrong-secret"))
        token = ApiKeys::Credentials::encode(id, QByteArray(ApiKeys::ApiKeyRegistry::kSecretLength, 'x')).view().toByteArray();
    else if (kind == QLatin1String("invalidated"))
        QVERIFY(m_panel->invalidateKey(id));
    else if (kind == QLatin1String("unknown"))
        token = ApiKeys::Credentials::encode(QStringLiteral("AAAAAAAAAAAAAAAAAAAA"), "secret").view().toByteArray();
    else if (kind == QLatin1String("not-base64"))
        token = "not base64!";
    else if (kind == QLatin1String("no-colon"))
        token = QByteArray("nocolonhere").toBase64();
    if (answer == QLatin1String("?")) // the decoder's own text, as the stub gives it
        answer = ApiKeys::Credentials::serverMessage(ApiKeys::Credentials::decode(token).error());

    child<QLineEdit>("credentialsEdit")->setText(QString::fromLatin1(token));
    QTest::mouseClick(child<QPushButton>("verifyButton"), Qt::LeftButton);
    const QString text = child<QLabel>("verifyResultLabel")->text();
    const QStringList grantedList = granted.isEmpty() ? QStringList() : granted.split(QLatin1Char(','));
    for (const Privilege p : ApiKeys::allPrivileges()) {
        const QString name = ApiKeys::privilegeName(p);
        const QString expected = name + (grantedList.contains(name) ? QStringLiteral(": granted") : QStringLiteral(": not granted"));
        QVERIFY2(text.contains(expected), qPrintable(text));
    }
    if (answer.isEmpty())
        QVERIFY2(!text.contains(QStringLiteral("401")), qPrintable(text));
    else
        QVERIFY2(text.contains(QStringLiteral("401 {\"error\": \"%1\"}").arg(answer)), qPrintable(text));
}

void TestApiKeysPanel::settingsWritten_data()
{
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<int>("limit");
    QTest::newRow("enabled, limit 500") << true << 500;
    QTest::newRow("disabled, default limit") << false << 100;
    QTest::newRow("enabled, limit 1") << true << 1;
}

void TestApiKeysPanel::settingsWritten()
{
    QFETCH(bool, enabled);
    QFETCH(int, limit);
    QSignalSpy changed(m_panel, &ApiKeysPanel::changed);
    child<QCheckBox>("enabledCheck")->setChecked(enabled);
    child<QSpinBox>("limitSpin")->setValue(limit == 100 ? 101 : limit);
    child<QSpinBox>("limitSpin")->setValue(limit);
    QVERIFY(changed.count() >= 1);
    QTest::mouseClick(child<QPushButton>("applyButton"), Qt::LeftButton);
    const QByteArray text = m_document->yaml().text();
    QVERIFY2(text.startsWith("# kept\n"), text.constData());
    QVERIFY2(text.contains("api_key:"), text.constData());
    QVERIFY2(text.contains(enabled ? "enabled: true" : "enabled: false"), text.constData());
    QVERIFY2(text.contains("limit: " + QByteArray::number(limit)), text.constData());
    QCOMPARE(m_document->effective().apiKeyEnabled.value, enabled);
    QCOMPARE(m_document->effective().apiKeyLimit.value, qint64(limit));
    QCOMPARE(ApiKeysPanel::fromDocument(*m_document), m_panel->value());
}

void TestApiKeysPanel::followsTheDocument()
{
    QVERIFY(m_document->setText("apm-server:\n  auth:\n    api_key:\n      enabled: true\n      limit: 42\n").ok());
    QCOMPARE(m_panel->value(), (ApiKeySettings{true, 42}));
    // Unapplied edits here are kept when the document changes elsewhere
    child<QSpinBox>("limitSpin")->setValue(7);
    QVERIFY(m_document->setText("apm-server:\n  auth:\n    api_key:\n      enabled: false\n").ok());
    QCOMPARE(m_panel->value().limit, qint64(7));
    m_panel->load(ApiKeySettings{});
    QCOMPARE(m_panel->value(), ApiKeySettings{});
}

void TestApiKeysPanel::elasticsearchRequest_data()
{
    QTest::addColumn<QStringList>("chosen");
    QTest::addColumn<QString>("expiration");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("ingest only") << QStringList{QStringLiteral("event:write")} << QString()
                                 << QStringList{QStringLiteral("event:write")};
    QTest::newRow("all three, 30d") << QStringList{QStringLiteral("sourcemap:write"), QStringLiteral("event:write"),
                                                   QStringLiteral("config_agent:read")}
                                    << "30d"
                                    << QStringList{QStringLiteral("event:write"), QStringLiteral("config_agent:read"),
                                                   QStringLiteral("sourcemap:write")};
    QTest::newRow("agent config only") << QStringList{QStringLiteral("config_agent:read")} << "1d"
                                       << QStringList{QStringLiteral("config_agent:read")};
}

void TestApiKeysPanel::elasticsearchRequest()
{
    QFETCH(QStringList, chosen);
    QList<Privilege> privileges;
    for (const QString& name : chosen)
        privileges << ApiKeys::parsePrivilege(name).value();
    QFETCH(QString, expiration);
    QFETCH(QStringList, expected);
    const QString text = ApiKeysPanel::devToolsRequest(QStringLiteral("checkout"), privileges, expiration);
    QVERIFY(text.startsWith(QStringLiteral("PUT /_security/api_key\n")));
    QJsonParseError error;
    const QJsonObject body =
        QJsonDocument::fromJson(text.section(QLatin1Char('\n'), 1).toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(body.value(QStringLiteral("name")).toString(), QStringLiteral("checkout"));
    QCOMPARE(body.value(QStringLiteral("expiration")).toString(), expiration);
    QCOMPARE(body.contains(QStringLiteral("expiration")), !expiration.isEmpty());
    const QJsonArray applications = body.value(QStringLiteral("role_descriptors"))
                                        .toObject()
                                        .value(QStringLiteral("apm"))
                                        .toObject()
                                        .value(QStringLiteral("applications"))
                                        .toArray();
    QCOMPARE(applications.size(), 1);
    const QJsonObject app = applications.first().toObject();
    QCOMPARE(app.value(QStringLiteral("application")).toString(), QStringLiteral("apm"));
    QCOMPARE(app.value(QStringLiteral("resources")).toArray(), QJsonArray{QStringLiteral("*")});
    QStringList got;
    for (const QJsonValue& v : app.value(QStringLiteral("privileges")).toArray())
        got << v.toString();
    QCOMPARE(got, expected);
    // The curl form carries the same body; the panel shows the request for the Create tab's choice
    const QString curl = ApiKeysPanel::curlRequest(QStringLiteral("checkout"), privileges, expiration);
    QVERIFY(curl.contains(QStringLiteral("-X PUT \"$ES_URL/_security/api_key\"")));
    for (const QString& p : expected)
        QVERIFY(curl.contains(QLatin1Char('"') + p + QLatin1Char('"')));
    setCreateForm(QStringLiteral("checkout"), privileges.contains(Privilege::EventWrite),
                  privileges.contains(Privilege::ConfigAgentRead), privileges.contains(Privilege::SourcemapWrite),
                  expiration);
    QCOMPARE(m_panel->findChild<QPlainTextEdit*>(QStringLiteral("requestEdit"))->toPlainText(), text);
}

QTEST_MAIN(TestApiKeysPanel)
#include "tst_apikeyspanel.moc"
