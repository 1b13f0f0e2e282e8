/* Unit tests for the OKR coach: every rule of domain/coach.h fires on a case written the way
 * people write OKRs and stays quiet on its near misses, in English and in Chinese; the message
 * tables are complete in both languages and follow the glossary's punctuation; the text matching
 * (normalisation, edit distance, wording lists); the report (grouping, dismissals, health
 * score); drafts; and, through a real SQLite file, the service (visibility, dismissals and their
 * permissions, a fixed number of store reads per cycle), the REST handlers and the demo company
 * (C3 fires on the key result that restates the safety KPI, not on the new-equipment
 * objective). Suite: coach. */
#include "api/api.h"
#include "api/coach_routes.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "domain/coach.h"
#include "domain/meta.h"
#include "service/coach.h"
#include "service/demo.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------------------------
 * Building inputs */

enum { MAXN = 128 };

/* One scenario: a quarter (2026 Q2, active, today 2026-05-20 noon) and the records around it. */
struct scene {
    struct arena a;
    struct tenant tenant;
    struct cycle cycle;
    struct theme themes[MAXN];
    struct objective objs[MAXN], prev_objs[MAXN], closed0[MAXN], closed1[MAXN];
    struct key_result krs[MAXN], prev_krs[MAXN];
    struct coach_activity act[MAXN];
    struct kpi kpis[MAXN];
    struct kpi_value values[MAXN];
    struct request requests[MAXN];
    struct user users[MAXN];
    struct team teams[MAXN];
    struct membership members[MAXN];
    struct finding_dismissal dismissals[MAXN];
    struct coach_input in;
    struct coach_report r;
    int64_t next_id;
};

static struct scene S;

static int64_t day(int y, int m, int d)
{
    return date_from_ymd(y, m, d);
}

static void scene_init(void)
{
    memset(&S, 0, sizeof S);
    arena_init(&S.a, 0);
    meta_init(&entity_tenant, &S.tenant);
    S.tenant.id = 1;
    S.tenant.name = "Acme";
    S.tenant.mission = "Clean water for every school";
    S.tenant.vision = "The water people trust";
    meta_init(&entity_cycle, &S.cycle);
    S.cycle.tenant_id = 1;
    S.cycle.id = 10;
    S.cycle.name = "2026 Q2";
    S.cycle.start = day(2026, 4, 1);
    S.cycle.end = day(2026, 6, 30);
    S.cycle.kind = CYCLE_QUARTER;
    S.cycle.state = CYCLE_ACTIVE;
    S.next_id = 100;
    S.in = (struct coach_input){
        .lang = COACH_EN,
        .now = day(2026, 5, 20) * 86400 + 12 * 3600,
        .today = day(2026, 5, 20),
        .program = true,
        .tenant = &S.tenant,
        .cycle = &S.cycle,
        .themes = S.themes,
        .objs = S.objs,
        .krs = S.krs,
        .prev_objs = S.prev_objs,
        .prev_krs = S.prev_krs,
        .closed_objs = {S.closed0, S.closed1},
        .kpis = S.kpis,
        .kpi_values = S.values,
        .requests = S.requests,
        .users = S.users,
        .teams = S.teams,
        .memberships = S.members,
        .dismissals = S.dismissals,
    };
    /* One theme, so that a lone objective linked to it is well placed. */
    struct theme *th = &S.themes[S.in.nthemes++];
    meta_init(&entity_theme, th);
    th->id = 1;
    th->title = "Grow in education";
    th->source = SOURCE_MARKET;
}

static void scene_fini(void)
{
    arena_free(&S.a);
}

TestSuite(coach, .init = scene_init, .fini = scene_fini);

static struct objective *add_obj(struct objective *list, size_t *n, int64_t user, int64_t team,
                                 const char *title)
{
    cr_assert_lt(*n, MAXN, "the fixture holds %d objectives", MAXN);
    struct objective *o = &list[(*n)++];
    meta_init(&entity_objective, o);
    o->tenant_id = 1;
    o->id = S.next_id++;
    o->cycle_id = S.cycle.id;
    o->owner_user_id = user;
    o->owner_team_id = user ? 0 : team;
    o->title = title;
    o->kind = KIND_COMMITTED;
    o->state = OBJ_ACTIVE;
    o->theme_id = 1;
    o->weight = 1;
    o->created = o->updated = S.in.now - 40 * 86400;
    return o;
}

/* An objective of the checked cycle, linked to the theme (so that S1/S2 stay quiet). */
static struct objective *obj(int64_t user, int64_t team, const char *title)
{
    return add_obj(S.objs, &S.in.nobjs, user, team, title);
}

static struct key_result *add_kr(struct key_result *list, size_t *n, const struct objective *o,
                                 const char *title, int type, int dir, double start, double target)
{
    cr_assert_lt(*n, MAXN, "the fixture holds %d key results", MAXN);
    struct key_result *k = &list[(*n)++];
    meta_init(&entity_key_result, k);
    k->tenant_id = 1;
    k->id = S.next_id++;
    k->objective_id = o->id;
    k->title = title;
    k->type = type;
    k->direction = dir;
    k->start = start;
    k->target = target;
    k->current = start + (target - start) * 0.6; /* on the expected line (about 55% through) */
    k->unit = type == KR_METRIC ? "%" : "";
    k->confidence = 0.7;
    k->due = S.cycle.end;
    k->created = S.in.now - 40 * 86400;
    k->updated = S.in.now - 2 * 86400;
    return k;
}

static struct key_result *kr(const struct objective *o, const char *title, double start,
                             double target)
{
    return add_kr(S.krs, &S.in.nkrs, o, title, KR_METRIC, DIR_INCREASE, start, target);
}

/* Two ordinary key results, so that F2 stays quiet. */
static void two_krs(const struct objective *o)
{
    kr(o, "Net promoter score from 30 to 45", 30, 45);
    kr(o, "Renewal rate from 80% to 90%", 80, 90);
}

/* Runs the rules with check-ins read from the key results, as the service does. */
static void run(void)
{
    for (size_t i = 0; i < S.in.nkrs; i++) {
        S.act[i] = (struct coach_activity){
            .last_checkin = S.krs[i].updated, .nconf = 1, .confidence = {S.krs[i].confidence}};
    }
    S.in.activity = S.act;
    coach_run(&S.in, &S.a, &S.r);
}

/* Runs the rules with the check-ins a test wrote into S.act. */
static void run_with_activity(void)
{
    S.in.activity = S.act;
    coach_run(&S.in, &S.a, &S.r);
}

static size_t count(enum coach_rule rule)
{
    size_t n = 0;
    for (size_t i = 0; i < S.r.n; i++) {
        n += S.r.findings[i].rule == rule;
    }
    return n;
}

static const struct coach_finding *finding(enum coach_rule rule, int64_t subject_id)
{
    for (size_t i = 0; i < S.r.n; i++) {
        if (S.r.findings[i].rule == rule && S.r.findings[i].subject_id == subject_id) {
            return &S.r.findings[i];
        }
    }
    return NULL;
}

static const char *message(const struct coach_finding *f, enum coach_lang lang)
{
    struct sb b;
    sb_init(&b);
    coach_message(f, lang, &b);
    char *s = arena_strdup(&S.a, sb_cstr(&b));
    sb_free(&b);
    return s;
}

