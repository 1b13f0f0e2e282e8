/* Queries and read-modify-write use-cases the REST API needs beyond the generic ones: filtered,
 * paginated lists (svc_find), an objective with its key results, partial updates in one
 * transaction, and removing a team member. Same rules as svc.c: tenant scope, policy, audit. */
#include "svc_internal.h"

#include "policy.h"

#include <string.h>

/* The lists every store driver answers by one indexed field (store.h: struct query), with a rank:
 * lower is usually more selective (one record's children before one owner's before a cycle). */
struct indexed {
    const struct entity *e;
    const char *field;
    int rank;
};

static const struct indexed indexed[] = {
    {&entity_user, "manager_id", 2},
    {&entity_team, "parent_id", 3},
    {&entity_membership, "team_id", 2},
    {&entity_membership, "user_id", 2},
    {&entity_cycle, "parent_id", 3},
    {&entity_objective, "parent_kr_id", 1},
    {&entity_objective, "parent_objective_id", 1},
    {&entity_objective, "kpi_id", 1},
    {&entity_objective, "owner_user_id", 2},
    {&entity_objective, "owner_team_id", 3},
    {&entity_objective, "theme_id", 4},
    {&entity_objective, "cycle_id", 5},
    {&entity_key_result, "objective_id", 1},
    {&entity_key_result, "owner_user_id", 2},
    {&entity_key_result, "cycle_id", 5},
    {&entity_initiative, "kr_id", 1},
    {&entity_initiative, "cycle_id", 5},
    {&entity_checkin, "kr_id", 1},
    {&entity_checkin, "cycle_id", 5},
    {&entity_kpi, "owner_user_id", 2},
    {&entity_kpi, "owner_team_id", 3},
    {&entity_kpi_value, "kpi_id", 1},
    {&entity_request, "objective_id", 1},
    {&entity_request, "kr_id", 1},
    {&entity_request, "to_user_id", 2},
    {&entity_request, "from_user_id", 2},
    {&entity_comment, "objective_id", 1},
    {&entity_comment, "kr_id", 1},
};

enum { BATCH_MIN = 256, BATCH_MAX = 4096 };

static int index_rank(const struct entity *e, const char *field)
{
    for (size_t i = 0; i < sizeof indexed / sizeof indexed[0]; i++) {
        if (indexed[i].e == e && strcmp(indexed[i].field, field) == 0) {
            return indexed[i].rank;
        }
    }
    return -1;
}

/* "cycle_id" of records that reach their cycle through an objective: only the store can test it. */
static bool is_virtual(const struct entity *e, const char *field)
{
    return strcmp(field, "cycle_id") == 0 && !meta_field(e, field) &&
           (e == &entity_key_result || e == &entity_initiative || e == &entity_checkin);
}

static enum err_code check_terms(const struct entity *e, const struct filter *f, struct err *err)
{
    if (f->n > FIND_MAX_TERMS) {
        return err_set(err, ERR_INVALID, NULL, "at most %d filters", FIND_MAX_TERMS);
    }
    int virtuals = 0;
    for (size_t i = 0; i < f->n; i++) {
        const char *name = f->terms[i].field;
        const struct field *fd = meta_field(e, name);
        if (is_virtual(e, name)) {
            virtuals++;
            if (f->terms[i].value <= 0) {
                return err_set(err, ERR_INVALID, name, "%s must be an id", name);
            }
            continue;
        }
        if (!fd || (fd->flags & FF_SECRET) ||
            (fd->type != FT_REF && fd->type != FT_ID && fd->type != FT_INT && fd->type != FT_ENUM &&
             fd->type != FT_BOOL)) {
            return err_set(err, ERR_INVALID, name, "%s cannot be filtered by %s", e->plural, name);
        }
    }
    if (virtuals > 1) {
        return err_set(err, ERR_INVALID, "cycle_id", "give one cycle");
    }
    return ERR_OK;
}

/* The term to ask the store by (its index in f), or -1 for a scan of the whole tenant. A term
 * for "none" (0) cannot use an index: the column holds NULL. */
static int store_term(const struct entity *e, const struct filter *f)
{
    int best = -1, best_rank = 0;
    for (size_t i = 0; i < f->n; i++) {
        const struct filter_term *t = &f->terms[i];
        if (is_virtual(e, t->field)) {
            return (int)i;
        }
        int rank = index_rank(e, t->field);
        if (rank >= 0 && t->value > 0 && (best < 0 || rank < best_rank)) {
            best = (int)i;
            best_rank = rank;
        }
    }
    return best;
}

