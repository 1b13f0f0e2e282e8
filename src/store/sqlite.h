/* The SQLite store driver. */
#ifndef OKR_STORE_SQLITE_H
#define OKR_STORE_SQLITE_H

#include "store.h"

/* Opens (creating if needed) the SQLite database at path and migrates it. */
enum err_code sqlite_store_open(const char *path, struct store **out, struct err *err);

#endif
