/* Responses of the REST API: records as JSON (their descriptor's fields plus what the API derives,
 * such as a key result's progress), pages of a list, an objective with its key results, and the
 * alignment tree of a cycle. JSON only through the JSON writer (core/json.h). */
#ifndef OKR_API_RENDER_H
#define OKR_API_RENDER_H

#include "core/json.h"
#include "domain/meta.h"
#include "http/request.h"
#include "service/service.h"

#include <stdint.h>

/* Writes obj (a record of e) as a JSON object: every field meta_write_json writes and, for a key
 * result, "progress". */
void api_write_record(struct json *j, const struct entity *e, const void *obj);

/* Answers status with one record; ETag "\"<version>\"" when the entity has a version, and
 * Location when location is not NULL. */
void api_respond_record(struct http_response *resp, int status, const struct entity *e,
                        const void *obj, const char *location);

/* Answers 200 {"items":[...],"next_cursor":"<id>"|null}. */
void api_respond_page(struct http_response *resp, const struct entity *e, const struct rows *r,
                      int64_t next);

/* Answers status with an objective, its "progress" and its "key_results" (each with progress);
 * ETag of the objective's version; Location when not NULL. */
void api_respond_objective(struct http_response *resp, int status, const struct objective *o,
                           const struct rows *krs, const char *location);

/* Writes more members into the open object of a record or an objective (e.g. its coach
 * findings, api/coach_routes.c); ctx is the caller's. */
typedef void (*api_extra_fn)(struct json *j, const void *ctx);

/* api_respond_record and api_respond_objective with extra members (extra may be NULL). */
void api_respond_record_with(struct http_response *resp, int status, const struct entity *e,
                             const void *obj, const char *location, api_extra_fn extra,
                             const void *ctx);
void api_respond_objective_with(struct http_response *resp, int status,
                                const struct objective *o, const struct rows *krs,
                                const char *location, api_extra_fn extra, const void *ctx);

/* Writes a cycle's alignment tree as `okr --json tree` does: {"cycle", "expected_progress",
 * "mission", "vision", "themes":[{..., "objectives":[...]}], "unlinked":[...]}, objectives
 * nesting their key results and "children". today: days since 1970 for the expected progress;
 * max_depth 0: no limit. */
void api_write_tree(struct json *j, const struct cycle_tree *ct, int64_t today, int max_depth);

#endif
