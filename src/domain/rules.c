/* Rules of the method that are not arithmetic: the life of cycles and take-on requests, the draft
 * a take-on creates, alignment cycles, and per-entity validation beyond the field descriptors.
 * Pure: no I/O, no clock. */
#include "rules.h"

#include "meta.h"
#include "score.h"

#include <math.h>
#include <string.h>

/* Deepest alignment chain above an objective (its parent is level 1). */
#define ALIGN_MAX_DEPTH 64

static const char *cycle_state_name(int state)
{
    return meta_enum_name(meta_field(&entity_cycle, "state"), state);
}

static const char *request_state_name(int state)
{
    return meta_enum_name(meta_field(&entity_request, "state"), state);
}

enum err_code cycle_transition_check(enum cycle_state from, enum cycle_state to, struct err *err)
{
    int ok = (from == CYCLE_PLANNING && to == CYCLE_ACTIVE) ||
             (from == CYCLE_ACTIVE && to == CYCLE_GRADING) ||
             (from == CYCLE_GRADING && to == CYCLE_CLOSED) ||
             (from == CYCLE_GRADING && to == CYCLE_ACTIVE);
    if (ok) {
        return ERR_OK;
    }
    if (from == CYCLE_CLOSED) {
        return err_set(err, ERR_CONFLICT, "state", "state cannot change: the cycle is closed");
    }
    /* The way there, where there is one: planning -> active -> grading -> closed. */
    const char *hint = to == CYCLE_CLOSED && from != CYCLE_GRADING     ? ": grade it first"
                       : to == CYCLE_GRADING && from == CYCLE_PLANNING ? ": activate it first"
                                                                       : "";
    return err_set(err, ERR_CONFLICT, "state", "state cannot go from %s to %s%s",
                   cycle_state_name((int)from), cycle_state_name((int)to), hint);
}

enum err_code cycle_close_check(const struct objective *objs, size_t n, struct err *err)
{
    for (size_t i = 0; i < n; i++) {
        const struct objective *o = &objs[i];
        if (o->state == OBJ_DROPPED) {
            continue;
        }
        if (isnan(o->final_score)) {
            err_set(err, ERR_CONFLICT, "final_score",
                    "final_score is missing on objective %lld \"%s\": score it or drop it before "
                    "closing the cycle",
                    (long long)o->id, o->title ? o->title : "");
        } else if (score_needs_postmortem(o) && meta_text_blank(o->postmortem)) {
            /* C6 before it is too late: a closed cycle's post-mortems can no longer be written. */
            err_set(err, ERR_CONFLICT, "postmortem",
                    "objective %lld \"%s\" is committed and scored %g: write its post-mortem (why "
                    "it fell short) before closing the cycle",
                    (long long)o->id, o->title ? o->title : "", o->final_score);
        } else {
            continue;
        }
        if (err) {
            err->id = o->id;
        }
        return ERR_CONFLICT;
    }
    return ERR_OK;
}

enum err_code cycle_allows(enum cycle_state state, enum cycle_change what, struct err *err)
{
    switch (state) {
    case CYCLE_PLANNING:
        if (what != CHANGE_SCORE) {
            return ERR_OK;
        }
        return err_set(err, ERR_CONFLICT, "cycle",
                       "cycle is planning: scores, reflections and post-mortems wait until it "
                       "runs");
    case CYCLE_ACTIVE:
        return ERR_OK;
    case CYCLE_GRADING:
        if (what == CHANGE_SCORE || what == CHANGE_COMMENT) {
            return ERR_OK;
        }
        return err_set(err, ERR_CONFLICT, "cycle",
                       "cycle is grading: only scores, reflections, post-mortems and comments can "
                       "change");
    case CYCLE_CLOSED:
        break;
    }
    return err_set(err, ERR_CONFLICT, "cycle", "cycle is closed: nothing in it can change");
}

