/* The OpenAPI 3.1 document: paths from the doc table below joined with the route table, and
 * component schemas derived from the entity descriptors (types, enums, nullability, lengths,
 * ranges, readOnly for what the program sets). Written with our JSON writer. */
#include "api/openapi.h"

#include "api/api.h"
#include "api/handlers.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* One operation's documentation. Schemas are named by an entity ("objective": its record), a page
 * of one ("page:objective") or a component below ("ObjectiveDetail"). */
struct doc {
    const char *method, *pattern;
    const char *summary;
    const char *request;  /* body schema, or NULL */
    const char *response; /* success body schema, or NULL for none */
    int status;           /* success status */
    const char *errors;   /* problem statuses besides 401, which every authenticated route has */
};

/* clang-format off */
#define COLLECTION_DOCS(PATH, ENTITY, WHAT, GET_SCHEMA)                                            \
    {"GET", "/api/v1/" PATH, "List " WHAT " (filters, cursor pagination)", NULL,                   \
     "page:" ENTITY, 200, "422"},                                                                  \
    {"POST", "/api/v1/" PATH, "Create one of the " WHAT, ENTITY, ENTITY, 201, "400 403 409 422"},  \
    {"GET", "/api/v1/" PATH "/{id}", "Read one of the " WHAT, NULL, GET_SCHEMA, 200, "404"},       \
    {"PATCH", "/api/v1/" PATH "/{id}", "Change some fields of one of the " WHAT " (If-Match)",     \
     "patch:" ENTITY, ENTITY, 200, "400 403 404 409 412 422"},                                     \
    {"DELETE", "/api/v1/" PATH "/{id}", "Delete one of the " WHAT, NULL, NULL, 204,                \
     "403 404 409"}
/* clang-format on */

