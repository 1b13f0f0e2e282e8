/* The dashboard (web_views_review.h). Two parts:
 *   - live: the company objectives of the cycle under their themes, progress by theme and by
 *     source (a few records: read on every request);
 *   - the company-wide snapshot: key results at risk, check-in discipline per person and team,
 *     the score distribution of the last closed cycle and the coach's health score. These read
 *     the whole cycle (a million key results at 100,000 people), so for a cycle of more than
 *     DASH_CACHE_MIN_OBJECTIVES objectives the snapshot is kept per process for
 *     DASH_CACHE_TTL_S seconds (the page says when it was taken). Small companies compute it on
 *     every request, so their figures are always current.
 * The snapshot holds only figures that do not depend on who asks (counts, the health score, team
 * names) plus at-risk candidates, which are filtered per actor by policy_check before they are
 * shown. The cache is the one piece of process state in the service layer: a mutex guards it,
 * its memory is its own (an arena per entry, replaced when refreshed). */
#include "web_views_review.h"

#include "coach.h"
#include "domain/progress.h"
#include "domain/rules.h"
#include "policy.h"
#include "svc_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- live: progress by theme and source ---- */

static int theme_order(const void *a, const void *b)
{
    const struct dash_theme *x = a, *y = b;
    if (x->th.position != y->th.position) {
        return x->th.position < y->th.position ? -1 : 1;
    }
    return x->th.id < y->th.id ? -1 : x->th.id > y->th.id;
}

static enum err_code load_progress(struct svc *s, int64_t cid, struct view_dashboard *v,
                                   struct err *err)
{
    struct rows themes;
    if (svc_list_by(s, &entity_theme, NULL, 0, 0, &themes, err) != ERR_OK) {
        return err->code;
    }
    v->nthemes = themes.n;
    v->themes = arena_alloc(s->a, (themes.n ? themes.n : 1) * sizeof *v->themes);
    const struct theme *t = themes.items;
    double sum = 0;
    for (size_t i = 0; i < themes.n; i++) {
        struct dash_theme *dt = &v->themes[i];
        memset(dt, 0, sizeof *dt);
        dt->th = t[i];
        struct rows objs;
        if (svc_list_by(s, &entity_objective, "theme_id", t[i].id, 0, &objs, err) != ERR_OK) {
            return err->code;
        }
        const struct objective *o = objs.items;
        double tsum = 0;
        for (size_t j = 0; j < objs.n; j++) {
            struct err ignored;
            if (o[j].cycle_id != cid || o[j].owner_user_id || o[j].owner_team_id ||
                o[j].state == OBJ_DROPPED ||
                policy_check(s, POLICY_READ, &entity_objective, &o[j], &ignored) != ERR_OK) {
                continue;
            }
            struct rows krs;
            if (svc_list_by(s, &entity_key_result, "objective_id", o[j].id, 0, &krs, err) !=
                ERR_OK) {
                return err->code;
            }
            double p = objective_progress(krs.items, krs.n);
            tsum += p;
            dt->nobjs++;
        }
        dt->progress = dt->nobjs ? tsum / (double)dt->nobjs : 0;
        int src = t[i].source >= 0 && t[i].source < 5 ? t[i].source : SOURCE_OTHER;
        struct dash_source *ds = &v->sources[src];
        ds->themes++;
        ds->progress += tsum; /* a sum until divided below */
        ds->nobjs += dt->nobjs;
        sum += tsum;
        v->company_objectives += dt->nobjs;
    }
    for (int i = 0; i < 5; i++) {
        struct dash_source *ds = &v->sources[i];
        ds->progress = ds->nobjs ? ds->progress / (double)ds->nobjs : 0;
    }
    v->company_progress = v->company_objectives ? sum / (double)v->company_objectives : 0;
    if (v->nthemes > 1) {
        qsort(v->themes, v->nthemes, sizeof *v->themes, theme_order);
    }
    return ERR_OK;
}

/* ---- the snapshot ---- */

struct cand {
    size_t kr;  /* index in the cycle's key results */
    size_t obj; /* index in the cycle's objectives */
    double gap; /* progress - expected: lower is worse */
    int status;
};

