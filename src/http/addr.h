/* Listen addresses: "HOST:PORT" text to a socket address, numeric hosts only (no DNS at start). */
#ifndef OKR_HTTP_ADDR_H
#define OKR_HTTP_ADDR_H

#include "core/err.h"

#include <sys/socket.h>

/* Parses "1.2.3.4:PORT", "[::1]:PORT", "localhost:PORT" (127.0.0.1) or ":PORT" (0.0.0.0) into
 * *out and *len; PORT is 0..65535. Returns ERR_OK or ERR_INVALID (field "listen"). */
enum err_code http_addr_parse(const char *text, struct sockaddr_storage *out, socklen_t *len,
                              struct err *err);

#endif
