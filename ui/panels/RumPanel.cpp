// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "panels/RumPanel.h"

#include "config/AccessRules.h"
#include "config/Document.h"

#include "ui_RumPanel.h"

RumPanel::RumPanel(Config::Document* document, QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::RumPanel>()), m_document(document)
{
    Q_ASSERT(m_document);
    m_ui->setupUi(this);
    auto edited = [this] {
        if (m_loading)
            return;
        refreshSample();
        emit changed();
    };
    connect(m_ui->rumCheck, &QCheckBox::toggled, this, edited);
    connect(m_ui->originsEdit, &QPlainTextEdit::textChanged, this, edited);
    connect(m_ui->sampleEdit, &QLineEdit::textChanged, this, &RumPanel::refreshSample);
    connect(m_ui->applyButton, &QPushButton::clicked, this, &RumPanel::apply);
    connect(m_document, &Config::Document::changed, this, [this] {
        // Follow the document (a file opened, an edit elsewhere) unless the user has edits here
        // that are not applied yet.
        const RumChoice doc = fromDocument(*m_document);
        const bool pristine = value() == m_synced;
        m_synced = doc;
        if (pristine && value() != doc) {
            load(doc);
            return;
        }
        refreshSample();
        refreshEffective();
    });
    m_synced = fromDocument(*m_document);
    load(m_synced);
}

RumPanel::~RumPanel() = default;

RumChoice RumPanel::fromDocument(const Config::Document& document)
{
    const Config::EffectiveSettings& e = document.effective();
    return RumChoice{e.rumEnabled.value, e.allowOrigins.value};
}

void RumPanel::load(const RumChoice& choice)
{
    m_loading = true;
    m_ui->rumCheck->setChecked(choice.enabled);
    m_ui->originsEdit->setPlainText(choice.allowOrigins.join(QLatin1Char('\n')));
    m_loading = false;
    refreshSample();
    refreshEffective();
}

RumChoice RumPanel::value() const
{
    RumChoice c;
    c.enabled = m_ui->rumCheck->isChecked();
    // Entries as typed (not trimmed): a stray space is a finding, not something to hide.
    for (const QString& line : m_ui->originsEdit->toPlainText().split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty())
            c.allowOrigins << line;
    return c;
}

void RumPanel::apply()
{
    const RumChoice c = value();
    if (auto r = m_document->setValue(QStringLiteral("apm-server.rum.enabled"),
                                      Config::YamlValue::fromScalar(c.enabled ? QStringLiteral("true") : QStringLiteral("false")));
        !r) {
        m_ui->originProblemsLabel->setText(r.error().toString());
        return;
    }
    if (auto r = m_document->setValue(QStringLiteral("apm-server.rum.allow_origins"), Config::YamlValue::fromList(c.allowOrigins));
        !r)
        m_ui->originProblemsLabel->setText(r.error().toString());
}

void RumPanel::refreshSample()
{
    const RumChoice c = value();
    // Each entry checked as the linter checks the document's (§3.7).
    QStringList problems;
    for (const Config::Finding& f : m_document->findings())
        if (f.key == QLatin1String("apm-server.rum.allow_origins") && c.allowOrigins == fromDocument(*m_document).allowOrigins)
            problems << f.message + (f.fix.isEmpty() ? QString() : QStringLiteral(" — ") + f.fix);
    if (c.allowOrigins != fromDocument(*m_document).allowOrigins)
        problems << tr("Not applied yet: the checks run on the document once applied.");
    m_ui->originProblemsLabel->setText(problems.join(QLatin1Char('\n')));
    m_ui->originProblemsLabel->setVisible(!problems.isEmpty());

    const QString sample = m_ui->sampleEdit->text();
    if (sample.isEmpty()) {
        m_ui->sampleResultLabel->clear();
        return;
    }
    const QStringList origins = c.allowOrigins.isEmpty() ? QStringList{QStringLiteral("*")} : c.allowOrigins;
    for (const QString& pattern : origins) {
        if (Config::goGlobMatch(pattern, sample)) {
            m_ui->sampleResultLabel->setText(tr("allowed (matches %1)").arg(pattern));
            return;
        }
    }
    m_ui->sampleResultLabel->setText(tr("not allowed: the preflight gets no Access-Control-Allow-Origin and events get 403"));
}

void RumPanel::refreshEffective()
{
    const Config::EffectiveSettings& e = m_document->effective();
    // The rule text starts with the state ("on, because …", "off: …", "not applicable: …").
    QString anonymous = tr("Anonymous access: %1 (%2)").arg(e.anonymousEnabled.rule, e.anonymousEnabled.section);
    if (e.anonymousEnabled.value) {
        anonymous += QLatin1Char('\n') +
                     tr("Agents allowed without credentials (allow_agent): %1")
                         .arg(e.allowAgent.value.isEmpty() ? tr("any") : e.allowAgent.value.join(QStringLiteral(", ")));
        anonymous += QLatin1Char('\n') +
                     tr("Services (allow_service): %1")
                         .arg(e.allowService.value.isEmpty() ? tr("any") : e.allowService.value.join(QStringLiteral(", ")));
    }
    if (e.rumEnabled.value && e.authRequired.value && !e.anonymousEnabled.value)
        anonymous += QLatin1Char('\n') + tr("The browser agent sends no credentials: with anonymous access off it gets 401.");
    m_ui->anonymousLabel->setText(anonymous);
    // §3.6: per client IP, event_limit events/s with bursts of 3×; ip_limit addresses tracked.
    m_ui->rateLabel->setText(
        tr("Each client IP may send %1 events per second, in bursts of up to %2 (3 × event_limit). %3 client IPs are "
           "tracked (ip_limit); a new one beyond that takes over the least recently used IP's budget, so anonymous "
           "clients together send at most about %4 events per second. Clients behind one NAT or proxy share one IP's "
           "budget, and the forwarding headers that set the client IP (Forwarded, X-Real-IP, X-Forwarded-For) can be "
           "spoofed unless a proxy rewrites them (§3.6).")
            .arg(e.eventLimit.value)
            .arg(e.burst.value)
            .arg(e.ipLimit.value)
            .arg(e.eventLimit.value * e.ipLimit.value));
    m_ui->anonymousGroup->setEnabled(true);
}
