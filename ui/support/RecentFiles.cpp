// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "support/RecentFiles.h"

#include <QFileInfo>
#include <QSettings>

namespace {
const QString kSettingsKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QObject* parent) : QObject(parent)
{
    const QStringList stored = QSettings().value(kSettingsKey).toStringList();
    for (const QString& path : stored) {
        if (!path.isEmpty() && !m_files.contains(path) && m_files.size() < kMaxFiles)
            m_files.append(path);
    }
}

void RecentFiles::add(const QString& path)
{
    if (path.isEmpty())
        return;
    const QString abs = QFileInfo(path).absoluteFilePath();
    m_files.removeAll(abs);
    m_files.prepend(abs);
    while (m_files.size() > kMaxFiles)
        m_files.removeLast();
    store();
}

void RecentFiles::remove(const QString& path)
{
    if (m_files.removeAll(QFileInfo(path).absoluteFilePath()) > 0)
        store();
}

void RecentFiles::clear()
{
    if (m_files.isEmpty())
        return;
    m_files.clear();
    store();
}

void RecentFiles::store()
{
    QSettings().setValue(kSettingsKey, m_files);
    emit changed();
}
