/* The REST API's account routes (sign-up, login, logout, the caller, API tokens, invitations) and
 * the session cookie they set. The main route table (routes.c) splices api_account_routes in. */
#ifndef OKR_API_ACCOUNT_H
#define OKR_API_ACCOUNT_H

#include "api.h"

#include <stddef.h>

/* The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure when app->secure_cookies. */
#define API_SESSION_COOKIE "okr_session"
/* The header a cookie-authenticated write carries its session's CSRF token in. */
#define API_CSRF_HEADER "X-CSRF-Token"

extern const struct route api_account_routes[];
extern const size_t api_account_route_count;

/* Adds Set-Cookie for the session token (lives app->session_max_s, or 30 days when 0). */
void api_session_cookie_set(const struct api_app *app, struct http_response *resp,
                            const char *token);
/* Adds Set-Cookie that makes the browser forget the session cookie. */
void api_session_cookie_clear(const struct api_app *app, struct http_response *resp);

#endif
