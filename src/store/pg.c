/* PostgreSQL driver (libpq): one connection per store (the server opens one per worker thread),
 * statements prepared on first use and cached per connection, parameters and results in binary
 * form bound and read generically through the entity descriptors (no text round trip for reals,
 * no SQL built from strings).
 *
 * Isolation, the same guarantees as SQLite's single writer, per tenant:
 * - A write transaction (begin(write=true)) runs at READ COMMITTED and, before its first
 *   statement on a tenant, takes a transaction-scoped advisory lock on that tenant. Every write
 *   transaction of a tenant therefore runs alone, whichever okr instance serves it, and each of
 *   its statements sees everything committed before it got the lock: a service's read-check-write
 *   (read a key result, insert a check-in, update the key result) cannot interleave with another
 *   one, so concurrent check-ins through two instances both land, one after the other. Updates
 *   still carry the optimistic version check in their WHERE clause, so an edit based on a copy
 *   read in an earlier request is refused (ERR_STALE), never a silent overwrite. Tenants are
 *   locked in the order they are touched; a deadlock between transactions that touch several
 *   tenants in opposite orders is detected by the server and answered with ERR_CONFLICT ("try
 *   again"). Tenant 0 (address-keyed login attempts, the login lookup across tenants) is not
 *   locked: at worst two concurrent logins from one address both pass a rate limit that has one
 *   attempt left. Why not SERIALIZABLE (or REPEATABLE READ) instead: there two check-ins on one
 *   key result, or two inserts bumping one id counter, do not queue but fail with a
 *   serialization error, a 409 the client must retry; under the lock both simply land. A
 *   statement outside any transaction takes no lock (the service writes only in transactions;
 *   a single statement is atomic on its own).
 * - A read transaction runs at REPEATABLE READ: one snapshot for all its queries (a tree is
 *   consistent). The one write a read transaction may do (the best-effort "last seen" of a
 *   session or token) runs inside a savepoint, so that its failure, like SQLite's refused lock
 *   upgrade, leaves the transaction usable; a concurrent change of the same row makes it fail
 *   (first updater wins) rather than overwrite.
 * - Serialization failures and deadlocks map to ERR_CONFLICT; unique and foreign-key violations
 *   to ERR_CONFLICT as on SQLite.
 *
 * Lost connections: a statement outside a transaction that fails because the connection broke
 * is run again once on a fresh connection (inserts are not: the first may have committed); a
 * broken connection inside a transaction fails that transaction, and the next begin reconnects.
 * Statements are prepared again on the new connection. */
#include "pg.h"

#include "core/log.h"
#include "core/timefmt.h"
#include "pg_sql.h"

#include <limits.h>
#include <libpq-fe.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type OIDs (server header catalog/pg_type_d.h, stable since forever). */
enum {
    OID_BOOL = 16,
    OID_INT8 = 20,
    OID_TEXT = 25,
    OID_FLOAT8 = 701,
};

enum {
    OP_INSERT,
    OP_UPDATE,
    OP_GET,
    OP_REMOVE,
    OP_INSERT_ID, /* pg_sql_ids.c */
    OP_LIST0,
    OP_COUNT = OP_LIST0 + PG_SQL_MAX_LISTS
};
/* BUMPS: inserts of one entity in a write transaction that bump its counter row themselves;
 * the driver numbers the ones after (pg_sql_ids.c). A request's few inserts so cost one
 * statement each, as before; a long transaction does not pile up row versions. */
enum { MAX_ENTITIES = 32, MAX_PARAMS = 32, MAX_LOCKS = 8, BUMPS = 8 };

/* Statements that are not per entity. */
enum {
    X_USER_BY_EMAIL,
    X_USERS_BY_EMAIL,
    X_ATTEMPTS_COUNT,
    X_ATTEMPTS_FORGET,
    X_CHECKIN_SUMMARIES,
    X_KR_PROGRESS,
    X_TREE_OBJECTIVES,
    X_TREE_KEY_RESULTS,
    X_COACH_OBJECTIVES,
    X_COACH_KEY_RESULTS,
    X_TENANT_LOCK,
    X_SCHEMA_GET,
    X_IDS_SET,
    X_COUNT
};

static const char *const extra_sql[X_COUNT] = {
    [X_USER_BY_EMAIL] = pg_sql_user_by_email,
    [X_USERS_BY_EMAIL] = pg_sql_users_by_email,
    [X_ATTEMPTS_COUNT] = pg_sql_attempts_count,
    [X_ATTEMPTS_FORGET] = pg_sql_attempts_forget,
    [X_CHECKIN_SUMMARIES] = pg_sql_checkin_summaries,
    [X_KR_PROGRESS] = pg_sql_kr_progress,
    [X_TREE_OBJECTIVES] = pg_sql_tree_objectives,
    [X_TREE_KEY_RESULTS] = pg_sql_tree_key_results,
    [X_COACH_OBJECTIVES] = pg_sql_coach_objectives,
    [X_COACH_KEY_RESULTS] = pg_sql_coach_key_results,
    [X_TENANT_LOCK] = pg_sql_tenant_lock,
    [X_SCHEMA_GET] = pg_sql_schema_get,
    [X_IDS_SET] = pg_sql_ids_set,
};

enum tx_state { TX_NONE, TX_READ, TX_WRITE };

struct pg_store {
    struct store base;
    PGconn *conn;
    bool prepared[MAX_ENTITIES][OP_COUNT]; /* on this connection */
    bool xprepared[X_COUNT];
    enum tx_state tx;
    int64_t locked[MAX_LOCKS]; /* tenants this write transaction holds */
    size_t nlocked;
    /* Per entity (index in pg_sql): the counter this write transaction holds, of tenant, the
     * last id it handed out and how many inserts bumped it; dirty: id_counters is behind
     * (pg_sql_ids.c). */
    struct {
        int64_t tenant, last;
        unsigned bumped;
        bool dirty;
    } ids[MAX_ENTITIES];
    char state[6];       /* SQLSTATE of the last failure */
    unsigned statements; /* run in the current transaction (logged at debug level) */
};

static struct pg_store *impl(struct store *s)
{
    return (struct pg_store *)s;
}

