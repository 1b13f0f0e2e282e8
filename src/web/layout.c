/* The frame of every page: <head> with our one stylesheet and script (no inline script or style:
 * the CSP forbids both), the header with navigation, language switch and log out, notices after
 * a form post (?done=, ?err=), error pages and redirects. */
#include "web/web_int.h"

#include "core/log.h"
#include "core/num.h"

#include <string.h>

/* Notices a redirect may name: ?done=KEY. Nothing else reaches the page from the query. */
static const struct {
    const char *key;
    enum web_msg msg;
} notices[] = {
    {"checkin", MSG_CHECKIN_SAVED},
    {"saved", MSG_SAVED},
    {"comment", MSG_COMMENT_ADDED},
    {"request", MSG_REQUEST_SENT},
    {"kr", MSG_KR_ADDED},
    {"accepted", MSG_ACCEPTED_DRAFT},
    {"declined", MSG_DECLINED_DONE},
    {"withdrawn", MSG_WITHDRAWN_DONE},
    {"logged_out", MSG_LOGGED_OUT},
};

static const struct {
    const char *field;
    enum web_msg label;
} field_labels[] = {
    {"title", MSG_TITLE},
    {"description", MSG_DESCRIPTION},
    {"value", MSG_VALUE},
    {"confidence", MSG_CONFIDENCE},
    {"note", MSG_NOTE},
    {"reason", MSG_REASON},
    {"to", MSG_PERSON},
    {"to_user_id", MSG_PERSON},
    {"message", MSG_MESSAGE},
    {"start", MSG_START},
    {"target", MSG_TARGET},
    {"current", MSG_CURRENT},
    {"unit", MSG_UNIT},
    {"weight", MSG_WEIGHT},
    {"due", MSG_DUE},
    {"kind", MSG_KIND},
    {"visibility", MSG_VISIBILITY},
    {"email", MSG_EMAIL},
    {"password", MSG_PASSWORD},
    {"name", MSG_NAME},
    {"tenant_name", MSG_COMPANY_NAME},
    {"tenant_id", MSG_COMPANY_ID},
    {"theme_id", MSG_THEME},
    {"cycle", MSG_CYCLE},
    {"cycle_id", MSG_CYCLE},
    {"self", MSG_SELF_SCORE},
    {"self_score", MSG_SELF_SCORE},
    {"manager", MSG_MANAGER_SCORE},
    {"manager_score", MSG_MANAGER_SCORE},
    {"final", MSG_FINAL_SCORE},
    {"final_score", MSG_FINAL_SCORE},
    {"reflection", MSG_REFLECTION},
    {"postmortem", MSG_POSTMORTEM},
    {"locale", MSG_LANGUAGE},
    {"owner", MSG_OWNER},
    {"state", MSG_STATE},
    {"on", MSG_DATE},
    {"score", MSG_SCORE},
    {"end", MSG_END_DATE},
};

const char *web_field_label(struct web_ctx *c, const char *field)
{
    for (size_t i = 0; field && i < sizeof field_labels / sizeof field_labels[0]; i++) {
        if (strcmp(field_labels[i].field, field) == 0) {
            return web_msg(c->loc, field_labels[i].label);
        }
    }
    return field ? field : "";
}

/* ---- page frame ---- */

static void nav_item(struct web_ctx *c, const char *href, enum web_msg label, bool active)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<li><a");
    WEB_URL(h, "href", href);
    if (active) {
        WEB_LIT(h, " aria-current=\"page\"");
    }
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, label);
    WEB_LIT(h, "</a></li>");
}

