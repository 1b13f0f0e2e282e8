/* Unit tests for domain/rules: cycle and request state machines, closing and change rules, the
 * take-on draft, alignment cycles and depth, and validate_record for every entity rule. */
#include "core/timefmt.h"
#include "domain/meta.h"
#include "domain/rules.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

/* ---- helpers: valid records built through meta_init, then changed by each test ---- */

static struct cycle valid_cycle(void)
{
    struct cycle c;
    meta_init(&entity_cycle, &c);
    c.tenant_id = 1;
    c.name = "2026 Q1";
    c.start = date_from_ymd(2026, 1, 1);
    c.end = date_from_ymd(2026, 3, 31);
    c.kind = CYCLE_QUARTER;
    return c;
}

static struct objective valid_objective(void)
{
    struct objective o;
    meta_init(&entity_objective, &o);
    o.tenant_id = 1;
    o.id = 10;
    o.cycle_id = 3;
    o.title = "Become the default choice for mid-market teams";
    o.weight = 1.0;
    return o;
}

static struct key_result valid_kr(void)
{
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    kr.tenant_id = 1;
    kr.id = 20;
    kr.objective_id = 10;
    kr.title = "Raise weekly active teams from 100 to 250";
    kr.type = KR_METRIC;
    kr.direction = DIR_INCREASE;
    kr.start = 100;
    kr.target = 250;
    kr.current = 120;
    kr.confidence = 0.6;
    return kr;
}

static struct kpi valid_kpi(void)
{
    struct kpi k;
    meta_init(&entity_kpi, &k);
    k.tenant_id = 1;
    k.name = "Uptime";
    k.unit = "%";
    k.direction = DIR_AT_LEAST;
    k.threshold = 99.9;
    return k;
}

static struct request valid_request(void)
{
    struct request r;
    meta_init(&entity_request, &r);
    r.tenant_id = 1;
    r.id = 30;
    r.from_user_id = 2;
    r.to_user_id = 3;
    r.objective_id = 10;
    r.state = REQ_PENDING;
    return r;
}

static struct comment valid_comment(void)
{
    struct comment c;
    meta_init(&entity_comment, &c);
    c.tenant_id = 1;
    c.objective_id = 10;
    c.body = "Looks good.\nShip it.";
    return c;
}

static struct user valid_user(void)
{
    struct user u;
    meta_init(&entity_user, &u);
    u.tenant_id = 1;
    u.name = "Ada";
    u.email = "ada@example.com";
    u.role = ROLE_MEMBER;
    u.active = 1;
    return u;
}

/* Runs validate_record and checks the outcome: ERR_OK (field NULL) or ERR_INVALID on field. */
static void expect_valid(const struct entity *e, const void *obj, const char *field,
                         const char *what)
{
    struct err err;
    err_clear(&err);
    enum err_code rc = validate_record(e, obj, &err);
    if (!field) {
        cr_expect_eq(rc, ERR_OK, "%s: want ok, got %s on %s: %s", what, err_code_name(rc),
                     err.field, err.msg);
        return;
    }
    cr_expect_eq(rc, ERR_INVALID, "%s: want invalid %s, got %s", what, field, err_code_name(rc));
    cr_expect_eq(err.code, ERR_INVALID, "%s", what);
    cr_expect_str_eq(err.field, field, "%s: field %s, msg %s", what, err.field, err.msg);
    cr_expect_neq(err.msg[0], '\0', "%s: empty message", what);
}

/* ---- cycle transitions ---- */

