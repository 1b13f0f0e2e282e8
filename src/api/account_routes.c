/* REST handlers for accounts: sign-up, login and logout, the caller (/me), API tokens and
 * invitations (docs/accounts.md). Each parses its JSON body (jansson), calls one service function
 * (service/account.h) and renders the answer; secrets appear only in the answer that creates
 * them. */
#include "api/account.h"

#include "core/num.h"
#include "service/account.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

enum { LIST_DEFAULT = 50, LIST_MAX = 200 };

/* ---- request bodies ---- */

static void fail(struct http_request *req, struct http_response *resp, const struct err *err);

/* The body as a JSON object of only the members named in allowed (NULL-terminated; the caller
 * json_decref's it), or NULL after answering as every route answers: 400 (field body) for a body
 * that is not a JSON object, 422 for a member the route does not know (dropped silently, a
 * manager_id would go unsaid). */
static json_t *body_object(struct http_request *req, struct http_response *resp,
                           const char *const *allowed)
{
    struct err err;
    err_clear(&err);
    json_error_t je;
    json_t *root = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        err_set(&err, ERR_USAGE, "body", "the body is not valid JSON: %s (line %d, column %d)",
                je.text, je.line, je.column);
    } else if (!json_is_object(root)) {
        err_set(&err, ERR_USAGE, "body", "the body must be a JSON object");
    } else {
        const char *key;
        json_t *v;
        json_object_foreach(root, key, v)
        {
            size_t k = 0;
            while (allowed[k] && strcmp(allowed[k], key) != 0) {
                k++;
            }
            if (!allowed[k]) {
                err_set(&err, ERR_INVALID, key, "unknown member %s", key);
                break;
            }
        }
    }
    if (err.code != ERR_OK) {
        json_decref(root);
        fail(req, resp, &err);
        return NULL;
    }
    return root;
}

/* Member key of o as an arena string; absent or null: NULL. Fails (ERR_INVALID) on other types. */
static enum err_code body_str(struct http_request *req, json_t *o, const char *key,
                              const char **out, struct err *err)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        return ERR_OK;
    }
    if (!json_is_string(v)) {
        return err_set(err, ERR_INVALID, key, "%s must be a string", key);
    }
    *out = arena_strndup(req->arena, json_string_value(v), json_string_length(v));
    return ERR_OK;
}

/* Member key of o as an id; absent or null: 0. */
static enum err_code body_id(json_t *o, const char *key, int64_t *out, struct err *err)
{
    json_t *v = json_object_get(o, key);
    *out = 0;
    if (!v || json_is_null(v)) {
        return ERR_OK;
    }
    if (!json_is_integer(v) || json_integer_value(v) < 0) {
        return err_set(err, ERR_INVALID, key, "%s must be an id (a positive whole number)", key);
    }
    *out = (int64_t)json_integer_value(v);
    return ERR_OK;
}

/* ---- answers ---- */

static void fail(struct http_request *req, struct http_response *resp, const struct err *err)
{
    http_respond_err(req, resp, err);
    if (err->code == ERR_TOO_MANY) {
        char secs[16];
        snprintf(secs, sizeof secs, "%d", ACCOUNT_LOGIN_WINDOW_S);
        http_response_header(resp, "Retry-After", secs);
    }
}

/* Browsers send Origin with every cross-site POST: a public write from another site (a forged
 * login or sign-up) is refused. Clients without Origin (curl, scripts) are not browsers. */
static bool origin_ok(struct http_request *req, struct http_response *resp)
{
    if (http_header(req, "Origin") && !http_same_origin(req)) {
        http_respond_problem(req, resp, 403, "csrf", NULL,
                             "This request did not come from this site (Origin).", NULL);
        return false;
    }
    return true;
}

/* 201 {tenant_id, user_id, csrf_token} with the session cookie. A session that this browser
 * held before is ended: the cookie now names another. */
