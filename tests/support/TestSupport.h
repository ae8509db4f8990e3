// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QByteArray>
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

} // namespace TestSupport