Test(rules, cycle_transitions_all_pairs)
{
    /* allowed[from][to] */
    static const int allowed[4][4] = {
        [CYCLE_PLANNING] = {[CYCLE_ACTIVE] = 1},
        [CYCLE_ACTIVE] = {[CYCLE_GRADING] = 1},
        [CYCLE_GRADING] = {[CYCLE_ACTIVE] = 1, [CYCLE_CLOSED] = 1},
        [CYCLE_CLOSED] = {0},
    };
    int n_ok = 0;
    for (int from = 0; from < 4; from++) {
        for (int to = 0; to < 4; to++) {
            struct err err;
            err_clear(&err);
            enum err_code rc =
                cycle_transition_check((enum cycle_state)from, (enum cycle_state)to, &err);
            if (allowed[from][to]) {
                n_ok++;
                cr_expect_eq(rc, ERR_OK, "%d -> %d should be allowed: %s", from, to, err.msg);
            } else {
                cr_expect_eq(rc, ERR_CONFLICT, "%d -> %d should be refused", from, to);
                cr_expect_str_eq(err.field, "state", "%d -> %d", from, to);
                cr_expect_neq(err.msg[0], '\0');
            }
        }
    }
    cr_expect_eq(n_ok, 4);
}

Test(rules, cycle_transition_messages)
{
    struct err err;
    err_clear(&err);
    cycle_transition_check(CYCLE_PLANNING, CYCLE_CLOSED, &err);
    cr_expect(strstr(err.msg, "planning") && strstr(err.msg, "closed"), "%s", err.msg);
    err_clear(&err);
    cycle_transition_check(CYCLE_CLOSED, CYCLE_ACTIVE, &err);
    cr_expect(strstr(err.msg, "closed") != NULL, "%s", err.msg);
}

/* ---- closing a cycle ---- */

Test(rules, close_all_scored)
{
    struct objective objs[3] = {valid_objective(), valid_objective(), valid_objective()};
    objs[0].final_score = 1.0;
    objs[1].final_score = 0.0;
    objs[1].postmortem = "The supplier failed us";
    objs[2].final_score = 0.6;
    objs[2].kind = KIND_ASPIRATIONAL; /* 0.6 is about what an aspiration scores */
    struct err err;
    err_clear(&err);
    cr_expect_eq(cycle_close_check(objs, 3, &err), ERR_OK, "%s", err.msg);
    cr_expect_eq(cycle_close_check(NULL, 0, &err), ERR_OK);
}

Test(rules, close_names_the_first_unscored)
{
    struct objective objs[3] = {valid_objective(), valid_objective(), valid_objective()};
    objs[0].title = "Scored";
    objs[0].final_score = 1.0;
    objs[1].title = "提升客户满意度";
    objs[2].title = "Also unscored";
    struct err err;
    err_clear(&err);
    cr_assert_eq(cycle_close_check(objs, 3, &err), ERR_CONFLICT);
    cr_expect_str_eq(err.field, "final_score");
    cr_expect(strstr(err.msg, "提升客户满意度") != NULL, "%s", err.msg);
    cr_expect(strstr(err.msg, "Also unscored") == NULL, "%s", err.msg);
}

/* A committed objective under 1.0 says why before the cycle closes on it (its post-mortem could
 * not be written after); an aspirational one, one at 1.0 and a dropped one need none. */
Test(rules, close_needs_the_post_mortems)
{
    struct objective objs[4] = {valid_objective(), valid_objective(), valid_objective(),
                                valid_objective()};
    objs[0].final_score = 1.0;
    objs[1].final_score = 0.6;
    objs[1].kind = KIND_ASPIRATIONAL;
    objs[2].final_score = 0.2;
    objs[2].state = OBJ_DROPPED;
    objs[3].id = 44;
    objs[3].title = "交付新产线";
    objs[3].final_score = 0.6;
    objs[3].postmortem = " \n";
    struct err err;
    err_clear(&err);
    cr_assert_eq(cycle_close_check(objs, 4, &err), ERR_CONFLICT);
    cr_expect_str_eq(err.field, "postmortem");
    cr_expect(strstr(err.msg, "44") && strstr(err.msg, "交付新产线"), "%s", err.msg);
    cr_expect_eq(err.id, 44, "the error names the objective for the fronts");
    objs[3].postmortem = "设备晚到六周";
    cr_expect_eq(cycle_close_check(objs, 4, &err), ERR_OK, "%s", err.msg);
}

