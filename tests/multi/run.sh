#!/usr/bin/env bash
# Several instances on one PostgreSQL database: two `okr serve` processes ($OKR_BIN, default
# build/okr) on the database $OKR_TEST_DB (a postgres:// URL; without it the script runs itself
# inside a throwaway cluster of scripts/pg-test.sh), with nginx in front (round robin over both),
# everything on 127.0.0.1 only. It checks what docs/postgresql.md promises:
#
#   - a login through one instance is valid on the other, and so is an API token;
#   - concurrent check-ins through nginx onto the same key results lose nothing: the check-ins
#     listed afterwards are exactly those answered 201, and each key result's version is 1 + its
#     check-ins (no lost update);
#   - killing one instance (SIGKILL) under load loses no acknowledged write: every check-in
#     answered 201 is in the database afterwards. Clients retry what failed (a request whose
#     answer was lost may then be stored twice: that is allowed, but it counts as acknowledged
#     once).
#
# nginx (Debian's package) runs with its own config, pid, logs and temp paths in a temporary
# directory. Every wait and every request is bounded. Prints "N passed, N failed" and exits
# non-zero on any failure. Needs curl, jq and nginx. Environment: MULTI_CLIENTS (parallel clients
# per load, default 4), MULTI_POSTS (check-ins per client, default 100).
#
# No `set -e`: a failed check is recorded and the run goes on, so that one run reports them all.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
OKR_BIN=${OKR_BIN:-$here/../../build/okr}
case "$OKR_BIN" in /*) ;; *) OKR_BIN=$(pwd)/$OKR_BIN ;; esac
export LC_ALL=C.UTF-8
export OKR_NOW=2026-11-29 # tests never depend on the wall clock: the cycle below is active now
export OKR_LOG=${OKR_LOG:-warn}
CLIENTS=${MULTI_CLIENTS:-4}
POSTS=${MULTI_POSTS:-100}

die() {
    echo "tests/multi: $*" >&2
    exit 1
}

case "${OKR_TEST_DB:-}" in
postgres://* | postgresql://*) ;;
"")
    # No database given: a throwaway cluster for this run (it sets OKR_TEST_DB).
    [ -z "${MULTI_IN_PG_TEST:-}" ] || die "scripts/pg-test.sh did not set OKR_TEST_DB"
    MULTI_IN_PG_TEST=1 exec "$here/../../scripts/pg-test.sh" "$0" "$@"
    ;;
*) die "OKR_TEST_DB must be a postgres:// URL" ;;
esac
DB=$OKR_TEST_DB

[ -x "$OKR_BIN" ] || die "no okr binary at $OKR_BIN (make build/okr)"
for tool in curl jq; do
    command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps.sh installs it)"
done
NGINX=$(command -v nginx || true)
[ -n "$NGINX" ] || [ ! -x /usr/sbin/nginx ] || NGINX=/usr/sbin/nginx
[ -n "$NGINX" ] || die "nginx is missing (scripts/deps.sh installs it)"

passed=0
failed=0
current=""
pids=() # everything we started, stopped on exit

fail() {
    echo "  FAIL $current: $*" >&2
    touch "$top/.failed"
}

equals() {
    [ "$1" = "$2" ] || fail "${3:-}${3:+: }expected '$2', got '$1'"
}

contains() {
    case "$1" in *"$2"*) ;; *) fail "expected '$2' in: ${1:0:400}" ;; esac
}

top=$(mktemp -d "${TMPDIR:-/tmp}/okr-multi-XXXXXX")
# nginx's workers run as `nobody` when we are root: they must reach their temp paths.
chmod 755 "$top"

cleanup() {
    local rc=$? p
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in "${pids[@]}"; do
        # bounded: a process that ignores SIGTERM for 5 s is killed
        for _ in $(seq 50); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true # our children are reaped either way (disowned or not)
    done
    if [ "$rc" -ne 0 ] && [ -z "${MULTI_KEEP:-}" ]; then
        for f in "$top"/okr-a.log "$top"/okr-b.log "$top"/nginx/error.log; do
            [ -s "$f" ] || continue
            echo "--- last lines of $(basename "$f"):" >&2
            tail -n 15 "$f" >&2
        done
    fi
    if [ -n "${MULTI_KEEP:-}" ]; then
        echo "tests/multi: kept $top" >&2
    else
        rm -rf "$top"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free TCP port on 127.0.0.1 (nothing answers there now), below Linux's ephemeral range
# (32768 and up): a client's outgoing connection could hold one there, and the bind would fail.
free_port() {
    local p _
    for _ in $(seq 100); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 12768))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# wait_http URL PID: waits (10 s at most) for URL to answer 2xx while PID lives.
wait_http() {
    local _
    for _ in $(seq 100); do
        curl -fsS --max-time 2 "$1" >/dev/null 2>&1 && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# start_instance NAME: `okr serve` on a port the kernel picks (127.0.0.1:0), read from its log
# $top/okr-NAME.log. Sets inst_pid and inst_url.
start_instance() {
    local name=$1 log=$top/okr-$1.log port="" pid _
    : >"$log"
    OKR_LOG=info "$OKR_BIN" --db "$DB" serve --listen 127.0.0.1:0 --threads 4 2>"$log" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 100); do
        port=$(sed -n 's/.*okr serving .* (port \([0-9]*\)).*/\1/p' "$log" | head -1)
        [ -z "$port" ] || break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$port" ] && wait_http "http://127.0.0.1:$port/healthz" "$pid" || {
        cat "$log" >&2
        die "instance $name did not start"
    }
    inst_pid=$pid
    inst_url=http://127.0.0.1:$port
}

