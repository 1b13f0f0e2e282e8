/* Bounded queries per request (no N+1): listing the objectives of a cycle, the key results of an
 * objective and the check-ins of a key result, and drawing the alignment tree of a cycle, run as
 * many statements for a company of 6 people as for one of 60, for a member (not an admin), whose
 * every record needs a permission check. Counted by the store itself (store.h: queries), on the
 * driver of OKR_TEST_DB (PostgreSQL in `make pg-test`), else on a fresh SQLite file. Suite:
 * store_queries (run on both drivers). */
#include "core/timefmt.h"
#include "service/service.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];
static struct store *st;
static struct arena arena;

static void setup(void)
{
    const char *env = getenv("OKR_TEST_DB");
    char url[600];
    if (env && *env) {
        snprintf(url, sizeof url, "%s", env);
    } else {
        snprintf(path, sizeof path, "/tmp/okr-queries-XXXXXX");
        int fd = mkstemp(path);
        cr_assert(fd >= 0);
        close(fd);
        snprintf(url, sizeof url, "sqlite:%s", path);
    }
    struct err err = {0};
    cr_assert_eq(store_open(url, &st, &err), ERR_OK, "%s", err.msg);
    arena_init(&arena, 0);
}

static void teardown(void)
{
    store_close(st);
    arena_free(&arena);
    if (path[0]) {
        char p[80];
        unlink(path);
        snprintf(p, sizeof p, "%s-wal", path);
        unlink(p);
        snprintf(p, sizeof p, "%s-shm", path);
        unlink(p);
    }
}

TestSuite(store_queries, .init = setup, .fini = teardown);

static int64_t put(const struct entity *e, void *obj)
{
    struct err err = {0};
    cr_assert_eq(store_insert(st, e, obj, &err), ERR_OK, "%s: %s", e->name, err.msg);
    return meta_get_i64(meta_field(e, "id"), obj);
}

struct company {
    int64_t tenant, cycle, member, objective, kr, top_team;
    int64_t member_kr; /* the member's own first key result */
};

/* A company of n people: a manager tree three wide, a team per manager (led by them, their
 * reports its members), one objective per person in the cycle (public, team and private in
 * turn; aligned to their manager's first key result), n key results on the first objective
 * and n check-ins on its first key result. member: a person in the middle of the tree. */
