/* The alignment tree's read for SQLite (store.h: tree_read), and the coach's (coach_read: the
 * same rows with a few more columns). A whole cycle of a large company is over a million rows,
 * so:
 * - only the columns the tree uses, decoded straight into the records by SQL functions called
 *   for each of the cycle's rows (no result rows, no per-field dispatch, texts into the arena,
 *   arrays grown by doubling);
 * - each table read by primary key range when the cycle's ids are dense between its least and
 *   greatest id (a quarter's key results interleave with the last quarter's: the range keeps
 *   half the rows it steps over yet costs about a third of a lookup through the cycle index per
 *   row), else through the cycle index;
 * - when the tree is large, the lower key results read on a second connection, in a thread,
 *   while this one reads the objectives and the rest. The second connection must see the same
 *   snapshot: it is opened before the caller's transaction first reads and reads PRAGMA
 *   data_version then, and again once its own read transaction has begun; equal values mean
 *   nothing was committed in between, so both snapshots are the same. Else this connection
 *   reads everything. The driver keeps the second connection (struct sqlite_helper) until the
 *   caller's transaction ends, so that each large read of that transaction can use it (the
 *   coach reads two cycles and the check-in summaries). bench/HISTORY.md has the figures. */
#include "sqlite_tree.h"

#include "core/log.h"
#include "core/timefmt.h"
#include "sqlite_sql.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

size_t sqlite_tree_parallel_min = 200000;
double sqlite_tree_split_share;
enum sqlite_tree_plan sqlite_tree_plan = SQLITE_TREE_AUTO;
void (*sqlite_tree_test_between)(void);

/* TREE_BOUNDS (sqlite_sql.c) samples 16 windows of 256 ids; spans below RANGE_MIN_SPAN are
 * read through the index (the windows would overlap, and a small read costs little either way).
 * A range scan pays when at least a third of the ids in the span are the cycle's. */
enum { WINDOW_IDS = 16 * 256, RANGE_MIN_SPAN = 65536, RANGE_MIN_SHARE = 3, ROW_BYTES_MIN = 100 };

static const char no_text[] = "";

/* The cycle's rows in one table: ids lo..hi, about `rows` of them. */
struct span {
    bool any, by_range;
    int64_t lo, hi;
    double rows;
};

/* Records gathered in id order, malloc'd. */
struct list {
    void *items;
    size_t n, cap;
};

/* One connection's part of the read: the key results with ids lo..hi, and its statements. */
struct part {
    sqlite3 *db;
    int64_t tenant_id, cycle_id;
    bool coach; /* the coach's columns too (COACH_*_FIELDS) */
    struct arena *texts;
    unsigned long queries;
    struct err err;
    bool by_range;
    int64_t lo, hi;
    /* The enums read, and the lists of struct objective and struct key_result. */
    struct {
        const struct field *kind, *visibility, *state, *type, *direction;
    } fields;
    struct list objs, krs;
};

static enum err_code fail(sqlite3 *db, int rc, const char *what, struct err *err)
{
    rc &= 0xff;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        return err_set(err, ERR_CONFLICT, NULL, "the database is busy; try again");
    }
    log_msg(LOG_ERROR, "sqlite: tree %s: %s", what, sqlite3_errmsg(db));
    return err_set(err, ERR_INTERNAL, NULL, "database error");
}

static sqlite3_stmt *prepare(struct part *p, const char *sql)
{
    sqlite3_stmt *st = NULL;
    p->queries++;
    int rc = sqlite3_prepare_v2(p->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        fail(p->db, rc, "prepare", &p->err);
        sqlite3_finalize(st);
        return NULL;
    }
    sqlite3_bind_int64(st, 1, p->tenant_id);
    sqlite3_bind_int64(st, 2, p->cycle_id);
    return st;
}

static enum err_code finish(struct part *p, sqlite3_stmt *st, int rc, const char *what)
{
    sqlite3_finalize(st);
    if (p->err.code != ERR_OK) {
        return p->err.code;
    }
    return rc == SQLITE_DONE ? ERR_OK : fail(p->db, rc, what, &p->err);
}