/* ---------------------------------------------------------------------------------------------
 * Parameters and values in binary form */

struct params {
    int n;
    Oid types[MAX_PARAMS];
    const char *values[MAX_PARAMS];
    int lengths[MAX_PARAMS];
    int formats[MAX_PARAMS];
    unsigned char bin[MAX_PARAMS][8];
};

static void put_be64(unsigned char *b, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        b[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

static uint64_t get_be64(const unsigned char *b)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) {
        v = v << 8 | b[i];
    }
    return v;
}

static int slot(struct params *p, Oid type)
{
    if (p->n >= MAX_PARAMS) {
        /* A descriptor with more fields than this driver binds: a programming error. */
        log_msg(LOG_ERROR, "pg: too many parameters");
        abort();
    }
    int i = p->n++;
    p->types[i] = type;
    p->formats[i] = 1;
    return i;
}

static void param_null(struct params *p, Oid type)
{
    int i = slot(p, type);
    p->values[i] = NULL;
    p->lengths[i] = 0;
}

static void param_i64(struct params *p, int64_t v)
{
    int i = slot(p, OID_INT8);
    put_be64(p->bin[i], (uint64_t)v);
    p->values[i] = (const char *)p->bin[i];
    p->lengths[i] = 8;
}

static void param_f64(struct params *p, double v)
{
    int i = slot(p, OID_FLOAT8);
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    put_be64(p->bin[i], u);
    p->values[i] = (const char *)p->bin[i];
    p->lengths[i] = 8;
}

static void param_bool(struct params *p, int v)
{
    int i = slot(p, OID_BOOL);
    p->bin[i][0] = v != 0;
    p->values[i] = (const char *)p->bin[i];
    p->lengths[i] = 1;
}

/* Text in binary form is its bytes; the store holds at most a few KiB per field. */
static void param_text(struct params *p, const char *t)
{
    int i = slot(p, OID_TEXT);
    size_t n = strlen(t);
    p->values[i] = t;
    p->lengths[i] = n > INT_MAX ? INT_MAX : (int)n;
}

static Oid oid_of(const struct field *f)
{
    switch (f->type) {
    case FT_REAL:
        return OID_FLOAT8;
    case FT_TEXT:
    case FT_ENUM:
        return OID_TEXT;
    case FT_BOOL:
        return OID_BOOL;
    default:
        return OID_INT8;
    }
}

static void bind_field(struct params *p, const struct field *f, const void *obj)
{
    switch (f->type) {
    case FT_REF: {
        int64_t v = meta_get_i64(f, obj);
        if (v) {
            param_i64(p, v);
        } else {
            param_null(p, OID_INT8);
        }
        break;
    }
    case FT_DATE: {
        int64_t v = meta_get_i64(f, obj);
        if (v == DATE_NONE) {
            param_null(p, OID_INT8);
        } else {
            param_i64(p, v);
        }
        break;
    }
    case FT_REAL: {
        double v = meta_get_real(f, obj);
        if (isnan(v)) {
            param_null(p, OID_FLOAT8);
        } else {
            param_f64(p, v);
        }
        break;
    }
    case FT_TEXT: {
        const char *t = meta_get_text(f, obj);
        param_text(p, t ? t : "");
        break;
    }
    case FT_ENUM:
        param_text(p, meta_enum_name(f, meta_get_int(f, obj)));
        break;
    case FT_BOOL:
        param_bool(p, meta_get_int(f, obj));
        break;
    default:
        param_i64(p, meta_get_i64(f, obj));
        break;
    }
}

/* Every field at the parameter of its position ($1 is the first field). */
static void bind_record(struct params *p, const struct entity *e, const void *obj)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < e->nfields; i++) {
        bind_field(p, &e->fields[i], obj);
    }
}

static enum err_code bad_column(const struct entity *e, const char *name, struct err *err)
{
    log_msg(LOG_ERROR, "pg: unexpected type or value of %s.%s", e ? e->name : "?", name);
    return err_set(err, ERR_INTERNAL, NULL, "database error");
}

/* An int8 column in binary form. */
static bool col_i64(const PGresult *res, int row, int col, int64_t *out)
{
    if (PQftype(res, col) != OID_INT8 || PQgetlength(res, row, col) != 8) {
        return false;
    }
    *out = (int64_t)get_be64((const unsigned char *)PQgetvalue(res, row, col));
    return true;
}

/* Reads row `row` of res into obj, column i being field i; text goes into the arena. */
static enum err_code read_row(const PGresult *res, int row, const struct entity *e, void *obj,
                              struct arena *a, struct err *err)
{
    if (PQnfields(res) != (int)e->nfields) {
        return bad_column(e, "*", err);
    }
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        int col = (int)i;
        if (PQftype(res, col) != oid_of(f)) {
            return bad_column(e, f->name, err);
        }
        bool null = PQgetisnull(res, row, col);
        const unsigned char *v = (const unsigned char *)PQgetvalue(res, row, col);
        int len = PQgetlength(res, row, col);
        switch (f->type) {
        case FT_TEXT:
            *meta_text(f, obj) = arena_strndup(a, null ? "" : (const char *)v, (size_t)len);
            break;
        case FT_ENUM: {
            /* libpq ends every value with a zero byte, binary ones too. */
            int ev = null ? -1 : meta_enum_parse(f->enum_names, (const char *)v);
            if (ev < 0) {
                return bad_column(e, f->name, err);
            }
            *meta_int(f, obj) = ev;
            break;
        }
        case FT_BOOL:
            if (null || len != 1) {
                return bad_column(e, f->name, err);
            }
            *meta_int(f, obj) = v[0] != 0;
            break;
        case FT_REAL:
            if (null) {
                *meta_real(f, obj) = NAN;
            } else if (len == 8) {
                uint64_t u = get_be64(v);
                double d;
                memcpy(&d, &u, sizeof d);
                *meta_real(f, obj) = d;
            } else {
                return bad_column(e, f->name, err);
            }
            break;
        default:
            if (null) {
                *meta_i64(f, obj) = f->type == FT_DATE ? DATE_NONE : 0;
            } else if (len == 8) {
                *meta_i64(f, obj) = (int64_t)get_be64(v);
            } else {
                return bad_column(e, f->name, err);
            }
            break;
        }
    }
    return ERR_OK;
}

