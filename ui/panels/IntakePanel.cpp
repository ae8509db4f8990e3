// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/IntakePanel.h"

#include "config/Document.h"
#include "intake/HttpResponse.h"
#include "intake/IntakeServer.h"
#include "models/RequestLogModel.h"
#include "support/StubController.h"
#include "widgets/MessageBar.h"

#include "ui_IntakePanel.h"

#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMimeData>
#include <QPointer>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTimer>

namespace {

enum AgentConfigColumn { ServiceColumn, EnvironmentColumn, AgentColumn, SettingsColumn };
constexpr int kEtagRole = Qt::UserRole + 1;             // the etag a loaded entry came with
constexpr int kOriginalSettingsRole = Qt::UserRole + 2; // its settings then: an edit drops the etag
constexpr int kClipboardClearMs = 30000;

QString shellQuote(const QString& s)
{
    QString quoted = s;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString headerLines(const Intake::HeaderList& headers)
{
    QString text;
    for (const auto& [name, value] : headers)
        text += QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromLatin1(value) + QLatin1Char('\n');
    return text;
}

} // namespace

// Text filter over every column plus a status class (2xx / 4xx / 5xx).
class RequestFilterProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setStatusFilter(IntakePanel::StatusFilter filter)
    {
        m_filter = filter;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override
    {
        if (m_filter != IntakePanel::StatusFilter::All) {
            const int status = sourceModel()->index(sourceRow, 0, sourceParent).data(RequestLogModel::StatusRole).toInt();
            const int cls = status / 100;
            if ((m_filter == IntakePanel::StatusFilter::Success && cls != 2) ||
                (m_filter == IntakePanel::StatusFilter::ClientError && cls != 4) ||
                (m_filter == IntakePanel::StatusFilter::ServerError && cls != 5))
                return false;
        }
        return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
    }

private:
    IntakePanel::StatusFilter m_filter = IntakePanel::StatusFilter::All;
};

IntakePanel::IntakePanel(StubController* stub, Config::Document* document, QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::IntakePanel>()), m_stub(stub), m_document(document),
      m_model(new RequestLogModel(this)), m_proxy(new RequestFilterProxy(this))
{
    Q_ASSERT(m_stub && m_document);
    m_ui->setupUi(this);

    QFont bold = m_ui->stateLabel->font();
    bold.setBold(true);
    m_ui->stateLabel->setFont(bold);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->requestText->setFont(mono);
    m_ui->responseText->setFont(mono);
    m_ui->emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->emptyLabel->setTextFormat(Qt::PlainText);
    m_ui->copyUrlButton->setIcon(style()->standardIcon(QStyle::SP_FileLinkIcon));
    m_ui->startButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_ui->stopButton->setIcon(style()->standardIcon(QStyle::SP_MediaStop));

    // Request log.
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(RequestLogModel::SortRole);
    m_ui->requestView->setModel(m_proxy);
    m_ui->requestView->verticalHeader()->hide();
    m_ui->requestView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView* header = m_ui->requestView->horizontalHeader();
    const int ch = fontMetrics().averageCharWidth();
    const int widths[] = {14, 10, 8, 12, 28, 13, 7};
    for (int c = 0; c < RequestLogModel::VerdictColumn; ++c)
        header->resizeSection(c, widths[c] * ch + 2 * ch);
    header->setStretchLastSection(true);
    // Rows arrive when answered; sorted by time they read in the order requests began.
    header->setSortIndicator(RequestLogModel::TimeColumn, Qt::AscendingOrder);
    m_ui->requestView->setSortingEnabled(true);
    m_ui->statusCombo->addItems({tr("All"), tr("2xx accepted"), tr("4xx rejected"), tr("5xx failed")});
    m_ui->requestSplitter->setStretchFactor(0, 3);
    m_ui->requestSplitter->setStretchFactor(1, 2);
    // Rules are sentences: the rule column takes the room; the whole rule is in its tooltip.
    QHeaderView* traceHeader = m_ui->decisionTree->header();
    traceHeader->setStretchLastSection(false);
    traceHeader->resizeSection(0, 14 * ch);
    traceHeader->resizeSection(1, 18 * ch);
    traceHeader->setSectionResizeMode(2, QHeaderView::Stretch);
    traceHeader->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    m_ui->copyCurlButton->setEnabled(false);

    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, &IntakePanel::setFilterText);
    connect(m_ui->statusCombo, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this](int index) { setStatusFilter(static_cast<StatusFilter>(index)); });
    connect(m_ui->clearButton, &QPushButton::clicked, this, [this] {
        m_model->clear();
        refreshEmptyState();
    });
    connect(m_ui->requestView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showEntry(current); });
    connect(m_ui->copyCurlButton, &QPushButton::clicked, this, &IntakePanel::copyAsCurl);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (!m_ui->requestView->currentIndex().isValid())
            showEntry({});
    });

    // State and actions.
    connect(m_ui->startButton, &QPushButton::clicked, m_stub, &StubController::start);
    connect(m_ui->stopButton, &QPushButton::clicked, m_stub, &StubController::stop);
    connect(m_ui->copyUrlButton, &QToolButton::clicked, this, [this] {
        if (m_stub->state() == StubController::State::Running)
            QGuiApplication::clipboard()->setText(m_stub->url().toString());
    });
    connect(m_ui->revealTokenButton, &QToolButton::toggled, this, [this](bool reveal) {
        m_ui->tokenEdit->setEchoMode(reveal ? QLineEdit::Normal : QLineEdit::Password);
        m_ui->revealTokenButton->setText(reveal ? tr("&Hide") : tr("&Reveal"));
    });
    connect(m_ui->copyTokenButton, &QToolButton::clicked, this,
            [this] { copySecretToClipboard(m_stub->sessionToken()); });
    connect(m_stub, &StubController::stateChanged, this, &IntakePanel::refreshState);
    connect(m_stub, &StubController::requestLogged, this, &IntakePanel::appendEntry);
    connect(m_document, &Config::Document::changed, this, &IntakePanel::refreshState);
    connect(m_document, &Config::Document::profileChanged, this, &IntakePanel::refreshState);

    // Agent configuration.
    QHeaderView* configHeader = m_ui->agentConfigTable->horizontalHeader();
    configHeader->resizeSection(ServiceColumn, 20 * ch);
    configHeader->resizeSection(EnvironmentColumn, 16 * ch);
    configHeader->resizeSection(AgentColumn, 14 * ch);
    configHeader->setStretchLastSection(true);
    m_ui->agentConfigTable->verticalHeader()->hide();
    const QString keyHint = tr("Kibana's central configuration (agent.config.cache.expiration sets how long agents "
                               "may cache it; apm-server.kibana.enabled in 7.15)");
    m_ui->agentConfigTable->horizontalHeaderItem(ServiceColumn)->setToolTip(tr("service.name the agent reports"));
    m_ui->agentConfigTable->horizontalHeaderItem(EnvironmentColumn)
        ->setToolTip(tr("service.environment; empty matches any environment"));
    m_ui->agentConfigTable->horizontalHeaderItem(AgentColumn)->setToolTip(tr("agent.name; empty matches any agent"));
    m_ui->agentConfigTable->horizontalHeaderItem(SettingsColumn)
        ->setToolTip(tr("key=value pairs, e.g. transaction_sample_rate=0.2. %1").arg(keyHint));
    m_ui->addConfigButton->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
    m_ui->removeConfigButton->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    m_ui->loadConfigButton->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    m_ui->saveConfigButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    connect(m_ui->agentConfigTable, &QTableWidget::itemChanged, this, [this] {
        if (!m_loadingAgentConfigs)
            applyAgentConfigs();
    });
    connect(m_ui->agentConfigTable, &QTableWidget::itemSelectionChanged, this, [this] {
        m_ui->removeConfigButton->setEnabled(!m_ui->agentConfigTable->selectedItems().isEmpty());
    });
    connect(m_ui->addConfigButton, &QPushButton::clicked, this, &IntakePanel::addAgentConfig);
    connect(m_ui->removeConfigButton, &QPushButton::clicked, this, &IntakePanel::removeAgentConfig);
    connect(m_ui->loadConfigButton, &QPushButton::clicked, this, &IntakePanel::loadAgentConfigWithDialog);
    connect(m_ui->saveConfigButton, &QPushButton::clicked, this, &IntakePanel::saveAgentConfigWithDialog);
    m_ui->removeConfigButton->setEnabled(false);
    loadAgentConfigs(m_stub->agentConfig()->entries());

    refreshState();
    showEntry({});
}

