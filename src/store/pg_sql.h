/* Literal SQL of the PostgreSQL driver, per entity (see pg_sql.c), and its schema migrations
 * (pg_schema.c). */
#ifndef OKR_PG_SQL_H
#define OKR_PG_SQL_H

#include "domain/meta.h"

enum { PG_SQL_MAX_LISTS = 11 };

struct pg_sql_list {
    const char *by; /* the filter field, NULL for the whole tenant */
    const char *sql;
};

/* Parameters: insert and update take $N = the N-th field of the entity's descriptor; get and
 * remove take $1 = tenant, $2 = id ($1 = id for tenants); lists take $1 = tenant, $2 = key,
 * $3 = after id, $4 = limit (NULL: all). */
struct pg_sql_entity {
    const struct entity *e;
    const char *insert, *update, *get, *remove;
    struct pg_sql_list lists[PG_SQL_MAX_LISTS];
};

/* Inserts with the id given ($2), per entity numbered by id_counters (counter: its name there);
 * NULL-terminated (pg_sql_ids.c). */
struct pg_sql_insert_id {
    const struct entity *e;
    const char *counter;
    const char *sql;
};
extern const struct pg_sql_insert_id pg_sql_insert_ids[];
/* Sets a counter: $1 tenant, $2 counter name, $3 the last id handed out. */
extern const char pg_sql_ids_set[];

/* Per entity, NULL-terminated, in the order of entity_all. */
extern const struct pg_sql_entity *const pg_sql[];
/* Lookups (store.h): $1 tenant, $2 email / key, $3 max / since / before. */
extern const char pg_sql_user_by_email[];
extern const char pg_sql_users_by_email[];
extern const char pg_sql_checkin_summaries[]; /* store.h: checkin_summaries */
/* The alignment tree's rows of cycle $2 (store.h: tree_read): the tree's columns, constants for
 * the others, in entity order. */
extern const char pg_sql_tree_objectives[];
extern const char pg_sql_tree_key_results[];
/* The same with the coach's columns (store.h: coach_read). */
extern const char pg_sql_coach_objectives[];
extern const char pg_sql_coach_key_results[];
extern const char pg_sql_attempts_count[];
extern const char pg_sql_attempts_forget[];
extern const char pg_sql_kr_progress[]; /* store.h: kr_progress */
/* Serialises the write transactions of one tenant ($1), to the end of the transaction. */
extern const char pg_sql_tenant_lock[];

/* Schema versioning: the lock that serialises migrations between processes, the table that holds
 * the version, and reading and writing it ($1). */
extern const char pg_sql_migrate_lock[];
extern const char pg_sql_schema_table[];
extern const char pg_sql_schema_row[];
extern const char pg_sql_schema_get[];
extern const char pg_sql_schema_set[];

/* Migrations: migration i (1-based) is pg_migrations[i - 1], a script run in one transaction
 * that also records version i. */
extern const char *const pg_migrations[];
extern const int pg_migration_count;

#endif
