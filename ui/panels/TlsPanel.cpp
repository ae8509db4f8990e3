// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/TlsPanel.h"

#include "ui_TlsPanel.h"

#include "intake/TlsSetup.h"
#include "secrets/SecretStore.h"
#include "secrets/TokenGenerator.h"
#include "tls/KeyType.h"
#include "tls/TrustVerdicts.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QHostInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QStyle>

#include <algorithm>
#include <utility>

namespace {

QStringList splitList(const QString& text)
{
    QStringList out;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    }
    return out;
}

std::optional<QStringList> optionalList(const QString& text)
{
    const QStringList l = splitList(text);
    return l.isEmpty() ? std::nullopt : std::optional<QStringList>(l);
}

// A pick list of APM Server's names: one checkable row each.
void fillPickList(QListWidget* list, const QStringList& names)
{
    for (const QString& name : names) {
        auto* item = new QListWidgetItem(name, list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    list->setMaximumHeight(list->sizeHintForRow(0) * std::min<int>(int(names.size()), 6) + 2 * list->frameWidth() + 4);
}

// Checks the document's names, in the document's order at the top; a name APM Server would refuse
// stays visible (checked, marked) so loading and saving never drops what the file says.
void loadPickList(QListWidget* list, const std::optional<QStringList>& chosen)
{
    for (int i = list->count() - 1; i >= 0; --i) {
        if (list->item(i)->data(Qt::UserRole).toBool())
            delete list->takeItem(i);
        else
            list->item(i)->setCheckState(Qt::Unchecked);
    }
    const QStringList names = chosen.value_or(QStringList());
    for (int row = 0; row < names.size(); ++row) {
        const QList<QListWidgetItem*> found = list->findItems(names[row], Qt::MatchExactly);
        QListWidgetItem* item = found.isEmpty() ? nullptr : list->takeItem(list->row(found.constFirst()));
        if (!item) {
            item = new QListWidgetItem(names[row]);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setData(Qt::UserRole, true);
            item->setToolTip(QCoreApplication::translate("TlsPanel", "APM Server does not know this name"));
            item->setForeground(list->palette().brush(QPalette::Disabled, QPalette::Text));
        }
        list->insertItem(row, item);
        item->setCheckState(Qt::Checked);
    }
}

std::optional<QStringList> pickListValue(const QListWidget* list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->checkState() == Qt::Checked)
            out << list->item(i)->text();
    }
    return out.isEmpty() ? std::nullopt : std::optional<QStringList>(out);
}

std::optional<QString> optionalText(const QString& text)
{
    return text.trimmed().isEmpty() ? std::nullopt : std::optional<QString>(text.trimmed());
}

} // namespace

