// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QObject>
#include <QStringList>

// The most recently opened or saved documents, newest first, kept in QSettings ("recentFiles").
class RecentFiles : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxFiles = 10;

    explicit RecentFiles(QObject* parent = nullptr);

    // Absolute paths, newest first (at most kMaxFiles).
    QStringList files() const { return m_files; }
    // Puts a path first (absolute, de-duplicated) and stores the list.
    void add(const QString& path);
    // Drops one path (e.g. a file that no longer exists).
    void remove(const QString& path);
    void clear();

signals:
    void changed();

private:
    void store();

    QStringList m_files;
};
