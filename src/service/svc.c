/* Generic record use-cases: create, read, update, delete and list any entity with its rules
 * (validation, references within the tenant, cycle state, alignment, permissions) and an audit
 * event per write. Entity-specific flows (check-ins, take-on requests, grading) live beside. */
#include "svc_internal.h"

#include "domain/progress.h"
#include "domain/rules.h"
#include "policy.h"
#include "token_cache.h"

#include <string.h>
#include <strings.h>

enum err_code svc_finish(struct svc *s, enum err_code rc, struct err *err)
{
    if (rc == ERR_OK) {
        rc = store_commit(s->st, err);
    } else {
        store_rollback(s->st);
    }
    if (s->auth_changed) {
        /* Again after the commit: a check that read the old state in between is dropped. */
        s->auth_changed = false;
        token_cache_clear();
    }
    return rc;
}

enum err_code svc_audit(struct svc *s, const char *action, const struct entity *e,
                        const void *obj, struct err *err)
{
    const struct field *label = meta_field(e, "title");
    if (!label) {
        label = meta_field(e, "name");
    }
    return svc_audit_note(s, action, e, obj, label ? meta_get_text(label, obj) : "", err);
}

enum err_code svc_audit_note(struct svc *s, const char *action, const struct entity *e,
                             const void *obj, const char *summary, struct err *err)
{
    if (e == &entity_user || e == &entity_api_token || e == &entity_tenant) {
        s->auth_changed = true; /* what a cached token check relies on may change */
        token_cache_clear();
    }
    struct audit_event ev;
    meta_init(&entity_audit, &ev);
    ev.tenant_id = s->tenant_id;
    ev.actor_id = s->actor.user_id;
    ev.action = action;
    ev.entity = e->name;
    ev.entity_id = meta_get_i64(meta_field(e, "id"), obj);
    ev.summary = summary ? summary : "";
    ev.at = s->now;
    return store_insert(s->st, &entity_audit, &ev, err);
}

static enum err_code get_in_tenant(struct svc *s, const struct entity *e, int64_t id, void *out,
                                   struct err *err)
{
    return store_get(s->st, e, s->tenant_id, id, out, s->a, err);
}

enum err_code svc_cycle_of(struct svc *s, const struct entity *e, const void *obj,
                           struct cycle *out, struct err *err)
{
    int64_t kr_id = 0, objective_id = 0, cycle_id = 0;
    if (e == &entity_objective) {
        cycle_id = ((const struct objective *)obj)->cycle_id;
    } else if (e == &entity_key_result) {
        objective_id = ((const struct key_result *)obj)->objective_id;
    } else if (e == &entity_initiative) {
        kr_id = ((const struct initiative *)obj)->kr_id;
    } else if (e == &entity_checkin) {
        kr_id = ((const struct checkin *)obj)->kr_id;
    } else if (e == &entity_comment) {
        objective_id = ((const struct comment *)obj)->objective_id;
        kr_id = ((const struct comment *)obj)->kr_id;
    }
    if (kr_id && !objective_id) {
        struct key_result kr;
        if (get_in_tenant(s, &entity_key_result, kr_id, &kr, err) != ERR_OK) {
            return err_set(err, ERR_INVALID, "kr_id", "no key result with id %lld",
                           (long long)kr_id);
        }
        objective_id = kr.objective_id;
    }
    if (objective_id && !cycle_id) {
        struct objective o;
        if (get_in_tenant(s, &entity_objective, objective_id, &o, err) != ERR_OK) {
            return err_set(err, ERR_INVALID, "objective_id", "no objective with id %lld",
                           (long long)objective_id);
        }
        cycle_id = o.cycle_id;
    }
    if (get_in_tenant(s, &entity_cycle, cycle_id, out, err) != ERR_OK) {
        return err_set(err, ERR_INVALID, "cycle_id", "no cycle with id %lld", (long long)cycle_id);
    }
    return ERR_OK;
}

