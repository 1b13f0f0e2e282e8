/* Page 10, the dashboard: company progress by source and by theme (the company objectives of
 * the cycle), the key results at risk the viewer may see, check-in discipline company-wide and
 * per team (on time / late / missed, domain/rhythm.h), the final scores of the last closed cycle
 * as a histogram drawn by the server, and the coach's health score with the rules that cost the
 * most points. Every colour comes with a number or a word. */
#include "web/review_int.h"

#include <math.h>
#include <time.h>

static const char *pct(struct web_ctx *c, double f)
{
    return web_pct(c->req->arena, f);
}

static const char *count(struct web_ctx *c, size_t n)
{
    return web_num(c->req->arena, (double)n);
}

static void by_source(struct web_ctx *c, const struct view_dashboard *v)
{
    struct web_html *h = &c->h;
    web_card_begin(c, "db-src", MSG_PROGRESS_BY_SOURCE);
    if (!v->nthemes) {
        web_card_empty(c, MSG_NO_THEMES);
        return;
    }
    WEB_GRID(c, {MSG_SOURCE, false}, {MSG_THEMES, true}, {MSG_COMPANY_OBJECTIVES, true},
             {MSG_PROGRESS, false});
    for (int s = 0; s < 5; s++) {
        const struct dash_source *ds = &v->sources[s];
        if (!ds->themes) {
            continue;
        }
        WEB_LIT(h, "<tr><th scope=\"row\">");
        web_msg_put(h, c->loc, web_msg_source(s));
        WEB_LIT(h, "</th><td class=\"num\">");
        web_text(h, count(c, ds->themes));
        WEB_LIT(h, "</td><td class=\"num\">");
        web_text(h, count(c, ds->nobjs));
        WEB_LIT(h, "</td><td>");
        if (ds->nobjs) {
            web_progress(c, ds->progress, v->expected, -1);
        } else {
            WEB_LIT(h, "<span class=\"warn\">");
            web_msg_put(h, c->loc, MSG_NO_OBJECTIVE_THIS_CYCLE);
            WEB_LIT(h, "</span>");
        }
        WEB_LIT(h, "</td></tr>");
    }
    WEB_LIT(h, "</tbody></table></div><h3>");
    web_msg_put(h, c->loc, MSG_PROGRESS_BY_THEME);
    WEB_LIT(h, "</h3><ul class=\"db-themes\">");
    for (size_t i = 0; i < v->nthemes; i++) {
        const struct dash_theme *t = &v->themes[i];
        WEB_LIT(h, "<li><div><span class=\"db-theme-title\">");
        web_text(h, t->th.title);
        WEB_LIT(h, "</span> <span class=\"meta\">");
        web_msg_put(h, c->loc, web_msg_source(t->th.source));
        WEB_LIT(h, " · ");
        web_msg_put(h, c->loc, web_msg_horizon(t->th.horizon));
        WEB_LIT(h, " · ");
        if (t->nobjs == 1) {
            web_msg_put(h, c->loc, MSG_OBJECTIVE_COUNT_ONE);
        } else {
            WEB_MSGF(h, c->loc, MSG_OBJECTIVE_COUNT, count(c, t->nobjs));
        }
        WEB_LIT(h, "</span></div>");
        if (t->nobjs) {
            web_progress(c, t->progress, v->expected, -1);
        } else {
            WEB_LIT(h, "<span class=\"warn\">");
            web_msg_put(h, c->loc, MSG_NO_OBJECTIVE_THIS_CYCLE);
            WEB_LIT(h, "</span>");
        }
        WEB_LIT(h, "</li>");
    }
    WEB_LIT(h, "</ul></section>");
}

