// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"

#include <QList>
#include <QMap>
#include <QString>

#include <mutex>
#include <optional>

namespace Intake {

// One central-configuration entry, as Kibana/Elasticsearch would hold it.
struct AgentConfigEntry
{
    QString serviceName;
    QString environment;           // empty: any environment
    QString agentName;             // empty: any agent
    QMap<QString, QString> settings; // e.g. transaction_sample_rate → "0.1" (strings, like APM Server)
    QString etag;                  // computed from the settings when not given

    bool operator==(const AgentConfigEntry&) const = default;
};

// The agent-configuration store `/config/v1/agents` answers from (loadable with --agent-config).
// File format: a JSON array (or {"configs": [...]}) of
//   {"service": {"name": "checkout", "environment": "production"}, "agent_name": "nodejs",
//    "settings": {"transaction_sample_rate": "0.2"}, "etag": "optional"}
class AgentConfigStore
{
public:
    static Core::Result<AgentConfigStore> load(const QString& path);
    static Core::Result<AgentConfigStore> fromJson(const QByteArray& json, const QString& sourceName = {});
    QByteArray toJson() const;

    void setEntries(QList<AgentConfigEntry> entries);
    QList<AgentConfigEntry> entries() const;
    // Exact service + environment first, then the service's entry without environment.
    std::optional<AgentConfigEntry> find(const QString& serviceName, const QString& environment) const;

    static QString computeEtag(const QMap<QString, QString>& settings);

    AgentConfigStore() = default;
    AgentConfigStore(const AgentConfigStore& other);
    AgentConfigStore& operator=(const AgentConfigStore& other);

private:
    mutable std::mutex m_mutex;
    QList<AgentConfigEntry> m_entries;
};

} // namespace Intake
