/* The coach's use-cases: load what the rules read (domain/coach.h) in one read transaction, run
 * them, keep what the actor may see; and dismissals. A cycle costs a fixed number of store
 * reads: the tenant, the cycle and the list of cycles; the cycle's themes, objectives and key
 * results; the previous cycle's objectives and key results; the objectives of the two last closed
 * cycles; KPIs and their values, take-on requests, users, teams, memberships and dismissals;
 * plus the objectives of each child cycle; and the check-in summary of each key result (R1:
 * when it was last checked in; R2: whether confidence stayed high), in one query. */
#include "coach.h"

#include "domain/rules.h"
#include "policy.h"
#include "svc_internal.h"

#include <stdlib.h>
#include <string.h>

/* From this many key results a cycle's rules run on two threads (coach_input.threads): below
 * it, the thread costs more than it saves. */
enum { COACH_THREADS_MIN = 20000 };

/* Appends the rows of src to dst (same entity) in the arena. */
static void append(struct svc *s, const struct entity *e, struct rows *dst, const struct rows *src)
{
    if (!src->n) {
        return;
    }
    char *items = arena_alloc(s->a, (dst->n + src->n) * e->size);
    if (dst->n) {
        memcpy(items, dst->items, dst->n * e->size);
    }
    memcpy(items + dst->n * e->size, src->items, src->n * e->size);
    dst->items = items;
    dst->n += src->n;
}

static enum coach_lang pick_lang(struct svc *s, int lang, const struct tenant *t)
{
    if (lang == COACH_EN || lang == COACH_ZH) {
        return (enum coach_lang)lang;
    }
    struct user u;
    struct err ignored;
    if (s->actor.user_id &&
        store_get(s->st, &entity_user, s->tenant_id, s->actor.user_id, &u, s->a, &ignored) ==
            ERR_OK &&
        u.locale[0]) {
        return coach_lang_parse(u.locale);
    }
    if (lang == COACH_LANG_USER_ELSE_EN || lang == COACH_LANG_USER_ELSE_ZH) {
        return lang == COACH_LANG_USER_ELSE_ZH ? COACH_ZH : COACH_EN;
    }
    return coach_lang_parse(t ? t->locale : NULL);
}

static const void *find_id(const void *items, size_t n, size_t size, size_t id_offset, int64_t id);

/* Whether check-in (at, id) is later than (bat, bid): by time, then id. */
static bool later_than(int64_t at, int64_t id, int64_t bat, int64_t bid)
{
    return at != bat ? at > bat : id > bid;
}

/* What the check-ins say of each key result (parallel to krs, which are in id order): the time
 * of the latest and, latest first, the confidence, value and time of the last COACH_HISTORY.
 * ins holds check-ins of these key results in any order (others are ignored); a key result
 * with none has no activity (last_checkin 0, nconf 0). Linear in ins, log in krs. */
static const struct coach_activity *activity_of(struct svc *s, const struct key_result *krs,
                                                size_t n, const struct rows *ins)
{
    struct coach_activity *act = arena_alloc(s->a, (n + 1) * sizeof *act);
    int64_t *ids = arena_alloc(s->a, (n + 1) * COACH_HISTORY * sizeof *ids);
    const struct checkin *c = ins->items;
    for (size_t j = 0; j < ins->n; j++) {
        const struct key_result *k =
            find_id(krs, n, sizeof *krs, offsetof(struct key_result, id), c[j].kr_id);
        if (!k) {
            continue;
        }
        size_t i = (size_t)(k - krs);
        struct coach_activity *a = &act[i];
        int64_t *aid = &ids[i * COACH_HISTORY];
        int pos = a->nconf;
        while (pos > 0 && later_than(c[j].at, c[j].id, a->at[pos - 1], aid[pos - 1])) {
            pos--;
        }
        if (pos >= COACH_HISTORY) {
            continue;
        }
        int last = a->nconf < COACH_HISTORY ? a->nconf : COACH_HISTORY - 1;
        for (int m = last; m > pos; m--) {
            a->confidence[m] = a->confidence[m - 1];
            a->value[m] = a->value[m - 1];
            a->at[m] = a->at[m - 1];
            aid[m] = aid[m - 1];
        }
        a->confidence[pos] = c[j].confidence;
        a->value[pos] = c[j].value;
        a->at[pos] = c[j].at;
        aid[pos] = c[j].id;
        if (a->nconf < COACH_HISTORY) {
            a->nconf++;
        }
        a->last_checkin = a->at[0];
    }
    return act;
}

/* What the check-ins say of each key result of a cycle (parallel to krs, in id order), from
 * the store's check-in summaries (sums, in key result id order): one merge. A key result
 * without a summary has no activity. */
static const struct coach_activity *activity_from(struct svc *s, const struct key_result *krs,
                                                  size_t n, const struct rows *sums)
{
    struct coach_activity *act = arena_alloc(s->a, (n + 1) * sizeof *act);
    const struct checkin_summary *c = sums->items;
    for (size_t i = 0, j = 0; i < n && j < sums->n; i++) {
        while (j < sums->n && c[j].kr_id < krs[i].id) {
            j++;
        }
        if (j < sums->n && c[j].kr_id == krs[i].id) {
            act[i] = c[j].act;
        }
    }
    return act;
}

/* Latest first: by time, then id. */
static int cmp_latest(const void *a, const void *b)
{
    const struct checkin *x = a, *y = b;
    if (x->at != y->at) {
        return x->at < y->at ? 1 : -1;
    }
    return (x->id < y->id) - (x->id > y->id);
}