/* ---------------------------------------------------------------------------------------------
 * Running statements */

static void forget_prepared(struct pg_store *s)
{
    memset(s->prepared, 0, sizeof s->prepared);
    memset(s->xprepared, 0, sizeof s->xprepared);
}

/* Resets a broken connection; true when it is back. Prepared statements died with the old
 * session. */
static bool reconnect(struct pg_store *s)
{
    forget_prepared(s);
    PQreset(s->conn);
    if (PQstatus(s->conn) != CONNECTION_OK) {
        log_msg(LOG_ERROR, "pg: reconnecting failed: %s", PQerrorMessage(s->conn));
        return false;
    }
    log_msg(LOG_WARN, "pg: the database connection was lost; reconnected");
    return true;
}

/* Outside a transaction, notices a connection the server closed while it sat idle (a restart,
 * pg_terminate_backend, an idle timeout) before a statement is sent on it, and reconnects: the
 * statement then runs once, on the new connection. Costs one poll() without waiting. */
static void check_alive(struct pg_store *s)
{
    if (s->tx != TX_NONE) {
        return;
    }
    if (PQstatus(s->conn) == CONNECTION_OK) {
        struct pollfd pfd = {.fd = PQsocket(s->conn), .events = POLLIN};
        if (pfd.fd >= 0 && poll(&pfd, 1, 0) > 0) {
            /* Idle, the server only speaks to say goodbye (or a notice): read it. */
            PQconsumeInput(s->conn);
        }
    }
    if (PQstatus(s->conn) == CONNECTION_BAD) {
        reconnect(s);
    }
}

static const char *sqlstate(const PGresult *res)
{
    const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return st ? st : "";
}

/* Maps a failed result to an error; details go to the log only. */
static enum err_code db_error(struct pg_store *s, const PGresult *res, const char *what,
                              struct err *err)
{
    const char *st = sqlstate(res);
    snprintf(s->state, sizeof s->state, "%s", st);
    if (PQstatus(s->conn) == CONNECTION_BAD || strncmp(st, "08", 2) == 0) {
        log_msg(LOG_ERROR, "pg: %s: connection lost: %s", what, PQerrorMessage(s->conn));
        return err_set(err, ERR_INTERNAL, NULL, "the database connection was lost; try again");
    }
    if (strcmp(st, "23503") == 0) {
        return err_set(err, ERR_CONFLICT, NULL,
                       "it refers to a missing record, or other records still refer to it");
    }
    if (strcmp(st, "23505") == 0) {
        return err_set(err, ERR_CONFLICT, NULL, "a record with the same key already exists");
    }
    if (strncmp(st, "23", 2) == 0) {
        return err_set(err, ERR_INVALID, NULL, "the record breaks a database rule");
    }
    /* serialization_failure, deadlock_detected, lock_not_available, query_canceled (timeouts) */
    if (strcmp(st, "40001") == 0 || strcmp(st, "40P01") == 0 || strcmp(st, "55P03") == 0 ||
        strcmp(st, "57014") == 0) {
        log_msg(LOG_INFO, "pg: %s: %s", what, st);
        return err_set(err, ERR_CONFLICT, NULL, "the database is busy; try again");
    }
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    log_msg(LOG_ERROR, "pg: %s: %s (%s)", what, msg ? msg : PQerrorMessage(s->conn), st);
    if (strncmp(st, "22", 2) == 0) {
        return err_set(err, ERR_INVALID, NULL, "a value does not fit the database");
    }
    return err_set(err, ERR_INTERNAL, NULL, "database error");
}

/* Runs the statement `sql` under `name`, preparing it on this connection first when *prepared is
 * false. retry: the statement may run again after a lost connection (outside a transaction).
 * Returns the result (the caller PQclears it) or NULL with err filled. */
static PGresult *run(struct pg_store *s, bool *prepared, const char *name, const char *sql,
                     const struct params *p, bool retry, const char *what, struct err *err)
{
    check_alive(s);
    for (int attempt = 0;; attempt++) {
        PGresult *res = NULL;
        bool ready = *prepared;
        if (!ready) {
            res = PQprepare(s->conn, name, sql, p->n, p->types);
            ready = PQresultStatus(res) == PGRES_COMMAND_OK;
            if (ready) {
                *prepared = true;
                PQclear(res);
                res = NULL;
            }
        }
        if (ready) {
            s->statements++;
            s->base.queries++;
            res = PQexecPrepared(s->conn, name, p->n, p->values, p->lengths, p->formats, 1);
            ExecStatusType rs = PQresultStatus(res);
            if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
                return res;
            }
        }
        if (attempt == 0 && s->tx == TX_NONE) {
            bool again = false;
            if (PQstatus(s->conn) == CONNECTION_BAD) {
                again = (retry || !ready) && reconnect(s);
            } else if (strcmp(sqlstate(res), "26000") == 0) {
                /* The session lost its prepared statements (e.g. DISCARD ALL by a pooler). */
                forget_prepared(s);
                again = true;
            }
            if (again) {
                PQclear(res);
                continue;
            }
        }
        db_error(s, res, what, err);
        PQclear(res);
        return NULL;
    }
}

static int entity_index(const struct entity *e)
{
    for (int i = 0; pg_sql[i]; i++) {
        if (pg_sql[i]->e == e) {
            return i;
        }
    }
    return -1;
}

static const struct pg_sql_entity *sql_of(const struct entity *e, int *ei, struct err *err)
{
    *ei = entity_index(e);
    if (*ei < 0 || *ei >= MAX_ENTITIES) {
        err_set(err, ERR_INTERNAL, NULL, "no SQL for %s", e->name);
        return NULL;
    }
    return pg_sql[*ei];
}

static PGresult *run_op(struct pg_store *s, int ei, int op, const char *sql,
                        const struct params *p, bool retry, const char *what, struct err *err)
{
    char name[32];
    snprintf(name, sizeof name, "okr_%d_%d", ei, op);
    return run(s, &s->prepared[ei][op], name, sql, p, retry, what, err);
}

