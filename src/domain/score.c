/* Scoring on the 0.0-1.0 scale: colour bands, what each objective kind should score, suggested
 * scores from progress, checks on scores people give, and the post-mortem rule. Pure. */
#include "score.h"

#include <math.h>

/* Slack below a band's lower edge, so that a computed 0.7 that lands a hair low is still green. */
#define SCORE_EPS 1e-9

enum score_band score_band(double score)
{
    if (score >= 0.7 - SCORE_EPS) {
        return BAND_GREEN;
    }
    if (score >= 0.4 - SCORE_EPS) {
        return BAND_YELLOW;
    }
    return BAND_RED;
}

const char *score_band_name(enum score_band band)
{
    switch (band) {
    case BAND_RED:
        return "red";
    case BAND_YELLOW:
        return "yellow";
    case BAND_GREEN:
        return "green";
    }
    return "?";
}

double score_expected(enum objective_kind kind)
{
    return kind == KIND_COMMITTED ? 1.0 : 0.7;
}

double score_suggest(double progress)
{
    if (isnan(progress) || progress <= 0.0) {
        return 0.0;
    }
    if (progress >= 1.0) {
        return 1.0;
    }
    return round(progress * 10.0) / 10.0;
}

enum err_code score_check(double score, const char *field, struct err *err)
{
    if (!isfinite(score) || score < 0.0 || score > 1.0) {
        const char *name = field ? field : "score";
        return err_set(err, ERR_INVALID, name, "%s must be a number from 0 to 1", name);
    }
    return ERR_OK;
}

double score_final_default(const struct objective *o)
{
    if (!isnan(o->manager_score)) {
        return o->manager_score;
    }
    if (!isnan(o->self_score)) {
        return o->self_score;
    }
    return NAN;
}

int score_needs_postmortem(const struct objective *o)
{
    return o->kind == KIND_COMMITTED && !isnan(o->final_score) && o->final_score < 1.0;
}
