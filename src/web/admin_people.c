/* Page family 13, admin, continued (admins only; web_authorize checks "web-admin", the service
 * checks again): the users (role, manager, teams), the teams (create, rename, parent, lead,
 * members), and the company's data as a file: the interchange export to download and an upload
 * that imports a file as a new company (service/interchange.c, the one serializer). Each form
 * posts to one service call and comes back (Post/Redirect/Get) with a notice or an error. */
#include "web/web_people.h"

#include "domain/meta.h"
#include "service/interchange.h"

#include <string.h>

enum { ADMIN_TEAMS_CHOICE_MAX = 300 }; /* a select of teams up to this many; else a team id */

static void hidden(struct web_ctx *c, const char *name, const char *value)
{
    WEB_LIT(&c->h, "<input type=\"hidden\"");
    WEB_ATTR(&c->h, "name", name);
    WEB_ATTR(&c->h, "value", value);
    WEB_LIT(&c->h, ">");
}

/* A team choice: a select of every team (all not NULL) or a team id; none_ok offers "none". */
static void team_choice(struct web_ctx *c, const char *id, const char *name, enum web_msg label,
                        const struct team *all, size_t nall, int64_t selected, int64_t exclude,
                        bool none_ok)
{
    struct web_html *h = &c->h;
    if (!all) {
        web_input(c, id, name, "number", label,
                  selected ? web_fmt(c, "%lld", (long long)selected) : "", !none_ok);
        return;
    }
    WEB_LIT(h, "<div class=\"field\"><label");
    WEB_ATTR(h, "for", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, label);
    WEB_LIT(h, "</label><select");
    WEB_ATTR(h, "id", id);
    WEB_ATTR(h, "name", name);
    WEB_LIT(h, ">");
    if (none_ok) {
        web_option(h, "", web_msg(c->loc, MSG_NONE), web_chosen(c, name, "", !selected));
    }
    for (size_t i = 0; i < nall; i++) {
        if (all[i].id != exclude) {
            const char *value = web_fmt(c, "%lld", (long long)all[i].id);
            web_option(h, value, all[i].name, web_chosen(c, name, value, all[i].id == selected));
        }
    }
    WEB_LIT(h, "</select></div>");
}

static void crumbs(struct web_ctx *c, enum web_msg here)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<nav class=\"crumbs\"");
    WEB_ATTR(h, "aria-label", web_msg(c->loc, MSG_NAV_ADMIN));
    WEB_LIT(h, "><a href=\"/admin\">");
    web_msg_put(h, c->loc, MSG_NAV_ADMIN);
    WEB_LIT(h, "</a> / ");
    web_msg_put(h, c->loc, here);
    WEB_LIT(h, "</nav>");
}

/* ---- the section on /admin ---- */

void web_admin_people_section(struct web_ctx *c)
{
    struct web_html *h = &c->h;
    web_card_begin(c, "adm-org", MSG_ORGANISATION);
    WEB_LIT(h, "<ul class=\"plain-list\"><li><a href=\"/admin/users\">");
    web_msg_put(h, c->loc, MSG_USERS);
    WEB_LIT(h, "</a></li><li><a href=\"/admin/teams\">");
    web_msg_put(h, c->loc, MSG_NAV_TEAMS);
    WEB_LIT(h, "</a></li></ul></section>");

    web_card_begin(c, "adm-data", MSG_IMPORT_EXPORT);
    WEB_LIT(h, "<p><a class=\"btn\" href=\"/admin/export\" download>");
    web_msg_put(h, c->loc, MSG_EXPORT_FILE);
    WEB_LIT(h, "</a></p><p class=\"hint\">");
    web_msg_put(h, c->loc, MSG_EXPORT_HINT);
    WEB_LIT(h, "</p><form method=\"post\" action=\"/admin/import\" "
               "enctype=\"multipart/form-data\">");
    web_csrf_field(c);
    WEB_LIT(h, "<div class=\"field\"><label for=\"imp-file\">");
    web_msg_put(h, c->loc, MSG_IMPORT_FILE);
    WEB_LIT(h, "</label><input id=\"imp-file\" name=\"file\" type=\"file\" "
               "accept=\"application/json,.json\" required></div><p class=\"hint\">");
    web_msg_put(h, c->loc, MSG_IMPORT_HINT);
    WEB_LIT(h, "</p>");
    web_submit(c, MSG_IMPORT, false);
    WEB_LIT(h, "</form></section>");
}

/* ---- users ---- */

