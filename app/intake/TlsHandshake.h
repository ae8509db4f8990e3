// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "intake/RequestLog.h"
#include "intake/TlsSetup.h"

#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QSslSocket>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace Intake {

// One accepted TLS-port connection until its handshake is done: peeks the first record header
// (plain HTTP gets Go's 400 text), runs the server handshake, and either hands the encrypted
// socket on (ready) or reports why it failed as a log entry (failed). Bounded: a deadline, a
// capped read buffer, and nothing is read beyond the record header before the handshake.
class TlsHandshake : public QObject
{
    Q_OBJECT

public:
    TlsHandshake(QSslSocket* socket, const TlsServerSetup& setup, std::chrono::milliseconds timeout,
                 QObject* parent = nullptr);
    ~TlsHandshake() override;

    // Go's net/http answer to plain HTTP on a TLS port (§5, Go's server.go), byte for byte.
    static QByteArray plainHttpAnswer();
    // Go's tlsRecordHeaderLooksLikeHTTP: the five record-header bytes start an HTTP request.
    static bool looksLikeHttp(const QByteArray& header);

signals:
    // The socket is encrypted and now belongs to the receiver (it is unparented first).
    void ready(QSslSocket* socket, const QList<Intake::TraceStep>& connectionTrace);
    void failed(const Intake::RequestLogEntry& entry);
    void finished(); // after ready() or failed(): the handshake object can go

private:
    void inspectFirstBytes();
    void startHandshake();
    void onEncrypted();
    void fail(const QString& reason, const QString& detail);
    void rejectPlainHttp();
    QString classify() const;

    QPointer<QSslSocket> m_socket;
    const TlsServerSetup m_setup; // implicitly shared copies
    QString m_peer;
    QTimer m_deadline;
    bool m_started = false;
    bool m_done = false;
    QStringList m_alertsSent;
    QStringList m_alertsReceived;
    QList<QSslError> m_verifyErrors;
    QString m_socketError;
    bool m_noClientCertificate = false;
};

} // namespace Intake
