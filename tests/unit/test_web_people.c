/* Tests for the people pages of the web UI (issue 4: teams and people, the dossier, the admin's
 * users, teams and data files, the HTML 404 page) and their pure parts (check-in discipline,
 * multipart bodies): the demo company over real loopback HTTP, asserting what each page shows
 * and, above all, what it must not: private OKRs to colleagues, a dossier to a colleague or a
 * peer, admin pages to members, a malformed import that changes anything. */
#include "api/api.h"
#include "core/timefmt.h"
#include "domain/dossier.h"
#include "http/server.h"
#include "service/account.h"
#include "service/demo.h"
#include "web/web.h"
#include "web/web_int.h"
#include "web/web_people.h"

#include "web_fixture.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- pure parts ---- */

Test(web_people_pure, weeks_start_on_monday)
{
    int64_t mon = date_from_ymd(2026, 11, 23), sun = date_from_ymd(2026, 11, 29);
    cr_assert_eq(week_of(mon), week_of(sun));
    cr_assert_eq(week_of(sun) + 1, week_of(sun + 1));
    cr_assert_eq(week_of(date_from_ymd(1969, 12, 29)), 0);
    cr_assert_eq(week_of(date_from_ymd(1969, 12, 28)), -1);
}

Test(web_people_pure, discipline_counts_weeks_that_are_over_or_checked)
{
    int64_t start = date_from_ymd(2026, 10, 5); /* a Monday */
    int64_t end = date_from_ymd(2026, 12, 27);  /* a Sunday: 12 weeks */
    int64_t today = date_from_ymd(2026, 10, 21); /* Wednesday of the third week */
    int64_t ats[] = {(start + 1) * 86400 + 3600, (start + 2) * 86400, /* week 1, twice */
                     (start + 16) * 86400,                           /* week 3 (this one) */
                     (start - 1) * 86400};                           /* before the cycle */
    struct discipline d;
    discipline_of(start, end, today, ats, 4, &d);
    cr_assert_eq(d.weeks, 3, "two weeks over and the current one, checked: %zu", d.weeks);
    cr_assert_eq(d.with_checkin, 2);
    discipline_of(start, end, today, ats, 2, &d);
    cr_assert_eq(d.weeks, 2, "the current week without a check-in is not late yet");
    cr_assert_eq(d.with_checkin, 1);
    discipline_of(start, end, date_from_ymd(2027, 3, 1), NULL, 0, &d);
    cr_assert_eq(d.weeks, 12);
    cr_assert_eq(d.with_checkin, 0);
    discipline_of(start, end, start - 3, ats, 4, &d);
    cr_assert_eq(d.weeks, 0, "a cycle that has not started counts nothing");
}

Test(web_people_pure, multipart_bodies_split_into_parts)
{
    struct arena a;
    arena_init(&a, 0);
    const char *type = "multipart/form-data; boundary=----XyZ";
    const char *body = "------XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
                       "tok\r\n------XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
                       "filename=\"a.json\"\r\nContent-Type: application/json\r\n\r\n"
                       "{\"x\":\r\n1}\r\n------XyZ--\r\n";
    struct web_part parts[WEB_PARTS_MAX];
    size_t n = 0;
    cr_assert(web_multipart_parse(&a, type, body, strlen(body), parts, &n));
    cr_assert_eq(n, 2);
    const struct web_part *f = web_part_get(parts, n, "file");
    cr_assert(f);
    cr_assert_str_eq(f->filename, "a.json");
    cr_assert_eq(f->len, strlen("{\"x\":\r\n1}"));
    cr_assert(memcmp(f->data, "{\"x\":\r\n1}", f->len) == 0);
    cr_assert_eq(web_part_get(parts, n, "csrf")->len, 3);
    cr_assert_not(web_multipart_parse(&a, "application/json", body, strlen(body), parts, &n));
    const char *cut = "------XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc";
    cr_assert_not(web_multipart_parse(&a, type, cut, strlen(cut), parts, &n));
    arena_free(&a);
}

