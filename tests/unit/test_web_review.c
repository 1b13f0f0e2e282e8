/* Tests for the weekly review, the dashboard and the KPI board (src/web/review.c, dashboard.c,
 * kpis.c; src/service/web_views_review.c, _dashboard.c, _kpis.c; src/domain/rhythm.c): the
 * rhythm rules offline, then the three pages of the demo company over real loopback HTTP with
 * a real SQLite database: the at-risk key result appears, the member who did not check in is
 * listed, a colleague never sees another's private objective, a recorded KPI value is stored and
 * shown (plain form and in place), CSRF and rights are enforced, both languages, escaping and
 * page weight. */
#include "api/api.h"
#include "core/timefmt.h"
#include "domain/rhythm.h"
#include "http/server.h"
#include "service/account.h"
#include "service/demo.h"
#include "web/web.h"
#include "web/web_int.h"

#include "web_fixture.h"

#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- domain/rhythm.c ---- */

Test(rhythm, discipline_counts_days_since_the_latest_checkin)
{
    int64_t now = 1000 * 86400 + 15 * 3600; /* day 1000, 15:00 */
    int64_t week = 994 * 86400;             /* days 994..1000 are this week */
    cr_assert_eq(rhythm_week_start(now), week);
    cr_assert_eq(checkin_discipline(now, now), DISC_ON_TIME);
    cr_assert_eq(checkin_discipline(week, now), DISC_ON_TIME, "the first day of the week");
    cr_assert_eq(checkin_discipline(week - 1, now), DISC_LATE, "the day before");
    cr_assert_eq(checkin_discipline(week - 7 * 86400, now), DISC_LATE);
    cr_assert_eq(checkin_discipline(week - 7 * 86400 - 1, now), DISC_MISSED);
    cr_assert_eq(checkin_discipline(0, now), DISC_MISSED, "never checked in");
    cr_assert_eq(discipline_worse(DISC_ON_TIME, DISC_LATE), DISC_LATE);
    cr_assert_eq(discipline_worse(DISC_MISSED, DISC_LATE), DISC_MISSED);
}

Test(rhythm, kpi_health_follows_the_direction)
{
    struct kpi k = {.direction = DIR_AT_LEAST, .threshold = 95};
    cr_assert(kpi_healthy(&k, 95));
    cr_assert(kpi_healthy(&k, 95.0 - 1e-12), "decimal slack");
    cr_assert_not(kpi_healthy(&k, 94.9));
    cr_assert_not(kpi_healthy(&k, NAN));
    k.direction = DIR_AT_MOST;
    k.threshold = 0;
    cr_assert(kpi_healthy(&k, 0));
    cr_assert_not(kpi_healthy(&k, 1));
}

Test(rhythm, score_bins)
{
    cr_assert_eq(score_bin(0, 10), 0);
    cr_assert_eq(score_bin(0.7, 10), 7, "0.7 opens the 0.7-0.8 bin");
    cr_assert_eq(score_bin(0.69, 10), 6);
    cr_assert_eq(score_bin(1.0, 10), 9, "1.0 is in the last bin");
    cr_assert_eq(score_bin(1.5, 10), 9);
    cr_assert_eq(score_bin(-1, 10), 0);
    cr_assert_eq(score_bin(NAN, 10), 10, "unscored");
}

/* ---- the pages over loopback HTTP ---- */

static struct {
    char dir[64];
    char db[128];
    struct api_app app;
    struct http_server *srv;
    uint16_t port;
    int64_t today, cycle, laggard, lag_obj, lag_kr, secret_kr;
    char admin[256], admin_csrf[80]; /* 陈明远, admin */
    char lead[256], lead_csrf[80]; /* 林晓峰, lead of 销售部 (team 2), manager of 王思琪 */
    char peer[256], peer_csrf[80]; /* 赵磊, 王思琪's colleague in team 2 */
} S;

/* The demo company; a member of 销售部 who has not checked in for 20 days on a key result at
 * risk (with an overdue initiative, and a title full of markup); a key result on 王思琪's
 * private objective, off track. */
