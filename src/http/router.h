/* Router: the one route table type and the matcher that maps (method, path) to a route.
 * Patterns are absolute paths of '/'-separated segments; a segment is either literal text or a
 * parameter "{name}" that matches one non-empty segment. The most specific match wins (most
 * literal segments; ties go to the earlier entry). The router knows nothing about what a route
 * does: the server interprets ROUTE_PUBLIC, the app's authorize hook the rest. */
#ifndef OKR_HTTP_ROUTER_H
#define OKR_HTTP_ROUTER_H

#include "core/err.h"
#include "core/sb.h"

#include <stddef.h>

struct http_request;
struct http_response;

enum route_flag {
    ROUTE_PUBLIC = 1u << 0, /* no authentication: the authorize hook is not called */
    ROUTE_CSRF = 1u << 1,   /* cookie-authenticated calls must carry a CSRF token (app checks) */
};

/* One entry of the route table. Tables are static data owned by the app and must outlive the
 * server that uses them. */
struct route {
    const char *method;  /* "GET", "POST", ... (HEAD is answered by the GET route) */
    const char *pattern; /* "/api/v1/objectives/{id}" */
    /* Fills resp (status, body, headers) from req. Allocates only from req->arena; never frees.
     * A handler that leaves resp->status at 0 yields a 500. */
    void (*handler)(void *app, struct http_request *req, struct http_response *resp);
    unsigned flags;         /* enum route_flag bits */
    const char *permission; /* opaque to http; the authorize hook interprets it (may be NULL) */
};

enum http_match {
    HTTP_MATCH_OK,        /* *out is the route; params are filled */
    HTTP_MATCH_NO_PATH,   /* 404 */
    HTTP_MATCH_NO_METHOD, /* 405: the path exists for other methods, listed in allow */
};

/* Checks a route table: method a token, pattern absolute with well-formed "{name}" segments
 * (name: [a-z0-9_]+, at most HTTP_MAX_PARAMS per pattern), a handler, no duplicate method and
 * pattern. Returns ERR_OK or ERR_INVALID naming the offending entry in err. */
enum err_code http_routes_check(const struct route *routes, size_t n, struct err *err);

/* Finds the route for method and path (path without query string). On HTTP_MATCH_OK sets *out and
 * stores the route parameters in req (values copied into req->arena). On HTTP_MATCH_NO_METHOD
 * appends the allowed methods ("GET, HEAD, POST") to allow when allow is not NULL. Never fails
 * otherwise; req may be NULL when only the match result is wanted. */
enum http_match http_route_match(const struct route *routes, const unsigned *segments, size_t n,
                                 const char *method, const char *path, struct http_request *req,
                                 const struct route **out, struct sb *allow);

/* Counts the path segments of each of n routes' patterns into segments[i]: given to
 * http_route_match, it tries only the routes with as many segments as the path (a GET of one
 * record tried some 250 patterns, a twentieth of its work). NULL segments: it tries them all. */
void http_routes_index(const struct route *routes, size_t n, unsigned *segments);

#endif
