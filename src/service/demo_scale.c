/* The demo company scaled to N people: company -> departments -> teams of 5-12 -> people, team
 * leads managing their teams, leads reporting to department heads, heads to the CEO. Every
 * department, team and person owns 2-5 objectives per quarter with 2-5 key results each, aligned
 * to a key result one level up (a share of them through accepted take-on requests), and checks in
 * weekly on every key result in both quarters.
 *
 * Built to be fast and to stay small in memory at 2,000,000 people: records are written in one
 * pass, top down, so every reference already exists and nothing is read back; the only state
 * kept is the current department's and team's key results (what the level below aligns to), in
 * two arenas reset per department and per team; all other text is built in stack buffers or
 * points into the static tables. */
#include "core/timefmt.h"
#include "demo_int.h"
#include "domain/rules.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { MAX_REFS = 25, TITLE_CAP = 512 };

/* A key result that the level below can align to or be asked to take on. */
struct sref {
    int64_t kr_id, obj_id, cycle_id;
    int kind, visibility;
    const char *title;
    int64_t from_user; /* who sends the take-on request */
};

struct level {
    struct sref refs[2][MAX_REFS]; /* per quarter */
    int n[2];
};

/* Who owns a set of objectives and how they connect. */
struct owner {
    int64_t user_id, team_id; /* exactly one */
    const char *name;         /* for @-mentions */
    int func;
    int64_t author;    /* who checks in */
    int64_t requester; /* who asks this person to take things on; 0: nobody */
    const struct level *parents;
    struct level *out;  /* NULL: nobody aligns to this owner */
    struct arena *keep; /* where out's titles live */
    int64_t ref_from;   /* who asks others to take on this owner's key results */
};

struct scale {
    struct demo_ctx *c;
    struct arena dept_text, team_text;
    int64_t ceo, root_team;
    int64_t people, done, next_report, step;
    struct level company, dept, team;
};

static void report(struct scale *s, int64_t n)
{
    s->done += n;
    const struct demo_opts *o = s->c->o;
    if (o->progress && (s->done >= s->next_report || s->done == s->people)) {
        o->progress(o->ctx, "people", s->done, s->people);
        s->next_report = s->done + s->step;
    }
}

/* 2-5, mostly 3: few objectives per owner, few key results per objective. */
static int pick_count(struct demo_ctx *c)
{
    int64_t r = demo_range(c, 0, 99);
    return r < 30 ? 2 : r < 72 ? 3 : r < 92 ? 4 : 5;
}

