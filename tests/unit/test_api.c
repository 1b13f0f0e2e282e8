/* Tests for src/api: the REST API driven as a client drives it, over real loopback HTTP against
 * a real SQLite file, with credentials from the account routes (sign-up, API tokens,
 * invitations). Each test starts its own server and database; the clock is fixed. */
#include "api/account.h"
#include "api/api.h"
#include "core/timefmt.h"
#include "http/server.h"
#include "service/interchange.h"
#include "store/sqlite_gate.h"

#include "http_client.h"

#include <criterion/criterion.h>
#include <jansson.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the server under test ---- */

static struct {
    char dir[64];
    char db[128];
    struct api_app app;
    struct http_server *srv;
    uint16_t port;
    const char *admin, *member, *other; /* API tokens: admin of Acme, member of Acme, admin of
                                         * Globex */
    int64_t admin_id, member_id;
    char cookie[256], csrf[80]; /* the admin's session */
} T;

static int64_t fixed_now;

static int64_t fixed_clock(void)
{
    return fixed_now;
}

/* A request with an API token (NULL: none) and a JSON body (NULL: none). */
static struct reply *as(const char *token, const char *method, const char *path, const char *body)
{
    char h[512] = "";
    if (token) {
        snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", token);
    }
    if (body) {
        size_t n = strlen(h);
        snprintf(h + n, sizeof h - n, "Content-Type: application/json\r\n");
    }
    return raw_n(method, path, h, body, body ? strlen(body) : 0);
}

static struct reply *call(const char *method, const char *path, const char *body)
{
    return as(T.admin, method, path, body);
}

/* A PATCH by the admin with If-Match: etag (the header's whole value). */
static struct reply *patch_if(const char *path, const char *etag, const char *body)
{
    return raw_n("PATCH", path,
                 fmt("Authorization: Bearer %s\r\nIf-Match: %s\r\nContent-Type: "
                     "application/json\r\n",
                     T.admin, etag),
                 body, strlen(body));
}

static json_t *member(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(v, "no member %s", key);
    return v;
}

static int64_t jint(const json_t *o, const char *key)
{
    json_t *v = member(o, key);
    cr_assert(json_is_integer(v), "%s is not an integer", key);
    return (int64_t)json_integer_value(v);
}