#define FIRES(RULE, ID)                                                                            \
    cr_assert_not_null(finding(RULE, ID), #RULE " should fire on %lld", (long long)(ID))
#define QUIET(RULE, ID)                                                                            \
    cr_assert_null(finding(RULE, ID), #RULE " should not fire on %lld", (long long)(ID))

/* ---------------------------------------------------------------------------------------------
 * Strategy */

Test(coach, s1_company_objective_without_theme)
{
    struct objective *lone = obj(0, 0, "Win the education market");
    lone->theme_id = 0;
    two_krs(lone);
    struct objective *linked = obj(0, 0, "Grow revenue, profitably");
    two_krs(linked);
    struct objective *aligned = obj(0, 0, "这个季度的公司目标对齐年度目标");
    aligned->theme_id = 0;
    aligned->parent_objective_id = 9999; /* a year objective: traces through it */
    two_krs(aligned);
    run();
    FIRES(COACH_S1, lone->id);
    QUIET(COACH_S1, linked->id);
    QUIET(COACH_S1, aligned->id);
    cr_assert_eq(count(COACH_S2), 0, "S2 is for team and personal objectives");
    cr_assert_eq(finding(COACH_S1, lone->id)->severity, COACH_WARNING);
}

Test(coach, s2_personal_objective_aligned_to_nothing)
{
    struct objective *duty = obj(7, 0, "做好日常客户服务工作");
    duty->theme_id = 0;
    two_krs(duty);
    struct objective *team = obj(0, 3, "Process every invoice");
    team->theme_id = 0;
    two_krs(team);
    struct objective *taken = obj(7, 0, "让每一位学校客户都愿意推荐我们");
    taken->theme_id = 0;
    taken->parent_kr_id = 5555;
    two_krs(taken);
    struct objective *themed = obj(8, 0, "Schools choose us");
    two_krs(themed);
    run();
    FIRES(COACH_S2, duty->id);
    FIRES(COACH_S2, team->id);
    QUIET(COACH_S2, taken->id);
    QUIET(COACH_S2, themed->id);
}

Test(coach, s3_theme_without_objective_and_coverage_per_source)
{
    struct theme *th = &S.themes[S.in.nthemes++];
    meta_init(&entity_theme, th);
    th->id = 2;
    th->title = "组织能力建设";
    th->source = SOURCE_CAPABILITY;
    th->owner_id = 4;
    struct theme *th3 = &S.themes[S.in.nthemes++];
    meta_init(&entity_theme, th3);
    th3->id = 3;
    th3->title = "Team building";
    th3->source = SOURCE_CAPABILITY;
    struct objective *o = obj(0, 0, "Grow in schools"); /* theme 1 */
    two_krs(o);
    struct objective *dropped = obj(0, 0, "Build the academy");
    dropped->theme_id = 3;
    dropped->state = OBJ_DROPPED;
    run();
    QUIET(COACH_S3, 1);
    FIRES(COACH_S3, 2);
    FIRES(COACH_S3, 3); /* a dropped objective covers nothing */
    cr_assert_eq(finding(COACH_S3, 2)->owner_user_id, 4, "the theme's owner gets it");
    cr_assert_eq(S.r.coverage[SOURCE_MARKET].themes, 1);
    cr_assert_eq(S.r.coverage[SOURCE_MARKET].covered, 1);
    cr_assert_eq(S.r.coverage[SOURCE_CAPABILITY].themes, 2);
    cr_assert_eq(S.r.coverage[SOURCE_CAPABILITY].covered, 0);
    cr_assert_str_eq(message(finding(COACH_S3, 2), COACH_ZH),
                     "战略主题“组织能力建设”在本周期没有任何目标。");
}

Test(coach, s4_missing_mission_vision_or_themes)
{
    run();
    cr_assert_eq(count(COACH_S4), 0);
    S.tenant.mission = "";
    S.tenant.vision = " ";
    S.in.nthemes = 0;
    run();
    const struct coach_finding *f = finding(COACH_S4, 1);
    cr_assert_not_null(f);
    cr_assert_str_eq(message(f, COACH_EN),
                     "The company has no mission, vision or strategic themes.");
    cr_assert_str_eq(message(f, COACH_ZH), "公司尚未填写使命、愿景和战略主题。");
    S.tenant.mission = "Clean water";
    S.in.nthemes = 1;
    run();
    cr_assert_str_eq(message(finding(COACH_S4, 1), COACH_ZH), "公司尚未填写愿景。");
}

/* ---------------------------------------------------------------------------------------------
 * Focus */

Test(coach, f1_too_many_objectives_per_owner)
{
    for (int i = 0; i < 6; i++) {
        two_krs(obj(7, 0, "An objective of Ann's"));
    }
    for (int i = 0; i < 4; i++) {
        two_krs(obj(8, 0, "An objective of Bo's"));
    }
    for (int i = 0; i < 3; i++) {
        two_krs(obj(9, 0, "An objective of Cy's"));
    }
    obj(9, 0, "Dropped")->state = OBJ_DROPPED;
    S.users[0] = (struct user){.id = 7, .name = "Ann", .active = 1};
    S.in.nusers = 1;
    run();
    const struct coach_finding *ann = finding(COACH_F1, 7);
    cr_assert_not_null(ann);
    cr_assert_eq(ann->severity, COACH_WARNING);
    cr_assert_eq(ann->subject, SUBJ_USER);
    cr_assert_str_eq(message(ann, COACH_EN), "Ann has 6 objectives in this cycle.");
    cr_assert_str_eq(message(ann, COACH_ZH), "Ann在本周期有6个目标。");
    cr_assert_eq(finding(COACH_F1, 8)->severity, COACH_INFO, "4 objectives: close to the limit");
    QUIET(COACH_F1, 9); /* 3, and a dropped one does not count */
}

Test(coach, f2_key_results_count)
{
    struct objective *one = obj(7, 0, "One KR");
    kr(one, "Revenue from 1 to 2", 1, 2);
    struct objective *six = obj(7, 0, "Six KRs");
    for (int i = 0; i < 6; i++) {
        kr(six, "Some key result", 0, 10);
    }
    struct objective *two = obj(8, 0, "Two");
    two_krs(two);
    struct objective *five = obj(8, 0, "Five");
    for (int i = 0; i < 5; i++) {
        kr(five, "Some key result", 0, 10);
    }
    run();
    FIRES(COACH_F2, one->id);
    FIRES(COACH_F2, six->id);
    QUIET(COACH_F2, two->id);
    QUIET(COACH_F2, five->id);
    cr_assert_str_eq(message(finding(COACH_F2, six->id), COACH_ZH), "该目标有6个关键结果。");
    cr_assert_str_eq(message(finding(COACH_F2, one->id), COACH_EN),
                     "This objective has only 1 key result.");
    cr_assert_str_eq(message(finding(COACH_F2, one->id), COACH_ZH), "该目标只有1个关键结果。");
}

Test(coach, f3_weights_must_add_up)
{
    struct objective *off = obj(7, 0, "Off");
    kr(off, "A", 0, 1)->weight = 0.5;
    kr(off, "B", 0, 1)->weight = 0.3;
    struct objective *over = obj(7, 0, "Over");
    kr(over, "A", 0, 1)->weight = 0.8;
    kr(over, "B", 0, 1)->weight = 0.4;
    struct objective *shared = obj(8, 0, "Shared");
    kr(shared, "A", 0, 1)->weight = 0.5;
    kr(shared, "B", 0, 1); /* unset: takes what is left */
    struct objective *exact = obj(8, 0, "Exact");
    kr(exact, "A", 0, 1)->weight = 0.7;
    kr(exact, "B", 0, 1)->weight = 0.3;
    struct objective *unset = obj(9, 0, "Unset");
    two_krs(unset);
    run();
    FIRES(COACH_F3, off->id);
    FIRES(COACH_F3, over->id);
    QUIET(COACH_F3, shared->id);
    QUIET(COACH_F3, exact->id);
    QUIET(COACH_F3, unset->id);
    cr_assert_eq(finding(COACH_F3, off->id)->severity, COACH_ERROR);
    cr_assert_str_eq(message(finding(COACH_F3, off->id), COACH_EN),
                     "The weights of its key results add up to 0.8, not 1.");
}

/* ---------------------------------------------------------------------------------------------
 * Challenge */

/* An objective of the previous quarter for owner (user), with one key result. */
static struct key_result *prev_kr(int64_t user, const char *title, double start, double target,
                                  double achieved)
{
    struct objective *o = add_obj(S.prev_objs, &S.in.nprev_objs, user, 0, "Last quarter");
    o->cycle_id = 9;
    struct key_result *k =
        add_kr(S.prev_krs, &S.in.nprev_krs, o, title, KR_METRIC, DIR_INCREASE, start, target);
    k->current = achieved;
    return k;
}

Test(coach, c1_key_result_copied_from_last_cycle)
{
    prev_kr(7, "Grow weekly active teams from 100 to 200", 100, 200, 180);
    prev_kr(7, "新签学校客户从18个增加到40个", 18, 40, 33);
    prev_kr(7, "季度营收提升到2400万元", 2000, 2400, 2400);
    struct objective *o = obj(7, 0, "Schools love us");
    struct key_result *same = kr(o, "Grow weekly active teams from 150 to 200", 150, 200);
    struct key_result *zh = kr(o, "新签学校客户从20个增加到40个", 20, 40);
    struct key_result *edit = kr(o, "本季度营收提升到2400万元", 2100, 2400);
    struct objective *p = obj(7, 0, "Near misses");
    struct key_result *higher = kr(p, "Grow weekly active teams from 180 to 260", 180, 260);
    struct key_result *other = kr(p, "Cut onboarding time from 10 to 5 days", 10, 200);
    other->direction = DIR_INCREASE;
    struct objective *q = obj(8, 0, "Someone else's");
    struct key_result *colleague = kr(q, "Grow weekly active teams from 150 to 200", 150, 200);
    /* One Chinese character is a word: another region is another key result. */
    prev_kr(7, "华东区门店退货率从4%降到2%", 4, 2, 2.5);
    struct key_result *south = kr(p, "华南区门店退货率从4%降到2%", 4, 2);
    run();
    QUIET(COACH_C1, south->id);
    FIRES(COACH_C1, same->id);
    FIRES(COACH_C1, zh->id);
    FIRES(COACH_C1, edit->id); /* one character added: a small edit counts */
    QUIET(COACH_C1, higher->id);
    QUIET(COACH_C1, other->id);
    QUIET(COACH_C1, colleague->id);
    cr_assert_str_eq(message(finding(COACH_C1, zh->id), COACH_ZH),
                     "与上个周期的关键结果“新签学校客户从18个增加到40个”重复，且目标值相同。");
}

Test(coach, c1_milestones_and_key_result_owners)
{
    struct objective *po = add_obj(S.prev_objs, &S.in.nprev_objs, 0, 0, "Company, last quarter");
    struct key_result *pm = add_kr(S.prev_krs, &S.in.nprev_krs, po, "完成ERP系统上线", KR_MILESTONE,
                                   DIR_INCREASE, 0, 1);
    pm->owner_user_id = 5;
    struct objective *o = obj(7, 0, "Run on one system");
    struct key_result *m =
        add_kr(S.krs, &S.in.nkrs, o, "完成 ERP 系统上线。", KR_MILESTONE, DIR_INCREASE, 0, 1);
    m->owner_user_id = 5; /* the same person carries it again */
    struct key_result *n =
        add_kr(S.krs, &S.in.nkrs, o, "完成ERP系统上线", KR_MILESTONE, DIR_INCREASE, 0, 1);
    n->owner_user_id = 6;
    run();
    FIRES(COACH_C1, m->id);
    QUIET(COACH_C1, n->id);
    /* A milestone has no target to be the same: the message does not claim one. */
    cr_assert_str_eq(message(finding(COACH_C1, m->id), COACH_EN),
                     "Repeats last cycle's key result \"完成ERP系统上线\".");
    /* Milestones tell themselves apart by their figures: version 6 is not version 5. */
    struct key_result *v5 =
        add_kr(S.prev_krs, &S.in.nprev_krs, po, "Mobile app v5 approved by the board", KR_MILESTONE,
               DIR_INCREASE, 0, 1);
    v5->owner_user_id = 5;
    struct key_result *v6 = add_kr(S.krs, &S.in.nkrs, o, "Mobile app v6 approved by the board",
                                   KR_MILESTONE, DIR_INCREASE, 0, 1);
    v6->owner_user_id = 5;
    run();
    QUIET(COACH_C1, v6->id);
    FIRES(COACH_C1, m->id);
}

static struct key_result *zero_incidents(struct objective *o, const char *title);

Test(coach, c2_target_that_is_no_stretch)
{
    struct objective *o = obj(7, 0, "Customers stay");
    struct key_result *floor = kr(o, "Renewal rate at least 85%", 90, 85);
    floor->direction = DIR_AT_LEAST;
    struct key_result *ceiling = kr(o, "投诉不超过每月3起", 2, 3);
    ceiling->direction = DIR_AT_MOST;
    ceiling->unit = "起";
    struct key_result *stretch = kr(o, "Renewal rate at least 95%", 90, 95);
    stretch->direction = DIR_AT_LEAST;
    prev_kr(7, "Office NPS from 25 to 35", 25, 35, 40);
    prev_kr(7, "客户满意度从4.0提升到4.5", 4.0, 4.5, 4.6);
    struct key_result *below = kr(o, "Office NPS from 30 to 38", 30, 38);
    struct key_result *beyond = kr(o, "Office NPS from 40 to 48", 40, 48);
    struct key_result *zh = kr(o, "客户满意度从4.2提升到4.6", 4.2, 4.6);
    /* Holding a level is no stretch, unless the way is new (the new equipment). */
    struct key_result *hold = kr(o, "Complaints at most 2 a month", 2, 2);
    hold->direction = DIR_AT_MOST;
    struct objective *fresh = obj(7, 0, "新产线从第一天起安全运行");
    struct key_result *new_line = zero_incidents(fresh, "新产线安全事故为零");
    run();
    FIRES(COACH_C2, hold->id);
    QUIET(COACH_C2, new_line->id);
    FIRES(COACH_C2, floor->id);
    FIRES(COACH_C2, ceiling->id);
    QUIET(COACH_C2, stretch->id);
    FIRES(COACH_C2, below->id);
    QUIET(COACH_C2, beyond->id);
    FIRES(COACH_C2, zh->id);
    cr_assert_str_eq(message(finding(COACH_C2, floor->id), COACH_EN),
                     "The target 85 does not go beyond the start 90.");
    cr_assert_str_eq(message(finding(COACH_C2, below->id), COACH_EN),
                     "The target 38 does not go beyond last cycle's achieved 40.");
    cr_assert_str_eq(message(finding(COACH_C2, zh->id), COACH_ZH),
                     "目标值4.6没有超过上个周期已达到的4.6。");
    /* A key result that goes down says so: a ceiling of 3 is not under the start of 2. */
    cr_assert_str_eq(message(finding(COACH_C2, ceiling->id), COACH_ZH), "目标值3没有低于起始值2。");
    cr_assert_str_eq(message(finding(COACH_C2, ceiling->id), COACH_EN),
                     "The target 3 does not go below the start 2.");
}

/* A KPI owned by team 3 with monthly values over the last year (healthy unless bad_month). */
static struct kpi *safety_kpi(const char *name, int bad_month)
{
    struct kpi *k = &S.kpis[S.in.nkpis++];
    meta_init(&entity_kpi, k);
    k->id = 40 + (int64_t)S.in.nkpis;
    k->owner_team_id = 3;
    k->name = name;
    k->unit = "起";
    k->direction = DIR_AT_MOST;
    k->threshold = 0;
    for (int m = 1; m <= 12; m++) {
        struct kpi_value *v = &S.values[S.in.nkpi_values++];
        meta_init(&entity_kpi_value, v);
        v->kpi_id = k->id;
        /* month m back from April 2026: the last day of that month */
        int mm = 4 - m, yy = 2026;
        while (mm < 1) {
            mm += 12;
            yy--;
        }
        v->on = (mm == 12 ? day(yy + 1, 1, 1) : day(yy, mm + 1, 1)) - 1;
        v->value = m == bad_month ? 1 : 0;
    }
    return k;
}

static struct key_result *zero_incidents(struct objective *o, const char *title)
{
    struct key_result *k = kr(o, title, 0, 0);
    k->direction = DIR_AT_MOST;
    k->unit = "起";
    k->current = 0;
    return k;
}

Test(coach, c3_key_result_restating_a_healthy_kpi)
{
    safety_kpi("安全事故数", 0);
    struct objective *bau = obj(0, 3, "稳定交付，守住安全底线");
    struct key_result *zh = zero_incidents(bau, "本季度安全事故为零");
    struct objective *en_o = obj(0, 3, "Deliver steadily");
    S.kpis[0].name = "安全事故数";
    struct key_result *other = kr(en_o, "On-time delivery from 92% to 97%", 92, 97);
    struct objective *fresh = obj(0, 3, "新自动化产线从第一天起安全运行");
    struct key_result *fresh_kr = zero_incidents(fresh, "新产线安全事故为零");
    struct objective *linked = obj(0, 3, "Safety by design");
    linked->kpi_id = S.kpis[0].id;
    struct key_result *linked_kr = zero_incidents(linked, "本季度安全事故为零");
    run();
    FIRES(COACH_C3, zh->id);
    QUIET(COACH_C3, other->id);
    QUIET(COACH_C3, fresh_kr->id); /* the objective attempts something new */
    QUIET(COACH_C3, linked_kr->id);
    QUIET(COACH_C2, zh->id); /* C3 says it better */
    cr_assert_str_eq(message(finding(COACH_C3, zh->id), COACH_ZH),
                     "重复了KPI“安全事故数”，该KPI在同一阈值下已连续4个周期保持健康。");
}

Test(coach, c3_english_and_owner_and_health_conditions)
{
    safety_kpi("Safety incidents", 0);
    /* A person in team 3 restates the team's KPI. */
    S.members[S.in.nmemberships++] = (struct membership){.team_id = 3, .user_id = 7};
    struct objective *mine = obj(7, 0, "Run a safe shift");
    struct key_result *en = zero_incidents(mine, "Zero safety incidents this quarter");
    en->unit = "incidents";
    S.kpis[0].unit = "incident";
    struct objective *stranger = obj(8, 0, "Run a safe shift");
    struct key_result *outside = zero_incidents(stranger, "Zero safety incidents this quarter");
    outside->unit = "incidents";
    struct objective *first = obj(7, 0, "Safe operation of the new press");
    struct key_result *novel = zero_incidents(first, "Zero safety incidents this quarter");
    novel->unit = "incidents";
    run();
    FIRES(COACH_C3, en->id);
    QUIET(COACH_C3, outside->id); /* not a KPI of theirs */
    QUIET(COACH_C3, novel->id);
    /* A KPI that went wrong last quarter is not business as usual. */
    S.in.nkpis = 0;
    S.in.nkpi_values = 0;
    safety_kpi("Safety incidents", 2);
    S.kpis[0].unit = "incident";
    run();
    QUIET(COACH_C3, en->id);
    /* Healthy only one cycle back (bad 4-6 months ago): not yet. */
    S.in.nkpis = 0;
    S.in.nkpi_values = 0;
    safety_kpi("Safety incidents", 5);
    S.kpis[0].unit = "incident";
    run();
    QUIET(COACH_C3, en->id);
    /* ...but bad 7 months ago leaves the last two quarters healthy. */
    S.in.nkpis = 0;
    S.in.nkpi_values = 0;
    safety_kpi("Safety incidents", 7);
    S.kpis[0].unit = "incident";
    run();
    FIRES(COACH_C3, en->id);
    cr_assert_str_eq(message(finding(COACH_C3, en->id), COACH_EN),
                     "Restates the KPI \"Safety incidents\", healthy at the same threshold for the "
                     "last 2 cycles.");
    /* "First" in a measure's own name (first response time) attempts nothing new. */
    struct kpi *k = safety_kpi("First response time", 0);
    k->unit = "hours";
    k->threshold = 4;
    struct key_result *response = kr(mine, "First response time at most 4 hours", 3, 4);
    response->direction = DIR_AT_MOST;
    response->unit = "hours";
    response->current = 3;
    run();
    FIRES(COACH_C3, response->id);
}

Test(coach, c3_needs_a_key_result_that_starts_at_the_healthy_level)
{
    struct kpi *k = safety_kpi("产品一次合格率", 0);
    k->direction = DIR_AT_LEAST;
    k->threshold = 98;
    k->unit = "%";
    for (size_t i = 0; i < S.in.nkpi_values; i++) {
        S.values[i].value = 98.5;
    }
    struct objective *o = obj(0, 3, "让客户用得放心");
    struct key_result *restated = kr(o, "产品一次合格率不低于98%", 98.6, 98);
    restated->direction = DIR_AT_LEAST;
    /* Another rate that shares the words and the threshold but starts below it: an
     * improvement, not the KPI again. */
    struct key_result *incoming = kr(o, "来料一次合格率从95%提升到98%", 95, 98);
    run();
    FIRES(COACH_C3, restated->id);
    QUIET(COACH_C3, incoming->id);
}

Test(coach, c4_maintenance_wording)
{
    struct objective *keep = obj(7, 0, "Keep our customers happy");
    two_krs(keep);
    struct objective *zh = obj(7, 0, "保持华东市场份额");
    two_krs(zh);
    struct objective *fine = obj(8, 0, "Win the education market");
    struct key_result *maintain = kr(fine, "Maintain 99.9% uptime", 99.9, 99.95);
    struct key_result *usual = kr(fine, "Ensure payroll runs as usual", 0, 1);
    struct key_result *normal = kr(fine, "确保生产系统正常运行", 0, 1);
    struct key_result *daily = kr(fine, "完成日常巡检", 0, 30);
    struct key_result *continued = kr(fine, "Continue to grow the partner network", 10, 20);
    struct objective *near = obj(9, 0, "持续提升客户体验");
    struct key_result *keeper = kr(near, "Goalkeeper training for 3 coaches", 0, 3);
    struct key_result *ensure = kr(near, "确保Q5按期上线", 0, 1);
    struct key_result *cont = kr(near, "Continuous delivery for all services", 20, 100);
    /* Maintenance words that name what changes, with its figures: an improvement. */
    struct objective *better = obj(10, 0, "客户留下来");
    struct key_result *retention = kr(better, "客户保持率从80%提升到90%", 80, 90);
    struct key_result *upkeep = kr(better, "设备维护成本从每月20万元降到12万元", 20, 12);
    upkeep->direction = DIR_DECREASE;
    struct key_result *automate = kr(better, "将日常巡检100%自动化", 0, 100);
    struct key_result *active =
        kr(better, "Raise the share of users who remain active from 40% to 55%", 40, 55);
    run();
    QUIET(COACH_C4, retention->id);
    QUIET(COACH_C4, upkeep->id);
    QUIET(COACH_C4, automate->id);
    QUIET(COACH_C4, active->id);
    FIRES(COACH_C4, keep->id);
    FIRES(COACH_C4, zh->id);
    QUIET(COACH_C4, fine->id);
    FIRES(COACH_C4, maintain->id);
    FIRES(COACH_C4, usual->id);
    FIRES(COACH_C4, normal->id);
    FIRES(COACH_C4, daily->id);
    FIRES(COACH_C4, continued->id);
    QUIET(COACH_C4, near->id);
    QUIET(COACH_C4, keeper->id);
    QUIET(COACH_C4, ensure->id);
    QUIET(COACH_C4, cont->id);
    cr_assert_str_eq(message(finding(COACH_C4, zh->id), COACH_ZH),
                     "措辞是维持现状（“保持”）：属于日常工作。");
}

static struct objective *scored(struct objective *list, size_t *n, int64_t user, int kind,
                                double score)
{
    struct objective *o = add_obj(list, n, user, 0, "Scored");
    o->kind = kind;
    o->final_score = score;
    return o;
}

Test(coach, c5_aspirational_always_at_one)
{
    scored(S.closed0, &S.in.nclosed_objs[0], 7, KIND_ASPIRATIONAL, 1.0);
    scored(S.closed0, &S.in.nclosed_objs[0], 7, KIND_COMMITTED, 0.5);
    scored(S.closed1, &S.in.nclosed_objs[1], 7, KIND_ASPIRATIONAL, 1.0);
    scored(S.closed0, &S.in.nclosed_objs[0], 8, KIND_ASPIRATIONAL, 1.0);
    scored(S.closed1, &S.in.nclosed_objs[1], 8, KIND_ASPIRATIONAL, 0.7);
    scored(S.closed0, &S.in.nclosed_objs[0], 9, KIND_ASPIRATIONAL, 1.0); /* one cycle only */
    /* 10 scored 1.0 twice but sets no objectives this cycle (left, or moved on): nothing to say. */
    scored(S.closed0, &S.in.nclosed_objs[0], 10, KIND_ASPIRATIONAL, 1.0);
    scored(S.closed1, &S.in.nclosed_objs[1], 10, KIND_ASPIRATIONAL, 1.0);
    two_krs(obj(7, 0, "This cycle's"));
    two_krs(obj(8, 0, "This cycle's"));
    S.users[0] = (struct user){.id = 7, .name = "吴浩然", .active = 1};
    S.in.nusers = 1;
    run();
    FIRES(COACH_C5, 7);
    QUIET(COACH_C5, 8);
    QUIET(COACH_C5, 9);
    QUIET(COACH_C5, 10);
    cr_assert_eq(finding(COACH_C5, 7)->severity, COACH_INFO);
    cr_assert_str_eq(message(finding(COACH_C5, 7), COACH_ZH),
                     "吴浩然：挑战型目标在最近2个已结束的周期都得了1.0分。");
}

Test(coach, c6_committed_miss_without_post_mortem)
{
    S.cycle.state = CYCLE_CLOSED;
    struct objective *miss = obj(7, 0, "Ship the Q5");
    miss->final_score = 0.8;
    two_krs(miss);
    struct objective *explained = obj(7, 0, "Hire 6 engineers");
    explained->final_score = 0.5;
    explained->postmortem = "Pay band below market; fixed with the CEO.";
    two_krs(explained);
    struct objective *aspiring = obj(8, 0, "Schools love us");
    aspiring->kind = KIND_ASPIRATIONAL;
    aspiring->final_score = 0.6;
    two_krs(aspiring);
    struct objective *met = obj(8, 0, "Met");
    met->final_score = 1.0;
    two_krs(met);
    struct objective *by_manager = obj(9, 0, "Scored by the manager only");
    by_manager->manager_score = 0.7;
    two_krs(by_manager);
    run();
    FIRES(COACH_C6, miss->id);
    QUIET(COACH_C6, explained->id);
    QUIET(COACH_C6, aspiring->id);
    QUIET(COACH_C6, met->id);
    FIRES(COACH_C6, by_manager->id); /* a closed cycle takes the manager's score as final */
    cr_assert_eq(finding(COACH_C6, miss->id)->severity, COACH_ERROR);
    cr_assert_str_eq(message(finding(COACH_C6, miss->id), COACH_ZH),
                     "该承诺型目标得分0.8，但没有填写未达成原因分析。");
    /* While active, an unscored objective is not a miss. */
    S.cycle.state = CYCLE_ACTIVE;
    run();
    QUIET(COACH_C6, by_manager->id);
}

/* ---------------------------------------------------------------------------------------------
 * Measurability */

Test(coach, m1_neither_metric_with_target_nor_milestone_with_due)
{
    struct objective *o = obj(7, 0, "Be measurable");
    struct key_result *undated =
        add_kr(S.krs, &S.in.nkrs, o, "新官网上线", KR_MILESTONE, DIR_INCREASE, 0, 1);
    undated->due = DATE_NONE;
    struct key_result *dated =
        add_kr(S.krs, &S.in.nkrs, o, "New website live", KR_MILESTONE, DIR_INCREASE, 0, 1);
    struct key_result *blank = kr(o, "Improve customer satisfaction", 0, 0);
    blank->direction = DIR_AT_LEAST;
    blank->unit = "";
    struct key_result *zero = zero_incidents(o, "Zero lost-time accidents");
    run();
    FIRES(COACH_M1, undated->id);
    QUIET(COACH_M1, dated->id);
    FIRES(COACH_M1, blank->id);
    QUIET(COACH_M1, zero->id); /* at most 0, in a unit: a real target */
    cr_assert_eq(finding(COACH_M1, undated->id)->severity, COACH_ERROR);
}

Test(coach, m2_activity_without_outcome)
{
    struct objective *o = obj(7, 0, "Grow the team's skills");
    struct key_result *hold = kr(o, "Hold 6 training sessions", 0, 6);
    hold->unit = "sessions";
    struct key_result *zh = kr(o, "组织6场客户培训", 0, 6);
    zh->unit = "场";
    struct key_result *prefix = kr(o, "本季度完成50所学校的回访", 0, 50);
    prefix->unit = "所";
    struct key_result *launch =
        add_kr(S.krs, &S.in.nkrs, o, "Launch the partner portal", KR_MILESTONE, DIR_INCREASE, 0, 1);
    struct key_result *by = add_kr(S.krs, &S.in.nkrs, o, "By June, complete the ERP migration",
                                   KR_MILESTONE, DIR_INCREASE, 0, 1);
    struct key_result *outcome = kr(o, "完成新产线HAZOP风险分析，识别出的高风险项100%关闭", 0, 100);
    struct key_result *rate = kr(o, "Launch self-service with 30% adoption rate", 0, 30);
    struct key_result *level = kr(o, "Complete tickets in under 4 hours, from 9", 9, 4);
    level->direction = DIR_DECREASE;
    level->unit = "hours";
    struct key_result *result = kr(o, "Certified engineers from 3 to 8", 3, 8);
    struct key_result *held = kr(o, "Revenue held by key accounts from 40% to 60%", 40, 60);
    struct key_result *weekly = kr(o, "每周拜访经销商不少于5家", 0, 5);
    weekly->direction = DIR_AT_LEAST;
    weekly->unit = "家";
    /* Nouns that start like activities: developers, support tickets, plan upgrades. */
    o = obj(8, 0, "Grow the community");
    struct key_result *devs = kr(o, "开发者社区月活跃用户达到5000人", 0, 5000);
    devs->unit = "人";
    struct key_result *tickets =
        kr(o, "Support tickets auto-resolved by the bot each week: 40", 0, 40);
    struct key_result *upgrades = kr(o, "Plan upgrades from free to pro: 1000 users", 0, 1000);
    struct key_result *campaigns = kr(o, "Run campaigns in 3 cities", 0, 3);
    campaigns->unit = "cities";
    tickets->unit = "tickets";
    upgrades->unit = "users";
    run();
    QUIET(COACH_M2, devs->id);
    QUIET(COACH_M2, tickets->id);
    QUIET(COACH_M2, upgrades->id);
    FIRES(COACH_M2, campaigns->id);
    FIRES(COACH_M2, hold->id);
    FIRES(COACH_M2, zh->id);
    FIRES(COACH_M2, prefix->id);
    FIRES(COACH_M2, launch->id);
    FIRES(COACH_M2, by->id);
    QUIET(COACH_M2, outcome->id);
    QUIET(COACH_M2, rate->id);
    QUIET(COACH_M2, level->id);
    QUIET(COACH_M2, result->id);
    QUIET(COACH_M2, held->id);
    FIRES(COACH_M2, weekly->id); /* after a frequency: 每周 */
    cr_assert_str_eq(message(finding(COACH_M2, zh->id), COACH_ZH),
                     "措辞是一项活动（“组织”），没有可衡量的结果。");
    cr_assert_str_eq(message(finding(COACH_M2, hold->id), COACH_EN),
                     "Worded as an activity (\"hold\") with no measurable outcome.");
}

Test(coach, m3_objective_worded_as_a_metric)
{
    const char *metric[] = {"Grow revenue to $5M",
                            "Reach 30% market share",
                            "营收突破一亿元",
                            "签约客户数翻一番",
                            "10x the pipeline",
                            "本季度营收达到3000万元",
                            "Double weekly active teams",
                            "实现营收翻两番",
                            "Cut checkout errors in half",
                            "Quadruple the partner network",
                            "成为行业前三",
                            "成为行业前3",
                            "Delight customers: NPS 60",
                            "Grow GMV 500万",
                            "Reach 10K paying teams",
                            "Win 5k new customers"};
    /* Names, versions, standards, festivals and ordinals are not figures. */
    const char *plain[] = {"Launch the Q5 on time", "2026年成为华东教育市场的首选",
                           "Get ISO9001 certified", "让Q5的设计一次做对",
                           "第3季度打开华东市场",   "Win the 2026 Q4 season",
                           "3C认证一次通过",        "Be the first choice of schools",
                           "完成ISO 9001认证",      "Pass the SOC 2 Type II audit",
                           "推进工业4.0改造",       "打赢双11大促",
                           "打赢618大促",           "Make Platform 2.0 the default",
                           "Offer 24/7 support",    "打造第二成长曲线",
                           "前三季度打开华东市场",  "Launch 4K streaming on every TV",
                           "让8K直播走进千家万户"};
    int64_t ids[40];
    size_t n = 0;
    for (size_t i = 0; i < sizeof metric / sizeof metric[0]; i++) {
        struct objective *o = obj(7, 0, metric[i]);
        two_krs(o);
        ids[n++] = o->id;
    }
    size_t first_plain = n;
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        struct objective *o = obj(8, 0, plain[i]);
        two_krs(o);
        ids[n++] = o->id;
    }
    /* A superior's key result taken on as an objective keeps its words. */
    struct objective *boss = obj(9, 0, "Grow revenue");
    struct key_result *target = kr(boss, "学校渠道营收从600万元提升到1100万元", 600, 1100);
    kr(boss, "Margin from 35% to 38%", 35, 38);
    struct objective *taken = obj(10, 0, "学校渠道营收从600万元提升到1100万元");
    taken->theme_id = 0;
    taken->parent_kr_id = target->id;
    two_krs(taken);
    run();
    for (size_t i = 0; i < first_plain; i++) {
        cr_assert_not_null(finding(COACH_M3, ids[i]), "M3 should fire on \"%s\"", metric[i]);
    }
    for (size_t i = first_plain; i < n; i++) {
        cr_assert_null(finding(COACH_M3, ids[i]), "M3 should not fire on \"%s\"",
                       plain[i - first_plain]);
    }
    QUIET(COACH_M3, taken->id);
    cr_assert_str_eq(message(finding(COACH_M3, ids[1]), COACH_EN),
                     "The objective is worded as a metric (\"30%\").");
}

/* ---------------------------------------------------------------------------------------------
 * Alignment and rhythm */

static struct request *request(int64_t objective, int64_t kr_id, int state, int days_ago)
{
    struct request *r = &S.requests[S.in.nrequests++];
    meta_init(&entity_request, r);
    r->id = S.next_id++;
    r->from_user_id = 1;
    r->to_user_id = 7;
    r->objective_id = objective;
    r->kr_id = kr_id;
    r->state = state;
    r->created = S.in.now - (int64_t)days_ago * 86400 - 3600;
    return r;
}

Test(coach, a1_take_on_request_pending_over_a_week)
{
    struct objective *o = obj(1, 0, "Schools choose us");
    struct key_result *k = kr(o, "School customers from 40 to 80", 40, 80);
    kr(o, "NPS from 32 to 45", 32, 45);
    struct request *late = request(0, k->id, REQ_PENDING, 8);
    struct request *recent = request(o->id, 0, REQ_PENDING, 6);
    struct request *answered = request(o->id, 0, REQ_ACCEPTED, 30);
    struct request *elsewhere = request(987654, 0, REQ_PENDING, 30);
    run();
    FIRES(COACH_A1, late->id);
    QUIET(COACH_A1, recent->id);
    QUIET(COACH_A1, answered->id);
    QUIET(COACH_A1, elsewhere->id); /* about another cycle */
    cr_assert_eq(finding(COACH_A1, late->id)->owner_user_id, 7, "the person asked answers it");
    cr_assert_str_eq(message(finding(COACH_A1, late->id), COACH_ZH), "承接请求已等待8天未处理。");
    S.cycle.state = CYCLE_CLOSED;
    run();
    QUIET(COACH_A1, late->id);
}

Test(coach, a2_superior_key_result_nobody_took_on)
{
    S.users[0] = (struct user){.id = 1, .name = "Lin", .active = 1};
    S.users[1] = (struct user){.id = 7, .name = "Wang", .manager_id = 1, .active = 1};
    S.users[2] = (struct user){.id = 8, .name = "Zhou", .manager_id = 1, .active = 1};
    S.in.nusers = 3;
    struct objective *o = obj(1, 0, "Schools choose us");
    struct key_result *alone = kr(o, "School customers from 40 to 80", 40, 80);
    struct key_result *taken = kr(o, "NPS from 32 to 45", 32, 45);
    struct key_result *asked = kr(o, "Renewals from 80% to 90%", 80, 90);
    struct key_result *handed = kr(o, "Proposal time from 14 to 7 days", 14, 7);
    handed->direction = DIR_DECREASE;
    handed->owner_user_id = 8; /* a report carries it */
    struct objective *child = obj(7, 0, "Every school would recommend us");
    child->parent_kr_id = taken->id;
    two_krs(child);
    request(0, asked->id, REQ_PENDING, 2);
    struct objective *ic = obj(8, 0, "My own objective");
    struct key_result *no_team = kr(ic, "Demos from 5 to 15", 5, 15);
    kr(ic, "Win rate from 20% to 30%", 20, 30);
    run();
    FIRES(COACH_A2, alone->id);
    QUIET(COACH_A2, taken->id);
    QUIET(COACH_A2, asked->id);
    QUIET(COACH_A2, handed->id);
    QUIET(COACH_A2, no_team->id);
    cr_assert_eq(finding(COACH_A2, alone->id)->severity, COACH_INFO);
    o->state = OBJ_DRAFT;
    run();
    QUIET(COACH_A2, alone->id);
}

Test(coach, r1_no_check_in_for_two_weeks)
{
    struct objective *o = obj(7, 0, "Schools choose us");
    struct key_result *stale = kr(o, "School customers from 40 to 80", 40, 80);
    struct key_result *fresh = kr(o, "NPS from 32 to 45", 32, 45);
    struct key_result *never = kr(o, "Renewals from 80% to 90%", 80, 90);
    struct key_result *young = kr(o, "Referrals from 2 to 10", 2, 10);
    young->created = S.in.now - 3 * 86400;
    struct key_result *done = kr(o, "Open the Shenzhen office", 0, 1);
    done->type = KR_MILESTONE;
    done->current = 1; /* reached: nothing left to check in */
    S.act[0] = (struct coach_activity){
        .last_checkin = S.in.now - 15 * 86400, .nconf = 1, .confidence = {0.7}};
    S.act[1] = (struct coach_activity){
        .last_checkin = S.in.now - 13 * 86400, .nconf = 1, .confidence = {0.7}};
    run_with_activity();
    FIRES(COACH_R1, stale->id);
    QUIET(COACH_R1, fresh->id);
    FIRES(COACH_R1, never->id);
    QUIET(COACH_R1, young->id);
    QUIET(COACH_R1, done->id);
    cr_assert_str_eq(message(finding(COACH_R1, stale->id), COACH_EN), "No check-in for 15 days.");
    cr_assert_str_eq(message(finding(COACH_R1, stale->id), COACH_ZH), "已有15天没有更新进展。");
    S.cycle.state = CYCLE_GRADING;
    run_with_activity();
    QUIET(COACH_R1, stale->id);
}

Test(coach, r2_confidence_high_while_far_behind)
{
    struct objective *o = obj(7, 0, "Schools choose us");
    struct key_result *rosy = kr(o, "School customers from 40 to 80", 40, 80);
    rosy->current = 44; /* 10% at 55% of the quarter */
    struct key_result *honest = kr(o, "NPS from 30 to 50", 30, 50);
    honest->current = 32;
    struct key_result *on_track = kr(o, "Renewals from 80% to 90%", 80, 90);
    on_track->current = 86;
    struct key_result *dipped = kr(o, "Referrals from 0 to 10", 0, 10);
    dipped->current = 1;
    for (int i = 0; i < 4; i++) {
        S.act[i] = (struct coach_activity){
            .last_checkin = S.in.now - 86400, .nconf = 2, .confidence = {0.8, 0.75}};
    }
    S.act[1].confidence[0] = 0.4;
    S.act[3].confidence[1] = 0.5; /* high now, but not for long */
    run_with_activity();
    FIRES(COACH_R2, rosy->id);
    QUIET(COACH_R2, honest->id);
    QUIET(COACH_R2, on_track->id);
    QUIET(COACH_R2, dipped->id);
    cr_assert_str_eq(message(finding(COACH_R2, rosy->id), COACH_EN),
                     "Confidence has stayed at 0.8 while progress is 10%, far behind the expected "
                     "55%.");
    cr_assert_str_eq(message(finding(COACH_R2, rosy->id), COACH_ZH),
                     "信心指数一直保持在0.8，但进度只有10%，远落后于预期进度55%。");
}

Test(coach, r2_reads_each_check_in_of_the_history)
{
    struct objective *o = obj(7, 0, "Schools choose us");
    struct key_result *rosy = kr(o, "School customers from 0 to 100", 0, 100);
    rosy->current = 10;
    struct key_result *was_fine = kr(o, "Referrals from 0 to 100", 0, 100);
    was_fine->current = 10;
    struct key_result *once = kr(o, "Partners from 0 to 100", 0, 100);
    once->current = 10;
    struct key_result *doubting = kr(o, "Renewals from 0 to 100", 0, 100);
    doubting->current = 10;
    int64_t week = 7 * 86400;
    for (int i = 0; i < 4; i++) {
        /* Latest first: this week, and one, two and three weeks ago, each far behind its day. */
        S.act[i] = (struct coach_activity){.last_checkin = S.in.now - 86400, .nconf = 4};
        for (int k = 0; k < 4; k++) {
            S.act[i].confidence[k] = 0.8;
            S.act[i].value[k] = 10 - 3 * k;
            S.act[i].at[k] = S.in.now - 86400 - k * week;
        }
    }
    S.act[1].value[2] = 60; /* two weeks ago it was ahead: a setback, not rosy reporting */
    S.act[2].nconf = 1;     /* one check-in is a value, not confidence that stayed high */
    S.act[3].confidence[3] = 0.3;
    run_with_activity();
    FIRES(COACH_R2, rosy->id);
    QUIET(COACH_R2, was_fine->id);
    QUIET(COACH_R2, once->id);
    QUIET(COACH_R2, doubting->id);
    cr_assert_str_eq(message(finding(COACH_R2, rosy->id), COACH_ZH),
                     "信心指数一直保持在0.8，但进度只有10%，远落后于预期进度55%。");
}

Test(coach, r1_and_r2_quiet_without_check_ins_known)
{
    struct objective *o = obj(7, 0, "Schools choose us");
    struct key_result *k = kr(o, "School customers from 0 to 100", 0, 100);
    k->current = 5;
    k->confidence = 0.9;
    k->created = S.in.now - 3 * 86400;
    run_with_activity(); /* S.act zeroed: no check-in yet */
    QUIET(COACH_R2, k->id);
    QUIET(COACH_R1, k->id);
}

/* ---------------------------------------------------------------------------------------------
 * The report: grouping, dismissals, score */

Test(coach, health_score_and_costliest_rules)
{
    struct objective *o = obj(7, 0, "Grow");
    two_krs(o);
    run();
    cr_assert_eq(S.r.n, 0, "a clean program has no findings");
    cr_assert_float_eq(S.r.health, 100.0, 1e-9);
    /* 4 objectives; an error (3) and two warnings (1 + 1): 100 * (1 - 5 / 12) = 58. */
    struct objective *w = obj(8, 0, "Maintain uptime");
    w->theme_id = 0;
    two_krs(w);
    struct objective *e = obj(8, 0, "Ship it");
    kr(e, "A", 0, 1)->weight = 0.2;
    kr(e, "B", 0, 1)->weight = 0.2;
    two_krs(obj(9, 0, "Fine"));
    run();
    cr_assert_eq(S.r.count[COACH_ERROR], 1);
    cr_assert_eq(S.r.count[COACH_WARNING], 2);
    cr_assert_float_eq(S.r.health, 58.0, 1e-9);
    cr_assert_eq(S.r.top[0].rule, COACH_F3, "the error costs the most");
    cr_assert_float_eq(S.r.top[0].points, 3.0, 1e-9);
    cr_assert_eq(S.r.ntop, 3);
    /* Not a program report: no score. */
    S.in.program = false;
    run();
    cr_assert(isnan(S.r.health));
    /* A cycle with no objectives yet: nothing to score, though S4 and S3 may stand. */
    S.in.program = true;
    S.in.nobjs = 0;
    S.in.nkrs = 0;
    S.tenant.mission = "";
    run();
    cr_assert_not_null(finding(COACH_S4, 1));
    cr_assert(isnan(S.r.health));
    cr_assert_gt(S.r.ntop, 0, "the rules that cost points are still named");
}

Test(coach, dismissed_findings_apart_and_not_counted)
{
    struct objective *o = obj(7, 0, "Maintain uptime");
    two_krs(o);
    obj(8, 0, "Keep the lights on");
    run();
    double before = S.r.health;
    size_t n = S.r.n;
    S.dismissals[0] = (struct finding_dismissal){.id = 1,
                                                 .rule = "C4",
                                                 .entity = "objective",
                                                 .entity_id = o->id,
                                                 .user_id = 7,
                                                 .reason = "Uptime is the new SLA this year"};
    S.dismissals[1] = (struct finding_dismissal){
        .id = 2, .rule = "C4", .entity = "key_result", .entity_id = o->id, .reason = "wrong kind"};
    S.in.ndismissals = 2;
    run();
    cr_assert_eq(S.r.n, n - 1);
    cr_assert_eq(S.r.ndismissed, 1);
    cr_assert_eq(S.r.dismissed[0].rule, COACH_C4);
    cr_assert_str_eq(S.r.dismissed[0].dismissal->reason, "Uptime is the new SLA this year");
    cr_assert_gt(S.r.health, before, "a dismissed finding costs nothing");
    QUIET(COACH_C4, o->id);
    /* A finding about the company holds its dismissal for the cycle it was dismissed for: not
     * another's; one dismissed for every cycle (before cycles were named) gives way to it. */
    S.tenant.mission = "";
    S.dismissals[2] = (struct finding_dismissal){.id = 3,
                                                 .rule = "S4",
                                                 .entity = "tenant",
                                                 .entity_id = 1,
                                                 .reason = "for last quarter",
                                                 .cycle_id = S.cycle.id + 1};
    S.in.ndismissals = 3;
    run();
    cr_assert_not_null(finding(COACH_S4, 1), "another cycle's dismissal does not hold here");
    S.dismissals[3] = (struct finding_dismissal){
        .id = 4, .rule = "S4", .entity = "tenant", .entity_id = 1, .reason = "for every cycle"};
    S.dismissals[4] = (struct finding_dismissal){.id = 5,
                                                 .rule = "S4",
                                                 .entity = "tenant",
                                                 .entity_id = 1,
                                                 .reason = "for this one",
                                                 .cycle_id = S.cycle.id};
    S.in.ndismissals = 5;
    run();
    cr_assert_null(finding(COACH_S4, 1));
    const struct coach_finding *s4 = NULL;
    for (size_t i = 0; i < S.r.ndismissed; i++) {
        s4 = S.r.dismissed[i].rule == COACH_S4 ? &S.r.dismissed[i] : s4;
    }
    cr_assert_not_null(s4);
    cr_assert_str_eq(s4->dismissal->reason, "for this one");
}

Test(coach, findings_grouped_by_owner_company_first)
{
    struct objective *person = obj(5, 0, "Keep going");
    two_krs(person);
    struct objective *team = obj(0, 2, "Keep going");
    two_krs(team);
    struct objective *company = obj(0, 0, "Keep going");
    two_krs(company);
    struct objective *person2 = obj(3, 0, "Keep going");
    two_krs(person2);
    run();
    cr_assert_eq(S.r.n, 4);
    cr_assert_eq(S.r.findings[0].objective_id, company->id);
    cr_assert_eq(S.r.findings[1].owner_team_id, 2);
    cr_assert_eq(S.r.findings[2].owner_user_id, 3);
    cr_assert_eq(S.r.findings[3].owner_user_id, 5);
}

Test(coach, dropped_objectives_are_not_checked)
{
    struct objective *o = obj(7, 0, "Maintain 99% uptime");
    o->state = OBJ_DROPPED;
    o->theme_id = 0;
    kr(o, "Hold 6 meetings", 0, 6);
    S.in.program = false; /* the theme would miss it */
    run();
    cr_assert_eq(S.r.n, 0);
    cr_assert_eq(S.r.objectives, 0);
}

static bool same_text(const char *x, const char *y)
{
    return x == y || (x && y && strcmp(x, y) == 0);
}

Test(coach, two_threads_give_the_same_report)
{
    prev_kr(7, "Grow weekly active teams from 100 to 200", 100, 200, 180);
    prev_kr(8, "季度营收提升到2400万元", 2000, 2400, 2400);
    const char *titles[] = {"Grow revenue to $5M", "Maintain our uptime", "保持安全生产",
                            "Schools love us",     "营收突破一亿元",      "Win the east"};
    for (int i = 0; i < 12; i++) {
        struct objective *o = obj(i % 2 ? 7 : 8, 0, titles[i % 6]);
        if (i % 2) {
            kr(o, "Grow weekly active teams from 150 to 200", 150, 200); /* C1 */
        } else {
            kr(o, "本季度营收提升到2400万元", 2100, 2400 - i); /* C1 or C2 */
        }
        kr(o, "Complete the onboarding guide", 0, 1); /* M2 */
        if (i % 3 == 0) {
            kr(o, "Keep churn at 2", 2, 2); /* C4, C2 */
        }
    }
    run();
    struct coach_report one = S.r;
    cr_assert_gt(one.n, 30);
    S.in.threads = 2;
    run();
    const struct coach_report *two = &S.r;
    cr_assert_neq(two->findings, one.findings);
    cr_assert_eq(two->n, one.n);
    cr_assert_eq(two->health, one.health);
    cr_assert_eq(two->ntop, one.ntop);
    for (size_t i = 0; i < one.n; i++) {
        const struct coach_finding *x = &one.findings[i], *y = &two->findings[i];
        cr_assert(x->rule == y->rule && x->subject == y->subject &&
                      x->subject_id == y->subject_id && x->kr_index == y->kr_index &&
                      x->owner_user_id == y->owner_user_id && x->text == y->text &&
                      same_text(x->arg, y->arg) && same_text(x->title, y->title) &&
                      memcmp(x->num, y->num, sizeof x->num) == 0,
                  "finding %zu differs: %s on %lld", i, coach_rule_info(x->rule)->id,
                  (long long)x->subject_id);
    }
    /* Both halves found something of each kind. */
    size_t c1 = count(COACH_C1), m3 = count(COACH_M3);
    cr_assert_gt(c1, 6);
    cr_assert_gt(m3, 2);
}

Test(coach, draft_check_names_key_results_by_index)
{
    struct objective draft;
    meta_init(&entity_objective, &draft);
    draft.cycle_id = 10;
    draft.owner_user_id = 7;
    draft.title = "把营收提升到3000万元";
    draft.state = OBJ_DRAFT;
    struct key_result krs[2];
    for (int i = 0; i < 2; i++) {
        meta_init(&entity_key_result, &krs[i]);
        krs[i].type = KR_METRIC;
        krs[i].direction = DIR_INCREASE;
        krs[i].start = 0;
        krs[i].target = 10;
        krs[i].unit = "个";
    }
    krs[0].title = "新签10家经销商";
    krs[1].title = "举办10场经销商大会";
    struct coach_report r;
    coach_check_draft(&draft, krs, 2, NULL, &S.a, &r);
    bool m3 = false, m2 = false, s2 = false;
    for (size_t i = 0; i < r.n; i++) {
        const struct coach_finding *f = &r.findings[i];
        cr_assert_eq(f->subject_id, 0, "a draft has no ids");
        m3 |= f->rule == COACH_M3 && f->subject == SUBJ_OBJECTIVE;
        m2 |= f->rule == COACH_M2 && f->kr_index == 1;
        s2 |= f->rule == COACH_S2;
        cr_assert(f->rule != COACH_M2 || f->kr_index == 1, "M2 on the wrong key result");
        cr_assert(f->rule != COACH_F1 && f->rule != COACH_S4, "no program rules on a draft");
    }
    cr_assert(m3 && m2 && s2);
    /* With context: the previous cycle's key results of the owner. */
    prev_kr(7, "新签8家经销商", 0, 10, 12);
    coach_check_draft(&draft, krs, 2, &S.in, &S.a, &r);
    bool c1 = false;
    for (size_t i = 0; i < r.n; i++) {
        c1 |= r.findings[i].rule == COACH_C1 && r.findings[i].kr_index == 0;
    }
    cr_assert(c1, "the draft repeats last quarter's key result");
}

Test(coach, history_picks_previous_and_closed_cycles_of_the_same_kind)
{
    struct cycle c[6];
    int64_t starts[] = {day(2025, 10, 1), day(2026, 1, 1), day(2025, 7, 1),
                        day(2026, 1, 1),  day(2026, 4, 1), day(2025, 4, 1)};
    int kinds[] = {CYCLE_QUARTER, CYCLE_QUARTER, CYCLE_QUARTER,
                   CYCLE_YEAR,    CYCLE_QUARTER, CYCLE_QUARTER};
    int states[] = {CYCLE_CLOSED, CYCLE_GRADING, CYCLE_CLOSED,
                    CYCLE_ACTIVE, CYCLE_ACTIVE,  CYCLE_CLOSED};
    for (int i = 0; i < 6; i++) {
        meta_init(&entity_cycle, &c[i]);
        c[i].id = i + 1;
        c[i].start = starts[i];
        c[i].end = kinds[i] == CYCLE_YEAR ? day(2026, 12, 31) : starts[i] + 89;
        c[i].kind = kinds[i];
        c[i].state = states[i];
    }
    long prev, closed[2];
    coach_history(c, 6, &c[4], &prev, closed);
    cr_assert_eq(prev, 1, "the quarter just before, even while grading");
    cr_assert_eq(closed[0], 0);
    cr_assert_eq(closed[1], 2);
    coach_history(c, 6, &c[5], &prev, closed);
    cr_assert_eq(prev, -1);
    cr_assert_eq(closed[0], -1);
}

/* ---------------------------------------------------------------------------------------------
 * Message tables */

/* True when s has ASCII punctuation or a space next to a Chinese character (GLOSSARY.md). */
static bool bad_chinese_punctuation(const char *s, char *why, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    bool prev_wide = false;
    for (size_t i = 0; p[i];) {
        bool wide = p[i] >= 0xe0;
        size_t len = wide ? 3 : 1;
        char c = (char)p[i];
        bool next_wide = p[i + len] >= 0xe0;
        if (!wide && strchr(",.:;?!()", c) && c && (prev_wide || next_wide)) {
            snprintf(why, cap, "ASCII '%c' beside Chinese in \"%s\"", c, s);
            return true;
        }
        if (c == ' ' && prev_wide && next_wide) {
            snprintf(why, cap, "a space between Chinese characters in \"%s\"", s);
            return true;
        }
        prev_wide = wide;
        i += len;
    }
    return false;
}

Test(coach, every_text_exists_in_both_languages)
{
    for (int t = 0; t < COACH_TEXTS; t++) {
        for (int lang = 0; lang < 2; lang++) {
            const char *m = coach_texts[t].message[lang], *e = coach_texts[t].explanation[lang];
            cr_assert(m && *m, "text %d has no message in %s", t, lang ? "zh" : "en");
            cr_assert(e && *e, "text %d has no explanation in %s", t, lang ? "zh" : "en");
        }
        char why[512];
        for (int part = 0; part < 2; part++) {
            const char *zh =
                part ? coach_texts[t].explanation[COACH_ZH] : coach_texts[t].message[COACH_ZH];
            cr_assert(!bad_chinese_punctuation(zh, why, sizeof why), "text %d: %s", t, why);
            cr_assert(strchr(zh, 0xe3) || strstr(zh, "，") || strstr(zh, "。"),
                      "text %d: Chinese sentences end with full-width punctuation", t);
        }
        /* The same placeholders in both languages. */
        const char *ph[] = {"{t}", "{m}", "{n0}", "{r0}", "{r1}", "{p1}", "{p2}"};
        for (size_t k = 0; k < sizeof ph / sizeof ph[0]; k++) {
            cr_assert_eq(strstr(coach_texts[t].message[0], ph[k]) != NULL,
                         strstr(coach_texts[t].message[1], ph[k]) != NULL,
                         "text %d: %s in one language only", t, ph[k]);
        }
    }
    for (int w = 0; w < COACH_WORDS; w++) {
        cr_assert(coach_words[w][0][0] && coach_words[w][1][0]);
    }
    /* The glossary's words. */
    cr_assert(strstr(coach_texts[COACH_A1].message[COACH_ZH], "承接请求"));
    cr_assert(strstr(coach_texts[COACH_R1].message[COACH_ZH], "更新进展"));
    cr_assert(strstr(coach_texts[COACH_C6].message[COACH_ZH], "未达成原因分析"));
    cr_assert(strstr(coach_texts[COACH_S1].message[COACH_ZH], "战略主题"));
}

Test(coach, every_rule_renders_without_placeholders_left)
{
    for (int t = 0; t < COACH_TEXTS; t++) {
        struct coach_finding f = {.text = (uint8_t)t, .arg = "X", .num = {7, 0.5, 0.25}};
        for (int lang = 0; lang < 2; lang++) {
            const char *m = message(&f, (enum coach_lang)lang);
            cr_assert(!strchr(m, '{') && !strchr(m, '}'), "text %d renders as \"%s\"", t, m);
            cr_assert_str_eq(coach_explanation(&f, (enum coach_lang)lang),
                             coach_texts[t].explanation[lang]);
        }
    }
}

Test(coach, rule_ids_names_and_languages)
{
    for (int r = 0; r < COACH_RULES; r++) {
        const struct coach_rule_info *ri = coach_rule_info((enum coach_rule)r);
        cr_assert_eq(coach_rule_parse(ri->id), r);
        cr_assert_lt((int)ri->family, COACH_FAMILIES);
    }
    cr_assert_eq(coach_rule_parse("c3"), COACH_C3);
    cr_assert_eq(coach_rule_parse("C7"), -1);
    cr_assert_eq(coach_rule_parse("C33"), -1);
    cr_assert_eq(coach_rule_parse(NULL), -1);
    cr_assert_eq(coach_subject_parse("key_result"), SUBJ_KEY_RESULT);
    cr_assert_eq(coach_subject_parse("kr"), -1);
    cr_assert_str_eq(coach_family_name(coach_rule_info(COACH_R2)->family), "alignment_rhythm");
    cr_assert_eq(coach_lang_parse("zh-CN"), COACH_ZH);
    cr_assert_eq(coach_lang_parse("zh"), COACH_ZH);
    cr_assert_eq(coach_lang_parse("en"), COACH_EN);
    cr_assert_eq(coach_lang_parse("zhx"), COACH_EN);
    cr_assert_eq(coach_lang_parse(NULL), COACH_EN);
}

/* ---------------------------------------------------------------------------------------------
 * Text matching */

Test(coach, normalize_drops_case_spaces_digits_punctuation)
{
    uint32_t a[64], b[64];
    size_t na = coach_normalize("Revenue: from 2,100 to 2,400!", a, 64);
    size_t nb = coach_normalize("REVENUE FROM 21 TO 24", b, 64);
    cr_assert_eq(na, nb);
    cr_assert_eq(memcmp(a, b, na * sizeof a[0]), 0);
    na = coach_normalize("营收（万元）：从２１００到２４００。", a, 64);
    nb = coach_normalize("营收万元从到", b, 64);
    cr_assert_eq(na, nb, "full-width digits and punctuation go");
    cr_assert_eq(memcmp(a, b, na * sizeof a[0]), 0);
    cr_assert_eq(coach_normalize("ＡＢＣ", a, 64), 3);
    cr_assert_eq(a[0], 'a');
    cr_assert_eq(coach_normalize(NULL, a, 64), 0);
    cr_assert_eq(coach_normalize("abcdef", a, 3), 3, "bounded by cap");
}

Test(coach, edit_distance_is_bounded)
{
    uint32_t a[] = {'k', 'i', 't', 't', 'e', 'n'}, b[] = {'s', 'i', 't', 't', 'i', 'n', 'g'};
    cr_assert_eq(coach_edit_distance(a, 6, b, 7, 10), 3);
    cr_assert_eq(coach_edit_distance(a, 6, b, 7, 2), 3, "above max: max + 1");
    cr_assert_eq(coach_edit_distance(a, 6, a, 6, 0), 0);
    cr_assert_eq(coach_edit_distance(a, 0, b, 7, 10), 7);
    cr_assert(coach_same_text("季度营收提升到2400万元", "本季度营收提升到2400万元"));
    cr_assert(!coach_same_text("季度营收提升到2400万元", "季度利润提升到2400万元以上"));
    cr_assert(coach_same_text("NPS", "nps 2026"));
    cr_assert(!coach_same_text("NPS", "NPT"), "short texts must match exactly");
    cr_assert_eq(coach_same_text_slack(5, 5), 0);
    cr_assert_eq(coach_same_text_slack(6, 5), 1);
    cr_assert_eq(coach_same_text_slack(24, 3), 3);
}

/* Every Chinese word of the lists is found at the start, in the middle and at the end of a
 * title, after characters of one, two and three bytes; the first of the list wins when a title
 * has two; a word cut by a character boundary is not one. */
Test(coach, chinese_words_found_wherever_they_stand)
{
    static const char *const maintenance[] = {"保持", "维持", "维护", "日常",    "继续",
                                              "守住", "稳住", "照常", "一如既往"};
    static const char *const outcome[] = {"%",    "％",     "‰",    "率",   "占比",
                                          "比例", "满意度", "评分", "得分", "百分点",
                                          "留存", "转化",   "口碑"};
    static const char *const figures[] = {"翻一番", "翻番", "翻倍", "百分之", "一半", "减半"};
    static const char *const around[][2] = {{"", "客户数量"}, {"Q3 é", "客户"}, {"季度", ""}};
    char title[128], buf[32];
    for (size_t a = 0; a < sizeof around / sizeof around[0]; a++) {
        for (size_t i = 0; i < sizeof maintenance / sizeof maintenance[0]; i++) {
            snprintf(title, sizeof title, "%s%s%s", around[a][0], maintenance[i], around[a][1]);
            cr_assert_str_eq(coach_maintenance_word(title), maintenance[i], "%s", title);
        }
        for (size_t i = 0; i < sizeof outcome / sizeof outcome[0]; i++) {
            snprintf(title, sizeof title, "%s%s%s", around[a][0], outcome[i], around[a][1]);
            cr_assert(coach_outcome_wording(title, ""), "%s", title);
            cr_assert(coach_outcome_wording("客户", title), "unit %s", title);
        }
        for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
            snprintf(title, sizeof title, "%s%s%s", around[a][0], figures[i], around[a][1]);
            cr_assert_str_eq(coach_metric_figure(title, buf, sizeof buf), figures[i], "%s", title);
        }
    }
    cr_assert_str_eq(coach_maintenance_word("继续保持"), "保持", "the first of the list");
    cr_assert_str_eq(coach_metric_figure("一半翻番", buf, sizeof buf), "翻番");
    cr_assert(coach_novelty("首个全新产品"));
    cr_assert(coach_novelty("季度全新"));
    /* 保 (e4 bf 9d) then 持 (e6 8c 81) spelled over other characters: no word */
    cr_assert_null(coach_maintenance_word("保障持续"));
    cr_assert(!coach_outcome_wording("客户数量", "家"));
    cr_assert_null(coach_metric_figure("翻译一番", buf, sizeof buf));
}