static enum err_code bounds(struct part *p, const struct sqlite_tree_sql *sql, struct span *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = prepare(p, sql->bounds);
    if (!st) {
        return p->err.code;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        rc = SQLITE_DONE;
        if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
            out->any = true;
            out->lo = sqlite3_column_int64(st, 0);
            out->hi = sqlite3_column_int64(st, 1);
            double span = (double)out->hi - (double)out->lo + 1.0;
            int64_t kept = sqlite3_column_int64(st, 2);
            out->by_range = span >= RANGE_MIN_SPAN && kept * RANGE_MIN_SHARE >= WINDOW_IDS;
            if (sqlite_tree_plan != SQLITE_TREE_AUTO) {
                out->by_range = sqlite_tree_plan == SQLITE_TREE_BY_RANGE;
            }
            out->rows = span >= RANGE_MIN_SPAN ? span * (double)kept / WINDOW_IDS : span;
        }
    }
    return finish(p, st, rc, "bounds");
}

/* The rows are not stepped through one by one. okr_objective and okr_key_result, called in the
 * WHERE clause for each of the cycle's rows (sqlite_sql.c), decode the row's values straight
 * into the part's list and answer 0: SQLite builds no result row, and sqlite3_step runs once
 * for the whole scan (bench/HISTORY.md). The plans are forced (the primary key, or the cycle
 * index by id) and checked by tests/unit/test_sqlite_plans.c, so the rows come in id order. */

/* Texts are read as blobs: the same bytes, but value_text would first copy each value to add
 * its terminating zero (a STRICT TEXT column holds UTF-8 text only). */
static const char *text_val(sqlite3_value *v, struct arena *a)
{
    const char *t = sqlite3_value_blob(v);
    int n = sqlite3_value_bytes(v);
    return t && n > 0 ? arena_strndup(a, t, (size_t)n) : no_text;
}

/* A real value; NULL (unset) is NaN. */
static double real_val(sqlite3_value *v)
{
    return sqlite3_value_type(v) == SQLITE_NULL ? NAN : sqlite3_value_double(v);
}

/* The enum value of a text, or -1 (logged) when it is not one of f's names. */
static int enum_val(sqlite3_value *v, const struct field *f)
{
    const char *t = sqlite3_value_blob(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    for (int i = 0; t && f->enum_names[i]; i++) {
        if (strlen(f->enum_names[i]) == n && memcmp(f->enum_names[i], t, n) == 0) {
            return i;
        }
    }
    log_msg(LOG_ERROR, "sqlite: bad %s value", f->name);
    return -1;
}

static void *grow(void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap) {
        return items;
    }
    *cap = *cap ? *cap * 2 : 1024;
    return xrealloc(items, *cap * size);
}

/* Room for one more record of size in l. */
static void *list_add(struct list *l, size_t size)
{
    l->items = grow(l->items, l->n, &l->cap, size);
    return (char *)l->items + l->n++ * size;
}

/* The part a gathering function was given as ?5 (sqlite_sql.c), when its arguments are those of
 * the part's columns (tree or coach); else NULL, the statement failed. The cycle's test comes
 * before the function in the WHERE clause, and SQLite tests the terms in that order (the tests
 * of store_tree_read, two cycles interleaved, would see another cycle's rows). */
static struct part *gathering(sqlite3_context *ctx, int argc, sqlite3_value **v, int tree_columns,
                              int coach_columns)
{
    struct part *p = argc > 0 ? sqlite3_value_pointer(v[0], "okr_part") : NULL;
    sqlite3_result_int(ctx, 0);
    if (!p || argc != 1 + (p->coach ? coach_columns : tree_columns)) {
        sqlite3_result_error(ctx, "okr: a gathering function with the wrong arguments", -1);
        return NULL;
    }
    return p;
}

