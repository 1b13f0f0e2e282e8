/* Records, pages, objectives and the alignment tree as the REST API writes them. */
#include "api/render.h"

#include "domain/progress.h"

#include <stdio.h>

/* Levels of aligned objectives written: as many as editing makes (rules.h: alignment_check). Each
 * level nests four JSON containers, and the writer nests at most JSON_MAX_DEPTH. */
enum { TREE_MAX_DEPTH = 64 };
_Static_assert(4 * TREE_MAX_DEPTH + 8 <= JSON_MAX_DEPTH, "the JSON writer nests the whole tree");

/* The members of a record's object: its fields and what the API derives. */
static void record_members(struct json *j, const struct entity *e, const void *obj)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (f->flags & FF_SECRET) {
            continue;
        }
        json_name(j, f->name);
        meta_write_field(f, obj, j);
    }
    if (e == &entity_key_result) {
        json_key(j, "progress");
        json_double(j, kr_progress(obj));
    }
}

void api_write_record(struct json *j, const struct entity *e, const void *obj)
{
    json_obj_open(j);
    record_members(j, e, obj);
    json_obj_close(j);
}

static void set_etag(struct http_response *resp, const struct entity *e, const void *obj)
{
    const struct field *vf = meta_field(e, "version");
    if (vf) {
        char tag[32];
        snprintf(tag, sizeof tag, "\"%lld\"", (long long)meta_get_i64(vf, obj));
        http_response_header(resp, "ETag", tag);
    }
}

void api_respond_record(struct http_response *resp, int status, const struct entity *e,
                        const void *obj, const char *location)
{
    api_respond_record_with(resp, status, e, obj, location, NULL, NULL);
}

void api_respond_record_with(struct http_response *resp, int status, const struct entity *e,
                             const void *obj, const char *location, api_extra_fn extra,
                             const void *ctx)
{
    struct json *j = http_respond_json(resp, status);
    json_obj_open(j);
    record_members(j, e, obj);
    if (extra) {
        extra(j, ctx);
    }
    json_obj_close(j);
    set_etag(resp, e, obj);
    if (location) {
        http_response_header(resp, "Location", location);
    }
}

void api_respond_page(struct http_response *resp, const struct entity *e, const struct rows *r,
                      int64_t next)
{
    struct json *j = http_respond_json(resp, 200);
    json_obj_open(j);
    json_key(j, "items");
    json_arr_open(j);
    for (size_t i = 0; i < r->n; i++) {
        api_write_record(j, e, (const char *)r->items + i * e->size);
    }
    json_arr_close(j);
    json_key(j, "next_cursor");
    if (next > 0) {
        char cursor[24];
        snprintf(cursor, sizeof cursor, "%lld", (long long)next);
        json_str(j, cursor);
    } else {
        json_none(j);
    }
    json_obj_close(j);
}

void api_respond_objective(struct http_response *resp, int status, const struct objective *o,
                           const struct rows *krs, const char *location)
{
    api_respond_objective_with(resp, status, o, krs, location, NULL, NULL);
}

void api_respond_objective_with(struct http_response *resp, int status,
                                const struct objective *o, const struct rows *krs,
                                const char *location, api_extra_fn extra, const void *ctx)
{
    struct json *j = http_respond_json(resp, status);
    const struct entity *e = &entity_objective;
    json_obj_open(j);
    for (size_t i = 0; i < e->nfields; i++) {
        json_name(j, e->fields[i].name);
        meta_write_field(&e->fields[i], o, j);
    }
    json_key(j, "progress");
    json_double(j, objective_progress(krs->items, krs->n));
    json_key(j, "key_results");
    json_arr_open(j);
    for (size_t i = 0; i < krs->n; i++) {
        api_write_record(j, &entity_key_result, (const struct key_result *)krs->items + i);
    }
    json_arr_close(j);
    if (extra) {
        extra(j, ctx);
    }
    json_obj_close(j);
    set_etag(resp, e, o);
    if (location) {
        http_response_header(resp, "Location", location);
    }
}

/* ---- the alignment tree ---- */

struct tree_out {
    struct json *j;
    const struct tree *tr;
    int max_depth;
};

static void tree_objective(struct tree_out *t, uint32_t oi, int depth);

static void tree_children(struct tree_out *t, const struct tree_links *l, size_t node, int depth)
{
    json_key(t->j, "children");
    json_arr_open(t->j);
    bool shown = depth < TREE_MAX_DEPTH && (!t->max_depth || depth < t->max_depth);
    for (uint32_t k = l->first[node]; shown && k < l->first[node + 1]; k++) {
        tree_objective(t, l->list[k], depth + 1);
    }
    json_arr_close(t->j);
    /* Cut by ?depth or the writer's nesting: how many are not shown, not an empty look. */
    if (!shown && l->first[node + 1] > l->first[node]) {
        json_key(t->j, "children_not_shown");
        json_int(t->j, l->first[node + 1] - l->first[node]);
    }
}

