// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "widgets/TimingBar.h"

#include <QColor>
#include <QList>
#include <QPainter>
#include <QPair>
#include <QStringList>

#include <algorithm>

TimingBar::TimingBar(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(22);
    setAccessibleName(tr("Request timing"));
}

void TimingBar::setTimings(double tls, double firstByte, double total)
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

void TimingBar::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QRectF r = rect().adjusted(0, 4, -1, -4);
    p.fillRect(r, palette().alternateBase());
    if (m_total <= 0)
        return;
    auto x = [&](double ms) { return r.left() + r.width() * std::clamp(ms / m_total, 0.0, 1.0); };
    double start = 0;
    // Each phase ends where the next begins: TLS, then waiting for the first byte, then the body.
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
