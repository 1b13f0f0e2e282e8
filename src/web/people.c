/* Page family 7, teams and people: the list of teams, a team's page (lead, members with their
 * progress, sub-teams, the team's objectives of the cycle, the roll-up), a person's page (team,
 * manager, reports, their objectives of the cycle that the reader may see, a link to the dossier
 * for those who may open it); the links to them that other pages put on owners' names; and the
 * HTML 404 page for paths no route knows. */
#include "web/web_people.h"

#include <math.h>
#include <string.h>

enum { TEAMS_ALL_MAX = 0 }; /* the list pages by id; no "every team" list is needed here */

void web_person_link(struct web_ctx *c, int64_t id, const char *name)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<a");
    WEB_ATTRF(h, "href", "/people/%lld", (long long)id);
    WEB_LIT(h, ">");
    web_text(h, name);
    WEB_LIT(h, "</a>");
}

void web_team_link(struct web_ctx *c, int64_t id, const char *name)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<a");
    WEB_ATTRF(h, "href", "/teams/%lld", (long long)id);
    WEB_LIT(h, ">");
    web_text(h, name);
    WEB_LIT(h, "</a>");
}

void web_team_links(struct web_ctx *c, const struct team *teams, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) {
            web_text(&c->h, c->loc == WEB_ZH ? "、" : ", ");
        }
        web_team_link(c, teams[i].id, teams[i].name);
    }
    if (!n) {
        web_msg_put(&c->h, c->loc, MSG_NONE);
    }
}

void web_owner_link(struct web_ctx *c, int64_t user_id, int64_t team_id, const char *name)
{
    if (user_id) {
        web_person_link(c, user_id, name);
    } else if (team_id) {
        web_team_link(c, team_id, name);
    } else {
        web_text(&c->h, name);
    }
}

/* A progress bar, or "no objectives" when there is nothing to average (NaN). */
static void progress_or_none(struct web_ctx *c, double p, double expected)
{
    if (isnan(p)) {
        WEB_LIT(&c->h, "<span class=\"meta\">");
        web_msg_put(&c->h, c->loc, MSG_NO_OBJECTIVES);
        WEB_LIT(&c->h, "</span>");
        return;
    }
    web_progress(c, p, expected, -1);
}

/* The key results a person owns on others' objectives: each with its objective and progress. */
static void carried_list(struct web_ctx *c, const struct view_carried *k, size_t n, double expected)
{
    if (!n) {
        return;
    }
    struct web_html *h = &c->h;
    WEB_LIT(h, "<section class=\"card\" aria-labelledby=\"p-carried\"><h2 id=\"p-carried\">");
    web_msg_put(h, c->loc, MSG_CARRIED_KRS);
    WEB_LIT(h, "</h2><ul class=\"theme-objs people-objs\">");
    for (size_t i = 0; i < n; i++) {
        WEB_LIT(h, "<li><div><a");
        WEB_URL(h, "href",
                web_fmt(c, "/objectives/%lld#kr-%lld", (long long)k[i].objective_id,
                        (long long)k[i].kr.id));
        WEB_LIT(h, ">");
        web_text(h, k[i].kr.title);
        WEB_LIT(h, "</a> <span class=\"meta\">");
        WEB_MSGF(h, c->loc, MSG_ON_OBJECTIVE, k[i].objective_title);
        WEB_LIT(h, "</span></div>");
        web_progress(c, k[i].progress, expected, -1);
        WEB_LIT(h, "</li>");
    }
    WEB_LIT(h, "</ul></section>");
}

/* The objectives of a team or person: title, kind, visibility when not public, progress and key
 * results. */
static void objective_list(struct web_ctx *c, const struct view_obj *objs, size_t n,
                           double expected)
{
    struct web_html *h = &c->h;
    if (!n) {
        WEB_LIT(h, "<p class=\"empty\">");
        web_msg_put(h, c->loc, MSG_NO_OBJECTIVES_CYCLE);
        WEB_LIT(h, "</p>");
        return;
    }
    WEB_LIT(h, "<ul class=\"theme-objs people-objs\">");
    for (size_t i = 0; i < n; i++) {
        const struct view_obj *o = &objs[i];
        WEB_LIT(h, "<li><div>");
        web_objective_link(c, o->o.id, o->o.title);
        WEB_LIT(h, " <span class=\"meta\">");
        web_msg_put(h, c->loc, web_msg_kind(o->o.kind));
        if (o->o.visibility != VIS_PUBLIC) {
            WEB_LIT(h, " · ");
            web_msg_put(h, c->loc, web_msg_visibility(o->o.visibility));
        }
        if (o->o.state == OBJ_DRAFT) {
            WEB_LIT(h, " · ");
            web_msg_put(h, c->loc, MSG_OBJ_DRAFT);
        }
        WEB_LIT(h, "</span></div>");
        web_progress(c, o->progress, expected, -1);
        web_kr_bars(c, o, expected);
        WEB_LIT(h, "</li>");
    }
    WEB_LIT(h, "</ul>");
}

