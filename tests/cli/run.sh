#!/usr/bin/env bash
# CLI tests: drive the real okr binary ($OKR_BIN) on real SQLite files, as a user would.
# Each test_* function in tests/cli/*.t.sh runs in a fresh temporary directory; a failed check
# fails its test. Prints "N passed, N failed" and exits non-zero on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
OKR_BIN=${OKR_BIN:-$here/../../build/okr}
export OKR_NOW=2026-11-29 # tests never depend on the wall clock
export LC_ALL=C.UTF-8
passed=0
failed=0
current=""
test_failed=0

fail() {
    echo "  FAIL $current: $*" >&2
    touch .failed
}

# okr ARGS...: runs the binary on ./t.db; output in $out, stderr in $errout, status in $status.
okr() {
    out=$("$OKR_BIN" --db t.db "$@" 2>stderr.txt)
    status=$?
    errout=$(cat stderr.txt)
}

# expect STATUS ARGS...: runs okr and checks the exit status.
expect() {
    local want=$1
    shift
    okr "$@"
    [ "$status" -eq "$want" ] || fail "okr $* exited $status, expected $want (stderr: $errout)"
}

contains() { # contains HAYSTACK NEEDLE
    case "$1" in *"$2"*) ;; *) fail "expected '$2' in: ${1:0:400}" ;; esac
}

lacks() {
    case "$1" in *"$2"*) fail "did not expect '$2' in: ${1:0:400}" ;; *) ;; esac
}

equals() {
    [ "$1" = "$2" ] || fail "expected '$2', got '$1'"
}

# count ENTITY-COMMAND: number of records listed as JSON.
count() {
    "$OKR_BIN" --db t.db --json "$@" list 2>/dev/null | jq length
}

for f in "$here"/*.t.sh; do
    # shellcheck source=/dev/null
    . "$f"
done

for t in $(declare -F | awk '{print $3}' | grep '^test_' | sort); do
    current=$t
    test_failed=0
    dir=$(mktemp -d)
    (cd "$dir" && $t) || test_failed=1
    # The subshell cannot set test_failed: it reports through a marker file.
    if [ -f "$dir/.failed" ] || [ $test_failed -ne 0 ]; then
        failed=$((failed + 1))
        echo "FAIL $t"
    else
        passed=$((passed + 1))
        echo "ok   $t"
    fi
    rm -rf "$dir"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