/* ---- the pages over loopback HTTP ---- */

static struct {
    char dir[64];
    char db[128];
    struct api_app app;
    struct http_server *srv;
    uint16_t port;
    int64_t today, cycle, member_private, private_kr;
    char admin[256], admin_csrf[80];   /* 陈明远 (1), admin */
    char member[256], member_csrf[80]; /* 王思琪 (6), a member of Sales, reports to 林晓峰 (2) */
    char zhou[256], zhou_csrf[80];     /* 周婷 (8), her colleague in Sales */
    char lin[256], lin_csrf[80];       /* 林晓峰 (2), her manager */
    char su[256], su_csrf[80];         /* 苏文博 (3), her manager's peer */
} S;

static void seed(void)
{
    static const int64_t users[] = {1, 2, 3, 6, 8};
    struct web_demo d;
    web_demo_open(&d, S.db, users, sizeof users / sizeof users[0]);
    S.cycle = d.cycle;
    struct svc s = d.s;
    struct err err = {0};
    struct objective ob;
    meta_init(&entity_objective, &ob);
    svc_defaults(&entity_objective, &ob);
    ob.cycle_id = S.cycle;
    ob.owner_user_id = 6;
    ob.visibility = VIS_PRIVATE;
    ob.title = "Private plan of Wang <b>";
    ob.reflection = "Reflection <script>alert(1)</script>";
    cr_assert_eq(svc_create(&s, &entity_objective, &ob, &err), ERR_OK, "%s", err.msg);
    S.member_private = ob.id;
    struct key_result kr = web_key_result(ob.id, "签约12家杭州经销商", 12);
    web_put(&s, &entity_key_result, &kr);
    S.private_kr = kr.id;
    kr = web_key_result(ob.id, "Zhou's part of a private plan", 3);
    kr.owner_user_id = 8;
    web_put(&s, &entity_key_result, &kr);
    /* A take-on she accepted and never activated, and one she dropped: her dossier shows both. */
    ob = web_objective(S.cycle, 6, "Draft she took on");
    ob.state = OBJ_DRAFT;
    web_put(&s, &entity_objective, &ob);
    ob = web_objective(S.cycle, 6, "Plan she dropped");
    ob.state = OBJ_DROPPED;
    web_put(&s, &entity_objective, &ob);
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
    login("zhou.ting%40demo.okr.example", S.zhou, sizeof S.zhou, S.zhou_csrf, sizeof S.zhou_csrf);
    login("lin.xiaofeng%40demo.okr.example", S.lin, sizeof S.lin, S.lin_csrf, sizeof S.lin_csrf);
    login("su.wenbo%40demo.okr.example", S.su, sizeof S.su, S.su_csrf, sizeof S.su_csrf);
}

static void stop(void)
{
    web_test_stop(S.srv, S.dir);
}

TestSuite(web_people, .init = start, .fini = stop, .timeout = 120);

static void expect_page(const struct reply *r, const char *path)
{
    expect(r, 200);
    cr_assert_str_eq(header(r, "Content-Type"), "text/html; charset=utf-8");
    cr_assert_null(strstr(r->body, "<b>"), "%s shows raw markup", path);
    cr_assert_null(strstr(r->body, "<script>"), "%s shows raw markup", path);
    cr_assert_null(strstr(r->body, " style=\""), "%s has an inline style", path);
    cr_assert_lt(r->len, 150 * 1024, "%s weighs %zu bytes", path, r->len);
}