static const struct doc docs[] = {
    {"POST", "/api/v1/signup", "Create a company and its first admin, and log in", "SignupInput",
     "Session", 201, "400 403 409 422"},
    {"POST", "/api/v1/sessions", "Log in with email and password", "LoginInput", "Session", 201,
     "400 403 422 429"},
    {"DELETE", "/api/v1/sessions/current", "Log out (the session of the cookie)", NULL, NULL, 204,
     "403 422"},
    {"GET", "/api/v1/me", "The caller, and the session's csrf_token", NULL, "Me", 200, ""},
    {"GET", "/api/v1/tokens", "Your API tokens (never their secrets)", NULL, "page:api_token", 200,
     "422"},
    {"POST", "/api/v1/tokens", "Create an API token: the secret is shown this once", "TokenInput",
     "TokenCreated", 201, "400 403 422"},
    {"DELETE", "/api/v1/tokens/{id}", "Revoke an API token", NULL, NULL, 204, "403 404"},
    {"POST", "/api/v1/invitations", "Invite a person (admins)", "InvitationInput", "Invitation",
     201, "400 403 409 422"},
    {"POST", "/api/v1/invitations/accept", "Accept an invitation: set a password and log in",
     "InvitationAccept", "Session", 201, "400 403 404 422"},
    COLLECTION_DOCS("users", "user", "users", "user"),
    COLLECTION_DOCS("teams", "team", "teams", "team"),
    COLLECTION_DOCS("themes", "theme", "strategic themes", "theme"),
    COLLECTION_DOCS("cycles", "cycle", "cycles", "cycle"),
    COLLECTION_DOCS("objectives", "objective", "objectives", "ObjectiveDetail"),
    COLLECTION_DOCS("key-results", "key_result", "key results", "key_result"),
    COLLECTION_DOCS("initiatives", "initiative", "initiatives", "initiative"),
    COLLECTION_DOCS("kpis", "kpi", "KPIs", "kpi"),
    COLLECTION_DOCS("comments", "comment", "comments", "comment"),
    {"GET", "/api/v1/take-on-requests", "List take-on requests", NULL, "page:request", 200, "422"},
    {"POST", "/api/v1/take-on-requests", "Ask someone to take on an objective or key result",
     "RequestInput", "request", 201, "400 403 409 422"},
    {"GET", "/api/v1/take-on-requests/{id}", "Read a take-on request", NULL, "request", 200, "404"},
    {"POST", "/api/v1/take-on-requests/{id}/accept",
     "Accept: creates your draft objective aligned to the source", NULL, "objective", 201,
     "400 403 404 409 422"},
    {"POST", "/api/v1/take-on-requests/{id}/decline", "Decline, saying why", "DeclineInput",
     "request", 200, "400 403 404 409 422"},
    {"POST", "/api/v1/take-on-requests/{id}/withdraw", "Withdraw a request you sent", NULL,
     "request", 200, "400 403 404 409"},
    {"GET", "/api/v1/key-results/{id}/checkins", "List a key result's check-ins", NULL,
     "page:checkin", 200, "404 422"},
    {"POST", "/api/v1/key-results/{id}/checkins",
     "Check in: the key result's new value, confidence and status", "CheckinInput", "checkin", 201,
     "400 403 404 409 422"},
    {"POST", "/api/v1/objectives/{id}/score", "Score an objective (self, manager or final)",
     "ScoreInput", "ObjectiveDetail", 200, "400 403 404 409 412 422"},
    {"POST", "/api/v1/objectives/{id}/weights", "Set the weights of all its key results at once",
     "WeightsInput", "ObjectiveDetail", 200, "400 403 404 409 422"},
    {"POST", "/api/v1/cycles/{id}/activate", "Start a cycle (planning to active)", NULL, "cycle",
     200, "400 403 404 409"},
    {"POST", "/api/v1/cycles/{id}/grade", "Start grading a cycle", NULL, "cycle", 200,
     "400 403 404 409"},
    {"POST", "/api/v1/cycles/{id}/close",
     "Close a cycle (every objective needs a final score; manager or self scores fill in)", NULL,
     "cycle", 200, "400 403 404 409"},
    {"POST", "/api/v1/cycles/{id}/reopen", "Reopen a cycle being graded", NULL, "cycle", 200,
     "400 403 404 409"},
    {"GET", "/api/v1/cycles/{id}/tree",
     "The alignment tree of a cycle, from strategy themes to key results", NULL, "Tree", 200,
     "404 422"},
    {"GET", "/api/v1/cycles/{id}/findings",
     "The coach's findings on a cycle: rule, severity, message and explanation in the caller's "
     "language, the health score and the rules that cost the most; dismissed ones apart",
     NULL, "Findings", 200, "404 422"},
    {"POST", "/api/v1/findings/dismissals",
     "Dismiss a coach finding, saying why (kept, and shown to the person's manager)",
     "DismissalInput", "finding_dismissal", 201, "400 403 404 409 422"},
    {"DELETE", "/api/v1/findings/dismissals/{id}",
     "Withdraw a dismissal (its author, or whoever may dismiss the finding): the finding counts "
     "again",
     NULL, NULL, 204, "403 404"},
    {"GET", "/api/v1/teams/{id}/members", "List a team's members", NULL, "page:membership", 200,
     "404 422"},
    {"POST", "/api/v1/teams/{id}/members", "Add a member to a team", "MemberInput", "membership",
     201, "400 403 404 409 422"},
    {"DELETE", "/api/v1/teams/{id}/members/{user_id}", "Remove a member from a team", NULL, NULL,
     204, "403 404"},
    {"GET", "/api/v1/kpis/{id}/values", "List a KPI's values", NULL, "page:kpi_value", 200,
     "404 422"},
    {"POST", "/api/v1/kpis/{id}/values", "Record a KPI value", "KpiValueInput", "kpi_value", 201,
     "400 403 404 422"},
    {"GET", "/api/v1/tenant", "Your company: name, mission, vision, settings", NULL, "tenant", 200,
     ""},
    {"PATCH", "/api/v1/tenant", "Change the company's settings (admins)", "patch:tenant", "tenant",
     200, "400 403 412 422"},
    {"GET", "/api/v1/export", "The whole company as an interchange document (admins)", NULL,
     "Interchange", 200, "403"},
    {"POST", "/api/v1/import", "Create a new company from an interchange document (admins)",
     "Interchange", "ImportResult", 201, "400 403 413 422"},
    {"GET", "/api/v1/openapi.json", "This document", NULL, "OpenApi", 200, ""},
};

/* Entities with a component schema (and a page schema). */
static const struct entity *const schema_entities[] = {
    &entity_tenant,     &entity_user,    &entity_team,      &entity_membership,
    &entity_theme,      &entity_cycle,   &entity_objective, &entity_key_result,
    &entity_initiative, &entity_checkin, &entity_kpi,       &entity_kpi_value,
    &entity_request,    &entity_comment, &entity_api_token, &entity_finding_dismissal, NULL,
};

/* "key_result" -> "KeyResult"; the take-on request is "TakeOnRequest". */
static void schema_name(const struct entity *e, char out[64])
{
    if (e == &entity_request) {
        snprintf(out, 64, "TakeOnRequest");
        return;
    }
    size_t o = 0;
    bool up = true;
    for (const char *p = e->name; *p && o < 63; p++) {
        if (*p == '_') {
            up = true;
            continue;
        }
        out[o++] = up ? (char)toupper((unsigned char)*p) : *p;
        up = false;
    }
    out[o] = '\0';
}

static const struct entity *entity_named(const char *name)
{
    for (size_t i = 0; schema_entities[i]; i++) {
        if (strcmp(schema_entities[i]->name, name) == 0) {
            return schema_entities[i];
        }
    }
    return NULL;
}