IntakePanel::~IntakePanel() = default;

void IntakePanel::refreshState()
{
    const StubController::State state = m_stub->state();
    const bool running = state == StubController::State::Running;
    QStyle::StandardPixmap icon = QStyle::SP_MediaStop;
    QString stateText = tr("Stopped");
    QString headline = tr("Stub stopped");
    if (running) {
        icon = QStyle::SP_DialogApplyButton;
        stateText = tr("Running");
        headline = tr("Stub running on");
    } else if (state == StubController::State::Refused) {
        icon = QStyle::SP_MessageBoxCritical;
        stateText = tr("Refused");
        headline = tr("Stub refused");
    }
    // Icon and word, never colour alone.
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_ui->stateIconLabel->setPixmap(style()->standardIcon(icon).pixmap(size, size));
    m_ui->stateLabel->setText(headline);
    m_ui->stateLabel->setAccessibleDescription(stateText);
    m_ui->stateIconLabel->setToolTip(stateText);
    const QString url = running ? m_stub->url().toString() : QString();
    m_ui->urlLabel->setText(url);
    m_ui->urlLabel->setVisible(running);
    m_ui->copyUrlButton->setEnabled(running);
    m_ui->startButton->setText(running ? tr("Re&start") : tr("&Start"));
    m_ui->stopButton->setEnabled(running);

    const Config::EffectiveSettings& e = m_document->effective();
    m_ui->profileLabel->setText(tr("Emulating APM Server %1").arg(Config::profileVersion(m_document->profile())));
    m_ui->profileLabel->setToolTip(tr("The release whose behaviour the stub copies (View → Profile)"));
    m_ui->tlsLabel->setText(e.tlsEnabled.value ? tr("· TLS on") : tr("· TLS off"));
    m_ui->tlsLabel->setToolTip(tr("apm-server.ssl.enabled: %1 (%2)").arg(e.tlsEnabled.rule, e.tlsEnabled.section));
    m_ui->clientAuthLabel->setText(tr("· Client certificates: %1").arg(Config::clientAuthName(e.clientAuth.value)));
    m_ui->clientAuthLabel->setToolTip(
        tr("apm-server.ssl.client_authentication: %1 (%2)").arg(e.clientAuth.rule, e.clientAuth.section));
    QStringList methods;
    if (!e.secretToken.value.isEmpty())
        methods << tr("secret token");
    if (e.apiKeyEnabled.value)
        methods << tr("API key");
    if (e.anonymousEnabled.value)
        methods << tr("anonymous (RUM)");
    m_ui->authLabel->setText(tr("· Auth: %1").arg(methods.isEmpty() ? tr("none — anyone may send") : methods.join(QStringLiteral(", "))));
    m_ui->authLabel->setToolTip(tr("apm-server.auth.secret_token / apm-server.auth.api_key.enabled: %1 (%2)")
                                    .arg(e.authRequired.rule, e.authRequired.section));

    if (state == StubController::State::Refused)
        m_ui->messageBar->showMessage(m_stub->reason(), Config::Severity::Error);
    else
        m_ui->messageBar->clear();

    const bool session = running && m_stub->usesSessionToken();
    m_ui->tokenFrame->setVisible(session);
    if (session) {
        m_ui->tokenInfoLabel->setText(
            tr("%1 is not set, so the stub asks for this session token (not saved; a new one each session). "
               "Give it to agents as ELASTIC_APM_SECRET_TOKEN.")
                .arg(m_stub->secretReference()));
        m_ui->tokenEdit->setText(m_stub->sessionToken());
    } else {
        m_ui->tokenEdit->clear();
        m_ui->revealTokenButton->setChecked(false);
    }
    refreshEmptyState();
}

