/* Tests for src/web: the HTML builder's escaping in every context with hostile input, the
 * sanitiser, the message tables (every message in both languages, Chinese punctuation), the
 * choice of language, numbers and dates per locale, form bodies; then the pages of the demo
 * company over real loopback HTTP: 200 with no unescaped user text, light enough, CSRF refused
 * without the token, check-ins in place and by form, sessions never shown to another request. */
#include "api/api.h"
#include "core/timefmt.h"
#include "http/server.h"
#include "service/account.h"
#include "service/demo.h"
#include "web/html.h"
#include "web/i18n.h"
#include "web/web.h"
#include "web/web_int.h"

#include "web_fixture.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the builder, offline ---- */

struct buf {
    struct sb b;
    struct arena a;
    struct web_html h;
};

static void buf_init(struct buf *x)
{
    sb_init(&x->b);
    arena_init(&x->a, 0);
    web_html_init(&x->h, &x->b, &x->a);
}

static void buf_free(struct buf *x)
{
    sb_free(&x->b);
    arena_free(&x->a);
}

static const char *const hostile[] = {
    "<script>alert(\"x\")</script>",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)",
    "</textarea><img src=x onerror=alert(1)>",
    "a & b < c > d",
    "中文<b>粗体</b>“引号”",
};

Test(web, text_escapes_every_markup_character)
{
    struct buf x;
    buf_init(&x);
    web_text(&x.h, "<script>alert(\"x\")</script> & 'q' 中文");
    cr_assert_str_eq(sb_cstr(&x.b), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                                    "&#39;q&#39; 中文");
    buf_free(&x);
}

Test(web, attribute_values_cannot_break_out)
{
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        struct buf x;
        buf_init(&x);
        WEB_LIT(&x.h, "<input");
        WEB_ATTR(&x.h, "value", hostile[i]);
        WEB_LIT(&x.h, ">");
        const char *out = sb_cstr(&x.b);
        /* Exactly the two quotes of value="..." and one tag. */
        size_t quotes = 0, opens = 0;
        for (const char *p = out; *p; p++) {
            quotes += *p == '"';
            opens += *p == '<';
        }
        cr_assert_eq(quotes, 2, "%s", out);
        cr_assert_eq(opens, 1, "%s", out);
        cr_assert_null(strchr(out, '\''), "%s", out);
        buf_free(&x);
    }
}

Test(web, formatted_text_and_attributes_escape_the_result)
{
    struct buf x;
    buf_init(&x);
    web_textf(&x.h, "%s=%d", "<b>", 3);
    WEB_ATTRF(&x.h, "title", "%s", "\"><script>");
    cr_assert_str_eq(sb_cstr(&x.b), "&lt;b&gt;=3 title=\"&quot;&gt;&lt;script&gt;\"");
    buf_free(&x);
}

Test(web, urls_pass_only_the_allow_list)
{
    static const char *const ok[] = {"/objectives/12",
                                     "/my?cycle=3",
                                     "?cycle=2",
                                     "#kr-1",
                                     "https://example.com/a?b=c",
                                     "http://example.com",
                                     "HTTPS://EXAMPLE.COM",
                                     "mailto:wang@example.com"};
    static const char *const bad[] = {"javascript:alert(1)",
                                      "JaVaScRiPt:alert(1)",
                                      " javascript:alert(1)",
                                      "java\tscript:alert(1)",
                                      "\x01javascript:alert(1)",
                                      "data:text/html,<script>",
                                      "vbscript:msgbox",
                                      "//evil.example/x",
                                      "/\\evil.example",
                                      "http:evil",
                                      "https:/evil",
                                      "http://x\\y",
                                      "",
                                      "relative",
                                      "file:///etc/passwd",
                                      "ftp://x"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        cr_assert(web_url_ok(ok[i]), "refused %s", ok[i]);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_not(web_url_ok(bad[i]), "allowed %s", bad[i]);
        struct buf x;
        buf_init(&x);
        WEB_URL(&x.h, "href", bad[i]);
        cr_assert_str_eq(sb_cstr(&x.b), " href=\"#\"");
        buf_free(&x);
    }
    cr_assert_not(web_local_path_ok("https://example.com/"));
    cr_assert(web_local_path_ok("/objectives/3?x=1"));
    cr_assert_not(web_local_path_ok("//evil.example"));
}

Test(web, url_components_are_percent_encoded)
{
    struct arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(web_url_with(&a, "/login", "next", "/my?cycle=3&x=<y> 中"),
                     "/login?next=%2Fmy%3Fcycle%3D3%26x%3D%3Cy%3E%20%E4%B8%AD");
    cr_assert_str_eq(web_url_with(&a, "/a?b=1", "done", "saved"), "/a?b=1&done=saved");
    arena_free(&a);
}

Test(web, sanitiser_makes_links_and_breaks_but_never_tags)
{
    struct arena a;
    arena_init(&a, 0);
    const struct safe_html *s =
        web_sanitize_text(&a, "<img src=x onerror=alert(1)>\nsee https://example.com/x?a=1&b=2."
                              " javascript:alert(1) @王思琪，请看");
    const char *out = web_safe_str(s);
    cr_assert_null(strstr(out, "<img"), "%s", out);
    cr_assert(strstr(out, "&lt;img src=x onerror=alert(1)&gt;<br>"), "%s", out);
    cr_assert(strstr(out, "<a rel=\"noopener noreferrer nofollow\" "
                          "href=\"https://example.com/x?a=1&amp;b=2\">"),
              "%s", out);
    cr_assert(strstr(out, "</a>."), "the sentence's full stop is not part of the link: %s", out);
    cr_assert_null(strstr(out, "href=\"javascript"), "%s", out);
    cr_assert(strstr(out, "<span class=\"mention\">@王思琪</span>，请看"), "%s", out);
    cr_assert_eq(web_safe_len(s), strlen(out));
    /* A quote inside a URL ends it: no attribute break-out. */
    out = web_safe_str(web_sanitize_text(&a, "http://x.example/\"onmouseover=alert(1)"));
    cr_assert(strstr(out, "href=\"http://x.example/\""), "%s", out);
    arena_free(&a);
}

Test(web, captured_fragments_are_taken_out_of_the_buffer)
{
    struct buf x;
    buf_init(&x);
    WEB_LIT(&x.h, "<p>");
    size_t mark = web_html_mark(&x.h);
    WEB_LIT(&x.h, "<b>");
    web_text(&x.h, "<i>");
    WEB_LIT(&x.h, "</b>");
    const struct safe_html *s = web_capture(&x.h, mark);
    cr_assert_str_eq(sb_cstr(&x.b), "<p>");
    web_safe(&x.h, s);
    web_safe(&x.h, s);
    cr_assert_str_eq(sb_cstr(&x.b), "<p><b>&lt;i&gt;</b><b>&lt;i&gt;</b>");
    buf_free(&x);
}

/* ---- messages ---- */

/* The set of {n} placeholders of s as bits. */
static unsigned placeholders(const char *s)
{
    unsigned set = 0;
    for (const char *p = s; *p; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
            set |= 1u << (p[1] - '0');
        }
    }
    return set;
}