static void seed(void)
{
    static const int64_t users[] = {1, 2, 3, 4, 5, 6, 7};
    struct web_demo d;
    web_demo_open(&d, S.db, users, sizeof users / sizeof users[0]);
    S.cycle = d.cycle;
    struct svc s = d.s;

    /* Written 20 days ago, never checked in since. */
    struct svc past = s;
    past.now = web_test_clock() - 20 * 86400;
    struct user u;
    meta_init(&entity_user, &u);
    svc_defaults(&entity_user, &u);
    u.name = "Laggard Liu";
    u.email = "laggard@demo.okr.example";
    u.manager_id = 2;
    web_put(&past, &entity_user, &u);
    S.laggard = u.id;
    struct membership m = {.team_id = 2, .user_id = u.id};
    web_put(&past, &entity_membership, &m);
    struct objective ob;
    meta_init(&entity_objective, &ob);
    svc_defaults(&entity_objective, &ob);
    ob.cycle_id = S.cycle;
    ob.owner_user_id = u.id;
    ob.title = "Open the Hangzhou channel";
    web_put(&past, &entity_objective, &ob);
    S.lag_obj = ob.id;
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    svc_defaults(&entity_key_result, &kr);
    kr.objective_id = ob.id;
    kr.title = "Sign 12 Hangzhou dealers <script>alert(1)</script>";
    kr.unit = "<u>";
    kr.target = 12;
    kr.confidence = 0.2;
    web_put(&past, &entity_key_result, &kr);
    S.lag_kr = kr.id;
    struct initiative in;
    meta_init(&entity_initiative, &in);
    svc_defaults(&entity_initiative, &in);
    in.kr_id = kr.id;
    in.title = "Visit the Hangzhou trade fair";
    in.owner_id = u.id;
    in.due = S.today - 3;
    web_put(&past, &entity_initiative, &in);

    /* 王思琪's private objective: her manager (林晓峰) sees it, her colleague (赵磊) not. */
    meta_init(&entity_objective, &ob);
    svc_defaults(&entity_objective, &ob);
    ob.cycle_id = S.cycle;
    ob.owner_user_id = 6;
    ob.visibility = VIS_PRIVATE;
    ob.title = "Private plan of Wang";
    web_put(&s, &entity_objective, &ob);
    meta_init(&entity_key_result, &kr);
    svc_defaults(&entity_key_result, &kr);
    kr.objective_id = ob.id;
    kr.title = "Secret KR of Wang";
    kr.target = 10;
    kr.confidence = 0.1;
    web_put(&s, &entity_key_result, &kr);
    S.secret_kr = kr.id;

    /* 赵磊's key result, on track by its figures, that he flagged at risk at this week's
     * check-in: his word reaches his manager's review. */
    ob = web_objective(S.cycle, 7, "Win back Suzhou");
    web_put(&s, &entity_objective, &ob);
    kr = web_key_result(ob.id, "Flagged by its owner", 10);
    kr.confidence = 0.9;
    web_put(&s, &entity_key_result, &kr);
    struct checkin ck;
    meta_init(&entity_checkin, &ck);
    svc_defaults(&entity_checkin, &ck);
    ck.kr_id = kr.id;
    ck.author_id = 7;
    ck.value = 8;
    ck.confidence = 0.9;
    ck.status = STATUS_AT_RISK;
    struct err err = {0};
    cr_assert_eq(svc_checkin(&s, &ck, true, &err), ERR_OK, "%s", err.msg);
    web_demo_close(&d);
}

static void start(void)
{
    memset(&S, 0, sizeof S);
    S.today = web_test_today();
    web_test_dir(S.dir, S.db);
    seed();
    S.srv = web_test_serve(&S.app, S.db, web_test_clock);
    S.port = http_client_port;
    login("chen.mingyuan%40demo.okr.example", S.admin, sizeof S.admin, S.admin_csrf,
          sizeof S.admin_csrf);
    login("lin.xiaofeng%40demo.okr.example", S.lead, sizeof S.lead, S.lead_csrf,
          sizeof S.lead_csrf);
    login("zhao.lei%40demo.okr.example", S.peer, sizeof S.peer, S.peer_csrf, sizeof S.peer_csrf);
}

static void stop(void)
{
    web_test_stop(S.srv, S.dir);
}

TestSuite(web_review, .init = start, .fini = stop, .timeout = 120);