void IntakePanel::refreshEmptyState()
{
    const bool empty = m_model->rowCount() == 0;
    const bool running = m_stub->state() == StubController::State::Running;
    if (running) {
        QString text = tr("No requests yet — point an agent at %1\n\nELASTIC_APM_SERVER_URL=%1").arg(m_stub->url().toString());
        if (m_stub->usesSessionToken())
            text += tr("\nELASTIC_APM_SECRET_TOKEN=<the session token above>");
        m_ui->emptyLabel->setText(text);
    } else {
        m_ui->emptyLabel->setText(tr("No requests yet — the stub is not running. Start it to give agents a target."));
    }
    m_ui->requestStack->setCurrentWidget(empty ? static_cast<QWidget*>(m_ui->emptyLabel) : m_ui->requestSplitter);
    m_ui->countLabel->setText(m_proxy->rowCount() == m_model->rowCount()
                                  ? tr("%n request(s)", nullptr, m_model->rowCount())
                                  : tr("%1 of %n request(s)", nullptr, m_model->rowCount()).arg(m_proxy->rowCount()));
    m_ui->clearButton->setEnabled(!empty);
}

void IntakePanel::appendEntry(const Intake::RequestLogEntry& entry)
{
    QScrollBar* bar = m_ui->requestView->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_model->append(entry);
    if (atEnd)
        m_ui->requestView->scrollToBottom();
    refreshEmptyState();
    // The first request fills the detail pane at once; later ones leave the selection alone.
    if (!m_ui->requestView->currentIndex().isValid() && m_proxy->rowCount() > 0)
        m_ui->requestView->setCurrentIndex(m_proxy->index(0, 0));
}