Test(coach, wording_lists)
{
    cr_assert_str_eq(coach_maintenance_word("维持现有客户数量"), "维持");
    cr_assert_str_eq(coach_maintenance_word("We keep churn below 2%"), "keep");
    cr_assert_str_eq(coach_maintenance_word("Continuing to serve"), "continue to");
    cr_assert_null(coach_maintenance_word("Keeper of the flame"));
    /* Full-width letters, as a Chinese input method types them, are read as English. */
    cr_assert_str_eq(coach_maintenance_word("Ｍａｉｎｔａｉｎ uptime"), "maintain");
    cr_assert_str_eq(coach_maintenance_word("ＫＥＥＰ churn low"), "keep");
    cr_assert_str_eq(coach_activity_word("Ｌａｕｎｃｈ the new app"), "launch");
    cr_assert_null(coach_maintenance_word(NULL));
    cr_assert_str_eq(coach_activity_word("Q3完成客户回访"), "完成");
    cr_assert_str_eq(coach_activity_word("In Q3, organise 4 workshops"), "organise");
    cr_assert_str_eq(coach_activity_word("We will run 3 pilots"), "run");
    cr_assert_str_eq(coach_activity_word("Held 4 reviews"), "hold");
    cr_assert_null(coach_activity_word("Revenue from 1 to 2"));
    cr_assert_null(coach_activity_word("Q5完成设计定型")); /* Q5 is a product, not a quarter */
    cr_assert(coach_outcome_wording("Adoption from 0 to 30%", ""));
    cr_assert(coach_outcome_wording("客户满意度", "分"));
    cr_assert(!coach_outcome_wording("Workshops", "workshops"));
    char buf[32];
    cr_assert_str_eq(coach_metric_figure("服务1000所学校", buf, sizeof buf), "1000");
    cr_assert_str_eq(coach_metric_figure("月产能达到2000台", buf, sizeof buf), "2000");
    cr_assert_null(coach_metric_figure("Plan the roadmap for 2027", buf, sizeof buf));
    cr_assert_null(coach_metric_figure("Win the 1st prize", buf, sizeof buf));
    cr_assert(coach_name_overlap("安全事故数", "本季度安全事故为零") >= 0.6);
    cr_assert(coach_name_overlap("On-time delivery", "On-time delivery from 92% to 97%") >= 0.99);
    cr_assert(coach_name_overlap("员工月度主动离职率", "新员工90天留存率不低于90%") < 0.6);
    cr_assert(coach_novelty("新设备安全运行"));
    cr_assert(!coach_novelty("重新梳理流程"));
    cr_assert(!coach_novelty("新签10家客户"));
    cr_assert(coach_novelty("The first shift on the new line"));
    cr_assert(coach_same_unit("％", "%"));
    cr_assert(coach_same_unit("Incidents", "incident"));
    cr_assert(coach_same_unit("", "hours"));
    cr_assert(!coach_same_unit("hours", "days"));
}

