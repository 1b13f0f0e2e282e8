/* The people pages' reads and writes (web_views_people.h): teams, people, the dossier and the
 * admin's lists. Each read is one transaction with store reads bounded by what the page shows. */
#include "web_views_people.h"

#include "domain/dossier.h"
#include "domain/progress.h"
#include "domain/rules.h"
#include "policy.h"
#include "svc_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_admin(const struct svc *s)
{
    return s->actor.admin || s->actor.system;
}

/* ---- cycles ---- */

/* ---- objectives ---- */

/* v for objective o with its key results and their progress (no check-ins). */
static enum err_code fill_obj(struct svc *s, const struct objective *o, const char *owner,
                              struct view_obj *v, struct err *err)
{
    memset(v, 0, sizeof *v);
    v->o = *o;
    v->owner_name = owner;
    struct rows r;
    if (svc_list_by(s, &entity_key_result, "objective_id", o->id, 0, &r, err) != ERR_OK) {
        return err->code;
    }
    v->progress = objective_progress(r.items, r.n);
    v->nkrs = r.n;
    v->krs = arena_alloc(s->a, (r.n ? r.n : 1) * sizeof *v->krs);
    const struct key_result *k = r.items;
    for (size_t i = 0; i < r.n; i++) {
        v->krs[i].kr = k[i];
        v->krs[i].progress = kr_progress(&k[i]);
    }
    return ERR_OK;
}

/* The objectives owned (by = "owner_user_id" or "owner_team_id") by key in cycle, not dropped,
 * that the actor may see, with their key results. */
static enum err_code owned_objectives(struct svc *s, const char *by, int64_t key, int64_t cycle,
                                      const char *owner, struct view_obj **out, size_t *n,
                                      struct err *err)
{
    struct rows r;
    *n = 0;
    *out = NULL;
    if (!cycle) {
        return ERR_OK;
    }
    if (svc_list_by(s, &entity_objective, by, key, 0, &r, err) != ERR_OK) {
        return err->code;
    }
    *out = arena_alloc(s->a, (r.n ? r.n : 1) * sizeof **out);
    const struct objective *o = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (o[i].cycle_id != cycle || o[i].state == OBJ_DROPPED ||
            !policy_can_read(s, &entity_objective, &o[i])) {
            continue;
        }
        if (fill_obj(s, &o[i], owner, &(*out)[(*n)++], err) != ERR_OK) {
            return err->code;
        }
    }
    return ERR_OK;
}

static double mean_progress(const struct view_obj *v, size_t n)
{
    if (!n) {
        return NAN;
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += v[i].progress;
    }
    return sum / (double)n;
}

/* The teams of user (memberships), by team id. */
static enum err_code teams_of(struct svc *s, int64_t user, struct team **out, size_t *n,
                              struct err *err)
{
    struct rows m;
    *n = 0;
    if (svc_list_by(s, &entity_membership, "user_id", user, 0, &m, err) != ERR_OK) {
        return err->code;
    }
    *out = arena_alloc(s->a, (m.n ? m.n : 1) * sizeof **out);
    const struct membership *ms = m.items;
    for (size_t i = 0; i < m.n; i++) {
        struct err ignored;
        if (store_get(s->st, &entity_team, s->tenant_id, ms[i].team_id, &(*out)[*n], s->a,
                      &ignored) == ERR_OK) {
            (*n)++;
        }
    }
    return ERR_OK;
}

static void none_user(struct user *u)
{
    meta_init(&entity_user, u);
    u->id = 0;
}

/* ---- team page ---- */

