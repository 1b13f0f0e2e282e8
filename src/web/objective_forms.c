/* The writes of page family 4, each a form post answered with a redirect back to the objective
 * (Post/Redirect/Get): edit in place, add a key result, comment, @-mention (a take-on request);
 * and the new-objective form. Fields are set through the entity descriptors (meta_set), so the
 * same names, enums and limits apply as in the CLI and the API. */
#include "web/web_int.h"

#include "core/num.h"
#include "domain/meta.h"
#include "service/coach.h"

#include <string.h>

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
    if (web_set_fields(&c, &entity_objective, &patch, names, &bits, &err) == ERR_OK) {
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
    if (web_set_fields(&c, &entity_key_result, &kr, names, &bits, &err) == ERR_OK) {
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

/* What the new-objective form shows: empty, or what was posted with the coach's hints. */
struct new_form {
    const struct objective *o; /* NULL: a fresh form */
    bool company;
    int64_t theme;
    int64_t parent, parent_kr;        /* what it aligns to (?parent=ID&on=objective|KR ID) */
    const struct coach_report *hints; /* NULL: not checked yet */
};

/* The owner the form chose: "me", "company" (admins) or "team:ID" (a team the person leads;
 * the service decides whether they may). */
static void set_owner(struct web_ctx *c, const char *owner, struct objective *o)
{
    o->owner_user_id = c->me.id;
    o->owner_team_id = 0;
    int64_t team;
    if (owner && strncmp(owner, "team:", 5) == 0 &&
        num_parse_i64(owner + 5, 1, INT64_MAX, &team) == 0) {
        o->owner_user_id = 0;
        o->owner_team_id = team;
    } else if (owner && strcmp(owner, "company") == 0 && c->me.role == ROLE_ADMIN) {
        o->owner_user_id = 0;
    }
}

static void text_input(struct web_ctx *c, const char *id, const char *name, enum web_msg label,
                       const char *value, bool required)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"field\"><label");
    WEB_ATTR(h, "for", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, label);
    WEB_LIT(h, "</label><input type=\"text\"");
    WEB_ATTR(h, "id", id);
    WEB_ATTR(h, "name", name);
    value = web_value(c, name, value);
    if (value) {
        WEB_ATTR(h, "value", value);
    }
    if (required) {
        WEB_LIT(h, " required");
    }
    WEB_LIT(h, "></div>");
}

/* The new-objective form (GET /objectives/new, and the no-JavaScript answer of "check"): the
 * objective, a first key result, and the coach's hints beside them (assets/app.js asks for
 * them while the person types). */
