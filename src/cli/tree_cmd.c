/* okr tree: the alignment tree of a cycle, from strategy themes through company, team and
 * personal objectives to key results and what aligns to them, as text or as the API's JSON.
 * Output is built in a buffer and flushed in large writes: a big company has millions of lines. */
#include "cli.h"

#include "domain/rules.h"

#include "api/render.h"
#include "core/json.h"
#include "core/num.h"
#include "core/timefmt.h"
#include "domain/progress.h"

#include <stdio.h>
#include <string.h>

enum { MAX_DEPTH = 64, FLUSH_AT = 1 << 20 };

struct tree_out {
    struct cli *c;
    const struct cycle_tree *ct;
    struct sb b;
    struct json j;
    int max_depth;
    bool team;                /* one team's tree */
    const struct field *kind; /* objective.kind, looked up once */
};

static void flush_maybe(struct tree_out *t)
{
    if (t->b.len > FLUSH_AT) {
        cli_write(&t->b);
    }
}

static void indent(struct sb *b, int depth)
{
    static const char spaces[] = "                                                                ";
    for (; depth > 32; depth -= 32) {
        sb_put(b, spaces, 64);
    }
    sb_put(b, spaces, (size_t)depth * 2);
}

/* PREFIX and id, left-aligned in width characters (as printf's "%-7lld" after the prefix). */
static void put_id(struct sb *b, const char *prefix, int64_t id, size_t width)
{
    char num[24];
    size_t n = num_fmt_i64(num, id);
    sb_puts(b, prefix);
    sb_put(b, num, n);
    if (n < width) {
        sb_put(b, "        ", width - n);
    }
}

static void owner_text(struct tree_out *t, const struct objective *o)
{
    if (o->owner_user_id) {
        const struct user *u = cycle_tree_user(t->ct, o->owner_user_id);
        sb_puts(&t->b, u ? u->name : "?");
    } else if (o->owner_team_id) {
        const struct team *tm = cycle_tree_team(t->ct, o->owner_team_id);
        sb_puts(&t->b, tm ? tm->name : "?");
    } else {
        sb_puts(&t->b, "company");
    }
}

static void text_objective(struct tree_out *t, uint32_t oi, int depth);

static void text_children(struct tree_out *t, const struct tree_links *l, size_t node, int depth)
{
    for (uint32_t k = l->first[node]; k < l->first[node + 1]; k++) {
        text_objective(t, l->list[k], depth);
    }
}

static void text_objective(struct tree_out *t, uint32_t oi, int depth)
{
    const struct tree *tr = &t->ct->tree;
    const struct objective *o = &tr->objs[oi];
    if (depth > MAX_DEPTH || (t->max_depth && depth > t->max_depth * 2)) {
        return;
    }
    indent(&t->b, depth);
    put_id(&t->b, "O", o->id, 7);
    sb_putc(&t->b, ' ');
    cli_bar(&t->b, tr->rollup[oi]);
    sb_puts(&t->b, "  ");
    owner_text(t, o);
    sb_puts(&t->b, " · ");
    sb_puts(&t->b, meta_enum_name(t->kind, o->kind));
    sb_puts(&t->b, "  ");
    sb_puts(&t->b, o->title);
    sb_putc(&t->b, '\n');
    for (uint32_t k = tr->obj_krs.first[oi]; k < tr->obj_krs.first[oi + 1]; k++) {
        uint32_t ki = tr->obj_krs.list[k];
        const struct key_result *kr = &tr->krs[ki];
        char num[32];
        indent(&t->b, depth + 1);
        put_id(&t->b, "KR", kr->id, 7);
        cli_bar(&t->b, tr->kr_progress[ki]);
        sb_puts(&t->b, "  ");
        sb_puts(&t->b, num_fmt_double(num, kr->current));
        sb_puts(&t->b, " / ");
        sb_puts(&t->b, num_fmt_double(num, kr->target));
        sb_putc(&t->b, ' ');
        sb_puts(&t->b, kr->unit);
        sb_puts(&t->b, "  ");
        sb_puts(&t->b, kr->title);
        sb_putc(&t->b, '\n');
        text_children(t, &tr->kr_children, ki, depth + 2);
    }
    text_children(t, &tr->obj_children, oi, depth + 1);
    flush_maybe(t);
}

