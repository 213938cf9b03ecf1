#!/usr/bin/env bash
# The browser tests' system packages (marker `browser`): Debian's headless Chromium and the
# Noto CJK fonts, so that Japanese pages render as glyphs, not tofu. Playwright's own
# browser download cannot be fetched on these machines; the tests launch this binary
# through `executable_path` (tests/helpers/browser.py finds it).
#
# Idempotent and quiet: does nothing when both are installed; otherwise runs
# `apt-get update` once and installs what is missing. Prefers `chromium-headless-shell`
# (no desktop parts) and falls back to `chromium` when only that one is installable.
# Run as root (CI) or through `make browser-deps`.
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
installable() { apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'; }

missing=()
if ! installed chromium-headless-shell && ! installed chromium; then
  missing+=(chromium)
fi
installed fonts-noto-cjk || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0

# Package lists can be missing or half-written right after boot, or while another apt run
# holds them: update again (at most three times) until a browser package is listed.
for attempt in 1 2 3; do
  apt-get update -qq || true
  if installable chromium-headless-shell || installable chromium; then break; fi
  sleep $((attempt * 5))
done
packages=()
for name in "${missing[@]}"; do
  if [ "$name" = chromium ]; then
    if installable chromium-headless-shell; then
      name=chromium-headless-shell
    elif ! installable chromium; then
      echo "neither chromium-headless-shell nor chromium is installable from apt" >&2
      exit 1
    fi
  fi
  packages+=("$name")
done
DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "installed for the browser tests: ${packages[*]}"
