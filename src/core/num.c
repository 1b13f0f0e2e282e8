/* Number parsing and formatting. */
#include "num.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (!s || !*s || (*s != '-' && *s != '+' && (*s < '0' || *s > '9'))) {
        return -1;
    }
    errno = 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (errno || *end != '\0' || v < min || v > max) {
        return -1;
    }
    *out = (int64_t)v;
    return 0;
}

int num_parse_double(const char *s, double *out)
{
    if (!s || !*s) {
        return -1;
    }
    /* strtod accepts hex, inf and nan and leading space: none of those are numbers a user means. */
    for (const char *p = s; *p; p++) {
        if (!strchr("0123456789+-.eE", *p)) {
            return -1;
        }
    }
    errno = 0;
    char *end = NULL;
    double v = strtod(s, &end);
    if (errno == ERANGE || *end != '\0' || end == s || !isfinite(v)) {
        return -1;
    }
    *out = v;
    return 0;
}

char *num_fmt_double(char buf[32], double v)
{
    if (!isfinite(v)) {
        snprintf(buf, 32, "null");
        return buf;
    }
    if (v == 0) {
        snprintf(buf, 32, "0"); /* also for -0: a score or value of "-0" only confuses */
        return buf;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) {
            break;
        }
    }
    return buf;
}