/* Writes {"$ref": "#/components/schemas/..."} for a doc schema name. */
static void schema_ref(struct json *j, const char *name)
{
    char buf[128], ent[64];
    const struct entity *e;
    if (strncmp(name, "page:", 5) == 0 && (e = entity_named(name + 5))) {
        schema_name(e, ent);
        snprintf(buf, sizeof buf, "#/components/schemas/%sPage", ent);
    } else if (strncmp(name, "patch:", 6) == 0 && (e = entity_named(name + 6))) {
        schema_name(e, ent);
        snprintf(buf, sizeof buf, "#/components/schemas/%sPatch", ent);
    } else if ((e = entity_named(name))) {
        schema_name(e, ent);
        snprintf(buf, sizeof buf, "#/components/schemas/%s", ent);
    } else {
        snprintf(buf, sizeof buf, "#/components/schemas/%s", name);
    }
    json_obj_open(j);
    json_key(j, "$ref");
    json_str(j, buf);
    json_obj_close(j);
}

static void type_or_null(struct json *j, const char *type, bool nullable)
{
    json_key(j, "type");
    if (nullable) {
        json_arr_open(j);
        json_str(j, type);
        json_str(j, "null");
        json_arr_close(j);
    } else {
        json_str(j, type);
    }
}

static void range(struct json *j, const struct field *f)
{
    if (f->min < f->max) {
        json_key(j, "minimum");
        json_double(j, f->min);
        json_key(j, "maximum");
        json_double(j, f->max);
    }
}

/* The JSON Schema of one field as the API reads and writes it. */
static void field_schema(struct json *j, const struct field *f)
{
    json_obj_open(j);
    switch (f->type) {
    case FT_TENANT:
    case FT_ID:
    case FT_VERSION:
        type_or_null(j, "integer", false);
        break;
    case FT_REF:
        type_or_null(j, "integer", !(f->flags & FF_REQUIRED));
        json_key(j, "minimum");
        json_int(j, 1);
        json_key(j, "description");
        json_str(j, f->ref ? f->ref->name : "record");
        break;
    case FT_INT:
        type_or_null(j, "integer", false);
        range(j, f);
        break;
    case FT_REAL:
        type_or_null(j, "number", (f->flags & FF_NULLABLE) != 0);
        range(j, f);
        break;
    case FT_TEXT:
        type_or_null(j, "string", false);
        json_key(j, "maxLength");
        json_int(j, (int64_t)f->max_len);
        break;
    case FT_ENUM:
        type_or_null(j, "string", false);
        json_key(j, "enum");
        json_arr_open(j);
        for (size_t i = 0; f->enum_names[i]; i++) {
            json_str(j, f->enum_names[i]);
        }
        json_arr_close(j);
        break;
    case FT_BOOL:
        type_or_null(j, "boolean", false);
        break;
    case FT_DATE:
        type_or_null(j, "string", !(f->flags & FF_REQUIRED));
        json_key(j, "format");
        json_str(j, "date");
        break;
    case FT_TIME:
        type_or_null(j, "string", false);
        json_key(j, "format");
        json_str(j, "date-time");
        break;
    }
    if (f->flags & FF_SYSTEM) {
        json_key(j, "readOnly");
        json_bool(j, true);
    }
    json_obj_close(j);
}

static bool listed(const char *const *names, const char *name)
{
    for (size_t i = 0; names && names[i]; i++) {
        if (strcmp(names[i], name) == 0) {
            return true;
        }
    }
    return false;
}

/* An object schema over the fields of e: all non-secret ones, or only those in `only`. required:
 * the FF_REQUIRED user-set fields, or `required` when given. */
static void entity_schema(struct json *j, const struct entity *e, const char *const *only,
                          const char *const *required)
{
    json_obj_open(j);
    json_key(j, "type");
    json_str(j, "object");
    json_key(j, "properties");
    json_obj_open(j);
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if ((f->flags & FF_SECRET) || (only && !listed(only, f->name))) {
            continue;
        }
        json_key(j, f->name);
        field_schema(j, f);
    }
    if (e == &entity_objective && !only) {
        /* Answers to a create or an edit carry the coach's findings (readOnly). */
        json_key(j, "findings");
        json_obj_open(j);
        json_key(j, "type");
        json_str(j, "array");
        json_key(j, "items");
        schema_ref(j, "Finding");
        json_key(j, "readOnly");
        json_bool(j, true);
        json_obj_close(j);
    }
    if (e == &entity_key_result && !only) {
        json_key(j, "progress");
        json_obj_open(j);
        json_key(j, "type");
        json_str(j, "number");
        json_key(j, "minimum");
        json_int(j, 0);
        json_key(j, "maximum");
        json_int(j, 1);
        json_key(j, "readOnly");
        json_bool(j, true);
        json_obj_close(j);
    }
    json_obj_close(j);
    json_key(j, "required");
    json_arr_open(j);
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        bool req = required ? listed(required, f->name)
                            : (f->flags & FF_REQUIRED) && !(f->flags & FF_SYSTEM);
        if (req && (!only || listed(only, f->name))) {
            json_str(j, f->name);
        }
    }
    json_arr_close(j);
    json_obj_close(j);
}

