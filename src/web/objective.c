/* Page family 4, the objective page: the objective with its theme, parent and owner; its key
 * results, each with its row (check-in in place), a server-drawn chart and the check-in
 * history; the comments; the objectives aligned to it; editing in place (a form behind "Edit");
 * adding a key result; and the @-mention that sends a take-on request on the objective or one
 * of its key results. The writes are in objective_forms.c. */
#include "web/web_int.h"
#include "web/web_people.h"

#include "domain/meta.h"

#include <string.h>

static void fact(struct web_ctx *c, enum web_msg label)
{
    WEB_LIT(&c->h, "<div><dt>");
    web_msg_put(&c->h, c->loc, label);
    WEB_LIT(&c->h, "</dt><dd>");
}

static void facts(struct web_ctx *c, const struct view_objective *v)
{
    struct web_html *h = &c->h;
    const struct objective *o = &v->obj.o;
    WEB_LIT(h, "<dl class=\"facts\">");
    fact(c, MSG_OWNER);
    if (v->obj.owner_name[0]) {
        web_owner_link(c, o->owner_user_id, o->owner_team_id, v->obj.owner_name);
    } else {
        web_msg_put(h, c->loc, MSG_COMPANY);
    }
    WEB_LIT(h, "</dd></div>");
    fact(c, MSG_CYCLE);
    web_text(h, v->cycle.name);
    WEB_LIT(h, "</dd></div>");
    if (v->theme.id) {
        fact(c, MSG_THEME);
        const char *src = web_msg(c->loc, web_msg_source(v->theme.source));
        web_text(h, c->loc == WEB_ZH ? web_fmt(c, "%s（%s）", v->theme.title, src)
                                     : web_fmt(c, "%s (%s)", v->theme.title, src));
        WEB_LIT(h, "</dd></div>");
    }
    if (v->parent.id) {
        fact(c, v->parent_kr.id ? MSG_PARENT_KR : MSG_PARENT_OBJECTIVE);
        web_objective_link(c, v->parent.id, v->parent_kr.id ? v->parent_kr.title : v->parent.title);
        WEB_LIT(h, "</dd></div>");
    }
    fact(c, MSG_VISIBILITY);
    web_msg_put(h, c->loc, web_msg_visibility(o->visibility));
    WEB_LIT(h, "</dd></div></dl>");
    if (!v->theme.id && !v->parent.id && !o->parent_objective_id && !o->parent_kr_id) {
        WEB_LIT(h, "<p class=\"warn\">");
        web_msg_put(h, c->loc, MSG_TRACES_TO_NOTHING);
        WEB_LIT(h, "</p>");
    }
}

static void select_enum(struct web_ctx *c, const char *name, enum web_msg label, const char *field,
                        int value, enum web_msg (*word)(int), int count)
{
    struct web_html *h = &c->h;
    const struct field *f = meta_field(&entity_objective, field);
    WEB_LIT(h, "<div class=\"field\"><label");
    WEB_ATTRF(h, "for", "e-%s", name);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, label);
    WEB_LIT(h, "</label><select");
    WEB_ATTRF(h, "id", "e-%s", name);
    WEB_ATTR(h, "name", name);
    WEB_LIT(h, ">");
    for (int i = 0; i < count; i++) {
        web_option(h, f->enum_names[i], web_msg(c->loc, word(i)),
                   web_chosen(c, name, f->enum_names[i], i == value));
    }
    WEB_LIT(h, "</select></div>");
}

/* Opens a form that sits in a closed <details> (its summary says what it does): open when the
 * page is drawn again for it with what was typed. */
static void details_form(struct web_ctx *c, const char *action, enum web_msg summary,
                         const char *hints)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<details class=\"edit\"");
    if (web_filling(c, action)) {
        WEB_LIT(h, " open");
    }
    WEB_LIT(h, "><summary>");
    web_msg_put(h, c->loc, summary);
    WEB_LIT(h, "</summary><form class=\"card\" method=\"post\"");
    if (hints) {
        WEB_ATTR(h, "data-hints", hints);
    }
    WEB_ATTR(h, "action", action);
    WEB_LIT(h, ">");
}

