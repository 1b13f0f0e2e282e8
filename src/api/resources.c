/* The generic collection handlers: list (filters and cursor pagination), get, create, partial
 * update (If-Match) and delete of any record type in api_resources, plus the shared helpers of
 * every API handler (ids from the path, list query strings, problems). */
#include "api/handlers.h"

#include "api/coach_routes.h"
#include "api/input.h"
#include "api/render.h"
#include "core/num.h"

#include <string.h>

enum { DEFAULT_LIMIT = 50 };

static const struct api_filter user_filters[] = {
    {"manager", API_FILTER_ID, "manager_id", "people whose manager is this user id"},
    {"role", API_FILTER_ENUM, "role", "admin or member"},
    {"active", API_FILTER_BOOL, "active", "true or false"},
    {NULL, API_FILTER_ID, NULL, NULL},
};

static const struct api_filter team_filters[] = {
    {"parent", API_FILTER_ID, "parent_id", "teams under this team id"},
    {"lead", API_FILTER_ID, "lead_id", "teams led by this user id"},
    {NULL, API_FILTER_ID, NULL, NULL},
};

static const struct api_filter theme_filters[] = {
    {"source", API_FILTER_ENUM, "source", "financial, market, business, capability or other"},
    {"horizon", API_FILTER_ENUM, "horizon", "short or long"},
    {"owner", API_FILTER_OWNER, "owner_id", "user:ID"},
    {NULL, API_FILTER_ID, NULL, NULL},
};

static const struct api_filter cycle_filters[] = {
    {"state", API_FILTER_ENUM, "state", "planning, active, grading or closed"},
    {"kind", API_FILTER_ENUM, "kind", "year, quarter, month or custom"},
    {"parent", API_FILTER_ID, "parent_id", "cycles inside this cycle id"},
    {NULL, API_FILTER_ID, NULL, NULL},
};

static const struct api_filter objective_filters[] = {
    {"cycle", API_FILTER_ID, "cycle_id", "cycle id"},
    {"owner", API_FILTER_OWNER, "owner_user_id", "user:ID, team:ID or company"},
    {"team", API_FILTER_ID, "owner_team_id", "owned by this team id"},
    {"theme", API_FILTER_ID, "theme_id", "theme id"},
    {"parent", API_FILTER_PARENT, NULL, "objective:ID, kr:ID or none"},
    {"state", API_FILTER_ENUM, "state", "draft, active or dropped"},
    {"kind", API_FILTER_ENUM, "kind", "committed or aspirational"},
    {"kpi", API_FILTER_ID, "kpi_id", "objectives that improve this KPI id"},
    {NULL, API_FILTER_ID, NULL, NULL},
};

static const struct api_filter key_result_filters[] = {
    {"objective", API_FILTER_ID, "objective_id", "objective id"},
    {"owner", API_FILTER_OWNER, "owner_user_id", "user:ID"},
    {"cycle", API_FILTER_ID, "cycle_id", "cycle id (of the objective)"},
    {NULL, API_FILTER_ID, NULL, NULL},
};

static const struct api_filter initiative_filters[] = {
    {"kr", API_FILTER_ID, "kr_id", "key result id"},
    {"owner", API_FILTER_OWNER, "owner_id", "user:ID"},
    {"state", API_FILTER_ENUM, "state", "todo, doing, done or dropped"},
    {"cycle", API_FILTER_ID, "cycle_id", "cycle id (of the objective)"},
    {NULL, API_FILTER_ID, NULL, NULL},
};

static const struct api_filter kpi_filters[] = {
    {"owner", API_FILTER_OWNER, "owner_user_id", "user:ID or team:ID"},
    {"team", API_FILTER_ID, "owner_team_id", "owned by this team id"},
    {NULL, API_FILTER_ID, NULL, NULL},
};

static const struct api_filter request_filters[] = {
    {"to", API_FILTER_ID, "to_user_id", "asked of this user id"},
    {"from", API_FILTER_ID, "from_user_id", "sent by this user id"},
    {"objective", API_FILTER_ID, "objective_id", "about this objective id"},
    {"kr", API_FILTER_ID, "kr_id", "about this key result id"},
    {"state", API_FILTER_ENUM, "state", "pending, accepted, declined or withdrawn"},
    {NULL, API_FILTER_ID, NULL, NULL},
};

static const struct api_filter comment_filters[] = {
    {"objective", API_FILTER_ID, "objective_id", "on this objective id"},
    {"kr", API_FILTER_ID, "kr_id", "on this key result id"},
    {"author", API_FILTER_ID, "author_id", "written by this user id"},
    {NULL, API_FILTER_ID, NULL, NULL},
};