Test(rules, close_exempts_dropped)
{
    struct objective objs[2] = {valid_objective(), valid_objective()};
    objs[0].state = OBJ_DROPPED;
    objs[1].final_score = 1.0;
    struct err err;
    err_clear(&err);
    cr_expect_eq(cycle_close_check(objs, 2, &err), ERR_OK, "%s", err.msg);
    /* Draft and active objectives are not exempt. */
    objs[1].final_score = NAN;
    objs[1].state = OBJ_DRAFT;
    cr_expect_eq(cycle_close_check(objs, 2, &err), ERR_CONFLICT);
    objs[1].state = OBJ_ACTIVE;
    cr_expect_eq(cycle_close_check(objs, 2, &err), ERR_CONFLICT);
}

/* ---- what a cycle allows ---- */

Test(rules, cycle_allows_all_states_and_changes)
{
    /* allowed[state][change] for CHANGE_OKR, CHANGE_CHECKIN, CHANGE_SCORE, CHANGE_COMMENT */
    static const int allowed[4][4] = {
        [CYCLE_PLANNING] = {1, 1, 0, 1},
        [CYCLE_ACTIVE] = {1, 1, 1, 1},
        [CYCLE_GRADING] = {0, 0, 1, 1},
        [CYCLE_CLOSED] = {0, 0, 0, 0},
    };
    for (int s = 0; s < 4; s++) {
        for (int c = 0; c < 4; c++) {
            struct err err;
            err_clear(&err);
            enum err_code rc = cycle_allows((enum cycle_state)s, (enum cycle_change)c, &err);
            if (allowed[s][c]) {
                cr_expect_eq(rc, ERR_OK, "state %d change %d: %s", s, c, err.msg);
            } else {
                cr_expect_eq(rc, ERR_CONFLICT, "state %d change %d", s, c);
                cr_expect_str_eq(err.field, "cycle", "state %d change %d", s, c);
                cr_expect_neq(err.msg[0], '\0');
            }
        }
    }
}

/* ---- take-on requests ---- */

Test(rules, request_transitions_all_pairs)
{
    for (int from = 0; from < 4; from++) {
        for (int to = 0; to < 4; to++) {
            int ok = from == REQ_PENDING && to != REQ_PENDING;
            struct err err;
            err_clear(&err);
            enum err_code rc =
                request_transition_check((enum request_state)from, (enum request_state)to, &err);
            if (ok) {
                cr_expect_eq(rc, ERR_OK, "%d -> %d: %s", from, to, err.msg);
            } else {
                cr_expect_eq(rc, ERR_CONFLICT, "%d -> %d should be refused", from, to);
                cr_expect_str_eq(err.field, "state");
                cr_expect_neq(err.msg[0], '\0');
            }
        }
    }
}

static struct objective takeon_source(void)
{
    struct objective src = valid_objective();
    src.tenant_id = 7;
    src.id = 40;
    src.cycle_id = 5;
    src.owner_user_id = 2;
    src.owner_team_id = 0;
    src.title = "打造行业领先的客户体验";
    src.description = "Why this matters";
    src.kind = KIND_ASPIRATIONAL;
    src.visibility = VIS_PRIVATE;
    src.state = OBJ_ACTIVE;
    src.theme_id = 8;
    src.kpi_id = 9;
    src.parent_objective_id = 1;
    src.self_score = 0.5;
    src.weight = 3.0;
    return src;
}

