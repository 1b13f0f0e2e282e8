/* Per-file writer gates (sqlite_gate.h): a list that only grows, under one lock while looked up
 * (at open); each gate a mutex with its holder, so that a thread never waits for itself. */
#include "sqlite_gate.h"

#include "core/arena.h"
#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

enum { GATE_WAIT_S = 5 };

int (*sqlite_gate_fdatasync)(int fd) = fdatasync;

struct sqlite_sync_wait {
    uint64_t seq;
    void (*done)(void *arg, bool failed);
    void *arg;
    struct sqlite_sync_wait *next;
};

struct sqlite_gate {
    struct sqlite_gate *next;
    pthread_mutex_t m;
    pthread_t owner;     /* written by the holder before held is set */
    _Atomic bool held;
    _Atomic unsigned users; /* the driver's connections to the file (sqlite_gate_use) */
    void *conn;             /* the file's writer connection (sqlite.c), under m */
    _Atomic uint64_t committed; /* commits numbered (sqlite_gate_committed), under m */
    /* The WAL's syncs, under sm: one at a time, by whichever waiter finds none running. */
    pthread_mutex_t sm;
    pthread_cond_t sync_ended;
    bool syncing;
    uint64_t synced; /* every commit up to this number is durable */
    uint64_t syncs;
    int wal_fd; /* the WAL, opened at the first sync; -1 before (used by the syncing one) */
    struct sqlite_sync_wait *waits; /* sqlite_gate_when_synced's, for the syncer thread */
    pthread_cond_t waits_added;
    bool syncer; /* its thread runs */
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
        pthread_mutex_init(&g->sm, NULL);
        pthread_cond_init(&g->sync_ended, NULL);
        pthread_cond_init(&g->waits_added, NULL);
        g->wal_fd = -1;
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
    if (!conn) { /* the last connection closed: SQLite removes the WAL */
        pthread_mutex_lock(&g->sm);
        while (g->syncing) {
            pthread_cond_wait(&g->sync_ended, &g->sm);
        }
        if (g->wal_fd >= 0) {
            close(g->wal_fd);
            g->wal_fd = -1;
        }
        pthread_mutex_unlock(&g->sm);
    }
}

uint64_t sqlite_gate_committed(struct sqlite_gate *g)
{
    return atomic_fetch_add(&g->committed, 1) + 1;
}

/* True when fd is still the file at path: SQLite removes the WAL with the last connection to
 * the database, and a later one makes a new file. */
