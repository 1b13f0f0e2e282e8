#!/bin/sh
# The web UI's end-to-end tests: Debian's headless Chromium driven by playwright-core (npm),
# against `okr serve` on 127.0.0.1 with a fresh database. Screenshots go to
# tests/e2e/screenshots/ (not committed). Never runs `npx playwright install`: the browser is
# Debian's /usr/bin/chromium (apt-get install -y chromium fonts-noto-cjk).
# Usage: tests/e2e/run.sh        (OKR_BIN: the binary; default build/okr)
# Runs every *.test.mjs in this folder.
set -eu
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ]; then
    echo "e2e: /usr/bin/chromium is missing: apt-get install -y chromium fonts-noto-cjk" >&2
    exit 1
fi
if [ ! -d node_modules/playwright-core ]; then
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
    else
        npm install --no-audit --no-fund --loglevel=error playwright-core
    fi
fi
export OKR_BIN="${OKR_BIN:-$(cd ../.. && pwd)/build/okr}"
# Every *.test.mjs of this folder, one after the other (each starts its own server).
exec node --test --test-concurrency=1 ./*.test.mjs