/* ---------------------------------------------------------------------------------------------
 * The service, through a real SQLite file */

/* A store that counts list calls, forwarding to SQLite. */
struct counting {
    struct store base;
    struct store *inner;
    int lists;
};

static struct store_ops counting_ops;

static struct store *in(struct store *s)
{
    return ((struct counting *)s)->inner;
}

#define FWD(NAME, PARAMS, ARGS)                                                                    \
    static enum err_code c_##NAME PARAMS                                                           \
    {                                                                                              \
        return in(s)->ops->NAME ARGS;                                                              \
    }
FWD(begin, (struct store * s, bool w, struct err *e), (in(s), w, e))
FWD(commit, (struct store * s, struct err *e), (in(s), e))
FWD(insert, (struct store * s, const struct entity *e, void *o, struct err *er), (in(s), e, o, er))
FWD(update, (struct store * s, const struct entity *e, void *o, struct err *er), (in(s), e, o, er))
FWD(get,
    (struct store * s, const struct entity *e, int64_t t, int64_t id, void *o, struct arena *a,
     struct err *er),
    (in(s), e, t, id, o, a, er))
FWD(remove, (struct store * s, const struct entity *e, int64_t t, int64_t id, struct err *er),
    (in(s), e, t, id, er))
FWD(user_by_email,
    (struct store * s, int64_t t, const char *m, struct user *u, struct arena *a, struct err *er),
    (in(s), t, m, u, a, er))

