/* Page family 11, the person dossier (for the person, their manager chain and admins only:
 * policy_dossier): every cycle's OKRs with their kind, progress and scores (self, manager,
 * final), reflections and post-mortems, the check-in discipline per cycle, and the superior
 * OKRs the person took on. It supports promotion conversations and never maps a score to pay;
 * the stylesheet's print layout drops the navigation and keeps cycles whole on paper. */
#include "web/web_people.h"

#include <math.h>

static const char *score_text(struct web_ctx *c, double v)
{
    return isnan(v) ? web_msg(c->loc, MSG_NOT_SCORED) : web_fraction(c->req->arena, v);
}

static const char *share(struct web_ctx *c, size_t part, size_t whole)
{
    return whole ? web_pct(c->req->arena, (double)part / (double)whole) : "–";
}

static void score_cell(struct web_ctx *c, double v)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<td class=\"num\">");
    web_text(h, score_text(c, v));
    WEB_LIT(h, "</td>");
}

static void objective_row(struct web_ctx *c, const struct view_obj *v)
{
    struct web_html *h = &c->h;
    const struct objective *o = &v->o;
    WEB_LIT(h, "<tr><td>");
    web_objective_link(c, o->id, o->title);
    if (v->nkrs) {
        WEB_LIT(h, "<span class=\"meta block\">");
        if (v->nkrs == 1) {
            web_msg_put(h, c->loc, MSG_KR_COUNT_ONE);
        } else {
            WEB_MSGF(h, c->loc, MSG_KR_COUNT, web_fmt(c, "%zu", v->nkrs));
        }
        WEB_LIT(h, "</span>");
    }
    WEB_LIT(h, "</td><td>");
    web_msg_put(h, c->loc, web_msg_kind(o->kind));
    if (o->state == OBJ_DROPPED) {
        WEB_LIT(h, "<span class=\"meta block\">");
        web_msg_put(h, c->loc, MSG_OBJ_DROPPED);
        WEB_LIT(h, "</span>");
    }
    WEB_LIT(h, "</td><td>");
    web_progress(c, v->progress, -1, -1);
    WEB_LIT(h, "</td>");
    score_cell(c, o->self_score);
    score_cell(c, o->manager_score);
    score_cell(c, o->final_score);
    WEB_LIT(h, "</tr>");
    bool refl = o->reflection && *o->reflection, pm = o->postmortem && *o->postmortem;
    if (refl || pm) {
        WEB_LIT(h, "<tr class=\"notes\"><td colspan=\"6\">");
        if (refl) {
            WEB_LIT(h, "<p><strong>");
            web_msg_put(h, c->loc, MSG_REFLECTION);
            WEB_LIT(h, "</strong> ");
            web_safe(h, web_sanitize_text(c->req->arena, o->reflection));
            WEB_LIT(h, "</p>");
        }
        if (pm) {
            WEB_LIT(h, "<p><strong>");
            web_msg_put(h, c->loc, MSG_POSTMORTEM);
            WEB_LIT(h, "</strong> ");
            web_safe(h, web_sanitize_text(c->req->arena, o->postmortem));
            WEB_LIT(h, "</p>");
        }
        WEB_LIT(h, "</td></tr>");
    }
}

static void cycle_section(struct web_ctx *c, const struct dossier_cycle *dc)
{
    struct web_html *h = &c->h;
    struct arena *a = c->req->arena;
    WEB_LIT(h, "<section class=\"card dossier-cycle\"");
    WEB_ATTRF(h, "aria-labelledby", "dc-%lld", (long long)dc->cycle.id);
    WEB_LIT(h, "><div class=\"section-title\"><h2");
    WEB_ATTRF(h, "id", "dc-%lld", (long long)dc->cycle.id);
    WEB_LIT(h, ">");
    web_text(h, dc->cycle.name);
    WEB_LIT(h, "</h2><span class=\"pill\">");
    web_msg_put(h, c->loc, web_msg_cycle_state(dc->cycle.state));
    WEB_LIT(h, "</span></div><p class=\"meta\">");
    web_text(h, web_date_table(a, dc->cycle.start));
    WEB_LIT(h, " – ");
    web_text(h, web_date_table(a, dc->cycle.end));
    WEB_LIT(h, " · ");
    WEB_MSGF(h, c->loc, MSG_DISCIPLINE_LINE, share(c, dc->weeks_checked, dc->weeks),
             web_fmt(c, "%zu", dc->weeks_checked), web_fmt(c, "%zu", dc->weeks));
    WEB_LIT(h, "</p><div class=\"table-wrap\"><table class=\"dossier\"><thead><tr><th>");
    web_msg_put(h, c->loc, MSG_OBJECTIVE);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c->loc, MSG_KIND);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c->loc, MSG_PROGRESS);
    WEB_LIT(h, "</th><th class=\"num\">");
    web_msg_put(h, c->loc, MSG_SELF_SCORE);
    WEB_LIT(h, "</th><th class=\"num\">");
    web_msg_put(h, c->loc, MSG_MANAGER_SCORE);
    WEB_LIT(h, "</th><th class=\"num\">");
    web_msg_put(h, c->loc, MSG_FINAL_SCORE);
    WEB_LIT(h, "</th></tr></thead><tbody>");
    for (size_t i = 0; i < dc->nobjs; i++) {
        objective_row(c, &dc->objs[i]);
    }
    WEB_LIT(h, "</tbody><tfoot><tr><th colspan=\"3\">");
    web_msg_put(h, c->loc, MSG_MEAN);
    WEB_LIT(h, "</th>");
    score_cell(c, dc->mean_self);
    score_cell(c, dc->mean_manager);
    score_cell(c, dc->mean_final);
    WEB_LIT(h, "</tr></tfoot></table></div></section>");
}

