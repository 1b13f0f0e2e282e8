/* Server lifecycle: configuration defaults, starting libmicrohttpd, per-worker app state, the
 * graceful stop and the signal-waiting main-thread pattern. Per-request work is in exchange.c. */
#include "http/internal.h"

#include "core/log.h"
#include "http/addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
    DEFAULT_MAX_HEADER = 32 * 1024,
    MIN_MAX_HEADER = 4 * 1024, /* libmicrohttpd needs room for its own buffers */
    HEADER_HEADROOM = 8 * 1024, /* connection memory beyond max_header_bytes: response heads */
    DEFAULT_MAX_BODY = 1024 * 1024,
    DEFAULT_MAX_RESPONSE = 64 * 1024 * 1024,
    DEFAULT_TIMEOUT_S = 30,
    DEFAULT_MAX_CONNECTIONS = 1024,
    DEFAULT_GRACE_MS = 10000,
};

static void healthz(void *app, struct http_request *req, struct http_response *resp)
{
    (void)app;
    (void)req;
    struct json *j = http_respond_json(resp, 200);
    json_obj_open(j);
    json_key(j, "status");
    json_str(j, "ok");
    json_obj_close(j);
}

static const struct route builtin_routes[] = {
    {"GET", "/healthz", healthz, ROUTE_PUBLIC, NULL},
};

/* ---- per-worker state ---- */

struct worker_slot {
    struct http_server *server;
    void *state;
};

/* Runs in the worker thread as it exits (MHD_stop_daemon joins the workers). */
static void worker_slot_free(void *p)
{
    struct worker_slot *w = p;
    if (w->server->cfg.worker_free) {
        w->server->cfg.worker_free(w->server->app, w->state);
    }
    free(w);
}

void *http_worker_get(struct http_server *s)
{
    struct worker_slot *w = pthread_getspecific(s->worker_key);
    if (w) {
        return w->state;
    }
    void *state = s->cfg.worker_init(s->app);
    if (!state) {
        return NULL;
    }
    w = xmalloc(sizeof *w);
    w->server = s;
    w->state = state;
    if (pthread_setspecific(s->worker_key, w) != 0) {
        worker_slot_free(w);
        return NULL;
    }
    return state;
}

/* ---- start ---- */

static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
        line[--n] = '\0';
    }
    log_msg(LOG_INFO, "http: libmicrohttpd: %s", line);
}

static unsigned online_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 && n < 1024 ? (unsigned)n : 1;
}

static void apply_defaults(struct http_config *c)
{
    if (!c->listen) {
        c->listen = "127.0.0.1:8080";
    }
    if (!c->threads) {
        c->threads = online_cores();
    }
    if (!c->max_header_bytes) {
        c->max_header_bytes = DEFAULT_MAX_HEADER;
    }
    if (c->max_header_bytes < MIN_MAX_HEADER) {
        c->max_header_bytes = MIN_MAX_HEADER;
    }
    if (!c->max_body_bytes) {
        c->max_body_bytes = DEFAULT_MAX_BODY;
    }
    if (!c->max_response_bytes) {
        c->max_response_bytes = DEFAULT_MAX_RESPONSE;
    }
    if (!c->timeout_s) {
        c->timeout_s = DEFAULT_TIMEOUT_S;
    }
    if (!c->max_connections) {
        c->max_connections = DEFAULT_MAX_CONNECTIONS;
    }
    if (!c->shutdown_grace_ms) {
        c->shutdown_grace_ms = DEFAULT_GRACE_MS;
    }
}

static void server_free(struct http_server *s)
{
    http_ctx_pool_free(s);
    if (s->have_key) {
        pthread_key_delete(s->worker_key);
    }
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->idle);
    free(s->routes);
    free(s->route_segments);
    free(s);
}

static enum err_code server_new(const struct http_config *cfg, const struct route *routes,
                                size_t nroutes, void *app, struct http_server **out,
                                struct err *err)
{
    if (http_routes_check(routes, nroutes, err) != ERR_OK) {
        return err->code;
    }
    if (!cfg->authorize) {
        for (size_t i = 0; i < nroutes; i++) {
            if (!(routes[i].flags & ROUTE_PUBLIC)) {
                return err_set(err, ERR_INVALID, "authorize",
                               "route %s %s is not public but no authorize hook is set",
                               routes[i].method, routes[i].pattern);
            }
        }
    }
    struct http_server *s = xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    apply_defaults(&s->cfg);
    s->cfg.listen = NULL; /* borrowed from the caller: not kept */
    s->app = app;
    size_t nbuiltin = sizeof builtin_routes / sizeof builtin_routes[0];
    s->routes = xmalloc((nroutes + nbuiltin) * sizeof *s->routes);
    if (nroutes) {
        memcpy(s->routes, routes, nroutes * sizeof *routes);
    }
    memcpy(s->routes + nroutes, builtin_routes, sizeof builtin_routes);
    s->napp_routes = nroutes;
    s->nroutes = nroutes + nbuiltin;
    s->route_segments = xmalloc(s->nroutes * sizeof *s->route_segments);
    http_routes_index(s->routes, s->nroutes, s->route_segments);
    atomic_init(&s->stopping, false);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->idle, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&s->lock, NULL);
    if (pthread_key_create(&s->worker_key, worker_slot_free) != 0) {
        server_free(s);
        return err_set(err, ERR_INTERNAL, NULL, "cannot create a thread-specific key");
    }
    s->have_key = true;
    *out = s;
    return ERR_OK;
}

