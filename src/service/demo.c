/* `okr demo`: checks the options, opens the one write transaction, writes the tenant and its
 * cycles, and hands over to the hand-written company (demo_small.c) or the scaled one
 * (demo_scale.c). Also the writers both share: the fixed-seed PRNG, key results with their weekly
 * check-ins, KPI histories. Everything is derived from the options, `now` and `today`, never from
 * the clock or rand(), so the same options always give the same database. */
#include "demo.h"

#include "core/timefmt.h"
#include "demo_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { PEOPLE_MIN = 10, PEOPLE_MAX = 2000000, MAX_WEEKS = 16 };

enum err_code demo_put(struct demo_ctx *c, const struct entity *e, void *obj)
{
    enum err_code rc = store_insert(c->st, e, obj, c->err);
    if (rc == ERR_OK) {
        c->rows++;
    }
    return rc;
}

enum err_code demo_flush(struct demo_ctx *c)
{
    enum err_code rc = store_insert_many(c->st, &entity_checkin, c->pending, c->npending, c->err);
    if (rc == ERR_OK) {
        c->rows += (int64_t)c->npending;
        c->npending = 0;
    }
    return rc;
}

enum err_code demo_put_checkin(struct demo_ctx *c, const struct checkin *ci)
{
    c->pending[c->npending++] = *ci;
    return c->npending < sizeof c->pending / sizeof c->pending[0] ? ERR_OK : demo_flush(c);
}

const char *demo_tx(const struct demo_ctx *c, struct tx t)
{
    return c->lang == DEMO_EN ? t.en : t.zh;
}

