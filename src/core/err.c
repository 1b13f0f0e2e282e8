/* Error values. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum err_code err_set(struct err *e, enum err_code code, const char *field, const char *fmt, ...)
{
    if (!e) {
        return code;
    }
    e->code = code;
    e->id = 0;
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

void err_clear(struct err *e)
{
    memset(e, 0, sizeof *e);
}

const char *err_code_name(enum err_code code)
{
    static const char *const names[] = {
        [ERR_OK] = "ok",
        [ERR_INVALID] = "invalid",
        [ERR_NOT_FOUND] = "not_found",
        [ERR_CONFLICT] = "conflict",
        [ERR_STALE] = "stale",
        [ERR_FORBIDDEN] = "forbidden",
        [ERR_UNAUTHORIZED] = "unauthorized",
        [ERR_LIMIT] = "limit",
        [ERR_TOO_MANY] = "too_many",
        [ERR_USAGE] = "usage",
        [ERR_INTERNAL] = "internal",
    };
    if ((unsigned)code >= sizeof names / sizeof names[0]) {
        return "internal";
    }
    return names[code];
}
