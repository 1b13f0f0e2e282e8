/* The OpenAPI 3.1 document of the REST API, generated from the route table, a small per-route
 * doc table (openapi.c) and the entity descriptors, and served at GET /api/v1/openapi.json. */
#ifndef OKR_API_OPENAPI_H
#define OKR_API_OPENAPI_H

#include "core/json.h"
#include "http/request.h"
#include "http/router.h"

#include <stddef.h>

/* Writes the document for routes[0..n) into j. Paths come from the doc table joined with the
 * routes (security, CSRF and permission from the route): a route without a doc entry is left
 * out and a doc entry without a route stays in, so a test comparing the document's operations
 * with the route table catches either. */
void api_openapi_write(struct json *j, const struct route *routes, size_t n);

/* GET /api/v1/openapi.json (public): the document for api_routes. */
void api_openapi(void *app, struct http_request *req, struct http_response *resp);

#endif
