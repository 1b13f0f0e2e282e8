/* The service layer: every use-case of okr, shared by the CLI and the HTTP fronts. Each call is
 * one transaction and checks permissions (policy.c) before it reads or writes. Results live in
 * the context's arena; errors come back in struct err, never as SQL or paths. */
#ifndef OKR_SERVICE_H
#define OKR_SERVICE_H

#include "core/arena.h"
#include "core/err.h"
#include "core/sb.h"
#include "domain/meta.h"
#include "domain/model.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* Who is acting. The CLI acts as the tenant's operator (`system`): full rights within the tenant,
 * as a local administrator of the database file has anyway. */
struct actor {
    int64_t user_id; /* 0 for the operator */
    bool admin;
    bool system;
};

struct svc {
    struct store *st;
    struct arena *a; /* results are allocated here; owned by the caller */
    int64_t tenant_id;
    struct actor actor;
    int64_t now; /* epoch seconds, read once by the front */
};

/* Generic record operations with the entity's rules (domain validation, references within the
 * tenant, cycle state, alignment cycles, permissions) and an audit event for each write. */
enum err_code svc_create(struct svc *s, const struct entity *e, void *obj, struct err *err);
enum err_code svc_get(struct svc *s, const struct entity *e, int64_t id, void *out,
                      struct err *err);
/* obj holds the whole new state, including the version it was read at (ERR_STALE otherwise). */
enum err_code svc_update(struct svc *s, const struct entity *e, void *obj, struct err *err);
enum err_code svc_delete(struct svc *s, const struct entity *e, int64_t id, struct err *err);
/* q->tenant_id is set by the service. */
enum err_code svc_list(struct svc *s, const struct entity *e, struct query *q, struct rows *out,
                       struct err *err);

#endif
