/* Logging. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* The time stamp of second t, formatted once a second per thread: a busy server writes a line
 * per request, and gmtime_r with strftime was most of the cost of one. */
static const char *stamp_of(time_t t)
{
    static _Thread_local time_t last = -1;
    static _Thread_local char stamp[32];
    if (t != last) {
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
        last = t;
    }
    return stamp;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    static const char *const names[] = {"debug ", "info ", "warn ", "error "};
    if (min_level < 0) {
        min_level = level_from_env(); /* a benign race: every thread computes the same value */
    }
    if ((int)level < min_level) {
        return;
    }
    enum { MSG_MAX = 1024 };
    char line[64 + MSG_MAX];
    const char *stamp = stamp_of(time(NULL));
    size_t n = strlen(stamp);
    memcpy(line, stamp, n);
    line[n++] = ' ';
    size_t name_len = strlen(names[level]);
    memcpy(line + n, names[level], name_len);
    n += name_len;
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, MSG_MAX, fmt, ap);
    va_end(ap);
    n += m < 0 ? 0 : (size_t)m < MSG_MAX ? (size_t)m : MSG_MAX - 1;
    line[n++] = '\n';
    /* One write so concurrent workers do not interleave within a line (stderr is unbuffered:
     * nothing of stdio's is pending before it). */
    for (size_t done = 0; done < n;) {
        ssize_t w = write(STDERR_FILENO, line + done, n - done);
        if (w <= 0) {
            break;
        }
        done += (size_t)w;
    }
}
