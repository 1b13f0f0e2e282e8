/* Route table checks and matching. */
#include "http/router.h"

#include "http/request.h"

#include <stdbool.h>
#include <string.h>

/* The next segment of s at *pos (which points at a '/'): [*start, *end). Returns false at the
 * end of s. */
static bool next_segment(const char *s, size_t *pos, size_t *start, size_t *end)
{
    if (s[*pos] != '/') {
        return false;
    }
    *start = *pos + 1;
    size_t i = *start;
    while (s[i] && s[i] != '/') {
        i++;
    }
    *end = i;
    *pos = i;
    return true;
}

static bool is_param(const char *seg, size_t n)
{
    return n >= 2 && seg[0] == '{' && seg[n - 1] == '}';
}

/* Matches path against pattern; on success returns the number of literal segments (>= 0) and,
 * when req is not NULL, stores the parameters. Returns -1 when it does not match. */
static int match_pattern(const char *pattern, const char *path, struct http_request *req)
{
    size_t pp = 0, qp = 0, ps, pe, qs, qe;
    int literals = 0;
    size_t nparams = 0;
    struct http_kv params[HTTP_MAX_PARAMS];
    /* Most patterns fail on their literal start: say so before walking segments (a request
     * tries every route of the table). */
    for (size_t i = 0; pattern[i] && pattern[i] != '{'; i++) {
        if (pattern[i] != path[i]) { /* stops at the first difference, or at path's end */
            return -1;
        }
    }
    for (;;) {
        bool more_pattern = next_segment(pattern, &pp, &ps, &pe);
        bool more_path = next_segment(path, &qp, &qs, &qe);
        if (!more_pattern || !more_path) {
            if (more_pattern || more_path || pattern[pp] || path[qp]) {
                return -1;
            }
            break;
        }
        size_t plen = pe - ps, qlen = qe - qs;
        if (is_param(pattern + ps, plen)) {
            if (qlen == 0 || nparams == HTTP_MAX_PARAMS) {
                return -1;
            }
            params[nparams].key = pattern + ps + 1;
            params[nparams].key_len = plen - 2;
            params[nparams].value = path + qs;
            params[nparams].value_len = qlen;
            nparams++;
        } else {
            if (plen != qlen || memcmp(pattern + ps, path + qs, plen) != 0) {
                return -1;
            }
            literals++;
        }
    }
    if (req) {
        for (size_t i = 0; i < nparams; i++) {
            struct http_kv *kv = &req->params[i];
            kv->key = arena_strndup(req->arena, params[i].key, params[i].key_len);
            kv->key_len = params[i].key_len;
            kv->value = arena_strndup(req->arena, params[i].value, params[i].value_len);
            kv->value_len = params[i].value_len;
        }
        req->nparams = nparams;
    }
    return literals;
}

/* A path's or pattern's segments: one per '/'. */
static unsigned segments_of(const char *p)
{
    unsigned n = 0;
    for (; *p; p++) {
        n += *p == '/';
    }
    return n;
}

void http_routes_index(const struct route *routes, size_t n, unsigned *segments)
{
    for (size_t i = 0; i < n; i++) {
        segments[i] = segments_of(routes[i].pattern);
    }
}

static bool method_matches(const char *route_method, const char *method)
{
    if (strcmp(route_method, method) == 0) {
        return true;
    }
    return strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0;
}

/* Appends m to the comma-separated list in allow unless it is there already. */
static void allow_add(struct sb *allow, const char *m)
{
    const char *p = sb_cstr(allow);
    size_t n = strlen(m);
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && memcmp(p, m, n) == 0) {
            return;
        }
        if (!e) {
            break;
        }
        p = e + 2;
    }
    if (allow->len) {
        sb_puts(allow, ", ");
    }
    sb_puts(allow, m);
}

enum http_match http_route_match(const struct route *routes, const unsigned *segments, size_t n,
                                 const char *method, const char *path, struct http_request *req,
                                 const struct route **out, struct sb *allow)
{
    const struct route *best = NULL;
    int best_literals = -1;
    unsigned path_segments = segments_of(path);
#define MAY_MATCH(i) (!segments || segments[i] == path_segments)
    /* The routes of the request's method first: a match there is the answer, and the others'
     * patterns only matter to tell 405 from 404 (about half the table for a GET). */
    for (size_t i = 0; i < n; i++) {
        if (!MAY_MATCH(i) || !method_matches(routes[i].method, method)) {
            continue;
        }
        int literals = match_pattern(routes[i].pattern, path, NULL);
        if (literals > best_literals) {
            best = &routes[i];
            best_literals = literals;
        }
    }
    bool path_seen = best != NULL;
    for (size_t i = 0; !best && !path_seen && i < n; i++) {
        path_seen = MAY_MATCH(i) && match_pattern(routes[i].pattern, path, NULL) >= 0;
    }
    if (best) {
        if (req) {
            match_pattern(best->pattern, path, req);
            req->route = best;
        }
        *out = best;
        return HTTP_MATCH_OK;
    }
    if (!path_seen) {
        return HTTP_MATCH_NO_PATH;
    }
    if (allow) {
        for (size_t i = 0; i < n; i++) {
            if (MAY_MATCH(i) && match_pattern(routes[i].pattern, path, NULL) >= 0) {
                allow_add(allow, routes[i].method);
                if (strcmp(routes[i].method, "GET") == 0) {
                    allow_add(allow, "HEAD");
                }
            }
        }
    }
    return HTTP_MATCH_NO_METHOD;
#undef MAY_MATCH
}

static bool is_method_token(const char *m)
{
    if (!m || !*m) {
        return false;
    }
    for (; *m; m++) {
        if (*m < 'A' || *m > 'Z') {
            return false;
        }
    }
    return true;
}

/* Checks one pattern's shape; returns NULL or what is wrong. */
static const char *pattern_problem(const char *pattern)
{
    if (!pattern || pattern[0] != '/') {
        return "must start with '/'";
    }
    size_t pos = 0, s, e, nparams = 0;
    while (next_segment(pattern, &pos, &s, &e)) {
        const char *seg = pattern + s;
        size_t len = e - s;
        bool has_brace = memchr(seg, '{', len) || memchr(seg, '}', len);
        if (!has_brace) {
            continue;
        }
        if (!is_param(seg, len) || len == 2) {
            return "has a malformed {name} segment";
        }
        for (size_t i = 1; i + 1 < len; i++) {
            char c = seg[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return "has a parameter name outside [a-z0-9_]";
            }
        }
        if (++nparams > HTTP_MAX_PARAMS) {
            return "has too many parameters";
        }
    }
    return NULL;
}

enum err_code http_routes_check(const struct route *routes, size_t n, struct err *err)
{
    for (size_t i = 0; i < n; i++) {
        const struct route *r = &routes[i];
        if (!is_method_token(r->method)) {
            return err_set(err, ERR_INVALID, "routes", "route %zu: method must be upper-case", i);
        }
        const char *problem = pattern_problem(r->pattern);
        if (problem) {
            return err_set(err, ERR_INVALID, "routes", "route %zu (%.100s): pattern %s", i,
                           r->pattern ? r->pattern : "(null)", problem);
        }
        if (!r->handler) {
            return err_set(err, ERR_INVALID, "routes", "route %zu (%s %.100s): no handler", i,
                           r->method, r->pattern);
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(routes[j].method, r->method) == 0 &&
                strcmp(routes[j].pattern, r->pattern) == 0) {
                return err_set(err, ERR_INVALID, "routes", "route %zu (%s %.100s): duplicate", i,
                               r->method, r->pattern);
            }
        }
    }
    return ERR_OK;
}