static int cand_order(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->status != y->status) {
        return x->status > y->status ? -1 : 1; /* off track first */
    }
    if (x->gap != y->gap) {
        return x->gap < y->gap ? -1 : 1;
    }
    return x->kr < y->kr ? -1 : x->kr > y->kr;
}

/* Lowest share on time first; then more missed; then by id. */
static int team_order(const void *a, const void *b)
{
    const struct dash_team *x = a, *y = b;
    size_t nx = x->count[0] + x->count[1] + x->count[2];
    size_t ny = y->count[0] + y->count[1] + y->count[2];
    double sx = nx ? (double)x->count[DISC_ON_TIME] / (double)nx : 1;
    double sy = ny ? (double)y->count[DISC_ON_TIME] / (double)ny : 1;
    if (sx != sy) {
        return sx < sy ? -1 : 1;
    }
    if (x->count[DISC_MISSED] != y->count[DISC_MISSED]) {
        return x->count[DISC_MISSED] > y->count[DISC_MISSED] ? -1 : 1;
    }
    return x->team_id < y->team_id ? -1 : x->team_id > y->team_id;
}

static size_t find_obj(const struct objective *o, size_t n, int64_t id)
{
    size_t lo = 0, hi = n; /* lists come in id order */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o[mid].id < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < n && o[lo].id == id ? lo : SIZE_MAX;
}

static const char *name_in(const struct rows *users, int64_t id)
{
    const struct user *u = users->items;
    size_t lo = 0, hi = users->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u[mid].id < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < users->n && u[lo].id == id ? u[lo].name : "";
}

static const char *team_in(const struct rows *teams, int64_t id)
{
    const struct team *t = teams->items;
    size_t lo = 0, hi = teams->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid].id < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < teams->n && t[lo].id == id ? t[lo].name : "";
}

/* Reads the cycle and computes the company-wide figures into v (risks: every kept candidate,
 * unfiltered). In one read transaction, then the coach in its own. */
