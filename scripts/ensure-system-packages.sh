#!/usr/bin/env bash
# Debian packages the test suite needs beyond Python: WeasyPrint's font subsetting
# (libharfbuzz-subset0), pdftotext to read PDFs back (poppler-utils), gettext for the catalogue,
# Chromium for the browser journeys. Installs only what is missing.
set -euo pipefail
wanted=(libharfbuzz-subset0 poppler-utils gettext chromium fonts-dejavu-core)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then echo "Missing Debian packages (need root to install): ${missing[*]}" >&2; exit 1; fi
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
