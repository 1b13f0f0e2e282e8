/* The HTML builder: context escaping (text, attribute, URL), safe fragments and the plain-text
 * sanitiser. See html.h for the rules each function keeps. */
#include "web/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct safe_html {
    const char *p;
    size_t n;
};

void web_html_init(struct web_html *h, struct sb *b, struct arena *a)
{
    h->b = b;
    h->a = a;
}

void web_markup_(struct web_html *h, const char *lit, size_t n)
{
    sb_put(h->b, lit, n);
}

void web_escape(struct sb *b, const char *s, size_t n)
{
    size_t run = 0; /* start of the bytes not yet copied */
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        size_t len;
        switch (s[i]) {
        case '&':
            rep = "&amp;", len = 5;
            break;
        case '<':
            rep = "&lt;", len = 4;
            break;
        case '>':
            rep = "&gt;", len = 4;
            break;
        case '"':
            rep = "&quot;", len = 6;
            break;
        case '\'':
            rep = "&#39;", len = 5;
            break;
        default:
            continue;
        }
        sb_put(b, s + run, i - run);
        sb_put(b, rep, len);
        run = i + 1;
    }
    sb_put(b, s + run, n - run);
}

void web_text(struct web_html *h, const char *s)
{
    if (s) {
        web_escape(h->b, s, strlen(s));
    }
}

void web_text_n(struct web_html *h, const char *s, size_t n)
{
    web_escape(h->b, s, n);
}

/* Formats into an arena string (vsnprintf twice when long). */
static char *vformat(struct arena *a, const char *fmt, va_list ap)
{
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        va_end(again);
        return arena_strdup(a, "");
    }
    if ((size_t)n < sizeof small) {
        va_end(again);
        return arena_strndup(a, small, (size_t)n);
    }
    char *out = arena_alloc(a, (size_t)n + 1);
    vsnprintf(out, (size_t)n + 1, fmt, again);
    va_end(again);
    return out;
}

void web_textf(struct web_html *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(h->a, fmt, ap);
    va_end(ap);
    web_text(h, s);
}

void web_int(struct web_html *h, int64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    sb_put(h->b, buf, (size_t)n);
}

void web_attr_(struct web_html *h, const char *name, const char *value)
{
    if (!value) {
        return;
    }
    sb_putc(h->b, ' ');
    sb_puts(h->b, name);
    sb_put(h->b, "=\"", 2);
    web_escape(h->b, value, strlen(value));
    sb_putc(h->b, '"');
}

void web_attrf_(struct web_html *h, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(h->a, fmt, ap);
    va_end(ap);
    web_attr_(h, name, s);
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int scheme_is(const char *url, size_t n, const char *scheme)
{
    if (strlen(scheme) != n) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (lower((unsigned char)url[i]) != scheme[i]) {
            return 0;
        }
    }
    return 1;
}

int web_url_ok(const char *url)
{
    if (!url || !*url) {
        return 0;
    }
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p <= 0x20 || *p == 0x7f) {
            return 0; /* browsers drop tabs and newlines inside schemes: refuse them all */
        }
    }
    if (url[0] == '/') {
        return url[1] != '/' && url[1] != '\\';
    }
    if (url[0] == '?' || url[0] == '#') {
        return 1;
    }
    size_t scheme_len = strcspn(url, ":/?#\\");
    if (url[scheme_len] != ':') {
        return 0; /* "foo/bar" relative paths are not used by the UI: refuse the ambiguity */
    }
    if (scheme_is(url, scheme_len, "mailto")) {
        return 1;
    }
    if (scheme_is(url, scheme_len, "http") || scheme_is(url, scheme_len, "https")) {
        return url[scheme_len + 1] == '/' && url[scheme_len + 2] == '/' &&
               strchr(url, '\\') == NULL;
    }
    return 0;
}

int web_local_path_ok(const char *path)
{
    return path && path[0] == '/' && web_url_ok(path) && strchr(path, '\\') == NULL;
}

void web_url_attr_(struct web_html *h, const char *name, const char *url)
{
    web_attr_(h, name, web_url_ok(url) ? url : "#");
}

void web_url_encode(struct sb *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            sb_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            sb_put(b, e, 3);
        }
    }
}

const char *web_url_with(struct arena *a, const char *base, const char *key, const char *value)
{
    struct sb b;
    sb_init(&b);
    sb_puts(&b, base);
    sb_putc(&b, strchr(base, '?') ? '&' : '?');
    web_url_encode(&b, key);
    sb_putc(&b, '=');
    web_url_encode(&b, value ? value : "");
    char *out = arena_strndup(a, sb_cstr(&b), b.len);
    sb_free(&b);
    return out;
}