enum err_code svc_view_team(struct svc *s, int64_t team_id, int64_t cycle_id,
                            struct view_team *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    out->team_progress = out->members_progress = NAN;
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct err ignored;
    enum err_code rc =
        store_get(s->st, &entity_team, s->tenant_id, team_id, &out->team, s->a, err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, &entity_team, &out->team, err);
    }
    if (rc == ERR_OK && (!out->team.parent_id ||
                         store_get(s->st, &entity_team, s->tenant_id, out->team.parent_id,
                                   &out->parent, s->a, &ignored) != ERR_OK)) {
        memset(&out->parent, 0, sizeof out->parent);
    }
    if (rc == ERR_OK && (!out->team.lead_id ||
                         store_get(s->st, &entity_user, s->tenant_id, out->team.lead_id,
                                   &out->lead, s->a, &ignored) != ERR_OK)) {
        none_user(&out->lead);
    }
    struct rows subs = {0}, members = {0};
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_team, "parent_id", team_id, VIEW_SUBTEAMS_MAX + 1, &subs, err);
    }
    if (rc == ERR_OK) {
        out->subs = subs.items;
        out->nsubs = subs.n > VIEW_SUBTEAMS_MAX ? VIEW_SUBTEAMS_MAX : subs.n;
        out->nsubs_total = subs.n;
        rc = svc_list_by(s, &entity_membership, "team_id", team_id, 0, &members, err);
    }
    if (rc == ERR_OK) {
        rc = view_load_cycles(s, cycle_id, &out->cycles, err);
    }
    int64_t cid = out->cycles.current ? out->cycles.current->id : 0;
    if (rc == ERR_OK) {
        rc = owned_objectives(s, "owner_team_id", team_id, cid, out->team.name, &out->objs,
                              &out->nobjs, err);
        out->team_progress = mean_progress(out->objs, out->nobjs);
    }
    /* Members: the lead first when a member, then by id; each with their visible objectives. */
    out->nmembers_total = members.n;
    size_t shown = members.n < VIEW_MEMBERS_MAX ? members.n : VIEW_MEMBERS_MAX;
    out->members = arena_alloc(s->a, (shown ? shown : 1) * sizeof *out->members);
    const struct membership *ms = members.items;
    double sum = 0;
    size_t count = 0;
    for (size_t i = 0; rc == ERR_OK && i < members.n && out->nmembers < shown; i++) {
        struct view_member *m = &out->members[out->nmembers];
        memset(m, 0, sizeof *m);
        if (store_get(s->st, &entity_user, s->tenant_id, ms[i].user_id, &m->u, s->a,
                      &ignored) != ERR_OK) {
            continue;
        }
        out->nmembers++;
        struct view_obj *objs;
        size_t n;
        rc = owned_objectives(s, "owner_user_id", m->u.id, cid, m->u.name, &objs, &n, err);
        m->nobjs = n;
        m->progress = n ? mean_progress(objs, n) : 0;
        for (size_t j = 0; j < n; j++) {
            sum += objs[j].progress;
            count++;
        }
    }
    for (size_t i = 1; i < out->nmembers; i++) {
        if (out->members[i].u.id == out->team.lead_id) {
            struct view_member lead = out->members[i];
            memmove(&out->members[1], &out->members[0], i * sizeof lead);
            out->members[0] = lead;
        }
    }
    out->members_progress = count ? sum / (double)count : NAN;
    return svc_finish(s, rc, err);
}

/* ---- person page ---- */

/* The key results user owns on others' objectives of the cycle that the actor may see. */
static enum err_code carried_krs(struct svc *s, int64_t user_id, int64_t cycle_id,
                                 struct view_person_page *out, struct err *err)
{
    struct rows krs;
    if (svc_list_by(s, &entity_key_result, "owner_user_id", user_id, 0, &krs, err) != ERR_OK) {
        return err->code;
    }
    const struct key_result *k = krs.items;
    out->carried = arena_alloc(s->a, (krs.n + 1) * sizeof *out->carried);
    for (size_t i = 0; i < krs.n; i++) {
        struct objective o;
        struct err ignored;
        if (store_get(s->st, &entity_objective, s->tenant_id, k[i].objective_id, &o, s->a,
                      &ignored) != ERR_OK ||
            o.cycle_id != cycle_id || o.owner_user_id == user_id || o.state == OBJ_DROPPED ||
            !policy_can_read(s, &entity_objective, &o)) {
            continue;
        }
        out->carried[out->ncarried++] = (struct view_carried){.kr = k[i],
                                                              .objective_id = o.id,
                                                              .objective_title = o.title,
                                                              .progress = kr_progress(&k[i])};
    }
    return ERR_OK;
}

