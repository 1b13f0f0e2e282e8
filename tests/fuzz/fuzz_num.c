/* libFuzzer harness for core/num: num_parse_i64 agrees with an independent decimal reader on
 * what it accepts and the value; num_parse_double accepts only finite plain decimals; and
 * num_fmt_double writes, for any finite double, a JSON number of at most 31 characters that
 * num_parse_double and jansson both read back as exactly that double; num_parse_typed (a number
 * as people type it) reads what the plain number says once its grouping commas and full-width
 * forms are read, and takes every plain number. Built and run by
 * tests/fuzz/run.sh (clang -fsanitize=fuzzer,address,undefined); seeds in corpus/num/. */
#include "core/num.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void fail(const char *what, const char *input)
{
    fprintf(stderr, "fuzz_num: %s (input \"%s\")\n", what, input);
    abort();
}

/* [+-]?[0-9]+ within int64, read without libc. */
static bool ref_i64(const char *s, int64_t *out)
{
    const char *p = s;
    bool neg = *p == '-';
    if (*p == '+' || *p == '-') {
        p++;
    }
    if (!*p) {
        return false;
    }
    const uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t mag = 0;
    bool over = false;
    for (; *p; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
        unsigned dgt = (unsigned)(*p - '0');
        if (mag > (limit - dgt) / 10) {
            over = true;
        } else {
            mag = mag * 10 + dgt;
        }
    }
    if (over) {
        return false;
    }
    *out = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
    return true;
}

/* The JSON number grammar (RFC 8259 section 6). */
static bool json_number_syntax(const char *s)
{
    const char *p = s;
    if (*p == '-') {
        p++;
    }
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (*p >= '0' && *p <= '9') {
            p++;
        }
    } else {
        return false;
    }
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) {
            return false;
        }
        while (*p >= '0' && *p <= '9') {
            p++;
        }
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') {
            p++;
        }
        if (!(*p >= '0' && *p <= '9')) {
            return false;
        }
        while (*p >= '0' && *p <= '9') {
            p++;
        }
    }
    return *p == '\0';
}

static void check_fmt(double v, const char *input)
{
    char buf[32];
    num_fmt_double(buf, v);
    if (!isfinite(v)) {
        if (strcmp(buf, "null") != 0) {
            fail("a non-finite double is not null", input);
        }
        return;
    }
    if (strlen(buf) > 31 || !json_number_syntax(buf)) {
        fail("num_fmt_double wrote no JSON number", buf);
    }
    double back = 0;
    if (num_parse_double(buf, &back) != 0 || !(back == v)) {
        fail("num_parse_double(num_fmt_double(v)) != v", buf);
    }
    json_t *j = json_loads(buf, JSON_DECODE_ANY, NULL);
    if (!j || !json_is_number(j) || !(json_number_value(j) == v)) {
        fail("jansson does not read num_fmt_double's output back", buf);
    }
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[128];
    size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
    memcpy(s, data, n);
    s[n] = '\0';

    int64_t v = 0, want = 0;
    int rc = num_parse_i64(s, INT64_MIN, INT64_MAX, &v);
    bool ok = ref_i64(s, &want);
    if ((rc == 0) != ok || (ok && v != want)) {
        fail("num_parse_i64 disagrees with the reference", s);
    }
    rc = num_parse_i64(s, -1000, 1000, &v);
    if ((rc == 0) != (ok && want >= -1000 && want <= 1000) || (rc == 0 && v != want)) {
        fail("num_parse_i64 ignores its range", s);
    }

    double d = 0;
    if (num_parse_double(s, &d) == 0) {
        if (!isfinite(d) || strspn(s, "0123456789+-.eE") != strlen(s)) {
            fail("num_parse_double accepted something that is not a finite decimal", s);
        }
        if (ok && !(d == (double)want)) {
            fail("an integer reads differently as a double", s);
        }
        check_fmt(d, s);
    } else if (ok) {
        fail("num_parse_double refused an integer", s);
    }

    /* A number as people type it: never more than the plain parser allows once its grouping
     * commas and full-width forms are read, and exactly that when there are none. */
    double typed = 0;
    if (num_parse_typed(s, &typed) == 0) {
        char plain[128];
        size_t m = 0;
        bool wide = false;
        for (const unsigned char *p = (const unsigned char *)s; *p && m + 1 < sizeof plain; p++) {
            if (*p == ',' || *p == ' ' || *p == '\t') {
                continue;
            }
            if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* the ideographic space */
                p += 2;
                continue;
            }
            if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x8C && p[2] <= 0x99) {
                wide = true;
                if (p[2] != 0x8C) { /* full-width comma: a grouping comma */
                    plain[m++] = p[2] == 0x8D   ? '-'
                                 : p[2] == 0x8E ? '.'
                                                : (char)('0' + p[2] - 0x90);
                }
                p += 2;
                continue;
            }
            plain[m++] = (char)*p;
        }
        plain[m] = '\0';
        double back = 0;
        if (!isfinite(typed) || num_parse_double(plain, &back) != 0 || !(back == typed)) {
            fail("num_parse_typed read what the plain number does not say", s);
        }
        if (!wide && !strchr(s, ',') && num_parse_double(s + strspn(s, " "), &back) == 0 &&
            !(back == typed)) {
            fail("num_parse_typed and num_parse_double disagree on a plain number", s);
        }
    } else if (strlen(s) < NUM_TYPED_MAX && num_parse_double(s, &d) == 0) {
        fail("num_parse_typed refused a plain number", s);
    }

    if (size >= 8) {
        double any;
        memcpy(&any, data, sizeof any);
        check_fmt(any, s);
    }
    return 0;
}