static void page_schema(struct json *j, const struct entity *e)
{
    char name[64];
    schema_name(e, name);
    json_obj_open(j);
    json_key(j, "type");
    json_str(j, "object");
    json_key(j, "properties");
    json_obj_open(j);
    json_key(j, "items");
    json_obj_open(j);
    json_key(j, "type");
    json_str(j, "array");
    json_key(j, "items");
    schema_ref(j, e->name);
    json_obj_close(j);
    json_key(j, "next_cursor");
    json_obj_open(j);
    type_or_null(j, "string", true);
    json_key(j, "description");
    json_str(j, "pass as ?after= for the next page; null on the last page");
    json_obj_close(j);
    json_obj_close(j);
    json_key(j, "required");
    json_arr_open(j);
    json_str(j, "items");
    json_str(j, "next_cursor");
    json_arr_close(j);
    json_obj_close(j);
}

/* A small object schema: name/type pairs ("integer", "number", "string", "number[]"). */
static void simple_schema(struct json *j, const char *const *props, const char *const *required,
                          const char *description)
{
    json_obj_open(j);
    json_key(j, "type");
    json_str(j, "object");
    if (description) {
        json_key(j, "description");
        json_str(j, description);
    }
    json_key(j, "properties");
    json_obj_open(j);
    for (size_t i = 0; props[i]; i += 2) {
        json_key(j, props[i]);
        json_obj_open(j);
        const char *t = props[i + 1];
        size_t n = strlen(t);
        bool array = n > 2 && strcmp(t + n - 2, "[]") == 0;
        if (array) {
            json_key(j, "type");
            json_str(j, "array");
            json_key(j, "items");
            json_obj_open(j);
        }
        json_key(j, "type");
        json_strn(j, t, array ? n - 2 : n);
        if (array) {
            json_obj_close(j);
        }
        json_obj_close(j);
    }
    json_obj_close(j);
    json_key(j, "required");
    json_arr_open(j);
    for (size_t i = 0; required && required[i]; i++) {
        json_str(j, required[i]);
    }
    json_arr_close(j);
    json_obj_close(j);
}

static void tree_schemas(struct json *j)
{
    static const char *const kr_props[] = {"id",     "integer", "title",  "string",  "progress",
                                           "number", "start",   "number", "current", "number",
                                           "target", "number",  "unit",   "string",  "confidence",
                                           "number", NULL};
    json_key(j, "TreeKeyResult");
    simple_schema(j, kr_props, NULL,
                  "a key result in the tree; children: objectives aligned to it");
    json_key(j, "TreeObjective");
    static const char *const obj_props[] = {
        "id",     "integer",  "title",  "string",          "kind",   "string", "state",
        "string", "progress", "number", "rollup_progress", "number", NULL};
    simple_schema(j, obj_props, NULL,
                  "an objective; owner {user:ID}|{team:ID}|{company:true}; key_results; "
                  "children; children_not_shown (how many, when ?depth or 64 levels cut them)");
    json_key(j, "Tree");
    static const char *const tree_props[] = {
        "expected_progress", "number", "mission", "string", "vision", "string", NULL};
    simple_schema(j, tree_props, NULL,
                  "cycle; themes [{id, title, source, horizon, objectives: [TreeObjective]}]; "
                  "unlinked: [TreeObjective] (linked to no theme or parent); aligned_elsewhere: "
                  "[TreeObjective] (no theme, aligned to an objective or key result outside this "
                  "tree: another cycle's, or outside the team)");
}

