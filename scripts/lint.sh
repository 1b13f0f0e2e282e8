#!/bin/sh
# House rules a grep can check (DESIGN.md sections 2 and 6): banned string functions and the
# layer rule (which directory may include which).
set -u
cd "$(dirname "$0")/.."
fail=0

banned=$(grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atof)[[:space:]]*\(' src \
    | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(//|\*|/\*)')
if [ -n "$banned" ]; then
    echo "lint: banned functions:"; echo "$banned"; fail=1
fi

# allowed[layer] = the layers it may include (besides itself).
allowed() {
    case "$1" in
    core) echo "" ;;
    domain) echo "core" ;;
    store) echo "core domain" ;;
    service) echo "core domain store" ;;
    http) echo "core" ;;
    api) echo "core domain service http" ;;
    web) echo "core domain service http api" ;; # api/api.h: the shared worker, hook and svc
    cli) echo "core domain service store http api web" ;; # the entry point composes the fronts
    *) echo "?" ;;
    esac
}
for dir in src/*/; do
    layer=$(basename "$dir")
    ok=$(allowed "$layer")
    for inc in $(grep -ohE '^#include "[a-z]+/' "$dir"*.[ch] 2>/dev/null | sed 's/#include "//; s/\///' | sort -u); do
        [ "$inc" = "$layer" ] && continue
        case " $ok " in
        *" $inc "*) ;;
        *) echo "lint: layer rule: src/$layer includes $inc/"; grep -ln "#include \"$inc/" "$dir"*.[ch]; fail=1 ;;
        esac
    done
done
[ $fail -eq 0 ] && echo "lint: ok"
exit $fail
