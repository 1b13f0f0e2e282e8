/* Page family 13, admin (admins only): the company (name, mission, vision, default language,
 * whether objectives roll up their aligned children), strategic themes, cycles and their
 * states, and people with invitations. Each form posts to one service call and comes back here
 * (Post/Redirect/Get); an invitation answers with its link, shown once. */
#include "web/web_int.h"
#include "web/web_people.h"

#include "domain/meta.h"
#include "service/account.h"

#include <string.h>

enum { ADMIN_PEOPLE_MAX = 300 };

static void textarea(struct web_ctx *c, const char *id, const char *name, enum web_msg label,
                     const char *value)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"field\"><label");
    WEB_ATTR(h, "for", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, label);
    WEB_LIT(h, "</label><textarea");
    WEB_ATTR(h, "id", id);
    WEB_ATTR(h, "name", name);
    WEB_LIT(h, ">");
    web_text(h, web_value(c, name, value));
    WEB_LIT(h, "</textarea></div>");
}

static void select_open(struct web_ctx *c, const char *id, const char *name, enum web_msg label)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"field\"><label");
    WEB_ATTR(h, "for", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, label);
    WEB_LIT(h, "</label><select");
    WEB_ATTR(h, "id", id);
    WEB_ATTR(h, "name", name);
    WEB_LIT(h, ">");
}

static void section_open(struct web_ctx *c, const char *id, enum web_msg title)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<section class=\"card\"");
    WEB_ATTR(h, "aria-labelledby", id);
    WEB_LIT(h, "><h2");
    WEB_ATTR(h, "id", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, title);
    WEB_LIT(h, "</h2>");
}

static void company(struct web_ctx *c, const struct tenant *t)
{
    struct web_html *h = &c->h;
    section_open(c, "adm-company", MSG_COMPANY);
    web_form_open(c, "/admin/company", NULL);
    WEB_LIT(h, "<input type=\"hidden\" name=\"version\"");
    WEB_ATTRF(h, "value", "%lld", (long long)t->version);
    WEB_LIT(h, ">");
    web_input(c, "a-name", "name", "text", MSG_COMPANY_NAME, t->name, true);
    textarea(c, "a-mission", "mission", MSG_MISSION, t->mission);
    textarea(c, "a-vision", "vision", MSG_VISION, t->vision);
    WEB_LIT(h, "<div class=\"inline-form\">");
    select_open(c, "a-locale", "locale", MSG_DEFAULT_LANGUAGE);
    bool en = web_chosen(c, "locale", "en", strcmp(t->locale, "en") == 0);
    web_option(h, "zh-CN", web_msg(WEB_ZH, MSG_LANG_NAME_ZH), !en);
    web_option(h, "en", web_msg(WEB_EN, MSG_LANG_NAME_EN), en);
    WEB_LIT(h, "</select></div><div class=\"field\"><label class=\"check\">"
               "<input type=\"checkbox\" name=\"rollup_children\" value=\"true\"");
    if (t->rollup_children) {
        WEB_LIT(h, " checked");
    }
    WEB_LIT(h, "> ");
    web_msg_put(h, c->loc, MSG_ROLLUP);
    WEB_LIT(h, "</label></div></div>");
    web_submit(c, MSG_SAVE, true);
    WEB_LIT(h, "</form></section>");
}

