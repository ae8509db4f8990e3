#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: APM Gatekeeper contributors
#
# Runs a command with an unlocked, throwaway gnome-keyring on the current (private) D-Bus
# session: a fresh keyring folder, so no stale password can lock it, and no DISPLAY, so no
# password prompt can block a test.
set -euo pipefail
XDG_RUNTIME_DIR="$(mktemp -d)"
XDG_DATA_HOME="$(mktemp -d)"
export XDG_RUNTIME_DIR XDG_DATA_HOME
chmod 700 "$XDG_RUNTIME_DIR"
trap 'rm -rf "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"' EXIT
unset DISPLAY WAYLAND_DISPLAY
printf '%s' 'throwaway-test-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
