/* Page family 1, accounts: log in, sign up (a new company), log out, accept an invitation, and
 * the language switch. Sessions are the API's (the okr_session cookie); forms shown before login
 * carry the pre-login CSRF token and must come from this origin. */
#include "web/web_int.h"

#include "api/account.h"
#include "service/account.h"

#include <stdio.h>
#include <string.h>

/* Starts the session of credential cr: ends the one this browser held, sets the cookie, and
 * redirects to next (a same-site path) or My OKRs. */
static void session_started(struct web_ctx *c, const struct credential *cr, const char *next)
{
    const char *old = http_cookie(c->req, API_SESSION_COOKIE);
    if (old && *old) {
        struct err ignored;
        svc_session_revoke(&c->svc, old, &ignored);
    }
    web_redirect(c, next && web_local_path_ok(next) ? next : "/my");
    api_session_cookie_set(c->app, c->resp, cr->token);
}

static void field(struct web_ctx *c, const char *name, enum web_msg label, const char *type,
                  const char *autocomplete, const char *value, bool required, bool invalid)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"field\"><label");
    WEB_ATTRF(h, "for", "f-%s", name);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, label);
    WEB_LIT(h, "</label><input");
    WEB_ATTRF(h, "id", "f-%s", name);
    WEB_ATTR(h, "name", name);
    WEB_ATTR(h, "type", type);
    WEB_ATTR(h, "autocomplete", autocomplete);
    WEB_ATTR(h, "value", value);
    if (required) {
        WEB_LIT(h, " required");
    }
    if (invalid) {
        WEB_LIT(h, " aria-invalid=\"true\"");
    }
    if (strcmp(type, "password") == 0 && strcmp(autocomplete, "new-password") == 0) {
        WEB_ATTRF(h, "minlength", "%d", ACCOUNT_PASSWORD_MIN);
        WEB_ATTRF(h, "aria-describedby", "h-%s", name);
        WEB_LIT(h, "><span class=\"hint\"");
        WEB_ATTRF(h, "id", "h-%s", name);
        WEB_LIT(h, ">");
        web_msg_put(h, c->loc, MSG_PASSWORD_HINT);
        WEB_LIT(h, "</span></div>");
        return;
    }
    WEB_LIT(h, "></div>");
}

static void error_notice(struct web_ctx *c, const char *text)
{
    if (!text) {
        return;
    }
    web_alert(c, text);
}

/* ---- log in ---- */

static void login_page(struct web_ctx *c, int status, const char *error, const char *email,
                       bool ask_tenant)
{
    web_page_begin(c, status, web_msg(c->loc, MSG_LOG_IN), NAV_NONE);
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"auth card\"><h1>");
    web_msg_put(h, c->loc, MSG_LOGIN_TITLE);
    WEB_LIT(h, "</h1>");
    error_notice(c, error);
    WEB_LIT(h, "<form method=\"post\" action=\"/login\">");
    web_csrf_field(c);
    const char *next = c->form.n ? web_field(c, "next") : http_query(c->req, "next");
    if (next && web_local_path_ok(next)) {
        WEB_LIT(h, "<input type=\"hidden\" name=\"next\"");
        WEB_ATTR(h, "value", next);
        WEB_LIT(h, ">");
    }
    field(c, "email", MSG_EMAIL, "email", "username", email, true, error != NULL);
    field(c, "password", MSG_PASSWORD, "password", "current-password", NULL, true, error != NULL);
    if (ask_tenant) {
        field(c, "tenant_id", MSG_COMPANY_ID, "text", "off", web_field(c, "tenant_id"), false,
              true);
    }
    WEB_LIT(h, "<button class=\"btn primary\">");
    web_msg_put(h, c->loc, MSG_LOG_IN);
    WEB_LIT(h, "</button></form><p class=\"alt\">");
    web_msg_put(h, c->loc, MSG_NO_ACCOUNT);
    web_text(h, c->loc == WEB_ZH ? "" : " ");
    WEB_LIT(h, "<a href=\"/signup\">");
    web_msg_put(h, c->loc, MSG_SIGN_UP);
    WEB_LIT(h, "</a></p></div>");
    web_page_end(c);
}

void web_login_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    login_page(&c, 200, NULL, NULL, false);
}

