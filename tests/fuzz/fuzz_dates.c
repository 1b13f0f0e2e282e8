/* libFuzzer harness for core/timefmt: date_parse and ts_parse accept exactly the well-formed
 * dates and timestamps of years 1900-9999, and what they accept formats back to the same text;
 * formatting any day or second in that range parses back to the same value. Built and run by
 * tests/fuzz/run.sh (clang -fsanitize=fuzzer,address,undefined); seeds in corpus/dates/. */
#include "core/timefmt.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void fail(const char *what, const char *input)
{
    fprintf(stderr, "fuzz_dates: %s (input \"%s\")\n", what, input);
    abort();
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* An independent reading of "YYYY-MM-DD": the calendar by its rules, no day counting. */
static bool ref_date_ok(const char *s)
{
    if (strlen(s) < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2)) {
        return false;
    }
    int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
    if (y < 1900 || m < 1 || m > 12 || d < 1) {
        return false;
    }
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return d <= (m == 2 && leap ? 29 : dim[m - 1]);
}

static bool ref_ts_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 10) {
        return ref_date_ok(s);
    }
    return n == 20 && ref_date_ok(s) && (s[10] == 'T' || s[10] == ' ') && digits(s + 11, 2) &&
           s[13] == ':' && digits(s + 14, 2) && s[16] == ':' && digits(s + 17, 2) &&
           s[19] == 'Z' && num(s + 11, 2) <= 23 && num(s + 14, 2) <= 59 && num(s + 17, 2) <= 59;
}

static void check_text(const char *s)
{
    int64_t d = 0;
    int rc = date_parse(s, &d);
    if ((rc == 0) != (strlen(s) == 10 && ref_date_ok(s))) {
        fail(rc == 0 ? "date_parse accepted a bad date" : "date_parse refused a good date", s);
    }
    if (rc == 0) {
        char buf[16];
        if (strcmp(date_fmt(buf, d), s) != 0) {
            fail("date_fmt(date_parse(s)) != s", s);
        }
        int64_t y;
        int m, dd;
        date_to_ymd(d, &y, &m, &dd);
        if (date_from_ymd(y, m, dd) != d || date_weekday(d) < 0 || date_weekday(d) > 6) {
            fail("day arithmetic is inconsistent", s);
        }
    }

    int64_t t = 0;
    rc = ts_parse(s, &t);
    if ((rc == 0) != ref_ts_ok(s)) {
        fail(rc == 0 ? "ts_parse accepted a bad timestamp" : "ts_parse refused a good one", s);
    }
    if (rc == 0) {
        char buf[32], want[96];
        if (strlen(s) == 10) {
            snprintf(want, sizeof want, "%sT00:00:00Z", s);
        } else {
            snprintf(want, sizeof want, "%s", s);
            want[10] = 'T';
        }
        if (strcmp(ts_fmt(buf, t), want) != 0) {
            fail("ts_fmt(ts_parse(s)) is not s", s);
        }
        int64_t back = 0;
        if (ts_parse(buf, &back) != 0 || back != t) {
            fail("ts_parse(ts_fmt(t)) != t", s);
        }
    }
}

/* Any day or second in range, taken from the input's first 8 bytes, round-trips. */
static void check_value(const uint8_t *data, size_t size)
{
    if (size < 8) {
        return;
    }
    uint64_t x;
    memcpy(&x, data, sizeof x);
    const int64_t lo = -25567, hi = 2932896; /* 1900-01-01 .. 9999-12-31 */
    int64_t d = lo + (int64_t)(x % (uint64_t)(hi - lo + 1));
    char buf[32];
    int64_t back = 0;
    if (date_parse(date_fmt(buf, d), &back) != 0 || back != d) {
        fail("date_parse(date_fmt(d)) != d", buf);
    }
    const int64_t tlo = lo * 86400, thi = hi * 86400 + 86399;
    int64_t t = tlo + (int64_t)(x % (uint64_t)(thi - tlo + 1));
    if (ts_parse(ts_fmt(buf, t), &back) != 0 || back != t) {
        fail("ts_parse(ts_fmt(t)) != t", buf);
    }
    /* Formatting never overruns, whatever the value (the text may be meaningless). */
    int64_t any;
    memcpy(&any, data, sizeof any);
    ts_fmt(buf, any);
    if (strlen(buf) >= sizeof buf) {
        fail("ts_fmt overran", buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[64];
    size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
    memcpy(s, data, n);
    s[n] = '\0';
    check_text(s);
    check_value(data, size);
    return 0;
}
