// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QObject>

class QTimer;

// Copies a secret to the clipboard marked for password managers (KDE Klipper and others skip
// entries with x-kde-passwordManagerHint) and clears it after a delay, or when this object goes
// away, but only while the clipboard still holds that secret: something the user copied since is
// never wiped. Only a digest of the secret is kept.
class SecretClipboard : public QObject
{
    Q_OBJECT

public:
    static constexpr int kClearMs = 30000;

    explicit SecretClipboard(QObject* parent = nullptr);
    ~SecretClipboard() override;

    void copy(QByteArrayView secret);
    // Clears the clipboard now if it still holds the copied secret.
    void clearIfOurs();

private:
    QTimer* m_timer;
    QByteArray m_digest;
};
