/* Permission decisions; see policy.h for the rules. Lookups go through the store within the
 * caller's transaction and are bounded by the depth of the manager chain and team tree; when
 * records are listed, policy_load_relations answers them from memory instead, and the objectives
 * that key results, check-ins, initiatives and comments hang from are remembered (PARENTS of
 * them), so that a list by parent costs the same number of queries whatever its length. */
#include "policy.h"

#include <string.h>

enum { MAX_CHAIN = 64, PARENTS = 64 };

/* Flags per user id and per team id (ids are dense within a tenant). */
struct policy_relations {
    int64_t max_user, max_team;
    unsigned char *reports;      /* [user] the actor is in this user's manager chain */
    unsigned char *near;         /* [user] shares a team the actor belongs to or leads */
    unsigned char *member;       /* [team] the actor is a member */
    unsigned char *led;          /* [team] the actor leads it or one of its ancestors */
    /* Objectives read for records that hang from them, and key result -> objective, by id
     * modulo PARENTS (0: empty). */
    struct objective parent[PARENTS];
    int64_t kr_id[PARENTS], kr_objective[PARENTS];
};

static bool flag(const unsigned char *set, int64_t max, int64_t id)
{
    return id > 0 && id <= max && set[id];
}

bool *policy_teams_led(struct svc *s, const struct team *teams, size_t n)
{
    int64_t max_team = n ? teams[n - 1].id : 0; /* lists come in id order */
    int64_t *parent = arena_alloc(s->a, ((size_t)max_team + 1) * sizeof *parent);
    int64_t *lead = arena_alloc(s->a, ((size_t)max_team + 1) * sizeof *lead);
    for (size_t i = 0; i < n; i++) {
        parent[teams[i].id] = teams[i].parent_id;
        lead[teams[i].id] = teams[i].lead_id;
    }
    /* Walk each chain upwards, as the per-record checks do, with the same depth bound. */
    bool *led = arena_alloc(s->a, (n + 1) * sizeof *led);
    for (size_t i = 0; i < n; i++) {
        int64_t t = teams[i].id;
        for (int d = 0; t > 0 && t <= max_team && d < MAX_CHAIN && !led[i]; d++, t = parent[t]) {
            led[i] = s->actor.user_id && lead[t] == s->actor.user_id;
        }
    }
    return led;
}

enum err_code policy_load_relations(struct svc *s, struct err *err)
{
    if (s->actor.system || s->actor.admin || s->rel) {
        return ERR_OK;
    }
    struct query q = {.tenant_id = s->tenant_id};
    struct rows ur, tr, mr;
    if (store_list(s->st, &entity_user, &q, s->a, &ur, err) != ERR_OK ||
        store_list(s->st, &entity_team, &q, s->a, &tr, err) != ERR_OK ||
        store_list(s->st, &entity_membership, &q, s->a, &mr, err) != ERR_OK) {
        return err->code;
    }
    const struct user *users = ur.items;
    const struct team *teams = tr.items;
    const struct membership *ms = mr.items;
    struct policy_relations *r = arena_alloc(s->a, sizeof *r);
    memset(r, 0, sizeof *r);
    r->max_user = ur.n ? users[ur.n - 1].id : 0; /* lists come in id order */
    r->max_team = tr.n ? teams[tr.n - 1].id : 0;
    r->reports = arena_alloc(s->a, (size_t)r->max_user + 1);
    r->near = arena_alloc(s->a, (size_t)r->max_user + 1);
    r->member = arena_alloc(s->a, (size_t)r->max_team + 1);
    r->led = arena_alloc(s->a, (size_t)r->max_team + 1);
    int64_t *manager = arena_alloc(s->a, ((size_t)r->max_user + 1) * sizeof *manager);
    for (size_t i = 0; i < ur.n; i++) {
        manager[users[i].id] = users[i].manager_id;
    }

    /* Each person's manager chain, upwards, as the per-record checks walk it. */
    for (size_t i = 0; i < ur.n; i++) {
        int64_t m = manager[users[i].id];
        for (int d = 0; m > 0 && m <= r->max_user && d < MAX_CHAIN; d++, m = manager[m]) {
            if (m == s->actor.user_id) {
                r->reports[users[i].id] = 1;
                break;
            }
        }
    }
    bool *led = policy_teams_led(s, teams, tr.n);
    for (size_t i = 0; i < tr.n; i++) {
        r->led[teams[i].id] = led[i];
    }
    for (size_t i = 0; i < mr.n; i++) {
        if (ms[i].user_id == s->actor.user_id && ms[i].team_id <= r->max_team) {
            r->member[ms[i].team_id] = 1;
        }
    }
    for (size_t i = 0; i < mr.n; i++) {
        int64_t t = ms[i].team_id;
        if (flag(r->member, r->max_team, t) || flag(r->led, r->max_team, t)) {
            if (ms[i].user_id <= r->max_user) {
                r->near[ms[i].user_id] = 1;
            }
        }
    }
    s->rel = r;
    return ERR_OK;
}

