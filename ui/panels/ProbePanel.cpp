// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/ProbePanel.h"

#include "config/Document.h"
#include "core/AtomicFile.h"
#include "probe/ProbeSession.h"
#include "secrets/SecretKeeper.h"
#include "secrets/SecretStore.h"
#include "config/SecretReference.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QFontDatabase>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

// One request's timings as a bar: TLS handshake, first byte, total (milliseconds).
class TimingBar : public QWidget
{
public:
    explicit TimingBar(QWidget* parent = nullptr) : QWidget(parent)
    {
        setMinimumHeight(22);
        setAccessibleName(tr("Request timing"));
    }
    void setTimings(double tls, double firstByte, double total)
    {
        m_tls = tls;
        m_firstByte = firstByte;
        m_total = total;
        QStringList parts;
        if (tls >= 0)
            parts << tr("TLS %1 ms").arg(tls, 0, 'f', 1);
        if (firstByte >= 0)
            parts << tr("first byte %1 ms").arg(firstByte, 0, 'f', 1);
        if (total >= 0)
            parts << tr("total %1 ms").arg(total, 0, 'f', 1);
        setToolTip(parts.join(QStringLiteral(" · ")));
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        const QRectF r = rect().adjusted(0, 4, -1, -4);
        p.fillRect(r, palette().alternateBase());
        if (m_total <= 0)
            return;
        auto x = [&](double ms) { return r.left() + r.width() * std::clamp(ms / m_total, 0.0, 1.0); };
        double start = 0;
        const QList<QPair<double, QColor>> parts = {{std::max(0.0, m_tls), QColor(0x8250df)},
                                                    {std::max(0.0, m_firstByte), QColor(0x0969da)},
                                                    {m_total, QColor(0x1a7f37)}};
        for (const auto& [end, color] : parts) {
            if (end <= start)
                continue;
            p.fillRect(QRectF(QPointF(x(start), r.top()), QPointF(x(end), r.bottom())), color);
            start = end;
        }
        p.setPen(palette().text().color());
        p.drawText(rect(), Qt::AlignCenter, toolTip());
    }

private:
    double m_tls = -1, m_firstByte = -1, m_total = -1;
};

namespace {

enum Column { ColResult, ColCategory, ColFamily, ColVariant, ColExpected, ColActual, ColTime, ColCount };
constexpr int kIndexRole = Qt::UserRole + 1;
constexpr int kMatchRole = Qt::UserRole + 2;

} // namespace

