/* Unit tests for domain/progress: key-result progress for every type and direction, weights,
 * objective progress, roll-up, the expected line of a cycle and check-in status thresholds. */
#include "core/timefmt.h"
#include "domain/meta.h"
#include "domain/progress.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#define EPS 1e-12

static struct key_result kr_make(int type, int direction, double start, double target,
                                 double current)
{
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    kr.objective_id = 1;
    kr.title = "Grow weekly active teams";
    kr.type = type;
    kr.direction = direction;
    kr.start = start;
    kr.target = target;
    kr.current = current;
    kr.confidence = 0.7;
    return kr;
}

static struct key_result kr_weighted(double weight, double progress)
{
    struct key_result kr = kr_make(KR_METRIC, DIR_INCREASE, 0, 100, progress * 100.0);
    kr.weight = weight;
    return kr;
}

struct progress_case {
    int type, direction;
    double start, target, current, want;
};

/* Every KR type x direction: inside the range, on both ends, past both ends. */
static const struct progress_case cases[] = {
    /* metric increase */
    {KR_METRIC, DIR_INCREASE, 10, 20, 15, 0.5},
    {KR_METRIC, DIR_INCREASE, 10, 20, 10, 0.0},
    {KR_METRIC, DIR_INCREASE, 10, 20, 20, 1.0},
    {KR_METRIC, DIR_INCREASE, 10, 20, 25, 1.0}, /* overshoot */
    {KR_METRIC, DIR_INCREASE, 10, 20, 5, 0.0},  /* undershoot: went the wrong way */
    {KR_METRIC, DIR_INCREASE, -10, 10, 0, 0.5}, /* negative start */
    {KR_METRIC, DIR_INCREASE, 0, 4, 1, 0.25},
    /* metric at_least: the same line as increase */
    {KR_METRIC, DIR_AT_LEAST, 0, 100, 30, 0.3},
    {KR_METRIC, DIR_AT_LEAST, 0, 100, 130, 1.0},
    {KR_METRIC, DIR_AT_LEAST, 0, 100, -5, 0.0},
    {KR_METRIC, DIR_AT_LEAST, 0, 100, 100, 1.0},
    /* metric decrease */
    {KR_METRIC, DIR_DECREASE, 100, 50, 75, 0.5},
    {KR_METRIC, DIR_DECREASE, 100, 50, 90, 0.2},
    {KR_METRIC, DIR_DECREASE, 100, 50, 100, 0.0},
    {KR_METRIC, DIR_DECREASE, 100, 50, 50, 1.0},
    {KR_METRIC, DIR_DECREASE, 100, 50, 40, 1.0},  /* overshoot */
    {KR_METRIC, DIR_DECREASE, 100, 50, 120, 0.0}, /* undershoot */
    /* metric at_most: the same line as decrease */
    {KR_METRIC, DIR_AT_MOST, 8, 4, 7, 0.25},
    {KR_METRIC, DIR_AT_MOST, 8, 4, 3, 1.0},
    {KR_METRIC, DIR_AT_MOST, 8, 4, 9, 0.0},
    /* start == target: met or not, in the KR's direction */
    {KR_METRIC, DIR_INCREASE, 5, 5, 5, 1.0},
    {KR_METRIC, DIR_INCREASE, 5, 5, 6, 1.0},
    {KR_METRIC, DIR_INCREASE, 5, 5, 4, 0.0},
    {KR_METRIC, DIR_AT_LEAST, 5, 5, 5, 1.0},
    {KR_METRIC, DIR_AT_LEAST, 5, 5, 7, 1.0},
    {KR_METRIC, DIR_AT_LEAST, 5, 5, 4.9, 0.0},
    {KR_METRIC, DIR_DECREASE, 5, 5, 5, 1.0},
    {KR_METRIC, DIR_DECREASE, 5, 5, 4, 1.0},
    {KR_METRIC, DIR_DECREASE, 5, 5, 6, 0.0},
    {KR_METRIC, DIR_AT_MOST, 5, 5, 5, 1.0},
    {KR_METRIC, DIR_AT_MOST, 5, 5, 2, 1.0},
    {KR_METRIC, DIR_AT_MOST, 5, 5, 5.1, 0.0},
    /* at_least / at_most whose start already meets the target: hold the level */
    {KR_METRIC, DIR_AT_LEAST, 99.9, 99.5, 99.7, 1.0},
    {KR_METRIC, DIR_AT_LEAST, 99.9, 99.5, 99.4, 0.0},
    {KR_METRIC, DIR_AT_MOST, 200, 300, 250, 1.0},
    {KR_METRIC, DIR_AT_MOST, 200, 300, 301, 0.0},
    /* milestones: partial credit below 1, done at 1 or more, direction ignored */
    {KR_MILESTONE, DIR_INCREASE, 0, 1, 0, 0.0},
    {KR_MILESTONE, DIR_INCREASE, 0, 1, 0.5, 0.5},
    {KR_MILESTONE, DIR_INCREASE, 0, 1, 1, 1.0},
    {KR_MILESTONE, DIR_INCREASE, 0, 1, 2, 1.0},
    {KR_MILESTONE, DIR_INCREASE, 0, 1, -0.5, 0.0},
    {KR_MILESTONE, DIR_DECREASE, 0, 1, 0.25, 0.25},
    {KR_MILESTONE, DIR_AT_LEAST, 0, 1, 1, 1.0},
    {KR_MILESTONE, DIR_AT_MOST, 0, 1, 0.75, 0.75},
};