static bool is_manager_of(struct svc *s, int64_t manager, int64_t user)
{
    if (s->rel && manager == s->actor.user_id) {
        return flag(s->rel->reports, s->rel->max_user, user);
    }
    struct user u;
    struct err e;
    for (int depth = 0; user && depth < MAX_CHAIN; depth++) {
        if (store_get(s->st, &entity_user, s->tenant_id, user, &u, s->a, &e) != ERR_OK) {
            return false;
        }
        if (u.manager_id == manager) {
            return true;
        }
        user = u.manager_id;
    }
    return false;
}

/* True when the actor leads team or one of its ancestors. */
static bool leads_team_or_ancestor(struct svc *s, int64_t team)
{
    if (s->rel) {
        return flag(s->rel->led, s->rel->max_team, team);
    }
    struct team t;
    struct err e;
    for (int depth = 0; team && depth < MAX_CHAIN; depth++) {
        if (store_get(s->st, &entity_team, s->tenant_id, team, &t, s->a, &e) != ERR_OK) {
            return false;
        }
        if (t.lead_id == s->actor.user_id) {
            return true;
        }
        team = t.parent_id;
    }
    return false;
}

static bool member_of(struct svc *s, int64_t team)
{
    if (s->rel) {
        return flag(s->rel->member, s->rel->max_team, team);
    }
    struct query q = {.tenant_id = s->tenant_id, .by = "user_id", .key = s->actor.user_id};
    struct rows r;
    struct err e;
    if (store_list(s->st, &entity_membership, &q, s->a, &r, &e) != ERR_OK) {
        return false;
    }
    const struct membership *m = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (m[i].team_id == team) {
            return true;
        }
    }
    return false;
}

static bool shares_team_with(struct svc *s, int64_t user)
{
    if (s->rel) {
        return flag(s->rel->near, s->rel->max_user, user);
    }
    struct query q = {.tenant_id = s->tenant_id, .by = "user_id", .key = user};
    struct rows r;
    struct err e;
    if (store_list(s->st, &entity_membership, &q, s->a, &r, &e) != ERR_OK) {
        return false;
    }
    const struct membership *m = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (member_of(s, m[i].team_id) || leads_team_or_ancestor(s, m[i].team_id)) {
            return true;
        }
    }
    return false;
}

static bool can_write_objective(struct svc *s, const struct objective *o)
{
    int64_t me = s->actor.user_id;
    if (o->owner_user_id) {
        return o->owner_user_id == me || is_manager_of(s, me, o->owner_user_id);
    }
    if (o->owner_team_id) {
        return leads_team_or_ancestor(s, o->owner_team_id);
    }
    return false; /* company objectives: admins only */
}

static bool can_read_objective(struct svc *s, const struct objective *o)
{
    int64_t me = s->actor.user_id;
    switch (o->visibility) {
    case VIS_PUBLIC:
        return true;
    case VIS_TEAM:
        if (o->owner_team_id) {
            return member_of(s, o->owner_team_id) || leads_team_or_ancestor(s, o->owner_team_id);
        }
        return o->owner_user_id == me || is_manager_of(s, me, o->owner_user_id) ||
               shares_team_with(s, o->owner_user_id);
    default:
        return can_write_objective(s, o);
    }
}

/* The objective a record hangs from, for records whose rights follow their objective. */
static bool objective_of(struct svc *s, const struct entity *e, const void *obj,
                         struct objective *out)
{
    struct err err;
    int64_t kr_id = 0, obj_id = 0;
    if (e == &entity_objective) {
        *out = *(const struct objective *)obj;
        return true;
    }
    if (e == &entity_key_result) {
        obj_id = ((const struct key_result *)obj)->objective_id;
    } else if (e == &entity_initiative) {
        kr_id = ((const struct initiative *)obj)->kr_id;
    } else if (e == &entity_checkin) {
        kr_id = ((const struct checkin *)obj)->kr_id;
    } else if (e == &entity_comment) {
        obj_id = ((const struct comment *)obj)->objective_id;
        kr_id = ((const struct comment *)obj)->kr_id;
    } else {
        return false;
    }
    struct policy_relations *r = s->rel;
    size_t ks = (size_t)kr_id % PARENTS;
    if (!obj_id && r && kr_id > 0 && r->kr_id[ks] == kr_id) {
        obj_id = r->kr_objective[ks];
    }
    if (!obj_id) {
        struct key_result kr;
        if (store_get(s->st, &entity_key_result, s->tenant_id, kr_id, &kr, s->a, &err) != ERR_OK) {
            return false;
        }
        obj_id = kr.objective_id;
        if (r && kr_id > 0) {
            r->kr_id[ks] = kr_id;
            r->kr_objective[ks] = obj_id;
        }
    }
    size_t os = (size_t)obj_id % PARENTS;
    if (r && obj_id > 0 && r->parent[os].id == obj_id) {
        *out = r->parent[os];
        return true;
    }
    if (store_get(s->st, &entity_objective, s->tenant_id, obj_id, out, s->a, &err) != ERR_OK) {
        return false;
    }
    if (r && obj_id > 0) {
        r->parent[os] = *out; /* its strings live in s->a, as long as r */
    }
    return true;
}

