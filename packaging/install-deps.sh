#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: APM Gatekeeper contributors
#
# Installs every Debian package APM Gatekeeper needs to build, run and test.
# Idempotent: only missing packages are installed, so a second run takes well under a second.
# Works as root without a TTY (CI); as a normal user it uses sudo.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

PKGS=(
  # toolchain (dpkg-dev + file for CPack's dpkg-shlibdeps)
  cmake ninja-build g++ pkg-config ccache dpkg-dev file
  # Qt 6.4 and the libraries the core links
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
  qtkeychain-qt6-dev libsecret-1-0 libssl-dev libyaml-cpp-dev zlib1g-dev libhttp-parser-dev libdtl-dev
  # runtime and tests: headless X, fonts, D-Bus + Secret Service, real clients
  xvfb xauth fonts-dejavu-core dbus gnome-keyring libsecret-tools curl openssl
  # the RUM agent's test runs in headless Chromium (driven by playwright-core from npm)
  chromium
  # the doctor's tests run a real nginx (plain HTTP on a TLS URL, CORS headers missing)
  nginx
)
# Extra groups a caller can ask for: install-deps.sh [--fuzz] [--bench]
for arg in "$@"; do
  case "$arg" in
    --fuzz) PKGS+=(clang libclang-rt-14-dev) ;;
    --bench) PKGS+=(wrk nginx golang-go) ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]})) || exit 0

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps.sh: run as root or install sudo" >&2; exit 1; }
  SUDO=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
t0=$SECONDS
"${SUDO[@]}" apt-get update -qq
log=$(mktemp)
if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"; exit 1
fi
grep -E '^(Need to get|After this)' "$log" || true
rm -f "$log"
echo "install-deps: done in $((SECONDS - t0)) s"
