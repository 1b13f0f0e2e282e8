#!/usr/bin/env bash
# API tests with the real binary ($OKR_BIN, default build/okr): `okr serve` on 127.0.0.1, driven
# with curl and checked with jq, as a user drives it. The database is $OKR_TEST_DB when set (a
# postgres:// URL: every server of the run shares that database, which should be a fresh one:
# the docs examples sign up fixed email addresses), else a SQLite file in a temporary directory.
# One server serves most tests; the tests of stopping and of the config file start their own.
# Each test_* function runs in its own temporary directory; a failed check fails its test.
# Prints "N passed, N failed" and exits non-zero on any failure. Needs curl and jq.
set -u
here=$(cd "$(dirname "$0")" && pwd)
OKR_BIN=${OKR_BIN:-$here/../../build/okr}
case "$OKR_BIN" in /*) ;; *) OKR_BIN=$(pwd)/$OKR_BIN ;; esac
export LC_ALL=C.UTF-8
for tool in curl jq; do
    command -v "$tool" >/dev/null || {
        echo "tests/api: $tool is missing (scripts/deps.sh installs it)" >&2
        exit 1
    }
done
# The database every server uses: a PostgreSQL URL, or empty for a SQLite file per server.
PG_DB=""
case "${OKR_TEST_DB:-}" in
"") ;;
postgres://* | postgresql://*) PG_DB=$OKR_TEST_DB ;;
*)
    echo "tests/api: OKR_TEST_DB must be a postgres:// URL (or unset for SQLite)" >&2
    exit 2
    ;;
esac
if [ -n "$PG_DB" ]; then
    echo "tests/api: database PostgreSQL (\$OKR_TEST_DB)"
else
    echo "tests/api: database SQLite (a file per server in a temporary directory)"
fi
passed=0
failed=0
current=""

fail() {
    echo "  FAIL $current: $*" >&2
    touch .failed
}

equals() {
    [ "$1" = "$2" ] || fail "expected '$2', got '$1'"
}

contains() {
    case "$1" in *"$2"*) ;; *) fail "expected '$2' in: ${1:0:600}" ;; esac
}

lacks() {
    case "$1" in *"$2"*) fail "did not expect '$2' in: ${1:0:600}" ;; *) ;; esac
}

# db_of DIR: the database of a server started in DIR (PostgreSQL: the one database of the run).
db_of() {
    if [ -n "$PG_DB" ]; then
        printf '%s\n' "$PG_DB"
    else
        printf '%s\n' "$1/okr.db"
    fi
}

# start_server DIR [serve options...]: starts `okr serve` on a free port (the server picks it:
# --listen 127.0.0.1:0, the port read from its log) with the database of DIR (db_of) and waits
# for /healthz. Sets server_pid and url. Without options from the caller the listen address is
# ours.
start_server() {
    local dir=$1
    shift
    local args=("$@")
    [ ${#args[@]} -gt 0 ] || args=(--listen 127.0.0.1:0)
    "$OKR_BIN" --db "$(db_of "$dir")" serve "${args[@]}" 2>"$dir/server.log" &
    server_pid=$!
    wait_server "$dir/server.log"
}

# wait_server LOG: waits (5 s at most) for the log to tell the port and for /healthz to answer.
wait_server() {
    local port="" _
    url=""
    for _ in $(seq 50); do
        port=$(sed -n 's/.*okr serving .* (port \([0-9]*\)).*/\1/p' "$1" | head -1)
        if [ -n "$port" ] && curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
            url=http://127.0.0.1:$port
            return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "the server did not start:" >&2
    cat "$1" >&2
    return 1
}

# stop_server: SIGTERM, then the exit status of the server in $stop_status.
stop_server() {
    kill -TERM "$server_pid"
    wait "$server_pid"
    stop_status=$?
}

# A free TCP port on 127.0.0.1 (nothing answers there now), below Linux's ephemeral range
# (32768 and up): a client's outgoing connection could hold one there, and the bind would fail.
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 12768))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
}

