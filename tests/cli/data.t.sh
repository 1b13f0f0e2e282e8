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
    # The company's language (the demo's is Chinese), or --lang's.
    contains "$out" "[财务 · 短期]"
    contains "$out" "[组织能力 · 长期]"
    contains "$out" "本季度安全事故为零"
    contains "$out" "· 预期进度 "
    expect 0 tree --lang en
    contains "$out" "[financial · short]"
    contains "$out" "[capability · long]"
    contains "$out" "· expected progress "
    expect 2 tree --lang fr
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

# An import may hold alignment deeper than the tree shows (64 levels): the tree says so where it
# stops, as text and as JSON, instead of dropping the rest without a word.
test_tree_says_what_it_does_not_show() {
    jq -n '{format: "okr", version: 1, tenant: {name: "Deep"},
        cycles: [{key: "q", name: "Q", kind: "quarter", start: "2026-10-01", end: "2026-12-31",
                  state: "active"}],
        objectives: [range(70) | {key: "o\(.)", cycle: "q", title: "Level \(.)",
            owner: {company: true}} + (if . > 0 then {parent: {objective: "o\(. - 1)"}}
            else {} end)]}' > deep.json
    "$OKR_BIN" --db t.db import deep.json > /dev/null || fail "the deep chain was not imported"
    expect 0 tree --cycle 1
    contains "$out" "Level 64"
    lacks "$out" "Level 65"
    contains "$out" "… 1个对齐的目标在下面，超过64层，未显示"
    expect 0 tree --cycle 1 --lang en
    contains "$out" "… 1 aligned below, deeper than 64 levels: not shown"
    expect 0 --json tree --cycle 1
    equals "$(echo "$out" | jq '[.. | objects | select(.children_not_shown) | .children_not_shown] | add')" 1
    # --depth is the reader's own cut: nothing to say in text; JSON counts what it leaves out.
    expect 0 tree --cycle 1 --depth 2
    lacks "$out" "not shown"
}
