/* Store conformance suite: what every store driver must do, written against store.h only so that
 * it runs unchanged against each driver. The database comes from OKR_TEST_DB (a URL that every
 * test then shares, each test working in tenants of its own); by default every test gets a fresh
 * SQLite file from mkstemp in /tmp, removed afterwards. A few tests look at the SQLite file itself
 * (journal mode, schema version guard, backup, reopen) and skip themselves for other URLs.
 *
 * Records are built generically from the entity descriptors: every field gets a non-default
 * value (CJK and ASCII text, the last enum name, reals with many digits, dates, times past 2^32)
 * and every reference points at a real parent record inserted first, so a driver that drops,
 * truncates or mixes up a column fails the comparison field by field. Suite: store. */
#include "core/arena.h"
#include "core/err.h"
#include "core/timefmt.h"
#include "domain/meta.h"
#include "domain/model.h"
#include "store/sqlite_tree.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
    struct store *s;
    char url[512];
    char path[256];  /* the SQLite file when the suite made its own, else "" */
    char extra[256]; /* another file a test made (a backup), removed at teardown */
    bool sqlite_file;
    bool own_file; /* the suite made the file: no other test shares it */
    struct arena a;
    int seq; /* makes every built value distinct */
};

static struct fixture F;

static void remove_db_files(const char *path)
{
    char p[300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-journal", path);
    unlink(p);
}

/* Makes a unique empty file name in /tmp (the file is created by mkstemp, then reused). */
static void temp_path(char *out, size_t n, const char *stem)
{
    const char *dir = getenv("TMPDIR");
    snprintf(out, n, "%s/okr-%s-XXXXXX", dir && *dir ? dir : "/tmp", stem);
    int fd = mkstemp(out);
    cr_assert_geq(fd, 0, "mkstemp failed");
    close(fd);
}

static void open_store(void)
{
    struct err err;
    err_clear(&err);
    enum err_code rc = store_open(F.url, &F.s, &err);
    if (rc != ERR_OK && F.own_file) {
        remove_db_files(F.path); /* a failed assertion may skip the teardown */
    }
    cr_assert_eq(rc, ERR_OK, "store_open(%s): %s", F.url, err.msg);
}

static void setup(void)
{
    memset(&F, 0, sizeof F);
    arena_init(&F.a, 0);
    const char *env = getenv("OKR_TEST_DB");
    if (env && *env) {
        snprintf(F.url, sizeof F.url, "%s", env);
        const char *p = strncmp(env, "sqlite:", 7) == 0 ? env + 7 : env;
        F.sqlite_file = strstr(env, "://") == NULL;
        if (F.sqlite_file) {
            snprintf(F.path, sizeof F.path, "%s", p);
        }
    } else {
        temp_path(F.path, sizeof F.path, "store");
        snprintf(F.url, sizeof F.url, "sqlite:%s", F.path);
        F.sqlite_file = true;
        F.own_file = true;
    }
    open_store();
}

static void teardown(void)
{
    store_close(F.s);
    F.s = NULL;
    arena_free(&F.a);
    const char *env = getenv("OKR_TEST_DB");
    if (!(env && *env) && F.path[0]) {
        remove_db_files(F.path);
    }
    if (F.extra[0]) {
        remove_db_files(F.extra);
    }
}

TestSuite(store, .init = setup, .fini = teardown);

/* ---------------------------------------------------------------------------------------------
 * Generic records */

static bool scoped(const struct entity *e)
{
    return e != &entity_tenant;
}

static int64_t id_of(const struct entity *e, const void *obj)
{
    return meta_get_i64(meta_field(e, "id"), obj);
}

static int64_t tenant_of(const struct entity *e, const void *obj)
{
    return scoped(e) ? meta_get_i64(meta_field(e, "tenant_id"), obj) : 0;
}

static void *new_record(const struct entity *e)
{
    void *obj = arena_alloc(&F.a, e->size);
    meta_init(e, obj);
    return obj;
}

static void *copy_record(const struct entity *e, const void *obj)
{
    void *c = arena_alloc(&F.a, e->size);
    memcpy(c, obj, e->size);
    return c;
}

static int enum_count(const struct field *f)
{
    int n = 0;
    while (f->enum_names[n]) {
        n++;
    }
    return n;
}

/* Text that meta_check accepts for f, distinct per call: CJK, ASCII, quotes, and for multi-line
 * fields a newline and a tab. */
static const char *text_value(const struct field *f, const char *prefix)
{
    int n = ++F.seq;
    if (f->max_len >= 64) {
        return arena_printf(&F.a, "%s %s #%d 目标「OKR」'q' \"dq\"%s", prefix, f->name, n,
                            (f->flags & FF_LONG) ? "\n第二行\tü" : " ü");
    }
    if (f->max_len >= 16) {
        return arena_printf(&F.a, "中文%d", n);
    }
    return arena_printf(&F.a, "x%d", n % 1000);
}

static double real_value(const struct field *f)
{
    int n = ++F.seq;
    if (f->min < f->max) {
        return f->min + (f->max - f->min) * (0.1234567890123 + 0.001 * (n % 100));
    }
    return -1234.56789012345678 * (n + 1);
}

static void insert_ok(const struct entity *e, void *obj);

/* Builds a record of e in tenant with every field set. References are set to parents that this
 * inserts first: all of them for the record under test (depth 0), only the required ones for
 * parents, which keeps the graph finite. The record itself is not inserted. */
static void *build(const struct entity *e, int64_t tenant, int depth)
{
    void *obj = new_record(e);
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        switch (f->type) {
        case FT_TENANT:
            *meta_i64(f, obj) = tenant;
            break;
        case FT_ID:
            *meta_i64(f, obj) = 0;
            break;
        case FT_REF:
            if ((f->flags & FF_REQUIRED) || depth == 0) {
                void *parent = build(f->ref, tenant, depth + 1);
                insert_ok(f->ref, parent);
                *meta_i64(f, obj) = id_of(f->ref, parent);
            }
            break;
        case FT_TEXT:
            *meta_text(f, obj) = text_value(f, "新建");
            break;
        case FT_ENUM:
            *meta_int(f, obj) = enum_count(f) - 1;
            break;
        case FT_BOOL:
            *meta_int(f, obj) = 1;
            break;
        case FT_REAL:
            *meta_real(f, obj) = real_value(f);
            break;
        case FT_INT:
            *meta_i64(f, obj) =
                f->min < f->max ? (int64_t)f->min + 1 + ++F.seq % 1000 : 5000000000LL + ++F.seq;
            break;
        case FT_DATE:
            *meta_i64(f, obj) = date_from_ymd(2024, 2, 29) + ++F.seq;
            break;
        case FT_TIME:
            *meta_i64(f, obj) = 4102444800LL + ++F.seq; /* 2100: past 32 bits */
            break;
        case FT_VERSION:
            *meta_i64(f, obj) = 1;
            break;
        }
    }
    struct err err;
    err_clear(&err);
    cr_assert_eq(meta_check(e, obj, &err), ERR_OK, "test data for %s is invalid: %s", e->name,
                 err.msg);
    return obj;
}

static void insert_ok(const struct entity *e, void *obj)
{
    struct err err;
    err_clear(&err);
    enum err_code rc = store_insert(F.s, e, obj, &err);
    cr_assert_eq(rc, ERR_OK, "insert %s: %s (%s)", e->name, err.msg, err_code_name(rc));
    cr_assert_gt(id_of(e, obj), 0, "insert %s assigned no id", e->name);
}

/* A fully populated record of e in tenant, inserted. */
static void *make(const struct entity *e, int64_t tenant)
{
    void *obj = build(e, tenant, 0);
    insert_ok(e, obj);
    return obj;
}

static int64_t new_tenant(void)
{
    struct tenant *t = make(&entity_tenant, 0);
    return t->id;
}

static enum err_code get_rc(const struct entity *e, int64_t tenant, int64_t id, void **out)
{
    struct err err;
    err_clear(&err);
    void *obj = new_record(e);
    enum err_code rc = store_get(F.s, e, tenant, id, obj, &F.a, &err);
    if (out) {
        *out = obj;
    }
    return rc;
}

static void *get_ok(const struct entity *e, int64_t tenant, int64_t id)
{
    void *obj;
    enum err_code rc = get_rc(e, tenant, id, &obj);
    cr_assert_eq(rc, ERR_OK, "get %s %lld in tenant %lld: %s", e->name, (long long)id,
                 (long long)tenant, err_code_name(rc));
    return obj;
}

static void assert_not_found(const struct entity *e, int64_t tenant, int64_t id)
{
    enum err_code rc = get_rc(e, tenant, id, NULL);
    cr_assert_eq(rc, ERR_NOT_FOUND, "get %s %lld in tenant %lld: %s, want not_found", e->name,
                 (long long)id, (long long)tenant, err_code_name(rc));
}

/* Equal, or both none (NaN). -0 and 0 count as equal: a database may store either. */
static bool same_real(double x, double y)
{
    return (isnan(x) && isnan(y)) || x == y;
}

/* Compares every field of two records of e; what names the comparison in a failure. */
static void assert_same(const struct entity *e, const void *want, const void *got, const char *what)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        switch (f->type) {
        case FT_TEXT: {
            const char *w = meta_get_text(f, want), *g = meta_get_text(f, got);
            cr_assert_not_null(g, "%s: %s.%s is NULL", what, e->name, f->name);
            cr_assert_str_eq(g, w, "%s: %s.%s is \"%s\", want \"%s\"", what, e->name, f->name, g,
                             w);
            break;
        }
        case FT_REAL:
            cr_assert(same_real(meta_get_real(f, want), meta_get_real(f, got)),
                      "%s: %s.%s is %.17g, want %.17g", what, e->name, f->name,
                      meta_get_real(f, got), meta_get_real(f, want));
            break;
        case FT_ENUM:
        case FT_BOOL:
            cr_assert_eq(meta_get_int(f, got), meta_get_int(f, want), "%s: %s.%s is %d, want %d",
                         what, e->name, f->name, meta_get_int(f, got), meta_get_int(f, want));
            break;
        default:
            cr_assert_eq(meta_get_i64(f, got), meta_get_i64(f, want),
                         "%s: %s.%s is %lld, want %lld", what, e->name, f->name,
                         (long long)meta_get_i64(f, got), (long long)meta_get_i64(f, want));
            break;
        }
    }
}

