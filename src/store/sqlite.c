/* SQLite driver: one connection, a cache of prepared statements, generic binding and reading of
 * records through their entity descriptors. Durability: WAL with synchronous=FULL, read back at
 * open, so an acknowledged write survives power loss; the writer connection instead syncs the
 * WAL after its commits, outside the gate (group commit, sqlite_gate.h). */
#include "sqlite.h"

#include "core/log.h"
#include "core/sb.h"
#include "core/timefmt.h"
#include "sqlite_gate.h"
#include "sqlite_sql.h"
#include "sqlite_summaries.h"
#include "sqlite_tree.h"

#include <math.h>
#include <stdio.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OP_NEXT_ID, OP_INSERT, OP_INSERT_MANY, OP_UPDATE, OP_GET, OP_REMOVE, OP_LIST0, OP_COUNT = OP_LIST0 + SQL_MAX_LISTS };
enum { MAX_ENTITIES = 32 };
enum { TX_BEGIN, TX_BEGIN_IMMEDIATE, TX_COMMIT, TX_COUNT };

struct sqlite_store {
    struct store base;
    sqlite3 *db;
    sqlite3_stmt *stmts[MAX_ENTITIES][OP_COUNT];
    sqlite3_stmt *by_email;
    sqlite3_stmt *users_by_email, *attempts_count, *attempts_forget; /* accounts */
    sqlite3_stmt *kr_progress;                                       /* check-ins */
    struct sqlite_gate *gate; /* this file's writers in this process (sqlite_gate.h) */
    bool gate_held;           /* by this connection's write transaction */
    bool defer;               /* commits return before the WAL is synced (defer_durability) */
    uint64_t unsynced;        /* then the last commit's number, until when_durable */
    /* Write transactions run on one connection per file and process, the writer (opened at the
     * first write, closed with the last connection; NULL gate: it is one): this one's page
     * cache stays valid, where a commit by another connection empties a connection's whole
     * cache, and a worker's check-in then read its ~30 pages again inside the gate. While it
     * runs this connection's transaction, w points to it: every operation goes there (impl). */
    struct sqlite_store *w;
    unsigned long *count;       /* statements are counted here (base.queries, or those of the
                                   connection whose transaction this writer runs) */
    sqlite3_stmt *tx[TX_COUNT]; /* see tx_exec */
    bool syncs_wal; /* the writer: synchronous=NORMAL; its commits synced through the gate */
    bool in_tx, in_write_tx;
    struct sqlite_helper helper; /* the large reads' second connection (sqlite_tree.h) */
    bool unchecked; /* foreign keys off for a trusted transaction (sq_begin_trusted) */
    bool deferred;  /* its summaries' insert trigger dropped (sqlite_summaries.h) */
    /* Within a write transaction (it holds the database's write lock) the next id of each
     * entity is kept here once read, for the tenant it was read for: a bulk write (okr demo,
     * import) then runs one statement a row instead of two. Reset at every transaction's end. */
    struct next_id {
        int64_t tenant_id, id; /* id 0: not read yet */
    } next[MAX_ENTITIES];
    size_t tx_inserts; /* rows inserted by this transaction, see bulk_cache */
};

/* Page cache sizes (PRAGMA cache_size, in KiB when negative): every connection gets the normal
 * one; a transaction that inserts many rows (okr demo, import, copy) gets the bulk one until it
 * ends, since with the normal one the hot pages of some twenty B-trees are evicted and written
 * to the WAL again and again (bench/HISTORY.md: 71,000 -> 95,000 rows/s at 20,000 people). */
#define CACHE_NORMAL "PRAGMA cache_size = -65536"
#define CACHE_BULK "PRAGMA cache_size = -262144"
enum { BULK_AFTER_INSERTS = 10000 };

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void sqlite_global_init(void)
{
    /* Memory statistics take a global mutex on every allocation: off (DESIGN.md section 5). */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
}

/* Waits for another connection's lock in short steps, for about 5 s in all. SQLite's own
 * busy_timeout sleeps up to 100 ms at a time, which shows as a long latency tail when a
 * server's workers take turns at the write lock. */
static int busy_wait(void *ctx, int tries)
{
    (void)ctx;
    if (tries >= 20000) {
        return 0;
    }
    struct timespec pause = {0, tries < 100 ? 100000 : 250000};
    nanosleep(&pause, NULL);
    return 1;
}

/* The connection that runs s's statements: its writer during a write transaction. */
static struct sqlite_store *impl(struct store *s)
{
    struct sqlite_store *q = (struct sqlite_store *)s;
    return q->w ? q->w : q;
}

/* s itself, for what belongs to it: its transaction's start and end, and its close. */
static struct sqlite_store *self(struct store *s)
{
    return (struct sqlite_store *)s;
}

static enum err_code db_error(struct sqlite_store *s, int rc, const char *what, struct err *err)
{
    int ext = sqlite3_extended_errcode(s->db);
    rc &= 0xff; /* extended result codes are on: compare primary codes */
    if (rc == SQLITE_CONSTRAINT) {
        if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) {
            return err_set(err, ERR_CONFLICT, NULL,
                           "it refers to a missing record, or other records still refer to it");
        }
        if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
            return err_set(err, ERR_CONFLICT, NULL, "a record with the same key already exists");
        }
        return err_set(err, ERR_INVALID, NULL, "the record breaks a database rule");
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        return err_set(err, ERR_CONFLICT, NULL, "the database is busy; try again");
    }
    log_msg(LOG_ERROR, "sqlite: %s: %s (%d)", what, sqlite3_errmsg(s->db), ext);
    return err_set(err, ERR_INTERNAL, NULL, "database error");
}

static int entity_index(const struct entity *e)
{
    for (int i = 0; sqlite_sql[i]; i++) {
        if (sqlite_sql[i]->e == e) {
            return i;
        }
    }
    return -1;
}

