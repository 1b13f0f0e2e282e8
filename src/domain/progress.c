/* Progress arithmetic: key results, objectives (weighted), roll-up through alignment, the
 * expected line of a cycle and the status a check-in implies. Pure: no I/O, no clock. */
#include "progress.h"

#include "core/timefmt.h"

#include <math.h>

/* Slack for comparisons against decimal thresholds, so that 0.8 - 0.25 counts as 0.55. */
#define PROGRESS_EPS 1e-9

static double clamp01(double v)
{
    if (isnan(v) || v < 0.0) {
        return 0.0;
    }
    if (v > 1.0) {
        return 1.0;
    }
    return v;
}

static int kr_goes_down(int direction)
{
    return direction == DIR_DECREASE || direction == DIR_AT_MOST;
}

double kr_progress(const struct key_result *kr)
{
    if (kr->type == KR_MILESTONE) {
        return kr->current >= 1.0 ? 1.0 : clamp01(kr->current);
    }
    int down = kr_goes_down(kr->direction);
    double gap = down ? kr->start - kr->target : kr->target - kr->start;
    if (!(gap > 0.0)) {
        /* Nothing to travel (start == target, or an at_least/at_most target the start already
         * meets): the key result is done exactly when current meets the target. */
        int met = down ? kr->current <= kr->target : kr->current >= kr->target;
        return met ? 1.0 : 0.0;
    }
    double moved = down ? kr->start - kr->current : kr->current - kr->start;
    if (isinf(gap) || isinf(moved)) {
        /* Two finite values more than DBL_MAX apart (-1e308 to 1e308): the same ratio, halved. */
        gap = down ? kr->start / 2 - kr->target / 2 : kr->target / 2 - kr->start / 2;
        moved = down ? kr->start / 2 - kr->current / 2 : kr->current / 2 - kr->start / 2;
    }
    return clamp01(moved / gap);
}

/* The share each unset weight gets: what explicit weights leave of 1, split equally. */
static double unset_share(const struct key_result *krs, size_t n)
{
    double used = 0.0;
    size_t unset = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(krs[i].weight)) {
            unset++;
        } else {
            used += krs[i].weight;
        }
    }
    if (unset == 0 || !(used < 1.0)) {
        return 0.0;
    }
    return (1.0 - used) / (double)unset;
}

void kr_effective_weights(const struct key_result *krs, size_t n, double *out)
{
    double share = unset_share(krs, n);
    for (size_t i = 0; i < n; i++) {
        out[i] = isnan(krs[i].weight) ? share : krs[i].weight;
    }
}

enum err_code kr_weights_check(const struct key_result *krs, size_t n, struct err *err)
{
    double sum = 0.0;
    size_t unset = 0;
    for (size_t i = 0; i < n; i++) {
        double w = krs[i].weight;
        if (isnan(w)) {
            unset++;
            continue;
        }
        if (!(w >= 0.0 && w <= 1.0)) {
            return err_set(err, ERR_INVALID, "weight",
                           "weight of key result \"%s\" must be between 0 and 1",
                           krs[i].title ? krs[i].title : "");
        }
        sum += w;
    }
    if (sum > 1.0 + 1e-6) {
        return err_set(err, ERR_INVALID, "weight",
                       "weights of the key results must add up to at most 1");
    }
    if (n > 0 && unset == 0 && fabs(sum - 1.0) > 1e-6) {
        return err_set(err, ERR_INVALID, "weight",
                       "weights of the key results must add up to 1 when every weight is set");
    }
    return ERR_OK;
}

double objective_progress(const struct key_result *krs, size_t n)
{
    if (n == 0) {
        return 0.0;
    }
    double share = unset_share(krs, n);
    double total = 0.0, weighted = 0.0, plain = 0.0;
    for (size_t i = 0; i < n; i++) {
        double w = isnan(krs[i].weight) ? share : krs[i].weight;
        double p = kr_progress(&krs[i]);
        if (w > 0.0) {
            total += w;
            weighted += w * p;
        }
        plain += p;
    }
    if (!(total > 0.0)) {
        /* Every weight is zero (invalid, but possible mid-edit): count the key results equally. */
        return clamp01(plain / (double)n);
    }
    return clamp01(weighted / total);
}

double objective_rollup(double own, int has_krs, const double *children, size_t n)
{
    double sum = 0.0;
    size_t count = 0;
    if (has_krs) {
        sum += clamp01(own);
        count++;
    }
    for (size_t i = 0; i < n; i++) {
        sum += clamp01(children[i]);
        count++;
    }
    return count ? clamp01(sum / (double)count) : 0.0;
}

double expected_progress(int64_t start, int64_t end, int64_t today)
{
    if (start == DATE_NONE || end == DATE_NONE || today == DATE_NONE || today < start) {
        return 0.0;
    }
    if (today >= end) {
        return 1.0;
    }
    /* start <= today < end: days elapsed by the end of today over the days of the cycle. Doubles
     * keep absurd inputs from overflowing. */
    double elapsed = (double)today - (double)start + 1.0;
    double days = (double)end - (double)start + 1.0;
    return clamp01(elapsed / days);
}

enum checkin_status progress_status(double progress, double expected, double confidence)
{
    if (progress < expected - 0.25 - PROGRESS_EPS || confidence < 0.3) {
        return STATUS_OFF_TRACK;
    }
    if (progress < expected - 0.1 - PROGRESS_EPS || confidence < 0.5) {
        return STATUS_AT_RISK;
    }
    return STATUS_ON_TRACK;
}

enum checkin_status kr_status_now(double progress, double expected, double confidence, int flagged)
{
    enum checkin_status now = progress_status(progress, expected, confidence);
    return flagged > (int)now && flagged <= STATUS_OFF_TRACK ? (enum checkin_status)flagged : now;
}
