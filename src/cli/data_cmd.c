/* Commands that make or move whole companies: init, demo, export, import, backup, migrate. */
#include "cli.h"
#include "core/json.h"

#include "core/num.h"
#include "service/demo.h"
#include "service/interchange.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_migrate(struct cli *c, int argc, char **argv);

int cmd_init(struct cli *c, int argc, char **argv)
{
    struct opts o;
    if (cli_parse(c, argc, argv, "another", &o)) {
        return EXIT_USAGE;
    }
    bool another = opt_get(&o, "another") != NULL;
    struct tenant t;
    struct user admin;
    meta_init(&entity_tenant, &t);
    svc_defaults(&entity_tenant, &t);
    meta_init(&entity_user, &admin);
    svc_defaults(&entity_user, &admin);
    static const char *const fields[] = {"name", "mission", "vision", "timezone", "locale"};
    struct err err = {0};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = opt_get(&o, fields[i]);
        if (v && meta_set(&entity_tenant, &t, fields[i], v, &c->arena, &err) != ERR_OK) {
            return cli_fail(c, &err);
        }
    }
    const char *admin_name = opt_get(&o, "admin-name"), *admin_email = opt_get(&o, "admin-email");
    int rc = opt_check_unused(c, &o);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (o.npos) {
        return cli_usage(c, "unexpected argument '%s'", o.pos[0]);
    }
    if (!t.name[0]) {
        return cli_usage(c, "give the company's --name");
    }
    if (!admin_name != !admin_email) {
        return cli_usage(c, "give both --admin-name and --admin-email, or neither");
    }
    admin.name = admin_name ? admin_name : "";
    admin.email = admin_email ? admin_email : "";
    if ((rc = cli_open(c, false)) != EXIT_OK) {
        return rc;
    }
    /* A second company in one database is a choice, not a slip: every command then needs
     * --tenant. */
    struct query q = {.limit = 1};
    struct rows existing;
    if (!another && store_list(c->st, &entity_tenant, &q, &c->arena, &existing, &err) == ERR_OK &&
        existing.n) {
        const struct tenant *first = existing.items;
        fprintf(stderr,
                "okr: init: the database holds company %lld (%s) already: give --another to add "
                "one more (every command then needs --tenant ID)\n",
                (long long)first->id, first->name);
        return EXIT_FAIL;
    }
    if (svc_tenant_create(&c->svc, &t, admin_name ? &admin : NULL, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    printf(c->json ? "{\"tenant_id\":%lld}\n" : "created company %lld\n", (long long)t.id);
    return EXIT_OK;
}

struct demo_progress {
    bool tty;
    int last_pct;
    char last_phase[32];
};

static void show_progress(void *ctx, const char *phase, int64_t done, int64_t total)
{
    struct demo_progress *p = ctx;
    int pct = total > 0 ? (int)(done * 100 / total) : 100;
    if (pct == p->last_pct && strcmp(phase, p->last_phase) == 0) {
        return;
    }
    p->last_pct = pct;
    snprintf(p->last_phase, sizeof p->last_phase, "%s", phase);
    if (p->tty) {
        fprintf(stderr, "\r%-14s %3d%%  %lld/%lld", phase, pct, (long long)done,
                (long long)total);
    } else if (pct % 10 == 0) {
        fprintf(stderr, "%s %d%%\n", phase, pct);
    }
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
    struct opts o;
    if (cli_parse(c, argc, argv, "", &o)) {
        return EXIT_USAGE;
    }
    const char *lang = opt_get(&o, "lang"), *people = opt_get(&o, "people");
    struct demo_progress prog = {.tty = isatty(2), .last_pct = -1};
    struct demo_opts d = {.lang = lang ? lang : "zh",
                          .today = c->svc.now / 86400,
                          .progress = show_progress,
                          .ctx = &prog};
    if (people && num_parse_i64(people, 1, INT64_MAX, &d.people)) {
        return cli_usage(c, "--people must be a number of people");
    }
    int rc = opt_check_unused(c, &o);
    if (rc != EXIT_OK || (rc = cli_open(c, false)) != EXIT_OK) {
        return rc;
    }
    int64_t tenant = 0, rows = 0;
    struct err err = {0};
    enum err_code ec = svc_demo(c->st, &c->arena, c->svc.now, &d, &tenant, &rows, &err);
    if (prog.tty && prog.last_pct >= 0) {
        fputc('\n', stderr);
    }
    if (ec != ERR_OK) {
        return cli_fail(c, &err);
    }
    if (c->json) {
        printf("{\"tenant_id\":%lld,\"rows\":%lld}\n", (long long)tenant, (long long)rows);
    } else {
        printf("created demo company %lld (%lld rows)\n", (long long)tenant, (long long)rows);
    }
    return EXIT_OK;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
    struct opts o;
    if (cli_parse(c, argc, argv, "", &o)) {
        return EXIT_USAGE;
    }
    int rc = opt_check_unused(c, &o);
    if (rc != EXIT_OK || (rc = cli_open(c, true)) != EXIT_OK) {
        return rc;
    }
    struct sb out;
    sb_init(&out);
    struct err err = {0};
    if (svc_export(&c->svc, &out, &err) != ERR_OK) {
        sb_free(&out);
        return cli_fail(c, &err);
    }
    cli_write(&out); /* the document ends with its own newline */
    sb_free(&out);
    return ferror(stdout) ? EXIT_FAIL : EXIT_OK;
}

/* Reads all of f into a malloc'd buffer (caller frees); NULL on a read error. */
/* Reads f to its end, or to max + 1 bytes: enough to refuse what is too large without holding
 * all of it (an endless pipe, /dev/zero). */
static char *read_all(FILE *f, size_t max, size_t *n)
{
    struct sb b;
    sb_init(&b);
    char chunk[65536];
    size_t got;
    while (b.len <= max && (got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        sb_put(&b, chunk, got);
    }
    if (ferror(f)) {
        sb_free(&b);
        return NULL;
    }
    *n = b.len;
    return sb_take(&b);
}

int cmd_import(struct cli *c, int argc, char **argv)
{
    struct opts o;
    if (cli_parse(c, argc, argv, "", &o)) {
        return EXIT_USAGE;
    }
    int rc = opt_check_unused(c, &o);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (o.npos != 1) {
        return cli_usage(c, "give the file to import (- for standard input)");
    }
    FILE *f = strcmp(o.pos[0], "-") == 0 ? stdin : fopen(o.pos[0], "rb");
    if (!f) {
        fprintf(stderr, "okr: import: cannot read %s\n", o.pos[0]);
        return EXIT_FAIL;
    }
    size_t n = 0;
    char *data = read_all(f, SVC_IMPORT_MAX_BYTES, &n);
    if (f != stdin) {
        fclose(f);
    }
    if (!data) {
        fprintf(stderr, "okr: import: cannot read %s\n", o.pos[0]);
        return EXIT_FAIL;
    }
    arena_adopt(&c->arena, data);
    if (n > SVC_IMPORT_MAX_BYTES) { /* refused before a database file is made for it */
        fprintf(stderr, "okr: import: the file is larger than 256 MiB\n");
        return EXIT_FAIL;
    }
    if ((rc = cli_open(c, false)) != EXIT_OK) {
        return rc;
    }
    int64_t tenant = 0;
    struct err err = {0};
    if (svc_import(c->st, &c->arena, c->svc.now, data, n, &tenant, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    printf(c->json ? "{\"tenant_id\":%lld}\n" : "imported company %lld\n", (long long)tenant);
    return EXIT_OK;
}

int cmd_backup(struct cli *c, int argc, char **argv)
{
    struct opts o;
    if (cli_parse(c, argc, argv, "", &o)) {
        return EXIT_USAGE;
    }
    int rc = opt_check_unused(c, &o);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (o.npos != 1) {
        return cli_usage(c, "give the backup file");
    }
    if (access(o.pos[0], F_OK) == 0) {
        fprintf(stderr, "okr: backup: %s exists; choose a new file\n", o.pos[0]);
        return EXIT_FAIL;
    }
    if ((rc = cli_open(c, false)) != EXIT_OK) {
        return rc;
    }
    struct err err = {0};
    if (c->st->ops->backup(c->st, o.pos[0], &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    if (c->json) {
        struct sb b;
        sb_init(&b);
        struct json j;
        json_init(&j, &b, 0);
        json_obj_open(&j);
        json_key(&j, "ok");
        json_bool(&j, true);
        json_key(&j, "file");
        json_str(&j, o.pos[0]);
        json_obj_close(&j);
        sb_putc(&b, '\n');
        cli_write(&b);
        sb_free(&b);
    } else {
        printf("backed up to %s\n", o.pos[0]);
    }
    return EXIT_OK;
}

int cmd_migrate(struct cli *c, int argc, char **argv)
{
    struct opts o;
    if (cli_parse(c, argc, argv, "", &o)) {
        return EXIT_USAGE;
    }
    int rc = opt_check_unused(c, &o);
    if (rc != EXIT_OK || (rc = cli_open(c, false)) != EXIT_OK) {
        return rc;
    }
    int version = c->st->ops->schema_version(c->st);
    if (c->json) {
        printf("{\"ok\":true,\"schema_version\":%d,\"driver\":\"%s\"}\n", version,
               c->st->ops->driver); /* "sqlite" or "postgresql": nothing to escape */
    } else {
        printf("schema version %d (%s)\n", version, c->st->ops->driver);
    }
    return EXIT_OK;
}
