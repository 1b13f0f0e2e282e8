/* libFuzzer harness for svc_import: any bytes either import or fail cleanly, with an error
 * message and nothing written. A document that imports must round-trip: its export imports
 * again and exports to the same bytes. One in-memory SQLite database serves every input (opening
 * one costs more than most imports); the tenants an input creates are deleted before the next
 * input, so the database is empty between inputs. ASan/LSan (built with
 * -fsanitize=fuzzer,address,undefined) report crashes and leaks.
 *
 *   clang -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -g -O1 \
 *       -fsanitize=fuzzer,address,undefined -o build/fuzz_import tests/fuzz/fuzz_import.c \
 *       <every src/ file but src/cli/main.c> -lsqlite3 -ljansson -lsodium -lm -lpthread
 *   build/fuzz_import tests/fuzz/corpus/import */
#include "core/arena.h"
#include "core/sb.h"
#include "service/interchange.h"
#include "store/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_NOW 1767323045 /* 2026-01-02T03:04:05Z */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void fail(const char *what, const struct err *err)
{
    fprintf(stderr, "fuzz_import: %s: %s (field %s)\n", what, err ? err->msg : "",
            err ? err->field : "");
    abort();
}

static void export_to(struct store *st, struct arena *a, int64_t tenant, struct sb *out)
{
    struct err err;
    struct svc s = {
        .st = st, .a = a, .tenant_id = tenant, .actor = {.system = true}, .now = FUZZ_NOW};
    if (svc_export(&s, out, &err) != ERR_OK) {
        fail("export of an imported tenant failed", &err);
    }
}

static size_t tenants(struct store *st, struct arena *a)
{
    struct err err;
    struct rows rows;
    struct query q = {0};
    if (store_list(st, &entity_tenant, &q, a, &rows, &err) != ERR_OK) {
        fail("listing tenants failed", &err);
    }
    return rows.n;
}

static void drop_tenant(struct store *st, int64_t tenant)
{
    struct err err;
    if (store_begin(st, true, &err) != ERR_OK ||
        store_remove(st, &entity_tenant, 0, tenant, &err) != ERR_OK ||
        store_commit(st, &err) != ERR_OK) {
        fail("removing an imported tenant failed", &err);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct store *st; /* lives for the process: the OS reclaims it */
    struct err err;
    struct arena a;
    if (!st && store_open(":memory:", &st, &err) != ERR_OK) {
        fail("store_open", &err);
    }
    arena_init(&a, 0);
    int64_t t1 = 0, t2 = 0;
    err_clear(&err);
    enum err_code rc = svc_import(st, &a, FUZZ_NOW, (const char *)data, size, &t1, &err);
    if (rc != ERR_OK) {
        if (err.code != rc || !err.msg[0] || memchr(err.msg, '\0', sizeof err.msg) == NULL) {
            fail("a failed import must explain itself", &err);
        }
        if (tenants(st, &a) != 0) {
            fail("a failed import wrote a tenant", &err);
        }
    } else {
        struct sb first, second;
        sb_init(&first);
        sb_init(&second);
        export_to(st, &a, t1, &first);
        if (svc_import(st, &a, FUZZ_NOW, first.p, first.len, &t2, &err) != ERR_OK) {
            fprintf(stderr, "%s\n", sb_cstr(&first));
            fail("an export did not import", &err);
        }
        export_to(st, &a, t2, &second);
        if (first.len != second.len || memcmp(first.p, second.p, first.len) != 0) {
            fprintf(stderr, "first:\n%s\nsecond:\n%s\n", sb_cstr(&first), sb_cstr(&second));
            fail("export -> import -> export changed the document", NULL);
        }
        sb_free(&first);
        sb_free(&second);
        drop_tenant(st, t2);
        drop_tenant(st, t1);
        if (tenants(st, &a) != 0) {
            fail("imported tenants were not removed", NULL);
        }
    }
    arena_free(&a);
    return 0;
}