static void edit_form(struct web_ctx *c, const struct view_objective *v)
{
    struct web_html *h = &c->h;
    const struct objective *o = &v->obj.o;
    details_form(c, web_fmt(c, "/objectives/%lld", (long long)o->id), MSG_EDIT, NULL);
    web_csrf_field(c);
    WEB_LIT(h, "<input type=\"hidden\" name=\"version\"");
    WEB_ATTRF(h, "value", "%lld", (long long)o->version);
    WEB_LIT(h, ">");
    web_input(c, "e-title", "title", "text", MSG_TITLE, o->title, true);
    WEB_LIT(h, "<div class=\"field\"><label for=\"e-description\">");
    web_msg_put(h, c->loc, MSG_DESCRIPTION);
    WEB_LIT(h, "</label><textarea id=\"e-description\" name=\"description\">");
    web_text(h, web_value(c, "description", o->description));
    WEB_LIT(h, "</textarea></div>");
    select_enum(c, "kind", MSG_KIND, "kind", o->kind, web_msg_kind, 2);
    select_enum(c, "visibility", MSG_VISIBILITY, "visibility", o->visibility, web_msg_visibility,
                3);
    select_enum(c, "state", MSG_STATE, "state", o->state, web_msg_obj_state, 3);
    if (!o->parent_objective_id && !o->parent_kr_id) {
        WEB_LIT(h, "<div class=\"field\"><label for=\"e-theme\">");
        web_msg_put(h, c->loc, MSG_THEME);
        WEB_LIT(h, "</label><select id=\"e-theme\" name=\"theme_id\">");
        web_option(h, "", web_msg(c->loc, MSG_NONE), web_chosen(c, "theme_id", "", !o->theme_id));
        for (size_t i = 0; i < v->nthemes; i++) {
            const char *id = web_fmt(c, "%lld", (long long)v->themes[i].id);
            web_option(h, id, v->themes[i].title,
                       web_chosen(c, "theme_id", id, v->themes[i].id == o->theme_id));
        }
        WEB_LIT(h, "</select></div>");
    }
    WEB_LIT(h, "<div class=\"actions\"><button class=\"btn primary\">");
    web_msg_put(h, c->loc, MSG_SAVE);
    WEB_LIT(h, "</button></div></form></details>");
}

static void history(struct web_ctx *c, const struct view_checkin *ck, size_t n)
{
    if (!n) {
        return;
    }
    struct web_html *h = &c->h;
    struct arena *a = c->req->arena;
    WEB_LIT(h, "<details class=\"history\"><summary>");
    web_msg_put(h, c->loc, MSG_CHECKIN_HISTORY);
    web_textf(h, " (%zu)", n);
    WEB_LIT(h, "</summary><table><thead><tr><th>");
    web_msg_put(h, c->loc, MSG_DATE);
    WEB_LIT(h, "</th><th class=\"num\">");
    web_msg_put(h, c->loc, MSG_CURRENT);
    WEB_LIT(h, "</th><th class=\"num\">");
    web_msg_put(h, c->loc, MSG_CONFIDENCE);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c->loc, MSG_STATUS);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c->loc, MSG_BY);
    WEB_LIT(h, "</th><th>");
    web_msg_put(h, c->loc, MSG_NOTE);
    WEB_LIT(h, "</th></tr></thead><tbody>");
    for (size_t i = n; i-- > 0;) {
        WEB_LIT(h, "<tr><td>");
        web_text(h, web_date_table(a, ck[i].c.at / 86400));
        WEB_LIT(h, "</td><td class=\"num\">");
        web_text(h, web_num(a, ck[i].c.value));
        WEB_LIT(h, "</td><td class=\"num\">");
        web_text(h, web_fraction(a, ck[i].c.confidence));
        WEB_LIT(h, "</td><td>");
        web_status(c, ck[i].c.status);
        WEB_LIT(h, "</td><td>");
        web_author(c, ck[i].author_name);
        WEB_LIT(h, "</td><td>");
        web_text(h, ck[i].c.note);
        WEB_LIT(h, "</td></tr>");
    }
    WEB_LIT(h, "</tbody></table></details>");
}

