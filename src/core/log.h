/* Logging to stderr: one line per event, with a level and, where there is one, a request id. */
#ifndef OKR_LOG_H
#define OKR_LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the lowest level written (default LOG_INFO; OKR_LOG=debug|info|warn|error overrides). */
void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for a message already made: len bytes of text (no newline; cut at 1 KiB). */
void log_text(enum log_level level, const char *text, size_t len);

/* While a server runs: lines go to a buffer that a thread writes out at most 50 ms after its
 * first line (a write per line was a system call in every request); warnings and errors write
 * it out at once. Calls nest; the last log_buffer_end writes what is left and stops the thread.
 * Without a buffer (the CLI), every line is written at once. */
void log_buffer_begin(void);
void log_buffer_end(void);
/* Writes out the buffered lines now (e.g. before aborting). */
void log_flush(void);

#endif
