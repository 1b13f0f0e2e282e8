/* The weekly rhythm of OKRs and the health of KPIs: pure helpers for the weekly review, the
 * dashboard and the KPI board (web issue, pages 9, 10 and 12). No I/O; `now` is a parameter.
 *
 * Check-in discipline (one definition, used everywhere and documented in docs/web.md): a key
 * result is expected to get a check-in every week. Measured from its latest check-in (else
 * from when it was created) to now:
 *   on time: within the last 7 days (this week);
 *   late:    7 to 14 days ago (last week's, this week's is missing);
 *   missed:  14 days or more (the coach's rule R1 fires), or never.
 * A person's discipline is that of their worst key result of the cycle. */
#ifndef OKR_RHYTHM_H
#define OKR_RHYTHM_H

#include "model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum discipline { DISC_ON_TIME, DISC_LATE, DISC_MISSED, DISC_COUNT };

enum {
    RHYTHM_WEEK_S = 7 * 86400,    /* "this week": the 7 days up to now */
    RHYTHM_MISSED_S = 14 * 86400, /* no check-in this long: missed */
    RHYTHM_DUE_SOON_DAYS = 14,    /* initiatives due within this many days show */
};

/* The discipline of a key result whose latest check-in (else creation) was at `last` (epoch
 * seconds; 0 or less: never). */
enum discipline checkin_discipline(int64_t last, int64_t now);

/* The worse of two disciplines (missed > late > on time). */
enum discipline discipline_worse(enum discipline a, enum discipline b);

/* True when value meets the KPI's threshold in its direction: at_least: value >= threshold;
 * at_most: value <= threshold (1e-9 of slack for decimal input). NaN is not healthy. */
bool kpi_healthy(const struct kpi *k, double value);

/* The histogram bin of a score in [0, 1] among nbins equal bins (1.0 falls in the last); scores
 * outside are clamped; NaN returns nbins (unscored). nbins must be > 0. */
size_t score_bin(double score, size_t nbins);

#endif