static void new_objective_page(struct web_ctx *c, const struct new_form *nf,
                               const struct key_result *kr)
{
    const struct objective *o = nf->o;
    web_filling(c, "/objectives"); /* a refused post drawn again: what it aligned to too */
    int64_t parent = o && o->parent_objective_id ? o->parent_objective_id : nf->parent;
    int64_t parent_kr = o && o->parent_kr_id ? o->parent_kr_id : nf->parent_kr;
    const char *posted_kr = web_value(c, "parent_kr_id", NULL);
    const char *posted_parent = web_value(c, "parent_objective_id", NULL);
    if (!parent && !parent_kr && (posted_kr || posted_parent)) {
        num_parse_i64(posted_kr ? posted_kr : posted_parent, 1, INT64_MAX,
                      posted_kr ? &parent_kr : &parent);
    }
    struct view_objective_form f;
    struct err err;
    err_clear(&err);
    if (parent_kr && !parent) { /* a draft read back names the key result alone */
        struct key_result k;
        parent = svc_get(&c->svc, &entity_key_result, parent_kr, &k, &err) == ERR_OK
                     ? k.objective_id
                     : 0;
    }
    if (svc_view_objective_form(&c->svc, parent, parent_kr, &f, &err) != ERR_OK) {
        web_error_page(c, &err);
        return;
    }
    const struct view_cycles cycles = f.cycles;
    const struct theme *themes = f.themes;
    size_t nthemes = f.nthemes;
    bool company = nf->company;
    int64_t theme = o ? o->theme_id : nf->theme;
    /* Aligned to another cycle's objective, the form starts in its cycle. */
    int64_t cycle = o ? o->cycle_id : f.parent.id ? f.parent.cycle_id : 0;
    web_page_begin(c, 200, web_msg(c->loc, MSG_NEW_OBJECTIVE), NAV_NONE);
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"writing\"><div class=\"card\"><h1>");
    web_msg_put(h, c->loc, MSG_NEW_OBJECTIVE);
    WEB_LIT(h, "</h1><form method=\"post\" action=\"/objectives\" id=\"new-objective\" "
               "data-hints=\"/objectives/hints\">");
    web_csrf_field(c);
    if (f.parent.id) {
        WEB_LIT(h, "<p class=\"meta\">");
        WEB_MSGF(h, c->loc, MSG_ALIGNS_TO_THIS,
                 f.parent_kr.id ? f.parent_kr.title : f.parent.title);
        WEB_LIT(h, "</p><input type=\"hidden\"");
        WEB_ATTR(h, "name", f.parent_kr.id ? "parent_kr_id" : "parent_objective_id");
        WEB_ATTRF(h, "value", "%lld", (long long)(f.parent_kr.id ? f.parent_kr.id : f.parent.id));
        WEB_LIT(h, ">");
    }
    text_input(c, "n-title", "title", MSG_TITLE, o ? o->title : NULL, true);
    WEB_LIT(h, "<div class=\"field\"><label for=\"n-description\">");
    web_msg_put(h, c->loc, MSG_DESCRIPTION);
    WEB_LIT(h, "</label><textarea id=\"n-description\" name=\"description\">");
    const char *description = web_value(c, "description", o ? o->description : NULL);
    if (description) {
        web_text(h, description);
    }
    WEB_LIT(h, "</textarea></div>"
               "<div class=\"inline-form\"><div class=\"field\"><label for=\"n-cycle\">");
    web_msg_put(h, c->loc, MSG_CYCLE);
    WEB_LIT(h, "</label><select id=\"n-cycle\" name=\"cycle_id\" required>");
    for (size_t i = cycles.n; i-- > 0;) {
        if (cycles.items[i].state == CYCLE_CLOSED) {
            continue;
        }
        const char *id = web_fmt(c, "%lld", (long long)cycles.items[i].id);
        web_option(
            h, id, cycles.items[i].name,
            web_chosen(c, "cycle_id", id,
                       cycle ? cycle == cycles.items[i].id : &cycles.items[i] == cycles.current));
    }
    WEB_LIT(h, "</select></div><div class=\"field\"><label for=\"n-owner\">");
    web_msg_put(h, c->loc, MSG_OWNER);
    WEB_LIT(h, "</label><select id=\"n-owner\" name=\"owner\">");
    const char *stored = !o                 ? (company ? "company" : "me")
                         : o->owner_team_id ? web_fmt(c, "team:%lld", (long long)o->owner_team_id)
                         : o->owner_user_id ? "me"
                                            : "company";
    const char *owner = web_value(c, "owner", stored);
    web_option(h, "me", c->me.name, strcmp(owner, "me") == 0);
    for (size_t i = 0; i < f.nteams; i++) {
        const char *id = web_fmt(c, "team:%lld", (long long)f.teams[i].id);
        web_option(h, id, f.teams[i].name, strcmp(owner, id) == 0);
    }
    if (c->me.role == ROLE_ADMIN) {
        web_option(h, "company", web_msg(c->loc, MSG_COMPANY), strcmp(owner, "company") == 0);
    }
    WEB_LIT(h, "</select></div><div class=\"field\"><label for=\"n-theme\">");
    web_msg_put(h, c->loc, MSG_THEME);
    WEB_LIT(h, "</label><select id=\"n-theme\" name=\"theme_id\">");
    web_option(h, "", web_msg(c->loc, MSG_NONE), web_chosen(c, "theme_id", "", !theme));
    for (size_t i = 0; i < nthemes; i++) {
        const char *id = web_fmt(c, "%lld", (long long)themes[i].id);
        web_option(h, id, themes[i].title, web_chosen(c, "theme_id", id, themes[i].id == theme));
    }
    WEB_LIT(h, "</select></div><div class=\"field\"><label for=\"n-kind\">");
    web_msg_put(h, c->loc, MSG_KIND);
    WEB_LIT(h, "</label><select id=\"n-kind\" name=\"kind\">");
    bool aspirational = web_chosen(c, "kind", "aspirational", o && o->kind == KIND_ASPIRATIONAL);
    web_option(h, "committed", web_msg(c->loc, MSG_KIND_COMMITTED), !aspirational);
    web_option(h, "aspirational", web_msg(c->loc, MSG_KIND_ASPIRATIONAL), aspirational);
    WEB_LIT(h, "</select></div><div class=\"field\"><label for=\"n-visibility\">");
    web_msg_put(h, c->loc, MSG_VISIBILITY);
    WEB_LIT(h, "</label><select id=\"n-visibility\" name=\"visibility\">");
    int vis = o ? o->visibility : VIS_PUBLIC;
    web_option(h, "public", web_msg(c->loc, MSG_VIS_PUBLIC),
               web_chosen(c, "visibility", "public", vis == VIS_PUBLIC));
    web_option(h, "team", web_msg(c->loc, MSG_VIS_TEAM),
               web_chosen(c, "visibility", "team", vis == VIS_TEAM));
    web_option(h, "private", web_msg(c->loc, MSG_VIS_PRIVATE),
               web_chosen(c, "visibility", "private", vis == VIS_PRIVATE));
    WEB_LIT(h, "</select></div></div><fieldset class=\"draft-kr\"><legend>");
    web_msg_put(h, c->loc, MSG_ADD_KR);
    WEB_LIT(h, "</legend>");
    text_input(c, "n-kr-title", "kr_title", MSG_TITLE, kr ? kr->title : NULL, false);
    WEB_LIT(h, "<div class=\"inline-form\">");
    text_input(c, "n-kr-start", "kr_start", MSG_START,
               kr ? web_fmt(c, "%g", kr->start) : NULL, false);
    text_input(c, "n-kr-target", "kr_target", MSG_TARGET,
               kr && kr->target != 0 ? web_fmt(c, "%g", kr->target) : NULL, false);
    text_input(c, "n-kr-unit", "kr_unit", MSG_UNIT, kr ? kr->unit : NULL, false);
    WEB_LIT(h, "</div></fieldset><div class=\"actions\"><button class=\"btn primary\">");
    web_msg_put(h, c->loc, MSG_CREATE);
    /* "check" belongs to the form but sits outside it: the form's own button stays its one. */
    WEB_LIT(h, "</button></div></form><div class=\"actions\"><button class=\"btn\" "
               "form=\"new-objective\" name=\"check\" value=\"1\" "
               "formaction=\"/objectives/hints\" formnovalidate>");
    web_text(h, c->loc == WEB_ZH ? "让OKR教练检查" : "Check with the coach");
    WEB_LIT(h, "</button></div></div>");
    web_coach_hints(c, nf->hints, nf->hints != NULL);
    WEB_LIT(h, "</div>");
    web_page_end(c);
}

