#!/usr/bin/env bash
# The coach against a labelled set: imports each company of tests/coach/labelled.json with
# `okr import`, runs `okr lint --json` on the cycles it lists, compares the findings with the
# hand labels as (cycle, title, rule) and prints precision and recall per rule family (and per
# rule). Fails when a family is under the aims the file states (precision 0.9, recall 0.8).
# Usage: tests/coach/run.sh [LABELLED.json]   (OKR_BIN: the binary, default build/okr)
# -v lists every miss and false alarm.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
OKR_BIN=${OKR_BIN:-$here/../../build/okr}
verbose=0
if [ "${1:-}" = "-v" ]; then
    verbose=1
    shift
fi
set_file=${1:-$here/labelled.json}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OKR_NOW
OKR_NOW=$(jq -r .now "$set_file") # tests never read the wall clock
export LC_ALL=C.UTF-8

: >"$work/expected.tsv"
: >"$work/found.tsv"
n=$(jq '.companies | length' "$set_file")
for ((i = 0; i < n; i++)); do
    db="$work/c$i.db"
    jq ".companies[$i].document" "$set_file" >"$work/doc$i.json"
    "$OKR_BIN" --db "$db" import "$work/doc$i.json" >/dev/null
    jq -r ".companies[$i].expected[] | [\"$i\", .cycle, .title, .rule] | @tsv" "$set_file" \
        >>"$work/expected.tsv"
    "$OKR_BIN" --db "$db" --json cycle list >"$work/cycles$i.json"
    while IFS= read -r name; do
        id=$(jq -r --arg n "$name" '.[] | select(.name == $n) | .id' "$work/cycles$i.json")
        [ -n "$id" ] || { echo "run.sh: no cycle named '$name' in company $i" >&2; exit 2; }
        # lint exits 1 when it finds an error-level finding: that is a result, not a failure.
        "$OKR_BIN" --db "$db" --json lint --cycle "$id" >"$work/lint$i-$id.json" || [ $? -eq 1 ]
        jq -r --arg c "$name" ".findings[] | [\"$i\", \$c, .title, .rule] | @tsv" \
            "$work/lint$i-$id.json" >>"$work/found.tsv"
    done < <(jq -r ".companies[$i].lint[]" "$set_file")
done

sort -u "$work/expected.tsv" >"$work/e.tsv"
sort -u "$work/found.tsv" >"$work/f.tsv"
comm -12 "$work/e.tsv" "$work/f.tsv" >"$work/tp.tsv"
comm -23 "$work/e.tsv" "$work/f.tsv" >"$work/fn.tsv"
comm -13 "$work/e.tsv" "$work/f.tsv" >"$work/fp.tsv"

aim_p=$(jq -r .aims.precision "$set_file")
aim_r=$(jq -r .aims.recall "$set_file")
# family of a rule id: S F C M, and A and R together
awk -F'\t' -v aim_p="$aim_p" -v aim_r="$aim_r" -v verbose="$verbose" '
function family(rule) {
    f = substr(rule, 1, 1)
    return f == "S" ? "strategy" : f == "F" ? "focus" : f == "C" ? "challenge" : \
           f == "M" ? "measurability" : "alignment_rhythm"
}
FILENAME ~ /tp.tsv$/ { tp[family($4)]++; rtp[$4]++; next }
FILENAME ~ /fn.tsv$/ { fn[family($4)]++; rfn[$4]++; if (verbose) miss[++nm] = $2 " | " $3 " | " $4; next }
FILENAME ~ /fp.tsv$/ { fp[family($4)]++; rfp[$4]++; if (verbose) alarm[++na] = $2 " | " $3 " | " $4; next }
END {
    split("strategy focus challenge measurability alignment_rhythm", fams, " ")
    printf "%-17s %4s %4s %4s  %9s  %6s\n", "family", "tp", "fp", "fn", "precision", "recall"
    failed = 0
    for (k = 1; k <= 5; k++) {
        f = fams[k]
        p = (tp[f] + fp[f]) ? tp[f] / (tp[f] + fp[f]) : 1
        r = (tp[f] + fn[f]) ? tp[f] / (tp[f] + fn[f]) : 1
        bad = (p < aim_p || r < aim_r) ? "  below aim" : ""
        failed = failed || bad != ""
        printf "%-17s %4d %4d %4d  %9.2f  %6.2f%s\n", f, tp[f], fp[f], fn[f], p, r, bad
        T += tp[f]; P += fp[f]; N += fn[f]
    }
    printf "%-17s %4d %4d %4d  %9.2f  %6.2f\n", "all", T, P, N, T / (T + P), T / (T + N)
    printf "\nper rule (tp/fp/fn):"
    split("S1 S2 S3 S4 F1 F2 F3 C1 C2 C3 C4 C5 C6 M1 M2 M3 A1 A2 R1 R2", rules, " ")
    for (k = 1; k <= 20; k++) {
        r = rules[k]
        printf "%s %s %d/%d/%d", (k % 7 == 1 ? "\n " : " ·"), r, rtp[r], rfp[r], rfn[r]
    }
    printf "\n"
    if (verbose) {
        for (k = 1; k <= nm; k++) print "  missed: " miss[k]
        for (k = 1; k <= na; k++) print "  false alarm: " alarm[k]
    }
    if (failed) {
        printf "\ncoach: a rule family is under the aims (precision %s, recall %s)\n", aim_p, aim_r
        exit 1
    }
}' "$work/tp.tsv" "$work/fn.tsv" "$work/fp.tsv"
