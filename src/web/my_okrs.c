/* Page family 3, My OKRs (a person's default page): my objectives and key results of the cycle,
 * each key result with its progress bar, expected-progress marker, confidence, status and last
 * check-in; take-on requests waiting for me; and a check-in of any key result in two
 * interactions (open "Check in", then save), without leaving the page: a plain form that
 * app.js sends with fetch, swapping in the row the server draws again. */
#include "web/web_int.h"

#include "core/num.h"

#include <math.h>
#include <string.h>

enum { NUM_TEXT_MAX = 64 };

/* ---- the row of a key result ---- */

static void last_checkin(struct web_ctx *c, const struct view_kr *k)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<span class=\"meta\">");
    if (!k->last.id) {
        web_msg_put(h, c->loc, MSG_NO_CHECKIN);
    } else {
        WEB_MSGF(h, c->loc, MSG_LAST_CHECKIN_ON,
                 web_date_prose(c->req->arena, c->loc, k->last.at / 86400, c->today));
        if (k->last.note && k->last.note[0]) {
            WEB_LIT(h, " · ");
            web_text(h, k->last.note);
        }
    }
    if (k->kr.due != INT64_MIN) {
        WEB_LIT(h, " · ");
        WEB_MSGF(h, c->loc, MSG_DUE_ON, web_date_prose(c->req->arena, c->loc, k->kr.due, c->today));
    }
    WEB_LIT(h, "</span>");
}

static void checkin_form(struct web_ctx *c, const struct view_kr *k, const struct web_row_state *st)
{
    struct web_html *h = &c->h;
    struct arena *a = c->req->arena;
    long long id = (long long)k->kr.id;
    const char *action = web_fmt(c, "/key-results/%lld/checkins", id);
    bool open = st && st->error;
    bool again = !open && web_filling(c, action); /* without JavaScript: the page again */
    WEB_LIT(h, "<details class=\"kr-check\"");
    if (open || again) {
        WEB_LIT(h, " open");
    }
    WEB_LIT(h, "><summary class=\"btn small\"");
    WEB_ATTR(h, "aria-label", WEB_MSG_STR(a, c->loc, MSG_CHECK_IN_KR, k->kr.title));
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, MSG_CHECK_IN);
    WEB_LIT(h, "</summary><form class=\"checkin-form\" method=\"post\"");
    WEB_ATTR(h, "action", action);
    WEB_ATTRF(h, "data-inplace", "kr-%lld", id);
    WEB_LIT(h, ">");
    web_csrf_field(c);
    WEB_LIT(h, "<input type=\"hidden\" name=\"back\"");
    WEB_ATTR(h, "value", st && st->back ? st->back : "/my");
    WEB_LIT(h, ">");
    if (open) {
        web_alert(c, st->error);
    }
    char cur[32], conf[32];
    web_value_field(c, web_fmt(c, "v-%lld", id),
                    k->kr.type == KR_MILESTONE ? web_msg(c->loc, MSG_MILESTONE_SCALE) : k->kr.unit,
                    open && st->value ? st->value
                                      : web_value(c, "value", num_fmt_double(cur, k->kr.current)),
                    open || again);
    /* Confidence */
    WEB_LIT(h, "<div class=\"field\"><label");
    WEB_ATTRF(h, "for", "c-%lld", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, MSG_CONFIDENCE);
    WEB_LIT(h, "</label><input name=\"confidence\" type=\"number\" min=\"0\" max=\"1\" "
               "step=\"any\"");
    WEB_ATTRF(h, "id", "c-%lld", id);
    WEB_ATTRF(h, "aria-describedby", "ch-%lld", id);
    WEB_ATTR(h, "value",
             open && st->confidence
                 ? st->confidence
                 : web_value(c, "confidence", num_fmt_double(conf, k->kr.confidence)));
    WEB_LIT(h, "><span class=\"sr\"");
    WEB_ATTRF(h, "id", "ch-%lld", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, MSG_CONFIDENCE_HINT);
    WEB_LIT(h, "</span></div>");
    /* Note */
    WEB_LIT(h, "<div class=\"field note\"><label");
    WEB_ATTRF(h, "for", "n-%lld", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, MSG_NOTE);
    WEB_LIT(h, "</label><input name=\"note\" type=\"text\" maxlength=\"2000\"");
    WEB_ATTRF(h, "id", "n-%lld", id);
    WEB_ATTR(h, "value", open && st->note ? st->note : web_value(c, "note", ""));
    WEB_LIT(h, "></div><button class=\"btn primary\">");
    web_msg_put(h, c->loc, MSG_CHECKIN_SAVE);
    WEB_LIT(h, "</button></form></details>");
}

