/* Commands of the OKR rhythm: check-ins, take-on requests, scoring, cycle states, KR weights,
 * KPI values, comments, and the record families that add actions to list/show/add/edit/delete. */
#include "cli.h"

#include "core/num.h"
#include "core/timefmt.h"
#include "domain/score.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int open_parse(struct cli *c, int argc, char **argv, const char *flags, struct opts *o)
{
    if (cli_parse(c, argc, argv, flags, o)) {
        return EXIT_USAGE;
    }
    return cli_open(c, true);
}

/* A number as the web reads it (num_parse_typed): 1,500 and full-width digits too. */
static int parse_real(struct cli *c, const char *name, const char *text, double *out)
{
    if (num_parse_typed(text, out)) {
        return cli_usage(c, "%s must be a number, not '%s'", name, text);
    }
    return EXIT_OK;
}

static int run_checkin(struct cli *c, int argc, char **argv)
{
    struct opts o;
    int rc = open_parse(c, argc, argv, "", &o);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (o.npos != 2) {
        return cli_usage(c, "give the key result id and the new value");
    }
    struct checkin ci;
    meta_init(&entity_checkin, &ci);
    svc_defaults(&entity_checkin, &ci);
    if (!(ci.kr_id = cli_id(c, "key result", o.pos[0])) ||
        (rc = parse_real(c, "value", o.pos[1], &ci.value)) != EXIT_OK) {
        return rc ? rc : EXIT_USAGE;
    }
    const char *conf = opt_get(&o, "confidence"), *status = opt_get(&o, "status"),
               *note = opt_get(&o, "note"), *author = opt_get(&o, "author");
    struct err err = {0};
    ci.confidence = NAN; /* without --confidence, the key result's as it was */
    if ((conf && (rc = parse_real(c, "--confidence", conf, &ci.confidence)) != EXIT_OK)) {
        return rc;
    }
    if ((status && meta_set(&entity_checkin, &ci, "status", status, &c->arena, &err)) ||
        (note && meta_set(&entity_checkin, &ci, "note", note, &c->arena, &err))) {
        return cli_fail(c, &err);
    }
    if (author && !(ci.author_id = cli_user(c, "--author", author))) {
        return EXIT_USAGE;
    }
    if ((rc = opt_check_unused(c, &o)) != EXIT_OK) {
        return rc;
    }
    if (svc_checkin(&c->svc, &ci, status != NULL, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    const char *said = meta_enum_name(meta_field(&entity_checkin, "status"), ci.status);
    if (c->json) {
        printf("{\"ok\":true,\"id\":%lld,\"status\":\"%s\"}\n", (long long)ci.id, said);
    } else {
        printf("checked in %lld\nstatus %s\n", (long long)ci.id, said);
    }
    return EXIT_OK;
}

static int run_request(struct cli *c, int argc, char **argv)
{
    if (argc < 1) {
        return cli_usage(c, "say what to do: send, accept, decline, withdraw or list");
    }
    const char *verb = argv[0];
    c->cmd = arena_printf(&c->arena, "request %s", verb);
    struct opts o;
    int rc = open_parse(c, argc - 1, argv + 1, "", &o);
    if (rc != EXIT_OK) {
        return rc;
    }
    struct err err = {0};
    if (!strcmp(verb, "send")) {
        struct request r;
        meta_init(&entity_request, &r);
        const char *to = opt_get(&o, "to"), *from = opt_get(&o, "from"),
                   *obj = opt_get(&o, "objective"), *kr = opt_get(&o, "kr"),
                   *msg = opt_get(&o, "message");
        if (!to || (!obj == !kr)) {
            return cli_usage(c, "give --to USER and one of --objective ID or --kr ID");
        }
        if (!(r.to_user_id = cli_user(c, "--to", to)) ||
            (from && !(r.from_user_id = cli_user(c, "--from", from))) ||
            (obj && !(r.objective_id = cli_id(c, "--objective", obj))) ||
            (kr && !(r.kr_id = cli_id(c, "--kr", kr)))) {
            return EXIT_USAGE;
        }
        if (!from) {
            return cli_usage(c, "give --from USER: the superior who asks");
        }
        r.message = msg ? msg : "";
        if ((rc = opt_check_unused(c, &o)) != EXIT_OK) {
            return rc;
        }
        enum err_code ec = svc_request_send(&c->svc, &r, &err);
        return cli_done(c, ec, &err, "sent request", r.id);
    }
    if (!strcmp(verb, "list")) {
        struct query q = {0};
        const char *to = opt_get(&o, "to"), *from = opt_get(&o, "from");
        if (to || from) {
            q.by = to ? "to_user_id" : "from_user_id";
            if (!(q.key = cli_user(c, to ? "--to" : "--from", to ? to : from))) {
                return EXIT_USAGE;
            }
        }
        struct rows r;
        if ((rc = opt_check_unused(c, &o)) != EXIT_OK) {
            return rc;
        }
        if (svc_list(&c->svc, &entity_request, &q, &r, &err) != ERR_OK) {
            return cli_fail(c, &err);
        }
        cli_print_rows(c, &entity_request, &r);
        return EXIT_OK;
    }
    if (o.npos != 1) {
        return cli_usage(c, "give the request id");
    }
    int64_t id = cli_id(c, "request", o.pos[0]);
    if (!id) {
        return EXIT_USAGE;
    }
    const char *reason = opt_get(&o, "reason");
    if ((rc = opt_check_unused(c, &o)) != EXIT_OK) {
        return rc;
    }
    if (!strcmp(verb, "accept")) {
        struct objective draft;
        if (svc_request_accept(&c->svc, id, &draft, &err) != ERR_OK) {
            return cli_fail(c, &err);
        }
        if (c->json) { /* the draft's id too: what a script goes on with */
            printf("{\"ok\":true,\"id\":%lld,\"objective_id\":%lld}\n", (long long)id,
                   (long long)draft.id);
        } else {
            printf("accepted request %lld\ncreated draft objective %lld: %s\n", (long long)id,
                   (long long)draft.id, draft.title);
        }
        return EXIT_OK;
    }
    if (!strcmp(verb, "decline")) {
        return cli_done(c, svc_request_decline(&c->svc, id, reason, &err), &err, "declined request",
                        id);
    }
    if (!strcmp(verb, "withdraw")) {
        return cli_done(c, svc_request_withdraw(&c->svc, id, &err), &err, "withdrew request", id);
    }
    return cli_usage(c, "unknown action '%s'", verb);
}

static int run_score(struct cli *c, int argc, char **argv)
{
    struct opts o;
    int rc = open_parse(c, argc, argv, "", &o);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (o.npos != 1) {
        return cli_usage(c, "give the objective id");
    }
    int64_t id = cli_id(c, "objective", o.pos[0]);
    if (!id) {
        return EXIT_USAGE;
    }
    const char *which[] = {"self", "manager", "final"};
    const char *note = opt_get(&o, "note");
    const char *given[3];
    double scores[3];
    int n = 0;
    struct err err = {0};
    /* Every option read and every score checked before the first is written: nothing
     * half-done. */
    for (int i = 0; i < 3; i++) {
        scores[i] = NAN;
        if (!(given[i] = opt_get(&o, which[i]))) {
            continue;
        }
        n++;
        if (strcmp(given[i], "none") != 0 &&
            (rc = parse_real(c, which[i], given[i], &scores[i])) != EXIT_OK) {
            return rc;
        }
        if (!isnan(scores[i]) && score_check(scores[i], which[i], &err) != ERR_OK) {
            return cli_fail(c, &err);
        }
    }
    if ((rc = opt_check_unused(c, &o)) != EXIT_OK) {
        return rc;
    }
    if (!n) {
        return cli_usage(c, "give --self, --manager or --final SCORE (0.0 to 1.0)");
    }
    if (note && n > 1) {
        return cli_usage(c, "--note goes with one score: the owner's reflection (--self) or the "
                            "post-mortem (--manager, --final)");
    }
    for (int i = 0; i < 3; i++) {
        if (given[i] && svc_score(&c->svc, id, which[i], scores[i], note, 0, &err) != ERR_OK) {
            return cli_fail(c, &err);
        }
    }
    return cli_done(c, ERR_OK, &err, "scored objective", id);
}

static int run_cycle(struct cli *c, int argc, char **argv)
{
    static const struct {
        const char *verb;
        enum cycle_state to;
    } moves[] = {{"activate", CYCLE_ACTIVE}, {"grade", CYCLE_GRADING}, {"close", CYCLE_CLOSED},
                 {"reopen", CYCLE_ACTIVE}};
    for (size_t i = 0; argc >= 1 && i < sizeof moves / sizeof moves[0]; i++) {
        if (strcmp(argv[0], moves[i].verb) != 0) {
            continue;
        }
        c->cmd = arena_printf(&c->arena, "cycle %s", argv[0]);
        struct opts o;
        int rc = open_parse(c, argc - 1, argv + 1, "", &o);
        if (rc != EXIT_OK || (rc = opt_check_unused(c, &o)) != EXIT_OK) {
            return rc;
        }
        int64_t id = o.npos == 1 ? cli_id(c, "cycle", o.pos[0]) : 0;
        if (!id) {
            return o.npos == 1 ? EXIT_USAGE : cli_usage(c, "give the cycle id");
        }
        struct err err = {0};
        bool reopen = strcmp(argv[0], "reopen") == 0;
        enum err_code ec = reopen ? svc_cycle_reopen(&c->svc, id, &err)
                                  : svc_cycle_transition(&c->svc, id, moves[i].to, &err);
        static const char *const said[] = {"activated cycle", "started grading cycle",
                                           "closed cycle", "reopened cycle"};
        return cli_done(c, ec, &err, said[i], id);
    }
    return cmd_entity(c, &entity_cycle, "cycle", argc, argv);
}

static int run_team(struct cli *c, int argc, char **argv)
{
    bool add = argc >= 1 && !strcmp(argv[0], "member-add");
    bool del = argc >= 1 && !strcmp(argv[0], "member-remove");
    bool show = argc >= 1 && !strcmp(argv[0], "members");
    if (!add && !del && !show) {
        return cmd_entity(c, &entity_team, "team", argc, argv);
    }
    c->cmd = arena_printf(&c->arena, "team %s", argv[0]);
    struct opts o;
    int rc = open_parse(c, argc - 1, argv + 1, "", &o);
    if (rc != EXIT_OK || (rc = opt_check_unused(c, &o)) != EXIT_OK) {
        return rc;
    }
    if (o.npos != (show ? 1 : 2)) {
        return cli_usage(c, show ? "give the team id" : "give the team id and the user");
    }
    int64_t team = cli_id(c, "team", o.pos[0]);
    if (!team) {
        return EXIT_USAGE;
    }
    struct query q = {.by = "team_id", .key = team};
    struct rows r;
    struct err err = {0};
    if (svc_list(&c->svc, &entity_membership, &q, &r, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    if (show) {
        cli_print_rows(c, &entity_membership, &r);
        return EXIT_OK;
    }
    int64_t user = cli_user(c, "user", o.pos[1]);
    if (!user) {
        return EXIT_USAGE;
    }
    if (add) {
        struct membership m = {.team_id = team, .user_id = user};
        return cli_done(c, svc_create(&c->svc, &entity_membership, &m, &err), &err, "added member",
                        user);
    }
    const struct membership *ms = r.items;
    for (size_t i = 0; i < r.n; i++) {
        if (ms[i].user_id == user) {
            return cli_done(c, svc_delete(&c->svc, &entity_membership, ms[i].id, &err), &err,
                            "removed member", user);
        }
    }
    err_set(&err, ERR_NOT_FOUND, "user", "user %lld is not a member of team %lld",
            (long long)user, (long long)team);
    return cli_fail(c, &err);
}

static int run_objective(struct cli *c, int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "weights") != 0) {
        return cmd_entity(c, &entity_objective, "objective", argc, argv);
    }
    c->cmd = "objective weights";
    struct opts o;
    int rc = open_parse(c, argc - 1, argv + 1, "", &o);
    if (rc != EXIT_OK || (rc = opt_check_unused(c, &o)) != EXIT_OK) {
        return rc;
    }
    if (o.npos < 2) {
        return cli_usage(c, "give the objective id and one weight per key result");
    }
    int64_t id = cli_id(c, "objective", o.pos[0]);
    double w[CLI_MAX_POS];
    for (int i = 1; i < o.npos; i++) {
        if ((rc = parse_real(c, "weight", o.pos[i], &w[i - 1])) != EXIT_OK) {
            return rc;
        }
    }
    struct err err = {0};
    return id ? cli_done(c, svc_set_weights(&c->svc, id, w, (size_t)o.npos - 1, &err), &err,
                         "weighted objective", id)
              : EXIT_USAGE;
}

static int run_kpi(struct cli *c, int argc, char **argv)
{
    bool record = argc >= 1 && !strcmp(argv[0], "record");
    bool values = argc >= 1 && !strcmp(argv[0], "values");
    if (!record && !values) {
        return cmd_entity(c, &entity_kpi, "kpi", argc, argv);
    }
    c->cmd = arena_printf(&c->arena, "kpi %s", argv[0]);
    struct opts o;
    int rc = open_parse(c, argc - 1, argv + 1, "", &o);
    if (rc != EXIT_OK) {
        return rc;
    }
    if (o.npos != (record ? 2 : 1)) {
        return cli_usage(c, record ? "give the KPI id and the value" : "give the KPI id");
    }
    int64_t id = cli_id(c, "kpi", o.pos[0]);
    if (!id) {
        return EXIT_USAGE;
    }
    struct err err = {0};
    if (values) {
        struct query q = {.by = "kpi_id", .key = id};
        struct rows r;
        if ((rc = opt_check_unused(c, &o)) != EXIT_OK) {
            return rc;
        }
        if (svc_list(&c->svc, &entity_kpi_value, &q, &r, &err) != ERR_OK) {
            return cli_fail(c, &err);
        }
        cli_print_rows(c, &entity_kpi_value, &r);
        return EXIT_OK;
    }
    struct kpi_value v;
    meta_init(&entity_kpi_value, &v);
    v.kpi_id = id;
    v.on = c->svc.now / 86400;
    const char *on = opt_get(&o, "on");
    if ((rc = parse_real(c, "value", o.pos[1], &v.value)) != EXIT_OK) {
        return rc;
    }
    if (on && meta_set(&entity_kpi_value, &v, "on", on, &c->arena, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    if ((rc = opt_check_unused(c, &o)) != EXIT_OK) {
        return rc;
    }
    enum err_code ec = svc_kpi_record(&c->svc, &v, &err);
    return cli_done(c, ec, &err, "recorded KPI value", v.id);
}

static int run_comment(struct cli *c, int argc, char **argv)
{
    if (argc >= 1 && (!strcmp(argv[0], "list") || !strcmp(argv[0], "show"))) {
        return cmd_entity(c, &entity_comment, "comment", argc, argv); /* what was said */
    }
    struct opts o;
    int rc = open_parse(c, argc, argv, "", &o);
    if (rc != EXIT_OK) {
        return rc;
    }
    struct comment cm;
    meta_init(&entity_comment, &cm);
    const char *obj = opt_get(&o, "objective"), *kr = opt_get(&o, "kr"),
               *author = opt_get(&o, "author");
    if (o.npos != 1 || !obj == !kr) {
        return cli_usage(c, "give --objective ID or --kr ID, and the text");
    }
    if ((obj && !(cm.objective_id = cli_id(c, "--objective", obj))) ||
        (kr && !(cm.kr_id = cli_id(c, "--kr", kr))) ||
        (author && !(cm.author_id = cli_user(c, "--author", author)))) {
        return EXIT_USAGE;
    }
    cm.body = o.pos[0];
    cm.at = c->svc.now;
    if ((rc = opt_check_unused(c, &o)) != EXIT_OK) {
        return rc;
    }
    struct err err = {0};
    enum err_code ec = svc_create(&c->svc, &entity_comment, &cm, &err);
    return cli_done(c, ec, &err, "commented", cm.id);
}

#define ENTITY_RUNNER(FN, ENTITY, NOUN)                                                            \
    static int FN(struct cli *c, int argc, char **argv)                                            \
    {                                                                                              \
        return cmd_entity(c, &ENTITY, NOUN, argc, argv);                                           \
    }
ENTITY_RUNNER(run_theme, entity_theme, "theme")
ENTITY_RUNNER(run_kr, entity_key_result, "kr")
ENTITY_RUNNER(run_initiative, entity_initiative, "initiative")

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_migrate(struct cli *c, int argc, char **argv);
int cmd_copy(struct cli *c, int argc, char **argv);
int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_token(struct cli *c, int argc, char **argv);
int cmd_user_password(struct cli *c, int argc, char **argv);
int cmd_lint(struct cli *c, int argc, char **argv);

static int run_user(struct cli *c, int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "password") == 0) {
        return cmd_user_password(c, argc - 1, argv + 1);
    }
    return cmd_entity(c, &entity_user, "user", argc, argv);
}

#define CRUD_DETAILS(FIELDS)                                                                       \
    "Actions:\n"                                                                                   \
    "  list [--FILTER VALUE ...] [--limit N] [--after ID]: the API's list filters, the same\n"     \
    "       names and values (docs/api.md: --owner company|user:ID|EMAIL, --state, --cycle...)\n"  \
    "  show ID\n"                                                                                  \
    "  add  --FIELD VALUE ...\n"                                                                   \
    "  edit ID --FIELD VALUE ... [--version N]\n"                                                  \
    "  delete ID\n"                                                                                \
    "Fields: " FIELDS "\n"

const struct command cli_commands[] = {
    {"init", "create a company (tenant) and its first admin", "init --name NAME [options]",
     "Options: --name, --mission, --vision, --timezone (Asia/Shanghai), --locale (zh-CN),\n"
     "         --admin-name NAME --admin-email EMAIL (the first user, an admin)\n"
     "A database that holds a company already takes another only with --another; every\n"
     "command then chooses one with --tenant ID.\n",
     cmd_init},
    {"demo", "create a realistic demo company", "demo [--lang zh|en] [--people N]",
     "Builds a company drawn from the method: strategy themes per source, company, team and\n"
     "personal OKRs aligned through take-on requests, KPIs beside OKRs, a closed and scored\n"
     "quarter and the current one with weekly check-ins. --people N scales it to N people\n"
     "(10 to 2000000).\n",
     cmd_demo},
    {"user", "people: list, show, add, edit, delete", "user list|show|add|edit|delete ...",
     CRUD_DETAILS(
         "--name --email --role admin|member --manager USER --locale --active") "Password: user "
                                                                                "password USER   "
                                                                                "(reads the new "
                                                                                "password from "
                                                                                "standard input)\n",
     run_user},
    {"team", "teams: list, show, add, edit, delete, members",
     "team list|show|add|edit|delete|members|member-add|member-remove ...",
     CRUD_DETAILS("--name --parent TEAM --lead USER") "Members:\n  members TEAM\n"
                                                      "  member-add TEAM USER\n"
                                                      "  member-remove TEAM USER\n",
     run_team},
    {"theme", "strategic themes: where OKRs come from", "theme list|show|add|edit|delete ...",
     CRUD_DETAILS("--title --description --source financial|market|business|capability|other\n"
                  "        --horizon short|long --owner USER --position N"),
     run_theme},
    {"cycle", "cycles: list, show, add, edit, delete, activate, grade, close, reopen",
     "cycle list|show|add|edit|delete|activate|grade|close|reopen ...",
     CRUD_DETAILS("--name --start YYYY-MM-DD --end YYYY-MM-DD --kind year|quarter|month|custom\n"
                  "        --parent CYCLE") "States: planning -> activate -> active -> grade -> "
                                            "grading -> close -> closed;\n"
                                            "reopen takes a cycle being graded back to active.\n"
                                            "Closing needs a final score on every objective "
                                            "(manager or self scores fill in)\nand a post-mortem "
                                            "on every committed objective under 1.0.\n",
     run_cycle},
    {"objective", "objectives: list, show, add, edit, delete, weights",
     "objective list|show|add|edit|delete|weights ...",
     CRUD_DETAILS(
         "--cycle --title --description --kind committed|aspirational\n"
         "        --visibility public|team|private --theme THEME --kpi KPI\n"
         "        --owner user:ID|team:ID|company --parent objective:ID|kr:ID|none\n"
         "        --state draft|active|dropped --weight") "Weights: objective weights ID W1 W2 ... "
                                                          "sets its key results' weights (summing "
                                                          "to 1).\n",
     run_objective},
    {"kr", "key results: list, show, add, edit, delete", "kr list|show|add|edit|delete ...",
     CRUD_DETAILS("--objective --title --type metric|milestone\n"
                  "        --direction increase|decrease|at_least|at_most --start --target\n"
                  "        --current (defaults to start) --unit --weight --confidence --due\n"
                  "        --owner-user USER"),
     run_kr},
    {"initiative", "initiatives: the way a key result will be reached",
     "initiative list|show|add|edit|delete ...",
     CRUD_DETAILS("--kr --title --owner USER --state todo|doing|done|dropped --due"),
     run_initiative},
    {"kpi", "KPIs: list, show, add, edit, delete, record, values",
     "kpi list|show|add|edit|delete|record|values ...",
     CRUD_DETAILS("--name --unit --direction at_least|at_most --threshold\n"
                  "        --owner user:ID|team:ID") "Values:\n  record KPI VALUE [--on "
                                                     "YYYY-MM-DD]\n  values KPI\n",
     run_kpi},
    {"checkin", "check in on a key result: its new value", "checkin KR VALUE [options]",
     "Options: --confidence 0.0-1.0 (the key result's own when not given),\n"
     "--status on_track|at_risk|off_track (derived from progress against the expected line\n"
     "when not given), --note TEXT, --author USER\n",
     run_checkin},
    {"request", "take-on requests: send, accept, decline, withdraw, list",
     "request send|accept|decline|withdraw|list ...",
     "  send --from USER --to USER (--objective ID | --kr ID) [--message TEXT]\n"
     "  accept ID          creates the person's draft objective aligned to the source\n"
     "  decline ID --reason TEXT\n"
     "  withdraw ID\n"
     "  list [--to USER | --from USER]\n",
     run_request},
    {"comment", "comment on an objective or key result; list and show comments",
     "comment (--objective ID | --kr ID) [--author USER] TEXT",
     "  comment list [--objective ID] [--kr ID] [--author USER]: what was said, in order\n"
     "  comment show ID\n",
     run_comment},
    {"score", "score an objective (0.0-1.0)",
     "score OBJECTIVE [--self S] [--manager S] [--final S] [--note TEXT]",
     "--note with --self is the reflection; with --manager or --final the post-mortem note,\n"
     "which a committed objective's manager or final score under 1.0 needs.\n",
     run_score},
    {"tree", "the alignment tree of a cycle, from strategy to key results",
     "tree [--cycle ID] [--team ID] [--depth N] [--lang zh|en]",
     "Without --cycle: the cycle under way or being graded that contains today (the\n"
     "shortest one).\n"
     "--lang: the tree's words (the company's language by default; names and titles as they\n"
     "are written).\n"
     "--team: one team's tree: the objectives of the team, its sub-teams, their leads and\n"
     "members, and what aligns among them; objectives aligned to one outside it are listed\n"
     "apart. --depth: levels of objectives shown. --json gives the same tree as nested JSON.\n",
     cmd_tree},
    {"lint", "the OKR coach: findings on a cycle's OKRs, by owner",
     "lint [--cycle ID] [--owner USER|team:ID|company] [--lang zh|en] [--explain]",
     "Checks the method's rules (docs/coach.md): strategy (S1-S4), focus (F1-F3),\n"
     "challenge (C1-C6), measurability (M1-M3), alignment and rhythm (A1, A2, R1, R2).\n"
     "Prints the health score (0-100), the rules that cost the most and each finding by\n"
     "owner; --explain adds why each rule matters. Without --cycle: the active cycle that\n"
     "contains today. --lang: the tenant's language by default. Exits 1 when a finding is\n"
     "an error. --json gives the document of GET /api/v1/cycles/{id}/findings.\n"
     "Dismiss a finding that does not apply (kept, with the reason, for the manager):\n"
     "  lint dismiss RULE ENTITY ID --reason TEXT [--cycle ID] [--as USER]\n"
     "  e.g. lint dismiss C3 key_result 57 --reason \"new supplier this quarter\"\n"
     "A finding about a user, team, theme or the company is dismissed for one cycle\n"
     "(--cycle, else the one that contains today).\n"
     "Withdraw a dismissal (its author, or whoever may dismiss the finding):\n"
     "  lint undismiss RULE ENTITY ID [--cycle ID] [--as USER]\n"
     "--as USER records who gave it; the command line runs as the operator, who may\n"
     "dismiss any finding (the API and the web UI apply each person's rights).\n",
     cmd_lint},
    {"export", "write the company as an interchange document to stdout", "export", "", cmd_export},
    {"import", "create a company from an interchange document", "import FILE|-",
     "The whole file is validated first; on any error nothing is written.\n", cmd_import},
    {"backup", "copy the database to a file (online, consistent)", "backup FILE", "", cmd_backup},
    {"migrate", "bring the database schema up to date", "migrate", "", cmd_migrate},
    {"copy", "copy the companies to another database (SQLite <-> PostgreSQL)",
     "copy --to URL [--from URL] [--tenant ID]",
     "Copies every company of --from (default: the global --db), or only --tenant ID, into\n"
     "--to as new companies, then compares the export of each copy with its original.\n"
     "People keep their passwords; the audit log and coach dismissals come along. Sessions,\n"
     "API tokens and invitations do not: log in again, make new tokens. Record ids may change.\n"
     "Stop 'okr serve' on the source first: a change during the copy fails the comparison.\n",
     cmd_copy},
    {"token", "API tokens for integrations: create, list, revoke",
     "token create USER [--name NAME] | token list | token revoke ID",
     "create prints the token once; use it as 'Authorization: Bearer TOKEN'.\n", cmd_token},
    {"serve", "run the web server: the web UI and the JSON REST API",
     "serve [--listen HOST:PORT] [--threads N] [--config FILE] [options]",
     "Options (also keys of the config file, one \"key = value\" per line):\n"
     "  --listen HOST:PORT          default 127.0.0.1:8080 ([::1]:8080 for IPv6)\n"
     "  --threads N                 worker threads, default: one per core\n"
     "  --max-body-kib N            largest request body, default 1024\n"
     "  --session-idle-minutes N    default 480\n"
     "  --session-max-days N        default 30\n"
     "  --secure-cookies            when served behind TLS\n"
     "  --trusted-proxy ADDR        a reverse proxy's address (e.g. 127.0.0.1): its requests\n"
     "                              name the client in X-Forwarded-For (login limits)\n"
     "  --db URL                    the database (also the global --db)\n"
     "Stops gracefully on SIGTERM or SIGINT, finishing requests in flight.\n",
     cmd_serve},
    {NULL, NULL, NULL, NULL, NULL},
};
