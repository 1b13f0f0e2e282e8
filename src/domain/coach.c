/* The coach's rules over a cycle: index the input once (hash maps from ids to indices, lists
 * grouped by owner), check each objective and key result, then the owners and the program, and
 * finish the report (dismissals apart, sorted by owner, counts, health score, costly rules).
 * Every pass is linear in its input except the sort; text comparisons (C1, C2) look only at
 * one owner's key results of the previous cycle, behind a length and character-set filter. */
#include "coach.h"

#include "core/num.h"
#include "core/timefmt.h"
#include "progress.h"
#include "score.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX
#define EPS 1e-9

enum {
    DAY = 86400,
    F1_WARN = 5, /* more than this many objectives: a warning */
    F1_INFO = 4, /* from this many: info */
    KRS_MIN = 2, /* F2 */
    KRS_MAX = 5,
    A1_DAYS = 7,      /* a take-on request waits at most a week */
    R1_DAYS = 14,     /* a key result goes at most two weeks without a check-in */
    C3_CYCLES = 2,    /* a KPI healthy this many cycles back is business as usual */
    C3_LOOK_BACK = 4, /* cycles of KPI history counted for the message */
    MAX_TEXT = 512,
};

static const double R2_HIGH = 0.7;       /* confidence counted as high */
static const double R2_BEHIND = 0.25;    /* progress this far under the expected line */
static const double C3_OVERLAP = 0.6;    /* share of the KPI's name the key result repeats */
static const double HEALTH_BUDGET = 3.0; /* points per objective that bring the score to 0 */

static const struct coach_rule_info rules[COACH_RULES] = {
    [COACH_S1] = {"S1", COACH_WARNING, FAMILY_STRATEGY, SUBJ_OBJECTIVE},
    [COACH_S2] = {"S2", COACH_WARNING, FAMILY_STRATEGY, SUBJ_OBJECTIVE},
    [COACH_S3] = {"S3", COACH_INFO, FAMILY_STRATEGY, SUBJ_THEME},
    [COACH_S4] = {"S4", COACH_WARNING, FAMILY_STRATEGY, SUBJ_TENANT},
    [COACH_F1] = {"F1", COACH_WARNING, FAMILY_FOCUS, SUBJ_USER},
    [COACH_F2] = {"F2", COACH_WARNING, FAMILY_FOCUS, SUBJ_OBJECTIVE},
    [COACH_F3] = {"F3", COACH_ERROR, FAMILY_FOCUS, SUBJ_OBJECTIVE},
    [COACH_C1] = {"C1", COACH_WARNING, FAMILY_CHALLENGE, SUBJ_KEY_RESULT},
    [COACH_C2] = {"C2", COACH_WARNING, FAMILY_CHALLENGE, SUBJ_KEY_RESULT},
    [COACH_C3] = {"C3", COACH_WARNING, FAMILY_CHALLENGE, SUBJ_KEY_RESULT},
    [COACH_C4] = {"C4", COACH_WARNING, FAMILY_CHALLENGE, SUBJ_KEY_RESULT},
    [COACH_C5] = {"C5", COACH_INFO, FAMILY_CHALLENGE, SUBJ_USER},
    [COACH_C6] = {"C6", COACH_ERROR, FAMILY_CHALLENGE, SUBJ_OBJECTIVE},
    [COACH_M1] = {"M1", COACH_ERROR, FAMILY_MEASURABILITY, SUBJ_KEY_RESULT},
    [COACH_M2] = {"M2", COACH_WARNING, FAMILY_MEASURABILITY, SUBJ_KEY_RESULT},
    [COACH_M3] = {"M3", COACH_WARNING, FAMILY_MEASURABILITY, SUBJ_OBJECTIVE},
    [COACH_A1] = {"A1", COACH_WARNING, FAMILY_ALIGNMENT_RHYTHM, SUBJ_REQUEST},
    [COACH_A2] = {"A2", COACH_INFO, FAMILY_ALIGNMENT_RHYTHM, SUBJ_KEY_RESULT},
    [COACH_R1] = {"R1", COACH_WARNING, FAMILY_ALIGNMENT_RHYTHM, SUBJ_KEY_RESULT},
    [COACH_R2] = {"R2", COACH_WARNING, FAMILY_ALIGNMENT_RHYTHM, SUBJ_KEY_RESULT},
};

static const char *const severity_names[] = {"error", "warning", "info"};
static const char *const family_names[] = {"strategy", "focus", "challenge", "measurability",
                                           "alignment_rhythm"};
static const char *const subject_names[] = {"tenant", "theme", "objective", "key_result",
                                            "user",   "team",  "request"};

const struct coach_rule_info *coach_rule_info(enum coach_rule r)
{
    return &rules[r];
}

int coach_rule_parse(const char *id)
{
    if (!id || !id[0] || !id[1] || id[2]) {
        return -1;
    }
    for (int r = 0; r < COACH_RULES; r++) {
        if ((id[0] | 0x20) == (rules[r].id[0] | 0x20) && id[1] == rules[r].id[1]) {
            return r;
        }
    }
    return -1;
}

const char *coach_severity_name(enum coach_severity s)
{
    return s < COACH_SEVERITIES ? severity_names[s] : "?";
}

const char *coach_family_name(enum coach_family f)
{
    return f < COACH_FAMILIES ? family_names[f] : "?";
}

const char *coach_subject_name(enum coach_subject s)
{
    return s < COACH_SUBJECTS ? subject_names[s] : "?";
}

int coach_subject_parse(const char *name)
{
    for (int s = 0; name && s < COACH_SUBJECTS; s++) {
        if (strcmp(name, subject_names[s]) == 0) {
            return s;
        }
    }
    return -1;
}

enum coach_lang coach_lang_parse(const char *locale)
{
    return locale && (locale[0] | 0x20) == 'z' && (locale[1] | 0x20) == 'h' &&
                   (locale[2] == '\0' || locale[2] == '-' || locale[2] == '_')
               ? COACH_ZH
               : COACH_EN;
}

double coach_points(enum coach_severity s)
{
    return s == COACH_ERROR ? 3.0 : s == COACH_WARNING ? 1.0 : 0.25;
}

/* ---- hash maps and groups ---- */

/* Open addressing from a non-zero int64 key to an index. */
struct map {
    int64_t *keys;
    uint32_t *vals;
    size_t mask;
};

static void map_init(struct map *m, struct arena *a, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 2) {
        cap <<= 1;
    }
    m->keys = arena_alloc(a, cap * sizeof *m->keys);
    m->vals = arena_alloc(a, cap * sizeof *m->vals);
    m->mask = cap - 1;
}

static size_t map_slot(const struct map *m, int64_t key)
{
    uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15ULL;
    size_t i = (size_t)(h ^ (h >> 31)) & m->mask;
    while (m->keys[i] != 0 && m->keys[i] != key) {
        i = (i + 1) & m->mask;
    }
    return i;
}

/* Keeps the first value given for a key. */
static void map_put(struct map *m, int64_t key, uint32_t v)
{
    if (!key) {
        return;
    }
    size_t i = map_slot(m, key);
    if (m->keys[i] == 0) {
        m->keys[i] = key;
        m->vals[i] = v;
    }
}