static double jnum(const json_t *o, const char *key)
{
    json_t *v = member(o, key);
    cr_assert(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

static const char *jstr(const json_t *o, const char *key)
{
    json_t *v = member(o, key);
    cr_assert(json_is_string(v), "%s is not a string", key);
    return json_string_value(v);
}

/* Expects a problem with status and the field it names. */
static void expect_problem(const struct reply *r, int status, const char *field)
{
    expect(r, status);
    char ct[128];
    cr_assert(header_copy(r, "Content-Type", ct, sizeof ct));
    cr_assert_str_eq(ct, "application/problem+json");
    cr_assert(r->json, "problem is not JSON: %s", r->body);
    cr_assert_eq(jint(r->json, "status"), status);
    cr_assert(json_is_string(json_object_get(r->json, "request_id")));
    if (field) {
        cr_assert_str_eq(jstr(r->json, "field"), field, "%s", r->body);
    }
}

/* Creates a record and returns its id (asserting 201). */
static int64_t create_as(const char *token, const char *path, const char *body)
{
    struct reply *r = as(token, "POST", path, body);
    expect(r, 201);
    return jint(r->json, "id");
}

static int64_t create(const char *path, const char *body)
{
    return create_as(T.admin, path, body);
}

/* ---- set-up: a server, an Acme admin with a token (and cookie), on demand a member and a second
 * company ---- */

/* "okr_session=..." from a reply's Set-Cookie. */
static void session_cookie(const struct reply *r, char *out, size_t n)
{
    char v[512];
    cr_assert(header_copy(r, "Set-Cookie", v, sizeof v), "no Set-Cookie: %s", r->head);
    size_t len = strcspn(v, ";");
    cr_assert(len < n);
    memcpy(out, v, len);
    out[len] = '\0';
}

static const char *cookie_headers(const char *cookie, const char *csrf)
{
    return fmt("Cookie: %s\r\nX-CSRF-Token: %s\r\nOrigin: http://127.0.0.1:%u\r\n"
               "Content-Type: application/json\r\n",
               cookie, csrf, (unsigned)T.port);
}

/* An API token for the session of a sign-up, login or invitation reply. */
static const char *token_for(const struct reply *session)
{
    expect(session, 201);
    char cookie[256], csrf[80];
    session_cookie(session, cookie, sizeof cookie);
    snprintf(csrf, sizeof csrf, "%s", jstr(session->json, "csrf_token"));
    const char *body = "{\"name\":\"tests\"}";
    struct reply *r =
        raw_n("POST", "/api/v1/tokens", cookie_headers(cookie, csrf), body, strlen(body));
    expect(r, 201);
    return strdup(jstr(r->json, "token"));
}

static const char *signup(const char *company, const char *name, const char *email)
{
    struct reply *r = as(NULL, "POST", "/api/v1/signup",
                         fmt("{\"tenant_name\":\"%s\",\"name\":\"%s\",\"email\":\"%s\","
                             "\"password\":\"correct horse battery\"}",
                             company, name, email));
    expect(r, 201);
    if (!T.admin) {
        session_cookie(r, T.cookie, sizeof T.cookie);
        snprintf(T.csrf, sizeof T.csrf, "%s", jstr(r->json, "csrf_token"));
        T.admin_id = jint(r->json, "user_id");
    }
    return token_for(r);
}

/* The member of Acme (invited by the admin), created on first use. */
static const char *member_token(void)
{
    if (!T.member) {
        struct reply *r = call("POST", "/api/v1/invitations",
                               "{\"name\":\"Bo Member\",\"email\":\"bo@acme.test\"}");
        expect(r, 201);
        T.member_id = jint(r->json, "user_id");
        r = as(NULL, "POST", "/api/v1/invitations/accept",
               fmt("{\"invitation\":\"%s\",\"password\":\"another fine password\"}",
                   jstr(r->json, "invitation")));
        T.member = token_for(r);
    }
    return T.member;
}

/* The admin of a second company, Globex, created on first use. */
static const char *other_token(void)
{
    if (!T.other) {
        T.other = signup("Globex", "Gil", "gil@globex.test");
    }
    return T.other;
}

static void start(void)
{
    memset(&T, 0, sizeof T);
    fixed_now = date_from_ymd(2025, 2, 15) * 86400 + 12 * 3600;
    snprintf(T.dir, sizeof T.dir, "/tmp/okr-api-XXXXXX");
    cr_assert(mkdtemp(T.dir));
    snprintf(T.db, sizeof T.db, "%s/okr.db", T.dir);
    struct store *st;
    struct err err = {0};
    cr_assert_eq(store_open(T.db, &st, &err), ERR_OK, "%s", err.msg); /* migrate once */
    store_close(st);
    T.app = (struct api_app){.db_url = T.db,
                             .session_idle_s = 8 * 3600,
                             .session_max_s = 30 * 86400,
                             .clock = fixed_clock};
    struct http_config cfg = {.listen = "127.0.0.1:0",
                              .threads = 2,
                              .max_body_bytes = 256 * 1024,
                              .worker_init = api_worker_init,
                              .hold = api_hold,
                              .worker_free = api_worker_free,
                              .authorize = api_authorize};
    cr_assert_eq(http_server_start(&cfg, api_routes, api_route_count, &T.app, &T.srv, &err), ERR_OK,
                 "%s", err.msg);
    T.port = http_server_port(T.srv);
    http_client_port = T.port;
    T.admin = signup("Acme", "Ada Admin", "ada@acme.test");
}

static void stop(void)
{
    http_server_stop(T.srv);
    http_client_free();
    free((void *)T.admin);
    free((void *)T.member);
    free((void *)T.other);
    const char *files[] = {"okr.db", "okr.db-wal", "okr.db-shm"};
    for (size_t i = 0; i < 3; i++) {
        unlink(fmt("%s/%s", T.dir, files[i]));
    }
    rmdir(T.dir);
}

TestSuite(api, .init = start, .fini = stop, .timeout = 120);

/* ---- fixtures of data ---- */

static int64_t new_cycle(const char *name)
{
    return create("/api/v1/cycles",
                  fmt("{\"name\":\"%s\",\"start\":\"2025-01-01\",\"end\":\"2025-03-31\"}", name));
}

static int64_t new_active_cycle(const char *name)
{
    int64_t id = new_cycle(name);
    expect(call("POST", fmt("/api/v1/cycles/%lld/activate", (long long)id), NULL), 200);
    return id;
}

static int64_t new_objective(int64_t cycle, const char *extra)
{
    return create("/api/v1/objectives",
                  fmt("{\"cycle_id\":%lld,\"title\":\"Delight customers\"%s%s}", (long long)cycle,
                      extra ? "," : "", extra ? extra : ""));
}

static int64_t new_kr(int64_t objective, const char *extra)
{
    return create("/api/v1/key-results",
                  fmt("{\"objective_id\":%lld,\"title\":\"NPS up\",\"start\":0,\"target\":10%s%s}",
                      (long long)objective, extra ? "," : "", extra ? extra : ""));
}

/* ---- route table and document ---- */

Test(api, route_table_is_valid_and_every_write_needs_csrf)
{
    struct err err = {0};
    cr_assert_eq(http_routes_check(api_routes, api_route_count, &err), ERR_OK, "%s", err.msg);
    for (size_t i = 0; i < api_route_count; i++) {
        const struct route *r = &api_routes[i];
        if (strcmp(r->method, "GET") != 0) {
            cr_assert(r->flags & ROUTE_CSRF, "%s %s lacks ROUTE_CSRF", r->method, r->pattern);
        }
    }
}

Test(api, account_routes_are_spliced_unchanged)
{
    void (*forward)(void *, struct http_request *, struct http_response *) = NULL;
    for (size_t i = 0; i < api_account_route_count; i++) {
        const struct route *a = &api_account_routes[i];
        const struct route *found = NULL;
        for (size_t k = 0; k < api_route_count && !found; k++) {
            if (!strcmp(api_routes[k].method, a->method) &&
                !strcmp(api_routes[k].pattern, a->pattern)) {
                found = &api_routes[k];
            }
        }
        cr_assert(found, "%s %s is not in api_routes", a->method, a->pattern);
        cr_assert_eq(found->flags, a->flags, "%s %s flags differ", a->method, a->pattern);
        cr_assert(
            (!found->permission && !a->permission) ||
                (found->permission && a->permission && !strcmp(found->permission, a->permission)),
            "%s %s permission differs", a->method, a->pattern);
        forward = found->handler;
    }
    size_t forwarded = 0;
    for (size_t k = 0; k < api_route_count; k++) {
        forwarded += api_routes[k].handler == forward;
    }
    cr_assert_eq(forwarded, api_account_route_count, "a forwarding entry has no account route");
}

Test(api, openapi_document_describes_exactly_the_route_table)
{
    struct reply *r = as(NULL, "GET", "/api/v1/openapi.json", NULL); /* public */
    expect(r, 200);
    cr_assert(r->json, "the document is not JSON");
    cr_assert_str_eq(jstr(r->json, "openapi"), "3.1.0");
    json_t *paths = member(r->json, "paths");
    size_t ops = 0;
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item)
    {
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op)
        {
            char upper[16];
            size_t n = strlen(method);
            cr_assert(n < sizeof upper);
            for (size_t i = 0; i <= n; i++) {
                upper[i] =
                    (char)(method[i] >= 'a' && method[i] <= 'z' ? method[i] - 32 : method[i]);
            }
            bool routed = false;
            for (size_t i = 0; i < api_route_count && !routed; i++) {
                routed =
                    !strcmp(api_routes[i].method, upper) && !strcmp(api_routes[i].pattern, path);
            }
            cr_assert(routed, "the document describes %s %s, which no route serves", upper, path);
            cr_assert(json_object_get(op, "responses"), "%s %s has no responses", upper, path);
            ops++;
        }
    }
    for (size_t i = 0; i < api_route_count; i++) {
        char lower[16];
        size_t n = strlen(api_routes[i].method);
        for (size_t k = 0; k <= n; k++) {
            char c = api_routes[i].method[k];
            lower[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        json_t *p = json_object_get(paths, api_routes[i].pattern);
        cr_assert(p && json_object_get(p, lower), "route %s %s is not in the document",
                  api_routes[i].method, api_routes[i].pattern);
    }
    cr_assert_eq(ops, api_route_count);
    /* Component schemas come from the descriptors. */
    json_t *schemas = member(member(r->json, "components"), "schemas");
    json_t *obj = member(member(member(schemas, "Objective"), "properties"), "self_score");
    cr_assert(json_is_true(json_object_get(obj, "readOnly")));
    cr_assert_eq(json_array_size(member(obj, "type")), 2); /* ["number","null"] */
    json_t *state = member(member(member(schemas, "Cycle"), "properties"), "state");
    cr_assert_str_eq(json_string_value(json_array_get(member(state, "enum"), 2)), "grading");
    json_t *title = member(member(member(schemas, "Objective"), "properties"), "title");
    cr_assert_eq(jint(title, "maxLength"), 500);
    cr_assert(json_object_get(member(member(schemas, "KeyResult"), "properties"), "progress"));
    cr_assert(!json_object_get(member(member(schemas, "User"), "properties"), "password_hash"));
    json_t *sec = member(member(r->json, "components"), "securitySchemes");
    cr_assert_str_eq(jstr(member(sec, "bearer"), "scheme"), "bearer");
    cr_assert_str_eq(jstr(member(sec, "cookie"), "in"), "cookie");
    /* A public route says so; a list documents its filters. */
    json_t *spec = member(member(paths, "/api/v1/openapi.json"), "get");
    cr_assert_eq(json_array_size(member(spec, "security")), 0);
    json_t *params = member(member(member(paths, "/api/v1/objectives"), "get"), "parameters");
    bool owner = false;
    for (size_t i = 0; i < json_array_size(params); i++) {
        owner |= !strcmp(jstr(json_array_get(params, i), "name"), "owner");
    }
    cr_assert(owner);
}

/* ---- records ---- */

/* The account routes read their bodies as every route does: an unknown member is refused, not
 * dropped (an invitation's manager would go unsaid), and a body that is no object is a 400. */
Test(api, account_bodies_are_checked_like_every_body)
{
    struct reply *r = call("POST", "/api/v1/invitations",
                           "{\"name\":\"Cy\",\"email\":\"cy@acme.test\",\"colour\":\"red\"}");
    expect_problem(r, 422, "colour");
    r = call("POST", "/api/v1/invitations", "[1]");
    expect_problem(r, 400, "body");
    r = call("POST", "/api/v1/invitations",
             fmt("{\"name\":\"Cy\",\"email\":\"cy@acme.test\",\"manager_id\":%lld}",
                 (long long)T.admin_id));
    expect(r, 201);
    r = call("GET", fmt("/api/v1/users/%lld", (long long)jint(r->json, "user_id")), NULL);
    cr_assert_eq(jint(r->json, "manager_id"), T.admin_id, "the manager is kept");
    r = as(NULL, "POST", "/api/v1/signup",
           "{\"tenant_name\":\"X\",\"name\":\"X\",\"email\":\"x@x.test\",\"password\":"
           "\"a long password\",\"plan\":\"gold\"}");
    expect_problem(r, 422, "plan");
}

Test(api, create_get_patch_delete_with_etags)
{
    struct reply *r = call("POST", "/api/v1/cycles",
                           "{\"name\":\"Q1\",\"start\":\"2025-01-01\",\"end\":\"2025-03-31\"}");
    expect(r, 201);
    int64_t id = jint(r->json, "id");
    char v[128];
    cr_assert_str_eq(header_copy(r, "Location", v, sizeof v),
                     fmt("/api/v1/cycles/%lld", (long long)id));
    cr_assert_str_eq(header_copy(r, "ETag", v, sizeof v), "\"1\"");
    cr_assert_str_eq(jstr(r->json, "state"), "planning");
    cr_assert_str_eq(jstr(r->json, "kind"), "quarter"); /* the default, as in the CLI */

    const char *path = fmt("/api/v1/cycles/%lld", (long long)id);
    r = call("GET", path, NULL);
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "name"), "Q1");
    cr_assert_str_eq(jstr(r->json, "start"), "2025-01-01");
    cr_assert_str_eq(header_copy(r, "ETag", v, sizeof v), "\"1\"");

    r = patch_if(path, "\"1\"", "{\"name\":\"Q1 2025\"}");
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "name"), "Q1 2025");
    cr_assert_str_eq(jstr(r->json, "end"), "2025-03-31"); /* untouched */
    cr_assert_str_eq(header_copy(r, "ETag", v, sizeof v), "\"2\"");

    /* A stale If-Match is refused and changes nothing; so is a weak tag of the current version
     * (If-Match compares strongly), and "*" matches any. */
    r = patch_if(path, "\"1\"", "{\"name\":\"lost\"}");
    expect_problem(r, 412, NULL);
    r = patch_if(path, "W/\"2\"", "{\"name\":\"lost\"}");
    expect_problem(r, 412, NULL);
    r = patch_if(path, "*", "{\"start\":\"2025-01-01\"}");
    expect(r, 200);
    cr_assert_str_eq(jstr(call("GET", path, NULL)->json, "name"), "Q1 2025");
    /* Without If-Match the write goes through. */
    r = call("PATCH", path, "{\"kind\":\"custom\"}");
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "kind"), "custom");
    cr_assert_eq(jint(r->json, "version"), 4);

    expect(call("DELETE", path, NULL), 204);
    expect_problem(call("GET", path, NULL), 404, NULL);
}