void IntakePanel::setFilterText(const QString& text)
{
    if (m_ui->filterEdit->text() != text)
        m_ui->filterEdit->setText(text);
    m_proxy->setFilterFixedString(text);
    refreshEmptyState();
}

void IntakePanel::setStatusFilter(IntakePanel::StatusFilter filter)
{
    if (m_ui->statusCombo->currentIndex() != static_cast<int>(filter))
        m_ui->statusCombo->setCurrentIndex(static_cast<int>(filter));
    m_proxy->setStatusFilter(filter);
    refreshEmptyState();
}

void IntakePanel::showEntry(const QModelIndex& proxyIndex)
{
    const QModelIndex source = m_proxy->mapToSource(proxyIndex);
    m_ui->copyCurlButton->setEnabled(source.isValid());
    m_ui->decisionTree->clear();
    if (!source.isValid()) {
        m_ui->detailSummaryLabel->setText(tr("Select a request to see its headers, the decision and the response."));
        m_ui->requestText->clear();
        m_ui->responseText->clear();
        return;
    }
    const Intake::RequestLogEntry& e = m_model->entry(source.row());
    m_ui->detailSummaryLabel->setText(tr("%1 %2 → %3: %4").arg(e.method, e.target).arg(e.status).arg(e.verdict));

    QString request = e.method + QLatin1Char(' ') + e.target + QStringLiteral(" HTTP/1.1\n") + headerLines(e.requestHeaders);
    request += tr("\n— from %1 (%2)").arg(e.peer, e.clientSource.isEmpty() ? tr("peer address") : e.clientSource);
    if (e.bodyBytes > 0)
        request += tr(", body %n byte(s)", nullptr, int(e.bodyBytes));
    if (e.eventsAccepted > 0)
        request += tr(", %n event(s) accepted", nullptr, e.eventsAccepted);
    m_ui->requestText->setPlainText(request);

    for (const Intake::TraceStep& step : e.trace) {
        auto* item = new QTreeWidgetItem(m_ui->decisionTree, {step.stage, step.outcome, step.rule, step.section});
        item->setToolTip(2, step.rule);
    }

    const Intake::HttpResponse& r = e.response;
    QString response = QStringLiteral("HTTP/1.1 %1 %2\n").arg(r.status).arg(QString::fromLatin1(Intake::statusText(r.status)));
    response += headerLines(r.headers);
    if (!r.body.isEmpty())
        response += QLatin1Char('\n') + QString::fromUtf8(r.body);
    m_ui->responseText->setPlainText(response);
}

