#!/bin/sh
# Web UI render times: how long `okr serve` takes to answer each main page (the server's own
# figure, `us=` of its access log: from the request's arrival to the response handed to the
# socket), median of RUNS requests per page, for a person and for the admin of a demo company;
# and page weight (HTML plus the stylesheet and script). The reference, measured in the same
# run on the same connection, is GET /healthz (the server's floor: routing, headers, logging)
# and a static asset: each page prints its ratio to both.
#
#   DB=/tmp/big.db bench/web_bench.sh          # a company from `okr demo --people 100000`
#   DB=demo.db RUNS=200 bench/web_bench.sh
#
# Environment: DB (required), OKR (default build/okr), RUNS (default 50), PERSON and ADMIN (user
# ids; defaults 6 and 1), OBJECTIVE (a company objective's id for its page; default 12: those
# of the hand-written demo; in a `--people N` demo the current quarter's start at 5), TEAM (a
# team for its page; default 2; in a `--people 100000` demo 7278 is the department with the most
# sub-teams, 116).
set -eu
cd "$(dirname "$0")/.."
DB=${DB:?set DB to a demo database}
OKR=${OKR:-build/okr}
RUNS=${RUNS:-50}
PERSON=${PERSON:-6}
ADMIN=${ADMIN:-1}
OBJECTIVE=${OBJECTIVE:-12}
TEAM=${TEAM:-2}
TMP=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$TMP"' EXIT INT TERM

email() { "$OKR" --db "$DB" --json user show "$1" | sed -n 's/^ *"email": "\(.*\)",$/\1/p'; }
for id in "$PERSON" "$ADMIN"; do
    printf 'bench password\n' | "$OKR" --db "$DB" user password "$id" >/dev/null
done

OKR_LOG=info "$OKR" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 2>"$TMP/log" &
PID=$!
for _ in $(seq 50); do
    PORT=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$TMP/log" | head -1)
    [ -n "$PORT" ] && break
    sleep 0.1
done
if [ -z "${PORT:-}" ]; then
    echo "web_bench: the server did not start" >&2
    cat "$TMP/log" >&2
    exit 1
fi
BASE="http://127.0.0.1:$PORT"

login() { # $1 email, $2 cookie jar
    curl -s -c "$2" -b "$2" "$BASE/login" >/dev/null
    pre=$(awk '$6 == "okr_pre" {print $7}' "$2")
    curl -s -c "$2" -b "$2" -H "Origin: $BASE" --data-urlencode "csrf=$pre" \
        --data-urlencode "email=$1" --data-urlencode "password=bench password" \
        -o /dev/null "$BASE/login"
}

# Median of the us= figures the log gives path (exact match), from line $2 on.
median() {
    tail -n +"$2" "$TMP/log" | awk -v p="GET $1 " 'index($0, p) && match($0, / us=[0-9]+/) {
        print substr($0, RSTART + 4, RLENGTH - 4) }' | sort -n |
        awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]; else print 0}'
}

measure() { # $1 jar, $2 path, $3 an extra header (optional)
    start=$(($(wc -l <"$TMP/log") + 1))
    urls=""
    for _ in $(seq "$RUNS"); do urls="$urls $BASE$2"; done
    # One connection for all the requests (keep-alive), as a browser does.
    # shellcheck disable=SC2086
    curl -s -b "$1" -H "${3:-X-Bench: 1}" $urls >/dev/null
    sleep 0.2
    median "${2%%\?*}" "$start"
}

weight() { # $1 jar, $2 path, $3 an extra header: bytes of the HTML
    curl -s -b "$1" -H "${3:-X-Bench: 1}" "$BASE$2" | wc -c | tr -d ' '
}

login "$(email "$PERSON")" "$TMP/person"
login "$(email "$ADMIN")" "$TMP/admin"
css=$(curl -s "$BASE/assets/app.css" | wc -c | tr -d ' ')
js=$(curl -s "$BASE/assets/app.js" | wc -c | tr -d ' ')
ref=$(measure "$TMP/person" /healthz)
asset=$(measure "$TMP/person" /assets/app.css)
echo "reference: GET /healthz median ${ref} us; GET /assets/app.css median ${asset} us"
echo "assets: app.css ${css} B, app.js ${js} B"
printf '%-10s %-22s %10s %9s %9s %11s\n' who page median_us x_healthz x_asset page+assets
row() { # $1 who, $2 jar, $3 path, $4 an extra header
    us=$(measure "$2" "$3" "${4:-}")
    html=$(weight "$2" "$3" "${4:-}")
    printf '%-10s %-22s %10s %9s %9s %10sB\n' "$1" "$3" "$us" \
        "$(awk -v a="$us" -v b="$ref" 'BEGIN {printf "%.1f", b ? a / b : 0}')" \
        "$(awk -v a="$us" -v b="$asset" 'BEGIN {printf "%.1f", b ? a / b : 0}')" \
        "$((html + css + js))"
}
row person "$TMP/person" /my
row person "$TMP/person" /strategy
row person "$TMP/person" /map
row person "$TMP/person" /inbox
row admin "$TMP/admin" /my
row admin "$TMP/admin" /strategy
row person "$TMP/person" "/objectives/$OBJECTIVE"
row admin "$TMP/admin" "/objectives/$OBJECTIVE"
row admin "$TMP/admin" /map
row admin "$TMP/admin" "/map?root=$OBJECTIVE"
row admin "$TMP/admin" "/map/nodes/$OBJECTIVE" "X-Requested-With: fetch"
row admin "$TMP/admin" /admin
row person "$TMP/person" "/teams/$TEAM"
row person "$TMP/person" /teams
row person "$TMP/person" "/people/$PERSON"
row person "$TMP/person" "/people/$PERSON/dossier"
row admin "$TMP/admin" "/people/$PERSON/dossier"
row admin "$TMP/admin" /admin/users
row admin "$TMP/admin" "/admin/teams/$TEAM"
# Weekly review (the person's own team; the admin's is the company's root team with its
# departments), KPI board (first page of 30), dashboard. The dashboard's company-wide figures
# are a snapshot: the first request computes it (timed apart, as "cold"); the rows measure
# the pages served from it, as people see them for the next 10 minutes.
row person "$TMP/person" /review
row admin "$TMP/admin" /review
row person "$TMP/person" /kpis
row admin "$TMP/admin" /kpis
start=$(($(wc -l <"$TMP/log") + 1))
curl -s -b "$TMP/admin" -o /dev/null --max-time 600 "$BASE/dashboard"
sleep 0.2
echo "dashboard: first request (computes the company-wide snapshot): $(median /dashboard "$start") us"
row admin "$TMP/admin" /dashboard
row person "$TMP/person" /dashboard