/* Every reference must name a record of this tenant. */
static enum err_code check_refs(struct svc *s, const struct entity *e, const void *obj,
                                struct err *err)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        int64_t id = f->type == FT_REF ? meta_get_i64(f, obj) : 0;
        if (!id) {
            continue;
        }
        void *tmp = arena_alloc(s->a, f->ref->size);
        if (get_in_tenant(s, f->ref, id, tmp, err) != ERR_OK) {
            return err_set(err, ERR_INVALID, f->name, "%s: no %s with id %lld", f->name,
                           f->ref->name, (long long)id);
        }
    }
    return ERR_OK;
}

static int64_t objective_parent(void *ctx, int64_t objective_id)
{
    struct svc *s = ctx;
    struct objective o;
    struct key_result kr;
    struct err err;
    if (get_in_tenant(s, &entity_objective, objective_id, &o, &err) != ERR_OK) {
        return 0;
    }
    if (o.parent_objective_id) {
        return o.parent_objective_id;
    }
    if (o.parent_kr_id && get_in_tenant(s, &entity_key_result, o.parent_kr_id, &kr, &err) == ERR_OK) {
        return kr.objective_id;
    }
    return 0;
}

/* True when an update (old: the stored record; NULL for an insert) leaves field as it was: a
 * chain already stored is not checked again (an import may hold deeper ones than editing makes). */
static bool unchanged(const struct entity *e, const void *obj, const void *old, const char *field)
{
    const struct field *f = meta_field(e, field);
    return old && meta_get_i64(f, obj) == meta_get_i64(f, old);
}

/* A tree of records linked by a parent field (managers, teams, cycles) must not loop, nor be
 * deeper than 64 levels above the record when it is edited (an import may hold deeper ones). The
 * walk goes to the root, so that a loop is named as one; a loop stored without the record in it
 * (which nothing makes) stops it at WALK_MAX. */
static enum err_code check_no_loop(struct svc *s, const struct entity *e, const void *obj,
                                   const char *parent_field, struct err *err)
{
    enum { DEPTH_MAX = 64, WALK_MAX = 1000000 };
    const struct field *pf = meta_field(e, parent_field);
    int64_t self = meta_get_i64(meta_field(e, "id"), obj);
    int64_t next = meta_get_i64(pf, obj);
    void *tmp = arena_alloc(s->a, e->size);
    int depth = 0;
    for (; next && depth < WALK_MAX; depth++) {
        if (next == self) {
            return err_set(err, ERR_INVALID, parent_field, "%s would make a loop", parent_field);
        }
        if (get_in_tenant(s, e, next, tmp, err) != ERR_OK) {
            break; /* check_refs reports missing parents */
        }
        next = meta_get_i64(pf, tmp);
    }
    if (depth > DEPTH_MAX) {
        return err_set(err, ERR_INVALID, parent_field,
                       "%s would make a chain deeper than %d levels", parent_field, DEPTH_MAX);
    }
    return ERR_OK;
}

static enum err_code check_objective(struct svc *s, const struct objective *o,
                                     const struct objective *old, struct err *err)
{
    int64_t parent = o->parent_objective_id;
    if (o->parent_kr_id) {
        struct key_result kr;
        if (get_in_tenant(s, &entity_key_result, o->parent_kr_id, &kr, err) != ERR_OK) {
            return err_set(err, ERR_INVALID, "parent_kr_id",
                           "parent_kr_id: no key_result with id %lld", (long long)o->parent_kr_id);
        }
        parent = kr.objective_id;
    }
    /* One may align only to what one can see: a hidden parent answers as check_refs does for a
     * missing one, word for word. */
    struct objective p;
    if (parent && (get_in_tenant(s, &entity_objective, parent, &p, err) != ERR_OK ||
                   policy_check(s, POLICY_READ, &entity_objective, &p, err) != ERR_OK)) {
        const char *field = o->parent_kr_id ? "parent_kr_id" : "parent_objective_id";
        return err_set(err, ERR_INVALID, field, "%s: no %s with id %lld", field,
                       o->parent_kr_id ? "key_result" : "objective",
                       (long long)(o->parent_kr_id ? o->parent_kr_id : parent));
    }
    /* A new objective (id 0) has no loop to make, but its chain has a depth too. */
    if (parent && !(unchanged(&entity_objective, o, old, "parent_objective_id") &&
                    unchanged(&entity_objective, o, old, "parent_kr_id"))) {
        return alignment_check(o->id, parent, objective_parent, s, err);
    }
    return ERR_OK;
}