Test(rules, takeon_draft_from_objective)
{
    struct objective src = takeon_source();
    struct request r = valid_request();
    r.tenant_id = 7;
    r.from_user_id = 2;
    r.to_user_id = 6;
    r.objective_id = src.id;
    struct objective out;
    memset(&out, 0x5a, sizeof out);
    takeon_draft(&r, &src, NULL, 1700000000, &out);

    cr_expect_eq(out.tenant_id, 7);
    cr_expect_eq(out.id, 0);
    cr_expect_str_eq(out.title, src.title);
    cr_expect_eq(out.title, src.title, "text points into the source");
    cr_expect_eq(out.parent_objective_id, 40);
    cr_expect_eq(out.parent_kr_id, 0);
    cr_expect_eq(out.owner_user_id, 6);
    cr_expect_eq(out.owner_team_id, 0);
    cr_expect_eq(out.cycle_id, 5);
    cr_expect_eq(out.state, OBJ_DRAFT);
    cr_expect_eq(out.kind, KIND_ASPIRATIONAL);
    cr_expect_eq(out.visibility, VIS_PRIVATE);
    cr_expect_eq(out.created, 1700000000);
    cr_expect_eq(out.updated, 1700000000);
    cr_expect_eq(out.version, 0);
    cr_expect_eq(out.theme_id, 0);
    cr_expect_eq(out.kpi_id, 0);
    cr_expect_float_eq(out.weight, 1.0, 1e-12, "the default weight, not the source's");
    cr_expect_str_eq(out.description, "");
    cr_expect(isnan(out.self_score) && isnan(out.manager_score) && isnan(out.final_score));

    /* The draft is a valid record that passes alignment to its source. */
    struct err err;
    err_clear(&err);
    cr_expect_eq(validate_record(&entity_objective, &out, &err), ERR_OK, "%s: %s", err.field,
                 err.msg);
}

Test(rules, takeon_draft_from_key_result)
{
    struct objective src = takeon_source();
    src.kind = KIND_COMMITTED;
    src.visibility = VIS_TEAM;
    struct key_result kr = valid_kr();
    kr.id = 77;
    kr.objective_id = src.id;
    kr.title = "NPS 从 30 提升到 50";
    struct request r = valid_request();
    r.tenant_id = 7;
    r.to_user_id = 9;
    r.objective_id = 0;
    r.kr_id = kr.id;
    struct objective out;
    memset(&out, 0x5a, sizeof out);
    takeon_draft(&r, &src, &kr, 42, &out);

    cr_expect_str_eq(out.title, "NPS 从 30 提升到 50");
    cr_expect_eq(out.parent_kr_id, 77);
    cr_expect_eq(out.parent_objective_id, 0);
    cr_expect_eq(out.owner_user_id, 9);
    cr_expect_eq(out.owner_team_id, 0);
    cr_expect_eq(out.cycle_id, 5);
    cr_expect_eq(out.state, OBJ_DRAFT);
    cr_expect_eq(out.kind, KIND_COMMITTED);
    cr_expect_eq(out.visibility, VIS_TEAM);
    cr_expect_eq(out.created, 42);
    cr_expect_eq(out.updated, 42);
    struct err err;
    err_clear(&err);
    cr_expect_eq(validate_record(&entity_objective, &out, &err), ERR_OK, "%s: %s", err.field,
                 err.msg);
}

/* ---- alignment ---- */

struct graph {
    int64_t parent[200];
    int calls;
};

static int64_t graph_parent(void *ctx, int64_t id)
{
    struct graph *g = ctx;
    g->calls++;
    cr_assert(id > 0 && id < 200, "asked for id %lld", (long long)id);
    return g->parent[id];
}

static enum err_code align(struct graph *g, int64_t self, int64_t new_parent, struct err *err)
{
    err_clear(err);
    return alignment_check(self, new_parent, graph_parent, g, err);
}

/* A chain new_parent=1 -> 2 -> ... -> len, with len's parent 0. */
static void graph_chain(struct graph *g, int len)
{
    memset(g, 0, sizeof *g);
    for (int i = 1; i < len; i++) {
        g->parent[i] = i + 1;
    }
}

Test(rules, align_no_parent_passes)
{
    struct graph g;
    struct err err;
    memset(&g, 0, sizeof g);
    cr_expect_eq(align(&g, 5, 0, &err), ERR_OK);
}

Test(rules, align_to_self_fails)
{
    struct graph g;
    struct err err;
    memset(&g, 0, sizeof g);
    cr_expect_eq(align(&g, 5, 5, &err), ERR_INVALID);
    cr_expect_str_eq(err.field, "parent");
}

Test(rules, align_two_cycle_fails, .timeout = 10)
{
    struct graph g;
    struct err err;
    memset(&g, 0, sizeof g);
    g.parent[2] = 1; /* 2 already aligns to 1; 1 may not align to 2 */
    cr_expect_eq(align(&g, 1, 2, &err), ERR_INVALID);
    cr_expect_str_eq(err.field, "parent");
}