/* okr_objective(part, TREE_OBJECTIVE_COLUMNS or COACH_OBJECTIVE_COLUMNS): 0. */
static void okr_objective(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct part *p = gathering(ctx, argc, argv, 10, 15);
    if (!p) {
        return;
    }
    sqlite3_value **v = argv + 1;
    struct objective *o = list_add(&p->objs, sizeof *o);
    *o = (struct objective){
        .tenant_id = p->tenant_id,
        .id = sqlite3_value_int64(v[0]),
        .cycle_id = p->cycle_id,
        .owner_user_id = sqlite3_value_int64(v[1]),
        .owner_team_id = sqlite3_value_int64(v[2]),
        .title = text_val(v[3], p->texts),
        .description = no_text,
        .kind = enum_val(v[4], p->fields.kind),
        .visibility = enum_val(v[5], p->fields.visibility),
        .theme_id = sqlite3_value_int64(v[6]),
        .parent_objective_id = sqlite3_value_int64(v[7]),
        .parent_kr_id = sqlite3_value_int64(v[8]),
        .state = enum_val(v[9], p->fields.state),
        .self_score = NAN,
        .manager_score = NAN,
        .final_score = NAN,
        .reflection = no_text,
        .postmortem = no_text,
        .weight = NAN,
    };
    if (p->coach) {
        o->kpi_id = sqlite3_value_int64(v[10]);
        o->self_score = real_val(v[11]);
        o->manager_score = real_val(v[12]);
        o->final_score = real_val(v[13]);
        o->postmortem = text_val(v[14], p->texts);
    }
    if (o->kind < 0 || o->visibility < 0 || o->state < 0) {
        err_set(&p->err, ERR_INTERNAL, NULL, "database error");
        sqlite3_result_error(ctx, "okr: a bad objective", -1);
    }
}

/* okr_key_result(part, TREE_KEY_RESULT_COLUMNS or COACH_KEY_RESULT_COLUMNS): 0. */
static void okr_key_result(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct part *p = gathering(ctx, argc, argv, 12, 14);
    if (!p) {
        return;
    }
    sqlite3_value **v = argv + 1;
    struct key_result *k = list_add(&p->krs, sizeof *k);
    *k = (struct key_result){
        .tenant_id = p->tenant_id,
        .id = sqlite3_value_int64(v[0]),
        .objective_id = sqlite3_value_int64(v[1]),
        .owner_user_id = sqlite3_value_int64(v[2]),
        .title = text_val(v[3], p->texts),
        .type = enum_val(v[4], p->fields.type),
        .direction = enum_val(v[5], p->fields.direction),
        .start = sqlite3_value_double(v[6]),
        .target = sqlite3_value_double(v[7]),
        .current = sqlite3_value_double(v[8]),
        .unit = text_val(v[9], p->texts),
        .weight = real_val(v[10]),
        .confidence = sqlite3_value_double(v[11]),
        .due = DATE_NONE,
    };
    if (p->coach) {
        k->due = sqlite3_value_type(v[12]) == SQLITE_NULL ? DATE_NONE : sqlite3_value_int64(v[12]);
        k->created = sqlite3_value_int64(v[13]);
    }
    if (k->type < 0 || k->direction < 0) {
        err_set(&p->err, ERR_INTERNAL, NULL, "database error");
        sqlite3_result_error(ctx, "okr: a bad key result", -1);
    }
}

/* Runs one of sql's reads of the rows lo..hi into p's lists. */
static enum err_code gather(struct part *p, const struct sqlite_tree_sql *sql, bool by_range,
                            int64_t lo, int64_t hi, const char *what)
{
    sqlite3_stmt *st = prepare(p, by_range ? sql->by_range : sql->by_index);
    if (!st) {
        return p->err.code;
    }
    sqlite3_bind_int64(st, 3, lo);
    sqlite3_bind_int64(st, 4, hi);
    sqlite3_bind_pointer(st, 5, p, "okr_part", NULL);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    return finish(p, st, rc, what);
}

static enum err_code read_objectives(struct part *p, const struct span *sp)
{
    if (!sp->any) {
        return ERR_OK;
    }
    return gather(p, p->coach ? &sqlite_coach_objectives : &sqlite_tree_objectives, sp->by_range,
                  sp->lo, sp->hi, "objectives");
}

static enum err_code read_key_results(struct part *p)
{
    return gather(p, p->coach ? &sqlite_coach_key_results : &sqlite_tree_key_results, p->by_range,
                  p->lo, p->hi, "key results");
}

static void *read_key_results_thread(void *arg)
{
    read_key_results(arg);
    return NULL;
}

/* PRAGMA data_version of db, or -1. Not counted as a query: housekeeping, like BEGIN. */
static int64_t data_version(sqlite3 *db)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return v;
}

/* A second connection to db's file, opened before db's first read with its data version in
 * *version; NULL when db has read already in this transaction, or is not a file. */