static void print_text(struct tree_out *t, int64_t today)
{
    const struct cycle_tree *ct = t->ct;
    const struct tree *tr = &ct->tree;
    char s[16], e[16];
    sb_printf(&t->b, "%s · %s · %s · %s .. %s · expected progress %d%%\n", ct->cycle.name,
              meta_enum_name(meta_field(&entity_cycle, "kind"), ct->cycle.kind),
              meta_enum_name(meta_field(&entity_cycle, "state"), ct->cycle.state),
              date_fmt(s, ct->cycle.start), date_fmt(e, ct->cycle.end),
              (int)(expected_progress(ct->cycle.start, ct->cycle.end, today) * 100 + 0.5));
    if (ct->tenant.mission[0]) {
        sb_printf(&t->b, "Mission: %s\n", ct->tenant.mission);
    }
    if (ct->tenant.vision[0]) {
        sb_printf(&t->b, "Vision:  %s\n", ct->tenant.vision);
    }
    const struct field *src = meta_field(&entity_theme, "source");
    const struct field *hor = meta_field(&entity_theme, "horizon");
    for (size_t i = 0; i < tr->nthemes; i++) {
        const struct theme *th = &tr->themes[i];
        if (t->team && !tree_count(&tr->theme_roots, i)) {
            continue; /* a team's tree leaves coverage to the company's */
        }
        sb_printf(&t->b, "\n[%s · %s] %s%s\n", meta_enum_name(src, th->source),
                  meta_enum_name(hor, th->horizon), th->title,
                  tree_count(&tr->theme_roots, i) ? "" : "  (no objective this cycle)");
        text_children(t, &tr->theme_roots, i, 1);
    }
    if (tr->noutside) {
        sb_puts(&t->b, "\nAligned to objectives outside this tree (another cycle or team):\n");
        for (size_t i = 0; i < tr->noutside; i++) {
            text_objective(t, tr->outside[i], 1);
        }
    }
    if (tr->norphans) {
        sb_puts(&t->b, "\nNot linked to a theme or a parent (written from duties?):\n");
        for (size_t i = 0; i < tr->norphans; i++) {
            text_objective(t, tr->orphans[i], 1);
        }
    }
    cli_write(&t->b);
}

/* The current cycle (domain: cycle_current), or 0 with err filled. */
static int64_t default_cycle(struct cli *c, int64_t today, struct err *err)
{
    struct query q = {0};
    struct rows r;
    if (svc_list(&c->svc, &entity_cycle, &q, &r, err) != ERR_OK) {
        return 0;
    }
    const struct cycle *cy = cycle_current(r.items, r.n, today);
    if (!cy) {
        err_set(err, ERR_NOT_FOUND, "cycle", "no active cycle contains today: give --cycle ID");
    }
    return cy ? cy->id : 0;
}

int cmd_tree(struct cli *c, int argc, char **argv)
{
    struct opts o;
    if (cli_parse(c, argc, argv, "", &o)) {
        return EXIT_USAGE;
    }
    const char *cycle = opt_get(&o, "cycle"), *depth = opt_get(&o, "depth");
    const char *team = opt_get(&o, "team");
    int64_t max_depth = 0;
    if (depth && num_parse_i64(depth, 1, 32, &max_depth)) {
        return cli_usage(c, "--depth must be a number from 1 to 32");
    }
    int rc = opt_check_unused(c, &o);
    if (rc != EXIT_OK || (rc = cli_open(c, true)) != EXIT_OK) {
        return rc;
    }
    int64_t today = c->svc.now / 86400;
    struct err err = {0};
    int64_t id = cycle ? cli_id(c, "--cycle", cycle) : default_cycle(c, today, &err);
    if (!id) {
        return cycle ? EXIT_USAGE : cli_fail(c, &err);
    }
    int64_t team_id = team ? cli_id(c, "--team", team) : 0;
    if (team && !team_id) {
        return EXIT_USAGE;
    }
    struct cycle_tree ct;
    if (svc_tree(&c->svc, id, team_id, &ct, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    struct tree_out t = {.c = c,
                         .ct = &ct,
                         .max_depth = (int)max_depth,
                         .team = team_id != 0,
                         .kind = meta_field(&entity_objective, "kind")};
    sb_init(&t.b);
    if (c->json) {
        json_init(&t.j, &t.b, 0);
        api_write_tree(&t.j, &ct, today, t.max_depth); /* the same document as the API's */
        sb_putc(&t.b, '\n');
        cli_write(&t.b);
    } else {
        print_text(&t, today);
    }
    sb_free(&t.b);
    return ferror(stdout) ? EXIT_FAIL : EXIT_OK;
}
