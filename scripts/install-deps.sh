#!/usr/bin/env bash
# Install what cancu needs to build and test, from Debian 12's packages.
# Does nothing when everything is already there; safe to run again.
# --build-only leaves out what only the tests need (the browser suite's
# Chromium, its driver and Selenium), as the demo does.
set -euo pipefail

build_only=0
if [ "${1:-}" = --build-only ]; then build_only=1; fi

packages=(
  build-essential cmake pkg-config
  libtesseract-dev libleptonica-dev tesseract-ocr-vie
  libpoppler-glib-dev libcairo2-dev
  libxapian-dev libzip-dev libxml2-dev libpcre2-dev libicu-dev
  libjansson-dev libcsv-dev libical-dev libgsf-1-dev check
  libmicrohttpd-dev curl
  gettext
  jq clang-format icu-devtools python3
  clang libclang-rt-14-dev
  libpoppler-glib-dev poppler-utils
)
# The browser suite (tests/browser/): headless Chromium driven by Selenium.
test_packages=(chromium chromium-driver python3-selenium)
if ((!build_only)); then packages+=("${test_packages[@]}"); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
      grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  echo "installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi
