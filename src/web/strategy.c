/* Page family 2, the strategy map (a company's home page): mission and vision; the strategic
 * themes grouped by source and horizon; under each theme the company objectives of the cycle
 * with their progress; and a coverage line per source, where a theme with no objective this
 * cycle stands out (a dashed red card and the words "No objective this cycle"). */
#include "web/web_int.h"

enum { SOURCES = 5, HORIZONS = 2 };

static void theme_card(struct web_ctx *c, const struct view_theme *t, double expected)
{
    struct web_html *h = &c->h;
    bool covered = t->nobjs > 0;
    WEB_LIT(h, "<article");
    WEB_ATTR(h, "class", covered ? "card theme" : "card theme uncovered");
    WEB_ATTRF(h, "aria-labelledby", "t-%lld", (long long)t->th.id);
    WEB_LIT(h, "><div class=\"theme-head\"><h3");
    WEB_ATTRF(h, "id", "t-%lld", (long long)t->th.id);
    WEB_LIT(h, ">");
    web_text(h, t->th.title);
    WEB_LIT(h, "</h3><span class=\"pill\">");
    web_msg_put(h, c->loc, web_msg_horizon(t->th.horizon));
    WEB_LIT(h, "</span></div>");
    if (t->th.description && t->th.description[0]) {
        WEB_LIT(h, "<p class=\"meta\">");
        web_text(h, t->th.description);
        WEB_LIT(h, "</p>");
    }
    if (!covered) {
        WEB_LIT(h, "<p class=\"warn\">");
        web_msg_put(h, c->loc, MSG_NO_OBJECTIVE_THIS_CYCLE);
        WEB_LIT(h, "</p></article>");
        return;
    }
    WEB_LIT(h, "<ul class=\"theme-objs\">");
    for (size_t i = 0; i < t->nobjs; i++) {
        const struct view_obj *o = &t->objs[i];
        WEB_LIT(h, "<li><div>");
        web_objective_link(c, o->o.id, o->o.title);
        WEB_LIT(h, "<span class=\"meta\">");
        web_msg_put(h, c->loc, web_msg_kind(o->o.kind));
        WEB_LIT(h, "</span></div>");
        web_progress(c, o->progress, expected, -1);
        web_kr_bars(c, o, expected);
        WEB_LIT(h, "</li>");
    }
    WEB_LIT(h, "</ul></article>");
}

/* The mission or vision, or a hint (a link to the admin page for admins) when not written. */
static void statement(struct web_ctx *c, const char *text)
{
    struct web_html *h = &c->h;
    if (text && *text) {
        WEB_LIT(h, "<p>");
        web_text(h, text);
        WEB_LIT(h, "</p>");
        return;
    }
    WEB_LIT(h, "<p class=\"meta\">");
    if (c->me.role == ROLE_ADMIN) {
        WEB_LIT(h, "<a href=\"/admin#adm-company\">");
        web_msg_put(h, c->loc, MSG_NOT_WRITTEN);
        WEB_LIT(h, "</a>");
    } else {
        web_msg_put(h, c->loc, MSG_NOT_WRITTEN);
    }
    WEB_LIT(h, "</p>");
}

void web_strategy_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_strategy v;
    struct err err;
    err_clear(&err);
    if (svc_view_strategy(&c.svc, web_query_id(&c, "cycle"), &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, web_msg(c.loc, MSG_STRATEGY_TITLE), NAV_STRATEGY);
    struct web_html *h = &c.h;
    const struct cycle *cy = v.cycles.current;
    WEB_LIT(h, "<div class=\"page-head\"><div class=\"grow\"><h1>");
    web_msg_put(h, c.loc, MSG_STRATEGY_TITLE);
    WEB_LIT(h, "</h1>");
    if (cy) {
        web_cycle_line(&c, cy);
    }
    WEB_LIT(h, "</div>");
    web_cycle_picker(&c, "/strategy", &v.cycles);
    WEB_LIT(h, "</div>");

    WEB_LIT(h, "<section class=\"card mission\"><div><h2>");
    web_msg_put(h, c.loc, MSG_MISSION);
    WEB_LIT(h, "</h2>");
    statement(&c, v.tenant.mission);
    WEB_LIT(h, "</div><div><h2>");
    web_msg_put(h, c.loc, MSG_VISION);
    WEB_LIT(h, "</h2>");
    statement(&c, v.tenant.vision);
    WEB_LIT(h, "</div></section>");

    if (!v.nthemes) {
        WEB_LIT(h, "<p class=\"empty card\">");
        web_msg_put(h, c.loc, MSG_NO_THEMES);
        WEB_LIT(h, "</p>");
        web_page_end(&c);
        return;
    }
    double expected = cy ? web_expected(&c, cy) : -1;
    size_t total[SOURCES] = {0}, covered[SOURCES] = {0};
    for (size_t i = 0; i < v.nthemes; i++) {
        int s = v.themes[i].th.source;
        if (s >= 0 && s < SOURCES) {
            total[s]++;
            covered[s] += v.themes[i].nobjs > 0;
        }
    }
    /* One band per source (the strategy map's layers), its coverage line first: how many of
     * its themes have an objective this cycle; then its themes, short-term before long-term. */
    for (int s = 0; s < SOURCES; s++) {
        if (!total[s]) {
            continue;
        }
        WEB_LIT(h, "<section class=\"band\"");
        WEB_ATTRF(h, "aria-labelledby", "src-%d", s);
        WEB_LIT(h, "><div class=\"band-head\"><h2");
        WEB_ATTRF(h, "id", "src-%d", s);
        WEB_LIT(h, ">");
        web_msg_put(h, c.loc, web_msg_source(s));
        WEB_LIT(h, "</h2>");
        web_progress(&c, (double)covered[s] / (double)total[s], -1,
                     covered[s] == total[s] ? STATUS_ON_TRACK : STATUS_OFF_TRACK);
        WEB_LIT(h, "<p class=\"coverage\">");
        WEB_MSGF(h, c.loc, MSG_COVERAGE, web_fmt(&c, "%zu", covered[s]),
                 web_fmt(&c, "%zu", total[s]));
        WEB_LIT(h, "</p>");
        if (covered[s] < total[s]) {
            WEB_LIT(h, "<p class=\"warn\">");
            WEB_MSGF(h, c.loc, MSG_UNCOVERED_COUNT, web_fmt(&c, "%zu", total[s] - covered[s]));
            WEB_LIT(h, "</p>");
        }
        WEB_LIT(h, "</div><div class=\"themes\">");
        for (int hz = 0; hz < HORIZONS; hz++) {
            for (size_t i = 0; i < v.nthemes; i++) {
                if (v.themes[i].th.source == s && v.themes[i].th.horizon == hz) {
                    theme_card(&c, &v.themes[i], expected);
                }
            }
        }
        WEB_LIT(h, "</div></section>");
    }
    web_page_end(&c);
}