static void key_results(struct web_ctx *c, const struct view_objective *v, bool can_checkin)
{
    struct web_html *h = &c->h;
    double expected = web_expected(c, &v->cycle);
    const char *back = web_fmt(c, "/objectives/%lld", (long long)v->obj.o.id);
    struct web_row_state st = {.back = back};
    WEB_LIT(h, "<section class=\"card obj\" aria-labelledby=\"krs-h\"><div class=\"obj-head\">"
               "<h2 id=\"krs-h\">");
    web_msg_put(h, c->loc, MSG_KEY_RESULTS);
    WEB_LIT(h, "</h2></div>");
    for (size_t i = 0; i < v->obj.nkrs; i++) {
        WEB_LIT(h, "<div class=\"kr-block\"><ul class=\"krs\">");
        bool mine = v->obj.krs[i].kr.owner_user_id == c->me.id; /* its owner checks in too */
        bool open = v->cycle.state == CYCLE_ACTIVE || v->cycle.state == CYCLE_PLANNING;
        web_kr_row(c, &v->obj.krs[i], expected, can_checkin || (open && mine), &st);
        WEB_LIT(h, "</ul>");
        web_kr_chart(c, &v->obj.krs[i].kr, &v->cycle, v->checkins[i], v->ncheckins[i]);
        history(c, v->checkins[i], v->ncheckins[i]);
        WEB_LIT(h, "</div>");
    }
    if (!v->obj.nkrs) {
        WEB_LIT(h, "<p class=\"empty kr-block\">");
        web_msg_put(h, c->loc, MSG_NONE);
        WEB_LIT(h, "</p>");
    }
    WEB_LIT(h, "</section>");
}

static void add_kr_form(struct web_ctx *c, const struct view_objective *v)
{
    struct web_html *h = &c->h;
    details_form(c, web_fmt(c, "/objectives/%lld/key-results", (long long)v->obj.o.id), MSG_ADD_KR,
                 "/objectives/hints");
    WEB_LIT(h, "<input type=\"hidden\" name=\"objective_id\"");
    WEB_ATTRF(h, "value", "%lld", (long long)v->obj.o.id);
    WEB_LIT(h, ">");
    web_csrf_field(c);
    web_input(c, "k-title", "title", "text", MSG_TITLE, NULL, true);
    WEB_LIT(h, "<div class=\"inline-form\">");
    web_input(c, "k-start", "start", "text", MSG_START, "0", true);
    web_input(c, "k-target", "target", "text", MSG_TARGET, NULL, true);
    web_input(c, "k-unit", "unit", "text", MSG_UNIT, NULL, false);
    WEB_LIT(h, "<div class=\"field\"><label for=\"k-direction\">");
    web_msg_put(h, c->loc, MSG_DIRECTION);
    WEB_LIT(h, "</label><select id=\"k-direction\" name=\"direction\">");
    static const enum web_msg dirs[] = {MSG_DIR_INCREASE, MSG_DIR_DECREASE, MSG_DIR_AT_LEAST,
                                        MSG_DIR_AT_MOST};
    const struct field *f = meta_field(&entity_key_result, "direction");
    for (int i = 0; i < 4; i++) {
        web_option(h, f->enum_names[i], web_msg(c->loc, dirs[i]),
                   web_chosen(c, "direction", f->enum_names[i], i == 0));
    }
    WEB_LIT(h, "</select></div></div><div class=\"actions\"><button class=\"btn primary\">");
    web_msg_put(h, c->loc, MSG_ADD_KR);
    WEB_LIT(h, "</button></div></form>");
    web_coach_hints(c, NULL, false);
    WEB_LIT(h, "</details>");
}