static sqlite3 *open_second(sqlite3 *db, int64_t *version)
{
    const char *path = sqlite3_db_filename(db, "main");
    struct stat file;
    /* Opening it costs about a millisecond: not for a file too small to hold a large tree
     * (every row takes more than ROW_BYTES_MIN), such as a small company's tree a server
     * draws on every request. */
    if (!path || !*path || sqlite3_txn_state(db, "main") != SQLITE_TXN_NONE ||
        stat(path, &file) != 0 ||
        (uint64_t)file.st_size < (uint64_t)sqlite_tree_parallel_min * ROW_BYTES_MIN) {
        return NULL;
    }
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        (*version = data_version(h)) < 0) {
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_busy_timeout(h, 5000);
    if (sqlite_tree_functions(h) != SQLITE_OK) {
        sqlite3_close(h);
        return NULL;
    }
    return h;
}

/* Begins h's read transaction; true when its snapshot is the one db read from (see the top). */
static bool helper_same_snapshot(sqlite3 *h, int64_t version)
{
    if (sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        return false;
    }
    if (data_version(h) == version) {
        return true;
    }
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    return false;
}

/* Opens h for db when db's transaction has not read yet (and h is not open). */
static void helper_open(struct sqlite_helper *h, sqlite3 *db)
{
    if (!h->db && !h->state) {
        h->db = open_second(db, &h->version);
        h->state = h->db ? 0 : -1;
    }
}

/* True when h shares the snapshot of the connection it was opened for: checked once, at its
 * first use (the test hook runs just before). A helper that does not is closed. */
static bool helper_ready(struct sqlite_helper *h)
{
    if (h->db && !h->state) {
        if (sqlite_tree_test_between) {
            sqlite_tree_test_between();
        }
        h->state = helper_same_snapshot(h->db, h->version) ? 1 : -1;
        if (h->state < 0) {
            sqlite_helper_close(h);
            h->state = -1;
        }
    }
    return h->db && h->state > 0;
}

void sqlite_helper_close(struct sqlite_helper *h)
{
    if (h->db) {
        if (!sqlite3_get_autocommit(h->db)) {
            sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
        }
        sqlite3_close(h->db);
    }
    memset(h, 0, sizeof *h);
}

/* Where this connection's key results start, the second's coming before: the two then take
 * about as long, an objective costing about 1.2 times a key result (measured; its rows are
 * wider). */
static int64_t split_at(const struct span *objs, const struct span *krs)
{
    /* At least a half; all of them (but the last id, this connection's) when the objectives
     * alone outweigh the key results. */
    double share = krs->rows > 0 ? (krs->rows + 1.2 * objs->rows) / (2.0 * krs->rows) : 1.0;
    share = sqlite_tree_split_share > 0.0 ? sqlite_tree_split_share : share;
    double span = (double)krs->hi - (double)krs->lo + 1.0;
    return share >= 1.0 ? krs->hi : krs->lo + (int64_t)(span * share);
}

/* Reads everything on p's connection but, when h is ready and the tree is large, the key results
 * up to an id, which a thread reads on h at the same time; p's follow them (appended to the
 * thread's list, the smaller part copied: both stay in id order). Texts in a. */