Test(web, every_message_exists_in_both_languages)
{
    for (int k = 0; k < WEB_MSG_COUNT; k++) {
        const char *en = web_msg(WEB_EN, (enum web_msg)k), *zh = web_msg(WEB_ZH, (enum web_msg)k);
        const char *name = web_msg_name((enum web_msg)k);
        cr_assert(name && strncmp(name, "MSG_", 4) == 0, "message %d has no name", k);
        cr_assert(en && *en, "%s has no English", name);
        cr_assert(zh && *zh, "%s has no Chinese", name);
        cr_assert_eq(placeholders(en), placeholders(zh), "%s: {n} differ between languages", name);
        cr_assert_null(strchr(en, '<'), "%s: messages are text, not markup", name);
        cr_assert_null(strchr(zh, '<'), "%s: messages are text, not markup", name);
        long at = web_zh_punct_offence(zh);
        cr_assert_eq(at, -1, "%s: half-width punctuation beside Chinese at byte %ld: %s", name, at,
                     zh);
        for (int j = 0; j < k; j++) {
            cr_assert_str_neq(name, web_msg_name((enum web_msg)j), "duplicate key %s", name);
        }
    }
}

Test(web, chinese_punctuation_check_finds_offences)
{
    cr_assert_eq(web_zh_punct_offence("目标:增长"), 6);
    cr_assert_eq(web_zh_punct_offence("好的,谢谢"), 6);
    cr_assert_eq(web_zh_punct_offence("完成了."), 9);
    cr_assert_eq(web_zh_punct_offence("为什么?"), 9);
    cr_assert_eq(web_zh_punct_offence("OKR,好"), 3);
    cr_assert_eq(web_zh_punct_offence("目标：增长，完成。v1.0, 10:30"), -1);
    cr_assert_eq(web_zh_punct_offence("进度 60%，预期进度 65%"), -1);
}

Test(web, placeholders_are_filled_and_escaped)
{
    struct buf x;
    buf_init(&x);
    WEB_MSGF(&x.h, WEB_ZH, MSG_ASKED_ON, "<王>", "Q5 & 3C");
    cr_assert_str_eq(sb_cstr(&x.b), "&lt;王&gt;请你承接：Q5 &amp; 3C");
    cr_assert_str_eq(WEB_MSG_STR(&x.a, WEB_EN, MSG_KR_COUNT, "3"), "3 key results");
    cr_assert_str_eq(WEB_MSG_STR(&x.a, WEB_ZH, MSG_KR_COUNT, "3"), "3个关键结果");
    buf_free(&x);
}

Test(web, language_follows_setting_then_cookie_then_browser_then_company)
{
    enum web_locale l;
    cr_assert(web_locale_accept("fr-FR,fr;q=0.9,en;q=0.8,zh-CN;q=0.7", &l));
    cr_assert_eq(l, WEB_EN);
    cr_assert(web_locale_accept("en;q=0.5, zh-Hans-CN;q=0.9", &l));
    cr_assert_eq(l, WEB_ZH);
    cr_assert(web_locale_accept("zh-TW", &l));
    cr_assert_eq(l, WEB_ZH);
    cr_assert_not(web_locale_accept("fr, de;q=0.5", &l));
    cr_assert_not(web_locale_accept("en;q=0", &l));
    cr_assert_not(web_locale_accept("", &l));
    cr_assert_eq(web_locale_choose("en", "zh-CN", "zh", "zh-CN"), WEB_EN);
    cr_assert_eq(web_locale_choose("", "en", "zh", "zh-CN"), WEB_EN);
    cr_assert_eq(web_locale_choose(NULL, NULL, "en-US,en;q=0.9", "zh-CN"), WEB_EN);
    cr_assert_eq(web_locale_choose("", NULL, "fr", "en"), WEB_EN);
    cr_assert_eq(web_locale_choose(NULL, NULL, NULL, NULL), WEB_ZH);
    cr_assert_str_eq(web_locale_tag(WEB_ZH), "zh-CN");
    cr_assert_str_eq(web_locale_tag(WEB_EN), "en");
}

Test(web, numbers_and_dates_follow_the_locale)
{
    struct arena a;
    arena_init(&a, 0);
    cr_assert_str_eq(web_num(&a, 1234), "1234");
    cr_assert_str_eq(web_num(&a, 12345.5), "12,345.5");
    cr_assert_str_eq(web_num(&a, -1234567), "-1,234,567");
    cr_assert_str_eq(web_num(&a, 0.1 + 0.2), "0.30000000000000004");
    cr_assert_str_eq(web_num(&a, 37.4), "37.4");
    cr_assert_str_eq(web_pct(&a, 0.655), "66%");
    cr_assert_str_eq(web_pct(&a, 0), "0%");
    /* Confidences and scores as given: one decimal rounded 0.65 up and 0.35 down. */
    cr_assert_str_eq(web_fraction(&a, 0.7), "0.7");
    cr_assert_str_eq(web_fraction(&a, 0.65), "0.65");
    cr_assert_str_eq(web_fraction(&a, 0.35), "0.35");
    cr_assert_str_eq(web_fraction(&a, 1), "1.0");
    cr_assert_str_eq(web_fraction(&a, 0), "0.0");
    cr_assert_str_eq(web_fraction(&a, 0.995), "0.995", "not 1.0: it is under");
    cr_assert_str_eq(web_fraction(&a, 0.9999), "0.999");
    int64_t d = date_from_ymd(2026, 11, 29), today = date_from_ymd(2026, 12, 3);
    cr_assert_str_eq(web_date_table(&a, d), "2026-11-29");
    cr_assert_str_eq(web_date_prose(&a, WEB_ZH, d, today), "11月29日");
    cr_assert_str_eq(web_date_prose(&a, WEB_EN, d, today), "Nov 29");
    cr_assert_str_eq(web_date_prose(&a, WEB_ZH, d, date_from_ymd(2027, 1, 2)), "2026年11月29日");
    cr_assert_str_eq(web_date_prose(&a, WEB_EN, d, date_from_ymd(2027, 1, 2)), "Nov 29, 2026");
    cr_assert_str_eq(web_date_table(&a, DATE_NONE), "");
    arena_free(&a);
}

Test(web, form_bodies_decode_and_refuse_what_is_malformed)
{
    struct arena a;
    arena_init(&a, 0);
    struct web_form f;
    const char *body = "csrf=abc&note=%E4%B8%AD%E6%96%87+ok&empty=&flag&v=1%2C234";
    cr_assert(web_form_parse(&a, "application/x-www-form-urlencoded", body, strlen(body), &f));
    cr_assert_eq(f.n, 5);
    cr_assert_str_eq(f.f[1].value, "中文 ok");
    cr_assert_str_eq(f.f[2].value, "");
    cr_assert_str_eq(f.f[3].key, "flag");
    cr_assert_str_eq(f.f[4].value, "1,234");
    body = "a=%E4%B8"; /* cut UTF-8 */
    cr_assert_not(web_form_parse(&a, "application/x-www-form-urlencoded", body, strlen(body), &f));
    body = "a=%G1";
    cr_assert_not(web_form_parse(&a, "application/x-www-form-urlencoded", body, strlen(body), &f));
    body = "a=%00";
    cr_assert_not(web_form_parse(&a, "application/x-www-form-urlencoded", body, strlen(body), &f));
    body = "a=1";
    cr_assert_not(web_form_parse(&a, "application/json", body, strlen(body), &f));
    struct sb many;
    sb_init(&many);
    for (int i = 0; i <= WEB_FORM_MAX; i++) {
        sb_printf(&many, "k%d=v&", i);
    }
    cr_assert_not(
        web_form_parse(&a, "application/x-www-form-urlencoded", sb_cstr(&many), many.len, &f));
    sb_free(&many);
    arena_free(&a);
}