/* The options of an "on" select: the objective, then each key result (the first chosen unless
 * on_objective), or as posted when the page is drawn again. */
static void on_options(struct web_ctx *c, const struct view_objective *v, bool on_objective)
{
    struct web_html *h = &c->h;
    web_option(h, "objective",
               on_objective ? web_msg(c->loc, MSG_OBJECTIVE)
                            : WEB_MSG_STR(c->req->arena, c->loc, MSG_OF,
                                          web_msg(c->loc, MSG_OBJECTIVE), v->obj.o.title),
               web_chosen(c, "on", "objective", on_objective || !v->obj.nkrs));
    for (size_t i = 0; i < v->obj.nkrs; i++) {
        const char *id = web_fmt(c, "%lld", (long long)v->obj.krs[i].kr.id);
        web_option(h, id, web_fmt(c, "KR%zu · %s", i + 1, v->obj.krs[i].kr.title),
                   web_chosen(c, "on", id, !on_objective && i == 0));
    }
}

/* The @-mention: whom (an email, with suggestions), on what (the objective or a key result),
 * and a message. */
static void mention_form(struct web_ctx *c, const struct view_objective *v)
{
    struct web_html *h = &c->h;
    web_card_begin(c, "mention-h", MSG_MENTION);
    const char *action = web_fmt(c, "/objectives/%lld/requests", (long long)v->obj.o.id);
    WEB_LIT(h, "<form method=\"post\"");
    WEB_ATTR(h, "action", action);
    WEB_LIT(h, ">");
    web_csrf_field(c);
    web_filling(c, action);
    WEB_LIT(h, "<div class=\"field\"><label for=\"m-to\">@ ");
    web_msg_put(h, c->loc, MSG_PERSON);
    WEB_LIT(h, " <span class=\"hint\">");
    web_msg_put(h, c->loc, MSG_EMAIL);
    WEB_LIT(h, "</span></label><input id=\"m-to\" name=\"to\" type=\"email\" list=\"people\" "
               "autocomplete=\"off\" required");
    WEB_ATTR(h, "value", web_value(c, "to", NULL));
    WEB_LIT(h, "><datalist id=\"people\">");
    for (size_t i = 0; i < v->npeople; i++) {
        WEB_LIT(h, "<option");
        WEB_ATTR(h, "value", v->people[i].email);
        WEB_ATTR(h, "label", v->people[i].name);
        WEB_LIT(h, "></option>");
    }
    WEB_LIT(h, "</datalist></div><div class=\"field\"><label for=\"m-on\">");
    web_msg_put(h, c->loc, MSG_MENTION_ON);
    WEB_LIT(h, "</label><select id=\"m-on\" name=\"on\">");
    on_options(c, v, false);
    WEB_LIT(h, "</select></div><div class=\"field\"><label for=\"m-msg\">");
    web_msg_put(h, c->loc, MSG_MESSAGE);
    WEB_LIT(h, "</label><textarea id=\"m-msg\" name=\"message\">");
    web_text(h, web_value(c, "message", ""));
    WEB_LIT(h, "</textarea></div><button class=\"btn\">");
    web_msg_put(h, c->loc, MSG_SEND_REQUEST);
    WEB_LIT(h, "</button></form></section>");
}

/* Writing one's own objective aligned to this one or to one of its key results (a lead's team
 * objective under a company key result): the new-objective form, its parent set. Not in a cycle
 * that has ended. */
static void align_form(struct web_ctx *c, const struct view_objective *v)
{
    if (v->cycle.state != CYCLE_PLANNING && v->cycle.state != CYCLE_ACTIVE) {
        return;
    }
    struct web_html *h = &c->h;
    WEB_LIT(h, "<form class=\"inline-form\" method=\"get\" action=\"/objectives/new\">"
               "<input type=\"hidden\" name=\"parent\"");
    WEB_ATTRF(h, "value", "%lld", (long long)v->obj.o.id);
    WEB_LIT(h, "><div class=\"field\"><label for=\"a-on\">");
    web_msg_put(h, c->loc, MSG_ALIGN_NEW);
    WEB_LIT(h, "</label><select id=\"a-on\" name=\"on\">");
    on_options(c, v, true);
    WEB_LIT(h, "</select></div><button class=\"btn\">");
    web_msg_put(h, c->loc, MSG_NEW_OBJECTIVE);
    WEB_LIT(h, "</button></form>");
}

