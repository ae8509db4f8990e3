// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QString>


namespace Intake {

// The Authorization header as APM Server splits it (reference §3.2): at the *first* space, scheme
// compared case-sensitively later. No space, or a space at index 0, means "no credentials".
struct AuthorizationHeader
{
    QByteArray scheme; // empty: absent or unparseable
    QByteArray token;  // everything after the first space, verbatim

    static AuthorizationHeader parse(const QByteArray& firstHeaderValue);
};

} // namespace Intake
