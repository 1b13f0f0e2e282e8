/* Page family 5, the take-on inbox: requests to me (accept, which opens the draft objective the
 * service created, aligned to the source, to edit and save; or decline with a reason) and
 * requests I sent (withdraw while pending). */
#include "web/web_int.h"

static void request_item(struct web_ctx *c, const struct view_request *r, bool to_me)
{
    struct web_html *h = &c->h;
    struct arena *a = c->req->arena;
    long long id = (long long)r->r.id;
    WEB_LIT(h, "<li class=\"req\"");
    WEB_ATTRF(h, "id", "req-%lld", id);
    WEB_LIT(h, "><div><div>");
    if (to_me) {
        WEB_MSGF(h, c->loc, MSG_ASKED_ON, r->from_name, "");
    } else {
        web_msg_put(h, c->loc, MSG_TO);
        web_text(h, c->loc == WEB_ZH ? "：" : ": ");
        web_text(h, r->to_name);
        WEB_LIT(h, " · ");
    }
    web_objective_link(c, r->source_objective_id, r->source_title);
    WEB_LIT(h, "</div><div class=\"meta\">");
    web_text(h, web_date_prose(a, c->loc, r->r.created / 86400, c->today));
    WEB_LIT(h, " · ");
    web_msg_put(h, c->loc, web_msg_request_state(r->r.state));
    if (r->r.state == REQ_DECLINED && r->r.reason && r->r.reason[0]) {
        WEB_LIT(h, " · ");
        web_msg_put(h, c->loc, MSG_REASON);
        web_text(h, c->loc == WEB_ZH ? "：" : ": ");
        web_text(h, r->r.reason);
    }
    if (r->r.result_objective_id) {
        WEB_LIT(h, " · ");
        WEB_LIT(h, "<a");
        WEB_ATTRF(h, "href", "/objectives/%lld", (long long)r->r.result_objective_id);
        WEB_LIT(h, ">");
        web_msg_put(h, c->loc, MSG_RESULT_OBJECTIVE);
        WEB_LIT(h, "</a>");
    }
    WEB_LIT(h, "</div>");
    if (r->r.message && r->r.message[0]) {
        WEB_LIT(h, "<div class=\"msg\">");
        web_safe(h, web_sanitize_text(a, r->r.message));
        WEB_LIT(h, "</div>");
    }
    WEB_LIT(h, "</div><div class=\"req-actions\">");
    if (r->r.state == REQ_PENDING && to_me) {
        WEB_LIT(h, "<form method=\"post\"");
        WEB_ATTRF(h, "action", "/requests/%lld/accept", id);
        WEB_LIT(h, ">");
        web_csrf_field(c);
        WEB_LIT(h, "<button class=\"btn primary small\">");
        web_msg_put(h, c->loc, MSG_ACCEPT);
        const char *decline = web_fmt(c, "/requests/%lld/decline", id);
        WEB_LIT(h, "</button></form><details");
        if (web_filling(c, decline)) {
            WEB_LIT(h, " open");
        }
        WEB_LIT(h, "><summary class=\"btn small\">");
        web_msg_put(h, c->loc, MSG_DECLINE);
        WEB_LIT(h, "</summary><form class=\"decline-form\" method=\"post\"");
        WEB_ATTR(h, "action", decline);
        WEB_LIT(h, ">");
        web_csrf_field(c);
        WEB_LIT(h, "<label class=\"sr\"");
        WEB_ATTRF(h, "for", "reason-%lld", id);
        WEB_LIT(h, ">");
        web_msg_put(h, c->loc, MSG_REASON);
        WEB_LIT(h, "</label><input type=\"text\" name=\"reason\" required");
        WEB_ATTRF(h, "id", "reason-%lld", id);
        WEB_ATTR(h, "placeholder", web_msg(c->loc, MSG_REASON));
        WEB_ATTR(h, "value", web_value(c, "reason", NULL));
        WEB_LIT(h, "><button class=\"btn danger small\">");
        web_msg_put(h, c->loc, MSG_DECLINE_WHY);
        WEB_LIT(h, "</button></form></details>");
    } else if (r->r.state == REQ_PENDING) {
        WEB_LIT(h, "<form method=\"post\"");
        WEB_ATTRF(h, "action", "/requests/%lld/withdraw", id);
        WEB_LIT(h, ">");
        web_csrf_field(c);
        WEB_LIT(h, "<button class=\"btn small\">");
        web_msg_put(h, c->loc, MSG_WITHDRAW);
        WEB_LIT(h, "</button></form>");
    }
    WEB_LIT(h, "</div></li>");
}

static void request_list(struct web_ctx *c, const char *id, enum web_msg title,
                         const struct view_request *r, size_t n, bool to_me)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<section class=\"card\"");
    WEB_ATTR(h, "aria-labelledby", id);
    WEB_LIT(h, "><h2");
    WEB_ATTR(h, "id", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, title);
    WEB_LIT(h, "</h2>");
    if (!n) {
        web_card_empty(c, MSG_NO_REQUESTS);
        return;
    }
    WEB_LIT(h, "<ul>");
    for (size_t i = 0; i < n; i++) {
        request_item(c, &r[i], to_me);
    }
    WEB_LIT(h, "</ul></section>");
}

void web_inbox_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_inbox v;
    struct err err;
    err_clear(&err);
    if (svc_view_inbox(&c.svc, &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, web_msg(c.loc, MSG_INBOX_TITLE), NAV_INBOX);
    struct web_html *h = &c.h;
    WEB_LIT(h, "<div class=\"page-head\"><h1>");
    web_msg_put(h, c.loc, MSG_INBOX_TITLE);
    WEB_LIT(h, "</h1></div>");
    request_list(&c, "to-me", MSG_TO_ME, v.to_me, v.nto, true);
    request_list(&c, "from-me", MSG_FROM_ME, v.from_me, v.nfrom, false);
    web_page_end(&c);
}

void web_request_accept_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct objective draft;
    struct err err;
    err_clear(&err);
    if (svc_request_accept(&c.svc, web_param_id(&c), &draft, &err) != ERR_OK) {
        web_redirect_err(&c, "/inbox", &err);
        return;
    }
    web_redirect_done(&c, web_fmt(&c, "/objectives/%lld", (long long)draft.id), "accepted");
}

void web_request_decline_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct err err;
    err_clear(&err);
    if (svc_request_decline(&c.svc, web_param_id(&c), web_field(&c, "reason"), &err) != ERR_OK) {
        web_redirect_err(&c, "/inbox", &err);
        return;
    }
    web_redirect_done(&c, "/inbox", "declined");
}

void web_request_withdraw_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct err err;
    err_clear(&err);
    if (svc_request_withdraw(&c.svc, web_param_id(&c), &err) != ERR_OK) {
        web_redirect_err(&c, "/inbox", &err);
        return;
    }
    web_redirect_done(&c, "/inbox", "withdrawn");
}