static enum err_code read_all(struct part *p, struct sqlite_helper *h, struct arena *a)
{
    struct span os, ks;
    if (bounds(p, &sqlite_tree_objectives, &os) != ERR_OK || /* the coach's are the same */
        bounds(p, &sqlite_tree_key_results, &ks) != ERR_OK) {
        return p->err.code;
    }
    p->by_range = ks.by_range;
    p->lo = ks.lo;
    p->hi = ks.hi;
    struct arena texts;
    arena_init(&texts, 0);
    struct part q = {.db = h->db,
                     .tenant_id = p->tenant_id,
                     .cycle_id = p->cycle_id,
                     .coach = p->coach,
                     .texts = &texts,
                     .by_range = ks.by_range,
                     .lo = ks.lo,
                     .fields = p->fields};
    pthread_t thread;
    bool two =
        h->db && ks.any && os.rows + ks.rows >= (double)sqlite_tree_parallel_min && helper_ready(h);
    if (two) {
        q.db = h->db;
        p->lo = split_at(&os, &ks);
        q.hi = p->lo - 1;
        two = pthread_create(&thread, NULL, read_key_results_thread, &q) == 0;
        if (!two) {
            p->lo = ks.lo;
        }
    }
    enum err_code ec = read_objectives(p, &os);
    if (ec == ERR_OK && ks.any) {
        ec = read_key_results(p);
    }
    if (two) {
        pthread_join(thread, NULL);
        p->queries += q.queries;
        if (ec == ERR_OK && q.err.code != ERR_OK) {
            p->err = q.err;
            ec = q.err.code;
        }
        struct list *mine = &p->krs, *its = &q.krs;
        if (ec == ERR_OK && its->n) {
            if (mine->n) {
                size_t size = sizeof(struct key_result);
                its->items = xrealloc(its->items, (its->n + mine->n) * size);
                memcpy((char *)its->items + its->n * size, mine->items, mine->n * size);
                its->n += mine->n;
            }
            free(mine->items);
            *mine = *its;
        } else {
            free(its->items);
        }
    }
    arena_take(a, &texts);
    return ec;
}

/* An arena copy of the list of records of size (its malloc'd items now the arena's). */
static void *adopt(struct arena *a, struct list *l, size_t size)
{
    return l->n ? arena_adopt(a, l->items) : arena_alloc(a, size);
}

enum err_code sqlite_tree_read(sqlite3 *db, struct sqlite_helper *helper, int64_t tenant_id,
                               int64_t cycle_id, bool coach, struct arena *a, struct rows *objs,
                               struct rows *krs, unsigned long *queries, struct err *err)
{
    struct part p = {.db = db,
                     .tenant_id = tenant_id,
                     .cycle_id = cycle_id,
                     .coach = coach,
                     .texts = a,
                     .fields = {meta_field(&entity_objective, "kind"),
                                meta_field(&entity_objective, "visibility"),
                                meta_field(&entity_objective, "state"),
                                meta_field(&entity_key_result, "type"),
                                meta_field(&entity_key_result, "direction")}};
    err_clear(&p.err);
    objs->items = krs->items = NULL;
    objs->n = krs->n = 0;
    /* Outside a transaction: one of its own, so that the reads share a snapshot. */
    bool own = sqlite3_get_autocommit(db);
    int rc = own ? sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) : SQLITE_OK;
    if (rc != SQLITE_OK) {
        return fail(db, rc, "begin", err);
    }
    /* A transaction of its own has a helper of its own; the caller's keeps it to its end. */
    struct sqlite_helper mine = {0}, *h = own ? &mine : helper;
    helper_open(h, db);
    enum err_code ec = read_all(&p, h, a);
    if (own) {
        sqlite_helper_close(&mine);
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL); /* read only: nothing to lose */
    }
    *queries += p.queries;
    if (ec != ERR_OK) {
        free(p.objs.items);
        free(p.krs.items);
        *err = p.err;
        return ec;
    }
    objs->items = adopt(a, &p.objs, sizeof(struct objective));
    objs->n = p.objs.n;
    krs->items = adopt(a, &p.krs, sizeof(struct key_result));
    krs->n = p.krs.n;
    return ERR_OK;
}

/* ---- The check-in summaries (store.h: checkin_summaries) ---- */

_Static_assert(COACH_HISTORY == 4, "checkin_summaries keeps 4 check-ins (migration 7)");

/* The cycle's key results with ids lo..hi, as bits from lo on: okr_kept's second argument. */
struct kept {
    int64_t lo, hi;
    unsigned char *bits; /* malloc'd */
};

/* okr_kept(id, kept): 1 when id is one of kept's. */
static void okr_kept(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const struct kept *k = sqlite3_value_pointer(argv[1], "okr_kept");
    int64_t id = sqlite3_value_int64(argv[0]);
    bool in = k && id >= k->lo && id <= k->hi;
    uint64_t at = in ? (uint64_t)(id - k->lo) : 0;
    sqlite3_result_int(ctx, in && (k->bits[at >> 3] >> (at & 7)) & 1);
}

/* One connection's part: the summaries of the cycle's key results with ids lo..hi. */
struct sums {
    sqlite3 *db;
    int64_t tenant_id, cycle_id, lo, hi;
    unsigned long queries;
    struct err err;
    struct list list; /* of struct checkin_summary */
};