static void tree_owner(struct json *j, const struct objective *o)
{
    json_key(j, "owner");
    json_obj_open(j);
    if (o->owner_user_id) {
        json_key(j, "user");
        json_int(j, o->owner_user_id);
    } else if (o->owner_team_id) {
        json_key(j, "team");
        json_int(j, o->owner_team_id);
    } else {
        json_key(j, "company");
        json_bool(j, true);
    }
    json_obj_close(j);
}

static void tree_key_result(struct tree_out *t, uint32_t ki, int depth)
{
    const struct key_result *kr = &t->tr->krs[ki];
    struct json *j = t->j;
    json_obj_open(j);
    json_key(j, "id");
    json_int(j, kr->id);
    json_key(j, "title");
    json_str(j, kr->title);
    json_key(j, "progress");
    json_double(j, t->tr->kr_progress[ki]);
    json_key(j, "start");
    json_double(j, kr->start);
    json_key(j, "current");
    json_double(j, kr->current);
    json_key(j, "target");
    json_double(j, kr->target);
    json_key(j, "unit");
    json_str(j, kr->unit);
    json_key(j, "confidence");
    json_double(j, kr->confidence);
    tree_children(t, &t->tr->kr_children, ki, depth);
    json_obj_close(j);
}

static void tree_objective(struct tree_out *t, uint32_t oi, int depth)
{
    const struct tree *tr = t->tr;
    const struct objective *o = &tr->objs[oi];
    struct json *j = t->j;
    json_obj_open(j);
    json_key(j, "id");
    json_int(j, o->id);
    json_key(j, "title");
    json_str(j, o->title);
    tree_owner(j, o);
    json_key(j, "kind");
    json_str(j, meta_enum_name(meta_field(&entity_objective, "kind"), o->kind));
    json_key(j, "state");
    json_str(j, meta_enum_name(meta_field(&entity_objective, "state"), o->state));
    json_key(j, "progress");
    json_double(j, tr->progress[oi]);
    json_key(j, "rollup_progress");
    json_double(j, tr->rollup[oi]);
    json_key(j, "key_results");
    json_arr_open(j);
    for (uint32_t k = tr->obj_krs.first[oi]; k < tr->obj_krs.first[oi + 1]; k++) {
        tree_key_result(t, tr->obj_krs.list[k], depth);
    }
    json_arr_close(j);
    tree_children(t, &tr->obj_children, oi, depth);
    json_obj_close(j);
}

void api_write_tree(struct json *j, const struct cycle_tree *ct, int64_t today, int max_depth)
{
    struct tree_out t = {.j = j, .tr = &ct->tree, .max_depth = max_depth};
    const struct tree *tr = &ct->tree;
    json_obj_open(j);
    json_key(j, "cycle");
    meta_write_json(&entity_cycle, &ct->cycle, j);
    json_key(j, "expected_progress");
    json_double(j, expected_progress(ct->cycle.start, ct->cycle.end, today));
    json_key(j, "mission");
    json_str(j, ct->tenant.mission);
    json_key(j, "vision");
    json_str(j, ct->tenant.vision);
    json_key(j, "themes");
    json_arr_open(j);
    for (size_t i = 0; i < tr->nthemes; i++) {
        const struct theme *th = &tr->themes[i];
        json_obj_open(j);
        json_key(j, "id");
        json_int(j, th->id);
        json_key(j, "title");
        json_str(j, th->title);
        json_key(j, "source");
        json_str(j, meta_enum_name(meta_field(&entity_theme, "source"), th->source));
        json_key(j, "horizon");
        json_str(j, meta_enum_name(meta_field(&entity_theme, "horizon"), th->horizon));
        json_key(j, "objectives");
        json_arr_open(j);
        for (uint32_t k = tr->theme_roots.first[i]; k < tr->theme_roots.first[i + 1]; k++) {
            tree_objective(&t, tr->theme_roots.list[k], 0);
        }
        json_arr_close(j);
        json_obj_close(j);
    }
    json_arr_close(j);
    json_key(j, "unlinked");
    json_arr_open(j);
    for (size_t i = 0; i < tr->norphans; i++) {
        tree_objective(&t, tr->orphans[i], 0);
    }
    json_arr_close(j);
    json_key(j, "aligned_elsewhere");
    json_arr_open(j);
    for (size_t i = 0; i < tr->noutside; i++) {
        tree_objective(&t, tr->outside[i], 0);
    }
    json_arr_close(j);
    json_obj_close(j);
}
