/* Export and import of a whole tenant in the interchange format (DESIGN.md section 4,
 * docs/interchange.md). One table of record specs (the name of each field in the file, the
 * descriptor field behind it, whether it is required) drives both directions, so they cannot drift
 * apart.
 *
 * Export reads each entity once (one store_list each) and finds records by id with a binary
 * search over the id-ordered rows. Import parses the document with jansson, checks all of it into
 * arena records whose references are positions in the file, then writes everything in one
 * transaction, turning positions into the new ids as it goes. Keys of nested records (key results,
 * initiatives) are numbered in document order, which is also the order import inserts them in:
 * that is what makes export -> import -> export byte-identical. */
#include "interchange.h"

#include "core/json.h"
#include "core/log.h"
#include "core/timefmt.h"
#include "domain/coach.h"
#include "domain/rules.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    IMPORT_MAX_BYTES = SVC_IMPORT_MAX_BYTES,
    KEY_MAX_LEN = 100, /* bytes */
    MAX_SPEC = 24,     /* fields of the widest record */
    MAX_FIELDS = 32,   /* descriptor fields of the widest entity */
    PATH_LEN = 160,
};

/* The kinds of record in a document. */
enum rec {
    R_TENANT,
    R_USER,
    R_TEAM,
    R_MEMBERSHIP,
    R_THEME,
    R_CYCLE,
    R_KPI,
    R_KPI_VALUE,
    R_OBJECTIVE,
    R_KR,
    R_INITIATIVE,
    R_CHECKIN,
    R_COMMENT,
    R_REQUEST,
    R_DISMISSAL,
    R_COUNT,
    R_NONE = R_COUNT,
};

enum xk {
    XK_KEY,    /* the record's key */
    XK_FIELD,  /* a descriptor field, written as meta_write_field writes it */
    XK_REF,    /* a reference: KEY or null */
    XK_OWNER,  /* {"user":K} | {"team":K} (| {"company":true} for objectives, null for KPIs) */
    XK_PARENT, /* {"objective":K} | {"key_result":K} | null */
    XK_SOURCE, /* {"objective":K} | {"key_result":K} */
    XK_NESTED, /* an array of records held by this one */
    XK_SUBJECT, /* {"tenant": true} | {"theme"|"objective"|"key_result"|"user"|"team"|"request": K} */
};

struct xspec {
    const char *json; /* name in the file */
    enum xk kind;
    const char *meta, *meta2; /* descriptor fields; meta2 is the other half of an either-or */
    bool required;            /* must be present in the file */
};

/* The record tables read best one field to a line, as the format is read. */
/* clang-format off */
#define XKEY {"key", XK_KEY, NULL, NULL, true}
#define XFLD(N) {#N, XK_FIELD, #N, NULL, false}
#define XREQ(N) {#N, XK_FIELD, #N, NULL, true}
#define XREF(J, M) {J, XK_REF, M, NULL, false}
#define XNEST(J) {J, XK_NESTED, NULL, NULL, false}

/* Field order here is the order of the exported document. */
static const struct xspec tenant_spec[] = {
    XREQ(name),   XFLD(mission),         XFLD(vision),  XFLD(timezone),
    XFLD(locale), XFLD(rollup_children), XFLD(created),
};
static const struct xspec user_spec[] = {
    XKEY,         XREQ(name),   XREQ(email),   XFLD(role), XREF("manager", "manager_id"),
    XFLD(locale), XFLD(active), XFLD(created),
};
static const struct xspec team_spec[] = {
    XKEY,
    XREQ(name),
    XREF("parent", "parent_id"),
    XREF("lead", "lead_id"),
    XNEST("members"),
    XFLD(created),
};
static const struct xspec theme_spec[] = {
    XKEY,           XREQ(title),   XFLD(description),
    XFLD(source),   XFLD(horizon), XREF("owner", "owner_id"),
    XFLD(position), XFLD(created),
};
static const struct xspec cycle_spec[] = {
    XKEY,        XREQ(name),    XREQ(start), XREQ(end), XFLD(kind), XREF("parent", "parent_id"),
    XFLD(state), XFLD(created),
};
static const struct xspec kpi_spec[] = {
    XKEY,
    XREQ(name),
    XFLD(unit),
    XFLD(direction),
    XFLD(threshold),
    {"owner", XK_OWNER, "owner_user_id", "owner_team_id", false},
    XFLD(created),
    XNEST("values"),
};
static const struct xspec kpi_value_spec[] = {
    XREQ(on),
    XREQ(value),
};
static const struct xspec objective_spec[] = {
    XKEY,
    {"cycle", XK_REF, "cycle_id", NULL, true},
    {"owner", XK_OWNER, "owner_user_id", "owner_team_id", true},
    XREQ(title),
    XFLD(description),
    XFLD(kind),
    XFLD(visibility),
    XREF("theme", "theme_id"),
    {"parent", XK_PARENT, "parent_objective_id", "parent_kr_id", false},
    XREF("kpi", "kpi_id"),
    XFLD(state),
    XFLD(self_score),
    XFLD(manager_score),
    XFLD(final_score),
    XFLD(reflection),
    XFLD(postmortem),
    XFLD(weight),
    XFLD(created),
    XFLD(updated),
    XNEST("comments"),
    XNEST("key_results"),
};
static const struct xspec kr_spec[] = {
    XKEY,
    XREF("owner", "owner_user_id"),
    XREQ(title),
    XFLD(type),
    XFLD(direction),
    XFLD(start),
    XFLD(target),
    XFLD(current),
    XFLD(unit),
    XFLD(weight),
    XFLD(confidence),
    XFLD(due),
    XFLD(created),
    XFLD(updated),
    XNEST("initiatives"),
    XNEST("checkins"),
    XNEST("comments"),
};
static const struct xspec initiative_spec[] = {
    XKEY, XREQ(title), XREF("owner", "owner_id"), XFLD(state), XFLD(due), XFLD(created),
};
static const struct xspec checkin_spec[] = {
    XREF("author", "author_id"), XFLD(at), XREQ(value), XFLD(confidence), XFLD(status), XFLD(note),
};
static const struct xspec comment_spec[] = {
    XREF("author", "author_id"),
    XREQ(body),
    XFLD(at),
};
static const struct xspec request_spec[] = {
    XKEY,
    {"from", XK_REF, "from_user_id", NULL, true},
    {"to", XK_REF, "to_user_id", NULL, true},
    {"source", XK_SOURCE, "objective_id", "kr_id", true},
    XFLD(message),
    XFLD(state),
    XFLD(reason),
    XREF("result", "result_objective_id"),
    XFLD(created),
    XFLD(updated),
};
static const struct xspec dismissal_spec[] = {
    XREQ(rule),
    {"entity", XK_SUBJECT, "entity", "entity_id", true},
    XREQ(reason),
    XREF("user", "user_id"),
    XFLD(at),
    XREF("cycle", "cycle_id"),
};
/* clang-format on */

#define NSPEC(S) (sizeof S / sizeof S[0])
_Static_assert(NSPEC(objective_spec) <= MAX_SPEC, "MAX_SPEC too small");

struct rdesc {
    const struct entity *e;
    const char *a_what;  /* "a user": for messages */
    const char *prefix;  /* of exported keys; NULL: the record has no key */
    const char *section; /* its top-level array, NULL when nested (or the tenant) */
    const struct xspec *spec;
    size_t nspec;
};

static const struct rdesc recs[R_COUNT] = {
    [R_TENANT] = {&entity_tenant, "the tenant", NULL, NULL, tenant_spec, NSPEC(tenant_spec)},
    [R_USER] = {&entity_user, "a user", "u", "users", user_spec, NSPEC(user_spec)},
    [R_TEAM] = {&entity_team, "a team", "t", "teams", team_spec, NSPEC(team_spec)},
    [R_MEMBERSHIP] = {&entity_membership, "a membership", NULL, NULL, NULL, 0},
    [R_THEME] = {&entity_theme, "a theme", "th", "themes", theme_spec, NSPEC(theme_spec)},
    [R_CYCLE] = {&entity_cycle, "a cycle", "c", "cycles", cycle_spec, NSPEC(cycle_spec)},
    [R_KPI] = {&entity_kpi, "a KPI", "k", "kpis", kpi_spec, NSPEC(kpi_spec)},
    [R_KPI_VALUE] = {&entity_kpi_value, "a KPI value", NULL, NULL, kpi_value_spec,
                     NSPEC(kpi_value_spec)},
    [R_OBJECTIVE] = {&entity_objective, "an objective", "o", "objectives", objective_spec,
                     NSPEC(objective_spec)},
    [R_KR] = {&entity_key_result, "a key result", "kr", NULL, kr_spec, NSPEC(kr_spec)},
    [R_INITIATIVE] = {&entity_initiative, "an initiative", "i", NULL, initiative_spec,
                      NSPEC(initiative_spec)},
    [R_CHECKIN] = {&entity_checkin, "a check-in", NULL, NULL, checkin_spec, NSPEC(checkin_spec)},
    [R_COMMENT] = {&entity_comment, "a comment", NULL, NULL, comment_spec, NSPEC(comment_spec)},
    [R_REQUEST] = {&entity_request, "a take-on request", "r", "requests", request_spec,
                   NSPEC(request_spec)},
    [R_DISMISSAL] = {&entity_finding_dismissal, "a dismissal", NULL, "dismissals", dismissal_spec,
                     NSPEC(dismissal_spec)},
};