static bool term_matches(const struct entity *e, const struct filter_term *t, const void *obj)
{
    if (is_virtual(e, t->field)) {
        return true; /* the store applied it */
    }
    const struct field *fd = meta_field(e, t->field);
    if (fd->type == FT_ENUM || fd->type == FT_BOOL) {
        return meta_get_int(fd, obj) == t->value;
    }
    return meta_get_i64(fd, obj) == t->value;
}

/* Copies obj's text into a so that it outlives the batch's arena. */
static void keep_text(const struct entity *e, void *obj, struct arena *a)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *fd = &e->fields[i];
        if (fd->type == FT_TEXT) {
            *meta_text(fd, obj) = arena_strdup(a, meta_get_text(fd, obj));
        }
    }
}

static enum err_code check_scope(struct svc *s, const struct filter *f, struct arena *tmp,
                                 struct err *err)
{
    if (!f->scope) {
        return ERR_OK;
    }
    void *rec = arena_alloc(tmp, f->scope->size);
    /* Hidden answers as missing, to the letter. */
    if (store_get(s->st, f->scope, s->tenant_id, f->scope_id, rec, tmp, err) != ERR_OK ||
        policy_check(s, POLICY_READ, f->scope, rec, err) != ERR_OK) {
        if (err->code == ERR_NOT_FOUND) {
            err_set(err, ERR_NOT_FOUND, "id", "no %s with id %lld", f->scope->name,
                    (long long)f->scope_id);
        }
        return err->code;
    }
    return ERR_OK;
}

/* The page itself, inside the read transaction. Batches live in tmp, reset after each; the
 * policy's own lookups go there too, so a long scan holds one batch at a time. */
static enum err_code find_page(struct svc *s, const struct entity *e, const struct filter *f,
                               int64_t after, int64_t limit, struct rows *out, int64_t *next,
                               struct arena *tmp, struct err *err)
{
    struct arena *results = s->a;
    s->a = tmp;
    enum err_code rc = check_scope(s, f, tmp, err);
    s->a = results;
    if (rc != ERR_OK) {
        return rc;
    }
    int by = store_term(e, f);
    bool sieve = f->n > (by >= 0 ? 1u : 0u) || (!s->actor.system && !s->actor.admin);
    int64_t batch = limit + 1;
    if (sieve) {
        batch = batch * 4 < BATCH_MIN ? BATCH_MIN : batch * 4 > BATCH_MAX ? BATCH_MAX : batch * 4;
    }
    const struct field *idf = meta_field(e, "id");
    char *items = arena_alloc(results, (size_t)(limit + 1) * e->size);
    size_t found = 0;
    struct query q = {.tenant_id = s->tenant_id,
                      .by = by >= 0 ? f->terms[by].field : NULL,
                      .key = by >= 0 ? f->terms[by].value : 0,
                      .after_id = after,
                      .limit = batch};
    for (;;) {
        struct rows r;
        arena_reset(tmp);
        if (store_list(s->st, e, &q, tmp, &r, err) != ERR_OK) {
            return err->code;
        }
        for (size_t i = 0; i < r.n && found <= (size_t)limit; i++) {
            char *obj = (char *)r.items + i * e->size;
            bool ok = true;
            for (size_t k = 0; ok && k < f->n; k++) {
                ok = (int)k == by || term_matches(e, &f->terms[k], obj);
            }
            if (ok && !s->actor.system && !s->actor.admin) {
                struct err ignored;
                s->a = tmp;
                ok = policy_check(s, POLICY_READ, e, obj, &ignored) == ERR_OK;
                s->a = results;
            }
            if (ok) {
                char *dst = items + found * e->size;
                memcpy(dst, obj, e->size);
                keep_text(e, dst, results);
                found++;
            }
        }
        if (found > (size_t)limit || r.n < (size_t)batch) {
            break;
        }
        q.after_id = meta_get_i64(idf, (char *)r.items + (r.n - 1) * e->size);
    }
    out->items = items;
    out->n = found > (size_t)limit ? (size_t)limit : found;
    *next = found > (size_t)limit ? meta_get_i64(idf, items + (out->n - 1) * e->size) : 0;
    return ERR_OK;
}

