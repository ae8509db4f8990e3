// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/ProbePanel.h"

#include "ui_ProbePanel.h"

#include "config/Document.h"
#include "core/AtomicFile.h"
#include "probe/ProbeSession.h"
#include "secrets/SecretKeeper.h"
#include "secrets/SecretStore.h"
#include "config/SecretReference.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>

#include <algorithm>
#include <memory>

namespace {

enum Column { ColResult, ColCategory, ColFamily, ColVariant, ColExpected, ColActual, ColTime, ColCount };
constexpr int kIndexRole = Qt::UserRole + 1;
constexpr int kMatchRole = Qt::UserRole + 2;
constexpr int kCategoryRole = Qt::UserRole + 3; // the scenario's category as app/probe names it

} // namespace

ProbePanel::ProbePanel(Probe::ProbeSession* session, Config::Document* document, Secrets::SecretStore* store,
                       QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ProbePanel>()), m_session(session), m_document(document),
      m_store(store)
{
    // The form holds the widgets, labels, tab order and the Ctrl+Return shortcut (kept translatable so uic sets
    // it after the button text: setText() resets a button's shortcut to the text's mnemonic). What depends on
    // the model or the platform's fonts is set up here.
    m_ui->setupUi(this);
    m_ui->probeDetail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_model = new QStandardItemModel(0, ColCount, this);
    m_model->setHorizontalHeaderLabels({tr("Result"), tr("Category"), tr("Endpoint"), tr("Variant"), tr("Expected"),
                                        tr("Actual"), tr("ms")});
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_ui->probeTable->setModel(m_proxy);
    m_ui->probeTable->horizontalHeader()->setSectionResizeMode(ColActual, QHeaderView::Stretch);

    connect(m_ui->probeUrl, &QLineEdit::textEdited, this, [this] { m_ui->probeUrlTarget->setChecked(true); });
    connect(m_ui->probeRun, &QPushButton::clicked, this, &ProbePanel::run);
    connect(m_ui->probeCancel, &QPushButton::clicked, this, &ProbePanel::cancel);
    connect(m_ui->probeExport, &QPushButton::clicked, this, &ProbePanel::exportWithDialog);
    // The category entries of the filter (after "All" and "Failures only") carry the scenario
    // category they select, so the shown text may be translated.
    const QStringList categories = {QStringLiteral("credentials"), QStringLiteral("anonymous"), QStringLiteral("RUM origin"),
                                    QStringLiteral("burst"),       QStringLiteral("TLS"),       QStringLiteral("version")};
    Q_ASSERT(m_ui->probeFilter->count() == categories.size() + 2);
    for (int i = 0; i < categories.size() && i + 2 < m_ui->probeFilter->count(); ++i)
        m_ui->probeFilter->setItemData(i + 2, categories.at(i));
    connect(m_ui->probeFilter, &QComboBox::currentIndexChanged, this, &ProbePanel::updateFilter);
    connect(m_ui->probeSearch, &QLineEdit::textChanged, this, &ProbePanel::updateFilter);
    connect(m_session, &Probe::ProbeSession::progress, this, [this](int done, int total) {
        m_ui->probeProgress->setMaximum(total);
        m_ui->probeProgress->setValue(done);
    });
    connect(m_session, &Probe::ProbeSession::finished, this, &ProbePanel::showResults);
    connect(m_ui->probeTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showDetail(current); });
    connect(m_ui->probeTokenEntry, &QComboBox::currentIndexChanged, this, &ProbePanel::updateCredentialFields);
    connect(m_ui->probeApiKeyEntry, &QComboBox::currentIndexChanged, this, &ProbePanel::updateCredentialFields);
    connect(m_document, &Config::Document::changed, this, &ProbePanel::refreshEntries);
    refreshEntries();
}

QStringList ProbePanel::keychainEntries() const
{
    QStringList names;
    for (int i = 1; i < m_ui->probeTokenEntry->count(); ++i)
        names << m_ui->probeTokenEntry->itemData(i).toString();
    return names;
}

QString ProbePanel::tokenEntry() const
{
    return m_ui->probeTokenEntry->currentData().toString();
}

QString ProbePanel::apiKeyEntry() const
{
    return m_ui->probeApiKeyEntry->currentData().toString();
}

void ProbePanel::setTokenEntry(const QString& name)
{
    m_ui->probeTokenEntry->setCurrentIndex(std::max(0, m_ui->probeTokenEntry->findData(name)));
}

void ProbePanel::setApiKeyEntry(const QString& name)
{
    m_ui->probeApiKeyEntry->setCurrentIndex(std::max(0, m_ui->probeApiKeyEntry->findData(name)));
}