/* What a dismissal's entity names (enum coach_subject order), as a record kind; R_TENANT for
 * the company. */
static const enum rec subject_rec[COACH_SUBJECTS] = {
    [SUBJ_TENANT] = R_TENANT,         [SUBJ_THEME] = R_THEME, [SUBJ_OBJECTIVE] = R_OBJECTIVE,
    [SUBJ_KEY_RESULT] = R_KR,         [SUBJ_USER] = R_USER,   [SUBJ_TEAM] = R_TEAM,
    [SUBJ_REQUEST] = R_REQUEST,
};

/* The top-level arrays, in document order. */
static const enum rec sections[] = {R_USER, R_TEAM,      R_THEME,   R_CYCLE,
                                    R_KPI,  R_OBJECTIVE, R_REQUEST, R_DISMISSAL};

static enum rec rec_of(const struct entity *e)
{
    for (int r = 0; r < R_COUNT; r++) {
        if (recs[r].e == e) {
            return (enum rec)r;
        }
    }
    return R_NONE;
}

/* Descriptor lookups resolved once per call rather than per record (meta_field is a linear
 * search, and a large tenant has millions of records). */
struct fcache {
    const struct field *f[R_COUNT][MAX_SPEC][2];
    enum rec to[R_COUNT][MAX_SPEC][2];      /* the record kind a reference field points at */
    enum rec field_to[R_COUNT][MAX_FIELDS]; /* same, by descriptor field position */
    size_t id_off[R_COUNT];
};

/* Fails (ERR_INTERNAL) when a spec names a field the descriptors do not have: a renamed field
 * must break the build's tests loudly, not export nulls. */
static enum err_code fcache_fill(struct fcache *c, struct err *err)
{
    for (int r = 0; r < R_COUNT; r++) {
        const struct rdesc *d = &recs[r];
        const struct field *id = meta_field(d->e, "id");
        if (!id || d->e->nfields > MAX_FIELDS || d->nspec > MAX_SPEC) {
            log_msg(LOG_ERROR, "interchange: entity %s does not fit the specs", d->e->name);
            return err_set(err, ERR_INTERNAL, NULL, "interchange: internal error");
        }
        c->id_off[r] = id->offset;
        for (size_t k = 0; k < d->nspec; k++) {
            const char *names[2] = {d->spec[k].meta, d->spec[k].meta2};
            for (int h = 0; h < 2; h++) {
                const struct field *f = names[h] ? meta_field(d->e, names[h]) : NULL;
                if (names[h] && !f) {
                    log_msg(LOG_ERROR, "interchange: %s has no field %s", d->e->name, names[h]);
                    return err_set(err, ERR_INTERNAL, NULL, "interchange: internal error");
                }
                c->f[r][k][h] = f;
                c->to[r][k][h] = f && f->type == FT_REF ? rec_of(f->ref) : R_NONE;
            }
        }
        for (size_t i = 0; i < d->e->nfields; i++) {
            const struct field *f = &d->e->fields[i];
            c->field_to[r][i] = f->type == FT_REF ? rec_of(f->ref) : R_NONE;
        }
    }
    return ERR_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Export                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/* Children of each parent row: idx[start[p] .. start[p + 1]) in child id order. */
struct group {
    size_t *start;
    size_t *idx;
};

struct exporter {
    struct json j;
    struct arena *a;
    struct fcache fc;
    char *items[R_COUNT];
    size_t n[R_COUNT];
    size_t *num[R_COUNT]; /* key number by row; NULL: position + 1 */
    struct group members, values, krs, obj_comments, kr_comments, initiatives, checkins;
    size_t *scratch; /* member user rows of one team */
    size_t next_initiative;
    bool broken; /* a reference to a missing record (a damaged database) */
};

static const void *ex_row(const struct exporter *x, enum rec r, size_t i)
{
    return x->items[r] + i * recs[r].e->size;
}

static int64_t ex_id(const struct exporter *x, enum rec r, size_t i)
{
    int64_t id;
    memcpy(&id, (const char *)ex_row(x, r, i) + x->fc.id_off[r], sizeof id);
    return id;
}

/* The row of record id in r (rows are in id order), or SIZE_MAX. */
static size_t ex_find(const struct exporter *x, enum rec r, int64_t id)
{
    size_t lo = 0, hi = x->n[r];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t v = ex_id(x, r, mid);
        if (v < id) {
            lo = mid + 1;
        } else if (v > id) {
            hi = mid;
        } else {
            return mid;
        }
    }
    return SIZE_MAX;
}

static void group_build(struct exporter *x, struct group *g, enum rec parent, enum rec child,
                        const char *field)
{
    const struct field *f = meta_field(recs[child].e, field);
    size_t np = x->n[parent], nc = x->n[child];
    size_t *pos = arena_alloc(x->a, (nc + 1) * sizeof *pos);
    g->start = arena_alloc(x->a, (np + 1) * sizeof *g->start);
    g->idx = arena_alloc(x->a, (nc + 1) * sizeof *g->idx);
    for (size_t c = 0; c < nc; c++) {
        int64_t v = meta_get_i64(f, ex_row(x, child, c));
        pos[c] = v ? ex_find(x, parent, v) : SIZE_MAX;
        if (pos[c] != SIZE_MAX) {
            g->start[pos[c] + 1]++;
        }
    }
    for (size_t p = 1; p <= np; p++) {
        g->start[p] += g->start[p - 1];
    }
    size_t *fill = arena_alloc(x->a, (np + 1) * sizeof *fill);
    memcpy(fill, g->start, (np + 1) * sizeof *fill);
    for (size_t c = 0; c < nc; c++) {
        if (pos[c] != SIZE_MAX) {
            g->idx[fill[pos[c]]++] = c;
        }
    }
}

static void ex_key(struct exporter *x, enum rec r, size_t num)
{
    char b[32];
    snprintf(b, sizeof b, "%s%zu", recs[r].prefix, num);
    json_str(&x->j, b);
}

static void ex_ref(struct exporter *x, enum rec r, int64_t id)
{
    if (!id) {
        json_none(&x->j);
        return;
    }
    size_t i = r == R_NONE ? SIZE_MAX : ex_find(x, r, id);
    size_t num = i == SIZE_MAX ? 0 : x->num[r] ? x->num[r][i] : i + 1;
    if (!num) {
        log_msg(LOG_ERROR, "export: %s %lld is referred to but missing",
                r == R_NONE ? "record" : recs[r].e->name, (long long)id);
        x->broken = true;
        json_none(&x->j);
        return;
    }
    ex_key(x, r, num);
}