/* Returns the cached statement for (entity, op), preparing it on first use. */
static sqlite3_stmt *stmt_for(struct sqlite_store *s, int ei, int op, const char *sql,
                              struct err *err)
{
    sqlite3_stmt **slot = &s->stmts[ei][op];
    (*s->count)++; /* every caller runs the statement it asks for */
    if (!*slot) {
        int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
        if (rc != SQLITE_OK) {
            db_error(s, rc, "prepare", err);
            *slot = NULL;
            return NULL;
        }
    } else {
        sqlite3_reset(*slot);
        sqlite3_clear_bindings(*slot);
    }
    return *slot;
}

static int bind_field(sqlite3_stmt *st, int idx, const struct field *f, const void *obj)
{
    switch (f->type) {
    case FT_REF: {
        int64_t v = meta_get_i64(f, obj);
        return v ? sqlite3_bind_int64(st, idx, v) : sqlite3_bind_null(st, idx);
    }
    case FT_DATE: {
        int64_t v = meta_get_i64(f, obj);
        return v == DATE_NONE ? sqlite3_bind_null(st, idx) : sqlite3_bind_int64(st, idx, v);
    }
    case FT_REAL: {
        double v = meta_get_real(f, obj);
        return isnan(v) ? sqlite3_bind_null(st, idx) : sqlite3_bind_double(st, idx, v);
    }
    case FT_TEXT: {
        const char *t = meta_get_text(f, obj);
        return sqlite3_bind_text(st, idx, t ? t : "", -1, SQLITE_STATIC);
    }
    case FT_ENUM:
        return sqlite3_bind_text(st, idx, meta_enum_name(f, meta_get_int(f, obj)), -1,
                                 SQLITE_STATIC);
    case FT_BOOL:
        return sqlite3_bind_int(st, idx, meta_get_int(f, obj));
    default:
        return sqlite3_bind_int64(st, idx, meta_get_i64(f, obj));
    }
}

/* Binds the first count fields at parameters first + 1 ... (a row of a multi-row insert starts
 * past the rows before it); the statement uses those it names. */
static int bind_row(sqlite3_stmt *st, const struct entity *e, const void *obj, int first,
                    int count)
{
    for (size_t i = 0; i < e->nfields && (int)i < count; i++) {
        int rc = bind_field(st, first + (int)i + 1, &e->fields[i], obj);
        if (rc != SQLITE_OK) {
            return rc;
        }
    }
    return SQLITE_OK;
}

/* Binds every field at the parameter of its position. */
static int bind_all(sqlite3_stmt *st, const struct entity *e, const void *obj)
{
    return bind_row(st, e, obj, 0, sqlite3_bind_parameter_count(st));
}

static enum err_code read_row(sqlite3_stmt *st, const struct entity *e, void *obj,
                              struct arena *a, struct err *err)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        int col = (int)i;
        /* NULL reads as 0 and as a NULL text, so only dates and reals ask for the type (a tree
         * of a large company reads millions of columns). */
        switch (f->type) {
        case FT_REF:
            *meta_i64(f, obj) = sqlite3_column_int64(st, col);
            break;
        case FT_DATE:
            *meta_i64(f, obj) = sqlite3_column_type(st, col) == SQLITE_NULL
                                    ? DATE_NONE
                                    : sqlite3_column_int64(st, col);
            break;
        case FT_REAL:
            *meta_real(f, obj) = sqlite3_column_type(st, col) == SQLITE_NULL
                                     ? NAN
                                     : sqlite3_column_double(st, col);
            break;
        case FT_TEXT: {
            const unsigned char *t = sqlite3_column_text(st, col);
            *meta_text(f, obj) =
                arena_strndup(a, t ? (const char *)t : "", (size_t)sqlite3_column_bytes(st, col));
            break;
        }
        case FT_ENUM: {
            const char *t = (const char *)sqlite3_column_text(st, col);
            int v = t ? meta_enum_parse(f->enum_names, t) : -1;
            if (v < 0) {
                log_msg(LOG_ERROR, "sqlite: bad %s.%s value", e->name, f->name);
                return err_set(err, ERR_INTERNAL, NULL, "database error");
            }
            *meta_int(f, obj) = v;
            break;
        }
        case FT_BOOL:
            *meta_int(f, obj) = sqlite3_column_int(st, col) != 0;
            break;
        default:
            *meta_i64(f, obj) = sqlite3_column_int64(st, col);
            break;
        }
    }
    return ERR_OK;
}

static enum err_code exec(struct sqlite_store *s, const char *sql, struct err *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? ERR_OK : db_error(s, rc, "exec", err);
}

/* Runs BEGIN, BEGIN IMMEDIATE or COMMIT from a statement prepared on first use: every request
 * runs two or more of them, and sqlite3_exec would parse them anew each time (about 5% of the
 * server's CPU time on a GET of one record, bench/HISTORY.md). */
static enum err_code tx_exec(struct sqlite_store *s, int which, struct err *err)
{
    static const char *const sql[TX_COUNT] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT"};
    sqlite3_stmt **slot = &s->tx[which];
    int rc = SQLITE_OK;
    if (!*slot) {
        rc = sqlite3_prepare_v3(s->db, sql[which], -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(*slot);
        sqlite3_reset(*slot);
        if (rc == SQLITE_DONE) {
            return ERR_OK;
        }
    }
    return db_error(s, rc, sql[which], err);
}

static void gate_leave(struct sqlite_store *s)
{
    if (s->gate_held) {
        s->gate_held = false;
        sqlite_gate_leave(s->gate);
    }
}

/* Turns foreign key checks back on after a trusted transaction; false if SQLite refused. */
static bool fk_restore(struct sqlite_store *s)
{
    if (s->unchecked && sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) ==
                            SQLITE_OK) {
        s->unchecked = false;
    }
    return !s->unchecked;
}