static uint32_t map_get(const struct map *m, int64_t key)
{
    if (!key || !m->keys) {
        return NONE;
    }
    size_t i = map_slot(m, key);
    return m->keys[i] == key ? m->vals[i] : NONE;
}

/* Items grouped under int64 keys: the items of key k are items[first[g] .. first[g + 1]) where
 * g = map_get(&index, k). An item may sit under several keys. */
struct groups {
    struct map index;
    uint32_t *first, *items;
};

struct pair {
    int64_t key;
    uint32_t item;
};

static void groups_build(struct groups *g, struct arena *a, const struct pair *pairs, size_t n)
{
    map_init(&g->index, a, n);
    uint32_t *gid = arena_alloc(a, (n + 1) * sizeof *gid);
    uint32_t ngroups = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t k = map_get(&g->index, pairs[i].key);
        if (k == NONE && pairs[i].key) {
            k = ngroups++;
            map_put(&g->index, pairs[i].key, k);
        }
        gid[i] = k;
    }
    g->first = arena_alloc(a, ((size_t)ngroups + 2) * sizeof *g->first);
    for (size_t i = 0; i < n; i++) {
        if (gid[i] != NONE) {
            g->first[gid[i] + 1]++;
        }
    }
    for (uint32_t k = 0; k < ngroups; k++) {
        g->first[k + 1] += g->first[k];
    }
    g->items = arena_alloc(a, ((size_t)g->first[ngroups] + 1) * sizeof *g->items);
    uint32_t *fill = arena_alloc(a, ((size_t)ngroups + 1) * sizeof *fill);
    memcpy(fill, g->first, (size_t)ngroups * sizeof *fill);
    for (size_t i = 0; i < n; i++) {
        if (gid[i] != NONE) {
            g->items[fill[gid[i]]++] = pairs[i].item;
        }
    }
}

/* The items of key: sets *from and *to (empty when the key has none). */
static void group_of(const struct groups *g, int64_t key, uint32_t *from, uint32_t *to)
{
    uint32_t k = map_get(&g->index, key);
    *from = k == NONE ? 0 : g->first[k];
    *to = k == NONE ? 0 : g->first[k + 1];
}

/* Owners as one key: a user, a team, or the company. */
static int64_t user_key(int64_t user)
{
    return user * 4 + 1;
}

static int64_t team_key(int64_t team)
{
    return team * 4 + 2;
}

enum { COMPANY_KEY = 3 };

static int64_t owner_key(int64_t user, int64_t team)
{
    return user ? user_key(user) : team ? team_key(team) : COMPANY_KEY;
}

/* ---- text signatures (C1, C2) ---- */

/* A normalised title's length, hash and character set, to skip most comparisons cheaply. */
struct sig {
    uint32_t len, done;
    uint64_t hash, bloom;
};

static void sig_of(struct sig *s, const char *title)
{
    if (s->done) {
        return;
    }
    uint32_t cps[MAX_TEXT];
    size_t n = coach_normalize(title, cps, MAX_TEXT);
    uint64_t h = 1469598103934665603ULL, bloom = 0;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ cps[i]) * 1099511628211ULL;
        bloom |= 1ULL << ((cps[i] * 2654435761u) >> 26);
    }
    s->len = (uint32_t)n;
    s->hash = h;
    s->bloom = bloom;
    s->done = 1;
}

/* The same text as coach_same_text, with the signatures as a first filter: each edit changes at
 * most two bits of the character set. */
static bool sig_same(const struct sig *x, const char *a, const struct sig *y, const char *b)
{
    if (x->len == 0 || y->len == 0) {
        return false;
    }
    if (x->len == y->len && x->hash == y->hash) {
        return true;
    }
    size_t slack = coach_same_text_slack(x->len, y->len);
    size_t diff = x->len > y->len ? x->len - y->len : y->len - x->len;
    if (slack == 0 || diff > slack ||
        (size_t)__builtin_popcountll(x->bloom ^ y->bloom) > 2 * slack) {
        return false;
    }
    uint32_t p[MAX_TEXT], q[MAX_TEXT];
    size_t np = coach_normalize(a, p, MAX_TEXT), nq = coach_normalize(b, q, MAX_TEXT);
    return coach_edit_distance(p, np, q, nq, slack) <= slack;
}

/* ---- the run ---- */

struct ctx {
    const struct coach_input *in;
    struct arena *a;
    struct coach_finding *f;
    size_t n, cap;
    struct map objs, krs, parent_krs, users, teams;
    uint32_t *kr_first, *kr_list; /* key results of each objective (by index) */
    unsigned char *taken;         /* [nkrs]: some objective aligns to the key result */
    unsigned char *asked;         /* [nkrs]: a take-on request for it is pending */
    uint32_t *reports;            /* [nusers]: direct reports */
    uint32_t *members;            /* [nteams]: members, and 1 more if it has sub-teams */
    unsigned char *leads;         /* [nusers]: leads a team that has members */
    /* History (C1, C2). */
    struct map prev_objs;
    struct groups prev_by_owner;
    struct sig *sig, *prev_sig;
    /* KPIs (C3). */
    struct groups kpi_by_owner;
    struct groups teams_of_user; /* teams of each user: memberships and leads (team_of_item) */
    uint8_t *kpi_healthy;        /* [nkpis]: consecutive healthy cycles before this one */
    bool any_healthy;
};

static struct coach_finding *push(struct ctx *c, enum coach_rule rule, enum coach_subject subject,
                                  int64_t id, const char *title)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->f = xrealloc(c->f, c->cap * sizeof *c->f);
    }
    struct coach_finding *f = &c->f[c->n++];
    memset(f, 0, sizeof *f);
    f->rule = (uint8_t)rule;
    f->severity = (uint8_t)rules[rule].severity;
    f->subject = (uint8_t)subject;
    f->text = (uint8_t)rule;
    f->kr_index = -1;
    f->subject_id = id;
    f->title = title ? title : "";
    return f;
}

static struct coach_finding *on_objective(struct ctx *c, enum coach_rule rule,
                                          const struct objective *o)
{
    struct coach_finding *f = push(c, rule, SUBJ_OBJECTIVE, o->id, o->title);
    f->owner_user_id = o->owner_user_id;
    f->owner_team_id = o->owner_user_id ? 0 : o->owner_team_id;
    f->objective_id = o->id;
    return f;
}

static struct coach_finding *on_kr(struct ctx *c, enum coach_rule rule, const struct objective *o,
                                   size_t ki)
{
    const struct key_result *kr = &c->in->krs[ki];
    struct coach_finding *f = push(c, rule, SUBJ_KEY_RESULT, kr->id, kr->title);
    if (kr->owner_user_id) {
        f->owner_user_id = kr->owner_user_id;
    } else {
        f->owner_user_id = o->owner_user_id;
        f->owner_team_id = o->owner_user_id ? 0 : o->owner_team_id;
    }
    f->objective_id = o->id;
    f->kr_index = (int32_t)ki;
    return f;
}

static bool blank(const char *s)
{
    for (; s && *s; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
            return false;
        }
    }
    return true;
}