/* A key result moved to another objective takes the objectives aligned to it along: their
 * alignment must not loop through the new objective. */
static enum err_code check_kr_move(struct svc *s, const struct key_result *kr,
                                   const struct key_result *old, struct err *err)
{
    if (!old || unchanged(&entity_key_result, kr, old, "objective_id")) {
        return ERR_OK;
    }
    struct query q = {.tenant_id = s->tenant_id, .by = "parent_kr_id", .key = kr->id};
    struct rows r;
    if (store_list(s->st, &entity_objective, &q, s->a, &r, err) != ERR_OK) {
        return err->code;
    }
    for (size_t i = 0; i < r.n; i++) {
        int64_t child = ((const struct objective *)r.items)[i].id;
        if (alignment_check(child, kr->objective_id, objective_parent, s, err) != ERR_OK) {
            return err_set(err, ERR_INVALID, "objective_id",
                           "objective %lld aligns to this key result: under objective %lld it "
                           "would align to itself",
                           (long long)child, (long long)kr->objective_id);
        }
    }
    return ERR_OK;
}

/* Explicit key result weights of one objective must still add up once kr takes its place. */
static enum err_code check_kr_weights(struct svc *s, const struct key_result *kr, struct err *err)
{
    struct query q = {.tenant_id = s->tenant_id, .by = "objective_id", .key = kr->objective_id};
    struct rows r;
    if (store_list(s->st, &entity_key_result, &q, s->a, &r, err) != ERR_OK) {
        return err->code;
    }
    struct key_result *all = arena_alloc(s->a, (r.n + 1) * sizeof *all);
    size_t n = 0;
    const struct key_result *rows = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (rows[i].id != kr->id) {
            all[n++] = rows[i];
        }
    }
    all[n++] = *kr;
    /* With every weight explicit they must sum to 1, which one edit cannot keep when several
     * change together: the fronts offer `objective weights` to set them at once. */
    return kr_weights_check(all, n, err);
}

static enum err_code check_cycle_record(struct svc *s, const struct cycle *c,
                                        const struct cycle *old, struct err *err)
{
    if (!c->parent_id) {
        return ERR_OK;
    }
    struct cycle parent;
    if (get_in_tenant(s, &entity_cycle, c->parent_id, &parent, err) != ERR_OK) {
        return err_set(err, ERR_INVALID, "parent_id", "no cycle with id %lld",
                       (long long)c->parent_id);
    }
    if (c->start < parent.start || c->end > parent.end) {
        return err_set(err, ERR_INVALID, "start", "the cycle must lie within its parent cycle %s",
                       parent.name);
    }
    return unchanged(&entity_cycle, c, old, "parent_id")
               ? ERR_OK
               : check_no_loop(s, &entity_cycle, c, "parent_id", err);
}

/* A person's email is theirs alone in the tenant, ignoring ASCII case as login does; and the
 * managers above them do not loop. */
static enum err_code check_user(struct svc *s, const struct user *u, const struct user *old,
                                struct err *err)
{
    /* A changed email only: an older database may hold a pair differing in case. */
    if (!old || strcasecmp(old->email, u->email) != 0) {
        struct rows same;
        if (s->st->ops->users_by_email(s->st, s->tenant_id, u->email, 2, s->a, &same, err) !=
            ERR_OK) {
            return err->code;
        }
        const struct user *other = same.items;
        for (size_t i = 0; i < same.n; i++) {
            if (other[i].id != u->id) {
                return err_set(err, ERR_CONFLICT, "email", "%s is already a user here",
                               u->email);
            }
        }
    }
    return unchanged(&entity_user, u, old, "manager_id")
               ? ERR_OK
               : check_no_loop(s, &entity_user, u, "manager_id", err);
}

/* A record that lives in a cycle may change only as its cycle's state allows: checked for its
 * new state and, on an update, for its old one too (nothing moves out of a closed cycle). */