const struct api_resource api_resources[] = {
    {"users", &entity_user, user_filters},
    {"teams", &entity_team, team_filters},
    {"themes", &entity_theme, theme_filters},
    {"cycles", &entity_cycle, cycle_filters},
    {"objectives", &entity_objective, objective_filters},
    {"key-results", &entity_key_result, key_result_filters},
    {"initiatives", &entity_initiative, initiative_filters},
    {"kpis", &entity_kpi, kpi_filters},
    {"take-on-requests", &entity_request, request_filters},
    {"comments", &entity_comment, comment_filters},
    {NULL, NULL, NULL},
};

const struct api_resource *api_resource_for_entity(const struct entity *e)
{
    for (const struct api_resource *r = api_resources; r->name; r++) {
        if (r->e == e) {
            return r;
        }
    }
    return NULL;
}

const char *api_record_path(struct arena *a, const struct entity *e, int64_t id)
{
    const struct api_resource *r = api_resource_for_entity(e);
    return arena_printf(a, "/api/v1/%s/%lld", r ? r->name : e->plural, (long long)id);
}

/* The collection of the matched route: the segment after "/api/v1/". */
static const struct api_resource *route_resource(const struct http_request *req)
{
    static const char prefix[] = "/api/v1/";
    const char *p = req->route ? req->route->pattern : "";
    if (strncmp(p, prefix, sizeof prefix - 1) != 0) {
        return NULL;
    }
    p += sizeof prefix - 1;
    size_t n = strcspn(p, "/");
    for (const struct api_resource *r = api_resources; r->name; r++) {
        if (strlen(r->name) == n && strncmp(r->name, p, n) == 0) {
            return r;
        }
    }
    return NULL;
}

void api_fail(const struct http_request *req, struct http_response *resp, const struct err *err)
{
    http_respond_err(req, resp, err);
}

int api_path_id(const struct http_request *req, struct http_response *resp, const char *name,
                int64_t *out)
{
    if (http_param_i64(req, name, 1, INT64_MAX, out) != 0) {
        http_respond_problem(req, resp, 404, "not-found", NULL, "There is no record with that id.",
                             NULL);
        return -1;
    }
    return 0;
}

static enum err_code add_term(struct filter *f, const char *field, int64_t value, const char *param,
                              struct err *err)
{
    if (f->n == FIND_MAX_TERMS) {
        return err_set(err, ERR_INVALID, param, "too many filters (at most %d)", FIND_MAX_TERMS);
    }
    f->terms[f->n].field = field;
    f->terms[f->n].value = value;
    f->n++;
    return ERR_OK;
}

/* "PREFIX:ID" -> id, or 0 when text does not start with prefix; -1 for a bad id. */
static int64_t prefixed_id(const char *text, const char *prefix)
{
    size_t n = strlen(prefix);
    int64_t id;
    if (strncmp(text, prefix, n) != 0 || text[n] != ':') {
        return 0;
    }
    if (text[n + 1] == '+' || num_parse_i64(text + n + 1, 1, INT64_MAX, &id) != 0) {
        return -1;
    }
    return id;
}

static enum err_code owner_terms(const struct entity *e, const struct api_filter *def,
                                 const char *v, struct filter *f, struct err *err)
{
    const struct field *team = meta_field(e, "owner_team_id");
    int64_t user_id = prefixed_id(v, "user"), team_id = team ? prefixed_id(v, "team") : 0;
    if (user_id > 0) {
        return add_term(f, def->field, user_id, def->param, err);
    }
    if (team_id > 0) {
        return add_term(f, "owner_team_id", team_id, def->param, err);
    }
    if (strcmp(v, "company") == 0 && e == &entity_objective) {
        if (add_term(f, "owner_user_id", 0, def->param, err) != ERR_OK) {
            return err->code;
        }
        return add_term(f, "owner_team_id", 0, def->param, err);
    }
    return err_set(err, ERR_INVALID, def->param, "owner must be user:ID%s%s",
                   team ? (e == &entity_objective ? ", team:ID" : " or team:ID") : "",
                   e == &entity_objective ? " or company" : "");
}