static enum err_code c_checkin_summaries(struct store *s, int64_t t, int64_t cycle, struct arena *a,
                                         struct rows *out, struct err *er)
{
    ((struct counting *)s)->lists++;
    return in(s)->ops->checkin_summaries(in(s), t, cycle, a, out, er);
}

static enum err_code c_coach_read(struct store *s, int64_t t, int64_t cycle, struct arena *a,
                                  struct rows *objs, struct rows *krs, struct err *er)
{
    ((struct counting *)s)->lists++;
    return in(s)->ops->coach_read(in(s), t, cycle, a, objs, krs, er);
}

static enum err_code c_users_by_email(struct store *s, int64_t t, const char *email, size_t max,
                                      struct arena *a, struct rows *out, struct err *er)
{
    return in(s)->ops->users_by_email(in(s), t, email, max, a, out, er);
}

static void c_rollback(struct store *s)
{
    in(s)->ops->rollback(in(s));
}

static enum err_code c_list(struct store *s, const struct entity *e, const struct query *q,
                            struct arena *a, struct rows *out, struct err *er)
{
    ((struct counting *)s)->lists++;
    return in(s)->ops->list(in(s), e, q, a, out, er);
}

struct world {
    struct store *st;
    struct counting counter;
    char path[256];
    struct arena a;
    int64_t tenant;
};

