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
#include "domain/tree.h"
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

struct policy_relations;

struct svc {
    struct store *st;
    struct arena *a; /* results are allocated here; owned by the caller */
    int64_t tenant_id;
    struct actor actor;
    int64_t now; /* epoch seconds, read once by the front */
    /* The actor's reports, teams and led teams, loaded once when many records are checked
     * (policy_load_relations); NULL: the policy looks them up per record. */
    struct policy_relations *rel;
    /* Set when the use-case wrote a user, API token or tenant: svc_finish then empties the
     * token cache (token_cache.h) once the change is committed. */
    bool auth_changed;
};

/* Generic record operations with the entity's rules (domain validation, references within the
 * tenant, cycle state, alignment cycles, permissions) and an audit event for each write. */
enum err_code svc_create(struct svc *s, const struct entity *e, void *obj, struct err *err);
/* Creates objective o and its first key results krs[0..n) (their objective_id set to o's new
 * id) in one transaction: all of them, or nothing. */
enum err_code svc_create_objective(struct svc *s, struct objective *o, struct key_result *krs,
                                   size_t n, struct err *err);
enum err_code svc_get(struct svc *s, const struct entity *e, int64_t id, void *out,
                      struct err *err);
/* obj holds the whole new state, including the version it was read at (ERR_STALE otherwise). */
enum err_code svc_update(struct svc *s, const struct entity *e, void *obj, struct err *err);
enum err_code svc_delete(struct svc *s, const struct entity *e, int64_t id, struct err *err);
/* q->tenant_id is set by the service. */
enum err_code svc_list(struct svc *s, const struct entity *e, struct query *q, struct rows *out,
                       struct err *err);


/* The defaults a new record gets before the user's fields are applied (after meta_init):
 * objectives committed, public, active, weight 1; key results metric, increase, confidence 0.5;
 * users active members; cycles quarters; tenants zh-CN in Asia/Shanghai. */
void svc_defaults(const struct entity *e, void *obj);

/* Creates a tenant and, when admin is not NULL, its first user as admin. Operator only. */
enum err_code svc_tenant_create(struct svc *s, struct tenant *t, struct user *admin,
                                struct err *err);

/* Records a check-in on a key result: sets the KR's current value and confidence (a confidence
 * not given, NaN, keeps the key result's: every front leaves it so when it is not said), derives
 * the status from progress against the expected line unless c->status was given
 * (status_given). */
enum err_code svc_checkin(struct svc *s, struct checkin *c, bool status_given, struct err *err);

/* Sets the weights of an objective's key results at once (n must equal its KR count, in id
 * order); they must sum to 1. */
enum err_code svc_set_weights(struct svc *s, int64_t objective_id, const double *weights,
                              size_t n, struct err *err);

/* Records a KPI value (the KPI's owner or an admin). */
enum err_code svc_kpi_record(struct svc *s, struct kpi_value *v, struct err *err);

/* Take-on requests (@-mentions). send: from the actor (or r->from_user_id for the operator) to
 * r->to_user_id on an objective or KR, state pending. accept: creates the draft objective aligned
 * to the source and links it (*draft gets it). decline: keeps the reason. withdraw: by sender. */
enum err_code svc_request_send(struct svc *s, struct request *r, struct err *err);
enum err_code svc_request_accept(struct svc *s, int64_t id, struct objective *draft,
                                 struct err *err);
enum err_code svc_request_decline(struct svc *s, int64_t id, const char *reason,
                                  struct err *err);
enum err_code svc_request_withdraw(struct svc *s, int64_t id, struct err *err);

/* Scoring (cycle active or grading). which: "self", "manager" or "final"; score NaN clears.
 * text, when not NULL, sets the reflection (self) or post-mortem (final/manager) note.
 * if_version: the version the caller read (ERR_STALE when it moved on), or 0. */