Test(api, every_collection_serves_its_records)
{
    int64_t user = create("/api/v1/users", "{\"name\":\"Cy\",\"email\":\"cy@acme.test\"}");
    int64_t team =
        create("/api/v1/teams", fmt("{\"name\":\"Ops\",\"lead_id\":%lld}", (long long)user));
    int64_t theme =
        create("/api/v1/themes", "{\"title\":\"Grow revenue\",\"source\":\"financial\"}");
    int64_t cycle = new_cycle("Q1");
    int64_t obj = new_objective(cycle, fmt("\"theme_id\":%lld", (long long)theme));
    int64_t kr = new_kr(obj, NULL);
    int64_t ini = create("/api/v1/initiatives",
                         fmt("{\"kr_id\":%lld,\"title\":\"Call customers\"}", (long long)kr));
    int64_t kpi =
        create("/api/v1/kpis", fmt("{\"name\":\"Uptime\",\"unit\":\"%%\",\"threshold\":99.9,"
                                   "\"owner_team_id\":%lld}",
                                   (long long)team));
    int64_t comment =
        create("/api/v1/comments",
               fmt("{\"objective_id\":%lld,\"body\":\"Looks right\"}", (long long)obj));
    struct {
        const char *path;
        int64_t id;
        const char *patch, *field, *value;
    } cases[] = {
        {"users", user, "{\"locale\":\"en\"}", "locale", "en"},
        {"teams", team, "{\"name\":\"Operations\"}", "name", "Operations"},
        {"themes", theme, "{\"horizon\":\"long\"}", "horizon", "long"},
        {"cycles", cycle, "{\"name\":\"First quarter\"}", "name", "First quarter"},
        {"objectives", obj, "{\"kind\":\"aspirational\"}", "kind", "aspirational"},
        {"key-results", kr, "{\"unit\":\"points\"}", "unit", "points"},
        {"initiatives", ini, "{\"state\":\"doing\"}", "state", "doing"},
        {"kpis", kpi, "{\"unit\":\"percent\"}", "unit", "percent"},
        {"comments", comment, "{\"body\":\"Looks right to me\"}", "body", "Looks right to me"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *one = fmt("/api/v1/%s/%lld", cases[i].path, (long long)cases[i].id);
        struct reply *r = call("GET", fmt("/api/v1/%s", cases[i].path), NULL);
        expect(r, 200);
        bool listed = false;
        json_t *items = member(r->json, "items");
        for (size_t k = 0; k < json_array_size(items); k++) {
            listed |= jint(json_array_get(items, k), "id") == cases[i].id;
        }
        cr_assert(listed, "%s does not list %lld", cases[i].path, (long long)cases[i].id);
        expect(call("GET", one, NULL), 200);
        r = call("PATCH", one, cases[i].patch);
        expect(r, 200);
        cr_assert_str_eq(jstr(r->json, cases[i].field), cases[i].value, "%s", cases[i].path);
    }
    /* Deleting children first, parents last. */
    const char *order[] = {"comments", "initiatives", "key-results", "objectives", "kpis",
                           "themes",   "cycles",      "teams",       "users"};
    int64_t ids[] = {comment, ini, kr, obj, kpi, theme, cycle, team, user};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const char *one = fmt("/api/v1/%s/%lld", order[i], (long long)ids[i]);
        expect(call("DELETE", one, NULL), 204);
        expect_problem(call("GET", one, NULL), 404, NULL);
    }
}

Test(api, input_errors_name_the_field)
{
    int64_t cycle = new_cycle("Q1");
    int64_t team = create("/api/v1/teams", "{\"name\":\"Ops\"}");
    const char *base = fmt("\"cycle_id\":%lld,\"title\":\"T\"", (long long)cycle);
    struct {
        const char *body;
        const char *field;
    } cases[] = {
        {fmt("{%s,\"bogus\":1}", base), "bogus"},             /* unknown */
        {fmt("{%s,\"id\":7}", base), "id"},                   /* system */
        {fmt("{%s,\"version\":3}", base), "version"},         /* system */
        {fmt("{%s,\"self_score\":0.5}", base), "self_score"}, /* scores have their route */
        {fmt("{\"cycle_id\":%lld,\"title\":5}", (long long)cycle), "title"}, /* wrong type */
        {fmt("{%s,\"kind\":\"weird\"}", base), "kind"},                      /* not in the enum */
        {fmt("{%s,\"weight\":\"1\"}", base), "weight"},  /* a string for a number */
        {fmt("{%s,\"theme_id\":-1}", base), "theme_id"}, /* not an id */
        {fmt("{%s,\"theme_id\":1.5}", base), "theme_id"},
        {fmt("{%s,\"theme_id\":999}", base), "theme_id"},        /* names nothing */
        {fmt("{\"cycle_id\":%lld}", (long long)cycle), "title"}, /* required (domain) */
        {fmt("{%s,\"weight\":5000}", base), "weight"},           /* out of range (domain) */
        {fmt("{%s,\"owner_user_id\":%lld,\"owner_team_id\":%lld}", base, (long long)T.admin_id,
             (long long)team),
         "owner"}, /* one owner (domain) */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        expect_problem(call("POST", "/api/v1/objectives", cases[i].body), 422, cases[i].field);
    }
    expect_problem(call("POST", "/api/v1/cycles",
                        "{\"name\":\"Q\",\"start\":\"2025-02-30\",\"end\":\"2025-03-31\"}"),
                   422, "start");
    expect_problem(call("POST", "/api/v1/cycles",
                        "{\"name\":\"Q\",\"start\":\"2025-04-01\",\"end\":\"2025-03-31\"}"),
                   422, "end");
    expect_problem(call("POST", "/api/v1/users",
                        "{\"name\":\"X\",\"email\":\"x@acme.test\","
                        "\"password_hash\":\"h\"}"),
                   422, "password_hash");
    int64_t obj = new_objective(cycle, NULL);
    expect_problem(
        call("PATCH", fmt("/api/v1/objectives/%lld", (long long)obj), "{\"state\":null}"), 422,
        "state");
    /* User records never show the password hash. */
    struct reply *r = call("GET", fmt("/api/v1/users/%lld", (long long)T.admin_id), NULL);
    expect(r, 200);
    cr_assert_null(json_object_get(r->json, "password_hash"));
    cr_assert_str_eq(jstr(r->json, "email"), "ada@acme.test");
}

Test(api, malformed_and_oversized_bodies_are_4xx_and_the_server_keeps_serving)
{
    expect_problem(call("POST", "/api/v1/cycles", "{\"name\":"), 400, "body");
    expect_problem(call("POST", "/api/v1/cycles", "[1,2]"), 400, "body");
    expect_problem(call("POST", "/api/v1/cycles", "{\"name\":\"a\",\"name\":\"b\"}"), 400, "body");
    expect_problem(call("POST", "/api/v1/cycles", "\"just a string\""), 400, "body");
    size_t deep = 5000;
    char *nest = malloc(2 * deep + 1);
    memset(nest, '[', deep);
    memset(nest + deep, ']', deep);
    nest[2 * deep] = '\0';
    expect_problem(call("POST", "/api/v1/cycles", nest), 400, "body");
    free(nest);
    /* Declared over the 256 KiB limit of this server: refused before the body is sent. */
    struct reply *r = raw_n(
        "POST", "/api/v1/cycles",
        fmt("Authorization: Bearer %s\r\nContent-Length: %d\r\n", T.admin, 300 * 1024), NULL, 0);
    expect_problem(r, 413, NULL);
    r = call("GET", "/api/v1/tenant", NULL);
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "name"), "Acme");
}

Test(api, unknown_ids_are_404)
{
    int64_t cycle = new_cycle("Q1");
    (void)cycle;
    const char *paths[][2] = {
        {"GET", "/api/v1/objectives/999"},
        {"PATCH", "/api/v1/objectives/999"},
        {"DELETE", "/api/v1/objectives/999"},
        {"GET", "/api/v1/objectives/abc"},
        {"GET", "/api/v1/objectives/0"},
        {"GET", "/api/v1/users/99999999999999999999"},
        {"GET", "/api/v1/key-results/999/checkins"},
        {"POST", "/api/v1/key-results/999/checkins"},
        {"GET", "/api/v1/cycles/999/tree"},
        {"POST", "/api/v1/cycles/999/activate"},
        {"GET", "/api/v1/teams/999/members"},
        {"POST", "/api/v1/teams/999/members"},
        {"DELETE", "/api/v1/teams/999/members/1"},
        {"GET", "/api/v1/kpis/999/values"},
        {"POST", "/api/v1/kpis/999/values"},
        {"POST", "/api/v1/take-on-requests/999/accept"},
        {"POST", "/api/v1/objectives/999/score"},
        {"GET", "/api/v1/no-such-thing"},
    };
    const char *bodies[] = {NULL,
                            "{\"title\":\"x\"}",
                            NULL,
                            NULL,
                            NULL,
                            NULL,
                            NULL,
                            "{\"value\":1}",
                            NULL,
                            NULL,
                            NULL,
                            fmt("{\"user_id\":%lld}", (long long)T.admin_id),
                            NULL,
                            NULL,
                            "{\"value\":1}",
                            NULL,
                            "{\"which\":\"self\",\"score\":0.5}",
                            NULL};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct reply *r = call(paths[i][0], paths[i][1], bodies[i]);
        cr_assert_eq(r->status, 404, "%s %s: %d %s", paths[i][0], paths[i][1], r->status, r->body);
    }
}

Test(api, another_companys_records_are_404)
{
    int64_t mine = new_cycle("Acme Q1");
    cr_assert_eq(mine, 1);
    const char *globex = other_token();
    int64_t theirs = 0;
    for (int i = 0; i < 3; i++) {
        theirs =
            create_as(globex, "/api/v1/cycles",
                      "{\"name\":\"Globex Q\",\"start\":\"2025-01-01\",\"end\":\"2025-03-31\"}");
    }
    cr_assert_eq(theirs, 3); /* ids count per company */
    const char *path = fmt("/api/v1/cycles/%lld", (long long)theirs);
    expect(as(globex, "GET", path, NULL), 200);
    expect_problem(call("GET", path, NULL), 404, NULL);
    expect_problem(call("PATCH", path, "{\"name\":\"mine now\"}"), 404, NULL);
    expect_problem(call("DELETE", path, NULL), 404, NULL);
    expect_problem(call("POST", fmt("%s/activate", path), NULL), 404, NULL);
    expect_problem(call("GET", fmt("%s/tree", path), NULL), 404, NULL);
    /* Referring to it is a bad reference, not a way in. */
    expect_problem(call("POST", "/api/v1/objectives",
                        fmt("{\"cycle_id\":%lld,\"title\":\"x\"}", (long long)theirs)),
                   422, "cycle_id");
    struct reply *r = call("GET", "/api/v1/cycles", NULL);
    expect(r, 200);
    cr_assert_eq(json_array_size(member(r->json, "items")), 1);
    r = as(globex, "GET", "/api/v1/tenant", NULL);
    cr_assert_str_eq(jstr(r->json, "name"), "Globex");
    r = as(globex, "GET", fmt("/api/v1/cycles/%lld", (long long)mine), NULL);
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "name"), "Globex Q");
}

