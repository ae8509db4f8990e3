// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "MainWindow.h"

#include "AboutDialog.h"
#include "apikeys/ApiKeyRegistry.h"
#include "config/Document.h"
#include "config/SecretReference.h"
#include "doctor/Doctor.h"
#include "panels/AgentKitPanel.h"
#include "panels/ApiKeysPanel.h"
#include "panels/ConfigurationPanel.h"
#include "panels/DoctorPanel.h"
#include "panels/EffectiveSettingsPanel.h"
#include "panels/IntakePanel.h"
#include "panels/ProbePanel.h"
#include "panels/RumPanel.h"
#include "panels/SecretsPanel.h"
#include "panels/TlsPanel.h"
#include "probe/ProbeSession.h"
#include "secrets/KeychainSecretStore.h"
#include "support/RecentFiles.h"
#include "support/StubController.h"
#include "tls/CertificateService.h"
#include "widgets/DiffDialog.h"
#include "widgets/FindingsView.h"

#include "ui_MainWindow.h"

#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHash>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QToolButton>

namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kPanelKey = QStringLiteral("mainWindow/panel");
const QString kSplitterKey = QStringLiteral("configurationPanel/splitter");
const QString kProfileKey = QStringLiteral("profile");

// Where the TLS panel's agent URLs and agent CA are kept for one document (they are not
// apm-server.yml settings): a settings group per absolute path.
QString tlsAgentsKey(const QString& documentPath)
{
    return QStringLiteral("tlsAgents/") +
           QString::fromLatin1(QFileInfo(documentPath)
                                   .absoluteFilePath()
                                   .toUtf8()
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString fileFilter()
{
    return MainWindow::tr("YAML files (*.yml *.yaml);;All files (*)");
}
} // namespace

MainWindow::MainWindow(Config::Document* document, QWidget* parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()),
      m_document(document ? document : new Config::Document(this)), m_recentFiles(new RecentFiles(this)),
      m_panelActions(new QActionGroup(this)), m_stub(new StubController(m_document, this))
{
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/apm-gatekeeper.svg")));
    setMinimumSize(1024, 700);

    // Standard icons so the toolbar reads in any theme; the words are there too.
    m_ui->actionNew->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    m_ui->actionOpen->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    m_ui->actionSave->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    m_ui->actionRevert->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_ui->menuFile->setToolTipsVisible(true);
    m_ui->menuView->setToolTipsVisible(true);

    connect(m_ui->actionNew, &QAction::triggered, this, &MainWindow::newDocument);
    connect(m_ui->actionOpen, &QAction::triggered, this, &MainWindow::openWithDialog);
    connect(m_ui->actionSave, &QAction::triggered, this, &MainWindow::save);
    connect(m_ui->actionSaveAs, &QAction::triggered, this, &MainWindow::saveAs);
    connect(m_ui->actionRevert, &QAction::triggered, this, &MainWindow::revert);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->actionAboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);

    setupProfileSelector();
    setupStatusBar();

    // Panels in the order a setup happens; later issues add theirs here.
    m_configurationPanel = new ConfigurationPanel(m_document, this);
    addPanel(QStringLiteral("configuration"), tr("Configuration"),
             QIcon(QStringLiteral(":/ui/icons/panel-configuration.svg")), m_configurationPanel,
             tr("The apm-server.yml text with syntax highlighting, its problems and pending changes"));
    connect(m_configurationPanel, &ConfigurationPanel::unappliedEditChanged, this, &MainWindow::updateStatus);
    m_effectivePanel = new EffectiveSettingsPanel(m_document, this);
    addPanel(QStringLiteral("effective"), tr("Effective settings"),
             QIcon(QStringLiteral(":/ui/icons/panel-effective.svg")), m_effectivePanel,
             tr("What APM Server will actually do with this file, and why"));
    m_intakePanel = new IntakePanel(m_stub, m_document, this);
    addPanel(QStringLiteral("intake"), tr("Intake"), QIcon(QStringLiteral(":/ui/icons/panel-intake.svg")),
             m_intakePanel,
             tr("The embedded APM Server stub: its state, the requests agents send and why each was answered so"));
    // TLS: the panel edits apm-server.ssl.* of the document (the stub restarts with them).
    m_certificateService = std::make_unique<Tls::CertificateService>();
    m_tlsPanel = new TlsPanel(m_certificateService.get(), this);
    addPanel(QStringLiteral("tls"), tr("TLS"), QIcon(QStringLiteral(":/ui/icons/panel-tls.svg")), m_tlsPanel,
             tr("Certificates: generate, import, check, and what each agent needs to trust APM Server"));
    auto tlsDocument = std::make_shared<QString>();
    auto loadTls = [this, tlsDocument] {
        if (m_applyingTls)
            return;
        TlsPanelValue v = m_tlsPanel->value();
        v.ssl = m_document->settings().ssl;
        // Another document: its own agent URLs and agent CA (none for a new, unsaved one).
        if (m_document->path() != *tlsDocument) {
            *tlsDocument = m_document->path();
            const QSettings settings;
            const QString key = tlsAgentsKey(m_document->path());
            v.agentUrls = m_document->path().isEmpty() ? QStringList()
                                                       : settings.value(key + QStringLiteral("/urls")).toStringList();
            v.agentCa =
                m_document->path().isEmpty() ? QString() : settings.value(key + QStringLiteral("/ca")).toString();
        }
        m_tlsPanel->load(v);
        m_tlsPanel->setWorkingDirectory(m_document->path().isEmpty() ? QDir::currentPath()
                                                                     : QFileInfo(m_document->path()).absolutePath());
    };
    connect(m_document, &Config::Document::changed, this, loadTls);
    connect(m_document, &Config::Document::pathChanged, this, loadTls);
    connect(m_tlsPanel, &TlsPanel::changed, this, [this] {
        const TlsPanelValue value = m_tlsPanel->value();
        if (!m_document->path().isEmpty()) {
            QSettings stored;
            const QString key = tlsAgentsKey(m_document->path());
            stored.setValue(key + QStringLiteral("/urls"), value.agentUrls);
            stored.setValue(key + QStringLiteral("/ca"), value.agentCa);
        }
        Config::ServerSettings settings = m_document->settings();
        settings.ssl = value.ssl;
        m_applyingTls = true;
        const auto applied = m_document->applySettings(settings);
        m_applyingTls = false;
        if (!applied)
            statusBar()->showMessage(applied.error().toString(), 8000);
    });
    loadTls();
    // Secrets only in the OS keychain; the panel reports when none is available.
    m_secretStore = new Secrets::KeychainSecretStore(QLatin1String(Secrets::kKeychainService), this);
    m_secretsPanel = new SecretsPanel(m_document, m_secretStore, this);
    addPanel(QStringLiteral("secrets"), tr("Secrets"), QIcon(QStringLiteral(":/ui/icons/panel-secrets.svg")),
             m_secretsPanel, tr("The secret token: generated into the keychain, referenced from apm-server.yml"));
    // ${NAME} for the embedded stub: the environment first, then values the Secrets panel read
    // from or wrote to the keychain during this session (memory only).
    // The TLS panel's key passphrases are known the same way (and its checks decrypt with them).
    auto known = std::make_shared<QHash<QString, QString>>();
    const Config::SecretLookup lookup = [known](const QString& name) -> std::optional<QString> {
        if (auto v = Config::lookupEnvironment(name))
            return v;
        if (const auto it = known->constFind(name); it != known->constEnd())
            return *it;
        return std::nullopt;
    };
    m_stub->setSecretLookup(lookup);
    m_certificateService->setSecretLookup(lookup);
    m_tlsPanel->setSecretStore(m_secretStore);
    const auto secretKnown = [this, known](const QString& name, const QString& value) {
        known->insert(name, value);
        m_stub->start();
    };
    connect(m_secretsPanel, &SecretsPanel::tokenAvailable, this, secretKnown);
    connect(m_tlsPanel, &TlsPanel::secretAvailable, this, secretKnown);
    // The local registry the embedded stub checks keys against (same data directory).
    m_apiKeyRegistry = std::make_unique<ApiKeys::ApiKeyRegistry>(m_stub->dataDir());
    m_apiKeysPanel = new ApiKeysPanel(m_document, m_apiKeyRegistry.get(), m_secretStore, this);
    addPanel(QStringLiteral("apikeys"), tr("API keys"), QIcon(QStringLiteral(":/ui/icons/panel-apikeys.svg")),
             m_apiKeysPanel, tr("API keys: create, invalidate and verify them; auth.api_key.enabled and limit"));
    m_rumPanel = new RumPanel(m_document, this);
    addPanel(QStringLiteral("rum"), tr("RUM and anonymous"), QIcon(QStringLiteral(":/ui/icons/panel-rum.svg")),
             m_rumPanel, tr("Browser agents: RUM, the origins allowed to send, anonymous access and its rate limits"));
    m_agentKitPanel = new AgentKitPanel(m_document, this);
    m_agentKitPanel->setSecretStore(m_secretStore);
    addPanel(QStringLiteral("agents"), tr("Agent kits"), QIcon(QStringLiteral(":/ui/icons/panel-agents.svg")),
             m_agentKitPanel, tr("What each Elastic APM agent needs to reach this APM Server, ready to copy"));
    auto* probePanel = new ProbePanel(new Probe::ProbeSession(this), m_document, m_secretStore, this);
    addPanel(QStringLiteral("probe"), tr("Probe"), QIcon(QStringLiteral(":/ui/icons/panel-probe.svg")), probePanel,
             tr("Send real agent requests and compare every answer with what the configuration's rules predict"));
    auto* doctorPanel = new DoctorPanel(new Doctor::Doctor(this), this);
    addPanel(QStringLiteral("doctor"), tr("Doctor"), QIcon(QStringLiteral(":/ui/icons/panel-doctor.svg")), doctorPanel,
             tr("Test a server URL layer by layer and explain error messages"));
    // The doctor starts on the embedded stub's URL (it follows the stub's port) until the user types another.
    auto lastStubUrl = std::make_shared<QString>();
    const auto followStub = [this, doctorPanel, lastStubUrl] {
        const QUrl url = m_stub->url();
        if (url.isEmpty())
            return;
        if (doctorPanel->url().isEmpty() || doctorPanel->url() == *lastStubUrl)
            doctorPanel->setUrl(url.toString());
        *lastStubUrl = url.toString();
    };
    connect(m_stub, &StubController::stateChanged, doctorPanel, followStub);
    followStub();
    connect(doctorPanel, &DoctorPanel::probeRequested, this, [this, probePanel](const QString& scenario) {
        showPanel(QStringLiteral("probe"));
        probePanel->runScenarios(scenario);
    });
    connect(m_ui->sidebar, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= m_panels.size())
            return;
        m_ui->panelStack->setCurrentWidget(m_panels.at(row).widget);
        m_panels.at(row).action->setChecked(true);
    });
    m_ui->sidebar->setCurrentRow(0);
    setTabOrder(m_profileCombo, m_ui->sidebar);

    connect(m_document, &Config::Document::changed, this, &MainWindow::updateStatus);
    connect(m_document, &Config::Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Config::Document::pathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Config::Document::profileChanged, this, &MainWindow::updateProfileControls);
    connect(m_recentFiles, &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);
    connect(m_stub, &StubController::stateChanged, this, &MainWindow::updateStubStatus);

    // The profile the user chose last time.
    if (const auto profile = Config::parseProfile(QSettings().value(kProfileKey).toString()))
        m_document->setProfile(*profile);

    rebuildRecentMenu();
    updateProfileControls();
    updateTitle();
    updateStatus();
    updateStubStatus();
    restoreWindowState();
    m_ui->sidebar->setFocus(Qt::OtherFocusReason);
}

