/* The weekly rhythm of OKRs and the health of KPIs: pure helpers for the weekly review, the
 * dashboard and the KPI board (web issue, pages 9, 10 and 12). No I/O; `now` is a parameter.
 *
 * Check-in discipline (one definition, used everywhere and documented in docs/web.md): a key
 * result is expected to get a check-in every week. "This week" is the 7 days ending today
 * (today and the 6 days before, UTC dates). By the date of its latest check-in (else of when it
 * was created):
 *   on time: this week;
 *   late:    the 7 days before (last week's, this week's is missing);
 *   missed:  earlier (two weeks without a check-in: the coach's rule R1 fires), or never.
 * A person's discipline is that of their worst key result of the cycle. */
#ifndef OKR_RHYTHM_H
#define OKR_RHYTHM_H

#include "model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum discipline { DISC_ON_TIME, DISC_LATE, DISC_MISSED, DISC_COUNT };

enum {
    RHYTHM_WEEK_DAYS = 7,      /* "this week": today and the 6 days before */
    RHYTHM_DUE_SOON_DAYS = 14, /* initiatives due within this many days show */
};

/* The first second of this week as seen at now (the start of the day 6 days before today). */
int64_t rhythm_week_start(int64_t now);

/* The discipline of a key result whose latest check-in (else creation) was at `last` (epoch
 * seconds; 0 or less: never), seen at now. */
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