/* The coach (api/coach_routes.c, docs/coach.md). */
static void coach_schemas(struct json *j)
{
    static const char *const finding[] = {
        "rule",         "string",  "family",      "string", "severity",   "string",
        "entity",       "string",  "entity_id",   "integer", "title",     "string",
        "objective_id", "integer", "owner",       "object", "owner_name", "string",
        "message",      "string",  "explanation", "string", "dismissal",  "object",
        NULL};
    json_key(j, "Finding");
    simple_schema(
        j, finding,
        (const char *const[]){"rule", "severity", "entity", "message", "explanation", NULL},
        "severity: error, warning or info; owner {user:ID}|{team:ID}|{company:true}; "
        "dismissal {id, user_id, reason, at} when dismissed");
    static const char *const findings[] = {
        "language",  "string",   "health",   "number",   "objectives", "integer",
        "counts",    "object",   "top_rules", "object[]", "coverage",  "object[]",
        "findings",  "object[]", "dismissed", "object[]", NULL};
    json_key(j, "Findings");
    simple_schema(j, findings, NULL,
                  "cycle; health 0-100, null for a cycle with no objectives; findings and "
                  "dismissed: [Finding] (docs/coach.md)");
    static const char *const dismissal[] = {"rule",      "string",  "entity", "string",
                                            "entity_id", "integer", "reason", "string", NULL};
    json_key(j, "DismissalInput");
    simple_schema(j, dismissal,
                  (const char *const[]){"rule", "entity", "entity_id", "reason", NULL},
                  "rule: an id such as C3; entity: objective, key_result, theme, tenant, user, "
                  "team or request");
}

/* Bodies of the account routes (api/account_routes.c, docs/accounts.md). */
static void account_schemas(struct json *j)
{
    static const char *const signup[] = {"tenant_name", "string",   "name",   "string", "email",
                                         "string",      "password", "string", NULL};
    json_key(j, "SignupInput");
    simple_schema(j, signup,
                  (const char *const[]){"tenant_name", "name", "email", "password", NULL},
                  "password: 10 to 1024 bytes");
    static const char *const login[] = {"email",     "string",  "password", "string",
                                        "tenant_id", "integer", NULL};
    json_key(j, "LoginInput");
    simple_schema(j, login, (const char *const[]){"email", "password", NULL},
                  "tenant_id only when the email exists in several companies");
    static const char *const session[] = {"tenant_id",  "integer", "user_id", "integer",
                                          "csrf_token", "string",  NULL};
    json_key(j, "Session");
    simple_schema(j, session, (const char *const[]){"tenant_id", "user_id", "csrf_token", NULL},
                  "sets the okr_session cookie; send csrf_token as X-CSRF-Token on writes");
    json_key(j, "Me");
    json_obj_open(j);
    json_key(j, "allOf");
    json_arr_open(j);
    schema_ref(j, "user");
    static const char *const csrf[] = {"csrf_token", "string", NULL};
    simple_schema(j, csrf, NULL, "csrf_token only with the session cookie");
    json_arr_close(j);
    json_obj_close(j);
    static const char *const token_in[] = {"name", "string", NULL};
    json_key(j, "TokenInput");
    simple_schema(j, token_in, (const char *const[]){"name", NULL}, NULL);
    static const char *const token[] = {"id", "integer", "name", "string", "token", "string", NULL};
    json_key(j, "TokenCreated");
    simple_schema(j, token, (const char *const[]){"id", "name", "token", NULL},
                  "send token as Authorization: Bearer <token>");
    static const char *const invite[] = {"name",   "string",     "email",   "string", "role",
                                         "string", "manager_id", "integer", NULL};
    json_key(j, "InvitationInput");
    simple_schema(j, invite, (const char *const[]){"name", "email", NULL},
                  "role: admin or member (default); manager_id: the person's manager");
    static const char *const invitation[] = {"user_id", "integer", "invitation", "string", NULL};
    json_key(j, "Invitation");
    simple_schema(j, invitation, (const char *const[]){"user_id", "invitation", NULL},
                  "hand the invitation to the person; it is shown this once");
    static const char *const accept[] = {"invitation", "string", "password", "string", NULL};
    json_key(j, "InvitationAccept");
    simple_schema(j, accept, (const char *const[]){"invitation", "password", NULL}, NULL);
}

static void problem_schema(struct json *j)
{
    static const char *const props[] = {"type",       "string", "title",  "string", "status",
                                        "integer",    "detail", "string", "field",  "string",
                                        "request_id", "string", NULL};
    static const char *const required[] = {"type", "title", "status", "request_id", NULL};
    simple_schema(j, props, required,
                  "RFC 9457 problem; field names the input at fault; quote request_id");
}