static void risks(struct web_ctx *c, const struct view_dashboard *v)
{
    struct web_html *h = &c->h;
    web_card_begin(c, "db-risk", MSG_KRS_AT_RISK);
    WEB_LIT(h, "<p class=\"meta\">");
    WEB_MSGF(h, c->loc, MSG_RISK_SUMMARY, count(c, v->risks_total), count(c, v->krs));
    WEB_LIT(h, "</p>");
    if (!v->nrisks) {
        web_card_empty(c, MSG_NO_KRS_AT_RISK);
        return;
    }
    WEB_GRID(c, {MSG_KEY_RESULT, false}, {MSG_OWNER, false}, {MSG_PROGRESS, false},
             {MSG_CONFIDENCE, true}, {MSG_STATUS, false});
    for (size_t i = 0; i < v->nrisks; i++) {
        const struct dash_risk *r = &v->risks[i];
        WEB_LIT(h, "<tr><td><a");
        WEB_URL(h, "href",
                web_fmt(c, "/objectives/%lld#kr-%lld", (long long)r->objective_id,
                        (long long)r->kr_id));
        WEB_LIT(h, ">");
        web_text(h, r->kr_title);
        WEB_LIT(h, "</a><div class=\"meta\">");
        web_text(h, r->objective_title);
        WEB_LIT(h, "</div></td><td>");
        web_text(h, r->owner_name);
        WEB_LIT(h, "</td><td>");
        web_progress(c, r->progress, v->expected, r->status);
        WEB_LIT(h, "</td><td class=\"num\">");
        web_text(h, web_fraction(c->req->arena, r->confidence));
        WEB_LIT(h, "</td><td>");
        web_status(c, r->status);
        WEB_LIT(h, "</td></tr>");
    }
    WEB_LIT(h, "</tbody></table></div></section>");
}

/* A stacked bar of on time / late / missed, with the numbers beside it. */
static void discipline_bar(struct web_ctx *c, const size_t n[DISC_COUNT])
{
    struct web_html *h = &c->h;
    size_t total = n[0] + n[1] + n[2];
    WEB_LIT(h, "<span class=\"dbar\"><svg class=\"pb\" viewBox=\"0 0 100 8\" "
               "preserveAspectRatio=\"none\" aria-hidden=\"true\">");
    double x = 0;
    for (int d = 0; d < DISC_COUNT && total; d++) {
        double w = 100.0 * (double)n[d] / (double)total;
        if (w <= 0) {
            continue;
        }
        WEB_LIT(h, "<rect");
        WEB_ATTRF(h, "class", "pb-fill st-%d", d);
        WEB_ATTRF(h, "x", "%.1f", x);
        WEB_ATTRF(h, "width", "%.1f", w);
        WEB_LIT(h, " height=\"8\"/>");
        x += w;
    }
    WEB_LIT(h, "</svg><span class=\"pnum\">");
    web_text(h, pct(c, total ? (double)n[DISC_ON_TIME] / (double)total : 0));
    WEB_LIT(h, "</span></span>");
}

