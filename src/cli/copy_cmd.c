/* okr copy: moves companies from one database to another (SQLite to PostgreSQL and back),
 * record by record through the store interface, then proves the copy by comparing the
 * interchange export of each company on both sides.
 *
 * Why not export | import: the interchange format leaves out what a running deployment needs
 * and a company file must not carry (password hashes, the audit log, dismissed coach findings).
 * The copy takes every record of those entities, generically through the entity descriptors.
 * The destination numbers records itself, so ids change: every reference is mapped to the new
 * id, records are inserted in their old id order (so relative order, and hence the export, stays
 * the same), and references that point forward (a manager with a higher id, an objective aligned
 * to a key result) are set in a second pass. That pass is an update, which bumps the version:
 * such records are inserted one version lower, so that every version arrives as it was.
 * Sessions, API tokens and invitations are not copied: their credentials name the old ids and
 * would not work; people log in again and integrations get new tokens. Login attempts are
 * short-lived and stay behind too. Audit events that name a record which is gone (or was not
 * copied) keep their text and lose the id (0), as does an actor who was deleted.
 *
 * Each company is read in one read transaction and written in one write transaction; a copy
 * whose export differs is deleted again. */
#include "cli.h"

#include "service/interchange.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cmd_copy(struct cli *c, int argc, char **argv);

enum { MAX_KINDS = 32 };

/* Old id -> new id for one entity; old ids ascending (lists come in id order). */
struct idmap {
    int64_t *old, *new_;
    size_t n;
};

struct copy {
    struct cli *c;
    struct store *from, *to;
    int64_t from_tenant, to_tenant;
    struct rows rows[MAX_KINDS];   /* the source records, per entity_all index */
    struct idmap maps[MAX_KINDS];  /* per entity_all index */
    int64_t records;
    struct err err;
};

static bool skipped(const struct entity *e)
{
    return e == &entity_session || e == &entity_api_token || e == &entity_invitation ||
           e == &entity_login_attempt;
}

static int kind_of(const struct entity *e)
{
    for (int i = 0; entity_all[i] && i < MAX_KINDS; i++) {
        if (entity_all[i] == e) {
            return i;
        }
    }
    return -1;
}

static const struct entity *entity_named(const char *name)
{
    for (int i = 0; entity_all[i]; i++) {
        if (strcmp(entity_all[i]->name, name) == 0) {
            return entity_all[i];
        }
    }
    return NULL;
}

/* The entity that field f of src refers to: a reference's target, or for audit events and
 * dismissals the kind of record named in their `entity` field; NULL for other fields. */
static const struct entity *target_of(const struct entity *e, const struct field *f,
                                      const void *src)
{
    if (f->type == FT_REF) {
        return f->ref;
    }
    if (f->type == FT_INT && strcmp(f->name, "entity_id") == 0) {
        const struct field *kind = meta_field(e, "entity");
        return kind ? entity_named(meta_get_text(kind, src)) : NULL;
    }
    return NULL;
}

/* A reference to the same entity or to one copied later: set in the second pass. */
static bool forward(const struct entity *e, const struct entity *target)
{
    return target && target != &entity_tenant && !skipped(target) &&
           kind_of(target) >= kind_of(e);
}

/* The new id of old in entity e; 0 when unknown. */
static int64_t mapped(const struct copy *cp, const struct entity *e, int64_t old)
{
    int k = kind_of(e);
    if (old == 0 || k < 0) {
        return 0;
    }
    const struct idmap *m = &cp->maps[k];
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->old[mid] == old) {
            return m->new_[mid];
        }
        if (m->old[mid] < old) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return 0;
}

/* Audit events keep naming actors and records that are gone: those refer to nothing. */
static bool loose(const struct entity *e, const struct field *f)
{
    return (e == &entity_audit && strcmp(f->name, "actor_id") == 0) || f->type == FT_INT;
}

/* Fills the references of obj (a copy of the source record src of e) with the new ids; forward
 * ones stay none unless with_forward (the second pass, when everything exists). */
static enum err_code remap(struct copy *cp, const struct entity *e, const void *src, void *obj,
                           bool with_forward)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (f->type == FT_TENANT) {
            *meta_i64(f, obj) = cp->to_tenant;
            continue;
        }
        const struct entity *target = target_of(e, f, src);
        if (!target) {
            continue;
        }
        int64_t old = meta_get_i64(f, src);
        if (forward(e, target) && !with_forward) {
            *meta_i64(f, obj) = 0;
            continue;
        }
        int64_t now = target == &entity_tenant && old ? cp->to_tenant : mapped(cp, target, old);
        if (old && !now && !loose(e, f) && !skipped(target)) {
            return err_set(&cp->err, ERR_INTERNAL, f->name,
                           "%s %lld refers to %s %lld, which the copy does not have", e->name,
                           (long long)meta_get_i64(meta_field(e, "id"), src), target->name,
                           (long long)old);
        }
        *meta_i64(f, obj) = now;
    }
    return ERR_OK;
}