/* owner / parent / source: an object naming one of two references, else company or null. */
static void ex_either(struct exporter *x, const void *row, enum rec r, size_t k, const char *n1,
                      const char *n2, bool company)
{
    const struct field *f1 = x->fc.f[r][k][0], *f2 = x->fc.f[r][k][1];
    int64_t v1 = meta_get_i64(f1, row), v2 = meta_get_i64(f2, row);
    if (!v1 && !v2 && !company) {
        json_none(&x->j);
        return;
    }
    json_obj_open(&x->j);
    if (v1) {
        json_key(&x->j, n1);
        ex_ref(x, x->fc.to[r][k][0], v1);
    } else if (v2) {
        json_key(&x->j, n2);
        ex_ref(x, x->fc.to[r][k][1], v2);
    } else {
        json_key(&x->j, "company");
        json_bool(&x->j, true);
    }
    json_obj_close(&x->j);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static void ex_record(struct exporter *x, enum rec r, size_t i, size_t keynum);

static void ex_children(struct exporter *x, const struct group *g, size_t p, enum rec child)
{
    json_arr_open(&x->j);
    for (size_t c = g->start[p]; c < g->start[p + 1]; c++) {
        size_t row = g->idx[c];
        size_t num = child == R_INITIATIVE ? ++x->next_initiative
                     : x->num[child]       ? x->num[child][row]
                                           : row + 1;
        ex_record(x, child, row, num);
    }
    json_arr_close(&x->j);
}

static void ex_members(struct exporter *x, size_t team)
{
    size_t n = 0;
    for (size_t c = x->members.start[team]; c < x->members.start[team + 1]; c++) {
        const struct membership *m = ex_row(x, R_MEMBERSHIP, x->members.idx[c]);
        size_t u = ex_find(x, R_USER, m->user_id);
        if (u == SIZE_MAX) {
            x->broken = true;
            continue;
        }
        x->scratch[n++] = u;
    }
    /* Members in user id order, whatever order they joined in. */
    qsort(x->scratch, n, sizeof *x->scratch, cmp_size);
    json_arr_open(&x->j);
    for (size_t k = 0; k < n; k++) {
        ex_key(x, R_USER, x->scratch[k] + 1);
    }
    json_arr_close(&x->j);
}

static void ex_nested(struct exporter *x, enum rec r, size_t i, const char *name)
{
    if (r == R_TEAM) {
        ex_members(x, i);
    } else if (r == R_KPI) {
        ex_children(x, &x->values, i, R_KPI_VALUE);
    } else if (r == R_OBJECTIVE && !strcmp(name, "comments")) {
        ex_children(x, &x->obj_comments, i, R_COMMENT);
    } else if (r == R_OBJECTIVE) {
        ex_children(x, &x->krs, i, R_KR);
    } else if (!strcmp(name, "initiatives")) {
        ex_children(x, &x->initiatives, i, R_INITIATIVE);
    } else if (!strcmp(name, "checkins")) {
        ex_children(x, &x->checkins, i, R_CHECKIN);
    } else {
        ex_children(x, &x->kr_comments, i, R_COMMENT);
    }
}

/* A dismissal's record: {"tenant": true} or {"KIND": KEY}. */
static void ex_subject(struct exporter *x, const struct finding_dismissal *d)
{
    int subj = coach_subject_parse(d->entity);
    json_obj_open(&x->j);
    json_key(&x->j, d->entity);
    if (subj == SUBJ_TENANT) {
        json_bool(&x->j, true);
    } else {
        ex_ref(x, subject_rec[subj], d->entity_id);
    }
    json_obj_close(&x->j);
}

/* True when dismissal d names a record the export holds: dismissals outlive the records they
 * name (entity_id is not a checked reference), and one about a deleted record says nothing. */
static bool ex_subject_exists(const struct exporter *x, const struct finding_dismissal *d)
{
    int subj = coach_subject_parse(d->entity);
    if (subj < 0) {
        return false;
    }
    if (subj == SUBJ_TENANT) {
        return d->entity_id == ex_id(x, R_TENANT, 0);
    }
    return ex_find(x, subject_rec[subj], d->entity_id) != SIZE_MAX;
}

static void ex_record(struct exporter *x, enum rec r, size_t i, size_t keynum)
{
    const struct rdesc *d = &recs[r];
    const void *row = ex_row(x, r, i);
    json_obj_open(&x->j);
    for (size_t k = 0; k < d->nspec; k++) {
        const struct xspec *s = &d->spec[k];
        json_key(&x->j, s->json);
        switch (s->kind) {
        case XK_KEY:
            ex_key(x, r, keynum);
            break;
        case XK_FIELD:
            meta_write_field(x->fc.f[r][k][0], row, &x->j);
            break;
        case XK_REF:
            ex_ref(x, x->fc.to[r][k][0], meta_get_i64(x->fc.f[r][k][0], row));
            break;
        case XK_OWNER:
            ex_either(x, row, r, k, "user", "team", r == R_OBJECTIVE);
            break;
        case XK_PARENT:
        case XK_SOURCE:
            ex_either(x, row, r, k, "objective", "key_result", false);
            break;
        case XK_NESTED:
            ex_nested(x, r, i, s->json);
            break;
        case XK_SUBJECT:
            ex_subject(x, row);
            break;
        }
    }
    json_obj_close(&x->j);
}

static enum err_code ex_load(struct exporter *x, struct svc *s, struct err *err)
{
    struct tenant *t = arena_alloc(x->a, sizeof *t);
    if (store_get(s->st, &entity_tenant, 0, s->tenant_id, t, x->a, err) != ERR_OK) {
        return err->code;
    }
    x->items[R_TENANT] = (char *)t;
    x->n[R_TENANT] = 1;
    for (int r = R_TENANT + 1; r < R_COUNT; r++) {
        struct query q = {.tenant_id = s->tenant_id};
        struct rows rows;
        if (store_list(s->st, recs[r].e, &q, x->a, &rows, err) != ERR_OK) {
            return err->code;
        }
        x->items[r] = rows.items;
        x->n[r] = rows.n;
        /* Keys and lookups rely on the store's id order: check it rather than trust it. */
        for (size_t i = 1; i < rows.n; i++) {
            if (ex_id(x, (enum rec)r, i - 1) >= ex_id(x, (enum rec)r, i)) {
                log_msg(LOG_ERROR, "export: %s not in id order", recs[r].e->plural);
                return err_set(err, ERR_INTERNAL, NULL, "export failed: records out of order");
            }
        }
    }
    return ERR_OK;
}

static void ex_prepare(struct exporter *x)
{
    group_build(x, &x->members, R_TEAM, R_MEMBERSHIP, "team_id");
    group_build(x, &x->values, R_KPI, R_KPI_VALUE, "kpi_id");
    group_build(x, &x->krs, R_OBJECTIVE, R_KR, "objective_id");
    group_build(x, &x->obj_comments, R_OBJECTIVE, R_COMMENT, "objective_id");
    group_build(x, &x->kr_comments, R_KR, R_COMMENT, "kr_id");
    group_build(x, &x->initiatives, R_KR, R_INITIATIVE, "kr_id");
    group_build(x, &x->checkins, R_KR, R_CHECKIN, "kr_id");
    x->scratch = arena_alloc(x->a, (x->n[R_MEMBERSHIP] + 1) * sizeof *x->scratch);
    struct finding_dismissal *d = (struct finding_dismissal *)x->items[R_DISMISSAL];
    size_t kept = 0;
    for (size_t i = 0; i < x->n[R_DISMISSAL]; i++) {
        if (ex_subject_exists(x, &d[i])) {
            d[kept++] = d[i];
        }
    }
    x->n[R_DISMISSAL] = kept;
    /* Key results are numbered in document order (objective by objective), the order import
     * inserts them in; a KR whose objective is gone keeps 0 and is reported if referred to. */
    x->num[R_KR] = arena_alloc(x->a, (x->n[R_KR] + 1) * sizeof *x->num[R_KR]);
    size_t next = 0;
    for (size_t o = 0; o < x->n[R_OBJECTIVE]; o++) {
        for (size_t c = x->krs.start[o]; c < x->krs.start[o + 1]; c++) {
            x->num[R_KR][x->krs.idx[c]] = ++next;
        }
    }
}

static void ex_write(struct exporter *x)
{
    json_obj_open(&x->j);
    json_key(&x->j, "format");
    json_str(&x->j, "okr");
    json_key(&x->j, "version");
    json_int(&x->j, 1);
    json_key(&x->j, "tenant");
    ex_record(x, R_TENANT, 0, 0);
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        enum rec r = sections[k];
        json_key(&x->j, recs[r].section);
        json_arr_open(&x->j);
        for (size_t i = 0; i < x->n[r]; i++) {
            ex_record(x, r, i, i + 1);
        }
        json_arr_close(&x->j);
    }
    json_obj_close(&x->j);
    sb_putc(x->j.out, '\n');
}