enum err_code svc_find(struct svc *s, const struct entity *e, const struct filter *f, int64_t after,
                       int64_t limit, struct rows *out, int64_t *next, struct err *err)
{
    out->items = NULL;
    out->n = 0;
    *next = 0;
    if (e == &entity_tenant || e == &entity_audit) {
        return err_set(err, ERR_FORBIDDEN, NULL, "%s cannot be listed", e->plural);
    }
    if (limit < 1 || limit > FIND_MAX_LIMIT) {
        return err_set(err, ERR_INVALID, "limit", "limit must be from 1 to %d", FIND_MAX_LIMIT);
    }
    if (after < 0) {
        return err_set(err, ERR_INVALID, "after", "after must be a cursor from a previous page");
    }
    if (check_terms(e, f, err) != ERR_OK || store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct arena tmp;
    arena_init(&tmp, 0);
    enum err_code rc = find_page(s, e, f, after, limit, out, next, &tmp, err);
    arena_free(&tmp);
    return svc_finish(s, rc, err);
}

enum err_code svc_objective_get(struct svc *s, int64_t id, struct objective *out, struct rows *krs,
                                struct err *err)
{
    krs->items = NULL;
    krs->n = 0;
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = store_get(s->st, &entity_objective, s->tenant_id, id, out, s->a, err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, &entity_objective, out, err);
    }
    if (rc == ERR_OK) {
        struct query q = {.tenant_id = s->tenant_id, .by = "objective_id", .key = id};
        rc = store_list(s->st, &entity_key_result, &q, s->a, krs, err);
    }
    return svc_finish(s, rc, err);
}

static size_t field_size(const struct field *f)
{
    switch (f->type) {
    case FT_REAL:
        return sizeof(double);
    case FT_TEXT:
        return sizeof(const char *);
    case FT_ENUM:
    case FT_BOOL:
        return sizeof(int);
    default:
        return sizeof(int64_t);
    }
}

enum err_code svc_patch(struct svc *s, const struct entity *e, int64_t id, int64_t if_version,
                        const void *patch, uint64_t fields, void *out, struct err *err)
{
    if (e == &entity_audit) {
        return err_set(err, ERR_FORBIDDEN, NULL, "the audit log cannot be changed");
    }
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    void *old = arena_alloc(s->a, e->size);
    enum err_code rc =
        store_get(s->st, e, e == &entity_tenant ? id : s->tenant_id, id, old, s->a, err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, e, old, err);
    }
    const struct field *vf = meta_field(e, "version");
    if (rc == ERR_OK && if_version) {
        int64_t now_at = vf ? meta_get_i64(vf, old) : 0;
        if (now_at != if_version) {
            rc = err_set(err, ERR_STALE, "version",
                         "the %s changed since version %lld (it is at %lld): read it again",
                         e->name, (long long)if_version, (long long)now_at);
        }
    }
    if (rc == ERR_OK) {
        memcpy(out, old, e->size);
        for (size_t i = 0; i < e->nfields && i < 64; i++) {
            const struct field *f = &e->fields[i];
            if ((fields >> i) & 1u) {
                memcpy((char *)out + f->offset, (const char *)patch + f->offset, field_size(f));
            }
        }
        rc = svc_update_checked(s, e, out, old, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_member_remove(struct svc *s, int64_t team_id, int64_t user_id, struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct team t;
    enum err_code rc = store_get(s->st, &entity_team, s->tenant_id, team_id, &t, s->a, err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, &entity_team, &t, err);
    }
    struct rows r = {0};
    if (rc == ERR_OK) {
        struct query q = {.tenant_id = s->tenant_id, .by = "team_id", .key = team_id};
        rc = store_list(s->st, &entity_membership, &q, s->a, &r, err);
    }
    const struct membership *m = NULL;
    for (size_t i = 0; rc == ERR_OK && i < r.n; i++) {
        if (((const struct membership *)r.items)[i].user_id == user_id) {
            m = &((const struct membership *)r.items)[i];
        }
    }
    if (rc == ERR_OK && !m) {
        rc = err_set(err, ERR_NOT_FOUND, "user_id", "user %lld is not a member of team %lld",
                     (long long)user_id, (long long)team_id);
    }
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_WRITE, &entity_membership, m, err);
    }
    if (rc == ERR_OK) {
        rc = store_remove(s->st, &entity_membership, s->tenant_id, m->id, err);
    }
    if (rc == ERR_OK) {
        rc = svc_audit(s, "delete", &entity_membership, m, err);
    }
    return svc_finish(s, rc, err);
}
