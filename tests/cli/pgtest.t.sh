# scripts/pg-test.sh, the throwaway PostgreSQL cluster of the tests: on TERM (and INT) it stops
# the command it runs, with everything that command started, and the cluster, and removes the
# cluster's folder, at once (not when the command would have ended). Skips itself without a
# PostgreSQL server (pg_ctl) on the machine.

pg_test_signal() { # SIGNAL: runs pg-test.sh with a long sleep and sends it SIGNAL
    local sig=$1 dir="" pid inner="" i
    ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null ||
        return 0
    # Job control on for the start: a background job of a script ignores INT otherwise, and a
    # signal ignored on entry cannot be trapped.
    set -m
    "$here/../../scripts/pg-test.sh" sh -c "echo \$\$ >'$PWD/inner.pid'; sleep 600 & wait" \
        >pg.out 2>&1 &
    pid=$!
    set +m
    for i in $(seq 600); do # initdb and the start: up to 60 s on a busy machine
        [ -s inner.pid ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    [ -s inner.pid ] || {
        fail "pg-test.sh did not start its command: $(cat pg.out)"
        kill -KILL "$pid" 2>/dev/null
        return
    }
    inner=$(cat inner.pid)
    # The cluster's folder: the one whose owner file names the script.
    dir=$(grep -l "^$pid " "${TMPDIR:-/tmp}"/okr-pg-*/owner 2>/dev/null | head -1)
    dir=${dir%/owner}
    [ -n "$dir" ] && [ -f "$dir/data/postmaster.pid" ] || fail "no running cluster of pg-test.sh"
    local postmaster
    postmaster=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null)
    kill "-$sig" "$pid"
    # Everything is gone within 10 s: the script, its command and the sleep it started (one
    # process group), the postmaster, the folder. The sleep alone would take 10 minutes.
    for i in $(seq 100); do
        if ! kill -0 "$pid" 2>/dev/null && ! kill -0 -- "-$inner" 2>/dev/null &&
            ! kill -0 "$postmaster" 2>/dev/null && [ ! -d "$dir" ]; then
            break
        fi
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && fail "pg-test.sh still runs 10 s after SIG$sig"
    kill -0 -- "-$inner" 2>/dev/null && fail "its command's process group still runs after SIG$sig"
    [ -n "$postmaster" ] && kill -0 "$postmaster" 2>/dev/null &&
        fail "the postmaster ($postmaster) still runs after SIG$sig"
    [ -d "$dir" ] && fail "the cluster's folder $dir is still there after SIG$sig"
    # Whatever happened, leave nothing behind (an old pg-test.sh cleans up once its command is
    # gone).
    kill -KILL -- "-$inner" 2>/dev/null
    pkill -KILL -P "$inner" 2>/dev/null
    kill -KILL "$inner" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

test_pg_test_stops_the_cluster_at_once_on_term() {
    pg_test_signal TERM
}

test_pg_test_stops_the_cluster_at_once_on_int() {
    pg_test_signal INT
}
