#!/usr/bin/env bash
# Installs the Debian packages vetml needs that a fresh machine may lack. Safe to run repeatedly:
# it installs only what is missing. Without root it prints the command to run instead.
#   scripts/system-deps.sh            what `make run` needs
#   scripts/system-deps.sh --browser  plus Chromium, for the browser tests of `make test`
set -euo pipefail

missing=()
command -v npm >/dev/null || missing+=(nodejs npm)
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
command -v bwrap >/dev/null || missing+=(bubblewrap)   # the judge's sandbox
# WeasyPrint (PDF reports) draws text with Pango; DejaVu gives the reports a font on a bare machine.
ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
# ... and subsets fonts with HarfBuzz; without it WeasyPrint warns at import, which the tests treat as an error.
ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
[[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
# The CV review's spelling check: Enchant over the Hunspell dictionaries, US and British spelling.
ldconfig -p | grep -q 'libenchant-2.so.2' || missing+=(libenchant-2-2)
[[ -e /usr/share/hunspell/en_US.dic ]] || missing+=(hunspell-en-us)
[[ -e /usr/share/hunspell/en_GB.dic ]] || missing+=(hunspell-en-gb)
if [[ ${1:-} == --browser ]]; then
  command -v chromium >/dev/null || missing+=(chromium)
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "vetml needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
