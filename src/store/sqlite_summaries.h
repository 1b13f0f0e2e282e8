/* Check-in summaries (checkin_summaries, migration 7) in a trusted bulk write: the insert
 * trigger costs an upsert per check-in, most of `okr demo`'s time, so a trusted transaction
 * drops it, the writer rebuilds its tenant's summaries once from the check-ins, and the trigger
 * is created again before the commit (sqlite_summaries.c). */
#ifndef OKR_SQLITE_SUMMARIES_H
#define OKR_SQLITE_SUMMARIES_H

#include "core/err.h"

#include <sqlite3.h>
#include <stdint.h>

/* Drops the insert trigger inside db's open write transaction. */
enum err_code sqlite_summaries_defer(sqlite3 *db, struct err *err);
/* Creates it again, inside the same transaction. */
enum err_code sqlite_summaries_resume(sqlite3 *db, struct err *err);
/* Writes tenant_id's summaries again from its check-ins: one walk of checkins_kr_at, one
 * insert per key result, in key order. */
enum err_code sqlite_summaries_rebuild(sqlite3 *db, int64_t tenant_id, struct err *err);

#endif
