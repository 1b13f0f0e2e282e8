/* The SQLite driver's writer gate (store/sqlite_gate.c): one per file, a second writer of the
 * file waits for the first to leave, and a thread that holds it never waits on itself (two
 * connections to one file in one thread fall back to SQLite's busy handler). No clock: the
 * waiting thread is observed through a flag it sets once inside. Suite: sqlite_gate. */
#include "store/sqlite_gate.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

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
