/* The check-in summaries (store.h: checkin_summaries; migration 7 of each driver) equal what
 * the check-ins say after every kind of write: the store's insert, insert_many, update and
 * remove of check-ins, a key result's delete (cascade), a rollback; and the service's writes
 * that go through them: a check-in (svc_checkin), the demo's batches and an import. The database
 * comes from OKR_TEST_DB (the PostgreSQL part of `make test` runs this suite there), by default
 * a fresh SQLite file; every test works in tenants of its own. Suite: store_summaries. */
#include "core/arena.h"
#include "core/err.h"
#include "core/sb.h"
#include "core/timefmt.h"
#include "domain/meta.h"
#include "domain/model.h"
#include "service/demo.h"
#include "service/interchange.h"
#include "service/service.h"
#include "store/sqlite_tree.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct {
    struct store *s;
    char path[256]; /* the SQLite file the suite made, else "" */
    struct arena a;
} S;

static void setup(void)
{
    memset(&S, 0, sizeof S);
    arena_init(&S.a, 0);
    char url[512];
    const char *env = getenv("OKR_TEST_DB");
    if (env && *env) {
        snprintf(url, sizeof url, "%s", env);
    } else {
        const char *dir = getenv("TMPDIR");
        snprintf(S.path, sizeof S.path, "%s/okr-sum-XXXXXX", dir && *dir ? dir : "/tmp");
        int fd = mkstemp(S.path);
        cr_assert_geq(fd, 0);
        close(fd);
        snprintf(url, sizeof url, "sqlite:%s", S.path);
    }
    struct err err = {0};
    cr_assert_eq(store_open(url, &S.s, &err), ERR_OK, "store_open: %s", err.msg);
}

static void teardown(void)
{
    store_close(S.s);
    arena_free(&S.a);
    if (S.path[0]) {
        static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
        for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
            char p[300];
            snprintf(p, sizeof p, "%s%s", S.path, suffix[i]);
            unlink(p);
        }
    }
}

TestSuite(store_summaries, .init = setup, .fini = teardown);

static struct rows list_by(const struct entity *e, int64_t tenant, const char *by, int64_t key)
{
    struct query q = {.tenant_id = tenant, .by = by, .key = key};
    struct rows r;
    struct err err = {0};
    cr_assert_eq(store_list(S.s, e, &q, &S.a, &r, &err), ERR_OK, "list %s: %s", e->name, err.msg);
    return r;
}

/* Latest first: by time, then id. */
static int cmp_latest(const void *x, const void *y)
{
    const struct checkin *p = x, *q = y;
    if (p->at != q->at) {
        return p->at > q->at ? -1 : 1;
    }
    return (p->id < q->id) - (p->id > q->id);
}

/* The summaries of the cycle are, row for row, what its key results' check-ins say; returns
 * how many key results have check-ins. what names the write in a failure. */
static size_t assert_summaries(int64_t tenant, int64_t cycle, const char *what)
{
    struct rows krs = list_by(&entity_key_result, tenant, "cycle_id", cycle);
    struct rows sums;
    struct err err = {0};
    cr_assert_eq(store_checkin_summaries(S.s, tenant, cycle, &S.a, &sums, &err), ERR_OK, "%s: %s",
                 what, err.msg);
    const struct key_result *k = krs.items;
    const struct checkin_summary *c = sums.items;
    size_t j = 0;
    for (size_t i = 0; i < krs.n; i++) {
        struct rows ins = list_by(&entity_checkin, tenant, "kr_id", k[i].id);
        if (!ins.n) {
            cr_assert(j >= sums.n || c[j].kr_id != k[i].id, "%s: key result %lld has none", what,
                      (long long)k[i].id);
            continue;
        }
        cr_assert(j < sums.n && c[j].kr_id == k[i].id,
                  "%s: no summary of key result %lld (in id order)", what, (long long)k[i].id);
        qsort(ins.items, ins.n, sizeof(struct checkin), cmp_latest);
        const struct checkin *ci = ins.items;
        const struct coach_activity *act = &c[j].act;
        size_t want = ins.n < COACH_HISTORY ? ins.n : COACH_HISTORY;
        cr_assert_eq((size_t)act->nconf, want, "%s: key result %lld: %d check-ins, want %zu", what,
                     (long long)k[i].id, act->nconf, want);
        cr_assert_eq(act->last_checkin, ci[0].at, "%s: latest time", what);
        for (size_t m = 0; m < want; m++) {
            cr_assert_eq(act->at[m], ci[m].at, "%s: key result %lld, check-in %zu: time", what,
                         (long long)k[i].id, m);
            cr_assert_eq(act->confidence[m], ci[m].confidence, "%s: check-in %zu: confidence", what,
                         m);
            cr_assert_eq(act->value[m], ci[m].value, "%s: check-in %zu: value", what, m);
        }
        j++;
    }
    cr_assert_eq(j, sums.n, "%s: %zu summaries of key results outside the cycle", what, sums.n - j);
    return j;
}

