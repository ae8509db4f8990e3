// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "widgets/TimingBar.h"

#include <QPainter>
#include <QStringList>

#include <algorithm>

namespace {
constexpr int kBarHeight = 10;
constexpr int kGap = 4;
constexpr int kSwatch = 8;

QString figure(double ms)
{
    return QStringLiteral("%1 ms").arg(ms, 0, 'f', ms < 1 ? 3 : ms < 10 ? 2 : 1);
}
} // namespace

TimingBar::TimingBar(QWidget* parent) : QWidget(parent)
{
    setAccessibleName(tr("Request timing"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void TimingBar::setSegments(const QList<Segment>& segments, const QString& prefix, const QString& suffix)
{
    m_segments = segments;
    m_prefix = prefix;
    m_suffix = suffix;
    setToolTip(summary());
    setAccessibleDescription(summary());
    update();
}

void TimingBar::clear()
{
    setSegments({}, {}, {});
}

QString TimingBar::summary() const
{
    QStringList parts;
    if (!m_prefix.isEmpty())
        parts << m_prefix;
    for (const Segment& s : m_segments) {
        if (s.ms > 0)
            parts << s.label + QLatin1Char(' ') + figure(s.ms);
    }
    if (!m_suffix.isEmpty())
        parts << m_suffix;
    return parts.join(QStringLiteral(" · "));
}

QSize TimingBar::sizeHint() const
{
    return {320, kGap + kBarHeight + kGap + fontMetrics().height() + kGap};
}

QSize TimingBar::minimumSizeHint() const
{
    return {80, sizeHint().height()};
}

void TimingBar::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QRectF bar(0.5, kGap + 0.5, width() - 1.0, kBarHeight);
    p.fillRect(bar, palette().alternateBase());
    double total = 0;
    for (const Segment& s : m_segments)
        total += std::max(0.0, s.ms);
    if (total <= 0)
        return;
    double at = 0;
    for (const Segment& s : m_segments) {
        if (s.ms <= 0)
            continue;
        const double x0 = bar.left() + bar.width() * at / total;
        at += s.ms;
        const double x1 = bar.left() + bar.width() * at / total;
        // At least a sliver, so a short phase is still visible.
        p.fillRect(QRectF(QPointF(x0, bar.top()), QPointF(std::max(x1, x0 + 1.5), bar.bottom())), s.color);
    }

    // The legend: a swatch and "label figure" for every phase that happened, then the suffix.
    const QFontMetrics fm = fontMetrics();
    const int baseline = int(bar.bottom()) + kGap + fm.ascent();
    const int swatchTop = int(bar.bottom()) + kGap + (fm.height() - kSwatch) / 2;
    int x = 0;
    p.setPen(palette().text().color());
    auto text = [&](const QString& t) {
        p.drawText(x, baseline, t);
        x += fm.horizontalAdvance(t) + 2 * kGap;
    };
    if (!m_prefix.isEmpty())
        text(m_prefix);
    for (const Segment& s : m_segments) {
        if (s.ms <= 0)
            continue;
        p.fillRect(QRect(x, swatchTop, kSwatch, kSwatch), s.color);
        x += kSwatch + kGap / 2;
        text(s.label + QLatin1Char(' ') + figure(s.ms));
    }
    if (!m_suffix.isEmpty())
        text(m_suffix);
}
