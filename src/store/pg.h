/* The PostgreSQL store driver (libpq). */
#ifndef OKR_STORE_PG_H
#define OKR_STORE_PG_H

#include "store.h"

/* Connects to the PostgreSQL database named by url (postgres://... or postgresql://..., any
 * libpq connection URI) and brings its schema up to date. The caller owns *out and closes it
 * with store_close. Fails with ERR_INVALID when the server cannot be reached or refuses us (the
 * reason goes to the log: the URL may hold a password, so it is never printed). */
enum err_code pg_store_open(const char *url, struct store **out, struct err *err);

#endif
