/* store_open: picks the driver from the database URL. */
#include "store.h"

#include "pg.h"
#include "sqlite.h"

#include <string.h>

enum err_code store_open(const char *url, struct store **out, struct err *err)
{
    if (!url || !*url) {
        return err_set(err, ERR_USAGE, "db", "no database given");
    }
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
        return pg_store_open(url, out, err);
    }
    if (strncmp(url, "sqlite:", 7) == 0) {
        url += 7;
    }
    if (!*url) {
        return err_set(err, ERR_USAGE, "db", "no database path given");
    }
    return sqlite_store_open(url, out, err);
}

void store_close(struct store *s)
{
    if (s) {
        s->ops->close(s);
    }
}
