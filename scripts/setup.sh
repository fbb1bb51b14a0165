#!/usr/bin/env bash
# Sets up rahbord on a fresh Debian machine: system packages, then a virtual
# environment in .venv with the project installed in editable mode.
# Idempotent: a second run checks stamps and returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
PYTHON=${PYTHON:-python3}
# fonts-noto-core: Persian glyphs (Noto Naskh / Sans Arabic) for the PDF report;
# poppler-utils: pdftotext / pdftoppm used by the report tests;
# chromium: the browser the web-app tests drive through Playwright;
# postgresql: the web-app storage tests start a throwaway server on loopback;
# libreoffice-calc: a test opens the questionnaires in a real spreadsheet application;
# libreoffice-writer: a test opens the Word report in a real word processor and renders its pages.
SYSTEM_PACKAGES=(fonts-noto-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 chromium postgresql libreoffice-calc
                 libreoffice-writer)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "setup: installing system packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

stamp=$VENV/.rahbord-installed
if [ ! -x "$VENV/bin/python" ]; then
    echo "setup: creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi
# Reinstall only when the dependency list changed since the last install.
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: installing rahbord and its dependencies into $VENV"
    log=$VENV/install.log
    # pip's and the build backend's chatter goes to a log, shown only on failure
    if ! { "$VENV/bin/python" -m pip install --upgrade pip setuptools wheel &&
           "$VENV/bin/python" -m pip install -e ".[test,bench,docs]"; } >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "setup: installing into $VENV failed (full log: $log)" >&2
        exit 1
    fi
    echo "$want" > "$stamp"
fi
# the message catalogue: criteria/locale/fa/LC_MESSAGES/rahbord.po -> rahbord.mo (git keeps only the .po;
# the loader also compiles it when it is missing or older than the .po)
"$VENV/bin/python" -c 'from criteria.catalogue import main; main(["--if-stale"])'
