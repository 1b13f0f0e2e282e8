/* The REST API's handlers and its resource table, shared by the route table (routes.c) and the
 * OpenAPI document (openapi.c). Handlers are thin: parse, call one service function, render. */
#ifndef OKR_API_HANDLERS_H
#define OKR_API_HANDLERS_H

#include "api/api.h"

#include <stdint.h>

enum api_filter_kind {
    API_FILTER_ID,     /* ?cycle=ID: field == ID */
    API_FILTER_ENUM,   /* ?state=active: field == that value of its enum */
    API_FILTER_BOOL,   /* ?active=true|false */
    API_FILTER_OWNER,  /* ?owner=user:ID|team:ID|company (what the entity's owner fields allow) */
    API_FILTER_PARENT, /* ?parent=objective:ID|kr:ID|none */
};

/* One query parameter a list accepts. */
struct api_filter {
    const char *param;
    enum api_filter_kind kind;
    const char *field; /* ID, ENUM, BOOL: the field compared; OWNER: the user-owner field */
    const char *doc;
};

/* A collection served by the generic handlers: /api/v1/<name> and /api/v1/<name>/{id}. */
struct api_resource {
    const char *name; /* path segment, plural kebab-case: "key-results" */
    const struct entity *e;
    const struct api_filter *filters; /* ends with a NULL param */
};

/* Every collection, ending with a NULL name. */
extern const struct api_resource api_resources[];
/* The collection of records of e, or NULL. */
const struct api_resource *api_resource_for_entity(const struct entity *e);
/* "/api/v1/<collection>/<id>" in the arena. */
const char *api_record_path(struct arena *a, const struct entity *e, int64_t id);

/* Answers with the problem for err (http_respond_err). */
void api_fail(const struct http_request *req, struct http_response *resp, const struct err *err);
/* Reads route parameter name as a positive id; answers 404 and returns -1 when it is not one. */
int api_path_id(const struct http_request *req, struct http_response *resp, const char *name,
                int64_t *out);
/* Adds to f the terms of filter def given the value v as the API takes it ("user:ID",
 * "company", "active", an id): ERR_INVALID names def's parameter. The command line's list
 * takes the same filters. */
enum err_code api_filter_terms(const struct entity *e, const struct api_filter *def, const char *v,
                               struct filter *f, struct err *err);
/* Reads ?after=CURSOR&limit=N (default 50) and the filters of list (NULL: none) from the query
 * string into f. ERR_INVALID names the parameter. */
enum err_code api_list_query(const struct http_request *req, const struct entity *e,
                             const struct api_filter *list, struct filter *f, int64_t *after,
                             int64_t *limit, struct err *err);

/* resources.c: the generic collection handlers (the collection comes from the matched route). */
void api_list(void *app, struct http_request *req, struct http_response *resp);
void api_get(void *app, struct http_request *req, struct http_response *resp);
void api_create(void *app, struct http_request *req, struct http_response *resp);
void api_update(void *app, struct http_request *req, struct http_response *resp);
void api_delete(void *app, struct http_request *req, struct http_response *resp);
void api_objective_get(void *app, struct http_request *req, struct http_response *resp);

/* actions.c: the routes that are not plain records. */
void api_checkins_list(void *app, struct http_request *req, struct http_response *resp);
void api_checkin_create(void *app, struct http_request *req, struct http_response *resp);
void api_request_accept(void *app, struct http_request *req, struct http_response *resp);
void api_request_decline(void *app, struct http_request *req, struct http_response *resp);
void api_request_withdraw(void *app, struct http_request *req, struct http_response *resp);
void api_objective_score(void *app, struct http_request *req, struct http_response *resp);
void api_objective_weights(void *app, struct http_request *req, struct http_response *resp);
void api_cycle_activate(void *app, struct http_request *req, struct http_response *resp);
void api_cycle_grade(void *app, struct http_request *req, struct http_response *resp);
void api_cycle_close(void *app, struct http_request *req, struct http_response *resp);
void api_cycle_reopen(void *app, struct http_request *req, struct http_response *resp);
void api_cycle_tree(void *app, struct http_request *req, struct http_response *resp);
void api_members_list(void *app, struct http_request *req, struct http_response *resp);
void api_member_add(void *app, struct http_request *req, struct http_response *resp);
void api_member_remove(void *app, struct http_request *req, struct http_response *resp);
void api_kpi_values_list(void *app, struct http_request *req, struct http_response *resp);
void api_kpi_value_add(void *app, struct http_request *req, struct http_response *resp);
void api_tenant_get(void *app, struct http_request *req, struct http_response *resp);
void api_tenant_update(void *app, struct http_request *req, struct http_response *resp);
void api_export(void *app, struct http_request *req, struct http_response *resp);
void api_import(void *app, struct http_request *req, struct http_response *resp);

#endif
