// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QString>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace Tls {

// Every OpenSSL handle of this module is owned by one of these (STYLE "OpenSSL and secrets"):
// a unique_ptr whose deleter is the object's free function, so no path leaks or double-frees.
template <typename T, void (*Free)(T*)> struct OpenSslDeleter
{
    void operator()(T* p) const { Free(p); }
};

inline void freeX509Stack(STACK_OF(X509) * s)
{
    sk_X509_pop_free(s, X509_free);
}
inline void freeSafebagStack(STACK_OF(PKCS12_SAFEBAG) * s)
{
    sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free);
}
inline void freePkcs7Stack(STACK_OF(PKCS7) * s)
{
    sk_PKCS7_pop_free(s, PKCS7_free);
}
inline void freeGeneralNames(GENERAL_NAMES* n)
{
    GENERAL_NAMES_free(n);
}
inline void freeEku(EXTENDED_KEY_USAGE* e)
{
    EXTENDED_KEY_USAGE_free(e);
}
inline void freeOpenSslString(char* s)
{
    OPENSSL_free(s);
}

using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, BIO_free_all>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE, X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), OpenSslDeleter<STACK_OF(X509), freeX509Stack>>;
using X509ExtPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION, X509_EXTENSION_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, OpenSslDeleter<PKCS12, PKCS12_free>>;
using SafebagStackPtr =
    std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), OpenSslDeleter<STACK_OF(PKCS12_SAFEBAG), freeSafebagStack>>;
using Pkcs7StackPtr = std::unique_ptr<STACK_OF(PKCS7), OpenSslDeleter<STACK_OF(PKCS7), freePkcs7Stack>>;
using Asn1ObjectPtr = std::unique_ptr<ASN1_OBJECT, OpenSslDeleter<ASN1_OBJECT, ASN1_OBJECT_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OpenSslDeleter<GENERAL_NAMES, freeGeneralNames>>;
using EkuPtr = std::unique_ptr<EXTENDED_KEY_USAGE, OpenSslDeleter<EXTENDED_KEY_USAGE, freeEku>>;
using OpenSslStringPtr = std::unique_ptr<char, OpenSslDeleter<char, freeOpenSslString>>;

// Drains OpenSSL's error queue into one line for an Error's technical detail.
QString openSslErrors();

// A memory BIO over `data` (read-only; `data` must outlive it).
BioPtr memoryBio(const QByteArray& data);
// The bytes written to a memory BIO.
QByteArray bioContents(BIO* bio);

} // namespace Tls
