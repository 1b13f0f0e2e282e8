/* Page 9, the weekly review: a team's weekly progress meeting on one page, readable on a
 * projector (large type; ?view=projector larger still) and on paper (the print stylesheet drops
 * the header and the pickers). For the team (and its sub-teams) and the cycle: summary tiles,
 * the key results at risk, what changed this week per key result (value and confidence before
 * and now, the week's check-ins with their notes), initiatives overdue or due within 14 days,
 * and who has not checked in this week (the discipline of domain/rhythm.h). */
#include "web/review_int.h"

#include "core/num.h"

#include <math.h>
#include <string.h>

void web_tile(struct web_ctx *c, const char *number, enum web_msg label, const char *cls)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<li");
    WEB_ATTR(h, "class", cls ? cls : "tile");
    WEB_LIT(h, "><span class=\"tile-n\">");
    web_text(h, number);
    WEB_LIT(h, "</span><span class=\"tile-l\">");
    web_msg_put(h, c->loc, label);
    WEB_LIT(h, "</span></li>");
}

void web_discipline(struct web_ctx *c, enum discipline d)
{
    static const enum web_msg words[] = {MSG_DISC_ON_TIME, MSG_DISC_LATE, MSG_DISC_MISSED};
    struct web_html *h = &c->h;
    /* The same colours as the statuses: on time green, late amber, missed red. */
    WEB_LIT(h, "<span");
    WEB_ATTRF(h, "class", "status st-%d", (int)d);
    WEB_LIT(h, "><span class=\"dot\" aria-hidden=\"true\"></span>");
    web_msg_put(h, c->loc, words[d < DISC_COUNT ? d : DISC_MISSED]);
    WEB_LIT(h, "</span>");
}

/* The team and cycle pickers: one GET form, so a change of either keeps the other. */
static void pickers(struct web_ctx *c, const struct view_review *v, bool projector)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<form class=\"picker\" method=\"get\" action=\"/review\">");
    if (projector) {
        WEB_LIT(h, "<input type=\"hidden\" name=\"view\" value=\"projector\">");
    }
    if (v->npicker) {
        WEB_LIT(h, "<label for=\"team-pick\">");
        web_msg_put(h, c->loc, MSG_RV_TEAM);
        WEB_LIT(h, "</label> <select id=\"team-pick\" name=\"team\" data-autosubmit>");
        for (size_t i = 0; i < v->npicker; i++) {
            WEB_LIT(h, "<option");
            WEB_ATTRF(h, "value", "%lld", (long long)v->picker[i].id);
            if (v->picker[i].id == v->team.id) {
                WEB_LIT(h, " selected");
            }
            WEB_LIT(h, ">");
            web_text(h, v->picker[i].name);
            WEB_LIT(h, "</option>");
        }
        WEB_LIT(h, "</select> ");
    }
    if (v->cycles.n > 1) {
        WEB_LIT(h, "<label for=\"cycle-pick\">");
        web_msg_put(h, c->loc, MSG_CYCLE);
        WEB_LIT(h, "</label> <select id=\"cycle-pick\" name=\"cycle\" data-autosubmit>");
        for (size_t i = v->cycles.n; i-- > 0;) {
            const struct cycle *x = &v->cycles.items[i];
            WEB_LIT(h, "<option");
            WEB_ATTRF(h, "value", "%lld", (long long)x->id);
            if (x == v->cycles.current) {
                WEB_LIT(h, " selected");
            }
            WEB_LIT(h, ">");
            web_text(h, x->name);
            WEB_LIT(h, "</option>");
        }
        WEB_LIT(h, "</select> ");
    }
    WEB_LIT(h, "<button class=\"btn small\">");
    web_msg_put(h, c->loc, MSG_SHOW);
    WEB_LIT(h, "</button></form>");
}

static const char *num(struct web_ctx *c, double v)
{
    return web_num(c->req->arena, v);
}

/* A label's colon: full-width in Chinese (GLOSSARY.md). */
static const char *colon(const struct web_ctx *c)
{
    return c->loc == WEB_ZH ? "：" : ": ";
}

