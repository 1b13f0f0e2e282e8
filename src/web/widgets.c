/* Small pieces pages share: progress bars (inline SVG, always with the number), status labels
 * (colour and word), a key result's numbers, the cycle line and picker, and the localized words
 * of the model's enums. */
#include "web/web_int.h"

#include "core/num.h"

#include "domain/progress.h"

#include <math.h>

enum web_msg web_msg_status(int status)
{
    return status == STATUS_AT_RISK     ? MSG_STATUS_AT_RISK
           : status == STATUS_OFF_TRACK ? MSG_STATUS_OFF_TRACK
                                        : MSG_STATUS_ON_TRACK;
}

enum web_msg web_msg_kind(int kind)
{
    return kind == KIND_ASPIRATIONAL ? MSG_KIND_ASPIRATIONAL : MSG_KIND_COMMITTED;
}

enum web_msg web_msg_source(int source)
{
    static const enum web_msg m[] = {MSG_SOURCE_FINANCIAL, MSG_SOURCE_MARKET, MSG_SOURCE_BUSINESS,
                                     MSG_SOURCE_CAPABILITY, MSG_SOURCE_OTHER};
    return source >= 0 && source < 5 ? m[source] : MSG_SOURCE_OTHER;
}

enum web_msg web_msg_horizon(int horizon)
{
    return horizon == HORIZON_LONG ? MSG_HORIZON_LONG : MSG_HORIZON_SHORT;
}

enum web_msg web_msg_cycle_state(int state)
{
    static const enum web_msg m[] = {MSG_CYCLE_PLANNING, MSG_CYCLE_ACTIVE, MSG_CYCLE_GRADING,
                                     MSG_CYCLE_CLOSED};
    return state >= 0 && state < 4 ? m[state] : MSG_CYCLE_ACTIVE;
}

enum web_msg web_msg_request_state(int state)
{
    static const enum web_msg m[] = {MSG_REQ_PENDING, MSG_REQ_ACCEPTED, MSG_REQ_DECLINED,
                                     MSG_REQ_WITHDRAWN};
    return state >= 0 && state < 4 ? m[state] : MSG_REQ_PENDING;
}

enum web_msg web_msg_visibility(int vis)
{
    return vis == VIS_TEAM ? MSG_VIS_TEAM : vis == VIS_PRIVATE ? MSG_VIS_PRIVATE : MSG_VIS_PUBLIC;
}

enum web_msg web_msg_obj_state(int state)
{
    return state == OBJ_DRAFT     ? MSG_OBJ_DRAFT
           : state == OBJ_DROPPED ? MSG_OBJ_DROPPED
                                  : MSG_OBJ_ACTIVE;
}

double web_expected(const struct web_ctx *c, const struct cycle *cy)
{
    return cy ? expected_progress(cy->start, cy->end, c->today) : 0;
}

int web_kr_status(const struct web_ctx *c, const struct view_kr *k, double expected)
{
    (void)c;
    return (int)kr_status_now(k->progress, expected, k->kr.confidence,
                              k->last.id ? k->last.status : -1);
}

void web_progress(struct web_ctx *c, double progress, double expected, int status)
{
    struct web_html *h = &c->h;
    double p = isfinite(progress) ? fmin(fmax(progress, 0), 1) : 0;
    if (status < 0) {
        status = expected >= 0 ? (int)progress_status(p, expected, 1) : STATUS_ON_TRACK;
    }
    /* The track is the SVG's own background (the stylesheet); a bar stays ~200 bytes, as maps
     * draw hundreds. */
    WEB_LIT(h, "<span class=\"pbar\"><svg class=\"pb\" viewBox=\"0 0 100 8\" "
               "preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect");
    WEB_ATTRF(h, "class", "pb-fill st-%d", status);
    WEB_ATTRF(h, "width", "%.1f", p * 100);
    WEB_LIT(h, " height=\"8\"/>");
    if (expected >= 0) {
        double e = fmin(fmax(expected, 0), 1) * 100;
        WEB_LIT(h, "<rect class=\"pb-exp\"");
        WEB_ATTRF(h, "x", "%.1f", e > 99 ? 99 : e);
        WEB_LIT(h, " width=\"1\" height=\"8\"/>");
    }
    WEB_LIT(h, "</svg><span class=\"pnum\">");
    web_text(h, web_pct(c->req->arena, p));
    WEB_LIT(h, "</span>");
    if (expected >= 0) {
        WEB_LIT(h, "<span class=\"sr\">");
        WEB_MSGF(h, c->loc, MSG_PROGRESS_ARIA, web_pct(c->req->arena, p),
                 web_pct(c->req->arena, expected));
        WEB_LIT(h, "</span>");
    }
    WEB_LIT(h, "</span>");
}

void web_status(struct web_ctx *c, int status)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<span");
    WEB_ATTRF(h, "class", "status st-%d", status);
    WEB_LIT(h, "><span class=\"dot\" aria-hidden=\"true\"></span>");
    web_msg_put(h, c->loc, web_msg_status(status));
    WEB_LIT(h, "</span>");
}

void web_kr_numbers(struct web_ctx *c, const struct key_result *kr)
{
    struct web_html *h = &c->h;
    struct arena *a = c->req->arena;
    if (kr->type == KR_MILESTONE) {
        web_msg_put(h, c->loc, kr->current >= 1 ? MSG_MILESTONE_DONE : MSG_MILESTONE_OPEN);
        return;
    }
    WEB_LIT(h, "<span class=\"num\">");
    WEB_MSGF(h, c->loc, MSG_OF, web_num(a, kr->current), web_num(a, kr->target));
    if (kr->unit && kr->unit[0]) {
        if (num_unit_spaced(kr->unit)) {
            WEB_LIT(h, " ");
        }
        web_text(h, kr->unit);
    }
    WEB_LIT(h, "</span>");
}