TlsPanel::TlsPanel(Tls::CertificateService* service, QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::TlsPanel>()), m_service(service)
{
    m_ui->setupUi(this);
    setAcceptDrops(true);
    m_ui->clientAuthCombo->addItem(tr("Not set"), QString());
    m_ui->clientAuthCombo->addItem(tr("none"), QStringLiteral("none"));
    m_ui->clientAuthCombo->addItem(tr("optional"), QStringLiteral("optional"));
    m_ui->clientAuthCombo->addItem(tr("required"), QStringLiteral("required"));
    for (const Tls::KeyType t : Tls::allKeyTypes())
        m_ui->keyTypeCombo->addItem(Tls::keyTypeLabel(t), int(t));
    for (const Tls::Agent a : Tls::allAgents())
        m_ui->agentCombo->addItem(Tls::agentLabel(a), Tls::agentName(a));
    m_ui->progressBar->setVisible(false);
    m_ui->cancelButton->setVisible(false);
    m_ui->keyStoreWarning->setVisible(false);
    m_ui->unencryptedButton->setVisible(false);
    m_ui->verdictTree->header()->setStretchLastSection(true);
    m_ui->verdictTree->setColumnWidth(0, 120);
    m_ui->verdictTree->setColumnWidth(1, 150);
    m_ui->verdictTree->setWordWrap(true);
    m_ui->verdictTree->setUniformRowHeights(false);
    m_ui->findingsView->setEmptyText(tr("No certificate problems found"));
    // The results column is the narrower one: findings wrap instead of being cut to a few letters.
    m_ui->findingsView->setCompact(true);
    // The explanation stays one compact line block; the settings and results take the height.
    m_ui->titleLabel->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_ui->panelLayout->setStretch(1, 1);
    m_ui->settingsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_ui->splitter->setStretchFactor(0, 2);
    m_ui->splitter->setStretchFactor(1, 3);
    m_ui->splitter->setSizes({480, 520});

    m_checkTimer.setSingleShot(true);
    m_checkTimer.setInterval(300);
    connect(&m_checkTimer, &QTimer::timeout, this, &TlsPanel::recheck);
    for (QLineEdit* edit :
         {m_ui->certificateEdit, m_ui->keyEdit, m_ui->passphraseEdit, m_ui->clientCasEdit, m_ui->agentCaEdit})
        connect(edit, &QLineEdit::textChanged, this, &TlsPanel::edited);
    // Browse buttons inside the path fields.
    const auto browse = [this](QLineEdit* edit, const char* name, const QString& title, bool many) {
        auto* action = edit->addAction(style()->standardIcon(QStyle::SP_DirOpenIcon), QLineEdit::TrailingPosition);
        action->setObjectName(QLatin1String(name));
        action->setToolTip(title);
        connect(action, &QAction::triggered, this, [this, edit, title, many] {
            const QString start = edit->text().isEmpty() ? m_workingDirectory
                                                         : QFileInfo(splitList(edit->text()).value(0)).absolutePath();
            const QString filter = tr("PEM files (*.pem *.crt *.cer *.key);;All files (*)");
            if (many) {
                const QStringList files = QFileDialog::getOpenFileNames(this, title, start, filter);
                if (!files.isEmpty())
                    edit->setText((splitList(edit->text()) + files).join(QStringLiteral(", ")));
            } else if (const QString file = QFileDialog::getOpenFileName(this, title, start, filter); !file.isEmpty()) {
                edit->setText(file);
            }
        });
    };
    browse(m_ui->certificateEdit, "browseCertificate", tr("Choose the server certificate"), false);
    browse(m_ui->keyEdit, "browseKey", tr("Choose the private key"), false);
    browse(m_ui->clientCasEdit, "browseClientCas", tr("Add client CA certificates"), true);
    browse(m_ui->agentCaEdit, "browseAgentCa", tr("Choose the CA certificate agents trust"), false);
    fillPickList(m_ui->protocolsList, Intake::TlsSetup::protocolNames());
    fillPickList(m_ui->ciphersList, Intake::TlsSetup::cipherSuiteNames());
    fillPickList(m_ui->curvesList, Intake::TlsSetup::curveNames());
    for (QListWidget* list : {m_ui->protocolsList, m_ui->ciphersList, m_ui->curvesList})
        connect(list, &QListWidget::itemChanged, this, &TlsPanel::edited);
    connect(m_ui->urlsEdit, &QPlainTextEdit::textChanged, this, &TlsPanel::edited);
    connect(m_ui->enabledCheck, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_loading)
            m_enabled = on;
        edited();
    });
    connect(m_ui->clientAuthCombo, qOverload<int>(&QComboBox::currentIndexChanged), this, &TlsPanel::edited);
    connect(m_ui->generateButton, &QPushButton::clicked, this, &TlsPanel::generate);
    connect(m_ui->unencryptedButton, &QPushButton::clicked, this, &TlsPanel::generateUnencrypted);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &TlsPanel::cancelGeneration);
    connect(m_ui->importButton, &QPushButton::clicked, this, &TlsPanel::importWithDialog);
    connect(m_ui->exportKitButton, &QPushButton::clicked, this, &TlsPanel::exportKitWithDialog);
    connect(&m_watcher, &QFutureWatcher<Tls::GeneratedSetup>::finished, this, &TlsPanel::generationFinished);
    connect(&m_watcher, &QFutureWatcher<Tls::GeneratedSetup>::progressRangeChanged, m_ui->progressBar,
            &QProgressBar::setRange);
    connect(&m_watcher, &QFutureWatcher<Tls::GeneratedSetup>::progressValueChanged, m_ui->progressBar,
            &QProgressBar::setValue);
    updateClientAuthExplanation();
}

TlsPanel::~TlsPanel()
{
    // Never block on a running generation: cancel it; the pool finishes it on its own.
    m_watcher.disconnect(this);
    if (m_watcher.isRunning())
        m_watcher.cancel();
}

