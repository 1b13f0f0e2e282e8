/* Arena allocator: chunks of memory handed out by bumping a pointer, freed together. */
#include "arena.h"

#include "log.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
    struct arena_chunk *next;
    size_t cap, used;
    void *adopted; /* a malloc'd block this chunk only records, or NULL */
    alignas(max_align_t) unsigned char data[];
};

enum { ARENA_DEFAULT_CHUNK = 64 * 1024 };

_Noreturn void oom_abort(void)
{
    log_flush(); /* the lines before it, for whoever reads why */
    fputs("okr: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        oom_abort();
    }
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        oom_abort();
    }
    return q;
}

void arena_init(struct arena *a, size_t chunk_size)
{
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : ARENA_DEFAULT_CHUNK;
}

static struct arena_chunk *chunk_new(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(struct arena_chunk)) {
        oom_abort();
    }
    struct arena_chunk *c = xmalloc(sizeof *c + cap);
    c->next = NULL;
    c->cap = cap;
    c->used = 0;
    c->adopted = NULL;
    return c;
}

/* n bytes, not zeroed. */
static void *alloc_raw(struct arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    if (n > SIZE_MAX - align) {
        oom_abort();
    }
    n = (n + align - 1) & ~(align - 1);
    struct arena_chunk *c = a->head;
    if (!c || c->adopted || c->cap - c->used < n) {
        if (n > a->chunk_size / 4) {
            /* A large block gets its own chunk behind the head, so the head keeps its room. */
            struct arena_chunk *big = chunk_new(n);
            big->used = n;
            if (c) {
                big->next = c->next;
                c->next = big;
            } else {
                a->head = big;
            }
            return big->data;
        }
        c = chunk_new(a->chunk_size);
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
    void *p = alloc_raw(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = alloc_raw(a, n + 1); /* every byte is written below */
    if (n) {
        memcpy(p, s, n);
    }
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return arena_strdup(a, "");
    }
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_adopt(struct arena *a, void *p)
{
    struct arena_chunk *c = chunk_new(0);
    c->adopted = p;
    c->next = a->head ? a->head->next : NULL;
    if (a->head) {
        a->head->next = c;
    } else {
        a->head = c;
    }
    return p;
}

void arena_take(struct arena *a, struct arena *from)
{
    struct arena_chunk *first = from->head, *last = first;
    if (!first) {
        return;
    }
    while (last->next) {
        last = last->next;
    }
    /* After a's head, which stays the chunk a bumps in. */
    if (a->head) {
        last->next = a->head->next;
        a->head->next = first;
    } else {
        a->head = first;
    }
    from->head = NULL;
}

static void chunk_free(struct arena_chunk *c)
{
    free(c->adopted);
    free(c);
}

void arena_reset(struct arena *a)
{
    struct arena_chunk *keep = NULL;
    for (struct arena_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        if (!keep && !c->adopted && c->cap == a->chunk_size) {
            keep = c;
            continue;
        }
        chunk_free(c);
    }
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
    }
    a->head = keep;
}

void arena_free(struct arena *a)
{
    for (struct arena_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        chunk_free(c);
    }
    a->head = NULL;
}
