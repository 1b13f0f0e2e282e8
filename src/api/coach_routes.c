/* The coach's REST routes and the JSON of its findings (shared with `okr --json lint` and the
 * objective's representation). Handlers are thin: parse, call one service function, render. */
#include "api/coach_routes.h"

#include "api/handlers.h"
#include "api/input.h"
#include "api/render.h"
#include "core/num.h"
#include "core/timefmt.h"

#include <math.h>
#include <string.h>

static const char *const source_names[] = {"financial", "market", "business", "capability",
                                           "other"};

bool api_coach_owner_match(const struct coach_finding *f, const struct coach_owner_filter *flt)
{
    if (!flt || !flt->on) {
        return true;
    }
    return f->owner_user_id == flt->user_id && f->owner_team_id == flt->team_id;
}

static void write_owner(struct json *j, const struct coach_finding *f)
{
    json_key(j, "owner");
    json_obj_open(j);
    if (f->owner_user_id) {
        json_key(j, "user");
        json_int(j, f->owner_user_id);
    } else if (f->owner_team_id) {
        json_key(j, "team");
        json_int(j, f->owner_team_id);
    } else {
        json_key(j, "company");
        json_bool(j, true);
    }
    json_obj_close(j);
}

static const char *owner_name(const struct coach_view *v, const struct coach_finding *f,
                              enum coach_lang lang)
{
    if (f->owner_user_id) {
        const struct user *u = coach_view_user(v, f->owner_user_id);
        return u ? u->name : "";
    }
    if (f->owner_team_id) {
        const struct team *t = coach_view_team(v, f->owner_team_id);
        return t ? t->name : "";
    }
    return coach_words[COACH_WORD_COMPANY][lang];
}

void api_write_finding(struct json *j, const struct coach_finding *f, enum coach_lang lang,
                       const struct coach_view *v)
{
    const struct coach_rule_info *ri = coach_rule_info((enum coach_rule)f->rule);
    json_obj_open(j);
    json_key(j, "rule");
    json_str(j, ri->id);
    json_key(j, "family");
    json_str(j, coach_family_name(ri->family));
    json_key(j, "severity");
    json_str(j, coach_severity_name((enum coach_severity)f->severity));
    json_key(j, "entity");
    json_str(j, coach_subject_name((enum coach_subject)f->subject));
    json_key(j, "entity_id");
    if (f->subject_id) {
        json_int(j, f->subject_id);
    } else {
        json_none(j);
    }
    json_key(j, "title");
    json_str(j, f->title);
    json_key(j, "objective_id");
    if (f->objective_id) {
        json_int(j, f->objective_id);
    } else {
        json_none(j);
    }
    write_owner(j, f);
    if (v) {
        json_key(j, "owner_name");
        json_str(j, owner_name(v, f, lang));
    }
    struct sb msg;
    sb_init(&msg);
    coach_message(f, lang, &msg);
    json_key(j, "message");
    json_str(j, sb_cstr(&msg));
    sb_free(&msg);
    json_key(j, "explanation");
    json_str(j, coach_explanation(f, lang));
    if (!f->subject_id && f->kr_index >= 0) {
        json_key(j, "kr_index");
        json_int(j, f->kr_index);
    }
    if (f->dismissal) {
        char at[32];
        json_key(j, "dismissal");
        json_obj_open(j);
        json_key(j, "id");
        json_int(j, f->dismissal->id);
        json_key(j, "user_id");
        if (f->dismissal->user_id) {
            json_int(j, f->dismissal->user_id);
        } else {
            json_none(j);
        }
        json_key(j, "reason");
        json_str(j, f->dismissal->reason);
        json_key(j, "at");
        json_str(j, ts_fmt(at, f->dismissal->at));
        json_obj_close(j);
    }
    json_obj_close(j);
}

