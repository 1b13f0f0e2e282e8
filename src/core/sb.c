/* String builder implementation. */
#include "sb.h"

#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(struct sb *b)
{
    memset(b, 0, sizeof *b);
}

static bool sb_reserve(struct sb *b, size_t n)
{
    if (b->overflow) {
        return false;
    }
    if (b->limit && (n > b->limit || b->len > b->limit - n)) {
        b->overflow = true;
        return false;
    }
    if (b->cap - b->len > n) {
        return true;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= n) {
        cap *= 2;
    }
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
    return true;
}

void sb_put(struct sb *b, const char *s, size_t n)
{
    if (!sb_reserve(b, n)) {
        return;
    }
    if (n) {
        memcpy(b->p + b->len, s, n);
    }
    b->len += n;
    b->p[b->len] = '\0';
}

char *sb_room(struct sb *b, size_t n)
{
    return sb_reserve(b, n) ? b->p + b->len : NULL;
}

void sb_added(struct sb *b, size_t n)
{
    b->len += n;
    b->p[b->len] = '\0';
}

void sb_puts(struct sb *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

void sb_putc(struct sb *b, char c)
{
    if (!b->overflow && b->cap - b->len > 1 && (!b->limit || b->len < b->limit)) {
        b->p[b->len++] = c; /* the common case: room, no limit reached (JSON punctuation) */
        b->p[b->len] = '\0';
        return;
    }
    sb_put(b, &c, 1);
}

void sb_printf(struct sb *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if ((size_t)n < sizeof small) {
        sb_put(b, small, (size_t)n);
        return;
    }
    if (!sb_reserve(b, (size_t)n)) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *sb_cstr(struct sb *b)
{
    return b->p ? b->p : "";
}

void sb_clear(struct sb *b)
{
    b->len = 0;
    b->overflow = false;
    if (b->p) {
        b->p[0] = '\0';
    }
}

char *sb_take(struct sb *b)
{
    char *p = b->p ? b->p : xmalloc(1);
    if (!b->p) {
        p[0] = '\0';
    }
    size_t limit = b->limit;
    sb_init(b);
    b->limit = limit;
    return p;
}

void sb_free(struct sb *b)
{
    free(b->p);
    size_t limit = b->limit;
    sb_init(b);
    b->limit = limit;
}
