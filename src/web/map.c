/* Page family 6, the alignment map: a cycle's tree from themes through company, team and
 * personal objectives to key results, collapsed by default (a node's children are read only
 * when it opens: app.js fetches /map/nodes/ID; without JavaScript the node's link opens the
 * branch as its own page), coloured by status with the words beside, filterable by team and
 * person. Key results of company and team objectives that nobody took on are marked. */
#include "web/web_int.h"
#include "web/web_people.h"

#include "domain/progress.h"

#include <stdint.h>
#include <string.h>

static void node(struct web_ctx *c, const struct view_node *n, double expected, bool open,
                 const struct view_map_node *body);

static void node_line(struct web_ctx *c, const struct view_node *n, double expected)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<span class=\"node-line\"><span class=\"node-title\">");
    web_objective_link(c, n->o.id, n->o.title);
    WEB_LIT(h, "<span class=\"meta\"> · ");
    if (n->owner_name[0]) {
        web_owner_link(c, n->o.owner_user_id, n->o.owner_team_id, n->owner_name);
    } else {
        web_msg_put(h, c->loc, MSG_COMPANY);
    }
    WEB_LIT(h, " · ");
    if (n->nkrs == 1) {
        web_msg_put(h, c->loc, MSG_KR_COUNT_ONE);
    } else {
        WEB_MSGF(h, c->loc, MSG_KR_COUNT, web_fmt(c, "%zu", n->nkrs));
    }
    if (n->nchildren && n->nchildren != SIZE_MAX) {
        WEB_LIT(h, " · ");
        WEB_MSGF(h, c->loc, MSG_ALIGNED_COUNT,
                 n->nchildren > VIEW_COUNT_MAX ? web_fmt(c, "%d+", VIEW_COUNT_MAX)
                                               : web_fmt(c, "%zu", n->nchildren));
    }
    if (n->o.state == OBJ_DRAFT) {
        WEB_LIT(h, " · ");
        web_msg_put(h, c->loc, MSG_OBJ_DRAFT);
    }
    WEB_LIT(h, "</span></span>");
    int status = expected >= 0 ? (int)progress_status(n->progress, expected, 1) : STATUS_ON_TRACK;
    web_progress(c, n->progress, -1, status); /* the status word says where it stands */
    web_status(c, status);
    WEB_LIT(h, "</span>");
}

/* "N more: filter by team or person" under a list that was cut. */
static void more(struct web_ctx *c, size_t n)
{
    if (!n) {
        return;
    }
    WEB_LIT(&c->h, "<p class=\"meta more\">");
    WEB_MSGF(&c->h, c->loc, MSG_MAP_MORE, web_fmt(c, "%zu", n));
    WEB_LIT(&c->h, "</p>");
}

/* The inside of an open node: its key results with what aligns to each, then what aligns to
 * the objective itself. */
static void node_body(struct web_ctx *c, const struct view_map_node *m, double expected)
{
    struct web_html *h = &c->h;
    long long id = (long long)m->node.o.id;
    WEB_LIT(h, "<div class=\"node-body\"");
    WEB_ATTRF(h, "id", "nb-%lld", id);
    WEB_LIT(h, "><ul class=\"kr-list\">");
    for (size_t i = 0; i < m->nkrs; i++) {
        const struct view_node_kr *k = &m->krs[i];
        bool untaken = k->superior && !k->nchildren;
        WEB_LIT(h, "<li");
        WEB_ATTR(h, "class", untaken ? "krnode untaken" : "krnode");
        WEB_LIT(h, "><span class=\"node-line\"><span class=\"node-title\"><abbr title=\"");
        web_msg_put(h, c->loc, MSG_KEY_RESULT);
        WEB_LIT(h, "\">KR</abbr> ");
        web_text(h, k->kr.title);
        WEB_LIT(h, "</span>");
        int status =
            expected >= 0 ? (int)progress_status(k->progress, expected, 1) : STATUS_ON_TRACK;
        web_progress(c, k->progress, expected, status);
        web_status(c, status);
        if (untaken && k->npending) {
            WEB_LIT(h, "<span class=\"badge pending\">");
            WEB_MSGF(h, c->loc, MSG_PENDING_COUNT, web_fmt(c, "%zu", k->npending));
            WEB_LIT(h, "</span>");
        } else if (untaken) {
            WEB_LIT(h, "<span class=\"badge untaken\">");
            web_msg_put(h, c->loc, MSG_UNTAKEN);
            WEB_LIT(h, "</span>");
        }
        WEB_LIT(h, "</span>");
        if (k->nchildren) {
            WEB_LIT(h, "<ul class=\"tree\">");
            for (size_t j = 0; j < k->nchildren; j++) {
                node(c, &k->children[j], expected, false, NULL);
            }
            WEB_LIT(h, "</ul>");
        }
        more(c, k->nmore);
        WEB_LIT(h, "</li>");
    }
    WEB_LIT(h, "</ul>");
    if (m->nchildren) {
        WEB_LIT(h, "<ul class=\"tree\">");
        for (size_t j = 0; j < m->nchildren; j++) {
            node(c, &m->children[j], expected, false, NULL);
        }
        WEB_LIT(h, "</ul>");
    }
    more(c, m->nmore);
    WEB_LIT(h, "</div>");
}

