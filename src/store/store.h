/* The store: a repository interface at the level of the domain's records, implemented by one
 * driver per database (sqlite.c, and later pg.c). Records are described by entity descriptors
 * (domain/meta.h), so the interface is a handful of generic operations plus the few lookups that
 * are not by id. Every operation is scoped by tenant. Drivers own their SQL; nothing else does.
 *
 * Ownership: records read from the store live in the caller's arena. Errors never carry SQL text;
 * the driver logs details and returns ERR_INTERNAL. */
#ifndef OKR_STORE_H
#define OKR_STORE_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/coach.h"
#include "domain/meta.h"
#include "domain/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A list query: every record of one entity in a tenant, optionally where one reference field
 * equals key (the driver supports the indexed ones), in id order after a cursor. With keys, the
 * field equals any of those nkeys values (1 to STORE_KEYS_MAX) instead: one query for a set,
 * e.g. the objectives of a team's members (the drivers support a few fields, see "[]" in their
 * SQL). */
enum { STORE_KEYS_MAX = 5000 };
struct query {
    int64_t tenant_id;
    const char *by;   /* a field name, e.g. "cycle_id"; NULL: no filter */
    int64_t key;      /* the value of `by` */
    int64_t after_id; /* cursor: only ids above this */
    int64_t limit;    /* 0: all */
    const int64_t *keys;
    size_t nkeys;
};

/* The list field's name as the drivers' SQL tables name it: "<by>[]" for a key set. */
const char *store_list_name(const struct query *q, char buf[64]);
/* q's keys as text, open and close around comma-separated numbers ("[1,2]" for SQLite's
 * json_each, "{1,2}" for a PostgreSQL array); malloc'd. NULL when there are none or too many. */
char *store_keys_text(const struct query *q, char open, char close);

/* A list result: n records of the entity's struct, contiguous, in the caller's arena. */
struct rows {
    void *items;
    size_t n;
};

struct store;

