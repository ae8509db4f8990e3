// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace Config {
class Document;
}
namespace Probe {
class ProbeSession;
}
class TimingBar;

// The live probe: target (the embedded stub serving the document, or a URL), credentials and
// trust, run/cancel with progress, the matrix with pass/fail badges and filters, and a detail pane
// (request, response, TLS, expected vs actual, reason, fix, curl) with a timing bar. The probe
// itself is the injected ProbeSession; the panel only shows it.
class ProbePanel : public QWidget
{
    Q_OBJECT

public:
    ProbePanel(Probe::ProbeSession* session, Config::Document* document, QWidget* parent = nullptr);
    ~ProbePanel() override;

    QStandardItemModel* model() const { return m_model; }
    QString statusText() const;

public slots:
    void run();
    void cancel();
    void setTargetUrl(const QString& url); // empty: the embedded stub
    void setFailuresOnly(bool on);
    void exportReport(const QString& path); // .html, .json or .xml (JUnit) by extension

signals:
    void runFinished();

private:
    void showResults();
    void showDetail(const QModelIndex& proxyIndex);
    void updateFilter();
    void exportWithDialog();

    Probe::ProbeSession* const m_session;
    Config::Document* const m_document;
    QRadioButton* m_embedded;
    QRadioButton* m_urlTarget;
    QLineEdit* m_url;
    QLineEdit* m_token;
    QLineEdit* m_ca;
    QLineEdit* m_origin;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QPushButton* m_export;
    QProgressBar* m_progress;
    QLabel* m_status;
    QComboBox* m_filter;
    QLineEdit* m_search;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QPlainTextEdit* m_detail;
    TimingBar* m_timing;
};
