#!/bin/sh
# Loads an okr SQLite database into an empty PostgreSQL database, table by table with COPY, for
# the benchmarks (bench/api_bench.sh): the same company, the same ids, on the other driver.
#
#   bench/pg_load.sh SQLITE_FILE POSTGRES_URL
#
# Why not `okr copy`: it moves a company record by record through the store interface (one
# statement and one round trip a record) and holds the whole company in memory to verify it by
# comparing exports. That is right for moving a deployment, and too slow for the 27 million rows
# of the --people 100000 demo (measured: bench/HISTORY.md). This loader is for benchmarks only:
# it trusts its source (okr wrote it), checks no constraint while loading (session_replication_role
# = replica: foreign keys are triggers, and objectives refer forward to key results), then sets
# the id counters and the tenant sequence as okr's inserts would have, and runs ANALYZE.
# Reals go through SQLite's quote() (the shortest form that reads back exactly), so they arrive
# bit for bit; NULL travels as \N, so an empty text stays empty. The exports of both databases
# are then equal byte for byte (checked at 2,000 people). Needs sqlite3 and psql; the URL's user
# must be a superuser (the throwaway cluster of scripts/pg-test.sh).
set -eu
[ $# -eq 2 ] || {
    echo "usage: bench/pg_load.sh SQLITE_FILE POSTGRES_URL" >&2
    exit 2
}
SRC=$1
URL=$2
OKR=${OKR:-build/okr}
[ -f "$SRC" ] || {
    echo "pg_load: no such file: $SRC" >&2
    exit 1
}
psql_() { psql "$URL" -XAtq -v ON_ERROR_STOP=1 "$@"; }

# The schema: okr's own migrations.
"$OKR" --db "$URL" migrate >/dev/null

# Tables in the order of the schema; with the counter name of each (id_counters.entity).
TABLES="users:user teams:team memberships:membership themes:theme cycles:cycle
objectives:objective key_results:key_result initiatives:initiative checkins:checkin kpis:kpi
kpi_values:kpi_value requests:request comments:comment audit_events:audit_event
sessions:session api_tokens:api_token invitations:invitation login_attempts:login_attempt
finding_dismissals:finding_dismissal"

columns() { # TABLE: its columns as "name:type" in order, from PostgreSQL's catalog
    psql_ -c "SELECT column_name || ':' || replace(data_type, ' ', '_') FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = '$1' ORDER BY ordinal_position"
}

load() { # TABLE
    cols=""
    sel=""
    for c in $(columns "$1"); do
        name=${c%%:*}
        type=${c#*:}
        cols="$cols${cols:+, }\"$name\""
        case "$type" in
        double*) sel="$sel${sel:+, }CASE WHEN \"$name\" IS NULL THEN NULL ELSE quote(\"$name\") END" ;;
        *) sel="$sel${sel:+, }\"$name\"" ;;
        esac
    done
    sqlite3 -csv -cmd '.nullvalue \\N' "$SRC" "SELECT $sel FROM \"$1\" ORDER BY 1, 2" |
        psql_ -c "SET session_replication_role = replica" \
            -c "COPY \"$1\" ($cols) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
}

load tenants
for t in $TABLES; do
    load "${t%%:*}"
done

# What okr's inserts would have left: the counters at the highest id per tenant and entity, the
# tenant sequence at the highest tenant.
{
    echo "BEGIN;"
    echo "SELECT setval('tenant_ids', (SELECT coalesce(max(id), 0) + 1 FROM tenants), false);"
    for t in $TABLES; do
        echo "INSERT INTO id_counters (tenant_id, entity, next) SELECT tenant_id, '${t#*:}', max(id)
            FROM ${t%%:*} GROUP BY tenant_id ON CONFLICT (tenant_id, entity) DO UPDATE
            SET next = greatest(id_counters.next, excluded.next);"
    done
    echo "COMMIT;"
    echo "ANALYZE;"
} | psql_ >/dev/null