/* No user-supplied markup survives, one script by URL, no inline style. */
static void expect_clean(const struct reply *r, const char *path)
{
    static const char *const raw_markup[] = {"<script>alert", "<u>", "onerror="};
    for (size_t i = 0; i < sizeof raw_markup / sizeof raw_markup[0]; i++) {
        cr_assert_null(strstr(r->body, raw_markup[i]), "%s shows raw %s", path, raw_markup[i]);
    }
    const char *s = strstr(r->body, "<script");
    cr_assert(s && strncmp(s, "<script defer src=\"/assets/app.js?v=", 36) == 0, "%s", path);
    cr_assert_null(strstr(s + 1, "<script"), "%s has a second script", path);
    cr_assert_null(strstr(r->body, " style=\""), "%s has an inline style", path);
}

/* The section of a page from the element with id (its opening tag) to the next <section, for
 * assertions about one part. Copied into a static buffer. */
static const char *section(const struct reply *r, const char *id)
{
    static char out[200000];
    const char *p = strstr(r->body, fmt("id=\"%s\"", id));
    cr_assert(p, "no section %s", id);
    const char *end = strstr(p, "<section");
    size_t n = end ? (size_t)(end - p) : strlen(p);
    n = n < sizeof out - 1 ? n : sizeof out - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    return out;
}

static void set_language(const char *cookie, const char *csrf, const char *lang)
{
    struct reply *r =
        post_as(cookie, "/language", fmt("csrf=%s&lang=%s&next=/my", csrf, lang), NULL);
    expect(r, 303);
}

Test(web_review, pages_render_in_both_languages_escaped_and_light)
{
    size_t assets = web_asset_size("app.css") + web_asset_size("app.js");
    const char *pages[] = {"/review", "/review?team=2", "/review?team=2&view=projector",
                           "/dashboard", "/kpis"};
    const char *words[][2] = {{"Weekly review", "周进展回顾"},
                              {"Weekly review", "周进展回顾"},
                              {"Normal view", "普通模式"},
                              {"Check-in discipline", "进展更新情况"},
                              {"Threshold", "阈值"}};
    const char *langs[] = {"en", "zh-CN"};
    for (size_t l = 0; l < 2; l++) {
        set_language(S.admin, S.admin_csrf, langs[l]);
        for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
            struct reply *r = get_as(S.admin, pages[i], NULL);
            expect(r, 200);
            cr_assert(strstr(r->body, l ? "<html lang=\"zh-CN\">" : "<html lang=\"en\">"),
                      "%s: wrong language", pages[i]);
            cr_assert(strstr(r->body, words[i][l]), "%s in %s lacks \"%s\"", pages[i], langs[l],
                      words[i][l]);
            expect_clean(r, pages[i]);
            cr_assert_lt(r->len + assets, 150 * 1024, "%s weighs %zu bytes with its assets",
                         pages[i], r->len + assets);
            /* The nav links every page of this family, the current one marked. */
            cr_assert(strstr(r->body, "href=\"/review\""));
            cr_assert(strstr(r->body, "href=\"/dashboard\""));
            cr_assert(strstr(r->body, "href=\"/kpis\""));
        }
    }
    struct reply *r = get_as(S.admin, "/review?team=2", NULL);
    cr_assert(strstr(r->body, "Sign 12 Hangzhou dealers &lt;script&gt;alert(1)&lt;/script&gt;"),
              "the hostile title is shown, escaped");
}

Test(web_review, weekly_review_lists_risks_laggards_and_initiatives)
{
    set_language(S.lead, S.lead_csrf, "en");
    struct reply *r = get_as(S.lead, "/review?team=2", NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "<option value=\"2\" selected>销售部</option>"), "the team picker");
    /* The laggard's key result is off track (confidence 0.2, no progress). */
    const char *risk = section(r, "rv-risk");
    cr_assert(strstr(risk, "Sign 12 Hangzhou dealers"), "the at-risk KR is listed");
    cr_assert(strstr(
        risk, fmt("href=\"/objectives/%lld#kr-%lld\"", (long long)S.lag_obj, (long long)S.lag_kr)));
    cr_assert(strstr(risk, "Off track"));
    cr_assert(strstr(risk, "Flagged by its owner"), "the owner's own at-risk flag");
    /* The laggard has not checked in for 20 days: missed; the others checked in today. */
    const char *people = section(r, "rv-people");
    cr_assert(strstr(people, "<strong>Laggard Liu</strong>"), "the laggard is listed");
    cr_assert(strstr(people, "Missed"));
    cr_assert(strstr(people, "checked in 0 of 1 key results this week"));
    cr_assert_null(strstr(people, "<strong>赵磊</strong>"), "赵磊 checked in this week");
    cr_assert(strstr(people, "Checked in on time: "), "those on time are named");
    cr_assert(strstr(people, "赵磊"));
    /* The overdue initiative. */
    const char *init = section(r, "rv-init");
    cr_assert(strstr(init, "Visit the Hangzhou trade fair"));
    cr_assert(strstr(init, "Overdue"));
    /* What changed: the demo's check-ins of this week with their notes; the laggard's none. */
    const char *changes = section(r, "rv-changes");
    cr_assert(strstr(changes, "No check-in this week"));
    cr_assert(strstr(changes, "class=\"week-checkins\""));
    cr_assert(strstr(changes, "→"), "a value before and after");
    /* As her manager, 林晓峰 sees 王思琪's private objective in the review. */
    cr_assert(strstr(r->body, "Secret KR of Wang"));
    set_language(S.lead, S.lead_csrf, "zh-CN");
    r = get_as(S.lead, "/review?team=2", NULL);
    cr_assert(strstr(section(r, "rv-people"), "缺失"));
    cr_assert(strstr(section(r, "rv-risk"), "落后"));
    cr_assert(strstr(section(r, "rv-init"), "已逾期"));
}

