/* Composite reads for the web UI (web_views.h): each page's data in one read transaction, with
 * store reads bounded by what the page shows. Records the actor may not see are left out, as
 * policy.c decides for every other read. */
#include "web_views.h"

#include "domain/progress.h"
#include "domain/rules.h"
#include "domain/tree.h"
#include "policy.h"
#include "svc_internal.h"

#include <stdlib.h>
#include <string.h>

enum {
    PEOPLE_MAX = 60,     /* mention suggestions; anyone else by email */
    CHILDREN_SHOWN = 20, /* aligned objectives drawn on an objective's page; the map has all */
};

static const char *owner_name(struct svc_names *nm, const struct objective *o)
{
    if (o->owner_user_id) {
        return svc_name_of(nm, o->owner_user_id, false);
    }
    return o->owner_team_id ? svc_name_of(nm, o->owner_team_id, true) : "";
}

/* ---- cycles ---- */

static int by_start(const void *a, const void *b)
{
    const struct cycle *x = a, *y = b;
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The cycle a page shows by default: the one people mean by "now" (cycle_current), else the
 * latest active, grading or planning one, else the latest. */
static const struct cycle *current_cycle(const struct cycle *c, size_t n, int64_t today)
{
    const struct cycle *best = cycle_current(c, n, today);
    static const int order[] = {CYCLE_ACTIVE, CYCLE_GRADING, CYCLE_PLANNING, CYCLE_CLOSED};
    for (size_t k = 0; !best && k < sizeof order / sizeof order[0]; k++) {
        for (size_t i = 0; i < n; i++) {
            if (c[i].state == order[k]) {
                best = &c[i]; /* sorted by start: the latest wins */
            }
        }
    }
    return best;
}

enum err_code view_load_cycles(struct svc *s, int64_t want, struct view_cycles *out,
                               struct err *err)
{
    struct rows r;
    if (svc_list_by(s, &entity_cycle, NULL, 0, 0, &r, err) != ERR_OK) {
        return err->code;
    }
    out->items = r.items;
    out->n = r.n;
    if (r.n > 1) {
        qsort(out->items, r.n, sizeof(struct cycle), by_start);
    }
    out->current = NULL;
    if (want) {
        for (size_t i = 0; i < r.n; i++) {
            if (out->items[i].id == want) {
                out->current = &out->items[i];
            }
        }
        if (!out->current) {
            return err_set(err, ERR_NOT_FOUND, "cycle", "no cycle with id %lld", (long long)want);
        }
        return ERR_OK;
    }
    out->current = current_cycle(out->items, out->n, s->now / 86400);
    return ERR_OK;
}

/* ---- objectives and key results ---- */

static int checkin_order(const void *a, const void *b)
{
    const struct checkin *x = a, *y = b;
    if (x->at != y->at) {
        return x->at < y->at ? -1 : 1;
    }
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The check-ins of a key result, oldest first. */
static enum err_code kr_checkins(struct svc *s, int64_t kr_id, struct rows *out, struct err *err)
{
    if (svc_list_by(s, &entity_checkin, "kr_id", kr_id, 0, out, err) != ERR_OK) {
        return err->code;
    }
    if (out->n > 1) {
        qsort(out->items, out->n, sizeof(struct checkin), checkin_order);
    }
    return ERR_OK;
}

static enum err_code fill_kr(struct svc *s, const struct key_result *kr, struct view_kr *out,
                             struct err *err)
{
    out->kr = *kr;
    out->progress = kr_progress(kr);
    memset(&out->last, 0, sizeof out->last);
    struct rows c;
    if (kr_checkins(s, kr->id, &c, err) != ERR_OK) {
        return err->code;
    }
    if (c.n) {
        out->last = ((struct checkin *)c.items)[c.n - 1];
    }
    return ERR_OK;
}

/* Fills out for objective o: owner name, key results (with latest check-ins when
 * with_checkins) and progress. */
static enum err_code fill_obj(struct svc *s, struct svc_names *nm, const struct objective *o,
                              bool with_checkins, struct view_obj *out, struct err *err)
{
    out->o = *o;
    out->owner_name = owner_name(nm, o);
    struct rows r;
    if (svc_list_by(s, &entity_key_result, "objective_id", o->id, 0, &r, err) != ERR_OK) {
        return err->code;
    }
    out->progress = objective_progress(r.items, r.n);
    out->nkrs = r.n;
    out->krs = arena_alloc(s->a, (r.n ? r.n : 1) * sizeof *out->krs);
    const struct key_result *k = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (with_checkins) {
            if (fill_kr(s, &k[i], &out->krs[i], err) != ERR_OK) {
                return err->code;
            }
        } else {
            out->krs[i].kr = k[i];
            out->krs[i].progress = kr_progress(&k[i]);
        }
    }
    return ERR_OK;
}

/* ---- requests ---- */

static void fill_request(struct svc *s, struct svc_names *nm, const struct request *r,
                         struct view_request *out)
{
    struct err ignored;
    out->r = *r;
    out->from_name = svc_name_of(nm, r->from_user_id, false);
    out->to_name = svc_name_of(nm, r->to_user_id, false);
    out->source_title = "?";
    out->source_objective_id = r->objective_id;
    if (r->kr_id) {
        struct key_result kr;
        if (store_get(s->st, &entity_key_result, s->tenant_id, r->kr_id, &kr, s->a, &ignored) ==
            ERR_OK) {
            out->source_title = kr.title;
            out->source_objective_id = kr.objective_id;
        }
    } else {
        struct objective o;
        if (store_get(s->st, &entity_objective, s->tenant_id, r->objective_id, &o, s->a,
                      &ignored) == ERR_OK) {
            out->source_title = o.title;
        }
    }
}

static int request_newest_first(const void *a, const void *b)
{
    const struct view_request *x = a, *y = b;
    return x->r.id > y->r.id ? -1 : x->r.id < y->r.id;
}

/* Requests by `by` (to_user_id or from_user_id) = the actor; pending_only keeps pending ones. */
static enum err_code load_requests(struct svc *s, struct svc_names *nm, const char *by,
                                   bool pending_only, struct view_request **out, size_t *n,
                                   struct err *err)
{
    struct rows r;
    *n = 0;
    if (svc_list_by(s, &entity_request, by, s->actor.user_id, 0, &r, err) != ERR_OK) {
        return err->code;
    }
    *out = arena_alloc(s->a, (r.n ? r.n : 1) * sizeof **out);
    const struct request *q = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (pending_only && q[i].state != REQ_PENDING) {
            continue;
        }
        fill_request(s, nm, &q[i], &(*out)[(*n)++]);
    }
    if (*n > 1) {
        qsort(*out, *n, sizeof **out, request_newest_first);
    }
    return ERR_OK;
}

