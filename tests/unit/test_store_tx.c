/* Store transactions across connections: what two okr processes (or two worker threads) sharing
 * one database must get from every driver. Each test opens two stores on the database named by
 * OKR_TEST_DB (by default a fresh SQLite file in /tmp, removed afterwards) and works in tenants of
 * its own, so tests may share a database. The PostgreSQL-only tests (reconnecting, the per-tenant
 * lock) skip themselves on SQLite. Suite: store_tx. */
#include "core/arena.h"
#include "core/err.h"
#include "core/timefmt.h"
#include "domain/meta.h"
#include "domain/model.h"
#include "store/sqlite_gate.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <libpq-fe.h>
#include <math.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct two {
    struct store *a, *b;
    char url[512];
    char path[256]; /* the SQLite file the suite made, else "" */
    bool pg;
    struct arena ar;
};

static struct two T;

static void remove_sqlite(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

static struct store *open_url(const char *url)
{
    struct store *s = NULL;
    struct err err;
    err_clear(&err);
    enum err_code rc = store_open(url, &s, &err);
    cr_assert_eq(rc, ERR_OK, "store_open: %s", err.msg);
    return s;
}

static void setup(void)
{
    memset(&T, 0, sizeof T);
    arena_init(&T.ar, 0);
    const char *env = getenv("OKR_TEST_DB");
    if (env && *env) {
        snprintf(T.url, sizeof T.url, "%s", env);
    } else {
        const char *dir = getenv("TMPDIR");
        snprintf(T.path, sizeof T.path, "%s/okr-tx-XXXXXX", dir && *dir ? dir : "/tmp");
        int fd = mkstemp(T.path);
        cr_assert_geq(fd, 0);
        close(fd);
        snprintf(T.url, sizeof T.url, "sqlite:%s", T.path);
    }
    T.pg = strncmp(T.url, "postgres://", 11) == 0 || strncmp(T.url, "postgresql://", 13) == 0;
    T.a = open_url(T.url);
    T.b = open_url(T.url);
}

static void teardown(void)
{
    store_close(T.a);
    store_close(T.b);
    arena_free(&T.ar);
    if (T.path[0]) {
        remove_sqlite(T.path);
    }
}

TestSuite(store_tx, .init = setup, .fini = teardown);

/* ---------------------------------------------------------------------------------------------
 * Records */

static void insert_ok(struct store *s, const struct entity *e, void *obj)
{
    struct err err;
    err_clear(&err);
    enum err_code rc = store_insert(s, e, obj, &err);
    cr_assert_eq(rc, ERR_OK, "insert %s: %s", e->name, err.msg);
}

static int64_t new_tenant(struct store *s)
{
    struct tenant t;
    meta_init(&entity_tenant, &t);
    t.name = "事务测试";
    t.timezone = "Asia/Shanghai";
    t.locale = "zh-CN";
    t.version = 1;
    insert_ok(s, &entity_tenant, &t);
    return t.id;
}

/* A tenant with a cycle, an objective and one key result at version 1; returns the KR. */
static struct key_result new_kr(struct store *s, int64_t tenant)
{
    struct cycle c;
    meta_init(&entity_cycle, &c);
    c.tenant_id = tenant;
    c.name = "2025 Q1";
    c.start = date_from_ymd(2025, 1, 1);
    c.end = date_from_ymd(2025, 3, 31);
    c.version = 1;
    insert_ok(s, &entity_cycle, &c);
    struct objective o;
    meta_init(&entity_objective, &o);
    o.tenant_id = tenant;
    o.cycle_id = c.id;
    o.title = "让客户爱上我们的产品";
    o.weight = 1;
    o.version = 1;
    insert_ok(s, &entity_objective, &o);
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    kr.tenant_id = tenant;
    kr.objective_id = o.id;
    kr.title = "NPS from 20 to 50";
    kr.start = 20;
    kr.target = 50;
    kr.current = 20;
    kr.confidence = 0.5;
    kr.version = 1;
    insert_ok(s, &entity_key_result, &kr);
    return kr;
}

static struct key_result get_kr(struct store *s, int64_t tenant, int64_t id)
{
    struct key_result kr;
    struct err err;
    err_clear(&err);
    enum err_code rc = store_get(s, &entity_key_result, tenant, id, &kr, &T.ar, &err);
    cr_assert_eq(rc, ERR_OK, "get kr: %s", err.msg);
    return kr;
}

static size_t count(struct store *s, const struct entity *e, int64_t tenant, const char *by,
                    int64_t key)
{
    struct query q = {.tenant_id = tenant, .by = by, .key = key};
    struct rows r = {0};
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_list(s, e, &q, &T.ar, &r, &err), ERR_OK, "list: %s", err.msg);
    return r.n;
}