static void components_schemas(struct json *j)
{
    json_key(j, "schemas");
    json_obj_open(j);
    char name[80];
    for (size_t i = 0; schema_entities[i]; i++) {
        const struct entity *e = schema_entities[i];
        schema_name(e, name);
        json_key(j, name);
        entity_schema(j, e, NULL, NULL);
        size_t n = strlen(name);
        snprintf(name + n, sizeof name - n, "Page");
        json_key(j, name);
        page_schema(j, e);
        /* A PATCH body: the same fields, none required. */
        static const char *const nothing[] = {NULL};
        snprintf(name + n, sizeof name - n, "Patch");
        json_key(j, name);
        entity_schema(j, e, NULL, nothing);
    }
    json_key(j, "ObjectiveDetail");
    json_obj_open(j);
    json_key(j, "allOf");
    json_arr_open(j);
    schema_ref(j, "objective");
    static const char *const detail[] = {"progress", "number", "findings", "object[]",
                                         "dismissed_findings", "object[]", NULL};
    simple_schema(j, detail, NULL,
                  "with key_results: [KeyResult]; findings and dismissed_findings: [Finding]");
    json_arr_close(j);
    json_obj_close(j);

    /* No author_id: a check-in is the caller's (the operator's command line alone names
     * another); one sent is ignored. */
    static const char *const checkin_in[] = {"value", "confidence", "status", "note", NULL};
    static const char *const value_req[] = {"value", NULL};
    json_key(j, "CheckinInput");
    entity_schema(j, &entity_checkin, checkin_in, value_req);
    static const char *const kpi_value_in[] = {"value", "on", NULL};
    json_key(j, "KpiValueInput");
    entity_schema(j, &entity_kpi_value, kpi_value_in, value_req);
    static const char *const request_in[] = {"to_user_id", "objective_id", "kr_id", "message",
                                             NULL};
    static const char *const request_req[] = {"to_user_id", NULL};
    json_key(j, "RequestInput");
    entity_schema(j, &entity_request, request_in, request_req);

    static const char *const score[] = {"which", "string", "score", "number",
                                        "note",  "string", NULL};
    static const char *const score_req[] = {"which", "score", NULL};
    json_key(j, "ScoreInput");
    simple_schema(j, score, score_req, "which: self, manager or final; score 0..1 or null");
    static const char *const weights[] = {"weights", "number[]", NULL};
    static const char *const weights_req[] = {"weights", NULL};
    json_key(j, "WeightsInput");
    simple_schema(j, weights, weights_req, "one weight per key result, in id order, summing to 1");
    static const char *const decline[] = {"reason", "string", NULL};
    static const char *const decline_req[] = {"reason", NULL};
    json_key(j, "DeclineInput");
    simple_schema(j, decline, decline_req, NULL);
    static const char *const member[] = {"user_id", "integer", NULL};
    static const char *const member_req[] = {"user_id", NULL};
    json_key(j, "MemberInput");
    simple_schema(j, member, member_req, NULL);
    static const char *const imported[] = {"tenant_id", "integer", NULL};
    static const char *const imported_req[] = {"tenant_id", NULL};
    json_key(j, "ImportResult");
    simple_schema(j, imported, imported_req, "the new company's id");
    static const char *const none[] = {NULL};
    json_key(j, "Interchange");
    simple_schema(j, none, NULL, "the interchange format: docs/interchange.md");
    json_key(j, "OpenApi");
    simple_schema(j, none, NULL, "an OpenAPI 3.1 document");
    tree_schemas(j);
    coach_schemas(j);
    account_schemas(j);
    json_key(j, "Problem");
    problem_schema(j);
    json_obj_close(j);
}

static const char *reason(int status)
{
    switch (status) {
    case 400:
        return "Bad request (malformed JSON, not an object)";
    case 401:
        return "Not authenticated";
    case 403:
        return "Not allowed (or a missing CSRF token)";
    case 404:
        return "No such record (or not visible to you)";
    case 409:
        return "Conflicts with the current state";
    case 412:
        return "If-Match names a version that is no longer current";
    case 413:
        return "Body too large";
    case 422:
        return "Invalid input; field names it";
    case 429:
        return "Too many attempts; wait (Retry-After) and try again";
    default:
        return "Error";
    }
}

static void components(struct json *j)
{
    json_key(j, "components");
    json_obj_open(j);
    components_schemas(j);
    json_key(j, "responses");
    json_obj_open(j);
    static const int statuses[] = {400, 401, 403, 404, 409, 412, 413, 422, 429};
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        char key[8];
        snprintf(key, sizeof key, "E%d", statuses[i]);
        json_key(j, key);
        json_obj_open(j);
        json_key(j, "description");
        json_str(j, reason(statuses[i]));
        json_key(j, "content");
        json_obj_open(j);
        json_key(j, "application/problem+json");
        json_obj_open(j);
        json_key(j, "schema");
        schema_ref(j, "Problem");
        json_obj_close(j);
        json_obj_close(j);
        json_obj_close(j);
    }
    json_obj_close(j);
    json_key(j, "securitySchemes");
    json_obj_open(j);
    json_key(j, "bearer");
    json_obj_open(j);
    json_key(j, "type");
    json_str(j, "http");
    json_key(j, "scheme");
    json_str(j, "bearer");
    json_key(j, "description");
    json_str(j, "an API token (docs/accounts.md)");
    json_obj_close(j);
    json_key(j, "cookie");
    json_obj_open(j);
    json_key(j, "type");
    json_str(j, "apiKey");
    json_key(j, "in");
    json_str(j, "cookie");
    json_key(j, "name");
    json_str(j, "okr_session");
    json_key(j, "description");
    json_str(j, "the web session; state-changing calls also need its CSRF token "
                "(docs/accounts.md)");
    json_obj_close(j);
    json_obj_close(j);
    json_obj_close(j);
}

