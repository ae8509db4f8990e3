// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QStringList>
#include <QWidget>

#include <memory>

namespace Config {
class Document;
}
namespace Ui {
class RumPanel;
}

// What the RUM panel edits.
struct RumChoice
{
    bool enabled = false;
    QStringList allowOrigins;
    bool operator==(const RumChoice&) const = default;
};

// RUM and anonymous access: rum.enabled and allow_origins with each entry checked (the linter's
// origin findings) and a sample origin previewed against the edited list (APM Server's glob,
// §3.7); the effective anonymous access with the rule behind it, allow_agent/allow_service, and
// the rate-limit math (§3.5, §3.6). Passive: load()/value()/changed(); apply() writes the value
// into the document.
class RumPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RumPanel(Config::Document* document, QWidget* parent = nullptr);
    ~RumPanel() override;

    void load(const RumChoice& choice);
    RumChoice value() const;
    // From the document as it is now.
    static RumChoice fromDocument(const Config::Document& document);

signals:
    void changed();

public slots:
    // Writes rum.enabled and rum.allow_origins into the document (lossless edit).
    void apply();

private:
    void refreshSample();
    void refreshEffective();

    const std::unique_ptr<Ui::RumPanel> m_ui;
    Config::Document* const m_document;
    RumChoice m_synced; // the document's value when the panel last matched it
    bool m_loading = false;
};
