// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Agents {

// One option of an agent: its name where the agent's own configuration is written (config file,
// start() object, properties, php.ini, appsettings.json) and its environment variable. Both empty
// when the agent has no such option. `since` is the first agent version that has it.
struct OptionName
{
    QString config;
    QString env;
    QString since;
    bool supported() const { return !config.isEmpty() || !env.isEmpty(); }
};

enum class ClientCertificates {
    No,             // the agent cannot present one
    JvmProperties,  // Java: javax.net.ssl.keyStore* system properties (1.28.3)
    CodeOnly,       // Go: only a transport built in code
};

// Where an agent's configuration is written when it is not the environment.
enum class SnippetStyle { NodeModule, JavaProperties, PythonDict, GoEnvironment, DotNetJson, RubyYaml, PhpIni, RumScript };

// What a connection kit needs to know about one Elastic APM agent
// (reference: ../shared/reference/agent-options.md §2 and §3).
struct AgentInfo
{
    QString id;            // nodejs, java, python, go, dotnet, ruby, php, rum
    QString displayName;   // "Node.js"
    QString package;       // elastic-apm-node, …
    SnippetStyle snippet = SnippetStyle::NodeModule;
    QString snippetFile;   // where the snippet goes, e.g. "elastic-apm-node.js"

    OptionName serverUrl;
    OptionName secretToken;
    OptionName apiKey;
    OptionName verifyServerCert;
    OptionName caFile;     // a PEM CA bundle that replaces the default roots
    OptionName serverCert; // pin of the server's certificate (Python, Go, .NET)
    OptionName serviceName;
    OptionName environment;

    ClientCertificates clientCertificates = ClientCertificates::No;
    QString trustWithoutCaFile; // how trust is given when there is no CA-file option
    QString precedenceTrap;     // a place that silently overrides the environment (§6.4 rule 6)

    bool hasEnvironment() const { return !serverUrl.env.isEmpty(); }
};

// Every agent, in the order of the reference's summary matrix.
const QList<AgentInfo>& allAgents();
// nullptr when unknown.
const AgentInfo* findAgent(const QString& id);
QStringList agentIds();

} // namespace Agents
