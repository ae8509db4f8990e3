#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: APM Gatekeeper contributors
#
# README command (1): install what is missing, build, and start APM Gatekeeper on its embedded
# default document. Without a display it says so and runs the headless self-check instead.
set -euo pipefail
cd "$(dirname "$0")/.."
./packaging/install-deps.sh
./packaging/build.sh release
app=build/release/apm-gatekeeper
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "run.sh: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open."
  echo "run.sh: running the headless self-check instead: $app selfcheck"
  exec "$app" selfcheck
fi
exec "$app" "$@"