static bool goes_up(int direction)
{
    return direction == DIR_INCREASE || direction == DIR_AT_LEAST;
}

static bool same_number(double x, double y)
{
    double scale = fabs(x) > 1.0 ? fabs(x) : 1.0;
    return fabs(x - y) <= EPS * scale;
}

static bool cycle_open(const struct cycle *cy)
{
    return cy && (cy->state == CYCLE_PLANNING || cy->state == CYCLE_ACTIVE);
}

/* A score given to an objective: the final score, else (once grading) manager's or self. */
static double score_of(const struct objective *o, const struct cycle *cy)
{
    if (!isnan(o->final_score)) {
        return o->final_score;
    }
    if (cy && (cy->state == CYCLE_GRADING || cy->state == CYCLE_CLOSED)) {
        return score_final_default(o);
    }
    return NAN;
}

static void index_current(struct ctx *c)
{
    const struct coach_input *in = c->in;
    map_init(&c->objs, c->a, in->nobjs);
    for (size_t i = 0; i < in->nobjs; i++) {
        map_put(&c->objs, in->objs[i].id, (uint32_t)i);
    }
    map_init(&c->krs, c->a, in->nkrs);
    c->kr_first = arena_alloc(c->a, (in->nobjs + 2) * sizeof *c->kr_first);
    c->kr_list = arena_alloc(c->a, (in->nkrs + 1) * sizeof *c->kr_list);
    uint32_t *owner = arena_alloc(c->a, (in->nkrs + 1) * sizeof *owner);
    for (size_t i = 0; i < in->nkrs; i++) {
        map_put(&c->krs, in->krs[i].id, (uint32_t)i);
        owner[i] = map_get(&c->objs, in->krs[i].objective_id);
        if (owner[i] != NONE) {
            c->kr_first[owner[i] + 1]++;
        }
    }
    for (size_t o = 0; o < in->nobjs; o++) {
        c->kr_first[o + 1] += c->kr_first[o];
    }
    uint32_t *fill = arena_alloc(c->a, (in->nobjs + 1) * sizeof *fill);
    memcpy(fill, c->kr_first, in->nobjs * sizeof *fill);
    for (size_t i = 0; i < in->nkrs; i++) {
        if (owner[i] != NONE) {
            c->kr_list[fill[owner[i]]++] = (uint32_t)i;
        }
    }
    map_init(&c->parent_krs, c->a, in->nparent_krs);
    for (size_t i = 0; i < in->nparent_krs; i++) {
        map_put(&c->parent_krs, in->parent_krs[i].id, (uint32_t)i);
    }
    /* Who aligns to which key result, and what has been asked. */
    c->taken = arena_alloc(c->a, in->nkrs + 1);
    c->asked = arena_alloc(c->a, in->nkrs + 1);
    for (int pass = 0; pass < 2; pass++) {
        const struct objective *list = pass ? in->aligned : in->objs;
        size_t n = pass ? in->naligned : in->nobjs;
        for (size_t i = 0; i < n; i++) {
            uint32_t k = map_get(&c->krs, list[i].parent_kr_id);
            if (k != NONE && list[i].state != OBJ_DROPPED) {
                c->taken[k] = 1;
            }
        }
    }
    for (size_t i = 0; i < in->nrequests; i++) {
        uint32_t k = map_get(&c->krs, in->requests[i].kr_id);
        if (k != NONE && in->requests[i].state == REQ_PENDING) {
            c->asked[k] = 1;
        }
    }
    /* People and teams: names, reports, members, leads. */
    map_init(&c->users, c->a, in->nusers);
    for (size_t i = 0; i < in->nusers; i++) {
        map_put(&c->users, in->users[i].id, (uint32_t)i);
    }
    map_init(&c->teams, c->a, in->nteams);
    for (size_t i = 0; i < in->nteams; i++) {
        map_put(&c->teams, in->teams[i].id, (uint32_t)i);
    }
    c->reports = arena_alloc(c->a, (in->nusers + 1) * sizeof *c->reports);
    c->members = arena_alloc(c->a, (in->nteams + 1) * sizeof *c->members);
    c->leads = arena_alloc(c->a, in->nusers + 1);
    for (size_t i = 0; i < in->nusers; i++) {
        uint32_t m = map_get(&c->users, in->users[i].manager_id);
        if (m != NONE && in->users[i].active) {
            c->reports[m]++;
        }
    }
    for (size_t i = 0; i < in->nmemberships; i++) {
        uint32_t t = map_get(&c->teams, in->memberships[i].team_id);
        if (t != NONE && in->memberships[i].user_id != in->teams[t].lead_id) {
            c->members[t]++;
        }
    }
    for (size_t i = 0; i < in->nteams; i++) {
        uint32_t p = map_get(&c->teams, in->teams[i].parent_id);
        if (p != NONE) {
            c->members[p]++;
        }
    }
    for (size_t i = 0; i < in->nteams; i++) {
        uint32_t u = map_get(&c->users, in->teams[i].lead_id);
        if (u != NONE && c->members[i] > 0) {
            c->leads[u] = 1;
        }
    }
}

static bool has_people(const struct ctx *c, int64_t user)
{
    uint32_t u = map_get(&c->users, user);
    return u != NONE && (c->reports[u] > 0 || c->leads[u]);
}

/* True when whoever carries kr (its owner, else its objective's) is a superior: someone with
 * people who could take it on (A2). A key result handed to a report is taken on already. */
static bool superior_kr(const struct ctx *c, const struct objective *o, const struct key_result *kr)
{
    if (kr->owner_user_id && kr->owner_user_id != o->owner_user_id) {
        return has_people(c, kr->owner_user_id);
    }
    if (o->owner_user_id) {
        return has_people(c, o->owner_user_id);
    }
    if (o->owner_team_id) {
        uint32_t t = map_get(&c->teams, o->owner_team_id);
        return t != NONE && c->members[t] > 0;
    }
    return c->in->nusers > 1;
}

static void index_history(struct ctx *c)
{
    const struct coach_input *in = c->in;
    c->sig = arena_alloc(c->a, (in->nkrs + 1) * sizeof *c->sig);
    if (!in->nprev_krs) {
        return;
    }
    c->prev_sig = arena_alloc(c->a, (in->nprev_krs + 1) * sizeof *c->prev_sig);
    map_init(&c->prev_objs, c->a, in->nprev_objs);
    for (size_t i = 0; i < in->nprev_objs; i++) {
        map_put(&c->prev_objs, in->prev_objs[i].id, (uint32_t)i);
    }
    struct pair *pairs = arena_alloc(c->a, (2 * in->nprev_krs + 1) * sizeof *pairs);
    size_t n = 0;
    for (size_t i = 0; i < in->nprev_krs; i++) {
        const struct key_result *kr = &in->prev_krs[i];
        uint32_t oi = map_get(&c->prev_objs, kr->objective_id);
        if (oi == NONE || in->prev_objs[oi].state == OBJ_DROPPED) {
            continue;
        }
        const struct objective *o = &in->prev_objs[oi];
        int64_t ok = owner_key(o->owner_user_id, o->owner_team_id);
        pairs[n++] = (struct pair){ok, (uint32_t)i};
        if (kr->owner_user_id && user_key(kr->owner_user_id) != ok) {
            pairs[n++] = (struct pair){user_key(kr->owner_user_id), (uint32_t)i};
        }
    }
    groups_build(&c->prev_by_owner, c->a, pairs, n);
}

