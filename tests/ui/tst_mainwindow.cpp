// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "MainWindow.h"
#include "config/Document.h"
#include "models/EffectiveSettingsModel.h"
#include "support/RecentFiles.h"
#include "widgets/DiffDialog.h"
#include "widgets/MessageBar.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <functional>

using Config::DiffLine;

namespace {

const QByteArray kSample = "# Test configuration for APM Gatekeeper\n"
                           "apm-server:\n"
                           "  # Listen address, keep it local\n"
                           "  host: \"localhost:8200\"\n"
                           "\n"
                           "  # Real User Monitoring\n"
                           "  rum:\n"
                           "    enabled: false\n"
                           "# end of file\n";

// Plays the user for the next modal dialog: polls until one is active, then hands it to `answer`.
void answerNextModal(std::function<void(QWidget*)> answer)
{
    auto* timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer = std::move(answer)] {
        if (QWidget* modal = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            answer(modal);
        }
    });
    timer->start();
}

void clickMessageBoxButton(QWidget* modal, QMessageBox::StandardButton which)
{
    auto* box = qobject_cast<QMessageBox*>(modal);
    if (!box) {
        qWarning("expected a QMessageBox, got %s", modal->metaObject()->className());
        modal->close();
        return;
    }
    box->button(which)->click();
}

// With GATEKEEPER_UI_SHOTS=<dir>, widgets under test are saved as PNGs for a human to look at.
void saveShot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("GATEKEEPER_UI_SHOTS");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void saveShowsDiffAndKeepsComments();
    void titleShowsModifiedMarker();
    void quitProtectionCancelKeepsWindow();
    void profileSwitchChangesEffectiveView_data();
    void profileSwitchChangesEffectiveView();
    void recentFilesGetThePath();
    void malformedYamlLeavesDocumentUnchanged();
    void panelShortcuts();
    void aboutShowsVersions();

