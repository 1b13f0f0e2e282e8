/* Composite reads for the web UI's admin page and the grading of a cycle (web_views.h): one read
 * transaction each, bounded by what the page shows. */
#include "web_views.h"

#include "domain/progress.h"
#include "domain/score.h"
#include "policy.h"
#include "svc_internal.h"

#include <stdlib.h>
#include <string.h>

static int theme_order(const void *a, const void *b)
{
    const struct theme *x = a, *y = b;
    if (x->position != y->position) {
        return x->position < y->position ? -1 : 1;
    }
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cycle_order(const void *a, const void *b)
{
    const struct cycle *x = a, *y = b;
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return x->id < y->id ? -1 : x->id > y->id;
}

enum err_code svc_view_admin(struct svc *s, size_t max_people, struct view_admin *out,
                             struct err *err)
{
    memset(out, 0, sizeof *out);
    if (!s->actor.admin && !s->actor.system) {
        return err_set(err, ERR_FORBIDDEN, NULL, "admins only");
    }
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct rows themes = {0}, cycles = {0}, people = {0};
    struct query q = {.tenant_id = s->tenant_id};
    enum err_code rc =
        store_get(s->st, &entity_tenant, s->tenant_id, s->tenant_id, &out->tenant, s->a, err);
    if (rc == ERR_OK) {
        rc = store_list(s->st, &entity_theme, &q, s->a, &themes, err);
    }
    if (rc == ERR_OK) {
        rc = store_list(s->st, &entity_cycle, &q, s->a, &cycles, err);
    }
    if (rc == ERR_OK) {
        struct query qp = {.tenant_id = s->tenant_id, .limit = (int64_t)max_people + 1};
        rc = store_list(s->st, &entity_user, &qp, s->a, &people, err);
    }
    if (rc == ERR_OK) {
        if (themes.n > 1) {
            qsort(themes.items, themes.n, sizeof(struct theme), theme_order);
        }
        if (cycles.n > 1) {
            qsort(cycles.items, cycles.n, sizeof(struct cycle), cycle_order);
        }
        out->themes = themes.items;
        out->nthemes = themes.n;
        out->cycles.items = cycles.items;
        out->cycles.n = cycles.n;
        out->people = people.items;
        out->more_people = people.n > max_people;
        out->npeople = out->more_people ? max_people : people.n;
    }
    return svc_finish(s, rc, err);
}

/* The objectives of the cycle whose field `by` is key (an owner, or the cycle itself for the
 * company's: company_cycle_id), not dropped, as view_objs appended to *out, with name as their
 * owner's. */
static enum err_code objectives_by(struct svc *s, const char *by, int64_t key, int64_t cycle,
                                   const char *name, struct view_obj **out, size_t *n, size_t *cap,
                                   struct err *err)
{
    struct query q = {.tenant_id = s->tenant_id, .by = by, .key = key};
    struct rows r;
    if (store_list(s->st, &entity_objective, &q, s->a, &r, err) != ERR_OK) {
        return err->code;
    }
    const struct objective *o = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (o[i].cycle_id != cycle || o[i].state == OBJ_DROPPED) {
            continue;
        }
        if (*n == *cap) {
            size_t ncap = *cap ? *cap * 2 : 8;
            struct view_obj *next = arena_alloc(s->a, ncap * sizeof *next);
            if (*n) {
                memcpy(next, *out, *n * sizeof *next);
            }
            *out = next;
            *cap = ncap;
        }
        struct view_obj *v = &(*out)[(*n)++];
        memset(v, 0, sizeof *v);
        v->o = o[i];
        v->owner_name = name;
        struct query qk = {.tenant_id = s->tenant_id, .by = "objective_id", .key = o[i].id};
        struct rows krs;
        if (store_list(s->st, &entity_key_result, &qk, s->a, &krs, err) != ERR_OK) {
            return err->code;
        }
        v->progress = objective_progress(krs.items, krs.n);
        v->nkrs = krs.n;
    }
    return ERR_OK;
}

/* The teams whose objectives the actor grades: those they lead, or lead a team above
 * (policy_teams_led); for an admin also those nobody leads (a large company's admin would not
 * page through every team's). */
static bool *teams_graded(struct svc *s, const struct team *t, size_t n)
{
    bool *led = policy_teams_led(s, t, n);
    for (size_t i = 0; i < n; i++) {
        led[i] = led[i] || ((s->actor.admin || s->actor.system) && !t[i].lead_id);
    }
    return led;
}

enum err_code svc_view_grading(struct svc *s, int64_t cycle_id, struct view_grading *out,
                               struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    size_t cap_mine = 0, cap_reports = 0, cap_teams = 0, cap_company = 0;
    struct user me;
    enum err_code rc =
        store_get(s->st, &entity_cycle, s->tenant_id, cycle_id, &out->cycle, s->a, err);
    if (rc == ERR_OK && s->actor.user_id) {
        rc = store_get(s->st, &entity_user, s->tenant_id, s->actor.user_id, &me, s->a, err);
        if (rc == ERR_OK) {
            rc = objectives_by(s, "owner_user_id", me.id, cycle_id, me.name, &out->mine,
                               &out->nmine, &cap_mine, err);
        }
    }
    struct rows reports = {0};
    if (rc == ERR_OK && s->actor.user_id) {
        struct query q = {.tenant_id = s->tenant_id, .by = "manager_id", .key = s->actor.user_id};
        rc = store_list(s->st, &entity_user, &q, s->a, &reports, err);
    }
    const struct user *u = reports.items;
    for (size_t i = 0; rc == ERR_OK && i < reports.n; i++) {
        rc = objectives_by(s, "owner_user_id", u[i].id, cycle_id, u[i].name, &out->reports,
                           &out->nreports, &cap_reports, err);
    }
    /* Teams' objectives: for whoever leads the team or a team above it (teams_graded); the
     * company's: for admins (with a theme or without: every one must be scored to close). */
    struct rows teams = {0};
    if (rc == ERR_OK) {
        struct query q = {.tenant_id = s->tenant_id};
        rc = store_list(s->st, &entity_team, &q, s->a, &teams, err);
    }
    const struct team *t = teams.items;
    bool *led = rc == ERR_OK ? teams_graded(s, t, teams.n) : NULL;
    for (size_t i = 0; rc == ERR_OK && i < teams.n; i++) {
        if (led[i]) {
            rc = objectives_by(s, "owner_team_id", t[i].id, cycle_id, t[i].name, &out->teams,
                               &out->nteams, &cap_teams, err);
        }
    }
    if (rc == ERR_OK && (s->actor.admin || s->actor.system)) {
        rc = objectives_by(s, "company_cycle_id", cycle_id, cycle_id, "", &out->company,
                           &out->ncompany, &cap_company, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_view_score(struct svc *s, int64_t objective_id, const char *which, double score,
                             const char *text, struct err *err)
{
    return svc_score(s, objective_id, which, score, text, 0, err);
}