static enum err_code open_conn(const char *path, struct sqlite_store **out, struct err *err);

/* Group commit (sqlite_gate.h): the writer's commits leave their WAL frames unsynced, for the
 * gate to sync. Only in WAL mode (an in-memory database has none: it stays as it is). */
static void sync_through_gate(struct sqlite_store *w)
{
    sqlite3_stmt *st = NULL;
    bool wal = sqlite3_prepare_v2(w->db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
               sqlite3_step(st) == SQLITE_ROW &&
               strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    w->syncs_wal =
        wal && sqlite3_exec(w->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) == SQLITE_OK;
}

/* The file's writer, opened on first use; called with the gate held. s when there is none. */
static struct sqlite_store *writer_for(struct sqlite_store *s)
{
    struct sqlite_store *w = sqlite_gate_conn(s->gate);
    if (!w) {
        struct err err = {0};
        if (open_conn(sqlite3_db_filename(s->db, "main"), &w, &err) != ERR_OK) {
            log_msg(LOG_WARN, "sqlite: no writer connection (%s): writing on this one", err.msg);
            return s;
        }
        sync_through_gate(w);
        sqlite_gate_set_conn(s->gate, w);
    }
    return w;
}

static void detach(struct sqlite_store *s)
{
    if (s->w) {
        s->w->count = &s->w->base.queries;
        s->w = NULL;
    }
}

/* A write transaction takes the gate, then runs on the writer; a thread that holds the gate
 * already (a second connection in one thread), or waited too long, writes on its own
 * connection, with SQLite's lock deciding as before. trusted: foreign keys off until its end. */
static enum err_code begin_tx(struct sqlite_store *s, bool write, bool trusted, struct err *err)
{
    bool entered = write && !s->gate_held && s->gate && sqlite_gate_enter(s->gate);
    s->gate_held = s->gate_held || entered;
    struct sqlite_store *t = entered ? writer_for(s) : s;
    if (t != s) {
        s->w = t;
        t->count = &s->base.queries;
    }
    enum err_code rc = ERR_OK;
    if (trusted) {
        rc = exec(t, "PRAGMA foreign_keys = OFF", err);
        t->unchecked = rc == ERR_OK;
    } else if (!fk_restore(t)) { /* never a transaction without foreign key checks by mistake */
        rc = err_set(err, ERR_INTERNAL, "db", "foreign key checks could not be turned on");
    }
    if (rc == ERR_OK) {
        rc = tx_exec(t, write ? TX_BEGIN_IMMEDIATE : TX_BEGIN, err);
    }
    if (rc != ERR_OK) {
        fk_restore(t);
        detach(s);
        if (entered) {
            gate_leave(s);
        }
    }
    t->in_tx = rc == ERR_OK;
    t->in_write_tx = t->in_tx && write;
    return rc;
}

static enum err_code sq_begin(struct store *st, bool write, struct err *err)
{
    return begin_tx(self(st), write, false, err);
}

static void sq_rollback(struct store *st);

/* foreign_keys is a no-op inside a transaction: it goes off before BEGIN and on after the end.
 * Changing it expires the prepared statements, which SQLite prepares again on their next run.
 * The summaries' insert trigger goes for the transaction (sqlite_summaries.h). */
static enum err_code sq_begin_trusted(struct store *st, struct err *err)
{
    enum err_code rc = begin_tx(self(st), true, true, err);
    struct sqlite_store *s = impl(st); /* the writer, when there is one */
    if (rc == ERR_OK && sqlite_summaries_defer(s->db, err) != ERR_OK) {
        sq_rollback(st);
        return err->code;
    }
    s->deferred = rc == ERR_OK;
    return rc;
}

static enum err_code sq_summaries_rebuild(struct store *st, int64_t tenant_id, struct err *err)
{
    return sqlite_summaries_rebuild(impl(st)->db, tenant_id, err);
}

static void tx_ended(struct sqlite_store *s)
{
    sqlite_helper_close(&s->helper);
    fk_restore(s);
    if (s->tx_inserts >= BULK_AFTER_INSERTS) {
        sqlite3_exec(s->db, CACHE_NORMAL, NULL, NULL, NULL); /* gives the bulk pages back */
    }
    s->tx_inserts = 0;
    s->deferred = false;
    s->in_tx = s->in_write_tx = false;
    memset(s->next, 0, sizeof s->next);
}

/* On the writer, the commit is durable once the gate has synced the WAL after it, which
 * happens outside the gate: the next writer runs meanwhile. */
static enum err_code sq_commit(struct store *st, struct err *err)
{
    struct sqlite_store *s = impl(st);
    enum err_code rc = s->deferred ? sqlite_summaries_resume(s->db, err) : ERR_OK;
    if (rc == ERR_OK) {
        rc = tx_exec(s, TX_COMMIT, err);
    }
    if (rc != ERR_OK) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
    struct sqlite_gate *g = self(st)->gate;
    uint64_t seq =
        rc == ERR_OK && s->syncs_wal && self(st)->gate_held ? sqlite_gate_committed(g) : 0;
    tx_ended(s);
    detach(self(st));
    gate_leave(self(st));
    if (seq && self(st)->defer) {
        self(st)->unsynced = seq;
        return rc;
    }
    int sync_rc = seq ? sqlite_gate_sync(g, seq) : 0;
    if (sync_rc != 0) { /* logged by the gate */
        return err_set(err, ERR_INTERNAL, NULL, "database error: the change may not be durable");
    }
    return rc;
}

static void sq_defer_durability(struct store *st)
{
    self(st)->defer = true;
}

static bool sq_when_durable(struct store *st, void (*done)(void *arg, bool failed), void *arg)
{
    struct sqlite_store *s = self(st);
    uint64_t seq = s->unsynced;
    if (!seq) {
        return false;
    }
    s->unsynced = 0;
    sqlite_gate_when_synced(s->gate, seq, done, arg);
    return true;
}

static void sq_rollback(struct store *st)
{
    struct sqlite_store *s = impl(st);
    if (s->in_tx) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
    tx_ended(s);
    detach(self(st));
    gate_leave(self(st));
}

static const struct sql_entity *sql_of(const struct entity *e, int *ei, struct err *err)
{
    *ei = entity_index(e);
    if (*ei < 0) {
        err_set(err, ERR_INTERNAL, NULL, "no SQL for %s", e->name);
        return NULL;
    }
    return sqlite_sql[*ei];
}

/* The id the next insert of entity ei into the tenant takes (see struct next_id). */
static enum err_code next_id(struct sqlite_store *s, int ei, const struct sql_entity *q,
                             int64_t tenant_id, int64_t *id, struct err *err)
{
    struct next_id *cached = &s->next[ei];
    if (s->in_write_tx && cached->id && cached->tenant_id == tenant_id) {
        *id = cached->id++;
        return ERR_OK;
    }
    sqlite3_stmt *stmt = stmt_for(s, ei, OP_NEXT_ID, q->next_id, err);
    if (!stmt) {
        return err->code;
    }
    if (sqlite3_bind_parameter_count(stmt) > 0) {
        sqlite3_bind_int64(stmt, 1, tenant_id);
    }
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        enum err_code ec = db_error(s, rc, "next id", err);
        sqlite3_reset(stmt);
        return ec;
    }
    *id = sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    if (s->in_write_tx) {
        *cached = (struct next_id){tenant_id, *id + 1};
    }
    return ERR_OK;
}

