// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "core/Logging.h"

Q_LOGGING_CATEGORY(lcConfig, "gatekeeper.config")
Q_LOGGING_CATEGORY(lcCli, "gatekeeper.cli")
Q_LOGGING_CATEGORY(lcUi, "gatekeeper.ui")
Q_LOGGING_CATEGORY(lcIntake, "gatekeeper.intake")
Q_LOGGING_CATEGORY(lcTls, "gatekeeper.tls")
Q_LOGGING_CATEGORY(lcSecrets, "gatekeeper.secrets")
