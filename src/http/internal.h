/* Private to src/http: the server's state shared by the lifecycle code (server.c) and the
 * per-request code (exchange.c). Nothing outside src/http includes this. */
#ifndef OKR_HTTP_INTERNAL_H
#define OKR_HTTP_INTERNAL_H

#include "http/server.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

struct req_ctx;

struct http_server {
    struct MHD_Daemon *daemon;
    struct http_config cfg; /* defaults applied; cfg.listen is not kept */
    struct route *routes;   /* the app's table followed by the built-in routes (malloc'd) */
    size_t nroutes;
    unsigned *route_segments; /* http_routes_index of routes (malloc'd) */
    size_t napp_routes; /* routes[napp_routes..] are built in */
    void *app;
    pthread_key_t worker_key; /* -> struct worker_slot of the calling worker thread */
    bool have_key;
    pthread_mutex_t lock; /* guards pool, pooled, in_flight and held */
    pthread_cond_t idle;  /* signalled when in_flight or held drops to 0 */
    struct req_ctx *pool;
    size_t pooled;
    unsigned in_flight;
    unsigned held; /* requests whose response was held (http_config.hold), until completed */
    atomic_bool stopping;
    uint16_t port;
};

/* libmicrohttpd's access handler and completion callback; cls is the server. */
enum MHD_Result http_on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                const char *method, const char *version,
                                const char *upload_data, size_t *upload_data_size,
                                void **con_cls);
void http_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                       enum MHD_RequestTerminationCode toe);
/* Counts a held response in or out (exchange.c); a stop waits until none is held. */
void http_held_add(struct http_server *s, int delta);
/* Frees the pooled request contexts (after the daemon has stopped). */
void http_ctx_pool_free(struct http_server *s);
/* The per-thread worker state for s, created on first use; NULL when worker_init failed. */
void *http_worker_get(struct http_server *s);

#endif
