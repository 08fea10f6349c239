#!/usr/bin/env bash
# Headless Chromium for the end-to-end tests, chart images and PDF briefs (Debian packages).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: /usr/bin/chromium is missing; install Chromium (Debian/Ubuntu: apt-get install chromium chromium-driver)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "Installing Chromium from the Debian packages..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  chromium chromium-driver fonts-dejavu-core fonts-liberation >/dev/null
/usr/bin/chromium --version