static void children(struct web_ctx *c, const struct view_objective *v)
{
    struct web_html *h = &c->h;
    double expected = web_expected(c, &v->cycle);
    web_card_begin(c, "children-h", MSG_ALIGNED_CHILDREN);
    if (!v->nchildren) {
        WEB_LIT(h, "<p class=\"empty\">");
        web_msg_put(h, c->loc, MSG_NO_CHILDREN);
        WEB_LIT(h, "</p>");
    }
    align_form(c, v);
    if (!v->nchildren) {
        WEB_LIT(h, "</section>");
        return;
    }
    WEB_LIT(h, "<ul class=\"theme-objs\">");
    for (size_t i = 0; i < v->nchildren; i++) {
        const struct view_obj *o = &v->children[i];
        WEB_LIT(h, "<li><div>");
        web_objective_link(c, o->o.id, o->o.title);
        WEB_LIT(h, "<span class=\"meta\"> · ");
        web_owner_link(c, o->o.owner_user_id, o->o.owner_team_id, o->owner_name);
        if (o->o.state == OBJ_DRAFT) {
            WEB_LIT(h, " · ");
            web_msg_put(h, c->loc, MSG_OBJ_DRAFT);
        }
        WEB_LIT(h, "</span></div>");
        web_progress(c, o->progress, expected, -1);
        WEB_LIT(h, "</li>");
    }
    WEB_LIT(h, "</ul>");
    if (v->nchildren_total > v->nchildren) {
        WEB_LIT(h, "<p class=\"meta\"><a");
        WEB_ATTRF(h, "href", "/map?root=%lld", (long long)v->obj.o.id);
        WEB_LIT(h, ">");
        WEB_MSGF(h, c->loc, MSG_MORE_IN_MAP, web_fmt(c, "%zu", v->nchildren_total));
        WEB_LIT(h, "</a></p>");
    }
    WEB_LIT(h, "</section>");
}

static void comments(struct web_ctx *c, const struct view_objective *v, bool can_comment)
{
    struct web_html *h = &c->h;
    struct arena *a = c->req->arena;
    web_card_begin(c, "comments-h", MSG_COMMENTS);
    WEB_LIT(h, "<ul class=\"comments\">");
    for (size_t i = 0; i < v->ncomments; i++) {
        const struct view_comment *vc = &v->comments[i];
        WEB_LIT(h, "<li><div class=\"meta\"><strong>");
        web_text(h, vc->author_name);
        WEB_LIT(h, "</strong> · ");
        web_text(h, web_date_prose(a, c->loc, vc->c.at / 86400, c->today));
        for (size_t k = 0; vc->c.kr_id && k < v->obj.nkrs; k++) {
            if (v->obj.krs[k].kr.id == vc->c.kr_id) {
                WEB_LIT(h, " · ");
                WEB_MSGF(h, c->loc, MSG_ON_KR, web_fmt(c, "KR%zu", k + 1));
            }
        }
        WEB_LIT(h, "</div><div>");
        web_safe(h, web_sanitize_text(a, vc->c.body));
        WEB_LIT(h, "</div></li>");
    }
    WEB_LIT(h, "</ul>");
    if (!v->ncomments) {
        WEB_LIT(h, "<p class=\"empty\">");
        web_msg_put(h, c->loc, MSG_NO_COMMENTS);
        WEB_LIT(h, "</p>");
    }
    if (!can_comment) {
        WEB_LIT(h, "</section>");
        return;
    }
    const char *action = web_fmt(c, "/objectives/%lld/comments", (long long)v->obj.o.id);
    WEB_LIT(h, "<form method=\"post\"");
    WEB_ATTR(h, "action", action);
    WEB_LIT(h, ">");
    web_csrf_field(c);
    web_filling(c, action);
    WEB_LIT(h, "<div class=\"field\"><label for=\"cm-body\">");
    web_msg_put(h, c->loc, MSG_ADD_COMMENT);
    WEB_LIT(h, "</label><textarea id=\"cm-body\" name=\"body\" required>");
    web_text(h, web_value(c, "body", ""));
    WEB_LIT(h, "</textarea></div><div class=\"inline-form\"><div class=\"field\"><label "
               "for=\"cm-on\" class=\"sr\">");
    web_msg_put(h, c->loc, MSG_COMMENT_ON);
    WEB_LIT(h, "</label><select id=\"cm-on\" name=\"on\">");
    on_options(c, v, true);
    WEB_LIT(h, "</select></div><button class=\"btn\">");
    web_msg_put(h, c->loc, MSG_COMMENT);
    WEB_LIT(h, "</button></div></form></section>");
}