Test(web, route_table_is_valid_and_every_post_needs_csrf)
{
    struct route all[256];
    cr_assert_lt(web_route_count + api_route_count, 256);
    memcpy(all, web_routes, web_route_count * sizeof all[0]);
    memcpy(all + web_route_count, api_routes, api_route_count * sizeof all[0]);
    struct err err = {0};
    cr_assert_eq(http_routes_check(all, web_route_count + api_route_count, &err), ERR_OK, "%s",
                 err.msg);
    for (size_t i = 0; i < web_route_count; i++) {
        const struct route *r = &web_routes[i];
        cr_assert(r->permission && strncmp(r->permission, "web", 3) == 0, "%s", r->pattern);
        if (strcmp(r->method, "GET") != 0) {
            cr_assert(r->flags & ROUTE_CSRF, "%s %s lacks ROUTE_CSRF", r->method, r->pattern);
        }
    }
}

/* ---- the pages over loopback HTTP ---- */

static struct {
    char dir[64];
    char db[128];
    struct api_app app;
    struct http_server *srv;
    uint16_t port;
    int64_t today, cycle, hostile_obj, hostile_kr, shared_obj, shared_kr, member_kr, member_private;
    char admin[256], admin_csrf[80];   /* 陈明远, admin of the demo company */
    char member[256], member_csrf[80]; /* 王思琪, a member */
} S;

/* The demo company, passwords for two people, and records full of hostile text. */
static void seed(void)
{
    static const int64_t users[] = {1, 6};
    struct web_demo d;
    web_demo_open(&d, S.db, users, sizeof users / sizeof users[0]);
    S.cycle = d.cycle;
    struct svc s = d.s;
    struct err err = {0};

    struct objective ob;
    meta_init(&entity_objective, &ob);
    svc_defaults(&entity_objective, &ob);
    ob.cycle_id = S.cycle;
    ob.owner_user_id = 1;
    ob.theme_id = 1;
    ob.title = "<script>alert(\"title\")</script> & '引号'";
    ob.description = "</textarea><img src=x onerror=alert(1)> javascript:alert(2)";
    web_put(&s, &entity_objective, &ob);
    S.hostile_obj = ob.id;
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    svc_defaults(&entity_key_result, &kr);
    kr.objective_id = ob.id;
    kr.owner_user_id = 1;
    kr.title = "<img src=x onerror=alert(3)>\"><b>";
    kr.unit = "<u>";
    kr.target = 10;
    web_put(&s, &entity_key_result, &kr);
    S.hostile_kr = kr.id;
    /* 王思琪's own key result on an objective of the admin's: hers to check in on. */
    struct objective shared;
    meta_init(&entity_objective, &shared);
    svc_defaults(&entity_objective, &shared);
    shared.cycle_id = S.cycle;
    shared.owner_user_id = 1;
    shared.theme_id = 1;
    shared.title = "共同的目标";
    web_put(&s, &entity_objective, &shared);
    S.shared_obj = shared.id;
    for (int k = 0; k < 2; k++) {
        meta_init(&entity_key_result, &kr);
        svc_defaults(&entity_key_result, &kr);
        kr.objective_id = shared.id;
        kr.owner_user_id = k ? 6 : 1;
        kr.title = k ? "王思琪的部分" : "陈明远的部分";
        kr.target = 10;
        web_put(&s, &entity_key_result, &kr);
        *(k ? &S.member_kr : &S.shared_kr) = kr.id;
    }
    struct checkin ck;
    meta_init(&entity_checkin, &ck);
    ck.kr_id = kr.id;
    ck.author_id = 1;
    ck.value = 4;
    ck.confidence = 0.6;
    ck.note = "<svg onload=alert(4)>";
    cr_assert_eq(svc_checkin(&s, &ck, false, &err), ERR_OK, "%s", err.msg);
    struct comment cm;
    meta_init(&entity_comment, &cm);
    cm.objective_id = ob.id;
    cm.author_id = 1;
    cm.body = "<iframe src=javascript:alert(5)></iframe> @王思琪";
    cm.at = web_test_clock();
    web_put(&s, &entity_comment, &cm);
    struct request rq;
    meta_init(&entity_request, &rq);
    rq.from_user_id = 1;
    rq.to_user_id = 6;
    rq.kr_id = kr.id;
    rq.message = "<script>alert(6)</script>";
    cr_assert_eq(svc_request_send(&s, &rq, &err), ERR_OK, "%s", err.msg);

    /* A private objective of the member's: her manager chain sees it, a colleague does not. */
    meta_init(&entity_objective, &ob);
    svc_defaults(&entity_objective, &ob);
    ob.cycle_id = S.cycle;
    ob.owner_user_id = 6;
    ob.visibility = VIS_PRIVATE;
    ob.title = "Private plan of Wang";
    web_put(&s, &entity_objective, &ob);
    S.member_private = ob.id;
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
    login("wang.siqi%40demo.okr.example", S.member, sizeof S.member, S.member_csrf,
          sizeof S.member_csrf);
}

static void stop(void)
{
    web_test_stop(S.srv, S.dir);
}

TestSuite(web_http, .init = start, .fini = stop, .timeout = 120);

/* No user-supplied markup survives unescaped. */
static void expect_escaped(const struct reply *r, const char *path)
{
    static const char *const raw_markup[] = {
        "<script>alert", "<img", "<iframe", "<svg onload", "<u>", "\"><b>", "href=\"javascript"};
    for (size_t i = 0; i < sizeof raw_markup / sizeof raw_markup[0]; i++) {
        cr_assert_null(strstr(r->body, raw_markup[i]), "%s shows raw %s", path, raw_markup[i]);
    }
    /* Our own pages load exactly one script, by URL. */
    const char *s = strstr(r->body, "<script");
    cr_assert(s && strncmp(s, "<script defer src=\"/assets/app.js?v=", 36) == 0, "%s", path);
    cr_assert_null(strstr(s + 1, "<script"), "%s has a second script", path);
    cr_assert_null(strstr(r->body, " style=\""), "%s has an inline style", path);
}

