/* Check-in discipline for a person's dossier (DESIGN.md 1.6): of the weeks a cycle has run, the
 * share with at least one check-in on the person's key results. Pure: `today` is a parameter. */
#ifndef OKR_DOSSIER_H
#define OKR_DOSSIER_H

#include <stddef.h>
#include <stdint.h>

/* The Monday-based week a date (days since 1970-01-01) falls in: weeks are numbered from the
 * week of Monday 1969-12-29, so that week_of(d) == week_of(e) when d and e share a Monday. */
int64_t week_of(int64_t day);

struct discipline {
    size_t weeks;        /* weeks the cycle has run by today */
    size_t with_checkin; /* of those, weeks with at least one check-in */
};

/* The discipline over the cycle [start, end] (dates, inclusive) as of today, from the times
 * (epoch seconds, any order) of the check-ins in ats[0..n). A week counts when the cycle has run
 * through it (its last day in the cycle is before today), or when it is the current week and has
 * a check-in already: nobody is late for a week that is not over. Check-ins outside the counted
 * weeks are ignored. A cycle that has not started counts no week. */
void discipline_of(int64_t start, int64_t end, int64_t today, const int64_t *ats, size_t n,
                   struct discipline *out);

#endif