void web_objective_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_objective v;
    struct err err;
    err_clear(&err);
    int64_t id = web_param_id_or_404(&c, "objective");
    if (!id) {
        return;
    }
    if (svc_view_objective(&c.svc, id, &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    const struct objective *o = &v.obj.o;
    web_page_begin(&c, 200, o->title, NAV_NONE);
    struct web_html *h = &c.h;
    WEB_LIT(h, "<nav class=\"crumbs\"");
    WEB_ATTR(h, "aria-label", web_msg(c.loc, MSG_ALIGNS_TO));
    WEB_LIT(h, "><a href=\"/strategy\">");
    web_msg_put(h, c.loc, MSG_STRATEGY_TITLE);
    WEB_LIT(h, "</a>");
    if (v.theme.id) {
        WEB_LIT(h, " › ");
        web_text(h, v.theme.title);
    }
    if (v.parent.id) {
        WEB_LIT(h, " › ");
        web_objective_link(&c, v.parent.id, v.parent.title);
    }
    WEB_LIT(h, "</nav><div class=\"page-head\"><div class=\"grow\"><h1>");
    web_text(h, o->title);
    WEB_LIT(h, "</h1>");
    facts(&c, &v);
    WEB_LIT(h, "</div><div class=\"actions\">");
    if (o->state == OBJ_DRAFT) {
        WEB_LIT(h, "<span class=\"pill draft\">");
        web_msg_put(h, c.loc, MSG_OBJ_DRAFT);
        WEB_LIT(h, "</span>");
    }
    WEB_LIT(h, "<span class=\"pill\">");
    web_msg_put(h, c.loc, web_msg_kind(o->kind));
    WEB_LIT(h, "</span>");
    web_objective_progress(&c, &v.obj, web_expected(&c, &v.cycle));
    WEB_LIT(h, "</div></div>");
    if (o->description && o->description[0]) {
        WEB_LIT(h, "<div class=\"card\">");
        web_safe(h, web_sanitize_text(c.req->arena, o->description));
        WEB_LIT(h, "</div>");
    }
    bool open = v.cycle.state == CYCLE_ACTIVE || v.cycle.state == CYCLE_PLANNING;
    if (v.can_edit && open) {
        edit_form(&c, &v);
    }
    WEB_LIT(h, "<div class=\"cols\"><div>");
    key_results(&c, &v, v.can_edit && open);
    if (v.can_edit && open) {
        add_kr_form(&c, &v);
    }
    comments(&c, &v, v.cycle.state != CYCLE_CLOSED); /* a closed cycle keeps what was said */
    WEB_LIT(h, "</div><div>");
    web_coach_panel(&c, o->id);
    if (v.can_edit && open) {
        mention_form(&c, &v);
    }
    children(&c, &v);
    WEB_LIT(h, "</div></div>");
    web_page_end(&c);
}
