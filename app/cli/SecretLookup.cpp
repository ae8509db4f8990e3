// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/SecretLookup.h"

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
