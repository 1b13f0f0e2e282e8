/* Page family 8, grading and closing a cycle: my objectives (self score and reflection), my
 * reports' (manager score), the company's for admins (final score); a committed objective
 * scored under 1.0 asks for a post-mortem note (domain/score.h decides); then an admin closes
 * the cycle (which fills missing final scores from manager or self scores). */
#include "web/web_int.h"

#include "core/num.h"
#include "domain/score.h"

#include <math.h>
#include <string.h>

static void score_text(struct web_ctx *c, double score)
{
    struct web_html *h = &c->h;
    if (isnan(score)) {
        WEB_LIT(h, "<span class=\"meta\">");
        web_msg_put(h, c->loc, MSG_NOT_SCORED);
        WEB_LIT(h, "</span>");
        return;
    }
    enum score_band b = score_band(score);
    WEB_LIT(h, "<span");
    WEB_ATTRF(h, "class", "score band-%s", score_band_name(b));
    WEB_LIT(h, "><span class=\"dot\" aria-hidden=\"true\"></span>");
    web_text(h, web_fraction(c->req->arena, score));
    WEB_LIT(h, "</span>");
}

/* One objective with its scores and the form for `which` (self, manager or final). */
static void grade_row(struct web_ctx *c, const struct view_obj *v, const char *which, bool open)
{
    struct web_html *h = &c->h;
    const struct objective *o = &v->o;
    long long id = (long long)o->id;
    double current = strcmp(which, "self") == 0      ? o->self_score
                     : strcmp(which, "manager") == 0 ? o->manager_score
                                                     : o->final_score;
    double suggested = score_suggest(v->progress);
    WEB_LIT(h, "<li class=\"grade\"");
    WEB_ATTRF(h, "id", "g-%s-%lld", which, id);
    WEB_LIT(h, "><div class=\"grade-head\"><div>");
    web_objective_link(c, o->id, o->title);
    WEB_LIT(h, "<span class=\"meta\"> · ");
    if (v->owner_name && v->owner_name[0]) {
        web_text(h, v->owner_name);
        WEB_LIT(h, " · ");
    }
    web_msg_put(h, c->loc, web_msg_kind(o->kind));
    WEB_LIT(h, "</span></div>");
    web_progress(c, v->progress, -1, STATUS_ON_TRACK);
    WEB_LIT(h, "<dl class=\"facts scores\"><div><dt>");
    web_msg_put(h, c->loc, MSG_SELF_SCORE);
    WEB_LIT(h, "</dt><dd>");
    score_text(c, o->self_score);
    WEB_LIT(h, "</dd></div><div><dt>");
    web_msg_put(h, c->loc, MSG_MANAGER_SCORE);
    WEB_LIT(h, "</dt><dd>");
    score_text(c, o->manager_score);
    WEB_LIT(h, "</dd></div><div><dt>");
    web_msg_put(h, c->loc, MSG_FINAL_SCORE);
    WEB_LIT(h, "</dt><dd>");
    score_text(c, o->final_score);
    WEB_LIT(h, "</dd></div></dl></div>");
    if (!open) {
        WEB_LIT(h, "</li>");
        return;
    }
    bool self = strcmp(which, "self") == 0;
    const char *action = web_fmt(c, "/objectives/%lld/score", id);
    WEB_LIT(h, "<form class=\"inline-form grade-form\" method=\"post\"");
    WEB_ATTR(h, "action", action);
    WEB_LIT(h, ">");
    web_csrf_field(c);
    /* One objective may be graded here twice (self and final): only the form that was sent. */
    c->filling = web_filling(c, action) && strcmp(web_value(c, "which", ""), which) == 0;
    WEB_LIT(h, "<input type=\"hidden\" name=\"which\"");
    WEB_ATTR(h, "value", which);
    WEB_LIT(h, "><input type=\"hidden\" name=\"back\"");
    WEB_ATTRF(h, "value", "/cycles/%lld/grading", (long long)o->cycle_id);
    WEB_LIT(h, "><div class=\"field\"><label");
    WEB_ATTRF(h, "for", "s-%s-%lld", which, id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc,
                self                            ? MSG_SELF_SCORE
                : strcmp(which, "manager") == 0 ? MSG_MANAGER_SCORE
                                                : MSG_FINAL_SCORE);
    WEB_LIT(h, " <span class=\"hint\">");
    WEB_MSGF(h, c->loc, MSG_SUGGESTED, web_fmt(c, "%.1f", suggested));
    /* The stored score exactly, and any step: a form saved again for its post-mortem must not
     * round 0.65 to 0.7. */
    char exact[32];
    WEB_LIT(h, "</span></label><input type=\"number\" name=\"score\" min=\"0\" max=\"1\" "
               "step=\"any\" required");
    WEB_ATTRF(h, "id", "s-%s-%lld", which, id);
    WEB_ATTR(
        h, "value",
        web_value(c, "score",
                  isnan(current) ? web_fmt(c, "%.1f", suggested) : num_fmt_double(exact, current)));
    WEB_LIT(h, "></div><div class=\"field grow\"><label");
    WEB_ATTRF(h, "for", "r-%s-%lld", which, id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, self ? MSG_REFLECTION : MSG_POSTMORTEM);
    if (!self && o->kind == KIND_COMMITTED) {
        WEB_LIT(h, " <span class=\"hint\">");
        web_msg_put(h, c->loc, MSG_POSTMORTEM_HINT);
        WEB_LIT(h, "</span>");
    }
    WEB_LIT(h, "</label><textarea name=\"text\"");
    WEB_ATTRF(h, "id", "r-%s-%lld", which, id);
    WEB_LIT(h, ">");
    web_text(h, web_value(c, "text", self ? o->reflection : o->postmortem));
    WEB_LIT(h, "</textarea></div><button class=\"btn primary\">");
    web_msg_put(h, c->loc, MSG_SAVE);
    WEB_LIT(h, "</button></form></li>");
}

