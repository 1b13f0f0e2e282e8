/* The alignment tree use-case: load a cycle's themes, objectives and key results in a fixed
 * number of queries, keep what the actor may see, and build the tree in the domain. */
#include "svc_internal.h"

#include "policy.h"

#include <stdlib.h>
#include <string.h>

enum err_code svc_keep_readable(struct svc *s, struct rows *objs, bool keep_objs, struct rows *krs,
                                struct err *err)
{
    if (s->actor.system || s->actor.admin) {
        return ERR_OK;
    }
    if (policy_load_relations(s, err) != ERR_OK) {
        return err->code;
    }
    struct objective *o = objs->items;
    int64_t max_id = 0;
    for (size_t i = 0; i < objs->n; i++) {
        max_id = o[i].id > max_id ? o[i].id : max_id;
    }
    unsigned char *readable = arena_alloc(s->a, (size_t)max_id + 1);
    size_t kept = 0;
    for (size_t i = 0; i < objs->n; i++) {
        if (policy_can_read(s, &entity_objective, &o[i])) {
            readable[o[i].id] = 1;
            if (!keep_objs) {
                o[kept++] = o[i];
            }
        }
    }
    if (!keep_objs) {
        objs->n = kept;
    }
    struct key_result *k = krs->items;
    size_t kk = 0;
    for (size_t i = 0; i < krs->n; i++) {
        if (k[i].objective_id <= max_id && readable[k[i].objective_id]) {
            k[kk++] = k[i];
        }
    }
    krs->n = kk;
    return ERR_OK;
}

/* The records of e whose field `by` is any of keys (sorted or not), STORE_KEYS_MAX at a time,
 * appended to out (which starts empty). */
static enum err_code list_keys(struct svc *s, const struct entity *e, const char *by,
                               const int64_t *keys, size_t n, struct rows *out, struct err *err)
{
    size_t cap = 0;
    out->items = NULL;
    out->n = 0;
    for (size_t at = 0; at < n; at += STORE_KEYS_MAX) {
        size_t chunk = n - at < STORE_KEYS_MAX ? n - at : STORE_KEYS_MAX;
        struct query q = {.tenant_id = s->tenant_id, .by = by, .keys = keys + at, .nkeys = chunk};
        struct rows r;
        if (store_list(s->st, e, &q, s->a, &r, err) != ERR_OK) {
            return err->code;
        }
        if (at == 0) {
            *out = r;
            cap = r.n;
            continue;
        }
        if (out->n + r.n > cap) {
            cap = (out->n + r.n) * 2;
            char *grown = arena_alloc(s->a, cap * e->size);
            memcpy(grown, out->items, out->n * e->size);
            out->items = grown;
        }
        memcpy((char *)out->items + out->n * e->size, r.items, r.n * e->size);
        out->n += r.n;
    }
    return ERR_OK;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

struct edge {
    int64_t parent, child;
};

static int cmp_objective_id(const void *a, const void *b)
{
    return cmp_i64(&((const struct objective *)a)->id, &((const struct objective *)b)->id);
}

/* Sorts ids and removes repeats and zeros; returns the new count. */
static size_t unique_ids(int64_t *ids, size_t n)
{
    qsort(ids, n, sizeof *ids, cmp_i64);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (ids[i] && (k == 0 || ids[k - 1] != ids[i])) {
            ids[k++] = ids[i];
        }
    }
    return k;
}

/* One team's part of a cycle: the team and its sub-teams (from teams, all of the tenant's),
 * their leads and members; their objectives of the cycle and those objectives' key results; the
 * people (out->users). */