enum err_code request_transition_check(enum request_state from, enum request_state to,
                                       struct err *err)
{
    if (from == REQ_PENDING && (to == REQ_ACCEPTED || to == REQ_DECLINED || to == REQ_WITHDRAWN)) {
        return ERR_OK;
    }
    if (from != REQ_PENDING) {
        return err_set(err, ERR_CONFLICT, "state",
                       "state cannot change: the take-on request is already %s",
                       request_state_name((int)from));
    }
    return err_set(err, ERR_CONFLICT, "state", "state cannot go from %s to %s",
                   request_state_name((int)from), request_state_name((int)to));
}

void takeon_draft(const struct request *r, const struct objective *src_obj,
                  const struct key_result *kr, int64_t now, struct objective *out)
{
    meta_init(&entity_objective, out);
    out->tenant_id = r->tenant_id;
    out->cycle_id = src_obj->cycle_id;
    out->owner_user_id = r->to_user_id;
    out->kind = src_obj->kind;
    out->visibility = src_obj->visibility;
    out->state = OBJ_DRAFT;
    out->weight = 1.0; /* as a new objective's default (svc_defaults) */
    if (kr) {
        out->title = kr->title;
        out->parent_kr_id = kr->id;
    } else {
        out->title = src_obj->title;
        out->parent_objective_id = src_obj->id;
    }
    out->created = now;
    out->updated = now;
}

enum err_code alignment_check(int64_t self, int64_t new_parent, parent_of_fn parent_of, void *ctx,
                              struct err *err)
{
    int64_t cur = new_parent;
    for (int depth = 1; cur > 0; depth++) {
        if (cur == self) {
            if (depth == 1) {
                return err_set(err, ERR_INVALID, "parent", "parent cannot be the objective itself");
            }
            return err_set(err, ERR_INVALID, "parent",
                           "parent would make an alignment cycle back to this objective");
        }
        if (depth > ALIGN_MAX_DEPTH) {
            return err_set(err, ERR_INVALID, "parent", "parent chain is deeper than %d levels",
                           ALIGN_MAX_DEPTH);
        }
        cur = parent_of(ctx, cur);
    }
    return ERR_OK;
}

static enum err_code check_cycle(const struct cycle *c, struct err *err)
{
    if (c->end < c->start) {
        return err_set(err, ERR_INVALID, "end", "end must not be before start");
    }
    return ERR_OK;
}

static enum err_code check_objective(const struct objective *o, struct err *err)
{
    if (o->owner_user_id && o->owner_team_id) {
        return err_set(err, ERR_INVALID, "owner",
                       "owner must be one user or one team (or neither, for the company)");
    }
    if (o->parent_objective_id && o->parent_kr_id) {
        return err_set(err, ERR_INVALID, "parent",
                       "parent must be one objective or one key result, not both");
    }
    return ERR_OK;
}

static enum err_code check_key_result(const struct key_result *kr, struct err *err)
{
    if (kr->type == KR_MILESTONE) {
        if (kr->start != 0.0) {
            return err_set(err, ERR_INVALID, "start", "start of a milestone key result must be 0");
        }
        if (kr->target != 1.0) {
            return err_set(err, ERR_INVALID, "target",
                           "target of a milestone key result must be 1");
        }
        return ERR_OK;
    }
    switch (kr->direction) {
    case DIR_INCREASE:
        if (!(kr->target > kr->start)) {
            return err_set(err, ERR_INVALID, "target",
                           "target must be above start for an increasing key result");
        }
        break;
    case DIR_DECREASE:
        if (!(kr->target < kr->start)) {
            return err_set(err, ERR_INVALID, "target",
                           "target must be below start for a decreasing key result");
        }
        break;
    default:
        break; /* at_least / at_most: holding a level is a valid target */
    }
    return ERR_OK;
}

static enum err_code check_kpi(const struct kpi *k, struct err *err)
{
    if (k->direction != DIR_AT_LEAST && k->direction != DIR_AT_MOST) {
        return err_set(err, ERR_INVALID, "direction",
                       "direction of a KPI must be at_least or at_most");
    }
    return ERR_OK;
}

static enum err_code check_request(const struct request *r, struct err *err)
{
    if ((r->objective_id != 0) == (r->kr_id != 0)) {
        return err_set(err, ERR_INVALID, "source",
                       "source must be exactly one objective or one key result");
    }
    if (r->from_user_id == r->to_user_id) {
        return err_set(err, ERR_INVALID, "to_user_id",
                       "to_user_id must be someone other than the sender");
    }
    return ERR_OK;
}