static struct rows list_rows(const struct entity *e, int64_t tenant, const char *by, int64_t key,
                             int64_t after, int64_t limit)
{
    struct query q = {.tenant_id = tenant, .by = by, .key = key, .after_id = after, .limit = limit};
    struct rows r = {0};
    struct err err;
    err_clear(&err);
    enum err_code rc = store_list(F.s, e, &q, &F.a, &r, &err);
    cr_assert_eq(rc, ERR_OK, "list %s by %s: %s", e->plural, by ? by : "-", err.msg);
    return r;
}

static void *row(const struct entity *e, const struct rows *r, size_t i)
{
    return (char *)r->items + i * e->size;
}

/* A changed version of obj for an update: required references move to new parents, optional
 * ones and nullable values become none, optional text becomes empty, everything else changes. */
static void *mutate(const struct entity *e, const void *obj)
{
    void *m = copy_record(e, obj);
    int64_t tenant = tenant_of(e, obj);
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        switch (f->type) {
        case FT_REF:
            if (f->flags & FF_REQUIRED) {
                void *parent = build(f->ref, tenant, 1);
                insert_ok(f->ref, parent);
                *meta_i64(f, m) = id_of(f->ref, parent);
            } else {
                *meta_i64(f, m) = 0;
            }
            break;
        case FT_TEXT:
            *meta_text(f, m) = (f->flags & FF_REQUIRED) ? text_value(f, "更新") : "";
            break;
        case FT_ENUM:
            *meta_int(f, m) = 0;
            break;
        case FT_BOOL:
            *meta_int(f, m) = 0;
            break;
        case FT_REAL:
            *meta_real(f, m) = (f->flags & FF_NULLABLE) ? NAN : real_value(f);
            break;
        case FT_INT:
            *meta_i64(f, m) += 1;
            break;
        case FT_DATE:
            *meta_i64(f, m) = (f->flags & FF_NULLABLE) ? DATE_NONE : date_from_ymd(1900, 1, 1);
            break;
        case FT_TIME:
            *meta_i64(f, m) = -2208988800LL + ++F.seq; /* before the epoch */
            break;
        default:
            break;
        }
    }
    struct err err;
    err_clear(&err);
    cr_assert_eq(meta_check(e, m, &err), ERR_OK, "mutated %s is invalid: %s", e->name, err.msg);
    return m;
}

/* ---------------------------------------------------------------------------------------------
 * Per entity: insert, get, update, version, stale, missing, delete */

static void run_round_trip(const struct entity *e)
{
    int64_t t = scoped(e) ? new_tenant() : 0;
    void *rec = make(e, t);
    void *got = get_ok(e, t, id_of(e, rec));
    assert_same(e, rec, got, "after insert");

    /* A second record gets another id and does not disturb the first. */
    void *rec2 = make(e, t);
    cr_assert_neq(id_of(e, rec2), id_of(e, rec), "%s: two inserts got one id", e->name);
    assert_same(e, rec, get_ok(e, t, id_of(e, rec)), "after a second insert");

    const struct field *vf = meta_field(e, "version");
    const struct field *cf = meta_field(e, "created");
    void *before = copy_record(e, rec);
    void *m = mutate(e, rec);
    struct err err;
    err_clear(&err);
    enum err_code rc = store_update(F.s, e, m, &err);
    cr_assert_eq(rc, ERR_OK, "update %s: %s", e->name, err.msg);
    if (vf) {
        cr_assert_eq(meta_get_i64(vf, m), meta_get_i64(vf, before) + 1,
                     "update must bump the caller's version");
    }
    void *want = copy_record(e, m);
    if (cf) {
        /* created never changes, whatever the caller passes */
        *meta_i64(cf, m) = meta_get_i64(cf, before) - 12345;
        *meta_i64(cf, want) = meta_get_i64(cf, before);
    }
    assert_same(e, want, get_ok(e, t, id_of(e, rec)), "after update");
    assert_same(e, rec2, get_ok(e, t, id_of(e, rec2)), "the other record after update");

    if (vf) {
        /* A second update from the fresh version works and bumps again. */
        void *m2 = mutate(e, get_ok(e, t, id_of(e, rec)));
        err_clear(&err);
        cr_assert_eq(store_update(F.s, e, m2, &err), ERR_OK, "second update: %s", err.msg);
        cr_assert_eq(meta_get_i64(vf, m2), meta_get_i64(vf, before) + 2);
        void *now = get_ok(e, t, id_of(e, rec));
        cr_assert_eq(meta_get_i64(vf, now), meta_get_i64(vf, before) + 2, "%s version", e->name);

        /* The caller's copy from before both updates is stale. */
        void *stale = mutate(e, before);
        err_clear(&err);
        rc = store_update(F.s, e, stale, &err);
        cr_assert_eq(rc, ERR_STALE, "stale update of %s: %s, want stale", e->name,
                     err_code_name(rc));
        assert_same(e, now, get_ok(e, t, id_of(e, rec)), "after a refused stale update");
    }

    /* Update of an id that does not exist. */
    void *missing = copy_record(e, get_ok(e, t, id_of(e, rec)));
    *meta_i64(meta_field(e, "id"), missing) = 987654321;
    err_clear(&err);
    rc = store_update(F.s, e, missing, &err);
    cr_assert_eq(rc, ERR_NOT_FOUND, "update of a missing %s: %s", e->name, err_code_name(rc));
    assert_not_found(e, t, 987654321);

    /* Delete, then it is gone; deleting again is not found; the other record stays. */
    err_clear(&err);
    rc = store_remove(F.s, e, t, id_of(e, rec), &err);
    cr_assert_eq(rc, ERR_OK, "delete %s: %s", e->name, err.msg);
    assert_not_found(e, t, id_of(e, rec));
    err_clear(&err);
    rc = store_remove(F.s, e, t, id_of(e, rec), &err);
    cr_assert_eq(rc, ERR_NOT_FOUND, "second delete of %s: %s", e->name, err_code_name(rc));
    assert_same(e, rec2, get_ok(e, t, id_of(e, rec2)), "the other record after delete");
}

/* Per entity: list order, cursor and limit. */
static void run_list_paging(const struct entity *e)
{
    int64_t t = scoped(e) ? new_tenant() : 0;
    int64_t mine[5];
    for (int i = 0; i < 5; i++) {
        mine[i] = id_of(e, make(e, t));
    }
    struct rows all = list_rows(e, t, NULL, 0, 0, 0);
    cr_assert_geq(all.n, 5, "%s list is short", e->plural);
    for (size_t i = 0; i < all.n; i++) {
        void *r = row(e, &all, i);
        if (i > 0) {
            cr_assert_gt(id_of(e, r), id_of(e, row(e, &all, i - 1)), "%s list not in id order",
                         e->plural);
        }
        if (scoped(e)) {
            cr_assert_eq(tenant_of(e, r), t, "%s list holds another tenant's record", e->plural);
        }
        assert_same(e, get_ok(e, t, id_of(e, r)), r, "list row vs get");
    }
    for (int k = 0; k < 5; k++) {
        bool found = false;
        for (size_t i = 0; i < all.n; i++) {
            found = found || id_of(e, row(e, &all, i)) == mine[k];
        }
        cr_assert(found, "%s %lld missing from its list", e->name, (long long)mine[k]);
    }
    /* Pages of 2 with a cursor reproduce the whole list (ids past the list's last one can only
     * come from a concurrent test sharing the database). */
    int64_t last = id_of(e, row(e, &all, all.n - 1));
    size_t seen = 0;
    int64_t after = 0;
    for (int page = 0; page < 1000; page++) {
        struct rows p = list_rows(e, t, NULL, 0, after, 2);
        cr_assert_leq(p.n, 2, "limit ignored for %s", e->plural);
        size_t used = 0;
        for (size_t i = 0; i < p.n && id_of(e, row(e, &p, i)) <= last; i++, used++) {
            cr_assert_lt(seen, all.n);
            assert_same(e, row(e, &all, seen), row(e, &p, i), "paged row");
            seen++;
        }
        if (p.n < 2 || used < p.n) {
            break;
        }
        after = id_of(e, row(e, &p, p.n - 1));
    }
    cr_assert_eq(seen, all.n, "paging %s saw %zu of %zu", e->plural, seen, all.n);
    /* After a cursor comes the next id (parents of the same entity may sit in between). */
    int64_t next = 0;
    for (size_t i = all.n; i-- > 0;) {
        if (id_of(e, row(e, &all, i)) > mine[2]) {
            next = id_of(e, row(e, &all, i));
        }
    }
    struct rows one = list_rows(e, t, NULL, 0, mine[2], 1);
    cr_assert_eq(one.n, 1);
    cr_assert_eq(id_of(e, row(e, &one, 0)), next, "%s after %lld", e->plural, (long long)mine[2]);
    struct rows none = list_rows(e, t, NULL, 0, last, 0);
    for (size_t i = 0; i < none.n; i++) {
        cr_assert_gt(id_of(e, row(e, &none, i)), last);
    }
}