void TlsPanel::load(const TlsPanelValue& v)
{
    m_loading = true;
    m_enabled = v.ssl.enabled;
    m_ui->enabledCheck->setChecked(v.ssl.enabled.value_or(v.ssl.certificate.has_value()));
    m_ui->certificateEdit->setText(v.ssl.certificate.value_or(QString()));
    m_ui->keyEdit->setText(v.ssl.key.value_or(QString()));
    m_ui->passphraseEdit->setText(v.ssl.keyPassphrase.value_or(QString()));
    m_ui->clientCasEdit->setText(v.ssl.certificateAuthorities.value_or(QStringList()).join(QStringLiteral(", ")));
    const int mode =
        m_ui->clientAuthCombo->findData(v.ssl.clientAuthentication.value_or(QString()).trimmed().toLower());
    m_ui->clientAuthCombo->setCurrentIndex(std::max(0, mode));
    loadPickList(m_ui->protocolsList, v.ssl.supportedProtocols);
    loadPickList(m_ui->ciphersList, v.ssl.cipherSuites);
    loadPickList(m_ui->curvesList, v.ssl.curveTypes);
    if (m_ui->urlsEdit->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts) != v.agentUrls)
        m_ui->urlsEdit->setPlainText(v.agentUrls.join(QLatin1Char('\n')));
    m_ui->agentCaEdit->setText(v.agentCa);
    m_loading = false;
    updateClientAuthExplanation();
    m_checkTimer.start();
}

TlsPanelValue TlsPanel::value() const
{
    TlsPanelValue v;
    v.ssl.enabled = m_enabled;
    v.ssl.certificate = optionalText(m_ui->certificateEdit->text());
    v.ssl.key = optionalText(m_ui->keyEdit->text());
    v.ssl.keyPassphrase = optionalText(m_ui->passphraseEdit->text());
    v.ssl.certificateAuthorities = optionalList(m_ui->clientCasEdit->text());
    v.ssl.clientAuthentication = optionalText(m_ui->clientAuthCombo->currentData().toString());
    v.ssl.supportedProtocols = pickListValue(m_ui->protocolsList);
    v.ssl.cipherSuites = pickListValue(m_ui->ciphersList);
    v.ssl.curveTypes = pickListValue(m_ui->curvesList);
    for (const QString& line : m_ui->urlsEdit->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty())
            v.agentUrls << line.trimmed();
    }
    v.agentCa = m_ui->agentCaEdit->text().trimmed();
    return v;
}

void TlsPanel::edited()
{
    updateClientAuthExplanation();
    if (m_loading)
        return;
    m_checkTimer.start();
    emit changed();
}

void TlsPanel::updateClientAuthExplanation()
{
    // apm-server-behaviour §5: certificate_authorities without client_authentication ⇒ required.
    const QString written = m_ui->clientAuthCombo->currentData().toString();
    const bool cas = !splitList(m_ui->clientCasEdit->text()).isEmpty();
    QString text;
    if (written.isEmpty())
        text = cas ? tr("Effective: <b>required</b>, because client CAs are listed and client_authentication is not "
                        "set. Only the Java agent (and Go from code) can send a client certificate.")
                   : tr("Effective: <b>none</b> (APM Server's default): agents are not asked for certificates.");
    else if (written == QLatin1String("required"))
        text = tr("Effective: <b>required</b>: agents without a client certificate fail the handshake.");
    else if (written == QLatin1String("optional"))
        text = tr("Effective: <b>optional</b>: a certificate is verified when an agent sends one.");
    else
        text = tr("Effective: <b>none</b>: agents are not asked for certificates.");
    if (written != QLatin1String("none") && (written.isEmpty() ? cas : true) && !cas)
        text += tr(" Without client CAs, client certificates are verified against the system roots.");
    m_ui->clientAuthExplanation->setText(text);
}

Tls::TlsCheck TlsPanel::currentCheck() const
{
    const TlsPanelValue v = value();
    Tls::TlsCheck c;
    c.certificate = v.ssl.certificate.value_or(QString());
    c.key = v.ssl.key.value_or(QString());
    c.keyPassphrase = v.ssl.keyPassphrase.value_or(QString());
    c.agentCa = v.agentCa;
    c.urls = v.agentUrls;
    c.clientAuthentication = v.ssl.clientAuthentication;
    c.caListConfigured = v.ssl.certificateAuthorities.has_value();
    return c;
}

void TlsPanel::recheck()
{
    m_checkTimer.stop();
    m_report = m_service->check(currentCheck());
    showReport();
}

