/* Private to the weekly review, dashboard and KPI board pages (review.c, dashboard.c,
 * kpis.c): their handlers and the small pieces they share. */
#ifndef OKR_WEB_REVIEW_INT_H
#define OKR_WEB_REVIEW_INT_H

#include "service/web_views_review.h"
#include "web/web_int.h"

/* Page 9: GET /review?team=ID&cycle=ID[&view=projector]. */
void web_review_get(void *app, struct http_request *req, struct http_response *resp);
/* Page 10: GET /dashboard?cycle=ID. */
void web_dashboard_get(void *app, struct http_request *req, struct http_response *resp);
/* Page 12: GET /kpis; POST /kpis/{id}/values (value, on): records a value; app.js gets the
 * KPI's row back, a plain form post a redirect to /kpis. */
void web_kpis_get(void *app, struct http_request *req, struct http_response *resp);
void web_kpi_value_post(void *app, struct http_request *req, struct http_response *resp);

/* A summary tile: a big number and its label. */
void web_tile(struct web_ctx *c, const char *number, enum web_msg label, const char *cls);
/* The word of a check-in discipline with its mark (never colour alone). */
void web_discipline(struct web_ctx *c, enum discipline d);

#endif