/* "1,200 → 1,350" or just "1,350" when nothing changed. */
static void value_change(struct web_ctx *c, double before, double now, const char *unit)
{
    struct web_html *h = &c->h;
    if (fabs(before - now) > 1e-9) {
        WEB_LIT(h, "<span class=\"before\">");
        web_text(h, num(c, before));
        WEB_LIT(h, "</span> → ");
    }
    WEB_LIT(h, "<strong>");
    web_text(h, num(c, now));
    WEB_LIT(h, "</strong>");
    if (unit && *unit) {
        WEB_LIT(h, " ");
        web_text(h, unit);
    }
    if (fabs(before - now) > 1e-9) {
        double d = round((now - before) * 1e6) / 1e6; /* 94.9 - 94.3 is not 0.6000000000000085 */
        WEB_LIT(h, " <span class=\"delta\">(");
        web_text(h, d > 0 ? web_fmt(c, "+%s", num(c, d)) : num(c, d));
        WEB_LIT(h, ")</span>");
    }
}

static void risk_table(struct web_ctx *c, const struct view_review *v, size_t nrisk)
{
    struct web_html *h = &c->h;
    web_card_begin(c, "rv-risk", MSG_KRS_AT_RISK);
    if (!nrisk) {
        web_card_empty(c, MSG_NO_KRS_AT_RISK);
        return;
    }
    WEB_GRID(c, {MSG_KEY_RESULT, false}, {MSG_OWNER, false}, {MSG_PROGRESS, false},
             {MSG_CONFIDENCE, true}, {MSG_STATUS, false});
    for (int st = STATUS_OFF_TRACK; st >= STATUS_AT_RISK; st--) {
        for (size_t i = 0; i < v->nkrs; i++) {
            const struct review_kr *r = &v->krs[i];
            if (r->status != st) {
                continue;
            }
            WEB_LIT(h, "<tr><td><a");
            WEB_URL(
                h, "href",
                web_fmt(c, "/objectives/%lld#kr-%lld", (long long)r->obj->id, (long long)r->kr.id));
            WEB_LIT(h, ">");
            web_text(h, r->kr.title);
            WEB_LIT(h, "</a><div class=\"meta\">");
            web_text(h, r->obj->title);
            WEB_LIT(h, "</div></td><td>");
            web_text(h, r->owner_name);
            WEB_LIT(h, "</td><td>");
            web_progress(c, r->progress, r->expected, r->status);
            WEB_LIT(h, "</td><td class=\"num\">");
            web_text(h, web_fraction(c->req->arena, r->kr.confidence));
            WEB_LIT(h, "</td><td>");
            web_status(c, r->status);
            WEB_LIT(h, "</td></tr>");
        }
    }
    WEB_LIT(h, "</tbody></table></div></section>");
}

static void checkin_list(struct web_ctx *c, const struct review_kr *r)
{
    struct web_html *h = &c->h;
    if (!r->nweek) {
        WEB_LIT(h, "<p class=\"warn\">");
        web_msg_put(h, c->loc, MSG_NO_CHECKIN_THIS_WEEK);
        if (r->last_at) {
            WEB_LIT(h, " · ");
            WEB_MSGF(h, c->loc, MSG_LAST_CHECKIN_ON,
                     web_date_prose(c->req->arena, c->loc, r->last_at / 86400, c->today));
        }
        WEB_LIT(h, "</p>");
        return;
    }
    WEB_LIT(h, "<ul class=\"week-checkins\">");
    for (size_t i = 0; i < r->nweek; i++) {
        const struct view_checkin *ck = &r->week[i];
        WEB_LIT(h, "<li><span class=\"meta\">");
        web_text(h, web_date_table(c->req->arena, ck->c.at / 86400));
        WEB_LIT(h, " · ");
        web_author(c, ck->author_name);
        WEB_LIT(h, "</span> ");
        web_text(h, num(c, ck->c.value));
        WEB_LIT(h, " · ");
        web_msg_put(h, c->loc, MSG_CONFIDENCE);
        WEB_LIT(h, " ");
        web_text(h, web_fraction(c->req->arena, ck->c.confidence));
        if (ck->c.note && *ck->c.note) {
            WEB_LIT(h, "<div class=\"note\">");
            web_safe(h, web_sanitize_text(c->req->arena, ck->c.note));
            WEB_LIT(h, "</div>");
        }
        WEB_LIT(h, "</li>");
    }
    WEB_LIT(h, "</ul>");
}