static enum err_code compute_snapshot(struct svc *s, const struct view_cycles *cycles,
                                      struct view_dashboard *v, struct err *err)
{
    const struct cycle *cy = cycles->current;
    v->computed_at = s->now;
    v->health = NAN;
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct rows objs = {0}, krs = {0}, users = {0}, teams = {0}, members = {0}, closed = {0};
    struct query all = {.tenant_id = s->tenant_id};
    enum err_code rc = svc_list_by(s, &entity_objective, "cycle_id", cy->id, 0, &objs, err);
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_key_result, "cycle_id", cy->id, 0, &krs, err);
    }
    if (rc == ERR_OK) {
        rc = store_list(s->st, &entity_user, &all, s->a, &users, err);
    }
    if (rc == ERR_OK) {
        rc = store_list(s->st, &entity_team, &all, s->a, &teams, err);
    }
    if (rc == ERR_OK) {
        rc = store_list(s->st, &entity_membership, &all, s->a, &members, err);
    }
    /* The last closed cycle: of the current one's kind when there is one, else any. */
    const struct cycle *last = NULL;
    for (int pass = 0; pass < 2 && !last; pass++) {
        for (size_t i = 0; i < cycles->n; i++) {
            const struct cycle *c = &cycles->items[i];
            if (c->state == CYCLE_CLOSED && (pass || c->kind == cy->kind) &&
                (!last || c->end > last->end)) {
                last = c;
            }
        }
    }
    if (rc == ERR_OK && last) {
        v->closed = *last;
        rc = svc_list_by(s, &entity_objective, "cycle_id", last->id, 0, &closed, err);
    }
    rc = svc_finish(s, rc, err);
    if (rc != ERR_OK) {
        return rc;
    }
    const struct objective *o = objs.items;
    const struct key_result *k = krs.items;
    double expected = expected_progress(cy->start, cy->end, s->now / 86400);
    for (size_t i = 0; i < objs.n; i++) {
        v->objectives += o[i].state != OBJ_DROPPED; /* as the health score counts them */
    }
    /* Key results at risk, and each person's discipline (their worst key result's). */
    int64_t max_user = users.n ? ((const struct user *)users.items)[users.n - 1].id : 0;
    unsigned char *disc = arena_alloc(s->a, (size_t)max_user + 1); /* 0: no KR, else 1 + disc */
    struct cand *cands = arena_alloc(s->a, (krs.n ? krs.n : 1) * sizeof *cands);
    size_t ncand = 0;
    for (size_t i = 0; i < krs.n; i++) {
        size_t oi = find_obj(o, objs.n, k[i].objective_id);
        if (oi == SIZE_MAX || o[oi].state != OBJ_ACTIVE) {
            continue;
        }
        v->krs++;
        double p = kr_progress(&k[i]);
        int st = (int)progress_status(p, expected, k[i].confidence);
        if (st != STATUS_ON_TRACK) {
            cands[ncand++] = (struct cand){.kr = i, .obj = oi, .gap = p - expected, .status = st};
        }
        int64_t who = k[i].owner_user_id ? k[i].owner_user_id : o[oi].owner_user_id;
        if (who > 0 && who <= max_user && cy->state == CYCLE_ACTIVE) {
            enum discipline d = checkin_discipline(k[i].updated, s->now);
            int cur = disc[who];
            disc[who] =
                (unsigned char)(1 + (cur ? discipline_worse((enum discipline)(cur - 1), d) : d));
        }
    }
    v->risks_total = ncand;
    if (ncand > 1) {
        qsort(cands, ncand, sizeof *cands, cand_order);
    }
    v->nrisks = ncand < DASH_RISK_KEPT ? ncand : DASH_RISK_KEPT;
    v->risks = arena_alloc(s->a, (v->nrisks ? v->nrisks : 1) * sizeof *v->risks);
    for (size_t i = 0; i < v->nrisks; i++) {
        const struct key_result *kr = &k[cands[i].kr];
        const struct objective *ob = &o[cands[i].obj];
        int64_t who = kr->owner_user_id ? kr->owner_user_id : ob->owner_user_id;
        v->risks[i] = (struct dash_risk){
            .kr_id = kr->id,
            .objective_id = ob->id,
            .kr_title = kr->title,
            .objective_title = ob->title,
            .owner_name = who ? name_in(&users, who) : team_in(&teams, ob->owner_team_id),
            .owner_user_id = ob->owner_user_id,
            .owner_team_id = ob->owner_team_id,
            .visibility = ob->visibility,
            .progress = cands[i].gap + expected,
            .confidence = kr->confidence,
            .status = cands[i].status,
        };
    }
    for (int64_t u = 1; u <= max_user; u++) {
        if (disc[u]) {
            v->discipline[disc[u] - 1]++;
        }
    }
    /* Per team: its members who have key results this cycle. */
    const struct team *t = teams.items;
    struct dash_team *dt = arena_alloc(s->a, (teams.n ? teams.n : 1) * sizeof *dt);
    for (size_t i = 0; i < teams.n; i++) {
        dt[i] = (struct dash_team){.team_id = t[i].id, .name = t[i].name};
    }
    const struct membership *m = members.items;
    for (size_t i = 0; i < members.n; i++) {
        int64_t u = m[i].user_id;
        if (u <= 0 || u > max_user || !disc[u]) {
            continue;
        }
        size_t lo = 0, hi = teams.n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (t[mid].id < m[i].team_id) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo < teams.n && t[lo].id == m[i].team_id) {
            dt[lo].count[disc[u] - 1]++;
        }
    }
    size_t nt = 0;
    for (size_t i = 0; i < teams.n; i++) {
        if (dt[i].count[0] + dt[i].count[1] + dt[i].count[2]) {
            dt[nt++] = dt[i];
        }
    }
    v->teams_total = nt;
    if (nt > 1) {
        qsort(dt, nt, sizeof *dt, team_order);
    }
    v->teams = dt;
    v->nteams = nt < DASH_TEAMS_SHOWN ? nt : DASH_TEAMS_SHOWN;
    /* Final scores of the last closed cycle. */
    const struct objective *co = closed.items;
    for (size_t i = 0; i < closed.n; i++) {
        if (co[i].state != OBJ_DROPPED) {
            v->bins[score_bin(co[i].final_score, DASH_BINS)]++;
        }
    }
    /* The coach: only its program-wide figures (the health score and the rules that cost the
     * most) are kept, which do not depend on who asks: run as the operator, which also spares
     * a per-finding visibility check of every finding. */
    struct svc op = *s;
    op.actor = (struct actor){.system = true};
    op.rel = NULL;
    struct coach_view cv;
    rc = svc_coach_cycle(&op, cy->id, COACH_LANG_AUTO, &cv, err);
    if (rc != ERR_OK) {
        return rc;
    }
    v->health = cv.report.health;
    v->ntop = cv.report.ntop < DASH_RULES_SHOWN ? cv.report.ntop : DASH_RULES_SHOWN;
    memcpy(v->top, cv.report.top, v->ntop * sizeof v->top[0]);
    return ERR_OK;
}