Test(progress, kr_progress_every_type_and_direction)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct progress_case *c = &cases[i];
        struct key_result kr = kr_make(c->type, c->direction, c->start, c->target, c->current);
        double got = kr_progress(&kr);
        cr_expect_float_eq(got, c->want, EPS, "case %zu: type %d dir %d %g->%g at %g: got %g", i,
                           c->type, c->direction, c->start, c->target, c->current, got);
    }
}

Test(progress, kr_progress_stays_in_unit_range)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct progress_case *c = &cases[i];
        struct key_result kr = kr_make(c->type, c->direction, c->start, c->target, 1e300);
        double got = kr_progress(&kr);
        cr_expect(got >= 0.0 && got <= 1.0, "case %zu: %g", i, got);
        kr.current = -1e300;
        got = kr_progress(&kr);
        cr_expect(got >= 0.0 && got <= 1.0, "case %zu: %g", i, got);
    }
}

Test(progress, kr_progress_nan_current_is_zero_not_nan)
{
    struct key_result kr = kr_make(KR_METRIC, DIR_INCREASE, 0, 10, NAN);
    cr_assert_float_eq(kr_progress(&kr), 0.0, EPS);
    kr = kr_make(KR_MILESTONE, DIR_INCREASE, 0, 1, NAN);
    cr_assert_float_eq(kr_progress(&kr), 0.0, EPS);
}

/* Values further apart than the largest double: the gap overflows, the ratio must not. */
Test(progress, kr_progress_over_the_whole_range_of_doubles)
{
    struct key_result kr = kr_make(KR_METRIC, DIR_INCREASE, -1e308, 1e308, 1e308);
    cr_assert_float_eq(kr_progress(&kr), 1.0, EPS);
    kr.current = 0;
    cr_assert_float_eq(kr_progress(&kr), 0.5, EPS);
    kr = kr_make(KR_METRIC, DIR_DECREASE, 1e308, -1e308, -5e307);
    cr_assert_float_eq(kr_progress(&kr), 0.75, EPS);
    kr = kr_make(KR_METRIC, DIR_INCREASE, 0, 1e308, -1e308); /* behind the start */
    cr_assert_float_eq(kr_progress(&kr), 0.0, EPS);
}

