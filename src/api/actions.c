/* The REST API's routes that are not plain records: check-ins, take-on request answers, scores
 * and key result weights, cycle states and the alignment tree, team members, KPI values, the
 * tenant's settings, and export/import of a whole company. */
#include "api/handlers.h"

#include "api/input.h"
#include "api/render.h"
#include "core/num.h"
#include "service/interchange.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Answers 200 with record id of e as it is now (after an action changed it). */
static void respond_current(void *app, struct http_request *req, struct http_response *resp,
                            const struct entity *e, int64_t id)
{
    struct svc s = api_svc(app, req);
    void *obj = arena_alloc(req->arena, e->size);
    struct err err = {0};
    if (svc_get(&s, e, id, obj, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_respond_record(resp, 200, e, obj, NULL);
}

static void respond_objective_now(void *app, struct http_request *req, struct http_response *resp,
                                  int64_t id)
{
    struct svc s = api_svc(app, req);
    struct objective o;
    struct rows krs;
    struct err err = {0};
    if (svc_objective_get(&s, id, &o, &krs, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_respond_objective(resp, 200, &o, &krs, NULL);
}

/* A body that must carry nothing (or an empty object). */
static int no_body(struct http_request *req, struct http_response *resp)
{
    struct err err = {0};
    if (api_input_args(req, NULL, 0, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

/* A reference taken from the path that names nothing is a 404, not a bad field. */
static void fail_path_ref(struct http_request *req, struct http_response *resp, struct err *err,
                          const char *field)
{
    if (err->code == ERR_INVALID && strcmp(err->field, field) == 0) {
        err->code = ERR_NOT_FOUND;
        snprintf(err->field, sizeof err->field, "id");
    }
    api_fail(req, resp, err);
}

/* Lists the records of e that hang from record id of scope (through field), one page. */
static void sub_list(void *app, struct http_request *req, struct http_response *resp,
                     const struct entity *scope, const struct entity *e, const char *field)
{
    int64_t id, after, limit, next;
    struct filter f;
    struct rows rows;
    struct err err = {0};
    if (api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    if (api_list_query(req, e, NULL, &f, &after, &limit, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    f.scope = scope;
    f.scope_id = id;
    f.terms[0].field = field;
    f.terms[0].value = id;
    f.n = 1;
    if (svc_find(&s, e, &f, after, limit, &rows, &next, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_respond_page(resp, e, &rows, next);
}

static bool given_field(uint64_t given, const struct entity *e, const char *name)
{
    const struct field *f = meta_field(e, name);
    return f && ((given >> (size_t)(f - e->fields)) & 1u);
}

/* ---- check-ins ---- */

void api_checkins_list(void *app, struct http_request *req, struct http_response *resp)
{
    sub_list(app, req, resp, &entity_key_result, &entity_checkin, "kr_id");
}

void api_checkin_create(void *app, struct http_request *req, struct http_response *resp)
{
    static const char *const deny[] = {"kr_id", NULL};
    int64_t id;
    if (api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    struct checkin c;
    uint64_t given;
    struct err err = {0};
    meta_init(&entity_checkin, &c);
    svc_defaults(&entity_checkin, &c);
    c.kr_id = id;
    if (api_input_record(req, &entity_checkin, &c, deny, &given, &err) == ERR_OK &&
        !given_field(given, &entity_checkin, "value")) {
        err_set(&err, ERR_INVALID, "value", "value is required: the key result's new value");
    }
    if (!given_field(given, &entity_checkin, "confidence")) {
        c.confidence = NAN; /* the key result's, as it was */
    }
    if (err.code != ERR_OK ||
        svc_checkin(&s, &c, given_field(given, &entity_checkin, "status"), &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_respond_record(resp, 201, &entity_checkin, &c, NULL);
}

/* ---- take-on requests ---- */

void api_request_accept(void *app, struct http_request *req, struct http_response *resp)
{
    int64_t id;
    if (api_path_id(req, resp, "id", &id) != 0 || no_body(req, resp) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    struct objective draft;
    struct err err = {0};
    if (svc_request_accept(&s, id, &draft, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_respond_record(resp, 201, &entity_objective, &draft,
                       api_record_path(req->arena, &entity_objective, draft.id));
}

void api_request_decline(void *app, struct http_request *req, struct http_response *resp)
{
    int64_t id;
    const char *reason = NULL;
    struct api_arg args[] = {
        {.name = "reason", .type = API_ARG_TEXT, .required = true, .out = &reason}};
    struct err err = {0};
    if (api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    if (api_input_args(req, args, 1, &err) != ERR_OK ||
        svc_request_decline(&s, id, reason, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    respond_current(app, req, resp, &entity_request, id);
}

void api_request_withdraw(void *app, struct http_request *req, struct http_response *resp)
{
    int64_t id;
    if (api_path_id(req, resp, "id", &id) != 0 || no_body(req, resp) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    struct err err = {0};
    if (svc_request_withdraw(&s, id, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    respond_current(app, req, resp, &entity_request, id);
}

/* ---- scores and weights ---- */

void api_objective_score(void *app, struct http_request *req, struct http_response *resp)
{
    int64_t id;
    const char *which = NULL, *note = NULL;
    double score = NAN;
    struct api_arg args[] = {
        {.name = "which", .type = API_ARG_TEXT, .required = true, .out = &which},
        {.name = "score", .type = API_ARG_REAL, .required = true, .nullable = true, .out = &score},
        {.name = "note", .type = API_ARG_TEXT, .nullable = true, .out = &note},
    };
    struct err err = {0};
    if (api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    if (api_input_args(req, args, 3, &err) != ERR_OK ||
        svc_score(&s, id, which, score, note, api_if_match(req), &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    respond_objective_now(app, req, resp, id);
}

void api_objective_weights(void *app, struct http_request *req, struct http_response *resp)
{
    int64_t id;
    struct api_reals *weights = arena_alloc(req->arena, sizeof *weights);
    struct api_arg args[] = {
        {.name = "weights", .type = API_ARG_REALS, .required = true, .out = weights},
    };
    struct err err = {0};
    if (api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    if (api_input_args(req, args, 1, &err) != ERR_OK ||
        svc_set_weights(&s, id, weights->v, weights->n, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    respond_objective_now(app, req, resp, id);
}

/* ---- cycles ---- */

/* Moves the cycle to `to`; reopen: back from grading only. */
static void cycle_move(void *app, struct http_request *req, struct http_response *resp,
                       enum cycle_state to, bool reopen)
{
    int64_t id;
    if (api_path_id(req, resp, "id", &id) != 0 || no_body(req, resp) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    struct err err = {0};
    if ((reopen ? svc_cycle_reopen(&s, id, &err) : svc_cycle_transition(&s, id, to, &err)) !=
        ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    respond_current(app, req, resp, &entity_cycle, id);
}

void api_cycle_activate(void *app, struct http_request *req, struct http_response *resp)
{
    cycle_move(app, req, resp, CYCLE_ACTIVE, false);
}

void api_cycle_grade(void *app, struct http_request *req, struct http_response *resp)
{
    cycle_move(app, req, resp, CYCLE_GRADING, false);
}

void api_cycle_close(void *app, struct http_request *req, struct http_response *resp)
{
    cycle_move(app, req, resp, CYCLE_CLOSED, false);
}

void api_cycle_reopen(void *app, struct http_request *req, struct http_response *resp)
{
    cycle_move(app, req, resp, CYCLE_ACTIVE, true);
}

void api_cycle_tree(void *app, struct http_request *req, struct http_response *resp)
{
    int64_t id, depth = 0, team = 0;
    struct err err = {0};
    if (api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    for (size_t i = 0; i < req->nquery; i++) {
        const struct http_kv *q = &req->query[i];
        if (strcmp(q->key, "depth") == 0) {
            if (q->value[0] == '+' || num_parse_i64(q->value, 1, 32, &depth) != 0) {
                err_set(&err, ERR_INVALID, "depth", "depth must be a number from 1 to 32");
            }
        } else if (strcmp(q->key, "team") == 0) {
            if (q->value[0] == '+' || num_parse_i64(q->value, 1, INT64_MAX, &team) != 0) {
                err_set(&err, ERR_INVALID, "team", "team must be a team id");
            }
        } else {
            err_set(&err, ERR_INVALID, q->key, "the tree takes no parameter %s", q->key);
        }
    }
    struct svc s = api_svc(app, req);
    struct cycle_tree ct;
    if (err.code != ERR_OK || svc_tree(&s, id, team, &ct, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_write_tree(http_respond_json(resp, 200), &ct, s.now / 86400, (int)depth);
}

/* ---- team members ---- */

void api_members_list(void *app, struct http_request *req, struct http_response *resp)
{
    sub_list(app, req, resp, &entity_team, &entity_membership, "team_id");
}

void api_member_add(void *app, struct http_request *req, struct http_response *resp)
{
    int64_t id;
    struct membership m = {0};
    struct api_arg args[] = {
        {.name = "user_id", .type = API_ARG_ID, .required = true, .out = &m.user_id},
    };
    struct err err = {0};
    if (api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    m.team_id = id;
    if (api_input_args(req, args, 1, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    if (svc_create(&s, &entity_membership, &m, &err) != ERR_OK) {
        fail_path_ref(req, resp, &err, "team_id");
        return;
    }
    api_respond_record(resp, 201, &entity_membership, &m,
                       arena_printf(req->arena, "/api/v1/teams/%lld/members/%lld", (long long)id,
                                    (long long)m.user_id));
}

void api_member_remove(void *app, struct http_request *req, struct http_response *resp)
{
    int64_t id, user;
    if (api_path_id(req, resp, "id", &id) != 0 || api_path_id(req, resp, "user_id", &user) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    struct err err = {0};
    if (svc_member_remove(&s, id, user, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    http_respond(resp, 204, NULL);
}

/* ---- KPI values ---- */

void api_kpi_values_list(void *app, struct http_request *req, struct http_response *resp)
{
    sub_list(app, req, resp, &entity_kpi, &entity_kpi_value, "kpi_id");
}

void api_kpi_value_add(void *app, struct http_request *req, struct http_response *resp)
{
    static const char *const deny[] = {"kpi_id", NULL};
    int64_t id;
    if (api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    struct kpi_value v;
    uint64_t given;
    struct err err = {0};
    meta_init(&entity_kpi_value, &v);
    v.kpi_id = id;
    v.on = s.now / 86400; /* today (UTC) unless the body says when */
    if (api_input_record(req, &entity_kpi_value, &v, deny, &given, &err) == ERR_OK &&
        !given_field(given, &entity_kpi_value, "value")) {
        err_set(&err, ERR_INVALID, "value", "value is required");
    }
    if (err.code != ERR_OK || svc_kpi_record(&s, &v, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_respond_record(resp, 201, &entity_kpi_value, &v, NULL);
}

/* ---- the tenant ---- */

void api_tenant_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct svc s = api_svc(app, req);
    respond_current(app, req, resp, &entity_tenant, s.tenant_id);
}

void api_tenant_update(void *app, struct http_request *req, struct http_response *resp)
{
    struct svc s = api_svc(app, req);
    struct tenant patch, out;
    uint64_t given;
    struct err err = {0};
    meta_init(&entity_tenant, &patch);
    if (api_input_record(req, &entity_tenant, &patch, NULL, &given, &err) != ERR_OK ||
        svc_patch(&s, &entity_tenant, s.tenant_id, api_if_match(req), &patch, given, &out, &err) !=
            ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_respond_record(resp, 200, &entity_tenant, &out, NULL);
}

/* ---- export and import ---- */

void api_export(void *app, struct http_request *req, struct http_response *resp)
{
    struct svc s = api_svc(app, req);
    struct err err = {0};
    if (svc_export(&s, http_respond(resp, 200, "application/json"), &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    http_response_header(resp, "Content-Disposition", "attachment; filename=\"okr-export.json\"");
}

void api_import(void *app, struct http_request *req, struct http_response *resp)
{
    struct svc s = api_svc(app, req);
    int64_t tenant_id = 0;
    struct err err = {0};
    if (svc_import(s.st, req->arena, s.now, req->body, req->body_len, &tenant_id, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    struct json *j = http_respond_json(resp, 201);
    json_obj_open(j);
    json_key(j, "tenant_id");
    json_int(j, tenant_id);
    json_obj_close(j);
}
