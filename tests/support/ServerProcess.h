// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <vector>

// Servers that are not our stub (openssl s_server, nginx) run as child processes on loopback ports.
namespace TestSupport {

// A port on 127.0.0.1 nothing listens on right now.
quint16 freeLoopbackPort();
// Whether something accepts TCP connections on 127.0.0.1:port.
bool acceptsConnections(quint16 port, int timeoutMs = 200);
// Starts `program` (which listens on 127.0.0.1:port) and waits up to 3 s until it accepts; the
// caller checks acceptsConnections() to fail with its own message. Output is merged, for dumps.
std::unique_ptr<QProcess> startListeningProcess(const QString& program, const QStringList& arguments, quint16 port);
// Starts nginx in the foreground as this user, one worker, with its configuration, pid, logs and
// temporary files in a directory of `dir`, the given server blocks (listening on `port`) in its
// http block; waits as startListeningProcess() does.
std::unique_ptr<QProcess> startNginx(const QTemporaryDir& dir, const QString& serverBlocks, quint16 port);
// The APM-Server-like answer nginx gives to GET / in these tests (8.19.0, publish_ready).
QString nginxServerInfoLocation();

// The servers one test runs, stopped together (cleanup(), or when this goes away).
class ChildServers
{
public:
    ~ChildServers() { stopAll(); }
    // `openssl s_server -www -quiet` on a free port with the extra arguments; returns the port.
    quint16 startSServer(const QStringList& extra);
    // nginx on a free port; `serverBlocks` gets the port as %1. Returns the port, 0 when nginx is
    // not installed (error() says how to fix it).
    quint16 startNginx(const QTemporaryDir& dir, const QString& serverBlocks);
    void stopAll();
    QString error() const { return m_error; }

private:
    std::vector<std::unique_ptr<QProcess>> m_processes;
    QString m_error;
};

} // namespace TestSupport