/* Per entity: a record of tenant 1 is invisible and untouchable from tenant 2. */
static void run_tenant_isolation(const struct entity *e)
{
    int64_t t1 = new_tenant(), t2 = new_tenant();
    void *rec = make(e, t1);
    int64_t id = id_of(e, rec);
    assert_not_found(e, t2, id);

    struct err err;
    err_clear(&err);
    void *m = mutate(e, rec);
    *meta_i64(meta_field(e, "tenant_id"), m) = t2;
    enum err_code rc = store_update(F.s, e, m, &err);
    cr_assert_eq(rc, ERR_NOT_FOUND, "update of %s via another tenant: %s", e->name,
                 err_code_name(rc));
    err_clear(&err);
    rc = store_remove(F.s, e, t2, id, &err);
    cr_assert_eq(rc, ERR_NOT_FOUND, "delete of %s via another tenant: %s", e->name,
                 err_code_name(rc));
    assert_same(e, rec, get_ok(e, t1, id), "after another tenant's update and delete");

    struct rows r2 = list_rows(e, t2, NULL, 0, 0, 0);
    cr_assert_eq(r2.n, 0, "tenant 2 sees %zu %s of tenant 1", r2.n, e->plural);
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (f->type == FT_REF) {
            /* whether or not the driver lists by f, it must not leak tenant 1's record */
            struct query q = {.tenant_id = t2, .by = f->name, .key = meta_get_i64(f, rec)};
            struct rows r = {0};
            err_clear(&err);
            if (store_list(F.s, e, &q, &F.a, &r, &err) == ERR_OK) {
                cr_assert_eq(r.n, 0, "%s by %s leaks across tenants", e->plural, f->name);
            }
        }
    }

    void *rec2 = make(e, t2);
    struct rows l2 = list_rows(e, t2, NULL, 0, 0, 0);
    cr_assert_geq(l2.n, 1);
    bool found = false;
    for (size_t i = 0; i < l2.n; i++) {
        cr_assert_eq(tenant_of(e, row(e, &l2, i)), t2);
        found = found || id_of(e, row(e, &l2, i)) == id_of(e, rec2);
    }
    cr_assert(found);
    struct rows l1 = list_rows(e, t1, NULL, 0, 0, 0);
    for (size_t i = 0; i < l1.n; i++) {
        cr_assert_eq(tenant_of(e, row(e, &l1, i)), t1);
    }
}

/* Inserts records of e in tenant `in` until one has an id well above every id of e in tenant
 * `above`, so that the id names a record in one tenant and none in the other (even after the
 * other tenant inserts a few more, e.g. the record that refers to it). */
static int64_t id_only_in(const struct entity *e, int64_t in, int64_t above)
{
    struct rows r = list_rows(e, above, NULL, 0, 0, 0);
    int64_t max = r.n ? id_of(e, row(e, &r, r.n - 1)) : 0;
    for (int tries = 0; tries < 500; tries++) {
        void *obj = build(e, in, 1);
        insert_ok(e, obj);
        if (id_of(e, obj) > max + 10) {
            return id_of(e, obj);
        }
    }
    cr_assert_fail("could not make a %s id unique to one tenant", e->name);
    return 0;
}

/* Audit events keep naming their actor after the user is gone: not a checked reference. */
static bool checked_ref(const struct entity *e, const struct field *f)
{
    return !(e == &entity_audit && strcmp(f->name, "actor_id") == 0);
}

/* Per entity: every reference to another tenant's record is refused, on insert and update. */
static void run_cross_tenant_refs(const struct entity *e)
{
    int64_t t1 = new_tenant(), t2 = new_tenant();
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (f->type != FT_REF || !checked_ref(e, f)) {
            continue;
        }
        /* Everything tenant 2 needs exists before the foreign id is chosen. */
        void *obj = build(e, t2, 0);
        void *ok = make(e, t2);
        int64_t foreign = id_only_in(f->ref, t1, t2);
        *meta_i64(f, obj) = foreign;
        struct err err;
        err_clear(&err);
        enum err_code rc = store_insert(F.s, e, obj, &err);
        cr_assert_eq(rc, ERR_CONFLICT, "%s.%s = another tenant's %s: %s, want conflict", e->name,
                     f->name, f->ref->name, err_code_name(rc));

        void *m = copy_record(e, ok);
        *meta_i64(f, m) = foreign;
        err_clear(&err);
        rc = store_update(F.s, e, m, &err);
        cr_assert_eq(rc, ERR_CONFLICT, "update %s.%s to another tenant's %s: %s", e->name, f->name,
                     f->ref->name, err_code_name(rc));
        assert_same(e, ok, get_ok(e, t2, id_of(e, ok)), "after a refused update");

        /* A reference to no record at all is refused the same way. */
        *meta_i64(f, obj) = 2000000000;
        err_clear(&err);
        rc = store_insert(F.s, e, obj, &err);
        cr_assert_eq(rc, ERR_CONFLICT, "%s.%s = a missing record: %s", e->name, f->name,
                     err_code_name(rc));
    }
}

/* Which references cascade when their target is deleted (all others block the delete). */
static bool cascades(const struct entity *e, const char *field)
{
    static const struct {
        const struct entity *e;
        const char *field;
    } c[] = {
        {&entity_membership, "team_id"},      {&entity_membership, "user_id"},
        {&entity_key_result, "objective_id"}, {&entity_initiative, "kr_id"},
        {&entity_checkin, "kr_id"},           {&entity_kpi_value, "kpi_id"},
        {&entity_request, "objective_id"},    {&entity_request, "kr_id"},
        {&entity_comment, "objective_id"},    {&entity_comment, "kr_id"},
        {&entity_session, "user_id"},         {&entity_api_token, "user_id"},
        {&entity_invitation, "user_id"},      {&entity_finding_dismissal, "cycle_id"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        if (c[i].e == e && strcmp(c[i].field, field) == 0) {
            return true;
        }
    }
    return false;
}

/* Per entity and reference: deleting the referenced record either cascades (and takes this one
 * with it) or is refused with ERR_CONFLICT, changing nothing. */
static void run_delete_referenced(const struct entity *e)
{
    int64_t t = new_tenant();
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (f->type != FT_REF || !checked_ref(e, f)) {
            continue;
        }
        void *rec = make(e, t);
        int64_t parent = meta_get_i64(f, rec);
        void *parent_before = get_ok(f->ref, t, parent);
        struct err err;
        err_clear(&err);
        enum err_code rc = store_remove(F.s, f->ref, t, parent, &err);
        if (cascades(e, f->name)) {
            cr_assert_eq(rc, ERR_OK, "delete of a %s should cascade to %s.%s: %s", f->ref->name,
                         e->name, f->name, err.msg);
            assert_not_found(f->ref, t, parent);
            assert_not_found(e, t, id_of(e, rec));
        } else {
            cr_assert_eq(rc, ERR_CONFLICT,
                         "delete of a %s that %s.%s refers to: %s, want "
                         "conflict",
                         f->ref->name, e->name, f->name, err_code_name(rc));
            assert_same(f->ref, parent_before, get_ok(f->ref, t, parent), "refused delete");
            assert_same(e, rec, get_ok(e, t, id_of(e, rec)), "referrer after refused delete");
        }
    }
}

/* store_insert_many: 70 records (two groups of 32 for a driver that writes groups in one
 * statement, and 6 more) get distinct ids in order and read back as written; with a broken
 * reference in the middle of a group it fails with a conflict and, rolled back, leaves nothing. */
static void run_insert_many(const struct entity *e)
{
    enum { N = 70 };
    int64_t t = new_tenant();
    char *objs = arena_alloc(&F.a, N * e->size);
    for (int i = 0; i < N; i++) {
        memcpy(objs + (size_t)i * e->size, build(e, t, 0), e->size);
    }
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_begin(F.s, true, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(store_insert_many(F.s, e, objs, N, &err), ERR_OK, "%s: %s", e->name, err.msg);
    cr_assert_eq(store_commit(F.s, &err), ERR_OK, "%s", err.msg);
    for (int i = 0; i < N; i++) {
        const void *obj = objs + (size_t)i * e->size;
        cr_assert_gt(id_of(e, obj), i ? id_of(e, objs + (size_t)(i - 1) * e->size) : 0,
                     "%s %d: ids in order", e->name, i);
        assert_same(e, obj, get_ok(e, t, id_of(e, obj)), "inserted in a group");
    }
    /* The same records again, one referring to nothing. */
    const struct field *ref = NULL;
    for (size_t i = 0; i < e->nfields && !ref; i++) {
        ref = e->fields[i].type == FT_REF ? &e->fields[i] : NULL;
    }
    for (int i = 0; i < N; i++) {
        *meta_i64(meta_field(e, "id"), objs + (size_t)i * e->size) = 0;
    }
    *meta_i64(ref, objs + 40 * e->size) = 987654321;
    int64_t next = id_of(e, make(e, t)) + 1;
    err_clear(&err);
    cr_assert_eq(store_begin(F.s, true, &err), ERR_OK, "%s", err.msg);
    enum err_code rc = store_insert_many(F.s, e, objs, N, &err);
    cr_assert_eq(rc, ERR_CONFLICT, "%s with a broken %s: %s", e->name, ref->name,
                 err_code_name(rc));
    store_rollback(F.s);
    for (int64_t id = next; id < next + N; id++) {
        assert_not_found(e, t, id);
    }
}

Test(store, insert_many_key_results)
{
    run_insert_many(&entity_key_result);
}

Test(store, insert_many_checkins)
{
    run_insert_many(&entity_checkin);
}

/* A deleted record's id is never another's: the highest, deleted, does not come back (a stale
 * edit of it would change someone else's record). Through a cascade too: a key result's, with
 * its objective. */
static void run_id_not_given_again(const struct entity *e)
{
    int64_t t = e == &entity_tenant ? 0 : new_tenant();
    void *a = make(e, t);
    void *b = make(e, t);
    cr_assert_gt(id_of(e, b), id_of(e, a));
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_remove(F.s, e, tenant_of(e, b), id_of(e, b), &err), ERR_OK, "%s", err.msg);
    void *c = make(e, t);
    cr_assert_gt(id_of(e, c), id_of(e, b), "%s: id %lld given again", e->name,
                 (long long)id_of(e, b));
    if (e == &entity_key_result) {
        const struct key_result *k = c;
        cr_assert_eq(store_remove(F.s, &entity_objective, t, k->objective_id, &err), ERR_OK, "%s",
                     err.msg);
        void *d = make(e, t);
        cr_assert_gt(id_of(e, d), id_of(e, c), "a cascade's ids come back");
    }
}