static PGresult *run_extra(struct pg_store *s, int x, const struct params *p, bool retry,
                           struct err *err)
{
    char name[32];
    snprintf(name, sizeof name, "okr_x%d", x);
    return run(s, &s->xprepared[x], name, extra_sql[x], p, retry, name, err);
}

/* A statement without parameters whose result does not matter (transaction control, locks). */
static bool exec_simple(struct pg_store *s, const char *sql)
{
    PGresult *res = PQexec(s->conn, sql);
    ExecStatusType rs = PQresultStatus(res);
    bool ok = rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK;
    if (!ok) {
        log_msg(LOG_WARN, "pg: %s: %s", sql, PQerrorMessage(s->conn));
    }
    PQclear(res);
    return ok;
}

/* In a write transaction, takes tenant's lock before the first statement on it. */
static enum err_code lock_tenant(struct pg_store *s, int64_t tenant, struct err *err)
{
    if (s->tx != TX_WRITE || tenant <= 0) {
        return ERR_OK;
    }
    for (size_t i = 0; i < s->nlocked; i++) {
        if (s->locked[i] == tenant) {
            return ERR_OK;
        }
    }
    struct params p = {0};
    param_i64(&p, tenant);
    PGresult *res = run_extra(s, X_TENANT_LOCK, &p, false, err);
    if (!res) {
        return err->code;
    }
    PQclear(res);
    if (s->nlocked < MAX_LOCKS) {
        s->locked[s->nlocked++] = tenant; /* past that, asking again is harmless */
    }
    return ERR_OK;
}

/* A write inside a read transaction runs in a savepoint, so that its failure leaves the
 * transaction usable (as SQLite's refused lock upgrade does). */
static bool write_begin(struct pg_store *s)
{
    return s->tx == TX_READ && exec_simple(s, "SAVEPOINT okr_write");
}

static void write_end(struct pg_store *s, bool savepoint, bool ok)
{
    if (savepoint) {
        exec_simple(s, ok ? "RELEASE SAVEPOINT okr_write" : "ROLLBACK TO SAVEPOINT okr_write");
    }
}

/* The tenant a record belongs to (a tenant's own id for tenants). */
static int64_t tenant_of(const struct entity *e, const void *obj)
{
    const struct field *f = meta_field(e, e == &entity_tenant ? "id" : "tenant_id");
    return f ? meta_get_i64(f, obj) : 0;
}

/* The insert with the id given for e; NULL for entities numbered otherwise (tenants). */
static const struct pg_sql_insert_id *insert_id_of(const struct entity *e)
{
    for (const struct pg_sql_insert_id *q = pg_sql_insert_ids; q->e; q++) {
        if (q->e == e) {
            return q;
        }
    }
    return NULL;
}

/* Writes the counters this write transaction is ahead of into id_counters: of entity index ei,
 * or of all when ei < 0. */
static enum err_code ids_flush(struct pg_store *s, int ei, struct err *err)
{
    for (int i = 0; i < MAX_ENTITIES && pg_sql[i]; i++) {
        if ((ei >= 0 && i != ei) || !s->ids[i].dirty) {
            continue;
        }
        const struct pg_sql_insert_id *q = insert_id_of(pg_sql[i]->e);
        struct params p = {0};
        param_i64(&p, s->ids[i].tenant);
        param_text(&p, q->counter);
        param_i64(&p, s->ids[i].last);
        PGresult *res = run_extra(s, X_IDS_SET, &p, false, err);
        if (!res) {
            return err->code;
        }
        PQclear(res);
        s->ids[i].dirty = false;
    }
    return ERR_OK;
}

/* ---------------------------------------------------------------------------------------------
 * Transactions */

static enum err_code pg_begin(struct store *st, bool write, struct err *err)
{
    struct pg_store *s = impl(st);
    if (s->tx != TX_NONE) {
        log_msg(LOG_ERROR, "pg: begin inside a transaction");
        return err_set(err, ERR_INTERNAL, NULL, "database error");
    }
    const char *sql =
        write ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN ISOLATION LEVEL REPEATABLE READ";
    check_alive(s);
    for (int attempt = 0;; attempt++) {
        if (PQstatus(s->conn) == CONNECTION_BAD && !reconnect(s)) {
            return err_set(err, ERR_INTERNAL, NULL, "the database is unavailable; try again");
        }
        PGresult *res = PQexec(s->conn, sql);
        if (PQresultStatus(res) == PGRES_COMMAND_OK) {
            PQclear(res);
            break;
        }
        /* A connection that died while idle shows it here: BEGIN is safe to send again. */
        if (attempt == 0 && PQstatus(s->conn) == CONNECTION_BAD) {
            PQclear(res);
            continue;
        }
        enum err_code rc = db_error(s, res, "begin", err);
        PQclear(res);
        if (PQtransactionStatus(s->conn) != PQTRANS_IDLE) {
            exec_simple(s, "ROLLBACK");
        }
        return rc;
    }
    s->tx = write ? TX_WRITE : TX_READ;
    s->nlocked = 0;
    s->statements = 0;
    memset(s->ids, 0, sizeof s->ids);
    return ERR_OK;
}

static enum err_code pg_commit(struct store *st, struct err *err)
{
    struct pg_store *s = impl(st);
    if (s->tx == TX_NONE) {
        log_msg(LOG_ERROR, "pg: commit without a transaction");
        return err_set(err, ERR_INTERNAL, NULL, "database error");
    }
    enum err_code rc = ERR_OK;
    PGTransactionStatusType ts = PQtransactionStatus(s->conn);
    if (ts == PQTRANS_INERROR) {
        /* A statement failed and the caller went on: PostgreSQL has undone the whole
         * transaction, so nothing of it may be reported as done. */
        log_msg(LOG_ERROR, "pg: commit of a failed transaction");
        rc = err_set(err, ERR_INTERNAL, NULL, "database error");
    } else if ((rc = ids_flush(s, -1, err)) == ERR_OK) {
        PGresult *res = PQexec(s->conn, "COMMIT");
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            rc = db_error(s, res, "commit", err);
        } else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
            log_msg(LOG_ERROR, "pg: commit answered %s", PQcmdStatus(res));
            rc = err_set(err, ERR_INTERNAL, NULL, "database error");
        }
        PQclear(res);
    }
    if (PQstatus(s->conn) == CONNECTION_OK && PQtransactionStatus(s->conn) != PQTRANS_IDLE) {
        exec_simple(s, "ROLLBACK");
    }
    /* A request is one transaction: its statement count shows an N+1 pattern in the log. */
    log_msg(LOG_DEBUG, "pg: %s transaction: %u statements", s->tx == TX_WRITE ? "write" : "read",
            s->statements);
    s->tx = TX_NONE;
    s->nlocked = 0;
    memset(s->ids, 0, sizeof s->ids);
    return rc;
}