MainWindow::~MainWindow() = default;

void MainWindow::addPanel(const QString& id, const QString& title, const QIcon& icon, QWidget* panel,
                          const QString& toolTip)
{
    const int position = static_cast<int>(m_panels.size());
    panel->setObjectName(id + QStringLiteral("Panel"));
    panel->setAccessibleName(title);
    m_ui->panelStack->addWidget(panel);

    auto* item = new QListWidgetItem(icon, title, m_ui->sidebar);
    // Ctrl+1 … Ctrl+9 for the first nine panels; later ones are reached from the sidebar and the View menu.
    const bool hasShortcut = position < 9;
    const QKeySequence shortcut =
        hasShortcut ? QKeySequence(QKeyCombination(Qt::CTRL, static_cast<Qt::Key>(Qt::Key_1 + position))) : QKeySequence();
    item->setToolTip(hasShortcut ? tr("%1 (%2)").arg(toolTip, shortcut.toString(QKeySequence::NativeText)) : toolTip);
    item->setData(Qt::AccessibleDescriptionRole, toolTip);

    auto* action = new QAction(icon, title, this);
    action->setObjectName(QStringLiteral("actionPanel_") + id);
    action->setCheckable(true);
    action->setToolTip(toolTip);
    action->setShortcut(shortcut);
    m_panelActions->addAction(action);
    // Panel actions go above the separator that precedes the Profile submenu.
    QAction* before = nullptr;
    for (QAction* a : m_ui->menuView->actions()) {
        if (a->isSeparator()) {
            before = a;
            break;
        }
    }
    m_ui->menuView->insertAction(before, action);
    addAction(action); // shortcut works whichever widget has focus
    connect(action, &QAction::triggered, this, [this, id] { showPanel(id); });

    m_panels.append({id, panel, action});
    setupSidebarWidth();
}