Test(api, wrong_method_is_405_with_allow)
{
    struct reply *r = call("PUT", "/api/v1/objectives/1", "{}");
    expect_problem(r, 405, NULL);
    char allow[128];
    cr_assert(header_copy(r, "Allow", allow, sizeof allow));
    cr_assert(strstr(allow, "PATCH") && strstr(allow, "DELETE") && strstr(allow, "GET"), "%s",
              allow);
    expect_problem(call("DELETE", "/api/v1/take-on-requests/1", NULL), 405, NULL);
    expect_problem(call("PATCH", "/api/v1/take-on-requests/1", "{}"), 405, NULL);
    expect_problem(call("DELETE", "/api/v1/tenant", NULL), 405, NULL);
}

Test(api, conflicts_are_409)
{
    create("/api/v1/users", "{\"name\":\"Cy\",\"email\":\"cy@acme.test\"}");
    expect_problem(call("POST", "/api/v1/users", "{\"name\":\"Cy 2\",\"email\":\"cy@acme.test\"}"),
                   409, NULL);
    int64_t cycle = new_cycle("Q1");
    new_objective(cycle, NULL);
    expect_problem(call("DELETE", fmt("/api/v1/cycles/%lld", (long long)cycle), NULL), 409, NULL);
    expect(call("POST", fmt("/api/v1/cycles/%lld/activate", (long long)cycle), NULL), 200);
    expect_problem(call("POST", fmt("/api/v1/cycles/%lld/activate", (long long)cycle), NULL), 409,
                   "state");
    int64_t team = create("/api/v1/teams", "{\"name\":\"Ops\"}");
    const char *members = fmt("/api/v1/teams/%lld/members", (long long)team);
    const char *body = fmt("{\"user_id\":%lld}", (long long)T.admin_id);
    expect(call("POST", members, body), 201);
    expect_problem(call("POST", members, body), 409, NULL);
}

/* ---- lists ---- */

Test(api, lists_paginate_with_a_cursor)
{
    int64_t ids[7];
    for (int i = 0; i < 7; i++) {
        ids[i] = create("/api/v1/themes", fmt("{\"title\":\"Theme %d\"}", i));
    }
    const char *path = "/api/v1/themes?limit=3";
    size_t seen = 0;
    for (int page = 0; page < 3; page++) {
        struct reply *r = call("GET", path, NULL);
        expect(r, 200);
        json_t *items = member(r->json, "items");
        cr_assert_eq(json_array_size(items), page < 2 ? 3 : 1);
        for (size_t k = 0; k < json_array_size(items); k++) {
            cr_assert_eq(jint(json_array_get(items, k), "id"), ids[seen++]);
        }
        json_t *next = member(r->json, "next_cursor");
        if (page < 2) {
            cr_assert(json_is_string(next));
            path = fmt("/api/v1/themes?limit=3&after=%s", json_string_value(next));
        } else {
            cr_assert(json_is_null(next));
        }
    }
    cr_assert_eq(seen, 7);
    /* Exactly a page left: no empty page after it. */
    struct reply *r =
        call("GET", fmt("/api/v1/themes?limit=4&after=%lld", (long long)ids[2]), NULL);
    cr_assert_eq(json_array_size(member(r->json, "items")), 4);
    cr_assert(json_is_null(member(r->json, "next_cursor")));
    /* The default page holds all seven. */
    r = call("GET", "/api/v1/themes", NULL);
    cr_assert_eq(json_array_size(member(r->json, "items")), 7);
    expect_problem(call("GET", "/api/v1/themes?limit=0", NULL), 422, "limit");
    expect_problem(call("GET", "/api/v1/themes?limit=501", NULL), 422, "limit");
    expect_problem(call("GET", "/api/v1/themes?limit=ten", NULL), 422, "limit");
    expect_problem(call("GET", "/api/v1/themes?after=x", NULL), 422, "after");
    expect(call("GET", "/api/v1/themes?limit=500", NULL), 200);
}

/* Ids of a list reply's items, as a string "1,2,3". */
static const char *ids_of(const struct reply *r)
{
    static char out[1024];
    size_t o = 0;
    out[0] = '\0';
    json_t *items = member(r->json, "items");
    for (size_t k = 0; k < json_array_size(items) && o < sizeof out - 24; k++) {
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%lld", k ? "," : "",
                              (long long)jint(json_array_get(items, k), "id"));
    }
    return out;
}

static const char *list(const char *path)
{
    struct reply *r = call("GET", path, NULL);
    expect(r, 200);
    return ids_of(r);
}

Test(api, lists_filter_by_several_fields)
{
    member_token();
    int64_t team = create("/api/v1/teams", "{\"name\":\"Ops\"}");
    int64_t theme = create("/api/v1/themes", "{\"title\":\"Grow\"}");
    int64_t q1 = new_cycle("Q1"), q2 = new_cycle("Q2");
    const char *bo = fmt("\"owner_user_id\":%lld", (long long)T.member_id);
    int64_t o1 = new_objective(q1, fmt("\"theme_id\":%lld", (long long)theme)); /* company */
    int64_t o2 = new_objective(q1, bo);
    int64_t o3 = new_objective(q1, fmt("\"owner_team_id\":%lld", (long long)team));
    int64_t o4 = new_objective(q2, fmt("%s,\"state\":\"draft\"", bo));
    int64_t kr = new_kr(o1, NULL);
    int64_t o5 = new_objective(q1, fmt("%s,\"parent_kr_id\":%lld", bo, (long long)kr));
    int64_t o6 = new_objective(q1, fmt("\"parent_objective_id\":%lld", (long long)o3));
    (void)o6;
    cr_assert_str_eq(list(fmt("/api/v1/objectives?cycle=%lld", (long long)q2)),
                     fmt("%lld", (long long)o4));
    cr_assert_str_eq(list(fmt("/api/v1/objectives?owner=user:%lld", (long long)T.member_id)),
                     fmt("%lld,%lld,%lld", (long long)o2, (long long)o4, (long long)o5));
    cr_assert_str_eq(list(fmt("/api/v1/objectives?cycle=%lld&owner=user:%lld", (long long)q1,
                              (long long)T.member_id)),
                     fmt("%lld,%lld", (long long)o2, (long long)o5));
    cr_assert_str_eq(list(fmt("/api/v1/objectives?owner=team:%lld", (long long)team)),
                     fmt("%lld", (long long)o3));
    cr_assert_str_eq(list(fmt("/api/v1/objectives?team=%lld", (long long)team)),
                     fmt("%lld", (long long)o3));
    cr_assert_str_eq(list("/api/v1/objectives?owner=company&parent=none"),
                     fmt("%lld", (long long)o1));
    cr_assert_str_eq(list(fmt("/api/v1/objectives?owner=company&cycle=%lld", (long long)q1)),
                     fmt("%lld,%lld", (long long)o1, (long long)o6));
    cr_assert_str_eq(list("/api/v1/objectives?state=draft"), fmt("%lld", (long long)o4));
    cr_assert_str_eq(list(fmt("/api/v1/objectives?parent=kr:%lld", (long long)kr)),
                     fmt("%lld", (long long)o5));
    cr_assert_str_eq(list(fmt("/api/v1/objectives?parent=objective:%lld", (long long)o3)),
                     fmt("%lld", (long long)o6));
    cr_assert_str_eq(list(fmt("/api/v1/objectives?theme=%lld&state=active", (long long)theme)),
                     fmt("%lld", (long long)o1));
    cr_assert_str_eq(list(fmt("/api/v1/key-results?cycle=%lld", (long long)q1)),
                     fmt("%lld", (long long)kr));
    cr_assert_str_eq(list(fmt("/api/v1/key-results?cycle=%lld", (long long)q2)), "");
    cr_assert_str_eq(list("/api/v1/cycles?state=planning"),
                     fmt("%lld,%lld", (long long)q1, (long long)q2));
    cr_assert_str_eq(list("/api/v1/users?role=member"), fmt("%lld", (long long)T.member_id));
    expect_problem(call("GET", "/api/v1/objectives?colour=red", NULL), 422, "colour");
    expect_problem(call("GET", "/api/v1/objectives?state=done", NULL), 422, "state");
    expect_problem(call("GET", "/api/v1/objectives?owner=someone", NULL), 422, "owner");
    expect_problem(call("GET", "/api/v1/key-results?owner=team:1", NULL), 422, "owner");
    expect_problem(call("GET", "/api/v1/objectives?cycle=abc", NULL), 422, "cycle");
    expect_problem(call("GET", "/api/v1/users?active=yes", NULL), 422, "active");
}

/* Seeds n objectives into cycle of Acme straight through the store (one transaction: fast),
 * every `every`-th a draft; returns the drafts' ids as "a,b,c". */