void web_kr_row(struct web_ctx *c, const struct view_kr *k, double expected, bool can_checkin,
                const struct web_row_state *st)
{
    struct web_html *h = &c->h;
    int status = web_kr_status(c, k, expected);
    WEB_LIT(h, "<li class=\"kr-row kr\"");
    WEB_ATTRF(h, "id", "kr-%lld", (long long)k->kr.id);
    if (st && st->notice) {
        WEB_ATTR(h, "data-notice", st->notice);
    } else if (st && st->error) {
        WEB_ATTR(h, "data-notice", st->error);
    }
    WEB_LIT(h, "><div class=\"kr-title\">");
    web_text(h, k->kr.title);
    last_checkin(c, k);
    WEB_LIT(h, "</div><div>");
    web_progress(c, k->progress, expected, status);
    WEB_LIT(h, "</div><div>");
    web_kr_numbers(c, &k->kr);
    WEB_LIT(h, "</div><div class=\"conf\"><span class=\"sr\">");
    web_msg_put(h, c->loc, MSG_CONFIDENCE);
    WEB_LIT(h, " </span><span aria-hidden=\"true\">");
    web_msg_put(h, c->loc, MSG_CONFIDENCE);
    WEB_LIT(h, " </span>");
    web_text(h, web_fraction(c->req->arena, k->kr.confidence));
    WEB_LIT(h, "</div><div>");
    web_status(c, status);
    WEB_LIT(h, "</div>");
    if (can_checkin) {
        checkin_form(c, k, st);
    }
    WEB_LIT(h, "</li>");
}

/* ---- the page ---- */

void web_objective_progress(struct web_ctx *c, const struct view_obj *v, double expected)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<span class=\"op\"");
    WEB_ATTRF(h, "id", "op-%lld", (long long)v->o.id);
    WEB_LIT(h, ">");
    web_progress(c, v->progress, expected, -1);
    WEB_LIT(h, "</span>");
}

static void objective_card(struct web_ctx *c, const struct view_obj *v, double expected, bool open,
                           const char *back)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<section class=\"card obj\"");
    WEB_ATTRF(h, "aria-labelledby", "o-%lld", (long long)v->o.id);
    WEB_LIT(h, "><div class=\"obj-head\"><h2");
    WEB_ATTRF(h, "id", "o-%lld", (long long)v->o.id);
    WEB_LIT(h, ">");
    web_objective_link(c, v->o.id, v->o.title);
    WEB_LIT(h, "</h2>");
    if (v->owner_name && v->owner_name[0] && v->o.owner_user_id != c->me.id) {
        WEB_LIT(h, "<span class=\"meta\">");
        web_text(h, v->owner_name);
        WEB_LIT(h, "</span>");
    }
    if (v->o.state == OBJ_DRAFT) {
        WEB_LIT(h, "<span class=\"pill draft\">");
        web_msg_put(h, c->loc, MSG_OBJ_DRAFT);
        WEB_LIT(h, "</span>");
    }
    WEB_LIT(h, "<span class=\"pill\">");
    web_msg_put(h, c->loc, web_msg_kind(v->o.kind));
    WEB_LIT(h, "</span>");
    if (v->o.owner_user_id == c->me.id) {
        web_objective_progress(c, v, expected);
    } else {
        /* Only my key results, not the objective's progress: said so beside the bar. */
        WEB_LIT(h, "<span class=\"hint\">");
        web_msg_put(h, c->loc, MSG_MY_KRS_PROGRESS);
        WEB_LIT(h, "</span>");
        web_progress(c, v->progress, expected, -1);
    }
    WEB_LIT(h, "</div><ul class=\"krs\">");
    struct web_row_state st = {.back = back};
    for (size_t i = 0; i < v->nkrs; i++) {
        /* A key result of mine on another's objective: mine to check in on (policy.h). */
        bool mine = v->krs[i].kr.owner_user_id == c->me.id;
        web_kr_row(c, &v->krs[i], expected, open && (v->can_write || mine), &st);
    }
    WEB_LIT(h, "</ul></section>");
}

