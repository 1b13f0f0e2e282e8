/* The token cache (token_cache.h): a small table of slots by token id under one mutex (a server
 * has a few workers; the critical sections copy under 200 bytes). Entries made before the last
 * token_cache_clear carry an older generation and read as missing. */
#include "token_cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

enum { SLOTS = 256 }; /* tokens in use at once by one server's clients; a collision only evicts */

struct slot {
    struct token_seen t;
    uint64_t gen;
    int64_t at; /* when it was checked against the store */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[SLOTS];
static _Atomic uint64_t generation = 1; /* 0 marks an empty slot */

static struct slot *slot_of(int64_t tenant_id, int64_t id)
{
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15u ^ (uint64_t)tenant_id;
    return &slots[h % SLOTS];
}

uint64_t token_cache_generation(void)
{
    return atomic_load(&generation);
}

void token_cache_put(const struct token_seen *t, uint64_t gen, int64_t now)
{
    pthread_mutex_lock(&lock);
    if (gen == atomic_load(&generation)) {
        struct slot *sl = slot_of(t->tenant_id, t->id);
        sl->t = *t;
        sl->gen = gen;
        sl->at = now;
    }
    pthread_mutex_unlock(&lock);
}

bool token_cache_get(int64_t tenant_id, int64_t id, int64_t now, struct token_seen *out)
{
    bool hit = false;
    pthread_mutex_lock(&lock);
    const struct slot *sl = slot_of(tenant_id, id);
    if (sl->gen == atomic_load(&generation) && sl->t.tenant_id == tenant_id && sl->t.id == id &&
        now >= sl->at && now - sl->at < TOKEN_CACHE_TTL_S) {
        *out = sl->t;
        hit = true;
    }
    pthread_mutex_unlock(&lock);
    return hit;
}

void token_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    atomic_fetch_add(&generation, 1);
    for (size_t i = 0; i < SLOTS; i++) {
        sodium_memzero(&slots[i], sizeof slots[i]); /* no stale hashes left in memory */
    }
    pthread_mutex_unlock(&lock);
}
