/* Alignment tree construction: id -> index maps, grouping by parent, and roll-up in post-order
 * with an explicit stack (trees can be deep and wide: 100,000 people). */
#include "tree.h"

#include "progress.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

/* Maps ids to array indices: a table indexed by id when the ids are dense (a whole cycle: ids
 * count per tenant), else sorted pairs searched by halves (one team's tree in a large company,
 * whose ids spread over millions: a table would be megabytes to fill for a few hundred). */
struct id_pair {
    int64_t id;
    uint32_t index;
};

struct id_map {
    uint32_t *slot; /* dense: [max + 1] */
    int64_t max;
    struct id_pair *pairs; /* sparse: [n], by id */
    size_t n;
};

static int cmp_pair(const void *a, const void *b)
{
    int64_t x = ((const struct id_pair *)a)->id, y = ((const struct id_pair *)b)->id;
    return (x > y) - (x < y);
}

static void map_build(struct id_map *m, struct arena *a, const void *items, size_t n,
                      size_t stride, size_t id_offset)
{
    m->max = 0;
    m->pairs = NULL;
    m->n = n;
    for (size_t i = 0; i < n; i++) {
        int64_t id = *(const int64_t *)((const char *)items + i * stride + id_offset);
        m->max = id > m->max ? id : m->max;
    }
    if ((uint64_t)m->max > 4 * (uint64_t)n + 4096) {
        m->pairs = arena_alloc(a, (n + 1) * sizeof *m->pairs);
        for (size_t i = 0; i < n; i++) {
            m->pairs[i].id = *(const int64_t *)((const char *)items + i * stride + id_offset);
            m->pairs[i].index = (uint32_t)i;
        }
        qsort(m->pairs, n, sizeof *m->pairs, cmp_pair);
        return;
    }
    m->slot = arena_alloc(a, ((size_t)m->max + 1) * sizeof *m->slot);
    memset(m->slot, 0xff, ((size_t)m->max + 1) * sizeof *m->slot);
    for (size_t i = 0; i < n; i++) {
        int64_t id = *(const int64_t *)((const char *)items + i * stride + id_offset);
        m->slot[id] = (uint32_t)i;
    }
}

static uint32_t map_find(const struct id_map *m, int64_t id)
{
    if (id <= 0 || id > m->max) {
        return NONE;
    }
    if (!m->pairs) {
        return m->slot[id];
    }
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->pairs[mid].id < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < m->n && m->pairs[lo].id == id ? m->pairs[lo].index : NONE;
}

/* Groups items by owner: owner_of[i] is the node item i belongs to (NONE: none). */
static void links_build(struct tree_links *l, struct arena *a, const uint32_t *owner_of,
                        size_t nitems, size_t nnodes)
{
    l->first = arena_alloc(a, (nnodes + 1) * sizeof *l->first);
    for (size_t i = 0; i < nitems; i++) {
        if (owner_of[i] != NONE) {
            l->first[owner_of[i] + 1]++;
        }
    }
    for (size_t i = 0; i < nnodes; i++) {
        l->first[i + 1] += l->first[i];
    }
    l->list = arena_alloc(a, (l->first[nnodes] + 1) * sizeof *l->list);
    uint32_t *fill = arena_alloc(a, (nnodes + 1) * sizeof *fill);
    memcpy(fill, l->first, nnodes * sizeof *fill);
    for (size_t i = 0; i < nitems; i++) {
        if (owner_of[i] != NONE) {
            l->list[fill[owner_of[i]]++] = (uint32_t)i;
        }
    }
}

static void compute_rollup(struct tree *t, struct arena *a)
{
    enum { WHITE, GREY, BLACK };
    unsigned char *state = arena_alloc(a, t->nobjs + 1);
    uint32_t *stack = arena_alloc(a, (t->nobjs + 1) * sizeof *stack);
    double *buf = arena_alloc(a, (t->nobjs + 1) * sizeof *buf);
    for (size_t root = 0; root < t->nobjs; root++) {
        if (state[root] != WHITE) {
            continue;
        }
        size_t top = 0;
        stack[top++] = (uint32_t)root;
        while (top) {
            uint32_t o = stack[top - 1];
            if (state[o] == WHITE) {
                state[o] = GREY;
                /* Push children not yet visited; a GREY child would be a loop: cut it. */
                for (uint32_t k = t->obj_children.first[o]; k < t->obj_children.first[o + 1]; k++) {
                    uint32_t c = t->obj_children.list[k];
                    if (state[c] == WHITE) {
                        stack[top++] = c;
                    }
                }
                for (uint32_t k = t->obj_krs.first[o]; k < t->obj_krs.first[o + 1]; k++) {
                    uint32_t kr = t->obj_krs.list[k];
                    for (uint32_t m = t->kr_children.first[kr]; m < t->kr_children.first[kr + 1];
                         m++) {
                        uint32_t c = t->kr_children.list[m];
                        if (state[c] == WHITE) {
                            stack[top++] = c;
                        }
                    }
                }
                continue;
            }
            top--;
            if (state[o] == BLACK) {
                continue; /* pushed twice through two parents' lists */
            }
            state[o] = BLACK;
            size_t n = 0;
            for (uint32_t k = t->obj_children.first[o]; k < t->obj_children.first[o + 1]; k++) {
                uint32_t c = t->obj_children.list[k];
                if (state[c] == BLACK && c != o) {
                    buf[n++] = t->rollup[c];
                }
            }
            for (uint32_t k = t->obj_krs.first[o]; k < t->obj_krs.first[o + 1]; k++) {
                uint32_t kr = t->obj_krs.list[k];
                for (uint32_t m = t->kr_children.first[kr]; m < t->kr_children.first[kr + 1]; m++) {
                    uint32_t c = t->kr_children.list[m];
                    if (state[c] == BLACK && c != o) {
                        buf[n++] = t->rollup[c];
                    }
                }
            }
            t->rollup[o] = objective_rollup(t->progress[o], tree_count(&t->obj_krs, o) > 0, buf, n);
        }
    }
}