static void discipline(struct web_ctx *c, const struct view_dashboard *v)
{
    struct web_html *h = &c->h;
    web_card_begin(c, "db-disc", MSG_CHECKIN_DISCIPLINE);
    WEB_LIT(h, "<p class=\"meta\">");
    web_msg_put(h, c->loc, MSG_DISCIPLINE_RULE);
    WEB_LIT(h, "</p>");
    size_t total = v->discipline[0] + v->discipline[1] + v->discipline[2];
    if (!total) {
        web_card_empty(c, MSG_NO_DISCIPLINE);
        return;
    }
    WEB_LIT(h, "<div class=\"scroll\"><table class=\"grid\"><thead><tr><th scope=\"col\">");
    web_msg_put(h, c->loc, MSG_RV_TEAM);
    WEB_LIT(h, "</th><th scope=\"col\" class=\"num\">");
    web_discipline(c, DISC_ON_TIME);
    WEB_LIT(h, "</th><th scope=\"col\" class=\"num\">");
    web_discipline(c, DISC_LATE);
    WEB_LIT(h, "</th><th scope=\"col\" class=\"num\">");
    web_discipline(c, DISC_MISSED);
    WEB_LIT(h, "</th><th scope=\"col\">");
    web_msg_put(h, c->loc, MSG_SHARE_ON_TIME);
    WEB_LIT(h, "</th></tr></thead><tbody><tr class=\"total\"><th scope=\"row\">");
    web_msg_put(h, c->loc, MSG_WHOLE_COMPANY);
    for (int d = 0; d < DISC_COUNT; d++) {
        WEB_LIT(h, "</th><td class=\"num\">");
        web_text(h, count(c, v->discipline[d]));
    }
    WEB_LIT(h, "</td><td>");
    discipline_bar(c, v->discipline);
    WEB_LIT(h, "</td></tr>");
    for (size_t i = 0; i < v->nteams; i++) {
        const struct dash_team *t = &v->teams[i];
        WEB_LIT(h, "<tr><th scope=\"row\"><a");
        WEB_URL(h, "href", web_fmt(c, "/review?team=%lld", (long long)t->team_id));
        WEB_LIT(h, ">");
        web_text(h, t->name);
        WEB_LIT(h, "</a>");
        for (int d = 0; d < DISC_COUNT; d++) {
            WEB_LIT(h, "</th><td class=\"num\">");
            web_text(h, count(c, t->count[d]));
        }
        WEB_LIT(h, "</td><td>");
        discipline_bar(c, t->count);
        WEB_LIT(h, "</td></tr>");
    }
    WEB_LIT(h, "</tbody></table></div>");
    if (v->teams_total > v->nteams) {
        WEB_LIT(h, "<p class=\"meta\">");
        WEB_MSGF(h, c->loc, MSG_TEAMS_SHOWN, count(c, v->nteams), count(c, v->teams_total));
        WEB_LIT(h, "</p>");
    }
    WEB_LIT(h, "</section>");
}

/* The histogram of final scores: ten bars, each with its count written above it. */
static void histogram(struct web_ctx *c, const struct view_dashboard *v)
{
    struct web_html *h = &c->h;
    web_card_begin(c, "db-scores", MSG_SCORE_DISTRIBUTION);
    if (!v->closed.id) {
        web_card_empty(c, MSG_NO_CLOSED_CYCLE);
        return;
    }
    size_t scored = 0, max = 0;
    for (int i = 0; i < DASH_BINS; i++) {
        scored += v->bins[i];
        max = v->bins[i] > max ? v->bins[i] : max;
    }
    WEB_LIT(h, "<p class=\"meta\">");
    WEB_MSGF(h, c->loc, MSG_SCORES_OF, v->closed.name, count(c, scored),
             count(c, v->bins[DASH_BINS]));
    WEB_LIT(h, "</p>");
    if (!scored) {
        WEB_LIT(h, "</section>");
        return;
    }
    enum { W = 320, H = 150, LEFT = 10, BASE = 125, BAR = 26, GAP = 4, TOP = 18 };
    WEB_LIT(h, "<svg class=\"hist\" viewBox=\"0 0 340 150\" role=\"img\" "
               "aria-labelledby=\"hist-t\"><title id=\"hist-t\">");
    WEB_MSGF(h, c->loc, MSG_SCORES_OF, v->closed.name, count(c, scored),
             count(c, v->bins[DASH_BINS]));
    WEB_LIT(h, "</title><line class=\"axis\" x1=\"8\" x2=\"332\" y1=\"125\" y2=\"125\"/>");
    for (int i = 0; i < DASH_BINS; i++) {
        double bh = max ? (double)(BASE - TOP) * (double)v->bins[i] / (double)max : 0;
        int x = LEFT + i * (BAR + GAP) + 8;
        /* 0.7 and above is the healthy band of an aspirational objective: coloured apart. */
        WEB_LIT(h, "<rect");
        WEB_ATTR(h, "class", i >= 7 ? "bar good" : i >= 4 ? "bar mid" : "bar low");
        WEB_ATTRF(h, "x", "%d", x);
        WEB_ATTRF(h, "y", "%.1f", BASE - bh);
        WEB_ATTRF(h, "width", "%d", BAR);
        WEB_ATTRF(h, "height", "%.1f", bh);
        WEB_LIT(h, "/><text class=\"n\"");
        WEB_ATTRF(h, "x", "%d", x + BAR / 2);
        WEB_ATTRF(h, "y", "%.1f", BASE - bh - 3);
        WEB_LIT(h, ">");
        web_text(h, count(c, v->bins[i]));
        WEB_LIT(h, "</text>");
    }
    for (int i = 0; i <= DASH_BINS; i += 1) {
        if (i % 2) {
            continue;
        }
        WEB_LIT(h, "<text class=\"tick\"");
        WEB_ATTRF(h, "x", "%d", LEFT + i * (BAR + GAP) + 8 - (i == DASH_BINS ? GAP : 0));
        WEB_LIT(h, " y=\"140\">");
        web_textf(h, "%.1f", (double)i / DASH_BINS);
        WEB_LIT(h, "</text>");
    }
    WEB_LIT(h, "</svg>");
    (void)W;
    (void)H;
    /* The same figures as a table, for screen readers and for anyone who reads numbers. */
    WEB_LIT(h, "<details class=\"hist-table\"><summary>");
    web_msg_put(h, c->loc, MSG_AS_TABLE);
    WEB_LIT(h, "</summary><table class=\"grid\"><thead><tr><th scope=\"col\">");
    web_msg_put(h, c->loc, MSG_FINAL_SCORE);
    WEB_LIT(h, "</th><th scope=\"col\" class=\"num\">");
    web_msg_put(h, c->loc, MSG_OBJECTIVES);
    WEB_LIT(h, "</th></tr></thead><tbody>");
    for (int i = 0; i < DASH_BINS; i++) {
        WEB_LIT(h, "<tr><td>");
        web_textf(h, "%.1f–%.1f", (double)i / DASH_BINS, (double)(i + 1) / DASH_BINS);
        WEB_LIT(h, "</td><td class=\"num\">");
        web_text(h, count(c, v->bins[i]));
        WEB_LIT(h, "</td></tr>");
    }
    WEB_LIT(h, "</tbody></table></details></section>");
}

