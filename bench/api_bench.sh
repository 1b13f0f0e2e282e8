#!/bin/sh
# Benchmark of okr's HTTP API under wrk on loopback, against references measured in the same run
# on the same machine (DESIGN.md section 6): nginx serving a small static file (the ceiling for a
# request/response on this machine) and durable single-row SQLite commits (bench/sqlite_commit.c,
# the ceiling for a check-in). Measures nginx, GET /healthz, GET /api/v1/objectives/{id} (on the
# `okr demo --people N` company and on a small company signed up through the API), the alignment
# tree GET /api/v1/cycles/{id}/tree (small company) and POST /api/v1/key-results/{id}/checkins,
# RUNS times each, interleaved; prints the medians of req/s, p99 latency and server CPU time per
# request, then the ratios. With PG=1 (the default) it runs inside a throwaway PostgreSQL cluster
# (scripts/pg-test.sh, fsync on), loads the same company there (bench/pg_load.sh), serves it with
# a second `okr serve --db postgres://...`, runs the same tests on it interleaved with the SQLite
# ones, measures durable single-row PostgreSQL commits with pgbench, and prints both drivers side
# by side. See bench/README.md, section "API".
#
# Environment: PEOPLE (100000), RUNS (3), DURATION (5s), THREADS (okr workers = nginx workers,
# default the number of cores), CONNS (2 x THREADS), WRK_THREADS (1 on 2 cores or fewer, else 2),
# OBJECTIVES (personal objectives of the small company, 240), SAMPLE (objectives of the demo
# company's current quarter that the reads and check-ins go round, 2000), OKR (build/okr, built
# with make), NGINX (/usr/sbin/nginx), CACHE (bench/.cache), FRESH (1: rebuild the cached demo
# company), BENCH_DIR (default a new directory under ${TMPDIR:-/tmp}), KEEP (1: keep BENCH_DIR),
# PG (1: PostgreSQL beside SQLite; 0: SQLite only), DEMO_DB (a copy of the demo company, e.g. one
# already migrated, to copy instead of the cache's: saves the migration; never written to).
set -eu
cd "$(dirname "$0")/.."

PEOPLE=${PEOPLE:-100000}
RUNS=${RUNS:-3}
DURATION=${DURATION:-5s}
CORES=$(nproc)
THREADS=${THREADS:-$CORES}
CONNS=${CONNS:-$((2 * THREADS))}
if [ "$CORES" -le 2 ]; then WRK_THREADS=${WRK_THREADS:-1}; else WRK_THREADS=${WRK_THREADS:-2}; fi
OBJECTIVES=${OBJECTIVES:-240}
SAMPLE=${SAMPLE:-2000}
OKR=${OKR:-build/okr}
NGINX=${NGINX:-/usr/sbin/nginx}
CACHE=${CACHE:-bench/.cache}
FRESH=${FRESH:-0}
KEEP=${KEEP:-0}
HOST=127.0.0.1
PG=${PG:-1}

die() {
    echo "api_bench: $*" >&2
    exit 1
}

# PostgreSQL beside SQLite (PG=1, the default): the whole bench runs inside a throwaway cluster
# (scripts/pg-test.sh: its own port on 127.0.0.1, fsync on, removed on exit or INT/TERM).
if [ "$PG" = 1 ] && [ -z "${OKR_PG_SERVER:-}" ]; then
    command -v psql >/dev/null || die "missing: psql (Debian: apt-get install postgresql; or PG=0)"
    PG_TEST_FSYNC=on PG_TEST_DBS=okr_bench exec scripts/pg-test.sh sh "$0" "$@"
fi

missing=""
for tool in wrk curl jq cc sqlite3; do
    command -v "$tool" >/dev/null || missing="$missing $tool"
done
[ -x "$NGINX" ] || missing="$missing nginx"
[ -z "$missing" ] || die "missing:$missing (Debian: apt-get install wrk nginx-light curl jq sqlite3 build-essential libsqlite3-dev)"

# ---- build okr and the reference ----
if [ "$OKR" = build/okr ]; then
    make -s build/okr
fi
WORK=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/okr-api-bench-XXXXXX")}
mkdir -p "$WORK"
chmod 755 "$WORK" # nginx's workers (user nobody) read the static file below it
cc -O2 -o "$WORK/sqlite_commit" bench/sqlite_commit.c -lsqlite3 -lpthread

