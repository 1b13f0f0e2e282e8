/* okr lint: the OKR coach over a cycle. Findings grouped by owner (the company, teams, people),
 * each naming the record, the rule, its severity and message (and with --explain why it
 * matters), in the tenant's language or --lang; the health score and the costliest rules on top;
 * dismissed findings apart with their reasons. --json gives the API's document. Exits 1 when an
 * error-level finding is shown. `okr lint dismiss` records a reason for a finding. */
#include "cli.h"

#include "domain/rules.h"

#include "api/coach_routes.h"
#include "core/json.h"
#include "core/timefmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int cmd_lint(struct cli *c, int argc, char **argv);

enum { FLUSH_AT = 1 << 20 };

/* The words of the report around the coach's own messages. */
enum label {
    L_TITLE,
    L_HEALTH,
    L_OBJECTIVES,
    L_OBJECTIVE,
    L_COSTLIEST,
    L_COVERAGE,
    L_NONE,
    L_DISMISSED,
    L_BY,
    L_OPERATOR,
    L_POINTS,
    L_LABELS
};

static const char *const labels[L_LABELS][2] = {
    [L_TITLE] = {"OKR coach", "OKR教练"},
    [L_HEALTH] = {"health score", "健康度"},
    [L_OBJECTIVES] = {"objectives", "个目标"},
    [L_OBJECTIVE] = {"objective", "个目标"},
    [L_COSTLIEST] = {"Costliest rules", "扣分最多的规则"},
    [L_COVERAGE] = {"Theme coverage", "战略主题覆盖"},
    [L_NONE] = {"No findings.", "没有建议。"},
    [L_DISMISSED] = {"Dismissed", "已忽略"},
    [L_BY] = {"dismissed by", "忽略人："},
    [L_OPERATOR] = {"the operator", "管理员"},
    [L_POINTS] = {"points", "分"},
};

static const char *const severity_words[COACH_SEVERITIES][2] = {
    {"error", "错误"}, {"warning", "警告"}, {"info", "提示"}};
static const char *const subject_words[COACH_SUBJECTS][2] = {{"company", "公司"},
                                                             {"theme", "战略主题"},
                                                             {"objective", "目标"},
                                                             {"key result", "关键结果"},
                                                             {"person", "成员"},
                                                             {"team", "团队"},
                                                             {"take-on request", "承接请求"}};
static const char *const source_words[5][2] = {{"financial", "财务"},
                                               {"market", "市场"},
                                               {"business plans", "业务规划"},
                                               {"capability", "组织能力"},
                                               {"other", "其他"}};
static const char *const state_words[4][2] = {
    {"planning", "规划中"}, {"active", "进行中"}, {"grading", "评分中"}, {"closed", "已结束"}};

static const char *L(enum coach_lang lang, enum label l)
{
    return labels[l][lang];
}

/* Punctuation: Chinese text takes full-width brackets and colons, and no spaces before units. */
struct punct {
    const char *open, *close, *colon, *space;
};
static const struct punct punct[2] = {{" (", ")", ": ", " "}, {"（", "）", "：", ""}};

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

/* --owner: "company", "team:ID", "user:ID", a user id or an email. Returns EXIT_OK or usage. */
static int parse_owner(struct cli *c, const char *text, struct coach_owner_filter *flt)
{
    flt->on = true;
    if (strcmp(text, "company") == 0) {
        return EXIT_OK;
    }
    if (strncmp(text, "team:", 5) == 0) {
        return (flt->team_id = cli_id(c, "--owner team", text + 5)) ? EXIT_OK : EXIT_USAGE;
    }
    if (strncmp(text, "user:", 5) == 0) {
        text += 5;
    }
    return (flt->user_id = cli_user(c, "--owner", text)) ? EXIT_OK : EXIT_USAGE;
}

static void owner_heading(struct sb *b, const struct coach_view *v, const struct coach_finding *f)
{
    enum coach_lang lang = v->lang;
    const struct punct *p = &punct[lang];
    if (f->owner_user_id) {
        const struct user *u = coach_view_user(v, f->owner_user_id);
        sb_printf(b, "%s%s%s %lld%s\n", u ? u->name : "?", p->open, subject_words[SUBJ_USER][lang],
                  (long long)f->owner_user_id, p->close);
    } else if (f->owner_team_id) {
        const struct team *t = coach_view_team(v, f->owner_team_id);
        sb_printf(b, "%s%s%s %lld%s\n", t ? t->name : "?", p->open, subject_words[SUBJ_TEAM][lang],
                  (long long)f->owner_team_id, p->close);
    } else {
        sb_printf(b, "%s\n", coach_words[COACH_WORD_COMPANY][lang]);
    }
}