ProbePanel::ProbePanel(Probe::ProbeSession* session, Config::Document* document, Secrets::SecretStore* store,
                       QWidget* parent)
    : QWidget(parent), m_session(session), m_document(document), m_store(store)
{
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_embedded = new QRadioButton(tr("Embedded stub serving this document"), this);
    m_embedded->setObjectName(QStringLiteral("probeEmbedded"));
    m_embedded->setChecked(true);
    m_embedded->setToolTip(tr("Start APM Server's rules for this document on 127.0.0.1 and probe them"));
    m_urlTarget = new QRadioButton(tr("APM Server URL:"), this);
    m_urlTarget->setObjectName(QStringLiteral("probeUrlTarget"));
    m_urlTarget->setToolTip(tr("Probe a running APM Server (or a proxy in front of it)"));
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("probeUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://apm.example.com:8200"));
    m_url->setAccessibleName(tr("APM Server URL"));
    m_url->setToolTip(tr("The URL the agents use; typing here selects it as the target"));
    connect(m_url, &QLineEdit::textEdited, this, [this] { m_urlTarget->setChecked(true); });
    auto* group = new QButtonGroup(this);
    group->addButton(m_embedded);
    group->addButton(m_urlTarget);
    auto* target = new QHBoxLayout;
    target->addWidget(m_embedded);
    target->addWidget(m_urlTarget);
    target->addWidget(m_url, 1);
    form->addRow(tr("Target:"), target);
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("probeToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setInputMethodHints(Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    m_token->setAccessibleName(tr("Secret token"));
    m_token->setToolTip(tr("The value of apm-server.auth.secret_token, typed (kept in memory only; reports show $APM_SECRET_TOKEN)"));
    m_token->setPlaceholderText(tr("type the token"));
    m_tokenEntry = new QComboBox(this);
    m_tokenEntry->setObjectName(QStringLiteral("probeTokenEntry"));
    m_tokenEntry->setAccessibleName(tr("Secret token keychain entry"));
    m_tokenEntry->setToolTip(tr("Take the secret token from this keychain entry (a ${NAME} the document references), or type it"));
    m_apiKeyEntry = new QComboBox(this);
    m_apiKeyEntry->setObjectName(QStringLiteral("probeApiKeyEntry"));
    m_apiKeyEntry->setAccessibleName(tr("API key keychain entry"));
    m_apiKeyEntry->setToolTip(tr("Take the API key credentials (base64 of id:api_key) from this keychain entry, or type them"));
    m_apiKey = new QLineEdit(this);
    m_apiKey->setObjectName(QStringLiteral("probeApiKey"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setInputMethodHints(Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    m_apiKey->setAccessibleName(tr("API key credentials"));
    m_apiKey->setToolTip(tr("base64(id:api_key) as agents send it after \"ApiKey \", typed (kept in memory only; reports show $APM_API_KEY)"));
    m_apiKey->setPlaceholderText(tr("type base64(id:api_key)"));
    m_ca = new QLineEdit(this);
    m_ca->setObjectName(QStringLiteral("probeCa"));
    m_ca->setAccessibleName(tr("CA certificate file"));
    m_ca->setToolTip(tr("PEM file of the CA that signed the server certificate (apm-server.ssl.certificate)"));
    m_ca->setPlaceholderText(tr("path to ca.pem"));
    m_origin = new QLineEdit(this);
    m_origin->setObjectName(QStringLiteral("probeOrigin"));
    m_origin->setAccessibleName(tr("Page origin"));
    m_origin->setToolTip(tr("The origin of the page the RUM agent runs in, checked against apm-server.rum.allow_origins"));
    m_origin->setPlaceholderText(QStringLiteral("https://shop.example.com"));
    auto* creds = new QHBoxLayout;
    creds->addWidget(m_tokenEntry);
    creds->addWidget(m_token, 1);
    auto* apiKeyLabel = new QLabel(tr("&API key:"), this);
    apiKeyLabel->setBuddy(m_apiKeyEntry);
    creds->addWidget(apiKeyLabel);
    creds->addWidget(m_apiKeyEntry);
    creds->addWidget(m_apiKey, 1);
    auto* tokenLabel = new QLabel(tr("Secret &token:"), this);
    tokenLabel->setBuddy(m_tokenEntry);
    form->addRow(tokenLabel, creds);
    auto* trust = new QHBoxLayout;
    trust->addWidget(m_ca, 1);
    auto* originLabel = new QLabel(tr("&Origin:"), this);
    originLabel->setBuddy(m_origin);
    trust->addWidget(originLabel);
    trust->addWidget(m_origin, 1);
    auto* caLabel = new QLabel(tr("&CA file:"), this);
    caLabel->setBuddy(m_ca);
    form->addRow(caLabel, trust);
    layout->addLayout(form);

    auto* actions = new QHBoxLayout;
    m_run = new QPushButton(tr("Run probe"), this);
    m_run->setObjectName(QStringLiteral("probeRun"));
    m_run->setToolTip(tr("Send every scenario to the target (Ctrl+Return)"));
    m_run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("probeCancel"));
    m_cancel->setEnabled(false);
    m_cancel->setToolTip(tr("Stop the run; the scenarios answered so far stay"));
    m_export = new QPushButton(tr("Export…"), this);
    m_export->setObjectName(QStringLiteral("probeExport"));
    m_export->setEnabled(false);
    m_export->setToolTip(tr("Save the report as HTML, JSON or JUnit XML"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("probeProgress"));
    m_progress->setAccessibleName(tr("Probe progress"));
    m_filter = new QComboBox(this);
    m_filter->setObjectName(QStringLiteral("probeFilter"));
    m_filter->setAccessibleName(tr("Show"));
    m_filter->setToolTip(tr("Show all scenarios, only failures, or one category"));
    m_filter->addItems({tr("All scenarios"), tr("Failures only"), tr("credentials"), tr("anonymous"), tr("RUM origin"),
                        tr("burst"), tr("TLS"), tr("version")});
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("probeSearch"));
    m_search->setPlaceholderText(tr("Filter…"));
    m_search->setAccessibleName(tr("Filter scenarios"));
    m_search->setToolTip(tr("Show the scenarios whose row contains this text"));
    m_search->setClearButtonEnabled(true);
    actions->addWidget(m_run);
    actions->addWidget(m_cancel);
    actions->addWidget(m_progress, 1);
    actions->addWidget(m_filter);
    actions->addWidget(m_search);
    actions->addWidget(m_export);
    layout->addLayout(actions);
    m_status = new QLabel(tr("Not run yet."), this);
    m_status->setObjectName(QStringLiteral("probeStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_model = new QStandardItemModel(0, ColCount, this);
    m_model->setHorizontalHeaderLabels({tr("Result"), tr("Category"), tr("Endpoint"), tr("Variant"), tr("Expected"),
                                        tr("Actual"), tr("ms")});
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("probeTable"));
    m_table->setAccessibleName(tr("Scenario matrix"));
    m_table->setModel(m_proxy);
    m_table->setToolTip(tr("One row per request; select a row (arrow keys) for its details"));
    m_table->setTabKeyNavigation(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(ColActual, QHeaderView::Stretch);
    m_detail = new QPlainTextEdit(this);
    m_detail->setObjectName(QStringLiteral("probeDetail"));
    m_detail->setReadOnly(true);
    m_detail->setAccessibleName(tr("Scenario details"));
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setTabChangesFocus(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_timing = new TimingBar(this);
    auto* detailBox = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detailBox);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_timing);
    detailLayout->addWidget(m_detail, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(detailBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_run, &QPushButton::clicked, this, &ProbePanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &ProbePanel::cancel);
    connect(m_export, &QPushButton::clicked, this, &ProbePanel::exportWithDialog);
    connect(m_filter, &QComboBox::currentIndexChanged, this, &ProbePanel::updateFilter);
    connect(m_search, &QLineEdit::textChanged, this, &ProbePanel::updateFilter);
    connect(m_session, &Probe::ProbeSession::progress, this, [this](int done, int total) {
        m_progress->setMaximum(total);
        m_progress->setValue(done);
    });
    connect(m_session, &Probe::ProbeSession::finished, this, &ProbePanel::showResults);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showDetail(current); });
    setTabOrder(m_embedded, m_urlTarget);
    setTabOrder(m_urlTarget, m_url);
    setTabOrder(m_url, m_tokenEntry);
    setTabOrder(m_tokenEntry, m_token);
    setTabOrder(m_token, m_apiKeyEntry);
    setTabOrder(m_apiKeyEntry, m_apiKey);
    setTabOrder(m_apiKey, m_ca);
    setTabOrder(m_ca, m_origin);
    setTabOrder(m_origin, m_run);
    setTabOrder(m_run, m_cancel);
    setTabOrder(m_cancel, m_filter);
    setTabOrder(m_filter, m_search);
    setTabOrder(m_search, m_export);
    setTabOrder(m_export, m_table);
    setTabOrder(m_table, m_detail);

    connect(m_tokenEntry, &QComboBox::currentIndexChanged, this, &ProbePanel::updateCredentialFields);
    connect(m_apiKeyEntry, &QComboBox::currentIndexChanged, this, &ProbePanel::updateCredentialFields);
    connect(m_document, &Config::Document::changed, this, &ProbePanel::refreshEntries);
    refreshEntries();
}

QStringList ProbePanel::keychainEntries() const
{
    QStringList names;
    for (int i = 1; i < m_tokenEntry->count(); ++i)
        names << m_tokenEntry->itemData(i).toString();
    return names;
}

QString ProbePanel::tokenEntry() const
{
    return m_tokenEntry->currentData().toString();
}

QString ProbePanel::apiKeyEntry() const
{
    return m_apiKeyEntry->currentData().toString();
}

void ProbePanel::setTokenEntry(const QString& name)
{
    m_tokenEntry->setCurrentIndex(std::max(0, m_tokenEntry->findData(name)));
}

void ProbePanel::setApiKeyEntry(const QString& name)
{
    m_apiKeyEntry->setCurrentIndex(std::max(0, m_apiKeyEntry->findData(name)));
}

void ProbePanel::refreshEntries()
{
    // The document's ${NAME} references are the entries worth offering; names only, never values.
    const QStringList names = m_store ? Secrets::SecretKeeper::referencesIn(m_document->yaml()) : QStringList();
    const auto ref = Config::SecretReference::parse(m_document->effective().secretToken.value);
    const bool firstFill = m_tokenEntry->count() == 0;
    for (QComboBox* combo : {m_tokenEntry, m_apiKeyEntry}) {
        const QString keep = combo->currentData().toString();
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItem(tr("typed:"), QString());
        for (const QString& n : names)
            combo->addItem(QStringLiteral("${%1}").arg(n), n);
        QString select = keep;
        if (firstFill && combo == m_tokenEntry && ref && names.contains(ref->name))
            select = ref->name; // the token the document uses, from the keychain by default
        combo->setCurrentIndex(std::max(0, combo->findData(select)));
        combo->setEnabled(!names.isEmpty());
    }
    if (!m_store) {
        m_tokenEntry->setToolTip(tr("No keychain is available here: type the secret token"));
        m_apiKeyEntry->setToolTip(tr("No keychain is available here: type the API key credentials"));
    }
    updateCredentialFields();
}

void ProbePanel::updateCredentialFields()
{
    m_token->setEnabled(tokenEntry().isEmpty());
    m_apiKey->setEnabled(apiKeyEntry().isEmpty());
}

ProbePanel::~ProbePanel() = default;

QString ProbePanel::statusText() const
{
    return m_status->text();
}

void ProbePanel::setTargetUrl(const QString& url)
{
    m_url->setText(url);
    (url.isEmpty() ? m_embedded : m_urlTarget)->setChecked(true);
}

void ProbePanel::setFailuresOnly(bool on)
{
    m_filter->setCurrentIndex(on ? 1 : 0);
}

void ProbePanel::runScenarios(const QString& scenario)
{
    // A category ("RUM origins" → "RUM origin", "TLS client certificate" → "TLS") selects the filter;
    // anything else ("RUM intake") is searched for in the rows.
    int category = 0;
    for (int i = 2; i < m_filter->count(); ++i) {
        if (scenario.startsWith(m_filter->itemText(i), Qt::CaseInsensitive))
            category = i;
    }
    m_filter->setCurrentIndex(category);
    m_search->setText(category > 0 ? QString() : scenario);
    run();
}

void ProbePanel::run()
{
    Probe::ProbeRequestSpec spec;
    spec.embedded = m_embedded->isChecked();
    spec.effective = m_document->effective();
    spec.secretToken = m_token->isEnabled() ? m_token->text() : QString();
    if (m_apiKey->isEnabled())
        spec.apiKey = m_apiKey->text().trimmed().toLatin1();
    spec.caFile = m_ca->text().trimmed();
    if (!m_origin->text().trimmed().isEmpty())
        spec.origins << m_origin->text().trimmed();
    if (!spec.embedded) {
        spec.url = QUrl(m_url->text().trimmed());
        spec.burst = Probe::ProbeSession::isLoopbackHost(spec.url.host());
    }
    const QString tokenName = tokenEntry();
    const QString apiKeyName = apiKeyEntry();
    if ((tokenName.isEmpty() && apiKeyName.isEmpty()) || !m_store) {
        start(spec);
        return;
    }
    // Read the chosen entries (asynchronously), then start; the values go only into the spec.
    m_run->setEnabled(false);
    m_status->setText(tr("Reading the credentials from the keychain (%1)…").arg(m_store->backendName()));
    auto pending = std::make_shared<Probe::ProbeRequestSpec>(spec);
    auto remaining = std::make_shared<int>(int(!tokenName.isEmpty()) + int(!apiKeyName.isEmpty()));
    auto failed = std::make_shared<QStringList>();
    QPointer<ProbePanel> self(this);
    auto read = [this, self, pending, remaining, failed](const QString& name, bool isToken) {
        m_store->read(name, [this, self, pending, remaining, failed, name, isToken](Core::Result<ApiKeys::Secret> r) {
            if (!self)
                return;
            if (!r)
                failed->append(tr("${%1}: %2").arg(name, r.error().message));
            else if (isToken) {
                pending->secretToken = QString::fromUtf8(r.value().view().data(), r.value().size());
                pending->secretTokenVariable = name;
            } else {
                pending->apiKey = QByteArray(r.value().view().data(), r.value().size()).trimmed();
                pending->apiKeyVariable = name;
            }
            if (--*remaining > 0)
                return;
            if (!failed->isEmpty()) {
                m_run->setEnabled(true);
                m_status->setText(tr("Cannot read the credentials from the keychain: %1. Store them in the Secrets "
                                     "panel or choose \"typed\" and type them.")
                                      .arg(failed->join(QStringLiteral("; "))));
                emit runFinished();
                return;
            }
            start(*pending);
        });
    };
    if (!tokenName.isEmpty())
        read(tokenName, true);
    if (!apiKeyName.isEmpty())
        read(apiKeyName, false);
}

void ProbePanel::start(const Probe::ProbeRequestSpec& spec)
{
    m_model->removeRows(0, m_model->rowCount());
    m_detail->clear();
    m_progress->setValue(0);
    if (auto r = m_session->start(spec); !r) {
        m_status->setText(tr("Cannot run: %1").arg(r.error().message));
        m_run->setEnabled(true);
        emit runFinished();
        return;
    }
    m_status->setText(tr("Probing %1…").arg(m_session->target().toString()));
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
}

void ProbePanel::cancel()
{
    m_session->cancel();
}

void ProbePanel::showResults()
{
    const Probe::ProbeReport& r = m_session->report();
    m_model->removeRows(0, m_model->rowCount());
    for (int i = 0; i < r.scenarios.size(); ++i) {
        const Probe::Scenario& s = r.scenarios.at(i);
        const Probe::Outcome& o = r.outcomes.at(i);
        auto* badge = new QStandardItem(o.matches ? tr("✔ pass") : tr("✘ FAIL"));
        badge->setData(i, kIndexRole);
        badge->setData(o.matches, kMatchRole);
        badge->setForeground(o.matches ? QColor(0x1a7f37) : QColor(0xcf222e));
        badge->setToolTip(Probe::verdictName(o.verdict));
        QString expected = s.expected.kind == Probe::Expectation::Kind::TlsFailure ? tr("handshake fails")
                                                                                  : QString::number(s.expected.status);
        if (!s.expected.message.isEmpty())
            expected += QLatin1Char(' ') + s.expected.message;
        QList<QStandardItem*> row = {badge,
                                     new QStandardItem(s.category),
                                     new QStandardItem(s.family),
                                     new QStandardItem(s.variant),
                                     new QStandardItem(expected),
                                     new QStandardItem(o.actual),
                                     new QStandardItem(QString::number(r.observations.value(i).totalMs, 'f', 1))};
        for (QStandardItem* item : row)
            item->setToolTip(item->toolTip().isEmpty() ? item->text() : item->toolTip());
        m_model->appendRow(row);
    }
    m_table->resizeColumnsToContents();
    // Long error texts stay readable in the tooltip and the detail pane; the Actual column must fit.
    for (int c : {int(ColVariant), int(ColExpected)})
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), 300));
    QString text = tr("%1 of %2 scenarios as expected in %3 ms against %4.")
                       .arg(r.matchedCount())
                       .arg(r.outcomes.size())
                       .arg(qRound(r.wallMs))
                       .arg(r.target.toString());
    if (!r.identity.behavesLike.isEmpty())
        text += tr(" The server behaves like APM Server %1.").arg(r.identity.behavesLike);
    for (const QString& n : r.notes)
        text += QStringLiteral(" ") + tr("Note: %1.").arg(n);
    m_status->setText(text);
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    m_export->setEnabled(true);
    updateFilter();
    emit runFinished();
}