QStringList MainWindow::panelIds() const
{
    QStringList ids;
    for (const Panel& p : m_panels)
        ids << p.id;
    return ids;
}

QString MainWindow::currentPanelId() const
{
    const int row = m_ui->sidebar->currentRow();
    return row >= 0 && row < m_panels.size() ? m_panels.at(row).id : QString();
}

bool MainWindow::showPanel(const QString& id)
{
    for (int i = 0; i < m_panels.size(); ++i) {
        if (m_panels.at(i).id == id) {
            m_ui->sidebar->setCurrentRow(i);
            return true;
        }
    }
    return false;
}

void MainWindow::setupProfileSelector()
{
    auto* group = new QActionGroup(this);
    group->addAction(m_ui->actionProfile715);
    group->addAction(m_ui->actionProfile819);
    connect(m_ui->actionProfile715, &QAction::triggered, this, [this] { setProfile(Config::Profile::V7_15); });
    connect(m_ui->actionProfile819, &QAction::triggered, this, [this] { setProfile(Config::Profile::V8_19); });

    auto* label = new QLabel(tr("P&rofile:"), this);
    m_profileCombo = new QComboBox(this);
    m_profileCombo->setObjectName(QStringLiteral("profileCombo"));
    label->setBuddy(m_profileCombo);
    label->setContentsMargins(style()->pixelMetric(QStyle::PM_ToolBarItemSpacing) * 2, 0,
                              style()->pixelMetric(QStyle::PM_ToolBarItemSpacing), 0);
    m_profileCombo->addItem(tr("APM Server 7.15"), static_cast<int>(Config::Profile::V7_15));
    m_profileCombo->addItem(tr("APM Server 8.19"), static_cast<int>(Config::Profile::V8_19));
    m_profileCombo->setAccessibleName(tr("Emulated APM Server version"));
    const QString tip = tr("Which APM Server release to explain the file for. Defaults and implicit rules differ "
                           "between 7.15 and 8.19 (for example apm-server.host defaults to localhost:8200 in 7.15 and "
                           "127.0.0.1:8200 in 8.19; 7.15 still reads deprecated keys).");
    m_profileCombo->setToolTip(tip);
    m_profileCombo->setAccessibleDescription(tip);
    m_ui->mainToolBar->addWidget(label);
    m_ui->mainToolBar->addWidget(m_profileCombo);
    connect(m_profileCombo, qOverload<int>(&QComboBox::activated), this,
            [this](int index) { setProfile(static_cast<Config::Profile>(m_profileCombo->itemData(index).toInt())); });
}

