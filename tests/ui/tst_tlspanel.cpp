// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// TlsPanel with a fake CertificateService injected: load/value/changed, the effective client
// authentication explanation, findings and verdicts shown, generation and import filling the paths;
// and in the MainWindow, edits flowing into the document's apm-server.ssl.* keys.
#include "MainWindow.h"
#include "config/Document.h"
#include "intake/TlsSetup.h"
#include "panels/TlsPanel.h"
#include "secrets/MemorySecretStore.h"
#include "widgets/FindingsView.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPromise>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

namespace {

class FakeCertificateService : public Tls::CertificateService
{
public:
    QFuture<Tls::GeneratedSetup> generateSetup(const Tls::SetupRequest& request) override
    {
        lastSetup = request;
        QPromise<Tls::GeneratedSetup> promise;
        promise.start();
        Tls::GeneratedSetup s;
        s.caCertificate = request.outDir + QStringLiteral("/ca.pem");
        s.serverCertificate = request.outDir + QStringLiteral("/server.pem");
        s.serverKey = request.outDir + QStringLiteral("/server.key");
        if (!request.clientName.isEmpty()) {
            s.clientCertificate = request.outDir + QStringLiteral("/client.pem");
            s.clientKey = request.outDir + QStringLiteral("/client.key");
        }
        promise.addResult(s);
        promise.finish();
        return promise.future();
    }
    Tls::TlsReport check(const Tls::TlsCheck& c) override
    {
        ++checks;
        lastCheck = c;
        Tls::TlsReport r;
        Config::Finding f;
        f.severity = Config::Severity::Error;
        f.code = QStringLiteral("tls.cn-only");
        f.message = QStringLiteral("The certificate has no subjectAltName");
        f.fix = QStringLiteral("Reissue it");
        r.findings << f;
        Tls::AgentVerdict node;
        node.agent = Tls::Agent::NodeJs;
        node.verdict = Tls::Verdict::NeedsOption;
        node.options << QStringLiteral("serverCaCertFile");
        node.reasons << QStringLiteral("private CA");
        Tls::AgentVerdict go;
        go.agent = Tls::Agent::Go;
        go.verdict = Tls::Verdict::Rejected;
        go.reasons << QStringLiteral("legacy Common Name");
        r.verdicts << node << go;
        r.details = QStringLiteral("Subject: CN=apm.example.com");
        return r;
    }
    Core::Result<Tls::ImportedPaths> importFile(const QString& path, const Core::SecretBuffer&) override
    {
        Tls::ImportedPaths p;
        p.certificate = path + QStringLiteral("-chain.pem");
        p.key = path + QStringLiteral(".key");
        p.authority = path + QStringLiteral("-ca.pem");
        return p;
    }
    bool needsPassword(const QString&) override { return false; }

    int checks = 0;
    Tls::TlsCheck lastCheck;
    Tls::SetupRequest lastSetup;
};

template <typename T> T* child(QObject* parent, const char* name)
{
    T* c = parent->findChild<T*>(QString::fromLatin1(name));
    if (!c)
        qFatal("no child %s", name);
    return c;
}

} // namespace

class TestTlsPanel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config;

private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void editsEmitChangedLoadDoesNot();
    void clientAuthExplanation_data();
    void clientAuthExplanation();
    void showsFindingsAndVerdicts();
    void generateFillsPaths();
    void importFillsPaths();
    void pickListsByGoNames();
    void generateClientCertificate();
    void browseActionsInPathFields();
    void generateWithoutSecureStore();
    void dropOfFiles_data();
    void dropOfFiles();
    void editsReachTheDocument();
    void agentsRememberedPerDocument();
};

void TestTlsPanel::initTestCase()
{
    // Settings (the agent URLs kept per document) go to a scratch folder, never the user's.
    QVERIFY(m_config.isValid());
    qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
}