static const char *seed_objectives(int64_t cycle, int n, int every)
{
    static char drafts[1024];
    size_t d = 0;
    drafts[0] = '\0';
    struct store *st;
    struct arena a;
    struct err err = {0};
    cr_assert_eq(store_open(T.db, &st, &err), ERR_OK, "%s", err.msg);
    arena_init(&a, 0);
    cr_assert_eq(store_begin(st, true, &err), ERR_OK, "%s", err.msg);
    for (int i = 0; i < n; i++) {
        struct objective o;
        meta_init(&entity_objective, &o);
        svc_defaults(&entity_objective, &o);
        o.tenant_id = 1;
        o.cycle_id = cycle;
        o.title = "Seeded";
        o.state = i % every == every - 1 ? OBJ_DRAFT : OBJ_ACTIVE;
        o.created = o.updated = fixed_now;
        o.version = 1;
        cr_assert_eq(store_insert(st, &entity_objective, &o, &err), ERR_OK, "%s", err.msg);
        if (o.state == OBJ_DRAFT) {
            d += (size_t)snprintf(drafts + d, sizeof drafts - d, "%s%lld", d ? "," : "",
                                  (long long)o.id);
        }
    }
    cr_assert_eq(store_commit(st, &err), ERR_OK, "%s", err.msg);
    arena_free(&a);
    store_close(st);
    return drafts;
}

/* Follows next_cursor from path (which has a query string) to the end; the ids of every page,
 * joined; *pages gets the number of pages. */
static const char *all_pages(const char *path, int *pages)
{
    static char got[1024];
    size_t g = 0;
    got[0] = '\0';
    const char *next_path = path;
    for (*pages = 0;; ++*pages) {
        struct reply *r = call("GET", next_path, NULL);
        expect(r, 200);
        const char *ids = ids_of(r);
        g += (size_t)snprintf(got + g, sizeof got - g, "%s%s", g && *ids ? "," : "", ids);
        json_t *next = member(r->json, "next_cursor");
        if (json_is_null(next)) {
            ++*pages;
            return got;
        }
        next_path = fmt("%s&after=%s", path, json_string_value(next));
    }
}

Test(api, filtered_pages_read_further_batches_until_full)
{
    int64_t q1 = new_cycle("Q1"), q2 = new_cycle("Q2");
    /* 700 objectives, every 50th a draft: the drafts are spread over several store batches. */
    seed_objectives(q2, 30, 3);
    const char *want = seed_objectives(q1, 700, 50);
    int pages;
    const char *got =
        all_pages(fmt("/api/v1/objectives?cycle=%lld&state=draft&limit=5", (long long)q1), &pages);
    cr_assert_str_eq(got, want);
    cr_assert_eq(pages, 3); /* 14 drafts: 5 + 5 + 4 */
    /* The same through a member, whose pages also pass the visibility policy. */
    const char *bo = member_token();
    struct reply *r = as(
        bo, "GET", fmt("/api/v1/objectives?cycle=%lld&state=draft&limit=500", (long long)q1), NULL);
    expect(r, 200);
    cr_assert_str_eq(ids_of(r), want);
    cr_assert(json_is_null(member(r->json, "next_cursor")));
}

Test(api, members_see_only_what_they_may)
{
    const char *bo = member_token();
    int64_t cycle = new_cycle("Q1");
    int64_t open = new_objective(cycle, NULL);
    int64_t secret = new_objective(
        cycle, fmt("\"owner_user_id\":%lld,\"visibility\":\"private\"", (long long)T.admin_id));
    new_kr(secret, NULL);
    struct reply *r = as(bo, "GET", "/api/v1/objectives", NULL);
    expect(r, 200);
    cr_assert_str_eq(ids_of(r), fmt("%lld", (long long)open));
    expect_problem(as(bo, "GET", fmt("/api/v1/objectives/%lld", (long long)secret), NULL), 404,
                   NULL);
    r = as(bo, "GET", "/api/v1/key-results", NULL);
    cr_assert_str_eq(ids_of(r), "");
    /* Admin-only records are the policy's: 403 for members, whatever the route. */
    expect_problem(as(bo, "POST", "/api/v1/users", "{\"name\":\"Z\",\"email\":\"z@acme.test\"}"),
                   403, NULL);
    expect_problem(as(bo, "POST", "/api/v1/cycles",
                      "{\"name\":\"Q9\",\"start\":\"2025-01-01\",\"end\":\"2025-03-31\"}"),
                   403, NULL);
    expect_problem(
        as(bo, "PATCH", fmt("/api/v1/cycles/%lld", (long long)cycle), "{\"name\":\"mine\"}"), 403,
        NULL);
    expect_problem(as(bo, "POST", fmt("/api/v1/cycles/%lld/activate", (long long)cycle), NULL), 403,
                   NULL);
    expect_problem(as(bo, "PATCH", "/api/v1/tenant", "{\"name\":\"Bo Inc\"}"), 403, NULL);
    expect_problem(as(bo, "GET", "/api/v1/export", NULL), 403, NULL);
    expect_problem(as(bo, "POST", "/api/v1/import", "{}"), 403, NULL);
    /* Their own objective is theirs to write. */
    int64_t own = create_as(bo, "/api/v1/objectives",
                            fmt("{\"cycle_id\":%lld,\"title\":\"Mine\",\"owner_user_id\":%lld}",
                                (long long)cycle, (long long)T.member_id));
    expect(as(bo, "PATCH", fmt("/api/v1/objectives/%lld", (long long)own), "{\"title\":\"Ok\"}"),
           200);
    expect_problem(as(NULL, "GET", "/api/v1/objectives", NULL), 401, NULL);
}

Test(api, cookie_writes_need_the_csrf_token)
{
    const char *body = "{\"name\":\"Q1\",\"start\":\"2025-01-01\",\"end\":\"2025-03-31\"}";
    struct reply *r =
        raw_n("POST", "/api/v1/cycles",
              fmt("Cookie: %s\r\nOrigin: http://127.0.0.1:%u\r\n", T.cookie, (unsigned)T.port),
              body, strlen(body));
    expect_problem(r, 403, NULL);
    r = raw_n("POST", "/api/v1/cycles", cookie_headers(T.cookie, T.csrf), body, strlen(body));
    expect(r, 201);
    r = raw_n("GET", "/api/v1/cycles", fmt("Cookie: %s\r\n", T.cookie), NULL, 0);
    expect(r, 200);
}

/* ---- objectives, key results and the rhythm ---- */

Test(api, objective_includes_key_results_and_progress)
{
    int64_t cycle = new_cycle("Q1");
    int64_t obj = new_objective(cycle, NULL);
    int64_t k1 = new_kr(obj, "\"current\":5");
    int64_t k2 = create("/api/v1/key-results",
                        fmt("{\"objective_id\":%lld,\"title\":\"Ship it\",\"type\":\"milestone\","
                            "\"current\":1}",
                            (long long)obj));
    struct reply *r = call("GET", fmt("/api/v1/objectives/%lld", (long long)obj), NULL);
    expect(r, 200);
    char etag[32];
    cr_assert_str_eq(header_copy(r, "ETag", etag, sizeof etag), "\"1\"");
    cr_assert_float_eq(jnum(r->json, "progress"), 0.75, 1e-9);
    json_t *krs = member(r->json, "key_results");
    cr_assert_eq(json_array_size(krs), 2);
    cr_assert_eq(jint(json_array_get(krs, 0), "id"), k1);
    cr_assert_float_eq(jnum(json_array_get(krs, 0), "progress"), 0.5, 1e-9);
    cr_assert_eq(jint(json_array_get(krs, 1), "id"), k2);
    cr_assert_float_eq(jnum(json_array_get(krs, 1), "target"), 1, 1e-9); /* milestone default */
    cr_assert_float_eq(jnum(json_array_get(krs, 1), "progress"), 1, 1e-9);
    r = call("GET", fmt("/api/v1/key-results/%lld", (long long)k1), NULL);
    cr_assert_float_eq(jnum(r->json, "progress"), 0.5, 1e-9);
    /* A key result's current value starts at its start, as in the CLI. */
    int64_t k3 = create(
        "/api/v1/key-results",
        fmt("{\"objective_id\":%lld,\"title\":\"More\",\"start\":4,\"target\":8}", (long long)obj));
    r = call("GET", fmt("/api/v1/key-results/%lld", (long long)k3), NULL);
    cr_assert_float_eq(jnum(r->json, "current"), 4, 1e-9);
    cr_assert(json_is_null(member(r->json, "due")));
    cr_assert(json_is_null(member(r->json, "weight")));
}

/* A milestone's check-in says how far it is, 0 to 1: 50 (meant as 50%) read as reached. */
Test(api, a_milestone_checks_in_from_0_to_1)
{
    int64_t cycle = new_active_cycle("Q1");
    int64_t obj = new_objective(cycle, NULL);
    int64_t ms = create("/api/v1/key-results",
                        fmt("{\"objective_id\":%lld,\"title\":\"Ship SSO\",\"type\":\"milestone\","
                            "\"due\":\"2026-12-15\"}",
                            (long long)obj));
    const char *path = fmt("/api/v1/key-results/%lld/checkins", (long long)ms);
    expect_problem(call("POST", path, "{\"value\":50}"), 422, "value");
    expect_problem(call("POST", path, "{\"value\":-1}"), 422, "value");
    expect(call("POST", path, "{\"value\":0.5}"), 201);
    struct reply *r = call("GET", fmt("/api/v1/key-results/%lld", (long long)ms), NULL);
    cr_assert_float_eq(jnum(r->json, "current"), 0.5, 1e-9);
    expect(call("POST", path, "{\"value\":1}"), 201);
}

