// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "doctor/KnowledgeBase.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QSslSocket;

namespace Doctor {

struct DoctorSpec
{
    QUrl url;
    QString secretToken;            // value, never printed
    QByteArray apiKey;              // base64(id:api_key), never printed
    QList<QSslCertificate> caCertificates;
    QString caFile;                 // for the evidence
    QSslCertificate clientCertificate;
    QSslKey clientKey;
    QString origin;                 // the RUM page's origin; empty: the preflight step is skipped
    int timeoutMs = 5000;           // per step
    int lastStep = -1;              // stop after this step (index into stepNames()); -1: the whole chain
};

struct RankedCause
{
    QString caseId;
    QString why; // what in the evidence points at it
};

struct StepResult
{
    enum class Status { Passed, Failed, Warning, Skipped };
    QString name;
    Layer layer = Layer::Url;
    Status status = Status::Skipped;
    double ms = 0;
    QStringList evidence;
    QList<RankedCause> causes; // most likely first
    QString fix;               // the first cause's fix, or the step's own

    QJsonObject toJson() const;
};
QString statusName(StepResult::Status s);

// The connection doctor for one URL: URL → DNS (QHostInfo) → TCP (QTcpSocket) → TLS (QSslSocket)
// → HTTP GET / → the same over HTTP/2 (https only) → a minimal intake request → a RUM preflight. Each step is a separate Qt primitive so
// a failure is pinned to its layer. Event-driven: stepFinished() for each, finished() at the end.
class Doctor : public QObject
{
    Q_OBJECT

public:
    explicit Doctor(QObject* parent = nullptr);
    ~Doctor() override;

    void start(const DoctorSpec& spec);
    const QList<StepResult>& steps() const { return m_steps; }
    bool running() const { return m_running; }
    // The failed (or warning) step lowest in the chain, or nullptr when all passed.
    const StepResult* firstProblem() const;

    // Step names in order (the UI shows them before they run).
    static QStringList stepNames();

signals:
    void stepFinished(int index);
    void finished();

private:
    struct HttpAnswer
    {
        bool ok = false;           // an HTTP status line arrived
        int status = 0;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QByteArray raw;            // the first bytes as received
        QString error;             // socket error text when no answer
        QByteArray header(const QByteArray& name) const;
    };
    using AnswerHandler = std::function<void(const HttpAnswer&)>;

    void finishStep(StepResult step);
    void finishSkipped(const QString& name, Layer layer, const QString& why); // a step that does not apply
    void skipRest(const QString& why);
    // True (after skipping the rest) when the step about to run lies beyond spec.lastStep.
    bool stopHere();
    void stepUrl();
    void stepDns();
    void stepTcp();
    void stepTls();
    void stepHttp();
    void stepHttp2();
    void stepIntake();
    void stepPreflight();
    void done();
    // One request on a fresh connection (TLS with errors ignored after the TLS step judged them).
    void exchange(const QByteArray& request, AnswerHandler handler);
    QByteArray authorizationValue() const; // "Bearer …" / "ApiKey …"; empty without credentials
    QByteArray authorizationLine() const;  // the header line for raw requests
    // Trust (the user's CAs instead of the system store) and the client identity the user gave.
    QSslConfiguration clientConfiguration() const;
    QByteArray requestHead(const QByteArray& method, const QByteArray& path) const;
    void addCause(StepResult& step, const QString& caseId, const QString& why) const;

    DoctorSpec m_spec;
    QList<StepResult> m_steps;
    QElapsedTimer m_timer;
    QHostAddress m_address;
    bool m_tls = false;
    bool m_running = false;
    QString m_serverVersion;
    QNetworkAccessManager* m_nam = nullptr;
};

} // namespace Doctor
