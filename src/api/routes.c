/* THE route table of okr's HTTP server: every REST API route with its handler, flags (public,
 * CSRF) and permission. The router and the authorize hook enforce what this table says before a
 * handler runs; the OpenAPI document and its test are kept equal to it. */
#include "api/api.h"

#include "api/account.h"
#include "api/coach_routes.h"
#include "api/handlers.h"
#include "api/openapi.h"

#include <string.h>

#define W ROUTE_CSRF /* every state-changing route */

/* The account routes' handlers are private to account_routes.c, and a constant table cannot copy
 * another table's entries: so each account entry below repeats one of api_account_routes (method,
 * pattern, flags, permission; a unit test keeps them equal) and forwards to its handler. */
static void account_route(void *app, struct http_request *req, struct http_response *resp)
{
    for (size_t i = 0; i < api_account_route_count; i++) {
        const struct route *r = &api_account_routes[i];
        if (strcmp(r->method, req->route->method) == 0 &&
            strcmp(r->pattern, req->route->pattern) == 0) {
            r->handler(app, req, resp);
            return;
        }
    }
    /* Not in api_account_routes: the status stays 0, which the server answers with a 500. */
}

/* The five routes of a collection served by the generic handlers. */
/* clang-format off */
#define COLLECTION(NAME, GET_ONE)                                                                  \
    {"GET", "/api/v1/" NAME, api_list, 0, NULL},                                                   \
    {"POST", "/api/v1/" NAME, api_create, W, NULL},                                                \
    {"GET", "/api/v1/" NAME "/{id}", GET_ONE, 0, NULL},                                            \
    {"PATCH", "/api/v1/" NAME "/{id}", api_update, W, NULL},                                       \
    {"DELETE", "/api/v1/" NAME "/{id}", api_delete, W, NULL}
/* clang-format on */

const struct route api_routes[] = {
    /* Accounts (docs/accounts.md). */
    {"POST", "/api/v1/signup", account_route, ROUTE_PUBLIC | W, NULL},
    {"POST", "/api/v1/sessions", account_route, ROUTE_PUBLIC | W, NULL},
    {"DELETE", "/api/v1/sessions/current", account_route, W, NULL},
    {"GET", "/api/v1/me", account_route, 0, NULL},
    {"GET", "/api/v1/tokens", account_route, 0, NULL},
    {"POST", "/api/v1/tokens", account_route, W, NULL},
    {"DELETE", "/api/v1/tokens/{id}", account_route, W, NULL},
    {"POST", "/api/v1/invitations", account_route, W, "admin"},
    {"POST", "/api/v1/invitations/accept", account_route, ROUTE_PUBLIC | W, NULL},
    /* Records. */
    COLLECTION("users", api_get),
    COLLECTION("teams", api_get),
    COLLECTION("themes", api_get),
    COLLECTION("cycles", api_get),
    COLLECTION("objectives", api_objective_get),
    COLLECTION("key-results", api_get),
    COLLECTION("initiatives", api_get),
    COLLECTION("kpis", api_get),
    COLLECTION("comments", api_get),
    /* Take-on requests change state only through their actions. */
    {"GET", "/api/v1/take-on-requests", api_list, 0, NULL},
    {"POST", "/api/v1/take-on-requests", api_create, W, NULL},
    {"GET", "/api/v1/take-on-requests/{id}", api_get, 0, NULL},
    {"POST", "/api/v1/take-on-requests/{id}/accept", api_request_accept, W, NULL},
    {"POST", "/api/v1/take-on-requests/{id}/decline", api_request_decline, W, NULL},
    {"POST", "/api/v1/take-on-requests/{id}/withdraw", api_request_withdraw, W, NULL},
    /* The rhythm. */
    {"GET", "/api/v1/key-results/{id}/checkins", api_checkins_list, 0, NULL},
    {"POST", "/api/v1/key-results/{id}/checkins", api_checkin_create, W, NULL},
    {"POST", "/api/v1/objectives/{id}/score", api_objective_score, W, NULL},
    {"POST", "/api/v1/objectives/{id}/weights", api_objective_weights, W, NULL},
    {"POST", "/api/v1/cycles/{id}/activate", api_cycle_activate, W, NULL},
    {"POST", "/api/v1/cycles/{id}/grade", api_cycle_grade, W, NULL},
    {"POST", "/api/v1/cycles/{id}/close", api_cycle_close, W, NULL},
    {"POST", "/api/v1/cycles/{id}/reopen", api_cycle_reopen, W, NULL},
    {"GET", "/api/v1/cycles/{id}/tree", api_cycle_tree, 0, NULL},
    /* The coach (api/coach_routes.c). */
    {"GET", "/api/v1/cycles/{id}/findings", api_cycle_findings, 0, NULL},
    {"POST", "/api/v1/findings/dismissals", api_finding_dismiss, W, NULL},
    {"DELETE", "/api/v1/findings/dismissals/{id}", api_finding_undismiss, W, NULL},
    {"GET", "/api/v1/teams/{id}/members", api_members_list, 0, NULL},
    {"POST", "/api/v1/teams/{id}/members", api_member_add, W, NULL},
    {"DELETE", "/api/v1/teams/{id}/members/{user_id}", api_member_remove, W, NULL},
    {"GET", "/api/v1/kpis/{id}/values", api_kpi_values_list, 0, NULL},
    {"POST", "/api/v1/kpis/{id}/values", api_kpi_value_add, W, NULL},
    /* The company. Who may change the tenant is the service's policy (admins). */
    {"GET", "/api/v1/tenant", api_tenant_get, 0, NULL},
    {"PATCH", "/api/v1/tenant", api_tenant_update, W, NULL},
    {"GET", "/api/v1/export", api_export, 0, "admin"},
    {"POST", "/api/v1/import", api_import, W, "admin"},
    {"GET", "/api/v1/openapi.json", api_openapi, ROUTE_PUBLIC, NULL},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