/* The latest check-ins of one objective's key results (krs, in id order), at most
 * COACH_HISTORY each (what a cycle's check-in summaries hold): one read per key result. */
static enum err_code krs_checkins(struct svc *s, const struct key_result *krs, size_t n,
                                  struct rows *out, struct err *err)
{
    enum err_code rc = ERR_OK;
    for (size_t i = 0; i < n && rc == ERR_OK; i++) {
        struct rows all;
        rc = svc_list_by(s, &entity_checkin, "kr_id", krs[i].id, 0, &all, err);
        if (rc == ERR_OK) {
            qsort(all.items, all.n, sizeof(struct checkin), cmp_latest);
            all.n = all.n < COACH_HISTORY ? all.n : COACH_HISTORY;
            append(s, &entity_checkin, out, &all);
        }
    }
    return rc;
}

/* Lists come in id order: a binary search finds a record. */
static const void *find_id(const void *items, size_t n, size_t size, size_t id_offset, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *item = (const char *)items + mid * size;
        int64_t v = *(const int64_t *)(item + id_offset);
        if (v == id) {
            return item;
        }
        if (v < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

static bool has_id(const struct rows *r, size_t size, size_t id_offset, int64_t id)
{
    for (size_t i = 0; i < r->n; i++) {
        if (*(const int64_t *)(const void *)((const char *)r->items + i * size + id_offset) == id) {
            return true;
        }
    }
    return false;
}

/* The key results objs[0..n) take on that krs (in id order) does not hold (a year's, above a
 * quarter): M3 lets an objective keep the words of the key result it took on, and needs them.
 * Only those on objectives the actor may read: a draft's hints (any parent_kr_id can be posted)
 * would otherwise tell how close a title comes to a hidden key result's. */
static enum err_code outside_parents(struct svc *s, const struct objective *objs, size_t n,
                                     const struct key_result *krs, size_t nkrs, struct rows *out,
                                     struct err *err)
{
    *out = (struct rows){0};
    for (size_t i = 0; i < n; i++) {
        int64_t id = objs[i].parent_kr_id;
        if (!id || find_id(krs, nkrs, sizeof *krs, offsetof(struct key_result, id), id) ||
            has_id(out, sizeof *krs, offsetof(struct key_result, id), id)) {
            continue;
        }
        struct key_result *k = arena_alloc(s->a, sizeof *k);
        struct objective parent;
        struct err missing;
        if (store_get(s->st, &entity_key_result, s->tenant_id, id, k, s->a, &missing) == ERR_OK &&
            store_get(s->st, &entity_objective, s->tenant_id, k->objective_id, &parent, s->a,
                      &missing) == ERR_OK &&
            policy_can_read(s, &entity_objective, &parent)) {
            append(s, &entity_key_result, out, &(struct rows){k, 1});
        }
    }
    (void)err;
    return ERR_OK;
}

/* Leaves out the findings about objectives (and take-on requests) the actor may not see (those
 * quoting last cycle's key results quote only ones the actor may see: svc_keep_readable), and
 * those about a person (how many objectives they own, private ones included; how
 * their past objectives scored) unless the actor may see that person's dossier: the person,
 * their managers and admins. A dismissal's reason goes with its finding. */
static void keep_visible(struct svc *s, const struct coach_input *in, struct coach_report *r)
{
    if (s->actor.system || s->actor.admin) {
        return;
    }
    unsigned char *seen = arena_alloc(s->a, in->nobjs + 1); /* 0 unknown, 1 visible, 2 not */
    for (int pass = 0; pass < 2; pass++) {
        struct coach_finding *f = pass ? r->dismissed : r->findings;
        size_t n = pass ? r->ndismissed : r->n, kept = 0;
        for (size_t i = 0; i < n; i++) {
            bool visible = true;
            struct err ignored;
            if (f[i].subject == SUBJ_REQUEST) {
                const struct request *req = find_id(in->requests, in->nrequests, sizeof *req,
                                                    offsetof(struct request, id), f[i].subject_id);
                visible =
                    req && policy_check(s, POLICY_READ, &entity_request, req, &ignored) == ERR_OK;
            } else if (f[i].subject == SUBJ_USER) {
                visible = policy_dossier(s, f[i].subject_id, &ignored) == ERR_OK;
            } else if (f[i].objective_id) {
                const struct objective *o =
                    find_id(in->objs, in->nobjs, sizeof *o, offsetof(struct objective, id),
                            f[i].objective_id);
                size_t oi = o ? (size_t)(o - in->objs) : 0;
                if (o && !seen[oi]) {
                    seen[oi] =
                        policy_check(s, POLICY_READ, &entity_objective, o, &ignored) == ERR_OK ? 1
                                                                                               : 2;
                }
                visible = o && seen[oi] == 1;
            }
            if (visible) {
                f[kept++] = f[i];
            } else if (!pass) {
                r->count[f[i].severity]--;
            }
        }
        if (pass) {
            r->ndismissed = kept;
        } else {
            r->n = kept;
        }
    }
}

enum err_code svc_coach_cycle(struct svc *s, int64_t cycle_id, int lang, struct coach_view *out,
                              struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct coach_input *in = &out->input;
    struct rows cycles = {0}, themes = {0}, objs = {0}, krs = {0}, prev_objs = {0}, prev_krs = {0},
                closed[2] = {{0}}, aligned = {0}, kpis = {0}, values = {0}, requests = {0},
                members = {0}, dismissals = {0}, summaries = {0};
    long prev = -1, closed_at[2] = {-1, -1};
    /* The cycle's rows first: as the transaction's first read, a large cycle may be read on two
     * connections at once, and the previous cycle's and the check-in summaries then too
     * (store.h: tree_read). Nothing is shown before the checks below. */
    enum err_code rc = store_coach_read(s->st, s->tenant_id, cycle_id, s->a, &objs, &krs, err);
    if (rc == ERR_OK) {
        rc = store_get(s->st, &entity_tenant, s->tenant_id, s->tenant_id, &out->tenant, s->a, err);
    }
    if (rc == ERR_OK) {
        rc = store_get(s->st, &entity_cycle, s->tenant_id, cycle_id, &out->cycle, s->a, err);
    }
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, &entity_cycle, &out->cycle, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_cycle, NULL, 0, 0, &cycles, err);
    }
    const struct cycle *cy = cycles.items;
    if (rc == ERR_OK) {
        coach_history(cy, cycles.n, &out->cycle, &prev, closed_at);
        rc = svc_list_by(s, &entity_theme, NULL, 0, 0, &themes, err);
    }
    if (rc == ERR_OK) {
        rc = store_checkin_summaries(s->st, s->tenant_id, cycle_id, s->a, &summaries, err);
    }
    if (rc == ERR_OK && prev >= 0) {
        rc = store_coach_read(s->st, s->tenant_id, cy[prev].id, s->a, &prev_objs, &prev_krs, err);
    }
    /* C1 and C2 compare with (and quote) last cycle's key results the reader may see, as one
     * objective's findings do (load_previous): the same key result gets the same findings on
     * both. The objectives stay: C5 and C6 read scores of the people the reader may see. */
    if (rc == ERR_OK) {
        rc = svc_keep_readable(s, &prev_objs, true, &prev_krs, err);
    }
    for (int k = 0; k < 2 && rc == ERR_OK; k++) {
        if (closed_at[k] >= 0 && closed_at[k] == prev) {
            closed[k] = prev_objs;
        } else if (closed_at[k] >= 0) {
            rc = svc_list_by(s, &entity_objective, "cycle_id", cy[closed_at[k]].id, 0, &closed[k],
                             err);
        }
    }
    for (size_t i = 0; i < cycles.n && rc == ERR_OK; i++) {
        if (cy[i].parent_id == cycle_id && cy[i].id != cycle_id) {
            struct rows child;
            rc = svc_list_by(s, &entity_objective, "cycle_id", cy[i].id, 0, &child, err);
            if (rc == ERR_OK) {
                append(s, &entity_objective, &aligned, &child);
            }
        }
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_kpi, NULL, 0, 0, &kpis, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_kpi_value, NULL, 0, 0, &values, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_request, NULL, 0, 0, &requests, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_user, NULL, 0, 0, &out->users, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_team, NULL, 0, 0, &out->teams, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_membership, NULL, 0, 0, &members, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_finding_dismissal, NULL, 0, 0, &dismissals, err);
    }
    struct rows parents = {0};
    if (rc == ERR_OK) {
        rc = outside_parents(s, objs.items, objs.n, krs.items, krs.n, &parents, err);
    }
    if (rc == ERR_OK) {
        out->lang = pick_lang(s, lang, &out->tenant);
        *in = (struct coach_input){
            .lang = out->lang,
            .now = s->now,
            .today = s->now / 86400,
            .program = true,
            .threads = krs.n >= COACH_THREADS_MIN ? 2 : 1,
            .tenant = &out->tenant,
            .cycle = &out->cycle,
            .themes = themes.items,
            .nthemes = themes.n,
            .objs = objs.items,
            .nobjs = objs.n,
            .krs = krs.items,
            .nkrs = krs.n,
            .activity = activity_from(s, krs.items, krs.n, &summaries),
            .aligned = aligned.items,
            .naligned = aligned.n,
            .prev_objs = prev_objs.items,
            .nprev_objs = prev_objs.n,
            .prev_krs = prev_krs.items,
            .nprev_krs = prev_krs.n,
            .closed_objs = {closed[0].items, closed[1].items},
            .nclosed_objs = {closed[0].n, closed[1].n},
            .kpis = kpis.items,
            .nkpis = kpis.n,
            .kpi_values = values.items,
            .nkpi_values = values.n,
            .requests = requests.items,
            .nrequests = requests.n,
            .users = out->users.items,
            .nusers = out->users.n,
            .teams = out->teams.items,
            .nteams = out->teams.n,
            .memberships = members.items,
            .nmemberships = members.n,
            .dismissals = dismissals.items,
            .ndismissals = dismissals.n,
            .parent_krs = parents.items,
            .nparent_krs = parents.n,
        };
        coach_run(in, s->a, &out->report);
        keep_visible(s, in, &out->report);
    }
    return svc_finish(s, rc, err);
}

