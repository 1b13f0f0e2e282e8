/* store_open: picks the driver from the database URL. */
#include "store.h"

#include "pg.h"
#include "sqlite.h"

#include "core/num.h"
#include "core/sb.h"

#include <stdio.h>
#include <string.h>

const char *store_list_name(const struct query *q, char buf[64])
{
    if (!q->by || !q->keys) {
        return q->by;
    }
    snprintf(buf, 64, "%s[]", q->by);
    return buf;
}

char *store_keys_text(const struct query *q, char open, char close)
{
    if (!q->keys || q->nkeys == 0 || q->nkeys > STORE_KEYS_MAX) {
        return NULL;
    }
    struct sb b;
    sb_init(&b);
    sb_putc(&b, open);
    for (size_t i = 0; i < q->nkeys; i++) {
        char num[24];
        if (i) {
            sb_putc(&b, ',');
        }
        sb_put(&b, num, num_fmt_i64(num, q->keys[i]));
    }
    sb_putc(&b, close);
    return sb_take(&b);
}

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
