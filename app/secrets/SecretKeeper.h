// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/ApmServerYaml.h"
#include "secrets/SecretIndex.h"
#include "secrets/SecretStore.h"

#include <QObject>
#include <QPointer>

#include <map>

namespace Secrets {

// Resolved `${NAME}` values, held in wiped buffers.
using SecretMap = std::map<QString, ApiKeys::Secret>;

// The store plus the index of what the app put in it: storing records the name (and the
// document using it), forgetting removes both, and forgetDocument() removes every entry only that
// document used. Asynchronous like the store; callbacks run from the event loop.
class SecretKeeper : public QObject
{
    Q_OBJECT

public:
    using DoneCallback = SecretStore::DoneCallback;
    using ForgetCallback = std::function<void(Core::Result<QStringList> forgotten)>;
    using ResolveCallback = std::function<void(SecretMap found, QList<Core::Error> problems)>;

    SecretKeeper(SecretStore* store, QString dataDir, QObject* parent = nullptr);

    // The `${NAME}` references a document's values use, in document order, each once.
    static QStringList referencesIn(const Config::ApmServerYaml& yaml);

    SecretStore* store() const { return m_store; }
    SecretIndex& index() { return m_index; }

    // Stores `value` under `name` and records it in the index (with `document` when given).
    void store(const QString& name, QByteArrayView value, const QString& document, DoneCallback done);
    // Removes the entry from the keychain and the index; kErrorNotFound when neither had it.
    void forget(const QString& name, DoneCallback done);
    // Removes every entry that only `document` referenced; reports the names removed.
    void forgetDocument(const QString& document, ForgetCallback done);
    // Reads each name from the store (names the store does not have are left out; other failures
    // are reported as problems, once each).
    void readAll(const QStringList& names, ResolveCallback done);

private:
    QPointer<SecretStore> m_store;
    SecretIndex m_index;
};

} // namespace Secrets