# signup URL COMPANY EMAIL: a new company; prints an API token of its admin (made as api.md
# shows: the sign-up's cookie and CSRF token make the token).
signup() {
    local csrf
    csrf=$(curl -fsS -c jar -X POST "$1/api/v1/signup" -H 'Content-Type: application/json' \
        -d "{\"tenant_name\":\"$2\",\"name\":\"Admin\",\"email\":\"$3\",\"password\":\"a long passphrase\"}" |
        jq -r .csrf_token)
    curl -fsS -b jar -X POST "$1/api/v1/tokens" -H 'Content-Type: application/json' \
        -H "X-CSRF-Token: $csrf" -H "Origin: $1" -d '{"name":"tests"}' | jq -r .token
    rm -f jar
}

# ---- tests on the shared server ----

test_docs_examples_work_as_written() {
    "$here/docs_examples.sh" "$URL" >docs.txt 2>&1 || fail "$(grep -v '^ok' docs.txt)"
    contains "$(cat docs.txt)" "ok   api.md block 01"
    contains "$(cat docs.txt)" "ok   accounts.md block 01"
}

# The README's first steps, by curl: a company, a theme, a cycle, an objective with two key
# results, a check-in, and the tree that shows them.
test_readme_flow_by_curl() {
    local token auth h cycle theme objective kr1 kr2 tree
    token=$(signup "$URL" "Readme Co" "wang@readme.example")
    if [ -z "$token" ] || [ "$token" = null ]; then
        fail "no token"
        return
    fi
    auth="Authorization: Bearer $token"
    h='Content-Type: application/json'
    theme=$(curl -fsS -X POST "$URL/api/v1/themes" -H "$auth" -H "$h" \
        -d '{"title":"Grow revenue","source":"financial","horizon":"short"}' | jq .id)
    cycle=$(curl -fsS -X POST "$URL/api/v1/cycles" -H "$auth" -H "$h" \
        -d '{"name":"2026 Q4","start":"2026-10-01","end":"2026-12-31"}' | jq .id)
    equals "$(curl -fsS -X POST "$URL/api/v1/cycles/$cycle/activate" -H "$auth" | jq -r .state)" \
        active
    objective=$(curl -fsS -X POST "$URL/api/v1/objectives" -H "$auth" -H "$h" \
        -d "{\"cycle_id\":$cycle,\"theme_id\":$theme,\"title\":\"Double revenue\"}" | jq .id)
    kr1=$(curl -fsS -X POST "$URL/api/v1/key-results" -H "$auth" -H "$h" \
        -d "{\"objective_id\":$objective,\"title\":\"Sign 50 new customers\",\"target\":50,\"unit\":\"customers\"}" |
        jq .id)
    kr2=$(curl -fsS -X POST "$URL/api/v1/key-results" -H "$auth" -H "$h" \
        -d "{\"objective_id\":$objective,\"title\":\"Ship the partner portal\",\"type\":\"milestone\"}" |
        jq .id)
    if [ -z "$kr1" ] || [ -z "$kr2" ]; then
        fail "no key results"
    fi
    equals "$(curl -fsS -X POST "$URL/api/v1/key-results/$kr1/checkins" -H "$auth" -H "$h" \
        -d '{"value":25,"confidence":0.7,"note":"two big customers signed"}' | jq .value)" 25
    tree=$(curl -fsS "$URL/api/v1/cycles/$cycle/tree" -H "$auth")
    equals "$(jq -r '.themes[0].title' <<<"$tree")" "Grow revenue"
    equals "$(jq -r '.themes[0].objectives[0].title' <<<"$tree")" "Double revenue"
    equals "$(jq '.themes[0].objectives[0].key_results | length' <<<"$tree")" 2
    equals "$(jq ".themes[0].objectives[0].key_results[] | select(.id == $kr1) | .current" \
        <<<"$tree")" 25
    equals "$(jq ".themes[0].objectives[0].key_results[] | select(.id == $kr1) | .progress" \
        <<<"$tree")" 0.5
    equals "$(jq '.themes[0].objectives[0].progress > 0' <<<"$tree")" true
    # The check-in is listed with its note; someone without credentials sees nothing.
    contains "$(curl -fsS "$URL/api/v1/key-results/$kr1/checkins" -H "$auth")" \
        "two big customers signed"
    equals "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/cycles/$cycle/tree")" 401
}