Test(api, checkin_changes_the_key_result)
{
    int64_t cycle = new_active_cycle("Q1");
    int64_t obj = new_objective(cycle, NULL);
    int64_t kr = new_kr(obj, NULL);
    const char *path = fmt("/api/v1/key-results/%lld/checkins", (long long)kr);
    struct reply *r = call("POST", path, "{\"value\":8,\"confidence\":0.9,\"note\":\"good week\"}");
    expect(r, 201);
    cr_assert_eq(jint(r->json, "kr_id"), kr);
    cr_assert_eq(jint(r->json, "author_id"), T.admin_id);
    /* Progress 0.8 against 46 of 90 days expected: on track. */
    cr_assert_str_eq(jstr(r->json, "status"), "on_track");
    r = call("GET", fmt("/api/v1/key-results/%lld", (long long)kr), NULL);
    cr_assert_float_eq(jnum(r->json, "current"), 8, 1e-9);
    cr_assert_float_eq(jnum(r->json, "confidence"), 0.9, 1e-9);
    cr_assert_float_eq(jnum(r->json, "progress"), 0.8, 1e-9);
    r = call("POST", path, "{\"value\":1,\"status\":\"at_risk\"}");
    expect(r, 201);
    cr_assert_str_eq(jstr(r->json, "status"), "at_risk");
    /* No confidence said: the key result's stays (it was reset to 0.5). */
    cr_assert_float_eq(jnum(r->json, "confidence"), 0.9, 1e-9);
    r = call("GET", fmt("/api/v1/key-results/%lld", (long long)kr), NULL);
    cr_assert_float_eq(jnum(r->json, "confidence"), 0.9, 1e-9);
    r = call("GET", path, NULL);
    expect(r, 200);
    cr_assert_eq(json_array_size(member(r->json, "items")), 2);
    cr_assert_float_eq(jnum(json_array_get(member(r->json, "items"), 1), "value"), 1, 1e-9);
    expect_problem(call("POST", path, "{\"confidence\":0.5}"), 422, "value");
    expect_problem(call("POST", path, "{\"value\":2,\"kr_id\":1}"), 422, "kr_id");
    expect_problem(call("POST", path, "{\"value\":2,\"confidence\":3}"), 422, "confidence");
    expect_problem(call("POST", path, "{\"value\":2,\"at\":\"2025-01-01T00:00:00Z\"}"), 422, "at");
}

/* Group commit: the server's workers commit without waiting for the disk, and a response
 * waits (api_hold) until the WAL is synced after its request's commit. */
Test(api, a_write_is_answered_once_durable)
{
    int64_t cycle = new_active_cycle("Q1");
    int64_t kr = new_kr(new_objective(cycle, NULL), NULL);
    char real[PATH_MAX];
    cr_assert_not_null(realpath(T.db, real));
    struct sqlite_gate *g = sqlite_gate_of(real);
    for (int i = 0; i < 5; i++) {
        expect(
            call("POST", fmt("/api/v1/key-results/%lld/checkins", (long long)kr), "{\"value\":3}"),
            201);
        uint64_t commits, durable, syncs;
        sqlite_gate_sync_counts(g, &commits, &durable, &syncs);
        cr_assert_eq(durable, commits, "answered before commit %llu was durable (%llu was)",
                     (unsigned long long)commits, (unsigned long long)durable);
    }
}

Test(api, take_on_accept_creates_the_aligned_draft)
{
    const char *bo = member_token();
    int64_t cycle = new_active_cycle("Q1");
    int64_t obj = new_objective(cycle, NULL);
    int64_t kr = create("/api/v1/key-results",
                        fmt("{\"objective_id\":%lld,\"title\":\"Halve churn\",\"start\":10,"
                            "\"target\":5,\"direction\":\"decrease\"}",
                            (long long)obj));
    const char *ask = fmt("{\"to_user_id\":%lld,\"kr_id\":%lld,\"message\":\"Yours?\"}",
                          (long long)T.member_id, (long long)kr);
    struct reply *r = call("POST", "/api/v1/take-on-requests", ask);
    expect(r, 201);
    int64_t req = jint(r->json, "id");
    cr_assert_str_eq(jstr(r->json, "state"), "pending");
    cr_assert_eq(jint(r->json, "from_user_id"), T.admin_id);
    expect_problem(call("POST", "/api/v1/take-on-requests",
                        fmt("{\"to_user_id\":%lld,\"kr_id\":%lld,\"from_user_id\":%lld}",
                            (long long)T.member_id, (long long)kr, (long long)T.member_id)),
                   422, "from_user_id");
    /* Only the person asked accepts. */
    const char *accept = fmt("/api/v1/take-on-requests/%lld/accept", (long long)req);
    expect_problem(as(other_token(), "POST", accept, NULL), 404, NULL);
    r = as(bo, "POST", accept, NULL);
    expect(r, 201);
    int64_t draft = jint(r->json, "id");
    char loc[64];
    cr_assert_str_eq(header_copy(r, "Location", loc, sizeof loc),
                     fmt("/api/v1/objectives/%lld", (long long)draft));
    cr_assert_str_eq(jstr(r->json, "state"), "draft");
    cr_assert_str_eq(jstr(r->json, "title"), "Halve churn");
    cr_assert_eq(jint(r->json, "owner_user_id"), T.member_id);
    cr_assert_eq(jint(r->json, "parent_kr_id"), kr);
    cr_assert_eq(jint(r->json, "cycle_id"), cycle);
    r = call("GET", fmt("/api/v1/take-on-requests/%lld", (long long)req), NULL);
    cr_assert_str_eq(jstr(r->json, "state"), "accepted");
    cr_assert_eq(jint(r->json, "result_objective_id"), draft);
    expect_problem(as(bo, "POST", accept, NULL), 409, "state");
    r = call("GET", fmt("/api/v1/objectives?parent=kr:%lld", (long long)kr), NULL);
    cr_assert_str_eq(ids_of(r), fmt("%lld", (long long)draft));

    /* Decline with a reason; withdraw by the sender. */
    int64_t second = jint(call("POST", "/api/v1/take-on-requests", ask)->json, "id");
    const char *decline = fmt("/api/v1/take-on-requests/%lld/decline", (long long)second);
    expect_problem(as(bo, "POST", decline, "{}"), 422, "reason");
    expect_problem(as(bo, "POST", decline, "{\"reason\":7}"), 422, "reason");
    r = as(bo, "POST", decline, "{\"reason\":\"Not this quarter\"}");
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "state"), "declined");
    cr_assert_str_eq(jstr(r->json, "reason"), "Not this quarter");
    int64_t third = jint(call("POST", "/api/v1/take-on-requests", ask)->json, "id");
    const char *withdraw = fmt("/api/v1/take-on-requests/%lld/withdraw", (long long)third);
    expect_problem(as(bo, "POST", withdraw, NULL), 403, NULL);
    expect_problem(call("POST", withdraw, "{\"why\":1}"), 422, "why");
    r = call("POST", withdraw, NULL);
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "state"), "withdrawn");
    r = as(bo, "GET", fmt("/api/v1/take-on-requests?to=%lld&state=pending", (long long)T.member_id),
           NULL);
    cr_assert_str_eq(ids_of(r), "");
    r = as(bo, "GET", "/api/v1/take-on-requests?state=declined", NULL);
    cr_assert_str_eq(ids_of(r), fmt("%lld", (long long)second));
}