# start_nginx: nginx on a free port of 127.0.0.1, upstream = both instances, round robin (the
# default), keep-alive to them. Sets front (its URL).
start_nginx() {
    local ngx=$top/nginx port pid _
    mkdir -p "$ngx/tmp"
    chmod 755 "$ngx"
    for _ in 1 2 3 4 5; do
        port=$(free_port) || die "no free port for nginx"
        cat >"$ngx/nginx.conf" <<EOF
# tests/multi: nginx in front of two okr instances, on 127.0.0.1 only.
daemon off;
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events {
    worker_connections 512;
}
http {
    log_format upstream '\$request_method \$uri \$status \$upstream_addr \$upstream_status';
    access_log $ngx/access.log upstream;
    client_body_temp_path $ngx/tmp/body;
    proxy_temp_path $ngx/tmp/proxy;
    fastcgi_temp_path $ngx/tmp/fastcgi;
    uwsgi_temp_path $ngx/tmp/uwsgi;
    scgi_temp_path $ngx/tmp/scgi;
    upstream okr {
        server ${a_url#http://} max_fails=1 fail_timeout=30s;
        server ${b_url#http://} max_fails=1 fail_timeout=30s;
        keepalive 16;
    }
    server {
        listen 127.0.0.1:$port;
        client_max_body_size 1m;
        location / {
            proxy_pass http://okr;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            # as docs/postgresql.md: no non_idempotent, a POST is never sent twice by nginx
            proxy_next_upstream error timeout http_502;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
        }
    }
}
EOF
        "$NGINX" -p "$ngx/" -c "$ngx/nginx.conf" -e "$ngx/error.log" 2>>"$ngx/start.log" &
        pid=$!
        if wait_http "http://127.0.0.1:$port/healthz" "$pid"; then
            pids+=("$pid")
            front=http://127.0.0.1:$port
            return 0
        fi
        kill -TERM "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        grep -q "Address already in use" "$ngx/error.log" "$ngx/start.log" 2>/dev/null || {
            cat "$ngx/start.log" "$ngx/error.log" >&2 2>/dev/null
            die "nginx did not start"
        }
    done
    die "nginx found no free port"
}

# ---- the company every test works in ----

json='Content-Type: application/json'
email=admin@multi.example
password='a long passphrase'

# kr_create TITLE: a key result of the objective; prints its id.
kr_create() {
    curl -fsS --max-time 10 -X POST "$front/api/v1/key-results" -H "$auth" -H "$json" \
        -d "{\"objective_id\":$objective,\"title\":\"$1\",\"target\":100000}" | jq -e .id
}

# client OUT URL FALLBACK COUNT PREFIX KR...: COUNT check-ins posted one after the other through
# URL, onto the key results in turn, each with a note of its own (PREFIX-i). A check-in that is
# not answered 201 is posted again (same note) up to 4 times, through FALLBACK. One line per
# attempt in OUT: "note kr attempt http_code" (000: no answer). Bounded: 10 s per request.
client() {
    local out=$1 url=$2 fallback=$3 count=$4 prefix=$5
    shift 5
    local krs=("$@") i kr note code try target
    for ((i = 1; i <= count; i++)); do
        kr=${krs[$((i % ${#krs[@]}))]}
        note=$prefix-$i
        target=$url
        for try in 1 2 3 4 5; do
            code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST \
                "$target/api/v1/key-results/$kr/checkins" -H "$auth" -H "$json" \
                -d "{\"value\":$i,\"confidence\":0.6,\"note\":\"$note\"}") || true
            [ -n "$code" ] || code=000
            echo "$note $kr $try $code" >>"$out"
            [ "$code" != 201 ] || break
            target=$fallback
            sleep 0.05
        done
    done
}

# burst OUT URL COUNT PREFIX KR: COUNT check-ins posted at once (one curl each) through URL, no
# retries; one line per check-in in OUT as client writes them. Waits for all (10 s each at most).
burst() {
    local out=$1 url=$2 count=$3 prefix=$4 kr=$5 i ps=()
    for ((i = 1; i <= count; i++)); do
        curl -s -o /dev/null -w "$prefix-$i $kr 1 %{http_code}\n" --max-time 10 -X POST \
            "$url/api/v1/key-results/$kr/checkins" -H "$auth" -H "$json" \
            -d "{\"value\":$i,\"confidence\":0.6,\"note\":\"$prefix-$i\"}" >"$out.$i" &
        ps+=($!)
    done
    wait "${ps[@]}"
    for ((i = 1; i <= count; i++)); do
        [ -s "$out.$i" ] && cat "$out.$i" || echo "$prefix-$i $kr 1 000"
        rm -f "$out.$i"
    done >"$out"
}

# wait_clients SECONDS PID...: waits for the clients, killing them past the deadline.
wait_clients() {
    local deadline=$((SECONDS + $1)) p
    shift
    for p in "$@"; do
        while kill -0 "$p" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
            sleep 0.1
        done
        if kill -0 "$p" 2>/dev/null; then
            fail "a client was still running after the deadline"
            kill -TERM "$p" 2>/dev/null
        fi
        wait "$p" 2>/dev/null
    done
}

# stored KR: the check-ins of a key result as listed by the API ("id value note" lines, in id
# order), every page.
stored() {
    local after="" page
    while :; do
        page=$(curl -fsS --max-time 20 \
            "$front/api/v1/key-results/$1/checkins?limit=500${after:+&after=$after}" \
            -H "$auth") || return 1
        jq -r '.items[] | "\(.id) \(.value) \(.note)"' <<<"$page"
        after=$(jq -r '.next_cursor // empty' <<<"$page")
        [ -n "$after" ] || return 0
    done
}

# check_krs KR...: for each key result, its version is 1 + its check-ins and its current value
# is that of its last check-in (whatever was committed last is what the key result shows).
check_krs() {
    local kr n kr_json last
    for kr in "$@"; do
        stored "$kr" >"stored-$kr.txt" || fail "cannot list the check-ins of key result $kr"
        n=$(wc -l <"stored-$kr.txt")
        kr_json=$(curl -fsS --max-time 10 "$front/api/v1/key-results/$kr" -H "$auth")
        equals "$(jq .version <<<"$kr_json")" "$((n + 1))" "version of key result $kr"
        last=$(tail -n 1 "stored-$kr.txt" | cut -d' ' -f2)
        [ "$n" -eq 0 ] ||
            equals "$(jq .current <<<"$kr_json")" "$last" "current value of key result $kr"
    done
}

# ---- the tests ----

# Sign up through nginx, log in through A, use the session (cookie + CSRF token) on B; an API
# token made through B works on A; logging out through B ends the session on A too.
test_login_through_one_instance_is_valid_on_the_other() {
    local code csrf me token
    code=$(curl -s -o signup.json -w '%{http_code}' --max-time 10 -X POST \
        "$front/api/v1/signup" -H "$json" \
        -d "{\"tenant_name\":\"Multi Co\",\"name\":\"Admin\",\"email\":\"$email\",\"password\":\"$password\"}")
    equals "$code" 201 "sign-up through nginx"
    code=$(curl -s -c jar -o login.json -w '%{http_code}' --max-time 10 -X POST \
        "$a_url/api/v1/sessions" -H "$json" \
        -d "{\"email\":\"$email\",\"password\":\"$password\"}")
    equals "$code" 201 "login through A"
    csrf=$(jq -r .csrf_token login.json)
    [ -n "$csrf" ] && [ "$csrf" != null ] || {
        fail "no CSRF token from the login: $(cat login.json)"
        return
    }
    me=$(curl -fsS -b jar --max-time 10 "$b_url/api/v1/me")
    equals "$(jq -r .email <<<"$me")" "$email" "the session on B"
    equals "$(jq -r .csrf_token <<<"$me")" "$csrf" "the session's CSRF token on B"
    # A write on B with A's session: refused without the CSRF token, done with it.
    equals "$(curl -s -b jar -o /dev/null -w '%{http_code}' --max-time 10 -X POST \
        "$b_url/api/v1/tokens" -H "$json" -H "Origin: $b_url" -d '{"name":"no csrf"}')" 403 \
        "a cookie write on B without the CSRF token"
    code=$(curl -s -b jar -o token.json -w '%{http_code}' --max-time 10 -X POST \
        "$b_url/api/v1/tokens" -H "$json" -H "X-CSRF-Token: $csrf" -H "Origin: $b_url" \
        -d '{"name":"multi"}')
    equals "$code" 201 "a token made on B with A's session"
    token=$(jq -r .token token.json)
    equals "$(curl -fsS --max-time 10 "$a_url/api/v1/me" -H "Authorization: Bearer $token" |
        jq -r .email)" "$email" "B's token on A"
    echo "$token" >"$top/token"
    # Logging out through B ends the session everywhere.
    equals "$(curl -s -b jar -o /dev/null -w '%{http_code}' --max-time 10 -X DELETE \
        "$b_url/api/v1/sessions/current" -H "X-CSRF-Token: $csrf" -H "Origin: $b_url")" 204 \
        "logout through B"
    equals "$(curl -s -b jar -o /dev/null -w '%{http_code}' --max-time 10 "$a_url/api/v1/me")" \
        401 "the session on A after logout through B"
}

# CLIENTS x POSTS check-ins in parallel through nginx onto three key results: every one answered
# 201, every one stored once, no lost update; both instances took part.
test_concurrent_checkins_through_both_lose_nothing() {
    local krs=() i k clients=() acked total
    for i in 1 2 3; do
        k=$(kr_create "Concurrent $i") || {
            fail "cannot create key results"
            return
        }
        krs+=("$k")
    done
    local before
    before=$(wc -l <"$top/nginx/access.log")
    for ((i = 1; i <= CLIENTS; i++)); do
        client "c$i.out" "$front" "$front" "$POSTS" "b$i" "${krs[@]}" &
        clients+=($!)
    done
    wait_clients 300 "${clients[@]}"
    cat c*.out >answers.txt
    total=$((CLIENTS * POSTS))
    acked=$(awk '$4 == 201' answers.txt | wc -l)
    equals "$acked" "$total" "check-ins answered 201 (others: $(awk '$4 != 201 {print $4}' \
        answers.txt | sort | uniq -c | tr -s ' \n' ' '))"
    check_krs "${krs[@]}"
    # Stored: exactly the acknowledged notes, each once.
    for k in "${krs[@]}"; do cat "stored-$k.txt"; done | cut -d' ' -f3 | sort >stored-notes.txt
    awk '$4 == 201 {print $1}' answers.txt | sort >acked-notes.txt
    equals "$(wc -l <stored-notes.txt)" "$acked" "check-ins stored"
    cmp -s stored-notes.txt acked-notes.txt ||
        fail "stored and acknowledged check-ins differ: $(diff acked-notes.txt stored-notes.txt |
            head -5 | tr '\n' ' ')"
    # Round robin: each instance served a fair share of the check-ins.
    local a_n b_n
    tail -n +"$((before + 1))" "$top/nginx/access.log" | grep '^POST .*/checkins 201' >posts.log
    a_n=$(grep -c " ${a_url#http://} " posts.log)
    b_n=$(grep -c " ${b_url#http://} " posts.log)
    echo "  $acked check-ins, $a_n through A and $b_n through B"
    [ "$a_n" -ge $((total / 4)) ] && [ "$b_n" -ge $((total / 4)) ] ||
        fail "nginx did not spread the load: $a_n through A, $b_n through B"
}

# SIGKILL to instance A while clients post check-ins (through nginx, and one straight to A that
# falls back to nginx): every check-in answered 201 is stored; nothing is stored that nobody sent;
# no lost update; B and nginx go on serving, and the dead instance's locks are gone.
test_killing_an_instance_loses_no_acknowledged_write() {
    local krs=() i k clients=() _
    for i in 1 2 3; do
        k=$(kr_create "Crash $i") || {
            fail "cannot create key results"
            return
        }
        krs+=("$k")
    done
    client "d0.out" "$a_url" "$front" "$POSTS" "d0" "${krs[@]}" &
    clients+=($!)
    for ((i = 1; i < CLIENTS; i++)); do
        client "d$i.out" "$front" "$front" "$POSTS" "d$i" "${krs[@]}" &
        clients+=($!)
    done
    # Once a quarter of the load is acknowledged (20 s at most), a burst of parallel check-ins
    # straight to A, so that A dies with requests in flight, some of them maybe committed.
    local want=$((CLIENTS * POSTS / 4)) acked_at_kill
    for _ in $(seq 400); do
        [ "$(cat d*.out 2>/dev/null | awk '$4 == 201' | wc -l)" -lt "$want" ] || break
        sleep 0.05
    done
    burst "burst.out" "$a_url" 32 "x" "${krs[1]}" &
    clients+=($!)
    # the kill: as soon as a few of the burst are answered (3 s at most)
    for _ in $(seq 300); do
        [ "$(find . -name 'burst.out.*' -size +0 | wc -l)" -lt 4 ] || break
        sleep 0.01
    done
    kill -KILL "$a_pid"
    wait "$a_pid" 2>/dev/null
    acked_at_kill=$(cat d*.out | awk '$4 == 201' | wc -l)
    wait_clients 300 "${clients[@]}"
    cat d*.out burst.out >answers.txt
    local acked acked_total attempted unanswered
    acked_total=$(awk '$4 == 201' answers.txt | wc -l)
    awk '$4 == 201 {print $1}' answers.txt | sort -u >acked-notes.txt
    acked=$(wc -l <acked-notes.txt)
    awk '{print $1}' answers.txt | sort -u >attempted-notes.txt
    attempted=$(wc -l <attempted-notes.txt)
    unanswered=$(awk '$4 != 201' answers.txt | wc -l)
    [ "$acked" -eq "$acked_total" ] || fail "a check-in was answered 201 twice"
    [ "$acked_at_kill" -lt "$acked" ] || fail "the kill did not happen under load"
    [ "$acked_at_kill" -gt 0 ] || fail "the kill happened before any load"
    check_krs "${krs[@]}"
    for k in "${krs[@]}"; do cat "stored-$k.txt"; done | cut -d' ' -f3 | sort >stored-all.txt
    sort -u stored-all.txt >stored-notes.txt
    local missing extra twice
    missing=$(comm -23 acked-notes.txt stored-notes.txt | wc -l)
    extra=$(comm -13 attempted-notes.txt stored-notes.txt | wc -l)
    twice=$(uniq -d stored-all.txt | wc -l)
    local in_doubt
    in_doubt=$(awk '$4 != 201 {print $1}' burst.out | sort | comm -12 - stored-notes.txt | wc -l)
    echo "  $attempted check-ins sent, $acked acknowledged ($acked_at_kill before the kill)," \
        "$unanswered attempts failed, $(wc -l <stored-all.txt) stored ($twice twice after a" \
        "retry); of $(wc -l <burst.out) sent at once to A as it died, $(awk '$4 != 201' \
        burst.out | wc -l) got no answer, $in_doubt of those were committed"
    equals "$missing" 0 "acknowledged check-ins missing after the kill ($(comm -23 \
        acked-notes.txt stored-notes.txt | head -3 | tr '\n' ' '))"
    equals "$extra" 0 "stored check-ins that nobody sent"
    # A note is stored twice only if it was retried (its first answer was lost).
    local n
    for n in $(uniq -d stored-all.txt); do
        [ "$(awk -v n="$n" '$1 == n' answers.txt | wc -l)" -gt 1 ] ||
            fail "check-in $n is stored twice but was sent once"
    done
    # The clients with retries got every check-in acknowledged (B and nginx carry on).
    equals "$(cat d*.out | awk '$4 == 201' | wc -l)" "$((CLIENTS * POSTS))" \
        "check-ins acknowledged to the clients that retry"
    # The survivors serve, and A's transaction locks died with it: a write is immediate.
    equals "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$b_url/healthz")" 200 \
        "B after the kill"
    for i in 1 2 3 4; do
        equals "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST \
            "$front/api/v1/key-results/${krs[0]}/checkins" -H "$auth" -H "$json" \
            -d '{"value":1,"note":"after the kill"}')" 201 "a check-in through nginx after the kill"
    done
}

# ---- the run ----

echo "tests/multi: two okr instances on PostgreSQL (\$OKR_TEST_DB) behind nginx, $CLIENTS clients x $POSTS check-ins"
"$OKR_BIN" --db "$DB" migrate >/dev/null 2>"$top/migrate.log" || {
    cat "$top/migrate.log" >&2
    die "okr migrate failed"
}
start_instance a
a_pid=$inst_pid
a_url=$inst_url
disown "$a_pid" # a test kills it (SIGKILL): no "Killed" notice from bash
start_instance b
b_pid=$inst_pid
b_url=$inst_url
start_nginx
echo "tests/multi: A $a_url, B $b_url, nginx $front"

auth=""
objective=""
run_test() {
    current=$1
    local dir
    dir=$(mktemp -d "$top/t.XXXXXX")
    rm -f "$top/.failed"
    (cd "$dir" && $1)
    if [ -f "$top/.failed" ]; then
        failed=$((failed + 1))
        echo "FAIL $1"
    else
        passed=$((passed + 1))
        echo "ok   $1"
    fi
}

run_test test_login_through_one_instance_is_valid_on_the_other
[ -s "$top/token" ] || die "no API token: the remaining tests cannot run"
auth="Authorization: Bearer $(cat "$top/token")"
cycle=$(curl -fsS --max-time 10 -X POST "$front/api/v1/cycles" -H "$auth" -H "$json" \
    -d '{"name":"2026 Q4","start":"2026-10-01","end":"2026-12-31"}' | jq -e .id) &&
    curl -fsS --max-time 10 -X POST "$front/api/v1/cycles/$cycle/activate" -H "$auth" >/dev/null &&
    objective=$(curl -fsS --max-time 10 -X POST "$front/api/v1/objectives" -H "$auth" \
        -H "$json" -d "{\"cycle_id\":$cycle,\"title\":\"Survive a crash\"}" | jq -e .id) ||
    die "cannot set up the cycle and objective"
run_test test_concurrent_checkins_through_both_lose_nothing
run_test test_killing_an_instance_loses_no_acknowledged_write

# The survivor stops cleanly: SIGTERM, exit 0 (under ASan: no leak, no error report).
current="instance B exits 0 on SIGTERM"
kill -TERM "$b_pid"
wait "$b_pid"
b_status=$?
if [ "$b_status" -eq 0 ] && ! grep -q "Sanitizer\|runtime error" "$top/okr-b.log"; then
    passed=$((passed + 1))
    echo "ok   $current"
else
    failed=$((failed + 1))
    echo "FAIL $current (status $b_status)"
    grep -A 20 "Sanitizer\|runtime error" "$top/okr-b.log" | head -40 >&2
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