/* What the actor may not see answers in the store's own words for a missing record, so that
 * neither status nor message tells a hidden record from one that does not exist. */
static enum err_code hidden(const struct entity *e, const void *obj, struct err *err)
{
    return err_set(err, ERR_NOT_FOUND, NULL, "no %s with id %lld", e->name,
                   (long long)meta_get_i64(meta_field(e, "id"), obj));
}

/* A refused change, in the words of what was tried: a check-in is on a key result, a record
 * under an objective is its owner's (and their managers') to change. */
static enum err_code refused(const struct entity *e, const struct objective *o, struct err *err)
{
    if (e == &entity_checkin) {
        return err_set(err, ERR_FORBIDDEN, NULL,
                       "you may not check in on this key result: its owner, the objective's "
                       "owner and their managers may");
    }
    if (e == &entity_comment) {
        return err_set(err, ERR_FORBIDDEN, NULL, "a comment is changed by its author only");
    }
    if (!o->owner_user_id && !o->owner_team_id) {
        return err_set(err, ERR_FORBIDDEN, NULL, "the company's objectives are admins' to change");
    }
    return err_set(err, ERR_FORBIDDEN, NULL,
                   "you may not change this %s: its objective's owner, their managers%s may",
                   e->name, o->owner_team_id ? " and the team's leads" : "");
}

/* The rights on obj of entity e, an OKR record whose objective is o. */
static enum err_code check_under(struct svc *s, enum policy_action action, const struct entity *e,
                                 const void *obj, const struct objective *o, struct err *err)
{
    if (!can_read_objective(s, o)) {
        return hidden(e, obj, err);
    }
    /* Anyone who can see an OKR may comment on it; a comment is changed by its author. */
    bool allowed = action == POLICY_READ ||
                   (e == &entity_comment
                        ? ((const struct comment *)obj)->author_id == s->actor.user_id
                        : can_write_objective(s, o));
    if (!allowed) {
        return refused(e, o, err);
    }
    return ERR_OK;
}

enum err_code policy_check_checkin(struct svc *s, const struct checkin *c,
                                   const struct key_result *kr, const struct objective *o,
                                   struct err *err)
{
    if (!s->actor.system && !s->actor.admin && kr->owner_user_id &&
        kr->owner_user_id == s->actor.user_id && can_read_objective(s, o)) {
        return ERR_OK;
    }
    return policy_check_under(s, POLICY_WRITE, &entity_checkin, c, o, err);
}

bool policy_can_read(struct svc *s, const struct entity *e, const void *obj)
{
    struct err ignored;
    return policy_check(s, POLICY_READ, e, obj, &ignored) == ERR_OK;
}

enum err_code policy_check_under(struct svc *s, enum policy_action action, const struct entity *e,
                                 const void *obj, const struct objective *o, struct err *err)
{
    if (s->actor.system || s->actor.admin) {
        return ERR_OK;
    }
    return check_under(s, action, e, obj, o, err);
}

enum err_code policy_check(struct svc *s, enum policy_action action, const struct entity *e,
                           const void *obj, struct err *err)
{
    if (s->actor.system || s->actor.admin) {
        return ERR_OK;
    }
    struct objective o;
    bool allowed;
    if (objective_of(s, e, obj, &o)) {
        return check_under(s, action, e, obj, &o, err);
    } else if (e == &entity_request) {
        const struct request *r = obj;
        allowed = r->from_user_id == s->actor.user_id || r->to_user_id == s->actor.user_id;
        if (!allowed && action == POLICY_READ) {
            return hidden(e, obj, err);
        }
    } else if (e == &entity_kpi || e == &entity_kpi_value) {
        const struct kpi *k = obj; /* kpi_value rights are checked on its KPI by the caller */
        allowed = action == POLICY_READ || (e == &entity_kpi && (k->owner_user_id == s->actor.user_id ||
                                            (k->owner_team_id && leads_team_or_ancestor(s, k->owner_team_id))));
    } else if (e == &entity_session || e == &entity_api_token || e == &entity_invitation) {
        /* Credentials change only through service/account.c; their owner may list them. */
        allowed = action == POLICY_READ &&
                  meta_get_i64(meta_field(e, "user_id"), obj) == s->actor.user_id;
    } else if (e == &entity_login_attempt) {
        allowed = false;
    } else if (e == &entity_audit) {
        allowed = false;
    } else {
        allowed = action == POLICY_READ; /* users, teams, themes, cycles, tenant: admins write */
    }
    if (!allowed && action == POLICY_READ) {
        return hidden(e, obj, err);
    }
    if (!allowed) {
        return err_set(err, ERR_FORBIDDEN, NULL, "you may not change this %s", e->name);
    }
    return ERR_OK;
}

enum err_code policy_dossier(struct svc *s, int64_t user_id, struct err *err)
{
    if (s->actor.system || s->actor.admin ||
        (user_id && s->actor.user_id &&
         (user_id == s->actor.user_id || is_manager_of(s, s->actor.user_id, user_id)))) {
        return ERR_OK;
    }
    return err_set(err, ERR_FORBIDDEN, NULL,
                   "only the person, their managers and admins see a dossier");
}
