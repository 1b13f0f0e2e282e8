/* Scoring objectives and moving cycles through planning, active, grading and closed. */
#include "svc_internal.h"

#include "domain/rules.h"
#include "domain/score.h"
#include "policy.h"

#include <math.h>
#include <string.h>

enum err_code svc_score(struct svc *s, int64_t objective_id, const char *which, double score,
                        const char *text, int64_t if_version, struct err *err)
{
    bool self = strcmp(which, "self") == 0, manager = strcmp(which, "manager") == 0,
         final = strcmp(which, "final") == 0;
    if (!self && !manager && !final) {
        return err_set(err, ERR_INVALID, "which", "which must be self, manager or final");
    }
    /* The score is the field ("score" in the API's body; the command line checks its own
     * --self/--manager/--final before). */
    if (!isnan(score) && score_check(score, "score", err) != ERR_OK) {
        return err->code;
    }
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct objective o;
    struct cycle c;
    enum err_code rc = store_get(s->st, &entity_objective, s->tenant_id, objective_id, &o, s->a,
                                 err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, &entity_objective, &o, err);
    }
    if (rc == ERR_OK && if_version && if_version != o.version) {
        rc = err_set(err, ERR_STALE, "version",
                     "the objective changed since version %lld (it is at %lld): read it again",
                     (long long)if_version, (long long)o.version);
    }
    /* The owner scores themself, and nobody else does (an admin neither: a self-assessment
     * and its reflection feed the person's dossier); the manager chain (or an admin) gives the
     * manager and final score. */
    bool owner = o.owner_user_id == s->actor.user_id;
    if (rc == ERR_OK && !s->actor.system && o.owner_user_id && self && !owner) {
        rc = err_set(err, ERR_FORBIDDEN, which, "the owner gives the self score");
    } else if (rc == ERR_OK && !s->actor.system && !s->actor.admin && o.owner_user_id && !self &&
               owner) {
        rc = err_set(err, ERR_FORBIDDEN, which, "your manager gives the %s score", which);
    }
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_WRITE, &entity_objective, &o, err);
    }
    if (rc == ERR_OK) {
        rc = svc_cycle_of(s, &entity_objective, &o, &c, err);
    }
    if (rc == ERR_OK) {
        rc = cycle_allows(c.state, CHANGE_SCORE, err);
    }
    if (rc == ERR_OK) {
        if (self) {
            o.self_score = score;
            o.reflection = text ? text : o.reflection;
        } else if (manager) {
            o.manager_score = score;
            o.postmortem = text ? text : o.postmortem;
        } else {
            o.final_score = score;
            o.postmortem = text ? text : o.postmortem;
        }
        o.updated = s->now;
        rc = validate_record(&entity_objective, &o, err);
    }
    /* A committed objective that falls short says why (C6), before the cycle closes on it: the
     * manager's or final score under 1.0 comes with its post-mortem, or finds one written. */
    struct objective as_final = o;
    as_final.final_score = score;
    if (rc == ERR_OK && !self && o.state != OBJ_DROPPED && score_needs_postmortem(&as_final) &&
        meta_text_blank(o.postmortem)) {
        rc = err_set(err, ERR_INVALID, "postmortem",
                     "postmortem: a committed objective scored under 1.0 needs a post-mortem note "
                     "(why it fell short)");
    }
    if (rc == ERR_OK) {
        rc = store_update(s->st, &entity_objective, &o, err);
    }
    if (rc == ERR_OK) {
        rc = svc_audit(s, "score", &entity_objective, &o, err);
    }
    return svc_finish(s, rc, err);
}

static enum err_code close_cycle(struct svc *s, struct cycle *c, struct err *err)
{
    struct query q = {.tenant_id = s->tenant_id, .by = "cycle_id", .key = c->id};
    struct rows r;
    if (store_list(s->st, &entity_objective, &q, s->a, &r, err) != ERR_OK) {
        return err->code;
    }
    struct objective *objs = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (isnan(objs[i].final_score) && !isnan(score_final_default(&objs[i]))) {
            objs[i].final_score = score_final_default(&objs[i]);
            objs[i].updated = s->now;
            if (store_update(s->st, &entity_objective, &objs[i], err) != ERR_OK) {
                return err->code;
            }
        }
    }
    return cycle_close_check(objs, r.n, err);
}

/* Moves the cycle to `to`, from the state `from` only when from is not -1. */
static enum err_code move_cycle(struct svc *s, int64_t cycle_id, int from, enum cycle_state to,
                                struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct cycle c;
    enum err_code rc = store_get(s->st, &entity_cycle, s->tenant_id, cycle_id, &c, s->a, err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_WRITE, &entity_cycle, &c, err);
    }
    if (rc == ERR_OK && from >= 0 && (int)c.state != from) {
        const struct field *state = meta_field(&entity_cycle, "state");
        rc = err_set(err, ERR_CONFLICT, "state",
                     "the cycle is %s: only a cycle that is %s can do that",
                     meta_enum_name(state, (int)c.state), meta_enum_name(state, from));
    }
    if (rc == ERR_OK) {
        rc = cycle_transition_check(c.state, to, err);
    }
    if (rc == ERR_OK && to == CYCLE_CLOSED) {
        rc = close_cycle(s, &c, err);
    }
    if (rc == ERR_OK) {
        c.state = to;
        rc = store_update(s->st, &entity_cycle, &c, err);
    }
    if (rc == ERR_OK) {
        rc = svc_audit(s, meta_enum_name(meta_field(&entity_cycle, "state"), (int)to), &entity_cycle, &c,
                       err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_cycle_transition(struct svc *s, int64_t cycle_id, enum cycle_state to,
                                   struct err *err)
{
    return move_cycle(s, cycle_id, -1, to, err);
}

enum err_code svc_cycle_reopen(struct svc *s, int64_t cycle_id, struct err *err)
{
    return move_cycle(s, cycle_id, CYCLE_GRADING, CYCLE_ACTIVE, err);
}
