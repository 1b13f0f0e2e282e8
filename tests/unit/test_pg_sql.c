/* The PostgreSQL driver's SQL text, without a server: the inserts with the id given
 * (pg_sql_ids.c) name the same table and columns, in the same order, as the entity's insert in
 * pg_sql.c, and exist for every entity numbered by id_counters. Suite: pg_sql. */
#include "store/pg_sql.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

/* "INSERT INTO table (columns)" of an insert statement, the CTE of the counter skipped. */
static void target(const char *sql, char *out, size_t n)
{
    const char *p = strstr(sql, "INSERT INTO ");
    cr_assert(p, "no INSERT in %s", sql);
    if (strncmp(p, "INSERT INTO id_counters ", 24) == 0) {
        p = strstr(p + 1, "INSERT INTO ");
        cr_assert(p, "no INSERT after the counter in %s", sql);
    }
    const char *end = strchr(p, ')');
    cr_assert(end, "no column list in %s", sql);
    size_t len = (size_t)(end - p + 1);
    cr_assert_lt(len, n);
    memcpy(out, p, len);
    out[len] = '\0';
}

Test(pg_sql, inserts_with_id_name_the_same_columns)
{
    size_t checked = 0;
    for (size_t i = 0; pg_sql[i]; i++) {
        const struct pg_sql_entity *q = pg_sql[i];
        const struct pg_sql_insert_id *qi = NULL;
        for (const struct pg_sql_insert_id *x = pg_sql_insert_ids; x->e; x++) {
            if (x->e == q->e) {
                qi = x;
            }
        }
        bool counted = strstr(q->insert, "id_counters") != NULL;
        cr_assert_eq(qi != NULL, counted, "%s: an insert with the id given %s", q->e->name,
                     counted ? "is missing" : "exists, but it is not numbered by id_counters");
        if (!qi) {
            continue;
        }
        char a[1024], b[1024], counter[96];
        target(q->insert, a, sizeof a);
        target(qi->sql, b, sizeof b);
        cr_assert_str_eq(b, a, "%s: the insert with the id given differs", q->e->name);
        snprintf(counter, sizeof counter, "VALUES ($1, '%s', 1)", qi->counter);
        cr_assert(strstr(q->insert, counter), "%s: counter '%s' is not the insert's", q->e->name,
                  qi->counter);
        checked++;
    }
    cr_assert_gt(checked, 10);
}