Test(web_http, pages_render_escaped_and_light_in_both_languages)
{
    size_t css = web_asset_size("app.css"), js = web_asset_size("app.js");
    const char *pages[] = {"/my",
                           "/strategy",
                           "/inbox",
                           "/objectives/new",
                           fmt("/objectives/%lld", (long long)S.hostile_obj),
                           "/objectives/12",
                           fmt("/my?cycle=%lld", (long long)S.cycle)};
    const char *langs[] = {"Accept-Language: en-US,en;q=0.9\r\n", "Accept-Language: zh-CN\r\n"};
    for (size_t l = 0; l < 2; l++) {
        /* The admin's own setting wins over the browser: clear it for this test. */
        struct reply *r =
            post_as(S.admin, "/language",
                    fmt("csrf=%s&lang=%s&next=/my", S.admin_csrf, l ? "zh-CN" : "en"), NULL);
        expect(r, 303);
        for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
            r = get_as(S.admin, pages[i], langs[l]);
            expect(r, 200);
            cr_assert_str_eq(header(r, "Content-Type"), "text/html; charset=utf-8");
            cr_assert(strstr(r->body, l ? "<html lang=\"zh-CN\">" : "<html lang=\"en\">"),
                      "%s: wrong language", pages[i]);
            expect_escaped(r, pages[i]);
            cr_assert_lt(r->len + css + js, 150 * 1024, "%s weighs %zu bytes with its assets",
                         pages[i], r->len + css + js);
        }
    }
    struct reply *r = get_as(S.admin, fmt("/objectives/%lld", (long long)S.hostile_obj), NULL);
    cr_assert(strstr(r->body, "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; "
                              "&#39;引号&#39;"),
              "the hostile title is shown, escaped");
    cr_assert(strstr(r->body, "<span class=\"mention\">@王思琪</span>"));
    r = get_as(S.member, "/inbox", NULL);
    expect(r, 200);
    expect_escaped(r, "/inbox (member)");
    cr_assert(strstr(r->body, "&lt;script&gt;alert(6)&lt;/script&gt;"));
}

Test(web_http, strangers_are_sent_to_login)
{
    struct reply *r = raw("GET", "/my?cycle=3", NULL, NULL);
    expect(r, 303);
    cr_assert_str_eq(header(r, "Location"), "/login?next=%2Fmy%3Fcycle%3D3");
    r = raw("GET", "/strategy", "Cookie: okr_session=1.1.forged\r\n", NULL);
    expect(r, 303);
    cr_assert(strstr(header(r, "Set-Cookie"), "okr_session=;"), "the dead cookie is cleared");
    r = raw("POST", "/key-results/1/checkins",
            fmt("%sContent-Type: application/x-www-form-urlencoded\r\n", origin()), "value=1");
    expect(r, 303);
    cr_assert_str_eq(header(r, "Location"), "/login");
    r = raw("GET", "/login", NULL, NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "id=\"f-email\""));
    /* A link cannot put its own sentence in the page's notice: only a field's name shows. */
    r = raw("GET", "/login?err=invalid&field=Security%20notice:%20go%20to%20https://evil.example",
            "Accept-Language: en\r\n", NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "notice err"));
    cr_assert_null(strstr(r->body, "evil.example"));
}

Test(web_http, a_public_page_never_shows_an_earlier_session)
{
    /* The same (only) worker thread served the admin just before. */
    struct reply *r = get_as(S.admin, "/my", NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "陈明远"));
    r = raw("GET", "/login", NULL, NULL);
    expect(r, 200);
    cr_assert_null(strstr(r->body, "陈明远"), "the login page shows the previous user");
    cr_assert_null(strstr(r->body, S.admin_csrf), "the login page carries a session's token");
}

Test(web_http, writes_need_the_csrf_token_and_this_origin)
{
    const char *path = fmt("/key-results/%lld/checkins", (long long)S.hostile_kr);
    struct reply *r = post_as(S.admin, path, "value=5&confidence=0.5", NULL);
    expect(r, 403);
    cr_assert(strstr(r->body, "表单已过期") || strstr(r->body, "This form has expired"));
    r = post_as(S.admin, path, "csrf=0000&value=5&confidence=0.5", NULL);
    expect(r, 403);
    r = raw("POST", path,
            fmt("Cookie: %s\r\nOrigin: http://evil.example\r\nContent-Type: "
                "application/x-www-form-urlencoded\r\n",
                S.admin),
            fmt("csrf=%s&value=5&confidence=0.5", S.admin_csrf));
    expect(r, 403);
    /* Another session's token is not this one's. */
    r = post_as(S.admin, path, fmt("csrf=%s&value=5&confidence=0.5", S.member_csrf), NULL);
    expect(r, 403);
    /* Login and sign-up: the pre-login token and this origin. */
    r = raw("POST", "/login",
            fmt("%sContent-Type: application/x-www-form-urlencoded\r\n", origin()),
            "email=chen.mingyuan%40demo.okr.example&password=pass+phrase+123");
    expect(r, 403);
    cr_assert_null(header(r, "Location"));
    r = raw("POST", "/signup",
            fmt("Cookie: okr_pre=0123456789abcdef0123456789abcdef\r\nOrigin: "
                "http://evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\n"),
            "csrf=0123456789abcdef0123456789abcdef&tenant_name=X&name=Y&email=y%40x.example&"
            "password=long+enough+1");
    expect(r, 403);
}

Test(web_http, check_in_by_form_and_in_place)
{
    const char *path = fmt("/key-results/%lld/checkins", (long long)S.hostile_kr);
    struct reply *r = post_as(
        S.admin, path,
        fmt("csrf=%s&value=%%EF%%BC%%97&confidence=0.8&note=ok&back=/my", S.admin_csrf), NULL);
    expect(r, 303);
    cr_assert_str_eq(header(r, "Location"),
                     fmt("/my?done=checkin#kr-%lld", (long long)S.hostile_kr));
    r = get_as(S.admin, "/my?done=checkin", NULL);
    cr_assert(strstr(r->body, "notice ok"));
    cr_assert(strstr(r->body, fmt("id=\"v-%lld\" value=\"7\"", (long long)S.hostile_kr)),
              "the full-width ７ was read as 7");
    /* app.js: the row comes back, not a redirect. */
    r = post_as(S.admin, path, fmt("csrf=%s&value=9&confidence=0.9&note=%%3Cb%%3E", S.admin_csrf),
                "X-Requested-With: fetch\r\n");
    expect(r, 200);
    const char *row = fmt("<li class=\"kr-row kr\" id=\"kr-%lld\"", (long long)S.hostile_kr);
    cr_assert(strncmp(r->body, row, strlen(row)) == 0, "%.200s", r->body);
    cr_assert(strstr(r->body, "90%"), "progress 9/10 shown: %.2000s", r->body);
    cr_assert(strstr(r->body, "&lt;b&gt;"));
    cr_assert_null(strstr(r->body, "<html"));
    /* A bad value: the row with its form open, the error and what was typed. */
    r = post_as(S.admin, path, fmt("csrf=%s&value=lots&confidence=0.9", S.admin_csrf),
                "X-Requested-With: fetch\r\n");
    expect(r, 422);
    cr_assert(strstr(r->body, "<details class=\"kr-check\" open>"));
    cr_assert(strstr(r->body, "value=\"lots\" aria-invalid=\"true\""));
    /* Without JavaScript: the page again with the notice, that form open with what was typed,
     * and the other key results' forms as they were. */
    r = post_as(S.admin, path, fmt("csrf=%s&value=lots&note=typed&back=/my", S.admin_csrf), NULL);
    expect(r, 422);
    cr_assert(strstr(r->body, "notice err"));
    cr_assert(strstr(r->body, fmt("id=\"v-%lld\" value=\"lots\" aria-invalid=\"true\"",
                                  (long long)S.hostile_kr)));
    cr_assert(strstr(r->body, "value=\"typed\""));
    const char *first = strstr(r->body, "<details class=\"kr-check\" open>");
    cr_assert(first, "its form open");
    cr_assert_null(strstr(first + 1, "<details class=\"kr-check\" open>"), "and only that one");
    /* A confidence of two decimals is kept and shown as it is: the form saved again for its value
     * alone leaves it so (it once showed 0.7 and wrote that back). A decimal comma is refused,
     * not read as 65. */
    r = post_as(S.admin, path, fmt("csrf=%s&value=9&confidence=0.65&back=/my", S.admin_csrf), NULL);
    expect(r, 303);
    r = get_as(S.admin, "/my", NULL);
    cr_assert(strstr(r->body, fmt("id=\"c-%lld\" aria-describedby=\"ch-%lld\" value=\"0.65\"",
                                  (long long)S.hostile_kr, (long long)S.hostile_kr)),
              "%.3000s", strstr(r->body, "name=\"confidence\""));
    cr_assert(strstr(r->body, "step=\"any\""));
    r = post_as(S.admin, path, fmt("csrf=%s&value=0,65&back=/my", S.admin_csrf), NULL);
    expect(r, 422);
    /* Someone who may not write it: refused, nothing recorded. */
    r = post_as(S.member, path, fmt("csrf=%s&value=1&confidence=0.9", S.member_csrf),
                "X-Requested-With: fetch\r\n");
    cr_assert(r->status == 403 || r->status == 404, "%d", r->status);
}