static void fact(struct web_ctx *c, enum web_msg label)
{
    WEB_LIT(&c->h, "<dt>");
    web_msg_put(&c->h, c->loc, label);
    WEB_LIT(&c->h, "</dt><dd>");
}

static void head(struct web_ctx *c, const char *title, const char *kicker)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"page-head\"><div class=\"grow\">");
    if (kicker) {
        WEB_LIT(h, "<p class=\"meta\">");
        web_text(h, kicker);
        WEB_LIT(h, "</p>");
    }
    WEB_LIT(h, "<h1>");
    web_text(h, title);
    WEB_LIT(h, "</h1></div>");
}

/* ---- the list of teams ---- */

void web_teams_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_teams v;
    struct err err;
    err_clear(&err);
    if (svc_view_teams(&c.svc, web_query_id(&c, "after"), TEAMS_ALL_MAX, &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, web_msg(c.loc, MSG_NAV_TEAMS), NAV_TEAMS);
    struct web_html *h = &c.h;
    WEB_LIT(h, "<div class=\"page-head\"><h1>");
    web_msg_put(h, c.loc, MSG_NAV_TEAMS);
    WEB_LIT(h, "</h1>");
    if (c.me.role == ROLE_ADMIN) {
        WEB_LIT(h, "<a class=\"btn small\" href=\"/admin/teams\">");
        web_msg_put(h, c.loc, MSG_MANAGE_TEAMS);
        WEB_LIT(h, "</a>");
    }
    WEB_LIT(h, "</div>");
    if (v.nmine) {
        WEB_LIT(h, "<section class=\"card\" aria-labelledby=\"my-teams\"><h2 id=\"my-teams\">");
        web_msg_put(h, c.loc, MSG_MY_TEAMS);
        WEB_LIT(h, "</h2><ul class=\"plain-list\">");
        for (size_t i = 0; i < v.nmine; i++) {
            WEB_LIT(h, "<li>");
            web_team_link(&c, v.mine[i].id, v.mine[i].name);
            WEB_LIT(h, "</li>");
        }
        WEB_LIT(h, "</ul></section>");
    }
    WEB_LIT(h, "<section class=\"card\" aria-labelledby=\"all-teams\"><h2 id=\"all-teams\">");
    web_msg_put(h, c.loc, MSG_ALL_TEAMS);
    WEB_LIT(h, "</h2><table><thead><tr><th>");
    web_msg_put(h, c.loc, MSG_TEAM);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c.loc, MSG_PARENT_TEAM);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c.loc, MSG_TEAM_LEAD);
    WEB_LIT(h, "</th></tr></thead><tbody>");
    for (size_t i = 0; i < v.n; i++) {
        const struct view_team_row *r = &v.rows[i];
        WEB_LIT(h, "<tr><td>");
        web_team_link(&c, r->t.id, r->t.name);
        WEB_LIT(h, "</td><td>");
        if (r->t.parent_id) {
            web_team_link(&c, r->t.parent_id, r->parent_name);
        }
        WEB_LIT(h, "</td><td>");
        if (r->t.lead_id) {
            web_person_link(&c, r->t.lead_id, r->lead_name);
        }
        WEB_LIT(h, "</td></tr>");
    }
    WEB_LIT(h, "</tbody></table>");
    web_next_page(&c, "/teams", v.next);
    WEB_LIT(h, "</section>");
    web_page_end(&c);
}

/* ---- a team ---- */

