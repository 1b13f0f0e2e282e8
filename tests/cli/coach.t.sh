# okr lint: the OKR coach on the demo company and on a hand-made one; dismissing a finding.

test_lint_demo_company_shows_the_safety_kpi_restated() {
    expect 0 demo --lang en
    expect 0 lint
    contains "$out" "OKR coach · "
    contains "$out" "health score"
    contains "$out" "Restates the KPI \"Safety incidents\""
    expect 0 --json lint
    equals "$(echo "$out" | jq -r '[.findings[] | select(.rule == "C3")] | length')" 1
    equals "$(echo "$out" | jq -r '.findings[] | select(.rule == "C3") | .title')" \
        "Zero safety incidents this quarter"
    equals "$(echo "$out" | jq -r '.counts.error')" 0
    [ "$(echo "$out" | jq '.health')" -gt 70 ] || fail "health $(echo "$out" | jq .health)"
    # The same report in Chinese words, and one owner's findings only.
    expect 0 lint --lang zh
    contains "$out" "OKR教练"
    contains "$out" "健康度"
    expect 0 --json lint --owner company
    equals "$(echo "$out" | jq '[.findings[] | select(.owner.company != true)] | length')" 0
    expect 0 lint --explain --owner company
    contains "$out" "Close to the limit"
    # F1 about the company, dismissed for this quarter (3, the one that contains today), holds
    # for it and not for last quarter (2), where the company had as many objectives.
    expect 0 lint dismiss F1 tenant 1 --reason "five themes this quarter"
    expect 0 --json lint --cycle 3
    equals "$(echo "$out" | jq -r '.dismissed[] | select(.rule == "F1") | .dismissal.reason')" \
        "five themes this quarter"
    expect 0 --json lint --cycle 2
    equals "$(echo "$out" | jq '[.dismissed[] | select(.rule == "F1")] | length')" 0
    equals "$(echo "$out" | jq '[.findings[] | select(.rule == "F1")] | length')" 1
    expect 1 lint dismiss F1 tenant 1 --reason "x" --cycle 99
    contains "$errout" "cycle"
    expect 1 lint undismiss F1 tenant 1 --cycle 2 # that cycle's, exactly: there is none
    contains "$errout" "no dismissal"
    expect 0 lint undismiss F1 tenant 1 --cycle 3
    expect 0 --json lint --cycle 3
    equals "$(echo "$out" | jq '[.dismissed[] | select(.rule == "F1")] | length')" 0
}

test_lint_exits_1_when_a_finding_is_an_error() {
    setup_company
    expect 0 lint
    expect 0 kr add --objective 1 --title "新官网上线" --type milestone
    expect 1 lint
    contains "$out" "M1"
    contains "$out" "既不是有目标值的数值型"
}

test_lint_dismiss_keeps_the_reason_apart() {
    setup_company
    expect 0 --json lint
    equals "$(echo "$out" | jq -r '.findings[] | select(.rule == "M3") | .entity_id')" 1
    expect 2 lint dismiss M3 objective 1
    contains "$errout" "--reason"
    expect 1 lint dismiss Z9 objective 1 --reason "不适用"
    contains "$errout" "rule"
    expect 1 lint dismiss M3 objective 99 --reason "不适用"
    expect 0 lint dismiss M3 objective 1 --reason "翻番是董事会给的口径" --as ceo@acme.example
    contains "$out" "dismissed M3 on objective 1"
    # Dismissing again replaces the reason and who gave it; it stays one dismissal.
    expect 0 lint dismiss M3 objective 1 --reason "again"
    expect 0 lint dismiss M3 objective 1 --reason "翻番是董事会给的口径" --as ceo@acme.example
    expect 0 --json lint
    equals "$(echo "$out" | jq '.dismissed | length')" 1
    equals "$(echo "$out" | jq '[.findings[] | select(.rule == "M3")] | length')" 0
    equals "$(echo "$out" | jq -r '.dismissed[0].dismissal.reason')" "翻番是董事会给的口径"
    equals "$(echo "$out" | jq -r '.dismissed[0].dismissal.user_id')" 1
    expect 0 lint
    contains "$out" "已忽略（1）"
    contains "$out" "忽略人：王总"
    # Withdrawn: the finding counts again; a second time there is nothing to withdraw.
    expect 0 lint undismiss M3 objective 1
    contains "$out" "withdrew the dismissal of M3 on objective 1"
    expect 0 --json lint
    equals "$(echo "$out" | jq '.dismissed | length')" 0
    equals "$(echo "$out" | jq '[.findings[] | select(.rule == "M3")] | length')" 1
    expect 1 lint undismiss M3 objective 1
    contains "$errout" "no dismissal"
    # Not in advance: a rule the coach does not report on that objective now.
    expect 1 lint dismiss S1 objective 1 --reason "later"
    contains "$errout" "rule"
}

# A dismissal goes with its record: the id a deleted key result leaves may be a new one's.
test_lint_dismissal_goes_with_a_deleted_record() {
    setup_company
    expect 0 kr add --objective 1 --title "保持零安全事故" --start 0 --target 0 --direction at_most --unit 起
    expect 0 lint dismiss C4 key_result 2 --reason "特殊情况"
    expect 0 kr delete 2
    # A deleted record's id is not given again: the new key result is 3, its C4 stands.
    expect 0 kr add --objective 1 --title "保持零质量事故" --start 0 --target 0 --direction at_most --unit 起
    contains "$out" "key_result 3"
    expect 0 --json lint
    equals "$(echo "$out" | jq '.dismissed | length')" 0
    equals "$(echo "$out" | jq '[.findings[] | select(.rule == "C4" and .entity_id == 3)] | length')" 1
    expect 1 lint undismiss C4 key_result 2
    # The same when the key result goes with its objective (the database's cascade).
    expect 0 objective add --cycle 1 --title 设备安全 --theme 1 --owner company
    expect 0 kr add --objective 2 --title "保持设备零事故" --start 0 --target 0 --direction at_most --unit 起
    contains "$out" "key_result 4"
    expect 0 lint dismiss C4 key_result 4 --reason "还是特殊"
    expect 0 objective delete 2
    expect 0 objective add --cycle 1 --title 设备安全 --theme 1 --owner company
    contains "$out" "objective 3"
    expect 0 kr add --objective 3 --title "保持设备零故障" --start 0 --target 0 --direction at_most --unit 起
    contains "$out" "key_result 5"
    expect 0 --json lint
    equals "$(echo "$out" | jq '.dismissed | length')" 0
}

test_lint_usage_errors() {
    setup_company
    expect 2 lint --lang fr
    expect 2 lint --cycle abc
    expect 2 lint --bogus 1
    expect 2 lint extra
    expect 1 lint --cycle 42
    expect 1 lint --owner team:9
    contains "$errout" "no team with id 9"
    expect 1 lint --owner 99
    contains "$errout" "no user with id 99"
}