/* ---- one objective (or a draft) ---- */

static int cmp_team_id(const void *a, const void *b)
{
    int64_t x = ((const struct team *)a)->id, y = ((const struct team *)b)->id;
    return (x > y) - (x < y);
}

/* Team owner_team (0: none), the teams the people lead and the sub-teams of all of those, in id
 * order without repeats, into out. */
static enum err_code load_teams(struct svc *s, int64_t owner_team, const int64_t *people,
                                size_t npeople, struct rows *out, struct err *err)
{
    struct rows led = {0}, own = {0}, subs = {0};
    enum err_code rc = ERR_OK;
    if (npeople) {
        struct query q = {.tenant_id = s->tenant_id, .by = "lead_id", .keys = people,
                          .nkeys = npeople};
        rc = store_list(s->st, &entity_team, &q, s->a, &led, err);
    }
    if (rc == ERR_OK && owner_team) {
        struct team *t = arena_alloc(s->a, sizeof *t);
        if (store_get(s->st, &entity_team, s->tenant_id, owner_team, t, s->a, err) == ERR_OK) {
            own = (struct rows){t, 1};
        }
    }
    int64_t *ids = arena_alloc(s->a, (led.n + own.n + 1) * sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < led.n; i++) {
        ids[n++] = ((const struct team *)led.items)[i].id;
    }
    if (own.n) {
        ids[n++] = owner_team;
    }
    if (rc == ERR_OK && n) {
        struct query q = {.tenant_id = s->tenant_id, .by = "parent_id", .keys = ids, .nkeys = n};
        rc = store_list(s->st, &entity_team, &q, s->a, &subs, err);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    struct team *all = arena_alloc(s->a, (led.n + own.n + subs.n + 1) * sizeof *all);
    size_t k = 0;
    const struct rows *parts[] = {&led, &own, &subs};
    for (int p = 0; p < 3; p++) {
        if (parts[p]->n) {
            memcpy(all + k, parts[p]->items, parts[p]->n * sizeof *all);
            k += parts[p]->n;
        }
    }
    qsort(all, k, sizeof *all, cmp_team_id);
    size_t u = 0;
    for (size_t i = 0; i < k; i++) {
        if (u == 0 || all[u - 1].id != all[i].id) {
            all[u++] = all[i];
        }
    }
    *out = (struct rows){all, u};
    return ERR_OK;
}


/* Loads what the rules need around objective o and its key results into in (not objs and krs),
 * inside an open transaction: a bounded number of reads per key result. */
/* The objective's owner and its key results' owners, without repeats; at most cap. */
static size_t people_of(const struct objective *o, const struct key_result *krs, size_t nkrs,
                        int64_t *people, size_t cap)
{
    size_t n = 0;
    if (o->owner_user_id) {
        people[n++] = o->owner_user_id;
    }
    for (size_t i = 0; i < nkrs && n < cap; i++) {
        bool known = !krs[i].owner_user_id;
        for (size_t k = 0; k < n && !known; k++) {
            known = people[k] == krs[i].owner_user_id;
        }
        if (!known) {
            people[n++] = krs[i].owner_user_id;
        }
    }
    return n;
}

/* Appends the people of more that users does not hold yet. */
static void add_users(struct svc *s, struct rows *users, const struct rows *more)
{
    const struct user *u = more->items;
    for (size_t i = 0; i < more->n; i++) {
        if (!has_id(users, sizeof *u, offsetof(struct user, id), u[i].id)) {
            append(s, &entity_user, users, &(struct rows){(void *)&u[i], 1});
        }
    }
}

/* Adds objective po, when it is of the previous cycle (prev_id) and the actor may see it (the
 * findings quote it), and its key results among krs to the lists, each once. */
static void keep_previous(struct svc *s, const struct objective *po, int64_t prev_id,
                          const struct key_result *krs, size_t nkrs, struct rows *objs,
                          struct rows *out)
{
    if (po->cycle_id != prev_id || !policy_can_read(s, &entity_objective, po)) {
        return;
    }
    if (!has_id(objs, sizeof *po, offsetof(struct objective, id), po->id)) {
        append(s, &entity_objective, objs, &(struct rows){(void *)po, 1});
    }
    for (size_t i = 0; i < nkrs; i++) {
        if (krs[i].objective_id == po->id &&
            !has_id(out, sizeof *krs, offsetof(struct key_result, id), krs[i].id)) {
            append(s, &entity_key_result, out, &(struct rows){(void *)&krs[i], 1});
        }
    }
}

enum { PREVIOUS_KRS_MAX = 256 };

/* Last cycle's key results that o's are compared with (C1, C2), as the cycle's report compares
 * them: those of the objectives o's owner owned, and those each person concerned carried on any
 * objective. */
static enum err_code load_previous(struct svc *s, const struct objective *o, int64_t prev_id,
                                   const int64_t *people, size_t npeople, struct rows *objs,
                                   struct rows *krs, struct err *err)
{
    struct rows owned = {0}, tmp;
    enum err_code rc =
        o->owner_user_id
            ? svc_list_by(s, &entity_objective, "owner_user_id", o->owner_user_id, 0, &owned, err)
        : o->owner_team_id
            ? svc_list_by(s, &entity_objective, "owner_team_id", o->owner_team_id, 0, &owned, err)
            : svc_list_by(s, &entity_objective, "company_cycle_id", prev_id, 0, &owned, err);
    const struct objective *po = owned.items;
    for (size_t i = 0; rc == ERR_OK && i < owned.n; i++) {
        bool same_owner =
            po[i].owner_user_id == o->owner_user_id && po[i].owner_team_id == o->owner_team_id;
        if (same_owner && po[i].cycle_id == prev_id) {
            rc = svc_list_by(s, &entity_key_result, "objective_id", po[i].id, 0, &tmp, err);
            if (rc == ERR_OK) {
                keep_previous(s, &po[i], prev_id, tmp.items, tmp.n, objs, krs);
            }
        }
    }
    for (size_t p = 0; rc == ERR_OK && p < npeople; p++) {
        rc = svc_list_by(s, &entity_key_result, "owner_user_id", people[p], 0, &tmp, err);
        const struct key_result *k = tmp.items;
        /* Their latest key results (in id order: last cycle's are among the last): a bounded
         * number of reads for a person who has carried hundreds over the years. */
        size_t from = tmp.n > PREVIOUS_KRS_MAX ? tmp.n - PREVIOUS_KRS_MAX : 0;
        for (size_t i = from; rc == ERR_OK && i < tmp.n; i++) {
            struct objective parent;
            struct err ignored;
            if (!has_id(krs, sizeof *k, offsetof(struct key_result, id), k[i].id) &&
                store_get(s->st, &entity_objective, s->tenant_id, k[i].objective_id, &parent, s->a,
                          &ignored) == ERR_OK) {
                keep_previous(s, &parent, prev_id, &k[i], 1, objs, krs);
            }
        }
    }
    return rc;
}

static enum err_code load_around(struct svc *s, const struct objective *o,
                                 const struct key_result *krs, size_t nkrs, struct coach_input *in,
                                 struct err *err)
{
    struct tenant *tenant = arena_alloc(s->a, sizeof *tenant);
    struct cycle *cycle = arena_alloc(s->a, sizeof *cycle);
    struct rows cycles = {0}, prev_objs = {0}, prev_krs = {0}, kpis = {0}, values = {0},
                requests = {0}, aligned = {0}, users = {0}, teams = {0}, members = {0},
                dismissals = {0}, tmp;
    enum err_code rc =
        store_get(s->st, &entity_tenant, s->tenant_id, s->tenant_id, tenant, s->a, err);
    if (rc == ERR_OK &&
        store_get(s->st, &entity_cycle, s->tenant_id, o->cycle_id, cycle, s->a, err) != ERR_OK) {
        rc = err_set(err, ERR_INVALID, "cycle_id", "no cycle with id %lld", (long long)o->cycle_id);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_cycle, NULL, 0, 0, &cycles, err);
    }
    long prev = -1, closed[2];
    if (rc == ERR_OK) {
        coach_history(cycles.items, cycles.n, cycle, &prev, closed);
    }
    int64_t people[1 + 64];
    size_t npeople = people_of(o, krs, nkrs, people, sizeof people / sizeof people[0]);
    if (rc == ERR_OK && prev >= 0) {
        rc = load_previous(s, o, ((const struct cycle *)cycles.items)[prev].id, people, npeople,
                           &prev_objs, &prev_krs, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_kpi, NULL, 0, 0, &kpis, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_kpi_value, NULL, 0, 0, &values, err);
    }
    if (rc == ERR_OK && o->id) {
        rc = svc_list_by(s, &entity_request, "objective_id", o->id, 0, &requests, err);
    }
    if (rc == ERR_OK && o->id) {
        rc = svc_list_by(s, &entity_finding_dismissal, "entity_id", o->id, 0, &dismissals, err);
    }
    for (size_t i = 0; i < nkrs && rc == ERR_OK; i++) {
        if (!krs[i].id) {
            continue;
        }
        rc = svc_list_by(s, &entity_request, "kr_id", krs[i].id, 0, &tmp, err);
        if (rc == ERR_OK) {
            append(s, &entity_request, &requests, &tmp);
            rc = svc_list_by(s, &entity_objective, "parent_kr_id", krs[i].id, 0, &tmp, err);
        }
        if (rc == ERR_OK) {
            append(s, &entity_objective, &aligned, &tmp);
            rc = svc_list_by(s, &entity_finding_dismissal, "entity_id", krs[i].id, 0, &tmp, err);
        }
        if (rc == ERR_OK) {
            append(s, &entity_finding_dismissal, &dismissals, &tmp);
        }
    }
    /* People: the owner and the key results' owners (whoever carries one), each with their
     * reports; the teams; the memberships of the people concerned and of the teams the owner
     * owns or they lead (A2: someone to take on; C3: whose KPIs). The cycle's report knows
     * everyone: this reads as much of it as one objective's findings depend on. */
    for (size_t i = 0; i < npeople && rc == ERR_OK; i++) {
        struct user *u = arena_alloc(s->a, sizeof *u);
        struct err ignored;
        if (store_get(s->st, &entity_user, s->tenant_id, people[i], u, s->a, &ignored) == ERR_OK) {
            add_users(s, &users, &(struct rows){u, 1});
        }
        rc = svc_list_by(s, &entity_user, "manager_id", people[i], 0, &tmp, err);
        if (rc == ERR_OK) {
            add_users(s, &users, &tmp);
        }
    }
    if (rc == ERR_OK && !o->owner_user_id && !o->owner_team_id) {
        struct query q = {.tenant_id = s->tenant_id, .limit = 2};
        rc = store_list(s->st, &entity_user, &q, s->a, &tmp, err);
        if (rc == ERR_OK) {
            add_users(s, &users, &tmp);
        }
    }
    /* The teams: the owner's, those the people lead, and their sub-teams (a team with sub-teams
     * has people under it): three reads, not every team of the company. */
    if (rc == ERR_OK) {
        rc = load_teams(s, o->owner_user_id ? 0 : o->owner_team_id, people, npeople, &teams, err);
    }
    const struct team *tm = teams.items;
    for (size_t i = 0; i < teams.n && rc == ERR_OK; i++) {
        bool owns = tm[i].id == o->owner_team_id && !o->owner_user_id;
        bool leads = false;
        for (size_t k = 0; k < npeople && !leads; k++) {
            leads = tm[i].lead_id == people[k];
        }
        if (owns || leads) {
            rc = svc_list_by(s, &entity_membership, "team_id", tm[i].id, 0, &tmp, err);
            if (rc == ERR_OK) {
                append(s, &entity_membership, &members, &tmp);
            }
        }
    }
    for (size_t i = 0; i < npeople && rc == ERR_OK; i++) {
        rc = svc_list_by(s, &entity_membership, "user_id", people[i], 0, &tmp, err);
        if (rc == ERR_OK) {
            append(s, &entity_membership, &members, &tmp);
        }
    }
    struct rows parents = {0};
    if (rc == ERR_OK) {
        rc = outside_parents(s, o, 1, NULL, 0, &parents, err);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    *in = (struct coach_input){
        .now = s->now,
        .today = s->now / 86400,
        .tenant = tenant,
        .cycle = cycle,
        .aligned = aligned.items,
        .naligned = aligned.n,
        .prev_objs = prev_objs.items,
        .nprev_objs = prev_objs.n,
        .prev_krs = prev_krs.items,
        .nprev_krs = prev_krs.n,
        .kpis = kpis.items,
        .nkpis = kpis.n,
        .kpi_values = values.items,
        .nkpi_values = values.n,
        .requests = requests.items,
        .nrequests = requests.n,
        .users = users.items,
        .nusers = users.n,
        .teams = teams.items,
        .nteams = teams.n,
        .memberships = members.items,
        .nmemberships = members.n,
        .dismissals = dismissals.items,
        .ndismissals = dismissals.n,
        .parent_krs = parents.items,
        .nparent_krs = parents.n,
    };
    return ERR_OK;
}

/* Reads the objective the actor may see and its key results, and checks them; in a transaction. */
static enum err_code coach_one(struct svc *s, int64_t id, int lang, struct objective *o,
                               struct rows *krs, struct coach_report *out, enum coach_lang *used,
                               struct err *err)
{
    struct coach_input in;
    enum err_code rc = store_get(s->st, &entity_objective, s->tenant_id, id, o, s->a, err);
    if (rc == ERR_OK) {
        rc = policy_check(s, POLICY_READ, &entity_objective, o, err);
    }
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_key_result, "objective_id", id, 0, krs, err);
    }
    if (rc == ERR_OK) {
        rc = load_around(s, o, krs->items, krs->n, &in, err);
    }
    if (rc == ERR_OK) {
        in.lang = pick_lang(s, lang, in.tenant);
        in.objs = o;
        in.nobjs = 1;
        in.krs = krs->items;
        in.nkrs = krs->n;
        struct rows checkins = {0};
        rc = krs_checkins(s, krs->items, krs->n, &checkins, err);
        in.activity = activity_of(s, krs->items, krs->n, &checkins);
    }
    if (rc == ERR_OK) {
        coach_run(&in, s->a, out);
        *used = in.lang;
    }
    return rc;
}

