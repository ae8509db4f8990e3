// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "agents/AgentCatalog.h"
#include "config/EffectiveSettings.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Agents {

// What a kit is built from: the agent side (URL, service, trust file) and, from the document, what
// APM Server will do (TLS, client certificates, credentials, RUM and anonymous access).
struct KitRequest
{
    enum class Credential { None, SecretToken, ApiKey };

    QString serverUrl;
    QString serviceName = QStringLiteral("my-service");
    QString environment = QStringLiteral("production");
    QString caFile;                     // PEM CA bundle (or a Java trust store) for the agent; empty = default roots

    Credential credential = Credential::None;
    QString credentialName;             // the `${NAME}` the value lives under; empty when the file holds it in clear
    std::optional<QString> revealed;    // the value itself, only when the user asked for it (--reveal)

    bool serverTls = false;
    Config::ClientAuth clientAuth = Config::ClientAuth::None;
    bool authRequired = false;
    bool rumEnabled = false;
    bool anonymousEnabled = false;
    QStringList allowAgent;             // empty = any
    QStringList allowOrigins;

    // The server side of the request from the document's effective settings; the credential is the
    // secret token (by its reference when the file holds one).
    static KitRequest fromSettings(const Config::EffectiveSettings& effective);
};

// One setting of a kit: an environment variable (or option) and its value as it is printed.
struct KitSetting
{
    QString name;
    QString value;          // a reference is written "${NAME}", a revealed value as itself
    bool secret = false;
};

struct ConnectionKit
{
    QString agentId;
    QList<KitSetting> environment; // ELASTIC_APM_* variables (empty for RUM: page code only)
    QString snippet;               // the agent's own configuration text
    QString snippetFile;           // where it goes
    QStringList notes;             // trust instructions, versions, precedence traps
    QStringList warnings;          // things that will not work as configured
};

// Builds the kit: exact option names from AgentCatalog, secrets by reference unless revealed.
ConnectionKit buildKit(const AgentInfo& agent, const KitRequest& request);

// `KEY="value"` lines a POSIX shell can source (`set -a; . ./kit.env`): references stay `${NAME}`
// inside double quotes so the shell fills them in from its own environment; notes as comments.
QString renderEnvironment(const ConnectionKit& kit);
// The snippet with the notes and warnings as comments in the snippet's language.
QString renderSnippet(const ConnectionKit& kit);

// The allow_agent name APM Server checks for anonymous access (§3.5): rum → "rum-js".
QString agentNameOnWire(const QString& agentId);

} // namespace Agents
