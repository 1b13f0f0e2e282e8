/* Generic record commands, driven by the entity descriptors: list, show, add, edit, delete.
 * Every settable field is an option named after it (owner_user_id -> --owner-user). */
#include "cli.h"

#include "api/handlers.h"
#include "core/json.h"
#include "core/num.h"
#include "core/timefmt.h"
#include "domain/progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The option that sets field f: snake_case to kebab-case, without an "_id" suffix. */
static void option_name(const struct field *f, char out[64])
{
    size_t n = strlen(f->name);
    if (f->type == FT_REF && n > 3 && strcmp(f->name + n - 3, "_id") == 0) {
        n -= 3;
    }
    n = n < 63 ? n : 63;
    for (size_t i = 0; i < n; i++) {
        out[i] = f->name[i] == '_' ? '-' : f->name[i];
    }
    out[n] = '\0';
}

/* A field's value as text for people. */
static const char *field_text(struct cli *c, const struct field *f, const void *obj)
{
    char buf[32];
    switch (f->type) {
    case FT_TEXT:
        return meta_get_text(f, obj);
    case FT_ENUM:
        return meta_enum_name(f, meta_get_int(f, obj));
    case FT_BOOL:
        return meta_get_int(f, obj) ? "yes" : "no";
    case FT_REF:
        return meta_get_i64(f, obj) ? arena_printf(&c->arena, "%lld", (long long)meta_get_i64(f, obj))
                                    : "-";
    case FT_REAL:
        return isnan(meta_get_real(f, obj)) ? "-"
                                            : arena_strdup(&c->arena,
                                                           num_fmt_double(buf, meta_get_real(f, obj)));
    case FT_DATE:
        return meta_get_i64(f, obj) == DATE_NONE ? "-"
                                                 : arena_strdup(&c->arena,
                                                                date_fmt(buf, meta_get_i64(f, obj)));
    case FT_TIME:
        return arena_strdup(&c->arena, ts_fmt(buf, meta_get_i64(f, obj)));
    default:
        return arena_printf(&c->arena, "%lld", (long long)meta_get_i64(f, obj));
    }
}

/* Columns that `list` shows per entity. */
static const char *const *list_columns(const struct entity *e)
{
    static const char *const user[] = {"id", "name", "email", "role", "manager_id", NULL};
    static const char *const team[] = {"id", "name", "parent_id", "lead_id", NULL};
    static const char *const theme[] = {"id", "source", "horizon", "title", NULL};
    static const char *const cycle[] = {"id", "name", "kind", "state", "start", "end", NULL};
    static const char *const objective[] = {"id",    "cycle_id", "owner_user_id", "owner_team_id",
                                            "kind",  "state",    "title",         NULL};
    static const char *const kr[] = {"id",     "objective_id", "type", "start", "current",
                                     "target", "unit",         "title", NULL};
    static const char *const initiative[] = {"id", "kr_id", "state", "due", "title", NULL};
    static const char *const kpi[] = {"id", "name", "direction", "threshold", "unit", NULL};
    static const char *const request[] = {"id",    "state",   "from_user_id", "to_user_id",
                                          "objective_id", "kr_id", "message", NULL};
    static const char *const token[] = {"id", "user_id", "name", "created", "revoked", NULL};
    static const char *const membership[] = {"user_id", "team_id", NULL};
    static const char *const comment[] = {"id", "objective_id", "kr_id", "author_id",
                                          "at", "body",         NULL};
    static const char *const fallback[] = {"id", NULL};
    return e == &entity_user         ? user
           : e == &entity_team       ? team
           : e == &entity_theme      ? theme
           : e == &entity_cycle      ? cycle
           : e == &entity_objective  ? objective
           : e == &entity_key_result ? kr
           : e == &entity_initiative ? initiative
           : e == &entity_kpi        ? kpi
           : e == &entity_request    ? request
           : e == &entity_api_token  ? token
           : e == &entity_membership ? membership
           : e == &entity_comment    ? comment
                                     : fallback;
}

