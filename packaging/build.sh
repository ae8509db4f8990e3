#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: APM Gatekeeper contributors
#
# Configures and builds one CMake preset (dev, release or asan). Used by run.sh and test.sh.
# In CI (CI=true) warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
if [ "${CI:-}" = "true" ] || [ "${GATEKEEPER_WERROR:-}" = "ON" ]; then
  export GATEKEEPER_WERROR=ON
else
  export GATEKEEPER_WERROR=OFF
fi
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --parallel "$(nproc)"
