/* The alignment map's reads (web_views.h): nodes are read level by level, as people open them,
 * so a cycle of 10,000 objectives costs what is on the screen. Only a company that rolls up
 * aligned children reads its whole cycle (rolled-up progress needs every descendant). */
#include "web_views.h"

#include "domain/progress.h"
#include "domain/tree.h"
#include "policy.h"
#include "svc_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAP_TEAMS_MAX = 500, MAP_MEMBERS_MAX = 200 };

enum { NAMES_MAX = 64 };

struct map_ctx {
    struct svc *s;
    struct tree *rollup; /* NULL unless the tenant rolls up */
    struct {
        int64_t id;
        bool team;
        const char *name;
    } names[NAMES_MAX]; /* owners looked up once per request (siblings share teams) */
    size_t nnames;
};

static const char *lookup_name(struct svc *s, int64_t id, bool team)
{
    struct err ignored;
    if (team) {
        struct team t;
        return store_get(s->st, &entity_team, s->tenant_id, id, &t, s->a, &ignored) == ERR_OK
                   ? t.name
                   : "?";
    }
    struct user u;
    return store_get(s->st, &entity_user, s->tenant_id, id, &u, s->a, &ignored) == ERR_OK ? u.name
                                                                                          : "?";
}

static const char *owner_name(struct map_ctx *mc, const struct objective *o)
{
    bool team = !o->owner_user_id;
    int64_t id = team ? o->owner_team_id : o->owner_user_id;
    if (!id) {
        return "";
    }
    for (size_t i = 0; i < mc->nnames; i++) {
        if (mc->names[i].id == id && mc->names[i].team == team) {
            return mc->names[i].name;
        }
    }
    const char *name = lookup_name(mc->s, id, team);
    if (mc->nnames < NAMES_MAX) {
        mc->names[mc->nnames].id = id;
        mc->names[mc->nnames].team = team;
        mc->names[mc->nnames].name = name;
        mc->nnames++;
    }
    return name;
}

/* The readable objectives of r (in cycle_id when not 0), kept in place; returns how many. */
static size_t keep_readable(struct svc *s, struct rows *r, int64_t cycle_id)
{
    struct objective *o = r->items;
    size_t kept = 0;
    for (size_t i = 0; i < r->n; i++) {
        if ((!cycle_id || o[i].cycle_id == cycle_id) && o[i].state != OBJ_DROPPED &&
            policy_can_read(s, &entity_objective, &o[i])) {
            o[kept++] = o[i];
        }
    }
    r->n = kept;
    return kept;
}

static double rolled_up(const struct map_ctx *mc, int64_t id, double own)
{
    const struct tree *t = mc->rollup;
    if (!t) {
        return own;
    }
    size_t lo = 0, hi = t->nobjs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->objs[mid].id < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < t->nobjs && t->objs[lo].id == id ? t->rollup[lo] : own;
}

/* Appends to *n how many readable objectives `by` = key lists, counting at most
 * VIEW_COUNT_MAX + 1. */
static enum err_code count_children(struct svc *s, const char *by, int64_t key, size_t *n,
                                    struct err *err)
{
    struct query q = {.tenant_id = s->tenant_id, .by = by, .key = key, .limit = VIEW_COUNT_MAX + 1};
    struct rows r;
    if (store_list(s->st, &entity_objective, &q, s->a, &r, err) != ERR_OK) {
        return err->code;
    }
    *n += keep_readable(s, &r, 0);
    if (*n > VIEW_COUNT_MAX) {
        *n = VIEW_COUNT_MAX + 1;
    }
    return ERR_OK;
}

/* A collapsed node: owner, progress, how many key results, and (when count) how many children
 * it has (VIEW_COUNT_MAX + 1 meaning more). Its key results go to *krs when krs is not NULL. */
static enum err_code fill_node(struct map_ctx *mc, const struct objective *o, struct view_node *out,
                               struct rows *krs, bool count, struct err *err)
{
    struct svc *s = mc->s;
    memset(out, 0, sizeof *out);
    out->o = *o;
    out->owner_name = owner_name(mc, o);
    struct rows k;
    if (svc_list_by(s, &entity_key_result, "objective_id", o->id, 0, &k, err) != ERR_OK) {
        return err->code;
    }
    out->nkrs = k.n;
    out->progress = rolled_up(mc, o->id, objective_progress(k.items, k.n));
    out->nchildren = count ? 0 : SIZE_MAX;
    if (count && count_children(s, "parent_objective_id", o->id, &out->nchildren, err) != ERR_OK) {
        return err->code;
    }
    const struct key_result *kr = k.items;
    for (size_t i = 0; count && i < k.n && out->nchildren <= VIEW_COUNT_MAX; i++) {
        if (count_children(s, "parent_kr_id", kr[i].id, &out->nchildren, err) != ERR_OK) {
            return err->code;
        }
    }
    if (krs) {
        *krs = k;
    }
    return ERR_OK;
}