Test(web_people, team_page_shows_lead_members_okrs_and_rollup)
{
    struct reply *r = get_as(S.member, "/teams/2", NULL); /* 销售部 */
    expect_page(r, "/teams/2");
    cr_assert(strstr(r->body, "<h1>销售部</h1>"));
    cr_assert(strstr(r->body, "href=\"/people/2\">林晓峰</a>"), "the lead, linked");
    cr_assert(strstr(r->body, "href=\"/people/6\">王思琪</a>"), "a member, linked");
    cr_assert(strstr(r->body, "团队目标进度"), "the roll-up");
    cr_assert(strstr(r->body, "成员（5）"));
    cr_assert(strstr(r->body, "href=\"/teams/1\">"), "the parent team");
    cr_assert(strstr(r->body, "/objectives/"), "the team's objectives of the cycle");
    r = get_as(S.member, "/teams/1", "Accept-Language: en\r\n");
    expect_page(r, "/teams/1");
    cr_assert(strstr(r->body, "href=\"/teams/2\">销售部</a>"), "sub-teams");
    r = get_as(S.member, "/teams/999", NULL);
    expect(r, 404);
    r = get_as(S.member, "/teams", NULL);
    expect_page(r, "/teams");
    cr_assert(strstr(r->body, "我的团队"));
}

Test(web_people, private_okrs_stay_hidden_on_people_and_team_pages)
{
    struct reply *r = get_as(S.member, "/people/6", NULL);
    expect_page(r, "/people/6 (herself)");
    cr_assert(strstr(r->body, "Private plan of Wang &lt;b&gt;"));
    cr_assert(strstr(r->body, "/people/6/dossier"), "her own dossier is linked");
    r = get_as(S.lin, "/people/6", NULL);
    cr_assert(strstr(r->body, "Private plan of Wang"), "her manager sees it");
    r = get_as(S.zhou, "/people/6", NULL);
    expect_page(r, "/people/6 (colleague)");
    cr_assert(strstr(r->body, "王思琪"));
    cr_assert_null(strstr(r->body, "Private plan"), "a colleague sees no private objective");
    cr_assert_null(strstr(r->body, "/people/6/dossier"), "nor a link to her dossier");
    r = get_as(S.zhou, "/teams/2", NULL);
    cr_assert_null(strstr(r->body, "Private plan"));
    r = get_as(S.zhou, fmt("/objectives/%lld", (long long)S.member_private), NULL);
    expect(r, 404);
}

Test(web_people, dossier_only_for_the_person_their_managers_and_admins)
{
    const char *path = "/people/6/dossier";
    struct reply *r = get_as(S.member, path, NULL);
    expect_page(r, "dossier (herself)");
    cr_assert(strstr(r->body, "王思琪的个人OKR档案"));
    cr_assert(strstr(r->body, "Private plan of Wang &lt;b&gt;"), "every OKR, private ones too");
    cr_assert(strstr(r->body, "Reflection &lt;script&gt;"), "reflections, escaped");
    cr_assert(strstr(r->body, "Draft she took on"), "a draft is hers too");
    const char *dropped = strstr(r->body, "Plan she dropped");
    cr_assert(dropped && strstr(dropped, "已放弃"), "a dropped one, said so");
    cr_assert(strstr(r->body, "自评") && strstr(r->body, "上级评分") && strstr(r->body, "最终得分"));
    cr_assert(strstr(r->body, "进展更新纪律"));
    cr_assert(strstr(r->body, "承接的上级OKR"));
    cr_assert(strstr(r->body, "data-print"));
    r = get_as(S.lin, path, NULL);
    expect(r, 200); /* her manager */
    r = get_as(S.admin, path, "Accept-Language: en\r\n");
    expect(r, 200); /* the admin (and the CEO: the top of her chain) */
    r = get_as(S.zhou, path, NULL);
    expect(r, 403); /* a colleague in her team */
    cr_assert_null(strstr(r->body, "Private plan"));
    cr_assert_null(strstr(r->body, "Reflection"));
    r = get_as(S.su, path, NULL);
    expect(r, 403); /* her manager's peer: not in her chain */
    cr_assert_null(strstr(r->body, "Private plan"));
    r = get_as(S.member, "/people/2/dossier", NULL);
    expect(r, 403); /* nobody sees up the chain */
    r = get_as(S.admin, "/people/99999/dossier", NULL);
    expect(r, 404);
}

