// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/EffectiveSettings.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

class QTemporaryDir;
namespace Intake {
class IntakeServer;
}

namespace TestSupport {

// The shipped apm-server.yml fixtures (../shared/fixtures/apm-server-yml/<name>).
QString fixturePath(const QString& name);
QByteArray readFixture(const QString& name);
// Writes `content` to dir/name (fatal when it cannot) and returns the path.
QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content);
// A file under tests/data.
QString dataPath(const QString& name);
// Event loops the stub tests serve with: GATEKEEPER_TEST_STUB_WORKERS (CTest runs the stub tests
// once more with 2), else 1.
int stubWorkers();
// The stub serving the document `yaml` on 127.0.0.1 (a free port) as `profile`, with the secret
// token's resolved value as `serve` passes it; a document or start failure ends the test binary.
std::unique_ptr<Intake::IntakeServer> serveDocument(const QByteArray& yaml, const QString& secretToken = {},
                                                   Config::Profile profile = Config::Profile::V8_19);

// The child of `parent` named `name`; a missing one ends the test binary with its name (a renamed
// object name in a .ui file is a test bug, not a failure to report row by row).
template <typename T>
T* requireChild(const QObject* parent, const char* name)
{
    T* child = parent->findChild<T*>(QLatin1String(name));
    if (!child)
        qFatal("no child named %s", name);
    return child;
}

} // namespace TestSupport