enum err_code svc_view_person(struct svc *s, int64_t user_id, int64_t cycle_id,
                              struct view_person_page *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    out->progress = NAN;
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct err ignored;
    enum err_code rc =
        store_get(s->st, &entity_user, s->tenant_id, user_id, &out->user, s->a, err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, &entity_user, &out->user, err);
    }
    if (rc == ERR_OK && (!out->user.manager_id ||
                         store_get(s->st, &entity_user, s->tenant_id, out->user.manager_id,
                                   &out->manager, s->a, &ignored) != ERR_OK)) {
        none_user(&out->manager);
    }
    if (rc == ERR_OK) {
        rc = teams_of(s, user_id, &out->teams, &out->nteams, err);
    }
    struct rows reports = {0};
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_user, "manager_id", user_id, VIEW_REPORTS_MAX + 1, &reports,
                         err);
        out->reports = reports.items;
        out->more_reports = reports.n > VIEW_REPORTS_MAX;
        out->nreports = out->more_reports ? VIEW_REPORTS_MAX : reports.n;
    }
    if (rc == ERR_OK) {
        rc = view_load_cycles(s, cycle_id, &out->cycles, err);
    }
    if (rc == ERR_OK) {
        int64_t cid = out->cycles.current ? out->cycles.current->id : 0;
        rc = owned_objectives(s, "owner_user_id", user_id, cid, out->user.name, &out->objs,
                              &out->nobjs, err);
        out->progress = mean_progress(out->objs, out->nobjs);
    }
    if (rc == ERR_OK && out->cycles.current) {
        rc = carried_krs(s, user_id, out->cycles.current->id, out, err);
    }
    if (rc == ERR_OK) {
        out->can_dossier = policy_dossier(s, user_id, &ignored) == ERR_OK;
    }
    return svc_finish(s, rc, err);
}

/* ---- dossier ---- */

static double mean_score(const struct view_obj *v, size_t n, size_t which)
{
    double sum = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double x = which == 0 ? v[i].o.self_score
                   : which == 1 ? v[i].o.manager_score
                                : v[i].o.final_score;
        if (!isnan(x) && v[i].o.state != OBJ_DROPPED) { /* dropped: shown, not averaged */
            sum += x;
            k++;
        }
    }
    return k ? sum / (double)k : NAN;
}

static int request_newest_first(const void *a, const void *b)
{
    const struct dossier_takeon *x = a, *y = b;
    return x->r.id > y->r.id ? -1 : x->r.id < y->r.id;
}

/* Appends the check-in times of key result kr_id to *ats (grown in s->a). */
static enum err_code add_checkin_times(struct svc *s, int64_t kr_id, int64_t **ats, size_t *n,
                                       size_t *cap, struct err *err)
{
    struct rows c;
    if (svc_list_by(s, &entity_checkin, "kr_id", kr_id, 0, &c, err) != ERR_OK) {
        return err->code;
    }
    if (*n + c.n > *cap) {
        size_t ncap = (*n + c.n) * 2 + 16;
        int64_t *next = arena_alloc(s->a, ncap * sizeof *next);
        if (*n) {
            memcpy(next, *ats, *n * sizeof *next);
        }
        *ats = next;
        *cap = ncap;
    }
    const struct checkin *ck = c.items;
    for (size_t i = 0; i < c.n; i++) {
        (*ats)[(*n)++] = ck[i].at;
    }
    return ERR_OK;
}