/* ---------------------------------------------------------------------------------------------
 * Check-ins from two connections at once */

enum { ROUNDS = 25 };

struct checker {
    struct store *s;
    int64_t tenant, kr_id;
    double step;
    int roll_back_every; /* 0: none; n: every nth round ends in a rollback after its writes */
    int failures;
    char why[320];
};

/* The service's check-in, ROUNDS times: in one write transaction, read the key result, insert a
 * check-in, move the key result on with its version check. */
static void *check_in_rounds(void *arg)
{
    struct checker *c = arg;
    struct arena a;
    arena_init(&a, 0);
    for (int i = 0; i < ROUNDS; i++) {
        struct err err;
        err_clear(&err);
        struct key_result kr;
        enum err_code rc = store_begin(c->s, true, &err);
        if (rc == ERR_OK) {
            rc = store_get(c->s, &entity_key_result, c->tenant, c->kr_id, &kr, &a, &err);
        }
        if (rc == ERR_OK) {
            struct checkin ci;
            meta_init(&entity_checkin, &ci);
            ci.tenant_id = c->tenant;
            ci.kr_id = c->kr_id;
            ci.at = 1735689600 + i;
            ci.value = kr.current + c->step;
            ci.confidence = 0.7;
            ci.note = "每周更新";
            rc = store_insert(c->s, &entity_checkin, &ci, &err);
            kr.current = ci.value;
        }
        if (rc == ERR_OK) {
            rc = store_update(c->s, &entity_key_result, &kr, &err);
        }
        if (rc == ERR_OK && c->roll_back_every && i % c->roll_back_every == 0) {
            store_rollback(c->s);
            continue;
        }
        if (rc == ERR_OK) {
            rc = store_commit(c->s, &err);
        } else {
            store_rollback(c->s);
        }
        if (rc != ERR_OK) {
            c->failures++;
            snprintf(c->why, sizeof c->why, "%s: %s", err_code_name(rc), err.msg);
        }
        arena_reset(&a);
    }
    arena_free(&a);
    return NULL;
}

Test(store_tx, concurrent_check_ins_both_land)
{
    int64_t t = new_tenant(T.a);
    struct key_result kr = new_kr(T.a, t);
    struct checker ca = {.s = T.a, .tenant = t, .kr_id = kr.id, .step = 1};
    struct checker cb = {.s = T.b, .tenant = t, .kr_id = kr.id, .step = 1000};
    pthread_t ta, tb;
    cr_assert_eq(pthread_create(&ta, NULL, check_in_rounds, &ca), 0);
    cr_assert_eq(pthread_create(&tb, NULL, check_in_rounds, &cb), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    cr_assert_eq(ca.failures, 0, "connection a: %d failed, last %s", ca.failures, ca.why);
    cr_assert_eq(cb.failures, 0, "connection b: %d failed, last %s", cb.failures, cb.why);
    struct key_result now = get_kr(T.b, t, kr.id);
    cr_assert_eq(now.version, kr.version + 2 * ROUNDS, "version %lld, want %lld",
                 (long long)now.version, (long long)(kr.version + 2 * ROUNDS));
    cr_assert_eq(now.current, kr.current + ROUNDS * 1 + ROUNDS * 1000, "an update was lost: %g",
                 now.current);
    cr_assert_eq(count(T.a, &entity_checkin, t, "kr_id", kr.id), 2 * ROUNDS);
}

/* Four connections at once, some of whose transactions roll back after their writes: on SQLite
 * they share batches (group commit), and a rollback must take back its own writes only. */
Test(store_tx, concurrent_check_ins_with_rollbacks_keep_exactly_the_committed)
{
    int64_t t = new_tenant(T.a);
    struct key_result kr = new_kr(T.a, t);
    struct store *more[2] = {open_url(T.url), open_url(T.url)};
    struct checker c[4] = {
        {.s = T.a, .step = 1, .roll_back_every = 3},
        {.s = T.b, .step = 10},
        {.s = more[0], .step = 100, .roll_back_every = 2},
        {.s = more[1], .step = 1000},
    };
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        c[i].tenant = t;
        c[i].kr_id = kr.id;
        cr_assert_eq(pthread_create(&th[i], NULL, check_in_rounds, &c[i]), 0);
    }
    int kept = 0;
    double moved = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        cr_assert_eq(c[i].failures, 0, "connection %d: %d failed, last %s", i, c[i].failures,
                     c[i].why);
        int rolled =
            c[i].roll_back_every ? (ROUNDS + c[i].roll_back_every - 1) / c[i].roll_back_every : 0;
        kept += ROUNDS - rolled;
        moved += (ROUNDS - rolled) * c[i].step;
    }
    struct key_result now = get_kr(T.b, t, kr.id);
    cr_assert_eq(now.version, kr.version + kept, "version %lld, want %lld", (long long)now.version,
                 (long long)(kr.version + kept));
    cr_assert_eq(now.current, kr.current + moved, "current %g, want %g", now.current,
                 kr.current + moved);
    cr_assert_eq(count(T.a, &entity_checkin, t, "kr_id", kr.id), (size_t)kept);
    store_close(more[0]);
    store_close(more[1]);
}

