/* Writers of one SQLite file within this process wait for each other on a mutex before BEGIN
 * IMMEDIATE, instead of polling SQLite's write lock through the busy handler: a waiting worker
 * then starts the moment the other commits, where the busy handler sleeps and retries (and a
 * sleeping libmicrohttpd worker holds up every connection it owns). The SQLite lock is still
 * taken and still guards against other processes (the CLI, a second server), with the busy
 * handler as before. bench/HISTORY.md ("api_bench.sh") measures the difference. */
#ifndef OKR_SQLITE_GATE_H
#define OKR_SQLITE_GATE_H

#include <stdbool.h>
#include <stdint.h>

struct sqlite_gate;

/* The gate of the database file at path (as sqlite3_db_filename gives it): one per file for the
 * life of the process, shared by every connection to it. Never fails (allocation aborts). */
struct sqlite_gate *sqlite_gate_of(const char *path);
/* Waits for the gate (up to 5 s, the busy handler's bound; then goes on without it, and SQLite's
 * own lock decides). Returns true when this call took it: the caller then calls
 * sqlite_gate_leave once its transaction has ended. A thread that already holds it (a second
 * connection to the same file in one thread) does not wait on itself: false. */
bool sqlite_gate_enter(struct sqlite_gate *g);
void sqlite_gate_leave(struct sqlite_gate *g);

/* The driver's connections to the file in this process: use at open, unuse at close (returns
 * how many are left), users now. */
void sqlite_gate_use(struct sqlite_gate *g);
unsigned sqlite_gate_unuse(struct sqlite_gate *g);
unsigned sqlite_gate_users(struct sqlite_gate *g);
/* The file's writer connection (sqlite.c), read and set only by the gate's holder; NULL until
 * the first write. */
void *sqlite_gate_conn(struct sqlite_gate *g);
void sqlite_gate_set_conn(struct sqlite_gate *g, void *conn);

/* Group commit. The writer runs with synchronous=NORMAL: its COMMIT writes the transaction's WAL
 * frames without syncing them, under the gate. Its holder then numbers the commit
 * (sqlite_gate_committed), leaves the gate and waits in sqlite_gate_sync until one fdatasync
 * of the WAL begun after that commit has ended: while one sync runs, the next writers commit,
 * and the following sync covers all of them. A write is acknowledged only once durable, as with
 * synchronous=FULL, but the gate is held for the statements only, not for the disk. */
uint64_t sqlite_gate_committed(struct sqlite_gate *g);
/* 0 once commit number seq is durable; else an errno (the WAL could not be opened to sync it;
 * a failed fdatasync stops the process: sqlite_gate.c says why). */
int sqlite_gate_sync(struct sqlite_gate *g, uint64_t seq);
/* The same without waiting: done(arg, failed) runs once commit number seq is durable (failed:
 * the sync could not be made), from the gate's syncer thread, or in this one when it is
 * already. */
void sqlite_gate_when_synced(struct sqlite_gate *g, uint64_t seq,
                             void (*done)(void *arg, bool failed), void *arg);
/* The sync the gate calls: fdatasync (tests put a failing one here). */
extern int (*sqlite_gate_fdatasync)(int fd);
/* Commits numbered, the last one known durable, and WAL syncs made (tests). */
void sqlite_gate_sync_counts(struct sqlite_gate *g, uint64_t *commits, uint64_t *durable,
                             uint64_t *syncs);

#endif