void web_admin_users_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_users v;
    struct err err;
    err_clear(&err);
    if (svc_view_admin_users(&c.svc, web_query_id(&c, "after"), &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, web_msg(c.loc, MSG_USERS), NAV_ADMIN);
    struct web_html *h = &c.h;
    crumbs(&c, MSG_USERS);
    WEB_LIT(h, "<div class=\"page-head\"><h1>");
    web_msg_put(h, c.loc, MSG_USERS);
    WEB_LIT(h, "</h1><a class=\"btn small\" href=\"/admin#adm-people\">");
    web_msg_put(h, c.loc, MSG_INVITE);
    WEB_LIT(h, "</a></div><section class=\"card\"><div class=\"table-wrap\"><table><thead><tr>"
               "<th>");
    web_msg_put(h, c.loc, MSG_PERSON_NAME);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c.loc, MSG_EMAIL);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c.loc, MSG_ROLE);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c.loc, MSG_MANAGER);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c.loc, MSG_TEAM);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c.loc, MSG_STATE);
    WEB_LIT(h, "</th><th></th></tr></thead><tbody>");
    for (size_t i = 0; i < v.n; i++) {
        const struct view_user_row *r = &v.rows[i];
        WEB_LIT(h, "<tr><td>");
        web_person_link(&c, r->u.id, r->u.name);
        WEB_LIT(h, "</td><td>");
        web_text(h, r->u.email);
        WEB_LIT(h, "</td><td>");
        web_msg_put(h, c.loc, r->u.role == ROLE_ADMIN ? MSG_ROLE_ADMIN : MSG_ROLE_MEMBER);
        WEB_LIT(h, "</td><td>");
        web_text(h, r->manager_name);
        WEB_LIT(h, "</td><td>");
        web_text(h, r->team_names);
        WEB_LIT(h, "</td><td>");
        web_msg_put(h, c.loc, r->u.active ? MSG_USER_ACTIVE : MSG_USER_INVITED);
        WEB_LIT(h, "</td><td><a");
        WEB_ATTRF(h, "href", "/admin/users/%lld", (long long)r->u.id);
        WEB_ATTR(h, "aria-label", WEB_MSG_STR(c.req->arena, c.loc, MSG_EDIT_OF, r->u.name));
        WEB_LIT(h, ">");
        web_msg_put(h, c.loc, MSG_EDIT);
        WEB_LIT(h, "</a></td></tr>");
    }
    WEB_LIT(h, "</tbody></table></div>");
    web_next_page(&c, "/admin/users", v.next);
    WEB_LIT(h, "</section>");
    web_page_end(&c);
}

