/* The KPI board (web_views_review.h): every KPI of the company with its threshold, its latest
 * values (oldest first, for the sparkline), its health and whether the actor may record a
 * value. One read of a page of KPIs and one of each one's values: bounded by KPI_PAGE. */
#include "web_views_review.h"

#include "policy.h"
#include "svc_internal.h"

#include <stdlib.h>
#include <string.h>

static int value_order(const void *a, const void *b)
{
    const struct kpi_value *x = a, *y = b;
    if (x->on != y->on) {
        return x->on < y->on ? -1 : 1;
    }
    return x->id < y->id ? -1 : x->id > y->id;
}

static const char *owner_name(struct svc *s, const struct kpi *k)
{
    struct err ignored;
    if (k->owner_team_id) {
        struct team t;
        if (store_get(s->st, &entity_team, s->tenant_id, k->owner_team_id, &t, s->a, &ignored) ==
            ERR_OK) {
            return t.name;
        }
    } else if (k->owner_user_id) {
        struct user u;
        if (store_get(s->st, &entity_user, s->tenant_id, k->owner_user_id, &u, s->a, &ignored) ==
            ERR_OK) {
            return u.name;
        }
    }
    return "";
}

static enum err_code fill(struct svc *s, const struct kpi *k, struct view_kpi *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    out->k = *k;
    out->owner_name = owner_name(s, k);
    struct err ignored;
    out->can_write = policy_check(s, POLICY_WRITE, &entity_kpi, k, &ignored) == ERR_OK;
    struct query q = {.tenant_id = s->tenant_id, .by = "kpi_id", .key = k->id};
    struct rows r;
    if (store_list(s->st, &entity_kpi_value, &q, s->a, &r, err) != ERR_OK) {
        return err->code;
    }
    struct kpi_value *v = r.items;
    if (r.n > 1) {
        qsort(v, r.n, sizeof *v, value_order);
    }
    out->nvalues_total = r.n;
    out->nvalues = r.n < KPI_HISTORY ? r.n : KPI_HISTORY;
    out->values = v + (r.n - out->nvalues);
    out->healthy = out->nvalues && kpi_healthy(k, out->values[out->nvalues - 1].value);
    return ERR_OK;
}

enum err_code svc_view_kpis(struct svc *s, int64_t kpi_id, int64_t after, struct view_kpis *out,
                            struct err *err)
{
    memset(out, 0, sizeof *out);
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = ERR_OK;
    struct rows r = {0};
    if (kpi_id) {
        r.items = arena_alloc(s->a, sizeof(struct kpi));
        rc = store_get(s->st, &entity_kpi, s->tenant_id, kpi_id, r.items, s->a, err);
        r.n = rc == ERR_OK;
    } else {
        struct query q = {.tenant_id = s->tenant_id, .after_id = after, .limit = KPI_PAGE + 1};
        rc = store_list(s->st, &entity_kpi, &q, s->a, &r, err);
        if (r.n > KPI_PAGE) {
            r.n = KPI_PAGE;
            out->next_after = ((const struct kpi *)r.items)[KPI_PAGE - 1].id;
        }
    }
    const struct kpi *k = r.items;
    out->items = arena_alloc(s->a, (r.n ? r.n : 1) * sizeof *out->items);
    for (size_t i = 0; rc == ERR_OK && i < r.n; i++) {
        if (!policy_can_read(s, &entity_kpi, &k[i])) {
            continue;
        }
        rc = fill(s, &k[i], &out->items[out->n], err);
        out->healthy += out->items[out->n].healthy;
        out->n++;
    }
    return svc_finish(s, rc, err);
}