static void node(struct web_ctx *c, const struct view_node *n, double expected, bool open,
                 const struct view_map_node *body)
{
    struct web_html *h = &c->h;
    long long id = (long long)n->o.id;
    WEB_LIT(h, "<li class=\"node\"");
    WEB_ATTRF(h, "id", "n-%lld", id);
    WEB_LIT(h, "><details");
    if (!body) {
        WEB_ATTRF(h, "data-load", "/map/nodes/%lld", id);
    }
    if (open) {
        WEB_LIT(h, " open");
    }
    WEB_LIT(h, "><summary>");
    node_line(c, n, expected);
    WEB_LIT(h, "</summary>");
    if (body) {
        node_body(c, body, expected);
    } else {
        WEB_LIT(h, "<div class=\"node-body\"");
        WEB_ATTRF(h, "id", "nb-%lld", id);
        WEB_LIT(h, "><a");
        WEB_ATTRF(h, "href", "/map?root=%lld", id);
        WEB_LIT(h, ">");
        web_msg_put(h, c->loc, MSG_OPEN_BRANCH);
        WEB_LIT(h, "</a></div>");
    }
    WEB_LIT(h, "</details></li>");
}

static void filters(struct web_ctx *c, const struct view_map *v, int64_t team, const char *person)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<form class=\"inline-form filters\" method=\"get\" action=\"/map\">"
               "<div class=\"field\"><label for=\"f-cycle\">");
    web_msg_put(h, c->loc, MSG_CYCLE);
    WEB_LIT(h, "</label><select id=\"f-cycle\" name=\"cycle\">");
    for (size_t i = v->cycles.n; i-- > 0;) {
        web_option(h, web_fmt(c, "%lld", (long long)v->cycles.items[i].id), v->cycles.items[i].name,
                   &v->cycles.items[i] == v->cycles.current);
    }
    WEB_LIT(h, "</select></div><div class=\"field\"><label for=\"f-team\">");
    web_msg_put(h, c->loc, MSG_NAV_TEAMS);
    WEB_LIT(h, "</label><select id=\"f-team\" name=\"team\">");
    web_option(h, "", web_msg(c->loc, MSG_ALL_TEAMS), !team);
    for (size_t i = 0; i < v->nteams; i++) {
        web_option(h, web_fmt(c, "%lld", (long long)v->teams[i].id), v->teams[i].name,
                   v->teams[i].id == team);
    }
    WEB_LIT(h, "</select></div><div class=\"field\"><label for=\"f-person\">");
    web_msg_put(h, c->loc, MSG_FILTER_PERSON);
    WEB_LIT(h, "</label><input type=\"email\" id=\"f-person\" name=\"person\"");
    WEB_ATTR(h, "value", person);
    WEB_LIT(h, "></div><button class=\"btn\">");
    web_msg_put(h, c->loc, MSG_SHOW);
    WEB_LIT(h, "</button>");
    if (team || (person && *person)) {
        WEB_LIT(h, "<a class=\"btn\" href=\"/map\">");
        web_msg_put(h, c->loc, MSG_CLEAR);
        WEB_LIT(h, "</a>");
    }
    WEB_LIT(h, "</form>");
}

