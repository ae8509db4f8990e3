// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QWidget>

#include <memory>

namespace Config {
class Document;
}
namespace Ui {
class EffectiveSettingsPanel;
}
class EffectiveSettingsModel;
class QSortFilterProxyModel;

// What APM Server will do with the document under the chosen profile: every effective value with
// the rule that produced it, and on top the reasons APM Server would refuse to start. Read-only.
class EffectiveSettingsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit EffectiveSettingsPanel(Config::Document* document, QWidget* parent = nullptr);
    ~EffectiveSettingsPanel() override;

    // The model behind the view (unfiltered), for tests and other views.
    EffectiveSettingsModel* model() const { return m_model; }

public slots:
    // Shows only rows containing `text` (key, value, rule or section; case-insensitive).
    void setFilterText(const QString& text);

private:
    void refresh();

    const std::unique_ptr<Ui::EffectiveSettingsPanel> m_ui;
    Config::Document* const m_document;
    EffectiveSettingsModel* m_model;
    QSortFilterProxyModel* m_proxy;
};
