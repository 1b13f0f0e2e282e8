/* Check-in discipline, KPI health and score bins (rhythm.h). Pure: no I/O, no clock. */
#include "rhythm.h"

#include <math.h>

#define RHYTHM_EPS 1e-9

enum discipline checkin_discipline(int64_t last, int64_t now)
{
    if (last <= 0) {
        return DISC_MISSED;
    }
    int64_t age = now - last;
    if (age < RHYTHM_WEEK_S) {
        return DISC_ON_TIME;
    }
    return age < RHYTHM_MISSED_S ? DISC_LATE : DISC_MISSED;
}

enum discipline discipline_worse(enum discipline a, enum discipline b)
{
    return a > b ? a : b;
}

bool kpi_healthy(const struct kpi *k, double value)
{
    if (isnan(value)) {
        return false;
    }
    if (k->direction == DIR_AT_MOST || k->direction == DIR_DECREASE) {
        return value <= k->threshold + RHYTHM_EPS;
    }
    return value >= k->threshold - RHYTHM_EPS;
}

size_t score_bin(double score, size_t nbins)
{
    if (isnan(score)) {
        return nbins;
    }
    double s = score < 0 ? 0 : score > 1 ? 1 : score;
    size_t b = (size_t)(s * (double)nbins + RHYTHM_EPS);
    return b >= nbins ? nbins - 1 : b;
}
