/* The writes of page family 4, each a form post answered with a redirect back to the objective
 * (Post/Redirect/Get): edit in place, add a key result, comment, @-mention (a take-on request);
 * and the new-objective form. Fields are set through the entity descriptors (meta_set), so the
 * same names, enums and limits apply as in the CLI and the API. */
#include "web/web_int.h"

#include "domain/meta.h"

#include <string.h>

/* Copies the posted fields named in names[] into obj with meta_set, recording each in *bits.
 * Absent fields are left alone. */
static enum err_code set_fields(struct web_ctx *c, const struct entity *e, void *obj,
                                const char *const *names, uint64_t *bits, struct err *err)
{
    for (size_t i = 0; names[i]; i++) {
        const char *v = web_field(c, names[i]);
        if (!v) {
            continue;
        }
        if (meta_set(e, obj, names[i], v, c->req->arena, err) != ERR_OK) {
            return err->code;
        }
        const struct field *f = meta_field(e, names[i]);
        *bits |= 1ull << (size_t)(f - e->fields);
    }
    return ERR_OK;
}

static const char *objective_path(struct web_ctx *c, int64_t id)
{
    return web_fmt(c, "/objectives/%lld", (long long)id);
}

/* POST /objectives/{id}: title, description, kind, visibility, state, theme_id; version. */
void web_objective_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t id = web_param_id(&c);
    static const char *const names[] = {"title", "description", "kind", "visibility",
                                        "state", "theme_id",    NULL};
    struct objective patch, out;
    meta_init(&entity_objective, &patch);
    uint64_t bits = 0;
    struct err err;
    err_clear(&err);
    if (set_fields(&c, &entity_objective, &patch, names, &bits, &err) == ERR_OK) {
        svc_patch(&c.svc, &entity_objective, id, web_field_id(&c, "version"), &patch, bits, &out,
                  &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, objective_path(&c, id), &err);
        return;
    }
    web_redirect_done(&c, objective_path(&c, id), "saved");
}

/* POST /objectives/{id}/key-results: title, start, target, unit, direction. */
void web_kr_add_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t id = web_param_id(&c);
    static const char *const names[] = {"title",     "start", "target", "unit",
                                        "direction", "due",   NULL};
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    svc_defaults(&entity_key_result, &kr);
    kr.objective_id = id;
    uint64_t bits = 0;
    struct err err;
    err_clear(&err);
    if (set_fields(&c, &entity_key_result, &kr, names, &bits, &err) == ERR_OK) {
        kr.current = kr.start;
        svc_create(&c.svc, &entity_key_result, &kr, &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, objective_path(&c, id), &err);
        return;
    }
    web_redirect_done(&c, objective_path(&c, id), "kr");
}

/* "objective" or a key result's id: what a comment or a mention is about. */
static int64_t target_kr(const struct web_ctx *c)
{
    const char *on = web_field(c, "on");
    return on && strcmp(on, "objective") != 0 ? web_field_id(c, "on") : 0;
}

/* POST /objectives/{id}/comments: body, on. */
void web_comment_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t id = web_param_id(&c);
    struct comment cm;
    meta_init(&entity_comment, &cm);
    int64_t kr = target_kr(&c);
    cm.objective_id = kr ? 0 : id;
    cm.kr_id = kr;
    const char *body = web_field(&c, "body");
    cm.body = body ? body : "";
    cm.at = c.svc.now;
    struct err err;
    err_clear(&err);
    if (svc_create(&c.svc, &entity_comment, &cm, &err) != ERR_OK) {
        web_redirect_err(&c, objective_path(&c, id), &err);
        return;
    }
    web_redirect_done(&c, objective_path(&c, id), "comment");
}

/* POST /objectives/{id}/requests: to (an email), on, message. */
void web_mention_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t id = web_param_id(&c);
    struct request r;
    struct err err;
    err_clear(&err);
    if (svc_view_mention(&c.svc, web_field(&c, "to"), id, target_kr(&c), web_field(&c, "message"),
                         &r, &err) != ERR_OK) {
        web_redirect_err(&c, objective_path(&c, id), &err);
        return;
    }
    web_redirect_done(&c, objective_path(&c, id), "request");
}

/* ---- a new objective ---- */

static void option(struct web_html *h, const char *value, const char *label, bool selected)
{
    WEB_LIT(h, "<option");
    WEB_ATTR(h, "value", value);
    if (selected) {
        WEB_LIT(h, " selected");
    }
    WEB_LIT(h, ">");
    web_text(h, label);
    WEB_LIT(h, "</option>");
}