void TlsPanel::showReport()
{
    m_ui->findingsView->setFindings(m_report.findings);
    m_ui->resultTabs->setTabText(0, tr("Findings (%1)").arg(m_report.findings.size()));
    m_ui->verdictTree->clear();
    for (const Tls::AgentVerdict& v : m_report.verdicts) {
        auto* item = new QTreeWidgetItem(m_ui->verdictTree);
        item->setText(0, Tls::agentLabel(v.agent));
        QString verdict;
        switch (v.verdict) {
        case Tls::Verdict::Accepted:
            verdict = tr("accepts it as is");
            break;
        case Tls::Verdict::NeedsOption:
            verdict = tr("accepts it once set up");
            break;
        case Tls::Verdict::NeedsNewerRuntime:
            verdict = tr("needs a newer runtime");
            break;
        case Tls::Verdict::Rejected:
            verdict = tr("rejects it");
            break;
        }
        item->setText(1, verdict);
        QStringList lines;
        for (const QString& o : v.options)
            lines << tr("Set: %1").arg(o);
        for (const QString& r : v.reasons)
            lines << tr("Because: %1").arg(r);
        item->setText(2, lines.join(QLatin1Char('\n')));
        item->setToolTip(2, lines.join(QLatin1Char('\n')));
        item->setData(0, Qt::UserRole, Tls::agentName(v.agent));
    }
    m_ui->detailsText->setPlainText(m_report.details);
}

void TlsPanel::setSecretStore(Secrets::SecretStore* store)
{
    m_store = store;
}

void TlsPanel::generate()
{
    if (m_watcher.isRunning() || !m_ui->generateButton->isEnabled())
        return;
    m_ui->keyStoreWarning->setVisible(false);
    m_ui->unencryptedButton->setVisible(false);
    if (!m_store) {
        offerUnencrypted(tr("No keychain is set up for this window."));
        return;
    }
    if (m_store->state() == Secrets::SecretStore::State::Unavailable) {
        offerUnencrypted(m_store->unavailableReason().toString());
        return;
    }
    auto token = Secrets::TokenGenerator::generate();
    if (!token) {
        offerUnencrypted(token.error().toString());
        return;
    }
    auto passphrase =
        std::make_shared<const Core::SecretBuffer>(QByteArray::fromRawData(token->view().data(), token->view().size()));
    // Stored first: a key is never written encrypted with a passphrase the keychain does not hold.
    m_ui->generateButton->setEnabled(false);
    QPointer<TlsPanel> self(this);
    m_store->write(QLatin1String(kPassphraseName), QByteArrayView(passphrase->data(), passphrase->size()),
                   [self, passphrase](Core::Result<void> stored) {
                       if (!self)
                           return;
                       if (!stored) {
                           self->m_ui->generateButton->setEnabled(true);
                           self->offerUnencrypted(stored.error().toString());
                           return;
                       }
                       self->startGeneration(passphrase);
                   });
}

void TlsPanel::generateUnencrypted()
{
    if (m_watcher.isRunning())
        return;
    m_ui->keyStoreWarning->setVisible(false);
    m_ui->unencryptedButton->setVisible(false);
    startGeneration(nullptr);
}

void TlsPanel::offerUnencrypted(const QString& why)
{
    m_ui->keyStoreWarning->setText(
        tr("<b>No secure store for the key's passphrase.</b> %1<br>The keys can be written unencrypted "
           "(mode 0600): anyone who can read server.key can impersonate APM Server. A passphrase is never "
           "written to a file.")
            .arg(why.toHtmlEscaped()));
    m_ui->keyStoreWarning->setVisible(true);
    m_ui->unencryptedButton->setVisible(true);
}

void TlsPanel::startGeneration(std::shared_ptr<const Core::SecretBuffer> passphrase)
{
    m_passphrase = passphrase;
    Tls::SetupRequest r;
    r.keyPassphrase = std::move(passphrase);
    r.outDir = m_workingDirectory.isEmpty() ? QDir::currentPath() : m_workingDirectory;
    r.keyType = Tls::KeyType(m_ui->keyTypeCombo->currentData().toInt());
    r.urls = value().agentUrls;
    r.localHostName = QHostInfo::localHostName();
    r.clientName = m_ui->clientNameEdit->text().trimmed();
    m_ui->progressBar->setVisible(true);
    m_ui->cancelButton->setVisible(true);
    m_ui->generateButton->setEnabled(false);
    m_watcher.setFuture(m_service->generateSetup(r));
}