enum err_code svc_score(struct svc *s, int64_t objective_id, const char *which, double score,
                        const char *text, int64_t if_version, struct err *err);

/* Moves a cycle to a new state (domain rules: closing needs every objective scored; closing
 * fills missing final scores from manager or self scores first). */
enum err_code svc_cycle_transition(struct svc *s, int64_t cycle_id, enum cycle_state to,
                                   struct err *err);
/* Reopens a cycle being graded (back to active); any other state answers ERR_CONFLICT. */
enum err_code svc_cycle_reopen(struct svc *s, int64_t cycle_id, struct err *err);

/* The alignment tree of a cycle (what the actor may see), with the tenant's strategy and the
 * users and teams that own its objectives. A fixed number of store reads, whatever the size.
 * team_id (0: the whole cycle) narrows it to one team's tree: the objectives of the team, its
 * sub-teams, their leads and members, and what aligns among them (ERR_NOT_FOUND for no such
 * team); then users holds those people only, and the reads grow with the team, by a few queries
 * per STORE_KEYS_MAX people. */
struct cycle_tree {
    struct tenant tenant;
    struct cycle cycle;
    struct rows users, teams;
    struct tree tree;
};
enum err_code svc_tree(struct svc *s, int64_t cycle_id, int64_t team_id, struct cycle_tree *out,
                       struct err *err);
/* The user or team with this id in a cycle_tree's lists (binary search by id), or NULL. */
const struct user *cycle_tree_user(const struct cycle_tree *t, int64_t id);
const struct team *cycle_tree_team(const struct cycle_tree *t, int64_t id);

/* ==== API queries (src/service/find.c; owned by the REST API) ==== */

enum { FIND_MAX_TERMS = 12, FIND_MAX_LIMIT = 500 };

/* One equality condition of a list: field == value. Refs, ints and ids compare the id (0: none),
 * enums and booleans their index. "cycle_id" is also accepted for key results, initiatives and
 * check-ins (through their objective). */
struct filter_term {
    const char *field;
    int64_t value;
};

struct filter {
    struct filter_term terms[FIND_MAX_TERMS];
    size_t n;
    /* The record the list hangs from (a key result for its check-ins), or NULL: ERR_NOT_FOUND
     * when it does not exist or the actor may not see it, even if the list would be empty. */
    const struct entity *scope;
    int64_t scope_id;
};

/* A page of the records of e that match every term of f and that the actor may see, in id order
 * after id `after`, at most `limit` (1..FIND_MAX_LIMIT). The store is asked by the most
 * selective indexed term; the others are applied in memory, reading further batches until the
 * page is full. *next is the id to continue after, or 0 at the end. One read transaction.
 * Fails with ERR_INVALID naming the term that e cannot be filtered by, "limit" or "after". */
enum err_code svc_find(struct svc *s, const struct entity *e, const struct filter *f,
                       int64_t after, int64_t limit, struct rows *out, int64_t *next,
                       struct err *err);

/* An objective with its key results (in id order), as the actor may see it. */
enum err_code svc_objective_get(struct svc *s, int64_t id, struct objective *out,
                                struct rows *krs, struct err *err);

/* Partial update in one transaction: reads record id of e, checks if_version (0: any; otherwise
 * ERR_STALE unless it is the stored version), copies the fields whose bit (1 << field index) is
 * set in `fields` from patch, and updates with every rule of svc_update. *out (e->size bytes)
 * gets the stored result. For the tenant, id is s->tenant_id. */
enum err_code svc_patch(struct svc *s, const struct entity *e, int64_t id, int64_t if_version,
                        const void *patch, uint64_t fields, void *out, struct err *err);

/* Removes user_id from team_id (admins). ERR_NOT_FOUND when the team does not exist or the
 * user is not a member. */
enum err_code svc_member_remove(struct svc *s, int64_t team_id, int64_t user_id,
                                struct err *err);

/* ==== end of API queries ==== */

#endif
