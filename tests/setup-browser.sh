#!/usr/bin/env bash
# Install Debian's Chromium and chromedriver for the browser tests, only when
# they are missing (`npx playwright install` does not work here).
set -euo pipefail
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  sudo=""
  [[ "$(id -u)" != 0 ]] && sudo="sudo"
  $sudo apt-get update
  $sudo apt-get install -y chromium chromium-driver
fi
