/* A refused form post drawn again with what was typed. A redirect back to the form's page
 * (?err=) would draw the form empty and lose a paragraph of reflection or a whole new
 * objective; instead the page is drawn here, as its GET would draw it, with the posted values
 * in the form that was sent, and answered 422. */
#include "web/web_int.h"

#include <string.h>

/* The form a page drawn again must fill: set for the request just before its GET handler runs,
 * taken by that handler's web_begin (the same pattern as auth.c's session record). */
static _Thread_local struct {
    const struct http_request *req;
    char req_id[HTTP_REQUEST_ID_LEN + 1];
    const char *action;
    struct web_form form;
    struct err err;
} pending;

void web_refill_take(struct web_ctx *c)
{
    if (pending.req == c->req && strcmp(pending.req_id, c->req->id) == 0) {
        c->refill = pending.form;
        c->refill_action = pending.action;
        c->refused = pending.err;
    }
    memset(&pending, 0, sizeof pending);
}

bool web_filling(struct web_ctx *c, const char *action)
{
    c->filling = c->refill_action && strcmp(c->refill_action, action) == 0;
    return c->filling;
}

const char *web_value(const struct web_ctx *c, const char *name, const char *stored)
{
    for (size_t i = 0; c->filling && i < c->refill.n; i++) {
        if (strcmp(c->refill.f[i].key, name) == 0) {
            return c->refill.f[i].value;
        }
    }
    return stored;
}

bool web_chosen(const struct web_ctx *c, const char *name, const char *value, bool stored)
{
    const char *posted = web_value(c, name, NULL);
    return posted ? strcmp(posted, value) == 0 : stored;
}

/* Points req at GET `to` (a path with an optional query and fragment): false when the query does
 * not parse. */
static bool retarget(struct http_request *req, const char *to)
{
    const char *hash = strchr(to, '#');
    if (hash) {
        to = arena_strndup(req->arena, to, (size_t)(hash - to));
    }
    const char *q = strchr(to, '?');
    struct web_form query = {0};
    if (q && (!web_form_parse(req->arena, "application/x-www-form-urlencoded", q + 1, strlen(q + 1),
                              &query) ||
              query.n > HTTP_MAX_QUERY)) {
        return false;
    }
    req->method = "GET";
    req->path = q ? arena_strndup(req->arena, to, (size_t)(q - to)) : to;
    req->nquery = query.n;
    memcpy(req->query, query.f, query.n * sizeof query.f[0]);
    req->body = "";
    req->body_len = 0;
    req->nparams = 0;
    return true;
}

bool web_show_again(struct web_ctx *c, const char *to, const struct err *e)
{
    if (c->fetch || !c->form.n ||
        (e->code != ERR_INVALID && e->code != ERR_LIMIT && e->code != ERR_CONFLICT)) {
        return false;
    }
    struct http_request *req = c->req;
    struct http_request posted = *req;
    const struct route *r = NULL;
    bool shown = retarget(req, to) && http_route_match(web_routes, NULL, web_route_count, "GET",
                                                       req->path, req, &r, NULL) == HTTP_MATCH_OK;
    if (shown) {
        void *app = (void *)c->app;
        req->route = r;
        /* The hook again, as for any GET of the page: it may answer instead (an admin page). */
        if (web_authorize(app, req, r, c->resp) == 0) {
            pending.req = req;
            memcpy(pending.req_id, req->id, sizeof pending.req_id);
            pending.action = posted.path;
            pending.form = c->form;
            pending.err = *e;
            r->handler(app, req, c->resp);
            memset(&pending, 0, sizeof pending);
            if (c->resp->status == 200) {
                c->resp->status = 422;
            }
        }
    }
    *req = posted; /* the access log names the request that was made */
    return shown;
}