Test(web_people, admin_pages_are_for_admins)
{
    const char *pages[] = {"/admin/users", "/admin/users/6", "/admin/teams", "/admin/teams/2",
                           "/admin/export"};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        struct reply *r = get_as(S.member, pages[i], NULL);
        expect(r, 403);
        r = get_as(S.admin, pages[i], NULL);
        expect(r, 200);
    }
    struct reply *r =
        post_as(S.member, "/admin/teams", fmt("csrf=%s&name=Mine", S.member_csrf), NULL);
    expect(r, 403);
    r = post_as(S.member, "/admin/users/6", fmt("csrf=%s&role=admin", S.member_csrf), NULL);
    expect(r, 403);
    r = get_as(S.admin, "/admin/users/6", NULL);
    cr_assert(strstr(r->body, "lin.xiaofeng@demo.okr.example"), "her manager's email");
}

Test(web_people, admin_creates_a_team_and_changes_a_user)
{
    struct reply *r = post_as(S.admin, "/admin/teams",
                              fmt("csrf=%s&name=%%3Cb%%3ENew+squad&parent_id=2&lead=zhou.ting%%40"
                                  "demo.okr.example",
                                  S.admin_csrf),
                              NULL);
    expect(r, 303);
    const char *to = header(r, "Location");
    cr_assert(strncmp(to, "/admin/teams/", 13) == 0 && strstr(to, "done=saved"), "%s", to);
    long long id = strtoll(to + 13, NULL, 10);
    r = post_as(S.admin, fmt("/admin/teams/%lld/members", id),
                fmt("csrf=%s&email=wang.siqi%%40demo.okr.example", S.admin_csrf), NULL);
    expect(r, 303);
    cr_assert(strstr(header(r, "Location"), "done=saved"));
    r = post_as(S.admin, fmt("/admin/teams/%lld/members", id),
                fmt("csrf=%s&email=nobody%%40x.example", S.admin_csrf), NULL);
    expect(r, 422); /* the page again, the email as typed */
    cr_assert(strstr(r->body, "notice err"));
    cr_assert(strstr(r->body, "name=\"email\" type=\"email\" value=\"nobody@x.example\""));
    r = get_as(S.member, fmt("/teams/%lld", id), NULL);
    expect_page(r, "the new team");
    cr_assert(strstr(r->body, "&lt;b&gt;New squad"));
    cr_assert(strstr(r->body, "href=\"/people/8\">周婷</a>"), "its lead");
    cr_assert(strstr(r->body, "href=\"/people/6\">王思琪</a>"), "its member");
    r = get_as(S.member, "/teams/2", NULL);
    cr_assert(strstr(r->body, "&lt;b&gt;New squad"), "a sub-team of Sales");
    /* Rename it; a loop of parents is refused. */
    r = post_as(S.admin, fmt("/admin/teams/%lld", id),
                fmt("csrf=%s&name=Squad&parent_id=2&lead=", S.admin_csrf), NULL);
    expect(r, 303);
    cr_assert(strstr(header(r, "Location"), "done=saved"));
    r = post_as(S.admin, "/admin/teams/2",
                fmt("csrf=%s&name=Sales+typed&parent_id=%lld", S.admin_csrf, id), NULL);
    expect(r, 422);
    cr_assert(strstr(r->body, "value=\"Sales typed\""), "the name as typed");
    cr_assert(strstr(r->body, fmt("<option value=\"%lld\" selected>", id)), "and the parent");
    r = get_as(S.admin, "/admin/teams/2", NULL);
    cr_assert_null(strstr(r->body, "Sales typed"), "nothing saved, nothing kept");
    r = post_as(S.admin, fmt("/admin/teams/%lld/members/remove", id),
                fmt("csrf=%s&user_id=6", S.admin_csrf), NULL);
    expect(r, 303);
    r = get_as(S.admin, fmt("/teams/%lld", id), NULL);
    cr_assert(strstr(r->body, "<h1>Squad</h1>"));
    cr_assert_null(strstr(r->body, "href=\"/people/6\""), "removed");
    /* A user's manager by email; an unknown email changes nothing. */
    r = post_as(S.admin, "/admin/users/8",
                fmt("csrf=%s&role=admin&manager=nobody%%40x.example", S.admin_csrf), NULL);
    expect(r, 422);
    cr_assert(strstr(r->body, "value=\"nobody@x.example\""));
    cr_assert(strstr(r->body, "<option value=\"admin\" selected>"), "the role as chosen");
    r = post_as(S.admin, "/admin/users/8",
                fmt("csrf=%s&role=member&manager=su.wenbo%%40demo.okr.example", S.admin_csrf),
                NULL);
    expect(r, 303);
    r = get_as(S.admin, "/people/8", NULL);
    cr_assert(strstr(r->body, "href=\"/people/3\">苏文博</a>"), "the new manager");
    r = get_as(S.admin, "/admin/users", NULL);
    expect_page(r, "/admin/users");
    cr_assert(strstr(r->body, "/admin/users/8"));
}

