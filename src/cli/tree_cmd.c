/* okr tree: the alignment tree of a cycle, from strategy themes through company, team and
 * personal objectives to key results and what aligns to them, as text or as the API's JSON.
 * Output is built in a buffer and flushed in large writes: a big company has millions of lines.
 * A large tree's text is written by two threads, each taking the next top-level objective (with
 * the headers before it); its text goes out as it is made when it is its turn, else into a
 * buffer that goes out in order. */
#include "cli.h"

#include "domain/rules.h"

#include "api/render.h"
#include "core/json.h"
#include "core/num.h"
#include "core/timefmt.h"
#include "domain/progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* MAX_LEVELS: levels of aligned objectives below the top ones, as the JSON's (api/render.c);
 * MAX_DEPTH: indentation, two a level through key results. PARALLEL_MIN: objectives from which
 * two threads write the text (OKR_TREE_PARALLEL_MIN sets another, for tests). */
enum { MAX_LEVELS = 64, MAX_DEPTH = 2 * MAX_LEVELS + 1, FLUSH_AT = 1 << 20, PARALLEL_MIN = 20000 };
_Static_assert(MAX_LEVELS == 64, "the words of TW_DEEPER say 64 levels");

/* A top-level objective's text, headers before it included, once done. */
struct job {
    uint32_t oi;
    struct sb text;
    bool done; /* under jobs.lock */
};

/* The job whose turn it is to go out (index `written`) is written as it is made, by whichever
 * thread makes it: every job before it is out, and no other thread writes until it is done.
 * The others wait in their buffers. */
struct jobs {
    struct job *items;
    size_t n, cap;
    atomic_size_t next; /* the next job to take */
    pthread_mutex_t lock;
    size_t written; /* jobs written out, under lock */
};

/* The tree's words in both languages (GLOSSARY.md), [0] English, [1] Chinese. */
enum tree_word {
    TW_EXPECTED,
    TW_MISSION,
    TW_VISION,
    TW_NO_OBJECTIVE,
    TW_OUTSIDE,
    TW_ORPHANS,
    TW_COMPANY,
    TW_DEEPER,
    TW_WORDS
};
static const char *const tree_words[TW_WORDS][2] = {
    [TW_EXPECTED] = {"expected progress", "预期进度"},
    [TW_MISSION] = {"Mission: ", "使命："},
    [TW_VISION] = {"Vision:  ", "愿景："},
    [TW_NO_OBJECTIVE] = {"  (no objective this cycle)", "（本周期没有目标）"},
    [TW_OUTSIDE] = {"Aligned to objectives outside this tree (another cycle or team):",
                    "对齐到本树以外的目标（其他周期或团队）："},
    [TW_ORPHANS] = {"Not linked to a theme or a parent (written from duties?):",
                    "未关联战略主题或上级（是否从职责出发？）："},
    [TW_COMPANY] = {"company", "公司"},
    [TW_DEEPER] = {" aligned below, deeper than 64 levels: not shown",
                   "个对齐的目标在下面，超过64层，未显示"},
};
/* Enum names in Chinese, in the descriptors' order (English: the descriptors' own names). */
static const char *const zh_objective_kind[] = {"承诺型", "挑战型"};
static const char *const zh_cycle_kind[] = {"年度", "季度", "月度", "自定义"};
static const char *const zh_cycle_state[] = {"规划中", "进行中", "评分中", "已结束"};
static const char *const zh_source[] = {"财务", "市场", "业务规划", "组织能力", "其他"};
static const char *const zh_horizon[] = {"短期", "长期"};

struct tree_out {
    struct cli *c;
    int zh; /* 1: the tree's words in Chinese (tree_words' index) */
    const struct cycle_tree *ct;
    struct sb b;
    struct json j;
    int max_depth;
    bool team;                /* one team's tree */
    const struct field *kind; /* objective.kind, looked up once */
    struct jobs *jobs;        /* collecting top-level objectives for two threads, else NULL */
    bool keep;                /* making a job before its turn: never flush */
};

static void flush_maybe(struct tree_out *t)
{
    if (t->b.len > FLUSH_AT && !t->keep) {
        cli_write(&t->b);
    }
}