/* GET /objectives/new?theme=ID&owner=company|me, or ?parent=ID&on=objective|KR ID: an
 * objective aligned to that objective or key result. */
void web_objective_new_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t theme = web_query_id(&c, "theme"), parent = web_query_id(&c, "parent");
    const char *owner = http_query(req, "owner"), *on = http_query(req, "on");
    struct new_form nf = {
        .company = c.me.role == ROLE_ADMIN && (owner ? strcmp(owner, "company") == 0 : theme),
        .theme = theme,
        .parent = parent,
        .parent_kr = parent && on && strcmp(on, "objective") != 0 ? web_query_id(&c, "on") : 0,
    };
    new_objective_page(&c, &nf, NULL);
}

/* Reads the posted draft: the objective's fields (owner me|team:ID|company, what it aligns to)
 * and, when kr_title is given, one key result (kr_title, kr_start, kr_target, kr_unit,
 * kr_direction). Fields that do not parse are left at their defaults: hints are about words, not
 * about form errors. */
static bool read_draft(struct web_ctx *c, struct objective *o, struct key_result *kr)
{
    static const char *const names[] = {
        "title",      "description",         "cycle_id",     "theme_id", "kind",
        "visibility", "parent_objective_id", "parent_kr_id", NULL};
    meta_init(&entity_objective, o);
    svc_defaults(&entity_objective, o);
    o->state = OBJ_DRAFT; /* not under way yet: no rhythm or take-on findings */
    for (size_t i = 0; names[i]; i++) {
        const char *v = web_field(c, names[i]);
        struct err ignored;
        if (v && *v) {
            meta_set(&entity_objective, o, names[i], v, c->req->arena, &ignored);
        }
    }
    set_owner(c, web_field(c, "owner"), o);
    meta_init(&entity_key_result, kr);
    svc_defaults(&entity_key_result, kr);
    static const char *const kr_names[][2] = {{"kr_title", "title"},   {"kr_start", "start"},
                                              {"kr_target", "target"}, {"kr_unit", "unit"},
                                              {"kr_direction", "direction"}};
    for (size_t i = 0; i < sizeof kr_names / sizeof kr_names[0]; i++) {
        const char *v = web_field(c, kr_names[i][0]);
        struct err ignored;
        if (v && *v) {
            meta_set(&entity_key_result, kr, kr_names[i][1], v, c->req->arena, &ignored);
        }
    }
    kr->owner_user_id = o->owner_user_id;
    kr->current = kr->start;
    kr->created = kr->updated = c->svc.now;
    return kr->title && kr->title[0];
}

/* POST /objectives/hints: the coach's findings for a draft (before saving). app.js's fetch
 * (X-Requested-With: fetch) gets the hints fragment; the form's "check" button without
 * JavaScript gets the form again, filled in, with the hints beside it. A draft key result of an
 * existing objective (objective_id set, e.g. the add-key-result form) is checked with the
 * objective and its key results. */