/* A record as JSON, as the API writes it: a time that never happened (0: a token never used) is
 * null, not 1970. */
static void write_json(const struct entity *e, const void *obj, struct json *j)
{
    json_obj_open(j);
    meta_write_members(e, obj, j, true);
    json_obj_close(j);
}

void cli_print_rows(struct cli *c, const struct entity *e, const struct rows *r)
{
    struct sb b;
    sb_init(&b);
    if (c->json) {
        struct json j;
        json_init(&j, &b, 2);
        json_arr_open(&j);
        for (size_t i = 0; i < r->n; i++) {
            write_json(e, (const char *)r->items + i * e->size, &j);
        }
        json_arr_close(&j);
        sb_putc(&b, '\n');
        cli_write(&b);
        sb_free(&b);
        return;
    }
    const char *const *cols = list_columns(e);
    size_t ncol = 0, width[16] = {0};
    while (cols[ncol]) {
        width[ncol] = strlen(cols[ncol]);
        ncol++;
    }
    for (size_t i = 0; i < r->n; i++) {
        for (size_t k = 0; k + 1 < ncol; k++) {
            const char *t = field_text(c, meta_field(e, cols[k]), (const char *)r->items + i * e->size);
            size_t w = cli_width(t);
            width[k] = w > width[k] ? (w > 40 ? 40 : w) : width[k];
        }
    }
    for (size_t k = 0; k < ncol; k++) {
        cli_pad(&b, cols[k], k + 1 < ncol ? width[k] + 2 : 0);
    }
    sb_putc(&b, '\n');
    for (size_t i = 0; i < r->n; i++) {
        for (size_t k = 0; k < ncol; k++) {
            const char *t = field_text(c, meta_field(e, cols[k]), (const char *)r->items + i * e->size);
            cli_pad(&b, t, k + 1 < ncol ? width[k] + 2 : 0);
        }
        sb_putc(&b, '\n');
        if (b.len > 1 << 20) {
            cli_write(&b);
        }
    }
    cli_write(&b);
    sb_free(&b);
}

void cli_print_record(struct cli *c, const struct entity *e, const void *obj)
{
    struct sb b;
    sb_init(&b);
    if (c->json) {
        struct json j;
        json_init(&j, &b, 2);
        write_json(e, obj, &j);
        sb_putc(&b, '\n');
    } else {
        for (size_t i = 0; i < e->nfields; i++) {
            const struct field *f = &e->fields[i];
            if (f->flags & FF_SECRET || f->type == FT_TENANT) {
                continue;
            }
            sb_printf(&b, "%-20s %s\n", f->name, field_text(c, f, obj));
        }
    }
    cli_write(&b);
    sb_free(&b);
}

/* --owner user:ID|team:ID|company and --parent objective:ID|kr:ID, for objectives and KPIs. */
static int apply_shortcuts(struct cli *c, const struct entity *e, void *obj, struct opts *o)
{
    /* Read only where it applies: elsewhere --owner stays unused, and so is named unknown. */
    const char *owner = e == &entity_objective || e == &entity_kpi ? opt_get(o, "owner") : NULL;
    if (owner) {
        int64_t *user = meta_i64(meta_field(e, "owner_user_id"), obj);
        int64_t *team = meta_i64(meta_field(e, "owner_team_id"), obj);
        *user = *team = 0;
        if (strncmp(owner, "user:", 5) == 0) {
            if (!(*user = cli_user(c, "--owner", owner + 5))) {
                return EXIT_USAGE;
            }
        } else if (strncmp(owner, "team:", 5) == 0) {
            if (!(*team = cli_id(c, "--owner team", owner + 5))) {
                return EXIT_USAGE;
            }
        } else if (strcmp(owner, "company") != 0 || e != &entity_objective) {
            return cli_usage(c, "--owner must be user:ID, team:ID%s",
                             e == &entity_objective ? " or company" : "");
        }
    }
    const char *parent = e == &entity_objective ? opt_get(o, "parent") : NULL;
    if (parent) {
        struct objective *ob = obj;
        ob->parent_objective_id = ob->parent_kr_id = 0;
        if (strncmp(parent, "objective:", 10) == 0) {
            ob->parent_objective_id = cli_id(c, "--parent objective", parent + 10);
            return ob->parent_objective_id ? EXIT_OK : EXIT_USAGE;
        }
        if (strncmp(parent, "kr:", 3) == 0) {
            ob->parent_kr_id = cli_id(c, "--parent kr", parent + 3);
            return ob->parent_kr_id ? EXIT_OK : EXIT_USAGE;
        }
        if (strcmp(parent, "none") != 0) {
            return cli_usage(c, "--parent must be objective:ID, kr:ID or none");
        }
    }
    return EXIT_OK;
}