/* okr_summary(sums, SUMMARY_COLUMNS): 0, the summary gathered into the part's list as the rows
 * of the tree's reads are. */
static void okr_summary(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct sums *p = argc > 0 ? sqlite3_value_pointer(argv[0], "okr_sums") : NULL;
    sqlite3_result_int(ctx, 0);
    if (!p || argc != 3 + 3 * COACH_HISTORY) { /* the list, kr_id, n, the slots */
        sqlite3_result_error(ctx, "okr: okr_summary with the wrong arguments", -1);
        return;
    }
    sqlite3_value **v = argv + 1;
    struct checkin_summary *c = list_add(&p->list, sizeof *c);
    memset(c, 0, sizeof *c);
    c->kr_id = sqlite3_value_int64(v[0]);
    int64_t known = sqlite3_value_int64(v[1]);
    c->act.nconf = known < 0 ? 0 : known > COACH_HISTORY ? COACH_HISTORY : (int)known;
    for (int i = 0; i < c->act.nconf; i++) { /* empty slots (NULL) are never read */
        c->act.at[i] = sqlite3_value_int64(v[2 + 3 * i]);
        c->act.confidence[i] = sqlite3_value_double(v[3 + 3 * i]);
        c->act.value[i] = sqlite3_value_double(v[4 + 3 * i]);
    }
    c->act.last_checkin = c->act.at[0];
}

static sqlite3_stmt *sums_prepare(struct sums *p, const char *sql)
{
    sqlite3_stmt *st = NULL;
    p->queries++;
    int rc = sqlite3_prepare_v2(p->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        fail(p->db, rc, "prepare", &p->err);
        return NULL;
    }
    sqlite3_bind_int64(st, 1, p->tenant_id);
    sqlite3_bind_int64(st, 2, p->cycle_id);
    sqlite3_bind_int64(st, 3, p->lo);
    sqlite3_bind_int64(st, 4, p->hi);
    return st;
}

/* Fills k with the cycle's key results of p (through the cycle index, in id order) when they
 * are at least a third of the ids from p->lo to p->hi (or a test says so); else leaves it
 * empty. */
static enum err_code kept_ids(struct sums *p, struct kept *k)
{
    if (sqlite_tree_plan == SQLITE_TREE_BY_INDEX) {
        return ERR_OK;
    }
    sqlite3_stmt *st = sums_prepare(p, sqlite_cycle_kr_ids);
    if (!st) {
        return p->err.code;
    }
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ids = grow(ids, n, &cap, sizeof *ids);
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    double span = (double)p->hi - (double)p->lo + 1.0;
    bool dense = (double)n * RANGE_MIN_SHARE >= span || sqlite_tree_plan == SQLITE_TREE_BY_RANGE;
    if (rc == SQLITE_DONE && n && dense) {
        size_t bytes = (size_t)(p->hi - p->lo) / 8 + 1;
        k->lo = p->lo;
        k->hi = p->hi;
        k->bits = memset(xmalloc(bytes), 0, bytes);
        for (size_t i = 0; i < n; i++) {
            uint64_t at = (uint64_t)(ids[i] - p->lo);
            k->bits[at >> 3] |= (unsigned char)(1u << (at & 7));
        }
    }
    free(ids);
    return rc == SQLITE_DONE ? ERR_OK : fail(p->db, rc, "key result ids", &p->err);
}

/* Reads p's summaries: by primary key range, stepping over the other cycles' key results, when
 * the cycle's are dense there (a quarter's key results interleave with the last quarter's: half
 * the rows are kept, at less than half the cost of a seek each), else a seek each. */
static enum err_code read_sums(struct sums *p)
{
    struct kept kept = {0};
    if (kept_ids(p, &kept) != ERR_OK) {
        return p->err.code;
    }
    bool by_range = kept.bits != NULL;
    sqlite3_stmt *st =
        sums_prepare(p, by_range ? sqlite_checkin_summaries_by_range : sqlite_checkin_summaries);
    if (!st) {
        free(kept.bits);
        return p->err.code;
    }
    if (by_range) {
        sqlite3_bind_pointer(st, 5, &kept, "okr_kept", NULL);
    }
    sqlite3_bind_pointer(st, 6, p, "okr_sums", NULL);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    sqlite3_finalize(st);
    free(kept.bits);
    return rc == SQLITE_DONE ? ERR_OK : fail(p->db, rc, "check-in summaries", &p->err);
}

