# Whole companies: the demo, export/import round trips, bad import files.

test_demo_builds_a_company_with_a_tree() {
    expect 0 demo
    contains "$out" "created demo company 1"
    expect 0 tree
    local whole=$out
    OKR_TREE_PARALLEL_MIN=1 expect 0 tree # written by two threads: the same text
    equals "$out" "$whole"
    OKR_TREE_PARALLEL_MIN=1 expect 0 tree --depth 2
    local shallow=$out
    expect 0 tree --depth 2
    equals "$out" "$shallow"
    out=$whole
    contains "$out" "[financial · short]"
    contains "$out" "[capability · long]"
    contains "$out" "本季度安全事故为零"
    expect 0 --json tree
    [ "$(echo "$out" | jq '.themes | length')" -ge 5 ] || fail "expected at least 5 themes"
    expect 0 --json request list
    contains "$(echo "$out" | jq -r 'map(.state) | join(",")')" "pending"
    contains "$(echo "$out" | jq -r 'map(.state) | join(",")')" "declined"
    expect 2 demo --people many
    expect 1 demo --lang fr
    contains "$errout" "lang"
}

test_export_import_round_trip_is_lossless() {
    expect 0 demo
    okr export
    equals "$status" 0
    printf '%s\n' "$out" > first.json
    contains "$out" "安全"
    "$OKR_BIN" --db second.db import first.json > /dev/null || fail "import failed"
    "$OKR_BIN" --db second.db export > second.json || fail "second export failed"
    cmp -s first.json second.json || fail "export -> import -> export differs: $(diff first.json second.json | head -5)"
    # Import from standard input works the same.
    "$OKR_BIN" --db third.db import - < first.json > /dev/null || fail "import from stdin failed"
}

test_bad_import_names_the_field_and_writes_nothing() {
    expect 0 demo --lang en
    okr export
    printf '%s\n' "$out" > good.json
    jq '.objectives[1].key_results[0].target = "lots"' good.json > bad.json
    "$OKR_BIN" --db fresh.db import bad.json 2> err.txt && fail "a bad file was imported"
    contains "$(cat err.txt)" "objectives[1].key_results[0].target"
    jq '.users[2].email = .users[1].email' good.json > dup.json
    "$OKR_BIN" --db fresh.db import dup.json 2> err.txt && fail "duplicate emails were imported"
    contains "$(cat err.txt)" "users[2].email"
    printf '{"format":"okr","version":1' > truncated.json
    "$OKR_BIN" --db fresh.db import truncated.json 2> /dev/null && fail "a truncated file was imported"
    "$OKR_BIN" --db fresh.db user list 2> err.txt && fail "something was written"
    contains "$(cat err.txt)" "no company yet"
}