static enum err_code fill_nodes(struct map_ctx *mc, const struct rows *objs, bool count,
                                struct view_node **out, size_t *n, struct err *err)
{
    *n = objs->n;
    *out = arena_alloc(mc->s->a, (objs->n ? objs->n : 1) * sizeof **out);
    const struct objective *o = objs->items;
    for (size_t i = 0; i < objs->n; i++) {
        if (fill_node(mc, &o[i], &(*out)[i], NULL, count, err) != ERR_OK) {
            return err->code;
        }
    }
    return ERR_OK;
}

/* Keeps at most *budget rows of r, spends them, and says in *more how many were left out.
 * Returns 0 (for use in conditions). */
static int cap_rows(struct rows *r, size_t *budget, size_t *more)
{
    *more = r->n > *budget ? r->n - *budget : 0;
    r->n -= *more;
    *budget -= r->n;
    return 0;
}

static enum err_code map_node(struct map_ctx *mc, int64_t id, struct view_map_node *out,
                              struct err *err)
{
    struct svc *s = mc->s;
    memset(out, 0, sizeof *out);
    struct objective o;
    struct rows krs;
    if (store_get(s->st, &entity_objective, s->tenant_id, id, &o, s->a, err) != ERR_OK ||
        policy_check(s, POLICY_READ, &entity_objective, &o, err) != ERR_OK ||
        store_get(s->st, &entity_cycle, s->tenant_id, o.cycle_id, &out->cycle, s->a, err) !=
            ERR_OK ||
        fill_node(mc, &o, &out->node, &krs, true, err) != ERR_OK) {
        return err->code;
    }
    bool superior = !o.owner_user_id;
    size_t budget = VIEW_NODE_CHILDREN_MAX;
    out->nkrs = krs.n;
    out->krs = arena_alloc(s->a, (krs.n ? krs.n : 1) * sizeof *out->krs);
    const struct key_result *k = krs.items;
    for (size_t i = 0; i < krs.n; i++) {
        struct view_node_kr *vk = &out->krs[i];
        vk->kr = k[i];
        vk->progress = kr_progress(&k[i]);
        vk->superior = superior;
        struct rows kids, reqs;
        if (svc_list_by(s, &entity_objective, "parent_kr_id", k[i].id, 0, &kids, err) != ERR_OK ||
            svc_list_by(s, &entity_request, "kr_id", k[i].id, 0, &reqs, err) != ERR_OK) {
            return err->code;
        }
        const struct request *rq = reqs.items;
        for (size_t j = 0; j < reqs.n; j++) {
            vk->npending += rq[j].state == REQ_PENDING;
        }
        keep_readable(s, &kids, 0);
        if (cap_rows(&kids, &budget, &vk->nmore) ||
            fill_nodes(mc, &kids, false, &vk->children, &vk->nchildren, err) != ERR_OK) {
            return err->code;
        }
    }
    struct rows kids;
    if (svc_list_by(s, &entity_objective, "parent_objective_id", id, 0, &kids, err) != ERR_OK) {
        return err->code;
    }
    keep_readable(s, &kids, 0);
    cap_rows(&kids, &budget, &out->nmore);
    return fill_nodes(mc, &kids, false, &out->children, &out->nchildren, err);
}

/* Loads the whole cycle's tree when the tenant rolls up aligned children. */
static enum err_code maybe_rollup(struct map_ctx *mc, int64_t cycle_id, struct err *err)
{
    struct svc *s = mc->s;
    struct tenant t;
    if (store_get(s->st, &entity_tenant, s->tenant_id, s->tenant_id, &t, s->a, err) != ERR_OK) {
        return err->code;
    }
    if (!t.rollup_children || !cycle_id) {
        return ERR_OK;
    }
    struct rows objs, krs;
    if (svc_list_by(s, &entity_objective, "cycle_id", cycle_id, 0, &objs, err) != ERR_OK ||
        svc_list_by(s, &entity_key_result, "cycle_id", cycle_id, 0, &krs, err) != ERR_OK) {
        return err->code;
    }
    mc->rollup = arena_alloc(s->a, sizeof *mc->rollup);
    tree_build(mc->rollup, s->a, NULL, 0, objs.items, objs.n, krs.items, krs.n, 1);
    return ERR_OK;
}

