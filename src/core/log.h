/* Logging to stderr: one line per event, with a level and, where there is one, a request id. */
#ifndef OKR_LOG_H
#define OKR_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the lowest level written (default LOG_INFO; OKR_LOG=debug|info|warn|error overrides). */
void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
