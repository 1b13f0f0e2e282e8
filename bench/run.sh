#!/bin/sh
# Every benchmark, one after another (`make bench`). Each prints ratios against a reference it
# measures in the same run; see bench/README.md for what the figures mean and the options.
# Long: building the 100,000-person company takes tens of minutes on 2 cores (the API bench
# caches it under bench/.cache/). PEOPLE=10000 gives a quicker, smaller run.
set -eu
cd "$(dirname "$0")"
for b in demo_bench.sh lint_bench.sh api_bench.sh web_bench.sh; do
    echo "== $b"
    sh "./$b"
done
