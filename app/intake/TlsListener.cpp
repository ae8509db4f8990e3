// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/TlsListener.h"

#include <QSslSocket>

#include <unistd.h>

namespace Intake {

TlsListener::TlsListener(QObject* parent) : QTcpServer(parent)
{
}

void TlsListener::incomingConnection(qintptr descriptor)
{
    if (!m_tls) {
        QTcpServer::incomingConnection(descriptor);
        return;
    }
    auto* socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket; // closes nothing: the descriptor was not adopted
        ::close(int(descriptor));
        return;
    }
    addPendingConnection(socket);
}

} // namespace Intake
