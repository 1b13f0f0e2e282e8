/* Who is calling a web page: the authorize hook for the web's routes (the API's session cookie,
 * a redirect to /login instead of a 401, the CSRF token of form posts, admin pages), and the
 * pre-login CSRF token (double-submit cookie) that guards the login, sign-up, invitation and
 * language forms. The hook hands the API's routes to api_authorize. */
#include "web/web_int.h"
#include "web/web_people.h"

#include "api/account.h"
#include "core/log.h"
#include "service/account.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The session the hook found for the request this worker thread is handling: a worker thread
 * runs one request at a time, from the hook through the handler. Request contexts are pooled
 * (the same address serves the next request), so the record names its request by the random
 * request id too, and the handler takes it only once (web_session_take): a public page can never
 * see an earlier request's session. */
static _Thread_local struct web_session current;

const struct web_session *web_session_take(const struct http_request *req, struct web_session *out)
{
    bool mine = current.req == req && current.session_id && strcmp(current.req_id, req->id) == 0;
    if (mine) {
        *out = current;
    }
    memset(&current, 0, sizeof current);
    return mine ? out : NULL;
}

static bool is_web_route(const struct route *r)
{
    return r->permission && strncmp(r->permission, "web", 3) == 0;
}

bool web_same_secret(const char *a, const char *b)
{
    size_t n = a ? strlen(a) : 0;
    return n > 0 && b && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

/* "/path?query" of the request, for ?next= after login. Only printable ASCII survives. */
static const char *request_target(struct http_request *req)
{
    struct sb b;
    sb_init(&b);
    sb_puts(&b, req->path);
    for (size_t i = 0; i < req->nquery; i++) {
        sb_putc(&b, i ? '&' : '?');
        web_url_encode(&b, req->query[i].key);
        sb_putc(&b, '=');
        web_url_encode(&b, req->query[i].value);
    }
    const char *out = arena_strndup(req->arena, sb_cstr(&b), b.len);
    sb_free(&b);
    for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7f) {
            return "/";
        }
    }
    return out;
}

static int to_login(void *app, struct http_request *req, struct http_response *resp,
                    bool clear_cookie)
{
    const char *location = "/login";
    if (http_method_safe(req->method) && strcmp(req->path, "/") != 0) {
        location = web_url_with(req->arena, "/login", "next", request_target(req));
    }
    http_respond(resp, 303, WEB_HTML_TYPE);
    http_response_header(resp, "Location", location);
    if (clear_cookie) {
        api_session_cookie_clear(app, resp);
    }
    return -1;
}

/* An error page from the hook (the handler never runs). */
static int refuse(void *app, struct http_request *req, struct http_response *resp,
                  enum err_code code, const char *field, const char *msg)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct err e;
    err_set(&e, code, field, "%s", msg);
    web_error_page(&c, &e);
    return -1;
}

/* The CSRF token a form post or a fetch from app.js carries. */
static const char *sent_token(struct http_request *req)
{
    const char *h = http_header(req, API_CSRF_HEADER);
    if (h) {
        return h;
    }
    /* An upload (the admin's import) is multipart: the token is one of its parts. */
    struct web_part parts[WEB_PARTS_MAX];
    size_t nparts = 0;
    if (web_multipart_parse(req->arena, http_header(req, "Content-Type"), req->body,
                            req->body_len, parts, &nparts)) {
        const struct web_part *p = web_part_get(parts, nparts, WEB_CSRF_FIELD);
        return p ? arena_strndup(req->arena, p->data, p->len) : NULL;
    }
    struct web_form f;
    if (!web_form_parse(req->arena, http_header(req, "Content-Type"), req->body, req->body_len,
                        &f)) {
        return NULL;
    }
    for (size_t i = 0; i < f.n; i++) {
        if (strcmp(f.f[i].key, WEB_CSRF_FIELD) == 0) {
            return f.f[i].value;
        }
    }
    return NULL;
}

int web_authorize(void *app, struct http_request *req, const struct route *route,
                  struct http_response *resp)
{
    if (!is_web_route(route)) {
        return api_authorize(app, req, route, resp);
    }
    const struct api_app *a = app;
    struct api_worker *w = req->worker;
    memset(&current, 0, sizeof current);
    if (!w) {
        return refuse(app, req, resp, ERR_INTERNAL, NULL, "no worker state");
    }
    w->tenant_id = 0;
    w->actor = (struct actor){0};
    w->by_cookie = false;
    w->session_id = 0;