enum err_code svc_coach_objective(struct svc *s, int64_t objective_id, int lang,
                                  struct coach_report *out, enum coach_lang *used, struct err *err)
{
    struct objective o;
    struct rows krs;
    return svc_objective_coached(s, objective_id, lang, &o, &krs, out, used, err);
}

enum err_code svc_objective_coached(struct svc *s, int64_t id, int lang, struct objective *o,
                                    struct rows *krs, struct coach_report *findings,
                                    enum coach_lang *used, struct err *err)
{
    memset(findings, 0, sizeof *findings);
    krs->items = NULL;
    krs->n = 0;
    *used = COACH_EN;
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    return svc_finish(s, coach_one(s, id, lang, o, krs, findings, used, err), err);
}

enum err_code svc_coach_draft(struct svc *s, const struct objective *draft,
                              const struct key_result *krs, size_t nkrs, int lang,
                              struct coach_report *out, enum coach_lang *used, struct err *err)
{
    memset(out, 0, sizeof *out);
    *used = COACH_EN;
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct coach_input in;
    enum err_code rc = load_around(s, draft, krs, nkrs, &in, err);
    if (rc == ERR_OK) {
        in.lang = pick_lang(s, lang, in.tenant);
        *used = in.lang;
        coach_check_draft(draft, krs, nkrs, &in, s->a, out);
    }
    return svc_finish(s, rc, err);
}