Test(progress, weights_unset_share_everything)
{
    struct key_result krs[4];
    double out[4];
    for (size_t i = 0; i < 4; i++) {
        krs[i] = kr_weighted(NAN, 0);
    }
    kr_effective_weights(krs, 4, out);
    for (size_t i = 0; i < 4; i++) {
        cr_expect_float_eq(out[i], 0.25, EPS);
    }
}

Test(progress, weights_unset_share_the_remainder)
{
    struct key_result krs[3] = {kr_weighted(NAN, 0), kr_weighted(0.5, 0), kr_weighted(NAN, 0)};
    double out[3];
    kr_effective_weights(krs, 3, out);
    cr_expect_float_eq(out[0], 0.25, EPS);
    cr_expect_float_eq(out[1], 0.5, EPS);
    cr_expect_float_eq(out[2], 0.25, EPS);
}

Test(progress, weights_explicit_are_kept)
{
    struct key_result krs[3] = {kr_weighted(0.2, 0), kr_weighted(0.3, 0), kr_weighted(0.5, 0)};
    double out[3];
    kr_effective_weights(krs, 3, out);
    cr_expect_float_eq(out[0], 0.2, EPS);
    cr_expect_float_eq(out[1], 0.3, EPS);
    cr_expect_float_eq(out[2], 0.5, EPS);
}

Test(progress, weights_nothing_left_gives_unset_zero)
{
    struct key_result full[2] = {kr_weighted(1.0, 0), kr_weighted(NAN, 0)};
    double out[2] = {-1, -1};
    kr_effective_weights(full, 2, out);
    cr_expect_float_eq(out[0], 1.0, EPS);
    cr_expect_float_eq(out[1], 0.0, EPS);

    struct key_result over[3] = {kr_weighted(0.7, 0), kr_weighted(0.6, 0), kr_weighted(NAN, 0)};
    double out3[3] = {-1, -1, -1};
    kr_effective_weights(over, 3, out3);
    cr_expect_float_eq(out3[0], 0.7, EPS);
    cr_expect_float_eq(out3[1], 0.6, EPS);
    cr_expect_float_eq(out3[2], 0.0, EPS, "unset weight must not go negative: %g", out3[2]);
}

Test(progress, weights_zero_krs_writes_nothing)
{
    double out[1] = {42};
    kr_effective_weights(NULL, 0, out);
    cr_assert_float_eq(out[0], 42, EPS);
}

static enum err_code check_weights(const double *w, size_t n, struct err *err)
{
    struct key_result krs[8];
    for (size_t i = 0; i < n; i++) {
        krs[i] = kr_weighted(w[i], 0);
    }
    err_clear(err);
    return kr_weights_check(krs, n, err);
}

Test(progress, weights_check_accepts)
{
    struct err err;
    const double none[] = {NAN, NAN, NAN};
    const double mixed[] = {0.3, NAN, NAN};
    const double full_with_unset[] = {1.0, NAN};
    const double exact[] = {0.25, 0.25, 0.5};
    const double decimal[] = {0.1, 0.2, 0.7};
    const double within[] = {0.5, 0.5000005};
    const double within_with_unset[] = {0.5, 0.5000005, NAN};
    const double within_low[] = {0.5, 0.4999995};
    const double zeros_and_one[] = {0, 0, 1};
    cr_expect_eq(check_weights(none, 3, &err), ERR_OK);
    cr_expect_eq(check_weights(mixed, 3, &err), ERR_OK);
    cr_expect_eq(check_weights(full_with_unset, 2, &err), ERR_OK);
    cr_expect_eq(check_weights(exact, 3, &err), ERR_OK);
    cr_expect_eq(check_weights(decimal, 3, &err), ERR_OK, "%s", err.msg);
    cr_expect_eq(check_weights(within, 2, &err), ERR_OK, "%s", err.msg);
    cr_expect_eq(check_weights(within_low, 2, &err), ERR_OK, "%s", err.msg);
    cr_expect_eq(check_weights(within_with_unset, 3, &err), ERR_OK, "%s", err.msg);
    cr_expect_eq(check_weights(zeros_and_one, 3, &err), ERR_OK);
    cr_expect_eq(check_weights(NULL, 0, &err), ERR_OK);
}