/* ---- use-cases ---- */

enum err_code svc_view_whoami(struct svc *s, struct user *me, struct tenant *t, struct err *err)
{
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = store_get(s->st, &entity_tenant, s->tenant_id, s->tenant_id, t, s->a, err);
    if (rc == ERR_OK && s->actor.user_id) {
        rc = store_get(s->st, &entity_user, s->tenant_id, s->actor.user_id, me, s->a, err);
    } else if (rc == ERR_OK) {
        meta_init(&entity_user, me);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_view_set_locale(struct svc *s, const char *locale, struct err *err)
{
    if (!locale ||
        (strcmp(locale, "") != 0 && strcmp(locale, "en") != 0 && strcmp(locale, "zh-CN") != 0)) {
        return err_set(err, ERR_INVALID, "locale", "locale must be en, zh-CN or empty");
    }
    if (!s->actor.user_id) {
        return err_set(err, ERR_UNAUTHORIZED, NULL, "log in first");
    }
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    /* A person's own language is theirs to set: users are otherwise changed by admins only. */
    struct user u;
    enum err_code rc =
        store_get(s->st, &entity_user, s->tenant_id, s->actor.user_id, &u, s->a, err);
    if (rc == ERR_OK && strcmp(u.locale, locale) != 0) {
        u.locale = locale;
        rc = store_update(s->st, &entity_user, &u, err);
        if (rc == ERR_OK) {
            rc = svc_audit(s, "update", &entity_user, &u, err);
        }
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_view_my(struct svc *s, int64_t cycle_id, struct view_my *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct svc_names nm = {.s = s};
    enum err_code rc = view_load_cycles(s, cycle_id, &out->cycles, err);
    struct rows mine = {0}, my_krs = {0};
    if (rc == ERR_OK && out->cycles.current) {
        rc = svc_list_by(s, &entity_objective, "owner_user_id", s->actor.user_id, 0, &mine, err);
    }
    if (rc == ERR_OK && out->cycles.current) {
        rc = svc_list_by(s, &entity_key_result, "owner_user_id", s->actor.user_id, 0, &my_krs, err);
    }
    int64_t cid = out->cycles.current ? out->cycles.current->id : 0;
    const struct objective *o = mine.items;
    out->objs = arena_alloc(s->a, (mine.n ? mine.n : 1) * sizeof *out->objs);
    for (size_t i = 0; rc == ERR_OK && i < mine.n; i++) {
        if (o[i].cycle_id == cid && o[i].state != OBJ_DROPPED) {
            struct view_obj *v = &out->objs[out->nobjs++];
            rc = fill_obj(s, &nm, &o[i], true, v, err);
            struct err ignored;
            v->can_write =
                policy_check(s, POLICY_WRITE, &entity_objective, &o[i], &ignored) == ERR_OK;
        }
    }
    /* Key results I own on objectives that are not mine: grouped under their objective. */
    const struct key_result *k = my_krs.items;
    out->others = arena_alloc(s->a, (my_krs.n ? my_krs.n : 1) * sizeof *out->others);
    for (size_t i = 0; rc == ERR_OK && i < my_krs.n; i++) {
        struct view_obj *group = NULL;
        for (size_t g = 0; g < out->nothers; g++) {
            if (out->others[g].o.id == k[i].objective_id) {
                group = &out->others[g];
            }
        }
        if (!group) {
            struct objective parent;
            struct err ignored;
            if (store_get(s->st, &entity_objective, s->tenant_id, k[i].objective_id, &parent, s->a,
                          &ignored) != ERR_OK ||
                parent.cycle_id != cid || parent.owner_user_id == s->actor.user_id ||
                !policy_can_read(s, &entity_objective, &parent)) {
                continue;
            }
            group = &out->others[out->nothers++];
            memset(group, 0, sizeof *group);
            group->o = parent;
            group->owner_name = owner_name(&nm, &parent);
            group->can_write =
                policy_check(s, POLICY_WRITE, &entity_objective, &parent, &ignored) == ERR_OK;
            group->krs = arena_alloc(s->a, my_krs.n * sizeof *group->krs);
        }
        rc = fill_kr(s, &k[i], &group->krs[group->nkrs++], err);
    }
    for (size_t g = 0; g < out->nothers; g++) {
        struct view_obj *v = &out->others[g];
        double sum = 0;
        for (size_t i = 0; i < v->nkrs; i++) {
            sum += v->krs[i].progress;
        }
        v->progress = v->nkrs ? sum / (double)v->nkrs : 0;
    }
    if (rc == ERR_OK) {
        rc = load_requests(s, &nm, "to_user_id", true, &out->pending, &out->npending, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_view_kr(struct svc *s, int64_t kr_id, struct view_kr *out, struct cycle *cycle,
                          struct view_obj *objective, struct err *err)
{
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct key_result kr;
    enum err_code rc = store_get(s->st, &entity_key_result, s->tenant_id, kr_id, &kr, s->a, err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, &entity_key_result, &kr, err);
    }
    if (rc == ERR_OK) {
        rc = svc_cycle_of(s, &entity_key_result, &kr, cycle, err);
    }
    if (rc == ERR_OK) {
        rc = fill_kr(s, &kr, out, err);
    }
    if (rc == ERR_OK && objective) {
        struct svc_names nm = {.s = s};
        struct objective o;
        rc = store_get(s->st, &entity_objective, s->tenant_id, kr.objective_id, &o, s->a, err);
        if (rc == ERR_OK) {
            rc = fill_obj(s, &nm, &o, false, objective, err);
        }
    }
    return svc_finish(s, rc, err);
}

static int theme_order(const void *a, const void *b)
{
    const struct theme *x = a, *y = b;
    if (x->position != y->position) {
        return x->position < y->position ? -1 : 1;
    }
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Rolled-up progress of the company objectives (when the tenant rolls up aligned children):
 * that needs the whole cycle's tree, so it is read only then. */
static enum err_code rollup_progress(struct svc *s, int64_t cycle_id, struct view_strategy *v,
                                     struct err *err)
{
    struct rows objs, krs;
    if (svc_list_by(s, &entity_objective, "cycle_id", cycle_id, 0, &objs, err) != ERR_OK ||
        svc_list_by(s, &entity_key_result, "cycle_id", cycle_id, 0, &krs, err) != ERR_OK) {
        return err->code;
    }
    struct tree t;
    tree_build(&t, s->a, NULL, 0, objs.items, objs.n, krs.items, krs.n, 1);
    for (size_t i = 0; i < v->nthemes; i++) {
        for (size_t j = 0; j < v->themes[i].nobjs; j++) {
            struct view_obj *vo = &v->themes[i].objs[j];
            /* Objectives come from the store in id order: binary search. */
            size_t lo = 0, hi = t.nobjs;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (t.objs[mid].id < vo->o.id) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (lo < t.nobjs && t.objs[lo].id == vo->o.id) {
                vo->progress = t.rollup[lo];
            }
        }
    }
    return ERR_OK;
}

enum err_code svc_view_strategy(struct svc *s, int64_t cycle_id, struct view_strategy *out,
                                struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct svc_names nm = {.s = s};
    struct rows themes = {0};
    enum err_code rc =
        store_get(s->st, &entity_tenant, s->tenant_id, s->tenant_id, &out->tenant, s->a, err);
    if (rc == ERR_OK) {
        rc = view_load_cycles(s, cycle_id, &out->cycles, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_theme, NULL, 0, 0, &themes, err);
    }
    if (rc == ERR_OK && themes.n > 1) {
        qsort(themes.items, themes.n, sizeof(struct theme), theme_order);
    }
    out->nthemes = themes.n;
    out->themes = arena_alloc(s->a, (themes.n ? themes.n : 1) * sizeof *out->themes);
    int64_t cid = out->cycles.current ? out->cycles.current->id : 0;
    for (size_t i = 0; rc == ERR_OK && i < themes.n; i++) {
        struct view_theme *vt = &out->themes[i];
        vt->th = ((struct theme *)themes.items)[i];
        struct rows objs;
        rc = cid ? svc_list_by(s, &entity_objective, "theme_id", vt->th.id, 0, &objs, err) : ERR_OK;
        if (rc != ERR_OK || !cid) {
            continue;
        }
        const struct objective *o = objs.items;
        vt->objs = arena_alloc(s->a, (objs.n ? objs.n : 1) * sizeof *vt->objs);
        for (size_t j = 0; rc == ERR_OK && j < objs.n; j++) {
            if (o[j].cycle_id == cid && !o[j].owner_user_id && !o[j].owner_team_id &&
                o[j].state != OBJ_DROPPED && policy_can_read(s, &entity_objective, &o[j])) {
                rc = fill_obj(s, &nm, &o[j], false, &vt->objs[vt->nobjs++], err);
            }
        }
    }
    if (rc == ERR_OK && cid && out->tenant.rollup_children) {
        rc = rollup_progress(s, cid, out, err);
    }
    return svc_finish(s, rc, err);
}

static int comment_order(const void *a, const void *b)
{
    const struct view_comment *x = a, *y = b;
    if (x->c.at != y->c.at) {
        return x->c.at < y->c.at ? -1 : 1;
    }
    return x->c.id < y->c.id ? -1 : x->c.id > y->c.id;
}

static void add_comments(struct svc_names *nm, const struct rows *r, struct view_comment *out,
                         size_t *n)
{
    const struct comment *c = r->items;
    for (size_t i = 0; i < r->n; i++) {
        out[*n].c = c[i];
        out[*n].author_name = svc_name_of(nm, c[i].author_id, false);
        (*n)++;
    }
}

/* Children aligned to the objective (by="parent_objective_id") or a key result: all are
 * counted (v->nchildren_total), the first CHILDREN_SHOWN are read in full. */
static enum err_code add_children(struct svc *s, struct svc_names *nm, const char *by, int64_t key,
                                  struct view_objective *v, struct err *err)
{
    struct rows r;
    if (svc_list_by(s, &entity_objective, by, key, 0, &r, err) != ERR_OK) {
        return err->code;
    }
    const struct objective *o = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (!policy_can_read(s, &entity_objective, &o[i])) {
            continue;
        }
        v->nchildren_total++;
        if (v->nchildren == CHILDREN_SHOWN) {
            continue;
        }
        if (fill_obj(s, nm, &o[i], false, &v->children[v->nchildren++], err) != ERR_OK) {
            return err->code;
        }
    }
    return ERR_OK;
}

static void add_person(struct svc *s, struct view_objective *v, int64_t id)
{
    if (v->npeople >= PEOPLE_MAX || id == s->actor.user_id) {
        return;
    }
    for (size_t i = 0; i < v->npeople; i++) {
        if (v->people[i].id == id) {
            return;
        }
    }
    struct user u;
    struct err ignored;
    if (store_get(s->st, &entity_user, s->tenant_id, id, &u, s->a, &ignored) == ERR_OK &&
        u.active) {
        v->people[v->npeople++] = (struct view_person){u.id, u.name, u.email};
    }
}

/* People to suggest for a mention: the actor's reports, then the members of the actor's
 * teams. */
static enum err_code load_people(struct svc *s, struct view_objective *v, struct err *err)
{
    v->people = arena_alloc(s->a, PEOPLE_MAX * sizeof *v->people);
    struct rows reports, teams;
    if (svc_list_by(s, &entity_user, "manager_id", s->actor.user_id, 0, &reports, err) != ERR_OK ||
        svc_list_by(s, &entity_membership, "user_id", s->actor.user_id, 0, &teams, err) != ERR_OK) {
        return err->code;
    }
    const struct user *u = reports.items;
    for (size_t i = 0; i < reports.n && v->npeople < PEOPLE_MAX; i++) {
        if (u[i].active) {
            v->people[v->npeople++] = (struct view_person){u[i].id, u[i].name, u[i].email};
        }
    }
    const struct membership *m = teams.items;
    for (size_t i = 0; i < teams.n && v->npeople < PEOPLE_MAX; i++) {
        struct query q = {
            .tenant_id = s->tenant_id, .by = "team_id", .key = m[i].team_id, .limit = PEOPLE_MAX};
        struct rows members;
        if (store_list(s->st, &entity_membership, &q, s->a, &members, err) != ERR_OK) {
            return err->code;
        }
        const struct membership *mm = members.items;
        for (size_t j = 0; j < members.n; j++) {
            add_person(s, v, mm[j].user_id);
        }
    }
    /* An admin: the first people of the company too (anyone else by email). */
    if (s->actor.admin && v->npeople < PEOPLE_MAX) {
        struct query q = {.tenant_id = s->tenant_id, .limit = PEOPLE_MAX};
        struct rows all;
        if (store_list(s->st, &entity_user, &q, s->a, &all, err) != ERR_OK) {
            return err->code;
        }
        const struct user *a = all.items;
        for (size_t i = 0; i < all.n; i++) {
            add_person(s, v, a[i].id);
        }
    }
    return ERR_OK;
}

/* When the company rolls up aligned children, the objective and its children show rolled-up
 * progress, as the strategy map and the alignment map do (this reads the whole cycle). */
static enum err_code rollup_objective(struct svc *s, struct view_objective *v, struct err *err)
{
    struct tenant t;
    if (store_get(s->st, &entity_tenant, s->tenant_id, s->tenant_id, &t, s->a, err) != ERR_OK) {
        return err->code;
    }
    if (!t.rollup_children) {
        return ERR_OK;
    }
    struct rows objs, krs;
    if (svc_list_by(s, &entity_objective, "cycle_id", v->obj.o.cycle_id, 0, &objs, err) != ERR_OK ||
        svc_list_by(s, &entity_key_result, "cycle_id", v->obj.o.cycle_id, 0, &krs, err) != ERR_OK) {
        return err->code;
    }
    struct tree tr;
    tree_build(&tr, s->a, NULL, 0, objs.items, objs.n, krs.items, krs.n, 1);
    for (size_t i = 0; i <= v->nchildren; i++) {
        struct view_obj *vo = i < v->nchildren ? &v->children[i] : &v->obj;
        size_t lo = 0, hi = tr.nobjs;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (tr.objs[mid].id < vo->o.id) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo < tr.nobjs && tr.objs[lo].id == vo->o.id) {
            vo->progress = tr.rollup[lo];
        }
    }
    return ERR_OK;
}

enum err_code svc_view_objective(struct svc *s, int64_t id, struct view_objective *out,
                                 struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct svc_names nm = {.s = s};
    struct objective o;
    struct err ignored;
    enum err_code rc = store_get(s->st, &entity_objective, s->tenant_id, id, &o, s->a, err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, &entity_objective, &o, err);
    }
    if (rc == ERR_OK) {
        rc = fill_obj(s, &nm, &o, false, &out->obj, err);
    }
    if (rc == ERR_OK) {
        rc = store_get(s->st, &entity_cycle, s->tenant_id, o.cycle_id, &out->cycle, s->a, err);
    }
    if (rc == ERR_OK && o.theme_id &&
        store_get(s->st, &entity_theme, s->tenant_id, o.theme_id, &out->theme, s->a, &ignored) !=
            ERR_OK) {
        out->theme.id = 0;
    }
    int64_t parent_id = o.parent_objective_id;
    if (rc == ERR_OK && o.parent_kr_id) {
        if (store_get(s->st, &entity_key_result, s->tenant_id, o.parent_kr_id, &out->parent_kr,
                      s->a, &ignored) == ERR_OK) {
            parent_id = out->parent_kr.objective_id;
        }
    }
    if (rc == ERR_OK && parent_id &&
        (store_get(s->st, &entity_objective, s->tenant_id, parent_id, &out->parent, s->a,
                   &ignored) != ERR_OK ||
         !policy_can_read(s, &entity_objective, &out->parent))) {
        memset(&out->parent, 0, sizeof out->parent);
        memset(&out->parent_kr, 0, sizeof out->parent_kr);
    }
    /* Check-ins and comments of each key result, comments of the objective. */
    size_t nkrs = out->obj.nkrs;
    out->checkins = arena_alloc(s->a, (nkrs ? nkrs : 1) * sizeof *out->checkins);
    out->ncheckins = arena_alloc(s->a, (nkrs ? nkrs : 1) * sizeof *out->ncheckins);
    struct rows *kr_comments = arena_alloc(s->a, (nkrs ? nkrs : 1) * sizeof *kr_comments);
    struct rows obj_comments = {0};
    size_t total_comments = 0;
    for (size_t i = 0; rc == ERR_OK && i < nkrs; i++) {
        struct view_kr *vk = &out->obj.krs[i];
        struct rows c;
        rc = kr_checkins(s, vk->kr.id, &c, err);
        if (rc == ERR_OK) {
            const struct checkin *ck = c.items;
            out->checkins[i] = arena_alloc(s->a, (c.n ? c.n : 1) * sizeof **out->checkins);
            out->ncheckins[i] = c.n;
            for (size_t j = 0; j < c.n; j++) {
                out->checkins[i][j].c = ck[j];
                out->checkins[i][j].author_name = svc_name_of(&nm, ck[j].author_id, false);
            }
            if (c.n) {
                vk->last = ck[c.n - 1];
            }
            rc = svc_list_by(s, &entity_comment, "kr_id", vk->kr.id, 0, &kr_comments[i], err);
            total_comments += kr_comments[i].n;
        }
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_comment, "objective_id", id, 0, &obj_comments, err);
        total_comments += obj_comments.n;
    }
    if (rc == ERR_OK) {
        out->comments =
            arena_alloc(s->a, (total_comments ? total_comments : 1) * sizeof *out->comments);
        add_comments(&nm, &obj_comments, out->comments, &out->ncomments);
        for (size_t i = 0; i < nkrs; i++) {
            add_comments(&nm, &kr_comments[i], out->comments, &out->ncomments);
        }
        if (out->ncomments > 1) {
            qsort(out->comments, out->ncomments, sizeof *out->comments, comment_order);
        }
    }
    out->children = arena_alloc(s->a, CHILDREN_SHOWN * sizeof *out->children);
    if (rc == ERR_OK) {
        rc = add_children(s, &nm, "parent_objective_id", id, out, err);
    }
    for (size_t i = 0; rc == ERR_OK && i < nkrs; i++) {
        rc = add_children(s, &nm, "parent_kr_id", out->obj.krs[i].kr.id, out, err);
    }
    if (rc == ERR_OK) {
        rc = rollup_objective(s, out, err);
    }
    if (rc == ERR_OK) {
        out->can_edit = policy_check(s, POLICY_WRITE, &entity_objective, &o, &ignored) == ERR_OK;
    }
    /* What only the forms of someone who may edit need: mention suggestions and themes. */
    if (rc == ERR_OK && out->can_edit) {
        rc = load_people(s, out, err);
    }
    struct rows themes = {0};
    if (rc == ERR_OK && out->can_edit) {
        rc = svc_list_by(s, &entity_theme, NULL, 0, 0, &themes, err);
        if (themes.n > 1) {
            qsort(themes.items, themes.n, sizeof(struct theme), theme_order);
        }
        out->themes = themes.items;
        out->nthemes = themes.n;
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_view_objective_form(struct svc *s, int64_t parent_objective_id,
                                      int64_t parent_kr_id, struct view_objective_form *out,
                                      struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct rows t = {0}, teams = {0};
    enum err_code rc = view_load_cycles(s, 0, &out->cycles, err);
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_theme, NULL, 0, 0, &t, err);
    }
    if (rc == ERR_OK && t.n > 1) {
        qsort(t.items, t.n, sizeof(struct theme), theme_order);
    }
    out->themes = t.items;
    out->nthemes = t.n;
    if (rc == ERR_OK && s->actor.user_id) {
        rc = svc_list_by(s, &entity_team, NULL, 0, 0, &teams, err);
        struct team *tm = teams.items;
        bool *led = policy_teams_led(s, tm, teams.n);
        out->teams = tm;
        for (size_t i = 0; rc == ERR_OK && i < teams.n; i++) {
            if (led[i]) {
                tm[out->nteams++] = tm[i];
            }
        }
    }
    if (rc == ERR_OK && parent_objective_id) {
        rc = store_get(s->st, &entity_objective, s->tenant_id, parent_objective_id, &out->parent,
                       s->a, err);
        if (rc == ERR_OK) {
            rc = policy_check(s, POLICY_READ, &entity_objective, &out->parent, err);
        }
    }
    if (rc == ERR_OK && parent_kr_id) {
        rc = store_get(s->st, &entity_key_result, s->tenant_id, parent_kr_id, &out->parent_kr, s->a,
                       err);
        if (rc == ERR_OK && out->parent_kr.objective_id != out->parent.id) {
            rc = err_set(err, ERR_NOT_FOUND, "parent_kr_id", "no such key result");
        }
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_view_inbox(struct svc *s, struct view_inbox *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct svc_names nm = {.s = s};
    enum err_code rc = load_requests(s, &nm, "to_user_id", false, &out->to_me, &out->nto, err);
    if (rc == ERR_OK) {
        rc = load_requests(s, &nm, "from_user_id", false, &out->from_me, &out->nfrom, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_view_mention(struct svc *s, const char *to, int64_t objective_id, int64_t kr_id,
                               const char *message, struct request *out, struct err *err)
{
    if (!to || !*to) {
        return err_set(err, ERR_INVALID, "to", "say whom to ask (an email)");
    }
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct rows users;
    enum err_code rc = s->st->ops->users_by_email(s->st, s->tenant_id, to, 1, s->a, &users, err);
    if (rc == ERR_OK && users.n == 0) {
        rc = err_set(err, ERR_INVALID, "to", "nobody in this company has that email");
    }
    int64_t to_id = rc == ERR_OK ? ((struct user *)users.items)[0].id : 0;
    rc = svc_finish(s, rc, err);
    if (rc != ERR_OK) {
        return rc;
    }
    meta_init(&entity_request, out);
    out->tenant_id = s->tenant_id;
    out->to_user_id = to_id;
    out->objective_id = kr_id ? 0 : objective_id;
    out->kr_id = kr_id;
    out->message = message ? message : "";
    return svc_request_send(s, out, err);
}
