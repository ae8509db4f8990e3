// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "probe/Observation.h"
#include "probe/Scenario.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>

class QAbstractSocket;
class QNetworkAccessManager;
class QNetworkReply;

namespace Probe {

// How the runner connects: trust, client identities, limits.
struct RunnerOptions
{
    QList<QSslCertificate> caCertificates; // added to the system store (empty: system store only)
    QSslCertificate pinnedLeaf;            // when set: a chain ending in this leaf is trusted (the stub's own)
    QSslCertificate clientCertificate;     // --client-cert
    QSslKey clientKey;
    QSslCertificate foreignCertificate;    // a client certificate no configured CA signed
    QSslKey foreignKey;
    int concurrency = 6;
    int timeoutMs = 5000;                  // per request
    int burstWindowMs = 2000;              // the burst stops issuing requests after this
};

// Sends the scenarios with QNetworkAccessManager (one manager per TLS variant and ALPN offer, so
// connections are never shared between trust settings), bounded concurrency and a timeout per
// request. The burst runs last, alone. Event-driven: finished() fires when every scenario has an
// observation.
//
// Timings: QNetworkReply reports when a request starts its own connection, when the handshake is
// done, when the request is written and when the head of the answer arrives, but neither the name
// lookup nor when the TCP connection is up. Before the first request the runner therefore opens
// one connection of its own to the target (a full handshake for https, so the server logs no
// aborted handshake) and measures the lookup and the TCP connect; for a request that opens a
// connection, DNS and connect are those figures, the rest until its socket started is time queued,
// and its TLS phase is the connection set-up minus the connect round trip.
class ProbeRunner : public QObject
{
    Q_OBJECT

public:
    explicit ProbeRunner(QObject* parent = nullptr);
    ~ProbeRunner() override;

    void start(const QUrl& base, const QList<Scenario>& scenarios, const RunnerOptions& options);
    void cancel();
    bool isRunning() const { return m_running; }
    const QList<Observation>& observations() const { return m_observations; }
    double wallMs() const { return m_wallMs; }
    double connectRoundTripMs() const { return m_connectRttMs; } // -1: not measured

signals:
    void progress(int done, int total);
    void scenarioFinished(int index);
    void finished();

private:
    void measureConnect();
    void beginSending();
    void pump();
    void send(int index, int burstSlot);
    // When a request's own connection started and its handshake ended (ms from its start; -1: never).
    struct ConnectionMarks
    {
        double started = -1;
        double encrypted = -1;
        QByteArray alpn; // what the server chose, read at the end of the handshake
    };
    void complete(QNetworkReply* reply, int index, int burstSlot, QElapsedTimer timer, const ConnectionMarks& marks);
    QNetworkAccessManager* managerFor(const Scenario& s);
    void finishIfDone();
    void completeBurst();

    QUrl m_base;
    QList<Scenario> m_scenarios;
    RunnerOptions m_options;
    QList<Observation> m_observations;
    QHash<int, QNetworkAccessManager*> m_managers;
    QList<int> m_queue;          // scenario indexes still to send (burst excluded)
    int m_burstIndex = -1;
    int m_burstSent = 0;
    int m_burstDone = 0;
    bool m_burstFinished = false;
    QElapsedTimer m_burstTimer;
    QElapsedTimer m_wall;
    double m_wallMs = 0;
    int m_inFlight = 0;
    int m_done = 0;
    bool m_running = false;
    bool m_cancelled = false;
    QList<QNetworkReply*> m_replies;
    QAbstractSocket* m_calibration = nullptr;
    double m_connectRttMs = -1;
    double m_lookupMs = -1;
};

} // namespace Probe