static void coach(struct web_ctx *c, const struct view_dashboard *v)
{
    static const enum web_msg families[] = {MSG_FAMILY_STRATEGY, MSG_FAMILY_FOCUS,
                                            MSG_FAMILY_CHALLENGE, MSG_FAMILY_MEASURABILITY,
                                            MSG_FAMILY_RHYTHM};
    struct web_html *h = &c->h;
    web_card_begin(c, "db-coach", MSG_COACH_HEALTH);
    if (isnan(v->health)) {
        web_card_empty(c, MSG_NO_CYCLE);
        return;
    }
    int band = v->health >= 80 ? 0 : v->health >= 60 ? 1 : 2;
    WEB_LIT(h, "<p class=\"health\"><span");
    WEB_ATTRF(h, "class", "status st-%d", band);
    WEB_LIT(h, "><span class=\"dot\" aria-hidden=\"true\"></span><strong class=\"health-n\">");
    web_textf(h, "%.0f", v->health);
    WEB_LIT(h, "</strong> / 100</span> <span class=\"meta\">");
    WEB_MSGF(h, c->loc, MSG_HEALTH_OF, count(c, v->objectives));
    WEB_LIT(h, "</span></p>");
    if (!v->ntop) {
        web_card_empty(c, MSG_NO_FINDINGS);
        return;
    }
    WEB_LIT(h, "<h3>");
    web_msg_put(h, c->loc, MSG_RULES_COST);
    WEB_LIT(h, "</h3><div class=\"scroll\"><table class=\"grid\"><thead><tr><th scope=\"col\">");
    web_msg_put(h, c->loc, MSG_RULE);
    WEB_LIT(h, "</th><th scope=\"col\" class=\"num\">");
    web_msg_put(h, c->loc, MSG_FINDINGS);
    WEB_LIT(h, "</th><th scope=\"col\" class=\"num\">");
    web_msg_put(h, c->loc, MSG_POINTS);
    WEB_LIT(h, "</th></tr></thead><tbody>");
    enum coach_lang lang = c->loc == WEB_ZH ? COACH_ZH : COACH_EN;
    for (size_t i = 0; i < v->ntop; i++) {
        const struct coach_cost *t = &v->top[i];
        const struct coach_rule_info *info = coach_rule_info(t->rule);
        struct coach_finding f = {.rule = (uint8_t)t->rule, .text = (uint8_t)t->rule};
        WEB_LIT(h, "<tr><td><strong>");
        web_text(h, info->id);
        WEB_LIT(h, "</strong> <span class=\"meta\">");
        web_msg_put(h, c->loc, families[info->family < 5 ? info->family : 4]);
        WEB_LIT(h, "</span><div class=\"meta\">");
        web_text(h, coach_explanation(&f, lang));
        WEB_LIT(h, "</div></td><td class=\"num\">");
        web_text(h, count(c, t->count));
        WEB_LIT(h, "</td><td class=\"num\">");
        web_text(h, web_num(c->req->arena, t->points));
        WEB_LIT(h, "</td></tr>");
    }
    WEB_LIT(h, "</tbody></table></div></section>");
}