OKR_PID=""
NGINX_PID=""
stop_pid() { # PID: SIGTERM, then wait up to 20 s (okr finishes requests in flight), then SIGKILL
    kill "$1" 2>/dev/null || return 0
    i=0
    while kill -0 "$1" 2>/dev/null && [ "$i" -lt 200 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
OKR_PG_PID=""
cleanup() {
    [ -z "$OKR_PID" ] || stop_pid "$OKR_PID"
    [ -z "$OKR_PG_PID" ] || stop_pid "$OKR_PG_PID"
    [ -z "$NGINX_PID" ] || stop_pid "$NGINX_PID"
    if [ "$KEEP" = 1 ]; then
        echo "api_bench: kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

# A port nothing listens on, from a base that differs between concurrent runs.
free_port() {
    p=$((20000 + ($$ + $1 * 7919) % 20000))
    while ss -Htln "sport = :$p" | grep -q .; do
        p=$((p + 1))
    done
    echo "$p"
}

wait_http() { # URL: wait up to 60 s for an answer
    i=0
    until curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null; do
        i=$((i + 1))
        [ "$i" -lt 300 ] || die "nothing answers at $1"
        sleep 0.2
    done
}

# ---- the company: okr demo --people N, built once and cached ----
mkdir -p "$CACHE"
[ -f "$CACHE/.gitignore" ] || echo '*' >"$CACHE/.gitignore"
DEMO="$CACHE/demo-$PEOPLE.db"
if [ -n "${DEMO_DB:-}" ]; then
    [ -f "$DEMO_DB" ] || die "DEMO_DB: no file $DEMO_DB"
    DEMO=$DEMO_DB
    [ -f "$DEMO.seconds" ] || echo "?" >"$WORK/demo.seconds"
    [ ! -f "$DEMO.seconds" ] || cp "$DEMO.seconds" "$WORK/demo.seconds"
elif [ "$FRESH" = 1 ] || [ ! -f "$DEMO" ] || [ ! -f "$DEMO.seconds" ]; then
    echo "api_bench: building the company: $OKR demo --people $PEOPLE (once; cached as $DEMO)"
    rm -f "$DEMO" "$DEMO.seconds" "$DEMO.tmp" "$DEMO.tmp-wal" "$DEMO.tmp-shm"
    t0=$(now)
    "$OKR" --db "$DEMO.tmp" demo --people "$PEOPLE" >"$WORK/demo.log" 2>&1 ||
        { tail -5 "$WORK/demo.log" >&2; die "okr demo failed"; }
    t1=$(now)
    mv "$DEMO.tmp" "$DEMO"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f\n", b - a }' >"$DEMO.seconds"
fi
[ -f "$WORK/demo.seconds" ] || cp "$DEMO.seconds" "$WORK/demo.seconds"
DEMO_S=$(cat "$WORK/demo.seconds")
DB="$WORK/okr.db"
t0=$(now)
cp --reflink=auto "$DEMO" "$DB" # the cache stays as okr demo wrote it
COPY_S=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
DB_MB=$(du -m "$DB" | awk '{ print $1 }')

# ---- a credential for the demo company, and what to read and check in on ----
# The demo's people have no password: `okr token create USER` mints an API token for its first
# admin. The reads and check-ins go round SAMPLE objectives of the current quarter drawn at random
# (and their key results); the ids are read with sqlite3, as the API lists only in id order.
DEMO_TOKEN=""
if "$OKR" help token >/dev/null 2>&1; then
    "$OKR" --db "$DB" --json user list --limit 100 >"$WORK/users.json"
    ADMIN=$(jq -r '[.[] | select(.role == "admin")][0].id // empty' "$WORK/users.json")
    TID=$(jq -r '[.[] | select(.role == "admin")][0].tenant_id // empty' "$WORK/users.json")
    DEMO_CYCLE=$("$OKR" --db "$DB" --json cycle list |
        jq -r '[.[] | select(.kind == "quarter" and .state == "active")][0].id // empty')
    if [ -n "$ADMIN" ] && [ -n "$DEMO_CYCLE" ]; then
        DEMO_TOKEN=$("$OKR" --db "$DB" token create "$ADMIN" --name api_bench 2>/dev/null)
        # The team tree: the team with the most members (a team of people, no sub-teams).
        DEMO_TEAM=$(sqlite3 "$DB" "SELECT team_id FROM memberships WHERE tenant_id = $TID
            AND team_id NOT IN (SELECT parent_id FROM teams WHERE tenant_id = $TID AND parent_id
            IS NOT NULL) GROUP BY team_id ORDER BY count(*) DESC, team_id LIMIT 1")
        sqlite3 "$DB" "SELECT id FROM objectives WHERE tenant_id = $TID AND cycle_id = $DEMO_CYCLE
            ORDER BY random() LIMIT $SAMPLE" >"$WORK/demo_objectives.ids"
        sqlite3 "$DB" "SELECT k.id FROM key_results k JOIN (SELECT id FROM objectives
            WHERE tenant_id = $TID AND cycle_id = $DEMO_CYCLE ORDER BY random() LIMIT $SAMPLE) o
            ON k.objective_id = o.id WHERE k.tenant_id = $TID" >"$WORK/demo_krs.all"
        # Metric key results only: a milestone's value is from 0 to 1, the bench posts 0-100.
        # (Asked apart, by primary key: in the join SQLite scans every key result for the type.)
        sqlite3 "$DB" "SELECT id FROM key_results WHERE tenant_id = $TID AND type = 'metric' AND
            id IN ($(paste -sd, "$WORK/demo_krs.all"))" >"$WORK/demo_krs.ids"
    fi
fi

# ---- okr serve ----
OKR_PORT=$(free_port 1)
BASE="http://$HOST:$OKR_PORT"
"$OKR" --db "$DB" serve --listen "$HOST:$OKR_PORT" --threads "$THREADS" >"$WORK/okr.log" 2>&1 &
OKR_PID=$!
wait_http "$BASE/healthz"

# ---- the same company on PostgreSQL ----
# Loaded with bench/pg_load.sh (COPY, table by table: the same ids, the demo token included);
# `okr copy` goes record by record and is far too slow for 27 million rows (bench/HISTORY.md).
if [ "$PG" = 1 ]; then
    PG_URL=$OKR_PG_SERVER/okr_bench
    t0=$(now)
    OKR="$OKR" bench/pg_load.sh "$DB" "$PG_URL" >"$WORK/pg_load.log" 2>&1 ||
        { tail -5 "$WORK/pg_load.log" >&2; die "loading PostgreSQL failed"; }
    PG_LOAD_S=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }')
    PG_MB=$(psql "$PG_URL" -XAtc "SELECT pg_database_size(current_database()) / 1048576")
    PG_DATA=$(psql "$PG_URL" -XAtc "SHOW data_directory")
    PG_POSTMASTER=$(head -1 "$PG_DATA/postmaster.pid")
    PG_PORT=$(free_port 3)
    PG_BASE="http://$HOST:$PG_PORT"
    "$OKR" --db "$PG_URL" serve --listen "$HOST:$PG_PORT" --threads "$THREADS" \
        >"$WORK/okr_pg.log" 2>&1 &
    OKR_PG_PID=$!
    wait_http "$PG_BASE/healthz"
fi

# ---- the small company: signed up through the API, in the same database file ----
# A whole cycle's alignment tree of the demo company would be hundreds of MB, so the whole tree is
# measured on this company, and on the demo company the tree of one team (tree_team). Without
# `okr token` (older okr), the reads and check-ins are measured here too.
small_company() { # builds it through the server at $BASE; sets TOKEN, AUTH, CYCLE, ...
JAR="$WORK/jar"
CSRF=$(curl -fsS --max-time 30 -c "$JAR" -H 'Content-Type: application/json' \
    -d '{"tenant_name":"Bench Co","name":"Bench Admin","email":"bench@bench.example","password":"a long bench passphrase"}' \
    "$BASE/api/v1/signup" | jq -r .csrf_token)
TOKEN=$(curl -fsS --max-time 30 -b "$JAR" -H 'Content-Type: application/json' -H "Origin: $BASE" \
    -H "X-CSRF-Token: $CSRF" -d '{"name":"api_bench"}' "$BASE/api/v1/tokens" | jq -r .token)
if [ -z "$TOKEN" ] || [ "$TOKEN" = null ]; then
    die "no API token"
fi
AUTH="Authorization: Bearer $TOKEN"

api() { # METHOD PATH [BODY]
    if [ $# -ge 3 ]; then
        curl -fsS --max-time 60 -X "$1" -H "$AUTH" -H 'Content-Type: application/json' -d "$3" "$BASE$2"
    else
        curl -fsS --max-time 60 -X "$1" -H "$AUTH" "$BASE$2"
    fi
}

# POST every line of stdin (a JSON object) to PATH over one connection; prints the new ids.
post_many() {
    awk -v url="$BASE$1" -v auth="$AUTH" '
        { gsub(/\\/, "\\\\"); gsub(/"/, "\\\"")
          if (NR > 1) print "next"
          printf "url = \"%s\"\nrequest = \"POST\"\nheader = \"%s\"\n", url, auth
          printf "header = \"Content-Type: application/json\"\ndata = \"%s\"\n", $0 }
        END { print NR > "/dev/stderr" }' 2>"$WORK/post.n" >"$WORK/post.cfg"
    curl -sS --max-time 600 -K "$WORK/post.cfg" >"$WORK/post.out"
    jq -r '.id // "error"' <"$WORK/post.out" >"$WORK/post.ids"
    if [ "$(grep -c '^[0-9][0-9]*$' "$WORK/post.ids")" -ne "$(cat "$WORK/post.n")" ]; then
        grep -v '"id"' "$WORK/post.out" | head -c 600 >&2
        die "POST $1: not every record was created"
    fi
    cat "$WORK/post.ids"
}
nth() { sed -n "$1p" "$2"; } # LINE FILE

# Its records, built through the API:
# A quarter around today with four themes; 8 company objectives (one per theme, in turn), one
# objective per team aligned to a company key result, one personal objective per person aligned
# to a team key result; three key results each (start 0, target 100).
t0=$(now)
Q_START=$(date -u +%Y-%m-01)
Q_END=$(date -u -d "$Q_START + 3 months - 1 day" +%Y-%m-%d)
CYCLE=$(api POST /api/v1/cycles "{\"name\":\"Bench quarter\",\"start\":\"$Q_START\",\"end\":\"$Q_END\",\"kind\":\"quarter\"}" | jq -r .id)
api POST "/api/v1/cycles/$CYCLE/activate" >/dev/null
ME=$(api GET /api/v1/me | jq -r .id)
for s in financial market business capability; do
    echo "{\"title\":\"Theme $s\",\"source\":\"$s\",\"horizon\":\"short\"}"
done | post_many /api/v1/themes >"$WORK/themes.ids"
TEAMS=$(((OBJECTIVES + 9) / 10))
seq "$OBJECTIVES" | awk -v m="$ME" '{ printf "{\"name\":\"Person %d\",\"email\":\"p%d@bench.example\",\"manager_id\":%s}\n", $1, $1, m }' |
    post_many /api/v1/users >"$WORK/users.ids"
seq "$TEAMS" | while read -r i; do
    echo "{\"name\":\"Team $i\",\"lead_id\":$(nth "$(((i - 1) * 10 + 1))" "$WORK/users.ids")}"
done | post_many /api/v1/teams >"$WORK/teams.ids"

add_krs() { # OBJECTIVE_IDS_FILE: three key results each; prints their ids
    while read -r o; do
        for k in 1 2 3; do
            echo "{\"objective_id\":$o,\"title\":\"Raise measure $k of objective $o from 0 to 100\",\"start\":0,\"target\":100,\"unit\":\"points\"}"
        done
    done <"$1" | post_many /api/v1/key-results
}
seq 8 | while read -r i; do
    echo "{\"cycle_id\":$CYCLE,\"title\":\"Company objective $i\",\"theme_id\":$(nth "$(((i - 1) % 4 + 1))" "$WORK/themes.ids")}"
done | post_many /api/v1/objectives >"$WORK/o1.ids"
add_krs "$WORK/o1.ids" >"$WORK/k1.ids"
N1=$(wc -l <"$WORK/k1.ids")
seq "$TEAMS" | while read -r i; do
    echo "{\"cycle_id\":$CYCLE,\"title\":\"Objective of team $i\",\"owner_team_id\":$(nth "$i" "$WORK/teams.ids"),\"parent_kr_id\":$(nth "$(((i - 1) % N1 + 1))" "$WORK/k1.ids")}"
done | post_many /api/v1/objectives >"$WORK/o2.ids"
add_krs "$WORK/o2.ids" >"$WORK/k2.ids"
N2=$(wc -l <"$WORK/k2.ids")
seq "$OBJECTIVES" | while read -r i; do
    echo "{\"cycle_id\":$CYCLE,\"title\":\"Personal objective $i\",\"owner_user_id\":$(nth "$i" "$WORK/users.ids"),\"parent_kr_id\":$(nth "$(((i - 1) % N2 + 1))" "$WORK/k2.ids")}"
done | post_many /api/v1/objectives >"$WORK/o3.ids"
add_krs "$WORK/o3.ids" >"$WORK/k3.ids"
cat "$WORK/o1.ids" "$WORK/o2.ids" "$WORK/o3.ids" >"$WORK/objectives.ids"
cat "$WORK/k1.ids" "$WORK/k2.ids" "$WORK/k3.ids" >"$WORK/krs.ids"
NOBJ=$(wc -l <"$WORK/objectives.ids")
NKR=$(wc -l <"$WORK/krs.ids")
SETUP_S=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
TREE_BYTES=$(api GET "/api/v1/cycles/$CYCLE/tree" | wc -c)
}
if [ "$PG" = 1 ]; then # first on PostgreSQL: its ids and credentials are kept aside
    SQLITE_BASE=$BASE
    BASE=$PG_BASE
    small_company
    BASE=$SQLITE_BASE
    PG_TOKEN=$TOKEN
    PG_CYCLE=$CYCLE
    PG_AUTH=$AUTH
    mv "$WORK/objectives.ids" "$WORK/objectives_pg.ids"
    PG_TREE_BYTES=$TREE_BYTES
fi
small_company
if [ -n "$DEMO_TOKEN" ]; then
    READ_TOKEN=$DEMO_TOKEN
    READ_IDS="$WORK/demo_objectives.ids"
    CHECKIN_IDS="$WORK/demo_krs.ids"
    ON="demo company"
else
    READ_TOKEN=$TOKEN
    READ_IDS="$WORK/objectives.ids"
    CHECKIN_IDS="$WORK/krs.ids"
    ON="small company"
fi
OBJ_ONE=$(nth 1 "$READ_IDS")
OBJ_BYTES=$(curl -fsS --max-time 120 -H "Authorization: Bearer $READ_TOKEN" \
    "$BASE/api/v1/objectives/$OBJ_ONE" | tee "$WORK/objective.json" | wc -c)

# ---- nginx: the same bytes as one objective, as a static file ----
NGINX_PORT=$(free_port 2)
mkdir -p "$WORK/nginx/www" "$WORK/nginx/logs" "$WORK/nginx/tmp"
cp "$WORK/objective.json" "$WORK/nginx/www/objective.json"
chmod -R a+rX "$WORK/nginx"
chmod 777 "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<EOF
# Generated by bench/api_bench.sh: a reference nginx on loopback, nothing else.
worker_processes $THREADS;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/json;
    access_log $WORK/nginx/logs/access.log;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    server {
        listen $HOST:$NGINX_PORT;
        root $WORK/nginx/www;
    }
}
EOF
"$NGINX" -e "$WORK/nginx/logs/error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" \
    -g 'daemon off;' 2>"$WORK/nginx/logs/stderr.log" &
NGINX_PID=$!
wait_http "http://$HOST:$NGINX_PORT/objective.json"

# ---- wrk scripts ----
# GET one objective with its key results, going round the objectives in IDS.
read_lua() { # IDS TOKEN
    cat <<EOF
local ids = {$(paste -sd, "$1")}
local headers = {["Authorization"] = "Bearer $2"}
local n = 0
request = function()
    n = n + 1
    return wrk.format("GET", "/api/v1/objectives/" .. ids[n % #ids + 1], headers)
end
EOF
}
read_lua "$READ_IDS" "$READ_TOKEN" >"$WORK/objective.lua"
read_lua "$WORK/objectives.ids" "$TOKEN" >"$WORK/objective_small.lua"
[ "$PG" != 1 ] || read_lua "$WORK/objectives_pg.ids" "$PG_TOKEN" >"$WORK/objective_small_pg.lua"
# POST a check-in on a key result drawn at random from CHECKIN_IDS.
cat >"$WORK/checkin.lua" <<EOF
local ids = {$(paste -sd, "$CHECKIN_IDS")}
local headers = {["Authorization"] = "Bearer $READ_TOKEN", ["Content-Type"] = "application/json"}
function init(args)
    math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
request = function()
    local body = string.format('{"value":%d,"confidence":0.%d,"note":"bench"}',
                               math.random(0, 100), math.random(1, 9))
    return wrk.format("POST", "/api/v1/key-results/" .. ids[math.random(#ids)] .. "/checkins",
                      headers, body)
end
EOF

# CPU time (user + system, clock ticks) used so far by the processes PIDS, all their threads;
# with PG_CPU=1 also by the PostgreSQL cluster: the postmaster, its live children (backends) and
# the children it has reaped (a backend that ends during a run counts there).
cpu_ticks() {
    {
        for p in "$@"; do
            awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null
        done
        if [ "${PG_CPU:-0}" = 1 ]; then
            awk '{ print $14 + $15 + $16 + $17 }' "/proc/$PG_POSTMASTER/stat"
            for p in $(pgrep -P "$PG_POSTMASTER"); do
                awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null
            done
        fi
    } | awk '{ s += $1 } END { print s + 0 }'
}
TICK_US=$((1000000 / $(getconf CLK_TCK)))

# One wrk run against the server whose processes are $SERVER_PIDS; appends
# "req/s p99_ms errors cpu_us_per_request timeouts" to $WORK/NAME.txt and prints it. Errors are
# answers other than 2xx and broken connections; timeouts are requests unanswered after 5 s.
wrk_run() { # NAME URL [wrk options]
    name=$1
    url=$2
    shift 2
    # shellcheck disable=SC2086 # a list of pids
    c0=$(cpu_ticks $SERVER_PIDS)
    wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --timeout 5s --latency "$@" "$url" \
        >"$WORK/wrk.out" 2>&1 || { cat "$WORK/wrk.out" >&2; die "wrk failed ($name)"; }
    # shellcheck disable=SC2086
    c1=$(cpu_ticks $SERVER_PIDS)
    awk -v cpu="$(((c1 - c0) * TICK_US))" '
        / requests in / { n = $1 }
        /Requests\/sec:/ { rps = $2 }
        /^ +99%/ { v = $2; x = v + 0
                   if (v ~ /us$/) x /= 1000; else if (v ~ /ms$/) x += 0
                   else if (v ~ /s$/) x *= 1000; else if (v ~ /m$/) x *= 60000
                   p99 = x }
        /Non-2xx or 3xx responses:/ { bad += $NF }
        /Socket errors:/ { gsub(/,/, ""); bad += $4 + $6 + $8; slow = $10 }
        END { if (!n) p99 = 5000 # nothing answered within the run: at least the timeout
              printf(rps < 100 ? "%.1f" : "%.0f", rps)
              printf " %.3f %d %.1f %d\n", p99, bad, n ? cpu / n : 0, slow }' "$WORK/wrk.out" |
        tee -a "$WORK/$name.txt"
    [ -z "$DRAIN" ] || drain "$DRAIN"
}

# Waits (up to 120 s) until okr has finished what wrk left in flight: slow requests still running
# when wrk stops would otherwise eat into the next measurement. Idle: /healthz answers in under
# 20 ms four times in a row.
drain() { # BASE
    fast=0
    i=0
    while [ "$fast" -lt 4 ] && [ "$i" -lt 600 ]; do
        t=$(curl -s -o /dev/null --max-time 10 -w '%{time_total}' "$1/healthz" || echo 10)
        if awk -v t="$t" 'BEGIN { exit !(t < 0.02) }'; then
            fast=$((fast + 1))
        else
            fast=0
            sleep 0.2
        fi
        i=$((i + 1))
    done
}

ref_run() { # MODE: the commit reference next to okr's database; appends "commits/s p99_ms 0 cpu_us"
    rm -f "$WORK/ref.db" "$WORK/ref.db-wal" "$WORK/ref.db-shm"
    secs=$(echo "$DURATION" | sed 's/s$//')
    line=$("$WORK/sqlite_commit" "$WORK/ref.db" "$THREADS" "$secs" "$1")
    rm -f "$WORK/ref.db" "$WORK/ref.db-wal" "$WORK/ref.db-shm"
    echo "$line" | awk '{ printf "%s %s 0 %s 0\n", $10, $14, $16 }' | tee -a "$WORK/commit_$1.txt"
}

echo "api_bench: $CORES cores; okr serve and nginx $THREADS workers each; wrk -t$WRK_THREADS -c$CONNS -d$DURATION; $RUNS runs; in $WORK"
echo "demo company: okr demo --people $PEOPLE took ${DEMO_S} s once (cached: $DEMO, $DB_MB MB; copied in ${COPY_S} s)"
echo "small company (signed up in the same database): $NOBJ objectives, $NKR key results, built through the API in ${SETUP_S} s"
if [ -n "$DEMO_TOKEN" ]; then
    echo "objective and checkin: on the demo company ($(wc -l <"$READ_IDS") objectives and $(wc -l <"$CHECKIN_IDS") key results of quarter $DEMO_CYCLE, token of user $ADMIN)"
else
    echo "objective and checkin: on the small company ('$OKR help token' fails: no way to get a credential for the demo company)"
fi
echo "answers: objective $OBJ_BYTES bytes (nginx serves the same bytes), tree $TREE_BYTES bytes"
TARGETS="nginx healthz objective objective_small tree checkin commit_busy commit_mutex"
if [ -n "$DEMO_TOKEN" ] && [ -n "${DEMO_TEAM:-}" ]; then
    TEAM_TREE="$BASE/api/v1/cycles/$DEMO_CYCLE/tree?team=$DEMO_TEAM"
    TEAM_BYTES=$(curl -fsS --max-time 120 -H "Authorization: Bearer $DEMO_TOKEN" "$TEAM_TREE" | wc -c)
    TARGETS="$TARGETS tree_team"
fi
if [ "$PG" = 1 ]; then
    echo "PostgreSQL $(psql "$PG_URL" -XAtc 'SHOW server_version') (fsync on, synchronous_commit on): the demo company loaded in ${PG_LOAD_S} s (bench/pg_load.sh, $PG_MB MB); the small company built through the API there too (tree $PG_TREE_BYTES bytes)"
    TARGETS="$TARGETS healthz_pg objective_pg objective_small_pg tree_pg checkin_pg pg_commit"
    # The PostgreSQL reference: durable single-row INSERT transactions by pgbench, as many clients
    # as okr has workers, into a checkins-shaped table with its primary key and one index.
    psql "$PG_URL" -XAtqc "CREATE TABLE bench_commit (tenant_id bigint NOT NULL, id bigserial,
        kr_id bigint NOT NULL, author_id bigint NOT NULL, at bigint NOT NULL, value double
        precision NOT NULL, confidence double precision NOT NULL, status text NOT NULL, note text
        NOT NULL, PRIMARY KEY (tenant_id, id)); CREATE INDEX ON bench_commit (tenant_id, kr_id)"
    cat >"$WORK/pg_commit.sql" <<'EOF'
\set kr random(1, 100000)
INSERT INTO bench_commit (tenant_id, kr_id, author_id, at, value, confidence, status, note) VALUES (1, :kr, 1, 1780000000, 42, 0.7, 'on_track', 'bench');
EOF
fi
echo
# pgbench's durable commits; appends "commits/s p99_ms errors cpu_us timeouts" (cpu: postgres's).
pg_ref_run() {
    secs=$(echo "$DURATION" | sed 's/s$//')
    rm -f "$WORK"/pgb.*
    kids=$(pgrep -P "$PG_POSTMASTER" | wc -l)
    # shellcheck disable=SC2086
    c0=$(cpu_ticks $SERVER_PIDS)
    (cd "$WORK" && pgbench -n -c "$THREADS" -j "$THREADS" -T "$secs" -f pg_commit.sql --log \
        --log-prefix=pgb "$PG_URL") >"$WORK/pgbench.out" 2>&1 ||
        { cat "$WORK/pgbench.out" >&2; die "pgbench failed"; }
    # pgbench's backends count once the postmaster has reaped them (up to 5 s).
    i=0
    while [ "$(pgrep -P "$PG_POSTMASTER" | wc -l)" -gt "$kids" ] && [ "$i" -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    # shellcheck disable=SC2086
    c1=$(cpu_ticks $SERVER_PIDS)
    n=$(cat "$WORK"/pgb.* | wc -l)
    p99=$(cat "$WORK"/pgb.* | awk '{ print $3 / 1000 }' | sort -g |
        awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.3f", v[i] }')
    tps=$(awk '/^tps = / { printf "%.0f", $3 }' "$WORK/pgbench.out")
    fails=$(awk '/number of failed transactions:/ { print $5 + 0 }' "$WORK/pgbench.out")
    awk -v tps="$tps" -v p99="$p99" -v f="${fails:-0}" -v n="$n" -v cpu="$(((c1 - c0) * TICK_US))" \
        'BEGIN { printf "%s %s %d %.1f 0\n", tps, p99, f, n ? cpu / n : 0 }' |
        tee -a "$WORK/pg_commit.txt"
}
run=1
while [ "$run" -le "$RUNS" ]; do
    echo "run $run: req/s p99_ms errors cpu_us/req timeouts"
    for n in $TARGETS; do
        printf '  %-18s ' "$n"
        SERVER_PIDS=$OKR_PID
        DRAIN=$BASE
        PG_CPU=0
        case $n in
        *_pg | pg_commit)
            SERVER_PIDS=$OKR_PG_PID
            DRAIN=$PG_BASE
            PG_CPU=1
            ;;
        esac
        case $n in
        nginx)
            SERVER_PIDS="$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"
            DRAIN=""
            wrk_run nginx "http://$HOST:$NGINX_PORT/objective.json"
            ;;
        healthz) wrk_run healthz "$BASE/healthz" ;;
        objective) wrk_run objective "$BASE/" -s "$WORK/objective.lua" ;;
        objective_small) wrk_run objective_small "$BASE/" -s "$WORK/objective_small.lua" ;;
        tree) wrk_run tree "$BASE/api/v1/cycles/$CYCLE/tree" -H "$AUTH" ;;
        tree_team) wrk_run tree_team "$TEAM_TREE" -H "Authorization: Bearer $DEMO_TOKEN" ;;
        checkin) wrk_run checkin "$BASE/" -s "$WORK/checkin.lua" ;;
        commit_busy) ref_run busy ;;
        commit_mutex) ref_run mutex ;;
        healthz_pg) wrk_run healthz_pg "$PG_BASE/healthz" ;;
        objective_pg) wrk_run objective_pg "$PG_BASE/" -s "$WORK/objective.lua" ;;
        objective_small_pg) wrk_run objective_small_pg "$PG_BASE/" -s "$WORK/objective_small_pg.lua" ;;
        tree_pg) wrk_run tree_pg "$PG_BASE/api/v1/cycles/$PG_CYCLE/tree" -H "$PG_AUTH" ;;
        checkin_pg) wrk_run checkin_pg "$PG_BASE/" -s "$WORK/checkin.lua" ;;
        pg_commit)
            SERVER_PIDS=""
            DRAIN=""
            pg_ref_run
            ;;
        esac
    done
    run=$((run + 1))
