/* The demo company (service/demo.c), built into real SQLite files in /tmp and read back through
 * the store: the hand-written company in both languages holds everything the method asks a
 * realistic company to show (themes of every source, aligned OKRs through accepted take-on
 * requests, a pending and a declined request, KPIs beside OKRs, a closed scored quarter and an
 * active one with check-ins up to today), every record passes the domain's validation, check-in
 * statuses agree with the domain's progress rules, builds are deterministic, the scaled company
 * keeps its shape, and bad options write nothing. Suite: demo. */
#include "core/arena.h"
#include "core/err.h"
#include "core/timefmt.h"
#include "domain/meta.h"
#include "domain/model.h"
#include "domain/progress.h"
#include "domain/rules.h"
#include "service/demo.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct world {
    struct store *st;
    char path[256];
    struct arena a;
};

static void remove_db(const char *path)
{
    char p[300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* The database file of the test running now, removed by the suite's fini even when an assertion
 * ends the test early. */
static char current_db[256];

static void world_open(struct world *w)
{
    snprintf(w->path, sizeof w->path, "/tmp/okr-demo-XXXXXX");
    int fd = mkstemp(w->path);
    cr_assert_geq(fd, 0, "mkstemp failed");
    close(fd);
    snprintf(current_db, sizeof current_db, "%s", w->path);
    struct err err = {0};
    cr_assert_eq(store_open(w->path, &w->st, &err), ERR_OK, "store_open: %s", err.msg);
    arena_init(&w->a, 0);
}

/* okr demo writes without foreign key checks (store_begin_trusted): SQLite's own check over the
 * whole file proves every reference it wrote is right. And what a check-in keeps consistent
 * holds as if each had been made. */
static void assert_references_hold(const char *path)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL), SQLITE_OK,
                 "%s", sqlite3_errmsg(db));
    int rc = sqlite3_step(st);
    cr_assert_eq(rc, SQLITE_DONE, "a broken reference in %s: table %s, to %s", path,
                 rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : sqlite3_errmsg(db),
                 rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 2) : "");
    sqlite3_finalize(st);
    /* A key result checked in was last updated by its latest check-in, as a check-in does (the
     * dashboard reads updated). */
    cr_assert_eq(sqlite3_prepare_v2(db,
                                    "SELECT count(*) FROM key_results k WHERE updated <> (SELECT "
                                    "max(at) FROM checkins c WHERE c.tenant_id = k.tenant_id AND "
                                    "c.kr_id = k.id)",
                                    -1, &st, NULL),
                 SQLITE_OK, "%s", sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int64(st, 0), 0, "key results not updated by their last check-in");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void world_close(struct world *w)
{
    assert_references_hold(w->path);
    store_close(w->st);
    arena_free(&w->a);
    remove_db(w->path);
    current_db[0] = '\0';
}

static void remove_leftover(void)
{
    if (current_db[0]) {
        remove_db(current_db);
        current_db[0] = '\0';
    }
}

TestSuite(demo, .fini = remove_leftover);

/* 2026-05-20, a Wednesday in the second quarter; now is noon UTC that day. */
static int64_t today_q2(void)
{
    return date_from_ymd(2026, 5, 20);
}

struct progress_log {
    int calls;
    int64_t last_done, last_total;
    bool monotonic;
};

static void on_progress(void *ctx, const char *phase, int64_t done, int64_t total)
{
    struct progress_log *p = ctx;
    cr_assert_not_null(phase);
    if (done < p->last_done) {
        p->monotonic = false;
    }
    p->calls++;
    p->last_done = done;
    p->last_total = total;
}

static int64_t build(struct world *w, const char *lang, int64_t people, int64_t today,
                     int64_t *rows, struct progress_log *log)
{
    struct demo_opts o = {.lang = lang, .people = people, .today = today};
    if (log) {
        log->monotonic = true;
        o.progress = on_progress;
        o.ctx = log;
    }
    int64_t tenant = 0, n = 0;
    struct err err = {0};
    enum err_code rc = svc_demo(w->st, &w->a, today * 86400 + 12 * 3600, &o, &tenant, &n, &err);
    cr_assert_eq(rc, ERR_OK, "svc_demo: %s (%s)", err.msg, err.field);
    cr_assert_gt(tenant, 0);
    cr_assert_gt(n, 0);
    if (rows) {
        *rows = n;
    }
    return tenant;
}