Test(progress, weights_check_rejects)
{
    struct err err;
    const double over_with_unset[] = {0.7, 0.6, NAN};
    const double over[] = {0.5, 0.500002};
    const double over_tiny_with_unset[] = {0.5, 0.500002, NAN};
    const double under[] = {0.5, 0.4};
    const double under_tiny[] = {0.5, 0.499998};
    const double negative[] = {-0.1, NAN};
    const double above_one[] = {1.5, NAN};
    const double infinite[] = {INFINITY, NAN};
    const double all_zero[] = {0, 0};
    struct {
        const double *w;
        size_t n;
    } bad[] = {
        {over_with_unset, 3}, {over, 2},     {under, 2},
        {under_tiny, 2},      {negative, 2}, {above_one, 2},
        {infinite, 2},        {all_zero, 2}, {over_tiny_with_unset, 3},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_expect_eq(check_weights(bad[i].w, bad[i].n, &err), ERR_INVALID, "case %zu", i);
        cr_expect_eq(err.code, ERR_INVALID, "case %zu", i);
        cr_expect_str_eq(err.field, "weight", "case %zu", i);
        cr_expect_neq(err.msg[0], '\0', "case %zu", i);
    }
}

Test(progress, weights_check_names_the_key_result)
{
    struct err err;
    struct key_result krs[2] = {kr_weighted(NAN, 0), kr_weighted(2.0, 0)};
    krs[1].title = "降低客户流失率";
    err_clear(&err);
    cr_assert_eq(kr_weights_check(krs, 2, &err), ERR_INVALID);
    cr_assert(strstr(err.msg, "降低客户流失率") != NULL, "%s", err.msg);
}

Test(progress, objective_with_no_krs_is_zero)
{
    cr_assert_float_eq(objective_progress(NULL, 0), 0.0, EPS);
}

Test(progress, objective_equal_weights_is_the_mean)
{
    struct key_result krs[3] = {kr_weighted(NAN, 0.2), kr_weighted(NAN, 0.4),
                                kr_weighted(NAN, 0.9)};
    cr_assert_float_eq(objective_progress(krs, 3), 0.5, 1e-9);
}

Test(progress, objective_explicit_weights)
{
    struct key_result krs[2] = {kr_weighted(0.75, 1.0), kr_weighted(0.25, 0.0)};
    cr_assert_float_eq(objective_progress(krs, 2), 0.75, EPS);
}

Test(progress, objective_mixed_weights)
{
    /* The explicit half is at 0; the two unset ones share the other half and are done. */
    struct key_result krs[3] = {kr_weighted(0.5, 0.0), kr_weighted(NAN, 1.0),
                                kr_weighted(NAN, 1.0)};
    cr_assert_float_eq(objective_progress(krs, 3), 0.5, EPS);
}

Test(progress, objective_uses_kr_progress_clamped)
{
    /* An overshooting KR counts as 1, not 3. */
    struct key_result krs[2] = {kr_weighted(NAN, 3.0), kr_weighted(NAN, 0.0)};
    cr_assert_float_eq(objective_progress(krs, 2), 0.5, EPS);
}

Test(progress, objective_weights_over_one_are_normalised)
{
    struct key_result krs[3] = {kr_weighted(0.6, 1.0), kr_weighted(0.6, 0.0),
                                kr_weighted(NAN, 1.0)};
    double p = objective_progress(krs, 3);
    cr_assert_float_eq(p, 0.5, 1e-9, "%g", p);
}

Test(progress, objective_all_zero_weights_is_plain_mean)
{
    struct key_result krs[2] = {kr_weighted(0.0, 1.0), kr_weighted(0.0, 0.5)};
    cr_assert_float_eq(objective_progress(krs, 2), 0.75, EPS);
}

