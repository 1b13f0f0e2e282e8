/* Page 12, the KPI board: every KPI of the company with its owner, threshold, latest value,
 * health (a mark and a word as well as a colour: never colour alone) and a sparkline of its
 * recent values against the threshold, drawn by the server. Whoever may (the KPI's owner, the
 * lead of its team, admins) records a value in place: a plain form post that app.js sends in
 * the background (data-inplace), the server answering with the KPI's fresh row. */
#include "web/review_int.h"

#include "core/num.h"
#include "core/timefmt.h"

#include <math.h>
#include <string.h>

struct kpi_row_state {
    const char *notice;     /* said to screen readers after a save */
    const char *error;      /* shown in the open form */
    const char *value, *on; /* what was posted, kept after an error */
};

/* "≥ 95 %" / "≤ 24 小时". */
static const char *threshold_text(struct web_ctx *c, const struct kpi *k)
{
    const char *sign = k->direction == DIR_AT_MOST || k->direction == DIR_DECREASE ? "≤" : "≥";
    const char *n = web_num(c->req->arena, k->threshold);
    return k->unit && *k->unit ? web_fmt(c, "%s %s %s", sign, n, k->unit)
                               : web_fmt(c, "%s %s", sign, n);
}

/* The sparkline: the values as a line over their dates' order, the threshold dashed, the
 * latest value a dot in the health colour. Decorative: the numbers are written beside it. */
static void sparkline(struct web_ctx *c, const struct view_kpi *v)
{
    struct web_html *h = &c->h;
    enum { W = 120, H = 32, PAD = 3 };
    if (v->nvalues < 2) {
        return;
    }
    double lo = v->k.threshold, hi = v->k.threshold;
    for (size_t i = 0; i < v->nvalues; i++) {
        lo = fmin(lo, v->values[i].value);
        hi = fmax(hi, v->values[i].value);
    }
    if (hi - lo < 1e-12) {
        hi = lo + 1;
        lo -= 1;
    }
    double sx = (double)(W - 2 * PAD) / (double)(v->nvalues - 1);
    double sy = (double)(H - 2 * PAD) / (hi - lo);
    WEB_LIT(h, "<svg class=\"spark\" viewBox=\"0 0 120 32\" aria-hidden=\"true\">");
    double ty = H - PAD - (v->k.threshold - lo) * sy;
    WEB_LIT(h, "<line class=\"thr\" x1=\"0\" x2=\"120\"");
    WEB_ATTRF(h, "y1", "%.1f", ty);
    WEB_ATTRF(h, "y2", "%.1f", ty);
    WEB_LIT(h, "/><polyline class=\"line\" points=\"");
    for (size_t i = 0; i < v->nvalues; i++) {
        web_textf(h, "%s%.1f,%.1f", i ? " " : "", PAD + (double)i * sx,
                  H - PAD - (v->values[i].value - lo) * sy);
    }
    WEB_LIT(h, "\"/><circle r=\"2.5\"");
    WEB_ATTR(h, "class", v->healthy ? "last ok" : "last bad");
    WEB_ATTRF(h, "cx", "%.1f", PAD + (double)(v->nvalues - 1) * sx);
    WEB_ATTRF(h, "cy", "%.1f", H - PAD - (v->values[v->nvalues - 1].value - lo) * sy);
    WEB_LIT(h, "/></svg>");
}

static void health(struct web_ctx *c, const struct view_kpi *v)
{
    struct web_html *h = &c->h;
    if (!v->nvalues) {
        WEB_LIT(h, "<span class=\"meta\">");
        web_msg_put(h, c->loc, MSG_KPI_NO_VALUES);
        WEB_LIT(h, "</span>");
        return;
    }
    WEB_LIT(h, "<span");
    WEB_ATTR(h, "class", v->healthy ? "health-mark ok" : "health-mark bad");
    WEB_LIT(h, "><span class=\"icon\" aria-hidden=\"true\">");
    web_text(h, v->healthy ? "✓" : "!");
    WEB_LIT(h, "</span>");
    web_msg_put(h, c->loc, v->healthy ? MSG_KPI_HEALTHY : MSG_KPI_UNHEALTHY);
    WEB_LIT(h, "</span>");
}