Test(api, score_grade_and_close)
{
    int64_t cycle = new_active_cycle("Q1");
    int64_t a = new_objective(cycle, NULL);
    int64_t b = new_objective(cycle, "\"kind\":\"aspirational\"");
    new_kr(a, NULL);
    struct reply *note =
        call("POST", "/api/v1/comments",
             fmt("{\"objective_id\":%lld,\"body\":\"Before the close\"}", (long long)a));
    expect(note, 201);
    const char *comment = fmt("/api/v1/comments/%lld", (long long)jint(note->json, "id"));
    const char *score_a = fmt("/api/v1/objectives/%lld/score", (long long)a);
    struct reply *r = call("POST", score_a, "{\"which\":\"final\",\"score\":0.7,\"note\":\"ok\"}");
    expect(r, 200);
    cr_assert_float_eq(jnum(r->json, "final_score"), 0.7, 1e-9);
    cr_assert_str_eq(jstr(r->json, "postmortem"), "ok");
    cr_assert(json_is_array(member(r->json, "key_results")));
    expect_problem(call("POST", score_a, "{\"which\":\"final\",\"score\":1.5}"), 422, NULL);
    expect_problem(call("POST", score_a, "{\"which\":\"best\",\"score\":0.5}"), 422, "which");
    expect_problem(call("POST", score_a, "{\"which\":\"self\"}"), 422, "score");
    expect_problem(call("POST", score_a, "{\"which\":\"self\",\"score\":\"high\"}"), 422, "score");
    /* A committed objective under 1.0 comes with its post-mortem, or finds one: a written one
     * ("ok") stands for a later score too. */
    int64_t c_obj = new_objective(cycle, NULL);
    expect_problem(call("POST", fmt("/api/v1/objectives/%lld/score", (long long)c_obj),
                        "{\"which\":\"manager\",\"score\":0.5}"),
                   422, "postmortem");
    expect(call("POST", fmt("/api/v1/objectives/%lld/score", (long long)c_obj),
                "{\"which\":\"manager\",\"score\":0.5,\"note\":\"late supplier\"}"),
           200);
    /* A score honours If-Match as a PATCH does: a stale one writes nothing. */
    int64_t version = jint(r->json, "version");
    const char *body = "{\"which\":\"final\",\"score\":0.2}";
    for (int64_t v = version - 1; v <= version; v++) {
        r = raw_n("POST", score_a,
                  fmt("Authorization: Bearer %s\r\nIf-Match: \"%lld\"\r\nContent-Type: "
                      "application/json\r\n",
                      T.admin, (long long)v),
                  body, strlen(body));
        if (v < version) {
            expect_problem(r, 412, "version");
        }
    }
    expect(r, 200);
    cr_assert_float_eq(jnum(r->json, "final_score"), 0.2, 1e-9);
    const char *c = fmt("/api/v1/cycles/%lld", (long long)cycle);
    r = call("POST", fmt("%s/grade", c), NULL);
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "state"), "grading");
    r = call("POST", fmt("%s/reopen", c), NULL);
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "state"), "active");
    cr_assert_eq(jint(r->json, "version"), 4); /* activate, grade, reopen */
    expect(call("POST", fmt("%s/grade", c), NULL), 200);
    /* A score is talked over while grading: comments are taken until the cycle closes. */
    expect(call("POST", "/api/v1/comments",
                fmt("{\"objective_id\":%lld,\"body\":\"Why 0.2?\"}", (long long)a)),
           201);
    /* b has no score at all: the cycle cannot close. */
    expect_problem(call("POST", fmt("%s/close", c), NULL), 409, "final_score");
    expect(call("POST", fmt("/api/v1/objectives/%lld/score", (long long)b),
                "{\"which\":\"self\",\"score\":0.4}"),
           200);
    r = call("POST", fmt("%s/close", c), NULL);
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "state"), "closed");
    r = call("GET", fmt("/api/v1/objectives/%lld", (long long)b), NULL);
    cr_assert_float_eq(jnum(r->json, "final_score"), 0.4, 1e-9); /* filled from the self score */
    expect_problem(call("POST", score_a, "{\"which\":\"final\",\"score\":0.2}"), 409, "cycle");
    expect_problem(call("POST", fmt("%s/reopen", c), NULL), 409, "state");
    expect_problem(call("DELETE", comment, NULL), 409, "cycle"); /* a closed cycle keeps all */
    expect_problem(call("POST", "/api/v1/comments",
                        fmt("{\"objective_id\":%lld,\"body\":\"Late\"}", (long long)a)),
                   409, "cycle");
    expect(call("GET", comment, NULL), 200);
}

Test(api, weights_are_set_together)
{
    int64_t cycle = new_cycle("Q1");
    int64_t obj = new_objective(cycle, NULL);
    int64_t k1 = new_kr(obj, NULL), k2 = new_kr(obj, NULL);
    const char *path = fmt("/api/v1/objectives/%lld/weights", (long long)obj);
    struct reply *r = call("POST", path, "{\"weights\":[0.25,0.75]}");
    expect(r, 200);
    json_t *krs = member(r->json, "key_results");
    cr_assert_eq(jint(json_array_get(krs, 0), "id"), k1);
    cr_assert_float_eq(jnum(json_array_get(krs, 0), "weight"), 0.25, 1e-9);
    cr_assert_eq(jint(json_array_get(krs, 1), "id"), k2);
    cr_assert_float_eq(jnum(json_array_get(krs, 1), "weight"), 0.75, 1e-9);
    expect_problem(call("POST", path, "{\"weights\":[1]}"), 422, "weight");
    expect_problem(call("POST", path, "{\"weights\":[0.5,0.6]}"), 422, "weight");
    expect_problem(call("POST", path, "{\"weights\":[0.5,\"x\"]}"), 422, "weights");
    expect_problem(call("POST", path, "{\"weights\":0.5}"), 422, "weights");
    expect_problem(call("POST", path, "{}"), 422, "weights");
}

Test(api, tree_nests_as_the_cli_does)
{
    int64_t team = create("/api/v1/teams", "{\"name\":\"Ops\"}");
    int64_t theme =
        create("/api/v1/themes",
               "{\"title\":\"Grow revenue\",\"source\":\"market\",\"horizon\":\"long\"}");
    int64_t cycle = new_active_cycle("Q1");
    int64_t top = new_objective(cycle, fmt("\"theme_id\":%lld", (long long)theme));
    int64_t kr = new_kr(top, "\"current\":5");
    int64_t child = new_objective(
        cycle, fmt("\"owner_team_id\":%lld,\"parent_kr_id\":%lld", (long long)team, (long long)kr));
    int64_t orphan = new_objective(cycle, NULL);
    expect(call("PATCH", "/api/v1/tenant", "{\"mission\":\"Make work count\"}"), 200);
    struct reply *r = call("GET", fmt("/api/v1/cycles/%lld/tree", (long long)cycle), NULL);
    expect(r, 200);
    cr_assert_eq(jint(member(r->json, "cycle"), "id"), cycle);
    cr_assert_str_eq(jstr(r->json, "mission"), "Make work count");
    cr_assert_float_eq(jnum(r->json, "expected_progress"), 46.0 / 90.0, 1e-9);
    json_t *th = json_array_get(member(r->json, "themes"), 0);
    cr_assert_str_eq(jstr(th, "source"), "market");
    json_t *o = json_array_get(member(th, "objectives"), 0);
    cr_assert_eq(jint(o, "id"), top);
    cr_assert(json_is_true(member(member(o, "owner"), "company")));
    cr_assert_float_eq(jnum(o, "progress"), 0.5, 1e-9);
    json_t *k = json_array_get(member(o, "key_results"), 0);
    cr_assert_eq(jint(k, "id"), kr);
    json_t *c = json_array_get(member(k, "children"), 0);
    cr_assert_eq(jint(c, "id"), child);
    cr_assert_eq(jint(member(c, "owner"), "team"), team);
    json_t *unlinked = member(r->json, "unlinked");
    cr_assert_eq(json_array_size(unlinked), 1);
    cr_assert_eq(jint(json_array_get(unlinked, 0), "id"), orphan);
    r = call("GET", fmt("/api/v1/cycles/%lld/tree?depth=1", (long long)cycle), NULL);
    expect(r, 200);
    o = json_array_get(member(json_array_get(member(r->json, "themes"), 0), "objectives"), 0);
    k = json_array_get(member(o, "key_results"), 0);
    cr_assert_eq(json_array_size(member(k, "children")), 1);
    expect_problem(call("GET", fmt("/api/v1/cycles/%lld/tree?depth=0", (long long)cycle), NULL),
                   422, "depth");
    expect_problem(call("GET", fmt("/api/v1/cycles/%lld/tree?x=1", (long long)cycle), NULL), 422,
                   "x");
}

/* The ids of every objective anywhere in a tree document. */
static void tree_ids(json_t *node, int64_t *ids, size_t *n)
{
    if (json_is_array(node)) {
        for (size_t i = 0; i < json_array_size(node); i++) {
            tree_ids(json_array_get(node, i), ids, n);
        }
        return;
    }
    if (!json_is_object(node)) {
        return;
    }
    if (json_object_get(node, "owner")) { /* an objective */
        ids[(*n)++] = json_integer_value(json_object_get(node, "id"));
    }
    const char *key;
    json_t *v;
    json_object_foreach(node, key, v)
    {
        tree_ids(v, ids, n);
    }
}

/* Those ids sorted, as ",1,5,9,". */
static const char *tree_id_list(json_t *doc)
{
    int64_t ids[64];
    size_t n = 0;
    tree_ids(doc, ids, &n);
    const char *out = fmt(",");
    for (size_t i = 0; i < n; i++) { /* few: insertion order is the tree's; sort for the test */
        for (size_t j = i + 1; j < n; j++) {
            if (ids[j] < ids[i]) {
                int64_t t = ids[i];
                ids[i] = ids[j];
                ids[j] = t;
            }
        }
        out = fmt("%s%lld,", out, (long long)ids[i]);
    }
    return out;
}