/* The text is written a line at a time into room made for the whole line (sb_room): a large
 * tree has over a million lines of a dozen pieces each. */
static char *put(char *w, const char *s, size_t n)
{
    memcpy(w, s, n);
    return w + n;
}

#define PUT_LIT(w, s) put(w, s, sizeof s - 1)

/* Room an indent of depth takes (2 spaces a level, MAX_DEPTH + 1 levels at most). */
enum { INDENT_MAX = 2 * (MAX_DEPTH + 1) };

static char *indent(char *w, int depth)
{
    static const char spaces[] = "                                                                ";
    for (; depth > 32; depth -= 32) {
        w = put(w, spaces, 64);
    }
    return put(w, spaces, (size_t)depth * 2);
}

/* PREFIX and id, left-aligned in width characters (as printf's "%-7lld" after the prefix); at
 * most 2 + 24 bytes. */
static char *put_id(char *w, const char *prefix, size_t prefix_len, int64_t id, size_t width)
{
    w = put(w, prefix, prefix_len);
    size_t n = num_fmt_i64(w, id);
    w += n;
    return n < width ? put(w, "        ", width - n) : w;
}

/* The shortest decimal of v, at most 32 bytes. */
static char *put_double(char *w, double v)
{
    num_fmt_double(w, v);
    return w + strlen(w);
}

static const char *owner_text(struct tree_out *t, const struct objective *o)
{
    if (o->owner_user_id) {
        const struct user *u = cycle_tree_user(t->ct, o->owner_user_id);
        return u ? u->name : "?";
    }
    if (o->owner_team_id) {
        const struct team *tm = cycle_tree_team(t->ct, o->owner_team_id);
        return tm ? tm->name : "?";
    }
    return tree_words[TW_COMPANY][t->zh];
}

/* The name of value v of enum field name of e: the descriptor's, or its Chinese word. */
static const char *enum_word(const struct tree_out *t, const struct entity *e, const char *name,
                             int v, const char *const *zh, size_t nzh)
{
    if (t->zh && v >= 0 && (size_t)v < nzh) {
        return zh[v];
    }
    return meta_enum_name(meta_field(e, name), v);
}
#define ENUM_WORD(t, e, name, v, zh) enum_word(t, e, name, v, zh, sizeof zh / sizeof zh[0])

static void text_objective(struct tree_out *t, uint32_t oi, int depth, int level);

static void text_children(struct tree_out *t, const struct tree_links *l, size_t node, int depth,
                          int level)
{
    uint32_t n = l->first[node + 1] - l->first[node];
    /* Alignment deeper than the tree shows (an import may hold it): said, not dropped. --depth
     * is the reader's own choice and needs no word. */
    if (n && level > MAX_LEVELS && !(t->max_depth && level > t->max_depth)) {
        char *w = sb_room(&t->b, INDENT_MAX + 96);
        if (w) {
            char *start = w;
            w = indent(w, depth);
            w += snprintf(w, 96, "… %u%s\n", n, tree_words[TW_DEEPER][t->zh]);
            sb_added(&t->b, (size_t)(w - start));
        }
        return;
    }
    for (uint32_t k = l->first[node]; k < l->first[node + 1]; k++) {
        text_objective(t, l->list[k], depth, level);
    }
}