void web_dashboard_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_dashboard v;
    struct err err;
    err_clear(&err);
    if (svc_view_dashboard(&c.svc, web_query_id(&c, "cycle"), &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, web_msg(c.loc, MSG_DASHBOARD_TITLE), NAV_DASHBOARD);
    struct web_html *h = &c.h;
    const struct cycle *cy = v.cycles.current;
    WEB_LIT(h, "<div class=\"page-head\"><div class=\"grow\"><h1>");
    web_msg_put(h, c.loc, MSG_DASHBOARD_TITLE);
    WEB_LIT(h, "</h1>");
    if (cy) {
        web_cycle_line(&c, cy);
    }
    WEB_LIT(h, "</div>");
    web_cycle_picker(&c, "/dashboard", &v.cycles);
    WEB_LIT(h, "</div>");
    if (!cy) {
        WEB_LIT(h, "<p class=\"empty card\">");
        web_msg_put(h, c.loc, MSG_NO_CYCLE);
        WEB_LIT(h, "</p>");
        web_page_end(&c);
        return;
    }
    size_t people = v.discipline[0] + v.discipline[1] + v.discipline[2];
    WEB_LIT(h, "<ul class=\"tiles\">");
    web_tile(&c, pct(&c, v.company_progress), MSG_TILE_COMPANY_PROGRESS, NULL);
    web_tile(&c, count(&c, v.risks_total), MSG_TILE_AT_RISK, v.risks_total ? "tile bad" : NULL);
    web_tile(&c, people ? pct(&c, (double)v.discipline[DISC_ON_TIME] / (double)people) : "–",
             MSG_TILE_ON_TIME, NULL);
    web_tile(&c, isnan(v.health) ? "–" : web_fmt(&c, "%.0f", v.health), MSG_TILE_HEALTH, NULL);
    WEB_LIT(h, "</ul><div class=\"cols db-cols\"><div>");
    by_source(&c, &v);
    risks(&c, &v);
    WEB_LIT(h, "</div><div>");
    coach(&c, &v);
    histogram(&c, &v);
    WEB_LIT(h, "</div></div>");
    discipline(&c, &v);
    time_t at = (time_t)v.computed_at;
    struct tm tm;
    gmtime_r(&at, &tm);
    WEB_LIT(h, "<p class=\"meta\">");
    WEB_MSGF(h, c.loc, v.cached ? MSG_SNAPSHOT_CACHED : MSG_SNAPSHOT_LIVE,
             web_fmt(&c, "%s %02d:%02d UTC", web_date_table(c.req->arena, v.computed_at / 86400),
                     tm.tm_hour, tm.tm_min),
             web_fmt(&c, "%d", DASH_CACHE_TTL_S / 60));
    WEB_LIT(h, "</p>");
    web_page_end(&c);
}