QString IntakePanel::curlCommand(const Intake::RequestLogEntry& entry, const QUrl& base)
{
    QUrl url = base;
    const QString target = entry.target.isEmpty() ? QStringLiteral("/") : entry.target;
    const qsizetype q = target.indexOf(QLatin1Char('?'));
    url.setPath(q < 0 ? target : target.left(q), QUrl::TolerantMode);
    url.setQuery(q < 0 ? QString() : target.mid(q + 1), QUrl::TolerantMode);

    QStringList parts{QStringLiteral("curl -i")};
    if (entry.method == QLatin1String("HEAD"))
        parts << QStringLiteral("-I");
    else if (entry.method != QLatin1String("GET"))
        parts << QStringLiteral("-X ") + entry.method;
    parts << shellQuote(url.toString());
    static const QList<QByteArray> skipped = {"host", "content-length", "connection", "transfer-encoding", "expect"};
    for (const auto& [name, value] : entry.requestHeaders) {
        if (skipped.contains(name.toLower()))
            continue;
        if (name.compare("authorization", Qt::CaseInsensitive) == 0) {
            // Why: never the real credential; the shell expands the variable at run time, so the
            // command can be shared and the secret stays in the environment.
            const QByteArray scheme = value.split(' ').constFirst();
            if (scheme.compare("Bearer", Qt::CaseInsensitive) == 0)
                parts << QStringLiteral("-H \"Authorization: Bearer $APM_SECRET_TOKEN\"");
            else if (scheme.compare("ApiKey", Qt::CaseInsensitive) == 0)
                parts << QStringLiteral("-H \"Authorization: ApiKey $APM_API_KEY\"");
            continue;
        }
        parts << QStringLiteral("-H ") + shellQuote(QString::fromLatin1(name + ": " + value));
    }
    QString command;
    const bool hasBody = entry.bodyBytes > 0 || entry.method == QLatin1String("POST") || entry.method == QLatin1String("PUT");
    if (hasBody) {
        const bool ndjson = entry.endpoint == Intake::Endpoint::Intake || Intake::isRumEndpoint(entry.endpoint);
        const QString file = ndjson ? QStringLiteral("events.ndjson") : QStringLiteral("body");
        parts << QStringLiteral("--data-binary @") + file;
        command = tr("# The stub does not keep request bodies: put the body to send in %1.\n").arg(file);
    }
    return command + parts.join(QStringLiteral(" \\\n  "));
}

QString IntakePanel::copyAsCurl()
{
    const QModelIndex source = m_proxy->mapToSource(m_ui->requestView->currentIndex());
    if (!source.isValid())
        return {};
    QUrl base = m_stub->url();
    if (base.isEmpty())
        base = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(StubController::kDefaultPort));
    const QString command = curlCommand(m_model->entry(source.row()), base);
    QGuiApplication::clipboard()->setText(command);
    return command;
}

void IntakePanel::copySecretToClipboard(const QString& secret)
{
    auto* mime = new QMimeData;
    mime->setText(secret);
    // Clipboard managers (Klipper, …) honour this hint and do not record the secret.
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QClipboard* clipboard = QGuiApplication::clipboard();
    clipboard->setMimeData(mime);
    QTimer::singleShot(kClipboardClearMs, clipboard, [clipboard, secret] {
        if (clipboard->text() == secret)
            clipboard->clear();
    });
}

// Agent configuration ---------------------------------------------------------------------------

QString IntakePanel::settingsText(const QMap<QString, QString>& settings)
{
    QStringList pairs;
    for (auto it = settings.cbegin(); it != settings.cend(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value();
    return pairs.join(QStringLiteral(", "));
}

QMap<QString, QString> IntakePanel::parseSettings(const QString& text, QStringList* invalid)
{
    QMap<QString, QString> settings;
    static const QRegularExpression separators(QStringLiteral("[,;\\n]"));
    for (const QString& raw : text.split(separators, Qt::SkipEmptyParts)) {
        const QString pair = raw.trimmed();
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        if (pair.isEmpty())
            continue;
        if (eq <= 0) {
            if (invalid)
                *invalid << pair;
            continue;
        }
        settings.insert(pair.left(eq).trimmed(), pair.mid(eq + 1).trimmed());
    }
    return settings;
}

void IntakePanel::loadAgentConfigs(const QList<Intake::AgentConfigEntry>& entries)
{
    m_loadingAgentConfigs = true;
    QTableWidget* table = m_ui->agentConfigTable;
    table->setRowCount(0);
    for (const Intake::AgentConfigEntry& e : entries) {
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, ServiceColumn, new QTableWidgetItem(e.serviceName));
        table->setItem(row, EnvironmentColumn, new QTableWidgetItem(e.environment));
        table->setItem(row, AgentColumn, new QTableWidgetItem(e.agentName));
        auto* settings = new QTableWidgetItem(settingsText(e.settings));
        settings->setData(kEtagRole, e.etag);
        settings->setData(kOriginalSettingsRole, settings->text());
        table->setItem(row, SettingsColumn, settings);
    }
    m_loadingAgentConfigs = false;
    applyAgentConfigs();
}

QList<Intake::AgentConfigEntry> IntakePanel::agentConfigs() const
{
    QList<Intake::AgentConfigEntry> entries;
    const QTableWidget* table = m_ui->agentConfigTable;
    auto cell = [table](int row, int column) {
        const QTableWidgetItem* item = table->item(row, column);
        return item ? item->text().trimmed() : QString();
    };
    for (int row = 0; row < table->rowCount(); ++row) {
        Intake::AgentConfigEntry e;
        e.serviceName = cell(row, ServiceColumn);
        if (e.serviceName.isEmpty())
            continue;
        e.environment = cell(row, EnvironmentColumn);
        e.agentName = cell(row, AgentColumn);
        e.settings = parseSettings(cell(row, SettingsColumn));
        if (const QTableWidgetItem* item = table->item(row, SettingsColumn)) {
            const QString etag = item->data(kEtagRole).toString();
            // A loaded etag stays only while its settings are unchanged.
            if (!etag.isEmpty() && settingsText(e.settings) == settingsText(parseSettings(item->data(kOriginalSettingsRole).toString())))
                e.etag = etag;
        }
        entries << e;
    }
    return entries;
}

void IntakePanel::applyAgentConfigs()
{
    QTableWidget* table = m_ui->agentConfigTable;
    QStringList problems;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QTableWidgetItem* service = table->item(row, ServiceColumn);
        QTableWidgetItem* settings = table->item(row, SettingsColumn);
        if (!service || service->text().trimmed().isEmpty())
            problems << tr("row %1 has no service name and is not served").arg(row + 1);
        if (settings) {
            QStringList invalid;
            parseSettings(settings->text(), &invalid);
            if (!invalid.isEmpty())
                problems << tr("row %1: “%2” is not key=value").arg(row + 1).arg(invalid.join(QStringLiteral("”, “")));
        }
    }
    const QList<Intake::AgentConfigEntry> entries = agentConfigs();
    m_stub->agentConfig()->setEntries(entries);
    QString status = entries.isEmpty()
                         ? tr("No configurations: agents get an empty configuration.")
                         : tr("%n configuration(s) served on /config/v1/agents.", nullptr, int(entries.size()));
    if (!m_document->effective().agentConfigEnabled.value)
        status += QLatin1Char(' ') + tr("The endpoint is off in this document: %1").arg(m_document->effective().agentConfigEnabled.rule);
    if (!problems.isEmpty())
        status += QLatin1Char(' ') + problems.join(QStringLiteral("; ")) + QLatin1Char('.');
    m_ui->agentConfigStatusLabel->setText(status);
    m_ui->agentConfigStatusLabel->setToolTip(status);
    emit agentConfigsChanged();
}