void MainWindow::setupStatusBar()
{
    m_statusDocument = new QLabel(this);
    m_statusDocument->setObjectName(QStringLiteral("statusDocument"));
    m_statusDocument->setAccessibleName(tr("Document"));
    m_statusDocument->setTextFormat(Qt::PlainText);
    m_statusProfile = new QLabel(this);
    m_statusProfile->setObjectName(QStringLiteral("statusProfile"));
    m_statusProfile->setAccessibleName(tr("Emulated profile"));
    m_statusProfile->setToolTip(tr("The APM Server release whose behaviour is explained (View → Profile)"));
    m_statusFindings = new QLabel(this);
    m_statusFindings->setObjectName(QStringLiteral("statusFindings"));
    m_statusFindings->setAccessibleName(tr("Findings"));
    m_statusFindings->setToolTip(tr("Problems the linter found in this file (see the Configuration panel)"));
    // Permanent widgets stay visible while temporary messages ("Saved …") are shown.
    const int margin = fontMetrics().averageCharWidth();
    bool first = true;
    for (QLabel* label : {m_statusDocument, m_statusProfile, m_statusFindings}) {
        if (!first) {
            auto* line = new QFrame(this);
            line->setFrameShape(QFrame::VLine);
            line->setFrameShadow(QFrame::Sunken);
            statusBar()->addPermanentWidget(line);
        }
        label->setContentsMargins(first ? 0 : margin, 0, margin, 0);
        statusBar()->addPermanentWidget(label, first ? 1 : 0);
        first = false;
    }
    // The stub's state and URL, a click copies the URL (the agent's ELASTIC_APM_SERVER_URL).
    auto* line = new QFrame(this);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    statusBar()->addPermanentWidget(line);
    m_statusStub = new QToolButton(this);
    m_statusStub->setObjectName(QStringLiteral("statusStub"));
    m_statusStub->setAccessibleName(tr("Intake stub"));
    m_statusStub->setAutoRaise(true);
    m_statusStub->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    const int icon = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_statusStub->setIconSize(QSize(icon, icon));
    statusBar()->addPermanentWidget(m_statusStub);
    connect(m_statusStub, &QToolButton::clicked, this, &MainWindow::copyStubUrl);
}

