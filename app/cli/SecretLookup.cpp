// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/SecretLookup.h"

#include "apikeys/ApiKeyRegistry.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/SecretKeeper.h"

#include <QEventLoop>
#include <QTextStream>

#include <memory>

namespace Cli {

Core::Result<void> waitForStore(const std::function<void(std::function<void(Core::Result<void>)>)>& start)
{
    QEventLoop loop;
    std::optional<Core::Result<void>> result;
    start([&](Core::Result<void> r) {
        result = std::move(r);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

std::unique_ptr<Secrets::SecretStore> makeCliSecretStore()
{
    return std::make_unique<Secrets::KeychainSecretStore>();
}

Core::Result<Core::SecretBuffer> readFromKeychain(const QString& name)
{
    auto store = makeCliSecretStore();
    QEventLoop loop;
    std::optional<Core::Result<ApiKeys::Secret>> result;
    store->read(name, [&](Core::Result<ApiKeys::Secret> r) {
        result.emplace(std::move(r));
        loop.quit();
    });
    if (!result)
        loop.exec();
    if (!*result)
        return result->error();
    const QByteArrayView v = (*result)->view();
    // fromRawData: the buffer copies the bytes once, no unwiped temporary.
    return Core::SecretBuffer(QByteArray::fromRawData(v.data(), v.size()));
}

Core::Result<void> storeInKeychain(const QString& name, QByteArrayView value, const QString& document)
{
    auto store = makeCliSecretStore();
    Secrets::SecretKeeper keeper(store.get(), ApiKeys::ApiKeyRegistry::defaultDataDir());
    return waitForStore([&](auto done) { keeper.store(name, value, document, done); });
}

Config::SecretLookup environmentThenKeychain(const Config::ApmServerYaml& yaml, QTextStream& err)
{
    return environmentThenKeychain(Secrets::SecretKeeper::referencesIn(yaml), err);
}

Config::SecretLookup environmentThenKeychain(const QStringList& names, QTextStream& err)
{
    QStringList missing;
    for (const QString& name : names)
        if (!Config::lookupEnvironment(name))
            missing << name;
    auto found = std::make_shared<Secrets::SecretMap>();
    if (!missing.isEmpty()) {
        // Only when the environment leaves a reference open: a CLI run with every value exported
        // never touches (or waits for) the keychain.
        auto store = makeCliSecretStore();
        Secrets::SecretKeeper keeper(store.get(), QString());
        QEventLoop loop;
        bool finished = false;
        keeper.readAll(missing, [&](Secrets::SecretMap map, QList<Core::Error> problems) {
            *found = std::move(map);
            for (const Core::Error& e : problems) {
                err << "apm-gatekeeper: warning: cannot read " << missing.join(QStringLiteral(", "))
                    << " from the keychain: " << e.message;
                if (!e.detail.isEmpty())
                    err << " (" << e.detail << ")";
                err << "\n";
                if (!e.fix.isEmpty())
                    err << "  " << e.fix << "\n";
            }
            finished = true;
            loop.quit();
        });
        if (!finished)
            loop.exec();
    }
    return [found](const QString& name) -> std::optional<QString> {
        if (auto v = Config::lookupEnvironment(name))
            return v;
        const auto it = found->find(name);
        if (it == found->end())
            return std::nullopt;
        return QString::fromUtf8(it->second.view());
    };
}

} // namespace Cli
