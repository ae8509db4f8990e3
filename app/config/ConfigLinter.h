// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/ApmServerYaml.h"
#include "config/EffectiveSettings.h"
#include "config/Finding.h"
#include "config/Profile.h"
#include "config/SettingsIo.h"

namespace Config {

// Everything a user can get wrong in apm-server.yml, from the reference and the troubleshooting
// cases. Reads the rules from EffectiveSettings; never re-derives them.
class ConfigLinter
{
public:
    // Lints a parsed document (settings are read from it; top-level keys outside apm-server are
    // checked too, e.g. an orphan `rum:` block).
    static QList<Finding> lint(const ApmServerYaml& yaml, Profile profile);
    // Lints settings without a document (no line numbers, no orphan-key checks).
    static QList<Finding> lint(const SettingsReadResult& read, Profile profile, const ApmServerYaml* yaml = nullptr);
};

} // namespace Config
