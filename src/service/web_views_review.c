/* The weekly review of a team (web_views_review.h): the team and its sub-teams, their and the
 * team's members' objectives of the cycle with what changed in the last 7 days per key result,
 * the key results at risk, initiatives due, and who has not checked in. Reads are bounded by the
 * scope (REVIEW_TEAMS_MAX teams, REVIEW_PEOPLE_MAX people, REVIEW_OBJECTIVES_MAX objectives),
 * never by the size of the company. */
#include "web_views_review.h"

#include "core/timefmt.h"
#include "domain/progress.h"
#include "domain/rules.h"
#include "policy.h"
#include "svc_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *user_name(struct svc *s, int64_t id)
{
    struct user u;
    struct err ignored;
    if (id && store_get(s->st, &entity_user, s->tenant_id, id, &u, s->a, &ignored) == ERR_OK) {
        return u.name;
    }
    return "";
}

/* ---- the team picker and the scope ---- */

static bool has_team(const struct team *t, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i].id == id) {
            return true;
        }
    }
    return false;
}

static void add_team(struct view_review *v, const struct team *t)
{
    if (v->npicker < REVIEW_PICKER_MAX && !has_team(v->picker, v->npicker, t->id)) {
        v->picker[v->npicker++] = *t;
    }
}

/* The actor's teams (memberships), the one to show by default (a team they lead first), and
 * for someone in no team the company's first teams. */
static enum err_code load_picker(struct svc *s, struct view_review *v, int64_t *first,
                                 struct err *err)
{
    v->picker = arena_alloc(s->a, REVIEW_PICKER_MAX * sizeof *v->picker);
    struct rows ms;
    if (svc_list_by(s, &entity_membership, "user_id", s->actor.user_id, 0, &ms, err) != ERR_OK) {
        return err->code;
    }
    const struct membership *m = ms.items;
    bool led = false;
    for (size_t i = 0; i < ms.n; i++) {
        struct team t;
        struct err ignored;
        if (store_get(s->st, &entity_team, s->tenant_id, m[i].team_id, &t, s->a, &ignored) !=
            ERR_OK) {
            continue;
        }
        add_team(v, &t);
        if (!*first || (!led && t.lead_id == s->actor.user_id)) {
            *first = t.id;
            led = t.lead_id == s->actor.user_id;
        }
    }
    if (v->npicker == 0) {
        struct rows all;
        if (svc_list_by(s, &entity_team, NULL, 0, 50, &all, err) != ERR_OK) {
            return err->code;
        }
        const struct team *t = all.items;
        for (size_t i = 0; i < all.n; i++) {
            add_team(v, &t[i]);
        }
        *first = all.n ? t[0].id : 0;
    }
    return ERR_OK;
}

/* The team and its direct sub-teams, at most REVIEW_TEAMS_MAX in all. */
static enum err_code load_scope(struct svc *s, struct view_review *v, struct err *err)
{
    v->scope = arena_alloc(s->a, REVIEW_TEAMS_MAX * sizeof *v->scope);
    v->scope[v->nscope++] = v->team;
    struct rows kids;
    if (svc_list_by(s, &entity_team, "parent_id", v->team.id, REVIEW_TEAMS_MAX, &kids, err) !=
        ERR_OK) {
        return err->code;
    }
    const struct team *k = kids.items;
    for (size_t j = 0; j < kids.n; j++) {
        if (k[j].id == v->team.id) {
            continue;
        }
        if (v->nscope == REVIEW_TEAMS_MAX) {
            v->scope_more = true;
            break;
        }
        v->scope[v->nscope++] = k[j];
    }
    return ERR_OK;
}

/* ---- people ---- */

static struct review_person *person(struct view_review *v, int64_t user_id)
{
    for (size_t i = 0; i < v->npeople; i++) {
        if (v->people[i].user_id == user_id) {
            return &v->people[i];
        }
    }
    return NULL;
}

static void add_person(struct svc *s, struct view_review *v, int64_t user_id)
{
    if (!user_id || v->npeople >= REVIEW_PEOPLE_MAX || person(v, user_id)) {
        return;
    }
    struct user u;
    struct err ignored;
    if (store_get(s->st, &entity_user, s->tenant_id, user_id, &u, s->a, &ignored) != ERR_OK ||
        !u.active) {
        return;
    }
    struct review_person *p = &v->people[v->npeople++];
    memset(p, 0, sizeof *p);
    p->user_id = user_id;
    p->name = u.name;
    p->discipline = DISC_ON_TIME;
}

/* ---- key results ---- */

