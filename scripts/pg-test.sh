#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, start it on a free
# port on 127.0.0.1 only (and a Unix socket inside that directory), wait until it answers, create
# the test databases. The cluster is stopped and its directory removed on exit, whatever the
# exit (a failed command, an error here, INT, TERM: at once, with CMD's whole process group); a
# cluster left behind by a run that was killed outright (SIGKILL) is stopped and removed by the
# next run.
#
#   scripts/pg-test.sh CMD [ARG...]   run CMD in the cluster and exit with its status; CMD sees
#                                     OKR_TEST_DB and OKR_PG_URL (the URL of the first database)
#                                     and OKR_PG_SERVER (the URL without a database: append
#                                     /NAME for the database NAME of PG_TEST_DBS)
#   scripts/pg-test.sh                print the URL on stdout and keep the cluster until
#                                     interrupted
#
# Environment: PG_TEST_DBS (the databases to create, separated by spaces; default okr_test),
# PG_TEST_DB (the same, for one database; older name), PG_BINDIR (where initdb and pg_ctl live;
# default: pg_config --bindir, else the newest /usr/lib/postgresql/*/bin), PG_TEST_FSYNC=on to
# keep fsync (benchmarks; tests turn it off). initdb refuses to run as root: as root the cluster
# runs as the `postgres` user (from the Debian package).
set -euo pipefail

die() {
    echo "pg-test: $*" >&2
    exit 1
}

bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        bindir=$(pg_config --bindir)
    else
        bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    fi
fi
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] ||
    die "no PostgreSQL server found (install the Debian package: apt-get install postgresql)"

dbs=${PG_TEST_DBS:-${PG_TEST_DB:-okr_test}}
for db in $dbs; do
    case "$db" in
    [a-z_]*) [ -z "${db//[a-z0-9_]/}" ] || die "bad database name '$db' (a-z, 0-9, _)" ;;
    *) die "bad database name '$db' (a-z, 0-9, _)" ;;
    esac
done
first_db=${dbs%% *}
[ -n "$first_db" ] || die "PG_TEST_DBS names no database"

# Who runs the server: ourselves, or `postgres` when we are root.
as_owner() { "$@"; }
owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root and there is no postgres user"
    owner=postgres
    as_owner() { runuser -u postgres -- "$@"; }
fi

tmp=${TMPDIR:-/tmp}

# Clusters of earlier runs whose script is gone (killed with SIGKILL): stop them, remove them.
# A cluster whose script still runs, or that another user or another PID namespace (a container
# sharing /tmp) started, is left alone. The owner file: "PID PID-NAMESPACE".
pidns=$(readlink /proc/self/ns/pid 2>/dev/null || echo unknown)
for old in "$tmp"/okr-pg-*; do
    [ -f "$old/owner" ] && [ -O "$old/owner" ] || continue
    read -r pid ns <"$old/owner" || true
    case "$pid" in '' | *[!0-9]*) continue ;; esac
    [ "${ns:-}" = "$pidns" ] || continue
    if kill -0 "$pid" 2>/dev/null && grep -qa pg-test "/proc/$pid/cmdline" 2>/dev/null; then
        continue
    fi
    echo "pg-test: removing the cluster of a run that was killed ($old)" >&2
    [ ! -f "$old/data/postmaster.pid" ] ||
        as_owner "$bindir/pg_ctl" -D "$old/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
    rm -rf "$old"
done

dir=$(mktemp -d "$tmp/okr-pg-XXXXXX")
chmod 700 "$dir"
echo "$$ $pidns" >"$dir/owner"
[ "$owner" = "$(id -un)" ] || chown "$owner" "$dir"

child=""
sleeper=""
# Stops CMD's process group (CMD, whose pid is the group's id, and everything it started): TERM
# to all; CMD is reaped (KILL after 5 s); what is left of the group gets 2 s more, then KILL.
stop_group() {
    kill -TERM -- "-$1" 2>/dev/null || return 0
    (
        sleep 5
        kill -KILL -- "-$1" 2>/dev/null
    ) &
    local timer=$!
    wait "$1" 2>/dev/null
    kill "$timer" 2>/dev/null
    for _ in $(seq 20); do
        kill -0 -- "-$1" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$1" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null || true
    [ -z "$child" ] || stop_group "$child"
    # Whenever a postmaster may run (also after a start that timed out): stop it.
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
            echo "pg-test: could not stop the cluster in $dir" >&2
    fi
    rm -rf "$dir"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A random password: the server listens on loopback, but other users of the machine share it.
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$password" >"$dir/pw"
[ "$owner" = "$(id -un)" ] || chown "$owner" "$dir/pw"
as_owner "$bindir/initdb" -D "$dir/data" -U okr --pwfile="$dir/pw" --auth=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    die "initdb failed"
}
rm -f "$dir/pw"

fsync=off
[ "${PG_TEST_FSYNC:-off}" = "on" ] && fsync=on

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Pick a free port; retry when another process takes it between the check and the start. pg_ctl
# -w returns once the server accepts connections (or fails, or 60 s pass).
port=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_free "$p" || continue
    log=$dir/server-$attempt.log
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $p -c unix_socket_directories=$dir \
-c fsync=$fsync -c synchronous_commit=$fsync -c full_page_writes=$fsync \
-c max_connections=200 -c log_min_messages=warning" start >/dev/null 2>&1; then
        port=$p
        break
    fi
    grep -qi "address already in use\|could not bind\|could not create any TCP/IP" "$log" \
        2>/dev/null || {
        cat "$log" >&2 2>/dev/null
        die "the server did not start"
    }
    # the start failed before the postmaster settled: make sure it is gone before the next try
    [ ! -f "$dir/data/postmaster.pid" ] ||
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
done
[ -n "$port" ] || die "no free port found"

# Ready means: a TCP login with the password works (30 s at most).
export PGPASSWORD=$password
ready=0
for _ in $(seq 150); do
    if "$bindir/psql" -h 127.0.0.1 -p "$port" -U okr -d postgres -XAtqc 'select 1' \
        >/dev/null 2>&1; then
        ready=1
        break
    fi
    sleep 0.2
done
[ "$ready" -eq 1 ] || die "the server on port $port does not accept logins"

for db in $dbs; do
    "$bindir/createdb" -h 127.0.0.1 -p "$port" -U okr "$db" || die "createdb $db failed"
done
unset PGPASSWORD

server="postgres://okr:$password@127.0.0.1:$port"
url="$server/$first_db"

if [ $# -eq 0 ]; then
    echo "$url"
    echo "pg-test: running (data in $dir); Ctrl-C stops it" >&2
    # wait (not a foreground sleep) so that INT and TERM stop the cluster at once
    while :; do
        sleep 3600 &
        sleeper=$!
        wait "$sleeper" || true
    done
fi

version=$("$bindir/postgres" --version 2>/dev/null | awk '{print $3}')
echo "pg-test: PostgreSQL ${version:-?} on 127.0.0.1:$port, databases: $dbs" >&2
# CMD runs in a process group of its own (job control on for this one start), and the script
# waits for it with `wait`, which a signal interrupts at once (a foreground command would hold
# the trap until it ended): on INT or TERM the cleanup stops CMD's whole group, then the cluster.
set +e
set -m
OKR_TEST_DB=$url OKR_PG_URL=$url OKR_PG_SERVER=$server "$@" &
child=$!
set +m
wait "$child"
rc=$?
exit "$rc"
