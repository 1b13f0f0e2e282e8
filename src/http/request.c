/* Request accessors, response building and the problem (RFC 9457) answers. */
#include "http/request.h"

#include "core/log.h"
#include "core/num.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *http_query(const struct http_request *req, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; i < req->nquery; i++) {
        if (req->query[i].key_len == n && memcmp(req->query[i].key, key, n) == 0) {
            return req->query[i].value;
        }
    }
    return NULL;
}

const char *http_header(const struct http_request *req, const char *name)
{
    if (!req->impl) {
        return NULL;
    }
    return MHD_lookup_connection_value(req->impl, MHD_HEADER_KIND, name);
}

const char *http_cookie(const struct http_request *req, const char *name)
{
    if (!req->impl) {
        return NULL;
    }
    return MHD_lookup_connection_value(req->impl, MHD_COOKIE_KIND, name);
}

const char *http_param(const struct http_request *req, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < req->nparams; i++) {
        if (req->params[i].key_len == n && memcmp(req->params[i].key, name, n) == 0) {
            return req->params[i].value;
        }
    }
    return NULL;
}

int http_param_i64(const struct http_request *req, const char *name, int64_t min, int64_t max,
                   int64_t *out)
{
    const char *v = http_param(req, name);
    if (!v || v[0] == '+') {
        return -1;
    }
    return num_parse_i64(v, min, max, out);
}

bool http_method_safe(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0 ||
           strcmp(method, "OPTIONS") == 0 || strcmp(method, "TRACE") == 0;
}

/* The authority of an absolute http(s) URL: [*start, *start + *len). */
static bool url_authority(const char *url, const char **start, size_t *len)
{
    const char *p;
    if (strncasecmp(url, "http://", 7) == 0) {
        p = url + 7;
    } else if (strncasecmp(url, "https://", 8) == 0) {
        p = url + 8;
    } else {
        return false;
    }
    size_t n = strcspn(p, "/?#");
    if (n == 0 || memchr(p, '@', n)) {
        return false; /* no host, or userinfo: not something a browser sends as an origin */
    }
    *start = p;
    *len = n;
    return true;
}

bool http_same_origin(const struct http_request *req)
{
    const char *host = http_header(req, "Host");
    const char *origin = http_header(req, "Origin");
    const char *source = origin ? origin : http_header(req, "Referer");
    if (!host || !*host || !source) {
        return false;
    }
    const char *auth;
    size_t len;
    if (!url_authority(source, &auth, &len)) {
        return false; /* includes Origin: null */
    }
    if (origin && auth[len] != '\0' && strcmp(auth + len, "/") != 0) {
        return false; /* an Origin is scheme://host[:port] and nothing more */
    }
    return strlen(host) == len && strncasecmp(host, auth, len) == 0;
}

static bool is_tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool header_name_ok(const char *name)
{
    if (!name || !*name || strlen(name) > 64) {
        return false;
    }
    for (const char *p = name; *p; p++) {
        if (!is_tchar(*p)) {
            return false;
        }
    }
    static const char *const owned[] = {"Content-Length", "Transfer-Encoding", "Connection",
                                        "X-Request-Id"};
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++) {
        if (strcasecmp(name, owned[i]) == 0) {
            return false;
        }
    }
    return true;
}

static bool header_value_ok(const char *value)
{
    if (!value || strlen(value) > HTTP_MAX_HEADER_VALUE) {
        return false;
    }
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
            return false; /* CR and LF above all: they would split the header */
        }
    }
    return true;
}

int http_response_header(struct http_response *resp, const char *name, const char *value)
{
    if (!header_name_ok(name) || !header_value_ok(value)) {
        log_msg(LOG_WARN, "http: refused response header %.64s", header_name_ok(name) ? name : "?");
        return -1;
    }
    if (strcasecmp(name, "Content-Type") == 0) {
        resp->content_type = arena_strdup(resp->arena, value);
        return 0;
    }
    if (resp->nheaders == HTTP_MAX_RESP_HEADERS) {
        log_msg(LOG_WARN, "http: too many response headers (%.64s dropped)", name);
        return -1;
    }
    struct http_header *h = &resp->headers[resp->nheaders++];
    h->name = arena_strdup(resp->arena, name);
    h->value = arena_strdup(resp->arena, value);
    return 0;
}

struct sb *http_respond(struct http_response *resp, int status, const char *content_type)
{
    resp->status = status;
    resp->content_type = content_type;
    sb_clear(&resp->body);
    return &resp->body;
}

struct json *http_respond_json(struct http_response *resp, int status)
{
    struct sb *b = http_respond(resp, status, "application/json");
    json_init(&resp->json, b, 0);
    return &resp->json;
}

void http_respond_problem(const struct http_request *req, struct http_response *resp, int status,
                          const char *type, const char *title, const char *detail,
                          const char *field)
{
    struct json *j = http_respond_json(resp, status);
    resp->content_type = "application/problem+json";
    json_obj_open(j);
    json_key(j, "type");
    if (type) {
        char buf[96];
        snprintf(buf, sizeof buf, "/problems/%s", type);
        json_str(j, buf);
    } else {
        json_str(j, "about:blank");
    }
    json_key(j, "title");
    if (!title) {
        title = MHD_get_reason_phrase_for((unsigned)status);
    }
    json_str(j, title && *title ? title : "Error");
    json_key(j, "status");
    json_int(j, status);
    if (detail) {
        json_key(j, "detail");
        json_str(j, detail);
    }
    if (field && *field) {
        json_key(j, "field");
        json_str(j, field);
    }
    json_key(j, "request_id");
    json_str(j, req->id);
    json_obj_close(j);
}

int http_status_for_err(enum err_code code)
{
    switch (code) {
    case ERR_OK:
        return 200;
    case ERR_INVALID:
        return 422;
    case ERR_NOT_FOUND:
        return 404;
    case ERR_CONFLICT:
        return 409;
    case ERR_STALE:
        return 412;
    case ERR_FORBIDDEN:
        return 403;
    case ERR_UNAUTHORIZED:
        return 401;
    case ERR_LIMIT:
        return 413;
    case ERR_TOO_MANY:
        return 429;
    case ERR_USAGE:
        return 400;
    case ERR_INTERNAL:
        return 500;
    }
    return 500;
}

void http_respond_err(const struct http_request *req, struct http_response *resp,
                      const struct err *e)
{
    char type[32];
    snprintf(type, sizeof type, "%s", err_code_name(e->code));
    for (char *p = type; *p; p++) {
        if (*p == '_') {
            *p = '-';
        }
    }
    int status = http_status_for_err(e->code);
    if (e->code == ERR_INTERNAL || e->code == ERR_OK) {
        log_msg(LOG_ERROR, "http: request %s: internal error: %s", req->id, e->msg);
        http_respond_problem(req, resp, 500, "internal", NULL,
                             "Something went wrong on our side; quote the request id.", NULL);
        return;
    }
    http_respond_problem(req, resp, status, type, NULL, e->msg[0] ? e->msg : NULL, e->field);
}
