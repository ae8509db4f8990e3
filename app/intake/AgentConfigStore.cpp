// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/AgentConfigStore.h"

#include "core/AtomicFile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Intake {

AgentConfigStore::AgentConfigStore(const AgentConfigStore& other) : m_entries(other.entries()) {}

AgentConfigStore& AgentConfigStore::operator=(const AgentConfigStore& other)
{
    if (this != &other)
        setEntries(other.entries());
    return *this;
}

QString AgentConfigStore::computeEtag(const QMap<QString, QString>& settings)
{
    QJsonObject o;
    for (auto it = settings.cbegin(); it != settings.cend(); ++it)
        o.insert(it.key(), it.value());
    return QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(o).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
            .toHex()
            .left(32));
}

Core::Result<AgentConfigStore> AgentConfigStore::load(const QString& path)
{
    auto data = Core::readFile(path, 16 * 1024 * 1024);
    if (!data)
        return data.error();
    return fromJson(*data, path);
}

Core::Result<AgentConfigStore> AgentConfigStore::fromJson(const QByteArray& json, const QString& sourceName)
{
    auto tr = [](const char* s) { return QCoreApplication::translate("Intake::AgentConfigStore", s); };
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError)
        return Core::makeError(QStringLiteral("agentconfig.parse"),
                               tr("%1 is not valid JSON: %2 at offset %3.").arg(sourceName, pe.errorString()).arg(pe.offset));
    QJsonArray array;
    if (doc.isArray())
        array = doc.array();
    else if (doc.isObject() && doc.object().value(QStringLiteral("configs")).isArray())
        array = doc.object().value(QStringLiteral("configs")).toArray();
    else
        return Core::makeError(QStringLiteral("agentconfig.shape"),
                               tr("%1 must hold a JSON array of agent configurations.").arg(sourceName), {},
                               tr("Write [{\"service\": {\"name\": \"…\"}, \"settings\": {…}}]."));
    QList<AgentConfigEntry> entries;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject o = array.at(i).toObject();
        AgentConfigEntry e;
        const QJsonObject service = o.value(QStringLiteral("service")).toObject();
        e.serviceName = service.value(QStringLiteral("name")).toString();
        e.environment = service.value(QStringLiteral("environment")).toString();
        e.agentName = o.value(QStringLiteral("agent_name")).toString();
        if (e.serviceName.isEmpty())
            return Core::makeError(QStringLiteral("agentconfig.service"),
                                   tr("Entry %1 of %2 has no service.name.").arg(i + 1).arg(sourceName));
        const QJsonObject settings = o.value(QStringLiteral("settings")).toObject();
        for (auto it = settings.begin(); it != settings.end(); ++it) {
            // APM Server's settings are strings on the wire; numbers and booleans are converted.
            const QJsonValue v = it.value();
            e.settings.insert(it.key(), v.isString() ? v.toString()
                                        : v.isBool() ? (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                                                     : QString::number(v.toDouble()));
        }
        e.etag = o.value(QStringLiteral("etag")).toString();
        if (e.etag.isEmpty())
            e.etag = computeEtag(e.settings);
        entries.append(e);
    }
    AgentConfigStore store;
    store.setEntries(entries);
    return store;
}

QByteArray AgentConfigStore::toJson() const
{
    QJsonArray array;
    for (const AgentConfigEntry& e : entries()) {
        QJsonObject service{{QStringLiteral("name"), e.serviceName}};
        if (!e.environment.isEmpty())
            service.insert(QStringLiteral("environment"), e.environment);
        QJsonObject settings;
        for (auto it = e.settings.cbegin(); it != e.settings.cend(); ++it)
            settings.insert(it.key(), it.value());
        QJsonObject o{{QStringLiteral("service"), service}, {QStringLiteral("settings"), settings},
                      {QStringLiteral("etag"), e.etag}};
        if (!e.agentName.isEmpty())
            o.insert(QStringLiteral("agent_name"), e.agentName);
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

void AgentConfigStore::setEntries(QList<AgentConfigEntry> entries)
{
    std::lock_guard lock(m_mutex);
    m_entries = std::move(entries);
}

QList<AgentConfigEntry> AgentConfigStore::entries() const
{
    std::lock_guard lock(m_mutex);
    return m_entries;
}

std::optional<AgentConfigEntry> AgentConfigStore::find(const QString& serviceName, const QString& environment) const
{
    std::lock_guard lock(m_mutex);
    for (const AgentConfigEntry& e : m_entries) {
        if (e.serviceName == serviceName && e.environment == environment)
            return e;
    }
    for (const AgentConfigEntry& e : m_entries) {
        if (e.serviceName == serviceName && e.environment.isEmpty())
            return e;
    }
    return std::nullopt;
}

} // namespace Intake
