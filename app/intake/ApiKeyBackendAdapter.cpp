// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "intake/ApiKeyBackendAdapter.h"

namespace Intake {

ApiKeyBackendAdapter::ApiKeyBackendAdapter(const QString& dataDir) : m_registry(dataDir) {}

ApiKeyBackend::Answer ApiKeyBackendAdapter::check(const QString& id, QByteArrayView secret)
{
    const auto v = m_registry.verify(id, secret);
    if (!v)
        return {Status::Unavailable, {}, v.error().message};
    Answer a;
    a.detail = ApiKeys::verifyOutcomeName(v->outcome);
    if (!v->isValid()) {
        a.status = Status::Rejected;
        return a;
    }
    a.status = Status::Valid;
    for (const Config::Privilege p : v->key->privileges)
        a.privileges.insert(p);
    return a;
}

} // namespace Intake