static void group(struct web_ctx *c, const char *id, enum web_msg title, const struct view_obj *v,
                  size_t n, const char *which, bool open)
{
    if (!n) {
        return;
    }
    struct web_html *h = &c->h;
    WEB_LIT(h, "<section class=\"card\"");
    WEB_ATTR(h, "aria-labelledby", id);
    WEB_LIT(h, "><h2");
    WEB_ATTR(h, "id", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, title);
    WEB_LIT(h, "</h2><ul class=\"grades\">");
    for (size_t i = 0; i < n; i++) {
        grade_row(c, &v[i], which, open);
    }
    WEB_LIT(h, "</ul></section>");
}

void web_grading_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_grading v;
    struct err err;
    err_clear(&err);
    if (svc_view_grading(&c.svc, web_param_id(&c), &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    const char *title = WEB_MSG_STR(req->arena, c.loc, MSG_GRADING_OF, v.cycle.name);
    web_page_begin(&c, 200, title, NAV_NONE);
    struct web_html *h = &c.h;
    WEB_LIT(h, "<div class=\"page-head\"><div class=\"grow\"><h1>");
    web_text(h, title);
    WEB_LIT(h, "</h1>");
    web_cycle_line(&c, &v.cycle);
    WEB_LIT(h, "<p class=\"meta\">");
    web_msg_put(h, c.loc, MSG_GRADING_INTRO);
    WEB_LIT(h, "</p></div>");
    bool open = v.cycle.state == CYCLE_ACTIVE || v.cycle.state == CYCLE_GRADING;
    if (c.me.role == ROLE_ADMIN && open) {
        WEB_LIT(h, "<form method=\"post\"");
        WEB_ATTRF(h, "action", "/admin/cycles/%lld/state", (long long)v.cycle.id);
        WEB_LIT(h, ">");
        web_csrf_field(&c);
        WEB_LIT(h, "<input type=\"hidden\" name=\"back\"");
        WEB_ATTRF(h, "value", "/cycles/%lld/grading", (long long)v.cycle.id);
        WEB_LIT(h, "><input type=\"hidden\" name=\"to\"");
        WEB_ATTR(h, "value", v.cycle.state == CYCLE_ACTIVE ? "grading" : "closed");
        WEB_LIT(h, "><button class=\"btn primary\">");
        web_msg_put(h, c.loc,
                    v.cycle.state == CYCLE_ACTIVE ? MSG_CYCLE_START_GRADING : MSG_CYCLE_CLOSE);
        WEB_LIT(h, "</button></form>");
    }
    WEB_LIT(h, "</div>");
    group(&c, "g-mine", MSG_GRADE_MINE, v.mine, v.nmine, "self", open);
    group(&c, "g-reports", MSG_GRADE_REPORTS, v.reports, v.nreports, "manager", open);
    group(&c, "g-teams", MSG_GRADE_TEAMS, v.teams, v.nteams, "final", open);
    group(&c, "g-company", MSG_GRADE_COMPANY, v.company, v.ncompany, "final", open);
    if (!v.nmine && !v.nreports && !v.nteams && !v.ncompany) {
        WEB_LIT(h, "<p class=\"empty card\">");
        web_msg_put(h, c.loc, MSG_MY_EMPTY);
        WEB_LIT(h, "</p>");
    }
    web_page_end(&c);
}

/* POST /objectives/{id}/score: which, score, text, back. */
void web_score_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    const char *which = web_field(&c, "which"), *score = web_field(&c, "score");
    const char *text = web_field(&c, "text"), *back = web_field(&c, "back");
    back = back && web_local_path_ok(back) ? back : "/my";
    struct err err;
    err_clear(&err);
    double v = NAN;
    if (!which || !score || num_parse_typed(score, &v) != 0) {
        err_set(&err, ERR_INVALID, "score", "the score is a number from 0 to 1");
    } else {
        svc_view_score(&c.svc, web_param_id(&c), which, v, text && *text ? text : NULL, &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, back, &err);
        return;
    }
    web_redirect_done(&c, back, "saved");
}
