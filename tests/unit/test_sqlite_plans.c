/* The SQLite driver's filtered lists (store.h: "the indexed ones") are searched through an index
 * on their filter field, never by walking the tenant's primary key in id order: SQLite's planner
 * prefers that walk for "ORDER BY id LIMIT ?" when nothing steers it, which read every
 * membership of a 100,000-person company for one team's members (a team page took 56 ms). */
#include "store/sqlite_sql.h"
#include "store/sqlite_tree.h"
#include "store/store.h"

#include <criterion/criterion.h>

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A new database file at path (a mkstemp template) with okr's schema, opened read-only. */
static sqlite3 *open_schema(char *path)
{
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    struct store *st;
    struct err err = {0};
    cr_assert_eq(store_open(path, &st, &err), ERR_OK, "%s", err.msg);
    store_close(st);
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_assert_eq(sqlite_tree_functions(db), SQLITE_OK); /* the tree's reads call them */
    return db;
}

Test(sqlite_plans, filtered_lists_use_an_index_on_their_field)
{
    char path[] = "/tmp/okr-plans-XXXXXX";
    sqlite3 *db = open_schema(path);
    size_t checked = 0;
    for (size_t i = 0; sqlite_sql[i]; i++) {
        for (size_t j = 0; j < SQL_MAX_LISTS && sqlite_sql[i]->lists[j].sql; j++) {
            const struct sql_list *l = &sqlite_sql[i]->lists[j];
            if (!l->by || strstr(l->sql, " JOIN ")) {
                continue; /* by cycle: a join that reads the cycle's records anyway */
            }
            char q[4096];
            snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", l->sql);
            sqlite3_stmt *stmt;
            cr_assert_eq(sqlite3_prepare_v2(db, q, -1, &stmt, NULL), SQLITE_OK, "%s by %s: %s",
                         sqlite_sql[i]->e->name, l->by, sqlite3_errmsg(db));
            while (sqlite3_step(stmt) == SQLITE_ROW) {
                const char *detail = (const char *)sqlite3_column_text(stmt, 3);
                cr_assert_null(strstr(detail, "PRIMARY KEY (tenant_id=? AND id>?)"),
                               "%s by %s walks the primary key: %s", sqlite_sql[i]->e->name,
                               l->by, detail);
                /* A key set ("<by>[]") is a json_each of the keys the query was given. */
                cr_assert(strncmp(detail, "SCAN ", 5) != 0 || strstr(detail, "SCAN json_each"),
                          "%s by %s scans: %s", sqlite_sql[i]->e->name, l->by, detail);
            }
            sqlite3_finalize(stmt);
            checked++;
        }
    }
    cr_assert_gt(checked, 30);
    sqlite3_close(db);
    unlink(path);
}

/* The query plan of sql on db, its steps' details each followed by "; ". */
static void plan_of(sqlite3 *db, const char *sql, char *plan, size_t size)
{
    char q[4096];
    snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *stmt;
    cr_assert_eq(sqlite3_prepare_v2(db, q, -1, &stmt, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    plan[0] = '\0';
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        size_t n = strlen(plan);
        snprintf(plan + n, size - n, "%s; ", sqlite3_column_text(stmt, 3));
    }
    sqlite3_finalize(stmt);
}

/* The alignment tree's reads (sqlite_tree.c) go the way they are chosen for: by primary key
 * range, or through the cycle index; the bounds through the cycle index only. Either way the
 * rows come in id order, as the gathering functions expect. */
Test(sqlite_plans, tree_reads_by_range_or_by_the_cycle_index)
{
    char path[] = "/tmp/okr-plans-XXXXXX";
    sqlite3 *db = open_schema(path);
    const struct sqlite_tree_sql *t[4] = {&sqlite_tree_objectives, &sqlite_tree_key_results,
                                          &sqlite_coach_objectives, &sqlite_coach_key_results};
    const char *index[4] = {"objectives_cycle", "key_results_cycle", "objectives_cycle",
                            "key_results_cycle"};
    for (int i = 0; i < 4; i++) {
        const char *sql[3] = {t[i]->by_range, t[i]->by_index, t[i]->bounds};
        for (int k = 0; k < 3; k++) {
            char plan[2048];
            plan_of(db, sql[k], plan, sizeof plan);
            /* Scans of the bounds' constant rows only, never of a table. */
            const char *scans[] = {"SCAN objectives", "SCAN key_results", "SCAN t;", "SCAN t "};
            for (size_t n = 0; n < 4; n++) {
                cr_assert_null(strstr(plan, scans[n]), "no table scan: %s", plan);
            }
            cr_assert_null(strstr(plan, "TEMP B-TREE"), "no sort: %s", plan);
            if (k == 0) {
                cr_assert_not_null(strstr(plan, "PRIMARY KEY (tenant_id=? AND id>? AND id<?)"),
                                   "by range: %s", plan);
            } else {
                cr_assert_not_null(strstr(plan, index[i]), "through %s: %s", index[i], plan);
                cr_assert_null(strstr(plan, "PRIMARY KEY"), "not the primary key: %s", plan);
            }
        }
    }
    sqlite3_close(db);
    unlink(path);
}

/* The check-in summaries are gathered in id order too (sqlite_tree.c): by the table's primary key
 * range, or through the key results' cycle index, then a seek in the summaries each. */
Test(sqlite_plans, summaries_read_in_id_order)
{
    char path[] = "/tmp/okr-plans-XXXXXX";
    sqlite3 *db = open_schema(path);
    const char *sql[2] = {sqlite_checkin_summaries_by_range, sqlite_checkin_summaries};
    for (int k = 0; k < 2; k++) {
        char plan[2048];
        plan_of(db, sql[k], plan, sizeof plan);
        const char *want[2] = {
            "SEARCH checkin_summaries USING PRIMARY KEY (tenant_id=? AND kr_id>? AND kr_id<?); ",
            "SEARCH k USING COVERING INDEX key_results_cycle (tenant_id=? AND cycle_id=? AND id>? "
            "AND id<?); SEARCH s USING PRIMARY KEY (tenant_id=? AND kr_id=?); "};
        cr_assert_str_eq(plan, want[k]);
    }
    sqlite3_close(db);
    unlink(path);
}
