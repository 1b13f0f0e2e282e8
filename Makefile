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
LIB_SRC := $(filter-out src/cli/main.c,$(SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))

# Build flavours: build/release (hardened) and build/asan (sanitisers).
build/release/%.o: CFLAGS_FLAVOUR = $(HARDEN)
build/asan/%.o: CFLAGS_FLAVOUR = $(SAN)

.PHONY: all test unit-test cli-test api-test lint deps run demo clean bench fuzz format

all: build/okr

build/okr: build/release/okr
	cp $< $@.tmp && mv $@.tmp $@ # a rename works while the old binary runs

# Explicit per-flavour link rules (pattern stems cannot express the object list twice).
build/release/okr: $(patsubst %.c,build/release/%.o,$(SRC))
	$(CC) $(HARDEN) $(HARDEN_LD) -o $@ $^ $(LIBS)
build/asan/okr: $(patsubst %.c,build/asan/%.o,$(SRC))
	$(CC) $(SAN) -o $@ $^ $(LIBS)

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

# The everyday suite: release build first, then the same tests under ASan + UBSan.
test: lint
	$(MAKE) unit-test cli-test api-test FLAVOUR=release
	$(MAKE) unit-test cli-test api-test FLAVOUR=asan
	@echo "all tests passed (release and ASan+UBSan)"

FLAVOUR ?= release
unit-test: build/$(FLAVOUR)/unit
	OKR_LOG=warn build/$(FLAVOUR)/unit --jobs 2

cli-test: build/$(FLAVOUR)/okr
	OKR_BIN=$(CURDIR)/build/$(FLAVOUR)/okr tests/cli/run.sh

# The real binary as a server, driven with curl: docs examples, keep-alive, limits, SIGTERM.
api-test: build/$(FLAVOUR)/okr
	OKR_BIN=$(CURDIR)/build/$(FLAVOUR)/okr tests/api/run.sh

lint:
	scripts/lint.sh

deps:
	scripts/deps.sh

demo: build/okr
	rm -f demo.db demo.db-wal demo.db-shm
	build/okr --db demo.db demo --lang $(or $(LANG_DEMO),zh)

run: deps
	$(MAKE) demo
	build/okr --db demo.db tree

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