void web_login_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    if (!web_pre_check(&c)) {
        login_page(&c, 403, web_msg(c.loc, MSG_ERR_CSRF), web_field(&c, "email"), false);
        return;
    }
    const char *email = web_field(&c, "email"), *password = web_field(&c, "password");
    int64_t tenant_id = web_field_id(&c, "tenant_id");
    struct credential cr;
    struct err err;
    err_clear(&err);
    if (svc_login(&c.svc, tenant_id, email ? email : "", password ? password : "", req->client, &cr,
                  &err) != ERR_OK) {
        bool several = err.code == ERR_INVALID && strcmp(err.field, "tenant_id") == 0;
        enum web_msg m = several                     ? MSG_LOGIN_TENANT
                         : err.code == ERR_TOO_MANY  ? MSG_LOGIN_LIMIT
                         : err.code == ERR_FORBIDDEN ? MSG_LOGIN_INACTIVE
                         : err.code == ERR_INTERNAL  ? MSG_ERR_INTERNAL
                                                     : MSG_LOGIN_FAILED;
        int status = several                    ? 422
                     : err.code == ERR_TOO_MANY ? 429
                     : err.code == ERR_INTERNAL ? 500
                                                : 401;
        /* The service names the companies whose password this was (so nobody learns them
         * without it): "... (3, 4): give tenant_id". */
        const char *open = strchr(err.msg, '('), *close = open ? strchr(open, ')') : NULL;
        const char *ids =
            close ? arena_strndup(req->arena, open + 1, (size_t)(close - open - 1)) : "";
        login_page(&c, status,
                   several ? WEB_MSG_STR(req->arena, c.loc, MSG_LOGIN_TENANT, ids)
                           : web_msg(c.loc, m),
                   email, several);
        return;
    }
    session_started(&c, &cr, web_field(&c, "next"));
}

/* ---- sign up ---- */

static void signup_page(struct web_ctx *c, int status, const struct err *e)
{
    web_page_begin(c, status, web_msg(c->loc, MSG_SIGN_UP), NAV_NONE);
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"auth card\"><h1>");
    web_msg_put(h, c->loc, MSG_SIGNUP_TITLE);
    WEB_LIT(h, "</h1><p class=\"meta\">");
    web_msg_put(h, c->loc, MSG_SIGNUP_INTRO);
    WEB_LIT(h, "</p>");
    error_notice(c, e ? web_err_text(c, e) : NULL);
    const char *bad = e ? e->field : "";
    WEB_LIT(h, "<form method=\"post\" action=\"/signup\">");
    web_csrf_field(c);
    field(c, "tenant_name", MSG_COMPANY_NAME, "text", "organization", web_field(c, "tenant_name"),
          true, strcmp(bad, "tenant_name") == 0);
    field(c, "name", MSG_NAME, "text", "name", web_field(c, "name"), true,
          strcmp(bad, "name") == 0);
    field(c, "email", MSG_EMAIL, "email", "email", web_field(c, "email"), true,
          strcmp(bad, "email") == 0);
    field(c, "password", MSG_PASSWORD, "password", "new-password", NULL, true,
          strcmp(bad, "password") == 0);
    WEB_LIT(h, "<button class=\"btn primary\">");
    web_msg_put(h, c->loc, MSG_SIGNUP_BUTTON);
    WEB_LIT(h, "</button></form><p class=\"alt\">");
    web_msg_put(h, c->loc, MSG_HAVE_ACCOUNT);
    web_text(h, c->loc == WEB_ZH ? "" : " ");
    WEB_LIT(h, "<a href=\"/login\">");
    web_msg_put(h, c->loc, MSG_LOG_IN);
    WEB_LIT(h, "</a></p></div>");
    web_page_end(c);
}

void web_signup_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    signup_page(&c, 200, NULL);
}

void web_signup_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct err err;
    err_clear(&err);
    if (!web_pre_check(&c)) {
        err_set(&err, ERR_FORBIDDEN, "csrf", "cross-site form");
        signup_page(&c, 403, &err);
        return;
    }
    const char *tenant = web_field(&c, "tenant_name"), *name = web_field(&c, "name"),
               *email = web_field(&c, "email"), *password = web_field(&c, "password");
    struct credential cr;
    if (svc_signup(&c.svc, tenant ? tenant : "", name ? name : "", email ? email : "",
                   password ? password : "", &cr, &err) != ERR_OK) {
        signup_page(&c, http_status_for_err(err.code), &err);
        return;
    }
    /* A new company speaks the language its founder signed up in. */
    c.svc.tenant_id = cr.tenant_id;
    struct err ignored;
    svc_view_set_locale(&c.svc, web_locale_tag(c.loc), &ignored);
    session_started(&c, &cr, "/my");
}