/* Applies every field option to obj. */
static int apply_options(struct cli *c, const struct entity *e, void *obj, struct opts *o)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        char name[64];
        if (f->flags & FF_SYSTEM) {
            continue;
        }
        option_name(f, name);
        const char *v = opt_get(o, name);
        if (!v) {
            continue;
        }
        if (f->type == FT_REF && f->ref == &entity_user && strchr(v, '@')) {
            int64_t id = cli_user(c, name, v);
            if (!id) {
                return EXIT_USAGE;
            }
            v = arena_printf(&c->arena, "%lld", (long long)id);
        }
        struct err err = {0};
        if (meta_set(e, obj, f->name, v, &c->arena, &err) != ERR_OK) {
            return cli_fail(c, &err);
        }
    }
    return apply_shortcuts(c, e, obj, o);
}

static int do_add(struct cli *c, const struct entity *e, struct opts *o)
{
    void *obj = arena_alloc(&c->arena, e->size);
    meta_init(e, obj);
    svc_defaults(e, obj);
    if (e == &entity_key_result && opt_get(o, "type") &&
        strcmp(opt_get(o, "type"), "milestone") == 0) {
        ((struct key_result *)obj)->target = 1; /* a milestone is done (1) or not (0) */
    }
    int rc = apply_options(c, e, obj, o);
    if (rc != EXIT_OK || (rc = opt_check_unused(c, o)) != EXIT_OK) {
        return rc;
    }
    if (e == &entity_key_result && !opt_get(o, "current")) {
        struct key_result *kr = obj;
        kr->current = kr->start; /* nothing achieved yet */
    }
    struct err err = {0};
    if (svc_create(&c->svc, e, obj, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    if (c->json) {
        cli_print_record(c, e, obj);
    } else {
        printf("created %s %lld\n", e->name, (long long)meta_get_i64(meta_field(e, "id"), obj));
    }
    return EXIT_OK;
}

static int do_edit(struct cli *c, const struct entity *e, int64_t id, struct opts *o)
{
    void *obj = arena_alloc(&c->arena, e->size);
    struct err err = {0};
    if (svc_get(&c->svc, e, id, obj, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    const char *version = opt_get(o, "version");
    int rc = apply_options(c, e, obj, o);
    if (rc != EXIT_OK || (rc = opt_check_unused(c, o)) != EXIT_OK) {
        return rc;
    }
    if (version) {
        /* Optimistic concurrency from scripts: fail if the record moved past this version. */
        int64_t v;
        if (num_parse_i64(version, 1, INT64_MAX, &v)) {
            return cli_usage(c, "--version must be a positive number");
        }
        *meta_i64(meta_field(e, "version"), obj) = v;
    }
    if (svc_update(&c->svc, e, obj, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    if (c->json) {
        cli_print_record(c, e, obj);
    } else {
        printf("updated %s %lld\n", e->name, (long long)id);
    }
    return EXIT_OK;
}

static void show_objective_extras(struct cli *c, const struct objective *ob)
{
    struct query q = {.by = "objective_id", .key = ob->id};
    struct rows r;
    struct err err;
    if (svc_list(&c->svc, &entity_key_result, &q, &r, &err) != ERR_OK) {
        return;
    }
    struct sb b;
    sb_init(&b);
    sb_puts(&b, "progress             ");
    cli_bar(&b, objective_progress(r.items, r.n));
    sb_printf(&b, "\nkey results          %zu\n", r.n);
    const struct key_result *krs = r.items;
    for (size_t i = 0; i < r.n; i++) {
        char cur[32], tgt[32];
        sb_printf(&b, "  KR %-6lld ", (long long)krs[i].id);
        cli_bar(&b, kr_progress(&krs[i]));
        sb_printf(&b, "  %s / %s %s  %s\n", num_fmt_double(cur, krs[i].current),
                  num_fmt_double(tgt, krs[i].target), krs[i].unit, krs[i].title);
    }
    cli_write(&b);
    sb_free(&b);
}

static void show_kr_extras(struct cli *c, const struct key_result *kr)
{
    struct query q = {.by = "kr_id", .key = kr->id};
    struct rows r;
    struct err err;
    if (svc_list(&c->svc, &entity_checkin, &q, &r, &err) != ERR_OK) {
        return;
    }
    struct sb b;
    sb_init(&b);
    sb_puts(&b, "progress             ");
    cli_bar(&b, kr_progress(kr));
    sb_printf(&b, "\ncheck-ins            %zu\n", r.n);
    const struct checkin *ci = r.items;
    const struct field *st = meta_field(&entity_checkin, "status");
    for (size_t i = 0; i < r.n; i++) {
        char t[32], v[32], conf[32];
        sb_printf(&b, "  %s  %-10s value %s  confidence %s  %s\n", ts_fmt(t, ci[i].at),
                  meta_enum_name(st, ci[i].status), num_fmt_double(v, ci[i].value),
                  num_fmt_double(conf, ci[i].confidence), ci[i].note);
    }
    cli_write(&b);
    sb_free(&b);
}

/* An API filter's value as the command line takes it too: an email for a person ("--owner
 * li@acme.example" is the API's "user:ID"). */
static const char *filter_value(struct cli *c, const struct api_filter *def, const char *v,
                                bool *bad)
{
    *bad = false;
    if (!strchr(v, '@')) {
        return v;
    }
    int64_t user = cli_user(c, def->param, v);
    *bad = !user;
    return def->kind == API_FILTER_OWNER ? arena_printf(&c->arena, "user:%lld", (long long)user)
                                         : arena_printf(&c->arena, "%lld", (long long)user);
}

/* Whether name is one of res's API filters (those options are read as the API reads them). */
static bool api_param(const struct api_resource *res, const char *name)
{
    for (size_t d = 0; res && res->filters[d].param; d++) {
        if (strcmp(res->filters[d].param, name) == 0) {
            return true;
        }
    }
    return false;
}

/* The records of e that match the API's filters given as options (--owner company, --state
 * active, --parent kr:3...), every page of them, in id order after --after. */
static int list_filtered(struct cli *c, const struct entity *e, const struct filter *f,
                         int64_t after, int64_t limit)
{
    struct rows all = {0}, page;
    struct err err = {0};
    for (int64_t next = after;;) {
        int64_t want = limit && limit - (int64_t)all.n < FIND_MAX_LIMIT ? limit - (int64_t)all.n
                                                                        : FIND_MAX_LIMIT;
        if (svc_find(&c->svc, e, f, next, want, &page, &next, &err) != ERR_OK) {
            return cli_fail(c, &err);
        }
        char *items = arena_alloc(&c->arena, (all.n + page.n + 1) * e->size);
        if (all.n) {
            memcpy(items, all.items, all.n * e->size);
        }
        if (page.n) {
            memcpy(items + all.n * e->size, page.items, page.n * e->size);
        }
        all = (struct rows){items, all.n + page.n};
        if (!next || (limit && (int64_t)all.n >= limit)) {
            break;
        }
    }
    cli_print_rows(c, e, &all);
    return EXIT_OK;
}

static int do_list(struct cli *c, const struct entity *e, struct opts *o)
{
    /* The API's filters first: the same names, values and rules as GET /api/v1/<records>. */
    const struct api_resource *res = api_resource_for_entity(e);
    struct filter flt = {0};
    struct err err = {0};
    for (size_t d = 0; res && res->filters[d].param; d++) {
        const struct api_filter *def = &res->filters[d];
        const char *v = opt_get(o, def->param);
        bool bad;
        if (v && (v = filter_value(c, def, v, &bad), bad)) {
            return EXIT_USAGE;
        }
        if (v && api_filter_terms(e, def, v, &flt, &err) != ERR_OK) {
            return cli_usage(c, "%s", err.msg);
        }
    }
    struct query q = {0};
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        char name[64];
        option_name(f, name);
        const char *v = f->type == FT_REF && !api_param(res, name) ? opt_get(o, name) : NULL;
        if (!v) {
            continue;
        }
        if (q.by || flt.n) {
            return cli_usage(c, "--%s takes no other filter", name);
        }
        q.by = f->name;
        q.key = f->ref == &entity_user ? cli_user(c, name, v) : cli_id(c, name, v);
        if (!q.key) {
            return EXIT_USAGE;
        }
    }
    const char *limit = opt_get(o, "limit"), *after = opt_get(o, "after");
    if ((limit && num_parse_i64(limit, 1, 1000000000, &q.limit)) ||
        (after && num_parse_i64(after, 0, INT64_MAX, &q.after_id))) {
        return cli_usage(c, "--limit and --after take a number");
    }
    int rc = opt_check_unused(c, o);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (flt.n) {
        return list_filtered(c, e, &flt, q.after_id, q.limit);
    }
    struct rows r;
    if (svc_list(&c->svc, e, &q, &r, &err) != ERR_OK) {
        if (err.code == ERR_INTERNAL && q.by) {
            return cli_usage(c, "%s cannot be listed by that filter", e->plural);
        }
        return cli_fail(c, &err);
    }
    cli_print_rows(c, e, &r);
    return EXIT_OK;
}

int cmd_entity(struct cli *c, const struct entity *e, const char *noun, int argc, char **argv)
{
    if (argc < 1) {
        return cli_usage(c, "say what to do: list, show, add, edit or delete");
    }
    const char *verb = argv[0];
    c->cmd = arena_printf(&c->arena, "%s %s", noun, verb);
    struct opts o;
    if (cli_parse(c, argc - 1, argv + 1, "", &o)) {
        return EXIT_USAGE;
    }
    int rc = cli_open(c, true);
    if (rc != EXIT_OK) {
        return rc;
    }
    bool needs_id = !strcmp(verb, "show") || !strcmp(verb, "edit") || !strcmp(verb, "delete");
    int64_t id = 0;
    if (needs_id) {
        if (o.npos != 1) {
            return cli_usage(c, "give the id of the %s", e->name);
        }
        if (!(id = cli_id(c, "id", o.pos[0]))) {
            return EXIT_USAGE;
        }
    } else if (o.npos) {
        return cli_usage(c, "unexpected argument '%s'", o.pos[0]);
    }
    if (!strcmp(verb, "list")) {
        return do_list(c, e, &o);
    }
    if (!strcmp(verb, "add")) {
        return do_add(c, e, &o);
    }
    if (!strcmp(verb, "edit")) {
        return do_edit(c, e, id, &o);
    }
    if ((rc = opt_check_unused(c, &o)) != EXIT_OK) {
        return rc;
    }
    struct err err = {0};
    if (!strcmp(verb, "delete")) {
        char what[64];
        snprintf(what, sizeof what, "deleted %s", e->name);
        return cli_done(c, svc_delete(&c->svc, e, id, &err), &err, what, id);
    }
    if (!strcmp(verb, "show")) {
        void *obj = arena_alloc(&c->arena, e->size);
        if (svc_get(&c->svc, e, id, obj, &err) != ERR_OK) {
            return cli_fail(c, &err);
        }
        cli_print_record(c, e, obj);
        if (!c->json && e == &entity_objective) {
            show_objective_extras(c, obj);
        } else if (!c->json && e == &entity_key_result) {
            show_kr_extras(c, obj);
        }
        return EXIT_OK;
    }
    return cli_usage(c, "unknown action '%s': use list, show, add, edit or delete", verb);
}
