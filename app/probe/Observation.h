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
    double tlsMs = -1;           // handshake done (from the start of the request)
    double headersMs = -1;       // response head received
    double totalMs = -1;
    QList<int> burstStatuses;    // the burst: every status (0 = no answer)
    double burstMs = 0;

    QByteArray header(const QByteArray& name) const;
    bool hasHeader(const QByteArray& name) const;
};

} // namespace Probe
