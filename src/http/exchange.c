/* One request's life inside the server: the libmicrohttpd access handler (set-up, body upload
 * counting, dispatch through the router and the authorize hook), the response with its security
 * headers, the access log line, and the pool of per-request contexts (each with its arena). */
#include "http/internal.h"

#include "core/arena.h"
#include "core/log.h"
#include "core/num.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

enum {
    CTX_POOL_MAX = 64,           /* idle contexts kept for reuse */
    CTX_KEEP_BUFFER = 64 * 1024, /* larger body buffers are freed, not pooled */
    LOG_PATH_MAX = 200,
};

struct req_ctx {
    struct req_ctx *next; /* in the server's pool */
    struct arena arena;
    struct sb body; /* the request body, limited to max_body_bytes */
    struct http_request req;
    struct http_response resp;
    struct timespec start;
    bool too_large;        /* body over the limit: answered 413 */
    size_t discarded;      /* body bytes dropped after the limit was passed */
    bool head_too_large;   /* answered 431 */
    bool http11;           /* HTTP/1.1: a Host header is required */
    bool answered;         /* a response has been queued */
    bool close;            /* the response says Connection: close */
    /* A held response (http_config.hold): HOLD_ASKED while hold runs, HOLD_SUSPENDED once the
     * connection is, HOLD_RELEASED from release on; conn for release's resume. */
    _Atomic int hold;
    bool hold_failed;
    bool held; /* counted in the server's held until its completion */
    struct MHD_Connection *conn;
    int status;
    size_t bytes;
};

static const struct http_header security_headers[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
    {"Cache-Control", "no-store"},
};

enum { HOLD_NONE, HOLD_ASKED, HOLD_SUSPENDED, HOLD_RELEASED };

/* ---- context pool ---- */

static struct req_ctx *ctx_acquire(struct http_server *s)
{
    pthread_mutex_lock(&s->lock);
    struct req_ctx *c = s->pool;
    if (c) {
        s->pool = c->next;
        s->pooled--;
    }
    s->in_flight++;
    pthread_mutex_unlock(&s->lock);
    if (!c) {
        c = xmalloc(sizeof *c);
        memset(c, 0, sizeof *c);
        arena_init(&c->arena, 0);
        sb_init(&c->body);
        sb_init(&c->resp.body);
    }
    return c;
}

static void buffer_recycle(struct sb *b)
{
    if (b->cap > CTX_KEEP_BUFFER) {
        sb_free(b);
    } else {
        sb_clear(b);
    }
}

static void ctx_release(struct http_server *s, struct req_ctx *c)
{
    arena_reset(&c->arena);
    buffer_recycle(&c->body);
    struct sb resp_body = c->resp.body;
    buffer_recycle(&resp_body);
    memset(&c->req, 0, sizeof c->req);
    memset(&c->resp, 0, sizeof c->resp);
    c->resp.body = resp_body;
    c->too_large = c->head_too_large = c->http11 = c->answered = c->close = false;
    atomic_store(&c->hold, HOLD_NONE);
    c->hold_failed = c->held = false;
    c->status = 0;
    c->bytes = 0;
    c->discarded = 0;

    pthread_mutex_lock(&s->lock);
    if (s->pooled < CTX_POOL_MAX) {
        c->next = s->pool;
        s->pool = c;
        s->pooled++;
        c = NULL;
    }
    if (--s->in_flight == 0) {
        pthread_cond_broadcast(&s->idle);
    }
    pthread_mutex_unlock(&s->lock);
    if (c) {
        arena_free(&c->arena);
        sb_free(&c->body);
        sb_free(&c->resp.body);
        free(c);
    }
}

void http_ctx_pool_free(struct http_server *s)
{
    while (s->pool) {
        struct req_ctx *c = s->pool;
        s->pool = c->next;
        arena_free(&c->arena);
        sb_free(&c->body);
        sb_free(&c->resp.body);
        free(c);
    }
    s->pooled = 0;
}