/* The take-ons the person accepted (requests to them, accepted), newest first. */
static enum err_code load_takeons(struct svc *s, struct svc_names *nm, int64_t user_id,
                                  struct view_dossier *out, struct err *err)
{
    struct rows r;
    if (svc_list_by(s, &entity_request, "to_user_id", user_id, 0, &r, err) != ERR_OK) {
        return err->code;
    }
    out->takeons = arena_alloc(s->a, (r.n ? r.n : 1) * sizeof *out->takeons);
    const struct request *q = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (q[i].state != REQ_ACCEPTED) {
            continue;
        }
        struct dossier_takeon *t = &out->takeons[out->ntakeons];
        memset(t, 0, sizeof *t);
        t->r = q[i];
        t->from_name = svc_name_of(nm, q[i].from_user_id, false);
        t->source_title = "?";
        t->result_title = "";
        t->on_kr = q[i].kr_id != 0;
        struct err ignored;
        struct objective o;
        if (q[i].kr_id) {
            struct key_result kr;
            if (store_get(s->st, &entity_key_result, s->tenant_id, q[i].kr_id, &kr, s->a,
                          &ignored) != ERR_OK) {
                continue;
            }
            if (store_get(s->st, &entity_objective, s->tenant_id, kr.objective_id, &o, s->a,
                          &ignored) != ERR_OK) {
                continue;
            }
            t->source_title = kr.title;
        } else {
            if (store_get(s->st, &entity_objective, s->tenant_id, q[i].objective_id, &o, s->a,
                          &ignored) != ERR_OK) {
                continue;
            }
            t->source_title = o.title;
        }
        /* The superior's OKR shows only when the reader may see it. */
        if (!policy_can_read(s, &entity_objective, &o)) {
            continue;
        }
        t->source_objective_id = o.id;
        struct objective res;
        if (q[i].result_objective_id &&
            store_get(s->st, &entity_objective, s->tenant_id, q[i].result_objective_id, &res,
                      s->a, &ignored) == ERR_OK) {
            t->result_title = res.title;
        }
        out->ntakeons++;
    }
    if (out->ntakeons > 1) {
        qsort(out->takeons, out->ntakeons, sizeof *out->takeons, request_newest_first);
    }
    return ERR_OK;
}

