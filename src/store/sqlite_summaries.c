/* Check-in summaries in a trusted bulk write (sqlite_summaries.h). The rebuild is the
 * migration's SUMMARY_OF in C: the window function over 24 million check-ins takes about a
 * minute of CPU; a walk of the covering index in key result order takes a few seconds. */
#include "sqlite_summaries.h"

#include "core/log.h"
#include "sqlite_sql.h"

#include <stdbool.h>

enum { SLOTS = 4 }; /* COACH_HISTORY, as the table has it */

static enum err_code fail(sqlite3 *db, const char *what, struct err *err)
{
    log_msg(LOG_ERROR, "sqlite: summaries %s: %s", what, sqlite3_errmsg(db));
    return err_set(err, ERR_INTERNAL, NULL, "database error");
}

enum err_code sqlite_summaries_defer(sqlite3 *db, struct err *err)
{
    if (sqlite3_exec(db, "DROP TRIGGER checkins_summary_insert", NULL, NULL, NULL) != SQLITE_OK) {
        return fail(db, "defer", err);
    }
    return ERR_OK;
}

enum err_code sqlite_summaries_resume(sqlite3 *db, struct err *err)
{
    if (sqlite3_exec(db, sqlite_summary_insert_trigger, NULL, NULL, NULL) != SQLITE_OK) {
        return fail(db, "resume", err);
    }
    return ERR_OK;
}

/* One key result's row so far: its latest SLOTS check-ins. */
struct row {
    int64_t kr_id;
    int n;
    int64_t at[SLOTS], id[SLOTS];
    double confidence[SLOTS], value[SLOTS];
};

static bool put_row(sqlite3_stmt *ins, int64_t tenant_id, const struct row *r)
{
    sqlite3_reset(ins);
    sqlite3_clear_bindings(ins); /* empty slots stay NULL */
    sqlite3_bind_int64(ins, 1, tenant_id);
    sqlite3_bind_int64(ins, 2, r->kr_id);
    sqlite3_bind_int(ins, 3, r->n);
    for (int i = 0; i < r->n; i++) {
        sqlite3_bind_int64(ins, 4 + 4 * i, r->at[i]);
        sqlite3_bind_int64(ins, 5 + 4 * i, r->id[i]);
        sqlite3_bind_double(ins, 6 + 4 * i, r->confidence[i]);
        sqlite3_bind_double(ins, 7 + 4 * i, r->value[i]);
    }
    return sqlite3_step(ins) == SQLITE_DONE;
}

enum err_code sqlite_summaries_rebuild(sqlite3 *db, int64_t tenant_id, struct err *err)
{
    /* Through (tenant_id, kr_id, at, ...) in key result order, so that the summaries are
     * appended in key order and their pages come out full (SQLite sorts each key result's few
     * check-ins latest first, ties by id, as the trigger orders them). */
    static const char walk_sql[] =
        "SELECT kr_id, at, id, confidence, value FROM checkins INDEXED BY checkins_kr_at WHERE "
        "tenant_id = ?1 AND kr_id IS NOT NULL ORDER BY kr_id, at DESC, id DESC";
    static const char insert_sql[] =
        "INSERT INTO checkin_summaries VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
        "?13, ?14, ?15, ?16, ?17, ?18, ?19)";
    sqlite3_stmt *del = NULL, *walk = NULL, *ins = NULL;
    bool ok = sqlite3_prepare_v2(db, "DELETE FROM checkin_summaries WHERE tenant_id = ?1", -1, &del,
                                 NULL) == SQLITE_OK &&
              sqlite3_prepare_v2(db, walk_sql, -1, &walk, NULL) == SQLITE_OK &&
              sqlite3_prepare_v2(db, insert_sql, -1, &ins, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_int64(del, 1, tenant_id);
        sqlite3_bind_int64(walk, 1, tenant_id);
        ok = sqlite3_step(del) == SQLITE_DONE;
    }
    struct row r = {.kr_id = 0};
    int rc = SQLITE_ROW;
    while (ok && (rc = sqlite3_step(walk)) == SQLITE_ROW) {
        int64_t kr_id = sqlite3_column_int64(walk, 0);
        if (kr_id != r.kr_id) {
            ok = r.n == 0 || put_row(ins, tenant_id, &r);
            r = (struct row){.kr_id = kr_id};
        }
        if (r.n < SLOTS) {
            r.at[r.n] = sqlite3_column_int64(walk, 1);
            r.id[r.n] = sqlite3_column_int64(walk, 2);
            r.confidence[r.n] = sqlite3_column_double(walk, 3);
            r.value[r.n] = sqlite3_column_double(walk, 4);
            r.n++;
        }
    }
    ok = ok && rc == SQLITE_DONE && (r.n == 0 || put_row(ins, tenant_id, &r));
    enum err_code ec = ok ? ERR_OK : fail(db, "rebuild", err);
    sqlite3_finalize(del);
    sqlite3_finalize(walk);
    sqlite3_finalize(ins);
    return ec;
}
