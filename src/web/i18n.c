/* Message tables, the choice of language and locale formatting of numbers and dates. */
#include "web/i18n.h"

#include "core/num.h"
#include "core/timefmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const msgs[WEB_MSG_COUNT][WEB_LOCALE_COUNT] = {
#define M(key, en, zh) [key] = {en, zh},
#include "web/i18n_msgs.h"
#undef M
};

static const char *const msg_names[WEB_MSG_COUNT] = {
#define M(key, en, zh) [key] = #key,
#include "web/i18n_msgs.h"
#undef M
};

const char *web_msg(enum web_locale loc, enum web_msg key)
{
    if ((unsigned)key >= WEB_MSG_COUNT) {
        return "";
    }
    return msgs[key][(unsigned)loc < WEB_LOCALE_COUNT ? loc : WEB_EN];
}

const char *web_msg_name(enum web_msg key)
{
    return (unsigned)key < WEB_MSG_COUNT ? msg_names[key] : "";
}

/* Appends the message to b with placeholders replaced; raw (the caller escapes). */
static void expand(struct sb *b, enum web_locale loc, enum web_msg key, const char *const *args,
                   bool escape)
{
    size_t nargs = 0;
    while (args && args[nargs]) {
        nargs++;
    }
    const char *m = web_msg(loc, key);
    const char *run = m;
    for (const char *p = m; *p; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
            size_t i = (size_t)(p[1] - '1');
            if (escape) {
                web_escape(b, run, (size_t)(p - run));
            } else {
                sb_put(b, run, (size_t)(p - run));
            }
            const char *a = i < nargs ? args[i] : "";
            if (escape) {
                web_escape(b, a, strlen(a));
            } else {
                sb_puts(b, a);
            }
            p += 2;
            run = p + 1;
        }
    }
    if (escape) {
        web_escape(b, run, strlen(run));
    } else {
        sb_puts(b, run);
    }
}

void web_msgf_(struct web_html *h, enum web_locale loc, enum web_msg key, const char *const *args)
{
    expand(h->b, loc, key, args, true);
}

void web_msg_put(struct web_html *h, enum web_locale loc, enum web_msg key)
{
    web_text(h, web_msg(loc, key));
}

const char *web_msg_str_(struct arena *a, enum web_locale loc, enum web_msg key,
                         const char *const *args)
{
    struct sb b;
    sb_init(&b);
    expand(&b, loc, key, args, false);
    char *out = arena_strndup(a, sb_cstr(&b), b.len);
    sb_free(&b);
    return out;
}

/* ---- choosing the language ---- */

const char *web_locale_tag(enum web_locale loc)
{
    return loc == WEB_ZH ? "zh-CN" : "en";
}

bool web_locale_parse(const char *tag, enum web_locale *out)
{
    if (!tag || !*tag) {
        return false;
    }
    size_t primary = strcspn(tag, "-_");
    if (primary == 2 && strncasecmp(tag, "en", 2) == 0) {
        *out = WEB_EN;
        return true;
    }
    if (primary == 2 && strncasecmp(tag, "zh", 2) == 0) {
        *out = WEB_ZH;
        return true;
    }
    return false;
}

/* Parses "q=0.8" parameters of one Accept-Language item; 1 when absent, -1 when malformed. */
static double item_q(const char *params, size_t n)
{
    const char *q = NULL;
    for (size_t i = 0; i + 1 < n; i++) {
        if ((params[i] == 'q' || params[i] == 'Q') && params[i + 1] == '=') {
            q = params + i + 2;
            break;
        }
    }
    if (!q) {
        return 1;
    }
    char buf[8];
    size_t len = 0;
    while (q < params + n && len < sizeof buf - 1 && ((*q >= '0' && *q <= '9') || *q == '.')) {
        buf[len++] = *q++;
    }
    buf[len] = '\0';
    double v;
    if (num_parse_double(buf, &v) != 0 || v < 0 || v > 1) {
        return -1;
    }
    return v;
}

bool web_locale_accept(const char *accept_language, enum web_locale *out)
{
    if (!accept_language) {
        return false;
    }
    double best_q = 0;
    bool found = false;
    const char *p = accept_language;
    while (*p) {
        size_t item = strcspn(p, ",");
        size_t semi = strcspn(p, ";");
        size_t tag_len = semi < item ? semi : item;
        char tag[32];
        size_t start = 0;
        while (start < tag_len && p[start] == ' ') {
            start++;
        }
        size_t n = tag_len - start;
        while (n && p[start + n - 1] == ' ') {
            n--;
        }
        double q = semi < item ? item_q(p + semi, item - semi) : 1;
        enum web_locale loc;
        if (n < sizeof tag) {
            memcpy(tag, p + start, n);
            tag[n] = '\0';
            if (q > best_q && web_locale_parse(tag, &loc)) {
                best_q = q;
                *out = loc;
                found = true;
            }
        }
        p += item;
        if (*p == ',') {
            p++;
        }
    }
    return found;
}

