/* Check-ins, key result weights and KPI values: the weekly rhythm. */
#include "svc_internal.h"

#include "domain/progress.h"
#include "domain/rules.h"
#include "policy.h"

#include <math.h>

/* A check-in is the busiest write (every person, every week), so it runs the rules of
 * svc_insert_checked and svc_update_checked for its two records by hand, reading each record
 * once: the key result, its objective (rights, cycle) and the cycle; then the check-in, the key
 * result's new value (only the columns a check-in changes: store kr_progress) and one audit
 * event that names the key result. 8 statements instead of 19 (tests/unit/test_queries.c), and
 * fewer pages in the commit (bench/HISTORY.md). */
enum err_code svc_checkin(struct svc *s, struct checkin *c, bool status_given, struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct key_result kr;
    struct objective o;
    struct cycle cy;
    enum err_code rc = store_get(s->st, &entity_key_result, s->tenant_id, c->kr_id, &kr, s->a, err);
    if (rc == ERR_OK) {
        rc = store_get(s->st, &entity_objective, s->tenant_id, kr.objective_id, &o, s->a, err);
    }
    if (rc == ERR_OK) {
        rc = policy_check_under(s, POLICY_READ, &entity_key_result, &kr, &o, err);
    }
    if (rc == ERR_NOT_FOUND) { /* missing or hidden: the same answer */
        rc = err_set(err, ERR_NOT_FOUND, "kr_id", "no key result with id %lld",
                     (long long)c->kr_id);
    }
    if (rc == ERR_OK &&
        store_get(s->st, &entity_cycle, s->tenant_id, o.cycle_id, &cy, s->a, err) != ERR_OK) {
        rc = err_set(err, ERR_INVALID, "cycle_id", "no cycle with id %lld", (long long)o.cycle_id);
    }
    struct key_result after = kr;
    if (rc == ERR_OK) {
        c->tenant_id = s->tenant_id;
        /* People check in as themselves; only the operator records for someone else. */
        if (!s->actor.system || !c->author_id) {
            c->author_id = s->actor.user_id;
        }
        c->at = s->now;
        if (isnan(c->confidence)) {
            c->confidence = kr.confidence; /* not said: as it was */
        }
        after.current = c->value;
        after.confidence = c->confidence;
        after.updated = s->now;
        if (!status_given) {
            double expected = expected_progress(cy.start, cy.end, s->now / 86400);
            c->status = (int)progress_status(kr_progress(&after), expected, c->confidence);
        }
        rc = validate_record(&entity_checkin, c, err);
    }
    if (rc == ERR_OK && c->author_id && c->author_id != s->actor.user_id) {
        struct user u; /* the actor's own id was checked with their credential */
        if (store_get(s->st, &entity_user, s->tenant_id, c->author_id, &u, s->a, err) != ERR_OK) {
            rc = err_set(err, ERR_INVALID, "author_id", "author_id: no user with id %lld",
                         (long long)c->author_id);
        }
    }
    if (rc == ERR_OK) {
        rc = cycle_allows(cy.state, CHANGE_CHECKIN, err);
    }
    if (rc == ERR_OK) {
        rc = policy_check_checkin(s, c, &kr, &o, err);
    }
    /* A milestone's value is how far it is: 50 (meaning 50%) would read as reached. */
    if (rc == ERR_OK && kr.type == KR_MILESTONE && !(c->value >= 0.0 && c->value <= 1.0)) {
        rc = err_set(err, ERR_INVALID, "value",
                     "value of a milestone is how far it is, from 0 to 1 (1: reached)");
    }
    if (rc == ERR_OK) {
        rc = validate_record(&entity_key_result, &after, err);
    }
    if (rc == ERR_OK) {
        rc = store_insert(s->st, &entity_checkin, c, err);
    }
    if (rc == ERR_OK) {
        rc = store_kr_progress(s->st, &after, err);
    }
    if (rc == ERR_OK) {
        rc = svc_audit_note(s, "create", &entity_checkin, c, kr.title, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_set_weights(struct svc *s, int64_t objective_id, const double *weights,
                              size_t n, struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    /* The objective first: missing or hidden is a 404, seen but not the actor's a 403. */
    struct objective o;
    enum err_code rc = store_get(s->st, &entity_objective, s->tenant_id, objective_id, &o, s->a,
                                 err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, &entity_objective, &o, err);
    }
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_WRITE, &entity_objective, &o, err);
    }
    struct query q = {.tenant_id = s->tenant_id, .by = "objective_id", .key = objective_id};
    struct rows r = {0};
    if (rc == ERR_OK) {
        rc = store_list(s->st, &entity_key_result, &q, s->a, &r, err);
    }
    struct key_result *krs = r.items;
    if (rc == ERR_OK && r.n != n) {
        rc = err_set(err, ERR_INVALID, "weight",
                     "the objective has %zu key results; give one weight for each", r.n);
    }
    if (rc == ERR_OK) {
        struct key_result *next = arena_alloc(s->a, (n ? n : 1) * sizeof *next);
        for (size_t i = 0; i < n; i++) {
            next[i] = krs[i];
            next[i].weight = weights[i];
        }
        rc = kr_weights_check(next, n, err);
        /* Write the explicit weights first as unset, so each intermediate sum stays valid. */
        for (size_t i = 0; rc == ERR_OK && i < n; i++) {
            struct key_result cleared = krs[i];
            cleared.weight = NAN;
            rc = svc_update_checked(s, &entity_key_result, &cleared, &krs[i], err);
            next[i].version = cleared.version;
            krs[i] = cleared;
        }
        for (size_t i = 0; rc == ERR_OK && i < n; i++) {
            rc = svc_update_checked(s, &entity_key_result, &next[i], &krs[i], err);
        }
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_kpi_record(struct svc *s, struct kpi_value *v, struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct kpi k;
    enum err_code rc = store_get(s->st, &entity_kpi, s->tenant_id, v->kpi_id, &k, s->a, err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_WRITE, &entity_kpi, &k, err);
    }
    if (rc == ERR_OK) {
        v->tenant_id = s->tenant_id;
        rc = validate_record(&entity_kpi_value, v, err);
    }
    if (rc == ERR_OK) {
        rc = store_insert(s->st, &entity_kpi_value, v, err);
    }
    if (rc == ERR_OK) {
        rc = svc_audit(s, "record", &entity_kpi, &k, err);
    }
    return svc_finish(s, rc, err);
}