static enum err_code parent_terms(const struct api_filter *def, const char *v, struct filter *f,
                                  struct err *err)
{
    int64_t obj = prefixed_id(v, "objective"), kr = prefixed_id(v, "kr");
    if (obj > 0) {
        return add_term(f, "parent_objective_id", obj, def->param, err);
    }
    if (kr > 0) {
        return add_term(f, "parent_kr_id", kr, def->param, err);
    }
    if (strcmp(v, "none") == 0) {
        if (add_term(f, "parent_objective_id", 0, def->param, err) != ERR_OK) {
            return err->code;
        }
        return add_term(f, "parent_kr_id", 0, def->param, err);
    }
    return err_set(err, ERR_INVALID, def->param, "parent must be objective:ID, kr:ID or none");
}

enum err_code api_filter_terms(const struct entity *e, const struct api_filter *def, const char *v,
                               struct filter *f, struct err *err)
{
    switch (def->kind) {
    case API_FILTER_ID: {
        int64_t id;
        if (v[0] == '+' || num_parse_i64(v, 1, INT64_MAX, &id) != 0) {
            return err_set(err, ERR_INVALID, def->param, "%s must be an id", def->param);
        }
        return add_term(f, def->field, id, def->param, err);
    }
    case API_FILTER_ENUM: {
        const struct field *fd = meta_field(e, def->field);
        int idx = meta_enum_parse(fd->enum_names, v);
        if (idx < 0) {
            return err_set(err, ERR_INVALID, def->param, "%s must be one of: %s", def->param,
                           def->doc);
        }
        return add_term(f, def->field, idx, def->param, err);
    }
    case API_FILTER_BOOL:
        if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0) {
            return err_set(err, ERR_INVALID, def->param, "%s must be true or false", def->param);
        }
        return add_term(f, def->field, strcmp(v, "true") == 0, def->param, err);
    case API_FILTER_OWNER:
        return owner_terms(e, def, v, f, err);
    case API_FILTER_PARENT:
        return parent_terms(def, v, f, err);
    }
    return err_set(err, ERR_INTERNAL, def->param, "unknown filter kind");
}

enum err_code api_list_query(const struct http_request *req, const struct entity *e,
                             const struct api_filter *list, struct filter *f, int64_t *after,
                             int64_t *limit, struct err *err)
{
    memset(f, 0, sizeof *f);
    *after = 0;
    *limit = DEFAULT_LIMIT;
    for (size_t i = 0; i < req->nquery; i++) {
        const char *k = req->query[i].key, *v = req->query[i].value;
        if (strcmp(k, "after") == 0) {
            if (v[0] == '+' || num_parse_i64(v, 0, INT64_MAX, after) != 0) {
                return err_set(err, ERR_INVALID, "after",
                               "after must be the next_cursor of a previous page");
            }
            continue;
        }
        if (strcmp(k, "limit") == 0) {
            if (v[0] == '+' || num_parse_i64(v, 1, FIND_MAX_LIMIT, limit) != 0) {
                return err_set(err, ERR_INVALID, "limit", "limit must be from 1 to %d",
                               FIND_MAX_LIMIT);
            }
            continue;
        }
        const struct api_filter *def = NULL;
        for (size_t d = 0; list && list[d].param && !def; d++) {
            def = strcmp(list[d].param, k) == 0 ? &list[d] : NULL;
        }
        if (!def) {
            return err_set(err, ERR_INVALID, k, "%s cannot be filtered by %s", e->plural, k);
        }
        if (api_filter_terms(e, def, v, f, err) != ERR_OK) {
            return err->code;
        }
    }
    return ERR_OK;
}

/* The resource of the route, or answers 500 (a route table bug). */
static const struct api_resource *resource_or_fail(const struct http_request *req,
                                                   struct http_response *resp)
{
    const struct api_resource *r = route_resource(req);
    if (!r) {
        struct err err;
        err_set(&err, ERR_INTERNAL, NULL, "route %s has no collection",
                req->route ? req->route->pattern : "?");
        api_fail(req, resp, &err);
    }
    return r;
}

