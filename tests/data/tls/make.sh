#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: APM Gatekeeper contributors
#
# How the static TLS files here were made, with the openssl command line (OpenSSL 3.0, Debian 12),
# so the importer is tested on files we did not write ourselves. Long validity on purpose: the
# tests read them, they do not judge their age. Passphrases: static-pass (key), p12-pass (PKCS#12).
set -eu
cd "$(dirname "$0")"
export PW=static-pass P12=p12-pass
cat > ext.cnf <<'CNF'
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:apm.static.test,IP:192.0.2.10
CNF
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key
openssl req -new -x509 -key ca.key -subj "/CN=Static Test CA" -days 36500 -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out leaf.key
openssl req -new -key leaf.key -subj "/CN=apm.static.test" -out leaf.csr
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial 4242 -days 36500 -sha256 -extfile ext.cnf \
    -extensions leaf -out leaf.pem
openssl pkey -in leaf.key -aes256 -passout env:PW -out leaf-encrypted.key
openssl pkey -in leaf.key -traditional -out leaf-traditional.key 2>/dev/null || cp leaf.key leaf-traditional.key
openssl x509 -in leaf.pem -outform DER -out leaf.der
openssl pkey -in leaf.key -outform DER -out leaf-key.der
cat ca.pem leaf.pem > reversed-chain.pem
cat leaf.pem leaf.key ca.pem > bundle.pem
openssl pkcs12 -export -inkey leaf.key -in leaf.pem -certfile ca.pem -name server -passout env:P12 -out bundle.p12
openssl pkcs12 -export -nokeys -in ca.pem -passout env:P12 -out openssl-nokeys.p12
rm -f leaf.csr ext.cnf ca.srl ca.key