void MainWindow::updateStubStatus()
{
    const StubController::State state = m_stub->state();
    QStyle::StandardPixmap icon = QStyle::SP_MediaStop;
    QString tip = tr("The embedded stub is stopped; start it in the Intake panel.");
    if (state == StubController::State::Running) {
        icon = QStyle::SP_DialogApplyButton;
        tip = tr("Click to copy the stub URL (ELASTIC_APM_SERVER_URL for agents).");
        if (m_stub->usesSessionToken())
            tip += QLatin1Char('\n') + m_stub->reason();
    } else if (state == StubController::State::Refused) {
        icon = QStyle::SP_MessageBoxCritical;
        tip = m_stub->reason();
    }
    m_statusStub->setIcon(style()->standardIcon(icon));
    m_statusStub->setText(m_stub->summary());
    m_statusStub->setToolTip(tip);
    m_statusStub->setAccessibleDescription(tip);
}

void MainWindow::copyStubUrl()
{
    if (m_stub->state() != StubController::State::Running) {
        showPanel(QStringLiteral("intake"));
        return;
    }
    QGuiApplication::clipboard()->setText(m_stub->url().toString());
    statusBar()->showMessage(tr("Copied %1").arg(m_stub->url().toString()), 3000);
}

void MainWindow::setupSidebarWidth()
{
    QListWidget* sidebar = m_ui->sidebar;
    const int rowHeight = std::max(sidebar->iconSize().height(), sidebar->fontMetrics().height()) +
                          sidebar->fontMetrics().height() / 2 + 8;
    int width = 0;
    for (int i = 0; i < sidebar->count(); ++i) {
        QListWidgetItem* item = sidebar->item(i);
        item->setSizeHint(QSize(0, rowHeight));
        width = std::max(width, sidebar->fontMetrics().horizontalAdvance(item->text()));
    }
    width += sidebar->iconSize().width() + 2 * sidebar->frameWidth() + sidebar->fontMetrics().averageCharWidth() * 6;
    sidebar->setFixedWidth(std::max(width, sidebar->fontMetrics().averageCharWidth() * 22));
}