void tree_build(struct tree *t, struct arena *a, const struct theme *themes, size_t nthemes,
                const struct objective *objs, size_t nobjs, const struct key_result *krs,
                size_t nkrs, int rollup)
{
    memset(t, 0, sizeof *t);
    t->themes = themes;
    t->nthemes = nthemes;
    t->objs = objs;
    t->nobjs = nobjs;
    t->krs = krs;
    t->nkrs = nkrs;

    struct id_map omap, krmap, thmap;
    map_build(&omap, a, objs, nobjs, sizeof *objs, offsetof(struct objective, id));
    map_build(&krmap, a, krs, nkrs, sizeof *krs, offsetof(struct key_result, id));
    map_build(&thmap, a, themes, nthemes, sizeof *themes, offsetof(struct theme, id));

    size_t most = (nobjs > nkrs ? nobjs : nkrs) + 1;
    uint32_t *owner = arena_alloc(a, most * sizeof *owner);

    for (size_t i = 0; i < nkrs; i++) {
        owner[i] = map_find(&omap, krs[i].objective_id);
    }
    links_build(&t->obj_krs, a, owner, nkrs, nobjs);

    for (size_t i = 0; i < nobjs; i++) {
        owner[i] = map_find(&omap, objs[i].parent_objective_id);
    }
    links_build(&t->obj_children, a, owner, nobjs, nobjs);

    for (size_t i = 0; i < nobjs; i++) {
        owner[i] = map_find(&krmap, objs[i].parent_kr_id);
    }
    links_build(&t->kr_children, a, owner, nobjs, nkrs);

    /* Roots: no parent within this tree. Under their theme, else orphans or, when their parent
     * is elsewhere, outside. */
    t->orphans = arena_alloc(a, (nobjs + 1) * sizeof *t->orphans);
    t->outside = arena_alloc(a, (nobjs + 1) * sizeof *t->outside);
    for (size_t i = 0; i < nobjs; i++) {
        bool top = map_find(&omap, objs[i].parent_objective_id) == NONE &&
                   map_find(&krmap, objs[i].parent_kr_id) == NONE;
        uint32_t th = top ? map_find(&thmap, objs[i].theme_id) : NONE;
        owner[i] = th;
        if (top && th == NONE) {
            if (objs[i].parent_objective_id || objs[i].parent_kr_id) {
                t->outside[t->noutside++] = (uint32_t)i;
            } else {
                t->orphans[t->norphans++] = (uint32_t)i;
            }
        }
    }
    links_build(&t->theme_roots, a, owner, nobjs, nthemes);

    t->kr_progress = arena_alloc(a, (nkrs + 1) * sizeof *t->kr_progress);
    for (size_t i = 0; i < nkrs; i++) {
        t->kr_progress[i] = kr_progress(&krs[i]);
    }
    t->progress = arena_alloc(a, (nobjs + 1) * sizeof *t->progress);
    /* As large as the largest objective's key results, not as all of them (a whole cycle is
     * over a million: 128 MB to zero for a few records at a time). */
    uint32_t widest = 0;
    for (size_t o = 0; o < nobjs; o++) {
        widest = tree_count(&t->obj_krs, o) > widest ? tree_count(&t->obj_krs, o) : widest;
    }
    struct key_result *group = arena_alloc(a, ((size_t)widest + 1) * sizeof *group);
    for (size_t o = 0; o < nobjs; o++) {
        uint32_t n = tree_count(&t->obj_krs, o);
        const uint32_t *ks = &t->obj_krs.list[t->obj_krs.first[o]];
        if (n && ks[n - 1] - ks[0] == n - 1) {
            /* Adjacent in krs (written one after the other, the usual case): no copy. The list
             * is ascending, so first and last n - 1 apart means every one between. */
            t->progress[o] = objective_progress(&krs[ks[0]], n);
            continue;
        }
        for (uint32_t k = 0; k < n; k++) {
            group[k] = krs[ks[k]];
        }
        t->progress[o] = objective_progress(group, n);
    }
    t->rollup = arena_alloc(a, (nobjs + 1) * sizeof *t->rollup);
    if (rollup) {
        compute_rollup(t, a);
    } else {
        memcpy(t->rollup, t->progress, nobjs * sizeof *t->rollup);
    }
}
