// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "support/StubController.h"

#include "apikeys/ApiKeyRegistry.h"
#include "config/Document.h"
#include "intake/AgentConfigStore.h"
#include "intake/IntakeServer.h"
#include "intake/StubOptions.h"

#include <QHostAddress>
#include <QRandomGenerator>

#include <array>

namespace {

// 32 random bytes from the system CSPRNG, base64url: as strong as a token APM Server users pick.
QString generateSessionToken()
{
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char*>(words.data()), qsizetype(words.size() * sizeof(quint32)));
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

StubController::StubController(Config::Document* document, QObject* parent)
    : QObject(parent), m_document(document), m_agentConfig(std::make_shared<Intake::AgentConfigStore>()),
      m_lookup(&Config::lookupEnvironment), m_sessionToken(generateSessionToken())
{
    Q_ASSERT(m_document);
    m_restartTimer.setSingleShot(true);
    m_restartTimer.setInterval(500);
    connect(&m_restartTimer, &QTimer::timeout, this, &StubController::restartIfChanged);
    connect(m_document, &Config::Document::changed, this, &StubController::scheduleRestart);
    connect(m_document, &Config::Document::profileChanged, this, &StubController::scheduleRestart);
}

StubController::~StubController()
{
    // The server's connections refer to its engine: delete them together, now.
    delete m_server;
}

QUrl StubController::url() const
{
    return m_server && m_state == State::Running ? m_server->url() : QUrl();
}

quint16 StubController::port() const
{
    return m_server && m_state == State::Running ? m_server->port() : 0;
}

QString StubController::summary() const
{
    switch (m_state) {
    case State::Running:
        return tr("Stub running on %1").arg(url().toString());
    case State::Refused:
        return tr("Stub refused: %1").arg(m_reason);
    case State::Stopped:
        break;
    }
    return tr("Stub stopped");
}

QString StubController::secretReference() const
{
    return m_document->effective().secretToken.value;
}

QByteArray StubController::signature() const
{
    return Config::profileName(m_document->profile()).toUtf8() + '\n' + m_document->yaml().text();
}

QString StubController::dataDir() const
{
    return m_dataDir.isEmpty() ? ApiKeys::ApiKeyRegistry::defaultDataDir() : m_dataDir;
}

void StubController::scheduleRestart()
{
    if (m_wanted)
        m_restartTimer.start();
}

void StubController::restartIfChanged()
{
    if (m_wanted && (signature() != m_startedSignature || m_state != State::Running))
        start();
}

void StubController::start()
{
    m_restartTimer.stop();
    m_wanted = true;
    m_startedSignature = signature();
    const quint16 previousPort = port();
    retire(m_server);
    m_server = nullptr;
    m_usesSessionToken = false;

    const Config::SettingsReadResult& read = m_document->read();
    if (!read.issues.isEmpty()) {
        const Config::ReadIssue& issue = read.issues.constFirst();
        setState(State::Refused, tr("APM Server would not start: %1: %2").arg(issue.key, issue.message));
        return;
    }
    const QString dataDir = this->dataDir();
    const Config::EffectiveSettings& effective = m_document->effective();
    auto options = Intake::stubOptionsFor(effective, m_lookup, dataDir, m_agentConfig);
    QString note;
    if (!options && options.error().code == QLatin1String(Intake::kStubSecretUnsetCode)) {
        // Why: the default document refers to ${APM_SECRET_TOKEN}, usually unset on a desktop. A
        // random token known only to this session keeps the stub closed yet usable at once; it
        // is never written anywhere (not to the file, settings or logs).
        const QString token = m_sessionToken;
        options = Intake::stubOptionsFor(effective, [token](const QString&) { return std::optional<QString>(token); },
                                         dataDir, m_agentConfig);
        m_usesSessionToken = options.ok();
        note = tr("%1 is not set: the stub uses a session token (not saved)").arg(effective.secretToken.value);
    }
    if (!options) {
        setState(State::Refused, options.error().message);
        return;
    }

    // 127.0.0.1 only: the stub is a local stand-in, never exposed to the network.
    QList<quint16> ports;
    if (previousPort != 0)
        ports << previousPort;
    if (m_startPort != 0) {
        for (int i = 0; i < kPortAttempts; ++i) {
            const quint16 p = quint16(m_startPort + i);
            if (p != previousPort)
                ports << p;
        }
    }
    ports << 0;
    auto* server = new Intake::IntakeServer(this);
    QString lastError;
    for (const quint16 p : std::as_const(ports)) {
        const Core::Result<void> started = server->start(*options, QHostAddress(QHostAddress::LocalHost), p);
        if (started) {
            m_server = server;
            connect(server, &Intake::IntakeServer::requestLogged, this, &StubController::requestLogged);
            setState(State::Running, note);
            return;
        }
        lastError = started.error().toString();
        if (started.error().code != QLatin1String("serve.listen"))
            break;
    }
    delete server;
    m_usesSessionToken = false;
    setState(State::Refused, lastError);
}

void StubController::stop()
{
    m_restartTimer.stop();
    m_wanted = false;
    retire(m_server);
    m_server = nullptr;
    m_usesSessionToken = false;
    setState(State::Stopped, tr("Stopped by you; Start serves the document again."));
}

void StubController::retire(Intake::IntakeServer* server)
{
    if (!server)
        return;
    // Requests in flight finish (graceful, like APM Server's shutdown); the log of the old server
    // no longer reaches the panel so a restart reads as one clean cut.
    server->disconnect(this);
    connect(server, &Intake::IntakeServer::stopped, server, &QObject::deleteLater);
    server->stop();
}

void StubController::setState(State state, const QString& reason)
{
    m_state = state;
    m_reason = reason;
    emit stateChanged();
}
