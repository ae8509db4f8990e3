// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QStringList>

class QTextStream;

namespace Cli {

// `apm-gatekeeper secret set|get|delete|list|forget …` (args start after "secret"): the OS
// keychain entries the document's `${NAME}` references resolve to. Values come from standard
// input, never from the command line. Exit: 0 ok, 1 not found, 2 usage, 3 no secure store or
// unreadable index/document.
int runSecretCommand(const QStringList& args, QTextStream& out, QTextStream& err);

// `apm-gatekeeper token generate [--name NAME] [--config FILE] [--bytes N]`: a new secret token
// in the keychain; prints only its `${NAME}` reference.
int runTokenCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace Cli