struct store_ops {
    const char *driver;
    /* Transactions: write transactions take the write lock up front. */
    enum err_code (*begin)(struct store *s, bool write, struct err *err);
    /* A write transaction for a writer whose references are right by construction (okr demo,
     * which a test checks with the database's own foreign-key check): the driver may skip
     * checking foreign keys until commit or rollback, and may leave the check-in summaries of
     * what it writes (checkin_summaries) to summaries_rebuild, which such a writer calls for
     * its tenant before committing. NULL: an ordinary write transaction. */
    enum err_code (*begin_trusted)(struct store *s, struct err *err);
    /* In a trusted transaction: writes tenant_id's check-in summaries again from its check-ins.
     * NULL: the driver keeps them up to date on every write (nothing to do). */
    enum err_code (*summaries_rebuild)(struct store *s, int64_t tenant_id, struct err *err);
    enum err_code (*commit)(struct store *s, struct err *err);
    void (*rollback)(struct store *s);
    /* Group commit (optional; NULL: a commit is durable when it returns). After
     * defer_durability, a commit on s may return once its changes are committed (visible to
     * others) but before they are durable; when_durable then calls done(arg, failed) once every
     * change committed on s since its last call is durable (failed: that is not sure), from
     * another thread or at once in this one, and returns true; or returns false when nothing
     * awaits (done is not called). The server holds each response until then (api_hold). */
    void (*defer_durability)(struct store *s);
    bool (*when_durable)(struct store *s, void (*done)(void *arg, bool failed), void *arg);
    /* Inserts obj and sets its id. ERR_CONFLICT on a uniqueness or reference violation. */
    enum err_code (*insert)(struct store *s, const struct entity *e, void *obj, struct err *err);
    /* Inserts n records (contiguous, e->size bytes each) and sets their ids, as n inserts would;
     * a driver may write several in one statement. On an error some may be written: the caller
     * rolls its transaction back. NULL: store_insert_many inserts them one by one. */
    enum err_code (*insert_many)(struct store *s, const struct entity *e, void *objs, size_t n,
                                 struct err *err);
    /* Writes every field of obj but tenant_id, id, created and version where tenant, id and
     * version match, then bumps obj->version (the service
     * decides which fields a user may set). ERR_NOT_FOUND when gone, ERR_STALE when the version
     * moved on. */
    enum err_code (*update)(struct store *s, const struct entity *e, void *obj, struct err *err);
    enum err_code (*get)(struct store *s, const struct entity *e, int64_t tenant_id, int64_t id,
                         void *out, struct arena *a, struct err *err);
    /* Deletes one record and what cascades from it; ERR_CONFLICT when others still refer to it. */
    enum err_code (*remove)(struct store *s, const struct entity *e, int64_t tenant_id,
                            int64_t id, struct err *err);
    enum err_code (*list)(struct store *s, const struct entity *e, const struct query *q,
                          struct arena *a, struct rows *out, struct err *err);
    /* A user by email (case as stored). ERR_NOT_FOUND when none. */
    enum err_code (*user_by_email)(struct store *s, int64_t tenant_id, const char *email,
                                   struct user *out, struct arena *a, struct err *err);
    /* Accounts (service/account.c). Users whose email equals email ignoring ASCII case, in
     * tenant_id or, when tenant_id is 0, in every tenant: the one lookup across tenants, for login
     * by email alone. At most max rows, by tenant then id, in out (the caller's arena). */
    enum err_code (*users_by_email)(struct store *s, int64_t tenant_id, const char *email,
                                    size_t max, struct arena *a, struct rows *out,
                                    struct err *err);
    /* The number of failed login attempts (ok = 0) under key in tenant_id at or after since. */
    enum err_code (*attempts_count)(struct store *s, int64_t tenant_id, const char *key,
                                    int64_t since, int64_t *n, struct err *err);
    /* Deletes the login attempts under key in tenant_id made before `before` (INT64_MAX: all). */
    enum err_code (*attempts_forget)(struct store *s, int64_t tenant_id, const char *key,
                                     int64_t before, struct err *err);
    /* The coach's view of check-ins (R1, R2): the check-in summary of every key result of
     * cycle_id that has check-ins, in key result id order, as rows of struct checkin_summary in
     * out (the caller's arena). The drivers keep the summaries up to date in the transaction of
     * every check-in write (migration 7), so this reads one row per key result, not the
     * check-ins; on two connections at once as tree_read says. A fixed number of queries. */
    enum err_code (*checkin_summaries)(struct store *s, int64_t tenant_id, int64_t cycle_id,
                                       struct arena *a, struct rows *out, struct err *err);
    /* A check-in's change to its key result (service/checkin.c): sets current, confidence and
     * updated of kr where tenant, id and version match, then bumps kr->version. Only those
     * columns: the generic update writes every column, which rewrites the key result's index
     * entries and checks its foreign keys at every check-in (more pages in each commit).
     * ERR_NOT_FOUND when gone, ERR_STALE when the version moved on. */
    enum err_code (*kr_progress)(struct store *s, struct key_result *kr, struct err *err);
    /* The alignment tree's rows of a cycle (service/tree.c): its objectives and its key results,
     * each in id order, in the caller's arena, reading only the fields the tree uses (see
     * TREE_*_FIELDS below); every other field is zero, empty text, NaN (reals) or DATE_NONE
     * (dates). Snapshot-consistent inside a read transaction; when it is the transaction's
     * first read, a driver may read on two connections at once, and keep the second for the
     * transaction's later large reads (coach_read, checkin_summaries). A fixed number of
     * queries. */
    enum err_code (*tree_read)(struct store *s, int64_t tenant_id, int64_t cycle_id,
                               struct arena *a, struct rows *objs, struct rows *krs,
                               struct err *err);
    /* The coach's rows of a cycle (service/coach.c): as tree_read (same order, same snapshot
     * and connection rules), reading the fields COACH_*_FIELDS below name. */
    enum err_code (*coach_read)(struct store *s, int64_t tenant_id, int64_t cycle_id,
                                struct arena *a, struct rows *objs, struct rows *krs,
                                struct err *err);
    /* Copies the whole database to path (a consistent snapshot). */
    enum err_code (*backup)(struct store *s, const char *path, struct err *err);
    /* The schema version the database is at. */
    int (*schema_version)(struct store *s);
    void (*close)(struct store *s);
};

/* The fields tree_read fills. */
#define TREE_OBJECTIVE_FIELDS                                                                      \
    "tenant_id id cycle_id owner_user_id owner_team_id title kind visibility theme_id "          \
    "parent_objective_id parent_kr_id state"
#define TREE_KEY_RESULT_FIELDS                                                                     \
    "tenant_id id objective_id owner_user_id title type direction start target current unit "     \
    "weight confidence"

/* The fields coach_read fills: the tree's, and what the coach's rules read besides (scores and
 * the post-mortem for C6 and C5, the KPI for C3, the due date for M1, created for R1). */
#define COACH_OBJECTIVE_FIELDS                                                                     \
    TREE_OBJECTIVE_FIELDS " kpi_id self_score manager_score final_score postmortem"
#define COACH_KEY_RESULT_FIELDS TREE_KEY_RESULT_FIELDS " due created"