static void changes(struct web_ctx *c, const struct view_review *v)
{
    struct web_html *h = &c->h;
    web_card_begin(c, "rv-changes", MSG_CHANGES_THIS_WEEK);
    if (!v->nkrs) {
        web_card_empty(c, MSG_REVIEW_NO_OKRS);
        return;
    }
    const struct objective *cur = NULL;
    for (size_t i = 0; i < v->nkrs; i++) {
        const struct review_kr *r = &v->krs[i];
        if (r->obj != cur) {
            if (cur) {
                WEB_LIT(h, "</ul></div>");
            }
            cur = r->obj;
            WEB_LIT(h, "<div class=\"rv-obj\"><h3>");
            web_objective_link(c, cur->id, cur->title);
            WEB_LIT(h, "</h3><ul class=\"rv-krs\">");
        }
        WEB_LIT(h, "<li class=\"rv-kr\"");
        WEB_ATTRF(h, "id", "rv-kr-%lld", (long long)r->kr.id);
        WEB_LIT(h, "><div class=\"rv-kr-head\"><span class=\"kr-title\">");
        web_text(h, r->kr.title);
        WEB_LIT(h, " <span class=\"meta\">");
        web_text(h, r->owner_name);
        WEB_LIT(h, "</span></span>");
        web_status(c, r->status);
        WEB_LIT(h, "</div><div class=\"rv-kr-body\"><div class=\"rv-nums\"><div>");
        web_msg_put(h, c->loc, MSG_VALUE_WEEK);
        web_text(h, colon(c));
        value_change(c, r->value_before, r->kr.current, r->kr.unit);
        WEB_LIT(h, "</div><div>");
        web_msg_put(h, c->loc, MSG_CONFIDENCE);
        web_text(h, colon(c));
        if (!isnan(r->confidence_before) && fabs(r->confidence_before - r->kr.confidence) > 1e-9) {
            WEB_LIT(h, "<span class=\"before\">");
            web_text(h, web_fraction(c->req->arena, r->confidence_before));
            WEB_LIT(h, "</span> → ");
        }
        WEB_LIT(h, "<strong>");
        web_text(h, web_fraction(c->req->arena, r->kr.confidence));
        WEB_LIT(h, "</strong></div>");
        web_progress(c, r->progress, r->expected, r->status);
        WEB_LIT(h, "</div>");
        checkin_list(c, r);
        WEB_LIT(h, "</div></li>");
    }
    WEB_LIT(h, "</ul></div>");
    if (v->objectives_more) {
        WEB_LIT(h, "<p class=\"meta\">");
        WEB_MSGF(h, c->loc, MSG_REVIEW_MORE, web_fmt(c, "%zu", v->objectives_more));
        WEB_LIT(h, "</p>");
    }
    WEB_LIT(h, "</section>");
}

static const enum web_msg init_state_words[] = {MSG_INIT_TODO, MSG_INIT_DOING, MSG_INIT_DONE,
                                                MSG_INIT_DROPPED};