static void pg_rollback(struct store *st)
{
    struct pg_store *s = impl(st);
    if (s->tx != TX_NONE && PQstatus(s->conn) == CONNECTION_OK &&
        PQtransactionStatus(s->conn) != PQTRANS_IDLE) {
        exec_simple(s, "ROLLBACK");
    }
    s->tx = TX_NONE;
    s->nlocked = 0;
    memset(s->ids, 0, sizeof s->ids);
}

/* ---------------------------------------------------------------------------------------------
 * Records */

static enum err_code pg_insert(struct store *st, const struct entity *e, void *obj,
                               struct err *err)
{
    struct pg_store *s = impl(st);
    int ei;
    const struct pg_sql_entity *q = sql_of(e, &ei, err);
    if (!q) {
        return err->code;
    }
    if (e != &entity_tenant && lock_tenant(s, tenant_of(e, obj), err) != ERR_OK) {
        return err->code;
    }
    /* In a write transaction, the first BUMPS inserts of an entity in a tenant bump its counter
     * (and the first keeps the counter's row lock); the next ones are numbered here. */
    const struct pg_sql_insert_id *qi = s->tx == TX_WRITE ? insert_id_of(e) : NULL;
    int64_t tenant = tenant_of(e, obj);
    bool same = qi && tenant > 0 && s->ids[ei].tenant == tenant;
    bool numbered = same && s->ids[ei].bumped >= BUMPS;
    int64_t *idp = meta_i64(meta_field(e, "id"), obj), old_id = *idp;
    if (qi && !numbered && ids_flush(s, ei, err) != ERR_OK) {
        return err->code;
    }
    if (numbered) {
        *idp = s->ids[ei].last + 1;
    }
    struct params p;
    bind_record(&p, e, obj);
    bool sp = write_begin(s);
    PGresult *res = numbered ? run_op(s, ei, OP_INSERT_ID, qi->sql, &p, false, "insert", err)
                             : run_op(s, ei, OP_INSERT, q->insert, &p, false, "insert", err);
    int64_t id = 0;
    enum err_code rc = res ? ERR_OK : err->code;
    if (res && (PQntuples(res) != 1 || !col_i64(res, 0, 0, &id))) {
        rc = bad_column(e, "id", err);
    }
    PQclear(res);
    write_end(s, sp, rc == ERR_OK);
    if (rc != ERR_OK) {
        *idp = old_id;
        return rc;
    }
    *idp = id;
    if (qi) {
        s->ids[ei].bumped = numbered ? s->ids[ei].bumped : same ? s->ids[ei].bumped + 1 : 1;
        s->ids[ei].tenant = tenant;
        s->ids[ei].last = id;
        s->ids[ei].dirty = numbered || (same && s->ids[ei].dirty);
    }
    if (e == &entity_tenant && s->tx == TX_WRITE && s->nlocked < MAX_LOCKS) {
        /* Nobody else can see the new tenant before this transaction commits. */
        s->locked[s->nlocked++] = id;
    }
    return ERR_OK;
}

static enum err_code pg_get(struct store *st, const struct entity *e, int64_t tenant_id,
                            int64_t id, void *out, struct arena *a, struct err *err)
{
    struct pg_store *s = impl(st);
    int ei;
    const struct pg_sql_entity *q = sql_of(e, &ei, err);
    if (!q) {
        return err->code;
    }
    if (e == &entity_tenant) {
        tenant_id = id;
    }
    if (lock_tenant(s, tenant_id, err) != ERR_OK) {
        return err->code;
    }
    struct params p = {0};
    if (e != &entity_tenant) {
        param_i64(&p, tenant_id);
    }
    param_i64(&p, id);
    PGresult *res = run_op(s, ei, OP_GET, q->get, &p, true, "get", err);
    if (!res) {
        return err->code;
    }
    enum err_code rc;
    if (PQntuples(res) == 1) {
        rc = read_row(res, 0, e, out, a, err);
    } else {
        rc = err_set(err, ERR_NOT_FOUND, NULL, "no %s with id %lld", e->name, (long long)id);
    }
    PQclear(res);
    return rc;
}


/* An update that changed no row: ERR_NOT_FOUND when the record is gone, else ERR_STALE (its
 * version moved on: a concurrent edit). */
static enum err_code not_updated(struct store *st, const struct entity *e, int64_t tenant_id,
                                 int64_t id, struct err *err)
{
    struct arena tmp;
    arena_init(&tmp, 0);
    void *cur = arena_alloc(&tmp, e->size);
    enum err_code ec = pg_get(st, e, tenant_id, id, cur, &tmp, err);
    arena_free(&tmp);
    if (ec != ERR_OK) {
        return ec;
    }
    return err_set(err, ERR_STALE, "version",
                   "the %s was changed by someone else; reload and try again", e->name);
}

static enum err_code pg_update(struct store *st, const struct entity *e, void *obj,
                               struct err *err)
{
    struct pg_store *s = impl(st);
    int ei;
    const struct pg_sql_entity *q = sql_of(e, &ei, err);
    if (!q) {
        return err->code;
    }
    int64_t tenant = tenant_of(e, obj);
    if (lock_tenant(s, tenant, err) != ERR_OK) {
        return err->code;
    }
    struct params p;
    bind_record(&p, e, obj);
    bool sp = write_begin(s);
    PGresult *res = run_op(s, ei, OP_UPDATE, q->update, &p, true, "update", err);
    write_end(s, sp, res != NULL);
    if (!res) {
        return err->code;
    }
    bool changed = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    if (!changed) {
        return not_updated(st, e, tenant, meta_get_i64(meta_field(e, "id"), obj), err);
    }
    const struct field *vf = meta_field(e, "version");
    if (vf) {
        (*meta_i64(vf, obj))++;
    }
    return ERR_OK;
}