void web_admin_user_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_admin_user v;
    struct err err;
    err_clear(&err);
    int64_t id = web_param_id(&c);
    if (svc_view_admin_user(&c.svc, id, ADMIN_TEAMS_CHOICE_MAX, &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, v.user.name, NAV_ADMIN);
    struct web_html *h = &c.h;
    const char *self = web_fmt(&c, "/admin/users/%lld", (long long)id);
    crumbs(&c, MSG_USERS);
    WEB_LIT(h, "<div class=\"page-head\"><h1>");
    web_text(h, v.user.name);
    WEB_LIT(h, "</h1><a class=\"btn small\"");
    WEB_ATTRF(h, "href", "/people/%lld", (long long)id);
    WEB_LIT(h, ">");
    web_msg_put(h, c.loc, MSG_PERSON_PAGE);
    WEB_LIT(h, "</a></div><div class=\"cols\"><div><section class=\"card\" "
               "aria-labelledby=\"u-edit\"><h2 id=\"u-edit\">");
    web_msg_put(h, c.loc, MSG_ROLE_AND_MANAGER);
    WEB_LIT(h, "</h2><p class=\"meta\">");
    web_text(h, v.user.email);
    WEB_LIT(h, "</p>");
    web_form_open(&c, self, NULL);
    hidden(&c, "version", web_fmt(&c, "%lld", (long long)v.user.version));
    WEB_LIT(h, "<div class=\"field\"><label for=\"u-role\">");
    web_msg_put(h, c.loc, MSG_ROLE);
    WEB_LIT(h, "</label><select id=\"u-role\" name=\"role\">");
    bool admin = web_chosen(&c, "role", "admin", v.user.role == ROLE_ADMIN);
    web_option(h, "member", web_msg(c.loc, MSG_ROLE_MEMBER), !admin);
    web_option(h, "admin", web_msg(c.loc, MSG_ROLE_ADMIN), admin);
    WEB_LIT(h, "</select></div>");
    web_input(&c, "u-manager", "manager", "email", MSG_MANAGER_EMAIL,
              v.manager.id ? v.manager.email : "", false);
    WEB_LIT(h, "<p class=\"hint\">");
    web_msg_put(h, c.loc, MSG_MANAGER_EMAIL_HINT);
    WEB_LIT(h, "</p>");
    web_submit(&c, MSG_SAVE, true);
    WEB_LIT(h, "</form></section></div><div><section class=\"card\" "
               "aria-labelledby=\"u-teams\"><h2 id=\"u-teams\">");
    web_msg_put(h, c.loc, MSG_TEAM);
    WEB_LIT(h, "</h2>");
    if (v.nteams) {
        WEB_LIT(h, "<ul class=\"plain-list members-edit\">");
        for (size_t i = 0; i < v.nteams; i++) {
            WEB_LIT(h, "<li>");
            web_team_link(&c, v.teams[i].id, v.teams[i].name);
            web_form_open(&c,
                          web_fmt(&c, "/admin/teams/%lld/members/remove", (long long)v.teams[i].id),
                          "inline");
            hidden(&c, "user_id", web_fmt(&c, "%lld", (long long)id));
            hidden(&c, "back", self);
            WEB_LIT(h, "<button class=\"btn small\"");
            WEB_ATTR(h, "aria-label",
                     WEB_MSG_STR(c.req->arena, c.loc, MSG_REMOVE_FROM, v.teams[i].name));
            WEB_LIT(h, ">");
            web_msg_put(h, c.loc, MSG_REMOVE);
            WEB_LIT(h, "</button></form></li>");
        }
        WEB_LIT(h, "</ul>");
    } else {
        WEB_LIT(h, "<p class=\"empty\">");
        web_msg_put(h, c.loc, MSG_NONE);
        WEB_LIT(h, "</p>");
    }
    WEB_LIT(h, "<h3>");
    web_msg_put(h, c.loc, MSG_ADD_TO_TEAM);
    WEB_LIT(h, "</h3>");
    web_form_open(&c, "/admin/teams/0/members", "inline-form");
    hidden(&c, "user_id", web_fmt(&c, "%lld", (long long)id));
    hidden(&c, "back", self);
    team_choice(&c, "u-team", "team_id", MSG_TEAM, v.all_teams, v.nall_teams, 0, 0, false);
    web_submit(&c, MSG_ADD, false);
    WEB_LIT(h, "</form></section></div></div>");
    web_page_end(&c);
}

static const char *back_or(struct web_ctx *c, const char *fallback)
{
    const char *back = web_field(c, "back");
    return back && web_local_path_ok(back) ? back : fallback;
}

void web_admin_user_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t id = web_param_id(&c);
    const char *self = web_fmt(&c, "/admin/users/%lld", (long long)id);
    struct err err;
    err_clear(&err);
    const char *role = web_field(&c, "role");
    int r = -1;
    if (role) {
        r = meta_enum_parse(meta_field(&entity_user, "role")->enum_names, role);
        if (r < 0) {
            err_set(&err, ERR_INVALID, "role", "role must be admin or member");
        }
    }
    if (err.code == ERR_OK) {
        svc_people_user_update(&c.svc, id, web_field_id(&c, "version"), r, web_field(&c, "manager"),
                               &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, self, &err);
        return;
    }
    web_redirect_done(&c, self, "saved");
}

/* ---- teams ---- */

/* The team form's fields: name, parent (select or id) and lead (email). */
static void team_fields(struct web_ctx *c, const char *prefix, const struct team *t,
                        const char *lead_email, const struct team *all, size_t nall)
{
    web_input(c, web_fmt(c, "%s-name", prefix), "name", "text", MSG_TEAM_NAME, t ? t->name : NULL,
              true);
    team_choice(c, web_fmt(c, "%s-parent", prefix), "parent_id", MSG_PARENT_TEAM, all, nall,
                t ? t->parent_id : 0, t ? t->id : 0, true);
    web_input(c, web_fmt(c, "%s-lead", prefix), "lead", "email", MSG_LEAD_EMAIL, lead_email, false);
}

