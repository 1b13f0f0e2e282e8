# Help, usage errors, tenants.

test_help_lists_every_command() {
    expect 0 help
    for cmd in init demo user team theme cycle objective kr initiative kpi checkin request \
        comment score tree export import backup migrate; do
        contains "$out" "  $cmd "
    done
    expect 0 help tree
    contains "$out" "usage: okr tree"
    expect 2 help nosuch
    expect 2 nosuch
    contains "$errout" "no command 'nosuch'"
}

test_usage_errors_exit_2() {
    expect 0 init --name Acme
    expect 2 user add --name A --email a@x.example --bogus 1
    contains "$errout" "unknown option --bogus"
    expect 2 objective show notanumber
    expect 2 checkin 1
    expect 2 --unknown-global user list
    expect 2 --db
    contains "$errout" "--db needs a value"
}

test_no_company_yet() {
    expect 1 user list
    contains "$errout" "okr init"
}

# A file that is not a database: one line saying so, nothing about SQL.
test_not_a_database_is_one_clear_line() {
    echo '{"format": "okr"}' >t.db
    expect 1 user list
    equals "$errout" "okr: user list: t.db is not an okr database"
}

test_several_tenants_need_choice() {
    expect 0 init --name One
    expect 1 init --name Two # a second company is a choice, not a slip
    contains "$errout" "--another"
    expect 0 init --name Two --another
    expect 2 user list
    contains "$errout" "--tenant"
    okr --tenant 2 user add --name Bo --email bo@two.example
    equals "$status" 0
    equals "$("$OKR_BIN" --db t.db --tenant 1 --json user list | jq length)" 0
    equals "$("$OKR_BIN" --db t.db --tenant 2 --json user list | jq length)" 1
}

test_migrate_reports_version() {
    expect 0 migrate
    contains "$out" "schema version "
    contains "$out" " (sqlite)"
    expect 0 migrate
    expect 0 --json migrate
    equals "$(echo "$out" | jq -r .driver)" sqlite
    equals "$(echo "$out" | jq .schema_version)" 9
}

test_backup_copies_and_refuses_overwrite() {
    expect 0 init --name Acme --admin-name 王总 --admin-email ceo@acme.example
    expect 0 backup copy.db
    equals "$("$OKR_BIN" --db copy.db --json user list | jq -r '.[0].name')" "王总"
    expect 1 backup copy.db
    contains "$errout" "exists"
}

test_cli_docs_are_current() {
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    "$here/../../scripts/gen-cli-docs.sh" "$OKR_BIN" > cli.md
    diff -u "$here/../../docs/cli.md" cli.md > diff.txt || fail "docs/cli.md is stale: run scripts/gen-cli-docs.sh > docs/cli.md ($(head -c 300 diff.txt))"
}

# API tokens from the command line: shown once, listed without the secret, a never-used token's
# last use null (not 1970), revoked.
test_tokens_from_the_command_line() {
    expect 0 init --name Acme --admin-name 王总 --admin-email ceo@acme.example
    expect 0 token create ceo@acme.example --name CI
    contains "$errout" "shown this once" # the note on stderr, the secret alone on stdout
    local secret=$out
    expect 0 --json token list
    equals "$(echo "$out" | jq -r '.[0].last_used')" null
    lacks "$out" "${secret##*.}"
    expect 0 --json token revoke 1
    equals "$(echo "$out" | jq .ok)" true
    expect 0 --json token list
    equals "$(echo "$out" | jq '.[0].revoked')" true
}