static void takeons(struct web_ctx *c, const struct view_dossier *v)
{
    struct web_html *h = &c->h;
    web_card_begin(c, "d-takeons", MSG_TAKEONS);
    if (!v->ntakeons) {
        web_card_empty(c, MSG_NO_TAKEONS);
        return;
    }
    WEB_LIT(h, "<ul class=\"plain-list takeons\">");
    for (size_t i = 0; i < v->ntakeons; i++) {
        const struct dossier_takeon *t = &v->takeons[i];
        WEB_LIT(h, "<li><span class=\"pill\">");
        web_msg_put(h, c->loc, t->on_kr ? MSG_KR_SHORT : MSG_OBJECTIVE_SHORT);
        WEB_LIT(h, "</span> ");
        web_objective_link(c, t->source_objective_id, t->source_title);
        WEB_LIT(h, " <span class=\"meta\">");
        WEB_MSGF(h, c->loc, MSG_TAKEN_ON_FROM, t->from_name);
        WEB_LIT(h, "</span>");
        if (t->r.result_objective_id && t->result_title[0]) {
            WEB_LIT(h, "<span class=\"meta block\">→ ");
            web_objective_link(c, t->r.result_objective_id, t->result_title);
            WEB_LIT(h, "</span>");
        }
        WEB_LIT(h, "</li>");
    }
    WEB_LIT(h, "</ul></section>");
}

void web_dossier_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_dossier v;
    struct err err;
    err_clear(&err);
    int64_t id = web_param_id_or_404(&c, "person");
    if (!id) {
        return;
    }
    if (svc_view_dossier(&c.svc, id, &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    const char *title = WEB_MSG_STR(c.req->arena, c.loc, MSG_DOSSIER_OF, v.user.name);
    web_page_begin(&c, 200, title, NAV_TEAMS);
    struct web_html *h = &c.h;
    WEB_LIT(h, "<div class=\"page-head dossier-head\"><div class=\"grow\"><p class=\"meta\">");
    web_msg_put(h, c.loc, MSG_DOSSIER);
    WEB_LIT(h, "</p><h1>");
    web_text(h, v.user.name);
    WEB_LIT(h, "</h1></div><a class=\"btn small no-print\"");
    WEB_ATTRF(h, "href", "/people/%lld", (long long)id);
    WEB_LIT(h, ">");
    web_msg_put(h, c.loc, MSG_PERSON_PAGE);
    WEB_LIT(h, "</a><button class=\"btn small no-print\" type=\"button\" data-print hidden>");
    web_msg_put(h, c.loc, MSG_PRINT);
    WEB_LIT(h, "</button></div>");

    WEB_LIT(h, "<section class=\"card\" aria-labelledby=\"d-summary\"><h2 id=\"d-summary\">");
    web_msg_put(h, c.loc, MSG_SUMMARY);
    WEB_LIT(h, "</h2><dl class=\"facts\"><dt>");
    web_msg_put(h, c.loc, MSG_MANAGER);
    WEB_LIT(h, "</dt><dd>");
    if (v.manager.id) {
        web_person_link(&c, v.manager.id, v.manager.name);
    } else {
        web_msg_put(h, c.loc, MSG_NONE);
    }
    WEB_LIT(h, "</dd><dt>");
    web_msg_put(h, c.loc, MSG_TEAM);
    WEB_LIT(h, "</dt><dd>");
    web_team_links(&c, v.teams, v.nteams);
    WEB_LIT(h, "</dd><dt>");
    web_msg_put(h, c.loc, MSG_AMBITION);
    WEB_LIT(h, "</dt><dd>");
    WEB_MSGF(h, c.loc, MSG_AMBITION_LINE, web_fmt(&c, "%zu", v.committed),
             web_fmt(&c, "%zu", v.aspirational));
    WEB_LIT(h, "</dd><dt>");
    web_msg_put(h, c.loc, MSG_DISCIPLINE);
    WEB_LIT(h, "</dt><dd>");
    WEB_MSGF(h, c.loc, MSG_DISCIPLINE_LINE, share(&c, v.weeks_checked, v.weeks),
             web_fmt(&c, "%zu", v.weeks_checked), web_fmt(&c, "%zu", v.weeks));
    WEB_LIT(h, "</dd><dt>");
    web_msg_put(h, c.loc, MSG_TAKEONS);
    WEB_LIT(h, "</dt><dd>");
    web_int(h, (int64_t)v.ntakeons);
    WEB_LIT(h, "</dd></dl><p class=\"meta\">");
    web_msg_put(h, c.loc, MSG_DOSSIER_NOTE);
    WEB_LIT(h, "</p></section>");
    if (!v.ncycles) {
        WEB_LIT(h, "<p class=\"card empty\">");
        web_msg_put(h, c.loc, MSG_DOSSIER_EMPTY);
        WEB_LIT(h, "</p>");
    }
    for (size_t i = 0; i < v.ncycles; i++) {
        cycle_section(&c, &v.cycles[i]);
    }
    takeons(&c, &v);
    web_page_end(&c);
}
