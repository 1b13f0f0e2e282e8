/* Per-file writer gates (sqlite_gate.h): a list that only grows, under one lock while looked up
 * (at open); each gate a mutex with its holder, so that a thread never waits for itself. */
#include "sqlite_gate.h"

#include "core/arena.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { GATE_WAIT_S = 5 };

struct sqlite_gate {
    struct sqlite_gate *next;
    pthread_mutex_t m;
    pthread_t owner;     /* written by the holder before held is set */
    _Atomic bool held;
    _Atomic unsigned users; /* the driver's connections to the file (sqlite_gate_use) */
    void *conn;             /* the file's writer connection (sqlite.c), under m */
    char path[];
};

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sqlite_gate *gates;

struct sqlite_gate *sqlite_gate_of(const char *path)
{
    path = path ? path : "";
    pthread_mutex_lock(&list_lock);
    struct sqlite_gate *g = gates;
    while (g && strcmp(g->path, path) != 0) {
        g = g->next;
    }
    if (!g) {
        size_t n = strlen(path);
        g = xmalloc(sizeof *g + n + 1);
        memset(g, 0, sizeof *g);
        memcpy(g->path, path, n + 1);
        pthread_mutex_init(&g->m, NULL);
        g->next = gates;
        gates = g;
    }
    pthread_mutex_unlock(&list_lock);
    return g;
}

bool sqlite_gate_enter(struct sqlite_gate *g)
{
    if (atomic_load(&g->held) && pthread_equal(g->owner, pthread_self())) {
        return false;
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += GATE_WAIT_S;
    if (pthread_mutex_timedlock(&g->m, &until) != 0) {
        return false;
    }
    g->owner = pthread_self();
    atomic_store(&g->held, true);
    return true;
}

void sqlite_gate_leave(struct sqlite_gate *g)
{
    atomic_store(&g->held, false);
    pthread_mutex_unlock(&g->m);
}

void sqlite_gate_use(struct sqlite_gate *g)
{
    atomic_fetch_add(&g->users, 1);
}

unsigned sqlite_gate_unuse(struct sqlite_gate *g)
{
    return atomic_fetch_sub(&g->users, 1) - 1;
}

unsigned sqlite_gate_users(struct sqlite_gate *g)
{
    return atomic_load(&g->users);
}

void *sqlite_gate_conn(struct sqlite_gate *g)
{
    return g->conn;
}

void sqlite_gate_set_conn(struct sqlite_gate *g, void *conn)
{
    g->conn = conn;
}