/* C1, C2: the key result against its owner's key results of the previous cycle (C1: the same
 * words and target; C2: the same metric, and a target that does not pass what was achieved,
 * which a copied key result can also show). Returns true when C1 fired. */
static bool check_history(struct ctx *c, const struct objective *o, size_t ki, bool c2_allowed)
{
    const struct coach_input *in = c->in;
    const struct key_result *kr = &in->krs[ki];
    bool up = goes_up(kr->direction);
    /* Holding a level is no stretch, unless the way is new (the new equipment's zero incidents:
     * DESIGN.md section 1, point 3). */
    bool holds =
        same_number(kr->target, kr->start) && (coach_novelty(o->title) || coach_novelty(kr->title));
    if (kr->type == KR_METRIC && c2_allowed && !holds &&
        (up ? kr->target <= kr->start + EPS : kr->target >= kr->start - EPS)) {
        struct coach_finding *f = on_kr(c, COACH_C2, o, ki);
        f->text = up ? COACH_C2 : TEXT_C2_DOWN;
        f->num[0] = kr->target;
        f->num[1] = kr->start;
        c2_allowed = false;
    }
    if (!in->nprev_krs) {
        return false;
    }
    int64_t keys[2] = {owner_key(o->owner_user_id, o->owner_team_id),
                       kr->owner_user_id ? user_key(kr->owner_user_id) : 0};
    const struct key_result *same_metric = NULL;
    bool copied = false;
    for (int k = 0; k < 2 && !copied; k++) {
        uint32_t from, to;
        if (!keys[k] || (k == 1 && keys[1] == keys[0])) {
            continue;
        }
        group_of(&c->prev_by_owner, keys[k], &from, &to);
        for (uint32_t g = from; g < to && !copied; g++) {
            uint32_t pi = c->prev_by_owner.items[g];
            const struct key_result *p = &in->prev_krs[pi];
            if (p->type != kr->type) {
                continue;
            }
            bool same_target = kr->type == KR_MILESTONE ||
                               (same_number(p->target, kr->target) && goes_up(p->direction) == up);
            bool metric_peer = kr->type == KR_METRIC && goes_up(p->direction) == up &&
                               coach_same_unit(p->unit, kr->unit) && !same_metric;
            if (!same_target && !metric_peer) {
                continue;
            }
            sig_of(&c->sig[ki], kr->title);
            sig_of(&c->prev_sig[pi], p->title);
            if (!sig_same(&c->sig[ki], kr->title, &c->prev_sig[pi], p->title) ||
                (kr->type == KR_MILESTONE && !coach_same_figures(kr->title, p->title))) {
                continue;
            }
            if (same_target) {
                struct coach_finding *f = on_kr(c, COACH_C1, o, ki);
                f->arg = p->title;
                f->text = kr->type == KR_MILESTONE ? TEXT_C1_MILESTONE : COACH_C1;
                copied = true;
            }
            same_metric = kr->type == KR_METRIC ? p : NULL;
        }
    }
    if (same_metric && c2_allowed &&
        (up ? kr->target <= same_metric->current + EPS
            : kr->target >= same_metric->current - EPS)) {
        struct coach_finding *f = on_kr(c, COACH_C2, o, ki);
        f->text = up ? TEXT_C2_PREV : TEXT_C2_PREV_DOWN;
        f->num[0] = kr->target;
        f->num[1] = same_metric->current;
    }
    return copied;
}

/* ---- KPIs (C3) ---- */

static void index_kpis(struct ctx *c)
{
    const struct coach_input *in = c->in;
    c->kpi_healthy = arena_alloc(c->a, in->nkpis + 1);
    if (!in->nkpis || !in->cycle || in->cycle->start == DATE_NONE ||
        in->cycle->end < in->cycle->start) {
        return;
    }
    struct map kmap;
    map_init(&kmap, c->a, in->nkpis);
    for (size_t i = 0; i < in->nkpis; i++) {
        map_put(&kmap, in->kpis[i].id, (uint32_t)i);
    }
    /* Per KPI and window back (1 = the cycle before this one): values seen, and unhealthy. */
    int64_t len = in->cycle->end - in->cycle->start + 1;
    unsigned char(*seen)[C3_LOOK_BACK + 1] = arena_alloc(c->a, (in->nkpis + 1) * sizeof *seen);
    unsigned char(*bad)[C3_LOOK_BACK + 1] = arena_alloc(c->a, (in->nkpis + 1) * sizeof *bad);
    for (size_t i = 0; i < in->nkpi_values; i++) {
        const struct kpi_value *v = &in->kpi_values[i];
        uint32_t k = map_get(&kmap, v->kpi_id);
        if (k == NONE || v->on == DATE_NONE || v->on >= in->cycle->start) {
            continue;
        }
        int64_t back = (in->cycle->start - 1 - v->on) / len + 1;
        if (back > C3_LOOK_BACK) {
            continue;
        }
        const struct kpi *kp = &in->kpis[k];
        bool healthy = kp->direction == DIR_AT_MOST ? v->value <= kp->threshold + EPS
                                                    : v->value >= kp->threshold - EPS;
        seen[k][back] = 1;
        bad[k][back] |= !healthy;
    }
    struct pair *pairs = arena_alloc(c->a, (in->nkpis + 1) * sizeof *pairs);
    size_t n = 0;
    for (size_t k = 0; k < in->nkpis; k++) {
        int run = 0;
        while (run < C3_LOOK_BACK && seen[k][run + 1] && !bad[k][run + 1]) {
            run++;
        }
        c->kpi_healthy[k] = (uint8_t)run;
        if (run >= C3_CYCLES) {
            c->any_healthy = true;
            const struct kpi *kp = &in->kpis[k];
            pairs[n++] =
                (struct pair){owner_key(kp->owner_user_id, kp->owner_team_id), (uint32_t)k};
        }
    }
    groups_build(&c->kpi_by_owner, c->a, pairs, n);
    /* The teams of each user: memberships, and the teams they lead. */
    struct pair *tp = arena_alloc(c->a, (in->nmemberships + in->nteams + 1) * sizeof *tp);
    size_t nt = 0;
    /* Items: a membership's index, or nmemberships + a led team's index (team_of_item). */
    for (size_t i = 0; i < in->nmemberships; i++) {
        tp[nt++] = (struct pair){user_key(in->memberships[i].user_id), (uint32_t)i};
    }
    for (size_t i = 0; i < in->nteams; i++) {
        if (in->teams[i].lead_id) {
            tp[nt++] =
                (struct pair){user_key(in->teams[i].lead_id), (uint32_t)(in->nmemberships + i)};
        }
    }
    groups_build(&c->teams_of_user, c->a, tp, nt);
}

/* The team id behind an item of teams_of_user. */
static int64_t team_of_item(const struct coach_input *in, uint32_t item)
{
    return item < in->nmemberships ? in->memberships[item].team_id
                                   : in->teams[item - in->nmemberships].id;
}

