// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/ApmServerYaml.h"
#include "config/ServerSettings.h"
#include "config/SettingsSchema.h"

#include <QList>
#include <QString>

#include <optional>

namespace Config {

// A value in the file that APM Server could not read as its key's type (a start-up error there).
struct ReadIssue
{
    QString key;      // full dotted key
    QString message;  // what is wrong and what was expected
    int line = 0;
};

struct SettingsReadResult
{
    ServerSettings settings;
    QList<ReadIssue> issues;
};

// Reads every managed key of the document into ServerSettings (reference §7), recording which
// keys were written at all. Values of the wrong type become ReadIssues, not crashes.
SettingsReadResult readSettings(const ApmServerYaml& yaml);

// Converts a YAML value to a key's type; nullopt plus `error` when it does not fit.
using SettingValue = std::variant<std::monostate, bool, qint64, QString, Duration, QStringList, HeaderMap>;
SettingValue convertValue(const KeyInfo& key, const YamlValue& value, QString* error);
YamlValue toYamlValue(const KeyInfo& key, const SettingValue& value);

// The value of a key in settings (std::monostate when not set).
SettingValue settingValue(const ServerSettings& settings, const KeyInfo& key);
void setSettingValue(ServerSettings& settings, const KeyInfo& key, const SettingValue& value);
// Human-readable text of a value, as YAML flow text ("[a, b]", "30s", "true").
QString formatValue(const SettingValue& value);

// Writes into `yaml` every managed key whose value differs between `before` and `after`
// (set → ApmServerYaml::set, unset → remove), so untouched keys keep their original text.
Core::Result<void> applySettings(ApmServerYaml& yaml, const ServerSettings& before, const ServerSettings& after);

} // namespace Config