Test(progress, rollup_nothing_is_zero)
{
    cr_assert_float_eq(objective_rollup(0.0, 0, NULL, 0), 0.0, EPS);
    cr_assert_float_eq(objective_rollup(0.8, 0, NULL, 0), 0.0, EPS);
}

Test(progress, rollup_own_only)
{
    cr_assert_float_eq(objective_rollup(0.8, 1, NULL, 0), 0.8, EPS);
}

Test(progress, rollup_children_only_ignores_own)
{
    const double children[] = {0.2, 0.4};
    cr_assert_float_eq(objective_rollup(0.9, 0, children, 2), 0.3, 1e-12);
}

Test(progress, rollup_own_and_children_each_count_once)
{
    const double children[] = {0.3, 0.6};
    cr_assert_float_eq(objective_rollup(0.9, 1, children, 2), 0.6, 1e-12);
    const double one[] = {0.2};
    cr_assert_float_eq(objective_rollup(1.0, 1, one, 1), 0.6, 1e-12);
}

Test(progress, rollup_clamps_inputs)
{
    const double children[] = {1.5, -1.0};
    cr_assert_float_eq(objective_rollup(2.0, 1, children, 2), 2.0 / 3.0, 1e-12);
}

Test(progress, expected_before_and_at_start)
{
    int64_t start = date_from_ymd(2026, 1, 1), end = date_from_ymd(2026, 3, 31); /* 90 days */
    cr_expect_float_eq(expected_progress(start, end, start - 1), 0.0, EPS);
    cr_expect_float_eq(expected_progress(start, end, start - 400), 0.0, EPS);
    cr_expect_float_eq(expected_progress(start, end, start), 1.0 / 90.0, EPS);
}

Test(progress, expected_at_and_after_end)
{
    int64_t start = date_from_ymd(2026, 1, 1), end = date_from_ymd(2026, 3, 31);
    cr_expect_float_eq(expected_progress(start, end, end), 1.0, EPS);
    cr_expect_float_eq(expected_progress(start, end, end - 1), 89.0 / 90.0, EPS);
    cr_expect_float_eq(expected_progress(start, end, end + 1), 1.0, EPS);
    cr_expect_float_eq(expected_progress(start, end, end + 1000), 1.0, EPS);
}

Test(progress, expected_mid_cycle)
{
    int64_t start = date_from_ymd(2026, 1, 1), end = date_from_ymd(2026, 3, 31);
    cr_expect_float_eq(expected_progress(start, end, start + 44), 0.5, EPS);
    cr_expect_float_eq(expected_progress(start, end, start + 8), 0.1, EPS);
    /* A ten-day cycle. */
    cr_expect_float_eq(expected_progress(100, 109, 102), 0.3, EPS);
}

Test(progress, expected_one_day_cycle)
{
    int64_t day = date_from_ymd(2026, 6, 15);
    cr_expect_float_eq(expected_progress(day, day, day - 1), 0.0, EPS);
    cr_expect_float_eq(expected_progress(day, day, day), 1.0, EPS);
    cr_expect_float_eq(expected_progress(day, day, day + 1), 1.0, EPS);
}

Test(progress, expected_with_missing_dates_is_zero)
{
    cr_expect_float_eq(expected_progress(DATE_NONE, 100, 50), 0.0, EPS);
    cr_expect_float_eq(expected_progress(0, DATE_NONE, 50), 0.0, EPS);
    cr_expect_float_eq(expected_progress(0, 100, DATE_NONE), 0.0, EPS);
    /* Far-apart values must not overflow (UBSan watches). */
    double v = expected_progress(INT64_MIN + 1, INT64_MAX, 0);
    cr_expect(v >= 0.0 && v <= 1.0);
}