static const struct route *route_for(const struct route *routes, size_t n, const struct doc *d)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(routes[i].method, d->method) == 0 &&
            strcmp(routes[i].pattern, d->pattern) == 0) {
            return &routes[i];
        }
    }
    return NULL;
}

static void parameter(struct json *j, const char *name, const char *in, const char *type,
                      const char *description)
{
    json_obj_open(j);
    json_key(j, "name");
    json_str(j, name);
    json_key(j, "in");
    json_str(j, in);
    json_key(j, "required");
    json_bool(j, strcmp(in, "path") == 0);
    json_key(j, "schema");
    json_obj_open(j);
    json_key(j, "type");
    json_str(j, type);
    json_obj_close(j);
    if (description) {
        json_key(j, "description");
        json_str(j, description);
    }
    json_obj_close(j);
}

/* The collection of a list route ("/api/v1/<name>"), or NULL. */
static const struct api_resource *list_resource(const struct doc *d)
{
    if (strcmp(d->method, "GET") != 0 || strncmp(d->response ? d->response : "", "page:", 5) != 0) {
        return NULL;
    }
    for (const struct api_resource *r = api_resources; r->name; r++) {
        if (strncmp(d->pattern, "/api/v1/", 8) == 0 && strcmp(d->pattern + 8, r->name) == 0) {
            return r;
        }
    }
    return NULL;
}

