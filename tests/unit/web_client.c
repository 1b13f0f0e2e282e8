/* A small HTTP/1.1 client for the web UI's tests over loopback (test_web*.c): one request per
 * connection, cookies and the CSRF field by hand, as a browser without JavaScript sends them. */
#include "web_client.h"

#include "api/api.h"
#include "core/sb.h"
#include "core/timefmt.h"
#include "http/server.h"
#include "service/account.h"
#include "service/demo.h"
#include "web/web.h"
#include "web/web_int.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

enum { REPLIES = 8 };
static struct reply replies[REPLIES];
static unsigned next_reply;

uint16_t web_client_port;

const char *fmt(const char *f, ...)
{
    static char bufs[32][2048];
    static unsigned i;
    char *b = bufs[i++ % 32];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, sizeof bufs[0], f, ap);
    va_end(ap);
    return b;
}

/* One request on a new connection; the reply lives for the next REPLIES requests. */
struct reply *raw(const char *method, const char *path, const char *headers,
                         const char *body)
{
    struct reply *r = &replies[next_reply++ % REPLIES];
    free(r->body);
    memset(r, 0, sizeof *r);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert(fd >= 0);
    struct timeval tv = {.tv_sec = 30};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(web_client_port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert(connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0, "connect: %s", strerror(errno));
    size_t blen = body ? strlen(body) : 0;
    struct sb out;
    sb_init(&out);
    sb_printf(&out,
              "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n%sContent-Length: "
              "%zu\r\n\r\n",
              method, path, (unsigned)web_client_port, headers ? headers : "", blen);
    if (body) {
        sb_puts(&out, body);
    }
    for (size_t sent = 0; sent < out.len;) {
        ssize_t k = send(fd, out.p + sent, out.len - sent, MSG_NOSIGNAL);
        cr_assert(k > 0);
        sent += (size_t)k;
    }
    sb_free(&out);
    struct sb in;
    sb_init(&in);
    char chunk[16384];
    ssize_t k;
    while ((k = recv(fd, chunk, sizeof chunk, 0)) > 0) {
        sb_put(&in, chunk, (size_t)k);
    }
    close(fd);
    const char *end = strstr(sb_cstr(&in), "\r\n\r\n");
    cr_assert(end, "no answer to %s %s", method, path);
    size_t head_len = (size_t)(end - in.p) + 4;
    cr_assert_lt(head_len, sizeof r->head);
    memcpy(r->head, in.p, head_len);
    cr_assert(sscanf(r->head, "HTTP/1.%*d %d", &r->status) == 1);
    r->len = in.len - head_len;
    r->body = malloc(r->len + 1);
    memcpy(r->body, in.p + head_len, r->len);
    r->body[r->len] = '\0';
    sb_free(&in);
    return r;
}

const char *header(const struct reply *r, const char *name)
{
    static char out[2048];
    size_t nl = strlen(name);
    for (const char *p = strstr(r->head, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ') {
                v++;
            }
            size_t len = strcspn(v, "\r");
            len = len < sizeof out ? len : sizeof out - 1;
            memcpy(out, v, len);
            out[len] = '\0';
            return out;
        }
    }
    return NULL;
}

/* "name=value" of cookie name set by r, into out; false when r sets none. */
bool set_cookie(const struct reply *r, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    for (const char *p = strstr(r->head, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (strncasecmp(line, "Set-Cookie: ", 12) == 0 && strncmp(line + 12, name, nl) == 0 &&
            line[12 + nl] == '=') {
            size_t len = strcspn(line + 12, ";\r");
            cr_assert_lt(len, n);
            memcpy(out, line + 12, len);
            out[len] = '\0';
            return true;
        }
    }
    return false;
}

void expect(const struct reply *r, int status)
{
    cr_assert_eq(r->status, status, "expected %d, got %d: %.2000s", status, r->status, r->body);
}

const char *origin(void)
{
    return fmt("Origin: http://127.0.0.1:%u\r\n", (unsigned)web_client_port);
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

struct reply *post_as(const char *cookie, const char *path, const char *body,
                             const char *extra)
{
    return raw("POST", path,
               fmt("Cookie: %s\r\n%sContent-Type: application/x-www-form-urlencoded\r\n%s", cookie,
                   origin(), extra ? extra : ""),
               body);
}

void web_client_free(void)
{
    for (size_t i = 0; i < REPLIES; i++) {
        free(replies[i].body);
        memset(&replies[i], 0, sizeof replies[i]);
    }
}

void web_test_dir(char dir[64], char db[128])
{
    snprintf(dir, 64, "/tmp/okr-web-XXXXXX");
    cr_assert(mkdtemp(dir));
    snprintf(db, 128, "%s/okr.db", dir);
}

struct http_server *web_test_serve(struct api_app *app, const char *db, int64_t (*clock)(void))
{
    *app = (struct api_app){.db_url = db,
                            .session_idle_s = 8 * 3600,
                            .session_max_s = 30 * 86400,
                            .clock = clock};
    static struct route routes[256];
    cr_assert_leq(web_route_count + api_route_count, 256);
    memcpy(routes, web_routes, web_route_count * sizeof routes[0]);
    memcpy(routes + web_route_count, api_routes, api_route_count * sizeof routes[0]);
    /* One worker thread: every request goes through the same thread-local state, which is how
     * a session could leak into another request if the web layer kept it wrongly. */
    struct http_config cfg = {.listen = "127.0.0.1:0",
                              .threads = 1,
                              .worker_init = api_worker_init,
                              .worker_free = api_worker_free,
                              .authorize = web_authorize,
                              .not_found = web_not_found};
    struct http_server *srv;
    struct err err = {0};
    cr_assert_eq(
        http_server_start(&cfg, routes, web_route_count + api_route_count, app, &srv, &err),
        ERR_OK, "%s", err.msg);
    web_client_port = http_server_port(srv);
    return srv;
}

void web_test_stop(struct http_server *srv, const char *dir)
{
    http_server_stop(srv);
    web_client_free();
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

void web_demo_close(struct web_demo *d)
{
    arena_free(&d->a);
    store_close(d->st);
}