static struct company build(int n)
{
    struct company c = {0};
    struct err err = {0};
    char *buf = arena_alloc(&arena, 64);
    cr_assert_eq(store_begin(st, true, &err), ERR_OK, "%s", err.msg);
    struct tenant t;
    meta_init(&entity_tenant, &t);
    t.name = "Queries Co";
    c.tenant = put(&entity_tenant, &t);
    int64_t *users = arena_alloc(&arena, (size_t)(n + 1) * sizeof *users);
    int64_t *teams = arena_alloc(&arena, (size_t)(n + 1) * sizeof *teams);
    int64_t *first_kr = arena_alloc(&arena, (size_t)(n + 1) * sizeof *first_kr);
    for (int i = 1; i <= n; i++) {
        struct user u;
        meta_init(&entity_user, &u);
        u.tenant_id = c.tenant;
        buf = arena_alloc(&arena, 64);
        snprintf(buf, 64, "p%d@queries.example", i);
        u.name = buf;
        u.email = buf;
        u.role = ROLE_MEMBER;
        u.manager_id = i > 1 ? users[(i - 2) / 3 + 1] : 0;
        u.active = 1;
        users[i] = put(&entity_user, &u);
        teams[i] = 0;
    }
    for (int i = 1; i <= n; i++) {
        int boss = i > 1 ? (i - 2) / 3 + 1 : 0;
        if (boss && !teams[boss]) {
            struct team tm;
            meta_init(&entity_team, &tm);
            tm.tenant_id = c.tenant;
            tm.name = "team";
            tm.lead_id = users[boss];
            int up = boss > 1 ? (boss - 2) / 3 + 1 : 0;
            tm.parent_id = up ? teams[up] : 0;
            teams[boss] = put(&entity_team, &tm);
            c.top_team = c.top_team ? c.top_team : teams[boss];
        }
        if (boss) {
            struct membership m = {
                .tenant_id = c.tenant, .team_id = teams[boss], .user_id = users[i]};
            put(&entity_membership, &m);
        }
    }
    struct cycle cy;
    meta_init(&entity_cycle, &cy);
    cy.tenant_id = c.tenant;
    cy.name = "2026 Q4";
    cy.start = date_from_ymd(2026, 10, 1);
    cy.end = date_from_ymd(2026, 12, 31);
    cy.kind = CYCLE_QUARTER;
    cy.state = CYCLE_ACTIVE;
    c.cycle = put(&entity_cycle, &cy);
    for (int i = 1; i <= n; i++) {
        struct objective o;
        meta_init(&entity_objective, &o);
        o.tenant_id = c.tenant;
        o.cycle_id = c.cycle;
        o.owner_user_id = users[i];
        o.title = "Grow";
        o.visibility = i == 1 || i % 3 == 0 ? VIS_PUBLIC : i % 3 == 1 ? VIS_TEAM : VIS_PRIVATE;
        int boss = i > 1 ? (i - 2) / 3 + 1 : 0;
        o.parent_kr_id = boss ? first_kr[boss] : 0;
        int64_t oid = put(&entity_objective, &o);
        int krs = i == 1 ? n : 1;
        for (int k = 0; k < krs; k++) {
            struct key_result kr;
            meta_init(&entity_key_result, &kr);
            kr.tenant_id = c.tenant;
            kr.objective_id = oid;
            kr.owner_user_id = users[i];
            kr.title = "Reach";
            kr.target = 100;
            int64_t id = put(&entity_key_result, &kr);
            if (k == 0) {
                first_kr[i] = id;
            }
        }
        if (i == 1) {
            c.objective = oid;
        }
    }
    c.kr = first_kr[1];
    for (int i = 0; i < n; i++) {
        struct checkin ck;
        meta_init(&entity_checkin, &ck);
        ck.tenant_id = c.tenant;
        ck.kr_id = c.kr;
        ck.author_id = users[1];
        ck.at = 1790000000 + i;
        ck.value = i;
        ck.note = "";
        put(&entity_checkin, &ck);
    }
    c.member = users[n / 2];
    c.member_kr = first_kr[n / 2];
    cr_assert_eq(store_commit(st, &err), ERR_OK, "%s", err.msg);
    return c;
}

/* The statements each request runs, as the company's member. */
struct counts {
    unsigned long objectives, krs, checkins, tree, team_tree;
    size_t seen_objectives, seen_krs, seen_checkins, tree_objectives, team_tree_objectives;
};

static struct svc as_member(const struct company *c)
{
    return (struct svc){.st = st,
                        .a = &arena,
                        .tenant_id = c->tenant,
                        .actor = {.user_id = c->member},
                        .now = 1790000000};
}

static unsigned long list(const struct company *c, const struct entity *e, const char *by,
                          int64_t key, size_t *seen)
{
    struct svc s = as_member(c);
    struct query q = {.by = by, .key = key};
    struct rows r;
    struct err err = {0};
    unsigned long q0 = st->queries;
    cr_assert_eq(svc_list(&s, e, &q, &r, &err), ERR_OK, "%s: %s", e->name, err.msg);
    *seen = r.n;
    return st->queries - q0;
}

static struct counts count(const struct company *c)
{
    struct counts k = {0};
    k.objectives = list(c, &entity_objective, "cycle_id", c->cycle, &k.seen_objectives);
    k.krs = list(c, &entity_key_result, "objective_id", c->objective, &k.seen_krs);
    k.checkins = list(c, &entity_checkin, "kr_id", c->kr, &k.seen_checkins);
    struct svc s = as_member(c);
    struct cycle_tree t;
    struct err err = {0};
    unsigned long q0 = st->queries;
    cr_assert_eq(svc_tree(&s, c->cycle, 0, &t, &err), ERR_OK, "tree: %s", err.msg);
    k.tree = st->queries - q0;
    k.tree_objectives = t.tree.nobjs;
    q0 = st->queries;
    cr_assert_eq(svc_tree(&s, c->cycle, c->top_team, &t, &err), ERR_OK, "team tree: %s", err.msg);
    k.team_tree = st->queries - q0;
    k.team_tree_objectives = t.tree.nobjs;
    return k;
}

