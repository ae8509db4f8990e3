// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "core/AtomicFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace Core {

Result<void> writeFileAtomically(const QString& path, const QByteArray& data, const WriteOptions& options)
{
    const QFileInfo info(path);
    if (options.keepBackup && info.exists()) {
        // The backup is written atomically too, so a crash never leaves a half-written .bak.
        QFile current(path);
        if (!current.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("file.unreadable"),
                             QCoreApplication::translate("Core::AtomicFile", "Cannot read %1 to back it up.").arg(path),
                             current.errorString());
        const QByteArray previous = current.readAll();
        QSaveFile backup(path + QStringLiteral(".bak"));
        if (!backup.open(QIODevice::WriteOnly) || backup.write(previous) != previous.size() || !backup.commit())
            return makeError(
                QStringLiteral("file.backup"),
                QCoreApplication::translate("Core::AtomicFile", "Cannot write the backup %1.bak.").arg(path),
                backup.errorString(),
                QCoreApplication::translate("Core::AtomicFile", "Check that the folder is writable."));
        // The backup keeps the original's permissions (a key's backup stays private).
        QFile::setPermissions(path + QStringLiteral(".bak"), current.permissions());
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(
            QStringLiteral("file.unwritable"),
            QCoreApplication::translate("Core::AtomicFile", "Cannot write %1.").arg(path), file.errorString(),
            QCoreApplication::translate("Core::AtomicFile", "Check that the folder exists and is writable."));
    if (options.mode)
        file.setPermissions(*options.mode);
    if (file.write(data) != data.size()) {
        file.cancelWriting();
        return makeError(QStringLiteral("file.unwritable"),
                         QCoreApplication::translate("Core::AtomicFile", "Cannot write %1.").arg(path),
                         file.errorString());
    }
    if (!file.commit())
        return makeError(QStringLiteral("file.unwritable"),
                         QCoreApplication::translate("Core::AtomicFile", "Cannot save %1.").arg(path),
                         file.errorString(),
                         QCoreApplication::translate("Core::AtomicFile", "Check free disk space and permissions."));
    if (options.mode)
        QFile::setPermissions(path, *options.mode);
    return {};
}

Result<QByteArray> readFile(const QString& path, qint64 maxBytes)
{
    QFile file(path);
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(QStringLiteral("file.missing"),
                         QCoreApplication::translate("Core::AtomicFile", "The file %1 does not exist.").arg(path), {},
                         QCoreApplication::translate("Core::AtomicFile", "Check the path."));
    if (info.isDir())
        return makeError(QStringLiteral("file.isdir"),
                         QCoreApplication::translate("Core::AtomicFile", "%1 is a folder, not a file.").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("file.unreadable"),
                         QCoreApplication::translate("Core::AtomicFile", "Cannot read %1.").arg(path),
                         file.errorString(),
                         QCoreApplication::translate("Core::AtomicFile", "Check the file's permissions."));
    if (file.size() > maxBytes)
        return makeError(
            QStringLiteral("file.toolarge"),
            QCoreApplication::translate("Core::AtomicFile", "%1 is too large (%2 bytes).").arg(path).arg(file.size()));
    return file.readAll();
}

} // namespace Core