void ProbePanel::showDetail(const QModelIndex& proxyIndex)
{
    if (!proxyIndex.isValid())
        return;
    const QModelIndex source = m_proxy->mapToSource(proxyIndex);
    const int i = m_model->item(source.row(), ColResult)->data(kIndexRole).toInt();
    const Probe::ProbeReport& r = m_session->report();
    if (i < 0 || i >= r.scenarios.size())
        return;
    const Probe::Scenario& s = r.scenarios.at(i);
    const Probe::Observation& ob = r.observations.value(i);
    const Probe::Outcome& o = r.outcomes.at(i);
    QString t;
    t += tr("%1 — %2 · %3\n\n").arg(o.matches ? tr("PASS") : tr("FAIL"), s.family, s.variant);
    t += tr("Request:  %1 %2%3\n").arg(QString::fromLatin1(s.request.method), s.request.path,
                                      s.request.query.isEmpty() ? QString() : QLatin1Char('?') + s.request.query);
    if (!s.request.authorizationShown.isEmpty())
        t += tr("          Authorization: %1\n").arg(s.request.authorizationShown);
    t += tr("Expected: %1 — %2 (%3)\n").arg(s.expected.kind == Probe::Expectation::Kind::TlsFailure ? tr("handshake fails")
                                                                                                   : QString::number(s.expected.status),
                                           s.expected.reason, s.expected.section);
    t += tr("Actual:   %1\n").arg(o.actual);
    for (const QString& d : o.differences)
        t += tr("Differs:  %1\n").arg(d);
    if (!o.caseId.isEmpty())
        t += tr("\n%1: %2\nFix: %3\n").arg(o.caseId, o.cause, o.fix);
    if (!ob.tlsProtocol.isEmpty())
        t += tr("\nTLS: %1, %2; chain: %3\n").arg(ob.tlsProtocol, ob.tlsCipher, ob.peerChain.join(QStringLiteral(" → ")));
    for (const QString& e : ob.sslErrors)
        t += tr("TLS verification: %1\n").arg(e);
    t += tr("\nResponse headers:\n");
    for (const auto& [k, v] : ob.headers)
        t += QStringLiteral("  %1: %2\n").arg(QString::fromLatin1(k), QString::fromLatin1(v));
    t += tr("Body:\n%1\n").arg(QString::fromUtf8(ob.body.left(4096)));
    t += tr("\ncurl:\n%1\n").arg(Probe::curlCommand(r.target, s, r.curl));
    m_detail->setPlainText(t);
    m_timing->setTimings(ob.tlsMs, ob.headersMs, ob.totalMs);
}