/* ---- request set-up ---- */

static enum MHD_Result last_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    (void)kind;
    if (key && value && strcasecmp(key, "X-Forwarded-For") == 0) {
        *(const char **)cls = value;
    }
    return MHD_YES;
}

/* The client behind a trusted proxy: the last X-Forwarded-For entry, when it is an address. The
 * last entry of the last header line: a proxy that adds a line of its own (HAProxy) rather than
 * appending to the client's puts it there, and the lines before are the client's word. */
static void forwarded_client(struct MHD_Connection *conn, char *out, size_t n)
{
    const char *xff = NULL;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, last_forwarded, &xff);
    if (!xff) {
        return;
    }
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    last += strspn(last, " \t");
    char text[64];
    size_t len = strcspn(last, " \t");
    if (len == 0 || len >= sizeof text) {
        return;
    }
    memcpy(text, last, len);
    text[len] = '\0';
    unsigned char bin[sizeof(struct in6_addr)];
    int family = strchr(text, ':') ? AF_INET6 : AF_INET;
    if (inet_pton(family, text, bin) == 1) {
        inet_ntop(family, bin, out, (socklen_t)n); /* the canonical form */
    }
}

static void client_address(struct MHD_Connection *conn, char *out, size_t n)
{
    snprintf(out, n, "?");
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr) {
        return;
    }
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)n);
    } else if (sa->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)n);
    }
}

struct head_size {
    size_t fields, bytes;
};

static enum MHD_Result head_item(void *cls, enum MHD_ValueKind kind, const char *key,
                                 size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    (void)key;
    (void)value;
    struct head_size *size = cls;
    size->fields++;
    size->bytes += key_size + value_size + 4; /* ": " and CRLF */
    return MHD_YES;
}

static void request_begin(struct http_server *s, struct req_ctx *c, struct MHD_Connection *conn,
                          const char *url, const char *method, const char *version)
{
    clock_gettime(CLOCK_MONOTONIC, &c->start);
    struct http_request *req = &c->req;
    req->arena = &c->arena;
    req->impl = conn;
    req->method = arena_strdup(&c->arena, method);
    req->path = arena_strdup(&c->arena, url);
    req->body = "";
    http_request_id(req->id);
    client_address(conn, req->client, sizeof req->client);
    if (s->cfg.trusted_proxy && strcmp(req->client, s->cfg.trusted_proxy) == 0) {
        forwarded_client(conn, req->client, sizeof req->client);
    }
    c->resp.arena = &c->arena;
    c->resp.body.limit = s->cfg.max_response_bytes;
    c->body.limit = s->cfg.max_body_bytes;

    const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    int64_t declared;
    if (length && num_parse_i64(length, 0, INT64_MAX, &declared) == 0 &&
        (uint64_t)declared > s->cfg.max_body_bytes) {
        c->too_large = true;
    }
    struct head_size size = {0, 0};
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, head_item, &size);
    size.bytes += strlen(method) + strlen(url) + 16;
    if (size.fields > HTTP_MAX_REQ_HEADERS || size.bytes > s->cfg.max_header_bytes) {
        c->head_too_large = true;
    }
    c->http11 = strcmp(version, MHD_HTTP_VERSION_1_1) == 0;
}

static enum MHD_Result query_item(void *cls, enum MHD_ValueKind kind, const char *key,
                                  size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    struct http_request *req = cls;
    if (req->nquery == HTTP_MAX_QUERY) {
        req->nquery++; /* marks "too many" */
        return MHD_NO;
    }
    struct http_kv *kv = &req->query[req->nquery++];
    kv->key = key;
    kv->key_len = key_size;
    kv->value = value ? value : "";
    kv->value_len = value ? value_size : 0;
    return MHD_YES;
}

/* ---- dispatch ---- */

static bool is_builtin(const struct http_server *s, const struct route *r)
{
    return r >= s->routes + s->napp_routes && r < s->routes + s->nroutes;
}