enum err_code svc_export(struct svc *s, struct sb *out, struct err *err)
{
    if (!s->actor.system && !s->actor.admin) {
        return err_set(err, ERR_FORBIDDEN, NULL, "only an administrator can export the tenant");
    }
    struct exporter *x = arena_alloc(s->a, sizeof *x);
    x->a = s->a;
    if (fcache_fill(&x->fc, err) != ERR_OK || store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = ex_load(x, s, err);
    /* Everything needed is in the arena now: end the read transaction before writing. */
    store_rollback(s->st);
    if (rc != ERR_OK) {
        return rc;
    }
    ex_prepare(x);
    size_t mark = out->len;
    json_init(&x->j, out, 2);
    ex_write(x);
    if (x->broken || out->overflow) {
        out->len = mark;
        if (out->p) {
            out->p[mark] = '\0';
        }
        if (x->broken) {
            return err_set(err, ERR_INTERNAL, NULL,
                           "export failed: the database refers to a missing record");
        }
        return err_set(err, ERR_LIMIT, NULL, "the export is larger than the output allows");
    }
    return ERR_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Import                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/* Keys of the document: one namespace for every kind, so that a key of the wrong kind can be
 * named as such. Open addressing; strings point into the parsed document. */
struct kent {
    const char *s;
    size_t n;
    enum rec r;
    size_t i;
};

struct kmap {
    struct kent *t;
    size_t mask;
};

static void kmap_init(struct kmap *m, struct arena *a, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n) {
        cap <<= 1;
    }
    m->t = arena_alloc(a, cap * sizeof *m->t);
    m->mask = cap - 1;
}

/* The entry of s, or the empty slot where it belongs (the table is never more than half full). */
static struct kent *kmap_slot(const struct kmap *m, const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    }
    size_t p = (size_t)h & m->mask;
    while (m->t[p].s && !(m->t[p].n == n && memcmp(m->t[p].s, s, n) == 0)) {
        p = (p + 1) & m->mask;
    }
    return &m->t[p];
}

struct range {
    size_t b, e;
};

struct importer {
    struct arena *a;
    struct store *st;
    int64_t now;
    struct err *err;
    struct fcache fc;
    json_t *tenant, *sec[R_COUNT]; /* the tenant object and top-level arrays (NULL: absent) */
    struct kmap keys;
    size_t n[R_COUNT];
    size_t fill[R_COUNT]; /* records parsed so far */
    char *items[R_COUNT];
    int64_t *ids[R_COUNT]; /* new ids, by position */
    struct range *members, *values, *obj_comments, *krs, *initiatives, *checkins, *kr_comments;
    int64_t *held, *held_kr; /* self-references set once every record of the kind is in */
    int64_t tenant_id;
};

/* A copy of user text fit for a message: at most 40 bytes, whole UTF-8 characters; control
 * characters and bytes that are not UTF-8 (jansson quotes raw input in its errors) as '?'. */
static const char *clip(char buf[48], const char *s)
{
    size_t o = 0, n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (o + len > 40) {
            buf[o++] = '.';
            buf[o++] = '.';
            break;
        }
        if (len > n - i || !meta_text_ok(s + i, len, false)) {
            buf[o++] = '?';
            i++;
            continue;
        }
        memcpy(buf + o, s + i, len);
        o += len;
        i += len;
    }
    buf[o] = '\0';
    return buf;
}

/* Cuts s to fit cap bytes (with the NUL) and drops a trailing incomplete UTF-8 character, which
 * an earlier snprintf may have left. */
static void fit(char *s, size_t cap)
{
    size_t n = strlen(s);
    if (n >= cap) {
        n = cap - 1;
    }
    size_t lead = n;
    while (lead > 0 && ((unsigned char)s[lead - 1] & 0xc0) == 0x80) {
        lead--;
    }
    if (lead > 0) {
        unsigned char c = (unsigned char)s[lead - 1];
        size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        if (n - (lead - 1) < len) {
            n = lead - 1;
        }
    }
    s[n] = '\0';
}

/* Fails with code, err->field = path and the message "path: what". */
static enum err_code bad(struct importer *x, enum err_code code, const char *path, const char *fmt,
                         ...) __attribute__((format(printf, 4, 5)));
static enum err_code bad(struct importer *x, enum err_code code, const char *path, const char *fmt,
                         ...)
{
    char what[224], field[sizeof x->err->field], msg[sizeof x->err->msg + PATH_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    fit(what, sizeof what);
    snprintf(field, sizeof field, "%.*s", (int)(sizeof field - 1), path);
    snprintf(msg, sizeof msg, "%s%s%s", path, path[0] ? ": " : "", what);
    fit(field, sizeof field);
    fit(msg, sizeof x->err->msg);
    return err_set(x->err, code, field[0] ? field : NULL, "%s", msg);
}

static const char *at(char buf[PATH_LEN], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *at(char buf[PATH_LEN], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, PATH_LEN, fmt, ap);
    va_end(ap);
    if (n < 0) {
        buf[0] = '\0';
    }
    return buf;
}

static void *im_row(const struct importer *x, enum rec r, size_t i)
{
    return x->items[r] + i * recs[r].e->size;
}

static const char *record_key(const struct importer *x, enum rec r, size_t i)
{
    const char *k = json_string_value(json_object_get(json_array_get(x->sec[r], i), "key"));
    return k ? k : "?";
}

/* -- pass 1: shape, counts and keys ------------------------------------------------------- */

static enum err_code nested_array(struct importer *x, json_t *o, const char *name, const char *path,
                                  json_t **out)
{
    char p[PATH_LEN];
    json_t *v = json_object_get(o, name);
    *out = v;
    if (v && !json_is_array(v)) {
        return bad(x, ERR_INVALID, at(p, "%s.%s", path, name), "must be an array");
    }
    return ERR_OK;
}

static enum err_code must_be_object(struct importer *x, json_t *v, const char *path)
{
    return json_is_object(v) ? ERR_OK : bad(x, ERR_INVALID, path, "must be an object");
}

static enum err_code add_key(struct importer *x, json_t *o, enum rec r, size_t i, const char *path)
{
    char p[PATH_LEN], c[48];
    at(p, "%s.key", path);
    json_t *k = json_object_get(o, "key");
    if (!k) {
        return bad(x, ERR_INVALID, p, "required field is missing");
    }
    if (!json_is_string(k)) {
        return bad(x, ERR_INVALID, p, "must be a string");
    }
    const char *s = json_string_value(k);
    size_t n = json_string_length(k);
    if (n == 0 || n > KEY_MAX_LEN || strlen(s) != n || !meta_text_ok(s, n, false)) {
        return bad(x, ERR_INVALID, p, "must be 1 to %d bytes of text without control characters",
                   KEY_MAX_LEN);
    }
    struct kent *e = kmap_slot(&x->keys, s, n);
    if (e->s) {
        return bad(x, ERR_INVALID, p, "the key \"%s\" is already used by %s", clip(c, s),
                   recs[e->r].a_what);
    }
    *e = (struct kent){s, n, r, i};
    return ERR_OK;
}

/* Walks every record: checks the containers, counts records and (when keys is set) registers
 * keys. Run twice, first to size the key table, then to fill it. */
static enum err_code walk(struct importer *x, bool keys)
{
    char p[PATH_LEN], q[PATH_LEN], s[PATH_LEN];
    memset(x->n, 0, sizeof x->n);
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        enum rec r = sections[k];
        json_t *arr = x->sec[r];
        for (size_t i = 0; i < json_array_size(arr); i++) {
            json_t *o = json_array_get(arr, i);
            at(p, "%s[%zu]", recs[r].section, i);
            json_t *sub, *sub2, *sub3;
            if (must_be_object(x, o, p) != ERR_OK ||
                (keys && recs[r].prefix && add_key(x, o, r, x->n[r], p) != ERR_OK)) {
                return x->err->code;
            }
            x->n[r]++;
            if (r == R_TEAM || r == R_KPI) {
                if (nested_array(x, o, r == R_TEAM ? "members" : "values", p, &sub) != ERR_OK) {
                    return x->err->code;
                }
                x->n[r == R_TEAM ? R_MEMBERSHIP : R_KPI_VALUE] += json_array_size(sub);
            }
            if (r != R_OBJECTIVE) {
                continue;
            }
            if (nested_array(x, o, "comments", p, &sub) != ERR_OK ||
                nested_array(x, o, "key_results", p, &sub2) != ERR_OK) {
                return x->err->code;
            }
            x->n[R_COMMENT] += json_array_size(sub);
            for (size_t j = 0; j < json_array_size(sub2); j++) {
                json_t *kr = json_array_get(sub2, j);
                at(q, "%s.key_results[%zu]", p, j);
                if (must_be_object(x, kr, q) != ERR_OK ||
                    (keys && add_key(x, kr, R_KR, x->n[R_KR], q) != ERR_OK) ||
                    nested_array(x, kr, "initiatives", q, &sub) != ERR_OK ||
                    nested_array(x, kr, "checkins", q, &sub3) != ERR_OK) {
                    return x->err->code;
                }
                x->n[R_KR]++;
                x->n[R_CHECKIN] += json_array_size(sub3);
                for (size_t m = 0; m < json_array_size(sub); m++) {
                    json_t *in = json_array_get(sub, m);
                    at(s, "%s.initiatives[%zu]", q, m);
                    if (must_be_object(x, in, s) != ERR_OK ||
                        (keys && add_key(x, in, R_INITIATIVE, x->n[R_INITIATIVE], s) != ERR_OK)) {
                        return x->err->code;
                    }
                    x->n[R_INITIATIVE]++;
                }
                if (nested_array(x, kr, "comments", q, &sub) != ERR_OK) {
                    return x->err->code;
                }
                x->n[R_COMMENT] += json_array_size(sub);
            }
        }
    }
    return ERR_OK;
}

