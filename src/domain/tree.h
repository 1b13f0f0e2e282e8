/* The alignment tree of one cycle: strategy themes, the objectives under them, their key
 * results, and what aligns to each objective or key result, with progress (own and rolled up).
 * Pure: built from arrays the caller loaded; indices refer into those arrays. */
#ifndef OKR_TREE_H
#define OKR_TREE_H

#include "core/arena.h"
#include "core/err.h"
#include "model.h"

#include <stddef.h>
#include <stdint.h>

/* Index lists in compressed form: the items of node i are list[first[i] .. first[i + 1]). */
struct tree_links {
    uint32_t *first;
    uint32_t *list;
};

struct tree {
    const struct theme *themes;
    size_t nthemes;
    const struct objective *objs;
    size_t nobjs;
    const struct key_result *krs;
    size_t nkrs;
    double *kr_progress; /* [nkrs] */
    double *progress;    /* [nobjs] from its own key results */
    double *rollup;      /* [nobjs] including aligned children when the tenant rolls up */
    struct tree_links obj_krs;      /* key results of each objective */
    struct tree_links obj_children; /* objectives aligned to each objective directly */
    struct tree_links kr_children;  /* objectives aligned to each key result */
    struct tree_links theme_roots;  /* top objectives (no parent in this tree) under each theme */
    uint32_t *orphans;              /* top objectives linked to no theme and aligned to nothing */
    size_t norphans;
    uint32_t *outside; /* top objectives linked to no theme, aligned to an objective or key result
                        * outside this tree (another cycle's, or outside a team's tree) */
    size_t noutside;
};

/* Builds t over the given arrays (which must outlive t); allocations in a. rollup: whether an
 * objective's rolled-up progress includes its aligned children. Alignment loops (which the
 * service refuses to create) are cut, never followed forever. */
void tree_build(struct tree *t, struct arena *a, const struct theme *themes, size_t nthemes,
                const struct objective *objs, size_t nobjs, const struct key_result *krs,
                size_t nkrs, int rollup);

/* The number of items node i has in links. */
static inline uint32_t tree_count(const struct tree_links *l, size_t i)
{
    return l->first[i + 1] - l->first[i];
}

#endif