Test(web_review, a_colleague_never_sees_a_private_objective)
{
    struct reply *r = get_as(S.peer, "/review?team=2", NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "Sign 12 Hangzhou dealers"), "public OKRs are there");
    cr_assert_null(strstr(r->body, "Secret KR of Wang"));
    cr_assert_null(strstr(r->body, "Private plan of Wang"));
    r = get_as(S.peer, "/dashboard", NULL);
    expect(r, 200);
    cr_assert(strstr(section(r, "db-risk"), "Sign 12 Hangzhou dealers"));
    cr_assert_null(strstr(r->body, "Secret KR of Wang"));
    /* The admin sees both on the dashboard: the private KR is off track. */
    r = get_as(S.admin, "/dashboard", NULL);
    cr_assert(strstr(section(r, "db-risk"), "Secret KR of Wang"));
    /* Unknown team or cycle: 404, not an empty page. */
    expect(get_as(S.peer, "/review?team=9999", NULL), 404);
    expect(get_as(S.peer, "/dashboard?cycle=9999", NULL), 404);
}

Test(web_review, dashboard_shows_progress_discipline_scores_and_health)
{
    set_language(S.admin, S.admin_csrf, "en");
    struct reply *r = get_as(S.admin, "/dashboard", NULL);
    expect(r, 200);
    const char *src = section(r, "db-src");
    cr_assert(strstr(src, "Financial"), "progress by source");
    cr_assert(strstr(src, "class=\"pbar\""));
    /* Discipline: the laggard makes 销售部 the team with the lowest share on time. */
    const char *disc = section(r, "db-disc");
    cr_assert(strstr(disc, "Whole company"));
    const char *first_team = strstr(disc, "href=\"/review?team=");
    cr_assert(first_team && strncmp(first_team, "href=\"/review?team=2\"", 21) == 0,
              "销售部 first: %.200s", first_team ? first_team : "");
    /* The closed quarter's final scores as an SVG histogram with its table. */
    const char *scores = section(r, "db-scores");
    cr_assert(strstr(scores, "<svg class=\"hist\""));
    cr_assert(strstr(scores, "2026年第3季度"));
    cr_assert(strstr(scores, "0.9–1.0"));
    /* The coach's health score and its costliest rules. */
    const char *coach = section(r, "db-coach");
    cr_assert(strstr(coach, "health-n"));
    cr_assert(strstr(coach, "Rules that cost the most points"));
    cr_assert(strstr(r->body, "Company-wide figures as of 2026-11-29 12:00 UTC."),
              "a small company is computed live");
    set_language(S.admin, S.admin_csrf, "zh-CN");
    r = get_as(S.admin, "/dashboard", NULL);
    cr_assert(strstr(section(r, "db-disc"), "全公司"));
    cr_assert(strstr(section(r, "db-coach"), "扣分最多的规则"));
}