static struct world W;

static void world_open(void)
{
    memset(&W, 0, sizeof W);
    snprintf(W.path, sizeof W.path, "/tmp/okr-coach-XXXXXX");
    int fd = mkstemp(W.path);
    cr_assert_geq(fd, 0);
    close(fd);
    struct err err = {0};
    cr_assert_eq(store_open(W.path, &W.st, &err), ERR_OK, "%s", err.msg);
    arena_init(&W.a, 0);
    counting_ops = *W.st->ops;
    counting_ops.begin = c_begin;
    counting_ops.commit = c_commit;
    counting_ops.rollback = c_rollback;
    counting_ops.insert = c_insert;
    counting_ops.update = c_update;
    counting_ops.get = c_get;
    counting_ops.remove = c_remove;
    counting_ops.list = c_list;
    counting_ops.checkin_summaries = c_checkin_summaries;
    counting_ops.coach_read = c_coach_read;
    counting_ops.user_by_email = c_user_by_email;
    counting_ops.users_by_email = c_users_by_email;
    W.counter.base.ops = &counting_ops;
    W.counter.inner = W.st;
}

static void world_close(void)
{
    store_close(W.st);
    arena_free(&W.a);
    char p[300];
    unlink(W.path);
    snprintf(p, sizeof p, "%s-wal", W.path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", W.path);
    unlink(p);
}

static const int64_t NOW = 20593LL * 86400 + 12 * 3600; /* 2026-05-20 12:00 UTC */

static struct svc svc_as(int64_t user, bool admin)
{
    return (struct svc){.st = &W.counter.base,
                        .a = &W.a,
                        .tenant_id = W.tenant,
                        .now = NOW,
                        .actor = {.user_id = user, .admin = admin, .system = !user && !admin}};
}

static int64_t demo(const char *lang, int64_t people)
{
    struct demo_opts o = {.lang = lang, .people = people, .today = NOW / 86400};
    int64_t rows;
    struct err err = {0};
    cr_assert_eq(svc_demo(W.st, &W.a, NOW, &o, &W.tenant, &rows, &err), ERR_OK, "%s", err.msg);
    return W.tenant;
}

/* The id of the active quarter. */
static int64_t active_quarter(void)
{
    struct svc s = svc_as(0, false);
    struct query q = {0};
    struct rows r;
    struct err err = {0};
    cr_assert_eq(svc_list(&s, &entity_cycle, &q, &r, &err), ERR_OK);
    const struct cycle *c = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (c[i].kind == CYCLE_QUARTER && c[i].state == CYCLE_ACTIVE) {
            return c[i].id;
        }
    }
    cr_assert_fail("no active quarter");
    return 0;
}

static const struct coach_finding *view_find(const struct coach_report *r, enum coach_rule rule,
                                             const struct key_result *krs, size_t nkrs,
                                             const char *title)
{
    for (size_t i = 0; i < r->n; i++) {
        if (r->findings[i].rule == rule && strcmp(r->findings[i].title, title) == 0) {
            return &r->findings[i];
        }
    }
    (void)krs;
    (void)nkrs;
    return NULL;
}

static void check_demo_c3(const char *lang, const char *restates, const char *new_objective)
{
    world_open();
    demo(lang, 0);
    struct svc s = svc_as(0, false);
    struct coach_view v;
    struct err err = {0};
    cr_assert_eq(svc_coach_cycle(&s, active_quarter(), COACH_LANG_AUTO, &v, &err), ERR_OK, "%s",
                 err.msg);
    cr_assert_eq(v.lang, strcmp(lang, "zh") == 0 ? COACH_ZH : COACH_EN, "the tenant's language");
    const struct coach_finding *f = view_find(&v.report, COACH_C3, NULL, 0, restates);
    cr_assert_not_null(f, "C3 must fire on \"%s\"", restates);
    cr_assert_eq(f->subject, SUBJ_KEY_RESULT);
    /* Not on the new-equipment objective's key results. */
    int64_t fresh = 0;
    for (size_t i = 0; i < v.input.nobjs; i++) {
        if (strcmp(v.input.objs[i].title, new_objective) == 0) {
            fresh = v.input.objs[i].id;
        }
    }
    cr_assert_neq(fresh, 0, "the demo has the objective \"%s\"", new_objective);
    for (size_t i = 0; i < v.report.n; i++) {
        cr_assert(
            !(v.report.findings[i].rule == COACH_C3 && v.report.findings[i].objective_id == fresh),
            "C3 fired on the new-equipment objective");
    }
    /* A realistic handful: no errors, a score in the upper range, every family quiet or not. */
    cr_assert_eq(v.report.count[COACH_ERROR], 0);
    cr_assert_gt(v.report.health, 70.0);
    cr_assert_lt(v.report.n, 40u);
    /* The objective's own representation shows the same finding. */
    struct objective o;
    struct rows krs;
    struct coach_report one;
    enum coach_lang used;
    cr_assert_eq(
        svc_objective_coached(&s, f->objective_id, COACH_LANG_AUTO, &o, &krs, &one, &used, &err),
        ERR_OK, "%s", err.msg);
    cr_assert_not_null(view_find(&one, COACH_C3, NULL, 0, restates));
    world_close();
}

Test(coach, demo_zh_c3_on_the_safety_kpi_not_on_the_new_line)
{
    check_demo_c3("zh", "本季度安全事故为零", "新自动化产线从第一天起安全运行");
}

Test(coach, demo_en_c3_on_the_safety_kpi_not_on_the_new_line)
{
    check_demo_c3("en", "Zero safety incidents this quarter",
                  "Safe operation of the new automated line from day one");
}

Test(coach, a_cycle_costs_a_fixed_number_of_store_lists)
{
    world_open();
    demo("en", 0);
    struct svc s = svc_as(0, false);
    struct coach_view v;
    struct err err = {0};
    int64_t q = active_quarter();
    W.counter.lists = 0;
    cr_assert_eq(svc_coach_cycle(&s, q, COACH_EN, &v, &err), ERR_OK);
    int small = W.counter.lists;
    size_t small_krs = v.input.nkrs;
    world_close();
    world_open();
    demo("en", 60);
    s = svc_as(0, false);
    q = active_quarter();
    W.counter.lists = 0;
    cr_assert_eq(svc_coach_cycle(&s, q, COACH_EN, &v, &err), ERR_OK);
    cr_assert_gt(v.input.nkrs, small_krs, "the scaled company is bigger");
    cr_assert_eq(W.counter.lists, small, "%d list calls for the bigger company, %d for the small",
                 W.counter.lists, small);
    world_close();
}

/* Adds a user and returns its id. */
static int64_t add_user(const char *name, const char *email, int64_t manager)
{
    struct svc s = svc_as(0, false);
    struct user u;
    meta_init(&entity_user, &u);
    svc_defaults(&entity_user, &u);
    u.name = name;
    u.email = email;
    u.manager_id = manager;
    struct err err = {0};
    cr_assert_eq(svc_create(&s, &entity_user, &u, &err), ERR_OK, "%s", err.msg);
    return u.id;
}

/* Adds a cycle and returns its id. */
static int64_t add_cycle(const char *name, int64_t start, int64_t end)
{
    struct svc s = svc_as(0, false);
    struct cycle c;
    meta_init(&entity_cycle, &c);
    svc_defaults(&entity_cycle, &c);
    c.name = name;
    c.start = start;
    c.end = end;
    struct err err = {0};
    cr_assert_eq(svc_create(&s, &entity_cycle, &c, &err), ERR_OK, "%s", err.msg);
    return c.id;
}

/* A tenant with a boss and two reports, a quarter, and objectives to find fault with. */
struct small {
    int64_t boss, ann, bo, cycle, maintain, secret;
};

static struct small small_company(void)
{
    world_open();
    struct small m = {0};
    struct svc s = svc_as(0, false);
    struct tenant t;
    meta_init(&entity_tenant, &t);
    svc_defaults(&entity_tenant, &t);
    t.name = "Acme";
    t.locale = "en";
    struct err err = {0};
    cr_assert_eq(svc_tenant_create(&s, &t, NULL, &err), ERR_OK, "%s", err.msg);
    W.tenant = t.id;
    m.boss = add_user("Boss", "boss@acme.example", 0);
    m.ann = add_user("Ann", "ann@acme.example", m.boss);
    m.bo = add_user("Bo", "bo@acme.example", m.boss);
    s = svc_as(0, false);
    m.cycle = add_cycle("2026 Q2", day(2026, 4, 1), day(2026, 6, 30));
    const char *titles[] = {"Maintain the ERP", "Keep secrets"};
    int64_t owners[] = {m.ann, m.bo};
    int vis[] = {VIS_PUBLIC, VIS_PRIVATE};
    int64_t *ids[] = {&m.maintain, &m.secret};
    for (int i = 0; i < 2; i++) {
        struct objective o;
        meta_init(&entity_objective, &o);
        svc_defaults(&entity_objective, &o);
        o.cycle_id = m.cycle;
        o.owner_user_id = owners[i];
        o.title = titles[i];
        o.visibility = vis[i];
        cr_assert_eq(svc_create(&s, &entity_objective, &o, &err), ERR_OK, "%s", err.msg);
        *ids[i] = o.id;
    }
    return m;
}

static bool has_finding(const struct coach_report *r, enum coach_rule rule, int64_t id,
                        bool dismissed)
{
    const struct coach_finding *f = dismissed ? r->dismissed : r->findings;
    size_t n = dismissed ? r->ndismissed : r->n;
    for (size_t i = 0; i < n; i++) {
        if (f[i].rule == rule && f[i].subject_id == id) {
            return true;
        }
    }
    return false;
}

Test(coach, service_keeps_what_the_actor_may_not_see)
{
    struct small m = small_company();
    struct coach_view v;
    struct err err = {0};
    struct svc s = svc_as(0, false);
    /* Bo has 4 objectives, 3 more of them private: how many is his and his managers' business. */
    for (int i = 0; i < 3; i++) {
        struct objective o;
        meta_init(&entity_objective, &o);
        svc_defaults(&entity_objective, &o);
        o.cycle_id = m.cycle;
        o.owner_user_id = m.bo;
        o.title = "Quiet work";
        o.visibility = VIS_PRIVATE;
        cr_assert_eq(svc_create(&s, &entity_objective, &o, &err), ERR_OK, "%s", err.msg);
    }
    cr_assert_eq(svc_coach_cycle(&s, m.cycle, COACH_LANG_AUTO, &v, &err), ERR_OK, "%s", err.msg);
    cr_assert(has_finding(&v.report, COACH_F1, m.bo, false));
    cr_assert(has_finding(&v.report, COACH_C4, m.maintain, false));
    cr_assert(has_finding(&v.report, COACH_C4, m.secret, false));
    cr_assert(has_finding(&v.report, COACH_S4, W.tenant, false), "no mission yet");
    s = svc_as(m.ann, false);
    cr_assert_eq(svc_coach_cycle(&s, m.cycle, COACH_LANG_AUTO, &v, &err), ERR_OK);
    cr_assert(has_finding(&v.report, COACH_C4, m.maintain, false));
    cr_assert(!has_finding(&v.report, COACH_C4, m.secret, false), "Bo's private objective");
    cr_assert(!has_finding(&v.report, COACH_F1, m.bo, false), "nor how many Bo has");
    s = svc_as(m.boss, false);
    cr_assert_eq(svc_coach_cycle(&s, m.cycle, COACH_LANG_AUTO, &v, &err), ERR_OK);
    cr_assert(has_finding(&v.report, COACH_C4, m.secret, false), "Bo's manager sees it");
    cr_assert(has_finding(&v.report, COACH_F1, m.bo, false), "and how many he has");
    s = svc_as(m.bo, false);
    cr_assert_eq(svc_coach_cycle(&s, m.cycle, COACH_LANG_AUTO, &v, &err), ERR_OK);
    cr_assert(has_finding(&v.report, COACH_F1, m.bo, false), "Bo sees his own");
    s = svc_as(0, false);
    cr_assert_eq(svc_coach_cycle(&s, 999, COACH_EN, &v, &err), ERR_NOT_FOUND);
    world_close();
}

