/* The reference for bench/demo_bench.sh: a plain SQLite bulk insert of N rows, as fast as a
 * careful program writes them, with the durability okr keeps (WAL, synchronous=FULL). One STRICT
 * table shaped like okr's busiest one (checkins: tenant-keyed primary key, WITHOUT ROWID, nine
 * columns, an index on (tenant_id, parent), a short note on about one row in three), one
 * transaction, one prepared statement, explicit ids. okr's demo rows/s is divided by this.
 *
 * Usage: sqlite_bulk DB_PATH ROWS. Prints "rows N seconds S rows_per_s R". */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "sqlite_bulk: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        die(db, sql);
    }
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: sqlite_bulk DB_PATH ROWS\n");
        return 2;
    }
    char *end;
    long long rows = strtoll(argv[2], &end, 10);
    if (*end || rows < 1) {
        fprintf(stderr, "sqlite_bulk: ROWS must be a positive number\n");
        return 2;
    }
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
        die(db, "open");
    }
    exec(db, "PRAGMA journal_mode = WAL");
    exec(db, "PRAGMA synchronous = FULL");
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

    static const char *const notes[] = {
        "", "", "按计划推进,节奏正常。", "有一个依赖项延迟,正在协调。", "", ""};
    static const char *const statuses[] = {"on_track", "at_risk", "off_track"};
    double t0 = seconds();
    exec(db, "BEGIN IMMEDIATE");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(db,
                           "INSERT INTO items (tenant_id, id, parent, author, at, value, "
                           "confidence, status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        die(db, "prepare");
    }
    for (long long i = 1; i <= rows; i++) {
        sqlite3_bind_int64(st, 1, 1);
        sqlite3_bind_int64(st, 2, i);
        sqlite3_bind_int64(st, 3, i / 10 + 1);
        sqlite3_bind_int64(st, 4, i / 200 + 1);
        sqlite3_bind_int64(st, 5, 1770000000 + i * 60);
        sqlite3_bind_double(st, 6, (double)(i % 1000) / 10.0);
        sqlite3_bind_double(st, 7, 0.7);
        sqlite3_bind_text(st, 8, statuses[i % 3], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 9, notes[i % 6], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            die(db, "insert");
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec(db, "COMMIT");
    double secs = seconds() - t0;
    printf("rows %lld seconds %.3f rows_per_s %.0f\n", rows, secs, (double)rows / secs);
    sqlite3_close(db);
    return 0;
}