static struct rows list(struct world *w, const struct entity *e, int64_t tenant)
{
    struct query q = {.tenant_id = tenant};
    struct rows r = {0};
    struct err err = {0};
    cr_assert_eq(store_list(w->st, e, &q, &w->a, &r, &err), ERR_OK, "list %s: %s", e->name,
                 err.msg);
    return r;
}

/* Every record of a tenant, by entity. */
struct company {
    int64_t tenant;
    struct rows users, teams, members, themes, cycles, objs, krs, inits, checkins, kpis, values,
        requests, comments, audits;
};

static void load(struct world *w, int64_t tenant, struct company *c)
{
    c->tenant = tenant;
    c->users = list(w, &entity_user, tenant);
    c->teams = list(w, &entity_team, tenant);
    c->members = list(w, &entity_membership, tenant);
    c->themes = list(w, &entity_theme, tenant);
    c->cycles = list(w, &entity_cycle, tenant);
    c->objs = list(w, &entity_objective, tenant);
    c->krs = list(w, &entity_key_result, tenant);
    c->inits = list(w, &entity_initiative, tenant);
    c->checkins = list(w, &entity_checkin, tenant);
    c->kpis = list(w, &entity_kpi, tenant);
    c->values = list(w, &entity_kpi_value, tenant);
    c->requests = list(w, &entity_request, tenant);
    c->comments = list(w, &entity_comment, tenant);
    c->audits = list(w, &entity_audit, tenant);
}

#define AT(ROWS, TYPE, I) (&((const struct TYPE *)(ROWS).items)[I])

static int64_t total_rows(const struct company *c)
{
    return (int64_t)(1 + c->users.n + c->teams.n + c->members.n + c->themes.n + c->cycles.n +
                     c->objs.n + c->krs.n + c->inits.n + c->checkins.n + c->kpis.n + c->values.n +
                     c->requests.n + c->comments.n + c->audits.n);
}