static void route_request(struct http_server *s, struct req_ctx *c)
{
    struct http_request *req = &c->req;
    struct http_response *resp = &c->resp;
    if (c->too_large) {
        http_respond_problem(req, resp, 413, "body-too-large", NULL,
                             "The request body is larger than this server accepts.", NULL);
        return;
    }
    if (c->head_too_large) {
        http_respond_problem(req, resp, 431, "header-too-large", NULL,
                             "The request's header fields are too many or too large.", NULL);
        return;
    }
    if (c->http11 && !http_header(req, "Host")) {
        http_respond_problem(req, resp, 400, "bad-request", NULL,
                             "An HTTP/1.1 request needs a Host header.", NULL);
        return;
    }
    MHD_get_connection_values_n(req->impl, MHD_GET_ARGUMENT_KIND, query_item, req);
    if (req->nquery > HTTP_MAX_QUERY) {
        req->nquery = HTTP_MAX_QUERY;
        http_respond_problem(req, resp, 400, "too-many-parameters", NULL,
                             "The query string has too many parameters.", NULL);
        return;
    }
    req->body = c->body.p ? c->body.p : "";
    req->body_len = c->body.len;

    const struct route *route = NULL;
    struct sb allow;
    sb_init(&allow);
    enum http_match m = http_route_match(s->routes, s->route_segments, s->nroutes, req->method,
                                         req->path, req, &route, &allow);
    if (m == HTTP_MATCH_NO_PATH) {
        if (s->cfg.not_found) {
            req->worker = s->cfg.worker_init ? http_worker_get(s) : NULL;
            s->cfg.not_found(s->app, req, resp);
        }
        if (resp->status == 0) {
            http_respond_problem(req, resp, 404, "not-found", NULL,
                                 "There is nothing at this path.", NULL);
        }
        return;
    }
    if (m == HTTP_MATCH_NO_METHOD) {
        http_respond_problem(req, resp, 405, "method-not-allowed", NULL,
                             "This path does not answer this method.", NULL);
        http_response_header(resp, "Allow", sb_cstr(&allow));
        sb_free(&allow);
        return;
    }
    sb_free(&allow);
    if (!is_builtin(s, route) && s->cfg.worker_init) {
        req->worker = http_worker_get(s);
        if (!req->worker) {
            log_msg(LOG_ERROR, "http: request %s: worker state could not be created", req->id);
            http_respond_problem(req, resp, 503, "unavailable", NULL,
                                 "The server cannot serve this request now; try again.", NULL);
            return;
        }
    }
    if (!(route->flags & ROUTE_PUBLIC)) {
        if (s->cfg.authorize(s->app, req, route, resp) != 0) {
            if (resp->status == 0) {
                http_respond_problem(req, resp, 403, "forbidden", NULL, NULL, NULL);
            }
            return;
        }
    }
    route->handler(s->app, req, resp);
    if (resp->status < 100 || resp->status > 599) {
        log_msg(LOG_ERROR, "http: request %s: %s %s: handler left status %d", req->id,
                route->method, route->pattern, resp->status);
        http_respond_problem(req, resp, 500, "internal", NULL, NULL, NULL);
    } else if (resp->body.overflow) {
        log_msg(LOG_ERROR, "http: request %s: %s %s: response over %zu bytes", req->id,
                route->method, route->pattern, s->cfg.max_response_bytes);
        http_respond_problem(req, resp, 500, "internal", NULL, NULL, NULL);
    }
}

static bool app_set(const struct http_response *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++) {
        if (strcasecmp(resp->headers[i].name, name) == 0) {
            return true;
        }
    }
    return false;
}

/* Queues c's response. The caller has made sure this is not the first access-handler call of a
 * keep-alive request (or wants the connection closed). */