Test(store_tx, edit_from_a_stale_copy_is_refused)
{
    int64_t t = new_tenant(T.a);
    struct key_result kr = new_kr(T.a, t);
    struct key_result mine = get_kr(T.a, t, kr.id);
    struct key_result theirs = get_kr(T.b, t, kr.id);
    theirs.title = "NPS from 20 to 60";
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_update(T.b, &entity_key_result, &theirs, &err), ERR_OK, "%s", err.msg);
    mine.title = "NPS from 20 to 40";
    err_clear(&err);
    enum err_code rc = store_update(T.a, &entity_key_result, &mine, &err);
    cr_assert_eq(rc, ERR_STALE, "an edit from a stale copy: %s", err_code_name(rc));
    cr_assert_str_eq(get_kr(T.a, t, kr.id).title, "NPS from 20 to 60");
}

struct inserter {
    struct store *s;
    int64_t tenant, kr_id;
    bool in_tx;
    int64_t ids[40];
    int failures;
    char why[320];
};

static void *insert_many(void *arg)
{
    struct inserter *in = arg;
    for (int i = 0; i < 40; i++) {
        struct err err;
        err_clear(&err);
        struct checkin ci;
        meta_init(&entity_checkin, &ci);
        ci.tenant_id = in->tenant;
        ci.kr_id = in->kr_id;
        ci.at = 1735689600 + i;
        ci.value = i;
        ci.note = "";
        enum err_code rc = in->in_tx ? store_begin(in->s, true, &err) : ERR_OK;
        if (rc == ERR_OK) {
            rc = store_insert(in->s, &entity_checkin, &ci, &err);
        }
        if (in->in_tx && rc == ERR_OK) {
            rc = store_commit(in->s, &err);
        } else if (in->in_tx) {
            store_rollback(in->s);
        }
        if (rc != ERR_OK) {
            in->failures++;
            snprintf(in->why, sizeof in->why, "%s: %s", err_code_name(rc), err.msg);
        }
        in->ids[i] = ci.id;
    }
    return NULL;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

Test(store_tx, concurrent_inserts_get_distinct_ids)
{
    int64_t t = new_tenant(T.a);
    struct key_result kr = new_kr(T.a, t);
    /* One connection in write transactions, the other statement by statement. */
    struct inserter ia = {.s = T.a, .tenant = t, .kr_id = kr.id, .in_tx = true};
    struct inserter ib = {.s = T.b, .tenant = t, .kr_id = kr.id, .in_tx = false};
    pthread_t ta, tb;
    cr_assert_eq(pthread_create(&ta, NULL, insert_many, &ia), 0);
    cr_assert_eq(pthread_create(&tb, NULL, insert_many, &ib), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    cr_assert_eq(ia.failures, 0, "a: %s", ia.why);
    cr_assert_eq(ib.failures, 0, "b: %s", ib.why);
    int64_t all[80];
    memcpy(all, ia.ids, sizeof ia.ids);
    memcpy(all + 40, ib.ids, sizeof ib.ids);
    qsort(all, 80, sizeof all[0], cmp_i64);
    for (int i = 1; i < 80; i++) {
        cr_assert_neq(all[i], all[i - 1], "id %lld handed out twice", (long long)all[i]);
    }
    cr_assert_eq(count(T.b, &entity_checkin, t, "kr_id", kr.id), 80);
}

/* The best-effort write of a read transaction (a session's last use) may fail when another
 * connection changed the row since the transaction began; the transaction's reads stay valid and
 * it still commits, and the other connection's change stands. */
Test(store_tx, failed_write_in_a_read_transaction_leaves_it_usable)
{
    int64_t t = new_tenant(T.a);
    struct user u;
    meta_init(&entity_user, &u);
    u.tenant_id = t;
    u.name = "王小明";
    u.email = arena_printf(&T.ar, "wang.%lld@example.cn", (long long)t);
    u.password_hash = "x";
    u.locale = "zh-CN";
    u.active = 1;
    u.version = 1;
    insert_ok(T.a, &entity_user, &u);
    struct session ss;
    meta_init(&entity_session, &ss);
    ss.tenant_id = t;
    ss.user_id = u.id;
    ss.secret_hash = "aa";
    ss.csrf = "bb";
    ss.created = ss.last_seen = 1000;
    ss.expires = 999999;
    insert_ok(T.a, &entity_session, &ss);

    struct err err;
    err_clear(&err);
    cr_assert_eq(store_begin(T.a, false, &err), ERR_OK, "%s", err.msg);
    struct session mine;
    cr_assert_eq(store_get(T.a, &entity_session, t, ss.id, &mine, &T.ar, &err), ERR_OK);

    struct session theirs = ss;
    theirs.revoked = 1; /* a logout through another instance */
    cr_assert_eq(store_update(T.b, &entity_session, &theirs, &err), ERR_OK, "%s", err.msg);

    mine.last_seen = 2000;
    err_clear(&err);
    enum err_code rc = store_update(T.a, &entity_session, &mine, &err);
    cr_assert_neq(rc, ERR_OK, "the touch overwrote a concurrent logout");
    struct session again;
    err_clear(&err);
    cr_assert_eq(store_get(T.a, &entity_session, t, ss.id, &again, &T.ar, &err), ERR_OK,
                 "a read after the failed write: %s", err.msg);
    cr_assert_eq(store_commit(T.a, &err), ERR_OK, "commit: %s", err.msg);

    struct session now;
    cr_assert_eq(store_get(T.a, &entity_session, t, ss.id, &now, &T.ar, &err), ERR_OK);
    cr_assert_eq(now.revoked, 1, "the logout was lost");
    cr_assert_eq(now.last_seen, 1000);
}

/* A key result of tenant t under an objective that does not exist. */
static enum err_code insert_dangling_kr(struct store *s, int64_t t)
{
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    kr.tenant_id = t;
    kr.objective_id = 987654321;
    kr.title = "悬空的关键结果";
    kr.version = 1;
    struct err err;
    err_clear(&err);
    return store_insert(s, &entity_key_result, &kr, &err);
}

/* A trusted transaction (okr demo) may skip foreign key checks, but only until it ends: after
 * its commit or rollback, and on the other connection all along, a broken reference is refused.
 * SQLite does skip them inside; PostgreSQL keeps checking (no begin_trusted). */
Test(store_tx, trusted_transaction_leaves_references_checked_after_it)
{
    int64_t t = new_tenant(T.a);
    struct err err;
    for (int commit = 0; commit < 2; commit++) {
        err_clear(&err);
        cr_assert_eq(store_begin_trusted(T.a, &err), ERR_OK, "%s", err.msg);
        enum err_code inside = insert_dangling_kr(T.a, t);
        cr_assert_eq(inside, T.pg ? ERR_CONFLICT : ERR_OK, "inside the trusted transaction");
        if (commit && inside == ERR_OK) {
            cr_assert_eq(store_commit(T.a, &err), ERR_OK, "%s", err.msg);
        } else {
            store_rollback(T.a);
        }
        cr_assert_eq(insert_dangling_kr(T.a, t), ERR_CONFLICT, "checks stayed off after %s",
                     commit ? "commit" : "rollback");
        err_clear(&err);
        cr_assert_eq(store_begin(T.a, true, &err), ERR_OK, "%s", err.msg);
        cr_assert_eq(insert_dangling_kr(T.a, t), ERR_CONFLICT, "checks off in the next one");
        store_rollback(T.a);
    }
    cr_assert_eq(insert_dangling_kr(T.b, t), ERR_CONFLICT, "the other connection");
}

/* ---------------------------------------------------------------------------------------------
 * Group commit (SQLite, sqlite_gate.h): the writer commits without syncing the WAL; a commit
 * is acknowledged once a sync after it has ended, by store_commit itself or, on a connection
 * that defers durability (the server's), through store_when_durable. */

static struct sqlite_gate *test_gate(void)
{
    char real[PATH_MAX];
    cr_assert_not_null(realpath(T.path, real));
    return sqlite_gate_of(real);
}

/* Begins, inserts a check-in and commits: the commit's result. */
static enum err_code try_one_checkin(struct store *s, int64_t tenant, int64_t kr_id)
{
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_begin(s, true, &err), ERR_OK, "%s", err.msg);
    struct checkin ci;
    meta_init(&entity_checkin, &ci);
    ci.tenant_id = tenant;
    ci.kr_id = kr_id;
    ci.at = 1735689600;
    ci.value = 30;
    ci.confidence = 0.6;
    insert_ok(s, &entity_checkin, &ci);
    return store_commit(s, &err);
}

static void commit_one_checkin(struct store *s, int64_t tenant, int64_t kr_id)
{
    cr_assert_eq(try_one_checkin(s, tenant, kr_id), ERR_OK);
}

Test(store_tx, sqlite_commit_returns_once_its_wal_is_synced)
{
    if (T.pg) {
        return;
    }
    int64_t t = new_tenant(T.a);
    struct key_result kr = new_kr(T.a, t);
    uint64_t commits, durable, syncs;
    for (int i = 0; i < 3; i++) {
        commit_one_checkin(i % 2 ? T.b : T.a, t, kr.id);
        sqlite_gate_sync_counts(test_gate(), &commits, &durable, &syncs);
        cr_assert_gt(commits, 0);
        cr_assert_eq(durable, commits, "commit %llu returned before a sync (durable up to %llu)",
                     (unsigned long long)commits, (unsigned long long)durable);
    }
    cr_assert_not(store_when_durable(T.a, NULL, NULL), "nothing awaits without deferring");
}

struct durable_wait {
    struct sqlite_gate *gate;
    uint64_t durable_then; /* the gate's durable count when done was called */
    _Atomic int calls;
    _Atomic bool failed;
};

static void on_durable(void *arg, bool failed)
{
    struct durable_wait *w = arg;
    uint64_t commits, syncs;
    sqlite_gate_sync_counts(w->gate, &commits, &w->durable_then, &syncs);
    atomic_store(&w->failed, failed);
    atomic_fetch_add(&w->calls, 1);
}

static uint64_t commits_so_far(void)
{
    uint64_t commits, durable, syncs;
    sqlite_gate_sync_counts(test_gate(), &commits, &durable, &syncs);
    return commits;
}

Test(store_tx, sqlite_deferred_commits_are_acknowledged_once_synced)
{
    if (T.pg) {
        return;
    }
    int64_t t = new_tenant(T.a);
    struct key_result kr = new_kr(T.a, t);
    store_defer_durability(T.a);
    store_defer_durability(T.b);
    struct durable_wait wa = {.gate = test_gate()}, wb = {.gate = test_gate()};
    for (int round = 0; round < 50; round++) {
        commit_one_checkin(T.a, t, kr.id);
        uint64_t commit_a = commits_so_far();
        commit_one_checkin(T.b, t, kr.id);
        uint64_t commit_b = commits_so_far();
        int before_a = atomic_load(&wa.calls), before_b = atomic_load(&wb.calls);
        cr_assert(store_when_durable(T.a, on_durable, &wa));
        cr_assert(store_when_durable(T.b, on_durable, &wb));
        while (atomic_load(&wa.calls) == before_a || atomic_load(&wb.calls) == before_b) {
            sched_yield();
        }
        cr_assert_not(atomic_load(&wa.failed) || atomic_load(&wb.failed));
        cr_assert_geq(wa.durable_then, commit_a, "a's commit acknowledged before its sync");
        cr_assert_geq(wb.durable_then, commit_b, "b's commit acknowledged before its sync");
        cr_assert_not(store_when_durable(T.a, on_durable, &wa), "acknowledged twice");
    }
    cr_assert_eq(atomic_load(&wa.calls), 50);
    cr_assert_eq(atomic_load(&wb.calls), 50);
    /* A read, or a write rolled back, has nothing to wait for. */
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_begin(T.a, true, &err), ERR_OK);
    store_rollback(T.a);
    cr_assert_not(store_when_durable(T.a, on_durable, &wa));
    cr_assert_eq(count(T.b, &entity_checkin, t, "kr_id", kr.id), 100);
}

