/* The policy answers the same whether it looks relations up per record or loads them once
 * (policy_load_relations): every actor x every objective x read and write, on a real SQLite
 * file with a manager chain, a team tree, leads and memberships. */
#include "service/policy.h"
#include "store/store.h"

#include <criterion/criterion.h>


#include <stdlib.h>
#include <unistd.h>

static char path[] = "/tmp/okr-policy-XXXXXX";
static struct store *st;
static struct arena arena;
static int64_t tenant;

static int64_t put(const struct entity *e, void *obj)
{
    struct err err = {0};
    cr_assert_eq(store_insert(st, e, obj, &err), ERR_OK, "%s: %s", e->name, err.msg);
    return meta_get_i64(meta_field(e, "id"), obj);
}

static int64_t user(const char *email, int64_t manager)
{
    struct user u;
    meta_init(&entity_user, &u);
    u.tenant_id = tenant;
    u.name = email;
    u.email = email;
    u.role = ROLE_MEMBER;
    u.manager_id = manager;
    u.active = 1;
    return put(&entity_user, &u);
}

static int64_t team(const char *name, int64_t parent, int64_t lead)
{
    struct team t;
    meta_init(&entity_team, &t);
    t.tenant_id = tenant;
    t.name = name;
    t.parent_id = parent;
    t.lead_id = lead;
    return put(&entity_team, &t);
}

static void join(int64_t t, int64_t u)
{
    struct membership m = {.tenant_id = tenant, .team_id = t, .user_id = u};
    put(&entity_membership, &m);
}

static void setup(void)
{
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    struct err err = {0};
    cr_assert_eq(store_open(path, &st, &err), ERR_OK, "%s", err.msg);
    arena_init(&arena, 0);
    cr_assert_eq(store_begin(st, true, &err), ERR_OK);
    struct tenant t;
    meta_init(&entity_tenant, &t);
    t.name = "Acme";
    tenant = put(&entity_tenant, &t);
}

static void teardown(void)
{
    store_rollback(st);
    store_close(st);
    arena_free(&arena);
    unlink(path);
}

TestSuite(policy, .init = setup, .fini = teardown);

Test(policy, relations_loaded_once_answer_like_lookups_per_record)
{
    int64_t ceo = user("ceo@x.example", 0), vp = user("vp@x.example", ceo),
            mgr = user("mgr@x.example", vp), ann = user("ann@x.example", mgr),
            bob = user("bob@x.example", mgr), cat = user("cat@x.example", vp),
            dan = user("dan@x.example", 0), eve = user("eve@x.example", dan);
    int64_t users[] = {ceo, vp, mgr, ann, bob, cat, dan, eve};
    int64_t dept = team("Dept", 0, vp), sales = team("Sales", dept, mgr),
            ops = team("Ops", 0, dan), east = team("East", sales, 0);
    join(sales, ann);
    join(sales, bob);
    join(east, cat);
    join(ops, eve);
    join(ops, ann);
    struct cycle cy;
    meta_init(&entity_cycle, &cy);
    cy.tenant_id = tenant;
    cy.name = "Q";
    cy.start = 1;
    cy.end = 90;
    int64_t cycle = put(&entity_cycle, &cy);

    /* Objectives of every owner kind and visibility. */
    struct objective objs[64];
    size_t n = 0;
    int64_t owners_user[] = {ann, bob, cat, eve, mgr, 0, 0, 0, 0};
    int64_t owners_team[] = {0, 0, 0, 0, 0, sales, east, ops, 0};
    for (size_t k = 0; k < sizeof owners_user / sizeof owners_user[0]; k++) {
        for (int vis = VIS_PUBLIC; vis <= VIS_PRIVATE; vis++) {
            struct objective *o = &objs[n++];
            meta_init(&entity_objective, o);
            o->tenant_id = tenant;
            o->cycle_id = cycle;
            o->title = "o";
            o->owner_user_id = owners_user[k];
            o->owner_team_id = owners_team[k];
            o->visibility = vis;
            o->weight = 1;
            put(&entity_objective, o);
        }
    }

    int checked = 0;
    for (size_t a = 0; a < sizeof users / sizeof users[0]; a++) {
        struct svc per_record = {.st = st, .a = &arena, .tenant_id = tenant,
                                 .actor = {.user_id = users[a]}};
        struct svc loaded = per_record;
        struct err err = {0};
        cr_assert_eq(policy_load_relations(&loaded, &err), ERR_OK, "%s", err.msg);
        cr_assert_not_null(loaded.rel);
        for (size_t i = 0; i < n; i++) {
            for (int action = POLICY_READ; action <= POLICY_WRITE; action++) {
                struct err e1, e2;
                enum err_code slow = policy_check(&per_record, action, &entity_objective, &objs[i],
                                                  &e1);
                enum err_code fast = policy_check(&loaded, action, &entity_objective, &objs[i],
                                                  &e2);
                cr_expect_eq(slow, fast, "actor %zu, objective %zu (user %lld team %lld vis %d), "
                             "action %d: per record %d, loaded %d",
                             a, i, (long long)objs[i].owner_user_id,
                             (long long)objs[i].owner_team_id, objs[i].visibility, action, slow,
                             fast);
                checked++;
            }
        }
    }
    cr_assert_eq(checked, 8 * 27 * 2);
    /* A sanity anchor, so the two paths cannot agree on "nothing is visible": the CEO manages
     * everyone under the VP, so sees ann's private objective; dan does not. */
    struct svc as_ceo = {.st = st, .a = &arena, .tenant_id = tenant, .actor = {.user_id = ceo}};
    struct svc as_dan = {.st = st, .a = &arena, .tenant_id = tenant, .actor = {.user_id = dan}};
    struct err err;
    cr_expect_eq(policy_check(&as_ceo, POLICY_READ, &entity_objective, &objs[2], &err), ERR_OK);
    cr_expect_neq(policy_check(&as_dan, POLICY_READ, &entity_objective, &objs[2], &err), ERR_OK);
}

Test(policy, dossier_only_for_the_person_their_manager_chain_and_admins)
{
    int64_t ceo = user("ceo@x", 0), head = user("head@x", ceo), peer = user("peer@x", ceo);
    int64_t lead = user("lead@x", head), me = user("me@x", lead), mate = user("mate@x", lead);
    int64_t sales = team("Sales", 0, lead);
    join(sales, me);
    join(sales, mate);
    struct {
        int64_t who;
        bool admin, allowed;
    } cases[] = {
        {me, false, true},    {lead, false, true},  {head, false, true}, {ceo, false, true},
        {mate, false, false}, {peer, false, false}, {0, false, false},   {mate, true, true},
    };
    for (int loaded = 0; loaded < 2; loaded++) {
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            struct svc s = {.st = st, .a = &arena, .tenant_id = tenant,
                            .actor = {.user_id = cases[i].who, .admin = cases[i].admin}};
            struct err err = {0};
            if (loaded) {
                cr_assert_eq(policy_load_relations(&s, &err), ERR_OK);
            }
            enum err_code rc = policy_dossier(&s, me, &err);
            cr_assert_eq(rc, cases[i].allowed ? ERR_OK : ERR_FORBIDDEN, "case %zu (loaded %d)",
                         i, loaded);
        }
    }
    struct svc op = {.st = st, .a = &arena, .tenant_id = tenant, .actor = {.system = true}};
    struct err err = {0};
    cr_assert_eq(policy_dossier(&op, me, &err), ERR_OK, "the operator");
}