static void initiatives(struct web_ctx *c, const struct view_review *v)
{
    struct web_html *h = &c->h;
    web_card_begin(c, "rv-init", MSG_INITIATIVES_DUE);
    if (!v->ninitiatives) {
        web_card_empty(c, MSG_NO_INITIATIVES_DUE);
        return;
    }
    WEB_GRID(c, {MSG_INITIATIVE, false}, {MSG_OWNER, false}, {MSG_DUE, false}, {MSG_STATE, false});
    for (size_t i = 0; i < v->ninitiatives; i++) {
        const struct review_initiative *ri = &v->initiatives[i];
        WEB_LIT(h, "<tr><td>");
        web_text(h, ri->in.title);
        WEB_LIT(h, "<div class=\"meta\">");
        web_text(h, ri->kr_title);
        WEB_LIT(h, "</div></td><td>");
        web_text(h, ri->owner_name);
        WEB_LIT(h, "</td><td>");
        web_text(h, web_date_table(c->req->arena, ri->in.due));
        if (ri->overdue) {
            WEB_LIT(h, " <span class=\"status st-2\"><span class=\"dot\" aria-hidden=\"true\">"
                       "</span>");
            web_msg_put(h, c->loc, MSG_OVERDUE);
            WEB_LIT(h, "</span>");
        }
        WEB_LIT(h, "</td><td>");
        int st = ri->in.state >= 0 && ri->in.state < 4 ? ri->in.state : 0;
        web_msg_put(h, c->loc, init_state_words[st]);
        WEB_LIT(h, "</td></tr>");
    }
    WEB_LIT(h, "</tbody></table></div></section>");
}

static void people(struct web_ctx *c, const struct view_review *v)
{
    struct web_html *h = &c->h;
    web_card_begin(c, "rv-people", MSG_NOT_CHECKED_IN);
    WEB_LIT(h, "<p class=\"meta\">");
    web_msg_put(h, c->loc, MSG_DISCIPLINE_RULE);
    WEB_LIT(h, "</p>");
    size_t late = 0;
    WEB_LIT(h, "<ul class=\"people\">");
    for (size_t i = 0; i < v->npeople; i++) {
        const struct review_person *p = &v->people[i];
        if (!p->nkrs || p->discipline == DISC_ON_TIME) {
            continue;
        }
        late++;
        WEB_LIT(h, "<li class=\"person\"><strong>");
        web_text(h, p->name);
        WEB_LIT(h, "</strong> ");
        web_discipline(c, p->discipline);
        WEB_LIT(h, " <span class=\"meta\">");
        WEB_MSGF(h, c->loc, MSG_CHECKED_IN_OF, web_fmt(c, "%zu", p->nchecked),
                 web_fmt(c, "%zu", p->nkrs));
        WEB_LIT(h, " · ");
        if (p->last_at) {
            WEB_MSGF(h, c->loc, MSG_LAST_CHECKIN_ON,
                     web_date_prose(c->req->arena, c->loc, p->last_at / 86400, c->today));
        } else {
            web_msg_put(h, c->loc, MSG_NO_CHECKIN);
        }
        WEB_LIT(h, "</span></li>");
    }
    WEB_LIT(h, "</ul>");
    if (!late) {
        WEB_LIT(h, "<p class=\"empty\">");
        web_msg_put(h, c->loc, MSG_EVERYONE_CHECKED_IN);
        WEB_LIT(h, "</p>");
    }
    /* Who did, and who has nothing to check in on: named, so nobody is forgotten. */
    bool any = false;
    for (int pass = 0; pass < 2; pass++) {
        any = false;
        for (size_t i = 0; i < v->npeople; i++) {
            const struct review_person *p = &v->people[i];
            bool match = pass == 0 ? p->nkrs && p->discipline == DISC_ON_TIME : !p->nkrs;
            if (!match) {
                continue;
            }
            if (!any) {
                WEB_LIT(h, "<p class=\"meta\">");
                web_msg_put(h, c->loc, pass == 0 ? MSG_CHECKED_IN_PEOPLE : MSG_NO_KRS_PEOPLE);
                web_text(h, colon(c));
            } else {
                web_text(h, c->loc == WEB_ZH ? "、" : ", ");
            }
            any = true;
            web_text(h, p->name);
        }
        if (any) {
            WEB_LIT(h, "</p>");
        }
    }
    WEB_LIT(h, "</section>");
}