/* True when KPI k's level is what kr asks for (C3). */
static bool restates(const struct ctx *c, const struct key_result *kr, size_t k)
{
    const struct kpi *kp = &c->in->kpis[k];
    if (c->kpi_healthy[k] < C3_CYCLES || kr->type != KR_METRIC) {
        return false;
    }
    bool kpi_up = kp->direction != DIR_AT_MOST;
    /* The key result starts where the KPI is healthy and aims at its threshold: the same level,
     * written again. One that starts below the threshold improves something else. */
    bool healthy_start =
        kpi_up ? kr->start >= kp->threshold - EPS : kr->start <= kp->threshold + EPS;
    return goes_up(kr->direction) == kpi_up && healthy_start &&
           same_number(kr->target, kp->threshold) && coach_same_unit(kr->unit, kp->unit) &&
           coach_name_overlap(kp->name, kr->title) >= C3_OVERLAP;
}

/* C3: the key result restates a healthy KPI of its owner's (or an unowned one). */
static bool check_kpi(struct ctx *c, const struct objective *o, size_t ki)
{
    enum { MAX_KEYS = 16 };
    const struct coach_input *in = c->in;
    const struct key_result *kr = &in->krs[ki];
    if (!c->any_healthy || kr->type != KR_METRIC) {
        return false;
    }
    /* Whose KPIs: the company's (unowned), the owning team's, and those of the people (the
     * objective's owner, the key result's) and of their teams. */
    bool company = !o->owner_user_id && !o->owner_team_id;
    int64_t keys[MAX_KEYS];
    size_t nkeys = 0;
    keys[nkeys++] = COMPANY_KEY;
    if (o->owner_team_id && !o->owner_user_id) {
        keys[nkeys++] = team_key(o->owner_team_id);
    }
    int64_t people[2] = {o->owner_user_id, kr->owner_user_id};
    for (int p = 0; p < 2 && nkeys < MAX_KEYS; p++) {
        if (!people[p] || (p == 1 && people[1] == people[0])) {
            continue;
        }
        keys[nkeys++] = user_key(people[p]);
        uint32_t from, to;
        group_of(&c->teams_of_user, user_key(people[p]), &from, &to);
        for (uint32_t g = from; g < to && nkeys < MAX_KEYS; g++) {
            keys[nkeys++] = team_key(team_of_item(in, c->teams_of_user.items[g]));
        }
    }
    long found = -1;
    for (size_t k = 0; k < in->nkpis && company && found < 0; k++) {
        if (in->kpis[k].id != o->kpi_id && restates(c, kr, k)) {
            found = (long)k;
        }
    }
    for (size_t i = 0; i < nkeys && !company && found < 0; i++) {
        uint32_t from, to;
        group_of(&c->kpi_by_owner, keys[i], &from, &to);
        for (uint32_t g = from; g < to && found < 0; g++) {
            uint32_t k = c->kpi_by_owner.items[g];
            if (in->kpis[k].id != o->kpi_id && restates(c, kr, k)) {
                found = (long)k;
            }
        }
    }
    /* Unless the objective (or the key result) attempts something new: new equipment, a first
     * time. An objective linked to the KPI (kpi_id) sets out to improve it: not a restatement. */
    if (found < 0 || coach_novelty(o->title) || coach_novelty(kr->title)) {
        return false;
    }
    struct coach_finding *f = on_kr(c, COACH_C3, o, ki);
    f->arg = in->kpis[found].name;
    f->num[0] = c->kpi_healthy[found];
    return true;
}

/* ---- objectives and key results ---- */

static void check_kr(struct ctx *c, const struct objective *o, size_t ki)
{
    const struct coach_input *in = c->in;
    const struct key_result *kr = &in->krs[ki];
    const struct cycle *cy = in->cycle;

    bool c3 = check_kpi(c, o, ki);
    check_history(c, o, ki, !c3);

    const char *word = coach_maintenance_word(kr->title);
    if (word && !coach_states_change(kr->title)) {
        on_kr(c, COACH_C4, o, ki)->arg = word;
    }
    if ((kr->type == KR_MILESTONE && kr->due == DATE_NONE) ||
        (kr->type == KR_METRIC && kr->start == 0 && kr->target == 0 && blank(kr->unit))) {
        on_kr(c, COACH_M1, o, ki);
    }
    const char *verb = coach_activity_word(kr->title);
    if (verb && (kr->type == KR_MILESTONE ||
                 (kr->start == 0 && !coach_outcome_wording(kr->title, kr->unit)))) {
        on_kr(c, COACH_M2, o, ki)->arg = verb;
    }
    if (o->state != OBJ_ACTIVE) {
        return; /* a draft is still being written: nobody takes it on or checks in yet */
    }
    if (cycle_open(cy) && !c->taken[ki] && !c->asked[ki] && superior_kr(c, o, kr)) {
        on_kr(c, COACH_A2, o, ki);
    }
    if (!cy || cy->state != CYCLE_ACTIVE || in->today < cy->start) {
        return;
    }
    const struct coach_activity *act = in->activity ? &in->activity[ki] : NULL;
    int64_t since = cy->start * DAY;
    if (kr->created > since) {
        since = kr->created;
    }
    if (act && act->last_checkin > since) {
        since = act->last_checkin;
    }
    /* A key result already done (a milestone reached, a target met) has nothing to report. */
    if (in->now - since > (int64_t)R1_DAYS * DAY && kr_progress(kr) < 1.0 - EPS) {
        on_kr(c, COACH_R1, o, ki)->num[0] = (double)((in->now - since) / DAY);
        return;
    }
    /* R2: each of the latest check-ins (at least COACH_R2_CHECKINS) reported high confidence
     * while its own value was far behind the expected line of its day, and progress still is. */
    int nconf = act ? act->nconf : 0;
    if (nconf < COACH_R2_CHECKINS) {
        return;
    }
    double expected = expected_progress(cy->start, cy->end, in->today);
    double progress = kr_progress(kr);
    bool stayed = progress < expected - R2_BEHIND - EPS;
    for (int i = 0; stayed && i < nconf && i < COACH_HISTORY; i++) {
        stayed = act->confidence[i] >= R2_HIGH - EPS;
        if (stayed && act->at[i] > 0) {
            struct key_result then = *kr;
            then.current = act->value[i];
            int64_t day = act->at[i] / DAY;
            stayed = kr_progress(&then) <
                     expected_progress(cy->start, cy->end, day) - R2_BEHIND - EPS;
        }
    }
    if (stayed) {
        struct coach_finding *f = on_kr(c, COACH_R2, o, ki);
        f->num[0] = act->confidence[0];
        f->num[1] = progress;
        f->num[2] = expected;
    }
}

/* True when o took on a key result and kept its words: the method makes a superior's key result
 * the person's objective, figures and all (M3 does not apply). */