static void session_started(struct api_app *app, struct svc *s, struct http_request *req,
                            struct http_response *resp, const struct credential *c)
{
    const char *old = http_cookie(req, API_SESSION_COOKIE);
    if (old && *old) {
        struct err ignored;
        svc_session_revoke(s, old, &ignored);
    }
    struct json *j = http_respond_json(resp, 201);
    json_obj_open(j);
    json_key(j, "tenant_id");
    json_int(j, c->tenant_id);
    json_key(j, "user_id");
    json_int(j, c->user_id);
    json_key(j, "csrf_token");
    json_str(j, c->csrf);
    json_obj_close(j);
    api_session_cookie_set(app, resp, c->token);
}

/* ---- handlers ---- */

/* POST /api/v1/signup {tenant_name, name, email, password} */
static void h_signup(void *app, struct http_request *req, struct http_response *resp)
{
    if (!origin_ok(req, resp)) {
        return;
    }
    static const char *const members[] = {"tenant_name", "name", "email", "password", NULL};
    json_t *o = body_object(req, resp, members);
    if (!o) {
        return;
    }
    const char *tenant_name, *name, *email, *password;
    struct err err;
    err_clear(&err);
    bool ok = body_str(req, o, "tenant_name", &tenant_name, &err) == ERR_OK &&
              body_str(req, o, "name", &name, &err) == ERR_OK &&
              body_str(req, o, "email", &email, &err) == ERR_OK &&
              body_str(req, o, "password", &password, &err) == ERR_OK;
    json_decref(o);
    struct svc s = api_svc(app, req);
    struct credential c;
    if (!ok || svc_signup(&s, tenant_name, name, email, password, &c, &err) != ERR_OK) {
        fail(req, resp, &err);
        return;
    }
    session_started(app, &s, req, resp, &c);
}

/* POST /api/v1/sessions {email, password, tenant_id?} */
static void h_login(void *app, struct http_request *req, struct http_response *resp)
{
    if (!origin_ok(req, resp)) {
        return;
    }
    static const char *const members[] = {"email", "password", "tenant_id", NULL};
    json_t *o = body_object(req, resp, members);
    if (!o) {
        return;
    }
    const char *email, *password;
    int64_t tenant_id;
    struct err err;
    err_clear(&err);
    bool ok = body_str(req, o, "email", &email, &err) == ERR_OK &&
              body_str(req, o, "password", &password, &err) == ERR_OK &&
              body_id(o, "tenant_id", &tenant_id, &err) == ERR_OK;
    json_decref(o);
    struct svc s = api_svc(app, req);
    struct credential c;
    if (!ok || svc_login(&s, tenant_id, email, password, req->client, &c, &err) != ERR_OK) {
        fail(req, resp, &err);
        return;
    }
    session_started(app, &s, req, resp, &c);
}

/* DELETE /api/v1/sessions/current */
static void h_logout(void *app, struct http_request *req, struct http_response *resp)
{
    struct api_worker *w = req->worker;
    struct err err;
    err_clear(&err);
    if (!w->by_cookie) {
        err_set(&err, ERR_INVALID, NULL,
                "this request is not part of a session; revoke API tokens with DELETE "
                "/api/v1/tokens/{id}");
        fail(req, resp, &err);
        return;
    }
    struct svc s = api_svc(app, req);
    if (svc_logout(&s, w->session_id, &err) != ERR_OK) {
        fail(req, resp, &err);
        return;
    }
    http_respond(resp, 204, NULL);
    api_session_cookie_clear(app, resp);
}

/* GET /api/v1/me: the user, and csrf_token when called with the session cookie */
static void h_me(void *app, struct http_request *req, struct http_response *resp)
{
    struct api_worker *w = req->worker;
    struct svc s = api_svc(app, req);
    struct user u;
    const char *csrf;
    struct err err;
    err_clear(&err);
    if (svc_whoami(&s, w->by_cookie ? w->session_id : 0, &u, &csrf, &err) != ERR_OK) {
        fail(req, resp, &err);
        return;
    }
    struct json *j = http_respond_json(resp, 200);
    json_obj_open(j);
    meta_write_members(&entity_user, &u, j, true);
    if (w->by_cookie) {
        json_key(j, "csrf_token");
        json_str(j, csrf);
    }
    json_obj_close(j);
}

