/* The listening socket and the thread that accepts on it. Each connection goes to the next
 * worker in turn (a libmicrohttpd daemon of one thread each, MHD_add_connection): a client's
 * keep-alive connections, opened one after the other, are shared evenly. When the workers of
 * one daemon raced to accept on the listening socket, one of them could take most of the
 * connections and leave the other core idle (the 4 connections of a benchmark all on one of 2
 * workers in about 1 run of 3; bench/README.md). */
#define _GNU_SOURCE /* accept4 */
#include "http/listener.h"

#include "core/log.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { BACKLOG = SOMAXCONN };

enum err_code http_listener_open(struct http_listener *l, const struct sockaddr_storage *addr,
                                 socklen_t len, struct err *err)
{
    memset(l, 0, sizeof *l);
    l->fd = socket(addr->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (l->fd < 0) {
        return err_set(err, ERR_INTERNAL, "listen", "cannot create a socket: %s", strerror(errno));
    }
    int on = 1;
    setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (addr->ss_family == AF_INET6) { /* [::1] is IPv6 only, as it says */
        setsockopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    }
    if (bind(l->fd, (const struct sockaddr *)addr, len) != 0 || listen(l->fd, BACKLOG) != 0) {
        int e = errno;
        close(l->fd);
        l->fd = -1;
        return err_set(err, ERR_INTERNAL, "listen", "%s", strerror(e));
    }
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    if (getsockname(l->fd, (struct sockaddr *)&bound, &blen) == 0) {
        l->port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                                    : ((struct sockaddr_in *)&bound)->sin_port);
    }
    return ERR_OK;
}

/* Accepts until the socket is shut down. A failed accept that is about resources (descriptors,
 * memory) is logged and retried after a pause rather than in a busy loop; the connection waits
 * in the backlog meanwhile. */
static void *accept_loop(void *arg)
{
    struct http_listener *l = arg;
    for (;;) {
        struct sockaddr_storage peer;
        socklen_t plen = sizeof peer;
        int fd = accept4(l->fd, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd >= 0) {
            /* Closes fd itself when it cannot take it (its share of the connection limit). */
            MHD_add_connection(l->workers[l->next++ % l->nworkers], fd,
                               (const struct sockaddr *)&peer, plen);
            continue;
        }
        if (atomic_load(&l->stopping)) {
            return NULL;
        }
        if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN) {
            continue;
        }
        if (errno != EMFILE && errno != ENFILE && errno != ENOBUFS && errno != ENOMEM) {
            log_msg(LOG_ERROR, "http: accept: %s; no longer accepting", strerror(errno));
            return NULL;
        }
        log_msg(LOG_WARN, "http: accept: %s", strerror(errno));
        nanosleep(&(struct timespec){.tv_nsec = 50 * 1000000L}, NULL);
    }
}

enum err_code http_listener_start(struct http_listener *l, struct MHD_Daemon **workers,
                                  unsigned nworkers, struct err *err)
{
    l->workers = workers;
    l->nworkers = nworkers;
    l->next = 0;
    atomic_init(&l->stopping, false);
    if (pthread_create(&l->thread, NULL, accept_loop, l) != 0) {
        return err_set(err, ERR_INTERNAL, "listen", "cannot start the accepting thread");
    }
    l->running = true;
    return ERR_OK;
}

void http_listener_stop(struct http_listener *l)
{
    if (l->fd < 0) {
        return;
    }
    atomic_store(&l->stopping, true);
    /* The kernel refuses new connections at once, and the blocked accept returns. */
    shutdown(l->fd, SHUT_RDWR);
    if (l->running) {
        pthread_join(l->thread, NULL);
        l->running = false;
    }
    close(l->fd);
    l->fd = -1;
}