void ProbePanel::refreshEntries()
{
    // The document's ${NAME} references are the entries worth offering; names only, never values.
    const QStringList names = m_store ? Secrets::SecretKeeper::referencesIn(m_document->yaml()) : QStringList();
    const auto ref = Config::SecretReference::parse(m_document->effective().secretToken.value);
    const bool firstFill = m_ui->probeTokenEntry->count() == 0;
    for (QComboBox* combo : {m_ui->probeTokenEntry, m_ui->probeApiKeyEntry}) {
        const QString keep = combo->currentData().toString();
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItem(tr("typed:"), QString());
        for (const QString& n : names)
            combo->addItem(QStringLiteral("${%1}").arg(n), n);
        QString select = keep;
        if (firstFill && combo == m_ui->probeTokenEntry && ref && names.contains(ref->name))
            select = ref->name; // the token the document uses, from the keychain by default
        combo->setCurrentIndex(std::max(0, combo->findData(select)));
        combo->setEnabled(!names.isEmpty());
    }
    if (!m_store) {
        m_ui->probeTokenEntry->setToolTip(tr("No keychain is available here: type the secret token"));
        m_ui->probeApiKeyEntry->setToolTip(tr("No keychain is available here: type the API key credentials"));
    }
    updateCredentialFields();
}

void ProbePanel::updateCredentialFields()
{
    m_ui->probeToken->setEnabled(tokenEntry().isEmpty());
    m_ui->probeApiKey->setEnabled(apiKeyEntry().isEmpty());
}

ProbePanel::~ProbePanel() = default;

QString ProbePanel::statusText() const
{
    return m_ui->probeStatus->text();
}

void ProbePanel::setTargetUrl(const QString& url)
{
    m_ui->probeUrl->setText(url);
    (url.isEmpty() ? m_ui->probeEmbedded : m_ui->probeUrlTarget)->setChecked(true);
}

void ProbePanel::setFailuresOnly(bool on)
{
    m_ui->probeFilter->setCurrentIndex(on ? 1 : 0);
}

void ProbePanel::runScenarios(const QString& scenario)
{
    // A category ("RUM origins" → "RUM origin", "TLS client certificate" → "TLS") selects the filter;
    // anything else ("RUM intake") is searched for in the rows.
    int category = 0;
    for (int i = 2; i < m_ui->probeFilter->count(); ++i) {
        if (scenario.startsWith(m_ui->probeFilter->itemData(i).toString(), Qt::CaseInsensitive))
            category = i;
    }
    m_ui->probeFilter->setCurrentIndex(category);
    m_ui->probeSearch->setText(category > 0 ? QString() : scenario);
    run();
}

