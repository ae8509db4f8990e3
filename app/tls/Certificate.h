// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "tls/OpenSslPtr.h"

#include <QByteArray>
#include <QList>

namespace Tls {

// One X.509 certificate. Copies share the OpenSSL object through its reference count.
class Certificate
{
public:
    Certificate() = default;
    explicit Certificate(X509Ptr x509) : m_x509(std::move(x509)) {}
    Certificate(const Certificate& other);
    Certificate& operator=(const Certificate& other);
    Certificate(Certificate&&) noexcept = default;
    Certificate& operator=(Certificate&&) noexcept = default;

    // Every CERTIFICATE block of a PEM text, in file order (other blocks are skipped).
    static QList<Certificate> listFromPem(const QByteArray& pem);
    static Core::Result<Certificate> fromDer(const QByteArray& der);

    bool isNull() const { return !m_x509; }
    X509* handle() const { return m_x509.get(); }
    QByteArray toPem() const;
    QByteArray toDer() const;
    // Same DER encoding.
    bool operator==(const Certificate& other) const;

    // True when `issuer` issued this certificate (name and signature check).
    bool isIssuedBy(const Certificate& issuer) const;
    bool isSelfSigned() const;
    bool isCa() const;

private:
    X509Ptr m_x509;
};

// Writes the certificates one after another as PEM.
QByteArray certificatesToPem(const QList<Certificate>& certificates);

} // namespace Tls