/* ---- dismissals ---- */

/* True when manager is user's manager, directly or up the chain. */
static bool manages(struct svc *s, int64_t manager, int64_t user)
{
    struct user u;
    struct err ignored;
    for (int depth = 0; user && depth < 64; depth++) {
        if (store_get(s->st, &entity_user, s->tenant_id, user, &u, s->a, &ignored) != ERR_OK) {
            return false;
        }
        if (u.manager_id == manager) {
            return true;
        }
        user = u.manager_id;
    }
    return false;
}

/* Whether the rule's findings can be about this kind of record. */
static bool rule_covers(int rule, int subject)
{
    if (rule == COACH_F1 || rule == COACH_C5) {
        return subject == SUBJ_USER || subject == SUBJ_TEAM || subject == SUBJ_TENANT;
    }
    if (rule == COACH_C4) {
        return subject == SUBJ_OBJECTIVE || subject == SUBJ_KEY_RESULT;
    }
    return (int)coach_rule_info((enum coach_rule)rule)->subject == subject;
}

/* May the actor dismiss a finding about record id of this kind? Reads it (ERR_NOT_FOUND when
 * missing or hidden). */
static enum err_code may_dismiss(struct svc *s, int subject, int64_t id, struct err *err)
{
    static const struct entity *const entities[COACH_SUBJECTS] = {
        [SUBJ_TENANT] = &entity_tenant,       [SUBJ_THEME] = &entity_theme,
        [SUBJ_OBJECTIVE] = &entity_objective, [SUBJ_KEY_RESULT] = &entity_key_result,
        [SUBJ_USER] = &entity_user,           [SUBJ_TEAM] = &entity_team,
        [SUBJ_REQUEST] = &entity_request,
    };
    const struct entity *e = entities[subject];
    void *obj = arena_alloc(s->a, e->size);
    bool tenant = subject == SUBJ_TENANT;
    if ((tenant && id != s->tenant_id) ||
        store_get(s->st, e, tenant ? id : s->tenant_id, id, obj, s->a, err) != ERR_OK) {
        return err_set(err, ERR_NOT_FOUND, "entity_id", "no %s with id %lld", e->name,
                       (long long)id);
    }
    if (s->actor.system || s->actor.admin) {
        return ERR_OK;
    }
    switch (subject) {
    case SUBJ_OBJECTIVE:
    case SUBJ_KEY_RESULT:
        if (policy_check(s, POLICY_READ, e, obj, err) != ERR_OK) {
            /* Hidden answers as missing does, field and words alike. */
            return err->code == ERR_NOT_FOUND
                       ? err_set(err, ERR_NOT_FOUND, "entity_id", "no %s with id %lld", e->name,
                                 (long long)id)
                       : err->code;
        }
        /* The person a key result's finding is for may answer it, as may its writers. */
        if (subject == SUBJ_KEY_RESULT &&
            ((const struct key_result *)obj)->owner_user_id == s->actor.user_id) {
            return ERR_OK;
        }
        return policy_check(s, POLICY_WRITE, e, obj, err);
    case SUBJ_REQUEST:
        return policy_check(s, POLICY_READ, e, obj, err);
    case SUBJ_USER:
        if (id == s->actor.user_id || manages(s, s->actor.user_id, id)) {
            return ERR_OK;
        }
        break;
    case SUBJ_TEAM:
        if (((const struct team *)obj)->lead_id == s->actor.user_id) {
            return ERR_OK;
        }
        break;
    default:
        break;
    }
    return err_set(err, ERR_FORBIDDEN, NULL, "you may not dismiss findings about this %s", e->name);
}

