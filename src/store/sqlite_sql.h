/* Literal SQL of the SQLite driver, per entity (see sqlite_sql.c), and its schema migrations. */
#ifndef OKR_SQLITE_SQL_H
#define OKR_SQLITE_SQL_H

#include "domain/meta.h"

enum { SQL_MAX_LISTS = 11 };

struct sql_list {
    const char *by; /* the filter field, NULL for the whole tenant */
    const char *sql;
};

struct sql_entity {
    const struct entity *e;
    const char *next_id; /* the id the next insert takes: max + 1 within the tenant */
    const char *insert, *update, *get, *remove;
    struct sql_list lists[SQL_MAX_LISTS];
};

/* Per entity, NULL-terminated, in the order of entity_all. */
extern const struct sql_entity *const sqlite_sql[];
extern const char sqlite_user_by_email[];
/* Account lookups (store.h: users_by_email, attempts_count, attempts_forget). */
extern const char sqlite_users_by_email[];
/* The coach's check-in summaries (store.h: checkin_summaries), and their key results' id
 * bounds. */
extern const char sqlite_checkin_summaries[];
extern const char sqlite_checkin_summaries_bounds[];
extern const char sqlite_checkin_summaries_by_range[];
extern const char sqlite_cycle_kr_ids[];
/* A check-in's change to its key result (store.h: kr_progress). */
extern const char sqlite_kr_progress[];
/* The alignment tree's read (store.h: tree_read; sqlite_tree.c): per table, the cycle's id
 * bounds with a sampled density, its rows by primary key range or through the cycle index. */
struct sqlite_tree_sql {
    const char *bounds, *by_range, *by_index;
};
extern const struct sqlite_tree_sql sqlite_tree_objectives, sqlite_tree_key_results;
/* The same for the coach (store.h: coach_read): the tree's columns, then the coach's. */
extern const struct sqlite_tree_sql sqlite_coach_objectives, sqlite_coach_key_results;
extern const char sqlite_attempts_count[];
extern const char sqlite_attempts_forget[];

/* Migrations: migration i (1-based) is sqlite_migrations[i - 1]; each is one script run in a
 * transaction that also sets PRAGMA user_version to i. */
extern const char *const sqlite_migrations[];
extern const int sqlite_migration_count;
/* The trigger that keeps checkin_summaries up to date on each check-in insert (migration 7). */
extern const char sqlite_summary_insert_trigger[];

#endif
