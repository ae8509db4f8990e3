// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QWidget>

// One request's timings as a bar: TLS handshake, first byte, total (milliseconds), each segment in
// its own colour with the figures written over it and repeated in the tooltip. A negative value is
// a phase that did not happen (no TLS, no response); nothing is drawn until a total is known.
class TimingBar : public QWidget
{
    Q_OBJECT

public:
    explicit TimingBar(QWidget* parent = nullptr);

    void setTimings(double tls, double firstByte, double total);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    double m_tls = -1;
    double m_firstByte = -1;
    double m_total = -1;
};