Test(progress, status_on_track)
{
    cr_expect_eq(progress_status(0.5, 0.5, 0.9), STATUS_ON_TRACK);
    cr_expect_eq(progress_status(1.0, 0.2, 0.5), STATUS_ON_TRACK);
    cr_expect_eq(progress_status(0.0, 0.0, 1.0), STATUS_ON_TRACK);
}

/* The owner's word at the last check-in counts when it is worse than the figures; an old "on
 * track" does not hide that the line moved on. */
Test(progress, status_now_takes_the_worse_of_the_word_and_the_figures)
{
    cr_expect_eq(kr_status_now(0.5, 0.5, 0.9, STATUS_OFF_TRACK), STATUS_OFF_TRACK);
    cr_expect_eq(kr_status_now(0.5, 0.5, 0.9, STATUS_AT_RISK), STATUS_AT_RISK);
    cr_expect_eq(kr_status_now(0.1, 0.6, 0.9, STATUS_ON_TRACK), STATUS_OFF_TRACK);
    cr_expect_eq(kr_status_now(0.5, 0.5, 0.9, -1), STATUS_ON_TRACK);
    cr_expect_eq(kr_status_now(0.5, 0.5, 0.9, 7), STATUS_ON_TRACK, "not a status: the figures");
}

Test(progress, status_progress_boundaries)
{
    /* Exactly expected - 0.1 is still on track; a hair less is at risk. */
    cr_expect_eq(progress_status(0.6, 0.7, 0.9), STATUS_ON_TRACK);
    cr_expect_eq(progress_status(0.4, 0.5, 0.9), STATUS_ON_TRACK);
    /* 0.28 - 0.1 is 0.18000000000000002 in binary: 0.18 is still on the line. */
    cr_expect_eq(progress_status(0.18, 0.28, 0.9), STATUS_ON_TRACK);
    cr_expect_eq(progress_status(0.59, 0.7, 0.9), STATUS_AT_RISK);
    cr_expect_eq(progress_status(0.6 - 1e-6, 0.7, 0.9), STATUS_AT_RISK);
    /* Exactly expected - 0.25 is at risk; a hair less is off track. */
    cr_expect_eq(progress_status(0.25, 0.5, 0.9), STATUS_AT_RISK);
    cr_expect_eq(progress_status(0.55, 0.8, 0.9), STATUS_AT_RISK);
    cr_expect_eq(progress_status(0.45, 0.7, 0.9), STATUS_AT_RISK);
    /* 0.4 - 0.25 is 0.15000000000000002 in binary: 0.15 is still on the line. */
    cr_expect_eq(progress_status(0.15, 0.4, 0.9), STATUS_AT_RISK);
    cr_expect_eq(progress_status(0.54, 0.8, 0.9), STATUS_OFF_TRACK);
    cr_expect_eq(progress_status(0.55 - 1e-6, 0.8, 0.9), STATUS_OFF_TRACK);
    cr_expect_eq(progress_status(0.0, 1.0, 1.0), STATUS_OFF_TRACK);
}

Test(progress, status_confidence_boundaries)
{
    cr_expect_eq(progress_status(0.5, 0.5, 0.29), STATUS_OFF_TRACK);
    cr_expect_eq(progress_status(0.5, 0.5, 0.0), STATUS_OFF_TRACK);
    cr_expect_eq(progress_status(0.5, 0.5, 0.3), STATUS_AT_RISK);
    cr_expect_eq(progress_status(0.5, 0.5, 0.49), STATUS_AT_RISK);
    cr_expect_eq(progress_status(0.5, 0.5, 0.5), STATUS_ON_TRACK);
    /* Good progress does not rescue low confidence, and the worse signal wins. */
    cr_expect_eq(progress_status(1.0, 0.1, 0.2), STATUS_OFF_TRACK);
    cr_expect_eq(progress_status(0.1, 0.5, 0.4), STATUS_OFF_TRACK);
    cr_expect_eq(progress_status(0.35, 0.5, 0.6), STATUS_AT_RISK);
}