static void pending_requests(struct web_ctx *c, const struct view_my *v)
{
    if (!v->npending) {
        return;
    }
    struct web_html *h = &c->h;
    web_card_begin(c, "pending", MSG_PENDING_FOR_YOU);
    WEB_LIT(h, "<ul>");
    for (size_t i = 0; i < v->npending; i++) {
        const struct view_request *r = &v->pending[i];
        WEB_LIT(h, "<li class=\"req\"><div>");
        WEB_MSGF(h, c->loc, MSG_ASKED_ON, r->from_name, r->source_title);
        if (r->r.message && r->r.message[0]) {
            WEB_LIT(h, "<div class=\"msg\">");
            web_safe(h, web_sanitize_text(c->req->arena, r->r.message));
            WEB_LIT(h, "</div>");
        }
        WEB_LIT(h, "</div><div class=\"req-actions\"><form method=\"post\"");
        WEB_ATTRF(h, "action", "/requests/%lld/accept", (long long)r->r.id);
        WEB_LIT(h, ">");
        web_csrf_field(c);
        WEB_LIT(h, "<button class=\"btn primary small\">");
        web_msg_put(h, c->loc, MSG_ACCEPT);
        WEB_LIT(h, "</button></form><a class=\"btn small\" href=\"/inbox\">");
        web_msg_put(h, c->loc, MSG_DECLINE);
        WEB_LIT(h, "…</a></div></li>");
    }
    WEB_LIT(h, "</ul></section>");
}

void web_my_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_my v;
    struct err err;
    err_clear(&err);
    int64_t cycle = web_query_id(&c, "cycle");
    if (svc_view_my(&c.svc, cycle, &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, web_msg(c.loc, MSG_MY_TITLE), NAV_MY);
    struct web_html *h = &c.h;
    WEB_LIT(h, "<div class=\"page-head\"><div class=\"grow\"><h1>");
    web_msg_put(h, c.loc, MSG_MY_TITLE);
    WEB_LIT(h, "</h1>");
    const struct cycle *cy = v.cycles.current;
    if (cy) {
        web_cycle_line(&c, cy);
    }
    WEB_LIT(h, "</div><div class=\"actions\">");
    web_cycle_picker(&c, "/my", &v.cycles);
    if (cy && (cy->state == CYCLE_ACTIVE || cy->state == CYCLE_GRADING)) {
        WEB_LIT(h, "<a class=\"btn\"");
        WEB_ATTRF(h, "href", "/cycles/%lld/grading", (long long)cy->id);
        WEB_LIT(h, ">");
        web_msg_put(h, c.loc, MSG_GRADING_TITLE);
        WEB_LIT(h, "</a>");
    }
    WEB_LIT(h, "<a class=\"btn primary\" href=\"/objectives/new\">");
    web_msg_put(h, c.loc, MSG_NEW_OBJECTIVE);
    WEB_LIT(h, "</a></div></div>");
    pending_requests(&c, &v);
    if (!cy) {
        WEB_LIT(h, "<p class=\"empty card\">");
        web_msg_put(h, c.loc, MSG_NO_CYCLE);
        WEB_LIT(h, "</p>");
        web_page_end(&c);
        return;
    }
    double expected = web_expected(&c, cy);
    bool open = cy->state == CYCLE_ACTIVE || cy->state == CYCLE_PLANNING;
    const char *back = cycle ? web_fmt(&c, "/my?cycle=%lld", (long long)cycle) : "/my";
    if (!v.nobjs) {
        WEB_LIT(h, "<p class=\"empty card\">");
        web_msg_put(h, c.loc, MSG_MY_EMPTY);
        WEB_LIT(h, "</p>");
    }
    for (size_t i = 0; i < v.nobjs; i++) {
        objective_card(&c, &v.objs[i], expected, open, back);
    }
    if (v.nothers) {
        WEB_LIT(h, "<div class=\"section-title\"><h2>");
        web_msg_put(h, c.loc, MSG_KRS_ELSEWHERE);
        WEB_LIT(h, "</h2></div>");
        for (size_t i = 0; i < v.nothers; i++) {
            objective_card(&c, &v.others[i], expected, open, back);
        }
    }
    web_page_end(&c);
}

