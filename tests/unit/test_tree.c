/* The alignment tree's structure (domain/tree.c), with ids packed (a whole cycle) and spread far
 * apart (one team's tree in a large company): both ways of mapping ids must give one tree. */
#include "domain/meta.h"
#include "domain/tree.h"

#include <criterion/criterion.h>
#include <string.h>

/* Ids of the records below, plus `spread` times a per-record factor. */
static int64_t id_of(int64_t base, int64_t spread, int64_t factor)
{
    return base + spread * factor;
}

static uint32_t only(const struct tree_links *l, size_t node)
{
    cr_assert_eq(tree_count(l, node), 1, "node %zu has %u items", node, tree_count(l, node));
    return l->list[l->first[node]];
}

static void check_tree(int64_t spread)
{
    struct arena a;
    arena_init(&a, 0);
    struct theme th = {.id = id_of(7, spread, 3)};
    struct objective o[5];
    memset(o, 0, sizeof o);
    int64_t top = id_of(1, spread, 5), child = id_of(2, spread, 1), by_kr = id_of(3, spread, 9),
            outside = id_of(4, spread, 12), orphan = id_of(5, spread, 2);
    int64_t top_kr = id_of(1, spread, 8), child_kr = id_of(2, spread, 0);
    o[0] = (struct objective){.id = top, .theme_id = th.id};
    o[1] = (struct objective){.id = child, .parent_objective_id = top};
    o[2] = (struct objective){.id = by_kr, .parent_kr_id = top_kr};
    o[3] = (struct objective){.id = outside, .parent_objective_id = 999}; /* not in this tree */
    o[4] = (struct objective){.id = orphan};
    struct key_result k[2];
    memset(k, 0, sizeof k);
    k[0] = (struct key_result){.id = top_kr, .objective_id = top, .start = 0, .target = 10,
                               .current = 5, .weight = 1};
    k[1] = (struct key_result){.id = child_kr, .objective_id = child, .start = 0, .target = 10,
                               .current = 10, .weight = 1};
    struct tree t;
    tree_build(&t, &a, &th, 1, o, 5, k, 2, 0);
    cr_assert_eq(only(&t.theme_roots, 0), 0, "spread %lld: the theme's root", (long long)spread);
    cr_assert_eq(only(&t.obj_krs, 0), 0);
    cr_assert_eq(only(&t.obj_krs, 1), 1);
    cr_assert_eq(only(&t.obj_children, 0), 1);
    cr_assert_eq(only(&t.kr_children, 0), 2);
    cr_assert_eq(tree_count(&t.kr_children, 1), 0);
    cr_assert_eq(t.noutside, 1);
    cr_assert_eq(t.outside[0], 3);
    cr_assert_eq(t.norphans, 1);
    cr_assert_eq(t.orphans[0], 4);
    cr_assert_float_eq(t.progress[0], 0.5, 1e-9);
    cr_assert_float_eq(t.progress[1], 1.0, 1e-9);
    arena_free(&a);
}

Test(tree, ids_packed)
{
    check_tree(0);
}

Test(tree, ids_spread_over_millions)
{
    check_tree(1000000);
}

/* An objective's progress is its key results' weighted mean whether they sit one after the other
 * in the array (read straight from it) or apart (gathered first). */
Test(tree, progress_of_adjacent_and_scattered_key_results)
{
    struct arena a;
    arena_init(&a, 0);
    struct objective o[2] = {{.id = 1}, {.id = 2}};
    /* Objective 1: key results 0, 1 (adjacent); objective 2: 2 and 4, with 3 of objective 1
     * between them. */
    struct key_result k[5] = {
        {.id = 10, .objective_id = 1, .target = 10, .current = 10, .weight = 0.5},
        {.id = 11, .objective_id = 1, .target = 10, .current = 0, .weight = 0.5},
        {.id = 12, .objective_id = 2, .target = 10, .current = 2, .weight = 0.25},
        {.id = 13, .objective_id = 1, .target = 10, .current = 5, .weight = 0},
        {.id = 14, .objective_id = 2, .target = 10, .current = 6, .weight = 0.75},
    };
    struct tree t;
    tree_build(&t, &a, NULL, 0, o, 2, k, 5, 0);
    cr_assert_eq(tree_count(&t.obj_krs, 0), 3);
    cr_assert_float_eq(t.progress[0], 0.5, 1e-9, "1 and 0 at half weight each; 0.5 at none");
    cr_assert_float_eq(t.progress[1], 0.25 * 0.2 + 0.75 * 0.6, 1e-9);
    /* Without the one between: objective 1's two are adjacent. */
    k[3].objective_id = 2;
    k[3].weight = 0;
    tree_build(&t, &a, NULL, 0, o, 2, k, 5, 0);
    cr_assert_eq(tree_count(&t.obj_krs, 0), 2);
    cr_assert_float_eq(t.progress[0], 0.5, 1e-9);
    cr_assert_float_eq(t.progress[1], 0.25 * 0.2 + 0.75 * 0.6, 1e-9);
    arena_free(&a);
}