# Two requests over one connection: no "Connection: close" from the server, and curl reuses it.
test_keep_alive_holds_on_a_plain_get() {
    curl --http1.1 -sS -v "$URL/healthz" "$URL/api/v1/openapi.json" -o /dev/null -o /dev/null \
        2>trace.txt || fail "curl failed: $(cat trace.txt)"
    local trace
    trace=$(cat trace.txt)
    contains "$trace" "Re-using existing connection"
    equals "$(grep -c '^< HTTP/1.1 200' trace.txt)" 2
    equals "$(grep -ci '^< connection: close' trace.txt)" 0
    lacks "$trace" "Closing connection"
}

# A body over the limit (1 MiB by default) answers 413, and the server still answers.
test_oversized_body_is_413_and_the_server_lives_on() {
    head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >big.json
    local status
    status=$(curl -sS -o body.txt -w '%{http_code}' -X POST "$URL/api/v1/signup" \
        -H 'Content-Type: application/json' --data-binary @big.json)
    equals "$status" 413
    equals "$(jq -r .type body.txt)" "/problems/body-too-large"
    equals "$(curl -fsS "$URL/healthz" | jq -r .status)" ok
}

# PostgreSQL only: the log names the database but never its password (the shared server's URL
# has one, set by scripts/pg-test.sh).
test_server_log_hides_the_database_password() {
    [ -n "$PG_DB" ] || return 0
    local rest=${PG_DB#*://} log
    rest=${rest%%[/?]*}
    case "$rest" in *:*@*) ;; *) return 0 ;; esac
    local password=${rest#*:}
    password=${password%@*}
    log=$(cat "$top/server.log")
    contains "$log" "okr serving postgres"
    lacks "$log" "$password"
}

# ---- tests with a server of their own ----

# SIGTERM while a request is in flight (a body uploaded slowly): the request completes, new
# connections are refused meanwhile, and the process exits 0.
test_sigterm_finishes_the_request_in_flight() {
    start_server "$PWD" || {
        fail "no server"
        return
    }
    local token
    token=$(signup "$url" "Slow Co" "slow@slow.example")
    {
        printf '{"format":"okr","version":1,"tenant":{"name":"Imported slowly"}}'
        head -c $((200 * 1024)) /dev/zero | tr '\0' ' '
    } >slow.json
    # 200 KiB at 100 KiB/s: two seconds in flight.
    curl -sS -o answer.json -w '%{http_code}' --limit-rate 100K -H 'Expect:' \
        -X POST "$url/api/v1/import" -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' --data-binary @slow.json >status.txt 2>curl.txt &
    local client=$!
    sleep 0.7
    kill -TERM "$server_pid"
    sleep 0.3
    if curl -s -o /dev/null --max-time 2 "$url/healthz"; then
        fail "a new connection was served after SIGTERM"
    fi
    wait "$client" || fail "the client failed: $(cat curl.txt)"
    equals "$(cat status.txt)" 201
    equals "$(jq 'has("tenant_id")' answer.json)" true
    wait "$server_pid"
    equals "$?" 0
    contains "$(cat server.log)" "SIGTERM received"
    contains "$(cat server.log)" "POST /api/v1/import"
}

# `okr serve --config FILE` takes listen, the database and the body limit from the file.
test_config_file_is_honoured() {
    local port
    port=$(free_port)
    local db=$PWD/from-config.db
    [ -z "$PG_DB" ] || db=$PG_DB
    (
        umask 077 # the file may hold a database password
        cat >okr.conf <<EOF
# okr serve settings
listen = 127.0.0.1:$port
db = $db
max-body-kib = 4
threads = 2
EOF
    )
    "$OKR_BIN" serve --config okr.conf 2>server.log &
    server_pid=$!
    wait_server server.log || {
        fail "no server from the config file"
        return
    }
    equals "$url" "http://127.0.0.1:$port"
    equals "$(curl -fsS "http://127.0.0.1:$port/healthz" | jq -r .status)" ok
    if [ -z "$PG_DB" ]; then
        [ -f from-config.db ] || fail "the database named in the config file was not used"
    else
        # The shared server uses $OKR_TEST_DB: a company made through this server is there.
        equals "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/api/v1/signup" \
            -H 'Content-Type: application/json' -d '{"tenant_name":"Config Co","name":"C",
            "email":"c@config.example","password":"a long passphrase"}')" 201
        equals "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/sessions" \
            -H 'Content-Type: application/json' \
            -d '{"email":"c@config.example","password":"a long passphrase"}')" 201
    fi
    head -c 5000 /dev/zero | tr '\0' ' ' >five-kib.json
    equals "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/api/v1/signup" \
        -H 'Content-Type: application/json' --data-binary @five-kib.json)" 413
    # A command-line option wins over the file.
    stop_server
    equals "$stop_status" 0
    local port2
    port2=$(free_port)
    start_server "$PWD" --config okr.conf --listen "127.0.0.1:$port2" || {
        fail "no server from config and option"
        return
    }
    equals "$url" "http://127.0.0.1:$port2"
    stop_server
    equals "$stop_status" 0
    # A setting the server does not know is a usage error, before any port is taken.
    echo "colour = blue" >>okr.conf
    "$OKR_BIN" serve --config okr.conf 2>bad.log
    equals "$?" 2
    contains "$(cat bad.log)" "colour"
}