static enum MHD_Result answer(struct http_server *s, struct req_ctx *c,
                              struct MHD_Connection *conn)
{
    struct http_response *resp = &c->resp;
    static char empty[1];
    /* PERSISTENT: the buffer belongs to c, which outlives the response (c returns to the pool
     * only in the completion callback, after libmicrohttpd is done with the body). */
    struct MHD_Response *r = MHD_create_response_from_buffer(
        resp->body.len, resp->body.len ? resp->body.p : empty, MHD_RESPMEM_PERSISTENT);
    if (!r) {
        return MHD_NO;
    }
    bool ok = true;
    if (resp->content_type) {
        ok &= MHD_add_response_header(r, "Content-Type", resp->content_type) == MHD_YES;
    }
    for (size_t i = 0; i < resp->nheaders; i++) {
        ok &= MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value) == MHD_YES;
    }
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++) {
        if (!app_set(resp, security_headers[i].name)) {
            ok &= MHD_add_response_header(r, security_headers[i].name,
                                          security_headers[i].value) == MHD_YES;
        }
    }
    ok &= MHD_add_response_header(r, "X-Request-Id", c->req.id) == MHD_YES;
    if (c->close || atomic_load(&s->stopping)) {
        ok &= MHD_add_response_header(r, "Connection", "close") == MHD_YES;
    }
    if (!ok) {
        log_msg(LOG_ERROR, "http: request %s: a response header was refused", c->req.id);
    }
    enum MHD_Result queued = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    if (queued == MHD_YES) {
        c->answered = true;
        c->status = resp->status;
        c->bytes = resp->body.len;
    }
    return queued;
}

/* http_config.release: from any thread. Whichever of it and hold_response comes second resumes
 * the connection (it must be suspended first). */
static void release_response(void *token, bool failed)
{
    struct req_ctx *c = token;
    struct MHD_Connection *conn = c->conn;
    c->hold_failed = failed;
    if (atomic_exchange(&c->hold, HOLD_RELEASED) == HOLD_SUSPENDED) {
        MHD_resume_connection(conn);
    }
}

/* After the handler: true when the app holds the response back; the connection is then
 * suspended until release_response, and the access handler is called again to answer. */
static bool hold_response(struct http_server *s, struct req_ctx *c, struct MHD_Connection *conn)
{
    if (!s->cfg.hold || !c->req.worker) {
        return false;
    }
    c->conn = conn;
    atomic_store(&c->hold, HOLD_ASKED);
    if (!s->cfg.hold(s->app, c->req.worker, release_response, c)) {
        atomic_store(&c->hold, HOLD_NONE);
        return false;
    }
    http_held_add(s, 1);
    c->held = true;
    MHD_suspend_connection(conn);
    int asked = HOLD_ASKED;
    if (!atomic_compare_exchange_strong(&c->hold, &asked, HOLD_SUSPENDED)) {
        MHD_resume_connection(conn); /* released already */
    }
    return true;
}

/* The second call after a hold: the response goes, or a 500 when what it waited for failed. */
static enum MHD_Result answer_held(struct http_server *s, struct req_ctx *c,
                                   struct MHD_Connection *conn)
{
    atomic_store(&c->hold, HOLD_NONE);
    if (c->hold_failed) {
        struct sb body = c->resp.body;
        sb_clear(&body);
        struct arena *a = c->resp.arena;
        memset(&c->resp, 0, sizeof c->resp);
        c->resp.body = body;
        c->resp.arena = a;
        http_respond_problem(&c->req, &c->resp, 500, "internal", NULL, NULL, NULL);
    }
    return answer(s, c, conn);
}

static bool past_deadline(const struct http_server *s, const struct req_ctx *c)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec - c->start.tv_sec > (time_t)s->cfg.timeout_s;
}