void web_admin_teams_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_teams v;
    struct err err;
    err_clear(&err);
    if (svc_view_teams(&c.svc, web_query_id(&c, "after"), ADMIN_TEAMS_CHOICE_MAX, &v, &err) !=
        ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, web_msg(c.loc, MSG_NAV_TEAMS), NAV_ADMIN);
    struct web_html *h = &c.h;
    crumbs(&c, MSG_NAV_TEAMS);
    WEB_LIT(h, "<div class=\"page-head\"><h1>");
    web_msg_put(h, c.loc, MSG_NAV_TEAMS);
    WEB_LIT(h, "</h1></div><div class=\"cols\"><div><section class=\"card\" "
               "aria-labelledby=\"t-list\"><h2 id=\"t-list\">");
    web_msg_put(h, c.loc, MSG_ALL_TEAMS);
    WEB_LIT(h, "</h2><div class=\"table-wrap\"><table><thead><tr><th>");
    web_msg_put(h, c.loc, MSG_TEAM);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c.loc, MSG_PARENT_TEAM);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c.loc, MSG_TEAM_LEAD);
    WEB_LIT(h, "</th><th></th></tr></thead><tbody>");
    for (size_t i = 0; i < v.n; i++) {
        const struct view_team_row *r = &v.rows[i];
        WEB_LIT(h, "<tr><td>");
        web_team_link(&c, r->t.id, r->t.name);
        WEB_LIT(h, "</td><td>");
        web_text(h, r->parent_name);
        WEB_LIT(h, "</td><td>");
        web_text(h, r->lead_name);
        WEB_LIT(h, "</td><td><a");
        WEB_ATTRF(h, "href", "/admin/teams/%lld", (long long)r->t.id);
        WEB_ATTR(h, "aria-label", WEB_MSG_STR(c.req->arena, c.loc, MSG_EDIT_OF, r->t.name));
        WEB_LIT(h, ">");
        web_msg_put(h, c.loc, MSG_EDIT);
        WEB_LIT(h, "</a></td></tr>");
    }
    WEB_LIT(h, "</tbody></table></div>");
    web_next_page(&c, "/admin/teams", v.next);
    WEB_LIT(h, "</section></div><div><section class=\"card\" aria-labelledby=\"t-new\">"
               "<h2 id=\"t-new\">");
    web_msg_put(h, c.loc, MSG_NEW_TEAM);
    WEB_LIT(h, "</h2>");
    web_form_open(&c, "/admin/teams", NULL);
    team_fields(&c, "nt", NULL, NULL, v.all, v.nall);
    web_submit(&c, MSG_NEW_TEAM, true);
    WEB_LIT(h, "</form></section></div></div>");
    web_page_end(&c);
}

/* Reads the team form into t (name, parent_id); lead: the posted email or NULL. */
static enum err_code team_from_form(struct web_ctx *c, struct team *t, const char **lead,
                                    struct err *err)
{
    const char *name = web_field(c, "name");
    if (name) {
        t->name = name;
    }
    const char *parent = web_field(c, "parent_id");
    if (parent && meta_set(&entity_team, t, "parent_id", parent, c->req->arena, err) != ERR_OK) {
        return err->code;
    }
    *lead = web_field(c, "lead");
    return ERR_OK;
}

void web_admin_team_create_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct team t;
    meta_init(&entity_team, &t);
    svc_defaults(&entity_team, &t);
    const char *lead = NULL;
    struct err err;
    err_clear(&err);
    if (team_from_form(&c, &t, &lead, &err) == ERR_OK) {
        svc_people_team_save(&c.svc, &t, lead, &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, "/admin/teams", &err);
        return;
    }
    web_redirect_done(&c, web_fmt(&c, "/admin/teams/%lld", (long long)t.id), "saved");
}

