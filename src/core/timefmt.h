/* Calendar dates (days since 1970-01-01) and timestamps (seconds since the epoch, UTC):
 * parsing with validation and formatting. Pure: nothing here reads the clock. */
#ifndef OKR_TIMEFMT_H
#define OKR_TIMEFMT_H

#include <stdint.h>

#define DATE_NONE INT64_MIN

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t date_from_ymd(int64_t y, int m, int d);
void date_to_ymd(int64_t days, int64_t *y, int *m, int *d);
/* Parses exactly "YYYY-MM-DD" (a real date, years 1900-9999). Returns 0 or -1. */
int date_parse(const char *s, int64_t *days);
/* Writes "YYYY-MM-DD" (11 bytes with NUL). */
char *date_fmt(char buf[16], int64_t days);
/* Parses "YYYY-MM-DDTHH:MM:SSZ" (or with a space, or a bare date meaning midnight UTC). */
int ts_parse(const char *s, int64_t *secs);
/* Writes "YYYY-MM-DDTHH:MM:SSZ". */
char *ts_fmt(char buf[32], int64_t secs);
/* Day of the week, 0 = Monday. */
int date_weekday(int64_t days);

#endif
