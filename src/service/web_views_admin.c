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

/* The objectives of user (in cycle) as view_objs appended to *out. */
static enum err_code owned_by(struct svc *s, int64_t user, int64_t cycle, const char *name,
                              struct view_obj **out, size_t *n, size_t *cap, struct err *err)
{
    struct query q = {.tenant_id = s->tenant_id, .by = "owner_user_id", .key = user};
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

enum err_code svc_view_grading(struct svc *s, int64_t cycle_id, struct view_grading *out,
                               struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    size_t cap_mine = 0, cap_reports = 0, cap_company = 0;
    struct user me;
    enum err_code rc =
        store_get(s->st, &entity_cycle, s->tenant_id, cycle_id, &out->cycle, s->a, err);
    if (rc == ERR_OK && s->actor.user_id) {
        rc = store_get(s->st, &entity_user, s->tenant_id, s->actor.user_id, &me, s->a, err);
        if (rc == ERR_OK) {
            rc = owned_by(s, me.id, cycle_id, me.name, &out->mine, &out->nmine, &cap_mine, err);
        }
    }
    struct rows reports = {0};
    if (rc == ERR_OK && s->actor.user_id) {
        struct query q = {.tenant_id = s->tenant_id, .by = "manager_id", .key = s->actor.user_id};
        rc = store_list(s->st, &entity_user, &q, s->a, &reports, err);
    }
    const struct user *u = reports.items;
    for (size_t i = 0; rc == ERR_OK && i < reports.n; i++) {
        rc = owned_by(s, u[i].id, cycle_id, u[i].name, &out->reports, &out->nreports, &cap_reports,
                      err);
    }
    if (rc == ERR_OK && (s->actor.admin || s->actor.system)) {
        /* Company objectives trace to themes: read them theme by theme. */
        struct query q = {.tenant_id = s->tenant_id};
        struct rows themes;
        rc = store_list(s->st, &entity_theme, &q, s->a, &themes, err);
        const struct theme *t = themes.items;
        for (size_t i = 0; rc == ERR_OK && i < themes.n; i++) {
            struct query qo = {.tenant_id = s->tenant_id, .by = "theme_id", .key = t[i].id};
            struct rows objs;
            rc = store_list(s->st, &entity_objective, &qo, s->a, &objs, err);
            const struct objective *o = objs.items;
            for (size_t j = 0; rc == ERR_OK && j < objs.n; j++) {
                if (o[j].cycle_id != cycle_id || o[j].owner_user_id || o[j].owner_team_id ||
                    o[j].state == OBJ_DROPPED) {
                    continue;
                }
                if (out->ncompany == cap_company) {
                    size_t ncap = cap_company ? cap_company * 2 : 8;
                    struct view_obj *next = arena_alloc(s->a, ncap * sizeof *next);
                    if (out->ncompany) {
                        memcpy(next, out->company, out->ncompany * sizeof *next);
                    }
                    out->company = next;
                    cap_company = ncap;
                }
                struct view_obj *v = &out->company[out->ncompany++];
                memset(v, 0, sizeof *v);
                v->o = o[j];
                v->owner_name = "";
                struct query qk = {.tenant_id = s->tenant_id, .by = "objective_id", .key = o[j].id};
                struct rows krs;
                rc = store_list(s->st, &entity_key_result, &qk, s->a, &krs, err);
                v->progress = objective_progress(krs.items, krs.n);
                v->nkrs = krs.n;
            }
        }
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_view_score(struct svc *s, int64_t objective_id, const char *which, double score,
                             const char *text, struct err *err)
{
    return svc_score(s, objective_id, which, score, text, 0, err);
}