void web_admin_team_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t id = web_param_id(&c);
    struct view_team v;
    struct view_teams all;
    struct err err;
    err_clear(&err);
    if (!c.svc.actor.admin) {
        err_set(&err, ERR_FORBIDDEN, NULL, "admins only");
    } else if (svc_view_team(&c.svc, id, 0, &v, &err) == ERR_OK) {
        svc_view_teams(&c.svc, 0, ADMIN_TEAMS_CHOICE_MAX, &all, &err);
    }
    if (err.code != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, v.team.name, NAV_ADMIN);
    struct web_html *h = &c.h;
    const char *self = web_fmt(&c, "/admin/teams/%lld", (long long)id);
    crumbs(&c, MSG_NAV_TEAMS);
    WEB_LIT(h, "<div class=\"page-head\"><h1>");
    web_text(h, v.team.name);
    WEB_LIT(h, "</h1><a class=\"btn small\"");
    WEB_ATTRF(h, "href", "/teams/%lld", (long long)id);
    WEB_LIT(h, ">");
    web_msg_put(h, c.loc, MSG_TEAM_PAGE);
    WEB_LIT(h, "</a></div><div class=\"cols\"><div><section class=\"card\" "
               "aria-labelledby=\"te-edit\"><h2 id=\"te-edit\">");
    web_msg_put(h, c.loc, MSG_EDIT_TEAM);
    WEB_LIT(h, "</h2>");
    web_form_open(&c, self, NULL);
    hidden(&c, "version", web_fmt(&c, "%lld", (long long)v.team.version));
    team_fields(&c, "te", &v.team, v.lead.id ? v.lead.email : "", all.all, all.nall);
    web_submit(&c, MSG_SAVE, true);
    WEB_LIT(h, "</form></section></div><div><section class=\"card\" "
               "aria-labelledby=\"te-members\"><h2 id=\"te-members\">");
    WEB_MSGF(h, c.loc, MSG_MEMBERS_COUNT, web_fmt(&c, "%zu", v.nmembers_total));
    WEB_LIT(h, "</h2><ul class=\"plain-list members-edit\">");
    for (size_t i = 0; i < v.nmembers; i++) {
        const struct user *u = &v.members[i].u;
        WEB_LIT(h, "<li>");
        web_person_link(&c, u->id, u->name);
        WEB_LIT(h, " <span class=\"meta\">");
        web_text(h, u->email);
        WEB_LIT(h, "</span>");
        web_form_open(&c, web_fmt(&c, "%s/members/remove", self), "inline");
        hidden(&c, "user_id", web_fmt(&c, "%lld", (long long)u->id));
        hidden(&c, "back", self);
        WEB_LIT(h, "<button class=\"btn small\"");
        WEB_ATTR(h, "aria-label", WEB_MSG_STR(c.req->arena, c.loc, MSG_REMOVE_FROM, u->name));
        WEB_LIT(h, ">");
        web_msg_put(h, c.loc, MSG_REMOVE);
        WEB_LIT(h, "</button></form></li>");
    }
    WEB_LIT(h, "</ul><h3>");
    web_msg_put(h, c.loc, MSG_ADD_MEMBER);
    WEB_LIT(h, "</h3>");
    web_form_open(&c, web_fmt(&c, "%s/members", self), "inline-form");
    hidden(&c, "back", self);
    web_input(&c, "te-member", "email", "email", MSG_EMAIL, NULL, true);
    web_submit(&c, MSG_ADD, false);
    WEB_LIT(h, "</form></section></div></div>");
    web_page_end(&c);
}

void web_admin_team_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t id = web_param_id(&c);
    const char *self = web_fmt(&c, "/admin/teams/%lld", (long long)id);
    struct team t;
    struct err err;
    err_clear(&err);
    const char *lead = NULL;
    if (svc_get(&c.svc, &entity_team, id, &t, &err) == ERR_OK) {
        t.version = web_field_id(&c, "version");
        if (team_from_form(&c, &t, &lead, &err) == ERR_OK) {
            svc_people_team_save(&c.svc, &t, lead, &err);
        }
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, self, &err);
        return;
    }
    web_redirect_done(&c, self, "saved");
}

void web_admin_member_add_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    /* From a team's page: /admin/teams/ID/members with an email; from a user's page:
     * /admin/teams/0/members with the user and the chosen team. */
    int64_t team = web_param_id(&c);
    if (!team) {
        team = web_field_id(&c, "team_id");
    }
    const char *back = back_or(&c, web_fmt(&c, "/admin/teams/%lld", (long long)team));
    struct err err;
    err_clear(&err);
    int64_t user = web_field_id(&c, "user_id");
    const char *email = user ? NULL : web_field(&c, "email");
    if (!team) {
        err_set(&err, ERR_INVALID, "team_id", "choose a team");
    } else {
        svc_people_member_add(&c.svc, team, email ? email : (user ? NULL : ""), user, &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, back, &err);
        return;
    }
    web_redirect_done(&c, back, "saved");
}

void web_admin_member_remove_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t team = web_param_id(&c);
    const char *back = back_or(&c, web_fmt(&c, "/admin/teams/%lld", (long long)team));
    struct err err;
    err_clear(&err);
    svc_member_remove(&c.svc, team, web_field_id(&c, "user_id"), &err);
    if (err.code != ERR_OK) {
        web_redirect_err(&c, back, &err);
        return;
    }
    web_redirect_done(&c, back, "saved");
}