Test(api, tree_of_one_team)
{
    member_token(); /* creates the member (T.member_id) */
    int64_t ops = create("/api/v1/teams", "{\"name\":\"Ops\"}");
    int64_t east = create("/api/v1/teams", fmt("{\"name\":\"East\",\"parent_id\":%lld}", (long long)ops));
    int64_t sales = create("/api/v1/teams", "{\"name\":\"Sales\"}");
    expect(call("POST", fmt("/api/v1/teams/%lld/members", (long long)east),
                fmt("{\"user_id\":%lld}", (long long)T.member_id)),
           201);
    int64_t theme = create("/api/v1/themes", "{\"title\":\"Run well\",\"source\":\"business\","
                                             "\"horizon\":\"short\"}");
    int64_t cycle = new_active_cycle("Q1"), later = new_cycle("Q2");
    int64_t top = new_objective(cycle, fmt("\"theme_id\":%lld", (long long)theme));
    int64_t top_kr = new_kr(top, NULL);
    int64_t team_o = new_objective(cycle, fmt("\"owner_team_id\":%lld,\"parent_kr_id\":%lld",
                                              (long long)ops, (long long)top_kr));
    int64_t mine = new_objective(cycle, fmt("\"owner_user_id\":%lld,\"parent_objective_id\":%lld",
                                            (long long)T.member_id, (long long)team_o));
    new_kr(mine, NULL);
    int64_t sales_o = new_objective(cycle, fmt("\"owner_team_id\":%lld", (long long)sales));
    new_objective(later, fmt("\"owner_user_id\":%lld", (long long)T.member_id));

    /* The whole cycle, for comparison; then Ops with its sub-team East and East's member. */
    struct reply *r = call("GET", fmt("/api/v1/cycles/%lld/tree", (long long)cycle), NULL);
    expect(r, 200);
    cr_assert_str_eq(tree_id_list(r->json), fmt(",%lld,%lld,%lld,%lld,", (long long)top,
                                                (long long)team_o, (long long)mine,
                                                (long long)sales_o));
    r = call("GET", fmt("/api/v1/cycles/%lld/tree?team=%lld", (long long)cycle, (long long)ops),
             NULL);
    expect(r, 200);
    cr_assert_str_eq(tree_id_list(r->json),
                     fmt(",%lld,%lld,", (long long)team_o, (long long)mine));
    json_t *elsewhere = member(r->json, "aligned_elsewhere");
    cr_assert_eq(json_array_size(elsewhere), 1, "the team's objective, aligned to the company");
    json_t *o = json_array_get(elsewhere, 0);
    cr_assert_eq(jint(o, "id"), team_o);
    cr_assert_eq(jint(json_array_get(member(o, "children"), 0), "id"), mine);
    cr_assert_eq(json_array_size(member(r->json, "unlinked")), 0);
    r = call("GET", fmt("/api/v1/cycles/%lld/tree?team=%lld", (long long)cycle, (long long)east),
             NULL);
    expect(r, 200);
    cr_assert_str_eq(tree_id_list(r->json), fmt(",%lld,", (long long)mine));
    expect_problem(call("GET", fmt("/api/v1/cycles/%lld/tree?team=999999", (long long)cycle), NULL),
                   404, "team");
    expect_problem(call("GET", fmt("/api/v1/cycles/%lld/tree?team=x", (long long)cycle), NULL),
                   422, "team");
}

Test(api, team_members)
{
    const char *bo = member_token();
    int64_t team = create("/api/v1/teams", "{\"name\":\"Ops\"}");
    const char *path = fmt("/api/v1/teams/%lld/members", (long long)team);
    struct reply *r = call("POST", path, fmt("{\"user_id\":%lld}", (long long)T.member_id));
    expect(r, 201);
    cr_assert_eq(jint(r->json, "user_id"), T.member_id);
    cr_assert_eq(jint(r->json, "team_id"), team);
    r = as(bo, "GET", path, NULL);
    expect(r, 200);
    json_t *items = member(r->json, "items");
    cr_assert_eq(json_array_size(items), 1);
    cr_assert_eq(jint(json_array_get(items, 0), "user_id"), T.member_id);
    expect_problem(call("POST", path, "{\"user_id\":999}"), 422, "user_id");
    expect_problem(call("POST", path, "{\"user_id\":\"bo\"}"), 422, "user_id");
    expect_problem(call("POST", path, "{}"), 422, "user_id");
    expect_problem(as(bo, "POST", path, fmt("{\"user_id\":%lld}", (long long)T.admin_id)), 403,
                   NULL);
    const char *one = fmt("%s/%lld", path, (long long)T.member_id);
    expect_problem(as(bo, "DELETE", one, NULL), 403, NULL);
    expect(call("DELETE", one, NULL), 204);
    expect_problem(call("DELETE", one, NULL), 404, "user_id");
    r = call("GET", path, NULL);
    cr_assert_eq(json_array_size(member(r->json, "items")), 0);
}

Test(api, kpi_values)
{
    int64_t kpi = create("/api/v1/kpis", fmt("{\"name\":\"Uptime\",\"threshold\":99.5,"
                                             "\"owner_user_id\":%lld}",
                                             (long long)T.admin_id));
    const char *path = fmt("/api/v1/kpis/%lld/values", (long long)kpi);
    struct reply *r = call("POST", path, "{\"value\":99.7,\"on\":\"2025-02-01\"}");
    expect(r, 201);
    cr_assert_str_eq(jstr(r->json, "on"), "2025-02-01");
    r = call("POST", path, "{\"value\":99.1}");
    expect(r, 201);
    cr_assert_str_eq(jstr(r->json, "on"), "2025-02-15"); /* today, by the server's clock */
    r = call("GET", path, NULL);
    expect(r, 200);
    json_t *items = member(r->json, "items");
    cr_assert_eq(json_array_size(items), 2);
    cr_assert_float_eq(jnum(json_array_get(items, 0), "value"), 99.7, 1e-9);
    expect_problem(call("POST", path, "{\"on\":\"2025-02-01\"}"), 422, "value");
    expect_problem(call("POST", path, "{\"value\":1,\"kpi_id\":2}"), 422, "kpi_id");
    expect_problem(call("POST", path, "{\"value\":1,\"on\":\"yesterday\"}"), 422, "on");
    expect_problem(as(member_token(), "POST", path, "{\"value\":1}"), 403, NULL);
}

Test(api, comments_are_written_now_by_the_caller)
{
    int64_t cycle = new_cycle("Q1");
    int64_t obj = new_objective(cycle, NULL);
    struct reply *r = call("POST", "/api/v1/comments",
                           fmt("{\"objective_id\":%lld,\"body\":\"Great start\"}", (long long)obj));
    expect(r, 201);
    cr_assert_eq(jint(r->json, "author_id"), T.admin_id);
    cr_assert_str_eq(jstr(r->json, "at"), "2025-02-15T12:00:00Z");
    r = call("GET", fmt("/api/v1/comments?objective=%lld", (long long)obj), NULL);
    cr_assert_eq(json_array_size(member(r->json, "items")), 1);
    expect_problem(call("POST", "/api/v1/comments", "{\"body\":\"Nowhere\"}"), 422, "target");
}

/* ---- the company ---- */

Test(api, tenant_settings)
{
    struct reply *r = call("GET", "/api/v1/tenant", NULL);
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "name"), "Acme");
    char etag[32];
    cr_assert(header_copy(r, "ETag", etag, sizeof etag));
    r = patch_if("/api/v1/tenant", etag,
                 "{\"vision\":\"Every team knows why\",\"rollup_children\":true}");
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "vision"), "Every team knows why");
    cr_assert(json_is_true(member(r->json, "rollup_children")));
    cr_assert_str_eq(jstr(r->json, "name"), "Acme");
    r = patch_if("/api/v1/tenant", etag, "{\"vision\":\"lost\"}");
    expect_problem(r, 412, NULL);
    r = patch_if("/api/v1/tenant", "\"abc\"", "{\"vision\":\"x\"}");
    expect_problem(r, 412, NULL);
    expect_problem(call("PATCH", "/api/v1/tenant", "{\"id\":2}"), 422, "id");
    expect_problem(call("PATCH", "/api/v1/tenant", "{\"name\":\"\"}"), 422, "name");
    expect_problem(call("PATCH", "/api/v1/tenant", "{\"rollup_children\":1}"), 422,
                   "rollup_children");
}

Test(api, export_import_round_trip)
{
    int64_t theme = create("/api/v1/themes", "{\"title\":\"Grow\",\"source\":\"market\"}");
    int64_t cycle = new_active_cycle("Q1");
    int64_t obj = new_objective(cycle, fmt("\"theme_id\":%lld", (long long)theme));
    int64_t kr = new_kr(obj, NULL);
    expect(call("POST", fmt("/api/v1/key-results/%lld/checkins", (long long)kr), "{\"value\":3}"),
           201);
    struct reply *r = call("GET", "/api/v1/export", NULL);
    expect(r, 200);
    cr_assert_str_eq(jstr(r->json, "format"), "okr");
    cr_assert_eq(json_array_size(member(r->json, "objectives")), 1);
    char *doc = strdup(r->body);
    size_t len = r->len;
    r = raw_n("POST", "/api/v1/import",
              fmt("Authorization: Bearer %s\r\nContent-Type: application/json\r\n", T.admin), doc,
              len);
    expect(r, 201);
    int64_t tenant = jint(r->json, "tenant_id");
    cr_assert_neq(tenant, 1);
    /* The imported company exports byte for byte as the original did. */
    struct store *st;
    struct err err = {0};
    cr_assert_eq(store_open(T.db, &st, &err), ERR_OK);
    struct arena a;
    arena_init(&a, 0);
    struct svc s = {
        .st = st, .a = &a, .tenant_id = tenant, .actor = {.system = true}, .now = fixed_now};
    struct sb out;
    sb_init(&out);
    cr_assert_eq(svc_export(&s, &out, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(out.len, len);
    cr_assert(memcmp(out.p, doc, len) == 0);
    sb_free(&out);
    arena_free(&a);
    store_close(st);
    free(doc);
    /* A bad document is refused whole, naming what is wrong. */
    r = call("POST", "/api/v1/import", "{\"format\":\"okr\",\"version\":99}");
    cr_assert(r->status == 422 || r->status == 400, "%d %s", r->status, r->body);
    cr_assert(json_object_get(r->json, "field"), "%s", r->body);
    /* A body that is not a JSON object is malformed, as on every other route. */
    r = call("POST", "/api/v1/import", "name,email\nAnn,ann@example.com");
    expect_problem(r, 400, NULL);
    cr_assert(strstr(jstr(r->json, "detail"), "not valid JSON"), "%s", r->body);
    expect_problem(call("POST", "/api/v1/import", "[]"), 400, NULL);
    expect(call("GET", "/api/v1/tenant", NULL), 200);
}