static void *insert_ok(const struct entity *e, void *obj)
{
    struct err err = {0};
    cr_assert_eq(store_insert(S.s, e, obj, &err), ERR_OK, "insert %s: %s", e->name, err.msg);
    return obj;
}

static struct key_result *new_kr(int64_t tenant, int64_t objective)
{
    struct key_result *k = arena_alloc(&S.a, sizeof *k);
    meta_init(&entity_key_result, k);
    *k = (struct key_result){.tenant_id = tenant,
                             .objective_id = objective,
                             .title = "KR",
                             .unit = "",
                             .target = 10,
                             .weight = 1,
                             .due = DATE_NONE};
    return insert_ok(&entity_key_result, k);
}

static struct checkin checkin(int64_t tenant, int64_t kr, int64_t day, double confidence)
{
    return (struct checkin){.tenant_id = tenant,
                            .kr_id = kr,
                            .at = 4102444800LL + day * 86400,
                            .value = (double)day * 1.5,
                            .confidence = confidence,
                            .note = ""};
}

static struct checkin *put(int64_t tenant, int64_t kr, int64_t day, double confidence)
{
    struct checkin *c = arena_alloc(&S.a, sizeof *c);
    *c = checkin(tenant, kr, day, confidence);
    return insert_ok(&entity_checkin, c);
}

/* kr's latest check-in (time, then id), an arena copy. */
static struct checkin *get_latest(int64_t tenant, int64_t kr)
{
    struct rows r = list_by(&entity_checkin, tenant, "kr_id", kr);
    cr_assert_gt(r.n, 0);
    qsort(r.items, r.n, sizeof(struct checkin), cmp_latest);
    return (struct checkin *)r.items;
}

/* A tenant with two cycles, an objective in each; ids in *cycle and *objective. */
static int64_t world(int64_t cycle[2], int64_t objective[2])
{
    struct tenant t = {.name = "T", .mission = "", .vision = "", .timezone = "UTC", .locale = "en"};
    insert_ok(&entity_tenant, &t);
    for (int i = 0; i < 2; i++) {
        struct cycle c = {.tenant_id = t.id,
                          .name = i ? "Q2" : "Q1",
                          .start = 20000 + 91 * i,
                          .end = 20090 + 91 * i,
                          .kind = CYCLE_QUARTER};
        insert_ok(&entity_cycle, &c);
        struct objective o;
        meta_init(&entity_objective, &o);
        o.tenant_id = t.id;
        o.cycle_id = c.id;
        o.title = "O";
        insert_ok(&entity_objective, &o);
        cycle[i] = c.id;
        objective[i] = o.id;
    }
    return t.id;
}