Test(rules, align_three_cycle_fails, .timeout = 10)
{
    struct graph g;
    struct err err;
    memset(&g, 0, sizeof g);
    g.parent[2] = 3;
    g.parent[3] = 1;
    cr_expect_eq(align(&g, 1, 2, &err), ERR_INVALID);
    cr_expect_str_eq(err.field, "parent");
}

Test(rules, align_legal_chain_passes)
{
    struct graph g;
    struct err err;
    graph_chain(&g, 10);
    cr_expect_eq(align(&g, 100, 1, &err), ERR_OK, "%s", err.msg);
    cr_expect_eq(g.calls, 10, "walks the whole chain: %d calls", g.calls);
    /* A tree with a sibling of self above: still legal. */
    memset(&g, 0, sizeof g);
    g.parent[2] = 3;
    g.parent[4] = 3;
    cr_expect_eq(align(&g, 4, 2, &err), ERR_OK, "%s", err.msg);
}

Test(rules, align_depth_limit)
{
    struct graph g;
    struct err err;
    graph_chain(&g, 64);
    cr_expect_eq(align(&g, 100, 1, &err), ERR_OK, "64 levels pass: %s", err.msg);
    graph_chain(&g, 65);
    cr_expect_eq(align(&g, 100, 1, &err), ERR_INVALID, "65 levels are too deep");
    cr_expect_str_eq(err.field, "parent");
}

Test(rules, align_chain_of_70_is_too_deep, .timeout = 10)
{
    struct graph g;
    struct err err;
    graph_chain(&g, 70);
    cr_expect_eq(align(&g, 100, 1, &err), ERR_INVALID);
    cr_expect_str_eq(err.field, "parent");
    cr_expect(g.calls <= 65, "stops at the limit: %d calls", g.calls);
}

Test(rules, align_loop_above_terminates, .timeout = 10)
{
    /* Corrupt data: 1 <-> 2 loop that does not pass through self. */
    struct graph g;
    struct err err;
    memset(&g, 0, sizeof g);
    g.parent[1] = 2;
    g.parent[2] = 1;
    cr_expect_eq(align(&g, 100, 1, &err), ERR_INVALID);
    cr_expect_str_eq(err.field, "parent");
}

/* ---- validate_record ---- */

Test(rules, validate_cycle)
{
    struct cycle c = valid_cycle();
    expect_valid(&entity_cycle, &c, NULL, "valid cycle");
    c.end = c.start;
    expect_valid(&entity_cycle, &c, NULL, "one-day cycle");
    c.end = c.start - 1;
    expect_valid(&entity_cycle, &c, "end", "end before start");
    c = valid_cycle();
    c.name = "2026年第1季度";
    expect_valid(&entity_cycle, &c, NULL, "Chinese name");
}

Test(rules, validate_runs_meta_check_first)
{
    struct cycle c = valid_cycle();
    c.end = c.start - 1;
    c.name = "";
    expect_valid(&entity_cycle, &c, "name", "descriptor error comes first");
    c = valid_cycle();
    c.start = DATE_NONE;
    expect_valid(&entity_cycle, &c, "start", "missing start");
}

Test(rules, validate_objective)
{
    struct objective o = valid_objective();
    expect_valid(&entity_objective, &o, NULL, "company objective");
    o.title = "成为中型企业团队的首选";
    expect_valid(&entity_objective, &o, NULL, "Chinese title");
    o.owner_user_id = 4;
    expect_valid(&entity_objective, &o, NULL, "user-owned");
    o.owner_team_id = 5;
    expect_valid(&entity_objective, &o, "owner", "two owners");
    o.owner_user_id = 0;
    expect_valid(&entity_objective, &o, NULL, "team-owned");
    o.parent_objective_id = 11;
    expect_valid(&entity_objective, &o, NULL, "parent objective");
    o.parent_kr_id = 12;
    expect_valid(&entity_objective, &o, "parent", "two parents");
    o.parent_objective_id = 0;
    expect_valid(&entity_objective, &o, NULL, "parent key result");
}