/* ---- export and import ---- */

void web_admin_export_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct err err;
    err_clear(&err);
    struct sb out;
    sb_init(&out);
    if (svc_export(&c.svc, &out, &err) != ERR_OK) {
        sb_free(&out);
        web_error_page(&c, &err);
        return;
    }
    struct sb *b = http_respond(resp, 200, "application/json");
    sb_put(b, out.p, out.len);
    sb_free(&out);
    http_response_header(resp, "Content-Disposition",
                         web_fmt(&c, "attachment; filename=\"okr-export-%s.json\"",
                                 web_date_table(req->arena, c.today)));
}

/* The file of an import: a multipart form's "file" part, or the whole body of a plain file POST
 * (Content-Type application/json, the token in X-CSRF-Token). */
static bool import_file(struct web_ctx *c, const char **data, size_t *n)
{
    struct web_part parts[WEB_PARTS_MAX];
    size_t nparts;
    const char *type = http_header(c->req, "Content-Type");
    if (web_multipart_parse(c->req->arena, type, c->req->body, c->req->body_len, parts, &nparts)) {
        const struct web_part *p = web_part_get(parts, nparts, "file");
        if (!p) {
            return false;
        }
        *data = p->data;
        *n = p->len;
        return true;
    }
    if (type && strncmp(type, "application/json", 16) == 0) {
        *data = c->req->body;
        *n = c->req->body_len;
        return true;
    }
    return false;
}

void web_admin_import_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    const char *data = NULL;
    size_t n = 0;
    int64_t tenant = 0;
    struct err err;
    err_clear(&err);
    if (!c.svc.actor.admin) {
        err_set(&err, ERR_FORBIDDEN, NULL, "admins only");
    } else if (!import_file(&c, &data, &n) || n == 0) {
        err_set(&err, ERR_INVALID, "file", "choose an export file (JSON) to import");
    } else {
        svc_import(c.svc.st, req->arena, c.svc.now, data, n, &tenant, &err);
    }
    if (err.code != ERR_OK) {
        /* Nothing was written: the page says what is wrong with the file, in its words. */
        web_page_begin(&c, err.code == ERR_FORBIDDEN ? 403 : 422, web_msg(c.loc, MSG_IMPORT),
                       NAV_ADMIN);
        struct web_html *h = &c.h;
        crumbs(&c, MSG_IMPORT_EXPORT);
        WEB_LIT(h, "<div class=\"card narrow\"><h1>");
        web_msg_put(h, c.loc, MSG_IMPORT_FAILED);
        WEB_LIT(h, "</h1><p class=\"notice err\" role=\"alert\">");
        web_msg_put(h, c.loc, MSG_IMPORT_NOTHING_CHANGED);
        WEB_LIT(h, "</p><p><code class=\"import-error\">");
        /* The service explains in English; in Chinese the page names the place in the file. */
        if (c.loc == WEB_EN) {
            web_text(h, err.field[0] ? web_fmt(&c, "%s: %s", err.field, err.msg) : err.msg);
        } else if (err.field[0]) {
            web_text(h, WEB_MSG_STR(c.req->arena, c.loc, MSG_ERR_INVALID, err.field));
        } else {
            web_msg_put(h, c.loc, MSG_ERR_INVALID_ANY);
        }
        WEB_LIT(h, "</code></p><p><a href=\"/admin#adm-data\">");
        web_msg_put(h, c.loc, MSG_BACK_TO_ADMIN);
        WEB_LIT(h, "</a></p></div>");
        web_page_end(&c);
        return;
    }
    web_page_begin(&c, 201, web_msg(c.loc, MSG_IMPORT), NAV_ADMIN);
    struct web_html *h = &c.h;
    crumbs(&c, MSG_IMPORT_EXPORT);
    WEB_LIT(h, "<div class=\"card narrow\"><h1>");
    web_msg_put(h, c.loc, MSG_IMPORT_DONE_TITLE);
    WEB_LIT(h, "</h1><p class=\"notice ok\" role=\"status\">");
    WEB_MSGF(h, c.loc, MSG_IMPORT_DONE, web_fmt(&c, "%lld", (long long)tenant));
    WEB_LIT(h, "</p><p><a href=\"/admin#adm-data\">");
    web_msg_put(h, c.loc, MSG_BACK_TO_ADMIN);
    WEB_LIT(h, "</a></p></div>");
    web_page_end(&c);
}