static bool has_forward_refs(const struct entity *e, const void *src)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (forward(e, target_of(e, f, src)) && meta_get_i64(f, src)) {
            return true;
        }
    }
    return false;
}

/* Reads the company's records of every copied entity, in one read transaction. */
static enum err_code read_source(struct copy *cp)
{
    struct arena *a = &cp->c->arena;
    if (store_begin(cp->from, false, &cp->err) != ERR_OK) {
        return cp->err.code;
    }
    enum err_code rc = ERR_OK;
    for (int k = 0; entity_all[k] && rc == ERR_OK; k++) {
        const struct entity *e = entity_all[k];
        if (e == &entity_tenant) {
            void *t = arena_alloc(a, e->size);
            rc = store_get(cp->from, e, cp->from_tenant, cp->from_tenant, t, a, &cp->err);
            cp->rows[k] = (struct rows){.items = t, .n = 1};
        } else if (!skipped(e)) {
            struct query q = {.tenant_id = cp->from_tenant};
            rc = store_list(cp->from, e, &q, a, &cp->rows[k], &cp->err);
        }
    }
    if (rc == ERR_OK) {
        return store_commit(cp->from, &cp->err);
    }
    store_rollback(cp->from);
    return rc;
}

/* Inserts every record, then sets the forward references; one write transaction. */
static enum err_code write_copy(struct copy *cp)
{
    struct arena *a = &cp->c->arena;
    if (store_begin(cp->to, true, &cp->err) != ERR_OK) {
        return cp->err.code;
    }
    enum err_code rc = ERR_OK;
    for (int k = 0; entity_all[k] && rc == ERR_OK; k++) {
        const struct entity *e = entity_all[k];
        const struct rows *r = &cp->rows[k];
        const struct field *idf = meta_field(e, "id"), *vf = meta_field(e, "version");
        struct idmap *m = &cp->maps[k];
        m->old = arena_alloc(a, (r->n + 1) * sizeof *m->old);
        m->new_ = arena_alloc(a, (r->n + 1) * sizeof *m->new_);
        for (size_t i = 0; i < r->n && rc == ERR_OK; i++) {
            const void *src = (const char *)r->items + i * e->size;
            void *obj = arena_alloc(a, e->size);
            memcpy(obj, src, e->size);
            rc = remap(cp, e, src, obj, false);
            if (rc == ERR_OK && vf && has_forward_refs(e, src)) {
                (*meta_i64(vf, obj))--; /* the second pass's update brings it back */
            }
            if (rc == ERR_OK) {
                rc = store_insert(cp->to, e, obj, &cp->err);
            }
            if (rc == ERR_OK) {
                m->old[m->n] = meta_get_i64(idf, src);
                m->new_[m->n] = meta_get_i64(idf, obj);
                m->n++;
                cp->records++;
                if (e == &entity_tenant) {
                    cp->to_tenant = m->new_[0];
                }
            }
        }
    }
    for (int k = 0; entity_all[k] && rc == ERR_OK; k++) {
        const struct entity *e = entity_all[k];
        const struct rows *r = &cp->rows[k];
        const struct field *idf = meta_field(e, "id"), *vf = meta_field(e, "version");
        for (size_t i = 0; i < r->n && rc == ERR_OK; i++) {
            const void *src = (const char *)r->items + i * e->size;
            if (!has_forward_refs(e, src)) {
                continue;
            }
            void *obj = arena_alloc(a, e->size);
            memcpy(obj, src, e->size);
            rc = remap(cp, e, src, obj, true);
            if (rc == ERR_OK) {
                *meta_i64(idf, obj) = mapped(cp, e, meta_get_i64(idf, src));
                if (vf) {
                    (*meta_i64(vf, obj))--;
                }
                rc = store_update(cp->to, e, obj, &cp->err);
            }
        }
    }
    if (rc == ERR_OK) {
        return store_commit(cp->to, &cp->err);
    }
    store_rollback(cp->to);
    return rc;
}

static enum err_code export_of(struct cli *c, struct store *st, int64_t tenant, struct sb *out,
                               struct err *err)
{
    struct svc s = c->svc;
    s.st = st;
    s.tenant_id = tenant;
    return svc_export(&s, out, err);
}

/* Both exports, byte for byte; on a difference names the first differing line. */
static enum err_code verify(struct copy *cp, size_t *bytes)
{
    struct sb a, b;
    sb_init(&a);
    sb_init(&b);
    enum err_code rc = export_of(cp->c, cp->from, cp->from_tenant, &a, &cp->err);
    if (rc == ERR_OK) {
        rc = export_of(cp->c, cp->to, cp->to_tenant, &b, &cp->err);
    }
    if (rc == ERR_OK && (a.len != b.len || memcmp(a.p, b.p, a.len) != 0)) {
        size_t i = 0, line = 1;
        while (i < a.len && i < b.len && a.p[i] == b.p[i]) {
            line += a.p[i] == '\n';
            i++;
        }
        rc = err_set(&cp->err, ERR_INTERNAL, NULL,
                     "the copy of company %lld differs from it (export line %zu); it was removed "
                     "again. Was the source changed while copying?",
                     (long long)cp->from_tenant, line);
    }
    *bytes = a.len;
    sb_free(&a);
    sb_free(&b);
    return rc;
}