/* The top level: format, version, the tenant and the sections, nothing else. */
static enum err_code top_level(struct importer *x, json_t *root)
{
    char c[48];
    if (!json_is_object(root)) {
        return bad(x, ERR_USAGE, "", "the document must be a JSON object");
    }
    const char *name;
    json_t *v;
    json_object_foreach(root, name, v)
    {
        bool known = !strcmp(name, "format") || !strcmp(name, "version") || !strcmp(name, "tenant");
        for (size_t k = 0; !known && k < sizeof sections / sizeof sections[0]; k++) {
            known = !strcmp(name, recs[sections[k]].section);
        }
        if (!known) {
            return bad(x, ERR_INVALID, clip(c, name),
                       "unknown field (this okr reads format "
                       "\"okr\" version 1)");
        }
    }
    v = json_object_get(root, "format");
    if (!json_is_string(v) || strcmp(json_string_value(v), "okr") != 0) {
        return bad(x, ERR_INVALID, "format", "must be \"okr\" (this is not an okr export)");
    }
    v = json_object_get(root, "version");
    if (!json_is_integer(v) || json_integer_value(v) != 1) {
        return bad(x, ERR_INVALID, "version", "must be 1 (the version this okr reads)");
    }
    x->tenant = json_object_get(root, "tenant");
    if (!x->tenant) {
        return bad(x, ERR_INVALID, "tenant", "required field is missing");
    }
    if (must_be_object(x, x->tenant, "tenant") != ERR_OK) {
        return x->err->code;
    }
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        enum rec r = sections[k];
        x->sec[r] = json_object_get(root, recs[r].section);
        if (x->sec[r] && !json_is_array(x->sec[r])) {
            return bad(x, ERR_INVALID, recs[r].section, "must be an array");
        }
    }
    return ERR_OK;
}

/* -- pass 2: records ---------------------------------------------------------------------- */

static void defaults(const struct importer *x, enum rec r, void *obj)
{
    const struct entity *e = recs[r].e;
    meta_init(e, obj);
    svc_defaults(e, obj);
    for (size_t i = 0; i < e->nfields; i++) {
        if (e->fields[i].type == FT_TIME) {
            *meta_i64(&e->fields[i], obj) = x->now;
        }
    }
}

static enum err_code resolve(struct importer *x, json_t *v, enum rec want, bool nullable,
                             const char *path, int64_t *out)
{
    char c[48];
    if (json_is_null(v) && nullable) {
        *out = 0;
        return ERR_OK;
    }
    if (!json_is_string(v)) {
        return bad(x, ERR_INVALID, path,
                   nullable ? "must be a key (a string) or null" : "must be a key (a string)");
    }
    const char *s = json_string_value(v);
    const struct kent *e = kmap_slot(&x->keys, s, json_string_length(v));
    if (!e->s) {
        return bad(x, ERR_INVALID, path, "no record has the key \"%s\"", clip(c, s));
    }
    if (e->r != want) {
        return bad(x, ERR_INVALID, path, "\"%s\" is %s, not %s", clip(c, s), recs[e->r].a_what,
                   recs[want].a_what);
    }
    *out = (int64_t)e->i + 1;
    return ERR_OK;
}

static enum err_code enum_bad(struct importer *x, const struct field *f, const char *path)
{
    char list[160] = "";
    size_t used = 0;
    for (int i = 0; f->enum_names[i] && used < sizeof list; i++) {
        int n = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", f->enum_names[i]);
        if (n < 0) {
            break;
        }
        used += (size_t)n;
    }
    return bad(x, ERR_INVALID, path, "must be one of: %s", list);
}

static enum err_code parse_value(struct importer *x, const struct field *f, json_t *v, void *obj,
                                 const char *path)
{
    bool nullable = f->flags & FF_NULLABLE;
    switch (f->type) {
    case FT_TEXT:
        if (!json_is_string(v)) {
            return bad(x, ERR_INVALID, path, "must be a string");
        }
        *meta_text(f, obj) = json_string_value(v);
        return ERR_OK;
    case FT_INT:
        if (!json_is_integer(v)) {
            return bad(x, ERR_INVALID, path, "must be a whole number");
        }
        *meta_i64(f, obj) = json_integer_value(v);
        return ERR_OK;
    case FT_REAL:
        if (json_is_null(v) && nullable) {
            *meta_real(f, obj) = NAN;
        } else if (json_is_number(v)) {
            *meta_real(f, obj) = json_number_value(v);
        } else {
            return bad(x, ERR_INVALID, path,
                       nullable ? "must be a number or null" : "must be a number");
        }
        return ERR_OK;
    case FT_ENUM: {
        int e = json_is_string(v) ? meta_enum_parse(f->enum_names, json_string_value(v)) : -1;
        if (e < 0) {
            return enum_bad(x, f, path);
        }
        *meta_int(f, obj) = e;
        return ERR_OK;
    }
    case FT_BOOL:
        if (!json_is_boolean(v)) {
            return bad(x, ERR_INVALID, path, "must be true or false");
        }
        *meta_int(f, obj) = json_is_true(v);
        return ERR_OK;
    case FT_DATE: {
        int64_t d;
        if (json_is_null(v) && nullable) {
            d = DATE_NONE;
        } else if (!json_is_string(v) || date_parse(json_string_value(v), &d)) {
            return bad(x, ERR_INVALID, path, "must be a date (YYYY-MM-DD)%s",
                       nullable ? " or null" : "");
        }
        *meta_i64(f, obj) = d;
        return ERR_OK;
    }
    case FT_TIME: {
        int64_t t;
        if (!json_is_string(v) || ts_parse(json_string_value(v), &t)) {
            return bad(x, ERR_INVALID, path, "must be a time (YYYY-MM-DDTHH:MM:SSZ)");
        }
        *meta_i64(f, obj) = t;
        return ERR_OK;
    }
    default:
        return bad(x, ERR_INTERNAL, path, "cannot be imported");
    }
}

/* owner / parent / source: {"NAME": KEY} with one member (or company, or null). */
static enum err_code parse_either(struct importer *x, enum rec r, size_t k, json_t *v, void *obj,
                                  const char *path)
{
    const struct xspec *s = &recs[r].spec[k];
    bool is_owner = s->kind == XK_OWNER;
    bool company = is_owner && r == R_OBJECTIVE;
    bool nullable = !s->required;
    const char *n1 = is_owner ? "user" : "objective", *n2 = is_owner ? "team" : "key_result";
    const char *shape = company    ? "{\"user\": KEY}, {\"team\": KEY} or {\"company\": true}"
                        : is_owner ? "{\"user\": KEY}, {\"team\": KEY} or null"
                        : nullable ? "{\"objective\": KEY}, {\"key_result\": KEY} or null"
                                   : "{\"objective\": KEY} or {\"key_result\": KEY}";
    if (json_is_null(v) && nullable) {
        return ERR_OK; /* defaults() left both references unset */
    }
    json_t *w;
    if (json_is_object(v) && json_object_size(v) == 1) {
        if ((w = json_object_get(v, n1))) {
            return resolve(x, w, x->fc.to[r][k][0], false, path, meta_i64(x->fc.f[r][k][0], obj));
        }
        if ((w = json_object_get(v, n2))) {
            return resolve(x, w, x->fc.to[r][k][1], false, path, meta_i64(x->fc.f[r][k][1], obj));
        }
        if (company && json_is_true(json_object_get(v, "company"))) {
            return ERR_OK;
        }
    }
    return bad(x, ERR_INVALID, path, "must be %s", shape);
}

/* A dismissal's entity: {"tenant": true} or {"KIND": KEY} with KIND a coach subject; sets
 * entity to the kind's name and entity_id to the record's position + 1 (0 for the tenant). */