void TestTlsPanel::roundTrip_data()
{
    QTest::addColumn<QString>("clientAuth");
    QTest::addColumn<QStringList>("cas");
    QTest::addColumn<QStringList>("protocols");
    QTest::newRow("nothing optional written") << QString() << QStringList() << QStringList();
    QTest::newRow("required with CAs and protocols")
        << "required" << QStringList{QStringLiteral("/a/ca.pem"), QStringLiteral("/b/ca.pem")}
        << QStringList{QStringLiteral("TLSv1.2"), QStringLiteral("TLSv1.3")};
    QTest::newRow("optional") << "optional" << QStringList() << QStringList{QStringLiteral("TLSv1.3")};
    QTest::newRow("protocols keep the document's order")
        << QString() << QStringList() << QStringList{QStringLiteral("TLSv1.3"), QStringLiteral("TLSv1.2")};
    QTest::newRow("a protocol name APM Server refuses is kept, not dropped")
        << QString() << QStringList() << QStringList{QStringLiteral("TLSv1.2"), QStringLiteral("TLSv9")};
}

void TestTlsPanel::roundTrip()
{
    QFETCH(QString, clientAuth);
    QFETCH(QStringList, cas);
    QFETCH(QStringList, protocols);
    FakeCertificateService service;
    TlsPanel panel(&service);
    TlsPanelValue v;
    v.ssl.enabled = true;
    v.ssl.certificate = QStringLiteral("/etc/apm/server.pem");
    v.ssl.key = QStringLiteral("/etc/apm/server.key");
    v.ssl.keyPassphrase = QStringLiteral("${APM_KEY_PASS}");
    if (!clientAuth.isEmpty())
        v.ssl.clientAuthentication = clientAuth;
    if (!cas.isEmpty())
        v.ssl.certificateAuthorities = cas;
    if (!protocols.isEmpty())
        v.ssl.supportedProtocols = protocols;
    v.agentUrls = {QStringLiteral("https://apm.example.com:8200"), QStringLiteral("https://10.0.0.5:8200")};
    v.agentCa = QStringLiteral("/etc/apm/ca.pem");
    panel.load(v);
    const TlsPanelValue back = panel.value();
    QCOMPARE(back.ssl.enabled, v.ssl.enabled);
    QCOMPARE(back.ssl.certificate, v.ssl.certificate);
    QCOMPARE(back.ssl.key, v.ssl.key);
    QCOMPARE(back.ssl.keyPassphrase, v.ssl.keyPassphrase);
    QCOMPARE(back.ssl.clientAuthentication, v.ssl.clientAuthentication);
    QCOMPARE(back.ssl.certificateAuthorities, v.ssl.certificateAuthorities);
    QCOMPARE(back.ssl.supportedProtocols, v.ssl.supportedProtocols);
    QVERIFY(!back.ssl.cipherSuites.has_value());
    QCOMPARE(back.agentUrls, v.agentUrls);
    QCOMPARE(back.agentCa, v.agentCa);
}

void TestTlsPanel::editsEmitChangedLoadDoesNot()
{
    FakeCertificateService service;
    TlsPanel panel(&service);
    QSignalSpy changed(&panel, &TlsPanel::changed);
    panel.load(TlsPanelValue{});
    QCOMPARE(changed.count(), 0);
    child<QLineEdit>(&panel, "certificateEdit")->setText(QStringLiteral("/x/server.pem"));
    QCOMPARE(changed.count(), 1);
    // AND the check runs shortly after, with what was typed
    QTRY_VERIFY(service.checks > 0);
    QCOMPARE(service.lastCheck.certificate, QStringLiteral("/x/server.pem"));
}

void TestTlsPanel::clientAuthExplanation_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("cas");
    QTest::addColumn<QString>("effective");
    QTest::newRow("C14 not set + CAs = required") << ""
                                                  << "/ca.pem"
                                                  << "<b>required</b>";
    QTest::newRow("not set, no CAs = none") << ""
                                            << ""
                                            << "<b>none</b>";
    QTest::newRow("optional") << "optional"
                              << "/ca.pem"
                              << "<b>optional</b>";
    QTest::newRow("none with CAs") << "none"
                                   << "/ca.pem"
                                   << "<b>none</b>";
}

