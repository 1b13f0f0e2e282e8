# okr copy: companies moved between databases, verified by their exports; through PostgreSQL when
# the run has one ($OKR_PG_URL, set by scripts/pg-test.sh), else that test skips itself.

# A company with what the interchange format leaves out (a password, audit events) and with
# references that point forward: a manager with a higher id, an objective aligned to a key result.
setup_copy_company() {
    expect 0 init --name "搬家公司" --admin-name 王总 --admin-email ceo@move.example
    expect 0 user add --name 李雷 --email li@move.example
    expect 0 user add --name 韩梅梅 --email han@move.example
    expect 0 user edit 2 --manager 3
    "$OKR_BIN" --db t.db user password li@move.example <<<'a long passphrase' >/dev/null ||
        fail "user password failed"
    expect 0 cycle add --name "2026 Q4" --start 2026-10-01 --end 2026-12-31
    expect 0 objective add --cycle 1 --title 营收翻番 --owner company
    expect 0 kr add --objective 1 --title "新签合同额达到5000万元" --target 5000 --unit 万元
    expect 0 objective add --cycle 1 --title "学校渠道" --owner user:2
    expect 0 objective edit 2 --parent kr:1
    expect 0 objective edit 1 --title "营收增长一倍"
    expect 0 checkin 1 1200 --note "两个大客户"
}

test_copy_keeps_records_passwords_and_versions() {
    setup_copy_company
    expect 0 copy --to sqlite:copy.db
    contains "$out" "copied company 1 as 1"
    contains "$out" "exports match"
    "$OKR_BIN" --db t.db export >a.json && "$OKR_BIN" --db copy.db export >b.json ||
        fail "export failed"
    cmp -s a.json b.json || fail "exports differ: $(diff a.json b.json | head -5)"
    # What the export leaves out came along too, ids and versions included (the source's ids
    # have no gaps, so the copy's are the same).
    local q
    for q in "select id, manager_id, password_hash, version from users order by id" \
        "select id, parent_kr_id, version from objectives order by id" \
        "select count(*) from audit_events"; do
        equals "$(sqlite3 copy.db "$q")" "$(sqlite3 t.db "$q")"
    done
    # A second copy is another company beside the first; one company by --tenant.
    expect 0 --json copy --to sqlite:copy.db --tenant 1
    equals "$(echo "$out" | jq '.companies[0].to')" 2
    equals "$(echo "$out" | jq '.companies[0].from')" 1
}

test_copy_refuses_bad_requests() {
    setup_copy_company
    expect 2 copy
    contains "$errout" "--to"
    expect 2 copy --to t.db
    contains "$errout" "same database"
    expect 2 copy --to sqlite:./t.db # one file by another name
    contains "$errout" "same database"
    expect 1 copy --to sqlite:other.db --tenant 9
    contains "$errout" "no such company"
    expect 1 copy --to sqlite:/nonexistent-dir/x.db
    expect 1 copy --to postgres://nobody@127.0.0.1:1/none
    lacks "$errout" "SELECT"
}

test_copy_round_trip_through_postgresql() {
    [ -n "${OKR_PG_URL:-}" ] || return 0
    setup_copy_company
    expect 0 --json copy --to "$OKR_PG_URL"
    local id
    id=$(echo "$out" | jq '.companies[0].to')
    [ -n "$id" ] && [ "$id" != null ] || {
        fail "no company id in: $out"
        return
    }
    "$OKR_BIN" copy --from "$OKR_PG_URL" --tenant "$id" --to sqlite:back.db >copy.txt 2>&1 ||
        fail "copy back failed: $(cat copy.txt)"
    "$OKR_BIN" --db t.db export >a.json && "$OKR_BIN" --db back.db export >b.json ||
        fail "export failed"
    cmp -s a.json b.json || fail "exports differ: $(diff a.json b.json | head -5)"
    local q="select id, manager_id, password_hash, version from users order by id"
    equals "$(sqlite3 back.db "$q")" "$(sqlite3 t.db "$q")"
}