done

med() { awk -v c="$2" '{ print $c }' "$WORK/$1.txt" | median; } # NAME COLUMN
sum() { awk -v c="$2" '{ s += $c } END { print s + 0 }' "$WORK/$1.txt"; } # NAME COLUMN
echo
echo "medians of $RUNS runs                     req/s    p99_ms  cpu_us/req  errors  timeouts"
for n in $TARGETS; do
    case $n in
    nginx) what="nginx static file" ;;
    healthz) what="GET /healthz" ;;
    objective) what="GET objective, $ON" ;;
    objective_small) what="GET objective, small company" ;;
    tree) what="GET tree, small company" ;;
    tree_team) what="GET tree of one team, demo company" ;;
    checkin) what="POST checkin, $ON" ;;
    commit_busy) what="sqlite commit, busy" ;;
    commit_mutex) what="sqlite commit, mutex" ;;
    healthz_pg) what="PostgreSQL: GET /healthz" ;;
    objective_pg) what="PostgreSQL: GET objective, $ON" ;;
    objective_small_pg) what="PostgreSQL: GET objective, small" ;;
    tree_pg) what="PostgreSQL: GET tree, small company" ;;
    checkin_pg) what="PostgreSQL: POST checkin, $ON" ;;
    pg_commit) what="PostgreSQL commit (pgbench)" ;;
    esac
    printf '  %-36s %8s %9s %11s %7s %9s\n' "$what" "$(med "$n" 1)" "$(med "$n" 2)" \
        "$(med "$n" 4)" "$(sum "$n" 3)" "$(sum "$n" 5)"