Test(rules, validate_rejects_bad_utf8_through_meta_check)
{
    const char *bad[] = {
        "\xff",             /* never UTF-8 */
        "ab\xe4\xb8",       /* truncated 3-byte sequence */
        "\xc0\xaf",         /* overlong '/' */
        "\xed\xa0\x80",     /* surrogate */
        "title\x01",        /* control character */
        "\xe6\x88\x90\x80", /* stray continuation byte */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct objective o = valid_objective();
        o.title = bad[i];
        expect_valid(&entity_objective, &o, "title", "bad UTF-8 objective title");
        struct key_result kr = valid_kr();
        kr.title = bad[i];
        expect_valid(&entity_key_result, &kr, "title", "bad UTF-8 KR title");
    }
}

Test(rules, validate_key_result_metric)
{
    struct key_result kr = valid_kr();
    expect_valid(&entity_key_result, &kr, NULL, "increase 100 -> 250");
    kr.title = "月活跃用户从 100 万提升到 250 万";
    expect_valid(&entity_key_result, &kr, NULL, "Chinese title");
    kr.target = kr.start;
    expect_valid(&entity_key_result, &kr, "target", "increase with start == target");
    kr.target = 50;
    expect_valid(&entity_key_result, &kr, "target", "increase with target below start");

    kr.direction = DIR_DECREASE;
    expect_valid(&entity_key_result, &kr, NULL, "decrease 100 -> 50");
    kr.target = 100;
    expect_valid(&entity_key_result, &kr, "target", "decrease with start == target");
    kr.target = 150;
    expect_valid(&entity_key_result, &kr, "target", "decrease with target above start");
}

Test(rules, validate_key_result_hold_directions)
{
    struct key_result kr = valid_kr();
    const int dirs[] = {DIR_AT_LEAST, DIR_AT_MOST};
    const double targets[] = {100, 50, 150};
    for (size_t d = 0; d < 2; d++) {
        for (size_t t = 0; t < 3; t++) {
            kr.direction = dirs[d];
            kr.target = targets[t];
            expect_valid(&entity_key_result, &kr, NULL, "at_least/at_most any target");
        }
    }
}

Test(rules, validate_key_result_milestone)
{
    struct key_result kr = valid_kr();
    kr.type = KR_MILESTONE;
    kr.start = 0;
    kr.target = 1;
    kr.current = 0;
    expect_valid(&entity_key_result, &kr, NULL, "milestone 0 -> 1");
    kr.direction = DIR_DECREASE; /* direction does not matter for a milestone */
    expect_valid(&entity_key_result, &kr, NULL, "milestone with another direction");
    kr.start = 0.5;
    expect_valid(&entity_key_result, &kr, "start", "milestone start 0.5");
    kr.start = 0;
    kr.target = 2;
    expect_valid(&entity_key_result, &kr, "target", "milestone target 2");
    kr.target = 0;
    expect_valid(&entity_key_result, &kr, "target", "milestone target 0");
}

Test(rules, validate_key_result_descriptors)
{
    struct key_result kr = valid_kr();
    kr.confidence = 1.5;
    expect_valid(&entity_key_result, &kr, "confidence", "confidence over 1");
    kr = valid_kr();
    kr.target = INFINITY;
    expect_valid(&entity_key_result, &kr, "target", "infinite target");
    kr = valid_kr();
    kr.weight = 0.4;
    expect_valid(&entity_key_result, &kr, NULL, "explicit weight");
    kr.weight = 1.2;
    expect_valid(&entity_key_result, &kr, "weight", "weight over 1");
}

Test(rules, validate_kpi)
{
    struct kpi k = valid_kpi();
    expect_valid(&entity_kpi, &k, NULL, "at_least KPI");
    k.direction = DIR_AT_MOST;
    expect_valid(&entity_kpi, &k, NULL, "at_most KPI");
    k.direction = DIR_INCREASE;
    expect_valid(&entity_kpi, &k, "direction", "increase KPI");
    k.direction = DIR_DECREASE;
    expect_valid(&entity_kpi, &k, "direction", "decrease KPI");
    k.direction = 9;
    expect_valid(&entity_kpi, &k, "direction", "unknown direction");
}