    struct svc s = {
        .st = w->st, .a = req->arena, .now = a->clock ? a->clock() : (int64_t)time(NULL)};
    struct err err;
    err_clear(&err);
    const char *token = http_cookie(req, API_SESSION_COOKIE);
    if (!token || !*token) {
        return to_login(app, req, resp, false);
    }
    struct session_policy p = {a->session_idle_s, a->session_max_s};
    int64_t session_id = 0;
    const char *csrf = NULL;
    if (svc_session_check(&s, token, &p, &session_id, &csrf, &err) != ERR_OK) {
        if (err.code == ERR_UNAUTHORIZED) {
            return to_login(app, req, resp, true);
        }
        return refuse(app, req, resp, err.code, err.field, err.msg);
    }
    /* A browser sends the cookie with cross-site requests too: a write must come from our own
     * origin and carry the session's CSRF token, which other sites cannot read. */
    if (!http_method_safe(req->method) && (route->flags & ROUTE_CSRF)) {
        if (!http_same_origin(req) || !web_same_secret(sent_token(req), csrf)) {
            return refuse(app, req, resp, ERR_FORBIDDEN, "csrf",
                          "cross-site request or missing CSRF token");
        }
    }
    if (strcmp(route->permission, "web-admin") == 0 && !s.actor.admin) {
        return refuse(app, req, resp, ERR_FORBIDDEN, NULL, "admins only");
    }
    struct user me;
    struct tenant t;
    if (svc_view_whoami(&s, &me, &t, &err) != ERR_OK) {
        if (err.code == ERR_NOT_FOUND) {
            return to_login(app, req, resp, true);
        }
        return refuse(app, req, resp, err.code, err.field, err.msg);
    }
    w->tenant_id = s.tenant_id;
    w->actor = s.actor;
    w->by_cookie = true;
    w->session_id = session_id;
    current = (struct web_session){
        .req = req, .session_id = session_id, .csrf = csrf ? csrf : "", .me = me, .tenant = t};
    memcpy(current.req_id, req->id, sizeof current.req_id);
    return 0;
}

void web_identify(void *app, struct http_request *req)
{
    const struct api_app *a = app;
    struct api_worker *w = req->worker;
    memset(&current, 0, sizeof current);
    const char *token = http_cookie(req, API_SESSION_COOKIE);
    if (!w || !token || !*token) {
        return;
    }
    w->tenant_id = 0;
    w->actor = (struct actor){0};
    w->by_cookie = false;
    w->session_id = 0;
    struct svc s = {
        .st = w->st, .a = req->arena, .now = a->clock ? a->clock() : (int64_t)time(NULL)};
    struct err err;
    err_clear(&err);
    struct session_policy p = {a->session_idle_s, a->session_max_s};
    int64_t session_id = 0;
    const char *csrf = NULL;
    struct user me;
    struct tenant t;
    if (svc_session_check(&s, token, &p, &session_id, &csrf, &err) != ERR_OK ||
        svc_view_whoami(&s, &me, &t, &err) != ERR_OK) {
        return;
    }
    w->tenant_id = s.tenant_id;
    w->actor = s.actor;
    w->by_cookie = true;
    w->session_id = session_id;
    current = (struct web_session){
        .req = req, .session_id = session_id, .csrf = csrf ? csrf : "", .me = me, .tenant = t};
    memcpy(current.req_id, req->id, sizeof current.req_id);
}

/* ---- the pre-login token ---- */

static bool token_shape_ok(const char *t)
{
    if (!t || strlen(t) != WEB_PRE_LEN) {
        return false;
    }
    for (const char *p = t; *p; p++) {
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) {
            return false;
        }
    }
    return true;
}

const char *web_pre_token(struct web_ctx *c)
{
    const char *t = http_cookie(c->req, WEB_PRE_COOKIE);
    if (token_shape_ok(t)) {
        return t;
    }
    if (c->csrf && token_shape_ok(c->csrf) && c->pre_cookie_set) {
        return c->csrf;
    }
    unsigned char raw[WEB_PRE_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    char *hex = arena_alloc(c->req->arena, WEB_PRE_LEN + 1);
    sodium_bin2hex(hex, WEB_PRE_LEN + 1, raw, sizeof raw);
    char cookie[160];
    snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", WEB_PRE_COOKIE, hex,
             c->app->secure_cookies ? "; Secure" : "");
    http_response_header(c->resp, "Set-Cookie", cookie);
    c->pre_cookie_set = true;
    return hex;
}

bool web_pre_check(struct web_ctx *c)
{
    const char *cookie = http_cookie(c->req, WEB_PRE_COOKIE);
    return http_same_origin(c->req) && token_shape_ok(cookie) &&
           web_same_secret(web_field(c, WEB_CSRF_FIELD), cookie);
}

void web_server_hooks(struct http_config *cfg)
{
    cfg->worker_init = api_worker_init;
    cfg->worker_free = api_worker_free;
    cfg->hold = api_hold;
    cfg->authorize = web_authorize;
    cfg->not_found = web_not_found;
}