void web_objective_hints_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct objective o;
    struct key_result kr;
    bool has_kr;
    struct coach_report r;
    memset(&r, 0, sizeof r);
    enum coach_lang used;
    struct err err;
    err_clear(&err);
    int64_t existing = web_field_id(&c, "objective_id");
    if (existing) {
        /* The add-key-result form: its fields are the key result's own names. */
        struct rows krs;
        struct coach_report now;
        meta_init(&entity_key_result, &kr);
        svc_defaults(&entity_key_result, &kr);
        static const char *const names[] = {"title", "start", "target", "unit", "direction", NULL};
        for (size_t i = 0; names[i]; i++) {
            const char *v = web_field(&c, names[i]);
            struct err ignored;
            if (v && *v) {
                meta_set(&entity_key_result, &kr, names[i], v, c.req->arena, &ignored);
            }
        }
        kr.current = kr.start;
        kr.created = kr.updated = c.svc.now; /* being written: not yet late for a check-in */
        if (svc_objective_coached(&c.svc, existing, web_coach_lang(&c), &o, &krs, &now, &used,
                                  &err) == ERR_OK) {
            kr.objective_id = o.id;
            kr.owner_user_id = o.owner_user_id;
            size_t n = krs.n;
            struct key_result *all = arena_alloc(c.req->arena, (n + 1) * sizeof *all);
            if (n) {
                memcpy(all, krs.items, n * sizeof *all);
            }
            bool drafted = kr.title && kr.title[0];
            if (drafted) {
                all[n++] = kr;
            }
            svc_coach_draft(&c.svc, &o, all, n, web_coach_lang(&c), &r, &used, &err);
            /* Hints about what is being written: the new key result, and how the objective's
             * key results add up with it (F2, F3); the objective page shows the rest. */
            size_t kept = 0;
            for (size_t i = 0; i < r.n; i++) {
                const struct coach_finding *f = &r.findings[i];
                bool mine = drafted && f->subject == SUBJ_KEY_RESULT &&
                            f->kr_index == (int32_t)(n - 1);
                bool shape = f->subject == SUBJ_OBJECTIVE &&
                             (f->rule == COACH_F2 || f->rule == COACH_F3);
                if (mine || shape) {
                    r.findings[kept++] = *f;
                }
            }
            r.n = kept;
        }
    } else {
        has_kr = read_draft(&c, &o, &kr);
        if (o.cycle_id > 0) {
            svc_coach_draft(&c.svc, &o, &kr, has_kr ? 1 : 0, web_coach_lang(&c), &r, &used,
                            &err);
        }
    }
    if (c.fetch || existing) {
        web_fragment_begin(&c, 200);
        web_coach_hints(&c, &r, true);
        return;
    }
    struct new_form nf = {.o = &o, .theme = o.theme_id, .hints = &r};
    new_objective_page(&c, &nf, &kr);
}

/* POST /objectives: title, description, cycle_id, owner (me|team:ID|company), theme_id, kind,
 * visibility, parent_objective_id or parent_kr_id; and a first key result when kr_title is given
 * (kr_start, kr_target, kr_unit). */
void web_objective_create_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    static const char *const names[] = {
        "title",      "description",         "cycle_id",     "theme_id", "kind",
        "visibility", "parent_objective_id", "parent_kr_id", NULL};
    struct objective o;
    meta_init(&entity_objective, &o);
    svc_defaults(&entity_objective, &o);
    uint64_t bits = 0;
    struct err err;
    err_clear(&err);
    set_owner(&c, web_field(&c, "owner"), &o);
    web_set_fields(&c, &entity_objective, &o, names, &bits, &err);
    const char *kr_title = web_field(&c, "kr_title");
    bool has_kr = kr_title && *kr_title;
    static const char *const kr_names[][2] = {{"kr_title", "title"},
                                              {"kr_start", "start"},
                                              {"kr_target", "target"},
                                              {"kr_unit", "unit"},
                                              {"kr_direction", "direction"}};
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    svc_defaults(&entity_key_result, &kr);
    for (size_t i = 0; has_kr && i < sizeof kr_names / sizeof kr_names[0] && err.code == ERR_OK;
         i++) {
        const char *v = web_field(&c, kr_names[i][0]);
        if (v && *v) {
            web_meta_set(&c, &entity_key_result, &kr, kr_names[i][1], v, &err);
        }
    }
    kr.current = kr.start;
    /* The objective and its first key result together, or neither: a refused key result must
     * not leave an objective behind that a second try would copy. */
    if (err.code == ERR_OK) {
        svc_create_objective(&c.svc, &o, &kr, has_kr ? 1 : 0, &err);
    }
    if (err.code != ERR_OK) {
        web_redirect_err(&c, "/objectives/new", &err);
        return;
    }
    web_redirect_done(&c, objective_path(&c, o.id), "saved");
}
