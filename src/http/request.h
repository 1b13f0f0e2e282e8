/* Requests and responses as handlers see them, and the helpers that answer with JSON or with an
 * RFC 9457 problem. Everything a request points at lives until its response has been sent:
 * strings are in the request's arena or in libmicrohttpd's connection memory. Handlers allocate
 * from req->arena and never free. */
#ifndef OKR_HTTP_REQUEST_H
#define OKR_HTTP_REQUEST_H

#include "core/arena.h"
#include "core/err.h"
#include "core/json.h"
#include "core/sb.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct route;

enum {
    HTTP_MAX_QUERY = 64,         /* query parameters; more answers 400 */
    HTTP_MAX_PARAMS = 8,         /* {name} segments per route */
    HTTP_MAX_REQ_HEADERS = 100,  /* request header fields; more answers 431 */
    HTTP_MAX_RESP_HEADERS = 24,  /* headers a handler may add */
    HTTP_MAX_HEADER_VALUE = 4096,
    HTTP_REQUEST_ID_LEN = 16,    /* hex characters */
};

/* A key and a value with their lengths; both also NUL-terminated. value is "" for "?flag". */
struct http_kv {
    const char *key;
    size_t key_len;
    const char *value;
    size_t value_len;
};

struct http_request {
    const char *method; /* as sent: "GET", "POST", ... */
    const char *path;   /* percent-decoded, without the query string */
    struct http_kv query[HTTP_MAX_QUERY];
    size_t nquery;
    struct http_kv params[HTTP_MAX_PARAMS]; /* route parameters, in pattern order */
    size_t nparams;
    const char *body; /* NUL-terminated (the NUL is not counted); "" when there is none */
    size_t body_len;
    char id[HTTP_REQUEST_ID_LEN + 1]; /* http_request_id; in X-Request-Id, problems, the log */
    char client[48];                  /* peer address, "127.0.0.1" or "::1" */
    struct arena *arena;              /* reset after the response has been sent */
    void *worker;                     /* this thread's worker_init() state, or NULL */
    const struct route *route;        /* the matched route (NULL before routing) */
    void *impl;                       /* private to src/http (the libmicrohttpd connection) */
};

struct http_header {
    const char *name;
    const char *value;
};

struct http_response {
    int status;               /* 0 until a handler answers */
    const char *content_type; /* NULL: no Content-Type */
    struct http_header headers[HTTP_MAX_RESP_HEADERS];
    size_t nheaders;
    struct sb body; /* owned by the server; handlers only write to it */
    struct json json; /* the writer http_respond_json hands out */
    struct arena *arena;
};

/* The first value of query parameter key, or NULL. Borrowed from the request. */
const char *http_query(const struct http_request *req, const char *key);
/* The value of request header name (case-insensitive), or NULL. Borrowed from the request. */
const char *http_header(const struct http_request *req, const char *name);
/* The value of cookie name, or NULL. Borrowed from the request. */
const char *http_cookie(const struct http_request *req, const char *name);
/* The value of route parameter name ("id" for "{id}"), or NULL. Borrowed from the request. */
const char *http_param(const struct http_request *req, const char *name);
/* Parses route parameter name as a decimal integer within [min, max] into *out.
 * Returns 0, or -1 (missing, not a number, out of range: *out untouched). */
int http_param_i64(const struct http_request *req, const char *name, int64_t min, int64_t max,
                   int64_t *out);

/* True for GET, HEAD, OPTIONS and TRACE: methods that must not change state. */
bool http_method_safe(const char *method);
/* True when the request's Origin (or, without one, its Referer) names the same host[:port] as its
 * Host header. False when they differ, when Origin is "null", or when neither is present: callers
 * apply it to state-changing, cookie-authenticated requests, where browsers send Origin. */
bool http_same_origin(const struct http_request *req);

/* Adds a response header (name and value are copied into the arena). Returns 0, or -1 and adds
 * nothing when the name is not an HTTP token or is one the server owns (Content-Length,
 * Transfer-Encoding, Connection, X-Request-Id), when the value holds CR, LF or another control
 * byte, or when the list is full. "Content-Type" sets resp->content_type. A header the app sets
 * replaces the server's default of the same name (Content-Security-Policy, Cache-Control...). */
int http_response_header(struct http_response *resp, const char *name, const char *value);

/* Starts a response: sets status and content type, empties the body and returns it for writing.
 * The builder is owned by the response. */
struct sb *http_respond(struct http_response *resp, int status, const char *content_type);
/* Starts a JSON response (application/json) and returns a writer over its body; the caller writes
 * exactly one value. The writer is owned by the response. */
struct json *http_respond_json(struct http_response *resp, int status);
/* Answers with an RFC 9457 application/problem+json document:
 * {"type":"/problems/<type>","title":...,"status":...,"detail":...,"field":...,"request_id":...}
 * type NULL gives "about:blank"; title NULL gives the status' reason phrase; detail and field are
 * left out when NULL. Replaces any body written so far. */
void http_respond_problem(const struct http_request *req, struct http_response *resp, int status,
                          const char *type, const char *title, const char *detail,
                          const char *field);
/* The HTTP status for an error code: the one err -> HTTP table (invalid 422, not_found 404,
 * conflict 409, stale 412, forbidden 403, unauthorized 401, limit 413, usage 400, internal 500). */
int http_status_for_err(enum err_code code);
/* Answers with a problem for e: its code names the type, its message the detail, its field the
 * field. ERR_INTERNAL never shows its message: it is logged with the request id instead. */
void http_respond_err(const struct http_request *req, struct http_response *resp,
                      const struct err *e);

/* Writes a new request id (16 lowercase hex digits) into out: never the same twice in one thread,
 * and unique across threads but for a 2^-64 chance (request_id.c). Not a secret. */
void http_request_id(char out[HTTP_REQUEST_ID_LEN + 1]);

#endif
