// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "widgets/MessageBar.h"

#include "support/Palette.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

MessageBar::MessageBar(QWidget* parent) : QFrame(parent), m_icon(new QLabel(this)), m_label(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_label, 1);
    m_label->setObjectName(QStringLiteral("messageText"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setFocusProxy(m_label);
    hide();
}

void MessageBar::showMessage(const QString& text, Config::Severity severity)
{
    m_severity = severity;
    const QStyle::StandardPixmap icon = severity == Config::Severity::Error     ? QStyle::SP_MessageBoxCritical
                                        : severity == Config::Severity::Warning ? QStyle::SP_MessageBoxWarning
                                                                                : QStyle::SP_MessageBoxInformation;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(size, size));
    m_label->setText(text);
    // The severity is in the accessible name as well as in the colour and icon.
    const QString severityText = severity == Config::Severity::Error     ? tr("Error")
                                 : severity == Config::Severity::Warning ? tr("Warning")
                                                                         : tr("Information");
    m_label->setAccessibleName(severityText);
    m_label->setAccessibleDescription(text);
    applyColours();
    show();
}

void MessageBar::clear()
{
    m_label->clear();
    hide();
}

QString MessageBar::text() const
{
    return m_label->text();
}

void MessageBar::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyColours();
}

void MessageBar::applyColours()
{
    const QPalette base = parentWidget() ? parentWidget()->palette() : palette();
    const QColor accent = m_severity == Config::Severity::Error     ? Palette::removedColor(base)
                          : m_severity == Config::Severity::Warning ? Palette::warningColor(base)
                                                                    : base.color(QPalette::Highlight);
    QPalette p = palette();
    p.setColor(QPalette::Window, Palette::tint(base, accent, Palette::isDark(base) ? 0.25 : 0.15));
    p.setColor(QPalette::WindowText, base.color(QPalette::WindowText));
    // setPalette would re-enter changeEvent(PaletteChange): only set it when it differs.
    if (p != palette())
        setPalette(p);
}
