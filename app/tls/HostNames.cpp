// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "tls/HostNames.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QUrl>

namespace Tls {

namespace {

QString tr(const char* s)
{
    return QCoreApplication::translate("Tls::HostNames", s);
}

void addUnique(QStringList& list, const QString& value)
{
    if (!value.isEmpty() && !list.contains(value, Qt::CaseInsensitive))
        list << value;
}

bool dnsMatches(const QString& pattern, const QString& host)
{
    const QString p = pattern.toLower();
    const QString h = host.toLower();
    if (p == h)
        return true;
    // A wildcard stands for exactly one whole left-most label (RFC 6125 §6.4.3 as Go/OpenSSL apply it).
    if (p.startsWith(QLatin1String("*."))) {
        const qsizetype dot = h.indexOf(QLatin1Char('.'));
        return dot > 0 && h.mid(dot) == p.mid(1);
    }
    return false;
}

} // namespace

QString HostNames::hostOf(const QString& urlOrHost)
{
    const QString text = urlOrHost.trimmed();
    if (text.contains(QLatin1String("://"))) {
        const QUrl url(text);
        return url.host();
    }
    if (text.startsWith(QLatin1Char('[')) && text.contains(QLatin1Char(']')))
        return text.mid(1, text.indexOf(QLatin1Char(']')) - 1);
    if (isIpAddress(text))
        return text;
    // host:port
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    return colon > 0 ? text.left(colon) : text;
}

bool HostNames::isIpAddress(const QString& host)
{
    return !QHostAddress(host).isNull();
}

bool HostNames::isLoopback(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
        host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive))
        return true;
    const QHostAddress a(host);
    return !a.isNull() && a.isLoopback();
}

SanProposal HostNames::propose(const QStringList& urlsOrHosts, const QString& localHostName)
{
    SanProposal p;
    bool onlyLoopback = true;
    for (const QString& entry : urlsOrHosts) {
        const QString host = hostOf(entry);
        if (host.isEmpty())
            continue;
        onlyLoopback = onlyLoopback && isLoopback(host);
        if (isIpAddress(host)) {
            addUnique(p.ipAddresses, QHostAddress(host).toString());
            continue;
        }
        addUnique(p.dnsNames, host.toLower());
        // Kubernetes: agents in the same namespace use "svc", elsewhere "svc.ns" or the full name
        // (C12, C17).
        const QStringList labels = host.toLower().split(QLatin1Char('.'));
        const qsizetype svc = labels.indexOf(QStringLiteral("svc"));
        if (svc == 2) {
            const QString service = labels.at(0);
            const QString ns = labels.at(1);
            addUnique(p.dnsNames, service);
            addUnique(p.dnsNames, service + QLatin1Char('.') + ns);
            addUnique(p.dnsNames, service + QLatin1Char('.') + ns + QStringLiteral(".svc"));
            addUnique(p.dnsNames, service + QLatin1Char('.') + ns + QStringLiteral(".svc.cluster.local"));
            p.notes << tr("%1 looks like a Kubernetes service: added its short and long names.").arg(host);
        }
    }
    if (onlyLoopback) {
        // The agents' default URLs differ: http://127.0.0.1:8200 (Node, Java, Python) vs
        // http://localhost:8200 (Go, .NET, Ruby, PHP, RUM) — agent-options.md §1.
        addUnique(p.dnsNames, QStringLiteral("localhost"));
        addUnique(p.ipAddresses, QStringLiteral("127.0.0.1"));
        if (!localHostName.isEmpty() && !isLoopback(localHostName)) {
            addUnique(p.dnsNames, localHostName.toLower());
            p.notes << tr("Only loopback names were given: added this machine's name %1, because agents on other "
                          "machines cannot use localhost. Add the names they really use.")
                           .arg(localHostName);
        } else {
            p.notes << tr("Only loopback names: agents on other machines will need the server's real name or IP.");
        }
    }
    return p;
}

HostCoverage HostNames::coverage(const CertificateInfo& c, const QString& rawHost)
{
    const QString host = hostOf(rawHost);
    if (isIpAddress(host)) {
        const QHostAddress a(host);
        for (const QString& ip : c.ipAddresses) {
            if (QHostAddress(ip) == a)
                return HostCoverage::BySan;
        }
        for (const QString& dns : c.dnsNames) {
            if (QHostAddress(dns) == a)
                return HostCoverage::IpAsDnsSan;
        }
        return HostCoverage::NotCovered;
    }
    for (const QString& dns : c.dnsNames) {
        if (dnsMatches(dns, host))
            return HostCoverage::BySan;
    }
    if (!c.hasSubjectAltName && dnsMatches(c.commonName, host))
        return HostCoverage::ByCommonName;
    return HostCoverage::NotCovered;
}

} // namespace Tls
