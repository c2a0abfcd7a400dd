#!/usr/bin/env bash
# Installs everything defacewatch needs on Debian 12 with Node 20: Debian's Chromium (the headless
# shell is the fast capture path), CJK and Thai fonts so pages render as text, Tesseract OCR with the
# languages of the region, and the npm packages.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# python3, make and g++ build better-sqlite3 (the outbox) when no prebuilt binary can be fetched.
# tesseract-ocr reads slogans set in pictures (image-text); Debian has no Tagalog pack, Filipino (fil) is it.
packages=(chromium chromium-headless-shell fonts-noto-cjk fonts-thai-tlwg ca-certificates python3 make g++
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-jpn tesseract-ocr-kor
  tesseract-ocr-tha tesseract-ocr-vie tesseract-ocr-ind tesseract-ocr-msa tesseract-ocr-fil)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "install.sh: installing Debian packages: ${missing[*]}" >&2
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

# npm ci also builds dist/ (the package's prepare script).
npm ci --no-audit --no-fund
