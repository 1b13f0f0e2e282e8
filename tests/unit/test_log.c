/* The log's buffer (core/log.c): every line written, whole and in order, by the end of the
 * buffer; warnings and errors written at once with what came before; the flusher writes the rest
 * without being asked. stderr is sent to a temporary file for each test. */
#include "core/log.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int saved = -1, logfd = -1;
static char path[] = "/tmp/okr-log-test-XXXXXX";

static void capture(void)
{
    log_set_level(LOG_INFO);
    logfd = mkstemp(path);
    cr_assert(logfd >= 0);
    fflush(stderr);
    saved = dup(STDERR_FILENO);
    dup2(logfd, STDERR_FILENO);
}

static void release(void)
{
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(logfd);
    unlink(path);
    memcpy(path + strlen(path) - 6, "XXXXXX", 6);
}

/* What the file holds now; malloc'd. */
static char *written(void)
{
    off_t n = lseek(logfd, 0, SEEK_END);
    char *s = calloc(1, (size_t)n + 1);
    cr_assert(pread(logfd, s, (size_t)n, 0) == (ssize_t)n);
    return s;
}

TestSuite(log, .init = capture, .fini = release);

Test(log, warning_writes_the_lines_before_it_at_once)
{
    log_buffer_begin();
    log_msg(LOG_INFO, "first line");
    log_msg(LOG_WARN, "then a warning");
    char *s = written(); /* no waiting: the warning wrote both */
    char *a = strstr(s, "info first line\n"), *b = strstr(s, "warn then a warning\n");
    cr_assert(a && b && a < b, "log:\n%s", s);
    free(s);
    log_buffer_end();
}

Test(log, flusher_writes_without_being_asked)
{
    log_buffer_begin();
    log_msg(LOG_INFO, "waiting line");
    char *s = NULL;
    for (int i = 0; i < 500; i++) { /* 50 ms are enough; 5 s for a loaded machine */
        free(s);
        s = written();
        if (strstr(s, "waiting line")) {
            break;
        }
        struct timespec pause = {0, 10000000L};
        nanosleep(&pause, NULL);
    }
    cr_assert(strstr(s, "info waiting line\n"), "log:\n%s", s);
    free(s);
    log_buffer_end();
}

enum { THREADS = 4, LINES = 5000 }; /* about 1 MB: the buffer fills several times */

static void *writer(void *arg)
{
    int t = (int)(intptr_t)arg;
    for (int i = 0; i < LINES; i++) {
        log_msg(LOG_INFO, "thread %d line %d %0100d", t, i, 0);
    }
    return NULL;
}

Test(log, every_line_whole_and_in_order_by_the_end)
{
    log_buffer_begin();
    log_buffer_begin(); /* nested: only the outer end stops the buffer */
    pthread_t th[THREADS];
    for (int t = 0; t < THREADS; t++) {
        pthread_create(&th[t], NULL, writer, (void *)(intptr_t)t);
    }
    for (int t = 0; t < THREADS; t++) {
        pthread_join(th[t], NULL);
    }
    log_buffer_end();
    log_buffer_end();
    int next[THREADS] = {0};
    size_t lines = 0;
    char *s = written();
    char *p = s;
    while (*p) {
        char *end = strchr(p, '\n');
        cr_assert(end, "a line without its end");
        int t = -1, i = -1, tail = 0;
        const char *m = strstr(p, " info thread ");
        cr_assert(m && m < end);
        cr_assert_eq(sscanf(m, " info thread %d line %d %n", &t, &i, &tail), 2);
        cr_assert(t >= 0 && t < THREADS);
        cr_assert_eq(i, next[t], "thread %d: line %d after %d", t, i, next[t] - 1);
        cr_assert_eq(end - (m + tail), 100, "line cut or mixed with another");
        next[t]++;
        lines++;
        p = end + 1;
    }
    cr_assert_eq(lines, (size_t)THREADS * LINES);
    free(s);
}
