// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/StubOptions.h"

#include "intake/ApiKeyBackendAdapter.h"

#include <QCoreApplication>

namespace Intake {

Core::Result<Engine::Options> stubOptionsFor(const Config::EffectiveSettings& effective,
                                             const Config::SecretLookup& lookup, const QString& dataDir,
                                             std::shared_ptr<AgentConfigStore> agentConfig)
{
    if (!effective.canStart()) {
        const Config::StartupError& first = effective.startupErrors.constFirst();
        QStringList all;
        for (const Config::StartupError& e : effective.startupErrors)
            all << QStringLiteral("%1: %2 (%3)").arg(e.key, e.message, e.section);
        return Core::makeError(
            QString::fromLatin1(kStubRefusedCode),
            QCoreApplication::translate("Intake::StubOptions", "APM Server would not start: %1: %2")
                .arg(first.key, first.message),
            all.join(QStringLiteral("; ")),
            QCoreApplication::translate("Intake::StubOptions", "Fix the setting (see the Effective settings)."));
    }

    Engine::Options options;
    options.effective = effective;
    // ${NAME} references are resolved as APM Server resolves them (keystore/environment); an
    // unresolved reference must not silently turn into "no token", which would open the stub.
    if (!effective.secretToken.value.isEmpty()) {
        const auto token = Config::resolveSecret(effective.secretToken.value, lookup);
        if (!token || token->isEmpty()) {
            return Core::makeError(
                QString::fromLatin1(kStubSecretUnsetCode),
                QCoreApplication::translate("Intake::StubOptions", "%1 is not set").arg(effective.secretToken.value),
                QCoreApplication::translate("Intake::StubOptions", "apm-server.auth.secret_token refers to %1")
                    .arg(effective.secretToken.value),
                QCoreApplication::translate(
                    "Intake::StubOptions", "Export it in the environment (its value never goes on the command line)."));
        }
        options.secretToken = *token;
    }
    options.apiKeys = std::make_shared<ApiKeyBackendAdapter>(dataDir);
    options.agentConfig = agentConfig ? std::move(agentConfig) : std::make_shared<AgentConfigStore>();
    return options;
}

} // namespace Intake