void web_team_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_team v;
    struct err err;
    err_clear(&err);
    int64_t id = web_param_id_or_404(&c, "team");
    if (!id) {
        return;
    }
    if (svc_view_team(&c.svc, id, web_query_id(&c, "cycle"), &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, v.team.name, NAV_TEAMS);
    struct web_html *h = &c.h;
    head(&c, v.team.name, web_msg(c.loc, MSG_TEAM));
    web_cycle_picker(&c, web_fmt(&c, "/teams/%lld", (long long)id), &v.cycles);
    if (c.me.role == ROLE_ADMIN) {
        web_small_link(&c, web_fmt(&c, "/admin/teams/%lld", (long long)id), MSG_EDIT_TEAM);
    }
    WEB_LIT(h, "</div>");
    double expected = v.cycles.current ? web_expected(&c, v.cycles.current) : -1;
    if (v.cycles.current) {
        web_cycle_line(&c, v.cycles.current);
    }
    WEB_LIT(h, "<div class=\"cols\"><div>");
    /* The roll-up first: how the team is doing. */
    WEB_LIT(h, "<section class=\"card\" aria-labelledby=\"team-okrs\"><h2 id=\"team-okrs\">");
    web_msg_put(h, c.loc, MSG_TEAM_OKRS);
    WEB_LIT(h, "</h2><dl class=\"facts rollup\">");
    fact(&c, MSG_TEAM_PROGRESS);
    progress_or_none(&c, v.team_progress, expected);
    WEB_LIT(h, "</dd>");
    fact(&c, MSG_MEMBERS_PROGRESS);
    progress_or_none(&c, v.members_progress, expected);
    WEB_LIT(h, "</dd></dl>");
    objective_list(&c, v.objs, v.nobjs, expected);
    WEB_LIT(h, "</section>");

    WEB_LIT(h, "<section class=\"card\" aria-labelledby=\"team-members\"><h2 id=\"team-members\">");
    WEB_MSGF(h, c.loc, MSG_MEMBERS_COUNT, web_fmt(&c, "%zu", v.nmembers_total));
    WEB_LIT(h, "</h2>");
    if (v.nmembers) {
        WEB_LIT(h, "<table class=\"members\"><thead><tr><th>");
        web_msg_put(h, c.loc, MSG_PERSON_NAME);
        WEB_LIT(h, "</th><th>");
        web_msg_put(h, c.loc, MSG_OBJECTIVES);
        WEB_LIT(h, "</th><th>");
        web_msg_put(h, c.loc, MSG_PROGRESS);
        WEB_LIT(h, "</th></tr></thead><tbody>");
        for (size_t i = 0; i < v.nmembers; i++) {
            const struct view_member *m = &v.members[i];
            WEB_LIT(h, "<tr><td>");
            web_person_link(&c, m->u.id, m->u.name);
            if (m->u.id == v.team.lead_id) {
                WEB_LIT(h, " <span class=\"pill\">");
                web_msg_put(h, c.loc, MSG_TEAM_LEAD);
                WEB_LIT(h, "</span>");
            }
            WEB_LIT(h, "</td><td class=\"num\">");
            web_int(h, (int64_t)m->nobjs);
            WEB_LIT(h, "</td><td>");
            if (m->nobjs) {
                web_progress(&c, m->progress, expected, -1);
            }
            WEB_LIT(h, "</td></tr>");
        }
        WEB_LIT(h, "</tbody></table>");
        if (v.nmembers < v.nmembers_total) {
            WEB_LIT(h, "<p class=\"meta\">");
            WEB_MSGF(h, c.loc, MSG_MORE_NOT_SHOWN,
                     web_fmt(&c, "%zu", v.nmembers_total - v.nmembers));
            WEB_LIT(h, "</p>");
        }
    } else {
        WEB_LIT(h, "<p class=\"empty\">");
        web_msg_put(h, c.loc, MSG_NO_MEMBERS);
        WEB_LIT(h, "</p>");
    }
    WEB_LIT(h, "</section></div><div>");

    WEB_LIT(h, "<section class=\"card\" aria-labelledby=\"team-facts\"><h2 id=\"team-facts\">");
    web_msg_put(h, c.loc, MSG_ABOUT_TEAM);
    WEB_LIT(h, "</h2><dl class=\"facts\">");
    fact(&c, MSG_TEAM_LEAD);
    if (v.lead.id) {
        web_person_link(&c, v.lead.id, v.lead.name);
    } else {
        web_msg_put(h, c.loc, MSG_NONE);
    }
    WEB_LIT(h, "</dd>");
    fact(&c, MSG_PARENT_TEAM);
    if (v.parent.id) {
        web_team_link(&c, v.parent.id, v.parent.name);
    } else {
        web_msg_put(h, c.loc, MSG_NONE);
    }
    WEB_LIT(h, "</dd></dl><h3>");
    WEB_MSGF(h, c.loc, MSG_SUBTEAMS_COUNT, web_fmt(&c, "%zu", v.nsubs_total));
    WEB_LIT(h, "</h3>");
    if (v.nsubs) {
        WEB_LIT(h, "<ul class=\"plain-list subteams\">");
        for (size_t i = 0; i < v.nsubs; i++) {
            WEB_LIT(h, "<li>");
            web_team_link(&c, v.subs[i].id, v.subs[i].name);
            WEB_LIT(h, "</li>");
        }
        WEB_LIT(h, "</ul>");
    }
    WEB_LIT(h, "</section></div></div>");
    web_page_end(&c);
}