static enum err_code pg_remove(struct store *st, const struct entity *e, int64_t tenant_id,
                               int64_t id, struct err *err)
{
    struct pg_store *s = impl(st);
    int ei;
    const struct pg_sql_entity *q = sql_of(e, &ei, err);
    if (!q) {
        return err->code;
    }
    if (e == &entity_tenant) {
        tenant_id = id;
    }
    if (lock_tenant(s, tenant_id, err) != ERR_OK) {
        return err->code;
    }
    struct params p = {0};
    if (e != &entity_tenant) {
        param_i64(&p, tenant_id);
    }
    param_i64(&p, id);
    bool sp = write_begin(s);
    PGresult *res = run_op(s, ei, OP_REMOVE, q->remove, &p, true, "delete", err);
    write_end(s, sp, res != NULL);
    if (!res) {
        if (strcmp(s->state, "23503") == 0) {
            return err_set(err, ERR_CONFLICT, NULL,
                           "other records still refer to this %s; change or delete them first",
                           e->name);
        }
        return err->code;
    }
    bool gone = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    if (!gone) {
        return err_set(err, ERR_NOT_FOUND, NULL, "no %s with id %lld", e->name, (long long)id);
    }
    return ERR_OK;
}

/* Reads every row of res into a contiguous array of e's struct in the arena. */
static enum err_code read_rows(const PGresult *res, const struct entity *e, struct arena *a,
                               struct rows *out, struct err *err)
{
    int n = PQntuples(res);
    char *items = arena_alloc(a, (n > 0 ? (size_t)n : 1) * e->size);
    for (int i = 0; i < n; i++) {
        enum err_code rc = read_row(res, i, e, items + (size_t)i * e->size, a, err);
        if (rc != ERR_OK) {
            out->items = items;
            out->n = 0;
            return rc;
        }
    }
    out->items = items;
    out->n = (size_t)n;
    return ERR_OK;
}