size_t web_html_mark(const struct web_html *h)
{
    return h->b->len;
}

const struct safe_html *web_capture(struct web_html *h, size_t mark)
{
    struct safe_html *s = arena_alloc(h->a, sizeof *s);
    size_t n = h->b->len > mark ? h->b->len - mark : 0;
    s->p = arena_strndup(h->a, h->b->p ? h->b->p + mark : "", n);
    s->n = n;
    if (h->b->p && n) {
        h->b->len = mark;
        h->b->p[mark] = '\0';
    }
    return s;
}

void web_safe(struct web_html *h, const struct safe_html *s)
{
    if (s) {
        sb_put(h->b, s->p, s->n);
    }
}

const char *web_safe_str(const struct safe_html *s)
{
    return s ? s->p : "";
}

size_t web_safe_len(const struct safe_html *s)
{
    return s ? s->n : 0;
}

/* ---- the sanitiser ---- */

/* Length of an http(s) URL starting at p (0 when p does not start one). Trailing punctuation
 * that usually ends a sentence is left out. */
static size_t url_len(const char *p)
{
    size_t skip;
    if (strncmp(p, "https://", 8) == 0) {
        skip = 8;
    } else if (strncmp(p, "http://", 7) == 0) {
        skip = 7;
    } else {
        return 0;
    }
    size_t n = skip;
    while (p[n] && (unsigned char)p[n] > 0x20 && (unsigned char)p[n] < 0x7f && p[n] != '<' &&
           p[n] != '>' && p[n] != '"' && p[n] != '\'' && p[n] != '\\') {
        n++;
    }
    while (n > skip && strchr(".,;:!?)]", p[n - 1])) {
        n--;
    }
    return n > skip ? n : 0;
}

/* Length of "@name" at p: '@' then letters, digits, '.', '_', '-' or any non-ASCII byte (names
 * in Chinese). 0 when p is not a mention. */
static size_t mention_len(const char *p)
{
    if (*p != '@') {
        return 0;
    }
    size_t n = 1;
    for (;;) {
        unsigned char c = (unsigned char)p[n];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '_' || c == '-') {
            n++;
        } else if (c >= 0x80) {
            /* Full-width punctuation (U+3000..U+303F, U+FF00..U+FF0F) ends a Chinese name. */
            if ((c == 0xE3 && (unsigned char)p[n + 1] == 0x80) ||
                (c == 0xEF && (unsigned char)p[n + 1] == 0xBC)) {
                break;
            }
            n++;
        } else {
            break;
        }
    }
    while (n > 1 && p[n - 1] == '.') {
        n--;
    }
    return n > 1 ? n : 0;
}

const struct safe_html *web_sanitize_text(struct arena *a, const char *text)
{
    struct sb b;
    sb_init(&b);
    const char *p = text ? text : "";
    bool at_word_start = true;
    while (*p) {
        size_t n;
        if (at_word_start && (n = url_len(p)) > 0) {
            sb_puts(&b, "<a rel=\"noopener noreferrer nofollow\" href=\"");
            web_escape(&b, p, n);
            sb_puts(&b, "\">");
            web_escape(&b, p, n);
            sb_puts(&b, "</a>");
            p += n;
            at_word_start = false;
            continue;
        }
        if (at_word_start && (n = mention_len(p)) > 0) {
            sb_puts(&b, "<span class=\"mention\">");
            web_escape(&b, p, n);
            sb_puts(&b, "</span>");
            p += n;
            at_word_start = false;
            continue;
        }
        if (*p == '\r' && p[1] == '\n') {
            p++;
        }
        if (*p == '\n' || *p == '\r') {
            sb_puts(&b, "<br>");
            p++;
            at_word_start = true;
            continue;
        }
        /* A URL or mention starts a word: after a space, a line break, the start, or any
         * non-ASCII byte (Chinese prose has no spaces). */
        unsigned char c = (unsigned char)*p;
        at_word_start = c == ' ' || c == '\t' || c == '(' || c >= 0x80;
        web_escape(&b, p, 1);
        p++;
    }
    struct safe_html *s = arena_alloc(a, sizeof *s);
    s->p = arena_strndup(a, sb_cstr(&b), b.len);
    s->n = b.len;
    sb_free(&b);
    return s;
}
