/* A small HTTP/1.1 client for the tests that drive a server over loopback (http_client.c). */
#ifndef OKR_TEST_HTTP_CLIENT_H
#define OKR_TEST_HTTP_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reply {
    int status;
    char head[8192];
    char *body;
    size_t len;
    json_t *json; /* the body parsed, or NULL */
};

/* The port of the server under test: set it before the first request. */
extern uint16_t http_client_port;

/* A formatted string that lives for the next 63 calls. */
const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* One request on a new connection (headers: extra lines, each ending in \r\n; a Content-Length
 * is added unless they hold one). The reply lives for the next 15 requests. */
struct reply *raw_n(const char *method, const char *path, const char *headers, const char *body,
                    size_t body_len);
/* raw_n with a NUL-terminated body (or NULL). */
struct reply *raw(const char *method, const char *path, const char *headers, const char *body);
/* The value of header name in r, copied into out (n bytes); NULL when absent. header: the same
 * in a buffer that lives until the next call. */
const char *header_copy(const struct reply *r, const char *name, char *out, size_t n);
const char *header(const struct reply *r, const char *name);
/* "name=value" of cookie name set by r, into out; false when r sets none. */
bool set_cookie(const struct reply *r, const char *name, char *out, size_t n);
void expect(const struct reply *r, int status);
/* Frees the replies kept (at the end of a suite). */
void http_client_free(void);

#endif
