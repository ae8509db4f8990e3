// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace Secrets {

// One keychain entry the app created: its name and the documents that reference it. Never a value.
struct IndexEntry
{
    QString name;
    QStringList documents; // absolute paths of the apm-server.yml files that use ${name}
    QDateTime created;
    QDateTime updated;
};

// The list of keychain entries the app created, so "forget this document's secrets" can find
// them (keychains cannot be listed portably). Stored as <dataDir>/secrets-index.json (mode 0600,
// previous version as .bak) next to the API key registry. It holds names and document paths
// only: nothing in it is secret. Changes are read-modify-write under secrets-index.json.lock, so
// the CLI and the desktop application can share it.
class SecretIndex
{
public:
    static constexpr const char* kFileName = "secrets-index.json";

    explicit SecretIndex(QString dataDir);

    QString path() const;

    // Every entry, sorted by name. A missing file is an empty index.
    Core::Result<QList<IndexEntry>> entries() const;
    // Records that `name` was stored (for `document`, when given; relative paths are made absolute).
    Core::Result<void> add(const QString& name, const QString& document = {});
    // Drops the entry; true when there was one.
    Core::Result<bool> remove(const QString& name);
    // Takes `document` off every entry; returns the names no document references any more (the
    // entries themselves stay until remove()).
    Core::Result<QStringList> detachDocument(const QString& document);
    // The names whose entry lists `document`.
    Core::Result<QStringList> namesFor(const QString& document) const;

    static QString normaliseDocument(const QString& document);

private:
    Core::Result<QList<IndexEntry>> load() const;
    Core::Result<void> save(const QList<IndexEntry>& entries) const;
    template <typename F>
    auto locked(F&& f) const -> decltype(f());

    QString m_dataDir;
};

} // namespace Secrets
