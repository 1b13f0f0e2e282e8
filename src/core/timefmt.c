/* Date arithmetic after Howard Hinnant's civil-from-days algorithms. */
#include "timefmt.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int64_t date_from_ymd(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int64_t y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

static int parse_ymd(const char *s, int64_t *days)
{
    int y, m, d;
    if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) || s[7] != '-' ||
        digits(s + 8, 2, &d)) {
        return -1;
    }
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
        return -1;
    }
    *days = date_from_ymd(y, m, d);
    return 0;
}

int date_parse(const char *s, int64_t *days)
{
    if (!s || strlen(s) != 10) {
        return -1;
    }
    return parse_ymd(s, days);
}

/* Writes v (0 <= v < 10^width) as exactly width digits. */
static void put_digits(char *out, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

char *date_fmt(char buf[16], int64_t days)
{
    int64_t y;
    int m, d;
    date_to_ymd(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        snprintf(buf, 16, "%04lld-%02d-%02d", (long long)y, m, d);
        return buf;
    }
    put_digits(buf, (int)y, 4); /* by hand: a page or a tree prints thousands of dates */
    buf[4] = '-';
    put_digits(buf + 5, m, 2);
    buf[7] = '-';
    put_digits(buf + 8, d, 2);
    buf[10] = '\0';
    return buf;
}

int ts_parse(const char *s, int64_t *secs)
{
    int64_t days;
    size_t n = s ? strlen(s) : 0;
    if (n == 10) {
        if (parse_ymd(s, &days)) {
            return -1;
        }
        *secs = days * 86400;
        return 0;
    }
    int hh, mm, ss;
    if (n != 20 || parse_ymd(s, &days) || (s[10] != 'T' && s[10] != ' ') ||
        digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm) || s[16] != ':' ||
        digits(s + 17, 2, &ss) || s[19] != 'Z' || hh > 23 || mm > 59 || ss > 59) {
        return -1;
    }
    *secs = days * 86400 + hh * 3600 + mm * 60 + ss;
    return 0;
}

char *ts_fmt(char buf[32], int64_t secs)
{
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    char d[16];
    size_t n = strlen(date_fmt(d, days));
    if (n > 16) { /* not reached: date_fmt writes at most 15 characters */
        n = 16;
    }
    memcpy(buf, d, n);
    buf[n] = 'T';
    put_digits(buf + n + 1, (int)(rem / 3600), 2);
    buf[n + 3] = ':';
    put_digits(buf + n + 4, (int)(rem / 60 % 60), 2);
    buf[n + 6] = ':';
    put_digits(buf + n + 7, (int)(rem % 60), 2);
    buf[n + 9] = 'Z';
    buf[n + 10] = '\0';
    return buf;
}

int date_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}
