/* Arena: a bump allocator that owns every allocation made from it until arena_reset/arena_free.
 * One arena per request or command; callers never free individual allocations. Out of memory
 * aborts with a message (the only failure mode). */
#ifndef OKR_ARENA_H
#define OKR_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
    struct arena_chunk *head;
    size_t chunk_size;
};

/* Prepares an empty arena whose ordinary chunks hold chunk_size bytes (0: a default). */
void arena_init(struct arena *a, size_t chunk_size);
/* Returns n zeroed bytes aligned for any type, owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
/* Returns an arena copy of s (NUL-terminated). NULL stays NULL. */
char *arena_strdup(struct arena *a, const char *s);
/* Returns an arena copy of the n bytes at s, NUL-terminated. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Returns a formatted arena string. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands a malloc'd block to the arena, which frees it at reset; returns p. */
void *arena_adopt(struct arena *a, void *p);
/* Moves every allocation of from into a (one owner again: a reads while another thread filled
 * its own arena); from is left empty. */
void arena_take(struct arena *a, struct arena *from);
/* Frees everything but keeps one chunk for reuse. */
void arena_reset(struct arena *a);
/* Frees everything. */
void arena_free(struct arena *a);
/* Aborts the process after printing why: the one way okr handles out-of-memory. */
_Noreturn void oom_abort(void);
/* malloc/realloc that abort on failure. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);

#endif