Test(web_http, private_objectives_stay_private)
{
    const char *path = fmt("/objectives/%lld", (long long)S.member_private);
    struct reply *r = get_as(S.member, path, NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "Private plan of Wang"));
    /* 周婷 (8) is her colleague under the same manager: give her a password and look. */
    char cookie[256], csrf[80];
    struct store *st;
    struct err err = {0};
    cr_assert_eq(store_open(S.db, &st, &err), ERR_OK);
    struct arena a;
    arena_init(&a, 0);
    struct svc s = {
        .st = st, .a = &a, .tenant_id = 1, .actor = {.system = true}, .now = web_test_clock()};
    cr_assert_eq(svc_password_set(&s, 8, "pass phrase 123", &err), ERR_OK, "%s", err.msg);
    arena_free(&a);
    store_close(st);
    login("zhou.ting%40demo.okr.example", cookie, sizeof cookie, csrf, sizeof csrf);
    r = get_as(cookie, path, NULL);
    expect(r, 404);
    cr_assert_null(strstr(r->body, "Private plan of Wang"));
    r = get_as(S.admin, path, NULL); /* the admin sees everything in the company */
    expect(r, 200);
}

Test(web_http, mention_accept_and_inbox)
{
    /* The admin asks 王思琪 to take on the hostile KR's objective. */
    struct reply *r = post_as(S.admin, fmt("/objectives/%lld/requests", (long long)S.hostile_obj),
                              fmt("csrf=%s&to=wang.siqi%%40demo.okr.example&on=objective&"
                                  "message=please",
                                  S.admin_csrf),
                              NULL);
    expect(r, 303);
    cr_assert(strstr(header(r, "Location"), "done=request"));
    r = post_as(
        S.admin, fmt("/objectives/%lld/requests", (long long)S.hostile_obj),
        fmt("csrf=%s&to=nobody%%40x.example&on=objective&message=a+long+note", S.admin_csrf), NULL);
    expect(r, 422);
    cr_assert(strstr(r->body, "value=\"nobody@x.example\""), "the person as typed");
    cr_assert(strstr(r->body, ">a long note</textarea>"), "and the message");
    r = get_as(S.member, "/inbox", NULL);
    expect(r, 200);
    const char *end = strstr(r->body, "/accept\"");
    cr_assert(end);
    const char *q = end;
    while (q > r->body && *q != '"') {
        q--;
    }
    char accept[64];
    size_t n = (size_t)(end - q - 1) + strlen("/accept");
    cr_assert_lt(n, sizeof accept);
    memcpy(accept, q + 1, n);
    accept[n] = '\0';
    r = post_as(S.member, accept, fmt("csrf=%s", S.member_csrf), NULL);
    expect(r, 303);
    const char *to = header(r, "Location");
    cr_assert(strncmp(to, "/objectives/", 12) == 0 && strstr(to, "done=accepted"), "%s", to);
    r = get_as(S.member, to, NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "pill draft"), "the draft objective opens to edit");
    cr_assert(strstr(r->body, "name=\"title\""), "with its edit form");
}

Test(web_http, language_switch_is_the_users_setting)
{
    struct reply *r =
        post_as(S.member, "/language", fmt("csrf=%s&lang=en&next=/inbox", S.member_csrf), NULL);
    expect(r, 303);
    cr_assert_str_eq(header(r, "Location"), "/inbox");
    cr_assert(strstr(header(r, "Set-Cookie"), "okr_lang=en"));
    r = get_as(S.member, "/my", "Accept-Language: zh-CN\r\n");
    cr_assert(strstr(r->body, "<html lang=\"en\">"), "the setting beats the browser");
    cr_assert(strstr(r->body, "My OKRs"));
    r = post_as(S.member, "/language", fmt("csrf=%s&lang=zh-CN&next=/my", S.member_csrf), NULL);
    expect(r, 303);
    r = get_as(S.member, "/my", "Accept-Language: en\r\n");
    cr_assert(strstr(r->body, "<html lang=\"zh-CN\">"));
    /* Before login: the cookie remembers it. */
    r = raw("GET", "/login", "Cookie: okr_lang=en\r\nAccept-Language: zh-CN\r\n", NULL);
    cr_assert(strstr(r->body, "Log in to okr"));
    r = raw("GET", "/login", "Accept-Language: en-GB\r\n", NULL);
    cr_assert(strstr(r->body, "Log in to okr"));
}

Test(web_http, assets_are_cached_by_checksum)
{
    struct reply *r = get_as(S.admin, "/my", NULL);
    const char *p = strstr(r->body, "/assets/app.css?v=");
    cr_assert(p);
    char url[96];
    size_t n = strcspn(p, "\"");
    cr_assert_lt(n, sizeof url);
    memcpy(url, p, n);
    url[n] = '\0';
    r = raw("GET", url, NULL, NULL);
    expect(r, 200);
    cr_assert_str_eq(header(r, "Content-Type"), "text/css; charset=utf-8");
    cr_assert_str_eq(header(r, "Cache-Control"), "public, max-age=31536000, immutable");
    char etag[64];
    snprintf(etag, sizeof etag, "%s", header(r, "ETag"));
    r = raw("GET", "/assets/app.css", fmt("If-None-Match: %s\r\n", etag), NULL);
    expect(r, 304);
    r = raw("GET", "/assets/app.css", NULL, NULL);
    cr_assert_str_eq(header(r, "Cache-Control"), "no-cache");
    r = raw("GET", "/assets/nothing.js", NULL, NULL);
    expect(r, 404);
}

/* ---------------------------------------------------------------------------------------------
 * The OKR coach: inline hints while writing, the findings panel and dismissing a finding */

