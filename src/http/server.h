/* The HTTP server: libmicrohttpd with a thread pool, request limits, per-worker app state, routing
 * through one route table, security headers, an access log line per request and a graceful stop.
 * Built in: GET /healthz (public) answers 200 {"status":"ok"}. */
#ifndef OKR_HTTP_SERVER_H
#define OKR_HTTP_SERVER_H

#include "core/err.h"
#include "http/request.h"
#include "http/router.h"

#include <stddef.h>
#include <stdint.h>

struct http_server;

/* Zero means "the default" for every number. */
struct http_config {
    const char *listen;        /* "HOST:PORT", "[IPv6]:PORT", ":PORT" (all IPv4); port 0 picks a
                                * free one. NULL: "127.0.0.1:8080" */
    unsigned threads;          /* worker threads; default: online cores */
    size_t max_header_bytes;   /* request line + headers (connection memory); default 32 KiB */
    size_t max_body_bytes;     /* request body; more answers 413; default 1 MiB */
    size_t max_response_bytes; /* a larger response body is a 500; default 64 MiB */
    unsigned timeout_s;        /* idle connection timeout and request body deadline; default 30 */
    unsigned max_connections;  /* concurrent connections; default 1024 */
    unsigned shutdown_grace_ms; /* how long stop waits for in-flight requests; default 10000 */
    /* The address of a reverse proxy in front (e.g. "127.0.0.1" for nginx on the same machine),
     * or NULL. A request from it names its client in the last entry of X-Forwarded-For (the one
     * the proxy added; earlier entries are the client's word); that address is req->client, for
     * the login limits per address. */
    const char *trusted_proxy;
    /* Per-worker-thread app state (e.g. a database connection). worker_init runs lazily in a
     * worker thread on its first request; NULL from it answers that request 503 and is retried
     * on the next one. worker_free runs in the same thread when the server stops. Both optional. */
    void *(*worker_init)(void *app);
    void (*worker_free)(void *app, void *worker);
    /* Called before the handler of every route without ROUTE_PUBLIC: authenticates, checks
     * route->permission and CSRF. Returns 0 to run the handler; otherwise resp is the answer (a
     * status left at 0 becomes 403). Required when any route is not public. */
    int (*authorize)(void *app, struct http_request *req, const struct route *route,
                     struct http_response *resp);
    /* Optional: answers a path that no route matches (a page of the app's own, e.g. HTML for a
     * browser), with the worker state set up as for a route. Leaving resp->status at 0 falls
     * back to the built-in 404 problem+json. */
    void (*not_found)(void *app, struct http_request *req, struct http_response *resp);
    /* Optional: called after a handler that used the worker state, to hold its response back
     * (okr: until the request's writes are durable, api_hold). Returns true when it will call
     * release(token, failed) once the response may go, from any thread, at most once (failed:
     * the response becomes a 500); meanwhile the worker serves other connections. */
    bool (*hold)(void *app, void *worker, void (*release)(void *token, bool failed), void *token);
};

/* Starts serving routes (borrowed: must outlive the server) with app passed to every hook and
 * handler. SIGINT and SIGTERM are blocked in the server's threads. On success *out owns the
 * server until http_server_stop. Fails with ERR_INVALID (bad listen address, bad route table,
 * non-public routes without authorize) or ERR_INTERNAL (cannot bind or start threads). */
enum err_code http_server_start(const struct http_config *cfg, const struct route *routes,
                                size_t nroutes, void *app, struct http_server **out,
                                struct err *err);

/* The bound TCP port (useful with port 0). */
uint16_t http_server_port(const struct http_server *s);

/* Graceful stop: refuses new connections at once, lets in-flight requests finish (up to
 * shutdown_grace_ms; their responses say Connection: close), then closes every connection, joins
 * the workers (running worker_free in each) and frees s. Call from one thread, once; NULL is a
 * no-op. */
void http_server_stop(struct http_server *s);

/* The main-thread pattern: blocks SIGINT and SIGTERM in the calling thread, waits for one of them,
 * stops s (as http_server_stop, which frees it) and returns the signal number. Other threads of
 * the process must block both signals too (threads created after this call or after
 * http_server_start from a thread that blocks them inherit that). */
int http_server_run_until_signal(struct http_server *s);

#endif