static enum err_code pg_list(struct store *st, const struct entity *e, const struct query *qy,
                             struct arena *a, struct rows *out, struct err *err)
{
    struct pg_store *s = impl(st);
    int ei;
    const struct pg_sql_entity *q = sql_of(e, &ei, err);
    if (!q) {
        return err->code;
    }
    char name_buf[64];
    const char *name = store_list_name(qy, name_buf);
    int li = -1;
    for (int i = 0; i < PG_SQL_MAX_LISTS && q->lists[i].sql; i++) {
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
    if (qy->keys && !(keys = store_keys_text(qy, '{', '}'))) {
        return err_set(err, ERR_INTERNAL, NULL, "a key set of %zu", qy->nkeys);
    }
    if (e != &entity_tenant && lock_tenant(s, qy->tenant_id, err) != ERR_OK) {
        free(keys);
        return err->code;
    }
    struct params p = {0};
    param_i64(&p, qy->tenant_id);
    if (keys) {
        param_text(&p, keys);
    } else {
        param_i64(&p, qy->by ? qy->key : 0);
    }
    param_i64(&p, qy->after_id);
    if (qy->limit > 0) {
        param_i64(&p, qy->limit);
    } else {
        param_null(&p, OID_INT8); /* LIMIT NULL: all */
    }
    PGresult *res = run_op(s, ei, OP_LIST0 + li, q->lists[li].sql, &p, true, "list", err);
    free(keys);
    if (!res) {
        return err->code;
    }
    enum err_code rc = read_rows(res, e, a, out, err);
    PQclear(res);
    return rc;
}

/* ---------------------------------------------------------------------------------------------
 * Lookups */

static enum err_code pg_user_by_email(struct store *st, int64_t tenant_id, const char *email,
                                      struct user *out, struct arena *a, struct err *err)
{
    struct pg_store *s = impl(st);
    if (lock_tenant(s, tenant_id, err) != ERR_OK) {
        return err->code;
    }
    struct params p = {0};
    param_i64(&p, tenant_id);
    param_text(&p, email);
    PGresult *res = run_extra(s, X_USER_BY_EMAIL, &p, true, err);
    if (!res) {
        return err->code;
    }
    enum err_code rc;
    if (PQntuples(res) == 1) {
        rc = read_row(res, 0, &entity_user, out, a, err);
    } else {
        rc = err_set(err, ERR_NOT_FOUND, "email", "no user with email %s", email);
    }
    PQclear(res);
    return rc;
}

static enum err_code pg_users_by_email(struct store *st, int64_t tenant_id, const char *email,
                                       size_t max, struct arena *a, struct rows *out,
                                       struct err *err)
{
    struct pg_store *s = impl(st);
    out->items = NULL;
    out->n = 0;
    if (lock_tenant(s, tenant_id, err) != ERR_OK) {
        return err->code;
    }
    struct params p = {0};
    param_i64(&p, tenant_id);
    param_text(&p, email);
    param_i64(&p, max > INT64_MAX ? INT64_MAX : (int64_t)max);
    PGresult *res = run_extra(s, X_USERS_BY_EMAIL, &p, true, err);
    if (!res) {
        return err->code;
    }
    enum err_code rc = read_rows(res, &entity_user, a, out, err);
    PQclear(res);
    return rc;
}

/* A float8 column in binary form; NULL reads as 0 (an empty slot of a check-in summary). */
static bool col_f64(const PGresult *res, int row, int col, double *out)
{
    *out = 0;
    if (PQftype(res, col) != OID_FLOAT8) {
        return false;
    }
    if (PQgetisnull(res, row, col)) {
        return true;
    }
    if (PQgetlength(res, row, col) != 8) {
        return false;
    }
    uint64_t u = get_be64((const unsigned char *)PQgetvalue(res, row, col));
    memcpy(out, &u, sizeof *out);
    return true;
}

_Static_assert(COACH_HISTORY == 4, "checkin_summaries keeps 4 check-ins (migration 7)");

static enum err_code pg_checkin_summaries(struct store *st, int64_t tenant_id, int64_t cycle_id,
                                          struct arena *a, struct rows *out, struct err *err)
{
    struct pg_store *s = impl(st);
    out->items = NULL;
    out->n = 0;
    struct params p = {0};
    param_i64(&p, tenant_id);
    param_i64(&p, cycle_id);
    PGresult *res = run_extra(s, X_CHECKIN_SUMMARIES, &p, true, err);
    if (!res) {
        return err->code;
    }
    int n = PQntuples(res);
    struct checkin_summary *items = arena_alloc(a, ((size_t)n + 1) * sizeof *items);
    bool ok = PQnfields(res) == 2 + 3 * COACH_HISTORY;
    for (int r = 0; ok && r < n; r++) {
        struct checkin_summary *c = &items[r];
        int64_t known = 0;
        ok = col_i64(res, r, 0, &c->kr_id) && col_i64(res, r, 1, &known) && known >= 0 &&
             known <= COACH_HISTORY;
        c->act.nconf = ok ? (int)known : 0;
        for (int i = 0; ok && i < c->act.nconf; i++) {
            ok = col_i64(res, r, 2 + 3 * i, &c->act.at[i]) &&
                 col_f64(res, r, 3 + 3 * i, &c->act.confidence[i]) &&
                 col_f64(res, r, 4 + 3 * i, &c->act.value[i]);
        }
        c->act.last_checkin = c->act.at[0];
    }
    PQclear(res);
    if (!ok) {
        return bad_column(NULL, "checkin_summaries", err);
    }
    out->items = items;
    out->n = (size_t)n;
    return ERR_OK;
}

static enum err_code pg_kr_progress(struct store *st, struct key_result *kr, struct err *err)
{
    struct pg_store *s = impl(st);
    if (lock_tenant(s, kr->tenant_id, err) != ERR_OK) {
        return err->code;
    }
    struct params p = {0};
    param_i64(&p, kr->tenant_id);
    param_i64(&p, kr->id);
    param_f64(&p, kr->current);
    param_f64(&p, kr->confidence);
    param_i64(&p, kr->updated);
    param_i64(&p, kr->version);
    bool sp = write_begin(s);
    PGresult *res = run_extra(s, X_KR_PROGRESS, &p, true, err);
    write_end(s, sp, res != NULL);
    if (!res) {
        return err->code;
    }
    bool changed = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    if (!changed) {
        return not_updated(st, &entity_key_result, kr->tenant_id, kr->id, err);
    }
    kr->version++;
    return ERR_OK;
}

/* Two queries in the caller's transaction (a read transaction is one snapshot). */
/* The rows of a cycle for tree_read and coach_read: statements x[0] (objectives) and x[1]. */
static enum err_code cycle_rows(struct pg_store *s, const int x[2], int64_t tenant_id,
                                int64_t cycle_id, struct arena *a, struct rows *objs,
                                struct rows *krs, struct err *err)
{
    objs->items = krs->items = NULL;
    objs->n = krs->n = 0;
    const struct entity *e[2] = {&entity_objective, &entity_key_result};
    struct rows *out[2] = {objs, krs};
    for (int i = 0; i < 2; i++) {
        struct params p = {0};
        param_i64(&p, tenant_id);
        param_i64(&p, cycle_id);
        PGresult *res = run_extra(s, x[i], &p, true, err);
        if (!res) {
            return err->code;
        }
        enum err_code rc = read_rows(res, e[i], a, out[i], err);
        PQclear(res);
        if (rc != ERR_OK) {
            return rc;
        }
    }
    return ERR_OK;
}

static enum err_code pg_tree_read(struct store *st, int64_t tenant_id, int64_t cycle_id,
                                  struct arena *a, struct rows *objs, struct rows *krs,
                                  struct err *err)
{
    static const int x[2] = {X_TREE_OBJECTIVES, X_TREE_KEY_RESULTS};
    return cycle_rows(impl(st), x, tenant_id, cycle_id, a, objs, krs, err);
}

static enum err_code pg_coach_read(struct store *st, int64_t tenant_id, int64_t cycle_id,
                                   struct arena *a, struct rows *objs, struct rows *krs,
                                   struct err *err)
{
    static const int x[2] = {X_COACH_OBJECTIVES, X_COACH_KEY_RESULTS};
    return cycle_rows(impl(st), x, tenant_id, cycle_id, a, objs, krs, err);
}

static enum err_code pg_attempts_count(struct store *st, int64_t tenant_id, const char *key,
                                       int64_t since, int64_t *n, struct err *err)
{
    struct pg_store *s = impl(st);
    if (lock_tenant(s, tenant_id, err) != ERR_OK) {
        return err->code;
    }
    struct params p = {0};
    param_i64(&p, tenant_id);
    param_text(&p, key);
    param_i64(&p, since);
    PGresult *res = run_extra(s, X_ATTEMPTS_COUNT, &p, true, err);
    if (!res) {
        return err->code;
    }
    enum err_code rc = ERR_OK;
    if (PQntuples(res) != 1 || !col_i64(res, 0, 0, n)) {
        rc = bad_column(&entity_login_attempt, "count", err);
    }
    PQclear(res);
    return rc;
}

static enum err_code pg_attempts_forget(struct store *st, int64_t tenant_id, const char *key,
                                        int64_t before, struct err *err)
{
    struct pg_store *s = impl(st);
    if (lock_tenant(s, tenant_id, err) != ERR_OK) {
        return err->code;
    }
    struct params p = {0};
    param_i64(&p, tenant_id);
    param_text(&p, key);
    param_i64(&p, before);
    bool sp = write_begin(s);
    PGresult *res = run_extra(s, X_ATTEMPTS_FORGET, &p, true, err);
    write_end(s, sp, res != NULL);
    if (!res) {
        return err->code;
    }
    PQclear(res);
    return ERR_OK;
}

static enum err_code pg_backup(struct store *st, const char *path, struct err *err)
{
    (void)st;
    (void)path;
    return err_set(err, ERR_INVALID, "db",
                   "okr backup copies SQLite databases; for PostgreSQL use pg_dump "
                   "(docs/postgresql.md)");
}

static int pg_schema_version(struct store *st)
{
    struct pg_store *s = impl(st);
    struct params p = {0};
    struct err err;
    PGresult *res = run_extra(s, X_SCHEMA_GET, &p, true, &err);
    int64_t v = -1;
    if (res && (PQntuples(res) != 1 || !col_i64(res, 0, 0, &v))) {
        v = -1;
    }
    PQclear(res);
    return v < 0 || v > INT_MAX ? -1 : (int)v;
}

static void pg_close(struct store *st)
{
    struct pg_store *s = impl(st);
    if (s->conn) {
        pg_rollback(st);
        PQfinish(s->conn);
    }
    free(s);
}

static const struct store_ops pg_ops = {
    .driver = "postgresql",
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .insert = pg_insert,
    .update = pg_update,
    .get = pg_get,
    .remove = pg_remove,
    .list = pg_list,
    .user_by_email = pg_user_by_email,
    .users_by_email = pg_users_by_email,
    .checkin_summaries = pg_checkin_summaries,
    .kr_progress = pg_kr_progress,
    .tree_read = pg_tree_read,
    .coach_read = pg_coach_read,
    .attempts_count = pg_attempts_count,
    .attempts_forget = pg_attempts_forget,
    .backup = pg_backup,
    .schema_version = pg_schema_version,
    .close = pg_close,
};

/* ---------------------------------------------------------------------------------------------
 * Opening and migrating */

/* Server notices ("relation already exists, skipping") go to the log, not to stderr. */
static void on_notice(void *arg, const char *message)
{
    (void)arg;
    log_msg(LOG_DEBUG, "pg: %.*s", (int)strcspn(message, "\n"), message);
}

/* The schema version inside a migration transaction; -1 on failure. */
static int64_t read_version(struct pg_store *s)
{
    PGresult *res = PQexecParams(s->conn, pg_sql_schema_get, 0, NULL, NULL, NULL, NULL, 1);
    int64_t v = -1;
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 ||
        !col_i64(res, 0, 0, &v)) {
        v = -1;
    }
    PQclear(res);
    return v;
}