static void print_finding(struct sb *b, const struct coach_view *v, const struct coach_finding *f,
                          bool explain)
{
    enum coach_lang lang = v->lang;
    const struct coach_rule_info *ri = coach_rule_info((enum coach_rule)f->rule);
    sb_puts(b, "  ");
    cli_pad(b, severity_words[f->severity][lang], 8);
    sb_printf(b, " %s  %s %lld", ri->id, subject_words[f->subject][lang], (long long)f->subject_id);
    if (f->title[0]) {
        sb_printf(b, "  %s", f->title);
    }
    sb_puts(b, "\n             ");
    coach_message(f, lang, b);
    sb_putc(b, '\n');
    if (explain) {
        sb_printf(b, "             %s\n", coach_explanation(f, lang));
    }
}

static void print_report(struct sb *b, const struct coach_view *v,
                         const struct coach_owner_filter *flt, bool explain)
{
    const struct coach_report *r = &v->report;
    enum coach_lang lang = v->lang;
    const struct punct *p = &punct[lang];
    size_t count[COACH_SEVERITIES] = {0};
    for (size_t i = 0; i < r->n; i++) {
        count[r->findings[i].severity] += api_coach_owner_match(&r->findings[i], flt);
    }
    int state = v->cycle.state >= 0 && v->cycle.state < 4 ? v->cycle.state : 0;
    sb_printf(b, "%s · %s%s%s%s · ", L(lang, L_TITLE), v->cycle.name, p->open,
              state_words[state][lang], p->close);
    if (isnan(r->health)) {
        sb_printf(b, "%s – · ", L(lang, L_HEALTH)); /* no objectives: nothing to score */
    } else {
        sb_printf(b, "%s %.0f/100 · ", L(lang, L_HEALTH), r->health);
    }
    for (int s = 0; s < COACH_SEVERITIES; s++) {
        if (lang == COACH_ZH) {
            sb_printf(b, "%s%zu · ", severity_words[s][lang], count[s]);
        } else {
            sb_printf(b, "%zu %s%s · ", count[s], severity_words[s][lang],
                      count[s] == 1 || s == COACH_INFO ? "" : "s");
        }
    }
    sb_printf(b, "%zu%s%s\n", r->objectives, p->space,
              L(lang, r->objectives == 1 ? L_OBJECTIVE : L_OBJECTIVES));
    if (r->ntop) {
        sb_printf(b, "%s%s", L(lang, L_COSTLIEST), p->colon);
        for (size_t i = 0; i < r->ntop && i < 5; i++) {
            sb_printf(b, "%s%s ×%zu%s%g%s%s%s", i ? " · " : "", coach_rule_info(r->top[i].rule)->id,
                      r->top[i].count, p->open, r->top[i].points, p->space,
                      lang == COACH_EN && r->top[i].points == 1.0 ? "point" : L(lang, L_POINTS),
                      p->close);
        }
        sb_putc(b, '\n');
    }
    sb_printf(b, "%s%s", L(lang, L_COVERAGE), p->colon);
    for (int s = 0; s < 5; s++) {
        sb_printf(b, "%s%s %zu/%zu", s ? " · " : "", source_words[s][lang], r->coverage[s].covered,
                  r->coverage[s].themes);
    }
    sb_puts(b, "\n");
    const struct coach_finding *prev = NULL;
    size_t shown = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct coach_finding *f = &r->findings[i];
        if (!api_coach_owner_match(f, flt)) {
            continue;
        }
        if (!prev || prev->owner_user_id != f->owner_user_id ||
            prev->owner_team_id != f->owner_team_id) {
            sb_putc(b, '\n');
            owner_heading(b, v, f);
        }
        prev = f;
        shown++;
        print_finding(b, v, f, explain);
        if (b->len > FLUSH_AT) {
            cli_write(b);
        }
    }
    if (!shown) {
        sb_printf(b, "\n%s\n", L(lang, L_NONE));
    }
    size_t ndismissed = 0;
    for (size_t i = 0; i < r->ndismissed; i++) {
        ndismissed += api_coach_owner_match(&r->dismissed[i], flt);
    }
    if (!ndismissed) {
        return;
    }
    sb_printf(b, "\n%s%s%zu%s\n", L(lang, L_DISMISSED), p->open, ndismissed, p->close);
    for (size_t i = 0; i < r->ndismissed; i++) {
        const struct coach_finding *f = &r->dismissed[i];
        if (!api_coach_owner_match(f, flt)) {
            continue;
        }
        print_finding(b, v, f, false);
        const struct user *u =
            f->dismissal->user_id ? coach_view_user(v, f->dismissal->user_id) : NULL;
        char day[16];
        sb_printf(b, "             %s%s%s%s%s%s%s\n", L(lang, L_BY), p->space,
                  u ? u->name : L(lang, L_OPERATOR), lang == COACH_ZH ? "，" : ", ",
                  date_fmt(day, f->dismissal->at / 86400), p->colon, f->dismissal->reason);
    }
}

/* lint dismiss RULE ENTITY ID --reason TEXT, or lint undismiss RULE ENTITY ID (the finding
 * counts again); both take --cycle and --as. */