void TestTlsPanel::clientAuthExplanation()
{
    QFETCH(QString, mode);
    QFETCH(QString, cas);
    QFETCH(QString, effective);
    FakeCertificateService service;
    TlsPanel panel(&service);
    TlsPanelValue v;
    if (!mode.isEmpty())
        v.ssl.clientAuthentication = mode;
    if (!cas.isEmpty())
        v.ssl.certificateAuthorities = QStringList{cas};
    panel.load(v);
    const QString text = child<QLabel>(&panel, "clientAuthExplanation")->text();
    QVERIFY2(text.contains(effective), qPrintable(text));
}

void TestTlsPanel::showsFindingsAndVerdicts()
{
    FakeCertificateService service;
    TlsPanel panel(&service);
    TlsPanelValue v;
    v.ssl.certificate = QStringLiteral("/etc/apm/server.pem");
    panel.load(v);
    panel.recheck();
    const QList<Config::Finding> shown = child<FindingsView>(&panel, "findingsView")->findings();
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.first().code, QStringLiteral("tls.cn-only"));
    auto* tree = child<QTreeWidget>(&panel, "verdictTree");
    QCOMPARE(tree->topLevelItemCount(), 2);
    QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("Node.js"));
    QVERIFY(tree->topLevelItem(0)->text(2).contains(QStringLiteral("serverCaCertFile")));
    QCOMPARE(tree->topLevelItem(1)->text(1), QStringLiteral("rejects it"));
    QCOMPARE(child<QPlainTextEdit>(&panel, "detailsText")->toPlainText(),
             QStringLiteral("Subject: CN=apm.example.com"));
}

void TestTlsPanel::generateFillsPaths()
{
    FakeCertificateService service;
    Secrets::MemorySecretStore store;
    TlsPanel panel(&service);
    panel.setSecretStore(&store);
    panel.setWorkingDirectory(QStringLiteral("/srv/apm"));
    TlsPanelValue v;
    v.agentUrls = {QStringLiteral("https://apm.example.com:8200")};
    panel.load(v);
    QSignalSpy changed(&panel, &TlsPanel::changed);
    QSignalSpy secret(&panel, &TlsPanel::secretAvailable);
    // WHEN Generate is clicked THEN a passphrase goes into the keychain first, the service gets it with
    // the URLs and folder, the paths are filled in and key_passphrase refers to the keychain entry
    QTest::mouseClick(child<QPushButton>(&panel, "generateButton"), Qt::LeftButton);
    QTRY_VERIFY(service.lastSetup.keyPassphrase != nullptr);
    QVERIFY(store.contains(QLatin1String(TlsPanel::kPassphraseName)));
    QVERIFY(service.lastSetup.keyPassphrase->size() >= 43);
    QCOMPARE(service.lastSetup.urls, v.agentUrls);
    QCOMPARE(service.lastSetup.outDir, QStringLiteral("/srv/apm"));
    QTRY_COMPARE(child<QLineEdit>(&panel, "certificateEdit")->text(), QStringLiteral("/srv/apm/server.pem"));
    QCOMPARE(child<QLineEdit>(&panel, "keyEdit")->text(), QStringLiteral("/srv/apm/server.key"));
    QCOMPARE(child<QLineEdit>(&panel, "agentCaEdit")->text(), QStringLiteral("/srv/apm/ca.pem"));
    QCOMPARE(child<QLineEdit>(&panel, "passphraseEdit")->text(), QStringLiteral("${APM_SERVER_SSL_KEY_PASSPHRASE}"));
    QCOMPARE(secret.count(), 1);
    QCOMPARE(secret.at(0).at(0).toString(), QStringLiteral("APM_SERVER_SSL_KEY_PASSPHRASE"));
    QCOMPARE(secret.at(0).at(1).toString().toUtf8(), service.lastSetup.keyPassphrase->bytes());
    QVERIFY(child<QLabel>(&panel, "keyStoreWarning")->isHidden());
    QVERIFY(changed.count() >= 1);
    QVERIFY(child<QPushButton>(&panel, "generateButton")->isEnabled());
}

