/* Scoring on Google's 0.0-1.0 scale: bands, the expectation per objective kind, suggestions. */
#ifndef OKR_SCORE_H
#define OKR_SCORE_H

#include "core/err.h"
#include "model.h"

enum score_band { BAND_RED, BAND_YELLOW, BAND_GREEN };

/* red below 0.4, yellow from 0.4 below 0.7, green from 0.7 (edges with 1e-9 slack); NaN is red. */
enum score_band score_band(double score);
/* "red", "yellow", "green". */
const char *score_band_name(enum score_band band);
/* What a healthy score looks like for the kind: committed 1.0, aspirational 0.7. */
double score_expected(enum objective_kind kind);
/* A suggested score from progress: rounded to the nearest 0.1 (halves up), in [0, 1]; NaN: 0. */
double score_suggest(double progress);
/* Checks a score given by a person: finite, in [0, 1]. field names the score ("score" if NULL).
 * Fails with ERR_INVALID on that field. */
enum err_code score_check(double score, const char *field, struct err *err);
/* The final score when none is given: the manager score if set, else the self score, else NaN. */
double score_final_default(const struct objective *o);
/* True when a committed objective's final score is under 1.0: it needs a post-mortem note.
 * False while final_score is unset (NaN). */
int score_needs_postmortem(const struct objective *o);

#endif