/* ---- log out ---- */

void web_logout_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct err err;
    err_clear(&err);
    svc_logout(&c.svc, c.session_id, &err); /* ended either way: the cookie goes */
    web_redirect_done(&c, "/login", "logged_out");
    api_session_cookie_clear(c.app, resp);
}

/* ---- invitations ---- */

static void invite_page(struct web_ctx *c, int status, const char *token, const char *error)
{
    web_page_begin(c, status, web_msg(c->loc, MSG_INVITE_TITLE), NAV_NONE);
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"auth card\"><h1>");
    web_msg_put(h, c->loc, MSG_INVITE_TITLE);
    WEB_LIT(h, "</h1><p class=\"meta\">");
    web_msg_put(h, c->loc, MSG_INVITE_INTRO);
    WEB_LIT(h, "</p>");
    error_notice(c, error);
    WEB_LIT(h, "<form method=\"post\" action=\"/invitations/accept\">");
    web_csrf_field(c);
    WEB_LIT(h, "<input type=\"hidden\" name=\"token\"");
    WEB_ATTR(h, "value", token ? token : "");
    WEB_LIT(h, ">");
    field(c, "password", MSG_PASSWORD, "password", "new-password", NULL, true, error != NULL);
    WEB_LIT(h, "<button class=\"btn primary\">");
    web_msg_put(h, c->loc, MSG_INVITE_BUTTON);
    WEB_LIT(h, "</button></form></div>");
    web_page_end(c);
}

void web_invite_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    invite_page(&c, 200, http_query(req, "token"), NULL);
}

void web_invite_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    const char *token = web_field(&c, "token"), *password = web_field(&c, "password");
    if (!web_pre_check(&c)) {
        invite_page(&c, 403, token, web_msg(c.loc, MSG_ERR_CSRF));
        return;
    }
    struct credential cr;
    struct err err;
    err_clear(&err);
    if (svc_invite_accept(&c.svc, token ? token : "", password ? password : "", &cr, &err) !=
        ERR_OK) {
        bool weak = err.code == ERR_INVALID && strcmp(err.field, "password") == 0;
        invite_page(&c, weak ? 422 : 403, token,
                    weak ? web_err_text(&c, &err) : web_msg(c.loc, MSG_INVITE_BAD));
        return;
    }
    session_started(&c, &cr, "/my");
}

/* ---- language ---- */

void web_language_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    enum web_locale loc;
    const char *tag = web_field(&c, "lang");
    const char *next = web_field(&c, "next");
    if (!web_locale_parse(tag, &loc)) {
        web_redirect(&c, next ? next : "/");
        return;
    }
    /* Signed in: the form carries the session's token and the choice is the user's setting.
     * Otherwise the pre-login token guards it and a cookie remembers it. */
    const char *token = http_cookie(req, API_SESSION_COOKIE);
    const char *csrf = NULL;
    int64_t session_id = 0;
    struct err err;
    err_clear(&err);
    struct session_policy p = {c.app->session_idle_s, c.app->session_max_s};
    bool session =
        token && *token && svc_session_check(&c.svc, token, &p, &session_id, &csrf, &err) == ERR_OK;
    const char *sent = web_field(&c, WEB_CSRF_FIELD);
    bool ok = session ? http_same_origin(req) && web_same_secret(sent, csrf) : web_pre_check(&c);
    if (!ok) {
        err_set(&err, ERR_FORBIDDEN, "csrf", "cross-site form");
        web_error_page(&c, &err);
        return;
    }
    if (session) {
        svc_view_set_locale(&c.svc, web_locale_tag(loc), &err);
    }
    char cookie[128];
    snprintf(cookie, sizeof cookie, "%s=%s; Path=/; Max-Age=31536000; SameSite=Lax%s",
             WEB_LANG_COOKIE, web_locale_tag(loc), c.app->secure_cookies ? "; Secure" : "");
    web_redirect(&c, next && web_local_path_ok(next) ? next : "/");
    http_response_header(resp, "Set-Cookie", cookie);
}

/* ---- / ---- */

void web_home_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    web_redirect(&c, "/my");
}
