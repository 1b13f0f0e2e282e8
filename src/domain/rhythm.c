/* Check-in discipline, KPI health and score bins (rhythm.h). Pure: no I/O, no clock. */
#include "rhythm.h"

#include <math.h>

#define RHYTHM_EPS 1e-9

static int64_t day_of(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

int64_t rhythm_week_start(int64_t now)
{
    return (day_of(now) - (RHYTHM_WEEK_DAYS - 1)) * 86400;
}

enum discipline checkin_discipline(int64_t last, int64_t now)
{
    if (last <= 0) {
        return DISC_MISSED;
    }
    int64_t week = rhythm_week_start(now);
    if (last >= week) {
        return DISC_ON_TIME;
    }
    return last >= week - RHYTHM_WEEK_DAYS * 86400 ? DISC_LATE : DISC_MISSED;
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
