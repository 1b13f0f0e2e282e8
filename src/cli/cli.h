/* The command line: global state, option parsing and output helpers shared by the commands. */
#ifndef OKR_CLI_H
#define OKR_CLI_H

#include "core/arena.h"
#include "core/err.h"
#include "core/sb.h"
#include "service/service.h"

#include <stdbool.h>
#include <stdint.h>

enum { CLI_MAX_OPTS = 48, CLI_MAX_POS = 64 };

/* Exit statuses (DESIGN.md section 4). */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* A command's arguments: --name value pairs (or --flag with value "true") and positionals. */
struct opts {
    const char *name[CLI_MAX_OPTS];
    const char *value[CLI_MAX_OPTS];
    bool used[CLI_MAX_OPTS];
    int n;
    const char *pos[CLI_MAX_POS];
    int npos;
};

struct cli {
    const char *prog;
    const char *db_url;
    const char *tenant_arg;
    bool json;
    struct store *st;
    struct arena arena;
    struct svc svc;
    const char *cmd; /* for messages: "objective add" */
};

struct command {
    const char *name;
    const char *summary;
    const char *usage;
    const char *details;
    int (*run)(struct cli *c, int argc, char **argv);
};

extern const struct command cli_commands[];

/* Splits argv into opts; flags (options without a value) are listed in `flags` ("json,force").
 * Returns 0, or prints a usage error and returns -1. */
int cli_parse(struct cli *c, int argc, char **argv, const char *flags, struct opts *o);
/* The value of --name, marking it used; NULL when absent. */
const char *opt_get(struct opts *o, const char *name);
/* Fails (usage) when an option was given that no code looked at. */
int opt_check_unused(struct cli *c, struct opts *o);

/* Opens the database and picks the tenant (--tenant, else the only one). need_tenant false for
 * commands that make tenants. Returns an exit status (0 ok). */
int cli_open(struct cli *c, bool need_tenant);
/* Prints err as one line on stderr and returns its exit status. */
int cli_fail(struct cli *c, const struct err *err);
/* The end of a command that did one thing to record id: on failure cli_fail; else "WHAT ID"
 * (e.g. "deleted objective 5"), or with --json {"ok":true,"id":ID}. */
int cli_done(struct cli *c, enum err_code rc, const struct err *err, const char *what, int64_t id);
/* Prints a usage error and returns EXIT_USAGE. */
int cli_usage(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses a positive id argument; on failure prints a usage error and returns 0. */
int64_t cli_id(struct cli *c, const char *what, const char *text);
/* Resolves a user given as an id or an email; 0 (with a message printed) when unknown. */
int64_t cli_user(struct cli *c, const char *field, const char *text);
/* Writes sb to stdout. */
void cli_write(struct sb *b);
/* Terminal width in columns of a UTF-8 string (CJK counts 2). */
size_t cli_width(const char *s);
/* Appends s padded with spaces to `width` columns. */
void cli_pad(struct sb *b, const char *s, size_t width);
/* "██████░░░░ 60%" for progress in [0, 1]. */
void cli_bar(struct sb *b, double progress);
/* The same bar written at w, which has room for CLI_BAR_MAX bytes; returns its end. */
enum { CLI_BAR_MAX = 48 };
char *cli_bar_at(char *w, double progress);

/* Prints rows as an aligned table (or a JSON array with --json); one record as fields. */
void cli_print_rows(struct cli *c, const struct entity *e, const struct rows *r);
void cli_print_record(struct cli *c, const struct entity *e, const void *obj);

/* Commands (one file per family). */
int cmd_entity(struct cli *c, const struct entity *e, const char *noun, int argc, char **argv);
int cmd_tree(struct cli *c, int argc, char **argv);

#endif