#define PER_ENTITY(NAME)                                                                           \
    Test(store, round_trip_##NAME)                                                                 \
    {                                                                                              \
        run_round_trip(&entity_##NAME);                                                            \
    }                                                                                              \
    Test(store, list_paging_##NAME)                                                                \
    {                                                                                              \
        run_list_paging(&entity_##NAME);                                                           \
    }                                                                                              \
    Test(store, id_not_given_again_##NAME)                                                         \
    {                                                                                              \
        run_id_not_given_again(&entity_##NAME);                                                    \
    }

#define PER_SCOPED_ENTITY(NAME)                                                                    \
    PER_ENTITY(NAME)                                                                               \
    Test(store, tenant_isolation_##NAME)                                                           \
    {                                                                                              \
        run_tenant_isolation(&entity_##NAME);                                                      \
    }                                                                                              \
    Test(store, cross_tenant_refs_##NAME)                                                          \
    {                                                                                              \
        run_cross_tenant_refs(&entity_##NAME);                                                     \
    }                                                                                              \
    Test(store, delete_referenced_##NAME)                                                          \
    {                                                                                              \
        run_delete_referenced(&entity_##NAME);                                                     \
    }

PER_ENTITY(tenant)
PER_SCOPED_ENTITY(user)
PER_SCOPED_ENTITY(team)
PER_SCOPED_ENTITY(membership)
PER_SCOPED_ENTITY(theme)
PER_SCOPED_ENTITY(cycle)
PER_SCOPED_ENTITY(objective)
PER_SCOPED_ENTITY(key_result)
PER_SCOPED_ENTITY(initiative)
PER_SCOPED_ENTITY(checkin)
PER_SCOPED_ENTITY(kpi)
PER_SCOPED_ENTITY(kpi_value)
PER_SCOPED_ENTITY(request)
PER_SCOPED_ENTITY(comment)
PER_SCOPED_ENTITY(audit)
PER_SCOPED_ENTITY(session)
PER_SCOPED_ENTITY(api_token)
PER_SCOPED_ENTITY(invitation)
PER_SCOPED_ENTITY(login_attempt)
PER_SCOPED_ENTITY(finding_dismissal)

Test(store, every_entity_has_a_test)
{
    size_t n = 0;
    while (entity_all[n]) {
        n++;
    }
    cr_assert_eq(n, 20, "a new entity needs its PER_SCOPED_ENTITY line in test_store.c");
}

/* ---------------------------------------------------------------------------------------------
 * Lists by a field */

/* The filtered lists every driver supports (store.h: "the indexed ones"). */
static const struct {
    const struct entity *e;
    const char *by;
} by_lists[] = {
    {&entity_user, "manager_id"},
    {&entity_team, "parent_id"},
    {&entity_membership, "team_id"},
    {&entity_membership, "user_id"},
    {&entity_cycle, "parent_id"},
    {&entity_objective, "cycle_id"},
    {&entity_objective, "owner_user_id"},
    {&entity_objective, "owner_team_id"},
    {&entity_objective, "parent_objective_id"},
    {&entity_objective, "parent_kr_id"},
    {&entity_objective, "theme_id"},
    {&entity_objective, "kpi_id"},
    {&entity_key_result, "objective_id"},
    {&entity_key_result, "owner_user_id"},
    {&entity_key_result, "cycle_id"},
    {&entity_initiative, "kr_id"},
    {&entity_initiative, "cycle_id"},
    {&entity_checkin, "kr_id"},
    {&entity_checkin, "cycle_id"},
    {&entity_kpi, "owner_user_id"},
    {&entity_kpi, "owner_team_id"},
    {&entity_kpi_value, "kpi_id"},
    {&entity_request, "to_user_id"},
    {&entity_request, "from_user_id"},
    {&entity_request, "objective_id"},
    {&entity_request, "kr_id"},
    {&entity_comment, "objective_id"},
    {&entity_comment, "kr_id"},
    {&entity_audit, "entity_id"},
    {&entity_session, "user_id"},
    {&entity_api_token, "user_id"},
    {&entity_invitation, "user_id"},
    {&entity_finding_dismissal, "user_id"},
    {&entity_finding_dismissal, "entity_id"},
};

/* The cycle a key result, initiative or check-in belongs to, through its references. */
static int64_t cycle_of(const struct entity *e, const void *obj)
{
    int64_t t = tenant_of(e, obj);
    if (e == &entity_objective) {
        return ((const struct objective *)obj)->cycle_id;
    }
    if (e == &entity_key_result) {
        const struct key_result *kr = obj;
        return cycle_of(&entity_objective, get_ok(&entity_objective, t, kr->objective_id));
    }
    const struct field *kr = meta_field(e, "kr_id");
    cr_assert_not_null(kr, "no way to the cycle of a %s", e->name);
    return cycle_of(&entity_key_result, get_ok(&entity_key_result, t, meta_get_i64(kr, obj)));
}

/* The field through which a record reaches its cycle (for cycle_id lists). */
static const struct field *cycle_link(const struct entity *e)
{
    return e == &entity_key_result ? meta_field(e, "objective_id") : meta_field(e, "kr_id");
}

static int64_t by_key(const struct entity *e, const char *by, const void *obj)
{
    const struct field *f = meta_field(e, by);
    return f ? meta_get_i64(f, obj) : cycle_of(e, obj);
}

Test(store, list_by_each_supported_field)
{
    for (size_t k = 0; k < sizeof by_lists / sizeof by_lists[0]; k++) {
        const struct entity *e = by_lists[k].e;
        const char *by = by_lists[k].by;
        int64_t t = new_tenant();
        void *a = build(e, t, 0);
        insert_ok(e, a);
        void *b = make(e, t);
        /* c shares a's key: directly, or through the same parent on the way to the cycle */
        void *c = build(e, t, 0);
        const struct field *f = meta_field(e, by);
        const struct field *link = f ? f : cycle_link(e);
        *meta_i64(link, c) = meta_get_i64(link, a);
        insert_ok(e, c);

        int64_t ka = by_key(e, by, a), kb = by_key(e, by, b);
        cr_assert_neq(ka, kb, "test setup: %s by %s keys collide", e->plural, by);
        cr_assert_eq(by_key(e, by, c), ka);
        struct rows r = list_rows(e, t, by, ka, 0, 0);
        cr_assert_eq(r.n, 2, "%s by %s = %lld: %zu rows, want 2", e->plural, by, (long long)ka,
                     r.n);
        assert_same(e, a, row(e, &r, 0), by);
        assert_same(e, c, row(e, &r, 1), by);
        r = list_rows(e, t, by, kb, 0, 0);
        cr_assert_eq(r.n, 1, "%s by %s = %lld: %zu rows, want 1", e->plural, by, (long long)kb,
                     r.n);
        assert_same(e, b, row(e, &r, 0), by);
        r = list_rows(e, t, by, ka, 0, 1);
        cr_assert_eq(r.n, 1, "%s by %s: limit ignored", e->plural, by);
        cr_assert_eq(id_of(e, row(e, &r, 0)), id_of(e, a));
        r = list_rows(e, t, by, ka, id_of(e, a), 0);
        cr_assert_eq(r.n, 1, "%s by %s: cursor ignored", e->plural, by);
        cr_assert_eq(id_of(e, row(e, &r, 0)), id_of(e, c));
        r = list_rows(e, t, by, 1999999999, 0, 0);
        cr_assert_eq(r.n, 0, "%s by %s = nothing", e->plural, by);
    }
}

/* Key results are listed by cycle through a column of their own (migration 4): it must follow
 * the key result to another objective, and the objective to another cycle. */
Test(store, key_results_by_cycle_follow_their_objective)
{
    int64_t t = new_tenant();
    struct objective *o = make(&entity_objective, t);
    struct objective *other = make(&entity_objective, t); /* in a cycle of its own */
    cr_assert_neq(o->cycle_id, other->cycle_id, "test setup: one cycle");
    struct key_result *kr = build(&entity_key_result, t, 0);
    kr->objective_id = o->id;
    insert_ok(&entity_key_result, kr);
    cr_assert_eq(list_rows(&entity_key_result, t, "cycle_id", o->cycle_id, 0, 0).n, 1);

    kr = get_ok(&entity_key_result, t, kr->id);
    kr->objective_id = other->id;
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_update(F.s, &entity_key_result, kr, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(list_rows(&entity_key_result, t, "cycle_id", o->cycle_id, 0, 0).n, 0);
    cr_assert_eq(list_rows(&entity_key_result, t, "cycle_id", other->cycle_id, 0, 0).n, 1);

    int64_t old_cycle = other->cycle_id;
    other = get_ok(&entity_objective, t, other->id);
    other->cycle_id = o->cycle_id;
    err_clear(&err);
    cr_assert_eq(store_update(F.s, &entity_objective, other, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(list_rows(&entity_key_result, t, "cycle_id", old_cycle, 0, 0).n, 0);
    struct rows r = list_rows(&entity_key_result, t, "cycle_id", o->cycle_id, 0, 0);
    cr_assert_eq(r.n, 1, "the objective's key result moved with it: %zu", r.n);
    cr_assert_eq(((struct key_result *)r.items)[0].id, kr->id);
}

/* Lists by a set of keys ("<by>[]" in the drivers' SQL): the records whose field is any of the
 * keys, in id order, with cursor and limit; nothing outside the set, nothing of another tenant
 * (ids count per tenant, so the other tenant's record often has a key of the set). */
static const struct {
    const struct entity *e;
    const char *by;
} key_set_lists[] = {
    {&entity_user, "id"},
    {&entity_team, "lead_id"},
    {&entity_team, "parent_id"},
    {&entity_membership, "team_id"},
    {&entity_objective, "owner_user_id"},
    {&entity_objective, "owner_team_id"},
    {&entity_key_result, "objective_id"},
};

Test(store, list_by_a_set_of_keys)
{
    for (size_t k = 0; k < sizeof key_set_lists / sizeof key_set_lists[0]; k++) {
        const struct entity *e = key_set_lists[k].e;
        const char *by = key_set_lists[k].by;
        const struct field *f = meta_field(e, by);
        int64_t t = new_tenant();
        void *rec[3];
        for (int i = 0; i < 3; i++) {
            rec[i] = make(e, t);
        }
        make(e, new_tenant());
        int64_t keys[] = {meta_get_i64(f, rec[2]), meta_get_i64(f, rec[0]), 1999999999};
        struct query q = {.tenant_id = t, .by = by, .keys = keys, .nkeys = 3};
        struct rows r = {0};
        struct err err;
        err_clear(&err);
        cr_assert_eq(store_list(F.s, e, &q, &F.a, &r, &err), ERR_OK, "%s by %s[]: %s", e->plural,
                     by, err.msg);
        cr_assert_eq(r.n, 2, "%s by %s[]: %zu rows, want 2", e->plural, by, r.n);
        assert_same(e, rec[0], row(e, &r, 0), by);
        assert_same(e, rec[2], row(e, &r, 1), by);
        q.after_id = id_of(e, rec[0]);
        q.limit = 1;
        cr_assert_eq(store_list(F.s, e, &q, &F.a, &r, &err), ERR_OK, "%s", err.msg);
        cr_assert_eq(r.n, 1, "%s by %s[]: cursor or limit ignored", e->plural, by);
        cr_assert_eq(id_of(e, row(e, &r, 0)), id_of(e, rec[2]));
    }
}

/* The company's own objectives of a cycle: neither a person's nor a team's, nor another
 * cycle's. */
Test(store, company_objectives_of_a_cycle)
{
    int64_t t = new_tenant();
    struct objective *mine = make(&entity_objective, t); /* a person's and a team's: depth 0 */
    struct objective *company = build(&entity_objective, t, 0);
    company->cycle_id = mine->cycle_id;
    company->owner_user_id = company->owner_team_id = 0;
    insert_ok(&entity_objective, company);
    struct objective *later = build(&entity_objective, t, 0); /* in a cycle of its own */
    later->owner_user_id = later->owner_team_id = 0;
    insert_ok(&entity_objective, later);
    cr_assert(mine->owner_user_id || mine->owner_team_id, "test setup: an owned objective");
    struct rows r = list_rows(&entity_objective, t, "company_cycle_id", mine->cycle_id, 0, 0);
    cr_assert_eq(r.n, 1, "%zu company objectives, want 1", r.n);
    cr_assert_eq(((struct objective *)r.items)[0].id, company->id);
    r = list_rows(&entity_objective, t, "company_cycle_id", later->cycle_id, 0, 0);
    cr_assert_eq(r.n, 1);
    cr_assert_eq(((struct objective *)r.items)[0].id, later->id);
}

Test(store, list_by_unsupported_field_fails_cleanly)
{
    int64_t t = new_tenant();
    make(&entity_user, t);
    struct query q = {.tenant_id = t, .by = "email", .key = 1};
    struct rows r = {0};
    struct err err;
    err_clear(&err);
    cr_assert_neq(store_list(F.s, &entity_user, &q, &F.a, &r, &err), ERR_OK);
    cr_assert_neq(err.code, ERR_OK);
}

/* ---------------------------------------------------------------------------------------------
 * Deletes and cascades */

Test(store, delete_team_lead_is_refused)
{
    int64_t t = new_tenant();
    struct user *u = make(&entity_user, t);
    struct team *team = build(&entity_team, t, 1);
    team->lead_id = u->id;
    insert_ok(&entity_team, team);
    struct err err;
    err_clear(&err);
    enum err_code rc = store_remove(F.s, &entity_user, t, u->id, &err);
    cr_assert_eq(rc, ERR_CONFLICT, "deleting a team lead: %s", err_code_name(rc));
    cr_assert_eq(err.code, ERR_CONFLICT);
    assert_same(&entity_user, u, get_ok(&entity_user, t, u->id), "the lead");
    struct team *got = get_ok(&entity_team, t, team->id);
    cr_assert_eq(got->lead_id, u->id);
    /* Once the team has another lead, the user can go. */
    got->lead_id = 0;
    err_clear(&err);
    cr_assert_eq(store_update(F.s, &entity_team, got, &err), ERR_OK, "%s", err.msg);
    err_clear(&err);
    cr_assert_eq(store_remove(F.s, &entity_user, t, u->id, &err), ERR_OK, "%s", err.msg);
}

Test(store, delete_objective_cascades)
{
    int64_t t = new_tenant();
    struct objective *o = make(&entity_objective, t);
    struct objective *other = make(&entity_objective, t);
    int64_t krs[2], cis[3], inis[2], coms[2], reqs[1];
    for (int i = 0; i < 2; i++) {
        struct key_result *kr = build(&entity_key_result, t, 1);
        kr->objective_id = o->id;
        insert_ok(&entity_key_result, kr);
        krs[i] = kr->id;
        struct initiative *in = build(&entity_initiative, t, 1);
        in->kr_id = kr->id;
        insert_ok(&entity_initiative, in);
        inis[i] = in->id;
    }
    for (int i = 0; i < 3; i++) {
        struct checkin *ci = build(&entity_checkin, t, 1);
        ci->kr_id = krs[i % 2];
        insert_ok(&entity_checkin, ci);
        cis[i] = ci->id;
    }
    struct comment *c1 = build(&entity_comment, t, 1);
    c1->objective_id = o->id;
    insert_ok(&entity_comment, c1);
    coms[0] = c1->id;
    struct comment *c2 = build(&entity_comment, t, 1);
    c2->kr_id = krs[1];
    insert_ok(&entity_comment, c2);
    coms[1] = c2->id;
    struct request *rq = build(&entity_request, t, 1);
    rq->objective_id = o->id;
    insert_ok(&entity_request, rq);
    reqs[0] = rq->id;
    /* Records of the other objective must survive. */
    struct key_result *kr_other = build(&entity_key_result, t, 1);
    kr_other->objective_id = other->id;
    insert_ok(&entity_key_result, kr_other);
    struct checkin *ci_other = build(&entity_checkin, t, 1);
    ci_other->kr_id = kr_other->id;
    insert_ok(&entity_checkin, ci_other);

    struct err err;
    err_clear(&err);
    cr_assert_eq(store_remove(F.s, &entity_objective, t, o->id, &err), ERR_OK, "%s", err.msg);
    assert_not_found(&entity_objective, t, o->id);
    for (int i = 0; i < 2; i++) {
        assert_not_found(&entity_key_result, t, krs[i]);
        assert_not_found(&entity_initiative, t, inis[i]);
        assert_not_found(&entity_comment, t, coms[i]);
    }
    for (int i = 0; i < 3; i++) {
        assert_not_found(&entity_checkin, t, cis[i]);
    }
    assert_not_found(&entity_request, t, reqs[0]);
    cr_assert_eq(list_rows(&entity_key_result, t, "objective_id", o->id, 0, 0).n, 0);
    assert_same(&entity_objective, other, get_ok(&entity_objective, t, other->id), "other");
    assert_same(&entity_key_result, kr_other, get_ok(&entity_key_result, t, kr_other->id),
                "other kr");
    assert_same(&entity_checkin, ci_other, get_ok(&entity_checkin, t, ci_other->id),
                "other check-in");
}

/* A cascade that would orphan a record elsewhere is refused whole. */
Test(store, delete_cascade_blocked_by_alignment_changes_nothing)
{
    int64_t t = new_tenant();
    struct objective *o = build(&entity_objective, t, 1);
    insert_ok(&entity_objective, o);
    struct key_result *kr = build(&entity_key_result, t, 1);
    kr->objective_id = o->id;
    insert_ok(&entity_key_result, kr);
    struct checkin *ci = build(&entity_checkin, t, 1);
    ci->kr_id = kr->id;
    insert_ok(&entity_checkin, ci);
    struct objective *child = build(&entity_objective, t, 1);
    child->parent_kr_id = kr->id; /* someone took the KR on as an objective */
    insert_ok(&entity_objective, child);

    struct err err;
    err_clear(&err);
    enum err_code rc = store_remove(F.s, &entity_objective, t, o->id, &err);
    cr_assert_eq(rc, ERR_CONFLICT, "%s", err_code_name(rc));
    assert_same(&entity_objective, o, get_ok(&entity_objective, t, o->id), "objective");
    assert_same(&entity_key_result, kr, get_ok(&entity_key_result, t, kr->id), "kr");
    assert_same(&entity_checkin, ci, get_ok(&entity_checkin, t, ci->id), "check-in");
    assert_same(&entity_objective, child, get_ok(&entity_objective, t, child->id), "child");
}

Test(store, delete_tenant_removes_its_records_only)
{
    int64_t t1 = new_tenant(), t2 = new_tenant();
    int64_t ids1[64] = {0}, ids2[64] = {0};
    cr_assert_eq(entity_all[0], &entity_tenant);
    for (size_t i = 1; entity_all[i]; i++) {
        ids1[i] = id_of(entity_all[i], make(entity_all[i], t1));
        ids2[i] = id_of(entity_all[i], make(entity_all[i], t2));
    }
    struct err err;
    err_clear(&err);
    enum err_code rc = store_remove(F.s, &entity_tenant, 0, t1, &err);
    cr_assert_eq(rc, ERR_OK, "delete tenant: %s", err.msg);
    assert_not_found(&entity_tenant, 0, t1);
    for (size_t i = 1; entity_all[i]; i++) {
        assert_not_found(entity_all[i], t1, ids1[i]);
        cr_assert_eq(list_rows(entity_all[i], t1, NULL, 0, 0, 0).n, 0, "%s left behind",
                     entity_all[i]->plural);
        get_ok(entity_all[i], t2, ids2[i]);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Users by email */

Test(store, email_unique_per_tenant)
{
    int64_t t1 = new_tenant(), t2 = new_tenant();
    struct user *u = build(&entity_user, t1, 1);
    u->email = "wang.xiaoming@例子.cn";
    insert_ok(&entity_user, u);
    struct user *dup = build(&entity_user, t1, 1);
    dup->email = u->email;
    struct err err;
    err_clear(&err);
    enum err_code rc = store_insert(F.s, &entity_user, dup, &err);
    cr_assert_eq(rc, ERR_CONFLICT, "duplicate email: %s", err_code_name(rc));
    /* Another tenant may use the same address. */
    struct user *other = build(&entity_user, t2, 1);
    other->email = u->email;
    insert_ok(&entity_user, other);
    /* An update onto a taken address is refused too. */
    struct user *v = make(&entity_user, t1);
    struct user *m = copy_record(&entity_user, v);
    m->email = u->email;
    err_clear(&err);
    rc = store_update(F.s, &entity_user, m, &err);
    cr_assert_eq(rc, ERR_CONFLICT, "update onto a taken email: %s", err_code_name(rc));
    assert_same(&entity_user, v, get_ok(&entity_user, t1, v->id), "after refused update");
}

Test(store, user_by_email)
{
    int64_t t1 = new_tenant(), t2 = new_tenant();
    struct user *u = make(&entity_user, t1);
    make(&entity_user, t1);
    struct user got;
    struct err err;
    err_clear(&err);
    enum err_code rc = F.s->ops->user_by_email(F.s, t1, u->email, &got, &F.a, &err);
    cr_assert_eq(rc, ERR_OK, "%s", err.msg);
    assert_same(&entity_user, u, &got, "user_by_email");
    err_clear(&err);
    rc = F.s->ops->user_by_email(F.s, t2, u->email, &got, &F.a, &err);
    cr_assert_eq(rc, ERR_NOT_FOUND, "another tenant's user by email: %s", err_code_name(rc));
    err_clear(&err);
    rc = F.s->ops->user_by_email(F.s, t1, "nobody@example.com", &got, &F.a, &err);
    cr_assert_eq(rc, ERR_NOT_FOUND);
    err_clear(&err);
    rc = F.s->ops->user_by_email(F.s, t1, "", &got, &F.a, &err);
    cr_assert_eq(rc, ERR_NOT_FOUND);
}

/* ---------------------------------------------------------------------------------------------
 * Transactions */

Test(store, rollback_discards_insert_and_update)
{
    int64_t t = new_tenant();
    struct objective *kept = make(&entity_objective, t);
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_begin(F.s, true, &err), ERR_OK, "%s", err.msg);
    struct objective *o = make(&entity_objective, t);
    struct objective *m = mutate(&entity_objective, kept);
    cr_assert_eq(store_update(F.s, &entity_objective, m, &err), ERR_OK, "%s", err.msg);
    get_ok(&entity_objective, t, o->id); /* visible inside the transaction */
    store_rollback(F.s);
    assert_not_found(&entity_objective, t, o->id);
    assert_same(&entity_objective, kept, get_ok(&entity_objective, t, kept->id), "rolled back");
}

Test(store, commit_keeps_writes)
{
    int64_t t = new_tenant();
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_begin(F.s, true, &err), ERR_OK, "%s", err.msg);
    struct cycle *c = make(&entity_cycle, t);
    cr_assert_eq(store_commit(F.s, &err), ERR_OK, "%s", err.msg);
    assert_same(&entity_cycle, c, get_ok(&entity_cycle, t, c->id), "committed");
    /* A read transaction sees it too, and a rollback of a read changes nothing. */
    cr_assert_eq(store_begin(F.s, false, &err), ERR_OK, "%s", err.msg);
    get_ok(&entity_cycle, t, c->id);
    store_rollback(F.s);
    get_ok(&entity_cycle, t, c->id);
}

/* ---------------------------------------------------------------------------------------------
 * The database file (SQLite only) */

Test(store, reopen_migrates_nothing)
{
    int version = F.s->ops->schema_version(F.s);
    cr_assert_geq(version, 1, "a migrated database has a schema version");
    if (!F.sqlite_file) {
        return;
    }
    int64_t t = new_tenant();
    struct key_result *kr = make(&entity_key_result, t);
    for (int i = 0; i < 3; i++) {
        store_close(F.s);
        F.s = NULL;
        open_store();
        cr_assert_eq(F.s->ops->schema_version(F.s), version, "reopen %d", i);
    }
    assert_same(&entity_key_result, kr, get_ok(&entity_key_result, t, kr->id), "after reopen");
    /* Ids continue after a reopen. */
    struct key_result *kr2 = make(&entity_key_result, t);
    cr_assert_gt(kr2->id, kr->id);
}

Test(store, journal_mode_is_wal)
{
    if (!F.sqlite_file) {
        return;
    }
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(F.path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(st, 0), F.s->ops->schema_version(F.s));
    sqlite3_finalize(st);
    sqlite3_close(db);
}

Test(store, newer_schema_is_refused)
{
    if (!F.own_file) {
        return; /* it rewrites the schema version: not on a database others use */
    }
    int version = F.s->ops->schema_version(F.s);
    store_close(F.s);
    F.s = NULL;
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(F.path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "PRAGMA user_version = 9999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    struct store *s = NULL;
    struct err err;
    err_clear(&err);
    enum err_code rc = store_open(F.url, &s, &err);
    cr_assert_neq(rc, ERR_OK, "a database from a newer okr was opened");
    cr_assert_null(strstr(err.msg, "SELECT"));
    store_close(s);
    /* Put it back so teardown closes a sane store. */
    cr_assert_eq(sqlite3_open(F.path, &db), SQLITE_OK);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    open_store();
    cr_assert_eq(F.s->ops->schema_version(F.s), version);
}

Test(store, not_a_database_is_refused)
{
    char *path = F.extra;
    temp_path(path, sizeof F.extra, "garbage");
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    for (int i = 0; i < 200; i++) {
        fputs("this is not an SQLite database at all. ", f);
    }
    fclose(f);
    struct store *s = NULL;
    struct err err;
    err_clear(&err);
    enum err_code rc = store_open(path, &s, &err);
    cr_assert_neq(rc, ERR_OK);
    cr_assert_null(s);
    remove_db_files(path);
    err_clear(&err);
    cr_assert_neq(store_open("", &s, &err), ERR_OK);
    cr_assert_neq(store_open("sqlite:", &s, &err), ERR_OK);
}

Test(store, backup_opens_and_holds_the_data)
{
    if (!F.sqlite_file) {
        return;
    }
    int64_t t = new_tenant();
    struct objective *o = make(&entity_objective, t);
    struct user *u = make(&entity_user, t);
    char *path = F.extra;
    temp_path(path, sizeof F.extra, "backup");
    struct err err;
    err_clear(&err);
    enum err_code rc = F.s->ops->backup(F.s, path, &err);
    cr_assert_eq(rc, ERR_OK, "backup: %s", err.msg);
    /* Writes after the backup are not in it. */
    struct objective *later = make(&entity_objective, t);

    struct store *b = NULL;
    err_clear(&err);
    rc = store_open(path, &b, &err);
    cr_assert_eq(rc, ERR_OK, "open backup: %s", err.msg);
    cr_assert_eq(b->ops->schema_version(b), F.s->ops->schema_version(F.s));
    struct objective got;
    err_clear(&err);
    cr_assert_eq(store_get(b, &entity_objective, t, o->id, &got, &F.a, &err), ERR_OK, "%s",
                 err.msg);
    assert_same(&entity_objective, o, &got, "objective in backup");
    struct user gu;
    cr_assert_eq(store_get(b, &entity_user, t, u->id, &gu, &F.a, &err), ERR_OK, "%s", err.msg);
    assert_same(&entity_user, u, &gu, "user in backup");
    cr_assert_eq(store_get(b, &entity_objective, t, later->id, &got, &F.a, &err), ERR_NOT_FOUND);
    store_close(b);
    remove_db_files(path);
}

Test(store, backup_to_unwritable_path_fails)
{
    if (!F.sqlite_file) {
        return;
    }
    struct err err;
    err_clear(&err);
    enum err_code rc = F.s->ops->backup(F.s, "/nonexistent-dir/okr/backup.db", &err);
    cr_assert_neq(rc, ERR_OK);
    cr_assert_null(strstr(err.msg, "sqlite"), "driver details leaked: %s", err.msg);
}

/* ---------------------------------------------------------------------------------------------
 * Accounts: users by email across tenants, login attempts */

/* A user in tenant t with the given email, inserted. */
static struct user *user_with_email(int64_t t, const char *email)
{
    struct user *u = build(&entity_user, t, 1);
    u->email = arena_strdup(&F.a, email);
    insert_ok(&entity_user, u);
    return u;
}

Test(store, users_by_email_ignores_ascii_case_and_spans_tenants)
{
    int64_t t1 = new_tenant(), t2 = new_tenant();
    /* Addresses unique to this test, even in a database other tests share. */
    const char *e1 = arena_printf(&F.a, "Wang.T%lld@Example.cn", (long long)t1);
    const char *lower = arena_printf(&F.a, "wang.t%lld@example.CN", (long long)t1);
    struct user *a = user_with_email(t1, e1);
    struct user *b = user_with_email(t2, lower);
    user_with_email(t1, arena_printf(&F.a, "li.t%lld@example.cn", (long long)t1));

    struct rows r = {0};
    struct err err;
    err_clear(&err);
    cr_assert_eq(F.s->ops->users_by_email(F.s, 0, lower, 10, &F.a, &r, &err), ERR_OK, "%s",
                 err.msg);
    cr_assert_eq(r.n, 2, "every tenant, any ASCII case: %zu rows", r.n);
    assert_same(&entity_user, a, row(&entity_user, &r, 0), "first by tenant");
    assert_same(&entity_user, b, row(&entity_user, &r, 1), "second by tenant");

    err_clear(&err);
    cr_assert_eq(F.s->ops->users_by_email(F.s, t2, e1, 10, &F.a, &r, &err), ERR_OK);
    cr_assert_eq(r.n, 1, "one tenant: %zu rows", r.n);
    assert_same(&entity_user, b, row(&entity_user, &r, 0), "in tenant 2");

    cr_assert_eq(F.s->ops->users_by_email(F.s, 0, lower, 1, &F.a, &r, &err), ERR_OK);
    cr_assert_eq(r.n, 1, "max ignored");
    cr_assert_eq(((struct user *)r.items)->tenant_id, t1);

    cr_assert_eq(F.s->ops->users_by_email(F.s, 0, "nobody@nowhere.invalid", 10, &F.a, &r, &err),
                 ERR_OK);
    cr_assert_eq(r.n, 0);
    /* Only ASCII folds: a different non-ASCII letter is a different address. */
    struct user *c = user_with_email(t1, arena_printf(&F.a, "ü%lld@例子.cn", (long long)t1));
    cr_assert_eq(F.s->ops->users_by_email(F.s, t1, c->email, 10, &F.a, &r, &err), ERR_OK);
    cr_assert_eq(r.n, 1);
    const char *upper = arena_printf(&F.a, "Ü%lld@例子.cn", (long long)t1);
    cr_assert_eq(F.s->ops->users_by_email(F.s, t1, upper, 10, &F.a, &r, &err), ERR_OK);
    cr_assert_eq(r.n, 0, "non-ASCII case must not fold");
}

/* A login attempt under key in tenant t at time at, inserted. */
static void attempt(int64_t t, const char *key, int64_t at, int ok)
{
    struct login_attempt *la = new_record(&entity_login_attempt);
    la->tenant_id = t;
    la->key = key;
    la->at = at;
    la->ok = ok;
    insert_ok(&entity_login_attempt, la);
}

static int64_t failures(int64_t t, const char *key, int64_t since)
{
    int64_t n = -1;
    struct err err;
    err_clear(&err);
    cr_assert_eq(F.s->ops->attempts_count(F.s, t, key, since, &n, &err), ERR_OK, "%s", err.msg);
    return n;
}

Test(store, login_attempts_count_and_forget)
{
    int64_t t = new_tenant(), other = new_tenant();
    const char *key = arena_printf(&F.a, "acct:%lld:wang@example.cn", (long long)t);
    const char *key2 = arena_printf(&F.a, "acct:%lld:li@example.cn", (long long)t);
    attempt(t, key, 100, 0);
    attempt(t, key, 200, 0);
    attempt(t, key, 300, 1); /* a success does not count */
    attempt(t, key, 400, 0);
    attempt(t, key2, 250, 0);
    attempt(other, key, 250, 0);
    cr_assert_eq(failures(t, key, 0), 3);
    cr_assert_eq(failures(t, key, 200), 2, "at or after since");
    cr_assert_eq(failures(t, key, 401), 0);
    cr_assert_eq(failures(t, "acct:none", 0), 0);

    struct err err;
    err_clear(&err);
    cr_assert_eq(F.s->ops->attempts_forget(F.s, t, key, 250, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(failures(t, key, 0), 1, "attempts before 250 are forgotten");
    struct rows r = list_rows(&entity_login_attempt, t, NULL, 0, 0, 0);
    cr_assert_eq(r.n, 3, "the success at 300, the failure at 400 and key2 remain: %zu", r.n);
    cr_assert_eq(failures(t, key2, 0), 1, "another key is untouched");
    cr_assert_eq(failures(other, key, 0), 1, "another tenant is untouched");
    cr_assert_eq(F.s->ops->attempts_forget(F.s, t, key, INT64_MAX, &err), ERR_OK);
    cr_assert_eq(list_rows(&entity_login_attempt, t, NULL, 0, 0, 0).n, 1);
}

Test(store, login_attempts_without_tenant)
{
    /* Address-keyed attempts belong to no tenant (tenant_id 0) and survive tenant deletes. */
    int64_t t = new_tenant();
    const char *key = arena_printf(&F.a, "addr:192.0.2.%lld", (long long)(t % 250));
    int64_t before = failures(0, key, 0);
    attempt(0, key, 500, 0);
    attempt(t, key, 500, 0);
    cr_assert_eq(failures(0, key, 0), before + 1);
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_remove(F.s, &entity_tenant, 0, t, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(failures(t, key, 0), 0, "a deleted tenant's attempts go with it");
    cr_assert_eq(failures(0, key, 0), before + 1);
}

/* ---------------------------------------------------------------------------------------------
 * Values at the edges */

Test(store, text_and_numbers_at_the_edges)
{
    int64_t t = new_tenant();
    struct key_result *kr = build(&entity_key_result, t, 0);
    char *title = arena_alloc(&F.a, 501);
    memset(title, 'x', 500);
    memcpy(title, "最长的标题", 15);
    kr->title = title; /* exactly the 500-byte limit */
    kr->unit = "";
    kr->start = -0.0;
    kr->target = 1.7976931348623157e308;
    kr->current = 4.9406564584124654e-324;
    kr->weight = NAN;
    kr->due = DATE_NONE;
    insert_ok(&entity_key_result, kr);
    assert_same(&entity_key_result, kr, get_ok(&entity_key_result, t, kr->id), "edges");

    struct audit_event *ev = build(&entity_audit, t, 0);
    ev->entity_id = INT64_MAX;
    ev->at = -2208988800LL;
    ev->summary = "引号 ' \" 反斜杠 \\ 百分号 %s %d ; DROP TABLE users; --";
    insert_ok(&entity_audit, ev);
    assert_same(&entity_audit, ev, get_ok(&entity_audit, t, ev->id), "audit edges");
}

Test(store, audit_event_without_actor)
{
    /* Events the system records itself (an import, a migration) have no acting user. */
    int64_t t = new_tenant();
    struct audit_event *ev = build(&entity_audit, t, 1);
    ev->actor_id = 0;
    insert_ok(&entity_audit, ev);
    struct audit_event *got = get_ok(&entity_audit, t, ev->id);
    cr_assert_eq(got->actor_id, 0);
}

Test(store, get_of_nonpositive_ids_is_not_found)
{
    int64_t t = new_tenant();
    make(&entity_user, t);
    assert_not_found(&entity_user, t, 0);
    assert_not_found(&entity_user, t, -1);
    assert_not_found(&entity_user, 0, 1);
    assert_not_found(&entity_tenant, 0, 0);
}

/* Many inserts of every entity in one write transaction, in two tenants in turn (as `okr copy`
 * writes a company): each is numbered past the ones before, reads back field for field (the
 * PostgreSQL driver numbers all but the first 8 of a run itself, with a statement of its own
 * per entity: pg_sql_ids.c), and after the commit, and after a rolled-back transaction, the next
 * insert is numbered past every committed one. */
Test(store, many_inserts_in_one_transaction)
{
    int64_t t[2] = {new_tenant(), new_tenant()};
    struct err err;
    err_clear(&err);
    for (int k = 0; entity_all[k]; k++) {
        const struct entity *e = entity_all[k];
        if (!scoped(e)) {
            continue;
        }
        int64_t top[2] = {0, 0};
        cr_assert_eq(store_begin(F.s, true, &err), ERR_OK, "%s", err.msg);
        for (int i = 0; i < 27; i++) {
            int w = i >= 12 && i < 15; /* 12 in t0, 3 in t1, 12 in t0 */
            void *obj = make(e, t[w]);
            cr_assert_gt(id_of(e, obj), top[w], "%s: insert %d numbered %lld after %lld", e->name,
                         i, (long long)id_of(e, obj), (long long)top[w]);
            top[w] = id_of(e, obj);
            assert_same(e, obj, get_ok(e, t[w], top[w]), "in the transaction");
        }
        cr_assert_eq(store_commit(F.s, &err), ERR_OK, "%s: %s", e->name, err.msg);
        cr_assert_eq(store_begin(F.s, true, &err), ERR_OK, "%s", err.msg);
        for (int i = 0; i < 3; i++) {
            make(e, t[0]);
        }
        store_rollback(F.s);
        for (int w = 0; w < 2; w++) {
            void *obj = make(e, t[w]);
            cr_assert_gt(id_of(e, obj), top[w], "%s: numbered %lld after a commit of %lld",
                         e->name, (long long)id_of(e, obj), (long long)top[w]);
            assert_same(e, obj, get_ok(e, t[w], id_of(e, obj)), "after the commit");
        }
    }
}

/* kr_progress (a check-in's change): current, confidence and updated written, the version bumped
 * and checked, every other column as it was; a stale version or a missing key result refused. */
Test(store, kr_progress_writes_only_a_check_ins_columns)
{
    int64_t t = new_tenant();
    struct key_result *kr = make(&entity_key_result, t);
    struct key_result next = *kr;
    next.current = kr->current + 7.25;
    next.confidence = 0.35;
    next.updated = kr->updated + 3600;
    next.title = "ignored: not a check-in's column";
    next.target = kr->target + 1;
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_kr_progress(F.s, &next, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(next.version, kr->version + 1);
    struct key_result *got = get_ok(&entity_key_result, t, kr->id);
    struct key_result want = *kr;
    want.current = next.current;
    want.confidence = 0.35;
    want.updated = next.updated;
    want.version = kr->version + 1;
    assert_same(&entity_key_result, &want, got, "after kr_progress");
    /* From the version read before: someone else moved it on. */
    struct key_result stale = *kr;
    stale.current = 1;
    cr_assert_eq(store_kr_progress(F.s, &stale, &err), ERR_STALE);
    struct key_result gone = *got;
    gone.id = kr->id + 1000000; /* this tenant has a handful of records */
    cr_assert_eq(store_kr_progress(F.s, &gone, &err), ERR_NOT_FOUND);
    /* Scoped by tenant: the same id in another tenant is not this one. */
    struct key_result other = *got;
    other.tenant_id = new_tenant();
    cr_assert_eq(store_kr_progress(F.s, &other, &err), ERR_NOT_FOUND);
}

/* ---------------------------------------------------------------------------------------------
 * The alignment tree's read */

/* full as tree_read reads it: the fields named in `fields` kept, the others blank. */
static void *tree_view(const struct entity *e, const void *full, const char *fields)
{
    void *obj = copy_record(e, full);
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        char word[64];
        snprintf(word, sizeof word, " %s ", f->name);
        char all[512];
        snprintf(all, sizeof all, " %s ", fields);
        if (strstr(all, word)) {
            continue;
        }
        switch (f->type) {
        case FT_TEXT:
            *meta_text(f, obj) = "";
            break;
        case FT_REAL:
            *meta_real(f, obj) = NAN;
            break;
        case FT_DATE:
            *meta_i64(f, obj) = DATE_NONE;
            break;
        case FT_ENUM:
        case FT_BOOL:
            *meta_int(f, obj) = 0;
            break;
        default:
            *meta_i64(f, obj) = 0;
            break;
        }
    }
    return obj;
}

/* A cycle of tenant t with objectives aligned to each other and to key results, key results
 * with and without weights, and another cycle's records interleaved; returns the cycle. */
static int64_t tree_company(int64_t t, int n)
{
    struct objective *first = make(&entity_objective, t);
    struct objective *other = build(&entity_objective, t, 1);
    insert_ok(&entity_objective, other);
    cr_assert_neq(other->cycle_id, first->cycle_id);
    int64_t parent = first->id, parent_kr = 0;
    for (int i = 0; i < n; i++) {
        struct objective *o = copy_record(&entity_objective, i % 3 ? other : first);
        o->parent_objective_id = i % 2 ? parent : 0;
        o->parent_kr_id = i % 2 ? 0 : parent_kr;
        o->owner_team_id = 0;
        insert_ok(&entity_objective, o);
        for (int k = 0; k < 2; k++) {
            struct key_result *kr = build(&entity_key_result, t, 1);
            kr->objective_id = o->id;
            kr->weight = k ? NAN : 0.25;
            insert_ok(&entity_key_result, kr);
            parent_kr = o->cycle_id == first->cycle_id ? kr->id : parent_kr;
        }
        parent = o->cycle_id == first->cycle_id ? o->id : parent;
    }
    return first->cycle_id;
}

/* tree_read (coach: coach_read) of the cycle equals its lists by cycle, field by field, as
 * tree_view says. */
static void assert_cycle_read(int64_t t, int64_t cycle, bool coach)
{
    struct rows objs, krs;
    struct err err;
    err_clear(&err);
    enum err_code rc = coach ? store_coach_read(F.s, t, cycle, &F.a, &objs, &krs, &err)
                             : store_tree_read(F.s, t, cycle, &F.a, &objs, &krs, &err);
    cr_assert_eq(rc, ERR_OK, "%s", err.msg);
    const char *ofields = coach ? COACH_OBJECTIVE_FIELDS : TREE_OBJECTIVE_FIELDS;
    const char *kfields = coach ? COACH_KEY_RESULT_FIELDS : TREE_KEY_RESULT_FIELDS;
    struct rows want_o = list_rows(&entity_objective, t, "cycle_id", cycle, 0, 0);
    struct rows want_k = list_rows(&entity_key_result, t, "cycle_id", cycle, 0, 0);
    cr_assert_eq(objs.n, want_o.n, "%zu objectives, want %zu", objs.n, want_o.n);
    cr_assert_eq(krs.n, want_k.n, "%zu key results, want %zu", krs.n, want_k.n);
    for (size_t i = 0; i < objs.n; i++) {
        const struct objective *w = (const struct objective *)want_o.items + i;
        assert_same(&entity_objective, tree_view(&entity_objective, w, ofields),
                    (const struct objective *)objs.items + i,
                    coach ? "coach objective" : "tree objective");
    }
    for (size_t i = 0; i < krs.n; i++) {
        const struct key_result *w = (const struct key_result *)want_k.items + i;
        assert_same(&entity_key_result, tree_view(&entity_key_result, w, kfields),
                    (const struct key_result *)krs.items + i,
                    coach ? "coach key result" : "tree key result");
    }
}

static void assert_tree_read(int64_t t, int64_t cycle)
{
    assert_cycle_read(t, cycle, false);
}

Test(store, tree_read_reads_a_cycles_objectives_and_key_results)
{
    int64_t t = new_tenant();
    int64_t cycle = tree_company(t, 12);
    int64_t t2 = new_tenant(); /* the same cycle id in another tenant must not leak in */
    cr_assert_eq(tree_company(t2, 3), cycle);
    assert_tree_read(t, cycle);
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_begin(F.s, false, &err), ERR_OK); /* as the service reads it */
    assert_tree_read(t, cycle);
    cr_assert_eq(store_commit(F.s, &err), ERR_OK);
    struct rows objs, krs;
    cr_assert_eq(store_tree_read(F.s, t, 999999, &F.a, &objs, &krs, &err), ERR_OK);
    cr_assert_eq(objs.n + krs.n, 0, "a cycle with nothing");
}

/* coach_read: the same rows with the coach's fields, scored and unscored objectives, key results
 * with and without a due date. */
Test(store, coach_read_reads_the_coachs_fields)
{
    int64_t t = new_tenant();
    int64_t cycle = tree_company(t, 12);
    cr_assert_eq(tree_company(new_tenant(), 3), cycle);
    struct rows o = list_rows(&entity_objective, t, "cycle_id", cycle, 0, 0);
    struct objective *unscored = copy_record(&entity_objective, o.items);
    unscored->self_score = unscored->manager_score = unscored->final_score = NAN;
    unscored->kpi_id = 0;
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_update(F.s, &entity_objective, unscored, &err), ERR_OK, "%s", err.msg);
    struct rows k = list_rows(&entity_key_result, t, "cycle_id", cycle, 0, 0);
    struct key_result *undated = copy_record(&entity_key_result, k.items);
    undated->due = DATE_NONE;
    cr_assert_eq(store_update(F.s, &entity_key_result, undated, &err), ERR_OK, "%s", err.msg);
    assert_cycle_read(t, cycle, true);
    cr_assert_eq(store_begin(F.s, false, &err), ERR_OK);
    assert_cycle_read(t, cycle, true);
    cr_assert_eq(store_commit(F.s, &err), ERR_OK);
    struct rows objs, krs;
    cr_assert_eq(store_coach_read(F.s, t, 999999, &F.a, &objs, &krs, &err), ERR_OK);
    cr_assert_eq(objs.n + krs.n, 0, "a cycle with nothing");
}

/* SQLite reads by primary key range or through the cycle index, on one connection or two: the
 * same rows every way. Two connections only as the transaction's first read (one more query).
 * In a company this small the second connection reads all the key results but the last id
 * (share 0); with share 0.5 each reads about a half, the first connection's after the
 * second's. */
static void assert_read_every_way(double share)
{
    int64_t t = new_tenant();
    int64_t cycle = tree_company(t, 20);
    sqlite_tree_split_share = share;
    size_t min = sqlite_tree_parallel_min;
    const enum sqlite_tree_plan plans[] = {SQLITE_TREE_BY_RANGE, SQLITE_TREE_BY_INDEX,
                                           SQLITE_TREE_AUTO};
    for (size_t p = 0; p < 3; p++) {
        sqlite_tree_plan = plans[p];
        for (int two = 0; two < 2; two++) {
            sqlite_tree_parallel_min = two ? 0 : min;
            struct err err;
            err_clear(&err);
            cr_assert_eq(store_begin(F.s, false, &err), ERR_OK);
            unsigned long q0 = F.s->queries;
            struct rows objs, krs;
            cr_assert_eq(store_tree_read(F.s, t, cycle, &F.a, &objs, &krs, &err), ERR_OK);
            cr_assert_eq(F.s->queries - q0, two ? 5u : 4u, "plan %zu, %d connections", p,
                         two + 1);
            /* The second connection is kept to the transaction's end: two again. */
            assert_tree_read(t, cycle);
            cr_assert_eq(F.s->queries - q0, two ? 12u : 10u); /* and two lists */
            cr_assert_eq(store_commit(F.s, &err), ERR_OK);
            /* The coach's read takes the same paths. */
            cr_assert_eq(store_begin(F.s, false, &err), ERR_OK);
            q0 = F.s->queries;
            cr_assert_eq(store_coach_read(F.s, t, cycle, &F.a, &objs, &krs, &err), ERR_OK);
            cr_assert_eq(F.s->queries - q0, two ? 5u : 4u, "coach: plan %zu, %d connections", p,
                         two + 1);
            const struct key_result *k = krs.items;
            cr_assert(k[0].created && k[krs.n - 1].created, "both ends have the coach's fields");
            assert_cycle_read(t, cycle, true);
            cr_assert_eq(store_commit(F.s, &err), ERR_OK);
        }
    }
    sqlite_tree_plan = SQLITE_TREE_AUTO;
    sqlite_tree_parallel_min = min;
    sqlite_tree_split_share = 0.0;
}

Test(store, tree_read_the_same_by_range_index_and_two_connections)
{
    if (F.sqlite_file) {
        assert_read_every_way(0.0);
        assert_read_every_way(0.5);
    }
}

/* A change committed after the caller's snapshot and before the second connection's: the second
 * connection would see it, so the caller's connection reads everything (one query fewer), and the
 * tree is the caller's snapshot. */
static struct key_result *between_kr;
static void commit_between(void)
{
    struct store *other;
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_open(F.url, &other, &err), ERR_OK, "%s", err.msg);
    between_kr->title = "changed in between";
    cr_assert_eq(store_update(other, &entity_key_result, between_kr, &err), ERR_OK, "%s",
                 err.msg);
    store_close(other);
}

Test(store, tree_read_one_snapshot_when_a_commit_comes_between)
{
    if (!F.sqlite_file) {
        return;
    }
    int64_t t = new_tenant();
    int64_t cycle = tree_company(t, 20);
    struct rows all = list_rows(&entity_key_result, t, "cycle_id", cycle, 0, 0);
    between_kr = copy_record(&entity_key_result, (struct key_result *)all.items + all.n - 1);
    const char *before = between_kr->title;
    size_t min = sqlite_tree_parallel_min;
    sqlite_tree_parallel_min = 0;
    sqlite_tree_test_between = commit_between;
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_begin(F.s, false, &err), ERR_OK);
    unsigned long q0 = F.s->queries;
    struct rows objs, krs;
    cr_assert_eq(store_tree_read(F.s, t, cycle, &F.a, &objs, &krs, &err), ERR_OK, "%s", err.msg);
    sqlite_tree_test_between = NULL;
    sqlite_tree_parallel_min = min;
    cr_assert_eq(F.s->queries - q0, 4u, "read on one connection");
    const struct key_result *last = (const struct key_result *)krs.items + krs.n - 1;
    cr_assert_eq(last->id, between_kr->id);
    cr_assert_str_eq(last->title, before, "the caller's snapshot, not the change");
    assert_tree_read(t, cycle); /* the same transaction's lists agree */
    cr_assert_eq(store_commit(F.s, &err), ERR_OK);
    struct key_result *now = get_ok(&entity_key_result, t, between_kr->id);
    cr_assert_str_eq(now->title, "changed in between", "the change was committed");
}

/* A finding has one dismissal, also when it names no cycle (NULLs are distinct in a UNIQUE
 * constraint: the database keeps it by coalesce(cycle_id, 0)); another cycle's is another. */
Test(store, one_dismissal_a_finding)
{
    int64_t t = new_tenant();
    struct finding_dismissal *d = build(&entity_finding_dismissal, t, 0);
    d->cycle_id = 0;
    insert_ok(&entity_finding_dismissal, d);
    struct finding_dismissal again = *d;
    again.id = 0;
    again.reason = "twice";
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_insert(F.s, &entity_finding_dismissal, &again, &err), ERR_CONFLICT, "%s",
                 err.msg);
    struct cycle *c = make(&entity_cycle, t);
    again.id = 0;
    again.cycle_id = c->id;
    cr_assert_eq(store_insert(F.s, &entity_finding_dismissal, &again, &err), ERR_OK, "%s", err.msg);
}
