/* The chart of a key result, drawn by the server as inline SVG: its check-in values over time
 * (a line with a point per check-in, coloured by status and titled with date, value and note)
 * against the straight line from start to target over the cycle, with today marked. The
 * check-in table under it says the same in words. Classes carry the colours (the stylesheet). */
#include "web/web_int.h"

#include <math.h>

enum {
    W = 560,
    H = 180,
    LEFT = 56,
    RIGHT = 12,
    TOP = 14,
    BOTTOM = 26,
};

struct scale {
    double x0, x1; /* days */
    double y0, y1; /* values */
};

static double sx(const struct scale *s, double day)
{
    double span = s->x1 - s->x0;
    return LEFT + (span > 0 ? (day - s->x0) / span : 0) * (W - LEFT - RIGHT);
}

static double sy(const struct scale *s, double v)
{
    double span = s->y1 - s->y0;
    return TOP + (span > 0 ? 1 - (v - s->y0) / span : 0.5) * (H - TOP - BOTTOM);
}

static void grow(struct scale *s, double v)
{
    if (isfinite(v)) {
        s->y0 = fmin(s->y0, v);
        s->y1 = fmax(s->y1, v);
    }
}

static void y_label(struct web_ctx *c, const struct scale *s, double v)
{
    struct web_html *h = &c->h;
    double y = sy(s, v);
    WEB_LIT(h, "<line class=\"grid\"");
    WEB_ATTRF(h, "x1", "%d", LEFT);
    WEB_ATTRF(h, "x2", "%d", W - RIGHT);
    WEB_ATTRF(h, "y1", "%.1f", y);
    WEB_ATTRF(h, "y2", "%.1f", y);
    WEB_LIT(h, "/><text class=\"axis\" text-anchor=\"end\"");
    WEB_ATTRF(h, "x", "%d", LEFT - 6);
    WEB_ATTRF(h, "y", "%.1f", y + 4);
    WEB_LIT(h, ">");
    web_text(h, web_num(c->req->arena, v));
    WEB_LIT(h, "</text>");
}

void web_kr_chart(struct web_ctx *c, const struct key_result *kr, const struct cycle *cy,
                  const struct view_checkin *checkins, size_t n)
{
    struct web_html *h = &c->h;
    struct arena *a = c->req->arena;
    struct scale s = {(double)cy->start, (double)cy->end + 1, kr->start, kr->start};
    grow(&s, kr->target);
    for (size_t i = 0; i < n; i++) {
        grow(&s, checkins[i].c.value);
    }
    double pad = (s.y1 - s.y0) * 0.06;
    if (pad <= 0) {
        pad = fabs(s.y1) > 0 ? fabs(s.y1) * 0.1 : 1;
    }
    s.y0 -= pad;
    s.y1 += pad;
    long long id = (long long)kr->id;

    WEB_LIT(h, "<svg class=\"chart\" role=\"img\"");
    WEB_ATTRF(h, "viewBox", "0 0 %d %d", W, H);
    WEB_ATTRF(h, "aria-labelledby", "ct-%lld cd-%lld", id, id);
    WEB_LIT(h, "><title");
    WEB_ATTRF(h, "id", "ct-%lld", id);
    WEB_LIT(h, ">");
    WEB_MSGF(h, c->loc, MSG_CHART_TITLE, kr->title);
    WEB_LIT(h, "</title><desc");
    WEB_ATTRF(h, "id", "cd-%lld", id);
    WEB_LIT(h, ">");
    WEB_MSGF(h, c->loc, MSG_CHART_DESC, web_num(a, kr->start), web_num(a, kr->target),
             web_num(a, kr->current));
    WEB_LIT(h, "</desc>");

    /* Value axis: start and target; time axis: the cycle's first and last day. */
    y_label(c, &s, kr->start);
    if (kr->target != kr->start) {
        y_label(c, &s, kr->target);
    }
    WEB_LIT(h, "<text class=\"axis\"");
    WEB_ATTRF(h, "x", "%d", LEFT);
    WEB_ATTRF(h, "y", "%d", H - 8);
    WEB_LIT(h, ">");
    web_text(h, web_date_table(a, cy->start));
    WEB_LIT(h, "</text><text class=\"axis\" text-anchor=\"end\"");
    WEB_ATTRF(h, "x", "%d", W - RIGHT);
    WEB_ATTRF(h, "y", "%d", H - 8);
    WEB_LIT(h, ">");
    web_text(h, web_date_table(a, cy->end));
    WEB_LIT(h, "</text>");

    /* Today. */
    double today = (double)c->today + 0.5;
    if (today >= s.x0 && today <= s.x1) {
        WEB_LIT(h, "<line class=\"today\"");
        WEB_ATTRF(h, "x1", "%.1f", sx(&s, today));
        WEB_ATTRF(h, "x2", "%.1f", sx(&s, today));
        WEB_ATTRF(h, "y1", "%d", TOP);
        WEB_ATTRF(h, "y2", "%d", H - BOTTOM);
        WEB_LIT(h, "/>");
    }
    /* The expected line: start at the cycle's start, target at its end. */
    WEB_LIT(h, "<line class=\"expected\"");
    WEB_ATTRF(h, "x1", "%.1f", sx(&s, s.x0));
    WEB_ATTRF(h, "y1", "%.1f", sy(&s, kr->start));
    WEB_ATTRF(h, "x2", "%.1f", sx(&s, s.x1));
    WEB_ATTRF(h, "y2", "%.1f", sy(&s, kr->target));
    WEB_LIT(h, "/>");

    /* The check-ins, from the start value. */
    struct sb pts;
    sb_init(&pts);
    sb_printf(&pts, "%.1f,%.1f", sx(&s, s.x0), sy(&s, kr->start));
    for (size_t i = 0; i < n; i++) {
        double day = fmin(fmax((double)checkins[i].c.at / 86400.0, s.x0), s.x1);
        sb_printf(&pts, " %.1f,%.1f", sx(&s, day), sy(&s, checkins[i].c.value));
    }
    WEB_LIT(h, "<polyline class=\"actual\"");
    WEB_ATTR(h, "points", sb_cstr(&pts));
    WEB_LIT(h, "/>");
    sb_free(&pts);
    for (size_t i = 0; i < n; i++) {
        const struct checkin *ck = &checkins[i].c;
        double day = fmin(fmax((double)ck->at / 86400.0, s.x0), s.x1);
        WEB_LIT(h, "<circle r=\"3.5\"");
        WEB_ATTRF(h, "class", "pt st-%d", ck->status);
        WEB_ATTRF(h, "cx", "%.1f", sx(&s, day));
        WEB_ATTRF(h, "cy", "%.1f", sy(&s, ck->value));
        WEB_LIT(h, "><title>");
        web_text(h, web_date_table(a, ck->at / 86400));
        WEB_LIT(h, ": ");
        web_text(h, web_num(a, ck->value));
        if (ck->note && ck->note[0]) {
            WEB_LIT(h, " · ");
            web_text(h, ck->note);
        }
        WEB_LIT(h, "</title></circle>");
    }
    WEB_LIT(h, "</svg>");
}