static enum err_code load_team(struct svc *s, int64_t cycle_id, int64_t team_id,
                               struct cycle_tree *out, struct rows *objs, struct rows *krs,
                               struct err *err)
{
    const struct team *t = out->teams.items;
    size_t nt = out->teams.n;
    if (!cycle_tree_team(out, team_id)) {
        return err_set(err, ERR_NOT_FOUND, "team", "no team with id %lld", (long long)team_id);
    }
    /* The sub-teams, breadth first, through (parent, id) pairs sorted by parent. */
    struct edge *by_parent = arena_alloc(s->a, (nt + 1) * sizeof *by_parent);
    for (size_t i = 0; i < nt; i++) {
        by_parent[i] = (struct edge){t[i].parent_id, t[i].id};
    }
    qsort(by_parent, nt, sizeof *by_parent, cmp_i64); /* by the first member, the parent */
    int64_t *teams = arena_alloc(s->a, (nt + 1) * sizeof *teams);
    size_t nteams = 0;
    teams[nteams++] = team_id;
    for (size_t done = 0; done < nteams; done++) {
        size_t lo = 0, hi = nt; /* the first edge whose parent is teams[done] */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (by_parent[mid].parent < teams[done]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (; lo < nt && by_parent[lo].parent == teams[done] && nteams < nt; lo++) {
            teams[nteams++] = by_parent[lo].child;
        }
    }
    struct rows members;
    if (list_keys(s, &entity_membership, "team_id", teams, nteams, &members, err) != ERR_OK) {
        return err->code;
    }
    int64_t *people = arena_alloc(s->a, (members.n + nteams + 1) * sizeof *people);
    size_t npeople = 0;
    for (size_t i = 0; i < members.n; i++) {
        people[npeople++] = ((const struct membership *)members.items)[i].user_id;
    }
    for (size_t i = 0; i < nteams; i++) {
        people[npeople++] = cycle_tree_team(out, teams[i])->lead_id;
    }
    npeople = unique_ids(people, npeople);
    struct rows by_team, by_person;
    if (list_keys(s, &entity_objective, "owner_team_id", teams, nteams, &by_team, err) != ERR_OK ||
        list_keys(s, &entity_objective, "owner_user_id", people, npeople, &by_person, err) !=
            ERR_OK ||
        list_keys(s, &entity_user, "id", people, npeople, &out->users, err) != ERR_OK) {
        return err->code;
    }
    /* This cycle's, in id order as the tree expects. */
    struct objective *o = arena_alloc(s->a, (by_team.n + by_person.n + 1) * sizeof *o);
    size_t no = 0;
    const struct rows *from[] = {&by_team, &by_person};
    for (int f = 0; f < 2; f++) {
        for (size_t i = 0; i < from[f]->n; i++) {
            const struct objective *x = (const struct objective *)from[f]->items + i;
            if (x->cycle_id == cycle_id) {
                o[no++] = *x;
            }
        }
    }
    qsort(o, no, sizeof *o, cmp_objective_id);
    objs->items = o;
    objs->n = no;
    int64_t *ids = arena_alloc(s->a, (no + 1) * sizeof *ids);
    for (size_t i = 0; i < no; i++) {
        ids[i] = o[i].id;
    }
    krs->items = NULL;
    krs->n = 0;
    return no ? list_keys(s, &entity_key_result, "objective_id", ids, no, krs, err) : ERR_OK;
}

enum err_code svc_tree(struct svc *s, int64_t cycle_id, int64_t team_id, struct cycle_tree *out,
                       struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct rows themes, objs, krs;
    enum err_code rc = ERR_OK;
    if (!team_id) {
        /* The transaction's first read, so that the driver may split it over two connections
         * (store.h: tree_read). */
        rc = store_tree_read(s->st, s->tenant_id, cycle_id, s->a, &objs, &krs, err);
    }
    if (rc == ERR_OK) {
        rc = store_get(s->st, &entity_tenant, s->tenant_id, s->tenant_id, &out->tenant, s->a,
                       err);
    }
    if (rc == ERR_OK) {
        rc = store_get(s->st, &entity_cycle, s->tenant_id, cycle_id, &out->cycle, s->a, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_theme, NULL, 0, 0, &themes, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_team, NULL, 0, 0, &out->teams, err);
    }
    if (rc == ERR_OK && team_id) {
        rc = load_team(s, cycle_id, team_id, out, &objs, &krs, err);
    } else if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_user, NULL, 0, 0, &out->users, err);
    }
    if (rc == ERR_OK) {
        rc = svc_keep_readable(s, &objs, false, &krs, err);
    }
    if (rc == ERR_OK) {
        tree_build(&out->tree, s->a, themes.items, themes.n, objs.items, objs.n, krs.items, krs.n,
                   out->tenant.rollup_children);
    }
    return svc_finish(s, rc, err);
}

/* Lists come from the store in id order, so a binary search finds a record. */
static const void *find_by_id(const struct rows *r, size_t size, size_t id_offset, int64_t id)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *item = (const char *)r->items + mid * size;
        int64_t v = *(const int64_t *)(item + id_offset);
        if (v == id) {
            return item;
        }
        if (v < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

const struct user *cycle_tree_user(const struct cycle_tree *t, int64_t id)
{
    return find_by_id(&t->users, sizeof(struct user), offsetof(struct user, id), id);
}

const struct team *cycle_tree_team(const struct cycle_tree *t, int64_t id)
{
    return find_by_id(&t->teams, sizeof(struct team), offsetof(struct team, id), id);
}
