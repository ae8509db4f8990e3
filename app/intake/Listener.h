// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QTcpServer>

#include <functional>

namespace Intake {

// The stub's listening socket. It creates no socket objects: every accepted descriptor goes to the
// handler, which hands it to the event loop (thread) that will serve it; that loop makes a QTcpSocket,
// or an unencrypted QSslSocket whose first bytes are peeked before the handshake starts (QSslServer
// would start the handshake at once, on the listener's thread).
class Listener : public QTcpServer
{
    Q_OBJECT

public:
    using Handler = std::function<void(qintptr descriptor)>;
    explicit Listener(Handler handler, QObject* parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    Handler m_handler;
};

} // namespace Intake
