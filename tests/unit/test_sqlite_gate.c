/* The SQLite driver's writer gate (store/sqlite_gate.c): one per file, a second writer of the
 * file waits for the first to leave, and a thread that holds it never waits on itself (two
 * connections to one file in one thread fall back to SQLite's busy handler). No clock: the
 * waiting thread is observed through a flag it sets once inside. Suite: sqlite_gate. */
#include "store/sqlite_gate.h"

#include "domain/meta.h"
#include "domain/model.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static _Atomic int inside;

static void *enter_and_leave(void *arg)
{
    struct sqlite_gate *g = arg;
    bool took = sqlite_gate_enter(g);
    atomic_store(&inside, took ? 1 : -1);
    if (took) {
        sqlite_gate_leave(g);
    }
    return NULL;
}

Test(sqlite_gate, one_gate_per_file)
{
    struct sqlite_gate *a = sqlite_gate_of("/tmp/okr-gate-a.db");
    cr_assert_eq(sqlite_gate_of("/tmp/okr-gate-a.db"), a);
    cr_assert_neq(sqlite_gate_of("/tmp/okr-gate-b.db"), a);
}

Test(sqlite_gate, a_second_writer_waits_until_the_first_leaves)
{
    struct sqlite_gate *g = sqlite_gate_of("/tmp/okr-gate-wait.db");
    cr_assert(sqlite_gate_enter(g));
    /* The same thread again (a second connection to the file): no wait on itself. */
    cr_assert_not(sqlite_gate_enter(g));
    atomic_store(&inside, 0);
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, enter_and_leave, g), 0);
    for (int i = 0; i < 10000; i++) {
        sched_yield(); /* give it every chance to get in, which it must not */
    }
    cr_assert_eq(atomic_load(&inside), 0, "the second writer got in while the first held it");
    sqlite_gate_leave(g);
    pthread_join(t, NULL);
    cr_assert_eq(atomic_load(&inside), 1, "the second writer never got in");
    /* Free again: this thread takes it. */
    cr_assert(sqlite_gate_enter(g));
    sqlite_gate_leave(g);
}

static char wal_to_remove[64];

/* Fails as a disk does; removes the test's WAL first: the process is about to end. */
static int failing_fdatasync(int fd)
{
    (void)fd;
    unlink(wal_to_remove);
    errno = EIO;
    return -1;
}

/* A tenant inserted in a write transaction of its own: store_commit's result. */
static enum err_code commit_a_tenant(struct store *st)
{
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_begin(st, true, &err), ERR_OK, "%s", err.msg);
    struct tenant t;
    meta_init(&entity_tenant, &t);
    t.name = "Gate";
    t.timezone = "UTC";
    t.locale = "en";
    t.version = 1;
    cr_assert_eq(store_insert(st, &entity_tenant, &t, &err), ERR_OK, "%s", err.msg);
    return store_commit(st, &err);
}

/* A failed fdatasync of the WAL stops the process (sqlite_gate.c: a later sync could succeed
 * over a hole in the WAL, a checkpoint could copy stale pages): the commit never returns. */
Test(sqlite_gate, a_failed_sync_stops_the_process, .signal = SIGABRT)
{
    char path[] = "/tmp/okr-gate-sync-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    struct store *st = NULL;
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_open(path, &st, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(commit_a_tenant(st), ERR_OK);
    /* The process ends below: its files go now (the open descriptors keep them). */
    char shm[64];
    snprintf(shm, sizeof shm, "%s-shm", path);
    snprintf(wal_to_remove, sizeof wal_to_remove, "%s-wal", path);
    unlink(path);
    unlink(shm);
    sqlite_gate_fdatasync = failing_fdatasync;
    commit_a_tenant(st);
    cr_assert_fail("the commit returned after its sync failed");
}