static enum err_code check_cycle_state(struct svc *s, const struct entity *e, const void *obj,
                                       struct err *err)
{
    if (e != &entity_objective && e != &entity_key_result && e != &entity_initiative &&
        e != &entity_checkin && e != &entity_comment) {
        return ERR_OK;
    }
    struct cycle c;
    if (svc_cycle_of(s, e, obj, &c, err) != ERR_OK) {
        return err->code;
    }
    return cycle_allows(c.state,
                        e == &entity_checkin   ? CHANGE_CHECKIN
                        : e == &entity_comment ? CHANGE_COMMENT
                                               : CHANGE_OKR,
                        err);
}

/* A required text of nothing but spaces says nothing: refused in what people write. (Not in
 * validate_record: an import takes what an older database may hold.) */
static enum err_code check_not_blank(const struct entity *e, const void *obj, struct err *err)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (f->type == FT_TEXT && (f->flags & FF_REQUIRED) &&
            meta_text_blank(meta_get_text(f, obj))) {
            return err_set(err, ERR_INVALID, f->name, "%s is required", f->name);
        }
    }
    return ERR_OK;
}

/* Rules that need the store, run before every insert and update (old: the stored record, NULL
 * for an insert). */
/* A person is in a team once: said as such, not as the store's "same key" conflict. */
static enum err_code check_membership(struct svc *s, const struct membership *m, struct err *err)
{
    struct query q = {.tenant_id = s->tenant_id, .by = "team_id", .key = m->team_id};
    struct rows r;
    if (store_list(s->st, &entity_membership, &q, s->a, &r, err) != ERR_OK) {
        return err->code;
    }
    const struct membership *ms = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (ms[i].user_id == m->user_id) {
            return err_set(err, ERR_CONFLICT, "user_id",
                           "user_id: user %lld is a member of team "
                           "%lld already",
                           (long long)m->user_id, (long long)m->team_id);
        }
    }
    return ERR_OK;
}

static enum err_code check_record(struct svc *s, const struct entity *e, const void *obj,
                                  const void *old, struct err *err)
{
    if (validate_record(e, obj, err) != ERR_OK || settings_check(e, obj, old, err) != ERR_OK ||
        check_not_blank(e, obj, err) != ERR_OK || check_refs(s, e, obj, err) != ERR_OK ||
        check_cycle_state(s, e, obj, err) != ERR_OK) {
        return err->code;
    }
    if (e == &entity_objective) {
        return check_objective(s, obj, old, err);
    }
    if (e == &entity_key_result) {
        return check_kr_move(s, obj, old, err) != ERR_OK ? err->code
                                                         : check_kr_weights(s, obj, err);
    }
    if (e == &entity_cycle) {
        return check_cycle_record(s, obj, old, err);
    }
    if (e == &entity_user) {
        return check_user(s, obj, old, err);
    }
    if (e == &entity_team && !unchanged(e, obj, old, "parent_id")) {
        return check_no_loop(s, e, obj, "parent_id", err);
    }
    if (e == &entity_membership && !old) {
        return check_membership(s, obj, err);
    }
    return ERR_OK;
}

static void stamp(struct svc *s, const struct entity *e, void *obj, bool created)
{
    const struct field *f;
    if ((f = meta_field(e, "tenant_id"))) {
        *meta_i64(f, obj) = s->tenant_id;
    }
    if (created && (f = meta_field(e, "created"))) {
        *meta_i64(f, obj) = s->now;
    }
    if ((f = meta_field(e, "updated"))) {
        *meta_i64(f, obj) = s->now;
    }
}

/* policy_check for writing obj's new state. A record hanging from an OKR the actor may not see
 * answers as check_refs does for a missing one (its existence stays private); an objective whose
 * new state the actor could not see (given away, made private) is simply not theirs to write. */
static enum err_code may_write(struct svc *s, const struct entity *e, const void *obj,
                               struct err *err)
{
    enum err_code rc = policy_check(s, POLICY_WRITE, e, obj, err);
    if (rc != ERR_NOT_FOUND) {
        return rc;
    }
    if (e == &entity_objective) {
        return err_set(err, ERR_FORBIDDEN, NULL, "you may not change this objective");
    }
    const char *parent = e == &entity_key_result ? "objective_id" : "kr_id";
    if (e == &entity_comment && ((const struct comment *)obj)->objective_id) {
        parent = "objective_id";
    }
    const struct field *f = meta_field(e, parent);
    if (!f || f->type != FT_REF) {
        return rc;
    }
    return err_set(err, ERR_INVALID, f->name, "%s: no %s with id %lld", f->name, f->ref->name,
                   (long long)meta_get_i64(f, obj));
}

