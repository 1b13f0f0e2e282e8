/* Helpers every command shares: option parsing, opening the database and choosing the tenant,
 * error and usage messages, and terminal output (widths, progress bars). */
#include "cli.h"

#include "core/num.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cli_usage(struct cli *c, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "okr: %s: %s (see 'okr help %s')\n", c->cmd, msg, c->cmd);
    return EXIT_USAGE;
}

int cli_fail(struct cli *c, const struct err *err)
{
    fprintf(stderr, "okr: %s: %s\n", c->cmd, err->msg[0] ? err->msg : err_code_name(err->code));
    return err->code == ERR_USAGE ? EXIT_USAGE : EXIT_FAIL;
}

int cli_done(struct cli *c, enum err_code rc, const struct err *err, const char *what, int64_t id)
{
    if (rc != ERR_OK) {
        return cli_fail(c, err);
    }
    if (c->json) {
        printf("{\"ok\":true,\"id\":%lld}\n", (long long)id);
    } else {
        printf("%s %lld\n", what, (long long)id);
    }
    return EXIT_OK;
}

int cli_parse(struct cli *c, int argc, char **argv, const char *flags, struct opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc && o->npos < CLI_MAX_POS; i++) {
                o->pos[o->npos++] = argv[i];
            }
            break;
        }
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (o->npos == CLI_MAX_POS) {
                cli_usage(c, "too many arguments");
                return -1;
            }
            o->pos[o->npos++] = a;
            continue;
        }
        if (o->n == CLI_MAX_OPTS) {
            cli_usage(c, "too many options");
            return -1;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        char flagname[64];
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        if (len >= sizeof flagname) {
            cli_usage(c, "unknown option %s", a);
            return -1;
        }
        memcpy(flagname, name, len);
        flagname[len] = '\0';
        o->name[o->n] = arena_strdup(&c->arena, flagname);
        /* A flag is a whole word of the comma-separated list. */
        bool is_flag = false;
        for (const char *f = flags; f && *f;) {
            const char *end = strchr(f, ',');
            size_t flen = end ? (size_t)(end - f) : strlen(f);
            if (flen == len && strncmp(f, flagname, len) == 0) {
                is_flag = true;
            }
            f = end ? end + 1 : f + flen;
        }
        if (eq) {
            o->value[o->n] = eq + 1;
        } else if (is_flag) {
            o->value[o->n] = "true";
        } else if (i + 1 < argc) {
            o->value[o->n] = argv[++i];
        } else {
            cli_usage(c, "option --%s needs a value", flagname);
            return -1;
        }
        o->n++;
    }
    return 0;
}

const char *opt_get(struct opts *o, const char *name)
{
    const char *v = NULL;
    for (int i = 0; i < o->n; i++) {
        if (strcmp(o->name[i], name) == 0) {
            o->used[i] = true;
            v = o->value[i]; /* the last one given wins */
        }
    }
    return v;
}

int opt_check_unused(struct cli *c, struct opts *o)
{
    for (int i = 0; i < o->n; i++) {
        if (!o->used[i]) {
            return cli_usage(c, "unknown option --%s", o->name[i]);
        }
    }
    return EXIT_OK;
}

int64_t cli_id(struct cli *c, const char *what, const char *text)
{
    int64_t id;
    if (!text || num_parse_i64(text, 1, INT64_MAX, &id)) {
        cli_usage(c, "%s must be an id (a positive number), not '%s'", what, text ? text : "");
        return 0;
    }
    return id;
}

int64_t cli_user(struct cli *c, const char *field, const char *text)
{
    int64_t id;
    if (text && strchr(text, '@')) { /* ignoring ASCII case, as login does */
        struct rows found;
        struct err err;
        if (!c->svc.tenant_id || /* 0 would look in every company */
            c->st->ops->users_by_email(c->st, c->svc.tenant_id, text, 1, &c->arena, &found, &err) !=
                ERR_OK ||
            !found.n) {
            fprintf(stderr, "okr: %s: %s: no user with email %s\n", c->cmd, field, text);
            return 0;
        }
        return ((const struct user *)found.items)->id;
    }
    if (!text || num_parse_i64(text, 1, INT64_MAX, &id)) {
        fprintf(stderr, "okr: %s: %s must be a user id or email, not '%s'\n", c->cmd, field,
                text ? text : "");
        return 0;
    }
    return id;
}