/* after: the cursor of the page the form is on, so that the answer redraws that page's tiles. */
static void record_form(struct web_ctx *c, const struct view_kpi *v, const struct kpi_row_state *st,
                        int64_t after)
{
    struct web_html *h = &c->h;
    long long id = (long long)v->k.id;
    const char *action = web_fmt(c, "/kpis/%lld/values", id);
    bool open = st && st->error;
    bool again = !open && web_filling(c, action); /* without JavaScript: the page again */
    WEB_LIT(h, "<details class=\"kr-check kpi-record\"");
    if (open || again) {
        WEB_LIT(h, " open");
    }
    WEB_LIT(h, "><summary class=\"btn small\"");
    WEB_ATTR(h, "aria-label", WEB_MSG_STR(c->req->arena, c->loc, MSG_KPI_RECORD_FOR, v->k.name));
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, MSG_KPI_RECORD);
    WEB_LIT(h, "</summary><form class=\"checkin-form\" method=\"post\"");
    WEB_ATTR(h, "action", action);
    WEB_ATTRF(h, "data-inplace", "kpi-%lld", id);
    WEB_LIT(h, ">");
    web_csrf_field(c);
    if (after) {
        WEB_LIT(h, "<input type=\"hidden\" name=\"after\"");
        WEB_ATTRF(h, "value", "%lld", (long long)after);
        WEB_LIT(h, ">");
    }
    if (open) {
        web_alert(c, st->error);
    }
    char cur[32];
    const char *last = v->nvalues ? num_fmt_double(cur, v->values[v->nvalues - 1].value) : "";
    web_value_field(c, web_fmt(c, "kv-%lld", id), v->k.unit,
                    open && st->value ? st->value : web_value(c, "value", last), open || again);
    WEB_LIT(h, "<div class=\"field\"><label");
    WEB_ATTRF(h, "for", "kd-%lld", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, MSG_DATE);
    WEB_LIT(h, "</label><input name=\"on\" type=\"date\"");
    WEB_ATTRF(h, "id", "kd-%lld", id);
    WEB_ATTR(h, "value",
             open && st->on ? st->on : web_value(c, "on", web_date_table(c->req->arena, c->today)));
    WEB_LIT(h, "></div><button class=\"btn primary\">");
    web_msg_put(h, c->loc, MSG_SAVE);
    WEB_LIT(h, "</button></form></details>");
}

static void kpi_row(struct web_ctx *c, const struct view_kpi *v, const struct kpi_row_state *st,
                    int64_t after)
{
    struct web_html *h = &c->h;
    struct arena *a = c->req->arena;
    WEB_LIT(h, "<li class=\"kpi-row\"");
    WEB_ATTRF(h, "id", "kpi-%lld", (long long)v->k.id);
    if (st && (st->notice || st->error)) {
        WEB_ATTR(h, "data-notice", st->notice ? st->notice : st->error);
    }
    WEB_LIT(h, "><div class=\"kpi-name\"><strong>");
    web_text(h, v->k.name);
    WEB_LIT(h, "</strong><div class=\"meta\">");
    web_text(h, v->owner_name);
    WEB_LIT(h, " · ");
    web_msg_put(h, c->loc, MSG_THRESHOLD);
    WEB_LIT(h, " ");
    web_text(h, threshold_text(c, &v->k));
    WEB_LIT(h, "</div></div><div class=\"kpi-latest\">");
    if (v->nvalues) {
        const struct kpi_value *last = &v->values[v->nvalues - 1];
        WEB_LIT(h, "<strong class=\"kpi-value\">");
        web_text(h, web_num(a, last->value));
        WEB_LIT(h, "</strong>");
        if (v->k.unit && *v->k.unit) {
            WEB_LIT(h, " ");
            web_text(h, v->k.unit);
        }
        WEB_LIT(h, "<div class=\"meta\">");
        web_text(h, web_date_table(a, last->on));
        WEB_LIT(h, "</div>");
    }
    WEB_LIT(h, "</div><div class=\"kpi-health\">");
    health(c, v);
    WEB_LIT(h, "</div><div class=\"kpi-spark\">");
    sparkline(c, v);
    if (v->nvalues >= 2) {
        WEB_LIT(h, "<span class=\"sr\">");
        WEB_MSGF(h, c->loc, MSG_KPI_SPARK_ARIA, web_fmt(c, "%zu", v->nvalues),
                 web_num(a, v->values[0].value), web_num(a, v->values[v->nvalues - 1].value));
        WEB_LIT(h, "</span>");
    }
    WEB_LIT(h, "</div><div class=\"kpi-act\">");
    if (v->can_write) {
        record_form(c, v, st, after);
    }
    WEB_LIT(h, "</div></li>");
}

/* The page's counts, id="kpi-tiles": an answer to app.js replaces them too. */
static void tiles(struct web_ctx *c, const struct view_kpis *v, int64_t after)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<ul class=\"tiles\" id=\"kpi-tiles\">");
    web_tile(c, web_fmt(c, "%zu", v->n),
             v->next_after || after ? MSG_TILE_KPIS_PAGE : MSG_TILE_KPIS, NULL);
    web_tile(c, web_fmt(c, "%zu", v->healthy), MSG_KPI_HEALTHY, NULL);
    web_tile(c, web_fmt(c, "%zu", v->n - v->healthy), MSG_KPI_UNHEALTHY,
             v->n - v->healthy ? "tile bad" : NULL);
    WEB_LIT(h, "</ul>");
}

