// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QString>

namespace TestSupport {

// TLS fixtures made with the `openssl` command line into a directory (tests of §5). Paths are
// absolute. The encrypted key's passphrase is kPassphrase.
struct TlsFixtures
{
    static constexpr const char* kPassphrase = "fixture-passphrase-0123";

    QString dir;
    QString caCert, caKey;         // the trusted CA
    QString serverCert, serverKey; // RSA leaf by the CA, SANs DNS:localhost, IP:127.0.0.1
    QString chainCert, chainKey;   // leaf by an intermediate: leaf + intermediate in one file
    QString intermediateCert;
    QString clientCert, clientKey;               // client certificate by the CA
    QString foreignCaCert;                       // an unrelated CA
    QString foreignClientCert, foreignClientKey; // client certificate by the unrelated CA
    QString encryptedKey;                        // serverKey, PKCS#8 AES-256 with kPassphrase
    QString otherKey;                            // a key that matches no certificate
    QString expiredCert, expiredKey;             // by the CA, validity ended
    QString notPem;                              // a file that is no PEM at all
    QString error;                               // why generation failed (empty when it worked)

    // Runs openssl; returns fixtures with `error` set when a step failed.
    static TlsFixtures generate(const QString& dir);
};

} // namespace TestSupport
