// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "secrets/SecretKeeper.h"

#include "config/SecretReference.h"

#include <QCoreApplication>
#include <QTimer>

#include <memory>

namespace Secrets {

SecretKeeper::SecretKeeper(SecretStore* store, QString dataDir, QObject* parent)
    : QObject(parent), m_store(store), m_index(std::move(dataDir))
{
}

QStringList SecretKeeper::referencesIn(const Config::ApmServerYaml& yaml)
{
    QStringList names;
    auto consider = [&names](const QString& value) {
        if (const auto ref = Config::SecretReference::parse(value); ref && !names.contains(ref->name))
            names << ref->name;
    };
    for (const Config::YamlEntry& e : yaml.entries()) {
        if (e.value.kind == Config::YamlValue::Kind::Scalar)
            consider(e.value.scalar);
        else if (e.value.kind == Config::YamlValue::Kind::List)
            for (const QString& v : e.value.list)
                consider(v);
    }
    return names;
}

void SecretKeeper::store(const QString& name, QByteArrayView value, const QString& document, DoneCallback done)
{
    m_store->write(name, value, [this, name, document, done = std::move(done)](Core::Result<void> r) {
        if (!r) {
            done(r);
            return;
        }
        // The index is written only after the keychain holds the value, so it never lists a name
        // that has no entry because the keychain refused it.
        done(m_index.add(name, document));
    });
}

void SecretKeeper::forget(const QString& name, DoneCallback done)
{
    m_store->remove(name, [this, name, done = std::move(done)](Core::Result<void> r) {
        const bool notInStore = !r && r.error().code == QLatin1String(kErrorNotFound);
        if (!r && !notInStore) {
            done(r);
            return;
        }
        auto removed = m_index.remove(name);
        if (!removed) {
            done(removed.error());
            return;
        }
        if (notInStore && !*removed) {
            done(r);
            return;
        }
        done({});
    });
}

void SecretKeeper::forgetDocument(const QString& document, ForgetCallback done)
{
    auto orphaned = m_index.detachDocument(document);
    if (!orphaned) {
        QTimer::singleShot(0, this, [done = std::move(done), e = orphaned.error()] { done(e); });
        return;
    }
    // Remove one after another; names the keychain no longer has are forgotten all the same.
    struct State
    {
        QStringList pending;
        QStringList forgotten;
        ForgetCallback done;
    };
    auto state = std::make_shared<State>(State{*orphaned, {}, std::move(done)});
    auto next = std::make_shared<std::function<void()>>();
    *next = [this, state, next] {
        if (state->pending.isEmpty()) {
            state->done(state->forgotten);
            *next = nullptr; // break the self-reference
            return;
        }
        const QString name = state->pending.takeFirst();
        forget(name, [state, next, name](Core::Result<void> r) {
            if (!r && r.error().code != QLatin1String(kErrorNotFound)) {
                state->done(r.error());
                *next = nullptr;
                return;
            }
            state->forgotten << name;
            (*next)();
        });
    };
    QTimer::singleShot(0, this, [next] { (*next)(); });
}

void SecretKeeper::readAll(const QStringList& names, ResolveCallback done)
{
    struct State
    {
        QStringList pending;
        SecretMap found;
        QList<Core::Error> problems;
        ResolveCallback done;
    };
    auto state = std::make_shared<State>();
    state->pending = names;
    state->pending.removeDuplicates();
    state->done = std::move(done);
    auto next = std::make_shared<std::function<void()>>();
    *next = [this, state, next] {
        if (state->pending.isEmpty()) {
            state->done(std::move(state->found), state->problems);
            *next = nullptr;
            return;
        }
        const QString name = state->pending.takeFirst();
        m_store->read(name, [state, next, name](Core::Result<ApiKeys::Secret> r) {
            if (r) {
                state->found.emplace(name, std::move(r).value());
            } else if (r.error().code != QLatin1String(kErrorNotFound)) {
                state->problems << r.error();
                // An unavailable store stays unavailable for the other names: ask once.
                if (r.error().code == QLatin1String(kErrorUnavailable))
                    state->pending.clear();
            }
            (*next)();
        });
    };
    QTimer::singleShot(0, this, [next] { (*next)(); });
}

} // namespace Secrets