void api_write_findings(struct json *j, const struct coach_view *v,
                        const struct coach_owner_filter *flt)
{
    const struct coach_report *r = &v->report;
    size_t count[COACH_SEVERITIES] = {0};
    for (size_t i = 0; i < r->n; i++) {
        if (api_coach_owner_match(&r->findings[i], flt)) {
            count[r->findings[i].severity]++;
        }
    }
    json_obj_open(j);
    json_key(j, "cycle");
    meta_write_json(&entity_cycle, &v->cycle, j);
    json_key(j, "language");
    json_str(j, v->lang == COACH_ZH ? "zh-CN" : "en");
    json_key(j, "health");
    if (isnan(r->health)) {
        json_none(j); /* no objectives yet: nothing to score */
    } else {
        json_double(j, r->health);
    }
    json_key(j, "objectives");
    json_int(j, (int64_t)r->objectives);
    json_key(j, "counts");
    json_obj_open(j);
    for (int s = 0; s < COACH_SEVERITIES; s++) {
        json_key(j, coach_severity_name((enum coach_severity)s));
        json_int(j, (int64_t)count[s]);
    }
    json_obj_close(j);
    json_key(j, "top_rules");
    json_arr_open(j);
    for (size_t i = 0; i < r->ntop; i++) {
        const struct coach_rule_info *ri = coach_rule_info(r->top[i].rule);
        json_obj_open(j);
        json_key(j, "rule");
        json_str(j, ri->id);
        json_key(j, "family");
        json_str(j, coach_family_name(ri->family));
        json_key(j, "count");
        json_int(j, (int64_t)r->top[i].count);
        json_key(j, "points");
        json_double(j, r->top[i].points);
        json_obj_close(j);
    }
    json_arr_close(j);
    json_key(j, "coverage");
    json_arr_open(j);
    for (int s = 0; s < 5; s++) {
        json_obj_open(j);
        json_key(j, "source");
        json_str(j, source_names[s]);
        json_key(j, "themes");
        json_int(j, (int64_t)r->coverage[s].themes);
        json_key(j, "covered");
        json_int(j, (int64_t)r->coverage[s].covered);
        json_obj_close(j);
    }
    json_arr_close(j);
    for (int list = 0; list < 2; list++) {
        const struct coach_finding *f = list ? r->dismissed : r->findings;
        size_t n = list ? r->ndismissed : r->n;
        json_key(j, list ? "dismissed" : "findings");
        json_arr_open(j);
        for (size_t i = 0; i < n; i++) {
            if (api_coach_owner_match(&f[i], flt)) {
                api_write_finding(j, &f[i], v->lang, v);
            }
        }
        json_arr_close(j);
    }
    json_obj_close(j);
}

void api_write_objective_findings(struct json *j, const struct coach_report *r,
                                  enum coach_lang lang)
{
    for (int list = 0; list < 2; list++) {
        const struct coach_finding *f = list ? r->dismissed : r->findings;
        size_t n = list ? r->ndismissed : r->n;
        json_key(j, list ? "dismissed_findings" : "findings");
        json_arr_open(j);
        for (size_t i = 0; i < n; i++) {
            api_write_finding(j, &f[i], lang, NULL);
        }
        json_arr_close(j);
    }
}

void api_coach_extra(struct json *j, const void *findings)
{
    const struct api_coach_findings *f = findings;
    api_write_objective_findings(j, f->report, f->lang);
}

void api_respond_coached_objective(void *app, struct http_request *req, struct http_response *resp,
                                   int status, const struct objective *o, const char *location)
{
    struct svc s = api_svc(app, req);
    struct coach_report *r = arena_alloc(req->arena, sizeof *r);
    struct api_coach_findings f = {.report = r};
    struct err err = {0};
    if (svc_coach_objective(&s, o->id, api_coach_lang(req), r, &f.lang, &err) != ERR_OK) {
        api_respond_record(resp, status, &entity_objective, o, location);
        return;
    }
    api_respond_record_with(resp, status, &entity_objective, o, location, api_coach_extra, &f);
}