static void parameters(struct json *j, const struct doc *d)
{
    json_key(j, "parameters");
    json_arr_open(j);
    for (const char *p = strchr(d->pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        char name[32];
        snprintf(name, sizeof name, "%.*s", end ? (int)(end - p - 1) : 0, p + 1);
        parameter(j, name, "path", "integer", "a record id");
    }
    if (d->response && strncmp(d->response, "page:", 5) == 0) {
        /* The account routes' token list names its cursor "cursor". */
        bool tokens = strcmp(d->pattern, "/api/v1/tokens") == 0;
        parameter(j, tokens ? "cursor" : "after", "query", "string",
                  "next_cursor of the previous page");
        parameter(j, "limit", "query", "integer",
                  tokens ? "items per page, 1 to 200 (default 50)"
                         : "items per page, 1 to 500 (default 50)");
    }
    const struct api_resource *r = list_resource(d);
    for (size_t i = 0; r && r->filters[i].param; i++) {
        parameter(j, r->filters[i].param, "query", "string", r->filters[i].doc);
    }
    if (strstr(d->pattern, "/findings") && strcmp(d->method, "GET") == 0) {
        parameter(j, "lang", "query", "string", "zh or en (default: your locale)");
        parameter(j, "owner", "query", "string", "only this owner's: user:ID, team:ID or company");
    }
    if (strcmp(d->pattern, "/api/v1/objectives/{id}") == 0 && strcmp(d->method, "GET") == 0) {
        parameter(j, "findings", "query", "string",
                  "true: include the coach's findings (and lang: zh or en)");
    }
    if (strstr(d->pattern, "/tree")) {
        parameter(j, "depth", "query", "integer", "levels of aligned objectives, 1 to 32");
        parameter(j, "team", "query", "integer",
                  "one team's tree: the team, its sub-teams, their leads and members");
    }
    if (strcmp(d->method, "PATCH") == 0 || strstr(d->pattern, "/score")) {
        parameter(j, "If-Match", "header", "string",
                  "\"<version>\" as the ETag gave it: 412 when the record has moved on");
    }
    json_arr_close(j);
}

static void operation(struct json *j, const struct doc *d, const struct route *r)
{
    char method[8];
    size_t n = strlen(d->method);
    for (size_t i = 0; i < n && i < sizeof method - 1; i++) {
        method[i] = (char)tolower((unsigned char)d->method[i]);
    }
    method[n < sizeof method - 1 ? n : sizeof method - 1] = '\0';
    bool public = r && (r->flags & ROUTE_PUBLIC);
    json_key(j, method);
    json_obj_open(j);
    json_key(j, "summary");
    json_str(j, d->summary);
    json_key(j, "operationId");
    char id[160];
    snprintf(id, sizeof id, "%s %s", d->method, d->pattern);
    json_str(j, id);
    parameters(j, d);
    if (d->request) {
        json_key(j, "requestBody");
        json_obj_open(j);
        json_key(j, "required");
        json_bool(j, true);
        json_key(j, "content");
        json_obj_open(j);
        json_key(j, "application/json");
        json_obj_open(j);
        json_key(j, "schema");
        schema_ref(j, d->request);
        json_obj_close(j);
        json_obj_close(j);
        json_obj_close(j);
    }
    json_key(j, "responses");
    json_obj_open(j);
    char code[8];
    snprintf(code, sizeof code, "%d", d->status);
    json_key(j, code);
    json_obj_open(j);
    json_key(j, "description");
    json_str(j, d->status == 201 ? "Created" : d->status == 204 ? "No content" : "OK");
    const struct entity *re = !d->response ? NULL
                              : strcmp(d->response, "ObjectiveDetail") == 0
                                  ? &entity_objective
                                  : entity_named(d->response);
    /* Check-ins, KPI values and dismissals have no address of their own. */
    bool located = d->status == 201 && re && re != &entity_checkin && re != &entity_kpi_value &&
                   re != &entity_finding_dismissal;
    if (re && (meta_field(re, "version") || located)) {
        json_key(j, "headers");
        json_obj_open(j);
        if (meta_field(re, "version")) {
            json_key(j, "ETag");
            json_obj_open(j);
            json_key(j, "description");
            json_str(j, "\"<version>\": send it back as If-Match");
            json_key(j, "schema");
            json_obj_open(j);
            json_key(j, "type");
            json_str(j, "string");
            json_obj_close(j);
            json_obj_close(j);
        }
        if (located) {
            json_key(j, "Location");
            json_obj_open(j);
            json_key(j, "schema");
            json_obj_open(j);
            json_key(j, "type");
            json_str(j, "string");
            json_obj_close(j);
            json_obj_close(j);
        }
        json_obj_close(j);
    }
    if (d->response) {
        json_key(j, "content");
        json_obj_open(j);
        json_key(j, "application/json");
        json_obj_open(j);
        json_key(j, "schema");
        schema_ref(j, d->response);
        json_obj_close(j);
        json_obj_close(j);
    }
    json_obj_close(j);
    char errors[64];
    snprintf(errors, sizeof errors, "%s%s", public ? "" : "401 ", d->errors);
    for (const char *p = errors; *p;) {
        size_t len = strcspn(p, " ");
        if (len == 3) {
            char key[8];
            snprintf(key, sizeof key, "%.3s", p);
            char ref[48];
            snprintf(ref, sizeof ref, "#/components/responses/E%.3s", p);
            json_key(j, key);
            json_obj_open(j);
            json_key(j, "$ref");
            json_str(j, ref);
            json_obj_close(j);
        }
        p += len;
        p += *p == ' ';
    }
    json_obj_close(j);
    if (public) {
        json_key(j, "security");
        json_arr_open(j);
        json_arr_close(j);
    }
    if (r && (r->flags & ROUTE_CSRF)) {
        json_key(j, "x-okr-csrf");
        json_bool(j, true);
    }
    if (r && r->permission) {
        json_key(j, "x-okr-permission");
        json_str(j, r->permission);
    }
    json_obj_close(j);
}

void api_openapi_write(struct json *j, const struct route *routes, size_t n)
{
    json_obj_open(j);
    json_key(j, "openapi");
    json_str(j, "3.1.0");
    json_key(j, "info");
    json_obj_open(j);
    json_key(j, "title");
    json_str(j, "okr REST API");
    json_key(j, "version");
    json_str(j, "1");
    json_key(j, "description");
    json_str(j, "OKRs that come from strategy. JSON, snake_case; errors are RFC 9457 problems; "
                "lists paginate with a cursor; writes honour If-Match (ETag = version). See "
                "docs/api.md.");
    json_obj_close(j);
    json_key(j, "security");
    json_arr_open(j);
    const char *schemes[] = {"bearer", "cookie"};
    for (size_t i = 0; i < 2; i++) {
        json_obj_open(j);
        json_key(j, schemes[i]);
        json_arr_open(j);
        json_arr_close(j);
        json_obj_close(j);
    }
    json_arr_close(j);
    json_key(j, "paths");
    json_obj_open(j);
    /* Operations of one path are grouped under it, in doc table order of first appearance. */
    bool done[sizeof docs / sizeof docs[0]] = {false};
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        if (done[i]) {
            continue;
        }
        json_key(j, docs[i].pattern);
        json_obj_open(j);
        for (size_t k = i; k < sizeof docs / sizeof docs[0]; k++) {
            if (!done[k] && strcmp(docs[k].pattern, docs[i].pattern) == 0) {
                done[k] = true;
                operation(j, &docs[k], route_for(routes, n, &docs[k]));
            }
        }
        json_obj_close(j);
    }
    json_obj_close(j);
    components(j);
    json_obj_close(j);
}

void api_openapi(void *app, struct http_request *req, struct http_response *resp)
{
    (void)app;
    (void)req;
    api_openapi_write(http_respond_json(resp, 200), api_routes, api_route_count);
}
