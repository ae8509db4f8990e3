// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "TestSupport.h"

#include <QFile>

namespace TestSupport {

QString fixturePath(const QString& name)
{
    return QStringLiteral(GATEKEEPER_SHARED_DIR "/fixtures/apm-server-yml/") + name;
}

QByteArray readFixture(const QString& name)
{
    QFile f(fixturePath(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", qPrintable(fixturePath(name)));
    return f.readAll();
}

QString dataPath(const QString& name)
{
    return QStringLiteral(GATEKEEPER_SOURCE_DIR "/tests/data/") + name;
}

} // namespace TestSupport
