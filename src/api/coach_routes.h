/* The coach in the REST API: the findings of a cycle (GET /api/v1/cycles/{id}/findings), a
 * dismissal (POST /api/v1/findings/dismissals), and the JSON of findings that the objective's
 * representation and `okr --json lint` share. */
#ifndef OKR_API_COACH_ROUTES_H
#define OKR_API_COACH_ROUTES_H

#include "api/api.h"
#include "core/json.h"
#include "service/coach.h"

#include <stdbool.h>
#include <stdint.h>

/* Which owner's findings to show: all when !on; else the user, the team, or (both 0) the
 * company's. */
struct coach_owner_filter {
    bool on;
    int64_t user_id, team_id;
};

/* True when f belongs to the filter's owner (always when the filter is off or NULL). */
bool api_coach_owner_match(const struct coach_finding *f, const struct coach_owner_filter *flt);

/* Writes one finding: {"rule", "family", "severity", "entity", "entity_id", "title",
 * "objective_id", "owner": {"user": ID} | {"team": ID} | {"company": true}, ["owner_name"],
 * "message", "explanation", ["kr_index" for a draft's key result], ["dismissal": {"user_id",
 * "reason", "at"}]}. v (may be NULL) names the owners. */
void api_write_finding(struct json *j, const struct coach_finding *f, enum coach_lang lang,
                       const struct coach_view *v);

/* Writes a cycle's report as the API and `okr --json lint` give it: {"cycle", "language",
 * "health", "objectives", "counts": {"error", "warning", "info"}, "top_rules": [{"rule",
 * "family", "count", "points"}], "coverage": [{"source", "themes", "covered"}], "findings": [...],
 * "dismissed": [...]}; findings and counts only of the filter's owner (flt may be NULL). */
void api_write_findings(struct json *j, const struct coach_view *v,
                        const struct coach_owner_filter *flt);

/* Writes the members "findings" (active) and "dismissed_findings" of an objective's findings
 * (into an open object). */
void api_write_objective_findings(struct json *j, const struct coach_report *r,
                                  enum coach_lang lang);

/* An objective's findings for api_respond_*_with (render.h): api_coach_extra writes them. */
struct api_coach_findings {
    const struct coach_report *report;
    enum coach_lang lang;
};
void api_coach_extra(struct json *j, const void *findings);

/* Answers status with an objective record (after a create or an edit) and its findings; without
 * them when they cannot be read. */
void api_respond_coached_objective(void *app, struct http_request *req, struct http_response *resp,
                                   int status, const struct objective *o, const char *location);

/* The language a request asks for: ?lang=zh|en, else the user's locale, else Accept-Language
 * (service/coach.h COACH_LANG_*). */
int api_coach_lang(const struct http_request *req);

/* GET /api/v1/cycles/{id}/findings[?lang=zh|en][&owner=user:ID|team:ID|company] */
void api_cycle_findings(void *app, struct http_request *req, struct http_response *resp);
/* POST /api/v1/findings/dismissals {rule, entity, entity_id, reason}: 201 with the dismissal. */
void api_finding_dismiss(void *app, struct http_request *req, struct http_response *resp);
/* DELETE /api/v1/findings/dismissals/{id}: 204; the finding counts again. */
void api_finding_undismiss(void *app, struct http_request *req, struct http_response *resp);

#endif