/* A finding about an objective or key result is dismissed as it stands, not in advance: one
 * that the coach does not report now (its rule about that record, dismissed or not) is refused,
 * or a title changed later would find its M3 already answered. */
static enum err_code finding_exists(struct svc *s, int rule, int subject, int64_t id,
                                    struct err *err)
{
    int64_t objective_id = id;
    if (subject == SUBJ_KEY_RESULT) {
        struct key_result kr;
        if (store_get(s->st, &entity_key_result, s->tenant_id, id, &kr, s->a, err) != ERR_OK) {
            return err->code;
        }
        objective_id = kr.objective_id;
    }
    struct objective o;
    struct rows krs;
    struct coach_report r;
    enum coach_lang used;
    if (coach_one(s, objective_id, COACH_EN, &o, &krs, &r, &used, err) != ERR_OK) {
        return err->code;
    }
    for (int pass = 0; pass < 2; pass++) {
        const struct coach_finding *f = pass ? r.dismissed : r.findings;
        size_t n = pass ? r.ndismissed : r.n;
        for (size_t i = 0; i < n; i++) {
            if (f[i].rule == rule && f[i].subject == subject && f[i].subject_id == id) {
                return ERR_OK;
            }
        }
    }
    return err_set(err, ERR_INVALID, "rule", "rule: the coach reports no %s about %s %lld now",
                   coach_rule_info((enum coach_rule)rule)->id,
                   coach_subject_name((enum coach_subject)subject), (long long)id);
}

