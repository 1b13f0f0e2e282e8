/* Logging. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int min_level = -1; /* -1: not chosen yet; $OKR_LOG decides on first use */

void log_set_level(enum log_level level)
{
    min_level = (int)level;
}

static int level_from_env(void)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    const char *v = getenv("OKR_LOG");
    for (int i = 0; v && i < 4; i++) {
        if (strcmp(v, names[i]) == 0) {
            return i;
        }
    }
    return LOG_INFO;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    if (min_level < 0) {
        min_level = level_from_env(); /* a benign race: every thread computes the same value */
    }
    if ((int)level < min_level) {
        return;
    }
    char line[1024], stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* One fprintf so concurrent workers do not interleave within a line. */
    fprintf(stderr, "%s %s %s\n", stamp, names[level], line);
}
