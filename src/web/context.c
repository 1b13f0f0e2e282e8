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
    if (f && f->type == FT_REAL && web_parse_number(value, &v) == 0) {
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

/* Grouping commas only as thousands are grouped (1,234,567.5): "0,5" is a decimal comma and
 * "1,2,3" a slip, and reading either as a whole number would store ten or a hundred times what
 * was meant. buf holds the number with its commas; they are taken out when well placed. */
static bool ungroup(char *buf)
{
    char *comma = strchr(buf, ',');
    if (!comma) {
        return true;
    }
    const char *digits = buf + (buf[0] == '-');
    size_t lead = (size_t)(comma - digits);
    if (lead < 1 || lead > 3) {
        return false;
    }
    char *w = comma;
    for (const char *p = comma; *p == ',';) {
        for (int k = 1; k <= 3; k++) {
            if (p[k] < '0' || p[k] > '9') {
                return false;
            }
        }
        memmove(w, p + 1, 3);
        w += 3;
        p += 4;
        if (*p != ',') {
            if (*p && *p != '.') {
                return false;
            }
            memmove(w, p, strlen(p) + 1);
            return strchr(w, ',') == NULL;
        }
    }
    return false;
}

int web_parse_number(const char *text, double *out)
{
    char buf[64];
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    while (*p == ' ') {
        p++;
    }
    for (; *p;) {
        if (n + 1 >= sizeof buf) {
            return -1;
        }
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
            buf[n++] = (char)('0' + (p[2] - 0x90)); /* U+FF10..U+FF19 */
            p += 3;
        } else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8E) {
            buf[n++] = '.'; /* U+FF0E */
            p += 3;
        } else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) {
            buf[n++] = ','; /* U+FF0C full-width comma */
            p += 3;
        } else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8D) {
            buf[n++] = '-'; /* U+FF0D full-width minus */
            p += 3;
        } else {
            buf[n++] = (char)*p++;
        }
    }
    while (n > 0 && buf[n - 1] == ' ') {
        n--;
    }
    buf[n] = '\0';
    return ungroup(buf) ? num_parse_double(buf, out) : -1;
}