void ProbePanel::updateFilter()
{
    const int f = m_filter->currentIndex();
    const QString search = m_search->text();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const bool match = m_model->item(row, ColResult)->data(kMatchRole).toBool();
        bool show = f == 0 || (f == 1 && !match) || (f > 1 && m_model->item(row, ColCategory)->text() == m_filter->currentText());
        if (show && !search.isEmpty()) {
            show = false;
            for (int c = 0; c < ColCount; ++c)
                show = show || m_model->item(row, c)->text().contains(search, Qt::CaseInsensitive);
        }
        m_table->setRowHidden(m_proxy->mapFromSource(m_model->index(row, 0)).row(), !show);
    }
}

void ProbePanel::exportReport(const QString& path)
{
    const Probe::ProbeReport& r = m_session->report();
    QByteArray bytes;
    if (path.endsWith(QLatin1String(".json")))
        bytes = Probe::renderJson(r);
    else if (path.endsWith(QLatin1String(".xml")))
        bytes = Probe::renderJUnit(r);
    else
        bytes = Probe::renderHtml(r);
    if (auto w = Core::writeFileAtomically(path, bytes); !w)
        m_status->setText(tr("Cannot export: %1").arg(w.error().message));
    else
        m_status->setText(tr("Report written to %1.").arg(path));
}

void ProbePanel::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export probe report"), QStringLiteral("probe-report.html"),
                                                      tr("HTML report (*.html);;JSON (*.json);;JUnit XML (*.xml)"));
    if (!path.isEmpty())
        exportReport(path);
}