enum err_code http_server_start(const struct http_config *cfg, const struct route *routes,
                                size_t nroutes, void *app, struct http_server **out,
                                struct err *err)
{
    struct sockaddr_storage addr;
    socklen_t addr_len;
    const char *listen = cfg->listen ? cfg->listen : "127.0.0.1:8080";
    if (http_addr_parse(listen, &addr, &addr_len, err) != ERR_OK) {
        return err->code;
    }
    struct http_server *s = NULL;
    if (server_new(cfg, routes, nroutes, app, &s, err) != ERR_OK) {
        return err->code;
    }
    /* poll, not epoll: with epoll, MHD_quiesce_daemon (graceful stop) and a worker that sees the
     * quiesce while a connection arrives both remove the listening socket from the worker's
     * epoll set, and libmicrohttpd 0.9.75 aborts the process when its own removal finds it gone
     * ("Failed to remove listen FD from epoll set"): a SIGTERM under load could kill requests in
     * flight. Each worker polls its own connections, at most max_connections / threads. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_ERROR_LOG | MHD_USE_POLL;
    if (addr.ss_family == AF_INET6) {
        flags |= MHD_USE_IPv6;
    }
    /* The workers inherit this thread's signal mask: keep SIGINT and SIGTERM for the main
     * thread's sigwait. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    log_buffer_begin(); /* its thread too must leave SIGINT and SIGTERM to sigwait */
    /* The connection's memory pool holds the request head and, later, the response head: the
     * headroom keeps room for our answer to a head just over max_header_bytes (exchange.c
     * enforces that limit exactly; libmicrohttpd answers 431 itself past the pool). */
    struct MHD_OptionItem opts[8];
    size_t n = 0;
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                                        (intptr_t)(s->cfg.max_header_bytes + HEADER_HEADROOM),
                                        NULL};
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT,
                                        (intptr_t)s->cfg.max_connections, NULL};
    opts[n++] =
        (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)s->cfg.timeout_s, NULL};
    if (s->cfg.threads > 1) {
        opts[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE,
                                            (intptr_t)s->cfg.threads, NULL};
    }
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    uint16_t port = ntohs(addr.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&addr)->sin6_port
                                                     : ((struct sockaddr_in *)&addr)->sin_port);
    s->daemon = MHD_start_daemon(flags, port, NULL, NULL, http_on_request, s,
                                 MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                                 MHD_OPTION_NOTIFY_COMPLETED, http_on_completed, s,
                                 MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_ARRAY,
                                 opts, MHD_OPTION_END);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!s->daemon) {
        log_buffer_end();
        server_free(s);
        return err_set(err, ERR_INTERNAL, "listen", "cannot listen on %.80s", listen);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : 0;
    log_msg(LOG_INFO, "http: listening on %s (port %u, %u threads)", listen, (unsigned)s->port,
            s->cfg.threads);
    *out = s;
    return ERR_OK;
}

uint16_t http_server_port(const struct http_server *s)
{
    return s->port;
}

/* ---- stop ---- */

static void wait_idle(struct http_server *s)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += (time_t)(s->cfg.shutdown_grace_ms / 1000);
    deadline.tv_nsec += (long)(s->cfg.shutdown_grace_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&s->lock);
    while (s->in_flight > 0) {
        if (pthread_cond_timedwait(&s->idle, &s->lock, &deadline) == ETIMEDOUT) {
            log_msg(LOG_WARN, "http: stopping with %u requests still in flight", s->in_flight);
            break;
        }
    }
    pthread_mutex_unlock(&s->lock);
}

void http_held_add(struct http_server *s, int delta)
{
    pthread_mutex_lock(&s->lock);
    s->held = (unsigned)((int)s->held + delta);
    if (s->held == 0) {
        pthread_cond_broadcast(&s->idle);
    }
    pthread_mutex_unlock(&s->lock);
}

/* libmicrohttpd aborts when stopped with a connection suspended, so a held request is waited
 * for past the grace period, until its answer has gone: its release comes (a WAL sync ends). */
static void wait_unheld(struct http_server *s)
{
    pthread_mutex_lock(&s->lock);
    if (s->held > 0) {
        log_msg(LOG_WARN, "http: waiting for %u held responses", s->held);
    }
    while (s->held > 0) {
        pthread_cond_wait(&s->idle, &s->lock);
    }
    pthread_mutex_unlock(&s->lock);
}

void http_server_stop(struct http_server *s)
{
    if (!s) {
        return;
    }
    atomic_store(&s->stopping, true);
    /* Stop accepting: libmicrohttpd forgets the listening socket; shutting it down makes the
     * kernel refuse new connections at once. It may be closed only after MHD_stop_daemon. */
    MHD_socket fd = MHD_quiesce_daemon(s->daemon);
    if (fd != MHD_INVALID_SOCKET) {
        shutdown(fd, SHUT_RDWR);
    }
    wait_idle(s);
    wait_unheld(s);
    MHD_stop_daemon(s->daemon);
    if (fd != MHD_INVALID_SOCKET) {
        close(fd);
    }
    log_msg(LOG_INFO, "http: stopped");
    log_buffer_end(); /* every access log line is written before this returns */
    server_free(s);
}

int http_server_run_until_signal(struct http_server *s)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    log_msg(LOG_INFO, "http: %s received, stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
    http_server_stop(s);
    return sig;
}