void api_list(void *app, struct http_request *req, struct http_response *resp)
{
    const struct api_resource *r = resource_or_fail(req, resp);
    struct filter f;
    int64_t after, limit, next;
    struct rows rows;
    struct err err = {0};
    if (!r) {
        return;
    }
    struct svc s = api_svc(app, req);
    if (api_list_query(req, r->e, r->filters, &f, &after, &limit, &err) != ERR_OK ||
        svc_find(&s, r->e, &f, after, limit, &rows, &next, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_respond_page(resp, r->e, &rows, next);
}

void api_get(void *app, struct http_request *req, struct http_response *resp)
{
    const struct api_resource *r = resource_or_fail(req, resp);
    int64_t id;
    if (!r || api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    void *obj = arena_alloc(req->arena, r->e->size);
    struct err err = {0};
    if (svc_get(&s, r->e, id, obj, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_respond_record(resp, 200, r->e, obj, NULL);
}

void api_objective_get(void *app, struct http_request *req, struct http_response *resp)
{
    int64_t id;
    if (api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    struct objective o;
    struct rows krs;
    struct coach_report findings;
    struct api_coach_findings extra = {.report = &findings};
    struct err err = {0};
    /* The coach reads around the objective (its owner's past cycles, KPIs, what aligns to it):
     * worth it when asked for, too dear for every read. */
    const char *with = http_query(req, "findings");
    if (!with || strcmp(with, "true") != 0) {
        if (svc_objective_get(&s, id, &o, &krs, &err) != ERR_OK) {
            api_fail(req, resp, &err);
            return;
        }
        api_respond_objective(resp, 200, &o, &krs, NULL);
        return;
    }
    if (svc_objective_coached(&s, id, api_coach_lang(req), &o, &krs, &findings, &extra.lang,
                              &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_respond_objective_with(resp, 200, &o, &krs, NULL, api_coach_extra, &extra);
}

static bool has(uint64_t given, const struct entity *e, const char *name)
{
    const struct field *f = meta_field(e, name);
    return f && ((given >> (size_t)(f - e->fields)) & 1u);
}

/* What the command line does for a new record before the service sees it, so that both fronts
 * answer the same input the same way: a milestone's target is 1 (done) unless given, a key
 * result's current value starts at its start value, a comment is written now by the caller. */
static void complete_new(const struct svc *s, const struct entity *e, void *obj, uint64_t given)
{
    if (e == &entity_key_result) {
        struct key_result *kr = obj;
        if (kr->type == KR_MILESTONE && !has(given, e, "target")) {
            kr->target = 1;
        }
        if (!has(given, e, "current")) {
            kr->current = kr->start;
        }
    } else if (e == &entity_comment) {
        struct comment *c = obj;
        c->at = s->now;
        c->author_id = c->author_id ? c->author_id : s->actor.user_id;
    }
}

void api_create(void *app, struct http_request *req, struct http_response *resp)
{
    const struct api_resource *r = resource_or_fail(req, resp);
    if (!r) {
        return;
    }
    const struct entity *e = r->e;
    /* A take-on request is sent by the caller. */
    static const char *const request_deny[] = {"from_user_id", NULL};
    struct svc s = api_svc(app, req);
    void *obj = arena_alloc(req->arena, e->size);
    uint64_t given;
    struct err err = {0};
    meta_init(e, obj);
    svc_defaults(e, obj);
    if (api_input_record(req, e, obj, e == &entity_request ? request_deny : NULL, &given, &err) !=
        ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    complete_new(&s, e, obj, given);
    enum err_code rc =
        e == &entity_request ? svc_request_send(&s, obj, &err) : svc_create(&s, e, obj, &err);
    if (rc != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    int64_t id = meta_get_i64(meta_field(e, "id"), obj);
    if (e == &entity_objective) { /* the coach's findings on what was just written */
        api_respond_coached_objective(app, req, resp, 201, obj, api_record_path(req->arena, e, id));
        return;
    }
    api_respond_record(resp, 201, e, obj, api_record_path(req->arena, e, id));
}

void api_update(void *app, struct http_request *req, struct http_response *resp)
{
    const struct api_resource *r = resource_or_fail(req, resp);
    int64_t id;
    if (!r || api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    const struct entity *e = r->e;
    struct svc s = api_svc(app, req);
    void *patch = arena_alloc(req->arena, e->size);
    void *out = arena_alloc(req->arena, e->size);
    uint64_t given;
    struct err err = {0};
    meta_init(e, patch);
    if (api_input_record(req, e, patch, NULL, &given, &err) != ERR_OK ||
        svc_patch(&s, e, id, api_if_match(req), patch, given, out, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    if (e == &entity_objective) { /* the coach's findings on the new state */
        api_respond_coached_objective(app, req, resp, 200, out, NULL);
        return;
    }
    api_respond_record(resp, 200, e, out, NULL);
}

void api_delete(void *app, struct http_request *req, struct http_response *resp)
{
    const struct api_resource *r = resource_or_fail(req, resp);
    int64_t id;
    if (!r || api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    struct err err = {0};
    if (svc_delete(&s, r->e, id, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    http_respond(resp, 204, NULL);
}
