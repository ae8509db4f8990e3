// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "tls/CertificateValidator.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace Tls {

enum class Agent { NodeJs, Java, Python, Go, DotNet, Ruby, Php, Rum };
QList<Agent> allAgents();
QString agentName(Agent agent);  // "nodejs", "java", … (the CLI's --agent values)
QString agentLabel(Agent agent); // "Node.js", "Java", …
std::optional<Agent> agentFromName(const QString& name);

// What an agent does with a server certificate (agent-options.md §6; unverified cells count as "no").
enum class Verdict {
    Accepted,          // A: as is
    NeedsOption,       // O: once a CA file, trust store, OS store entry or pin is supplied
    NeedsNewerRuntime, // U
    Rejected,          // X: change the certificate or the server, not the agent
};
QString verdictName(Verdict verdict); // "accepted", "needs-option", "needs-newer-runtime", "rejected"

struct AgentVerdict
{
    Agent agent = Agent::NodeJs;
    Verdict verdict = Verdict::Accepted;
    QStringList options; // what to set, with exact option names and minimum agent versions
    QStringList reasons; // why (each row that was not "accepted as is")
    QJsonObject toJson() const;
};

// The facts of §6 "Inputs the verdict engine needs", derived from a validation input.
struct TrustFacts
{
    enum class Anchor { PublicRoot, PrivateCa, SelfSignedLeaf, Untrusted };
    Anchor anchor = Anchor::Untrusted;
    bool servedChainIncomplete = false; // the server sends the leaf without its intermediate(s)
    bool caFileIntermediateOnly = false;
    QStringList hostsNotCovered;
    QStringList hostsCnOnly;
    QStringList ipHostsWithoutIpSan;
    bool edDsa = false;
    bool weakCrypto = false; // RSA < 2048 or SHA-1 signature
    bool notValidNow = false;
    bool ekuWithoutServerAuth = false;
    bool strictX509Problem = false; // leaf without AKI or CA basicConstraints not critical
    bool validityOver825Days = false;
    bool clientCertificateRequired = false;

    static TrustFacts of(const ValidationInput& input);
};

class TrustVerdicts
{
public:
    static QList<AgentVerdict> evaluate(const TrustFacts& facts);
    static AgentVerdict evaluate(const TrustFacts& facts, Agent agent);
};

} // namespace Tls
