# Records: add, show, edit, delete, and bad input that changes nothing.

setup_company() {
    expect 0 init --name "Acme 测试" --mission "让客户更成功" --vision "行业第一" \
        --admin-name 王总 --admin-email ceo@acme.example
    expect 0 user add --name 李雷 --email li@acme.example --manager ceo@acme.example
    expect 0 theme add --title 收入增长 --source financial --horizon short
    expect 0 cycle add --name "2026 Q4" --start 2026-10-01 --end 2026-12-31
    expect 0 cycle activate 1
    expect 0 objective add --cycle 1 --title 营收翻番 --theme 1 --owner company
    expect 0 kr add --objective 1 --title "新签合同额达到5000万元" --start 0 --target 5000 --unit 万元
}

test_add_show_edit_delete() {
    setup_company
    expect 0 --json objective show 1
    equals "$(echo "$out" | jq -r .title)" "营收翻番"
    equals "$(echo "$out" | jq -r .version)" 1
    expect 0 objective edit 1 --title "营收增长一倍" --kind aspirational
    expect 0 --json objective show 1
    equals "$(echo "$out" | jq -r .title)" "营收增长一倍"
    equals "$(echo "$out" | jq -r .kind)" "aspirational"
    equals "$(echo "$out" | jq -r .version)" 2
    expect 0 --json kr show 1
    equals "$(echo "$out" | jq -r .current)" 0
    expect 0 --json objective delete 1
    equals "$(echo "$out" | jq -c .)" '{"ok":true,"id":1}' # JSON with --json, as every command
    expect 1 objective show 1
    equals "$(count kr)" 0 # key results go with their objective
}

test_stale_version_refused() {
    setup_company
    expect 0 objective edit 1 --title "v2"
    expect 1 objective edit 1 --title "v3" --version 1
    contains "$errout" "changed by someone else"
    equals "$("$OKR_BIN" --db t.db --json objective show 1 | jq -r .title)" "v2"
}

test_bad_input_names_field_and_writes_nothing() {
    setup_company
    before=$(count objective)
    expect 1 objective add --cycle 1 --title X --kind bold
    contains "$errout" "kind must be one of: committed, aspirational"
    expect 1 objective add --cycle 1
    contains "$errout" "title is required"
    expect 1 objective add --cycle 99 --title X
    contains "$errout" "cycle_id"
    expect 1 objective add --cycle 1 --title X --owner-user 42
    contains "$errout" "owner_user_id"
    expect 1 kr add --objective 1 --title Y --target abc
    contains "$errout" "target must be a number"
    expect 1 kr add --objective 1 --title Y --due 2026-02-30
    contains "$errout" "due must be a date"
    expect 1 kr add --objective 1 --title Y --confidence 1.5
    contains "$errout" "confidence must be between 0 and 1"
    expect 1 objective add --cycle 1 --title "   "
    contains "$errout" "title is required"
    expect 1 kr edit 1 --title "　　" # ideographic spaces, as Chinese input types them
    contains "$errout" "title is required"
    expect 1 objective add --cycle 1 --title "$(head -c 600 /dev/zero | tr '\0' x)"
    contains "$errout" "title is longer than"
    expect 1 objective add --cycle 1 --title "$(printf 'bad\xffutf8')"
    contains "$errout" "UTF-8"
    expect 1 cycle add --name Bad --start 2026-12-31 --end 2026-10-01
    contains "$errout" "start"
    expect 1 user add --name Dup --email li@acme.example
    contains "$errout" "already a user here"
    expect 1 user add --name Dup --email LI@Acme.Example # as login compares
    contains "$errout" "already a user here"
    equals "$(count objective)" "$before"
    equals "$(count user)" 2
    equals "$(count cycle)" 1
}

# --owner is the objective's and the KPI's shortcut; a key result's owner is --owner-user.
test_owner_shortcut_only_where_it_applies() {
    setup_company
    expect 2 kr add --objective 1 --title X --target 5 --owner 2
    contains "$errout" "unknown option --owner"
    expect 0 kr add --objective 1 --title X --target 5 --owner-user li@acme.example
}

test_user_by_email_unknown() {
    setup_company
    expect 2 objective add --cycle 1 --title X --owner user:nobody@acme.example
    contains "$errout" "no user with email nobody@acme.example"
}