static enum err_code check_comment(const struct comment *c, struct err *err)
{
    if ((c->objective_id != 0) == (c->kr_id != 0)) {
        return err_set(err, ERR_INVALID, "target",
                       "target of a comment must be exactly one objective or one key result");
    }
    return ERR_OK;
}

/* One '@' after a non-empty local part; a domain with a dot that has text on both sides;
 * no spaces. */
static int email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strchr(s, ' ')) {
        return 0;
    }
    const char *domain = at + 1;
    size_t n = strlen(domain);
    const char *dot = strchr(domain, '.');
    return dot && domain[0] != '.' && domain[n - 1] != '.';
}

bool locale_ok(const char *l, bool blank_ok)
{
    l = l ? l : "";
    return (blank_ok && !*l) || strcmp(l, "zh-CN") == 0 || strcmp(l, "en") == 0;
}

bool timezone_ok(const char *tz)
{
    static const char *const areas[] = {"Africa/", "America/",  "Antarctica/", "Arctic/",
                                        "Asia/",   "Atlantic/", "Australia/",  "Europe/",
                                        "Indian/", "Pacific/",  "Etc/",        "US/",
                                        "Canada/", "Brazil/",   "Mexico/",     "Chile/"};
    if (!tz || strcmp(tz, "UTC") == 0 || strcmp(tz, "GMT") == 0) {
        return tz != NULL;
    }
    for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++) {
        size_t n = strlen(areas[i]);
        if (strncmp(tz, areas[i], n) == 0) {
            const char *p = tz + n;
            return *p && *p != '/' &&
                   strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                             "_+-/") == strlen(p) &&
                   !strstr(p, "//") && p[strlen(p) - 1] != '/';
        }
    }
    return false;
}

static enum err_code check_user(const struct user *u, struct err *err)
{
    if (!email_ok(u->email ? u->email : "")) {
        return err_set(err, ERR_INVALID, "email", "email must look like name@example.com");
    }
    return ERR_OK;
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

enum err_code settings_check(const struct entity *e, const void *obj, const void *old,
                             struct err *err)
{
    if (e == &entity_user) {
        const struct user *u = obj, *was = old;
        if ((!was || !same_text(was->locale, u->locale)) && !locale_ok(u->locale, true)) {
            return err_set(err, ERR_INVALID, "locale",
                           "locale must be zh-CN, en or empty (the company's)");
        }
    } else if (e == &entity_tenant) {
        const struct tenant *t = obj, *was = old;
        if ((!was || !same_text(was->locale, t->locale)) && !locale_ok(t->locale, false)) {
            return err_set(err, ERR_INVALID, "locale", "locale must be zh-CN or en");
        }
        if ((!was || !same_text(was->timezone, t->timezone)) && !timezone_ok(t->timezone)) {
            return err_set(err, ERR_INVALID, "timezone",
                           "timezone must be a time zone such as Asia/Shanghai or UTC");
        }
    }
    return ERR_OK;
}

enum err_code validate_record(const struct entity *e, const void *obj, struct err *err)
{
    enum err_code rc = meta_check(e, obj, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (e == &entity_cycle) {
        return check_cycle(obj, err);
    }
    if (e == &entity_objective) {
        return check_objective(obj, err);
    }
    if (e == &entity_key_result) {
        return check_key_result(obj, err);
    }
    if (e == &entity_kpi) {
        return check_kpi(obj, err);
    }
    if (e == &entity_request) {
        return check_request(obj, err);
    }
    if (e == &entity_comment) {
        return check_comment(obj, err);
    }
    if (e == &entity_user) {
        return check_user(obj, err);
    }
    return ERR_OK;
}

const struct cycle *cycle_current(const struct cycle *cycles, size_t n, int64_t today)
{
    const struct cycle *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct cycle *c = &cycles[i];
        if ((c->state == CYCLE_ACTIVE || c->state == CYCLE_GRADING) && c->start <= today &&
            today <= c->end && (!best || c->end - c->start < best->end - best->start)) {
            best = c;
        }
    }
    return best;
}
