#!/usr/bin/env bash
# Runs before `npm test`: the browser tests drive Debian's Chromium (never a downloaded browser) and need a CJK font
# for Chinese text. Installs both from Debian's packages when missing, as root or with sudo.
set -euo pipefail
packages=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || packages+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || packages+=(fonts-noto-cjk)
[ ${#packages[@]} -eq 0 ] && exit 0
echo "installing ${packages[*]} for the browser tests (Debian packages)"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root or sudo to apt-get install ${packages[*]}" >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