Test(rules, validate_request)
{
    struct request r = valid_request();
    expect_valid(&entity_request, &r, NULL, "from an objective");
    r.objective_id = 0;
    r.kr_id = 20;
    expect_valid(&entity_request, &r, NULL, "from a key result");
    r.objective_id = 10;
    expect_valid(&entity_request, &r, "source", "two sources");
    r.objective_id = 0;
    r.kr_id = 0;
    expect_valid(&entity_request, &r, "source", "no source");
    r = valid_request();
    r.to_user_id = r.from_user_id;
    expect_valid(&entity_request, &r, "to_user_id", "to oneself");
    r.message = "请承接这个关键结果";
    expect_valid(&entity_request, &r, "to_user_id", "still to oneself");
    r = valid_request();
    r.message = "请承接这个关键结果";
    expect_valid(&entity_request, &r, NULL, "Chinese message");
}

Test(rules, validate_comment)
{
    struct comment c = valid_comment();
    expect_valid(&entity_comment, &c, NULL, "on an objective");
    c.objective_id = 0;
    c.kr_id = 20;
    expect_valid(&entity_comment, &c, NULL, "on a key result");
    c.objective_id = 10;
    expect_valid(&entity_comment, &c, "target", "on both");
    c.objective_id = 0;
    c.kr_id = 0;
    expect_valid(&entity_comment, &c, "target", "on nothing");
}

Test(rules, validate_user_email)
{
    const char *good[] = {"ada@example.com", "a.b+tag@mail.example.org", "x@y.z", "张三@例子.中国"};
    const char *bad[] = {
        "ada.example.com", "a@b@example.com",         "@example.com", "ada@example", "ada@.com",
        "ada@example.",    "ada lovelace@example.com"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct user u = valid_user();
        u.email = good[i];
        expect_valid(&entity_user, &u, NULL, good[i]);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct user u = valid_user();
        u.email = bad[i];
        expect_valid(&entity_user, &u, "email", bad[i]);
    }
    struct user u = valid_user();
    u.email = "";
    expect_valid(&entity_user, &u, "email", "empty email");
    u = valid_user();
    u.name = "";
    expect_valid(&entity_user, &u, "name", "no name");
}

Test(rules, validate_descriptor_only_entities)
{
    struct theme th;
    meta_init(&entity_theme, &th);
    th.title = "国际化";
    expect_valid(&entity_theme, &th, NULL, "theme");
    th.title = "";
    expect_valid(&entity_theme, &th, "title", "theme without title");

    struct team tm;
    meta_init(&entity_team, &tm);
    tm.name = "Platform";
    expect_valid(&entity_team, &tm, NULL, "team");
    tm.name = "\xff";
    expect_valid(&entity_team, &tm, "name", "team with bad UTF-8");

    struct membership m;
    meta_init(&entity_membership, &m);
    m.team_id = 1;
    m.user_id = 2;
    expect_valid(&entity_membership, &m, NULL, "membership");
    m.team_id = 0;
    expect_valid(&entity_membership, &m, "team_id", "membership without team");

    struct initiative in;
    meta_init(&entity_initiative, &in);
    in.kr_id = 20;
    in.title = "Run a pricing experiment";
    expect_valid(&entity_initiative, &in, NULL, "initiative");
    in.state = 7;
    expect_valid(&entity_initiative, &in, "state", "initiative with bad state");

    struct checkin ck;
    meta_init(&entity_checkin, &ck);
    ck.kr_id = 20;
    ck.value = 130;
    ck.confidence = 0.4;
    ck.note = "本周进展顺利\n下周继续";
    expect_valid(&entity_checkin, &ck, NULL, "checkin");
    ck.confidence = -0.1;
    expect_valid(&entity_checkin, &ck, "confidence", "checkin with bad confidence");

    struct kpi_value kv;
    meta_init(&entity_kpi_value, &kv);
    kv.kpi_id = 1;
    kv.on = date_from_ymd(2026, 2, 1);
    expect_valid(&entity_kpi_value, &kv, NULL, "kpi value");
    kv.on = DATE_NONE;
    expect_valid(&entity_kpi_value, &kv, "on", "kpi value without date");
}

