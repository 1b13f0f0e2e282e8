/* A short-lived, process-wide memory of API tokens that passed svc_token_check, so that a busy
 * integration does not pay a read transaction per request for its token (bench/HISTORY.md, "api_bench.sh").
 * What it holds is what the store holds: the secret's hash (never the secret), whose token it is
 * and that user's role; a presented token is still hashed and compared in constant time.
 *
 * Why it is safe: an entry lives at most TOKEN_CACHE_TTL_S seconds (by the request's clock), and
 * every change in this process that could end or narrow a token's rights (revoking a token,
 * changing, deactivating or deleting a user, a tenant's records) empties it when it is recorded
 * and again when it commits (svc_audit, svc_finish), so revocation through this server takes
 * effect on the next request. A change made by another process on the same database (the CLI,
 * another server on PostgreSQL) takes effect within TOKEN_CACHE_TTL_S. Not for the service's
 * fronts: svc_token_check uses it. */
#ifndef OKR_TOKEN_CACHE_H
#define OKR_TOKEN_CACHE_H

#include "service.h"

#include <stdbool.h>
#include <stdint.h>

enum {
    TOKEN_CACHE_TTL_S = 2, /* the longest another process's revocation goes unseen */
    TOKEN_CACHE_HASH_LEN = 64,
};

/* A token as its check found it in the store. */
struct token_seen {
    int64_t tenant_id, id;
    char hash[TOKEN_CACHE_HASH_LEN + 1]; /* the stored hash of its secret (hex) */
    struct actor actor;
    int64_t last_used; /* as stored */
};

/* The generation of the cache to pass to token_cache_put: read it before the store is read, so
 * that a change committed in between leaves the entry stale. */
uint64_t token_cache_generation(void);
/* Remembers t as checked at time now, unless the cache was emptied since generation gen. */
void token_cache_put(const struct token_seen *t, uint64_t gen, int64_t now);
/* Fills *out with the entry of (tenant_id, id) when one was checked less than
 * TOKEN_CACHE_TTL_S ago (and not in the future of now) and not dropped since; false otherwise.
 * The caller still compares the presented secret with out->hash. */
bool token_cache_get(int64_t tenant_id, int64_t id, int64_t now, struct token_seen *out);
/* Forgets every entry (thread-safe, cheap: a new generation). */
void token_cache_clear(void);

#endif
