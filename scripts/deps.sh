#!/bin/sh
# Installs exactly the Debian packages okr builds and tests with (DESIGN.md section 5).
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
PKGS="build-essential pkg-config libsqlite3-dev sqlite3 libsodium-dev libjansson-dev \
libmicrohttpd-dev libpq-dev libcriterion-dev jq curl clang libclang-rt-14-dev"
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
