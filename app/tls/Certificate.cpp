// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/Certificate.h"

#include <QCoreApplication>

#include <openssl/err.h>
#include <openssl/pem.h>

namespace Tls {

namespace {
X509Ptr share(const X509Ptr& p)
{
    if (p)
        X509_up_ref(p.get());
    return X509Ptr(p.get());
}
} // namespace

Certificate::Certificate(const Certificate& other) : m_x509(share(other.m_x509))
{
}

Certificate& Certificate::operator=(const Certificate& other)
{
    if (this != &other)
        m_x509 = share(other.m_x509);
    return *this;
}

QList<Certificate> Certificate::listFromPem(const QByteArray& pem)
{
    QList<Certificate> out;
    BioPtr bio = memoryBio(pem);
    while (bio) {
        X509Ptr x(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (!x)
            break;
        out << Certificate(std::move(x));
    }
    ERR_clear_error(); // the loop ends on "no start line"
    return out;
}

Core::Result<Certificate> Certificate::fromDer(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509Ptr x(d2i_X509(nullptr, &p, long(der.size())));
    if (!x)
        return Core::makeError(QStringLiteral("tls.der"),
                               QCoreApplication::translate("Tls::Certificate", "Not a DER certificate."),
                               openSslErrors());
    return Certificate(std::move(x));
}

QByteArray Certificate::toPem() const
{
    if (!m_x509)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), m_x509.get()) != 1)
        return {};
    return bioContents(bio.get());
}

QByteArray Certificate::toDer() const
{
    if (!m_x509)
        return {};
    unsigned char* buf = nullptr;
    const int len = i2d_X509(m_x509.get(), &buf);
    if (len <= 0)
        return {};
    QByteArray der(reinterpret_cast<const char*>(buf), len);
    OPENSSL_free(buf);
    return der;
}

bool Certificate::operator==(const Certificate& other) const
{
    if (!m_x509 || !other.m_x509)
        return m_x509 == other.m_x509;
    return X509_cmp(m_x509.get(), other.m_x509.get()) == 0;
}

bool Certificate::isIssuedBy(const Certificate& issuer) const
{
    if (!m_x509 || !issuer.m_x509)
        return false;
    if (X509_check_issued(issuer.m_x509.get(), m_x509.get()) != X509_V_OK)
        return false;
    EVP_PKEY* key = X509_get0_pubkey(issuer.m_x509.get());
    const bool ok = key && X509_verify(m_x509.get(), key) == 1;
    ERR_clear_error();
    return ok;
}

bool Certificate::isSelfSigned() const
{
    return m_x509 && X509_self_signed(m_x509.get(), 1) == 1;
}

bool Certificate::isCa() const
{
    return m_x509 && X509_check_ca(m_x509.get()) > 0;
}

QByteArray certificatesToPem(const QList<Certificate>& certificates)
{
    QByteArray out;
    for (const Certificate& c : certificates)
        out += c.toPem();
    return out;
}

} // namespace Tls