/* An objective of the cycle with one key result, created as the system; returns the key result. */
static int64_t objective_with_kr(int64_t cycle, int64_t owner, int visibility, const char *kr_title,
                                 double target, int64_t *objective)
{
    struct svc s = svc_as(0, false);
    struct err err = {0};
    struct objective o;
    meta_init(&entity_objective, &o);
    svc_defaults(&entity_objective, &o);
    o.cycle_id = cycle;
    o.owner_user_id = owner;
    o.title = "Plans";
    o.visibility = visibility;
    cr_assert_eq(svc_create(&s, &entity_objective, &o, &err), ERR_OK, "%s", err.msg);
    struct key_result k;
    meta_init(&entity_key_result, &k);
    svc_defaults(&entity_key_result, &k);
    k.objective_id = o.id;
    k.title = kr_title;
    k.target = target;
    cr_assert_eq(svc_create(&s, &entity_key_result, &k, &err), ERR_OK, "%s", err.msg);
    if (objective) {
        *objective = o.id;
    }
    return k.id;
}

/* C1 quotes last cycle's key result: a private one's words stay with those who may read it. */
Test(coach, findings_never_quote_what_the_actor_may_not_see)
{
    struct small m = small_company();
    struct svc s = svc_as(0, false);
    struct err err = {0};
    int64_t q1 = add_cycle("2026 Q1", day(2026, 1, 1), day(2026, 3, 31));
    objective_with_kr(q1, m.bo, VIS_PRIVATE, "Close the Contoso deal", 3, NULL);
    int64_t obj;
    int64_t kr = objective_with_kr(m.cycle, m.bo, VIS_PUBLIC, "Close the Contoso deal", 3, &obj);
    struct coach_view v;
    struct coach_report r;
    enum coach_lang used;
    int64_t who[] = {m.bo, m.boss, m.ann};
    bool sees[] = {true, true, false};
    for (int i = 0; i < 3; i++) {
        s = svc_as(who[i], false);
        cr_assert_eq(svc_coach_cycle(&s, m.cycle, COACH_EN, &v, &err), ERR_OK, "%s", err.msg);
        cr_assert_eq(has_finding(&v.report, COACH_C1, kr, false), sees[i], "cycle, user %d", i);
        cr_assert_eq(svc_coach_objective(&s, obj, COACH_EN, &r, &used, &err), ERR_OK);
        cr_assert_eq(has_finding(&r, COACH_C1, kr, false), sees[i], "objective, user %d", i);
    }
    world_close();
}

/* Last cycle Bo wrote the same key result twice, on a private objective and on a public one (in
 * either order): a teammate sees C1 quoting the public one, in the cycle report as on the
 * objective's page (the report once compared with the private one first and dropped the
 * finding). */
Test(coach, a_repeat_of_a_key_result_the_reader_may_see_shows_everywhere)
{
    struct small m = small_company();
    struct err err = {0};
    int64_t q1 = add_cycle("2026 Q1", day(2026, 1, 1), day(2026, 3, 31));
    const char *title[] = {"Close the Contoso deal", "Open the Berlin office"};
    int64_t obj[2], kr[2];
    for (int i = 0; i < 2; i++) {
        objective_with_kr(q1, m.bo, i ? VIS_PUBLIC : VIS_PRIVATE, title[i], 3, NULL);
        objective_with_kr(q1, m.bo, i ? VIS_PRIVATE : VIS_PUBLIC, title[i], 3, NULL);
        kr[i] = objective_with_kr(m.cycle, m.bo, VIS_PUBLIC, title[i], 3, &obj[i]);
    }
    struct svc s = svc_as(m.ann, false);
    struct coach_view v;
    cr_assert_eq(svc_coach_cycle(&s, m.cycle, COACH_EN, &v, &err), ERR_OK, "%s", err.msg);
    for (int i = 0; i < 2; i++) {
        cr_assert(has_finding(&v.report, COACH_C1, kr[i], false), "the cycle report, %d", i);
        struct coach_report r;
        enum coach_lang used;
        cr_assert_eq(svc_coach_objective(&s, obj[i], COACH_EN, &r, &used, &err), ERR_OK);
        cr_assert(has_finding(&r, COACH_C1, kr[i], false), "the objective's page, %d", i);
    }
    world_close();
}

/* One objective's findings are the cycle report's findings about it: the same people and the
 * same last cycle are read (a key result's own owner: what they carried last cycle on another's
 * objective, and their reports). */
