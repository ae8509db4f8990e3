// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QTemporaryDir;

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
