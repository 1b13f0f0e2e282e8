/* The context of one web request: the language it is answered in, the signed-in user, the
 * service context, the posted form, and the helpers that read ids from the route, the query and
 * the form. */
#include "web/web_int.h"

#include "core/num.h"

#include <string.h>
#include <time.h>

void web_begin(struct web_ctx *c, void *app, struct http_request *req, struct http_response *resp)
{
    memset(c, 0, sizeof *c);
    c->app = app;
    c->req = req;
    c->resp = resp;
    c->svc = api_svc(app, req);
    if (!c->svc.now) {
        c->svc.now = (int64_t)time(NULL);
    }
    c->today = c->svc.now / 86400;
    struct web_session taken;
    const struct web_session *ws = web_session_take(req, &taken);
    if (ws) {
        c->signed_in = true;
        c->session_id = ws->session_id;
        c->csrf = ws->csrf;
        c->me = ws->me;
        c->tenant = ws->tenant;
    }
    c->loc = web_locale_choose(ws ? ws->me.locale : NULL, http_cookie(req, WEB_LANG_COOKIE),
                               http_header(req, "Accept-Language"), ws ? ws->tenant.locale : NULL);
    const char *xrw = http_header(req, "X-Requested-With");
    c->fetch = xrw && strcmp(xrw, "fetch") == 0;
    if (!http_method_safe(req->method)) {
        web_form_parse(req->arena, http_header(req, "Content-Type"), req->body, req->body_len,
                       &c->form);
    }
    web_refill_take(c);
}

const char *web_field(const struct web_ctx *c, const char *name)
{
    for (size_t i = 0; i < c->form.n; i++) {
        if (strcmp(c->form.f[i].key, name) == 0) {
            return c->form.f[i].value;
        }
    }
    return NULL;
}

enum err_code web_meta_set(struct web_ctx *c, const struct entity *e, void *obj, const char *name,
                           const char *value, struct err *err)
{
    const struct field *f = meta_field(e, name);
    double v;
    char buf[32];
    if (f && f->type == FT_REAL && num_parse_typed(value, &v) == 0) {
        value = num_fmt_double(buf, v);
    }
    return meta_set(e, obj, name, value, c->req->arena, err);
}

enum err_code web_set_fields(struct web_ctx *c, const struct entity *e, void *obj,
                             const char *const *names, uint64_t *bits, struct err *err)
{
    for (size_t i = 0; names[i]; i++) {
        const char *v = web_field(c, names[i]);
        if (!v) {
            continue;
        }
        if (web_meta_set(c, e, obj, names[i], v, err) != ERR_OK) {
            return err->code;
        }
        *bits |= 1ull << (size_t)(meta_field(e, names[i]) - e->fields);
    }
    return ERR_OK;
}

static int64_t parse_id(const char *s)
{
    int64_t v;
    if (!s || num_parse_i64(s, 1, INT64_MAX, &v) != 0) {
        return 0;
    }
    return v;
}

int64_t web_field_id(const struct web_ctx *c, const char *name)
{
    return parse_id(web_field(c, name));
}

int64_t web_query_id(const struct web_ctx *c, const char *name)
{
    return parse_id(http_query(c->req, name));
}

int64_t web_param_id(const struct web_ctx *c)
{
    int64_t v;
    return http_param_i64(c->req, "id", 1, INT64_MAX, &v) == 0 ? v : 0;
}

int64_t web_param_id_or_404(struct web_ctx *c, const char *what)
{
    int64_t id = web_param_id(c);
    if (!id) {
        struct err err;
        err_set(&err, ERR_NOT_FOUND, "id", "no such %s", what);
        web_error_page(c, &err);
    }
    return id;
}