Test(coach, an_objective_reads_what_the_cycle_report_reads)
{
    struct small m = small_company();
    struct svc s = svc_as(0, false);
    struct err err = {0};
    int64_t cy = add_user("Cy", "cy@acme.example", m.ann);
    int64_t q1 = add_cycle("2026 Q1", day(2026, 1, 1), day(2026, 3, 31));
    /* Last cycle Bo carried a key result on Ann's objective; now he writes it into his own. */
    int64_t last = objective_with_kr(q1, m.ann, VIS_PUBLIC, "Ship the mobile app", 1, NULL);
    struct key_result k;
    cr_assert_eq(svc_get(&s, &entity_key_result, last, &k, &err), ERR_OK);
    k.owner_user_id = m.bo;
    cr_assert_eq(svc_update(&s, &entity_key_result, &k, &err), ERR_OK, "%s", err.msg);
    int64_t bo_obj;
    int64_t copied =
        objective_with_kr(m.cycle, m.bo, VIS_PUBLIC, "Ship the mobile app", 1, &bo_obj);
    /* The boss hands a key result to Ann, who has Cy under her and nobody took it on: A2. */
    int64_t boss_obj;
    int64_t handed = objective_with_kr(m.cycle, m.boss, VIS_PUBLIC, "Win 5 schools", 5, &boss_obj);
    cr_assert_eq(svc_get(&s, &entity_key_result, handed, &k, &err), ERR_OK);
    k.owner_user_id = m.ann;
    cr_assert_eq(svc_update(&s, &entity_key_result, &k, &err), ERR_OK, "%s", err.msg);
    (void)cy;
    struct coach_view v;
    cr_assert_eq(svc_coach_cycle(&s, m.cycle, COACH_EN, &v, &err), ERR_OK, "%s", err.msg);
    cr_assert(has_finding(&v.report, COACH_C1, copied, false));
    cr_assert(has_finding(&v.report, COACH_A2, handed, false));
    struct coach_report r;
    enum coach_lang used;
    cr_assert_eq(svc_coach_objective(&s, bo_obj, COACH_EN, &r, &used, &err), ERR_OK, "%s", err.msg);
    cr_assert(has_finding(&r, COACH_C1, copied, false), "the objective's own findings agree");
    cr_assert_eq(svc_coach_objective(&s, boss_obj, COACH_EN, &r, &used, &err), ERR_OK);
    cr_assert(has_finding(&r, COACH_A2, handed, false), "A2 too");
    /* Ann takes on the boss's key result and keeps its words, a figure in them: no M3, on the
     * objective's page as in the report. */
    struct objective took;
    meta_init(&entity_objective, &took);
    svc_defaults(&entity_objective, &took);
    took.cycle_id = m.cycle;
    took.owner_user_id = m.ann;
    took.parent_kr_id = handed;
    took.title = "Win 5 schools";
    cr_assert_eq(svc_create(&s, &entity_objective, &took, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(svc_coach_objective(&s, took.id, COACH_EN, &r, &used, &err), ERR_OK);
    cr_assert(!has_finding(&r, COACH_M3, took.id, false), "the taken-on words are not M3");
    cr_assert_eq(svc_coach_cycle(&s, m.cycle, COACH_EN, &v, &err), ERR_OK);
    cr_assert(!has_finding(&v.report, COACH_M3, took.id, false));
    world_close();
}

/* Writes a check-in straight into the store (its time as given, not the service's now). */
static void checkin_at(int64_t kr, int64_t at, double value, double confidence)
{
    struct checkin c;
    meta_init(&entity_checkin, &c);
    c.tenant_id = W.tenant;
    c.kr_id = kr;
    c.author_id = 0;
    c.at = at;
    c.value = value;
    c.confidence = confidence;
    c.status = 0;
    c.note = "";
    struct err err = {0};
    cr_assert_eq(store_insert(W.st, &entity_checkin, &c, &err), ERR_OK, "%s", err.msg);
}

Test(coach, service_r1_r2_read_the_check_ins_not_the_key_result)
{
    struct small m = small_company();
    struct err err = {0};
    struct cycle c;
    cr_assert_eq(store_get(W.st, &entity_cycle, W.tenant, m.cycle, &c, &W.a, &err), ERR_OK);
    c.state = CYCLE_ACTIVE;
    cr_assert_eq(store_update(W.st, &entity_cycle, &c, &err), ERR_OK, "%s", err.msg);
    struct objective o;
    cr_assert_eq(store_get(W.st, &entity_objective, W.tenant, m.maintain, &o, &W.a, &err), ERR_OK);
    o.state = OBJ_ACTIVE;
    cr_assert_eq(store_update(W.st, &entity_objective, &o, &err), ERR_OK, "%s", err.msg);
    int64_t krs[3];
    const char *titles[] = {"Stale but edited", "Rosy", "Fresh"};
    for (int i = 0; i < 3; i++) {
        struct key_result k;
        meta_init(&entity_key_result, &k);
        svc_defaults(&entity_key_result, &k);
        k.tenant_id = W.tenant;
        k.objective_id = m.maintain;
        k.owner_user_id = m.ann;
        k.title = titles[i];
        k.type = KR_METRIC;
        k.start = 0;
        k.target = 100;
        k.current = 5;
        k.confidence = 0.9;
        k.unit = "";
        k.created = NOW - 40 * 86400;
        k.updated = NOW - 3600; /* edited an hour ago: no check-in for all that */
        cr_assert_eq(store_insert(W.st, &entity_key_result, &k, &err), ERR_OK, "%s", err.msg);
        krs[i] = k.id;
    }
    checkin_at(krs[0], NOW - 20 * 86400, 5, 0.9);
    for (int w = 0; w < 3; w++) {
        checkin_at(krs[1], NOW - (1 + 7 * w) * 86400, 5, 0.9);
    }
    checkin_at(krs[2], NOW - 30 * 86400, 5, 0.9); /* older ones first in id order */
    checkin_at(krs[2], NOW - 2 * 86400, 60, 0.9);
    checkin_at(krs[2], NOW - 9 * 86400, 50, 0.6);
    struct svc s = svc_as(0, false);
    struct coach_view v;
    cr_assert_eq(svc_coach_cycle(&s, m.cycle, COACH_EN, &v, &err), ERR_OK, "%s", err.msg);
    cr_assert(has_finding(&v.report, COACH_R1, krs[0], false), "last check-in 20 days ago");
    cr_assert(!has_finding(&v.report, COACH_R1, krs[1], false));
    cr_assert(!has_finding(&v.report, COACH_R1, krs[2], false), "the latest is 2 days old");
    cr_assert(has_finding(&v.report, COACH_R2, krs[1], false), "three check-ins, all rosy");
    cr_assert(!has_finding(&v.report, COACH_R2, krs[2], false));
    cr_assert(!has_finding(&v.report, COACH_R2, krs[0], false), "R1 first");
    /* The objective's own findings read the same history. */
    struct coach_report r;
    enum coach_lang used;
    cr_assert_eq(svc_coach_objective(&s, m.maintain, COACH_EN, &r, &used, &err), ERR_OK);
    cr_assert(has_finding(&r, COACH_R1, krs[0], false));
    cr_assert(has_finding(&r, COACH_R2, krs[1], false));
    cr_assert(!has_finding(&r, COACH_R1, krs[2], false));
    world_close();
}

Test(coach, dismissal_needs_a_reason_and_the_right_to_change_the_record)
{
    struct small m = small_company();
    struct err err = {0};
    struct finding_dismissal d = {
        .rule = "C4", .entity = "objective", .entity_id = m.maintain, .reason = "  "};
    struct svc s = svc_as(m.ann, false);
    cr_assert_eq(svc_coach_dismiss(&s, &d, &err), ERR_INVALID);
    cr_assert_str_eq(err.field, "reason");
    d.reason = "The ERP upgrade is new this quarter";
    d.rule = "Z9";
    cr_assert_eq(svc_coach_dismiss(&s, &d, &err), ERR_INVALID);
    cr_assert_str_eq(err.field, "rule");
    d.rule = "C3";
    cr_assert_eq(svc_coach_dismiss(&s, &d, &err), ERR_INVALID, "C3 is about key results");
    cr_assert_str_eq(err.field, "entity");
    d.rule = "c4";
    s = svc_as(m.bo, false);
    cr_assert_eq(svc_coach_dismiss(&s, &d, &err), ERR_FORBIDDEN, "Bo may not change Ann's");
    struct finding_dismissal secret = d;
    secret.entity_id = m.secret;
    s = svc_as(m.ann, false);
    cr_assert_eq(svc_coach_dismiss(&s, &secret, &err), ERR_NOT_FOUND, "hidden: not found");
    cr_assert_eq(svc_coach_dismiss(&s, &d, &err), ERR_OK, "%s", err.msg);
    cr_assert_gt(d.id, 0);
    cr_assert_str_eq(d.rule, "C4", "stored by its canonical id");
    cr_assert_eq(d.user_id, m.ann);
    cr_assert_eq(d.at, NOW);
    /* Dismissing again replaces the reason; it stays one dismissal. */
    int64_t first = d.id;
    d.reason = "still: this is how we run the ERP";
    cr_assert_eq(svc_coach_dismiss(&s, &d, &err), ERR_OK, "again: %s", err.msg);
    cr_assert_eq(d.id, first, "a second dismissal replaced the first");
    d.reason = "The ERP upgrade is new this quarter";
    cr_assert_eq(svc_coach_dismiss(&s, &d, &err), ERR_OK, "and back: %s", err.msg);
    /* Not in advance: M3 is not reported on "Maintain the ERP", so it cannot be answered yet
     * (a figure put in the title later would find it answered). */
    struct finding_dismissal ahead = d;
    ahead.rule = "M3";
    ahead.id = 0;
    cr_assert_eq(svc_coach_dismiss(&s, &ahead, &err), ERR_INVALID);
    cr_assert_str_eq(err.field, "rule");
    /* A key result handed to Bo in Ann's objective: Bo answers its findings. */
    struct svc op = svc_as(0, false);
    struct key_result k;
    meta_init(&entity_key_result, &k);
    svc_defaults(&entity_key_result, &k);
    k.objective_id = m.maintain;
    k.owner_user_id = m.bo;
    k.title = "Keep the ERP patched";
    k.target = 10;
    cr_assert_eq(svc_create(&op, &entity_key_result, &k, &err), ERR_OK, "%s", err.msg);
    struct finding_dismissal on_kr = {.rule = "C4",
                                      .entity = "key_result",
                                      .entity_id = k.id,
                                      .reason = "Patching is the new vendor's contract"};
    s = svc_as(m.bo, false);
    cr_assert_eq(svc_coach_dismiss(&s, &on_kr, &err), ERR_OK, "%s", err.msg);
    s = svc_as(m.ann, false);
    /* Ann's manager sees the finding apart, with the reason. */
    struct coach_view v;
    s = svc_as(m.boss, false);
    cr_assert_eq(svc_coach_cycle(&s, m.cycle, COACH_EN, &v, &err), ERR_OK);
    cr_assert(!has_finding(&v.report, COACH_C4, m.maintain, false));
    cr_assert(has_finding(&v.report, COACH_C4, m.maintain, true));
    cr_assert_str_eq(v.report.dismissed[0].dismissal->reason,
                     "The ERP upgrade is new this quarter");
    /* F1 about Ann: Ann herself, her manager or an admin. */
    struct finding_dismissal f1 = {.rule = "F1",
                                   .entity = "user",
                                   .entity_id = m.ann,
                                   .reason = "A busy quarter",
                                   .cycle_id = m.cycle};
    s = svc_as(m.bo, false);
    cr_assert_eq(svc_coach_dismiss(&s, &f1, &err), ERR_FORBIDDEN);
    s = svc_as(m.boss, false);
    cr_assert_eq(svc_coach_dismiss(&s, &f1, &err), ERR_OK, "%s", err.msg);
    struct finding_dismissal s4 = {.rule = "S4",
                                   .entity = "tenant",
                                   .entity_id = W.tenant,
                                   .reason = "Strategy offsite next week"};
    /* Without a cycle, one about the company holds for the cycle that contains today: there
     * is none active here. */
    s = svc_as(0, true);
    cr_assert_eq(svc_coach_dismiss(&s, &s4, &err), ERR_INVALID);
    cr_assert_str_eq(err.field, "cycle_id");
    s4.cycle_id = m.cycle;
    s = svc_as(m.boss, false);
    cr_assert_eq(svc_coach_dismiss(&s, &s4, &err), ERR_FORBIDDEN, "admins only");
    s = svc_as(0, true);
    cr_assert_eq(svc_coach_dismiss(&s, &s4, &err), ERR_OK, "%s", err.msg);
    /* Withdrawn by its finding: Bo may not take back Ann's; Ann may, and it counts again. */
    struct finding_dismissal back = {.rule = "c4", .entity = "objective", .entity_id = m.maintain};
    s = svc_as(m.bo, false);
    cr_assert_eq(svc_coach_undismiss(&s, &back, &err), ERR_FORBIDDEN);
    s = svc_as(m.ann, false);
    cr_assert_eq(svc_coach_undismiss(&s, &back, &err), ERR_OK, "%s", err.msg);
    cr_assert_str_eq(back.reason, "The ERP upgrade is new this quarter", "the one withdrawn");
    s = svc_as(m.boss, false);
    cr_assert_eq(svc_coach_cycle(&s, m.cycle, COACH_EN, &v, &err), ERR_OK);
    cr_assert(has_finding(&v.report, COACH_C4, m.maintain, false), "counts again");
    back = (struct finding_dismissal){.rule = "C4", .entity = "objective", .entity_id = m.maintain};
    s = svc_as(m.ann, false);
    cr_assert_eq(svc_coach_undismiss(&s, &back, &err), ERR_NOT_FOUND, "once");
    /* The boss's F1 on Ann, withdrawn by id. */
    back = (struct finding_dismissal){.id = f1.id};
    s = svc_as(m.boss, false);
    cr_assert_eq(svc_coach_undismiss(&s, &back, &err), ERR_OK, "%s", err.msg);
    /* Its author takes it back without the right to dismiss it any more: Ann dismissed C4 on
     * her objective, which then went to Bo. */
    d = (struct finding_dismissal){
        .rule = "C4", .entity = "objective", .entity_id = m.maintain, .reason = "a new ERP"};
    s = svc_as(m.ann, false);
    cr_assert_eq(svc_coach_dismiss(&s, &d, &err), ERR_OK, "%s", err.msg);
    op = svc_as(0, false);
    struct objective moved;
    cr_assert_eq(svc_get(&op, &entity_objective, m.maintain, &moved, &err), ERR_OK);
    moved.owner_user_id = m.bo;
    cr_assert_eq(svc_update(&op, &entity_objective, &moved, &err), ERR_OK, "%s", err.msg);
    back = (struct finding_dismissal){.id = d.id};
    cr_assert_eq(svc_coach_dismiss(&s, &d, &err), ERR_FORBIDDEN, "Ann may not dismiss it now");
    cr_assert_eq(svc_coach_undismiss(&s, &back, &err), ERR_OK, "but may take hers back: %s",
                 err.msg);
    world_close();
}

Test(coach, draft_hints_through_the_service)
{
    struct small m = small_company();
    struct objective draft;
    meta_init(&entity_objective, &draft);
    svc_defaults(&entity_objective, &draft);
    draft.cycle_id = m.cycle;
    draft.owner_user_id = m.ann;
    draft.title = "Grow revenue to 5M";
    struct key_result k;
    meta_init(&entity_key_result, &k);
    svc_defaults(&entity_key_result, &k);
    k.title = "Hold 4 partner days";
    k.target = 4;
    struct coach_report r;
    enum coach_lang used;
    struct err err = {0};
    struct svc s = svc_as(m.ann, false);
    cr_assert_eq(svc_coach_draft(&s, &draft, &k, 1, COACH_LANG_AUTO, &r, &used, &err), ERR_OK, "%s",
                 err.msg);
    cr_assert_eq(used, COACH_EN);
    bool m2 = false, m3 = false;
    for (size_t i = 0; i < r.n; i++) {
        m2 |= r.findings[i].rule == COACH_M2 && r.findings[i].kr_index == 0;
        m3 |= r.findings[i].rule == COACH_M3;
    }
    cr_assert(m2 && m3);
    draft.cycle_id = 424242;
    cr_assert_eq(svc_coach_draft(&s, &draft, &k, 1, COACH_EN, &r, &used, &err), ERR_INVALID);
    world_close();
}

/* ---------------------------------------------------------------------------------------------
 * The REST handlers, called as the router would */

static int64_t fixed_clock(void)
{
    return NOW;
}

struct call {
    struct http_request req;
    struct http_response resp;
    struct api_worker worker;
    struct arena arena;
    json_t *json;
};

static const struct route *route(const char *method, const char *pattern)
{
    for (size_t i = 0; i < api_route_count; i++) {
        if (!strcmp(api_routes[i].method, method) && !strcmp(api_routes[i].pattern, pattern)) {
            return &api_routes[i];
        }
    }
    cr_assert_fail("no route %s %s", method, pattern);
    return NULL;
}

static void call(struct call *c, int64_t user, const char *method, const char *pattern,
                 const char *id, const char *query_key, const char *query_value, const char *body)
{
    static struct api_app app = {.clock = fixed_clock};
    memset(c, 0, sizeof *c);
    arena_init(&c->arena, 0);
    c->worker = (struct api_worker){
        .st = W.st, .tenant_id = W.tenant, .actor = {.user_id = user, .admin = !user}};
    c->req.method = method;
    c->req.route = route(method, pattern);
    c->req.arena = &c->arena;
    c->req.worker = &c->worker;
    c->req.body = body ? body : "";
    c->req.body_len = strlen(c->req.body);
    if (id) {
        c->req.params[0] = (struct http_kv){"id", 2, id, strlen(id)};
        c->req.nparams = 1;
    }
    if (query_key) {
        c->req.query[0] =
            (struct http_kv){query_key, strlen(query_key), query_value, strlen(query_value)};
        c->req.nquery = 1;
    }
    sb_init(&c->resp.body);
    c->resp.arena = &c->arena;
    c->req.route->handler(&app, &c->req, &c->resp);
    c->json = json_loads(sb_cstr(&c->resp.body), 0, NULL);
}

static void call_free(struct call *c)
{
    json_decref(c->json);
    sb_free(&c->resp.body);
    arena_free(&c->arena);
}

Test(coach, api_cycle_findings_and_dismissals)
{
    struct small m = small_company();
    char cycle[24], maintain[24];
    snprintf(cycle, sizeof cycle, "%lld", (long long)m.cycle);
    snprintf(maintain, sizeof maintain, "%lld", (long long)m.maintain);
    struct call c;
    call(&c, 0, "GET", "/api/v1/cycles/{id}/findings", cycle, "lang", "zh", NULL);
    cr_assert_eq(c.resp.status, 200, "%s", sb_cstr(&c.resp.body));
    cr_assert_str_eq(json_string_value(json_object_get(c.json, "language")), "zh-CN");
    json_t *fs = json_object_get(c.json, "findings");
    bool c4 = false;
    for (size_t i = 0; i < json_array_size(fs); i++) {
        json_t *f = json_array_get(fs, i);
        if (!strcmp(json_string_value(json_object_get(f, "rule")), "C4") &&
            json_integer_value(json_object_get(f, "entity_id")) == m.maintain) {
            c4 = true;
            cr_assert_str_eq(json_string_value(json_object_get(f, "entity")), "objective");
            cr_assert_str_eq(json_string_value(json_object_get(f, "severity")), "warning");
            cr_assert_str_eq(json_string_value(json_object_get(f, "family")), "challenge");
            cr_assert_str_eq(json_string_value(json_object_get(f, "owner_name")), "Ann");
            cr_assert_eq(json_integer_value(json_object_get(json_object_get(f, "owner"), "user")),
                         m.ann);
            cr_assert(strstr(json_string_value(json_object_get(f, "message")), "维持现状"));
        }
    }
    cr_assert(c4);
    cr_assert(json_is_number(json_object_get(c.json, "health")));
    call_free(&c);
    call(&c, 0, "GET", "/api/v1/cycles/{id}/findings", cycle, "owner", "bogus", NULL);
    cr_assert_eq(c.resp.status, 422);
    call_free(&c);
    call(&c, 0, "GET", "/api/v1/cycles/{id}/findings", "999", NULL, NULL, NULL);
    cr_assert_eq(c.resp.status, 404);
    call_free(&c);
    /* Only one owner's findings. */
    char owner[40];
    snprintf(owner, sizeof owner, "user:%lld", (long long)m.bo);
    call(&c, 0, "GET", "/api/v1/cycles/{id}/findings", cycle, "owner", owner, NULL);
    fs = json_object_get(c.json, "findings");
    cr_assert_gt(json_array_size(fs), 0);
    for (size_t i = 0; i < json_array_size(fs); i++) {
        json_t *o = json_object_get(json_array_get(fs, i), "owner");
        cr_assert_eq(json_integer_value(json_object_get(o, "user")), m.bo);
    }
    call_free(&c);
    /* Dismiss, as Ann. */
    char body[256];
    snprintf(body, sizeof body,
             "{\"rule\":\"C4\",\"entity\":\"objective\",\"entity_id\":%lld,"
             "\"reason\":\"ERP upgrade: new this quarter\"}",
             (long long)m.maintain);
    call(&c, m.ann, "POST", "/api/v1/findings/dismissals", NULL, NULL, NULL, body);
    cr_assert_eq(c.resp.status, 201, "%s", sb_cstr(&c.resp.body));
    cr_assert_eq(json_integer_value(json_object_get(c.json, "user_id")), m.ann);
    cr_assert_str_eq(json_string_value(json_object_get(c.json, "reason")),
                     "ERP upgrade: new this quarter");
    json_int_t first = json_integer_value(json_object_get(c.json, "id"));
    call_free(&c);
    /* Again: the same dismissal, its reason replaced. */
    call(&c, m.ann, "POST", "/api/v1/findings/dismissals", NULL, NULL, NULL, body);
    cr_assert_eq(c.resp.status, 201, "%s", sb_cstr(&c.resp.body));
    cr_assert_eq(json_integer_value(json_object_get(c.json, "id")), first);
    call_free(&c);
    call(&c, m.ann, "POST", "/api/v1/findings/dismissals", NULL, NULL, NULL,
         "{\"rule\":\"C4\",\"entity\":\"objective\",\"entity_id\":1}");
    cr_assert_eq(c.resp.status, 422, "the reason is required");
    call_free(&c);
    /* A plain read of the objective skips the coach; asked for, its representation carries its
     * findings, the dismissed one apart. */
    call(&c, m.ann, "GET", "/api/v1/objectives/{id}", maintain, NULL, NULL, NULL);
    cr_assert_eq(c.resp.status, 200);
    cr_assert_null(json_object_get(c.json, "findings"));
    call_free(&c);
    call(&c, m.ann, "GET", "/api/v1/objectives/{id}", maintain, "findings", "true", NULL);
    cr_assert_eq(c.resp.status, 200);
    json_t *dismissed = json_object_get(c.json, "dismissed_findings");
    cr_assert_eq(json_array_size(dismissed), 1);
    cr_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(json_array_get(dismissed, 0), "dismissal"), "reason")),
                     "ERP upgrade: new this quarter");
    fs = json_object_get(c.json, "findings");
    bool f2 = false;
    for (size_t i = 0; i < json_array_size(fs); i++) {
        f2 |= !strcmp(json_string_value(json_object_get(json_array_get(fs, i), "rule")), "F2");
    }
    cr_assert(f2, "no key results yet");
    call_free(&c);
    /* Creating an objective answers with its findings. */
    snprintf(body, sizeof body,
             "{\"cycle_id\":%lld,\"owner_user_id\":%lld,\"title\":\"保持华东市场份额\"}",
             (long long)m.cycle, (long long)m.bo);
    call(&c, 0, "POST", "/api/v1/objectives", NULL, NULL, NULL, body);
    cr_assert_eq(c.resp.status, 201, "%s", sb_cstr(&c.resp.body));
    fs = json_object_get(c.json, "findings");
    bool c4_zh = false;
    for (size_t i = 0; i < json_array_size(fs); i++) {
        c4_zh |= !strcmp(json_string_value(json_object_get(json_array_get(fs, i), "rule")), "C4");
    }
    cr_assert(c4_zh);
    call_free(&c);
    world_close();
}
