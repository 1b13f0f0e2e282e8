# The OKR rhythm: check-ins, take-on requests, weights, scoring, closing a cycle, the tree.

test_checkin_updates_kr_and_derives_status() {
    setup_company
    expect 0 checkin 1 3000 --confidence 0.8 --note 进展顺利
    contains "$out" "status on_track"
    expect 0 --json kr show 1
    equals "$(echo "$out" | jq .current)" 3000
    equals "$(echo "$out" | jq .confidence)" 0.8
    # 2026-11-29 is 65% through the quarter: 10% done is far behind.
    expect 0 checkin 1 500 --confidence 0.8
    contains "$out" "status off_track"
    expect 0 checkin 1 500 --status at_risk
    contains "$out" "status at_risk"
    expect 0 --json checkin 1 500 --status at_risk
    equals "$(echo "$out" | jq -r .status)" at_risk
    expect 1 checkin 99 1
    contains "$errout" "no key result"
    expect 1 checkin 1 10 --confidence 2
    expect 0 --json kr show 1
    equals "$(echo "$out" | jq .current)" 500
    equals "$(echo "$out" | jq .confidence)" 0.8 # no --confidence: the key result's stays
}

test_take_on_request_flow() {
    setup_company
    expect 0 request send --from ceo@acme.example --to li@acme.example --kr 1 --message 请承接
    expect 0 --json request accept 1
    equals "$(echo "$out" | jq .objective_id)" 2 # the draft, for a script to go on with
    expect 0 --json objective show 2
    equals "$(echo "$out" | jq .parent_kr_id)" 1
    equals "$(echo "$out" | jq .owner_user_id)" 2
    equals "$(echo "$out" | jq -r .state)" draft
    expect 0 --json request list --to li@acme.example
    equals "$(echo "$out" | jq -r '.[0].state')" accepted
    equals "$(echo "$out" | jq '.[0].result_objective_id')" 2
    expect 1 request decline 1 --reason late
    contains "$errout" "already accepted"
    # A declined request keeps its reason; declining needs one.
    expect 0 request send --from ceo@acme.example --to li@acme.example --objective 1
    expect 1 request send --from ceo@acme.example --to li@acme.example --objective 1
    contains "$errout" "still pending"
    expect 1 request decline 2
    contains "$errout" "reason"
    expect 1 request decline 2 --reason "   "
    contains "$errout" "reason"
    expect 0 request decline 2 --reason "本季度精力不够"
    expect 0 --json request list
    equals "$(echo "$out" | jq -r '.[1].reason')" "本季度精力不够"
    equals "$(echo "$out" | jq -r '.[1].state')" declined
    expect 2 request send --from ceo@acme.example --to li@acme.example
}

test_weights_must_sum_to_one() {
    setup_company
    expect 0 kr add --objective 1 --title 第二个 --target 10
    expect 1 objective weights 1 0.7 0.7
    contains "$errout" "weight"
    expect 1 objective weights 1 1
    expect 0 objective weights 1 0.7 0.3
    equals "$("$OKR_BIN" --db t.db --json kr list | jq -r 'map(.weight)|join(",")')" "0.7,0.3"
    expect 1 kr edit 2 --weight 0.5
}

test_tree_shows_progress_from_strategy_down() {
    setup_company
    expect 0 checkin 1 2500
    expect 0 request send --from 1 --to 2 --kr 1
    expect 0 request accept 1
    expect 0 objective add --cycle 1 --title 孤立的目标 --owner user:2
    expect 0 tree --lang en
    local whole=$out
    OKR_TREE_PARALLEL_MIN=1 expect 0 tree --lang en # written by two threads: the same text
    equals "$out" "$whole"
    out=$whole
    contains "$out" "[financial · short] 收入增长"
    contains "$out" " 50%  company · committed  营收翻番"
    contains "$out" "2500 / 5000万元" # a Chinese unit follows the figure, as in the web
    contains "$out" "李雷 · committed  新签合同额达到5000万元"
    contains "$out" "Not linked to a theme"
    expect 0 tree # the company's language
    contains "$out" " 50%  公司 · 承诺型  营收翻番"
    contains "$out" "未关联战略主题或上级"
    expect 0 --json tree --cycle 1
    equals "$(echo "$out" | jq '.themes[0].objectives[0].progress')" 0.5
    equals "$(echo "$out" | jq -r '.themes[0].objectives[0].key_results[0].children[0].title')" \
        "新签合同额达到5000万元"
    equals "$(echo "$out" | jq '.unlinked | length')" 1
    # One team's tree: its lead's objective, aligned to the company's key result outside it.
    expect 0 team add --name 销售部 --lead li@acme.example
    expect 0 tree --team 1 --lang en
    local team=$out
    OKR_TREE_PARALLEL_MIN=1 expect 0 tree --team 1 --lang en
    equals "$out" "$team"
    contains "$out" "Aligned to objectives outside this tree"
    contains "$out" "李雷 · committed  新签合同额达到5000万元"
    lacks "$out" "营收翻番"
    contains "$out" "孤立的目标" # the lead's own, linked to nothing
    expect 0 --json tree --team 1
    equals "$(echo "$out" | jq '.aligned_elsewhere | length')" 1
    expect 1 tree --team 9
    contains "$errout" "team"
    expect 2 tree --team x
}