/* An objective indented depth, level levels below the top ones, and what aligns to it. */
static void text_objective(struct tree_out *t, uint32_t oi, int depth, int level)
{
    const struct tree *tr = &t->ct->tree;
    const struct objective *o = &tr->objs[oi];
    if (level > MAX_LEVELS || (t->max_depth && level > t->max_depth)) {
        return;
    }
    const char *owner = owner_text(t, o), *kind = t->zh && o->kind >= 0 && o->kind < 2
                                                      ? zh_objective_kind[o->kind]
                                                      : meta_enum_name(t->kind, o->kind);
    size_t owner_len = strlen(owner), kind_len = strlen(kind), title_len = strlen(o->title);
    char *w = sb_room(&t->b, INDENT_MAX + 32 + CLI_BAR_MAX + owner_len + kind_len + title_len + 16);
    if (!w) {
        return;
    }
    char *start = w;
    w = indent(w, depth);
    w = put_id(w, "O", 1, o->id, 7);
    *w++ = ' ';
    w = cli_bar_at(w, tr->rollup[oi]);
    w = PUT_LIT(w, "  ");
    w = put(w, owner, owner_len);
    w = PUT_LIT(w, " · ");
    w = put(w, kind, kind_len);
    w = PUT_LIT(w, "  ");
    w = put(w, o->title, title_len);
    *w++ = '\n';
    sb_added(&t->b, (size_t)(w - start));
    for (uint32_t k = tr->obj_krs.first[oi]; k < tr->obj_krs.first[oi + 1]; k++) {
        uint32_t ki = tr->obj_krs.list[k];
        const struct key_result *kr = &tr->krs[ki];
        size_t unit_len = strlen(kr->unit);
        title_len = strlen(kr->title);
        w = sb_room(&t->b, INDENT_MAX + 32 + CLI_BAR_MAX + 2 * 32 + unit_len + title_len + 16);
        if (!w) {
            return;
        }
        start = w;
        w = indent(w, depth + 1);
        w = put_id(w, "KR", 2, kr->id, 7);
        w = cli_bar_at(w, tr->kr_progress[ki]);
        w = PUT_LIT(w, "  ");
        w = put_double(w, kr->current);
        w = PUT_LIT(w, " / ");
        w = put_double(w, kr->target);
        if (num_unit_spaced(kr->unit)) {
            *w++ = ' '; /* 3000 users, 50%, 3000万元: as the web writes them */
        }
        w = put(w, kr->unit, unit_len);
        w = PUT_LIT(w, "  ");
        w = put(w, kr->title, title_len);
        *w++ = '\n';
        sb_added(&t->b, (size_t)(w - start));
        text_children(t, &tr->kr_children, ki, depth + 2, level + 1);
    }
    text_children(t, &tr->obj_children, oi, depth + 1, level + 1);
    flush_maybe(t);
}

/* A top-level objective: written now, or a job holding the text so far (the headers). */
static void top(struct tree_out *t, uint32_t oi)
{
    struct jobs *js = t->jobs;
    if (!js) {
        text_objective(t, oi, 1, 0);
        return;
    }
    if (js->n == js->cap) {
        js->cap = js->cap ? js->cap * 2 : 64;
        js->items = xrealloc(js->items, js->cap * sizeof *js->items);
    }
    struct job *j = &js->items[js->n++];
    j->oi = oi;
    sb_init(&j->text);
    sb_put(&j->text, t->b.p ? t->b.p : "", t->b.len);
    j->done = false;
    sb_clear(&t->b);
}

static void top_all(struct tree_out *t, const struct tree_links *l, size_t node)
{
    for (uint32_t k = l->first[node]; k < l->first[node + 1]; k++) {
        top(t, l->list[k]);
    }
}

/* Writes out the jobs that are done, in order from js->written on. Under js->lock. */
static void write_done(struct jobs *js)
{
    for (; js->written < js->n && js->items[js->written].done; js->written++) {
        cli_write(&js->items[js->written].text);
        sb_free(&js->items[js->written].text);
    }
}

/* Makes the next job not taken yet: written out as it goes when it is its turn, else into its
 * buffer. false when none is left. t: this thread's copy. */
static bool take_job(struct tree_out *t)
{
    struct jobs *js = t->jobs;
    size_t i = atomic_fetch_add(&js->next, 1);
    if (i >= js->n) {
        return false;
    }
    struct job *j = &js->items[i];
    pthread_mutex_lock(&js->lock);
    t->keep = js->written != i;
    pthread_mutex_unlock(&js->lock);
    t->b = j->text;
    text_objective(t, j->oi, 1, 0);
    pthread_mutex_lock(&js->lock);
    j->text = t->b;
    j->done = true;
    write_done(js);
    pthread_mutex_unlock(&js->lock);
    return true;
}

static void *take_jobs_thread(void *arg)
{
    while (take_job(arg)) {
    }
    return NULL;
}

/* Writes the collected jobs, this thread and a second one taking turns (this one alone if the
 * second cannot start), then what follows them (t->b). */