static const char *multipart(const char *csrf, const char *file)
{
    return fmt("------b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
               "------b0undary\r\nContent-Disposition: form-data; name=\"file\"; "
               "filename=\"x.json\"\r\nContent-Type: application/json\r\n\r\n%s\r\n"
               "------b0undary--\r\n",
               csrf, file);
}

Test(web_people, export_and_import_files)
{
    struct reply *r = get_as(S.admin, "/admin/export", NULL);
    expect(r, 200);
    cr_assert_str_eq(header(r, "Content-Type"), "application/json");
    cr_assert(strstr(header(r, "Content-Disposition"), "attachment"));
    cr_assert(strstr(r->body, "\"format\": \"okr\"") || strstr(r->body, "\"format\":\"okr\""),
              "%.200s", r->body);
    const char *type = "Content-Type: multipart/form-data; boundary=----b0undary\r\n";
    /* A malformed file: 422, the record and field named, nothing written. */
    const char *bad = "{\"format\":\"okr\",\"version\":1,\"tenant\":{\"name\":\"X\"},"
                      "\"users\":[{\"key\":\"u1\",\"name\":\"A\",\"email\":\"a@x\","
                      "\"role\":\"emperor\"}]}";
    r = raw("POST", "/admin/import",
            fmt("Cookie: %s\r\n%s%s", S.admin, origin(), type), multipart(S.admin_csrf, bad));
    expect(r, 422);
    cr_assert(strstr(r->body, "users[0]"), "the record is named: %.3000s", r->body);
    cr_assert(strstr(r->body, "没有写入任何内容") || strstr(r->body, "Nothing was changed"));
    r = raw("POST", "/admin/import",
            fmt("Cookie: %s\r\n%s%s", S.admin, origin(), type), multipart(S.admin_csrf, "{"));
    expect(r, 422);
    /* Without the token: refused before anything is read. */
    r = raw("POST", "/admin/import", fmt("Cookie: %s\r\n%s%s", S.admin, origin(), type),
            multipart("nope", "{}"));
    expect(r, 403);
    r = raw("POST", "/admin/import", fmt("Cookie: %s\r\n%s%s", S.member, origin(), type),
            multipart(S.member_csrf, "{}"));
    expect(r, 403);
    /* A good file (a minimal company) becomes company 2: the failures above created nothing. */
    const char *good = "{\"format\":\"okr\",\"version\":1,\"tenant\":{\"name\":\"Imported "
                       "Co\"}}";
    r = raw("POST", "/admin/import",
            fmt("Cookie: %s\r\n%sContent-Type: application/json\r\nX-CSRF-Token: %s\r\n",
                S.admin, origin(), S.admin_csrf),
            good);
    expect(r, 201);
    cr_assert(strstr(r->body, "ID 2") || strstr(r->body, "id 2"), "%.3000s", r->body);
}