static enum err_code copy_tenant(struct cli *c, struct store *from, struct store *to,
                                 int64_t tenant, struct sb *report)
{
    struct copy *cp = arena_alloc(&c->arena, sizeof *cp);
    cp->c = c;
    cp->from = from;
    cp->to = to;
    cp->from_tenant = tenant;
    err_clear(&cp->err);
    size_t bytes = 0;
    enum err_code rc = read_source(cp);
    if (rc == ERR_OK) {
        rc = write_copy(cp);
    }
    if (rc == ERR_OK && (rc = verify(cp, &bytes)) != ERR_OK && cp->to_tenant) {
        struct err ignored;
        store_remove(to, &entity_tenant, 0, cp->to_tenant, &ignored);
    }
    if (rc != ERR_OK) {
        cli_fail(c, &cp->err);
        return rc;
    }
    if (c->json) {
        sb_printf(report, "%s{\"from\":%lld,\"to\":%lld,\"records\":%lld,\"export_bytes\":%zu}",
                  report->len ? "," : "", (long long)tenant, (long long)cp->to_tenant,
                  (long long)cp->records, bytes);
    } else {
        printf("copied company %lld as %lld: %lld records; exports match (%zu bytes)\n",
               (long long)tenant, (long long)cp->to_tenant, (long long)cp->records, bytes);
    }
    return ERR_OK;
}

static struct store *open_db(struct cli *c, const char *url)
{
    struct store *st = NULL;
    struct err err = {0};
    if (store_open(url, &st, &err) != ERR_OK) {
        cli_fail(c, &err);
        return NULL;
    }
    return st;
}

/* The file of a SQLite URL ("sqlite:PATH" or a path), or NULL for PostgreSQL's. */
static const char *sqlite_file(const char *url)
{
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
        return NULL;
    }
    return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

/* Whether two URLs name one database: as written, or one SQLite file by two names (c1.db and
 * sqlite:./c1.db), which would copy a company into its own file. */
static bool same_database(const char *a, const char *b)
{
    const char *fa = sqlite_file(a), *fb = sqlite_file(b);
    struct stat sa, sb;
    if (fa && fb && stat(fa, &sa) == 0 && stat(fb, &sb) == 0) {
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    }
    return strcmp(a, b) == 0 || (fa && fb && strcmp(fa, fb) == 0);
}

int cmd_copy(struct cli *c, int argc, char **argv)
{
    struct opts o;
    if (cli_parse(c, argc, argv, "", &o)) {
        return EXIT_USAGE;
    }
    const char *from_url = opt_get(&o, "from"), *to_url = opt_get(&o, "to");
    const char *tenant = opt_get(&o, "tenant");
    int rc = opt_check_unused(c, &o);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (o.npos) {
        return cli_usage(c, "unexpected argument '%s'", o.pos[0]);
    }
    if (!to_url) {
        return cli_usage(c, "give the destination database: --to URL");
    }
    if (!from_url) {
        from_url = c->db_url;
    }
    if (same_database(from_url, to_url)) {
        return cli_usage(c, "--from and --to name the same database");
    }
    int64_t only = 0;
    if (!tenant) {
        tenant = c->tenant_arg; /* the global --tenant works too */
    }
    if (tenant && !(only = cli_id(c, "--tenant", tenant))) {
        return EXIT_USAGE;
    }
    struct store *from = open_db(c, from_url);
    struct store *to = from ? open_db(c, to_url) : NULL;
    if (!to) {
        store_close(from);
        return EXIT_FAIL;
    }
    struct query q = {0};
    struct rows tenants = {0};
    struct err err = {0};
    rc = EXIT_OK;
    if (store_list(from, &entity_tenant, &q, &c->arena, &tenants, &err) != ERR_OK) {
        rc = cli_fail(c, &err);
    }
    struct sb report;
    sb_init(&report);
    size_t copied = 0;
    for (size_t i = 0; rc == EXIT_OK && i < tenants.n; i++) {
        int64_t id = ((const struct tenant *)tenants.items)[i].id;
        if (only && id != only) {
            continue;
        }
        if (copy_tenant(c, from, to, id, &report) != ERR_OK) {
            rc = EXIT_FAIL;
        }
        copied++;
    }
    if (rc == EXIT_OK && copied == 0) {
        fprintf(stderr, "okr: copy: %s\n",
                only ? "no such company in the source" : "the source holds no company");
        rc = EXIT_FAIL;
    }
    if (rc == EXIT_OK && c->json) {
        printf("{\"companies\":[%s]}\n", sb_cstr(&report));
    }
    sb_free(&report);
    store_close(from);
    store_close(to);
    return rc;
}
