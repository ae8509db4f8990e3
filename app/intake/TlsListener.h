// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QTcpServer>

namespace Intake {

// The stub's listening socket. Plain HTTP: exactly QTcpServer. With TLS each accepted descriptor
// becomes an unencrypted QSslSocket, so the first bytes can be peeked before the handshake starts
// (QSslServer would start the handshake at once).
class TlsListener : public QTcpServer
{
    Q_OBJECT

public:
    explicit TlsListener(QObject* parent = nullptr);
    void setTlsEnabled(bool enabled) { m_tls = enabled; }
    bool tlsEnabled() const { return m_tls; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    bool m_tls = false;
};

} // namespace Intake