/* "保持ERP系统稳定运行" (C4: maintenance wording), percent-encoded for fmt(). */
#define KEEP_ERP "%%E4%%BF%%9D%%E6%%8C%%81ERP%%E7%%B3%%BB%%E7%%BB%%9F%%E7%%A8%%B3%%E5%%AE%%9A%%E8%%BF%%90%%E8%%A1%%8C"
/* "完成客户回访" (M2: an activity, not an outcome). */
#define DO_VISITS "%%E5%%AE%%8C%%E6%%88%%90%%E5%%AE%%A2%%E6%%88%%B7%%E5%%9B%%9E%%E8%%AE%%BF"

Test(web_http, coach_hints_while_writing_an_objective)
{
    const char *body =
        fmt("csrf=%s&title=" KEEP_ERP "&description=&cycle_id=%lld&owner=me&theme_id=&kind="
            "committed&visibility=public&kr_title=" DO_VISITS "&kr_start=0&kr_target=40&kr_unit=",
            S.admin_csrf, (long long)S.cycle);
    /* app.js: the hints box alone, in the user's language (陈明远 reads Chinese). */
    struct reply *r = post_as(S.admin, "/objectives/hints", body, "X-Requested-With: fetch\r\n");
    expect(r, 200);
    const char *box = "<div class=\"coach-hints\" id=\"coach-hints\" aria-live=\"polite\">";
    cr_assert(strncmp(r->body, box, strlen(box)) == 0, "%.300s", r->body);
    cr_assert_null(strstr(r->body, "<html"));
    cr_assert(strstr(r->body, "data-rule=\"C4\""), "maintenance wording: %.3000s", r->body);
    cr_assert(strstr(r->body, "data-rule=\"M2\""), "the draft key result: %.3000s", r->body);
    cr_assert(strstr(r->body, "OKR教练建议"));
    cr_assert(strstr(r->body, "保持"), "the message names the word");
    cr_assert(strstr(r->body, "关键结果“完成客户回访”"), "names the key result");
    /* Without JavaScript, "check": the form again, filled in, with the hints beside it. */
    r = post_as(S.admin, "/objectives/hints", fmt("%s&check=1", body), NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "<html"));
    cr_assert(strstr(r->body, "value=\"保持ERP系统稳定运行\""), "the title is kept");
    cr_assert(strstr(r->body, "value=\"完成客户回访\""), "the key result is kept");
    cr_assert(strstr(r->body, "data-rule=\"C4\""));
    cr_assert(strstr(r->body, "formaction=\"/objectives/hints\""), "the check button");
    cr_assert(strstr(r->body, "data-hints=\"/objectives/hints\""));
    /* A plain title: no C4, no M2. */
    r = post_as(S.admin, "/objectives/hints",
                fmt("csrf=%s&title=Schools+choose+our+filters&cycle_id=%lld&owner=me&theme_id=1",
                    S.admin_csrf, (long long)S.cycle),
                "X-Requested-With: fetch\r\n");
    expect(r, 200);
    cr_assert_null(strstr(r->body, "data-rule=\"C4\""));
    cr_assert_null(strstr(r->body, "data-rule=\"M2\""));
    /* Like every web POST: the session's CSRF token. */
    r = post_as(S.admin, "/objectives/hints",
                fmt("title=" KEEP_ERP "&cycle_id=%lld", (long long)S.cycle),
                "X-Requested-With: fetch\r\n");
    expect(r, 403);
    /* The new-objective page carries the hints box and the check button. */
    r = get_as(S.admin, "/objectives/new", NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "id=\"coach-hints\""));
    cr_assert(strstr(r->body, "name=\"check\""));
    expect_escaped(r, "/objectives/new");
}

Test(web_http, coach_hints_for_a_key_result_of_an_existing_objective)
{
    struct reply *r = post_as(
        S.admin, "/objectives/hints",
        fmt("csrf=%s&objective_id=%lld&title=" DO_VISITS "&start=0&target=40&unit=&direction="
            "increase",
            S.admin_csrf, (long long)S.hostile_obj),
        "X-Requested-With: fetch\r\n");
    expect(r, 200);
    cr_assert(strstr(r->body, "data-rule=\"M2\""), "%.3000s", r->body);
    cr_assert_null(strstr(r->body, "<script>alert"), "titles are escaped");
    /* The objective page's add-key-result form asks for them. */
    r = get_as(S.admin, fmt("/objectives/%lld", (long long)S.hostile_obj), NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "data-hints=\"/objectives/hints\""));
    /* Someone who may not see the objective gets no hints about it. */
    r = post_as(S.member, "/objectives/hints",
                fmt("csrf=%s&objective_id=%lld&title=" DO_VISITS, S.member_csrf,
                    (long long)S.member_private + 100000),
                "X-Requested-With: fetch\r\n");
    expect(r, 200);
    cr_assert_null(strstr(r->body, "data-rule="));
}

Test(web_http, findings_panel_and_dismiss_with_a_reason)
{
    const char *page = fmt("/objectives/%lld", (long long)S.hostile_obj);
    struct reply *r = get_as(S.admin, page, NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "id=\"coach\""), "the findings panel");
    cr_assert(strstr(r->body, "OKR教练"));
    /* The hostile key result has no second key result: F2 on the objective. */
    cr_assert(strstr(r->body, "data-rule=\"F2\""), "%.200s", strstr(r->body, "id=\"coach\""));
    cr_assert(strstr(r->body, "action=\"/findings/dismiss\""));
    expect_escaped(r, page);
    /* Dismissing needs a reason... */
    const char *base = fmt("csrf=%s&rule=F2&entity=objective&entity_id=%lld&objective_id=%lld",
                           S.admin_csrf, (long long)S.hostile_obj, (long long)S.hostile_obj);
    r = post_as(S.admin, "/findings/dismiss", fmt("%s&reason=+", base), NULL);
    expect(r, 422);
    cr_assert(strstr(r->body, "notice err"));
    cr_assert(strstr(r->body, "<details class=\"dismiss\" open>"), "its form open again");
    /* ...and then the finding is shown apart, with it. */
    r = post_as(S.admin, "/findings/dismiss",
                fmt("%s&reason=%%E5%%8F%%AA%%E6%%9C%%89%%E4%%B8%%80%%E4%%B8%%AA%%3Cb%%3E",
                    base),
                NULL);
    expect(r, 303);
    cr_assert_str_eq(header(r, "Location"), fmt("%s?done=saved", page));
    r = get_as(S.admin, page, NULL);
    expect(r, 200);
    const char *dismissed = strstr(r->body, "<details class=\"dismissed\">");
    cr_assert(dismissed, "a dismissed section");
    cr_assert(strstr(dismissed, "只有一个&lt;b&gt;"), "the reason, escaped");
    cr_assert(strstr(dismissed, "<span class=\"muted\">陈明远 · "), "and who gave it");
    cr_assert(strstr(dismissed, "action=\"/findings/undismiss\""), "and a way to take it back");
    r = post_as(S.admin, "/findings/undismiss",
                fmt("csrf=%s&rule=F2&entity=objective&entity_id=%lld&objective_id=%lld",
                    S.admin_csrf, (long long)S.hostile_obj, (long long)S.hostile_obj),
                NULL);
    expect(r, 303);
    r = get_as(S.admin, page, NULL);
    cr_assert_null(strstr(r->body, "<details class=\"dismissed\">"), "withdrawn: counted again");
    cr_assert(strstr(r->body, "data-rule=\"F2\""));
    /* Dismissed again for the tests that follow. */
    r = post_as(S.admin, "/findings/dismiss", fmt("%s&reason=again", base), NULL);
    expect(r, 303);
    /* A colleague may not dismiss the admin's finding. */
    r = post_as(S.member, "/findings/dismiss",
                fmt("csrf=%s&rule=F2&entity=objective&entity_id=%lld&objective_id=%lld&reason=no",
                    S.member_csrf, (long long)S.hostile_obj, (long long)S.hostile_obj),
                NULL);
    expect(r, 303);
    cr_assert(strstr(header(r, "Location"), "err="), "%s", header(r, "Location"));
}

