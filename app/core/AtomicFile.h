// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QFileDevice>
#include <QString>

namespace Core {

struct WriteOptions
{
    bool keepBackup = true;                        // copy the previous file to "<path>.bak" first
    std::optional<QFileDevice::Permissions> mode;  // e.g. 0600 for private keys
};

// Writes `data` to `path` atomically (QSaveFile: the old file stays intact until the new one is
// complete) and, when the file existed, keeps the previous version as "<path>.bak".
Result<void> writeFileAtomically(const QString& path, const QByteArray& data, const WriteOptions& options = {});

// Reads a whole file, with a message that names the file and the problem.
Result<QByteArray> readFile(const QString& path, qint64 maxBytes = 64 * 1024 * 1024);

} // namespace Core