int api_coach_lang(const struct http_request *req)
{
    const char *q = http_query(req, "lang");
    if (q) {
        return coach_lang_parse(q);
    }
    const char *al = http_header(req, "Accept-Language");
    while (al && (*al == ' ' || *al == '\t')) {
        al++;
    }
    if (al && *al) {
        return coach_lang_parse(al) == COACH_ZH ? COACH_LANG_USER_ELSE_ZH : COACH_LANG_USER_ELSE_EN;
    }
    return COACH_LANG_AUTO;
}

/* ?owner=user:ID|team:ID|company into flt. */
static enum err_code parse_owner(const char *v, struct coach_owner_filter *flt, struct err *err)
{
    int64_t id = 0;
    flt->on = true;
    if (strcmp(v, "company") == 0) {
        return ERR_OK;
    }
    if (strncmp(v, "user:", 5) == 0 && v[5] != '+' &&
        num_parse_i64(v + 5, 1, INT64_MAX, &id) == 0) {
        flt->user_id = id;
        return ERR_OK;
    }
    if (strncmp(v, "team:", 5) == 0 && v[5] != '+' &&
        num_parse_i64(v + 5, 1, INT64_MAX, &id) == 0) {
        flt->team_id = id;
        return ERR_OK;
    }
    return err_set(err, ERR_INVALID, "owner", "owner must be user:ID, team:ID or company");
}

void api_cycle_findings(void *app, struct http_request *req, struct http_response *resp)
{
    int64_t id;
    if (api_path_id(req, resp, "id", &id) != 0) {
        return;
    }
    struct coach_owner_filter flt = {0};
    struct err err = {0};
    for (size_t i = 0; i < req->nquery && err.code == ERR_OK; i++) {
        const char *k = req->query[i].key, *v = req->query[i].value;
        if (strcmp(k, "owner") == 0) {
            parse_owner(v, &flt, &err);
        } else if (strcmp(k, "lang") == 0) {
            if (strcmp(v, "zh") != 0 && strcmp(v, "zh-CN") != 0 && strcmp(v, "en") != 0) {
                err_set(&err, ERR_INVALID, "lang", "lang must be zh or en");
            }
        } else {
            err_set(&err, ERR_INVALID, k, "findings cannot be filtered by %s", k);
        }
    }
    struct svc s = api_svc(app, req);
    struct coach_view *v = arena_alloc(req->arena, sizeof *v);
    if (err.code != ERR_OK || svc_coach_cycle(&s, id, api_coach_lang(req), v, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_write_findings(http_respond_json(resp, 200), v, &flt);
}

void api_finding_dismiss(void *app, struct http_request *req, struct http_response *resp)
{
    struct finding_dismissal d;
    meta_init(&entity_finding_dismissal, &d);
    const char *rule = NULL, *entity = NULL, *reason = NULL;
    struct api_arg args[] = {
        {.name = "rule", .type = API_ARG_TEXT, .required = true, .out = &rule},
        {.name = "entity", .type = API_ARG_TEXT, .required = true, .out = &entity},
        {.name = "entity_id", .type = API_ARG_ID, .required = true, .out = &d.entity_id},
        {.name = "reason", .type = API_ARG_TEXT, .required = true, .out = &reason},
        {.name = "cycle_id", .type = API_ARG_ID, .out = &d.cycle_id},
    };
    struct err err = {0};
    struct svc s = api_svc(app, req);
    if (api_input_args(req, args, sizeof args / sizeof args[0], &err) == ERR_OK) {
        d.rule = rule;
        d.entity = entity;
        d.reason = reason;
        svc_coach_dismiss(&s, &d, &err);
    }
    if (err.code != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    api_respond_record(resp, 201, &entity_finding_dismissal, &d, NULL);
}

void api_finding_undismiss(void *app, struct http_request *req, struct http_response *resp)
{
    struct finding_dismissal d;
    meta_init(&entity_finding_dismissal, &d);
    if (api_path_id(req, resp, "id", &d.id) != 0) {
        return;
    }
    struct svc s = api_svc(app, req);
    struct err err = {0};
    if (svc_coach_undismiss(&s, &d, &err) != ERR_OK) {
        api_fail(req, resp, &err);
        return;
    }
    http_respond(resp, 204, NULL);
}