enum err_code svc_view_dossier(struct svc *s, int64_t user_id, struct view_dossier *out,
                               struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct svc_names nm = {.s = s};
    struct err ignored;
    enum err_code rc =
        store_get(s->st, &entity_user, s->tenant_id, user_id, &out->user, s->a, err);
    if (rc == ERR_OK) {
        rc = policy_dossier(s, user_id, err);
    }
    if (rc == ERR_OK && (!out->user.manager_id ||
                         store_get(s->st, &entity_user, s->tenant_id, out->user.manager_id,
                                   &out->manager, s->a, &ignored) != ERR_OK)) {
        none_user(&out->manager);
    }
    if (rc == ERR_OK) {
        rc = teams_of(s, user_id, &out->teams, &out->nteams, err);
    }
    struct view_cycles cycles = {0};
    struct rows objs = {0}, owned_krs = {0};
    if (rc == ERR_OK) {
        rc = view_load_cycles(s, 0, &cycles, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_objective, "owner_user_id", user_id, 0, &objs, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_key_result, "owner_user_id", user_id, 0, &owned_krs, err);
    }
    out->cycles = arena_alloc(s->a, (cycles.n ? cycles.n : 1) * sizeof *out->cycles);
    const struct objective *o = objs.items;
    const struct key_result *okr = owned_krs.items;
    /* The cycle of each key result the person carries on another's objective (0: their own
     * objective's, or one they may not see), read once. */
    int64_t *kr_cycle = arena_alloc(s->a, (owned_krs.n + 1) * sizeof *kr_cycle);
    for (size_t k = 0; rc == ERR_OK && k < owned_krs.n; k++) {
        struct objective parent;
        if (store_get(s->st, &entity_objective, s->tenant_id, okr[k].objective_id, &parent, s->a,
                      &ignored) == ERR_OK &&
            parent.owner_user_id != user_id && policy_can_read(s, &entity_objective, &parent)) {
            kr_cycle[k] = parent.cycle_id;
        }
    }
    /* Newest cycle first; a cycle still in planning has not run. */
    for (size_t ci = cycles.n; rc == ERR_OK && ci-- > 0;) {
        const struct cycle *cy = &cycles.items[ci];
        if (cy->state == CYCLE_PLANNING) {
            continue;
        }
        size_t count = 0, carried = 0;
        for (size_t i = 0; i < objs.n; i++) {
            count += o[i].cycle_id == cy->id;
        }
        for (size_t k = 0; k < owned_krs.n; k++) {
            carried += kr_cycle[k] == cy->id;
        }
        if (!count && !carried) {
            continue;
        }
        struct dossier_cycle *dc = &out->cycles[out->ncycles];
        memset(dc, 0, sizeof *dc);
        dc->cycle = *cy;
        dc->objs = arena_alloc(s->a, (count ? count : 1) * sizeof *dc->objs);
        int64_t *ats = NULL;
        size_t nats = 0, cap = 0;
        for (size_t i = 0; rc == ERR_OK && i < objs.n; i++) {
            /* Every objective, drafts (a take-on graded as it was) and dropped ones (shown as
             * such, not counted as committed or aspirational) too. */
            if (o[i].cycle_id != cy->id || !policy_can_read(s, &entity_objective, &o[i])) {
                continue;
            }
            struct view_obj *v = &dc->objs[dc->nobjs++];
            rc = fill_obj(s, &o[i], out->user.name, v, err);
            for (size_t k = 0; rc == ERR_OK && k < v->nkrs; k++) {
                rc = add_checkin_times(s, v->krs[k].kr.id, &ats, &nats, &cap, err);
            }
            if (o[i].state == OBJ_DROPPED) {
                continue;
            }
            if (o[i].kind == KIND_ASPIRATIONAL) {
                out->aspirational++;
            } else {
                out->committed++;
            }
        }
        /* Key results the person owns on others' objectives of this cycle count too: a cycle
         * in which they carried only those is theirs as well. */
        for (size_t k = 0; rc == ERR_OK && k < owned_krs.n; k++) {
            if (kr_cycle[k] == cy->id) {
                rc = add_checkin_times(s, okr[k].id, &ats, &nats, &cap, err);
            }
        }
        if (!dc->nobjs && !carried) {
            continue;
        }
        struct discipline d;
        discipline_of(cy->start, cy->end, s->now / 86400, ats, nats, &d);
        dc->weeks = d.weeks;
        dc->weeks_checked = d.with_checkin;
        out->weeks += d.weeks;
        out->weeks_checked += d.with_checkin;
        dc->mean_self = mean_score(dc->objs, dc->nobjs, 0);
        dc->mean_manager = mean_score(dc->objs, dc->nobjs, 1);
        dc->mean_final = mean_score(dc->objs, dc->nobjs, 2);
        out->ncycles++;
    }
    if (rc == ERR_OK) {
        rc = load_takeons(s, &nm, user_id, out, err);
    }
    return svc_finish(s, rc, err);
}

/* ---- admin: users ---- */

static enum err_code admins_only(const struct svc *s, struct err *err)
{
    return is_admin(s) ? ERR_OK : err_set(err, ERR_FORBIDDEN, NULL, "admins only");
}

