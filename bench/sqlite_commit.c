/* The reference for check-ins in bench/api_bench.sh: how many durable single-row transactions
 * per second SQLite commits on this disk. THREADS threads, each with its own connection (as each
 * of okr's server workers has), repeat BEGIN IMMEDIATE; one INSERT; COMMIT for SECONDS seconds,
 * in WAL mode with synchronous=FULL (every commit fsyncs the WAL), into a STRICT, WITHOUT ROWID
 * table shaped like okr's checkins (tenant-keyed primary key, an index on (tenant_id, parent)).
 *
 * How the writers wait for each other (SQLite has one writer at a time):
 *   busy  - sqlite3_busy_timeout, as okr's store does: a writer that finds the lock taken sleeps
 *           and retries (1, 2, 5, 10 ... ms);
 *   mutex - a process-wide mutex around each transaction: a writer waits exactly until the
 *           lock is free. The best a multi-threaded program with one database gets.
 *
 * Usage: sqlite_commit DB_PATH THREADS SECONDS [busy|mutex]   (default busy)
 * Prints "mode M threads T seconds S commits N commits_per_s R p50_ms A p99_ms B cpu_us C", C
 * being the CPU time (user + system, all threads) per commit. The database file is created (the
 * table is dropped first when it exists); the caller deletes it. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

enum { MAX_THREADS = 256, MAX_SAMPLES = 1 << 20 };

struct worker {
    pthread_t tid;
    long long commits;
    double *lat_ms; /* one per commit, up to MAX_SAMPLES */
    size_t nlat;
};

static const char *path;
static double deadline;
static bool use_mutex;
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_llong next_id = 1;

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "sqlite_commit: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        die(db, sql);
    }
}

static sqlite3 *open_db(void)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        die(db, "open");
    }
    sqlite3_busy_timeout(db, 5000);
    exec(db, "PRAGMA journal_mode = WAL");
    exec(db, "PRAGMA synchronous = FULL");
    return db;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    sqlite3 *db = open_db();
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(db,
                           "INSERT INTO items (tenant_id, id, parent, author, at, value, "
                           "confidence, status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        die(db, "prepare");
    }
    sqlite3_stmt *begin, *commit;
    if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) != SQLITE_OK) {
        die(db, "prepare");
    }
    static const char *const statuses[] = {"on_track", "at_risk", "off_track"};
    double now = seconds();
    while (now < deadline) {
        long long i = atomic_fetch_add(&next_id, 1);
        if (use_mutex) {
            pthread_mutex_lock(&write_lock);
        }
        if (sqlite3_step(begin) != SQLITE_DONE) {
            die(db, "begin");
        }
        sqlite3_reset(begin);
        sqlite3_bind_int64(st, 1, 1);
        sqlite3_bind_int64(st, 2, i);
        sqlite3_bind_int64(st, 3, i % 5000 + 1);
        sqlite3_bind_int64(st, 4, i % 1000 + 1);
        sqlite3_bind_int64(st, 5, 1770000000 + i);
        sqlite3_bind_double(st, 6, (double)(i % 1000) / 10.0);
        sqlite3_bind_double(st, 7, 0.7);
        sqlite3_bind_text(st, 8, statuses[i % 3], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 9, "bench", -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            die(db, "insert");
        }
        sqlite3_reset(st);
        if (sqlite3_step(commit) != SQLITE_DONE) {
            die(db, "commit");
        }
        sqlite3_reset(commit);
        if (use_mutex) {
            pthread_mutex_unlock(&write_lock);
        }
        double t = seconds();
        if (w->nlat < MAX_SAMPLES) {
            w->lat_ms[w->nlat++] = (t - now) * 1000.0;
        }
        now = t;
        w->commits++;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
    sqlite3_close(db);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: sqlite_commit DB_PATH THREADS SECONDS [busy|mutex]\n");
        return 2;
    }
    path = argv[1];
    char *end;
    long threads = strtol(argv[2], &end, 10);
    if (*end || threads < 1 || threads > MAX_THREADS) {
        fprintf(stderr, "sqlite_commit: THREADS must be a number from 1 to %d\n", MAX_THREADS);
        return 2;
    }
    double secs = strtod(argv[3], &end);
    if (*end || secs <= 0 || secs > 3600) {
        fprintf(stderr, "sqlite_commit: SECONDS must be a number from 0 to 3600\n");
        return 2;
    }
    const char *mode = argc == 5 ? argv[4] : "busy";
    if (strcmp(mode, "busy") != 0 && strcmp(mode, "mutex") != 0) {
        fprintf(stderr, "sqlite_commit: the mode is busy or mutex\n");
        return 2;
    }
    use_mutex = strcmp(mode, "mutex") == 0;

    sqlite3 *db = open_db();
    exec(db, "DROP TABLE IF EXISTS items");
    exec(db, "CREATE TABLE items (\n"
             "    tenant_id INTEGER NOT NULL,\n"
             "    id INTEGER NOT NULL,\n"
             "    parent INTEGER,\n"
             "    author INTEGER,\n"
             "    at INTEGER NOT NULL,\n"
             "    value REAL NOT NULL,\n"
             "    confidence REAL NOT NULL,\n"
             "    status TEXT NOT NULL,\n"
             "    note TEXT NOT NULL,\n"
             "    PRIMARY KEY (tenant_id, id)\n"
             ") STRICT, WITHOUT ROWID");
    exec(db, "CREATE INDEX items_parent ON items (tenant_id, parent)");

    struct worker *w = calloc((size_t)threads, sizeof *w);
    if (!w) {
        die(NULL, "out of memory");
    }
    struct rusage r0, r1;
    getrusage(RUSAGE_SELF, &r0);
    double t0 = seconds();
    deadline = t0 + secs;
    for (long i = 0; i < threads; i++) {
        w[i].lat_ms = malloc(MAX_SAMPLES * sizeof *w[i].lat_ms);
        if (!w[i].lat_ms || pthread_create(&w[i].tid, NULL, run, &w[i]) != 0) {
            die(NULL, "cannot start a thread");
        }
    }
    long long commits = 0;
    size_t nlat = 0;
    for (long i = 0; i < threads; i++) {
        pthread_join(w[i].tid, NULL);
        commits += w[i].commits;
        nlat += w[i].nlat;
    }
    double elapsed = seconds() - t0;
    getrusage(RUSAGE_SELF, &r1);
    double cpu_s = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) +
                   (double)(r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
                   (double)(r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e6 +
                   (double)(r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
    double *all = malloc((nlat ? nlat : 1) * sizeof *all);
    if (!all) {
        die(NULL, "out of memory");
    }
    size_t k = 0;
    for (long i = 0; i < threads; i++) {
        memcpy(all + k, w[i].lat_ms, w[i].nlat * sizeof *all);
        k += w[i].nlat;
        free(w[i].lat_ms);
    }
    qsort(all, nlat, sizeof *all, cmp_double);
    double p50 = nlat ? all[nlat / 2] : 0, p99 = nlat ? all[(nlat * 99) / 100] : 0;
    printf("mode %s threads %ld seconds %.3f commits %lld commits_per_s %.0f p50_ms %.3f "
           "p99_ms %.3f cpu_us %.1f\n",
           mode, threads, elapsed, commits, (double)commits / elapsed, p50, p99,
           commits ? cpu_s * 1e6 / (double)commits : 0.0);
    free(all);
    free(w);
    sqlite3_close(db);
    return 0;
}
