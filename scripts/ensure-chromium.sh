#!/usr/bin/env bash
# Installs Debian's headless Chromium for the browser tests when it is missing and we are root.
# Otherwise the browser tests skip themselves and say why.
set -u
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "note: /usr/bin/chromium is missing and you are not root: the browser tests will be skipped." >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: no apt-get to install chromium: the browser tests will be skipped." >&2
  exit 0
fi
echo "Installing chromium and chromium-driver from Debian's packages for the browser tests..." >&2
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver poppler-utils fonts-dejavu-core >/dev/null \
  || echo "note: installing chromium failed: the browser tests will be skipped." >&2
exit 0