enum err_code svc_view_admin_users(struct svc *s, int64_t after, struct view_users *out,
                                   struct err *err)
{
    memset(out, 0, sizeof *out);
    if (admins_only(s, err) != ERR_OK || store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct svc_names nm = {.s = s};
    struct query q = {.tenant_id = s->tenant_id, .after_id = after, .limit = VIEW_LIST_PAGE + 1};
    struct rows r;
    enum err_code rc = store_list(s->st, &entity_user, &q, s->a, &r, err);
    size_t n = r.n > VIEW_LIST_PAGE ? VIEW_LIST_PAGE : r.n;
    out->rows = arena_alloc(s->a, (n ? n : 1) * sizeof *out->rows);
    const struct user *u = r.items;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        struct view_user_row *row = &out->rows[out->n++];
        row->u = u[i];
        row->manager_name = svc_name_of(&nm, u[i].manager_id, false);
        struct rows m;
        rc = svc_list_by(s, &entity_membership, "user_id", u[i].id, 0, &m, err);
        struct sb b;
        sb_init(&b);
        const struct membership *ms = m.items;
        for (size_t j = 0; rc == ERR_OK && j < m.n; j++) {
            sb_puts(&b, j ? ", " : "");
            sb_puts(&b, svc_name_of(&nm, ms[j].team_id, true));
        }
        row->team_names = arena_strndup(s->a, sb_cstr(&b), b.len);
        sb_free(&b);
    }
    out->next = rc == ERR_OK && r.n > VIEW_LIST_PAGE ? u[VIEW_LIST_PAGE - 1].id : 0;
    return svc_finish(s, rc, err);
}

static enum err_code all_teams_if_few(struct svc *s, size_t max, struct team **out, size_t *n,
                                      struct err *err)
{
    struct query q = {.tenant_id = s->tenant_id, .limit = (int64_t)max + 1};
    struct rows r;
    *out = NULL;
    *n = 0;
    if (store_list(s->st, &entity_team, &q, s->a, &r, err) != ERR_OK) {
        return err->code;
    }
    if (r.n <= max) {
        *out = r.items;
        *n = r.n;
    }
    return ERR_OK;
}