void MainWindow::setProfile(Config::Profile profile)
{
    m_document->setProfile(profile);
    QSettings().setValue(kProfileKey, Config::profileName(profile));
    updateProfileControls();
}

void MainWindow::updateProfileControls()
{
    const Config::Profile profile = m_document->profile();
    m_profileCombo->setCurrentIndex(m_profileCombo->findData(static_cast<int>(profile)));
    m_ui->actionProfile715->setChecked(profile == Config::Profile::V7_15);
    m_ui->actionProfile819->setChecked(profile == Config::Profile::V8_19);
    m_statusProfile->setText(tr("Profile: APM Server %1").arg(Config::profileVersion(profile)));
}

void MainWindow::newDocument()
{
    if (!maybeSave(tr("Save them before starting a new document?")))
        return;
    m_document->newDocument();
    statusBar()->showMessage(tr("New document with secure defaults"), 5000);
}

void MainWindow::openWithDialog()
{
    if (!maybeSave(tr("Save them before opening another file?")))
        return;
    QString dir = m_document->path().isEmpty() ? QString() : QFileInfo(m_document->path()).absolutePath();
    if (dir.isEmpty() && !m_recentFiles->files().isEmpty())
        dir = QFileInfo(m_recentFiles->files().first()).absolutePath();
    if (dir.isEmpty())
        dir = QDir::homePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open apm-server.yml"), dir, fileFilter());
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::openRecent(const QString& path)
{
    if (!maybeSave(tr("Save them before opening another file?")))
        return;
    openFile(path);
}

bool MainWindow::openFile(const QString& path)
{
    const Core::Result<void> result = m_document->open(path);
    if (!result) {
        if (!QFileInfo::exists(path))
            m_recentFiles->remove(path);
        showError(tr("Could not open %1").arg(QDir::toNativeSeparators(path)), result.error());
        return false;
    }
    m_recentFiles->add(m_document->path());
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(m_document->path())), 5000);
    return true;
}

bool MainWindow::save()
{
    if (m_document->path().isEmpty())
        return saveAs();
    return writeDocument(m_document->path());
}

bool MainWindow::saveAs()
{
    QString suggested = m_document->path();
    if (suggested.isEmpty()) {
        const QString dir = m_recentFiles->files().isEmpty() ? QDir::homePath()
                                                             : QFileInfo(m_recentFiles->files().first()).absolutePath();
        suggested = QDir(dir).filePath(QStringLiteral("apm-server.yml"));
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Save apm-server.yml As"), suggested, fileFilter());
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".yml");
    return writeDocument(path);
}

bool MainWindow::writeDocument(const QString& path)
{
    if (const Core::Result<void> pending = m_configurationPanel->applyPendingEdit(); !pending) {
        showError(tr("Cannot save"), pending.error());
        return false;
    }
    // Nothing destructive without a preview: show what will change (nothing changed: save silently).
    const QByteArray before = m_document->savedText();
    const QByteArray after = m_document->yaml().text();
    if (before != after) {
        DiffDialog dialog(this);
        dialog.setTexts(QString::fromUtf8(before), QString::fromUtf8(after), path);
        if (dialog.exec() != QDialog::Accepted)
            return false;
    }
    const bool samePath = QFileInfo(path).absoluteFilePath() == m_document->path();
    const Core::Result<void> result = samePath ? m_document->save() : m_document->saveAs(path);
    if (!result) {
        showError(tr("Could not save %1").arg(QDir::toNativeSeparators(path)), result.error());
        return false;
    }
    m_recentFiles->add(m_document->path());
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(m_document->path())), 5000);
    return true;
}

