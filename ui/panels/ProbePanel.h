// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QPointer>
#include <QWidget>

#include <memory>

class QSortFilterProxyModel;
class QStandardItemModel;

namespace Ui {
class ProbePanel;
}
namespace Config {
class Document;
}
namespace Probe {
class ProbeSession;
struct ProbeRequestSpec;
struct Observation;
}
namespace Secrets {
class SecretStore;
}

// The live probe: target (the embedded stub serving the document, or a URL), credentials and
// trust, run/cancel with progress, the matrix with pass/fail badges and filters, and a detail pane
// (request, response, TLS, expected vs actual, reason, fix, curl) with a timing bar. The probe
// itself is the injected ProbeSession; the panel only shows it. Credentials are typed or taken from
// the injected SecretStore (the keychain) under a `${NAME}` the document references; values are
// read only for the run, held in memory, and never logged or saved.
class ProbePanel : public QWidget
{
    Q_OBJECT

public:
    // `store` may be null (no keychain): then only typed credentials are possible.
    ProbePanel(Probe::ProbeSession* session, Config::Document* document, Secrets::SecretStore* store,
               QWidget* parent = nullptr);
    ~ProbePanel() override;

    QStandardItemModel* model() const { return m_model; }
    QString statusText() const;
    // The keychain entries offered for the secret token and the API key (the document's `${NAME}`s).
    QStringList keychainEntries() const;
    QString tokenEntry() const;  // empty: typed
    QString apiKeyEntry() const; // empty: typed

public slots:
    void run();
    void cancel();
    void setTargetUrl(const QString& url); // empty: the embedded stub
    void setFailuresOnly(bool on);
    void exportReport(const QString& path); // .html, .json or .xml (JUnit) by extension
    // Take the secret token / API key credentials from the keychain entry `name` (empty: typed).
    void setTokenEntry(const QString& name);
    void setApiKeyEntry(const QString& name);
    // Runs the probe and shows the scenarios of one category ("RUM origins") or family ("RUM intake").
    void runScenarios(const QString& scenario);

signals:
    void runFinished();

private:
    void showResults();
    void showDetail(const QModelIndex& proxyIndex);
    void updateFilter();
    void showTiming(const Probe::Observation& observation);
    void exportWithDialog();
    void refreshEntries();
    void updateCredentialFields();
    void start(const Probe::ProbeRequestSpec& spec);

    const std::unique_ptr<Ui::ProbePanel> m_ui;
    Probe::ProbeSession* const m_session;
    Config::Document* const m_document;
    QPointer<Secrets::SecretStore> m_store;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_proxy;
};
