/* Listen address parsing. */
#include "http/addr.h"

#include "core/num.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

enum { ADDR_HOST_MAX = 64 };


static enum err_code bad(struct err *err, const char *text)
{
    return err_set(err, ERR_INVALID, "listen",
                   "listen address \"%.80s\" is not HOST:PORT or [IPv6]:PORT", text);
}

enum err_code http_addr_parse(const char *text, struct sockaddr_storage *out, socklen_t *len,
                              struct err *err)
{
    if (!text) {
        return bad(err, "");
    }
    const char *colon = strrchr(text, ':');
    if (!colon) {
        return bad(err, text);
    }
    const char *host = text;
    size_t host_len = (size_t)(colon - text);
    int family = AF_INET;
    if (host_len > 0 && host[0] == '[') {
        if (host_len < 3 || host[host_len - 1] != ']') {
            return bad(err, text);
        }
        host++;
        host_len -= 2;
        family = AF_INET6;
    }
    char buf[ADDR_HOST_MAX];
    if (host_len >= sizeof buf) {
        return bad(err, text);
    }
    memcpy(buf, host, host_len);
    buf[host_len] = '\0';
    if (family == AF_INET && memchr(buf, ':', host_len)) {
        return bad(err, text); /* an IPv6 literal needs brackets */
    }
    int64_t port;
    if (num_parse_i64(colon + 1, 0, 65535, &port) != 0 || colon[1] == '+' || colon[1] == '-') {
        return bad(err, text);
    }
    memset(out, 0, sizeof *out);
    if (family == AF_INET6) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)out;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, buf, &a6->sin6_addr) != 1) {
            return bad(err, text);
        }
        *len = (socklen_t)sizeof *a6;
        return ERR_OK;
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)out;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    if (host_len == 0) {
        a4->sin_addr.s_addr = htonl(INADDR_ANY);
    } else if (strcmp(buf, "localhost") == 0) {
        a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    } else if (inet_pton(AF_INET, buf, &a4->sin_addr) != 1) {
        return bad(err, text);
    }
    *len = (socklen_t)sizeof *a4;
    return ERR_OK;
}
