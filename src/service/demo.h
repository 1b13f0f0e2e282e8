/* The demo company: a realistic tenant drawn from the method (strategy themes under each source,
 * company, department, team and personal OKRs aligned through accepted take-on requests, KPIs
 * beside OKRs, two quarters of weekly check-ins, the earlier one closed and scored), in Chinese
 * or English, at its natural size or scaled to N people. */
#ifndef OKR_DEMO_H
#define OKR_DEMO_H

#include "service.h"

struct demo_opts {
    const char *lang; /* "zh" (default) or "en" */
    int64_t people;   /* 0: the hand-written company (about 20 people); else N people */
    int64_t today;    /* the date (days since epoch) the demo is built around */
    /* Called now and then on long work, for a progress line on a terminal; may be NULL. */
    void (*progress)(void *ctx, const char *phase, int64_t done, int64_t total);
    void *ctx;
};

/* Creates the demo tenant in one transaction; sets *tenant_id and *rows (records written).
 * Fails with ERR_INVALID on bad options, nothing written. */
enum err_code svc_demo(struct store *st, struct arena *a, int64_t now, const struct demo_opts *o,
                       int64_t *tenant_id, int64_t *rows, struct err *err);

#endif
