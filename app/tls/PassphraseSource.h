// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"
#include "core/SecretBuffer.h"

#include <QString>

namespace Tls {

// Where a key passphrase comes from. Never a command-line argument (it would show in the process
// list and shell history): the environment now, the OS keychain through another implementation.
class PassphraseSource
{
public:
    virtual ~PassphraseSource() = default;
    // The passphrase, or an error naming the source (never the secret).
    virtual Core::Result<Core::SecretBuffer> read() const = 0;
    // "environment variable APM_KEY_PASS", for messages and for ${NAME} references.
    virtual QString description() const = 0;
    // The name to write as ssl.key_passphrase: ${NAME}.
    virtual QString referenceName() const = 0;
};

class EnvironmentPassphrase : public PassphraseSource
{
public:
    explicit EnvironmentPassphrase(QString variable) : m_variable(std::move(variable)) {}
    Core::Result<Core::SecretBuffer> read() const override;
    QString description() const override;
    QString referenceName() const override { return m_variable; }

private:
    QString m_variable;
};

} // namespace Tls