enum err_code svc_insert_checked(struct svc *s, const struct entity *e, void *obj,
                                 struct err *err)
{
    stamp(s, e, obj, true);
    /* People write comments and check-ins as themselves; only the operator records for others. */
    if (!s->actor.system && (e == &entity_comment || e == &entity_checkin)) {
        *meta_i64(meta_field(e, "author_id"), obj) = s->actor.user_id;
    }
    const struct field *vf = meta_field(e, "version");
    if (vf) {
        *meta_i64(vf, obj) = 1;
    }
    if (check_record(s, e, obj, NULL, err) != ERR_OK || may_write(s, e, obj, err) != ERR_OK ||
        store_insert(s->st, e, obj, err) != ERR_OK) {
        return err->code;
    }
    return svc_audit(s, "create", e, obj, err);
}

enum err_code svc_update_checked(struct svc *s, const struct entity *e, void *obj,
                                 const void *old, struct err *err)
{
    /* System fields keep their stored values, except the version the caller read at. */
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if ((f->flags & FF_SYSTEM) && f->type != FT_VERSION) {
            memcpy((char *)obj + f->offset, (const char *)old + f->offset,
                   f->type == FT_REAL ? sizeof(double)
                   : f->type == FT_TEXT ? sizeof(char *)
                   : (f->type == FT_ENUM || f->type == FT_BOOL) ? sizeof(int)
                                                                 : sizeof(int64_t));
        }
    }
    stamp(s, e, obj, false);
    /* May change the record, then its new state is valid (a missing reference is a 422 for
     * whoever may write), then may write that state too. */
    if (e == &entity_cycle && ((const struct cycle *)old)->state == CYCLE_CLOSED) {
        return err_set(err, ERR_CONFLICT, "cycle", "cycle is closed: nothing in it can change");
    }
    if (policy_check(s, POLICY_WRITE, e, old, err) != ERR_OK ||
        check_cycle_state(s, e, old, err) != ERR_OK ||
        check_record(s, e, obj, old, err) != ERR_OK || may_write(s, e, obj, err) != ERR_OK ||
        store_update(s->st, e, obj, err) != ERR_OK) {
        return err->code;
    }
    return svc_audit(s, "update", e, obj, err);
}

enum err_code svc_create(struct svc *s, const struct entity *e, void *obj, struct err *err)
{
    if (e == &entity_tenant || e == &entity_audit) {
        return err_set(err, ERR_FORBIDDEN, NULL, "%s records are not created this way", e->name);
    }
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    return svc_finish(s, svc_insert_checked(s, e, obj, err), err);
}