/* GET /objectives/new?theme=ID&owner=company|me */
void web_objective_new_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_cycles cycles;
    struct theme *themes;
    size_t nthemes;
    struct err err;
    err_clear(&err);
    if (svc_view_objective_form(&c.svc, &cycles, &themes, &nthemes, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    int64_t theme = web_query_id(&c, "theme");
    const char *owner = http_query(req, "owner");
    bool company = c.me.role == ROLE_ADMIN && (owner ? strcmp(owner, "company") == 0 : theme);
    web_page_begin(&c, 200, web_msg(c.loc, MSG_NEW_OBJECTIVE), NAV_NONE);
    struct web_html *h = &c.h;
    WEB_LIT(h, "<div class=\"card\"><h1>");
    web_msg_put(h, c.loc, MSG_NEW_OBJECTIVE);
    WEB_LIT(h, "</h1><form method=\"post\" action=\"/objectives\">");
    web_csrf_field(&c);
    WEB_LIT(h, "<div class=\"field\"><label for=\"n-title\">");
    web_msg_put(h, c.loc, MSG_TITLE);
    WEB_LIT(h, "</label><input type=\"text\" id=\"n-title\" name=\"title\" required></div>"
               "<div class=\"field\"><label for=\"n-description\">");
    web_msg_put(h, c.loc, MSG_DESCRIPTION);
    WEB_LIT(h, "</label><textarea id=\"n-description\" name=\"description\"></textarea></div>"
               "<div class=\"inline-form\"><div class=\"field\"><label for=\"n-cycle\">");
    web_msg_put(h, c.loc, MSG_CYCLE);
    WEB_LIT(h, "</label><select id=\"n-cycle\" name=\"cycle_id\" required>");
    for (size_t i = cycles.n; i-- > 0;) {
        if (cycles.items[i].state == CYCLE_CLOSED) {
            continue;
        }
        option(h, web_fmt(&c, "%lld", (long long)cycles.items[i].id), cycles.items[i].name,
               &cycles.items[i] == cycles.current);
    }
    WEB_LIT(h, "</select></div><div class=\"field\"><label for=\"n-owner\">");
    web_msg_put(h, c.loc, MSG_OWNER);
    WEB_LIT(h, "</label><select id=\"n-owner\" name=\"owner\">");
    option(h, "me", c.me.name, !company);
    if (c.me.role == ROLE_ADMIN) {
        option(h, "company", web_msg(c.loc, MSG_COMPANY), company);
    }
    WEB_LIT(h, "</select></div><div class=\"field\"><label for=\"n-theme\">");
    web_msg_put(h, c.loc, MSG_THEME);
    WEB_LIT(h, "</label><select id=\"n-theme\" name=\"theme_id\">");
    option(h, "", web_msg(c.loc, MSG_NONE), !theme);
    for (size_t i = 0; i < nthemes; i++) {
        option(h, web_fmt(&c, "%lld", (long long)themes[i].id), themes[i].title,
               themes[i].id == theme);
    }
    WEB_LIT(h, "</select></div><div class=\"field\"><label for=\"n-kind\">");
    web_msg_put(h, c.loc, MSG_KIND);
    WEB_LIT(h, "</label><select id=\"n-kind\" name=\"kind\">");
    option(h, "committed", web_msg(c.loc, MSG_KIND_COMMITTED), true);
    option(h, "aspirational", web_msg(c.loc, MSG_KIND_ASPIRATIONAL), false);
    WEB_LIT(h, "</select></div><div class=\"field\"><label for=\"n-visibility\">");
    web_msg_put(h, c.loc, MSG_VISIBILITY);
    WEB_LIT(h, "</label><select id=\"n-visibility\" name=\"visibility\">");
    option(h, "public", web_msg(c.loc, MSG_VIS_PUBLIC), true);
    option(h, "team", web_msg(c.loc, MSG_VIS_TEAM), false);
    option(h, "private", web_msg(c.loc, MSG_VIS_PRIVATE), false);
    WEB_LIT(h, "</select></div></div><div class=\"actions\"><button class=\"btn primary\">");
    web_msg_put(h, c.loc, MSG_CREATE);
    WEB_LIT(h, "</button></div></form></div>");
    web_page_end(&c);
}

/* POST /objectives: title, description, cycle_id, owner (me|company), theme_id, kind,
 * visibility. */
void web_objective_create_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    static const char *const names[] = {"title", "description", "cycle_id", "theme_id",
                                        "kind",  "visibility",  NULL};
    struct objective o;
    meta_init(&entity_objective, &o);
    svc_defaults(&entity_objective, &o);
    uint64_t bits = 0;
    struct err err;
    err_clear(&err);
    const char *owner = web_field(&c, "owner");
    o.owner_user_id = owner && strcmp(owner, "company") == 0 ? 0 : c.me.id;
    if (set_fields(&c, &entity_objective, &o, names, &bits, &err) == ERR_OK) {
        svc_create(&c.svc, &entity_objective, &o, &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, "/objectives/new", &err);
        return;
    }
    web_redirect_done(&c, objective_path(&c, o.id), "saved");
}