void MainWindow::revert()
{
    if (!m_document->isModified() && !m_configurationPanel->hasUnappliedEdit())
        return;
    QMessageBox box(
        QMessageBox::Warning, tr("Revert"),
        m_document->path().isEmpty()
            ? tr("Discard all changes and start again from the secure defaults?")
            : tr("Discard all changes since the last save and reload “%1” from disk?").arg(m_document->displayName()),
        QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("revertBox"));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Discard)
        return;
    if (const Core::Result<void> result = m_document->revert(); !result)
        showError(tr("Could not revert"), result.error());
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave(tr("Save them before quitting?"))) {
        event->ignore();
        return;
    }
    storeWindowState();
    event->accept();
}

bool MainWindow::maybeSave(const QString& question)
{
    // Typed text not yet applied counts as a change too.
    static_cast<void>(m_configurationPanel->applyPendingEdit());
    if (!m_document->isModified() && !m_configurationPanel->hasUnappliedEdit())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved Changes"),
                    tr("“%1” has unsaved changes.").arg(m_document->displayName()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedChangesBox"));
    box.setInformativeText(question);
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void MainWindow::showError(const QString& title, const Core::Error& error)
{
    QMessageBox box(QMessageBox::Critical, title, error.message, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("errorBox"));
    if (!error.fix.isEmpty())
        box.setInformativeText(error.fix);
    if (!error.detail.isEmpty())
        box.setDetailedText(error.detail); // the "Show Details…" button
    box.exec();
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — APM Gatekeeper").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
    updateStatus();
}

void MainWindow::updateStatus()
{
    const QString name =
        m_document->path().isEmpty() ? m_document->displayName() : QDir::toNativeSeparators(m_document->path());
    m_statusDocument->setText(m_document->isModified() ? tr("%1 — unsaved changes").arg(name) : name);
    m_statusDocument->setToolTip(m_statusDocument->text());
    m_statusFindings->setText(FindingsView::summary(m_document->findings()));
    m_ui->actionRevert->setEnabled(m_document->isModified() || m_configurationPanel->hasUnappliedEdit());
}

void MainWindow::rebuildRecentMenu()
{
    QMenu* menu = m_ui->menuOpenRecent;
    menu->clear();
    const QStringList files = m_recentFiles->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString& path = files.at(i);
        QString label = QFileInfo(path).fileName() + QStringLiteral(" — ") +
                        QDir::toNativeSeparators(QFileInfo(path).absolutePath());
        label.replace(QLatin1Char('&'), QStringLiteral("&&"));
        if (i < 9)
            label = QStringLiteral("&%1 ").arg(i + 1) + label;
        QAction* action = menu->addAction(label);
        action->setObjectName(QStringLiteral("recentFileAction"));
        action->setData(path);
        action->setToolTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openRecent(path); });
    }
    if (files.isEmpty()) {
        QAction* none = menu->addAction(tr("No recent files"));
        none->setEnabled(false);
    }
    menu->addSeparator();
    QAction* clear = menu->addAction(tr("&Clear Menu"));
    clear->setObjectName(QStringLiteral("actionClearRecent"));
    clear->setEnabled(!files.isEmpty());
    connect(clear, &QAction::triggered, m_recentFiles, &RecentFiles::clear);
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1100, 760);
    restoreState(settings.value(kStateKey).toByteArray());
    m_configurationPanel->restoreState(settings.value(kSplitterKey).toByteArray());
    showPanel(settings.value(kPanelKey).toString());
}

void MainWindow::storeWindowState()
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kSplitterKey, m_configurationPanel->saveState());
    settings.setValue(kPanelKey, currentPanelId());
}
