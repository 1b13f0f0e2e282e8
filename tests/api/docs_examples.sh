#!/usr/bin/env bash
# Runs every ```sh block of docs/api.md, then of docs/accounts.md, in order, against a running okr
# server, so that the documented examples stay true. Usage: docs_examples.sh URL (a server whose
# database the examples may change; ids count per company, so other companies may exist).
#
# api.md's blocks run as they stand with OKR_URL and TOKEN, TOKEN being an API token of the admin
# of a fresh company made the way api.md's "Running the examples" shows (sign-up with a cookie jar,
# then POST /api/v1/tokens with the cookie and its CSRF token). accounts.md's blocks are written
# for http://localhost:8080 with placeholders; before a block runs they are replaced with real
# values (see `fill`): the URL, <csrf_token> (of a session logged in just before, in ./jar),
# the token 1.3.9f2c... and its id 3 (a token made just before), the invitation 1.2.4be1... (from
# the previous block's answer).
#
# Every HTTP answer is checked, also of blocks that use curl without -f: each must be 2xx, except
# in a block whose curl calls all lack -f and whose introducing paragraph names the status it
# shows (an error example, e.g. "An unknown field (`422`, ..."): then each must be that status.
# Prints one line per block and "N passed, N failed"; exits non-zero on any failure.
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
docs=$here/../../docs
OKR_URL=${1:?usage: docs_examples.sh URL}
export OKR_URL
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
passed=0
failed=0

# extract FILE NAME: each sh block of FILE into NAME-NN.sh, with the paragraph just before it
# (its introduction) into NAME-NN.intro.
extract() {
    awk -v out="$work/$2" '
        /^```sh[ \t]*$/ && !fence {
            n++
            f = sprintf("%s-%02d.sh", out, n)
            printf "%s", para > sprintf("%s-%02d.intro", out, n)
            close(sprintf("%s-%02d.intro", out, n))
            inblock = 1
            next
        }
        inblock && /^```[ \t]*$/ { inblock = 0; close(f); para = ""; blank = 0; next }
        inblock { print > f; next }
        /^```/ { fence = !fence; para = ""; next }
        /^[ \t]*$/ { blank = 1; next }
        blank { para = ""; blank = 0 }
        { para = para $0 "\n" }
    ' "$1"
}

# A session of accounts.md's user in ./jar; its CSRF token in $csrf.
csrf=""
login() {
    csrf=$(command curl -fsS -c jar -H 'Content-Type: application/json' \
        "$OKR_URL/api/v1/sessions" \
        -d '{"email":"ada@acme.example","password":"a long passphrase"}' | jq -r .csrf_token)
}

# An API token of that user made now (for accounts.md's "1.3.9f2c..." and its id 3).
doc_token=""
doc_token_id=""
make_token() {
    local t
    t=$(command curl -fsS -b jar -H "Origin: $OKR_URL" -H "X-CSRF-Token: $csrf" \
        -H 'Content-Type: application/json' -d '{"name":"docs runner"}' "$OKR_URL/api/v1/tokens")
    doc_token=$(jq -r .token <<<"$t")
    doc_token_id=$(jq -r .id <<<"$t")
}

invitation="" # the last invitation an answer showed

# fill BLOCK: the block with accounts.md's placeholders replaced by real values.
fill() {
    sed -e "s#http://localhost:8080#$OKR_URL#g" \
        -e "s#<csrf_token>#$csrf#g" \
        -e "s#1\.3\.9f2c\.\.\.#$doc_token#g" \
        -e "s#/api/v1/tokens/3#/api/v1/tokens/$doc_token_id#g" \
        -e "s#1\.2\.4be1\.\.\.#$invitation#g" "$1"
}

# run_block DOC FILE: runs one block (a bash script with set -e and pipefail) with every curl
# reporting its status on stderr, and checks the statuses.
run_block() {
    local doc=$1 block=$2 name
    name="$doc block $(basename "$block" .sh | sed 's/.*-//')"
    if grep -q -- '-b jar\|<csrf_token>' "$block"; then
        login || {
            echo "FAIL $name: cannot log in to run it" >&2
            return 1
        }
    fi
    if grep -q '1\.3\.9f2c' "$block"; then
        make_token
    fi
    {
        echo 'set -eu -o pipefail'
        # shellcheck disable=SC2016 # written for the block's shell, expanded there
        printf '%s\n' 'curl() { command curl -w "%{stderr}okr-status:%{http_code}\n" "$@"; }'
        fill "$block"
    } >run.sh
    bash run.sh >out.txt 2>err.txt
    local rc=$?
    local seen want=""
    seen=$(grep -o 'okr-status:[0-9]*' err.txt | cut -d: -f2 | tr '\n' ' ')
    if ! grep -q 'curl[^|]* -[a-zA-Z]*f' "$block"; then
        # shellcheck disable=SC2016 # backquotes: the docs' code spans
        want=$(grep -o '`[1-5][0-9][0-9]`' "${block%.sh}.intro" | head -1 | tr -d '`')
    fi
    local bad=""
    [ -n "$seen" ] || bad="no HTTP request made"
    for s in $seen; do
        if [ -n "$want" ]; then
            [ "$s" = "$want" ] || bad="answered $s, the docs say $want"
        else
            case "$s" in 2??) ;; *) bad="answered $s" ;; esac
        fi
    done
    [ "$rc" -eq 0 ] || bad="exited $rc${bad:+; $bad}"
    local inv
    inv=$(grep -o '"invitation":"[^"]*"' out.txt | tail -1 | cut -d'"' -f4)
    [ -z "$inv" ] || invitation=$inv
    if [ -n "$bad" ]; then
        echo "FAIL $name: $bad"
        sed 's/^/    | /' "$block"
        sed 's/^/    > /' out.txt | head -20
        echo
        grep -v okr-status err.txt | sed 's/^/    ! /' | head -20
        return 1
    fi
    echo "ok   $name${want:+ (shows $want)}"
}

# The fresh company and token of api.md's "Running the examples".
CSRF=$(command curl -sS -c jar -X POST "$OKR_URL/api/v1/signup" \
    -H 'Content-Type: application/json' \
    -d '{"tenant_name":"Example Co","name":"Ada","email":"ada@example.com","password":"a long passphrase"}' |
    jq -r .csrf_token)
TOKEN=$(command curl -sS -b jar -X POST "$OKR_URL/api/v1/tokens" \
    -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" -H "Origin: $OKR_URL" \
    -d '{"name":"docs"}' | jq -r .token)
rm -f jar
if [ -z "$TOKEN" ] || [ "$TOKEN" = null ]; then
    echo "FAIL: could not make the company and token that api.md's examples need"
    exit 1
fi
export TOKEN

for doc in api accounts; do
    extract "$docs/$doc.md" "$doc"
    n=$(find . -name "$doc-*.sh" | wc -l)
    [ "$n" -gt 0 ] || {
        echo "FAIL $doc.md has no sh block"
        failed=$((failed + 1))
    }
    for block in $(find . -name "$doc-*.sh" | sort); do
        if run_block "$doc.md" "$block"; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
        fi
    done
done
echo "docs examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