void TlsPanel::cancelGeneration()
{
    m_watcher.cancel();
}

void TlsPanel::generationFinished()
{
    m_ui->progressBar->setVisible(false);
    m_ui->cancelButton->setVisible(false);
    m_ui->generateButton->setEnabled(true);
    if (m_watcher.isCanceled() || m_watcher.future().resultCount() == 0)
        return;
    const Tls::GeneratedSetup s = m_watcher.result();
    const std::shared_ptr<const Core::SecretBuffer> passphrase = std::exchange(m_passphrase, nullptr);
    if (s.error) {
        QMessageBox::warning(this, tr("Generate certificates"), s.error->toString());
        return;
    }
    // Known to the stub before the document points at the encrypted key.
    if (passphrase)
        emit secretAvailable(QLatin1String(kPassphraseName), QString::fromUtf8(passphrase->bytes()));
    if (!s.clientCertificate.isEmpty()) {
        // Shown where the passphrase warning goes: the client files are for the agent, not this document.
        m_ui->keyStoreWarning->setText(
            tr("Client certificate for agents (mutual TLS): %1 and its key %2 (not encrypted, "
               "mode 0600; hand both to the agent).")
                .arg(s.clientCertificate.toHtmlEscaped(), s.clientKey.toHtmlEscaped()));
        m_ui->keyStoreWarning->setVisible(true);
    }
    m_loading = true;
    m_ui->passphraseEdit->setText(passphrase ? QStringLiteral("${%1}").arg(QLatin1String(kPassphraseName)) : QString());
    m_ui->certificateEdit->setText(s.serverCertificate);
    m_ui->keyEdit->setText(s.serverKey);
    m_ui->agentCaEdit->setText(s.caCertificate);
    if (!m_enabled.value_or(true))
        m_ui->enabledCheck->setChecked(true);
    m_loading = false;
    edited();
    recheck();
}

void TlsPanel::importFile(const QString& path)
{
    Core::SecretBuffer password;
    if (m_service->needsPassword(path)) {
        bool ok = false;
        const QString text =
            QInputDialog::getText(this, tr("PKCS#12 password"), tr("Password of %1:").arg(QFileInfo(path).fileName()),
                                  QLineEdit::Password, QString(), &ok);
        if (!ok)
            return;
        password = Core::SecretBuffer(text);
    }
    auto imported = m_service->importFile(path, password);
    if (!imported) {
        QMessageBox::warning(this, tr("Import"), imported.error().toString());
        return;
    }
    m_loading = true;
    if (!imported->certificate.isEmpty())
        m_ui->certificateEdit->setText(imported->certificate);
    if (!imported->key.isEmpty())
        m_ui->keyEdit->setText(imported->key);
    if (!imported->authority.isEmpty())
        m_ui->agentCaEdit->setText(imported->authority);
    m_loading = false;
    edited();
    recheck();
}

void TlsPanel::importWithDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import certificates and keys"), m_workingDirectory,
        tr("Certificates and keys (*.pem *.crt *.cer *.der *.key *.p12 *.pfx);;All files (*)"));
    for (const QString& f : files)
        importFile(f);
}

void TlsPanel::exportKit(const QString& outDir)
{
    const auto agent = Tls::agentFromName(m_ui->agentCombo->currentData().toString());
    Core::SecretBuffer storePassword;
    if (agent == Tls::Agent::Java) {
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Java trust store"), tr("Trust store password:"),
                                                   QLineEdit::Password, QString(), &ok);
        if (!ok || text.isEmpty())
            return;
        storePassword = Core::SecretBuffer(text);
    }
    auto kit = m_service->writeKit(*agent, outDir, currentCheck(), storePassword);
    if (!kit) {
        QMessageBox::warning(this, tr("Export trust kit"), kit.error().toString());
        return;
    }
    QMessageBox::information(this, tr("Export trust kit"),
                             tr("Wrote %1 file(s) to %2.\n\n%3").arg(kit->files.size()).arg(outDir, kit->settings));
}

void TlsPanel::exportKitWithDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export trust kit to"), m_workingDirectory);
    if (!dir.isEmpty())
        exportKit(dir);
}

void TlsPanel::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void TlsPanel::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            importFile(url.toLocalFile());
    }
    event->acceptProposedAction();
}