void web_review_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_review v;
    struct err err;
    err_clear(&err);
    if (svc_view_review(&c.svc, web_query_id(&c, "team"), web_query_id(&c, "cycle"), &v, &err) !=
        ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    const char *view = http_query(req, "view");
    bool projector = view && strcmp(view, "projector") == 0;
    const char *title = v.team.id
                            ? web_fmt(&c, "%s · %s", web_msg(c.loc, MSG_REVIEW_TITLE), v.team.name)
                            : web_msg(c.loc, MSG_REVIEW_TITLE);
    web_page_begin(&c, 200, title, NAV_REVIEW);
    struct web_html *h = &c.h;
    WEB_LIT(h, "<div");
    WEB_ATTR(h, "class", projector ? "review projector" : "review");
    WEB_LIT(h, "><div class=\"page-head\"><div class=\"grow\"><h1>");
    web_text(h, title);
    WEB_LIT(h, "</h1>");
    const struct cycle *cy = v.cycles.current;
    if (cy) {
        web_cycle_line(&c, cy);
    }
    WEB_LIT(h, "<p class=\"meta\">");
    WEB_MSGF(h, c.loc, MSG_REVIEW_WEEK, web_date_table(c.req->arena, v.week_start / 86400),
             web_date_table(c.req->arena, c.today));
    if (v.nscope > 1) {
        WEB_LIT(h, " · ");
        WEB_MSGF(h, c.loc, v.scope_more ? MSG_SUBTEAMS_MORE : MSG_SUBTEAMS,
                 web_fmt(&c, "%zu", v.nscope - 1));
    }
    WEB_LIT(h, "</p></div>");
    pickers(&c, &v, projector);
    WEB_LIT(h, "<p class=\"view-switch\"><a");
    const char *base =
        v.team.id ? web_fmt(&c, "/review?team=%lld", (long long)v.team.id) : "/review";
    if (cy) {
        base = web_url_with(c.req->arena, base, "cycle", web_fmt(&c, "%lld", (long long)cy->id));
    }
    WEB_URL(h, "href", projector ? base : web_url_with(c.req->arena, base, "view", "projector"));
    WEB_LIT(h, ">");
    web_msg_put(h, c.loc, projector ? MSG_NORMAL_VIEW : MSG_PROJECTOR_VIEW);
    WEB_LIT(h, "</a></p></div>");
    if (!v.team.id || !cy) {
        WEB_LIT(h, "<p class=\"empty card\">");
        web_msg_put(h, c.loc, !cy ? MSG_NO_CYCLE : MSG_REVIEW_NO_TEAM);
        WEB_LIT(h, "</p></div>");
        web_page_end(&c);
        return;
    }
    size_t nrisk = 0, checked = 0, late = 0, overdue = 0;
    for (size_t i = 0; i < v.nkrs; i++) {
        nrisk += v.krs[i].status != STATUS_ON_TRACK;
        checked += v.krs[i].nweek > 0;
    }
    for (size_t i = 0; i < v.npeople; i++) {
        late += v.people[i].nkrs && v.people[i].discipline != DISC_ON_TIME;
    }
    for (size_t i = 0; i < v.ninitiatives; i++) {
        overdue += v.initiatives[i].overdue;
    }
    WEB_LIT(h, "<ul class=\"tiles\">");
    web_tile(&c, web_fmt(&c, "%zu / %zu", checked, v.nkrs), MSG_TILE_CHECKED_IN, NULL);
    web_tile(&c, web_fmt(&c, "%zu", nrisk), MSG_TILE_AT_RISK, nrisk ? "tile bad" : NULL);
    web_tile(&c, web_fmt(&c, "%zu", v.ninitiatives), MSG_TILE_INITIATIVES_DUE,
             overdue ? "tile bad" : NULL);
    web_tile(&c, web_fmt(&c, "%zu", late), MSG_TILE_NOT_CHECKED_IN, late ? "tile bad" : NULL);
    WEB_LIT(h, "</ul>");
    risk_table(&c, &v, nrisk);
    people(&c, &v);
    initiatives(&c, &v);
    changes(&c, &v);
    WEB_LIT(h, "</div>");
    web_page_end(&c);
}