void TestTlsPanel::importFillsPaths()
{
    FakeCertificateService service;
    TlsPanel panel(&service);
    panel.load(TlsPanelValue{});
    panel.importFile(QStringLiteral("/tmp/bundle.p12"));
    QCOMPARE(child<QLineEdit>(&panel, "certificateEdit")->text(), QStringLiteral("/tmp/bundle.p12-chain.pem"));
    QCOMPARE(child<QLineEdit>(&panel, "keyEdit")->text(), QStringLiteral("/tmp/bundle.p12.key"));
    QCOMPARE(child<QLineEdit>(&panel, "agentCaEdit")->text(), QStringLiteral("/tmp/bundle.p12-ca.pem"));
}

void TestTlsPanel::generateClientCertificate()
{
    FakeCertificateService service;
    Secrets::MemorySecretStore store;
    TlsPanel panel(&service);
    panel.setSecretStore(&store);
    panel.setWorkingDirectory(QStringLiteral("/srv/apm"));
    panel.load(TlsPanelValue{});
    // WHEN a client name is given and Generate clicked THEN the service is asked for a client
    // certificate with that CN and the panel says where it went
    child<QLineEdit>(&panel, "clientNameEdit")->setText(QStringLiteral("  checkout-service "));
    QTest::mouseClick(child<QPushButton>(&panel, "generateButton"), Qt::LeftButton);
    QTRY_COMPARE(service.lastSetup.clientName, QStringLiteral("checkout-service"));
    auto* label = child<QLabel>(&panel, "keyStoreWarning");
    QTRY_VERIFY(!label->isHidden());
    QVERIFY2(label->text().contains(QStringLiteral("/srv/apm/client.pem")), qPrintable(label->text()));
}

void TestTlsPanel::browseActionsInPathFields()
{
    FakeCertificateService service;
    TlsPanel panel(&service);
    for (const char* name : {"browseCertificate", "browseKey", "browseClientCas", "browseAgentCa"}) {
        auto* action = panel.findChild<QAction*>(QString::fromLatin1(name));
        QVERIFY2(action, name);
        QVERIFY(!action->toolTip().isEmpty());
        QVERIFY(!action->icon().isNull());
    }
}

void TestTlsPanel::pickListsByGoNames()
{
    FakeCertificateService service;
    TlsPanel panel(&service);
    panel.load(TlsPanelValue{});
    // GIVEN the pick lists THEN they offer APM Server's names, from the stub's own mapping
    auto* protocols = child<QListWidget>(&panel, "protocolsList");
    auto* ciphers = child<QListWidget>(&panel, "ciphersList");
    auto* curves = child<QListWidget>(&panel, "curvesList");
    QCOMPARE(protocols->count(), Intake::TlsSetup::protocolNames().size());
    QCOMPARE(ciphers->count(), Intake::TlsSetup::cipherSuiteNames().size());
    QCOMPARE(curves->count(), Intake::TlsSetup::curveNames().size());
    QVERIFY(Intake::TlsSetup::protocolNames().contains(QStringLiteral("TLSv1.3")));
    QVERIFY(!Intake::TlsSetup::protocolNames().contains(QStringLiteral("TLSv1"))); // the alias is not offered
    QCOMPARE(ciphers->findItems(QStringLiteral("ECDHE-RSA-CHACHA20-POLY1205"), Qt::MatchExactly).size(), 1);
    // WHEN a suite and a curve are checked THEN the value has them and changed() fired
    QSignalSpy changed(&panel, &TlsPanel::changed);
    ciphers->findItems(QStringLiteral("ECDHE-ECDSA-AES-128-GCM-SHA256"), Qt::MatchExactly)
        .constFirst()
        ->setCheckState(Qt::Checked);
    curves->findItems(QStringLiteral("X25519"), Qt::MatchExactly).constFirst()->setCheckState(Qt::Checked);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(panel.value().ssl.cipherSuites,
             std::optional<QStringList>(QStringList{QStringLiteral("ECDHE-ECDSA-AES-128-GCM-SHA256")}));
    QCOMPARE(panel.value().ssl.curveTypes, std::optional<QStringList>(QStringList{QStringLiteral("X25519")}));
    QVERIFY(!panel.value().ssl.supportedProtocols.has_value());
}