/* Copies the snapshot part of src into dst with its text in a. */
static void copy_snapshot(struct view_dashboard *dst, const struct view_dashboard *src,
                          struct arena *a)
{
    dst->computed_at = src->computed_at;
    dst->objectives = src->objectives;
    dst->krs = src->krs;
    dst->risks_total = src->risks_total;
    memcpy(dst->discipline, src->discipline, sizeof dst->discipline);
    dst->teams_total = src->teams_total;
    dst->closed = src->closed;
    dst->closed.name = arena_strdup(a, src->closed.name ? src->closed.name : "");
    memcpy(dst->bins, src->bins, sizeof dst->bins);
    dst->health = src->health;
    dst->ntop = src->ntop;
    memcpy(dst->top, src->top, sizeof dst->top);
    dst->nrisks = src->nrisks;
    dst->risks = arena_alloc(a, (src->nrisks ? src->nrisks : 1) * sizeof *dst->risks);
    for (size_t i = 0; i < src->nrisks; i++) {
        dst->risks[i] = src->risks[i];
        dst->risks[i].kr_title = arena_strdup(a, src->risks[i].kr_title);
        dst->risks[i].objective_title = arena_strdup(a, src->risks[i].objective_title);
        dst->risks[i].owner_name = arena_strdup(a, src->risks[i].owner_name);
    }
    dst->nteams = src->nteams;
    dst->teams = arena_alloc(a, (src->nteams ? src->nteams : 1) * sizeof *dst->teams);
    for (size_t i = 0; i < src->nteams; i++) {
        dst->teams[i] = src->teams[i];
        dst->teams[i].name = arena_strdup(a, src->teams[i].name);
    }
}

/* ---- the snapshot cache (large cycles only) ---- */

enum { CACHE_SLOTS = 8 };

static struct {
    pthread_mutex_t lock;
    struct slot {
        bool used;
        bool refreshing; /* one request is computing a new snapshot: the others get this one */
        int64_t tenant_id, cycle_id, tenant_created, cycle_created;
        struct arena a;
        struct view_dashboard snap;
    } slot[CACHE_SLOTS];
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static bool same_key(const struct slot *sl, int64_t tenant_id, int64_t tenant_created,
                     const struct cycle *cy)
{
    return sl->used && sl->tenant_id == tenant_id && sl->tenant_created == tenant_created &&
           sl->cycle_id == cy->id && sl->cycle_created == cy->created;
}

/* A snapshot for the key: a fresh one; or an expired one while another request computes its
 * successor (one computation at a time, not one per request). False: the caller computes (and
 * has taken the refresh of an expired entry: cache_put or cache_release ends it). */
static bool cache_get(struct svc *s, int64_t tenant_created, const struct cycle *cy,
                      struct view_dashboard *out)
{
    bool hit = false;
    pthread_mutex_lock(&cache.lock);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        struct slot *sl = &cache.slot[i];
        if (!same_key(sl, s->tenant_id, tenant_created, cy)) {
            continue;
        }
        bool fresh =
            s->now >= sl->snap.computed_at && s->now - sl->snap.computed_at < DASH_CACHE_TTL_S;
        if (fresh || sl->refreshing) {
            copy_snapshot(out, &sl->snap, s->a);
            hit = true;
        } else {
            sl->refreshing = true;
        }
    }
    pthread_mutex_unlock(&cache.lock);
    return hit;
}