void IntakePanel::addAgentConfig()
{
    QTableWidget* table = m_ui->agentConfigTable;
    m_loadingAgentConfigs = true;
    const int row = table->rowCount();
    table->insertRow(row);
    for (int c = ServiceColumn; c <= SettingsColumn; ++c)
        table->setItem(row, c, new QTableWidgetItem);
    m_loadingAgentConfigs = false;
    table->setCurrentCell(row, ServiceColumn);
    table->editItem(table->item(row, ServiceColumn));
    applyAgentConfigs();
}

void IntakePanel::removeAgentConfig()
{
    QTableWidget* table = m_ui->agentConfigTable;
    QList<int> rows;
    for (const QModelIndex& index : table->selectionModel()->selectedRows())
        rows << index.row();
    if (rows.isEmpty() && table->currentRow() >= 0)
        rows << table->currentRow();
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int row : std::as_const(rows))
        table->removeRow(row);
    applyAgentConfigs();
}

Core::Result<void> IntakePanel::loadAgentConfigFile(const QString& path)
{
    auto store = Intake::AgentConfigStore::load(path);
    if (!store)
        return store.error();
    loadAgentConfigs(store->entries());
    return {};
}

Core::Result<void> IntakePanel::saveAgentConfigFile(const QString& path) const
{
    Intake::AgentConfigStore store;
    store.setEntries(agentConfigs());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(store.toJson()) < 0 || !file.commit())
        return Core::makeError(QStringLiteral("file.unwritable"),
                               tr("Could not write %1.").arg(QDir::toNativeSeparators(path)), file.errorString());
    return {};
}

void IntakePanel::loadAgentConfigWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load Agent Configurations"), QDir::homePath(),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const auto r = loadAgentConfigFile(path); !r)
        m_ui->agentConfigStatusLabel->setText(r.error().toString());
}

void IntakePanel::saveAgentConfigWithDialog()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save Agent Configurations"),
                                     QDir(QDir::homePath()).filePath(QStringLiteral("agent-config.json")),
                                     tr("JSON files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const auto r = saveAgentConfigFile(path); !r)
        m_ui->agentConfigStatusLabel->setText(r.error().toString());
    else
        m_ui->agentConfigStatusLabel->setText(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
}
