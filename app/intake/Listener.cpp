// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/Listener.h"

namespace Intake {

Listener::Listener(Handler handler, QObject* parent) : QTcpServer(parent), m_handler(std::move(handler))
{
}

void Listener::incomingConnection(qintptr descriptor)
{
    m_handler(descriptor);
}

} // namespace Intake
