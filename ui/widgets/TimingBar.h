// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>

// One request's timings as a stacked bar of consecutive phases (e.g. queued, DNS, connect, TLS,
// waiting for the first byte, rest of the answer), each in its own colour, with a legend line
// underneath that names every phase with its figure, and the whole text in the tooltip. Phases of
// 0 ms are not drawn; nothing is drawn until segments are set.
class TimingBar : public QWidget
{
    Q_OBJECT

public:
    struct Segment
    {
        QString label; // "TLS"
        double ms = 0;
        QColor color;
    };

    explicit TimingBar(QWidget* parent = nullptr);

    // prefix: text before the phases ("reused connection"); suffix: text after them ("total 4.1 ms").
    void setSegments(const QList<Segment>& segments, const QString& prefix, const QString& suffix);
    void clear();
    const QList<Segment>& segments() const { return m_segments; }
    QString summary() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QList<Segment> m_segments;
    QString m_prefix;
    QString m_suffix;
};