static void language_switch(struct web_ctx *c)
{
    struct web_html *h = &c->h;
    enum web_locale other = c->loc == WEB_ZH ? WEB_EN : WEB_ZH;
    WEB_LIT(h, "<form class=\"lang\" method=\"post\" action=\"/language\">");
    web_csrf_field(c);
    WEB_LIT(h, "<input type=\"hidden\" name=\"next\"");
    WEB_ATTR(h, "value", c->req->path);
    WEB_LIT(h, "><button class=\"link\" name=\"lang\"");
    WEB_ATTR(h, "value", web_locale_tag(other));
    WEB_ATTR(h, "lang", web_locale_tag(other));
    WEB_ATTR(h, "title", web_msg(c->loc, MSG_LANGUAGE));
    WEB_LIT(h, ">");
    web_msg_put(h, other, other == WEB_ZH ? MSG_LANG_NAME_ZH : MSG_LANG_NAME_EN);
    WEB_LIT(h, "</button></form>");
}

/* A form field's name: lower-case letters, digits and underscores, a few dozen at most. */
static bool field_name_ok(const char *s)
{
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");
    return n > 0 && n <= 40 && s[n] == '\0';
}

static void notice_from_query(struct web_ctx *c)
{
    struct web_html *h = &c->h;
    const char *done = http_query(c->req, "done");
    for (size_t i = 0; done && i < sizeof notices / sizeof notices[0]; i++) {
        if (strcmp(notices[i].key, done) == 0) {
            WEB_LIT(h, "<p class=\"notice ok\" role=\"status\">");
            web_msg_put(h, c->loc, notices[i].msg);
            WEB_LIT(h, "</p>");
        }
    }
    const char *code = http_query(c->req, "err");
    if (c->refused.code != ERR_OK) {
        /* A form drawn again: the service's own error, its reason too. */
        web_alert(c, web_err_text(c, &c->refused));
    } else if (code) {
        struct err e;
        err_clear(&e);
        e.code = ERR_INVALID;
        static const enum err_code codes[] = {ERR_INVALID, ERR_NOT_FOUND, ERR_CONFLICT,
                                              ERR_STALE,   ERR_FORBIDDEN, ERR_UNAUTHORIZED,
                                              ERR_LIMIT,   ERR_TOO_MANY,  ERR_INTERNAL};
        for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
            if (strcmp(err_code_name(codes[i]), code) == 0) {
                e.code = codes[i];
            }
        }
        /* Anyone can link to a page with ?field=: only a field's name is shown, never a
         * sentence someone chose ("re-enter your password at ..."). */
        const char *field = http_query(c->req, "field");
        if (field && field_name_ok(field)) {
            size_t n = strlen(field);
            memcpy(e.field, field, n < sizeof e.field ? n : sizeof e.field - 1);
        }
        /* The record the error names: shown only as the reader may see it (web_err_text). */
        const char *id = http_query(c->req, "id");
        int64_t v;
        if (id && num_parse_i64(id, 1, INT64_MAX, &v) == 0) {
            e.id = v;
        }
        web_alert(c, web_err_text(c, &e));
    }
}