/* The cycle a dismissal holds for: a finding about a person, team, theme or the company is one
 * cycle's (the given one, else the cycle that contains today); one about an objective, key result
 * or request is its record's, and names none. */
static enum err_code dismissal_cycle(struct svc *s, int subject, int64_t *cycle_id, struct err *err)
{
    if (subject == SUBJ_OBJECTIVE || subject == SUBJ_KEY_RESULT || subject == SUBJ_REQUEST) {
        *cycle_id = 0;
        return ERR_OK;
    }
    struct cycle c;
    if (*cycle_id) {
        return store_get(s->st, &entity_cycle, s->tenant_id, *cycle_id, &c, s->a, err) == ERR_OK
                   ? ERR_OK
                   : err_set(err, ERR_INVALID, "cycle_id", "cycle_id: no cycle with id %lld",
                             (long long)*cycle_id);
    }
    struct rows cycles;
    if (svc_list_by(s, &entity_cycle, NULL, 0, 0, &cycles, err) != ERR_OK) {
        return err->code;
    }
    const struct cycle *now = cycle_current(cycles.items, cycles.n, s->now / 86400);
    if (!now) {
        return err_set(
            err, ERR_INVALID, "cycle_id",
            "cycle_id: no cycle under way or being graded contains today: give the cycle "
            "the finding is about");
    }
    *cycle_id = now->id;
    return ERR_OK;
}

