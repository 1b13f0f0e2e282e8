/* Logging: lines to stderr, written at once, or through a buffer while a server runs. */
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
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

static void write_all(const char *p, size_t n)
{
    for (size_t done = 0; done < n;) {
        ssize_t w = write(STDERR_FILENO, p + done, n - done);
        if (w <= 0) {
            break;
        }
        done += (size_t)w;
    }
}

/* ---- the buffer (log_buffer_begin): one write for many lines ---- */

enum {
    BUF_CAP = 256 * 1024, /* written out inline when full */
    BUF_LAG_MS = 50,      /* the most a line waits before the flusher writes it */
};

static struct {
    pthread_mutex_t m;
    pthread_cond_t wake; /* the buffer got its first line, or the flusher must stop */
    char *p;
    size_t len;
    unsigned users; /* log_buffer_begin calls not yet ended */
    bool stop;
    pthread_t flusher;
} buf = {.m = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static void flush_locked(void)
{
    write_all(buf.p, buf.len);
    buf.len = 0;
}

/* Sleeps BUF_LAG_MS after the first line of an empty buffer, then writes the buffer: under load
 * one write per some hundreds of lines, idle no wake-ups. */
static void *flusher_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&buf.m);
    while (!buf.stop) {
        if (buf.len == 0) {
            pthread_cond_wait(&buf.wake, &buf.m);
            continue;
        }
        pthread_mutex_unlock(&buf.m);
        struct timespec lag = {0, BUF_LAG_MS * 1000000L};
        nanosleep(&lag, NULL);
        pthread_mutex_lock(&buf.m);
        flush_locked();
    }
    flush_locked();
    pthread_mutex_unlock(&buf.m);
    return NULL;
}

void log_buffer_begin(void)
{
    pthread_mutex_lock(&buf.m);
    if (buf.users++ == 0) {
        buf.p = malloc(BUF_CAP);
        buf.len = 0;
        buf.stop = false;
        if (!buf.p || pthread_create(&buf.flusher, NULL, flusher_main, NULL) != 0) {
            free(buf.p); /* unbuffered, as before: correct, only dearer */
            buf.p = NULL;
        }
    }
    pthread_mutex_unlock(&buf.m);
}

void log_buffer_end(void)
{
    pthread_mutex_lock(&buf.m);
    bool last = buf.users > 0 && --buf.users == 0 && buf.p;
    if (last) {
        buf.stop = true;
        pthread_cond_signal(&buf.wake);
    }
    pthread_mutex_unlock(&buf.m);
    if (last) {
        pthread_join(buf.flusher, NULL); /* it writes what is left */
        pthread_mutex_lock(&buf.m);
        free(buf.p);
        buf.p = NULL;
        pthread_mutex_unlock(&buf.m);
    }
}

void log_flush(void)
{
    pthread_mutex_lock(&buf.m);
    if (buf.p) {
        flush_locked();
    }
    pthread_mutex_unlock(&buf.m);
}

/* One line: into the buffer when there is one (warnings and errors write it out at once, after
 * the lines before them), else one write, so that concurrent threads never interleave within a
 * line (stderr is unbuffered: nothing of stdio's is pending before it). */
static void emit(enum log_level level, const char *line, size_t n)
{
    pthread_mutex_lock(&buf.m);
    if (!buf.p) {
        pthread_mutex_unlock(&buf.m);
        write_all(line, n);
        return;
    }
    if (buf.len + n > BUF_CAP) {
        flush_locked();
    }
    bool was_empty = buf.len == 0;
    memcpy(buf.p + buf.len, line, n);
    buf.len += n;
    if (level >= LOG_WARN) {
        flush_locked();
    } else if (was_empty) {
        pthread_cond_signal(&buf.wake);
    }
    pthread_mutex_unlock(&buf.m);
}

enum { MSG_MAX = 1024 };

/* The line's start, "<time> <level> ", into line; returns its length (at most 63). */
static size_t line_head(char *line, enum log_level level)
{
    static const char *const names[] = {"debug ", "info ", "warn ", "error "};
    const char *stamp = stamp_of(time(NULL));
    size_t n = strlen(stamp);
    memcpy(line, stamp, n);
    line[n++] = ' ';
    size_t name_len = strlen(names[level]);
    memcpy(line + n, names[level], name_len);
    return n + name_len;
}

static bool wanted(enum log_level level)
{
    if (min_level < 0) {
        min_level = level_from_env(); /* a benign race: every thread computes the same value */
    }
    return (int)level >= min_level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    if (!wanted(level)) {
        return;
    }
    char line[64 + MSG_MAX];
    size_t n = line_head(line, level);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, MSG_MAX, fmt, ap);
    va_end(ap);
    n += m < 0 ? 0 : (size_t)m < MSG_MAX ? (size_t)m : MSG_MAX - 1;
    line[n++] = '\n';
    emit(level, line, n);
}

void log_text(enum log_level level, const char *text, size_t len)
{
    if (!wanted(level)) {
        return;
    }
    char line[64 + MSG_MAX];
    size_t n = line_head(line, level);
    len = len < MSG_MAX - 1 ? len : MSG_MAX - 1;
    memcpy(line + n, text, len);
    n += len;
    line[n++] = '\n';
    emit(level, line, n);
}
