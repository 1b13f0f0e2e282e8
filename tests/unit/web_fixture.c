/* The web UI's tests' fixtures (test_web*.c): a server as `okr serve` builds it, the demo
 * company in its database, and signing in through the login form. */
#include "web_fixture.h"

#include "api/api.h"
#include "core/timefmt.h"
#include "http/server.h"
#include "service/account.h"
#include "service/demo.h"
#include "web/web.h"
#include "web/web_int.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *origin(void)
{
    return fmt("Origin: http://127.0.0.1:%u\r\n", (unsigned)http_client_port);
}

/* The value of the first hidden csrf field of a page. */
void csrf_of(const struct reply *r, char *out, size_t n)
{
    const char *p = strstr(r->body, "name=\"csrf\" value=\"");
    cr_assert(p, "no csrf field: %.500s", r->body);
    p += strlen("name=\"csrf\" value=\"");
    size_t len = strcspn(p, "\"");
    cr_assert_lt(len, n);
    memcpy(out, p, len);
    out[len] = '\0';
}

/* Logs in through the form; cookie gets "okr_session=...", csrf the session's token. */
void login(const char *email, char *cookie, size_t ncookie, char *csrf, size_t ncsrf)
{
    struct reply *r = raw("GET", "/login", NULL, NULL);
    expect(r, 200);
    char pre[128], token[80];
    cr_assert(set_cookie(r, WEB_PRE_COOKIE, pre, sizeof pre));
    csrf_of(r, token, sizeof token);
    r = raw(
        "POST", "/login",
        fmt("Cookie: %s\r\n%sContent-Type: application/x-www-form-urlencoded\r\n", pre, origin()),
        fmt("csrf=%s&email=%s&password=pass+phrase+123", token, email));
    expect(r, 303);
    cr_assert_str_eq(header(r, "Location"), "/my");
    cr_assert(set_cookie(r, "okr_session", cookie, ncookie));
    r = raw("GET", "/my", fmt("Cookie: %s\r\n", cookie), NULL);
    expect(r, 200);
    csrf_of(r, csrf, ncsrf);
}

struct reply *get_as(const char *cookie, const char *path, const char *extra)
{
    return raw("GET", path, fmt("Cookie: %s\r\n%s", cookie, extra ? extra : ""), NULL);
}

struct reply *post_as(const char *cookie, const char *path, const char *body, const char *extra)
{
    return raw("POST", path,
               fmt("Cookie: %s\r\n%sContent-Type: application/x-www-form-urlencoded\r\n%s", cookie,
                   origin(), extra ? extra : ""),
               body);
}

void web_test_dir(char dir[64], char db[128])
{
    snprintf(dir, 64, "/tmp/okr-web-XXXXXX");
    cr_assert(mkdtemp(dir));
    snprintf(db, 128, "%s/okr.db", dir);
}

struct http_server *web_test_serve(struct api_app *app, const char *db, int64_t (*clock)(void))
{
    *app = (struct api_app){
        .db_url = db, .session_idle_s = 8 * 3600, .session_max_s = 30 * 86400, .clock = clock};
    static struct route routes[256];
    cr_assert_leq(web_route_count + api_route_count, 256);
    memcpy(routes, web_routes, web_route_count * sizeof routes[0]);
    memcpy(routes + web_route_count, api_routes, api_route_count * sizeof routes[0]);
    /* One worker thread: every request goes through the same thread-local state, which is how
     * a session could leak into another request if the web layer kept it wrongly. */
    struct http_config cfg = {.listen = "127.0.0.1:0", .threads = 1};
    web_server_hooks(&cfg);
    struct http_server *srv;
    struct err err = {0};
    cr_assert_eq(
        http_server_start(&cfg, routes, web_route_count + api_route_count, app, &srv, &err), ERR_OK,
        "%s", err.msg);
    http_client_port = http_server_port(srv);
    return srv;
}

void web_test_stop(struct http_server *srv, const char *dir)
{
    http_server_stop(srv);
    http_client_free();
    const char *files[] = {"okr.db", "okr.db-wal", "okr.db-shm"};
    for (size_t i = 0; i < 3; i++) {
        unlink(fmt("%s/%s", dir, files[i]));
    }
    rmdir(dir);
}

size_t web_asset_size(const char *name)
{
    struct reply *r = raw("GET", fmt("/assets/%s", name), NULL, NULL);
    expect(r, 200);
    return r->len;
}

int64_t web_test_today(void)
{
    return date_from_ymd(2026, 11, 29);
}

int64_t web_test_clock(void)
{
    return web_test_today() * 86400 + 12 * 3600;
}

void web_demo_open(struct web_demo *d, const char *db, const int64_t *users, size_t nusers)
{
    struct err err = {0};
    cr_assert_eq(store_open(db, &d->st, &err), ERR_OK, "%s", err.msg);
    arena_init(&d->a, 0);
    struct demo_opts o = {.lang = "zh", .today = web_test_today()};
    int64_t tenant = 0, rows = 0;
    cr_assert_eq(svc_demo(d->st, &d->a, web_test_clock(), &o, &tenant, &rows, &err), ERR_OK, "%s",
                 err.msg);
    d->s = (struct svc){.st = d->st,
                        .a = &d->a,
                        .tenant_id = tenant,
                        .actor = {.system = true},
                        .now = web_test_clock()};
    for (size_t i = 0; i < nusers; i++) {
        cr_assert_eq(svc_password_set(&d->s, users[i], "pass phrase 123", &err), ERR_OK, "%s",
                     err.msg);
    }
    struct query q = {0};
    struct rows cycles;
    cr_assert_eq(svc_list(&d->s, &entity_cycle, &q, &cycles, &err), ERR_OK);
    const struct cycle *cy = cycles.items;
    d->cycle = 0;
    for (size_t i = 0; i < cycles.n; i++) {
        if (cy[i].kind == CYCLE_QUARTER && cy[i].state == CYCLE_ACTIVE) {
            d->cycle = cy[i].id;
        }
    }
    cr_assert(d->cycle);
}

void web_put(struct svc *s, const struct entity *e, void *obj)
{
    struct err err = {0};
    cr_assert_eq(svc_create(s, e, obj, &err), ERR_OK, "%s: %s (%s)", e->name, err.msg, err.field);
}

struct objective web_objective(int64_t cycle, int64_t owner, const char *title)
{
    struct objective o;
    meta_init(&entity_objective, &o);
    svc_defaults(&entity_objective, &o);
    o.cycle_id = cycle;
    o.owner_user_id = owner;
    o.title = title;
    return o;
}

struct key_result web_key_result(int64_t objective, const char *title, double target)
{
    struct key_result k;
    meta_init(&entity_key_result, &k);
    svc_defaults(&entity_key_result, &k);
    k.objective_id = objective;
    k.title = title;
    k.target = target;
    return k;
}

void web_demo_close(struct web_demo *d)
{
    arena_free(&d->a);
    store_close(d->st);
}