enum err_code svc_coach_dismiss(struct svc *s, struct finding_dismissal *d, struct err *err)
{
    int rule = coach_rule_parse(d->rule), subject = coach_subject_parse(d->entity);
    if (rule < 0) {
        return err_set(err, ERR_INVALID, "rule", "rule must be a coach rule id such as C3");
    }
    if (subject < 0) {
        return err_set(err, ERR_INVALID, "entity",
                       "entity must be tenant, theme, objective, key_result, user, team or "
                       "request");
    }
    if (!rule_covers(rule, subject)) {
        return err_set(err, ERR_INVALID, "entity", "rule %s has no findings about a %s",
                       coach_rule_info((enum coach_rule)rule)->id, d->entity);
    }
    if (d->entity_id <= 0) {
        return err_set(err, ERR_INVALID, "entity_id", "entity_id must be a record id");
    }
    const char *r = d->reason ? d->reason : "";
    while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
        r++;
    }
    if (!*r) {
        return err_set(err, ERR_INVALID, "reason", "say why the finding does not apply");
    }
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = may_dismiss(s, subject, d->entity_id, err);
    if (rc == ERR_OK) {
        d->tenant_id = s->tenant_id;
        d->rule = coach_rule_info((enum coach_rule)rule)->id;
        d->entity = coach_subject_name((enum coach_subject)subject);
        d->user_id = s->actor.user_id;
        d->at = s->now;
        rc = validate_record(&entity_finding_dismissal, d, err);
    }
    if (rc == ERR_OK && (subject == SUBJ_OBJECTIVE || subject == SUBJ_KEY_RESULT)) {
        rc = finding_exists(s, rule, subject, d->entity_id, err);
    }
    if (rc == ERR_OK) {
        rc = dismissal_cycle(s, subject, &d->cycle_id, err);
    }
    /* Dismissing again replaces the reason: the latest word on a finding is what counts. */
    struct rows same = {0};
    if (rc == ERR_OK) {
        struct query q = {.tenant_id = s->tenant_id, .by = "entity_id", .key = d->entity_id};
        rc = store_list(s->st, &entity_finding_dismissal, &q, s->a, &same, err);
    }
    const struct finding_dismissal *old = NULL;
    for (size_t i = 0; rc == ERR_OK && i < same.n; i++) {
        const struct finding_dismissal *x = (const struct finding_dismissal *)same.items + i;
        if (strcmp(x->rule, d->rule) == 0 && strcmp(x->entity, d->entity) == 0 &&
            x->cycle_id == d->cycle_id) {
            old = x;
        }
    }
    if (rc == ERR_OK && old) {
        d->id = old->id;
        rc = store_update(s->st, &entity_finding_dismissal, d, err);
    } else if (rc == ERR_OK) {
        rc = store_insert(s->st, &entity_finding_dismissal, d, err);
    }
    if (rc == ERR_OK) {
        rc = svc_audit(s, "dismiss", &entity_finding_dismissal, d, err);
    }
    return svc_finish(s, rc, err);
}

const struct user *coach_view_user(const struct coach_view *v, int64_t id)
{
    return find_id(v->users.items, v->users.n, sizeof(struct user), offsetof(struct user, id), id);
}

const struct team *coach_view_team(const struct coach_view *v, int64_t id)
{
    return find_id(v->teams.items, v->teams.n, sizeof(struct team), offsetof(struct team, id), id);
}

enum err_code svc_coach_undismiss(struct svc *s, struct finding_dismissal *d, struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct finding_dismissal found;
    enum err_code rc = ERR_OK;
    if (d->id > 0) {
        rc = store_get(s->st, &entity_finding_dismissal, s->tenant_id, d->id, &found, s->a, err);
    } else {
        /* By the finding it answers: rule, entity and id, as it was dismissed. */
        int rule = coach_rule_parse(d->rule), subject = coach_subject_parse(d->entity);
        struct query q = {.tenant_id = s->tenant_id, .by = "entity_id", .key = d->entity_id};
        struct rows same = {0};
        rc = rule < 0 || subject < 0
                 ? err_set(err, ERR_INVALID, rule < 0 ? "rule" : "entity", "%s names no coach %s",
                           rule < 0 ? d->rule : d->entity, rule < 0 ? "rule" : "entity")
                 : ERR_OK;
        /* The cycle given names its dismissal exactly; without one, the cycle that contains
         * today's, else the one for every cycle (made before cycles were named). */
        bool given = d->cycle_id != 0;
        struct err no_cycle;
        if (rc == ERR_OK && dismissal_cycle(s, subject, &d->cycle_id, &no_cycle) != ERR_OK) {
            rc = given ? err_set(err, no_cycle.code, no_cycle.field, "%s", no_cycle.msg) : ERR_OK;
        }
        if (rc == ERR_OK) {
            rc = store_list(s->st, &entity_finding_dismissal, &q, s->a, &same, err);
        }
        const struct finding_dismissal *x = same.items;
        size_t i = same.n;
        for (size_t k = 0; rc == ERR_OK && k < same.n; k++) {
            if (strcmp(x[k].rule, coach_rule_info((enum coach_rule)rule)->id) == 0 &&
                strcmp(x[k].entity, coach_subject_name((enum coach_subject)subject)) == 0 &&
                (x[k].cycle_id == d->cycle_id || (!given && !x[k].cycle_id && i == same.n))) {
                i = k;
            }
        }
        if (rc == ERR_OK && i == same.n) {
            rc = err_set(err, ERR_NOT_FOUND, NULL, "no dismissal of %s on %s %lld", d->rule,
                         d->entity, (long long)d->entity_id);
        } else if (rc == ERR_OK) {
            found = x[i];
        }
    }
    /* Its author takes it back, or whoever may dismiss that finding; what the actor may not see
     * answers as missing. */
    if (rc == ERR_OK) {
        int subject = coach_subject_parse(found.entity);
        struct err rights;
        enum err_code may =
            subject < 0 ? ERR_FORBIDDEN : may_dismiss(s, subject, found.entity_id, &rights);
        if (may == ERR_NOT_FOUND) {
            rc = err_set(err, ERR_NOT_FOUND, NULL, "no finding_dismissal with id %lld",
                         (long long)found.id);
        } else if (may != ERR_OK && !(found.user_id && found.user_id == s->actor.user_id)) {
            rc = err_set(err, ERR_FORBIDDEN, NULL, "you may not withdraw this dismissal");
        }
    }
    if (rc == ERR_OK) {
        rc = store_remove(s->st, &entity_finding_dismissal, s->tenant_id, found.id, err);
    }
    if (rc == ERR_OK) {
        rc = svc_audit(s, "undismiss", &entity_finding_dismissal, &found, err);
        *d = found;
    }
    return svc_finish(s, rc, err);
}
