#!/bin/sh
# Benchmark of `okr demo --people N` (one write transaction through the generic store) against a
# plain SQLite bulk insert of the same number of rows (bench/sqlite_bulk.c), measured in the same
# run on the same disk; prints rows/s of each and their ratio, the median of RUNS runs, then the
# median time of `okr tree` over the current quarter of that company: the whole tree, and with
# --team the tree of a department and of a team. See bench/README.md.
#
# Environment: PEOPLE (default 100000), RUNS (default 3), OKR (default build/okr, built with
# make when missing), BENCH_DIR (default a fresh directory under /tmp, removed afterwards unless
# KEEP=1).
set -eu
cd "$(dirname "$0")/.."

PEOPLE=${PEOPLE:-100000}
RUNS=${RUNS:-3}
OKR=${OKR:-build/okr}
KEEP=${KEEP:-0}

if [ "$OKR" = build/okr ] && [ ! -x build/okr ]; then
    make -s build/okr
fi
command -v sqlite3 >/dev/null || { echo "demo_bench: needs the sqlite3 command" >&2; exit 1; }

WORK=${BENCH_DIR:-$(mktemp -d /tmp/okr-bench-XXXXXX)}
mkdir -p "$WORK"
cleanup() {
    if [ "$KEEP" != 1 ]; then
        rm -f "$WORK"/demo.db* "$WORK"/ref.db* "$WORK"/sqlite_bulk "$WORK"/*.txt "$WORK"/tree.out
        rmdir "$WORK" 2>/dev/null || true
    fi
}
trap cleanup EXIT

cc -O2 -o "$WORK/sqlite_bulk" bench/sqlite_bulk.c -lsqlite3

now() { date +%s.%N; }
# CPU seconds (user + system) used so far by finished children of this shell; `times` runs in
# this shell (in a $(...) subshell it would see only that subshell's children).
child_cpu() {
    times >"$WORK/times.txt"
    awk 'NR == 2 {
        t = 0
        for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2] }
        printf "%.3f", t
    }' "$WORK/times.txt"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rm_db() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; }

# Every record of every table, for when the okr binary does not print its row count.
count_rows() {
    tables=$(sqlite3 "$1" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    total=0
    for t in $tables; do
        total=$((total + $(sqlite3 "$1" "SELECT count(*) FROM \"$t\"")))
    done
    echo "$total"
}

echo "demo_bench: okr demo --people $PEOPLE vs a plain SQLite bulk insert, $RUNS runs, in $WORK"
echo "run  rows       okr_s    okr_cpu  okr_rows/s  ref_s    ref_cpu  ref_rows/s  ratio  cpu_ratio"
: >"$WORK/okr.txt"
: >"$WORK/ref.txt"
: >"$WORK/ratio.txt"
: >"$WORK/cpu_ratio.txt"
run=1
while [ "$run" -le "$RUNS" ]; do
    db="$WORK/demo.db"
    rm_db "$db"
    sync
    child_cpu >"$WORK/c0.txt"
    t0=$(now)
    "$OKR" --db "$db" --json demo --people "$PEOPLE" >"$WORK/out.txt" 2>/dev/null
    t1=$(now)
    child_cpu >"$WORK/c1.txt"
    c0=$(cat "$WORK/c0.txt")
    c1=$(cat "$WORK/c1.txt")
    out=$(cat "$WORK/out.txt")
    rows=$(printf '%s\n' "$out" | sed -n 's/.*"rows":\([0-9][0-9]*\).*/\1/p')
    [ -n "$rows" ] || rows=$(count_rows "$db")
    okr_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    okr_rps=$(awk -v r="$rows" -v s="$okr_s" 'BEGIN { printf "%.0f", r / s }')
    okr_cpu=$(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.2f", b - a }')

    ref="$WORK/ref.db"
    rm_db "$ref"
    sync
    child_cpu >"$WORK/c0.txt"
    "$WORK/sqlite_bulk" "$ref" "$rows" >"$WORK/out.txt"
    child_cpu >"$WORK/c1.txt"
    c0=$(cat "$WORK/c0.txt")
    c1=$(cat "$WORK/c1.txt")
    line=$(cat "$WORK/out.txt")
    rm_db "$ref"
    ref_cpu=$(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.2f", b - a }')
    cpu_ratio=$(awk -v a="$okr_cpu" -v b="$ref_cpu" 'BEGIN { printf "%.3f", b / a }')
    ref_s=$(printf '%s\n' "$line" | awk '{ print $4 }')
    ref_rps=$(printf '%s\n' "$line" | awk '{ print $6 }')
    ratio=$(awk -v a="$okr_rps" -v b="$ref_rps" 'BEGIN { printf "%.3f", a / b }')

    printf '%-4s %-10s %-8s %-8s %-11s %-8s %-8s %-11s %-6s %s\n' "$run" "$rows" "$okr_s" \
        "$okr_cpu" "$okr_rps" "$ref_s" "$ref_cpu" "$ref_rps" "$ratio" "$cpu_ratio"
    echo "$okr_rps" >>"$WORK/okr.txt"
    echo "$ref_rps" >>"$WORK/ref.txt"
    echo "$ratio" >>"$WORK/ratio.txt"
    echo "$cpu_ratio" >>"$WORK/cpu_ratio.txt"
    run=$((run + 1))
done

okr_med=$(median <"$WORK/okr.txt")
ref_med=$(median <"$WORK/ref.txt")
ratio_med=$(median <"$WORK/ratio.txt")
cpu_med=$(median <"$WORK/cpu_ratio.txt")
echo "median: okr demo $okr_med rows/s, sqlite bulk $ref_med rows/s, ratio $ratio_med (target >= 0.3)"
echo "median CPU-time ratio $cpu_med (the same comparison in CPU seconds: steadier on a busy machine)"

# `okr tree` over the active quarter of the last company built.
#
# tree_time LABEL ARGS...: the median wall and CPU seconds of 3 runs of `okr tree ARGS`.
tree_time() {
    label=$1
    shift
    : >"$WORK/tree.txt"
    : >"$WORK/tree_cpu.txt"
    i=1
    while [ "$i" -le 3 ]; do
        child_cpu >"$WORK/c0.txt" # not in $(...): see child_cpu
        t0=$(now)
        "$OKR" --db "$WORK/demo.db" tree "$@" >"$WORK/tree.out"
        t1=$(now)
        child_cpu >"$WORK/c1.txt"
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$WORK/tree.txt"
        awk -v a="$(cat "$WORK/c0.txt")" -v b="$(cat "$WORK/c1.txt")" \
            'BEGIN { printf "%.3f\n", b - a }' >>"$WORK/tree_cpu.txt"
        i=$((i + 1))
    done
    echo "okr tree $* ($label, $(wc -l <"$WORK/tree.out") lines): median $(median <"$WORK/tree.txt") s" \
        "of 3 ($(tr '\n' ' ' <"$WORK/tree.txt")s), CPU $(median <"$WORK/tree_cpu.txt") s"
}
if "$OKR" help tree >/dev/null 2>&1; then
    cycle=$(sqlite3 "$WORK/demo.db" \
        "SELECT id FROM cycles WHERE kind = 'quarter' AND state = 'active' ORDER BY id LIMIT 1")
    tree_time "the whole company of $PEOPLE people" --cycle "$cycle"
    if "$OKR" help tree | grep -q -- --team; then
        # A department (the team with the most sub-teams) and a team of people (the most members).
        dept=$(sqlite3 "$WORK/demo.db" "SELECT parent_id FROM teams WHERE parent_id IS NOT NULL
            GROUP BY parent_id ORDER BY count(*) DESC, parent_id LIMIT 1")
        team=$(sqlite3 "$WORK/demo.db" "SELECT team_id FROM memberships GROUP BY team_id
            ORDER BY count(*) DESC, team_id LIMIT 1")
        tree_time "a department" --cycle "$cycle" --team "$dept"
        tree_time "a team" --cycle "$cycle" --team "$team"
    fi
else
    echo "okr tree: skipped ('$OKR help tree' fails: no tree command yet)"
fi
