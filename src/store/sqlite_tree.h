/* The SQLite driver's large reads (store.h: tree_read, coach_read, checkin_summaries), on the
 * driver's connection and a second one. */
#ifndef OKR_STORE_SQLITE_TREE_H
#define OKR_STORE_SQLITE_TREE_H

#include "store.h"

#include <sqlite3.h>

/* From this many rows (both tables, estimated) the read is split over two connections, when the
 * caller's transaction has not read yet (store.h) and the file is at least 100 bytes a row
 * (the second connection is not even opened for a smaller one). A variable so that tests can
 * take the two-connection path with a small tree. */
extern size_t sqlite_tree_parallel_min;
/* Tests: the share of the key results' id span the second connection reads (0: as the rows'
 * estimates say, which in a small test company is all of them). */
extern double sqlite_tree_split_share;
/* How the tables are read: as their bounds suggest, or (tests) always one way. */
enum sqlite_tree_plan { SQLITE_TREE_AUTO, SQLITE_TREE_BY_RANGE, SQLITE_TREE_BY_INDEX };
extern enum sqlite_tree_plan sqlite_tree_plan;
/* Tests: called after the caller's connection has read (its snapshot taken) and before the
 * second connection begins, to commit something in between. NULL otherwise. */
extern void (*sqlite_tree_test_between)(void);

/* A second connection to the database file for the large reads of one read transaction of
 * the driver's connection (sqlite_tree.c says how it shares that transaction's snapshot). The
 * driver holds one per connection, zeroed, and closes it when the transaction ends. */
struct sqlite_helper {
    sqlite3 *db;
    int64_t version; /* PRAGMA data_version before the transaction's first read */
    int state;       /* 0: not checked yet; 1: same snapshot; -1: not to be used */
};
/* Ends h's read transaction, closes it and zeroes it (nothing when it is not open). */
void sqlite_helper_close(struct sqlite_helper *h);

/* Registers the SQL functions of these reads on db (okr_kept, and okr_objective,
 * okr_key_result and okr_summary, which gather rows: sqlite_tree.c): once, as it opens. An
 * SQLite result code. */
int sqlite_tree_functions(sqlite3 *db);

/* Reads as store.h's tree_read says (coach: as its coach_read says), on db (in a transaction,
 * else in one of its own), with helper, the transaction's second connection (opened here when
 * the transaction has not read yet); adds the statements run to *queries. Fails with
 * ERR_CONFLICT when the database is busy, ERR_INTERNAL otherwise (logged). */
enum err_code sqlite_tree_read(sqlite3 *db, struct sqlite_helper *helper, int64_t tenant_id,
                               int64_t cycle_id, bool coach, struct arena *a, struct rows *objs,
                               struct rows *krs, unsigned long *queries, struct err *err);
/* Reads as store.h's checkin_summaries says, on db, the upper half of a large cycle's on
 * helper at the same time when it is open (a large read of the transaction opened it). Fails
 * as sqlite_tree_read. */
enum err_code sqlite_summaries_read(sqlite3 *db, struct sqlite_helper *helper, int64_t tenant_id,
                                    int64_t cycle_id, struct arena *a, struct rows *out,
                                    unsigned long *queries, struct err *err);

#endif