enum err_code svc_create_objective(struct svc *s, struct objective *o, struct key_result *krs,
                                   size_t n, struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = svc_insert_checked(s, &entity_objective, o, err);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        krs[i].objective_id = o->id;
        rc = svc_insert_checked(s, &entity_key_result, &krs[i], err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_get(struct svc *s, const struct entity *e, int64_t id, void *out,
                      struct err *err)
{
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = store_get(s->st, e, e == &entity_tenant ? id : s->tenant_id, id, out, s->a,
                                 err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, e, out, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_update(struct svc *s, const struct entity *e, void *obj, struct err *err)
{
    if (e == &entity_audit) {
        return err_set(err, ERR_FORBIDDEN, NULL, "the audit log cannot be changed");
    }
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    int64_t id = meta_get_i64(meta_field(e, "id"), obj);
    void *old = arena_alloc(s->a, e->size);
    enum err_code rc = store_get(s->st, e, e == &entity_tenant ? id : s->tenant_id, id, old, s->a,
                                 err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, e, old, err);
    }
    if (rc == ERR_OK) {
        rc = svc_update_checked(s, e, obj, old, err);
    }
    return svc_finish(s, rc, err);
}

/* A deleted record's dismissed findings go with it: its id may later be given to a new one. */
static enum err_code forget_dismissals(struct svc *s, const struct entity *e, int64_t id,
                                       struct err *err)
{
    struct query q = {.tenant_id = s->tenant_id, .by = "entity_id", .key = id};
    struct rows r;
    if (store_list(s->st, &entity_finding_dismissal, &q, s->a, &r, err) != ERR_OK) {
        return err->code;
    }
    const struct finding_dismissal *d = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (strcmp(d[i].entity, e->name) == 0 &&
            store_remove(s->st, &entity_finding_dismissal, s->tenant_id, d[i].id, err) != ERR_OK) {
            return err->code;
        }
    }
    return ERR_OK;
}

/* forget_dismissals for id and for what the database deletes with it (ON DELETE CASCADE): an
 * objective's key results, and the take-on requests about either. */
static enum err_code forget_with(struct svc *s, const struct entity *e, int64_t id, struct err *err)
{
    if (forget_dismissals(s, e, id, err) != ERR_OK) {
        return err->code;
    }
    if (e != &entity_objective && e != &entity_key_result) {
        return ERR_OK;
    }
    bool objective = e == &entity_objective;
    struct query q = {
        .tenant_id = s->tenant_id, .by = objective ? "objective_id" : "kr_id", .key = id};
    struct rows r;
    if (store_list(s->st, &entity_request, &q, s->a, &r, err) != ERR_OK) {
        return err->code;
    }
    for (size_t i = 0; i < r.n; i++) {
        const struct request *req = (const struct request *)r.items + i;
        if (forget_dismissals(s, &entity_request, req->id, err) != ERR_OK) {
            return err->code;
        }
    }
    if (objective) {
        q.by = "objective_id";
        if (store_list(s->st, &entity_key_result, &q, s->a, &r, err) != ERR_OK) {
            return err->code;
        }
        for (size_t i = 0; i < r.n; i++) {
            const struct key_result *kr = (const struct key_result *)r.items + i;
            if (forget_with(s, &entity_key_result, kr->id, err) != ERR_OK) {
                return err->code;
            }
        }
    }
    return ERR_OK;
}

enum err_code svc_delete(struct svc *s, const struct entity *e, int64_t id, struct err *err)
{
    if (e == &entity_tenant || e == &entity_audit) {
        return err_set(err, ERR_FORBIDDEN, NULL, "%s records cannot be deleted", e->name);
    }
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    void *old = arena_alloc(s->a, e->size);
    enum err_code rc = get_in_tenant(s, e, id, old, err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, e, old, err);
    }
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_WRITE, e, old, err);
    }
    if (rc == ERR_OK) {
        rc = check_cycle_state(s, e, old, err);
    }
    if (rc == ERR_OK) {
        rc = forget_with(s, e, id, err); /* before the cascade takes the children */
    }
    if (rc == ERR_OK) {
        rc = store_remove(s->st, e, s->tenant_id, id, err);
    }
    if (rc == ERR_OK) {
        rc = svc_audit(s, "delete", e, old, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_list_by(struct svc *s, const struct entity *e, const char *by, int64_t key,
                          int64_t limit, struct rows *out, struct err *err)
{
    struct query q = {.tenant_id = s->tenant_id, .by = by, .key = key, .limit = limit};
    return store_list(s->st, e, &q, s->a, out, err);
}

enum err_code svc_list(struct svc *s, const struct entity *e, struct query *q, struct rows *out,
                       struct err *err)
{
    q->tenant_id = s->tenant_id;
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = store_list(s->st, e, q, s->a, out, err);
    if (rc == ERR_OK && !s->actor.system && !s->actor.admin && out->n > 0) {
        /* Three queries for the actor's relations, whatever the list's length: lookups per
         * record would cost up to the depth of the manager chain and team tree each (N+1). */
        rc = policy_load_relations(s, err);
    }
    if (rc == ERR_OK && !s->actor.system && !s->actor.admin) {
        /* Drop what the actor may not see; the rest keep their order. */
        char *items = out->items;
        size_t kept = 0;
        for (size_t i = 0; i < out->n; i++) {
            if (policy_can_read(s, e, items + i * e->size)) {
                memmove(items + kept * e->size, items + i * e->size, e->size);
                kept++;
            }
        }
        out->n = kept;
    }
    return svc_finish(s, rc, err);
}