static void legend(struct web_ctx *c)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<p class=\"legend meta\">");
    for (int s = STATUS_ON_TRACK; s <= STATUS_OFF_TRACK; s++) {
        web_status(c, s);
        WEB_LIT(h, " ");
    }
    WEB_LIT(h, "<span class=\"badge untaken\">");
    web_msg_put(h, c->loc, MSG_UNTAKEN);
    WEB_LIT(h, "</span></p>");
}

void web_map_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    const char *person = http_query(req, "person");
    struct view_map_filter f = {.cycle_id = web_query_id(&c, "cycle"),
                                .team_id = web_query_id(&c, "team"),
                                .person = person,
                                .root_id = web_query_id(&c, "root")};
    struct view_map v;
    struct err err;
    err_clear(&err);
    if (svc_view_map(&c.svc, &f, &v, &err) != ERR_OK) {
        if (err.code == ERR_INVALID) {
            web_redirect_err(&c, "/map", &err);
        } else {
            web_error_page(&c, &err);
        }
        return;
    }
    web_page_begin(&c, 200, web_msg(c.loc, MSG_NAV_MAP), NAV_MAP);
    struct web_html *h = &c.h;
    const struct cycle *cy = f.root_id ? &v.expanded.cycle : v.cycles.current;
    WEB_LIT(h, "<div class=\"page-head\"><div class=\"grow\"><h1>");
    web_msg_put(h, c.loc, MSG_NAV_MAP);
    WEB_LIT(h, "</h1>");
    if (cy) {
        web_cycle_line(&c, cy);
    }
    WEB_LIT(h, "</div></div>");
    filters(&c, &v, f.team_id, person);
    legend(&c);
    double expected = cy ? web_expected(&c, cy) : -1;
    WEB_LIT(h, "<div class=\"card map\">");
    if (f.root_id) {
        WEB_LIT(h, "<p class=\"crumbs\"><a href=\"/map\">");
        web_msg_put(h, c.loc, MSG_BACK_TO_MAP);
        WEB_LIT(h, "</a></p><ul class=\"tree\">");
        node(&c, &v.expanded.node, expected, true, &v.expanded);
        WEB_LIT(h, "</ul>");
    } else if (v.filtered) {
        if (!v.nroots) {
            WEB_LIT(h, "<p class=\"empty\">");
            web_msg_put(h, c.loc, MSG_MAP_EMPTY);
            WEB_LIT(h, "</p>");
        }
        WEB_LIT(h, "<ul class=\"tree\">");
        for (size_t i = 0; i < v.nroots; i++) {
            node(&c, &v.roots[i], expected, false, NULL);
        }
        WEB_LIT(h, "</ul>");
    } else {
        WEB_LIT(h, "<ul class=\"tree themes-tree\">");
        for (size_t t = 0; v.theme_nodes && t < v.nthemes; t++) {
            WEB_LIT(h, "<li class=\"theme-node\"><div class=\"theme-line\"><strong>");
            web_text(h, v.themes[t].title);
            WEB_LIT(h, "</strong> <span class=\"pill\">");
            web_msg_put(h, c.loc, web_msg_source(v.themes[t].source));
            WEB_LIT(h, "</span> <span class=\"pill\">");
            web_msg_put(h, c.loc, web_msg_horizon(v.themes[t].horizon));
            WEB_LIT(h, "</span>");
            if (!v.ntheme_nodes[t]) {
                WEB_LIT(h, " <span class=\"warn\">");
                web_msg_put(h, c.loc, MSG_NO_OBJECTIVE_THIS_CYCLE);
                WEB_LIT(h, "</span>");
            }
            WEB_LIT(h, "</div><ul class=\"tree\">");
            for (size_t i = 0; i < v.ntheme_nodes[t]; i++) {
                node(&c, &v.theme_nodes[t][i], expected, false, NULL);
            }
            WEB_LIT(h, "</ul></li>");
        }
        WEB_LIT(h, "</ul>");
    }
    WEB_LIT(h, "</div>");
    web_page_end(&c);
}

/* GET /map/nodes/{id}: an opened node's inside, for app.js (others get the branch page). */
void web_map_node_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t id = web_param_id(&c);
    if (!c.fetch) {
        web_redirect(&c, web_fmt(&c, "/map?root=%lld", (long long)id));
        return;
    }
    struct view_map_node m;
    struct err err;
    err_clear(&err);
    if (svc_view_map_node(&c.svc, id, &m, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_fragment_begin(&c, 200);
    node_body(&c, &m, web_expected(&c, &m.cycle));
}
