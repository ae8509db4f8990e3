// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "probe/Scenario.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Probe {

// What one scenario got: the answer, or why there was none, with TLS details and timings.
struct Observation
{
    bool answered = false;       // an HTTP response arrived
    int status = 0;
    Headers headers;
    QByteArray body;             // bounded
    QString networkError;        // QNetworkReply::NetworkError name, empty when none
    QString errorText;           // errorString()
    QStringList sslErrors;       // verification errors the client saw
    QString tlsProtocol;         // "TLSv1.3"
    QString tlsCipher;
    QStringList peerChain;       // subject CN of each presented certificate
    QString httpVersion;         // "HTTP/1.1" or "HTTP/2" (answered requests)
    QString alpn;                // the protocol the server chose by ALPN; empty: none chosen

    // Timings in milliseconds. Phases are durations and only set when this request opened its
    // own connection (newConnection); a reused connection has no DNS, connect or TLS phase.
    bool newConnection = false;
    double queuedMs = -1;        // waiting for a connection slot and the network thread
    double dnsMs = -1;           // name lookup (the target's, measured by the runner; 0 for an address)
    double connectMs = -1;       // TCP connect (see ProbeRunner: the target's measured round trip)
    double tlsMs = -1;           // TLS handshake: connection set-up minus the TCP connect
    double sentMs = -1;          // request written, from the start
    double headersMs = -1;       // first byte of the answer (response head), from the start
    double totalMs = -1;         // answer complete, from the start
    QList<int> burstStatuses;    // the burst: every status (0 = no answer)
    double burstMs = 0;

    QByteArray header(const QByteArray& name) const;
    bool hasHeader(const QByteArray& name) const;
};

} // namespace Probe