done
NGINX_RPS=$(med nginx 1)
NGINX_CPU=$(med nginx 4)
# The reference is the better of the two ways SQLite's writers can wait for each other.
if awk -v a="$(med commit_busy 1)" -v b="$(med commit_mutex 1)" 'BEGIN { exit !(a >= b) }'; then
    REF=commit_busy
else
    REF=commit_mutex
fi
ratio() { # NAME: "req/s ratio  cpu ratio" against nginx
    printf '%5s  cpu %5s' "$(div "$(med "$1" 1)" "$NGINX_RPS")" "$(div "$NGINX_CPU" "$(med "$1" 4)")"
}
echo
echo "ratios of medians (req/s, and cpu: the reference's CPU time per request / okr's):"
printf '  objective / nginx        %s   aim >= 0.5, p99 %s ms (aim < 5 ms)\n' "$(ratio objective)" \
    "$(med objective 2)"
printf '  objective small / nginx  %s\n' "$(ratio objective_small)"
printf '  healthz / nginx          %s\n' "$(ratio healthz)"
printf '  tree / nginx             %s   (%s bytes, not one record)\n' "$(ratio tree)" "$TREE_BYTES"
if [ -n "${TEAM_TREE:-}" ]; then
    printf '  team tree / nginx        %s   (team %s of the demo company, %s bytes)\n' \
        "$(ratio tree_team)" "$DEMO_TEAM" "$TEAM_BYTES"
