/* The alignment tree use-case: load a cycle's themes, objectives and key results in a fixed
 * number of queries, keep what the actor may see, and build the tree in the domain. */
#include "svc_internal.h"

#include "policy.h"

#include <string.h>

static enum err_code list_all(struct svc *s, const struct entity *e, const char *by, int64_t key,
                              struct rows *out, struct err *err)
{
    struct query q = {.tenant_id = s->tenant_id, .by = by, .key = key};
    return store_list(s->st, e, &q, s->a, out, err);
}

/* Keeps the visible objectives, and the key results of those. */
static void keep_visible(struct svc *s, struct rows *objs, struct rows *krs)
{
    struct objective *o = objs->items;
    size_t kept = 0;
    int64_t max_id = 0;
    for (size_t i = 0; i < objs->n; i++) {
        struct err ignored;
        if (policy_check(s, POLICY_READ, &entity_objective, &o[i], &ignored) == ERR_OK) {
            o[kept++] = o[i];
            max_id = o[i].id > max_id ? o[i].id : max_id;
        }
    }
    objs->n = kept;
    unsigned char *visible = arena_alloc(s->a, (size_t)max_id + 1);
    for (size_t i = 0; i < kept; i++) {
        visible[o[i].id] = 1;
    }
    struct key_result *k = krs->items;
    size_t kk = 0;
    for (size_t i = 0; i < krs->n; i++) {
        if (k[i].objective_id <= max_id && visible[k[i].objective_id]) {
            k[kk++] = k[i];
        }
    }
    krs->n = kk;
}

enum err_code svc_tree(struct svc *s, int64_t cycle_id, struct cycle_tree *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct rows themes, objs, krs;
    enum err_code rc = store_get(s->st, &entity_tenant, s->tenant_id, s->tenant_id, &out->tenant,
                                 s->a, err);
    if (rc == ERR_OK) {
        rc = store_get(s->st, &entity_cycle, s->tenant_id, cycle_id, &out->cycle, s->a, err);
    }
    if (rc == ERR_OK) {
        rc = list_all(s, &entity_theme, NULL, 0, &themes, err);
    }
    if (rc == ERR_OK) {
        rc = list_all(s, &entity_objective, "cycle_id", cycle_id, &objs, err);
    }
    if (rc == ERR_OK) {
        rc = list_all(s, &entity_key_result, "cycle_id", cycle_id, &krs, err);
    }
    if (rc == ERR_OK) {
        rc = list_all(s, &entity_user, NULL, 0, &out->users, err);
    }
    if (rc == ERR_OK) {
        rc = list_all(s, &entity_team, NULL, 0, &out->teams, err);
    }
    if (rc == ERR_OK && !s->actor.system && !s->actor.admin) {
        rc = policy_load_relations(s, err);
        if (rc == ERR_OK) {
            keep_visible(s, &objs, &krs);
        }
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
