/* Check-in discipline (dossier.h). */
#include "dossier.h"

#include <string.h>

enum { WEEKS_MAX = 1100 }; /* about 21 years: longer cycles count their first 21 years */

int64_t week_of(int64_t day)
{
    /* Day -3 (1969-12-29) was a Monday; floor division for days before it. */
    int64_t d = day + 3;
    return d >= 0 ? d / 7 : -((-d + 6) / 7);
}

void discipline_of(int64_t start, int64_t end, int64_t today, const int64_t *ats, size_t n,
                   struct discipline *out)
{
    memset(out, 0, sizeof *out);
    if (end < start || today < start) {
        return;
    }
    int64_t first = week_of(start);
    int64_t last = week_of(end < today ? end : today);
    if (last - first + 1 > WEEKS_MAX) {
        last = first + WEEKS_MAX - 1;
    }
    unsigned char seen[WEEKS_MAX];
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < n; i++) {
        int64_t day = ats[i] >= 0 ? ats[i] / 86400 : -((-ats[i] + 86399) / 86400);
        if (day < start || day > end) {
            continue;
        }
        int64_t w = week_of(day);
        if (w >= first && w <= last) {
            seen[w - first] = 1;
        }
    }
    for (int64_t w = first; w <= last; w++) {
        /* The last day of week w inside the cycle. */
        int64_t week_end = (w + 1) * 7 - 3 - 1;
        if (week_end > end) {
            week_end = end;
        }
        int over = week_end < today;
        if (over || seen[w - first]) {
            out->weeks++;
            out->with_checkin += seen[w - first];
        }
    }
}
