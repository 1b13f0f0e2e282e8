/* Number parsing and formatting. */
#include "num.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
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
    char *end = NULL;
    double v = strtod(s, &end);
    /* Overflow gives an infinity (refused below); underflow (ERANGE with a subnormal or zero) is
     * a real value: num_fmt_double writes subnormals, and they must read back. */
    if (*end != '\0' || end == s || !isfinite(v)) {
        return -1;
    }
    *out = v;
    return 0;
}

/* Appends n bytes of s to the 32-byte buf at *len, keeping it NUL-terminated. */
static void put(char *buf, size_t *len, const char *s, size_t n)
{
    if (n > 31 - *len) {
        n = 31 - *len;
    }
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
}

size_t num_fmt_i64(char buf[24], int64_t v)
{
    char tmp[24];
    size_t n = 0, len = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) {
        buf[len++] = '-';
    }
    while (n) {
        buf[len++] = tmp[--n];
    }
    buf[len] = '\0';
    return len;
}

/* A value typed with at most 6 decimals (0.7, 12.25), the common case, without the printf and
 * strtod round trips below. r / 1e6 is the double nearest the decimal r * 10^-6, as strtod of
 * that decimal is, so when it equals v the decimal reads back as v; and it is the shortest such
 * decimal, since two decimals of at most 6 places differ by 1e-6 or more, over the spacing of
 * doubles below 1e9. */