static bool took_on_words(const struct ctx *c, const struct objective *o)
{
    const struct coach_input *in = c->in;
    uint32_t k = map_get(&c->krs, o->parent_kr_id), p = NONE;
    const struct key_result *parent = k != NONE ? &in->krs[k] : NULL;
    if (!parent && (p = map_get(&c->parent_krs, o->parent_kr_id)) != NONE) {
        parent = &in->parent_krs[p];
    }
    return parent && coach_same_text(o->title, parent->title);
}

static void check_objective(struct ctx *c, size_t oi)
{
    const struct coach_input *in = c->in;
    const struct objective *o = &in->objs[oi];
    if (o->state == OBJ_DROPPED) {
        return;
    }
    bool company = !o->owner_user_id && !o->owner_team_id;
    if (!o->theme_id && !o->parent_objective_id && !o->parent_kr_id) {
        on_objective(c, company ? COACH_S1 : COACH_S2, o);
    }
    uint32_t nk = c->kr_first[oi + 1] - c->kr_first[oi];
    if (nk < KRS_MIN || nk > KRS_MAX) {
        struct coach_finding *f = on_objective(c, COACH_F2, o);
        f->num[0] = nk;
        f->text = nk == 0 ? TEXT_F2_NONE : nk == 1 ? TEXT_F2_ONE : COACH_F2;
    }
    /* F3: only when someone set weights (unset ones share what is left). */
    double used = 0.0, sum = 0.0;
    size_t unset = 0;
    for (uint32_t k = c->kr_first[oi]; k < c->kr_first[oi + 1]; k++) {
        double w = in->krs[c->kr_list[k]].weight;
        unset += isnan(w) ? 1u : 0u;
        used += isnan(w) ? 0.0 : w;
    }
    if (nk > 0 && unset < nk) {
        sum = unset > 0 && used < 1.0 ? 1.0 : used;
        if (fabs(sum - 1.0) > 1e-6) {
            on_objective(c, COACH_F3, o)->num[0] = round(sum * 1e6) / 1e6;
        }
    }
    const char *word = coach_maintenance_word(o->title);
    if (word && !coach_states_change(o->title)) {
        on_objective(c, COACH_C4, o)->arg = word;
    }
    char figure[64];
    if (coach_metric_figure(o->title, figure, sizeof figure) && !took_on_words(c, o)) {
        on_objective(c, COACH_M3, o)->arg = arena_strdup(c->a, figure);
    }
    double score = score_of(o, in->cycle);
    if (o->kind == KIND_COMMITTED && !isnan(score) && score < 1.0 - EPS && blank(o->postmortem)) {
        on_objective(c, COACH_C6, o)->num[0] = score;
    }
    for (uint32_t k = c->kr_first[oi]; k < c->kr_first[oi + 1]; k++) {
        check_kr(c, o, c->kr_list[k]);
    }
}

/* ---- owners (F1, C5) and the program (S3, S4, A1) ---- */

static const char *owner_name(const struct ctx *c, int64_t key)
{
    if (key == COMPANY_KEY) {
        return NULL; /* rendered as "the company" */
    }
    if ((key & 3) == 1) {
        uint32_t u = map_get(&c->users, key / 4);
        return u == NONE ? "" : c->in->users[u].name;
    }
    uint32_t t = map_get(&c->teams, key / 4);
    return t == NONE ? "" : c->in->teams[t].name;
}

static struct coach_finding *on_owner(struct ctx *c, enum coach_rule rule, int64_t key)
{
    enum coach_subject subject = key == COMPANY_KEY ? SUBJ_TENANT
                                 : (key & 3) == 1   ? SUBJ_USER
                                                    : SUBJ_TEAM;
    int64_t id = key == COMPANY_KEY ? (c->in->tenant ? c->in->tenant->id : 0) : key / 4;
    const char *name = owner_name(c, key);
    const char *title = name ? name : c->in->tenant ? c->in->tenant->name : NULL;
    struct coach_finding *f = push(c, rule, subject, id, title);
    f->arg = name;
    f->owner_user_id = subject == SUBJ_USER ? id : 0;
    f->owner_team_id = subject == SUBJ_TEAM ? id : 0;
    return f;
}

static void check_owners(struct ctx *c)
{
    const struct coach_input *in = c->in;
    struct pair *pairs = arena_alloc(c->a, (in->nobjs + 1) * sizeof *pairs);
    size_t n = 0;
    for (size_t i = 0; i < in->nobjs; i++) {
        const struct objective *o = &in->objs[i];
        if (o->state != OBJ_DROPPED) {
            pairs[n++] = (struct pair){owner_key(o->owner_user_id, o->owner_team_id), 0};
        }
    }
    struct groups g;
    groups_build(&g, c->a, pairs, n);
    for (size_t s = 0; s <= g.index.mask; s++) {
        int64_t key = g.index.keys[s];
        uint32_t count = key ? g.first[g.index.vals[s] + 1] - g.first[g.index.vals[s]] : 0;
        if (count >= F1_INFO) {
            struct coach_finding *f = on_owner(c, COACH_F1, key);
            f->num[0] = count;
            if (count <= F1_WARN) {
                f->severity = COACH_INFO;
                f->text = TEXT_F1_INFO;
            }
        }
    }
    /* C5: every scored aspirational objective of the owner at 1.0 in both closed cycles, for an
     * owner with objectives in this cycle (it is about how they set them). */
    if (!in->nclosed_objs[0] || !in->nclosed_objs[1]) {
        return;
    }
    struct map seen[2];
    uint32_t *asp[2], *full[2];
    for (int k = 0; k < 2; k++) {
        size_t m = in->nclosed_objs[k];
        map_init(&seen[k], c->a, m);
        asp[k] = arena_alloc(c->a, (m + 1) * sizeof *asp[k]);
        full[k] = arena_alloc(c->a, (m + 1) * sizeof *full[k]);
        uint32_t next = 0;
        for (size_t i = 0; i < m; i++) {
            const struct objective *o = &in->closed_objs[k][i];
            double score = isnan(o->final_score) ? score_final_default(o) : o->final_score;
            if (o->state == OBJ_DROPPED || o->kind != KIND_ASPIRATIONAL || isnan(score)) {
                continue;
            }
            int64_t key = owner_key(o->owner_user_id, o->owner_team_id);
            uint32_t slot = map_get(&seen[k], key);
            if (slot == NONE) {
                slot = next++;
                map_put(&seen[k], key, slot);
            }
            asp[k][slot]++;
            full[k][slot] += score >= 1.0 - EPS;
        }
    }
    for (size_t s = 0; s <= seen[0].mask; s++) {
        int64_t key = seen[0].keys[s];
        if (!key) {
            continue;
        }
        uint32_t a0 = seen[0].vals[s], a1 = map_get(&seen[1], key);
        if (a1 != NONE && full[0][a0] == asp[0][a0] && full[1][a1] == asp[1][a1] &&
            map_get(&g.index, key) != NONE) {
            on_owner(c, COACH_C5, key);
        }
    }
}