static int checkin_order(const void *a, const void *b)
{
    const struct checkin *x = a, *y = b;
    if (x->at != y->at) {
        return x->at < y->at ? -1 : 1;
    }
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Fills r from kr and its check-ins: the week's changes and the value before them. */
static enum err_code fill_kr(struct svc *s, struct view_review *v, const struct objective *o,
                             const struct key_result *kr, double expected, struct review_kr *r,
                             struct err *err)
{
    memset(r, 0, sizeof *r);
    r->kr = *kr;
    r->obj = o;
    int64_t owner = kr->owner_user_id ? kr->owner_user_id : o->owner_user_id;
    struct review_person *p = owner ? person(v, owner) : NULL;
    r->owner_name = p ? p->name : user_name(s, owner);
    r->progress = kr_progress(kr);
    r->expected = expected;
    r->status = (int)progress_status(r->progress, expected, kr->confidence);
    r->value_before = kr->start;
    r->confidence_before = NAN;
    struct rows c = {0};
    if (kr->updated < v->week_start) {
        /* Not touched this week, so no check-in this week: the value stands. Its latest
         * check-in is when it was last updated, unless that was its creation. */
        r->value_before = kr->current;
        r->confidence_before = kr->confidence;
        r->last_at = kr->updated > kr->created ? kr->updated : 0;
    } else if (svc_list_by(s, &entity_checkin, "kr_id", kr->id, 0, &c, err) != ERR_OK) {
        return err->code;
    }
    struct checkin *ck = c.items;
    if (c.n > 1) {
        qsort(ck, c.n, sizeof *ck, checkin_order);
    }
    r->week = arena_alloc(s->a, (c.n ? c.n : 1) * sizeof *r->week);
    for (size_t i = 0; i < c.n; i++) {
        if (ck[i].at > s->now) {
            continue; /* written with a later clock: not part of this week as seen now */
        }
        if (ck[i].at < v->week_start) {
            r->value_before = ck[i].value;
            r->confidence_before = ck[i].confidence;
        } else {
            r->week[r->nweek].c = ck[i];
            r->week[r->nweek].author_name =
                ck[i].author_id == owner ? r->owner_name : user_name(s, ck[i].author_id);
            r->nweek++;
        }
        r->last_at = ck[i].at;
    }
    if (r->nweek) { /* what the owner said this week counts when it is worse */
        r->status = (int)kr_status_now(r->progress, expected, kr->confidence,
                                       r->week[r->nweek - 1].c.status);
    }
    if (p) {
        p->nkrs++;
        p->nchecked += r->nweek > 0;
        if (r->last_at > p->last_at) {
            p->last_at = r->last_at;
        }
        int64_t since = r->last_at ? r->last_at : kr->created;
        p->discipline = discipline_worse(p->discipline, checkin_discipline(since, s->now));
    }
    return ERR_OK;
}

static enum err_code add_initiatives(struct svc *s, struct view_review *v,
                                     const struct review_kr *r, size_t *cap, struct err *err)
{
    struct rows in;
    if (svc_list_by(s, &entity_initiative, "kr_id", r->kr.id, 0, &in, err) != ERR_OK) {
        return err->code;
    }
    int64_t today = s->now / 86400;
    const struct initiative *it = in.items;
    for (size_t i = 0; i < in.n; i++) {
        if (it[i].state == INIT_DONE || it[i].state == INIT_DROPPED || it[i].due == DATE_NONE ||
            it[i].due > today + RHYTHM_DUE_SOON_DAYS) {
            continue;
        }
        if (v->ninitiatives == *cap) {
            size_t ncap = *cap ? *cap * 2 : 16;
            struct review_initiative *bigger = arena_alloc(s->a, ncap * sizeof *bigger);
            if (v->ninitiatives) {
                memcpy(bigger, v->initiatives, v->ninitiatives * sizeof *bigger);
            }
            v->initiatives = bigger;
            *cap = ncap;
        }
        struct review_initiative *ri = &v->initiatives[v->ninitiatives++];
        ri->in = it[i];
        ri->kr_title = r->kr.title;
        ri->owner_name = it[i].owner_id ? user_name(s, it[i].owner_id) : r->owner_name;
        ri->overdue = it[i].due < today;
    }
    return ERR_OK;
}

/* Objectives of one owner (by = owner_team_id / owner_user_id) in the cycle that the actor may
 * see, appended to objs. */
static enum err_code owner_objectives(struct svc *s, struct view_review *v, const char *by,
                                      int64_t key, int64_t cycle_id, struct objective *objs,
                                      size_t *n, struct err *err)
{
    struct rows r;
    if (svc_list_by(s, &entity_objective, by, key, 0, &r, err) != ERR_OK) {
        return err->code;
    }
    const struct objective *o = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (o[i].cycle_id != cycle_id || o[i].state == OBJ_DROPPED) {
            continue;
        }
        if (!policy_can_read(s, &entity_objective, &o[i])) {
            continue;
        }
        if (*n == REVIEW_OBJECTIVES_MAX) {
            v->objectives_more++;
            continue;
        }
        objs[(*n)++] = o[i];
    }
    return ERR_OK;
}

static int initiative_order(const void *a, const void *b)
{
    const struct review_initiative *x = a, *y = b;
    if (x->in.due != y->in.due) {
        return x->in.due < y->in.due ? -1 : 1;
    }
    return x->in.id < y->in.id ? -1 : x->in.id > y->in.id;
}

