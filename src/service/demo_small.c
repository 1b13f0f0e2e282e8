/* The hand-written demo company (about 20 people): writes the tables of demo_text.c in an order
 * the references allow (managers before reports, parents before aligned objectives, an
 * objective's key results right after it, an accepted request right after the objective it
 * produced). Objectives made by accepting a take-on request come from takeon_draft, as they
 * would in the product. */
#include "core/timefmt.h"
#include "demo_int.h"
#include "domain/rules.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct small {
    struct demo_ctx *c;
    const struct d_company *d;
    int64_t *users, *teams, *themes, *kpis;
    struct objective *objs; /* as written, by index in d->objs */
    struct key_result *krs; /* as written, by index in d->krs */
};

/* Every d_* table row starts with its key. */
static int index_of(const void *rows, size_t n, size_t size, const char *key)
{
    if (!key) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *k = *(const char *const *)(const void *)((const char *)rows + i * size);
        if (strcmp(k, key) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static int64_t user_id(const struct small *s, const char *key)
{
    int i = index_of(s->d->people, s->d->n_people, sizeof s->d->people[0], key);
    return i < 0 ? 0 : s->users[i];
}

static int64_t team_id(const struct small *s, const char *key)
{
    int i = index_of(s->d->teams, s->d->n_teams, sizeof s->d->teams[0], key);
    return i < 0 ? 0 : s->teams[i];
}

static int obj_index(const struct small *s, const char *key)
{
    return index_of(s->d->objs, s->d->n_objs, sizeof s->d->objs[0], key);
}

static int kr_index(const struct small *s, const char *key)
{
    return index_of(s->d->krs, s->d->n_krs, sizeof s->d->krs[0], key);
}

static int64_t obj_id(const struct small *s, const char *key)
{
    int i = obj_index(s, key);
    return i < 0 ? 0 : s->objs[i].id;
}

static int64_t kr_id(const struct small *s, const char *key)
{
    int i = kr_index(s, key);
    return i < 0 ? 0 : s->krs[i].id;
}

static enum err_code missing(struct small *s, const char *what, const char *key)
{
    return err_set(s->c->err, ERR_INTERNAL, NULL, "demo data: no %s %s", what, key);
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static enum err_code put_people(struct small *s)
{
    struct demo_ctx *c = s->c;
    for (size_t i = 0; i < s->d->n_people; i++) {
        const struct d_person *p = &s->d->people[i];
        struct user u;
        meta_init(&entity_user, &u);
        u.tenant_id = c->tenant_id;
        u.name = demo_tx(c, p->name);
        u.email = arena_printf(c->a, "%s@demo.okr.example", p->email);
        u.role = i == 0 ? ROLE_ADMIN : ROLE_MEMBER;
        u.manager_id = user_id(s, p->manager);
        if (p->manager && !u.manager_id) {
            return missing(s, "manager", p->manager);
        }
        u.locale = c->lang == DEMO_EN ? "en" : "zh-CN";
        u.active = 1;
        u.created = demo_at(c, c->q[0].start - 28, (int64_t)i * 7);
        u.version = 1;
        if (demo_put(c, &entity_user, &u) != ERR_OK) {
            return c->err->code;
        }
        s->users[i] = u.id;
    }
    return ERR_OK;
}

static enum err_code put_teams(struct small *s)
{
    struct demo_ctx *c = s->c;
    for (size_t i = 0; i < s->d->n_teams; i++) {
        const struct d_team *t = &s->d->teams[i];
        struct team tm;
        meta_init(&entity_team, &tm);
        tm.tenant_id = c->tenant_id;
        tm.name = demo_tx(c, t->name);
        tm.parent_id = team_id(s, t->parent);
        tm.lead_id = user_id(s, t->lead);
        tm.created = demo_at(c, c->q[0].start - 28, 200 + (int64_t)i);
        tm.version = 1;
        if (demo_put(c, &entity_team, &tm) != ERR_OK) {
            return c->err->code;
        }
        s->teams[i] = tm.id;
    }
    for (size_t i = 0; i < s->d->n_people; i++) {
        const struct d_person *p = &s->d->people[i];
        const char *keys[2] = {p->team, p->team2};
        for (int k = 0; k < 2; k++) {
            if (!keys[k]) {
                continue;
            }
            struct membership m = {
                .tenant_id = c->tenant_id, .team_id = team_id(s, keys[k]), .user_id = s->users[i]};
            if (!m.team_id) {
                return missing(s, "team", keys[k]);
            }
            if (demo_put(c, &entity_membership, &m) != ERR_OK) {
                return c->err->code;
            }
        }
    }
    return ERR_OK;
}

static enum err_code put_themes_kpis(struct small *s)
{
    struct demo_ctx *c = s->c;
    for (size_t i = 0; i < s->d->n_themes; i++) {
        const struct d_theme *t = &s->d->themes[i];
        struct theme th;
        meta_init(&entity_theme, &th);
        th.tenant_id = c->tenant_id;
        th.title = demo_tx(c, t->title);
        th.description = demo_tx(c, t->desc);
        th.source = t->source;
        th.horizon = t->horizon;
        th.owner_id = s->users[0];
        th.position = (int64_t)i + 1;
        th.created = demo_at(c, c->q[0].start - 21, (int64_t)i);
        th.version = 1;
        if (demo_put(c, &entity_theme, &th) != ERR_OK) {
            return c->err->code;
        }
        s->themes[i] = th.id;
    }
    for (size_t i = 0; i < s->d->n_kpis; i++) {
        const struct d_kpi *k = &s->d->kpis[i];
        struct kpi kp;
        meta_init(&entity_kpi, &kp);
        kp.tenant_id = c->tenant_id;
        kp.owner_team_id = team_id(s, k->owner_team);
        kp.owner_user_id = user_id(s, k->owner_user);
        kp.name = demo_tx(c, k->name);
        kp.unit = demo_tx(c, k->unit);
        kp.direction = k->direction;
        kp.threshold = k->threshold;
        kp.created = demo_at(c, c->q[0].start - 21, 30 + (int64_t)i);
        kp.version = 1;
        if (demo_put(c, &entity_kpi, &kp) != ERR_OK ||
            demo_kpi_values(c, kp.id, k->values, 12) != ERR_OK) {
            return c->err->code;
        }
        s->kpis[i] = kp.id;
    }
    return ERR_OK;
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static void plan_of(const struct d_kr *k, int quarter, int state, int64_t qstart, struct kr_plan *p)
{
    memset(p, 0, sizeof *p);
    p->start = k->start;
    p->target = k->target;
    p->type = k->type;
    p->direction = k->direction;
    p->decimals = k->decimals;
    p->quarter = quarter;
    p->p = k->p;
    p->curve = k->curve;
    p->checkins = state != D_DRAFT;
    p->notes = 1;
    /* A dropped objective stopped being checked in on in its fifth week. */
    p->stop = state == D_DROPPED ? qstart + 5 * 7 - 1 : DATE_NONE;
}

/* When the request behind an objective was sent and accepted. */
static void request_days(const struct small *s, const struct d_obj *o, int64_t *sent,
                         int64_t *accepted)
{
    const struct demo_ctx *c = s->c;
    int64_t qs = c->q[o->quarter].start;
    if (o->state == D_DRAFT) {
        /* Accepted only days ago: the objective is still a draft. */
        *accepted = o->quarter == 1 ? max64(qs, c->today - 2) : qs;
        *sent = *accepted - 1;
    } else {
        *sent = qs - 4;
        *accepted = qs - 3;
    }
}

/* Builds objective i: through takeon_draft when a request made it, else from the table. */
static enum err_code build_objective(struct small *s, size_t i, struct objective *o,
                                     struct request *r)
{
    struct demo_ctx *c = s->c;
    const struct d_obj *d = &s->d->objs[i];
    int64_t qs = c->q[d->quarter].start;
    meta_init(&entity_objective, o);
    if (d->request) {
        int ri = index_of(s->d->requests, s->d->n_requests, sizeof s->d->requests[0], d->request);
        if (ri < 0) {
            return missing(s, "request", d->request);
        }
        const struct d_request *dr = &s->d->requests[ri];
        int64_t sent, accepted;
        request_days(s, d, &sent, &accepted);
        meta_init(&entity_request, r);
        r->tenant_id = c->tenant_id;
        r->from_user_id = user_id(s, dr->from);
        r->to_user_id = user_id(s, dr->to);
        r->message = demo_tx(c, dr->message);
        r->state = REQ_ACCEPTED;
        r->created = demo_at(c, sent, 60);
        r->updated = demo_at(c, accepted, 90);
        r->version = 2; /* sent, then accepted */
        const struct objective *src;
        const struct key_result *kr = NULL;
        if (dr->src_kr) {
            int ki = kr_index(s, dr->src_kr);
            int oi = ki < 0 ? -1 : obj_index(s, s->d->krs[ki].obj);
            if (oi < 0 || !s->krs[ki].id) {
                return missing(s, "key result", dr->src_kr);
            }
            kr = &s->krs[ki];
            src = &s->objs[oi];
            r->kr_id = kr->id;
        } else {
            int oi = obj_index(s, dr->src_obj);
            if (oi < 0 || !s->objs[oi].id) {
                return missing(s, "objective", dr->src_obj);
            }
            src = &s->objs[oi];
            r->objective_id = src->id;
        }
        takeon_draft(r, src, kr, r->updated, o);
        o->created = r->updated;
    } else {
        o->cycle_id = c->q[d->quarter].id;
        o->owner_user_id = user_id(s, d->owner_user);
        o->owner_team_id = team_id(s, d->owner_team);
        o->title = demo_tx(c, d->title);
        o->kind = d->kind;
        o->visibility = d->visibility;
        o->parent_objective_id = obj_id(s, d->parent_obj);
        o->parent_kr_id = kr_id(s, d->parent_kr);
        if ((d->parent_obj && !o->parent_objective_id) || (d->parent_kr && !o->parent_kr_id)) {
            return missing(s, "parent of", d->key);
        }
        o->created = demo_at(c, qs - 5, (int64_t)i);
    }
    o->tenant_id = c->tenant_id;
    o->description = demo_tx(c, d->desc);
    int ti = index_of(s->d->themes, s->d->n_themes, sizeof s->d->themes[0], d->theme);
    o->theme_id = ti < 0 ? 0 : s->themes[ti];
    int ki = index_of(s->d->kpis, s->d->n_kpis, sizeof s->d->kpis[0], d->kpi);
    o->kpi_id = ki < 0 ? 0 : s->kpis[ki];
    o->state = d->state == D_DRAFT ? OBJ_DRAFT : d->state == D_DROPPED ? OBJ_DROPPED : OBJ_ACTIVE;
    o->weight = 1;
    o->updated = o->created;
    /* Version 1 when written; a draft from a request was edited once more to activate it. */
    o->version = d->request && d->state != D_DRAFT ? 2 : 1;
    return ERR_OK;
}

/* The closed quarter's scores: the suggestion from the key results' final progress, the
 * manager's (which becomes the final score) and the owner's own, with a reflection on every
 * scored objective and a post-mortem on every committed one under 1.0. */
static void score_closed(struct small *s, size_t i, struct objective *o, double progress)
{
    struct demo_ctx *c = s->c;
    const struct d_obj *d = &s->d->objs[i];
    double suggested = demo_score(progress);
    o->manager_score = clamp01(demo_round(suggested + d->mgr_delta, 1));
    o->final_score = o->manager_score;
    o->self_score = clamp01(demo_round(suggested + d->self_delta, 1));
    o->reflection = demo_tx(c, d->reflection);
    if (!o->reflection[0]) {
        o->reflection = demo_tx(c, demo_reflections[i % 8]);
    }
    if (o->kind == KIND_COMMITTED && o->final_score < 1.0 - 1e-9) {
        o->postmortem = demo_tx(c, d->postmortem);
        if (!o->postmortem[0]) {
            o->postmortem = demo_tx(c, demo_postmortems[i % 6]);
        }
    }
    o->updated = demo_at(c, c->q[0].end + 5, (int64_t)i);
    o->version += 3; /* self-scored, manager-scored, reflected */
}

static enum err_code put_objective(struct small *s, size_t i)
{
    struct demo_ctx *c = s->c;
    const struct d_obj *d = &s->d->objs[i];
    struct objective o;
    struct request r;
    if (build_objective(s, i, &o, &r) != ERR_OK) {
        return c->err->code;
    }
    /* Plan the key results first: a closed quarter's scores come from their final values. */
    struct kr_plan plans[8];
    size_t idx[8], n = 0;
    double sum = 0;
    for (size_t k = 0; k < s->d->n_krs && n < 8; k++) {
        if (strcmp(s->d->krs[k].obj, d->key) == 0) {
            plan_of(&s->d->krs[k], d->quarter, d->state, c->q[d->quarter].start, &plans[n]);
            if (d->quarter == 0) {
                sum += demo_kr_plan_final(&plans[n]);
            }
            idx[n++] = k;
        }
    }
    if (d->quarter == 0 && d->state != D_DROPPED && n > 0) {
        score_closed(s, i, &o, sum / (double)n);
    }
    if (demo_put(c, &entity_objective, &o) != ERR_OK) {
        return c->err->code;
    }
    s->objs[i] = o;
    int64_t qend = c->q[d->quarter].end;
    for (size_t j = 0; j < n; j++) {
        const struct d_kr *dk = &s->d->krs[idx[j]];
        struct key_result kr;
        meta_init(&entity_key_result, &kr);
        kr.tenant_id = c->tenant_id;
        kr.objective_id = o.id;
        kr.owner_user_id = dk->owner ? user_id(s, dk->owner) : o.owner_user_id;
        kr.title = demo_tx(c, dk->title);
        kr.type = dk->type;
        kr.direction = dk->direction;
        kr.start = dk->start;
        kr.target = dk->target;
        kr.unit = demo_tx(c, dk->unit);
        kr.due = qend;
        kr.created = o.created + 600 + (int64_t)j * 60;
        int64_t author = kr.owner_user_id ? kr.owner_user_id : s->users[0];
        if (demo_kr_write(c, &kr, &plans[j], author) != ERR_OK) {
            return c->err->code;
        }
        s->krs[idx[j]] = kr;
    }
    if (d->request) {
        r.result_objective_id = o.id;
        if (demo_put(c, &entity_request, &r) != ERR_OK) {
            return c->err->code;
        }
    }
    return ERR_OK;
}

/* Requests that produced no objective: still pending, or declined with a reason. */
static enum err_code put_open_requests(struct small *s)
{
    struct demo_ctx *c = s->c;
    int64_t qs = c->q[1].start;
    for (size_t i = 0; i < s->d->n_requests; i++) {
        const struct d_request *dr = &s->d->requests[i];
        if (dr->state == REQ_ACCEPTED) {
            continue;
        }
        struct request r;
        meta_init(&entity_request, &r);
        r.tenant_id = c->tenant_id;
        r.from_user_id = user_id(s, dr->from);
        r.to_user_id = user_id(s, dr->to);
        r.objective_id = obj_id(s, dr->src_obj);
        r.kr_id = kr_id(s, dr->src_kr);
        if (!r.objective_id && !r.kr_id) {
            return missing(s, "source of request", dr->key);
        }
        r.message = demo_tx(c, dr->message);
        r.state = dr->state;
        r.reason = demo_tx(c, dr->reason);
        if (dr->state == REQ_PENDING) {
            int64_t day = max64(qs, c->today - 2);
            r.created = r.updated = demo_at(c, day, 45);
            r.version = 1;
        } else {
            int64_t day = min64(c->today, qs + 10);
            r.created = demo_at(c, day, 45);
            r.updated = demo_at(c, min64(c->today, day + 2), 120);
            r.version = 2;
        }
        if (demo_put(c, &entity_request, &r) != ERR_OK) {
            return c->err->code;
        }
    }
    return ERR_OK;
}

static enum err_code put_initiatives_comments(struct small *s)
{
    struct demo_ctx *c = s->c;
    for (size_t i = 0; i < s->d->n_initiatives; i++) {
        const struct d_initiative *di = &s->d->initiatives[i];
        int ki = kr_index(s, di->kr);
        if (ki < 0 || !s->krs[ki].id) {
            return missing(s, "key result", di->kr);
        }
        int oi = obj_index(s, s->d->krs[ki].obj);
        const struct demo_quarter *q = &c->q[s->d->objs[oi].quarter];
        struct initiative in;
        meta_init(&entity_initiative, &in);
        in.tenant_id = c->tenant_id;
        in.kr_id = s->krs[ki].id;
        in.title = demo_tx(c, di->title);
        in.owner_id = user_id(s, di->owner);
        in.state = di->state;
        in.due = min64(q->end, q->start + (int64_t)di->due_week * 7);
        in.created = demo_at(c, q->start + 2, (int64_t)i * 5);
        in.version = di->state == INIT_TODO ? 1 : di->state == INIT_DOING ? 2 : 3;
        if (demo_put(c, &entity_initiative, &in) != ERR_OK) {
            return c->err->code;
        }
    }
    for (size_t i = 0; i < s->d->n_comments; i++) {
        const struct d_comment *dc = &s->d->comments[i];
        struct comment cm;
        meta_init(&entity_comment, &cm);
        cm.tenant_id = c->tenant_id;
        cm.objective_id = obj_id(s, dc->obj);
        cm.kr_id = kr_id(s, dc->kr);
        if (!cm.objective_id && !cm.kr_id) {
            return missing(s, "target of comment", dc->obj ? dc->obj : dc->kr);
        }
        cm.author_id = user_id(s, dc->author);
        cm.body = demo_tx(c, dc->body);
        cm.at = demo_at(c, max64(c->q[1].start, c->today - dc->days_ago), 120 + (int64_t)i * 13);
        if (demo_put(c, &entity_comment, &cm) != ERR_OK) {
            return c->err->code;
        }
    }
    return ERR_OK;
}

enum err_code demo_small(struct demo_ctx *c)
{
    const struct d_company *d = &demo_company;
    struct small s = {
        .c = c,
        .d = d,
        .users = arena_alloc(c->a, d->n_people * sizeof(int64_t)),
        .teams = arena_alloc(c->a, d->n_teams * sizeof(int64_t)),
        .themes = arena_alloc(c->a, d->n_themes * sizeof(int64_t)),
        .kpis = arena_alloc(c->a, d->n_kpis * sizeof(int64_t)),
        .objs = arena_alloc(c->a, d->n_objs * sizeof(struct objective)),
        .krs = arena_alloc(c->a, d->n_krs * sizeof(struct key_result)),
    };
    if (put_people(&s) != ERR_OK || put_teams(&s) != ERR_OK || put_themes_kpis(&s) != ERR_OK) {
        return c->err->code;
    }
    for (size_t i = 0; i < d->n_objs; i++) {
        if (put_objective(&s, i) != ERR_OK) {
            return c->err->code;
        }
    }
    if (put_open_requests(&s) != ERR_OK || put_initiatives_comments(&s) != ERR_OK) {
        return c->err->code;
    }
    if (c->o->progress) {
        c->o->progress(c->o->ctx, "people", (int64_t)d->n_people, (int64_t)d->n_people);
    }
    return ERR_OK;
}
