#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: APM Gatekeeper contributors
#
# Installs the real agents the integration tests drive (tests/integration/node, npm ci from the
# committed lock file). Quick when nothing changed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# playwright-core drives Debian's /usr/bin/chromium (packaging/install-deps.sh); never a downloaded browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Node.js and npm: the machine's own when present, else Debian's.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  SUDO=(); [ "$(id -u)" -eq 0 ] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends nodejs npm >/dev/null
fi
cd "$(dirname "$0")/../tests/integration/node"
stamp=node_modules/.gatekeeper-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "install-node-deps: npm ci in tests/integration/node"
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
