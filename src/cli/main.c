/* okr: the entry point. Global options (--db, --json, --tenant), help, and command dispatch. */
#include "cli.h"

#include "core/num.h"
#include "core/timefmt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *global_help =
    "usage: okr [--db URL] [--tenant ID] [--json] <command> [options]\n"
    "\n"
    "OKRs that come from strategy: themes, objectives, key results, weekly check-ins.\n"
    "\n"
    "Global options:\n"
    "  --db URL      database: a path, sqlite:PATH or postgres://... (default ./okr.db, or\n"
    "                $OKR_DB)\n"
    "  --tenant ID   the company to work on when the database holds several\n"
    "  --json        machine-readable output\n"
    "\n"
    "Commands:\n";

static void print_help(void)
{
    fputs(global_help, stdout);
    for (const struct command *k = cli_commands; k->name; k++) {
        printf("  %-11s %s\n", k->name, k->summary);
    }
    puts("\nRun 'okr help COMMAND' for the details of one command.");
}

static int help_command(const char *name)
{
    for (const struct command *k = cli_commands; k->name; k++) {
        if (strcmp(k->name, name) == 0) {
            printf("usage: okr %s\n\n%s\n", k->usage, k->summary);
            if (k->details && *k->details) {
                printf("\n%s", k->details);
            }
            return EXIT_OK;
        }
    }
    fprintf(stderr, "okr: no command '%s' (see 'okr help')\n", name);
    return EXIT_USAGE;
}

/* Now, from the clock or $OKR_NOW (a date or timestamp: reproducible runs and tests). */
static int64_t read_now(void)
{
    const char *fixed = getenv("OKR_NOW");
    int64_t t;
    if (fixed && *fixed && ts_parse(fixed, &t) == 0) {
        return t;
    }
    return (int64_t)time(NULL);
}

int main(int argc, char **argv)
{
    struct cli c = {.prog = argv[0], .cmd = "okr"};
    arena_init(&c.arena, 0);
    c.db_url = getenv("OKR_DB") && *getenv("OKR_DB") ? getenv("OKR_DB") : "okr.db";
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            c.json = true;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            c.db_url = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            c.db_url = argv[i] + 5;
        } else if (strcmp(argv[i], "--tenant") == 0 && i + 1 < argc) {
            c.tenant_arg = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0) {
            print_help();
            return EXIT_OK;
        } else if (strcmp(argv[i], "--version") == 0) {
            puts("okr 0.1.0");
            return EXIT_OK;
        } else if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--tenant") == 0) {
            fprintf(stderr, "okr: %s needs a value (see 'okr help')\n", argv[i]);
            return EXIT_USAGE;
        } else {
            fprintf(stderr, "okr: unknown global option %s (see 'okr help')\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    if (i >= argc) {
        print_help();
        return EXIT_USAGE;
    }
    const char *name = argv[i];
    if (strcmp(name, "help") == 0) {
        if (i + 1 < argc) {
            return help_command(argv[i + 1]);
        }
        print_help();
        return EXIT_OK;
    }
    c.svc.a = &c.arena;
    c.svc.now = read_now();
    c.svc.actor.system = true;
    for (const struct command *k = cli_commands; k->name; k++) {
        if (strcmp(k->name, name) == 0) {
            c.cmd = k->name;
            /* --json may also follow the command. */
            int rest = argc - i - 1;
            char **args = argv + i + 1;
            for (int j = 0; j < rest; j++) {
                if (strcmp(args[j], "--json") == 0) {
                    c.json = true;
                    memmove(&args[j], &args[j + 1], (size_t)(rest - j - 1) * sizeof *args);
                    rest--;
                    j--;
                }
            }
            if (rest == 1 && (!strcmp(args[0], "--help") || !strcmp(args[0], "-h"))) {
                return help_command(name);
            }
            int rc = k->run(&c, rest, args);
            fflush(stdout);
            store_close(c.st);
            arena_free(&c.arena);
            return rc;
        }
    }
    fprintf(stderr, "okr: no command '%s' (see 'okr help')\n", name);
    return EXIT_USAGE;
}