static void themes(struct web_ctx *c, const struct view_admin *v)
{
    struct web_html *h = &c->h;
    section_open(c, "adm-themes", MSG_THEMES);
    if (v->nthemes) {
        WEB_LIT(h, "<table><thead><tr><th>");
        web_msg_put(h, c->loc, MSG_TITLE);
        WEB_LIT(h, "</th><th>");
        web_msg_put(h, c->loc, MSG_SOURCE);
        WEB_LIT(h, "</th><th>");
        web_msg_put(h, c->loc, MSG_HORIZON);
        WEB_LIT(h, "</th></tr></thead><tbody>");
        for (size_t i = 0; i < v->nthemes; i++) {
            WEB_LIT(h, "<tr><td>");
            web_text(h, v->themes[i].title);
            WEB_LIT(h, "</td><td>");
            web_msg_put(h, c->loc, web_msg_source(v->themes[i].source));
            WEB_LIT(h, "</td><td>");
            web_msg_put(h, c->loc, web_msg_horizon(v->themes[i].horizon));
            WEB_LIT(h, "</td></tr>");
        }
        WEB_LIT(h, "</tbody></table>");
    }
    WEB_LIT(h, "<h3>");
    web_msg_put(h, c->loc, MSG_ADD_THEME);
    WEB_LIT(h, "</h3>");
    web_form_open(c, "/admin/themes", NULL);
    web_input(c, "t-title", "title", "text", MSG_TITLE, NULL, true);
    textarea(c, "t-description", "description", MSG_DESCRIPTION, NULL);
    WEB_LIT(h, "<div class=\"inline-form\">");
    select_open(c, "t-source", "source", MSG_SOURCE);
    const struct field *src = meta_field(&entity_theme, "source");
    for (int i = 0; src->enum_names[i]; i++) {
        web_option(h, src->enum_names[i], web_msg(c->loc, web_msg_source(i)),
                   web_chosen(c, "source", src->enum_names[i], i == 0));
    }
    WEB_LIT(h, "</select></div>");
    select_open(c, "t-horizon", "horizon", MSG_HORIZON);
    bool long_term = web_chosen(c, "horizon", "long", false);
    web_option(h, "short", web_msg(c->loc, MSG_HORIZON_SHORT), !long_term);
    web_option(h, "long", web_msg(c->loc, MSG_HORIZON_LONG), long_term);
    WEB_LIT(h, "</select></div></div>");
    web_submit(c, MSG_ADD_THEME, false);
    WEB_LIT(h, "</form></section>");
}

/* The next states an admin may move a cycle to, as buttons. */
static void cycle_actions(struct web_ctx *c, const struct cycle *cy)
{
    struct web_html *h = &c->h;
    struct {
        int from;
        const char *to;
        enum web_msg label;
    } moves[] = {
        {CYCLE_PLANNING, "active", MSG_CYCLE_ACTIVATE},
        {CYCLE_ACTIVE, "grading", MSG_CYCLE_START_GRADING},
        {CYCLE_GRADING, "active", MSG_CYCLE_REOPEN},
    };
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
        if (moves[i].from != cy->state) {
            continue;
        }
        web_form_open(c, web_fmt(c, "/admin/cycles/%lld/state", (long long)cy->id), "inline");
        WEB_LIT(h, "<input type=\"hidden\" name=\"to\"");
        WEB_ATTR(h, "value", moves[i].to);
        WEB_LIT(h, "><button class=\"btn small\">");
        web_msg_put(h, c->loc, moves[i].label);
        WEB_LIT(h, "</button></form>");
    }
    if (cy->state == CYCLE_ACTIVE || cy->state == CYCLE_GRADING) {
        web_small_link(c, web_fmt(c, "/cycles/%lld/grading", (long long)cy->id), MSG_GRADING_TITLE);
    }
}

static void cycles(struct web_ctx *c, const struct view_admin *v)
{
    struct web_html *h = &c->h;
    struct arena *a = c->req->arena;
    section_open(c, "adm-cycles", MSG_CYCLES);
    if (v->cycles.n) {
        WEB_LIT(h, "<table><thead><tr><th>");
        web_msg_put(h, c->loc, MSG_NAME_OF_CYCLE);
        WEB_LIT(h, "</th><th>");
        web_msg_put(h, c->loc, MSG_START_DATE);
        WEB_LIT(h, "</th><th>");
        web_msg_put(h, c->loc, MSG_END_DATE);
        WEB_LIT(h, "</th><th>");
        web_msg_put(h, c->loc, MSG_STATE);
        WEB_LIT(h, "</th><th></th></tr></thead><tbody>");
        for (size_t i = v->cycles.n; i-- > 0;) {
            const struct cycle *cy = &v->cycles.items[i];
            WEB_LIT(h, "<tr><td>");
            web_text(h, cy->name);
            WEB_LIT(h, "</td><td>");
            web_text(h, web_date_table(a, cy->start));
            WEB_LIT(h, "</td><td>");
            web_text(h, web_date_table(a, cy->end));
            WEB_LIT(h, "</td><td>");
            web_msg_put(h, c->loc, web_msg_cycle_state(cy->state));
            WEB_LIT(h, "</td><td class=\"actions\">");
            cycle_actions(c, cy);
            WEB_LIT(h, "</td></tr>");
        }
        WEB_LIT(h, "</tbody></table>");
    }
    WEB_LIT(h, "<h3>");
    web_msg_put(h, c->loc, MSG_ADD_CYCLE);
    WEB_LIT(h, "</h3>");
    web_form_open(c, "/admin/cycles", NULL);
    WEB_LIT(h, "<div class=\"inline-form\">");
    web_input(c, "c-name", "name", "text", MSG_NAME_OF_CYCLE, NULL, true);
    web_input(c, "c-start", "start", "date", MSG_START_DATE, NULL, true);
    web_input(c, "c-end", "end", "date", MSG_END_DATE, NULL, true);
    select_open(c, "c-kind", "kind", MSG_KIND);
    static const enum web_msg kinds[] = {MSG_CYCLE_YEAR, MSG_CYCLE_QUARTER, MSG_CYCLE_MONTH,
                                         MSG_CYCLE_CUSTOM};
    const struct field *f = meta_field(&entity_cycle, "kind");
    for (int i = 0; i < 4; i++) {
        web_option(h, f->enum_names[i], web_msg(c->loc, kinds[i]),
                   web_chosen(c, "kind", f->enum_names[i], i == CYCLE_QUARTER));
    }
    WEB_LIT(h, "</select></div></div>");
    web_submit(c, MSG_ADD_CYCLE, false);
    WEB_LIT(h, "</form></section>");
}

