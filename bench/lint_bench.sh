#!/bin/sh
# Benchmark of `okr lint` (the OKR coach over the active quarter of a demo company of PEOPLE
# people) against `okr tree` over the same quarter, measured in the same run: tree reads the
# quarter's objectives and key results through the same store, so the ratio says what the coach
# costs on top of reading the OKRs (it also reads the previous quarter, people, requests, KPIs).
# Prints wall-clock and CPU seconds of each (medians of RUNS runs), their ratio, and how many
# findings lint reported. See bench/README.md.
#
# Environment: PEOPLE (default 10000), RUNS (default 3), OKR (default build/okr, built with make
# when missing), DB (an existing demo database, used as is: skips building one), CACHE (default
# bench/.cache: a demo-$PEOPLE.db there, e.g. the 100,000-people company api_bench.sh caches, is
# COPIED into BENCH_DIR and the copy used, so the cache is never written), BENCH_DIR (default a
# fresh directory under /tmp), KEEP=1 keeps it. The database is migrated (`okr migrate`, timed
# apart) before the runs, so the runs measure lint alone.
#
#   PEOPLE=100000 bench/lint_bench.sh      # the cached 100k company (2.6 GB copied to /tmp)
set -eu
cd "$(dirname "$0")/.."

PEOPLE=${PEOPLE:-10000}
RUNS=${RUNS:-3}
OKR=${OKR:-build/okr}
KEEP=${KEEP:-0}
CACHE=${CACHE:-bench/.cache}
if [ -z "${DB:-}" ] && [ -f "$CACHE/demo-$PEOPLE.db" ]; then
    # The cached company was built on 2026-11-29: its active quarter is around that day.
    export OKR_NOW=${OKR_NOW:-2026-11-29}
else
    export OKR_NOW=${OKR_NOW:-2026-05-20} # a new demo is built around this day; reruns agree
fi

if [ "$OKR" = build/okr ] && [ ! -x build/okr ]; then
    make -s build/okr
fi
command -v jq >/dev/null || { echo "lint_bench: needs jq" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "lint_bench: needs /usr/bin/time (GNU time)" >&2; exit 1; }

WORK=${BENCH_DIR:-$(mktemp -d /tmp/okr-lint-bench-XXXXXX)}
mkdir -p "$WORK"
cleanup() {
    if [ "$KEEP" != 1 ]; then
        [ -n "${DB_GIVEN:-}" ] || rm -f "$WORK"/demo.db*
        rm -f "$WORK"/*.txt "$WORK"/*.json
        rmdir "$WORK" 2>/dev/null || true
    fi
}
trap cleanup EXIT

if [ -n "${DB:-}" ]; then
    DB_GIVEN=1
elif [ -f "$CACHE/demo-$PEOPLE.db" ]; then
    DB="$WORK/demo.db"
    echo "lint_bench: copying $CACHE/demo-$PEOPLE.db to $DB"
    cp --reflink=auto "$CACHE/demo-$PEOPLE.db" "$DB"
else
    DB="$WORK/demo.db"
    echo "lint_bench: building a demo company of $PEOPLE people in $DB"
    "$OKR" --db "$DB" demo --people "$PEOPLE" >/dev/null 2>&1
fi
/usr/bin/time -f "%e" -o "$WORK/migrate.txt" "$OKR" --db "$DB" migrate >/dev/null
echo "lint_bench: okr migrate took $(cat "$WORK/migrate.txt") s (once: new indexes on a big database)"
cycle=$("$OKR" --db "$DB" --json cycle list |
    jq -r '[.[] | select(.kind == "quarter" and .state == "active")][0].id')

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run NAME ARGS...: RUNS runs of okr ARGS, output discarded; appends "wall cpu" per run.
run() {
    name=$1
    shift
    : >"$WORK/$name.txt"
    i=0
    while [ $i -lt "$RUNS" ]; do
        /usr/bin/time -f "%e %U %S" -o "$WORK/one.txt" "$OKR" --db "$DB" "$@" >/dev/null || true
        awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$WORK/one.txt" >>"$WORK/$name.txt"
        i=$((i + 1))
    done
}

run tree tree --cycle "$cycle"
run lint lint --cycle "$cycle"
run json --json lint --cycle "$cycle"
"$OKR" --db "$DB" --json lint --cycle "$cycle" >"$WORK/lint.json" || true
findings=$(jq '.findings | length' "$WORK/lint.json")
rules=$(jq -r '[.findings[].rule] | group_by(.) | map("\(.[0]) \(length)") | join(", ")' "$WORK/lint.json")
rm -f "$WORK/lint.json"
krs=$("$OKR" --db "$DB" --json tree --cycle "$cycle" | jq '[.. | objects | select(has("confidence"))] | length')

tree_s=$(cut -d' ' -f1 "$WORK/tree.txt" | median)
tree_c=$(cut -d' ' -f2 "$WORK/tree.txt" | median)
lint_s=$(cut -d' ' -f1 "$WORK/lint.txt" | median)
lint_c=$(cut -d' ' -f2 "$WORK/lint.txt" | median)
json_s=$(cut -d' ' -f1 "$WORK/json.txt" | median)
json_c=$(cut -d' ' -f2 "$WORK/json.txt" | median)
echo "quarter $cycle: $krs key results, $findings findings ($rules); medians of $RUNS runs"
echo "command          wall_s  cpu_s  cpu_ratio_to_tree"
awk -v a="$tree_s" -v b="$tree_c" 'BEGIN { printf "okr tree         %6.2f %6.2f  1.00\n", a, b }'
awk -v a="$lint_s" -v b="$lint_c" -v r="$tree_c" 'BEGIN { printf "okr lint         %6.2f %6.2f  %.2f\n", a, b, b / r }'
awk -v a="$json_s" -v b="$json_c" -v r="$tree_c" 'BEGIN { printf "okr --json lint  %6.2f %6.2f  %.2f\n", a, b, b / r }'
