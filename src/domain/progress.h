/* Progress: of a key result, of an objective (weighted), rolled up through alignment, and the
 * expected progress at a date. Pure functions; `today` is always a parameter. */
#ifndef OKR_PROGRESS_H
#define OKR_PROGRESS_H

#include "core/err.h"
#include "model.h"

#include <stddef.h>
#include <stdint.h>

/* Progress of one key result in [0, 1].
 * metric, increase/at_least: (current - start) / (target - start), clamped;
 * metric, decrease/at_most: (start - current) / (start - target), clamped;
 * when there is nothing to travel (start == target, or an at_least/at_most target that start
 * already meets): 1 if current meets the target in the KR's direction, else 0;
 * milestone: 1 when current >= 1 (done), else current clamped to [0, 1] (partial credit). */
double kr_progress(const struct key_result *kr);

/* Effective weights of n key results into out[n]: explicit weights (not NaN) as given, the
 * unset ones share what is left of 1 equally (0 each if nothing is left). */
void kr_effective_weights(const struct key_result *krs, size_t n, double *out);

/* Checks explicit weights: each in [0, 1]; their sum at most 1; when every weight is explicit
 * the sum is 1 (within 1e-6). Fails with ERR_INVALID on field "weight". */
enum err_code kr_weights_check(const struct key_result *krs, size_t n, struct err *err);

/* Objective progress: the weighted mean of its key results' progress (kr_effective_weights,
 * divided by their total; an equal mean if every weight is 0); 0 with no key results. */
double objective_progress(const struct key_result *krs, size_t n);

/* Roll-up through alignment: the mean of the objective's own progress (counted only when it has
 * key results) and its aligned children's rolled-up progress, each child counting once. With no
 * key results and no children: 0. Inputs are clamped to [0, 1]. */
double objective_rollup(double own, int has_krs, const double *children, size_t n);

/* Expected progress on day `today` in a cycle running from `start` to `end` (inclusive dates):
 * linear from 0 at the start to 1 at the end of the last day, read at the end of `today`:
 * (today - start + 1) / (end - start + 1), so 0 before start, 1/days on the first day, 1 on the
 * last day and after. 0 when any date is DATE_NONE. */
double expected_progress(int64_t start, int64_t end, int64_t today);

/* The status a progress implies against the expected line and the owner's confidence:
 * off_track when progress < expected - 0.25 or confidence < 0.3;
 * at_risk when progress < expected - 0.1 or confidence < 0.5;
 * else on_track. The differences allow 1e-9 of slack so that decimal boundaries (progress exactly
 * expected - 0.25) fall on the kinder side. */
enum checkin_status progress_status(double progress, double expected, double confidence);

/* A key result's status now: what its progress implies today (progress_status), or what its
 * owner said at the last check-in (flagged, -1 when none or unknown) when that is worse: an
 * owner's "at risk" reaches their manager, and an "on track" said weeks ago does not hide that
 * the expected line has moved on. */
enum checkin_status kr_status_now(double progress, double expected, double confidence, int flagged);

#endif
