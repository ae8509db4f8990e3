// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "apikeys/ApiKeyRegistry.h"
#include "intake/ApiKeyAuth.h"

namespace Intake {

// The stub's "Elasticsearch" for API keys: the local registry (app/apikeys). An unreadable
// registry plays an unreachable Elasticsearch (503, §3.4).
class ApiKeyBackendAdapter : public ApiKeyBackend
{
public:
    explicit ApiKeyBackendAdapter(const QString& dataDir);
    Answer check(const QString& id, QByteArrayView secret) override;

private:
    ApiKeys::ApiKeyRegistry m_registry;
};

} // namespace Intake
