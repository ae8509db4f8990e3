#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: APM Gatekeeper contributors
#
# README command (2): install what is missing, build, and run the whole test suite.
#   packaging/test.sh [PRESET]      PRESET: dev (default), release or asan
# GUI tests run offscreen; keychain tests run against a real Secret Service: gnome-keyring,
# unlocked with a throwaway password, on a private D-Bus session that ends with the run.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-dev}
./packaging/install-deps.sh
./packaging/install-node-deps.sh
./packaging/build.sh "$preset"

export QT_QPA_PLATFORM=offscreen REQUIRE_SECRET_SERVICE=1
timeout_s=${GATEKEEPER_TEST_TIMEOUT:-2400}
timeout "$timeout_s" dbus-run-session -- ./packaging/with-keyring.sh \
  ctest --preset "$preset" --output-on-failure --parallel "$(nproc)"