Test(store_queries, lists_and_tree_cost_the_same_for_6_and_60_people)
{
    struct company small = build(6), large = build(60);
    struct counts a = count(&small), b = count(&large);
    /* The member sees some records and not others: the policy really ran on every row. */
    cr_assert_gt(b.seen_objectives, 3);
    cr_assert_lt(b.seen_objectives, 60);
    cr_assert_eq(b.seen_krs, 60);
    cr_assert_eq(b.seen_checkins, 60);
    cr_assert_gt(b.tree_objectives, a.tree_objectives);
    cr_assert_eq(a.objectives, b.objectives,
                 "list of objectives: %lu queries at 6 people, %lu at 60", a.objectives,
                 b.objectives);
    cr_assert_eq(a.krs, b.krs, "list of key results: %lu queries at 6, %lu at 60", a.krs, b.krs);
    cr_assert_eq(a.checkins, b.checkins, "list of check-ins: %lu queries at 6, %lu at 60",
                 a.checkins, b.checkins);
    cr_assert_eq(a.tree, b.tree, "tree of a cycle: %lu queries at 6 people, %lu at 60", a.tree,
                 b.tree);
    cr_assert_gt(b.team_tree_objectives, a.team_tree_objectives);
    cr_assert_eq(a.team_tree, b.team_tree, "tree of a team: %lu queries at 6 people, %lu at 60",
                 a.team_tree, b.team_tree);
    cr_assert_leq(b.objectives, 6, "list of objectives: %lu queries", b.objectives);
    cr_assert_leq(b.tree, 12, "tree: %lu queries", b.tree);
}

/* A check-in, the busiest write, reads its key result, objective and cycle once each and writes
 * the check-in, the key result's new value and one audit event: 8 statements on SQLite (each
 * insert reads its next id), whatever the company's size. */
Test(store_queries, a_checkin_runs_eight_statements)
{
    struct company c = build(6);
    struct svc s = as_member(&c);
    struct checkin ck;
    meta_init(&entity_checkin, &ck);
    ck.kr_id = c.member_kr;
    ck.value = 40;
    ck.confidence = 0.7;
    ck.note = "on its way";
    struct err err = {0};
    struct key_result before, after;
    cr_assert_eq(store_get(st, &entity_key_result, c.tenant, c.member_kr, &before, &arena, &err),
                 ERR_OK);
    unsigned long q0 = st->queries;
    cr_assert_eq(svc_checkin(&s, &ck, false, &err), ERR_OK, "%s", err.msg);
    unsigned long n = st->queries - q0;
    cr_assert_leq(n, 8, "a check-in ran %lu statements", n);
    /* What it wrote: the check-in, the key result's value, confidence and version. */
    cr_assert_gt(ck.id, 0);
    cr_assert_eq(ck.author_id, c.member);
    cr_assert_eq(store_get(st, &entity_key_result, c.tenant, c.member_kr, &after, &arena, &err),
                 ERR_OK);
    cr_assert_float_eq(after.current, 40, 1e-9);
    cr_assert_float_eq(after.confidence, 0.7, 1e-9);
    cr_assert_eq(after.version, before.version + 1);
    cr_assert_eq(after.updated, s.now);
    cr_assert_str_eq(after.title, before.title);
    cr_assert_eq(after.objective_id, before.objective_id);
    /* One audit event, naming the check-in and, in its summary, the key result. */
    struct query q = {.tenant_id = c.tenant};
    struct rows r;
    cr_assert_eq(store_list(st, &entity_audit, &q, &arena, &r, &err), ERR_OK, "%s", err.msg);
    const struct audit_event *ev = r.items;
    size_t events = 0;
    for (size_t i = 0; i < r.n; i++) {
        if (ev[i].at == s.now) {
            events++;
            cr_assert_str_eq(ev[i].entity, "checkin");
            cr_assert_eq(ev[i].entity_id, ck.id);
            cr_assert_eq(ev[i].actor_id, c.member);
            cr_assert_str_eq(ev[i].summary, before.title);
        }
    }
    cr_assert_eq(events, 1);
    /* Someone else's key result that the member can see but not change: refused, nothing
     * written. */
    struct checkin other = ck;
    other.id = 0;
    other.kr_id = c.kr; /* the top person's, public */
    cr_assert_eq(svc_checkin(&s, &other, false, &err), ERR_FORBIDDEN, "%s", err.msg);
}
