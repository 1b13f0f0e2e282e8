/* The JSON REST API (DESIGN.md section 4): shared state of the API handlers. The server's worker
 * threads each own one struct api_worker (one database connection); the authorize hook fills in
 * who is calling before the handler runs, and each thread handles one request at a time. */
#ifndef OKR_API_H
#define OKR_API_H

#include "http/request.h"
#include "http/router.h"
#include "service/service.h"

#include <stdbool.h>
#include <stdint.h>

/* Process-wide settings of `okr serve`, read-only once serving. */
struct api_app {
    const char *db_url;
    int64_t session_idle_s;  /* a session unused this long ends (default 8 hours) */
    int64_t session_max_s;   /* a session ends this long after login whatever (default 30 days) */
    bool secure_cookies;     /* behind TLS: cookies get Secure */
    int64_t (*clock)(void);  /* epoch seconds; tests may fix it */
};

/* One per worker thread. */
struct api_worker {
    struct store *st;
    /* Set by the authorize hook for the current request: */
    int64_t tenant_id;
    struct actor actor;
    bool by_cookie;   /* authenticated by session cookie (CSRF applies) rather than a token */
    int64_t session_id;
};

/* worker_init / worker_free / authorize hooks for struct http_config. */
void *api_worker_init(void *app);
void api_worker_free(void *app, void *worker);
/* The hold hook: a response waits until the writes of its request are durable (group commit,
 * store_when_durable); the worker's connection commits without waiting for the disk. */
bool api_hold(void *app, void *worker, void (*release)(void *token, bool failed), void *token);
int api_authorize(void *app, struct http_request *req, const struct route *route,
                  struct http_response *resp);

/* The service context for this request: the worker's store, the request's arena, the caller. */
struct svc api_svc(const struct api_app *app, struct http_request *req);

/* The route table of the whole API (and, later, the web UI's pages). */
extern const struct route api_routes[];
extern const size_t api_route_count;

#endif
