/* Take-on requests: a superior @-mentions a person on an objective or key result; the person
 * accepts (a draft objective of theirs, aligned to the source, is created and linked), declines
 * with a reason, or the sender withdraws. */
#include "svc_internal.h"

#include "domain/rules.h"
#include "policy.h"

#include <string.h>

/* The same request twice (from and to the same people, about the same thing, with the same
 * message) while the first is pending: a double send, refused. A new message is a new ask. */
static enum err_code check_not_pending(struct svc *s, const struct request *r, struct err *err)
{
    struct query q = {.tenant_id = s->tenant_id, .by = "to_user_id", .key = r->to_user_id};
    struct rows all;
    if (store_list(s->st, &entity_request, &q, s->a, &all, err) != ERR_OK) {
        return err->code;
    }
    const struct request *x = all.items;
    for (size_t i = 0; i < all.n; i++) {
        if (x[i].state == REQ_PENDING && x[i].from_user_id == r->from_user_id &&
            x[i].objective_id == r->objective_id && x[i].kr_id == r->kr_id &&
            strcmp(x[i].message, r->message ? r->message : "") == 0) {
            return err_set(err, ERR_CONFLICT, "to_user_id",
                           "take-on request %lld asks the same and is still pending",
                           (long long)x[i].id);
        }
    }
    return ERR_OK;
}

enum err_code svc_request_send(struct svc *s, struct request *r, struct err *err)
{
    if (!s->actor.system) {
        r->from_user_id = s->actor.user_id;
    }
    r->state = REQ_PENDING;
    r->reason = "";
    r->result_objective_id = 0;
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    /* Only someone who may change the source can ask others to take it on. */
    enum err_code rc = ERR_OK;
    if (r->objective_id || r->kr_id) {
        const struct entity *src = r->kr_id ? &entity_key_result : &entity_objective;
        void *obj = arena_alloc(s->a, src->size);
        rc = store_get(s->st, src, s->tenant_id, r->kr_id ? r->kr_id : r->objective_id, obj, s->a,
                       err);
        if (rc == ERR_OK) {
            rc = policy_check(s, POLICY_READ, src, obj, err); /* hidden answers as missing */
        }
        if (rc == ERR_NOT_FOUND) {
            rc = err_set(err, ERR_INVALID, r->kr_id ? "kr_id" : "objective_id", "no such %s",
                         src->name);
        }
        if (rc == ERR_OK) {
            rc = policy_check(s, POLICY_WRITE, src, obj, err);
        }
        struct cycle c;
        if (rc == ERR_OK) {
            rc = svc_cycle_of(s, src, obj, &c, err);
        }
        if (rc == ERR_OK) {
            rc = cycle_allows(c.state, CHANGE_OKR, err);
        }
    }
    if (rc == ERR_OK) {
        rc = check_not_pending(s, r, err);
    }
    if (rc == ERR_OK) {
        rc = svc_insert_checked(s, &entity_request, r, err);
    }
    return svc_finish(s, rc, err);
}

/* Loads a request the actor may act on as recipient (or sender, for withdraw). */
static enum err_code load_request(struct svc *s, int64_t id, bool as_sender, struct request *r,
                                  struct err *err)
{
    /* Missing or hidden: the same answer. */
    if (store_get(s->st, &entity_request, s->tenant_id, id, r, s->a, err) != ERR_OK ||
        policy_check(s, POLICY_READ, &entity_request, r, err) != ERR_OK) {
        return err_set(err, ERR_NOT_FOUND, "id", "no take-on request with id %lld", (long long)id);
    }
    int64_t who = as_sender ? r->from_user_id : r->to_user_id;
    if (!s->actor.system && s->actor.user_id != who) {
        return err_set(err, ERR_FORBIDDEN, NULL, "only the %s can do that",
                       as_sender ? "sender" : "person asked");
    }
    return ERR_OK;
}

/* Moves r to state `to` and stores it with its system fields (state, reason, result). */
static enum err_code move(struct svc *s, struct request *r, enum request_state to,
                          struct err *err)
{
    if (request_transition_check(r->state, to, err) != ERR_OK) {
        return err->code;
    }
    r->state = to;
    r->updated = s->now;
    if (store_update(s->st, &entity_request, r, err) != ERR_OK) {
        return err->code;
    }
    return svc_audit(s, "update", &entity_request, r, err);
}

enum err_code svc_request_accept(struct svc *s, int64_t id, struct objective *draft,
                                 struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct request r;
    struct objective src;
    struct key_result kr;
    enum err_code rc = load_request(s, id, false, &r, err);
    int64_t src_id = r.objective_id;
    if (rc == ERR_OK && r.kr_id) {
        rc = store_get(s->st, &entity_key_result, s->tenant_id, r.kr_id, &kr, s->a, err);
        src_id = kr.objective_id;
    }
    if (rc == ERR_OK) {
        rc = store_get(s->st, &entity_objective, s->tenant_id, src_id, &src, s->a, err);
    }
    if (rc == ERR_OK) {
        rc = request_transition_check(r.state, REQ_ACCEPTED, err);
    }
    if (rc == ERR_OK) {
        takeon_draft(&r, &src, r.kr_id ? &kr : NULL, s->now, draft);
        /* The person asked writes their own objective, aligned to a source they may not see
         * otherwise: being asked to take it on is what entitles them to align to it. */
        struct actor saved = s->actor;
        s->actor = (struct actor){.user_id = r.to_user_id, .system = true};
        rc = svc_insert_checked(s, &entity_objective, draft, err);
        s->actor = saved;
    }
    if (rc == ERR_OK) {
        r.result_objective_id = draft->id;
        rc = move(s, &r, REQ_ACCEPTED, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_request_decline(struct svc *s, int64_t id, const char *reason,
                                  struct err *err)
{
    if (meta_text_blank(reason)) {
        return err_set(err, ERR_INVALID, "reason", "say why you decline (reason is required)");
    }
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct request r;
    enum err_code rc = load_request(s, id, false, &r, err);
    if (rc == ERR_OK) {
        r.reason = reason;
        rc = validate_record(&entity_request, &r, err);
    }
    if (rc == ERR_OK) {
        rc = move(s, &r, REQ_DECLINED, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_request_withdraw(struct svc *s, int64_t id, struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct request r;
    enum err_code rc = load_request(s, id, true, &r, err);
    if (rc == ERR_OK) {
        rc = move(s, &r, REQ_WITHDRAWN, err);
    }
    return svc_finish(s, rc, err);
}
