#!/bin/sh
# Fuzzing: builds each libFuzzer harness tests/fuzz/fuzz_<name>.c into build/fuzz/<name>.bin (clang,
# -fsanitize=fuzzer,address,undefined) and runs each for FUZZ_SECONDS (default 20) starting from
# its seed corpus tests/fuzz/corpus/<name>/. New inputs go to build/fuzz/corpus/<name>/, so the
# committed seeds stay as they are. Prints one line per harness and a summary; exits 1 when a
# harness fails to build or finds a crash (the reproducer is build/fuzz/<name>/crash-*, replay it
# with `build/fuzz/<name>.bin FILE`). Needs clang's fuzzer runtime (Debian: libclang-rt-14-dev).
#
#   FUZZ_SECONDS=60 tests/fuzz/run.sh            all harnesses, a minute each
#   tests/fuzz/run.sh dates text                  only these
# shellcheck disable=SC2086 # flag and source lists are split into words on purpose
set -u
cd "$(dirname "$0")/../.." || exit 1

CC_FUZZ=${CC_FUZZ:-clang}
SECS=${FUZZ_SECONDS:-20}
OUT=build/fuzz
# The house warnings; clang's -Wconversion also flags int <-> enum, which gcc (the main build)
# does not, so that part is off here.
WARN="-Wall -Wextra -Werror -Wshadow -Wconversion -Wvla -Wformat=2 -Wstrict-prototypes \
-Wmissing-prototypes -Wimplicit-fallthrough -Wno-sign-conversion"
CFLAGS="-std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -g -O1 \
-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
LIBS="$(pkg-config --libs sqlite3 jansson libsodium libmicrohttpd 2>/dev/null || echo \
-lsqlite3 -ljansson -lsodium -lmicrohttpd) -lm -lpthread"

# The sources a harness needs: the small ones link only what they test (so they build while
# other layers are mid-edit); any other harness gets every module but main.
sources() {
    case "$1" in
    dates | num) echo src/core/*.c ;;
    text) echo src/core/*.c src/domain/meta.c ;;
    import) echo src/core/*.c src/domain/*.c src/store/*.c src/service/*.c ;;
    *) for f in src/*/*.c; do [ "$f" = src/cli/main.c ] || echo "$f"; done ;;
    esac
}

if ! command -v "$CC_FUZZ" >/dev/null 2>&1; then
    echo "fuzz: $CC_FUZZ not found (apt-get install clang libclang-rt-14-dev)"
    exit 1
fi

if [ $# -gt 0 ]; then
    names="$*"
else
    names=""
    for f in tests/fuzz/fuzz_*.c; do
        f=${f##*/fuzz_}
        names="$names ${f%.c}"
    done
fi

mkdir -p "$OUT"
failed=0
summary=""
for name in $names; do
    src=tests/fuzz/fuzz_$name.c
    bin=$OUT/$name.bin
    log=$OUT/$name.log
    if [ ! -f "$src" ]; then
        summary="$summary\n  FAIL   $name: no $src"
        failed=1
        continue
    fi
    # shellcheck disable=SC2046 # the source list is split into words on purpose
    if ! $CC_FUZZ $CFLAGS $WARN -o "$bin" "$src" $(sources "$name") $LIBS >"$log" 2>&1; then
        if grep -q 'libclang_rt.fuzzer' "$log"; then
            echo "fuzz: clang's fuzzer runtime is missing: apt-get install libclang-rt-14-dev"
        fi
        summary="$summary\n  FAIL   $name: build failed (see $log)"
        failed=1
        continue
    fi
    mkdir -p "$OUT/corpus/$name" "$OUT/$name"
    seeds=tests/fuzz/corpus/$name
    [ -d "$seeds" ] || seeds=""
    printf 'fuzz: %-8s %ss ... ' "$name" "$SECS"
    # -max_len keeps inputs small enough to explore; timeouts and leaks count as failures.
    if "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
        -print_final_stats=1 -artifact_prefix="$OUT/$name/" "$OUT/corpus/$name" $seeds \
        >>"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
        echo "ok (${runs:-?} runs)"
        size=$(find "$OUT/corpus/$name" -type f | wc -l)
        summary="$summary\n  ok     $name: ${runs:-?} runs, corpus $size"
    else
        crash=$(find "$OUT/$name" -type f -newer "$bin" | head -n 1)
        echo "FAILED"
        grep -E 'ERROR|fuzz_[a-z]+:|runtime error|SUMMARY' "$log" | head -n 5 | sed 's/^/    /'
        summary="$summary\n  FAIL   $name: ${crash:-crash} (log $log)"
        failed=1
    fi
done

printf 'fuzz summary:%b\n' "$summary"
if [ $failed -ne 0 ]; then
    echo "fuzz: FAILED"
    exit 1
fi
echo "fuzz: all passed"