/* Lists come back in id order: find by binary search. */
static const void *by_id(struct rows r, size_t size, int64_t id)
{
    size_t lo = 0, hi = r.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const void *p = (const char *)r.items + mid * size;
        int64_t mid_id = ((const int64_t *)p)[1]; /* tenant_id, then id */
        if (mid_id == id) {
            return p;
        }
        if (mid_id < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

static const struct objective *obj_by_id(const struct company *c, int64_t id)
{
    return by_id(c->objs, sizeof(struct objective), id);
}

static const struct key_result *kr_by_id(const struct company *c, int64_t id)
{
    return by_id(c->krs, sizeof(struct key_result), id);
}

static const struct cycle *cycle_by_id(const struct company *c, int64_t id)
{
    return by_id(c->cycles, sizeof(struct cycle), id);
}

static void validate_all(const struct entity *e, struct rows r)
{
    for (size_t i = 0; i < r.n; i++) {
        struct err err = {0};
        const void *obj = (const char *)r.items + i * e->size;
        cr_assert_eq(validate_record(e, obj, &err), ERR_OK, "%s #%zu invalid: %s: %s", e->name, i,
                     err.field, err.msg);
    }
}

static void validate_company(const struct company *c)
{
    validate_all(&entity_user, c->users);
    validate_all(&entity_team, c->teams);
    validate_all(&entity_membership, c->members);
    validate_all(&entity_theme, c->themes);
    validate_all(&entity_cycle, c->cycles);
    validate_all(&entity_objective, c->objs);
    validate_all(&entity_key_result, c->krs);
    validate_all(&entity_initiative, c->inits);
    validate_all(&entity_checkin, c->checkins);
    validate_all(&entity_kpi, c->kpis);
    validate_all(&entity_kpi_value, c->values);
    validate_all(&entity_request, c->requests);
    validate_all(&entity_comment, c->comments);
}

/* The year cycle and its two quarters: the closed one and the active one holding today. */
static void quarters(const struct company *c, int64_t today, const struct cycle **closed,
                     const struct cycle **active)
{
    *closed = *active = NULL;
    int years = 0;
    for (size_t i = 0; i < c->cycles.n; i++) {
        const struct cycle *cy = AT(c->cycles, cycle, i);
        if (cy->kind == CYCLE_YEAR) {
            years++;
            continue;
        }
        cr_assert_eq(cy->kind, CYCLE_QUARTER);
        const struct cycle *parent = cycle_by_id(c, cy->parent_id);
        cr_assert_not_null(parent, "a quarter sits in a year cycle");
        cr_assert(parent->start <= cy->start && cy->end <= parent->end);
        if (cy->state == CYCLE_CLOSED) {
            *closed = cy;
        } else if (cy->state == CYCLE_ACTIVE) {
            *active = cy;
        }
    }
    cr_assert(years >= 1);
    cr_assert_not_null(*closed);
    cr_assert_not_null(*active);
    cr_assert((*active)->start <= today && today <= (*active)->end);
    cr_assert_eq((*closed)->end + 1, (*active)->start, "the closed quarter is the one before");
}

/* Check-ins: statuses agree with the domain's progress rules, the KR's current value is its
 * latest check-in's, and none lies after today. */
static void check_checkins(const struct company *c, int64_t today)
{
    cr_assert_gt(c->checkins.n, 0);
    int64_t *last_at = calloc(c->krs.n + 1, sizeof(int64_t));
    double *last_val = calloc(c->krs.n + 1, sizeof(double));
    for (size_t i = 0; i < c->checkins.n; i++) {
        const struct checkin *ci = AT(c->checkins, checkin, i);
        const struct key_result *kr = kr_by_id(c, ci->kr_id);
        cr_assert_not_null(kr);
        const struct objective *o = obj_by_id(c, kr->objective_id);
        const struct cycle *cy = cycle_by_id(c, o->cycle_id);
        int64_t day = ci->at / 86400;
        cr_assert(day >= cy->start && day <= cy->end && day <= today,
                  "check-in inside its quarter");
        struct key_result at = *kr;
        at.current = ci->value;
        double exp = expected_progress(cy->start, cy->end, day);
        cr_assert_eq(ci->status, (int)progress_status(kr_progress(&at), exp, ci->confidence),
                     "status of check-in %lld on \"%s\" agrees with progress", (long long)ci->id,
                     kr->title);
        cr_assert(ci->confidence >= 0 && ci->confidence <= 1);
        size_t k =
            (size_t)((const struct key_result *)kr - (const struct key_result *)c->krs.items);
        if (ci->at >= last_at[k]) {
            last_at[k] = ci->at;
            last_val[k] = ci->value;
        }
    }
    for (size_t k = 0; k < c->krs.n; k++) {
        if (last_at[k]) {
            cr_assert_float_eq(AT(c->krs, key_result, k)->current, last_val[k], 1e-9,
                               "a KR's current value is its latest check-in's");
        }
    }
    free(last_at);
    free(last_val);
}

static bool contains(const char *s, const char *part)
{
    return s && strstr(s, part) != NULL;
}

static const struct cycle *check_small(struct world *w, int64_t tenant, bool en, int64_t today)
{
    struct company c;
    load(w, tenant, &c);
    validate_company(&c);

    /* People: one admin (the CEO, who has no manager), everyone else reports to someone. */
    cr_assert(c.users.n >= 15 && c.users.n <= 25, "about 20 people, got %zu", c.users.n);
    int admins = 0;
    for (size_t i = 0; i < c.users.n; i++) {
        const struct user *u = AT(c.users, user, i);
        const char *at = strchr(u->email, '@');
        cr_assert(at && at > u->email && strcmp(at, "@demo.okr.example") == 0, "%s", u->email);
        if (u->role == ROLE_ADMIN) {
            admins++;
            cr_assert_eq(u->manager_id, 0);
        } else {
            cr_assert_neq(u->manager_id, 0, "%s has a manager", u->name);
        }
    }
    cr_assert_eq(admins, 1);

    /* Teams: a tree under the company, with Manufacturing among the departments. */
    int roots = 0;
    bool mfg = false;
    for (size_t i = 0; i < c.teams.n; i++) {
        const struct team *t = AT(c.teams, team, i);
        roots += t->parent_id == 0;
        cr_assert_neq(t->lead_id, 0);
        mfg = mfg || strcmp(t->name, en ? "Manufacturing" : "生产制造部") == 0;
    }
    cr_assert_eq(roots, 1);
    cr_assert(mfg);
    cr_assert_geq(c.members.n, c.users.n);

    /* Themes of every source, both horizons. */
    int sources[5] = {0}, horizons[2] = {0};
    for (size_t i = 0; i < c.themes.n; i++) {
        sources[AT(c.themes, theme, i)->source]++;
        horizons[AT(c.themes, theme, i)->horizon]++;
    }
    for (int s = 0; s < 5; s++) {
        cr_assert_gt(sources[s], 0, "a theme of source %d", s);
    }
    cr_assert(horizons[0] > 0 && horizons[1] > 0);

    const struct cycle *closed, *active;
    quarters(&c, today, &closed, &active);

    /* The safety KPI: at most 0 incidents, healthy every month for more than three quarters. */
    const struct kpi *safety = NULL;
    for (size_t i = 0; i < c.kpis.n; i++) {
        const struct kpi *k = AT(c.kpis, kpi, i);
        if (contains(k->name, en ? "Safety incidents" : "安全事故")) {
            safety = k;
        }
    }
    cr_assert_not_null(safety);
    cr_assert_eq(safety->direction, DIR_AT_MOST);
    cr_assert_float_eq(safety->threshold, 0, 1e-12);
    int months = 0;
    int64_t prev_on = DATE_NONE;
    for (size_t i = 0; i < c.values.n; i++) {
        const struct kpi_value *v = AT(c.values, kpi_value, i);
        if (v->kpi_id != safety->id) {
            continue;
        }
        months++;
        cr_assert_float_eq(v->value, 0, 1e-12, "no incident, ever");
        cr_assert(v->on <= today);
        if (prev_on != DATE_NONE) {
            cr_assert(v->on - prev_on >= 28 && v->on - prev_on <= 31, "monthly values");
        }
        prev_on = v->on;
    }
    cr_assert_geq(months, 9, "3+ quarters of monthly values");

    /* Objectives: the new-equipment one improves the safety KPI; one KR restates the KPI. */
    bool new_equipment = false, team_vis = false, private_vis = false, postmortem = false;
    for (size_t i = 0; i < c.objs.n; i++) {
        const struct objective *o = AT(c.objs, objective, i);
        if (en ? contains(o->title, "Safe operation of the new")
               : contains(o->title, "新自动化产线") && contains(o->title, "安全运行")) {
            new_equipment = true;
            cr_assert_eq(o->kpi_id, safety->id);
            cr_assert_eq(o->cycle_id, active->id);
        }
        team_vis = team_vis || o->visibility == VIS_TEAM;
        private_vis = private_vis || (o->visibility == VIS_PRIVATE && o->owner_user_id);
        /* Company objectives trace to a theme, every other to a parent. */
        if (!o->owner_user_id && !o->owner_team_id) {
            cr_assert_neq(o->theme_id, 0, "%s traces to a theme", o->title);
        } else {
            cr_assert(o->parent_kr_id || o->parent_objective_id, "%s is aligned", o->title);
        }
        if (o->cycle_id == closed->id && o->state != OBJ_DROPPED) {
            cr_assert(!isnan(o->final_score) && !isnan(o->self_score) && !isnan(o->manager_score),
                      "%s is scored", o->title);
            cr_assert(o->final_score >= 0 && o->final_score <= 1);
            cr_assert(o->reflection[0], "%s has a reflection", o->title);
            if (o->kind == KIND_COMMITTED && o->final_score < 1.0 - 1e-9) {
                cr_assert(o->postmortem[0], "%s has a post-mortem", o->title);
                postmortem = true;
            }
        }
        if (o->cycle_id == active->id) {
            cr_assert(isnan(o->final_score), "the active quarter is not scored yet");
        }
    }
    cr_assert(new_equipment && team_vis && private_vis && postmortem);
    /* The closed quarter has aspirational scores around 0.6-0.7 and committed ones at 1.0. */
    bool aspirational_ok = false, committed_full = false;
    for (size_t i = 0; i < c.objs.n; i++) {
        const struct objective *o = AT(c.objs, objective, i);
        if (o->cycle_id != closed->id || isnan(o->final_score)) {
            continue;
        }
        aspirational_ok = aspirational_ok || (o->kind == KIND_ASPIRATIONAL &&
                                              o->final_score >= 0.55 && o->final_score <= 0.75);
        committed_full = committed_full || (o->kind == KIND_COMMITTED && o->final_score == 1.0);
    }
    cr_assert(aspirational_ok && committed_full);

    bool restating = false;
    int metric_units = 0, milestones = 0;
    for (size_t i = 0; i < c.krs.n; i++) {
        const struct key_result *k = AT(c.krs, key_result, i);
        if (strcmp(k->title, en ? "Zero safety incidents this quarter" : "本季度安全事故为零") ==
            0) {
            restating = true;
            cr_assert_eq(k->direction, DIR_AT_MOST);
            cr_assert_float_eq(k->target, 0, 1e-12);
        }
        metric_units += k->type == KR_METRIC && k->unit[0];
        milestones += k->type == KR_MILESTONE;
        cr_assert(k->confidence >= 0 && k->confidence <= 1);
    }
    cr_assert(restating);
    cr_assert(metric_units > 10 && milestones > 2);

    /* Take-on requests: accepted ones made an objective aligned to their source. */
    int pending = 0, declined = 0, accepted = 0;
    for (size_t i = 0; i < c.requests.n; i++) {
        const struct request *r = AT(c.requests, request, i);
        if (r->state == REQ_PENDING) {
            pending++;
            cr_assert_eq(r->result_objective_id, 0);
        } else if (r->state == REQ_DECLINED) {
            declined++;
            cr_assert(r->reason[0], "a declined request says why");
        } else if (r->state == REQ_ACCEPTED) {
            accepted++;
            const struct objective *o = obj_by_id(&c, r->result_objective_id);
            cr_assert_not_null(o, "an accepted request links its objective");
            cr_assert_eq(o->owner_user_id, r->to_user_id);
            if (r->kr_id) {
                cr_assert_eq(o->parent_kr_id, r->kr_id);
                cr_assert_str_eq(o->title, kr_by_id(&c, r->kr_id)->title);
            } else {
                cr_assert_eq(o->parent_objective_id, r->objective_id);
            }
        }
    }
    cr_assert(pending >= 1 && declined >= 1 && accepted >= 3);

    /* Initiatives in every state but dropped; a few comments. */
    int states[4] = {0};
    for (size_t i = 0; i < c.inits.n; i++) {
        states[AT(c.inits, initiative, i)->state]++;
    }
    cr_assert(states[INIT_TODO] && states[INIT_DOING] && states[INIT_DONE]);
    cr_assert_geq(c.comments.n, 3);

    /* Check-ins: weekly on every KR of the closed quarter (but a dropped objective's), and on
     * the active quarter's up to today. */
    check_checkins(&c, today);
    bool today_checkin = false;
    for (size_t i = 0; i < c.checkins.n; i++) {
        today_checkin = today_checkin || AT(c.checkins, checkin, i)->at / 86400 == today;
    }
    cr_assert(today_checkin);
    for (size_t i = 0; i < c.krs.n; i++) {
        const struct key_result *k = AT(c.krs, key_result, i);
        const struct objective *o = obj_by_id(&c, k->objective_id);
        size_t n = 0;
        for (size_t j = 0; j < c.checkins.n; j++) {
            n += AT(c.checkins, checkin, j)->kr_id == k->id;
        }
        if (o->cycle_id == closed->id && o->state != OBJ_DROPPED) {
            cr_assert_geq(n, 12, "weekly check-ins over the closed quarter");
        } else if (o->state == OBJ_ACTIVE) {
            cr_assert_geq(n, 1);
        }
    }
    cr_assert_eq(total_rows(&c), total_rows(&c));
    return active;
}

Test(demo, small_zh)
{
    struct world w;
    world_open(&w);
    int64_t rows;
    struct progress_log log = {0};
    int64_t t = build(&w, "zh", 0, today_q2(), &rows, &log);
    check_small(&w, t, false, today_q2());
    struct company c;
    load(&w, t, &c);
    cr_assert_eq(rows, total_rows(&c),
                 "rows counts every record written: %lld vs %lld (audits %zu)", (long long)rows,
                 (long long)total_rows(&c), c.audits.n);
    /* Natural Chinese: the objective titles hold Chinese characters (3-byte UTF-8). */
    cr_assert((unsigned char)AT(c.objs, objective, 0)->title[0] >= 0xe0);
    cr_assert_gt(log.calls, 0);
    world_close(&w);
}

Test(demo, small_en)
{
    struct world w;
    world_open(&w);
    int64_t t = build(&w, "en", 0, today_q2(), NULL, NULL);
    check_small(&w, t, true, today_q2());
    struct company c;
    load(&w, t, &c);
    for (size_t i = 0; i < c.objs.n; i++) {
        const char *s = AT(c.objs, objective, i)->title;
        for (; *s; s++) {
            cr_assert((unsigned char)*s < 0x80, "English titles are ASCII: %s",
                      AT(c.objs, objective, i)->title);
        }
    }
    world_close(&w);
}

Test(demo, default_lang_is_zh)
{
    struct world w;
    world_open(&w);
    int64_t t = build(&w, NULL, 0, today_q2(), NULL, NULL);
    struct company c;
    load(&w, t, &c);
    cr_assert_str_eq(AT(c.teams, team, 1)->name, "销售部");
    world_close(&w);
}

/* Today in the first quarter: the closed quarter is last year's fourth, in last year's cycle. */
Test(demo, first_quarter_reaches_back_a_year)
{
    struct world w;
    world_open(&w);
    int64_t today = date_from_ymd(2027, 1, 3);
    int64_t t = build(&w, "zh", 0, today, NULL, NULL);
    check_small(&w, t, false, today);
    struct company c;
    load(&w, t, &c);
    cr_assert_eq(c.cycles.n, 4);
    const struct cycle *closed, *active;
    quarters(&c, today, &closed, &active);
    cr_assert_eq(closed->start, date_from_ymd(2026, 10, 1));
    cr_assert_str_eq(closed->name, "2026年第4季度");
    cr_assert_str_eq(cycle_by_id(&c, closed->parent_id)->name, "2026年");
    cr_assert_str_eq(cycle_by_id(&c, active->parent_id)->name, "2027年");
    world_close(&w);
}

static void same_company(struct world *w, int64_t a, int64_t b)
{
    struct company x, y;
    load(w, a, &x);
    load(w, b, &y);
    cr_assert_eq(total_rows(&x), total_rows(&y));
    cr_assert_eq(x.objs.n, y.objs.n);
    cr_assert_eq(x.krs.n, y.krs.n);
    cr_assert_eq(x.checkins.n, y.checkins.n);
    cr_assert_eq(x.users.n, y.users.n);
    for (size_t i = 0; i < x.objs.n; i++) {
        cr_assert_str_eq(AT(x.objs, objective, i)->title, AT(y.objs, objective, i)->title);
    }
    for (size_t i = 0; i < x.krs.n; i++) {
        cr_assert_str_eq(AT(x.krs, key_result, i)->title, AT(y.krs, key_result, i)->title);
        cr_assert_float_eq(AT(x.krs, key_result, i)->current, AT(y.krs, key_result, i)->current,
                           1e-12);
    }
    for (size_t i = 0; i < x.users.n; i++) {
        cr_assert_str_eq(AT(x.users, user, i)->email, AT(y.users, user, i)->email);
    }
    for (size_t i = 0; i < x.checkins.n; i++) {
        cr_assert_eq(AT(x.checkins, checkin, i)->at, AT(y.checkins, checkin, i)->at);
        cr_assert_float_eq(AT(x.checkins, checkin, i)->value, AT(y.checkins, checkin, i)->value,
                           1e-12);
    }
}

Test(demo, deterministic)
{
    struct world w;
    world_open(&w);
    int64_t r1, r2, r3, r4;
    int64_t a = build(&w, "zh", 0, today_q2(), &r1, NULL);
    int64_t b = build(&w, "zh", 0, today_q2(), &r2, NULL);
    cr_assert_eq(r1, r2);
    cr_assert_neq(a, b, "each demo is a tenant of its own");
    same_company(&w, a, b);
    int64_t c = build(&w, "en", 25, today_q2(), &r3, NULL);
    int64_t d = build(&w, "en", 25, today_q2(), &r4, NULL);
    cr_assert_eq(r3, r4);
    same_company(&w, c, d);
    world_close(&w);
}

static size_t count_where(struct rows r, size_t size, size_t offset, int64_t v)
{
    size_t n = 0;
    for (size_t i = 0; i < r.n; i++) {
        n += *(const int64_t *)(const void *)((const char *)r.items + i * size + offset) == v;
    }
    return n;
}

Test(demo, scaled_200)
{
    struct world w;
    world_open(&w);
    int64_t rows;
    struct progress_log log = {0};
    int64_t t = build(&w, "zh", 200, today_q2(), &rows, &log);
    struct company c;
    load(&w, t, &c);
    cr_assert_eq(rows, total_rows(&c));
    cr_assert_eq(c.users.n, 200);
    validate_company(&c);
    const struct cycle *closed, *active;
    quarters(&c, today_q2(), &closed, &active);

    /* Progress: about every 1%, never backwards, ending at the total. */
    cr_assert_geq(log.calls, 50);
    cr_assert(log.monotonic);
    cr_assert_eq(log.last_done, 200);
    cr_assert_eq(log.last_total, 200);

    /* Company -> departments -> teams of 5-12 -> people; managers up to the CEO. */
    size_t depts = 0, teams = 0;
    int64_t root = 0;
    for (size_t i = 0; i < c.teams.n; i++) {
        if (AT(c.teams, team, i)->parent_id == 0) {
            root = AT(c.teams, team, i)->id;
        }
    }
    for (size_t i = 0; i < c.teams.n; i++) {
        const struct team *tm = AT(c.teams, team, i);
        if (tm->parent_id == root) {
            depts++;
        } else if (tm->parent_id) {
            teams++;
            size_t n = count_where(c.members, sizeof(struct membership),
                                   offsetof(struct membership, team_id), tm->id);
            cr_assert(n >= 5 && n <= 12, "team %s has %zu people", tm->name, n);
            const struct user *lead = by_id(c.users, sizeof(struct user), tm->lead_id);
            const struct team *dept = by_id(c.teams, sizeof(struct team), tm->parent_id);
            cr_assert_eq(lead->manager_id, dept->lead_id, "leads report to department heads");
        }
    }
    cr_assert_geq(depts, 4);
    cr_assert_geq(teams, depts);
    int admins = 0;
    for (size_t i = 0; i < c.users.n; i++) {
        const struct user *u = AT(c.users, user, i);
        admins += u->role == ROLE_ADMIN;
        cr_assert(u->role == ROLE_ADMIN || u->manager_id);
    }
    cr_assert_eq(admins, 1);

    /* 2-5 objectives per owner and quarter, 2-5 key results each, all aligned. */
    for (int q = 0; q < 2; q++) {
        int64_t cycle = q ? active->id : closed->id;
        for (size_t i = 0; i < c.users.n; i++) {
            const struct user *u = AT(c.users, user, i);
            if (u->role == ROLE_ADMIN) {
                continue;
            }
            size_t n = 0;
            for (size_t j = 0; j < c.objs.n; j++) {
                const struct objective *o = AT(c.objs, objective, j);
                n += o->owner_user_id == u->id && o->cycle_id == cycle;
            }
            cr_assert(n >= 2 && n <= 5, "%s has %zu objectives", u->name, n);
        }
        for (size_t i = 0; i < c.teams.n; i++) {
            const struct team *tm = AT(c.teams, team, i);
            if (tm->id == root) {
                continue;
            }
            size_t n = 0;
            for (size_t j = 0; j < c.objs.n; j++) {
                const struct objective *o = AT(c.objs, objective, j);
                n += o->owner_team_id == tm->id && o->cycle_id == cycle;
            }
            cr_assert(n >= 2 && n <= 5, "%s has %zu objectives", tm->name, n);
        }
    }
    size_t company_objs = 0;
    for (size_t j = 0; j < c.objs.n; j++) {
        const struct objective *o = AT(c.objs, objective, j);
        size_t n = count_where(c.krs, sizeof(struct key_result),
                               offsetof(struct key_result, objective_id), o->id);
        if (!o->owner_user_id && !o->owner_team_id) {
            company_objs++;
            cr_assert_neq(o->theme_id, 0);
            continue;
        }
        cr_assert(n >= 2 && n <= 5, "%s has %zu key results", o->title, n);
        cr_assert(o->parent_kr_id || o->parent_objective_id);
        if (o->cycle_id == closed->id && o->state != OBJ_DROPPED) {
            cr_assert(!isnan(o->final_score) && o->reflection[0]);
        }
    }
    cr_assert(company_objs >= 6 && company_objs <= 10, "3-5 company objectives a quarter");

    /* Accepted requests made aligned objectives; a few wait or were declined. */
    size_t accepted = 0;
    for (size_t i = 0; i < c.requests.n; i++) {
        const struct request *r = AT(c.requests, request, i);
        if (r->state == REQ_ACCEPTED) {
            accepted++;
            const struct objective *o = obj_by_id(&c, r->result_objective_id);
            cr_assert_not_null(o);
            cr_assert_eq(o->parent_kr_id, r->kr_id);
            cr_assert_eq(o->owner_user_id, r->to_user_id);
        } else {
            cr_assert_eq(r->result_objective_id, 0);
        }
    }
    cr_assert_gt(accepted, 100);

    /* Weekly check-ins on every KR in both quarters. */
    check_checkins(&c, today_q2());
    size_t *per_kr = calloc(c.krs.n, sizeof(size_t));
    for (size_t i = 0; i < c.checkins.n; i++) {
        const struct key_result *k = kr_by_id(&c, AT(c.checkins, checkin, i)->kr_id);
        per_kr[(size_t)(k - (const struct key_result *)c.krs.items)]++;
    }
    for (size_t i = 0; i < c.krs.n; i++) {
        const struct key_result *k = AT(c.krs, key_result, i);
        const struct objective *o = obj_by_id(&c, k->objective_id);
        if (o->state == OBJ_DROPPED) {
            cr_assert_geq(per_kr[i], 1);
        } else if (o->cycle_id == closed->id) {
            cr_assert_geq(per_kr[i], 12);
        } else {
            cr_assert_geq(per_kr[i], 7); /* 2026-04-01 .. 2026-05-20 */
        }
    }
    free(per_kr);
    world_close(&w);
}

Test(demo, smallest_scaled)
{
    struct world w;
    world_open(&w);
    int64_t t = build(&w, "en", 10, today_q2(), NULL, NULL);
    struct company c;
    load(&w, t, &c);
    cr_assert_eq(c.users.n, 10);
    validate_company(&c);
    world_close(&w);
}

static void rejects(const char *lang, int64_t people, int64_t today, const char *field)
{
    struct world w;
    world_open(&w);
    struct demo_opts o = {.lang = lang, .people = people, .today = today};
    int64_t tenant = -1, rows = -1;
    struct err err = {0};
    enum err_code rc = svc_demo(w.st, &w.a, today_q2() * 86400, &o, &tenant, &rows, &err);
    cr_assert_eq(rc, ERR_INVALID);
    cr_assert_str_eq(err.field, field);
    cr_assert_eq(tenant, 0);
    cr_assert_eq(rows, 0);
    struct query q = {0};
    struct rows r;
    cr_assert_eq(store_list(w.st, &entity_tenant, &q, &w.a, &r, &err), ERR_OK);
    cr_assert_eq(r.n, 0, "nothing written");
    world_close(&w);
}

Test(demo, bad_options)
{
    rejects("fr", 0, today_q2(), "lang");
    rejects("", 0, today_q2(), "lang");
    rejects("zh", 9, today_q2(), "people");
    rejects("zh", -5, today_q2(), "people");
    rejects("en", 2000001, today_q2(), "people");
    rejects("zh", 0, DATE_NONE, "today");
}
