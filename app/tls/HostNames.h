// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "tls/CertificateInfo.h"

#include <QStringList>

namespace Tls {

// subjectAltName entries proposed for a server certificate.
struct SanProposal
{
    QStringList dnsNames;
    QStringList ipAddresses;
    QStringList notes; // why an entry was added
};

enum class HostCoverage {
    BySan,        // a DNS SAN (wildcards for one label) or an IP SAN matches
    ByCommonName, // no SAN at all and the CN equals the host: only some agents accept it (C10)
    IpAsDnsSan,   // the IP is listed as a DNS SAN: no client accepts that
    NotCovered,
};

class HostNames
{
public:
    // The host of an agent URL ("https://apm.example.com:8200/" → "apm.example.com", "[::1]" → "::1");
    // a bare host name or IP passes through.
    static QString hostOf(const QString& urlOrHost);
    static bool isIpAddress(const QString& host);
    static bool isLoopback(const QString& host);

    // The SANs for the hosts agents will use: every URL's host (IPs as IP SANs), the short and long
    // forms of Kubernetes service names, and — never only localhost (C12) — the machine's own name
    // when nothing but loopback was given.
    static SanProposal propose(const QStringList& urlsOrHosts, const QString& localHostName);

    // Whether the certificate is valid for `host` the way TLS clients check it (RFC 6125; IP hosts
    // need an IP SAN; the CN counts only when there is no SAN).
    static HostCoverage coverage(const CertificateInfo& certificate, const QString& host);
};

} // namespace Tls
