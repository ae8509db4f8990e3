// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "support/SecretClipboard.h"

#include <QClipboard>
#include <QCryptographicHash>
#include <QGuiApplication>
#include <QMimeData>
#include <QTimer>

namespace {

QByteArray digest(QByteArrayView text)
{
    return QCryptographicHash::hash(text, QCryptographicHash::Sha256);
}

} // namespace

SecretClipboard::SecretClipboard(QObject* parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(kClearMs);
    connect(m_timer, &QTimer::timeout, this, &SecretClipboard::clearIfOurs);
}

SecretClipboard::~SecretClipboard()
{
    clearIfOurs();
}

void SecretClipboard::copy(QByteArrayView secret)
{
    if (secret.isEmpty())
        return;
    auto* mime = new QMimeData;
    mime->setText(QString::fromLatin1(secret));
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QGuiApplication::clipboard()->setMimeData(mime);
    m_digest = digest(secret);
    m_timer->start();
}

void SecretClipboard::clearIfOurs()
{
    if (m_digest.isEmpty())
        return;
    QClipboard* clipboard = QGuiApplication::clipboard();
    if (digest(clipboard->text().toLatin1()) == m_digest)
        clipboard->clear();
    m_digest.clear();
    m_timer->stop();
}
