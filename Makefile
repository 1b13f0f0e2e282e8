# okr: GNU make. `make` builds build/okr; `make test` runs every test, then again under
# ASan + UBSan; `make lint` checks the house rules; `make deps` installs Debian packages.

CC ?= cc
PKGS := sqlite3 libsodium jansson libmicrohttpd libpq
WARN := -Wall -Wextra -Werror -Wshadow -Wconversion -Wvla -Wformat=2 -Wstrict-prototypes \
        -Wmissing-prototypes -Wimplicit-fallthrough
BASE_CFLAGS := -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -g $(WARN) \
        $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
HARDEN := -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE -fstack-clash-protection
HARDEN_LD := -pie -Wl,-z,relro,-z,now
SAN := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRC := $(sort $(wildcard src/*/*.c))
# The web UI's assets (assets/) compiled into the binary as C arrays (scripts/embed_assets.sh).
ASSETS := $(sort $(wildcard assets/*.css assets/*.js assets/*.svg))
SRC += build/gen/assets.c
LIB_SRC := $(filter-out src/cli/main.c,$(SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))

# Build flavours: build/release (hardened) and build/asan (sanitisers).
build/release/%.o: CFLAGS_FLAVOUR = $(HARDEN)
build/asan/%.o: CFLAGS_FLAVOUR = $(SAN)

.PHONY: all test unit-test cli-test api-test pg-test lint deps run demo clean bench fuzz format

all: build/okr

build/okr: build/release/okr
	cp $< $@.tmp && mv $@.tmp $@ # a rename works while the old binary runs

# Explicit per-flavour link rules (pattern stems cannot express the object list twice).
build/release/okr: $(patsubst %.c,build/release/%.o,$(SRC))
	$(CC) $(HARDEN) $(HARDEN_LD) -o $@ $^ $(LIBS)
build/asan/okr: $(patsubst %.c,build/asan/%.o,$(SRC))
	$(CC) $(SAN) -o $@ $^ $(LIBS)

build/gen/assets.c: $(ASSETS) scripts/embed_assets.sh
	@mkdir -p $(dir $@)
	scripts/embed_assets.sh $(ASSETS) > $@.tmp && mv $@.tmp $@

build/release/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS_FLAVOUR) -MMD -MP -c -o $@ $<
build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS_FLAVOUR) -MMD -MP -c -o $@ $<

# Unit tests: one Criterion binary over every module but main.
build/release/unit: $(patsubst %.c,build/release/%.o,$(LIB_SRC) $(UNIT_SRC))
	$(CC) $(HARDEN) $(HARDEN_LD) -o $@ $^ $(LIBS) -lcriterion
build/asan/unit: $(patsubst %.c,build/asan/%.o,$(LIB_SRC) $(UNIT_SRC))
	$(CC) $(SAN) -o $@ $^ $(LIBS) -lcriterion

# The everyday suite: release build first, then the same tests under ASan + UBSan. Each flavour
# runs the unit, CLI and API tests on SQLite, then the PostgreSQL part (pg-suites), all in one
# throwaway cluster on 127.0.0.1 (scripts/pg-test.sh: a free port, removed on exit) with a
# fresh database per suite and flavour. OKR_TEST_DB is cleared for the SQLite runs; the CLI's
# `okr copy` test gets a PostgreSQL database of its own (OKR_PG_URL).
PG_SUITES := store api multi cli
pg_dbs = $(foreach s,$(PG_SUITES),okr_$(s)_$(1))

test: lint
	PG_TEST_DBS="$(call pg_dbs,release) $(call pg_dbs,asan)" \
	    scripts/pg-test.sh $(MAKE) --no-print-directory test-flavours
	$(MAKE) --no-print-directory e2e-test
	@echo "all tests passed (release and ASan+UBSan; SQLite and PostgreSQL; browser)"

# Inside the cluster of `make test` only.
.PHONY: test-flavours
test-flavours:
	@[ -n "$${OKR_PG_SERVER:-}" ] || { echo "test-flavours: run make test" >&2; exit 2; }
	OKR_TEST_DB= OKR_PG_URL=$$OKR_PG_SERVER/okr_cli_release \
	    $(MAKE) unit-test cli-test api-test FLAVOUR=release
	$(MAKE) pg-suites FLAVOUR=release
	OKR_TEST_DB= OKR_PG_URL=$$OKR_PG_SERVER/okr_cli_asan \
	    $(MAKE) unit-test cli-test api-test FLAVOUR=asan
	$(MAKE) pg-suites FLAVOUR=asan

FLAVOUR ?= release
unit-test: build/$(FLAVOUR)/unit
	OKR_LOG=warn build/$(FLAVOUR)/unit --jobs 2

cli-test: build/$(FLAVOUR)/okr
	OKR_BIN=$(CURDIR)/build/$(FLAVOUR)/okr tests/cli/run.sh

# The real binary as a server, driven with curl: docs examples, keep-alive, limits, SIGTERM.
api-test: build/$(FLAVOUR)/okr
	OKR_BIN=$(CURDIR)/build/$(FLAVOUR)/okr tests/api/run.sh

# The PostgreSQL part, in a cluster started by scripts/pg-test.sh (it sets OKR_PG_SERVER) with
# the databases okr_{store,api,multi}_$(FLAVOUR): the store suites (conformance, cross-connection
# transactions), the API tests, and two instances behind nginx (tests/multi).
.PHONY: pg-suites
pg-suites: build/$(FLAVOUR)/unit build/$(FLAVOUR)/okr
	@[ -n "$${OKR_PG_SERVER:-}" ] || { echo "pg-suites: needs scripts/pg-test.sh (make pg-test)" >&2; exit 2; }
	OKR_TEST_DB=$$OKR_PG_SERVER/okr_store_$(FLAVOUR) OKR_LOG=warn \
	    build/$(FLAVOUR)/unit --jobs 2 --filter 'store*/*'
	OKR_TEST_DB=$$OKR_PG_SERVER/okr_api_$(FLAVOUR) OKR_BIN=$(CURDIR)/build/$(FLAVOUR)/okr \
	    tests/api/run.sh
	OKR_TEST_DB=$$OKR_PG_SERVER/okr_multi_$(FLAVOUR) OKR_BIN=$(CURDIR)/build/$(FLAVOUR)/okr \
	    tests/multi/run.sh

# Only the PostgreSQL part (of FLAVOUR, default release) in a cluster of its own, and the CLI
# tests, whose `okr copy` test goes through PostgreSQL.
pg-test: build/$(FLAVOUR)/unit build/$(FLAVOUR)/okr
	PG_TEST_DBS="$(call pg_dbs,$(FLAVOUR))" scripts/pg-test.sh sh -c \
	    '$(MAKE) --no-print-directory pg-suites FLAVOUR=$(FLAVOUR) && \
	    OKR_PG_URL=$$OKR_PG_SERVER/okr_cli_$(FLAVOUR) OKR_BIN=$(CURDIR)/build/$(FLAVOUR)/okr \
	    tests/cli/run.sh'

# The web UI in headless Chromium (Debian's chromium + playwright-core from npm), every
# tests/e2e/*.test.mjs; part of `make test` (once, release build).
.PHONY: e2e-test
e2e-test: build/okr
	tests/e2e/run.sh

lint:
	scripts/lint.sh

deps:
	scripts/deps.sh

demo: build/okr
	rm -f demo.db demo.db-wal demo.db-shm
	build/okr --db demo.db demo --lang $(or $(LANG_DEMO),zh)

# The README's first command: install, build, create the demo company and serve it.
DEMO_PASSWORD := demo password 1
run: deps
	$(MAKE) demo
	@for who in wang.siqi chen.mingyuan; do \
	    echo '$(DEMO_PASSWORD)' | build/okr --db demo.db user password $$who@demo.okr.example \
	        > /dev/null; done
	@echo "okr: open http://127.0.0.1:8080 and log in as wang.siqi@demo.okr.example (a person)"
	@echo "     or chen.mingyuan@demo.okr.example (the admin), password: $(DEMO_PASSWORD)"
	build/okr --db demo.db serve --listen 127.0.0.1:8080

bench: build/okr
	bench/run.sh

# Fuzzers (clang, libFuzzer): FUZZ_SECONDS each (default 20).
fuzz:
	tests/fuzz/run.sh

format:
	clang-format -i $(SRC) $(wildcard src/*/*.h) $(UNIT_SRC)

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