test_owner_and_parent_together() {
    setup_company
    expect 0 objective add --cycle 1 --title 承接 --owner user:LI@Acme.example --parent kr:1
    expect 0 --json objective show 2
    equals "$(echo "$out" | jq .owner_user_id)" 2
    equals "$(echo "$out" | jq .parent_kr_id)" 1
}

test_alignment_loop_refused() {
    setup_company
    expect 0 objective add --cycle 1 --title A --parent kr:1
    expect 0 objective add --cycle 1 --title B --parent objective:2
    expect 1 objective edit 1 --parent objective:3
    contains "$errout" "parent"
    expect 1 objective edit 2 --parent objective:2
    equals "$("$OKR_BIN" --db t.db --json objective show 1 | jq -r .parent_objective_id)" null
    # Moving the key result an objective aligns to under that objective would loop too.
    expect 1 kr edit 1 --objective 2
    contains "$errout" "align to itself"
    equals "$("$OKR_BIN" --db t.db --json kr show 1 | jq .objective_id)" 1
}

# A database written before emails were compared ignoring case may hold such a pair: both stay
# editable, and neither can take the other's address.
test_an_older_pair_of_emails_differing_in_case_stays_editable() {
    setup_company
    expect 0 user add --name 韩梅梅 --email han@acme.example
    sqlite3 t.db "UPDATE users SET email = 'LI@acme.example' WHERE id = 3" || fail "sqlite3"
    expect 0 user edit 3 --name 韩梅
    expect 0 user edit 2 --locale en
    expect 1 user edit 3 --email CEO@acme.example
    contains "$errout" "already a user here"
}

test_manager_loop_refused() {
    setup_company
    expect 1 user edit 1 --manager 2
    contains "$errout" "loop"
}

# Import takes chains deeper than editing makes (docs/interchange.md); their records can still
# be edited, as long as the chain itself stays.
test_records_under_a_deep_imported_chain_can_be_edited() {
    jq -n '{format: "okr", version: 1, tenant: {name: "Deep"}, users: [range(0; 70) as $i |
        {key: "u\($i)", name: "U", email: "u\($i)@x.example",
         manager: (if $i > 0 then "u\($i - 1)" else null end)}]}' >deep.json
    expect 0 import deep.json
    expect 0 user edit 70 --name 改名
    expect 1 user edit 1 --manager 70
    contains "$errout" "loop"
    expect 0 user edit 70 --manager 1
    expect 1 user edit 70 --manager 69
    contains "$errout" "deeper than 64 levels"
}

test_referenced_record_cannot_be_deleted() {
    setup_company
    expect 1 user delete 1
    contains "$errout" "refer"
    equals "$(count user)" 2
}

test_teams_and_members() {
    setup_company
    expect 0 team add --name 销售部 --lead li@acme.example
    expect 0 team add --name 华东区 --parent 1
    expect 0 team member-add 2 li@acme.example
    expect 0 --json team members 2
    equals "$(echo "$out" | jq '.[0].user_id')" 2
    expect 1 team member-add 2 li@acme.example
    expect 1 team edit 1 --parent 2
    contains "$errout" "loop"
    expect 0 team member-remove 2 2
    expect 0 --json team members 2
    equals "$(echo "$out" | jq length)" 0
}

test_list_filter_and_paging() {
    setup_company
    expect 0 kr add --objective 1 --title K2 --target 10
    expect 0 kr add --objective 1 --title K3 --target 10
    equals "$("$OKR_BIN" --db t.db --json kr list --objective 1 | jq length)" 3
    equals "$("$OKR_BIN" --db t.db --json kr list --limit 2 | jq -r 'map(.id)|join(",")')" "1,2"
    equals "$("$OKR_BIN" --db t.db --json kr list --after 2 | jq -r 'map(.id)|join(",")')" "3"
    expect 2 kr list --objective 1 --owner-user 1
    # The API's filters, the same names and values, an email for a person; together.
    expect 0 --json objective list --owner company
    equals "$(echo "$out" | jq '[.[] | select(.owner_user_id != null or .owner_team_id != null)] | length')" 0
    expect 0 --json user list --role admin
    equals "$(echo "$out" | jq 'length')" 1
    expect 2 objective list --state bogus
    contains "$errout" "state must be one of"
    expect 2 objective list --owner nobody@x.example
}