/* ---------------------------------------------------------------------------------------------
 * PostgreSQL only */

/* The URL with an application_name of its own, so that a test can find its connection in
 * pg_stat_activity without touching those of tests running beside it. */
static const char *tagged_url(const char *tag)
{
    return arena_printf(&T.ar, "%s%capplication_name=%s", T.url, strchr(T.url, '?') ? '&' : '?',
                        tag);
}

/* Ends every server process of connections named tag, and waits until they are gone. */
static void terminate(const char *tag)
{
    PGconn *c = PQconnectdb(T.url);
    cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
    const char *params[1] = {tag};
    PGresult *r = PQexecParams(c,
                               "SELECT count(*) FROM (SELECT pg_terminate_backend(pid, 10000) "
                               "FROM pg_stat_activity WHERE application_name = $1) t",
                               1, NULL, params, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQerrorMessage(c));
    cr_assert_str_eq(PQgetvalue(r, 0, 0), "1", "no connection named %s", tag);
    PQclear(r);
    PQfinish(c);
}

Test(store_tx, pg_reconnects_after_a_lost_connection)
{
    if (!T.pg) {
        return;
    }
    const char *tag = arena_printf(&T.ar, "okr_test_%d", (int)getpid());
    struct store *s = open_url(tagged_url(tag));
    int64_t t = new_tenant(s);
    struct key_result kr = new_kr(s, t);
    struct err err;

    /* Outside a transaction: the next statement notices and runs on a new connection, and the
     * statements prepared on the old one are prepared again. */
    terminate(tag);
    struct key_result got;
    err_clear(&err);
    cr_assert_eq(store_get(s, &entity_key_result, t, kr.id, &got, &T.ar, &err), ERR_OK,
                 "get after the connection was lost: %s", err.msg);
    terminate(tag);
    struct checkin ci;
    meta_init(&entity_checkin, &ci);
    ci.tenant_id = t;
    ci.kr_id = kr.id;
    ci.note = "";
    err_clear(&err);
    cr_assert_eq(store_insert(s, &entity_checkin, &ci, &err), ERR_OK, "insert: %s", err.msg);

    /* Inside a transaction: the transaction fails (nothing of it is acknowledged), and the next
     * one works. */
    cr_assert_eq(store_begin(s, true, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(store_get(s, &entity_key_result, t, kr.id, &got, &T.ar, &err), ERR_OK);
    terminate(tag);
    got.title = "lost with the connection";
    err_clear(&err);
    enum err_code rc = store_update(s, &entity_key_result, &got, &err);
    if (rc == ERR_OK) {
        rc = store_commit(s, &err);
    } else {
        store_rollback(s);
    }
    cr_assert_neq(rc, ERR_OK, "a write on a lost connection was acknowledged");
    err_clear(&err);
    cr_assert_eq(store_begin(s, true, &err), ERR_OK, "begin after a lost connection: %s",
                 err.msg);
    cr_assert_eq(store_get(s, &entity_key_result, t, kr.id, &got, &T.ar, &err), ERR_OK);
    cr_assert_str_eq(got.title, kr.title);
    got.title = "kept";
    cr_assert_eq(store_update(s, &entity_key_result, &got, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(store_commit(s, &err), ERR_OK, "%s", err.msg);
    cr_assert_str_eq(get_kr(T.b, t, kr.id).title, "kept");
    store_close(s);
}

/* Write transactions of different tenants do not wait for each other (this test would hang
 * until the lock timeout otherwise); on SQLite there is one writer for the whole file. */
Test(store_tx, pg_write_transactions_of_other_tenants_run_side_by_side)
{
    if (!T.pg) {
        return;
    }
    int64_t t1 = new_tenant(T.a), t2 = new_tenant(T.a);
    struct key_result k1 = new_kr(T.a, t1), k2 = new_kr(T.a, t2);
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_begin(T.a, true, &err), ERR_OK);
    struct key_result x = get_kr(T.a, t1, k1.id); /* holds tenant 1 */
    cr_assert_eq(store_begin(T.b, true, &err), ERR_OK);
    struct key_result y = get_kr(T.b, t2, k2.id);
    y.current = 30;
    cr_assert_eq(store_update(T.b, &entity_key_result, &y, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(store_commit(T.b, &err), ERR_OK, "%s", err.msg);
    x.current = 40;
    cr_assert_eq(store_update(T.a, &entity_key_result, &x, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(store_commit(T.a, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(get_kr(T.b, t1, k1.id).current, 40);
    cr_assert_eq(get_kr(T.a, t2, k2.id).current, 30);
}

Test(store_tx, pg_backup_points_to_pg_dump)
{
    if (!T.pg) {
        return;
    }
    struct err err;
    err_clear(&err);
    enum err_code rc = T.a->ops->backup(T.a, "/tmp/okr-never-written.db", &err);
    cr_assert_eq(rc, ERR_INVALID);
    cr_assert_not_null(strstr(err.msg, "pg_dump"), "%s", err.msg);
    cr_assert_eq(access("/tmp/okr-never-written.db", F_OK), -1);
}

Test(store_tx, schema_versions_agree)
{
    /* Both connections see one schema, migrated once (the drivers number migrations alike). */
    int v = T.a->ops->schema_version(T.a);
    cr_assert_geq(v, 1);
    cr_assert_eq(T.b->ops->schema_version(T.b), v);
}

/* ---------------------------------------------------------------------------------------------
 * SQLite: write transactions run on one writer connection per file and process (sqlite.c) */

/* A store closed inside its write transaction rolls it back on the writer and frees it: the
 * other store writes at once, and the closed one's row is gone. */
Test(store_tx, sqlite_close_inside_a_write_transaction_rolls_it_back)
{
    if (T.pg) {
        return;
    }
    int64_t t = new_tenant(T.a);
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_begin(T.a, true, &err), ERR_OK, "%s", err.msg);
    struct cycle c;
    meta_init(&entity_cycle, &c);
    c.tenant_id = t;
    c.name = "rolled back";
    c.start = date_from_ymd(2025, 1, 1);
    c.end = date_from_ymd(2025, 3, 31);
    c.version = 1;
    insert_ok(T.a, &entity_cycle, &c);
    store_close(T.a);
    T.a = NULL;
    cr_assert_eq(store_begin(T.b, true, &err), ERR_OK, "after the close: %s", err.msg);
    struct cycle got;
    cr_assert_eq(store_get(T.b, &entity_cycle, t, c.id, &got, &T.ar, &err), ERR_NOT_FOUND);
    cr_assert_eq(store_commit(T.b, &err), ERR_OK, "%s", err.msg);
}

/* The writer closes with the file's last store, before it: SQLite then empties and removes the
 * WAL as it does when its last connection closes. */
Test(store_tx, sqlite_last_close_removes_the_wal)
{
    if (T.pg || !T.path[0]) {
        return;
    }
    new_tenant(T.a);
    new_tenant(T.b);
    char wal[300];
    snprintf(wal, sizeof wal, "%s-wal", T.path);
    cr_assert_eq(access(wal, F_OK), 0, "a WAL while the stores are open");
    store_close(T.a);
    T.a = NULL;
    cr_assert_eq(access(wal, F_OK), 0, "the WAL stays while a store is open");
    struct store *b = T.b;
    T.b = NULL;
    store_close(b);
    cr_assert_neq(access(wal, F_OK), 0, "the WAL outlived the last store");
    /* Opened again, the file holds both tenants and takes writes. */
    T.a = open_url(T.url);
    int64_t t = new_tenant(T.a);
    cr_assert_eq(t, 3);
}
