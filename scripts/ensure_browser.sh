#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing and we may (root).
# Without root it says so; the browser tests then skip, except under CI=true where they fail.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
else
  echo "Chromium is missing and this user cannot install it (needs root and apt-get):"
  echo "browser tests will be skipped (they fail under CI=true)."
fi
