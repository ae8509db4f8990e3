// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QString>

namespace TestSupport {

// Certificates and keys made with app/tls itself (the good ones and every kind of broken one the
// validator must recognise), written as files into a directory. Paths are absolute. EC P-256
// everywhere except where a test needs RSA, so generation takes well under a second.
struct GeneratedTls
{
    static constexpr const char* kPassphrase = "generated-passphrase-42";
    static constexpr const char* kHost = "apm.example.com";

    QString dir;
    QString caCert, caKey; // root CA
    QString intermediateCert, intermediateKey;
    QString caBundle;                // intermediate + root in one file
    QString foreignCaCert;           // an unrelated root
    QString leafCert, leafKey;       // by the root: DNS:apm.example.com, DNS:localhost, IP:127.0.0.1
    QString leafRsaCert, leafRsaKey; // the same names, RSA 2048
    QString chainFile, chainKey;     // leaf by the intermediate + the intermediate
    QString leafOnlyFile;            // that leaf without its intermediate (broken chain)
    QString reversedFile;            // intermediate first, then the leaf
    QString expiredCert, notYetValidCert, expiringSoonCert; // keys: leafKey
    QString wrongHostCert;                                  // DNS:other.example.org only
    QString cnOnlyCert;                                     // no subjectAltName, CN apm.example.com
    QString sha1Cert;                                       // signed with SHA-1
    QString weakRsaCert, weakRsaKey;                        // RSA 1024
    QString selfSignedCert, selfSignedKey;                  // self-signed leaf
    QString clientEkuCert;                                  // extendedKeyUsage clientAuth only
    QString clientCert, clientKey;                          // a client certificate by the root
    QString ipAsDnsCert;                                    // "127.0.0.1" as a DNS SAN
    QString noAkiCert;                                      // leaf without authorityKeyIdentifier
    QString longLivedCert;                                  // 900 days
    QString ed25519Cert, ed25519Key;
    QString encryptedKey; // leafKey, PKCS#8 AES-256 with kPassphrase
    QString otherKey;     // matches no certificate
    QString looseKey;     // leafKey with mode 0644
    QString error;        // empty when everything was written

    static GeneratedTls create(const QString& dir);
};

} // namespace TestSupport