static enum err_code parse_subject(struct importer *x, json_t *v, struct finding_dismissal *d,
                                   const char *path)
{
    const char *shape = "must be {\"tenant\": true} or {\"KIND\": KEY} with KIND one of theme, "
                        "objective, key_result, user, team, request";
    if (!json_is_object(v) || json_object_size(v) != 1) {
        return bad(x, ERR_INVALID, path, "%s", shape);
    }
    const char *name;
    json_t *w;
    json_object_foreach(v, name, w)
    {
        int subj = coach_subject_parse(name);
        if (subj < 0) {
            return bad(x, ERR_INVALID, path, "%s", shape);
        }
        d->entity = coach_subject_name((enum coach_subject)subj);
        if (subj == SUBJ_TENANT) {
            d->entity_id = 0;
            return json_is_true(w) ? ERR_OK : bad(x, ERR_INVALID, path, "%s", shape);
        }
        return resolve(x, w, subject_rec[subj], false, path, &d->entity_id);
    }
    return bad(x, ERR_INVALID, path, "%s", shape);
}

static bool in_spec(enum rec r, const char *name)
{
    for (size_t k = 0; k < recs[r].nspec; k++) {
        if (!strcmp(recs[r].spec[k].json, name)) {
            return true;
        }
    }
    return false;
}

/* The name in the file of the descriptor field a rule named (or NULL: the record itself). */
static const char *file_name(enum rec r, const char *field)
{
    const struct rdesc *d = &recs[r];
    for (size_t k = 0; k < d->nspec; k++) {
        if (!strcmp(d->spec[k].json, field) ||
            (d->spec[k].meta && !strcmp(d->spec[k].meta, field)) ||
            (d->spec[k].meta2 && !strcmp(d->spec[k].meta2, field))) {
            return d->spec[k].json;
        }
    }
    return NULL;
}

/* Runs the entity's rules (validate_record, which runs meta_check) and names the failing field
 * by its path in the file. */
static enum err_code check_rules(struct importer *x, enum rec r, void *obj, const char *path)
{
    struct err e;
    err_clear(&e);
    char p[PATH_LEN];
    if (r == R_DISMISSAL) {
        /* As `okr lint dismiss` takes it: the rule's own id (c4 is C4), a reason said. */
        struct finding_dismissal *d = obj;
        int rule = coach_rule_parse(d->rule);
        if (rule < 0) {
            return bad(x, ERR_INVALID, at(p, "%s.rule", path),
                       "must be a coach rule id such as C3 (S1-S4, F1-F3, C1-C6, M1-M3, A1, A2, "
                       "R1, R2)");
        }
        d->rule = coach_rule_info((enum coach_rule)rule)->id;
        if (meta_text_blank(d->reason)) {
            return bad(x, ERR_INVALID, at(p, "%s.reason", path),
                       "must say why the finding does not apply (not blank)");
        }
    }
    if (validate_record(recs[r].e, obj, &e) == ERR_OK &&
        settings_check(recs[r].e, obj, NULL, &e) == ERR_OK) {
        return ERR_OK;
    }
    const char *name = file_name(r, e.field);
    return bad(x, e.code, name ? at(p, "%s.%s", path, name) : path, "%s", e.msg);
}

/* Parses record o of kind r into the next slot; link (a descriptor field, may be NULL) is set
 * to link_v, the position + 1 of the enclosing record. Returns the slot's position in *pos. */
static enum err_code parse_record(struct importer *x, enum rec r, json_t *o, const char *path,
                                  const struct field *link, int64_t link_v, size_t *pos)
{
    const struct rdesc *d = &recs[r];
    char p[PATH_LEN], c[48];
    if (must_be_object(x, o, path) != ERR_OK) {
        return x->err->code;
    }
    *pos = x->fill[r]++;
    void *obj = im_row(x, r, *pos);
    defaults(x, r, obj);
    if (link) {
        *meta_i64(link, obj) = link_v;
    }
    json_t *vals[MAX_SPEC];
    size_t found = 0;
    for (size_t k = 0; k < d->nspec; k++) {
        vals[k] = json_object_get(o, d->spec[k].json);
        found += vals[k] != NULL;
    }
    if (found != json_object_size(o)) {
        /* Members are unique (duplicates are refused at parse time), so one is unknown. */
        const char *name, *unknown = "?";
        json_t *v;
        json_object_foreach(o, name, v)
        {
            if (!in_spec(r, name)) {
                unknown = name;
                break;
            }
        }
        return bad(x, ERR_INVALID, at(p, "%s.%s", path, clip(c, unknown)),
                   "unknown field (a typo?)");
    }
    for (size_t k = 0; k < d->nspec; k++) {
        const struct xspec *s = &d->spec[k];
        json_t *v = vals[k];
        at(p, "%s.%s", path, s->json);
        if (!v) {
            if (s->required) {
                return bad(x, ERR_INVALID, p, "required field is missing");
            }
            continue;
        }
        enum err_code rc = ERR_OK;
        switch (s->kind) {
        case XK_KEY:
        case XK_NESTED:
            break; /* checked by walk(); nested records are parsed by the caller */
        case XK_FIELD:
            rc = parse_value(x, x->fc.f[r][k][0], v, obj, p);
            break;
        case XK_REF:
            rc = resolve(x, v, x->fc.to[r][k][0], !s->required, p, meta_i64(x->fc.f[r][k][0], obj));
            break;
        case XK_OWNER:
        case XK_PARENT:
        case XK_SOURCE:
            rc = parse_either(x, r, k, v, obj, p);
            break;
        case XK_SUBJECT:
            rc = parse_subject(x, v, obj, p);
            break;
        }
        if (rc != ERR_OK) {
            return rc;
        }
    }
    return check_rules(x, r, obj, path);
}

static enum err_code parse_members(struct importer *x, size_t team, json_t *arr, const char *path,
                                   size_t *last_team)
{
    char p[PATH_LEN], c[48];
    x->members[team].b = x->fill[R_MEMBERSHIP];
    for (size_t k = 0; k < json_array_size(arr); k++) {
        at(p, "%s.members[%zu]", path, k);
        int64_t u;
        json_t *v = json_array_get(arr, k);
        if (resolve(x, v, R_USER, false, p, &u) != ERR_OK) {
            return x->err->code;
        }
        /* last_team[user] remembers the latest team listing the user: one pass finds repeats. */
        if (last_team[u - 1] == team + 1) {
            return bad(x, ERR_INVALID, p, "\"%s\" is listed twice", clip(c, json_string_value(v)));
        }
        last_team[u - 1] = team + 1;
        struct membership *m = im_row(x, R_MEMBERSHIP, x->fill[R_MEMBERSHIP]++);
        meta_init(&entity_membership, m);
        m->team_id = (int64_t)team + 1;
        m->user_id = u;
        if (check_rules(x, R_MEMBERSHIP, m, p) != ERR_OK) {
            return x->err->code;
        }
    }
    x->members[team].e = x->fill[R_MEMBERSHIP];
    return ERR_OK;
}

/* Parses the array name of o (checked by walk) as records of kind r linked to the enclosing
 * record; out gets their positions. */
static enum err_code parse_children(struct importer *x, json_t *o, const char *name, enum rec r,
                                    const char *link, int64_t link_v, const char *path,
                                    struct range *out)
{
    char p[PATH_LEN];
    json_t *arr = json_object_get(o, name);
    const struct field *lf = meta_field(recs[r].e, link);
    out->b = x->fill[r];
    for (size_t k = 0; k < json_array_size(arr); k++) {
        size_t pos;
        if (parse_record(x, r, json_array_get(arr, k), at(p, "%s.%s[%zu]", path, name, k), lf,
                         link_v, &pos) != ERR_OK) {
            return x->err->code;
        }
    }
    out->e = x->fill[r];
    return ERR_OK;
}

static enum err_code parse_objective(struct importer *x, size_t oi, json_t *o, const char *path)
{
    char p[PATH_LEN];
    size_t pos;
    int64_t self = (int64_t)oi + 1;
    if (parse_record(x, R_OBJECTIVE, o, path, NULL, 0, &pos) != ERR_OK ||
        parse_children(x, o, "comments", R_COMMENT, "objective_id", self, path,
                       &x->obj_comments[oi]) != ERR_OK) {
        return x->err->code;
    }
    json_t *arr = json_object_get(o, "key_results");
    const struct field *link = meta_field(&entity_key_result, "objective_id");
    x->krs[oi].b = x->fill[R_KR];
    for (size_t k = 0; k < json_array_size(arr); k++) {
        json_t *kr = json_array_get(arr, k);
        size_t g;
        at(p, "%s.key_results[%zu]", path, k);
        if (parse_record(x, R_KR, kr, p, link, self, &g) != ERR_OK) {
            return x->err->code;
        }
        int64_t kself = (int64_t)g + 1;
        if (parse_children(x, kr, "initiatives", R_INITIATIVE, "kr_id", kself, p,
                           &x->initiatives[g]) != ERR_OK ||
            parse_children(x, kr, "checkins", R_CHECKIN, "kr_id", kself, p, &x->checkins[g]) !=
                ERR_OK ||
            parse_children(x, kr, "comments", R_COMMENT, "kr_id", kself, p, &x->kr_comments[g]) !=
                ERR_OK) {
            return x->err->code;
        }
    }
    x->krs[oi].e = x->fill[R_KR];
    return ERR_OK;
}