# A long chain of aligned objectives: the text and the JSON show the same levels, all of them
# (editing allows 64), or as many as --depth asks.
test_tree_text_and_json_show_the_same_levels() {
    setup_company
    for i in $(seq 2 40); do
        "$OKR_BIN" --db t.db objective add --cycle 1 --title "L$i" --owner company \
            --parent "objective:$((i - 1))" >/dev/null || fail "objective L$i"
    done
    for depth in "" "--depth 1" "--depth 20"; do
        expect 0 tree $depth
        text=$(echo "$out" | grep -c ' L[0-9]')
        expect 0 --json tree $depth
        json=$(echo "$out" | jq '[.. | objects | select(has("title")) | .title | select(test("^L[0-9]+$"))] | length')
        equals "$text" "$json"
    done
    equals "$text" 20
    expect 0 tree
    equals "$(echo "$out" | grep -c ' L[0-9]')" 39
}

test_grading_and_closing() {
    setup_company
    expect 0 objective add --cycle 1 --title 第二个目标 --theme 1
    expect 1 cycle close 1
    contains "$errout" "state"
    expect 1 cycle reopen 1 # only a cycle being graded reopens
    contains "$errout" "active"
    expect 0 cycle grade 1
    expect 1 objective edit 1 --title 改名
    contains "$errout" "cycle"
    expect 0 cycle reopen 1
    expect 0 objective edit 1 --title 营收翻番
    expect 0 cycle grade 1
    expect 1 cycle close 1
    contains "$errout" "营收翻番"
    expect 0 score 1 --self 0.8 --note "做得不错"
    # A committed objective under 1.0 says why it fell short (C6) before the cycle closes.
    expect 1 score 1 --manager 0.7
    contains "$errout" "postmortem"
    expect 0 score 1 --manager 0.7 --note "交付晚了两周"
    expect 1 score 2 --self 1.5
    # A bad option or score writes none of them.
    expect 1 score 2 --self 0.4 --manager 1.5
    expect 2 score 2 --self 0.4 --bogus x
    expect 2 score 2 --self 0.4 --manager 0.5 --note 两个
    expect 0 --json objective show 2
    equals "$(echo "$out" | jq .self_score)" null
    expect 0 score 2 --final 0.4 --note "渠道没打开"
    expect 0 cycle close 1
    expect 0 --json objective show 1
    equals "$(echo "$out" | jq .final_score)" 0.7 # the manager score fills in
    equals "$(echo "$out" | jq -r .reflection)" "做得不错"
    expect 1 checkin 1 10
    expect 1 score 1 --self 0.9
    expect 1 cycle reopen 1
    # Nothing moves out of a closed cycle, and the cycle itself stays as it was.
    expect 0 cycle add --name "2027 Q1" --start 2027-01-01 --end 2027-03-31
    expect 0 objective add --cycle 2 --title 下个季度 --theme 1 --owner company
    expect 1 kr edit 1 --objective 3
    contains "$errout" "closed"
    expect 1 objective edit 1 --cycle 2
    contains "$errout" "closed"
    expect 1 cycle edit 1 --name 改名
    contains "$errout" "closed"
    expect 0 --json kr show 1
    equals "$(echo "$out" | jq .objective_id)" 1
}

# Comments are read back from the command line too: by objective, by author, one by one.
test_comments_written_and_read() {
    setup_company
    expect 0 comment --objective 1 --author ceo@acme.example "渠道要先打开"
    expect 0 comment --kr 1 "单价再看一下"
    expect 0 --json comment list --objective 1
    equals "$(echo "$out" | jq length)" 1
    equals "$(echo "$out" | jq -r '.[0].body')" "渠道要先打开"
    expect 0 --json comment list --author ceo@acme.example
    equals "$(echo "$out" | jq length)" 1
    expect 0 comment show 2
    contains "$out" "单价再看一下"
}
