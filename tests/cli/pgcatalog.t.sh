# What docs/postgresql.md promises about the PostgreSQL schema and backups, checked on a real
# server ($OKR_PG_URL, set by scripts/pg-test.sh; without it these tests skip themselves):
# - sharding by company: every table but the global ones (tenants, keyed by the company's own
#   id, and okr_schema) has tenant_id first in its primary key and in every unique index, every
#   foreign key starts with tenant_id, and the tables are exactly those the page distributes;
# - backups: pg_dump, then pg_restore into a new database, gives the same company (exports equal
#   byte for byte) and the restored database carries on numbering.

at_pg() { # URL ARGS...: okr on that database; like expect 0 (status checked)
    local url=$1
    shift
    out=$("$OKR_BIN" --db "$url" "$@" 2>stderr.txt)
    status=$?
    [ "$status" -eq 0 ] || fail "okr --db $url $* exited $status: $(cat stderr.txt)"
}

pg_sql() { # SQL: one query on $OKR_PG_URL, unaligned
    psql "$OKR_PG_URL" -XAtq -v ON_ERROR_STOP=1 -c "$1"
}

test_pg_every_table_is_keyed_by_tenant_first() {
    [ -n "${OKR_PG_URL:-}" ] && command -v psql >/dev/null || return 0
    at_pg "$OKR_PG_URL" migrate
    local tables keyed bad doc
    tables=$(pg_sql "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY 1")
    [ -n "$tables" ] || fail "no tables in $OKR_PG_URL"
    # Primary keys and unique indexes whose first column is not tenant_id.
    bad=$(pg_sql "SELECT c.relname || '.' || i.indexrelid::regclass || ' starts with ' || a.attname
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
        WHERE n.nspname = current_schema() AND i.indisunique AND a.attname <> 'tenant_id'
        AND c.relname NOT IN ('tenants', 'okr_schema') ORDER BY 1")
    equals "$bad" ""
    # Every table but the global ones has a primary key.
    keyed=$(pg_sql "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND i.indisprimary
        AND c.relname NOT IN ('tenants', 'okr_schema')")
    equals "$keyed" "$(echo "$tables" | grep -cvx 'tenants\|okr_schema')"
    # Foreign keys between company tables start with tenant_id (those to tenants are on it).
    bad=$(pg_sql "SELECT conname FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        WHERE n.nspname = current_schema() AND k.contype = 'f' AND a.attname <> 'tenant_id'
        ORDER BY 1")
    equals "$bad" ""
    # The tables are those docs/postgresql.md distributes (plus okr_schema, on the coordinator).
    doc=$( (
        sed -n "s/^SELECT create_distributed_table('\([a-z_]*\)'.*/\1/p" \
            "$here/../../docs/postgresql.md"
        echo okr_schema
    ) | sort)
    equals "$doc" "$(echo "$tables" | sort)"
}

test_pg_dump_and_restore_give_the_same_company() {
    [ -n "${OKR_PG_URL:-}" ] && command -v pg_dump >/dev/null && command -v pg_restore >/dev/null ||
        return 0
    setup_copy_company
    expect 0 --json copy --to "$OKR_PG_URL"
    local id db restored
    id=$(echo "$out" | jq '.companies[0].to')
    db=okr_restore_$$_$RANDOM
    restored=${OKR_PG_URL%/*}/$db
    pg_dump --format=custom --file=okr.dump "$OKR_PG_URL" 2>dump.err ||
        fail "pg_dump failed: $(cat dump.err)"
    pg_sql "CREATE DATABASE $db ENCODING 'UTF8' TEMPLATE template0" || fail "createdb failed"
    pg_restore --no-owner --dbname="$restored" okr.dump 2>restore.err ||
        fail "pg_restore failed: $(head -3 restore.err)"
    at_pg "$restored" migrate
    "$OKR_BIN" --db "$OKR_PG_URL" --tenant "$id" export >a.json &&
        "$OKR_BIN" --db "$restored" --tenant "$id" export >b.json || fail "export failed"
    [ -s a.json ] && cmp -s a.json b.json || fail "exports differ: $(diff a.json b.json | head -5)"
    # The restored database numbers on from where the original stopped.
    local before after
    before=$(psql "$restored" -XAtqc "SELECT max(id) FROM objectives WHERE tenant_id = $id")
    at_pg "$restored" --tenant "$id" objective add --cycle 1 --title "恢复之后" --owner company
    after=$(psql "$restored" -XAtqc "SELECT max(id) FROM objectives WHERE tenant_id = $id")
    [ "$after" -gt "$before" ] 2>/dev/null || fail "restored numbering: $before then $after"
    pg_sql "DROP DATABASE $db" || fail "dropdb failed"
}