static void people(struct web_ctx *c, const struct view_admin *v)
{
    struct web_html *h = &c->h;
    section_open(c, "adm-people", MSG_PEOPLE);
    WEB_LIT(h, "<table><thead><tr><th>");
    web_msg_put(h, c->loc, MSG_PERSON_NAME);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c->loc, MSG_EMAIL);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c->loc, MSG_ROLE);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c->loc, MSG_STATE);
    WEB_LIT(h, "</th></tr></thead><tbody>");
    for (size_t i = 0; i < v->npeople; i++) {
        const struct user *u = &v->people[i];
        WEB_LIT(h, "<tr><td>");
        web_text(h, u->name);
        WEB_LIT(h, "</td><td>");
        web_text(h, u->email);
        WEB_LIT(h, "</td><td>");
        web_msg_put(h, c->loc, u->role == ROLE_ADMIN ? MSG_ROLE_ADMIN : MSG_ROLE_MEMBER);
        WEB_LIT(h, "</td><td>");
        web_msg_put(h, c->loc, u->active ? MSG_USER_ACTIVE : MSG_USER_INVITED);
        WEB_LIT(h, "</td></tr>");
    }
    WEB_LIT(h, "</tbody></table>");
    if (v->more_people) {
        WEB_LIT(h, "<p class=\"meta\">…</p>");
    }
    WEB_LIT(h, "<h3>");
    web_msg_put(h, c->loc, MSG_INVITE);
    WEB_LIT(h, "</h3>");
    web_form_open(c, "/admin/invitations", NULL);
    WEB_LIT(h, "<div class=\"inline-form\">");
    web_input(c, "i-name", "name", "text", MSG_PERSON_NAME, NULL, true);
    web_input(c, "i-email", "email", "email", MSG_EMAIL, NULL, true);
    select_open(c, "i-role", "role", MSG_ROLE);
    bool admin = web_chosen(c, "role", "admin", false);
    web_option(h, "member", web_msg(c->loc, MSG_ROLE_MEMBER), !admin);
    web_option(h, "admin", web_msg(c->loc, MSG_ROLE_ADMIN), admin);
    WEB_LIT(h, "</select></div>");
    if (!v->more_people) {
        select_open(c, "i-manager", "manager_id", MSG_MANAGER);
        web_option(h, "", web_msg(c->loc, MSG_NONE), web_chosen(c, "manager_id", "", true));
        for (size_t i = 0; i < v->npeople; i++) {
            if (v->people[i].active) {
                const char *id = web_fmt(c, "%lld", (long long)v->people[i].id);
                web_option(h, id, v->people[i].name, web_chosen(c, "manager_id", id, false));
            }
        }
        WEB_LIT(h, "</select></div>");
    }
    WEB_LIT(h, "</div>");
    web_submit(c, MSG_INVITE, false);
    WEB_LIT(h, "</form></section>");
}

/* The admin page; invited_link, when not NULL, is shown once at the top. */
static void admin_page(struct web_ctx *c, const char *invited_name, const char *invited_link)
{
    struct view_admin v;
    struct err err;
    err_clear(&err);
    if (svc_view_admin(&c->svc, ADMIN_PEOPLE_MAX, &v, &err) != ERR_OK) {
        web_error_page(c, &err);
        return;
    }
    web_page_begin(c, 200, web_msg(c->loc, MSG_NAV_ADMIN), NAV_ADMIN);
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"page-head\"><h1>");
    web_msg_put(h, c->loc, MSG_NAV_ADMIN);
    WEB_LIT(h, "</h1></div>");
    if (invited_link) {
        WEB_LIT(h, "<div class=\"notice ok\" role=\"status\"><p>");
        WEB_MSGF(h, c->loc, MSG_INVITED, invited_name);
        WEB_LIT(h, "</p><p><a class=\"invite-link\"");
        WEB_URL(h, "href", invited_link);
        WEB_LIT(h, ">");
        web_text(h, invited_link);
        WEB_LIT(h, "</a></p></div>");
    }
    WEB_LIT(h, "<div class=\"cols admin\"><div>");
    cycles(c, &v);
    themes(c, &v);
    people(c, &v);
    WEB_LIT(h, "</div><div>");
    company(c, &v.tenant);
    web_admin_people_section(c);
    WEB_LIT(h, "</div></div>");
    web_page_end(c);
}