Test(web_people, unknown_paths_get_an_html_404_in_the_users_language)
{
    struct reply *r = raw("GET", "/no/such/page", "Accept-Language: en\r\n", NULL);
    expect(r, 404);
    cr_assert_str_eq(header(r, "Content-Type"), "text/html; charset=utf-8");
    cr_assert(strstr(r->body, "There is no page at this address."));
    cr_assert(strstr(r->body, "<html lang=\"en\">"));
    r = get_as(S.member, "/no/such/page", "Accept-Language: en\r\n");
    expect(r, 404);
    cr_assert(strstr(r->body, "<html lang=\"zh-CN\">"), "her own setting wins");
    cr_assert(strstr(r->body, "这个地址没有页面。"));
    cr_assert(strstr(r->body, "href=\"/my\""), "with the navigation when signed in");
    r = get_as(S.member, "/api/v1/no-such", NULL);
    expect(r, 404);
    cr_assert_str_eq(header(r, "Content-Type"), "application/problem+json");
    r = raw("GET", "/a/<script>", NULL, NULL);
    expect(r, 404);
    cr_assert_null(strstr(r->body, "<script>"));
}

Test(web_people, owners_link_to_their_pages)
{
    struct reply *r = get_as(S.admin, "/objectives/12", NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, "href=\"/people/") || strstr(r->body, "href=\"/teams/"),
              "the owner is a link");
    r = get_as(S.admin, "/my", NULL);
    cr_assert(strstr(r->body, "<a class=\"me\" href=\"/people/1\">"));
}

/* A person's page shows the key results they carry on others' objectives: 赵磊 owns no
 * objective of his own this quarter but carries two key results, his manager's and his team's. */
Test(web_people, a_person_page_shows_the_key_results_they_carry)
{
    struct reply *r = get_as(S.lin, "/people/7", NULL);
    expect_page(r, "/people/7");
    const char *carried = strstr(r->body, "id=\"p-carried\"");
    cr_assert(carried, "the section: %s", r->body);
    cr_assert(strstr(carried, "在他人目标上负责的关键结果"));
    cr_assert(strstr(carried, "新签15家核心经销商"));
    cr_assert(strstr(carried, "属于本季度营收从2400万元提升到3000万元"));
    cr_assert(strstr(carried, "串货投诉从每月6起降到1起"));
    r = get_as(S.admin, "/people/9", NULL);
    expect_page(r, "/people/9");
    cr_assert_null(strstr(r->body, "id=\"p-carried\""), "曹宇 carries none");
}

/* A lead writes their team's objective aligned to a company key result, from the company
 * objective's page: the form knows the parent and offers the teams they lead as owners. */
