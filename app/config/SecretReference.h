// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QString>

#include <functional>
#include <optional>

namespace Config {

// `${NAME}` (and libbeat's `${NAME:default}`) references: secrets are written into
// apm-server.yml as references; APM Server resolves them from its keystore or the environment.
struct SecretReference
{
    QString name;
    std::optional<QString> defaultValue;

    // The whole value must be one reference; "${A}x" is not one.
    static std::optional<SecretReference> parse(const QString& value);
    static bool isReference(const QString& value) { return parse(value).has_value(); }
    static bool isValidName(const QString& name);
    QString toString() const;
};

// Looks a reference's value up: returns nullopt when unknown. The stub resolves from the
// environment first, then the keychain (secrets issue).
using SecretLookup = std::function<std::optional<QString>(const QString& name)>;

// Resolves `value` when it is a reference (lookup, then the default); plain values pass through.
// nullopt when a reference cannot be resolved.
std::optional<QString> resolveSecret(const QString& value, const SecretLookup& lookup);

// Environment-variable lookup (qEnvironmentVariable), the first source APM Server itself uses.
std::optional<QString> lookupEnvironment(const QString& name);

} // namespace Config
