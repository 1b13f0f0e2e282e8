/* The web UI (DESIGN.md section 4): server-rendered HTML pages that work without JavaScript, in
 * Chinese and English, over the same service layer as the API and the CLI. `okr serve` serves
 * web_routes together with the API's routes and uses web_authorize as the server's one
 * authorize hook: it handles the web's routes (permission "web" or "web-admin") and hands every
 * other route to api_authorize. The app pointer is the API's struct api_app, and the worker
 * state the API's struct api_worker (one database connection per thread). */
#ifndef OKR_WEB_H
#define OKR_WEB_H

#include "http/request.h"
#include "http/router.h"
#include "http/server.h"

#include <stddef.h>

/* The web's routes (pages, form posts, assets). Static data. */
extern const struct route web_routes[];
extern const size_t web_route_count;

/* The authorize hook for a server that serves web_routes and api_routes. For a web route: the
 * session cookie must name a live session (else a GET is redirected to /login?next=PATH and a
 * POST answered 303 to /login), a state-changing request must come from this origin and carry
 * the session's CSRF token (form field "csrf" or header X-CSRF-Token; else 403), and
 * "web-admin" routes need an admin (else 403). Fills the API worker's tenant and actor, so
 * api_svc works in web handlers. Other routes: api_authorize. */
int web_authorize(void *app, struct http_request *req, const struct route *route,
                  struct http_response *resp);

/* The server's not_found hook: an HTML 404 page in the caller's language for a path no route
 * matches; paths under /api/ keep the API's problem+json. */
void web_not_found(void *app, struct http_request *req, struct http_response *resp);

/* Sets cfg's app hooks as `okr serve` serves the web and the API (the tests start their
 * servers through it too): the API's worker state and response hold, web_authorize and
 * web_not_found. */
void web_server_hooks(struct http_config *cfg);

#endif