enum err_code svc_view_map_node(struct svc *s, int64_t objective_id, struct view_map_node *out,
                                struct err *err)
{
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct map_ctx mc = {.s = s};
    struct objective o;
    enum err_code rc =
        store_get(s->st, &entity_objective, s->tenant_id, objective_id, &o, s->a, err);
    if (rc == ERR_OK) {
        rc = maybe_rollup(&mc, o.cycle_id, err);
    }
    if (rc == ERR_OK) {
        rc = map_node(&mc, objective_id, out, err);
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

static int cycle_order(const void *a, const void *b)
{
    const struct cycle *x = a, *y = b;
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return x->id < y->id ? -1 : x->id > y->id;
}

static void pick_cycle(struct svc *s, struct view_cycles *c, int64_t want)
{
    int64_t today = s->now / 86400;
    c->current = NULL;
    for (size_t i = 0; i < c->n; i++) {
        const struct cycle *x = &c->items[i];
        if (want ? x->id == want
                 : x->state == CYCLE_ACTIVE && x->start <= today && today <= x->end &&
                       (!c->current || x->end - x->start < c->current->end - c->current->start)) {
            c->current = x;
        }
    }
    for (size_t i = 0; !want && !c->current && i < c->n; i++) {
        if (c->items[i].state != CYCLE_PLANNING) {
            c->current = &c->items[i]; /* the latest that has started */
        }
    }
}

/* Appends the readable objectives of `by` = key in the cycle to *acc. */
static enum err_code collect(struct svc *s, const char *by, int64_t key, int64_t cycle_id,
                             struct rows *acc, size_t *cap, struct err *err)
{
    struct rows r;
    if (svc_list_by(s, &entity_objective, by, key, 0, &r, err) != ERR_OK) {
        return err->code;
    }
    keep_readable(s, &r, cycle_id);
    if (acc->n + r.n > *cap) {
        size_t ncap = (*cap ? *cap : 8);
        while (ncap < acc->n + r.n) {
            ncap *= 2;
        }
        struct objective *next = arena_alloc(s->a, ncap * sizeof *next);
        if (acc->n) {
            memcpy(next, acc->items, acc->n * sizeof *next);
        }
        acc->items = next;
        *cap = ncap;
    }
    if (r.n) {
        memcpy((struct objective *)acc->items + acc->n, r.items, r.n * sizeof(struct objective));
    }
    acc->n += r.n;
    return ERR_OK;
}

/* Leaves out of acc the objectives aligned to another in acc (to it or to one of its key
 * results): opening that one shows them, as the tree nests them. */
static void drop_nested(struct svc *s, struct rows *acc)
{
    struct objective *o = acc->items;
    bool *nested = arena_alloc(s->a, acc->n + 1);
    for (size_t i = 0; i < acc->n; i++) {
        int64_t parent = o[i].parent_objective_id;
        struct key_result kr;
        struct err missing;
        if (!parent && o[i].parent_kr_id &&
            store_get(s->st, &entity_key_result, s->tenant_id, o[i].parent_kr_id, &kr, s->a,
                      &missing) == ERR_OK) {
            parent = kr.objective_id;
        }
        for (size_t k = 0; parent && k < acc->n && !nested[i]; k++) {
            nested[i] = k != i && o[k].id == parent;
        }
    }
    size_t kept = 0;
    for (size_t i = 0; i < acc->n; i++) {
        if (!nested[i]) {
            o[kept++] = o[i];
        }
    }
    acc->n = kept;
}

static enum err_code filtered_roots(struct map_ctx *mc, const struct view_map_filter *f,
                                    int64_t cycle_id, struct view_map *out, struct err *err)
{
    struct svc *s = mc->s;
    struct rows acc = {0};
    size_t cap = 0;
    out->filtered = true;
    if (f->person && *f->person) {
        struct rows users;
        if (s->st->ops->users_by_email(s->st, s->tenant_id, f->person, 1, s->a, &users, err) !=
            ERR_OK) {
            return err->code;
        }
        if (!users.n) {
            return err_set(err, ERR_INVALID, "person", "nobody here has that email");
        }
        out->person = ((struct user *)users.items)[0];
        if (collect(s, "owner_user_id", out->person.id, cycle_id, &acc, &cap, err) != ERR_OK) {
            return err->code;
        }
    } else {
        if (collect(s, "owner_team_id", f->team_id, cycle_id, &acc, &cap, err) != ERR_OK) {
            return err->code;
        }
        /* The team's lead leads it whether or not a member: theirs are the team's first. */
        struct team t;
        struct err missing;
        int64_t lead =
            store_get(s->st, &entity_team, s->tenant_id, f->team_id, &t, s->a, &missing) == ERR_OK
                ? t.lead_id
                : 0;
        if (lead && collect(s, "owner_user_id", lead, cycle_id, &acc, &cap, err) != ERR_OK) {
            return err->code;
        }
        struct query q = {.tenant_id = s->tenant_id,
                          .by = "team_id",
                          .key = f->team_id,
                          .limit = MAP_MEMBERS_MAX};
        struct rows members;
        if (store_list(s->st, &entity_membership, &q, s->a, &members, err) != ERR_OK) {
            return err->code;
        }
        const struct membership *m = members.items;
        for (size_t i = 0; i < members.n; i++) {
            if (m[i].user_id != lead &&
                collect(s, "owner_user_id", m[i].user_id, cycle_id, &acc, &cap, err) != ERR_OK) {
                return err->code;
            }
        }
        drop_nested(s, &acc);
    }
    return fill_nodes(mc, &acc, true, &out->roots, &out->nroots, err);
}

enum err_code svc_view_map(struct svc *s, const struct view_map_filter *f, struct view_map *out,
                           struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct map_ctx mc = {.s = s};
    struct rows cycles, teams, themes;
    struct query all = {.tenant_id = s->tenant_id};
    struct query some = {.tenant_id = s->tenant_id, .limit = MAP_TEAMS_MAX};
    enum err_code rc = store_list(s->st, &entity_cycle, &all, s->a, &cycles, err);
    if (rc == ERR_OK) {
        rc = store_list(s->st, &entity_team, &some, s->a, &teams, err);
    }
    if (rc == ERR_OK) {
        rc = store_list(s->st, &entity_theme, &all, s->a, &themes, err);
    }
    if (rc != ERR_OK) {
        return svc_finish(s, rc, err);
    }
    if (cycles.n > 1) {
        qsort(cycles.items, cycles.n, sizeof(struct cycle), cycle_order);
    }
    if (themes.n > 1) {
        qsort(themes.items, themes.n, sizeof(struct theme), theme_order);
    }
    out->cycles.items = cycles.items;
    out->cycles.n = cycles.n;
    out->teams = teams.items;
    out->nteams = teams.n;
    out->themes = themes.items;
    out->nthemes = themes.n;
    pick_cycle(s, &out->cycles, f->cycle_id);
    if (f->cycle_id && !out->cycles.current) {
        return svc_finish(s, err_set(err, ERR_NOT_FOUND, "cycle", "no such cycle"), err);
    }
    int64_t cid = out->cycles.current ? out->cycles.current->id : 0;
    rc = maybe_rollup(&mc, cid, err);
    if (rc == ERR_OK && f->root_id) {
        rc = map_node(&mc, f->root_id, &out->expanded, err);
    } else if (rc == ERR_OK && cid && ((f->person && *f->person) || f->team_id)) {
        rc = filtered_roots(&mc, f, cid, out, err);
    } else if (rc == ERR_OK && cid) {
        out->theme_nodes = arena_alloc(s->a, (themes.n ? themes.n : 1) * sizeof *out->theme_nodes);
        out->ntheme_nodes =
            arena_alloc(s->a, (themes.n ? themes.n : 1) * sizeof *out->ntheme_nodes);
        const struct theme *t = themes.items;
        for (size_t i = 0; rc == ERR_OK && i < themes.n; i++) {
            struct rows r;
            rc = svc_list_by(s, &entity_objective, "theme_id", t[i].id, 0, &r, err);
            if (rc == ERR_OK) {
                struct objective *o = r.items;
                size_t kept = 0;
                for (size_t j = 0; j < r.n; j++) {
                    if (!o[j].owner_user_id && !o[j].owner_team_id) {
                        o[kept++] = o[j];
                    }
                }
                r.n = kept;
                keep_readable(s, &r, cid);
                rc = fill_nodes(&mc, &r, true, &out->theme_nodes[i], &out->ntheme_nodes[i], err);
            }
        }
    }
    return svc_finish(s, rc, err);
}