private:
    QString writeFile(const QString& name, const QByteArray& text);
    static QPlainTextEdit* editor(MainWindow& window);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    // Keep the developer's real settings out of the test (and the test's out of them).
    QCoreApplication::setOrganizationName(QStringLiteral("APM Gatekeeper Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = writeFile(QStringLiteral("apm-server.yml"), kSample);
}

void TestMainWindow::cleanup()
{
    m_dir.reset();
}

QString TestMainWindow::writeFile(const QString& name, const QByteArray& text)
{
    const QString path = m_dir->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QPlainTextEdit* TestMainWindow::editor(MainWindow& window)
{
    return window.findChild<QPlainTextEdit*>(QStringLiteral("yamlEditor"));
}

void TestMainWindow::saveShowsDiffAndKeepsComments()
{
    // GIVEN the window with a commented apm-server.yml open
    MainWindow window;
    window.show();
    QVERIFY(window.openFile(m_path));
    QPlainTextEdit* yaml = editor(window);
    QVERIFY(yaml);
    QCOMPARE(yaml->toPlainText(), QString::fromUtf8(kSample));

    // WHEN the user turns RUM on in the editor and saves, accepting the diff
    QString text = yaml->toPlainText();
    text.replace(QStringLiteral("rum:\n    enabled: false"), QStringLiteral("rum:\n    enabled: true"));
    yaml->setPlainText(text);
    QTRY_VERIFY(window.isWindowModified());
    if (auto* pending = window.findChild<QPushButton*>(QStringLiteral("pendingChangesButton"))) {
        pending->click();
        saveShot(&window, QStringLiteral("pending-changes"));
        pending->click();
    }
    QList<DiffLine> changed;
    bool sawDialog = false;
    answerNextModal([&](QWidget* modal) {
        auto* dialog = qobject_cast<DiffDialog*>(modal);
        if (dialog && dialog->objectName() == QLatin1String("diffDialog")) {
            sawDialog = true;
            saveShot(dialog, QStringLiteral("diff-dialog"));
            for (const auto& hunk : dialog->hunks()) {
                for (const DiffLine& line : hunk.lines) {
                    if (line.kind != DiffLine::Kind::Context)
                        changed.append(line);
                }
            }
            dialog->accept();
        } else {
            modal->close();
        }
    });
    QVERIFY(window.save());

    // THEN the diff showed exactly the changed line
    QVERIFY(sawDialog);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(0).kind, DiffLine::Kind::Removed);
    QCOMPARE(changed.at(0).text, QStringLiteral("    enabled: false"));
    QCOMPARE(changed.at(0).oldLine, 8);
    QCOMPARE(changed.at(1).kind, DiffLine::Kind::Added);
    QCOMPARE(changed.at(1).text, QStringLiteral("    enabled: true"));

    // AND the file has the change with every comment, and the previous version is kept as .bak
    QFile saved(m_path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QByteArray expected = kSample;
    expected.replace("    enabled: false", "    enabled: true");
    QCOMPARE(saved.readAll(), expected);
    QFile backup(m_path + QStringLiteral(".bak"));
    QVERIFY(backup.exists());
    QVERIFY(backup.open(QIODevice::ReadOnly));
    QCOMPARE(backup.readAll(), kSample);
    QVERIFY(!window.isWindowModified());
    QVERIFY(!window.document()->isModified());
}

void TestMainWindow::titleShowsModifiedMarker()
{
    MainWindow window;
    window.show();
    QVERIFY(window.openFile(m_path));
    QCOMPARE(window.windowTitle(), QStringLiteral("apm-server.yml[*] — APM Gatekeeper"));
    QVERIFY(!window.isWindowModified());

    // WHEN the text changes THEN, after the typing pause, the title carries the marker
    editor(window)->setPlainText(QString::fromUtf8(kSample).replace(QStringLiteral("false"), QStringLiteral("true")));
    QTRY_VERIFY(window.isWindowModified());
    auto* status = window.findChild<QLabel*>(QStringLiteral("statusDocument"));
    QVERIFY(status);
    QVERIFY2(status->text().contains(QStringLiteral("unsaved")), qPrintable(status->text()));

    window.document()->newDocument(); // leave nothing unsaved behind
}

void TestMainWindow::quitProtectionCancelKeepsWindow()
{
    // GIVEN unsaved changes
    MainWindow window;
    window.show();
    QVERIFY(window.openFile(m_path));
    QVERIFY(window.document()->setText(kSample + "# more\n").ok());
    QVERIFY(window.document()->isModified());

    // WHEN the user closes the window and answers Cancel
    QString boxName;
    answerNextModal([&](QWidget* modal) {
        boxName = modal->objectName();
        clickMessageBoxButton(modal, QMessageBox::Cancel);
    });
    const bool closed = window.close();

    // THEN the window stays, with its changes
    QCOMPARE(boxName, QStringLiteral("unsavedChangesBox"));
    QVERIFY(!closed);
    QVERIFY(window.isVisible());
    QVERIFY(window.document()->isModified());

    // AND Discard lets it close without writing
    answerNextModal([](QWidget* modal) { clickMessageBoxButton(modal, QMessageBox::Discard); });
    QVERIFY(window.close());
    QFile file(m_path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), kSample);
}

void TestMainWindow::profileSwitchChangesEffectiveView_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("host");
    // apm-server.host is not in the file: the default differs between the releases.
    QTest::newRow("7.15") << QStringLiteral("7.15") << QStringLiteral("localhost:8200");
    QTest::newRow("8.19") << QStringLiteral("8.19") << QStringLiteral("127.0.0.1:8200");
}

void TestMainWindow::profileSwitchChangesEffectiveView()
{
    QFETCH(QString, profile);
    QFETCH(QString, host);

    const QString path = writeFile(QStringLiteral("no-host.yml"), "apm-server:\n  rum:\n    enabled: false\n");
    MainWindow window;
    window.show();
    QVERIFY(window.openFile(path));
    QVERIFY(window.showPanel(QStringLiteral("effective")));

    // WHEN the user picks the profile in the toolbar
    auto* combo = window.findChild<QComboBox*>(QStringLiteral("profileCombo"));
    QVERIFY(combo);
    QVERIFY(!combo->accessibleName().isEmpty());
    const int index = combo->findText(profile, Qt::MatchEndsWith);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
    emit combo->activated(index);

    // THEN the effective view shows that release's default host, and the choice is remembered
    auto* view = window.findChild<QTreeView*>(QStringLiteral("effectiveView"));
    QVERIFY(view);
    const QAbstractItemModel* model = view->model();
    const QModelIndexList hits = model->match(model->index(0, EffectiveSettingsModel::KeyColumn), Qt::DisplayRole,
                                              QStringLiteral("apm-server.host"), 1, Qt::MatchExactly);
    QCOMPARE(hits.size(), 1);
    QCOMPARE(model->index(hits.first().row(), EffectiveSettingsModel::ValueColumn).data().toString(), host);
    QCOMPARE(model->index(hits.first().row(), EffectiveSettingsModel::SourceColumn).data().toString(),
             QStringLiteral("default"));
    QCOMPARE(Config::profileName(window.document()->profile()), profile);
    QCOMPARE(QSettings().value(QStringLiteral("profile")).toString(), profile);
    auto* status = window.findChild<QLabel*>(QStringLiteral("statusProfile"));
    QVERIFY(status && status->text().contains(profile));
}

