/* The server's listening socket, accepted on by a thread of its own that hands each connection
 * to the next worker in turn (listener.c says why). */
#ifndef OKR_HTTP_LISTENER_H
#define OKR_HTTP_LISTENER_H

#include "core/err.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

struct http_listener {
    int fd; /* -1: closed */
    uint16_t port;
    struct MHD_Daemon **workers; /* the server's */
    unsigned nworkers, next;
    pthread_t thread;
    bool running;
    atomic_bool stopping;
};

/* Binds addr and listens (port 0: one the system chooses, then in l->port). */
enum err_code http_listener_open(struct http_listener *l, const struct sockaddr_storage *addr,
                                 socklen_t len, struct err *err);
/* Starts accepting for the workers (daemons started with MHD_USE_NO_LISTEN_SOCKET). */
enum err_code http_listener_start(struct http_listener *l, struct MHD_Daemon **workers,
                                  unsigned nworkers, struct err *err);
/* Stops accepting (new connections are refused at once) and closes the socket; the workers
 * keep serving the connections they have. */
void http_listener_stop(struct http_listener *l);

#endif