static enum err_code insert_row(struct sqlite_store *s, int ei, const struct sql_entity *q,
                                void *obj, struct err *err)
{
    const struct entity *e = q->e;
    const struct field *tf = meta_field(e, "tenant_id");
    int64_t *id = meta_i64(meta_field(e, "id"), obj);
    int64_t assigned = 0;
    enum err_code ec = next_id(s, ei, q, tf ? meta_get_i64(tf, obj) : 0, &assigned, err);
    sqlite3_stmt *stmt = ec ? NULL : stmt_for(s, ei, OP_INSERT, q->insert, err);
    if (!stmt) {
        return err->code;
    }
    int64_t before = *id;
    *id = assigned;
    int rc = bind_all(stmt, e, obj);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) {
        *id = before;
        memset(&s->next[ei], 0, sizeof s->next[ei]); /* read afresh after a failure */
        return db_error(s, rc, "insert", err);
    }
    return ERR_OK;
}

/* INSERT_ROWS rows of entity q->e in one statement: its insert with the VALUES tuple repeated,
 * parameters numbered on (?1 of the third row is ?(1 + 2 * per_row)). SQLite opens the table's
 * and indexes' cursors once per statement, not once per row: about half the CPU time of a bulk
 * insert (bench/HISTORY.md). */
enum { INSERT_ROWS = 32 };

static sqlite3_stmt *insert_many_stmt(struct sqlite_store *s, int ei, const struct sql_entity *q,
                                      struct err *err)
{
    if (s->stmts[ei][OP_INSERT_MANY]) {
        return stmt_for(s, ei, OP_INSERT_MANY, NULL, err);
    }
    const char *values = strstr(q->insert, "VALUES (");
    if (!values) {
        err_set(err, ERR_INTERNAL, NULL, "no VALUES in %s's insert", q->e->name);
        return NULL;
    }
    values += strlen("VALUES ");
    long per_row = 0; /* the highest parameter of one row */
    for (const char *p = strchr(values, '?'); p; p = strchr(p + 1, '?')) {
        long n = strtol(p + 1, NULL, 10);
        per_row = n > per_row ? n : per_row;
    }
    struct sb b;
    sb_init(&b);
    sb_put(&b, q->insert, (size_t)(values - q->insert));
    for (long row = 0; row < INSERT_ROWS; row++) {
        sb_puts(&b, row ? ", " : "");
        for (const char *p = values; *p; p++) {
            if (*p == '?') {
                char *end;
                long n = strtol(p + 1, &end, 10);
                sb_printf(&b, "?%ld", n + row * per_row);
                p = end - 1;
            } else {
                sb_putc(&b, *p);
            }
        }
    }
    sqlite3_stmt *st = stmt_for(s, ei, OP_INSERT_MANY, sb_cstr(&b), err);
    sb_free(&b);
    return st;
}

/* Rows objs[0 .. INSERT_ROWS) (n of them, each e->size bytes) in one statement, ids set. */
static enum err_code insert_rows(struct sqlite_store *s, int ei, const struct sql_entity *q,
                                 char *objs, struct err *err)
{
    const struct entity *e = q->e;
    const struct field *tf = meta_field(e, "tenant_id"), *idf = meta_field(e, "id");
    sqlite3_stmt *stmt = insert_many_stmt(s, ei, q, err);
    if (!stmt) {
        return err->code;
    }
    int per_row = sqlite3_bind_parameter_count(stmt) / INSERT_ROWS;
    int64_t before[INSERT_ROWS];
    int rc = SQLITE_OK;
    enum err_code ec = ERR_OK;
    int row = 0;
    for (; row < INSERT_ROWS && ec == ERR_OK && rc == SQLITE_OK; row++) {
        void *obj = objs + (size_t)row * e->size;
        before[row] = *meta_i64(idf, obj);
        ec = next_id(s, ei, q, tf ? meta_get_i64(tf, obj) : 0, meta_i64(idf, obj), err);
        rc = ec ? SQLITE_OK : bind_row(stmt, e, obj, row * per_row, per_row);
    }
    if (ec == ERR_OK && rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
    }
    sqlite3_reset(stmt);
    if (ec == ERR_OK && rc == SQLITE_DONE) {
        return ERR_OK;
    }
    while (row-- > 0) {
        *meta_i64(idf, objs + (size_t)row * e->size) = before[row];
    }
    memset(&s->next[ei], 0, sizeof s->next[ei]); /* read afresh after a failure */
    return ec ? ec : db_error(s, rc, "insert", err);
}