/* Not on time first (missed, then late), then by name order as read (stable by id). */
static int person_order(const void *a, const void *b)
{
    const struct review_person *x = a, *y = b;
    if (x->discipline != y->discipline) {
        return x->discipline > y->discipline ? -1 : 1;
    }
    return x->user_id < y->user_id ? -1 : x->user_id > y->user_id;
}

enum err_code svc_view_review(struct svc *s, int64_t team_id, int64_t cycle_id,
                              struct view_review *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    out->week_start = rhythm_week_start(s->now);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    int64_t first = 0;
    enum err_code rc = view_load_cycles(s, cycle_id, &out->cycles, err);
    if (rc == ERR_OK) {
        rc = load_picker(s, out, &first, err);
    }
    int64_t want = team_id ? team_id : first;
    if (rc == ERR_OK && want) {
        rc = store_get(s->st, &entity_team, s->tenant_id, want, &out->team, s->a, err);
        if (rc == ERR_NOT_FOUND) {
            rc = err_set(err, ERR_NOT_FOUND, "team", "no team with id %lld", (long long)want);
        }
    }
    if (rc != ERR_OK || !out->team.id || !out->cycles.current) {
        return svc_finish(s, rc, err);
    }
    /* The picker also offers the team's parent and its sub-teams (to move up and down). */
    add_team(out, &out->team);
    struct team parent;
    struct err ignored;
    if (out->team.parent_id && store_get(s->st, &entity_team, s->tenant_id, out->team.parent_id,
                                         &parent, s->a, &ignored) == ERR_OK) {
        add_team(out, &parent);
    }
    rc = load_scope(s, out, err);
    for (size_t i = 1; rc == ERR_OK && i < out->nscope; i++) {
        if (out->scope[i].parent_id == out->team.id) {
            add_team(out, &out->scope[i]);
        }
    }
    /* People: the team's direct members, then the sub-teams' leads. */
    out->people = arena_alloc(s->a, REVIEW_PEOPLE_MAX * sizeof *out->people);
    struct rows members = {0};
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_membership, "team_id", out->team.id, REVIEW_PEOPLE_MAX,
                         &members, err);
    }
    add_person(s, out, out->team.lead_id);
    const struct membership *m = members.items;
    for (size_t i = 0; rc == ERR_OK && i < members.n; i++) {
        add_person(s, out, m[i].user_id);
    }
    for (size_t i = 1; rc == ERR_OK && i < out->nscope; i++) {
        add_person(s, out, out->scope[i].lead_id);
    }
    /* Objectives: the teams' and the people's, visible to the actor. */
    int64_t cid = out->cycles.current->id;
    struct objective *objs = arena_alloc(s->a, REVIEW_OBJECTIVES_MAX * sizeof *objs);
    size_t nobjs = 0;
    for (size_t i = 0; rc == ERR_OK && i < out->nscope; i++) {
        rc = owner_objectives(s, out, "owner_team_id", out->scope[i].id, cid, objs, &nobjs, err);
    }
    for (size_t i = 0; rc == ERR_OK && i < out->npeople; i++) {
        rc = owner_objectives(s, out, "owner_user_id", out->people[i].user_id, cid, objs, &nobjs,
                              err);
    }
    out->objectives = nobjs;
    /* Key results with the week's check-ins, and their initiatives. */
    double expected =
        expected_progress(out->cycles.current->start, out->cycles.current->end, s->now / 86400);
    size_t kcap = 0, icap = 0;
    for (size_t i = 0; rc == ERR_OK && i < nobjs; i++) {
        struct rows krs;
        rc = svc_list_by(s, &entity_key_result, "objective_id", objs[i].id, 0, &krs, err);
        if (rc != ERR_OK) {
            break;
        }
        if (out->nkrs + krs.n > kcap) {
            size_t ncap = (out->nkrs + krs.n) * 2;
            struct review_kr *bigger = arena_alloc(s->a, ncap * sizeof *bigger);
            if (out->nkrs) {
                memcpy(bigger, out->krs, out->nkrs * sizeof *bigger);
            }
            out->krs = bigger;
            kcap = ncap;
        }
        const struct key_result *k = krs.items;
        for (size_t j = 0; rc == ERR_OK && j < krs.n; j++) {
            struct review_kr *r = &out->krs[out->nkrs];
            rc = fill_kr(s, out, &objs[i], &k[j], expected, r, err);
            if (rc == ERR_OK) {
                out->nkrs++;
                rc = add_initiatives(s, out, r, &icap, err);
            }
        }
    }
    if (out->ninitiatives > 1) {
        qsort(out->initiatives, out->ninitiatives, sizeof *out->initiatives, initiative_order);
    }
    if (out->npeople > 1) {
        qsort(out->people, out->npeople, sizeof *out->people, person_order);
    }
    return svc_finish(s, rc, err);
}