enum err_code svc_view_admin_user(struct svc *s, int64_t user_id, size_t max_teams,
                                  struct view_admin_user *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    if (admins_only(s, err) != ERR_OK || store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct err ignored;
    enum err_code rc =
        store_get(s->st, &entity_user, s->tenant_id, user_id, &out->user, s->a, err);
    if (rc == ERR_OK && (!out->user.manager_id ||
                         store_get(s->st, &entity_user, s->tenant_id, out->user.manager_id,
                                   &out->manager, s->a, &ignored) != ERR_OK)) {
        none_user(&out->manager);
    }
    if (rc == ERR_OK) {
        rc = teams_of(s, user_id, &out->teams, &out->nteams, err);
    }
    if (rc == ERR_OK) {
        rc = all_teams_if_few(s, max_teams, &out->all_teams, &out->nall_teams, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_view_teams(struct svc *s, int64_t after, size_t max_teams,
                             struct view_teams *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct svc_names nm = {.s = s};
    struct query q = {.tenant_id = s->tenant_id, .after_id = after, .limit = VIEW_LIST_PAGE + 1};
    struct rows r;
    enum err_code rc = store_list(s->st, &entity_team, &q, s->a, &r, err);
    size_t n = r.n > VIEW_LIST_PAGE ? VIEW_LIST_PAGE : r.n;
    out->rows = arena_alloc(s->a, (n ? n : 1) * sizeof *out->rows);
    const struct team *t = r.items;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        struct view_team_row *row = &out->rows[out->n++];
        row->t = t[i];
        row->parent_name = svc_name_of(&nm, t[i].parent_id, true);
        row->lead_name = svc_name_of(&nm, t[i].lead_id, false);
    }
    out->next = rc == ERR_OK && r.n > VIEW_LIST_PAGE ? t[VIEW_LIST_PAGE - 1].id : 0;
    if (rc == ERR_OK) {
        rc = all_teams_if_few(s, max_teams, &out->all, &out->nall, err);
    }
    if (rc == ERR_OK && s->actor.user_id) {
        rc = teams_of(s, s->actor.user_id, &out->mine, &out->nmine, err);
    }
    return svc_finish(s, rc, err);
}

/* ---- admin: writes ---- */

/* The id of the user with email in the tenant, or ERR_INVALID on field. */
static enum err_code user_by_email(struct svc *s, const char *email, const char *field,
                                   int64_t *id, struct err *err)
{
    struct rows users;
    if (s->st->ops->users_by_email(s->st, s->tenant_id, email, 1, s->a, &users, err) != ERR_OK) {
        return err->code;
    }
    if (!users.n) {
        return err_set(err, ERR_INVALID, field, "nobody in this company has the email %s",
                       email);
    }
    *id = ((struct user *)users.items)[0].id;
    return ERR_OK;
}

enum err_code svc_people_user_update(struct svc *s, int64_t user_id, int64_t version, int role,
                                     const char *manager_email, struct err *err)
{
    if (admins_only(s, err) != ERR_OK || store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct user old, u;
    enum err_code rc = store_get(s->st, &entity_user, s->tenant_id, user_id, &old, s->a, err);
    if (rc == ERR_OK && version && version != old.version) {
        rc = err_set(err, ERR_STALE, NULL, "the user was changed by someone else; reload");
    }
    u = old;
    if (rc == ERR_OK && role >= 0) {
        if (role != ROLE_ADMIN && role != ROLE_MEMBER) {
            rc = err_set(err, ERR_INVALID, "role", "role must be admin or member");
        }
        u.role = role;
    }
    if (rc == ERR_OK && manager_email) {
        u.manager_id = 0;
        if (*manager_email) {
            rc = user_by_email(s, manager_email, "manager", &u.manager_id, err);
        }
        if (rc == ERR_OK && u.manager_id == user_id) {
            rc = err_set(err, ERR_INVALID, "manager", "nobody is their own manager");
        }
    }
    if (rc == ERR_OK) {
        rc = svc_update_checked(s, &entity_user, &u, &old, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_people_team_save(struct svc *s, struct team *t, const char *lead_email,
                                   struct err *err)
{
    if (admins_only(s, err) != ERR_OK || store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = ERR_OK;
    if (lead_email) {
        t->lead_id = 0;
        if (*lead_email) {
            rc = user_by_email(s, lead_email, "lead", &t->lead_id, err);
        }
    }
    if (rc == ERR_OK && !t->id) {
        rc = svc_insert_checked(s, &entity_team, t, err);
    } else if (rc == ERR_OK) {
        struct team old;
        rc = store_get(s->st, &entity_team, s->tenant_id, t->id, &old, s->a, err);
        if (rc == ERR_OK && !lead_email) {
            t->lead_id = old.lead_id;
        }
        if (rc == ERR_OK && !t->version) {
            t->version = old.version;
        }
        if (rc == ERR_OK) {
            rc = svc_update_checked(s, &entity_team, t, &old, err);
        }
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_people_member_add(struct svc *s, int64_t team_id, const char *email,
                                    int64_t user_id, struct err *err)
{
    if (admins_only(s, err) != ERR_OK || store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = ERR_OK;
    if (email) {
        rc = *email ? user_by_email(s, email, "email", &user_id, err)
                    : err_set(err, ERR_INVALID, "email", "say whom to add (an email)");
    }
    struct rows m = {0};
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_membership, "user_id", user_id, 0, &m, err);
    }
    const struct membership *ms = m.items;
    for (size_t i = 0; rc == ERR_OK && i < m.n; i++) {
        if (ms[i].team_id == team_id) {
            rc = err_set(err, ERR_CONFLICT, "email", "already a member of this team");
        }
    }
    if (rc == ERR_OK) {
        struct membership mb;
        meta_init(&entity_membership, &mb);
        mb.team_id = team_id;
        mb.user_id = user_id;
        rc = svc_insert_checked(s, &entity_membership, &mb, err);
    }
    return svc_finish(s, rc, err);
}