enum web_locale web_locale_choose(const char *user_setting, const char *cookie,
                                  const char *accept_language, const char *tenant_default)
{
    enum web_locale loc;
    if (web_locale_parse(user_setting, &loc) || web_locale_parse(cookie, &loc) ||
        web_locale_accept(accept_language, &loc) || web_locale_parse(tenant_default, &loc)) {
        return loc;
    }
    return WEB_ZH;
}

/* ---- numbers and dates ---- */

const char *web_num(struct arena *a, double v)
{
    if (!isfinite(v)) {
        return "–";
    }
    char raw[32];
    num_fmt_double(raw, v);
    if (strchr(raw, 'e') || strchr(raw, 'E')) {
        return arena_strdup(a, raw);
    }
    const char *digits = raw[0] == '-' ? raw + 1 : raw;
    size_t int_len = strcspn(digits, ".");
    if (int_len < 5) { /* 1234 stays 1234, 12345 becomes 12,345 (as both locales write it) */
        return arena_strdup(a, raw);
    }
    char out[48];
    size_t o = 0;
    if (raw[0] == '-') {
        out[o++] = '-';
    }
    for (size_t i = 0; i < int_len; i++) {
        if (i && (int_len - i) % 3 == 0) {
            out[o++] = ',';
        }
        out[o++] = digits[i];
    }
    size_t rest = strlen(digits + int_len);
    memcpy(out + o, digits + int_len, rest);
    o += rest;
    return arena_strndup(a, out, o);
}

const char *web_pct(struct arena *a, double fraction)
{
    if (!isfinite(fraction)) {
        return "–";
    }
    return arena_printf(a, "%d%%", (int)floor(fraction * 100 + 0.5));
}

const char *web_fraction(struct arena *a, double v)
{
    if (!isfinite(v)) {
        return "–";
    }
    /* Never "1.0" for a score under 1.0 (a committed one there needs its post-mortem). */
    char *s = v < 1.0 && v >= 0.995 ? arena_printf(a, "%.3f", floor(v * 1000 + 1e-9) / 1000)
                                    : arena_printf(a, "%.2f", v);
    size_t n = strlen(s);
    while (n > 3 && s[n - 1] == '0' && s[n - 2] != '.') {
        s[--n] = '\0'; /* 0.70 -> 0.7; 1.00 -> 1.0 */
    }
    return s;
}

const char *web_date_table(struct arena *a, int64_t days)
{
    if (days == DATE_NONE) {
        return "";
    }
    char buf[16];
    return arena_strdup(a, date_fmt(buf, days));
}

const char *web_date_prose(struct arena *a, enum web_locale loc, int64_t days, int64_t today)
{
    if (days == DATE_NONE) {
        return "";
    }
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t y, ty;
    int m, d, tm, td;
    date_to_ymd(days, &y, &m, &d);
    date_to_ymd(today, &ty, &tm, &td);
    bool year = y != ty;
    if (loc == WEB_ZH) {
        return year ? arena_printf(a, "%lld年%d月%d日", (long long)y, m, d)
                    : arena_printf(a, "%d月%d日", m, d);
    }
    return year ? arena_printf(a, "%s %d, %lld", months[m - 1], d, (long long)y)
                : arena_printf(a, "%s %d", months[m - 1], d);
}

/* ---- the Chinese punctuation rule ---- */

/* The code point of the UTF-8 sequence at s (length in *len); 0xFFFD when malformed. */
static unsigned decode(const unsigned char *s, size_t *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        *len = 2;
        return (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    }
    if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *len = 3;
        return (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    }
    if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
        (s[3] & 0xC0) == 0x80) {
        *len = 4;
        return (unsigned)(s[0] & 0x07) << 18 | (unsigned)(s[1] & 0x3F) << 12 |
               (unsigned)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    }
    *len = 1;
    return 0xFFFD;
}

/* Chinese characters and full-width punctuation. */
static bool is_cjk(unsigned c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x20000 && c <= 0x2FFFF);
}

long web_zh_punct_offence(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned prev = 0;
    for (size_t i = 0; p[i];) {
        size_t len;
        unsigned c = decode(p + i, &len);
        if (c < 0x80 && strchr(",.:;?!", (int)c)) {
            size_t next_len;
            unsigned next = p[i + 1] ? decode(p + i + 1, &next_len) : 0;
            if (is_cjk(prev) || is_cjk(next)) {
                return (long)i;
            }
        }
        prev = c;
        i += len;
    }
    return -1;
}