static bool fmt_short_decimal(char buf[32], double v)
{
    if (!(fabs(v) < 1e9)) {
        return false;
    }
    double scaled = nearbyint(v * 1e6);
    if (scaled / 1e6 != v) {
        return false;
    }
    int64_t r = (int64_t)scaled;
    uint64_t u = r < 0 ? 0 - (uint64_t)r : (uint64_t)r;
    size_t len = 0;
    if (r < 0) {
        buf[len++] = '-';
    }
    len += num_fmt_i64(buf + len, (int64_t)(u / 1000000));
    unsigned frac = (unsigned)(u % 1000000);
    int places = 6;
    while (frac % 10 == 0) { /* not 0: v is not a whole number */
        frac /= 10;
        places--;
    }
    buf[len++] = '.';
    for (int i = places - 1; i >= 0; i--) {
        buf[len + (size_t)i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    buf[len + (size_t)places] = '\0';
    return true;
}

/* For 1e-3 <= av < 1e9: writes to e what snprintf(e, n, "%.*e", p - 1, av) writes (the exact
 * value rounded to p significant digits, ties to even), and says whether those digits read back
 * as av (1: what strtod(e) == av says; 0: they do not; -1: not served, e unset), both in
 * 128-bit integers: av = m * 2^-s exactly, scaled by
 * 10^k, so a computed value such as a progress of 0.6749999999999994 costs no printf and no
 * strtod (they were a tenth of a GET of one objective). */
static int fmt_exact_digits(double av, int p, char *e, size_t n)
{
    typedef unsigned __int128 u128;
    static const uint64_t pow10[20] = {1u,
                                       10u,
                                       100u,
                                       1000u,
                                       10000u,
                                       100000u,
                                       1000000u,
                                       10000000u,
                                       100000000u,
                                       1000000000u,
                                       10000000000u,
                                       100000000000u,
                                       1000000000000u,
                                       10000000000000u,
                                       100000000000000u,
                                       1000000000000000u,
                                       10000000000000000u,
                                       100000000000000000u,
                                       1000000000000000000u,
                                       10000000000000000000u};
    int e2;
    double fr = frexp(av, &e2);          /* av = fr * 2^e2, 0.5 <= fr < 1 */
    uint64_t m = (uint64_t)ldexp(fr, 53); /* exact: 53 bits */
    int s = 53 - e2;                     /* 23 <= s <= 62 in the range served */
    int ex = (int)floor(log10(av)); /* may be one off near powers of ten: settled below */
    u128 scaled = 0, q = 0;
    int k = 0;
    for (int tries = 0;; tries++) {
        k = p - 1 - ex;
        if (k < 0 || k > 19 || tries == 3) {
            return -1;
        }
        scaled = (u128)m * pow10[k];
        q = scaled >> s; /* the digits before rounding: p of them when 10^ex <= av < 10^(ex+1) */
        if (q < pow10[p - 1]) {
            ex--;
        } else if (q >= pow10[p]) {
            ex++;
        } else {
            break;
        }
    }
    u128 r = scaled - (q << s), half = (u128)1 << (s - 1);
    uint64_t d = (uint64_t)q;
    if (r > half || (r == half && (d & 1u))) {
        d++;
    }
    /* d * 10^-k reads back as av when within half a gap of it (times 2 * 10^k * 2^s); a tie goes
     * to the even mantissa. Below a power of two the gap underneath is half as wide. */
    u128 x = (u128)d << (s + 1), y = scaled << 1, gap = pow10[k];
    bool back;
    if (x == y) {
        back = true;
    } else if (x > y) {
        back = x - y < gap || (x - y == gap && !(m & 1u));
    } else {
        u128 below = (y - x) * (m == (1ull << 52) ? 2u : 1u);
        back = below < gap || (below == gap && !(m & 1u));
    }
    if (d == pow10[p]) { /* rounded up to the next power of ten: 9.99..e8 -> 1.00..e9 */
        d = pow10[p - 1];
        k--;
    }
    char digits[24];
    size_t nd = num_fmt_i64(digits, (int64_t)d);
    int exp10 = p - 1 - k, ax = exp10 < 0 ? -exp10 : exp10;
    if (n < nd + 8) {
        return -1;
    }
    e[0] = digits[0]; /* "d.ddde-xx", as printf writes it */
    e[1] = '.';
    memcpy(e + 2, digits + 1, nd - 1);
    char *t = e + nd + 1;
    *t++ = 'e';
    *t++ = exp10 < 0 ? '-' : '+';
    *t++ = (char)('0' + ax / 10); /* |exp10| <= 19 here */
    *t++ = (char)('0' + ax % 10);
    *t = '\0';
    return back ? 1 : 0;
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
    /* A whole number below 2^53 (targets, counts, most values): every other integer there is
     * another double, so its shortest form is the integer itself. */
    if (fabs(v) < 9007199254740992.0 && v == trunc(v)) {
        num_fmt_i64(buf, (int64_t)v);
        return buf;
    }
    if (fmt_short_decimal(buf, v)) {
        return buf;
    }
    /* The fewest significant digits that read back as v, as "-d.ddde[+-]x". Typed values are
     * short (0.7, 150): try 1 to 3 digits. Past that, one test with 15 digits decides: a decimal
     * of at most 15 digits that reads back as v is also the nearest 15-digit decimal to v
     * (DBL_DIG), so when 15 digits do not read back no fewer do, and a computed ratio such as a
     * progress of 0.5033333333333333 costs 6 formats and parses instead of 16. */
    char e[40];
    /* Between 1e-3 and 1e9 a decimal of 1 to 3 significant digits has at most 6 places, which
     * fmt_short_decimal has just ruled out: start with the 15-digit test (a computed progress
     * such as 0.6749999999999994 costs 2 formats and parses instead of 5). */
    double mag = fabs(v);
    int first = mag >= 1e-3 && mag < 1e9 ? 4 : 1;
    for (int prec = 15; first == 4 && prec <= 17; prec++) {
        int back = fmt_exact_digits(mag, prec, e, sizeof e);
        if (back < 0) {
            break; /* printf and strtod below */
        }
        if (back == 1 || prec == 17) {
            first = 18; /* e holds the digits (of |v|: the sign is v's) */
        }
    }
    for (int prec = first; prec <= 17; prec++) {
        if (prec == 4) {
            snprintf(e, sizeof e, "%.14e", v);
            prec = strtod(e, NULL) == v ? prec : 16;
        }
        snprintf(e, sizeof e, "%.*e", prec - 1, v);
        if (strtod(e, NULL) == v) {
            break;
        }
    }
    char digits[24];
    int k = 0, exp10 = 0, exp_sign = 1;
    const char *p = e;
    bool neg = *p == '-' || v < 0;
    p += *p == '-';
    for (; *p && *p != 'e'; p++) {
        if (*p >= '0' && *p <= '9' && k < (int)sizeof digits - 1) {
            digits[k++] = *p;
        }
    }
    if (*p == 'e') {
        p++;
        if (*p == '-' || *p == '+') {
            exp_sign = *p == '-' ? -1 : 1;
            p++;
        }
        for (; *p >= '0' && *p <= '9'; p++) {
            exp10 = exp10 * 10 + (*p - '0');
        }
    }
    while (k > 1 && digits[k - 1] == '0') {
        k--;
    }
    digits[k] = '\0';
    /* Like JavaScript's Number#toString (v = 0.digits * 10^n): plain notation for
     * 1e-6 <= |v| < 1e21, else d.ddde+x; never "1e+02" for 100. But a whole number past 18 digits
     * takes the exponent form, as JSON parsers (jansson) refuse integers beyond int64. */
    int n = exp_sign * exp10 + 1;
    size_t len = 0;
    if (neg) {
        put(buf, &len, "-", 1);
    }
    if (k <= n && n <= 18) {
        put(buf, &len, digits, (size_t)k);
        put(buf, &len, "000000000000000000000", (size_t)(n - k));
    } else if (0 < n && n < k) {
        put(buf, &len, digits, (size_t)n);
        put(buf, &len, ".", 1);
        put(buf, &len, digits + n, (size_t)(k - n));
    } else if (-6 < n && n <= 0) {
        put(buf, &len, "0.", 2);
        put(buf, &len, "000000", (size_t)-n);
        put(buf, &len, digits, (size_t)k);
    } else {
        put(buf, &len, digits, 1);
        if (k > 1) {
            put(buf, &len, ".", 1);
            put(buf, &len, digits + 1, (size_t)(k - 1));
        }
        char x[16];
        int w = snprintf(x, sizeof x, "e%c%d", n - 1 < 0 ? '-' : '+', n - 1 < 0 ? 1 - n : n - 1);
        put(buf, &len, x, w > 0 ? (size_t)w : 0);
    }
    return buf;
}

/* Grouping commas only as thousands are grouped (1,234,567.5): "0,5" and "0,500" are decimal
 * commas and "1,2,3" a slip, and reading any of them as a whole number would store ten to a
 * thousand times what was meant. buf holds the number with its commas; they are taken out when
 * well placed: a first group of 1 to 3 digits not starting with 0, then groups of 3, none after
 * the point. */
static bool ungroup(char *buf)
{
    char *comma = strchr(buf, ',');
    if (!comma) {
        return true;
    }
    const char *digits = buf + (buf[0] == '-' || buf[0] == '+');
    size_t lead = strspn(digits, "0123456789");
    if (digits + lead != comma || lead < 1 || lead > 3 || digits[0] == '0') {
        return false;
    }
    char *w = comma;
    const char *p = comma;
    while (*p == ',') {
        if (strspn(p + 1, "0123456789") < 3) {
            return false;
        }
        memmove(w, p + 1, 3);
        w += 3;
        p += 4;
    }
    if (*p && *p != '.') {
        return false; /* 1,2345 or 1,234x */
    }
    memmove(w, p, strlen(p) + 1);
    return strchr(w, ',') == NULL;
}

/* A space, a tab or the ideographic space U+3000 around a number: its length in bytes, or 0. */
static size_t blank_at(const unsigned char *p)
{
    return *p == ' ' || *p == '\t' ? 1 : p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
}

int num_parse_typed(const char *text, double *out)
{
    char buf[NUM_TYPED_MAX];
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    for (size_t k; (k = blank_at(p)) != 0;) {
        p += k;
    }
    for (; *p;) {
        if (n + 1 >= sizeof buf) {
            return -1;
        }
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
            buf[n++] = (char)('0' + (p[2] - 0x90)); /* U+FF10..U+FF19 */
            p += 3;
        } else if (p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x8E || p[2] == 0x8C || p[2] == 0x8D)) {
            buf[n++] = p[2] == 0x8E ? '.' : p[2] == 0x8C ? ',' : '-'; /* U+FF0E, U+FF0C, U+FF0D */
            p += 3;
        } else if (blank_at(p)) {
            buf[n++] = ' '; /* trailing ones are trimmed below; one inside is refused */
            p += blank_at(p);
        } else {
            buf[n++] = (char)*p++;
        }
    }
    while (n > 0 && buf[n - 1] == ' ') {
        n--;
    }
    buf[n] = '\0';
    return ungroup(buf) ? num_parse_double(buf, out) : -1;
}

bool num_unit_spaced(const char *unit)
{
    unsigned char u = unit ? (unsigned char)unit[0] : 0;
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
}
