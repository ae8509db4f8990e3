// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "secrets/SecretIndex.h"

#include "core/AtomicFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>

#include <algorithm>

namespace Secrets {

namespace {

constexpr int kFormatVersion = 1;

} // namespace

SecretIndex::SecretIndex(QString dataDir) : m_dataDir(std::move(dataDir)) {}

QString SecretIndex::path() const
{
    return QDir(m_dataDir).filePath(QLatin1String(kFileName));
}

QString SecretIndex::normaliseDocument(const QString& document)
{
    if (document.isEmpty())
        return {};
    const QFileInfo info(document);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

template <typename F>
auto SecretIndex::locked(F&& f) const -> decltype(f())
{
    if (!QDir().mkpath(m_dataDir))
        return Core::makeError(
            QStringLiteral("secrets.index-unwritable"),
            QCoreApplication::translate("Secrets", "Cannot create the folder %1 for the secrets index.")
                .arg(m_dataDir));
    QLockFile lock(path() + QStringLiteral(".lock"));
    lock.setStaleLockTime(30000);
    if (!lock.tryLock(10000))
        return Core::makeError(
            QStringLiteral("secrets.index-locked"),
            QCoreApplication::translate("Secrets", "The secrets index %1 is locked by another process.").arg(path()),
            {},
            QCoreApplication::translate(
                "Secrets", "Wait for the other apm-gatekeeper to finish, or remove the stale .lock file."));
    return f();
}

Core::Result<QList<IndexEntry>> SecretIndex::load() const
{
    QList<IndexEntry> list;
    if (!QFileInfo::exists(path()))
        return list;
    auto bytes = Core::readFile(path(), 4 * 1024 * 1024);
    if (!bytes)
        return bytes.error();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &parseError);
    if (!doc.isObject() || doc.object().value(QStringLiteral("version")).toInt() != kFormatVersion)
        return Core::makeError(
            QStringLiteral("secrets.index-damaged"),
            QCoreApplication::translate("Secrets", "The secrets index %1 is damaged.").arg(path()),
            parseError.errorString(),
            QCoreApplication::translate("Secrets", "Restore it from %1.bak, or remove it (the keychain entries stay).")
                .arg(path()));
    for (const auto& v : doc.object().value(QStringLiteral("entries")).toArray()) {
        const QJsonObject o = v.toObject();
        IndexEntry e;
        e.name = o.value(QStringLiteral("name")).toString();
        for (const auto& d : o.value(QStringLiteral("documents")).toArray())
            e.documents << d.toString();
        e.created = QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODate);
        e.updated = QDateTime::fromString(o.value(QStringLiteral("updated")).toString(), Qt::ISODate);
        if (!e.name.isEmpty())
            list << e;
    }
    return list;
}

Core::Result<void> SecretIndex::save(const QList<IndexEntry>& entries) const
{
    QJsonArray array;
    for (const IndexEntry& e : entries)
        array.append(QJsonObject{{QStringLiteral("name"), e.name},
                                 {QStringLiteral("documents"), QJsonArray::fromStringList(e.documents)},
                                 {QStringLiteral("created"), e.created.toUTC().toString(Qt::ISODate)},
                                 {QStringLiteral("updated"), e.updated.toUTC().toString(Qt::ISODate)}});
    const QJsonObject root{{QStringLiteral("version"), kFormatVersion}, {QStringLiteral("entries"), array}};
    Core::WriteOptions options;
    options.mode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    return Core::writeFileAtomically(path(), QJsonDocument(root).toJson(QJsonDocument::Indented), options);
}

Core::Result<QList<IndexEntry>> SecretIndex::entries() const
{
    return locked([this]() -> Core::Result<QList<IndexEntry>> {
        auto list = load();
        if (list)
            std::sort(list->begin(), list->end(), [](const IndexEntry& a, const IndexEntry& b) { return a.name < b.name; });
        return list;
    });
}

Core::Result<void> SecretIndex::add(const QString& name, const QString& document)
{
    const QString doc = normaliseDocument(document);
    return locked([&]() -> Core::Result<void> {
        auto list = load();
        if (!list)
            return list.error();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto it = std::find_if(list->begin(), list->end(), [&](const IndexEntry& e) { return e.name == name; });
        if (it == list->end()) {
            list->append(IndexEntry{name, {}, now, now});
            it = list->end() - 1;
        }
        it->updated = now;
        if (!doc.isEmpty() && !it->documents.contains(doc))
            it->documents << doc;
        return save(*list);
    });
}

Core::Result<bool> SecretIndex::remove(const QString& name)
{
    return locked([&]() -> Core::Result<bool> {
        auto list = load();
        if (!list)
            return list.error();
        const auto removed = list->removeIf([&](const IndexEntry& e) { return e.name == name; });
        if (removed == 0)
            return false;
        if (auto r = save(*list); !r)
            return r.error();
        return true;
    });
}

Core::Result<QStringList> SecretIndex::detachDocument(const QString& document)
{
    const QString doc = normaliseDocument(document);
    return locked([&]() -> Core::Result<QStringList> {
        auto list = load();
        if (!list)
            return list.error();
        QStringList orphaned;
        bool changed = false;
        for (IndexEntry& e : *list) {
            if (e.documents.removeAll(doc) == 0)
                continue;
            changed = true;
            e.updated = QDateTime::currentDateTimeUtc();
            if (e.documents.isEmpty())
                orphaned << e.name;
        }
        if (changed) {
            if (auto r = save(*list); !r)
                return r.error();
        }
        std::sort(orphaned.begin(), orphaned.end());
        return orphaned;
    });
}

Core::Result<QStringList> SecretIndex::namesFor(const QString& document) const
{
    const QString doc = normaliseDocument(document);
    auto list = entries();
    if (!list)
        return list.error();
    QStringList names;
    for (const IndexEntry& e : *list)
        if (e.documents.contains(doc))
            names << e.name;
    return names;
}

} // namespace Secrets
