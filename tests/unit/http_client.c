/* A small HTTP/1.1 client for the tests that drive a server over loopback (test_api.c,
 * test_permissions.c, test_web*.c): one request per connection, headers and cookies by hand. */
#include "http_client.h"

#include "core/sb.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

enum { REPLIES = 16 };
static struct reply replies[REPLIES];
static unsigned next_reply;

uint16_t http_client_port;

const char *fmt(const char *f, ...)
{
    static char bufs[64][4096];
    static unsigned i;
    char *b = bufs[i++ % 64];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, sizeof bufs[0], f, ap);
    va_end(ap);
    return b;
}

static void reply_free(struct reply *r)
{
    free(r->body);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

struct reply *raw_n(const char *method, const char *path, const char *headers, const char *body,
                    size_t body_len)
{
    struct reply *r = &replies[next_reply++ % REPLIES];
    reply_free(r);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert(fd >= 0);
    struct timeval tv = {.tv_sec = 30};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(http_client_port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert(connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0, "connect: %s", strerror(errno));
    struct sb out;
    sb_init(&out);
    sb_printf(&out, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n%s", method, path,
              (unsigned)http_client_port, headers ? headers : "");
    if (!headers || !strstr(headers, "Content-Length:")) {
        sb_printf(&out, "Content-Length: %zu\r\n", body ? body_len : 0);
    }
    sb_puts(&out, "\r\n");
    if (body) {
        sb_put(&out, body, body_len);
    }
    for (size_t sent = 0; sent < out.len;) {
        ssize_t k = send(fd, out.p + sent, out.len - sent, MSG_NOSIGNAL);
        if (k <= 0) {
            break; /* the server may answer (413) and close before reading everything */
        }
        sent += (size_t)k;
    }
    sb_free(&out);
    struct sb in;
    sb_init(&in);
    char chunk[16384];
    ssize_t k;
    while ((k = recv(fd, chunk, sizeof chunk, 0)) > 0) {
        sb_put(&in, chunk, (size_t)k);
    }
    close(fd);
    const char *end = strstr(sb_cstr(&in), "\r\n\r\n"); /* a head holds no NUL */
    cr_assert(end, "no answer to %s %s", method, path);
    size_t head_len = (size_t)(end - in.p) + 4;
    cr_assert_lt(head_len, sizeof r->head);
    memcpy(r->head, in.p, head_len);
    cr_assert(sscanf(r->head, "HTTP/1.%*d %d", &r->status) == 1);
    r->len = in.len - head_len;
    r->body = malloc(r->len + 1);
    memcpy(r->body, in.p + head_len, r->len);
    r->body[r->len] = '\0';
    sb_free(&in);
    r->json = json_loadb(r->body, r->len, 0, NULL);
    return r;
}

struct reply *raw(const char *method, const char *path, const char *headers, const char *body)
{
    return raw_n(method, path, headers, body, body ? strlen(body) : 0);
}

const char *header_copy(const struct reply *r, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    for (const char *p = strstr(r->head, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ') {
                v++;
            }
            size_t len = strcspn(v, "\r");
            len = len < n ? len : n - 1;
            memcpy(out, v, len);
            out[len] = '\0';
            return out;
        }
    }
    return NULL;
}

const char *header(const struct reply *r, const char *name)
{
    static char out[2048];
    return header_copy(r, name, out, sizeof out);
}

/* "name=value" of cookie name set by r, into out; false when r sets none. */
bool set_cookie(const struct reply *r, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    for (const char *p = strstr(r->head, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (strncasecmp(line, "Set-Cookie: ", 12) == 0 && strncmp(line + 12, name, nl) == 0 &&
            line[12 + nl] == '=') {
            size_t len = strcspn(line + 12, ";\r");
            cr_assert_lt(len, n);
            memcpy(out, line + 12, len);
            out[len] = '\0';
            return true;
        }
    }
    return false;
}

void expect(const struct reply *r, int status)
{
    cr_assert_eq(r->status, status, "expected %d, got %d: %.2000s", status, r->status, r->body);
}

void http_client_free(void)
{
    for (size_t i = 0; i < REPLIES; i++) {
        reply_free(&replies[i]);
    }
}