enum MHD_Result http_on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                const char *method, const char *version,
                                const char *upload_data, size_t *upload_data_size,
                                void **con_cls)
{
    struct http_server *s = cls;
    struct req_ctx *c = *con_cls;
    if (!c) {
        c = ctx_acquire(s);
        *con_cls = c;
        request_begin(s, c, conn, url, method, version);
        if (c->too_large) {
            /* A declared body over the limit is refused before it is read. Answering on this
             * first call makes libmicrohttpd close the connection, which is what we want here:
             * the unread body must not be taken for the next request. */
            c->close = true;
            route_request(s, c);
            return answer(s, c, conn);
        }
        /* Queue nothing on the first call: libmicrohttpd would answer Connection: close. */
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (!c->too_large) {
            sb_put(&c->body, upload_data, n);
            if (c->body.overflow) {
                c->too_large = true; /* stop buffering and drop what we kept */
                c->close = true;
                sb_free(&c->body);
            }
        } else {
            c->discarded += n;
        }
        /* libmicrohttpd 0.9.75 cannot queue an answer while a body is arriving: the 413 goes
         * out once the body has ended, unless the client sends on far past the limit. */
        if (c->discarded > s->cfg.max_body_bytes || past_deadline(s, c)) {
            return MHD_NO; /* a client that keeps sending after the limit is cut off */
        }
        return MHD_YES;
    }
    if (c->answered) {
        return MHD_YES;
    }
    if (atomic_load(&c->hold) == HOLD_RELEASED) {
        return answer_held(s, c, conn);
    }
    route_request(s, c);
    if (hold_response(s, c, conn)) {
        return MHD_YES;
    }
    return answer(s, c, conn);
}

/* ---- access log ---- */

/* Appends s to out at *o for a log line: bytes outside printable ASCII, space, '%' and '"' are
 * percent-encoded, and values past max bytes are cut ("..."): at most max + 5 bytes. */
static void log_safe(char *out, size_t *o, size_t max, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t start = *o;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*o - start >= max) {
            memcpy(out + *o, "...", 3);
            *o += 3;
            return;
        }
        if (*p <= 0x20 || *p >= 0x7f || *p == '%' || *p == '"') {
            out[(*o)++] = '%';
            out[(*o)++] = hex[*p >> 4];
            out[(*o)++] = hex[*p & 15];
        } else {
            out[(*o)++] = (char)*p;
        }
    }
}

static void put(char *out, size_t *o, const char *s, size_t n)
{
    memcpy(out + *o, s, n);
    *o += n;
}

static void put_num(char *out, size_t *o, long long v)
{
    *o += num_fmt_i64(out + *o, (int64_t)v);
}

void http_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                       enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    struct http_server *s = cls;
    struct req_ctx *c = *con_cls;
    if (!c) {
        return;
    }
    *con_cls = NULL;
    if (c->held) { /* answered, or released with its client gone: never while suspended */
        http_held_add(s, -1);
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long us = (long long)(now.tv_sec - c->start.tv_sec) * 1000000LL +
                   (now.tv_nsec - c->start.tv_nsec) / 1000;
    /* Never bodies, cookies, query strings or credentials: method, path and numbers only.
     * Written piece by piece: printf's formatting was a twentieth of a read's instructions. */
    char line[64 + 32 + 8 + LOG_PATH_MAX + 8 + 80];
    size_t o = 0;
    put(line, &o, "http id=", 8);
    put(line, &o, c->req.id, HTTP_REQUEST_ID_LEN);
    line[o++] = ' ';
    log_safe(line, &o, 24, c->req.method ? c->req.method : "?");
    line[o++] = ' ';
    log_safe(line, &o, LOG_PATH_MAX, c->req.path ? c->req.path : "?");
    put(line, &o, " status=", 8);
    put_num(line, &o, c->status);
    put(line, &o, " bytes=", 7);
    put_num(line, &o, (long long)c->bytes);
    put(line, &o, " us=", 4);
    put_num(line, &o, us);
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK) {
        put(line, &o, " aborted", 8);
    }
    log_text(LOG_INFO, line, o);
    ctx_release(s, c);
}
