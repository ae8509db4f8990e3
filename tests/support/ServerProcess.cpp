// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "ServerProcess.h"

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace TestSupport {

quint16 freeLoopbackPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

bool acceptsConnections(quint16 port, int timeoutMs)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    return s.waitForConnected(timeoutMs);
}

std::unique_ptr<QProcess> startListeningProcess(const QString& program, const QStringList& arguments, quint16 port)
{
    auto p = std::make_unique<QProcess>();
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->start(program, arguments);
    for (int i = 0; i < 60 && !acceptsConnections(port); ++i)
        QTest::qWait(50);
    return p;
}

std::unique_ptr<QProcess> startNginx(const QTemporaryDir& dir, const QString& serverBlocks, quint16 port)
{
    const QString d = dir.filePath(QStringLiteral("nginx-%1").arg(port));
    QDir().mkpath(d);
    const QByteArray conf =
        QStringLiteral("daemon off; master_process off; worker_processes 1; pid %1/nginx.pid; error_log %1/error.log;\n"
                       "events { worker_connections 64; }\n"
                       "http { access_log off; client_body_temp_path %1; proxy_temp_path %1; fastcgi_temp_path %1;\n"
                       "  uwsgi_temp_path %1; scgi_temp_path %1;\n%2\n}\n")
            .arg(d, serverBlocks)
            .toUtf8();
    const QString file = writeFile(dir, QStringLiteral("nginx-%1.conf").arg(port), conf);
    return startListeningProcess(QStringLiteral("/usr/sbin/nginx"), {QStringLiteral("-c"), file, QStringLiteral("-p"), d}, port);
}

QString nginxServerInfoLocation()
{
    return QStringLiteral("location = / { default_type application/json;\n"
                          "  return 200 '{\"build_date\":\"2025-01-01T00:00:00Z\",\"build_sha\":\"abc\",\"publish_ready\":true,"
                          "\"version\":\"8.19.0\"}'; }\n");
}

quint16 ChildServers::startSServer(const QStringList& extra)
{
    const quint16 port = freeLoopbackPort();
    m_processes.push_back(startListeningProcess(QStringLiteral("openssl"),
                                                QStringList{QStringLiteral("s_server"), QStringLiteral("-accept"),
                                                            QString::number(port), QStringLiteral("-www"), QStringLiteral("-quiet")} +
                                                    extra,
                                                port));
    return port;
}

quint16 ChildServers::startNginx(const QTemporaryDir& dir, const QString& serverBlocks)
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/nginx"))) {
        m_error = QStringLiteral("nginx is missing: run packaging/install-deps.sh");
        return 0;
    }
    const quint16 port = freeLoopbackPort();
    m_processes.push_back(TestSupport::startNginx(dir, serverBlocks.arg(port), port));
    return port;
}

void ChildServers::stopAll()
{
    for (auto& p : m_processes) {
        p->kill();
        p->waitForFinished(2000);
    }
    m_processes.clear();
}

} // namespace TestSupport