void cli_write(struct sb *b)
{
    fwrite(sb_cstr(b), 1, b->len, stdout);
    sb_clear(b);
}

size_t cli_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            w++;
            p++;
        } else if (*p >= 0xe0 && *p < 0xf0 && p[1] && p[2]) {
            unsigned cp = (unsigned)(*p & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 |
                          (unsigned)(p[2] & 0x3f);
            /* East Asian wide: CJK, Hangul, full-width forms; box drawing stays narrow. */
            w += (cp >= 0x1100 && !(cp >= 0x2000 && cp < 0x2e80)) ? 2 : 1;
            p += 3;
        } else {
            w++;
            p++;
            while ((*p & 0xc0) == 0x80) {
                p++;
            }
        }
    }
    return w;
}

void cli_pad(struct sb *b, const char *s, size_t width)
{
    sb_puts(b, s);
    for (size_t w = cli_width(s); w < width; w++) {
        sb_putc(b, ' ');
    }
}

char *cli_bar_at(char *w, double progress)
{
    /* By hand, not printf: a large company's tree draws a million bars. */
    static const char full[] = "██████████", empty[] = "░░░░░░░░░░";
    enum { GLYPH = sizeof full / 10 }; /* bytes of one glyph in UTF-8 */
    int filled = (int)(progress * 10 + 0.5), pct = (int)(progress * 100 + 0.5);
    filled = filled < 0 ? 0 : filled > 10 ? 10 : filled;
    memcpy(w, full, (size_t)filled * GLYPH);
    w += (size_t)filled * GLYPH;
    memcpy(w, empty, (size_t)(10 - filled) * GLYPH);
    w += (size_t)(10 - filled) * GLYPH;
    if (pct < 0 || pct > 999) {
        return w + snprintf(w, CLI_BAR_MAX - 10 * GLYPH, " %3d%%", pct);
    }
    char t[5] = {' ', ' ', ' ', (char)('0' + pct % 10), '%'};
    if (pct >= 10) {
        t[2] = (char)('0' + pct / 10 % 10);
    }
    if (pct >= 100) {
        t[1] = (char)('0' + pct / 100);
    }
    memcpy(w, t, 5);
    return w + 5;
}

void cli_bar(struct sb *b, double progress)
{
    char *w = sb_room(b, CLI_BAR_MAX);
    if (w) {
        sb_added(b, (size_t)(cli_bar_at(w, progress) - w));
    }
}

static int pick_tenant(struct cli *c)
{
    struct err err;
    if (c->tenant_arg) {
        int64_t id = cli_id(c, "--tenant", c->tenant_arg);
        struct tenant t;
        if (!id) {
            return EXIT_USAGE;
        }
        if (store_get(c->st, &entity_tenant, id, id, &t, &c->arena, &err) != ERR_OK) {
            fprintf(stderr, "okr: %s: no tenant with id %lld\n", c->cmd, (long long)id);
            return EXIT_FAIL;
        }
        c->svc.tenant_id = id;
        return EXIT_OK;
    }
    struct query q = {.limit = 2};
    struct rows r;
    if (store_list(c->st, &entity_tenant, &q, &c->arena, &r, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    if (r.n == 0) {
        fprintf(stderr, "okr: %s: the database has no company yet: run 'okr init' or 'okr demo'\n",
                c->cmd);
        return EXIT_FAIL;
    }
    if (r.n > 1) {
        fprintf(stderr, "okr: %s: the database holds several companies: choose one with --tenant "
                        "ID\n", c->cmd);
        return EXIT_USAGE;
    }
    c->svc.tenant_id = ((struct tenant *)r.items)[0].id;
    return EXIT_OK;
}

int cli_open(struct cli *c, bool need_tenant)
{
    struct err err = {0};
    if (store_open(c->db_url, &c->st, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    c->svc.st = c->st;
    return need_tenant ? pick_tenant(c) : EXIT_OK;
}