/* GET /api/v1/tokens?after=&limit=: the caller's API tokens, never their secrets. `after` as
 * every list takes it (`cursor`, its first name, too); anything else is refused, as every list
 * refuses it, rather than ignored into a first page served again and again. */
static void h_tokens(void *app, struct http_request *req, struct http_response *resp)
{
    struct svc s = api_svc(app, req);
    struct err err;
    err_clear(&err);
    int64_t after = 0, limit = LIST_DEFAULT;
    const char *cursor = http_query(req, "after"), *lim = http_query(req, "limit");
    cursor = cursor ? cursor : http_query(req, "cursor");
    for (size_t i = 0; i < req->nquery && err.code == ERR_OK; i++) {
        const char *k = req->query[i].key;
        if (strcmp(k, "after") != 0 && strcmp(k, "cursor") != 0 && strcmp(k, "limit") != 0) {
            err_set(&err, ERR_INVALID, k, "tokens cannot be listed by %s", k);
        }
    }
    if (err.code == ERR_OK && cursor && num_parse_i64(cursor, 0, INT64_MAX, &after) != 0) {
        err_set(&err, ERR_INVALID, "after", "after must be a value from next_cursor");
    } else if (err.code == ERR_OK && lim && num_parse_i64(lim, 1, LIST_MAX, &limit) != 0) {
        err_set(&err, ERR_INVALID, "limit", "limit must be a whole number from 1 to %d", LIST_MAX);
    }
    struct query q = {
        .by = "user_id", .key = s.actor.user_id, .after_id = after, .limit = limit + 1};
    struct rows r;
    if (err.code != ERR_OK || svc_list(&s, &entity_api_token, &q, &r, &err) != ERR_OK) {
        fail(req, resp, &err);
        return;
    }
    const struct api_token *t = r.items;
    size_t n = r.n > (size_t)limit ? (size_t)limit : r.n;
    struct json *j = http_respond_json(resp, 200);
    json_obj_open(j);
    json_key(j, "items");
    json_arr_open(j);
    for (size_t i = 0; i < n; i++) {
        json_obj_open(j);
        meta_write_members(&entity_api_token, &t[i], j, true);
        json_obj_close(j);
    }
    json_arr_close(j);
    json_key(j, "next_cursor");
    if (r.n > n) {
        char buf[24];
        snprintf(buf, sizeof buf, "%lld", (long long)t[n - 1].id);
        json_str(j, buf);
    } else {
        json_none(j);
    }
    json_obj_close(j);
}

/* POST /api/v1/tokens {name}: 201 {id, name, token}; the token is shown this once */
static void h_token_create(void *app, struct http_request *req, struct http_response *resp)
{
    static const char *const members[] = {"name", NULL};
    json_t *o = body_object(req, resp, members);
    if (!o) {
        return;
    }
    const char *name;
    struct err err;
    err_clear(&err);
    bool ok = body_str(req, o, "name", &name, &err) == ERR_OK;
    json_decref(o);
    struct svc s = api_svc(app, req);
    struct credential c;
    int64_t id;
    if (!ok || svc_token_create(&s, name, &c, &id, &err) != ERR_OK) {
        fail(req, resp, &err);
        return;
    }
    struct json *j = http_respond_json(resp, 201);
    json_obj_open(j);
    json_key(j, "id");
    json_int(j, id);
    json_key(j, "name");
    json_str(j, name);
    json_key(j, "token");
    json_str(j, c.token);
    json_obj_close(j);
}