/* What one key result's check-ins say to the coach (checkin_summaries): the latest
 * COACH_HISTORY check-ins by time, then id (struct coach_activity, latest first). */
struct checkin_summary {
    int64_t kr_id;
    struct coach_activity act;
};

/* Drivers embed this first in their own connection struct. queries: the statements this
 * connection has executed since it was opened (reads and writes; not BEGIN/COMMIT/ROLLBACK),
 * counted by each driver, so that tests can prove a request runs a bounded number of them. */
struct store {
    const struct store_ops *ops;
    unsigned long queries;
};

/* Opens the database named by url ("PATH", "sqlite:PATH", or "postgres://..." and
 * "postgresql://..." for the PostgreSQL driver) and brings its schema up to date. The caller
 * owns *out and closes it with store_close. */
enum err_code store_open(const char *url, struct store **out, struct err *err);
void store_close(struct store *s);

static inline enum err_code store_begin(struct store *s, bool write, struct err *err)
{
    return s->ops->begin(s, write, err);
}
static inline enum err_code store_begin_trusted(struct store *s, struct err *err)
{
    return s->ops->begin_trusted ? s->ops->begin_trusted(s, err) : s->ops->begin(s, true, err);
}
static inline enum err_code store_summaries_rebuild(struct store *s, int64_t tenant_id,
                                                    struct err *err)
{
    return s->ops->summaries_rebuild ? s->ops->summaries_rebuild(s, tenant_id, err) : ERR_OK;
}
static inline enum err_code store_commit(struct store *s, struct err *err)
{
    return s->ops->commit(s, err);
}
static inline void store_rollback(struct store *s)
{
    s->ops->rollback(s);
}
static inline void store_defer_durability(struct store *s)
{
    if (s->ops->defer_durability) {
        s->ops->defer_durability(s);
    }
}
static inline bool store_when_durable(struct store *s, void (*done)(void *arg, bool failed),
                                      void *arg)
{
    return s->ops->when_durable && s->ops->when_durable(s, done, arg);
}
static inline enum err_code store_insert(struct store *s, const struct entity *e, void *obj,
                                         struct err *err)
{
    return s->ops->insert(s, e, obj, err);
}
static inline enum err_code store_insert_many(struct store *s, const struct entity *e,
                                              void *objs, size_t n, struct err *err)
{
    if (s->ops->insert_many) {
        return s->ops->insert_many(s, e, objs, n, err);
    }
    for (size_t i = 0; i < n; i++) {
        enum err_code rc = s->ops->insert(s, e, (char *)objs + i * e->size, err);
        if (rc != ERR_OK) {
            return rc;
        }
    }
    return ERR_OK;
}
static inline enum err_code store_update(struct store *s, const struct entity *e, void *obj,
                                         struct err *err)
{
    return s->ops->update(s, e, obj, err);
}
static inline enum err_code store_get(struct store *s, const struct entity *e, int64_t tenant_id,
                                      int64_t id, void *out, struct arena *a, struct err *err)
{
    return s->ops->get(s, e, tenant_id, id, out, a, err);
}
static inline enum err_code store_remove(struct store *s, const struct entity *e,
                                         int64_t tenant_id, int64_t id, struct err *err)
{
    return s->ops->remove(s, e, tenant_id, id, err);
}
static inline enum err_code store_list(struct store *s, const struct entity *e,
                                       const struct query *q, struct arena *a, struct rows *out,
                                       struct err *err)
{
    return s->ops->list(s, e, q, a, out, err);
}

static inline enum err_code store_kr_progress(struct store *s, struct key_result *kr,
                                              struct err *err)
{
    return s->ops->kr_progress(s, kr, err);
}

static inline enum err_code store_checkin_summaries(struct store *s, int64_t tenant_id,
                                                    int64_t cycle_id, struct arena *a,
                                                    struct rows *out, struct err *err)
{
    return s->ops->checkin_summaries(s, tenant_id, cycle_id, a, out, err);
}

static inline enum err_code store_coach_read(struct store *s, int64_t tenant_id, int64_t cycle_id,
                                             struct arena *a, struct rows *objs, struct rows *krs,
                                             struct err *err)
{
    return s->ops->coach_read(s, tenant_id, cycle_id, a, objs, krs, err);
}

static inline enum err_code store_tree_read(struct store *s, int64_t tenant_id, int64_t cycle_id,
                                           struct arena *a, struct rows *objs, struct rows *krs,
                                           struct err *err)
{
    return s->ops->tree_read(s, tenant_id, cycle_id, a, objs, krs, err);
}

#endif
