/* Unit tests for domain/score: bands and their edges, expectations per kind, suggestions,
 * checks on given scores, the default final score and the post-mortem rule. */
#include "domain/meta.h"
#include "domain/score.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

static struct objective score_obj(int kind, double self, double manager, double final)
{
    struct objective o;
    meta_init(&entity_objective, &o);
    o.cycle_id = 1;
    o.title = "Win the mid-market";
    o.kind = kind;
    o.self_score = self;
    o.manager_score = manager;
    o.final_score = final;
    return o;
}

Test(score, band_edges)
{
    cr_expect_eq(score_band(0.0), BAND_RED);
    cr_expect_eq(score_band(0.39), BAND_RED);
    cr_expect_eq(score_band(0.4 - 1e-6), BAND_RED);
    cr_expect_eq(score_band(0.4), BAND_YELLOW);
    cr_expect_eq(score_band(0.5), BAND_YELLOW);
    cr_expect_eq(score_band(0.69), BAND_YELLOW);
    cr_expect_eq(score_band(0.7 - 1e-6), BAND_YELLOW);
    cr_expect_eq(score_band(0.7), BAND_GREEN);
    cr_expect_eq(score_band(0.85), BAND_GREEN);
    cr_expect_eq(score_band(1.0), BAND_GREEN);
}

Test(score, band_edges_hold_for_computed_values)
{
    /* Sums that land a hair off the decimal edge keep the decimal's band. */
    cr_expect_eq(score_band(0.1 * 4), BAND_YELLOW);
    cr_expect_eq(score_band(0.1 + 0.3), BAND_YELLOW);
    cr_expect_eq(score_band(0.1 * 7), BAND_GREEN);
    cr_expect_eq(score_band(0.35 + 0.35), BAND_GREEN);
    cr_expect_eq(score_band(1.0 - 0.3), BAND_GREEN);
    cr_expect_eq(score_band(1.0 - 0.6), BAND_YELLOW);
    /* 0.6 - 0.2 is 0.39999999999999997 in binary: still yellow. */
    cr_expect_eq(score_band(0.6 - 0.2), BAND_YELLOW);
    cr_expect_eq(score_band(0.7 - 1e-10), BAND_GREEN);
}

Test(score, band_of_nan_is_red)
{
    cr_expect_eq(score_band(NAN), BAND_RED);
}

Test(score, band_names)
{
    cr_expect_str_eq(score_band_name(BAND_RED), "red");
    cr_expect_str_eq(score_band_name(BAND_YELLOW), "yellow");
    cr_expect_str_eq(score_band_name(BAND_GREEN), "green");
}

Test(score, expected_per_kind)
{
    cr_expect_float_eq(score_expected(KIND_COMMITTED), 1.0, 1e-12);
    cr_expect_float_eq(score_expected(KIND_ASPIRATIONAL), 0.7, 1e-12);
}

Test(score, suggest_rounds_to_tenths)
{
    const struct {
        double progress, want;
    } cases[] = {
        {0.0, 0.0},  {0.04, 0.0}, {0.05, 0.1}, {0.14, 0.1}, {0.25, 0.3},    {0.5, 0.5},
        {0.64, 0.6}, {0.66, 0.7}, {0.75, 0.8}, {0.94, 0.9}, {0.95, 1.0},    {1.0, 1.0},
        {1.5, 1.0},  {-0.2, 0.0}, {NAN, 0.0},  {0.7, 0.7},  {1.0 / 3, 0.3}, {2.0 / 3, 0.7},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = score_suggest(cases[i].progress);
        /* Exact: a suggested 0.7 must be the same double as a typed 0.7 (and so green). */
        cr_expect(got == cases[i].want, "case %zu: suggest(%g) = %.17g, want %g", i,
                  cases[i].progress, got, cases[i].want);
    }
}

Test(score, suggest_keeps_band_consistent)
{
    cr_expect_eq(score_band(score_suggest(0.66)), BAND_GREEN);
    cr_expect_eq(score_band(score_suggest(0.36)), BAND_YELLOW);
    cr_expect_eq(score_band(score_suggest(0.34)), BAND_RED);
}

Test(score, check_accepts_the_scale)
{
    struct err err;
    const double ok[] = {0.0, 0.3, 0.7, 1.0};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        err_clear(&err);
        cr_expect_eq(score_check(ok[i], "self_score", &err), ERR_OK, "%g", ok[i]);
        cr_expect_eq(err.code, ERR_OK);
    }
}

Test(score, check_rejects)
{
    struct err err;
    const double bad[] = {NAN, INFINITY, -INFINITY, -0.01, -1.0, 1.01, 7.0};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&err);
        cr_expect_eq(score_check(bad[i], "manager_score", &err), ERR_INVALID, "%g", bad[i]);
        cr_expect_eq(err.code, ERR_INVALID);
        cr_expect_str_eq(err.field, "manager_score");
        cr_expect(strstr(err.msg, "manager_score") != NULL, "%s", err.msg);
    }
}

Test(score, check_without_field_name)
{
    struct err err;
    err_clear(&err);
    cr_assert_eq(score_check(2.0, NULL, &err), ERR_INVALID);
    cr_assert_str_eq(err.field, "score");
    cr_assert_eq(score_check(2.0, "final_score", NULL), ERR_INVALID);
}

Test(score, final_default)
{
    struct objective o = score_obj(KIND_COMMITTED, 0.6, 0.8, NAN);
    cr_expect_float_eq(score_final_default(&o), 0.8, 1e-12);
    o = score_obj(KIND_COMMITTED, 0.6, NAN, NAN);
    cr_expect_float_eq(score_final_default(&o), 0.6, 1e-12);
    o = score_obj(KIND_COMMITTED, NAN, 0.4, NAN);
    cr_expect_float_eq(score_final_default(&o), 0.4, 1e-12);
    o = score_obj(KIND_COMMITTED, NAN, NAN, NAN);
    cr_expect(isnan(score_final_default(&o)));
    /* A manager score of 0 is a score, not "none". */
    o = score_obj(KIND_COMMITTED, 0.9, 0.0, NAN);
    cr_expect_float_eq(score_final_default(&o), 0.0, 1e-12);
    o = score_obj(KIND_COMMITTED, 0.0, NAN, NAN);
    cr_expect_float_eq(score_final_default(&o), 0.0, 1e-12);
}

Test(score, postmortem_for_committed_under_one)
{
    struct objective o = score_obj(KIND_COMMITTED, NAN, NAN, 0.9);
    cr_expect(score_needs_postmortem(&o));
    o = score_obj(KIND_COMMITTED, NAN, NAN, 0.0);
    cr_expect(score_needs_postmortem(&o));
    o = score_obj(KIND_COMMITTED, 1.0, 1.0, 0.99);
    cr_expect(score_needs_postmortem(&o), "the final score decides, not self or manager");
}

Test(score, no_postmortem_otherwise)
{
    struct objective o = score_obj(KIND_COMMITTED, NAN, NAN, 1.0);
    cr_expect(!score_needs_postmortem(&o));
    o = score_obj(KIND_ASPIRATIONAL, NAN, NAN, 0.5);
    cr_expect(!score_needs_postmortem(&o));
    o = score_obj(KIND_ASPIRATIONAL, NAN, NAN, 0.0);
    cr_expect(!score_needs_postmortem(&o));
    o = score_obj(KIND_COMMITTED, 0.2, 0.2, NAN);
    cr_expect(!score_needs_postmortem(&o), "not scored yet");
}