void TestTlsPanel::generateWithoutSecureStore()
{
    // GIVEN a keychain that is not available
    FakeCertificateService service;
    Secrets::MemorySecretStore store;
    store.simulateUnavailable(true);
    TlsPanel panel(&service);
    panel.setSecretStore(&store);
    panel.setWorkingDirectory(QStringLiteral("/srv/apm"));
    panel.load(TlsPanelValue{});
    QSignalSpy secret(&panel, &TlsPanel::secretAvailable);
    // WHEN Generate is clicked THEN nothing is generated; the panel says why and offers an unencrypted key
    QTest::mouseClick(child<QPushButton>(&panel, "generateButton"), Qt::LeftButton);
    auto* warning = child<QLabel>(&panel, "keyStoreWarning");
    auto* unencrypted = child<QPushButton>(&panel, "unencryptedButton");
    QTRY_VERIFY(!warning->isHidden());
    QVERIFY(!unencrypted->isHidden());
    QVERIFY(warning->text().contains(QStringLiteral("No secure store")));
    QVERIFY(warning->text().contains(QStringLiteral("0600")));
    QVERIFY(service.lastSetup.outDir.isEmpty());
    QVERIFY(child<QPushButton>(&panel, "generateButton")->isEnabled());
    // AND choosing it generates keys without a passphrase, with no ${NAME} and nothing stored
    QTest::mouseClick(unencrypted, Qt::LeftButton);
    QCOMPARE(service.lastSetup.outDir, QStringLiteral("/srv/apm"));
    QVERIFY(service.lastSetup.keyPassphrase == nullptr);
    QVERIFY(service.lastSetup.clientName.isEmpty());
    QTRY_COMPARE(child<QLineEdit>(&panel, "keyEdit")->text(), QStringLiteral("/srv/apm/server.key"));
    QCOMPARE(child<QLineEdit>(&panel, "passphraseEdit")->text(), QString());
    QVERIFY(warning->isHidden() && unencrypted->isHidden());
    QCOMPARE(secret.count(), 0);
    QCOMPARE(store.size(), 0);
}

void TestTlsPanel::dropOfFiles_data()
{
    QTest::addColumn<QList<QUrl>>("urls");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("certificate");
    QTest::newRow("a dropped local file is imported")
        << QList<QUrl>{QUrl::fromLocalFile(QStringLiteral("/tmp/bundle.p12"))} << true
        << QStringLiteral("/tmp/bundle.p12-chain.pem");
    QTest::newRow("the last of several files wins the certificate field")
        << QList<QUrl>{QUrl::fromLocalFile(QStringLiteral("/tmp/a.pem")),
                       QUrl::fromLocalFile(QStringLiteral("/tmp/b.der"))}
        << true << QStringLiteral("/tmp/b.der-chain.pem");
    QTest::newRow("a remote URL is not imported")
        << QList<QUrl>{QUrl(QStringLiteral("https://example.com/server.pem"))} << true << QString();
    QTest::newRow("a drag of text, not files, is refused") << QList<QUrl>{} << false << QString();
}

void TestTlsPanel::dropOfFiles()
{
    QFETCH(QList<QUrl>, urls);
    QFETCH(bool, accepted);
    QFETCH(QString, certificate);
    FakeCertificateService service;
    TlsPanel panel(&service);
    panel.load(TlsPanelValue{});
    // GIVEN a drag carrying file URLs, as a file manager sends it
    QMimeData mime;
    if (urls.isEmpty())
        mime.setText(QStringLiteral("server.pem"));
    else
        mime.setUrls(urls);
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&panel, &enter);
    QCOMPARE(enter.isAccepted(), accepted);
    if (!accepted) {
        QCOMPARE(child<QLineEdit>(&panel, "certificateEdit")->text(), QString());
        return;
    }
    // WHEN it is dropped THEN the panel imports the local files
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&panel, &drop);
    QVERIFY(drop.isAccepted());
    QCOMPARE(child<QLineEdit>(&panel, "certificateEdit")->text(), certificate);
}