static void *read_sums_thread(void *arg)
{
    read_sums(arg);
    return NULL;
}

/* The least and greatest id of the cycle's key results into p->lo, p->hi; *any false when
 * none. */
static enum err_code sums_bounds(struct sums *p, bool *any)
{
    *any = false;
    sqlite3_stmt *st = sums_prepare(p, sqlite_checkin_summaries_bounds);
    if (!st) {
        return p->err.code;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        rc = SQLITE_DONE;
        if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
            *any = true;
            p->lo = sqlite3_column_int64(st, 0);
            p->hi = sqlite3_column_int64(st, 1);
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? ERR_OK : fail(p->db, rc, "bounds", &p->err);
}

enum err_code sqlite_summaries_read(sqlite3 *db, struct sqlite_helper *helper, int64_t tenant_id,
                                    int64_t cycle_id, struct arena *a, struct rows *out,
                                    unsigned long *queries, struct err *err)
{
    out->items = NULL;
    out->n = 0;
    struct sums p = {.db = db, .tenant_id = tenant_id, .cycle_id = cycle_id};
    err_clear(&p.err);
    /* Outside a transaction: one of its own, so that the bounds, the ids and the summaries
     * share a snapshot. */
    if (sqlite3_get_autocommit(db)) {
        int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            return fail(db, rc, "begin", err);
        }
        enum err_code ec =
            sqlite_summaries_read(db, NULL, tenant_id, cycle_id, a, out, queries, err);
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL); /* read only: nothing to lose */
        return ec;
    }
    bool any = false;
    enum err_code ec = sums_bounds(&p, &any);
    if (ec != ERR_OK || !any) {
        *queries += p.queries;
        if (ec != ERR_OK) {
            *err = p.err;
            return ec;
        }
        out->items = arena_alloc(a, sizeof(struct checkin_summary));
        return ERR_OK;
    }
    struct sums q = p;
    q.queries = 0;
    /* In the caller's transaction, a large cycle's upper half of key results on the helper. */
    bool two = helper && helper->db &&
               (double)p.hi - (double)p.lo + 1.0 >= (double)sqlite_tree_parallel_min &&
               helper_ready(helper);
    pthread_t thread;
    if (two) {
        q.db = helper->db;
        q.lo = p.lo + (p.hi - p.lo) / 2 + 1;
        q.hi = p.hi;
        p.hi = q.lo - 1;
        two = pthread_create(&thread, NULL, read_sums_thread, &q) == 0;
        if (!two) {
            p.hi = q.hi;
        }
    }
    ec = read_sums(&p);
    if (two) {
        pthread_join(thread, NULL);
        p.queries += q.queries;
        if (ec == ERR_OK && q.err.code != ERR_OK) {
            p.err = q.err;
            ec = q.err.code;
        }
        size_t size = sizeof(struct checkin_summary);
        if (ec == ERR_OK && q.list.n) {
            p.list.items = xrealloc(p.list.items, (p.list.n + q.list.n) * size);
            memcpy((char *)p.list.items + p.list.n * size, q.list.items, q.list.n * size);
            p.list.n += q.list.n;
        }
        free(q.list.items);
    }
    *queries += p.queries;
    if (ec != ERR_OK) {
        free(p.list.items);
        *err = p.err;
        return ec;
    }
    out->items = adopt(a, &p.list, sizeof(struct checkin_summary));
    out->n = p.list.n;
    return ERR_OK;
}

int sqlite_tree_functions(sqlite3 *db)
{
    int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
    int rc = sqlite3_create_function_v2(db, "okr_kept", 2, flags, NULL, okr_kept, NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_create_function_v2(db, "okr_objective", -1, flags, NULL, okr_objective, NULL,
                                        NULL, NULL);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_create_function_v2(db, "okr_key_result", -1, flags, NULL, okr_key_result, NULL,
                                        NULL, NULL);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_create_function_v2(db, "okr_summary", -1, flags, NULL, okr_summary, NULL, NULL,
                                        NULL);
    }
    return rc;
}