static bool same_file(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* fdatasync of the WAL: on Linux it flushes the file's data whichever descriptor wrote it.
 * When the file is new to the gate, the directory too: its entry must last as well.
 *
 * A failed fdatasync stops the process, as PostgreSQL does. Linux may drop the pages it could
 * not write and call them clean: a later sync could succeed over a hole in the WAL (recovery
 * stops at the hole, and commits acknowledged after it would be lost), and a checkpoint could
 * copy stale pages into the database. After a restart SQLite recovers from the WAL on disk;
 * every commit acknowledged before had been synced. Failing to open the file loses nothing:
 * that sync fails (its commits answer an error) and the next one tries again. */
static int wal_sync(struct sqlite_gate *g)
{
    char wal[PATH_MAX];
    if (snprintf(wal, sizeof wal, "%s-wal", g->path) >= (int)sizeof wal) {
        return ENAMETOOLONG;
    }
    if (g->wal_fd >= 0 && !same_file(g->wal_fd, wal)) {
        close(g->wal_fd);
        g->wal_fd = -1;
    }
    if (g->wal_fd < 0) {
        int fd = open(wal, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            return errno;
        }
        char *slash = strrchr(wal, '/');
        if (slash) {
            *(slash == wal ? slash + 1 : slash) = '\0';
        }
        int dir = open(slash ? wal : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int rc = dir < 0 || fsync(dir) != 0 ? errno : 0;
        if (dir >= 0) {
            close(dir);
        }
        if (rc != 0) {
            close(fd);
            return rc;
        }
        g->wal_fd = fd;
    }
    if (sqlite_gate_fdatasync(g->wal_fd) != 0) {
        log_msg(LOG_ERROR,
                "sqlite: syncing %s failed (%s): the last writes may not be durable; "
                "stopping (a restart recovers from the WAL)",
                wal, strerror(errno));
        abort();
    }
    return 0;
}

/* One sync, or the wait for the one running; called with sm held, which it lets go meanwhile.
 * 0 or the errno of a sync that could not start; *upto: the commits that sync covered. */
static int sync_round(struct sqlite_gate *g, uint64_t *upto)
{
    if (g->syncing) {
        pthread_cond_wait(&g->sync_ended, &g->sm);
        *upto = 0;
        return 0;
    }
    g->syncing = true;
    /* Every commit numbered by now has written its frames: this sync covers them all. */
    *upto = atomic_load(&g->committed);
    pthread_mutex_unlock(&g->sm);
    int rc = wal_sync(g);
    pthread_mutex_lock(&g->sm);
    g->syncing = false;
    g->syncs++;
    if (rc != 0) {
        log_msg(LOG_ERROR, "sqlite: cannot sync %s-wal (%s)", g->path, strerror(rc));
    }
    if (rc == 0 && *upto > g->synced) {
        g->synced = *upto;
    }
    pthread_cond_broadcast(&g->sync_ended);
    return rc;
}

int sqlite_gate_sync(struct sqlite_gate *g, uint64_t seq)
{
    int rc = 0;
    pthread_mutex_lock(&g->sm);
    while (g->synced < seq && rc == 0) {
        uint64_t upto;
        rc = sync_round(g, &upto);
    }
    pthread_mutex_unlock(&g->sm);
    return rc;
}

/* The syncer thread: syncs while anyone waits in g->waits, then calls back those covered (all
 * those the failed sync would have covered, when it fails), outside sm. */
static void *syncer_run(void *arg)
{
    struct sqlite_gate *g = arg;
    pthread_mutex_lock(&g->sm);
    for (;;) {
        while (!g->waits) {
            pthread_cond_wait(&g->waits_added, &g->sm);
        }
        uint64_t upto, settled = g->synced; /* a sync by another may have covered them all */
        int rc = 0;
        for (struct sqlite_sync_wait *w = g->waits; w; w = w->next) {
            if (w->seq > settled) {
                rc = sync_round(g, &upto);
                settled = rc == 0 ? g->synced : upto;
                break;
            }
        }
        struct sqlite_sync_wait *done = NULL, **p = &g->waits;
        while (*p) {
            struct sqlite_sync_wait *w = *p;
            if (w->seq <= settled) {
                *p = w->next;
                w->next = done;
                done = w;
            } else {
                p = &w->next;
            }
        }
        pthread_mutex_unlock(&g->sm);
        while (done) {
            struct sqlite_sync_wait *w = done;
            done = w->next;
            w->done(w->arg, rc != 0);
            free(w);
        }
        pthread_mutex_lock(&g->sm);
    }
    return NULL;
}

void sqlite_gate_when_synced(struct sqlite_gate *g, uint64_t seq, void (*done)(void *, bool),
                             void *arg)
{
    struct sqlite_sync_wait *w = xmalloc(sizeof *w);
    *w = (struct sqlite_sync_wait){.seq = seq, .done = done, .arg = arg};
    pthread_mutex_lock(&g->sm);
    if (g->synced >= seq) {
        pthread_mutex_unlock(&g->sm);
        free(w);
        done(arg, false);
        return;
    }
    if (!g->syncer) {
        pthread_t t;
        pthread_attr_t at;
        pthread_attr_init(&at);
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&t, &at, syncer_run, g) != 0) {
            abort(); /* as an allocation that fails */
        }
        pthread_attr_destroy(&at);
        g->syncer = true;
    }
    w->next = g->waits;
    g->waits = w;
    pthread_cond_signal(&g->waits_added);
    pthread_mutex_unlock(&g->sm);
}

void sqlite_gate_sync_counts(struct sqlite_gate *g, uint64_t *commits, uint64_t *durable,
                             uint64_t *syncs)
{
    pthread_mutex_lock(&g->sm);
    *commits = atomic_load(&g->committed);
    *durable = g->synced;
    *syncs = g->syncs;
    pthread_mutex_unlock(&g->sm);
}