static void check_program(struct ctx *c, struct coach_report *out)
{
    const struct coach_input *in = c->in;
    if (in->tenant) {
        unsigned missing = (blank(in->tenant->mission) ? 1u : 0u) |
                           (blank(in->tenant->vision) ? 2u : 0u) | (in->nthemes == 0 ? 4u : 0u);
        if (missing) {
            struct coach_finding *f =
                push(c, COACH_S4, SUBJ_TENANT, in->tenant->id, in->tenant->name);
            f->num[0] = missing;
        }
    }
    struct map themes;
    map_init(&themes, c->a, in->nthemes);
    for (size_t i = 0; i < in->nthemes; i++) {
        map_put(&themes, in->themes[i].id, (uint32_t)i);
    }
    uint32_t *count = arena_alloc(c->a, (in->nthemes + 1) * sizeof *count);
    for (size_t i = 0; i < in->nobjs; i++) {
        uint32_t t = map_get(&themes, in->objs[i].theme_id);
        if (t != NONE && in->objs[i].state != OBJ_DROPPED) {
            count[t]++;
        }
    }
    for (size_t i = 0; i < in->nthemes; i++) {
        const struct theme *th = &in->themes[i];
        int src = th->source >= 0 && th->source < 5 ? th->source : SOURCE_OTHER;
        out->coverage[src].themes++;
        if (count[i]) {
            out->coverage[src].covered++;
        } else if (in->cycle) {
            struct coach_finding *f = push(c, COACH_S3, SUBJ_THEME, th->id, th->title);
            f->arg = th->title;
            f->owner_user_id = th->owner_id;
        }
    }
    if (!cycle_open(in->cycle)) {
        return;
    }
    for (size_t i = 0; i < in->nrequests; i++) {
        const struct request *r = &in->requests[i];
        uint32_t o = map_get(&c->objs, r->objective_id), k = map_get(&c->krs, r->kr_id);
        const char *title = o != NONE ? in->objs[o].title : k != NONE ? in->krs[k].title : NULL;
        int64_t waited = in->now - r->created;
        if (r->state == REQ_PENDING && title && waited > (int64_t)A1_DAYS * DAY) {
            struct coach_finding *f = push(c, COACH_A1, SUBJ_REQUEST, r->id, title);
            f->owner_user_id = r->to_user_id;
            f->objective_id = o != NONE ? in->objs[o].id : in->krs[k].objective_id;
            f->num[0] = (double)(waited / DAY);
        }
    }
}

/* ---- finishing: dismissals, order, score ---- */

static int64_t dismissal_key(int rule, int subject, int64_t id)
{
    return (id << 8) | (int64_t)(subject << 5) | rule;
}

static int owner_rank(const struct coach_finding *f)
{
    return f->owner_user_id ? 2 : f->owner_team_id ? 1 : 0;
}

static int cmp_i64(int64_t x, int64_t y)
{
    return (x > y) - (x < y);
}

static int finding_cmp(const void *pa, const void *pb)
{
    const struct coach_finding *a = pa, *b = pb;
    int d = owner_rank(a) - owner_rank(b);
    if (!d) {
        d = cmp_i64(a->owner_user_id + a->owner_team_id, b->owner_user_id + b->owner_team_id);
    }
    if (!d) {
        d = a->severity - b->severity;
    }
    if (!d) {
        d = cmp_i64(a->objective_id, b->objective_id);
    }
    if (!d) {
        d = a->rule - b->rule;
    }
    if (!d) {
        d = a->subject - b->subject;
    }
    if (!d) {
        d = cmp_i64(a->subject_id, b->subject_id);
    }
    return d ? d : a->kr_index - b->kr_index;
}

static int finding_ptr_cmp(const void *pa, const void *pb)
{
    return finding_cmp(*(const struct coach_finding *const *)pa,
                       *(const struct coach_finding *const *)pb);
}

static int cost_cmp(const void *pa, const void *pb)
{
    const struct coach_cost *a = pa, *b = pb;
    if (a->points != b->points) {
        return a->points > b->points ? -1 : 1;
    }
    return (int)a->rule - (int)b->rule;
}

static void finish(struct ctx *c, struct coach_report *out)
{
    const struct coach_input *in = c->in;
    if (in->ndismissals && c->n) {
        struct map dm;
        map_init(&dm, c->a, in->ndismissals);
        /* A finding about a person, team, theme or the company is dismissed for one cycle
         * (pass 0); one dismissed for every cycle (before cycles were named, pass 1) gives way
         * to it: the map keeps the first value put under a key. */
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < in->ndismissals; i++) {
                const struct finding_dismissal *d = &in->dismissals[i];
                int rule = coach_rule_parse(d->rule), subject = coach_subject_parse(d->entity);
                bool this_cycle = pass == 0
                                      ? d->cycle_id && in->cycle && d->cycle_id == in->cycle->id
                                      : !d->cycle_id;
                if (this_cycle && rule >= 0 && subject >= 0 && d->entity_id > 0) {
                    map_put(&dm, dismissal_key(rule, subject, d->entity_id), (uint32_t)i);
                }
            }
        }
        for (size_t i = 0; i < c->n; i++) {
            struct coach_finding *f = &c->f[i];
            uint32_t d = f->subject_id > 0
                             ? map_get(&dm, dismissal_key(f->rule, f->subject, f->subject_id))
                             : NONE;
            f->dismissal = d == NONE ? NULL : &in->dismissals[d];
        }
    }
    /* Sorted by pointer: moving 8 bytes, not a whole finding, is most of a large sort's time. */
    const struct coach_finding **order = xmalloc((c->n + 1) * sizeof *order);
    size_t ndismissed = 0;
    for (size_t i = 0; i < c->n; i++) {
        order[i] = &c->f[i];
        ndismissed += c->f[i].dismissal != NULL;
    }
    if (c->n) {
        qsort(order, c->n, sizeof *order, finding_ptr_cmp);
    }
    out->findings = arena_alloc(c->a, (c->n - ndismissed + 1) * sizeof *out->findings);
    out->dismissed = arena_alloc(c->a, (ndismissed + 1) * sizeof *out->dismissed);
    double points = 0.0;
    struct coach_cost cost[COACH_RULES];
    for (int r = 0; r < COACH_RULES; r++) {
        cost[r] = (struct coach_cost){(enum coach_rule)r, 0, 0.0};
    }
    for (size_t i = 0; i < c->n; i++) {
        const struct coach_finding *f = order[i];
        if (f->dismissal) {
            out->dismissed[out->ndismissed++] = *f;
            continue;
        }
        out->findings[out->n++] = *f;
        out->count[f->severity]++;
        double p = coach_points((enum coach_severity)f->severity);
        points += p;
        cost[f->rule].count++;
        cost[f->rule].points += p;
    }
    free(order);
    free(c->f);
    for (size_t i = 0; i < in->nobjs; i++) {
        out->objectives += in->objs[i].state != OBJ_DROPPED;
    }
    out->health = NAN;
    if (!in->program) {
        return;
    }
    /* A cycle with no objectives has no program to score yet (its S3 and S4 still stand). */
    if (out->objectives) {
        double health = 100.0 * (1.0 - points / (HEALTH_BUDGET * (double)out->objectives));
        out->health = round(health < 0.0 ? 0.0 : health > 100.0 ? 100.0 : health);
    }
    qsort(cost, COACH_RULES, sizeof cost[0], cost_cmp);
    for (int r = 0; r < COACH_RULES; r++) {
        if (cost[r].points > 0.0) {
            out->top[out->ntop++] = cost[r];
        }
    }
}