/* The values of KPI 1 as stored, via the service. */
static size_t kpi_values(int64_t kpi_id, double *last, int64_t *last_on)
{
    struct store *st;
    struct err err = {0};
    cr_assert_eq(store_open(S.db, &st, &err), ERR_OK, "%s", err.msg);
    struct arena a;
    arena_init(&a, 0);
    struct svc s = {.st = st, .a = &a, .tenant_id = 1, .actor = {.system = true}};
    struct query q = {.by = "kpi_id", .key = kpi_id};
    struct rows r;
    cr_assert_eq(svc_list(&s, &entity_kpi_value, &q, &r, &err), ERR_OK, "%s", err.msg);
    size_t n = r.n;
    if (n) {
        *last = ((struct kpi_value *)r.items)[n - 1].value;
        *last_on = ((struct kpi_value *)r.items)[n - 1].on;
    }
    arena_free(&a);
    store_close(st);
    return n;
}

Test(web_review, a_kpi_value_is_recorded_by_form_and_in_place)
{
    double last = 0;
    int64_t on = 0;
    size_t before = kpi_values(1, &last, &on);
    /* Without the CSRF token: refused, nothing stored. */
    struct reply *r = post_as(S.admin, "/kpis/1/values", "value=3&on=2026-11-28", NULL);
    expect(r, 403);
    cr_assert_eq(kpi_values(1, &last, &on), before);
    /* A plain form post (no JavaScript): stored, back to the board. */
    r = post_as(S.admin, "/kpis/1/values",
                fmt("csrf=%s&value=%s&on=2026-11-28", S.admin_csrf, "%EF%BC%93"), NULL);
    expect(r, 303);
    cr_assert_str_eq(header(r, "Location"), "/kpis?done=saved#kpi-1");
    cr_assert_eq(kpi_values(1, &last, &on), before + 1);
    cr_assert_float_eq(last, 3, 1e-9, "full-width 3 is read as 3");
    cr_assert_eq(on, date_from_ymd(2026, 11, 28));
    set_language(S.admin, S.admin_csrf, "zh-CN");
    r = get_as(S.admin, "/kpis", NULL);
    expect(r, 200);
    const char *row = strstr(r->body, "id=\"kpi-1\"");
    cr_assert(row);
    cr_assert(strstr(row, "<strong class=\"kpi-value\">3</strong>"), "the new value is shown");
    cr_assert(strstr(row, "2026-11-28"));
    cr_assert(strstr(row, "异常"), "safety incidents above 0: unhealthy, in words");
    cr_assert(strstr(row, "<svg class=\"spark\""));
    /* In place (app.js): the row comes back as a fragment with a notice. */
    set_language(S.admin, S.admin_csrf, "en");
    r = post_as(S.admin, "/kpis/1/values", fmt("csrf=%s&value=0&on=", S.admin_csrf),
                "X-Requested-With: fetch\r\n");
    expect(r, 200);
    cr_assert(strncmp(r->body, "<li class=\"kpi-row\" id=\"kpi-1\" data-notice=\"Value recorded.\"",
                      60) == 0,
              "%.200s", r->body);
    cr_assert(strstr(r->body, "Healthy"));
    cr_assert_null(strstr(r->body, "<html"), "a fragment, not a page");
    /* ...with the page's counts, which app.js swaps in too: all 4 healthy again. */
    const char *tiles = strstr(r->body, "<ul class=\"tiles\" id=\"kpi-tiles\">");
    cr_assert(tiles, "%.300s", r->body);
    cr_assert(strstr(tiles, "<span class=\"tile-n\">4</span><span class=\"tile-l\">Healthy"),
              "%.600s", tiles);
    cr_assert_eq(kpi_values(1, &last, &on), before + 2);
    cr_assert_eq(on, S.today, "no date: today");
    /* A bad number in place: the form comes back open with the error. */
    r = post_as(S.admin, "/kpis/1/values", fmt("csrf=%s&value=lots", S.admin_csrf),
                "X-Requested-With: fetch\r\n");
    expect(r, 422);
    cr_assert(strstr(r->body, "aria-invalid=\"true\""));
    cr_assert(strstr(r->body, "value=\"lots\""));
    cr_assert_eq(kpi_values(1, &last, &on), before + 2);
    /* Someone who does not own the KPI may read it but not record: no form, 403-like redirect. */
    r = get_as(S.peer, "/kpis", NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "id=\"kpi-1\""));
    cr_assert_null(strstr(r->body, "action=\"/kpis/1/values\""));
    r = post_as(S.peer, "/kpis/1/values", fmt("csrf=%s&value=9", S.peer_csrf), NULL);
    expect(r, 303);
    cr_assert(strstr(header(r, "Location"), "err=forbidden"), "%s", header(r, "Location"));
    cr_assert_eq(kpi_values(1, &last, &on), before + 2);
}
