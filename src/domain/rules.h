/* Rules of the method that are not arithmetic: cycle states, request states, alignment, and the
 * per-entity validation beyond what the field descriptors check. Pure: no I/O. */
#ifndef OKR_RULES_H
#define OKR_RULES_H

#include "core/err.h"
#include "meta.h"
#include "model.h"

#include <stddef.h>
#include <stdint.h>

/* Cycle life: planning -> active -> grading -> closed; grading -> active reopens; a closed cycle
 * never changes. ERR_CONFLICT (field "state") for any other move, staying put included. */
enum err_code cycle_transition_check(enum cycle_state from, enum cycle_state to, struct err *err);

/* Closing needs scores: every objective that is not dropped has a final score. On failure names
 * the first unscored objective's title in the message. ERR_CONFLICT, field "final_score"; a
 * committed objective under 1.0 without a post-mortem, field "postmortem"; err->id names it. */
enum err_code cycle_close_check(const struct objective *objs, size_t n, struct err *err);

/* What a cycle's state allows: OKRs and check-ins change while planning or active; scores,
 * reflections and post-mortems (CHANGE_SCORE) while active or grading, and in grading only
 * they; comments until it closes (a score is talked over while grading); nothing once closed.
 * ERR_CONFLICT, field "cycle". */
enum cycle_change { CHANGE_OKR, CHANGE_CHECKIN, CHANGE_SCORE, CHANGE_COMMENT };
enum err_code cycle_allows(enum cycle_state state, enum cycle_change what, struct err *err);

/* Take-on requests: only a pending request moves, to accepted, declined or withdrawn.
 * ERR_CONFLICT (field "state") otherwise. */
enum err_code request_transition_check(enum request_state from, enum request_state to,
                                       struct err *err);

/* Fills *out as the draft objective a person gets by accepting request r: owned by r->to_user_id,
 * in the source objective's cycle, state draft, kind and visibility of the source objective;
 * from an objective: same title, aligned to it (parent_objective_id); from a key result: the KR's
 * title becomes the objective's title, aligned to the KR (parent_kr_id). kr may be NULL when the
 * source is an objective (a non-NULL kr makes the KR the source). tenant from r; created and
 * updated = now; weight 1 (a new objective's default); every other field as meta_init leaves it
 * (id 0, no theme or KPI, description "", scores NaN). Text points into the sources. */
void takeon_draft(const struct request *r, const struct objective *src_obj,
                  const struct key_result *kr, int64_t now, struct objective *out);

/* Alignment cycles: walks up from new_parent (an objective id) with parent_of (which returns the
 * objective an objective aligns to, through its parent objective or parent KR, or 0) and fails
 * with ERR_INVALID (field "parent") if it reaches self or goes deeper than 64 levels (new_parent
 * is level 1; a chain of 64 objectives above self passes, 65 fails, and so does a loop that does
 * not pass through self). new_parent 0 (no parent) passes. */
typedef int64_t (*parent_of_fn)(void *ctx, int64_t objective_id);
enum err_code alignment_check(int64_t self, int64_t new_parent, parent_of_fn parent_of, void *ctx,
                              struct err *err);

/* Entity rules beyond the descriptors (each also runs meta_check first):
 * cycle: start <= end; a quarter or month sits inside its parent cycle when given (checked by the
 *   service with the parent); objective: at most one owner (user or team), at most one parent
 *   (objective or KR); key result: milestone start 0 and target 1; metric start != target unless
 *   direction is at_least/at_most; increase needs target > start, decrease target < start;
 *   kpi: direction at_least or at_most; request: exactly one source, from != to;
 *   comment: exactly one target; user: an email with one @ and a dot after it; theme, team,
 *   initiative, checkin, kpi_value, membership, tenant, audit_event: descriptors only.
 * Fails with ERR_INVALID naming the field: "end" (cycle), "owner" and "parent" (objective),
 * "start" or "target" (key result), "direction" (kpi), "source" and "to_user_id" (request),
 * "target" (comment), "email" (user). An email has one '@' after a non-empty local part, a
 * domain with a dot that neither starts nor ends it, and no spaces. */
enum err_code validate_record(const struct entity *e, const void *obj, struct err *err);
/* The languages okr speaks (zh-CN, en; "" a person's: the company's when blank_ok), and a time
 * zone's form (UTC, GMT, or an area of the tz database and a place: Asia/Shanghai; only the form,
 * the zone files may not be installed). */
bool locale_ok(const char *locale, bool blank_ok);
bool timezone_ok(const char *tz);
/* A user's locale, a tenant's locale and time zone, checked when they are new or changed (old:
 * the stored record, NULL for a new one): a value an older okr stored keeps its record
 * editable. */
enum err_code settings_check(const struct entity *e, const void *obj, const void *old,
                             struct err *err);

/* The cycle people mean by "now": the cycle under way or being graded whose dates contain today
 * (a quarter graded before it ends is still the one people work in), the shortest when several
 * do (a quarter before its year); NULL when none does. */
const struct cycle *cycle_current(const struct cycle *cycles, size_t n, int64_t today);

#endif