/* DELETE /api/v1/tokens/{id} */
static void h_token_revoke(void *app, struct http_request *req, struct http_response *resp)
{
    int64_t id;
    if (http_param_i64(req, "id", 1, INT64_MAX, &id) != 0) {
        http_respond_problem(req, resp, 404, "not-found", NULL, "There is no such API token.",
                             NULL);
        return;
    }
    struct svc s = api_svc(app, req);
    struct err err;
    err_clear(&err);
    if (svc_token_revoke(&s, id, &err) != ERR_OK) {
        fail(req, resp, &err);
        return;
    }
    http_respond(resp, 204, NULL);
}

/* POST /api/v1/invitations {name, email, role?} (admins): 201 {user_id, invitation} */
static void h_invite(void *app, struct http_request *req, struct http_response *resp)
{
    static const char *const members[] = {"name", "email", "role", "manager_id", NULL};
    json_t *o = body_object(req, resp, members);
    if (!o) {
        return;
    }
    const char *name = NULL, *email = NULL, *role = NULL;
    int64_t manager = 0;
    struct err err;
    err_clear(&err);
    bool ok = body_str(req, o, "name", &name, &err) == ERR_OK &&
              body_str(req, o, "email", &email, &err) == ERR_OK &&
              body_str(req, o, "role", &role, &err) == ERR_OK &&
              body_id(o, "manager_id", &manager, &err) == ERR_OK;
    json_decref(o);
    struct user u;
    meta_init(&entity_user, &u);
    svc_defaults(&entity_user, &u);
    u.manager_id = manager;
    u.name = name ? name : "";
    u.email = email ? email : "";
    if (ok && role) {
        ok = meta_set(&entity_user, &u, "role", role, req->arena, &err) == ERR_OK;
    }
    struct svc s = api_svc(app, req);
    struct credential c;
    if (!ok || svc_invite(&s, &u, &c, &err) != ERR_OK) {
        fail(req, resp, &err);
        return;
    }
    struct json *j = http_respond_json(resp, 201);
    json_obj_open(j);
    json_key(j, "user_id");
    json_int(j, u.id);
    json_key(j, "invitation");
    json_str(j, c.token);
    json_obj_close(j);
}

/* POST /api/v1/invitations/accept {invitation, password}: 201 and a session */
static void h_accept(void *app, struct http_request *req, struct http_response *resp)
{
    if (!origin_ok(req, resp)) {
        return;
    }
    static const char *const members[] = {"invitation", "password", NULL};
    json_t *o = body_object(req, resp, members);
    if (!o) {
        return;
    }
    const char *invitation, *password;
    struct err err;
    err_clear(&err);
    bool ok = body_str(req, o, "invitation", &invitation, &err) == ERR_OK &&
              body_str(req, o, "password", &password, &err) == ERR_OK;
    json_decref(o);
    struct svc s = api_svc(app, req);
    struct credential c;
    if (!ok || svc_invite_accept(&s, invitation, password, &c, &err) != ERR_OK) {
        fail(req, resp, &err);
        return;
    }
    session_started(app, &s, req, resp, &c);
}

/* Every state-changing route is ROUTE_CSRF; the public ones check Origin themselves. */
const struct route api_account_routes[] = {
    {"POST", "/api/v1/signup", h_signup, ROUTE_PUBLIC | ROUTE_CSRF, NULL},
    {"POST", "/api/v1/sessions", h_login, ROUTE_PUBLIC | ROUTE_CSRF, NULL},
    {"DELETE", "/api/v1/sessions/current", h_logout, ROUTE_CSRF, NULL},
    {"GET", "/api/v1/me", h_me, 0, NULL},
    {"GET", "/api/v1/tokens", h_tokens, 0, NULL},
    {"POST", "/api/v1/tokens", h_token_create, ROUTE_CSRF, NULL},
    {"DELETE", "/api/v1/tokens/{id}", h_token_revoke, ROUTE_CSRF, NULL},
    {"POST", "/api/v1/invitations", h_invite, ROUTE_CSRF, "admin"},
    {"POST", "/api/v1/invitations/accept", h_accept, ROUTE_PUBLIC | ROUTE_CSRF, NULL},
};
const size_t api_account_route_count = sizeof api_account_routes / sizeof api_account_routes[0];