/* Login finds users by email ignoring ASCII case (service/account.c), so two emails that differ
 * only in case would be one account: compare lower-cased copies. */
static enum err_code unique_emails(struct importer *x)
{
    char p[PATH_LEN], c[48];
    struct kmap emails;
    kmap_init(&emails, x->a, x->n[R_USER]);
    for (size_t i = 0; i < x->n[R_USER]; i++) {
        const struct user *u = im_row(x, R_USER, i);
        size_t n = strlen(u->email);
        char *low = arena_strndup(x->a, u->email, n);
        for (char *q = low; *q; q++) {
            if (*q >= 'A' && *q <= 'Z') {
                *q = (char)(*q - 'A' + 'a');
            }
        }
        struct kent *e = kmap_slot(&emails, low, n);
        if (e->s) {
            return bad(x, ERR_INVALID, at(p, "users[%zu].email", i),
                       "the email %s is already used by users[%zu]", clip(c, u->email), e->i);
        }
        *e = (struct kent){low, n, R_USER, i};
    }
    return ERR_OK;
}

/* A finding has at most one dismissal (for a cycle): a second one is the file's mistake, named
 * here rather than by the store's constraint half-way through writing. Quadratic, over a
 * company's dismissals (a few hundred). */
static enum err_code unique_dismissals(struct importer *x)
{
    char p[PATH_LEN];
    for (size_t i = 0; i < x->n[R_DISMISSAL]; i++) {
        const struct finding_dismissal *a = im_row(x, R_DISMISSAL, i);
        for (size_t j = 0; j < i; j++) {
            const struct finding_dismissal *b = im_row(x, R_DISMISSAL, j);
            if (strcmp(a->rule, b->rule) == 0 && strcmp(a->entity, b->entity) == 0 &&
                a->entity_id == b->entity_id && a->cycle_id == b->cycle_id) {
                return bad(x, ERR_INVALID, at(p, "dismissals[%zu].entity", i),
                           "%s on this %s is dismissed already by dismissals[%zu]", a->rule,
                           a->entity, j);
            }
        }
    }
    return ERR_OK;
}

static enum err_code parse_all(struct importer *x)
{
    char p[PATH_LEN];
    size_t pos;
    if (parse_record(x, R_TENANT, x->tenant, "tenant", NULL, 0, &pos) != ERR_OK) {
        return x->err->code;
    }
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        enum rec r = sections[k];
        json_t *arr = x->sec[r];
        size_t *last_team = NULL;
        if (r == R_TEAM) {
            last_team = arena_alloc(x->a, (x->n[R_USER] + 1) * sizeof *last_team);
        }
        for (size_t i = 0; i < json_array_size(arr); i++) {
            json_t *o = json_array_get(arr, i);
            at(p, "%s[%zu]", recs[r].section, i);
            enum err_code rc;
            if (r == R_OBJECTIVE) {
                rc = parse_objective(x, i, o, p);
            } else {
                rc = parse_record(x, r, o, p, NULL, 0, &pos);
            }
            if (rc == ERR_OK && r == R_TEAM) {
                rc = parse_members(x, i, json_object_get(o, "members"), p, last_team);
            } else if (rc == ERR_OK && r == R_KPI) {
                rc = parse_children(x, o, "values", R_KPI_VALUE, "kpi_id", (int64_t)i + 1, p,
                                    &x->values[i]);
            }
            if (rc != ERR_OK) {
                return rc;
            }
        }
        if (r == R_USER && unique_emails(x) != ERR_OK) {
            return x->err->code;
        }
    }
    return unique_dismissals(x);
}

/* The record a record hangs under in its own hierarchy (manager, parent team, parent cycle, the
 * objective an objective aligns to directly or through a key result), or SIZE_MAX. */
static size_t up(const struct importer *x, enum rec r, size_t i)
{
    int64_t v = 0;
    const void *obj = im_row(x, r, i);
    if (r == R_USER) {
        v = ((const struct user *)obj)->manager_id;
    } else if (r == R_TEAM) {
        v = ((const struct team *)obj)->parent_id;
    } else if (r == R_CYCLE) {
        v = ((const struct cycle *)obj)->parent_id;
    } else {
        const struct objective *o = obj;
        v = o->parent_objective_id;
        if (o->parent_kr_id) {
            v = ((const struct key_result *)im_row(x, R_KR, (size_t)o->parent_kr_id - 1))
                    ->objective_id;
        }
    }
    return v ? (size_t)v - 1 : SIZE_MAX;
}

/* Hierarchies must be trees. Each record has at most one parent, so walking up from every
 * record once (marking what is on the current walk) finds every loop in linear time. */
static enum err_code no_loops(struct importer *x, enum rec r, const char *field, const char *what)
{
    char p[PATH_LEN], c[48];
    size_t n = x->n[r];
    unsigned char *state = arena_alloc(x->a, n + 1); /* 0 new, 1 on this walk, 2 done */
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j != SIZE_MAX && state[j] == 0) {
            state[j] = 1;
            j = up(x, r, j);
        }
        if (j != SIZE_MAX && state[j] == 1) {
            return bad(x, ERR_INVALID, at(p, "%s[%zu].%s", recs[r].section, j, field),
                       "%s: \"%s\" is (indirectly) %s",
                       r == R_OBJECTIVE ? "alignment cycle" : "loop", clip(c, record_key(x, r, j)),
                       what);
        }
        for (j = i; j != SIZE_MAX && state[j] == 1; j = up(x, r, j)) {
            state[j] = 2;
        }
    }
    return ERR_OK;
}

/* -- writing ------------------------------------------------------------------------------ */