Test(rules, cycle_current_is_the_shortest_cycle_under_way_containing_today)
{
    struct cycle c[4];
    for (int i = 0; i < 4; i++) {
        meta_init(&entity_cycle, &c[i]);
        c[i].id = i + 1;
        c[i].state = CYCLE_ACTIVE;
    }
    c[0].start = 0, c[0].end = 364;  /* the year */
    c[1].start = 273, c[1].end = 364; /* its fourth quarter */
    c[2].start = 273, c[2].end = 303; /* a month, but still planning */
    c[2].state = CYCLE_PLANNING;
    c[3].start = 182, c[3].end = 272; /* the third quarter, over */
    cr_assert_eq(cycle_current(c, 4, 300)->id, 2);
    cr_assert_eq(cycle_current(c, 4, 200)->id, 4);
    cr_assert_eq(cycle_current(c, 4, 364)->id, 2, "the last day still counts");
    cr_assert_null(cycle_current(c, 4, 365));
    c[1].state = CYCLE_GRADING;
    cr_assert_eq(cycle_current(c, 4, 300)->id, 2, "a quarter graded before it ends is still now");
    c[1].state = CYCLE_CLOSED;
    cr_assert_eq(cycle_current(c, 4, 300)->id, 1, "a closed one is not");
    cr_assert_null(cycle_current(c, 0, 300));
}

/* A company speaks zh-CN or en and lives in a time zone of the tz database (its form: the zone
 * files may not be installed); a person's language may be left to the company's. Checked when
 * new or changed: what an older okr stored keeps its record editable. */
Test(rules, locales_and_time_zones)
{
    struct tenant t;
    meta_init(&entity_tenant, &t);
    t.name = "Acme";
    t.locale = "en";
    t.timezone = "Asia/Shanghai";
    struct err err;
    err_clear(&err);
    cr_expect_eq(settings_check(&entity_tenant, &t, NULL, &err), ERR_OK, "%s", err.msg);
    static const char *const good[] = {
        "UTC", "GMT", "Etc/GMT+8", "America/Argentina/Buenos_Aires", "Europe/London", "US/Eastern"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        t.timezone = good[i];
        cr_expect_eq(settings_check(&entity_tenant, &t, NULL, &err), ERR_OK, "%s", good[i]);
    }
    static const char *const bad[] = {"Mars/Olympus", "Asia/", "Asia//Shanghai",
                                      "Asia/../x",    "",      "Asia/Shang hai"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t.timezone = bad[i];
        cr_expect_eq(settings_check(&entity_tenant, &t, NULL, &err), ERR_INVALID, "%s", bad[i]);
        cr_expect_str_eq(err.field, "timezone");
    }
    struct tenant stored = t; /* an older okr stored "Asia/Shang hai" */
    t.name = "Acme Ltd";
    cr_expect_eq(settings_check(&entity_tenant, &t, &stored, &err), ERR_OK, "unchanged: editable");
    t.timezone = "UTC";
    t.locale = "fr";
    cr_expect_eq(settings_check(&entity_tenant, &t, NULL, &err), ERR_INVALID);
    cr_expect_str_eq(err.field, "locale");
    struct user u;
    meta_init(&entity_user, &u);
    u.name = "Ann";
    u.email = "ann@acme.example";
    u.locale = "";
    cr_expect_eq(settings_check(&entity_user, &u, NULL, &err), ERR_OK, "%s", err.msg);
    u.locale = "xx";
    cr_expect_eq(settings_check(&entity_user, &u, NULL, &err), ERR_INVALID);
    cr_expect_str_eq(err.field, "locale");
    struct user was = u;
    u.active = 0; /* deactivating someone whose stored locale is old */
    cr_expect_eq(settings_check(&entity_user, &u, &was, &err), ERR_OK, "%s", err.msg);
}
