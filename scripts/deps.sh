#!/bin/sh
# Installs exactly the Debian packages okr builds and tests with (DESIGN.md section 5), so that a
# fresh Debian 12 machine needs nothing else (.ci/run uses it).
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# Build: compiler, pkg-config and the libraries.
BUILD="build-essential pkg-config libsqlite3-dev libsodium-dev libjansson-dev libmicrohttpd-dev \
libpq-dev"
# make test: Criterion (unit tests); sqlite3 (CLI tests read the database); curl and jq (API,
# CLI and multi-instance tests); postgresql (scripts/pg-test.sh starts a throwaway cluster of its
# own) and nginx (tests/multi puts it in front of two instances; its own config, loopback only).
TEST="libcriterion-dev sqlite3 curl jq postgresql nginx"
# make fuzz: clang with libFuzzer and the sanitizer runtimes.
FUZZ="clang libclang-rt-14-dev"
# make e2e-test (browser tests, part of make test): Debian's chromium, CJK fonts so Chinese
# renders in screenshots, npm for playwright-core (.ci/run installs it from package-lock.json).
# npm only when no npm is there: a Node.js from elsewhere (e.g. NodeSource's nodejs package)
# brings its own npm and conflicts with Debian's.
E2E="chromium fonts-noto-cjk"
command -v npm >/dev/null 2>&1 || E2E="$E2E npm"
PKGS="$BUILD $TEST $FUZZ $E2E"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "deps: installing$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
echo "deps: all installed"