void TestMainWindow::recentFilesGetThePath()
{
    const QString canonical = QFileInfo(m_path).absoluteFilePath();
    {
        MainWindow window;
        QVERIFY(window.openFile(m_path));
        QCOMPARE(window.recentFiles()->files().value(0), canonical);
        auto* menu = window.findChild<QMenu*>(QStringLiteral("menuOpenRecent"));
        QVERIFY(menu);
        bool listed = false;
        for (QAction* action : menu->actions())
            listed = listed || action->data().toString() == canonical;
        QVERIFY(listed);
    }
    // A new window (a new run) still knows it, from QSettings.
    MainWindow again;
    QCOMPARE(again.recentFiles()->files().value(0), canonical);
    again.recentFiles()->clear();
    QVERIFY(again.recentFiles()->files().isEmpty());
}

void TestMainWindow::malformedYamlLeavesDocumentUnchanged()
{
    MainWindow window;
    window.show();
    QVERIFY(window.openFile(m_path));
    auto* bar = window.findChild<MessageBar*>(QStringLiteral("parseErrorBar"));
    QVERIFY(bar);
    QVERIFY(bar->isHidden());

    // WHEN the user types YAML that does not parse
    editor(window)->setPlainText(QStringLiteral("apm-server:\n  rum: [enabled\n  host: \"x\n"));

    // THEN the document keeps its text and the bar names the position
    QTRY_VERIFY(bar->isVisible());
    QVERIFY2(bar->text().contains(QStringLiteral("line")) && bar->text().contains(QStringLiteral("column")),
             qPrintable(bar->text()));
    QCOMPARE(window.document()->yaml().text(), kSample);
    QVERIFY(!window.document()->isModified());
    saveShot(&window, QStringLiteral("parse-error"));

    // AND fixing the text clears the message and applies it
    editor(window)->setPlainText(QStringLiteral("apm-server:\n  rum:\n    enabled: true\n"));
    QTRY_VERIFY(bar->isHidden());
    QCOMPARE(window.document()->yaml().text(), QByteArray("apm-server:\n  rum:\n    enabled: true\n"));
    window.document()->newDocument();
}

void TestMainWindow::panelShortcuts()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QCOMPARE(window.panelIds(), QStringList({QStringLiteral("configuration"), QStringLiteral("effective"),
                                             QStringLiteral("intake"), QStringLiteral("tls"),
                                             QStringLiteral("secrets"), QStringLiteral("apikeys"),
                                             QStringLiteral("rum"), QStringLiteral("agents"),
                                             QStringLiteral("probe"), QStringLiteral("doctor")}));
    QCOMPARE(window.currentPanelId(), QStringLiteral("configuration"));
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.currentPanelId(), QStringLiteral("effective"));
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(window.currentPanelId(), QStringLiteral("intake"));
    QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(window.currentPanelId(), QStringLiteral("tls"));
    QTest::keyClick(&window, Qt::Key_5, Qt::ControlModifier);
    QCOMPARE(window.currentPanelId(), QStringLiteral("secrets"));
    const QStringList rest = {QStringLiteral("apikeys"), QStringLiteral("rum"), QStringLiteral("agents"),
                              QStringLiteral("probe")};
    for (int i = 0; i < rest.size(); ++i) {
        QTest::keyClick(&window, static_cast<Qt::Key>(Qt::Key_6 + i), Qt::ControlModifier);
        QCOMPARE(window.currentPanelId(), rest.at(i));
    }
    // Only the first nine panels have Ctrl+N; the tenth is reached from the sidebar and the View menu.
    auto* doctorAction = window.findChild<QAction*>(QStringLiteral("actionPanel_doctor"));
    QVERIFY(doctorAction);
    QVERIFY(doctorAction->shortcut().isEmpty());
    QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window.currentPanelId(), QStringLiteral("configuration"));
}

void TestMainWindow::aboutShowsVersions()
{
    MainWindow window;
    window.show();
    QString name;
    QString version;
    QString libraries;
    answerNextModal([&](QWidget* modal) {
        name = modal->objectName();
        if (auto* label = modal->findChild<QLabel*>(QStringLiteral("versionLabel")))
            version = label->text();
        if (auto* label = modal->findChild<QLabel*>(QStringLiteral("librariesLabel")))
            libraries = label->text();
        saveShot(modal, QStringLiteral("about"));
        modal->close();
    });
    window.showAbout();
    QCOMPARE(name, QStringLiteral("aboutDialog"));
    QVERIFY2(version.contains(QStringLiteral(GATEKEEPER_VERSION)), qPrintable(version));
    QVERIFY2(libraries.contains(QStringLiteral("Qt ")), qPrintable(libraries));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
