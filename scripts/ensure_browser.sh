#!/usr/bin/env bash
# What the browser tests need: Debian's Chromium and axe-core (npm, pinned in tests/browser/).
# Installs what is missing when it may (root for apt-get); otherwise it says so and the browser
# tests skip with that reason, except under CI=true where they fail.
set -euo pipefail
cd "$(dirname "$0")/.."

can_apt() { [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; }
APT_UPDATED=
apt_install() {
  if [ -z "$APT_UPDATED" ]; then apt-get update -q >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}

# Chromium: Playwright's own browser download cannot work here.
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if can_apt; then
    echo "Installing Debian's chromium for the browser tests..."
    apt_install chromium
  else
    echo "Chromium is missing and this user cannot install it (needs root and apt-get):"
    echo "browser tests will be skipped (they fail under CI=true)."
  fi
fi

# axe-core for the accessibility checks, at the version package-lock.json pins.
AXE_DIR=tests/browser
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
  if ! command -v npm >/dev/null 2>&1 && can_apt; then
    echo "Installing Debian's npm to fetch axe-core for the accessibility tests..."
    apt_install npm
  fi
  if command -v npm >/dev/null 2>&1; then
    echo "Installing axe-core for the accessibility tests (npm ci in $AXE_DIR)..."
    npm ci --prefix "$AXE_DIR" --no-audit --no-fund --loglevel=error
  else
    echo "npm is missing and this user cannot install it (needs root and apt-get):"
    echo "accessibility tests will be skipped (they fail under CI=true)."
  fi
fi