/* Inside a write transaction, full groups of INSERT_ROWS go in one statement each, the rest one
 * by one; outside, each row as sq_insert would. Nothing is undone here when a row fails: the
 * caller rolls its transaction back. */
static enum err_code sq_insert(struct store *st, const struct entity *e, void *obj,
                               struct err *err);

static enum err_code sq_insert_many(struct store *st, const struct entity *e, void *objs,
                                    size_t n, struct err *err)
{
    struct sqlite_store *s = impl(st);
    int ei;
    const struct sql_entity *q = sql_of(e, &ei, err);
    if (!q) {
        return err->code;
    }
    char *p = objs;
    size_t done = 0;
    for (; s->in_write_tx && n - done >= INSERT_ROWS; done += INSERT_ROWS) {
        size_t was = s->tx_inserts;
        s->tx_inserts += INSERT_ROWS;
        if (was < BULK_AFTER_INSERTS && s->tx_inserts >= BULK_AFTER_INSERTS) {
            sqlite3_exec(s->db, CACHE_BULK, NULL, NULL, NULL); /* only a hint: errors ignored */
        }
        if (insert_rows(s, ei, q, p + done * e->size, err) != ERR_OK) {
            return err->code;
        }
    }
    for (; done < n; done++) {
        if (sq_insert(st, e, p + done * e->size, err) != ERR_OK) {
            return err->code;
        }
    }
    return ERR_OK;
}

/* Reading the next id and inserting must not interleave with another connection's insert:
 * outside a transaction both run in one write transaction of their own. */
static enum err_code sq_insert(struct store *st, const struct entity *e, void *obj,
                               struct err *err)
{
    struct sqlite_store *s = impl(st);
    int ei;
    const struct sql_entity *q = sql_of(e, &ei, err);
    if (!q) {
        return err->code;
    }
    if (s->in_tx) {
        if (++s->tx_inserts == BULK_AFTER_INSERTS) {
            sqlite3_exec(s->db, CACHE_BULK, NULL, NULL, NULL); /* only a hint: errors ignored */
        }
        return insert_row(s, ei, q, obj, err);
    }
    enum err_code ec = sq_begin(st, true, err);
    if (ec == ERR_OK) {
        ec = insert_row(impl(st), ei, q, obj, err); /* on the writer, which BEGIN chose */
        if (ec == ERR_OK) {
            ec = sq_commit(st, err);
        } else {
            sq_rollback(st);
        }
    }
    return ec;
}

static enum err_code sq_get(struct store *st, const struct entity *e, int64_t tenant_id,
                            int64_t id, void *out, struct arena *a, struct err *err)
{
    struct sqlite_store *s = impl(st);
    int ei;
    const struct sql_entity *q = sql_of(e, &ei, err);
    sqlite3_stmt *stmt = q ? stmt_for(s, ei, OP_GET, q->get, err) : NULL;
    if (!stmt) {
        return err->code;
    }
    if (e == &entity_tenant) {
        sqlite3_bind_int64(stmt, 1, id);
    } else {
        sqlite3_bind_int64(stmt, 1, tenant_id);
        sqlite3_bind_int64(stmt, 2, id);
    }
    int rc = sqlite3_step(stmt);
    enum err_code ec;
    if (rc == SQLITE_ROW) {
        ec = read_row(stmt, e, out, a, err);
    } else if (rc == SQLITE_DONE) {
        ec = err_set(err, ERR_NOT_FOUND, NULL, "no %s with id %lld", e->name, (long long)id);
    } else {
        ec = db_error(s, rc, "get", err);
    }
    sqlite3_reset(stmt);
    return ec;
}


/* An update that changed no row: ERR_NOT_FOUND when the record is gone, else ERR_STALE (its
 * version moved on: a concurrent edit). */
static enum err_code not_updated(struct store *st, const struct entity *e, int64_t tenant_id,
                                 int64_t id, struct err *err)
{
    struct arena tmp;
    arena_init(&tmp, 0);
    void *cur = arena_alloc(&tmp, e->size);
    enum err_code ec = sq_get(st, e, tenant_id, id, cur, &tmp, err);
    arena_free(&tmp);
    if (ec != ERR_OK) {
        return ec;
    }
    return err_set(err, ERR_STALE, "version",
                   "the %s was changed by someone else; reload and try again", e->name);
}

static enum err_code sq_update(struct store *st, const struct entity *e, void *obj,
                               struct err *err)
{
    struct sqlite_store *s = impl(st);
    int ei;
    const struct sql_entity *q = sql_of(e, &ei, err);
    sqlite3_stmt *stmt = q ? stmt_for(s, ei, OP_UPDATE, q->update, err) : NULL;
    if (!stmt) {
        return err->code;
    }
    int rc = bind_all(stmt, e, obj);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) {
        return db_error(s, rc, "update", err);
    }
    const struct field *vf = meta_field(e, "version");
    if (sqlite3_changes(s->db) == 0) {
        const struct field *tf = meta_field(e, "tenant_id");
        return not_updated(st, e, tf ? meta_get_i64(tf, obj) : 0,
                           meta_get_i64(meta_field(e, "id"), obj), err);
    }
    if (vf) {
        (*meta_i64(vf, obj))++;
    }
    return ERR_OK;
}