static void write_jobs(struct tree_out *t)
{
    struct jobs *js = t->jobs;
    struct tree_out mine = *t, other = *t;
    pthread_t thread;
    bool two = pthread_create(&thread, NULL, take_jobs_thread, &other) == 0;
    while (take_job(&mine)) {
    }
    if (two) {
        pthread_join(thread, NULL);
    }
    free(js->items);
    cli_write(&t->b);
}

static void print_text(struct tree_out *t, int64_t today)
{
    const struct cycle_tree *ct = t->ct;
    const struct tree *tr = &ct->tree;
    char s[16], e[16];
    sb_printf(&t->b, "%s · %s · %s · %s .. %s · %s %d%%\n", ct->cycle.name,
              ENUM_WORD(t, &entity_cycle, "kind", ct->cycle.kind, zh_cycle_kind),
              ENUM_WORD(t, &entity_cycle, "state", ct->cycle.state, zh_cycle_state),
              date_fmt(s, ct->cycle.start), date_fmt(e, ct->cycle.end),
              tree_words[TW_EXPECTED][t->zh],
              (int)(expected_progress(ct->cycle.start, ct->cycle.end, today) * 100 + 0.5));
    if (ct->tenant.mission[0]) {
        sb_printf(&t->b, "%s%s\n", tree_words[TW_MISSION][t->zh], ct->tenant.mission);
    }
    if (ct->tenant.vision[0]) {
        sb_printf(&t->b, "%s%s\n", tree_words[TW_VISION][t->zh], ct->tenant.vision);
    }
    for (size_t i = 0; i < tr->nthemes; i++) {
        const struct theme *th = &tr->themes[i];
        if (t->team && !tree_count(&tr->theme_roots, i)) {
            continue; /* a team's tree leaves coverage to the company's */
        }
        sb_printf(&t->b, "\n[%s · %s] %s%s\n",
                  ENUM_WORD(t, &entity_theme, "source", th->source, zh_source),
                  ENUM_WORD(t, &entity_theme, "horizon", th->horizon, zh_horizon), th->title,
                  tree_count(&tr->theme_roots, i) ? "" : tree_words[TW_NO_OBJECTIVE][t->zh]);
        top_all(t, &tr->theme_roots, i);
    }
    if (tr->noutside) {
        sb_printf(&t->b, "\n%s\n", tree_words[TW_OUTSIDE][t->zh]);
        for (size_t i = 0; i < tr->noutside; i++) {
            top(t, tr->outside[i]);
        }
    }
    if (tr->norphans) {
        sb_printf(&t->b, "\n%s\n", tree_words[TW_ORPHANS][t->zh]);
        for (size_t i = 0; i < tr->norphans; i++) {
            top(t, tr->orphans[i]);
        }
    }
    if (t->jobs) {
        write_jobs(t);
        return;
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
        err_set(err, ERR_NOT_FOUND, "cycle",
                "no cycle under way or being graded contains today: give --cycle ID");
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
    const char *team = opt_get(&o, "team"), *lang = opt_get(&o, "lang");
    if (lang && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0) {
        return cli_usage(c, "--lang must be zh or en");
    }
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
    /* The company's language, as okr lint speaks it, unless --lang says. */
    t.zh = lang ? strcmp(lang, "zh") == 0 : strncmp(ct.tenant.locale, "zh", 2) == 0;
    sb_init(&t.b);
    if (c->json) {
        json_init(&t.j, &t.b, 0);
        api_write_tree(&t.j, &ct, today, t.max_depth); /* the same document as the API's */
        sb_putc(&t.b, '\n');
        cli_write(&t.b);
    } else {
        /* Two threads for a large tree; OKR_TREE_PARALLEL_MIN lets tests take that path. */
        const char *env = getenv("OKR_TREE_PARALLEL_MIN");
        int64_t from = PARALLEL_MIN;
        if (env && *env && num_parse_i64(env, 0, INT64_MAX, &from)) {
            from = PARALLEL_MIN;
        }
        struct jobs js = {0};
        atomic_init(&js.next, 0);
        pthread_mutex_init(&js.lock, NULL);
        t.jobs = ct.tree.nobjs >= (uint64_t)from ? &js : NULL;
        print_text(&t, today);
        pthread_mutex_destroy(&js.lock);
    }
    sb_free(&t.b);
    return ferror(stdout) ? EXIT_FAIL : EXIT_OK;
}