Test(store_summaries, every_store_write_of_a_check_in)
{
    int64_t cy[2], ob[2];
    int64_t t = world(cy, ob);
    struct key_result *a = new_kr(t, ob[0]), *b = new_kr(t, ob[0]), *none = new_kr(t, ob[0]);
    struct key_result *other = new_kr(t, ob[1]);
    (void)none;
    cr_assert_eq(assert_summaries(t, cy[0], "no check-ins"), 0);

    /* One by one, out of time order (a back-dated entry), and a tie at the latest time. */
    static const int days[6] = {5, 1, 6, 3, 2, 4};
    for (int i = 0; i < 6; i++) {
        put(t, a->id, days[i], 0.1 * (double)days[i]);
        assert_summaries(t, cy[0], "insert");
    }
    struct checkin *tie = put(t, a->id, 6, 0.95);
    put(t, b->id, 3, 0.5);
    put(t, other->id, 9, 0.2);
    cr_assert_eq(assert_summaries(t, cy[0], "a tie"), 2);
    cr_assert_eq(assert_summaries(t, cy[1], "another cycle"), 1);

    /* A batch of several key results, out of order (the demo's and import's way). */
    struct checkin batch[5] = {checkin(t, b->id, 8, 0.8), checkin(t, a->id, 0, 0.01),
                               checkin(t, b->id, 7, 0.7), checkin(t, a->id, 7, 0.77),
                               checkin(t, other->id, 1, 0.3)};
    struct err err = {0};
    cr_assert_eq(store_insert_many(S.s, &entity_checkin, batch, 5, &err), ERR_OK, "%s", err.msg);
    assert_summaries(t, cy[0], "insert_many");
    assert_summaries(t, cy[1], "insert_many");

    /* An edit: the latest moved back in time, then to another key result. */
    struct checkin *latest = get_latest(t, a->id);
    latest->at -= 30 * 86400;
    cr_assert_eq(store_update(S.s, &entity_checkin, latest, &err), ERR_OK, "%s", err.msg);
    assert_summaries(t, cy[0], "update of the time");
    tie->kr_id = b->id;
    cr_assert_eq(store_update(S.s, &entity_checkin, tie, &err), ERR_OK, "%s", err.msg);
    assert_summaries(t, cy[0], "update of the key result");

    /* Deletes: the latest of b, then all of b's. */
    struct checkin *blast = get_latest(t, b->id);
    cr_assert_eq(store_remove(S.s, &entity_checkin, t, blast->id, &err), ERR_OK, "%s", err.msg);
    assert_summaries(t, cy[0], "delete of the latest");
    struct rows bs = list_by(&entity_checkin, t, "kr_id", b->id);
    for (size_t i = 0; i < bs.n; i++) {
        int64_t id = ((const struct checkin *)bs.items)[i].id;
        cr_assert_eq(store_remove(S.s, &entity_checkin, t, id, &err), ERR_OK, "%s", err.msg);
    }
    cr_assert_eq(assert_summaries(t, cy[0], "every check-in of b deleted"), 1);

    /* A rolled back check-in leaves no trace. */
    cr_assert_eq(store_begin(S.s, true, &err), ERR_OK);
    put(t, a->id, 40, 0.4);
    store_rollback(S.s);
    assert_summaries(t, cy[0], "rollback");

    /* The key result deleted with its check-ins (a cascade); another tenant's same ids untouched.
     */
    int64_t cy2[2], ob2[2];
    int64_t t2 = world(cy2, ob2);
    put(t2, new_kr(t2, ob2[0])->id, 3, 0.6);
    cr_assert_eq(store_remove(S.s, &entity_key_result, t, a->id, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(assert_summaries(t, cy[0], "key result deleted"), 0);
    cr_assert_eq(assert_summaries(t2, cy2[0], "the other tenant"), 1);
}

/* Every cycle of a tenant, checked. */
static void assert_tenant(int64_t tenant, const char *what)
{
    struct rows cycles = list_by(&entity_cycle, tenant, NULL, 0);
    size_t with = 0;
    for (size_t i = 0; i < cycles.n; i++) {
        with += assert_summaries(tenant, ((const struct cycle *)cycles.items)[i].id, what);
    }
    cr_assert_gt(with, 0, "%s: no key result has check-ins", what);
}

Test(store_summaries, the_services_writes)
{
    const int64_t now = 20593LL * 86400 + 12 * 3600; /* 2026-05-20 12:00 UTC */
    struct demo_opts o = {.lang = "en", .today = now / 86400};
    int64_t tenant = 0, rows = 0;
    struct err err = {0};
    cr_assert_eq(svc_demo(S.s, &S.a, now, &o, &tenant, &rows, &err), ERR_OK, "%s", err.msg);
    assert_tenant(tenant, "the demo");
    /* The demo's trusted transaction left its summaries to summaries_rebuild (SQLite drops the
     * insert trigger meanwhile): the trigger must be back after its commit, and after a trusted
     * transaction that rolls back, for the check-ins below. */
    cr_assert_eq(store_begin_trusted(S.s, &err), ERR_OK, "%s", err.msg);
    store_rollback(S.s);

    /* A check-in as a person makes it (and the key result's progress with it). */
    struct svc s = {
        .st = S.s, .a = &S.a, .tenant_id = tenant, .now = now + 3600, .actor = {.system = true}};
    struct rows krs = list_by(&entity_key_result, tenant, NULL, 0);
    const struct key_result *k = krs.items;
    int made = 0;
    for (size_t i = 0; i < krs.n; i += 3) {
        struct checkin c;
        meta_init(&entity_checkin, &c);
        c.kr_id = k[i].id;
        c.value = k[i].target;
        c.confidence = 0.5;
        c.note = "";
        made += svc_checkin(&s, &c, false, &err) == ERR_OK; /* a closed cycle refuses */
    }
    cr_assert_gt(made, 0, "no check-in made: %s", err.msg);
    assert_tenant(tenant, "svc_checkin");

    /* An import of the export: a new tenant, its check-ins written by the import. */
    struct sb doc;
    sb_init(&doc);
    cr_assert_eq(svc_export(&s, &doc, &err), ERR_OK, "%s", err.msg);
    int64_t copy = 0;
    cr_assert_eq(svc_import(S.s, &S.a, now, doc.p, doc.len, &copy, &err), ERR_OK, "%s", err.msg);
    sb_free(&doc);
    assert_tenant(copy, "the import");
}

/* In a read transaction whose first read opened the second connection (SQLite: coach_read of a
 * large cycle, here another; every cycle is large here), the summaries are read on both
 * connections, the upper half of the key results on the second: the same rows. SQLite's
 * queries: the bounds, then on each connection the cycle's ids and the summaries. */
Test(store_summaries, read_on_two_connections)
{
    int64_t cy[2], ob[2];
    int64_t t = world(cy, ob);
    /* Consecutive ids, each with check-ins: a key result lost at the split is seen. */
    for (int k = 0; k < 30; k++) {
        struct key_result *kr = new_kr(t, ob[0]);
        for (int d = 0; d <= k % 5; d++) {
            put(t, kr->id, d * 3 % 5, 0.1 * (double)d);
        }
    }
    size_t min = sqlite_tree_parallel_min;
    sqlite_tree_parallel_min = 0;
    struct err err = {0};
    for (int two = 0; two < 2; two++) {
        cr_assert_eq(store_begin(S.s, false, &err), ERR_OK);
        struct rows objs, krs, sums;
        if (two) {
            cr_assert_eq(store_coach_read(S.s, t, cy[1], &S.a, &objs, &krs, &err), ERR_OK);
        }
        unsigned long q0 = S.s->queries;
        cr_assert_eq(store_checkin_summaries(S.s, t, cy[0], &S.a, &sums, &err), ERR_OK, "%s",
                     err.msg);
        unsigned long used = S.s->queries - q0;
        cr_assert_eq(assert_summaries(t, cy[0], two ? "two connections" : "one"), 30);
        bool sqlite = S.path[0] != 0; /* the suite's own SQLite file */
        cr_assert_eq(used, !sqlite ? 1u : two ? 5u : 3u, "%lu queries", used);
        store_rollback(S.s);
    }
    sqlite_tree_parallel_min = min;
}

/* The summaries of one cycle among another's: its key results interleaved with the other's
 * (SQLite reads them by primary key range, stepping over the other's), or only its first and
 * last among the other's (SQLite seeks each), some without check-ins. Each cycle's summaries are
 * its own and all of them, whichever way SQLite reads them, on one connection or two. */
Test(store_summaries, a_cycle_among_another_every_way)
{
    int64_t cy[2], ob[2];
    int64_t t = world(cy, ob);
    size_t with[2] = {0}; /* key results with check-ins, per cycle */
    for (int k = 0; k < 60; k++) {
        /* 0..39: the cycles take turns; 40..59: cycle 1 but for the last */
        int c = k < 40 ? k % 2 : k == 59 ? 0 : 1;
        struct key_result *kr = new_kr(t, ob[c]);
        bool none = k % 7 == 3 && k != 59;
        for (int d = 0; !none && d <= k % 6; d++) {
            put(t, kr->id, d * 3 % 5, 0.1 * (double)d);
        }
        with[c] += !none;
    }
    size_t min = sqlite_tree_parallel_min;
    const enum sqlite_tree_plan plans[] = {SQLITE_TREE_BY_RANGE, SQLITE_TREE_BY_INDEX,
                                           SQLITE_TREE_AUTO};
    struct err err = {0};
    for (size_t p = 0; p < 3; p++) {
        sqlite_tree_plan = plans[p];
        for (int two = 0; two < 2; two++) {
            sqlite_tree_parallel_min = two ? 0 : min;
            for (int c = 0; c < 2; c++) {
                cr_assert_eq(store_begin(S.s, false, &err), ERR_OK);
                struct rows objs, krs;
                if (two) { /* opens the second connection */
                    cr_assert_eq(store_coach_read(S.s, t, cy[1 - c], &S.a, &objs, &krs, &err),
                                 ERR_OK);
                }
                char what[64];
                snprintf(what, sizeof what, "plan %zu, %d connections, cycle %d", p, two + 1, c);
                cr_assert_eq(assert_summaries(t, cy[c], what), with[c], "%s", what);
                store_rollback(S.s);
            }
        }
    }
    sqlite_tree_plan = SQLITE_TREE_AUTO;
    sqlite_tree_parallel_min = min;
}