/* ---- a person ---- */

void web_person_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_person_page v;
    struct err err;
    err_clear(&err);
    int64_t id = web_param_id_or_404(&c, "person");
    if (!id) {
        return;
    }
    if (svc_view_person(&c.svc, id, web_query_id(&c, "cycle"), &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, v.user.name, NAV_TEAMS);
    struct web_html *h = &c.h;
    head(&c, v.user.name, web_msg(c.loc, MSG_PERSON));
    web_cycle_picker(&c, web_fmt(&c, "/people/%lld", (long long)id), &v.cycles);
    if (v.can_dossier) {
        web_small_link(&c, web_fmt(&c, "/people/%lld/dossier", (long long)id), MSG_DOSSIER);
    }
    WEB_LIT(h, "</div>");
    double expected = v.cycles.current ? web_expected(&c, v.cycles.current) : -1;
    if (v.cycles.current) {
        web_cycle_line(&c, v.cycles.current);
    }
    WEB_LIT(h, "<div class=\"cols\"><div>");
    WEB_LIT(h, "<section class=\"card\" aria-labelledby=\"p-okrs\"><h2 id=\"p-okrs\">");
    web_msg_put(h, c.loc, MSG_PERSON_OKRS);
    WEB_LIT(h, "</h2><dl class=\"facts rollup\">");
    fact(&c, MSG_PROGRESS);
    progress_or_none(&c, v.progress, expected);
    WEB_LIT(h, "</dd></dl>");
    objective_list(&c, v.objs, v.nobjs, expected);
    WEB_LIT(h, "</section>");
    carried_list(&c, v.carried, v.ncarried, expected);
    WEB_LIT(h, "</div><div>");
    WEB_LIT(h, "<section class=\"card\" aria-labelledby=\"p-facts\"><h2 id=\"p-facts\">");
    web_msg_put(h, c.loc, MSG_ABOUT_PERSON);
    WEB_LIT(h, "</h2><dl class=\"facts\">");
    fact(&c, MSG_EMAIL);
    WEB_LIT(h, "<a");
    WEB_URL(h, "href", web_fmt(&c, "mailto:%s", v.user.email));
    WEB_LIT(h, ">");
    web_text(h, v.user.email);
    WEB_LIT(h, "</a></dd>");
    fact(&c, MSG_MANAGER);
    if (v.manager.id) {
        web_person_link(&c, v.manager.id, v.manager.name);
    } else {
        web_msg_put(h, c.loc, MSG_NONE);
    }
    WEB_LIT(h, "</dd>");
    fact(&c, MSG_TEAM);
    web_team_links(&c, v.teams, v.nteams);
    WEB_LIT(h, "</dd>");
    fact(&c, MSG_ROLE);
    web_msg_put(h, c.loc, v.user.role == ROLE_ADMIN ? MSG_ROLE_ADMIN : MSG_ROLE_MEMBER);
    WEB_LIT(h, "</dd></dl>");
    if (v.nreports) {
        WEB_LIT(h, "<h3>");
        web_msg_put(h, c.loc, MSG_REPORTS);
        WEB_LIT(h, "</h3><ul class=\"plain-list\">");
        for (size_t i = 0; i < v.nreports; i++) {
            WEB_LIT(h, "<li>");
            web_person_link(&c, v.reports[i].id, v.reports[i].name);
            WEB_LIT(h, "</li>");
        }
        WEB_LIT(h, "</ul>");
        if (v.more_reports) {
            WEB_LIT(h, "<p class=\"meta\">…</p>");
        }
    }
    WEB_LIT(h, "</section></div></div>");
    web_page_end(&c);
}

/* ---- 404 ---- */

static bool under_api(const char *path)
{
    return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

void web_not_found(void *app, struct http_request *req, struct http_response *resp)
{
    if (under_api(req->path)) {
        return; /* the API's own problem+json */
    }
    web_identify(app, req);
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    c.fetch = false;
    web_page_begin(&c, 404, web_msg(c.loc, MSG_ERR_NOT_FOUND), NAV_NONE);
    struct web_html *h = &c.h;
    WEB_LIT(h, "<div class=\"card narrow\"><h1>");
    web_msg_put(h, c.loc, MSG_ERR_NOT_FOUND);
    WEB_LIT(h, "</h1><p>");
    web_msg_put(h, c.loc, MSG_NO_SUCH_PAGE);
    WEB_LIT(h, "</p><p><a href=\"/\">");
    web_msg_put(h, c.loc, MSG_BACK_HOME);
    WEB_LIT(h, "</a></p></div>");
    web_page_end(&c);
}