Test(web_people, a_lead_writes_a_team_objective_aligned_to_a_company_key_result)
{
    struct reply *r = get_as(S.lin, "/objectives/12", NULL);
    expect(r, 200);
    const char *align = strstr(r->body, "action=\"/objectives/new\"");
    cr_assert(align && strstr(align, "name=\"parent\" value=\"12\""), "the align form");
    r = get_as(S.lin, "/objectives/new?parent=12&on=24", NULL);
    expect_page(r, "/objectives/new?parent=12&on=24");
    cr_assert(strstr(r->body, "对齐到：本季度营收从2400万元提升到3000万元"));
    cr_assert(strstr(r->body, "name=\"parent_kr_id\" value=\"24\""));
    cr_assert(strstr(r->body, "<option value=\"team:2\">销售部</option>"), "his team as owner");
    r = post_as(S.lin, "/objectives",
                fmt("csrf=%s&title=%%E6%%89%%93%%E5%%BC%%80%%E5%%8D%%8E%%E4%%B8%%9C&cycle_id=%lld&"
                    "owner=team%%3A2&parent_kr_id=24&kind=committed&visibility=public",
                    S.lin_csrf, (long long)S.cycle),
                NULL);
    expect(r, 303);
    struct store *st;
    struct err err = {0};
    cr_assert_eq(store_open(S.db, &st, &err), ERR_OK, "%s", err.msg);
    struct arena a;
    arena_init(&a, 0);
    struct svc s = {.st = st, .a = &a, .tenant_id = 1, .actor = {.system = true}};
    struct rows rows;
    cr_assert_eq(svc_list(&s, &entity_objective, &(struct query){.by = "parent_kr_id", .key = 24},
                          &rows, &err),
                 ERR_OK, "%s", err.msg);
    const struct objective *o = rows.items;
    bool found = false;
    for (size_t i = 0; i < rows.n; i++) {
        found = found || (strcmp(o[i].title, "打开华东") == 0 && o[i].owner_team_id == 2 &&
                          !o[i].owner_user_id);
    }
    cr_assert(found, "the team's objective under the company's key result");
    arena_free(&a);
    store_close(st);
    /* Someone who leads no team gets no team to choose, and a team he does not lead is refused. */
    r = post_as(S.member, "/objectives",
                fmt("csrf=%s&title=x&cycle_id=%lld&owner=team%%3A2&parent_kr_id=24", S.member_csrf,
                    (long long)S.cycle),
                NULL);
    expect(r, 303);
    cr_assert(strstr(header(r, "Location"), "err=forbidden"), "%s", header(r, "Location"));
    r = get_as(S.member, "/objectives/new?parent=12&on=24", NULL);
    cr_assert_null(strstr(r->body, "team:2"));
}

/* A draft's hints never compare its words with a key result the writer may not see: M3 lets an
 * objective keep the words of the key result it takes on, and a hidden one's title could be
 * guessed a character at a time from whether M3 is silent. */
Test(web_people, hints_never_weigh_a_hidden_parent)
{
    const char *draft = fmt("title=%%E7%%AD%%BE%%E7%%BA%%A612%%E5%%AE%%B6%%E6%%9D%%AD%%E5%%B7%%9E%%"
                            "E7%%BB%%8F%%E9%%94%%80%%E5%%95%%86"
                            "&cycle_id=%lld&parent_kr_id=%lld",
                            (long long)S.cycle, (long long)S.private_kr);
    struct reply *r = post_as(S.su, "/objectives/hints", fmt("csrf=%s&%s", S.su_csrf, draft),
                              "X-Requested-With: fetch\r\n");
    expect(r, 200);
    cr_assert(strstr(r->body, "M3"), "苏文博 may not see the key result: M3 as for any title: %s",
              r->body);
    r = post_as(S.member, "/objectives/hints", fmt("csrf=%s&%s", S.member_csrf, draft),
                "X-Requested-With: fetch\r\n");
    expect(r, 200);
    cr_assert_null(strstr(r->body, "M3"), "王思琪 takes on her own key result's words: %s",
                   r->body);
}

/* What a page may not show stays hidden however it is asked for: a key result carried on a
 * private objective, a hidden objective as the parent of a new one, its title named by ?id=. */
Test(web_people, hidden_objectives_stay_hidden_on_the_new_pages)
{
    struct reply *r = get_as(S.su, "/people/8", NULL);
    expect_page(r, "/people/8 (su)");
    cr_assert_null(strstr(r->body, "Zhou's part"), "on 王思琪's private objective");
    r = get_as(S.lin, "/people/8", NULL); /* 王思琪's manager sees her private plan */
    expect_page(r, "/people/8 (lin)");
    cr_assert(strstr(r->body, "Zhou&#39;s part of a private plan"));
    r = get_as(S.su, fmt("/objectives/new?parent=%lld", (long long)S.member_private), NULL);
    expect(r, 404);
    cr_assert_null(strstr(r->body, "Private plan"));
    r = get_as(S.su, fmt("/my?err=conflict&field=postmortem&id=%lld", (long long)S.member_private),
               NULL);
    expect(r, 200);
    cr_assert(strstr(r->body, fmt("#%lld", (long long)S.member_private)));
    cr_assert_null(strstr(r->body, "Private plan"), "the id alone, not the title");
}
