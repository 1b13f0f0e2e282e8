#!/usr/bin/env bash
# Writes docs/cli.md from the binary's own help, so the page never drifts from the program.
# Usage: scripts/gen-cli-docs.sh [OKR_BIN] > docs/cli.md   (a CLI test checks it is current)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
okr=${1:-$here/../build/okr}
cat "$here/cli-docs-head.md"
for c in $("$okr" help | awk '/^Commands:/{f=1;next} f&&/^  [a-z]/{print $1}'); do
    printf '## okr %s\n\n```\n' "$c"
    "$okr" help "$c"
    printf '```\n\n'
done