# Behind a trusted proxy the login limit per address counts the client the proxy names (the last
# X-Forwarded-For entry, which a client cannot choose), not the proxy.
test_trusted_proxy_names_the_client() {
    mkdir -p proxy
    start_server proxy --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1 || {
        fail "no server with --trusted-proxy"
        return
    }
    signup "$url" "Proxy Co" "p@proxy.example" >/dev/null
    login() { # X-FORWARDED-FOR EMAIL PASSWORD: prints the status
        curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/sessions" -H "X-Forwarded-For: $1" \
            -H 'Content-Type: application/json' -d "{\"email\":\"$2\",\"password\":\"$3\"}"
    }
    local i
    for i in $(seq 20); do
        equals "$(login 203.0.113.7 "nobody$i@proxy.example" wrong)" 401
    done
    equals "$(login 203.0.113.7 p@proxy.example "a long passphrase")" 429
    equals "$(login "198.51.100.4, 203.0.113.7" p@proxy.example "a long passphrase")" 429
    # A proxy that adds a header line of its own: the client's line before it counts for nothing.
    equals "$(curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/sessions" \
        -H 'X-Forwarded-For: 198.51.100.4' -H 'X-Forwarded-For: 203.0.113.7' \
        -H 'Content-Type: application/json' \
        -d '{"email":"p@proxy.example","password":"a long passphrase"}')" 429
    equals "$(login 198.51.100.4 p@proxy.example "a long passphrase")" 201
    stop_server
    "$OKR_BIN" --db "$(db_of proxy)" serve --trusted-proxy proxy.example 2>bad.log
    equals "$?" 2
    contains "$(cat bad.log)" "trusted-proxy"
}

# A PostgreSQL server that does not answer: `okr serve` exits 1 at once with one clear line and
# takes no port; the password of the URL shows nowhere.
test_unreachable_postgresql_fails_at_start() {
    local port
    port=$(free_port)
    timeout 30 "$OKR_BIN" --db "postgres://okr:not-to-be-shown@127.0.0.1:$port/none" serve \
        --listen "127.0.0.1:$(free_port)" >out.txt 2>err.txt
    equals "$?" 1
    contains "$(cat err.txt)" "cannot connect to the PostgreSQL database"
    lacks "$(cat out.txt err.txt)" "not-to-be-shown"
}

# ---- the run ----

top=$(mktemp -d)
trap 'kill -TERM "$shared_pid" 2>/dev/null; rm -rf "$top"' EXIT
start_server "$top" || exit 1
shared_pid=$server_pid
URL=$url

for t in $(declare -F | awk '{print $3}' | grep '^test_'); do
    current=$t
    dir=$(mktemp -d "$top/t.XXXXXX")
    (cd "$dir" && $t)
    if [ -f "$dir/.failed" ]; then
        failed=$((failed + 1))
        echo "FAIL $t"
    else
        passed=$((passed + 1))
        echo "ok   $t"
    fi
done

# The shared server stops cleanly too.
server_pid=$shared_pid
stop_server
if [ "$stop_status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok   shared server exits 0 on SIGTERM"
else
    failed=$((failed + 1))
    echo "FAIL shared server exited $stop_status on SIGTERM"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
