// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/ApmServerYaml.h"
#include "config/SecretReference.h"
#include "core/Result.h"
#include "core/SecretBuffer.h"

#include <functional>

class QTextStream;

namespace Secrets {
class SecretStore;
}

namespace Cli {

// Runs one asynchronous store call to completion. The CLI is synchronous, so it waits in an event
// loop at the top level of the command (never inside a store or a slot).
Core::Result<void> waitForStore(const std::function<void(std::function<void(Core::Result<void>)>)>& start);

// The lookup for a document's `${NAME}` references as the CLI resolves them: the environment
// first (as APM Server does), then the OS keychain. The keychain is asked only for names the
// environment does not set, once, before returning; when it is unavailable a warning naming the
// reason goes to `err` and only the environment is used.
Config::SecretLookup environmentThenKeychain(const Config::ApmServerYaml& yaml, QTextStream& err);
// The same for a list of names.
Config::SecretLookup environmentThenKeychain(const QStringList& names, QTextStream& err);

// Reads the value stored under `name` in the OS keychain (only there, not the environment).
Core::Result<Core::SecretBuffer> readFromKeychain(const QString& name);
// Stores `value` under `name` in the OS keychain and records it in the application's index (with
// `document` when given), as `secret set` does.
Core::Result<void> storeInKeychain(const QString& name, QByteArrayView value, const QString& document = QString());

// The store the CLI uses (the OS keychain under the application's service name).
std::unique_ptr<Secrets::SecretStore> makeCliSecretStore();

} // namespace Cli