fi
printf '  checkin / sqlite commit  %5s  cpu %5s   aim >= 0.5 (reference: %s)\n' \
    "$(div "$(med checkin 1)" "$(med $REF 1)")" "$(div "$(med $REF 4)" "$(med checkin 4)")" "$REF"
if [ "$PG" = 1 ]; then
    # Side by side: the same test on both drivers (cpu_us/req on PostgreSQL counts okr and the
    # PostgreSQL server processes together), and PostgreSQL's figure over SQLite's.
    echo
    echo "SQLite and PostgreSQL side by side (medians; pg/sqlite: req/s ratio)"
    echo "  test               sqlite req/s  p99_ms  cpu_us    pg req/s  p99_ms  cpu_us  pg/sqlite"
    for n in healthz objective objective_small tree checkin; do
        printf '  %-16s %12s %8s %7s %11s %7s %7s %10s\n' "$n" "$(med "$n" 1)" "$(med "$n" 2)" \
            "$(med "$n" 4)" "$(med "${n}_pg" 1)" "$(med "${n}_pg" 2)" "$(med "${n}_pg" 4)" \
            "$(div "$(med "${n}_pg" 1)" "$(med "$n" 1)")"
    done
    printf '  %-16s %12s %8s %7s %11s %7s %7s %10s\n' "durable commit" "$(med $REF 1)" \
        "$(med $REF 2)" "$(med $REF 4)" "$(med pg_commit 1)" "$(med pg_commit 2)" \
        "$(med pg_commit 4)" "$(div "$(med pg_commit 1)" "$(med $REF 1)")"
    echo
    echo "PostgreSQL ratios of medians (req/s, and cpu: the reference's CPU time per request / okr's + PostgreSQL's):"
    printf '  objective / nginx        %s   aim >= 0.5, p99 %s ms (aim < 5 ms)\n' \
        "$(ratio objective_pg)" "$(med objective_pg 2)"
    printf '  objective small / nginx  %s\n' "$(ratio objective_small_pg)"
    printf '  healthz / nginx          %s\n' "$(ratio healthz_pg)"
    printf '  tree / nginx             %s   (%s bytes)\n' "$(ratio tree_pg)" "$PG_TREE_BYTES"
    printf '  checkin / sqlite commit  %5s  cpu %5s   aim >= 0.5 (reference: %s)\n' \
        "$(div "$(med checkin_pg 1)" "$(med $REF 1)")" "$(div "$(med $REF 4)" "$(med checkin_pg 4)")" "$REF"
    printf '  checkin / pg commit      %5s  cpu %5s   (reference: pgbench, single-row INSERT)\n' \
        "$(div "$(med checkin_pg 1)" "$(med pg_commit 1)")" "$(div "$(med pg_commit 4)" "$(med checkin_pg 4)")"
fi
errors=0
for n in $TARGETS; do
    errors=$((errors + $(sum "$n" 3)))
done
if [ "$errors" -ne 0 ]; then
    echo "api_bench: $errors failed requests (answers other than 2xx, broken connections): the figures above are not valid" >&2
    grep -hv ' status=2' "$WORK/okr.log" "$WORK/okr_pg.log" 2>/dev/null | tail -5 >&2
    exit 1
fi