/* One thread's share of the objectives: [from, to) into its own ctx (findings, arena, and
 * signatures of the previous cycle's key results, which are filled in lazily). The indexes it
 * reads are complete before it starts; a current key result's signature is written only by the
 * thread that checks its objective. */
struct half {
    struct ctx c;
    size_t from, to;
};

static void *check_half(void *arg)
{
    struct half *h = arg;
    for (size_t i = h->from; i < h->to; i++) {
        check_objective(&h->c, i);
    }
    return NULL;
}

/* Checks every objective: on this thread, or (in->threads > 1) the second half on another. */
static void check_objectives(struct ctx *c)
{
    const struct coach_input *in = c->in;
    size_t split = in->threads > 1 && in->nobjs > 1 ? in->nobjs / 2 : in->nobjs;
    struct arena own;
    arena_init(&own, 0);
    struct half h = {.c = *c, .from = split, .to = in->nobjs};
    pthread_t thread;
    bool two = split < in->nobjs;
    if (two) {
        h.c.a = &own;
        h.c.f = NULL;
        h.c.n = h.c.cap = 0;
        if (in->nprev_krs) {
            h.c.prev_sig = arena_alloc(c->a, (in->nprev_krs + 1) * sizeof *h.c.prev_sig);
        }
        two = pthread_create(&thread, NULL, check_half, &h) == 0;
        split = two ? split : in->nobjs;
    }
    for (size_t i = 0; i < split; i++) {
        check_objective(c, i);
    }
    if (two) {
        pthread_join(thread, NULL);
        if (h.c.n) {
            c->cap = c->n + h.c.n;
            c->f = xrealloc(c->f, c->cap * sizeof *c->f);
            memcpy(c->f + c->n, h.c.f, h.c.n * sizeof *h.c.f);
            c->n += h.c.n;
        }
        free(h.c.f);
        arena_take(c->a, &own); /* the findings' texts (M3) */
    }
}

void coach_run(const struct coach_input *in, struct arena *a, struct coach_report *out)
{
    memset(out, 0, sizeof *out);
    struct ctx c = {.in = in, .a = a};
    index_current(&c);
    index_history(&c);
    index_kpis(&c);
    check_objectives(&c); /* the findings' order is set by finish's sort, whatever the split */
    if (in->program) {
        check_owners(&c);
        check_program(&c, out);
    }
    finish(&c, out);
}

void coach_check_draft(const struct objective *o, const struct key_result *krs, size_t nkrs,
                       const struct coach_input *context, struct arena *a, struct coach_report *out)
{
    /* A draft has no id yet: give it one no record has, and take it back in the findings. */
    enum { DRAFT_ID = INT64_MAX / 8 };
    struct coach_input in;
    if (context) {
        in = *context;
    } else {
        memset(&in, 0, sizeof in);
    }
    in.program = false;
    in.activity = NULL;
    struct objective *draft = arena_alloc(a, sizeof *draft);
    *draft = *o;
    if (!draft->id) {
        draft->id = DRAFT_ID;
    }
    struct key_result *copy = arena_alloc(a, (nkrs + 1) * sizeof *copy);
    for (size_t i = 0; i < nkrs; i++) {
        copy[i] = krs[i];
        copy[i].objective_id = draft->id;
    }
    in.objs = draft;
    in.nobjs = 1;
    in.krs = copy;
    in.nkrs = nkrs;
    coach_run(&in, a, out);
    for (int list = 0; list < 2; list++) {
        struct coach_finding *f = list ? out->dismissed : out->findings;
        size_t n = list ? out->ndismissed : out->n;
        for (size_t i = 0; i < n; i++) {
            if (f[i].objective_id == DRAFT_ID) {
                f[i].objective_id = 0;
            }
            if (f[i].subject_id == DRAFT_ID) {
                f[i].subject_id = 0;
            }
        }
    }
}

void coach_history(const struct cycle *cycles, size_t n, const struct cycle *cur, long *prev,
                   long closed[2])
{
    *prev = -1;
    closed[0] = closed[1] = -1;
    for (size_t i = 0; i < n; i++) {
        const struct cycle *cy = &cycles[i];
        if (cy->id == cur->id || cy->kind != cur->kind || cy->end >= cur->start) {
            continue;
        }
        /* later end first; a tie goes to the later id */
#define LATER(I, J)                                                                                \
    (cycles[I].end > cycles[J].end ||                                                              \
     (cycles[I].end == cycles[J].end && cycles[I].id > cycles[J].id))
        long li = (long)i;
        if (*prev < 0 || LATER(i, (size_t)*prev)) {
            *prev = li;
        }
        if (cy->state != CYCLE_CLOSED) {
            continue;
        }
        if (closed[0] < 0 || LATER(i, (size_t)closed[0])) {
            closed[1] = closed[0];
            closed[0] = li;
        } else if (closed[1] < 0 || LATER(i, (size_t)closed[1])) {
            closed[1] = li;
        }
#undef LATER
    }
}

/* ---- words ---- */

/* "no mission, vision or strategic themes" / "尚未填写使命、愿景和战略主题" from S4's bits. */
static void missing_parts(unsigned bits, enum coach_lang lang, struct sb *out)
{
    const int words[] = {COACH_WORD_MISSION, COACH_WORD_VISION, COACH_WORD_THEMES};
    int total = 0, done = 0;
    for (int i = 0; i < 3; i++) {
        total += (int)((bits >> i) & 1u);
    }
    for (int i = 0; i < 3; i++) {
        if (!((bits >> i) & 1u)) {
            continue;
        }
        if (done > 0) {
            sb_puts(out, done == total - 1 ? (lang == COACH_ZH ? "和" : " or ")
                                           : (lang == COACH_ZH ? "、" : ", "));
        }
        sb_puts(out, coach_words[words[i]][lang]);
        done++;
    }
}

void coach_message(const struct coach_finding *f, enum coach_lang lang, struct sb *out)
{
    const char *p = coach_texts[f->text < COACH_TEXTS ? f->text : 0].message[lang];
    while (*p) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            sb_puts(out, p);
            return;
        }
        sb_put(out, p, (size_t)(open - p));
        char kind = open[1];
        int idx = open[2] >= '0' && open[2] <= '2' ? open[2] - '0' : 0;
        double v = f->num[idx];
        char buf[32];
        if (kind == 't') {
            sb_puts(out, f->arg ? f->arg : coach_words[COACH_WORD_COMPANY][lang]);
        } else if (kind == 'm') {
            missing_parts((unsigned)v, lang, out);
        } else if (kind == 'n') {
            sb_printf(out, "%lld", (long long)llround(v));
        } else if (kind == 'p') {
            sb_printf(out, "%lld", (long long)llround(v * 100.0));
        } else {
            sb_puts(out, num_fmt_double(buf, round(v * 1e6) / 1e6));
        }
        p = close + 1;
    }
}

const char *coach_explanation(const struct coach_finding *f, enum coach_lang lang)
{
    return coach_texts[f->text < COACH_TEXTS ? f->text : 0].explanation[lang];
}
