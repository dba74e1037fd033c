#!/usr/bin/env bash
# Installs Debian's Chromium and a CJK font (WenQuanYi Zen Hei) for the browser tests;
# Playwright drives Chromium at /usr/bin/chromium and never downloads a browser. Without
# a CJK font the explorer's Chinese text renders as empty boxes. Idempotent and quiet:
# does nothing when both are there, prints the apt log only if the install fails.
# Call from .ci/run before pytest: bash .ci/chromium.sh
set -euo pipefail

FONT=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
if [ -x /usr/bin/chromium ] && [ -f "$FONT" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium.sh: apt-get not found; install Chromium at /usr/bin/chromium by hand" >&2
    exit 1
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
    as_root=(sudo)
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { "${as_root[@]}" apt-get update -qq &&
       "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei; } \
       >"$log" 2>&1; then
    cat "$log" >&2
    echo "chromium.sh: could not install chromium and fonts-wqy-zenhei" >&2
    exit 1
fi
/usr/bin/chromium --version 2>/dev/null | head -n 1