/* A number as people write it: no trailing zeros, thousands separated in English. */
static void fmt_num(char *buf, size_t cap, double v, int decimals, int lang)
{
    char raw[48];
    snprintf(raw, sizeof raw, "%.*f", decimals, v);
    if (decimals > 0) {
        size_t n = strlen(raw);
        while (n > 0 && raw[n - 1] == '0') {
            raw[--n] = '\0';
        }
        if (n > 0 && raw[n - 1] == '.') {
            raw[--n] = '\0';
        }
    }
    const char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
    size_t o = 0;
    for (size_t i = 0; raw[i] && o + 2 < cap; i++) {
        if (lang == DEMO_EN && i > 0 && i < int_len && raw[i - 1] != '-' &&
            (int_len - i) % 3 == 0) {
            buf[o++] = ',';
        }
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
}

/* Copies tmpl into dst with "{a}" and "{b}" replaced (a format string from a table would be a
 * non-literal printf format). */
static void fill(char *dst, size_t cap, const char *tmpl, const char *a, const char *b)
{
    size_t o = 0;
    for (const char *p = tmpl; *p && o + 1 < cap;) {
        const char *sub = NULL;
        if (p[0] == '{' && (p[1] == 'a' || p[1] == 'b') && p[2] == '}') {
            sub = p[1] == 'a' ? a : b;
            p += 3;
            for (; *sub && o + 1 < cap; sub++) {
                dst[o++] = *sub;
            }
            continue;
        }
        dst[o++] = *p++;
    }
    dst[o] = '\0';
}

/* Draws a key result from a template: its numbers, title and unit. */
static void draw_kr(struct demo_ctx *c, const struct s_kr_tmpl *t, struct kr_plan *p, char *title,
                    size_t cap)
{
    memset(p, 0, sizeof *p);
    p->type = t->type;
    p->direction = t->direction;
    p->decimals = t->decimals;
    if (t->type == KR_MILESTONE) {
        p->start = 0;
        p->target = 1;
        snprintf(title, cap, "%s", demo_tx(c, t->title));
        return;
    }
    double step = t->decimals ? 0.1 : 1.0;
    double start = demo_round(t->lo + (t->hi - t->lo) * demo_unit(c), t->decimals);
    double d = t->dlo + (t->dhi - t->dlo) * demo_unit(c);
    double target = demo_round(t->add ? start + d : start * d, t->decimals);
    if (t->cap > 0 && target > t->cap) {
        target = t->cap;
    }
    /* Rounding must not leave nothing to travel. */
    if (t->direction == DIR_INCREASE && target <= start) {
        target = start + step;
    } else if (t->direction == DIR_DECREASE && target >= start) {
        target = demo_round(start - step, t->decimals);
    }
    p->start = start;
    p->target = target;
    char a[48], b[48];
    fmt_num(a, sizeof a, start, t->decimals, c->lang);
    fmt_num(b, sizeof b, target, t->decimals, c->lang);
    fill(title, cap, demo_tx(c, t->title), a, b);
}

/* How the quarter goes for one key result: a closed quarter's final progress (committed ones
 * mostly land, aspirational ones around 0.6-0.7, a few misses) or an active quarter's pace. */
static void draw_course(struct demo_ctx *c, struct kr_plan *p, int quarter, int kind)
{
    double u = demo_unit(c);
    p->quarter = quarter;
    p->checkins = 1;
    p->stop = DATE_NONE;
    p->curve = 0.8 + 0.6 * demo_unit(c);
    if (quarter == 0) {
        if (u < 0.07) {
            p->p = 0.1 + 0.3 * demo_unit(c);
        } else if (kind == KIND_COMMITTED) {
            p->p = u < 0.6 ? 1.0 : 0.7 + 0.3 * demo_unit(c);
        } else {
            p->p = 0.4 + 0.5 * demo_unit(c);
        }
    } else {
        p->p = u < 0.6 ? 0.85 + 0.3 * demo_unit(c) : 0.45 + 0.55 * demo_unit(c);
    }
}

static enum err_code put_user(struct scale *s, int64_t manager, int64_t seq, char *name, size_t cap,
                              int64_t *id)
{
    struct demo_ctx *c = s->c;
    const struct s_name *sn = &demo_surnames[demo_rand(c) % demo_n_surnames];
    const struct s_name *gn = &demo_given[demo_rand(c) % demo_n_given];
    char email[96];
    snprintf(email, sizeof email, "%s.%s.%lld@demo.okr.example", gn->py, sn->py, (long long)seq);
    if (c->lang == DEMO_EN) {
        snprintf(name, cap, "%c%s %c%s", gn->py[0] - 32, gn->py + 1, sn->py[0] - 32, sn->py + 1);
    } else {
        snprintf(name, cap, "%s%s", sn->zh, gn->zh);
    }
    struct user u;
    meta_init(&entity_user, &u);
    u.tenant_id = c->tenant_id;
    u.name = name;
    u.email = email;
    u.role = ROLE_MEMBER;
    u.manager_id = manager;
    u.locale = c->lang == DEMO_EN ? "en" : "zh-CN";
    u.active = 1;
    u.created = demo_at(c, c->q[0].start - 28, seq % 600);
    u.version = 1;
    enum err_code rc = demo_put(c, &entity_user, &u);
    *id = u.id;
    return rc;
}

static enum err_code put_team(struct scale *s, const char *name, int64_t parent, int64_t lead,
                              int64_t *id)
{
    struct team t;
    meta_init(&entity_team, &t);
    t.tenant_id = s->c->tenant_id;
    t.name = name;
    t.parent_id = parent;
    t.lead_id = lead;
    t.created = demo_at(s->c, s->c->q[0].start - 28, 600);
    t.version = 1;
    enum err_code rc = demo_put(s->c, &entity_team, &t);
    *id = t.id;
    return rc;
}

static enum err_code put_member(struct scale *s, int64_t team, int64_t user)
{
    struct membership m = {.tenant_id = s->c->tenant_id, .team_id = team, .user_id = user};
    return demo_put(s->c, &entity_membership, &m);
}

static enum err_code put_request(struct scale *s, const struct owner *ow, const struct sref *src,
                                 int state, int64_t result, int64_t sent, int64_t decided)
{
    struct demo_ctx *c = s->c;
    char msg[TITLE_CAP];
    snprintf(msg, sizeof msg, "@%s %s", ow->name, demo_tx(c, demo_request_msgs[demo_rand(c) % 4]));
    struct request r;
    meta_init(&entity_request, &r);
    r.tenant_id = c->tenant_id;
    r.from_user_id = ow->requester;
    r.to_user_id = ow->user_id;
    r.kr_id = src->kr_id;
    r.message = msg;
    r.state = state;
    if (state == REQ_DECLINED) {
        r.reason = demo_tx(c, demo_decline_reasons[demo_rand(c) % 4]);
    }
    r.result_objective_id = result;
    r.created = demo_at(c, sent, 60);
    r.updated = demo_at(c, decided, 90);
    r.version = state == REQ_PENDING ? 1 : 2;
    return demo_put(c, &entity_request, &r);
}

/* One objective of an owner in quarter q, its key results with their check-ins, and the
 * accepted request that made it when there was one. */
static enum err_code put_objective(struct scale *s, const struct owner *ow, int q, int i,
                                   int title_base)
{
    struct demo_ctx *c = s->c;
    const struct demo_quarter *qu = &c->q[q];
    const struct s_func *fn = &demo_funcs[ow->func];
    int np = ow->parents->n[q];
    const struct sref *parent = np ? &ow->parents->refs[q][demo_rand(c) % (uint64_t)np] : NULL;
    int via_request =
        parent && ow->requester && ow->user_id && demo_unit(c) < (i == 0 ? 0.7 : 0.15);
    int64_t created_day = qu->start - 5;

    struct objective o;
    struct request r;
    if (via_request) {
        /* As in the product: the superior's KR becomes this person's objective. */
        struct objective src;
        struct key_result kr;
        meta_init(&entity_objective, &src);
        meta_init(&entity_key_result, &kr);
        src.id = parent->obj_id;
        src.cycle_id = parent->cycle_id;
        src.kind = parent->kind;
        src.visibility = parent->visibility;
        kr.id = parent->kr_id;
        kr.title = parent->title;
        meta_init(&entity_request, &r);
        r.tenant_id = c->tenant_id;
        r.to_user_id = ow->user_id;
        r.kr_id = parent->kr_id;
        takeon_draft(&r, &src, &kr, demo_at(c, qu->start - 3, 90), &o);
        o.state = OBJ_ACTIVE;
        o.version = 2;
    } else {
        meta_init(&entity_objective, &o);
        o.cycle_id = qu->id;
        o.owner_user_id = ow->user_id;
        o.owner_team_id = ow->team_id;
        o.title = demo_tx(c, fn->objectives[(title_base + i * 3) % DEMO_POOL]);
        o.kind = demo_unit(c) < 0.6 ? KIND_COMMITTED : KIND_ASPIRATIONAL;
        int64_t v = demo_range(c, 0, 99);
        o.visibility = v < 2 && ow->user_id ? VIS_PRIVATE : v < 6 ? VIS_TEAM : VIS_PUBLIC;
        if (parent && demo_unit(c) < 0.2) {
            o.parent_objective_id = parent->obj_id;
        } else if (parent) {
            o.parent_kr_id = parent->kr_id;
        }
        o.state = OBJ_ACTIVE;
        o.created = o.updated = demo_at(c, created_day, demo_range(c, 0, 480));
        o.version = 1;
    }
    o.tenant_id = c->tenant_id;
    o.description = demo_tx(c, demo_desc_person[demo_rand(c) % 4]);
    o.weight = 1;
    int dropped = q == 0 && demo_unit(c) < 0.02;
    if (dropped) {
        o.state = OBJ_DROPPED;
    }

    /* Plan the key results first: a closed quarter's scores come from their final values. */
    int nk = pick_count(c);
    int kbase = (int)(demo_rand(c) % DEMO_POOL);
    struct kr_plan plans[5];
    char titles[5][TITLE_CAP];
    double sum = 0;
    for (int k = 0; k < nk; k++) {
        draw_kr(c, &fn->krs[(kbase + k * 3) % DEMO_POOL], &plans[k], titles[k], TITLE_CAP);
        draw_course(c, &plans[k], q, o.kind);
        if (dropped) {
            plans[k].stop = qu->start + 5 * 7 - 1;
        }
        if (q == 0) {
            sum += demo_kr_plan_final(&plans[k]);
        }
    }
    if (q == 0 && !dropped) {
        double suggested = demo_score(sum / nk);
        double mgr = suggested + (demo_unit(c) < 0.3 ? (demo_unit(c) < 0.5 ? -0.1 : 0.1) : 0);
        double self = suggested + (demo_unit(c) < 0.4 ? 0.1 : 0);
        o.manager_score = demo_round(mgr < 0 ? 0 : mgr > 1 ? 1 : mgr, 1);
        o.self_score = demo_round(self > 1 ? 1 : self, 1);
        o.final_score = o.manager_score;
        o.reflection = demo_tx(c, demo_reflections[demo_rand(c) % 8]);
        if (o.kind == KIND_COMMITTED && o.final_score < 1.0 - 1e-9) {
            o.postmortem = demo_tx(c, demo_postmortems[demo_rand(c) % 6]);
        }
        o.updated = demo_at(c, qu->end + 5, demo_range(c, 0, 480));
        o.version += 3;
    }
    if (demo_put(c, &entity_objective, &o) != ERR_OK) {
        return c->err->code;
    }

    for (int k = 0; k < nk; k++) {
        struct key_result kr;
        meta_init(&entity_key_result, &kr);
        kr.tenant_id = c->tenant_id;
        kr.objective_id = o.id;
        kr.owner_user_id = ow->user_id ? ow->user_id : ow->author;
        kr.title = titles[k];
        kr.type = plans[k].type;
        kr.direction = plans[k].direction;
        kr.start = plans[k].start;
        kr.target = plans[k].target;
        kr.unit = demo_tx(c, fn->krs[(kbase + k * 3) % DEMO_POOL].unit);
        kr.due = qu->end;
        kr.created = o.created + 600 + k * 60;
        if (demo_kr_write(c, &kr, &plans[k], ow->author) != ERR_OK) {
            return c->err->code;
        }
        if (ow->out && ow->out->n[q] < MAX_REFS && !dropped) {
            struct sref *ref = &ow->out->refs[q][ow->out->n[q]++];
            ref->kr_id = kr.id;
            ref->obj_id = o.id;
            ref->cycle_id = o.cycle_id;
            ref->kind = o.kind;
            ref->visibility = o.visibility;
            ref->title = arena_strdup(ow->keep, titles[k]);
            ref->from_user = ow->ref_from;
        }
        /* Some key results carry the initiative that is meant to move them. */
        if (q == 1 && demo_range(c, 0, 9) == 0) {
            struct initiative in;
            meta_init(&entity_initiative, &in);
            in.tenant_id = c->tenant_id;
            in.kr_id = kr.id;
            in.title = demo_tx(c, demo_initiative_pool[demo_rand(c) % 6]);
            in.owner_id = kr.owner_user_id;
            int64_t st = demo_range(c, 0, 2);
            in.state = st == 0 ? INIT_TODO : st == 1 ? INIT_DOING : INIT_DONE;
            in.due = qu->start + demo_range(c, 3, 12) * 7;
            in.created = kr.created + 300;
            in.version = 1 + st;
            if (demo_put(c, &entity_initiative, &in) != ERR_OK) {
                return c->err->code;
            }
        }
    }
    if (q == 1 && ow->requester && demo_range(c, 0, 29) == 0) {
        /* A word from the manager on a few objectives. */
        struct comment cm;
        meta_init(&entity_comment, &cm);
        cm.tenant_id = c->tenant_id;
        cm.objective_id = o.id;
        cm.author_id = ow->requester;
        cm.body = demo_tx(c, demo_comment_pool[demo_rand(c) % 4]);
        cm.at = demo_at(c, c->today - demo_range(c, 0, c->today - qu->start), 200);
        if (demo_put(c, &entity_comment, &cm) != ERR_OK) {
            return c->err->code;
        }
    }
    if (via_request) {
        return put_request(s, ow, parent, REQ_ACCEPTED, o.id, qu->start - 4, qu->start - 3);
    }
    return ERR_OK;
}

static enum err_code put_owner(struct scale *s, const struct owner *ow)
{
    struct demo_ctx *c = s->c;
    if (ow->out) {
        ow->out->n[0] = ow->out->n[1] = 0;
    }
    for (int q = 0; q < 2; q++) {
        int n = pick_count(c);
        int base = (int)(demo_rand(c) % DEMO_POOL);
        for (int i = 0; i < n; i++) {
            if (put_objective(s, ow, q, i, base) != ERR_OK) {
                return c->err->code;
            }
        }
    }
    /* A few take-on requests still waiting for an answer, or declined with a reason. */
    const struct level *pl = ow->parents;
    if (ow->requester && ow->user_id && pl->n[1] > 0) {
        int64_t r = demo_range(c, 0, 99);
        if (r < 5) {
            const struct sref *src = &pl->refs[1][demo_rand(c) % (uint64_t)pl->n[1]];
            int64_t qs = c->q[1].start;
            if (r < 3) {
                int64_t day = c->today - demo_range(c, 0, 3);
                day = day < qs ? qs : day;
                return put_request(s, ow, src, REQ_PENDING, 0, day, day);
            }
            int64_t day = qs + demo_range(c, 0, 14);
            day = day > c->today ? c->today : day;
            int64_t later = day + 1 > c->today ? c->today : day + 1;
            return put_request(s, ow, src, REQ_DECLINED, 0, day, later);
        }
    }
    return ERR_OK;
}

/* The company level: themes, KPIs of nobody in particular aside, and the company objectives of
 * the hand-written company (both quarters), whose key results every department aligns to. */
static enum err_code put_company(struct scale *s)
{
    struct demo_ctx *c = s->c;
    const struct d_company *d = &demo_company;
    int64_t theme_ids[8] = {0};
    for (size_t i = 0; i < d->n_themes && i < 8; i++) {
        struct theme th;
        meta_init(&entity_theme, &th);
        th.tenant_id = c->tenant_id;
        th.title = demo_tx(c, d->themes[i].title);
        th.description = demo_tx(c, d->themes[i].desc);
        th.source = d->themes[i].source;
        th.horizon = d->themes[i].horizon;
        th.owner_id = s->ceo;
        th.position = (int64_t)i + 1;
        th.created = demo_at(c, c->q[0].start - 21, (int64_t)i);
        th.version = 1;
        if (demo_put(c, &entity_theme, &th) != ERR_OK) {
            return c->err->code;
        }
        theme_ids[i] = th.id;
    }
    for (size_t i = 0; i < d->n_objs; i++) {
        const struct d_obj *dob = &d->objs[i];
        if (dob->owner_user || dob->owner_team || dob->request) {
            continue;
        }
        int q = dob->quarter;
        struct objective o;
        meta_init(&entity_objective, &o);
        o.tenant_id = c->tenant_id;
        o.cycle_id = c->q[q].id;
        o.title = demo_tx(c, dob->title);
        o.description = demo_tx(c, dob->desc);
        o.kind = dob->kind;
        for (size_t t = 0; t < d->n_themes && t < 8; t++) {
            if (dob->theme && strcmp(dob->theme, d->themes[t].key) == 0) {
                o.theme_id = theme_ids[t];
            }
        }
        o.state = OBJ_ACTIVE;
        o.weight = 1;
        o.created = o.updated = demo_at(c, c->q[q].start - 7, (int64_t)i);
        o.version = 1;
        struct kr_plan plans[8];
        const struct d_kr *dk[8];
        int n = 0;
        double sum = 0;
        for (size_t k = 0; k < d->n_krs && n < 8; k++) {
            if (strcmp(d->krs[k].obj, dob->key) != 0) {
                continue;
            }
            const struct d_kr *x = &d->krs[k];
            struct kr_plan *p = &plans[n];
            memset(p, 0, sizeof *p);
            p->start = x->start;
            p->target = x->target;
            p->type = x->type;
            p->direction = x->direction;
            p->decimals = x->decimals;
            p->quarter = q;
            p->p = x->p;
            p->curve = x->curve;
            p->checkins = 1;
            p->notes = 1;
            p->stop = DATE_NONE;
            if (q == 0) {
                sum += demo_kr_plan_final(p);
            }
            dk[n++] = x;
        }
        if (q == 0 && n > 0) {
            o.manager_score = o.final_score = demo_score(sum / n);
            o.self_score = o.final_score;
            o.reflection = demo_tx(c, dob->reflection);
            if (o.kind == KIND_COMMITTED && o.final_score < 1.0 - 1e-9) {
                o.postmortem = demo_tx(c, dob->postmortem);
            }
            o.updated = demo_at(c, c->q[0].end + 5, (int64_t)i);
            o.version += 3;
        }
        if (demo_put(c, &entity_objective, &o) != ERR_OK) {
            return c->err->code;
        }
        for (int k = 0; k < n; k++) {
            struct key_result kr;
            meta_init(&entity_key_result, &kr);
            kr.tenant_id = c->tenant_id;
            kr.objective_id = o.id;
            kr.owner_user_id = s->ceo;
            kr.title = demo_tx(c, dk[k]->title);
            kr.type = dk[k]->type;
            kr.direction = dk[k]->direction;
            kr.start = dk[k]->start;
            kr.target = dk[k]->target;
            kr.unit = demo_tx(c, dk[k]->unit);
            kr.due = c->q[q].end;
            kr.created = o.created + 600 + k * 60;
            if (demo_kr_write(c, &kr, &plans[k], s->ceo) != ERR_OK) {
                return c->err->code;
            }
            if (s->company.n[q] < MAX_REFS) {
                s->company.refs[q][s->company.n[q]++] = (struct sref){
                    .kr_id = kr.id,
                    .obj_id = o.id,
                    .cycle_id = o.cycle_id,
                    .kind = o.kind,
                    .visibility = o.visibility,
                    .title = kr.title,
                    .from_user = s->ceo,
                };
            }
        }
    }
    return ERR_OK;
}

/* "一".."九十九" for numbered department and team names; digits past that. */
static void zh_numeral(char *buf, size_t cap, int64_t n)
{
    static const char *const digit[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n < 1 || n > 99) {
        snprintf(buf, cap, "%lld", (long long)n);
    } else if (n < 10) {
        snprintf(buf, cap, "%s", digit[n]);
    } else {
        snprintf(buf, cap, "%s十%s", n / 10 == 1 ? "" : digit[n / 10], digit[n % 10]);
    }
}

/* Department d's name: the function's name, then by region, then numbered by region. */
static void dept_name(const struct demo_ctx *c, int64_t d, char *buf, size_t cap)
{
    const struct s_func *f = &demo_funcs[d % DEMO_FUNCS];
    int64_t k = d / DEMO_FUNCS;
    if (k == 0) {
        snprintf(buf, cap, "%s", demo_tx(c, f->dept));
        return;
    }
    const char *region = demo_tx(c, demo_regions[(k - 1) % 7]);
    int64_t m = (k - 1) / 7 + 1;
    if (c->lang == DEMO_EN) {
        if (m == 1) {
            snprintf(buf, cap, "%s, %s", demo_tx(c, f->dept), region);
        } else {
            snprintf(buf, cap, "%s, %s %lld", demo_tx(c, f->dept), region, (long long)m);
        }
    } else if (m == 1) {
        snprintf(buf, cap, "%s%s", region, f->dept.zh);
    } else {
        char num[32];
        zh_numeral(num, sizeof num, m);
        snprintf(buf, cap, "%s%s%s部", region, f->dept_stem.zh, num);
    }
}

static void team_name(const struct demo_ctx *c, int func, int64_t t, char *buf, size_t cap)
{
    const struct s_func *f = &demo_funcs[func];
    const struct tx type = f->team_types[t % 4];
    int64_t n = t / 4 + 1;
    if (c->lang == DEMO_EN) {
        snprintf(buf, cap, "%s %lld", type.en, (long long)n);
    } else {
        char num[32];
        zh_numeral(num, sizeof num, n);
        snprintf(buf, cap, "%s%s组", type.zh, num);
    }
}

static enum err_code put_kpi(struct scale *s, const struct s_func *f, int64_t team)
{
    struct demo_ctx *c = s->c;
    struct kpi k;
    meta_init(&entity_kpi, &k);
    k.tenant_id = c->tenant_id;
    k.owner_team_id = team;
    k.name = demo_tx(c, f->kpi_name);
    k.unit = demo_tx(c, f->kpi_unit);
    k.direction = f->kpi_direction;
    k.threshold = f->kpi_threshold;
    k.created = demo_at(c, c->q[0].start - 21, 60);
    k.version = 1;
    if (demo_put(c, &entity_kpi, &k) != ERR_OK) {
        return c->err->code;
    }
    double v[12];
    int dec = f->kpi_hi - f->kpi_lo < 5 ? 1 : 0;
    for (int i = 0; i < 12; i++) {
        v[i] = demo_round(f->kpi_lo + (f->kpi_hi - f->kpi_lo) * demo_unit(c), dec);
    }
    return demo_kpi_values(c, k.id, v, 12);
}

/* One team: its lead and members, the team's objectives (aligned to the department's key
 * results), the lead's (asked by the head), and each member's (asked by the lead). */
static enum err_code put_team_people(struct scale *s, int func, int64_t dept_team, int64_t head,
                                     int64_t team_no, int64_t size, int64_t *seq)
{
    struct demo_ctx *c = s->c;
    char name[128], lead_name[128], person[128];
    int64_t lead, team;
    team_name(c, func, team_no, name, sizeof name);
    if (put_user(s, head, (*seq)++, lead_name, sizeof lead_name, &lead) != ERR_OK ||
        put_team(s, name, dept_team, lead, &team) != ERR_OK ||
        put_member(s, team, lead) != ERR_OK) {
        return c->err->code;
    }
    arena_reset(&s->team_text);
    struct owner tw = {.team_id = team,
                       .name = name,
                       .func = func,
                       .author = lead,
                       .parents = &s->dept,
                       .out = &s->team,
                       .keep = &s->team_text,
                       .ref_from = lead};
    struct owner lw = {.user_id = lead,
                       .name = lead_name,
                       .func = func,
                       .author = lead,
                       .requester = head,
                       .parents = &s->dept};
    if (put_owner(s, &tw) != ERR_OK || put_owner(s, &lw) != ERR_OK) {
        return c->err->code;
    }
    report(s, 1);
    for (int64_t m = 1; m < size; m++) {
        int64_t u;
        if (put_user(s, lead, (*seq)++, person, sizeof person, &u) != ERR_OK ||
            put_member(s, team, u) != ERR_OK) {
            return c->err->code;
        }
        struct owner pw = {.user_id = u,
                           .name = person,
                           .func = func,
                           .author = u,
                           .requester = lead,
                           .parents = &s->team};
        if (put_owner(s, &pw) != ERR_OK) {
            return c->err->code;
        }
        report(s, 1);
    }
    return ERR_OK;
}

static enum err_code put_department(struct scale *s, int64_t d, int64_t quota, int64_t *seq)
{
    struct demo_ctx *c = s->c;
    int func = (int)(d % DEMO_FUNCS);
    const struct s_func *f = &demo_funcs[func];
    char name[160], head_name[128];
    int64_t head, team;
    dept_name(c, d, name, sizeof name);
    if (put_user(s, s->ceo, (*seq)++, head_name, sizeof head_name, &head) != ERR_OK ||
        put_team(s, name, s->root_team, head, &team) != ERR_OK ||
        put_member(s, team, head) != ERR_OK || put_kpi(s, f, team) != ERR_OK) {
        return c->err->code;
    }
    arena_reset(&s->dept_text);
    struct owner dw = {.team_id = team,
                       .name = name,
                       .func = func,
                       .author = head,
                       .parents = &s->company,
                       .out = &s->dept,
                       .keep = &s->dept_text,
                       .ref_from = head};
    struct owner hw = {.user_id = head,
                       .name = head_name,
                       .func = func,
                       .author = head,
                       .requester = s->ceo,
                       .parents = &s->company};
    if (put_owner(s, &dw) != ERR_OK || put_owner(s, &hw) != ERR_OK) {
        return c->err->code;
    }
    report(s, 1);
    /* Teams of 5-12 (lead included) that use up the department's people exactly. */
    for (int64_t t = 0; quota > 0; t++) {
        int64_t size = quota <= 12 ? quota : demo_range(c, 5, 12);
        if (quota - size > 0 && quota - size < 5) {
            size = quota - 5;
        }
        if (put_team_people(s, func, team, head, t, size, seq) != ERR_OK) {
            return c->err->code;
        }
        quota -= size;
    }
    return ERR_OK;
}

enum err_code demo_scale(struct demo_ctx *c, int64_t people)
{
    struct scale s = {.c = c, .people = people, .step = people / 100 > 0 ? people / 100 : 1};
    arena_init(&s.dept_text, 0);
    arena_init(&s.team_text, 0);
    enum err_code rc = ERR_OK;
    int64_t seq = 1;
    char ceo_name[64];
    /* The CEO is the hand-written company's. */
    struct user u;
    meta_init(&entity_user, &u);
    u.tenant_id = c->tenant_id;
    snprintf(ceo_name, sizeof ceo_name, "%s", demo_tx(c, demo_company.people[0].name));
    u.name = ceo_name;
    u.email = "chen.mingyuan@demo.okr.example";
    u.role = ROLE_ADMIN;
    u.locale = c->lang == DEMO_EN ? "en" : "zh-CN";
    u.active = 1;
    u.created = demo_at(c, c->q[0].start - 28, 0);
    u.version = 1;
    if (demo_put(c, &entity_user, &u) != ERR_OK ||
        put_team(&s, demo_tx(c, demo_company.teams[0].name), 0, u.id, &s.root_team) != ERR_OK ||
        put_member(&s, s.root_team, u.id) != ERR_OK) {
        rc = c->err->code;
        goto out;
    }
    s.ceo = u.id;
    if (put_company(&s) != ERR_OK) {
        rc = c->err->code;
        goto out;
    }
    report(&s, 1);

    /* Departments: about as many as each holds teams (a square), at least the four named in the
     * hand-written company when there are people enough, each with room for a team of 5. */
    int64_t rest = people - 1;
    int64_t nd = (int64_t)llround(sqrt((double)rest / 8.5));
    int64_t most = rest / 6;
    if (nd < 4) {
        nd = most < 4 ? most : 4;
    }
    if (nd > most) {
        nd = most;
    }
    if (nd < 1) {
        nd = 1;
    }
    int64_t in_teams = rest - nd;
    for (int64_t d = 0; d < nd; d++) {
        int64_t quota = in_teams * (d + 1) / nd - in_teams * d / nd;
        if (put_department(&s, d, quota, &seq) != ERR_OK) {
            rc = c->err->code;
            goto out;
        }
    }
out:
    arena_free(&s.dept_text);
    arena_free(&s.team_text);
    return rc;
}
