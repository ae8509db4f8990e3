// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/Finding.h"
#include "core/Result.h"

#include <QTimer>
#include <QWidget>

#include <memory>

namespace Config {
class Document;
}
namespace Ui {
class ConfigurationPanel;
}
class YamlHighlighter;

// The document as YAML: a highlighted editor whose text is applied to the Document after a short
// pause (refused with an inline message while it does not parse), the pending changes against the
// saved file, and the linter's findings with their key and fix. Passive: it edits only through
// the injected Document.
class ConfigurationPanel : public QWidget
{
    Q_OBJECT

public:
    // How long typing must pause before the text is parsed and applied.
    static constexpr int kApplyDelayMs = 300;

    explicit ConfigurationPanel(Config::Document* document, QWidget* parent = nullptr);
    ~ConfigurationPanel() override;

    // Applies text typed but not yet applied. Returns the parse error if the editor's text does not
    // parse (the document then keeps its last valid text).
    Core::Result<void> applyPendingEdit();
    // True while the editor holds text that differs from the document (typed, or not parsing).
    bool hasUnappliedEdit() const;

    // Splitter sizes, for the window's saved state.
    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

signals:
    // The editor started or stopped holding text that does not parse (see hasUnappliedEdit()).
    void unappliedEditChanged();

public slots:
    // Shows the diff against the saved file instead of the editor (or the editor again).
    void showPendingChanges(bool show);
    // Moves the editor's cursor to the start of a 1-based line and shows it.
    void goToLine(int line);

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyEditorText();
    void editorTextEdited();
    void refreshFromDocument();
    void syncEditorFromDocument();
    void refreshPendingChanges();
    void selectFinding(const Config::Finding& finding);
    int findingLine(const Config::Finding& finding) const;
    void showFindingDetail(const Config::Finding& finding);
    void clearFindingDetail();
    void updateFindingsHeader();
    void updateTitle();

    const std::unique_ptr<Ui::ConfigurationPanel> m_ui;
    Config::Document* const m_document;
    YamlHighlighter* m_highlighter;
    QTimer m_applyTimer;
    QByteArray m_syncedText; // the document text the editor last agreed with
    bool m_updatingEditor = false;
    bool m_applyingEdit = false;
};