/* Gives up a refresh taken by cache_get (the computation failed). */
static void cache_release(struct svc *s, int64_t tenant_created, const struct cycle *cy)
{
    pthread_mutex_lock(&cache.lock);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        if (same_key(&cache.slot[i], s->tenant_id, tenant_created, cy)) {
            cache.slot[i].refreshing = false;
        }
    }
    pthread_mutex_unlock(&cache.lock);
}

static void cache_put(struct svc *s, int64_t tenant_created, const struct cycle *cy,
                      const struct view_dashboard *snap)
{
    pthread_mutex_lock(&cache.lock);
    struct slot *sl = NULL;
    for (size_t i = 0; i < CACHE_SLOTS && !sl; i++) {
        if (same_key(&cache.slot[i], s->tenant_id, tenant_created, cy) || !cache.slot[i].used) {
            sl = &cache.slot[i];
        }
    }
    for (size_t i = 0; !sl && i < CACHE_SLOTS; i++) { /* full: replace the oldest */
        if (!sl || cache.slot[i].snap.computed_at < sl->snap.computed_at) {
            sl = &cache.slot[i];
        }
    }
    if (sl->used) {
        arena_free(&sl->a);
    }
    arena_init(&sl->a, 0);
    memset(&sl->snap, 0, sizeof sl->snap);
    copy_snapshot(&sl->snap, snap, &sl->a);
    sl->used = true;
    sl->refreshing = false;
    sl->tenant_id = s->tenant_id;
    sl->tenant_created = tenant_created;
    sl->cycle_id = cy->id;
    sl->cycle_created = cy->created;
    pthread_mutex_unlock(&cache.lock);
}

/* ---- the use-case ---- */

/* The candidates the actor may see, worst first, at most DASH_RISK_SHOWN (in a transaction). */
static void keep_visible_risks(struct svc *s, struct view_dashboard *v)
{
    size_t kept = 0;
    for (size_t i = 0; i < v->nrisks && kept < DASH_RISK_SHOWN; i++) {
        struct objective o;
        meta_init(&entity_objective, &o);
        o.tenant_id = s->tenant_id;
        o.id = v->risks[i].objective_id;
        o.owner_user_id = v->risks[i].owner_user_id;
        o.owner_team_id = v->risks[i].owner_team_id;
        o.visibility = v->risks[i].visibility;
        if (policy_can_read(s, &entity_objective, &o)) {
            v->risks[kept++] = v->risks[i];
        }
    }
    v->nrisks = kept;
}

enum err_code svc_view_dashboard(struct svc *s, int64_t cycle_id, struct view_dashboard *out,
                                 struct err *err)
{
    memset(out, 0, sizeof *out);
    out->health = NAN;
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct tenant t;
    enum err_code rc = store_get(s->st, &entity_tenant, s->tenant_id, s->tenant_id, &t, s->a, err);
    if (rc == ERR_OK) {
        rc = view_load_cycles(s, cycle_id, &out->cycles, err);
    }
    const struct cycle *cy = out->cycles.current;
    if (rc == ERR_OK && cy) {
        out->expected = expected_progress(cy->start, cy->end, s->now / 86400);
        rc = load_progress(s, cy->id, out, err);
    }
    rc = svc_finish(s, rc, err);
    if (rc != ERR_OK || !cy) {
        return rc;
    }
    if (cache_get(s, t.created, cy, out)) {
        out->cached = true;
    } else {
        /* The whole cycle is read into an arena of its own, freed once the figures are out. */
        struct arena tmp;
        arena_init(&tmp, 0);
        struct svc big = *s;
        big.a = &tmp;
        struct view_dashboard snap;
        memset(&snap, 0, sizeof snap);
        rc = compute_snapshot(&big, &out->cycles, &snap, err);
        if (rc == ERR_OK) {
            copy_snapshot(out, &snap, s->a);
        }
        if (rc == ERR_OK && snap.objectives > DASH_CACHE_MIN_OBJECTIVES) {
            cache_put(s, t.created, cy, &snap);
        } else {
            cache_release(s, t.created, cy);
        }
        arena_free(&tmp);
        if (rc != ERR_OK) {
            return rc;
        }
    }
    /* Only the at-risk key results the actor may see. */
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    keep_visible_risks(s, out);
    return svc_finish(s, ERR_OK, err);
}