void ProbePanel::run()
{
    Probe::ProbeRequestSpec spec;
    spec.embedded = m_ui->probeEmbedded->isChecked();
    spec.effective = m_document->effective();
    spec.secretToken = m_ui->probeToken->isEnabled() ? m_ui->probeToken->text() : QString();
    if (m_ui->probeApiKey->isEnabled())
        spec.apiKey = m_ui->probeApiKey->text().trimmed().toLatin1();
    spec.caFile = m_ui->probeCa->text().trimmed();
    if (!m_ui->probeOrigin->text().trimmed().isEmpty())
        spec.origins << m_ui->probeOrigin->text().trimmed();
    if (!spec.embedded) {
        spec.url = QUrl(m_ui->probeUrl->text().trimmed());
        spec.burst = Probe::ProbeSession::isLoopbackHost(spec.url.host());
    }
    const QString tokenName = tokenEntry();
    const QString apiKeyName = apiKeyEntry();
    if ((tokenName.isEmpty() && apiKeyName.isEmpty()) || !m_store) {
        start(spec);
        return;
    }
    // Read the chosen entries (asynchronously), then start; the values go only into the spec.
    m_ui->probeRun->setEnabled(false);
    m_ui->probeStatus->setText(tr("Reading the credentials from the keychain (%1)…").arg(m_store->backendName()));
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
                m_ui->probeRun->setEnabled(true);
                m_ui->probeStatus->setText(
                    tr("Cannot read the credentials from the keychain: %1. Store them in the Secrets "
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
    m_ui->probeDetail->clear();
    m_ui->probeProgress->setValue(0);
    if (auto r = m_session->start(spec); !r) {
        m_ui->probeStatus->setText(tr("Cannot run: %1").arg(r.error().message));
        m_ui->probeRun->setEnabled(true);
        emit runFinished();
        return;
    }
    m_ui->probeStatus->setText(tr("Probing %1…").arg(m_session->target().toString()));
    m_ui->probeRun->setEnabled(false);
    m_ui->probeCancel->setEnabled(true);
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
        row.at(ColCategory)->setData(s.category, kCategoryRole);
        for (QStandardItem* item : row)
            item->setToolTip(item->toolTip().isEmpty() ? item->text() : item->toolTip());
        m_model->appendRow(row);
    }
    m_ui->probeTable->resizeColumnsToContents();
    // Long error texts stay readable in the tooltip and the detail pane; the Actual column must fit.
    for (int c : {int(ColVariant), int(ColExpected)})
        m_ui->probeTable->setColumnWidth(c, std::min(m_ui->probeTable->columnWidth(c), 300));
    QString text = tr("%1 of %2 scenarios as expected in %3 ms against %4.")
                       .arg(r.matchedCount())
                       .arg(r.outcomes.size())
                       .arg(qRound(r.wallMs))
                       .arg(r.target.toString());
    if (!r.identity.behavesLike.isEmpty())
        text += tr(" The server behaves like APM Server %1.").arg(r.identity.behavesLike);
    for (const QString& n : r.notes)
        text += QStringLiteral(" ") + tr("Note: %1.").arg(n);
    m_ui->probeStatus->setText(text);
    m_ui->probeRun->setEnabled(true);
    m_ui->probeCancel->setEnabled(false);
    m_ui->probeExport->setEnabled(true);
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
        t += tr("\nTLS: %1, %2; ALPN: %3; chain: %4\n")
                 .arg(ob.tlsProtocol, ob.tlsCipher, ob.alpn.isEmpty() ? tr("none chosen") : ob.alpn,
                      ob.peerChain.join(QStringLiteral(" → ")));
    if (!ob.httpVersion.isEmpty())
        t += tr("HTTP version: %1\n").arg(ob.httpVersion);
    if (ob.totalMs >= 0)
        t += tr("Timing: %1\n").arg(Probe::timingText(ob));
    for (const QString& e : ob.sslErrors)
        t += tr("TLS verification: %1\n").arg(e);
    t += tr("\nResponse headers:\n");
    for (const auto& [k, v] : ob.headers)
        t += QStringLiteral("  %1: %2\n").arg(QString::fromLatin1(k), QString::fromLatin1(v));
    t += tr("Body:\n%1\n").arg(QString::fromUtf8(ob.body.left(4096)));
    t += tr("\ncurl:\n%1\n").arg(Probe::curlCommand(r.target, s, r.curl));
    m_ui->probeDetail->setPlainText(t);
    showTiming(ob);
}

void ProbePanel::showTiming(const Probe::Observation& ob)
{
    if (ob.totalMs < 0) {
        m_ui->probeTiming->clear();
        return;
    }
    // The same phases as the reports (Probe::timingPhases), in the reports' colours.
    const Probe::TimingPhases ph = Probe::timingPhases(ob);
    const QList<TimingBar::Segment> segments = {
        {tr("queued"), ph.queued, QColor(0x8c959f)},   {tr("DNS"), ph.dns, QColor(0x8250df)},
        {tr("connect"), ph.connect, QColor(0xbf8700)}, {tr("TLS"), ph.tls, QColor(0x1a7f37)},
        {tr("first byte"), ph.wait, QColor(0x0969da)}, {tr("rest"), ph.download, QColor(0x57606a)}};
    const QString prefix = ob.newConnection ? QString() : tr("reused connection");
    m_ui->probeTiming->setSegments(segments, prefix, tr("total %1 ms").arg(ob.totalMs, 0, 'f', ob.totalMs < 10 ? 2 : 1));
}

void ProbePanel::updateFilter()
{
    const int f = m_ui->probeFilter->currentIndex();
    const QString search = m_ui->probeSearch->text();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const bool match = m_model->item(row, ColResult)->data(kMatchRole).toBool();
        bool show = f == 0 || (f == 1 && !match) ||
                    (f > 1 && m_model->item(row, ColCategory)->data(kCategoryRole).toString() ==
                                  m_ui->probeFilter->currentData().toString());
        if (show && !search.isEmpty()) {
            show = false;
            for (int c = 0; c < ColCount; ++c)
                show = show || m_model->item(row, c)->text().contains(search, Qt::CaseInsensitive);
        }
        m_ui->probeTable->setRowHidden(m_proxy->mapFromSource(m_model->index(row, 0)).row(), !show);
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
        m_ui->probeStatus->setText(tr("Cannot export: %1").arg(w.error().message));
    else
        m_ui->probeStatus->setText(tr("Report written to %1.").arg(path));
}

void ProbePanel::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export probe report"), QStringLiteral("probe-report.html"),
                                                      tr("HTML report (*.html);;JSON (*.json);;JUnit XML (*.xml)"));
    if (!path.isEmpty())
        exportReport(path);
}