/* Wraps the store's error in the path of the record being written. */
static enum err_code write_bad(struct importer *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static enum err_code write_bad(struct importer *x, const char *fmt, ...)
{
    char p[PATH_LEN], msg[sizeof x->err->msg];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(p, sizeof p, fmt, ap);
    va_end(ap);
    if (n < 0) {
        p[0] = '\0';
    }
    memcpy(msg, x->err->msg, sizeof msg);
    return bad(x, x->err->code, p, "%s", msg);
}

/* Inserts record i of kind r: tenant, references turned from positions into new ids, version 1
 * (0 when a held reference will be set by an update, which makes it 1). */
static enum err_code put(struct importer *x, enum rec r, size_t i, bool held)
{
    const struct entity *e = recs[r].e;
    void *obj = im_row(x, r, i);
    for (size_t k = 0; k < e->nfields; k++) {
        const struct field *f = &e->fields[k];
        if (f->type == FT_TENANT) {
            *meta_i64(f, obj) = x->tenant_id;
        } else if (f->type == FT_VERSION) {
            *meta_i64(f, obj) = held ? 0 : 1;
        } else if (f->type == FT_REF && *meta_i64(f, obj)) {
            int64_t *v = meta_i64(f, obj);
            *v = x->ids[x->fc.field_to[r][k]][*v - 1];
        }
    }
    if (store_insert(x->st, e, obj, x->err) != ERR_OK) {
        return x->err->code;
    }
    x->ids[r][i] = meta_get_i64(meta_field(e, "id"), obj);
    return ERR_OK;
}

/* Users, teams and cycles whose parent (manager) may come later in the file: insert all with
 * the reference unset, then set it. */
static enum err_code put_tree(struct importer *x, enum rec r, const char *field,
                              const char *file_field)
{
    const struct field *f = meta_field(recs[r].e, field);
    for (size_t i = 0; i < x->n[r]; i++) {
        int64_t *v = meta_i64(f, im_row(x, r, i));
        x->held[i] = *v;
        *v = 0;
        if (put(x, r, i, x->held[i] != 0) != ERR_OK) {
            return write_bad(x, "%s[%zu]", recs[r].section, i);
        }
    }
    for (size_t i = 0; i < x->n[r]; i++) {
        if (!x->held[i]) {
            continue;
        }
        void *obj = im_row(x, r, i);
        *meta_i64(f, obj) = x->ids[r][x->held[i] - 1];
        if (store_update(x->st, recs[r].e, obj, x->err) != ERR_OK) {
            return write_bad(x, "%s[%zu].%s", recs[r].section, i, file_field);
        }
    }
    return ERR_OK;
}

static enum err_code put_range(struct importer *x, enum rec r, struct range g, const char *path,
                               const char *name)
{
    for (size_t i = g.b; i < g.e; i++) {
        if (put(x, r, i, false) != ERR_OK) {
            return write_bad(x, "%s.%s[%zu]", path, name, i - g.b);
        }
    }
    return ERR_OK;
}

static enum err_code put_objectives(struct importer *x)
{
    char p[PATH_LEN], q[PATH_LEN];
    int64_t *held = x->held, *held_kr = x->held_kr;
    for (size_t oi = 0; oi < x->n[R_OBJECTIVE]; oi++) {
        struct objective *o = im_row(x, R_OBJECTIVE, oi);
        held[oi] = o->parent_objective_id;
        held_kr[oi] = o->parent_kr_id;
        o->parent_objective_id = o->parent_kr_id = 0;
        at(p, "objectives[%zu]", oi);
        if (put(x, R_OBJECTIVE, oi, held[oi] || held_kr[oi]) != ERR_OK) {
            return write_bad(x, "%s", p);
        }
        if (put_range(x, R_COMMENT, x->obj_comments[oi], p, "comments") != ERR_OK) {
            return x->err->code;
        }
        for (size_t g = x->krs[oi].b; g < x->krs[oi].e; g++) {
            at(q, "%s.key_results[%zu]", p, g - x->krs[oi].b);
            if (put(x, R_KR, g, false) != ERR_OK) {
                return write_bad(x, "%s", q);
            }
            if (put_range(x, R_INITIATIVE, x->initiatives[g], q, "initiatives") != ERR_OK ||
                put_range(x, R_CHECKIN, x->checkins[g], q, "checkins") != ERR_OK ||
                put_range(x, R_COMMENT, x->kr_comments[g], q, "comments") != ERR_OK) {
                return x->err->code;
            }
        }
    }
    for (size_t oi = 0; oi < x->n[R_OBJECTIVE]; oi++) {
        if (!held[oi] && !held_kr[oi]) {
            continue;
        }
        struct objective *o = im_row(x, R_OBJECTIVE, oi);
        o->parent_objective_id = held[oi] ? x->ids[R_OBJECTIVE][held[oi] - 1] : 0;
        o->parent_kr_id = held_kr[oi] ? x->ids[R_KR][held_kr[oi] - 1] : 0;
        if (store_update(x->st, &entity_objective, o, x->err) != ERR_OK) {
            return write_bad(x, "objectives[%zu].parent", oi);
        }
    }
    return ERR_OK;
}

static enum err_code put_all(struct importer *x)
{
    if (put(x, R_TENANT, 0, false) != ERR_OK) {
        return write_bad(x, "tenant");
    }
    x->tenant_id = x->ids[R_TENANT][0];
    if (put_tree(x, R_USER, "manager_id", "manager") != ERR_OK ||
        put_tree(x, R_TEAM, "parent_id", "parent") != ERR_OK) {
        return x->err->code;
    }
    for (size_t t = 0; t < x->n[R_TEAM]; t++) {
        char p[PATH_LEN];
        if (put_range(x, R_MEMBERSHIP, x->members[t], at(p, "teams[%zu]", t), "members") !=
            ERR_OK) {
            return x->err->code;
        }
    }
    for (size_t i = 0; i < x->n[R_THEME]; i++) {
        if (put(x, R_THEME, i, false) != ERR_OK) {
            return write_bad(x, "themes[%zu]", i);
        }
    }
    if (put_tree(x, R_CYCLE, "parent_id", "parent") != ERR_OK) {
        return x->err->code;
    }
    for (size_t i = 0; i < x->n[R_KPI]; i++) {
        char p[PATH_LEN];
        if (put(x, R_KPI, i, false) != ERR_OK) {
            return write_bad(x, "kpis[%zu]", i);
        }
        if (put_range(x, R_KPI_VALUE, x->values[i], at(p, "kpis[%zu]", i), "values") != ERR_OK) {
            return x->err->code;
        }
    }
    if (put_objectives(x) != ERR_OK) {
        return x->err->code;
    }
    for (size_t i = 0; i < x->n[R_REQUEST]; i++) {
        if (put(x, R_REQUEST, i, false) != ERR_OK) {
            return write_bad(x, "requests[%zu]", i);
        }
    }
    /* Dismissals name their record by kind and position: the new id (the tenant's own). */
    for (size_t i = 0; i < x->n[R_DISMISSAL]; i++) {
        struct finding_dismissal *d = im_row(x, R_DISMISSAL, i);
        int subj = coach_subject_parse(d->entity);
        d->entity_id = subj == SUBJ_TENANT ? x->tenant_id
                                           : x->ids[subject_rec[subj]][d->entity_id - 1];
        if (put(x, R_DISMISSAL, i, false) != ERR_OK) {
            return write_bad(x, "dismissals[%zu]", i);
        }
    }
    return ERR_OK;
}

static void im_alloc(struct importer *x)
{
    x->n[R_TENANT] = 1;
    for (int r = 0; r < R_COUNT; r++) {
        size_t n = x->n[r] + 1;
        x->items[r] = arena_alloc(x->a, n * recs[r].e->size);
        x->ids[r] = arena_alloc(x->a, n * sizeof *x->ids[r]);
    }
    size_t most = 1;
    for (int r = 0; r < R_COUNT; r++) {
        most = x->n[r] + 1 > most ? x->n[r] + 1 : most;
    }
    x->held = arena_alloc(x->a, most * sizeof *x->held);
    x->held_kr = arena_alloc(x->a, most * sizeof *x->held_kr);
    x->members = arena_alloc(x->a, (x->n[R_TEAM] + 1) * sizeof *x->members);
    x->values = arena_alloc(x->a, (x->n[R_KPI] + 1) * sizeof *x->values);
    x->obj_comments = arena_alloc(x->a, (x->n[R_OBJECTIVE] + 1) * sizeof *x->obj_comments);
    x->krs = arena_alloc(x->a, (x->n[R_OBJECTIVE] + 1) * sizeof *x->krs);
    x->initiatives = arena_alloc(x->a, (x->n[R_KR] + 1) * sizeof *x->initiatives);
    x->checkins = arena_alloc(x->a, (x->n[R_KR] + 1) * sizeof *x->checkins);
    x->kr_comments = arena_alloc(x->a, (x->n[R_KR] + 1) * sizeof *x->kr_comments);
}

/* Everything but the writes: shape, keys, every record, then the whole-file rules. */
static enum err_code check_document(struct importer *x, json_t *root)
{
    if (top_level(x, root) != ERR_OK || walk(x, false) != ERR_OK) {
        return x->err->code;
    }
    size_t keyed = 0;
    for (int r = 0; r < R_COUNT; r++) {
        keyed += recs[r].prefix ? x->n[r] : 0;
    }
    kmap_init(&x->keys, x->a, keyed);
    if (walk(x, true) != ERR_OK) {
        return x->err->code;
    }
    im_alloc(x);
    if (parse_all(x) != ERR_OK || no_loops(x, R_USER, "manager", "their own manager") != ERR_OK ||
        no_loops(x, R_TEAM, "parent", "its own parent team") != ERR_OK ||
        no_loops(x, R_CYCLE, "parent", "its own parent cycle") != ERR_OK ||
        no_loops(x, R_OBJECTIVE, "parent", "its own parent") != ERR_OK) {
        return x->err->code;
    }
    return ERR_OK;
}

enum err_code svc_import(struct store *st, struct arena *a, int64_t now, const char *data, size_t n,
                         int64_t *tenant_id, struct err *err)
{
    if (n > IMPORT_MAX_BYTES) {
        return err_set(err, ERR_LIMIT, NULL, "the file is larger than 256 MiB");
    }
    json_error_t je;
    json_t *root = json_loadb(data ? data : "", n, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        char text[48];
        return err_set(err, ERR_USAGE, NULL, "the file is not valid JSON: line %d, column %d: %s",
                       je.line, je.column, clip(text, je.text));
    }
    struct importer *x = arena_alloc(a, sizeof *x);
    x->a = a;
    x->st = st;
    x->now = now;
    x->err = err;
    enum err_code rc = fcache_fill(&x->fc, err);
    if (rc == ERR_OK) {
        rc = check_document(x, root);
    }
    if (rc == ERR_OK) {
        rc = store_begin(st, true, err);
        if (rc == ERR_OK) {
            rc = put_all(x);
            if (rc == ERR_OK) {
                rc = store_commit(st, err);
            } else {
                store_rollback(st);
            }
        }
    }
    json_decref(root);
    if (rc == ERR_OK) {
        *tenant_id = x->tenant_id;
    }
    return rc;
}