void web_page_begin(struct web_ctx *c, int status, const char *title, enum web_nav nav)
{
    struct sb *b = http_respond(c->resp, status, WEB_HTML_TYPE);
    web_html_init(&c->h, b, c->req->arena);
    struct web_html *h = &c->h;
    WEB_LIT(h, "<!doctype html>\n<html");
    WEB_ATTR(h, "lang", web_locale_tag(c->loc));
    WEB_LIT(h, "><head><meta charset=\"utf-8\">"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    WEB_MSGF(h, c->loc, MSG_PAGE_TITLE, title);
    WEB_LIT(h, "</title><link rel=\"stylesheet\"");
    WEB_URL(h, "href", web_asset_url("app.css"));
    WEB_LIT(h, "><link rel=\"icon\" type=\"image/svg+xml\"");
    WEB_URL(h, "href", web_asset_url("favicon.svg"));
    WEB_LIT(h, "><script defer");
    WEB_URL(h, "src", web_asset_url("app.js"));
    WEB_LIT(h, "></script></head>\n<body><a class=\"skip\" href=\"#main\">");
    web_msg_put(h, c->loc, MSG_SKIP);
    WEB_LIT(h, "</a><header class=\"top\"><div class=\"top-in\">"
               "<a class=\"brand\" href=\"/\">okr</a>");
    if (c->signed_in) {
        WEB_LIT(h, "<span class=\"org\">");
        web_text(h, c->tenant.name);
        WEB_LIT(h, "</span><nav class=\"nav\"");
        WEB_ATTR(h, "aria-label", web_msg(c->loc, MSG_NAV_LABEL));
        WEB_LIT(h, "><ul>");
        nav_item(c, "/my", MSG_NAV_MY, nav == NAV_MY);
        nav_item(c, "/review", MSG_NAV_REVIEW, nav == NAV_REVIEW);
        nav_item(c, "/strategy", MSG_NAV_STRATEGY, nav == NAV_STRATEGY);
        nav_item(c, "/dashboard", MSG_NAV_DASHBOARD, nav == NAV_DASHBOARD);
        nav_item(c, "/kpis", MSG_NAV_KPIS, nav == NAV_KPIS);
        nav_item(c, "/map", MSG_NAV_MAP, nav == NAV_MAP);
        nav_item(c, "/inbox", MSG_NAV_INBOX, nav == NAV_INBOX);
        nav_item(c, "/teams", MSG_NAV_TEAMS, nav == NAV_TEAMS);
        if (c->me.role == ROLE_ADMIN) {
            nav_item(c, "/admin", MSG_NAV_ADMIN, nav == NAV_ADMIN);
        }
        WEB_LIT(h, "</ul></nav>");
    }
    WEB_LIT(h, "<div class=\"top-end\">");
    language_switch(c);
    if (c->signed_in) {
        WEB_LIT(h, "<a class=\"me\"");
        WEB_ATTRF(h, "href", "/people/%lld", (long long)c->me.id);
        WEB_LIT(h, ">");
        web_text(h, c->me.name);
        WEB_LIT(h, "</a><form method=\"post\" action=\"/logout\">");
        web_csrf_field(c);
        WEB_LIT(h, "<button class=\"link\">");
        web_msg_put(h, c->loc, MSG_LOG_OUT);
        WEB_LIT(h, "</button></form>");
    }
    WEB_LIT(h, "</div></div></header>\n<main id=\"main\" class=\"wrap\" tabindex=\"-1\">");
    notice_from_query(c);
}

void web_page_end(struct web_ctx *c)
{
    WEB_LIT(&c->h, "</main><div id=\"live\" class=\"sr\" aria-live=\"polite\"></div>"
                   "</body></html>\n");
}

void web_fragment_begin(struct web_ctx *c, int status)
{
    struct sb *b = http_respond(c->resp, status, WEB_HTML_TYPE);
    web_html_init(&c->h, b, c->req->arena);
}

void web_csrf_field(struct web_ctx *c)
{
    if (!c->csrf) {
        c->csrf = web_pre_token(c);
    }
    struct web_html *h = &c->h;
    WEB_LIT(h, "<input type=\"hidden\" name=\"" WEB_CSRF_FIELD "\"");
    WEB_ATTR(h, "value", c->csrf);
    WEB_LIT(h, ">");
}

/* ---- redirects and errors ---- */

void web_redirect(struct web_ctx *c, const char *location)
{
    http_respond(c->resp, 303, WEB_HTML_TYPE);
    http_response_header(c->resp, "Location", web_local_path_ok(location) ? location : "/");
}

void web_redirect_done(struct web_ctx *c, const char *path, const char *key)
{
    web_redirect(c, web_url_with(c->req->arena, path, "done", key));
}

void web_redirect_err(struct web_ctx *c, const char *path, const struct err *e)
{
    if (e->code == ERR_INTERNAL) {
        log_msg(LOG_ERROR, "web: request %s: %s", c->req->id, e->msg);
    }
    const char *to = web_url_with(c->req->arena, path, "err", err_code_name(e->code));
    if (e->field[0]) {
        to = web_url_with(c->req->arena, to, "field", e->field);
    }
    if (e->id > 0) {
        to = web_url_with(c->req->arena, to, "id", web_fmt(c, "%lld", (long long)e->id));
    }
    if (!web_show_again(c, to, e)) {
        web_redirect(c, to);
    }
}

const char *web_err_text(struct web_ctx *c, const struct err *e)
{
    struct arena *a = c->req->arena;
    enum web_locale l = c->loc;
    const char *label = web_field_label(c, e->field);
    switch (e->code) {
    case ERR_INVALID:
    case ERR_LIMIT:
        if (!e->field[0]) {
            return web_msg(l, MSG_ERR_INVALID_ANY);
        }
        if (l == WEB_EN && e->msg[0]) {
            return web_fmt(c, "%s (%s)", WEB_MSG_STR(a, l, MSG_ERR_INVALID, label), e->msg);
        }
        return WEB_MSG_STR(a, l, MSG_ERR_INVALID, label);
    case ERR_NOT_FOUND:
        return web_msg(l, MSG_ERR_NOT_FOUND_TEXT);
    case ERR_FORBIDDEN:
        return web_msg(l, strcmp(e->field, "csrf") == 0 ? MSG_ERR_CSRF : MSG_ERR_FORBIDDEN);
    case ERR_CONFLICT:
        if (e->id &&
            (strcmp(e->field, "final_score") == 0 || strcmp(e->field, "postmortem") == 0)) {
            /* A cycle that cannot close names the objective holding it up (#id and title). */
            struct objective o;
            struct err ignored;
            const char *what = svc_get(&c->svc, &entity_objective, e->id, &o, &ignored) == ERR_OK
                                   ? web_fmt(c, "#%lld %s", (long long)e->id, o.title)
                                   : web_fmt(c, "#%lld", (long long)e->id);
            return WEB_MSG_STR(
                a, l, e->field[0] == 'f' ? MSG_ERR_CLOSE_UNSCORED : MSG_ERR_CLOSE_POSTMORTEM, what);
        }
        return WEB_MSG_STR(a, l, MSG_ERR_CONFLICT, l == WEB_EN && e->msg[0] ? e->msg : label);
    case ERR_STALE:
        return web_msg(l, MSG_ERR_STALE);
    case ERR_TOO_MANY:
        return web_msg(l, MSG_LOGIN_LIMIT);
    case ERR_UNAUTHORIZED:
        return web_msg(l, MSG_LOGIN_FAILED);
    default:
        return WEB_MSG_STR(a, l, MSG_ERR_INTERNAL_TEXT, c->req->id);
    }
}

void web_error_page(struct web_ctx *c, const struct err *e)
{
    if (e->code == ERR_INTERNAL || e->code == ERR_OK) {
        log_msg(LOG_ERROR, "web: request %s: %s", c->req->id, e->msg);
    }
    int status = e->code == ERR_OK ? 500 : http_status_for_err(e->code);
    if (e->code == ERR_TOO_MANY) {
        status = 429;
    }
    enum web_msg title = e->code == ERR_NOT_FOUND   ? MSG_ERR_NOT_FOUND
                         : e->code == ERR_FORBIDDEN ? MSG_ERR_FORBIDDEN_TITLE
                                                    : MSG_ERR_INTERNAL;
    if (c->fetch) {
        web_fragment_begin(c, status);
        web_alert(c, web_err_text(c, e));
        return;
    }
    web_page_begin(c, status, web_msg(c->loc, title), NAV_NONE);
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"card narrow\"><h1>");
    web_msg_put(h, c->loc, title);
    WEB_LIT(h, "</h1><p>");
    web_text(h, web_err_text(c, e));
    WEB_LIT(h, "</p><p><a href=\"/\">");
    web_msg_put(h, c->loc, MSG_BACK_HOME);
    WEB_LIT(h, "</a></p></div>");
    web_page_end(c);
}