static bool set_version(struct pg_store *s, int64_t v)
{
    struct params p = {0};
    param_i64(&p, v);
    PGresult *res =
        PQexecParams(s->conn, pg_sql_schema_set, p.n, p.types, p.values, p.lengths, p.formats, 1);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok;
}

/* Applies the missing migrations, one transaction each, under a lock that serialises okr
 * processes migrating the same database at once. */
static enum err_code migrate(struct pg_store *s, struct err *err)
{
    for (;;) {
        if (!exec_simple(s, "BEGIN")) {
            return err_set(err, ERR_INTERNAL, "db", "cannot migrate the database");
        }
        if (!exec_simple(s, pg_sql_migrate_lock) || !exec_simple(s, pg_sql_schema_table) ||
            !exec_simple(s, pg_sql_schema_row)) {
            exec_simple(s, "ROLLBACK");
            return err_set(err, ERR_INTERNAL, "db", "cannot migrate the database");
        }
        int64_t have = read_version(s);
        if (have < 0) {
            exec_simple(s, "ROLLBACK");
            return err_set(err, ERR_INTERNAL, "db", "cannot read the schema version");
        }
        if (have > pg_migration_count) {
            exec_simple(s, "ROLLBACK");
            return err_set(err, ERR_INVALID, "db",
                           "the database was written by a newer okr (schema %lld, this okr "
                           "knows %d)",
                           (long long)have, pg_migration_count);
        }
        if (have == pg_migration_count) {
            return exec_simple(s, "COMMIT")
                       ? ERR_OK
                       : err_set(err, ERR_INTERNAL, "db", "cannot migrate the database");
        }
        /* A migration is a script of several statements: the simple query protocol runs them
         * all, inside this transaction. */
        if (!exec_simple(s, pg_migrations[have]) || !set_version(s, have + 1) ||
            !exec_simple(s, "COMMIT")) {
            exec_simple(s, "ROLLBACK");
            return err_set(err, ERR_INTERNAL, "db", "migration %lld failed (see the log)",
                           (long long)have + 1);
        }
        log_msg(LOG_INFO, "pg: migrated the schema to version %lld", (long long)have + 1);
    }
}

enum err_code pg_store_open(const char *url, struct store **out, struct err *err)
{
    struct pg_store *s = xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    s->base.ops = &pg_ops;
    /* Settings before dbname are defaults that the URL may override: a connect timeout, a name in
     * pg_stat_activity, and a lock timeout so that a request waiting behind a stuck transaction
     * of its tenant gives up with ERR_CONFLICT ("try again") rather than hang. Nothing overrides
     * the encoding, which the driver relies on. */
    static const char *const keys[] = {"connect_timeout", "application_name", "options",
                                       "dbname", "client_encoding", NULL};
    const char *const values[] = {"10", "okr", "-c lock_timeout=10s", url, "UTF8", NULL};
    s->conn = PQconnectdbParams(keys, values, 1);
    if (!s->conn) {
        oom_abort();
    }
    if (PQstatus(s->conn) != CONNECTION_OK) {
        /* libpq's message names host, port and user, never the password. */
        log_msg(LOG_ERROR, "pg: cannot connect: %.*s", (int)strcspn(PQerrorMessage(s->conn), "\n"),
                PQerrorMessage(s->conn));
        pg_close(&s->base);
        return err_set(err, ERR_INVALID, "db", "cannot connect to the PostgreSQL database");
    }
    PQsetNoticeProcessor(s->conn, on_notice, NULL);
    if (PQserverVersion(s->conn) < 120000) {
        pg_close(&s->base);
        return err_set(err, ERR_INVALID, "db", "okr needs PostgreSQL 12 or later");
    }
    if (migrate(s, err) != ERR_OK) {
        pg_close(&s->base);
        return err->code;
    }
    *out = &s->base;
    return ERR_OK;
}