static enum err_code sq_remove(struct store *st, const struct entity *e, int64_t tenant_id,
                               int64_t id, struct err *err)
{
    struct sqlite_store *s = impl(st);
    int ei;
    const struct sql_entity *q = sql_of(e, &ei, err);
    sqlite3_stmt *stmt = q ? stmt_for(s, ei, OP_REMOVE, q->remove, err) : NULL;
    if (!stmt) {
        return err->code;
    }
    if (e == &entity_tenant) {
        sqlite3_bind_int64(stmt, 1, id);
    } else {
        sqlite3_bind_int64(stmt, 1, tenant_id);
        sqlite3_bind_int64(stmt, 2, id);
    }
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) {
        if ((rc & 0xff) == SQLITE_CONSTRAINT) {
            return err_set(err, ERR_CONFLICT, NULL,
                           "other records still refer to this %s; change or delete them first",
                           e->name);
        }
        return db_error(s, rc, "delete", err);
    }
    if (sqlite3_changes(s->db) == 0) {
        return err_set(err, ERR_NOT_FOUND, NULL, "no %s with id %lld", e->name, (long long)id);
    }
    return ERR_OK;
}

/* Every row stmt (bound) gives, as records of e in out (the arena's); resets stmt. what names
 * the read in an error. */
static enum err_code read_rows(struct sqlite_store *s, sqlite3_stmt *stmt, const struct entity *e,
                               const char *what, struct arena *a, struct rows *out,
                               struct err *err)
{
    size_t cap = 16, n = 0;
    char *items = xmalloc(cap * e->size);
    enum err_code ec = ERR_OK;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (n == cap) {
            cap *= 2;
            items = xrealloc(items, cap * e->size);
        }
        memset(items + n * e->size, 0, e->size);
        ec = read_row(stmt, e, items + n * e->size, a, err);
        if (ec != ERR_OK) {
            break;
        }
        n++;
    }
    if (ec == ERR_OK && rc != SQLITE_DONE) {
        ec = db_error(s, rc, what, err);
    }
    sqlite3_reset(stmt);
    if (ec != ERR_OK) {
        free(items);
        return ec;
    }
    out->items = arena_adopt(a, items);
    out->n = n;
    return ERR_OK;
}

static enum err_code sq_list(struct store *st, const struct entity *e, const struct query *qy,
                             struct arena *a, struct rows *out, struct err *err)
{
    struct sqlite_store *s = impl(st);
    int ei;
    const struct sql_entity *q = sql_of(e, &ei, err);
    if (!q) {
        return err->code;
    }
    char name_buf[64];
    const char *name = store_list_name(qy, name_buf);
    int li = -1;
    for (int i = 0; i < SQL_MAX_LISTS && q->lists[i].sql; i++) {
        const char *by = q->lists[i].by;
        if ((!by && !name) || (by && name && strcmp(by, name) == 0)) {
            li = i;
            break;
        }
    }
    if (li < 0) {
        return err_set(err, ERR_INTERNAL, NULL, "cannot list %s by %s", e->plural, name);
    }
    char *keys = NULL;
    if (qy->keys && !(keys = store_keys_text(qy, '[', ']'))) {
        return err_set(err, ERR_INTERNAL, NULL, "a key set of %zu", qy->nkeys);
    }
    sqlite3_stmt *stmt = stmt_for(s, ei, OP_LIST0 + li, q->lists[li].sql, err);
    if (!stmt) {
        free(keys);
        return err->code;
    }
    sqlite3_bind_int64(stmt, 1, qy->tenant_id);
    if (keys) {
        sqlite3_bind_text(stmt, 2, keys, -1, free);
    } else if (qy->by) {
        sqlite3_bind_int64(stmt, 2, qy->key);
    }
    sqlite3_bind_int64(stmt, 3, qy->after_id);
    sqlite3_bind_int64(stmt, 4, qy->limit > 0 ? qy->limit : -1);

    return read_rows(s, stmt, e, "list", a, out, err);
}

static enum err_code sq_user_by_email(struct store *st, int64_t tenant_id, const char *email,
                                      struct user *out, struct arena *a, struct err *err)
{
    struct sqlite_store *s = impl(st);
    if (!s->by_email) {
        int rc = sqlite3_prepare_v3(s->db, sqlite_user_by_email, -1, SQLITE_PREPARE_PERSISTENT,
                                    &s->by_email, NULL);
        if (rc != SQLITE_OK) {
            return db_error(s, rc, "prepare", err);
        }
    }
    sqlite3_stmt *stmt = s->by_email;
    sqlite3_reset(stmt);
    sqlite3_bind_int64(stmt, 1, tenant_id);
    sqlite3_bind_text(stmt, 2, email, -1, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    enum err_code ec;
    if (rc == SQLITE_ROW) {
        ec = read_row(stmt, &entity_user, out, a, err);
    } else if (rc == SQLITE_DONE) {
        ec = err_set(err, ERR_NOT_FOUND, "email", "no user with email %s", email);
    } else {
        ec = db_error(s, rc, "user_by_email", err);
    }
    sqlite3_reset(stmt);
    return ec;
}

/* The cached statement in *slot, prepared on first use, reset with its bindings cleared. */
static sqlite3_stmt *stmt_once(struct sqlite_store *s, sqlite3_stmt **slot, const char *sql,
                               struct err *err)
{
    (*s->count)++;
    if (!*slot) {
        int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
        if (rc != SQLITE_OK) {
            db_error(s, rc, "prepare", err);
            *slot = NULL;
            return NULL;
        }
    } else {
        sqlite3_reset(*slot);
        sqlite3_clear_bindings(*slot);
    }
    return *slot;
}

static enum err_code sq_users_by_email(struct store *st, int64_t tenant_id, const char *email,
                                       size_t max, struct arena *a, struct rows *out,
                                       struct err *err)
{
    struct sqlite_store *s = impl(st);
    sqlite3_stmt *stmt = stmt_once(s, &s->users_by_email, sqlite_users_by_email, err);
    if (!stmt) {
        return err->code;
    }
    sqlite3_bind_int64(stmt, 1, tenant_id);
    sqlite3_bind_text(stmt, 2, email, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, (sqlite3_int64)max);
    struct user *items = arena_alloc(a, (max ? max : 1) * sizeof *items);
    size_t n = 0;
    enum err_code ec = ERR_OK;
    int rc = SQLITE_DONE;
    while (n < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        ec = read_row(stmt, &entity_user, &items[n], a, err);
        if (ec != ERR_OK) {
            break;
        }
        n++;
    }
    if (ec == ERR_OK && n < max && rc != SQLITE_DONE) {
        ec = db_error(s, rc, "users_by_email", err);
    }
    sqlite3_reset(stmt);
    out->items = items;
    out->n = ec == ERR_OK ? n : 0;
    return ec;
}

static enum err_code sq_checkin_summaries(struct store *st, int64_t tenant_id, int64_t cycle_id,
                                          struct arena *a, struct rows *out, struct err *err)
{
    struct sqlite_store *s = impl(st);
    return sqlite_summaries_read(s->db, &s->helper, tenant_id, cycle_id, a, out, s->count, err);
}

static enum err_code sq_kr_progress(struct store *st, struct key_result *kr, struct err *err)
{
    struct sqlite_store *s = impl(st);
    sqlite3_stmt *stmt = stmt_once(s, &s->kr_progress, sqlite_kr_progress, err);
    if (!stmt) {
        return err->code;
    }
    sqlite3_bind_int64(stmt, 1, kr->tenant_id);
    sqlite3_bind_int64(stmt, 2, kr->id);
    sqlite3_bind_double(stmt, 3, kr->current);
    sqlite3_bind_double(stmt, 4, kr->confidence);
    sqlite3_bind_int64(stmt, 5, kr->updated);
    sqlite3_bind_int64(stmt, 6, kr->version);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) {
        return db_error(s, rc, "key result progress", err);
    }
    if (sqlite3_changes(s->db) == 0) {
        return not_updated(st, &entity_key_result, kr->tenant_id, kr->id, err);
    }
    kr->version++;
    return ERR_OK;
}