void web_cycle_picker(struct web_ctx *c, const char *path, const struct view_cycles *cy)
{
    if (cy->n < 2) {
        return;
    }
    struct web_html *h = &c->h;
    WEB_LIT(h, "<form class=\"picker\" method=\"get\"");
    WEB_URL(h, "action", path);
    WEB_LIT(h, "><label for=\"cycle-pick\">");
    web_msg_put(h, c->loc, MSG_SELECT_CYCLE);
    WEB_LIT(h, "</label> <select id=\"cycle-pick\" name=\"cycle\" data-autosubmit>");
    for (size_t i = cy->n; i-- > 0;) {
        const struct cycle *x = &cy->items[i];
        WEB_LIT(h, "<option");
        WEB_ATTRF(h, "value", "%lld", (long long)x->id);
        if (x == cy->current) {
            WEB_LIT(h, " selected");
        }
        WEB_LIT(h, ">");
        web_text(h, x->name);
        WEB_LIT(h, " · ");
        web_msg_put(h, c->loc, web_msg_cycle_state(x->state));
        WEB_LIT(h, "</option>");
    }
    WEB_LIT(h, "</select> <button class=\"btn small\">");
    web_msg_put(h, c->loc, MSG_SHOW);
    WEB_LIT(h, "</button></form>");
}

void web_cycle_line(struct web_ctx *c, const struct cycle *cy)
{
    struct web_html *h = &c->h;
    struct arena *a = c->req->arena;
    WEB_LIT(h, "<p class=\"meta cycle-line\">");
    const char *state = web_msg(c->loc, web_msg_cycle_state(cy->state));
    const char *name = c->loc == WEB_ZH ? web_fmt(c, "%s（%s）", cy->name, state)
                                        : web_fmt(c, "%s (%s)", cy->name, state);
    WEB_MSGF(h, c->loc, MSG_CYCLE_LINE, name, web_date_table(a, cy->start),
             web_date_table(a, cy->end), web_pct(a, web_expected(c, cy)));
    WEB_LIT(h, "</p>");
}

void web_objective_link(struct web_ctx *c, int64_t id, const char *title)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<a");
    WEB_ATTRF(h, "href", "/objectives/%lld", (long long)id);
    WEB_LIT(h, ">");
    web_text(h, title);
    WEB_LIT(h, "</a>");
}

void web_card_begin(struct web_ctx *c, const char *id, enum web_msg title)
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

void web_card_empty(struct web_ctx *c, enum web_msg empty)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<p class=\"empty\">");
    web_msg_put(h, c->loc, empty);
    WEB_LIT(h, "</p></section>");
}

void web_grid_begin(struct web_ctx *c, const struct web_col *cols, size_t n)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"scroll\"><table class=\"grid\"><thead><tr>");
    for (size_t i = 0; i < n; i++) {
        if (cols[i].num) {
            WEB_LIT(h, "<th scope=\"col\" class=\"num\">");
        } else {
            WEB_LIT(h, "<th scope=\"col\">");
        }
        web_msg_put(h, c->loc, cols[i].title);
        WEB_LIT(h, "</th>");
    }
    WEB_LIT(h, "</tr></thead><tbody>");
}

void web_value_field(struct web_ctx *c, const char *id, const char *unit, const char *value,
                     bool invalid)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"field\"><label");
    WEB_ATTR(h, "for", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, MSG_VALUE);
    if (unit && unit[0]) {
        WEB_LIT(h, " <span class=\"hint\">");
        web_text(h, unit);
        WEB_LIT(h, "</span>");
    }
    WEB_LIT(h, "</label><input name=\"value\" type=\"text\" inputmode=\"decimal\" "
               "autocomplete=\"off\" required");
    WEB_ATTR(h, "id", id);
    WEB_ATTR(h, "value", value);
    if (invalid) {
        WEB_LIT(h, " aria-invalid=\"true\"");
    }
    WEB_LIT(h, "></div>");
}

void web_small_link(struct web_ctx *c, const char *href, enum web_msg label)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<a class=\"btn small\"");
    WEB_URL(h, "href", href);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, label);
    WEB_LIT(h, "</a>");
}

void web_next_page(struct web_ctx *c, const char *path, int64_t next)
{
    if (!next) {
        return;
    }
    struct web_html *h = &c->h;
    WEB_LIT(h, "<p><a rel=\"next\"");
    WEB_ATTRF(h, "href", "%s?after=%lld", path, (long long)next);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, MSG_NEXT_PAGE);
    WEB_LIT(h, "</a></p>");
}

void web_alert(struct web_ctx *c, const char *text)
{
    WEB_LIT(&c->h, "<p class=\"notice err\" role=\"alert\">");
    web_text(&c->h, text);
    WEB_LIT(&c->h, "</p>");
}

void web_kr_bars(struct web_ctx *c, const struct view_obj *o, double expected)
{
    if (!o->nkrs) {
        return;
    }
    struct web_html *h = &c->h;
    WEB_LIT(h, "<ul class=\"theme-krs\">");
    for (size_t k = 0; k < o->nkrs; k++) {
        WEB_LIT(h, "<li><span>");
        web_text(h, o->krs[k].kr.title);
        WEB_LIT(h, "</span>");
        web_progress(c, o->krs[k].progress, expected, -1);
        WEB_LIT(h, "</li>");
    }
    WEB_LIT(h, "</ul>");
}

void web_author(struct web_ctx *c, const char *name)
{
    if (name && *name) {
        web_text(&c->h, name);
    } else {
        web_msg_put(&c->h, c->loc, MSG_BY_OPERATOR);
    }
}