/* ---- the check-in ---- */

/* The back path a check-in form names: My OKRs or an objective page. */
static const char *back_path(const struct web_ctx *c)
{
    const char *b = web_field(c, "back");
    if (b && web_local_path_ok(b) && !strchr(b, '#') &&
        (strncmp(b, "/my", 3) == 0 || strncmp(b, "/objectives/", 12) == 0)) {
        return b;
    }
    return "/my";
}

void web_checkin_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t kr_id = web_param_id(&c);
    const char *value = web_field(&c, "value"), *conf = web_field(&c, "confidence"),
               *note = web_field(&c, "note");
    struct checkin ck;
    meta_init(&entity_checkin, &ck);
    ck.tenant_id = c.svc.tenant_id;
    ck.kr_id = kr_id;
    ck.note = note ? note : "";
    struct err err;
    err_clear(&err);
    if (num_parse_typed(value, &ck.value) != 0) {
        err_set(&err, ERR_INVALID, "value", "value must be a number");
    } else if (conf && *conf &&
               (num_parse_typed(conf, &ck.confidence) != 0 ||
                !(ck.confidence >= 0 && ck.confidence <= 1))) {
        err_set(&err, ERR_INVALID, "confidence", "confidence must be from 0 to 1");
    } else if (!conf || !*conf) {
        ck.confidence = NAN; /* the key result's, as it was (svc_checkin) */
    }
    if (err.code == ERR_OK) {
        svc_checkin(&c.svc, &ck, false, &err);
    }
    const char *back = back_path(&c);
    if (!c.fetch) {
        if (err.code != ERR_OK) {
            web_redirect_err(&c, back, &err);
            return;
        }
        web_redirect(&c, web_fmt(&c, "%s%sdone=checkin#kr-%lld", back,
                                 strchr(back, '?') ? "&" : "?", (long long)kr_id));
        return;
    }
    /* app.js: the row again, saved or with the error in its open form. */
    struct err read_err;
    struct view_kr k;
    struct cycle cy;
    struct view_obj parent;
    if (svc_view_kr(&c.svc, kr_id, &k, &cy, &parent, &read_err) != ERR_OK) {
        web_error_page(&c, err.code != ERR_OK ? &err : &read_err);
        return;
    }
    struct web_row_state st = {.back = back};
    if (err.code == ERR_OK) {
        st.notice = web_msg(c.loc, MSG_CHECKIN_SAVED);
    } else {
        st.error = web_err_text(&c, &err);
        st.value = value;
        st.confidence = conf;
        st.note = note;
    }
    web_fragment_begin(&c, err.code == ERR_OK ? 200 : http_status_for_err(err.code));
    double expected = web_expected(&c, &cy);
    web_kr_row(&c, &k, expected, true, &st);
    /* The objective's progress moved too: app.js swaps every element of the answer by id. */
    web_objective_progress(&c, &parent, expected);
}