static enum err_code sq_tree_read(struct store *st, int64_t tenant_id, int64_t cycle_id,
                                  struct arena *a, struct rows *objs, struct rows *krs,
                                  struct err *err)
{
    struct sqlite_store *s = impl(st);
    return sqlite_tree_read(s->db, &s->helper, tenant_id, cycle_id, false, a, objs, krs, s->count,
                            err);
}

static enum err_code sq_coach_read(struct store *st, int64_t tenant_id, int64_t cycle_id,
                                   struct arena *a, struct rows *objs, struct rows *krs,
                                   struct err *err)
{
    struct sqlite_store *s = impl(st);
    return sqlite_tree_read(s->db, &s->helper, tenant_id, cycle_id, true, a, objs, krs, s->count,
                            err);
}

static enum err_code sq_attempts_count(struct store *st, int64_t tenant_id, const char *key,
                                       int64_t since, int64_t *n, struct err *err)
{
    struct sqlite_store *s = impl(st);
    sqlite3_stmt *stmt = stmt_once(s, &s->attempts_count, sqlite_attempts_count, err);
    if (!stmt) {
        return err->code;
    }
    sqlite3_bind_int64(stmt, 1, tenant_id);
    sqlite3_bind_text(stmt, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, since);
    int rc = sqlite3_step(stmt);
    enum err_code ec = ERR_OK;
    if (rc == SQLITE_ROW) {
        *n = sqlite3_column_int64(stmt, 0);
    } else {
        ec = db_error(s, rc, "attempts_count", err);
    }
    sqlite3_reset(stmt);
    return ec;
}

static enum err_code sq_attempts_forget(struct store *st, int64_t tenant_id, const char *key,
                                        int64_t before, struct err *err)
{
    struct sqlite_store *s = impl(st);
    sqlite3_stmt *stmt = stmt_once(s, &s->attempts_forget, sqlite_attempts_forget, err);
    if (!stmt) {
        return err->code;
    }
    sqlite3_bind_int64(stmt, 1, tenant_id);
    sqlite3_bind_text(stmt, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, before);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? ERR_OK : db_error(s, rc, "attempts_forget", err);
}

static enum err_code sq_backup(struct store *st, const char *path, struct err *err)
{
    struct sqlite_store *s = impl(st);
    sqlite3 *dst;
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_close(dst);
        return err_set(err, ERR_INVALID, "file", "cannot create the backup file %s", path);
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
    if (!b) {
        log_msg(LOG_ERROR, "sqlite: backup: %s", sqlite3_errmsg(dst));
        sqlite3_close(dst);
        return err_set(err, ERR_INTERNAL, NULL, "backup failed");
    }
    /* Copy in steps so writers are not shut out for the whole copy. */
    do {
        rc = sqlite3_backup_step(b, 1024);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            sqlite3_sleep(10);
        }
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    int crc = sqlite3_close(dst);
    if (rc != SQLITE_DONE || crc != SQLITE_OK) {
        return err_set(err, ERR_INTERNAL, NULL, "backup failed");
    }
    return ERR_OK;
}

static int pragma_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            v = sqlite3_column_int(st, 0);
        }
        sqlite3_finalize(st);
    }
    return v;
}

static int sq_schema_version(struct store *st)
{
    return pragma_int(impl(st)->db, "PRAGMA user_version");
}

/* Finalizes s's statements, closes its connection and frees it. */
static void close_conn(struct sqlite_store *s)
{
    sqlite_helper_close(&s->helper); /* closed without a commit or rollback */
    for (int i = 0; i < MAX_ENTITIES; i++) {
        for (int k = 0; k < OP_COUNT; k++) {
            sqlite3_finalize(s->stmts[i][k]);
        }
    }
    sqlite3_finalize(s->by_email);
    sqlite3_finalize(s->users_by_email);
    sqlite3_finalize(s->attempts_count);
    sqlite3_finalize(s->attempts_forget);
    sqlite3_finalize(s->kr_progress);
    for (int i = 0; i < TX_COUNT; i++) {
        sqlite3_finalize(s->tx[i]);
    }
    sqlite3_close(s->db);
    free(s);
}