void web_kpis_get(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    struct view_kpis v;
    struct err err;
    err_clear(&err);
    int64_t after = web_query_id(&c, "after");
    if (svc_view_kpis(&c.svc, 0, after, &v, &err) != ERR_OK) {
        web_error_page(&c, &err);
        return;
    }
    web_page_begin(&c, 200, web_msg(c.loc, MSG_KPI_TITLE), NAV_KPIS);
    struct web_html *h = &c.h;
    WEB_LIT(h, "<div class=\"page-head\"><div class=\"grow\"><h1>");
    web_msg_put(h, c.loc, MSG_KPI_TITLE);
    WEB_LIT(h, "</h1><p class=\"meta\">");
    web_msg_put(h, c.loc, MSG_KPI_INTRO);
    WEB_LIT(h, "</p></div></div>");
    if (!v.n) {
        WEB_LIT(h, "<p class=\"empty card\">");
        web_msg_put(h, c.loc, MSG_KPI_NONE);
        WEB_LIT(h, "</p>");
        web_page_end(&c);
        return;
    }
    tiles(&c, &v, after);
    WEB_LIT(h, "<ul class=\"card kpis\">");
    for (size_t i = 0; i < v.n; i++) {
        kpi_row(&c, &v.items[i], NULL, after);
    }
    WEB_LIT(h, "</ul>");
    if (v.next_after || after) {
        WEB_LIT(h, "<nav class=\"pages\"");
        WEB_ATTR(h, "aria-label", web_msg(c.loc, MSG_KPI_PAGES));
        WEB_LIT(h, ">");
        if (after) {
            WEB_LIT(h, "<a href=\"/kpis\">");
            web_msg_put(h, c.loc, MSG_KPI_FIRST);
            WEB_LIT(h, "</a> ");
        }
        if (v.next_after) {
            WEB_LIT(h, "<a");
            WEB_URL(h, "href", web_fmt(&c, "/kpis?after=%lld", (long long)v.next_after));
            WEB_LIT(h, ">");
            WEB_MSGF(h, c.loc, MSG_KPI_NEXT, web_fmt(&c, "%d", KPI_PAGE));
            WEB_LIT(h, "</a>");
        }
        WEB_LIT(h, "</nav>");
    }
    web_page_end(&c);
}

void web_kpi_value_post(void *app, struct http_request *req, struct http_response *resp)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t id = web_param_id(&c);
    const char *value = web_field(&c, "value"), *on = web_field(&c, "on");
    struct kpi_value kv;
    meta_init(&entity_kpi_value, &kv);
    kv.kpi_id = id;
    kv.on = c.today;
    struct err err;
    err_clear(&err);
    if (num_parse_typed(value, &kv.value) != 0) {
        err_set(&err, ERR_INVALID, "value", "value must be a number");
    } else if (on && *on && date_parse(on, &kv.on) != 0) {
        err_set(&err, ERR_INVALID, "on", "the date must be YYYY-MM-DD");
    } else {
        svc_kpi_record(&c.svc, &kv, &err);
    }
    int64_t after = web_field_id(&c, "after");
    const char *page = after ? web_fmt(&c, "/kpis?after=%lld", (long long)after) : "/kpis";
    if (!c.fetch) {
        if (err.code != ERR_OK) {
            web_redirect_err(&c, page, &err);
            return;
        }
        web_redirect(
            &c, web_fmt(&c, "%s%sdone=saved#kpi-%lld", page, after ? "&" : "?", (long long)id));
        return;
    }
    /* app.js: the KPI's row again, saved or with the error in its open form, and the counts of
     * its page (read again: the health of the page may have changed). */
    struct view_kpis pg, v;
    struct err read_err;
    const struct view_kpi *row = NULL;
    if (svc_view_kpis(&c.svc, 0, after, &pg, &read_err) == ERR_OK) {
        for (size_t i = 0; i < pg.n; i++) {
            if (pg.items[i].k.id == id) {
                row = &pg.items[i];
            }
        }
    }
    if (!row && (svc_view_kpis(&c.svc, id, 0, &v, &read_err) != ERR_OK || !v.n)) {
        web_error_page(&c, err.code != ERR_OK ? &err : &read_err);
        return;
    }
    struct kpi_row_state st = {0};
    if (err.code == ERR_OK) {
        st.notice = web_msg(c.loc, MSG_KPI_SAVED);
    } else {
        st.error = web_err_text(&c, &err);
        st.value = value;
        st.on = on;
    }
    web_fragment_begin(&c, err.code == ERR_OK ? 200 : http_status_for_err(err.code));
    kpi_row(&c, row ? row : &v.items[0], &st, after);
    if (row) {
        tiles(&c, &pg, after);
    }
}
