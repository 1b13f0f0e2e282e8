/* Authentication of API requests: one database connection per worker thread, the authorize hook
 * (bearer API token or session cookie, the route's permission, CSRF for cookie-authenticated
 * writes), the session cookie and the service context of a request. Credentials are never
 * logged. */
#include "api.h"

#include "api/account.h"
#include "core/log.h"
#include "service/account.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static int64_t app_now(const struct api_app *app)
{
    return app->clock ? app->clock() : (int64_t)time(NULL);
}

void *api_worker_init(void *app)
{
    const struct api_app *a = app;
    struct store *st = NULL;
    struct err err;
    err_clear(&err);
    if (store_open(a->db_url, &st, &err) != ERR_OK) {
        log_msg(LOG_ERROR, "api: worker cannot open the database: %s", err.msg);
        return NULL;
    }
    store_defer_durability(st); /* api_hold waits for it, without holding up the worker */
    struct api_worker *w = xmalloc(sizeof *w);
    memset(w, 0, sizeof *w);
    w->st = st;
    return w;
}

bool api_hold(void *app, void *worker, void (*release)(void *token, bool failed), void *token)
{
    (void)app;
    struct api_worker *w = worker;
    return store_when_durable(w->st, release, token);
}

void api_worker_free(void *app, void *worker)
{
    (void)app;
    struct api_worker *w = worker;
    if (w) {
        store_close(w->st);
        free(w);
    }
}

struct svc api_svc(const struct api_app *app, struct http_request *req)
{
    struct api_worker *w = req->worker;
    struct svc s = {.st = w ? w->st : NULL, .a = req->arena, .now = app_now(app)};
    /* Worker state outlives requests: only a request that passed api_authorize may use the
     * caller it recorded; public routes act for nobody. */
    if (w && req->route && !(req->route->flags & ROUTE_PUBLIC)) {
        s.tenant_id = w->tenant_id;
        s.actor = w->actor;
    }
    return s;
}

/* ---- the session cookie ---- */

static void cookie(const struct api_app *app, struct http_response *resp, const char *value,
                   int64_t max_age)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Lax%s",
             API_SESSION_COOKIE, value, (long long)max_age, app->secure_cookies ? "; Secure" : "");
    http_response_header(resp, "Set-Cookie", buf);
}

void api_session_cookie_set(const struct api_app *app, struct http_response *resp,
                            const char *token)
{
    cookie(app, resp, token, app->session_max_s > 0 ? app->session_max_s : ACCOUNT_SESSION_TTL_S);
}

void api_session_cookie_clear(const struct api_app *app, struct http_response *resp)
{
    cookie(app, resp, "", 0);
}

/* ---- the authorize hook ---- */

static bool same_secret(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n > 0 && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static int refuse(struct http_request *req, struct http_response *resp, int status,
                  const char *type, const char *detail)
{
    http_respond_problem(req, resp, status, type, NULL, detail, NULL);
    return -1;
}

/* 401 (or what err says when it is not about credentials). */
static int unauthenticated(const struct api_app *app, struct http_request *req,
                           struct http_response *resp, const struct err *err, bool by_cookie)
{
    http_respond_err(req, resp, err);
    if (err->code == ERR_UNAUTHORIZED) {
        http_response_header(resp, "WWW-Authenticate", "Bearer realm=\"okr\"");
        if (by_cookie) {
            api_session_cookie_clear(app, resp);
        }
    }
    return -1;
}

int api_authorize(void *app, struct http_request *req, const struct route *route,
                  struct http_response *resp)
{
    const struct api_app *a = app;
    struct api_worker *w = req->worker;
    if (!w) {
        return refuse(req, resp, 503, "unavailable", "The server cannot serve this request now.");
    }
    w->tenant_id = 0;
    w->actor = (struct actor){0};
    w->by_cookie = false;
    w->session_id = 0;

    struct svc s = api_svc(a, req);
    s.tenant_id = 0;
    s.actor = (struct actor){0};
    struct err err;
    err_clear(&err);
    const char *authz = http_header(req, "Authorization");
    const char *token = http_cookie(req, API_SESSION_COOKIE);
    const char *csrf = NULL;
    int64_t session_id = 0;
    bool by_cookie = false;
    if (authz) {
        if (strncasecmp(authz, "Bearer ", 7) != 0) {
            err_set(&err, ERR_UNAUTHORIZED, NULL, "send Authorization: Bearer <API token>");
            return unauthenticated(a, req, resp, &err, false);
        }
        const char *t = authz + 7;
        while (*t == ' ') {
            t++;
        }
        if (svc_token_check(&s, t, &err) != ERR_OK) {
            return unauthenticated(a, req, resp, &err, false);
        }
    } else if (token && *token) {
        by_cookie = true;
        struct session_policy p = {a->session_idle_s, a->session_max_s};
        if (svc_session_check(&s, token, &p, &session_id, &csrf, &err) != ERR_OK) {
            return unauthenticated(a, req, resp, &err, true);
        }
    } else {
        err_set(&err, ERR_UNAUTHORIZED, NULL,
                "log in first, or send Authorization: Bearer <API token>");
        return unauthenticated(a, req, resp, &err, false);
    }

    /* A browser sends the cookie with cross-site requests too: a write must come from our own
     * origin and carry the session's CSRF token, which other sites cannot read. */
    if (by_cookie && (route->flags & ROUTE_CSRF) && !http_method_safe(req->method)) {
        const char *sent = http_header(req, API_CSRF_HEADER);
        if (!http_same_origin(req)) {
            return refuse(req, resp, 403, "csrf",
                          "This request did not come from this site (Origin or Referer).");
        }
        if (!sent || !csrf || !same_secret(sent, csrf)) {
            return refuse(req, resp, 403, "csrf",
                          "Send the session's CSRF token in the X-CSRF-Token header.");
        }
    }
    /* "admin" is the one permission decided here; finer rights are the service's (policy.c). */
    if (route->permission && strcmp(route->permission, "admin") == 0 && !s.actor.admin) {
        return refuse(req, resp, 403, "forbidden", "Only admins may do this.");
    }
    w->tenant_id = s.tenant_id;
    w->actor = s.actor;
    w->by_cookie = by_cookie;
    w->session_id = session_id;
    return 0;
}