static int run_dismissal(struct cli *c, bool undo, int argc, char **argv)
{
    c->cmd = undo ? "lint undismiss" : "lint dismiss";
    struct opts o;
    if (cli_parse(c, argc, argv, "", &o)) {
        return EXIT_USAGE;
    }
    int rc = cli_open(c, true);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (o.npos != 3) {
        return cli_usage(c, "give the rule, the entity and its id: %s C3 key_result 57%s", c->cmd,
                         undo ? "" : " --reason TEXT");
    }
    struct finding_dismissal d;
    meta_init(&entity_finding_dismissal, &d);
    d.rule = o.pos[0];
    d.entity = o.pos[1];
    if (!(d.entity_id = cli_id(c, "the entity id", o.pos[2]))) {
        return EXIT_USAGE;
    }
    const char *as = opt_get(&o, "as"), *cycle = opt_get(&o, "cycle");
    d.reason = undo ? NULL : opt_get(&o, "reason");
    if (!undo && !d.reason) {
        return cli_usage(c, "give --reason TEXT: why the finding does not apply");
    }
    if (cycle && !(d.cycle_id = cli_id(c, "--cycle", cycle))) {
        return EXIT_USAGE;
    }
    if (as && !(c->svc.actor.user_id = cli_user(c, "--as", as))) {
        return EXIT_USAGE;
    }
    if ((rc = opt_check_unused(c, &o)) != EXIT_OK) {
        return rc;
    }
    struct err err = {0};
    if ((undo ? svc_coach_undismiss(&c->svc, &d, &err) : svc_coach_dismiss(&c->svc, &d, &err)) !=
        ERR_OK) {
        return cli_fail(c, &err);
    }
    if (c->json) {
        printf("{\"ok\":true,\"id\":%lld}\n", (long long)d.id);
    } else {
        printf("%s %s on %s %lld\n", undo ? "withdrew the dismissal of" : "dismissed", d.rule,
               d.entity, (long long)d.entity_id);
    }
    return EXIT_OK;
}

int cmd_lint(struct cli *c, int argc, char **argv)
{
    if (argc >= 1 && (strcmp(argv[0], "dismiss") == 0 || strcmp(argv[0], "undismiss") == 0)) {
        return run_dismissal(c, argv[0][0] == 'u', argc - 1, argv + 1);
    }
    struct opts o;
    if (cli_parse(c, argc, argv, "explain", &o)) {
        return EXIT_USAGE;
    }
    const char *cycle = opt_get(&o, "cycle"), *owner = opt_get(&o, "owner"),
               *lang_opt = opt_get(&o, "lang");
    bool explain = opt_get(&o, "explain") != NULL;
    int lang = COACH_LANG_AUTO;
    if (lang_opt) {
        if (strcmp(lang_opt, "zh") != 0 && strcmp(lang_opt, "en") != 0) {
            return cli_usage(c, "--lang must be zh or en");
        }
        lang = coach_lang_parse(lang_opt);
    }
    int rc = opt_check_unused(c, &o);
    if (rc != EXIT_OK || (rc = cli_open(c, true)) != EXIT_OK) {
        return rc;
    }
    if (o.npos) {
        return cli_usage(c, "unexpected argument '%s'", o.pos[0]);
    }
    struct coach_owner_filter flt = {0};
    if (owner && (rc = parse_owner(c, owner, &flt)) != EXIT_OK) {
        return rc;
    }
    struct err err = {0};
    int64_t id = cycle ? cli_id(c, "--cycle", cycle) : default_cycle(c, c->svc.now / 86400, &err);
    if (!id) {
        return cycle ? EXIT_USAGE : cli_fail(c, &err);
    }
    struct coach_view *v = arena_alloc(&c->arena, sizeof *v);
    if (svc_coach_cycle(&c->svc, id, lang, v, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    if ((flt.team_id && !coach_view_team(v, flt.team_id)) ||
        (flt.user_id && !coach_view_user(v, flt.user_id))) {
        err_set(&err, ERR_NOT_FOUND, "owner", "--owner: no %s with id %lld",
                flt.team_id ? "team" : "user",
                (long long)(flt.team_id ? flt.team_id : flt.user_id));
        return cli_fail(c, &err);
    }
    struct sb b;
    sb_init(&b);
    if (c->json) {
        struct json j;
        json_init(&j, &b, 0);
        api_write_findings(&j, v, &flt); /* the same document as the API's */
        sb_putc(&b, '\n');
    } else {
        print_report(&b, v, &flt, explain);
    }
    cli_write(&b);
    sb_free(&b);
    bool errors = false;
    for (size_t i = 0; i < v->report.n && !errors; i++) {
        errors = v->report.findings[i].severity == COACH_ERROR &&
                 api_coach_owner_match(&v->report.findings[i], &flt);
    }
    if (ferror(stdout)) {
        return EXIT_FAIL;
    }
    return errors ? EXIT_FAIL : EXIT_OK;
}
