// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "TestSupport.h"

#include "config/ApmServerYaml.h"
#include "config/SettingsIo.h"
#include "intake/IntakeServer.h"

#include <QFile>
#include <QTemporaryDir>

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

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(f.fileName()));
    return f.fileName();
}

QString dataPath(const QString& name)
{
    return QStringLiteral(GATEKEEPER_SOURCE_DIR "/tests/data/") + name;
}

int stubWorkers()
{
    const int n = qEnvironmentVariableIntValue("GATEKEEPER_TEST_STUB_WORKERS");
    return n > 0 ? n : 1;
}

std::unique_ptr<Intake::IntakeServer> serveDocument(const QByteArray& yaml, const QString& secretToken, Config::Profile profile)
{
    const auto parsed = Config::ApmServerYaml::parse(yaml);
    if (!parsed)
        qFatal("config: %s", qPrintable(parsed.error().toString()));
    Intake::Engine::Options options;
    options.effective = Config::derive(Config::readSettings(*parsed).settings, profile);
    options.secretToken = secretToken;
    auto server = std::make_unique<Intake::IntakeServer>();
    const auto started = server->start(options, QHostAddress::LocalHost, 0);
    if (!started)
        qFatal("cannot start the stub: %s", qPrintable(started.error().toString()));
    return server;
}

} // namespace TestSupport