/* A key result's owner gets the check-in form for it on another's objective, on the objective's
 * page and on My OKRs, and no form for the objective's other key results. */
Test(web_http, a_key_results_owner_gets_its_check_in_form)
{
    const char *mine = fmt("action=\"/key-results/%lld/checkins\"", (long long)S.member_kr);
    const char *other = fmt("action=\"/key-results/%lld/checkins\"", (long long)S.shared_kr);
    struct reply *r = get_as(S.member, fmt("/objectives/%lld", (long long)S.shared_obj), NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, mine), "the objective page offers her check-in");
    cr_assert_null(strstr(r->body, other), "and not one on the admin's key result");
    r = get_as(S.member, "/my", NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, mine), "My OKRs offers her check-in");
    cr_assert(strstr(r->body, "<span class=\"hint\">我的关键结果</span>"),
              "the bar beside another's objective says it is her key results' progress");
}

/* A new objective and its first key result are saved together or not at all: a refused key
 * result leaves no objective behind that a second try would copy. */
Test(web_http, a_new_objective_and_its_first_key_result_together)
{
#define NEW_FORM(target)                                                                           \
    fmt("csrf=%s&title=Tidy+the+backlog&description=&cycle_id=%lld&owner=me&theme_id=&kind="       \
        "committed&visibility=public&kr_title=Open+bugs+under+20&kr_start=80&kr_target=%s&"        \
        "kr_unit=&kr_direction=decrease",                                                          \
        S.member_csrf, (long long)S.cycle, target)
    struct reply *r = post_as(S.member, "/objectives", NEW_FORM("abc"), NULL);
    expect(r, 422); /* the form again, as it was typed */
    cr_assert(strstr(r->body, "notice err"));
    cr_assert(strstr(r->body, "name=\"title\" value=\"Tidy the backlog\""), "%s", r->body);
    cr_assert(strstr(r->body, "name=\"kr_title\" value=\"Open bugs under 20\""));
    cr_assert(strstr(r->body, "name=\"kr_start\" value=\"80\""));
    cr_assert(strstr(r->body, "name=\"kr_target\" value=\"abc\""));
    cr_assert(strstr(r->body, "<option value=\"committed\" selected>"));
    r = get_as(S.member, "/my", NULL);
    cr_assert_null(strstr(r->body, "Tidy the backlog"), "no objective without its key result");
    /* The target typed in full-width digits (２０), read as the check-in form reads numbers. */
    r = post_as(S.member, "/objectives", NEW_FORM("%EF%BC%92%EF%BC%90"), NULL);
#undef NEW_FORM
    expect(r, 303);
    const char *to = header(r, "Location");
    cr_assert(strstr(to, "?done=saved"), "%s", to);
    r = get_as(S.member, fmt("%.*s", (int)(strchr(to, '?') - to), to), NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "Tidy the backlog") && strstr(r->body, "Open bugs under 20"));
}

/* A closed cycle keeps what was said: its objectives show their comments and no form to add one
 * (the demo's objective 1 is last quarter's, closed). */
Test(web_http, a_closed_cycle_offers_no_comment_form)
{
    struct reply *r = get_as(S.admin, "/objectives/1", NULL);
    expect(r, 200);
    cr_assert_null(strstr(r->body, "action=\"/objectives/1/comments\""), "no comment form");
    r = get_as(S.admin, fmt("/objectives/%lld", (long long)S.hostile_obj), NULL);
    cr_assert(
        strstr(r->body, fmt("action=\"/objectives/%lld/comments\"", (long long)S.hostile_obj)),
        "an open cycle's objective has one");
}

/* A form refused for its input comes back as it was typed, open, on its page; the page's other
 * forms keep what is stored. */
Test(web_http, a_refused_form_comes_back_as_typed_and_only_that_form)
{
    const char *page = fmt("/objectives/%lld", (long long)S.member_private);
    struct reply *r = post_as(S.member, fmt("%s/key-results", page),
                              fmt("csrf=%s&objective_id=%lld&title=Typed+KR+%%E4%%B8%%AD&start=0&"
                                  "target=abc&direction=decrease",
                                  S.member_csrf, (long long)S.member_private),
                              NULL);
    expect(r, 422);
    const char *add = strstr(r->body, fmt("action=\"%s/key-results\"", page));
    cr_assert(add, "the add-key-result form");
    cr_assert(strstr(r->body, "<details class=\"edit\" open><summary>添加关键结果"), "open: %.300s",
              add - 200);
    cr_assert(strstr(add, "value=\"Typed KR 中\""));
    cr_assert(strstr(add, "<option value=\"decrease\" selected>"));
    const char *edit = strstr(r->body, fmt("action=\"%s\"", page));
    cr_assert(edit && edit < add, "the edit form comes first");
    cr_assert_null(strstr(edit, "Typed KR") < add ? strstr(edit, "Typed KR") : NULL,
                   "the objective's own title stays in its edit form");
    r = get_as(S.member, page, NULL);
    cr_assert_null(strstr(r->body, "Typed KR"), "nothing saved");
    /* A reflection is kept when its score is refused. */
    r = post_as(S.member, fmt("%s/score", page),
                fmt("csrf=%s&which=self&score=7&text=What+I+learnt&back=/cycles/%lld/grading",
                    S.member_csrf, (long long)S.cycle),
                NULL);
    expect(r, 422);
    cr_assert(strstr(r->body, ">What I learnt</textarea>"), "%s", r->body);
    cr_assert(strstr(r->body, "value=\"7\""));
    /* A score of two decimals (a full-width one too) is kept and offered again as it is. */
    r = post_as(S.member, fmt("%s/score", page),
                fmt("csrf=%s&which=self&score=%%EF%%BC%%90.65&text=x&back=/cycles/%lld/grading",
                    S.member_csrf, (long long)S.cycle),
                NULL);
    expect(r, 303);
    r = get_as(S.member, fmt("/cycles/%lld/grading", (long long)S.cycle), NULL);
    cr_assert(strstr(r->body, "step=\"any\" required") && strstr(r->body, "value=\"0.65\""), "%s",
              r->body);
}

/* The operator's service on the test's database, for what a test writes beside the server. */
struct operator
{
    struct store *st;
    struct arena a;
    struct svc s;
};

