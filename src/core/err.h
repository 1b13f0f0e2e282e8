/* Errors: every fallible function returns an err_code and fills a caller-provided struct err.
 * Only the fronts (CLI, HTTP) map codes to exit statuses or HTTP statuses, each in one table. */
#ifndef OKR_ERR_H
#define OKR_ERR_H

#include <stdint.h>

enum err_code {
    ERR_OK = 0,
    ERR_INVALID,      /* bad input: names the field */
    ERR_NOT_FOUND,    /* no such object in this tenant (or not visible) */
    ERR_CONFLICT,     /* violates a uniqueness or state rule */
    ERR_STALE,        /* optimistic concurrency: the version moved on */
    ERR_FORBIDDEN,    /* authenticated but not allowed */
    ERR_UNAUTHORIZED, /* not authenticated */
    ERR_LIMIT,        /* input too large or too many */
    ERR_TOO_MANY,     /* too many attempts: wait and try again (rate limits) */
    ERR_USAGE,        /* command-line usage, or input not in its syntax (not JSON): HTTP 400 */
    ERR_INTERNAL,     /* a bug or an I/O failure; details go to the log only */
};

struct err {
    enum err_code code;
    char field[64];
    char msg[256];
    int64_t id; /* the record the error is about, when it names one (else 0): fronts may say
                   which in the reader's language (err_set clears it) */
};

/* Fills e (if not NULL) and returns code. field may be NULL. */
enum err_code err_set(struct err *e, enum err_code code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Clears e to ERR_OK. */
void err_clear(struct err *e);
/* A stable snake_case name of the code ("invalid", "not_found", ...). */
const char *err_code_name(enum err_code code);

#endif