void web_admin_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    admin_page(&c, NULL, NULL);
}

void web_admin_company_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    static const char *const names[] = {"name", "mission", "vision", "locale", NULL};
    struct tenant patch, out;
    meta_init(&entity_tenant, &patch);
    uint64_t bits = 0;
    struct err err;
    err_clear(&err);
    if (web_set_fields(&c, &entity_tenant, &patch, names, &bits, &err) == ERR_OK) {
        /* A checkbox says nothing when unticked. */
        patch.rollup_children = web_field(&c, "rollup_children") != NULL;
        bits |=
            1ull << (size_t)(meta_field(&entity_tenant, "rollup_children") - entity_tenant.fields);
        svc_patch(&c.svc, &entity_tenant, c.svc.tenant_id, web_field_id(&c, "version"), &patch,
                  bits, &out, &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, "/admin", &err);
        return;
    }
    web_redirect_done(&c, "/admin", "saved");
}

void web_admin_theme_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    static const char *const names[] = {"title", "description", "source", "horizon", NULL};
    struct theme t;
    meta_init(&entity_theme, &t);
    svc_defaults(&entity_theme, &t);
    t.owner_id = c.me.id;
    uint64_t bits = 0;
    struct err err;
    err_clear(&err);
    if (web_set_fields(&c, &entity_theme, &t, names, &bits, &err) == ERR_OK) {
        svc_create(&c.svc, &entity_theme, &t, &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, "/admin", &err);
        return;
    }
    web_redirect_done(&c, "/admin", "saved");
}

void web_admin_cycle_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    static const char *const names[] = {"name", "start", "end", "kind", NULL};
    struct cycle cy;
    meta_init(&entity_cycle, &cy);
    svc_defaults(&entity_cycle, &cy);
    uint64_t bits = 0;
    struct err err;
    err_clear(&err);
    if (web_set_fields(&c, &entity_cycle, &cy, names, &bits, &err) == ERR_OK) {
        svc_create(&c.svc, &entity_cycle, &cy, &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, "/admin", &err);
        return;
    }
    web_redirect_done(&c, "/admin", "saved");
}

void web_admin_cycle_state_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    const char *to = web_field(&c, "to");
    int state = to ? meta_enum_parse(meta_field(&entity_cycle, "state")->enum_names, to) : -1;
    struct err err;
    err_clear(&err);
    if (state < 0) {
        err_set(&err, ERR_INVALID, "state", "no such cycle state");
    } else {
        svc_cycle_transition(&c.svc, web_param_id(&c), (enum cycle_state)state, &err);
    }
    const char *back = web_field(&c, "back");
    back = back && web_local_path_ok(back) ? back : "/admin";
    if (err.code != ERR_OK) {
        web_redirect_err(&c, back, &err);
        return;
    }
    web_redirect_done(&c, back, "saved");
}

void web_admin_invite_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    static const char *const names[] = {"name", "email", "role", "manager_id", NULL};
    struct user u;
    meta_init(&entity_user, &u);
    svc_defaults(&entity_user, &u);
    uint64_t bits = 0;
    struct credential inv;
    struct err err;
    err_clear(&err);
    if (web_set_fields(&c, &entity_user, &u, names, &bits, &err) == ERR_OK) {
        svc_invite(&c.svc, &u, &inv, &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, "/admin", &err);
        return;
    }
    /* The secret is shown once, on this answer only (no redirect carries it). */
    const char *host = http_header(req, "Host");
    struct sb link;
    sb_init(&link);
    sb_printf(&link, "http%s://%s/invitations/accept?token=", c.app->secure_cookies ? "s" : "",
              host ? host : "localhost");
    web_url_encode(&link, inv.token);
    const char *url = arena_strndup(req->arena, sb_cstr(&link), link.len);
    sb_free(&link);
    admin_page(&c, u.name, url);
}