void TestTlsPanel::editsReachTheDocument()
{
    // GIVEN the main window on a new document WHEN the TLS panel's fields are edited THEN the
    // document's apm-server.ssl.* keys change (and with them what the stub serves)
    Config::Document document;
    document.newDocument();
    MainWindow window(&document);
    QVERIFY(window.showPanel(QStringLiteral("tls")));
    auto* panel = window.findChild<TlsPanel*>(QStringLiteral("tlsPanel"));
    QVERIFY(panel);
    child<QLineEdit>(panel, "certificateEdit")->setText(QStringLiteral("/etc/apm/server.pem"));
    child<QLineEdit>(panel, "keyEdit")->setText(QStringLiteral("/etc/apm/server.key"));
    auto* combo = child<QComboBox>(panel, "clientAuthCombo");
    combo->setCurrentIndex(combo->findData(QStringLiteral("optional")));
    QCOMPARE(document.settings().ssl.certificate, std::optional<QString>(QStringLiteral("/etc/apm/server.pem")));
    QCOMPARE(document.settings().ssl.key, std::optional<QString>(QStringLiteral("/etc/apm/server.key")));
    QCOMPARE(document.settings().ssl.clientAuthentication, std::optional<QString>(QStringLiteral("optional")));
    QVERIFY(document.yaml().text().contains("client_authentication: optional"));
    // AND a change of the document text shows up in the panel
    QVERIFY(document
                .setValue(QStringLiteral("apm-server.ssl.key_passphrase"),
                          Config::YamlValue::fromScalar(QStringLiteral("${APM_KEY_PASS}")))
                .ok());
    QCOMPARE(child<QLineEdit>(panel, "passphraseEdit")->text(), QStringLiteral("${APM_KEY_PASS}"));
}

void TestTlsPanel::agentsRememberedPerDocument()
{
    // GIVEN two saved documents
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.yml"));
    const QString b = dir.filePath(QStringLiteral("b.yml"));
    for (const QString& path : {a, b}) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apm-server:\n  host: 127.0.0.1:8200\n");
    }
    Config::Document document;
    QVERIFY(document.open(a).ok());
    auto window = std::make_unique<MainWindow>(&document);
    auto* panel = window->findChild<TlsPanel*>(QStringLiteral("tlsPanel"));
    QVERIFY(panel);
    // WHEN agent URLs and the agent CA are set for a.yml
    child<QPlainTextEdit>(panel, "urlsEdit")->setPlainText(QStringLiteral("https://apm.internal:8200"));
    child<QLineEdit>(panel, "agentCaEdit")->setText(QStringLiteral("/etc/apm/ca.pem"));
    // THEN b.yml starts without them, and a.yml has them again — also in a new window
    QVERIFY(document.open(b).ok());
    QCOMPARE(panel->value().agentUrls, QStringList());
    QCOMPARE(panel->value().agentCa, QString());
    QVERIFY(document.open(a).ok());
    QCOMPARE(panel->value().agentUrls, QStringList{QStringLiteral("https://apm.internal:8200")});
    window.reset();
    Config::Document again;
    QVERIFY(again.open(a).ok());
    MainWindow second(&again);
    auto* secondPanel = second.findChild<TlsPanel*>(QStringLiteral("tlsPanel"));
    QCOMPARE(secondPanel->value().agentCa, QStringLiteral("/etc/apm/ca.pem"));
    QCOMPARE(secondPanel->value().agentUrls, QStringList{QStringLiteral("https://apm.internal:8200")});
}

QTEST_MAIN(TestTlsPanel)
#include "tst_tlspanel.moc"
