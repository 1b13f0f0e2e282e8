/* String builder: a growable, NUL-terminated byte buffer on the heap. The builder owns its buffer
 * until sb_free (or until the caller takes it with sb_take). Growth past the builder's limit sets
 * `overflow` and drops further output, so callers bound output without checking every write. */
#ifndef OKR_SB_H
#define OKR_SB_H

#include <stdbool.h>
#include <stddef.h>

struct sb {
    char *p;
    size_t len, cap;
    size_t limit; /* 0: unbounded */
    bool overflow;
};

void sb_init(struct sb *b);
void sb_put(struct sb *b, const char *s, size_t n);
void sb_puts(struct sb *b, const char *s);
void sb_putc(struct sb *b, char c);
/* Room for n more bytes: where they go, for a caller that writes many short pieces at once (the
 * text of a large tree); it writes at most n there, then counts them with sb_added. NULL once
 * past the limit (overflow). */
char *sb_room(struct sb *b, size_t n);
void sb_added(struct sb *b, size_t n);
void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The contents as a C string (never NULL). */
const char *sb_cstr(struct sb *b);
/* Forgets the contents, keeps the buffer. */
void sb_clear(struct sb *b);
/* Returns the malloc'd buffer (caller frees) and leaves the builder empty. */
char *sb_take(struct sb *b);
void sb_free(struct sb *b);

#endif