static void operator_open(struct operator* op)
{
    struct err err = {0};
    cr_assert_eq(store_open(S.db, &op->st, &err), ERR_OK, "%s", err.msg);
    arena_init(&op->a, 0);
    op->s = (struct svc){.st = op->st,
                         .a = &op->a,
                         .tenant_id = 1,
                         .actor = {.system = true},
                         .now = web_test_clock()};
}

static void operator_close(struct operator* op)
{
    arena_free(&op->a);
    store_close(op->st);
}

/* A team's map holds its lead's objectives though the lead is no member, and an objective
 * aligned to another of the team's sits under it (opened from it), not beside it. */
Test(web_http, a_teams_map_holds_its_lead_and_nests_what_aligns)
{
    struct operator op;
    operator_open(&op);
    struct svc s = op.s;
    struct team t;
    meta_init(&entity_team, &t);
    t.name = "Squad";
    t.lead_id = 1;
    web_put(&s, &entity_team, &t);
    struct membership m = {.team_id = t.id, .user_id = 6};
    web_put(&s, &entity_membership, &m);
    struct objective o;
    meta_init(&entity_objective, &o);
    svc_defaults(&entity_objective, &o);
    o.cycle_id = S.cycle;
    o.owner_user_id = 6;
    o.parent_objective_id = S.shared_obj;
    o.title = "Aligned under the lead's";
    web_put(&s, &entity_objective, &o);
    operator_close(&op);
    struct reply *r = get_as(
        S.admin, fmt("/map?team=%lld&cycle=%lld", (long long)t.id, (long long)S.cycle), NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "共同的目标"), "the lead's objective");
    cr_assert_null(strstr(r->body, "Aligned under the lead&#39;s"), "nested, not beside it");
    cr_assert_null(strstr(r->body, "Aligned under the lead's"));
}

/* A person who carries only key results on others' objectives has a dossier: the cycle, with
 * the weeks they checked in. */
Test(web_http, a_dossier_counts_key_results_carried_on_others_objectives)
{
    struct operator op;
    operator_open(&op);
    struct svc s = op.s;
    struct err err = {0};
    struct user u;
    meta_init(&entity_user, &u);
    svc_defaults(&entity_user, &u);
    u.name = "Dana Carrier";
    u.email = "dana@demo.okr.example";
    u.manager_id = 1;
    web_put(&s, &entity_user, &u);
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    svc_defaults(&entity_key_result, &kr);
    kr.objective_id = S.shared_obj;
    kr.owner_user_id = u.id;
    kr.title = "Dana's part";
    kr.target = 10;
    web_put(&s, &entity_key_result, &kr);
    struct checkin ck;
    meta_init(&entity_checkin, &ck);
    ck.kr_id = kr.id;
    ck.author_id = u.id;
    ck.value = 3;
    ck.confidence = 0.7;
    cr_assert_eq(svc_checkin(&s, &ck, false, &err), ERR_OK, "%s", err.msg);
    operator_close(&op);
    struct reply *r = get_as(S.admin, fmt("/people/%lld/dossier", (long long)u.id), NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "周中的1周"), "the week she checked in");
    cr_assert(strstr(r->body, "<h2"), "and the cycle");
}

/* One email and password in two companies: the login names the companies' ids (the password
 * showed they are the person's) and logs in to the one given. */
Test(web_http, login_in_two_companies_names_them)
{
    struct reply *r = raw("POST", "/api/v1/signup", "Content-Type: application/json\r\n",
                          "{\"tenant_name\":\"Side project\",\"name\":\"Chen\",\"email\":"
                          "\"chen.mingyuan@demo.okr.example\",\"password\":\"pass phrase 123\"}");
    expect(r, 201);
    r = raw("GET", "/login", NULL, NULL);
    char pre[128], token[80];
    cr_assert(set_cookie(r, WEB_PRE_COOKIE, pre, sizeof pre));
    csrf_of(r, token, sizeof token);
    const char *headers =
        fmt("Cookie: %s\r\n%sContent-Type: application/x-www-form-urlencoded\r\n", pre, origin());
    r = raw("POST", "/login", headers,
            fmt("csrf=%s&email=chen.mingyuan%%40demo.okr.example&password=pass+phrase+123", token));
    expect(r, 422);
    cr_assert(strstr(r->body, "（1, 2）"), "the companies' ids: %s", strstr(r->body, "notice"));
    cr_assert(strstr(r->body, "name=\"tenant_id\""), "and where to give one");
    r = raw("POST", "/login", headers,
            fmt("csrf=%s&email=chen.mingyuan%%40demo.okr.example&password=pass+phrase+123&"
                "tenant_id=1",
                token));
    expect(r, 303);
}

/* Every objective that must be scored before the cycle closes is on someone's grading page: a
 * team's for whoever leads it or a team above it, the company's (a theme or none) for admins. */
Test(web_http, the_grading_page_offers_every_objective_to_someone)
{
    struct operator op;
    operator_open(&op);
    struct objective o = web_objective(S.cycle, 0, "Company goal without a theme");
    web_put(&op.s, &entity_objective, &o);
    operator_close(&op);
    const char *page = fmt("/cycles/%lld/grading", (long long)S.cycle);
    struct reply *r = get_as(S.admin, page, NULL); /* 陈明远 leads the company's top team */
    expect(r, 200);
    const char *teams = strstr(r->body, "aria-labelledby=\"g-teams\"");
    const char *company = strstr(r->body, "aria-labelledby=\"g-company\"");
    cr_assert(teams && company && teams < company, "both sections");
    cr_assert(strstr(teams, "理顺渠道价格体系") < company, "a department's objective");
    cr_assert(strstr(teams, "新自动化产线从第一天起安全运行") < company, "one two teams down");
    cr_assert(strstr(company, "Company goal without a theme"));
    r = get_as(S.member, page, NULL);
    expect(r, 200);
    cr_assert_null(strstr(r->body, "g-teams"), "王思琪 leads no team");
    cr_assert_null(strstr(r->body, "Company goal without a theme"));
}

/* A quarter graded before it ends is still the one people work in: pages show it by default, not
 * the year around it. */
Test(web_http, a_quarter_being_graded_is_still_the_default)
{
    struct reply *r = post_as(S.admin, fmt("/admin/cycles/%lld/state", (long long)S.cycle),
                              fmt("csrf=%s&to=grading&back=/admin", S.admin_csrf), NULL);
    expect(r, 303);
    r = get_as(S.admin, "/my", NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, fmt("<option value=\"%lld\" selected>", (long long)S.cycle)),
              "the quarter in grading, selected");
}

/* A check-in the operator recorded (okr checkin without --author) says so where a name goes. */
Test(web_http, a_check_in_without_an_author_says_the_operator_recorded_it)
{
    struct operator op;
    operator_open(&op);
    struct checkin ck;
    meta_init(&entity_checkin, &ck);
    svc_defaults(&entity_checkin, &ck);
    ck.kr_id = S.hostile_kr;
    ck.value = 6;
    struct err err = {0};
    cr_assert_eq(svc_checkin(&op.s, &ck, false, &err), ERR_OK, "%s", err.msg);
    operator_close(&op);
    struct reply *r = get_as(S.admin, fmt("/objectives/%lld", (long long)S.hostile_obj), NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "由系统管理员录入"));
}