static void sq_close(struct store *st)
{
    struct sqlite_store *s = self(st);
    if (s->w) {
        sq_rollback(st); /* closed inside a write transaction, which runs on the writer */
    }
    /* The last connection to the file in this process closes the writer first: the last one
     * to close (this one) then checkpoints and removes the WAL, as SQLite does. */
    if (s->gate && sqlite_gate_unuse(s->gate) == 0 && sqlite_gate_enter(s->gate)) {
        struct sqlite_store *w = sqlite_gate_users(s->gate) == 0 ? sqlite_gate_conn(s->gate) : NULL;
        if (w) {
            sqlite_gate_set_conn(s->gate, NULL);
            close_conn(w);
        }
        sqlite_gate_leave(s->gate);
    }
    struct sqlite_gate *held = s->gate_held ? s->gate : NULL;
    close_conn(s); /* inside a write transaction of its own: SQLite rolls it back */
    if (held) {
        sqlite_gate_leave(held);
    }
}

static const struct store_ops sqlite_ops = {
    .driver = "sqlite",
    .begin = sq_begin,
    .begin_trusted = sq_begin_trusted,
    .summaries_rebuild = sq_summaries_rebuild,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .defer_durability = sq_defer_durability,
    .when_durable = sq_when_durable,
    .insert = sq_insert,
    .insert_many = sq_insert_many,
    .update = sq_update,
    .get = sq_get,
    .remove = sq_remove,
    .list = sq_list,
    .user_by_email = sq_user_by_email,
    .users_by_email = sq_users_by_email,
    .checkin_summaries = sq_checkin_summaries,
    .kr_progress = sq_kr_progress,
    .tree_read = sq_tree_read,
    .coach_read = sq_coach_read,
    .attempts_count = sq_attempts_count,
    .attempts_forget = sq_attempts_forget,
    .backup = sq_backup,
    .schema_version = sq_schema_version,
    .close = sq_close,
};

static enum err_code migrate(struct sqlite_store *s, struct err *err)
{
    int have = pragma_int(s->db, "PRAGMA user_version");
    if (have > sqlite_migration_count) {
        return err_set(err, ERR_INVALID, "db",
                       "the database was written by a newer okr (schema %d, this okr knows %d)",
                       have, sqlite_migration_count);
    }
    for (int v = have + 1; v <= sqlite_migration_count; v++) {
        char set_version[64];
        snprintf(set_version, sizeof set_version, "PRAGMA user_version = %d", v);
        if (exec(s, "BEGIN IMMEDIATE", err) != ERR_OK) {
            return err->code;
        }
        /* Another process may have migrated while we waited for the lock. */
        if (pragma_int(s->db, "PRAGMA user_version") >= v) {
            exec(s, "COMMIT", err);
            continue;
        }
        if (exec(s, sqlite_migrations[v - 1], err) != ERR_OK ||
            exec(s, set_version, err) != ERR_OK || exec(s, "COMMIT", err) != ERR_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return err->code;
        }
    }
    return ERR_OK;
}

/* A connection to the database at path, its schema brought up to date; no gate (a writer's). */
static enum err_code open_conn(const char *path, struct sqlite_store **out, struct err *err)
{
    pthread_once(&init_once, sqlite_global_init);
    struct sqlite_store *s = xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    s->base.ops = &sqlite_ops;
    s->count = &s->base.queries;
    int rc = sqlite3_open_v2(path, &s->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             NULL);
    if (rc != SQLITE_OK) {
        sq_close(&s->base);
        return err_set(err, ERR_INVALID, "db", "cannot open the database %s", path);
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_handler(s->db, busy_wait, NULL);
    if (sqlite_tree_functions(s->db) != SQLITE_OK) {
        sq_close(&s->base);
        return err_set(err, ERR_INTERNAL, "db", "cannot set up the database connection");
    }
    /* The file's first read: one that is not a database is the user's mistake, said once below
     * in their words, not logged as a database error. */
    int first = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    if (first != SQLITE_OK && (first & 0xff) != SQLITE_NOTADB) {
        db_error(s, first, "exec", err);
    }
    if (first != SQLITE_OK || exec(s, "PRAGMA synchronous = FULL", err) != ERR_OK ||
        exec(s, "PRAGMA foreign_keys = ON", err) != ERR_OK ||
        exec(s, CACHE_NORMAL, err) != ERR_OK) {
        sq_close(&s->base);
        return err_set(err, ERR_INVALID, "db", "%s is not an okr database", path);
    }
    /* 2 = FULL. Read it back: a build or a wrapper that ignores the pragma must not go unseen. */
    if (pragma_int(s->db, "PRAGMA synchronous") != 2 ||
        pragma_int(s->db, "PRAGMA foreign_keys") != 1) {
        sq_close(&s->base);
        return err_set(err, ERR_INTERNAL, "db", "SQLite refused synchronous=FULL or foreign keys");
    }
    if (migrate(s, err) != ERR_OK) {
        sq_close(&s->base);
        return err->code;
    }
    *out = s;
    return ERR_OK;
}

enum err_code sqlite_store_open(const char *path, struct store **out, struct err *err)
{
    struct sqlite_store *s = NULL;
    if (open_conn(path, &s, err) != ERR_OK) {
        return err->code;
    }
    /* After the migration (its own write transactions run without the gate; another process
     * may be migrating too, which SQLite's lock settles). */
    s->gate = sqlite_gate_of(sqlite3_db_filename(s->db, "main"));
    sqlite_gate_use(s->gate);
    *out = &s->base;
    return ERR_OK;
}