uint64_t demo_rand(struct demo_ctx *c)
{
    uint64_t z = (c->rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int64_t demo_range(struct demo_ctx *c, int64_t lo, int64_t hi)
{
    if (hi <= lo) {
        return lo;
    }
    uint64_t span = (uint64_t)(hi - lo) + 1;
    return lo + (int64_t)(demo_rand(c) % span);
}

double demo_unit(struct demo_ctx *c)
{
    return (double)(demo_rand(c) >> 11) * (1.0 / 9007199254740992.0);
}

int64_t demo_at(const struct demo_ctx *c, int64_t day, int64_t minutes)
{
    int64_t t = day * 86400 + 9 * 3600 + minutes * 60;
    return t > c->now ? c->now : t;
}

double demo_round(double v, int decimals)
{
    double m = decimals >= 2 ? 100.0 : decimals == 1 ? 10.0 : 1.0;
    double r = round(v * m) / m;
    return r == 0.0 ? 0.0 : r; /* no "-0" in the data */
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* True when the KR asks to hold a level that its start already meets (e.g. "at most 0
 * incidents" starting at 0): there is nothing to travel, only to keep. */
static int holds_level(const struct kr_plan *p)
{
    if (p->type == KR_MILESTONE) {
        return 0;
    }
    if (p->start == p->target) {
        return 1;
    }
    return (p->direction == DIR_AT_LEAST && p->start >= p->target) ||
           (p->direction == DIR_AT_MOST && p->start <= p->target);
}

/* Mirrors kr_progress (domain/progress.h) so the statuses written agree with what the product
 * will compute from the same numbers. */
double demo_progress(const struct kr_plan *p, double value)
{
    if (p->type == KR_MILESTONE) {
        return value >= 1.0 ? 1.0 : clamp(value, 0.0, 1.0);
    }
    int up = p->direction == DIR_INCREASE || p->direction == DIR_AT_LEAST;
    if (holds_level(p)) {
        return (up ? value >= p->target : value <= p->target) ? 1.0 : 0.0;
    }
    double pr = up ? (value - p->start) / (p->target - p->start)
                   : (p->start - value) / (p->start - p->target);
    return clamp(pr, 0.0, 1.0);
}

static double value_at(const struct kr_plan *p, double progress)
{
    if (holds_level(p)) {
        return p->start;
    }
    if (p->type == KR_MILESTONE) {
        return demo_round(clamp(progress, 0.0, 1.0), 1);
    }
    return demo_round(p->start + (p->target - p->start) * progress, p->decimals);
}

double demo_kr_plan_final(struct kr_plan *p)
{
    p->final = value_at(p, p->p);
    return demo_progress(p, p->final);
}

double demo_score(double progress)
{
    return clamp(floor(progress * 10.0 + 0.5) / 10.0, 0.0, 1.0);
}

/* Expected progress on `day` (domain/progress.h expected_progress): linear over the cycle. */
static double expected(int64_t start, int64_t end, int64_t day)
{
    return clamp((double)(day - start + 1) / (double)(end - start + 1), 0.0, 1.0);
}

/* Mirrors progress_status (domain/progress.h). */
static int status_of(double progress, double exp, double confidence)
{
    if (progress < exp - 0.25 - 1e-9 || confidence < 0.3) {
        return STATUS_OFF_TRACK;
    }
    if (progress < exp - 0.1 - 1e-9 || confidence < 0.5) {
        return STATUS_AT_RISK;
    }
    return STATUS_ON_TRACK;
}

/* The check-in days of a KR's quarter, ascending: every seventh day back from the quarter's
 * last day (closed) or from today (active), so the latest check-in is the final one or today's. */
static int checkin_days(const struct demo_ctx *c, const struct kr_plan *p, int64_t *days)
{
    const struct demo_quarter *q = &c->q[p->quarter];
    int64_t last = p->quarter == 0 ? q->end : c->today;
    int n = 0;
    int64_t tmp[MAX_WEEKS];
    for (int64_t d = last; d >= q->start && n < MAX_WEEKS; d -= 7) {
        if (p->stop == DATE_NONE || d <= p->stop) {
            tmp[n++] = d;
        }
    }
    for (int i = 0; i < n; i++) {
        days[i] = tmp[n - 1 - i];
    }
    return n;
}

enum err_code demo_kr_write(struct demo_ctx *c, struct key_result *kr, struct kr_plan *p,
                            int64_t author)
{
    const struct demo_quarter *q = &c->q[p->quarter];
    int64_t days[MAX_WEEKS];
    double vals[MAX_WEEKS], confs[MAX_WEEKS], exps[MAX_WEEKS];
    int n = p->checkins ? checkin_days(c, p, days) : 0;
    int closed_final = p->quarter == 0 && p->stop == DATE_NONE;
    double cap = p->quarter == 0 ? p->p : 1.0;
    double prev = 0.0;
    for (int i = 0; i < n; i++) {
        double e = expected(q->start, q->end, days[i]);
        double want = p->p * pow(e, p->curve);
        double pr = clamp(want + (demo_unit(c) - 0.5) * 0.06, prev, cap);
        prev = pr;
        double v = (closed_final && i == n - 1) ? p->final : value_at(p, pr);
        double got = demo_progress(p, v);
        double conf = 0.72 + 0.8 * (got - e) + (demo_unit(c) - 0.5) * 0.1;
        vals[i] = v;
        confs[i] = clamp(round(conf * 20.0) / 20.0, 0.1, 0.95);
        exps[i] = e;
    }
    /* The check-ins' times, drawn before the key result is written so that it was last updated
     * by its latest check-in, as a check-in does: the dashboard reads updated. */
    int64_t ats[MAX_WEEKS];
    for (int i = 0; i < n; i++) {
        ats[i] = demo_at(c, days[i], demo_range(c, 0, 180));
    }
    kr->current = n ? vals[n - 1] : p->start;
    kr->confidence = n ? confs[n - 1] : 0.7;
    kr->version = 1 + n; /* each check-in updates the KR */
    kr->updated = n ? ats[n - 1] : kr->created;
    enum err_code rc = demo_put(c, &entity_key_result, kr);
    if (rc != ERR_OK) {
        return rc;
    }
    for (int i = 0; i < n; i++) {
        struct checkin ci;
        meta_init(&entity_checkin, &ci);
        ci.tenant_id = c->tenant_id;
        ci.kr_id = kr->id;
        ci.author_id = author;
        ci.at = ats[i];
        ci.value = vals[i];
        ci.confidence = confs[i];
        ci.status = status_of(demo_progress(p, vals[i]), exps[i], confs[i]);
        if (closed_final && i == n - 1) {
            ci.note = demo_tx(c, demo_note_final);
        } else if (p->notes || demo_range(c, 0, 2) == 0) {
            ci.note = demo_tx(c, demo_notes[ci.status][demo_range(c, 0, 7)]);
        }
        rc = demo_put_checkin(c, &ci);
        if (rc != ERR_OK) {
            return rc;
        }
    }
    return ERR_OK;
}

enum err_code demo_kpi_values(struct demo_ctx *c, int64_t kpi_id, const double *values, int months)
{
    int64_t y;
    int m, d;
    date_to_ymd(c->today, &y, &m, &d);
    int64_t month_now = y * 12 + (m - 1);
    for (int k = 0; k < months; k++) {
        /* Month k of the history, oldest first; recorded on its last day. */
        int64_t mi = month_now - months + k;
        int64_t next = mi + 1;
        struct kpi_value v;
        meta_init(&entity_kpi_value, &v);
        v.tenant_id = c->tenant_id;
        v.kpi_id = kpi_id;
        v.on = date_from_ymd(next / 12, (int)(next % 12) + 1, 1) - 1;
        v.value = values[k];
        enum err_code rc = demo_put(c, &entity_kpi_value, &v);
        if (rc != ERR_OK) {
            return rc;
        }
    }
    return ERR_OK;
}

static int64_t quarter_start(int64_t y, int qi)
{
    return date_from_ymd(y, qi * 3 + 1, 1);
}

static int64_t quarter_end(int64_t y, int qi)
{
    return (qi == 3 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, qi * 3 + 4, 1)) - 1;
}

static enum err_code put_cycle(struct demo_ctx *c, const char *name, int64_t start, int64_t end,
                               int kind, int64_t parent, int state, int64_t *id)
{
    struct cycle cy;
    meta_init(&entity_cycle, &cy);
    cy.tenant_id = c->tenant_id;
    cy.name = name;
    cy.start = start;
    cy.end = end;
    cy.kind = kind;
    cy.parent_id = parent;
    cy.state = state;
    cy.created = demo_at(c, start - 14, 0);
    /* Created at version 1, then planning -> active (-> grading -> closed). */
    cy.version = state == CYCLE_CLOSED ? 4 : 2;
    enum err_code rc = demo_put(c, &entity_cycle, &cy);
    *id = cy.id;
    return rc;
}

/* A year cycle for today's year and two quarters in it: the one holding today (active) and the
 * one before (closed); in the first quarter the one before lies in last year, with its own year
 * cycle (closed). */
static enum err_code put_cycles(struct demo_ctx *c)
{
    int64_t y;
    int m, d;
    date_to_ymd(c->today, &y, &m, &d);
    int qi = (m - 1) / 3;
    int64_t py = qi == 0 ? y - 1 : y;
    int pqi = qi == 0 ? 3 : qi - 1;
    char name[64];
    int64_t prev_year = 0;
    enum err_code rc = ERR_OK;
    if (qi == 0) {
        snprintf(name, sizeof name, c->lang == DEMO_EN ? "%lld" : "%lld年", (long long)py);
        rc = put_cycle(c, arena_strdup(c->a, name), date_from_ymd(py, 1, 1),
                       date_from_ymd(py, 12, 31), CYCLE_YEAR, 0, CYCLE_CLOSED, &prev_year);
    }
    if (rc == ERR_OK) {
        snprintf(name, sizeof name, c->lang == DEMO_EN ? "%lld" : "%lld年", (long long)y);
        rc = put_cycle(c, arena_strdup(c->a, name), date_from_ymd(y, 1, 1),
                       date_from_ymd(y, 12, 31), CYCLE_YEAR, 0, CYCLE_ACTIVE, &c->year_id);
    }
    if (rc == ERR_OK) {
        snprintf(name, sizeof name, c->lang == DEMO_EN ? "%lld Q%d" : "%lld年第%d季度",
                 (long long)py, pqi + 1);
        c->q[0].start = quarter_start(py, pqi);
        c->q[0].end = quarter_end(py, pqi);
        rc = put_cycle(c, arena_strdup(c->a, name), c->q[0].start, c->q[0].end, CYCLE_QUARTER,
                       qi == 0 ? prev_year : c->year_id, CYCLE_CLOSED, &c->q[0].id);
    }
    if (rc == ERR_OK) {
        snprintf(name, sizeof name, c->lang == DEMO_EN ? "%lld Q%d" : "%lld年第%d季度",
                 (long long)y, qi + 1);
        c->q[1].start = quarter_start(y, qi);
        c->q[1].end = quarter_end(y, qi);
        rc = put_cycle(c, arena_strdup(c->a, name), c->q[1].start, c->q[1].end, CYCLE_QUARTER,
                       c->year_id, CYCLE_ACTIVE, &c->q[1].id);
    }
    return rc;
}

static enum err_code put_tenant(struct demo_ctx *c)
{
    struct tenant t;
    meta_init(&entity_tenant, &t);
    t.name = demo_tx(c, demo_company.name);
    t.mission = demo_tx(c, demo_company.mission);
    t.vision = demo_tx(c, demo_company.vision);
    t.timezone = "Asia/Shanghai";
    t.locale = c->lang == DEMO_EN ? "en" : "zh-CN";
    /* The company started using okr two weeks before the closed quarter. */
    int64_t y;
    int m, d;
    date_to_ymd(c->today, &y, &m, &d);
    int qi = (m - 1) / 3;
    int64_t start = qi == 0 ? quarter_start(y - 1, 3) : quarter_start(y, qi - 1);
    t.created = demo_at(c, start - 30, 0);
    t.version = 1;
    enum err_code rc = demo_put(c, &entity_tenant, &t);
    c->tenant_id = t.id;
    return rc;
}

/* One audit event for the whole company, by the operator, as svc_audit records a creation. */
static enum err_code put_audit(struct demo_ctx *c)
{
    struct audit_event ev;
    meta_init(&entity_audit, &ev);
    ev.tenant_id = c->tenant_id;
    ev.action = "create";
    ev.entity = entity_tenant.name;
    ev.entity_id = c->tenant_id;
    ev.summary = demo_tx(c, demo_company.name);
    ev.at = c->now;
    return demo_put(c, &entity_audit, &ev);
}

static enum err_code check_opts(const struct demo_opts *o, int *lang, struct err *err)
{
    if (!o->lang || strcmp(o->lang, "zh") == 0) {
        *lang = DEMO_ZH;
    } else if (strcmp(o->lang, "en") == 0) {
        *lang = DEMO_EN;
    } else {
        return err_set(err, ERR_INVALID, "lang", "lang must be zh or en");
    }
    if (o->people != 0 && (o->people < PEOPLE_MIN || o->people > PEOPLE_MAX)) {
        return err_set(err, ERR_INVALID, "people", "people must be between %d and %d", PEOPLE_MIN,
                       PEOPLE_MAX);
    }
    /* Years 1901-9998, so that the quarters and a year of KPI history stay valid dates. */
    if (o->today == DATE_NONE || o->today < date_from_ymd(1901, 1, 1) ||
        o->today > date_from_ymd(9998, 12, 31)) {
        return err_set(err, ERR_INVALID, "today", "today must be a date between 1901 and 9998");
    }
    return ERR_OK;
}

enum err_code svc_demo(struct store *st, struct arena *a, int64_t now, const struct demo_opts *o,
                       int64_t *tenant_id, int64_t *rows, struct err *err)
{
    *tenant_id = 0;
    *rows = 0;
    int lang = DEMO_ZH;
    if (check_opts(o, &lang, err) != ERR_OK) {
        return err->code;
    }
    struct demo_ctx c = {
        .st = st,
        .a = a,
        .err = err,
        .o = o,
        .lang = lang,
        .now = now,
        .today = o->today,
        /* A fixed seed per size: the same options give the same company. */
        .rng = 0x6f6b722064656d6fULL ^ (uint64_t)o->people,
    };
    /* The generator's references are right by construction (tests/cli check it with SQLite's
     * foreign_key_check), so the driver need not look each one up: a quarter of the time. */
    if (store_begin_trusted(st, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = put_tenant(&c);
    if (rc == ERR_OK) {
        rc = put_cycles(&c);
    }
    if (rc == ERR_OK) {
        rc = o->people ? demo_scale(&c, o->people) : demo_small(&c);
    }
    if (rc == ERR_OK) {
        rc = demo_flush(&c);
    }
    if (rc == ERR_OK) {
        rc = store_summaries_rebuild(st, c.tenant_id, err); /* left to us in a trusted write */
    }
    if (rc == ERR_OK) {
        rc = put_audit(&c);
    }
    if (rc == ERR_OK) {
        rc = store_commit(st, err);
    } else {
        store_rollback(st);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    *tenant_id = c.tenant_id;
    *rows = c.rows;
    return ERR_OK;
}
