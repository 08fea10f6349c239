#!/usr/bin/env bash
# Headless Chromium for the end-to-end tests, chart images and PDF briefs, and the cairo library that
# turns the SVG maps into PNG (cairosvg) - Debian packages.
set -euo pipefail
has_cairo() {
  ldconfig -p 2>/dev/null | grep -q "libcairo.so.2 " || [ -e /usr/lib/x86_64-linux-gnu/libcairo.so.2 ] \
    || [ -e /usr/lib/aarch64-linux-gnu/libcairo.so.2 ]
}
if [ -x /usr/bin/chromium ] && has_cairo; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: /usr/bin/chromium or libcairo2 is missing; install them (Debian/Ubuntu: apt-get install chromium chromium-driver libcairo2)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "Installing Chromium and cairo from the Debian packages..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  chromium chromium-driver libcairo2 fonts-dejavu-core fonts-liberation >/dev/null
/usr/bin/chromium --version
